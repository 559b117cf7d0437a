//! The one place a Tera instance is made, so every template gets the same safety
//! settings and the same filters.
//!
//! Tera 2 has no `get_env` and no file-reading function; templates are only ever
//! added from memory, one at a time, so `{% include %}`, `{% extends %}` and
//! `{% import %}` find nothing to read. Values are escaped by a function chosen for
//! where they land: inside a Word text element, in plain XML, or not at all for
//! plain text (file names, outline bodies).

use std::collections::BTreeSet;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tera::{Kwargs, State, Tera, Value};

/// Marks the place a numbered list restarts (see [`RESTART_FUNCTION`]). A
/// noncharacter, removed from every value, so data cannot forge it.
pub const RESTART_MARK: char = '\u{FDD0}';

/// Marks where a value asks for a new paragraph (`\a` in the data, docxtpl's
/// convention); the engine splits the paragraph there after rendering. A
/// noncharacter like [`RESTART_MARK`], removed from every value as it is printed.
pub const PARAGRAPH_MARK: char = '\u{FDD1}';

/// Left in a table cell by `{% vm %}`: the cell merges with the cells below it
/// that have the same text and the mark too.
pub const VMERGE_MARK: char = '\u{FDD2}';

/// Left in a table cell by `{% hm %}`: the cell merges with the cells beside it
/// that have the same text and the mark too.
pub const HMERGE_MARK: char = '\u{FDD3}';

/// Around the colour `{% cellbg value %}` prints: the cell is shaded with it.
pub const SHADE_MARK: char = '\u{FDD4}';

/// Around the number of columns `{% colspan n %}` prints: the cell spans them.
pub const COLSPAN_MARK: char = '\u{FDD5}';

/// Around the number of the sub-document a `{{p }}` tag inserts: its paragraph
/// stands for the sub-document's body until the package is assembled.
pub const SUBDOC_MARK: char = '\u{FDD6}';

/// The noncharacters the engine uses as marks in a rendered part (U+FDD0 to
/// U+FDDF): data can never hold them, so it cannot forge a mark.
pub fn is_mark(c: char) -> bool {
    ('\u{FDD0}'..='\u{FDDF}').contains(&c)
}

/// The template function that restarts numbering: `{{ restart_numbering() }}`.
pub const RESTART_FUNCTION: &str = "restart_numbering";

/// The hidden function lenient mode wraps value tags in.
pub const LENIENT_FUNCTION: &str = "__vanban_lenient";

/// The hidden function every `{% for %}` calls once per iteration, so that a
/// template looping over too much data stops with a clear error.
pub const TICK_FUNCTION: &str = "__vanban_tick";

/// Loop iterations run so far in one render, and the limit.
#[derive(Debug, Clone)]
pub struct LoopBudget {
    /// Iterations so far.
    pub used: Arc<AtomicU64>,
    /// The limit in force.
    pub limit: u64,
}

impl LoopBudget {
    /// A fresh budget of `limit` iterations.
    pub fn new(limit: u64) -> LoopBudget {
        LoopBudget {
            used: Arc::new(AtomicU64::new(0)),
            limit,
        }
    }

    /// Whether the render ran past the limit (so its error is the limit's doing).
    pub fn exhausted(&self) -> bool {
        self.used.load(Ordering::Relaxed) > self.limit
    }
}

/// Where rendered values land, which decides how they are escaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Inside a `w:t` of WordprocessingML: newline → line break, tab → tab element.
    Word,
    /// Plain XML text (document properties).
    Xml,
    /// Not XML: no escaping (file names, outline bodies).
    Plain,
}

/// Tag numbers of lenient value tags that met an undefined value.
pub type LenientSink = Arc<Mutex<BTreeSet<usize>>>;

/// Builds a Tera instance with the project's filters and safety settings.
pub fn new_tera(
    target: Target,
    extensions: &crate::Extensions,
    lenient: Option<LenientSink>,
    loops: Option<LoopBudget>,
    rich: Option<(crate::rich::RichSink, crate::rich::ImageSink)>,
) -> Tera {
    let mut tera = Tera::new();
    match target {
        Target::Word => {
            tera.autoescape_on([".xml"]);
            tera.set_escape_fn(escape_word_text);
        }
        Target::Xml => {
            tera.autoescape_on([".xml"]);
            tera.set_escape_fn(escape_xml_text);
        }
        Target::Plain => tera.autoescape_on(Vec::<&str>::new()),
    }
    if target != Target::Plain {
        // Every value printed into XML is escaped once on the way out; Tera's own
        // `escape_xml` would escape it a second time and the reader see `&lt;`.
        tera.register_filter("escape_xml", |v: &str, _: Kwargs, _: &State| v.to_string());
    }
    extensions.apply(&mut tera);
    let (faults, images) = rich.unwrap_or_default();
    crate::rich::register(&mut tera, faults, images);
    tera.register_function(RESTART_FUNCTION, RestartNumbering);
    tera.register_function(TICK_FUNCTION, move |_: Kwargs, _: &State| {
        if let Some(budget) = &loops {
            let used = budget.used.fetch_add(1, Ordering::Relaxed) + 1;
            if used > budget.limit {
                return Err(tera::Error::message(format!(
                    "the template runs more than {} loop iterations in all: is a loop over the wrong data? ({})",
                    budget.limit,
                    crate::limits::Limit::LoopIterations
                )));
            }
        }
        Ok::<Value, tera::Error>(Value::from(""))
    });
    if let Some(sink) = lenient {
        tera.register_function(LENIENT_FUNCTION, move |kwargs: Kwargs, _: &State| {
            let value: Option<Value> = kwargs.get("v")?;
            let tag: i64 = kwargs.get("tag")?.unwrap_or(-1);
            Ok::<Value, tera::Error>(match value {
                Some(v) if !v.is_undefined() => v,
                _ => {
                    if let (Ok(mut seen), Ok(tag)) = (sink.lock(), usize::try_from(tag)) {
                        seen.insert(tag);
                    }
                    Value::from("")
                }
            })
        });
    }
    tera
}

