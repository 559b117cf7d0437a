//! `campaign.json`: the campaign's issuer, signer, plan and report metadata, roster
//! of units and indicators. Unknown fields are errors, so a typo cannot pass
//! silently, and every error names the field's path.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date written `YYYY-MM-DD` in `campaign.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{NOT_A_DATE}{text}\" is not a date (expected YYYY-MM-DD)"
            ))
        })
    }
}

/// How a date the campaign file cannot read starts its serde message, so the loader
/// can tell it from other errors (the quote opens the date as typed).
const NOT_A_DATE: &str = "\"";

impl Date {
    /// A date as a clerk types it: `2017-07-27` (ISO, as the file writes dates), or
    /// day/month/year as Vietnamese offices write them: `27/7/2017`, `27/07/2017`,
    /// `27-7-2017`, `27.7.2017`.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Some(Date(d));
        }
        let parts: Vec<&str> = text.split(['/', '-', '.']).collect();
        let [day, month, year] = parts.as_slice() else {
            return None;
        };
        if year.len() != 4 || day.len() > 2 || month.len() > 2 {
            return None;
        }
        NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
            .map(Date)
    }
}

/// The whole campaign file.
///
/// `report` and `reporting` may be left out: a campaign that only issues a plan
/// needs neither, and one whose report has no figures needs no roster. What was
/// left out is recorded in [`Campaign::given`]; the steps that need it refuse with
/// `campaign.no_report` or `campaign.no_reporting`, and the body texts do not see
/// it (a body that uses it is told the value is unknown).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, from = "RawCampaign")]
pub struct Campaign {
    /// Identity of the campaign ("đợt công tác").
    pub campaign: CampaignInfo,
    /// The issuing body ("cơ quan ban hành").
    pub issuer: Issuer,
    /// Who signs ("người ký").
    pub signer: Signer,
    /// The plan ("Kế hoạch").
    pub plan: DocumentMeta,
    /// The result report ("Báo cáo kết quả").
    pub report: DocumentMeta,
    /// What units report and when.
    pub reporting: Reporting,
    /// Named dates the body texts compute from ("ngày thương binh liệt sĩ", …),
    /// available to Tera expressions as `dates.<name>`.
    #[serde(default)]
    pub dates: BTreeMap<String, Date>,
    /// Free values for the body texts (`vars.<name>`).
    #[serde(default)]
    pub vars: BTreeMap<String, serde_json::Value>,
    /// Which of the optional blocks the file gave.
    #[serde(skip)]
    pub given: Given,
}

/// Which optional blocks a campaign file gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Given {
    /// The `report` block (the result report's number, date, body…).
    pub report: bool,
    /// The `reporting` block (period, deadline, roster, indicators).
    pub reporting: bool,
}

impl Default for Given {
    fn default() -> Self {
        Given {
            report: true,
            reporting: true,
        }
    }
}

/// The file as written: `report` and `reporting` may be missing.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCampaign {
    campaign: CampaignInfo,
    issuer: Issuer,
    signer: Signer,
    plan: DocumentMeta,
    #[serde(default)]
    report: Option<DocumentMeta>,
    #[serde(default)]
    reporting: Option<Reporting>,
    #[serde(default)]
    dates: BTreeMap<String, Date>,
    #[serde(default)]
    vars: BTreeMap<String, serde_json::Value>,
}

impl From<RawCampaign> for Campaign {
    fn from(raw: RawCampaign) -> Campaign {
        let given = Given {
            report: raw.report.is_some(),
            reporting: raw.reporting.is_some(),
        };
        // Stand-ins the steps never use (they refuse first): the plan's metadata
        // and date, an empty roster.
        let report = raw.report.unwrap_or_else(|| raw.plan.clone());
        let reporting = raw.reporting.unwrap_or_else(|| Reporting {
            period_from: raw.plan.date,
            period_to: raw.plan.date,
            deadline: raw.plan.date,
            units: Vec::new(),
            indicators: Vec::new(),
            checks: Vec::new(),
        });
        Campaign {
            campaign: raw.campaign,
            issuer: raw.issuer,
            signer: raw.signer,
            plan: raw.plan,
            report,
            reporting,
            dates: raw.dates,
            vars: raw.vars,
            given,
        }
    }
}

