//! Problems and warnings with their location, the check report, and the checks that
//! find every syntax error of a template rather than only Tera's first one.
//!
//! Tera reads one part as one template and stops at its first error, and its
//! positions are lines and columns in the generated XML, which no author can find.
//! So each tag is first checked on its own, the blocks are matched by hand, and any
//! error Tera still reports is traced back to the tag it falls in.

use std::fmt;

use super::Prepared;
use super::engine::{self, Target};
use super::tags::{Level, Location, Tag, TagKind};
use crate::limits::Limit;

/// What kind of problem a [`Problem`] is, with what a front end needs to word it
/// in its own language (the `message` is this crate's English).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ProblemKind {
    /// A tag Tera cannot read (Tera's words are the first cause).
    Syntax,
    /// Blocks nested deeper than the template language allows.
    NestedTooDeep {
        /// The deepest nesting allowed.
        max: usize,
    },
    /// An `elif`/`else` outside an `if` block.
    NotInsideIf,
    /// An `end…` that closes another block than the one open.
    WrongClose {
        /// The tag that opened the block still open.
        open: String,
    },
    /// An `end…` with no block open.
    NeverOpened,
    /// A block never closed.
    NeverClosed {
        /// The tag that closes it.
        close: String,
    },
    /// A variable the data does not have.
    MissingVariable {
        /// Its name.
        name: String,
    },
    /// A field the data's object does not have.
    MissingField {
        /// The field.
        field: String,
    },
    /// A loop over a list the data does not have.
    MissingList {
        /// The list's name.
        name: String,
    },
    /// Rendering failed at a tag for another reason (Tera's words are the causes).
    CannotRender,
    /// A rich-text value (`{{r }}`, `{{p }}`) the engine cannot read.
    RichText {
        /// Where in the value: `[1].color`, or empty for the value itself.
        at: String,
        /// What was expected there.
        expected: crate::RichExpected,
    },
    /// A table-cell tag (`{% cellbg %}`, `{% colspan %}`, `{% vm %}`, `{% hm %}`)
    /// outside a table cell, where it has no cell to act on.
    CellTagOutsideCell,
    /// `{% cellbg %}` given a value that is not a colour.
    CellColour {
        /// The value given (at most 40 characters).
        value: String,
    },
    /// Something else; only the English `message` says what.
    #[default]
    Other,
}

/// One thing wrong with a template or with the data it is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong, in plain words.
    pub message: String,
    /// Where, when it can be tied to a tag.
    pub location: Option<Location>,
    /// Tera's messages, outermost first.
    pub causes: Vec<String>,
    /// The limit that stopped the render here, if one did (the loop iterations).
    pub limit: Option<Limit>,
    /// What kind of problem, for wording it in another language.
    pub kind: ProblemKind,
}

impl Problem {
    /// A problem at a tag.
    pub fn at(message: impl Into<String>, location: Location) -> Problem {
        Problem {
            message: message.into(),
            location: Some(location),
            causes: Vec::new(),
            limit: None,
            kind: ProblemKind::Other,
        }
    }

    /// A problem of the whole template.
    pub fn general(message: impl Into<String>) -> Problem {
        Problem {
            message: message.into(),
            location: None,
            causes: Vec::new(),
            limit: None,
            kind: ProblemKind::Other,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        if let Some(loc) = &self.location {
            write!(f, "\n  --> {}\n   | {}", loc.place(), loc.marked_text())?;
        }
        for cause in &self.causes {
            write!(f, "\n  caused by: {cause}")?;
        }
        Ok(())
    }
}

/// The message for a list of problems: all of them, numbered when several.
pub(crate) fn problems_message(problems: &[Problem]) -> String {
    match problems {
        [] => "the template has a problem".to_string(),
        [one] => one.to_string(),
        many => {
            let mut s = format!("{} problems in the template:", many.len());
            for (i, p) in many.iter().enumerate() {
                s.push_str(&format!("\n\n{}. {p}", i + 1));
            }
            s
        }
    }
}

/// Something the author should know about a rendered document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateWarning {
    /// What happened.
    pub message: String,
    /// Where, when known.
    pub location: Option<Location>,
    /// The variable or expression the data lacked (`ten`, `u.phone`), for a value
    /// rendered empty in lenient mode.
    pub missing: Option<String>,
}

