//! The result report ("Báo cáo kết quả"): the data the report template is filled
//! with, built from the campaign and the merged figures (`out/tong-hop.json`).
//!
//! Pure: the campaign, the merge's [`TongHop`] and the body outline come in as
//! values and text; the data (a [`serde_json::Value`]) and the filled document come
//! out as values and bytes. Deciding whether the merge is fresh takes the files'
//! modification times as values too. The command layer reads the files, the clock
//! and LibreOffice.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::model::{Campaign, IndicatorKind};
use crate::diagnostic::{Diagnostic, Location};
use crate::tonghop::{Entry, Figure, RejectReason, TongHop, UnitEntry};

/// File name of the report template, built-in or in the campaign's `templates/`
/// folder (which overrides the built-in one).
pub const TEMPLATE_FILE: &str = "bao-cao.docx";

/// The built-in report template, embedded so `vanban` works from any folder (built
/// by `xtask/src/layout/templates.rs`).
pub const BUILTIN_TEMPLATE: &[u8] = crate::templates::REPORT;

/// How many merge warnings the short summary repeats before pointing at the full list.
pub const SUMMARY_LINES: usize = 8;

/// Why the report could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// `tong-hop.json` is not what the merge writes.
    #[error("{file}: {message}")]
    MergedFile {
        /// The merged file, as the user knows it.
        file: String,
        /// What is wrong, with line and column.
        message: String,
    },
    /// The merge belongs to another campaign.
    #[error(
        "{file}: the merged figures are for campaign `{found}`, not `{expected}` (campaign.json › campaign.id)"
    )]
    OtherCampaign {
        /// The merged file.
        file: String,
        /// The id found in it.
        found: String,
        /// The campaign's id.
        expected: String,
    },
    /// `--strict` and the merge has errors.
    #[error("refusing to write the report: the merge found {} error(s)", .errors.len())]
    StrictErrors {
        /// The merge's errors, each with its place.
        errors: Vec<Diagnostic>,
    },
    /// The figures in `tong-hop.json` do not add up (edited by hand, or a merge bug).
    #[error("{file}: the figures do not add up: {problems}", problems = .problems.join("; "))]
    Inconsistent {
        /// The merged file.
        file: String,
        /// Each indicator whose total differs from the sum of the accepted units.
        problems: Vec<String>,
    },
    /// The body text's Tera failed; the engine's problems name the line (the
    /// text still carries the source-line marks:
    /// [`super::outline::strip_source_marks`]).
    #[error("{}", super::outline::strip_source_marks(&error.to_string()))]
    Body {
        /// The body file.
        file: String,
        /// What the engine found.
        error: crate::docx::RenderError,
    },
    /// The body outline's structure is broken.
    #[error(transparent)]
    Outline(super::outline::OutlineError),
    /// The Word template could not be filled.
    #[error("{template}: {error}")]
    Template {
        /// The template used.
        template: String,
        /// The engine's error.
        error: crate::docx::RenderError,
    },
    /// A fault of this program while assembling the report.
    #[error("{0}")]
    Render(String),
}

impl crate::limits::Limited for ReportError {
    fn limit(&self) -> Option<crate::limits::Limit> {
        match self {
            ReportError::Template { error, .. } => error.limit(),
            _ => None,
        }
    }
}

/// Parses `tong-hop.json`; `file` is the name used in messages.
pub fn parse_merged(file: &str, text: &str) -> Result<TongHop, ReportError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        ReportError::MergedFile {
            file: file.to_string(),
            message: if path == "." {
                inner.to_string()
            } else {
                format!("{path}: {inner}")
            },
        }
    })
}

/// The merge's problems, counted, with the first ones spelled out for the terminal.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MergeSummary {
    /// Problems the merge counted as errors.
    pub errors: usize,
    /// Problems the merge counted as warnings.
    pub warnings: usize,
    /// The first [`SUMMARY_LINES`] problems, errors first, for the front end to word.
    pub first: Vec<Diagnostic>,
    /// How many problems `first` leaves out.
    pub more: usize,
}

/// Summarises the merge's problems: the counts and the first few, errors first.
pub fn summarize_issues(merged: &TongHop) -> MergeSummary {
    let errors: Vec<&Diagnostic> = merged.errors().collect();
    let warnings: Vec<&Diagnostic> = merged.issues.iter().filter(|i| !i.is_error()).collect();
    let first: Vec<Diagnostic> = errors
        .iter()
        .chain(warnings.iter())
        .take(SUMMARY_LINES)
        .map(|d| (*d).clone())
        .collect();
    MergeSummary {
        errors: errors.len(),
        warnings: warnings.len(),
        more: merged.issues.len() - first.len(),
        first,
    }
}

/// Under `--strict`, refuses a merge that has errors, giving them all.
pub fn check_strict(merged: &TongHop) -> Result<(), ReportError> {
    let errors: Vec<Diagnostic> = merged.errors().cloned().collect();
    if errors.is_empty() {
        return Ok(());
    }
    Err(ReportError::StrictErrors { errors })
}

/// What became of one roster unit's return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitStatus {
    /// Its figures are in the totals.
    Accepted,
    /// It sent nothing.
    Missing,
    /// It sent a return whose figures were rejected.
    Rejected,
    /// It sent back the form with no figure entered ("biểu trống"): not reported.
    Blank,
}

impl UnitStatus {
    /// What the merge says of a unit (or of a roster unit it does not list).
    fn of(unit: Option<&UnitEntry>) -> UnitStatus {
        use crate::tonghop::UnitStatus as Merged;
        match unit.map(|u| u.status) {
            Some(Merged::Accepted | Merged::AcceptedWithWarnings) => UnitStatus::Accepted,
            Some(Merged::Rejected) => UnitStatus::Rejected,
            Some(Merged::Blank) => UnitStatus::Blank,
            Some(Merged::Missing) | None => UnitStatus::Missing,
        }
    }

    fn code(self) -> &'static str {
        match self {
            UnitStatus::Accepted => "accepted",
            UnitStatus::Missing => "missing",
            UnitStatus::Rejected => "rejected",
            UnitStatus::Blank => "blank",
        }
    }

    /// The mark added to the unit's name in the appendix table, so a row without
    /// figures says why (the words of docs/thuat-ngu.md: "chưa nộp", "biểu trống",
    /// "bị trả lại").
    pub fn note(self) -> &'static str {
        match self {
            UnitStatus::Accepted => "",
            UnitStatus::Missing => "chưa nộp",
            UnitStatus::Rejected => "bị trả lại",
            UnitStatus::Blank => "biểu trống",
        }
    }

    /// What the mark means, for the legend under the appendix table.
    fn meaning(self) -> &'static str {
        match self {
            UnitStatus::Accepted => "",
            UnitStatus::Missing => "đơn vị chưa nộp báo cáo",
            UnitStatus::Rejected => "báo cáo có sai sót, trả lại để sửa",
            UnitStatus::Blank => "đơn vị nộp biểu chưa điền số liệu, tính là chưa nộp",
        }
    }
}

/// The mark written in the figure cells of a row without figures.
pub const NO_FIGURE_MARK: &str = "-";

/// The mark written in a cell whose figure the merge rejected (a typo, an error
/// cell): a footnote number, `(1)`, `(2)`…, explained under the table
/// (`appendix.legend`), so the cell says the figure is left out and why instead of
/// staying blank.
pub fn rejected_value_mark(number: usize) -> String {
    format!("({number})")
}

/// Why a figure is not valid, in a few words for the appendix's legend.
fn reason_words(reason: RejectReason) -> &'static str {
    match reason {
        RejectReason::NotANumber => "không phải là số",
        RejectReason::Boolean => "là giá trị đúng/sai, không phải là số",
        RejectReason::Date => "là ngày tháng, không phải là số",
        RejectReason::ErrorCell => "ô báo lỗi công thức",
        RejectReason::Uncalculated => "công thức chưa được tính",
        RejectReason::NotFinite => "không phải là số hữu hạn",
        RejectReason::Negative => "là số âm",
        RejectReason::NotWhole => "không phải là số nguyên",
        RejectReason::FractionOfDong => "có phần lẻ của đồng",
        RejectReason::OutOfRange => "lớn bất thường",
        RejectReason::TooLong => "quá dài",
        RejectReason::DuplicateCell => "ô được ghi hai lần",
    }
}

