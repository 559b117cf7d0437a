//! The campaign's steps: plan, forms, merge, report, and the demo that runs them
//! all on the sample.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};

use super::{diagnose, load_campaign, paths, stop};
use crate::campaign::demo::{self as simulation, Scenario};
use crate::campaign::{Campaign, plan as plan_doc, report as report_doc};
use crate::diagnostic::Diagnostic as Diag;
use crate::diagnostic::{Diagnostic, Hint, Location, Outcome, Step};
use crate::folder::{self, Folder};
use crate::limits::Limits;
use crate::sheets::forms as form_sheets;
use crate::sheets::merge::{self as merging, InputFile, WorkbookReader, Workers};
use crate::tonghop::TongHop;

/// Every code this module gives.
pub const CODES: &[&str] = &[
    "campaign.not_a_folder",
    "output.is_input",
    "forms.no_units",
    "forms.build",
    "merge.no_returns",
    "merge.xlsx",
    "merge.json",
    "merge.file.rejected",
    "report.pair_mismatch",
    "report.not_merged",
    "report.merge_stale",
    "demo.returns",
    "campaign.no_report",
    "campaign.no_reporting",
];

/// Refuses a step that needs the campaign's `reporting` block (roster, indicators,
/// deadline) when the file has none.
pub(crate) fn need_reporting(campaign: &Campaign) -> Result<(), Diagnostic> {
    if campaign.given.reporting {
        Ok(())
    } else {
        Err(Diagnostic::error(
            "campaign.no_reporting",
            Location::file(paths::CAMPAIGN),
        ))
    }
}

/// The campaign's own template `templates/NAME` when it has one, else the built-in
/// one: its name for messages (the bare `NAME` for the built-in one, which the
/// front end calls so in its language), its folder path (when a file, `None` for
/// the built-in one) and its bytes.
fn pick_template(
    folder: &dyn Folder,
    name: &str,
    builtin: &'static [u8],
) -> Result<(String, Option<String>, Vec<u8>), Diagnostic> {
    let own = format!("{}/{name}", paths::TEMPLATES);
    if folder.exists(&own) {
        let bytes = folder::read(folder, &own)?;
        Ok((folder.display(&own), Some(own), bytes))
    } else {
        Ok((name.to_string(), None, builtin.to_vec()))
    }
}

/// Refuses an output that would replace one of the step's inputs.
fn ensure_not_input(folder: &dyn Folder, output: &str, inputs: &[&str]) -> Result<(), Diagnostic> {
    if folder.same_file_as_any(output, inputs) {
        return Err(Diagnostic::error(
            "output.is_input",
            Location::file(folder.display(output)),
        ));
    }
    Ok(())
}

/// Writes a filled document: the template's warnings, then the output (a copy
/// edited by hand kept first). The plan and the report end the same way.
fn write_document<T>(
    folder: &dyn Folder,
    output: &str,
    bytes: &[u8],
    warnings: &[String],
    template_name: &str,
) -> Result<Vec<Diagnostic>, Outcome<T>> {
    let mut diagnostics: Vec<Diagnostic> = warnings
        .iter()
        .map(|w| diagnose::template_warning(template_name, w))
        .collect();
    match folder::write_output(folder, output, bytes) {
        Ok(kept) => diagnostics.extend(kept),
        Err(d) => return Err(stop(diagnostics, vec![d])),
    }
    Ok(diagnostics)
}

/// Options of [`plan`].
#[derive(Debug, Clone)]
pub struct PlanOptions {
    /// Limits on the template read.
    pub limits: Limits,
    /// Where to write the plan, in the folder (default [`paths::PLAN`]).
    pub output: String,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            limits: Limits::default(),
            output: paths::PLAN.to_string(),
        }
    }
}

/// What [`plan`] wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanOutput {
    /// The plan's path in the folder.
    pub path: String,
    /// Its symbol (`05/KH-LĐLĐ`).
    pub symbol: String,
    /// The campaign's own template used, as named in messages; `None` for the
    /// built-in one.
    pub template: Option<String>,
}

/// Writes the official plan ("Kế hoạch") of the campaign.
pub fn plan(folder: &dyn Folder, options: &PlanOptions) -> Outcome<PlanOutput> {
    let campaign = match load_campaign(folder) {
        Ok(c) => c,
        Err(d) => return Outcome::failed(d),
    };
    let made = match fill_document(
        folder,
        &campaign,
        &campaign.plan,
        (plan_doc::TEMPLATE_NAME, plan_doc::BUILTIN_TEMPLATE),
        &options.output,
        options.limits,
    ) {
        Ok(m) => m,
        Err(d) => return Outcome::failed(d),
    };
    let (built, template_name, template_path) =
        (made.built, made.template_name, made.template_path);
    let diagnostics = match write_document(
        folder,
        &options.output,
        &built.bytes,
        &built.warnings,
        &template_name,
    ) {
        Ok(d) => d,
        Err(failed) => return failed,
    };
    Outcome {
        output: Some(PlanOutput {
            path: options.output.clone(),
            symbol: campaign.symbol(&campaign.plan),
            template: template_path.map(|_| template_name),
        }),
        diagnostics,
    }
}

/// A campaign document filled from its body text, and where its pieces came from.
struct Filled {
    built: plan_doc::Plan,
    template_name: String,
    template_path: Option<String>,
    body_name: String,
}

/// Fills one document of the campaign (`meta`: the plan, or a report without
/// figures) from its body text, in the campaign's own `templates/NAME` or the
/// built-in template given (`template`: its file name and bytes); `output` may not
/// be one of its inputs.
fn fill_document(
    folder: &dyn Folder,
    campaign: &Campaign,
    meta: &crate::campaign::model::DocumentMeta,
    template: (&str, &'static [u8]),
    output: &str,
    limits: Limits,
) -> Result<Filled, Vec<Diagnostic>> {
    let body_path = meta.body.clone();
    let body_text = folder::read_text(folder, &body_path).map_err(|d| vec![d])?;
    let (template_name, template_path, template) =
        pick_template(folder, template.0, template.1).map_err(|d| vec![d])?;
    let mut inputs = vec![paths::CAMPAIGN, body_path.as_str()];
    if let Some(p) = &template_path {
        inputs.push(p);
    }
    ensure_not_input(folder, output, &inputs).map_err(|d| vec![d])?;
    let render_options = crate::docx::RenderOptions {
        limits,
        ..crate::filters::options()
    };
    let body_name = folder.display(&body_path);
    let built = plan_doc::build_document(
        campaign,
        meta,
        plan_doc::PlanSources {
            body_name: &body_name,
            body_text: &body_text,
            template_name: &template_name,
            template: &template,
        },
        &render_options,
    )
    .map_err(|e| diagnose::plan_error(e, &template_name))?;
    Ok(Filled {
        built,
        template_name,
        template_path,
        body_name,
    })
}

/// Options of [`forms`].
#[derive(Debug, Clone)]
pub struct FormsOptions {
    /// The folder to write the forms into (default [`paths::FORMS`]).
    pub output: String,
    /// The address of each unit's own page, by unit code (the web desk's links,
    /// when units send their returns themselves): printed on its form.
    pub links: BTreeMap<String, String>,
}

impl Default for FormsOptions {
    fn default() -> Self {
        FormsOptions {
            output: paths::FORMS.to_string(),
            links: BTreeMap::new(),
        }
    }
}

/// What [`forms`] wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct FormsOutput {
    /// The folder written into.
    pub folder: String,
    /// Each form's path, in roster order.
    pub paths: Vec<String>,
}

