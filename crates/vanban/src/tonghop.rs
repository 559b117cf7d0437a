//! The tổng hợp (`tong-hop.json`): the merged figures of a campaign, as one type.
//!
//! [`TongHop`] is the one definition of the merge's result: the merge
//! ([`crate::sheets::merge`]) builds it, `tong-hop.json` is it serialized, the
//! workbook writer ([`crate::sheets::output`]) and the report
//! ([`crate::campaign::report`]) read it. Every figure carries its status
//! ([`Entry`]: counted, rejected with a reason code, missing), every problem is a
//! [`Diagnostic`]; nothing downstream decides anything from a message's text.
//!
//! Owns the exact arithmetic of totals ([`exact_total`], [`TongHop::mismatched_totals`])
//! so the merge and the report add up the same way. Pure data: no wording, no I/O.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::campaign::model::{CampaignInfo, Indicator, IndicatorKind};
use crate::diagnostic::{Diagnostic, Severity};
use crate::sheets::read::Format;

mod by_code;
pub use by_code::ByCode;

/// Where each figure of a return was read, by indicator code: one map shared by
/// every return of the same layout (at 20,000 returns of one form, one map
/// instead of 20,000 equal ones).
pub type Sources = std::sync::Arc<ByCode<Source>>;

/// The value of `format` in `tong-hop.json`.
pub const FORMAT: &str = "vanban/tong-hop";

/// The version of the shape; 2 since values carry their status and problems are
/// diagnostics (version 1 had bare values and worded messages).
pub const VERSION: u32 = 2;

/// `tong-hop.json`: everything the merge learnt, in one value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TongHop {
    /// Always [`FORMAT`].
    pub format: String,
    /// The shape's version ([`VERSION`]).
    pub version: u32,
    /// The campaign merged (to catch a merge of another campaign copied in).
    pub campaign: CampaignInfo,
    /// The body that merged it (the campaign's issuer): a federation above it that
    /// takes this tổng hợp as a return tells the sender by it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub issuer: String,
    /// The deadline for returns, `YYYY-MM-DD`.
    pub deadline: String,
    /// The campaign's indicators ("chỉ tiêu"), in campaign order.
    pub indicators: Vec<Indicator>,
    /// Each numeric indicator's total over the units whose figures are used, by
    /// indicator code; added exactly ([`exact_total`]).
    #[serde(with = "numbers")]
    pub totals: BTreeMap<String, f64>,
    /// How many units gave a counted figure, by indicator code.
    pub reported: BTreeMap<String, usize>,
    /// Every roster unit, in Vietnamese name order, with its status and figures.
    pub units: Vec<UnitEntry>,
    /// Codes of the roster units whose figures are not used (nothing sent, every
    /// file rejected, or only a blank form), in the order of `units`.
    pub missing: Vec<String>,
    /// Every file read, in input order, and what became of it.
    pub files: Vec<FileEntry>,
    /// Every problem found, file by file in input order.
    pub issues: Vec<Diagnostic>,
    /// The counts, for a glance.
    pub summary: Summary,
    /// The run that wrote this tổng hợp: a hash of its content, written in
    /// `tong-hop.xlsx` too (a document property), so the report can tell a whole
    /// pair from one a killed run left half replaced. Empty before it is written.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub run: String,
}

/// What became of a roster unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitStatus {
    /// Its file was used as is.
    Accepted,
    /// Its file was used; some values or facts need a look.
    AcceptedWithWarnings,
    /// It sent files, all rejected: no figures used ("số liệu bị trả lại").
    Rejected,
    /// Its file has no figure entered ("biểu trống"): an untouched form sent back.
    /// Not reported.
    Blank,
    /// It sent nothing ("chưa nộp").
    Missing,
}

impl UnitStatus {
    /// True when the unit's figures are in the totals.
    pub fn is_accepted(self) -> bool {
        matches!(
            self,
            UnitStatus::Accepted | UnitStatus::AcceptedWithWarnings
        )
    }
}

/// One roster unit in the tổng hợp.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitEntry {
    /// The unit's code on the roster (`CD01`).
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its group ("khối").
    #[serde(default)]
    pub group: String,
    /// What became of it.
    pub status: UnitStatus,
    /// The file its figures come from, when one was used.
    #[serde(default)]
    pub file: Option<String>,
    /// When that file was last saved, as the file records it (`YYYY-MM-DDTHH:MM:SS`).
    #[serde(default)]
    pub filled_at: Option<String>,
    /// Whether the return came after the deadline ("nộp muộn").
    #[serde(default)]
    pub late: bool,
    /// Each indicator's figure with its status, by indicator code; empty when no
    /// file was used.
    #[serde(default)]
    pub values: ByCode<Entry>,
    /// Where each figure (counted or rejected) was read, by indicator code. Units
    /// whose forms have the same layout share one map ([`Sources`]).
    #[serde(default)]
    pub sources: Sources,
    /// When the unit is a federation whose return was its own tổng hợp (a roll-up):
    /// what that tổng hợp said of its units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollup: Option<RollUp>,
}

