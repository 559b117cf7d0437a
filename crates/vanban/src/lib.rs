//! `vanban`: the application library behind the `vanban` command — reporting
//! campaigns of a Vietnamese trade-union federation (plan, forms, the merge of the
//! returns, the result report) and mail merge over Word templates.
//!
//! Pure: no file system, environment, clock, threads or terminal. Everything it
//! reads and writes goes through the caller (bytes in, bytes out), so the command
//! line, the demo and the tests run the same code.
//!
//! The crates below it are re-exported under their short names: [`vn`] (Vietnamese
//! conventions), [`docx`] (the template engine), [`limits`] and [`package`]
//! (untrusted zip packages).

pub use vanban_docx as docx;
pub use vanban_package::{limits, package, unpacked};
pub use vn;

pub mod campaign;
pub mod diagnostic;
pub mod filters;
pub mod folder;
pub mod numbers;
pub mod rows;
pub mod sheets;
pub mod templates;
pub mod tonghop;
pub mod van_ban;
pub mod workflow;
