//! The rows of a mail merge, and the safe file names of the documents it writes.
//!
//! Rows come from a JSON array of objects or from the first sheet of a workbook
//! whose first row names the fields (names NFC-normalised, so a header typed with
//! combining accents matches the template's tag). Each row keeps the number a user
//! sees: the sheet's row number, or the item's position in the array.

use std::collections::BTreeSet;
use std::io::Cursor;

use calamine::{Data, Reader};
use unicode_normalization::UnicodeNormalization;

use crate::limits::{Limit, Limited, Limits};
use crate::sheets::read::ReadError;

/// One row of a merge: its number as the user sees it and its fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Where the row is.
    pub at: RowAt,
    /// The fields, or why the row cannot be used.
    pub fields: Result<serde_json::Map<String, serde_json::Value>, RowProblem>,
}

/// Where a row of data is: the front end words it ("dòng 5", "mục thứ 3").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowAt {
    /// The `n`th item (from 1) of a JSON array.
    Item(usize),
    /// Row `n` (as the spreadsheet numbers it) of the first sheet.
    Row(usize),
}

/// Why a row cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    /// A JSON item that is not an object; `kind` is `null`, `boolean`, `number`,
    /// `string` or `array`.
    NotObject {
        /// What it is instead.
        kind: &'static str,
    },
    /// A cell whose value cannot be a field.
    Cell {
        /// The cell (`B5`).
        cell: String,
        /// The field (its column's header).
        field: String,
        /// What is wrong with it.
        problem: CellProblem,
    },
}

/// What is wrong with a cell of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellProblem {
    /// A date outside what a date can be (the cell's raw value).
    DateOutOfRange(String),
    /// The cell shows a spreadsheet error (`#REF!`).
    Error(String),
}

/// Why the rows could not be read at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RowsError {
    /// The JSON is not an array of objects.
    #[error("the rows must be a JSON array of objects (`[{{\"name\": …}}, …]`); {0}")]
    NotArray(String),
    /// The JSON does not parse.
    #[error("not valid JSON: {0}")]
    Json(String),
    /// The workbook cannot be read.
    #[error("cannot read the workbook: {0}")]
    Workbook(String),
    /// The workbook was refused before it was read (a limit, a damaged package).
    #[error("cannot read the workbook: {0}")]
    Read(#[from] ReadError),
    /// The first sheet spans more cells than the limit.
    #[error(
        "cannot read the workbook: sheet `{sheet}` spans {extent}, {cells} cells, more than the limit of {limit} ({})",
        Limit::CellsPerSheet
    )]
    TooManyCells {
        /// The sheet.
        sheet: String,
        /// Its first and last cells (`A1:XFD1048576`).
        extent: String,
        /// The cells from first to last.
        cells: u64,
        /// The limit in force.
        limit: u64,
    },
    /// The first row does not name the fields.
    #[error("{0}")]
    Header(String),
    /// The JSON breaks a limit (or does not parse), found before loading it.
    #[error(transparent)]
    Data(#[from] crate::limits::DataError),
    /// More rows than the limit.
    #[error(
        "{count} rows, more than the limit of {limit} for one merge ({})",
        Limit::MergeRows
    )]
    TooMany {
        /// Rows found.
        count: usize,
        /// The limit in force.
        limit: usize,
    },
}

impl Limited for RowsError {
    fn limit(&self) -> Option<Limit> {
        match self {
            RowsError::Data(e) => e.limit(),
            RowsError::Read(e) => e.limit(),
            RowsError::TooManyCells { .. } => Some(Limit::CellsPerSheet),
            RowsError::TooMany { .. } => Some(Limit::MergeRows),
            RowsError::NotArray(_)
            | RowsError::Json(_)
            | RowsError::Workbook(_)
            | RowsError::Header(_) => None,
        }
    }
}

/// Reads rows from a JSON array of objects.
pub fn from_json(text: &str, limits: &Limits) -> Result<Vec<Row>, RowsError> {
    crate::limits::check_json(text, limits)?;
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| RowsError::Json(e.to_string()))?;
    let serde_json::Value::Array(items) = value else {
        return Err(RowsError::NotArray("this is not an array".into()));
    };
    if items.len() > limits.max_merge_rows {
        return Err(RowsError::TooMany {
            count: items.len(),
            limit: limits.max_merge_rows,
        });
    }
    Ok(items
        .into_iter()
        .enumerate()
        .map(|(i, item)| Row {
            at: RowAt::Item(i + 1),
            fields: match item {
                serde_json::Value::Object(m) => Ok(m),
                other => Err(RowProblem::NotObject {
                    kind: json_kind(&other),
                }),
            },
        })
        .collect())
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

