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

/// How many lines a heading takes in a column `column` twips wide (words wrapped
/// whole, in the heading's bold type).
fn heading_lines(heading: &str, column: u64) -> usize {
    use crate::van_ban::layout::width;
    let room = column.saturating_sub(CELL_MARGIN_TWIPS) as u32;
    let mut lines = 1;
    let mut line = String::new();
    for word in heading.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if line.is_empty() || width(&candidate, HEAD_PT, true) <= room {
            line = candidate;
        } else {
            lines += 1;
            line = word.to_string();
        }
    }
    lines
}

/// Size of the appendix's heading row, points (the template's `VBBangTieuDe`).
pub const HEAD_PT: f64 = 10.0;
/// Size of the appendix's figures, points (the template's `VBBangO`).
pub const CELL_PT: f64 = 11.0;
/// The unit-name column may shrink to this when the figures need the room, twips.
const NAME_FLOOR_TWIPS: u64 = 1800;

/// The widths of the appendix's columns (STT, unit, figures…), in twips, summing to
/// `text_width`. Each figure column is at least as wide as its longest figure and
/// the longest word of its heading (measured in Times New Roman), so no word and no
/// figure is ever broken ("CBCCVCLĐ" stays whole); the name column takes what is
/// left, between its least and its most, and any remainder widens the figures in
/// proportion. Pure, for testing.
pub(crate) fn column_widths(rows: &[Vec<String>], text_width: u64) -> Vec<u64> {
    use crate::van_ban::layout::width;
    let columns = rows.first().map(Vec::len).unwrap_or(0);
    let need: Vec<u64> = (2..columns)
        .map(|c| {
            let longest_figure = rows[1..]
                .iter()
                .map(|r| width(r[c].trim(), CELL_PT, true))
                .max()
                .unwrap_or(0);
            let longest_word = rows[0][c]
                .split_whitespace()
                .map(|w| width(w, HEAD_PT, true))
                .max()
                .unwrap_or(0);
            u64::from(
                longest_figure
                    .max(longest_word)
                    .max(width("000", CELL_PT, false)),
            ) + CELL_MARGIN_TWIPS
                + 20
        })
        .collect();
    let figures_need: u64 = need.iter().sum();
    let room = text_width.saturating_sub(STT_TWIPS);
    if figures_need + NAME_MIN_TWIPS <= room {
        // Enough room: the name takes its least and a quarter of the rest (up to its
        // most); the rest goes, a little at a time, to the column whose heading
        // takes the most lines, so the heading row is as low as it can be.
        let spare = room - figures_need - NAME_MIN_TWIPS;
        let name = (NAME_MIN_TWIPS + spare / 4).min(NAME_MAX_TWIPS);
        let mut figures = need.clone();
        let mut left = room - figures_need - name;
        const STEP: u64 = 20;
        while left >= STEP {
            let tallest = (0..figures.len()).max_by_key(|&i| {
                (
                    heading_lines(&rows[0][i + 2], figures[i]),
                    std::cmp::Reverse(figures[i]),
                )
            });
            let Some(i) = tallest else { break };
            figures[i] += STEP;
            left -= STEP;
        }
        let mut widths = vec![STT_TWIPS, name];
        widths.extend(figures);
        let sum: u64 = widths.iter().sum();
        widths[1] += text_width.saturating_sub(sum);
        return widths;
    }
    let (name, scale) = if figures_need + NAME_FLOOR_TWIPS <= room {
        // Tight: the figures keep their words whole; the name takes what is left.
        (room - figures_need, 1.0)
    } else {
        // More figures than any page holds: they share it by need.
        (
            NAME_FLOOR_TWIPS,
            room.saturating_sub(NAME_FLOOR_TWIPS) as f64 / figures_need.max(1) as f64,
        )
    };
    let mut widths = vec![STT_TWIPS, name];
    widths.extend(need.iter().map(|n| (*n as f64 * scale).floor() as u64));
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
        use crate::van_ban::layout::width;
        let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        let wide = [
            "STT",
            "Đơn vị",
            "Nhà “Mái ấm Công đoàn” xây tặng (căn)",
            "Nhà “Đại đoàn kết” (căn)",
            "Đường giao thông nông thôn (km)",
            "Kênh mương thủy lợi (km)",
            "Nghĩa trang, đài, bia tưởng niệm (lượt)",
            "Quà tặng (phần)",
            "Giá trị quà tặng (đồng)",
            "Đoàn viên, CBCCVCLĐ tham gia (người)",
            "Ngày công lao động (ngày công)",
            "Buổi tuyên truyền (buổi)",
            "Lượt người dự tuyên truyền (lượt)",
        ];
        let figures = [
            "1",
            "CĐCS A",
            "1",
            "2",
            "0,7",
            "5,1",
            "11",
            "40",
            "10.500.000",
            "83",
            "47",
            "4",
            "36",
        ];
        // (rows, text width): a few columns on a wide page, twelve on a landscape
        // page, and more than a page holds.
        let cases: Vec<(Vec<Vec<String>>, u64)> = vec![
            (
                vec![
                    row(&["STT", "Đơn vị", "Nhà (căn)", "Tiền (đồng)"]),
                    row(&["1", "CĐCS A", "3", "120.000.000"]),
                ],
                14287,
            ),
            (vec![row(&wide), row(&figures)], 14287),
        ];
        for (rows, text_width) in cases {
            let got = column_widths(&rows, text_width);
            assert_eq!(got.iter().sum::<u64>(), text_width, "{got:?}");
            assert_eq!(got[0], STT_TWIPS);
            assert!(
                (NAME_FLOOR_TWIPS..=NAME_MAX_TWIPS + 20).contains(&got[1]),
                "{got:?}"
            );
            for c in 2..rows[0].len() {
                let word = rows[0][c]
                    .split_whitespace()
                    .map(|w| width(w, HEAD_PT, true))
                    .max()
                    .unwrap();
                let figure = width(&rows[1][c], CELL_PT, true);
                assert!(
                    u64::from(word.max(figure)) + CELL_MARGIN_TWIPS <= got[c],
                    "column {c} ({:?}) is {} twips: a word would break",
                    rows[0][c],
                    got[c]
                );
            }
        }
        // More figures than the page holds: they share it; the name keeps its floor.
        let crowded = vec![
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
        ];
        let got = column_widths(&crowded, 6000);
        assert_eq!(got.iter().sum::<u64>(), 6000);
        assert!(got[1] >= NAME_FLOOR_TWIPS);
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
        let widths = |grid: String| -> Vec<u64> {
            grid.split("w:w=\"")
                .skip(1)
                .map(|w| w.split('"').next().unwrap().parse().unwrap())
                .collect()
        };
        // An appendix: refitted to the page's text width (9071 twips), STT narrow.
        let fitted = widths(grid(
            &fit_appendix(&doc("STT"), &Limits::default()).unwrap(),
        ));
        assert_eq!(fitted.iter().sum::<u64>(), 9071, "{fitted:?}");
        assert_eq!(fitted[0], STT_TWIPS);
        assert_eq!(
            fitted,
            column_widths(
                &[
                    vec!["STT".into(), "Đơn vị".into(), "Nhà (căn)".into()],
                    vec!["1".into(), "CĐCS A".into(), "3".into()],
                ],
                9071
            )
        );
        // Another table: left alone.
        let other = widths(grid(
            &fit_appendix(&doc("Số TT"), &Limits::default()).unwrap(),
        ));
        assert_eq!(other, [3000, 3000, 3000]);
    }
}
