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
    let outcome = workflow::demo(
        &memory,
        &DemoOptions {
            word: workflow::Word(|d| crate::i18n::current().word(d).message),
            ..DemoOptions::default()
        },
    );
    let Some(made) = &outcome.output else {
        return conclude(&outcome.diagnostics, &Default::default());
    };
    crate::cli::fsio::write_atomic(
        &dir.join(MARKER_FILE),
        format!("{}\n", crate::i18n::current().plain("say-demo-marker")).as_bytes(),
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
    let seconds = (start.elapsed().as_secs_f64() * 100.0).round() / 100.0;
    say(crate::i18n::current().text(
        "say-demo-done",
        &[
            ("seconds", seconds.into()),
            (
                "file",
                dir.join("out")
                    .join("bao-cao.docx")
                    .display()
                    .to_string()
                    .into(),
            ),
            (
                "dir",
                crate::i18n::diagnostic::shell_word(&dir.display().to_string()).into(),
            ),
        ],
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
        return Err(Failure::input(said("say-demo-not-folder", dir)));
    }
    let empty = std::fs::read_dir(dir)
        .map_err(|e| Failure::input(cannot("read", dir, &e)))?
        .next()
        .is_none();
    if empty {
        return Ok(());
    }
    if !dir.join(MARKER_FILE).is_file() {
        return Err(Failure::input(said("say-demo-not-empty", dir)));
    }
    for sub in ["out", "returns"] {
        let p = dir.join(sub);
        if p.is_dir() {
            std::fs::remove_dir_all(&p).map_err(|e| Failure::internal(cannot("clear", &p, &e)))?;
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
            .map_err(|e| Failure::internal(cannot("date", &path, &e)))?;
    }
    Ok(())
}

/// The message `key` about the folder `dir`.
fn said(key: &str, dir: &Path) -> String {
    crate::i18n::current().text(key, &[("dir", dir.display().to_string().into())])
}

/// "cannot read/clear/set the date of `file`: reason".
fn cannot(what: &str, file: &Path, e: &std::io::Error) -> String {
    crate::i18n::current().text(
        "say-demo-cannot",
        &[
            ("what", what.into()),
            ("file", file.display().to_string().into()),
            ("reason", e.to_string().into()),
        ],
    )
}

/// What the demo made, step by step, in the user's language.
fn tell(dir: &Path, made: &DemoOutput) {
    let m = crate::i18n::current();
    let show = |rel: &str| dir.join(rel).display().to_string();
    let line = |key: &str, args: &[(&str, fluent_bundle::FluentValue<'_>)]| say(m.text(key, args));
    line(
        "say-demo-title",
        &[("dir", dir.display().to_string().into())],
    );
    line(
        "say-demo-campaign",
        &[("file", show("campaign.json").into())],
    );
    line("say-demo-plan", &[("file", show(&made.plan.path).into())]);
    line(
        "say-demo-forms",
        &[
            ("folder", format!("{}/", show(&made.forms.folder)).into()),
            ("count", made.forms.paths.len().into()),
        ],
    );
    line(
        "say-demo-returns",
        &[
            ("folder", show("returns/").into()),
            ("count", made.returns.len().into()),
        ],
    );
    for (kind, scenario) in SCENARIOS {
        let units: Vec<&str> = made
            .scenarios
            .iter()
            .filter(|(_, x)| x == scenario)
            .map(|(c, _)| c.as_str())
            .collect();
        if !units.is_empty() {
            line(
                "say-demo-scenario",
                &[("kind", (*kind).into()), ("units", units.join(", ").into())],
            );
        }
    }
    line(
        "say-demo-merge",
        &[
            ("xlsx", show(&made.merge.xlsx).into()),
            ("json", show(&made.merge.json).into()),
        ],
    );
    let tonghop = &made.merge.tonghop;
    let indent = " ".repeat(INDENT);
    say(format!("{indent}{}", super::merge::summary(tonghop)));
    for f in tonghop.files.iter().filter(|f| !f.reasons.is_empty()) {
        let lines = super::merge::rejected(f, &f.file).replace('\n', &format!("\n{indent}"));
        say(format!("{indent}{lines}"));
    }
    line(
        "say-demo-report",
        &[("file", show(&made.report.path).into())],
    );
    super::report::print_outcome(&made.report, &indent);
}

/// How far the demo's detail lines are indented, under the step names.
const INDENT: usize = 16;

/// The demo's scenarios as the messages name them, in the order they are listed.
const SCENARIOS: &[(&str, Scenario)] = &[
    ("missing", Scenario::Missing),
    ("late", Scenario::Late),
    ("duplicate", Scenario::Duplicate),
    ("numbers_as_text", Scenario::NumbersAsText),
    ("tcvn3", Scenario::Tcvn3Sheet),
    ("typo", Scenario::Typo),
    ("check", Scenario::CheckBroken),
];