/// Writes one reporting form (.xlsx) per unit of the roster.
pub fn forms(folder: &dyn Folder, options: &FormsOptions) -> Outcome<FormsOutput> {
    let campaign = match load_campaign(folder) {
        Ok(c) => c,
        Err(d) => return Outcome::failed(d),
    };
    if let Err(d) = need_reporting(&campaign) {
        return Outcome::failed(vec![d]);
    }
    if campaign.reporting.units.is_empty() {
        return Outcome::failed(vec![Diagnostic::error(
            "forms.no_units",
            Location::Field {
                file: folder.display(paths::CAMPAIGN),
                path: "reporting.units".into(),
                line: None,
                column: None,
            },
        )]);
    }
    let mut written = Vec::new();
    let mut diagnostics = Vec::new();
    for unit in &campaign.reporting.units {
        let built = match options.links.get(&unit.code) {
            Some(link) => form_sheets::build_form_linked(&campaign, unit, link),
            None => form_sheets::build_form(&campaign, unit),
        };
        let bytes = match built {
            Ok(b) => b,
            Err(e) => {
                return Outcome::failed(vec![
                    Diagnostic::internal("forms.build", Location::Nowhere)
                        .arg("unit", unit.code.as_str())
                        .arg("reason", e.to_string()),
                ]);
            }
        };
        let path = format!(
            "{}/{}",
            options.output.trim_end_matches('/'),
            form_sheets::form_file_name(unit)
        );
        match folder::write_output(folder, &path, &bytes) {
            Ok(kept) => diagnostics.extend(kept),
            Err(d) => return stop(diagnostics, vec![d]),
        }
        written.push(path);
    }
    Outcome {
        output: Some(FormsOutput {
            folder: options.output.clone(),
            paths: written,
        }),
        diagnostics,
    }
}

/// Options of [`merge`].
pub struct MergeOptions<'a> {
    /// Limits on each returned file.
    pub limits: Limits,
    /// Parses the workbooks (the command line runs the risky readers in a child
    /// process).
    pub reader: &'a dyn WorkbookReader,
    /// When a return was really sent, by its path in the folder, where the folder's
    /// modification time is not that (the demo writes its simulated returns all at
    /// once). Empty: the folder's times. The merge always reads every return
    /// ([`folder::returns`]): a tổng hợp of some of them would describe a campaign
    /// that is not the one on disk.
    pub sent_at: BTreeMap<String, NaiveDateTime>,
    /// Runs the per-file work (the command line: threads; the demo: one by one).
    pub workers: &'a dyn Workers,
    /// Words a diagnostic for the workbook's "Lỗi và cảnh báo" sheet, in the user's
    /// language.
    pub word: &'a (dyn Fn(&Diag) -> String + Sync),
    /// The day of the merge, for the workbook's title block (the library has no
    /// clock); `None` leaves the date out.
    pub merged_on: Option<NaiveDate>,
    /// A folder of the front end's choosing (the command line: the campaign's)
    /// where the workbook's two large sheets are written row by row through
    /// temporary files while it is built, so a merge of 20,000 units does not hold
    /// every cell; `None` holds them in memory. The workbooks differ only by the
    /// optional `spans` hints of rows ([`crate::sheets::output::write_with`]).
    pub scratch: Option<&'a std::path::Path>,
    /// Where to write the workbook (default [`paths::TONGHOP_XLSX`]).
    pub output_xlsx: String,
    /// Where to write the data (default [`paths::TONGHOP_JSON`]).
    pub output_json: String,
    /// Called as files are done: (done, total).
    pub progress: &'a mut dyn FnMut(usize, usize),
}

/// What [`merge`] made.
#[derive(Debug)]
pub struct MergeOutput {
    /// The merge's result, in full: the tổng hợp.
    pub tonghop: TongHop,
    /// The workbook's path.
    pub xlsx: String,
    /// The data's path.
    pub json: String,
}

/// Reads every returned spreadsheet of the campaign, checks them, adds them up and
/// writes the merged workbook and data. The data records each return read, by
/// path, with the SHA-256 of its bytes ([`crate::tonghop::FileEntry::sha256`]).
pub fn merge(folder: &dyn Folder, options: MergeOptions<'_>) -> Outcome<MergeOutput> {
    let campaign = match load_campaign(folder) {
        Ok(c) => c,
        Err(d) => return Outcome::failed(d),
    };
    if let Err(d) = need_reporting(&campaign) {
        return Outcome::failed(vec![d]);
    }
    let returns = match folder::returns(folder) {
        Ok(r) => r,
        Err(d) => return Outcome::failed(vec![d]),
    };
    let paths: Vec<&str> = returns.iter().map(|e| e.path.as_str()).collect();
    for output in [&options.output_xlsx, &options.output_json] {
        if let Err(d) = ensure_not_input(folder, output, &paths) {
            return Outcome::failed(vec![d]);
        }
    }
    if returns.is_empty() {
        return Outcome::failed(vec![Diagnostic::error(
            "merge.no_returns",
            Location::file(folder.display(folder::RETURNS_DIR)),
        )]);
    }
    // Each return is read inside its task and dropped once checked: the merge
    // holds one file per worker, never the whole folder (issue 17).
    let load = |i: usize| {
        let entry = &returns[i];
        match folder.read(&entry.path) {
            Ok(bytes) => Ok(InputFile {
                display_name: entry.path.clone(),
                bytes,
                modified: options.sent_at.get(&entry.path).copied().or(entry.modified),
            }),
            Err(e) => Err(folder::read_error_named(&entry.path, e)),
        }
    };
    let mut result = merging::merge_each(
        &campaign,
        returns.len(),
        &load,
        &|i| returns[i].path.clone(),
        &options.limits,
        options.reader,
        options.workers,
        options.progress,
    );
    // The pair's shared run id: the content of the tổng hợp, hashed (so the same
    // inputs give the same bytes).
    result.run = String::new();
    // Hashed as it is serialized: the compact text is never held whole.
    let hashed = folder::content_hash_of(|w| {
        serde_json::to_writer(std::io::BufWriter::with_capacity(64 * 1024, w), &result)
            .map_err(std::io::Error::other)
    });
    if let Ok(hash) = hashed {
        result.run = hash.chars().take(RUN_ID_LEN).collect();
    }
    // The workbook is built beside the writing of `tong-hop.json` (two threads
    // where the front end has them): both only read the tổng hợp, and only this
    // thread touches the folder. The workbook is written once built.
    let mut xlsx = None;
    let mut fill = |w: &mut dyn std::io::Write| {
        use std::io::Write as _;
        let mut w = std::io::BufWriter::with_capacity(64 * 1024, w);
        serde_json::to_writer_pretty(&mut w, &result).map_err(std::io::Error::other)?;
        w.flush()
    };
    let mut json = None;
    options.workers.beside(
        &mut || {
            xlsx = Some(crate::sheets::output::write_with(
                &campaign,
                &result,
                options.word,
                options.merged_on,
                options.scratch,
            ));
        },
        // `tong-hop.json` is written as it is serialized, never held whole (59 MB
        // at 20,000 units).
        &mut || {
            json = Some(folder::write_output_from(
                folder,
                &options.output_json,
                &mut fill,
            ))
        },
    );
    // A workbook that cannot be built (in practice never: its scratch files fall
    // back to memory) fails the step after `tong-hop.json` was written; the old
    // workbook then carries another run id, which the report step notices.
    let built = xlsx.map(|r| r.map_err(|e| e.to_string()));
    let xlsx = match built.unwrap_or_else(|| Err("the workbook was not built".to_string())) {
        Ok(x) => x,
        Err(e) => {
            return Outcome::failed(vec![
                Diagnostic::internal(
                    "merge.xlsx",
                    Location::file(folder.display(&options.output_xlsx)),
                )
                .arg("reason", e),
            ]);
        }
    };
    let mut kept = match folder::write_output(folder, &options.output_xlsx, &xlsx) {
        Ok(k) => k,
        Err(d) => return Outcome::failed(vec![d]),
    };
    drop(xlsx);
    match json {
        Some(Ok(k)) => kept.extend(k),
        Some(Err(d)) => return Outcome::failed(vec![d]),
        None => {
            return Outcome::failed(vec![
                Diagnostic::internal(
                    "merge.json",
                    Location::file(folder.display(&options.output_json)),
                )
                .arg("reason", "tong-hop.json was not written"),
            ]);
        }
    }
    // A rejected file is an error of the step (exit 1, outputs still written);
    // its reasons are in the tổng hợp, worded by the front end.
    let mut diagnostics: Vec<Diagnostic> = result
        .files
        .iter()
        .filter(|f| !f.reasons.is_empty())
        .map(|f| {
            Diagnostic::error(
                "merge.file.rejected",
                Location::file(folder.display(&f.file)),
            )
        })
        .collect();
    diagnostics.extend(kept);
    Outcome {
        output: Some(MergeOutput {
            tonghop: result,
            xlsx: options.output_xlsx,
            json: options.output_json,
        }),
        diagnostics,
    }
}

