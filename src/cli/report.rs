//! `vanban report`: the result report ("Báo cáo kết quả") from the merged figures.
//!
//! Reads the campaign, `out/tong-hop.json`, the body outline and the template;
//! checks that the merge describes exactly the current returns (by content);
//! writes the report and, with `--pdf`, its PDF through LibreOffice.

use std::path::{Path, PathBuf};
use std::process::Command;

use vanban::campaign::report::MergeSummary;
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

/// Runs `vanban report`.
pub fn run(args: Args) -> CmdResult {
    let folder = DiskFolder::new(&args.campaign);
    let options = ReportOptions {
        limits: args.limits.limits(),
        strict: args.strict,
        word: vanban::wording::describe,
        output: super::plan::output_path(&folder, args.output.as_ref(), workflow::paths::REPORT),
    };
    let outcome = workflow::report(&folder, &options);
    let result = conclude(&outcome.diagnostics, &super::plan::context(&args.campaign));
    let Some(made) = &outcome.output else {
        return result;
    };
    let output = folder.path(&made.path);
    say(format!(
        "wrote {} (Báo cáo số {})",
        output.display(),
        made.symbol
    ));
    print_outcome(made);
    if args.pdf {
        let pdf = convert_to_pdf(&output)?;
        say(format!("wrote {}", pdf.display()));
    }
    result
}

/// Prints who reported and the merge's problems, briefly.
pub fn print_outcome(made: &ReportOutput) {
    say(format!("  {}", made.reporting));
    print_merge_summary(&made.summary, "  ");
}

/// Prints the merge's error and warning counts and its first problems, each line
/// starting with `indent` (the demo nests them deeper than `vanban report` does).
pub fn print_merge_summary(s: &MergeSummary, indent: &str) {
    if s.errors + s.warnings == 0 {
        return;
    }
    say(format!(
        "{indent}the merge found {} error(s) and {} warning(s):",
        s.errors, s.warnings
    ));
    for line in &s.lines {
        say(format!("{indent}  {line}"));
    }
    if s.more > 0 {
        say(format!(
            "{indent}  … and {} more (all in out/tong-hop.xlsx, sheet \"Lỗi và cảnh báo\")",
            s.more
        ));
    }
}

/// Converts a .docx to PDF beside it with LibreOffice headless; says how to install
/// LibreOffice when it is missing.
pub fn convert_to_pdf(docx: &Path) -> Result<PathBuf, Failure> {
    let Some(soffice) = find_soffice() else {
        return Err(Failure::input(format!(
            "the report was written to `{}`, but no PDF: LibreOffice is not installed.\n  \
             Windows/macOS: install it from https://www.libreoffice.org/download/ and run again;\n  \
             Debian/Ubuntu: `sudo apt install libreoffice-writer`; Fedora: `sudo dnf install libreoffice-writer`.\n  \
             Or open the .docx in Word and use File › Save As › PDF.",
            docx.display()
        )));
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
        .map_err(|e| Failure::internal(format!("cannot run `{}`: {e}", soffice.display())))?;
    let pdf = docx.with_extension("pdf");
    let staged = dir.join(pdf.file_name().unwrap_or_default());
    if !out.status.success() || !staged.is_file() {
        return Err(Failure::internal(format!(
            "LibreOffice could not convert `{}` to PDF: {}",
            docx.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    let bytes = crate::cli::fsio::read(&staged)?;
    crate::cli::fsio::write_atomic(&pdf, &bytes)?;
    Ok(pdf)
}

/// `soffice` on the PATH (or `VANBAN_SOFFICE`), or where the installers put it.
fn find_soffice() -> Option<PathBuf> {
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
