//! `vanban merge`: read the returned spreadsheets, check them, add them up.
//!
//! The library does the work, always on every file of the campaign's `returns/`
//! (files are added with `vanban nhan`); here we read them on a few threads
//! ([`Threads`]), run the readers that trust declared sizes (.xls, .ods) in a child
//! process (`vanban __read-workbook`, hidden) so a crafted file that makes calamine
//! abort only ends that child, show progress, write both outputs atomically and
//! print the summary.

use std::cell::Cell;
use std::io::{IsTerminal, Read, Write};
use std::panic::PanicHookInfo;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Once, mpsc};

use vanban::limits::Limits;
use vanban::sheets::merge::{FileReport, WorkbookReader, Workers};
use vanban::sheets::read::{self, Isolation, ReadError, Sniffed, Workbook};
use vanban::workflow::{self, MergeOptions};

use super::disk::DiskFolder;
use super::{CmdResult, Failure, Outcome, conclude, say};

/// Arguments of `vanban merge`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The campaign folder (holding `campaign.json`).
    pub campaign: PathBuf,
    /// Not accepted: the merge always reads every file in `CAMPAIGN/returns/`; add
    /// files with `vanban nhan CAMPAIGN FILES…`.
    #[arg(hide = true)]
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

/// Runs `vanban merge`.
pub fn run(args: Args) -> CmdResult {
    let m = crate::i18n::current();
    if !args.inputs.is_empty() {
        // A merge of some files would replace the tổng hợp of all of them.
        let files: Vec<String> = args
            .inputs
            .iter()
            .map(|p| format!("`{}`", p.display()))
            .collect();
        return Err(Failure::input(m.text(
            "merge-files-given",
            &[
                ("files", files.join(", ").into()),
                ("campaign", args.campaign.display().to_string().into()),
            ],
        )));
    }
    let folder = DiskFolder::new(&args.campaign);
    let limits = args.limits.limits();
    let xlsx = super::plan::output_path(&folder, args.out.as_ref(), workflow::paths::TONGHOP_XLSX);
    let json = match &args.json {
        Some(_) => super::plan::output_path(&folder, args.json.as_ref(), ""),
        None if args.out.is_some() => std::path::Path::new(&xlsx)
            .with_extension("json")
            .display()
            .to_string(),
        None => workflow::paths::TONGHOP_JSON.to_string(),
    };
    let reader = ChildReader::new()?;
    let bar = indicatif::ProgressBar::hidden();
    bar.set_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{{bar:40}} {{pos}}/{{len}} {} {{eta}}",
            crate::i18n::current().plain("say-progress-files")
        ))
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut progress = |done: usize, total: usize| {
        if total > 20 && bar.is_hidden() && std::io::stderr().is_terminal() {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    // A reader panicking on a crafted file is caught and reported as that file's
    // rejection; the raw panic text stays off the clerk's screen, on the reading
    // threads only.
    quiet_reader_panics();
    let workers = Threads::for_files(64);
    // The workbook's large sheets are written row by row through temporary files
    // in the campaign's folder (at 20,000 units, 47 MB less held); they have no
    // name where the system allows it and are gone when the workbook is saved.
    let scratch = args.campaign.clone();
    let outcome = workflow::merge(
        &folder,
        MergeOptions {
            limits,
            reader: &reader,
            sent_at: Default::default(),
            merged_on: Some(chrono::Local::now().date_naive()),
            scratch: Some(&scratch),
            output_xlsx: xlsx,
            output_json: json,
            workers: &workers,
            word: &|d| crate::i18n::current().word(d).message,
            progress: &mut progress,
        },
    );
    bar.finish_and_clear();
    let ctx = super::plan::context(&args.campaign);
    let Some(made) = &outcome.output else {
        return conclude(&outcome.diagnostics, &ctx);
    };
    let tonghop = &made.tonghop;
    for f in tonghop.files.iter().filter(|f| !f.reasons.is_empty()) {
        say(rejected(f, &folder.display_path(&f.file).to_string()));
    }
    say(summary(tonghop));
    let (errors, warnings) = (tonghop.summary.errors, tonghop.summary.warnings);
    if errors + warnings > 0 {
        say(m.text(
            "merge-listed",
            &[("errors", errors.into()), ("warnings", warnings.into())],
        ));
    }
    if !tonghop.missing.is_empty() {
        say(m.text(
            "merge-not-reported",
            &[("units", tonghop.missing.join(", ").into())],
        ));
    }
    say(m.text(
        "merge-wrote",
        &[
            ("xlsx", folder.display_path(&made.xlsx).to_string().into()),
            ("json", folder.display_path(&made.json).to_string().into()),
        ],
    ));
    // The rejected files were listed above; their diagnostics only set the exit code.
    Ok(match super::words::exit_code(&outcome.diagnostics) {
        0 => Outcome::Success,
        _ => Outcome::Partial,
    })
}

/// A rejected file (named `shown`) and why, each reason worded and indented under
/// it.
pub fn rejected(f: &vanban::tonghop::FileEntry, shown: &str) -> String {
    let m = crate::i18n::current();
    let mut out = m.text("say-merge-rejected", &[("file", shown.into())]);
    for d in &f.reasons {
        let worded = m.word(d).to_string().replace('\n', "\n    ");
        out.push_str(&format!("\n  {worded}"));
    }
    out
}

/// The one-paragraph summary of a merge, in the user's language ("read 40 files: …").
pub fn summary(t: &vanban::tonghop::TongHop) -> String {
    let s = &t.summary;
    crate::i18n::current().text(
        "merge-summary",
        &[
            ("files", s.files_read.into()),
            ("accepted", s.accepted.into()),
            ("with_warnings", s.accepted_with_warnings.into()),
            ("rejected", s.rejected.into()),
            ("missing", s.units_missing.into()),
            ("units", s.units_total.into()),
            ("blank", s.units_blank.into()),
        ],
    )
}

/// Reads the files on a few threads (the library has none). The merge puts the
/// reports back in input order, so the outputs are the same bytes as a sequential
/// run's.
pub(crate) struct Threads {
    count: usize,
}

impl Threads {
    /// As many threads as cores, at most 8, and no more than files.
    pub(crate) fn for_files(files: usize) -> Threads {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Threads {
            count: cores.clamp(1, 8).min(files.max(1)),
        }
    }
}

impl Workers for Threads {
    fn run(
        &self,
        count: usize,
        task: &(dyn Fn(usize) -> FileReport + Sync),
        done: &mut dyn FnMut(usize, FileReport),
    ) {
        let next = AtomicUsize::new(0);
        // Reports go to this thread a few at a time: one wake-up per report cost
        // the readers a twentieth of their time at 20,000 returns (a futex call
        // each), while a batch of at most 32 still moves the progress bar often.
        let batch = (count / (self.count * 64)).clamp(1, 32);
        let (tx, rx) = mpsc::channel::<Vec<(usize, FileReport)>>();
        std::thread::scope(|scope| {
            for _ in 0..self.count {
                let tx = tx.clone();
                let next = &next;
                scope.spawn(move || {
                    QUIET_PANICS.with(|q| q.set(true));
                    let mut reports = Vec::with_capacity(batch);
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= count {
                            break;
                        }
                        reports.push((i, task(i)));
                        if reports.len() >= batch
                            && tx
                                .send(std::mem::replace(&mut reports, Vec::with_capacity(batch)))
                                .is_err()
                        {
                            return;
                        }
                    }
                    if !reports.is_empty() {
                        let _ = tx.send(reports);
                    }
                });
            }
            drop(tx);
            for reports in rx {
                for (i, report) in reports {
                    done(i, report);
                }
            }
        });
    }

    fn beside(&self, side: &mut (dyn FnMut() + Send), main: &mut dyn FnMut()) {
        if self.count < 2 {
            side();
            main();
            return;
        }
        crate::beside::run(side, main);
    }
}

