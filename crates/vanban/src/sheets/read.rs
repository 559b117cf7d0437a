//! Reading one returned spreadsheet into a sparse list of cells, safely.
//!
//! A returned file is untrusted. [`sniff`] tells what the bytes really are (a
//! renamed Word file, an HTML page saved as .xls, a password-protected workbook…)
//! and, for zip packages, checks the directory with [`crate::package::open`] and the
//! declared sizes calamine would trust (the shared-string count) against the real
//! entry sizes. Only then does [`read_workbook`] hand the bytes to calamine, and it
//! reads cells one by one (never a dense range) for .xlsx/.xlsm/.xlsb. The old binary
//! .xls and .ods readers build dense ranges and trust declared counts; the command
//! layer parses those in a child process (see [`Isolation`]) so that an abort
//! cannot take the merge down.

use std::io::{Cursor, Read};

use calamine::{Data, DataRef, DataType, Reader, SheetType, SheetVisible};
use serde::{Deserialize, Serialize};

use crate::limits::{Limit, Limited, Limits};
use crate::package::{self, PackageError};
use crate::unpacked::Unpacked;

/// What a file really is, whatever its name says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Office Open XML workbook (.xlsx, .xlsm).
    Xlsx,
    /// Excel binary workbook (.xlsb).
    Xlsb,
    /// Excel 97–2003 workbook (.xls).
    Xls,
    /// OpenDocument spreadsheet (.ods).
    Ods,
}

/// Whether a format's reader must run where an abort cannot take the merge down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isolation {
    /// Safe to parse in the merging process after [`sniff`]'s checks.
    InProcess,
    /// calamine's reader for this format trusts declared sizes: parse it in a
    /// child process.
    ChildProcess,
}

impl Format {
    /// Where this format's reader may run.
    pub fn isolation(self) -> Isolation {
        match self {
            Format::Xlsx | Format::Xlsb => Isolation::InProcess,
            Format::Xls | Format::Ods => Isolation::ChildProcess,
        }
    }
}

/// Why a file could not be read. The caller adds the file name.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum ReadError {
    /// Zero bytes.
    #[error("the file is empty")]
    Empty,
    /// A Word document with a spreadsheet's name.
    #[error("this is a Word document, not a spreadsheet")]
    WordDocument,
    /// An HTML or XML page with a spreadsheet's name (some web systems "export to
    /// Excel" this way).
    #[error(
        "this is a web page (HTML/XML) saved with a spreadsheet name, not a spreadsheet; open it in Excel and save it as .xlsx"
    )]
    WebPage,
    /// A zip that holds no workbook.
    #[error("this is a zip package but not a spreadsheet")]
    ZipNotSpreadsheet,
    /// Bytes no reader recognises.
    #[error("the file is not a spreadsheet (unrecognised content)")]
    Unrecognised,
    /// An encrypted (password-protected) workbook.
    #[error(
        "the workbook is protected by a password; save it without a password and send it again"
    )]
    Password,
    /// The package was refused before parsing.
    #[error("{0}")]
    Package(PackageError),
    /// A declared size that the file cannot hold (a crafted file).
    #[error("{0}; the file is damaged or crafted and was not opened")]
    DeclaredSize(String),
    /// A sheet holds more cells than the limit.
    #[error(
        "sheet `{sheet}` holds more than {limit} cells ({})",
        Limit::CellsPerSheet
    )]
    TooManyCells {
        /// The sheet.
        sheet: String,
        /// The limit in force.
        limit: u64,
    },
    /// A sheet (or a table of one) nests its XML deeper than the limit.
    #[error(
        "sheet `{sheet}` nests its XML more than {limit} deep ({})",
        Limit::XmlDepth
    )]
    TooDeep {
        /// The sheet's name (the part's, when the workbook does not name it).
        sheet: String,
        /// The limit in force.
        limit: u64,
    },
    /// calamine could not read it (truncated, corrupt).
    #[error("the file is damaged and cannot be read ({0})")]
    Corrupt(String),
    /// The reader in the child process died.
    #[error("the reader stopped on this file ({0}); the file is probably damaged or crafted")]
    Crashed(String),
}

impl From<PackageError> for ReadError {
    fn from(err: PackageError) -> ReadError {
        match err {
            PackageError::Encrypted { .. } => ReadError::Password,
            PackageError::NotZip { reason } => ReadError::Corrupt(format!(
                "not a complete zip package: {reason}; was the download or copy cut short?"
            )),
            other => ReadError::Package(other),
        }
    }
}

impl Limited for ReadError {
    fn limit(&self) -> Option<Limit> {
        match self {
            ReadError::Package(e) => e.limit(),
            ReadError::TooManyCells { .. } => Some(Limit::CellsPerSheet),
            ReadError::TooDeep { .. } => Some(Limit::XmlDepth),
            _ => None,
        }
    }
}

/// A cell's value as the merge sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Value {
    /// A number (calamine gives xlsx numbers as floats).
    Number(f64),
    /// Text.
    Text(String),
    /// TRUE/FALSE.
    Bool(bool),
    /// A date or time (the number is Excel's serial day).
    Date(f64),
    /// An error cell (`#DIV/0!`, `#REF!`…).
    Error(String),
    /// A formula whose result was never calculated (no cached value, or a file
    /// written by a program and never recalculated by a spreadsheet application).
    Uncalculated {
        /// The formula text.
        formula: String,
    },
}

/// One non-empty cell, zero-based.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// Row, from 0.
    pub row: u32,
    /// Column, from 0.
    pub col: u32,
    /// Its value.
    pub value: Value,
}

/// One worksheet, sparse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// False for hidden and very hidden sheets.
    pub visible: bool,
    /// Its non-empty cells, in row then column order, one per address.
    pub cells: Vec<Cell>,
    /// Addresses the file gives more than one cell (`D10` twice in the sheet XML):
    /// the last is kept in `cells`, and the merge reports each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duplicates: Vec<(u32, u32)>,
}

impl Sheet {
    /// The value at `(row, col)`, if any.
    pub fn get(&self, row: u32, col: u32) -> Option<&Value> {
        self.cells
            .binary_search_by(|c| (c.row, c.col).cmp(&(row, col)))
            .ok()
            .map(|i| &self.cells[i].value)
    }
}

/// A workbook read into memory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workbook {
    /// What the file was.
    pub format: Format,
    /// Its worksheets (chart and dialog sheets skipped).
    pub sheets: Vec<Sheet>,
    /// Its defined names (name, formula).
    pub names: Vec<(String, String)>,
    /// The last-modified date the file records about itself (ISO 8601), when the
    /// format keeps one.
    pub modified: Option<String>,
}