/// What a federation's own tổng hợp, taken as its return (a roll-up from district
/// to province), said of its units: carried up so the report above can say how
/// many grassroots units its totals stand for and how many have not reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RollUp {
    /// Units on its roster.
    pub units_total: usize,
    /// Of those, units whose figures it used.
    pub units_reported: usize,
    /// How many of its units gave a counted figure, by this campaign's indicator code.
    #[serde(default)]
    pub reported: BTreeMap<String, usize>,
    /// Its units, in its order, with their figures by this campaign's indicator code.
    #[serde(default)]
    pub units: Vec<SubUnit>,
}

impl RollUp {
    /// Units on its roster whose figures it did not use.
    pub fn units_missing(&self) -> usize {
        self.units_total.saturating_sub(self.units_reported)
    }
}

/// One unit of a rolled-up federation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubUnit {
    /// Its code on the federation's roster.
    pub code: String,
    /// Its name.
    pub name: String,
    /// What became of it there.
    pub status: UnitStatus,
    /// Whether its return came late there.
    #[serde(default)]
    pub late: bool,
    /// Its figures, by this campaign's indicator code.
    #[serde(default)]
    pub values: ByCode<Entry>,
}

/// The grassroots units a roll-up's totals stand for, over every federation whose
/// tổng hợp is used ([`TongHop::rolled_up`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RolledUp {
    /// Units on the federations' rosters.
    pub units_total: usize,
    /// Of those, units whose figures are in the totals.
    pub units_reported: usize,
    /// How many gave a counted figure, by indicator code.
    pub reported: BTreeMap<String, usize>,
}

/// A figure a unit reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Figure {
    /// A checked number (written without `.0` when whole).
    Number(#[serde(with = "number")] f64),
    /// Free text (text indicators).
    Text(String),
}

/// One indicator's figure of one unit, with its status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Entry {
    /// Checked and counted in the totals.
    Counted {
        /// The figure.
        value: Figure,
    },
    /// Present but unusable; not counted. The diagnostic in [`TongHop::issues`] at
    /// the same cell says more.
    Rejected {
        /// Why.
        reason: RejectReason,
    },
    /// No figure (a blank cell, or the indicator not found).
    Missing,
}

/// Why a figure was not counted. Each reason is the last part of its diagnostic's
/// code ([`RejectReason::code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    /// Text that does not read as a number.
    NotANumber,
    /// TRUE or FALSE.
    Boolean,
    /// A date where a number belongs.
    Date,
    /// The cell shows a spreadsheet error (`#DIV/0!`).
    ErrorCell,
    /// A formula without a saved result.
    Uncalculated,
    /// Infinite or not a number.
    NotFinite,
    /// Below zero.
    Negative,
    /// A count with a fraction.
    NotWhole,
    /// Money with a fraction of a đồng.
    FractionOfDong,
    /// At or above the indicator's plausibility limit ([`Indicator::limit`]).
    OutOfRange,
    /// A text longer than a spreadsheet cell holds (32,767 characters).
    TooLong,
    /// The file gives the figure's cell twice: which is meant cannot be told.
    DuplicateCell,
}

impl RejectReason {
    /// Every reason.
    pub const ALL: [RejectReason; 12] = [
        RejectReason::NotANumber,
        RejectReason::Boolean,
        RejectReason::Date,
        RejectReason::ErrorCell,
        RejectReason::Uncalculated,
        RejectReason::NotFinite,
        RejectReason::Negative,
        RejectReason::NotWhole,
        RejectReason::FractionOfDong,
        RejectReason::OutOfRange,
        RejectReason::TooLong,
        RejectReason::DuplicateCell,
    ];

    /// The code of the diagnostic that reports it (`merge.value.not_a_number`).
    pub fn code(self) -> &'static str {
        match self {
            RejectReason::NotANumber => "merge.value.not_a_number",
            RejectReason::Boolean => "merge.value.boolean",
            RejectReason::Date => "merge.value.date",
            RejectReason::ErrorCell => "merge.value.error_cell",
            RejectReason::Uncalculated => "merge.value.uncalculated",
            RejectReason::NotFinite => "merge.value.not_finite",
            RejectReason::Negative => "merge.value.negative",
            RejectReason::NotWhole => "merge.value.not_whole",
            RejectReason::FractionOfDong => "merge.value.fraction_of_dong",
            RejectReason::OutOfRange => "merge.value.out_of_range",
            RejectReason::TooLong => "merge.value.too_long",
            RejectReason::DuplicateCell => "merge.cell.duplicate",
        }
    }
}