/// The note a body sentence writes right after an indicator's total when some
/// units' figures for it were not valid and are left out of it: ` (chưa kể số liệu
/// của A, B, không hợp lệ)`, with its leading space, or empty when none is.
pub fn left_out_note(names: &[String]) -> String {
    total_note(names, None)
}

/// The note after a total of a roll-up (federations' tổng hợp as returns) when
/// some of their own units gave no figure for it: ` (số liệu của 18/21 đơn vị
/// trực thuộc)`; `left_out`'s note joined in.
pub fn total_note(left_out: &[String], rolled: Option<(usize, usize)>) -> String {
    let mut parts = Vec::new();
    if !left_out.is_empty() {
        parts.push(format!(
            "chưa kể số liệu của {}, không hợp lệ",
            left_out.join(", ")
        ));
    }
    if let Some((reported, total)) = rolled
        && reported < total
    {
        parts.push(format!("số liệu của {reported}/{total} đơn vị trực thuộc"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join("; "))
    }
}

/// Who sent what, each list of names in Vietnamese name order: every roster unit
/// is in exactly one list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WhoReported {
    /// Figures counted, sent by the deadline.
    pub on_time: Vec<String>,
    /// Figures counted, sent after the deadline ("nộp muộn").
    pub late: Vec<String>,
    /// Sent nothing ("chưa nộp").
    pub never_sent: Vec<String>,
    /// Sent the form back with no figure ("biểu trống"): not reported.
    pub blank: Vec<String>,
    /// Sent returns that were all rejected ("bị trả lại").
    pub rejected: Vec<String>,
}

impl WhoReported {
    /// Units on the roster.
    pub fn roster(&self) -> usize {
        self.on_time.len()
            + self.late.len()
            + self.never_sent.len()
            + self.blank.len()
            + self.rejected.len()
    }
}

/// Upper case, as titles are printed.
fn upper(s: &str) -> String {
    s.to_uppercase()
}

/// Who issues the report, in the appendix's line "(Kèm theo Báo cáo số … của …)":
/// `vars.bao_cao_cua` when the campaign sets it, otherwise the signing collective
/// ("TM. BAN THƯỜNG VỤ" → "Ban Thường vụ") and the issuer's abbreviation and place
/// ("Ban Thường vụ LĐLĐ huyện Châu Thành").
fn issued_by(campaign: &Campaign) -> String {
    if let Some(Value::String(s)) = campaign.vars.get("bao_cao_cua") {
        return s.clone();
    }
    let authority = campaign.signer.authority.trim();
    // The collective a `TM.` names, up to the next authority form
    // ("TM. BAN THƯỜNG VỤ KT. CHỦ TỊCH" → "BAN THƯỜNG VỤ").
    let body = authority
        .strip_prefix("TM.")
        .map(|rest| {
            let cut = [" KT.", " TL.", " TUQ.", " Q.", "|"]
                .iter()
                .filter_map(|f| rest.find(f))
                .min()
                .unwrap_or(rest.len());
            rest[..cut].trim()
        })
        .filter(|s| !s.is_empty())
        .map(sentence_case_body);
    let level = if upper(&campaign.issuer.name).contains("HUYỆN") {
        "huyện "
    } else {
        ""
    };
    let issuer = format!(
        "{} {level}{}",
        campaign.issuer.abbreviation, campaign.issuer.place
    );
    // Without a `TM.` the document is the body's own: no collective is invented.
    match body {
        Some(body) => format!("{body} {issuer}"),
        None => issuer,
    }
}

