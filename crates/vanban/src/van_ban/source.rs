//! The source of one document: a header of `khóa: giá trị` lines, a line `---`, then
//! the body outline.
//!
//! The grammar, line by line (every line is NFC-normalised first):
//!
//! - `# …` is a comment; blank lines are skipped.
//! - `khóa: giá trị` sets a key. Keys are written with or without Vietnamese marks
//!   and spaces or underscores (`co_quan`, `cơ quan`, `Cơ quan` are one key).
//! - `khóa:` with nothing after it, followed by lines beginning with `-`, makes a
//!   list (`kinh_gui`, `noi_nhan`). A list line indented further than the one above
//!   it is nested under it (a recipient with its own list).
//! - In a value, `|` breaks the line where the clerk wants it (`ỦY BAN NHÂN DÂN |
//!   TỈNH BẠC LIÊU`); without it, names are broken by rule.
//! - `ky:` opens a signature block and `nguoi_ky:` names its signer; a second `ky:`
//!   opens a second block (a joint document).
//! - The first line that is `---` (three dashes or more) ends the header; the rest is
//!   the body, in the outline's form.
//!
//! Every problem is reported with its line, not only the first.

use crate::vn::text::nfc;

/// Every key the header accepts, in its canonical form.
pub const KEYS: &[&str] = &[
    "loai",
    "ten_loai",
    "co_quan_cap_tren",
    "co_quan",
    "so",
    "ky_hieu",
    "ngay",
    "nam",
    "dia_danh",
    "trich_yeu",
    "ghi_chu",
    "du_thao",
    "kinh_gui",
    "tham_quyen",
    "noi_nhan",
    "ky",
    "nguoi_ky",
    "mau",
    "cua",
];

/// Keys that may appear more than once.
const REPEATABLE: &[&str] = &["co_quan_cap_tren", "ky", "nguoi_ky"];
/// Keys whose value may be a list.
const LISTS: &[&str] = &["kinh_gui", "noi_nhan"];

/// One item of a list, with the items nested under it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Item {
    /// The item's text, without its `-`.
    pub text: String,
    /// Items indented under it.
    pub children: Vec<Item>,
}

/// A key's value as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// `khóa: giá trị` (the text may be empty).
    Text(String),
    /// `khóa:` followed by `- …` lines.
    List(Vec<Item>),
}

/// One `khóa: giá trị` of the header, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The canonical key (`co_quan`).
    pub key: &'static str,
    /// Its value.
    pub value: Value,
    /// The line (1-based).
    pub line: usize,
}

/// The source split into its header and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The header's entries, in order.
    pub entries: Vec<Entry>,
    /// The body text (NFC), with as many blank lines before it as the header took,
    /// so the outline's line numbers are the file's.
    pub body: String,
    /// Problems of the header's lines; the entries that could be read are kept, so
    /// their values can be checked too and every problem reported at once.
    pub problems: Vec<LineProblem>,
}

/// What is wrong with one line of the header.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceProblem {
    /// No `---` line ends the header.
    #[error("no `---` line ends the header")]
    NoSeparator,
    /// A line that is neither `khóa: giá trị`, a list item nor a comment.
    #[error("`{text}` is not `key: value`")]
    NotKeyValue {
        /// The line as written.
        text: String,
    },
    /// A key the header does not know, and the nearest known one.
    #[error("unknown key `{key}`")]
    UnknownKey {
        /// The key as written.
        key: String,
        /// The known key nearest to it, if any is near.
        nearest: Option<&'static str>,
    },
    /// A key given twice.
    #[error("`{key}` is given twice (first on line {first})")]
    Duplicate {
        /// The key.
        key: &'static str,
        /// The line of its first value.
        first: usize,
    },
    /// A `- …` line under a key that takes no list, or under no key.
    #[error("a list item under `{key}`, which takes one value")]
    NotAList {
        /// The key above it (empty when none).
        key: String,
    },
    /// A value that is not what its key takes (a date, a type, yes or no…).
    #[error("`{key}`: `{value}` is not {expected}")]
    BadValue {
        /// The key.
        key: &'static str,
        /// The value as written.
        value: String,
        /// What the key takes (`date`, `type`, `yes_no`, `year`, `level_count`).
        expected: &'static str,
    },
    /// A key every document needs (`loai`) is not given.
    #[error("no `{key}` line")]
    MissingKey {
        /// The key.
        key: &'static str,
    },
    /// `nguoi_ky` with no `ky` line above it.
    #[error("`nguoi_ky` with no `ky` above it")]
    SignerWithoutBlock,
}

