//! Vietnamese conventions: dates, numbers, numbers in words, point letters, roman
//! numerals, collation, Unicode normalisation and legacy TCVN3/VNI text repair.
//!
//! Pure and table-tested: values in, values out. Nothing here reads files or the
//! clock, and nothing depends on a template engine (the Tera filters over these
//! conventions live in the application crate, `vanban::filters`).

pub mod collate;
pub mod date;
pub mod legacy;
pub mod number;
pub mod numbering;
pub mod text;

pub use numbering::{RangeError, doc_number, roman, vn_letter};
