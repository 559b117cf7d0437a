//! `vanban forms`: one reporting form (.xlsx) per unit of the roster.

use std::path::PathBuf;

use crate::cli::fsio;
use vanban::campaign::Campaign;
use vanban::sheets::forms;

use super::{CmdResult, Failure, Outcome, say};

/// Arguments of `vanban forms`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The campaign folder (holding `campaign.json`).
    pub campaign: PathBuf,
    /// Folder for the forms (default `CAMPAIGN/out/bieu-mau/`).
    #[arg(short = 'o', long = "out")]
    pub out: Option<PathBuf>,
}

/// Reads `CAMPAIGN/campaign.json`, naming the file in errors.
pub fn load_campaign(dir: &std::path::Path) -> Result<Campaign, Failure> {
    let path = dir.join("campaign.json");
    let bytes = fsio::read(&path)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Failure::input(format!("`{}` is not UTF-8 text", path.display())))?;
    Campaign::from_json(&path.display().to_string(), &text).map_err(Failure::input)
}

/// Runs `vanban forms`.
pub fn run(args: Args) -> CmdResult {
    let campaign = load_campaign(&args.campaign)?;
    let out = args
        .out
        .unwrap_or_else(|| args.campaign.join("out").join("bieu-mau"));
    let units = &campaign.reporting.units;
    if units.is_empty() {
        return Err(Failure::input(
            "the campaign's roster (`reporting.units`) is empty",
        ));
    }
    for unit in units {
        let bytes = forms::build_form(&campaign, unit).map_err(Failure::internal)?;
        fsio::write_atomic(&out.join(forms::form_file_name(unit)), &bytes)?;
    }
    say(format!(
        "wrote {} form{} to {}",
        units.len(),
        if units.len() == 1 { "" } else { "s" },
        out.display()
    ));
    Ok(Outcome::Success)
}
