//! `vanban forms`.

use super::{CmdResult, Failure};

/// Arguments of `vanban forms`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `vanban forms`.
pub fn run(_args: Args) -> CmdResult {
    Err(Failure::internal(
        "`vanban forms` is not available in this build yet",
    ))
}