impl SourceProblem {
    /// The diagnostic code (`van_ban.unknown_key`).
    pub fn code(&self) -> &'static str {
        match self {
            SourceProblem::NoSeparator => "van_ban.no_separator",
            SourceProblem::NotKeyValue { .. } => "van_ban.not_key_value",
            SourceProblem::UnknownKey { .. } => "van_ban.unknown_key",
            SourceProblem::Duplicate { .. } => "van_ban.duplicate_key",
            SourceProblem::NotAList { .. } => "van_ban.not_a_list",
            SourceProblem::BadValue { .. } => "van_ban.bad_value",
            SourceProblem::SignerWithoutBlock => "van_ban.signer_without_block",
            SourceProblem::MissingKey { .. } => "van_ban.missing_key",
        }
    }

    /// Every code a problem can have.
    pub const CODES: &[&str] = &[
        "van_ban.no_separator",
        "van_ban.not_key_value",
        "van_ban.unknown_key",
        "van_ban.duplicate_key",
        "van_ban.not_a_list",
        "van_ban.bad_value",
        "van_ban.signer_without_block",
        "van_ban.missing_key",
    ];

    /// The problem as a diagnostic at `line` of `file`.
    pub fn diagnostic(&self, file: &str, line: usize) -> crate::diagnostic::Diagnostic {
        use crate::diagnostic::{Diagnostic, Location};
        let d = Diagnostic::error(self.code(), Location::line(file, line));
        match self {
            SourceProblem::NoSeparator | SourceProblem::SignerWithoutBlock => d,
            SourceProblem::NotKeyValue { text } => d.arg("text", text.as_str()),
            SourceProblem::UnknownKey { key, nearest } => d
                .arg("key", key.as_str())
                // `none`: the message's selector for "no near key".
                .arg("nearest", nearest.unwrap_or("none")),
            SourceProblem::Duplicate { key, first } => d.arg("key", *key).arg("first", *first),
            SourceProblem::MissingKey { key } => d.arg("key", *key),
            SourceProblem::NotAList { key } if key.is_empty() => d.arg("key", "none"),
            SourceProblem::NotAList { key } => d.arg("key", key.as_str()),
            SourceProblem::BadValue {
                key,
                value,
                expected,
            } => d
                .arg("key", *key)
                .arg("value", value.as_str())
                .arg("expected", *expected),
        }
    }
}

/// A problem and its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    /// The line (1-based).
    pub line: usize,
    /// What is wrong.
    pub problem: SourceProblem,
}

/// A key as written, folded: marks removed, lower case, spaces and dashes as `_`.
pub fn fold_key(key: &str) -> String {
    crate::vn::text::strip_diacritics(key.trim())
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect()
}

fn canonical(key: &str) -> Option<&'static str> {
    let folded = fold_key(key);
    KEYS.iter().copied().find(|k| *k == folded)
}

/// The known key nearest to `key` (at most two edits away).
fn nearest(key: &str) -> Option<&'static str> {
    let folded = fold_key(key);
    KEYS.iter()
        .copied()
        .map(|k| (edit_distance(k, &folded), k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(cur)
            };
            prev = cur;
        }
    }
    row[b.len()]
}

fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3 && t.chars().all(|c| c == '-')
}

/// Adds `text` at `depth` (in indent steps) to a list.
fn push_item(list: &mut Vec<Item>, depth: usize, text: String) {
    let mut level = list;
    for _ in 0..depth {
        if level.is_empty() {
            break;
        }
        let last = level.len() - 1;
        level = &mut level[last].children;
    }
    level.push(Item {
        text,
        children: Vec::new(),
    });
}

