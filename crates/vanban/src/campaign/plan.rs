//! The official plan ("Kế hoạch"): from the campaign and its body outline to the
//! filled .docx.
//!
//! The pipeline: the body text (`ke-hoach.txt`) is rendered with Tera over the whole
//! campaign ([`text_data`]), parsed and renumbered as an outline
//! ([`super::outline`]), closed with `./.`, and handed with the campaign's header
//! and signature data ([`document_data`]) to the Word template, built-in
//! (`templates/ke-hoach.docx`) or the campaign's own. Pure: text and bytes in, bytes
//! out; the command layer reads and writes the files.

use chrono::Datelike;
use serde_json::{Map, Value, json};

use super::model::{Campaign, Date, DocumentMeta};
use super::outline::{self, Paragraph};

/// The built-in plan template, embedded so `vanban` works from any folder.
pub const BUILTIN_TEMPLATE: &[u8] = crate::templates::PLAN;

/// File name of the plan template, built-in or in the campaign's `templates/` folder.
pub const TEMPLATE_NAME: &str = "ke-hoach.docx";

/// Why the plan could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// The body text's Tera failed (unknown variable, syntax error); the engine's
    /// problems name the file and line (the text still carries the source-line
    /// marks: [`outline::strip_source_marks`]).
    #[error("{}", outline::strip_source_marks(&error.to_string()))]
    BodyTemplate {
        /// The body file (`ke-hoach.txt`).
        file: String,
        /// What the engine found.
        error: crate::docx::RenderError,
    },
    /// The body outline's structure is broken.
    #[error(transparent)]
    Outline(#[from] outline::OutlineError),
    /// Filling the Word template failed.
    #[error("{template}: {error}")]
    Template {
        /// The template used (`built-in ke-hoach.docx` or its path).
        template: String,
        /// What the engine found.
        error: crate::docx::RenderError,
    },
}

impl crate::limits::Limited for PlanError {
    fn limit(&self) -> Option<crate::limits::Limit> {
        match self {
            PlanError::Template { error, .. } | PlanError::BodyTemplate { error, .. } => {
                error.limit()
            }
            PlanError::Outline(_) => None,
        }
    }
}

/// `27/7/2017`: the short date form running text uses (no padding).
pub fn short_date(date: Date) -> String {
    format!("{}/{}/{}", date.0.day(), date.0.month(), date.0.year())
}

fn date_helpers(date: Date, year: i32) -> Value {
    // The same day in the campaign's year: anniversaries ("70 năm ngày Thương binh,
    // Liệt sĩ") are counted to it. 29 February falls back to 28 February.
    let anniversary = date
        .0
        .with_year(year)
        .or_else(|| date.0.with_day(28).and_then(|d| d.with_year(year)))
        .map(Date)
        .unwrap_or(date);
    json!({
        "iso": date.to_string(),
        "dmy": short_date(date),
        "ky_niem": anniversary.to_string(),
        "ky_niem_dmy": short_date(anniversary),
    })
}

/// What the body texts (`ke-hoach.txt`, `bao-cao.txt`) see: the whole campaign as in
/// `campaign.json`, plus `ngay.<name>` for every named date and the campaign's own
/// dates (`period_from`, `period_to`, `deadline`, `plan_date`, `report_date`), each
/// with `iso` (`2017-07-27`), `dmy` (`27/7/2017`), `ky_niem` (the same day in the
/// campaign's year, ISO) and `ky_niem_dmy`.
pub fn text_data(campaign: &Campaign) -> Value {
    let mut data = match serde_json::to_value(campaign) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    let year = campaign.campaign.year;
    let mut ngay = Map::new();
    for (name, date) in &campaign.dates {
        ngay.insert(name.clone(), date_helpers(*date, year));
    }
    let given = campaign.given;
    for (name, date, present) in [
        (
            "period_from",
            campaign.reporting.period_from,
            given.reporting,
        ),
        ("period_to", campaign.reporting.period_to, given.reporting),
        ("deadline", campaign.reporting.deadline, given.reporting),
        ("plan_date", campaign.plan.date, true),
        ("report_date", campaign.report.date, given.report),
    ] {
        if present {
            ngay.insert(name.to_string(), date_helpers(date, year));
        }
    }
    // What the file left out is not there for the body texts either: a body that
    // uses it is told the value is unknown, rather than printing a stand-in.
    if !given.reporting {
        data.remove("reporting");
    }
    if !given.report {
        data.remove("report");
    }
    data.insert("ngay".to_string(), Value::Object(ngay));
    Value::Object(data)
}

