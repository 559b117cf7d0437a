//! Words for diagnostics: the one place where a [`Diagnostic`]'s code and
//! arguments become a sentence for the terminal.
//!
//! The library never words a problem; this front end does, so the same diagnostic
//! can be printed in another language or shown on a web page.

use vanban::diagnostic::{Arg, Diagnostic, Hint, Location, Severity, Step};

/// What the wording needs besides the diagnostic: the campaign folder as the user
/// typed it, for hints that name a command.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The campaign folder argument, as typed.
    pub campaign: Option<String>,
}

fn text(d: &Diagnostic, name: &str) -> String {
    match d.get(name) {
        Some(Arg::List(items)) => items.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

fn listed(d: &Diagnostic, name: &str, quote: bool) -> String {
    let items: Vec<String> = match d.get(name) {
        Some(Arg::List(items)) => items.clone(),
        Some(other) => vec![other.to_string()],
        None => Vec::new(),
    };
    let shown: Vec<String> = items
        .iter()
        .take(3)
        .map(|i| if quote { format!("`{i}`") } else { i.clone() })
        .collect();
    let mut out = shown.join(", ");
    if items.len() > 3 {
        out.push_str(&format!(" and {} more", items.len() - 3));
    }
    out
}

/// Where a problem is, as a prefix (`file › sheet › cell: `), empty when the
/// message names the place itself.
fn place(location: &Location) -> String {
    match location {
        Location::Nowhere => String::new(),
        Location::File { file } => format!("{file}: "),
        Location::Cell { file, sheet, cell } => {
            let mut parts = vec![file.clone()];
            parts.extend(sheet.clone());
            parts.extend(cell.clone());
            format!("{}: ", parts.join(" › "))
        }
        Location::Line { file, line } => format!("{file}: line {line}: "),
        Location::Field {
            file, path, line, ..
        } => match line {
            Some(l) => format!("{file}: {path} (line {l}): "),
            None => format!("{file}: {path}: "),
        },
        Location::Template {
            file,
            part,
            paragraph,
            tag,
        } => {
            let mut parts = vec![file.clone()];
            parts.extend(part.clone());
            parts.extend(paragraph.map(|p| format!("paragraph {p}")));
            parts.extend(tag.clone());
            format!("{}: ", parts.join(" › "))
        }
    }
}

fn file_of(d: &Diagnostic) -> String {
    d.location.file_name().unwrap_or_default().to_string()
}

/// The sentence for a diagnostic, without its severity.
pub fn message(d: &Diagnostic, ctx: &Context) -> String {
    let file = file_of(d);
    let body = match d.code.as_str() {
        "file.not_found" => return format!("cannot read `{file}`: no such file"),
        "file.unreadable" => return format!("cannot read `{file}`: {}", text(d, "reason")),
        "file.not_utf8" => {
            return format!("`{file}` is not UTF-8 text (save it as UTF-8 in the editor)");
        }
        "file.unwritable" => return format!("cannot write `{file}`: {}", text(d, "reason")),
        "output.is_input" => {
            return format!(
                "refusing to write `{file}`: it is one of the inputs (choose another output path)"
            );
        }
        "output.kept" => {
            return format!(
                "`{file}` was changed since vanban wrote it: the changed copy is kept as `{}`",
                text(d, "kept")
            );
        }
        "mail_merge.exists" => {
            return format!(
                "{}: `{file}` already exists; not replaced (use --overwrite to replace it)",
                text(d, "row")
            );
        }
        "campaign.not_a_folder" => {
            return format!("`{file}` is not a campaign folder (a folder holding campaign.json)");
        }
        "forms.no_units" => "the campaign's roster (`reporting.units`) is empty".to_string(),
        "merge.no_returns" => {
            return format!(
                "no returned spreadsheets in `{file}`: put the files the units sent there (.xlsx, .xls, .ods), then run the merge again"
            );
        }
        "merge.file.rejected" => format!("rejected: {}", text(d, "reasons")),
        "report.not_merged" => {
            return format!(
                "`{file}` is missing: the report is made from the merged figures{}",
                hints(d, ctx, " first")
            );
        }
        "report.merge_stale" => {
            return format!(
                "`{file}` is older than {}: a return came in after the last merge{}",
                listed(d, "newer", true),
                hints(d, ctx, " again")
            );
        }
        "report.other_campaign" => format!(
            "the merged figures are for campaign `{}`, not `{}` (campaign.json › campaign.id)",
            text(d, "found"),
            text(d, "expected")
        ),
        "report.strict" => {
            return format!(
                "refusing to write the report (--strict): the merge found {} error(s):\n{}\nfix the returns and run `vanban merge` again, or run `vanban report` without --strict",
                text(d, "count"),
                text(d, "list")
            );
        }
        "report.inconsistent" => format!("the figures do not add up: {}", text(d, "problems")),
        "report.merged_file" | "campaign.invalid" | "template.failed" | "template.warning"
        | "outline.problem" | "mail_merge.row" | "mail_merge.name" | "forms.build"
        | "merge.xlsx" | "merge.json" | "demo.returns" => {
            let mut s = text(d, "detail");
            if s.is_empty() {
                s = text(d, "reason");
            }
            s
        }
        "campaign.field" => {
            let detail = text(d, "detail");
            match &d.location {
                Location::Field {
                    line: Some(l),
                    column: Some(c),
                    ..
                } => format!("{detail} at line {l} column {c}"),
                _ => detail,
            }
        }
        "plan.body" => return format!("{}{}", text(d, "detail"), hints(d, ctx, "")),
        "mail_merge.name_empty" => {
            format!(
                "the file name `{}` is empty once made safe",
                text(d, "name")
            )
        }
        other => format!("{other} {d}"),
    };
    let place = match &d.location {
        Location::Field {
            line: Some(_),
            file,
            path,
            ..
        } if d.code == "campaign.field" => {
            format!("{file}: {path}: ")
        }
        loc => place(loc),
    };
    let row = match d.get("row") {
        Some(r) => format!("{r}: "),
        None => String::new(),
    };
    format!("{place}{row}{body}{}", hints(d, ctx, ""))
}

/// The hints, worded: the flag that raises a limit, the command to run.
fn hints(d: &Diagnostic, ctx: &Context, when: &str) -> String {
    let mut out = String::new();
    for hint in &d.hints {
        match hint {
            Hint::RaiseLimit(limit) => {
                let flag = super::limits::flag(*limit);
                out.push_str(&format!(" (raise it with {flag} if the file is genuine)"));
            }
            Hint::RunStep(step) => {
                let command = match step {
                    Step::Init => "init",
                    Step::Plan => "plan",
                    Step::Forms => "forms",
                    Step::Receive => "nhan",
                    Step::Merge => "merge",
                    Step::Report => "report",
                };
                match &ctx.campaign {
                    Some(c) => out.push_str(&format!("; run `vanban {command} {c}`{when}")),
                    None => out.push_str(&format!("; run `vanban {command}`{when}")),
                }
            }
        }
    }
    out
}

/// The line to print: `error: …` or `warning: …`.
pub fn line(d: &Diagnostic, ctx: &Context) -> String {
    let prefix = match d.severity {
        Severity::Warning => "warning",
        Severity::Error | Severity::Internal => "error",
    };
    format!("{prefix}: {}", message(d, ctx))
}

/// The exit code for a command's diagnostics: 2 when the machine or the tool
/// failed, 1 when the input is wrong, 0 otherwise. The one place it is decided.
pub fn exit_code(diagnostics: &[Diagnostic]) -> u8 {
    if diagnostics.iter().any(|d| d.severity == Severity::Internal) {
        2
    } else if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_worst_diagnostic() {
        let w = Diagnostic::warning("template.warning", Location::Nowhere);
        let e = Diagnostic::error("file.not_found", Location::file("a"));
        let i = Diagnostic::internal("merge.xlsx", Location::Nowhere);
        assert_eq!(exit_code(&[]), 0);
        assert_eq!(exit_code(std::slice::from_ref(&w)), 0);
        assert_eq!(exit_code(&[w.clone(), e.clone()]), 1);
        assert_eq!(exit_code(&[e, i, w]), 2);
    }

    #[test]
    fn every_workflow_code_has_words() {
        for code in vanban::workflow::codes() {
            let d = Diagnostic::error(code, Location::file("f"));
            let m = message(&d, &Context::default());
            assert!(!m.starts_with(code), "{code} has no words: {m}");
        }
    }
}
