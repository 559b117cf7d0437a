//! Builds small, valid .docx packages in code, the way Word writes them (runs split
//! by spell-check marks, edit ids and bookmarks), for tests, benchmarks and examples.
//! Also reads a rendered package back as text for comparisons.

use std::io::{Cursor, Read, Write};

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A document under construction: body XML (the content of `w:body`, without
/// `w:sectPr`), optional header, footer, footnotes, numbering and properties.
#[derive(Debug, Clone, Default)]
pub struct Docx {
    body: String,
    header: Option<String>,
    footer: Option<String>,
    footnotes: Option<String>,
    numbering: Option<String>,
    styles: Option<String>,
    title: Option<String>,
    picture: Option<Vec<u8>>,
}

impl Docx {
    /// A document whose body holds `body` (paragraphs and tables).
    pub fn new(body: impl Into<String>) -> Docx {
        Docx {
            body: body.into(),
            ..Docx::default()
        }
    }

    /// Adds a default header holding `content` (paragraphs).
    pub fn header(mut self, content: impl Into<String>) -> Docx {
        self.header = Some(content.into());
        self
    }

    /// Adds a default footer holding `content` (paragraphs).
    pub fn footer(mut self, content: impl Into<String>) -> Docx {
        self.footer = Some(content.into());
        self
    }

    /// Adds a footnotes part; `content` is the paragraphs of footnote 1, referenced
    /// from the end of the body.
    pub fn footnote(mut self, content: impl Into<String>) -> Docx {
        self.footnotes = Some(content.into());
        self
    }

    /// Adds a numbering part with a decimal list, `w:numId` 1 (abstract 0).
    pub fn numbered_list(mut self) -> Docx {
        let mut lvls = String::new();
        for i in 0..9 {
            lvls.push_str(&format!(
                r#"<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%{}."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{}" w:hanging="360"/></w:pPr></w:lvl>"#,
                i + 1,
                720 * (i + 1)
            ));
        }
        self.numbering = Some(format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>{lvls}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
        ));
        self
    }

    /// Adds a styles part holding `content` (`w:docDefaults` and `w:style`
    /// elements).
    pub fn styles(mut self, content: impl Into<String>) -> Docx {
        self.styles = Some(content.into());
        self
    }

    /// Adds a PNG as `word/media/image1.png`, relationship `rIdImg1` of the body,
    /// for [`picture_run`]s to show.
    pub fn picture(mut self, png: Vec<u8>) -> Docx {
        self.picture = Some(png);
        self
    }

    /// Sets the document title (core properties).
    pub fn title(mut self, title: impl Into<String>) -> Docx {
        self.title = Some(title.into());
        self
    }

    /// The `word/document.xml` this builder writes.
    pub fn document_xml(&self) -> String {
        let mut refs = String::new();
        if self.header.is_some() {
            refs.push_str(r#"<w:headerReference w:type="default" r:id="rIdH1"/>"#);
        }
        if self.footer.is_some() {
            refs.push_str(r#"<w:footerReference w:type="default" r:id="rIdF1"/>"#);
        }
        let note = if self.footnotes.is_some() {
            r#"<w:p><w:r><w:t>Ghi chú</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r></w:p>"#
        } else {
            ""
        };
        // One line per paragraph, row and cell, so the committed copy reads well in a
        // diff (whitespace between these elements means nothing to Word).
        let mut body = String::with_capacity(self.body.len() + 256);
        for piece in self.body.split_inclusive('>') {
            let starts = ["<w:p>", "<w:p ", "<w:tbl>", "<w:tr>", "<w:tr ", "</w:tbl>"];
            if starts.iter().any(|s| piece.starts_with(s)) {
                body.push('\n');
            }
            body.push_str(piece);
        }
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{}{note}
<w:sectPr>{refs}<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>
"#,
            body
        )
    }

    /// The package bytes.
    pub fn build(&self) -> Vec<u8> {
        let mut parts: Vec<(String, String)> = Vec::new();
        let mut overrides = String::new();
        let mut rels = String::new();
        let mut add = |name: &str, ct: &str, rel: Option<(&str, &str)>, xml: String| {
            overrides.push_str(&format!(
                r#"<Override PartName="/{name}" ContentType="{ct}"/>"#
            ));
            if let Some((id, ty)) = rel {
                let target = name.trim_start_matches("word/");
                rels.push_str(&format!(
                    r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{ty}" Target="{target}"/>"#
                ));
            }
            parts.push((name.to_string(), xml));
        };
        let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml";
        add(
            "word/document.xml",
            &format!("{wml}.document.main+xml"),
            None,
            self.document_xml(),
        );
        if let Some(h) = &self.header {
            add(
                "word/header1.xml",
                &format!("{wml}.header+xml"),
                Some(("rIdH1", "header")),
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}">{h}</w:hdr>"#
                ),
            );
        }
        if let Some(f) = &self.footer {
            add(
                "word/footer1.xml",
                &format!("{wml}.footer+xml"),
                Some(("rIdF1", "footer")),
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">{f}</w:ftr>"#
                ),
            );
        }
        if let Some(n) = &self.footnotes {
            add(
                "word/footnotes.xml",
                &format!("{wml}.footnotes+xml"),
                Some(("rIdN1", "footnotes")),
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote><w:footnote w:id="1">{n}</w:footnote></w:footnotes>"#
                ),
            );
        }
        if let Some(st) = &self.styles {
            add(
                "word/styles.xml",
                &format!("{wml}.styles+xml"),
                Some(("rIdStyles", "styles")),
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}">{st}</w:styles>"#
                ),
            );
        }
        if let Some(n) = &self.numbering {
            add(
                "word/numbering.xml",
                &format!("{wml}.numbering+xml"),
                Some(("rIdNum", "numbering")),
                n.clone(),
            );
        }
        let title = self.title.clone().unwrap_or_default();
        add(
            "docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml",
            None,
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{title}</dc:title><dc:creator>vanban tests</dc:creator></cp:coreProperties>"#
            ),
        );
        if self.picture.is_some() {
            rels.push_str(r#"<Relationship Id="rIdImg1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>"#);
        }
        let png_type = if self.picture.is_some() {
            r#"<Default Extension="png" ContentType="image/png"/>"#
        } else {
            ""
        };
        let content_types = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>{png_type}{overrides}</Types>"#
        );
        let root_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;
        let doc_rels = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
        );
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        let mut entries = vec![
            ("[Content_Types].xml".to_string(), content_types),
            ("_rels/.rels".to_string(), root_rels.to_string()),
            ("word/_rels/document.xml.rels".to_string(), doc_rels),
        ];
        entries.extend(parts);
        for (name, xml) in entries {
            // In-memory writes cannot fail short of memory exhaustion.
            w.start_file(name, opts).expect("zip entry");
            w.write_all(xml.as_bytes()).expect("zip write");
        }
        if let Some(png) = &self.picture {
            w.start_file("word/media/image1.png", opts)
                .expect("zip entry");
            w.write_all(png).expect("zip write");
        }
        w.finish().expect("zip finish").into_inner()
    }
}

