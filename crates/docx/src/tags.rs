//! Finding the tags in a part and turning the part into one Tera template.
//!
//! Word splits typed text into runs at every spell-check mark, edit id, bookmark or
//! formatting change, so a tag is looked for in the text of a whole paragraph. Once
//! found, its text is moved into the `w:t` that holds its first character (the value
//! takes that character's formatting) and removed from the others. Curly quotes that
//! autocorrect typed inside a tag become straight ones. Structural tags (`{%p %}`,
//! `{%tr %}`, `{%tc %}`, `{%r %}` and the `{#… #}` forms) then replace the paragraph,
//! row, cell or run that holds them.

use std::fmt;
use std::ops::Range;

use super::xml::{Element, Node};

/// What a tag does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagKind {
    /// `{{ expr }}`: prints a value.
    Print,
    /// `{% … %}`: control flow (`if`, `for`, `set`, …).
    Block,
    /// `{# … #}`: a comment, removed.
    Comment,
}

impl fmt::Display for TagKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TagKind::Print => "value",
            TagKind::Block => "block",
            TagKind::Comment => "comment",
        })
    }
}

/// The element a structural tag replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// `{%r %}`: the run (`w:r`).
    Run,
    /// `{%p %}`: the paragraph (`w:p`).
    Paragraph,
    /// `{%tc %}`: the table cell (`w:tc`).
    Cell,
    /// `{%tr %}`: the table row (`w:tr`).
    Row,
}

impl Level {
    fn element(self) -> &'static str {
        match self {
            Level::Run => "w:r",
            Level::Paragraph => "w:p",
            Level::Cell => "w:tc",
            Level::Row => "w:tr",
        }
    }

    /// The prefix written after `{%` or `{#`.
    pub fn prefix(self) -> &'static str {
        match self {
            Level::Run => "r",
            Level::Paragraph => "p",
            Level::Cell => "tc",
            Level::Row => "tr",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Level::Run => "run",
            Level::Paragraph => "paragraph",
            Level::Cell => "table cell",
            Level::Row => "table row",
        }
    }
}

/// Where a tag is, in words a template's author can follow in Word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The part, as a user names it: `body`, `header 1`, `footnotes`, `document properties`.
    pub part: String,
    /// Paragraph number in the part, counting every paragraph (1-based).
    pub paragraph: usize,
    /// Table, row and cell numbers (1-based) when the paragraph is in a table.
    pub cell: Option<(usize, usize, usize)>,
    /// The paragraph's text, cut to a few hundred bytes around the tag.
    pub text: String,
    /// Byte range of the tag in `text`.
    pub span: Range<usize>,
    /// True when `paragraph` counts lines of a plain text rather than paragraphs.
    pub by_line: bool,
}

impl Location {
    /// `body › paragraph 3` or `body › table 1, row 2, cell 3 › paragraph 7`.
    pub fn place(&self) -> String {
        if self.by_line {
            return format!("{} › line {}", self.part, self.paragraph);
        }
        match self.cell {
            Some((t, r, c)) => format!(
                "{} › table {t}, row {r}, cell {c} › paragraph {}",
                self.part, self.paragraph
            ),
            None => format!("{} › paragraph {}", self.part, self.paragraph),
        }
    }

    /// The paragraph's text with the tag marked `▶…◀`, shortened around the tag.
    pub fn marked_text(&self) -> String {
        const CONTEXT: usize = 40;
        let text = &self.text;
        let start = self.span.start.min(text.len());
        let end = self.span.end.clamp(start, text.len());
        let before = &text[..start];
        let after = &text[end..];
        let before_chars: Vec<char> = before.chars().collect();
        let before = if before_chars.len() > CONTEXT {
            format!(
                "…{}",
                before_chars[before_chars.len() - CONTEXT..]
                    .iter()
                    .collect::<String>()
            )
        } else {
            before.to_string()
        };
        let after_chars: Vec<char> = after.chars().collect();
        let after = if after_chars.len() > CONTEXT {
            format!("{}…", after_chars[..CONTEXT].iter().collect::<String>())
        } else {
            after.to_string()
        };
        format!("{before}▶{}◀{after}", &text[start..end])
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.place())
    }
}

/// One tag found in a part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Value, block or comment.
    pub kind: TagKind,
    /// For structural tags, the element it replaces.
    pub level: Option<Level>,
    /// The tag as typed (curly quotes straightened).
    pub text: String,
    /// The Tera source the tag becomes (structural prefix removed).
    pub source: String,
    /// Where it is.
    pub location: Location,
    /// For a rich-text tag (`{{r }}`, `{{p }}`), the `w:pPr` and `w:rPr` of the
    /// paragraph and run it replaced (XML, empty when none): rich text starts from
    /// that formatting.
    pub base: Option<(String, String)>,
    /// For a tag in a picture's name or description, its expression: the tag's
    /// source is the picture's `a:blip` pointing at the picture the value gives.
    pub picture: Option<String>,
}

/// A problem found while reading the tags, before Tera sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanProblem {
    /// What is wrong.
    pub message: String,
    /// Where.
    pub location: Location,
}

/// The tags of a part and its tree rewritten to hold them.
#[derive(Debug, Default)]
pub struct Scan {
    /// Every tag, in document order.
    pub tags: Vec<Tag>,
    /// Unclosed tags, structural tags outside their element.
    pub problems: Vec<ScanProblem>,
    /// Text dropped because a structural tag replaced the element holding it.
    pub dropped: Vec<ScanProblem>,
    /// How many escaped delimiters (`{_{`, …) were turned into text.
    pub literals: usize,
}