/// How many hex digits of the content hash name a merge's run.
const RUN_ID_LEN: usize = 16;

/// The run id `tong-hop.xlsx` carries (its document property
/// [`crate::sheets::output::RUN_PROPERTY`]), if it carries one.
fn workbook_run(bytes: &[u8], limits: &Limits) -> Option<String> {
    crate::campaign::pair::package_run(bytes, limits)
}

/// Options of [`report`].
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// Limits on a campaign's own template.
    pub limits: Limits,
    /// Refuse while the merge has errors.
    pub strict: bool,
    /// Where to write the report (default [`paths::REPORT`]).
    pub output: String,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            limits: Limits::default(),
            strict: false,
            output: paths::REPORT.to_string(),
        }
    }
}

/// What [`report`] wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportOutput {
    /// The report's path in the folder.
    pub path: String,
    /// Its run id ([`crate::campaign::pair`]), carried by the .docx and its PDF.
    pub run: String,
    /// Its symbol (`09/BC-LĐLĐ`).
    pub symbol: String,
    /// Who reported.
    pub reporting: report_doc::Reporting,
    /// The merge's problems, summarised.
    pub summary: report_doc::MergeSummary,
    /// The campaign's own template used, as named in messages; `None` for the
    /// built-in one.
    pub template: Option<String>,
}

/// How the returns on disk differ from those a tổng hợp was made from: each list
/// holds paths in the folder, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReturnsChanged {
    /// Returns the tổng hợp does not list.
    pub added: Vec<String>,
    /// Returns the tổng hợp lists that are gone.
    pub removed: Vec<String>,
    /// Returns whose bytes are not those the merge read.
    pub changed: Vec<String>,
}

impl ReturnsChanged {
    /// True when the tổng hợp describes exactly the returns there are.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Compares the returns in the folder with those `merged` records (path and
/// content hash): by content, never by modification date, which copying and
/// downloading change. A return that cannot be read now has no hash, as the merge
/// records one it could not read.
pub fn returns_changed(
    folder: &dyn Folder,
    merged: &TongHop,
) -> Result<ReturnsChanged, Diagnostic> {
    let recorded: BTreeMap<&str, Option<&str>> = merged
        .files
        .iter()
        .map(|f| (f.file.as_str(), f.sha256.as_deref()))
        .collect();
    let mut changes = ReturnsChanged::default();
    let mut present = std::collections::BTreeSet::new();
    for entry in folder::returns(folder)? {
        let hash = folder
            .read(&entry.path)
            .ok()
            .map(|b| folder::content_hash(&b));
        match recorded.get(entry.path.as_str()) {
            None => changes.added.push(entry.path.clone()),
            Some(old) if *old != hash.as_deref() => changes.changed.push(entry.path.clone()),
            Some(_) => {}
        }
        present.insert(entry.path);
    }
    changes.removed = recorded
        .keys()
        .filter(|p| !present.contains(**p))
        .map(|p| p.to_string())
        .collect();
    Ok(changes)
}

/// `report.merge_stale`: the tổng hợp does not describe the current returns.
/// Arguments: `added`, `removed`, `changed` (the files, as the user names them) and
/// their counts `added_count`, `removed_count`, `changed_count`.
fn stale(folder: &dyn Folder, merged_name: &str, changes: ReturnsChanged) -> Diagnostic {
    let named =
        |paths: Vec<String>| -> Vec<String> { paths.iter().map(|p| folder.display(p)).collect() };
    let changes = ReturnsChanged {
        added: named(changes.added),
        removed: named(changes.removed),
        changed: named(changes.changed),
    };
    Diagnostic::error("report.merge_stale", Location::file(merged_name))
        .arg("added_count", changes.added.len())
        .arg("removed_count", changes.removed.len())
        .arg("changed_count", changes.changed.len())
        .arg("added", changes.added)
        .arg("removed", changes.removed)
        .arg("changed", changes.changed)
        .hint(Hint::RunStep(Step::Merge))
}

/// Writes the result report ("Báo cáo kết quả") from the merged figures, after
/// checking that the merge describes exactly the current returns.
pub fn report(folder: &dyn Folder, options: &ReportOptions) -> Outcome<ReportOutput> {
    let campaign = match load_campaign(folder) {
        Ok(c) => c,
        Err(d) => return Outcome::failed(d),
    };
    if !campaign.given.report {
        return Outcome::failed(vec![Diagnostic::error(
            "campaign.no_report",
            Location::file(folder.display(paths::CAMPAIGN)),
        )]);
    }
    // A report without figures (no roster or no indicators) is written from its
    // body alone: no merge, no appendix.
    if !campaign.given.reporting || campaign.reporting.indicators.is_empty() {
        return narrative_report(folder, options, &campaign);
    }
    let merged_name = folder.display(paths::TONGHOP_JSON);
    if !folder.exists(paths::TONGHOP_JSON) {
        return Outcome::failed(vec![
            Diagnostic::error("report.not_merged", Location::file(merged_name.as_str()))
                .hint(Hint::RunStep(Step::Merge)),
        ]);
    }
    let merged_text = match folder::read_text(folder, paths::TONGHOP_JSON) {
        Ok(t) => t,
        Err(d) => return Outcome::failed(vec![d]),
    };
    let merged = match report_doc::parse_merged(&merged_name, &merged_text) {
        Ok(m) => m,
        Err(e) => return Outcome::failed(diagnose::report_error(e, &merged_name)),
    };
    // A run killed between its two writes leaves the workbook of one run beside
    // the data of another: the clerk would read figures the report does not use.
    if !merged.run.is_empty()
        && let Ok(xlsx) = folder.read(paths::TONGHOP_XLSX)
        && workbook_run(&xlsx, &options.limits).as_deref() != Some(merged.run.as_str())
    {
        return Outcome::failed(vec![
            Diagnostic::error(
                "report.pair_mismatch",
                Location::file(folder.display(paths::TONGHOP_XLSX)),
            )
            .arg("json", merged_name.as_str())
            .hint(Hint::RunStep(Step::Merge)),
        ]);
    }
    match returns_changed(folder, &merged) {
        Err(d) => return Outcome::failed(vec![d]),
        Ok(changes) if !changes.is_empty() => {
            return Outcome::failed(vec![stale(folder, &merged_name, changes)]);
        }
        Ok(_) => {}
    }
    if options.strict
        && let Err(e) = report_doc::check_strict(&merged)
    {
        return Outcome::failed(diagnose::report_error(e, &merged_name));
    }
    let body_path = campaign.report.body.clone();
    let body_text = match folder::read_text(folder, &body_path) {
        Ok(t) => t,
        Err(d) => return Outcome::failed(vec![d]),
    };
    // Without an appendix the report is one portrait document: the built-in
    // template of any document.
    let builtin = if campaign.report.appendix == crate::campaign::model::AppendixLayout::None {
        crate::van_ban::BUILTIN_TEMPLATE
    } else {
        report_doc::BUILTIN_TEMPLATE
    };
    let (template_name, template_path, template) =
        match pick_template(folder, report_doc::TEMPLATE_FILE, builtin) {
            Ok(t) => t,
            Err(d) => return Outcome::failed(vec![d]),
        };
    let mut inputs = vec![paths::TONGHOP_JSON, body_path.as_str(), paths::CAMPAIGN];
    if let Some(p) = &template_path {
        inputs.push(p);
    }
    if let Err(d) = ensure_not_input(folder, &options.output, &inputs) {
        return Outcome::failed(vec![d]);
    }
    let body_name = folder.display(&body_path);
    let sources = report_doc::ReportSources {
        merged_name: &merged_name,
        body_name: &body_name,
        body_text: &body_text,
        template_name: &template_name,
        template: &template,
    };
    let built = match report_doc::build_report(&campaign, &merged, sources, &options.limits) {
        Ok(b) => b,
        Err(e) => return Outcome::failed(diagnose::report_error(e, &merged_name)),
    };
    write_report(
        folder,
        options,
        &campaign,
        Written {
            bytes: &built.bytes,
            warnings: &built.warnings,
            template_name,
            template_path,
            reporting: built.who,
            summary: report_doc::summarize_issues(&merged),
            named_in_errors: &merged_name,
        },
    )
}

/// A filled report and what goes with it, for [`write_report`].
struct Written<'a> {
    bytes: &'a [u8],
    warnings: &'a [String],
    template_name: String,
    template_path: Option<String>,
    reporting: report_doc::Reporting,
    summary: report_doc::MergeSummary,
    /// The file a failure to stamp the run is reported against.
    named_in_errors: &'a str,
}

