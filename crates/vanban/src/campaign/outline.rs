//! The body outline of a plan or report (`ke-hoach.txt`, `bao-cao.txt`): plain text a
//! clerk edits in any editor, in the form real plans use.
//!
//! One paragraph per non-blank line. A line's marker gives its level:
//!
//! | marker | level | printed as |
//! | --- | --- | --- |
//! | `I.` `II.` … (Roman) | section ("mục") | `I.`, `II.`, … renumbered |
//! | `1.` or `1-` | item ("khoản") | `1.`, `2.`, … renumbered within the section |
//! | `a)` | point ("điểm") | `a)`, `b)`, … in Vietnamese order, renumbered within the item |
//! | `-` (or `–`) | dash bullet | `-` |
//! | `+` | plus bullet, under a dash | `+` |
//! | anything else | plain paragraph | as written |
//!
//! The tool renumbers, so a clerk who inserts a section writes any Roman number and
//! the rest follow. What it refuses, with the line number: a `+` with no `-` above
//! it in the same item, and a line that looks like a marker in a form real plans do
//! not use (`1)`, `a.`, `A)`, `ii.`), which is nearly always a typo for one that does.
//! This module sees text only: Tera expressions are rendered before it runs. So that
//! problems still point at the line the clerk wrote, [`mark_source_lines`] tags each
//! source line before rendering and [`parse`] reads the tags back (a line a loop
//! repeats keeps the number of the line it came from).

use serde::Serialize;

/// The level of one outline paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Level {
    /// `I.`: a section ("mục"), bold upper case.
    #[serde(rename = "I")]
    Section,
    /// `1.`: an item ("khoản").
    #[serde(rename = "1")]
    Item,
    /// `a)`: a point ("điểm").
    #[serde(rename = "a")]
    Point,
    /// `-`: a dash bullet.
    #[serde(rename = "-")]
    Dash,
    /// `+`: a plus bullet, under a dash.
    #[serde(rename = "+")]
    Plus,
    /// A plain paragraph.
    #[serde(rename = "p")]
    Plain,
    /// `PHẦN I`, `Phần thứ nhất`, `A.`: a part heading, centred, printed as written.
    #[serde(rename = "P")]
    Part,
    /// `Chương I`: a chapter heading, centred, printed as written.
    #[serde(rename = "C")]
    Chapter,
    /// `Điều 1.`: an article of a decision or a rule, renumbered.
    #[serde(rename = "D")]
    Article,
    /// `1.1.`: a numbered sub-item under an item, renumbered.
    #[serde(rename = "1.1")]
    SubItem,
    /// `QUYẾT ĐỊNH:` (or `QUYẾT NGHỊ:`) alone on its line: the word that opens the
    /// articles of a decision, centred and bold.
    #[serde(rename = "QD")]
    Decision,
    /// A line of the grounds of a decision ("Căn cứ …", "Xét đề nghị …", "Theo đề
    /// nghị …") before its `QUYẾT ĐỊNH:` line: italic; `label` keeps a `-` typed
    /// before it.
    #[serde(rename = "cc")]
    Basis,
    /// A table (`[BẢNG]` … `[/BẢNG]`, cells separated by tabs, or lines of `| a | b |`):
    /// `head` is its first row, `rows` the others.
    #[serde(rename = "table")]
    Table,
}

impl Level {
    /// The short name templates test (`b.level == "I"`).
    pub fn code(self) -> &'static str {
        match self {
            Level::Section => "I",
            Level::Item => "1",
            Level::Point => "a",
            Level::Dash => "-",
            Level::Plus => "+",
            Level::Plain => "p",
            Level::Part => "P",
            Level::Chapter => "C",
            Level::Article => "D",
            Level::SubItem => "1.1",
            Level::Decision => "QD",
            Level::Basis => "cc",
            Level::Table => "table",
        }
    }
}

/// One paragraph of the outline, renumbered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    /// Its level.
    pub level: Level,
    /// The printed marker (`II.`, `3.`, `đ)`, `-`, `+`), empty for plain paragraphs.
    pub label: String,
    /// The text after the marker, white space collapsed.
    pub text: String,
    /// Whether an item (`1.`) is a heading ("1. Mục đích") rather than a numbered
    /// paragraph of running text; headings are bold. True for sections and for items
    /// whose text is short and does not end in sentence punctuation.
    pub titled: bool,
    /// The line of the source text it came from (1-based).
    pub line: usize,
    /// A table's first row (its header, repeated on every page); empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub head: Vec<String>,
    /// A table's other rows, each as wide as `head`; empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<Vec<String>>,
}

/// A structural problem in an outline.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {kind}")]
pub struct OutlineProblem {
    /// The line (1-based).
    pub line: usize,
    /// What is wrong; the front end words it, with how to fix it.
    pub kind: Problem,
}