/// A run showing the picture [`Docx::picture`] adds, `cx` × `cy` EMUs, with the
/// alternative text `descr`, as Word writes an inline picture.
pub fn picture_run(descr: &str, cx: u64, cy: u64) -> String {
    format!(
        concat!(
            r#"<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">"#,
            r#"<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="1" name="Picture 1" descr="{descr}"/>"#,
            r#"<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">"#,
            r#"<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="0" name="image1.png"/><pic:cNvPicPr/></pic:nvPicPr>"#,
            r#"<pic:blipFill><a:blip r:embed="rIdImg1"><a:extLst><a:ext uri="{{28A0092B-C50C-407E-A947-70E740481C1C}}"/></a:extLst></a:blip><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"#,
            r#"<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>"#,
            r#"</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#
        ),
        cx = cx,
        cy = cy,
        descr = {
            let mut a = String::new();
            super::xml::escape_attr(descr, &mut a);
            a
        }
    )
}

/// A paragraph of runs.
pub fn p(runs: &str) -> String {
    format!("<w:p>{runs}</w:p>")
}

/// A paragraph with paragraph properties.
pub fn p_with(ppr: &str, runs: &str) -> String {
    format!("<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>")
}

/// A plain run.
pub fn r(text: &str) -> String {
    format!(
        r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
        escape(text)
    )
}

