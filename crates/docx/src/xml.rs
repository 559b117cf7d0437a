//! A small XML tree over quick-xml events, just rich enough for the engine.
//!
//! Start tags keep their raw text (name and attributes exactly as the template had
//! them), so what the engine does not touch is written back as it was read. Text is
//! held unescaped: quick-xml hands `&amp;`-style entities over as separate events,
//! and they are folded back into the surrounding text here so that a tag like
//! `{{ a &gt; b }}` is seen whole.

use quick_xml::events::Event;

use crate::limits::Limit;

/// One node of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// An element with its children.
    Element(Element),
    /// Character data, unescaped.
    Text(String),
    /// Markup written back verbatim (declaration, comment, CDATA, processing
    /// instruction, an entity the engine does not know).
    Raw(String),
    /// A template tag, by index into the part's tag table; written as the tag's Tera
    /// source, unescaped.
    Tag(usize),
}

/// An element: its raw start tag, its local name and its children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// The start tag's inner text, as in the source: `w:t xml:space="preserve"`.
    pub raw: String,
    /// Length of the qualified name at the start of `raw`.
    pub name_len: usize,
    /// Children in order.
    pub children: Vec<Node>,
    /// Written as `<x/>` when it has no children.
    pub empty: bool,
}

impl Element {
    /// The qualified name (`w:p`).
    pub fn name(&self) -> &str {
        &self.raw[..self.name_len]
    }

    /// The value of an attribute, by qualified name, unescaped only for the
    /// predefined entities (enough for OOXML's numeric and keyword values).
    pub fn attr(&self, qname: &str) -> Option<String> {
        let rest = &self.raw[self.name_len..];
        let mut search = 0;
        while let Some(pos) = rest[search..].find(qname) {
            let at = search + pos;
            let before_ok = at == 0 || rest.as_bytes()[at - 1].is_ascii_whitespace();
            let after = rest[at + qname.len()..].trim_start();
            if before_ok && after.starts_with('=') {
                let after = after[1..].trim_start();
                let quote = after.chars().next()?;
                if quote == '"' || quote == '\'' {
                    let body = &after[1..];
                    let end = body.find(quote)?;
                    return Some(unescape_basic(&body[..end]));
                }
            }
            search = at + qname.len();
        }
        None
    }

    /// A new element with the given start tag and no children.
    pub fn new(raw: &str) -> Element {
        let name_len = raw
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(raw.len());
        Element {
            raw: raw.to_string(),
            name_len,
            children: Vec::new(),
            empty: true,
        }
    }

