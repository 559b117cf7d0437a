//! `vanban merge`: read the returned spreadsheets, check them, add them up.
//!
//! The library does the work; here we gather the files, run the readers that trust
//! declared sizes (.xls, .ods) in a child process (`vanban __read-workbook`, hidden)
//! so a crafted file that makes calamine abort only ends that child, show progress,
//! write both outputs atomically and print the summary.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::cli::fsio;
use vanban::diagnostic::Hint;
use vanban::limits::Limits;
use vanban::sheets::merge::{self, InputFile, WorkbookReader};
use vanban::sheets::read::{self, Isolation, ReadError, Sniffed, Workbook};

use super::{CmdResult, Failure, Outcome, say};

/// Arguments of `vanban merge`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The campaign folder (holding `campaign.json`).
    pub campaign: PathBuf,
    /// Returned files or folders of them (default `CAMPAIGN/returns/`).
    pub inputs: Vec<PathBuf>,
    /// The merged workbook (default `CAMPAIGN/out/tong-hop.xlsx`).
    #[arg(short = 'o', long = "out")]
    pub out: Option<PathBuf>,
    /// The merged data for the report (default: next to the workbook, `.json`).
    #[arg(long = "json")]
    pub json: Option<PathBuf>,
    /// Limits on each returned file (raise one only for a genuine huge file).
    #[command(flatten)]
    pub limits: super::limits::LimitArgs,
}

