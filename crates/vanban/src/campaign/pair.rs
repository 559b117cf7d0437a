//! A report and its PDF as a pair: both carry the report's run id, so a reader can
//! tell `bao-cao.pdf` made from this `bao-cao.docx` from one left by an earlier
//! run.
//!
//! The id is taken from the report's content ([`report_run`]: the same inputs give
//! the same bytes and the same id). The .docx carries it twice: as the custom
//! document property `vanban-run` ([`RUN_PROPERTY`], as `tong-hop.xlsx` carries
//! its merge's id) and as a keyword `vanban-run-<id>` in its core properties,
//! which LibreOffice copies into the PDF's `/Keywords` when it converts the
//! report; so the PDF needs no editing after LibreOffice wrote it. [`pair`] reads
//! both and says whether they match.
//!
//! Library code: bytes in, bytes out. Which file is removed or written when is the
//! front end's business (`vanban report` removes a PDF of an earlier run before it
//! replaces the .docx).

use std::io::{Read, Write};

use crate::limits::Limits;

pub use crate::sheets::output::RUN_PROPERTY;

/// What the keyword holding the run id starts with, in the .docx's core
/// properties and the PDF's `/Keywords`.
pub const RUN_KEYWORD: &str = "vanban-run-";

/// How many hex digits of the content hash a report's run id has.
const RUN_LEN: usize = 16;

/// The run id of a report whose bytes (before [`stamp`]) are `docx`.
pub fn report_run(docx: &[u8]) -> String {
    crate::folder::content_hash(docx)[..RUN_LEN].to_string()
}

/// The run id an Office package (`.docx`, `.xlsx`) carries in its custom document
/// property [`RUN_PROPERTY`], if it carries one.
pub fn package_run(bytes: &[u8], limits: &Limits) -> Option<String> {
    let mut archive = crate::package::open(bytes, limits).ok()?;
    let xml = crate::package::read_entry(&mut archive, "docProps/custom.xml", limits).ok()?;
    let text = String::from_utf8(xml).ok()?;
    let at = text.find(&format!("name=\"{RUN_PROPERTY}\""))?;
    let rest = &text[at..];
    let start = rest.find("<vt:lpwstr>")? + "<vt:lpwstr>".len();
    let end = rest[start..].find("</vt:lpwstr>")? + start;
    Some(rest[start..end].to_string())
}

/// The run id a PDF carries in its `/Keywords` (written by LibreOffice from the
/// .docx's keywords, as a hex UTF-16 string or a literal one), if it carries one.
pub fn pdf_run(pdf: &[u8]) -> Option<String> {
    let key = b"/Keywords";
    let mut from = 0;
    while let Some(at) = find(&pdf[from..], key).map(|i| i + from) {
        from = at + key.len();
        let rest = &pdf[from..];
        let skip = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let text = match rest.get(skip) {
            Some(b'<') => hex_string(&rest[skip + 1..]),
            Some(b'(') => literal_string(&rest[skip + 1..]),
            _ => None,
        };
        if let Some(run) = text.as_deref().and_then(run_in) {
            return Some(run);
        }
    }
    None
}

/// Whether a report and its PDF belong together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pair {
    /// Both carry the same run id.
    Complete,
    /// They differ (or one carries none): the PDF is not this report's.
    Mixed {
        /// The report's run id.
        docx: Option<String>,
        /// The PDF's.
        pdf: Option<String>,
    },
}

/// Whether `pdf` was made from `docx`.
pub fn pair(docx: &[u8], pdf: &[u8], limits: &Limits) -> Pair {
    let docx = package_run(docx, limits);
    let pdf = pdf_run(pdf);
    match (&docx, &pdf) {
        (Some(a), Some(b)) if a == b => Pair::Complete,
        _ => Pair::Mixed { docx, pdf },
    }
}

