//! The words of the merge's diagnostics, in one place, away from the decisions.
//!
//! Interim: the library decides and builds [`Diagnostic`]s; this module only turns
//! their codes and arguments into the English sentences the terminal and the sheet
//! "Lỗi và cảnh báo" of `tong-hop.xlsx` show today. The front end is to take it
//! over through Fluent message files (one per language); until then the workbook
//! writer and the report take a wording function (`&dyn Fn(&Diagnostic) -> String`),
//! and these are the ones passed. Nothing here decides anything.

use crate::diagnostic::{Arg, Diagnostic, Location, Severity};
use crate::sheets::merge::codes;
use crate::tonghop::TongHop;

/// The sentence for a diagnostic, on its own (a file's rejection reason as the
/// terminal prints it after "rejected FILE:").
pub fn message(d: &Diagnostic) -> String {
    let text = |name: &str| d.get(name).map(ToString::to_string).unwrap_or_default();
    let quoted = |name: &str| format!("{:?}", text(name));
    let value_problem = |what: String| format!("\"{}\": {what}; not counted", text("indicator"));
    match d.code.as_str() {
        codes::FILE_EMPTY => "the file is empty".into(),
        codes::FILE_WORD_DOCUMENT => "this is a Word document, not a spreadsheet".into(),
        codes::FILE_WEB_PAGE => "this is a web page (HTML/XML) saved with a spreadsheet name, not a spreadsheet; open it in Excel and save it as .xlsx".into(),
        codes::FILE_ZIP_NOT_SPREADSHEET => "this is a zip package but not a spreadsheet".into(),
        codes::FILE_NOT_A_SPREADSHEET => "the file is not a spreadsheet (unrecognised content)".into(),
        codes::FILE_PASSWORD => "the workbook is protected by a password; save it without a password and send it again".into(),
        codes::FILE_REFUSED => text("details"),
        codes::FILE_DECLARED_SIZE => format!("{}; the file is damaged or crafted and was not opened", text("details")),
        codes::FILE_TOO_MANY_CELLS => format!(
            "sheet `{}` holds more than {} cells (limit on cells per sheet; raise it with --max-cells)",
            text("sheet"),
            text("limit")
        ),
        codes::FILE_DAMAGED => format!("the file is damaged and cannot be read ({})", text("details")),
        codes::FILE_READER_CRASHED => format!(
            "the reader stopped on this file ({}); the file is probably damaged or crafted",
            text("details")
        ),
        codes::FILE_NOT_FINISHED => "internal: the reader stopped before finishing this file".into(),
        codes::FILE_SUPERSEDED => format!(
            "unit `{}` sent another file, `{}`, filled later; that one is used",
            text("unit"),
            text("used")
        ),
        codes::FILE_BLANK => format!(
            "no figure is entered (a blank form): unit `{}` is counted as not reported",
            text("unit")
        ),
        codes::FILE_NO_FIGURES => format!(
            "not taken as the return of unit `{}`: it is not a vanban form and no figure was found at the indicator labels (the unit was only named: {})",
            text("unit"),
            text("matched")
        ),
        codes::FILE_LATE => format!(
            "returned after the deadline: filled on {}, deadline {}",
            vn_date(&text("filled")),
            vn_date(&text("deadline"))
        ),
        codes::FORM_OTHER_CAMPAIGN => format!(
            "this is a form of campaign `{}`, not of `{}`",
            text("found"),
            text("expected")
        ),
        codes::FORM_NEWER_VERSION => format!(
            "the form is version {}, newer than this tool knows ({})",
            text("version"),
            text("known")
        ),
        codes::FORM_LAYOUT_CHANGED => "the form's layout was changed (rows or labels edited); its figures were found by their labels".into(),
        codes::UNIT_NOT_ON_ROSTER => match d.get("at") {
            Some(at) => format!("unit `{}` ({at}) is not on the roster", text("unit")),
            None => format!("unit `{}` is not on the roster", text("unit")),
        },
        codes::UNIT_SEVERAL => format!(
            "the file names several units ({}); send one file per unit",
            text("units")
        ),
        codes::UNIT_UNKNOWN => "cannot tell which unit sent this file (no vanban form identity, no unit code or name in its cells or file name)".into(),
        codes::UNIT_BY_FILE_NAME => format!(
            "the unit `{}` was recognised only by the file name; check it is the right unit",
            text("unit")
        ),
        codes::UNIT_DUPLICATE => duplicate(d),
        codes::TABLE_NOT_FOUND => "no indicator of the campaign was found in any sheet (the labels of the indicator table are missing)".into(),
        codes::SHEET_HIDDEN => "the figures were read from a hidden sheet".into(),
        codes::INDICATOR_NOT_FOUND => format!(
            "indicator \"{}\" (`{}`) was not found in the table",
            text("indicator"),
            text("indicator_code")
        ),
        codes::LABEL_LEGACY => format!(
            "label written in {}, read as \"{}\"",
            text("encoding"),
            text("label")
        ),
        codes::TEXT_LEGACY => format!("text written in {}, repaired", text("encoding")),
        codes::VALUE_EMPTY => format!("no figure for \"{}\"", text("indicator")),
        codes::VALUE_NUMBER_AS_TEXT => format!(
            "number typed as text \"{}\", read as {}",
            text("text"),
            text("value")
        ),
        codes::VALUE_NUMBER_AS_TEXT_AMBIGUOUS => format!(
            "number typed as text \"{}\", read as {} (separators read the Vietnamese way: `.` groups thousands)",
            text("text"),
            text("value")
        ),
        codes::VALUE_NOT_A_NUMBER => value_problem(match d.get("details") {
            Some(details) => details.to_string(),
            None => format!("{} is not a number", quoted("value")),
        }),
        codes::VALUE_BOOLEAN => value_problem(format!("{} is not a number", text("value"))),
        codes::VALUE_DATE => value_problem(
            "the cell holds a date (it is formatted as a date), not a number".into(),
        ),
        codes::VALUE_ERROR_CELL => {
            value_problem(format!("the cell shows the error {}", text("error")))
        }
        codes::VALUE_UNCALCULATED => value_problem(format!(
            "the formula `={}` was never calculated (no saved result); open the file in Excel or LibreOffice, save it and send it again",
            text("formula")
        )),
        codes::VALUE_NOT_FINITE => value_problem("the number is not finite".into()),
        codes::VALUE_NEGATIVE => value_problem(format!("{} is negative", text("value"))),
        codes::VALUE_NOT_WHOLE => value_problem(format!(
            "{} is not a whole number ({} must be counted whole)",
            text("value"),
            text("unit")
        )),
        codes::VALUE_FRACTION_OF_DONG => {
            value_problem(format!("{} has a fraction of a đồng", text("value")))
        }
        codes::VALUE_OUT_OF_RANGE => value_problem(format!(
            "{} is not plausible (the limit for this indicator is below {}; a larger limit can be set as `max` in campaign.json)",
            text("value"),
            text("limit")
        )),
        codes::VALUE_TOO_LONG => value_problem(format!(
            "the text is {} characters long, more than a cell holds ({})",
            text("length"),
            text("limit")
        )),
        codes::CELL_DUPLICATE => match d.get("indicator") {
            Some(ind) => format!(
                "\"{ind}\": the file gives this cell twice, so which figure is meant cannot be told; not counted"
            ),
            None => "the file gives this cell twice; the last one was read".into(),
        },
        codes::TOTAL_TOO_LARGE => format!(
            "the total of \"{}\" is too large to be added exactly, so no total is given; check the figures",
            text("indicator")
        ),
        _ => d.to_string(),
    }
}