/// Reads rows from the first sheet of a workbook (.xlsx, .xls, .ods).
pub fn from_workbook(bytes: &[u8], limits: &Limits) -> Result<Vec<Row>, RowsError> {
    // Check the zip directory against the limits before calamine unpacks anything.
    // and, for the formats read cell by cell, check the first sheet's extent: the
    // dense range below would take 32 bytes for every cell from A1 to its last one
    // (a lone XFD1048576 asks for 512 GB).
    if bytes.starts_with(b"PK") {
        use crate::sheets::read;
        let sniffed = read::sniff(bytes, limits)?;
        if sniffed.format.isolation() == read::Isolation::InProcess {
            let sparse = read::read_workbook(bytes, &sniffed, limits)?;
            if let Some(first) = sparse.sheets.first() {
                check_extent(first, limits)?;
            }
        }
    }
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| RowsError::Workbook(e.to_string()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| RowsError::Workbook("it has no sheet".into()))?
        .map_err(|e| RowsError::Workbook(e.to_string()))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let cells = range.get_size().0 as u64 * range.get_size().1 as u64;
    if cells > limits.max_cells_per_sheet {
        let (start, end) = (
            range.start().unwrap_or((0, 0)),
            range.end().unwrap_or((0, 0)),
        );
        return Err(RowsError::TooManyCells {
            sheet: book.sheet_names().first().cloned().unwrap_or_default(),
            extent: format!(
                "{}:{}",
                crate::sheets::a1(start.0, start.1),
                crate::sheets::a1(end.0, end.1)
            ),
            cells,
            limit: limits.max_cells_per_sheet,
        });
    }
    let mut rows = range.rows();
    let Some(header) = rows.next() else {
        return Err(RowsError::Header(
            "the first sheet is empty: its first row must name the fields".into(),
        ));
    };
    let mut names: Vec<Option<String>> = Vec::with_capacity(header.len());
    let mut seen = BTreeSet::new();
    for (i, cell) in header.iter().enumerate() {
        let name = cell_text(cell).trim().nfc().collect::<String>();
        if name.is_empty() {
            names.push(None);
            continue;
        }
        let cell = crate::sheets::a1(first_row, first_col + i as u32);
        if !seen.insert(name.clone()) {
            return Err(RowsError::Header(format!(
                "{cell}: the field name `{name}` appears twice in the first row"
            )));
        }
        names.push(Some(name));
    }
    if names.iter().all(Option::is_none) {
        return Err(RowsError::Header(format!(
            "row {}: the first row must name the fields, but it is empty",
            first_row + 1
        )));
    }
    let mut out = Vec::new();
    for (i, cells) in rows.enumerate() {
        if cells.iter().all(|c| matches!(c, Data::Empty)) {
            continue;
        }
        if out.len() >= limits.max_merge_rows {
            return Err(RowsError::TooMany {
                count: range.get_size().0.saturating_sub(1),
                limit: limits.max_merge_rows,
            });
        }
        let row_no = first_row as usize + i + 2;
        let mut fields = serde_json::Map::new();
        let mut error = None;
        for (j, cell) in cells.iter().enumerate() {
            let Some(Some(name)) = names.get(j) else {
                continue;
            };
            match cell_value(cell) {
                Ok(v) => {
                    fields.insert(name.clone(), v);
                }
                Err(problem) => {
                    error.get_or_insert(RowProblem::Cell {
                        cell: crate::sheets::a1(row_no as u32 - 1, first_col + j as u32),
                        field: name.clone(),
                        problem,
                    });
                }
            }
        }
        for name in names.iter().flatten() {
            fields
                .entry(name.clone())
                .or_insert(serde_json::Value::String(String::new()));
        }
        // Tera names are ASCII identifiers: "Tên đơn vị" is also `ten_don_vi`.
        for name in names.iter().flatten() {
            let alias = field_alias(name);
            if !alias.is_empty() && !fields.contains_key(&alias) {
                let value = fields.get(name).cloned().unwrap_or_default();
                fields.insert(alias, value);
            }
        }
        out.push(Row {
            at: RowAt::Row(row_no),
            fields: match error {
                Some(e) => Err(e),
                None => Ok(fields),
            },
        });
    }
    Ok(out)
}

