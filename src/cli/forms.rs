//! `vanban forms`: one reporting form (.xlsx) per unit of the roster.

use std::path::PathBuf;

use vanban::workflow::{self, FormsOptions};

use super::disk::DiskFolder;
use super::{CmdResult, conclude, say};

/// Arguments of `vanban forms`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The campaign folder (holding `campaign.json`).
    pub campaign: PathBuf,
    /// Folder for the forms (default `CAMPAIGN/out/bieu-mau/`).
    #[arg(short = 'o', long = "out")]
    pub out: Option<PathBuf>,
}

/// Runs `vanban forms`.
pub fn run(args: Args) -> CmdResult {
    let folder = DiskFolder::new(&args.campaign);
    let options = FormsOptions {
        output: super::plan::output_path(&folder, args.out.as_ref(), workflow::paths::FORMS),
        ..FormsOptions::default()
    };
    let outcome = workflow::forms(&folder, &options);
    let result = conclude(&outcome.diagnostics, &super::plan::context(&args.campaign));
    if let Some(made) = &outcome.output {
        say(crate::i18n::current().text(
            "say-forms-wrote",
            &[
                ("count", made.paths.len().into()),
                (
                    "folder",
                    folder.display_path(&made.folder).to_string().into(),
                ),
            ],
        ));
    }
    result
}