/// The result of [`sniff`]: the format and what the checks learnt on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Sniffed {
    /// The real format.
    pub format: Format,
    /// Recorded last-modified date (ISO 8601), when found.
    pub modified: Option<String>,
    /// The workbook asks to be fully recalculated on load (written by a program and
    /// never recalculated): cached formula results cannot be trusted.
    pub never_calculated: bool,
    /// An .xlsx small enough to be inflated once: its parts, checked, as a package
    /// storing them uncompressed, which [`read_workbook`] reads instead of the
    /// file (the spreadsheet reader then inflates nothing a second time).
    stored: Option<Stored>,
}

/// A package of stored parts; shown by its length only.
#[derive(Clone, PartialEq)]
struct Stored(Vec<u8>);

impl std::fmt::Debug for Stored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Stored({} bytes)", self.0.len())
    }
}

const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Tells what `bytes` really are and checks what can be checked before parsing.
pub fn sniff(bytes: &[u8], limits: &Limits) -> Result<Sniffed, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(b"PK") {
        return sniff_zip(bytes, limits, UNPACKED_AT_ONCE);
    }
    if bytes.starts_with(&CFB_MAGIC) {
        // An encrypted .xlsx is a compound file holding `EncryptionInfo`.
        if contains_utf16(bytes, "EncryptionInfo") {
            return Err(ReadError::Password);
        }
        if contains_utf16(bytes, "WordDocument") {
            return Err(ReadError::WordDocument);
        }
        return Ok(Sniffed {
            format: Format::Xls,
            modified: None,
            never_calculated: false,
            stored: None,
        });
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with('<') {
        return Err(ReadError::WebPage);
    }
    Err(ReadError::Unrecognised)
}

fn contains_utf16(bytes: &[u8], needle: &str) -> bool {
    let pattern: Vec<u8> = needle
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    bytes
        .windows(pattern.len())
        .any(|w| w == pattern.as_slice())
}

/// [`sniff`] for a zip package; an .xlsx whose parts unpack to at most
/// `at_once` bytes is inflated once ([`UNPACKED_AT_ONCE`]).
fn sniff_zip(bytes: &[u8], limits: &Limits, at_once: u64) -> Result<Sniffed, ReadError> {
    let mut archive = package::open(bytes, limits)?;
    let names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    let format = if has("xl/workbook.xml") {
        Format::Xlsx
    } else if has("xl/workbook.bin") {
        Format::Xlsb
    } else if has("content.xml") && has("mimetype") {
        let mime = read_head(&mut archive, "mimetype", 200)?;
        if !mime.starts_with(b"application/vnd.oasis.opendocument.spreadsheet") {
            return Err(ReadError::ZipNotSpreadsheet);
        }
        Format::Ods
    } else if has("word/document.xml") {
        return Err(ReadError::WordDocument);
    } else {
        return Err(ReadError::ZipNotSpreadsheet);
    };
    let mut never_calculated = false;
    let mut modified = None;
    match format {
        Format::Xlsx => {
            let wanted =
                |name: &str| name.eq_ignore_ascii_case("docProps/core.xml") || for_the_reader(name);
            if let Some(parts) = Unpacked::of(&mut archive, bytes, limits, at_once, wanted) {
                return sniffed_unpacked(parts, limits);
            }
            check_shared_strings(&mut archive, &names)?;
            check_references(&mut archive, &names, limits)?;
            let wb = read_head(&mut archive, "xl/workbook.xml", 256 * 1024)?;
            never_calculated = calc_pr_full_calc_on_load(&wb);
            if has("docProps/core.xml") {
                let core = read_head(&mut archive, "docProps/core.xml", 64 * 1024)?;
                modified = element_text(&core, b"dcterms:modified");
            }
        }
        Format::Xlsb => {
            if has("docProps/core.xml") {
                let core = read_head(&mut archive, "docProps/core.xml", 64 * 1024)?;
                modified = element_text(&core, b"dcterms:modified");
            }
        }
        Format::Ods => {
            if has("meta.xml") {
                let meta = read_head(&mut archive, "meta.xml", 64 * 1024)?;
                modified = element_text(&meta, b"dc:date");
            }
        }
        Format::Xls => {}
    }
    Ok(Sniffed {
        format,
        modified,
        never_calculated,
        stored: None,
    })
}

/// A workbook whose parts unpack to at most this many bytes is inflated once, its
/// parts checked as bytes and handed to the reader as a stored copy
/// ([`Sniffed::stored`]); a larger one is read entry by entry (a return is about
/// 40 KB unpacked; this keeps two readers' copies small).
const UNPACKED_AT_ONCE: u64 = 16 * 1024 * 1024;

/// The parts the spreadsheet reader may read for the cells, the sheets' names and
/// the number formats: all but the theme (colours), the document properties, the
/// drawings and the media, the calculation chain, printer settings, custom XML
/// and the content-type list, none of which changes a cell's value.
fn for_the_reader(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    (lower.ends_with(".xml") || lower.ends_with(".rels"))
        && ![
            "docprops/",
            "xl/theme/",
            "xl/drawings/",
            "xl/media/",
            "xl/printersettings/",
            "customxml/",
        ]
        .iter()
        .any(|prefix| lower.starts_with(prefix))
        && lower != "xl/calcchain.xml"
        && lower != "[content_types].xml"
}

/// [`sniff`]'s checks of an .xlsx on its parts inflated once; the reader gets
/// the stored copy.
fn sniffed_unpacked(mut parts: Unpacked, limits: &Limits) -> Result<Sniffed, ReadError> {
    if let Some(part) = parts.part("xl/sharedStrings.xml") {
        let head = &part.bytes[..part.bytes.len().min(4096)];
        check_shared_string_counts(&part.name, part.bytes.len() as u64, head)?;
    }
    for part in parts.parts() {
        if is_checked_part(&part.name) {
            check_part(&part.name, &part.bytes, limits, || {
                match (
                    parts.get("xl/workbook.xml"),
                    parts.get("xl/_rels/workbook.xml.rels"),
                ) {
                    (Some(book), Some(rels)) => sheets_of(book, rels),
                    _ => Vec::new(),
                }
            })?;
        }
    }
    let modified = parts
        .get("docProps/core.xml")
        .and_then(|core| element_text(core, b"dcterms:modified"));
    let never_calculated = parts
        .get("xl/workbook.xml")
        .is_some_and(calc_pr_full_calc_on_load);
    let styles = parts
        .part("xl/styles.xml")
        .and_then(|p| Some((p.name.clone(), number_formats_only(&p.bytes)?)));
    if let Some((name, slim)) = styles {
        parts.replace(&name, slim);
    }
    Ok(Sniffed {
        format: Format::Xlsx,
        modified,
        never_calculated,
        stored: parts.stored(for_the_reader).map(Stored),
    })
}

