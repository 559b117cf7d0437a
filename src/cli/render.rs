//! `vanban render`: one document from a template and JSON data, or one per row
//! (mail merge) with `--each`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::cli::fsio;
use vanban::docx::{self, RenderError, RenderOptions};
use vanban::limits::Limits;
use vanban::rows;
use vanban::workflow::{self, MailMergeOptions};

use super::disk::DiskFolder;
use super::{CmdResult, Failure, Outcome, conclude, say};

/// A path made absolute, as the output folder compares paths.
fn absolute(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// Arguments of `vanban render`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The Word template (.docx) with Tera tags.
    pub template: PathBuf,
    /// The data: a JSON object. With --each, optional fields shared by every row.
    pub data: Option<PathBuf>,
    /// The document to write; with --each, the folder to write into.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Mail merge: one document per row of this .xlsx (first sheet, first row names
    /// the fields) or .json (an array of objects).
    #[arg(long, value_name = "ROWS")]
    pub each: Option<PathBuf>,
    /// With --each: the file name of each document, a Tera pattern over the row's
    /// fields (default: the template's name and the row number).
    #[arg(long, value_name = "PATTERN")]
    pub name: Option<String>,
    /// A variable the data lacks renders empty, with a warning, instead of failing.
    #[arg(long)]
    pub lenient: bool,
    /// With --each: replace documents already in the output folder (by default a
    /// row whose document exists is refused, so nothing is lost).
    #[arg(long)]
    pub overwrite: bool,
    /// With --each: write every row into the one document -o names, each row
    /// starting on a new page, instead of one document per row.
    #[arg(long)]
    pub one_document: bool,
    /// Also write the PDF beside each document, through LibreOffice (must be
    /// installed).
    #[arg(long)]
    pub pdf: bool,
    /// The input and output limits.
    #[command(flatten)]
    pub limits: super::limits::LimitArgs,
}

/// Runs `vanban render`.
pub fn run(args: Args) -> CmdResult {
    let opts = RenderOptions {
        strict: !args.lenient,
        limits: args.limits.limits(),
        extensions: vanban::filters::extensions(),
        beside: crate::beside::for_render(),
    };
    match &args.each {
        None => {
            if args.name.is_some() {
                return Err(Failure::input(said("say-render-name-needs-each", &[])));
            }
            if args.one_document {
                return Err(Failure::input(said(
                    "say-render-one-document-needs-each",
                    &[],
                )));
            }
            let Some(data_path) = &args.data else {
                return Err(Failure::input(said("say-render-needs-data", &[])));
            };
            let outcome = render_one(&args.template, data_path, &args.output, &opts)?;
            if args.pdf {
                write_pdf(&args.output)?;
            }
            Ok(outcome)
        }
        Some(rows_path) => {
            if args.one_document && args.name.is_some() {
                return Err(Failure::input(said("say-render-one-document-no-name", &[])));
            }
            merge(&args, rows_path, &opts)
        }
    }
}

/// Writes the PDF of a document beside it and says so.
fn write_pdf(docx: &Path) -> Result<(), Failure> {
    let pdf = super::report::convert_to_pdf(docx, "say-render-pdf-no-libreoffice")?;
    say(said(
        "say-pdf-wrote",
        &[("file", pdf.display().to_string().into())],
    ));
    Ok(())
}

