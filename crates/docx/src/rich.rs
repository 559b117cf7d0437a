//! Rich text from the data: `{{r value }}` replaces its run with the runs `value`
//! describes, `{{p value }}` its paragraph with paragraphs (docxtpl's `RichText`
//! and `RichTextParagraph`, written as JSON).
//!
//! The shape (the README's "Rich text from data" says it for authors):
//!
//! - runs (`{{r }}`): a string, a run object, or a list of them;
//! - a run object: `text` and any of `bold`, `italic`, `strike`, `superscript`,
//!   `subscript` (true/false), `underline` (true/false or a Word underline:
//!   `single`, `double`, …), `color` (`"C00000"`), `size` (points), `font`,
//!   `highlight` (a Word highlight colour: `yellow`, …), `style` (a character
//!   style id), `url` (the text links there);
//! - a picture: a run object with `image` (the picture's bytes as base64, or a
//!   `data:image/png;base64,…` URL: PNG, JPEG or GIF), and optionally `width`,
//!   `height` (`"3cm"`, `"25mm"`, `"120px"`, `"1in"`, `"72pt"`; one given, the
//!   other keeps the aspect ratio; none, the picture's own size at 96 dpi) and
//!   `description` (the alternative text);
//! - paragraphs (`{{p }}`): a string, a paragraph object, or a list of them;
//! - a paragraph object: `style` (a paragraph style id), `align` (`left`,
//!   `center`, `right`, `both`) and either `runs` (as above) or the keys of one
//!   run object; or `subdoc` alone: a Word document's bytes (base64) whose body
//!   takes the paragraph's place (see `subdoc`).
//!
//! Runs start from the formatting of the tag's run and paragraphs from the tag's
//! paragraph; what the value says overrides it. Text keeps the engine's breaks:
//! `\n` a line break, `\t` a tab, `\f` a page break, `\a` a new paragraph.

use std::sync::{Arc, Mutex};

use serde_json::{Map, Value};
use tera::{Kwargs, State};

use super::xml::{self, Element, Node};

/// The hidden function a `{{r }}` tag becomes.
pub const RUNS_FUNCTION: &str = "__vanban_runs";
/// The hidden function a `{{p }}` tag becomes.
pub const PARAGRAPHS_FUNCTION: &str = "__vanban_paragraphs";
/// The hidden function a tag in a picture's description becomes: the
/// relationship id of the picture the value gives.
pub const PICTURE_FUNCTION: &str = "__vanban_picture";
/// The hidden function the Alt Text of a replaced picture becomes: the value's
/// `description` (for a file named in the data, its name), or nothing.
pub const PICTURE_TEXT_FUNCTION: &str = "__vanban_picture_text";
/// The hidden function `{% cellbg value %}` passes its value through: the colour,
/// or an error naming the value when it is not one.
pub const CELL_COLOUR_FUNCTION: &str = "__vanban_cell_colour";

/// What a part of a rich-text value should have been.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RichExpected {
    /// Text, a run object or a list of them (`{{r }}`).
    Runs,
    /// Text, a paragraph object or a list of them (`{{p }}`).
    Paragraphs,
    /// `true` or `false`.
    Boolean,
    /// A number of points.
    Size,
    /// Six hexadecimal digits (`C00000`).
    Color,
    /// Text.
    Text,
    /// `true`, `false` or a Word underline name.
    Underline,
    /// A Word highlight colour name.
    Highlight,
    /// `left`, `center`, `right` or `both`.
    Align,
    /// One of the keys a run or paragraph object may have.
    Key,
    /// A PNG, JPEG or GIF picture as base64.
    Image,
    /// A length: `3cm`, `25mm`, `120px`, `1in`, `72pt`.
    Length,
    /// A Word document (.docx) as base64, to insert as a sub-document.
    Subdoc,
    /// A cell's shading (`{% cellbg %}`): six hexadecimal digits or `auto`; the
    /// fault's `at` holds the value given.
    CellColour,
}

impl RichExpected {
    /// A short code for message files (`boolean`, `color`, …).
    pub fn code(self) -> &'static str {
        match self {
            RichExpected::Runs => "runs",
            RichExpected::Paragraphs => "paragraphs",
            RichExpected::Boolean => "boolean",
            RichExpected::Size => "size",
            RichExpected::Color => "color",
            RichExpected::Text => "text",
            RichExpected::Underline => "underline",
            RichExpected::Highlight => "highlight",
            RichExpected::Align => "align",
            RichExpected::Key => "key",
            RichExpected::Image => "image",
            RichExpected::Length => "length",
            RichExpected::Subdoc => "subdoc",
            RichExpected::CellColour => "cell_colour",
        }
    }

    fn english(self) -> &'static str {
        match self {
            RichExpected::Runs => "text, a run object or a list of them",
            RichExpected::Paragraphs => "text, a paragraph object or a list of them",
            RichExpected::Boolean => "true or false",
            RichExpected::Size => "a size in points",
            RichExpected::Color => "a colour as six hexadecimal digits (C00000)",
            RichExpected::Text => "text",
            RichExpected::Underline => "true, false or a Word underline (single, double, …)",
            RichExpected::Highlight => "a Word highlight colour (yellow, green, …)",
            RichExpected::Align => "left, center, right or both",
            RichExpected::Key => {
                "one of text, bold, italic, underline, strike, color, size, font, highlight, superscript, subscript, style, url, image, width, height, description (and for a paragraph: runs, align, or subdoc alone)"
            }
            RichExpected::Image => "a PNG, JPEG or GIF picture as base64 (or a data: URL)",
            RichExpected::Length => "a length such as 3cm, 25mm, 120px, 1in or 72pt",
            RichExpected::Subdoc => {
                "a Word document (.docx) as base64, within the limits a template is held to"
            }
            RichExpected::CellColour => "a colour as six hexadecimal digits (C00000) or auto",
        }
    }
}

