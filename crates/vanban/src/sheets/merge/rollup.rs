//! A federation's own tổng hợp taken as its return: the roll-up from district to
//! province (issue 17). A campaign whose roster lists federations (districts, or
//! any sub-federation) takes each one's `tong-hop.xlsx` or `tong-hop.json`, as
//! vanban wrote it, in place of a form:
//!
//! - its figures are its totals, indicator by indicator, the two campaigns'
//!   indicators matched by code;
//! - each total is checked, exactly, against the sum of its own unit rows (and in
//!   the workbook against its "Tổng cộng" row too): a tổng hợp edited by hand
//!   after its merge is rejected, naming the file, sheet and cell;
//! - its units, their statuses and figures are carried up ([`RollUp`]), so the
//!   report above says how many grassroots units its totals stand for and how
//!   many have not reported, and the workbook above can show them.
//!
//! The sender is told by the issuer the tổng hợp names (its title block, or
//! `issuer` in the JSON) against the roster's names, else by a roster code in the
//! file's name.

use std::collections::BTreeMap;

use super::{FileReport, InputFile, check_value, codes, number_arg};
use crate::campaign::model::{IndicatorKind, Unit};
use crate::diagnostic::{Diagnostic, Hint, Severity};
use crate::limits::{Limit, Limits};
use crate::sheets::locate::{CampaignKeys, cell_text};
use crate::sheets::output::{TONGHOP_DETAIL_SHEET, TONGHOP_SHEET, reason_vi, status_vi};
use crate::sheets::read::{Value, Workbook};
use crate::sheets::{a1, text};
use crate::tonghop::{
    self, ByCode, Entry, Figure, RejectReason, RollUp, Source, SubUnit, TongHop, UnitStatus,
};

/// The header of the totals' code column in `tong-hop.xlsx` (the sheet
/// [`TONGHOP_SHEET`], row 6, column F): with the sheets' names, what tells a
/// tổng hợp from a form.
const CODE_HEADER: &str = "Mã chỉ tiêu";
/// The row of that header, from 0.
const HEADER_ROW: u32 = 5;
/// The first cell of the total row of the detail sheet.
const TOTAL_ROW_LABEL: &str = "Tổng cộng";

/// A federation's totals by its indicator code, each with the cell it was read
/// from (in a workbook).
type Totals = BTreeMap<String, (Option<f64>, Option<(u32, u32)>)>;

/// A federation's tổng hợp, whichever file it came in, before it is matched to
/// this campaign.
struct Read {
    /// The sheet its totals were read from (the workbook; `None` for the JSON).
    sheet: Option<String>,
    /// Its totals by its indicator code, with the cell each was read from.
    totals: Totals,
    /// Its units with their figures by its indicator codes.
    units: Vec<SubUnit>,
}

/// True when the bytes are a JSON object (after a byte-order mark and white
/// space): no spreadsheet format starts so.
pub(super) fn looks_like_json(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'{')
}

/// True when the workbook is a `tong-hop.xlsx` vanban wrote: its totals sheet
/// with the code column, and its detail sheet.
pub(super) fn is_tonghop_book(book: &Workbook) -> bool {
    let text_at = |sheet: &str, row, col| {
        book.sheets
            .iter()
            .find(|s| s.name == sheet)
            .and_then(|s| s.get(row, col))
            .and_then(cell_text)
            .map(|(t, _)| t)
    };
    text_at(TONGHOP_SHEET, HEADER_ROW, 5).as_deref() == Some(CODE_HEADER)
        && text_at(TONGHOP_DETAIL_SHEET, 0, 1).as_deref() == Some("Mã đơn vị")
}