/// How the part's text is organised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// WordprocessingML: text in `w:t` inside runs and paragraphs.
    Word,
    /// Any other XML (document properties): each text node on its own.
    Plain,
}

#[derive(Default)]
struct Walk {
    part: String,
    paragraph: usize,
    tables: usize,
    table_stack: Vec<(usize, usize, usize)>,
    scan: Scan,
}

/// Finds the tags of a part, rewrites the tree so each tag is one [`Node::Tag`], and
/// lifts structural tags to the element they stand for.
pub fn scan(nodes: &mut Vec<Node>, part: &str, kind: PartKind) -> Scan {
    let mut walk = Walk {
        part: part.to_string(),
        ..Walk::default()
    };
    match kind {
        PartKind::Word => walk_word(nodes, &mut walk),
        PartKind::Plain => walk_plain(nodes, &mut walk),
    }
    let mut scan = walk.scan;
    if kind == PartKind::Word && scan.tags.iter().any(joins) {
        join_paragraphs(nodes, &scan.tags);
    }
    let mut dropped = Vec::new();
    let leftover = lift(nodes, &mut scan.tags, &mut dropped);
    scan.dropped = dropped;
    for id in leftover {
        let tag = &scan.tags[id];
        let level = tag.level.unwrap_or(Level::Paragraph);
        scan.problems.push(ScanProblem {
            message: format!(
                "`{}` is not inside a {}: a `{{%{} … %}}` tag replaces the {} that holds it",
                tag.text,
                level.noun(),
                level.prefix(),
                level.noun()
            ),
            location: tag.location.clone(),
        });
    }
    scan
}

fn walk_word(nodes: &mut [Node], w: &mut Walk) {
    for node in nodes.iter_mut() {
        let Node::Element(e) = node else { continue };
        match e.name() {
            "w:tbl" => {
                w.tables += 1;
                w.table_stack.push((w.tables, 0, 0));
                walk_word(&mut e.children, w);
                w.table_stack.pop();
            }
            "w:tr" => {
                if let Some(t) = w.table_stack.last_mut() {
                    t.1 += 1;
                    t.2 = 0;
                }
                walk_word(&mut e.children, w);
            }
            "w:tc" => {
                if let Some(t) = w.table_stack.last_mut() {
                    t.2 += 1;
                }
                walk_word(&mut e.children, w);
            }
            "w:p" => {
                w.paragraph += 1;
                paragraph(e, w);
                // Text boxes hold paragraphs inside runs.
                walk_word(&mut e.children, w);
            }
            "w:drawing" => {
                picture(e, w);
                walk_word(&mut e.children, w);
            }
            _ => walk_word(&mut e.children, w),
        }
    }
}

fn walk_plain(nodes: &mut [Node], w: &mut Walk) {
    for node in nodes.iter_mut() {
        let Node::Element(e) = node else { continue };
        let has_text = e
            .children
            .iter()
            .any(|c| matches!(c, Node::Text(t) if !t.trim().is_empty()));
        if has_text {
            w.paragraph += 1;
            let paragraph = w.paragraph;
            let texts: Vec<String> = e
                .children
                .iter()
                .map(|c| match c {
                    Node::Text(t) => t.clone(),
                    _ => String::new(),
                })
                .collect();
            let joined: String = texts.concat();
            if !joined.contains('{') && !joined.contains("_}") {
                continue;
            }
            let found = find_tags(&joined);
            let mut new_children = Vec::new();
            let mut pos = 0;
            for (i, child) in std::mem::take(&mut e.children).into_iter().enumerate() {
                let Node::Text(_) = child else {
                    new_children.push(child);
                    continue;
                };
                let len = texts[i].len();
                split_text(
                    &joined,
                    pos..pos + len,
                    &found,
                    w.scan.tags.len(),
                    &mut new_children,
                );
                pos += len;
            }
            e.children = new_children;
            register(&joined, found, w, paragraph, None);
        } else {
            walk_plain(&mut e.children, w);
        }
    }
}