/// What is wrong with a line of an outline.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// `f)`, `j)`: not a letter points use.
    #[error("`{token}` is not a point letter; write `a)`")]
    NotPointLetter {
        /// The marker as typed.
        token: String,
    },
    /// A marker in a form plans do not use (`2)`, `a.`, `ii.`), and the form to use.
    #[error("`{token}` looks like a marker of the level `{level}`; write `{write}`")]
    Lookalike {
        /// The marker as typed.
        token: String,
        /// `section`, `item` or `point`.
        level: &'static str,
        /// The marker to write instead.
        write: String,
    },
    /// More points under one item than there are letters.
    #[error("more than {max} points under one item")]
    TooManyPoints {
        /// How many letters there are.
        max: usize,
    },
    /// A `+` line with no `-` line above it in the same item.
    #[error("a `+` line must follow a `-` line of the same item")]
    PlusWithoutDash,
    /// A marker with no text after it.
    #[error("`{label}` has no text after it")]
    Empty {
        /// The marker, renumbered.
        label: String,
    },
    /// `[BẢNG]` with no `[/BẢNG]` after it.
    #[error("`[BẢNG]` is never closed with `[/BẢNG]`")]
    TableNotClosed,
    /// `[/BẢNG]` with no `[BẢNG]` before it.
    #[error("`[/BẢNG]` closes no table")]
    TableNotOpen,
    /// A `1.1.` sub-item with no `1.` item above it.
    #[error("`{token}` has no numbered item (`1.`) above it")]
    SubItemWithoutItem {
        /// The marker as typed.
        token: String,
    },
}

impl Problem {
    /// The diagnostic code of this problem (`outline.lookalike`).
    pub fn code(&self) -> &'static str {
        match self {
            Problem::NotPointLetter { .. } => "outline.not_point_letter",
            Problem::Lookalike { .. } => "outline.lookalike",
            Problem::TooManyPoints { .. } => "outline.too_many_points",
            Problem::PlusWithoutDash => "outline.plus_without_dash",
            Problem::Empty { .. } => "outline.empty",
            Problem::TableNotClosed => "outline.table_not_closed",
            Problem::TableNotOpen => "outline.table_not_open",
            Problem::SubItemWithoutItem { .. } => "outline.sub_item_without_item",
        }
    }

    /// Every code a problem can have.
    pub const CODES: &[&str] = &[
        "outline.not_point_letter",
        "outline.lookalike",
        "outline.too_many_points",
        "outline.plus_without_dash",
        "outline.empty",
        "outline.table_not_closed",
        "outline.table_not_open",
        "outline.sub_item_without_item",
    ];
}

impl OutlineProblem {
    /// The problem as a diagnostic at its line of `file`.
    pub fn diagnostic(&self, file: &str) -> crate::diagnostic::Diagnostic {
        let d = crate::diagnostic::Diagnostic::error(
            self.kind.code(),
            crate::diagnostic::Location::line(file, self.line),
        );
        match &self.kind {
            Problem::NotPointLetter { token } => d.arg("token", token.as_str()),
            Problem::Lookalike {
                token,
                level,
                write,
            } => d
                .arg("token", token.as_str())
                .arg("level", *level)
                .arg("write", write.as_str()),
            Problem::TooManyPoints { max } => d.arg("max", *max),
            Problem::PlusWithoutDash | Problem::TableNotClosed | Problem::TableNotOpen => d,
            Problem::Empty { label } => d.arg("label", label.as_str()),
            Problem::SubItemWithoutItem { token } => d.arg("token", token.as_str()),
        }
    }
}

/// Every problem of an outline file, named.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {}", problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "))]
pub struct OutlineError {
    /// The outline file.
    pub file: String,
    /// Every problem found, in line order.
    pub problems: Vec<OutlineProblem>,
}

use crate::vn::numbering::POINT_LETTERS;

/// An item longer than this is running text, not a heading.
const TITLE_MAX_CHARS: usize = 120;

enum Marker<'a> {
    Level(Level, &'a str),
    /// Looks like a marker in a form plans do not use; the problem says which to use.
    Lookalike(Problem),
    /// `1.1.`: a sub-item, as typed, and its text.
    SubItem(&'a str, &'a str),
    None,
}

/// The words that open a part heading (`PHẦN I`, `Phần thứ nhất`) or a chapter
/// heading (`Chương I`), followed by a number, a Roman numeral or an ordinal word.
const PART_WORDS: &[&str] = &["PHẦN", "Phần"];
const CHAPTER_WORDS: &[&str] = &["CHƯƠNG", "Chương"];
/// The line that opens the articles of a decision or a resolution.
const DECISION_WORDS: &[&str] = &["QUYẾT ĐỊNH", "QUYẾT NGHỊ"];
/// How a line of the grounds of a decision begins.
const BASIS_WORDS: &[&str] = &["Căn cứ", "Xét đề nghị", "Theo đề nghị", "Xét tờ trình"];

