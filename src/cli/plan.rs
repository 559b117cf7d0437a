//! `vanban plan`.

use super::{CmdResult, Failure};

/// Arguments of `vanban plan`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `vanban plan`.
pub fn run(_args: Args) -> CmdResult {
    Err(Failure::internal(
        "`vanban plan` is not available in this build yet",
    ))
}
