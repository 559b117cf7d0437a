//! The result report ("Báo cáo kết quả"): the data the report template is filled
//! with, built from the campaign and the merged figures (`out/tong-hop.json`).
//!
//! Pure: the campaign, the parsed merge output and the body outline come in as
//! values and text; the data (a [`serde_json::Value`]) and the filled document come
//! out as values and bytes. Deciding whether the merge is fresh takes the files'
//! modification times as values too. The command layer reads the files, the clock
//! and LibreOffice.

use std::collections::{BTreeMap, BTreeSet};
use std::time::SystemTime;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::model::{Campaign, IndicatorKind};

/// File name of the report template, built-in or in the campaign's `templates/`
/// folder (which overrides the built-in one).
pub const TEMPLATE_FILE: &str = "bao-cao.docx";

/// The built-in report template, embedded so `vanban` works from any folder (built
/// by `xtask/src/layout/templates.rs`).
pub const BUILTIN_TEMPLATE: &[u8] = crate::templates::REPORT;

/// How many merge warnings the short summary repeats before pointing at the full list.
pub const SUMMARY_LINES: usize = 8;

/// `tong-hop.json` as the report reads it: the stable part of the merge's output.
/// Fields the report does not use are ignored, so the merge may add more.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Merged {
    /// The campaign's identity (`id`, `name`, `year`), to catch a merge of another
    /// campaign copied into this folder.
    #[serde(default)]
    pub campaign: Value,
    /// Each indicator's total, by indicator code.
    pub totals: BTreeMap<String, Value>,
    /// The units whose returns were read, accepted or not.
    #[serde(default)]
    pub units: Vec<MergedUnit>,
    /// Codes of the roster units that sent nothing ("chưa nộp").
    #[serde(default)]
    pub missing: Vec<String>,
    /// Every problem the merge found.
    #[serde(default)]
    pub issues: Vec<MergedIssue>,
    /// Every file read, and what became of it.
    #[serde(default)]
    pub files: Vec<MergedFile>,
}

/// One returned file in `tong-hop.json`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MergedFile {
    /// The file, as the merge named it.
    #[serde(default)]
    pub file: String,
    /// `accepted`, `accepted_with_warnings` or `rejected`.
    #[serde(default)]
    pub status: String,
    /// The roster unit it was recognised as, when known.
    #[serde(default)]
    pub unit: Option<String>,
    /// Why it was rejected.
    #[serde(default)]
    pub reasons: Vec<String>,
}

/// One unit's figures in `tong-hop.json`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MergedUnit {
    /// The unit's code on the roster (`CD01`).
    pub code: String,
    /// The unit's name as the merge printed it.
    #[serde(default)]
    pub name: String,
    /// Its figures by indicator code (numbers, text for text indicators, `null` for
    /// a blank cell).
    #[serde(default)]
    pub values: BTreeMap<String, Value>,
    /// The file its figures come from.
    #[serde(default)]
    pub file: Value,
    /// `accepted`, `accepted_with_warnings`, `rejected`, … (anything naming a
    /// rejection marks the unit's data as rejected).
    #[serde(default)]
    pub status: String,
    /// Whether its return came after the deadline ("nộp muộn").
    #[serde(default)]
    pub late: bool,
}

/// One problem found by the merge, with its place.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MergedIssue {
    /// The returned file.
    #[serde(default)]
    pub file: Value,
    /// The sheet, when known.
    #[serde(default)]
    pub sheet: Value,
    /// The cell in A1 form, when known.
    #[serde(default)]
    pub cell: Value,
    /// `error` or `warning`.
    #[serde(default)]
    pub severity: String,
    /// What is wrong, in plain words.
    #[serde(default)]
    pub message: String,
}

impl MergedIssue {
    /// `file › sheet › cell: message`, leaving out the parts the merge did not know.
    pub fn describe(&self) -> String {
        let mut place: Vec<String> = Vec::new();
        for part in [&self.file, &self.sheet, &self.cell] {
            match part {
                Value::String(s) if !s.is_empty() => place.push(s.clone()),
                Value::Number(n) => place.push(n.to_string()),
                _ => {}
            }
        }
        if place.is_empty() {
            self.message.clone()
        } else {
            format!("{}: {}", place.join(" › "), self.message)
        }
    }