/// Identity of the campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignInfo {
    /// Short identifier, stable across files (`dan-van-2017`); written into every
    /// form so the merge recognises its own forms.
    pub id: String,
    /// Name in running text ("Phối hợp, tham gia làm công tác dân vận năm 2017").
    pub name: String,
    /// The year the campaign belongs to.
    pub year: i32,
}

/// The issuing body and its superior ("cơ quan chủ quản").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Issuer {
    /// Superior body, upper case ("LIÊN ĐOÀN LAO ĐỘNG TỈNH TÂY NINH"); empty or
    /// left out for a body that has none (ỦY BAN NHÂN DÂN TỈNH …). In this and in
    /// `name`, `|` breaks the line where the clerk wants; otherwise long names are
    /// broken into balanced lines.
    #[serde(default)]
    pub superior: String,
    /// Issuing body, upper case ("LIÊN ĐOÀN LAO ĐỘNG HUYỆN CHÂU THÀNH").
    pub name: String,
    /// Abbreviation used in document symbols ("LĐLĐ").
    pub abbreviation: String,
    /// Place in the date line ("Châu Thành").
    pub place: String,
}

/// The signature block ("chữ ký").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    /// Authority line ("TM. BAN THƯỜNG VỤ"); empty when the head signs in person.
    #[serde(default)]
    pub authority: String,
    /// Title ("CHỦ TỊCH", "PHÓ CHỦ TỊCH").
    pub title: String,
    /// Full name, no titles before it.
    pub name: String,
}

/// Metadata of one issued document (the plan or the report).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentMeta {
    /// Number in the register ("số"); padded below 10 when printed.
    pub number: u32,
    /// Date of issue.
    pub date: Date,
    /// Type code in the symbol: `KH` (kế hoạch), `BC` (báo cáo).
    pub type_code: String,
    /// Document type as printed ("KẾ HOẠCH", "BÁO CÁO").
    pub type_name: String,
    /// Summary under the title ("trích yếu").
    pub summary: String,
    /// The documents it is based on ("căn cứ"), each cited in full the first time
    /// (type, number/symbol, date, issuer, summary); the body text prints them.
    #[serde(default)]
    pub based_on: Vec<String>,
    /// Addressees ("Kính gửi"), for a report sent upward; empty for none.
    #[serde(default)]
    pub kinh_gui: Vec<String>,
    /// The body outline file, relative to the campaign folder.
    pub body: String,
    /// Recipients ("Nơi nhận"), one per line, without the dash and semicolon.
    pub recipients: Vec<String>,
    /// The archive line's holder ("Lưu: VP").
    pub archive: String,
    /// The report's appendix ("Phụ lục"): `units` (default: one row per unit),
    /// `by_group` (units under their `group`, each group with its subtotal) or
    /// `none` (no appendix: the report is one portrait document).
    #[serde(default, skip_serializing_if = "AppendixLayout::is_default")]
    pub appendix: AppendixLayout,
}

/// How a report lays out its appendix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppendixLayout {
    /// One row per unit, in name order.
    #[default]
    Units,
    /// Units under their group (`reporting.units[].group`), each group headed by
    /// its name and closed by its subtotal.
    ByGroup,
    /// No appendix.
    None,
}

impl AppendixLayout {
    /// Whether this is the default (left out when written).
    pub fn is_default(&self) -> bool {
        *self == AppendixLayout::Units
    }
}

/// What the units report and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reporting {
    /// First day of the activity period.
    pub period_from: Date,
    /// Last day of the activity period.
    pub period_to: Date,
    /// Last day returns are accepted as on time ("hạn báo cáo").
    pub deadline: Date,
    /// The roster of grassroots unions ("công đoàn cơ sở").
    pub units: Vec<Unit>,
    /// The figures each unit reports ("chỉ tiêu").
    pub indicators: Vec<Indicator>,
    /// Cross-checks between a return's figures ([`Check`]): the merge warns of each
    /// one a return breaks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
}

