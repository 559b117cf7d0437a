//! Integration tests: the real `vanban` binary run in a temporary folder.
//! One module per subcommand; `common` holds the runner.

mod common;

mod check;
mod demo;
mod forms;
mod i18n;
mod merge;
mod nhan;
mod plan;
mod render;
mod report;
mod rollup;
mod serve;
mod van_ban;
mod workflow;

#[path = "../hostile/mod.rs"]
mod hostile;