    /// Whether the merge counted this problem as an error (the file or value was
    /// rejected) rather than a warning.
    pub fn is_error(&self) -> bool {
        self.severity.eq_ignore_ascii_case("error")
    }
}

impl MergedUnit {
    /// What the merge's `status` says of the unit: figures used (`accepted…`),
    /// rejected, or nothing received (`missing`, or a status this version does not
    /// know, so that figures of unknown standing are never counted).
    fn standing(&self) -> UnitStatus {
        let s = self.status.to_lowercase();
        if s.starts_with("accepted") {
            UnitStatus::Accepted
        } else if s.contains("reject") {
            UnitStatus::Rejected
        } else {
            UnitStatus::Missing
        }
    }
}

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
    /// `tong-hop.json` is missing.
    #[error(
        "`{merged}` is missing: the report is made from the merged figures; run `vanban merge {campaign}` first"
    )]
    NotMerged {
        /// The merged file.
        merged: String,
        /// The campaign folder as typed.
        campaign: String,
    },
    /// `tong-hop.json` is older than a returned file.
    #[error(
        "`{merged}` is older than {newer}: a return came in after the last merge; run `vanban merge {campaign}` again"
    )]
    Stale {
        /// The merged file.
        merged: String,
        /// The returns newer than it, listed.
        newer: String,
        /// The campaign folder as typed.
        campaign: String,
    },
    /// The merge belongs to another campaign.
    #[error(
        "{file}: the merged figures are for campaign `{found}`, not `{expected}` (campaign.json › campaign.id); run `vanban merge` on this campaign"
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
    #[error(
        "refusing to write the report (--strict): the merge found {count} error(s):\n{list}\nfix the returns and run `vanban merge` again, or run `vanban report` without --strict"
    )]
    StrictErrors {
        /// How many errors.
        count: usize,
        /// The first of them, one per line.
        list: String,
    },
    /// The figures in `tong-hop.json` do not add up (edited by hand, or a merge bug).
    #[error("{file}: the figures do not add up: {problems}", problems = .problems.join("; "))]
    Inconsistent {
        /// The merged file.
        file: String,
        /// Each indicator whose total differs from the sum of the accepted units.
        problems: Vec<String>,
    },
    /// The body outline or the template could not be filled.
    #[error("{0}")]
    Render(String),
}

/// Parses `tong-hop.json`; `file` is the name used in messages.
pub fn parse_merged(file: &str, text: &str) -> Result<Merged, ReportError> {
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

/// Whether the merged figures can be trusted to include every return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Freshness {
    /// The merge is newer than every returned file.
    Fresh,
    /// There is no merge.
    Missing,
    /// These returned files changed after the merge.
    Stale(Vec<String>),
}

/// Compares the merge's modification time with the returned files' (names as the
/// user knows them, with their modification times).
pub fn freshness(merged: Option<SystemTime>, returns: &[(String, SystemTime)]) -> Freshness {
    let Some(merged) = merged else {
        return Freshness::Missing;
    };
    let mut newer: Vec<String> = returns
        .iter()
        .filter(|(_, modified)| *modified > merged)
        .map(|(name, _)| name.clone())
        .collect();
    newer.sort();
    if newer.is_empty() {
        Freshness::Fresh
    } else {
        Freshness::Stale(newer)
    }
}