/// A cross-check between two figures of one return, declared in
/// `reporting.checks` of `campaign.json`, in one of two forms:
///
/// - `{"if": "tien_qua", "needs": "qua_tang"}`: a return with a figure above 0
///   for `tien_qua` has one above 0 for `qua_tang` too (a gift value with no gift
///   is a slip).
/// - `{"figure": "ngay_cong", "at_most": "nguoi_tham_gia", "times": 10}`: the
///   return's `ngay_cong` is at most 10 × its `nguoi_tham_gia` (`times` may be left
///   out: 1).
///
/// Both name numeric indicators by code. A check is evaluated only when both
/// figures are counted (a blank or rejected figure has its own diagnostic), and a
/// broken check is a warning: the figures are still counted, for a person to look.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawCheck", into = "RawCheck")]
pub enum Check {
    /// `indicator` above 0 needs `needs` above 0.
    Needs {
        /// The figure that, when above 0, needs the other (`if`).
        indicator: String,
        /// The figure it needs (`needs`).
        needs: String,
    },
    /// `indicator` ≤ `times` × `at_most`.
    AtMost {
        /// The figure bounded (`figure`).
        indicator: String,
        /// The figure that bounds it (`at_most`).
        at_most: String,
        /// The factor (`times`), above 0.
        times: f64,
    },
}

impl Check {
    /// The two indicator codes it compares, with the fields that name them:
    /// (left field, left code), (right field, right code).
    pub fn codes(&self) -> [(&'static str, &str); 2] {
        match self {
            Check::Needs { indicator, needs } => [("if", indicator), ("needs", needs)],
            Check::AtMost {
                indicator, at_most, ..
            } => [("figure", indicator), ("at_most", at_most)],
        }
    }

    /// Whether two figures (the left one's, then the right one's) keep the check.
    pub fn holds(&self, left: f64, right: f64) -> bool {
        match self {
            Check::Needs { .. } => left <= 0.0 || right > 0.0,
            Check::AtMost { times, .. } => left <= times * right,
        }
    }
}

/// A check as written in `campaign.json`, before its form is known.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    #[serde(rename = "if", default, skip_serializing_if = "Option::is_none")]
    when: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    needs: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    figure: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    at_most: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    times: Option<f64>,
}

impl TryFrom<RawCheck> for Check {
    type Error = String;

    fn try_from(raw: RawCheck) -> Result<Check, String> {
        match raw {
            RawCheck {
                when: Some(indicator),
                needs: Some(needs),
                figure: None,
                at_most: None,
                times: None,
            } => Ok(Check::Needs { indicator, needs }),
            RawCheck {
                when: None,
                needs: None,
                figure: Some(indicator),
                at_most: Some(at_most),
                times,
            } => Ok(Check::AtMost {
                indicator,
                at_most,
                times: times.unwrap_or(1.0),
            }),
            _ => Err(
                "a check is either {\"if\": A, \"needs\": B} or {\"figure\": A, \"at_most\": B, \"times\": k}"
                    .to_string(),
            ),
        }
    }
}

impl From<Check> for RawCheck {
    fn from(check: Check) -> RawCheck {
        match check {
            Check::Needs { indicator, needs } => RawCheck {
                when: Some(indicator),
                needs: Some(needs),
                figure: None,
                at_most: None,
                times: None,
            },
            Check::AtMost {
                indicator,
                at_most,
                times,
            } => RawCheck {
                when: None,
                needs: None,
                figure: Some(indicator),
                at_most: Some(at_most),
                times: Some(times),
            },
        }
    }
}

/// A grassroots union ("công đoàn cơ sở", CĐCS) on the roster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Stable code (`CD01`), written into its form.
    pub code: String,
    /// Full name ("Công đoàn cơ sở Trường THCS Thái Bình").
    pub name: String,
    /// Group, for grouping in tables ("Khối giáo dục", "Khối xã", "Khối doanh nghiệp").
    #[serde(default)]
    pub group: String,
}

