//! Laying out a document: where the names of the header break, how wide its two
//! columns are, and what must stay together on a page.
//!
//! Widths are measured with the advance widths of Times New Roman (the font of the
//! built-in template), letter by letter, Vietnamese marks ignored (they do not
//! change a letter's width).

use crate::docx::xml::{Element, Node};
use crate::limits::Limits;

use super::Document;

/// The header table's full width in the built-in template, twips (it reaches a
/// little into the left margin, as printed documents do).
pub const HEADER_TOTAL: u32 = 9923;
/// The issuer column's width in the built-in template, twips.
pub const HEADER_LEFT_DEFAULT: u32 = 3969;
/// A cell's left plus right margin, twips, and some slack for rounding.
const CELL_ROOM: u32 = 216 + 80;
/// Size of the header's names, points (Phụ lục I: 12–13).
const NAME_SIZE: f64 = 13.0;
/// The national title, as the right column prints it.
const NATIONAL: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";

/// The advance width of a letter of Times New Roman, in thousandths of an em.
fn advance(c: char, bold: bool) -> u32 {
    let base = crate::vn::text::strip_diacritics(&c.to_string())
        .chars()
        .next()
        .unwrap_or(c);
    match base {
        ' ' => 250,
        'I' => {
            if bold {
                389
            } else {
                333
            }
        }
        'J' => 389,
        'M' => 889 + if bold { 55 } else { 0 },
        'W' => 944 + if bold { 56 } else { 0 },
        'E' | 'L' | 'T' | 'Z' => 611 + if bold { 56 } else { 0 },
        'F' | 'P' | 'S' => 556 + if bold { 55 } else { 0 },
        'B' | 'C' | 'R' => 667 + if bold { 55 } else { 0 },
        'G' | 'H' | 'K' | 'O' | 'Q' => 722 + if bold { 56 } else { 0 },
        'A'..='Z' => 722,
        'a'..='z' => {
            if bold {
                520
            } else {
                480
            }
        }
        '0'..='9' => 500,
        '.' | ',' | ':' | ';' => 250,
        '-' | '(' | ')' => 333,
        '/' => 278,
        _ => 500,
    }
}

/// The width of `text` at `size` points, twips.
pub fn width(text: &str, size: f64, bold: bool) -> u32 {
    let em: u32 = text.chars().map(|c| advance(c, bold)).sum();
    (f64::from(em) * size * 20.0 / 1000.0).ceil() as u32
}

/// The most words of a name whose breaks are searched for the best layout.
const MAX_SEARCHED_WORDS: usize = 24;

/// Words a name's new line naturally starts with: the place after the body
/// ("LIÊN ĐOÀN LAO ĐỘNG / TỈNH TÂY NINH", "TỔNG LIÊN ĐOÀN LAO ĐỘNG / VIỆT NAM").
const LINE_STARTS: &[&str] = &[
    "TỈNH",
    "HUYỆN",
    "THÀNH",
    "QUẬN",
    "THỊ",
    "PHƯỜNG",
    "VIỆT",
    "TP.",
];

/// Whether a break before `words[at]` falls between two phrases of the name: before
/// a place word, after a comma, or at the hyphen joining two bodies' names
/// ("XÃ HỘI-TỔNG LIÊN ĐOÀN").
fn natural_break(words: &[(String, bool)], at: usize) -> bool {
    let next = words[at].0.as_str();
    let (before, glued) = (&words[at - 1].0, words[at - 1].1);
    glued
        || before.ends_with(',')
        || LINE_STARTS.contains(&next)
        || (next == "XÃ"
            && words.get(at + 1).map(|w| w.0.as_str()) != Some("HỘI")
            && before != "VÀ")
}

/// The words of a name, a word joined by a hyphen split after it: each with
/// whether it is glued to the next (no space between them on one line).
fn name_words(line: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for word in line.split(' ').filter(|w| !w.is_empty()) {
        let parts: Vec<&str> = word.split_inclusive('-').collect();
        for (i, part) in parts.iter().enumerate() {
            out.push((part.to_string(), i + 1 < parts.len()));
        }
    }
    out
}

fn join_words(words: &[(String, bool)]) -> String {
    let mut s = String::new();
    for (i, (w, _)) in words.iter().enumerate() {
        if i > 0 && !words[i - 1].1 {
            s.push(' ');
        }
        s.push_str(w);
    }
    s
}