/// A picture whose name or description (Word's Alt Text) holds a `{{ … }}` tag is
/// replaced by the picture the tag's value gives, in the same box: its `a:blip`
/// becomes a tag whose source points it at the new picture.
fn picture(drawing: &mut Element, w: &mut Walk) {
    let mut typed = None;
    drawing.walk(&mut |e| {
        if typed.is_none() && e.name() == "wp:docPr" {
            for attr in ["descr", "name", "title"] {
                let Some(value) = e.attr(attr) else { continue };
                if let Some(Found::Tag(r)) = find_tags(&value).into_iter().next()
                    && value[r.clone()].starts_with("{{")
                {
                    typed = Some(straighten(&value[r]));
                    break;
                }
            }
        }
    });
    let Some(typed) = typed else { return };
    let id = w.scan.tags.len();
    let expr = typed[2..typed.len() - 2]
        .trim()
        .trim_matches('-')
        .trim()
        .to_string();
    const EMBED: &str = "__vanban_embed__";
    const ALT_TEXT: &str = "__vanban_alt_text__";
    // The Alt Text that held the tag says what the new picture is (its
    // description, or the file it was read from), not the tag.
    let holds_tag = |v: &str| {
        find_tags(v)
            .into_iter()
            .any(|f| matches!(f, Found::Tag(r) if v[r.clone()].starts_with("{{")))
    };
    let alt_text = |e: &mut Element| {
        if e.name() == "wp:docPr" || e.name().ends_with(":cNvPr") {
            for attr in ["descr", "name", "title"] {
                if e.attr(attr).is_some_and(|v| holds_tag(&v)) {
                    e.set_attr(attr, ALT_TEXT);
                }
            }
        }
    };
    let mut text_box = false;
    drawing.walk(&mut |e| text_box |= e.name() == "w:txbxContent");
    let text_call = format!(
        "{{{{ {}(v=({expr})) }}}}",
        crate::rich::PICTURE_TEXT_FUNCTION
    );
    let source = if text_box {
        // A text box holds paragraphs whose tags the walk must still see: only the
        // blip becomes the tag, and the Alt Text is emptied.
        let Some(mut blip) = replace_blip(&mut drawing.children, id) else {
            return;
        };
        drawing.walk_mut(&mut |e| {
            alt_text(e);
            if e.raw.contains(ALT_TEXT) {
                let attrs: Vec<String> = e
                    .attrs()
                    .into_iter()
                    .filter(|(_, v)| v == ALT_TEXT)
                    .map(|(k, _)| k)
                    .collect();
                for k in attrs {
                    e.set_attr(&k, "");
                }
            }
        });
        let was = blip.attr("r:embed").unwrap_or_default();
        blip.set_attr("r:embed", EMBED);
        let mut xml = String::new();
        super::xml::write(&[Node::Element(blip)], &mut xml, &mut |_, _| {});
        xml.replacen(EMBED, &picture_call(&expr, &was), 1)
    } else {
        // The whole drawing becomes the tag: the blip points at the new picture and
        // the Alt Text says what it is.
        let mut inner = std::mem::take(&mut drawing.children);
        let mut was = None;
        for n in inner.iter_mut() {
            if let Node::Element(e) = n {
                e.walk_mut(&mut |e| {
                    alt_text(e);
                    if was.is_none() && e.name() == "a:blip" && e.attr("r:embed").is_some() {
                        was = e.attr("r:embed");
                        e.set_attr("r:embed", EMBED);
                    }
                });
            }
        }
        let Some(was) = was else {
            drawing.children = inner;
            return;
        };
        let mut xml = String::new();
        super::xml::write(&inner, &mut xml, &mut |_, _| {});
        drawing.children = vec![Node::Tag(id)];
        drawing.empty = false;
        xml.replacen(EMBED, &picture_call(&expr, &was), 1)
            .replace(ALT_TEXT, &text_call)
    };
    let span = 0..typed.len();
    w.scan.tags.push(Tag {
        kind: TagKind::Print,
        level: None,
        source,
        location: Location {
            part: w.part.clone(),
            paragraph: w.paragraph,
            cell: w.table_stack.last().copied(),
            text: typed.clone(),
            span,
            by_line: false,
        },
        text: typed,
        base: None,
        picture: Some(expr),
    });
}

/// The call that gives the relationship id of the picture `expr`'s value names, or
/// `was` (the template's) when it names none.
fn picture_call(expr: &str, was: &str) -> String {
    format!(
        "{{{{ {}(v=({expr}), was=\"{}\") }}}}",
        crate::rich::PICTURE_FUNCTION,
        was.replace(['"', '\\'], "")
    )
}

/// Puts tag `id` in place of the first `a:blip` below `nodes`; returns the blip.
fn replace_blip(nodes: &mut [Node], id: usize) -> Option<Element> {
    for n in nodes.iter_mut() {
        let Node::Element(e) = n else { continue };
        if e.name() == "a:blip" && e.attr("r:embed").is_some() {
            let Node::Element(blip) = std::mem::replace(n, Node::Tag(id)) else {
                return None;
            };
            return Some(blip);
        }
        if let Some(blip) = replace_blip(&mut e.children, id) {
            return Some(blip);
        }
    }
    None
}

/// A tag or an unclosed opening found in a paragraph's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Found {
    Tag(Range<usize>),
    Unclosed(Range<usize>),
    /// docxtpl's escapes for a delimiter printed as text: `{_{` is `{{`, `}_}` is
    /// `}}`, `{_%` is `{%` and `%_}` is `%}`.
    Literal(Range<usize>, &'static str),
}

/// The delimiter a docxtpl literal escape (`{_{`, `}_}`, `{_%`, `%_}`) at the start
/// of `bytes` stands for.
fn literal_at(bytes: &[u8]) -> Option<&'static str> {
    match bytes.get(..3)? {
        b"{_{" => Some("{{"),
        b"}_}" => Some("}}"),
        b"{_%" => Some("{%"),
        b"%_}" => Some("%}"),
        _ => None,
    }
}

