//! `vanban check`.

use super::{CmdResult, Failure};

/// Arguments of `vanban check`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `vanban check`.
pub fn run(_args: Args) -> CmdResult {
    Err(Failure::internal(
        "`vanban check` is not available in this build yet",
    ))
}
