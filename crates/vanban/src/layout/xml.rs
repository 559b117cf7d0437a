//! A small element tree for the XML parts docx-rs writes, so the layout code can
//! patch what docx-rs cannot express (a repeating table header row, paragraph
//! borders in styles) and put child elements back in the order the OOXML schema
//! requires (docx-rs writes some of them out of order; LibreOffice forgives that,
//! Word may not).
//!
//! Only for XML this crate generated itself: text is kept as the escaped bytes it was
//! read as and written back unchanged.

use std::fmt::Write as _;

use quick_xml::Reader;
use quick_xml::events::Event;

/// An XML node: an element or escaped character data.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// An element.
    Element(Element),
    /// Character data, exactly as escaped in the source.
    Text(String),
}

/// An XML element with its attributes (escaped values) and children.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Element {
    /// Qualified name (`w:pPr`).
    pub name: String,
    /// Attributes in source order: qualified name and escaped value.
    pub attrs: Vec<(String, String)>,
    /// Child nodes in order.
    pub children: Vec<Node>,
}

/// An XML part that could not be read back (a bug in this crate, not user input).
#[derive(Debug, thiserror::Error)]
#[error("generated XML is malformed at byte {position}: {message}")]
pub struct XmlError {
    /// Byte offset in the part.
    pub position: u64,
    /// What the parser said.
    pub message: String,
}

impl Element {
    /// A new element with no attributes or children.
    pub fn new(name: &str) -> Element {
        Element {
            name: name.to_string(),
            ..Element::default()
        }
    }

    /// Adds an attribute (the value is escaped here).
    pub fn attr(mut self, name: &str, value: &str) -> Element {
        self.attrs.push((name.to_string(), escape(value)));
        self
    }

    /// Adds a child element.
    pub fn child(mut self, child: Element) -> Element {
        self.children.push(Node::Element(child));
        self
    }

    /// The value of an attribute, still escaped.
    pub fn get_attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// Child elements, mutable.
    pub fn elements_mut(&mut self) -> impl Iterator<Item = &mut Element> {
        self.children.iter_mut().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element named `name`.
    pub fn find(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// The first child element named `name`, created (appended) when missing.
    pub fn find_or_insert(&mut self, name: &str) -> &mut Element {
        let pos = self
            .children
            .iter()
            .position(|n| matches!(n, Node::Element(e) if e.name == name));
        let pos = match pos {
            Some(p) => p,
            None => {
                self.children.push(Node::Element(Element::new(name)));
                self.children.len() - 1
            }
        };
        match &mut self.children[pos] {
            Node::Element(e) => e,
            Node::Text(_) => unreachable!("position found an element"),
        }
    }

    /// Visits this element and every descendant, depth first, parents first.
    pub fn walk_mut(&mut self, f: &mut dyn FnMut(&mut Element)) {
        f(self);
        for child in self.elements_mut() {
            child.walk_mut(f);
        }
    }

    /// Visits this element and every descendant, depth first, parents first.
    pub fn walk(&self, f: &mut dyn FnMut(&Element)) {
        f(self);
        for child in self.elements() {
            child.walk(f);
        }
    }

    /// The concatenated text of every `w:t` below this element (unescaped).
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.walk(&mut |e| {
            if e.name == "w:t" {
                for n in &e.children {
                    if let Node::Text(t) = n {
                        out.push_str(&unescape(t));
                    }
                }
            }
        });
        out
    }
}

/// A parsed part: the XML declaration (kept verbatim) and the root element.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The `<?xml …?>` declaration, if any, without the angle brackets.
    pub declaration: Option<String>,
    /// The root element.
    pub root: Element,
}

/// Parses an XML part.
pub fn parse(bytes: &[u8]) -> Result<Part, XmlError> {
    let mut reader = Reader::from_reader(bytes);
    let mut declaration = None;
    let mut stack: Vec<Element> = vec![Element::new("#document")];
    let mut buf = Vec::new();
    let err = |reader: &Reader<&[u8]>, message: String| XmlError {
        position: reader.buffer_position(),
        message,
    };
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| err(&reader, e.to_string()))?;
        match event {
            Event::Decl(d) => {
                declaration = Some(String::from_utf8_lossy(&d).into_owned());
            }
            Event::Start(ref s) | Event::Empty(ref s) => {
                let mut el = Element::new(&String::from_utf8_lossy(s.name().as_ref()));
                for a in s.attributes() {
                    let a = a.map_err(|e| err(&reader, e.to_string()))?;
                    el.attrs.push((
                        String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                        String::from_utf8_lossy(&a.value).into_owned(),
                    ));
                }
                if matches!(event, Event::Empty(_)) {
                    push_child(&mut stack, Node::Element(el));
                } else {
                    stack.push(el);
                }
            }
            Event::End(_) => {
                let el = stack
                    .pop()
                    .filter(|_| !stack.is_empty())
                    .ok_or_else(|| err(&reader, "unbalanced end tag".into()))?;
                push_child(&mut stack, Node::Element(el));
            }
            Event::Text(t) => {
                push_text(&mut stack, &String::from_utf8_lossy(&t));
            }
            Event::GeneralRef(r) => {
                push_text(&mut stack, &format!("&{};", String::from_utf8_lossy(&r)));
            }
            Event::CData(c) => {
                push_text(&mut stack, &escape(&String::from_utf8_lossy(&c)));
            }
            Event::Eof => break,
            Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
        }
        buf.clear();
    }
    let mut document = stack
        .pop()
        .filter(|_| stack.is_empty())
        .ok_or_else(|| err(&reader, "unclosed element".into()))?;
    let root = document
        .children
        .drain(..)
        .find_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
        .ok_or_else(|| err(&reader, "no root element".into()))?;
    Ok(Part { declaration, root })
}