/// "BAN THƯỜNG VỤ" → "Ban Thường vụ", "BAN CHẤP HÀNH" → "Ban Chấp hành": the name
/// of a collective body as written in running text (Nghị định 30/2020, Phụ lục II).
fn sentence_case_body(s: &str) -> String {
    let words: Vec<String> = s.split_whitespace().map(|w| w.to_lowercase()).collect();
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i <= 1 {
                let mut c = w.chars();
                match c.next() {
                    Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                    None => String::new(),
                }
            } else {
                w.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Builds the data the report template is filled with, everything except the body
/// paragraphs (see [`with_body`]): the campaign, the report's own metadata, `tong`
/// (totals by indicator code), the per-unit rows in Vietnamese name order with
/// their status, the total row, the counts and the names of the units that did
/// not report, and amounts in words.
///
/// `merged_file` names `tong-hop.json` in messages.
pub fn report_data(
    campaign: &Campaign,
    merged: &TongHop,
    merged_file: &str,
) -> Result<Value, ReportError> {
    check_identity(campaign, merged, merged_file)?;
    let indicators = &campaign.reporting.indicators;

    // Units: the roster decides who is in the table; the merge says what each sent.
    let by_code: BTreeMap<&str, &UnitEntry> =
        merged.units.iter().map(|u| (u.code.as_str(), u)).collect();

    let mut roster: Vec<_> = campaign.reporting.units.iter().collect();
    roster.sort_by(|a, b| {
        crate::vn::collate::compare(&a.name, &b.name).then_with(|| a.code.cmp(&b.code))
    });

    // Each column of decimal figures prints every figure, and its total, with the
    // same number of decimals: the most any of its figures needs (up to two), so
    // "0,7" and "0" never stand in one column as "0,7" and "0".
    let column_decimals: BTreeMap<&str, usize> = indicators
        .iter()
        .map(|ind| {
            let figures = merged
                .units
                .iter()
                .filter_map(|u| match u.values.get(&ind.code) {
                    Some(Entry::Counted {
                        value: Figure::Number(n),
                    }) => Some(*n),
                    _ => None,
                })
                .chain(merged.totals.get(&ind.code).copied());
            let most = figures.map(|v| decimals_of(ind.kind, v)).max().unwrap_or(0);
            (ind.code.as_str(), most)
        })
        .collect();
    let format_in_column = |ind: &crate::campaign::model::Indicator, v: f64| {
        let decimals = column_decimals.get(ind.code.as_str()).copied().unwrap_or(0);
        crate::vn::number::format_vn_number(v, decimals)
    };

    let mut rows = Vec::with_capacity(roster.len());
    let mut who = WhoReported::default();
    // Never sent or blank, in name order: those that have not reported ("chưa nộp").
    let mut chua_nop = Vec::new();
    // Per indicator, the units whose figure was not valid (left out of the total).
    let mut left_out: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    // The legend's footnotes for rejected cells, numbered in table order.
    let mut footnotes: Vec<String> = Vec::new();
    let mut marks_used: Vec<UnitStatus> = Vec::new();
    // "Name (label, label)" of each unit with figures left out, for the body.
    let mut with_invalid: Vec<String> = Vec::new();
    for (i, unit) in roster.iter().enumerate() {
        let merged_unit = by_code.get(unit.code.as_str()).copied();
        let status = UnitStatus::of(merged_unit);
        match status {
            UnitStatus::Missing => who.never_sent.push(unit.name.clone()),
            UnitStatus::Blank => who.blank.push(unit.name.clone()),
            UnitStatus::Rejected => who.rejected.push(unit.name.clone()),
            UnitStatus::Accepted if merged_unit.is_some_and(|u| u.late) => {
                who.late.push(unit.name.clone());
            }
            UnitStatus::Accepted => who.on_time.push(unit.name.clone()),
        }
        if matches!(status, UnitStatus::Missing | UnitStatus::Blank) {
            chua_nop.push(unit.name.clone());
        }
        if status != UnitStatus::Accepted && !marks_used.contains(&status) {
            marks_used.push(status);
        }
        let mut raw_values = Map::new();
        let mut values = Map::new();
        let mut invalid_labels: Vec<&str> = Vec::new();
        for ind in indicators {
            let entry = merged_unit.and_then(|u| u.values.get(&ind.code));
            let (cell, raw) = match (status, entry) {
                (UnitStatus::Missing | UnitStatus::Rejected | UnitStatus::Blank, _) => {
                    (NO_FIGURE_MARK.to_string(), Value::Null)
                }
                (UnitStatus::Accepted, Some(Entry::Rejected { reason })) => {
                    left_out
                        .entry(ind.code.as_str())
                        .or_default()
                        .push(unit.name.clone());
                    invalid_labels.push(&ind.label);
                    let why = match merged_unit
                        .and_then(|u| typed_value(merged, u, &ind.code, *reason))
                    {
                        Some(typed) => format!("“{typed}” {}", reason_words(*reason)),
                        None => reason_words(*reason).to_string(),
                    };
                    let mark = rejected_value_mark(footnotes.len() + 1);
                    footnotes.push(format!(
                        "{mark} {} của {}: số liệu không hợp lệ ({why}), chưa tính vào tổng cộng.",
                        ind.label, unit.name
                    ));
                    (mark, Value::Null)
                }
                (UnitStatus::Accepted, Some(Entry::Counted { value })) => {
                    let cell = match value {
                        Figure::Number(n) => format_in_column(ind, *n),
                        Figure::Text(t) => t.clone(),
                    };
                    (cell, figure_value(value))
                }
                (UnitStatus::Accepted, Some(Entry::Missing) | None) => (String::new(), Value::Null),
            };
            raw_values.insert(ind.code.clone(), raw);
            values.insert(ind.code.clone(), Value::String(cell));
        }
        if !invalid_labels.is_empty() {
            with_invalid.push(format!("{} ({})", unit.name, invalid_labels.join(", ")));
        }
        let shown_name = match status {
            UnitStatus::Accepted => unit.name.clone(),
            _ => format!("{} ({})", unit.name, status.note()),
        };
        rows.push(json!({
            "stt": i + 1,
            "code": unit.code,
            "name": shown_name,
            "unit_name": unit.name,
            "group": unit.group,
            "status": status.code(),
            "note": status.note(),
            "late": merged_unit.is_some_and(|u| u.late),
            "file": merged_unit.and_then(|u| u.file.clone()),
            "values": values,
            "figures": raw_values,
        }));
    }
    let mut legend = Vec::new();
    if !marks_used.is_empty() {
        // In the order of the statuses, not of the rows, so the legend reads the same
        // whatever the names.
        let meanings: Vec<String> = [UnitStatus::Missing, UnitStatus::Blank, UnitStatus::Rejected]
            .into_iter()
            .filter(|s| marks_used.contains(s))
            .map(|s| format!("“{}”: {}", s.note(), s.meaning()))
            .collect();
        legend.push(format!(
            "“{NO_FIGURE_MARK}”: đơn vị chưa có số liệu được tổng hợp, lý do ghi sau tên đơn vị ({}).",
            meanings.join("; ")
        ));
    }
    legend.extend(footnotes);

    // Totals: the merge's, checked (exactly) against the accepted units so the
    // total row and the body can never disagree with the table above them.
    let problems: Vec<String> = merged
        .mismatched_totals()
        .into_iter()
        .map(|m| {
            format!(
                "`{}`: total {} but the accepted units add up to {}",
                m.indicator.code,
                format_number(m.indicator.kind, m.stated),
                format_number(m.indicator.kind, m.added)
            )
        })
        .collect();
    if !problems.is_empty() {
        return Err(ReportError::Inconsistent {
            file: merged_file.to_string(),
            problems,
        });
    }
    let mut tong = Map::new();
    let mut tong_so = Map::new();
    let mut tong_chu = Map::new();
    let mut total_cells = Map::new();
    for ind in indicators {
        if ind.kind == IndicatorKind::Text {
            total_cells.insert(ind.code.clone(), Value::String(String::new()));
            continue;
        }
        let total = merged.totals.get(&ind.code).copied().unwrap_or(0.0);
        tong.insert(ind.code.clone(), number_value(ind.kind, total));
        // Running text prints the total as it is; the table's total row, as its column.
        tong_so.insert(
            ind.code.clone(),
            Value::String(format_number(ind.kind, total)),
        );
        total_cells.insert(
            ind.code.clone(),
            Value::String(format_in_column(ind, total)),
        );
        if ind.kind == IndicatorKind::Money {
            tong_chu.insert(
                ind.code.clone(),
                Value::String(money_words_of(total).map_err(ReportError::Render)?),
            );
        }
    }

    let so_don_vi = roster.len();
    let so_bao_cao = who.on_time.len() + who.late.len();
    // The campaign and the header data exactly as the plan gets them (`doc`, `ngay`,
    // the whole campaign file), so one template language serves both documents.
    let mut data = match super::plan::document_data(campaign, &campaign.report, &[]) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    let report = &campaign.report;
    data.insert(
        "plan_symbol".to_string(),
        Value::String(campaign.symbol(&campaign.plan)),
    );
    data.insert(
        "report_symbol".to_string(),
        Value::String(campaign.symbol(report)),
    );
    data.insert(
        "indicators".to_string(),
        // The appendix's columns: the figures. Free-text indicators (notes) have no
        // total and would crowd a table that is already as wide as the page; they
        // stay in `units[].values` and `tong-hop.xlsx`.
        serde_json::to_value(
            indicators
                .iter()
                .filter(|i| i.kind != IndicatorKind::Text)
                .collect::<Vec<_>>(),
        )
        .unwrap_or(Value::Null),
    );
    data.insert("tong".to_string(), Value::Object(tong));
    data.insert("tong_so".to_string(), Value::Object(tong_so));
    data.insert("tong_chu".to_string(), Value::Object(tong_chu));
    let rows = if campaign.report.appendix == crate::campaign::model::AppendixLayout::ByGroup {
        group_rows(rows, indicators, &format_in_column)
    } else {
        rows
    };
    data.insert("units".to_string(), Value::Array(rows));
    data.insert("totals".to_string(), Value::Object(total_cells));
    // A roll-up: the federations' own units behind the totals.
    let rolled_up = merged.rolled_up();
    data.insert(
        "appendix".to_string(),
        json!({
            "title": format!(
                "KẾT QUẢ {} CỦA CÁC {}",
                upper(&campaign.campaign.name),
                if rolled_up.is_some() { "ĐƠN VỊ" } else { "CÔNG ĐOÀN CƠ SỞ" }
            ),
            "issued_by": issued_by(campaign),
            "legend": legend,
        }),
    );
    let khong_hop_le: Map<String, Value> = indicators
        .iter()
        .map(|i| {
            let names = left_out.get(i.code.as_str()).cloned().unwrap_or_default();
            (i.code.clone(), json!(names))
        })
        .collect();
    let ghi_chu: Map<String, Value> = indicators
        .iter()
        .map(|i| {
            let names = left_out.get(i.code.as_str()).cloned().unwrap_or_default();
            let rolled = rolled_up.as_ref().map(|up| {
                (
                    up.reported.get(&i.code).copied().unwrap_or(0),
                    up.units_total,
                )
            });
            (i.code.clone(), Value::String(total_note(&names, rolled)))
        })
        .collect();
    data.insert("khong_hop_le".to_string(), Value::Object(khong_hop_le));
    data.insert("ghi_chu".to_string(), Value::Object(ghi_chu));
    data.insert("so_lieu_khong_hop_le".to_string(), json!(with_invalid));
    data.insert("so_don_vi".to_string(), json!(so_don_vi));
    data.insert("so_don_vi_bao_cao".to_string(), json!(so_bao_cao));
    data.insert("so_don_vi_dung_han".to_string(), json!(who.on_time.len()));
    data.insert(
        "tat_ca_dung_han".to_string(),
        json!(who.on_time.len() == so_don_vi),
    );
    data.insert("chua_nop".to_string(), json!(chua_nop));
    data.insert("chua_gui".to_string(), json!(who.never_sent));
    data.insert("bieu_trong".to_string(), json!(who.blank));
    data.insert("bi_tra_lai".to_string(), json!(who.rejected));
    data.insert("nop_muon".to_string(), json!(who.late));
    let mut sentence = match &rolled_up {
        None => reporting_sentence(&who),
        Some(_) => reporting_sentence_of(&who, "đơn vị"),
    };
    if let Some(up) = &rolled_up {
        sentence.push_str(&rolled_up_sentence(merged, up));
        data.insert(
            "truc_thuoc".to_string(),
            json!({
                "so_don_vi": up.units_total,
                "so_don_vi_bao_cao": up.units_reported,
                "so_don_vi_chua_co_so_lieu": up.units_total - up.units_reported,
            }),
        );
    }
    data.insert("tinh_hinh_bao_cao".to_string(), Value::String(sentence));
    Ok(Value::Object(data))
}

/// The report, filled.
#[derive(Debug, Clone)]
pub struct BuiltReport {
    /// The .docx.
    pub bytes: Vec<u8>,
    /// The data the template was filled with (for `--data` dumps and tests).
    pub data: Value,
    /// The sentence on who reported (also in the data as `tinh_hinh_bao_cao`).
    pub reporting: String,
    /// Who reported, for the front end to say in one line.
    pub who: Reporting,
    /// Warnings from filling the template.
    pub warnings: Vec<String>,
}

/// The built-in report template (`templates/bao-cao.docx`).
pub fn builtin_template() -> &'static [u8] {
    BUILTIN_TEMPLATE
}

/// Adds the body paragraphs to the data: the outline `body_text` (from the file
/// `body_file`) rendered with Tera over `data`, then parsed and renumbered like the
/// plan's, closed with `./.`.
pub fn with_body(
    data: &mut Value,
    body_file: &str,
    body_text: &str,
    limits: &crate::limits::Limits,
) -> Result<(), ReportError> {
    let opts = crate::docx::RenderOptions {
        strict: true,
        limits: *limits,
        extensions: crate::filters::extensions(),
        beside: crate::docx::Beside::sequential(),
    };
    // Lines tagged with their number before Tera runs, as the plan does, so an
    // outline error names the line the clerk wrote, not the line after rendering.
    let marked = super::outline::mark_source_lines(body_text);
    let rendered = crate::docx::render_text(body_file, &marked, data, &opts).map_err(|error| {
        ReportError::Body {
            file: body_file.to_string(),
            error,
        }
    })?;
    let paragraphs = super::plan::body_paragraphs(body_file, &rendered).map_err(|e| match e {
        super::plan::PlanError::Outline(o) => ReportError::Outline(o),
        e => ReportError::Render(e.to_string()),
    })?;
    let body = serde_json::to_value(&paragraphs).map_err(|e| ReportError::Render(e.to_string()))?;
    if let Value::Object(map) = data {
        map.insert("body".to_string(), body);
    }
    Ok(())
}

/// Where the report's pieces come from, each with the name messages use.
#[derive(Debug, Clone, Copy)]
pub struct ReportSources<'a> {
    /// Name of the merged figures in messages (`dan-van-2017/out/tong-hop.json`).
    pub merged_name: &'a str,
    /// Name of the body file in messages (`dan-van-2017/bao-cao.txt`).
    pub body_name: &'a str,
    /// The body outline, with its Tera expressions.
    pub body_text: &'a str,
    /// Name of the template in messages (`built-in bao-cao.docx` or its path).
    pub template_name: &'a str,
    /// The template's bytes.
    pub template: &'a [u8],
}

