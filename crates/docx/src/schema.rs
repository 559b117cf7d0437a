//! The child-element order the OOXML schema (ECMA-376 Part 1, wml.xsd, transitional)
//! requires for the elements Word documents commonly use, a pass that puts children
//! back in that order ([`normalise`]), and a check that finds any element still out
//! of order or not allowed where it is ([`violations`]).
//!
//! LibreOffice forgives children out of order; Word's strict reader may refuse the
//! file. Code that builds or patches WordprocessingML (docx-rs 0.4.22 writes, for
//! instance, `w:rPr` before `w:pPr` and `w:basedOn` last inside `w:style`; a
//! post-pass may append a `w:tcW` after a `w:shd`) runs [`normalise`] on what it
//! touched, and its tests run [`violations`] on the result. Works on the engine's
//! tree ([`crate::xml`]); reads and writes nothing itself.

use crate::xml::{Element, Node};

/// Sequence elements: every child must be one of these, in this order.
const SEQUENCES: &[(&str, &[&str])] = &[
    (
        "w:style",
        &[
            "w:name",
            "w:aliases",
            "w:basedOn",
            "w:next",
            "w:link",
            "w:autoRedefine",
            "w:hidden",
            "w:uiPriority",
            "w:semiHidden",
            "w:unhideWhenUsed",
            "w:qFormat",
            "w:locked",
            "w:personal",
            "w:personalCompose",
            "w:personalReply",
            "w:rsid",
            "w:pPr",
            "w:rPr",
            "w:tblPr",
            "w:trPr",
            "w:tcPr",
            "w:tblStylePr",
        ],
    ),
    (
        "w:pPr",
        &[
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:suppressLineNumbers",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
            "w:pPrChange",
        ],
    ),
    (
        "w:rPr",
        &[
            "w:ins",
            "w:del",
            "w:rStyle",
            "w:rFonts",
            "w:b",
            "w:bCs",
            "w:i",
            "w:iCs",
            "w:caps",
            "w:smallCaps",
            "w:strike",
            "w:dstrike",
            "w:outline",
            "w:shadow",
            "w:emboss",
            "w:imprint",
            "w:noProof",
            "w:snapToGrid",
            "w:vanish",
            "w:webHidden",
            "w:color",
            "w:spacing",
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
            "w:rPrChange",
        ],
    ),
    (
        "w:pBdr",
        &[
            "w:top",
            "w:left",
            "w:bottom",
            "w:right",
            "w:between",
            "w:bar",
        ],
    ),
    (
        "w:tblPr",
        &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblOverlap",
            "w:bidiVisual",
            "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize",
            "w:tblW",
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
            "w:tblCaption",
            "w:tblDescription",
        ],
    ),
    (
        "w:tblBorders",
        &[
            "w:top",
            "w:left",
            "w:start",
            "w:bottom",
            "w:right",
            "w:end",
            "w:insideH",
            "w:insideV",
        ],
    ),
    (
        "w:tcBorders",
        &[
            "w:top",
            "w:left",
            "w:start",
            "w:bottom",
            "w:right",
            "w:end",
            "w:insideH",
            "w:insideV",
            "w:tl2br",
            "w:tr2bl",
        ],
    ),
    (
        "w:tblCellMar",
        &["w:top", "w:left", "w:start", "w:bottom", "w:right", "w:end"],
    ),
    (
        "w:tcMar",
        &["w:top", "w:left", "w:start", "w:bottom", "w:right", "w:end"],
    ),
    (
        "w:tcPr",
        &[
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
        ],
    ),
    (
        "w:sectPr",
        &[
            "w:headerReference",
            "w:footerReference",
            "w:footnotePr",
            "w:endnotePr",
            "w:type",
            "w:pgSz",
            "w:pgMar",
            "w:paperSrc",
            "w:pgBorders",
            "w:lnNumType",
            "w:pgNumType",
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
            "w:printerSettings",
            "w:sectPrChange",
        ],
    ),
    ("w:docDefaults", &["w:rPrDefault", "w:pPrDefault"]),
    (
        "w:settings",
        &[
            "w:writeProtection",
            "w:view",
            "w:zoom",
            "w:removePersonalInformation",
            "w:removeDateAndTime",
            "w:mirrorMargins",
            "w:proofState",
            "w:defaultTabStop",
            "w:autoHyphenation",
            "w:evenAndOddHeaders",
            "w:characterSpacingControl",
            "w:updateFields",
            "w:footnotePr",
            "w:endnotePr",
            "w:compat",
            "w:docVars",
            "w:rsids",
            "w:themeFontLang",
            "w:decimalSymbol",
            "w:listSeparator",
        ],
    ),
    (
        "w:compat",
        &[
            "w:useSingleBorderforContiguousCells",
            "w:wpJustification",
            "w:noTabHangInd",
            "w:noLeading",
            "w:spaceForUL",
            "w:noColumnBalance",
            "w:balanceSingleByteDoubleByteWidth",
            "w:noExtraLineSpacing",
            "w:doNotLeaveBackslashAlone",
            "w:ulTrailSpace",
            "w:doNotExpandShiftReturn",
            "w:adjustLineHeightInTable",
            "w:doNotUseHTMLParagraphAutoSpacing",
            "w:useFELayout",
            "w:compatSetting",
        ],
    ),
    ("w:styles", &["w:docDefaults", "w:latentStyles", "w:style"]),
];

