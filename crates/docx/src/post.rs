//! What the engine does to a part after Tera: restarting numbered lists where the
//! template asked for it, keeping a table's grid in step with a column loop, and
//! checking that the result is well-formed XML.

use std::collections::BTreeMap;

use super::engine::{
    COLSPAN_MARK, HMERGE_MARK, PARAGRAPH_MARK, RESTART_MARK, SHADE_MARK, VMERGE_MARK,
};
use super::xml::{self, Element, Node};
use crate::limits::Limits;

/// Fresh numbering instances (`w:num`) to add to `word/numbering.xml`, one per
/// restart of a list.
#[derive(Debug, Default, Clone)]
pub struct Numbering {
    /// Highest `w:numId` in use so far.
    max_id: u32,
    /// New id → the id it copies.
    added: Vec<(u32, u32)>,
    /// Paragraph styles that number their paragraphs (Word's "List Number"):
    /// style id → (`w:numId`, `w:ilvl`).
    style_lists: BTreeMap<String, ListRef>,
}

/// A list as a paragraph style names it: `w:numId` and `w:ilvl`.
type ListRef = (String, Option<String>);

impl Numbering {
    /// Starts from the template's numbering part (to know which ids are taken).
    pub fn from_part(bytes: Option<&[u8]>) -> Numbering {
        let mut max_id = 0;
        if let Some(text) = bytes.and_then(|b| std::str::from_utf8(b).ok()) {
            for piece in text.split("<w:num ").skip(1) {
                if let Some(v) = attr_in(piece, "w:numId")
                    && let Ok(n) = v.parse::<u32>()
                {
                    max_id = max_id.max(n);
                }
            }
        }
        Numbering {
            max_id,
            added: Vec::new(),
            style_lists: BTreeMap::new(),
        }
    }

    /// Learns which paragraph styles number their paragraphs, following `basedOn`.
    pub fn with_styles(mut self, styles: Option<&[u8]>, max_depth: usize) -> Numbering {
        let Some(nodes) = styles
            .and_then(|b| std::str::from_utf8(b).ok())
            .and_then(|t| xml::parse(t, max_depth).ok())
        else {
            return self;
        };
        let Some(root) = nodes.iter().find_map(|n| match n {
            Node::Element(e) if e.name() == "w:styles" => Some(e),
            _ => None,
        }) else {
            return self;
        };
        // style id → (own numbering, based on)
        let mut own: BTreeMap<String, (Option<ListRef>, Option<String>)> = BTreeMap::new();
        for style in root.child_elements("w:style") {
            if style.attr("w:type").as_deref() != Some("paragraph") {
                continue;
            }
            let Some(id) = style.attr("w:styleId") else {
                continue;
            };
            let num_pr = style.child("w:pPr").and_then(|p| p.child("w:numPr"));
            let num = num_pr.and_then(|n| {
                let num_id = n.child("w:numId")?.attr("w:val")?;
                let ilvl = n.child("w:ilvl").and_then(|l| l.attr("w:val"));
                Some((num_id, ilvl))
            });
            let based = style.child("w:basedOn").and_then(|b| b.attr("w:val"));
            own.insert(id, (num, based));
        }
        for id in own.keys() {
            let mut cur = id.clone();
            for _ in 0..16 {
                let Some((num, based)) = own.get(&cur) else {
                    break;
                };
                if let Some(num) = num {
                    if num.0 != "0" {
                        self.style_lists.insert(id.clone(), num.clone());
                    }
                    break;
                }
                match based {
                    Some(b) => cur = b.clone(),
                    None => break,
                }
            }
        }
        self
    }

    /// True when some list was restarted.
    pub fn is_used(&self) -> bool {
        !self.added.is_empty()
    }

    fn fresh(&mut self, copies: u32) -> u32 {
        self.max_id += 1;
        self.added.push((self.max_id, copies));
        self.max_id
    }