/// Stamps a filled report with its run id and writes it: the id is carried by the
/// .docx and (through LibreOffice) by its PDF, so that a PDF of an earlier run is
/// told from this report's.
fn write_report(
    folder: &dyn Folder,
    options: &ReportOptions,
    campaign: &Campaign,
    written: Written<'_>,
) -> Outcome<ReportOutput> {
    let run = crate::campaign::pair::report_run(written.bytes);
    let bytes = match crate::campaign::pair::stamp(written.bytes, &run) {
        Ok(b) => b,
        Err(e) => {
            return Outcome::failed(diagnose::report_error(
                report_doc::ReportError::Render(e),
                written.named_in_errors,
            ));
        }
    };
    let diagnostics = match write_document(
        folder,
        &options.output,
        &bytes,
        written.warnings,
        &written.template_name,
    ) {
        Ok(d) => d,
        Err(failed) => return failed,
    };
    Outcome {
        output: Some(ReportOutput {
            path: options.output.clone(),
            run,
            symbol: campaign.symbol(&campaign.report),
            reporting: written.reporting,
            summary: written.summary,
            template: written.template_path.map(|_| written.template_name),
        }),
        diagnostics,
    }
}

/// The report of a campaign without figures: its body text filled like the plan's,
/// in the campaign's own `templates/bao-cao.docx` or the built-in template of any
/// document (portrait, no appendix).
fn narrative_report(
    folder: &dyn Folder,
    options: &ReportOptions,
    campaign: &Campaign,
) -> Outcome<ReportOutput> {
    let made = match fill_document(
        folder,
        campaign,
        &campaign.report,
        (report_doc::TEMPLATE_FILE, crate::van_ban::BUILTIN_TEMPLATE),
        &options.output,
        options.limits,
    ) {
        Ok(m) => m,
        Err(d) => return Outcome::failed(d),
    };
    let (built, template_name, template_path, body_name) = (
        made.built,
        made.template_name,
        made.template_path,
        made.body_name,
    );
    write_report(
        folder,
        options,
        campaign,
        Written {
            bytes: &built.bytes,
            warnings: &built.warnings,
            template_name,
            template_path,
            reporting: report_doc::Reporting::default(),
            summary: report_doc::MergeSummary::default(),
            named_in_errors: &body_name,
        },
    )
}

/// Options of [`demo`].
#[derive(Debug, Clone, Default)]
pub struct DemoOptions {
    /// Limits for every step.
    pub limits: Limits,
    /// Words each problem of the merge in `tong-hop.xlsx`, in the user's language.
    pub word: Word,
}

/// Words a diagnostic for a document the library writes (`tong-hop.xlsx`); the
/// front end passes its own, in the user's language.
#[derive(Clone, Copy)]
pub struct Word(pub fn(&Diag) -> String);

impl Default for Word {
    /// The code and arguments, unworded ([`Diag`]'s `Display`): for tests only.
    fn default() -> Self {
        Word(|d| d.to_string())
    }
}

impl std::fmt::Debug for Word {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Word(..)")
    }
}

/// What [`demo`] made.
#[derive(Debug)]
pub struct DemoOutput {
    /// The plan step's output.
    pub plan: PlanOutput,
    /// The forms step's output.
    pub forms: FormsOutput,
    /// The simulated returns' paths, in the order sent, with the day and hour each
    /// was sent (the modification time to give the file on disk).
    pub returns: Vec<(String, Option<NaiveDateTime>)>,
    /// The scenario given to each unit, by unit code.
    pub scenarios: Vec<(String, Scenario)>,
    /// The merge step's output.
    pub merge: MergeOutput,
    /// The report step's output.
    pub report: ReportOutput,
}