/// Reads a `tong-hop.json` into `rep`.
pub(super) fn from_json(
    keys: &CampaignKeys<'_>,
    input: &InputFile,
    limits: &Limits,
    rep: &mut FileReport,
) {
    let bytes = input
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&input.bytes);
    // What is wrong, and where where the text tells (line and column from 1).
    let damaged = |rep: &mut FileReport, problem: &str, (line, column): (usize, usize)| {
        let d = rep
            .at_file(Severity::Error, codes::ROLLUP_JSON)
            .arg("problem", problem)
            .arg("line", line)
            .arg("column", column);
        rep.reject(d);
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return damaged(rep, "encoding", line_and_column(&bytes[..e.valid_up_to()])),
    };
    // serde_json's own reading of a text it refuses, in words a clerk reads.
    let refused = |rep: &mut FileReport, e: &serde_json::Error| {
        let problem = match e.classify() {
            serde_json::error::Category::Eof => "eof",
            serde_json::error::Category::Data => "data",
            _ => "syntax",
        };
        damaged(rep, problem, (e.line(), e.column()));
    };
    match crate::limits::check_json(text, limits) {
        Ok(()) => {}
        Err(crate::limits::DataError::TooManyValues { limit }) => {
            let d = rep
                .at_file(Severity::Error, codes::ROLLUP_TOO_LARGE)
                .arg("limit", limit)
                .hint(Hint::RaiseLimit(Limit::DataValues));
            rep.reject(d);
            return;
        }
        // Not JSON: the parse below stops at the same place and says where (within
        // the count of values just checked, and serde_json's 128 levels).
        Err(crate::limits::DataError::Json(_)) => {}
    }
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return refused(rep, &e),
    };
    if value.get("format").and_then(serde_json::Value::as_str) != Some(tonghop::FORMAT) {
        rep.reject_file(codes::ROLLUP_NOT_TONGHOP);
        return;
    }
    let version = value
        .get("version")
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(0);
    if version > u64::from(tonghop::VERSION) {
        let d = rep
            .at_file(Severity::Error, codes::ROLLUP_NEWER_VERSION)
            .arg("version", version)
            .arg("known", tonghop::VERSION);
        rep.reject(d);
        return;
    }
    let merged: TongHop = match serde_json::from_value(value) {
        Ok(t) => t,
        Err(_) => return damaged(rep, "data", (0, 0)),
    };
    if !sender(keys, &merged.issuer, &merged.campaign.name, rep) {
        return;
    }
    // Its totals against its own unit rows: a tổng hợp edited after its merge.
    for m in merged.mismatched_totals() {
        let d = mismatch(
            rep.at_file(Severity::Error, codes::ROLLUP_TOTAL_MISMATCH),
            &m.indicator.label,
            &m.indicator.code,
            m.stated,
            m.added,
        );
        rep.reject(d);
    }
    if !rep.reasons.is_empty() {
        return;
    }
    let read = Read {
        sheet: None,
        totals: merged
            .indicators
            .iter()
            .map(|i| (i.code.clone(), (merged.totals.get(&i.code).copied(), None)))
            .collect(),
        units: merged
            .units
            .into_iter()
            .map(|u| SubUnit {
                code: u.code,
                name: u.name,
                status: u.status,
                late: u.late,
                values: if u.status.is_accepted() {
                    u.values
                } else {
                    ByCode::new()
                },
            })
            .collect(),
    };
    apply(keys, read, rep);
}

