//! A library [`Diagnostic`] in the user's words: its kind, its message (by code, with
//! its arguments), where it is, why the system said no, and what to do.
//!
//! Every front end words a diagnostic here: the terminal prints [`Worded`] as it
//! displays; the workbook and the web page take its parts. The flag and the command a
//! hint names are the front end's, so they are named here, not in the library.

use std::fmt;

use fluent_bundle::FluentValue;
use vanban::diagnostic::{Arg, Diagnostic, Hint, Location, Severity, Step};
use vanban::limits::Limit;

use super::Messages;

/// Where a path's parts are joined: "tệp `a.xlsx` › trang tính `Biểu mẫu` › ô D13".
const SEPARATOR: &str = " › ";

/// The argument holding the system's own words about a failure (an OS error): shown
/// on its own line, never inside a message.
const REASON: &str = "reason";

/// The argument holding the text around a template tag, shown on its own line.
const EXCERPT: &str = vanban::workflow::EXCERPT;

/// A diagnostic in words, part by part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worded {
    /// "lỗi", "cảnh báo" (en "error", "warning").
    pub severity: String,
    /// What is wrong and what to do, from the message of the code.
    pub message: String,
    /// Where, when the message does not already say it.
    pub location: Option<String>,
    /// The text around the place, with the tag marked (`Kính gửi: ▶{{ ten }}◀`).
    pub excerpt: Option<String>,
    /// The system's own words, when it gave any (not translated).
    pub reason: Option<String>,
    /// What may help, one sentence each.
    pub hints: Vec<String>,
    /// The labels of the lines under the message: location, reason, hint.
    labels: [String; 3],
}

impl fmt::Display for Worded {
    /// The terminal form:
    ///
    /// ```text
    /// lỗi: chưa đọc được số ở ô D13 …
    ///   vị trí: tệp `returns/CD01.xlsx` › trang tính `Biểu mẫu` › ô D13
    ///   nguyên nhân: …
    ///   lưu ý: …
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.severity, self.message)?;
        let [at, why, hint] = &self.labels;
        if let Some(location) = &self.location {
            write!(f, "\n  {at}: {location}")?;
        }
        if let Some(excerpt) = &self.excerpt {
            write!(f, "\n     | {excerpt}")?;
        }
        if let Some(reason) = &self.reason {
            write!(f, "\n  {why}: {reason}")?;
        }
        for h in &self.hints {
            write!(f, "\n  {hint}: {h}")?;
        }
        Ok(())
    }
}

/// The message key of a code: Fluent keys cannot hold dots, so `file.not_found` is
/// `file-not_found`. Codes hold only `a-z`, `0-9`, `_` and `.` (a test checks), so
/// no two codes share a key.
pub fn key_of(code: &str) -> String {
    code.replace('.', "-")
}

impl Messages {
    /// Words `d` in this language. The message gets the diagnostic's arguments and
    /// `$file` (the location's file); a whole-file location is not repeated on its
    /// own line when the message names the file.
    pub fn word(&self, d: &Diagnostic) -> Worded {
        self.word_in(d, None)
    }

    /// Words `d` for a command run on `campaign` (the folder as the user typed it), so
    /// a hint to run a step gives the whole command (`vanban merge dot-1`).
    pub fn word_in(&self, d: &Diagnostic, campaign: Option<&str>) -> Worded {
        let key = key_of(&d.code);
        let mut args: Vec<(&str, FluentValue<'_>)> = d
            .arguments
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str(),
                    date(n, v, self.lang).unwrap_or_else(|| value(v)),
                )
            })
            .collect();
        if let Some(file) = d.location.file_name() {
            args.push(("file", file.into()));
        }
        let message = self.try_text(&key, &args).unwrap_or_else(|| d.to_string());
        let named_in_message =
            matches!(d.location, Location::File { .. }) && self.uses_variable(&key, "file");
        let location = if named_in_message {
            None
        } else {
            self.location(&d.location)
        };
        let reason = match d.get(REASON) {
            Some(Arg::Text(r)) if !r.trim().is_empty() => Some(self.engine_reason(r.trim())),
            _ => None,
        };
        let excerpt = match d.get(EXCERPT) {
            Some(Arg::Text(e)) if !e.trim().is_empty() => Some(e.clone()),
            _ => None,
        };
        Worded {
            severity: self.severity(d.severity),
            message,
            location,
            excerpt,
            reason,
            hints: d.hints.iter().map(|h| self.hint_in(*h, campaign)).collect(),
            labels: [
                self.plain("label-location"),
                self.plain("label-reason"),
                self.plain("label-hint"),
            ],
        }
    }

    /// A reason as the template engine (Tera) words it, in this language where the
    /// engine's sentence is one of those a clerk meets (a name the data lacks, an
    /// unknown filter, a tag left open); any other as it is. Causes joined by `; `
    /// are worded one by one.
    pub fn engine_reason(&self, reason: &str) -> String {
        reason
            .split("; ")
            .map(|cause| {
                engine_cause(cause)
                    .and_then(|(key, args)| {
                        let args: Vec<(&str, FluentValue<'_>)> = args
                            .iter()
                            .map(|(k, v)| (*k, FluentValue::from(v.as_str())))
                            .collect();
                        self.try_text(key, &args)
                    })
                    .unwrap_or_else(|| cause.to_string())
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// "lỗi", "cảnh báo", "lỗi của chương trình".
    pub fn severity(&self, severity: Severity) -> String {
        self.plain(match severity {
            Severity::Error => "severity-error",
            Severity::Warning => "severity-warning",
            Severity::Internal => "severity-internal",
        })
    }

    /// Where, in words: "tệp `returns/CD01.xlsx` › trang tính `Biểu mẫu` › ô D13",
    /// "tệp `ke-hoach.txt` › dòng 7", "tệp `campaign.json` › trường
    /// `reporting.units[40]` (đơn vị thứ 41)"; `None` for a whole step.
    pub fn location(&self, location: &Location) -> Option<String> {
        let mut parts = Vec::new();
        match location {
            Location::Nowhere => return None,
            Location::File { file } => {
                parts.push(self.text("location-file", &[("file", file.into())]))
            }
            Location::Cell { file, sheet, cell } => {
                parts.push(self.text("location-file", &[("file", file.into())]));
                if let Some(sheet) = sheet {
                    parts.push(self.text("location-sheet", &[("sheet", sheet.into())]));
                }
                if let Some(cell) = cell {
                    parts.push(self.text("location-cell", &[("cell", cell.into())]));
                }
            }
            Location::Template {
                file,
                part,
                table,
                paragraph,
                tag,
            } => {
                parts.push(self.text("location-template", &[("file", file.into())]));
                if let Some(part) = part {
                    parts.push(self.part(part));
                }
                if let Some((t, r, c)) = table {
                    parts.push(self.table_cell(*t, *r, *c));
                }
                if let Some(p) = paragraph {
                    parts.push(self.text("location-paragraph", &[("paragraph", count(*p))]));
                }
                if let Some(tag) = tag {
                    parts.push(self.text("location-tag", &[("tag", tag.into())]));
                }
            }
            Location::Line { file, line } => {
                parts.push(self.text("location-file", &[("file", file.into())]));
                parts.push(self.text("location-line", &[("line", count(*line))]));
            }
            Location::Field {
                file,
                path,
                line,
                column,
            } => {
                parts.push(self.text("location-file", &[("file", file.into())]));
                parts.push(self.field(path));
                match (line, column) {
                    (Some(l), Some(c)) => parts.push(self.text(
                        "location-line-column",
                        &[("line", count(*l)), ("column", count(*c))],
                    )),
                    (Some(l), None) => {
                        parts.push(self.text("location-line", &[("line", count(*l))]));
                    }
                    _ => {}
                }
            }
        }
        Some(parts.join(SEPARATOR))
    }

    /// "trường `reporting.units[40].code` (đơn vị thứ 41)": each `[n]` of the path
    /// counted from 1, named after its list when the list is known.
    fn field(&self, path: &str) -> String {
        let mut items = Vec::new();
        for segment in path.split('.') {
            let list = match segment.split('[').next().unwrap_or_default() {
                "" => "top-level-item",
                named => named,
            };
            for index in segment.split('[').skip(1) {
                if let Some(n) = index
                    .strip_suffix(']')
                    .and_then(|i| i.parse::<usize>().ok())
                {
                    items.push(self.text(
                        "location-item",
                        &[("list", list.into()), ("n", count(n.saturating_add(1)))],
                    ));
                }
            }
        }
        // An item of the file's own top-level list (the rows of a mail merge):
        // "mục thứ 4", with no field to name.
        if path.starts_with('[') && items.len() == 1 {
            return items.remove(0);
        }
        let field = self.text("location-field", &[("path", path.into())]);
        if items.is_empty() {
            field
        } else {
            format!("{field} ({})", items.join(", "))
        }
    }

    /// A part of a Word document as the engine names it (`body`, `header 1`,
    /// `footer2`): its kind and number.
    fn part(&self, part: &str) -> String {
        let kind: String = part.chars().take_while(char::is_ascii_alphabetic).collect();
        let n: String = part[kind.len()..].trim().to_string();
        self.text(
            "location-part",
            &[
                ("kind", kind.to_ascii_lowercase().into()),
                ("n", n.into()),
                ("part", part.into()),
            ],
        )
    }

    /// A place in a Word template without the file: "phần thân văn bản › bảng 1,
    /// dòng 2, ô 1 › đoạn 3".
    pub fn template_place(
        &self,
        part: &str,
        table: Option<(usize, usize, usize)>,
        paragraph: usize,
    ) -> String {
        let mut parts = vec![self.part(part)];
        if let Some((t, r, c)) = table {
            parts.push(self.table_cell(t, r, c));
        }
        parts.push(self.text("location-paragraph", &[("paragraph", count(paragraph))]));
        parts.join(SEPARATOR)
    }

    /// "bảng 1, dòng 2, ô 3".
    fn table_cell(&self, table: usize, row: usize, cell: usize) -> String {
        self.text(
            "location-table-cell",
            &[
                ("table", count(table)),
                ("row", count(row)),
                ("cell", count(cell)),
            ],
        )
    }

    /// A hint in words, with the flag or the command it names.
    pub fn hint(&self, hint: Hint) -> String {
        self.hint_in(hint, None)
    }

    /// A hint in words; a command to run names `campaign` when it is given.
    pub fn hint_in(&self, hint: Hint, campaign: Option<&str>) -> String {
        match hint {
            Hint::RaiseLimit(limit) => self.text(
                "hint-raise-limit",
                &[
                    ("what", self.plain(limit_key(limit)).into()),
                    ("flag", crate::cli::limits::flag(limit).into()),
                ],
            ),
            Hint::RunStep(step) => {
                let command = match campaign {
                    Some(c) => format!("{} {}", command(step), shell_word(c)),
                    None => command(step).to_string(),
                };
                self.text("hint-run-step", &[("command", command.into())])
            }
        }
    }
}

/// A path as a word of a command line: quoted when it holds a space (Windows
/// folders often do), so the command can be copied as it is.
pub fn shell_word(path: &str) -> String {
    if path.is_empty() || path.chars().any(char::is_whitespace) {
        format!("\"{path}\"")
    } else {
        path.to_string()
    }
}

/// A count the user reads as a position (line 1234, not 1.234): written plainly.
fn count(n: usize) -> FluentValue<'static> {
    FluentValue::from(n.to_string())
}

/// A library argument as a Fluent value: numbers stay numbers, so the message can
/// choose a plural and the formatter writes them the way the language does.
fn value(arg: &Arg) -> FluentValue<'_> {
    match arg {
        Arg::Int(v) => FluentValue::from(*v),
        Arg::Number(v) => FluentValue::from(*v),
        Arg::Text(v) => FluentValue::from(v.as_str()),
        Arg::List(v) => FluentValue::from(v.join(", ")),
    }
}

/// The arguments the library gives as dates (`YYYY-MM-DD`, the merge's
/// `merge.file.late`): written day/month/year, as docs/thuat-ngu.md asks.
const DATE_ARGS: [&str; 4] = ["filled", "deadline", "from", "to"];

/// A date argument as the clerk reads it: `2017-07-30` → `30/07/2017` in
/// Vietnamese, `30 July 2017` in English; `None` for any other argument.
fn date(name: &str, arg: &Arg, lang: super::Lang) -> Option<FluentValue<'static>> {
    match arg {
        Arg::Text(t) if DATE_ARGS.contains(&name) => {
            let d = chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()?;
            let format = match lang {
                super::Lang::Vi => "%d/%m/%Y",
                super::Lang::En => "%-d %B %Y",
            };
            Some(FluentValue::from(d.format(format).to_string()))
        }
        _ => None,
    }
}

/// The message saying what a limit bounds.
fn limit_key(limit: Limit) -> &'static str {
    match limit {
        Limit::UnpackedSize => "limit-unpacked-size",
        Limit::ZipEntries => "limit-zip-entries",
        Limit::CompressionRatio => "limit-compression-ratio",
        Limit::XmlDepth => "limit-xml-depth",
        Limit::CellsPerSheet => "limit-cells-per-sheet",
        Limit::MergeRows => "limit-merge-rows",
        Limit::OutputSize => "limit-output-size",
        Limit::DataValues => "limit-data-values",
        Limit::LoopIterations => "limit-loop-iterations",
        Limit::Memory => "limit-memory",
    }
}

/// The command that runs a step.
pub fn command(step: Step) -> &'static str {
    match step {
        Step::Init => "init",
        Step::Plan => "plan",
        Step::Forms => "forms",
        // DESIGN.md: "name to settle"; change it here when the command lands.
        Step::Receive => "nhan",
        Step::Merge => "merge",
        Step::Report => "report",
    }
}