/// The style part `xml` pared down to what a cell's value depends on: the root
/// element with its `numFmts` (the number formats) and `cellXfs` (each cell
/// style's format), verbatim and in their order. The fonts, fills, borders and
/// the rest go: the spreadsheet reader parses every one of them into a style
/// object the merge never asks for, a tenth of a return's reading (issue 17).
/// `None`, and the part is read whole, when it holds a comment, CDATA or
/// anything the plain search below could misread, or either section twice.
fn number_formats_only(xml: &[u8]) -> Option<Vec<u8>> {
    if memchr::memmem::find(xml, b"<!--").is_some() || memchr::memmem::find(xml, b"<![").is_some() {
        return None;
    }
    // The root's start tag, after any declaration.
    let mut at = 0;
    let root = loop {
        let lt = at + memchr::memchr(b'<', &xml[at..])?;
        let gt = lt + memchr::memchr(b'>', &xml[lt..])?;
        if xml.get(lt + 1) == Some(&b'?') {
            at = gt + 1;
            continue;
        }
        break lt..gt + 1;
    };
    // What may follow an element's name in its tag.
    let ends_name = |b: u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/');
    let tag = &xml[root.clone()];
    let name_end = tag.iter().position(|&b| ends_name(b))?;
    let qname = &tag[1..name_end];
    let prefix = &qname[..qname.len().checked_sub(b"styleSheet".len())?];
    if &qname[prefix.len()..] != b"styleSheet" || tag.ends_with(b"/>") {
        return None;
    }
    // One section, start tag to end tag (or an empty element), if any.
    let section = |local: &[u8]| -> Option<Option<std::ops::Range<usize>>> {
        let open = [b"<", prefix, local].concat();
        let close = [b"</", prefix, local, b">"].concat();
        let mut found = None;
        let mut from = root.end;
        while let Some(p) = memchr::memmem::find(&xml[from..], &open) {
            let start = from + p;
            let after = *xml.get(start + open.len())?;
            from = start + open.len();
            if !ends_name(after) {
                continue; // `<numFmtsX`: another name.
            }
            if found.is_some() {
                return None;
            }
            let gt = start + memchr::memchr(b'>', &xml[start..])?;
            let end = if xml[gt - 1] == b'/' {
                gt + 1
            } else {
                gt + memchr::memmem::find(&xml[gt..], &close)? + close.len()
            };
            found = Some(start..end);
        }
        Some(found)
    };
    let formats = section(b"numFmts")?;
    let cell_styles = section(b"cellXfs")?;
    if let (Some(f), Some(c)) = (&formats, &cell_styles)
        && f.start > c.start
    {
        // Out of the schema's order: the reader would see the formats late.
        return None;
    }
    // A part cut short stays whole: its reader is to say so.
    let root_end = [b"</", qname, b">"].concat();
    let closed = memchr::memmem::rfind(xml, &root_end)?;
    if [&formats, &cell_styles]
        .into_iter()
        .flatten()
        .any(|r| r.end > closed)
    {
        return None;
    }
    let mut out = Vec::with_capacity(xml.len() / 2);
    out.extend_from_slice(&xml[..root.end]);
    for range in [formats, cell_styles].into_iter().flatten() {
        out.extend_from_slice(&xml[range]);
    }
    out.extend_from_slice(&root_end);
    Some(out)
}

/// Reads at most `cap` bytes of an entry (enough for a root element or a small part).
fn read_head(
    archive: &mut package::Archive<'_>,
    name: &str,
    cap: u64,
) -> Result<Vec<u8>, ReadError> {
    let real = archive
        .file_names()
        .filter_map(|n| n.ok())
        .find(|x| x.eq_ignore_ascii_case(name))
        .map(|n| n.into_owned())
        .unwrap_or_else(|| name.to_string());
    let entry = archive
        .by_name(&real)
        .map_err(|e| ReadError::Corrupt(format!("`{name}`: {e}")))?;
    let mut out = Vec::new();
    entry
        .take(cap)
        .read_to_end(&mut out)
        .map_err(|e| ReadError::Corrupt(format!("`{name}`: {e}")))?;
    Ok(out)
}

/// calamine reserves room for `uniqueCount` strings up front: a crafted 2 KB file
/// declaring four billion strings would ask for ~100 GB and abort the process.
/// Each `<si>` takes at least 5 bytes (`<si/>`), so the entry's real size bounds
/// the count.
fn check_shared_strings(
    archive: &mut package::Archive<'_>,
    names: &[String],
) -> Result<(), ReadError> {
    let Some(name) = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case("xl/sharedStrings.xml"))
        .cloned()
    else {
        return Ok(());
    };
    let size = archive
        .by_name(&name)
        .map_err(|e| ReadError::Corrupt(format!("`{name}`: {e}")))?
        .size();
    let head = read_head(archive, &name, 4096)?;
    check_shared_string_counts(&name, size, &head)
}

/// The counts `head` (the start of the shared-string part `name`) declares,
/// against the `size` of the part.
fn check_shared_string_counts(name: &str, size: u64, head: &[u8]) -> Result<(), ReadError> {
    let room = size / 5 + 1;
    for attr in [b"uniqueCount".as_slice(), b"count".as_slice()] {
        if let Some(declared) = root_attr_number(head, b"sst", attr) {
            if declared > room {
                return Err(ReadError::DeclaredSize(format!(
                    "`{name}` declares {declared} shared strings but its {size} bytes can hold at most {room}"
                )));
            }
        } else if attr == b"uniqueCount" && attr_present(head, attr) {
            return Err(ReadError::DeclaredSize(format!(
                "`{name}` declares a shared-string count that is not a number"
            )));
        }
    }
    Ok(())
}

/// calamine 0.38 turns cell references (`E12`, `A1:XFD1048576`) into numbers
/// without checking their length: a crafted `r="PTwfpans"` overflows (a panic
/// where overflow is checked, a wrong position elsewhere). Every reference in the
/// worksheets and tables is checked here first: at most three letters (XFD) and
/// seven digits (1048576). Reading each part whole also verifies its checksum.
///
/// The same pass holds each part to [`Limits::max_xml_depth`]: calamine reads any
/// depth, and a sheet nesting 100,000 elements is a crafted file, refused with its
/// sheet named before a reader sees it.
///
/// The pass is a byte scan ([`scan_part`]), not an XML parse: calamine parses
/// the part afterwards and reports malformed XML itself, so parsing it twice cost
/// a fifth of a merge (issue 17).
fn check_references(
    archive: &mut package::Archive<'_>,
    names: &[String],
    limits: &Limits,
) -> Result<(), ReadError> {
    let mut xml = Vec::new();
    for name in names {
        if !is_checked_part(name) {
            continue;
        }
        let mut entry = archive
            .by_name(name)
            .map_err(|e| ReadError::Corrupt(format!("`{name}`: {e}")))?;
        xml.clear();
        entry
            .read_to_end(&mut xml)
            .map_err(|e| ReadError::Corrupt(format!("`{name}`: {e}")))?;
        drop(entry);
        check_part(name, &xml, limits, || workbook_sheets(archive))?;
    }
    Ok(())
}

