//! Diagnostics: every problem the library finds, as a value.
//!
//! A [`Diagnostic`] says what is wrong with a stable [`code`](Diagnostic::code)
//! (`merge.value.not_a_number`) and the [`arguments`](Diagnostic::arguments) its
//! message needs, where it is ([`Location`]: file › sheet › cell, template part ›
//! paragraph › tag, file › line, or a JSON field), and what may help ([`Hint`]:
//! raise a limit, run a step). The library never words a diagnostic: the front end
//! (terminal, workbook, web page) turns code and arguments into a sentence in the
//! user's language, and names the flag or command a hint points to. So nothing may
//! ever be decided by matching a message's text: decide on the code.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::limits::Limit;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input is wrong: the value, the file or the step was not used (exit 1).
    Error,
    /// Used, but someone should look.
    Warning,
    /// The machine or the tool failed, not the input (exit 2).
    Internal,
}

/// Where a problem is. Paths are as the campaign folder names them
/// (`returns/CD01.xlsx`), with `/` between folders.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Location {
    /// Not tied to a place (a whole step).
    #[default]
    Nowhere,
    /// A file, a sheet in it, a cell of that sheet (A1 name): tệp › trang tính › ô.
    Cell {
        /// The file.
        file: String,
        /// The sheet, when the problem is within one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sheet: Option<String>,
        /// The cell (`D13`), when the problem is one cell's.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cell: Option<String>,
    },
    /// A place in a Word template: part › paragraph › tag.
    Template {
        /// The template file.
        file: String,
        /// The part as the engine names it (`body`, `header 1`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        part: Option<String>,
        /// The table, row and cell (each counted from 1) when the paragraph is in
        /// a table.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        table: Option<(usize, usize, usize)>,
        /// The paragraph, counted from 1 within the part.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        paragraph: Option<usize>,
        /// The tag as written.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tag: Option<String>,
    },
    /// A line of a text file (an outline, a document source).
    Line {
        /// The file.
        file: String,
        /// The line, counted from 1.
        line: usize,
    },
    /// A field of a JSON file (`reporting.units[40].code`), with the line and
    /// column when the parser knows them.
    Field {
        /// The file.
        file: String,
        /// The field path.
        path: String,
        /// Line, counted from 1.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        line: Option<usize>,
        /// Column, counted from 1.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        column: Option<usize>,
    },
    /// A whole file.
    File {
        /// The file.
        file: String,
    },
}

impl Location {
    /// A whole file.
    pub fn file(file: impl Into<String>) -> Location {
        Location::File { file: file.into() }
    }

    /// A cell of a sheet of a file; `sheet` and `cell` may be absent.
    pub fn cell(file: impl Into<String>, sheet: Option<&str>, cell: Option<&str>) -> Location {
        Location::Cell {
            file: file.into(),
            sheet: sheet.map(str::to_string),
            cell: cell.map(str::to_string),
        }
    }

    /// A line of a text file.
    pub fn line(file: impl Into<String>, line: usize) -> Location {
        Location::Line {
            file: file.into(),
            line,
        }
    }

    /// The file the location is in, if any.
    pub fn file_name(&self) -> Option<&str> {
        match self {
            Location::Nowhere => None,
            Location::Cell { file, .. }
            | Location::Template { file, .. }
            | Location::Line { file, .. }
            | Location::Field { file, .. }
            | Location::File { file } => Some(file),
        }
    }
}

/// A value a message needs. Numbers and dates stay typed so the front end writes
/// them the way the user's language does (`4,2` and `27/07/2017` in Vietnamese).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Arg {
    /// A whole number.
    Int(i64),
    /// A number with a fraction.
    Number(f64),
    /// Text shown as it is (a name, a cell's content, a path).
    Text(String),
    /// Several texts (unit names, files), listed by the front end.
    List(Vec<String>),
}

impl From<&str> for Arg {
    fn from(v: &str) -> Arg {
        Arg::Text(v.to_string())
    }
}

impl From<String> for Arg {
    fn from(v: String) -> Arg {
        Arg::Text(v)
    }
}

impl From<&String> for Arg {
    fn from(v: &String) -> Arg {
        Arg::Text(v.clone())
    }
}

impl From<i64> for Arg {
    fn from(v: i64) -> Arg {
        Arg::Int(v)
    }
}

impl From<u64> for Arg {
    fn from(v: u64) -> Arg {
        i64::try_from(v).map_or(Arg::Number(v as f64), Arg::Int)
    }
}

