//! Command-line glue: clap definitions, dispatch, printing and exit codes.
//!
//! The only place that prints or picks an exit code: 0 success, 1 the input or
//! data is wrong (the message says where), 2 an internal fault. Each subcommand lives
//! in its own file with its arguments and its `run` function; the work itself is in
//! the library.

use std::fmt;
use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use vanban::diagnostic::{Diagnostic, Hint, Severity};
use vanban::limits::Limit;

mod check;
mod demo;
pub mod disk;
mod forms;
pub mod fsio;
mod init;
pub mod limits;
pub(crate) mod merge;
mod nhan;
pub(crate) mod plan;
mod render;
pub(crate) mod report;
mod van_ban;
pub mod words;

/// `vanban`: official documents of a district trade-union federation, and a Word
/// template filler.
#[derive(Debug, Parser)]
#[command(name = "vanban", version, about, long_about = None, max_term_width = 100)]
struct Cli {
    /// The language of messages and help: vi (the default) or en.
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    lang: Option<crate::i18n::Lang>,
    #[command(subcommand)]
    command: Command,
}

/// The whole command tree, as clap defines it (before localisation).
pub fn command() -> clap::Command {
    Cli::command()
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Fill a Word template (Tera tags) with JSON data; with --each, one document per row.
    Render(render::Args),
    /// List a template's tags, report syntax errors and, with --data, missing variables.
    Check(check::Args),
    /// Write the official plan ("Kế hoạch") of a campaign.
    Plan(plan::Args),
    /// Write one reporting form (.xlsx) per unit of the roster.
    Forms(forms::Args),
    /// Receive returned files: copy each into the campaign's returns folder under its
    /// unit's code (alias: receive).
    #[command(alias = "receive")]
    Nhan(nhan::Args),
    /// Read the returned spreadsheets, check them and add them up.
    Merge(merge::Args),
    /// Write the result report ("Báo cáo kết quả") from the merged figures.
    Report(report::Args),
    /// Write any official document (công văn, quyết định, thông báo, giấy mời, tờ
    /// trình…) from its source text; --mau starts a new source.
    #[command(name = "van-ban", alias = "document")]
    VanBan(van_ban::Args),
    /// Run the whole workflow on the built-in sample campaign.
    Demo(demo::Args),
    /// Create a new campaign folder from the sample.
    Init(init::Args),
    /// Open the clerk's desk: a local web page for the campaigns of a folder.
    Serve(crate::serve::Args),
    /// Internal: parse one workbook from stdin in a child process (used by merge).
    #[command(name = "__read-workbook", hide = true)]
    ReadWorkbook(merge::ReadWorkbookArgs),
}

/// How a command ended when it did not fail outright.
#[allow(dead_code)] // constructed by the subcommands as they land
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything done.
    Success,
    /// Outputs written, but some input was rejected (exit 1).
    Partial,
}

/// A command that failed, and whose fault it was.
#[derive(Debug)]
pub struct Failure {
    kind: FailureKind,
    /// What went wrong, worded in the user's language, without the severity.
    message: String,
    /// The limit that refused the input, if one did: printed as a hint naming
    /// its flag.
    limit: Option<Limit>,
    /// The whole text to print, when it was worded from a diagnostic (severity,
    /// place and hints included).
    worded: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FailureKind {
    /// The input or data is wrong: exit 1.
    Input,
    /// A fault of the tool or the machine: exit 2.
    Internal,
    /// The diagnostics were printed already; exit with this code.
    Printed(u8),
}

impl Failure {
    /// The user's input or data is wrong; `message` (already in the user's
    /// language) says where.
    pub fn input(message: impl fmt::Display) -> Failure {
        Failure {
            kind: FailureKind::Input,
            message: message.to_string(),
            limit: None,
            worded: None,
        }
    }

    /// The same failure, refused by `limit` (if any).
    pub fn limited(self, limit: Option<Limit>) -> Failure {
        Failure { limit, ..self }
    }

    /// The command printed its diagnostics already; exit with `code`.
    pub fn printed(code: u8) -> Failure {
        Failure {
            kind: FailureKind::Printed(code),
            ..Failure::input("")
        }
    }

    /// The tool or the machine failed.
    pub fn internal(message: impl fmt::Display) -> Failure {
        Failure {
            kind: FailureKind::Internal,
            ..Failure::input(message)
        }
    }

    /// A failure told as a library diagnostic (a file that cannot be read or
    /// written, …): worded like every other, its exit code from its severity.
    pub fn said(d: &Diagnostic) -> Failure {
        Failure {
            kind: match words::exit_code(std::slice::from_ref(d)) {
                2 => FailureKind::Internal,
                _ => FailureKind::Input,
            },
            message: String::new(),
            limit: None,
            worded: Some(crate::i18n::current().word(d).to_string()),
        }
    }

