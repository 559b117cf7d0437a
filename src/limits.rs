//! The limits every input path respects, in one place.
//!
//! Returned spreadsheets and templates are untrusted input: a zip bomb, a sheet that
//! declares a billion cells or a template looping over ten million items must end in
//! a clear error naming the file and the limit, never in an exhausted machine. Each
//! limit can be raised on the command line for the rare honest huge file.

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
    /// Bytes one written document may have.
    pub max_output_bytes: u64,
    /// Iterations a template may run in all (loops over huge data).
    pub max_loop_iterations: u64,
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
            max_output_bytes: 1024 * 1024 * 1024,
            max_loop_iterations: 5_000_000,
        }
    }
}
