//! `vanban demo`.

use super::{CmdResult, Failure};

/// Arguments of `vanban demo`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `vanban demo`.
pub fn run(_args: Args) -> CmdResult {
    Err(Failure::internal(
        "`vanban demo` is not available in this build yet",
    ))
}