/// A bold run.
pub fn rb(text: &str) -> String {
    format!(
        r#"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
        escape(text)
    )
}

/// Text as Word stores it after editing: split into runs at each `|`, with a
/// spell-check mark, an edit id, a bookmark or a formatting change between pieces,
/// in turn.
pub fn word_split(text: &str) -> String {
    let pieces: Vec<&str> = text.split('|').collect();
    word_runs(&pieces)
}

/// Like [`word_split`], with the pieces given (for text that holds `|`).
pub fn word_runs(pieces: &[&str]) -> String {
    let mut out = String::new();
    for (i, piece) in pieces.iter().enumerate() {
        match i % 4 {
            0 => {}
            1 => out.push_str(r#"<w:proofErr w:type="spellStart"/>"#),
            2 => out.push_str(&format!(
                r#"<w:bookmarkStart w:id="{i}" w:name="_bm{i}"/><w:bookmarkEnd w:id="{i}"/>"#
            )),
            _ => out.push_str(r#"<w:proofErr w:type="gramEnd"/>"#),
        }
        let rpr = if i % 4 == 3 {
            r#"<w:rPr><w:i/></w:rPr>"#
        } else {
            ""
        };
        out.push_str(&format!(
            r#"<w:r w:rsidR="00{:02X}12AB">{rpr}<w:t xml:space="preserve">{}</w:t></w:r>"#,
            i,
            escape(piece)
        ));
    }
    out
}

/// A table with the given rows (each a list of cell contents, already paragraphs).
pub fn table(widths: &[u32], rows: &[Vec<String>]) -> String {
    let grid: String = widths
        .iter()
        .map(|w| format!(r#"<w:gridCol w:w="{w}"/>"#))
        .collect();
    let mut out = format!(
        r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr><w:tblGrid>{grid}</w:tblGrid>"#
    );
    for row in rows {
        out.push_str("<w:tr>");
        for (i, cell) in row.iter().enumerate() {
            let w = widths.get(i).copied().unwrap_or(2000);
            out.push_str(&format!(
                r#"<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>{cell}</w:tc>"#
            ));
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    super::xml::escape_text(s, &mut out);
    out
}

/// Every paragraph below `root` in document order (table cells included): its style
/// id (empty when none) and its text ([`Element::text`](super::xml::Element::text)).
pub fn paragraphs(root: &super::xml::Element) -> Vec<(String, String)> {
    let mut out = Vec::new();
    root.walk(&mut |e| {
        if e.name() == "w:p" {
            let style = e
                .child("w:pPr")
                .and_then(|p| p.child("w:pStyle"))
                .and_then(|s| s.attr("w:val"))
                .unwrap_or_default();
            out.push((style, e.text()));
        }
    });
    out
}

/// Reads one part of a package as text.
pub fn part(docx: &[u8], name: &str) -> Option<String> {
    let mut ar = zip::ZipArchive::new(Cursor::new(docx)).ok()?;
    let mut f = ar.by_name(name).ok()?;
    let mut s = String::new();
    f.read_to_string(&mut s).ok()?;
    Some(s)
}

/// The text of a WordprocessingML part: one line per paragraph, `\t` for tabs,
/// `\n` for line breaks inside a paragraph shown as `⏎`, table cells separated by
/// ` | `.
pub fn text_of(xml: &str) -> String {
    let mut out = String::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut in_t = false;
    let mut in_tc = false;
    let mut in_cell_para = 0usize;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e)) => match e.name().as_ref() {
                b"w:t" => in_t = true,
                b"w:tc" => {
                    in_tc = true;
                    in_cell_para = 0;
                }
                b"w:p" if in_tc && in_cell_para > 0 => {
                    if out.ends_with('\n') {
                        out.pop();
                    }
                    out.push_str(" / ");
                }
                _ => {}
            },
            Ok(quick_xml::events::Event::Empty(e)) => match e.name().as_ref() {
                b"w:br" => out.push('⏎'),
                b"w:tab" => out.push('\t'),
                b"w:p" => {
                    if in_tc && in_cell_para > 0 {
                        if out.ends_with('\n') {
                            out.pop();
                        }
                        out.push_str(" / ");
                    }
                    if in_tc {
                        in_cell_para += 1;
                    }
                    out.push('\n');
                }
                _ => {}
            },
            Ok(quick_xml::events::Event::End(e)) => match e.name().as_ref() {
                b"w:t" => in_t = false,
                b"w:p" => {
                    if in_tc {
                        in_cell_para += 1;
                    }
                    out.push('\n');
                }
                b"w:tc" => {
                    in_tc = false;
                    if out.ends_with('\n') {
                        out.pop();
                    }
                    out.push_str(" | ");
                    in_cell_para = 0;
                }
                b"w:tr" => {
                    if out.ends_with(" | ") {
                        out.truncate(out.len() - 3);
                    }
                    out.push('\n');
                }
                _ => {}
            },
            Ok(quick_xml::events::Event::Text(t)) if in_t => {
                out.push_str(&t.decode().unwrap_or_default());
            }
            Ok(quick_xml::events::Event::GeneralRef(r)) if in_t => {
                let s = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match r.decode().unwrap_or_default().as_ref() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => format!("&{other};"),
                    },
                };
                out.push_str(&s);
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// WordprocessingML with Word's editing noise removed, for comparing documents as
/// data: edit ids (`w:rsid…` attributes), spell-check marks, bookmarks, runs left
/// with no text, and whitespace between elements. Returns the input unchanged if it
/// does not parse.
pub fn clean_xml(xml: &str) -> String {
    use super::xml::{Element, Node, parse, to_string};
    fn clean(nodes: &mut Vec<Node>, in_text: bool) {
        nodes.retain_mut(|n| match n {
            Node::Element(e) => {
                if matches!(
                    e.name(),
                    "w:proofErr" | "w:bookmarkStart" | "w:bookmarkEnd" | "w:lastRenderedPageBreak"
                ) {
                    return false;
                }
                let keep_text = in_text || e.name() == "w:t";
                clean(&mut e.children, keep_text);
                let attrs: Vec<&str> = split_attrs(&e.raw[e.name_len..]);
                let kept: Vec<&str> = attrs
                    .into_iter()
                    .filter(|a| !a.trim_start().starts_with("w:rsid"))
                    .collect();
                let raw = format!("{}{}", e.name(), kept.concat());
                *e = Element {
                    raw,
                    name_len: e.name_len,
                    children: std::mem::take(&mut e.children),
                    empty: e.empty,
                };
                if e.name() == "w:r" {
                    let has_content = e.children.iter().any(|c| match c {
                        Node::Element(x) if x.name() == "w:rPr" => false,
                        Node::Element(x) if x.name() == "w:t" => !x.children.is_empty(),
                        Node::Element(_) => true,
                        _ => false,
                    });
                    return has_content;
                }
                true
            }
            Node::Text(t) => in_text || !t.trim().is_empty(),
            _ => true,
        });
    }
    /// Splits ` a="1" b="2"` into ` a="1"`, ` b="2"`.
    fn split_attrs(s: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut quote: Option<char> = None;
        for (i, c) in s.char_indices() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => {
                    quote = None;
                    out.push(&s[start..=i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        if start < s.len() && !s[start..].trim().is_empty() {
            out.push(&s[start..]);
        }
        out
    }
    match parse(xml, 512) {
        Ok(mut nodes) => {
            clean(&mut nodes, false);
            to_string(&nodes)
        }
        Err(_) => xml.to_string(),
    }
}

/// Word's `Normal` and `Heading 1` styles as a template has them (with the edit
/// ids Word leaves), `heading` being the heading's run properties.
pub fn word_styles(heading: &str) -> String {
    format!(
        concat!(
            r#"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="26"/><w:szCs w:val="26"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults>"#,
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>"#,
            r#"<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:rsid w:val="00A1B2C3"/><w:pPr><w:keepNext/><w:spacing w:before="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr>{heading}</w:rPr></w:style>"#,
        ),
        heading = heading
    )
}

/// A sub-document as Word writes one (an appendix to insert with `{{p }}`): its
/// own `Heading 1` (red, where a template's is black), a paragraph style and a
/// character style a template lacks, a numbered list (`w:numId` 1, as a
/// template's first list is too), a picture (`rIdImg1`, `media/image1.png`, as a
/// template's first picture is too), a bookmark, a comment mark and its own
/// section properties (which must not follow it).
pub fn appendix(png: Vec<u8>) -> Docx {
    let styles = [
        word_styles(r#"<w:b/><w:color w:val="C00000"/><w:sz w:val="32"/>"#),
        r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="TrichYeu"><w:name w:val="Trich yeu"/><w:basedOn w:val="Normal"/><w:link w:val="TrichYeuChar"/><w:qFormat/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:i/></w:rPr></w:style>"#.to_string(),
        r#"<w:style w:type="character" w:customStyle="1" w:styleId="TrichYeuChar"><w:name w:val="Trich yeu Char"/><w:basedOn w:val="DefaultParagraphFont"/><w:link w:val="TrichYeu"/><w:rPr><w:i/></w:rPr></w:style>"#.to_string(),
        r#"<w:style w:type="character" w:customStyle="1" w:styleId="Nhan"><w:name w:val="Nhan manh"/><w:basedOn w:val="DefaultParagraphFont"/><w:rPr><w:b/><w:u w:val="single"/></w:rPr></w:style>"#.to_string(),
    ]
    .concat();
    let item = |t: &str| {
        p_with(
            r#"<w:pStyle w:val="Normal"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>"#,
            &r(t),
        )
    };
    let body = [
        p_with(
            r#"<w:pStyle w:val="Heading1"/>"#,
            r#"<w:bookmarkStart w:id="0" w:name="_Toc1"/><w:r><w:t>PHỤ LỤC</w:t></w:r><w:bookmarkEnd w:id="0"/>"#,
        ),
        p_with(
            r#"<w:pStyle w:val="TrichYeu"/>"#,
            &r("Danh sách công đoàn cơ sở {{ không phải thẻ }}"),
        ),
        item("Trường Tiểu học Tân Lập"),
        item("Trường THCS Tân Lập"),
        p(&[
            r#"<w:commentRangeStart w:id="3"/>"#,
            &r("Ghi chú: "),
            r#"<w:r><w:rPr><w:rStyle w:val="Nhan"/></w:rPr><w:t>số liệu đến 30/6</w:t></w:r>"#,
            r#"<w:commentRangeEnd w:id="3"/>"#,
        ]
        .concat()),
        p(&picture_run("Con dấu", 762000, 381000)),
        p_with(
            r#"<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/></w:sectPr>"#,
            &r("Trang ngang"),
        ),
    ]
    .concat();
    Docx::new(body).styles(styles).numbered_list().picture(png)
}