thread_local! {
    /// Set on the merge's reading threads, whose panics (a reader failing on a
    /// crafted file) are caught and reported as that file's rejection.
    static QUIET_PANICS: Cell<bool> = const { Cell::new(false) };
}

/// Keeps panics on the reading threads off the terminal; a panic anywhere else
/// still goes to the hook that was there before (the default message).
pub(crate) fn quiet_reader_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(quiet_hook(previous));
    });
}

/// A hook that stays silent on threads marked [`QUIET_PANICS`] and hands every
/// other panic to `previous`.
fn quiet_hook(
    previous: Box<dyn Fn(&PanicHookInfo<'_>) + Sync + Send + 'static>,
) -> Box<dyn Fn(&PanicHookInfo<'_>) + Sync + Send + 'static> {
    Box::new(move |info| {
        if !QUIET_PANICS.with(Cell::get) {
            previous(info);
        }
    })
}

/// For a workbook read elsewhere in this process (the rows of a mail merge): when
/// its format's reader is one that can abort (.xls, .ods), parse it first in a
/// child process, so a crafted file ends that child with a clear error instead of
/// taking the whole command down. Formats safe in-process pass straight through.
pub(super) fn check_in_child(bytes: &[u8], name: &str, limits: &Limits) -> Result<(), Failure> {
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
        .map_err(|e| Failure::said(&vanban::sheets::merge::read_error_at(name, &e)))
}

/// Runs the in-process readers here and the risky ones in a child process.
pub(crate) struct ChildReader {
    exe: PathBuf,
}

impl ChildReader {
    /// The reader that runs the risky formats in a child process of this program.
    pub(crate) fn new() -> Result<ChildReader, Failure> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::AtomicUsize;
    use vanban::sheets::merge::InputFile;

    /// The merge builds its workbook beside writing `tong-hop.json`: on another
    /// thread when there are two, in order on one.
    #[test]
    fn beside_runs_the_side_task_on_another_thread_when_there_is_one() {
        use std::sync::Mutex;
        let here = std::thread::current().id();
        for (count, side_elsewhere) in [(2, true), (1, false)] {
            let ran = Mutex::new(Vec::new());
            Threads { count }.beside(
                &mut || {
                    ran.lock()
                        .unwrap()
                        .push(("side", std::thread::current().id()))
                },
                &mut || {
                    ran.lock()
                        .unwrap()
                        .push(("main", std::thread::current().id()))
                },
            );
            let mut ran = ran.into_inner().unwrap();
            if count == 1 {
                assert_eq!(
                    ran.iter().map(|r| r.0).collect::<Vec<_>>(),
                    ["side", "main"]
                );
            }
            ran.sort_by_key(|r| r.0);
            assert_eq!(ran[0], ("main", here), "{count} threads");
            assert_eq!(ran[1].0, "side");
            assert_eq!(ran[1].1 != here, side_elsewhere, "{count} threads");
        }
    }

    #[test]
    fn threads_give_the_same_bytes_as_a_sequential_merge() {
        let campaign = vanban::sheets::forms::sample::campaign(12);
        let inputs: Vec<InputFile> = campaign
            .reporting
            .units
            .iter()
            .enumerate()
            .map(|(i, unit)| InputFile {
                display_name: format!("returns/{i:02}.xlsx"),
                bytes: vanban::sheets::forms::build_form(&campaign, unit).expect("form"),
                modified: None,
            })
            .collect();
        let limits = Limits::default();
        let run = |workers: &dyn Workers| {
            let t = vanban::sheets::merge::merge_with(
                &campaign,
                &inputs,
                &limits,
                &vanban::sheets::merge::InProcess,
                workers,
                &mut |_, _| {},
            );
            let xlsx = vanban::sheets::output::write(&campaign, &t, &|d| d.to_string()).unwrap();
            (serde_json::to_vec_pretty(&t).unwrap(), xlsx)
        };
        let sequential = run(&vanban::sheets::merge::Sequential);
        assert_eq!(run(&Threads { count: 4 }), sequential);
        assert_eq!(run(&Threads { count: 3 }), sequential);
    }

    #[test]
    fn only_panics_on_reading_threads_are_silenced() {
        // The previous hook counts the panics it sees (ours only, by their text:
        // other tests may panic meanwhile).
        let seen = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&seen);
        let hook = quiet_hook(Box::new(move |info| {
            if info
                .payload()
                .downcast_ref::<&str>()
                .is_some_and(|m| m.starts_with("hook test"))
            {
                counter.fetch_add(1, Ordering::SeqCst);
            }
        }));
        let previous = std::panic::take_hook();
        std::panic::set_hook(hook);
        let on_reader = std::thread::spawn(|| {
            QUIET_PANICS.with(|q| q.set(true));
            std::panic::catch_unwind(|| panic!("hook test: a reader failed"))
        })
        .join();
        let after_merge = std::thread::spawn(|| {
            std::panic::catch_unwind(|| panic!("hook test: a bug elsewhere"))
        })
        .join();
        std::panic::set_hook(previous);
        assert!(on_reader.is_ok_and(|r| r.is_err()));
        assert!(after_merge.is_ok_and(|r| r.is_err()));
        assert_eq!(
            seen.load(Ordering::SeqCst),
            1,
            "only the other panic is shown"
        );
    }
}