/// Turns a [`Freshness`] into the error the user sees, naming the fix.
pub fn require_fresh(
    freshness: &Freshness,
    merged_file: &str,
    campaign_arg: &str,
) -> Result<(), ReportError> {
    match freshness {
        Freshness::Fresh => Ok(()),
        Freshness::Missing => Err(ReportError::NotMerged {
            merged: merged_file.to_string(),
            campaign: campaign_arg.to_string(),
        }),
        Freshness::Stale(newer) => {
            let shown: Vec<String> = newer.iter().take(3).map(|n| format!("`{n}`")).collect();
            let mut list = shown.join(", ");
            if newer.len() > 3 {
                list.push_str(&format!(" and {} more", newer.len() - 3));
            }
            Err(ReportError::Stale {
                merged: merged_file.to_string(),
                newer: list,
                campaign: campaign_arg.to_string(),
            })
        }
    }
}

/// The merge's problems, counted, with the first ones spelled out for the terminal.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MergeSummary {
    /// Problems the merge counted as errors.
    pub errors: usize,
    /// Problems the merge counted as warnings.
    pub warnings: usize,
    /// The first [`SUMMARY_LINES`] problems, errors first, as `file › sheet › cell: message`.
    pub lines: Vec<String>,
    /// How many problems the lines leave out.
    pub more: usize,
}

/// Summarises the merge's problems for the terminal.
pub fn summarize_issues(merged: &Merged) -> MergeSummary {
    let errors: Vec<&MergedIssue> = merged.issues.iter().filter(|i| i.is_error()).collect();
    let warnings: Vec<&MergedIssue> = merged.issues.iter().filter(|i| !i.is_error()).collect();
    let lines: Vec<String> = errors
        .iter()
        .map(|i| format!("error: {}", i.describe()))
        .chain(
            warnings
                .iter()
                .map(|i| format!("warning: {}", i.describe())),
        )
        .take(SUMMARY_LINES)
        .collect();
    MergeSummary {
        errors: errors.len(),
        warnings: warnings.len(),
        more: merged.issues.len() - lines.len(),
        lines,
    }
}

/// Under `--strict`, refuses a merge that has errors.
pub fn check_strict(merged: &Merged) -> Result<(), ReportError> {
    let errors: Vec<String> = merged
        .issues
        .iter()
        .filter(|i| i.is_error())
        .map(|i| format!("  {}", i.describe()))
        .collect();
    if errors.is_empty() {
        return Ok(());
    }
    let count = errors.len();
    let mut list: Vec<String> = errors.into_iter().take(SUMMARY_LINES).collect();
    if count > SUMMARY_LINES {
        list.push(format!("  … and {} more", count - SUMMARY_LINES));
    }
    Err(ReportError::StrictErrors {
        count,
        list: list.join("\n"),
    })
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
}

impl UnitStatus {
    fn code(self) -> &'static str {
        match self {
            UnitStatus::Accepted => "accepted",
            UnitStatus::Missing => "missing",
            UnitStatus::Rejected => "rejected",
        }
    }

    /// The mark added to the unit's name in the appendix table, so a row without
    /// figures says why.
    pub fn note(self) -> &'static str {
        match self {
            UnitStatus::Accepted => "",
            UnitStatus::Missing => "chưa báo cáo",
            UnitStatus::Rejected => "số liệu bị trả lại",
        }
    }
}

/// The mark written in the figure cells of a row without figures.
pub const NO_FIGURE_MARK: &str = "-";

/// The mark written in a cell whose figure the merge rejected (a typo, an error
/// cell): it is not counted, and the cell says so instead of staying blank.
pub const REJECTED_VALUE_MARK: &str = "lỗi";