impl fmt::Display for TemplateWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        if let Some(loc) = &self.location {
            write!(f, " ({}: {})", loc.place(), loc.marked_text())?;
        }
        Ok(())
    }
}

/// A tag as `vanban check` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagInfo {
    /// Value, block or comment.
    pub kind: TagKind,
    /// For structural tags, the element replaced.
    pub level: Option<Level>,
    /// The tag as typed.
    pub text: String,
    /// Where it is.
    pub location: Location,
}

impl TagInfo {
    /// `value`, `block`, `paragraph block`, `row comment`, …
    pub fn kind_name(&self) -> String {
        match self.level {
            None => self.kind.to_string(),
            Some(l) => {
                let level = match l {
                    Level::Run => "run",
                    Level::Paragraph => "paragraph",
                    Level::Cell => "cell",
                    Level::Row => "row",
                };
                format!("{level} {}", self.kind)
            }
        }
    }
}

/// A variable the template uses that the data does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingVariable {
    /// Its name.
    pub name: String,
    /// The tags that use it.
    pub used_at: Vec<Location>,
}

/// What `check` found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// Every tag, in reading order (body, headers, footers, notes, properties).
    pub tags: Vec<TagInfo>,
    /// Syntax errors and misplaced tags, all of them.
    pub problems: Vec<Problem>,
    /// With data: variables the template uses that the data lacks.
    pub missing: Vec<MissingVariable>,
    /// Things that are not errors but probably not meant (text a structural tag
    /// drops).
    pub warnings: Vec<TemplateWarning>,
}

impl CheckReport {
    /// True when nothing is wrong.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty() && self.missing.is_empty()
    }
}

/// The tags of a part that actually reach Tera (not those dropped with the
/// paragraph a structural tag replaced), in source order.
fn live_tags(p: &Prepared) -> impl Iterator<Item = (usize, &Tag)> {
    p.map.iter().map(|(_, _, id)| (*id, &p.tags[*id]))
}

/// The keyword of a block tag: `for` in `{%- for x in y -%}`.
fn keyword(source: &str) -> (&str, &str) {
    let inner = source
        .strip_prefix("{%")
        .unwrap_or(source)
        .trim_start_matches('-');
    let inner = inner
        .strip_suffix("%}")
        .unwrap_or(inner)
        .trim_end_matches('-')
        .trim();
    match inner.find(char::is_whitespace) {
        Some(i) => (&inner[..i], inner[i..].trim()),
        None => (inner, ""),
    }
}

/// Deepest nesting of blocks Tera accepts (its parser's `MAX_RECURSION_DEPTH`).
const MAX_BLOCK_DEPTH: usize = 40;

const OPENERS: &[&str] = &["if", "for", "raw", "filter", "block", "macro", "component"];