/// Finds `{{ }}`, `{% %}` and `{# #}` in a text (byte ranges), and the escapes
/// that print a delimiter.
pub(crate) fn find_tags(text: &str) -> Vec<Found> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i + 1] == b'_'
            && let Some(with) = literal_at(&bytes[i..])
        {
            out.push(Found::Literal(i..i + 3, with));
            i += 3;
        } else if bytes[i] == b'{' && matches!(bytes[i + 1], b'{' | b'%' | b'#') {
            let close: &[u8] = match bytes[i + 1] {
                b'{' => b"}}",
                b'%' => b"%}",
                _ => b"#}",
            };
            match closing(text, i + 2, close) {
                Some(end) => {
                    out.push(Found::Tag(i..end));
                    i = end;
                }
                None => {
                    out.push(Found::Unclosed(i..bytes.len()));
                    break;
                }
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Quote marks that open or close a string literal in a tag, by family: a string
/// opened with one closes with any of its family (Word's autocorrect turns the
/// closing `"` into `”`, and the tag is straightened only once found).
fn quote_family(c: char) -> Option<u8> {
    match c {
        '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => Some(0),
        '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => Some(1),
        '`' => Some(2),
        _ => None,
    }
}

/// The end (exclusive) of the tag whose body starts at `from`: the first `close`
/// outside a string literal, so `{{ "}}" }}` is one tag. A quote never closed falls
/// back to the first `close` at all (the tag's syntax error then says why).
fn closing(text: &str, from: usize, close: &[u8]) -> Option<usize> {
    let bytes = text.as_bytes();
    let first = |from: usize| {
        bytes[from..]
            .windows(2)
            .position(|w| w == close)
            .map(|p| from + p + 2)
    };
    let plain = first(from)?;
    if close == b"#}" || !text[from..plain].contains(|c| quote_family(c).is_some()) {
        return Some(plain);
    }
    let mut quote: Option<u8> = None;
    let chars = text[from..].char_indices();
    for (at, c) in chars {
        let at = from + at;
        match (quote, quote_family(c)) {
            (Some(q), Some(f)) if q == f => quote = None,
            (Some(_), _) => {}
            (None, Some(f)) => quote = Some(f),
            (None, None) => {
                if bytes[at..].starts_with(close) {
                    return Some(at + 2);
                }
            }
        }
    }
    Some(plain)
}

/// Splits one text node's share `range` of the paragraph text into text and tag
/// nodes; a tag goes into the node holding its first character.
fn split_text(
    joined: &str,
    range: Range<usize>,
    found: &[Found],
    first_id: usize,
    out: &mut Vec<Node>,
) {
    let mut pos = range.start;
    let mut id = first_id;
    for f in found {
        let (t, node) = match f {
            Found::Tag(t) => {
                id += 1;
                (t, Node::Tag(id - 1))
            }
            Found::Literal(t, with) => (t, Node::Text((*with).to_string())),
            Found::Unclosed(_) => continue,
        };
        if t.end <= pos || t.start >= range.end {
            continue;
        }
        if t.start >= pos {
            if t.start > pos {
                out.push(Node::Text(joined[pos..t.start].to_string()));
            }
            out.push(node);
        }
        pos = t.end.min(range.end);
    }
    if pos < range.end {
        out.push(Node::Text(joined[pos..range.end].to_string()));
    }
}

/// The text around `span` in `joined` and the span within it: each tag keeps only
/// the part of its paragraph a message shows, so a paragraph holding thousands of
/// tags does not copy itself thousands of times (10,000 tags in one paragraph took
/// 4.7 GB before).
fn around(joined: &str, span: Range<usize>) -> (String, Range<usize>) {
    const KEEP: usize = 400;
    let floor = |mut i: usize| {
        while !joined.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let ceil = |mut i: usize| {
        while !joined.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    let end = span.end.min(joined.len());
    let start = span.start.min(end);
    let from = floor(start.saturating_sub(KEEP));
    let to = ceil((end + KEEP).min(joined.len()));
    (joined[from..to].to_string(), start - from..end - from)
}

fn register(
    joined: &str,
    found: Vec<Found>,
    w: &mut Walk,
    paragraph: usize,
    cell: Option<(usize, usize, usize)>,
) {
    for f in found {
        let location = |span: Range<usize>| {
            let (text, span) = around(joined, span);
            Location {
                part: w.part.clone(),
                paragraph,
                cell,
                text,
                span,
                by_line: false,
            }
        };
        match f {
            Found::Tag(r) => {
                let typed = straighten(&joined[r.clone()]);
                let (kind, level, source) = classify(&typed);
                w.scan.tags.push(Tag {
                    kind,
                    level,
                    text: typed,
                    source,
                    location: location(r),
                    base: None,
                    picture: None,
                });
            }
            Found::Literal(..) => w.scan.literals += 1,
            Found::Unclosed(r) => {
                let open = &joined[r.start..r.start + 2];
                let close = match open {
                    "{{" => "}}",
                    "{%" => "%}",
                    _ => "#}",
                };
                w.scan.problems.push(ScanProblem {
                    message: format!(
                        "`{open}` is never closed by `{close}` in this paragraph (a tag cannot span paragraphs)"
                    ),
                    location: location(r),
                });
            }
        }
    }
}

/// Replaces the quotes and spaces Word's autocorrect types with the ones Tera reads.
pub(crate) fn straighten(tag: &str) -> String {
    tag.chars()
        .map(|c| match c {
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{00A0}' | '\u{2007}' | '\u{202F}' => ' ',
            _ => c,
        })
        .collect()
}

/// Kind, structural level and Tera source of a tag as typed.
pub(crate) fn classify(typed: &str) -> (TagKind, Option<Level>, String) {
    let kind = match &typed[..2] {
        "{{" => TagKind::Print,
        "{%" => TagKind::Block,
        _ => TagKind::Comment,
    };
    if kind == TagKind::Print {
        // `{{r value }}` and `{{p value }}`: rich text replacing the run or paragraph.
        let inner = &typed[2..];
        let (dash, rest) = match inner.strip_prefix('-') {
            Some(r) => ("-", r),
            None => ("", inner),
        };
        for level in [Level::Run, Level::Paragraph] {
            if let Some(after) = rest.strip_prefix(level.prefix())
                && after.starts_with(|c: char| c.is_whitespace())
            {
                return (kind, Some(level), format!("{{{{{dash}{after}"));
            }
        }
        return (kind, None, typed.to_string());
    }
    let inner = &typed[2..];
    let (dash, rest) = match inner.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", inner),
    };
    for level in [Level::Row, Level::Cell, Level::Paragraph, Level::Run] {
        let p = level.prefix();
        if let Some(after) = rest.strip_prefix(p)
            && after.starts_with(|c: char| c.is_whitespace())
        {
            let source = format!("{}{dash}{after}", &typed[..2]);
            return (kind, Some(level), source);
        }
    }
    (kind, None, typed.to_string())
}

/// True for a block tag with whitespace control (`{%-`, `-%}`), which joins its
/// paragraph to the one before or after (docxtpl's reading of it).
fn joins(tag: &Tag) -> bool {
    tag.kind == TagKind::Block
        && tag.level.is_none()
        && (tag.source.starts_with("{%-") || tag.source.ends_with("-%}"))
}

/// What comes first (or last) in a paragraph's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edge {
    Tag(usize),
    Other,
}

/// The first (or, with `last`, the last) thing a reader meets in `nodes`: a tag, or
/// text and other content; blank text does not count.
fn edge(nodes: &[Node], in_t: bool, last: bool) -> Option<Edge> {
    let mut visit = |n: &Node| match n {
        Node::Tag(id) => Some(Edge::Tag(*id)),
        Node::Text(t) if in_t && !t.trim().is_empty() => Some(Edge::Other),
        Node::Element(e) => match e.name() {
            "w:pPr" | "w:rPr" => None,
            "w:tab" | "w:br" | "w:cr" | "w:drawing" | "w:pict" | "w:object" | "w:sym" => {
                Some(Edge::Other)
            }
            name => edge(&e.children, in_t || name == "w:t", last),
        },
        _ => None,
    };
    if last {
        nodes.iter().rev().find_map(&mut visit)
    } else {
        nodes.iter().find_map(&mut visit)
    }
}

fn is_paragraph(n: &Node) -> bool {
    matches!(n, Node::Element(e) if e.name() == "w:p")
}

/// Whether the paragraph `n` begins with a `{%- … %}` tag (`left`) or ends with a
/// `{% … -%}` tag.
fn paragraph_joins(n: &Node, tags: &[Tag], left: bool) -> bool {
    let Node::Element(p) = n else { return false };
    match edge(&p.children, false, !left) {
        Some(Edge::Tag(id)) => {
            let tag = &tags[id];
            joins(tag)
                && if left {
                    tag.source.starts_with("{%-")
                } else {
                    tag.source.ends_with("-%}")
                }
        }
        _ => false,
    }
}

/// Joins paragraphs the way docxtpl reads whitespace control: a paragraph that
/// begins with `{%- … %}` continues the paragraph before it, and one that ends with
/// `{% … -%}` takes in the paragraph after it. The joined paragraph keeps the
/// first one's properties.
fn join_paragraphs(nodes: &mut Vec<Node>, tags: &[Tag]) {
    for n in nodes.iter_mut() {
        if let Node::Element(e) = n
            && e.name() != "w:p"
        {
            join_paragraphs(&mut e.children, tags);
        }
    }
    // The paragraph next to the one at `i`, across the blank text between
    // elements.
    let blank = |n: &Node| matches!(n, Node::Text(t) if t.trim().is_empty());
    let before = |nodes: &[Node], i: usize| {
        let j = nodes[..i].iter().rposition(|n| !blank(n))?;
        is_paragraph(&nodes[j]).then_some(j)
    };
    let after = |nodes: &[Node], i: usize| {
        let j = i + 1 + nodes[i + 1..].iter().position(|n| !blank(n))?;
        is_paragraph(&nodes[j]).then_some(j)
    };
    let mut i = 0;
    while i < nodes.len() {
        if !is_paragraph(&nodes[i]) {
            i += 1;
            continue;
        }
        if let Some(j) = before(nodes, i)
            && paragraph_joins(&nodes[i], tags, true)
        {
            merge_paragraphs(nodes, j, i);
            i = j;
        } else if let Some(j) = after(nodes, i)
            && paragraph_joins(&nodes[i], tags, false)
        {
            merge_paragraphs(nodes, i, j);
        } else {
            i += 1;
        }
    }
}

/// Moves the content of paragraph `from` to the end of paragraph `into` (before
/// it), dropping what lies between. A section break the removed paragraph ended
/// goes with its content.
fn merge_paragraphs(nodes: &mut Vec<Node>, into: usize, from: usize) {
    let removed: Vec<Node> = nodes.drain(into + 1..=from).collect();
    let Some(Node::Element(removed)) = removed.into_iter().last() else {
        return;
    };
    let Some(Node::Element(into)) = nodes.get_mut(into) else {
        return;
    };
    for child in removed.children {
        match child {
            Node::Element(ppr) if ppr.name() == "w:pPr" => {
                for c in ppr.children {
                    if matches!(&c, Node::Element(s) if s.name() == "w:sectPr") {
                        if into.child("w:pPr").is_none() {
                            // Paragraph properties come first in a paragraph.
                            into.children
                                .insert(0, Node::Element(Element::new("w:pPr")));
                        }
                        let target = into.child_or_insert("w:pPr");
                        target.children.push(c);
                        target.empty = false;
                    }
                }
            }
            other => into.children.push(other),
        }
    }
    into.empty = false;
}

/// Moves structural tags up to the element they stand for; returns those that found
/// none.
fn lift(nodes: &mut Vec<Node>, tags: &mut [Tag], dropped: &mut Vec<ScanProblem>) -> Vec<usize> {
    let mut pending_out = Vec::new();
    let mut i = 0;
    while i < nodes.len() {
        match &mut nodes[i] {
            Node::Tag(id) => {
                if tags[*id].level.is_some() {
                    pending_out.push(*id);
                }
                i += 1;
            }
            Node::Element(e) => {
                let pending = lift(&mut e.children, tags, dropped);
                let here = level_of(e);
                let (mine, rest): (Vec<usize>, Vec<usize>) = pending
                    .into_iter()
                    .partition(|id| here.is_some() && tags[*id].level == here);
                pending_out.extend(rest);
                if mine.is_empty() {
                    i += 1;
                } else {
                    for id in &mine {
                        if tags[*id].kind == TagKind::Print {
                            let (ppr, rpr) = match here {
                                Some(Level::Paragraph) => (
                                    crate::rich::child_xml(e, "w:pPr"),
                                    crate::rich::rpr_of_tag(&e.children, *id).unwrap_or_default(),
                                ),
                                _ => (String::new(), crate::rich::child_xml(e, "w:rPr")),
                            };
                            tags[*id].base = Some((ppr, rpr));
                        }
                    }
                    let mut text = String::new();
                    visible_text(&e.children, false, tags, &mine, &mut text);
                    let text = text.trim();
                    if !text.is_empty()
                        && let (Some(first), Some(level)) = (mine.first(), here)
                    {
                        dropped.push(ScanProblem {
                            message: format!(
                                "`{}` replaces the whole {} holding it, so its other content is dropped: “{text}”",
                                tags[*first].text,
                                level.noun()
                            ),
                            location: tags[*first].location.clone(),
                        });
                    }
                    let n = mine.len();
                    nodes.splice(i..=i, mine.into_iter().map(Node::Tag));
                    i += n;
                }
            }
            _ => i += 1,
        }
    }
    pending_out
}

/// The text an element shows (inside `w:t`), with the tags it holds other than
/// `skip`.
fn visible_text(nodes: &[Node], in_t: bool, tags: &[Tag], skip: &[usize], out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) if in_t => out.push_str(t),
            Node::Tag(id) if !skip.contains(id) => out.push_str(&tags[*id].text),
            Node::Element(e) => {
                visible_text(&e.children, in_t || e.name() == "w:t", tags, skip, out)
            }
            _ => {}
        }
    }
}