/// Splits a source into header entries and body; every problem of the header is
/// kept with its line ([`Source::problems`]). Only a missing `---` line stops it.
pub fn parse(text: &str) -> Result<Source, Vec<LineProblem>> {
    let text = nfc(text.strip_prefix('\u{feff}').unwrap_or(text));
    let lines: Vec<&str> = text.lines().collect();
    let Some(separator) = lines.iter().position(|l| is_separator(l)) else {
        return Err(vec![LineProblem {
            line: lines.len().max(1),
            problem: SourceProblem::NoSeparator,
        }]);
    };
    let mut entries: Vec<Entry> = Vec::new();
    let mut problems = Vec::new();
    // The list being filled: its entry's index and the indents of its levels.
    let mut open_list: Option<(usize, Vec<usize>)> = None;
    let mut last_key: Option<&'static str> = None;
    let mut has_block = false;
    for (index, raw) in lines[..separator].iter().enumerate() {
        let line_no = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = raw.len() - raw.trim_start().len();
        if let Some(item) = trimmed
            .strip_prefix('-')
            .or_else(|| trimmed.strip_prefix('+'))
        {
            let item = item.trim().to_string();
            match &mut open_list {
                Some((at, indents)) => {
                    while indents.last().is_some_and(|i| *i > indent) {
                        indents.pop();
                    }
                    if indents.last().is_none_or(|i| *i < indent) {
                        indents.push(indent);
                    }
                    let depth = indents.len() - 1;
                    if let Value::List(list) = &mut entries[*at].value {
                        push_item(list, depth, item);
                    }
                }
                None => problems.push(LineProblem {
                    line: line_no,
                    problem: SourceProblem::NotAList {
                        key: last_key.unwrap_or("").to_string(),
                    },
                }),
            }
            continue;
        }
        open_list = None;
        let Some((key, value)) = trimmed.split_once(':') else {
            problems.push(LineProblem {
                line: line_no,
                problem: SourceProblem::NotKeyValue {
                    text: trimmed.to_string(),
                },
            });
            continue;
        };
        let Some(key) = canonical(key) else {
            let written = key.trim().to_string();
            problems.push(LineProblem {
                line: line_no,
                problem: SourceProblem::UnknownKey {
                    nearest: nearest(&written),
                    key: written,
                },
            });
            last_key = None;
            continue;
        };
        last_key = Some(key);
        if let Some(first) = entries.iter().find(|e| e.key == key)
            && !REPEATABLE.contains(&key)
        {
            problems.push(LineProblem {
                line: line_no,
                problem: SourceProblem::Duplicate {
                    key,
                    first: first.line,
                },
            });
            continue;
        }
        match key {
            "ky" => has_block = true,
            "nguoi_ky" if !has_block => {
                problems.push(LineProblem {
                    line: line_no,
                    problem: SourceProblem::SignerWithoutBlock,
                });
                continue;
            }
            _ => {}
        }
        let value = value.trim();
        let next_is_item = lines[index + 1..separator]
            .iter()
            .map(|l| l.trim())
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .is_some_and(|l| l.starts_with('-') || l.starts_with('+'));
        if value.is_empty() && next_is_item && LISTS.contains(&key) {
            entries.push(Entry {
                key,
                value: Value::List(Vec::new()),
                line: line_no,
            });
            open_list = Some((entries.len() - 1, Vec::new()));
        } else {
            entries.push(Entry {
                key,
                value: Value::Text(value.to_string()),
                line: line_no,
            });
        }
    }
    let mut body = "\n".repeat(separator + 1);
    for line in &lines[separator + 1..] {
        body.push_str(line);
        body.push('\n');
    }
    Ok(Source {
        entries,
        body,
        problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_keys_lists_and_body() {
        let text = "# công văn\nLoại: công văn\nCơ quan: CÔNG ĐOÀN A\nkinh_gui:\n- Một;\n- Hai.\n\
                    noi_nhan:\n- Như trên;\n- VPCP: BTCN;\n    - Vụ TH;\n    - Vụ PL;\n- Lưu: VT.\n\
                    ky: KT. CHỦ TỊCH | PHÓ CHỦ TỊCH\nnguoi_ky: Nguyễn Văn A\n---\nI. MỘT\n";
        let source = parse(text).unwrap();
        let keys: Vec<&str> = source.entries.iter().map(|e| e.key).collect();
        assert_eq!(
            keys,
            ["loai", "co_quan", "kinh_gui", "noi_nhan", "ky", "nguoi_ky"]
        );
        let Value::List(noi_nhan) = &source.entries[3].value else {
            panic!("not a list");
        };
        assert_eq!(noi_nhan.len(), 3);
        assert_eq!(noi_nhan[1].text, "VPCP: BTCN;");
        assert_eq!(noi_nhan[1].children.len(), 2);
        assert_eq!(noi_nhan[1].children[1].text, "Vụ PL;");
        // The body keeps the file's line numbers.
        assert_eq!(source.body.lines().position(|l| l == "I. MỘT"), Some(15));
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let text = "loai: công văn\nco_quang: A\nso 12\nloai: QĐ\nnguoi_ky: B\n- lạc\n---\n";
        let problems = parse(text).unwrap().problems;
        let got: Vec<(usize, &str)> = problems
            .iter()
            .map(|p| (p.line, p.problem.code()))
            .collect();
        assert_eq!(
            got,
            [
                (2, "van_ban.unknown_key"),
                (3, "van_ban.not_key_value"),
                (4, "van_ban.duplicate_key"),
                (5, "van_ban.signer_without_block"),
                (6, "van_ban.not_a_list"),
            ]
        );
        assert_eq!(
            problems[0].problem,
            SourceProblem::UnknownKey {
                key: "co_quang".into(),
                nearest: Some("co_quan")
            }
        );
        let missing = parse("loai: công văn\n").unwrap_err();
        assert_eq!(missing[0].problem, SourceProblem::NoSeparator);
    }
}
