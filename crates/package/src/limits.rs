//! The limits every input path respects, in one place.
//!
//! Returned spreadsheets and templates are untrusted input: a zip bomb, a sheet that
//! declares a billion cells or a template looping over ten million items must end in
//! a clear error naming the file and the limit, never in an exhausted machine. Each
//! limit can be raised for the rare honest huge file, but how is the front end's
//! business: an error here names the [`Limit`] in plain words and says which one
//! through [`Limited::limit`], and never names a command-line flag.
//!
//! With the defaults, every command stays under [`MEMORY_BOUND_MB`] of address space
//! on any input (the hostile-input tests run the binary under that rlimit).

use std::cell::Cell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// The address space, in MB, a `vanban` command needs at most with the default
/// limits, whatever its input. The hostile-input tests enforce it with an rlimit.
pub const MEMORY_BOUND_MB: u64 = 1536;

/// The limits in force for one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Total bytes a package (docx, xlsx, ods) may decompress to.
    pub max_unpacked_bytes: u64,
    /// Number of entries a package may hold.
    pub max_zip_entries: usize,
    /// Largest ratio of decompressed to compressed size for one entry
    /// (real Office XML compresses at most about 1:30; bombs reach 1:1000).
    pub max_compression_ratio: u64,
    /// Deepest XML element nesting accepted.
    pub max_xml_depth: usize,
    /// Cells one sheet may hold.
    pub max_cells_per_sheet: u64,
    /// Rows a mail merge may have.
    pub max_merge_rows: usize,
    /// Bytes one written document (and each part of it) may have.
    pub max_output_bytes: u64,
    /// Values (numbers, texts, list items, fields) a JSON data file may hold in all:
    /// bounds the memory the data takes and how often a template's loops can run.
    pub max_data_values: u64,
    /// Iterations a template's loops may run in all for one document: a loop over
    /// a huge range (`{% for i in range(end=10000000) %}`) stops with an error.
    pub max_loop_iterations: u64,
    /// Bytes of memory a command may hold while it fills templates (a template that
    /// doubles a text forty times asks for a terabyte). The library cannot count
    /// memory without an allocator of its own: the front end enforces this one
    /// (the `vanban` binary counts every allocation while a template is filled).
    pub max_memory_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_unpacked_bytes: 512 * 1024 * 1024,
            max_zip_entries: 10_000,
            max_compression_ratio: 200,
            max_xml_depth: 256,
            max_cells_per_sheet: 5_000_000,
            max_merge_rows: 100_000,
            max_output_bytes: 256 * 1024 * 1024,
            max_data_values: 2_000_000,
            max_loop_iterations: 5_000_000,
            // Room for the rest of a command (the program, the template's tree,
            // the data) under `MEMORY_BOUND_MB`.
            max_memory_bytes: 1024 * 1024 * 1024,
        }
    }
}

/// One of the limits, to name it in messages; a front end maps it to the way its
/// user raises it (a command-line flag, a settings field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    /// [`Limits::max_unpacked_bytes`].
    UnpackedSize,
    /// [`Limits::max_zip_entries`].
    ZipEntries,
    /// [`Limits::max_compression_ratio`].
    CompressionRatio,
    /// [`Limits::max_xml_depth`].
    XmlDepth,
    /// [`Limits::max_cells_per_sheet`].
    CellsPerSheet,
    /// [`Limits::max_merge_rows`].
    MergeRows,
    /// [`Limits::max_output_bytes`].
    OutputSize,
    /// [`Limits::max_data_values`].
    DataValues,
    /// [`Limits::max_loop_iterations`].
    LoopIterations,
    /// [`Limits::max_memory_bytes`].
    Memory,
}

impl Limit {
    /// Every limit, in the order the README lists them.
    pub const ALL: [Limit; 10] = [
        Limit::UnpackedSize,
        Limit::ZipEntries,
        Limit::CompressionRatio,
        Limit::XmlDepth,
        Limit::CellsPerSheet,
        Limit::MergeRows,
        Limit::OutputSize,
        Limit::DataValues,
        Limit::LoopIterations,
        Limit::Memory,
    ];

    /// What it limits, in plain words.
    pub fn what(self) -> &'static str {
        match self {
            Limit::UnpackedSize => "unpacked size of a package",
            Limit::ZipEntries => "entries in a package",
            Limit::CompressionRatio => "compression ratio of a package entry",
            Limit::XmlDepth => "XML nesting depth",
            Limit::CellsPerSheet => "cells per sheet",
            Limit::MergeRows => "rows in a mail merge",
            Limit::OutputSize => "size of a written document",
            Limit::DataValues => "values in a JSON data file",
            Limit::LoopIterations => "loop iterations in one document",
            Limit::Memory => "memory used while filling templates",
        }
    }

    /// Its value in `limits`, in the unit a user gives it in (MB for sizes).
    pub fn value(self, limits: &Limits) -> u64 {
        const MB: u64 = 1024 * 1024;
        match self {
            Limit::UnpackedSize => limits.max_unpacked_bytes / MB,
            Limit::ZipEntries => limits.max_zip_entries as u64,
            Limit::CompressionRatio => limits.max_compression_ratio,
            Limit::XmlDepth => limits.max_xml_depth as u64,
            Limit::CellsPerSheet => limits.max_cells_per_sheet,
            Limit::MergeRows => limits.max_merge_rows as u64,
            Limit::OutputSize => limits.max_output_bytes / MB,
            Limit::DataValues => limits.max_data_values,
            Limit::LoopIterations => limits.max_loop_iterations,
            Limit::Memory => limits.max_memory_bytes / MB,
        }
    }
}

