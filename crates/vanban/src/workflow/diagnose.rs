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
    "campaign.field",
    "campaign.invalid",
    "plan.body",
    "outline.problem",
    "template.failed",
    "template.warning",
    "report.merged_file",
    "report.other_campaign",
    "report.strict",
    "report.inconsistent",
];

/// A campaign file that could not be used.
pub fn campaign_error(file: &str, e: CampaignError) -> Vec<Diagnostic> {
    match e {
        CampaignError::Field { path, message, .. } => {
            let (line, column) = line_column(&message);
            vec![
                Diagnostic::error(
                    "campaign.field",
                    Location::Field {
                        file: file.to_string(),
                        path,
                        line,
                        column,
                    },
                )
                .arg("detail", strip_line_column(&message)),
            ]
        }
        CampaignError::Invalid { problems, .. } => problems
            .into_iter()
            .map(|p| {
                let (path, detail) = p.split_once(": ").unwrap_or(("", p.as_str()));
                Diagnostic::error(
                    "campaign.invalid",
                    Location::Field {
                        file: file.to_string(),
                        path: path.to_string(),
                        line: None,
                        column: None,
                    },
                )
                .arg("detail", detail)
            })
            .collect(),
    }
}

/// serde_json ends its messages with "at line L column C".
fn line_column(message: &str) -> (Option<usize>, Option<usize>) {
    let Some(at) = message.rfind(" at line ") else {
        return (None, None);
    };
    let rest = &message[at + " at line ".len()..];
    let mut parts = rest.split(" column ");
    let line = parts.next().and_then(|l| l.trim().parse().ok());
    let column = parts.next().and_then(|c| c.trim().parse().ok());
    (line, column)
}

fn strip_line_column(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) if line_column(message).0.is_some() => message[..at].to_string(),
        _ => message.to_string(),
    }
}

/// The limit an engine error names, for the hint that raises it.
fn limit_in(error: &RenderError) -> Option<Limit> {
    error.limit()
}

/// A template that could not be filled.
pub fn render_error(template: &str, e: &RenderError) -> Diagnostic {
    let mut d = Diagnostic::error(
        "template.failed",
        Location::Template {
            file: template.to_string(),
            part: None,
            paragraph: None,
            tag: None,
        },
    )
    .arg("detail", e.to_string());
    if let Some(limit) = limit_in(e) {
        d = d.hint(Hint::RaiseLimit(limit));
    }
    d
}

/// A warning of the engine while filling `template`.
pub fn template_warning(template: &str, w: &str) -> Diagnostic {
    Diagnostic::warning("template.warning", Location::file(template)).arg("detail", w)
}

/// A warning of the engine, typed.
pub fn engine_warning(template: &str, w: &TemplateWarning) -> Diagnostic {
    template_warning(template, &w.to_string())
}

/// The plan could not be made.
pub fn plan_error(e: PlanError, body: &str, template: &str) -> Vec<Diagnostic> {
    match e {
        PlanError::BodyTemplate { message, .. } => {
            vec![Diagnostic::error("plan.body", Location::file(body)).arg("detail", message)]
        }
        PlanError::Outline(o) => o
            .problems
            .into_iter()
            .map(|p| {
                Diagnostic::error("outline.problem", Location::line(o.file.as_str(), p.line))
                    .arg("detail", p.message)
            })
            .collect(),
        PlanError::Template { error, .. } => vec![render_error(template, &error)],
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
            .map(|p| {
                Diagnostic::error("outline.problem", Location::line(o.file.as_str(), p.line))
                    .arg("detail", p.message)
            })
            .collect(),
        ReportError::Body { file, message } => {
            vec![Diagnostic::error("plan.body", Location::file(file)).arg("detail", message)]
        }
        ReportError::Template { template, error } => vec![render_error(&template, &error)],
        ReportError::Render(message) => {
            vec![Diagnostic::internal("template.failed", Location::Nowhere).arg("detail", message)]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_positions_become_the_location() {
        let cases = [
            (
                "expected `,` or `}` at line 4 column 5",
                (Some(4), Some(5)),
                "expected `,` or `}`",
            ),
            ("no position here", (None, None), "no position here"),
        ];
        for (message, position, detail) in cases {
            assert_eq!(line_column(message), position, "{message}");
            assert_eq!(strip_line_column(message), detail, "{message}");
        }
    }
}