/// The sentence for a diagnostic in a list of problems (the sheet "Lỗi và cảnh
/// báo", the report's summary): a file's rejection says so first.
pub fn issue(d: &Diagnostic) -> String {
    if d.is_error() && matches!(d.location, Location::File { .. }) {
        format!("file rejected: {}", message(d))
    } else {
        message(d)
    }
}

/// `file › sheet › cell: sentence`, leaving out the parts not known.
pub fn describe(d: &Diagnostic) -> String {
    let place: Vec<&str> = match &d.location {
        Location::Cell { file, sheet, cell } => {
            [Some(file.as_str()), sheet.as_deref(), cell.as_deref()]
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .collect()
        }
        other => other.file_name().into_iter().collect(),
    };
    if place.is_empty() {
        issue(d)
    } else {
        format!("{}: {}", place.join(" › "), issue(d))
    }
}

/// "error" or "warning", as the terminal prefixes a line.
pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Warning => "warning",
        Severity::Error | Severity::Internal => "error",
    }
}

/// The one-paragraph summary `vanban merge` prints.
pub fn summary(t: &TongHop) -> String {
    let s = &t.summary;
    format!(
        "read {} file{}: {} accepted ({} with warnings), {} rejected; {} of {} units have not reported{}",
        s.files_read,
        if s.files_read == 1 { "" } else { "s" },
        s.accepted,
        s.accepted_with_warnings,
        s.rejected,
        s.units_missing,
        s.units_total,
        match s.units_blank {
            0 => String::new(),
            n => format!(" ({n} sent back a blank form)"),
        }
    )
}