/// One figure a unit reports ("chỉ tiêu").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Code, an identifier usable in Tera (`nha_mai_am`).
    pub code: String,
    /// Label as printed in forms and tables ("Nhà Mái ấm Công đoàn xây tặng").
    pub label: String,
    /// Unit of measure ("căn", "km", "đồng", "người").
    pub unit: String,
    /// What values are allowed.
    pub kind: IndicatorKind,
    /// The largest plausible figure (exclusive) when the kind's default range
    /// ([`IndicatorKind::default_max`]) is too small for this indicator; never above
    /// [`MAX_LIMIT`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
}

/// The highest limit a campaign may set: 2^53, the largest integer below which every
/// whole number is exact in f64 (and every sum of figures stays exact in i128).
pub const MAX_LIMIT: f64 = 9_007_199_254_740_992.0;

impl Indicator {
    /// The figures this indicator accepts are below this limit: the campaign's `max`
    /// (capped at [`MAX_LIMIT`]) or the kind's default.
    pub fn limit(&self) -> f64 {
        match self.max {
            Some(max) if max.is_finite() && max > 0.0 => max.min(MAX_LIMIT),
            _ => self.kind.default_max(),
        }
    }
}

/// The kind of value an indicator takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// A whole number ≥ 0 (số nguyên: houses, people, meetings).
    Count,
    /// An amount of money in đồng, whole, ≥ 0 (số tiền).
    Money,
    /// A decimal ≥ 0 (số thập phân: km of road).
    Decimal,
    /// Free text (ghi chú).
    Text,
}

impl IndicatorKind {
    /// The plausibility range's upper bound (exclusive) of a kind: no grassroots
    /// union counts a billion of anything, nor gives 10^15 đồng; a figure at or above
    /// it is a typing or export error, not a fact.
    pub fn default_max(self) -> f64 {
        match self {
            IndicatorKind::Count | IndicatorKind::Decimal | IndicatorKind::Text => 1e9,
            IndicatorKind::Money => 1e15,
        }
    }
}

/// A campaign file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CampaignError {
    /// Not valid JSON, or a field missing, wrong or unknown.
    #[error("{file}: {path}: {message}")]
    Field {
        /// The campaign file.
        file: String,
        /// The field's path (`plan.date`, `reporting.units[3].code`).
        path: String,
        /// The parser's own message, with line and column (for logs).
        message: String,
        /// Where: the line and column of the problem (for a missing comma, the end
        /// of the line that lacks it).
        line: Option<usize>,
        /// The column, when known.
        column: Option<usize>,
        /// What is wrong, for the front end to word.
        kind: FieldProblem,
    },
    /// The fields parse but do not make sense together.
    #[error("{file}: {}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid {
        /// The campaign file.
        file: String,
        /// Every problem found.
        problems: Vec<Invalid>,
    },
}

/// What is wrong with the text of `campaign.json` or one of its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldProblem {
    /// A comma is missing between two fields or two items (at the end of the line).
    MissingComma,
    /// A comma before a closing `}` or `]`.
    TrailingComma,
    /// The file ends before its last `}` or `]`.
    UnexpectedEnd,
    /// A field name not in double quotes.
    UnquotedKey,
    /// A value that is not JSON (a word without quotes, a missing value).
    ExpectedValue,
    /// Some other broken JSON; the parser's words are in the message.
    Syntax,
    /// A field the section must have is missing.
    Missing {
        /// The field.
        field: String,
    },
    /// A field the section does not have (a typo).
    Unknown {
        /// The field as typed.
        field: String,
        /// The closest field the section has, if one is close.
        closest: Option<String>,
    },
    /// A value not among the allowed ones (`"kind": "many"`).
    UnknownValue {
        /// The value as typed.
        value: String,
        /// The allowed values.
        allowed: Vec<String>,
    },
    /// A date that is not one.
    Date {
        /// The text as typed.
        text: String,
    },
    /// A value of the wrong kind (a number where text is wanted, …), each one of
    /// `text`, `number`, `whole_number`, `boolean`, `null`, `group`, `list`, `other`.
    Type {
        /// What the file holds.
        found: &'static str,
        /// What the field takes.
        expected: &'static str,
    },
}