/// Every syntax error of a part: each tag compiled on its own, and the blocks
/// matched.
pub(crate) fn syntax_problems(p: &Prepared, extensions: &crate::Extensions) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut stack: Vec<(&str, &Tag)> = Vec::new();
    // An opener with a syntax error is not also reported as never closed.
    let mut broken: Vec<&Tag> = Vec::new();
    for (_, tag) in live_tags(p) {
        let in_raw = stack.last().is_some_and(|(k, _)| *k == "raw");
        match tag.kind {
            TagKind::Comment => {}
            TagKind::Print => {
                if !in_raw && let Some(msg) = compile_alone(&tag.source, extensions) {
                    problems.push(tag_problem(msg, tag));
                }
            }
            TagKind::Block => {
                let (kw, rest) = keyword(&tag.source);
                if in_raw && kw != "endraw" {
                    continue;
                }
                let test = match kw {
                    "if" | "elif" => Some(format!("{{% if {rest} %}}{{% endif %}}")),
                    "for" => Some(format!("{{% for {rest} %}}{{% endfor %}}")),
                    "set" | "set_global" => Some(tag.source.clone()),
                    "vm" | "hm" => None,
                    "cellbg" | "colspan" => Some(format!("{{{{ {rest} }}}}")),
                    "break" | "continue" => None,
                    _ if OPENERS.contains(&kw) || kw.starts_with("end") || kw == "else" => None,
                    _ => Some(tag.source.clone()),
                };
                if let Some(test) = test
                    && let Some(msg) = compile_alone(&test, extensions)
                {
                    problems.push(tag_problem(msg, tag));
                    broken.push(tag);
                }
                if OPENERS.contains(&kw) {
                    stack.push((kw, tag));
                    if stack.len() > MAX_BLOCK_DEPTH {
                        // Stop here: Tera would refuse it too, after work that grows
                        // with the square of the depth (10,000 nested `if` took 4 GB).
                        problems.push(Problem {
                            kind: ProblemKind::NestedTooDeep {
                                max: MAX_BLOCK_DEPTH,
                            },
                            ..tag_problem(
                                format!(
                                    "blocks are nested more than {MAX_BLOCK_DEPTH} deep here (the template language's limit); close some blocks first"
                                ),
                                tag,
                            )
                        });
                        return problems;
                    }
                } else if kw == "elif" || kw == "else" {
                    match stack.last() {
                        Some(("if", _)) => {}
                        Some(("for", _)) if kw == "else" => {}
                        _ => problems.push(Problem {
                            kind: ProblemKind::NotInsideIf,
                            ..Problem::at(
                                format!("`{}` is not inside an `{{% if %}}` block", tag.text),
                                tag.location.clone(),
                            )
                        }),
                    }
                } else if let Some(closed) = kw.strip_prefix("end") {
                    match stack.last() {
                        Some((open, _)) if *open == closed => {
                            stack.pop();
                        }
                        Some((open, opener)) => {
                            problems.push(Problem {
                                kind: ProblemKind::WrongClose {
                                    open: opener.text.clone(),
                                },
                                ..Problem::at(
                                    format!(
                                        "`{}` closes a `{closed}` block, but the block open here is `{}` ({}); close it with `{{% end{open} %}}` first",
                                        tag.text,
                                        opener.text,
                                        opener.location.place()
                                    ),
                                    tag.location.clone(),
                                )
                            });
                            // Assume the author forgot the inner close.
                            if let Some(pos) = stack.iter().rposition(|(k, _)| *k == closed) {
                                stack.truncate(pos);
                            }
                        }
                        None => problems.push(Problem {
                            kind: ProblemKind::NeverOpened,
                            ..Problem::at(
                                format!(
                                    "`{}` closes a `{closed}` block that was never opened",
                                    tag.text
                                ),
                                tag.location.clone(),
                            )
                        }),
                    }
                }
            }
        }
    }
    for (kw, opener) in stack {
        if broken.iter().any(|b| std::ptr::eq(*b, opener)) {
            continue;
        }
        let hint = match opener.level {
            Some(l) => format!("{{%{} end{kw} %}}", l.prefix()),
            None => format!("{{% end{kw} %}}"),
        };
        problems.push(Problem {
            kind: ProblemKind::NeverClosed {
                close: hint.clone(),
            },
            ..Problem::at(
                format!(
                    "`{}` is never closed: add `{hint}` where the block ends",
                    opener.text
                ),
                opener.location.clone(),
            )
        });
    }
    problems
}

/// True for a `{% for %}` tag (which gets the loop-budget call).
pub(crate) fn is_for(tag: &Tag) -> bool {
    tag.kind == TagKind::Block && keyword(&tag.source).0 == "for"
}

/// `Some(true)` for `{% raw %}`, `Some(false)` for `{% endraw %}`.
pub(crate) fn raw_edge(tag: &Tag) -> Option<bool> {
    if tag.kind != TagKind::Block {
        return None;
    }
    match keyword(&tag.source).0 {
        "raw" => Some(true),
        "endraw" => Some(false),
        _ => None,
    }
}

/// Compiles a snippet on its own; returns Tera's message when it fails.
fn compile_alone(source: &str, extensions: &crate::Extensions) -> Option<String> {
    let mut tera = engine::new_tera(Target::Plain, extensions, None, None, None);
    tera.add_raw_template("tag", source)
        .err()
        .map(|e| short_message(&e))
}

