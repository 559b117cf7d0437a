//! `vanban report`: the result report ("Báo cáo kết quả") from the merged figures.
//!
//! Reads the campaign, `out/tong-hop.json`, the body outline and the template;
//! checks that the merge describes exactly the current returns (by content);
//! writes the report and, with `--pdf`, its PDF through LibreOffice.
//!
//! The report and its PDF are a pair ([`vanban::campaign::pair`]): both carry the
//! report's run id. Two files cannot be replaced in one step, so the order makes
//! a mixed pair impossible: a PDF of ours beside the report that carries another
//! run is removed *before* the new report is written, and the new PDF is written
//! after it. A run killed anywhere leaves the old pair, the old report alone, the
//! new report alone, or the new pair; never a new report beside an old PDF.

use std::path::{Path, PathBuf};
use std::process::Command;

use vanban::campaign::pair;
use vanban::campaign::report::{MergeSummary, Reporting};
use vanban::workflow::{self, ReportOptions, ReportOutput};

use super::disk::DiskFolder;
use super::{CmdResult, Failure, conclude, say};

/// Arguments of `vanban report`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The campaign folder (the one holding `campaign.json`).
    pub campaign: PathBuf,
    /// Where to write the report [default: CAMPAIGN/out/bao-cao.docx].
    #[arg(short, long, value_name = "OUT.docx")]
    pub output: Option<PathBuf>,
    /// Also write the PDF beside it, through LibreOffice (must be installed).
    #[arg(long)]
    pub pdf: bool,
    /// Refuse to write the report while the merge has errors.
    #[arg(long)]
    pub strict: bool,
    /// Limits on a campaign's own template (raise one only for a genuine huge file).
    #[command(flatten)]
    pub limits: super::limits::LimitArgs,
}

/// The campaign folder, as the report step writes into it: before the report is
/// replaced, a PDF of an earlier run beside it is removed (see the module's
/// comment). Reads and every other write go to the folder unchanged.
struct ReportFolder<'a> {
    folder: &'a DiskFolder,
    /// The report's path in the folder.
    report: &'a str,
    limits: &'a vanban::limits::Limits,
    /// The stale PDF removed, if one was.
    removed: std::sync::Mutex<Option<PathBuf>>,
}

impl vanban::folder::Folder for ReportFolder<'_> {
    fn read(&self, path: &str) -> Result<Vec<u8>, vanban::folder::FolderError> {
        self.folder.read(path)
    }
    fn list(&self, dir: &str) -> Result<Vec<vanban::folder::Entry>, vanban::folder::FolderError> {
        self.folder.list(dir)
    }
    fn modified(&self, path: &str) -> Option<chrono::NaiveDateTime> {
        self.folder.modified(path)
    }
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), vanban::folder::FolderError> {
        if path == self.report {
            let pdf = self.folder.path(path).with_extension("pdf");
            if let Ok(old) = std::fs::read(&pdf)
                && let Some(old_run) = pair::pdf_run(&old)
                && pair::package_run(bytes, self.limits).as_deref() != Some(old_run.as_str())
            {
                // Said as the report not written, the reason naming the PDF.
                std::fs::remove_file(&pdf).map_err(|e| {
                    vanban::folder::FolderError::Unwritable(format!("`{}`: {e}", pdf.display()))
                })?;
                *self.removed.lock().unwrap_or_else(|e| e.into_inner()) = Some(pdf);
            }
        }
        self.folder.write(path, bytes)
    }
    fn exists(&self, path: &str) -> bool {
        self.folder.exists(path)
    }
    fn same_file(&self, a: &str, b: &str) -> bool {
        self.folder.same_file(a, b)
    }
    fn display(&self, path: &str) -> String {
        self.folder.display(path)
    }
}

/// Runs `vanban report`.
pub fn run(args: Args) -> CmdResult {
    let disk = DiskFolder::new(&args.campaign);
    let options = ReportOptions {
        limits: args.limits.limits(),
        strict: args.strict,
        output: super::plan::output_path(&disk, args.output.as_ref(), workflow::paths::REPORT),
    };
    let folder = ReportFolder {
        folder: &disk,
        report: &options.output,
        limits: &options.limits,
        removed: std::sync::Mutex::new(None),
    };
    let budget = super::memory_budget(
        &options.limits,
        &workflow::campaign_memory(
            &args.campaign.display().to_string(),
            vanban::diagnostic::Step::Report,
            super::memory_mb(&options.limits),
        ),
    );
    let outcome = workflow::report(&folder, &options);
    drop(budget);
    let result = conclude(&outcome.diagnostics, &super::plan::context(&args.campaign));
    let m = crate::i18n::current();
    if let Some(pdf) = folder
        .removed
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
    {
        say(m.text(
            "say-pdf-removed",
            &[("file", pdf.display().to_string().into())],
        ));
    }
    let Some(made) = &outcome.output else {
        return result;
    };
    let output = disk.path(&made.path);
    say(m.text(
        "say-report-wrote",
        &[
            ("file", output.display().to_string().into()),
            ("symbol", made.symbol.as_str().into()),
        ],
    ));
    print_outcome(made, "  ");
    if args.pdf {
        let pdf = convert_to_pdf(&output, "say-pdf-no-libreoffice")?;
        say(m.text(
            "say-pdf-wrote",
            &[("file", pdf.display().to_string().into())],
        ));
    }
    result
}