/// A worksheet or table part: what [`check_part`] checks.
fn is_checked_part(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    (lower.starts_with("xl/worksheets/") || lower.starts_with("xl/tables/"))
        && lower.ends_with(".xml")
}

/// Checks one worksheet or table part (`name`, its bytes `xml`) with
/// [`scan_part`]; `sheets` gives the workbook's (part, sheet name) pairs, asked
/// for only to name a sheet nested too deep.
fn check_part(
    name: &str,
    xml: &[u8],
    limits: &Limits,
    sheets: impl FnOnce() -> Vec<(String, String)>,
) -> Result<(), ReadError> {
    match scan_part(xml, limits.max_xml_depth) {
        Scan::Fine => Ok(()),
        Scan::NotAReference(value) => Err(ReadError::DeclaredSize(format!(
            "`{name}` holds `{}`, which is not a cell reference",
            String::from_utf8_lossy(value)
        ))),
        Scan::TooDeep => {
            let sheet = sheets()
                .into_iter()
                .find(|(part, _)| part.eq_ignore_ascii_case(name))
                .map_or_else(|| name.to_string(), |(_, sheet)| sheet);
            Err(ReadError::TooDeep {
                sheet,
                limit: limits.max_xml_depth as u64,
            })
        }
    }
}

/// What [`scan_part`] found.
#[derive(Debug, PartialEq)]
enum Scan<'a> {
    /// Every reference is one, and the nesting is within the limit.
    Fine,
    /// The first attribute value that should be a cell reference and is not.
    NotAReference(&'a [u8]),
    /// Elements nest deeper than the limit.
    TooDeep,
}

/// Scans a worksheet or table part's bytes, tag by tag: the depth of the open
/// elements against `max_depth`, and the reference attributes (`r` of `c` and
/// `row`; `ref` of `dimension`, `mergeCell`, `table`, `autoFilter`; any namespace
/// prefix) with [`is_reference`]. Comments, CDATA, processing instructions and
/// declarations are skipped whole; quoted attribute values may hold `>`. A part
/// that ends inside a tag ends the scan: it is malformed XML, which calamine
/// reports.
fn scan_part(xml: &[u8], max_depth: usize) -> Scan<'_> {
    let find = |from: usize, pat: &[u8]| -> Option<usize> {
        xml.get(from..)?
            .windows(pat.len())
            .position(|w| w == pat)
            .map(|p| from + p)
    };
    let local = |qname: &'_ [u8]| -> usize {
        qname
            .iter()
            .rposition(|&b| b == b':')
            .map_or(0, |colon| colon + 1)
    };
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &xml[i..]) {
        let start = i + lt;
        let rest = &xml[start..];
        // Markup that is not an element: skipped to its end.
        let skip_to = if rest.starts_with(b"<!--") {
            find(start + 4, b"-->").map(|e| e + 3)
        } else if rest.starts_with(b"<![CDATA[") {
            find(start + 9, b"]]>").map(|e| e + 3)
        } else if rest.starts_with(b"<?") {
            find(start + 2, b"?>").map(|e| e + 2)
        } else if rest.starts_with(b"<!") {
            find(start + 2, b">").map(|e| e + 1)
        } else if rest.starts_with(b"</") {
            depth = depth.saturating_sub(1);
            find(start + 2, b">").map(|e| e + 1)
        } else {
            None
        };
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") || rest.starts_with(b"</") {
            match skip_to {
                Some(next) => {
                    i = next;
                    continue;
                }
                None => return Scan::Fine,
            }
        }
        // A start tag: its name, then its attributes up to `>` or `/>`.
        let mut j = start + 1;
        while j < xml.len() && !is_space(xml[j]) && xml[j] != b'>' && xml[j] != b'/' {
            j += 1;
        }
        let element = &xml[start + 1..j];
        let element = &element[local(element)..];
        let wanted: &[u8] = match element {
            b"c" | b"row" => b"r",
            b"dimension" | b"mergeCell" | b"table" | b"autoFilter" => b"ref",
            _ => b"",
        };
        loop {
            while j < xml.len() && is_space(xml[j]) {
                j += 1;
            }
            match xml.get(j) {
                None => return Scan::Fine,
                Some(b'>') => {
                    depth += 1;
                    if depth > max_depth {
                        return Scan::TooDeep;
                    }
                    j += 1;
                    break;
                }
                Some(b'/') if xml.get(j + 1) == Some(&b'>') => {
                    j += 2;
                    break;
                }
                Some(_) => {}
            }
            // An attribute: name, `=`, quoted value.
            let name_start = j;
            while j < xml.len() && !is_space(xml[j]) && !matches!(xml[j], b'=' | b'>' | b'/') {
                j += 1;
            }
            let key = &xml[name_start..j];
            while j < xml.len() && is_space(xml[j]) {
                j += 1;
            }
            if xml.get(j) != Some(&b'=') {
                if j == name_start {
                    // A stray `/` or other byte: step over it.
                    j += 1;
                }
                continue;
            }
            j += 1;
            while j < xml.len() && is_space(xml[j]) {
                j += 1;
            }
            let Some(&quote) = xml.get(j).filter(|&&q| q == b'"' || q == b'\'') else {
                continue;
            };
            let value_start = j + 1;
            let Some(len) = memchr::memchr(quote, &xml[value_start..]) else {
                return Scan::Fine;
            };
            let value = &xml[value_start..value_start + len];
            j = value_start + len + 1;
            if !wanted.is_empty() && &key[local(key)..] == wanted && !is_reference(value) {
                return Scan::NotAReference(value);
            }
        }
        i = j;
    }
    Scan::Fine
}

/// The workbook's sheets as (part, name): `xl/worksheets/sheet1.xml` → `Biểu mẫu`,
/// from `xl/workbook.xml` and its relationships. Empty when either is unreadable.
fn workbook_sheets(archive: &mut package::Archive<'_>) -> Vec<(String, String)> {
    let (Ok(book), Ok(rels)) = (
        read_head(archive, "xl/workbook.xml", 1024 * 1024),
        read_head(archive, "xl/_rels/workbook.xml.rels", 1024 * 1024),
    ) else {
        return Vec::new();
    };
    sheets_of(&book, &rels)
}