/// Runs the whole workflow on the built-in sample, in `folder` (the command line
/// gives an in-memory folder and then writes it out): copies the sample campaign,
/// writes the plan and the forms, simulates the returns the units send (each with
/// the day it was sent as its modification time), merges them and writes the
/// report, through the same step functions as the commands.
pub fn demo(folder: &dyn Folder, options: &DemoOptions) -> Outcome<DemoOutput> {
    let mut diagnostics = Vec::new();
    for (path, text) in crate::campaign::sample::FILES {
        if let Err(d) = folder::write(folder, path, text.as_bytes()) {
            return Outcome::failed(vec![d]);
        }
    }
    let plan_out = plan(
        folder,
        &PlanOptions {
            limits: options.limits,
            ..PlanOptions::default()
        },
    );
    diagnostics.extend(plan_out.diagnostics);
    let Some(plan_out) = plan_out.output else {
        return Outcome::failed(diagnostics);
    };
    let forms_out = forms(folder, &FormsOptions::default());
    diagnostics.extend(forms_out.diagnostics);
    let Some(forms_out) = forms_out.output else {
        return Outcome::failed(diagnostics);
    };
    let campaign: Campaign = match load_campaign(folder) {
        Ok(c) => c,
        Err(d) => return stop(diagnostics, d),
    };
    let (returned, scenarios) = match simulation::simulate_returns(&campaign) {
        Ok(r) => r,
        Err(e) => {
            return stop(
                diagnostics,
                vec![
                    Diagnostic::internal("demo.returns", Location::Nowhere)
                        .arg("reason", e.to_string()),
                ],
            );
        }
    };
    let mut sent_at = BTreeMap::new();
    let mut returns = Vec::with_capacity(returned.len());
    for file in returned {
        if let Err(d) = folder::write(folder, &file.path, &file.bytes) {
            return stop(diagnostics, vec![d]);
        }
        // The day each return was sent is what a disk folder's modification
        // time would say; the merge takes it from here.
        if let Some(t) = file.modified {
            sent_at.insert(file.path.clone(), t);
        }
        returns.push((file.path, file.modified));
    }
    let merge_out = merge(
        folder,
        MergeOptions {
            limits: options.limits,
            reader: &merging::InProcess,
            workers: &merging::Sequential,
            word: &options.word.0,
            sent_at,
            merged_on: Some(campaign.reporting.deadline.0),
            scratch: None,
            output_xlsx: paths::TONGHOP_XLSX.to_string(),
            output_json: paths::TONGHOP_JSON.to_string(),
            progress: &mut |_, _| {},
        },
    );
    diagnostics.extend(merge_out.diagnostics);
    let Some(merge_out) = merge_out.output else {
        return Outcome::failed(diagnostics);
    };
    let report_out = report(
        folder,
        &ReportOptions {
            limits: options.limits,
            ..ReportOptions::default()
        },
    );
    diagnostics.extend(report_out.diagnostics);
    let Some(report_out) = report_out.output else {
        return Outcome::failed(diagnostics);
    };
    Outcome {
        output: Some(DemoOutput {
            plan: plan_out,
            forms: forms_out,
            returns,
            scenarios,
            merge: merge_out,
            report: report_out,
        }),
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The merge of `folder`'s returns with the default limits, in this thread,
    /// its problems unworded (code and arguments).
    fn merge_here(folder: &dyn Folder) -> Outcome<MergeOutput> {
        merge_by(folder, &merging::Sequential)
    }

    /// [`merge_here`] with the front end's `workers`.
    fn merge_by(folder: &dyn Folder, workers: &dyn Workers) -> Outcome<MergeOutput> {
        merge(
            folder,
            MergeOptions {
                limits: Limits::default(),
                reader: &merging::InProcess,
                sent_at: BTreeMap::new(),
                merged_on: None,
                scratch: None,
                workers,
                word: &|d| d.to_string(),
                output_xlsx: paths::TONGHOP_XLSX.to_string(),
                output_json: paths::TONGHOP_JSON.to_string(),
                progress: &mut |_, _| {},
            },
        )
    }
    use crate::folder::MemoryFolder;

    fn at(minute: u32) -> Option<NaiveDateTime> {
        chrono::NaiveDate::from_ymd_opt(2017, 7, 28).and_then(|d| d.and_hms_opt(9, minute, 0))
    }

    /// A tổng hợp whose files are these (path, hash).
    fn merged_from(files: &[(&str, Option<&str>)]) -> TongHop {
        let mut t = crate::tonghop::tests::sample();
        t.files = files
            .iter()
            .map(|(path, hash)| crate::tonghop::FileEntry {
                file: path.to_string(),
                status: crate::tonghop::FileStatus::Accepted,
                unit: None,
                format: None,
                own_form: false,
                filled_at: None,
                late: false,
                reasons: vec![],
                matched: vec![],
                sha256: hash.map(String::from),
            })
            .collect();
        t
    }

    /// The merge step reads each return in its task (issue 17); its
    /// `tong-hop.json` must be, byte for byte, what the merge of the returns read
    /// up front gives (the step before), and its totals the sum of the forms.
    #[test]
    fn the_streaming_merge_writes_the_bytes_of_the_merge_of_the_files_read_up_front() {
        use crate::sheets::forms::{self as f, FillValue, FormOptions};
        const UNITS: usize = 2_000;
        let campaign = f::sample::campaign(UNITS);
        let folder = MemoryFolder::new();
        folder.put(
            "campaign.json",
            serde_json::to_vec_pretty(&campaign).unwrap(),
            None,
        );
        let mut inputs = Vec::new();
        let mut sum = 0.0;
        for (i, unit) in campaign.reporting.units.iter().enumerate() {
            let people = (i * 3 + 1) as f64;
            sum += people;
            let options = FormOptions {
                values: [("luot_nguoi".to_string(), FillValue::Number(people))].into(),
                filled_on: chrono::NaiveDate::from_ymd_opt(2017, 7, 20),
            };
            let bytes = f::build_form_with(&campaign, unit, &options).unwrap();
            let path = format!("returns/{}", f::form_file_name(unit));
            folder.put(&path, bytes.clone(), at(0));
            inputs.push(merging::InputFile {
                display_name: path,
                bytes,
                modified: at(0),
            });
        }
        // The folder lists the returns by path.
        inputs.sort_by(|a, b| a.display_name.cmp(&b.display_name));
        let made = merge_here(&folder).output.expect("merged");
        assert_eq!(made.tonghop.totals.get("luot_nguoi"), Some(&sum));
        assert_eq!(made.tonghop.summary.accepted, UNITS);

        // The step before issue 17: every return read, merged, then hashed.
        let mut up_front = merging::merge_with_unread(
            &campaign,
            &inputs,
            &[],
            &Limits::default(),
            &merging::InProcess,
            &merging::Sequential,
            &mut |_, _| {},
        );
        for (file, input) in up_front.files.iter_mut().zip(&inputs) {
            file.sha256 = Some(folder::content_hash(&input.bytes));
        }
        let body = serde_json::to_vec(&up_front).unwrap();
        up_front.run = folder::content_hash(&body)
            .chars()
            .take(RUN_ID_LEN)
            .collect();
        assert_eq!(
            folder.read(paths::TONGHOP_JSON).unwrap(),
            serde_json::to_vec_pretty(&up_front).unwrap()
        );
    }

    /// A front end's `Workers` that never runs the main task of `beside`:
    /// `tong-hop.json` is not written, and the step says so under its own code.
    #[test]
    fn a_merge_whose_json_task_never_ran_fails_naming_tong_hop_json() {
        use crate::sheets::forms::{self as f, FormOptions};
        struct SideOnly;
        impl Workers for SideOnly {
            fn run(
                &self,
                count: usize,
                task: &(dyn Fn(usize) -> merging::FileReport + Sync),
                done: &mut dyn FnMut(usize, merging::FileReport),
            ) {
                merging::Sequential.run(count, task, done);
            }
            fn beside(&self, side: &mut (dyn FnMut() + Send), _main: &mut dyn FnMut()) {
                side();
            }
        }
        let campaign = f::sample::campaign(2);
        let folder = MemoryFolder::new();
        folder.put(
            "campaign.json",
            serde_json::to_vec_pretty(&campaign).unwrap(),
            None,
        );
        for unit in &campaign.reporting.units {
            let bytes = f::build_form_with(&campaign, unit, &FormOptions::default()).unwrap();
            folder.put(
                &format!("returns/{}", f::form_file_name(unit)),
                bytes,
                at(0),
            );
        }
        let outcome = merge_by(&folder, &SideOnly);
        assert!(outcome.output.is_none());
        let said: Vec<(&str, Location)> = outcome
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.location.clone()))
            .collect();
        assert_eq!(said, [("merge.json", Location::file(paths::TONGHOP_JSON))]);
        assert!(folder.read(paths::TONGHOP_JSON).is_err());
    }

    #[test]
    fn the_merge_is_current_only_when_its_returns_are_exactly_those_there() {
        let (a, b) = (folder::content_hash(b"a"), folder::content_hash(b"b"));
        // (recorded files, files in the folder, expected added/removed/changed)
        type Case<'a> = (
            Vec<(&'a str, Option<&'a str>)>,
            Vec<(&'a str, &'a str)>,
            [Vec<&'a str>; 3],
        );
        let cases: Vec<Case> = vec![
            (vec![], vec![], [vec![], vec![], vec![]]),
            (
                vec![("returns/a.xlsx", Some(&a))],
                vec![("returns/a.xlsx", "a")],
                [vec![], vec![], vec![]],
            ),
            (
                vec![("returns/a.xlsx", Some(&a))],
                vec![("returns/a.xlsx", "a"), ("returns/khoi/b.xlsx", "b")],
                [vec!["returns/khoi/b.xlsx"], vec![], vec![]],
            ),
            (
                vec![("returns/a.xlsx", Some(&a)), ("returns/b.xlsx", Some(&b))],
                vec![("returns/b.xlsx", "b")],
                [vec![], vec!["returns/a.xlsx"], vec![]],
            ),
            (
                vec![("returns/a.xlsx", Some(&a)), ("returns/b.xlsx", Some(&b))],
                vec![("returns/a.xlsx", "b"), ("returns/b.xlsx", "b")],
                [vec![], vec![], vec!["returns/a.xlsx"]],
            ),
            // A tổng hợp of an older vanban records no hash: changed.
            (
                vec![("returns/a.xlsx", None)],
                vec![("returns/a.xlsx", "a")],
                [vec![], vec![], vec!["returns/a.xlsx"]],
            ),
        ];
        for (recorded, present, [added, removed, changed]) in cases {
            let f = MemoryFolder::new();
            for (path, bytes) in &present {
                // Dates play no part: every return is older than the merge.
                f.put(path, bytes.as_bytes().to_vec(), at(1));
            }
            let got = returns_changed(&f, &merged_from(&recorded)).unwrap();
            let list = |v: Vec<&str>| v.into_iter().map(String::from).collect::<Vec<_>>();
            assert_eq!(
                got,
                ReturnsChanged {
                    added: list(added),
                    removed: list(removed),
                    changed: list(changed),
                },
                "{recorded:?} / {present:?}"
            );
        }
    }

    #[test]
    fn report_without_a_merge_or_with_another_set_of_returns_hints_the_merge() {
        let folder = MemoryFolder::new();
        for (path, text) in crate::campaign::sample::FILES {
            folder.put(path, text.as_bytes().to_vec(), None);
        }
        let missing = report(&folder, &ReportOptions::default());
        assert!(missing.output.is_none());
        assert_eq!(missing.diagnostics[0].code, "report.not_merged");
        assert_eq!(missing.diagnostics[0].hints, [Hint::RunStep(Step::Merge)]);
        let old = folder::content_hash(b"old");
        let merged = merged_from(&[
            ("returns/CD02.xlsx", Some(&old)),
            ("returns/CD03.xlsx", Some(&old)),
        ]);
        // The tổng hợp is newer than every return: dates do not make it current.
        folder.put("returns/khoi/CD01.xlsx", "x", at(5));
        folder.put("returns/CD02.xlsx", "new", at(5));
        folder.put(
            paths::TONGHOP_JSON,
            serde_json::to_vec(&merged).unwrap(),
            at(10),
        );
        let stale = report(&folder, &ReportOptions::default());
        assert!(stale.output.is_none());
        let d = &stale.diagnostics[0];
        assert_eq!(d.code, "report.merge_stale");
        assert_eq!(d.hints, [Hint::RunStep(Step::Merge)]);
        let list = |v: &[&str]| {
            Some(crate::diagnostic::Arg::List(
                v.iter().map(|s| s.to_string()).collect(),
            ))
        };
        assert_eq!(d.get("added").cloned(), list(&["returns/khoi/CD01.xlsx"]));
        assert_eq!(d.get("removed").cloned(), list(&["returns/CD03.xlsx"]));
        assert_eq!(d.get("changed").cloned(), list(&["returns/CD02.xlsx"]));
        assert_eq!(d.get("added_count"), Some(&crate::diagnostic::Arg::Int(1)));
    }

    #[test]
    fn the_demo_runs_in_memory_and_gives_the_same_bytes_twice() {
        let run = || {
            let folder = MemoryFolder::new();
            let outcome = demo(&folder, &DemoOptions::default());
            assert!(outcome.output.is_some(), "{:?}", outcome.diagnostics);
            folder
                .files()
                .into_iter()
                .map(|(p, b, _)| (p, b))
                .collect::<Vec<_>>()
        };
        let (first, second) = (run(), run());
        let paths: Vec<&str> = first.iter().map(|(p, _)| p.as_str()).collect();
        for expected in [
            paths::PLAN,
            paths::TONGHOP_XLSX,
            paths::TONGHOP_JSON,
            paths::REPORT,
        ] {
            assert!(paths.contains(&expected), "{expected} in {paths:?}");
        }
        assert!(first == second, "two demo runs differ");
    }

    /// The paragraphs of a written .docx, as text (table cells included).
    fn docx_paragraphs(folder: &MemoryFolder, path: &str) -> Vec<String> {
        let bytes = folder::read(folder, path).expect("the report is written");
        let xml = crate::docx::fixture::part(&bytes, "word/document.xml").unwrap();
        let nodes = crate::docx::xml::parse(&xml, 256).unwrap();
        let root = crate::docx::xml::root(&nodes).unwrap();
        crate::docx::fixture::paragraphs(root)
            .into_iter()
            .map(|(_, text)| text.trim().to_string())
            .collect()
    }

    /// The one paragraph containing `needle` (and there is one only).
    fn the_paragraph<'a>(paragraphs: &'a [String], needle: &str) -> &'a str {
        let found: Vec<&String> = paragraphs.iter().filter(|p| p.contains(needle)).collect();
        assert_eq!(
            found.len(),
            1,
            "`{needle}` in {found:#?}\nof {paragraphs:#?}"
        );
        found[0]
    }

    /// The report written from five units, one in each state a unit can end in: on
    /// time, late, blank form, rejected, never sent. Each sentence of the built-in
    /// report (the sample's `bao-cao.txt` and the sentence `tinh_hinh_bao_cao`)
    /// counts and names each unit as what it is, and the appendix marks each row.
    #[test]
    fn each_sentence_of_the_report_is_true_of_each_kind_of_unit() {
        use crate::sheets::forms::{FillValue, FormOptions, build_form_with};
        let mut json: serde_json::Value =
            serde_json::from_str(crate::campaign::sample::FILES[0].1).unwrap();
        let units = json["reporting"]["units"].as_array().unwrap()[..5].to_vec();
        json["reporting"]["units"] = serde_json::Value::Array(units);
        let folder = MemoryFolder::new();
        for (path, text) in crate::campaign::sample::FILES {
            folder.put(path, text.as_bytes().to_vec(), None);
        }
        folder.put(paths::CAMPAIGN, json.to_string(), None);
        let campaign = load_campaign(&folder).unwrap();
        let deadline = campaign.reporting.deadline.0;
        let unit = |i: usize| &campaign.reporting.units[i];
        let (on_time, late, blank, rejected, never_sent) =
            (unit(0), unit(1), unit(2), unit(3), unit(4));
        let figures = |typo: Option<&str>| {
            campaign
                .reporting
                .indicators
                .iter()
                .filter(|i| i.kind != crate::campaign::model::IndicatorKind::Text)
                .map(|i| {
                    let v = if typo == Some(i.code.as_str()) {
                        FillValue::Text("1O".into())
                    } else {
                        FillValue::Number(1.0)
                    };
                    (i.code.clone(), v)
                })
                .collect()
        };
        let form = |u, values, day: chrono::NaiveDate| {
            let options = FormOptions {
                values,
                filled_on: Some(day),
            };
            build_form_with(&campaign, u, &options).unwrap()
        };
        let before = deadline - chrono::Days::new(1);
        let after = deadline + chrono::Days::new(2);
        // A sheet of the unit's making with no indicator table: rejected.
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet
            .write_string(0, 0, rejected.name.to_uppercase())
            .unwrap();
        sheet.write_string(1, 0, "Báo cáo").unwrap();
        let not_a_table = book.save_to_buffer().unwrap();
        let returns = [
            (on_time, form(on_time, figures(Some("tien_qua")), before)),
            (late, form(late, figures(None), after)),
            (blank, form(blank, Default::default(), before)),
            (rejected, not_a_table),
        ];
        for (u, bytes) in returns {
            folder.put(&format!("returns/{} - don vi.xlsx", u.code), bytes, None);
        }
        let merged = merge_here(&folder);
        let tonghop = merged.output.expect("merged").tonghop;
        let status = |u: &crate::campaign::model::Unit| tonghop.unit(&u.code).unwrap().status;
        use crate::tonghop::UnitStatus as S;
        assert_eq!(
            [on_time, late, blank, rejected, never_sent].map(status),
            [
                S::AcceptedWithWarnings,
                S::AcceptedWithWarnings,
                S::Blank,
                S::Rejected,
                S::Missing
            ],
            "the five cases are what the test means"
        );
        let out = report(&folder, &ReportOptions::default());
        assert!(out.output.is_some(), "{:?}", out.diagnostics);
        let text = docx_paragraphs(&folder, paths::REPORT);

        // Reporting by the deadline counts the on-time unit only; the late one is
        // said apart, and the totals say whose figures they hold.
        assert_eq!(
            the_paragraph(&text, "Đến ngày 27/7/2017"),
            "Đợt công tác diễn ra trong 10 ngày (từ ngày 16/7/2017 – 25/7/2017). Đến ngày \
             27/7/2017, có 1/5 công đoàn cơ sở gửi báo cáo kết quả hợp lệ về LĐLĐ huyện; sau \
             hạn, thêm 1 công đoàn cơ sở nộp báo cáo. Số liệu dưới đây tổng hợp từ báo cáo của \
             2/5 công đoàn cơ sở."
        );
        // Each other unit is named once, in the sentence that says what it did.
        let expected = [
            (never_sent, "Còn 1 công đoàn cơ sở chưa nộp báo cáo: "),
            (
                late,
                "1 công đoàn cơ sở nộp báo cáo muộn (sau ngày 27/7/2017): ",
            ),
            (
                blank,
                "1 công đoàn cơ sở nộp biểu trống (chưa điền số liệu), được tính là chưa nộp báo cáo: ",
            ),
            (
                rejected,
                "1 công đoàn cơ sở có báo cáo bị trả lại do sai sót, số liệu chưa được tổng hợp: ",
            ),
        ];
        for (u, sentence) in expected {
            let p = the_paragraph(&text, sentence);
            assert!(p.ends_with(&format!("{sentence}{}.", u.name)), "{p}");
            let naming: Vec<&String> = text.iter().filter(|p| p.contains(&u.name)).collect();
            // Its sentence and its row in the appendix.
            assert_eq!(naming.len(), 2, "{} in {naming:#?}", u.name);
        }
        assert!(
            !text
                .iter()
                .any(|p| p.contains(&on_time.name) && p.contains("Còn"))
        );
        for never in ["Tất cả", "chưa gửi báo cáo đúng hạn"] {
            assert!(!text.iter().any(|p| p.contains(never)), "`{never}` said");
        }
        // The unit whose gift value is not valid is named in the shortcomings, with
        // the figure left out.
        assert_eq!(
            the_paragraph(&text, "số liệu không hợp lệ, chưa được tính vào tổng"),
            format!(
                "- 1 công đoàn cơ sở có số liệu không hợp lệ, chưa được tính vào tổng: {} \
                 (Giá trị quà tặng).",
                on_time.name
            )
        );
        // The gift value left out of the total is said where the total is printed.
        let gifts = the_paragraph(&text, "tổng giá trị");
        assert!(
            gifts.contains(&format!(
                "(chưa kể số liệu của {}, không hợp lệ)",
                on_time.name
            )),
            "{gifts}"
        );
        let who = &out.output.as_ref().expect("report").reporting;
        assert_eq!((who.reported, who.units), (2, 5));
        let mut not_reported = who.not_reported.clone();
        not_reported.sort();
        let mut expected = vec![blank.name.clone(), never_sent.name.clone()];
        expected.sort();
        assert_eq!(not_reported, expected);
        assert_eq!(who.rejected, std::slice::from_ref(&rejected.name));
        assert_eq!(who.late, std::slice::from_ref(&late.name));
        // The appendix: each row without figures says why, and the legend says what
        // the marks mean.
        for (u, mark) in [
            (blank, "(biểu trống)"),
            (rejected, "(bị trả lại)"),
            (never_sent, "(chưa nộp)"),
        ] {
            let name = format!("{} {mark}", u.name);
            assert!(text.contains(&name), "no row `{name}`");
        }
        let legend = the_paragraph(&text, "đơn vị chưa có số liệu được tổng hợp");
        for meaning in [
            "“chưa nộp”: đơn vị chưa nộp báo cáo",
            "“biểu trống”: đơn vị nộp biểu chưa điền số liệu",
            "“bị trả lại”: báo cáo có sai sót",
        ] {
            assert!(legend.contains(meaning), "{legend}");
        }
        let footnote = the_paragraph(&text, "(1) Giá trị quà tặng");
        assert_eq!(
            footnote,
            format!(
                "(1) Giá trị quà tặng của {}: số liệu không hợp lệ (“1O” không phải là số), \
                 chưa tính vào tổng cộng.",
                on_time.name
            )
        );
    }

    /// The demo's report, sentence by sentence, against counts taken from the demo's
    /// own returns: the scenario each unit was given and what the merge made of it.
    #[test]
    fn the_demo_reports_sentences_match_its_returns() {
        let folder = MemoryFolder::new();
        let out = demo(&folder, &DemoOptions::default())
            .output
            .expect("the demo runs");
        let tonghop = &out.merge.tonghop;
        let name = |code: &str| tonghop.unit(code).unwrap().name.clone();
        let codes_of = |wanted: &[Scenario]| -> Vec<String> {
            out.scenarios
                .iter()
                .filter(|(_, s)| wanted.contains(s))
                .map(|(c, _)| c.clone())
                .collect()
        };
        let never_sent = codes_of(&[Scenario::Missing]);
        let late = codes_of(&[Scenario::Late]);
        let roster = out.scenarios.len();
        let on_time = roster - never_sent.len() - late.len();
        // The merge agrees with the scenarios: the late unit is late, the missing one
        // missing, no unit blank or rejected.
        for u in &tonghop.units {
            let expected_late = late.contains(&u.code);
            assert_eq!(u.late, expected_late, "{}", u.code);
            assert_eq!(
                u.status == crate::tonghop::UnitStatus::Missing,
                never_sent.contains(&u.code),
                "{}",
                u.code
            );
        }
        let text = docx_paragraphs(&folder, paths::REPORT);
        assert_eq!(
            the_paragraph(&text, "Đến ngày 27/7/2017"),
            format!(
                "Đợt công tác diễn ra trong 10 ngày (từ ngày 16/7/2017 – 25/7/2017). Đến ngày \
                 27/7/2017, có {on_time}/{roster} công đoàn cơ sở gửi báo cáo kết quả hợp lệ về \
                 LĐLĐ huyện; sau hạn, thêm {} công đoàn cơ sở nộp báo cáo. Số liệu dưới đây \
                 tổng hợp từ báo cáo của {}/{roster} công đoàn cơ sở.",
                late.len(),
                on_time + late.len()
            )
        );
        let names = |codes: &[String]| codes.iter().map(|c| name(c)).collect::<Vec<_>>().join(", ");
        assert_eq!(
            the_paragraph(&text, "chưa nộp báo cáo:"),
            format!(
                "- Còn {} công đoàn cơ sở chưa nộp báo cáo: {}.",
                never_sent.len(),
                names(&never_sent)
            )
        );
        assert_eq!(
            the_paragraph(&text, "nộp báo cáo muộn"),
            format!(
                "- {} công đoàn cơ sở nộp báo cáo muộn (sau ngày 27/7/2017): {}.",
                late.len(),
                names(&late)
            )
        );
        // The mistyped unit is named in the shortcomings with the figure left out.
        let typo_code = &codes_of(&[Scenario::Typo])[0];
        let typo_label = tonghop
            .indicators
            .iter()
            .find(|i| {
                tonghop.unit(typo_code).is_some_and(|u| {
                    matches!(
                        u.values.get(&i.code),
                        Some(crate::tonghop::Entry::Rejected { .. })
                    )
                })
            })
            .map(|i| i.label.clone())
            .expect("the typo's indicator");
        assert_eq!(
            the_paragraph(&text, "số liệu không hợp lệ, chưa được tính vào tổng"),
            format!(
                "- 1 công đoàn cơ sở có số liệu không hợp lệ, chưa được tính vào tổng: {} \
                 ({typo_label}).",
                name(typo_code)
            )
        );
        for absent in ["biểu trống (chưa điền", "bị trả lại do sai sót", "Tất cả"]
        {
            assert!(!text.iter().any(|p| p.contains(absent)), "`{absent}` said");
        }
        // The mistyped figure: left out of its total, and the sentence printing the
        // total says so.
        let typo = codes_of(&[Scenario::Typo]);
        let typo_unit = tonghop.unit(&typo[0]).unwrap();
        let (code, _) = typo_unit
            .values
            .iter()
            .find(|(_, e)| matches!(e, crate::tonghop::Entry::Rejected { .. }))
            .expect("the typo's figure is rejected");
        let total = crate::vn::number::format_vn_number(tonghop.totals[code], 0);
        let note = format!("(chưa kể số liệu của {}, không hợp lệ)", typo_unit.name);
        let printing: Vec<&String> = text
            .iter()
            .filter(|p| p.contains(&format!(" {total} ")))
            .collect();
        assert!(!printing.is_empty(), "{total} not printed in {text:#?}");
        for p in printing {
            assert!(p.contains(&note), "{p}");
        }
    }

    /// The demo's returns keep every check of the sample campaign but for the one
    /// return meant to show the warning: each check evaluated here, from its JSON
    /// form, on the figures the merge read, and the merge's warnings agree (none
    /// for any other file, the superseded copy of a duplicate included).
    #[test]
    fn the_demo_returns_keep_every_check_but_the_one_meant_to_break_one() {
        use crate::tonghop::{Entry, Figure};
        let folder = MemoryFolder::new();
        let out = demo(&folder, &DemoOptions::default())
            .output
            .expect("the demo runs");
        let campaign = load_campaign(&folder).unwrap();
        let checks: Vec<serde_json::Value> = campaign
            .reporting
            .checks
            .iter()
            .map(|c| serde_json::to_value(c).unwrap())
            .collect();
        assert!(!checks.is_empty(), "the sample declares checks");
        let tonghop = &out.merge.tonghop;
        let mut broken = Vec::new();
        for unit in &tonghop.units {
            let figure = |code: &serde_json::Value| match unit.values.get(code.as_str()?) {
                Some(Entry::Counted {
                    value: Figure::Number(n),
                }) => Some(*n),
                _ => None,
            };
            for check in &checks {
                let kept = if check.get("if").is_some() {
                    match (figure(&check["if"]), figure(&check["needs"])) {
                        (Some(a), Some(b)) => a == 0.0 || b > 0.0,
                        _ => true,
                    }
                } else {
                    let times = check["times"].as_f64().unwrap_or(1.0);
                    match (figure(&check["figure"]), figure(&check["at_most"])) {
                        (Some(a), Some(b)) => a <= times * b,
                        _ => true,
                    }
                };
                if !kept {
                    broken.push(unit.code.clone());
                }
            }
        }
        let intended: Vec<String> = out
            .scenarios
            .iter()
            .filter(|(_, s)| *s == Scenario::CheckBroken)
            .map(|(c, _)| c.clone())
            .collect();
        assert_eq!(intended.len(), 1, "{:?}", out.scenarios);
        assert_eq!(broken, intended);
        let warned: Vec<&Diagnostic> = tonghop
            .issues
            .iter()
            .filter(|d| merging::CHECK_CODES.contains(&d.code.as_str()))
            .collect();
        assert_eq!(warned.len(), 1, "{warned:#?}");
        let file = tonghop.unit(&intended[0]).and_then(|u| u.file.clone());
        assert_eq!(warned[0].location.file_name(), file.as_deref());
        assert!(!warned[0].is_error());
    }

    /// A folder where one file cannot be read (permission denied).
    struct Locked<'a> {
        inner: &'a MemoryFolder,
        locked: String,
    }

    impl Folder for Locked<'_> {
        fn read(&self, path: &str) -> Result<Vec<u8>, crate::folder::FolderError> {
            if path == self.locked {
                return Err(crate::folder::FolderError::Unreadable(
                    "permission denied".into(),
                ));
            }
            self.inner.read(path)
        }
        fn list(&self, dir: &str) -> Result<Vec<folder::Entry>, crate::folder::FolderError> {
            self.inner.list(dir)
        }
        fn modified(&self, path: &str) -> Option<NaiveDateTime> {
            self.inner.modified(path)
        }
        fn write(&self, path: &str, bytes: &[u8]) -> Result<(), crate::folder::FolderError> {
            self.inner.write(path, bytes)
        }
    }

    #[test]
    fn an_unreadable_return_is_that_files_error_and_the_merge_goes_on() {
        let memory = MemoryFolder::new();
        assert!(demo(&memory, &DemoOptions::default()).output.is_some());
        let returns = folder::returns(&memory).unwrap();
        let locked = returns[0].path.clone();
        let folder = Locked {
            inner: &memory,
            locked: locked.clone(),
        };
        let out = merge_here(&folder);
        let made = out.output.expect("outputs written");
        assert_eq!(made.tonghop.files.len(), returns.len());
        let unread = made
            .tonghop
            .files
            .iter()
            .find(|f| f.file == locked)
            .expect("the unreadable file is listed");
        assert_eq!(unread.status, crate::tonghop::FileStatus::Rejected);
        assert_eq!(unread.reasons[0].code, folder::UNREADABLE);
        assert!(
            out.diagnostics
                .iter()
                .any(|d| d.code == "merge.file.rejected"
                    && d.location.file_name() == Some(locked.as_str())),
            "{:?}",
            out.diagnostics
        );
    }
}

