//! `vanban plan CAMPAIGN [-o OUT.docx]`: the official plan ("Kế hoạch") of a campaign.

use std::path::{Path, PathBuf};

use crate::cli::fsio;
use vanban::campaign::Campaign;
use vanban::campaign::plan::{self, PlanSources};

use super::{CmdResult, Failure, Outcome, say};

/// Arguments of `vanban plan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The campaign folder (holding campaign.json).
    pub campaign: PathBuf,
    /// Where to write the plan [default: CAMPAIGN/out/ke-hoach.docx].
    #[arg(short, long, value_name = "OUT.docx")]
    pub output: Option<PathBuf>,
    /// Limits on the template read (a campaign's own template is a file like any other).
    #[command(flatten)]
    pub limits: super::limits::LimitArgs,
}

/// Reads and checks `CAMPAIGN/campaign.json`, naming the file in every message.
pub fn load_campaign(dir: &Path) -> Result<(PathBuf, Campaign), Failure> {
    let path = dir.join("campaign.json");
    if !dir.is_dir() {
        return Err(Failure::input(format!(
            "`{}` is not a campaign folder (a folder holding campaign.json)",
            dir.display()
        )));
    }
    let text = read_text(&path)?;
    let campaign =
        Campaign::from_json(&path.display().to_string(), &text).map_err(Failure::input)?;
    Ok((path, campaign))
}

/// Reads a UTF-8 text file a clerk may have saved with Notepad (which may add a byte
/// order mark).
pub fn read_text(path: &Path) -> Result<String, Failure> {
    let bytes = fsio::read(path)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Failure::input(format!(
            "`{}` is not UTF-8 text (save it as UTF-8 in the editor)",
            path.display()
        ))
    })?;
    Ok(match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// The campaign's own template `CAMPAIGN/templates/NAME` when present, else the
/// built-in one: its name for messages, its path (if a file) and its bytes.
pub fn pick_template(
    dir: &Path,
    name: &str,
    builtin: &'static [u8],
) -> Result<(String, Option<PathBuf>, Vec<u8>), Failure> {
    let own = dir.join("templates").join(name);
    if own.is_file() {
        let bytes = fsio::read(&own)?;
        Ok((own.display().to_string(), Some(own), bytes))
    } else {
        Ok((format!("built-in {name}"), None, builtin.to_vec()))
    }
}

/// Runs `vanban plan`.
pub fn run(args: Args) -> CmdResult {
    let (campaign_path, campaign) = load_campaign(&args.campaign)?;
    let body_path = args.campaign.join(&campaign.plan.body);
    let body_text = read_text(&body_path)?;
    let (template_name, template_path, template) =
        pick_template(&args.campaign, plan::TEMPLATE_NAME, plan::BUILTIN_TEMPLATE)?;

    let output = args
        .output
        .unwrap_or_else(|| args.campaign.join("out").join("ke-hoach.docx"));
    let mut inputs: Vec<&Path> = vec![&campaign_path, &body_path];
    if let Some(p) = &template_path {
        inputs.push(p);
    }
    fsio::ensure_not_input(&output, &inputs)?;

    let body_name = body_path.display().to_string();
    let options = vanban::docx::RenderOptions {
        strict: true,
        limits: args.limits.limits(),
        extensions: vanban::filters::extensions(),
    };
    let built = plan::build(
        &campaign,
        PlanSources {
            body_name: &body_name,
            body_text: &body_text,
            template_name: &template_name,
            template: &template,
        },
        &options,
    )
    .map_err(|e| Failure::refused("", &e))?;
    fsio::write_atomic(&output, &built.bytes)?;
    for warning in &built.warnings {
        say(format!("warning: {warning}"));
    }
    say(format!(
        "wrote {} (plan {}, template: {template_name})",
        output.display(),
        campaign.symbol(&campaign.plan)
    ));
    Ok(Outcome::Success)
}