/// The sheets as (part, name) from the bytes of `xl/workbook.xml` and of its
/// relationships.
fn sheets_of(book: &[u8], rels: &[u8]) -> Vec<(String, String)> {
    use quick_xml::events::Event;
    // Each element's attributes (local names) for the elements named `wanted`.
    let elements = |xml: &[u8], wanted: &[u8]| -> Vec<Vec<(Vec<u8>, String)>> {
        let mut reader = quick_xml::Reader::from_reader(xml);
        let mut buf = Vec::new();
        let mut found = Vec::new();
        loop {
            match reader.read_event_into(&mut buf) {
                Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == wanted => {
                    found.push(
                        e.attributes()
                            .flatten()
                            .map(|a| {
                                let value = a
                                    .unescape_value()
                                    .map(|v| v.into_owned())
                                    .unwrap_or_default();
                                (a.key.local_name().as_ref().to_vec(), value)
                            })
                            .collect(),
                    );
                }
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => {}
            }
            buf.clear();
        }
        found
    };
    let get = |attrs: &[(Vec<u8>, String)], key: &[u8]| {
        attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    };
    let targets: Vec<(String, String)> = elements(rels, b"Relationship")
        .iter()
        .filter_map(|a| Some((get(a, b"Id")?, get(a, b"Target")?)))
        .collect();
    elements(book, b"sheet")
        .iter()
        .filter_map(|a| {
            let name = get(a, b"name")?;
            let id = get(a, b"id")?;
            let target = &targets.iter().find(|(i, _)| *i == id)?.1;
            // Relative to `xl/`, or absolute from the package's root.
            let part = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("xl/{target}"),
            };
            Some((part, name))
        })
        .collect()
}

/// `A1`, `$XFD$1048576`, `A1:C3`, a row number `12`: letters then digits, each
/// part within the sheet's largest.
fn is_reference(value: &[u8]) -> bool {
    value.split(|&b| b == b':').all(|part| {
        // `$` anywhere is dropped; then letters, then digits, nothing else.
        let (mut letters, mut digits) = (0, 0);
        for &b in part {
            match b {
                b'$' => {}
                b'0'..=b'9' => digits += 1,
                b if b.is_ascii_alphabetic() && digits == 0 => letters += 1,
                _ => return false,
            }
        }
        letters <= 3 && digits <= 7 && letters + digits > 0
    })
}

fn attr_present(xml: &[u8], attr: &[u8]) -> bool {
    let mut pat = attr.to_vec();
    pat.push(b'=');
    xml.windows(pat.len()).any(|w| w == pat.as_slice())
}

/// The numeric attribute `attr` of the first element named `element` (any prefix).
fn root_attr_number(xml: &[u8], element: &[u8], attr: &[u8]) -> Option<u64> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Start(e)) | Ok(quick_xml::events::Event::Empty(e))
                if e.local_name().as_ref() == element =>
            {
                for a in e.attributes().flatten() {
                    if a.key.local_name().as_ref() == attr {
                        return std::str::from_utf8(&a.value).ok()?.trim().parse().ok();
                    }
                }
                return None;
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => return None,
            _ => {}
        }
        buf.clear();
    }
}

fn calc_pr_full_calc_on_load(workbook_xml: &[u8]) -> bool {
    let mut reader = quick_xml::Reader::from_reader(workbook_xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Start(e)) | Ok(quick_xml::events::Event::Empty(e))
                if e.local_name().as_ref() == b"calcPr" =>
            {
                return e.attributes().flatten().any(|a| {
                    a.key.local_name().as_ref() == b"fullCalcOnLoad"
                        && matches!(a.value.as_ref(), b"1" | b"true")
                });
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => return false,
            _ => {}
        }
        buf.clear();
    }
}

fn element_text(xml: &[u8], qname: &[u8]) -> Option<String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut inside = false;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Start(e)) if e.name().as_ref() == qname => inside = true,
            Ok(quick_xml::events::Event::Text(t)) if inside => {
                return std::str::from_utf8(t.as_ref())
                    .ok()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty());
            }
            Ok(quick_xml::events::Event::End(_)) if inside => return None,
            Ok(quick_xml::events::Event::Eof) | Err(_) => return None,
            _ => {}
        }
        buf.clear();
    }
}

/// Parses a file already checked by [`sniff`] into a [`Workbook`].
pub fn read_workbook(
    bytes: &[u8],
    sniffed: &Sniffed,
    limits: &Limits,
) -> Result<Workbook, ReadError> {
    let bytes = sniffed.stored.as_ref().map_or(bytes, |s| s.0.as_slice());
    let cursor = Cursor::new(bytes);
    let corrupt = |e: &dyn std::fmt::Display| ReadError::Corrupt(e.to_string());
    let mut book = match sniffed.format {
        Format::Xlsx => {
            let mut wb = calamine::Xlsx::new(cursor).map_err(|e| map_xlsx_error(&e))?;
            read_xlsx(&mut wb, sniffed, limits)?
        }
        Format::Xlsb => {
            let mut wb = calamine::Xlsb::new(cursor).map_err(|e| corrupt(&e))?;
            read_xlsb(&mut wb, limits)?
        }
        Format::Xls => {
            let mut wb = calamine::Xls::new(cursor).map_err(|e| match e {
                calamine::XlsError::Password => ReadError::Password,
                other => corrupt(&other),
            })?;
            read_dense(&mut wb, Format::Xls, limits)?
        }
        Format::Ods => {
            let mut wb = calamine::Ods::new(cursor).map_err(|e| match e {
                calamine::OdsError::Password => ReadError::Password,
                other => corrupt(&other),
            })?;
            read_dense(&mut wb, Format::Ods, limits)?
        }
    };
    book.modified = sniffed.modified.clone();
    Ok(book)
}

fn map_xlsx_error(e: &calamine::XlsxError) -> ReadError {
    match e {
        calamine::XlsxError::Password => ReadError::Password,
        other => ReadError::Corrupt(other.to_string()),
    }
}

fn visible_of(v: SheetVisible) -> bool {
    matches!(v, SheetVisible::Visible)
}

fn value_of(data: &DataRef<'_>) -> Option<Value> {
    value_of_data(Data::from(data.clone()))
}

/// The cell's value as the merge sees it; takes the cell by value so a text is
/// moved, not copied a second time.
fn value_of_data(data: Data) -> Option<Value> {
    // `is_datetime` first: `as_datetime` would also turn plain numbers into dates.
    if data.is_datetime() {
        return match data {
            Data::DateTime(d) => Some(Value::Date(d.as_f64())),
            Data::DateTimeIso(s) | Data::DurationIso(s) => Some(Value::Text(s)),
            _ => None,
        };
    }
    Some(match data {
        Data::Empty => return None,
        Data::Int(i) => Value::Number(i as f64),
        Data::Float(f) => Value::Number(f),
        Data::String(s) => Value::Text(s),
        Data::Bool(b) => Value::Bool(b),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Text(s),
        Data::Error(e) => Value::Error(e.to_string()),
        Data::DateTime(d) => Value::Date(d.as_f64()),
    })
}

