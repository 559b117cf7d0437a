//! One document out of many rendered from the same template (a mail merge into a
//! single file): the bodies one after the other, each starting on a new page.
//!
//! The first document gives everything but the body: headers, footers, styles,
//! numbering, the last section's page set-up. The documents come from one template,
//! so they share those parts; what a row changed in them (a header printing a
//! row's field) is the first row's. Each row's lists start again from 1, on list
//! instances of their own; the styles and lists a row's sub-document brought are
//! carried over too.

use std::collections::BTreeMap;

use vanban_package::package;

use super::xml::{self, Element, Node};
use super::{Limits, RenderError};

const BODY: &str = "word/document.xml";
const NUMBERING: &str = "word/numbering.xml";
const STYLES: &str = "word/styles.xml";

/// One entry of a package, if it has it and it can be read.
fn entry_of(document: &[u8], name: &str, limits: &Limits) -> Option<Vec<u8>> {
    let mut archive = package::open(document, limits).ok()?;
    package::read_entry(&mut archive, name, limits).ok()
}

/// The first document's styles, with the styles later rows' sub-documents added
/// that it lacks (by id).
struct Styles {
    nodes: Option<Vec<Node>>,
    ids: std::collections::BTreeSet<String>,
    changed: bool,
}

impl Styles {
    fn new(styles: Option<&[u8]>, limits: &Limits) -> Styles {
        let nodes = styles
            .and_then(|b| std::str::from_utf8(b).ok())
            .and_then(|t| xml::parse(t, limits.max_xml_depth).ok())
            .filter(|n| xml::root(n).is_some_and(|r| r.name() == "w:styles"));
        let ids = nodes
            .as_deref()
            .and_then(xml::root)
            .map(|r| {
                r.child_elements("w:style")
                    .filter_map(|s| s.attr("w:styleId"))
                    .collect()
            })
            .unwrap_or_default();
        Styles {
            nodes,
            ids,
            changed: false,
        }
    }

    fn add_missing(&mut self, styles: Option<&[u8]>, limits: &Limits) {
        let Some(root) = self.nodes.as_deref_mut().and_then(xml::root_mut) else {
            return;
        };
        let Some(other) = styles
            .and_then(|b| std::str::from_utf8(b).ok())
            .and_then(|t| xml::parse(t, limits.max_xml_depth).ok())
        else {
            return;
        };
        let Some(other) = xml::root(&other) else {
            return;
        };
        for s in other.child_elements("w:style") {
            if let Some(id) = s.attr("w:styleId")
                && self.ids.insert(id)
            {
                root.push(s.clone());
                self.changed = true;
            }
        }
    }

    fn finish(self) -> Option<Vec<u8>> {
        if !self.changed {
            return None;
        }
        Some(xml::to_string(&self.nodes?).into_bytes())
    }
}