    /// Children that are elements named `qname`.
    pub fn child_elements<'a>(&'a self, qname: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter_map(move |n| match n {
            Node::Element(e) if e.name() == qname => Some(e),
            _ => None,
        })
    }

    /// The first child element named `qname`.
    pub fn child(&self, qname: &str) -> Option<&Element> {
        self.children.iter().find_map(|n| match n {
            Node::Element(e) if e.name() == qname => Some(e),
            _ => None,
        })
    }

    /// The first child element named `qname`, mutable.
    pub fn child_mut(&mut self, qname: &str) -> Option<&mut Element> {
        self.children.iter_mut().find_map(|n| match n {
            Node::Element(e) if e.name() == qname => Some(e),
            _ => None,
        })
    }

    /// Child elements, in order (text and other nodes skipped).
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            _ => None,
        })
    }

    /// Child elements, in order, mutable.
    pub fn elements_mut(&mut self) -> impl Iterator<Item = &mut Element> {
        self.children.iter_mut().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            _ => None,
        })
    }

    /// The first child element named `qname`, appended (empty) when there is none.
    pub fn child_or_insert(&mut self, qname: &str) -> &mut Element {
        let at = self
            .children
            .iter()
            .position(|n| matches!(n, Node::Element(e) if e.name() == qname));
        let at = at.unwrap_or_else(|| {
            self.push(Element::new(qname));
            self.children.len() - 1
        });
        match &mut self.children[at] {
            Node::Element(e) => e,
            _ => unreachable!("the position of an element"),
        }
    }

    /// Appends a child element (the element is then written with an end tag).
    pub fn push(&mut self, child: Element) {
        self.children.push(Node::Element(child));
        self.empty = false;
    }

    /// The attributes in source order: qualified name and value as written (still
    /// escaped). An attribute the tokenizer cannot read ends the list.
    pub fn attrs(&self) -> Vec<(String, String)> {
        let start = quick_xml::events::BytesStart::from_content(self.raw.as_str(), self.name_len);
        start
            .attributes()
            .map_while(Result::ok)
            .map(|a| {
                (
                    String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                    String::from_utf8_lossy(&a.value).into_owned(),
                )
            })
            .collect()
    }

    /// Sets an attribute to `value` (escaped here), in place when it exists,
    /// appended otherwise.
    pub fn set_attr(&mut self, qname: &str, value: &str) {
        let mut escaped = String::with_capacity(value.len());
        escape_attr(value, &mut escaped);
        let mut attrs = self.attrs();
        match attrs.iter_mut().find(|(k, _)| k == qname) {
            Some(a) => a.1 = escaped,
            None => attrs.push((qname.to_string(), escaped)),
        }
        self.set_attrs(&attrs);
    }

    /// Keeps the attributes whose qualified name `keep` accepts; the start tag is
    /// rewritten only when one goes.
    pub fn retain_attrs(&mut self, mut keep: impl FnMut(&str) -> bool) {
        let attrs = self.attrs();
        let kept: Vec<(String, String)> = attrs.iter().filter(|(k, _)| keep(k)).cloned().collect();
        if kept.len() != attrs.len() {
            self.set_attrs(&kept);
        }
    }

    /// Rewrites the start tag as the name and `attrs` (escaped values), each as
    /// ` name="value"`.
    fn set_attrs(&mut self, attrs: &[(String, String)]) {
        let mut raw = self.name().to_string();
        for (k, v) in attrs {
            raw.push(' ');
            raw.push_str(k);
            raw.push_str("=\"");
            // A value read from single quotes may hold a double quote.
            raw.push_str(&v.replace('"', "&quot;"));
            raw.push('"');
        }
        self.raw = raw;
    }

    /// Visits this element and every element below it, parents first, in document
    /// order. Iterative: a deep tree does not exhaust the stack.
    pub fn walk(&self, f: &mut dyn FnMut(&Element)) {
        let mut stack = vec![self];
        while let Some(e) = stack.pop() {
            f(e);
            stack.extend(e.elements().collect::<Vec<_>>().into_iter().rev());
        }
    }

    /// Visits this element and every element below it, parents first, in document
    /// order, mutably (`f` may change an element's children before they are
    /// visited). Iterative, like [`Element::walk`].
    pub fn walk_mut(&mut self, f: &mut dyn FnMut(&mut Element)) {
        let mut stack = vec![self];
        while let Some(e) = stack.pop() {
            f(e);
            let at = stack.len();
            stack.extend(e.elements_mut());
            stack[at..].reverse();
        }
    }

    /// The text of every `w:t` below this element, concatenated (what Word shows
    /// of a paragraph or a cell, tabs and breaks aside).
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.walk(&mut |e| {
            if e.name() == "w:t" {
                for n in &e.children {
                    if let Node::Text(t) = n {
                        out.push_str(t);
                    }
                }
            }
        });
        out
    }

    /// Ensures `xml:space="preserve"` (leading and trailing spaces of a value must
    /// survive in a `w:t`).
    pub fn preserve_space(&mut self) {
        if !self.raw.contains("xml:space") {
            self.raw.push_str(" xml:space=\"preserve\"");
        }
    }
}