/// `PHẦN 1: …`, `Phần thứ hai`, `CHƯƠNG II`: whether `line` opens with one of `words`
/// followed by a numeral (digits, a Roman numeral or `thứ …`).
fn numbered_heading(line: &str, words: &[&str]) -> bool {
    words.iter().any(|word| {
        let Some(rest) = line.strip_prefix(word) else {
            return false;
        };
        let Some(rest) = rest.strip_prefix(' ') else {
            return false;
        };
        let numeral: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
        !numeral.is_empty()
            && (numeral.chars().all(|c| c.is_ascii_digit())
                || numeral.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
                || numeral.eq_ignore_ascii_case("thứ"))
    })
}

/// `Điều 3. …`: the article's number and the text after it.
fn article(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("Điều ")?;
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let after = &rest[digits..];
    let after = after
        .strip_prefix('.')
        .or_else(|| after.strip_prefix(':'))
        .unwrap_or(after);
    match after.chars().next() {
        None => Some(""),
        Some(c) if c.is_whitespace() => Some(after.trim_start()),
        _ => None,
    }
}

/// `1.1.`: a sub-item, with the text after it.
fn sub_item(line: &str) -> Option<(&str, &str)> {
    let first = line.chars().take_while(char::is_ascii_digit).count();
    if first == 0 || first > 3 {
        return None;
    }
    let rest = line[first..].strip_prefix('.')?;
    // `1.1.` with its final dot, so "2.5 km" and "1.000 người" stay text.
    let second = rest.chars().take_while(char::is_ascii_digit).count();
    if second == 0 || second > 2 {
        return None;
    }
    let after = rest[second..].strip_prefix('.')?;
    let token = &line[..line.len() - after.len()];
    match after.chars().next() {
        None => Some((token, "")),
        Some(c) if c.is_whitespace() => Some((token, after.trim_start())),
        Some(c) if c.is_alphabetic() => Some((token, after)),
        _ => None,
    }
}

fn classify(line: &str) -> Marker<'_> {
    // `+` and `-` take a space or a letter after them ("-Phối hợp" is a bullet typed
    // in a hurry), so "-5%" or "+84" stay text. `*` and `•` are dashes typed another
    // way: printed `-`, the bullet the Decree's documents use.
    for (prefix, level) in [
        ("-", Level::Dash),
        ("–", Level::Dash),
        ("+", Level::Plus),
        ("*", Level::Dash),
        ("•", Level::Dash),
    ] {
        if let Some(rest) = line.strip_prefix(prefix) {
            match rest.chars().next() {
                None => return Marker::Level(level, ""),
                Some(c) if c.is_whitespace() || c.is_alphabetic() => {
                    return Marker::Level(level, rest.trim_start());
                }
                Some(_) => return Marker::None,
            }
        }
    }
    if DECISION_WORDS.iter().any(|w| {
        line.strip_prefix(w)
            .is_some_and(|r| r.is_empty() || r == ":")
    }) {
        return Marker::Level(Level::Decision, line);
    }
    if numbered_heading(line, PART_WORDS) {
        return Marker::Level(Level::Part, line);
    }
    if numbered_heading(line, CHAPTER_WORDS) {
        return Marker::Level(Level::Chapter, line);
    }
    if let Some(rest) = article(line) {
        return Marker::Level(Level::Article, rest);
    }
    if let Some((token, rest)) = sub_item(line) {
        return Marker::SubItem(token, rest);
    }
    // The stem: the letters or digits before the first other character.
    let stem_end = line
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(line.len());
    let (stem, after) = line.split_at(stem_end);
    let mut after_chars = after.chars();
    let Some(last) = after_chars.next() else {
        return Marker::None;
    };
    if stem.is_empty() || !matches!(last, '.' | ')' | '-' | '/') {
        return Marker::None;
    }
    let rest = after_chars.as_str();
    let token = &line[..stem_end + last.len_utf8()];
    // Single letters that are Roman numerals only in theory (C = 100, L = 50) are
    // part letters (`A.`, `B.`, `C.`).
    let is_roman = stem
        .chars()
        .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'))
        && !matches!(stem, "C" | "L");
    // A marker is followed by white space, the end of the line, or (typed without
    // the space) a letter: "1.Mục đích", "a)Điểm". A digit or other sign after it
    // makes it text ("1.000 người", "2.5 km", "1-2 ngày", "1/2 số"). Roman numerals
    // glued to their title need a capital after them, so "V.v…" stays text.
    let next = rest.chars().next();
    let separated = match next {
        None => true,
        Some(c) if c.is_whitespace() => true,
        Some(c) if is_roman => c.is_uppercase(),
        Some(c) => c.is_alphabetic(),
    };
    if !separated {
        return Marker::None;
    }
    let spaced = next.is_none_or(char::is_whitespace);
    let rest = rest.trim_start();
    let is_number = stem.chars().all(|c| c.is_ascii_digit()) && stem.len() <= 3;
    let is_letter = POINT_LETTERS.contains(&stem);
    let is_upper_letter =
        stem.chars().count() == 1 && stem.chars().all(|c| c.is_ascii_uppercase() || c == 'Đ');
    let is_lower_roman = stem.len() > 1 && stem.chars().all(|c| matches!(c, 'i' | 'v' | 'x'));
    match last {
        '.' | '-' | '/' if is_roman => Marker::Level(Level::Section, rest),
        '.' | '-' | '/' if is_number => Marker::Level(Level::Item, rest),
        ')' if is_letter => Marker::Level(Level::Point, rest),
        // `a.` and `a-` are points typed another way, when a space follows (so "a.m."
        // stays text).
        '.' | '-' if is_letter && spaced => Marker::Level(Level::Point, rest),
        // `A.`, `B.`: the letters of parts ("A. KẾT QUẢ", "B. PHƯƠNG HƯỚNG").
        '.' if is_upper_letter && spaced => Marker::Level(Level::Part, line),
        ')' if stem.len() == 1 && stem.chars().all(|c| c.is_ascii_lowercase()) => {
            Marker::Lookalike(Problem::NotPointLetter {
                token: token.to_string(),
            })
        }
        ')' if is_number => lookalike(token, "item", format!("{stem}.")),
        ')' if is_roman => lookalike(token, "section", format!("{stem}.")),
        ')' if is_upper_letter && spaced => {
            lookalike(token, "point", format!("{})", stem.to_lowercase()))
        }
        '.' | ')' if is_lower_roman && spaced => {
            lookalike(token, "section", format!("{}.", stem.to_uppercase()))
        }
        _ => Marker::None,
    }
}

