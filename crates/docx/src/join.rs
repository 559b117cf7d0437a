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
    for doc in &documents[1..] {
        let mut other = body_of(doc, limits)?;
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
    let joined = xml::to_string(&nodes);
    if joined.len() as u64 > limits.max_output_bytes {
        return Err(RenderError::TooLarge {
            part: "document".into(),
            limit: limits.max_output_bytes,
        });
    }
    let outputs = BTreeMap::from([(BODY.to_string(), joined.into_bytes())]);
    let bytes = super::write_package(&mut archive, &outputs, limits)?;
    if bytes.len() as u64 > limits.max_output_bytes {
        return Err(RenderError::TooLarge {
            part: "document".into(),
            limit: limits.max_output_bytes,
        });
    }
    Ok(bytes)
}

fn body_of(document: &[u8], limits: &Limits) -> Result<Vec<Node>, RenderError> {
    let mut archive = package::open(document, limits)?;
    let bytes = package::read_entry(&mut archive, BODY, limits)?;
    let text = String::from_utf8_lossy(&bytes);
    xml::parse(&text, limits.max_xml_depth)
        .map_err(|e| super::xml_failure("body".into(), BODY, e, limits, ""))
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