    /// Adds the new instances to the numbering part (read under the depth limit
    /// `max_depth`).
    pub fn apply(&self, bytes: &[u8], max_depth: usize) -> Result<Vec<u8>, String> {
        let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
        let mut nodes = xml::parse(text, max_depth).map_err(|e| e.to_string())?;
        let root = nodes
            .iter_mut()
            .find_map(|n| match n {
                Node::Element(e) if e.name() == "w:numbering" => Some(e),
                _ => None,
            })
            .ok_or("no `w:numbering` element")?;
        let abstract_of: BTreeMap<String, String> = root
            .child_elements("w:num")
            .filter_map(|n| {
                let id = n.attr("w:numId")?;
                let abs = n.child("w:abstractNumId")?.attr("w:val")?;
                Some((id, abs))
            })
            .collect();
        let starts: BTreeMap<(String, String), String> = root
            .child_elements("w:abstractNum")
            .flat_map(|a| {
                let abs = a.attr("w:abstractNumId").unwrap_or_default();
                a.child_elements("w:lvl")
                    .filter_map(|l| {
                        let ilvl = l.attr("w:ilvl")?;
                        let start = l.child("w:start")?.attr("w:val")?;
                        Some(((abs.clone(), ilvl), start))
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut new_nodes = Vec::new();
        for (new_id, old) in &self.added {
            let Some(abs) = abstract_of.get(&old.to_string()) else {
                return Err(format!("numbering instance {old} is not defined"));
            };
            let mut num = Element::new(&format!("w:num w:numId=\"{new_id}\""));
            num.empty = false;
            num.children.push(Node::Element(Element::new(&format!(
                "w:abstractNumId w:val=\"{abs}\""
            ))));
            for ilvl in 0..9 {
                let start = starts
                    .get(&(abs.clone(), ilvl.to_string()))
                    .cloned()
                    .unwrap_or_else(|| "1".into());
                let mut over = Element::new(&format!("w:lvlOverride w:ilvl=\"{ilvl}\""));
                over.empty = false;
                over.children.push(Node::Element(Element::new(&format!(
                    "w:startOverride w:val=\"{start}\""
                ))));
                num.children.push(Node::Element(over));
            }
            new_nodes.push(Node::Element(num));
        }
        // `w:num` elements come after every `w:abstractNum`, before the clean-up id.
        let at = root
            .children
            .iter()
            .position(|n| matches!(n, Node::Element(e) if e.name() == "w:numIdMacAtCleanup"))
            .unwrap_or(root.children.len());
        root.children.splice(at..at, new_nodes);
        root.empty = false;
        Ok(xml::to_string(&nodes).into_bytes())
    }
}

fn attr_in(piece: &str, name: &str) -> Option<String> {
    let head = &piece[..piece.find('>')?];
    let at = head.find(&format!("{name}=\""))? + name.len() + 2;
    let end = head[at..].find('"')?;
    Some(head[at..at + end].to_string())
}

/// What structural tags may have done to a part's tables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tables {
    /// A column loop (`{%tc %}`) ran: the grid must follow the widest row.
    pub columns_changed: bool,
    /// A structural tag in a table may have left a table without rows or a cell
    /// without a paragraph, which Word refuses to open.
    pub content_removed: bool,
}

/// Finishes a rendered part: checks it against the XML rules and the depth limit
/// the template's parts were held to, restarts lists at `restart_numbering()`
/// marks and repairs what loops did to tables.
pub fn finish(
    entry: &str,
    rendered: String,
    tables: Tables,
    numbering: &mut Numbering,
    limits: &Limits,
) -> Result<String, xml::XmlError> {
    // A value printed with `safe` may be any markup: nested deeper than the limit,
    // it would make a part no later reader (nor the fit pass) should have to take.
    // Building a tree of a large output costs time and memory: the streaming pass
    // that checks the part also tells whether its tables need it, and looks at
    // the tables only where a structural tag stood in one.
    let needs_repair =
        xml::check_part_tables(&rendered, limits.max_xml_depth, tables.content_removed)?;
    let marks = Marks::find(&rendered);
    let has_marks = marks.has(RESTART_MARK);
    if marks.is_empty() && !needs_repair && !tables.columns_changed {
        return Ok(rendered);
    }
    let mut nodes = xml::parse(&rendered, limits.max_xml_depth)?;
    if marks.has(PARAGRAPH_MARK) {
        split_paragraphs(&mut nodes);
    }
    let cell_marks = [SHADE_MARK, COLSPAN_MARK, HMERGE_MARK, VMERGE_MARK];
    if cell_marks.iter().any(|m| marks.has(*m)) {
        cell_tags(&mut nodes);
        for mark in cell_marks {
            // A cell tag outside a table does nothing.
            strip_mark(&mut nodes, mark);
        }
    }
    if has_marks {
        let mut state = Restart {
            pending: false,
            current: BTreeMap::new(),
            // Lists restart only in the body, where numbering.xml applies.
            enabled: entry == "word/document.xml",
        };
        restart_lists(&mut nodes, &mut state, numbering);
    }
    if needs_repair || tables.columns_changed {
        repair_tables(&mut nodes);
    }
    if tables.columns_changed {
        fix_grids(&mut nodes);
    }
    let fixed = xml::to_string(&nodes);
    // The repairs add elements (a list's `w:numPr`): the result is held to the
    // limit too.
    xml::check_part(&fixed, limits.max_xml_depth)?;
    Ok(fixed)
}

/// True when [`finish`] would return `rendered` as it is, provided the check of
/// the part finds it well-formed and its tables whole: no mark to act on, no
/// column a structural tag removed. Such a part can be checked while it is
/// written (`Template::render`).
pub fn only_checked(rendered: &str, tables: Tables) -> bool {
    !tables.columns_changed && Marks::find(rendered).is_empty()
}

/// Which of the engine's marks (U+FDD0 to U+FDDF) a rendered part holds, found in
/// one pass over its bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Marks(u16);

impl Marks {
    fn find(text: &str) -> Marks {
        // U+FDD0..U+FDDF are EF B7 90..9F in UTF-8.
        let bytes = text.as_bytes();
        let mut found = 0u16;
        for at in memchr::memmem::find_iter(bytes, b"\xEF\xB7") {
            if let Some(&b) = bytes.get(at + 2)
                && (0x90..=0x9F).contains(&b)
            {
                found |= 1 << (b - 0x90);
            }
        }
        Marks(found)
    }

    fn is_empty(self) -> bool {
        self.0 == 0
    }

    fn has(self, mark: char) -> bool {
        let n = u32::from(mark).wrapping_sub(0xFDD0);
        n < 16 && self.0 & (1 << n) != 0
    }
}

/// Splits every paragraph at the new-paragraph marks a value left (`\a`): each
/// piece keeps the paragraph's properties and each run piece its run's.
fn split_paragraphs(nodes: &mut Vec<Node>) {
    let mut i = 0;
    while i < nodes.len() {
        let Node::Element(e) = &mut nodes[i] else {
            i += 1;
            continue;
        };
        // Paragraphs of text boxes sit inside runs.
        split_paragraphs(&mut e.children);
        if e.name() == "w:p"
            && let Some(pieces) = split_paragraph(e)
        {
            let n = pieces.len();
            nodes.splice(i..=i, pieces.into_iter().map(Node::Element));
            i += n;
        } else {
            i += 1;
        }
    }
}

fn holds_mark(nodes: &[Node], mark: char) -> bool {
    nodes.iter().any(|n| match n {
        Node::Text(t) => t.contains(mark),
        Node::Element(e) => holds_mark(&e.children, mark),
        _ => false,
    })
}

fn strip_mark(nodes: &mut [Node], mark: char) {
    for n in nodes {
        match n {
            Node::Text(t) if t.contains(mark) => *t = t.replace(mark, ""),
            Node::Element(e) => strip_mark(&mut e.children, mark),
            _ => {}
        }
    }
}

/// The paragraphs `p` becomes, or `None` when its runs hold no mark.
fn split_paragraph(p: &Element) -> Option<Vec<Element>> {
    let direct = p.children.iter().any(|c| {
        matches!(c, Node::Element(r) if r.name() == "w:r" && r.children.iter().any(|t| {
            matches!(t, Node::Element(t) if t.name() == "w:t" && holds_mark(&t.children, PARAGRAPH_MARK))
        }))
    });
    if !direct {
        return None;
    }
    let ppr = p.child("w:pPr");
    let mut pieces: Vec<Vec<Node>> = vec![Vec::new()];
    for child in &p.children {
        match child {
            Node::Element(e) if e.name() == "w:pPr" => {}
            Node::Element(r) if r.name() == "w:r" => {
                for (k, segment) in split_run_at_marks(r).into_iter().enumerate() {
                    if k > 0 {
                        pieces.push(Vec::new());
                    }
                    if let Some(run) = segment
                        && let Some(last) = pieces.last_mut()
                    {
                        last.push(Node::Element(run));
                    }
                }
            }
            other => {
                // A mark deeper down (in a hyperlink, a field) cannot split the
                // paragraph there: it goes.
                let mut other = other.clone();
                if let Node::Element(e) = &mut other {
                    strip_mark(&mut e.children, PARAGRAPH_MARK);
                }
                if let Some(last) = pieces.last_mut() {
                    last.push(other);
                }
            }
        }
    }
    let count = pieces.len();
    let out = pieces
        .into_iter()
        .enumerate()
        .map(|(k, content)| {
            let mut piece = Element {
                raw: p.raw.clone(),
                name_len: p.name_len,
                children: Vec::with_capacity(content.len() + 1),
                empty: false,
            };
            if k > 0 {
                // Word's paragraph ids must stay unique.
                piece.retain_attrs(|name| name != "w14:paraId" && name != "w14:textId");
            }
            if let Some(ppr) = ppr {
                let mut ppr = ppr.clone();
                if k + 1 < count {
                    // A section ends after the last piece only.
                    ppr.children
                        .retain(|c| !matches!(c, Node::Element(e) if e.name() == "w:sectPr"));
                }
                piece.children.push(Node::Element(ppr));
            }
            piece.children.extend(content);
            piece
        })
        .collect();
    Some(out)
}

/// A run cut at its new-paragraph marks: one entry per piece, `None` for a piece
/// with no content.
fn split_run_at_marks(run: &Element) -> Vec<Option<Element>> {
    let rpr = run
        .children
        .iter()
        .find(|c| matches!(c, Node::Element(e) if e.name() == "w:rPr"));
    let mut segments: Vec<Vec<Node>> = vec![Vec::new()];
    for child in &run.children {
        match child {
            Node::Element(e) if e.name() == "w:rPr" => {}
            Node::Element(t) if t.name() == "w:t" && holds_mark(&t.children, PARAGRAPH_MARK) => {
                let mut text = String::new();
                for n in &t.children {
                    if let Node::Text(s) = n {
                        text.push_str(s);
                    }
                }
                for (k, part) in text.split(PARAGRAPH_MARK).enumerate() {
                    if k > 0 {
                        segments.push(Vec::new());
                    }
                    if !part.is_empty()
                        && let Some(last) = segments.last_mut()
                    {
                        let mut piece = Element {
                            raw: t.raw.clone(),
                            name_len: t.name_len,
                            children: vec![Node::Text(part.to_string())],
                            empty: false,
                        };
                        piece.preserve_space();
                        last.push(Node::Element(piece));
                    }
                }
            }
            other => {
                if let Some(last) = segments.last_mut() {
                    last.push(other.clone());
                }
            }
        }
    }
    segments
        .into_iter()
        .map(|content| {
            (!content.is_empty()).then(|| Element {
                raw: run.raw.clone(),
                name_len: run.name_len,
                children: rpr.cloned().into_iter().chain(content).collect(),
                empty: false,
            })
        })
        .collect()
}

/// `w:tcPr` children in the order the schema (ECMA-376 §17.4.70, CT_TcPr) wants.
const TCPR_ORDER: &[&str] = &[
    "w:cnfStyle",
    "w:tcW",
    "w:gridSpan",
    "w:hMerge",
    "w:vMerge",
    "w:tcBorders",
    "w:shd",
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
    "w:headers",
    "w:cellIns",
    "w:cellDel",
    "w:cellMerge",
    "w:tcPrChange",
];

/// Sets `child` in a cell's `w:tcPr` (made if missing), replacing one of the same
/// name, in schema order.
fn set_cell_property(tc: &mut Element, child: Element) {
    if tc.child("w:tcPr").is_none() {
        tc.children.insert(0, Node::Element(Element::new("w:tcPr")));
        tc.empty = false;
    }
    let Some(tcpr) = tc.child_mut("w:tcPr") else {
        return;
    };
    let name = child.name().to_string();
    tcpr.children
        .retain(|c| !matches!(c, Node::Element(e) if e.name() == name));
    let rank = |n: &str| {
        TCPR_ORDER
            .iter()
            .position(|o| *o == n)
            .unwrap_or(TCPR_ORDER.len())
    };
    let at = tcpr
        .children
        .iter()
        .position(|c| matches!(c, Node::Element(e) if rank(e.name()) > rank(&name)))
        .unwrap_or(tcpr.children.len());
    tcpr.children.insert(at, Node::Element(child));
    tcpr.empty = false;
}

/// The text of a cell (its `w:t`s), trimmed, for comparing merged cells.
fn cell_text(tc: &Element) -> String {
    let mut s = String::new();
    tc.walk(&mut |e| {
        if e.name() == "w:t" {
            for c in &e.children {
                if let Node::Text(t) = c {
                    s.push_str(t);
                }
            }
        }
    });
    s.trim().to_string()
}

/// The value between the first pair of `mark`s in a cell (a colour, a number of
/// columns), removed from its text with the marks.
fn take_value(nodes: &mut [Node], mark: char, found: &mut Option<String>) {
    for n in nodes {
        match n {
            Node::Text(t) if t.contains(mark) => {
                let mut parts = t.split(mark);
                let mut kept = parts.next().unwrap_or_default().to_string();
                let mut inside = true;
                for part in parts {
                    if inside && found.is_none() {
                        *found = Some(part.trim().to_string());
                    } else if !inside {
                        kept.push_str(part);
                    }
                    inside = !inside;
                }
                *t = kept;
            }
            Node::Element(e) => take_value(&mut e.children, mark, found),
            _ => {}
        }
    }
}

/// Acts on the cell tags of every table: `{% cellbg %}` shades its cell,
/// `{% colspan %}` widens it, `{% hm %}` merges equal cells of a row, `{% vm %}`
/// equal cells of a column.
fn cell_tags(nodes: &mut [Node]) {
    for n in nodes.iter_mut() {
        let Node::Element(e) = n else { continue };
        cell_tags(&mut e.children);
        if e.name() == "w:tbl" {
            table_cell_tags(e);
        }
    }
}

fn is_cell(n: &Node) -> bool {
    matches!(n, Node::Element(e) if e.name() == "w:tc")
}

fn table_cell_tags(tbl: &mut Element) {
    let mut spanned = false;
    for tr in tbl.elements_mut() {
        if tr.name() != "w:tr" {
            continue;
        }
        // Shading.
        for tc in tr.elements_mut() {
            if tc.name() != "w:tc" {
                continue;
            }
            let mut columns = None;
            take_value(&mut tc.children, COLSPAN_MARK, &mut columns);
            // At most the 63 columns Word allows in a table.
            if let Some(n) = columns.and_then(|c| c.parse::<usize>().ok())
                && (1..=63).contains(&n)
            {
                set_cell_property(tc, Element::new(&format!("w:gridSpan w:val=\"{n}\"")));
                spanned = true;
            }
            let mut colour = None;
            take_value(&mut tc.children, SHADE_MARK, &mut colour);
            if let Some(colour) = colour {
                let hex = colour.trim_start_matches('#');
                let fill = if hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
                    hex.to_ascii_uppercase()
                } else if hex.eq_ignore_ascii_case("auto") {
                    "auto".into()
                } else {
                    continue;
                };
                set_cell_property(
                    tc,
                    Element::new(&format!(
                        "w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{fill}\""
                    )),
                );
            }
        }
        // Horizontal merges: a run of marked cells with the same text becomes the
        // first, spanning them all.
        let mut i = 0;
        while i < tr.children.len() {
            let Node::Element(tc) = &tr.children[i] else {
                i += 1;
                continue;
            };
            if tc.name() != "w:tc" || !holds_mark(&tc.children, HMERGE_MARK) {
                i += 1;
                continue;
            }
            let text = cell_text(tc);
            let mut span = span_of(tc);
            let mut width: u64 = cell_width(tc);
            let mut j = i + 1;
            while j < tr.children.len() {
                match &tr.children[j] {
                    Node::Element(next)
                        if next.name() == "w:tc"
                            && holds_mark(&next.children, HMERGE_MARK)
                            && cell_text(next) == text =>
                    {
                        span += span_of(next);
                        width += cell_width(next);
                        tr.children.remove(j);
                    }
                    Node::Text(t) if t.trim().is_empty() => j += 1,
                    _ => break,
                }
            }
            if let Node::Element(tc) = &mut tr.children[i] {
                strip_mark(&mut tc.children, HMERGE_MARK);
                if span > 1 {
                    set_cell_property(tc, Element::new(&format!("w:gridSpan w:val=\"{span}\"")));
                    if width > 0 {
                        set_cell_property(
                            tc,
                            Element::new(&format!("w:tcW w:w=\"{width}\" w:type=\"dxa\"")),
                        );
                    }
                }
            }
            i += 1;
        }
    }
    // Vertical merges: down each grid column, a run of marked cells with the same
    // text and span.
    let mut above: BTreeMap<usize, (String, usize)> = BTreeMap::new();
    for tr in tbl.elements_mut() {
        if tr.name() != "w:tr" {
            continue;
        }
        let mut column = 0;
        let mut here: BTreeMap<usize, (String, usize)> = BTreeMap::new();
        for n in tr.children.iter_mut() {
            if !is_cell(n) {
                continue;
            }
            let Node::Element(tc) = n else { continue };
            let span = span_of(tc);
            if holds_mark(&tc.children, VMERGE_MARK) {
                strip_mark(&mut tc.children, VMERGE_MARK);
                let text = cell_text(tc);
                let continues = above.get(&column) == Some(&(text.clone(), span));
                if continues {
                    set_cell_property(tc, Element::new("w:vMerge"));
                    // Word shows the first cell's content; the others hold one empty
                    // paragraph.
                    let ppr = tc.child("w:p").and_then(|p| p.child("w:pPr")).cloned();
                    tc.children
                        .retain(|c| matches!(c, Node::Element(e) if e.name() == "w:tcPr"));
                    let mut p = Element::new("w:p");
                    if let Some(ppr) = ppr {
                        p.push(ppr);
                    }
                    tc.push(p);
                } else {
                    set_cell_property(tc, Element::new("w:vMerge w:val=\"restart\""));
                }
                here.insert(column, (text, span));
            }
            column += span;
        }
        above = here;
    }
    if spanned {
        fix_grid(tbl);
    }
}

fn cell_width(tc: &Element) -> u64 {
    tc.child("w:tcPr")
        .and_then(|p| p.child("w:tcW"))
        .filter(|w| w.attr("w:type").as_deref() == Some("dxa"))
        .and_then(|w| w.attr("w:w"))
        .and_then(|w| w.parse().ok())
        .unwrap_or(0)
}

struct Restart {
    pending: bool,
    current: BTreeMap<String, u32>,
    enabled: bool,
}

fn remove_marks(nodes: &mut [Node]) -> bool {
    let mut found = false;
    for n in nodes {
        match n {
            Node::Text(t) if t.contains(RESTART_MARK) => {
                *t = t.replace(RESTART_MARK, "");
                found = true;
            }
            Node::Element(e) if e.name() != "w:p" => found |= remove_marks(&mut e.children),
            _ => {}
        }
    }
    found
}

fn restart_lists(nodes: &mut [Node], state: &mut Restart, numbering: &mut Numbering) {
    for n in nodes {
        let Node::Element(e) = n else { continue };
        if e.name() != "w:p" {
            restart_lists(&mut e.children, state, numbering);
            continue;
        }
        if remove_marks(&mut e.children) {
            state.pending = true;
        }
        if state.enabled
            && let Some((id, from_style)) = list_of(e, numbering)
        {
            if state.pending {
                if let Ok(old) = id.parse::<u32>() {
                    let new = numbering.fresh(old);
                    state.current.insert(id.clone(), new);
                }
                state.pending = false;
            }
            if let Some(new) = state.current.get(&id) {
                set_num_id(e, *new, from_style);
            }
        }
        // Paragraphs in text boxes.
        restart_lists(&mut e.children, state, numbering);
    }
}

/// The list a paragraph belongs to: its own `w:numPr`, or its style's (then with
/// the style's level).
pub(crate) fn list_of(
    p: &Element,
    numbering: &Numbering,
) -> Option<(String, Option<Option<String>>)> {
    let ppr = p.child("w:pPr")?;
    if let Some(num_pr) = ppr.child("w:numPr") {
        let id = num_pr.child("w:numId")?.attr("w:val")?;
        return (id != "0").then_some((id, None));
    }
    let style = ppr.child("w:pStyle")?.attr("w:val")?;
    let (id, ilvl) = numbering.style_lists.get(&style)?;
    Some((id.clone(), Some(ilvl.clone())))
}

/// Points a paragraph at numbering instance `new`: rewrites its `w:numId`, or for a
/// paragraph numbered by its style adds a `w:numPr` in the place the schema wants
/// (after `w:pStyle` … `w:widowControl`).
pub(crate) fn set_num_id(p: &mut Element, new: u32, from_style: Option<Option<String>>) {
    let Some(ppr) = p.child_mut("w:pPr") else {
        return;
    };
    match from_style {
        None => {
            if let Some(num) = ppr
                .child_mut("w:numPr")
                .and_then(|n| n.child_mut("w:numId"))
            {
                *num = Element::new(&format!("w:numId w:val=\"{new}\""));
            }
        }
        Some(ilvl) => {
            let mut num_pr = Element::new("w:numPr");
            num_pr.empty = false;
            if let Some(l) = ilvl {
                num_pr.children.push(Node::Element(Element::new(&format!(
                    "w:ilvl w:val=\"{l}\""
                ))));
            }
            num_pr.children.push(Node::Element(Element::new(&format!(
                "w:numId w:val=\"{new}\""
            ))));
            const BEFORE: &[&str] = &[
                "w:pStyle",
                "w:keepNext",
                "w:keepLines",
                "w:pageBreakBefore",
                "w:framePr",
                "w:widowControl",
            ];
            let at = ppr
                .children
                .iter()
                .rposition(|n| matches!(n, Node::Element(c) if BEFORE.contains(&c.name())))
                .map_or(0, |i| i + 1);
            ppr.children.insert(at, Node::Element(num_pr));
            ppr.empty = false;
        }
    }
}

/// Removes tables left without rows, and gives every cell the paragraph Word
/// requires as its last block (a loop over nothing can leave a cell empty; a cell
/// ending with a nested table needs one too).
fn repair_tables(nodes: &mut Vec<Node>) {
    nodes.retain_mut(|n| {
        let Node::Element(e) = n else { return true };
        repair_tables(&mut e.children);
        match e.name() {
            "w:tbl" => e.child("w:tr").is_some(),
            "w:tc" => {
                let last_block = e.children.iter().rev().find_map(|c| match c {
                    Node::Element(b) if b.name() != "w:tcPr" => Some(b.name()),
                    _ => None,
                });
                if last_block != Some("w:p") {
                    e.children.push(Node::Element(Element::new("w:p")));
                    e.empty = false;
                }
                true
            }
            _ => true,
        }
    });
}

fn fix_grids(nodes: &mut [Node]) {
    for n in nodes {
        let Node::Element(e) = n else { continue };
        fix_grids(&mut e.children);
        if e.name() == "w:tbl" {
            fix_grid(e);
        }
    }
}

fn span_of(tc: &Element) -> usize {
    tc.child("w:tcPr")
        .and_then(|p| p.child("w:gridSpan"))
        .and_then(|g| g.attr("w:val"))
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
}

/// Makes `w:tblGrid` hold as many columns as the widest row, sharing the table's
/// width equally, and sizes the cells to match.
fn fix_grid(tbl: &mut Element) {
    let columns = tbl
        .child_elements("w:tr")
        .map(|tr| tr.child_elements("w:tc").map(span_of).sum::<usize>())
        .max()
        .unwrap_or(0);
    let Some(grid) = tbl.child("w:tblGrid") else {
        return;
    };
    let widths: Vec<u64> = grid
        .child_elements("w:gridCol")
        .map(|c| c.attr("w:w").and_then(|w| w.parse().ok()).unwrap_or(0))
        .collect();
    if columns == 0 || columns == widths.len() {
        return;
    }
    // A merged header cell over the looped columns (`Quý` above `Quý 1 … Quý n`)
    // stretches to cover them all.
    for tr in tbl.children.iter_mut() {
        let Node::Element(tr) = tr else { continue };
        if tr.name() != "w:tr" {
            continue;
        }
        let width: usize = tr.child_elements("w:tc").map(span_of).sum();
        if width >= columns {
            continue;
        }
        let spanning = tr.children.iter_mut().rev().find_map(|n| match n {
            Node::Element(tc) if tc.name() == "w:tc" && span_of(tc) > 1 => Some(tc),
            _ => None,
        });
        if let Some(tc) = spanning {
            let span = span_of(tc) + columns - width;
            if let Some(g) = tc
                .child_mut("w:tcPr")
                .and_then(|p| p.child_mut("w:gridSpan"))
            {
                *g = Element::new(&format!("w:gridSpan w:val=\"{span}\""));
            }
        }
    }
    let total: u64 = widths.iter().sum();
    let each = if total > 0 {
        total / columns as u64
    } else {
        9000 / columns as u64
    };
    if let Some(grid) = tbl.child_mut("w:tblGrid") {
        grid.children = (0..columns)
            .map(|_| Node::Element(Element::new(&format!("w:gridCol w:w=\"{each}\""))))
            .collect();
        grid.empty = false;
    }
    for tr in tbl.children.iter_mut() {
        let Node::Element(tr) = tr else { continue };
        if tr.name() != "w:tr" {
            continue;
        }
        for tc in tr.children.iter_mut() {
            let Node::Element(tc) = tc else { continue };
            if tc.name() != "w:tc" {
                continue;
            }
            let span = span_of(tc) as u64;
            if let Some(w) = tc.child_mut("w:tcPr").and_then(|p| p.child_mut("w:tcW")) {
                *w = Element::new(&format!("w:tcW w:w=\"{}\" w:type=\"dxa\"", each * span));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_tables_go_and_empty_cells_get_a_paragraph() {
        let cases = [
            (
                "<w:body><w:tbl><w:tblPr/></w:tbl><w:p/></w:body>",
                "<w:body><w:p/></w:body>",
            ),
            (
                "<w:tr><w:tc><w:tcPr/></w:tc></w:tr>",
                "<w:tr><w:tc><w:tcPr/><w:p/></w:tc></w:tr>",
            ),
            (
                "<w:tc><w:p/><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl></w:tc>",
                "<w:tc><w:p/><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl><w:p/></w:tc>",
            ),
            ("<w:tc><w:p>x</w:p></w:tc>", "<w:tc><w:p>x</w:p></w:tc>"),
        ];
        for (src, want) in cases {
            assert_eq!(
                xml::check_part_tables(src, 64, true).map_err(|e| e.to_string()),
                Ok(src != want),
                "{src}"
            );
            let mut nodes = xml::parse(src, 64).unwrap();
            repair_tables(&mut nodes);
            assert_eq!(xml::to_string(&nodes), want, "{src}");
        }
    }

    #[test]
    fn a_merged_header_cell_stretches_over_looped_columns() {
        let src = concat!(
            r#"<w:tbl><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/></w:tblGrid>"#,
            r#"<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr></w:tc></w:tr>"#,
            r#"<w:tr><w:tc/><w:tc/><w:tc/><w:tc/></w:tr></w:tbl>"#
        );
        let mut nodes = xml::parse(src, 64).unwrap();
        fix_grids(&mut nodes);
        let out = xml::to_string(&nodes);
        assert!(out.contains(r#"<w:gridSpan w:val="4"/>"#), "{out}");
        assert_eq!(
            out.matches(r#"<w:gridCol w:w="1000"/>"#).count(),
            4,
            "{out}"
        );
    }

    #[test]
    fn lists_numbered_by_a_style_restart_too() {
        let m = RESTART_MARK;
        let p = |text: &str| {
            format!(
                r#"<w:p><w:pPr><w:pStyle w:val="ListNumber"/><w:jc w:val="both"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let src = format!(
            "<w:body>{}{}{}</w:body>",
            p(&format!("{m}a")),
            p("b"),
            p(&format!("{m}c"))
        );
        let numbering = Numbering::from_part(Some(
            br#"<w:numbering><w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num></w:numbering>"#,
        ));
        let mut numbering = numbering.with_styles(Some(
            br#"<w:styles><w:style w:type="paragraph" w:styleId="Base"><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="ListNumber"><w:basedOn w:val="Base"/></w:style></w:styles>"#,
        ), 64);
        let out = finish(
            "word/document.xml",
            src,
            Tables::default(),
            &mut numbering,
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(
            out.matches(r#"<w:pStyle w:val="ListNumber"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="4"/></w:numPr><w:jc w:val="both"/>"#).count(),
            2,
            "{out}"
        );
        assert!(out.contains(r#"<w:numId w:val="5"/>"#), "{out}");
    }

    #[test]
    fn grid_follows_the_widest_row() {
        let src = concat!(
            r#"<w:tbl><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>"#,
            r#"<w:tr><w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr></w:tc><w:tc/><w:tc/></w:tr></w:tbl>"#
        );
        let mut nodes = xml::parse(src, 64).unwrap();
        fix_grids(&mut nodes);
        assert_eq!(
            xml::to_string(&nodes),
            concat!(
                r#"<w:tbl><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/></w:tblGrid>"#,
                r#"<w:tr><w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr></w:tc><w:tc/><w:tc/></w:tr></w:tbl>"#
            )
        );
    }

    #[test]
    fn a_rendered_part_nested_deeper_than_the_limit_is_refused() {
        let limits = Limits {
            max_xml_depth: 8,
            ..Limits::default()
        };
        let nested = |depth: usize| {
            format!(
                "<w:body>{}{}</w:body>",
                "<w:x>".repeat(depth - 1),
                "</w:x>".repeat(depth - 1)
            )
        };
        // (depth of the part, what the tables went through, refused)
        let cases = [
            (8, Tables::default(), false),
            (9, Tables::default(), true),
            (
                9,
                Tables {
                    columns_changed: true,
                    content_removed: true,
                },
                true,
            ),
        ];
        for (depth, tables, refused) in cases {
            let got = finish(
                "word/document.xml",
                nested(depth),
                tables,
                &mut Numbering::default(),
                &limits,
            );
            match got {
                Ok(_) => assert!(!refused, "depth {depth}"),
                Err(e) => {
                    assert!(refused, "depth {depth}: {e}");
                    assert_eq!(e.limit, Some(crate::limits::Limit::XmlDepth), "{e}");
                }
            }
        }
    }

    #[test]
    fn restart_marks_give_each_list_a_fresh_instance() {
        let m = RESTART_MARK;
        let p = |text: &str| {
            format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let src = format!(
            "<w:body>{}{}{}{}</w:body>",
            p(&format!("{m}a")),
            p("b"),
            p(&format!("{m}c")),
            p("d")
        );
        let mut numbering = Numbering::from_part(Some(
            br#"<w:numbering><w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num></w:numbering>"#,
        ));
        let out = finish(
            "word/document.xml",
            src,
            Tables::default(),
            &mut numbering,
            &Limits::default(),
        )
        .unwrap();
        let ids: Vec<&str> = out
            .match_indices("w:numId w:val=\"")
            .map(|(i, _)| &out[i + 15..i + 16])
            .collect();
        assert_eq!(ids, ["4", "4", "5", "5"]);
        assert!(!out.contains(m));
        let num = numbering
            .apply(br#"<w:numbering><w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/></w:lvl></w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num><w:numIdMacAtCleanup w:val="2"/></w:numbering>"#, 64)
            .unwrap();
        let num = String::from_utf8(num).unwrap();
        assert!(num.contains(r#"<w:num w:numId="5"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>"#), "{num}");
        assert!(
            num.ends_with(r#"</w:num><w:numIdMacAtCleanup w:val="2"/></w:numbering>"#),
            "{num}"
        );
    }
}