/// Containers whose listed children must come first, in this order, before any
/// other content (paragraphs, runs, cells).
const LEADERS: &[(&str, &[&str])] = &[
    ("w:p", &["w:pPr"]),
    ("w:r", &["w:rPr"]),
    ("w:tbl", &["w:tblPr", "w:tblGrid"]),
    ("w:tr", &["w:tblPrEx", "w:trPr"]),
    ("w:tc", &["w:tcPr"]),
];

// `w:headerReference` and `w:footerReference` form one choice group in `w:sectPr`.
fn rank(order: &[&str], name: &str) -> Option<usize> {
    let name = if name == "w:footerReference" {
        "w:headerReference"
    } else {
        name
    };
    order.iter().position(|n| *n == name)
}

/// The children of element `name` in the order the schema wants them, when known
/// (`w:pPr`, `w:rPr`, `w:tblPr`, …): one table for the normaliser and the writers.
pub fn sequence_of(name: &str) -> Option<&'static [&'static str]> {
    SEQUENCES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, order)| *order)
}

fn leaders_of(name: &str) -> Option<&'static [&'static str]> {
    LEADERS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, order)| *order)
}

/// Puts the children of every known element in schema order (a stable sort, so
/// repeated children keep their relative order; text and other nodes go last) and
/// drops what a style's paragraph properties may not hold.
pub fn normalise(root: &mut Element) {
    root.walk_mut(&mut |e| {
        if GENERAL_PPR_PARENTS.contains(&e.name()) {
            for ppr in e.elements_mut().filter(|c| c.name() == "w:pPr") {
                ppr.children.retain(
                    |n| !matches!(n, Node::Element(c) if NOT_IN_GENERAL_PPR.contains(&c.name())),
                );
                // Left empty, it is written `<w:pPr/>`, as an empty element is.
                ppr.empty |= ppr.children.is_empty();
            }
        }
        if let Some(order) = sequence_of(e.name()) {
            e.children.sort_by_key(|n| match n {
                Node::Element(c) => rank(order, c.name()).unwrap_or(usize::MAX),
                _ => usize::MAX,
            });
        } else if let Some(order) = leaders_of(e.name()) {
            e.children.sort_by_key(|n| match n {
                Node::Element(c) => rank(order, c.name()).unwrap_or(order.len()),
                _ => order.len(),
            });
        }
    });
}

/// Where `w:pPr` is a CT_PPrGeneral (paragraph properties of a style or of the
/// document defaults), which has no run properties or section: docx-rs writes an
/// empty `w:rPr` there.
const GENERAL_PPR_PARENTS: &[&str] = &["w:style", "w:pPrDefault"];
/// What CT_PPr allows and CT_PPrGeneral does not.
const NOT_IN_GENERAL_PPR: &[&str] = &["w:rPr", "w:sectPr"];