/// Breaks `line` into lines that fit `room` twips: between the name's phrases where
/// it can (`natural_break`) — one line more is taken if that spares a break
/// inside a phrase — then as even as the lines can be (the longest as short as
/// possible; on a tie, the first line longer). A word longer than the room is never
/// broken inside.
pub fn break_balanced(line: &str, room: u32, bold: bool) -> Vec<String> {
    let words = name_words(line);
    let whole = join_words(&words);
    if words.is_empty() || width(&whole, NAME_SIZE, bold) <= room {
        return vec![whole];
    }
    let n = words.len();
    // No real name has this many words; a source that gives one (hostile, or a
    // paragraph pasted into `co_quan`) is filled line by line, in linear time,
    // instead of searched.
    if n > MAX_SEARCHED_WORDS {
        let mut lines: Vec<String> = Vec::new();
        let mut start = 0;
        for i in 1..=n {
            if i == n
                || (i > start + 1
                    && width(&join_words(&words[start..i + 1]), NAME_SIZE, bold) > room)
            {
                lines.push(join_words(&words[start..i]));
                start = i;
            }
        }
        return lines;
    }
    let span = |a: usize, b: usize| width(&join_words(&words[a..b]), NAME_SIZE, bold);
    // Cost of a layout: (lines over the room, breaks inside a phrase, longest line).
    type Cost = (u32, u32, u32);
    const NONE: Cost = (u32::MAX, u32::MAX, u32::MAX);
    // The best layout found: (breaks inside a phrase, lines, longest), its cuts.
    let mut best_found: Option<((u32, usize, u32), Vec<usize>)> = None;
    let mut first_fit: Option<usize> = None;
    for count in 2..=n {
        if first_fit.is_some_and(|f| count > f + 1) {
            break;
        }
        let mut best = vec![vec![(NONE, 0usize); count + 1]; n + 1];
        best[0][0] = ((0, 0, 0), 0);
        for k in 1..=count {
            for i in 1..=n {
                for j in (k - 1)..i {
                    let (prev, _) = best[j][k - 1];
                    if prev == NONE {
                        continue;
                    }
                    let w = span(j, i);
                    let cost = (
                        prev.0 + u32::from(w > room),
                        prev.1 + u32::from(j > 0 && !natural_break(&words, j)),
                        prev.2.max(w),
                    );
                    // `<=` prefers the later cut: a longer first line on a tie.
                    if cost <= best[i][k].0 {
                        best[i][k] = (cost, j);
                    }
                }
            }
        }
        let (cost, _) = best[n][count];
        if cost.0 == 0 || count == n {
            first_fit.get_or_insert(count);
            let key = (cost.1, count, cost.2);
            if best_found.as_ref().is_none_or(|(k, _)| key < *k) {
                let mut cuts = vec![n];
                let (mut i, mut k) = (n, count);
                while k > 0 {
                    let j = best[i][k].1;
                    cuts.push(j);
                    i = j;
                    k -= 1;
                }
                cuts.reverse();
                best_found = Some((key, cuts));
            }
        }
    }
    match best_found {
        Some((_, cuts)) => cuts
            .windows(2)
            .map(|w| join_words(&words[w[0]..w[1]]))
            .collect(),
        None => vec![whole],
    }
}

/// The header's names broken into lines and the widths of its two columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Each superior body, its lines joined by `\n`.
    pub superiors: Vec<String>,
    /// The issuing body, its lines joined by `\n`.
    pub issuer: String,
    /// The left column, twips.
    pub left: u32,
    /// The right column, twips.
    pub right: u32,
}

/// Lays out the header: the left column as wide as its longest name line needs
/// (never narrower than the template's, never so wide that the national title no
/// longer fits on one line), and every name that is still too long broken into
/// balanced lines. Lines the clerk broke with `|` stay broken there.
pub fn header(doc: &Document) -> Header {
    let right_needed = width(NATIONAL, NAME_SIZE, true) + CELL_ROOM;
    let left_max = HEADER_TOTAL.saturating_sub(right_needed);
    let widest = doc
        .superiors
        .iter()
        .flatten()
        .map(|l| width(l, NAME_SIZE, false))
        .chain(doc.issuer.iter().map(|l| width(l, NAME_SIZE, true)))
        .max()
        .unwrap_or(0);
    let left = (widest + CELL_ROOM).clamp(HEADER_LEFT_DEFAULT.min(left_max), left_max);
    let room = left - CELL_ROOM;
    let fit = |name: &[String], bold: bool| -> String {
        name.iter()
            .flat_map(|l| break_balanced(l, room, bold))
            .collect::<Vec<_>>()
            .join("\n")
    };
    Header {
        superiors: doc.superiors.iter().map(|s| fit(s, false)).collect(),
        issuer: fit(&doc.issuer, true),
        left,
        right: HEADER_TOTAL - left,
    }
}

