//! One document out of many rendered from the same template (a mail merge into a
//! single file): the bodies one after the other, each starting on a new page.
//!
//! The first document gives everything but the body: headers, footers, styles,
//! numbering, the last section's page set-up. The documents come from one template,
//! so they share those parts; what a row changed in them (a header printing a
//! row's field, a list restarted with `restart_numbering()`) is the first row's.

use std::collections::BTreeMap;

use vanban_package::package;

use super::xml::{self, Element, Node};
use super::{Limits, RenderError};

const BODY: &str = "word/document.xml";

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
    let mut extensions: Vec<&'static str> = Vec::new();
    for (d, doc) in documents.iter().enumerate().skip(1) {
        // Pictures rich text put in this row's body are carried over under ids of
        // their own (each row numbers its pictures from 1).
        let mut text = body_text(doc, limits)?;
        for (id, target, bytes) in pictures_of(doc, limits)? {
            let new_id = format!("{id}R{d}");
            let file = target.rsplit('/').next().unwrap_or(&target);
            let new_target = format!("media/r{d}-{file}");
            text = text.replace(
                &format!("r:embed=\"{id}\""),
                &format!("r:embed=\"{new_id}\""),
            );
            if let Some(ext) = ["png", "jpeg", "gif"]
                .into_iter()
                .find(|e| new_target.ends_with(&format!(".{e}")))
            {
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
        start_on_new_page(&mut blocks);
        added.extend(blocks);
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

fn body_text(document: &[u8], limits: &Limits) -> Result<String, RenderError> {
    let mut archive = package::open(document, limits)?;
    let bytes = package::read_entry(&mut archive, BODY, limits)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn body_of(document: &[u8], limits: &Limits) -> Result<Vec<Node>, RenderError> {
    xml::parse(&body_text(document, limits)?, limits.max_xml_depth)
        .map_err(|e| super::xml_failure("body".into(), BODY, e, limits, ""))
}

/// The pictures rich text added to a document's body: (relationship id, target,
/// bytes).
fn pictures_of(
    document: &[u8],
    limits: &Limits,
) -> Result<Vec<(String, String, Vec<u8>)>, RenderError> {
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
            if !id.starts_with("rIdVanbanImage") {
                continue;
            }
            let bytes = package::read_entry(&mut archive, &format!("word/{target}"), limits)?;
            out.push((id, target, bytes));
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