/// Where a figure was read: sheet › cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The sheet.
    pub sheet: String,
    /// The cell, A1.
    pub cell: String,
}

/// What became of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    /// Used as is.
    Accepted,
    /// Used; some values or facts need a look.
    AcceptedWithWarnings,
    /// Not used; the reasons say why.
    Rejected,
    /// Read, but no figure is entered ("biểu trống"): not a return.
    Blank,
}

/// One returned file in the tổng hợp.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileEntry {
    /// The file: its path in the campaign folder, with `/` (`returns/CD01.xlsx`),
    /// the same however the folder was named on the command line.
    pub file: String,
    /// What became of it.
    pub status: FileStatus,
    /// The roster unit it belongs to, when known.
    #[serde(default)]
    pub unit: Option<String>,
    /// Its real format, when recognised.
    #[serde(default)]
    pub format: Option<Format>,
    /// Recognised by the identity of a vanban form.
    #[serde(default)]
    pub own_form: bool,
    /// When it was last saved, as the file records it (`YYYY-MM-DDTHH:MM:SS`).
    #[serde(default)]
    pub filled_at: Option<String>,
    /// Filled after the deadline.
    #[serde(default)]
    pub late: bool,
    /// Why it was rejected (each also in [`TongHop::issues`]).
    #[serde(default)]
    pub reasons: Vec<Diagnostic>,
    /// How the file and its table were recognised ("what matched what"), for a
    /// person checking a file that is not a vanban form.
    #[serde(default)]
    pub matched: Vec<String>,
    /// The hex SHA-256 of the bytes read (`None`: the file could not be read): with
    /// [`FileEntry::file`], the record of exactly which returns the tổng hợp
    /// describes, so the report can refuse one made from other returns.
    #[serde(default)]
    pub sha256: Option<String>,
}

/// The counts of a merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Summary {
    /// Files read.
    pub files_read: usize,
    /// Files used (with or without warnings).
    pub accepted: usize,
    /// Of those, files with warnings.
    pub accepted_with_warnings: usize,
    /// Files not used.
    pub rejected: usize,
    /// Units on the roster.
    pub units_total: usize,
    /// Units whose figures are used.
    pub units_reported: usize,
    /// Units whose figures are not used (blank returns included).
    pub units_missing: usize,
    /// Of those, units whose only return is blank ("biểu trống").
    #[serde(default)]
    pub units_blank: usize,
    /// Problems that are errors.
    pub errors: usize,
    /// Problems that are warnings.
    pub warnings: usize,
}

/// An indicator whose stated total is not what its units add up to.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    /// The indicator.
    pub indicator: Indicator,
    /// The total in [`TongHop::totals`].
    pub stated: f64,
    /// What the counted figures of the accepted units add up to.
    pub added: f64,
}

impl TongHop {
    /// The roster unit `code`.
    pub fn unit(&self, code: &str) -> Option<&UnitEntry> {
        self.units.iter().find(|u| u.code == code)
    }

    /// The problems that are errors (values or files not used).
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.issues.iter().filter(|d| d.is_error())
    }

    /// The grassroots units behind the totals when some unit's return was its own
    /// tổng hợp (a roll-up); `None` for a merge of forms.
    pub fn rolled_up(&self) -> Option<RolledUp> {
        let mut out = RolledUp::default();
        let mut any = false;
        for u in self.units.iter().filter(|u| u.status.is_accepted()) {
            let Some(r) = &u.rollup else { continue };
            any = true;
            out.units_total += r.units_total;
            out.units_reported += r.units_reported;
            for (code, n) in &r.reported {
                *out.reported.entry(code.clone()).or_default() += n;
            }
        }
        any.then_some(out)
    }

    /// Every numeric indicator whose total differs from the exact sum of the
    /// counted figures of the accepted units (a file edited by hand, or a bug):
    /// compared exactly, in the units [`exact_total`] adds in.
    pub fn mismatched_totals(&self) -> Vec<Mismatch> {
        let mut out = Vec::new();
        for ind in &self.indicators {
            if ind.kind == IndicatorKind::Text {
                continue;
            }
            let figures = self
                .units
                .iter()
                .filter(|u| u.status.is_accepted())
                .filter_map(|u| match u.values.get(&ind.code) {
                    Some(Entry::Counted {
                        value: Figure::Number(n),
                    }) => Some(*n),
                    _ => None,
                });
            let added = scaled_sum(ind.kind, figures);
            let stated = self.totals.get(&ind.code).copied().unwrap_or(0.0);
            if added.is_none() || scaled(ind.kind, stated) != added {
                out.push(Mismatch {
                    indicator: ind.clone(),
                    stated,
                    added: added.map_or(f64::NAN, |a| unscaled(ind.kind, a)),
                });
            }
        }
        out
    }
}

