//! `vanban report`: the result report ("Báo cáo kết quả") from the merged figures.
//!
//! Reads the campaign, `out/tong-hop.json`, the body outline and the template;
//! checks that the merge is not older than the returns; writes the report and,
//! with `--pdf`, its PDF through LibreOffice.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use vanban::campaign::Campaign;
use vanban::campaign::report::{self, MergeSummary};

use super::{CmdResult, Failure, Outcome, say};

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
    let folder = &args.campaign;
    let campaign = read_campaign(folder)?;
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| folder.join("out").join("bao-cao.docx"));
    let made = make_report(
        folder,
        &campaign,
        &output,
        args.strict,
        &args.limits.limits(),
    )?;
    say(format!(
        "wrote {} (Báo cáo số {})",
        output.display(),
        made.symbol
    ));
    print_outcome(&made);
    if args.pdf {
        let pdf = convert_to_pdf(&output)?;
        say(format!("wrote {}", pdf.display()));
    }
    Ok(Outcome::Success)
}

/// What `make_report` wrote, for the messages.
pub struct Made {
    /// The report's symbol (`09/BC-LĐLĐ`).
    pub symbol: String,
    /// Who reported, in one short line.
    pub reporting: String,
    /// The merge's problems, summarised.
    pub summary: MergeSummary,
    /// Warnings from filling the template.
    pub template_warnings: Vec<String>,
}

/// Reads and parses `FOLDER/campaign.json`.
pub fn read_campaign(folder: &Path) -> Result<Campaign, Failure> {
    let path = folder.join("campaign.json");
    if !path.is_file() {
        return Err(Failure::input(format!(
            "`{}` is not a campaign folder: it has no campaign.json (make one with `vanban init DIR`)",
            folder.display()
        )));
    }
    let text = read_text(&path)?;
    Campaign::from_json(&path.display().to_string(), &text).map_err(Failure::input)
}

/// Checks the merge, fills the report and writes it to `output`.
pub fn make_report(
    folder: &Path,
    campaign: &Campaign,
    output: &Path,
    strict: bool,
    limits: &vanban::limits::Limits,
) -> Result<Made, Failure> {
    let merged_path = folder.join("out").join("tong-hop.json");
    let merged_name = merged_path.display().to_string();
    let merged_time = modified(&merged_path);
    let returns = returned_files(&folder.join("returns"));
    let fresh = report::freshness(merged_time, &returns);
    report::require_fresh(&fresh, &merged_name, &folder.display().to_string())
        .map_err(Failure::input)?;
    let merged =
        report::parse_merged(&merged_name, &read_text(&merged_path)?).map_err(Failure::input)?;
    if strict {
        report::check_strict(&merged).map_err(Failure::input)?;
    }

    let body_path = folder.join(&campaign.report.body);
    let body_text = read_text(&body_path)?;
    let own_template = folder.join("templates").join(report::TEMPLATE_FILE);
    let template = if own_template.is_file() {
        crate::cli::fsio::read(&own_template)?
    } else {
        report::builtin_template().to_vec()
    };
    let campaign_file = folder.join("campaign.json");
    let mut inputs: Vec<&Path> = vec![&merged_path, &body_path, &campaign_file];
    if own_template.is_file() {
        inputs.push(&own_template);
    }
    crate::cli::fsio::ensure_not_input(output, &inputs)?;

    let template_name = if own_template.is_file() {
        own_template.display().to_string()
    } else {
        format!("built-in {}", report::TEMPLATE_FILE)
    };
    let body_name = body_path.display().to_string();
    let sources = report::ReportSources {
        merged_name: &merged_name,
        body_name: &body_name,
        body_text: &body_text,
        template_name: &template_name,
        template: &template,
    };
    let built = report::build_report(campaign, &merged, sources, limits)
        .map_err(|e| Failure::refused("", &e))?;
    crate::cli::fsio::write_atomic(output, &built.bytes)?;
    Ok(Made {
        symbol: campaign.symbol(&campaign.report),
        reporting: built.reporting_line,
        summary: report::summarize_issues(&merged),
        template_warnings: built.warnings,
    })
}

/// Prints who reported and the merge's problems, briefly.
pub fn print_outcome(made: &Made) {
    say(format!("  {}", made.reporting));
    print_merge_summary(&made.summary, "  ");
    for w in &made.template_warnings {
        say(format!("  warning: {w}"));
    }
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

fn read_text(path: &Path) -> Result<String, Failure> {
    let bytes = crate::cli::fsio::read(path)?;
    String::from_utf8(bytes)
        .map_err(|_| Failure::input(format!("`{}` is not UTF-8 text", path.display())))
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The returned spreadsheets in `returns/` and its subfolders (the kinds `vanban
/// merge` reads; hidden and Office lock files left out), named as the user sees
/// them, with their modification times.
fn returned_files(dir: &Path) -> Vec<(String, SystemTime)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name.starts_with("~$") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else if let Some(t) = modified(&path).filter(|_| is_spreadsheet(&path)) {
                out.push((path.display().to_string(), t));
            }
        }
    }
    out
}

fn is_spreadsheet(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .is_some_and(|e| ["xlsx", "xlsm", "xlsb", "xls", "ods"].contains(&e.as_str()))
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