/// serde's name of a kind of value (`integer \`1\``, `struct CampaignInfo`,
/// `a string`) as one of the kinds [`FieldProblem::Type`] names.
fn value_kind(serde_name: &str) -> &'static str {
    let s = serde_name.trim();
    let first = s.split_whitespace().next().unwrap_or_default();
    match first {
        "string" | "a" if s.contains("string") || s.contains("char") => "text",
        "string" | "char" => "text",
        "integer" | "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" => "whole_number",
        "floating" | "f64" | "f32" => "number",
        "boolean" => "boolean",
        "null" | "unit" => "null",
        "map" | "struct" => "group",
        "sequence" | "tuple" => "list",
        "a" if s.contains("sequence") => "list",
        "a" if s.contains("map") => "group",
        "a" if s.contains("boolean") => "boolean",
        "a" if s.contains("integer") => "whole_number",
        "a" if s.contains("number") || s.contains("float") => "number",
        _ => "other",
    }
}

/// A problem between fields that each parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {kind}")]
pub struct Invalid {
    /// The field (`reporting.units[3].code`).
    pub path: String,
    /// What is wrong.
    pub kind: InvalidKind,
}

/// What is wrong between fields.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidKind {
    /// A unit without a code.
    #[error("is empty")]
    EmptyUnitCode,
    /// Two units with one code.
    #[error("`{0}` is used by another unit")]
    DuplicateUnitCode(String),
    /// An indicator code that cannot be a template name.
    #[error("`{0}` must be letters a-z, digits and `_`, starting with a letter")]
    BadIndicatorCode(String),
    /// Two indicators with one code.
    #[error("`{0}` is used by another indicator")]
    DuplicateIndicatorCode(String),
    /// A check names a code no indicator has.
    #[error("`{0}` is not the code of an indicator (reporting.indicators)")]
    CheckUnknownIndicator(String),
    /// A check names a text indicator, which has no figure to compare.
    #[error("`{0}` is a text indicator; a check compares figures")]
    CheckTextIndicator(String),
    /// A check compares an indicator with itself.
    #[error("compares `{0}` with itself")]
    CheckItself(String),
    /// A check's factor is not a number above 0.
    #[error("{0} must be a number above 0")]
    CheckTimes(String),
    /// The period ends before it starts.
    #[error("{from} is after reporting.period_to {to}")]
    PeriodOrder {
        /// The first day.
        from: Date,
        /// The last day.
        to: Date,
    },
}