/// Refuses a sheet whose cells, from its first to its last, are more than the
/// cells-per-sheet limit.
fn check_extent(sheet: &crate::sheets::read::Sheet, limits: &Limits) -> Result<(), RowsError> {
    let (Some(rows), Some(cols)) = (
        sheet.cells.iter().map(|c| c.row).minmax(),
        sheet.cells.iter().map(|c| c.col).minmax(),
    ) else {
        return Ok(());
    };
    let cells = (u64::from(rows.1 - rows.0) + 1) * (u64::from(cols.1 - cols.0) + 1);
    if cells > limits.max_cells_per_sheet {
        return Err(RowsError::TooManyCells {
            sheet: sheet.name.clone(),
            extent: format!(
                "{}:{}",
                crate::sheets::a1(rows.0, cols.0),
                crate::sheets::a1(rows.1, cols.1)
            ),
            cells,
            limit: limits.max_cells_per_sheet,
        });
    }
    Ok(())
}

/// Smallest and largest of an iterator.
trait MinMax: Iterator<Item = u32> + Sized {
    fn minmax(self) -> Option<(u32, u32)> {
        self.fold(None, |acc, x| match acc {
            None => Some((x, x)),
            Some((lo, hi)) => Some((lo.min(x), hi.max(x))),
        })
    }
}

impl<I: Iterator<Item = u32>> MinMax for I {}