fn set_width(cell_or_grid: &mut Element, width: u32) {
    cell_or_grid.set_attr("w:w", &width.to_string());
}

/// Whether a table holds a paragraph in one of `styles`.
fn has_style(table: &Element, styles: &[&str]) -> bool {
    let mut found = false;
    table.walk(&mut |e| {
        if e.name() == "w:pStyle"
            && e.attr("w:val")
                .is_some_and(|v| styles.contains(&v.as_ref()))
        {
            found = true;
        }
    });
    found
}

fn ppr(p: &mut Element) -> &mut Element {
    p.child_or_insert("w:pPr")
}

fn keep_next(p: &mut Element) {
    let pr = ppr(p);
    if pr.child("w:keepNext").is_none() {
        pr.push(Element::new("w:keepNext"));
    }
    if pr.child("w:keepLines").is_none() {
        pr.push(Element::new("w:keepLines"));
    }
}

fn rows_cannot_split(table: &mut Element, header_row: bool) {
    for (i, row) in table
        .elements_mut()
        .filter(|e| e.name() == "w:tr")
        .enumerate()
    {
        let pr = row.child_or_insert("w:trPr");
        if pr.child("w:cantSplit").is_none() {
            pr.push(Element::new("w:cantSplit"));
        }
        if header_row && i == 0 && pr.child("w:tblHeader").is_none() {
            pr.push(Element::new("w:tblHeader"));
        }
    }
}

/// Whether a paragraph is the page break that opens an appendix (the template's
/// `VBPhuLuc` paragraph holding a page break).
fn is_appendix_break(p: &Element) -> bool {
    if p.name() != "w:p" {
        return false;
    }
    let mut style = false;
    let mut page_break = false;
    p.walk(&mut |e| {
        style |= e.name() == "w:pStyle" && e.attr("w:val").as_deref() == Some("VBPhuLuc");
        page_break |= e.name() == "w:br" && e.attr("w:type").as_deref() == Some("page");
    });
    style && page_break
}

/// Gives each appendix a section of its own, numbered from 1 (Phụ lục I: "each
/// appendix is numbered on its own"): the page break before an appendix becomes a
/// section break (a paragraph too small to be seen, ending the section before it
/// with the document's own page set-up), and every appendix's section restarts its
/// page numbers.
fn appendix_sections(body: &mut Element) {
    let Some(last) = body.child("w:sectPr").cloned() else {
        return;
    };
    let breaks: Vec<usize> = body
        .children
        .iter()
        .enumerate()
        .filter(|(_, n)| matches!(n, Node::Element(e) if is_appendix_break(e)))
        .map(|(i, _)| i)
        .collect();
    if breaks.is_empty() {
        return;
    }
    let restart = |sect: &mut Element| {
        sect.children
            .retain(|n| !matches!(n, Node::Element(e) if e.name() == "w:pgNumType"));
        sect.push(Element::new("w:pgNumType w:start=\"1\""));
    };
    for (k, at) in breaks.iter().enumerate() {
        let mut sect = last.clone();
        // The section this break closes: the document's own (as it was) for the
        // first, an earlier appendix (numbered from 1) for the others.
        if k > 0 {
            restart(&mut sect);
        }
        if let Node::Element(p) = &mut body.children[*at] {
            p.children
                .retain(|n| !matches!(n, Node::Element(e) if e.name() == "w:r"));
            let ppr = p.child_or_insert("w:pPr");
            ppr.children
                .retain(|n| !matches!(n, Node::Element(e) if e.name() == "w:keepNext"));
            let rpr = ppr.child_or_insert("w:rPr");
            rpr.push(Element::new("w:sz w:val=\"2\""));
            ppr.push(Element::new(
                "w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"",
            ));
            ppr.push(sect);
        }
    }
    if let Some(sect) = body.child_mut("w:sectPr") {
        restart(sect);
    }
}