/// The report `docx` with its run id `run` written in: the custom property
/// [`RUN_PROPERTY`] and the keyword [`RUN_KEYWORD`]`<run>` (added to the keywords
/// the template has). The other parts are copied unchanged.
pub fn stamp(docx: &[u8], run: &str) -> Result<Vec<u8>, String> {
    let fail = |what: &str, e: &dyn std::fmt::Display| format!("marking the report ({what}): {e}");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).map_err(|e| fail("open", &e))?;
    let mut names = Vec::new();
    for i in 0..zip.len() {
        let raw = zip.by_index_raw(i).map_err(|e| fail("read", &e))?;
        names.push(raw.name().map_err(|e| fail("read", &e))?.to_string());
    }
    let has = |n: &str| names.iter().any(|x| x == n);
    let mut text_of = |name: &str| -> Result<Option<String>, String> {
        if !has(name) {
            return Ok(None);
        }
        let mut s = String::new();
        zip.by_name(name)
            .map_err(|e| fail("read", &e))?
            .read_to_string(&mut s)
            .map_err(|e| fail("read", &e))?;
        Ok(Some(s))
    };
    let core = text_of(CORE)?;
    let custom = text_of(CUSTOM)?;
    let types = text_of(TYPES)?.ok_or_else(|| fail("read", &"no [Content_Types].xml"))?;
    let rels = text_of(RELS)?.ok_or_else(|| fail("read", &"no _rels/.rels"))?;
    let mut changed: Vec<(&str, String)> = vec![
        (CORE, with_keyword(core.as_deref(), run)),
        (CUSTOM, with_property(custom.as_deref(), run)),
    ];
    let mut types = types;
    let mut rels = rels;
    for (part, content_type, rel_type, id) in [
        (CORE, CORE_TYPE, CORE_REL, "rIdVanbanCore"),
        (CUSTOM, CUSTOM_TYPE, CUSTOM_REL, "rIdVanbanCustom"),
    ] {
        if !types.contains(&format!("PartName=\"/{part}\"")) {
            types = insert_before(
                &types,
                "</Types>",
                &format!("<Override PartName=\"/{part}\" ContentType=\"{content_type}\"/>"),
            );
        }
        if !rels.contains(&format!("Target=\"{part}\"")) && !rels.contains(&format!("\"/{part}\""))
        {
            rels = insert_before(
                &rels,
                "</Relationships>",
                &format!("<Relationship Id=\"{id}\" Type=\"{rel_type}\" Target=\"{part}\"/>"),
            );
        }
    }
    changed.push((TYPES, types));
    changed.push((RELS, rels));

    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (i, name) in names.iter().enumerate() {
        if let Some((_, text)) = changed.iter().find(|(n, _)| n == name) {
            out.start_file(name.as_str(), options)
                .map_err(|e| fail("write", &e))?;
            out.write_all(text.as_bytes())
                .map_err(|e| fail("write", &e))?;
        } else {
            let raw = zip.by_index_raw(i).map_err(|e| fail("read", &e))?;
            out.raw_copy_file(raw).map_err(|e| fail("copy", &e))?;
        }
    }
    for (name, text) in &changed {
        if !has(name) {
            out.start_file(*name, options)
                .map_err(|e| fail("write", &e))?;
            out.write_all(text.as_bytes())
                .map_err(|e| fail("write", &e))?;
        }
    }
    Ok(out.finish().map_err(|e| fail("write", &e))?.into_inner())
}

const CORE: &str = "docProps/core.xml";
const CUSTOM: &str = "docProps/custom.xml";
const TYPES: &str = "[Content_Types].xml";
const RELS: &str = "_rels/.rels";
const CORE_TYPE: &str = "application/vnd.openxmlformats-package.core-properties+xml";
const CUSTOM_TYPE: &str = "application/vnd.openxmlformats-officedocument.custom-properties+xml";
const CORE_REL: &str =
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties";
const CUSTOM_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties";
const CORE_NS: &str = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties";
const CUSTOM_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties";
const VT_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes";
/// The format id every custom document property has (ECMA-376 part 2, 11.1).
const CUSTOM_FMTID: &str = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}";