/// Builds the whole report: the data ([`report_data`]), the body ([`with_body`]), the
/// template filled with them, and the appendix fitted to its page ([`super::fit::fit_appendix`]).
pub fn build_report(
    campaign: &Campaign,
    merged: &TongHop,
    sources: ReportSources<'_>,
    limits: &crate::limits::Limits,
) -> Result<BuiltReport, ReportError> {
    let mut data = report_data(campaign, merged, sources.merged_name)?;
    with_body(&mut data, sources.body_name, sources.body_text, limits)?;
    let template = sources.template;
    let opts = crate::docx::RenderOptions {
        strict: true,
        limits: *limits,
        extensions: crate::filters::extensions(),
        beside: crate::docx::Beside::sequential(),
    };
    let rendered =
        crate::docx::render(template, &data, &opts).map_err(|error| ReportError::Template {
            template: sources.template_name.to_string(),
            error,
        })?;
    let mut bytes =
        super::fit::fit_appendix(&rendered.bytes, limits).map_err(ReportError::Render)?;
    if template == BUILTIN_TEMPLATE || template == crate::van_ban::BUILTIN_TEMPLATE {
        let document = crate::van_ban::Document::from_campaign(campaign, &campaign.report, &[]);
        bytes = crate::van_ban::layout::finish(
            &bytes,
            &crate::van_ban::layout::header(&document),
            limits,
        )
        .map_err(ReportError::Render)?;
    }
    let warnings = rendered.warnings.iter().map(ToString::to_string).collect();
    let who = Reporting::of(&data);
    let reporting = data["tinh_hinh_bao_cao"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    Ok(BuiltReport {
        bytes,
        data,
        reporting,
        who,
        warnings,
    })
}

/// Who reported, as the report's data says it (the front end words it): the
/// counts and the units of each case, each list in the report's order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reporting {
    /// Units whose figures are counted.
    pub reported: usize,
    /// Units on the roster.
    pub units: usize,
    /// Units that sent nothing or a blank form (`chua_nop`).
    pub not_reported: Vec<String>,
    /// Units whose return was rejected (`bi_tra_lai`).
    pub rejected: Vec<String>,
    /// Units that sent after the deadline (`nop_muon`).
    pub late: Vec<String>,
    /// Each indicator whose total leaves out a figure that was not valid: its
    /// label and the units whose figure is left out (`khong_hop_le`).
    pub left_out: Vec<(String, Vec<String>)>,
}

