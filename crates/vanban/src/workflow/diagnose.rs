//! The errors of the campaign's documents, as diagnostics: one code per kind of
//! problem, its values as arguments, its place as a location.
//!
//! The template engine (`vanban-docx`) is a library of its own that words its
//! problems in English; its text travels as the `detail` argument, and the limit
//! it names (if any) becomes a [`Hint::RaiseLimit`].

use crate::campaign::CampaignError;
use crate::campaign::plan::PlanError;
use crate::campaign::report::{ReportError, SUMMARY_LINES};
use crate::diagnostic::{Diagnostic, Hint, Location, Step};
use crate::docx::{RenderError, TemplateWarning};
use crate::limits::Limit;
use crate::limits::Limited as _;

/// Every code this module gives.
pub const CODES: &[&str] = &[
    "campaign.json.missing_comma",
    "campaign.json.trailing_comma",
    "campaign.json.unexpected_end",
    "campaign.json.unquoted_key",
    "campaign.json.expected_value",
    "campaign.json.syntax",
    "campaign.field.missing",
    "campaign.field.unknown",
    "campaign.field.unknown_value",
    "campaign.field.date",
    "campaign.field.type",
    "campaign.unit.empty_code",
    "campaign.unit.duplicate_code",
    "campaign.indicator.bad_code",
    "campaign.indicator.duplicate_code",
    "campaign.period.order",
    "campaign.check.unknown_indicator",
    "campaign.check.text_indicator",
    "campaign.check.itself",
    "campaign.check.times",
    "template.failed",
    "template.warning",
    "template.data_not_object",
    "template.syntax",
    "template.nested_too_deep",
    "template.not_inside_if",
    "template.wrong_close",
    "template.never_opened",
    "template.never_closed",
    "template.missing_variable",
    "template.missing_field",
    "template.missing_list",
    "template.cannot_render",
    "template.rich_text",
    "template.cell_tag_outside_cell",
    "template.cell_colour",
    "template.problem",
    "template.empty_value",
    "template.not_word",
    "template.xml",
    "template.too_deep",
    "template.output_too_large",
    // issue 16 (hardening): said by a front end that counts memory (the library
    // cannot), through `template_memory` and `campaign_memory`.
    "template.memory",
    "campaign.memory",
    "report.merged_file",
    "report.other_campaign",
    "report.strict",
    "report.inconsistent",
];

/// A template that needed more than `limit_mb` MB of memory
/// ([`crate::limits::Limits::max_memory_bytes`]) while it was filled. The library
/// cannot see memory: the front end that counts it says so with this.
pub fn template_memory(template: &str, limit_mb: u64) -> Diagnostic {
    Diagnostic::error("template.memory", Location::file(template))
        .arg("limit", limit_mb as i64)
        .hint(Hint::RaiseLimit(Limit::Memory))
}

/// The same for a campaign's plan or report (`step`), whose template and outline
/// (the `body` text named in campaign.json) are the campaign folder's files.
pub fn campaign_memory(campaign: &str, step: Step, limit_mb: u64) -> Diagnostic {
    let document = match step {
        Step::Plan => "plan",
        _ => "report",
    };
    Diagnostic::error("campaign.memory", Location::file(campaign))
        .arg("document", document)
        .arg("limit", limit_mb as i64)
        .hint(Hint::RaiseLimit(Limit::Memory))
}