fn level_of(e: &Element) -> Option<Level> {
    [Level::Run, Level::Paragraph, Level::Cell, Level::Row]
        .into_iter()
        .find(|l| l.element() == e.name())
}

/// The `w:t` elements of a paragraph (not of paragraphs nested in it), as paths of
/// child indices from the paragraph.
fn text_paths(children: &[Node], prefix: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
    for (i, n) in children.iter().enumerate() {
        let Node::Element(e) = n else { continue };
        match e.name() {
            "w:t" => {
                prefix.push(i);
                out.push(prefix.clone());
                prefix.pop();
            }
            "w:p" => {}
            _ => {
                prefix.push(i);
                text_paths(&e.children, prefix, out);
                prefix.pop();
            }
        }
    }
}

fn at_path<'a>(e: &'a mut Element, path: &[usize]) -> Option<&'a mut Element> {
    let mut cur = e;
    for &i in path {
        cur = match cur.children.get_mut(i) {
            Some(Node::Element(c)) => c,
            _ => return None,
        };
    }
    Some(cur)
}

fn text_of(e: &Element) -> String {
    let mut s = String::new();
    for c in &e.children {
        if let Node::Text(t) = c {
            s.push_str(t);
        }
    }
    s
}

fn paragraph(p: &mut Element, w: &mut Walk) {
    let mut paths = Vec::new();
    text_paths(&p.children, &mut Vec::new(), &mut paths);
    let mut texts = Vec::with_capacity(paths.len());
    for path in &paths {
        texts.push(at_path(p, path).map(|t| text_of(t)).unwrap_or_default());
    }
    let joined: String = texts.concat();
    if !joined.contains('{') && !joined.contains("_}") {
        return;
    }
    let found = find_tags(&joined);
    if found.is_empty() {
        return;
    }
    let first_id = w.scan.tags.len();
    let mut pos = 0;
    let mut emptied_runs: Vec<Vec<usize>> = Vec::new();
    for (path, text) in paths.iter().zip(&texts) {
        let range = pos..pos + text.len();
        pos += text.len();
        let touched = found.iter().any(|f| match f {
            Found::Tag(r) | Found::Literal(r, _) => r.start < range.end && r.end > range.start,
            Found::Unclosed(_) => false,
        });
        if !touched {
            continue;
        }
        if let Some(t) = at_path(p, path) {
            let mut children = Vec::new();
            split_text(&joined, range, &found, first_id, &mut children);
            let emptied = children.is_empty();
            t.children = children;
            t.preserve_space();
            if emptied {
                emptied_runs.push(path[..path.len() - 1].to_vec());
            }
        }
    }
    // Runs whose only text moved into the tag's first run go, in reverse order so
    // the remaining paths stay valid.
    for run_path in emptied_runs.iter().rev() {
        let Some((&index, parent_path)) = run_path.split_last() else {
            continue;
        };
        let Some(parent) = at_path(p, parent_path) else {
            continue;
        };
        let only_text = matches!(parent.children.get(index), Some(Node::Element(r))
        if r.name() == "w:r" && r.children.iter().all(|c| match c {
            Node::Element(e) => e.name() == "w:rPr" || (e.name() == "w:t" && e.children.is_empty()),
            _ => false,
        }));
        if only_text {
            parent.children.remove(index);
        }
    }
    let cell = w.table_stack.last().copied();
    let paragraph = w.paragraph;
    register(&joined, found, w, paragraph, cell);
    if w.scan.tags[first_id..]
        .iter()
        .any(|t| t.level == Some(Level::Run))
    {
        isolate_run_tags(&mut p.children, &w.scan.tags);
    }
}