/// The ASCII identifier a template can use for a column name: accents removed,
/// `đ` → `d`, lower case, anything else → `_`. `"Tên đơn vị"` → `ten_don_vi`.
pub fn field_alias(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.nfd() {
        let c = match c {
            'đ' => 'd',
            'Đ' => 'd',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !unicode_normalization::char::is_combining_mark(c) && !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_string();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{out}")
    } else {
        out
    }
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn cell_value(cell: &Data) -> Result<serde_json::Value, CellProblem> {
    Ok(match cell {
        Data::Empty => serde_json::Value::String(String::new()),
        Data::String(s) => serde_json::Value::String(s.nfc().collect()),
        Data::Int(i) => (*i).into(),
        Data::Float(f) => crate::numbers::json(*f),
        Data::Bool(b) => (*b).into(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(dt) if dt.time() == chrono::NaiveTime::MIN => {
                dt.date().format("%Y-%m-%d").to_string().into()
            }
            Some(dt) => dt.format("%Y-%m-%dT%H:%M:%S").to_string().into(),
            None => return Err(CellProblem::DateOutOfRange(d.to_string())),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone().into(),
        Data::Error(e) => return Err(CellProblem::Error(e.to_string())),
    })
}

/// Names Windows reserves for devices, whatever the extension.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Longest file name kept, in bytes (well under the 255 of NTFS and ext4, leaving
/// room for a `-12` suffix and the extension).
const MAX_NAME_BYTES: usize = 150;

/// Makes a rendered name safe as one file name on Windows and Linux: no path
/// separators or `..`, no characters Windows forbids, no reserved device names, no
/// trailing dots or spaces, a sane length, and the `.docx` extension. Returns
/// `None` when nothing usable is left.
pub fn safe_file_name(name: &str) -> Option<String> {
    let name: String = name.nfc().collect();
    let mut stem = name.trim();
    if let Some(s) = stem
        .get(stem.len().saturating_sub(5)..)
        .filter(|ext| ext.eq_ignore_ascii_case(".docx"))
    {
        stem = &stem[..stem.len() - s.len()];
    }
    let mut cleaned = String::with_capacity(stem.len());
    for c in stem.chars() {
        match c {
            '/' | '\\' | '<' | '>' | ':' | '"' | '|' | '?' | '*' => cleaned.push('-'),
            c if c.is_control() || is_invisible_format(c) => {}
            c => cleaned.push(c),
        }
    }
    // Collapse `..` and runs of dashes and spaces left by the replacements.
    let mut out = String::with_capacity(cleaned.len());
    for c in cleaned.chars() {
        let last = out.chars().last();
        if (c == '.' && last == Some('.')) || (c == '-' && last == Some('-')) {
            continue;
        }
        if c.is_whitespace() && last.is_some_and(char::is_whitespace) {
            continue;
        }
        out.push(if c.is_whitespace() { ' ' } else { c });
    }
    let mut out = out
        .trim_matches(|c: char| c == '.' || c == ' ' || c == '-')
        .to_string();
    if out.len() > MAX_NAME_BYTES {
        let mut end = MAX_NAME_BYTES;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
        out = out.trim_end_matches(['.', ' ', '-']).to_string();
    }
    if out.is_empty() {
        return None;
    }
    let base = out.split('.').next().unwrap_or_default().trim();
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(base)) {
        out = format!("_{out}");
    }
    Some(format!("{out}.docx"))
}

/// Direction marks and other invisible format characters: a name holding U+202E
/// ("right-to-left override") can display `gpj.docx` as `xcod.jpg`, so file names
/// drop them.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Gives each name a form not used before (case-insensitively, as on Windows):
/// `a.docx`, `a-2.docx`, `a-3.docx`.
#[derive(Debug, Default)]
pub struct UniqueNames {
    taken: BTreeSet<String>,
}

impl UniqueNames {
    /// Returns `name` or the first numbered variant not yet taken.
    pub fn claim(&mut self, name: &str) -> String {
        let stem = name.strip_suffix(".docx").unwrap_or(name);
        let mut candidate = name.to_string();
        let mut n = 2;
        while !self.taken.insert(candidate.to_lowercase()) {
            candidate = format!("{stem}-{n}.docx");
            n += 1;
        }
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_made_safe() {
        let cases = [
            ("07-giay-moi", Some("07-giay-moi.docx")),
            ("07-giay-moi.docx", Some("07-giay-moi.docx")),
            ("../../etc/passwd", Some("etc-passwd.docx")),
            ("a/b\\c", Some("a-b-c.docx")),
            ("CON", Some("_CON.docx")),
            ("nul.txt", Some("_nul.txt.docx")),
            ("Tổ: \"Công đoàn\" <1>?", Some("Tổ- -Công đoàn- -1.docx")),
            ("  . ..  ", None),
            ("x\u{0}y\u{B}", Some("xy.docx")),
            ("hoa-don\u{202E}xcod.jpg", Some("hoa-donxcod.jpg.docx")),
            ("\u{FEFF}CD01\u{200B}", Some("CD01.docx")),
            ("Trường Mầm non.   ", Some("Trường Mầm non.docx")),
        ];
        for (input, want) in cases {
            assert_eq!(safe_file_name(input).as_deref(), want, "{input:?}");
        }
        let long = "ê".repeat(200);
        let safe = safe_file_name(&long).unwrap();
        assert!(safe.len() <= MAX_NAME_BYTES + 5, "{}", safe.len());
    }

    #[test]
    fn column_names_get_ascii_aliases() {
        let cases = [
            ("Tên đơn vị", "ten_don_vi"),
            ("Số ĐV nữ", "so_dv_nu"),
            ("  Mã  ", "ma"),
            ("2017", "_2017"),
            ("ten_don_vi", "ten_don_vi"),
            ("Ghi chú (nếu có)", "ghi_chu_neu_co"),
        ];
        for (name, want) in cases {
            assert_eq!(field_alias(name), want, "{name}");
        }
    }

    #[test]
    fn duplicate_names_get_numbers() {
        let mut names = UniqueNames::default();
        let got: Vec<String> = ["a.docx", "A.docx", "a.docx", "b.docx"]
            .iter()
            .map(|n| names.claim(n))
            .collect();
        assert_eq!(got, ["a.docx", "A-2.docx", "a-3.docx", "b.docx"]);
    }

    #[test]
    fn json_rows_keep_their_item_numbers() {
        let rows = from_json(r#"[{"a": 1}, 5, {"a": 2}]"#, &Limits::default()).unwrap();
        let at: Vec<RowAt> = rows.iter().map(|r| r.at).collect();
        assert_eq!(at, [RowAt::Item(1), RowAt::Item(2), RowAt::Item(3)]);
        assert_eq!(
            rows[1].fields,
            Err(RowProblem::NotObject { kind: "number" })
        );
        assert!(matches!(
            from_json("{}", &Limits::default()),
            Err(RowsError::NotArray(_))
        ));
    }

    #[test]
    fn workbook_rows_use_nfc_headers_and_sheet_row_numbers() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        // "tên" typed with a combining circumflex.
        sheet.write_string(0, 0, "te\u{302}n").unwrap();
        sheet.write_string(0, 1, "so").unwrap();
        sheet.write_string(1, 0, "A").unwrap();
        sheet.write_number(1, 1, 12.0).unwrap();
        sheet.write_string(3, 0, "B").unwrap();
        sheet.write_number(3, 1, 1.5).unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let rows = from_workbook(&bytes, &Limits::default()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].at, RowAt::Row(2));
        assert_eq!(rows[1].at, RowAt::Row(4));
        let first = rows[0].fields.as_ref().unwrap();
        assert_eq!(first.get("tên"), Some(&serde_json::json!("A")));
        assert_eq!(first.get("so"), Some(&serde_json::json!(12)));
        assert_eq!(
            rows[1].fields.as_ref().unwrap().get("so"),
            Some(&serde_json::json!(1.5))
        );
        assert_eq!(first.get("ten"), Some(&serde_json::json!("A")));
    }
}
