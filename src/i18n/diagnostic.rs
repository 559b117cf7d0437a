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

/// A diagnostic in words, part by part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worded {
    /// "lỗi", "cảnh báo" (en "error", "warning").
    pub severity: String,
    /// What is wrong and what to do, from the message of the code.
    pub message: String,
    /// Where, when the message does not already say it.
    pub location: Option<String>,
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
        let key = key_of(&d.code);
        let mut args: Vec<(&str, FluentValue<'_>)> = d
            .arguments
            .iter()
            .map(|(n, v)| (n.as_str(), value(v)))
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
            Some(Arg::Text(r)) if !r.trim().is_empty() => Some(r.trim().to_string()),
            _ => None,
        };
        Worded {
            severity: self.severity(d.severity),
            message,
            location,
            reason,
            hints: d.hints.iter().map(|h| self.hint(*h)).collect(),
            labels: [
                self.plain("label-location"),
                self.plain("label-reason"),
                self.plain("label-hint"),
            ],
        }
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
                paragraph,
                tag,
            } => {
                parts.push(self.text("location-template", &[("file", file.into())]));
                if let Some(part) = part {
                    parts.push(self.part(part));
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
            let list = segment.split('[').next().unwrap_or_default();
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

    /// A hint in words, with the flag or the command it names.
    pub fn hint(&self, hint: Hint) -> String {
        match hint {
            Hint::RaiseLimit(limit) => self.text(
                "hint-raise-limit",
                &[
                    ("what", self.plain(limit_key(limit)).into()),
                    ("flag", crate::cli::limits::flag(limit).into()),
                ],
            ),
            Hint::RunStep(step) => self.text("hint-run-step", &[("command", command(step).into())]),
        }
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
                 lưu ý: chạy lại `vanban merge`",
                "error: cannot write `out/tong-hop.xlsx`. If the file is open in Excel or Word, \
                 close it and run the command again.\n  \
                 caused by: The process cannot access the file because it is being used by \
                 another process. (os error 32)\n  \
                 hint: run `vanban merge` again",
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
                    paragraph: None,
                    tag: None,
                },
                Some("tệp mẫu `mau.docx` › phần thân văn bản"),
                Some("template `mau.docx` › body"),
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
            "chạy lại `vanban merge`"
        );
        assert_eq!(
            en().hint(Hint::RunStep(Step::Report)),
            "run `vanban report` again"
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
        }
        let in_file: BTreeSet<String> = file_keys(Lang::Vi, "ui").into_iter().collect();
        assert_eq!(
            in_file, used,
            "i18n/*/ui.ftl against the keys the code uses"
        );
    }
}