    /// The lines to print, in the user's language.
    pub(crate) fn text(&self) -> String {
        if let Some(w) = &self.worded {
            return w.clone();
        }
        let m = crate::i18n::current();
        let mut out = format!("{}: {}", m.severity(Severity::Error), self.message);
        if let Some(limit) = self.limit {
            out.push_str(&format!(
                "\n  {}: {}",
                m.plain("label-hint"),
                m.hint(Hint::RaiseLimit(limit))
            ));
        }
        out
    }
}

impl From<crate::cli::fsio::FsError> for Failure {
    fn from(err: crate::cli::fsio::FsError) -> Failure {
        Failure::said(&err.diagnostic())
    }
}

/// Result of one subcommand.
pub type CmdResult = Result<Outcome, Failure>;

/// Parses the arguments, runs the command, prints its error and picks the exit code.
pub fn main() -> ExitCode {
    // The language first: clap's help is already in it.
    #[allow(unused_mut)]
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // A double-click on the program (Windows starts it with no arguments) opens
    // the clerk's desk on the folder it is in, rather than a help text that the
    // closing window takes away.
    #[cfg(windows)]
    if args.len() == 1 {
        args.push("serve".into());
    }
    let env = std::env::var("VANBAN_LANG").ok();
    let (lang, bad_env) = crate::i18n::choose(&args, env.as_deref());
    crate::i18n::set_current(lang);
    let messages = crate::i18n::current();
    if let Some(value) = bad_env {
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            crate::i18n::bad_env_warning(messages, &value)
        );
    }
    let matches = crate::i18n::help::localise(command(), messages).get_matches_from(args);
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    // Ctrl-C or a kill: finish the file being written, then stop (exit 130, as a
    // shell reports an interrupt), so no partial or temporary file is left.
    let _ = ctrlc::set_handler(|| {
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            crate::i18n::current().plain("say-interrupted")
        );
        crate::cli::fsio::exit_between_writes(130)
    });
    let result = match cli.command {
        Command::Render(args) => render::run(args),
        Command::Check(args) => check::run(args),
        Command::Plan(args) => plan::run(args),
        Command::Forms(args) => forms::run(args),
        Command::Nhan(args) => nhan::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Report(args) => report::run(args),
        Command::VanBan(args) => van_ban::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Init(args) => init::run(args),
        Command::Serve(args) => crate::serve::run(args),
        Command::ReadWorkbook(args) => merge::run_read_workbook(args),
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Partial) => ExitCode::from(1),
        Err(failure) => {
            if !matches!(failure.kind, FailureKind::Printed(_)) {
                let _ = writeln!(std::io::stderr().lock(), "{}", failure.text());
            }
            ExitCode::from(match failure.kind {
                FailureKind::Input => 1,
                FailureKind::Internal => 2,
                FailureKind::Printed(code) => code,
            })
        }
    }
}

/// Prints a step's diagnostics (errors on standard error, warnings on standard
/// output) and turns them into the command's result: the exit code follows the
/// worst of them ([`words::exit_code`]).
pub fn conclude(diagnostics: &[Diagnostic], ctx: &words::Context) -> CmdResult {
    for d in diagnostics {
        if d.is_error() {
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "{}", words::line(d, ctx));
        } else {
            say(words::line(d, ctx));
        }
    }
    match words::exit_code(diagnostics) {
        0 => Ok(Outcome::Success),
        code => Err(Failure {
            kind: FailureKind::Printed(code),
            message: String::new(),
            limit: None,
            worded: None,
        }),
    }
}

#[allow(dead_code)] // used by the subcommands as they return diagnostics
/// Prints a diagnostic to standard error, worded in the user's language.
pub fn tell(diagnostic: &vanban::diagnostic::Diagnostic) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", crate::i18n::current().word(diagnostic));
}

/// Opens the memory budget (`--max-memory-mb`) for filling templates: until the
/// region is dropped, a template that would take more memory ends the run with
/// exit 1 and `said` (worded now, in the user's language), and nothing written.
pub fn memory_budget(limits: &vanban::limits::Limits, said: &Diagnostic) -> crate::budget::Region {
    let text = crate::i18n::current().word(said).to_string();
    crate::budget::enter(limits.max_memory_bytes, text)
}

/// The budget's limit in MB, as the message names it.
pub fn memory_mb(limits: &vanban::limits::Limits) -> u64 {
    Limit::Memory.value(limits)
}

/// Prints a line to standard output; a closed pipe (`vanban … | head`) is not an error.
pub fn say(line: impl fmt::Display) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
}