fn unescape_basic(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Why a part is not well-formed XML, or nests deeper than allowed, with the byte
/// position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not well-formed XML at byte {position}: {reason}")]
pub struct XmlError {
    /// Byte offset in the part.
    pub position: u64,
    /// What the parser said.
    pub reason: String,
    /// The limit the part breaks ([`Limit::XmlDepth`]), when that is what is wrong
    /// rather than the XML itself.
    pub limit: Option<Limit>,
}

impl XmlError {
    fn too_deep(position: u64, max_depth: usize) -> XmlError {
        XmlError {
            position,
            reason: format!(
                "elements nested deeper than the limit of {max_depth} ({})",
                Limit::XmlDepth
            ),
            limit: Some(Limit::XmlDepth),
        }
    }
}

/// Parses a whole part into a list of top-level nodes.
pub fn parse(text: &str, max_depth: usize) -> Result<Vec<Node>, XmlError> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().trim_text(false);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut top: Vec<Node> = Vec::new();
    let err = |reader: &quick_xml::Reader<&[u8]>, reason: String| XmlError {
        position: reader.buffer_position(),
        reason,
        limit: None,
    };
    fn push(stack: &mut [Element], top: &mut Vec<Node>, node: Node) {
        let list = match stack.last_mut() {
            Some(e) => &mut e.children,
            None => top,
        };
        if let Node::Text(t) = &node
            && let Some(Node::Text(prev)) = list.last_mut()
        {
            prev.push_str(t);
            return;
        }
        list.push(node);
    }
    loop {
        let event = reader
            .read_event()
            .map_err(|e| err(&reader, e.to_string()))?;
        match event {
            Event::Start(s) => {
                if stack.len() >= max_depth {
                    return Err(XmlError::too_deep(reader.buffer_position(), max_depth));
                }
                let raw = decode(&s)?;
                let name_len = s.name().as_ref().len();
                stack.push(Element {
                    raw,
                    name_len,
                    children: Vec::new(),
                    empty: false,
                });
            }
            Event::Empty(s) => {
                let raw = decode(&s)?;
                let name_len = s.name().as_ref().len();
                push(
                    &mut stack,
                    &mut top,
                    Node::Element(Element {
                        raw,
                        name_len,
                        children: Vec::new(),
                        empty: true,
                    }),
                );
            }
            Event::End(_) => {
                let Some(done) = stack.pop() else {
                    return Err(err(&reader, "unexpected end tag".into()));
                };
                push(&mut stack, &mut top, Node::Element(done));
            }
            Event::Text(t) => {
                let s = t.decode().map_err(|e| err(&reader, e.to_string()))?;
                push(&mut stack, &mut top, Node::Text(s.into_owned()));
            }
            Event::GeneralRef(r) => {
                let node = match r.resolve_char_ref() {
                    Ok(Some(c)) => Node::Text(c.to_string()),
                    Ok(None) => {
                        let name = r.decode().map_err(|e| err(&reader, e.to_string()))?;
                        match &*name {
                            "amp" => Node::Text("&".into()),
                            "lt" => Node::Text("<".into()),
                            "gt" => Node::Text(">".into()),
                            "quot" => Node::Text("\"".into()),
                            "apos" => Node::Text("'".into()),
                            other => return Err(err(&reader, undefined_entity(other))),
                        }
                    }
                    Err(e) => return Err(err(&reader, e.to_string())),
                };
                push(&mut stack, &mut top, node);
            }
            Event::CData(c) => {
                let s = std::str::from_utf8(&c).map_err(|e| err(&reader, e.to_string()))?;
                push(&mut stack, &mut top, Node::Raw(format!("<![CDATA[{s}]]>")));
            }
            Event::Comment(c) => {
                let s = std::str::from_utf8(&c).map_err(|e| err(&reader, e.to_string()))?;
                push(&mut stack, &mut top, Node::Raw(format!("<!--{s}-->")));
            }
            Event::Decl(d) => {
                let s = std::str::from_utf8(&d).map_err(|e| err(&reader, e.to_string()))?;
                push(&mut stack, &mut top, Node::Raw(format!("<?{s}?>")));
            }
            Event::PI(p) => {
                let s = std::str::from_utf8(&p).map_err(|e| err(&reader, e.to_string()))?;
                push(&mut stack, &mut top, Node::Raw(format!("<?{s}?>")));
            }
            Event::DocType(_) => return Err(err(&reader, DOCTYPE.into())),
            Event::Eof => break,
        }
    }
    if let Some(open) = stack.last() {
        return Err(err(&reader, format!("`<{}>` is never closed", open.name())));
    }
    Ok(top)
}

/// The root element of a parsed part (the first top-level element).
pub fn root(nodes: &[Node]) -> Option<&Element> {
    nodes.iter().find_map(|n| match n {
        Node::Element(e) => Some(e),
        _ => None,
    })
}

/// The root element of a parsed part, mutable.
pub fn root_mut(nodes: &mut [Node]) -> Option<&mut Element> {
    nodes.iter_mut().find_map(|n| match n {
        Node::Element(e) => Some(e),
        _ => None,
    })
}

/// Office parts never declare a DOCTYPE; entity declarations are how entity
/// expansion attacks ("billion laughs") start, and Word refuses them anyway.
const DOCTYPE: &str =
    "it declares a DOCTYPE (entity declarations), which Word documents never have";

fn undefined_entity(name: &str) -> String {
    format!("`&{name};` is not an XML entity (only &amp; &lt; &gt; &quot; &apos; exist)")
}

/// Checks that a part is well-formed, under the same rules as [`parse`], without
/// building it: for the parts the engine copies untouched, so a template whose
/// body is not XML is refused rather than copied into a document Word cannot open.
pub fn check_part(text: &str, max_depth: usize) -> Result<(), XmlError> {
    check_part_tables(text, max_depth, false).map(|_| ())
}