/// Whether the merge rejected the figure of indicator `label` in `file` (its error
/// message starts with the quoted label, as the merge writes them).
fn value_rejected(merged: &Merged, file: &str, label: &str) -> bool {
    if file.is_empty() {
        return false;
    }
    let quoted = format!("\"{label}\"");
    merged
        .issues
        .iter()
        .any(|i| i.is_error() && i.file.as_str() == Some(file) && i.message.starts_with(&quoted))
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
    let body = authority
        .strip_prefix("TM.")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(sentence_case_body)
        .unwrap_or_else(|| "Ban Thường vụ".to_string());
    let level = if upper(&campaign.issuer.name).contains("HUYỆN") {
        "huyện "
    } else {
        ""
    };
    format!(
        "{body} {} {level}{}",
        campaign.issuer.abbreviation, campaign.issuer.place
    )
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
    merged: &Merged,
    merged_file: &str,
) -> Result<Value, ReportError> {
    check_identity(campaign, merged, merged_file)?;
    let indicators = &campaign.reporting.indicators;

    // Units: the roster decides who is in the table; the merge says what each sent.
    let by_code: BTreeMap<&str, &MergedUnit> =
        merged.units.iter().map(|u| (u.code.as_str(), u)).collect();
    // A unit whose every file was rejected: it sent something, nothing usable.
    let sent_rejected: BTreeSet<&str> = merged
        .files
        .iter()
        .filter(|f| f.status.to_lowercase().contains("reject"))
        .filter_map(|f| f.unit.as_deref())
        .collect();

    let mut roster: Vec<_> = campaign.reporting.units.iter().collect();
    roster.sort_by(|a, b| {
        crate::vn::collate::compare(&a.name, &b.name).then_with(|| a.code.cmp(&b.code))
    });

    let mut rows = Vec::with_capacity(roster.len());
    let mut sums: BTreeMap<&str, f64> = BTreeMap::new();
    let (mut not_reported, mut rejected, mut late) = (Vec::new(), Vec::new(), Vec::new());
    for (i, unit) in roster.iter().enumerate() {
        let merged_unit = by_code.get(unit.code.as_str()).copied();
        let status = match merged_unit.map(MergedUnit::standing) {
            Some(UnitStatus::Accepted) => UnitStatus::Accepted,
            Some(UnitStatus::Rejected) => UnitStatus::Rejected,
            _ if sent_rejected.contains(unit.code.as_str()) => UnitStatus::Rejected,
            _ => UnitStatus::Missing,
        };
        match status {
            UnitStatus::Missing => not_reported.push(unit.name.clone()),
            UnitStatus::Rejected => rejected.push(unit.name.clone()),
            UnitStatus::Accepted if merged_unit.is_some_and(|u| u.late) => {
                late.push(unit.name.clone());
            }
            UnitStatus::Accepted => {}
        }
        let unit_file = merged_unit
            .and_then(|u| u.file.as_str())
            .unwrap_or_default();
        let mut raw_values = Map::new();
        let mut values = Map::new();
        for ind in indicators {
            let raw = merged_unit
                .and_then(|u| u.values.get(&ind.code))
                .cloned()
                .unwrap_or(Value::Null);
            let cell = if status != UnitStatus::Accepted {
                NO_FIGURE_MARK.to_string()
            } else if raw.is_null() && value_rejected(merged, unit_file, &ind.label) {
                REJECTED_VALUE_MARK.to_string()
            } else {
                if let Some(n) = raw.as_f64() {
                    *sums.entry(ind.code.as_str()).or_default() += n;
                }
                format_value(ind.kind, &raw)
            };
            raw_values.insert(
                ind.code.clone(),
                if status == UnitStatus::Accepted {
                    raw
                } else {
                    Value::Null
                },
            );
            values.insert(ind.code.clone(), Value::String(cell));
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
            "file": merged_unit.map(|u| u.file.clone()).unwrap_or(Value::Null),
            "values": values,
            "figures": raw_values,
        }));
    }

    // Totals: the merge's, checked against the accepted rows so the total row and
    // the body can never disagree with the table above them.
    let mut tong = Map::new();
    let mut tong_so = Map::new();
    let mut tong_chu = Map::new();
    let mut total_cells = Map::new();
    let mut problems = Vec::new();
    for ind in indicators {
        if ind.kind == IndicatorKind::Text {
            total_cells.insert(ind.code.clone(), Value::String(String::new()));
            continue;
        }
        let total = match merged.totals.get(&ind.code) {
            Some(v) => v.as_f64().ok_or_else(|| ReportError::MergedFile {
                file: merged_file.to_string(),
                message: format!("totals.{}: {v} is not a number", ind.code),
            })?,
            None => 0.0,
        };
        let sum = sums.get(ind.code.as_str()).copied().unwrap_or(0.0);
        if (sum - total).abs() > 1e-6 * total.abs().max(1.0) {
            problems.push(format!(
                "`{}`: total {} but the accepted units add up to {}",
                ind.code,
                format_number(ind.kind, total),
                format_number(ind.kind, sum)
            ));
        }
        tong.insert(ind.code.clone(), number_value(ind.kind, total));
        let text = format_number(ind.kind, total);
        tong_so.insert(ind.code.clone(), Value::String(text.clone()));
        total_cells.insert(ind.code.clone(), Value::String(text));
        if ind.kind == IndicatorKind::Money {
            tong_chu.insert(
                ind.code.clone(),
                Value::String(money_words_of(total).map_err(ReportError::Render)?),
            );
        }
    }
    if !problems.is_empty() {
        return Err(ReportError::Inconsistent {
            file: merged_file.to_string(),
            problems,
        });
    }

    let so_don_vi = roster.len();
    let so_bao_cao = so_don_vi - not_reported.len() - rejected.len();
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
    data.insert("units".to_string(), Value::Array(rows));
    data.insert("totals".to_string(), Value::Object(total_cells));
    data.insert(
        "appendix".to_string(),
        json!({
            "title": format!(
                "KẾT QUẢ {} CỦA CÁC CÔNG ĐOÀN CƠ SỞ",
                upper(&campaign.campaign.name)
            ),
            "issued_by": issued_by(campaign),
        }),
    );
    data.insert("so_don_vi".to_string(), json!(so_don_vi));
    data.insert("so_don_vi_bao_cao".to_string(), json!(so_bao_cao));
    data.insert("chua_nop".to_string(), json!(not_reported));
    data.insert("bi_tra_lai".to_string(), json!(rejected));
    data.insert("nop_muon".to_string(), json!(late));
    data.insert(
        "tinh_hinh_bao_cao".to_string(),
        Value::String(reporting_sentence(
            so_bao_cao,
            so_don_vi,
            &not_reported,
            &rejected,
        )),
    );
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
    /// Who reported, in one short line for the terminal ([`reporting_line`]).
    pub reporting_line: String,
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
    };
    // Lines tagged with their number before Tera runs, as the plan does, so an
    // outline error names the line the clerk wrote, not the line after rendering.
    let marked = super::outline::mark_source_lines(body_text);
    let rendered = crate::docx::render_text(body_file, &marked, data, &opts)
        .map_err(|e| ReportError::Render(super::outline::strip_source_marks(&e.to_string())))?;
    let paragraphs = super::plan::body_paragraphs(body_file, &rendered)
        .map_err(|e| ReportError::Render(e.to_string()))?;
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
    merged: &Merged,
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
    };
    let rendered = crate::docx::render(template, &data, &opts)
        .map_err(|e| ReportError::Render(format!("{}: {e}", sources.template_name)))?;
    let (bytes, warnings) = (
        super::fit::fit_appendix(&rendered.bytes, limits).map_err(ReportError::Render)?,
        rendered.warnings.iter().map(ToString::to_string).collect(),
    );
    let reporting = data["tinh_hinh_bao_cao"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let reporting_line = reporting_line(&data);
    Ok(BuiltReport {
        bytes,
        data,
        reporting,
        reporting_line,
        warnings,
    })
}