/// Decimal figures are added in millionths, so a total is exact to the last digit
/// a clerk types (and f64 rounding never shows as `0.30000000000000004`).
const DECIMAL_SCALE: f64 = 1_000_000.0;

/// Largest total (in the units [`exact_total`] adds in) an f64 holds exactly: 2^53.
const EXACT_UNITS: u128 = 1 << 53;

/// A figure in the units totals are added in, or `None` for one no i128 holds
/// (never a figure the merge accepts: those are below [`crate::campaign::model::MAX_LIMIT`]).
fn scaled(kind: IndicatorKind, v: f64) -> Option<i128> {
    let s = match kind {
        IndicatorKind::Decimal => v * DECIMAL_SCALE,
        _ => v,
    }
    .round();
    // 1e36 < i128::MAX (1.7e38): the cast below is exact, never saturating.
    (s.is_finite() && s.abs() < 1e36).then_some(s as i128)
}

fn unscaled(kind: IndicatorKind, v: i128) -> f64 {
    match kind {
        IndicatorKind::Decimal => v as f64 / DECIMAL_SCALE,
        _ => v as f64,
    }
}

/// The sum with checked arithmetic: `None` when a figure or the sum leaves i128.
fn scaled_sum(kind: IndicatorKind, figures: impl IntoIterator<Item = f64>) -> Option<i128> {
    figures
        .into_iter()
        .try_fold(0i128, |sum, v| sum.checked_add(scaled(kind, v)?))
}

/// The exact total of an indicator's figures: whole kinds added as integers,
/// decimals in millionths, with checked arithmetic. The one way totals are added.
/// `None` when the total cannot be held exactly (beyond 2^53 units, where f64
/// starts rounding): a total is exact or it is not given.
pub fn exact_total(kind: IndicatorKind, figures: impl IntoIterator<Item = f64>) -> Option<f64> {
    let sum = scaled_sum(kind, figures)?;
    (sum.unsigned_abs() <= EXACT_UNITS).then(|| unscaled(kind, sum))
}

/// Counts of diagnostics by severity: (errors, warnings).
pub fn count_severities(issues: &[Diagnostic]) -> (usize, usize) {
    let errors = issues
        .iter()
        .filter(|d| d.severity != Severity::Warning)
        .count();
    (errors, issues.len() - errors)
}

/// A number written whole when it is (`5`, not `5.0`), as people read JSON.
mod number {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        match crate::numbers::whole(*v) {
            Some(i) => s.serialize_i64(i),
            None => s.serialize_f64(*v),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        f64::deserialize(d)
    }
}

/// A map of numbers, each written as [`number`] does.
mod numbers {
    use std::collections::BTreeMap;

    use serde::ser::SerializeMap;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    struct Whole(f64);