/// As [`check_part`]; with `tables`, the same pass also tells whether a table has
/// no row or a cell does not end with a paragraph (what a loop over nothing can
/// leave, and Word refuses to open). One pass over a rendered part instead of two:
/// the second cost a fifth of a 100,000-row render (issue 17).
///
/// A rendered part is first read by a byte scanner (`fast_check`) that accepts
/// only what quick-xml accepts and gives up on anything out of the ordinary; only
/// then (and for every part with a fault, so the error is the same as before) is
/// it read again with quick-xml.
pub fn check_part_tables(text: &str, max_depth: usize, tables: bool) -> Result<bool, XmlError> {
    match fast_check(text, max_depth, tables) {
        Some(needs) => Ok(needs),
        None => read_part_tables(text, max_depth, tables),
    }
}

/// [`check_part_tables`] with quick-xml: the reference, and the words of every
/// error.
fn read_part_tables(text: &str, max_depth: usize, tables: bool) -> Result<bool, XmlError> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let err = |reader: &quick_xml::Reader<&[u8]>, reason: String| XmlError {
        position: reader.buffer_position(),
        reason,
        limit: None,
    };
    let mut depth = 0usize;
    let mut roots = 0usize;
    let mut watch = TableWatch::new(tables);
    loop {
        match reader
            .read_event()
            .map_err(|e| err(&reader, e.to_string()))?
        {
            Event::Start(e) => {
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
                if depth > max_depth {
                    return Err(XmlError::too_deep(reader.buffer_position(), max_depth));
                }
                watch.start(e.name().as_ref());
            }
            Event::Empty(e) => {
                if depth == 0 {
                    roots += 1;
                }
                watch.empty(e.name().as_ref());
            }
            Event::End(_) => {
                if depth == 0 {
                    return Err(err(&reader, "unexpected end tag".into()));
                }
                depth -= 1;
                watch.end();
            }
            Event::Text(t) if depth == 0 && !t.iter().all(u8::is_ascii_whitespace) => {
                return Err(err(&reader, "text outside the root element".into()));
            }
            Event::GeneralRef(r) => {
                let is_char = r
                    .resolve_char_ref()
                    .map_err(|e| err(&reader, e.to_string()))?
                    .is_some();
                let name = r.decode().map_err(|e| err(&reader, e.to_string()))?;
                if !is_char && !matches!(&*name, "amp" | "lt" | "gt" | "quot" | "apos") {
                    return Err(err(&reader, undefined_entity(&name)));
                }
            }
            Event::DocType(_) => return Err(err(&reader, DOCTYPE.into())),
            Event::Eof => break,
            _ => {}
        }
    }
    if depth > 0 {
        return Err(err(&reader, "an element is never closed".into()));
    }
    if roots != 1 {
        return Err(err(&reader, "no root element".into()));
    }
    Ok(watch.needs)
}

/// Watches the tables of a part as it is read: a table without a row, or a cell
/// whose last block is not a paragraph, needs the repair pass. Names as small
/// codes: this runs over every element of large outputs, so it allocates nothing
/// per element.
struct TableWatch {
    on: bool,
    stack: Vec<Frame>,
    needs: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Table,
    Row,
    Cell,
    Paragraph,
    CellProperties,
    Other,
}

struct Frame {
    kind: Kind,
    last_block: Option<Kind>,
    has_row: bool,
}

impl TableWatch {
    fn new(on: bool) -> TableWatch {
        TableWatch {
            on,
            stack: Vec::with_capacity(if on { 64 } else { 0 }),
            needs: false,
        }
    }

    fn kind(name: &[u8]) -> Kind {
        match name {
            b"w:tbl" => Kind::Table,
            b"w:tr" => Kind::Row,
            b"w:tc" => Kind::Cell,
            b"w:p" => Kind::Paragraph,
            b"w:tcPr" => Kind::CellProperties,
            _ => Kind::Other,
        }
    }

    fn note_child(&mut self, child: Kind) {
        if let Some(top) = self.stack.last_mut()
            && child != Kind::CellProperties
        {
            top.last_block = Some(child);
        }
    }

    #[inline]
    fn start(&mut self, name: &[u8]) {
        if self.on {
            let k = Self::kind(name);
            self.note_child(k);
            self.stack.push(Frame {
                kind: k,
                last_block: None,
                has_row: false,
            });
        }
    }

    #[inline]
    fn empty(&mut self, name: &[u8]) {
        if self.on {
            self.note_child(Self::kind(name));
        }
    }