/// A rich-text value the engine cannot read: where in the value, and what was
/// expected there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RichFault {
    /// The place in the value: `[1].color`, `bold`, or empty for the value itself.
    pub at: String,
    /// What it should have been.
    pub expected: RichExpected,
}

impl std::fmt::Display for RichFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.at.is_empty() {
            write!(
                f,
                "the rich text value should be {}",
                self.expected.english()
            )
        } else {
            write!(
                f,
                "`{}` in the rich text value should be {}",
                self.at,
                self.expected.english()
            )
        }
    }
}

/// Where a failing rich-text call leaves its fault, typed, for the report.
pub type RichSink = Arc<Mutex<Option<RichFault>>>;

/// The pictures one part's rich text inserted.
pub type ImageSink = Arc<Mutex<Pictures>>;

/// The pictures of one part, in order: picture `n` (from 1) is relationship
/// `rIdVanbanImage{n}`. The same bytes twice are one picture, drawn twice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pictures {
    /// The pictures.
    pub list: Vec<Picture>,
    /// How many drawings were made (each needs its own id).
    pub drawn: u32,
    /// The first drawing id of this part: ids must be unique in the document.
    pub first_id: u32,
    /// The sub-documents the part's `{{p }}` tags insert, with the bytes they were
    /// read from: number `n` (from 1) is `subdocs[n - 1]`.
    pub subdocs: Vec<(Vec<u8>, crate::subdoc::SubDoc)>,
    /// The limits a sub-document is read under.
    pub limits: crate::Limits,
}

/// A picture to add to the package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// `png`, `jpeg` or `gif`.
    pub extension: &'static str,
}

/// The relationship id of picture `n` (from 1) of a part.
pub fn picture_id(n: usize) -> String {
    format!("rIdVanbanImage{n}")
}

/// Registers the two hidden functions on a Tera instance.
pub fn register(tera: &mut tera::Tera, sink: RichSink, images: ImageSink) {
    tera.register_function(
        RUNS_FUNCTION,
        Rich {
            paragraphs: false,
            sink: sink.clone(),
            images: images.clone(),
        },
    );
    tera.register_function(
        PARAGRAPHS_FUNCTION,
        Rich {
            paragraphs: true,
            sink: sink.clone(),
            images: images.clone(),
        },
    );
    tera.register_function(PICTURE_TEXT_FUNCTION, AltText);
    tera.register_function(CELL_COLOUR_FUNCTION, CellColour { sink: sink.clone() });
    tera.register_function(PICTURE_FUNCTION, Replace { sink, images });
}

/// A Tera value as JSON (`Null` when undefined).
fn json_of(value: Option<tera::Value>) -> tera::TeraResult<Value> {
    match value {
        Some(v) if !v.is_undefined() => serde_json::to_value(&v)
            .map_err(|e| tera::Error::message(format!("cannot read the value: {e}"))),
        _ => Ok(Value::Null),
    }
}

/// `__vanban_picture_text(v=value)`: the Alt Text of a picture replaced by
/// `value`, escaped for an attribute.
struct AltText;