/// The header, title and signature data of one document (`doc`, `issuer`,
/// `signer`), with the body paragraphs, in the shape the built-in templates read
/// (see `xtask/src/layout/templates.rs`).
pub fn document_data(campaign: &Campaign, doc: &DocumentMeta, body: &[Paragraph]) -> Value {
    let mut data = match text_data(campaign) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    // The layout of any official document (`vanban::van_ban`): the header's lines,
    // the number and date lines, the recipients and the signature block.
    let document = crate::van_ban::Document::from_campaign(campaign, doc, body);
    let Value::Object(mut laid_out) = document.data() else {
        return Value::Object(data);
    };
    let mut doc_data = match laid_out.remove("doc") {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    for (key, value) in [
        ("symbol", json!(campaign.symbol(doc))),
        ("number", json!(doc.number)),
        ("date", json!(doc.date.to_string())),
        ("type_code", json!(doc.type_code)),
        ("based_on", json!(doc.based_on)),
        ("kinh_gui", json!(doc.kinh_gui)),
        ("recipients", json!(doc.recipients)),
        ("archive", json!(doc.archive)),
    ] {
        doc_data.insert(key.to_string(), value);
    }
    data.insert("doc".to_string(), Value::Object(doc_data));
    for (key, value) in laid_out {
        data.insert(key, value);
    }
    Value::Object(data)
}

/// The plan, filled, with what the engine warned about.
#[derive(Debug)]
pub struct Plan {
    /// The .docx bytes.
    pub bytes: Vec<u8>,
    /// Warnings of the template engine (a missing optional value, …).
    pub warnings: Vec<String>,
}

/// Where the plan's pieces come from: the body text and the Word template, each with
/// the name messages use.
#[derive(Debug, Clone, Copy)]
pub struct PlanSources<'a> {
    /// Name of the body file in messages (`dan-van-2017/ke-hoach.txt`).
    pub body_name: &'a str,
    /// The body outline, with its Tera expressions.
    pub body_text: &'a str,
    /// Name of the template in messages (`built-in ke-hoach.docx` or its path).
    pub template_name: &'a str,
    /// The template's bytes.
    pub template: &'a [u8],
}

/// Writes the plan: renders the body text over the campaign, parses and renumbers the
/// outline, closes it with `./.` and fills the template.
pub fn build(
    campaign: &Campaign,
    sources: PlanSources<'_>,
    options: &crate::docx::RenderOptions,
) -> Result<Plan, PlanError> {
    build_document(campaign, &campaign.plan, sources, options)
}

/// Writes one document of the campaign (`meta`: the plan, or a report without
/// figures) from its body text, as [`build`] writes the plan. The built-in
/// templates (plan, or any document) are laid out after filling
/// ([`crate::van_ban::layout::finish`]).
pub fn build_document(
    campaign: &Campaign,
    meta: &DocumentMeta,
    sources: PlanSources<'_>,
    options: &crate::docx::RenderOptions,
) -> Result<Plan, PlanError> {
    let marked = outline::mark_source_lines(sources.body_text);
    let rendered =
        crate::docx::render_text(sources.body_name, &marked, &text_data(campaign), options)
            .map_err(|error| PlanError::BodyTemplate {
                file: sources.body_name.to_string(),
                error,
            })?;
    let body = body_paragraphs(sources.body_name, &rendered)?;
    let data = document_data(campaign, meta, &body);
    let out = crate::docx::render(sources.template, &data, options).map_err(|error| {
        PlanError::Template {
            template: sources.template_name.to_string(),
            error,
        }
    })?;
    let bytes = if sources.template == BUILTIN_TEMPLATE
        || sources.template == crate::van_ban::BUILTIN_TEMPLATE
    {
        let document = crate::van_ban::Document::from_campaign(campaign, meta, &body);
        crate::van_ban::layout::finish(
            &out.bytes,
            &crate::van_ban::layout::header(&document),
            &options.limits,
        )
        .unwrap_or(out.bytes)
    } else {
        out.bytes
    };
    Ok(Plan {
        bytes,
        warnings: out.warnings.iter().map(|w| w.to_string()).collect(),
    })
}

/// Parses the rendered body text into closed (`./.`) outline paragraphs.
pub fn body_paragraphs(file: &str, rendered: &str) -> Result<Vec<Paragraph>, PlanError> {
    let mut paragraphs = outline::parse(file, rendered)?;
    outline::close(&mut paragraphs);
    Ok(paragraphs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_dates_and_anniversaries() {
        let cases = [
            ("1947-07-27", 2017, "27/7/1947", "2017-07-27", "27/7/2017"),
            ("1929-07-28", 2018, "28/7/1929", "2018-07-28", "28/7/2018"),
            ("2016-02-29", 2017, "29/2/2016", "2017-02-28", "28/2/2017"),
            ("2017-01-05", 2017, "5/1/2017", "2017-01-05", "5/1/2017"),
        ];
        for (iso, year, dmy, ky_niem, ky_niem_dmy) in cases {
            let date = Date(chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d").unwrap());
            assert_eq!(
                date_helpers(date, year),
                json!({"iso": iso, "dmy": dmy, "ky_niem": ky_niem, "ky_niem_dmy": ky_niem_dmy}),
                "{iso}"
            );
        }
    }
}
