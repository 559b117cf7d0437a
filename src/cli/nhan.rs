//! `vanban nhan` ("nhận", receive): copy the files units sent into the campaign's
//! `returns/` folder, each under its unit's code, before `vanban merge`.
//!
//! Here we expand folders, read the files (one that cannot be read is named and
//! the others go on), hand them to [`workflow::receive()`] and print what became of
//! each, in the user's language.

use std::io::Write;
use std::path::PathBuf;

use vanban::folder::FolderError;
use vanban::sheets::merge::InputFile;
use vanban::workflow::{self, Receipt, ReceiveOptions};

use super::disk::DiskFolder;
use super::merge::{ChildReader, quiet_reader_panics};
use super::{CmdResult, Failure, Outcome, say};

/// Arguments of `vanban nhan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The campaign folder (holding `campaign.json`).
    pub campaign: PathBuf,
    /// The returned files (spreadsheets; above a district, its tong-hop.xlsx or
    /// tong-hop.json), or folders of them.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Limits on each returned file (raise one only for a genuine huge file).
    #[command(flatten)]
    pub limits: super::limits::LimitArgs,
}

/// Runs `vanban nhan`.
pub fn run(args: Args) -> CmdResult {
    let m = crate::i18n::current();
    let folder = DiskFolder::new(&args.campaign);
    let (paths, skipped) = gather(&args.files);
    for s in &skipped {
        say(m.text("receive-skipped", &[("file", s.as_str().into())]));
    }
    let mut files = Vec::with_capacity(paths.len());
    let mut unread = Vec::new();
    for path in &paths {
        let name = path.display().to_string();
        match std::fs::read(path) {
            Ok(bytes) => files.push(InputFile {
                display_name: name,
                bytes,
                modified: None,
            }),
            Err(e) => {
                let error = match e.kind() {
                    std::io::ErrorKind::NotFound => FolderError::NotFound,
                    _ => FolderError::Unreadable(e.to_string()),
                };
                unread.push(vanban::folder::read_error_named(&name, error));
            }
        }
    }
    let reader = ChildReader::new()?;
    quiet_reader_panics();
    let outcome = workflow::receive(
        &folder,
        ReceiveOptions {
            limits: args.limits.limits(),
            reader: &reader,
            files,
            unread,
        },
    );
    for d in &outcome.diagnostics {
        let worded = m.word(d).to_string();
        if d.is_error() {
            let _ = writeln!(std::io::stderr().lock(), "{worded}");
        } else {
            say(worded);
        }
    }
    let received = outcome.output.as_ref().map_or(&[][..], |o| &o.files[..]);
    let mut copied = 0;
    for r in received {
        let (Some(unit), Some(path)) = (&r.unit, &r.path) else {
            continue;
        };
        let key = match r.receipt {
            Receipt::Copied => {
                copied += 1;
                "receive-copied"
            }
            Receipt::AlreadyReceived => "receive-already",
            Receipt::Refused => continue,
        };
        say(m.text(
            key,
            &[
                ("file", r.file.as_str().into()),
                ("unit", unit.as_str().into()),
                ("path", folder.display_path(path).into()),
            ],
        ));
    }
    if copied > 0 {
        say(m.text(
            "receive-next",
            &[("campaign", args.campaign.display().to_string().into())],
        ));
    }
    match super::words::exit_code(&outcome.diagnostics) {
        0 => Ok(Outcome::Success),
        code => Err(Failure::printed(code)),
    }
}

/// Expands folders into their spreadsheet files (sorted by name), and lists what
/// was skipped, so nothing disappears silently. A path that does not exist or a
/// folder that cannot be listed is kept: reading it names the problem.
fn gather(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for input in inputs {
        let Ok(entries) = std::fs::read_dir(input) else {
            files.push(input.clone());
            continue;
        };
        let mut found: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        found.sort();
        for path in found {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let hidden =
                name.starts_with("~$") || name.starts_with(".~lock") || name.starts_with('.');
            if path.is_dir() || hidden || !vanban::folder::is_return(&name) {
                skipped.push(path.display().to_string());
            } else {
                files.push(path);
            }
        }
    }
    // The same file named twice (a folder and a file in it) is read once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|p| seen.insert(p.canonicalize().unwrap_or_else(|_| p.clone())));
    (files, skipped)
}