impl Reporting {
    /// Reads the lists from the report's data, so the terminal and the document say
    /// the same.
    pub fn of(data: &Value) -> Reporting {
        let list = |key: &str| -> Vec<String> {
            data[key]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        let count = |key: &str| data[key].as_u64().unwrap_or(0) as usize;
        let names = |v: &Value| -> Vec<String> {
            v.as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|n| n.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        let left_out = data["indicators"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|ind| {
                let code = ind["code"].as_str()?;
                let units = names(&data["khong_hop_le"][code]);
                let label = ind["label"].as_str().unwrap_or(code).to_string();
                (!units.is_empty()).then_some((label, units))
            })
            .collect();
        Reporting {
            reported: count("so_don_vi_bao_cao"),
            units: count("so_don_vi"),
            not_reported: list("chua_nop"),
            rejected: list("bi_tra_lai"),
            late: list("nop_muon"),
            left_out,
        }
    }
}

/// The sentence that says how many units reported by the deadline and names every
/// other unit in its own clause: late, never sent, blank form, rejected. Each unit is
/// in exactly one clause, so no unit is counted as what it is not.
pub fn reporting_sentence(who: &WhoReported) -> String {
    reporting_sentence_of(who, "công đoàn cơ sở")
}

/// [`reporting_sentence`] with the roster's units called `noun` ("đơn vị" for a
/// roster of federations).
pub fn reporting_sentence_of(who: &WhoReported, noun: &str) -> String {
    let roster = who.roster();
    let on_time = who.on_time.len();
    if on_time == roster {
        return format!(
            "Có {on_time}/{roster} {noun} báo cáo đúng hạn, tất cả các đơn vị đều đã báo cáo."
        );
    }
    let mut s = format!("Có {on_time}/{roster} {noun} báo cáo đúng hạn");
    let clauses: [(&[String], &str); 4] = [
        (
            &who.late,
            "nộp báo cáo muộn (sau hạn), số liệu đã được tổng hợp",
        ),
        (&who.never_sent, "chưa nộp báo cáo"),
        (
            &who.blank,
            "nộp biểu trống (chưa điền số liệu), được tính là chưa nộp",
        ),
        (
            &who.rejected,
            "có báo cáo bị trả lại do sai sót, số liệu chưa tính vào tổng hợp",
        ),
    ];
    for (names, what) in clauses {
        if !names.is_empty() {
            s.push_str(&format!(
                "; {} đơn vị {what}: {}",
                names.len(),
                names.join(", ")
            ));
        }
    }
    s.push('.');
    s
}

/// What a roll-up's totals stand for, after the reporting sentence: ` Số liệu tổng
/// hợp gồm báo cáo của 18/21 đơn vị trực thuộc các đơn vị đã nộp; 3 đơn vị trực
/// thuộc chưa có số liệu (A: 2; B: 1).`
fn rolled_up_sentence(merged: &TongHop, up: &crate::tonghop::RolledUp) -> String {
    let missing = up.units_total - up.units_reported;
    let mut s = format!(
        " Số liệu tổng hợp gồm báo cáo của {}/{} đơn vị trực thuộc các đơn vị đã nộp",
        up.units_reported, up.units_total
    );
    if missing == 0 {
        s.push_str(", tất cả các đơn vị trực thuộc đều đã có số liệu.");
        return s;
    }
    let by_federation: Vec<String> = merged
        .units
        .iter()
        .filter(|u| u.status.is_accepted())
        .filter_map(|u| {
            let r = u.rollup.as_ref()?;
            (r.units_missing() > 0).then(|| format!("{}: {}", u.name, r.units_missing()))
        })
        .collect();
    s.push_str(&format!(
        "; {missing} đơn vị trực thuộc chưa có số liệu ({}).",
        by_federation.join("; ")
    ));
    s
}

/// The text typed in a rejected figure's cell, from the merge's diagnostic of that
/// reason at that cell (its `value` argument), when it gives one.
fn typed_value(
    merged: &TongHop,
    unit: &UnitEntry,
    code: &str,
    reason: RejectReason,
) -> Option<String> {
    let source = unit.sources.get(code)?;
    let file = unit.file.as_deref()?;
    merged.issues.iter().find_map(|d| {
        let at_cell = matches!(&d.location, Location::Cell { file: f, sheet: Some(sh), cell: Some(c) }
            if f == file && *sh == source.sheet && *c == source.cell);
        if at_cell && d.code == reason.code() {
            d.get("value").map(ToString::to_string)
        } else {
            None
        }
    })
}

fn check_identity(campaign: &Campaign, merged: &TongHop, file: &str) -> Result<(), ReportError> {
    if merged.campaign.id != campaign.campaign.id {
        return Err(ReportError::OtherCampaign {
            file: file.to_string(),
            found: merged.campaign.id.clone(),
            expected: campaign.campaign.id.clone(),
        });
    }
    Ok(())
}

/// The appendix's rows under their groups: for each group (in Vietnamese order, the
/// units without one last, under "Khác"), a heading row `I. Khối …`, its units
/// (numbered on through the table) and a subtotal row `Cộng Khối …` of the figures
/// counted in the group's accepted units. The heading and subtotal rows have
/// `kind` `group` and `subtotal` and every indicator's cell.
fn group_rows(
    rows: Vec<Value>,
    indicators: &[crate::campaign::model::Indicator],
    format: &dyn Fn(&crate::campaign::model::Indicator, f64) -> String,
) -> Vec<Value> {
    let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
    for row in rows {
        let group = row["group"].as_str().unwrap_or("").trim().to_string();
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, members)) => members.push(row),
            None => groups.push((group, vec![row])),
        }
    }
    groups.sort_by(|(a, _), (b, _)| match (a.is_empty(), b.is_empty()) {
        (true, false) => std::cmp::Ordering::Greater,
        (false, true) => std::cmp::Ordering::Less,
        _ => crate::vn::collate::compare(a, b),
    });
    let mut out = Vec::new();
    let mut stt = 0;
    for (i, (group, members)) in groups.into_iter().enumerate() {
        let name = if group.is_empty() {
            "Khác".to_string()
        } else {
            group
        };
        let numeral = crate::vn::roman(u32::try_from(i + 1).unwrap_or(1)).unwrap_or_default();
        let blank: Map<String, Value> = indicators
            .iter()
            .map(|ind| (ind.code.clone(), Value::String(String::new())))
            .collect();
        out.push(json!({
            "kind": "group", "stt": numeral, "name": name,
            "values": blank, "figures": {}, "group": name,
        }));
        let mut sums: BTreeMap<&str, f64> = BTreeMap::new();
        for mut row in members {
            stt += 1;
            row["stt"] = json!(stt);
            for ind in indicators {
                if ind.kind == IndicatorKind::Text || row["status"] != "accepted" {
                    continue;
                }
                if let Some(n) = row["figures"][&ind.code].as_f64() {
                    *sums.entry(ind.code.as_str()).or_insert(0.0) += n;
                }
            }
            out.push(row);
        }
        let subtotal: Map<String, Value> = indicators
            .iter()
            .map(|ind| {
                let cell = match (ind.kind, sums.get(ind.code.as_str())) {
                    (IndicatorKind::Text, _) => String::new(),
                    (_, Some(v)) => format(ind, *v),
                    (_, None) => format(ind, 0.0),
                };
                (ind.code.clone(), Value::String(cell))
            })
            .collect();
        out.push(json!({
            "kind": "subtotal", "stt": "", "name": format!("Cộng {name}"),
            "values": subtotal, "figures": {}, "group": name,
        }));
    }
    out
}

/// A total as the template sees it: whole kinds as integers, so `vn_number` and
/// `vn_money_words` print no decimals.
fn number_value(kind: IndicatorKind, v: f64) -> Value {
    match kind {
        IndicatorKind::Count | IndicatorKind::Money => crate::numbers::json(v),
        _ => json!(v),
    }
}

/// A figure as the template's data holds it (`figures`): numbers as JSON numbers,
/// whole ones as integers, as `tong-hop.json` writes them.
fn figure_value(figure: &Figure) -> Value {
    serde_json::to_value(figure).unwrap_or(Value::Null)
}

fn format_number(kind: IndicatorKind, v: f64) -> String {
    crate::vn::number::format_vn_number(v, decimals_of(kind, v))
}

/// How many decimals a figure of this kind needs to be printed exactly.
fn decimals_of(kind: IndicatorKind, v: f64) -> usize {
    match kind {
        IndicatorKind::Decimal => {
            // As many decimals as the figure has, up to two ("12,5 km", "3,25 km").
            let scaled = (v * 100.0).round();
            if scaled % 100.0 == 0.0 {
                0
            } else if scaled % 10.0 == 0.0 {
                1
            } else {
                2
            }
        }
        _ => 0,
    }
}