/// Reads a `tong-hop.xlsx` ([`is_tonghop_book`]) into `rep`.
pub(super) fn from_book(keys: &CampaignKeys<'_>, book: &Workbook, rep: &mut FileReport) {
    let (Some(totals), Some(detail)) = (
        book.sheets.iter().find(|s| s.name == TONGHOP_SHEET),
        book.sheets.iter().find(|s| s.name == TONGHOP_DETAIL_SHEET),
    ) else {
        return;
    };
    let text_of = |v: Option<&Value>| v.and_then(cell_text).map(|(t, _)| t).unwrap_or_default();
    // The title block: "TỔNG HỢP SỐ LIỆU: <campaign>", then the issuer.
    let title = text_of(totals.get(0, 0));
    let campaign = title
        .split_once(':')
        .map_or(title.as_str(), |(_, name)| name)
        .trim()
        .to_string();
    let issuer = text_of(totals.get(1, 0)).trim().to_string();
    if !sender(keys, &issuer, &campaign, rep) {
        return;
    }
    // The totals: one row per indicator, its code in F, its total in D.
    let mut order: Vec<(String, String)> = Vec::new();
    let mut sums = Totals::new();
    let mut row = HEADER_ROW + 1;
    loop {
        let code = text_of(totals.get(row, 5)).trim().to_string();
        if code.is_empty() {
            break;
        }
        let label = text_of(totals.get(row, 1));
        let total = match totals.get(row, 3) {
            Some(Value::Number(n)) => Some(*n),
            None => None,
            Some(Value::Text(t)) if t.trim().is_empty() => None,
            Some(_) => {
                unreadable(rep, &totals.name, (row, 3), "total");
                None
            }
        };
        sums.insert(code.clone(), (total, Some((row, 3))));
        order.push((code, label));
        row += 1;
    }
    // The detail: a row per unit, a column per indicator in the same order, then
    // the file and the status; the total row last.
    let n = order.len() as u32;
    for (j, (code, label)) in order.iter().enumerate() {
        if text_of(detail.get(0, 3 + j as u32)) != *label {
            let d = rep
                .at_cell(
                    Severity::Error,
                    codes::ROLLUP_LAYOUT,
                    &detail.name,
                    Some((0, 3 + j as u32)),
                )
                .arg("indicator", label)
                .arg("indicator_code", code);
            rep.reject(d);
            return;
        }
    }
    let statuses: Vec<(&str, UnitStatus, bool)> = [
        UnitStatus::Accepted,
        UnitStatus::Blank,
        UnitStatus::Rejected,
        UnitStatus::Missing,
    ]
    .into_iter()
    .flat_map(|s| {
        [
            (status_vi(s, false), s, false),
            (status_vi(s, true), s, true),
        ]
    })
    .collect();
    let mut units = Vec::new();
    let mut total_row = None;
    let last = detail.cells.last().map_or(0, |c| c.row);
    for r in 1..=last {
        let first = text_of(detail.get(r, 0));
        if first.trim() == TOTAL_ROW_LABEL {
            total_row = Some(r);
            break;
        }
        let code = text_of(detail.get(r, 1)).trim().to_string();
        if code.is_empty() {
            continue;
        }
        let status_text = text_of(detail.get(r, 4 + n));
        let Some(&(_, status, late)) = statuses.iter().find(|(t, ..)| *t == status_text.trim())
        else {
            unreadable(rep, &detail.name, (r, 4 + n), "status");
            continue;
        };
        let mut values = ByCode::with_capacity(order.len());
        if status.is_accepted() {
            for (j, (code, _)) in order.iter().enumerate() {
                let entry = match detail.get(r, 3 + j as u32) {
                    Some(Value::Number(x)) => Entry::Counted {
                        value: Figure::Number(*x),
                    },
                    Some(v) => match text_of(Some(v)) {
                        t if t.is_empty() => Entry::Missing,
                        t => match RejectReason::ALL.iter().find(|r| reason_vi(**r) == t) {
                            Some(reason) => Entry::Rejected { reason: *reason },
                            None => Entry::Counted {
                                value: Figure::Text(t),
                            },
                        },
                    },
                    None => Entry::Missing,
                };
                values.insert(code.clone(), entry);
            }
        }
        units.push(SubUnit {
            code,
            name: text_of(detail.get(r, 2)),
            status,
            late,
            values,
        });
    }
    // Each total against the unit rows, and against the total row.
    for ind in &keys.campaign.reporting.indicators {
        if ind.kind == IndicatorKind::Text {
            continue;
        }
        let Some(j) = order.iter().position(|(c, _)| *c == ind.code) else {
            continue;
        };
        let col = 3 + j as u32;
        let figures = units.iter().filter_map(|u| match u.values.get(&ind.code) {
            Some(Entry::Counted {
                value: Figure::Number(x),
            }) => Some(*x),
            _ => None,
        });
        let added = tonghop::exact_total(ind.kind, figures);
        let stated_cells = [(totals, sums[&ind.code].0, sums[&ind.code].1)]
            .into_iter()
            .chain(total_row.map(|r| {
                let v = match detail.get(r, col) {
                    Some(Value::Number(x)) => Some(*x),
                    _ => None,
                };
                (detail, v, Some((r, col)))
            }));
        for (sheet, stated, cell) in stated_cells {
            let stated = stated.unwrap_or(0.0);
            let same = added.is_some_and(|a| {
                tonghop::exact_total(ind.kind, [a]) == tonghop::exact_total(ind.kind, [stated])
            });
            if !same {
                let d = mismatch(
                    rep.at_cell(
                        Severity::Error,
                        codes::ROLLUP_TOTAL_MISMATCH,
                        &sheet.name,
                        cell,
                    ),
                    &ind.label,
                    &ind.code,
                    stated,
                    added.unwrap_or(f64::NAN),
                );
                rep.reject(d);
            }
        }
    }
    if !rep.reasons.is_empty() {
        return;
    }
    let read = Read {
        sheet: Some(totals.name.clone()),
        totals: sums,
        units,
    };
    apply(keys, read, rep);
}

/// A cell of the tổng hợp that holds what no merge writes there (`what`: `total`
/// or `status`): the file was edited; rejected.
/// The line and column (from 1) just after `before`, the text read so far.
fn line_and_column(before: &[u8]) -> (usize, usize) {
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = 1 + String::from_utf8_lossy(&before[start..]).chars().count();
    (line, column)
}

fn unreadable(rep: &mut FileReport, sheet: &str, cell: (u32, u32), what: &str) {
    let d = rep
        .at_cell(Severity::Error, codes::ROLLUP_CELL, sheet, Some(cell))
        .arg("what", what);
    rep.reject(d);
}

fn mismatch(d: Diagnostic, label: &str, code: &str, stated: f64, added: f64) -> Diagnostic {
    d.arg("indicator", label)
        .arg("indicator_code", code)
        .arg("stated", number_arg(stated))
        .arg("added", number_arg(added))
}