/// Puts the bodies of `documents` (rendered from one template) one after the
/// other in one package, each starting on a new page.
pub fn join_documents(documents: &[Vec<u8>], limits: &Limits) -> Result<Vec<u8>, RenderError> {
    let Some(first) = documents.first() else {
        return Err(RenderError::NotWord);
    };
    let mut archive = package::open(first, limits)?;
    let mut nodes = body_of(first, limits)?;
    let mut added: Vec<Node> = Vec::new();
    let mut outputs: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut links: Vec<(String, String)> = Vec::new();
    let mut hyperlinks: Vec<super::Link> = Vec::new();
    let mut extensions: Vec<&'static str> = Vec::new();
    let mut lists = Lists::new(
        entry_of(first, NUMBERING, limits).as_deref(),
        entry_of(first, STYLES, limits).as_deref(),
        limits,
    );
    let mut styles = Styles::new(entry_of(first, STYLES, limits).as_deref(), limits);
    // Bookmark ids must be unique in a document; every row has the template's.
    let mut bookmark: u32 = 0x5B00_0000;
    for (d, doc) in documents.iter().enumerate().skip(1) {
        // Pictures rich text put in this row's body are carried over under ids of
        // their own (each row numbers its pictures from 1).
        let mut text = body_text(doc, limits)?;
        for (id, target, bytes) in pictures_of(doc, limits)? {
            let new_id = format!("{id}R{d}");
            let Some(bytes) = bytes else {
                // A sub-document's hyperlink.
                text = text.replace(&format!("r:id=\"{id}\""), &format!("r:id=\"{new_id}\""));
                hyperlinks.push(super::Link {
                    id: new_id,
                    kind: super::HYPERLINK_REL,
                    target,
                    external: true,
                });
                continue;
            };
            let file = target.rsplit('/').next().unwrap_or(&target);
            let new_target = format!("media/r{d}-{file}");
            text = text.replace(
                &format!("r:embed=\"{id}\""),
                &format!("r:embed=\"{new_id}\""),
            );
            if let Some(ext) = file.rsplit_once('.').and_then(|(_, e)| {
                crate::subdoc::PICTURE_TYPES
                    .iter()
                    .map(|(e, _)| *e)
                    .find(|known| *known == e)
            }) {
                extensions.push(ext);
            }
            outputs.insert(format!("word/{new_target}"), bytes);
            links.push((new_id, new_target));
        }
        let mut other = xml::parse(&text, limits.max_xml_depth)
            .map_err(|e| super::xml_failure("body".into(), BODY, e, limits, ""))?;
        let Some(body) = body_mut(&mut other) else {
            continue;
        };
        let mut blocks: Vec<Node> = std::mem::take(&mut body.children)
            .into_iter()
            .filter(|n| match n {
                Node::Element(e) => e.name() != "w:sectPr",
                Node::Text(t) => !t.trim().is_empty(),
                _ => true,
            })
            .collect();
        lists.restart(
            &mut blocks,
            entry_of(doc, NUMBERING, limits).as_deref(),
            limits,
        );
        renumber_bookmarks(&mut blocks, &mut bookmark);
        styles.add_missing(entry_of(doc, STYLES, limits).as_deref(), limits);
        start_on_new_page(&mut blocks);
        added.extend(blocks);
    }
    if let Some(bytes) = lists.finish() {
        outputs.insert(NUMBERING.to_string(), bytes);
    }
    if let Some(bytes) = styles.finish() {
        outputs.insert(STYLES.to_string(), bytes);
    }
    let Some(body) = body_mut(&mut nodes) else {
        return Err(RenderError::NotWord);
    };
    // Before the body's own section properties, which come last.
    let at = body
        .children
        .iter()
        .rposition(|n| matches!(n, Node::Element(e) if e.name() == "w:sectPr"))
        .unwrap_or(body.children.len());
    body.children.splice(at..at, added);
    let joined = renumber_drawings(&xml::to_string(&nodes));
    if joined.len() as u64 > limits.max_output_bytes {
        return Err(RenderError::TooLarge {
            part: "document".into(),
            limit: limits.max_output_bytes,
        });
    }
    outputs.insert(BODY.to_string(), joined.into_bytes());
    if !hyperlinks.is_empty() {
        super::add_links(&mut archive, BODY, &hyperlinks, &mut outputs, limits)?;
    }
    if !links.is_empty() {
        super::add_relationships(&mut archive, BODY, &links, &mut outputs, limits)?;
        let types = package::read_entry(&mut archive, super::CONTENT_TYPES, limits)?;
        let types = super::declare_extensions(&String::from_utf8_lossy(&types), extensions);
        outputs.insert(super::CONTENT_TYPES.to_string(), types.into_bytes());
    }
    let bytes = super::write_package(&mut archive, &outputs, limits)?;
    if bytes.len() as u64 > limits.max_output_bytes {
        return Err(RenderError::TooLarge {
            part: "document".into(),
            limit: limits.max_output_bytes,
        });
    }
    Ok(bytes)
}

/// A relationship a row's body adds: id, target, and a picture's bytes (`None`
/// for a hyperlink).
type Picture = (String, String, Option<Vec<u8>>);

