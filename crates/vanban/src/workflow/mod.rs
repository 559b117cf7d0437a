//! One function per step of the work, the same for the command line, the demo, the
//! tests and the web desk: [`plan`], [`forms`], [`receive()`] (returned files into
//! `returns/`), [`merge`], [`report`], [`mail_merge()`] and [`demo`].
//!
//! Each takes the campaign [`Folder`] it reads and writes through, and its
//! options, and returns an [`Outcome`]: what it produced and every [`Diagnostic`]
//! found. A step never prints, never reads the clock or the environment and never
//! decides an exit code: the front end does, from the diagnostics.

mod diagnose;
pub mod mail_merge;
pub mod receive;
mod steps;

use crate::campaign::Campaign;
use crate::diagnostic::{Diagnostic, Location, Outcome};
use crate::folder::{self, Folder};

pub use diagnose::{
    EXCERPT, campaign_error, campaign_memory, engine_warning, render_error, template_memory,
    template_problem,
};
pub use mail_merge::{MailMergeOptions, MailMergeOutput, mail_merge};
pub use receive::{Receipt, ReceiveOptions, ReceiveOutput, Received, receive};
pub use steps::{
    DemoOptions, DemoOutput, FormsOptions, FormsOutput, MergeOptions, MergeOutput, PlanOptions,
    PlanOutput, ReportOptions, ReportOutput, ReturnsChanged, VanBanOptions, VanBanOutput, Word,
    demo, forms, merge, plan, report, returns_changed, van_ban,
};

/// Every diagnostic code the steps give (the message files must word each one).
pub fn codes() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = Vec::new();
    all.extend_from_slice(folder::CODES);
    all.extend_from_slice(diagnose::CODES);
    all.extend_from_slice(crate::campaign::outline::Problem::CODES);
    all.extend_from_slice(mail_merge::CODES);
    all.extend_from_slice(receive::CODES);
    all.extend_from_slice(steps::CODES);
    all.extend_from_slice(crate::van_ban::source::SourceProblem::CODES);
    all.sort_unstable();
    all.dedup();
    all
}

/// Where a campaign keeps its files: the paths every step and every front end share.
pub mod paths {
    /// The campaign file.
    pub const CAMPAIGN: &str = "campaign.json";
    /// The plan.
    pub const PLAN: &str = "out/ke-hoach.docx";
    /// The forms, one per unit.
    pub const FORMS: &str = "out/bieu-mau";
    /// The merged workbook.
    pub const TONGHOP_XLSX: &str = "out/tong-hop.xlsx";
    /// The merged data, read by the report.
    pub const TONGHOP_JSON: &str = "out/tong-hop.json";
    /// The result report.
    pub const REPORT: &str = "out/bao-cao.docx";
    /// A campaign's own templates (`templates/ke-hoach.docx`, `templates/bao-cao.docx`).
    pub const TEMPLATES: &str = "templates";
}

/// Reads and checks the campaign file: the one loader every step uses (text read
/// once, byte-order mark stripped).
pub fn load_campaign(folder: &dyn Folder) -> Result<Campaign, Vec<Diagnostic>> {
    if !folder.exists(paths::CAMPAIGN) {
        return Err(vec![
            Diagnostic::error("campaign.not_a_folder", Location::file(folder.display(""))).hint(
                crate::diagnostic::Hint::RunStep(crate::diagnostic::Step::Init),
            ),
        ]);
    }
    let text = folder::read_text(folder, paths::CAMPAIGN).map_err(|d| vec![d])?;
    Campaign::from_json(&folder.display(paths::CAMPAIGN), &text)
        .map_err(|e| diagnose::campaign_error(&folder.display(paths::CAMPAIGN), e))
}

/// A step that stops on its first I/O or input error: turns `Err(diagnostics)`
/// into a failed [`Outcome`] keeping the diagnostics found so far.
fn stop<T>(mut found: Vec<Diagnostic>, more: Vec<Diagnostic>) -> Outcome<T> {
    found.extend(more);
    Outcome::failed(found)
}