/// Extensions read from a folder.
const EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// Runs `vanban merge`.
pub fn run(args: Args) -> CmdResult {
    let campaign = super::forms::load_campaign(&args.campaign)?;
    let limits = args.limits.limits();
    let inputs = if args.inputs.is_empty() {
        vec![args.campaign.join("returns")]
    } else {
        args.inputs.clone()
    };
    let (paths, skipped) = gather(&inputs)?;
    let out = args
        .out
        .unwrap_or_else(|| args.campaign.join("out").join("tong-hop.xlsx"));
    let json_out = args.json.unwrap_or_else(|| out.with_extension("json"));
    let input_refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    fsio::ensure_not_input(&out, &input_refs)?;
    fsio::ensure_not_input(&json_out, &input_refs)?;

    let mut files = Vec::with_capacity(paths.len());
    for path in &paths {
        let bytes = fsio::read(path)?;
        let modified = std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .map(|t| chrono::DateTime::<chrono::Utc>::from(t).naive_utc());
        files.push(InputFile {
            display_name: path.display().to_string(),
            bytes,
            modified,
        });
    }
    let reader = ChildReader::new()?;
    // A reader panicking on a crafted file is caught and reported as that file's
    // rejection; keep the raw panic text off the clerk's screen.
    std::panic::set_hook(Box::new(|_| {}));
    let bar = (files.len() > 20).then(|| {
        let bar = indicatif::ProgressBar::new(files.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let result = merge::merge_with(&campaign, &files, &limits, &reader, &mut |done, _| {
        if let Some(b) = &bar {
            b.set_position(done as u64);
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let xlsx = result
        .to_xlsx()
        .map_err(|e| Failure::internal(format!("cannot build `{}`: {e}", out.display())))?;
    let json = serde_json::to_vec_pretty(&result.to_json())
        .map_err(|e| Failure::internal(format!("cannot build `{}`: {e}", json_out.display())))?;
    fsio::write_atomic(&out, &xlsx)?;
    fsio::write_atomic(&json_out, &json)?;

    for s in &skipped {
        say(format!("skipped {s}"));
    }
    for f in &result.files {
        if !f.reasons.is_empty() {
            let hints: String = f
                .hints
                .iter()
                .filter_map(|h| match h {
                    Hint::RaiseLimit(limit) => Some(format!(" ({})", super::limits::hint(*limit))),
                    Hint::RunStep(_) => None,
                })
                .collect();
            say(format!(
                "rejected {}: {}{hints}",
                f.file,
                f.reasons.join("; ")
            ));
        } else if !f.own_form && !f.matched.is_empty() {
            // Not one of our forms: say how it was understood (details in the JSON).
            let how: Vec<&str> = f.matched.iter().take(2).map(String::as_str).collect();
            say(format!("read {} as: {}", f.file, how.join("; ")));
        }
    }
    let (_, _, _, rejected) = result.counts();
    say(result.summary());
    let issues = result.issues();
    let errors = issues
        .iter()
        .filter(|i| i.severity == merge::Severity::Error)
        .count();
    if !issues.is_empty() {
        say(format!(
            "{errors} error{} and {} warning{} are listed in the sheet \"Lỗi và cảnh báo\"",
            if errors == 1 { "" } else { "s" },
            issues.len() - errors,
            if issues.len() - errors == 1 { "" } else { "s" }
        ));
    }
    let missing: Vec<String> = result.missing().iter().map(|u| u.code.clone()).collect();
    if !missing.is_empty() {
        say(format!("not reported: {}", missing.join(", ")));
    }
    say(format!(
        "wrote {} and {}",
        out.display(),
        json_out.display()
    ));
    Ok(if rejected > 0 {
        Outcome::Partial
    } else {
        Outcome::Success
    })
}

/// Expands folders into their spreadsheet files (sorted by name); lists what was
/// skipped so nothing disappears silently.
fn gather(inputs: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<String>), Failure> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let entries = std::fs::read_dir(input).map_err(|e| {
                Failure::input(format!("cannot read folder `{}`: {e}", input.display()))
            })?;
            let mut found: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            found.sort();
            for path in found {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let ext = path
                    .extension()
                    .map(|e| e.to_string_lossy().to_ascii_lowercase())
                    .unwrap_or_default();
                if path.is_dir() {
                    skipped.push(format!(
                        "`{}` (a folder; folders are not searched inside)",
                        path.display()
                    ));
                } else if name.starts_with("~$") || name.starts_with(".~lock") {
                    skipped.push(format!(
                        "`{}` (a lock file left by Excel or LibreOffice)",
                        path.display()
                    ));
                } else if EXTENSIONS.contains(&ext.as_str()) {
                    files.push(path);
                } else {
                    skipped.push(format!("`{}` (not a spreadsheet: .{ext})", path.display()));
                }
            }
        } else if input.exists() {
            files.push(input.clone());
        } else {
            return Err(Failure::input(format!(
                "`{}` does not exist",
                input.display()
            )));
        }
    }
    // The same file named twice (a folder and a file in it) is read once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|p| {
        let key = p.canonicalize().unwrap_or_else(|_| p.clone());
        let first = seen.insert(key);
        if !first {
            skipped.push(format!("`{}` (given twice; read once)", p.display()));
        }
        first
    });
    Ok((files, skipped))
}

/// For a workbook read elsewhere in this process (the rows of a mail merge): when
/// its format's reader is one that can abort (.xls, .ods), parse it first in a
/// child process, so a crafted file ends that child with a clear error instead of
/// taking the whole command down. Formats safe in-process pass straight through.
pub(super) fn check_in_child(bytes: &[u8], limits: &Limits) -> Result<(), Failure> {
    let Ok(sniffed) = read::sniff(bytes, limits) else {
        // The caller's own reader names what is wrong.
        return Ok(());
    };
    if sniffed.format.isolation() == Isolation::InProcess {
        return Ok(());
    }
    ChildReader::new()?
        .read(bytes, &sniffed, limits)
        .map(|_| ())
        .map_err(|e| Failure::refused("", &e))
}

/// Runs the in-process readers here and the risky ones in a child process.
struct ChildReader {
    exe: PathBuf,
}

impl ChildReader {
    fn new() -> Result<ChildReader, Failure> {
        let exe = std::env::current_exe().map_err(|e| {
            Failure::internal(format!("cannot find the vanban program itself: {e}"))
        })?;
        Ok(ChildReader { exe })
    }
}

impl ChildReader {
    /// The child's command line. On Unix the shell caps its address space first
    /// (`ulimit -v`), so a reader that starts filling gigabytes fails at the cap
    /// instead of pushing the machine into swap or the OOM killer.
    #[cfg(unix)]
    fn command(&self, limits: &Limits) -> Command {
        let mut cmd = Command::new("/bin/sh");
        cmd.arg("-c")
            .arg(format!(
                "ulimit -v {} 2>/dev/null; exec \"$0\" {READ_WORKBOOK} \"$@\"",
                CHILD_MEMORY_KB
            ))
            .arg(&self.exe)
            .args(super::limits::to_flags(limits));
        cmd
    }

    #[cfg(not(unix))]
    fn command(&self, limits: &Limits) -> Command {
        let mut cmd = Command::new(&self.exe);
        cmd.arg(READ_WORKBOOK).args(super::limits::to_flags(limits));
        cmd
    }
}

impl WorkbookReader for ChildReader {
    fn read(
        &self,
        bytes: &[u8],
        sniffed: &Sniffed,
        limits: &Limits,
    ) -> Result<Workbook, ReadError> {
        if sniffed.format.isolation() == Isolation::InProcess {
            return read::read_workbook(bytes, sniffed, limits);
        }
        let mut child = self
            .command(limits)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .or_else(|_| {
                // No shell to set the memory cap: run the reader directly.
                Command::new(&self.exe)
                    .arg(READ_WORKBOOK)
                    .args(super::limits::to_flags(limits))
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::null())
                    .spawn()
            })
            .map_err(|e| ReadError::Crashed(format!("cannot start the reader: {e}")))?;
        let mut stdin = child
            .stdin
            .take()
            .ok_or_else(|| ReadError::Crashed("no pipe to the reader".into()))?;
        let mut stdout = child
            .stdout
            .take()
            .ok_or_else(|| ReadError::Crashed("no pipe from the reader".into()))?;
        let deadline = std::time::Instant::now() + CHILD_TIMEOUT;
        let (status, answer) = std::thread::scope(|s| {
            s.spawn(move || {
                let _ = stdin.write_all(bytes);
            });
            let reader = s.spawn(move || {
                let mut out = Vec::new();
                let _ = stdout.read_to_end(&mut out);
                out
            });
            // A crafted file could also make the reader loop: it gets a time limit.
            let status = loop {
                match child.try_wait() {
                    Ok(Some(status)) => break Ok(status),
                    Ok(None) if std::time::Instant::now() >= deadline => {
                        let _ = child.kill();
                        let _ = child.wait();
                        break Err(ReadError::Crashed(format!(
                            "it took longer than {} s and was stopped",
                            CHILD_TIMEOUT.as_secs()
                        )));
                    }
                    Ok(None) => std::thread::sleep(std::time::Duration::from_millis(5)),
                    Err(e) => break Err(ReadError::Crashed(e.to_string())),
                }
            };
            (status, reader.join().unwrap_or_default())
        });
        let status = status?;
        if !status.success() {
            return Err(ReadError::Crashed(match status.code() {
                Some(c) => format!("exit code {c}"),
                None => "killed by a signal, such as running out of memory".to_string(),
            }));
        }
        let answer: Result<Workbook, ReadError> = serde_json::from_slice(&answer)
            .map_err(|e| ReadError::Crashed(format!("unreadable answer from the reader: {e}")))?;
        answer
    }
}

