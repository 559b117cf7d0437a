//! The appendix's column widths: a post-pass over the rendered report that gives
//! each column of the appendix table the width its content needs.

use crate::docx::{schema, xml};
use crate::limits::Limits;

/// The engine shares a table's width equally among the columns a `{%tc for %}`
/// loop leaves, which makes the STT column as wide as a figure and the units'
/// names one word per line. This gives each column what its content needs: STT
/// narrow, the unit's name wide, each figure's column as wide as its longest
/// figure or the longest word of its heading, all scaled to fill the page's text
/// width (the last section's page width less its margins). Only a last table whose
/// first cell reads `STT` is touched, so a campaign's own template is left alone
/// unless it has the same appendix.
///
/// The body is read again with the engine's parser under the same limits the
/// engine applied ([`Limits::max_xml_depth`] above all: the campaign's data fills
/// the template, and a value printed with `safe` may nest deeply).
pub fn fit_appendix(docx: &[u8], limits: &Limits) -> Result<Vec<u8>, String> {
    rewrite_document(
        docx,
        limits,
        "laying out the appendix table",
        &mut fit_last_table,
    )
}

/// Rewrites `word/document.xml` of a package with `change`, read under `limits`
/// (the engine's own parser); every other part is copied as it is. `what` names the
/// step in errors.
pub fn rewrite_document(
    docx: &[u8],
    limits: &Limits,
    what: &str,
    change: &mut dyn FnMut(&mut xml::Element),
) -> Result<Vec<u8>, String> {
    use std::io::{Read, Write};
    let fail = |step: &str, e: &dyn std::fmt::Display| format!("{what} ({step}): {e}");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).map_err(|e| fail("open", &e))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let name = zip
            .by_index_raw(i)
            .map_err(|e| fail("read", &e))?
            .name()
            .map_err(|e| fail("read", &e))?
            .to_string();
        if name != "word/document.xml" {
            let raw = zip.by_index_raw(i).map_err(|e| fail("read", &e))?;
            out.raw_copy_file(raw).map_err(|e| fail("copy", &e))?;
            continue;
        }
        let mut entry = zip.by_index(i).map_err(|e| fail("read", &e))?;
        let modified = entry.last_modified().unwrap_or_default();
        let mut text = String::new();
        entry
            .read_to_string(&mut text)
            .map_err(|e| fail("read", &e))?;
        drop(entry);
        let mut nodes = xml::parse(&text, limits.max_xml_depth).map_err(|e| fail("parse", &e))?;
        if let Some(document) = xml::root_mut(&mut nodes) {
            change(document);
        }
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(modified);
        out.start_file(name.as_str(), options)
            .map_err(|e| fail("write", &e))?;
        out.write_all(xml::to_string(&nodes).as_bytes())
            .map_err(|e| fail("write", &e))?;
    }
    let cursor = out.finish().map_err(|e| fail("write", &e))?;
    Ok(cursor.into_inner())
}

/// Width of a digit or a lower-case letter at the table's 12 pt, in twips
/// (Times New Roman: half an em).
const CHAR_TWIPS: f64 = 125.0;
/// Left plus right cell margins set on the appendix table, in twips (1 mm each).
const CELL_MARGIN_TWIPS: u64 = 57;
/// The STT column, in twips.
const STT_TWIPS: u64 = 560;
/// Least width of the unit-name column, in twips (about 5 cm: names on two lines).
const NAME_MIN_TWIPS: u64 = 2800;
/// Most width of the unit-name column, in twips: beyond it, figures get the room.
const NAME_MAX_TWIPS: u64 = 4200;

fn fit_last_table(root: &mut xml::Element) {
    use xml::{Element, Node};
    let Some(body) = root.elements_mut().find(|e| e.name() == "w:body") else {
        return;
    };
    let text_width = body.child("w:sectPr").and_then(|sect| {
        let size = sect.child("w:pgSz")?;
        let margins = sect.child("w:pgMar")?;
        let num = |e: &Element, k: &str| e.attr(k).and_then(|v| v.parse::<u64>().ok());
        num(size, "w:w")?.checked_sub(num(margins, "w:left")? + num(margins, "w:right")?)
    });
    let Some(text_width) = text_width else {
        return;
    };
    let Some(table) = body.elements_mut().filter(|e| e.name() == "w:tbl").last() else {
        return;
    };
    let rows: Vec<Vec<String>> = table
        .child_elements("w:tr")
        .map(|tr| tr.child_elements("w:tc").map(Element::text).collect())
        .collect();
    // One grid column per cell: the template may have widened a cell by spanning
    // grid columns (the unit's name over three), which the widths below replace.
    let columns = rows.first().map(Vec::len).unwrap_or(0);
    let first = rows
        .first()
        .and_then(|r| r.first())
        .map(|c| c.trim().to_string());
    if first.as_deref() != Some("STT")
        || columns < 3
        || table.child("w:tblGrid").is_none()
        || rows.iter().any(|r| r.len() != columns)
    {
        return;
    }
    let widths = column_widths(&rows, text_width);

    if let Some(grid) = table.child_mut("w:tblGrid") {
        grid.children = widths
            .iter()
            .map(|w| Node::Element(Element::new(&format!("w:gridCol w:w=\"{w}\""))))
            .collect();
        grid.empty = false;
    }
    let ppr = table.child_or_insert("w:tblPr");
    let tblw = ppr.child_or_insert("w:tblW");
    tblw.set_attr("w:w", &text_width.to_string());
    tblw.set_attr("w:type", "dxa");
    let margins = ppr.child_or_insert("w:tblCellMar");
    margins.children.retain(
        |n| !matches!(n, Node::Element(e) if e.name() == "w:left" || e.name() == "w:right"),
    );
    let half = (CELL_MARGIN_TWIPS / 2).max(1);
    for side in ["w:left", "w:right"] {
        margins.push(Element::new(&format!(
            "{side} w:w=\"{half}\" w:type=\"dxa\""
        )));
    }
    for tr in table.elements_mut().filter(|e| e.name() == "w:tr") {
        // A unit's row stays whole on one page (a row split across pages leaves an
        // empty-looking stub under the repeated heading).
        let trpr = tr.child_or_insert("w:trPr");
        if trpr.child("w:cantSplit").is_none() {
            trpr.children
                .insert(0, Node::Element(Element::new("w:cantSplit")));
            trpr.empty = false;
        }
        for (tc, w) in tr
            .elements_mut()
            .filter(|e| e.name() == "w:tc")
            .zip(&widths)
        {
            let tcpr = tc.child_or_insert("w:tcPr");
            tcpr.children
                .retain(|n| !matches!(n, Node::Element(e) if e.name() == "w:gridSpan"));
            let tcw = tcpr.child_or_insert("w:tcW");
            tcw.set_attr("w:w", &w.to_string());
            tcw.set_attr("w:type", "dxa");
        }
    }
    schema::normalise(table);
}