impl tera::Function<tera::TeraResult<tera::Value>> for AltText {
    fn call(&self, kwargs: Kwargs, _: &State) -> tera::TeraResult<tera::Value> {
        let value = json_of(kwargs.get("v")?)?;
        let text = match &value {
            Value::Object(map) => match map.get("description") {
                Some(Value::String(s)) => s.as_str(),
                _ => "",
            },
            _ => "",
        };
        let clean: String = text
            .chars()
            .filter(|c| xml::xml_char(*c) && !super::engine::is_mark(*c) && *c != '\n')
            .collect();
        Ok(tera::Value::safe_string(&attr(&clean)))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `__vanban_cell_colour(v=value)`: the shading `{% cellbg %}` gives its cell —
/// six hexadecimal digits (a leading `#` allowed) or `auto`, or nothing for an
/// empty value; anything else is a fault at the tag.
struct CellColour {
    sink: RichSink,
}

impl tera::Function<tera::TeraResult<tera::Value>> for CellColour {
    fn call(&self, kwargs: Kwargs, _: &State) -> tera::TeraResult<tera::Value> {
        let text = match json_of(kwargs.get("v")?)? {
            Value::Null => String::new(),
            Value::String(s) => s,
            other => other.to_string(),
        };
        let colour = text.trim();
        let hex = colour.trim_start_matches('#');
        let fine = colour.is_empty()
            || hex.eq_ignore_ascii_case("auto")
            || (hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()));
        if fine {
            return Ok(tera::Value::from(colour));
        }
        let fault = RichFault {
            at: colour.chars().take(40).collect(),
            expected: RichExpected::CellColour,
        };
        let message = format!(
            "`{}` is not a colour: write six hexadecimal digits (C00000) or auto",
            fault.at
        );
        if let Ok(mut slot) = self.sink.lock() {
            *slot = Some(fault);
        }
        Err(tera::Error::message(message))
    }
}

/// `__vanban_picture(v=value, was="rId5")`: the relationship id of the picture
/// `value` gives (`{"image": …}` or the base64 itself), or `was` when the value is
/// missing or empty (the template's picture stays).
struct Replace {
    sink: RichSink,
    images: ImageSink,
}

impl tera::Function<tera::TeraResult<tera::Value>> for Replace {
    fn call(&self, kwargs: Kwargs, _: &State) -> tera::TeraResult<tera::Value> {
        let value: Option<tera::Value> = kwargs.get("v")?;
        let was: String = kwargs.get("was")?.unwrap_or_default();
        let value = match value {
            Some(v) if !v.is_undefined() => serde_json::to_value(&v)
                .map_err(|e| tera::Error::message(format!("cannot read the value: {e}")))?,
            _ => Value::Null,
        };
        let map = match value {
            Value::Null => return Ok(tera::Value::from(was)),
            Value::String(s) if s.is_empty() => return Ok(tera::Value::from(was)),
            Value::String(s) => Map::from_iter([("image".to_string(), Value::String(s))]),
            Value::Object(m) => m,
            _ => Map::new(),
        };
        let base = Base {
            images: Some(self.images.clone()),
            ..Base::new("", "")
        };
        match store_picture(&map, &base, "") {
            Ok((n, _, _)) => Ok(tera::Value::from(picture_id(n))),
            Err(fault) => {
                let message = fault.to_string();
                if let Ok(mut slot) = self.sink.lock() {
                    *slot = Some(fault);
                }
                Err(tera::Error::message(message))
            }
        }
    }
}

struct Rich {
    paragraphs: bool,
    sink: RichSink,
    images: ImageSink,
}

impl tera::Function<tera::TeraResult<tera::Value>> for Rich {
    fn call(&self, kwargs: Kwargs, _: &State) -> tera::TeraResult<tera::Value> {
        let value: Option<tera::Value> = kwargs.get("v")?;
        let ppr: String = kwargs.get("ppr")?.unwrap_or_default();
        let rpr: String = kwargs.get("rpr")?.unwrap_or_default();
        let value = match value {
            Some(v) if !v.is_undefined() => serde_json::to_value(&v)
                .map_err(|e| tera::Error::message(format!("cannot read the value: {e}")))?,
            _ => Value::Null,
        };
        let mut base = Base::new(&unhex(&ppr), &unhex(&rpr));
        base.images = Some(self.images.clone());
        let made = if self.paragraphs {
            paragraphs_xml(&value, &base)
        } else {
            runs_xml(&value, &base, "")
        };
        match made {
            Ok(xml) => Ok(tera::Value::safe_string(&xml)),
            Err(fault) => {
                let message = fault.to_string();
                if let Ok(mut slot) = self.sink.lock() {
                    *slot = Some(fault);
                }
                Err(tera::Error::message(message))
            }
        }
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// Hex-encodes a string for a Tera string literal (XML holds quotes).
pub fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> String {
    let bytes: Vec<u8> = (0..s.len() / 2)
        .filter_map(|i| u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok())
        .collect();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The formatting the tag's paragraph and run had: the children of `w:pPr` and
/// `w:rPr` as (name, XML).
struct Base {
    ppr: Vec<(String, String)>,
    rpr: Vec<(String, String)>,
    /// Where pictures go (none in unit tests of text).
    images: Option<ImageSink>,
}

impl Base {
    fn new(ppr: &str, rpr: &str) -> Base {
        Base {
            ppr: children_of(ppr),
            rpr: children_of(rpr),
            images: None,
        }
    }
}

/// The child elements of one element's XML, as (name, XML).
fn children_of(props: &str) -> Vec<(String, String)> {
    let Ok(nodes) = xml::parse(props, 64) else {
        return Vec::new();
    };
    let Some(Node::Element(e)) = nodes.into_iter().next() else {
        return Vec::new();
    };
    e.children
        .into_iter()
        .filter_map(|c| match c {
            Node::Element(c) => Some((c.name().to_string(), xml::to_string(&[Node::Element(c)]))),
            _ => None,
        })
        .collect()
}

/// Writes `<name>` holding `base` with `over` replacing elements of the same name,
/// in schema order; nothing when empty.
fn props(name: &str, base: &[(String, String)], over: &[(&str, String)], order: &[&str]) -> String {
    let mut all: Vec<(&str, &str)> = base
        .iter()
        .filter(|(n, _)| !over.iter().any(|(o, _)| o == n))
        .map(|(n, x)| (n.as_str(), x.as_str()))
        .collect();
    all.extend(over.iter().map(|(n, x)| (*n, x.as_str())));
    if all.is_empty() {
        return String::new();
    }
    let rank = |n: &str| order.iter().position(|o| *o == n).unwrap_or(order.len());
    all.sort_by_key(|(n, _)| rank(n));
    let mut out = format!("<{name}>");
    for (_, x) in all {
        out.push_str(x);
    }
    out.push_str(&format!("</{name}>"));
    out
}

const UNDERLINES: &[&str] = &[
    "single",
    "words",
    "double",
    "thick",
    "dotted",
    "dottedHeavy",
    "dash",
    "dashedHeavy",
    "dashLong",
    "dashLongHeavy",
    "dotDash",
    "dashDotHeavy",
    "dotDotDash",
    "dashDotDotHeavy",
    "wave",
    "wavyHeavy",
    "wavyDouble",
    "none",
];

const HIGHLIGHTS: &[&str] = &[
    "black",
    "blue",
    "cyan",
    "green",
    "magenta",
    "red",
    "yellow",
    "white",
    "darkBlue",
    "darkCyan",
    "darkGreen",
    "darkMagenta",
    "darkRed",
    "darkYellow",
    "darkGray",
    "lightGray",
    "none",
];

const RUN_KEYS: &[&str] = &[
    "image",
    "width",
    "height",
    "description",
    "text",
    "bold",
    "italic",
    "underline",
    "strike",
    "color",
    "size",
    "font",
    "highlight",
    "superscript",
    "subscript",
    "style",
    "url",
];

fn attr(s: &str) -> String {
    let mut out = String::new();
    xml::escape_attr(s, &mut out);
    out
}

fn at(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else if key.starts_with('[') {
        format!("{prefix}{key}")
    } else {
        format!("{prefix}.{key}")
    }
}

/// The runs `value` describes, starting from the tag's run formatting.
fn runs_xml(value: &Value, base: &Base, path: &str) -> Result<String, RichFault> {
    let mut out = String::new();
    match value {
        Value::Null => {}
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if item.is_array() {
                    return Err(RichFault {
                        at: at(path, &format!("[{i}]")),
                        expected: RichExpected::Runs,
                    });
                }
                out.push_str(&runs_xml(item, base, &at(path, &format!("[{i}]")))?);
            }
        }
        Value::Object(map) => out.push_str(&run_xml(map, base, path)?),
        scalar => out.push_str(&plain_run(
            &scalar_text(scalar),
            &props(
                "w:rPr",
                &base.rpr,
                &[],
                crate::schema::sequence_of("w:rPr").unwrap_or_default(),
            ),
        )),
    }
    Ok(out)
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A run of `text` (escaped, with the engine's breaks) under `rpr`.
fn plain_run(text: &str, rpr: &str) -> String {
    let mut escaped = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = super::engine::escape_word_text(text, &mut escaped);
    format!(
        "<w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
        String::from_utf8_lossy(&escaped)
    )
}

fn boolean(map: &Map<String, Value>, key: &str, path: &str) -> Result<Option<bool>, RichFault> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(RichFault {
            at: at(path, key),
            expected: RichExpected::Boolean,
        }),
    }
}

fn text(map: &Map<String, Value>, key: &str, path: &str) -> Result<Option<String>, RichFault> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(RichFault {
            at: at(path, key),
            expected: RichExpected::Text,
        }),
    }
}