/// `2017-07-30` → `30/07/2017`; other text as it is.
fn vn_date(iso: &str) -> String {
    match chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        Ok(d) => d.format("%d/%m/%Y").to_string(),
        Err(_) => iso.to_string(),
    }
}

/// "unit `X` sent 2 files: `a` (filled 20/07/2017 08:00), `b` (no recorded date);
/// the most recently saved, `a`, is used".
fn duplicate(d: &Diagnostic) -> String {
    let list = |name: &str| match d.get(name) {
        Some(Arg::List(v)) => v.clone(),
        _ => Vec::new(),
    };
    let (files, filled) = (list("files"), list("filled"));
    let described: Vec<String> = files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            match filled
                .get(i)
                .and_then(|t| chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S").ok())
            {
                Some(t) => format!("`{f}` (filled {})", t.format("%d/%m/%Y %H:%M")),
                None => format!("`{f}` (no recorded date)"),
            }
        })
        .collect();
    let text = |name: &str| d.get(name).map(ToString::to_string).unwrap_or_default();
    format!(
        "unit `{}` sent {} files: {}; {}, `{}`, is used",
        text("unit"),
        files.len(),
        described.join(", "),
        if text("chosen_by") == "name" {
            "their dates do not tell which is newer, so the last by name"
        } else {
            "the most recently saved"
        },
        text("used")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheets::merge::CODES;

    #[test]
    fn every_merge_code_has_a_message() {
        for code in CODES {
            let d = Diagnostic::error(code, Location::file("a.xlsx"));
            assert_ne!(message(&d), d.to_string(), "no message for `{code}`");
        }
    }

    #[test]
    fn messages_read_as_before() {
        let cell = || Location::cell("a.xlsx", Some("Biểu mẫu"), Some("D13"));
        let cases = [
            (
                Diagnostic::error("merge.value.negative", cell())
                    .arg("indicator", "Nhà")
                    .arg("value", -2i64),
                "a.xlsx › Biểu mẫu › D13: \"Nhà\": -2 is negative; not counted",
            ),
            (
                Diagnostic::error("merge.value.not_whole", cell())
                    .arg("indicator", "Nhà")
                    .arg("value", 2.5)
                    .arg("unit", "căn"),
                "a.xlsx › Biểu mẫu › D13: \"Nhà\": 2.5 is not a whole number (căn must be counted whole); not counted",
            ),
            (
                Diagnostic::error(codes::FILE_EMPTY, Location::file("a.xlsx")),
                "a.xlsx: file rejected: the file is empty",
            ),
            (
                Diagnostic::warning(codes::FILE_LATE, Location::file("a.xlsx"))
                    .arg("filled", "2017-07-30")
                    .arg("deadline", "2017-07-27"),
                "a.xlsx: returned after the deadline: filled on 30/07/2017, deadline 27/07/2017",
            ),
            (
                Diagnostic::warning(codes::UNIT_DUPLICATE, Location::file("b.xlsx"))
                    .arg("unit", "CD06")
                    .arg("files", vec!["a.xlsx".to_string(), "b.xlsx".to_string()])
                    .arg(
                        "filled",
                        vec![String::new(), "2017-07-20T08:00:00".to_string()],
                    )
                    .arg("used", "b.xlsx")
                    .arg("chosen_by", "date"),
                "b.xlsx: unit `CD06` sent 2 files: `a.xlsx` (no recorded date), `b.xlsx` (filled 20/07/2017 08:00); the most recently saved, `b.xlsx`, is used",
            ),
        ];
        for (d, want) in cases {
            assert_eq!(describe(&d), want);
        }
    }
}
