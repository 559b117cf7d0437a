//! `vanban init`.

use super::{CmdResult, Failure};

/// Arguments of `vanban init`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `vanban init`.
pub fn run(_args: Args) -> CmdResult {
    Err(Failure::internal(
        "`vanban init` is not available in this build yet",
    ))
}
