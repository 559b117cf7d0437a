//! `vanban`: the official documents of a Vietnamese district trade-union federation
//! (Liên đoàn Lao động huyện) and a general Word template filler.
//!
//! The library is pure where it can be: [`docx`] and [`vn`] take bytes or values and
//! return bytes or values. Only the command layer (the `vanban` binary) reads files,
//! reads the clock and prints. [`fsio`] holds the few file helpers every command
//! shares (atomic writes, refusing to overwrite inputs), and [`limits`] the limits
//! every input path respects.
#![forbid(unsafe_code)]

pub mod campaign;
pub mod docx;
pub mod fsio;
pub mod layout;
pub mod limits;
pub mod package;
pub mod sheets;
pub mod vn;
