//! `vanban check`: a template's tags with their locations, its syntax errors and,
//! with `--data`, the variables the data lacks.

use std::path::PathBuf;

use crate::cli::fsio;
use vanban::docx::{self, RenderOptions};
use vanban::workflow;

use super::{CmdResult, Outcome, say};

/// Arguments of `vanban check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The Word template (.docx) with Tera tags.
    pub template: PathBuf,
    /// JSON data to check the template's variables against.
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// The input limits.
    #[command(flatten)]
    pub limits: super::limits::LimitArgs,
}

/// Runs `vanban check`: exit 0 when all is well, 1 when anything is wrong.
pub fn run(args: Args) -> CmdResult {
    let limits = args.limits.limits();
    let opts = RenderOptions {
        strict: true,
        limits,
        extensions: vanban::filters::extensions(),
        beside: vanban::docx::Beside::sequential(),
    };
    let bytes = fsio::read(&args.template)?;
    let data = match &args.data {
        Some(p) => {
            // Pictures and sub-documents named by path are read as `render` reads
            // them, so the check fills the template with what `render` would.
            let mut data = super::render::load_json(p, &limits)?;
            super::render::read_pictures(&mut data, &super::render::folder_of(p))?;
            Some(data)
        }
        None => None,
    };
    let name = args.template.display().to_string();
    let ctx = super::words::Context::default();
    // Checking with data fills the template: the same budget as `render`.
    let budget = super::memory_budget(
        &limits,
        &workflow::template_memory(&name, super::memory_mb(&limits)),
    );
    // A file that is no readable template at all (not a zip, a limit broken) is said
    // as such; its tags and syntax errors are listed below otherwise.
    if let Err(e) = docx::Template::parse(&bytes, &opts)
        && !matches!(e, docx::RenderError::Template(_))
    {
        return super::conclude(&workflow::render_error(&name, &e), &ctx);
    }
    let report = docx::check(&bytes, data.as_ref(), &opts);
    drop(budget);
    let m = crate::i18n::current();
    say(m.text(
        "say-check-tags",
        &[
            ("file", name.as_str().into()),
            ("count", report.tags.len().into()),
        ],
    ));
    for tag in &report.tags {
        let (level, kind) = tag.kind_name().rsplit_once(' ').map_or_else(
            || (String::new(), tag.kind_name()),
            |(l, k)| (l.to_string(), k.to_string()),
        );
        say(m.text(
            "say-check-tag",
            &[
                ("place", place(m, &tag.location).into()),
                ("kind", kind.into()),
                ("level", level.into()),
                ("text", tag.text.as_str().into()),
            ],
        ));
    }
    for warning in &report.warnings {
        say(super::words::line(
            &workflow::engine_warning(&name, warning),
            &ctx,
        ));
    }
    for problem in &report.problems {
        say(super::words::line(
            &workflow::template_problem(&name, problem),
            &ctx,
        ));
    }
    if let (Some(path), false) = (&args.data, report.missing.is_empty()) {
        say(m.text(
            "say-check-missing-header",
            &[("file", path.display().to_string().into())],
        ));
        for missing in &report.missing {
            let places: Vec<String> = missing.used_at.iter().map(|l| place(m, l)).collect();
            say(m.text(
                "say-check-missing",
                &[
                    ("name", missing.name.as_str().into()),
                    // `none`: the message then names no place.
                    (
                        "places",
                        if places.is_empty() {
                            "none".to_string()
                        } else {
                            places.join("; ")
                        }
                        .into(),
                    ),
                ],
            ));
        }
    }
    say(m.text(
        "say-check-summary",
        &[
            ("problems", report.problems.len().into()),
            ("missing", report.missing.len().into()),
        ],
    ));
    Ok(if report.is_ok() {
        Outcome::Success
    } else {
        Outcome::Partial
    })
}

/// Where a tag is, in the user's words: "phần thân văn bản › đoạn 3".
fn place(m: &crate::i18n::Messages, l: &docx::Location) -> String {
    m.template_place(&l.part, l.cell, l.paragraph)
}
