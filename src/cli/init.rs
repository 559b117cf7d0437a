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
            return Err(Failure::input(crate::i18n::current().text(
                "say-init-exists",
                &[("dir", args.dir.display().to_string().into())],
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
    // `templates/ke-hoach.docx` (or `bao-cao.docx`) overrides the built-in one;
    // `van-ban.docx` is the template of any document (`mau:` in its source).
    for (name, bytes) in [
        ("ke-hoach.docx", vanban::templates::PLAN),
        ("bao-cao.docx", vanban::templates::REPORT),
        ("van-ban.docx", vanban::templates::VAN_BAN),
    ] {
        fsio::write_atomic(&args.dir.join("templates").join("mau").join(name), bytes)?;
    }
    let returns = args.dir.join("returns");
    std::fs::create_dir_all(&returns).map_err(|source| {
        Failure::said(
            &vanban::diagnostic::Diagnostic::error(
                vanban::folder::UNWRITABLE,
                vanban::diagnostic::Location::file(returns.display().to_string()),
            )
            .arg("reason", source.to_string()),
        )
    })?;
    let m = crate::i18n::current();
    let dir = args.dir.display().to_string();
    say(m.text("say-init-created", &[("dir", dir.as_str().into())]));
    say(m.text(
        "say-init-next",
        &[("dir", crate::i18n::diagnostic::shell_word(&dir).into())],
    ));
    say(m.plain("say-init-restyle"));
    Ok(Outcome::Success)
}