/// A campaign file that could not be used: each problem at its field and line.
pub fn campaign_error(file: &str, e: CampaignError) -> Vec<Diagnostic> {
    use crate::campaign::model::{FieldProblem as F, InvalidKind as I};
    let at = |path: String, line: Option<usize>, column: Option<usize>| Location::Field {
        file: file.to_string(),
        path,
        line,
        column,
    };
    match e {
        CampaignError::Field {
            path,
            message,
            line,
            column,
            kind,
            ..
        } => {
            // Broken JSON has no field yet: the line says where.
            let json = |code: &str| match line {
                Some(l) => Diagnostic::error(code, Location::line(file, l)),
                None => Diagnostic::error(code, Location::file(file)),
            };
            let field = |code: &str| Diagnostic::error(code, at(path.clone(), line, column));
            let d = match kind {
                F::MissingComma => json("campaign.json.missing_comma"),
                F::TrailingComma => json("campaign.json.trailing_comma"),
                F::UnexpectedEnd => json("campaign.json.unexpected_end"),
                F::UnquotedKey => json("campaign.json.unquoted_key"),
                F::ExpectedValue => json("campaign.json.expected_value"),
                F::Syntax => json("campaign.json.syntax").arg("reason", message),
                F::Missing { field: name } => field("campaign.field.missing").arg("field", name),
                F::Unknown {
                    field: name,
                    closest,
                } => field("campaign.field.unknown")
                    .arg("field", name)
                    // `none` when no field is close: the message then suggests nothing.
                    .arg("closest", closest.unwrap_or_else(|| "none".into())),
                F::UnknownValue { value, allowed } => field("campaign.field.unknown_value")
                    .arg("value", value)
                    .arg("allowed", allowed),
                F::Date { text } => field("campaign.field.date").arg("text", text),
                F::Type { found, expected } => field("campaign.field.type")
                    .arg("found", found)
                    .arg("expected", expected),
            };
            vec![d]
        }
        CampaignError::Invalid { problems, .. } => problems
            .into_iter()
            .map(|p| {
                let here = at(p.path.clone(), None, None);
                match p.kind {
                    I::EmptyUnitCode => Diagnostic::error("campaign.unit.empty_code", here),
                    I::DuplicateUnitCode(code) => {
                        Diagnostic::error("campaign.unit.duplicate_code", here).arg("code", code)
                    }
                    I::BadIndicatorCode(code) => {
                        Diagnostic::error("campaign.indicator.bad_code", here).arg("code", code)
                    }
                    I::DuplicateIndicatorCode(code) => {
                        Diagnostic::error("campaign.indicator.duplicate_code", here)
                            .arg("code", code)
                    }
                    I::CheckUnknownIndicator(code) => {
                        Diagnostic::error("campaign.check.unknown_indicator", here)
                            .arg("code", code)
                    }
                    I::CheckTextIndicator(code) => {
                        Diagnostic::error("campaign.check.text_indicator", here).arg("code", code)
                    }
                    I::CheckItself(code) => {
                        Diagnostic::error("campaign.check.itself", here).arg("code", code)
                    }
                    I::CheckTimes(times) => {
                        Diagnostic::error("campaign.check.times", here).arg("times", times)
                    }
                    I::PeriodOrder { from, to } => Diagnostic::error("campaign.period.order", here)
                        .arg("from", from.to_string())
                        .arg("to", to.to_string()),
                }
            })
            .collect(),
    }
}

/// The limit an engine error names, for the hint that raises it.
fn limit_in(error: &RenderError) -> Option<Limit> {
    error.limit()
}

/// A template that could not be filled: each of its problems at its part ›
/// paragraph › tag, or the whole template's failure.
pub fn render_error(template: &str, e: &RenderError) -> Vec<Diagnostic> {
    let whole = || template_at(template, None);
    let mut out = match e {
        RenderError::Template(problems) => problems
            .iter()
            .map(|p| template_problem(template, p))
            .collect(),
        RenderError::DataNotObject { found } => vec![
            Diagnostic::error("template.data_not_object", Location::file(template)).arg(
                "found",
                found.trim_start_matches("an ").trim_start_matches("a "),
            ),
        ],
        RenderError::Package(p) => vec![crate::diagnostic::package(whole(), p)],
        RenderError::NotWord => vec![Diagnostic::error("template.not_word", whole())],
        RenderError::Xml {
            part,
            entry,
            reason,
            ..
        } => vec![
            Diagnostic::error("template.xml", whole())
                .arg("part", part.as_str())
                .arg("entry", entry.as_str())
                .arg("reason", reason.as_str()),
        ],
        RenderError::TooDeep {
            part, entry, max, ..
        } => vec![
            Diagnostic::error("template.too_deep", whole())
                .arg("part", part.as_str())
                .arg("entry", entry.as_str())
                .arg("max", *max),
        ],
        RenderError::TooLarge { part, limit } => vec![
            Diagnostic::error("template.output_too_large", whole())
                .arg("part", part.as_str())
                .arg("limit", *limit),
        ],
        other => {
            vec![Diagnostic::error("template.failed", whole()).arg("detail", other.to_string())]
        }
    };
    if let Some(limit) = limit_in(e) {
        for d in &mut out {
            if !d.hints.contains(&Hint::RaiseLimit(limit)) {
                d.hints.push(Hint::RaiseLimit(limit));
            }
        }
    }
    out
}