/// The message key and arguments of one of Tera's sentences a clerk meets, by its
/// shape (tera 2.4's wording: `Variable `x` is not defined. Available variables:
/// a, b`, `Unknown filter `x``, `Found x but expected y.`, `Unexpected end of
/// input`); `None` for any other.
pub(crate) fn engine_cause(cause: &str) -> Option<(&'static str, Vec<(&'static str, String)>)> {
    let quoted = |rest: &str| -> Option<String> {
        let inner = rest.strip_prefix('`')?;
        Some(inner[..inner.find('`')?].to_string())
    };
    let available = |rest: &str| -> String {
        rest.split_once("Available variables:")
            .or_else(|| rest.split_once("Available fields:"))
            .map(|(_, names)| names.trim().trim_end_matches('.').to_string())
            .filter(|names| !names.is_empty())
            .unwrap_or_else(|| "none".to_string())
    };
    for (prefix, key) in [
        ("Variable ", "engine-variable"),
        ("Field ", "engine-field"),
        ("Unknown filter ", "engine-filter"),
        ("Unknown function ", "engine-function"),
        ("Unknown test ", "engine-test"),
    ] {
        if let Some(rest) = cause.strip_prefix(prefix) {
            let name = quoted(rest)?;
            return Some((key, vec![("name", name), ("available", available(rest))]));
        }
    }
    if cause.trim_end_matches('.') == "Unexpected end of input" {
        return Some(("engine-end", Vec::new()));
    }
    let (found, expected) = cause.strip_prefix("Found ")?.split_once(" but expected ")?;
    Some((
        "engine-found",
        vec![
            ("found", found.to_string()),
            ("expected", expected.trim_end_matches('.').to_string()),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use pretty_assertions::assert_eq;
    use vanban::diagnostic::{Diagnostic, Hint, Location, Step};
    use vanban::limits::Limit;

    use super::*;
    use crate::i18n::{Lang, file_keys};

    fn vi() -> &'static Messages {
        Messages::get(Lang::Vi)
    }

    fn en() -> &'static Messages {
        Messages::get(Lang::En)
    }

    /// A diagnostic of each code, as the library builds it, with its exact words in
    /// Vietnamese and in English. Add a row for each code you add.
    fn cases() -> Vec<(Diagnostic, &'static str, &'static str)> {
        let file = |code| Diagnostic::error(code, Location::file("campaign.json"));
        vec![
            (
                Diagnostic::warning("output.kept", Location::file("c/out/bao-cao.docx"))
                    .arg("kept", "c/out/bao-cao (sửa tay 2017-08-01 0930).docx"),
                "cảnh báo: tệp `c/out/bao-cao.docx` đã được sửa sau khi vanban tạo ra; bản đã sửa \
                 được giữ lại với tên `c/out/bao-cao (sửa tay 2017-08-01 0930).docx`, tệp mới \
                 được ghi vào chỗ cũ.",
                "warning: `c/out/bao-cao.docx` was changed since vanban wrote it: the changed copy \
                 is kept as `c/out/bao-cao (sửa tay 2017-08-01 0930).docx`, and the new file \
                 takes its place.",
            ),
            (
                file("file.not_found"),
                "lỗi: không tìm thấy tệp `campaign.json`. Vui lòng kiểm tra lại tên tệp và thư mục.",
                "error: cannot find the file `campaign.json`. Check the file's name and folder.",
            ),
            (
                file("file.not_utf8"),
                "lỗi: chưa đọc được tệp `campaign.json` vì tệp không được lưu theo mã UTF-8. \
                 Vui lòng mở tệp bằng Notepad, chọn Lưu thành (Save As), chọn mã hóa (Encoding) \
                 UTF-8 rồi lưu lại.",
                "error: cannot read `campaign.json`: it is not saved as UTF-8 text. Open it in \
                 Notepad, choose Save As, pick the UTF-8 encoding and save it again.",
            ),
            (
                file("file.unreadable").arg("reason", "Permission denied (os error 13)"),
                "lỗi: chưa đọc được tệp `campaign.json`. Nếu tệp đang mở trong Excel hoặc Word, \
                 vui lòng đóng tệp rồi chạy lại lệnh.\n  \
                 nguyên nhân: Permission denied (os error 13)",
                "error: cannot read `campaign.json`. If the file is open in Excel or Word, close \
                 it and run the command again.\n  \
                 caused by: Permission denied (os error 13)",
            ),
            (
                Diagnostic::error("file.unwritable", Location::file("out/tong-hop.xlsx"))
                    .arg("reason", "The process cannot access the file because it is being used by another process. (os error 32)")
                    .hint(Hint::RunStep(Step::Merge)),
                "lỗi: chưa ghi được tệp `out/tong-hop.xlsx`. Nếu tệp đang mở trong Excel hoặc \
                 Word, vui lòng đóng tệp rồi chạy lại lệnh.\n  \
                 nguyên nhân: The process cannot access the file because it is being used by \
                 another process. (os error 32)\n  \
                 lưu ý: chạy lệnh `vanban merge`",
                "error: cannot write `out/tong-hop.xlsx`. If the file is open in Excel or Word, \
                 close it and run the command again.\n  \
                 caused by: The process cannot access the file because it is being used by \
                 another process. (os error 32)\n  \
                 hint: run `vanban merge`",
            ),
            (
                Diagnostic::error("campaign.not_a_folder", Location::file("dot-2017")),
                "lỗi: `dot-2017` không phải là thư mục của đợt báo cáo (thư mục có tệp campaign.json). Vui lòng kiểm tra lại đường dẫn.",
                "error: `dot-2017` is not a campaign folder (a folder holding campaign.json).",
            ),
            (
                Diagnostic::error("campaign.json.missing_comma", Location::line("campaign.json", 4)),
                "lỗi: thiếu dấu phẩy ở cuối dòng này: giữa hai trường (hoặc hai mục của danh sách) phải có dấu phẩy `,`\n  vị trí: tệp `campaign.json` › dòng 4",
                "error: a comma is missing at the end of this line: two fields (or two items of a list) must be separated by `,`\n  at: file `campaign.json` › line 4",
            ),
            (
                Diagnostic::error("campaign.json.trailing_comma", Location::line("campaign.json", 9)),
                "lỗi: thừa dấu phẩy trước dấu đóng `}` hoặc `]`; vui lòng xóa dấu phẩy cuối cùng\n  vị trí: tệp `campaign.json` › dòng 9",
                "error: a comma before a closing `}` or `]`; remove the last comma\n  at: file `campaign.json` › line 9",
            ),
            (
                Diagnostic::error("campaign.json.unexpected_end", Location::line("campaign.json", 80)),
                "lỗi: tệp kết thúc khi còn thiếu dấu đóng `}` hoặc `]`; vui lòng kiểm tra các cặp ngoặc\n  vị trí: tệp `campaign.json` › dòng 80",
                "error: the file ends before a closing `}` or `]`; check the pairs of brackets\n  at: file `campaign.json` › line 80",
            ),
            (
                Diagnostic::error("campaign.json.unquoted_key", Location::line("campaign.json", 3)),
                "lỗi: tên trường phải đặt trong ngoặc kép, ví dụ `\"name\": \"…\"`\n  vị trí: tệp `campaign.json` › dòng 3",
                "error: a field name must be in double quotes, as in `\"name\": \"…\"`\n  at: file `campaign.json` › line 3",
            ),
            (
                Diagnostic::error("campaign.json.expected_value", Location::line("campaign.json", 5)),
                "lỗi: thiếu giá trị, hoặc giá trị chữ chưa đặt trong ngoặc kép (ví dụ `\"name\": \"Công đoàn A\"`)\n  vị trí: tệp `campaign.json` › dòng 5",
                "error: a value is missing, or a text value is not in double quotes (as in `\"name\": \"Công đoàn A\"`)\n  at: file `campaign.json` › line 5",
            ),
            (
                Diagnostic::error("campaign.json.syntax", Location::line("campaign.json", 5)).arg("reason", "invalid escape"),
                "lỗi: tệp cài đặt của đợt viết chưa đúng cú pháp JSON\n  vị trí: tệp `campaign.json` › dòng 5\n  nguyên nhân: invalid escape",
                "error: the campaign file is not valid JSON\n  at: file `campaign.json` › line 5\n  caused by: invalid escape",
            ),
            (
                Diagnostic::error("campaign.field.missing", Location::Field { file: "campaign.json".into(), path: "reporting.units[40]".into(), line: Some(212), column: Some(7) }).arg("field", "code"),
                "lỗi: thiếu trường `code`; vui lòng thêm trường này\n  vị trí: tệp `campaign.json` › trường `reporting.units[40]` (đơn vị thứ 41) › dòng 212, cột 7",
                "error: the field `code` is missing; add it\n  at: file `campaign.json` › field `reporting.units[40]` (unit 41) › line 212, column 7",
            ),
            (
                Diagnostic::error("campaign.field.unknown", Location::Field { file: "campaign.json".into(), path: "plan.achive".into(), line: Some(33), column: Some(29) }).arg("field", "achive").arg("closest", "archive"),
                "lỗi: không có trường `achive` ở đây; có phải là `archive`?\n  vị trí: tệp `campaign.json` › trường `plan.achive` › dòng 33, cột 29",
                "error: there is no field `achive` here; did you mean `archive`?\n  at: file `campaign.json` › field `plan.achive` › line 33, column 29",
            ),
            (
                Diagnostic::error("campaign.field.unknown_value", Location::Field { file: "campaign.json".into(), path: "reporting.indicators[0].kind".into(), line: None, column: None }).arg("value", "many").arg("allowed", vec!["count".to_string(), "money".to_string()]),
                "lỗi: `many` không phải giá trị dùng được ở đây; chọn một trong: count, money\n  vị trí: tệp `campaign.json` › trường `reporting.indicators[0].kind` (chỉ tiêu thứ 1)",
                "error: `many` cannot be used here; choose one of: count, money\n  at: file `campaign.json` › field `reporting.indicators[0].kind` (indicator 1)",
            ),
            (
                Diagnostic::error("campaign.field.date", Location::Field { file: "campaign.json".into(), path: "plan.date".into(), line: Some(20), column: Some(24) }).arg("text", "31/6/2017"),
                "lỗi: `31/6/2017` không phải ngày tháng; viết ngày theo kiểu 27/7/2017 hoặc 2017-07-27\n  vị trí: tệp `campaign.json` › trường `plan.date` › dòng 20, cột 24",
                "error: `31/6/2017` is not a date; write it as 27/7/2017 or 2017-07-27\n  at: file `campaign.json` › field `plan.date` › line 20, column 24",
            ),
            (
                Diagnostic::error("campaign.field.type", Location::Field { file: "campaign.json".into(), path: "campaign".into(), line: Some(1), column: Some(14) }).arg("found", "whole_number").arg("expected", "group"),
                "lỗi: trường này đang là một số nguyên nhưng cần một nhóm { … }\n  vị trí: tệp `campaign.json` › trường `campaign` › dòng 1, cột 14",
                "error: this field holds a whole number but takes a group { … }\n  at: file `campaign.json` › field `campaign` › line 1, column 14",
            ),
            (
                Diagnostic::error("campaign.unit.empty_code", Location::Field { file: "campaign.json".into(), path: "reporting.units[2].code".into(), line: None, column: None }),
                "lỗi: mã đơn vị đang để trống; mỗi đơn vị cần một mã riêng (ví dụ `CD01`)\n  vị trí: tệp `campaign.json` › trường `reporting.units[2].code` (đơn vị thứ 3)",
                "error: the unit's code is empty; each unit needs a code of its own (as `CD01`)\n  at: file `campaign.json` › field `reporting.units[2].code` (unit 3)",
            ),
            (
                Diagnostic::error("campaign.unit.duplicate_code", Location::Field { file: "campaign.json".into(), path: "reporting.units[1].code".into(), line: None, column: None }).arg("code", "CD01"),
                "lỗi: mã `CD01` đã dùng cho một đơn vị khác; mỗi đơn vị cần một mã riêng\n  vị trí: tệp `campaign.json` › trường `reporting.units[1].code` (đơn vị thứ 2)",
                "error: the code `CD01` is used by another unit; each unit needs a code of its own\n  at: file `campaign.json` › field `reporting.units[1].code` (unit 2)",
            ),
            (
                Diagnostic::error("campaign.indicator.bad_code", Location::Field { file: "campaign.json".into(), path: "reporting.indicators[0].code".into(), line: None, column: None }).arg("code", "Nhà ở"),
                "lỗi: mã chỉ tiêu `Nhà ở` chỉ được gồm chữ a-z không dấu, chữ số và `_`, bắt đầu bằng chữ (ví dụ `luot_nguoi`)\n  vị trí: tệp `campaign.json` › trường `reporting.indicators[0].code` (chỉ tiêu thứ 1)",
                "error: the indicator code `Nhà ở` must be letters a-z without accents, digits and `_`, starting with a letter (as `luot_nguoi`)\n  at: file `campaign.json` › field `reporting.indicators[0].code` (indicator 1)",
            ),
            (
                Diagnostic::error("campaign.indicator.duplicate_code", Location::Field { file: "campaign.json".into(), path: "reporting.indicators[3].code".into(), line: None, column: None }).arg("code", "nha"),
                "lỗi: mã `nha` đã dùng cho một chỉ tiêu khác\n  vị trí: tệp `campaign.json` › trường `reporting.indicators[3].code` (chỉ tiêu thứ 4)",
                "error: the code `nha` is used by another indicator\n  at: file `campaign.json` › field `reporting.indicators[3].code` (indicator 4)",
            ),
            (
                Diagnostic::error("campaign.check.unknown_indicator", Location::Field { file: "campaign.json".into(), path: "reporting.checks[1].if".into(), line: None, column: None }).arg("code", "nhà"),
                "lỗi: `nhà` không phải mã của chỉ tiêu nào (xem `reporting.indicators`)\n  vị trí: tệp `campaign.json` › trường `reporting.checks[1].if` (mục thứ 2 của `checks`)",
                "error: `nhà` is not the code of an indicator (see `reporting.indicators`)\n  at: file `campaign.json` › field `reporting.checks[1].if` (item 2 of `checks`)",
            ),
            (
                Diagnostic::error("campaign.check.text_indicator", Location::Field { file: "campaign.json".into(), path: "reporting.checks[0].needs".into(), line: None, column: None }).arg("code", "ghi_chu"),
                "lỗi: `ghi_chu` là chỉ tiêu dạng chữ; phép đối chiếu chỉ so các số liệu\n  vị trí: tệp `campaign.json` › trường `reporting.checks[0].needs` (mục thứ 1 của `checks`)",
                "error: `ghi_chu` is a text indicator; a check compares figures\n  at: file `campaign.json` › field `reporting.checks[0].needs` (item 1 of `checks`)",
            ),
            (
                Diagnostic::error("campaign.check.itself", Location::Field { file: "campaign.json".into(), path: "reporting.checks[2]".into(), line: None, column: None }).arg("code", "nha"),
                "lỗi: phép đối chiếu so chỉ tiêu `nha` với chính nó\n  vị trí: tệp `campaign.json` › trường `reporting.checks[2]` (mục thứ 3 của `checks`)",
                "error: the check compares `nha` with itself\n  at: file `campaign.json` › field `reporting.checks[2]` (item 3 of `checks`)",
            ),
            (
                Diagnostic::error("campaign.check.times", Location::Field { file: "campaign.json".into(), path: "reporting.checks[0].times".into(), line: None, column: None }).arg("times", "0"),
                "lỗi: hệ số `times` là 0, phải là một số lớn hơn 0\n  vị trí: tệp `campaign.json` › trường `reporting.checks[0].times` (mục thứ 1 của `checks`)",
                "error: the factor `times` is 0; it must be a number above 0\n  at: file `campaign.json` › field `reporting.checks[0].times` (item 1 of `checks`)",
            ),
            (
                Diagnostic::error("campaign.period.order", Location::Field { file: "campaign.json".into(), path: "reporting.period_from".into(), line: None, column: None }).arg("from", "2017-07-26").arg("to", "2017-07-16"),
                "lỗi: ngày bắt đầu 26/07/2017 sau ngày kết thúc 16/07/2017 (`reporting.period_to`)\n  vị trí: tệp `campaign.json` › trường `reporting.period_from`",
                "error: the first day 26 July 2017 is after the last day 16 July 2017 (`reporting.period_to`)\n  at: file `campaign.json` › field `reporting.period_from`",
            ),
            (
                Diagnostic::error("outline.lookalike", Location::line("noi-dung.txt", 7)).arg("token", "2)").arg("level", "item").arg("write", "2."),
                "lỗi: `2)` trông như số thứ tự của khoản (1, 2, …) nhưng viết chưa đúng kiểu; hãy viết `2.`\n  vị trí: tệp `noi-dung.txt` › dòng 7",
                "error: `2)` looks like an item number (1, 2, …); write `2.`\n  at: file `noi-dung.txt` › line 7",
            ),
            (
                Diagnostic::error("outline.not_point_letter", Location::line("noi-dung.txt", 9)).arg("token", "f)"),
                "lỗi: `f)` không phải chữ cái đánh điểm: các điểm đánh theo bảng chữ cái tiếng Việt (a, b, c, d, đ, e, g, h, …, không có f, j, w, z) và được đánh lại thứ tự, nên hãy viết `a)`\n  vị trí: tệp `noi-dung.txt` › dòng 9",
                "error: `f)` is not a point letter: points follow the Vietnamese alphabet (a, b, c, d, đ, e, g, h, …, without f, j, w, z) and are renumbered, so write `a)`\n  at: file `noi-dung.txt` › line 9",
            ),
            (
                Diagnostic::error("outline.too_many_points", Location::line("noi-dung.txt", 40)).arg("max", 27i64),
                "lỗi: có hơn 27 điểm trong một khoản; hãy tách khoản này ra\n  vị trí: tệp `noi-dung.txt` › dòng 40",
                "error: more than 27 points under one item; split the item\n  at: file `noi-dung.txt` › line 40",
            ),
            (
                Diagnostic::error("outline.plus_without_dash", Location::line("noi-dung.txt", 14)),
                "lỗi: dòng `+` phải nằm dưới một dòng `-` của cùng khoản (hãy viết `-`, hoặc thêm một dòng `-` ở trên)\n  vị trí: tệp `noi-dung.txt` › dòng 14",
                "error: a `+` line must follow a `-` line of the same item (write `-` or add a `-` line above it)\n  at: file `noi-dung.txt` › line 14",
            ),
            (
                Diagnostic::error("campaign.no_report", Location::file("campaign.json")),
                "lỗi: tệp đợt báo cáo chưa có mục `report` (số, ngày, trích yếu và tệp nội dung của báo cáo kết quả); hãy thêm mục này vào campaign.json như ở đợt mẫu (`vanban init`) rồi chạy lại\n  vị trí: tệp `campaign.json`",
                "error: the campaign file has no `report` block (number, date, summary and body file of the result report); add it to campaign.json as in the sample campaign (`vanban init`) and run again\n  at: file `campaign.json`",
            ),
            (
                Diagnostic::error("campaign.no_reporting", Location::file("campaign.json")),
                "lỗi: tệp đợt báo cáo chưa có mục `reporting` (thời gian, hạn nộp, danh sách đơn vị, chỉ tiêu) nên chưa làm được biểu mẫu, nhận biểu hay tổng hợp; hãy thêm mục này vào campaign.json như ở đợt mẫu (`vanban init`)\n  vị trí: tệp `campaign.json`",
                "error: the campaign file has no `reporting` block (period, deadline, roster, indicators), so there are no forms, returns or merge; add it to campaign.json as in the sample campaign (`vanban init`)\n  at: file `campaign.json`",
            ),
            (
                Diagnostic::error("outline.table_not_closed", Location::line("cv.txt", 12)),
                "lỗi: bảng mở bằng `[BẢNG]` chưa được đóng; hãy thêm một dòng `[/BẢNG]` sau dòng cuối của bảng\n  vị trí: tệp `cv.txt` › dòng 12",
                "error: a table opened with `[BẢNG]` is never closed; add a `[/BẢNG]` line after its last row\n  at: file `cv.txt` › line 12",
            ),
            (
                Diagnostic::error("outline.table_not_open", Location::line("cv.txt", 30)),
                "lỗi: dòng `[/BẢNG]` không đóng bảng nào; hãy thêm `[BẢNG]` trước dòng đầu của bảng, hoặc xoá dòng này\n  vị trí: tệp `cv.txt` › dòng 30",
                "error: `[/BẢNG]` closes no table; add `[BẢNG]` before the table's first row, or delete this line\n  at: file `cv.txt` › line 30",
            ),
            (
                Diagnostic::error("outline.sub_item_without_item", Location::line("cv.txt", 14)).arg("token", "1.1."),
                "lỗi: `1.1.` là khoản con nhưng phía trên chưa có khoản (`1.`); hãy thêm khoản, hoặc viết `1.`\n  vị trí: tệp `cv.txt` › dòng 14",
                "error: `1.1.` is a sub-item but no item (`1.`) is above it; add the item, or write `1.`\n  at: file `cv.txt` › line 14",
            ),
            (
                Diagnostic::error("van_ban.no_separator", Location::line("cv.txt", 9)),
                "lỗi: chưa có dòng `---` ngăn phần đầu (các dòng `khóa: giá trị`) với nội dung văn bản; hãy thêm một dòng chỉ có `---` trước nội dung\n  vị trí: tệp `cv.txt` › dòng 9",
                "error: no `---` line separates the header (the `key: value` lines) from the body; add a line holding only `---` before the body\n  at: file `cv.txt` › line 9",
            ),
            (
                Diagnostic::error("van_ban.not_key_value", Location::line("cv.txt", 3)).arg("text", "so 12"),
                "lỗi: dòng `so 12` không phải dạng `khóa: giá trị`; hãy viết tên khóa, dấu hai chấm, rồi giá trị (ví dụ `so: 12`), hoặc chuyển dòng này xuống dưới dòng `---` nếu là nội dung\n  vị trí: tệp `cv.txt` › dòng 3",
                "error: `so 12` is not `key: value`; write the key, a colon, then the value (e.g. `so: 12`), or move the line below the `---` line if it is body text\n  at: file `cv.txt` › line 3",
            ),
            (
                Diagnostic::error("van_ban.unknown_key", Location::line("cv.txt", 2)).arg("key", "co_quang").arg("nearest", "co_quan"),
                "lỗi: không có khóa `co_quang`; có phải ý là `co_quan`? Các khóa dùng được: loai, ten_loai, co_quan_cap_tren, co_quan, so, ky_hieu, ngay, nam, dia_danh, trich_yeu, ghi_chu, du_thao, kinh_gui, tham_quyen, noi_nhan, ky, nguoi_ky, mau, cua\n  vị trí: tệp `cv.txt` › dòng 2",
                "error: unknown key `co_quang`; did you mean `co_quan`? The keys are: loai, ten_loai, co_quan_cap_tren, co_quan, so, ky_hieu, ngay, nam, dia_danh, trich_yeu, ghi_chu, du_thao, kinh_gui, tham_quyen, noi_nhan, ky, nguoi_ky, mau, cua\n  at: file `cv.txt` › line 2",
            ),
            (
                Diagnostic::error("van_ban.duplicate_key", Location::line("cv.txt", 4)).arg("key", "loai").arg("first", 1),
                "lỗi: khóa `loai` đã có ở dòng 1; hãy giữ một dòng và xoá dòng kia\n  vị trí: tệp `cv.txt` › dòng 4",
                "error: `loai` is already given on line 1; keep one line and delete the other\n  at: file `cv.txt` › line 4",
            ),
            (
                Diagnostic::error("van_ban.not_a_list", Location::line("cv.txt", 6)).arg("key", "so"),
                "lỗi: dòng bắt đầu bằng `-` chỉ dùng dưới khóa danh sách (`kinh_gui:` hoặc `noi_nhan:` để trống sau dấu hai chấm), không dùng dưới `so`\n  vị trí: tệp `cv.txt` › dòng 6",
                "error: a line starting with `-` belongs under a list key (`kinh_gui:` or `noi_nhan:` with nothing after the colon), not under `so`\n  at: file `cv.txt` › line 6",
            ),
            (
                Diagnostic::error("van_ban.bad_value", Location::line("cv.txt", 5)).arg("key", "ngay").arg("value", "31/2/2017").arg("expected", "date"),
                "lỗi: `ngay`: giá trị `31/2/2017` không hợp lệ; hãy ghi ngày dạng ngày/tháng/năm, ví dụ `27/7/2017`, hoặc để trống (văn bản dự thảo) và ghi `nam:`\n  vị trí: tệp `cv.txt` › dòng 5",
                "error: `ngay`: `31/2/2017` is not valid; write the date as day/month/year, e.g. `27/7/2017`, or leave it empty (a draft) and give `nam:`\n  at: file `cv.txt` › line 5",
            ),
            (
                Diagnostic::error("van_ban.missing_key", Location::line("cv.txt", 1)).arg("key", "loai"),
                "lỗi: chưa có dòng `loai:` cho biết loại văn bản; hãy thêm ở đầu tệp, ví dụ `loai: cong-van` (các loại: cong-van, quyet-dinh, ke-hoach, bao-cao, thong-bao, to-trinh, giay-moi, bien-ban, chi-thi, huong-dan, nghi-quyet, chuong-trinh, khac)\n  vị trí: tệp `cv.txt` › dòng 1",
                "error: no `loai:` line gives the document type; add one at the top, e.g. `loai: cong-van` (the types: cong-van, quyet-dinh, ke-hoach, bao-cao, thong-bao, to-trinh, giay-moi, bien-ban, chi-thi, huong-dan, nghi-quyet, chuong-trinh, khac)\n  at: file `cv.txt` › line 1",
            ),
            (
                Diagnostic::error("van_ban.signer_without_block", Location::line("cv.txt", 20)),
                "lỗi: dòng `nguoi_ky` phải nằm dưới một dòng `ky:` (thẩm quyền và chức vụ người ký); hãy thêm dòng `ky:` ở trên\n  vị trí: tệp `cv.txt` › dòng 20",
                "error: a `nguoi_ky` line must follow a `ky:` line (the authority and title of the signer); add a `ky:` line above it\n  at: file `cv.txt` › line 20",
            ),
            (
                Diagnostic::error("outline.empty", Location::line("noi-dung.txt", 3)).arg("label", "II."),
                "lỗi: sau `II.` chưa có nội dung\n  vị trí: tệp `noi-dung.txt` › dòng 3",
                "error: `II.` has no text after it\n  at: file `noi-dung.txt` › line 3",
            ),
            (
                Diagnostic::internal("template.failed", Location::Nowhere).arg("detail", "unknown tag `ten`"),
                "lỗi của chương trình: chưa tạo được văn bản từ tệp mẫu: unknown tag `ten`",
                "internal error: unknown tag `ten`",
            ),
            (
                Diagnostic::warning("template.warning", Location::file("mau.docx")).arg("detail", "the tag `ngay` is empty"),
                "cảnh báo: tệp mẫu cần xem lại: the tag `ngay` is empty\n  vị trí: tệp `mau.docx`",
                "warning: the tag `ngay` is empty\n  at: file `mau.docx`",
            ),
            (
                Diagnostic::error("output.is_input", Location::file("out/ds.xlsx")),
                "lỗi: không ghi vào tệp `out/ds.xlsx` vì đó là một tệp đầu vào. Vui lòng chọn tên tệp kết quả khác.",
                "error: refusing to write `out/ds.xlsx`: it is one of the inputs (choose another output path).",
            ),
            (
                Diagnostic::error("forms.no_units", Location::file("campaign.json")),
                "lỗi: danh sách đơn vị của đợt (`reporting.units`) đang trống. Vui lòng thêm các đơn vị vào tệp cài đặt của đợt.\n  vị trí: tệp `campaign.json`",
                "error: the campaign's roster (`reporting.units`) is empty.\n  at: file `campaign.json`",
            ),
            (
                Diagnostic::internal("forms.build", Location::Nowhere).arg("unit", "CD01").arg("reason", "too big"),
                "lỗi của chương trình: chưa tạo được biểu mẫu của đơn vị `CD01`.\n  nguyên nhân: too big",
                "internal error: cannot build the form of unit `CD01`.\n  caused by: too big",
            ),
            (
                Diagnostic::error("merge.no_returns", Location::file("dot-2017/returns")),
                "lỗi: thư mục `dot-2017/returns` chưa có biểu nào. Vui lòng nhận các tệp Excel các đơn vị đã nộp (.xlsx, .xls, .ods) vào đó bằng lệnh `vanban nhan`, hoặc chép thẳng vào thư mục đó, rồi tổng hợp lại.",
                "error: no returned spreadsheets in `dot-2017/returns`: receive the files the units sent (.xlsx, .xls, .ods) with `vanban nhan`, or copy them there, then run the merge again.",
            ),
            (
                Diagnostic::internal("merge.xlsx", Location::Nowhere).arg("reason", "disk full"),
                "lỗi của chương trình: chưa ghi được tệp tổng hợp.\n  nguyên nhân: disk full",
                "internal error: cannot write the merged workbook.\n  caused by: disk full",
            ),
            (
                Diagnostic::internal("merge.json", Location::Nowhere).arg("reason", "disk full"),
                "lỗi của chương trình: chưa ghi được số liệu tổng hợp.\n  nguyên nhân: disk full",
                "internal error: cannot write the merged data.\n  caused by: disk full",
            ),
            (
                Diagnostic::error("merge.file.rejected", Location::file("returns/CD01.xlsx")),
                "lỗi: biểu `returns/CD01.xlsx` bị trả lại; lý do được ghi ở trên và trong tệp tổng hợp.",
                "error: `returns/CD01.xlsx` was rejected; its reasons are listed above and in the merged workbook.",
            ),
            (
                Diagnostic::error("report.not_merged", Location::file("out/tong-hop.json")),
                "lỗi: chưa có tệp `out/tong-hop.json`: báo cáo được lập từ số liệu tổng hợp. Vui lòng tổng hợp trước.",
                "error: `out/tong-hop.json` is missing: the report is made from the merged figures.",
            ),
            (
                Diagnostic::error("report.merge_stale", Location::file("out/tong-hop.json"))
                    .arg("added_count", 1)
                    .arg("removed_count", 0)
                    .arg("changed_count", 2)
                    .arg("added", vec!["returns/CD07.xlsx".to_string()])
                    .arg("removed", Vec::<String>::new())
                    .arg("changed", vec!["returns/CD01.xlsx".to_string(), "returns/khoi/CD02.xlsx".to_string()])
                    .hint(Hint::RunStep(Step::Merge)),
                "lỗi: tệp `out/tong-hop.json` không còn khớp với các biểu hiện có; biểu mới nộp sau lần tổng hợp: returns/CD07.xlsx; biểu đã thay đổi sau lần tổng hợp: returns/CD01.xlsx, returns/khoi/CD02.xlsx. Vui lòng tổng hợp lại.\n  lưu ý: chạy lệnh `vanban merge`",
                "error: `out/tong-hop.json` does not describe the current returns; added since the merge: returns/CD07.xlsx; changed since the merge: returns/CD01.xlsx, returns/khoi/CD02.xlsx.\n  hint: run `vanban merge`",
            ),
            (
                Diagnostic::error("report.merge_stale", Location::file("out/tong-hop.json"))
                    .arg("added_count", 0)
                    .arg("removed_count", 1)
                    .arg("changed_count", 0)
                    .arg("added", Vec::<String>::new())
                    .arg("removed", vec!["returns/CD03.xlsx".to_string()])
                    .arg("changed", Vec::<String>::new()),
                "lỗi: tệp `out/tong-hop.json` không còn khớp với các biểu hiện có; biểu đã bị xóa: returns/CD03.xlsx. Vui lòng tổng hợp lại.",
                "error: `out/tong-hop.json` does not describe the current returns; removed: returns/CD03.xlsx.",
            ),
            (
                Diagnostic::error("report.merged_file", Location::file("out/tong-hop.json")).arg("detail", "expected value at line 1 column 1"),
                "lỗi: tệp tổng hợp chưa đúng: expected value at line 1 column 1\n  vị trí: tệp `out/tong-hop.json`",
                "error: expected value at line 1 column 1\n  at: file `out/tong-hop.json`",
            ),
            (
                Diagnostic::error("report.pair_mismatch", Location::file("out/tong-hop.xlsx")).arg("json", "out/tong-hop.json").hint(Hint::RunStep(Step::Merge)),
                "lỗi: tệp `out/tong-hop.xlsx` không cùng một lần tổng hợp với `out/tong-hop.json` (lần tổng hợp trước có thể đã bị ngắt giữa chừng), nên bảng tổng hợp không khớp với số liệu dùng cho báo cáo. Vui lòng tổng hợp lại.\n  lưu ý: chạy lệnh `vanban merge`",
                "error: `out/tong-hop.xlsx` is not from the same merge as `out/tong-hop.json` (the last merge may have been interrupted), so the workbook does not match the figures the report uses.\n  hint: run `vanban merge`",
            ),
            (
                Diagnostic::error("report.other_campaign", Location::file("out/tong-hop.json")).arg("found", "dot-2016").arg("expected", "dot-2017"),
                "lỗi: số liệu tổng hợp thuộc đợt báo cáo `dot-2016`, không phải `dot-2017` (campaign.json › campaign.id).\n  vị trí: tệp `out/tong-hop.json`",
                "error: the merged figures are for campaign `dot-2016`, not `dot-2017` (campaign.json › campaign.id).\n  at: file `out/tong-hop.json`",
            ),
            (
                Diagnostic::error("report.strict", Location::file("out/tong-hop.json")).arg("count", 12i64).arg("shown", 8i64).arg("more", 4i64),
                "lỗi: chưa lập báo cáo (--strict) vì khi tổng hợp có 12 lỗi; 8 lỗi đầu in ở dưới, đủ cả ở trang tính \"Lỗi và cảnh báo\" của tong-hop.xlsx. Sửa các biểu rồi tổng hợp lại, hoặc lập báo cáo không có --strict\n  vị trí: tệp `out/tong-hop.json`",
                "error: refusing to write the report (--strict): the merge found 12 error(s); the first 8 are below, all of them in the sheet \"Lỗi và cảnh báo\" of tong-hop.xlsx. Fix the returns and merge again, or make the report without --strict\n  at: file `out/tong-hop.json`",
            ),
            (
                Diagnostic::error("report.inconsistent", Location::file("out/tong-hop.json")).arg("problems", "the total of `nha` is 3, its units add up to 4"),
                "lỗi: số liệu không khớp: the total of `nha` is 3, its units add up to 4\n  vị trí: tệp `out/tong-hop.json`",
                "error: the figures do not add up: the total of `nha` is 3, its units add up to 4\n  at: file `out/tong-hop.json`",
            ),
            (
                Diagnostic::error("template.missing_variable", Location::Template { file: "t.docx".into(), part: Some("body".into()), table: None, paragraph: Some(2), tag: Some("{{ ten }}".into()) }).arg("name", "ten").arg("excerpt", "Kính gửi: ▶{{ ten }}◀").arg("reason", "Variable `ten` is not defined. Available variables: nam"),
                "lỗi: dữ liệu không có `ten`\n  vị trí: tệp mẫu `t.docx` › phần thân văn bản › đoạn 2 › thẻ `{{ ten }}`\n     | Kính gửi: ▶{{ ten }}◀\n  nguyên nhân: dữ liệu không có tên `ten`; các tên có thể dùng: nam",
                "error: `ten` is not in the data\n  at: template `t.docx` › body › paragraph 2 › tag `{{ ten }}`\n     | Kính gửi: ▶{{ ten }}◀\n  caused by: the data has no `ten`; the names there are: nam",
            ),
            (
                Diagnostic::error("template.syntax", Location::Template { file: "t.docx".into(), part: Some("body".into()), table: None, paragraph: Some(1), tag: Some("{{ a + }}".into()) }).arg("reason", "expected an expression"),
                "lỗi: thẻ viết sai cú pháp\n  vị trí: tệp mẫu `t.docx` › phần thân văn bản › đoạn 1 › thẻ `{{ a + }}`\n  nguyên nhân: expected an expression",
                "error: syntax error in this tag\n  at: template `t.docx` › body › paragraph 1 › tag `{{ a + }}`\n  caused by: expected an expression",
            ),
            (
                Diagnostic::error("template.nested_too_deep", Location::file("t.docx")).arg("max", 100i64),
                "lỗi: các khối lồng nhau quá 100 tầng; hãy đóng bớt khối\n  vị trí: tệp `t.docx`",
                "error: blocks are nested more than 100 deep; close some blocks first\n  at: file `t.docx`",
            ),
            (
                Diagnostic::error("template.not_inside_if", Location::file("t.docx")).arg("tag", "{% else %}"),
                "lỗi: `{% else %}` không nằm trong một khối `{% if %}`\n  vị trí: tệp `t.docx`",
                "error: `{% else %}` is not inside an `{% if %}` block\n  at: file `t.docx`",
            ),
            (
                Diagnostic::error("template.wrong_close", Location::file("t.docx")).arg("tag", "{% endif %}").arg("open", "{% for x in xs %}"),
                "lỗi: `{% endif %}` đóng một khối khác với khối đang mở `{% for x in xs %}`; hãy đóng khối đó trước\n  vị trí: tệp `t.docx`",
                "error: `{% endif %}` closes another block than the one open, `{% for x in xs %}`; close that one first\n  at: file `t.docx`",
            ),
            (
                Diagnostic::error("template.never_opened", Location::file("t.docx")).arg("tag", "{% endfor %}"),
                "lỗi: `{% endfor %}` đóng một khối chưa từng được mở\n  vị trí: tệp `t.docx`",
                "error: `{% endfor %}` closes a block that was never opened\n  at: file `t.docx`",
            ),
            (
                Diagnostic::error("template.never_closed", Location::file("t.docx")).arg("tag", "{%tr for x in rows %}").arg("close", "{%tr endfor %}"),
                "lỗi: `{%tr for x in rows %}` chưa được đóng; hãy thêm `{%tr endfor %}` ở chỗ khối kết thúc\n  vị trí: tệp `t.docx`",
                "error: `{%tr for x in rows %}` is never closed: add `{%tr endfor %}` where the block ends\n  at: file `t.docx`",
            ),
            (
                Diagnostic::error("template.missing_field", Location::file("t.docx")).arg("field", "phone"),
                "lỗi: dữ liệu không có trường `phone`\n  vị trí: tệp `t.docx`",
                "error: the data has no field `phone`\n  at: file `t.docx`",
            ),
            (
                Diagnostic::error("template.missing_list", Location::file("t.docx")).arg("name", "units"),
                "lỗi: dữ liệu không có danh sách `units` mà vòng lặp cần\n  vị trí: tệp `t.docx`",
                "error: `units` is not in the data (the loop needs a list)\n  at: file `t.docx`",
            ),
            (
                Diagnostic::error("template.cannot_render", Location::file("t.docx")).arg("reason", "Filter `vn_number` failed"),
                "lỗi: chưa điền được thẻ này\n  vị trí: tệp `t.docx`\n  nguyên nhân: Filter `vn_number` failed",
                "error: cannot fill this tag\n  at: file `t.docx`\n  caused by: Filter `vn_number` failed",
            ),
            (
                Diagnostic::error("template.rich_text", Location::file("t.docx")).arg("at", "[1].bold").arg("expected", "boolean"),
                "lỗi: chưa điền được thẻ này: `[1].bold` trong giá trị chữ định dạng phải là true hoặc false\n  vị trí: tệp `t.docx`",
                "error: cannot fill this tag: `[1].bold` in the rich text value should be true or false\n  at: file `t.docx`",
            ),
            (
                Diagnostic::error("template.rich_text", Location::file("t.docx")).arg("at", "logo.width").arg("expected", "length"),
                "lỗi: chưa điền được thẻ này: `logo.width` trong giá trị chữ định dạng phải là một độ dài như 3cm, 25mm, 120px, 1in hoặc 72pt\n  vị trí: tệp `t.docx`",
                "error: cannot fill this tag: `logo.width` in the rich text value should be a length such as 3cm, 25mm, 120px, 1in or 72pt\n  at: file `t.docx`",
            ),
            (
                Diagnostic::error("template.rich_text", Location::file("t.docx")).arg("at", "image").arg("expected", "image"),
                "lỗi: chưa điền được thẻ này: `image` trong giá trị chữ định dạng phải là một ảnh PNG, JPEG hoặc GIF dạng base64 (hoặc URL data:, hoặc đường dẫn tệp trong tệp dữ liệu)\n  vị trí: tệp `t.docx`",
                "error: cannot fill this tag: `image` in the rich text value should be a PNG, JPEG or GIF picture as base64 (or a data: URL, or a file path in the data file)\n  at: file `t.docx`",
            ),
            (
                Diagnostic::error("template.cell_tag_outside_cell", Location::file("t.docx")).arg("tag", "{% vm %}"),
                "lỗi: thẻ `{% vm %}` tác động lên ô bảng chứa nó nhưng lại nằm ngoài bảng; hãy chuyển thẻ vào một ô, hoặc xóa thẻ đi\n  vị trí: tệp `t.docx`",
                "error: `{% vm %}` acts on the table cell it stands in, but it stands outside a table: move it into a cell, or remove it\n  at: file `t.docx`",
            ),
            (
                Diagnostic::error("template.cell_colour", Location::file("t.docx")).arg("tag", "{% cellbg u.mau %}").arg("value", "đỏ"),
                "lỗi: chưa điền được thẻ `{% cellbg u.mau %}`: `đỏ` không phải là màu; màu nền của ô ghi bằng sáu chữ số hệ mười sáu (C00000) hoặc auto\n  vị trí: tệp `t.docx`",
                "error: cannot fill `{% cellbg u.mau %}`: `đỏ` is not a colour; a cell's shading is six hexadecimal digits (C00000) or auto\n  at: file `t.docx`",
            ),
            (
                Diagnostic::error("template.rich_text", Location::file("t.docx")).arg("at", "phu_luc.subdoc").arg("expected", "subdoc"),
                "lỗi: chưa điền được thẻ này: `phu_luc.subdoc` trong giá trị chữ định dạng phải là một tệp Word (.docx) mở được trong các giới hạn áp cho tệp mẫu, ghi bằng đường dẫn cạnh tệp dữ liệu hoặc dạng base64\n  vị trí: tệp `t.docx`",
                "error: cannot fill this tag: `phu_luc.subdoc` in the rich text value should be a Word file (.docx) that opens within the limits a template is held to, as a path beside the data file or as base64\n  at: file `t.docx`",
            ),
            (
                Diagnostic::error("template.rich_text", Location::file("t.docx")).arg("at", "none").arg("expected", "runs"),
                "lỗi: chưa điền được thẻ này: giá trị chữ định dạng phải là một đoạn chữ, một đối tượng định dạng hoặc danh sách các đối tượng đó\n  vị trí: tệp `t.docx`",
                "error: cannot fill this tag: the rich text value should be text, a run object or a list of them\n  at: file `t.docx`",
            ),
            (
                Diagnostic::error("template.problem", Location::file("t.docx")).arg("detail", "`restart_numbering()` is used but the template has no numbered list"),
                "lỗi: tệp mẫu có chỗ chưa đúng: `restart_numbering()` is used but the template has no numbered list\n  vị trí: tệp `t.docx`",
                "error: `restart_numbering()` is used but the template has no numbered list\n  at: file `t.docx`",
            ),
            (
                Diagnostic::warning("template.empty_value", Location::Template { file: "t.docx".into(), part: Some("header 1".into()), table: None, paragraph: Some(1), tag: Some("{{ ngay }}".into()) }).arg("name", "ngay").arg("excerpt", "Ngày ▶{{ ngay }}◀"),
                "cảnh báo: dữ liệu không có `ngay` nên chỗ này để trống\n  vị trí: tệp mẫu `t.docx` › đầu trang 1 › đoạn 1 › thẻ `{{ ngay }}`\n     | Ngày ▶{{ ngay }}◀",
                "warning: `ngay` is not in the data; rendered empty\n  at: template `t.docx` › header 1 › paragraph 1 › tag `{{ ngay }}`\n     | Ngày ▶{{ ngay }}◀",
            ),
            (
                Diagnostic::error("template.not_word", Location::file("mau.docx")),
                "lỗi: tệp này không phải văn bản Word .docx (không có phần `word/document.xml`); có phải là tệp .doc hay .xlsx đổi tên? Hãy mở bằng Word và lưu thành .docx\n  vị trí: tệp `mau.docx`",
                "error: this is not a Word .docx (it has no `word/document.xml`); is it a .doc or .xlsx renamed? Open it in Word and save it as .docx\n  at: file `mau.docx`",
            ),
            (
                Diagnostic::error("template.xml", Location::file("mau.docx")).arg("part", "body").arg("entry", "word/document.xml").arg("reason", "unexpected end"),
                "lỗi: phần body (`word/document.xml`) của tệp mẫu bị hỏng, không đọc được\n  vị trí: tệp `mau.docx`\n  nguyên nhân: unexpected end",
                "error: the template's body (`word/document.xml`) is damaged and cannot be read\n  at: file `mau.docx`\n  caused by: unexpected end",
            ),
            (
                Diagnostic::error("template.too_deep", Location::file("mau.docx")).arg("part", "body").arg("entry", "word/document.xml").arg("max", 256i64),
                "lỗi: phần body (`word/document.xml`) lồng nhau quá 256 tầng\n  vị trí: tệp `mau.docx`",
                "error: the template's body (`word/document.xml`) nests elements more than 256 deep\n  at: file `mau.docx`",
            ),
            (
                Diagnostic::error("template.output_too_large", Location::file("mau.docx")).arg("part", "body").arg("limit", 1000i64),
                "lỗi: phần body lớn quá 1.000 byte khi điền dữ liệu (vòng lặp trên quá nhiều dữ liệu?)\n  vị trí: tệp `mau.docx`",
                "error: the body grows beyond 1,000 bytes while rendering (a loop over too much data?)\n  at: file `mau.docx`",
            ),
            // issue 16 (hardening)
            (
                vanban::workflow::template_memory("mau.docx", 1024),
                "lỗi: điền dữ liệu vào tệp mẫu này cần hơn 1.024 MB bộ nhớ nên đã dừng lại, không ghi tệp nào (tệp mẫu có thể cố ý làm đầy bộ nhớ, ví dụ nhân đôi một chuỗi nhiều lần)\n  vị trí: tệp `mau.docx`\n  lưu ý: nếu tệp là thật, nâng giới hạn bộ nhớ dùng khi điền mẫu bằng `--max-memory-mb`",
                "error: filling this template needed more than 1,024 MB of memory, so it was stopped and nothing was written (a template can exhaust memory on purpose, e.g. by doubling a text many times)\n  at: file `mau.docx`\n  hint: if the file is genuine, raise the limit on memory used while filling templates with `--max-memory-mb`",
            ),
            (
                vanban::workflow::campaign_memory("dot-1", vanban::diagnostic::Step::Plan, 64),
                "lỗi: soạn kế hoạch từ tệp mẫu (`templates/`) và dàn ý (tệp `body` trong campaign.json) của đợt cần hơn 64 MB bộ nhớ nên đã dừng lại, không ghi tệp nào (tệp mẫu hoặc dàn ý có thể cố ý làm đầy bộ nhớ)\n  vị trí: tệp `dot-1`\n  lưu ý: nếu tệp là thật, nâng giới hạn bộ nhớ dùng khi điền mẫu bằng `--max-memory-mb`",
                "error: writing the plan from the campaign's template (`templates/`) and outline (the `body` file in campaign.json) needed more than 64 MB of memory, so it was stopped and nothing was written (a template or outline can exhaust memory on purpose)\n  at: file `dot-1`\n  hint: if the file is genuine, raise the limit on memory used while filling templates with `--max-memory-mb`",
            ),
            (
                vanban::workflow::campaign_memory("dot-1", vanban::diagnostic::Step::Report, 1024),
                "lỗi: soạn báo cáo từ tệp mẫu (`templates/`) và dàn ý (tệp `body` trong campaign.json) của đợt cần hơn 1.024 MB bộ nhớ nên đã dừng lại, không ghi tệp nào (tệp mẫu hoặc dàn ý có thể cố ý làm đầy bộ nhớ)\n  vị trí: tệp `dot-1`\n  lưu ý: nếu tệp là thật, nâng giới hạn bộ nhớ dùng khi điền mẫu bằng `--max-memory-mb`",
                "error: writing the report from the campaign's template (`templates/`) and outline (the `body` file in campaign.json) needed more than 1,024 MB of memory, so it was stopped and nothing was written (a template or outline can exhaust memory on purpose)\n  at: file `dot-1`\n  hint: if the file is genuine, raise the limit on memory used while filling templates with `--max-memory-mb`",
            ),
            (
                Diagnostic::error("package.not_zip", Location::file("mau.docx")).arg("reason", "invalid Zip archive"),
                "lỗi: tệp không phải tệp Office (.docx, .xlsx) đọc được: có thể là tệp đổi tên, trang web, hoặc tải về chưa hết\n  vị trí: tệp `mau.docx`\n  nguyên nhân: invalid Zip archive",
                "error: the file is not a readable Office file (.docx, .xlsx): a renamed file, a web page, or an unfinished download?\n  at: file `mau.docx`\n  caused by: invalid Zip archive",
            ),
            (
                Diagnostic::error("package.too_many_entries", Location::file("mau.docx")).arg("count", 16i64).arg("limit", 3i64),
                "lỗi: tệp có 16 phần, nhiều hơn giới hạn 3\n  vị trí: tệp `mau.docx`",
                "error: the file has 16 parts, more than the limit of 3\n  at: file `mau.docx`",
            ),
            (
                Diagnostic::error("package.unpacks_too_large", Location::file("mau.docx")).arg("name", "word/document.xml").arg("limit", 1048576i64),
                "lỗi: phần `word/document.xml` giải nén ra hơn 1.048.576 byte\n  vị trí: tệp `mau.docx`",
                "error: `word/document.xml` unpacks to more than 1,048,576 bytes\n  at: file `mau.docx`",
            ),
            (
                Diagnostic::error("package.ratio", Location::file("mau.docx")).arg("name", "word/document.xml").arg("ratio", 1028i64).arg("limit", 200i64),
                "lỗi: phần `word/document.xml` bị nén 1.028:1, quá giới hạn 200:1 (tệp nén kiểu \"bom zip\")\n  vị trí: tệp `mau.docx`",
                "error: `word/document.xml` is compressed 1,028:1, more than the limit of 200:1 (this is how zip bombs look)\n  at: file `mau.docx`",
            ),
            (
                Diagnostic::error("package.unsafe_name", Location::file("mau.docx")).arg("name", "../x"),
                "lỗi: tệp có phần mang tên không an toàn `../x`; không mở\n  vị trí: tệp `mau.docx`",
                "error: the file holds a part with an unsafe name `../x`; not opened\n  at: file `mau.docx`",
            ),
            (
                Diagnostic::error("package.encrypted", Location::file("mau.docx")).arg("name", "word/document.xml"),
                "lỗi: tệp có mật khẩu (`word/document.xml` bị mã hóa); hãy lưu lại không đặt mật khẩu\n  vị trí: tệp `mau.docx`",
                "error: the file is protected by a password (`word/document.xml` is encrypted); save it without a password\n  at: file `mau.docx`",
            ),
            (
                Diagnostic::error("package.missing_part", Location::file("mau.docx")).arg("name", "word/styles.xml"),
                "lỗi: tệp thiếu phần `word/styles.xml`\n  vị trí: tệp `mau.docx`",
                "error: the file has no `word/styles.xml` part\n  at: file `mau.docx`",
            ),
            (
                Diagnostic::error("package.corrupt", Location::file("mau.docx")).arg("name", "word/document.xml").arg("reason", "bad deflate"),
                "lỗi: không giải nén được phần `word/document.xml`; tệp bị hỏng\n  vị trí: tệp `mau.docx`\n  nguyên nhân: bad deflate",
                "error: `word/document.xml` cannot be unpacked; the file is damaged\n  at: file `mau.docx`\n  caused by: bad deflate",
            ),
            (
                Diagnostic::error("template.data_not_object", Location::file("d.json")).arg("found", "array"),
                "lỗi: dữ liệu phải là một đối tượng JSON { \"tên\": giá trị, … }, nhưng đây là một danh sách (muốn mỗi mục thành một văn bản, dùng --each)\n  vị trí: tệp `d.json`",
                "error: the data must be a JSON object { \"name\": value, … }, but this is an array (for one document per item, use --each)\n  at: file `d.json`",
            ),
            (
                Diagnostic::error("mail_merge.not_object", Location::Field { file: "rows.json".into(), path: "[3]".into(), line: None, column: None }).arg("kind", "string"),
                "lỗi: dòng dữ liệu này không phải một đối tượng JSON (là một chuỗi chữ); mỗi mục phải có dạng {\"tên trường\": giá trị, …}\n  vị trí: tệp `rows.json` › mục thứ 4",
                "error: this row is not a JSON object (it is a string); each item must be {\"field\": value, …}\n  at: file `rows.json` › item 4",
            ),
            (
                Diagnostic::error("mail_merge.cell_error", Location::cell("ds.xlsx", None, Some("C5"))).arg("field", "Số lượng").arg("error", "#REF!"),
                "lỗi: ô của trường \"Số lượng\" đang báo lỗi #REF!; vui lòng sửa công thức trong bảng tính rồi chạy lại\n  vị trí: tệp `ds.xlsx` › ô C5",
                "error: the cell of the field \"Số lượng\" shows the error #REF!; fix the formula in the spreadsheet and run again\n  at: file `ds.xlsx` › cell C5",
            ),
            (
                Diagnostic::error("mail_merge.cell_date", Location::cell("ds.xlsx", None, Some("B2"))).arg("field", "Ngày").arg("value", "1e300"),
                "lỗi: ô của trường \"Ngày\" có ngày tháng không hợp lệ (1e300)\n  vị trí: tệp `ds.xlsx` › ô B2",
                "error: the cell of the field \"Ngày\" holds a date out of range (1e300)\n  at: file `ds.xlsx` › cell B2",
            ),
            (
                Diagnostic::error("mail_merge.name", Location::line("ds.csv", 3)).arg("excerpt", "{{ ▶ten◀ }}-giay-moi").arg("reason", "Variable `ten` is not defined"),
                "lỗi: chưa đặt được tên tệp theo mẫu --name\n  vị trí: tệp `ds.csv` › dòng 3\n     | {{ ▶ten◀ }}-giay-moi\n  nguyên nhân: dữ liệu không có tên `ten`",
                "error: cannot make the file name from the --name pattern\n  at: file `ds.csv` › line 3\n     | {{ ▶ten◀ }}-giay-moi\n  caused by: the data has no `ten`",
            ),
            (
                Diagnostic::error("mail_merge.name_empty", Location::line("ds.csv", 3)).arg("name", "???"),
                "lỗi: tên tệp `???` trống sau khi bỏ các ký tự không dùng được.\n  vị trí: tệp `ds.csv` › dòng 3",
                "error: the file name `???` is empty once made safe.\n  at: file `ds.csv` › line 3",
            ),
            (
                Diagnostic::error("mail_merge.exists", Location::file("out/thu-01.docx")).arg("row", 1i64),
                "lỗi: tệp `out/thu-01.docx` đã có; không ghi đè (dùng --overwrite để ghi đè).",
                "error: `out/thu-01.docx` already exists; not replaced (use --overwrite to replace it).",
            ),
            (
                Diagnostic::internal("demo.returns", Location::Nowhere).arg("reason", "too big"),
                "lỗi của chương trình: chưa tạo được các biểu mẫu của bản chạy thử.\n  nguyên nhân: too big",
                "internal error: cannot build the demo's returns.\n  caused by: too big",
            ),
            (
                Diagnostic::error("merge.file.empty", Location::file("returns/CD01.xlsx")),
                "lỗi: tệp trống\n  vị trí: tệp `returns/CD01.xlsx`",
                "error: the file is empty\n  at: file `returns/CD01.xlsx`",
            ),
            (
                Diagnostic::error("merge.file.word_document", Location::file("returns/CD01.xlsx")),
                "lỗi: đây là tệp Word, không phải tệp Excel\n  vị trí: tệp `returns/CD01.xlsx`",
                "error: this is a Word document, not a spreadsheet\n  at: file `returns/CD01.xlsx`",
            ),
            (
                Diagnostic::error("merge.file.web_page", Location::file("returns/CD01.xlsx")),
                "lỗi: đây là trang web (HTML/XML) được lưu với tên của tệp Excel; vui lòng mở tệp bằng Excel rồi lưu thành .xlsx\n  vị trí: tệp `returns/CD01.xlsx`",
                "error: this is a web page (HTML/XML) saved with a spreadsheet name, not a spreadsheet; open it in Excel and save it as .xlsx\n  at: file `returns/CD01.xlsx`",
            ),
            (
                Diagnostic::error("merge.file.zip_not_spreadsheet", Location::file("returns/CD01.xlsx")),
                "lỗi: đây là tệp nén, không phải tệp Excel\n  vị trí: tệp `returns/CD01.xlsx`",
                "error: this is a zip package but not a spreadsheet\n  at: file `returns/CD01.xlsx`",
            ),
            (
                Diagnostic::error("merge.file.not_a_spreadsheet", Location::file("returns/CD01.xlsx")),
                "lỗi: tệp không phải là tệp Excel (không nhận ra nội dung)\n  vị trí: tệp `returns/CD01.xlsx`",
                "error: the file is not a spreadsheet (unrecognised content)\n  at: file `returns/CD01.xlsx`",
            ),
            (
                Diagnostic::error("merge.file.password", Location::file("returns/CD01.xlsx")),
                "lỗi: tệp đã được đặt mật khẩu; vui lòng bỏ mật khẩu rồi nộp lại\n  vị trí: tệp `returns/CD01.xlsx`",
                "error: the workbook is protected by a password; save it without a password and send it again\n  at: file `returns/CD01.xlsx`",
            ),
            (
                Diagnostic::error("merge.file.declared_size", Location::file("returns/CD01.xlsx")).arg("details", "a part declares 9 GB"),
                "lỗi: a part declares 9 GB; tệp bị hỏng hoặc bị làm giả nên không được mở\n  vị trí: tệp `returns/CD01.xlsx`",
                "error: a part declares 9 GB; the file is damaged or crafted and was not opened\n  at: file `returns/CD01.xlsx`",
            ),
            // issue 16 (hardening)
            (
                vanban::sheets::merge::read_error_at("returns/CD01.xlsx", &vanban::sheets::read::ReadError::TooDeep { sheet: "Biểu mẫu".into(), limit: 256 }),
                "lỗi: trang tính `Biểu mẫu` có XML lồng nhau quá 256 tầng (tệp hỏng hoặc cố ý tạo ra); tệp không được đọc\n  vị trí: tệp `returns/CD01.xlsx`\n  lưu ý: nếu tệp là thật, nâng giới hạn số tầng lồng nhau của XML bằng `--max-xml-depth`",
                "error: sheet `Biểu mẫu` nests its XML more than 256 deep (a damaged or crafted file); the file was not read\n  at: file `returns/CD01.xlsx`\n  hint: if the file is genuine, raise the limit on XML nesting depth with `--max-xml-depth`",
            ),
            (
                Diagnostic::error("merge.file.too_many_cells", Location::file("returns/CD01.xlsx")).arg("sheet", "Biểu mẫu").arg("limit", 1000000i64),
                "lỗi: trang tính `Biểu mẫu` có hơn 1.000.000 ô (giới hạn số ô của một trang tính)\n  vị trí: tệp `returns/CD01.xlsx`",
                "error: sheet `Biểu mẫu` holds more than 1,000,000 cells (limit on cells per sheet)\n  at: file `returns/CD01.xlsx`",
            ),
            (
                Diagnostic::error("merge.file.damaged", Location::file("returns/CD01.xlsx")).arg("problem", "other").arg("details", "bad zip"),
                "lỗi: tệp bị hỏng, không đọc được (bad zip); vui lòng đề nghị đơn vị gửi lại tệp\n  vị trí: tệp `returns/CD01.xlsx`",
                "error: the file is damaged and cannot be read (bad zip); ask the unit to send the file again\n  at: file `returns/CD01.xlsx`",
            ),
            (
                Diagnostic::error("merge.file.damaged", Location::file("returns/CD01.xlsx")).arg("problem", "cut").arg("details", "not a complete zip package: EOCD"),
                "lỗi: tệp bị hỏng, không đọc được (tệp không còn nguyên vẹn, có thể do tải về hoặc chép chưa hết); vui lòng đề nghị đơn vị gửi lại tệp\n  vị trí: tệp `returns/CD01.xlsx`",
                "error: the file is damaged and cannot be read (it is not whole: perhaps a download or copy cut short); ask the unit to send the file again\n  at: file `returns/CD01.xlsx`",
            ),
            (
                Diagnostic::error("merge.file.damaged", Location::file("returns/CD01.xlsx")).arg("problem", "packed").arg("details", "corrupt deflate stream"),
                "lỗi: tệp bị hỏng, không đọc được (dữ liệu nén bên trong tệp bị hư); vui lòng đề nghị đơn vị gửi lại tệp\n  vị trí: tệp `returns/CD01.xlsx`",
                "error: the file is damaged and cannot be read (the compressed data inside it is broken); ask the unit to send the file again\n  at: file `returns/CD01.xlsx`",
            ),
            (
                Diagnostic::error("merge.file.reader_crashed", Location::file("returns/CD01.xlsx")).arg("details", "index out of bounds"),
                "lỗi: chương trình đọc dừng lại ở tệp này (index out of bounds); có thể tệp bị hỏng hoặc bị làm giả\n  vị trí: tệp `returns/CD01.xlsx`",
                "error: the reader stopped on this file (index out of bounds); the file is probably damaged or crafted\n  at: file `returns/CD01.xlsx`",
            ),
            (
                Diagnostic::internal("merge.file.not_finished", Location::file("returns/CD01.xlsx")),
                "lỗi của chương trình: lỗi của chương trình: chưa đọc xong tệp này\n  vị trí: tệp `returns/CD01.xlsx`",
                "internal error: internal: the reader stopped before finishing this file\n  at: file `returns/CD01.xlsx`",
            ),
            (
                Diagnostic::warning("merge.file.superseded", Location::file("returns/CD01.xlsx")).arg("unit", "CD01").arg("used", "returns/CD01 (2).xlsx"),
                "cảnh báo: đơn vị `CD01` đã nộp một biểu khác, `returns/CD01 (2).xlsx`, điền sau; dùng biểu đó\n  vị trí: tệp `returns/CD01.xlsx`",
                "warning: unit `CD01` sent another file, `returns/CD01 (2).xlsx`, filled later; that one is used\n  at: file `returns/CD01.xlsx`",
            ),
            (
                Diagnostic::warning("merge.file.late", Location::file("returns/CD01.xlsx")).arg("filled", "2017-07-30").arg("deadline", "2017-07-27"),
                "cảnh báo: nộp quá hạn: điền ngày 30/07/2017, hạn nộp 27/07/2017\n  vị trí: tệp `returns/CD01.xlsx`",
                "warning: returned after the deadline: filled on 30 July 2017, deadline 27 July 2017\n  at: file `returns/CD01.xlsx`",
            ),
            (
                Diagnostic::error("merge.form.other_campaign", Location::file("returns/CD01.xlsx")).arg("found", "dot-2016").arg("expected", "dot-2017"),
                "lỗi: đây là biểu của đợt báo cáo `dot-2016`, không phải của `dot-2017`\n  vị trí: tệp `returns/CD01.xlsx`",
                "error: this is a form of campaign `dot-2016`, not of `dot-2017`\n  at: file `returns/CD01.xlsx`",
            ),
            (
                Diagnostic::error("merge.form.newer_version", Location::file("returns/CD01.xlsx")).arg("version", 3i64).arg("known", 2i64),
                "lỗi: biểu mẫu là phiên bản 3, mới hơn phiên bản chương trình biết (2)\n  vị trí: tệp `returns/CD01.xlsx`",
                "error: the form is version 3, newer than this tool knows (2)\n  at: file `returns/CD01.xlsx`",
            ),
            (
                Diagnostic::warning("merge.form.layout_changed", Location::file("returns/CD01.xlsx")),
                "cảnh báo: bố cục của biểu đã bị sửa (thêm, bớt dòng hoặc sửa tên chỉ tiêu); số liệu được tìm theo tên chỉ tiêu\n  vị trí: tệp `returns/CD01.xlsx`",
                "warning: the form's layout was changed (rows or labels edited); its figures were found by their labels\n  at: file `returns/CD01.xlsx`",
            ),
            (
                Diagnostic::error("merge.unit.not_on_roster", Location::file("returns/CD01.xlsx")).arg("unit", "CD99"),
                "lỗi: đơn vị `CD99` không có trong danh sách đơn vị\n  vị trí: tệp `returns/CD01.xlsx`",
                "error: unit `CD99` is not on the roster\n  at: file `returns/CD01.xlsx`",
            ),
            (
                Diagnostic::error("merge.unit.several", Location::file("returns/CD01.xlsx")).arg("units", vec!["CD01".to_string(), "CD02".to_string()]),
                "lỗi: tệp ghi nhiều đơn vị (CD01, CD02); mỗi đơn vị vui lòng nộp một tệp riêng\n  vị trí: tệp `returns/CD01.xlsx`",
                "error: the file names several units (CD01, CD02); send one file per unit\n  at: file `returns/CD01.xlsx`",
            ),
            (
                Diagnostic::error("merge.unit.unknown", Location::file("returns/CD01.xlsx"))
                    .arg("labels", 0)
                    .arg("label_at", "")
                    .arg("label_next", ""),
                "lỗi: không xác định được đơn vị nộp tệp này: tệp không phải biểu mẫu của vanban, không ô nào ghi mã hay tên một đơn vị trong danh sách, tên tệp cũng không có mã đơn vị\n  vị trí: tệp `returns/CD01.xlsx`",
                "error: cannot tell which unit sent this file: it is not a vanban form, no cell holds the code or the name of a unit on the roster, and the file name holds no unit code\n  at: file `returns/CD01.xlsx`",
            ),
            (
                Diagnostic::error("merge.unit.unknown", Location::file("returns/x.xlsx"))
                    .arg("labels", 1)
                    .arg("label_at", "Sheet1 › A4")
                    .arg("label_next", "Số đoàn viên"),
                "lỗi: không xác định được đơn vị nộp tệp này: tệp không phải biểu mẫu của vanban, không ô nào ghi mã hay tên một đơn vị trong danh sách (bên cạnh ô \"Mã đơn vị\" ở Sheet1 › A4 là \"Số đoàn viên\", không phải mã đơn vị), tên tệp cũng không có mã đơn vị\n  vị trí: tệp `returns/x.xlsx`",
                "error: cannot tell which unit sent this file: it is not a vanban form, no cell holds the code or the name of a unit on the roster (the \"Mã đơn vị\" label at Sheet1 › A4 is followed by \"Số đoàn viên\", which is not a unit code), and the file name holds no unit code\n  at: file `returns/x.xlsx`",
            ),
            // The receive step (`vanban nhan`).
            (
                Diagnostic::error("receive.refused", Location::file("Downloads/ghi-chu.xlsx")),
                "lỗi: tệp `Downloads/ghi-chu.xlsx` chưa được chép vào thư mục biểu đã nộp; lý do được ghi ở trên.",
                "error: `Downloads/ghi-chu.xlsx` was not copied into the returns: its reasons are listed above.",
            ),
            (
                Diagnostic::warning("merge.unit.by_file_name", Location::file("returns/CD01.xlsx")).arg("unit", "CD01"),
                "cảnh báo: đơn vị `CD01` chỉ được nhận ra qua tên tệp; vui lòng kiểm tra đúng đơn vị\n  vị trí: tệp `returns/CD01.xlsx`",
                "warning: the unit `CD01` was recognised only by the file name; check it is the right unit\n  at: file `returns/CD01.xlsx`",
            ),
            (
                Diagnostic::warning("merge.unit.duplicate", Location::file("returns/CD01.xlsx")).arg("unit", "CD01").arg("files", vec!["a.xlsx".to_string(), "b.xlsx".to_string()]).arg("used", "b.xlsx"),
                "cảnh báo: đơn vị `CD01` đã nộp nhiều tệp: a.xlsx, b.xlsx; dùng tệp `b.xlsx`\n  vị trí: tệp `returns/CD01.xlsx`",
                "warning: unit `CD01` sent several files: a.xlsx, b.xlsx; `b.xlsx` is used\n  at: file `returns/CD01.xlsx`",
            ),
            (
                Diagnostic::error("merge.table.not_found", Location::file("returns/CD01.xlsx")),
                "lỗi: không tìm thấy chỉ tiêu nào của đợt báo cáo trong các trang tính (thiếu tên các chỉ tiêu của bảng)\n  vị trí: tệp `returns/CD01.xlsx`",
                "error: no indicator of the campaign was found in any sheet (the labels of the indicator table are missing)\n  at: file `returns/CD01.xlsx`",
            ),
            (
                Diagnostic::warning("merge.sheet.hidden", Location::cell("returns/CD01.xlsx", Some("Ẩn"), None)),
                "cảnh báo: số liệu được đọc từ một trang tính bị ẩn\n  vị trí: tệp `returns/CD01.xlsx` › trang tính `Ẩn`",
                "warning: the figures were read from a hidden sheet\n  at: file `returns/CD01.xlsx` › sheet `Ẩn`",
            ),
            (
                Diagnostic::warning("merge.indicator.not_found", Location::file("returns/CD01.xlsx")).arg("indicator", "Nhà").arg("indicator_code", "nha"),
                "cảnh báo: không tìm thấy chỉ tiêu \"Nhà\" (`nha`) trong bảng\n  vị trí: tệp `returns/CD01.xlsx`",
                "warning: indicator \"Nhà\" (`nha`) was not found in the table\n  at: file `returns/CD01.xlsx`",
            ),
            (
                Diagnostic::warning("merge.label.legacy_encoding", Location::cell("returns/CD01.xlsx", Some("Biểu mẫu"), Some("D13"))).arg("encoding", "TCVN3").arg("label", "Nhà"),
                "cảnh báo: tên chỉ tiêu gõ bằng bảng mã TCVN3, đọc thành \"Nhà\"\n  vị trí: tệp `returns/CD01.xlsx` › trang tính `Biểu mẫu` › ô D13",
                "warning: label written in TCVN3, read as \"Nhà\"\n  at: file `returns/CD01.xlsx` › sheet `Biểu mẫu` › cell D13",
            ),
            (
                Diagnostic::warning("merge.value.legacy_encoding", Location::cell("returns/CD01.xlsx", Some("Biểu mẫu"), Some("D13"))).arg("encoding", "VNI"),
                "cảnh báo: chữ gõ bằng bảng mã VNI, đã chuyển sang Unicode\n  vị trí: tệp `returns/CD01.xlsx` › trang tính `Biểu mẫu` › ô D13",
                "warning: text written in VNI, repaired\n  at: file `returns/CD01.xlsx` › sheet `Biểu mẫu` › cell D13",
            ),
            (
                Diagnostic::warning("merge.value.empty", Location::cell("returns/CD01.xlsx", Some("Biểu mẫu"), Some("D13"))).arg("indicator", "Nhà"),
                "cảnh báo: chưa có số liệu cho chỉ tiêu \"Nhà\"\n  vị trí: tệp `returns/CD01.xlsx` › trang tính `Biểu mẫu` › ô D13",
                "warning: no figure for \"Nhà\"\n  at: file `returns/CD01.xlsx` › sheet `Biểu mẫu` › cell D13",
            ),
            (
                Diagnostic::warning("merge.value.number_as_text", Location::cell("returns/CD01.xlsx", Some("Biểu mẫu"), Some("D13"))).arg("text", "12").arg("value", 12i64),
                "cảnh báo: số được gõ dạng chữ \"12\", đọc thành 12\n  vị trí: tệp `returns/CD01.xlsx` › trang tính `Biểu mẫu` › ô D13",
                "warning: number typed as text \"12\", read as 12\n  at: file `returns/CD01.xlsx` › sheet `Biểu mẫu` › cell D13",
            ),
            (
                Diagnostic::warning("merge.value.number_as_text_ambiguous", Location::cell("returns/CD01.xlsx", Some("Biểu mẫu"), Some("D13"))).arg("text", "1.500").arg("value", 1500i64),
                "cảnh báo: số được gõ dạng chữ \"1.500\", đọc thành 1.500 (đọc theo cách viết Việt Nam: dấu `.` ngăn cách hàng nghìn)\n  vị trí: tệp `returns/CD01.xlsx` › trang tính `Biểu mẫu` › ô D13",
                "warning: number typed as text \"1.500\", read as 1,500 (separators read the Vietnamese way: `.` groups thousands)\n  at: file `returns/CD01.xlsx` › sheet `Biểu mẫu` › cell D13",
            ),
            (
                Diagnostic::error("merge.value.not_a_number", Location::cell("returns/CD01.xlsx", Some("Biểu mẫu"), Some("D13"))).arg("indicator", "Nhà").arg("value", "mười"),
                "lỗi: chỉ tiêu \"Nhà\": \"mười\" không phải là số; không được tính\n  vị trí: tệp `returns/CD01.xlsx` › trang tính `Biểu mẫu` › ô D13",
                "error: \"Nhà\": \"mười\" is not a number; not counted\n  at: file `returns/CD01.xlsx` › sheet `Biểu mẫu` › cell D13",
            ),
            (
                Diagnostic::error("merge.value.boolean", Location::cell("returns/CD01.xlsx", Some("Biểu mẫu"), Some("D13"))).arg("indicator", "Nhà").arg("value", "TRUE"),
                "lỗi: chỉ tiêu \"Nhà\": TRUE không phải là số; không được tính\n  vị trí: tệp `returns/CD01.xlsx` › trang tính `Biểu mẫu` › ô D13",
                "error: \"Nhà\": TRUE is not a number; not counted\n  at: file `returns/CD01.xlsx` › sheet `Biểu mẫu` › cell D13",
            ),
            (
                Diagnostic::error("merge.value.date", Location::cell("returns/CD01.xlsx", Some("Biểu mẫu"), Some("D13"))).arg("indicator", "Nhà"),
                "lỗi: chỉ tiêu \"Nhà\": ô chứa ngày tháng (ô định dạng kiểu ngày), không phải số; không được tính\n  vị trí: tệp `returns/CD01.xlsx` › trang tính `Biểu mẫu` › ô D13",
                "error: \"Nhà\": the cell holds a date (it is formatted as a date), not a number; not counted\n  at: file `returns/CD01.xlsx` › sheet `Biểu mẫu` › cell D13",
            ),
            (
                Diagnostic::error("merge.value.error_cell", Location::cell("returns/CD01.xlsx", Some("Biểu mẫu"), Some("D13"))).arg("indicator", "Nhà").arg("error", "#DIV/0!"),
                "lỗi: chỉ tiêu \"Nhà\": ô báo lỗi #DIV/0!; không được tính\n  vị trí: tệp `returns/CD01.xlsx` › trang tính `Biểu mẫu` › ô D13",
                "error: \"Nhà\": the cell shows the error #DIV/0!; not counted\n  at: file `returns/CD01.xlsx` › sheet `Biểu mẫu` › cell D13",
            ),
            (
                Diagnostic::error("merge.value.uncalculated", Location::cell("returns/CD01.xlsx", Some("Biểu mẫu"), Some("D13"))).arg("indicator", "Nhà").arg("formula", "SUM(D1:D3)"),
                "lỗi: chỉ tiêu \"Nhà\": công thức `=SUM(D1:D3)` chưa được tính (không có kết quả lưu sẵn); vui lòng mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi nộp lại; không được tính\n  vị trí: tệp `returns/CD01.xlsx` › trang tính `Biểu mẫu` › ô D13",
                "error: \"Nhà\": the formula `=SUM(D1:D3)` was never calculated (no saved result); open the file in Excel or LibreOffice, save it and send it again; not counted\n  at: file `returns/CD01.xlsx` › sheet `Biểu mẫu` › cell D13",
            ),
            (
                Diagnostic::error("merge.value.not_finite", Location::cell("returns/CD01.xlsx", Some("Biểu mẫu"), Some("D13"))).arg("indicator", "Nhà"),
                "lỗi: chỉ tiêu \"Nhà\": giá trị không phải là số hữu hạn; không được tính\n  vị trí: tệp `returns/CD01.xlsx` › trang tính `Biểu mẫu` › ô D13",
                "error: \"Nhà\": the number is not finite; not counted\n  at: file `returns/CD01.xlsx` › sheet `Biểu mẫu` › cell D13",
            ),
            (
                Diagnostic::warning("merge.file.blank", Location::file("returns/CD01.xlsx")).arg("unit", "CD01"),
                "cảnh báo: biểu trống (chưa điền số liệu nào): đơn vị `CD01` được tính là chưa nộp\n  vị trí: tệp `returns/CD01.xlsx`",
                "warning: no figure is entered (a blank form): unit `CD01` is counted as not reported\n  at: file `returns/CD01.xlsx`",
            ),
            (
                Diagnostic::error("merge.file.no_figures", Location::file("returns/bang.xlsx")).arg("unit", "CD01").arg("matched", "tên đơn vị"),
                "lỗi: không nhận là báo cáo của đơn vị `CD01`: tệp không phải biểu mẫu của vanban và không tìm thấy số liệu nào ở các chỉ tiêu (chỉ có tên đơn vị: tên đơn vị)\n  vị trí: tệp `returns/bang.xlsx`",
                "error: not taken as the return of unit `CD01`: it is not a vanban form and no figure was found at the indicator labels (the unit was only named: tên đơn vị)\n  at: file `returns/bang.xlsx`",
            ),
            (
                Diagnostic::error("merge.value.out_of_range", Location::cell("returns/CD01.xlsx", Some("Biểu mẫu"), Some("D13"))).arg("indicator", "Nhà").arg("value", "1e308").arg("limit", "1000000000"),
                "lỗi: chỉ tiêu \"Nhà\": 1e308 là con số không hợp lý (chỉ tiêu này phải nhỏ hơn 1000000000; nếu đúng là lớn hơn, đặt `max` cho chỉ tiêu trong campaign.json); không được tính\n  vị trí: tệp `returns/CD01.xlsx` › trang tính `Biểu mẫu` › ô D13",
                "error: \"Nhà\": 1e308 is not plausible (the limit for this indicator is below 1000000000; a larger limit can be set as `max` in campaign.json); not counted\n  at: file `returns/CD01.xlsx` › sheet `Biểu mẫu` › cell D13",
            ),
            (
                Diagnostic::error("merge.value.too_long", Location::cell("returns/CD01.xlsx", Some("Biểu mẫu"), Some("D13"))).arg("indicator", "Ghi chú").arg("length", "40000").arg("limit", "32767"),
                "lỗi: chỉ tiêu \"Ghi chú\": nội dung dài 40000 ký tự, quá sức chứa của một ô (32767); không được tính\n  vị trí: tệp `returns/CD01.xlsx` › trang tính `Biểu mẫu` › ô D13",
                "error: \"Ghi chú\": the text is 40000 characters long, more than a cell holds (32767); not counted\n  at: file `returns/CD01.xlsx` › sheet `Biểu mẫu` › cell D13",
            ),
            (
                Diagnostic::warning("merge.cell.duplicate", Location::cell("returns/CD01.xlsx", Some("Biểu mẫu"), Some("D13"))),
                "cảnh báo: tệp ghi ô này hai lần nên không biết số liệu nào là đúng; đã đọc lần ghi sau cùng\n  vị trí: tệp `returns/CD01.xlsx` › trang tính `Biểu mẫu` › ô D13",
                "warning: the file gives this cell twice, so which figure is meant cannot be told; the last one was read\n  at: file `returns/CD01.xlsx` › sheet `Biểu mẫu` › cell D13",
            ),
            (
                Diagnostic::error("merge.total.too_large", Location::file("out/tong-hop.json")).arg("indicator", "Tiền"),
                "lỗi: tổng của chỉ tiêu \"Tiền\" quá lớn để cộng chính xác nên không ghi tổng; vui lòng kiểm tra lại số liệu\n  vị trí: tệp `out/tong-hop.json`",
                "error: the total of \"Tiền\" is too large to be added exactly, so no total is given; check the figures\n  at: file `out/tong-hop.json`",
            ),
            (
                Diagnostic::warning("merge.check.needs", Location::cell("returns/CD01.xlsx", Some("Biểu mẫu"), Some("D19")))
                    .arg("indicator", "Giá trị quà tặng").arg("indicator_code", "tien_qua").arg("value", 1500000i64)
                    .arg("other", "Quà tặng").arg("other_code", "qua_tang").arg("other_cell", "D18"),
                "cảnh báo: chỉ tiêu \"Giá trị quà tặng\" có số liệu (1.500.000) nhưng chỉ tiêu \"Quà tặng\" (ô D18) bằng 0; vui lòng kiểm tra lại hai ô này (số liệu vẫn được tính)\n  vị trí: tệp `returns/CD01.xlsx` › trang tính `Biểu mẫu` › ô D19",
                "warning: \"Giá trị quà tặng\" is 1,500,000 but \"Quà tặng\" (cell D18) is 0; check these two cells (the figures are still counted)\n  at: file `returns/CD01.xlsx` › sheet `Biểu mẫu` › cell D19",
            ),
            (
                Diagnostic::warning("merge.check.at_most", Location::cell("returns/CD01.xlsx", Some("Biểu mẫu"), Some("D21")))
                    .arg("indicator", "Ngày công").arg("indicator_code", "ngay_cong").arg("value", 75i64)
                    .arg("other", "Người tham gia").arg("other_code", "nguoi_tham_gia").arg("other_cell", "D20")
                    .arg("other_value", 3i64).arg("times", 10i64).arg("limit", 30i64),
                "cảnh báo: chỉ tiêu \"Ngày công\" là 75, lớn hơn 10 lần chỉ tiêu \"Người tham gia\" (ô D20: 3, tức tối đa 30); vui lòng kiểm tra lại hai ô này (số liệu vẫn được tính)\n  vị trí: tệp `returns/CD01.xlsx` › trang tính `Biểu mẫu` › ô D21",
                "warning: \"Ngày công\" is 75, more than 10 times \"Người tham gia\" (cell D20: 3, so at most 30); check these two cells (the figures are still counted)\n  at: file `returns/CD01.xlsx` › sheet `Biểu mẫu` › cell D21",
            ),
            (
                Diagnostic::error("merge.rollup.not_tonghop", Location::file("returns/H01.json")),
                "lỗi: tệp JSON này không phải bản tổng hợp do vanban lập (tong-hop.json); ở thư mục biểu đã nộp chỉ nhận bảng tính và bản tổng hợp của đơn vị cấp dưới\n  vị trí: tệp `returns/H01.json`",
                "error: this JSON file is not a tổng hợp written by vanban (tong-hop.json); the returns folder takes spreadsheets and sub-federations' tổng hợp only\n  at: file `returns/H01.json`",
            ),
            (
                Diagnostic::error("merge.rollup.json", Location::file("returns/H01.json")).arg("problem", "eof").arg("line", 12i64).arg("column", 7i64),
                "lỗi: bản tổng hợp JSON bị hỏng, không đọc được (tệp bị cắt cụt giữa chừng, dòng 12, cột 7); vui lòng đề nghị đơn vị gửi lại đúng tệp tong-hop.json do vanban lập, không sửa tay\n  vị trí: tệp `returns/H01.json`",
                "error: the tổng hợp JSON is damaged and cannot be read (the file ends halfway, line 12, column 7); ask the unit to send again the tong-hop.json vanban wrote, not edited by hand\n  at: file `returns/H01.json`",
            ),
            (
                Diagnostic::error("merge.rollup.json", Location::file("returns/H01.json")).arg("problem", "data").arg("line", 0i64).arg("column", 0i64),
                "lỗi: bản tổng hợp JSON bị hỏng, không đọc được (nội dung không đúng dạng bản tổng hợp); vui lòng đề nghị đơn vị gửi lại đúng tệp tong-hop.json do vanban lập, không sửa tay\n  vị trí: tệp `returns/H01.json`",
                "error: the tổng hợp JSON is damaged and cannot be read (its content is not shaped as a tổng hợp); ask the unit to send again the tong-hop.json vanban wrote, not edited by hand\n  at: file `returns/H01.json`",
            ),
            (
                Diagnostic::error("merge.rollup.newer_version", Location::file("returns/H01.json")).arg("version", 3i64).arg("known", 2i64),
                "lỗi: bản tổng hợp có dạng phiên bản 3, mới hơn phiên bản chương trình đọc được (2); vui lòng cập nhật vanban\n  vị trí: tệp `returns/H01.json`",
                "error: the tổng hợp has shape version 3, newer than this tool reads (2); update vanban\n  at: file `returns/H01.json`",
            ),
            (
                Diagnostic::error("merge.rollup.too_large", Location::file("returns/H01.json")).arg("limit", 1000i64),
                "lỗi: bản tổng hợp có hơn 1.000 giá trị, vượt giới hạn cho phép\n  vị trí: tệp `returns/H01.json`",
                "error: the tổng hợp holds more than 1,000 values, over the limit\n  at: file `returns/H01.json`",
            ),
            (
                Diagnostic::error("merge.rollup.total_mismatch", Location::cell("returns/H01.xlsx", Some("Tổng hợp"), Some("D10")))
                    .arg("indicator", "Lượt đoàn viên tham gia").arg("indicator_code", "luot_nguoi").arg("stated", 1201i64).arg("added", 1200i64),
                "lỗi: tổng số chỉ tiêu \"Lượt đoàn viên tham gia\" ghi là 1.201, nhưng cộng các dòng đơn vị được 1.200: bản tổng hợp đã bị sửa sau khi tổng hợp; vui lòng đề nghị đơn vị tổng hợp lại và gửi lại tệp, không sửa tay\n  vị trí: tệp `returns/H01.xlsx` › trang tính `Tổng hợp` › ô D10",
                "error: the total of \"Lượt đoàn viên tham gia\" says 1,201, but its unit rows add up to 1,200: the tổng hợp was edited after its merge; ask the unit to merge again and send the file again, not to edit it by hand\n  at: file `returns/H01.xlsx` › sheet `Tổng hợp` › cell D10",
            ),
            (
                Diagnostic::error("merge.rollup.layout", Location::cell("returns/H01.xlsx", Some("Chi tiết"), Some("D1")))
                    .arg("indicator", "Nhà").arg("indicator_code", "nha"),
                "lỗi: bảng \"Chi tiết\" không khớp bảng \"Tổng hợp\": ở ô này phải là cột chỉ tiêu \"Nhà\" (`nha`); vui lòng đề nghị đơn vị gửi lại đúng tệp tong-hop.xlsx do vanban lập\n  vị trí: tệp `returns/H01.xlsx` › trang tính `Chi tiết` › ô D1",
                "error: the \"Chi tiết\" table does not match the \"Tổng hợp\" table: this cell should head the column of \"Nhà\" (`nha`); ask the unit to send the tong-hop.xlsx vanban wrote\n  at: file `returns/H01.xlsx` › sheet `Chi tiết` › cell D1",
            ),
            (
                Diagnostic::error("merge.rollup.cell", Location::cell("returns/H01.xlsx", Some("Chi tiết"), Some("I3"))).arg("what", "status"),
                "lỗi: ô này ghi nội dung mà vanban không bao giờ ghi vào ô tình trạng (Đã nộp, Nộp muộn, Biểu trống, Bị trả lại hoặc Chưa nộp): bản tổng hợp đã bị sửa tay; vui lòng đề nghị đơn vị gửi lại tệp do vanban lập\n  vị trí: tệp `returns/H01.xlsx` › trang tính `Chi tiết` › ô I3",
                "error: this cell holds what vanban never writes in a status cell (Đã nộp, Nộp muộn, Biểu trống, Bị trả lại or Chưa nộp): the tổng hợp was edited by hand; ask the unit to send the file vanban wrote\n  at: file `returns/H01.xlsx` › sheet `Chi tiết` › cell I3",
            ),
            (
                Diagnostic::error("merge.rollup.sender_unknown", Location::file("returns/tong-hop.xlsx")).arg("issuer", "LĐLĐ HUYỆN TÂN BIÊN"),
                "lỗi: không xác định được đơn vị gửi bản tổng hợp này: tên đơn vị trong tệp (\"LĐLĐ HUYỆN TÂN BIÊN\") không trùng tên nào trong danh sách đơn vị, và tên tệp không chứa mã đơn vị; vui lòng đặt tên tệp theo mã đơn vị (ví dụ `H01.xlsx`) hoặc sửa tên đơn vị trong danh sách cho trùng\n  vị trí: tệp `returns/tong-hop.xlsx`",
                "error: cannot tell which unit sent this tổng hợp: the body it names (\"LĐLĐ HUYỆN TÂN BIÊN\") is no name on the roster, and the file's name holds no unit code; name the file by the unit's code (`H01.xlsx`) or make the roster's name match\n  at: file `returns/tong-hop.xlsx`",
            ),
            (
                Diagnostic::error("merge.value.negative", Location::cell("returns/CD01.xlsx", Some("Biểu mẫu"), Some("D13"))).arg("indicator", "Nhà").arg("value", -2i64),
                "lỗi: chỉ tiêu \"Nhà\": -2 là số âm; không được tính\n  vị trí: tệp `returns/CD01.xlsx` › trang tính `Biểu mẫu` › ô D13",
                "error: \"Nhà\": -2 is negative; not counted\n  at: file `returns/CD01.xlsx` › sheet `Biểu mẫu` › cell D13",
            ),
            (
                Diagnostic::error("merge.value.not_whole", Location::cell("returns/CD01.xlsx", Some("Biểu mẫu"), Some("D13"))).arg("indicator", "Nhà").arg("value", 2.5).arg("unit", "căn"),
                "lỗi: chỉ tiêu \"Nhà\": 2,5 không phải là số nguyên (căn phải là số nguyên); không được tính\n  vị trí: tệp `returns/CD01.xlsx` › trang tính `Biểu mẫu` › ô D13",
                "error: \"Nhà\": 2.5 is not a whole number (căn must be counted whole); not counted\n  at: file `returns/CD01.xlsx` › sheet `Biểu mẫu` › cell D13",
            ),
            (
                Diagnostic::error("merge.value.fraction_of_dong", Location::cell("returns/CD01.xlsx", Some("Biểu mẫu"), Some("D13"))).arg("indicator", "Nhà").arg("value", 1500.5),
                "lỗi: chỉ tiêu \"Nhà\": 1.500,5 có phần lẻ của đồng; không được tính\n  vị trí: tệp `returns/CD01.xlsx` › trang tính `Biểu mẫu` › ô D13",
                "error: \"Nhà\": 1,500.5 has a fraction of a đồng; not counted\n  at: file `returns/CD01.xlsx` › sheet `Biểu mẫu` › cell D13",
            ),
        ]
    }

    #[test]
    fn each_code_is_worded_verbatim_in_both_languages() {
        for (d, vi_text, en_text) in cases() {
            assert_eq!(vi().word(&d).to_string(), vi_text, "{d}");
            assert_eq!(en().word(&d).to_string(), en_text, "{d}");
        }
    }

    #[test]
    fn an_empty_reason_gives_no_reason_line() {
        let d = Diagnostic::error("file.unwritable", Location::file("a.docx")).arg("reason", "");
        assert_eq!(vi().word(&d).reason, None);
    }

    #[test]
    fn each_kind_of_location_in_both_languages() {
        let cell = Location::cell("returns/CD01.xlsx", Some("Biểu mẫu"), Some("D13"));
        let field = Location::Field {
            file: "campaign.json".into(),
            path: "reporting.units[40]".into(),
            line: Some(212),
            column: Some(7),
        };
        let template = Location::Template {
            file: "mau.docx".into(),
            part: Some("header 1".into()),
            table: None,
            paragraph: Some(2),
            tag: Some("{{ ten }}".into()),
        };
        for (location, vi_text, en_text) in [
            (Location::Nowhere, None, None),
            (
                Location::file("returns/CD01.xlsx"),
                Some("tệp `returns/CD01.xlsx`"),
                Some("file `returns/CD01.xlsx`"),
            ),
            (
                cell,
                Some("tệp `returns/CD01.xlsx` › trang tính `Biểu mẫu` › ô D13"),
                Some("file `returns/CD01.xlsx` › sheet `Biểu mẫu` › cell D13"),
            ),
            (
                Location::cell("returns/CD01.xlsx", Some("Biểu mẫu"), None),
                Some("tệp `returns/CD01.xlsx` › trang tính `Biểu mẫu`"),
                Some("file `returns/CD01.xlsx` › sheet `Biểu mẫu`"),
            ),
            (
                Location::line("ke-hoach.txt", 1207),
                Some("tệp `ke-hoach.txt` › dòng 1207"),
                Some("file `ke-hoach.txt` › line 1207"),
            ),
            (
                field,
                Some(
                    "tệp `campaign.json` › trường `reporting.units[40]` (đơn vị thứ 41) › dòng 212, cột 7",
                ),
                Some(
                    "file `campaign.json` › field `reporting.units[40]` (unit 41) › line 212, column 7",
                ),
            ),
            (
                Location::Field {
                    file: "campaign.json".into(),
                    path: "indicators[2].rows[0]".into(),
                    line: None,
                    column: None,
                },
                Some(
                    "tệp `campaign.json` › trường `indicators[2].rows[0]` (chỉ tiêu thứ 3, mục thứ 1 của `rows`)",
                ),
                Some(
                    "file `campaign.json` › field `indicators[2].rows[0]` (indicator 3, item 1 of `rows`)",
                ),
            ),
            (
                template,
                Some("tệp mẫu `mau.docx` › đầu trang 1 › đoạn 2 › thẻ `{{ ten }}`"),
                Some("template `mau.docx` › header 1 › paragraph 2 › tag `{{ ten }}`"),
            ),
            (
                Location::Template {
                    file: "mau.docx".into(),
                    part: Some("body".into()),
                    table: None,
                    paragraph: None,
                    tag: None,
                },
                Some("tệp mẫu `mau.docx` › phần thân văn bản"),
                Some("template `mau.docx` › body"),
            ),
            (
                Location::Template {
                    file: "mau.docx".into(),
                    part: Some("body".into()),
                    table: Some((1, 2, 3)),
                    paragraph: Some(7),
                    tag: None,
                },
                Some("tệp mẫu `mau.docx` › phần thân văn bản › bảng 1, dòng 2, ô 3 › đoạn 7"),
                Some("template `mau.docx` › body › table 1, row 2, cell 3 › paragraph 7"),
            ),
        ] {
            assert_eq!(vi().location(&location).as_deref(), vi_text, "{location:?}");
            assert_eq!(en().location(&location).as_deref(), en_text, "{location:?}");
        }
    }

    #[test]
    fn a_cell_location_gets_its_own_line() {
        // A message that does not name a cell: the location line says where.
        let d = Diagnostic::warning(
            "file.unreadable",
            Location::cell("returns/CD01.xlsx", Some("Biểu mẫu"), Some("D13")),
        );
        assert_eq!(
            vi().word(&d).to_string(),
            "cảnh báo: chưa đọc được tệp `returns/CD01.xlsx`. Nếu tệp đang mở trong Excel hoặc \
             Word, vui lòng đóng tệp rồi chạy lại lệnh.\n  \
             vị trí: tệp `returns/CD01.xlsx` › trang tính `Biểu mẫu` › ô D13"
        );
    }

    #[test]
    fn hints_name_the_flag_and_the_command() {
        assert_eq!(
            vi().hint(Hint::RaiseLimit(Limit::MergeRows)),
            "nếu tệp là thật, nâng giới hạn số dòng khi trộn thư bằng `--max-rows`"
        );
        assert_eq!(
            en().hint(Hint::RaiseLimit(Limit::MergeRows)),
            "if the file is genuine, raise the limit on rows in a mail merge with `--max-rows`"
        );
        assert_eq!(
            vi().hint(Hint::RunStep(Step::Merge)),
            "chạy lệnh `vanban merge`"
        );
        assert_eq!(
            en().hint(Hint::RunStep(Step::Report)),
            "run `vanban report`"
        );
    }

    #[test]
    fn severities() {
        for (s, v, e) in [
            (Severity::Error, "lỗi", "error"),
            (Severity::Warning, "cảnh báo", "warning"),
            (Severity::Internal, "lỗi của chương trình", "internal error"),
        ] {
            assert_eq!((vi().severity(s), en().severity(s)), (v.into(), e.into()));
        }
    }

    #[test]
    fn an_unknown_code_still_says_everything_it_has() {
        let d = Diagnostic::error("nobody.knows", Location::file("a.xlsx")).arg("n", 3);
        assert_eq!(
            vi().word(&d).to_string(),
            "lỗi: nobody.knows at a.xlsx n=3\n  vị trí: tệp `a.xlsx`"
        );
    }

    /// The registry: every code the library can return has a message in both
    /// languages, and every message of `diagnostics.ftl` is a code's.
    #[test]
    fn every_code_has_a_message_and_every_message_a_code() {
        let codes = vanban::diagnostic::all_codes();
        for code in &codes {
            assert!(
                code.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.'),
                "code `{code}`: only a-z, 0-9, `_` and `.` keep its message key unique"
            );
        }
        let keys: BTreeSet<String> = codes.iter().map(|c| key_of(c)).collect();
        assert_eq!(keys.len(), codes.len(), "a code is listed twice");
        for lang in Lang::ALL {
            let in_file: BTreeSet<String> = file_keys(lang, "diagnostics").into_iter().collect();
            let dir = lang.code();
            let no_message: Vec<_> = keys.difference(&in_file).collect();
            assert!(
                no_message.is_empty(),
                "codes with no message in i18n/{dir}/diagnostics.ftl: {no_message:?}"
            );
            let no_code: Vec<_> = in_file.difference(&keys).collect();
            assert!(
                no_code.is_empty(),
                "messages in i18n/{dir}/diagnostics.ftl that no code uses: {no_code:?}"
            );
        }
        let worded: BTreeSet<String> = cases().iter().map(|(d, _, _)| d.code.clone()).collect();
        let all: BTreeSet<String> = codes.iter().map(|c| c.to_string()).collect();
        assert_eq!(worded, all, "each code needs a verbatim case in `cases()`");
    }

    /// Tera's sentences a clerk meets are worded in each language; any other is
    /// shown as the engine wrote it.
    #[test]
    fn the_engines_reasons_are_worded() {
        let cases = [
            (
                "Variable `ten` is not defined. Available variables: nam, ngay",
                "dữ liệu không có tên `ten`; các tên có thể dùng: nam, ngay",
                "the data has no `ten`; the names there are: nam, ngay",
            ),
            (
                "Variable `ten` is not defined.",
                "dữ liệu không có tên `ten`",
                "the data has no `ten`",
            ),
            (
                "Unknown filter `vn_numbr`",
                "không có bộ lọc `vn_numbr` (xem lại chính tả, ví dụ `vn_number`, `vn_date`)",
                "there is no filter `vn_numbr` (check the spelling, e.g. `vn_number`, `vn_date`)",
            ),
            (
                "Unexpected end of input",
                "văn bản đã hết mà thẻ vẫn chưa đóng: thiếu `}}`, `%}` hoặc thẻ kết thúc như `{% endif %}`, `{% endfor %}`",
                "the text ends with a tag still open: a `}}`, `%}` or a closing tag such as `{% endif %}`, `{% endfor %}` is missing",
            ),
            (
                "Found `}}` but expected an identifier.; Unknown function `x`",
                "gặp `}}` ở chỗ cần an identifier; không có hàm `x`",
                "found `}}` where an identifier was expected; there is no function `x`",
            ),
            ("disk full", "disk full", "disk full"),
        ];
        for (engine, in_vi, in_en) in cases {
            assert_eq!(vi().engine_reason(engine), in_vi);
            assert_eq!(en().engine_reason(engine), in_en);
        }
    }

    /// Every message of `ui.ftl` is used: each severity, location part, hint and limit
    /// is worded here, and the file holds nothing else.
    #[test]
    fn every_message_of_ui_is_used() {
        let mut used = BTreeSet::new();
        for m in [vi(), en()] {
            let mut keys = |k: &str| {
                assert!(m.has(k), "{k} missing in {m:?}");
                used.insert(k.to_string());
            };
            for k in ["severity-error", "severity-warning", "severity-internal"] {
                keys(k);
            }
            for k in ["label-location", "label-hint", "label-reason"] {
                keys(k);
            }
            for k in [
                "location-file",
                "location-template",
                "location-sheet",
                "location-cell",
                "location-line",
                "location-line-column",
                "location-field",
                "location-item",
                "location-part",
                "location-paragraph",
                "location-table-cell",
                "location-tag",
            ] {
                keys(k);
            }
            keys("hint-raise-limit");
            keys("hint-run-step");
            for l in Limit::ALL {
                keys(limit_key(l));
            }
            keys(crate::i18n::LANG_ENV_UNKNOWN);
            for k in [
                "merge-summary",
                "merge-listed",
                "merge-not-reported",
                "merge-wrote",
            ] {
                keys(k);
            }
            // `vanban nhan`, and `vanban merge` given files.
            for k in [
                "merge-files-given",
                "receive-copied",
                "receive-already",
                "receive-skipped",
                "receive-next",
            ] {
                keys(k);
            }
        }
        // Tera's sentences, worded again.
        for k in [
            "engine-variable",
            "engine-field",
            "engine-filter",
            "engine-function",
            "engine-test",
            "engine-end",
            "engine-found",
        ] {
            assert!(vi().has(k) && en().has(k), "{k}");
            used.insert(k.to_string());
        }
        let in_file: BTreeSet<String> = file_keys(Lang::Vi, "ui").into_iter().collect();
        assert_eq!(
            in_file, used,
            "i18n/*/ui.ftl against the keys the code uses"
        );
    }
}