fn tag_problem(tera_message: String, tag: &Tag) -> Problem {
    Problem {
        message: format!("syntax error in `{}`", tag.text),
        location: Some(tag.location.clone()),
        causes: vec![tera_message],
        limit: None,
        kind: ProblemKind::Syntax,
    }
}

/// Tera's message without its source excerpt (which would show generated XML).
fn short_message(e: &tera::Error) -> String {
    let mut msg = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            r.message().to_string()
        }
        _ => {
            let full = e.to_string();
            let first = full.lines().next().unwrap_or_default();
            first.strip_prefix("error: ").unwrap_or(first).to_string()
        }
    };
    // "Available variables: a, b, c, …" can list the whole data; keep it short.
    for marker in ["Available variables: ", "Available fields: "] {
        if let Some(pos) = msg.find(marker) {
            let list: Vec<&str> = msg[pos + marker.len()..].split(", ").collect();
            if list.len() > 12 {
                let shown = list[..12].join(", ");
                msg = format!("{}{marker}{shown}, … ({} in all)", &msg[..pos], list.len());
            }
        }
    }
    msg
}

/// The causes below Tera's own message (a filter's error chain).
fn cause_chain(e: &tera::Error) -> Vec<String> {
    let mut causes = vec![short_message(e)];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        causes.push(s.to_string());
        source = s.source();
    }
    causes
}

/// Byte offset in the source of Tera's `--> name:line:col` note, for errors that
/// carry their position only in the text (unknown filter, function, template).
fn offset_from_note(e: &tera::Error, source: &str) -> Option<usize> {
    let text = e.to_string();
    let line = text.lines().find(|l| l.trim_start().starts_with("-->"))?;
    let mut parts = line.trim().rsplitn(3, ':');
    let col: usize = parts.next()?.trim().parse().ok()?;
    let row: usize = parts.next()?.trim().parse().ok()?;
    let start = source
        .split_inclusive('\n')
        .take(row.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let line_text = &source[start..];
    let col_bytes: usize = line_text
        .chars()
        .take(col.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    Some(start + col_bytes)
}

/// The variable a `for` tag loops over (`units` in `{%p for u in units | vn_sort %}`),
/// so a loop over missing data names what is missing rather than Tera's "undefined".
fn loop_source(tag: &str) -> Option<&str> {
    let body = tag.split_once("for ")?.1;
    let (_, rest) = body.split_once(" in ")?;
    let name = rest
        .split(|c: char| c.is_whitespace() || c == '|' || c == '%' || c == '(')
        .find(|w| !w.is_empty())?;
    Some(name)
}

/// Turns a Tera error on a whole part into a problem at the tag it falls in.
pub(crate) fn tera_problem(e: &tera::Error, p: &Prepared) -> Problem {
    let offset = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            Some(r.span().range.start)
        }
        _ => offset_from_note(e, &p.source),
    };
    let tag = offset.and_then(|o| p.tag_at(o));
    let short = short_message(e);
    let (message, kind) = if let Some(name) = between(&short, "Variable `", "` is not defined") {
        (
            format!("`{name}` is not in the data"),
            ProblemKind::MissingVariable { name: name.into() },
        )
    } else if let Some(name) = between(&short, "Field `", "` is not defined") {
        let message = match tag {
            Some(t) => format!(
                "`{}` uses field `{name}`, which the data does not have",
                t.text
            ),
            None => format!("field `{name}` is not in the data"),
        };
        (message, ProblemKind::MissingField { field: name.into() })
    } else if let Some(list) = short
        .contains("undefined")
        .then(|| tag.and_then(|t| loop_source(&t.text)))
        .flatten()
    {
        (
            format!("`{list}` is not in the data (the loop needs a list)"),
            ProblemKind::MissingList { name: list.into() },
        )
    } else {
        let message = match tag {
            Some(t) => format!("cannot render `{}`", t.text),
            None => format!("cannot render the {}", p.label),
        };
        (message, ProblemKind::CannotRender)
    };
    Problem {
        message,
        location: tag.map(|t| t.location.clone()),
        causes: cause_chain(e),
        limit: None,
        kind,
    }
}