/// Where the engine says a tag is, as a diagnostic's location: the template's part
/// › table cell › paragraph › tag; a plain text (a file-name pattern, an outline)
/// by its line.
fn template_at(template: &str, at: Option<&crate::docx::Location>) -> Location {
    match at {
        Some(l) if l.by_line => Location::line(l.part.as_str(), l.paragraph),
        Some(l) => Location::Template {
            file: template.to_string(),
            part: Some(l.part.clone()),
            table: l.cell,
            paragraph: Some(l.paragraph),
            tag: l.text.get(l.span.clone()).map(str::to_string),
        },
        None => Location::Template {
            file: template.to_string(),
            part: None,
            table: None,
            paragraph: None,
            tag: None,
        },
    }
}

/// The argument holding the paragraph's text with the tag marked (`▶{{ ten }}◀`),
/// shown under the place.
pub const EXCERPT: &str = "excerpt";

/// One problem of the engine as a diagnostic: its kind as the code, the tag and
/// the paragraph's text as arguments, Tera's own words as the reason.
pub fn template_problem(template: &str, p: &crate::docx::Problem) -> Diagnostic {
    use crate::docx::ProblemKind as K;
    let location = template_at(template, p.location.as_ref());
    let tag = p
        .location
        .as_ref()
        .and_then(|l| l.text.get(l.span.clone()))
        .unwrap_or_default()
        .to_string();
    let d = |code: &str| Diagnostic::error(code, location.clone());
    let mut d = match &p.kind {
        K::Syntax => d("template.syntax"),
        K::NestedTooDeep { max } => d("template.nested_too_deep").arg("max", *max),
        K::NotInsideIf => d("template.not_inside_if").arg("tag", tag),
        K::WrongClose { open } => d("template.wrong_close")
            .arg("tag", tag)
            .arg("open", open.as_str()),
        K::NeverOpened => d("template.never_opened").arg("tag", tag),
        K::NeverClosed { close } => d("template.never_closed")
            .arg("tag", tag)
            .arg("close", close.as_str()),
        K::MissingVariable { name } => d("template.missing_variable").arg("name", name.as_str()),
        K::MissingField { field } => d("template.missing_field").arg("field", field.as_str()),
        K::MissingList { name } => d("template.missing_list").arg("name", name.as_str()),
        K::CannotRender => d("template.cannot_render"),
        K::RichText { at, expected } => d("template.rich_text")
            .arg("at", if at.is_empty() { "none" } else { at.as_str() })
            .arg("expected", expected.code()),
        K::CellTagOutsideCell => d("template.cell_tag_outside_cell").arg("tag", tag),
        K::CellColour { value } => d("template.cell_colour")
            .arg("tag", tag)
            .arg("value", value.as_str()),
        _ => d("template.problem").arg("detail", p.message.as_str()),
    };
    if let Some(l) = &p.location {
        d = d.arg(EXCERPT, l.marked_text());
    }
    if !p.causes.is_empty() {
        d = d.arg("reason", p.causes.join("; "));
    }
    if let Some(limit) = p.limit {
        d = d.hint(Hint::RaiseLimit(limit));
    }
    d
}