/// One run object as a run (or a hyperlink field around it).
fn run_xml(map: &Map<String, Value>, base: &Base, path: &str) -> Result<String, RichFault> {
    if let Some(key) = map.keys().find(|k| !RUN_KEYS.contains(&k.as_str())) {
        return Err(RichFault {
            at: at(path, key),
            expected: RichExpected::Key,
        });
    }
    let fault = |key: &str, expected| RichFault {
        at: at(path, key),
        expected,
    };
    let mut over: Vec<(&str, String)> = Vec::new();
    let toggle = |b: bool, name: &str| {
        if b {
            format!("<{name}/>")
        } else {
            format!("<{name} w:val=\"0\"/>")
        }
    };
    if let Some(b) = boolean(map, "bold", path)? {
        over.push(("w:b", toggle(b, "w:b")));
        over.push(("w:bCs", toggle(b, "w:bCs")));
    }
    if let Some(b) = boolean(map, "italic", path)? {
        over.push(("w:i", toggle(b, "w:i")));
        over.push(("w:iCs", toggle(b, "w:iCs")));
    }
    if let Some(b) = boolean(map, "strike", path)? {
        over.push(("w:strike", toggle(b, "w:strike")));
    }
    let url = text(map, "url", path)?;
    let underline = match map.get("underline") {
        None | Some(Value::Null) => url.as_ref().map(|_| "single".to_string()),
        Some(Value::Bool(true)) => Some("single".into()),
        Some(Value::Bool(false)) => Some("none".into()),
        Some(Value::String(s)) if UNDERLINES.contains(&s.as_str()) => Some(s.clone()),
        Some(_) => return Err(fault("underline", RichExpected::Underline)),
    };
    if let Some(u) = underline {
        over.push(("w:u", format!("<w:u w:val=\"{u}\"/>")));
    }
    let color = match map.get("color") {
        None | Some(Value::Null) => url.as_ref().map(|_| "0563C1".to_string()),
        Some(Value::String(s)) => {
            let hex = s.trim_start_matches('#');
            if hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
                Some(hex.to_ascii_uppercase())
            } else {
                return Err(fault("color", RichExpected::Color));
            }
        }
        Some(_) => return Err(fault("color", RichExpected::Color)),
    };
    if let Some(c) = color {
        over.push(("w:color", format!("<w:color w:val=\"{c}\"/>")));
    }
    match map.get("size") {
        None | Some(Value::Null) => {}
        Some(Value::Number(n)) => match n.as_f64() {
            Some(pt) if pt > 0.0 && pt <= 1638.0 => {
                // Half-points (ECMA-376 §17.3.2.38).
                let half = (pt * 2.0).round() as u32;
                over.push(("w:sz", format!("<w:sz w:val=\"{half}\"/>")));
                over.push(("w:szCs", format!("<w:szCs w:val=\"{half}\"/>")));
            }
            _ => return Err(fault("size", RichExpected::Size)),
        },
        Some(_) => return Err(fault("size", RichExpected::Size)),
    }
    if let Some(font) = text(map, "font", path)? {
        let f = attr(&font);
        over.push((
            "w:rFonts",
            format!("<w:rFonts w:ascii=\"{f}\" w:hAnsi=\"{f}\" w:cs=\"{f}\" w:eastAsia=\"{f}\"/>"),
        ));
    }
    match map.get("highlight") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) if HIGHLIGHTS.contains(&s.as_str()) => {
            over.push(("w:highlight", format!("<w:highlight w:val=\"{s}\"/>")));
        }
        Some(_) => return Err(fault("highlight", RichExpected::Highlight)),
    }
    let sup = boolean(map, "superscript", path)?;
    let sub = boolean(map, "subscript", path)?;
    match (sup, sub) {
        (Some(true), _) => {
            over.push(("w:vertAlign", "<w:vertAlign w:val=\"superscript\"/>".into()))
        }
        (_, Some(true)) => over.push(("w:vertAlign", "<w:vertAlign w:val=\"subscript\"/>".into())),
        (Some(false), _) | (_, Some(false)) => {
            over.push(("w:vertAlign", "<w:vertAlign w:val=\"baseline\"/>".into()))
        }
        _ => {}
    }
    if let Some(style) = text(map, "style", path)? {
        over.push((
            "w:rStyle",
            format!("<w:rStyle w:val=\"{}\"/>", attr(&style)),
        ));
    }
    if map.contains_key("image") {
        let rpr = props(
            "w:rPr",
            &base.rpr,
            &over,
            crate::schema::sequence_of("w:rPr").unwrap_or_default(),
        );
        return picture_run(map, base, path, &rpr);
    }
    let content = match map.get("text") {
        None | Some(Value::Null) => String::new(),
        Some(Value::Array(_) | Value::Object(_)) => {
            return Err(fault("text", RichExpected::Text));
        }
        Some(v) => scalar_text(v),
    };
    let rpr = props(
        "w:rPr",
        &base.rpr,
        &over,
        crate::schema::sequence_of("w:rPr").unwrap_or_default(),
    );
    let run = plain_run(&content, &rpr);
    Ok(match url {
        // A HYPERLINK field needs no relationship in the part's .rels.
        Some(url) => {
            let mut instr = String::new();
            xml::escape_text(&url.replace('"', "%22"), &mut instr);
            format!(
                "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> HYPERLINK \"{instr}\" </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>{run}<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
            )
        }
        None => run,
    })
}