impl Campaign {
    /// Parses `campaign.json`; `file` is the name used in messages.
    pub fn from_json(file: &str, text: &str) -> Result<Campaign, CampaignError> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let campaign: Campaign = serde_path_to_error::deserialize(de).map_err(|err| {
            let path = err.path().to_string();
            let inner = err.into_inner();
            let (kind, line, column) = classify(&inner, text);
            CampaignError::Field {
                file: file.to_string(),
                path: if path == "." {
                    "(top level)".to_string()
                } else {
                    path
                },
                message: inner.to_string(),
                line,
                column,
                kind,
            }
        })?;
        campaign.validate(file)?;
        Ok(campaign)
    }

    /// Checks what the types cannot: unique codes, identifiers, date order.
    fn validate(&self, file: &str) -> Result<(), CampaignError> {
        let mut problems = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for (i, unit) in self.reporting.units.iter().enumerate() {
            if unit.code.trim().is_empty() {
                problems.push(Invalid {
                    path: format!("reporting.units[{i}].code"),
                    kind: InvalidKind::EmptyUnitCode,
                });
            } else if !seen.insert(unit.code.as_str()) {
                problems.push(Invalid {
                    path: format!("reporting.units[{i}].code"),
                    kind: InvalidKind::DuplicateUnitCode(unit.code.clone()),
                });
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for (i, ind) in self.reporting.indicators.iter().enumerate() {
            if !is_identifier(&ind.code) {
                problems.push(Invalid {
                    path: format!("reporting.indicators[{i}].code"),
                    kind: InvalidKind::BadIndicatorCode(ind.code.clone()),
                });
            } else if !seen.insert(ind.code.as_str()) {
                problems.push(Invalid {
                    path: format!("reporting.indicators[{i}].code"),
                    kind: InvalidKind::DuplicateIndicatorCode(ind.code.clone()),
                });
            }
        }
        for (i, check) in self.reporting.checks.iter().enumerate() {
            let [left, right] = check.codes();
            for (field, code) in [left, right] {
                match self
                    .reporting
                    .indicators
                    .iter()
                    .find(|ind| ind.code == code)
                {
                    None => problems.push(Invalid {
                        path: format!("reporting.checks[{i}].{field}"),
                        kind: InvalidKind::CheckUnknownIndicator(code.to_string()),
                    }),
                    Some(ind) if ind.kind == IndicatorKind::Text => problems.push(Invalid {
                        path: format!("reporting.checks[{i}].{field}"),
                        kind: InvalidKind::CheckTextIndicator(code.to_string()),
                    }),
                    Some(_) => {}
                }
            }
            if left.1 == right.1 {
                problems.push(Invalid {
                    path: format!("reporting.checks[{i}]"),
                    kind: InvalidKind::CheckItself(left.1.to_string()),
                });
            }
            if let Check::AtMost { times, .. } = check
                && !(times.is_finite() && *times > 0.0)
            {
                problems.push(Invalid {
                    path: format!("reporting.checks[{i}].times"),
                    kind: InvalidKind::CheckTimes(times.to_string()),
                });
            }
        }
        if self.reporting.period_from > self.reporting.period_to {
            problems.push(Invalid {
                path: "reporting.period_from".into(),
                kind: InvalidKind::PeriodOrder {
                    from: self.reporting.period_from,
                    to: self.reporting.period_to,
                },
            });
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(CampaignError::Invalid {
                file: file.to_string(),
                problems,
            })
        }
    }

    /// The document symbol, as in `Số: 05/KH-LĐLĐ` (without "Số: ").
    pub fn symbol(&self, doc: &DocumentMeta) -> String {
        format!(
            "{:02}/{}-{}",
            doc.number, doc.type_code, self.issuer.abbreviation
        )
    }
}

/// What a serde_json error says, typed, with the line and column to show: for a
/// missing comma, the end of the last line before the error that holds anything
/// (the parser notices only at the next field, often a line later).
fn classify(err: &serde_json::Error, text: &str) -> (FieldProblem, Option<usize>, Option<usize>) {
    use serde_json::error::Category;
    let (line, column) = (err.line(), err.column());
    let at = (line > 0).then_some(line);
    let message = err.to_string();
    let message = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message.as_str(),
    };
    let quoted = |s: &str| -> Vec<String> {
        s.split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, t)| t.to_string())
            .collect()
    };
    let kind = match err.classify() {
        Category::Eof => FieldProblem::UnexpectedEnd,
        Category::Syntax if message.starts_with("expected `,` or") => {
            let (l, c) = end_of_previous_content(text, line, column);
            return (FieldProblem::MissingComma, Some(l), Some(c));
        }
        Category::Syntax if message.starts_with("trailing comma") => FieldProblem::TrailingComma,
        Category::Syntax if message.starts_with("key must be a string") => {
            FieldProblem::UnquotedKey
        }
        Category::Syntax if message.starts_with("expected value") => FieldProblem::ExpectedValue,
        Category::Syntax | Category::Io => FieldProblem::Syntax,
        Category::Data => {
            if let Some(rest) = message.strip_prefix("missing field ") {
                FieldProblem::Missing {
                    field: quoted(rest).into_iter().next().unwrap_or_default(),
                }
            } else if let Some(rest) = message.strip_prefix("unknown field ") {
                let names = quoted(rest);
                let field = names.first().cloned().unwrap_or_default();
                FieldProblem::Unknown {
                    closest: closest(&field, &names[1.min(names.len())..]),
                    field,
                }
            } else if let Some(rest) = message.strip_prefix("unknown variant ") {
                let names = quoted(rest);
                FieldProblem::UnknownValue {
                    value: names.first().cloned().unwrap_or_default(),
                    allowed: names.into_iter().skip(1).collect(),
                }
            } else if let Some(rest) = message
                .strip_prefix(NOT_A_DATE)
                .and_then(|r| r.strip_suffix("\" is not a date (expected YYYY-MM-DD)"))
            {
                FieldProblem::Date {
                    text: rest.to_string(),
                }
            } else if let Some(rest) = message.strip_prefix("invalid type: ") {
                let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
                FieldProblem::Type {
                    found: value_kind(found),
                    expected: value_kind(expected),
                }
            } else if let Some(rest) = message.strip_prefix("invalid value: ") {
                let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
                FieldProblem::Type {
                    found: value_kind(found),
                    expected: value_kind(expected),
                }
            } else {
                FieldProblem::Syntax
            }
        }
    };
    (kind, at, at.map(|_| column))
}