/// A warning of the engine while filling `template`.
pub fn template_warning(template: &str, w: &str) -> Diagnostic {
    Diagnostic::warning("template.warning", Location::file(template)).arg("detail", w)
}

/// A warning of the engine, typed: a value the data lacks (rendered empty under
/// `--lenient`) is said with its name, at its tag.
pub fn engine_warning(template: &str, w: &TemplateWarning) -> Diagnostic {
    let Some(name) = &w.missing else {
        return template_warning(template, &w.to_string());
    };
    let mut d = Diagnostic::warning(
        "template.empty_value",
        template_at(template, w.location.as_ref()),
    )
    .arg("name", name.as_str());
    if let Some(l) = &w.location {
        d = d.arg(EXCERPT, l.marked_text());
    }
    d
}

/// A document's body text (`ke-hoach.txt`, `bao-cao.txt`) whose tags could not be
/// filled: each problem as a template's, at its line, in the front end's words,
/// with the source-line marks the outline needs taken out of what is shown.
fn body_error(file: &str, error: &RenderError) -> Vec<Diagnostic> {
    use crate::campaign::outline::strip_source_marks;
    use crate::diagnostic::Arg;
    render_error(file, error)
        .into_iter()
        .map(|mut d| {
            for (_, arg) in &mut d.arguments {
                match arg {
                    Arg::Text(t) => *t = strip_source_marks(t),
                    Arg::List(items) => {
                        for t in items {
                            *t = strip_source_marks(t);
                        }
                    }
                    Arg::Int(_) | Arg::Number(_) => {}
                }
            }
            if let Location::Template { tag: Some(tag), .. } = &mut d.location {
                *tag = strip_source_marks(tag);
            }
            d
        })
        .collect()
}

/// The plan could not be made.
pub fn plan_error(e: PlanError, template: &str) -> Vec<Diagnostic> {
    match e {
        PlanError::BodyTemplate { file, error } => body_error(&file, &error),
        PlanError::Outline(o) => o
            .problems
            .into_iter()
            .map(|p| p.diagnostic(&o.file))
            .collect(),
        PlanError::Template { error, .. } => render_error(template, &error),
    }
}