    #[inline]
    fn end(&mut self) {
        if let Some(frame) = self.stack.pop() {
            match frame.kind {
                Kind::Table if !frame.has_row => self.needs = true,
                Kind::Cell if frame.last_block != Some(Kind::Paragraph) => self.needs = true,
                Kind::Row => {
                    if let Some(parent) = self.stack.last_mut() {
                        parent.has_row = true;
                    }
                }
                _ => {}
            }
        }
    }
}

/// The fast path of [`check_part_tables`]: `Some(needs)` when the part is surely
/// well-formed under its rules, `None` when it is not or when the scanner is not
/// sure (comments, CDATA, DOCTYPE, character references, unusual names, end tags
/// with spaces, too deep): the caller then reads it with quick-xml, which
/// decides, and words the error.
///
/// It is stricter than quick-xml, never more lenient: start tags end at the first
/// `>` outside quotes as in quick-xml, names are ASCII name characters, an end tag
/// must be exactly `</name>` of the open element, `&` must begin one of the five
/// predefined entities, and no text but whitespace stands outside the root.
fn fast_check(text: &str, max_depth: usize, tables: bool) -> Option<bool> {
    /// ASCII name characters: letters, digits, `:`, `_`, `-`, `.`.
    const NAME: [bool; 256] = {
        let mut t = [false; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            t[b] = c.is_ascii_alphanumeric() || matches!(c, b':' | b'_' | b'-' | b'.');
            b += 1;
        }
        t
    };
    fn blank(b: u8) -> bool {
        matches!(b, b' ' | b'\t' | b'\r' | b'\n')
    }
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut open: Vec<(usize, usize)> = Vec::with_capacity(64);
    let mut watch = TableWatch::new(tables);
    let mut roots = 0usize;
    let mut at = 0usize;
    while at < n {
        if bytes[at] != b'<' {
            // Text, up to the next markup or reference.
            // Text, up to the next markup or reference: mostly a line break or
            // a short value, looked at directly before calling into `memchr`.
            let mut next = at;
            while next < n && next < at + 16 && !matches!(bytes[next], b'<' | b'&') {
                next += 1;
            }
            if next == at + 16 {
                next = match memchr::memchr2(b'<', b'&', &bytes[next..]) {
                    Some(found) => next + found,
                    None => n,
                };
            }
            if open.is_empty() && !bytes[at..next].iter().all(|&b| blank(b)) {
                return None;
            }
            if next == n {
                break;
            }
            if bytes[next] == b'&' {
                if open.is_empty() {
                    return None;
                }
                let rest = &bytes[next + 1..];
                let len = [&b"amp;"[..], b"lt;", b"gt;", b"quot;", b"apos;"]
                    .iter()
                    .find(|e| rest.starts_with(e))?
                    .len();
                at = next + 1 + len;
                continue;
            }
            at = next;
        }
        // Markup at `at`.
        let lead = *bytes.get(at + 1)?;
        if lead == b'/' {
            let (start, len) = open.pop()?;
            let name_at = at + 2;
            if bytes.get(name_at..name_at + len)? != &bytes[start..start + len]
                || *bytes.get(name_at + len)? != b'>'
            {
                return None;
            }
            watch.end();
            at = name_at + len + 1;
        } else if NAME[usize::from(lead)] {
            let name_at = at + 1;
            let mut i = name_at + 1;
            while i < n && NAME[usize::from(bytes[i])] {
                i += 1;
            }
            let name_len = i - name_at;
            let (close, empty) = match *bytes.get(i)? {
                b'>' => (i, false),
                b'/' if bytes.get(i + 1) == Some(&b'>') => (i + 1, true),
                b if blank(b) => {
                    // Attributes: the tag ends at the first `>` outside quotes.
                    let mut j = i + 1;
                    loop {
                        j = find_quote_or_close(bytes, j)?;
                        let c = bytes[j];
                        if c == b'>' {
                            break;
                        }
                        j = find_byte(bytes, j + 1, c)? + 1;
                    }
                    (j, bytes[j - 1] == b'/')
                }
                _ => return None,
            };
            if open.is_empty() {
                roots += 1;
            }
            let name = &bytes[name_at..i];
            if empty {
                watch.empty(name);
            } else {
                if open.len() >= max_depth {
                    return None;
                }
                open.push((name_at, name_len));
                watch.start(name);
            }
            at = close + 1;
        } else if lead == b'?' {
            let end = memchr::memmem::find(&bytes[at + 2..], b"?>")?;
            at = at + 2 + end + 2;
        } else {
            return None;
        }
    }
    (open.is_empty() && roots == 1).then_some(watch.needs)
}

/// Eight bytes at a time: a byte repeated in every lane of a word.
const LANES: u64 = 0x0101_0101_0101_0101;