fn body_text(document: &[u8], limits: &Limits) -> Result<String, RenderError> {
    let mut archive = package::open(document, limits)?;
    let bytes = package::read_entry(&mut archive, BODY, limits)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn body_of(document: &[u8], limits: &Limits) -> Result<Vec<Node>, RenderError> {
    xml::parse(&body_text(document, limits)?, limits.max_xml_depth)
        .map_err(|e| super::xml_failure("body".into(), BODY, e, limits, ""))
}

/// The pictures rich text and sub-documents added to a document's body, and the
/// sub-documents' hyperlinks: (relationship id, target, the picture's bytes or
/// `None` for a hyperlink).
fn pictures_of(document: &[u8], limits: &Limits) -> Result<Vec<Picture>, RenderError> {
    let mut archive = package::open(document, limits)?;
    let Ok(rels) = package::read_entry(&mut archive, &super::rels_entry(BODY), limits) else {
        return Ok(Vec::new());
    };
    let Ok(nodes) = xml::parse(&String::from_utf8_lossy(&rels), limits.max_xml_depth) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    if let Some(root) = xml::root(&nodes) {
        for rel in root.child_elements("Relationship") {
            let (Some(id), Some(target)) = (rel.attr("Id"), rel.attr("Target")) else {
                continue;
            };
            // Rich text's pictures and sub-documents' (their ids start so).
            if !id.starts_with("rIdVanbanImage") && !id.starts_with("rIdVanbanSub") {
                continue;
            }
            if rel.attr("TargetMode").as_deref() == Some("External") {
                if rel.attr("Type").as_deref() == Some(super::HYPERLINK_REL) {
                    out.push((id, target, None));
                }
                continue;
            }
            let bytes = package::read_entry(&mut archive, &format!("word/{target}"), limits)?;
            out.push((id, target, Some(bytes)));
        }
    }
    Ok(out)
}

/// Gives every drawing rich text made (ids from [`super::PICTURE_IDS`]) an id of
/// its own: the rows numbered theirs alike, and Word refuses a document where two
/// drawings share one.
fn renumber_drawings(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    let mut next = [super::PICTURE_IDS, super::PICTURE_IDS];
    loop {
        let found = ["<wp:docPr id=\"", "<pic:cNvPr id=\""]
            .iter()
            .enumerate()
            .filter_map(|(k, m)| rest.find(m).map(|at| (at, k, m.len())))
            .min();
        let Some((at, kind, len)) = found else { break };
        out.push_str(&rest[..at + len]);
        rest = &rest[at + len..];
        let end = rest.find('"').unwrap_or(0);
        match rest[..end].parse::<u32>() {
            Ok(id) if id > super::PICTURE_IDS => {
                next[kind] += 1;
                out.push_str(&next[kind].to_string());
            }
            _ => out.push_str(&rest[..end]),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn body_mut(nodes: &mut [Node]) -> Option<&mut Element> {
    xml::root_mut(nodes)?.child_mut("w:body")
}

/// Makes the first block start a page: its first paragraph gets
/// `w:pageBreakBefore`; a body starting with a table gets a paragraph holding a
/// page break before it.
fn start_on_new_page(blocks: &mut Vec<Node>) {
    let first = blocks.iter_mut().find_map(|n| match n {
        Node::Element(e) => Some(e),
        _ => None,
    });
    match first {
        Some(p) if p.name() == "w:p" => {
            if p.child("w:pPr").is_none() {
                p.children.insert(0, Node::Element(Element::new("w:pPr")));
                p.empty = false;
            }
            if let Some(ppr) = p.child_mut("w:pPr") {
                // After pStyle, keepNext and keepLines (ECMA-376 §17.3.1.26).
                let at = ppr
                    .children
                    .iter()
                    .rposition(|c| {
                        matches!(c, Node::Element(e) if matches!(e.name(), "w:pStyle" | "w:keepNext" | "w:keepLines"))
                    })
                    .map_or(0, |i| i + 1);
                ppr.children
                    .retain(|c| !matches!(c, Node::Element(e) if e.name() == "w:pageBreakBefore"));
                let at = at.min(ppr.children.len());
                ppr.children
                    .insert(at, Node::Element(Element::new("w:pageBreakBefore")));
                ppr.empty = false;
            }
        }
        _ => {
            let mut run = Element::new("w:r");
            run.push(Element::new("w:br w:type=\"page\""));
            let mut p = Element::new("w:p");
            p.push(run);
            blocks.insert(0, Node::Element(p));
        }
    }
}

/// The lists of the joined document: each record after the first numbers its
/// lists from the start, on new list instances (`w:num` with a `w:startOverride`
/// per level) of the same lists (`w:abstractNum`).
struct Lists {
    /// The first document's numbering part, parsed; `None` when it has none.
    nodes: Option<Vec<Node>>,
    /// Its list definitions, as compared with a record's (rsids aside).
    abstracts: BTreeMap<String, String>,
    /// Paragraph styles that number their paragraphs.
    styles: super::post::Numbering,
    next_num: u32,
    next_abstract: u32,
    added_abstracts: Vec<Node>,
    added_nums: Vec<Node>,
}

impl Lists {
    fn new(numbering: Option<&[u8]>, styles: Option<&[u8]>, limits: &Limits) -> Lists {
        let nodes = numbering
            .and_then(|b| std::str::from_utf8(b).ok())
            .and_then(|t| xml::parse(t, limits.max_xml_depth).ok())
            .filter(|n| xml::root(n).is_some_and(|r| r.name() == "w:numbering"));
        let mut abstracts = BTreeMap::new();
        let (mut max_num, mut max_abstract) = (0u32, 0u32);
        if let Some(root) = nodes.as_deref().and_then(xml::root) {
            for a in root.child_elements("w:abstractNum") {
                if let Some(id) = a.attr("w:abstractNumId") {
                    max_abstract = max_abstract.max(id.parse().unwrap_or(0));
                    abstracts.entry(id).or_insert_with(|| definition(a));
                }
            }
            for n in root.child_elements("w:num") {
                let id = n.attr("w:numId").and_then(|v| v.parse().ok()).unwrap_or(0);
                max_num = max_num.max(id);
            }
        }
        Lists {
            nodes,
            abstracts,
            styles: super::post::Numbering::from_part(numbering)
                .with_styles(styles, limits.max_xml_depth),
            next_num: max_num.saturating_add(1),
            next_abstract: max_abstract.saturating_add(1),
            added_abstracts: Vec::new(),
            added_nums: Vec::new(),
        }
    }

    /// Points every list of one record's `blocks` at a new instance starting from
    /// the beginning; `numbering` is that record's own numbering part.
    fn restart(&mut self, blocks: &mut [Node], numbering: Option<&[u8]>, limits: &Limits) {
        if self.nodes.is_none() {
            return;
        }
        let own = numbering
            .and_then(|b| std::str::from_utf8(b).ok())
            .and_then(|t| xml::parse(t, limits.max_xml_depth).ok());
        let Some(own_root) = own.as_deref().and_then(xml::root) else {
            return;
        };
        let abstract_of: BTreeMap<String, String> = own_root
            .child_elements("w:num")
            .filter_map(|n| {
                Some((
                    n.attr("w:numId")?,
                    n.child("w:abstractNumId")?.attr("w:val")?,
                ))
            })
            .collect();
        let own_abstracts: BTreeMap<String, &Element> = own_root
            .child_elements("w:abstractNum")
            .filter_map(|a| Some((a.attr("w:abstractNumId")?, a)))
            .collect();
        let mut fresh: BTreeMap<String, u32> = BTreeMap::new();
        let mut copied: BTreeMap<String, String> = BTreeMap::new();
        let styles = &self.styles;
        let first = &self.abstracts;
        let (next_num, next_abstract) = (&mut self.next_num, &mut self.next_abstract);
        let (added_abstracts, added_nums) = (&mut self.added_abstracts, &mut self.added_nums);
        for_each_paragraph(blocks, &mut |p| {
            let Some((id, from_style)) = super::post::list_of(p, styles) else {
                return;
            };
            let new = match fresh.get(&id) {
                Some(n) => *n,
                None => {
                    let Some(abs) = abstract_of.get(&id) else {
                        return;
                    };
                    let Some(own_def) = own_abstracts.get(abs) else {
                        return;
                    };
                    // The first document's list when it is the same list; a copy
                    // otherwise (a sub-document of this record only).
                    let target = if first.get(abs) == Some(&definition(own_def)) {
                        abs.clone()
                    } else if let Some(t) = copied.get(abs) {
                        t.clone()
                    } else {
                        let t = next_abstract.to_string();
                        *next_abstract = next_abstract.saturating_add(1);
                        let mut copy = (*own_def).clone();
                        copy.set_attr("w:abstractNumId", &t);
                        added_abstracts.push(Node::Element(copy));
                        copied.insert(abs.clone(), t.clone());
                        t
                    };
                    let n = *next_num;
                    *next_num = next_num.saturating_add(1);
                    let mut num = Element::new(&format!("w:num w:numId=\"{n}\""));
                    num.push(Element::new(&format!("w:abstractNumId w:val=\"{target}\"")));
                    for ilvl in 0..9 {
                        let level = ilvl.to_string();
                        let start = own_def
                            .child_elements("w:lvl")
                            .find(|l| l.attr("w:ilvl").as_deref() == Some(level.as_str()))
                            .and_then(|l| l.child("w:start")?.attr("w:val"))
                            .unwrap_or_else(|| "1".into());
                        let mut over = Element::new(&format!("w:lvlOverride w:ilvl=\"{ilvl}\""));
                        over.push(Element::new(&format!("w:startOverride w:val=\"{start}\"")));
                        num.push(over);
                    }
                    added_nums.push(Node::Element(num));
                    fresh.insert(id.clone(), n);
                    n
                }
            };
            super::post::set_num_id(p, new, from_style);
        });
    }

    /// The first document's numbering part with the new instances, when there are.
    fn finish(mut self) -> Option<Vec<u8>> {
        if self.added_nums.is_empty() {
            return None;
        }
        let mut nodes = self.nodes.take()?;
        let root = xml::root_mut(&mut nodes)?;
        // Every `w:abstractNum` before every `w:num`, and both before the clean-up
        // id (ECMA-376 §17.9.16).
        let first_num = root
            .children
            .iter()
            .position(|n| matches!(n, Node::Element(e) if e.name() == "w:num" || e.name() == "w:numIdMacAtCleanup"))
            .unwrap_or(root.children.len());
        let count = self.added_abstracts.len();
        root.children.splice(
            first_num..first_num,
            std::mem::take(&mut self.added_abstracts),
        );
        let at = root
            .children
            .iter()
            .position(|n| matches!(n, Node::Element(e) if e.name() == "w:numIdMacAtCleanup"))
            .unwrap_or(root.children.len())
            .max(first_num + count);
        root.children
            .splice(at..at, std::mem::take(&mut self.added_nums));
        root.empty = false;
        Some(xml::to_string(&nodes).into_bytes())
    }
}

/// A list definition as compared between records: its id and edit ids aside.
fn definition(a: &Element) -> String {
    let mut a = a.clone();
    a.set_attr("w:abstractNumId", "");
    xml::to_string(&[Node::Element(a)])
}

/// Gives one row's bookmarks ids of their own, from `next` on (a start and its
/// end keep sharing one).
fn renumber_bookmarks(nodes: &mut [Node], next: &mut u32) {
    let mut ids: BTreeMap<String, u32> = BTreeMap::new();
    for n in nodes {
        let Node::Element(e) = n else { continue };
        e.walk_mut(&mut |e| {
            if matches!(e.name(), "w:bookmarkStart" | "w:bookmarkEnd")
                && let Some(id) = e.attr("w:id")
            {
                let new = *ids.entry(id).or_insert_with(|| {
                    *next = next.wrapping_add(1);
                    *next
                });
                e.set_attr("w:id", &new.to_string());
            }
        });
    }
}

/// Calls `f` on every paragraph below `nodes`, text boxes' included.
fn for_each_paragraph(nodes: &mut [Node], f: &mut dyn FnMut(&mut Element)) {
    for n in nodes {
        if let Node::Element(e) = n {
            if e.name() == "w:p" {
                f(e);
            }
            for_each_paragraph(&mut e.children, f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{Docx, p, p_with, part, r, table, text_of};

    #[test]
    fn bodies_follow_each_other_each_on_a_new_page() {
        let a = Docx::new([p(&r("Thư 1")), p(&r("Nội dung 1"))].concat()).build();
        let b = Docx::new(
            [
                p_with(
                    r#"<w:pStyle w:val="Title"/><w:jc w:val="center"/>"#,
                    &r("Thư 2"),
                ),
                p(&r("Nội dung 2")),
            ]
            .concat(),
        )
        .build();
        let c = Docx::new(table(&[2000], &[vec![p(&r("Bảng 3"))]])).build();
        let joined = join_documents(&[a, b, c], &Limits::default()).unwrap();
        let body = part(&joined, BODY).unwrap();
        assert_eq!(
            text_of(&body),
            "Thư 1\nNội dung 1\nThư 2\nNội dung 2\n⏎\nBảng 3\n"
        );
        assert!(
            body.contains(r#"<w:pPr><w:pStyle w:val="Title"/><w:pageBreakBefore/><w:jc w:val="center"/></w:pPr>"#),
            "{body}"
        );
        assert!(
            body.contains(r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p><w:tbl>"#),
            "{body}"
        );
        // One section, the first document's, at the end.
        assert_eq!(body.matches("<w:sectPr").count(), 1, "{body}");
        assert!(
            body.trim_end()
                .ends_with("</w:sectPr></w:body></w:document>"),
            "{body}"
        );
    }
}