/// `the limit on rows in a mail merge`: which limit, in plain words, without saying
/// how to raise it (that is the front end's hint).
impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the limit on {}", self.what())
    }
}

/// An error that a limit may have caused. The front end asks which limit, to add
/// its own hint on how to raise it (`--max-rows` on the command line); the error's
/// message only names the limit in plain words. Decide on this, never on the text.
pub trait Limited {
    /// The limit that stopped the work, if a limit did.
    fn limit(&self) -> Option<Limit>;
}

/// Why a JSON data file was refused before it was loaded. The caller adds the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DataError {
    /// More values than [`Limits::max_data_values`].
    #[error("the data holds more than {limit} values ({})", Limit::DataValues)]
    TooManyValues {
        /// The limit in force.
        limit: u64,
    },
    /// Not JSON at all (line and column in the message).
    #[error("not valid JSON: {0}")]
    Json(String),
}

impl Limited for DataError {
    fn limit(&self) -> Option<Limit> {
        match self {
            DataError::TooManyValues { .. } => Some(Limit::DataValues),
            DataError::Json(_) => None,
        }
    }
}

/// Checks a JSON text against [`Limits::max_data_values`] without building it: a
/// streaming pass that counts values and allocates nothing, so ten million items
/// are refused in a fraction of a second and a few MB. Call it before
/// `serde_json::from_str` on any data file.
pub fn check_json(text: &str, limits: &Limits) -> Result<(), DataError> {
    let left = Cell::new(Some(limits.max_data_values));
    let mut de = serde_json::Deserializer::from_str(text);
    let counted = Counter { left: &left }.deserialize(&mut de);
    match counted.and_then(|()| de.end()) {
        Ok(()) => Ok(()),
        Err(_) if left.get().is_none() => Err(DataError::TooManyValues {
            limit: limits.max_data_values,
        }),
        Err(e) => Err(DataError::Json(e.to_string())),
    }
}

/// Counts values down; `None` once the limit is passed.
struct Counter<'a> {
    left: &'a Cell<Option<u64>>,
}

impl Counter<'_> {
    fn take<E: serde::de::Error>(&self) -> Result<(), E> {
        match self.left.get() {
            Some(0) | None => {
                self.left.set(None);
                Err(E::custom("too many values"))
            }
            Some(n) => {
                self.left.set(Some(n - 1));
                Ok(())
            }
        }
    }
}

impl<'de> DeserializeSeed<'de> for Counter<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Counter<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.take()
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.take()
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.take()
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.take()
    }
    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<(), E> {
        self.take()
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.take()
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.take()?;
        while seq
            .next_element_seed(Counter { left: self.left })?
            .is_some()
        {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.take()?;
        while map.next_key::<IgnoredAny>()?.is_some() {
            map.next_value_seed(Counter { left: self.left })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(values: u64) -> Limits {
        Limits {
            max_data_values: values,
            ..Limits::default()
        }
    }

    #[test]
    fn counts_every_value_and_refuses_past_the_limit() {
        for (text, values) in [
            ("1", 1),
            ("[]", 1),
            ("[1, 2, 3]", 4),
            (r#"{"a": [1, {"b": null}], "c": "x"}"#, 6),
            (r#"{"a": true}"#, 2),
        ] {
            assert_eq!(check_json(text, &limits(values)), Ok(()), "{text}");
            assert_eq!(
                check_json(text, &limits(values - 1)),
                Err(DataError::TooManyValues { limit: values - 1 }),
                "{text}"
            );
        }
    }

    #[test]
    fn ten_million_items_are_refused_naming_the_limit() {
        let text = format!("{{\"items\": [{}0]}}", "0,".repeat(10_000_000));
        let err = check_json(&text, &Limits::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the data holds more than 2000000 values (the limit on values in a JSON data file)"
        );
        assert_eq!(err.limit(), Some(Limit::DataValues));
        assert_eq!(DataError::Json("x".into()).limit(), None);
    }

    #[test]
    fn bad_json_is_reported_as_json() {
        for text in ["{", "[1,]", "{} {}", ""] {
            assert!(
                matches!(
                    check_json(text, &Limits::default()),
                    Err(DataError::Json(_))
                ),
                "{text}"
            );
        }
        // A syntax error right after the last value the limit allows is still JSON's.
        assert!(matches!(
            check_json("[1,]", &limits(2)),
            Err(DataError::Json(_))
        ));
    }

    #[test]
    fn every_limit_has_its_own_words_and_none_names_a_flag() {
        let mut words: Vec<String> = Limit::ALL.iter().map(|l| l.to_string()).collect();
        assert!(words.iter().all(|w| !w.contains("--")), "{words:?}");
        words.sort_unstable();
        words.dedup();
        assert_eq!(words.len(), Limit::ALL.len());
        assert_eq!(Limit::OutputSize.value(&Limits::default()), 256);
        assert_eq!(Limit::Memory.value(&Limits::default()), 1024);
        assert!(Limit::Memory.value(&Limits::default()) < MEMORY_BOUND_MB);
    }
}
