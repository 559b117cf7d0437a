//! `vanban init DIR`: a new campaign folder, copied from the built-in sample, for the
//! user to edit.

use std::path::PathBuf;

use vanban::campaign::sample;
use vanban::fsio;

use super::{CmdResult, Failure, Outcome, say};

/// Arguments of `vanban init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to create (it must not exist, or be empty).
    pub dir: PathBuf,
}

/// Runs `vanban init`.
pub fn run(args: Args) -> CmdResult {
    if args.dir.exists() {
        let is_empty_dir = std::fs::read_dir(&args.dir)
            .map(|mut entries| entries.next().is_none())
            .unwrap_or(false);
        if !is_empty_dir {
            return Err(Failure::input(format!(
                "`{}` already exists and is not an empty folder; choose a new folder name",
                args.dir.display()
            )));
        }
    }
    // The new campaign is named after its folder, so its forms are not mistaken
    // for the sample's when returns are merged.
    let id = args
        .dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "chien-dich".to_string());
    for (name, text) in sample::FILES {
        let text = if *name == "campaign.json" {
            sample::with_id(text, &id)
        } else {
            text.to_string()
        };
        fsio::write_atomic(&args.dir.join(name), text.as_bytes())?;
    }
    for folder in ["returns", "templates"] {
        let path = args.dir.join(folder);
        std::fs::create_dir_all(&path).map_err(|source| {
            Failure::internal(format!("cannot create `{}`: {source}", path.display()))
        })?;
    }
    say(format!(
        "created {dir}: campaign.json, ke-hoach.txt, bao-cao.txt, returns/, templates/\n\
         next: edit campaign.json (issuer, signer, plan, units, indicators) and ke-hoach.txt, then run `vanban plan {dir}`",
        dir = args.dir.display()
    ));
    Ok(Outcome::Success)
}