fn read_xlsx(
    wb: &mut calamine::Xlsx<Cursor<&[u8]>>,
    sniffed: &Sniffed,
    limits: &Limits,
) -> Result<Workbook, ReadError> {
    let names = wb.defined_names().to_vec();
    let metas: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), visible_of(s.visible)))
        .collect();
    let mut sheets = Vec::with_capacity(metas.len());
    for (name, visible) in metas {
        let mut reader = wb
            .worksheet_cells_reader(&name)
            .map_err(|e| map_xlsx_error(&e))?;
        let mut cells = Vec::new();
        while let Some(rec) = reader
            .next_cell_with_formula_metadata()
            .map_err(|e| map_xlsx_error(&e))?
        {
            let (row, col) = rec.pos;
            let value = match (&rec.formula, value_of(&rec.value)) {
                (Some(_), None) => Some(Value::Uncalculated {
                    formula: String::new(),
                }),
                // An error result is reported as the error it shows.
                (Some(_), Some(Value::Error(e))) => Some(Value::Error(e)),
                (Some(_), Some(_)) if sniffed.never_calculated => Some(Value::Uncalculated {
                    formula: String::new(),
                }),
                (_, v) => v,
            };
            if let Some(value) = value {
                if cells.len() as u64 >= limits.max_cells_per_sheet {
                    return Err(ReadError::TooManyCells {
                        sheet: name,
                        limit: limits.max_cells_per_sheet,
                    });
                }
                cells.push(Cell { row, col, value });
            }
        }
        drop(reader);
        let duplicates = sort_cells(&mut cells);
        sheets.push(Sheet {
            name,
            visible,
            cells,
            duplicates,
        });
    }
    // Formula texts for the uncalculated cells, read only when there are some.
    for sheet in &mut sheets {
        if !sheet
            .cells
            .iter()
            .any(|c| matches!(c.value, Value::Uncalculated { .. }))
        {
            continue;
        }
        let mut reader = wb
            .worksheet_cells_reader(&sheet.name)
            .map_err(|e| map_xlsx_error(&e))?;
        while let Some(rec) = reader
            .next_cell_with_formula()
            .map_err(|e| map_xlsx_error(&e))?
        {
            if let Some(f) = rec.formula {
                let (row, col) = rec.pos;
                if let Ok(i) = sheet
                    .cells
                    .binary_search_by(|c| (c.row, c.col).cmp(&(row, col)))
                    && let Value::Uncalculated { formula } = &mut sheet.cells[i].value
                {
                    *formula = f;
                }
            }
        }
    }
    Ok(Workbook {
        format: Format::Xlsx,
        sheets,
        names,
        modified: None,
    })
}

fn read_xlsb(
    wb: &mut calamine::Xlsb<Cursor<&[u8]>>,
    limits: &Limits,
) -> Result<Workbook, ReadError> {
    let names = wb.defined_names().to_vec();
    let metas: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), visible_of(s.visible)))
        .collect();
    let mut sheets = Vec::with_capacity(metas.len());
    for (name, visible) in metas {
        let mut reader = wb
            .worksheet_cells_reader(&name)
            .map_err(|e| ReadError::Corrupt(e.to_string()))?;
        let mut cells = Vec::new();
        while let Some(cell) = reader
            .next_cell()
            .map_err(|e| ReadError::Corrupt(e.to_string()))?
        {
            let (row, col) = cell.get_position();
            if let Some(value) = value_of(cell.get_value()) {
                if cells.len() as u64 >= limits.max_cells_per_sheet {
                    return Err(ReadError::TooManyCells {
                        sheet: name,
                        limit: limits.max_cells_per_sheet,
                    });
                }
                cells.push(Cell { row, col, value });
            }
        }
        drop(reader);
        let duplicates = sort_cells(&mut cells);
        sheets.push(Sheet {
            name,
            visible,
            cells,
            duplicates,
        });
    }
    Ok(Workbook {
        format: Format::Xlsb,
        sheets,
        names,
        modified: None,
    })
}

/// The .xls and .ods readers only give dense ranges; the command layer runs this in
/// a child process.
fn read_dense<RS, R>(wb: &mut R, format: Format, limits: &Limits) -> Result<Workbook, ReadError>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let names = wb.defined_names().to_vec();
    let metas: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), visible_of(s.visible)))
        .collect();
    let mut sheets = Vec::with_capacity(metas.len());
    for (name, visible) in metas {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| ReadError::Corrupt(e.to_string()))?;
        let formulas = wb.worksheet_formula(&name).ok();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut cells = Vec::new();
        for (r, c, data) in range.used_cells() {
            let (row, col) = (r0 + r as u32, c0 + c as u32);
            if let Some(value) = value_of_data(data.clone()) {
                if cells.len() as u64 >= limits.max_cells_per_sheet {
                    return Err(ReadError::TooManyCells {
                        sheet: name,
                        limit: limits.max_cells_per_sheet,
                    });
                }
                cells.push(Cell { row, col, value });
            }
        }
        if let Some(f) = &formulas {
            let (fr0, fc0) = f.start().unwrap_or((0, 0));
            for (r, c, text) in f.used_cells() {
                if text.is_empty() {
                    continue;
                }
                let pos = (fr0 + r as u32, fc0 + c as u32);
                if range.get_value(pos).is_none_or(|d| d.is_empty()) {
                    cells.push(Cell {
                        row: pos.0,
                        col: pos.1,
                        value: Value::Uncalculated {
                            formula: text.clone(),
                        },
                    });
                }
            }
        }
        let duplicates = sort_cells(&mut cells);
        sheets.push(Sheet {
            name,
            visible,
            cells,
            duplicates,
        });
    }
    Ok(Workbook {
        format,
        sheets,
        names,
        modified: None,
    })
}

/// Puts `cells` in row then column order and keeps one cell per address (the
/// last given, as before); returns the addresses given more than once.
fn sort_cells(cells: &mut Vec<Cell>) -> Vec<(u32, u32)> {
    if !cells.is_sorted_by_key(|c| (c.row, c.col)) {
        // Stable: cells at one address stay in file order.
        cells.sort_by_key(|c| (c.row, c.col));
    }
    let mut duplicates: Vec<(u32, u32)> = Vec::new();
    let mut kept: Vec<Cell> = Vec::with_capacity(cells.len());
    for cell in cells.drain(..) {
        match kept.last_mut() {
            Some(last) if (last.row, last.col) == (cell.row, cell.col) => {
                if duplicates.last() != Some(&(cell.row, cell.col)) {
                    duplicates.push((cell.row, cell.col));
                }
                *last = cell;
            }
            _ => kept.push(cell),
        }
    }
    *cells = kept;
    duplicates
}

#[cfg(test)]
mod tests {

    #[test]
    fn cell_references_within_the_sheet_pass_and_others_do_not() {
        for (r, ok) in [
            ("A1", true),
            ("$XFD$1048576", true),
            ("A1:XFD1048576", true),
            ("12", true),
            ("E", true),
            ("PTwfpans=", false),
            ("AAAA1", false),
            ("A99999999999", false),
            ("A1:", false),
            ("", false),
        ] {
            assert_eq!(super::is_reference(r.as_bytes()), ok, "{r}");
        }
    }