/// The high bit of each zero byte of `v` (and possibly of bytes above a zero
/// one, through a borrow): the lowest set bit always marks a true zero byte.
#[inline]
fn zero_lanes(v: u64) -> u64 {
    v.wrapping_sub(LANES) & !v & (LANES << 7)
}

/// The eight bytes at `at`, when there are eight.
#[inline]
fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk: [u8; 8] = bytes.get(at..at + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// The first `"`, `'` or `>` from `at`, eight bytes at a time. Attribute values
/// are short: a call into `memchr` per value cost more than it saved
/// (docs/performance.md); this loop stays inline.
#[inline]
fn find_quote_or_close(bytes: &[u8], mut at: usize) -> Option<usize> {
    while let Some(w) = word_at(bytes, at) {
        let found = zero_lanes(w ^ (LANES * u64::from(b'"')))
            | zero_lanes(w ^ (LANES * u64::from(b'\'')))
            | zero_lanes(w ^ (LANES * u64::from(b'>')));
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let rest = bytes.get(at..)?;
    rest.iter()
        .position(|b| matches!(b, b'"' | b'\'' | b'>'))
        .map(|i| at + i)
}

/// The first `byte` from `at`, eight bytes at a time.
#[inline]
fn find_byte(bytes: &[u8], mut at: usize, byte: u8) -> Option<usize> {
    while let Some(w) = word_at(bytes, at) {
        let found = zero_lanes(w ^ (LANES * u64::from(byte)));
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let rest = bytes.get(at..)?;
    rest.iter().position(|&b| b == byte).map(|i| at + i)
}

fn decode(s: &quick_xml::events::BytesStart<'_>) -> Result<String, XmlError> {
    std::str::from_utf8(s)
        .map(str::to_string)
        .map_err(|e| XmlError {
            position: 0,
            reason: e.to_string(),
            limit: None,
        })
}

/// Escapes text for an XML text node.
pub fn escape_text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if !xml_char(c) => {}
            _ => out.push(c),
        }
    }
}

/// True for a character XML 1.0 allows in a document (its production `Char`):
/// tab, line feed, carriage return, and everything from U+0020 but the
/// non-characters U+FFFE and U+FFFF (surrogates cannot be in a `char`). Word and
/// LibreOffice refuse a part holding any other, so escaping drops them: a NUL or a
/// U+FFFE typed into a template or a value never reaches the output.
pub fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes text for an attribute value in double quotes.
pub fn escape_attr(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if !xml_char(c) => {}
            _ => out.push(c),
        }
    }
}

/// Writes nodes back as XML. `tag_source` writes the Tera source of a tag node.
/// Outside tags, a `{` that would start a Tera delimiter (in attributes, field
/// codes, deleted text) is written as `&#123;`.
pub fn write(nodes: &[Node], out: &mut String, tag_source: &mut dyn FnMut(usize, &mut String)) {
    write_with(nodes, out, tag_source, true);
}

fn write_with(
    nodes: &[Node],
    out: &mut String,
    tag_source: &mut dyn FnMut(usize, &mut String),
    guarded: bool,
) {
    let guard = |s: &str, out: &mut String| {
        if guarded {
            guard(s, out)
        } else {
            out.push_str(s)
        }
    };
    // An explicit stack of open elements rather than recursion: however deep the
    // tree, writing it does not exhaust the thread's stack.
    let mut open: Vec<(std::slice::Iter<'_, Node>, Option<&Element>)> = vec![(nodes.iter(), None)];
    while let Some((siblings, _)) = open.last_mut() {
        let Some(node) = siblings.next() else {
            if let Some((_, Some(e))) = open.pop() {
                out.push_str("</");
                out.push_str(e.name());
                out.push('>');
            }
            continue;
        };
        match node {
            Node::Element(e) => {
                out.push('<');
                guard(&e.raw, out);
                if e.children.is_empty() && e.empty {
                    out.push_str("/>");
                } else {
                    out.push('>');
                    open.push((e.children.iter(), Some(e)));
                }
            }
            Node::Text(t) => {
                let mut escaped = String::with_capacity(t.len());
                escape_text(t, &mut escaped);
                guard(&escaped, out);
            }
            Node::Raw(r) => guard(r, out),
            Node::Tag(i) => tag_source(*i, out),
        }
    }
}

/// Copies `s`, turning a `{` that starts `{{`, `{%` or `{#` into a character
/// reference so Tera does not read it as a tag (XML reads it back as `{`).
fn guard(s: &str, out: &mut String) {
    if !s.contains('{') {
        out.push_str(s);
        return;
    }
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '{' && matches!(chars.peek(), Some('{' | '%' | '#')) {
            out.push_str("&#123;");
        } else {
            out.push(c);
        }
    }
}