fn money_words_of(v: f64) -> Result<String, String> {
    crate::vn::number::money_words(v.round() as i128).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAMPAIGN: &str = r#"{
      "campaign": {"id": "t", "name": "Thử", "year": 2017},
      "issuer": {"superior": "A", "name": "B", "abbreviation": "LĐLĐ", "place": "P"},
      "signer": {"authority": "TM. BAN THƯỜNG VỤ", "title": "CHỦ TỊCH", "name": "N"},
      "plan": {"number": 5, "date": "2017-06-28", "type_code": "KH", "type_name": "KẾ HOẠCH",
               "summary": "S", "body": "ke-hoach.txt", "recipients": ["X"], "archive": "VP"},
      "report": {"number": 9, "date": "2017-07-31", "type_code": "BC", "type_name": "BÁO CÁO",
               "summary": "S", "body": "bao-cao.txt", "recipients": ["X"], "archive": "VP"},
      "reporting": {"period_from": "2017-07-16", "period_to": "2017-07-25", "deadline": "2017-07-27",
        "units": [{"code": "CD01", "name": "Công đoàn Trường B"},
                  {"code": "CD02", "name": "Công đoàn Trường A"},
                  {"code": "CD03", "name": "Công đoàn Xã C"},
                  {"code": "CD04", "name": "Công đoàn Công ty D"}],
        "indicators": [{"code": "nha", "label": "Nhà", "unit": "căn", "kind": "count"},
                       {"code": "duong", "label": "Đường", "unit": "km", "kind": "decimal"},
                       {"code": "tien", "label": "Tiền", "unit": "đồng", "kind": "money"}]}
    }"#;

    fn campaign() -> Campaign {
        Campaign::from_json("campaign.json", CAMPAIGN).unwrap()
    }

    /// The shape `vanban merge` writes: every roster unit, with `missing` for those
    /// that sent nothing and `rejected` for those whose files were all rejected,
    /// the files with their fate, and the issues as diagnostics.
    /// The report body's paragraphs, as texts, for campaign `c` and merge `m`.
    fn body_paragraphs(c: &Campaign, m: &TongHop, body: &str) -> Vec<String> {
        let mut data = report_data(c, m, "tong-hop.json").unwrap();
        with_body(
            &mut data,
            "bao-cao.txt",
            body,
            &crate::limits::Limits::default(),
        )
        .unwrap();
        data["body"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["text"].as_str().unwrap().to_string())
            .collect()
    }

    fn merged() -> TongHop {
        parse_merged(
            "tong-hop.json",
            r#"{
              "format": "vanban/tong-hop", "version": 2,
              "campaign": {"id": "t", "name": "Thử", "year": 2017},
              "deadline": "2017-07-27",
              "indicators": [{"code": "nha", "label": "Nhà", "unit": "căn", "kind": "count"},
                             {"code": "duong", "label": "Đường", "unit": "km", "kind": "decimal"},
                             {"code": "tien", "label": "Tiền", "unit": "đồng", "kind": "money"}],
              "totals": {"nha": 5, "duong": 2.25, "tien": 120000000},
              "reported": {"nha": 2, "duong": 1, "tien": 2},
              "units": [
                {"code": "CD04", "name": "Công đoàn Công ty D", "status": "rejected"},
                {"code": "CD02", "name": "Công đoàn Trường A", "status": "accepted_with_warnings", "file": "returns/a.xlsx", "late": true,
                 "values": {"nha": {"status": "counted", "value": 3}, "duong": {"status": "counted", "value": 2.25}, "tien": {"status": "counted", "value": 100000000}}},
                {"code": "CD01", "name": "Công đoàn Trường B", "status": "accepted", "file": "returns/b.xlsx",
                 "values": {"nha": {"status": "counted", "value": 2}, "duong": {"status": "rejected", "reason": "not_a_number"}, "tien": {"status": "counted", "value": 20000000}},
                 "sources": {"duong": {"sheet": "Biểu mẫu", "cell": "D10"}}},
                {"code": "CD03", "name": "Công đoàn Xã C", "status": "missing"}
              ],
              "missing": ["CD04", "CD03"],
              "files": [
                {"file": "returns/a.xlsx", "status": "accepted_with_warnings", "unit": "CD02"},
                {"file": "returns/b.xlsx", "status": "accepted_with_warnings", "unit": "CD01"},
                {"file": "returns/d.xlsx", "status": "rejected", "unit": "CD04",
                 "reasons": [{"severity": "error", "location": {"kind": "file", "file": "returns/d.xlsx"}, "code": "merge.table.not_found"}]}
              ],
              "issues": [
                {"severity": "error", "location": {"kind": "cell", "file": "returns/b.xlsx", "sheet": "Biểu mẫu", "cell": "D10"},
                 "code": "merge.value.not_a_number", "arguments": {"indicator": "Đường", "indicator_code": "duong", "value": "1,2O"}},
                {"severity": "warning", "location": {"kind": "cell", "file": "returns/a.xlsx", "sheet": "Biểu mẫu", "cell": "D9"},
                 "code": "merge.value.number_as_text", "arguments": {"indicator": "Nhà", "indicator_code": "nha", "text": "3", "value": 3}}
              ],
              "summary": {"files_read": 3, "accepted": 2, "accepted_with_warnings": 2, "rejected": 1,
                          "units_total": 4, "units_reported": 2, "units_missing": 2, "errors": 1, "warnings": 1}
            }"#,
        )
        .unwrap()
    }

    /// The figure cells of unit `code` in the report's table.
    fn cells_of(data: &Value, code: &str) -> Vec<String> {
        let row = data["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == code)
            .unwrap();
        ["nha", "duong", "tien"]
            .iter()
            .map(|k| row["values"][k].as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn a_rejected_figure_is_known_by_its_status_not_its_message() {
        // Regression: the report used to find a rejected figure by matching the
        // English text of the merge's message. Now the figure's status decides,
        // whatever the diagnostics say or how they are worded.
        let mut m = merged();
        for issue in &mut m.issues {
            issue.code = "some.other.code".into();
            issue.arguments = vec![("anything".into(), "changed wording".into())];
        }
        let data = report_data(&campaign(), &m, "out/tong-hop.json").unwrap();
        assert_eq!(
            cells_of(&data, "CD01"),
            ["2", rejected_value_mark(1).as_str(), "20.000.000"]
        );
        m.issues.clear();
        let data = report_data(&campaign(), &m, "out/tong-hop.json").unwrap();
        assert_eq!(
            cells_of(&data, "CD01"),
            ["2", rejected_value_mark(1).as_str(), "20.000.000"]
        );

        // And a diagnostic that reads like a rejection does not reject a counted
        // figure.
        let mut m = merged();
        m.issues.push(
            Diagnostic::error(
                "merge.value.not_a_number",
                crate::diagnostic::Location::cell("returns/a.xlsx", Some("Biểu mẫu"), Some("D9")),
            )
            .arg("indicator", "Nhà"),
        );
        let data = report_data(&campaign(), &m, "out/tong-hop.json").unwrap();
        assert_eq!(cells_of(&data, "CD02"), ["3", "2,25", "100.000.000"]);
    }

    #[test]
    fn rows_follow_name_order_and_mark_units_without_figures() {
        let data = report_data(&campaign(), &merged(), "out/tong-hop.json").unwrap();
        let rows = data["units"].as_array().unwrap();
        let got: Vec<String> = rows
            .iter()
            .map(|r| {
                format!(
                    "{} | {} | {} | {} | {}",
                    r["stt"],
                    r["name"].as_str().unwrap(),
                    r["status"].as_str().unwrap(),
                    r["values"]["nha"].as_str().unwrap(),
                    r["values"]["duong"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                "1 | Công đoàn Công ty D (bị trả lại) | rejected | - | -",
                "2 | Công đoàn Trường A | accepted | 3 | 2,25",
                "3 | Công đoàn Trường B | accepted | 2 | (1)",
                "4 | Công đoàn Xã C (chưa nộp) | missing | - | -",
            ]
        );
    }

    #[test]
    fn totals_counts_and_words() {
        let m = merged();
        let data = report_data(&campaign(), &m, "out/tong-hop.json").unwrap();
        let cases: [(&str, Value); 12] = [
            ("/tong/nha", json!(5)),
            ("/tong/tien", json!(120000000)),
            ("/tong/duong", json!(2.25)),
            ("/tong_so/tien", json!("120.000.000")),
            ("/tong_so/duong", json!("2,25")),
            ("/totals/nha", json!("5")),
            ("/tong_chu/tien", json!("Một trăm hai mươi triệu đồng")),
            ("/so_don_vi", json!(4)),
            ("/so_don_vi_bao_cao", json!(2)),
            ("/doc/symbol", json!("09/BC-LĐLĐ")),
            (
                "/appendix/title",
                json!("KẾT QUẢ THỬ CỦA CÁC CÔNG ĐOÀN CƠ SỞ"),
            ),
            ("/appendix/issued_by", json!("Ban Thường vụ LĐLĐ P")),
        ];
        for (pointer, expected) in cases {
            assert_eq!(data.pointer(pointer), Some(&expected), "{pointer}");
        }
        assert_eq!(data["chua_nop"], json!(["Công đoàn Xã C"]));
        assert_eq!(data["bi_tra_lai"], json!(["Công đoàn Công ty D"]));
        assert_eq!(data["nop_muon"], json!(["Công đoàn Trường A"]));
        assert_eq!(
            data["tinh_hinh_bao_cao"],
            "Có 1/4 công đoàn cơ sở báo cáo đúng hạn; 1 đơn vị nộp báo cáo muộn (sau hạn), số liệu đã được tổng hợp: Công đoàn Trường A; 1 đơn vị chưa nộp báo cáo: Công đoàn Xã C; 1 đơn vị có báo cáo bị trả lại do sai sót, số liệu chưa tính vào tổng hợp: Công đoàn Công ty D."
        );
    }

    #[test]
    fn figures_left_out_are_noted_by_indicator_and_explained_under_the_table() {
        let data = report_data(&campaign(), &merged(), "out/tong-hop.json").unwrap();
        let cases: [(&str, Value); 7] = [
            (
                "/ghi_chu/duong",
                json!(" (chưa kể số liệu của Công đoàn Trường B, không hợp lệ)"),
            ),
            ("/ghi_chu/nha", json!("")),
            ("/ghi_chu/tien", json!("")),
            ("/khong_hop_le/duong", json!(["Công đoàn Trường B"])),
            ("/khong_hop_le/nha", json!([])),
            (
                "/appendix/legend/0",
                json!(
                    "“-”: đơn vị chưa có số liệu được tổng hợp, lý do ghi sau tên đơn vị (“chưa nộp”: đơn vị chưa nộp báo cáo; “bị trả lại”: báo cáo có sai sót, trả lại để sửa)."
                ),
            ),
            (
                "/appendix/legend/1",
                json!(
                    "(1) Đường của Công đoàn Trường B: số liệu không hợp lệ (“1,2O” không phải là số), chưa tính vào tổng cộng."
                ),
            ),
        ];
        for (pointer, expected) in cases {
            assert_eq!(data.pointer(pointer), Some(&expected), "{pointer}");
        }
        assert_eq!(data["appendix"]["legend"].as_array().map(Vec::len), Some(2));
        assert_eq!(
            data["so_lieu_khong_hop_le"],
            json!(["Công đoàn Trường B (Đường)"])
        );

        // Every unit reporting every figure: no mark, no legend, no note.
        let (c, m) = sample_merge(&[], &[]);
        let data = report_data(&c, &m, "tong-hop.json").unwrap();
        assert_eq!(data["appendix"]["legend"], json!([]));
        assert!(
            data["ghi_chu"]
                .as_object()
                .unwrap()
                .values()
                .all(|v| v == "")
        );
    }

    /// Wherever the sample's body prints an indicator's total, the sentence says
    /// whose figures are left out of it: every line using `tong.X` (or `tong_so.X`,
    /// `tong_chu.X`) uses `ghi_chu.X`, and rendered with one unit's figure rejected,
    /// each paragraph printing that total names the unit.
    #[test]
    fn every_total_the_sample_body_prints_carries_the_note_of_figures_left_out() {
        let body = crate::campaign::sample::FILES
            .iter()
            .find(|(n, _)| *n == "bao-cao.txt")
            .unwrap()
            .1;
        let (c, _) = sample_merge(&[], &[]);
        let uses = |line: &str, var: &str| {
            line.match_indices(var).any(|(i, _)| {
                !line[i + var.len()..]
                    .starts_with(|ch: char| ch.is_ascii_alphanumeric() || ch == '_')
                    && !line[..i].ends_with(|ch: char| ch.is_ascii_alphanumeric() || ch == '_')
            })
        };
        let numeric: Vec<_> = c
            .reporting
            .indicators
            .iter()
            .filter(|i| i.kind != IndicatorKind::Text)
            .collect();
        for ind in &numeric {
            let code = &ind.code;
            for line in body.lines() {
                let prints = ["tong", "tong_so", "tong_chu"]
                    .iter()
                    .any(|t| uses(line, &format!("{t}.{code}")));
                if prints {
                    assert!(
                        uses(line, &format!("ghi_chu.{code}")),
                        "`{code}`'s total without its note: {line}"
                    );
                }
            }
        }
        let unit = c.reporting.units[17].clone();
        for ind in &numeric {
            let (c, mut m) = sample_merge(&[], &[]);
            let entry = m.units.iter_mut().find(|u| u.code == unit.code).unwrap();
            entry.values.insert(
                ind.code.clone(),
                Entry::Rejected {
                    reason: RejectReason::NotANumber,
                },
            );
            let n = c.reporting.units.len() - 1;
            let total = crate::tonghop::exact_total(ind.kind, vec![1.0; n]).unwrap();
            m.totals.insert(ind.code.clone(), total);
            let texts = body_paragraphs(&c, &m, body);
            let note = format!("(chưa kể số liệu của {}, không hợp lệ)", unit.name);
            // Every other total is 40, this one 39: the paragraphs printing it.
            let printing: Vec<&String> = texts
                .iter()
                .filter(|t| t.contains(" 39 ") || t.contains(" 39,00 "))
                .collect();
            assert!(!printing.is_empty(), "`{}`: total not printed", ind.code);
            for t in &printing {
                assert!(t.contains(&note), "`{}`: {t}", ind.code);
            }
            let noted = texts.iter().filter(|t| t.contains("chưa kể")).count();
            assert_eq!(noted, printing.len(), "`{}`: {texts:#?}", ind.code);
        }
    }

    #[test]
    fn issued_by_reads_the_signing_collective() {
        let cases = [
            (
                "TM. BAN THƯỜNG VỤ",
                "LIÊN ĐOÀN LAO ĐỘNG HUYỆN MẪU",
                "Ban Thường vụ LĐLĐ huyện P",
            ),
            (
                "TM. BAN CHẤP HÀNH",
                "LIÊN ĐOÀN LAO ĐỘNG HUYỆN MẪU",
                "Ban Chấp hành LĐLĐ huyện P",
            ),
            ("", "CÔNG ĐOÀN NGÀNH GIÁO DỤC", "LĐLĐ P"),
            (
                "KT. CHỦ TỊCH",
                "LIÊN ĐOÀN LAO ĐỘNG HUYỆN MẪU",
                "LĐLĐ huyện P",
            ),
            (
                "TM. BAN THƯỜNG VỤ KT. CHỦ TỊCH",
                "LIÊN ĐOÀN LAO ĐỘNG HUYỆN MẪU",
                "Ban Thường vụ LĐLĐ huyện P",
            ),
        ];
        for (authority, name, expected) in cases {
            let mut c = campaign();
            c.signer.authority = authority.into();
            c.issuer.name = name.into();
            assert_eq!(issued_by(&c), expected, "{authority}");
        }
        let mut c = campaign();
        c.vars.insert(
            "bao_cao_cua".into(),
            json!("Ban Thường vụ Công đoàn Giáo dục huyện"),
        );
        assert_eq!(issued_by(&c), "Ban Thường vụ Công đoàn Giáo dục huyện");
    }

    #[test]
    fn totals_that_do_not_add_up_are_refused() {
        let mut m = merged();
        m.totals.insert("nha".into(), 6.0);
        let err = report_data(&campaign(), &m, "out/tong-hop.json")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "out/tong-hop.json: the figures do not add up: `nha`: total 6 but the accepted units add up to 5"
        );
    }

    #[test]
    fn a_merge_of_another_campaign_is_refused() {
        let mut m = merged();
        m.campaign.id = "other".into();
        let err = report_data(&campaign(), &m, "out/tong-hop.json").unwrap_err();
        assert!(matches!(err, ReportError::OtherCampaign { .. }), "{err}");
    }

    #[test]
    fn strict_refuses_errors_and_summary_puts_errors_first() {
        let m = merged();
        let Err(ReportError::StrictErrors { errors }) = check_strict(&m) else {
            panic!("strict must refuse a merge with errors");
        };
        let codes: Vec<&str> = errors.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["merge.value.not_a_number"]);
        let summary = summarize_issues(&m);
        assert_eq!((summary.errors, summary.warnings, summary.more), (1, 1, 0));
        let order: Vec<(bool, Option<&str>)> = summary
            .first
            .iter()
            .map(|d| (d.is_error(), d.location.file_name()))
            .collect();
        assert_eq!(
            order,
            [
                (true, Some("returns/b.xlsx")),
                (false, Some("returns/a.xlsx"))
            ]
        );
        let mut clean = m.clone();
        clean.issues.retain(|i| !i.is_error());
        assert!(check_strict(&clean).is_ok());
    }

    #[test]
    fn a_merged_file_without_totals_names_the_field() {
        let mut v = serde_json::to_value(merged()).unwrap();
        v.as_object_mut().unwrap().remove("totals");
        let err = parse_merged("out/tong-hop.json", &v.to_string())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("out/tong-hop.json: missing field `totals`"),
            "{err}"
        );
        let err = parse_merged("out/tong-hop.json", r#"{"format": "vanban/tong-hop", "version": 2, "campaign": {"id": "t", "name": "Thử", "year": 2017}, "deadline": "2017-07-27", "indicators": [], "totals": {}, "reported": {}, "units": [{"code": "CD01", "name": "A", "status": "accepted", "values": {"nha": {"status": "counted"}}}]}"#)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("out/tong-hop.json: units[0].values.nha: missing field `value`"),
            "{err}"
        );
    }

    #[test]
    fn the_report_template_fills_and_its_appendix_is_fitted() {
        let mut data = report_data(&campaign(), &merged(), "out/tong-hop.json").unwrap();
        with_body(
            &mut data,
            "bao-cao.txt",
            "I. KẾT QUẢ\n- Nhà: {{ tong.nha | vn_number }} căn; tiền: {{ tong.tien | vn_money_words }}.\n",
            &crate::limits::Limits::default(),
        )
        .unwrap();
        assert_eq!(
            data["body"][1]["text"],
            "Nhà: 5 căn; tiền: Một trăm hai mươi triệu đồng./."
        );
        let sources = ReportSources {
            merged_name: "out/tong-hop.json",
            body_name: "bao-cao.txt",
            body_text: "I. KẾT QUẢ\nXong.\n",
            template_name: "built-in bao-cao.docx",
            template: BUILTIN_TEMPLATE,
        };
        let built = build_report(
            &campaign(),
            &merged(),
            sources,
            &crate::limits::Limits::default(),
        )
        .unwrap();
        let xml = crate::docx::fixture::part(&built.bytes, "word/document.xml").unwrap();
        // STT, name and three figures, spanning the landscape text width (16838 less
        // the 30 + 15 mm margins).
        let grid: Vec<&str> = xml
            .rsplit("<w:tblGrid>")
            .next()
            .unwrap()
            .split("</w:tblGrid>")
            .next()
            .unwrap()
            .split("w:w=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap())
            .collect();
        assert_eq!(grid.len(), 5, "{grid:?}");
        let total: u64 = grid.iter().map(|w| w.parse::<u64>().unwrap()).sum();
        let mm = |v: f64| (v * 1440.0 / 25.4).round() as u64;
        assert!(total.abs_diff(16838 - mm(30.0) - mm(15.0)) <= 2, "{total}");
        assert_eq!(grid[0], "560");
        // What the fitting added (cell margins, whole rows, widths) is in the order
        // the OOXML schema wants, which Word insists on.
        let part = crate::docx::xml::parse(&xml, 256).unwrap();
        let document = crate::docx::xml::root(&part).unwrap();
        assert_eq!(
            crate::docx::schema::violations(document),
            Vec::<String>::new()
        );
    }

    /// The sample campaign with every unit reporting 1 of every figure, except
    /// those listed as missing or late.
    fn sample_merge(missing: &[&str], late: &[&str]) -> (Campaign, TongHop) {
        use crate::tonghop::{FORMAT, Summary, UnitStatus as Merged, VERSION, exact_total};
        let c = Campaign::from_json("campaign.json", crate::campaign::sample::FILES[0].1).unwrap();
        let numeric: Vec<&str> = c
            .reporting
            .indicators
            .iter()
            .filter(|i| i.kind != IndicatorKind::Text)
            .map(|i| i.code.as_str())
            .collect();
        let units: Vec<UnitEntry> = c
            .reporting
            .units
            .iter()
            .map(|u| {
                let sent = !missing.contains(&u.code.as_str());
                UnitEntry {
                    code: u.code.clone(),
                    name: u.name.clone(),
                    group: u.group.clone(),
                    status: if sent {
                        Merged::Accepted
                    } else {
                        Merged::Missing
                    },
                    file: sent.then(|| format!("returns/{}.xlsx", u.code)),
                    filled_at: None,
                    late: late.contains(&u.code.as_str()),
                    values: numeric
                        .iter()
                        .filter(|_| sent)
                        .map(|k| {
                            let one = Entry::Counted {
                                value: Figure::Number(1.0),
                            };
                            (k.to_string(), one)
                        })
                        .collect(),
                    sources: Default::default(),
                    rollup: None,
                }
            })
            .collect();
        let count = c.reporting.units.len() - missing.len();
        let totals = c
            .reporting
            .indicators
            .iter()
            .filter(|i| i.kind != IndicatorKind::Text)
            .map(|i| {
                (
                    i.code.clone(),
                    exact_total(i.kind, vec![1.0; count]).unwrap_or_default(),
                )
            })
            .collect();
        let merged = TongHop {
            format: FORMAT.into(),
            version: VERSION,
            campaign: c.campaign.clone(),
            issuer: String::new(),
            deadline: c.reporting.deadline.to_string(),
            indicators: c.reporting.indicators.clone(),
            totals,
            reported: BTreeMap::new(),
            units,
            missing: missing.iter().map(|m| m.to_string()).collect(),
            files: Vec::new(),
            issues: Vec::new(),
            summary: Summary::default(),
            run: String::new(),
        };
        (c, merged)
    }

    #[test]
    fn the_sample_body_names_who_did_not_report_or_says_all_did() {
        let body = crate::campaign::sample::FILES
            .iter()
            .find(|(n, _)| *n == "bao-cao.txt")
            .unwrap()
            .1;
        // (missing, late, in the text, not in the text)
        type Case<'a> = (&'a [&'a str], &'a [&'a str], &'a [&'a str], &'a [&'a str]);
        let cases: [Case; 3] = [
            (
                &[],
                &[],
                &[
                    "có 40/40 công đoàn cơ sở",
                    "Tất cả công đoàn cơ sở đã gửi báo cáo đúng hạn.",
                ],
                &["chưa nộp", "muộn", "sau hạn"],
            ),
            (
                &["CD03"],
                &[],
                &[
                    "có 39/40 công đoàn cơ sở",
                    "Còn 1 công đoàn cơ sở chưa nộp báo cáo: ",
                    "tổng hợp từ báo cáo của 39/40",
                ],
                &["Tất cả", "muộn", "đúng hạn:"],
            ),
            (
                &[],
                &["CD06"],
                &[
                    "có 39/40",
                    "sau hạn, thêm 1 công đoàn cơ sở nộp báo cáo",
                    "tổng hợp từ báo cáo của 40/40",
                    "1 công đoàn cơ sở nộp báo cáo muộn (sau ngày 27/7/2017): ",
                ],
                &["Tất cả", "chưa nộp", "đúng hạn:"],
            ),
        ];
        for (missing, late, present, absent) in cases {
            let (c, m) = sample_merge(missing, late);
            let text = body_paragraphs(&c, &m, body);
            let text = text.join("\n");
            for needle in present {
                assert!(
                    text.contains(needle),
                    "{missing:?} {late:?}: `{needle}` not in\n{text}"
                );
            }
            for needle in absent {
                assert!(
                    !text.contains(needle),
                    "{missing:?} {late:?}: `{needle}` in\n{text}"
                );
            }
            for code in missing.iter().chain(late) {
                let name = &c
                    .reporting
                    .units
                    .iter()
                    .find(|u| u.code == *code)
                    .unwrap()
                    .name;
                assert!(text.contains(name.as_str()), "{name} not named in\n{text}");
            }
        }
    }

    #[test]
    fn who_reported_is_read_from_the_data() {
        let data = json!({"so_don_vi_bao_cao": 2, "so_don_vi": 4, "chua_nop": ["A"], "bi_tra_lai": ["B"], "nop_muon": ["C"],
            "indicators": [{"code": "nha", "label": "Nhà"}, {"code": "tien", "label": "Tiền"}],
            "khong_hop_le": {"nha": [], "tien": ["D"]}});
        assert_eq!(
            Reporting::of(&data),
            Reporting {
                reported: 2,
                units: 4,
                not_reported: vec!["A".into()],
                rejected: vec!["B".into()],
                late: vec!["C".into()],
                left_out: vec![("Tiền".into(), vec!["D".into()])],
            }
        );
    }

    #[test]
    fn reporting_sentence_when_everyone_reported() {
        let who = WhoReported {
            on_time: ["A", "B", "C", "D"].map(String::from).to_vec(),
            ..WhoReported::default()
        };
        assert_eq!(
            reporting_sentence(&who),
            "Có 4/4 công đoàn cơ sở báo cáo đúng hạn, tất cả các đơn vị đều đã báo cáo."
        );
    }
}