/// `{{ restart_numbering() }}`: leaves a mark the engine turns into a fresh
/// numbering instance for the next numbered paragraph.
struct RestartNumbering;

impl tera::Function<Value> for RestartNumbering {
    fn call(&self, _: Kwargs, _: &State) -> Value {
        Value::from(RESTART_MARK.to_string())
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// True for characters XML 1.0 forbids (spreadsheet text often carries U+000B),
/// and for the engine's own mark.
fn forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
        || is_mark(c)
}

/// Escapes a value printed inside `w:t`: `\n` becomes a line break, `\t` a tab and
/// `\f` a page break (closing and reopening the text element), `\a` a new paragraph
/// (a mark the engine splits the paragraph at), as in docxtpl; other forbidden
/// characters are dropped. The text between is escaped by the one escaping
/// function, [`crate::xml::escape_text`].
pub(crate) fn escape_word_text(input: &str, out: &mut dyn Write) -> std::io::Result<()> {
    const BREAK: &str = "</w:t><w:br/><w:t xml:space=\"preserve\">";
    const TAB: &str = "</w:t><w:tab/><w:t xml:space=\"preserve\">";
    const PAGE: &str = "</w:t><w:br w:type=\"page\"/><w:t xml:space=\"preserve\">";
    // Most values are plain text: no control character, nothing to escape and no
    // character from U+F000 up (the marks, U+FFFE and U+FFFF all start with the
    // byte EF). They are written as they are, without a copy.
    if input
        .bytes()
        .all(|b| b >= 0x20 && !matches!(b, b'&' | b'<' | b'>' | 0xEF))
    {
        return out.write_all(input.as_bytes());
    }
    let mut buf = String::with_capacity(input.len() + 8);
    let mut segment = String::new();
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        let markup = match c {
            '\r' if chars.peek() == Some(&'\n') => Some(""),
            '\r' | '\n' => Some(BREAK),
            '\t' => Some(TAB),
            '\u{C}' => Some(PAGE),
            '\u{7}' => {
                segment.push(PARAGRAPH_MARK);
                None
            }
            c if forbidden(c) => None,
            c => {
                segment.push(c);
                None
            }
        };
        if let Some(markup) = markup {
            crate::xml::escape_text(&segment, &mut buf);
            segment.clear();
            buf.push_str(markup);
        }
    }
    crate::xml::escape_text(&segment, &mut buf);
    out.write_all(buf.as_bytes())
}

/// Escapes a value for plain XML text; forbidden characters are dropped.
fn escape_xml_text(input: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let clean: String = input.chars().filter(|c| !forbidden(*c)).collect();
    let mut buf = String::with_capacity(clean.len() + 8);
    crate::xml::escape_text(&clean, &mut buf);
    out.write_all(buf.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn esc(f: fn(&str, &mut dyn Write) -> std::io::Result<()>, s: &str) -> String {
        let mut v = Vec::new();
        f(s, &mut v).unwrap();
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn word_escaping_table() {
        let cases = [
            ("a & b < c > d", "a &amp; b &lt; c &gt; d"),
            ("  lề  ", "  lề  "),
            ("x\ny", "x</w:t><w:br/><w:t xml:space=\"preserve\">y"),
            ("x\r\ny", "x</w:t><w:br/><w:t xml:space=\"preserve\">y"),
            ("x\ty", "x</w:t><w:tab/><w:t xml:space=\"preserve\">y"),
            ("a\u{B}b\u{0}c\u{FFFF}", "abc"),
            ("a\u{FDD0}b\u{FDD1}c\u{FDDF}", "abc"),
            ("x\u{7}y", "x\u{FDD1}y"),
            (
                "x\u{C}y",
                "x</w:t><w:br w:type=\"page\"/><w:t xml:space=\"preserve\">y",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(esc(escape_word_text, input), want, "{input:?}");
        }
        assert_eq!(esc(escape_xml_text, "a\nb & \u{B}"), "a\nb &amp; ");
    }

    #[test]
    fn templates_cannot_read_the_environment_or_files() {
        let tera = new_tera(Target::Plain, &crate::Extensions::none(), None, None, None);
        let ctx = tera::Context::new();
        for src in [
            "{{ get_env(name=\"HOME\") }}",
            "{% include \"/etc/passwd\" %}",
            "{% extends \"/etc/passwd\" %}",
        ] {
            let err = tera.render_str(src, &ctx, false).unwrap_err().to_string();
            assert!(!err.contains("root:"), "{err}");
            assert!(
                err.contains("Unknown function `get_env`")
                    || err.contains("Unknown template")
                    || err.contains("not supported"),
                "{src}: {err}"
            );
        }
    }
}
