//! Spreadsheets: the reporting forms sent to units (rust_xlsxwriter) and the reading
//! and merging of the returned files (calamine), every value carrying its
//! file › sheet › cell.
//!
//! Takes bytes and campaign values, returns bytes and values; the command layer
//! reads and writes the files.
//!
//! - [`forms`]: the form of each unit, with its identity on a hidden sheet.
//! - [`read`]: what a returned file really is, the checks made before any parser
//!   sees it, and its cells read sparsely.
//! - [`locate`]: the form's identity, the unit, the indicator table by its labels.
//! - [`merge`]: checking every value, the roster, duplicates, lateness and totals,
//!   into a [`crate::tonghop::TongHop`] (`tong-hop.json`).
//! - [`output`]: `tong-hop.xlsx`, from a [`crate::tonghop::TongHop`].
//! - [`text`]: the Vietnamese text rules the matching relies on (over [`crate::vn`]).

pub mod forms;
pub mod locate;
pub mod merge;
pub mod output;
pub mod read;
pub mod text;

/// The A1 name of a zero-based cell position in the sheet (`(11, 4)` → `E12`):
/// absolute within the sheet, whatever range a reader started from.
pub fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a1_names() {
        for (row, col, name) in [
            (0, 0, "A1"),
            (11, 4, "E12"),
            (0, 25, "Z1"),
            (0, 26, "AA1"),
            (1_048_575, 16_383, "XFD1048576"),
        ] {
            assert_eq!(super::a1(row, col), name);
        }
    }
}