/// Fits the appendix table to its landscape page, after the template is filled.
///
/// How many names a terminal line lists before "and N more".
const LINE_NAMES: usize = 4;

/// Who reported, in one line for the terminal, from the report's data: "39/40 units
/// reported; not reported: A; rejected: B; late: C", each list cut after a few
/// names (the report itself names them all).
pub fn reporting_line(data: &Value) -> String {
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
    let mut line = format!(
        "{}/{} units reported",
        data["so_don_vi_bao_cao"], data["so_don_vi"]
    );
    for (key, what) in [
        ("chua_nop", "not reported"),
        ("bi_tra_lai", "returns rejected"),
        ("nop_muon", "sent late"),
    ] {
        let names = list(key);
        if names.is_empty() {
            continue;
        }
        let shown = names
            .iter()
            .take(LINE_NAMES)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        line.push_str(&format!("; {what}: {shown}"));
        if names.len() > LINE_NAMES {
            line.push_str(&format!(" and {} more", names.len() - LINE_NAMES));
        }
    }
    line
}

/// The sentence that says how many units reported and names those that did not.
pub fn reporting_sentence(
    reported: usize,
    roster: usize,
    not_reported: &[String],
    rejected: &[String],
) -> String {
    let mut s = if not_reported.is_empty() && rejected.is_empty() {
        format!("Có {reported}/{roster} công đoàn cơ sở báo cáo, tất cả các đơn vị đều đã báo cáo")
    } else {
        format!("Có {reported}/{roster} công đoàn cơ sở báo cáo")
    };
    if !not_reported.is_empty() {
        s.push_str(&format!(
            "; {} đơn vị chưa báo cáo: {}",
            not_reported.len(),
            not_reported.join(", ")
        ));
    }
    if !rejected.is_empty() {
        s.push_str(&format!(
            "; {} đơn vị có số liệu bị trả lại do sai sót, chưa tính vào tổng hợp: {}",
            rejected.len(),
            rejected.join(", ")
        ));
    }
    s.push('.');
    s
}