/// EMUs (English Metric Units, ECMA-376 §20.1.2.1) per centimetre and per pixel
/// at 96 dpi.
const EMU_PER_CM: f64 = 360_000.0;
const EMU_PER_PX: f64 = 9_525.0;

/// A length in EMUs: `3cm`, `25mm`, `120px`, `1in`, `72pt`, or a number of
/// centimetres.
fn length(v: &Value) -> Option<f64> {
    let emu = match v {
        Value::Number(n) => n.as_f64()? * EMU_PER_CM,
        Value::String(s) => {
            let s = s.trim();
            let split = s
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
                .unwrap_or(s.len());
            let number: f64 = s[..split].replace(',', ".").parse().ok()?;
            let per = match s[split..].trim() {
                "cm" | "" => EMU_PER_CM,
                "mm" => EMU_PER_CM / 10.0,
                "in" => 914_400.0,
                "pt" => 12_700.0,
                "px" => EMU_PER_PX,
                _ => return None,
            };
            number * per
        }
        _ => return None,
    };
    // At most a 55.87 cm page side (Word's own limit).
    (emu > 0.0 && emu <= 20_116_800.0).then_some(emu)
}

/// The kind and pixel size of a PNG, JPEG or GIF.
fn picture_size(bytes: &[u8]) -> Option<(&'static str, u32, u32)> {
    let be16 = |b: &[u8], i: usize| Some(u16::from_be_bytes([*b.get(i)?, *b.get(i + 1)?]) as u32);
    let be32 = |b: &[u8], i: usize| {
        Some(u32::from_be_bytes([
            *b.get(i)?,
            *b.get(i + 1)?,
            *b.get(i + 2)?,
            *b.get(i + 3)?,
        ]))
    };
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(("png", be32(bytes, 16)?, be32(bytes, 20)?));
    }
    if bytes.starts_with(b"GIF8") {
        let le16 = |i: usize| Some(u16::from_le_bytes([*bytes.get(i)?, *bytes.get(i + 1)?]) as u32);
        return Some(("gif", le16(6)?, le16(8)?));
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        // The frame header (SOFn) holds the size; other segments are skipped by
        // their length.
        let mut i = 2;
        while i + 9 < bytes.len() {
            if bytes[i] != 0xFF {
                return None;
            }
            let marker = bytes[i + 1];
            let len = be16(bytes, i + 2)? as usize;
            if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
                return Some(("jpeg", be16(bytes, i + 7)?, be16(bytes, i + 5)?));
            }
            i += 2 + len;
        }
    }
    None
}