fn lookalike(token: &str, level: &'static str, write: String) -> Marker<'static> {
    Marker::Lookalike(Problem::Lookalike {
        token: token.to_string(),
        level,
        write,
    })
}

/// Collapses runs of spaces into one and keeps tabs (figures a clerk lined up with
/// tabs stay lined up: each tab is a tab stop in Word); text is NFC.
fn collapse(text: &str) -> String {
    let text = crate::vn::text::nfc(text);
    text.split('\t')
        .map(|part| part.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\t")
        .trim()
        .to_string()
}

/// Whether an item's text is a heading ("Mục đích", "Tình hình chung:") rather than
/// running text: short, and not ending like a sentence. A heading may end with a
/// colon: the lines under it are its content.
fn is_heading(text: &str) -> bool {
    !text.is_empty() && text.chars().count() <= TITLE_MAX_CHARS && !text.ends_with(['.', ';', ','])
}

/// The cells of one table line: tab-separated in a `[BẢNG]` block, `|`-separated in
/// a pipe table; each cell's text collapsed.
fn table_cells(line: &str, pipe: bool) -> Vec<String> {
    if pipe {
        let inner = line.trim();
        let inner = inner.strip_prefix('|').unwrap_or(inner);
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        inner.split('|').map(collapse).collect()
    } else {
        line.split('\t').map(collapse).collect()
    }
}

/// `|---|:---:|`: the rule under a pipe table's header.
fn is_pipe_rule(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
        && t.contains('-')
}

fn table_paragraph(mut rows: Vec<Vec<String>>, line: usize) -> Paragraph {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    for row in &mut rows {
        row.resize(width, String::new());
    }
    let mut rows = rows.into_iter();
    let head = rows.next().unwrap_or_default();
    Paragraph {
        level: Level::Table,
        label: String::new(),
        text: String::new(),
        titled: false,
        line,
        head,
        rows: rows.collect(),
    }
}

// Private-use characters around a source line number: they pass through Tera and
// never occur in real text.
const MARK_OPEN: char = '\u{F8F0}';
const MARK_CLOSE: char = '\u{F8F1}';

/// Appends a source-line tag to every line of a body text that does not end inside a
/// Tera tag (`{{ … }}`, `{% … %}`, `{# … #}` spanning lines are left untouched), so
/// that [`parse`] can report the line the clerk wrote after Tera has run.
pub fn mark_source_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut closer: Option<&str> = None;
    let lines: Vec<&str> = text.split('\n').collect();
    for (index, line) in lines.iter().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut rest = line;
        while !rest.is_empty() {
            match closer {
                Some(end) => match rest.find(end) {
                    Some(at) => {
                        rest = &rest[at + end.len()..];
                        closer = None;
                    }
                    None => rest = "",
                },
                None => {
                    let next = ["{{", "{%", "{#"]
                        .iter()
                        .filter_map(|open| rest.find(open).map(|at| (at, *open)))
                        .min();
                    match next {
                        Some((at, open)) => {
                            closer = Some(match open {
                                "{{" => "}}",
                                "{%" => "%}",
                                _ => "#}",
                            });
                            rest = &rest[at + 2..];
                        }
                        None => rest = "",
                    }
                }
            }
        }
        out.push_str(line);
        if closer.is_none() {
            out.push(MARK_OPEN);
            out.push_str(&(index + 1).to_string());
            out.push(MARK_CLOSE);
        }
        if index + 1 < lines.len() {
            out.push('\n');
        }
    }
    out
}