/// Every element whose children break the schema order or that holds a child the
/// schema does not allow there, as `parent: child` descriptions.
pub fn violations(root: &Element) -> Vec<String> {
    let mut found = Vec::new();
    root.walk(&mut |e| {
        if GENERAL_PPR_PARENTS.contains(&e.name()) {
            for ppr in e.elements().filter(|c| c.name() == "w:pPr") {
                for c in ppr
                    .elements()
                    .filter(|c| NOT_IN_GENERAL_PPR.contains(&c.name()))
                {
                    found.push(format!(
                        "{} › w:pPr: `{}` is not allowed here",
                        e.name(),
                        c.name()
                    ));
                }
            }
        }
        if e.name() == "w:gridCol" {
            for (name, _) in e.attrs().iter().filter(|(n, _)| n != "w:w") {
                found.push(format!("w:gridCol: attribute `{name}` is not allowed"));
            }
        }
        if let Some(order) = sequence_of(e.name()) {
            let mut last = 0;
            for c in e.elements() {
                match rank(order, c.name()) {
                    None => found.push(format!("{}: `{}` is not allowed here", e.name(), c.name())),
                    Some(r) if r < last => found.push(format!(
                        "{}: `{}` comes after an element that must follow it",
                        e.name(),
                        c.name()
                    )),
                    Some(r) => last = r,
                }
            }
        } else if let Some(order) = leaders_of(e.name()) {
            let mut last = 0;
            for c in e.elements() {
                let r = rank(order, c.name()).unwrap_or(order.len());
                if r < last {
                    found.push(format!("{}: `{}` must come first", e.name(), c.name()));
                }
                last = last.max(r);
            }
        }
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml;

    #[test]
    fn out_of_order_children_are_found_and_fixed() {
        let cases = [
            (
                r#"<w:style><w:rPr/><w:pPr/><w:name/><w:basedOn/></w:style>"#,
                vec![
                    "w:style: `w:pPr` comes after an element that must follow it",
                    "w:style: `w:name` comes after an element that must follow it",
                    "w:style: `w:basedOn` comes after an element that must follow it",
                ],
                r#"<w:style><w:name/><w:basedOn/><w:pPr/><w:rPr/></w:style>"#,
            ),
            (
                r#"<w:p><w:r><w:t>x</w:t><w:rPr><w:sz/><w:b/></w:rPr></w:r><w:pPr/></w:p>"#,
                vec![
                    "w:p: `w:pPr` must come first",
                    "w:r: `w:rPr` must come first",
                    "w:rPr: `w:b` comes after an element that must follow it",
                ],
                r#"<w:p><w:pPr/><w:r><w:rPr><w:b/><w:sz/></w:rPr><w:t>x</w:t></w:r></w:p>"#,
            ),
            (
                r#"<w:sectPr><w:titlePg/><w:pgSz/><w:headerReference/><w:footerReference/><w:headerReference/></w:sectPr>"#,
                vec![
                    "w:sectPr: `w:pgSz` comes after an element that must follow it",
                    "w:sectPr: `w:headerReference` comes after an element that must follow it",
                    "w:sectPr: `w:footerReference` comes after an element that must follow it",
                    "w:sectPr: `w:headerReference` comes after an element that must follow it",
                ],
                r#"<w:sectPr><w:headerReference/><w:footerReference/><w:headerReference/><w:pgSz/><w:titlePg/></w:sectPr>"#,
            ),
            (
                r#"<w:tblGrid><w:gridCol w:w="10" w:type="dxa"/></w:tblGrid>"#,
                vec!["w:gridCol: attribute `w:type` is not allowed"],
                r#"<w:tblGrid><w:gridCol w:w="10" w:type="dxa"/></w:tblGrid>"#,
            ),
            (
                r#"<w:style><w:pPr><w:jc/><w:rPr/></w:pPr><w:rPr/></w:style>"#,
                vec!["w:style › w:pPr: `w:rPr` is not allowed here"],
                r#"<w:style><w:pPr><w:jc/></w:pPr><w:rPr/></w:style>"#,
            ),
            (
                r#"<w:p><w:pPr><w:jc/><w:rPr/></w:pPr></w:p>"#,
                vec![],
                r#"<w:p><w:pPr><w:jc/><w:rPr/></w:pPr></w:p>"#,
            ),
            (
                r#"<w:tcPr><w:bogus/></w:tcPr>"#,
                vec!["w:tcPr: `w:bogus` is not allowed here"],
                r#"<w:tcPr><w:bogus/></w:tcPr>"#,
            ),
        ];
        for (input, expected, fixed) in cases {
            let mut nodes = xml::parse(input, 64).unwrap();
            let Some(Node::Element(root)) = nodes.first_mut() else {
                panic!("{input}")
            };
            assert_eq!(violations(root), expected, "{input}");
            normalise(root);
            assert_eq!(xml::to_string(&nodes), fixed);
        }
    }
}
