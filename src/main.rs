//! The `vanban` command: parse arguments, call the library, print, choose the exit code.
#![forbid(unsafe_code)]

mod cli;
mod i18n;

fn main() -> std::process::ExitCode {
    cli::main()
}