/// The line and column just after the last character before (`line`, `column`)
/// that is not white space: where a missing comma belongs.
fn end_of_previous_content(text: &str, line: usize, column: usize) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let mut l = line.min(lines.len());
    let mut limit = column.saturating_sub(1);
    while l > 0 {
        let current = lines[l - 1];
        let head: String = current.chars().take(limit).collect();
        let trimmed = head.trim_end();
        if !trimmed.is_empty() {
            return (l, trimmed.chars().count() + 1);
        }
        l -= 1;
        limit = usize::MAX;
    }
    (line, column)
}

/// The name among `names` a typo of `typed` most likely meant: the nearest by
/// edits, if it is at most a third of the name away.
fn closest(typed: &str, names: &[String]) -> Option<String> {
    names
        .iter()
        .map(|n| (strsim::levenshtein(typed, n), n))
        .filter(|(d, n)| *d > 0 && *d <= n.chars().count().div_ceil(3))
        .min()
        .map(|(_, n)| n.clone())
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"{
      "campaign": {"id": "t", "name": "Thử", "year": 2017},
      "issuer": {"superior": "A", "name": "B", "abbreviation": "LĐLĐ", "place": "P"},
      "signer": {"authority": "TM. BAN THƯỜNG VỤ", "title": "CHỦ TỊCH", "name": "N"},
      "plan": {"number": 5, "date": "2017-06-28", "type_code": "KH", "type_name": "KẾ HOẠCH",
               "summary": "S", "body": "ke-hoach.txt", "recipients": ["X"], "archive": "VP"},
      "report": {"number": 9, "date": "2017-07-31", "type_code": "BC", "type_name": "BÁO CÁO",
               "summary": "S", "body": "bao-cao.txt", "recipients": ["X"], "archive": "VP"},
      "reporting": {"period_from": "2017-07-16", "period_to": "2017-07-25", "deadline": "2017-07-27",
        "units": [{"code": "CD01", "name": "Công đoàn A"}],
        "indicators": [{"code": "nha", "label": "Nhà", "unit": "căn", "kind": "count"}]}
    }"#;

    #[test]
    fn minimal_campaign_parses_and_builds_symbol() {
        let c = Campaign::from_json("campaign.json", MINIMAL).unwrap();
        assert_eq!(c.symbol(&c.plan), "05/KH-LĐLĐ");
        assert_eq!(c.reporting.indicators[0].kind, IndicatorKind::Count);
    }

    #[test]
    fn errors_name_the_field_path() {
        let cases = [
            (
                MINIMAL.replace("\"2017-06-28\"", "\"2017-13-01\""),
                "campaign.json: plan.date: \"2017-13-01\" is not a date (expected YYYY-MM-DD)",
            ),
            (
                MINIMAL.replace("\"unit\": \"căn\"", "\"unt\": \"căn\""),
                "campaign.json: reporting.indicators[0].unt: unknown field `unt`",
            ),
            (
                MINIMAL.replace("\"count\"", "\"many\""),
                "campaign.json: reporting.indicators[0].kind: unknown variant `many`",
            ),
        ];
        for (text, expected) in cases {
            let err = Campaign::from_json("campaign.json", &text)
                .unwrap_err()
                .to_string();
            assert!(
                err.starts_with(expected),
                "{err}\n  expected to start with\n{expected}"
            );
        }
    }

    #[test]
    fn checks_are_read_in_either_form_and_their_codes_checked() {
        let with_checks = |checks: &str| {
            MINIMAL.replace(
                r#""indicators": [{"code": "nha", "label": "Nhà", "unit": "căn", "kind": "count"}]"#,
                &format!(
                    r#""indicators": [{{"code": "nha", "label": "Nhà", "unit": "căn", "kind": "count"}},
                       {{"code": "nguoi", "label": "Người", "unit": "người", "kind": "count"}},
                       {{"code": "ghi_chu", "label": "Ghi chú", "unit": "", "kind": "text"}}],
                     "checks": {checks}"#
                ),
            )
        };
        let c = Campaign::from_json(
            "c.json",
            &with_checks(
                r#"[{"if": "nha", "needs": "nguoi"}, {"figure": "nguoi", "at_most": "nha", "times": 10}, {"figure": "nha", "at_most": "nguoi"}]"#,
            ),
        )
        .unwrap();
        assert_eq!(
            c.reporting.checks,
            [
                Check::Needs {
                    indicator: "nha".into(),
                    needs: "nguoi".into()
                },
                Check::AtMost {
                    indicator: "nguoi".into(),
                    at_most: "nha".into(),
                    times: 10.0
                },
                Check::AtMost {
                    indicator: "nha".into(),
                    at_most: "nguoi".into(),
                    times: 1.0
                },
            ]
        );
        // Written back as read.
        let back = serde_json::to_value(&c.reporting.checks).unwrap();
        assert_eq!(back[0], serde_json::json!({"if": "nha", "needs": "nguoi"}));
        assert_eq!(
            back[1],
            serde_json::json!({"figure": "nguoi", "at_most": "nha", "times": 10.0})
        );
        // (checks, the error)
        let cases = [
            (
                r#"[{"if": "nha", "needs": "nguoi"}, {"if": "nhà", "needs": "nguoi"}]"#,
                "c.json: reporting.checks[1].if: `nhà` is not the code of an indicator (reporting.indicators)",
            ),
            (
                r#"[{"figure": "nha", "at_most": "ghi_chu"}]"#,
                "c.json: reporting.checks[0].at_most: `ghi_chu` is a text indicator; a check compares figures",
            ),
            (
                r#"[{"figure": "nha", "at_most": "nguoi", "times": 0}]"#,
                "c.json: reporting.checks[0].times: 0 must be a number above 0",
            ),
            (
                r#"[{"if": "nha", "needs": "nha"}]"#,
                "c.json: reporting.checks[0]: compares `nha` with itself",
            ),
            (
                r#"[{"if": "nha", "at_most": "nguoi"}]"#,
                "c.json: reporting.checks[0]: a check is either {\"if\": A, \"needs\": B} or {\"figure\": A, \"at_most\": B, \"times\": k}",
            ),
            (
                r#"[{"if": "nha", "needs": "nguoi", "unless": "x"}]"#,
                "c.json: reporting.checks[0].unless: unknown field `unless`",
            ),
        ];
        for (checks, expected) in cases {
            let err = Campaign::from_json("c.json", &with_checks(checks))
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(expected), "{err}\n  expected\n{expected}");
        }
    }

    #[test]
    fn duplicate_codes_and_bad_identifiers_are_all_reported() {
        let text = MINIMAL
            .replace(
                r#"[{"code": "CD01", "name": "Công đoàn A"}]"#,
                r#"[{"code": "CD01", "name": "A"}, {"code": "CD01", "name": "B"}]"#,
            )
            .replace("\"code\": \"nha\"", "\"code\": \"Nhà ở\"");
        let err = Campaign::from_json("c.json", &text)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "c.json: reporting.units[1].code: `CD01` is used by another unit; reporting.indicators[0].code: `Nhà ở` must be letters a-z, digits and `_`, starting with a letter"
        );
    }
}
