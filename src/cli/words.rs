//! The terminal's words for a step's diagnostics: the line printed for each (worded
//! from the message files of the user's language, [`crate::i18n`]) and the exit code
//! they make.
//!
//! The library never words a problem; this front end does, so the same diagnostic
//! can be printed in another language or shown on a web page.

use vanban::diagnostic::{Diagnostic, Severity};

/// What the wording needs besides the diagnostic: the campaign folder as the user
/// typed it, so a hint to run a step gives the whole command.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The campaign folder argument, as typed.
    pub campaign: Option<String>,
}

/// The lines to print for `d`: `lỗi: …` then where, why and what to do, each on
/// its own indented line.
pub fn line(d: &Diagnostic, ctx: &Context) -> String {
    crate::i18n::current()
        .word_in(d, ctx.campaign.as_deref())
        .to_string()
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
    use vanban::diagnostic::{Hint, Location, Step};

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
    fn a_hint_to_run_a_step_names_the_campaign_as_typed() {
        let d = Diagnostic::error("report.not_merged", Location::file("out/tong-hop.json"))
            .hint(Hint::RunStep(Step::Merge));
        let ctx = |c: &str| Context {
            campaign: Some(c.to_string()),
        };
        let plain = line(&d, &ctx("dot-1"));
        assert!(plain.ends_with("`vanban merge dot-1`"), "{plain}");
        let spaced = line(&d, &ctx(r"C:\Đợt 1"));
        assert!(spaced.ends_with(r#"`vanban merge "C:\Đợt 1"`"#), "{spaced}");
    }
}