/// The core properties with the run's keyword: replacing an earlier run's keyword,
/// added to the template's keywords, or in a new element (or a new part).
fn with_keyword(core: Option<&str>, run: &str) -> String {
    let token = format!("{RUN_KEYWORD}{run}");
    let Some(core) = core else {
        return format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <cp:coreProperties xmlns:cp=\"{CORE_NS}\"><cp:keywords>{token}</cp:keywords>\
             </cp:coreProperties>"
        );
    };
    // The prefix the part gives the core-properties namespace (`cp` as Word writes it).
    let prefix = core
        .find(":coreProperties")
        .and_then(|end| core[..end].rfind('<').map(|start| &core[start + 1..end]))
        .unwrap_or("cp");
    let open = format!("<{prefix}:keywords>");
    let close = format!("</{prefix}:keywords>");
    if let (Some(start), Some(end)) = (core.find(&open), core.find(&close)) {
        let inner = &core[start + open.len()..end];
        let kept: Vec<&str> = inner
            .split([',', ';', ' '])
            .filter(|w| !w.is_empty() && !w.starts_with(RUN_KEYWORD))
            .collect();
        let mut words = kept.join(", ");
        if !words.is_empty() {
            words.push_str(", ");
        }
        words.push_str(&token);
        return format!("{}{words}{}", &core[..start + open.len()], &core[end..]);
    }
    let element = format!("{open}{token}{close}");
    let empty = format!("<{prefix}:keywords/>");
    if core.contains(&empty) {
        return core.replacen(&empty, &element, 1);
    }
    insert_before(core, &format!("</{prefix}:coreProperties>"), &element)
}

/// The custom properties with [`RUN_PROPERTY`] set to `run`, the `vt` namespace
/// declared on the root.
fn with_property(custom: Option<&str>, run: &str) -> String {
    let text = with_property_inner(custom, run);
    if text.contains("xmlns:vt=") {
        return text;
    }
    text.replacen(
        "<Properties",
        &format!("<Properties xmlns:vt=\"{VT_NS}\""),
        1,
    )
}

fn with_property_inner(custom: Option<&str>, run: &str) -> String {
    let fresh = || {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <Properties xmlns=\"{CUSTOM_NS}\" xmlns:vt=\"{VT_NS}\">{}</Properties>",
            property(2, run)
        )
    };
    let Some(custom) = custom else {
        return fresh();
    };
    let named = format!("name=\"{RUN_PROPERTY}\"");
    if let Some(at) = custom.find(&named) {
        // An earlier run's value (a template made from a report): replaced.
        let value_at = custom[at..].find("<vt:lpwstr>").map(|i| at + i + 11);
        let value_end = value_at.and_then(|s| custom[s..].find("</vt:lpwstr>").map(|i| s + i));
        if let (Some(s), Some(e)) = (value_at, value_end) {
            return format!("{}{run}{}", &custom[..s], &custom[e..]);
        }
        return fresh();
    }
    let pid = custom
        .match_indices("pid=\"")
        .filter_map(|(i, m)| {
            let rest = &custom[i + m.len()..];
            rest[..rest.find('"')?].parse::<u32>().ok()
        })
        .max()
        .map_or(2, |p| p.max(1) + 1);
    if custom.contains("</Properties>") {
        return insert_before(custom, "</Properties>", &property(pid, run));
    }
    // `<Properties …/>`, as an empty part is written.
    match custom.find("<Properties") {
        Some(start) => match custom[start..].find("/>") {
            Some(end) => format!(
                "{}>{}</Properties>{}",
                &custom[..start + end],
                property(pid, run),
                &custom[start + end + 2..]
            ),
            None => fresh(),
        },
        None => fresh(),
    }
}