/// Post-layout of a document filled from the built-in template:
/// - the header table's columns get the widths [`header`] chose;
/// - body tables repeat their header row on every page, and no row breaks across
///   pages;
/// - the signature area (recipients and signature blocks) is one row that never
///   splits, and the last two paragraphs of the body are kept with it, so the
///   block is never alone on a page nor split from the text it closes.
pub fn finish(docx: &[u8], header: &Header, limits: &Limits) -> Result<Vec<u8>, String> {
    let header = header.clone();
    crate::campaign::fit::rewrite_document(docx, limits, "laying out the document", &mut |root| {
        let Some(body) = root.child_mut("w:body") else {
            return;
        };
        let sign_styles = ["VBNoiNhan", "VBDongKy", "VBNguoiKy"];
        let header_styles = ["VBQuocHieu"];
        let table_styles = ["VBBangTieuDe"];
        // The index of the first signature table among the body's children.
        let mut sign_at = None;
        for (i, node) in body.children.iter_mut().enumerate() {
            let Node::Element(e) = node else { continue };
            if e.name() != "w:tbl" {
                continue;
            }
            if has_style(e, &header_styles) {
                if let Some(grid) = e.child_mut("w:tblGrid") {
                    let mut cols = grid.elements_mut().filter(|g| g.name() == "w:gridCol");
                    if let Some(c) = cols.next() {
                        set_width(c, header.left);
                    }
                    if let Some(c) = cols.next() {
                        set_width(c, header.right);
                    }
                }
                for row in e.elements_mut().filter(|r| r.name() == "w:tr") {
                    let mut cells = row.elements_mut().filter(|c| c.name() == "w:tc");
                    for w in [header.left, header.right] {
                        if let Some(tcw) = cells
                            .next()
                            .and_then(|c| c.child_mut("w:tcPr"))
                            .and_then(|p| p.child_mut("w:tcW"))
                        {
                            set_width(tcw, w);
                        }
                    }
                }
            } else if has_style(e, &sign_styles) {
                rows_cannot_split(e, false);
                sign_at.get_or_insert(i);
            } else if has_style(e, &table_styles) {
                rows_cannot_split(e, true);
            }
        }
        if let Some(at) = sign_at {
            let mut kept = 0;
            for node in body.children[..at].iter_mut().rev() {
                let Node::Element(e) = node else { continue };
                if e.name() != "w:p" || kept == 2 {
                    break;
                }
                keep_next(e);
                kept += 1;
            }
        }
        appendix_sections(body);
        // The properties added above, in the order the schema requires.
        crate::docx::schema::normalise(root);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_break_into_even_lines_only_when_too_wide() {
        let room = 3700;
        assert_eq!(
            break_balanced("CÔNG ĐOÀN GIÁO DỤC", room, true),
            ["CÔNG ĐOÀN GIÁO DỤC"]
        );
        let broken = break_balanced("LIÊN ĐOÀN LAO ĐỘNG THÀNH PHỐ HỒ CHÍ MINH", room, true);
        assert_eq!(broken, ["LIÊN ĐOÀN LAO ĐỘNG", "THÀNH PHỐ HỒ CHÍ MINH"]);
        assert!(broken.iter().all(|l| width(l, 13.0, true) <= room));
        // Between the body and its place, not where the widths are even.
        for (name, lines) in [
            (
                "LIÊN ĐOÀN LAO ĐỘNG TỈNH TÂY NINH",
                ["LIÊN ĐOÀN LAO ĐỘNG", "TỈNH TÂY NINH"],
            ),
            (
                "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM",
                ["TỔNG LIÊN ĐOÀN LAO ĐỘNG", "VIỆT NAM"],
            ),
            (
                "BỘ LAO ĐỘNG, THƯƠNG BINH VÀ XÃ HỘI",
                ["BỘ LAO ĐỘNG,", "THƯƠNG BINH VÀ XÃ HỘI"],
            ),
        ] {
            assert_eq!(break_balanced(name, room, false), lines, "{name}");
        }
        // Two bodies joined by a hyphen (a joint document): at the hyphen, and a
        // line more rather than a break inside a phrase.
        assert_eq!(
            break_balanced(
                "BỘ LAO ĐỘNG, THƯƠNG BINH VÀ XÃ HỘI-TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM",
                3900,
                true
            ),
            [
                "BỘ LAO ĐỘNG,",
                "THƯƠNG BINH VÀ XÃ HỘI-",
                "TỔNG LIÊN ĐOÀN LAO ĐỘNG",
                "VIỆT NAM"
            ]
        );
        // A word wider than the room stays whole.
        assert_eq!(break_balanced("CBCCVCLĐ", 500, true), ["CBCCVCLĐ"]);
        // A "name" of thousands of words is filled line by line (the search would
        // not end), every word kept. (The hostile tests replay a 200-word name
        // under a time bound: `tests/hostile/regressions/van_ban/`.)
        let long = vec!["CÔNG"; 5000].join(" ");
        let lines = break_balanced(&long, room, true);
        assert_eq!(lines.join(" "), long);
        assert!(lines.iter().all(|l| width(l, 13.0, true) <= room));
    }

    #[test]
    fn widths_follow_the_letters() {
        assert!(width("MMMM", 13.0, false) > width("IIII", 13.0, false));
        assert!(width("ABC", 13.0, true) >= width("ABC", 13.0, false));
        assert_eq!(width("Đ", 13.0, false), width("D", 13.0, false));
    }
}
