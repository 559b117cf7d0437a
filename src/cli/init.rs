//! `vanban init DIR`: a new campaign folder, copied from the built-in sample, for the
//! user to edit.

use std::path::PathBuf;

use crate::cli::fsio;
use vanban::campaign::sample;

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
    // The built-in templates, as models to restyle: a copy saved as
    // `templates/ke-hoach.docx` (or `bao-cao.docx`) overrides the built-in one.
    for (name, bytes) in [
        ("ke-hoach.docx", vanban::templates::PLAN),
        ("bao-cao.docx", vanban::templates::REPORT),
    ] {
        fsio::write_atomic(&args.dir.join("templates").join("mau").join(name), bytes)?;
    }
    let returns = args.dir.join("returns");
    std::fs::create_dir_all(&returns).map_err(|source| {
        Failure::internal(format!("cannot create `{}`: {source}", returns.display()))
    })?;
    say(format!(
        "created {dir}: campaign.json, ke-hoach.txt, bao-cao.txt, returns/, templates/mau/\n\
         next: edit campaign.json (issuer, signer, plan, units, indicators) and ke-hoach.txt, then run `vanban plan {dir}`\n\
         to restyle the plan, open templates/mau/ke-hoach.docx in Word and save it as templates/ke-hoach.docx",
        dir = args.dir.display()
    ));
    Ok(Outcome::Success)
}