/// A picture run: the bytes go to the part's pictures, the run points at them.
fn picture_run(
    map: &Map<String, Value>,
    base: &Base,
    path: &str,
    rpr: &str,
) -> Result<String, RichFault> {
    let (n, cx, cy) = store_picture(map, base, path)?;
    let description = text(map, "description", path)?.unwrap_or_default();
    let Some(images) = &base.images else {
        return Err(RichFault {
            at: at(path, "image"),
            expected: RichExpected::Image,
        });
    };
    let id = {
        let Ok(mut pictures) = images.lock() else {
            return Err(RichFault {
                at: at(path, "image"),
                expected: RichExpected::Image,
            });
        };
        pictures.drawn += 1;
        pictures.first_id.saturating_add(pictures.drawn)
    };
    let rid = picture_id(n);
    let descr = attr(&description);
    Ok(drawing_xml(rpr, cx, cy, id, n, &descr, &rid))
}

/// Decodes a picture object's `image`, sizes it and adds it to the part's pictures:
/// (its number, width and height in EMUs).
fn store_picture(
    map: &Map<String, Value>,
    base: &Base,
    path: &str,
) -> Result<(usize, u64, u64), RichFault> {
    use base64::Engine as _;
    let fault = |key: &str, expected| RichFault {
        at: at(path, key),
        expected,
    };
    let Some(Value::String(data)) = map.get("image") else {
        return Err(fault("image", RichExpected::Image));
    };
    let encoded = match data.split_once(";base64,") {
        Some((head, rest)) if head.starts_with("data:") => rest,
        _ => data.as_str(),
    };
    let clean: String = encoded.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(clean.as_bytes())
        .map_err(|_| fault("image", RichExpected::Image))?;
    let (extension, px_w, px_h) =
        picture_size(&bytes).ok_or_else(|| fault("image", RichExpected::Image))?;
    if px_w == 0 || px_h == 0 {
        return Err(fault("image", RichExpected::Image));
    }
    let given = |key: &str| match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => length(v)
            .map(Some)
            .ok_or_else(|| fault(key, RichExpected::Length)),
    };
    let ratio = px_h as f64 / px_w as f64;
    let (cx, cy) = match (given("width")?, given("height")?) {
        (Some(w), Some(h)) => (w, h),
        (Some(w), None) => (w, w * ratio),
        (None, Some(h)) => (h / ratio, h),
        (None, None) => (px_w as f64 * EMU_PER_PX, px_h as f64 * EMU_PER_PX),
    };
    let (cx, cy) = (cx.round() as u64, cy.round() as u64);
    let Some(images) = &base.images else {
        return Err(fault("image", RichExpected::Image));
    };
    let Ok(mut pictures) = images.lock() else {
        return Err(fault("image", RichExpected::Image));
    };
    let n = match pictures.list.iter().position(|p| p.bytes == bytes) {
        Some(i) => i + 1,
        None => {
            pictures.list.push(Picture { bytes, extension });
            pictures.list.len()
        }
    };
    Ok((n, cx, cy))
}

