//! `vanban report`.

use super::{CmdResult, Failure};

/// Arguments of `vanban report`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `vanban report`.
pub fn run(_args: Args) -> CmdResult {
    Err(Failure::internal(
        "`vanban report` is not available in this build yet",
    ))
}
