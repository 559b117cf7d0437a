//! `vanban check`: a template's tags with their locations, its syntax errors and,
//! with `--data`, the variables the data lacks.

use std::path::PathBuf;

use crate::cli::fsio;
use vanban::docx::{self, RenderOptions};

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
    };
    let bytes = fsio::read(&args.template)?;
    let data = match &args.data {
        Some(p) => Some(super::render::load_json(p, &limits)?),
        None => None,
    };
    let report = docx::check(&bytes, data.as_ref(), &opts);
    let name = args.template.display();
    say(format!(
        "{name}: {} tag{}",
        report.tags.len(),
        plural(report.tags.len())
    ));
    for tag in &report.tags {
        say(format!(
            "  {} [{}] {}",
            tag.location.place(),
            tag.kind_name(),
            tag.text
        ));
    }
    for warning in &report.warnings {
        say(format!("warning: {warning}"));
    }
    for problem in &report.problems {
        say(format!(
            "error: {}",
            problem.to_string().replace('\n', "\n  ")
        ));
        if let Some(limit) = problem.limit {
            say(format!("hint: {}", super::limits::hint(limit)));
        }
    }
    if let (Some(path), false) = (&args.data, report.missing.is_empty()) {
        say(format!(
            "variables the template uses that `{}` does not have:",
            path.display()
        ));
        for m in &report.missing {
            let places: Vec<String> = m.used_at.iter().map(|l| l.place()).collect();
            let places = if places.is_empty() {
                String::new()
            } else {
                format!(" (used at {})", places.join("; "))
            };
            say(format!("  `{}`{places}", m.name));
        }
    }
    say(format!(
        "{} problem{}, {} missing variable{}",
        report.problems.len(),
        plural(report.problems.len()),
        report.missing.len(),
        plural(report.missing.len())
    ));
    Ok(if report.is_ok() {
        Outcome::Success
    } else {
        Outcome::Partial
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