fn property(pid: u32, run: &str) -> String {
    format!(
        "<property fmtid=\"{CUSTOM_FMTID}\" pid=\"{pid}\" name=\"{RUN_PROPERTY}\">\
         <vt:lpwstr>{run}</vt:lpwstr></property>"
    )
}

fn insert_before(text: &str, marker: &str, insert: &str) -> String {
    match text.rfind(marker) {
        Some(at) => format!("{}{insert}{}", &text[..at], &text[at..]),
        None => format!("{text}{insert}"),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The run id in a keywords text: the hex digits after [`RUN_KEYWORD`].
fn run_in(text: &str) -> Option<String> {
    let at = text.find(RUN_KEYWORD)? + RUN_KEYWORD.len();
    let run: String = text[at..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    (run.len() == RUN_LEN).then_some(run)
}

/// A PDF hex string (`<FEFF0076…>`, after the `<`): UTF-16 with its byte-order mark,
/// else one byte a character.
fn hex_string(rest: &[u8]) -> Option<String> {
    let end = rest.iter().position(|&b| b == b'>')?;
    let digits: Vec<u8> = rest[..end]
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let bytes: Vec<u8> = digits
        .chunks(2)
        .map(|pair| {
            let s = std::str::from_utf8(pair).ok()?;
            u8::from_str_radix(&format!("{s:0<2}"), 16).ok()
        })
        .collect::<Option<_>>()?;
    Some(decode(&bytes))
}

/// A PDF literal string (after the `(`), its escapes read.
fn literal_string(rest: &[u8]) -> Option<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < rest.len() {
        match rest[i] {
            b'\\' => {
                i += 1;
                let digits = rest[i..]
                    .iter()
                    .take(3)
                    .take_while(|b| (b'0'..=b'7').contains(b))
                    .count();
                if digits > 0 {
                    let octal = std::str::from_utf8(&rest[i..i + digits]).ok()?;
                    out.push(u8::from_str_radix(octal, 8).ok()?);
                    i += digits;
                    continue;
                }
                if let Some(&c) = rest.get(i) {
                    out.push(match c {
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        other => other,
                    });
                }
            }
            b'(' => {
                depth += 1;
                out.push(b'(');
            }
            b')' if depth == 0 => return Some(decode(&out)),
            b')' => {
                depth -= 1;
                out.push(b')');
            }
            b => out.push(b),
        }
        i += 1;
    }
    None
}

fn decode(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            let units: Vec<u16> = utf16
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => bytes.iter().map(|&b| b as char).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keywords LibreOffice 7.4 wrote for `vanban-run-0123456789abcdef`.
    const LIBREOFFICE_KEYWORDS: &str = "/Keywords<FEFF00760061006E00620061006E002D00720075006E002D0030003100320033003400350036003700380039006100620063006400650066>";

    #[test]
    fn a_pdf_run_is_read_from_hex_and_literal_keywords() {
        for (pdf, run) in [
            (LIBREOFFICE_KEYWORDS, Some("0123456789abcdef")),
            (
                "1 0 obj << /Keywords (report, vanban-run-00000000ffffffff) >>",
                Some("00000000ffffffff"),
            ),
            (
                "<< /Keywords (vanban\\055run-00000000ffffffff) >>",
                Some("00000000ffffffff"),
            ),
            ("<< /Keywords (vanban-run-0123) >>", None),
            ("<< /Title (vanban-run-0123456789abcdef) >>", None),
            (
                "<< /Keywords <FEFF> /Keywords (x vanban-run-aaaaaaaaaaaaaaaa) >>",
                Some("aaaaaaaaaaaaaaaa"),
            ),
            ("", None),
        ] {
            assert_eq!(pdf_run(pdf.as_bytes()).as_deref(), run, "{pdf}");
        }
    }

    fn docx() -> Vec<u8> {
        crate::docx::fixture::Docx::new(crate::docx::fixture::p(&crate::docx::fixture::r(
            "Báo cáo",
        )))
        .build()
    }

    fn part(bytes: &[u8], name: &str) -> Option<String> {
        crate::docx::fixture::part(bytes, name)
    }

    #[test]
    fn a_stamped_report_carries_its_run_as_property_and_keyword() {
        let limits = Limits::default();
        let plain = docx();
        assert_eq!(package_run(&plain, &limits), None);
        let run = report_run(&plain);
        assert_eq!(run.len(), 16);
        let stamped = stamp(&plain, &run).unwrap();
        assert_eq!(
            package_run(&stamped, &limits).as_deref(),
            Some(run.as_str())
        );
        let core = part(&stamped, CORE).unwrap();
        assert!(
            core.contains(&format!("keywords>vanban-run-{run}<")),
            "{core}"
        );
        // Every other part is the same; the document still opens.
        assert_eq!(
            part(&stamped, "word/document.xml"),
            part(&plain, "word/document.xml")
        );
        crate::package::open(&stamped, &limits).unwrap();
        // Stamped again (a template made from a report): one run, the new one.
        let again = stamp(&stamped, "00000000ffffffff").unwrap();
        assert_eq!(
            package_run(&again, &limits).as_deref(),
            Some("00000000ffffffff")
        );
        let core = part(&again, CORE).unwrap();
        assert_eq!(core.matches(RUN_KEYWORD).count(), 1, "{core}");
        assert_eq!(stamp(&plain, &run).unwrap(), stamped, "deterministic");
    }

    #[test]
    fn keywords_and_properties_of_the_template_are_kept() {
        let core = "<cp:coreProperties xmlns:cp=\"x\"><cp:keywords>dân vận, 2017</cp:keywords></cp:coreProperties>";
        assert_eq!(
            with_keyword(Some(core), "ab"),
            "<cp:coreProperties xmlns:cp=\"x\"><cp:keywords>dân, vận, 2017, vanban-run-ab</cp:keywords></cp:coreProperties>"
        );
        let custom = "<Properties xmlns=\"x\"><property fmtid=\"f\" pid=\"7\" name=\"Đơn vị\"><vt:lpwstr>LĐLĐ</vt:lpwstr></property></Properties>";
        let got = with_property(Some(custom), "ab");
        assert!(got.contains("name=\"Đơn vị\""), "{got}");
        assert!(got.contains("pid=\"8\" name=\"vanban-run\""), "{got}");
        let empty = "<?xml version=\"1.0\"?><Properties xmlns=\"x\" xmlns:vt=\"y\"/>";
        let got = with_property(Some(empty), "ab");
        assert!(
            got.ends_with("</vt:lpwstr></property></Properties>"),
            "{got}"
        );
    }

    #[test]
    fn a_pair_is_complete_only_when_both_runs_match() {
        let limits = Limits::default();
        let plain = docx();
        let run = report_run(&plain);
        let stamped = stamp(&plain, &run).unwrap();
        let pdf = |run: &str| format!("%PDF-1.4\n<< /Keywords (vanban-run-{run}) >>\n%%EOF");
        assert_eq!(
            pair(&stamped, pdf(&run).as_bytes(), &limits),
            Pair::Complete
        );
        assert_eq!(
            pair(&stamped, pdf("00000000ffffffff").as_bytes(), &limits),
            Pair::Mixed {
                docx: Some(run.clone()),
                pdf: Some("00000000ffffffff".into())
            }
        );
        assert_eq!(
            pair(&plain, pdf(&run).as_bytes(), &limits),
            Pair::Mixed {
                docx: None,
                pdf: Some(run.clone())
            }
        );
        assert_eq!(
            pair(&stamped, b"%PDF-1.4 no keywords", &limits),
            Pair::Mixed {
                docx: Some(run),
                pdf: None
            }
        );
    }
}