fn push_child(stack: &mut [Element], node: Node) {
    if let Some(top) = stack.last_mut() {
        top.children.push(node);
    }
}

fn push_text(stack: &mut [Element], text: &str) {
    // Whitespace between elements carries no meaning in these parts, except inside
    // `w:t`/`w:instrText`, where docx-rs always writes `xml:space="preserve"`.
    let Some(top) = stack.last_mut() else { return };
    let keeps_text =
        matches!(top.name.as_str(), "w:t" | "w:instrText" | "w:delText") || !text.trim().is_empty();
    if !keeps_text {
        return;
    }
    if let Some(Node::Text(prev)) = top.children.last_mut() {
        prev.push_str(text);
    } else {
        top.children.push(Node::Text(text.to_string()));
    }
}

/// Escapes text for XML character data and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Reverses [`escape`] (and the numeric references XML allows).
pub fn unescape(text: &str) -> String {
    quick_xml::escape::unescape(text)
        .map(|c| c.into_owned())
        .unwrap_or_else(|_| text.to_string())
}

/// Serialises a part.
pub fn write(part: &Part) -> Vec<u8> {
    let mut out = String::new();
    if let Some(d) = &part.declaration {
        let _ = write!(out, "<?{d}?>");
    }
    write_element(&part.root, &mut out);
    out.into_bytes()
}

fn write_element(e: &Element, out: &mut String) {
    out.push('<');
    out.push_str(&e.name);
    for (k, v) in &e.attrs {
        let _ = write!(out, " {k}=\"{v}\"");
    }
    if e.children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for c in &e.children {
        match c {
            Node::Element(child) => write_element(child, out),
            Node::Text(t) => out.push_str(t),
        }
    }
    let _ = write!(out, "</{}>", e.name);
}

/// Every paragraph below `root` in document order (table cells included): its style
/// id (empty when none) and its text.
pub fn paragraphs(root: &Element) -> Vec<(String, String)> {
    let mut out = Vec::new();
    root.walk(&mut |e| {
        if e.name == "w:p" {
            let style = e
                .find("w:pPr")
                .and_then(|p| p.find("w:pStyle"))
                .and_then(|s| s.get_attr("w:val"))
                .unwrap_or("")
                .to_string();
            out.push((style, e.text()));
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_write_round_trip_keeps_text_and_entities() {
        let cases = [
            (
                r#"<?xml version="1.0"?><w:p a="1 &amp; 2"><w:r><w:t xml:space="preserve"> A &lt;b&gt; &amp; “c” </w:t></w:r></w:p>"#,
                r#"<?xml version="1.0"?><w:p a="1 &amp; 2"><w:r><w:t xml:space="preserve"> A &lt;b&gt; &amp; “c” </w:t></w:r></w:p>"#,
                " A <b> & “c” ",
            ),
            ("<a>\n  <b/>\n  <c>x</c>\n</a>", "<a><b/><c>x</c></a>", ""),
        ];
        for (input, written, text) in cases {
            let part = parse(input.as_bytes()).unwrap();
            assert_eq!(String::from_utf8(write(&part)).unwrap(), written);
            assert_eq!(part.root.text(), text);
        }
    }

    #[test]
    fn malformed_xml_is_an_error() {
        for bad in ["<a><b></a>", "<a>", ""] {
            assert!(parse(bad.as_bytes()).is_err(), "{bad}");
        }
    }

    #[test]
    fn paragraphs_lists_styles_and_text_in_order() {
        let part = parse(
            br#"<w:body><w:p><w:pPr><w:pStyle w:val="A"/></w:pPr><w:r><w:t>x</w:t></w:r><w:r><w:t>y</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl></w:body>"#,
        )
        .unwrap();
        assert_eq!(
            paragraphs(&part.root),
            [
                ("A".to_string(), "xy".to_string()),
                (String::new(), String::new())
            ]
        );
    }
}