    impl Serialize for Whole {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            super::number::serialize(&self.0, s)
        }
    }

    pub fn serialize<S: Serializer>(map: &BTreeMap<String, f64>, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(map.len()))?;
        for (k, v) in map {
            m.serialize_entry(k, &Whole(*v))?;
        }
        m.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, f64>, D::Error> {
        BTreeMap::<String, f64>::deserialize(d)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::diagnostic::Location;

    /// A small tổng hợp with one of each status, built in code.
    pub(crate) fn sample() -> TongHop {
        let ind = |code: &str, kind| Indicator {
            code: code.into(),
            label: code.to_uppercase(),
            unit: "x".into(),
            kind,
            max: None,
        };
        let counted = |v: f64| Entry::Counted {
            value: Figure::Number(v),
        };
        let unit = |code: &str, status, values: Vec<(&str, Entry)>| UnitEntry {
            code: code.into(),
            name: format!("Công đoàn {code}"),
            group: String::new(),
            status,
            file: status.is_accepted().then(|| format!("returns/{code}.xlsx")),
            filled_at: None,
            late: false,
            values: values
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            sources: Default::default(),
            rollup: None,
        };
        TongHop {
            format: FORMAT.into(),
            version: VERSION,
            campaign: CampaignInfo {
                id: "t".into(),
                name: "Thử".into(),
                year: 2017,
            },
            issuer: String::new(),
            deadline: "2017-07-27".into(),
            indicators: vec![
                ind("nha", IndicatorKind::Count),
                ind("duong", IndicatorKind::Decimal),
                ind("ghi_chu", IndicatorKind::Text),
            ],
            totals: [("nha".to_string(), 5.0), ("duong".to_string(), 0.3)].into(),
            reported: [("nha".to_string(), 2), ("duong".to_string(), 2)].into(),
            units: vec![
                unit(
                    "A",
                    UnitStatus::Accepted,
                    vec![
                        ("nha", counted(2.0)),
                        ("duong", counted(0.1)),
                        (
                            "ghi_chu",
                            Entry::Counted {
                                value: Figure::Text("Tốt".into()),
                            },
                        ),
                    ],
                ),
                unit(
                    "B",
                    UnitStatus::AcceptedWithWarnings,
                    vec![
                        ("nha", counted(3.0)),
                        ("duong", counted(0.2)),
                        (
                            "ghi_chu",
                            Entry::Rejected {
                                reason: RejectReason::NotANumber,
                            },
                        ),
                    ],
                ),
                unit("C", UnitStatus::Missing, vec![]),
                unit("D", UnitStatus::Rejected, vec![]),
            ],
            missing: vec!["C".into(), "D".into()],
            files: vec![],
            issues: vec![
                Diagnostic::error(
                    "merge.value.not_a_number",
                    Location::cell("returns/B.xlsx", Some("Biểu mẫu"), Some("D9")),
                )
                .arg("value", "1.2OO"),
            ],
            summary: Summary::default(),
            run: String::new(),
        }
    }

    #[test]
    fn tong_hop_json_round_trips() {
        let t = sample();
        let bytes = serde_json::to_vec_pretty(&t).unwrap();
        let back: TongHop = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(back, t);
        // Values say their status; whole numbers are written whole.
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(
            v["units"][0]["values"]["nha"],
            serde_json::json!({"status": "counted", "value": 2})
        );
        assert_eq!(
            v["units"][1]["values"]["ghi_chu"],
            serde_json::json!({"status": "rejected", "reason": "not_a_number"})
        );
        assert_eq!(v["totals"]["nha"], serde_json::json!(5));
        assert_eq!(v["issues"][0]["code"], "merge.value.not_a_number");
    }

    #[test]
    fn totals_near_the_limits_stay_exact_and_cannot_overflow() {
        use IndicatorKind::*;
        let below = |kind: IndicatorKind| {
            let max = kind.default_max();
            match kind {
                Decimal => max - 0.000_001,
                _ => max - 1.0,
            }
        };
        // Sums of figures just below each kind's limit are exact to the last unit.
        assert_eq!(exact_total(Count, [below(Count); 3]), Some(2_999_999_997.0));
        assert_eq!(
            exact_total(Money, [below(Money); 2]),
            Some(1_999_999_999_999_998.0)
        );
        assert_eq!(
            exact_total(Money, [999_999_999_999_999.0, 1.0]),
            Some(1_000_000_000_000_000.0)
        );
        assert_eq!(
            exact_total(Decimal, [below(Decimal), 0.000_001]),
            Some(1_000_000_000.0)
        );
        // A total f64 cannot hold exactly, or one i128 cannot, is refused, not rounded
        // or wrapped.
        assert_eq!(exact_total(Money, [9_007_199_254_740_992.0, 1.0]), None);
        assert_eq!(exact_total(Count, [1e308]), None);
        assert_eq!(exact_total(Money, [1e300, 1e300]), None);
        assert_eq!(exact_total(Decimal, [1e308]), None);
        assert_eq!(exact_total(Count, vec![1e35; 100_000]), None);
    }

    #[test]
    fn totals_are_checked_exactly() {
        let mut t = sample();
        // 0.1 + 0.2 is 0.30000000000000004 in f64; exactly 0.3 here.
        assert_eq!(t.mismatched_totals(), vec![]);
        assert_eq!(exact_total(IndicatorKind::Decimal, [0.1, 0.2]), Some(0.3));
        t.totals.insert("nha".into(), 6.0);
        t.totals.insert("duong".into(), 0.300001);
        let got: Vec<(String, f64, f64)> = t
            .mismatched_totals()
            .into_iter()
            .map(|m| (m.indicator.code, m.stated, m.added))
            .collect();
        assert_eq!(
            got,
            vec![
                ("nha".to_string(), 6.0, 5.0),
                ("duong".to_string(), 0.300001, 0.3)
            ]
        );
    }
}