/// The widths of the appendix's columns (STT, unit, figures…), in twips, summing to
/// `text_width`. Pure, for testing.
pub(crate) fn column_widths(rows: &[Vec<String>], text_width: u64) -> Vec<u64> {
    let columns = rows.first().map(Vec::len).unwrap_or(0);
    let need: Vec<f64> = (2..columns)
        .map(|c| {
            let longest_figure = rows[1..]
                .iter()
                .map(|r| r[c].trim().chars().count())
                .max()
                .unwrap_or(0);
            // Heading words are bold and partly upper case: a little wider.
            let longest_word = rows[0][c]
                .split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0);
            (longest_figure as f64)
                .max(longest_word as f64 * 1.15)
                .max(3.0)
                * CHAR_TWIPS
                + CELL_MARGIN_TWIPS as f64
        })
        .collect();
    let figures_need: f64 = need.iter().sum();
    let room = text_width.saturating_sub(STT_TWIPS + NAME_MIN_TWIPS) as f64;
    // Enough room: figures get what they need, the name takes the rest up to its
    // most, and what is left widens the figures. Too little: figures share the room
    // in proportion to their needs (headings then break inside long words).
    let name_extra = (room - figures_need).clamp(0.0, (NAME_MAX_TWIPS - NAME_MIN_TWIPS) as f64);
    let figures_room = room - name_extra;
    let scale = if figures_need > 0.0 {
        figures_room / figures_need
    } else {
        0.0
    };
    let mut widths = vec![STT_TWIPS, NAME_MIN_TWIPS + name_extra as u64];
    widths.extend(need.iter().map(|n| (n * scale).floor() as u64));
    // Rounding leftovers go to the name column, so the table spans the page exactly.
    let sum: u64 = widths.iter().sum();
    widths[1] += text_width.saturating_sub(sum);
    widths
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn appendix_columns_fit_the_page_and_their_content() {
        let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        // (rows, text width, expected widths)
        let cases: Vec<(Vec<Vec<String>>, u64, Vec<u64>)> = vec![
            // Plenty of room: figures get what they need, the name grows to its
            // most, the rest widens the figures evenly by need.
            (
                vec![
                    row(&["STT", "Đơn vị", "Nhà (căn)", "Tiền (đồng)"]),
                    row(&["1", "CĐCS A", "3", "120.000.000"]),
                ],
                14287,
                vec![560, 4201, 3347, 6179],
            ),
            // Too little room: figures share it by need; the name keeps its least.
            (
                vec![
                    row(&["STT", "Đơn vị", "A", "B", "C", "D", "E", "F", "G", "H"]),
                    row(&[
                        "1",
                        "X",
                        "1.000.000",
                        "1.000.000",
                        "1.000.000",
                        "1.000.000",
                        "1.000.000",
                        "1.000.000",
                        "1.000.000",
                        "1.000.000",
                    ]),
                ],
                9000,
                vec![560, 2800, 705, 705, 705, 705, 705, 705, 705, 705],
            ),
        ];
        for (rows, width, expected) in cases {
            let got = column_widths(&rows, width);
            assert_eq!(got, expected);
            assert_eq!(got.iter().sum::<u64>(), width);
        }
    }

    #[test]
    fn only_an_appendix_table_is_refitted() {
        use crate::docx::fixture::{Docx, p, r, table};
        let cell = |t: &str| p(&r(t));
        let doc = |first: &str| {
            let rows = vec![
                vec![cell(first), cell("Đơn vị"), cell("Nhà (căn)")],
                vec![cell("1"), cell("CĐCS A"), cell("3")],
            ];
            Docx::new(table(&[3000, 3000, 3000], &rows)).build()
        };
        let grid = |bytes: &[u8]| {
            let xml = crate::docx::fixture::part(bytes, "word/document.xml").unwrap();
            xml.split("<w:tblGrid>")
                .nth(1)
                .unwrap()
                .split("</w:tblGrid>")
                .next()
                .unwrap()
                .to_string()
        };
        // (first cell, grid after fitting): the fixture's A4 portrait page is 9071
        // twips wide between its margins; the name column stops at its most.
        let cases = [
            (
                "STT",
                r#"<w:gridCol w:w="560"/><w:gridCol w:w="4200"/><w:gridCol w:w="4311"/>"#,
            ),
            (
                "Số TT",
                r#"<w:gridCol w:w="3000"/><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/>"#,
            ),
        ];
        for (first, expected) in cases {
            let fitted = fit_appendix(&doc(first), &Limits::default()).unwrap();
            assert_eq!(grid(&fitted), expected, "{first}");
        }
    }
}