/// Decodes a `{"subdoc": …}` object's package, checks it can be inserted and adds
/// it to the part's sub-documents: its number.
fn store_subdoc(map: &Map<String, Value>, base: &Base, path: &str) -> Result<usize, RichFault> {
    use base64::Engine as _;
    let fault = || RichFault {
        at: at(path, "subdoc"),
        expected: RichExpected::Subdoc,
    };
    let Some(Value::String(data)) = map.get("subdoc") else {
        return Err(fault());
    };
    let encoded = match data.split_once(";base64,") {
        Some((head, rest)) if head.starts_with("data:") => rest,
        _ => data.as_str(),
    };
    let clean: String = encoded.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(clean.as_bytes())
        .map_err(|_| fault())?;
    let Some(images) = &base.images else {
        return Err(fault());
    };
    let Ok(mut pictures) = images.lock() else {
        return Err(fault());
    };
    if let Some(i) = pictures.subdocs.iter().position(|(b, _)| *b == bytes) {
        return Ok(i + 1);
    }
    let sub = crate::subdoc::read(&bytes, &pictures.limits).ok_or_else(fault)?;
    pictures.subdocs.push((bytes, sub));
    Ok(pictures.subdocs.len())
}

/// An inline drawing of picture `n` (relationship `rid`), `cx` × `cy` EMUs.
fn drawing_xml(rpr: &str, cx: u64, cy: u64, id: u32, n: usize, descr: &str, rid: &str) -> String {
    format!(
        concat!(
            "<w:r>{rpr}<w:drawing>",
            "<wp:inline xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">",
            "<wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:docPr id=\"{id}\" name=\"Picture {n}\" descr=\"{descr}\"/>",
            "<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>",
            "<a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">",
            "<pic:pic xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:nvPicPr><pic:cNvPr id=\"{id}\" name=\"Picture {n}\" descr=\"{descr}\"/><pic:cNvPicPr/></pic:nvPicPr>",
            "<pic:blipFill><a:blip xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" r:embed=\"{rid}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>",
            "<pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr>",
            "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
        ),
        rpr = rpr,
        cx = cx,
        cy = cy,
        id = id,
        n = n,
        descr = descr,
        rid = rid,
    )
}

/// The paragraphs `value` describes, starting from the tag's paragraph.
fn paragraphs_xml(value: &Value, base: &Base) -> Result<String, RichFault> {
    let items: Vec<(String, &Value)> = match value {
        Value::Null => Vec::new(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("[{i}]"), v))
            .collect(),
        one => vec![(String::new(), one)],
    };
    let count = items.len();
    let mut out = String::new();
    for (k, (path, item)) in items.into_iter().enumerate() {
        let fault = |key: &str, expected| RichFault {
            at: at(&path, key),
            expected,
        };
        let mut over: Vec<(&str, String)> = Vec::new();
        if let Value::Object(map) = item
            && map.contains_key("subdoc")
        {
            if let Some(key) = map.keys().find(|k| k.as_str() != "subdoc") {
                return Err(fault(key, RichExpected::Key));
            }
            let n = store_subdoc(map, base, &path)?;
            // The paragraph that ends a section stays after the last one.
            let section = match base.ppr.iter().find(|(n, _)| n == "w:sectPr") {
                Some((_, x)) if k + 1 == count => format!("<w:pPr>{x}</w:pPr>"),
                _ => String::new(),
            };
            out.push_str(&crate::subdoc::placeholder(n, &section));
            continue;
        }
        let runs = match item {
            Value::Array(_) => return Err(fault("", RichExpected::Paragraphs)),
            Value::Object(map) => {
                if let Some(style) = text(map, "style", &path)? {
                    over.push((
                        "w:pStyle",
                        format!("<w:pStyle w:val=\"{}\"/>", attr(&style)),
                    ));
                }
                match map.get("align") {
                    None | Some(Value::Null) => {}
                    Some(Value::String(s)) => {
                        let jc = match s.as_str() {
                            "left" | "start" => "left",
                            "center" | "centre" => "center",
                            "right" | "end" => "right",
                            "both" | "justify" => "both",
                            _ => return Err(fault("align", RichExpected::Align)),
                        };
                        over.push(("w:jc", format!("<w:jc w:val=\"{jc}\"/>")));
                    }
                    Some(_) => return Err(fault("align", RichExpected::Align)),
                }
                match map.get("runs") {
                    Some(runs) => {
                        if let Some(key) = map
                            .keys()
                            .find(|k| !["runs", "style", "align"].contains(&k.as_str()))
                        {
                            return Err(fault(key, RichExpected::Key));
                        }
                        runs_xml(runs, base, &at(&path, "runs"))?
                    }
                    None => {
                        let mut run = map.clone();
                        run.remove("style");
                        run.remove("align");
                        run_xml(&run, base, &path)?
                    }
                }
            }
            scalar => runs_xml(scalar, base, &path)?,
        };
        let mut ppr_base = base.ppr.clone();
        if k + 1 < count {
            // A section ends after the last paragraph only.
            ppr_base.retain(|(n, _)| n != "w:sectPr");
        }
        let ppr = props(
            "w:pPr",
            &ppr_base,
            &over,
            crate::schema::sequence_of("w:pPr").unwrap_or_default(),
        );
        out.push_str(&format!("<w:p>{ppr}{runs}</w:p>"));
    }
    Ok(out)
}

