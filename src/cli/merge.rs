//! `vanban merge`.

use super::{CmdResult, Failure};

/// Arguments of `vanban merge`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `vanban merge`.
pub fn run(_args: Args) -> CmdResult {
    Err(Failure::internal(
        "`vanban merge` is not available in this build yet",
    ))
}