/// Options of [`van_ban`].
#[derive(Debug, Clone)]
pub struct VanBanOptions {
    /// The document's source, in the folder.
    pub source: String,
    /// Where to write the document, in the folder.
    pub output: String,
    /// Limits on the template read.
    pub limits: Limits,
}

/// What [`van_ban`] wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct VanBanOutput {
    /// The document's path in the folder.
    pub path: String,
    /// Its number line (`Số: 12/LĐLĐ-VP`), empty when it has none.
    pub number: String,
    /// The document's own template (its folder path), when it has one.
    pub template: Option<String>,
}

/// Writes one official document from its source (`vanban van-ban`): reads the
/// header and body, lays them out and fills the built-in template (or the one its
/// `mau:` names, relative to the source's folder).
pub fn van_ban(folder: &dyn Folder, options: &VanBanOptions) -> Outcome<VanBanOutput> {
    use crate::van_ban::{self as doc_model, Document};
    let text = match folder::read_text(folder, &options.source) {
        Ok(t) => t,
        Err(d) => return Outcome::failed(vec![d]),
    };
    let source_name = folder.display(&options.source);
    let doc = match Document::from_source(&text) {
        Ok(d) => d,
        Err(e) => return Outcome::failed(e.diagnostics(&source_name)),
    };
    let (template_name, template_path, template) = match &doc.template {
        Some(own) => match folder::read(folder, own) {
            Ok(bytes) => (folder.display(own), Some(own.clone()), bytes),
            Err(d) => return Outcome::failed(vec![d]),
        },
        None => (
            "van-ban.docx".to_string(),
            None,
            doc_model::BUILTIN_TEMPLATE.to_vec(),
        ),
    };
    let mut inputs = vec![options.source.as_str()];
    if let Some(p) = &template_path {
        inputs.push(p);
    }
    if let Err(d) = ensure_not_input(folder, &options.output, &inputs) {
        return Outcome::failed(vec![d]);
    }
    let render_options = crate::docx::RenderOptions {
        limits: options.limits,
        ..crate::filters::options()
    };
    let built = match doc_model::build(&doc, &template, template_path.is_none(), &render_options) {
        Ok(b) => b,
        Err(e) => return Outcome::failed(diagnose::render_error(&template_name, &e)),
    };
    let diagnostics = match write_document(
        folder,
        &options.output,
        &built.bytes,
        &built.warnings,
        &template_name,
    ) {
        Ok(d) => d,
        Err(failed) => return failed,
    };
    Outcome {
        output: Some(VanBanOutput {
            path: options.output.clone(),
            number: doc.number_line(),
            template: template_path.map(|_| template_name),
        }),
        diagnostics,
    }
}