/// The report could not be made.
pub fn report_error(e: ReportError, merged: &str) -> Vec<Diagnostic> {
    match e {
        ReportError::MergedFile { message, .. } => vec![
            Diagnostic::error("report.merged_file", Location::file(merged))
                .arg("detail", message)
                .hint(Hint::RunStep(Step::Merge)),
        ],
        ReportError::OtherCampaign {
            found, expected, ..
        } => vec![
            Diagnostic::error("report.other_campaign", Location::file(merged))
                .arg("found", found)
                .arg("expected", expected)
                .hint(Hint::RunStep(Step::Merge)),
        ],
        // The refusal, then the merge's first errors, each with its place; all of
        // them are in `tong-hop.xlsx`.
        ReportError::StrictErrors { errors } => {
            let mut out = vec![
                Diagnostic::error("report.strict", Location::file(merged))
                    .arg("count", errors.len())
                    .arg("shown", errors.len().min(SUMMARY_LINES))
                    .arg("more", errors.len().saturating_sub(SUMMARY_LINES)),
            ];
            out.extend(errors.into_iter().take(SUMMARY_LINES));
            out
        }
        ReportError::Inconsistent { problems, .. } => vec![
            Diagnostic::error("report.inconsistent", Location::file(merged))
                .arg("problems", problems)
                .hint(Hint::RunStep(Step::Merge)),
        ],
        ReportError::Outline(o) => o
            .problems
            .into_iter()
            .map(|p| p.diagnostic(&o.file))
            .collect(),
        ReportError::Body { file, error } => body_error(&file, &error),
        ReportError::Template { template, error } => render_error(&template, &error),
        ReportError::Render(message) => {
            vec![Diagnostic::internal("template.failed", Location::Nowhere).arg("detail", message)]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sample campaign with `from` replaced by `to` (once), as a clerk's edit.
    fn edited(from: &str, to: &str) -> String {
        let sample = crate::campaign::sample::FILES
            .iter()
            .find(|(n, _)| *n == "campaign.json")
            .map(|(_, t)| t.to_string())
            .unwrap_or_default();
        assert!(sample.contains(from), "{from:?} not in the sample");
        sample.replacen(from, to, 1)
    }

    fn diagnose(text: &str) -> Vec<Diagnostic> {
        match crate::campaign::Campaign::from_json("campaign.json", text) {
            Ok(_) => Vec::new(),
            Err(e) => campaign_error("campaign.json", e),
        }
    }

    fn line_of(text: &str, needle: &str) -> usize {
        text.lines().position(|l| l.contains(needle)).unwrap() + 1
    }

    #[test]
    fn a_missing_comma_is_named_at_the_line_that_lacks_it() {
        let text = edited("\"year\": 2017\n  },", "\"year\": 2017\n  }");
        let d = diagnose(&text);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, "campaign.json.missing_comma");
        // The `}` that closes `campaign` lacks the comma, not the `"issuer"` line
        // where the parser noticed.
        let closing = line_of(&text, "\"year\": 2017") + 1;
        assert_eq!(d[0].location, Location::line("campaign.json", closing));
    }

    #[test]
    fn each_broken_field_gets_its_code() {
        let cases = [
            (
                edited("\"2017-06-28\"", "\"31/6/2017\""),
                "campaign.field.date",
                "text",
                "31/6/2017",
            ),
            (
                edited("\"archive\": \"VP\"", "\"achive\": \"VP\""),
                "campaign.field.unknown",
                "closest",
                "archive",
            ),
            (
                edited("\"archive\": \"VP\"", "\"zzz\": \"VP\""),
                "campaign.field.unknown",
                "closest",
                "none",
            ),
            (
                edited("\"kind\": \"count\"", "\"kind\": \"many\""),
                "campaign.field.unknown_value",
                "value",
                "many",
            ),
            (
                edited("\"number\": 5,", "\"number\": \"năm\","),
                "campaign.field.type",
                "found",
                "text",
            ),
            (
                edited("\"number\": 5,", ""),
                "campaign.field.missing",
                "field",
                "number",
            ),
            (
                edited("\"number\": 5,", "number: 5,"),
                "campaign.json.unquoted_key",
                "",
                "",
            ),
            (
                edited("\"VP\"\n", "\"VP\",\n"),
                "campaign.json.trailing_comma",
                "",
                "",
            ),
        ];
        for (text, code, arg, value) in cases {
            let d = diagnose(&text);
            assert_eq!(d.len(), 1, "{code}: {d:?}");
            assert_eq!(d[0].code, code, "{d:?}");
            if !arg.is_empty() {
                assert_eq!(
                    d[0].get(arg).map(ToString::to_string).as_deref(),
                    Some(value),
                    "{d:?}"
                );
            }
        }
    }

    #[test]
    fn dates_are_read_as_clerks_type_them() {
        for typed in [
            "27/7/2017",
            "27/07/2017",
            "27-7-2017",
            "27.7.2017",
            "2017-07-27",
        ] {
            let text = edited(
                "\"deadline\": \"2017-07-27\"",
                &format!("\"deadline\": \"{typed}\""),
            );
            let c = crate::campaign::Campaign::from_json("campaign.json", &text).unwrap();
            assert_eq!(c.reporting.deadline.to_string(), "2017-07-27", "{typed}");
        }
        for wrong in ["31/6/2017", "7/27/2017", "27/7/17", "hôm nay"] {
            assert!(
                crate::campaign::model::Date::parse(wrong).is_none(),
                "{wrong}"
            );
        }
    }

    #[test]
    fn problems_between_fields_are_each_named_at_their_field() {
        let text = edited("\"code\": \"CD02\"", "\"code\": \"CD01\"");
        let d = diagnose(&text);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, "campaign.unit.duplicate_code");
        assert!(
            matches!(&d[0].location, Location::Field { path, .. } if path == "reporting.units[1].code"),
            "{d:?}"
        );
    }
}