/// Writes nodes with no tags (a plain serialisation of a rendered part).
pub fn to_string(nodes: &[Node]) -> String {
    let mut out = String::new();
    write_with(nodes, &mut out, &mut |_, _| {}, false);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_check_never_accepts_what_quick_xml_refuses() {
        let ok = [
            ("<a/>", false),
            (
                "<?xml version=\"1.0\"?>\r\n<w:document><w:body><w:p/></w:body></w:document>",
                false,
            ),
            (
                "<a x=\"1\" y='2>'>t &amp; &lt; &gt; &quot; &apos; ></a>\n",
                false,
            ),
            ("<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>", false),
            ("<w:tbl><w:tblPr/></w:tbl>", true),
            ("<w:tbl><w:tr><w:tc><w:tcPr/></w:tc></w:tr></w:tbl>", true),
            (
                "<w:tbl><w:tr><w:tc><w:p/><w:tbl/></w:tc></w:tr></w:tbl>",
                true,
            ),
            ("<a><b x=\"/\"></b><c x=/></a>", false),
            // Attribute values across the eight-byte steps of the scan.
            (
                "<w:t xml:space=\"preserve\" w:long='a > b \" c &gt; d'>x</w:t>",
                false,
            ),
            ("<a b=\"12345678\" c='1234567>' d=\"\"/>", false),
        ];
        for (text, needs) in ok {
            assert_eq!(fast_check(text, 64, true), Some(needs), "{text}");
            assert_eq!(read_part_tables(text, 64, true).ok(), Some(needs), "{text}");
        }
        let unsure = [
            "",
            "  ",
            "<a>",
            "</a>",
            "<a></b>",
            "<a></a >",
            "<a/><b/>",
            "x<a/>",
            "<a/>x",
            "<a>&unknown;</a>",
            "<a>&#65;</a>",
            "<a>& b</a>",
            "<a>&amp</a>",
            "<a><!-- c --></a>",
            "<a><![CDATA[x]]></a>",
            "<!DOCTYPE a><a/>",
            "<a x=\"1></a>",
            "< a/>",
            "<a/ >",
            "\u{FEFF}<a/>",
            "<a><b><c/></b></a>",
            "<?xml",
            "<a x='1\">",
            "<a><</a>",
            "&amp;<a/>",
            "<a b=\"12345678",
            "<a b='1234567\">",
            "<a bbbbbbbbbbbbbbbbbbbbbbb",
        ];
        for text in unsure {
            let fast = fast_check(text, 2, true);
            if let Some(needs) = fast {
                assert_eq!(read_part_tables(text, 2, true).ok(), Some(needs), "{text}");
            }
            assert_eq!(
                check_part_tables(text, 2, true).map_err(|e| e.reason),
                read_part_tables(text, 2, true).map_err(|e| e.reason),
                "{text}"
            );
        }
    }

    #[test]
    fn the_fast_check_agrees_with_quick_xml_on_generated_markup() {
        // Strings put together from pieces of markup, quotes and text, of every
        // length across the scanner's eight-byte steps: whatever the fast check
        // accepts, quick-xml accepts with the same answer.
        let pieces = [
            "<a", "<w:tbl", "<w:tr", "<w:tc", "<w:p", "</a>", "</w:tbl>", "</w:tr>", "</w:tc>",
            "</w:p>", ">", "/>", " x=\"", " y='", "\"", "'", "&amp;", "&", "text", " ", "\n",
            "12345678", "<?x ?>", "é",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut accepted = 0;
        for _ in 0..200_000 {
            let len = 1 + (next() % 14) as usize;
            let text: String = (0..len)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            if let Some(needs) = fast_check(&text, 8, true) {
                accepted += 1;
                assert_eq!(read_part_tables(&text, 8, true).ok(), Some(needs), "{text}");
            }
        }
        // The generator reaches well-formed markup often enough to test it.
        assert!(accepted > 100, "{accepted}");
    }

    #[test]
    fn characters_xml_forbids_are_dropped_when_escaping() {
        let mut text = String::new();
        escape_text("a\u{0}b\u{FFFE}c\u{1}\td\u{FFFF}<é😀", &mut text);
        assert_eq!(text, "abc\td&lt;é😀");
        let mut attr = String::new();
        escape_attr("x\u{B}\"y\u{FFFE}", &mut attr);
        assert_eq!(attr, "x&quot;y");
        for (c, allowed) in [
            ('\u{0}', false),
            ('\u{8}', false),
            ('\t', true),
            ('\u{1F}', false),
            (' ', true),
            ('\u{FFFD}', true),
            ('\u{FFFE}', false),
            ('\u{10000}', true),
        ] {
            assert_eq!(xml_char(c), allowed, "{:?}", c);
        }
    }

    #[test]
    fn round_trips_and_folds_entities_into_text() {
        let src = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="x"><w:body><w:p><w:r><w:t xml:space="preserve">{{ a &gt; b }} &amp; c</w:t></w:r><w:r/><!-- c --></w:p></w:body></w:document>"#;
        let nodes = parse(src, 64).unwrap();
        assert_eq!(to_string(&nodes), src);
        let mut guarded = String::new();
        write(&nodes, &mut guarded, &mut |_, _| {});
        assert_eq!(guarded, src.replace("{{", "&#123;{"));
        let Node::Element(doc) = &nodes[2] else {
            panic!("{nodes:?}")
        };
        let t = doc.child("w:body").unwrap().child("w:p").unwrap();
        let t = t.child("w:r").unwrap().child("w:t").unwrap();
        assert_eq!(t.children, vec![Node::Text("{{ a > b }} & c".into())]);
        assert_eq!(t.attr("xml:space").as_deref(), Some("preserve"));
    }

    #[test]
    fn attributes_are_read_set_and_removed_in_the_start_tag() {
        type Edit = fn(&mut Element);
        // (start tag, edit, start tag after)
        let cases: [(&str, Edit, &str); 4] = [
            (
                r#"w:tcW w:w="10" w:type="dxa""#,
                |e| e.set_attr("w:w", "20"),
                r#"w:tcW w:w="20" w:type="dxa""#,
            ),
            (
                "w:tcW",
                |e| e.set_attr("w:w", "a<\"&"),
                r#"w:tcW w:w="a&lt;&quot;&amp;""#,
            ),
            (
                r#"w:p  w14:paraId="1" w:rsidR='x"y'"#,
                |e| e.retain_attrs(|k| k != "w14:paraId"),
                r#"w:p w:rsidR="x&quot;y""#,
            ),
            (
                "w:p\n w:rsidR=\"1\"",
                |e| e.retain_attrs(|_| true),
                "w:p\n w:rsidR=\"1\"",
            ),
        ];
        for (raw, edit, want) in cases {
            let mut e = Element::new(raw);
            edit(&mut e);
            assert_eq!(e.raw, want, "{raw}");
        }
        let e = Element::new(r#"w:gridCol w:w="10" w:type="dxa""#);
        assert_eq!(
            e.attrs(),
            [
                ("w:w".to_string(), "10".to_string()),
                ("w:type".to_string(), "dxa".to_string())
            ]
        );
    }

    #[test]
    fn walks_in_document_order_and_finds_or_inserts_children() {
        let src = "<a><b><c/></b><d/>x</a>";
        let mut nodes = parse(src, 64).unwrap();
        let Node::Element(a) = &mut nodes[0] else {
            panic!()
        };
        let mut seen = Vec::new();
        a.walk(&mut |e| seen.push(e.name().to_string()));
        assert_eq!(seen, ["a", "b", "c", "d"]);
        a.walk_mut(&mut |e| {
            if e.name() == "b" {
                e.child_or_insert("c").push(Element::new("e"));
                e.child_or_insert("f");
            }
        });
        assert_eq!(to_string(&nodes), "<a><b><c><e/></c><f/></b><d/>x</a>");
    }

    #[test]
    fn writing_a_deep_tree_does_not_recurse() {
        let depth = 200_000;
        let src = format!("{}{}", "<x>".repeat(depth), "</x>".repeat(depth));
        let nodes = parse(&src, depth).unwrap();
        assert_eq!(to_string(&nodes), src);
        // Dropping the tree recurses (Vec's drop): leaked here, as only a caller
        // that raised the depth limit this far would meet it.
        std::mem::forget(nodes);
    }

    #[test]
    fn refuses_broken_and_too_deep_xml() {
        assert!(parse("<a><b></a>", 64).is_err());
        assert!(parse("<a>", 64).is_err());
        assert!(parse("<a><a><a></a></a></a>", 2).is_err());
        assert!(check_part("<a><b></b></a>", 64).is_ok());
        assert!(check_part("<a><b></a>", 64).is_err());
        let too_deep = check_part("<a><a><a></a></a></a>", 2).unwrap_err();
        assert_eq!(too_deep.limit, Some(Limit::XmlDepth));
    }
}