/// The name in Tera's "Variable `x` is not defined" error.
pub(crate) fn undefined_variable(e: &tera::Error) -> Option<String> {
    between(&short_message(e), "Variable `", "` is not defined").map(str::to_string)
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = s.strip_prefix(start)?;
    let i = rest.find(end)?;
    Some(&rest[..i])
}

/// A Tera error on a plain text (file-name pattern, outline), located by line.
pub(crate) fn text_problem(e: &tera::Error, name: &str, text: &str) -> Problem {
    let offset = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            Some(r.span().range.clone())
        }
        _ => offset_from_note(e, text).map(|o| o..o + 1),
    };
    let location = offset.map(|range| {
        let start = range.start.min(text.len());
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_no = text[..start].matches('\n').count() + 1;
        let end = range.end.clamp(start, line_end.max(start));
        Location {
            part: name.to_string(),
            paragraph: line_no,
            cell: None,
            text: text[line_start..line_end].to_string(),
            span: start - line_start..end - line_start,
            by_line: true,
        }
    });
    let short = short_message(e);
    let (message, kind) = if let Some(v) = between(&short, "Variable `", "` is not defined") {
        (
            format!("`{v}` is not in the data"),
            ProblemKind::MissingVariable { name: v.into() },
        )
    } else {
        (format!("cannot render {name}"), ProblemKind::CannotRender)
    };
    Problem {
        message,
        location,
        causes: cause_chain(e),
        limit: None,
        kind,
    }
}

/// The tags of a part that mention `var` as a top-level name.
pub(crate) fn uses_of<'a>(var: &str, p: &'a Prepared) -> Vec<&'a Tag> {
    live_tags(p)
        .map(|(_, t)| t)
        .filter(|t| mentions(&t.source, var))
        .collect()
}

fn mentions(source: &str, var: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    source.match_indices(var).any(|(i, _)| {
        let before = source[..i].chars().next_back();
        let after = source[i + var.len()..].chars().next();
        !before.is_some_and(|c| is_ident(c) || c == '.') && !after.is_some_and(is_ident)
    })
}

/// The expression a lenient tag reads: `u.phone` in `{{ u.phone | upper }}`,
/// `u.tasks` in `{%p for t in u.tasks %}`.
pub(crate) fn lenient_subject(tag: &Tag) -> String {
    let inner = tag.source[2..tag.source.len().saturating_sub(2).max(2)]
        .trim_matches('-')
        .trim();
    let expr = match tag.kind {
        TagKind::Block => {
            let (kw, rest) = keyword(&tag.source);
            match kw {
                "for" => rest.split_once(" in ").map_or(rest, |(_, e)| e),
                _ => rest,
            }
        }
        _ => inner.split('|').next().unwrap_or(inner),
    };
    expr.trim().to_string()
}

/// True when a tag itself says what a missing value means: a `default` filter, an
/// `is defined` / `is undefined` test. Lenient mode leaves such a value undefined.
pub(crate) fn handles_missing(source: &str) -> bool {
    source.contains("default(") || source.contains("defined")
}

/// True when lenient mode's rewriting of `tag` copes with any of its values being
/// missing, so the variables it uses need no empty stand-in in the data.
pub(crate) fn lenient_copes(tag: &Tag) -> bool {
    match tag.kind {
        TagKind::Comment => true,
        // A picture the data does not give stays the template's.
        _ if tag.picture.is_some() => true,
        _ if handles_missing(&tag.source) => true,
        TagKind::Print => print_path(&tag.source).is_some(),
        TagKind::Block => {
            let (kw, rest) = keyword(&tag.source);
            match kw {
                "if" | "elif" | "cellbg" | "colspan" => is_plain_path(rest),
                "vm" | "hm" => true,
                "for" => rest
                    .split_once(" in ")
                    .is_some_and(|(_, list)| is_plain_path(list.trim())),
                _ => !kw.is_empty() && (kw.starts_with("end") || kw == "else" || kw == "raw"),
            }
        }
    }
}

