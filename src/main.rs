//! The `vanban` command: parse arguments, call the library, print, choose the exit code.
// Denied, not forbidden: `budget` (a counting allocator) is the one exception.
#![deny(unsafe_code)]

mod beside;
mod budget;
mod cli;
mod i18n;
mod serve;

/// Every allocation is counted, so filling a template stays within its memory
/// budget (`--max-memory-mb`) instead of exhausting the machine.
#[global_allocator]
static ALLOCATOR: budget::Counting = budget::Counting;

fn main() -> std::process::ExitCode {
    cli::main()
}
