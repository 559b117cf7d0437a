//! `vanban plan CAMPAIGN [-o OUT.docx]`: the official plan ("Kế hoạch") of a campaign.

use std::path::PathBuf;

use vanban::workflow::{self, PlanOptions};

use super::disk::DiskFolder;
use super::{CmdResult, conclude, say, words};

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

/// The folder path of an output the user named with `-o`, or the default.
pub fn output_path(folder: &DiskFolder, given: Option<&PathBuf>, default: &str) -> String {
    match given {
        Some(p) => {
            let absolute = std::path::absolute(p).unwrap_or_else(|_| p.clone());
            absolute.display().to_string()
        }
        None => {
            let _ = folder;
            default.to_string()
        }
    }
}

/// The wording context of a campaign command.
pub fn context(campaign: &std::path::Path) -> words::Context {
    words::Context {
        campaign: Some(campaign.display().to_string()),
    }
}

/// Runs `vanban plan`.
pub fn run(args: Args) -> CmdResult {
    let folder = DiskFolder::new(&args.campaign);
    let options = PlanOptions {
        limits: args.limits.limits(),
        output: output_path(&folder, args.output.as_ref(), workflow::paths::PLAN),
    };
    let budget = super::memory_budget(
        &options.limits,
        &workflow::campaign_memory(
            &args.campaign.display().to_string(),
            vanban::diagnostic::Step::Plan,
            super::memory_mb(&options.limits),
        ),
    );
    let outcome = workflow::plan(&folder, &options);
    drop(budget);
    let result = conclude(&outcome.diagnostics, &context(&args.campaign));
    if let Some(made) = &outcome.output {
        say(crate::i18n::current().text(
            "say-plan-wrote",
            &[
                ("file", folder.display_path(&made.path).to_string().into()),
                ("symbol", made.symbol.as_str().into()),
                (
                    "template",
                    made.template.as_deref().unwrap_or("builtin").into(),
                ),
            ],
        ));
    }
    result
}
