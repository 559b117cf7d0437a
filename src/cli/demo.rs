//! `vanban demo`: the whole workflow on the built-in sample campaign, in a fresh
//! folder, with simulated returns.

use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use chrono::NaiveDateTime;
use vanban::campaign::demo::{MARKER_FILE, Scenario};
use vanban::folder::MemoryFolder;
use vanban::workflow::{self, DemoOptions, DemoOutput};

use super::{CmdResult, Failure, Outcome, conclude, say};

/// Arguments of `vanban demo`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to write into: new, empty, or a previous demo's.
    #[arg(short, long, value_name = "DIR", default_value = "vanban-demo")]
    pub output: PathBuf,
}

/// Runs `vanban demo`.
pub fn run(args: Args) -> CmdResult {
    let start = Instant::now();
    let dir = &args.output;
    prepare(dir)?;
    // The whole workflow runs in memory, through the same step functions as the
    // commands; the folder is then written out, returns with the day they were sent.
    let memory = MemoryFolder::new();
    let options = DemoOptions {
        word: Some(super::merge::sheet_words),
        ..DemoOptions::default()
    };
    let outcome = workflow::demo(&memory, &options);
    let Some(made) = &outcome.output else {
        return conclude(&outcome.diagnostics, &Default::default());
    };
    crate::cli::fsio::write_atomic(
        &dir.join(MARKER_FILE),
        b"Made by `vanban demo`. Running `vanban demo` again replaces out/ and returns/ here.\n",
    )?;
    let sent: std::collections::BTreeMap<&str, Option<NaiveDateTime>> =
        made.returns.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    let mut files = memory.files();
    // Returns first, then the merge and the report: on disk the merge is never
    // older than a return, as when the steps run one after the other.
    files.sort_by_key(|(path, _, _)| (!path.starts_with("returns/"), path.clone()));
    for (path, bytes, _) in &files {
        write(dir, path, bytes, sent.get(path.as_str()).copied().flatten())?;
    }
    tell(dir, made);
    say(format!(
        "done in {:.2} s. Open {} in Word. To redo a step after editing the campaign: `vanban plan {dir}`, `vanban merge {dir}`, `vanban report {dir} --pdf`.",
        start.elapsed().as_secs_f64(),
        dir.join("out").join("bao-cao.docx").display(),
        dir = dir.display()
    ));
    Ok(Outcome::Success)
}

/// Accepts a new or empty folder, or a previous demo's (whose `out/` and `returns/`
/// are cleared so no stale file survives); refuses anything else.
fn prepare(dir: &Path) -> Result<(), Failure> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        return Err(Failure::input(format!(
            "`{}` exists and is not a folder; choose another with `-o DIR`",
            dir.display()
        )));
    }
    let empty = std::fs::read_dir(dir)
        .map_err(|e| Failure::input(format!("cannot read `{}`: {e}", dir.display())))?
        .next()
        .is_none();
    if empty {
        return Ok(());
    }
    if !dir.join(MARKER_FILE).is_file() {
        return Err(Failure::input(format!(
            "`{}` is not empty and was not made by `vanban demo`: refusing to write into it; choose another folder with `-o DIR`",
            dir.display()
        )));
    }
    for sub in ["out", "returns"] {
        let p = dir.join(sub);
        if p.is_dir() {
            std::fs::remove_dir_all(&p)
                .map_err(|e| Failure::internal(format!("cannot clear `{}`: {e}", p.display())))?;
        }
    }
    Ok(())
}

fn write(
    dir: &Path,
    rel: &str,
    bytes: &[u8],
    modified: Option<NaiveDateTime>,
) -> Result<(), Failure> {
    let path = dir.join(rel);
    crate::cli::fsio::write_atomic(&path, bytes)?;
    if let Some(t) = modified {
        let secs = t.and_utc().timestamp();
        let when = if secs >= 0 {
            SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(secs as u64)
        } else {
            SystemTime::UNIX_EPOCH
        };
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(when))
            .map_err(|e| {
                Failure::internal(format!("cannot set the date of `{}`: {e}", path.display()))
            })?;
    }
    Ok(())
}

fn tell(dir: &Path, made: &DemoOutput) {
    let show = |rel: &str| dir.join(rel).display().to_string();
    say(format!(
        "vanban demo: the sample campaign, in {}",
        dir.display()
    ));
    say(format!(
        "  campaign  {}  (a copy of the sample, with its body texts ke-hoach.txt and bao-cao.txt)",
        show("campaign.json")
    ));
    say(format!("  plan      {}", show(&made.plan.path)));
    say(format!(
        "  forms     {}/  ({} forms, one per unit)",
        show(&made.forms.folder),
        made.forms.paths.len()
    ));
    let with = |s: Scenario| {
        made.scenarios
            .iter()
            .filter(|(_, x)| *x == s)
            .map(|(c, _)| c.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    say(format!(
        "  returns   {}  ({} files as units send them: late {}, sent twice {}, numbers typed as text {}, a TCVN3 sheet {}, a typo {}, figures breaking a check {}; never sent {})",
        show("returns/"),
        made.returns.len(),
        with(Scenario::Late),
        with(Scenario::Duplicate),
        with(Scenario::NumbersAsText),
        with(Scenario::Tcvn3Sheet),
        with(Scenario::Typo),
        with(Scenario::CheckBroken),
        with(Scenario::Missing),
    ));
    say(format!(
        "  merge     {}, {}",
        show(&made.merge.xlsx),
        show(&made.merge.json)
    ));
    let tonghop = &made.merge.tonghop;
    say(format!("            {}", super::merge::summary(tonghop)));
    for f in tonghop.files.iter().filter(|f| !f.reasons.is_empty()) {
        let reasons: Vec<String> = f.reasons.iter().map(vanban::wording::message).collect();
        say(format!(
            "            rejected {}: {}",
            f.file,
            reasons.join("; ")
        ));
    }
    say(format!("  report    {}", show(&made.report.path)));
    say(format!("            {}", made.report.reporting));
    super::report::print_merge_summary(&made.report.summary, "            ");
}