impl From<usize> for Arg {
    fn from(v: usize) -> Arg {
        Arg::from(v as u64)
    }
}

impl From<u32> for Arg {
    fn from(v: u32) -> Arg {
        Arg::Int(i64::from(v))
    }
}

impl From<i32> for Arg {
    fn from(v: i32) -> Arg {
        Arg::Int(i64::from(v))
    }
}

impl From<f64> for Arg {
    fn from(v: f64) -> Arg {
        Arg::Number(v)
    }
}

impl From<Vec<String>> for Arg {
    fn from(v: Vec<String>) -> Arg {
        Arg::List(v)
    }
}

impl fmt::Display for Arg {
    /// A plain rendering for logs and tests; the front end formats by language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Int(v) => write!(f, "{v}"),
            Arg::Number(v) => write!(f, "{v}"),
            Arg::Text(v) => f.write_str(v),
            Arg::List(v) => f.write_str(&v.join(", ")),
        }
    }
}

/// A step of the workflow, for hints ("run the merge again").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// A new campaign folder.
    Init,
    /// The plan.
    Plan,
    /// The forms.
    Forms,
    /// Taking returned files into `returns/`.
    Receive,
    /// The merge of the returns.
    Merge,
    /// The result report.
    Report,
}

/// Something the user can do about a problem; the front end words it and names
/// the flag or the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "hint", content = "what", rename_all = "snake_case")]
pub enum Hint {
    /// A limit stopped the work; raising it helps if the file is genuine.
    RaiseLimit(Limit),
    /// Running this step (again) fixes it.
    RunStep(Step),
}

/// One problem, as a value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// Where it is.
    pub location: Location,
    /// What it is: a stable identifier (`merge.value.not_a_number`), the key of its
    /// message in every language.
    pub code: String,
    /// The values the message needs, by name (a JSON object, in this order).
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "arguments")]
    pub arguments: Vec<(String, Arg)>,
    /// What may help.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<Hint>,
}

impl Diagnostic {
    /// An error with `code` at `location`.
    pub fn error(code: &str, location: Location) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, location)
    }

    /// A warning with `code` at `location`.
    pub fn warning(code: &str, location: Location) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, location)
    }

    /// A fault of the machine or the tool.
    pub fn internal(code: &str, location: Location) -> Diagnostic {
        Diagnostic::new(Severity::Internal, code, location)
    }

    /// A problem of the given severity.
    pub fn new(severity: Severity, code: &str, location: Location) -> Diagnostic {
        Diagnostic {
            severity,
            location,
            code: code.to_string(),
            arguments: Vec::new(),
            hints: Vec::new(),
        }
    }

    /// Adds an argument.
    pub fn arg(mut self, name: &str, value: impl Into<Arg>) -> Diagnostic {
        self.arguments.push((name.to_string(), value.into()));
        self
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: Hint) -> Diagnostic {
        if !self.hints.contains(&hint) {
            self.hints.push(hint);
        }
        self
    }

    /// The argument named `name`.
    pub fn get(&self, name: &str) -> Option<&Arg> {
        self.arguments
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }

    /// True for an error or an internal fault.
    pub fn is_error(&self) -> bool {
        self.severity != Severity::Warning
    }
}

impl fmt::Display for Diagnostic {
    /// Code, location and arguments, unworded: for logs, tests and panics. Users
    /// see the front end's wording.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code)?;
        if let Some(file) = self.location.file_name() {
            write!(f, " at {file}")?;
        }
        for (name, value) in &self.arguments {
            write!(f, " {name}={value}")?;
        }
        Ok(())
    }
}

/// Arguments written as a JSON object (`{"value": "1.2OO"}`) rather than a list of
/// pairs, so a diagnostic in `tong-hop.json` reads as it means; the order is kept.
mod arguments {
    use std::fmt;

    use serde::de::{MapAccess, Visitor};
    use serde::ser::SerializeMap;
    use serde::{Deserializer, Serializer};

    use super::Arg;

    pub fn serialize<S: Serializer>(args: &[(String, Arg)], s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(args.len()))?;
        for (name, value) in args {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, Arg)>, D::Error> {
        struct InOrder;

        impl<'de> Visitor<'de> for InOrder {
            type Value = Vec<(String, Arg)>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the arguments, by name")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, Arg>()? {
                    out.push(entry);
                }
                Ok(out)
            }
        }

        d.deserialize_map(InOrder)
    }
}

