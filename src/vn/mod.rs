//! Vietnamese conventions: dates, numbers, numbers in words, point letters, roman
//! numerals, collation, Unicode normalisation and legacy TCVN3/VNI text repair, and
//! the Tera filters that expose them to templates.
//!
//! Pure and table-tested: values in, values out. Nothing here reads files or the
//! clock.

pub mod collate;
pub mod date;
pub mod filters;
pub mod legacy;
pub mod number;
pub mod numbering;
pub mod text;

pub use numbering::{RangeError, doc_number, roman, vn_letter};