/// How long the child reader may take on one file.
const CHILD_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Address space the child reader may use on Unix (2 GiB, in KiB).
#[cfg(unix)]
const CHILD_MEMORY_KB: u64 = 2 * 1024 * 1024;

/// The hidden subcommand's name.
pub const READ_WORKBOOK: &str = "__read-workbook";

/// Arguments of the hidden `vanban __read-workbook` (bytes on stdin, JSON on stdout).
#[derive(Debug, clap::Args)]
pub struct ReadWorkbookArgs {
    /// The parent's limits.
    #[command(flatten)]
    pub limits: super::limits::LimitArgs,
}

/// Runs the hidden reader: one workbook from stdin, its cells as JSON on stdout.
pub fn run_read_workbook(args: ReadWorkbookArgs) -> CmdResult {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::internal(format!("cannot read standard input: {e}")))?;
    let limits = args.limits.limits();
    let answer =
        read::sniff(&bytes, &limits).and_then(|s| read::read_workbook(&bytes, &s, &limits));
    let json = serde_json::to_vec(&answer).map_err(Failure::internal)?;
    std::io::stdout()
        .lock()
        .write_all(&json)
        .map_err(|e| Failure::internal(format!("cannot write standard output: {e}")))?;
    Ok(Outcome::Success)
}