/// A federation's name as a key: loose (no case, no diacritics), the common
/// abbreviations spelt out, so "LĐLĐ huyện Châu Thành" on the roster finds
/// "LIÊN ĐOÀN LAO ĐỘNG HUYỆN CHÂU THÀNH" in the tổng hợp's title block.
fn federation_key(name: &str) -> String {
    let key = text::loose_key(name);
    key.split_whitespace()
        .map(|w| match w {
            "ldld" => "lien doan lao dong",
            "cd" => "cong doan",
            "cdcs" => "cong doan co so",
            w => w,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Tells which roster unit sent the tổng hợp of `campaign` by `issuer` into
/// `rep` (its unit, how it was told); `false`, the file rejected, when it cannot be told.
fn sender(keys: &CampaignKeys<'_>, issuer: &str, campaign: &str, rep: &mut FileReport) -> bool {
    rep.own_form = true;
    let units: &[Unit] = &keys.campaign.reporting.units;
    let issuer_key = federation_key(issuer);
    let by_issuer = (!issuer_key.is_empty())
        .then(|| {
            units
                .iter()
                .position(|u| federation_key(&u.name) == issuer_key)
        })
        .flatten();
    let index = match by_issuer {
        Some(i) => {
            rep.matched.push(format!(
                "tổng hợp of `{campaign}` by `{issuer}`, issuer named on the roster"
            ));
            i
        }
        None => match crate::sheets::locate::unit_in_file_name(keys, &rep.file) {
            Some(i) => {
                rep.matched.push(format!(
                    "tổng hợp of `{campaign}` by `{issuer}`, code `{}` in the file name",
                    units[i].code
                ));
                i
            }
            None => {
                let d = rep
                    .at_file(Severity::Error, codes::ROLLUP_SENDER_UNKNOWN)
                    .arg("issuer", issuer);
                rep.reject(d);
                return false;
            }
        },
    };
    rep.unit = Some(units[index].code.clone());
    true
}

/// Matches the indicators by code and checks the totals as
/// figures of this campaign.
fn apply(keys: &CampaignKeys<'_>, read: Read, rep: &mut FileReport) {
    let campaign = keys.campaign;
    for ind in &campaign.reporting.indicators {
        let Some(&(total, cell)) = read.totals.get(&ind.code) else {
            rep.indicator_missing(ind, None);
            continue;
        };
        if ind.kind == IndicatorKind::Text {
            // A tổng hợp has no total of a text; its units' texts are carried up.
            rep.values.insert(ind.code.clone(), Entry::Missing);
            continue;
        }
        // Where the total was read: the workbook's cell, or the JSON file.
        let at = |rep: &FileReport, severity, code| {
            let d = match &read.sheet {
                Some(sheet) => rep.at_cell(severity, code, sheet, cell),
                None => rep.at_file(severity, code),
            };
            d.arg("indicator", &ind.label)
                .arg("indicator_code", &ind.code)
        };
        let value = total.map(Value::Number);
        match check_value(ind, value.as_ref()) {
            super::Checked::Empty => {
                rep.values.insert(ind.code.clone(), Entry::Missing);
            }
            super::Checked::Ok(figure, _) => {
                rep.values
                    .insert(ind.code.clone(), Entry::Counted { value: figure });
            }
            super::Checked::Bad(reason, args) => {
                let d = args
                    .into_iter()
                    .fold(at(rep, Severity::Error, reason.code()), |d, (n, v)| {
                        d.arg(n, v)
                    });
                rep.issues.push(d);
                rep.values
                    .insert(ind.code.clone(), Entry::Rejected { reason });
            }
        }
        if let (Some(sheet), Some((r, c))) = (&read.sheet, cell) {
            let source = Source {
                sheet: sheet.clone(),
                cell: a1(r, c),
            };
            rep.source_at(&ind.code, source);
        }
    }
    // Its units, their figures by this campaign's codes only.
    let sub_units: Vec<SubUnit> = read
        .units
        .into_iter()
        .map(|mut u| {
            u.values.retain(|code, _| {
                campaign
                    .reporting
                    .indicators
                    .iter()
                    .any(|i| i.code == *code)
            });
            u
        })
        .collect();
    let units_reported = sub_units.iter().filter(|u| u.status.is_accepted()).count();
    let reported = campaign
        .reporting
        .indicators
        .iter()
        .map(|ind| {
            let n = sub_units
                .iter()
                .filter(|u| u.status.is_accepted())
                .filter(|u| matches!(u.values.get(&ind.code), Some(Entry::Counted { .. })))
                .count();
            (ind.code.clone(), n)
        })
        .collect();
    if units_reported == 0 {
        // Nothing reported below it: its zeros are no figures.
        for entry in rep.values.values_mut() {
            *entry = Entry::Missing;
        }
        rep.sources = Default::default();
    }
    rep.rollup = Some(RollUp {
        units_total: sub_units.len(),
        units_reported,
        reported,
        units: sub_units,
    });
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chrono::NaiveDate;

    use crate::campaign::model::Campaign;
    use crate::folder::{Folder, MemoryFolder};
    use crate::limits::Limits;
    use crate::sheets::forms::{self as f, FillValue, FormOptions};
    use crate::sheets::merge::{InProcess, Sequential, codes};
    use crate::tonghop::{Entry, FileStatus, TongHop, UnitStatus};
    use crate::workflow::{MergeOptions, merge, paths};

    /// The sample campaign with `units` units, issued by `issuer`, roster codes
    /// prefixed by `prefix`.
    fn campaign(id: &str, issuer: &str, units: &[(&str, &str)]) -> Campaign {
        let mut c = f::sample::campaign(units.len());
        c.campaign.id = id.to_string();
        c.issuer.name = issuer.to_string();
        for (u, (code, name)) in c.reporting.units.iter_mut().zip(units) {
            u.code = code.to_string();
            u.name = name.to_string();
        }
        c
    }

    fn merged(folder: &MemoryFolder) -> TongHop {
        let out = merge(
            folder,
            MergeOptions {
                limits: Limits::default(),
                reader: &InProcess,
                sent_at: BTreeMap::new(),
                merged_on: NaiveDate::from_ymd_opt(2017, 7, 28),
                scratch: None,
                workers: &Sequential,
                word: &|d| d.to_string(),
                output_xlsx: paths::TONGHOP_XLSX.to_string(),
                output_json: paths::TONGHOP_JSON.to_string(),
                progress: &mut |_, _| {},
            },
        );
        out.output.expect("merged").tonghop
    }

    fn folder_of(c: &Campaign) -> MemoryFolder {
        let folder = MemoryFolder::new();
        folder.put("campaign.json", serde_json::to_vec_pretty(c).unwrap(), None);
        folder
    }

    /// A district: its units' forms, filled but for every fifth unit (which sends
    /// nothing), merged. Returns the folder and the sum of the forms' figures.
    fn district(c: &Campaign, seed: usize) -> (MemoryFolder, BTreeMap<String, f64>) {
        let folder = folder_of(c);
        let mut sums: BTreeMap<String, f64> = BTreeMap::new();
        for (i, unit) in c.reporting.units.iter().enumerate() {
            if i % 5 == 4 {
                continue;
            }
            let k = (i + seed) as f64;
            let figures = [
                ("nha_mai_am", k % 3.0),
                ("duong_giao_thong", k * 0.25),
                ("kinh_phi", 1_000.0 * k),
                ("luot_nguoi", 7.0 * k + 1.0),
            ];
            for (code, v) in figures {
                *sums.entry(code.to_string()).or_default() += v;
            }
            let options = FormOptions {
                values: figures
                    .iter()
                    .map(|(code, v)| (code.to_string(), FillValue::Number(*v)))
                    .collect(),
                filled_on: NaiveDate::from_ymd_opt(2017, 7, 20),
            };
            let bytes = f::build_form_with(c, unit, &options).unwrap();
            folder.put(&format!("returns/{}", f::form_file_name(unit)), bytes, None);
        }
        merged(&folder);
        (folder, sums)
    }

    fn units(prefix: &str, n: usize) -> Vec<(String, String)> {
        (1..=n)
            .map(|i| {
                (
                    format!("{prefix}{i:02}"),
                    format!("Công đoàn cơ sở {prefix} số {i}"),
                )
            })
            .collect()
    }

    fn refs(v: &[(String, String)]) -> Vec<(&str, &str)> {
        v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
    }

    /// A province whose deadline falls after the districts' reports.
    fn province() -> Campaign {
        let mut p = province_roster();
        p.reporting.deadline.0 = NaiveDate::from_ymd_opt(2017, 8, 10).unwrap();
        p.report.date.0 = NaiveDate::from_ymd_opt(2017, 8, 15).unwrap();
        p
    }

    fn province_roster() -> Campaign {
        campaign(
            "dan-van-2017-tinh",
            "LIÊN ĐOÀN LAO ĐỘNG TỈNH TÂY NINH",
            &[
                ("H01", "LĐLĐ huyện Châu Thành"),
                ("H02", "Liên đoàn Lao động huyện Bến Cầu"),
                ("H03", "LĐLĐ huyện Gò Dầu"),
            ],
        )
    }

    /// Two districts' campaigns merged from their forms, rolled up into a
    /// province whose roster lists three districts: one sends its
    /// `tong-hop.xlsx` (told by the issuer in its title block), one its
    /// `tong-hop.json` (told by its file name), one nothing. The province's
    /// totals are the sum of every unit's form; the districts' units are carried
    /// up with those not reported.
    #[test]
    fn two_districts_roll_up_into_a_province_whose_totals_are_the_sum_of_all_forms() {
        let a_units = units("A", 12);
        let b_units = units("B", 9);
        let a = campaign(
            "dan-van-2017-ct",
            "LIÊN ĐOÀN LAO ĐỘNG HUYỆN CHÂU THÀNH",
            &refs(&a_units),
        );
        let b = campaign("dan-van-2017-bc", "LĐLĐ HUYỆN BẾN CẦU", &refs(&b_units));
        let (a_folder, a_sums) = district(&a, 1);
        let (b_folder, b_sums) = district(&b, 100);
        let p = province();
        let folder = folder_of(&p);
        folder.put(
            "returns/tong-hop.xlsx",
            a_folder.read(paths::TONGHOP_XLSX).unwrap(),
            None,
        );
        folder.put(
            "returns/H02.json",
            b_folder.read(paths::TONGHOP_JSON).unwrap(),
            None,
        );
        let t = merged(&folder);
        assert_eq!(t.summary.errors, 0, "{:#?}", t.issues);
        for ind in &p.reporting.indicators {
            let Some(total) = t.totals.get(&ind.code) else {
                continue;
            };
            let expected = a_sums.get(&ind.code).copied().unwrap_or(0.0)
                + b_sums.get(&ind.code).copied().unwrap_or(0.0);
            assert!(
                (total - expected).abs() < 1e-9,
                "{}: {total} against {expected}",
                ind.code
            );
        }
        assert!(t.totals["kinh_phi"] > 0.0);
        let h01 = t.unit("H01").unwrap();
        assert_eq!(h01.status, UnitStatus::Accepted);
        assert_eq!(h01.file.as_deref(), Some("returns/tong-hop.xlsx"));
        let h01_up = h01.rollup.as_ref().unwrap();
        assert_eq!((h01_up.units_total, h01_up.units_reported), (12, 10));
        assert_eq!(h01_up.units[0].code, "A01");
        let h02 = t.unit("H02").unwrap();
        let h02_up = h02.rollup.as_ref().unwrap();
        assert_eq!((h02_up.units_total, h02_up.units_missing()), (9, 1));
        assert_eq!(t.unit("H03").unwrap().status, UnitStatus::Missing);
        let up = t.rolled_up().unwrap();
        assert_eq!((up.units_total, up.units_reported), (21, 18));
        assert_eq!(up.reported["luot_nguoi"], 18);
        assert_eq!(t.missing, vec!["H03".to_string()]);
        // The province's own tổng hợp reads back the same (JSON) and its workbook
        // holds the districts' units under each district.
        let back: TongHop =
            serde_json::from_slice(&folder.read(paths::TONGHOP_JSON).unwrap()).unwrap();
        assert_eq!(back.unit("H02").unwrap().rollup, h02.rollup);

        // The province's workbook: each district's units under it.
        let xlsx = folder.read(paths::TONGHOP_XLSX).unwrap();
        let mut wb: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
        use calamine::Reader;
        let rows: Vec<Vec<String>> = wb
            .worksheet_range(crate::sheets::output::ROLLUP_SHEET)
            .unwrap()
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        let title: Vec<String> = wb
            .worksheet_range(crate::sheets::output::TONGHOP_SHEET)
            .unwrap()
            .rows()
            .take(5)
            .map(|r| r[0].to_string())
            .collect();
        assert!(
            title[4].starts_with("Số liệu của các đơn vị đã nộp gồm 18/21 đơn vị trực thuộc; 3 đơn vị trực thuộc chưa có số liệu"),
            "{title:?}"
        );
        // The header, 3 districts, 10 + 9 units (those sent and those not).
        assert_eq!(rows.len(), 1 + 3 + 12 + 9, "{rows:?}");
        let h01_row = rows.iter().position(|r| r[1] == "H01").unwrap();
        assert!(
            rows[h01_row].last().unwrap().contains("10/12"),
            "{:?}",
            rows[h01_row]
        );
        assert_eq!(rows[h01_row + 1][1], "A01");
        assert_eq!(rows[h01_row + 5][rows[h01_row + 5].len() - 1], "Chưa nộp");
        let h03_row = rows.iter().position(|r| r[1] == "H03").unwrap();
        assert_eq!(rows[h03_row].last().unwrap(), "Chưa nộp");

        // The report says what the totals stand for, where they are printed.
        let data = crate::campaign::report::report_data(&p, &t, "out/tong-hop.json").unwrap();
        let sentence = data["tinh_hinh_bao_cao"].as_str().unwrap();
        assert!(
            sentence.starts_with(
                "Có 2/3 đơn vị báo cáo đúng hạn; 1 đơn vị chưa nộp báo cáo: LĐLĐ huyện Gò Dầu."
            ),
            "{sentence}"
        );
        assert!(
            sentence.ends_with(" Số liệu tổng hợp gồm báo cáo của 18/21 đơn vị trực thuộc các đơn vị đã nộp; 3 đơn vị trực thuộc chưa có số liệu (LĐLĐ huyện Châu Thành: 2; Liên đoàn Lao động huyện Bến Cầu: 1)."),
            "{sentence}"
        );
        assert_eq!(
            data["ghi_chu"]["luot_nguoi"],
            " (số liệu của 18/21 đơn vị trực thuộc)"
        );
        assert_eq!(data["truc_thuoc"]["so_don_vi_chua_co_so_lieu"], 3);
        assert!(
            data["appendix"]["title"]
                .as_str()
                .unwrap()
                .ends_with("CỦA CÁC ĐƠN VỊ")
        );
    }

    /// A district's tổng hợp edited after its merge (a total that is not its units'
    /// sum) is rejected, naming the file (and in a workbook the sheet and cell).
    #[test]
    fn a_district_total_that_is_not_the_sum_of_its_units_is_an_error_naming_the_file() {
        let a_units = units("A", 6);
        let a = campaign(
            "dan-van-2017-ct",
            "LIÊN ĐOÀN LAO ĐỘNG HUYỆN CHÂU THÀNH",
            &refs(&a_units),
        );
        let (a_folder, _) = district(&a, 3);
        let mut edited: TongHop =
            serde_json::from_slice(&a_folder.read(paths::TONGHOP_JSON).unwrap()).unwrap();
        *edited.totals.get_mut("luot_nguoi").unwrap() += 1.0;
        let xlsx = crate::sheets::output::write(&a, &edited, &|d| d.to_string()).unwrap();
        let p = province();
        let folder = folder_of(&p);
        folder.put(
            "returns/H01.json",
            serde_json::to_vec(&edited).unwrap(),
            None,
        );
        folder.put("returns/H01 (2).xlsx", xlsx, None);
        let t = merged(&folder);
        let found: Vec<(&str, String)> = t
            .issues
            .iter()
            .filter(|d| d.code == codes::ROLLUP_TOTAL_MISMATCH)
            .map(|d| {
                (
                    d.location.file_name().unwrap_or(""),
                    format!("{:?}", d.location),
                )
            })
            .collect();
        // The totals sheet's cell and the detail's total row (written from the
        // edited totals), and the JSON.
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found.iter().any(|(f, _)| *f == "returns/H01.json"));
        assert!(
            found
                .iter()
                .any(|(_, at)| at.contains("returns/H01 (2).xlsx")
                    && at.contains("Tổng hợp")
                    && at.contains("D10")),
            "{found:?}"
        );
        assert!(t.files.iter().all(|f| f.status == FileStatus::Rejected));
        assert_eq!(t.unit("H01").unwrap().status, UnitStatus::Rejected);
        assert!(t.totals.values().all(|v| *v == 0.0));
    }

    /// What is not a tổng hợp is said so; a tổng hợp whose sender cannot be told
    /// is refused naming the issuer it names; a province indicator the district
    /// lacks is missing, said at the file.
    #[test]
    fn a_return_that_is_no_tonghop_or_from_no_roster_unit_is_refused() {
        let a_units = units("A", 3);
        let a = campaign("ct", "LĐLĐ HUYỆN TÂN BIÊN", &refs(&a_units));
        let (a_folder, _) = district(&a, 0);
        let mut p = province();
        p.reporting.indicators[0].code = "nha_moi".into();
        let folder = folder_of(&p);
        folder.put("returns/ghi-chu.json", b"{\"a\": 1}".to_vec(), None);
        folder.put(
            "returns/x.json",
            a_folder.read(paths::TONGHOP_JSON).unwrap(),
            None,
        );
        folder.put(
            "returns/H03.json",
            a_folder.read(paths::TONGHOP_JSON).unwrap(),
            None,
        );
        let t = merged(&folder);
        let codes_of = |file: &str| -> Vec<String> {
            t.issues
                .iter()
                .filter(|d| d.location.file_name() == Some(file))
                .map(|d| d.code.clone())
                .collect()
        };
        assert_eq!(
            codes_of("returns/ghi-chu.json"),
            vec![codes::ROLLUP_NOT_TONGHOP]
        );
        assert_eq!(
            codes_of("returns/x.json"),
            vec![codes::ROLLUP_SENDER_UNKNOWN]
        );
        assert_eq!(
            codes_of("returns/H03.json"),
            vec![codes::INDICATOR_NOT_FOUND]
        );
        let h03 = t.unit("H03").unwrap();
        assert_eq!(h03.values["nha_moi"], Entry::Missing);
        assert!(matches!(h03.values["luot_nguoi"], Entry::Counted { .. }));
    }

    /// Hostile `tong-hop.json`: nested past serde's depth, more values than the
    /// limit, not UTF-8, a shape that is no tổng hợp, an absurd total: each is
    /// that file's rejection, named, and the merge goes on.
    #[test]
    fn hostile_tonghop_json_is_rejected_file_by_file() {
        let p = province();
        let folder = folder_of(&p);
        let deep = format!(
            "{{\"format\": \"vanban/tong-hop\", \"x\": {}{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        folder.put("returns/H01.json", deep.into_bytes(), None);
        let many = format!(
            "{{\"format\": \"vanban/tong-hop\", \"x\": [{}0]}}",
            "0,".repeat(2_000_000)
        );
        folder.put("returns/H02.json", many.into_bytes(), None);
        folder.put("returns/H03.json", b"{\xff\xfe}".to_vec(), None);
        // Cut off on its third line.
        folder.put(
            "returns/H02 (2).json",
            b"{\"format\": \"vanban/tong-hop\",\n\"version\": 2,\n\"units\": [".to_vec(),
            None,
        );
        folder.put(
            "returns/H01 (2).json",
            br#"{"format": "vanban/tong-hop", "version": 2, "totals": 5}"#.to_vec(),
            None,
        );
        let a_units = units("A", 2);
        let a = campaign("ct", "LĐLĐ HUYỆN GÒ DẦU", &refs(&a_units));
        let (a_folder, _) = district(&a, 0);
        let mut absurd: TongHop =
            serde_json::from_slice(&a_folder.read(paths::TONGHOP_JSON).unwrap()).unwrap();
        for u in &mut absurd.units {
            if let Some(Entry::Counted { value }) = u.values.get_mut("luot_nguoi") {
                *value = crate::tonghop::Figure::Number(1e300);
            }
        }
        absurd.totals.insert("luot_nguoi".into(), 2e300);
        folder.put(
            "returns/H03 (2).json",
            serde_json::to_vec(&absurd).unwrap(),
            None,
        );
        let t = merged(&folder);
        let code_of = |file: &str| -> Vec<&str> {
            t.issues
                .iter()
                .filter(|d| d.location.file_name() == Some(file))
                .map(|d| d.code.as_str())
                .collect()
        };
        assert_eq!(code_of("returns/H01.json"), vec![codes::ROLLUP_JSON]);
        assert_eq!(code_of("returns/H02.json"), vec![codes::ROLLUP_TOO_LARGE]);
        assert_eq!(code_of("returns/H03.json"), vec![codes::ROLLUP_JSON]);
        assert_eq!(code_of("returns/H01 (2).json"), vec![codes::ROLLUP_JSON]);
        assert_eq!(code_of("returns/H02 (2).json"), vec![codes::ROLLUP_JSON]);
        // What is wrong and where, for the clerk's words (no reader's English).
        let said = |file: &str| -> Vec<String> {
            let d = t
                .issues
                .iter()
                .find(|d| d.location.file_name() == Some(file))
                .unwrap();
            d.arguments
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect()
        };
        assert_eq!(
            said("returns/H03.json"),
            ["problem=encoding", "line=1", "column=2"]
        );
        assert_eq!(
            said("returns/H02 (2).json"),
            ["problem=eof", "line=3", "column=10"]
        );
        assert_eq!(
            said("returns/H01 (2).json"),
            ["problem=data", "line=0", "column=0"]
        );
        assert_eq!(said("returns/H01.json")[0], "problem=syntax");
        // 1e300 cannot be added exactly: the file is refused, not summed.
        assert_eq!(
            code_of("returns/H03 (2).json"),
            vec![codes::ROLLUP_TOTAL_MISMATCH]
        );
        assert!(t.files.iter().all(|f| f.status == FileStatus::Rejected));
        assert!(!t.totals.contains_key("luot_nguoi") || t.totals["luot_nguoi"] < 1e15);
    }
}