/// The diagnostics of one step, with its output when it produced one.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome<T> {
    /// What the step produced; `None` when an error stopped it.
    pub output: Option<T>,
    /// Every problem found, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> Outcome<T> {
    /// A step that stopped on these problems.
    pub fn failed(diagnostics: Vec<Diagnostic>) -> Outcome<T> {
        Outcome {
            output: None,
            diagnostics,
        }
    }

    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Collects diagnostics while a step runs.
pub type Diagnostics = Vec<Diagnostic>;

/// The codes of a zip package refused ([`package`]), whatever holds it: a
/// template, a returned workbook, the rows of a mail merge.
pub const PACKAGE_CODES: &[&str] = &[
    "package.not_zip",
    "package.too_many_entries",
    "package.unpacks_too_large",
    "package.ratio",
    "package.unsafe_name",
    "package.encrypted",
    "package.missing_part",
    "package.corrupt",
];

/// A zip package that cannot be opened, at `at`: each way one is refused has its
/// code, so the front end says it in the user's words; a limit broken gives the
/// hint that raises it.
pub fn package(at: Location, e: &crate::package::PackageError) -> Diagnostic {
    use crate::package::PackageError as P;
    let d = match e {
        P::NotZip { reason } => {
            Diagnostic::error("package.not_zip", at).arg("reason", reason.as_str())
        }
        P::TooManyEntries { count, limit } => Diagnostic::error("package.too_many_entries", at)
            .arg("count", *count)
            .arg("limit", *limit),
        P::TooLarge { name, limit } => Diagnostic::error("package.unpacks_too_large", at)
            .arg("name", name.as_str())
            .arg("limit", *limit),
        P::Ratio { name, ratio, limit } => Diagnostic::error("package.ratio", at)
            .arg("name", name.as_str())
            .arg("ratio", *ratio)
            .arg("limit", *limit),
        P::UnsafeName { name } => {
            Diagnostic::error("package.unsafe_name", at).arg("name", name.as_str())
        }
        P::Encrypted { name } => {
            Diagnostic::error("package.encrypted", at).arg("name", name.as_str())
        }
        P::Missing { name } => {
            Diagnostic::error("package.missing_part", at).arg("name", name.as_str())
        }
        P::Corrupt { name, reason } => Diagnostic::error("package.corrupt", at)
            .arg("name", name.as_str())
            .arg("reason", reason.as_str()),
    };
    match crate::limits::Limited::limit(e) {
        Some(limit) => d.hint(Hint::RaiseLimit(limit)),
        None => d,
    }
}

/// Every code the library can return: the front end checks that each has a message
/// in every language, and that no message is left without a code. A module that
/// returns diagnostics lists its codes in a `pub const CODES: &[&str]` and adds that
/// list here.
pub fn all_codes() -> Vec<&'static str> {
    let mut all = crate::workflow::codes();
    all.extend_from_slice(crate::sheets::merge::CODES);
    all.extend_from_slice(PACKAGE_CODES);
    all.sort_unstable();
    all.dedup();
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The modules' sources and their lists: every code a module writes as a literal
    /// (`"file.not_found"`) is in its list, so a code cannot miss its messages by
    /// being left out of [`all_codes`]. Add a row with each module's list.
    #[test]
    fn every_code_a_module_writes_is_in_its_list() {
        for (source, codes) in [(include_str!("folder.rs"), crate::folder::CODES)] {
            for literal in source.split('"').skip(1).step_by(2) {
                let looks_like_code = literal.contains('.')
                    && literal.split('.').all(|w| {
                        !w.is_empty()
                            && w.chars()
                                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                    });
                // A file name in a test (`a.json`) has the shape of a code too.
                let file_name = literal.rsplit_once('.').is_some_and(|(_, ext)| {
                    [
                        "json", "docx", "txt", "pdf", "xlsx", "xlsm", "xlsb", "xls", "ods",
                    ]
                    .contains(&ext)
                });
                if looks_like_code && !file_name {
                    assert!(
                        codes.contains(&literal),
                        "`{literal}` is not in its module's CODES"
                    );
                }
            }
        }
        let all = all_codes();
        let unique: std::collections::BTreeSet<_> = all.iter().collect();
        assert_eq!(unique.len(), all.len(), "a code is listed twice");
    }
}