/// A value tag whose expression starts with a plain path, filters after it:
/// (opening, leading space, path, the rest, closing).
fn print_path(s: &str) -> Option<(&str, &str, &str, &str, &str)> {
    let open_len = if s.starts_with("{{-") { 3 } else { 2 };
    let close_len = if s.ends_with("-}}") { 3 } else { 2 };
    if s.len() < open_len + close_len {
        return None;
    }
    let inner = &s[open_len..s.len() - close_len];
    let trimmed = inner.trim_start();
    let lead = &inner[..inner.len() - trimmed.len()];
    let path_len = trimmed
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .unwrap_or(trimmed.len());
    let path = &trimmed[..path_len];
    let rest = &trimmed[path_len..];
    let simple = !path.is_empty()
        && path.split('.').all(|seg| {
            seg.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
        })
        && (rest.trim().is_empty() || rest.trim_start().starts_with('|'));
    if !simple || ["true", "false", "none"].contains(&path) {
        return None;
    }
    Some((&s[..open_len], lead, path, rest, &s[s.len() - close_len..]))
}

/// In lenient mode, a value tag that is a plain path, with or without filters
/// (`{{ a.b }}`, `{{ a.b | f }}`), becomes
/// `{% if a?.b is defined %}{{ a.b }}{% else %}{{ __vanban_lenient(v=a?.b, tag=N) }}{% endif %}`:
/// a value the data has prints as in strict mode; a missing one renders empty
/// (the whole tag: a filter would fail on it) and is reported, unless a `default`
/// filter says what to print. The test costs less than calling the function for
/// every value: at 100,000 table rows the render's template time fell from 310 to
/// about 130 ms (strict: 75).
pub(crate) fn lenient_source(tag: &Tag, id: usize) -> String {
    if tag.kind == TagKind::Block {
        if handles_missing(&tag.source) {
            return tag.source.clone();
        }
        return lenient_block(&tag.source, id);
    }
    if tag.kind != TagKind::Print {
        return tag.source.clone();
    }
    let s = &tag.source;
    let Some((open, lead, path, rest, close)) = print_path(s) else {
        return s.clone();
    };
    let optional = path.split('.').collect::<Vec<_>>().join("?.");
    let lenient = engine::LENIENT_FUNCTION;
    if handles_missing(rest) {
        return format!("{open}{lead}{optional}{rest}{close}");
    }
    let (block_open, block_close) = (
        if open == "{{-" { "{%-" } else { "{%" },
        if close == "-}}" { "-%}" } else { "%}" },
    );
    format!(
        "{block_open} if {optional} is defined %}}{{{{{lead}{path}{rest}}}}}{{% else %}}{{{{ {lenient}(v={optional}, tag={id}) }}}}{{% endif {block_close}"
    )
}

/// True for a table-cell tag: `{% vm %}`, `{% hm %}`, `{% cellbg … %}`,
/// `{% colspan … %}`.
pub(crate) fn is_cell_tag(tag: &Tag) -> bool {
    tag.kind == TagKind::Block
        && tag.level.is_none()
        && matches!(keyword(&tag.source).0, "vm" | "hm" | "cellbg" | "colspan")
}

/// The Tera source of a table-cell tag (`{% vm %}`, `{% hm %}`,
/// `{% cellbg value %}`, `{% colspan n %}`): a mark the engine acts on after rendering, or `None` for
/// any other tag.
pub(crate) fn cell_source(tag: &Tag, id: usize, strict: bool) -> Option<String> {
    if tag.kind != TagKind::Block || tag.level.is_some() {
        return None;
    }
    let (kw, rest) = keyword(&tag.source);
    match kw {
        "vm" => Some(engine::VMERGE_MARK.to_string()),
        "hm" => Some(engine::HMERGE_MARK.to_string()),
        "cellbg" | "colspan" => {
            let value = if !strict && is_plain_path(rest) {
                let path = rest.split('.').collect::<Vec<_>>().join("?.");
                format!("{}(v={path}, tag={id})", engine::LENIENT_FUNCTION)
            } else {
                rest.to_string()
            };
            let (mark, value) = if kw == "cellbg" {
                (
                    engine::SHADE_MARK,
                    format!("{}(v={value})", crate::rich::CELL_COLOUR_FUNCTION),
                )
            } else {
                (engine::COLSPAN_MARK, value)
            };
            Some(format!("{mark}{{{{ {value} }}}}{mark}"))
        }
        _ => None,
    }
}