/// Removes every source-line tag from a text (a message quoting the marked source).
pub fn strip_source_marks(text: &str) -> String {
    text.lines()
        .map(|line| strip_marks(line).0)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Removes the source-line tags of a rendered line: the text, and the first tag's
/// line number.
fn strip_marks(line: &str) -> (String, Option<usize>) {
    if !line.contains(MARK_OPEN) {
        return (line.to_string(), None);
    }
    let mut text = String::with_capacity(line.len());
    let mut first = None;
    let mut rest = line;
    while let Some(at) = rest.find(MARK_OPEN) {
        text.push_str(&rest[..at]);
        let after = &rest[at + MARK_OPEN.len_utf8()..];
        match after.find(MARK_CLOSE) {
            Some(end) => {
                if first.is_none() {
                    first = after[..end].parse().ok();
                }
                rest = &after[end + MARK_CLOSE.len_utf8()..];
            }
            None => rest = after,
        }
    }
    text.push_str(rest);
    (text, first)
}

/// Parses and renumbers an outline; `file` names it in errors. Every problem is
/// reported, not only the first. Line numbers come from [`mark_source_lines`] tags
/// when present, else from the line's position in `text`.
pub fn parse(file: &str, text: &str) -> Result<Vec<Paragraph>, OutlineError> {
    let mut paragraphs = Vec::new();
    let mut problems = Vec::new();
    let (mut sections, mut items, mut subs, mut points, mut articles) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    // Whether a `-` has been seen since the last numbered heading, so a `+` has a parent.
    let mut dash_open = false;
    let mut last_source_line = None;
    // An open table: its rows, the line it began on, and whether it is a pipe table.
    let mut table: Option<(Vec<Vec<String>>, usize, bool)> = None;
    let lines: Vec<(String, usize)> = text
        .lines()
        .enumerate()
        .map(|(index, raw)| {
            let (raw, source_line) = strip_marks(raw);
            // A line a value's newline produced has no tag: it belongs to the last
            // tagged one.
            let line_no = source_line.or(last_source_line).unwrap_or(index + 1);
            if source_line.is_some() {
                last_source_line = source_line;
            }
            (raw, line_no)
        })
        .collect();
    // Whether a decision's `QUYẾT ĐỊNH:` line is still ahead: the lines of grounds
    // ("Căn cứ …") come before it.
    let mut decision_ahead = lines
        .iter()
        .any(|(l, _)| matches!(classify(l.trim()), Marker::Level(Level::Decision, _)));
    for (raw, line_no) in lines {
        let line = raw.trim();
        // Tables: a `[BẢNG]` block (rows of tab-separated cells, blank cells kept) or
        // consecutive `| a | b |` lines.
        if let Some((rows, start, pipe)) = &mut table {
            let closes = if *pipe {
                !line.starts_with('|')
            } else {
                line == "[/BẢNG]"
            };
            if !closes {
                if !(*pipe && is_pipe_rule(line)) {
                    rows.push(table_cells(&raw, *pipe));
                }
                continue;
            }
            let (rows, start, pipe) = (std::mem::take(rows), *start, *pipe);
            table = None;
            paragraphs.push(table_paragraph(rows, start));
            if !pipe {
                continue;
            }
        }
        if line == "[BẢNG]" {
            table = Some((Vec::new(), line_no, false));
            continue;
        }
        if line == "[/BẢNG]" {
            problems.push(OutlineProblem {
                line: line_no,
                kind: Problem::TableNotOpen,
            });
            continue;
        }
        if line.starts_with('|') && line.len() > 1 {
            table = Some((vec![table_cells(line, true)], line_no, true));
            continue;
        }
        if line.is_empty() {
            continue;
        }
        let (level, rest) = match classify(line) {
            Marker::Level(level, rest) => (level, rest),
            Marker::SubItem(token, rest) => {
                if items == 0 {
                    problems.push(OutlineProblem {
                        line: line_no,
                        kind: Problem::SubItemWithoutItem {
                            token: token.to_string(),
                        },
                    });
                    continue;
                }
                (Level::SubItem, rest)
            }
            Marker::Lookalike(kind) => {
                problems.push(OutlineProblem {
                    line: line_no,
                    kind,
                });
                continue;
            }
            Marker::None => (Level::Plain, line),
        };
        // Grounds of a decision: a plain or dashed line beginning "Căn cứ …" before
        // the `QUYẾT ĐỊNH:` line.
        let level = match level {
            Level::Plain | Level::Dash
                if decision_ahead && BASIS_WORDS.iter().any(|w| rest.starts_with(w)) =>
            {
                if level == Level::Dash {
                    dash_open = true;
                }
                Level::Basis
            }
            Level::Decision => {
                decision_ahead = false;
                Level::Decision
            }
            other => other,
        };
        let label = match level {
            Level::Section => {
                sections += 1;
                items = 0;
                subs = 0;
                points = 0;
                dash_open = false;
                // Past 3999 sections (never in a real plan) the number stays Arabic.
                let numeral = u32::try_from(sections)
                    .ok()
                    .and_then(|n| crate::vn::roman(n).ok())
                    .unwrap_or_else(|| sections.to_string());
                format!("{numeral}.")
            }
            Level::Item => {
                items += 1;
                subs = 0;
                points = 0;
                dash_open = false;
                format!("{items}.")
            }
            Level::SubItem => {
                subs += 1;
                points = 0;
                dash_open = false;
                format!("{items}.{subs}.")
            }
            Level::Article => {
                articles += 1;
                points = 0;
                items = 0;
                dash_open = false;
                format!("Điều {articles}.")
            }
            Level::Point => {
                points += 1;
                dash_open = false;
                match POINT_LETTERS.get(points - 1) {
                    Some(letter) => format!("{letter})"),
                    None => {
                        problems.push(OutlineProblem {
                            line: line_no,
                            kind: Problem::TooManyPoints {
                                max: POINT_LETTERS.len(),
                            },
                        });
                        continue;
                    }
                }
            }
            Level::Dash => {
                dash_open = true;
                "-".to_string()
            }
            Level::Plus => {
                if !dash_open {
                    problems.push(OutlineProblem {
                        line: line_no,
                        kind: Problem::PlusWithoutDash,
                    });
                    continue;
                }
                "+".to_string()
            }
            Level::Basis => {
                if line.starts_with(['-', '–']) {
                    "-".to_string()
                } else {
                    String::new()
                }
            }
            Level::Part | Level::Chapter => {
                sections = 0;
                items = 0;
                subs = 0;
                points = 0;
                dash_open = false;
                String::new()
            }
            Level::Plain | Level::Decision | Level::Table => String::new(),
        };
        let text = collapse(rest);
        if matches!(
            level,
            Level::Section
                | Level::Item
                | Level::SubItem
                | Level::Point
                | Level::Dash
                | Level::Plus
        ) && text.is_empty()
        {
            problems.push(OutlineProblem {
                line: line_no,
                kind: Problem::Empty { label },
            });
            continue;
        }
        let titled = match level {
            Level::Section | Level::Part | Level::Chapter | Level::Decision => true,
            Level::Item | Level::SubItem => is_heading(&text),
            _ => false,
        };
        paragraphs.push(Paragraph {
            level,
            label,
            text,
            titled,
            line: line_no,
            head: Vec::new(),
            rows: Vec::new(),
        });
    }
    match table {
        Some((rows, start, true)) => paragraphs.push(table_paragraph(rows, start)),
        Some((_, start, false)) => problems.push(OutlineProblem {
            line: start,
            kind: Problem::TableNotClosed,
        }),
        None => {}
    }
    if problems.is_empty() {
        Ok(paragraphs)
    } else {
        Err(OutlineError {
            file: file.to_string(),
            problems,
        })
    }
}

/// Ends the outline with the closing mark `./.` (Nghị định 30/2020, Phụ lục I: the
/// body ends with "./."): "tỉnh." becomes "tỉnh./.", "tỉnh" becomes "tỉnh./.". A body
/// that already ends with it is left alone.
pub fn close(paragraphs: &mut [Paragraph]) {
    if let Some(last) = paragraphs
        .iter_mut()
        .rev()
        .find(|p| p.level != Level::Table)
    {
        // An excerpt ends with the elision mark `[…]`: it is not the document's end.
        if last.text.ends_with("./.") || last.text.ends_with("[…]") {
            return;
        }
        if last.text.ends_with('.') {
            last.text.push_str("/.");
        } else {
            last.text.push_str("./.");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<String> {
        parse("t.txt", text)
            .unwrap()
            .into_iter()
            .map(|p| format!("{} {}|{}", p.level.code(), p.label, p.text))
            .collect()
    }

    #[test]
    fn markers_give_levels_and_the_tool_renumbers() {
        let cases: &[(&str, &[&str])] = &[
            (
                "I. MỤC ĐÍCH\n1. Mục đích\nNhằm ...\n2. Yêu cầu\n- Một\nII. NỘI DUNG\n1. Hai",
                &[
                    "I I.|MỤC ĐÍCH",
                    "1 1.|Mục đích",
                    "p |Nhằm ...",
                    "1 2.|Yêu cầu",
                    "- -|Một",
                    "I II.|NỘI DUNG",
                    "1 1.|Hai",
                ],
            ),
            // Inserting a section: written numbers do not matter.
            (
                "I. A\nI. B\nII. C\nIV. D",
                &["I I.|A", "I II.|B", "I III.|C", "I IV.|D"],
            ),
            // `1-` as in the reference plan's section III is an item, printed `1.`.
            (
                "III. TỔ CHỨC\n1- Các công đoàn.\n2- Căn cứ.",
                &["I I.|TỔ CHỨC", "1 1.|Các công đoàn.", "1 2.|Căn cứ."],
            ),
            // A `1.` before any `I.` is fine; an `a)` directly under `I.` too.
            ("1. A\n2. B", &["1 1.|A", "1 2.|B"]),
            (
                "I. A\na) x\nb) y\nc) z\nd) t\nc) u\n1. B\nc) v",
                &[
                    "I I.|A", "a a)|x", "a b)|y", "a c)|z", "a d)|t", "a đ)|u", "1 1.|B", "a a)|v",
                ],
            ),
            (
                "- Phối hợp\n+ Nội dung\n+ Phong trào\nĐịnh hướng\n- Tuyên truyền",
                &[
                    "- -|Phối hợp",
                    "+ +|Nội dung",
                    "+ +|Phong trào",
                    "p |Định hướng",
                    "- -|Tuyên truyền",
                ],
            ),
            // White space is collapsed; blank lines vanish; "-5%" is text.
            (
                "  Căn cứ   Kế hoạch  \n\n   \n-5% so với\n– gạch dài",
                &["p |Căn cứ Kế hoạch", "p |-5% so với", "- -|gạch dài"],
            ),
            // Markers typed without the space after them.
            (
                "I.MỤC ĐÍCH\n1.Mục đích\na)Điểm\n-Phối hợp\n+Nội dung\n2-Yêu cầu",
                &[
                    "I I.|MỤC ĐÍCH",
                    "1 1.|Mục đích",
                    "a a)|Điểm",
                    "- -|Phối hợp",
                    "+ +|Nội dung",
                    "1 2.|Yêu cầu",
                ],
            ),
            // Numbers, amounts and abbreviations at the start of a line stay text.
            (
                "1.000 người tham gia\n2.5 km đường\n1-2 ngày\nV.v… các hoạt động\n+84 là mã\nTP.HCM\ne.g. chữ",
                &[
                    "p |1.000 người tham gia",
                    "p |2.5 km đường",
                    "p |1-2 ngày",
                    "p |V.v… các hoạt động",
                    "p |+84 là mã",
                    "p |TP.HCM",
                    "p |e.g. chữ",
                ],
            ),
            // A sentence that begins with a number is not an item unless it has the marker.
            ("2017 là năm\n10 ngày", &["p |2017 là năm", "p |10 ngày"]),
        ];
        for (text, expected) in cases {
            assert_eq!(labels(text), *expected, "{text}");
        }
    }

    #[test]
    fn every_marker_form_of_real_documents_has_its_level() {
        let text = "PHẦN 1: KẾ HOẠCH CHUNG\nI- CƠ SỞ\nII/ ĐẶC ĐIỂM\n1/ Một\n1.1. Một một\n1.2. Một hai\n\
                    a. điểm a\na- điểm b\n* sao\n• chấm\n+ cộng\nA. KẾT QUẢ\nB. PHƯƠNG HƯỚNG\n\
                    Phần thứ hai\nChương II\n- Căn cứ Luật;\nXét đề nghị của Ban.\nQUYẾT ĐỊNH:\n\
                    Điều 1. Ban hành.\nĐiều 5: Hiệu lực.\n2.5 km\nCăn cứ sau quyết định";
        assert_eq!(
            labels(text),
            [
                "P |PHẦN 1: KẾ HOẠCH CHUNG",
                "I I.|CƠ SỞ",
                "I II.|ĐẶC ĐIỂM",
                "1 1.|Một",
                "1.1 1.1.|Một một",
                "1.1 1.2.|Một hai",
                "a a)|điểm a",
                "a b)|điểm b",
                "- -|sao",
                "- -|chấm",
                "+ +|cộng",
                "P |A. KẾT QUẢ",
                "P |B. PHƯƠNG HƯỚNG",
                "P |Phần thứ hai",
                "C |Chương II",
                "cc -|Căn cứ Luật;",
                "cc |Xét đề nghị của Ban.",
                "QD |QUYẾT ĐỊNH:",
                "D Điều 1.|Ban hành.",
                "D Điều 2.|Hiệu lực.",
                "p |2.5 km",
                "p |Căn cứ sau quyết định",
            ]
        );
    }

    #[test]
    fn tables_tabs_and_decomposed_text() {
        let text = "Trước\n[BẢNG]\nNgày\tNội dung\tGhi chú\nThứ 2\tHọp\n\t\t\n[/BẢNG]\n\
                    | Mã | Tên |\n|---|---|\n| A | B |\nTrong đó:\t+ Nữ:\t15\nCo\u{302}ng đoa\u{300}n";
        let got = parse("t", text).unwrap();
        assert_eq!(got[1].level, Level::Table);
        assert_eq!(got[1].head, ["Ngày", "Nội dung", "Ghi chú"]);
        assert_eq!(got[1].rows, [["Thứ 2", "Họp", ""], ["", "", ""]]);
        assert_eq!(got[2].head, ["Mã", "Tên"]);
        assert_eq!(got[2].rows, [["A", "B"]]);
        assert_eq!(got[3].text, "Trong đó:\t+ Nữ:\t15");
        assert_eq!(got[4].text, "Công đoàn");
        let err = parse("t", "[BẢNG]\na\tb\n").unwrap_err();
        assert_eq!(err.problems[0].kind, Problem::TableNotClosed);
        let err = parse("t", "x\n[/BẢNG]\n1.1. Không có khoản\n").unwrap_err();
        let kinds: Vec<_> = err
            .problems
            .iter()
            .map(|p| (p.line, p.kind.code()))
            .collect();
        assert_eq!(
            kinds,
            [
                (2, "outline.table_not_open"),
                (3, "outline.sub_item_without_item")
            ]
        );
    }

    #[test]
    fn items_are_headings_only_when_short_and_unpunctuated() {
        let got: Vec<bool> = parse(
            "t",
            "I. A\n1. Mục đích \n1- Các công đoàn cơ sở chủ động tham mưu.\n2. Yêu cầu:\na) Điểm",
        )
        .unwrap()
        .iter()
        .map(|p| p.titled)
        .collect();
        // "2. Yêu cầu:" is a heading: the colon introduces what follows.
        assert_eq!(got, [true, true, false, true, false]);
    }

    #[test]
    fn broken_structure_is_reported_with_line_numbers() {
        let text = "I. A\n+ orphan\n1) wrong\n- ok\n+ fine\n1. B\n+ orphan again\na. letter\nB) upper\nii. lower roman\nI)\n-\nf) foreign letter\n";
        let err = parse("ke-hoach.txt", text).unwrap_err();
        let got: Vec<(usize, Problem)> = err
            .problems
            .iter()
            .map(|p| (p.line, p.kind.clone()))
            .collect();
        let look = |token: &str, level: &'static str, write: &str| Problem::Lookalike {
            token: token.into(),
            level,
            write: write.into(),
        };
        assert_eq!(
            got,
            [
                (2, Problem::PlusWithoutDash),
                (3, look("1)", "item", "1.")),
                (7, Problem::PlusWithoutDash),
                (9, look("B)", "point", "b)")),
                (10, look("ii.", "section", "II.")),
                (11, look("I)", "section", "I.")),
                (12, Problem::Empty { label: "-".into() }),
                (13, Problem::NotPointLetter { token: "f)".into() }),
            ]
        );
        assert!(err.to_string().starts_with("ke-hoach.txt: line 2: a `+`"));
        let d = err.problems[1].diagnostic("ke-hoach.txt");
        assert_eq!(d.code, "outline.lookalike");
        assert_eq!(d.location.file_name(), Some("ke-hoach.txt"));
    }

    #[test]
    fn closing_mark_is_added_once() {
        let cases = [
            ("về LĐLĐ tỉnh.", "về LĐLĐ tỉnh./."),
            ("về LĐLĐ tỉnh", "về LĐLĐ tỉnh./."),
            ("về LĐLĐ tỉnh./.", "về LĐLĐ tỉnh./."),
        ];
        for (text, expected) in cases {
            let mut paragraphs = parse("t", text).unwrap();
            close(&mut paragraphs);
            assert_eq!(paragraphs[0].text, expected);
        }
    }

    #[test]
    fn source_line_tags_survive_rendering_and_give_the_written_line() {
        let source = "{% for x in xs %}- {{ x }}\n{% endfor %}\n+ orphan {{ a\n }} end\nI. Mục";
        let marked = mark_source_lines(source);
        assert_eq!(
            marked,
            "{% for x in xs %}- {{ x }}\u{F8F0}1\u{F8F1}\n{% endfor %}\u{F8F0}2\u{F8F1}\n+ orphan {{ a\n }} end\u{F8F0}4\u{F8F1}\nI. Mục\u{F8F0}5\u{F8F1}"
        );
        // What Tera would make of it with xs = [a, b] (the loop repeats line 1) and
        // a `+` that lost its `-` because the loop was empty.
        let rendered = "- a\u{F8F0}1\u{F8F1}\n- b\u{F8F0}1\u{F8F1}\n\u{F8F0}2\u{F8F1}\nI. Mục\u{F8F0}5\u{F8F1}\n+ x\u{F8F0}7\u{F8F1}\nvalue\nline";
        assert_eq!(strip_source_marks(&marked), source);
        let err = parse("t", rendered).unwrap_err();
        assert_eq!(err.problems[0].line, 7);
        let ok = parse("t", &rendered.replace("+ x", "- x")).unwrap();
        let lines: Vec<(usize, &str)> = ok.iter().map(|p| (p.line, p.text.as_str())).collect();
        assert_eq!(
            lines,
            [
                (1, "a"),
                (1, "b"),
                (5, "Mục"),
                (7, "x"),
                (7, "value"),
                (7, "line")
            ]
        );
    }
}
