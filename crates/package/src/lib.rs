//! Untrusted zip packages (.docx, .xlsx, .ods) and the limits every input path
//! respects.
//!
//! [`limits`] holds the one table of limits; [`package`] opens a zip package from
//! memory after checking it against them. Pure: bytes in, values out; nothing here
//! touches the file system, the clock or the environment, and nothing knows Word,
//! Excel or Vietnamese.
#![forbid(unsafe_code)]

pub mod limits;
pub mod package;
pub mod unpacked;

pub use limits::{Limit, Limited, Limits};