/// The XML of an element's first child named `name`, or an empty string.
pub fn child_xml(e: &Element, name: &str) -> String {
    e.child(name)
        .map(|c| xml::to_string(&[Node::Element(c.clone())]))
        .unwrap_or_default()
}

/// The `w:rPr` of the run in `p` that holds tag `id`.
pub fn rpr_of_tag(nodes: &[Node], id: usize) -> Option<String> {
    for n in nodes {
        let Node::Element(e) = n else { continue };
        if e.name() == "w:r" && holds_tag(&e.children, id) {
            return Some(child_xml(e, "w:rPr"));
        }
        if let Some(found) = rpr_of_tag(&e.children, id) {
            return Some(found);
        }
    }
    None
}

fn holds_tag(nodes: &[Node], id: usize) -> bool {
    nodes.iter().any(|n| match n {
        Node::Tag(t) => *t == id,
        Node::Element(e) => holds_tag(&e.children, id),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn run_objects_become_runs_in_schema_order() {
        let base = Base::new("", r#"<w:rPr><w:sz w:val="26"/><w:b/></w:rPr>"#);
        let cases = [
            (
                json!("a & b"),
                r#"<w:r><w:rPr><w:b/><w:sz w:val="26"/></w:rPr><w:t xml:space="preserve">a &amp; b</w:t></w:r>"#,
            ),
            (
                json!({"text": "x", "bold": false, "italic": true, "color": "#c00000", "size": 11.5, "underline": "double"}),
                r#"<w:r><w:rPr><w:b w:val="0"/><w:bCs w:val="0"/><w:i/><w:iCs/><w:color w:val="C00000"/><w:sz w:val="23"/><w:szCs w:val="23"/><w:u w:val="double"/></w:rPr><w:t xml:space="preserve">x</w:t></w:r>"#,
            ),
            (
                json!([{"text": "H", "font": "Arial", "highlight": "yellow"}, {"text": "2", "subscript": true}]),
                concat!(
                    r#"<w:r><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial" w:eastAsia="Arial"/><w:b/><w:sz w:val="26"/><w:highlight w:val="yellow"/></w:rPr><w:t xml:space="preserve">H</w:t></w:r>"#,
                    r#"<w:r><w:rPr><w:b/><w:sz w:val="26"/><w:vertAlign w:val="subscript"/></w:rPr><w:t xml:space="preserve">2</w:t></w:r>"#,
                ),
            ),
        ];
        for (value, want) in cases {
            assert_eq!(runs_xml(&value, &base, ""), Ok(want.to_string()), "{value}");
        }
    }

    #[test]
    fn faults_say_where_in_the_value_and_what_was_expected() {
        let base = Base::new("", "");
        let cases = [
            (
                json!([{"text": "a"}, {"bold": "yes"}]),
                "[1].bold",
                RichExpected::Boolean,
            ),
            (json!({"color": "red"}), "color", RichExpected::Color),
            (json!({"txt": "a"}), "txt", RichExpected::Key),
            (json!([[1]]), "[0]", RichExpected::Runs),
        ];
        for (value, at, expected) in cases {
            assert_eq!(
                runs_xml(&value, &base, ""),
                Err(RichFault {
                    at: at.into(),
                    expected
                }),
                "{value}"
            );
        }
        assert_eq!(
            paragraphs_xml(&json!([{"align": "middle"}]), &base),
            Err(RichFault {
                at: "[0].align".into(),
                expected: RichExpected::Align
            })
        );
    }

    #[test]
    fn paragraphs_take_the_tags_paragraph_and_a_style() {
        let base = Base::new(r#"<w:pPr><w:jc w:val="both"/><w:sectPr/></w:pPr>"#, "");
        let got = paragraphs_xml(
            &json!(["một", {"style": "Heading1", "text": "hai", "bold": true}]),
            &base,
        )
        .unwrap();
        assert_eq!(
            got,
            concat!(
                r#"<w:p><w:pPr><w:jc w:val="both"/></w:pPr><w:r><w:t xml:space="preserve">một</w:t></w:r></w:p>"#,
                r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:jc w:val="both"/><w:sectPr/></w:pPr><w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">hai</w:t></w:r></w:p>"#,
            )
        );
    }

    #[test]
    fn hex_round_trips() {
        let s = r#"<w:rPr><w:b w:val="1"/></w:rPr>"#;
        assert_eq!(unhex(&hex(s)), s);
    }
}