/// Gives each `{%r … %}` tag a run of its own, so that replacing its run drops
/// nothing else: `Start {%r if x %}Hi{%r endif %}` typed in one run becomes the
/// runs `Start `, the tag, `Hi`, the tag, each with the run's formatting (docxtpl
/// keeps that text too).
fn isolate_run_tags(nodes: &mut Vec<Node>, tags: &[Tag]) {
    let mut i = 0;
    while i < nodes.len() {
        let Node::Element(e) = &mut nodes[i] else {
            i += 1;
            continue;
        };
        match e.name() {
            // A paragraph in a text box is scanned on its own.
            "w:p" => i += 1,
            "w:r" => match split_run(e, tags) {
                Some(runs) => {
                    let n = runs.len();
                    nodes.splice(i..=i, runs.into_iter().map(Node::Element));
                    i += n;
                }
                None => i += 1,
            },
            _ => {
                isolate_run_tags(&mut e.children, tags);
                i += 1;
            }
        }
    }
}

/// The runs a run becomes when a run tag shares it with other content; `None` when
/// it holds nothing else.
fn split_run(run: &Element, tags: &[Tag]) -> Option<Vec<Element>> {
    let is_run_tag = |n: &Node| matches!(n, Node::Tag(id) if tags[*id].level == Some(Level::Run));
    let holds_run_tag = run.children.iter().any(
        |c| matches!(c, Node::Element(t) if t.name() == "w:t" && t.children.iter().any(is_run_tag)),
    );
    if !holds_run_tag {
        return None;
    }
    let rpr = run
        .children
        .iter()
        .find(|c| matches!(c, Node::Element(e) if e.name() == "w:rPr"));
    let make_run = |content: Vec<Node>| Element {
        raw: run.raw.clone(),
        name_len: run.name_len,
        children: rpr.cloned().into_iter().chain(content).collect(),
        empty: false,
    };
    let mut out = Vec::new();
    let mut current: Vec<Node> = Vec::new();
    for child in &run.children {
        match child {
            Node::Element(t) if t.name() == "w:t" && t.children.iter().any(is_run_tag) => {
                let text_with = |children: Vec<Node>| {
                    let mut piece = Element {
                        raw: t.raw.clone(),
                        name_len: t.name_len,
                        children,
                        empty: false,
                    };
                    piece.preserve_space();
                    Node::Element(piece)
                };
                let mut segment = Vec::new();
                for n in &t.children {
                    if is_run_tag(n) {
                        if !segment.is_empty() {
                            current.push(text_with(std::mem::take(&mut segment)));
                        }
                        if !current.is_empty() {
                            out.push(make_run(std::mem::take(&mut current)));
                        }
                        out.push(make_run(vec![text_with(vec![n.clone()])]));
                    } else {
                        segment.push(n.clone());
                    }
                }
                if !segment.is_empty() {
                    current.push(text_with(segment));
                }
            }
            Node::Element(e) if e.name() == "w:rPr" => {}
            other => current.push(other.clone()),
        }
    }
    if !current.is_empty() {
        out.push(make_run(current));
    }
    (out.len() > 1).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml;

    #[test]
    fn finds_tags_and_unclosed_openings() {
        let cases: &[(&str, Vec<Found>)] = &[
            ("a {{ x }} b", vec![Found::Tag(2..9)]),
            (
                "{%p if a %}{# c #}",
                vec![Found::Tag(0..11), Found::Tag(11..18)],
            ),
            ("{ not a tag }", vec![]),
            ("x {{ y", vec![Found::Unclosed(2..6)]),
            (r#"{{ "}}" }}"#, vec![Found::Tag(0..10)]),
            (r#"{% if a == '%}' %}b"#, vec![Found::Tag(0..18)]),
            // An apostrophe never closed: the first `}}` ends the tag.
            (
                "{{ don't }} {{ x }}",
                vec![Found::Tag(0..11), Found::Tag(12..19)],
            ),
            ("{# it's #}", vec![Found::Tag(0..10)]),
            (
                "{_{ x }_} {_% y %_}",
                vec![
                    Found::Literal(0..3, "{{"),
                    Found::Literal(6..9, "}}"),
                    Found::Literal(10..13, "{%"),
                    Found::Literal(16..19, "%}"),
                ],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(&find_tags(text), want, "{text}");
        }
    }

    #[test]
    fn classifies_structural_prefixes() {
        let cases = [
            ("{{ x }}", TagKind::Print, None, "{{ x }}"),
            (
                "{%p if a %}",
                TagKind::Block,
                Some(Level::Paragraph),
                "{% if a %}",
            ),
            (
                "{%tr for r in rows %}",
                TagKind::Block,
                Some(Level::Row),
                "{% for r in rows %}",
            ),
            (
                "{%tc endfor %}",
                TagKind::Block,
                Some(Level::Cell),
                "{% endfor %}",
            ),
            (
                "{%r if b %}",
                TagKind::Block,
                Some(Level::Run),
                "{% if b %}",
            ),
            (
                "{%-p endif %}",
                TagKind::Block,
                Some(Level::Paragraph),
                "{%- endif %}",
            ),
            (
                "{#p note #}",
                TagKind::Comment,
                Some(Level::Paragraph),
                "{# note #}",
            ),
            ("{% raw %}", TagKind::Block, None, "{% raw %}"),
            ("{%raw %}", TagKind::Block, None, "{%raw %}"),
        ];
        for (typed, kind, level, source) in cases {
            assert_eq!(
                classify(typed),
                (kind, level, source.to_string()),
                "{typed}"
            );
        }
    }

    #[test]
    fn straightens_smart_quotes() {
        assert_eq!(
            straighten("{{ x | default(value=\u{201C}a\u{201D}) ~ \u{2018}b\u{2019} }}"),
            "{{ x | default(value=\"a\") ~ 'b' }}"
        );
    }

    fn scan_doc(body: &str) -> (String, Scan) {
        let src = format!(r#"<w:document xmlns:w="w"><w:body>{body}</w:body></w:document>"#);
        let mut nodes = xml::parse(&src, 64).unwrap();
        let scan = scan(&mut nodes, "body", PartKind::Word);
        let mut out = String::new();
        xml::write(&nodes, &mut out, &mut |id, o| {
            o.push_str(&format!("[{}]", scan.tags[id].source))
        });
        let inner = out
            .trim_start_matches(r#"<w:document xmlns:w="w"><w:body>"#)
            .trim_end_matches("</w:body></w:document>")
            .to_string();
        (inner, scan)
    }

    #[test]
    fn joins_a_tag_split_across_runs_proof_marks_and_bookmarks() {
        let body = concat!(
            r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Kính gửi: {</w:t></w:r>"#,
            r#"<w:proofErr w:type="spellStart"/><w:r w:rsidR="00A1"><w:t>{ ten_</w:t></w:r>"#,
            r#"<w:bookmarkStart w:id="0" w:name="x"/><w:r><w:t>don_vi }</w:t></w:r>"#,
            r#"<w:bookmarkEnd w:id="0"/><w:r><w:t>} nhé</w:t></w:r></w:p>"#,
        );
        let (out, scan) = scan_doc(body);
        assert_eq!(scan.tags.len(), 1);
        assert_eq!(scan.tags[0].text, "{{ ten_don_vi }}");
        assert_eq!(
            out,
            concat!(
                r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Kính gửi: [{{ ten_don_vi }}]</w:t></w:r>"#,
                r#"<w:proofErr w:type="spellStart"/>"#,
                r#"<w:bookmarkStart w:id="0" w:name="x"/>"#,
                r#"<w:bookmarkEnd w:id="0"/><w:r><w:t xml:space="preserve"> nhé</w:t></w:r></w:p>"#,
            )
        );
        assert_eq!(
            scan.tags[0].location.marked_text(),
            "Kính gửi: ▶{{ ten_don_vi }}◀ nhé"
        );
    }

    #[test]
    fn lifts_structural_tags_to_their_element() {
        let body = concat!(
            r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{%tr for r in rows %}</w:t></w:r></w:p></w:tc></w:tr>"#,
            r#"<w:tr><w:tc><w:p><w:r><w:t>{{ r.a }}</w:t></w:r></w:p></w:tc></w:tr>"#,
            r#"<w:tr><w:tc><w:p><w:r><w:t>{%tr endfor %}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
            r#"<w:p><w:r><w:t>{%p if x %}</w:t></w:r></w:p><w:p><w:r><w:t>a{%r if y %}b</w:t></w:r></w:p>"#,
        );
        let (out, scan) = scan_doc(body);
        assert!(scan.problems.is_empty(), "{:?}", scan.problems);
        // The run tag gets a run of its own: the text around it stays.
        assert!(scan.dropped.is_empty(), "{:?}", scan.dropped);
        assert_eq!(
            out,
            concat!(
                r#"<w:tbl>[{% for r in rows %}]"#,
                r#"<w:tr><w:tc><w:p><w:r><w:t xml:space="preserve">[{{ r.a }}]</w:t></w:r></w:p></w:tc></w:tr>"#,
                r#"[{% endfor %}]</w:tbl>[{% if x %}]<w:p><w:r><w:t xml:space="preserve">a</w:t></w:r>[{% if y %}]<w:r><w:t xml:space="preserve">b</w:t></w:r></w:p>"#,
            )
        );
        assert_eq!(
            scan.tags[1].location.place(),
            "body › table 1, row 2, cell 1 › paragraph 2"
        );
    }

    #[test]
    fn plain_parts_find_tags_in_every_text_element() {
        let src = "<cp:coreProperties>\n  <dc:title>KH {{ nam }}</dc:title>\n  <cp:keywords>{{ a }}, {{ b }}</cp:keywords>\n</cp:coreProperties>";
        let mut nodes = xml::parse(src, 64).unwrap();
        let scan = scan(&mut nodes, "document properties", PartKind::Plain);
        let texts: Vec<&str> = scan.tags.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["{{ nam }}", "{{ a }}", "{{ b }}"]);
    }

    #[test]
    fn a_row_tag_outside_a_table_is_a_problem() {
        let (_, scan) = scan_doc(r#"<w:p><w:r><w:t>{%tr for r in rows %}</w:t></w:r></w:p>"#);
        assert_eq!(scan.problems.len(), 1);
        assert_eq!(
            scan.problems[0].message,
            "`{%tr for r in rows %}` is not inside a table row: a `{%tr … %}` tag replaces the table row that holds it"
        );
    }
}