/// The Tera source of a rich-text tag: `{{r x | f }}` becomes a call of the hidden
/// function with the value and the formatting of what it replaces. In lenient mode
/// a missing plain path gives no runs and is reported.
pub(crate) fn rich_source(tag: &Tag, id: usize, ppr: &str, rpr: &str, strict: bool) -> String {
    let s = &tag.source;
    let open = if s.starts_with("{{-") { "{{-" } else { "{{" };
    let close = if s.ends_with("-}}") { "-}}" } else { "}}" };
    let expr = s
        .get(open.len()..s.len().saturating_sub(close.len()))
        .unwrap_or_default()
        .trim();
    let value = if !strict && is_plain_path(expr) {
        let path = expr.split('.').collect::<Vec<_>>().join("?.");
        format!("{}(v={path}, tag={id})", engine::LENIENT_FUNCTION)
    } else {
        format!("({expr})")
    };
    let function = match tag.level {
        Some(Level::Paragraph) => crate::rich::PARAGRAPHS_FUNCTION,
        _ => crate::rich::RUNS_FUNCTION,
    };
    format!(
        "{open} {function}(v={value}, ppr=\"{}\", rpr=\"{}\") {close}",
        crate::rich::hex(ppr),
        crate::rich::hex(rpr)
    )
}

/// In lenient mode, `{% if a.b %}` and `{% for x in a.b %}` treat a missing value
/// as empty: a plain path goes through the lenient function (and is reported),
/// any other expression reads its fields with `?.`.
fn lenient_block(source: &str, id: usize) -> String {
    let (kw, rest) = keyword(source);
    let open = if source.starts_with("{%-") {
        "{%-"
    } else {
        "{%"
    };
    let close = if source.ends_with("-%}") { "-%}" } else { "%}" };
    let wrap = |expr: &str| -> String {
        let expr = expr.trim();
        if is_plain_path(expr) {
            let path = expr.split('.').collect::<Vec<_>>().join("?.");
            format!("{}(v={path}, tag={id})", engine::LENIENT_FUNCTION)
        } else {
            optional_fields(expr)
        }
    };
    match kw {
        "if" | "elif" => format!("{open} {kw} {} {close}", wrap(rest)),
        "for" => match rest.find(" in ") {
            Some(i) => format!(
                "{open} for {} in {} {close}",
                &rest[..i],
                wrap(&rest[i + 4..])
            ),
            None => source.to_string(),
        },
        _ => source.to_string(),
    }
}

pub(crate) fn is_plain_path(expr: &str) -> bool {
    !expr.is_empty()
        && !["true", "false", "none", "loop"].contains(&expr.split('.').next().unwrap_or(""))
        && expr.split('.').all(|seg| {
            seg.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
                && seg.chars().all(|c| c.is_alphanumeric() || c == '_')
        })
}

