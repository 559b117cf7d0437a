//! `vanban render`: one document from a template and JSON data, or one per row
//! (mail merge) with `--each`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::cli::fsio;
use vanban::docx::{self, RenderError, RenderOptions};
use vanban::limits::{Limited, Limits};
use vanban::rows;

use super::{CmdResult, Failure, Outcome, say};

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
    };
    match &args.each {
        None => {
            if args.name.is_some() {
                return Err(Failure::input(
                    "--name only makes sense with --each (one document per row)",
                ));
            }
            let Some(data_path) = &args.data else {
                return Err(Failure::input(
                    "give the data file: `vanban render TEMPLATE.docx DATA.json -o OUT.docx` (or --each ROWS for one document per row)",
                ));
            };
            render_one(&args.template, data_path, &args.output, &opts)
        }
        Some(rows_path) => merge(&args, rows_path, &opts),
    }
}

/// Reads a JSON file, naming the file, line and column on a syntax error.
pub(crate) fn load_json(path: &Path, limits: &Limits) -> Result<serde_json::Value, Failure> {
    let bytes = fsio::read(path)?;
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)).map_err(
        |e| {
            Failure::input(format!(
                "`{}` is not UTF-8 text ({e}); save it as UTF-8",
                path.display()
            ))
        },
    )?;
    vanban::limits::check_json(text, limits)
        .map_err(|e| Failure::refused(format_args!("`{}`: ", path.display()), &e))?;
    serde_json::from_str(text)
        .map_err(|e| Failure::input(format!("`{}`: not valid JSON: {e}", path.display())))
}

fn render_failure(template: &Path, err: RenderError) -> Failure {
    match err {
        RenderError::Zip(_) => Failure::internal(format!("`{}`: {err}", template.display())),
        _ => Failure::refused(format_args!("`{}`: ", template.display()), &err),
    }
}

/// Why one row of a mail merge was not written, with the hint when a limit
/// stopped it.
fn row_failure(err: &RenderError) -> String {
    match err.limit() {
        Some(limit) => format!("{err}\nhint: {}", super::limits::hint(limit)),
        None => err.to_string(),
    }
}

fn warn(line: impl std::fmt::Display) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "warning: {line}");
}

fn render_one(template: &Path, data_path: &Path, output: &Path, opts: &RenderOptions) -> CmdResult {
    fsio::ensure_not_input(output, &[template, data_path])?;
    if output.is_dir() {
        return Err(Failure::input(format!(
            "`{}` is a folder: give -o a file name such as `{}`",
            output.display(),
            output.join("out.docx").display()
        )));
    }
    let template_bytes = fsio::read(template)?;
    let data = load_json(data_path, &opts.limits)?;
    let rendered = docx::render(&template_bytes, &data, opts).map_err(|e| match e {
        RenderError::DataNotObject { .. } => render_failure(data_path, e),
        e => render_failure(template, e),
    })?;
    for w in &rendered.warnings {
        warn(w);
    }
    fsio::write_atomic(output, &rendered.bytes)?;
    say(format!("wrote {}", output.display()));
    Ok(Outcome::Success)
}

fn merge(args: &Args, rows_path: &Path, opts: &RenderOptions) -> CmdResult {
    let dir = &args.output;
    if dir.is_file() {
        return Err(Failure::input(format!(
            "with --each, -o names a folder, but `{}` is a file",
            dir.display()
        )));
    }
    let template_bytes = fsio::read(&args.template)?;
    let base = match &args.data {
        Some(p) => match load_json(p, &opts.limits)? {
            serde_json::Value::Object(m) => m,
            _ => {
                return Err(Failure::input(format!(
                    "`{}`: the shared data must be a JSON object",
                    p.display()
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
        rows::from_json(text.trim_start_matches('\u{FEFF}'), &opts.limits)
    } else {
        super::merge::check_in_child(&rows_bytes, &opts.limits).map_err(|e| {
            Failure::input(format!(
                "`{}`: cannot read the workbook: {}",
                rows_path.display(),
                e.message
            ))
            .limited(e.limit)
        })?;
        rows::from_workbook(&rows_bytes, &opts.limits)
    }
    .map_err(|e| Failure::refused(format_args!("`{}`: ", rows_path.display()), &e))?;

    // Read and compile the template once; a broken template fails here, once.
    let compiled = docx::Template::parse(&template_bytes, opts)
        .map_err(|e| render_failure(&args.template, e))?;

    let stem = args
        .template
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "document".into());
    let width = rows.len().to_string().len().max(2);
    let mut inputs: Vec<&Path> = vec![&args.template, rows_path];
    if let Some(d) = &args.data {
        inputs.push(d);
    }
    let progress = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(rows.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    progress.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut names = rows::UniqueNames::default();
    let mut template_notes = std::collections::BTreeSet::new();
    let mut written = 0usize;
    let mut rejected: Vec<(String, String)> = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        progress.inc(1);
        let fields = match &row.fields {
            Ok(f) => f,
            Err(reason) => {
                rejected.push((row.label.clone(), reason.clone()));
                continue;
            }
        };
        let mut data = base.clone();
        for (k, v) in fields {
            data.insert(k.clone(), v.clone());
        }
        let data = serde_json::Value::Object(data);
        let name = match &args.name {
            Some(pattern) => match docx::render_text("--name", pattern, &data, opts) {
                Ok(n) => n,
                Err(e) => {
                    rejected.push((row.label.clone(), format!("file name: {e}")));
                    continue;
                }
            },
            None => format!("{stem}-{:0width$}", index + 1),
        };
        let Some(safe) = rows::safe_file_name(&name) else {
            rejected.push((
                row.label.clone(),
                format!("the file name `{name}` is empty once made safe"),
            ));
            continue;
        };
        let file = names.claim(&safe);
        let out = dir.join(&file);
        if let Err(e) = fsio::ensure_not_input(&out, &inputs) {
            rejected.push((row.label.clone(), e.to_string()));
            continue;
        }
        match compiled.render(&data) {
            Ok(rendered) => {
                for w in &rendered.warnings {
                    // Notes about the template itself are the same for every row.
                    if w.missing.is_none() {
                        if template_notes.insert(w.to_string()) {
                            progress.suspend(|| warn(w));
                        }
                    } else {
                        progress.suspend(|| warn(format!("{}: {w}", row.label)));
                    }
                }
                fsio::write_atomic(&out, &rendered.bytes)?;
                written += 1;
            }
            Err(RenderError::Zip(e)) => return Err(Failure::internal(e)),
            Err(e) => rejected.push((row.label.clone(), row_failure(&e))),
        }
    }
    progress.finish_and_clear();
    say(format!(
        "wrote {written} document{} to {}; rejected {} row{}",
        if written == 1 { "" } else { "s" },
        dir.display(),
        rejected.len(),
        if rejected.len() == 1 { "" } else { "s" },
    ));
    for (label, reason) in &rejected {
        let reason = reason.replace('\n', "\n    ");
        say(format!("  {}: {label}: {reason}", rows_path.display()));
    }
    Ok(if rejected.is_empty() {
        Outcome::Success
    } else {
        Outcome::Partial
    })
}
