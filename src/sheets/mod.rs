//! Spreadsheets: the reporting forms sent to units (rust_xlsxwriter) and the reading
//! and merging of the returned files (calamine), every value carrying its
//! file › sheet › cell.
//!
//! Takes bytes and campaign values, returns bytes and values; the command layer
//! reads and writes the files.
