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
        NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .map(Date)
            .map_err(|_| {
                serde::de::Error::custom(format!("\"{text}\" is not a date (expected YYYY-MM-DD)"))
            })
    }
}

/// The whole campaign file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
    /// Superior body, upper case ("LIÊN ĐOÀN LAO ĐỘNG TỈNH TÂY NINH").
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
        /// What is wrong, with line and column.
        message: String,
    },
    /// The fields parse but do not make sense together.
    #[error("{file}: {problems}", problems = .problems.join("; "))]
    Invalid {
        /// The campaign file.
        file: String,
        /// Every problem found.
        problems: Vec<String>,
    },
}

impl Campaign {
    /// Parses `campaign.json`; `file` is the name used in messages.
    pub fn from_json(file: &str, text: &str) -> Result<Campaign, CampaignError> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let campaign: Campaign = serde_path_to_error::deserialize(de).map_err(|err| {
            let path = err.path().to_string();
            let inner = err.into_inner();
            CampaignError::Field {
                file: file.to_string(),
                path: if path == "." {
                    "(top level)".to_string()
                } else {
                    path
                },
                message: inner.to_string(),
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
                problems.push(format!("reporting.units[{i}].code: is empty"));
            } else if !seen.insert(unit.code.as_str()) {
                problems.push(format!(
                    "reporting.units[{i}].code: `{}` is used by another unit",
                    unit.code
                ));
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for (i, ind) in self.reporting.indicators.iter().enumerate() {
            if !is_identifier(&ind.code) {
                problems.push(format!(
                    "reporting.indicators[{i}].code: `{}` must be letters a-z, digits and `_`, starting with a letter",
                    ind.code
                ));
            } else if !seen.insert(ind.code.as_str()) {
                problems.push(format!(
                    "reporting.indicators[{i}].code: `{}` is used by another indicator",
                    ind.code
                ));
            }
        }
        for (i, check) in self.reporting.checks.iter().enumerate() {
            let [left, right] = check.codes();
            for (field, code) in [left, right] {
                match self.reporting.indicators.iter().find(|ind| ind.code == code) {
                    None => problems.push(format!(
                        "reporting.checks[{i}].{field}: `{code}` is not the code of an indicator (reporting.indicators)"
                    )),
                    Some(ind) if ind.kind == IndicatorKind::Text => problems.push(format!(
                        "reporting.checks[{i}].{field}: `{code}` is a text indicator; a check compares figures"
                    )),
                    Some(_) => {}
                }
            }
            if left.1 == right.1 {
                problems.push(format!(
                    "reporting.checks[{i}]: compares `{}` with itself",
                    left.1
                ));
            }
            if let Check::AtMost { times, .. } = check
                && !(times.is_finite() && *times > 0.0)
            {
                problems.push(format!(
                    "reporting.checks[{i}].times: {times} must be a number above 0"
                ));
            }
        }
        if self.reporting.period_from > self.reporting.period_to {
            problems.push(format!(
                "reporting.period_from: {} is after reporting.period_to {}",
                self.reporting.period_from, self.reporting.period_to
            ));
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