fn check_identity(campaign: &Campaign, merged: &Merged, file: &str) -> Result<(), ReportError> {
    if let Some(id) = merged.campaign.get("id").and_then(Value::as_str)
        && id != campaign.campaign.id
    {
        return Err(ReportError::OtherCampaign {
            file: file.to_string(),
            found: id.to_string(),
            expected: campaign.campaign.id.clone(),
        });
    }
    Ok(())
}

/// A total as the template sees it: whole kinds as integers, so `vn_number` and
/// `vn_money_words` print no decimals.
fn number_value(kind: IndicatorKind, v: f64) -> Value {
    match kind {
        IndicatorKind::Count | IndicatorKind::Money if v.fract() == 0.0 && v.abs() < 9.0e15 => {
            json!(v as i64)
        }
        _ => json!(v),
    }
}

/// A figure as printed in the table: Vietnamese separators, decimals only where
/// the kind has them.
fn format_value(kind: IndicatorKind, v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Number(n) => n
            .as_f64()
            .map(|f| format_number(kind, f))
            .unwrap_or_default(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn format_number(kind: IndicatorKind, v: f64) -> String {
    let decimals = match kind {
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
    };
    crate::vn::number::format_vn_number(v, decimals)
}

fn money_words_of(v: f64) -> Result<String, String> {
    crate::vn::number::money_words(v.round() as i128).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

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
    /// without a usable file, the files with their fate, and the issues.
    fn merged() -> Merged {
        parse_merged(
            "tong-hop.json",
            r#"{
              "format": "vanban/tong-hop", "version": 1,
              "campaign": {"id": "t", "name": "Thử", "year": 2017},
              "totals": {"nha": 5, "duong": 2.25, "tien": 120000000},
              "units": [
                {"code": "CD04", "name": "Công đoàn Công ty D", "status": "missing", "file": null, "values": {}},
                {"code": "CD02", "name": "Công đoàn Trường A", "values": {"nha": 3, "duong": 2.25, "tien": 100000000}, "file": "returns/a.xlsx", "status": "accepted_with_warnings", "late": true},
                {"code": "CD01", "name": "Công đoàn Trường B", "values": {"nha": 2, "duong": null, "tien": 20000000}, "file": "returns/b.xlsx", "status": "accepted"},
                {"code": "CD03", "name": "Công đoàn Xã C", "status": "missing", "file": null, "values": {}}
              ],
              "missing": ["CD04", "CD03"],
              "files": [
                {"file": "returns/a.xlsx", "status": "accepted_with_warnings", "unit": "CD02", "reasons": []},
                {"file": "returns/b.xlsx", "status": "accepted_with_warnings", "unit": "CD01", "reasons": []},
                {"file": "returns/d.xlsx", "status": "rejected", "unit": "CD04", "reasons": ["no indicator of the campaign was found"]}
              ],
              "issues": [
                {"file": "returns/b.xlsx", "sheet": "Biểu mẫu", "cell": "D10", "severity": "error", "message": "\"Đường\": \"1,2O\" is not a number; not counted"},
                {"file": "returns/a.xlsx", "sheet": "Biểu mẫu", "cell": "D9", "severity": "warning", "message": "number typed as text \"3\", read as 3"}
              ]
            }"#,
        )
        .unwrap()
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
                "1 | Công đoàn Công ty D (số liệu bị trả lại) | rejected | - | -",
                "2 | Công đoàn Trường A | accepted | 3 | 2,25",
                "3 | Công đoàn Trường B | accepted | 2 | lỗi",
                "4 | Công đoàn Xã C (chưa báo cáo) | missing | - | -",
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
            "Có 2/4 công đoàn cơ sở báo cáo; 1 đơn vị chưa báo cáo: Công đoàn Xã C; 1 đơn vị có số liệu bị trả lại do sai sót, chưa tính vào tổng hợp: Công đoàn Công ty D."
        );
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
            ("", "CÔNG ĐOÀN NGÀNH GIÁO DỤC", "Ban Thường vụ LĐLĐ P"),
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
        m.totals.insert("nha".into(), json!(6));
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
        m.campaign = json!({"id": "other"});
        let err = report_data(&campaign(), &m, "out/tong-hop.json").unwrap_err();
        assert!(matches!(err, ReportError::OtherCampaign { .. }), "{err}");
    }

    #[test]
    fn freshness_cases() {
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let later = t0 + Duration::from_secs(5);
        let earlier = t0 - Duration::from_secs(5);
        let cases = [
            (None, vec![], Freshness::Missing),
            (Some(t0), vec![], Freshness::Fresh),
            (Some(t0), vec![("a.xlsx", earlier)], Freshness::Fresh),
            (
                Some(t0),
                vec![("b.xlsx", later), ("a.xlsx", earlier), ("c.xlsx", later)],
                Freshness::Stale(vec!["b.xlsx".into(), "c.xlsx".into()]),
            ),
        ];
        for (merged_time, returns, expected) in cases {
            let returns: Vec<(String, SystemTime)> = returns
                .into_iter()
                .map(|(n, t)| (n.to_string(), t))
                .collect();
            assert_eq!(freshness(merged_time, &returns), expected);
        }
    }

    #[test]
    fn stale_and_missing_messages_name_the_fix() {
        let stale = Freshness::Stale(
            [
                "returns/a.xlsx",
                "returns/b.xlsx",
                "returns/c.xlsx",
                "returns/d.xlsx",
            ]
            .map(String::from)
            .to_vec(),
        );
        let err = require_fresh(&stale, "out/tong-hop.json", "dan-van")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "`out/tong-hop.json` is older than `returns/a.xlsx`, `returns/b.xlsx`, `returns/c.xlsx` and 1 more: a return came in after the last merge; run `vanban merge dan-van` again"
        );
        let err = require_fresh(&Freshness::Missing, "out/tong-hop.json", "dan-van")
            .unwrap_err()
            .to_string();
        assert!(err.contains("run `vanban merge dan-van` first"), "{err}");
    }

    #[test]
    fn strict_refuses_errors_and_summary_puts_errors_first() {
        let m = merged();
        let err = check_strict(&m).unwrap_err().to_string();
        assert!(
            err.contains("  returns/b.xlsx › Biểu mẫu › D10: \"Đường\": \"1,2O\" is not a number; not counted"),
            "{err}"
        );
        let summary = summarize_issues(&m);
        assert_eq!(
            summary,
            MergeSummary {
                errors: 1,
                warnings: 1,
                lines: vec![
                    "error: returns/b.xlsx › Biểu mẫu › D10: \"Đường\": \"1,2O\" is not a number; not counted".into(),
                    "warning: returns/a.xlsx › Biểu mẫu › D9: number typed as text \"3\", read as 3".into(),
                ],
                more: 0,
            }
        );
        let mut clean = m.clone();
        clean.issues.retain(|i| !i.is_error());
        assert!(check_strict(&clean).is_ok());
    }

    #[test]
    fn a_merged_file_without_totals_names_the_field() {
        let err = parse_merged("out/tong-hop.json", r#"{"units": []}"#)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("out/tong-hop.json: missing field `totals`"),
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
    fn sample_merge(missing: &[&str], late: &[&str]) -> (Campaign, Merged) {
        let c = Campaign::from_json("campaign.json", crate::campaign::sample::FILES[0].1).unwrap();
        let numeric: Vec<&str> = c
            .reporting
            .indicators
            .iter()
            .filter(|i| i.kind != IndicatorKind::Text)
            .map(|i| i.code.as_str())
            .collect();
        let units: Vec<Value> = c
            .reporting
            .units
            .iter()
            .map(|u| {
                if missing.contains(&u.code.as_str()) {
                    json!({"code": u.code, "status": "missing", "values": {}})
                } else {
                    let values: Map<String, Value> =
                        numeric.iter().map(|k| (k.to_string(), json!(1))).collect();
                    json!({"code": u.code, "status": "accepted", "values": values,
                           "file": format!("returns/{}.xlsx", u.code),
                           "late": late.contains(&u.code.as_str())})
                }
            })
            .collect();
        let count = c.reporting.units.len() - missing.len();
        let totals: Map<String, Value> = numeric
            .iter()
            .map(|k| (k.to_string(), json!(count)))
            .collect();
        let merged = serde_json::from_value(json!({
            "campaign": {"id": c.campaign.id},
            "totals": totals, "units": units, "missing": missing,
        }))
        .unwrap();
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
                &["chưa gửi", "sau hạn"],
            ),
            (
                &["CD03"],
                &[],
                &[
                    "có 39/40 công đoàn cơ sở",
                    "Còn 1 công đoàn cơ sở chưa gửi báo cáo đúng hạn: ",
                ],
                &["Tất cả", "sau hạn"],
            ),
            (
                &[],
                &["CD06"],
                &["có 40/40", "1 công đoàn cơ sở gửi báo cáo sau hạn: "],
                &["Tất cả", "chưa gửi"],
            ),
        ];
        for (missing, late, present, absent) in cases {
            let (c, m) = sample_merge(missing, late);
            let mut data = report_data(&c, &m, "tong-hop.json").unwrap();
            with_body(
                &mut data,
                "bao-cao.txt",
                body,
                &crate::limits::Limits::default(),
            )
            .unwrap();
            let text: Vec<String> = data["body"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["text"].as_str().unwrap().to_string())
                .collect();
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
    fn the_terminal_line_cuts_long_lists() {
        let cases = [
            (
                json!({"so_don_vi_bao_cao": 2, "so_don_vi": 4, "chua_nop": ["A"], "bi_tra_lai": ["B"], "nop_muon": []}),
                "2/4 units reported; not reported: A; returns rejected: B",
            ),
            (
                json!({"so_don_vi_bao_cao": 0, "so_don_vi": 6, "chua_nop": ["A", "B", "C", "D", "E", "F"]}),
                "0/6 units reported; not reported: A, B, C, D and 2 more",
            ),
            (
                json!({"so_don_vi_bao_cao": 3, "so_don_vi": 3, "nop_muon": ["C"]}),
                "3/3 units reported; sent late: C",
            ),
        ];
        for (data, expected) in cases {
            assert_eq!(reporting_line(&data), expected);
        }
    }

    #[test]
    fn reporting_sentence_when_everyone_reported() {
        assert_eq!(
            reporting_sentence(4, 4, &[], &[]),
            "Có 4/4 công đoàn cơ sở báo cáo, tất cả các đơn vị đều đã báo cáo."
        );
    }
}
