//! `vanban render`.

use super::{CmdResult, Failure};

/// Arguments of `vanban render`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `vanban render`.
pub fn run(_args: Args) -> CmdResult {
    Err(Failure::internal(
        "`vanban render` is not available in this build yet",
    ))
}