/// Files a rich-text value names by path — pictures (`{"image": "logo.png"}`) and
/// sub-documents (`{"subdoc": "phu-luc.docx"}`), relative to the data file's
/// folder — are read and handed to the engine as base64, as it takes them: the
/// engine reads no files. A picture read from a file is described (Alt Text) by
/// its file name unless the value has a `description`.
pub(crate) fn read_pictures(value: &mut serde_json::Value, folder: &Path) -> Result<(), Failure> {
    use base64::Engine as _;
    /// The keys that name a file, the extensions that make a value a path, and
    /// the message for a path outside the folder.
    const FILES: &[(&str, &[&str], &str)] = &[
        (
            "image",
            &[".png", ".jpg", ".jpeg", ".gif"],
            "say-render-picture-outside",
        ),
        ("subdoc", &[".docx"], "say-render-subdoc-outside"),
    ];
    match value {
        serde_json::Value::Object(map) => {
            for (key, extensions, outside) in FILES {
                let Some(serde_json::Value::String(file)) = map.get_mut(*key) else {
                    continue;
                };
                let lower = file.to_ascii_lowercase();
                let is_path =
                    !lower.starts_with("data:") && extensions.iter().any(|e| lower.ends_with(e));
                if !is_path {
                    continue;
                }
                // A data file names files beside it, never elsewhere on the disk:
                // no absolute path, no `..` (a data file from outside must not put
                // the clerk's other files into the document it fills).
                let inside = Path::new(file.as_str()).components().all(|c| {
                    matches!(
                        c,
                        std::path::Component::Normal(_) | std::path::Component::CurDir
                    )
                });
                if !inside {
                    return Err(Failure::input(said(
                        outside,
                        &[
                            (*key, file.as_str().into()),
                            ("folder", folder.display().to_string().into()),
                        ],
                    )));
                }
                let path = folder.join(file.as_str());
                let bytes = fsio::read(&path)?;
                *file = base64::engine::general_purpose::STANDARD.encode(bytes);
                // A picture's Alt Text, unless the data gives one: its file name.
                if *key == "image" && !map.contains_key("description") {
                    let name = path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    map.insert("description".into(), name.into());
                }
            }
            for v in map.values_mut() {
                read_pictures(v, folder)?;
            }
        }
        serde_json::Value::Array(items) => {
            for v in items {
                read_pictures(v, folder)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// The folder a data file's relative paths start from.
pub(crate) fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Reads a JSON file, naming the file, line and column on a syntax error.
pub(crate) fn load_json(path: &Path, limits: &Limits) -> Result<serde_json::Value, Failure> {
    let bytes = fsio::read(path)?;
    let name = path.display().to_string();
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)).map_err(
        |_| {
            Failure::said(&vanban::diagnostic::Diagnostic::error(
                vanban::folder::NOT_UTF8,
                vanban::diagnostic::Location::file(name.as_str()),
            ))
        },
    )?;
    // Broken JSON is said by the parser below, with its line and column; here only
    // the limit on the number of values refuses.
    within_values(text, &name, limits)?;
    serde_json::from_str(text).map_err(|e| {
        Failure::input(said(
            "say-render-not-json",
            &[
                ("file", name.as_str().into()),
                ("line", e.line().to_string().into()),
                ("column", e.column().to_string().into()),
            ],
        ))
    })
}

/// The message `key` of `terminal.ftl` with `args`.
fn said(key: &str, args: &[(&str, fluent_bundle::FluentValue<'_>)]) -> String {
    crate::i18n::current().text(key, args)
}

/// Refuses a JSON text holding more values than the limit (before parsing it).
fn within_values(text: &str, name: &str, limits: &Limits) -> Result<(), Failure> {
    match vanban::limits::check_json(text, limits) {
        Err(vanban::limits::DataError::TooManyValues { limit }) => Err(Failure::input(said(
            "say-render-too-many-values",
            &[("file", name.into()), ("limit", limit.into())],
        ))
        .limited(Some(vanban::limits::Limit::DataValues))),
        _ => Ok(()),
    }
}

/// Prints the engine's warnings on standard error, each at its tag.
fn warn_all(template: &Path, warnings: &[docx::TemplateWarning]) {
    let name = template.display().to_string();
    let ctx = super::words::Context::default();
    for w in warnings {
        let d = workflow::engine_warning(&name, w);
        let _ = writeln!(std::io::stderr().lock(), "{}", super::words::line(&d, &ctx));
    }
}

fn render_one(template: &Path, data_path: &Path, output: &Path, opts: &RenderOptions) -> CmdResult {
    fsio::ensure_not_input(output, &[template, data_path])?;
    if output.is_dir() {
        return Err(Failure::input(said(
            "say-render-output-is-folder",
            &[
                ("file", output.display().to_string().into()),
                (
                    "example",
                    output.join("out.docx").display().to_string().into(),
                ),
            ],
        )));
    }
    let template_bytes = fsio::read(template)?;
    let mut data = load_json(data_path, &opts.limits)?;
    read_pictures(&mut data, &folder_of(data_path))?;
    let budget = super::memory_budget(
        &opts.limits,
        &workflow::template_memory(
            &template.display().to_string(),
            super::memory_mb(&opts.limits),
        ),
    );
    let rendered = docx::render(&template_bytes, &data, opts);
    drop(budget);
    let rendered = match rendered {
        Ok(r) => r,
        Err(e) => {
            // The data's fault is said at the data file, the template's at the tag.
            let at = match e {
                RenderError::DataNotObject { .. } => data_path,
                _ => template,
            };
            let diagnostics = workflow::render_error(&at.display().to_string(), &e);
            return conclude(&diagnostics, &super::words::Context::default());
        }
    };
    warn_all(template, &rendered.warnings);
    fsio::write_atomic(output, &rendered.bytes)?;
    say(said(
        "say-render-wrote-one",
        &[("file", output.display().to_string().into())],
    ));
    Ok(Outcome::Success)
}

fn merge(args: &Args, rows_path: &Path, opts: &RenderOptions) -> CmdResult {
    // With --one-document, -o names the document and its folder receives it.
    let (dir, one_document) = if args.one_document {
        fsio::ensure_not_input(&args.output, &[&args.template, rows_path])?;
        if args.output.is_dir() {
            return Err(Failure::input(said(
                "say-render-output-is-folder",
                &[
                    ("file", args.output.display().to_string().into()),
                    (
                        "example",
                        args.output.join("out.docx").display().to_string().into(),
                    ),
                ],
            )));
        }
        let parent = match args.output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let file = args
            .output
            .file_name()
            .map(|f| f.to_string_lossy().into_owned());
        (parent, file)
    } else {
        (args.output.clone(), None)
    };
    let dir = &dir;
    if !args.one_document && dir.is_file() {
        return Err(Failure::input(said(
            "say-render-each-output-is-file",
            &[("file", dir.display().to_string().into())],
        )));
    }
    let template_bytes = fsio::read(&args.template)?;
    let base = match &args.data {
        Some(p) => match load_json(p, &opts.limits)? {
            serde_json::Value::Object(m) => {
                let mut shared = serde_json::Value::Object(m);
                read_pictures(&mut shared, &folder_of(p))?;
                match shared {
                    serde_json::Value::Object(m) => m,
                    _ => serde_json::Map::new(),
                }
            }
            _ => {
                return Err(Failure::input(said(
                    "say-render-shared-not-object",
                    &[("file", p.display().to_string().into())],
                )));
            }
        },
        None => serde_json::Map::new(),
    };
    let rows_bytes = fsio::read(rows_path)?;
    let is_json = rows_path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let rows = if is_json {
        let text = String::from_utf8_lossy(&rows_bytes);
        let text = text.trim_start_matches('\u{FEFF}');
        within_values(text, &rows_path.display().to_string(), &opts.limits)?;
        rows::from_json(text, &opts.limits)
    } else {
        super::merge::check_in_child(&rows_bytes, &rows_path.display().to_string(), &opts.limits)?;
        rows::from_workbook(&rows_bytes, &opts.limits)
    }
    .map_err(|e| match &e {
        // A workbook the readers refuse is said as the merge says a return.
        rows::RowsError::Read(read) => Failure::said(&vanban::sheets::merge::read_error_at(
            &rows_path.display().to_string(),
            read,
        )),
        _ => Failure::input(said(
            "say-render-rows",
            &[
                ("file", rows_path.display().to_string().into()),
                ("reason", e.to_string().into()),
            ],
        ))
        .limited(vanban::limits::Limited::limit(&e)),
    })?;

    let mut rows = rows;
    for row in &mut rows {
        if let Ok(fields) = &mut row.fields {
            let mut value = serde_json::Value::Object(std::mem::take(fields));
            read_pictures(&mut value, &folder_of(rows_path))?;
            if let serde_json::Value::Object(m) = value {
                *fields = m;
            }
        }
    }
    let stem = args
        .template
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "document".into());
    let mut inputs: Vec<String> = vec![absolute(&args.template), absolute(rows_path)];
    if let Some(d) = &args.data {
        inputs.push(absolute(d));
    }
    let progress = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(rows.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    progress.set_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{{bar:40}} {{pos}}/{{len}} {}",
            crate::i18n::current().plain("say-progress-documents")
        ))
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let out = DiskFolder::new(dir);
    let template_name = args.template.display().to_string();
    // The whole mail merge: a template that breaks the budget on any row leaves
    // none of the documents this run created.
    let budget = super::memory_budget(
        &opts.limits,
        &workflow::template_memory(&template_name, super::memory_mb(&opts.limits)),
    );
    let outcome = workflow::mail_merge(
        &out,
        MailMergeOptions {
            render: opts.clone(),
            template_name,
            template: &template_bytes,
            shared: base,
            rows,
            rows_name: rows_path.display().to_string(),
            name_pattern: args.name.clone(),
            stem,
            inputs,
            overwrite: args.overwrite,
            one_document: one_document.clone(),
            progress: &mut |done, _| progress.set_position(done as u64),
        },
    );
    drop(budget);
    progress.finish_and_clear();
    let ctx = super::words::Context::default();
    let Some(made) = &outcome.output else {
        return conclude(&outcome.diagnostics, &ctx);
    };
    let written = made.written.len();
    if one_document.is_some() {
        say(crate::i18n::current().text(
            "say-render-wrote-together",
            &[
                ("file", args.output.display().to_string().into()),
                ("rejected", made.rejected.into()),
            ],
        ));
    } else {
        say(crate::i18n::current().text(
            "say-render-wrote",
            &[
                ("written", written.into()),
                ("dir", dir.display().to_string().into()),
                ("rejected", made.rejected.into()),
            ],
        ));
    }
    for d in &outcome.diagnostics {
        let line = super::words::line(d, &ctx).replace('\n', "\n    ");
        if d.is_error() {
            say(format!("  {line}"));
        } else {
            let _ = writeln!(std::io::stderr().lock(), "{line}");
        }
    }
    if args.pdf {
        if one_document.is_some() {
            if !made.written.is_empty() {
                write_pdf(&args.output)?;
            }
        } else {
            for file in &made.written {
                write_pdf(&out.path(file))?;
            }
        }
    }
    Ok(if super::words::exit_code(&outcome.diagnostics) == 0 {
        Outcome::Success
    } else {
        Outcome::Partial
    })
}