    #[test]
    fn the_byte_scan_finds_bad_references_and_deep_nesting_only_in_markup() {
        use super::Scan::*;
        let deep = format!("{}{}", "<a>".repeat(6), "</a>".repeat(6));
        let cases: Vec<(&str, Scan<'_>)> = vec![
            (
                r#"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>"#,
                Fine,
            ),
            (r#"<x:c x:r="PTwfpans"/>"#, NotAReference(b"PTwfpans")),
            (r#"<c s="1" r='AAAA1'></c>"#, NotAReference(b"AAAA1")),
            (r#"<dimension ref="A1:"/>"#, NotAReference(b"A1:")),
            (
                r#"<mergeCell ref = "A1:B2"/><autoFilter ref="ZZZZ9"/>"#,
                NotAReference(b"ZZZZ9"),
            ),
            // Other elements and attributes are not references.
            (r#"<col r="PTwfpans"/><c rr="x" s="PTwfpans"/>"#, Fine),
            // A `>` inside a quoted value does not end the tag.
            (r#"<c t="a>b" r="BAD!"/>"#, NotAReference(b"BAD!")),
            // Comments, CDATA and declarations are not markup to check.
            (
                r#"<?xml version="1.0"?><!-- <c r="BAD!"/> --><v><![CDATA[<c r="BAD!"/>]]></v>"#,
                Fine,
            ),
            (&deep, TooDeep),
            ("<a><b/><b/><b/><b/><b/><b/></a>", Fine),
            // A part cut inside a tag is left to calamine.
            (r#"<c r="A1"#, Fine),
        ];
        for (xml, want) in cases {
            assert_eq!(super::scan_part(xml.as_bytes(), 5), want, "{xml}");
        }
    }
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(data.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    /// A minimal workbook with one sheet holding `sheet_data`.
    fn xlsx(sst: &str, sheet_data: &str) -> Vec<u8> {
        let ns = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#;
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        zip_of(&[
            (
                "[Content_Types].xml",
                r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#,
            ),
            (
                "_rels/.rels",
                &format!(
                    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
                ),
            ),
            (
                "xl/workbook.xml",
                &format!(
                    r#"<workbook {ns} xmlns:r="{rel}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#
                ),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                &format!(
                    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
                ),
            ),
            ("xl/sharedStrings.xml", sst),
            (
                "xl/worksheets/sheet1.xml",
                &format!(r#"<worksheet {ns}><sheetData>{sheet_data}</sheetData></worksheet>"#),
            ),
        ])
    }

    const SST: &str = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>Nhà</t></si></sst>"#;

    /// issue 16: worksheet > sheetData are two levels; `extra` more nest inside.
    #[test]
    fn a_sheet_is_held_to_the_xml_depth_limit_and_named() {
        let nested = |n: usize| format!("{}{}", "<x>".repeat(n), "</x>".repeat(n));
        let limits = Limits {
            max_xml_depth: 10,
            ..Limits::default()
        };
        for (extra, refused) in [(0, false), (8, false), (9, true), (100_000, true)] {
            let bytes = xlsx(SST, &nested(extra));
            let got = sniff(&bytes, &limits).err();
            let expected = refused.then(|| ReadError::TooDeep {
                sheet: "S".into(),
                limit: 10,
            });
            assert_eq!(got, expected, "{extra} more levels");
        }
        let err = sniff(&xlsx(SST, &nested(300)), &Limits::default()).unwrap_err();
        assert_eq!(err.limit(), Some(Limit::XmlDepth));
        assert_eq!(
            err.to_string(),
            "sheet `S` nests its XML more than 256 deep (the limit on XML nesting depth)"
        );
    }

    #[test]
    fn a_cell_address_given_twice_is_recorded() {
        let bytes = xlsx(
            SST,
            r#"<row r="10"><c r="C10" t="s"><v>0</v></c><c r="D10"><v>5</v></c><c r="D10"><v>7</v></c></row>"#,
        );
        let limits = Limits::default();
        let sniffed = sniff(&bytes, &limits).unwrap();
        let book = read_workbook(&bytes, &sniffed, &limits).unwrap();
        let s = &book.sheets[0];
        assert_eq!(s.duplicates, [(9, 3)]);
        assert_eq!(s.cells.len(), 2, "one cell per address");
        assert_eq!(s.get(9, 3), Some(&Value::Number(7.0)));
    }

    #[test]
    fn cells_keep_errors_uncalculated_formulas_and_positions() {
        let bytes = xlsx(
            SST,
            r#"<row r="2"><c r="B2" t="s"><v>0</v></c><c r="C2"><v>12</v></c><c r="D2" t="e"><v>#DIV/0!</v></c><c r="E2"><f>SUM(C2:C3)</f></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
        );
        let limits = Limits::default();
        let sniffed = sniff(&bytes, &limits).unwrap();
        assert_eq!(sniffed.format, Format::Xlsx);
        let book = read_workbook(&bytes, &sniffed, &limits).unwrap();
        let s = &book.sheets[0];
        assert_eq!(s.get(1, 1), Some(&Value::Text("Nhà".into())));
        assert_eq!(s.get(1, 2), Some(&Value::Number(12.0)));
        assert_eq!(s.get(1, 3), Some(&Value::Error("#DIV/0!".into())));
        assert_eq!(
            s.get(1, 4),
            Some(&Value::Uncalculated {
                formula: "SUM(C2:C3)".into()
            })
        );
        assert_eq!(s.get(1_048_575, 16_383), Some(&Value::Number(1.0)));
        assert_eq!(s.cells.len(), 5, "sparse: no dense range");
    }

    /// The parts of a small .xlsx are inflated once and read from a stored copy
    /// (issue 17); what is read must be what the file read entry by entry gives:
    /// every cell, its type and date, the sheets, the names, the dates the file
    /// records, on workbooks vanban writes, hand-made ones and the fuzzing seeds.
    #[test]
    fn a_workbook_read_from_its_parts_inflated_once_is_the_one_read_entry_by_entry() {
        use crate::sheets::forms::{self, FormOptions, sample};
        let campaign = sample::bench_campaign(3);
        let form = forms::build_form_with(
            &campaign,
            &campaign.reporting.units[1],
            &FormOptions {
                values: sample::bench_values(1),
                filled_on: chrono::NaiveDate::from_ymd_opt(2017, 7, 20),
            },
        )
        .unwrap();
        let mut styled = rust_xlsxwriter::Workbook::new();
        let sheet = styled.add_worksheet().set_name("Ngày").unwrap();
        let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
        let percent = rust_xlsxwriter::Format::new().set_num_format("0.0%");
        sheet
            .write_datetime_with_format(
                1,
                1,
                rust_xlsxwriter::ExcelDateTime::from_ymd(2017, 7, 31).unwrap(),
                &date,
            )
            .unwrap();
        sheet
            .write_number_with_format(2, 1, 0.25, &percent)
            .unwrap();
        sheet.write_boolean(3, 1, true).unwrap();
        sheet.write_formula(4, 1, "=B3*2").unwrap();
        sheet.write_string(5, 2, "Công đoàn Ấp Bắc").unwrap();
        styled.define_name("Tong", "='Ngày'!$B$2").unwrap();
        let hidden = styled.add_worksheet();
        hidden.set_name("_an").unwrap().set_hidden(true);
        hidden.write_number(0, 0, 7).unwrap();
        let styled = styled.save_to_buffer().unwrap();
        let hand_made = xlsx(
            SST,
            r#"<row r="2"><c r="B2" t="s"><v>0</v></c><c r="C2" t="inlineStr"><is><r><t>Đ</t></r><r><t>ội</t></r></is></c><c r="D2" t="e"><v>#DIV/0!</v></c><c r="E2"><f>SUM(C2:C3)</f></c><c r="F2" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="G2" t="b"><v>1</v></c></row>"#,
        );
        // The last two were saved by LibreOffice Calc.
        let seeds: [&[u8]; 6] = [
            include_bytes!("../../../../fuzz/seeds/sheets/form-0.xlsx"),
            include_bytes!("../../../../fuzz/seeds/sheets/form-1.xlsx"),
            include_bytes!("../../../../fuzz/seeds/sheets/form-2.xlsx"),
            include_bytes!("../../../../fuzz/seeds/rollup/tong-hop.xlsx"),
            include_bytes!("../../../../tests/fixtures/sheets/form-libreoffice.xlsx"),
            include_bytes!("../../../../tests/fixtures/sheets/tong-hop-libreoffice.xlsx"),
        ];
        let limits = Limits::default();
        let mut workbooks = vec![form, styled, hand_made];
        workbooks.extend(seeds.iter().map(|s| s.to_vec()));
        for (i, bytes) in workbooks.iter().enumerate() {
            let once = sniff(bytes, &limits).unwrap();
            let copy = &once.stored.as_ref().expect("inflated once").0;
            let mut copy = zip::ZipArchive::new(Cursor::new(copy.as_slice())).unwrap();
            // All but the hand-made workbook (2) have styles.
            if i != 2 {
                let mut styles = String::new();
                copy.by_name("xl/styles.xml")
                    .unwrap()
                    .read_to_string(&mut styles)
                    .unwrap();
                assert!(
                    styles.contains("cellXfs") && !styles.contains("<fonts"),
                    "workbook {i}: the copy's styles are its number formats only"
                );
            }
            assert!(copy.by_name("xl/theme/theme1.xml").is_err());
            let streamed = sniff_zip(bytes, &limits, 0).unwrap();
            assert_eq!(streamed.stored, None);
            assert_eq!(
                (&once.format, &once.modified, once.never_calculated),
                (
                    &streamed.format,
                    &streamed.modified,
                    streamed.never_calculated
                ),
                "workbook {i}"
            );
            let a = read_workbook(bytes, &once, &limits).unwrap();
            let b = read_workbook(bytes, &streamed, &limits).unwrap();
            assert!(a.sheets.iter().any(|s| !s.cells.is_empty()), "workbook {i}");
            assert_eq!(a, b, "workbook {i}");
        }
        let styled = read_workbook(
            &workbooks[1],
            &sniff(&workbooks[1], &limits).unwrap(),
            &limits,
        )
        .unwrap();
        // The number formats are read from the copy: a date stays a date.
        assert!(matches!(styled.sheets[0].get(1, 1), Some(Value::Date(_))));
        assert!(!styled.sheets[1].visible);
        assert_eq!(styled.names.len(), 1);
    }

    #[test]
    fn the_style_part_keeps_only_its_number_formats_and_cell_styles() {
        let ns = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#;
        let formats =
            r#"<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>"#;
        let fonts = r#"<fonts count="1"><font><sz val="11"/><name val="Times New Roman"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>"#;
        let cells = r#"<cellXfs count="2"><xf numFmtId="0" fontId="0"/><xf numFmtId="164" fontId="0" applyNumberFormat="1"><alignment horizontal="center"/></xf></cellXfs>"#;
        let whole = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet {ns}>{formats}{fonts}<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>{cells}<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#
        );
        let slim = String::from_utf8(number_formats_only(whole.as_bytes()).unwrap()).unwrap();
        assert_eq!(
            slim,
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet {ns}>{formats}{cells}</styleSheet>"#
            )
        );
        // A prefix, and no number formats of its own.
        let prefixed = r#"<x:styleSheet xmlns:x="urn:x"><x:fonts count="0"/><x:cellXfs count="1"><x:xf numFmtId="14"/></x:cellXfs></x:styleSheet>"#;
        assert_eq!(
            number_formats_only(prefixed.as_bytes()).unwrap(),
            br#"<x:styleSheet xmlns:x="urn:x"><x:cellXfs count="1"><x:xf numFmtId="14"/></x:cellXfs></x:styleSheet>"#
        );
        // Anything a plain search could misread keeps the part whole.
        for odd in [
            format!("<styleSheet {ns}><!-- {cells} -->{cells}</styleSheet>"),
            format!("<styleSheet {ns}>{cells}{formats}</styleSheet>"),
            format!("<styleSheet {ns}>{cells}{cells}</styleSheet>"),
            format!("<styleSheet {ns}/>"),
            format!("<worksheet {ns}>{cells}</worksheet>"),
            format!("<styleSheet {ns}>{formats}"),
        ] {
            assert_eq!(number_formats_only(odd.as_bytes()), None, "{odd}");
        }
    }

    #[test]
    fn sniff_names_what_a_file_really_is() {
        let limits = Limits::default();
        let mut encrypted = CFB_MAGIC.to_vec();
        encrypted.extend(
            "EncryptionInfo"
                .encode_utf16()
                .flat_map(|c| c.to_le_bytes()),
        );
        let docx = zip_of(&[("word/document.xml", "<w:document/>")]);
        let other_zip = zip_of(&[("a.txt", "a")]);
        let ods_mime = zip_of(&[
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            ("content.xml", "<x/>"),
        ]);
        let huge = xlsx(
            r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="4294967295"><si><t>x</t></si></sst>"#,
            "",
        );
        let cases: Vec<(&[u8], ReadError)> = vec![
            (b"", ReadError::Empty),
            (b"\xef\xbb\xbf  <!DOCTYPE html><html>", ReadError::WebPage),
            (b"hello", ReadError::Unrecognised),
            (&encrypted, ReadError::Password),
            (&docx, ReadError::WordDocument),
            (&other_zip, ReadError::ZipNotSpreadsheet),
            (&ods_mime, ReadError::ZipNotSpreadsheet),
        ];
        for (bytes, want) in cases {
            assert_eq!(sniff(bytes, &limits).unwrap_err(), want);
        }
        let err = sniff(&huge, &limits).unwrap_err().to_string();
        assert!(
            err.starts_with("`xl/sharedStrings.xml` declares 4294967295 shared strings"),
            "{err}"
        );
        assert!(sniff(&xlsx(SST, ""), &limits).is_ok());
    }
}