/// `a.b == "x.y" and c.d` → `a?.b == "x.y" and c?.d` (string literals untouched,
/// numbers like `1.5` untouched).
fn optional_fields(expr: &str) -> String {
    let mut out = String::with_capacity(expr.len() + 8);
    let mut quote: Option<char> = None;
    let mut word_start_alpha = false;
    let mut prev: Option<char> = None;
    let chars: Vec<char> = expr.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if let Some(q) = quote {
            out.push(c);
            if c == q {
                quote = None;
            }
            prev = Some(c);
            continue;
        }
        match c {
            '"' | '\'' | '`' => {
                quote = Some(c);
                out.push(c);
            }
            '.' => {
                let next_ident = chars
                    .get(i + 1)
                    .is_some_and(|n| n.is_alphabetic() || *n == '_');
                let after_value = word_start_alpha || matches!(prev, Some(')') | Some(']'));
                // `loop.index` is Tera's loop variable, never missing.
                let word_len = out
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .map(char::len_utf8)
                    .sum::<usize>();
                let word = &out[out.len() - word_len..];
                let is_loop = word == "loop" && !out[..out.len() - word_len].ends_with('.');
                if next_ident && after_value && prev != Some('?') && !is_loop {
                    out.push_str("?.");
                } else {
                    out.push('.');
                }
            }
            _ => out.push(c),
        }
        let is_ident = c.is_alphanumeric() || c == '_';
        let prev_ident = prev.is_some_and(|p| p.is_alphanumeric() || p == '_');
        if is_ident && !prev_ident && prev != Some('.') {
            word_start_alpha = c.is_alphabetic() || c == '_';
        } else if !is_ident && c != '.' {
            word_start_alpha = false;
        }
        prev = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loop_source_is_the_listed_variable() {
        let cases = [
            ("{%p for u in units %}", Some("units")),
            ("{% for u in units|vn_sort %}", Some("units")),
            (
                "{%tr for r in data.rows | slice(end=3) %}",
                Some("data.rows"),
            ),
            ("{%tc for k, v in tong %}", Some("tong")),
            ("{{ x }}", None),
        ];
        for (tag, want) in cases {
            assert_eq!(loop_source(tag), want, "{tag}");
        }
    }

    #[test]
    fn lenient_value_tags_test_is_defined_rather_than_call_the_function() {
        let print = |source: &str| Tag {
            kind: TagKind::Print,
            level: None,
            text: source.into(),
            source: source.into(),
            location: Location {
                part: "body".into(),
                paragraph: 1,
                cell: None,
                text: source.into(),
                span: 0..source.len(),
                by_line: false,
            },
            base: None,
            picture: None,
        };
        let cases = [
            (
                "{{ u.ten }}",
                "{% if u?.ten is defined %}{{ u.ten }}{% else %}{{ __vanban_lenient(v=u?.ten, tag=3) }}{% endif %}",
            ),
            (
                "{{- x | upper -}}",
                "{%- if x is defined %}{{ x | upper }}{% else %}{{ __vanban_lenient(v=x, tag=3) }}{% endif -%}",
            ),
            (
                "{{ u.ten | default(value=\"-\") }}",
                "{{ u?.ten | default(value=\"-\") }}",
            ),
            ("{{ 1 + 2 }}", "{{ 1 + 2 }}"),
        ];
        for (src, want) in cases {
            assert_eq!(lenient_source(&print(src), 3), want, "{src}");
        }
    }

    #[test]
    fn lenient_blocks_read_missing_fields_as_empty() {
        let cases = [
            (
                "{% if u.phone %}",
                "{% if __vanban_lenient(v=u?.phone, tag=3) %}",
            ),
            (
                "{%- elif x -%}",
                "{%- elif __vanban_lenient(v=x, tag=3) -%}",
            ),
            (
                "{% for t in u.tasks %}",
                "{% for t in __vanban_lenient(v=u?.tasks, tag=3) %}",
            ),
            (
                "{% if u.a == \"x.y\" and v.b > 1.5 %}",
                "{% if u?.a == \"x.y\" and v?.b > 1.5 %}",
            ),
            (
                "{% for k, v in m.items %}",
                "{% for k, v in __vanban_lenient(v=m?.items, tag=3) %}",
            ),
            ("{% endif %}", "{% endif %}"),
            ("{% if loop.first %}", "{% if loop.first %}"),
        ];
        for (src, want) in cases {
            assert_eq!(lenient_block(src, 3), want, "{src}");
        }
    }

    #[test]
    fn block_keywords() {
        let cases = [
            ("{% for x in y %}", ("for", "x in y")),
            ("{%- endif -%}", ("endif", "")),
            ("{% else %}", ("else", "")),
        ];
        for (src, want) in cases {
            assert_eq!(keyword(src), want, "{src}");
        }
    }

    #[test]
    fn identifier_mentions() {
        assert!(mentions("{{ ten | upper }}", "ten"));
        assert!(!mentions("{{ ten_don_vi }}", "ten"));
        assert!(!mentions("{{ u.ten }}", "ten"));
        assert!(mentions("{% for r in rows %}", "rows"));
    }
}