/// How many names a terminal line lists before "và N đơn vị khác" (the report
/// itself names them all).
const LINE_NAMES: usize = 4;

/// Prints who reported and the merge's problems, briefly, each line starting with
/// `indent` (the demo nests them deeper than `vanban report` does).
pub fn print_outcome(made: &ReportOutput, indent: &str) {
    // A report without figures has no roster to count.
    if made.reporting.units == 0 {
        return;
    }
    for line in reporting_lines(&made.reporting) {
        say(format!("{indent}{line}"));
    }
    print_merge_summary(&made.summary, indent);
}

/// Who reported, in the user's language: the count, then each list of units
/// (not reported, rejected, late) cut after a few names.
pub fn reporting_lines(r: &Reporting) -> Vec<String> {
    let m = crate::i18n::current();
    let mut lines = vec![m.text(
        "say-report-reporting",
        &[("reported", r.reported.into()), ("units", r.units.into())],
    )];
    for (kind, names) in [
        ("not_reported", &r.not_reported),
        ("rejected", &r.rejected),
        ("late", &r.late),
    ] {
        if names.is_empty() {
            continue;
        }
        let shown: Vec<&str> = names.iter().take(LINE_NAMES).map(String::as_str).collect();
        lines.push(m.text(
            "say-report-list",
            &[
                ("kind", kind.into()),
                ("names", shown.join(", ").into()),
                ("more", names.len().saturating_sub(LINE_NAMES).into()),
            ],
        ));
    }
    for (label, units) in &r.left_out {
        lines.push(m.text(
            "say-report-left-out",
            &[
                ("indicator", label.as_str().into()),
                ("units", units.join(", ").into()),
            ],
        ));
    }
    lines
}

/// Prints the merge's error and warning counts and its first problems, worded,
/// each line starting with `indent`.
pub fn print_merge_summary(s: &MergeSummary, indent: &str) {
    if s.errors + s.warnings == 0 {
        return;
    }
    let m = crate::i18n::current();
    say(format!(
        "{indent}{}",
        m.text(
            "say-report-problems",
            &[("errors", s.errors.into()), ("warnings", s.warnings.into())],
        )
    ));
    for d in &s.first {
        let worded = m
            .word(d)
            .to_string()
            .replace('\n', &format!("\n{indent}    "));
        say(format!("{indent}  {worded}"));
    }
    if s.more > 0 {
        say(format!(
            "{indent}  {}",
            m.text("say-report-more", &[("more", s.more.into())])
        ));
    }
}

/// Converts a .docx to PDF beside it with LibreOffice headless; when LibreOffice is
/// missing, fails with the message `missing` (which says what was written).
pub fn convert_to_pdf(docx: &Path, missing: &str) -> Result<PathBuf, Failure> {
    let Some(soffice) = find_soffice() else {
        return Err(Failure::input(
            crate::i18n::current().text(missing, &[("file", docx.display().to_string().into())]),
        ));
    };
    // LibreOffice writes the PDF as it goes: it converts into a private folder and
    // the whole PDF is then written atomically beside the .docx, so an interrupted
    // conversion leaves no half PDF in the output folder.
    let staging = tempfile::tempdir().map_err(Failure::internal)?;
    let dir = staging.path().to_path_buf();
    // A private profile: a LibreOffice the user has open must not block the conversion.
    let profile = tempfile::tempdir().map_err(Failure::internal)?;
    let profile_url = format!(
        "file:///{}",
        profile
            .path()
            .display()
            .to_string()
            .replace('\\', "/")
            .trim_start_matches('/')
    );
    let out = Command::new(&soffice)
        .arg(format!("-env:UserInstallation={profile_url}"))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&dir)
        .arg(docx)
        .output()
        .map_err(|e| {
            Failure::internal(crate::i18n::current().text(
                "say-pdf-failed",
                &[
                    ("file", docx.display().to_string().into()),
                    ("reason", format!("{}: {e}", soffice.display()).into()),
                ],
            ))
        })?;
    let pdf = docx.with_extension("pdf");
    let staged = dir.join(pdf.file_name().unwrap_or_default());
    if !out.status.success() || !staged.is_file() {
        return Err(Failure::internal(
            crate::i18n::current().text(
                "say-pdf-failed",
                &[
                    ("file", docx.display().to_string().into()),
                    (
                        "reason",
                        String::from_utf8_lossy(&out.stderr)
                            .trim()
                            .to_string()
                            .into(),
                    ),
                ],
            ),
        ));
    }
    let bytes = crate::cli::fsio::read(&staged)?;
    crate::cli::fsio::write_atomic(&pdf, &bytes)?;
    Ok(pdf)
}

/// `soffice` on the PATH (or `VANBAN_SOFFICE`), or where the installers put it.
pub(crate) fn find_soffice() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("VANBAN_SOFFICE") {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let names: &[&str] = if cfg!(windows) {
        &["soffice.exe", "soffice.com"]
    } else {
        &["soffice", "libreoffice"]
    };
    if let Some(paths) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&paths) {
            for name in names {
                let candidate = dir.join(name);
                if candidate.is_file() {
                    return Some(candidate);
                }
            }
        }
    }
    let known = [
        r"C:\Program Files\LibreOffice\program\soffice.exe",
        r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    ];
    known.iter().map(PathBuf::from).find(|p| p.is_file())
}
