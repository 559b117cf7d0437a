//! Merging the returned spreadsheets ("tổng hợp"): every file is read (safely), its
//! unit and indicator table recognised, each value checked against its indicator's
//! kind and traced to file › sheet › cell, and the units' figures added up against
//! the roster. Nothing is silently dropped: every file ends accepted, accepted with
//! warnings, or rejected with its reasons.
//!
//! Pure: bytes in, a [`MergeResult`] out, which renders itself as `tong-hop.xlsx`
//! ([`MergeResult::to_xlsx`]) and `tong-hop.json` ([`MergeResult::to_json`]).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{Value as Json, json};

use crate::campaign::model::{Campaign, Indicator, IndicatorKind, Unit};
use crate::diagnostic::Hint;
use crate::limits::{Limited, Limits};
use crate::sheets::forms::{FORM_SHEET, FORM_VERSION};
use crate::sheets::locate::{self, UnitMatch};
use crate::sheets::read::{self, ReadError, Sniffed, Value, Workbook};
use crate::sheets::{a1, text};

/// One returned file, as the command layer hands it in.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// The name used in messages (the path as the user gave it).
    pub display_name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// The file system's modification time, used when the file records none.
    pub modified: Option<NaiveDateTime>,
}

/// Parses a checked file into cells. The command layer supplies one that runs the
/// risky readers in a child process; [`InProcess`] reads everything here.
pub trait WorkbookReader: Sync {
    /// Reads `bytes`, already checked by [`read::sniff`].
    fn read(&self, bytes: &[u8], sniffed: &Sniffed, limits: &Limits)
    -> Result<Workbook, ReadError>;
}

/// Reads every format in this process (for tests and trusted input).
#[derive(Debug, Clone, Copy, Default)]
pub struct InProcess;

impl WorkbookReader for InProcess {
    fn read(
        &self,
        bytes: &[u8],
        sniffed: &Sniffed,
        limits: &Limits,
    ) -> Result<Workbook, ReadError> {
        read::read_workbook(bytes, sniffed, limits)
    }
}

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The value (or the file) was not used.
    Error,
    /// Used, but someone should look.
    Warning,
}

impl Severity {
    /// `"error"` or `"warning"`, as in `tong-hop.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem, with where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// The file.
    pub file: String,
    /// The sheet, when the problem is in one.
    pub sheet: Option<String>,
    /// The cell in A1 form, absolute in the sheet, when the problem is in one.
    pub cell: Option<String>,
    /// How serious.
    pub severity: Severity,
    /// What is wrong, in plain words.
    pub message: String,
}

impl std::fmt::Display for Issue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(s) = &self.sheet {
            write!(f, " › {s}")?;
        }
        if let Some(c) = &self.cell {
            write!(f, " › {c}")?;
        }
        write!(f, ": {}: {}", self.severity.as_str(), self.message)
    }
}

/// What became of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStatus {
    /// Used as is.
    Accepted,
    /// Used; some values or facts need a look.
    AcceptedWithWarnings,
    /// Not used; the reasons say why.
    Rejected,
}

impl FileStatus {
    /// The status as written in `tong-hop.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Accepted => "accepted",
            FileStatus::AcceptedWithWarnings => "accepted_with_warnings",
            FileStatus::Rejected => "rejected",
        }
    }
}

/// A figure a unit reported.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    /// A checked number.
    Number(f64),
    /// Free text (text indicators).
    Text(String),
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Traced {
    /// The figure.
    pub figure: Figure,
    /// Sheet it was read from.
    pub sheet: String,
    /// Cell, A1.
    pub cell: String,
}

/// Everything learnt about one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The file, as named to the user.
    pub file: String,
    /// What became of it.
    pub status: FileStatus,
    /// The roster unit it belongs to, when known.
    pub unit: Option<String>,
    /// Why it was rejected.
    pub reasons: Vec<String>,
    /// What may help, for the front end to word (raise the limit that refused it).
    pub hints: Vec<Hint>,
    /// How the file and its table were recognised ("what matched what").
    pub matched: Vec<String>,
    /// Values by indicator code; `None` for a value present but unusable.
    pub values: BTreeMap<String, Option<Traced>>,
    /// When it was last saved, as the file itself records (docProps, ODF meta).
    pub filled_at: Option<NaiveDateTime>,
    /// The file system's modification time (copying or downloading changes it, so
    /// it only breaks ties between duplicates and never makes a return late).
    pub file_time: Option<NaiveDateTime>,
    /// Filled after the deadline.
    pub late: bool,
    /// Its problems.
    pub issues: Vec<Issue>,
    /// The real format.
    pub format: Option<read::Format>,
    /// Recognised by the identity of a vanban form.
    pub own_form: bool,
}

impl FileReport {
    fn new(file: &str) -> FileReport {
        FileReport {
            file: file.to_string(),
            status: FileStatus::Accepted,
            unit: None,
            reasons: Vec::new(),
            hints: Vec::new(),
            matched: Vec::new(),
            values: BTreeMap::new(),
            filled_at: None,
            file_time: None,
            late: false,
            issues: Vec::new(),
            format: None,
            own_form: false,
        }
    }

    fn reject(&mut self, reason: impl Into<String>) {
        let reason = reason.into();
        self.issues.push(Issue {
            file: self.file.clone(),
            sheet: None,
            cell: None,
            severity: Severity::Error,
            message: format!("file rejected: {reason}"),
        });
        self.reasons.push(reason);
    }

    /// Rejects the file because it could not be read; a limit that refused it
    /// becomes a hint.
    fn reject_unread(&mut self, err: &ReadError) {
        if let Some(limit) = err.limit() {
            self.hints.push(Hint::RaiseLimit(limit));
        }
        self.reject(err.to_string());
    }

    fn issue(
        &mut self,
        sheet: &str,
        cell: Option<(u32, u32)>,
        severity: Severity,
        message: String,
    ) {
        self.issues.push(Issue {
            file: self.file.clone(),
            sheet: Some(sheet.to_string()),
            cell: cell.map(|(r, c)| a1(r, c)),
            severity,
            message,
        });
    }

    fn warn_file(&mut self, message: String) {
        self.issues.push(Issue {
            file: self.file.clone(),
            sheet: None,
            cell: None,
            severity: Severity::Warning,
            message,
        });
    }

    fn settle(&mut self) {
        self.status = if !self.reasons.is_empty() {
            FileStatus::Rejected
        } else if self.issues.is_empty() {
            FileStatus::Accepted
        } else {
            FileStatus::AcceptedWithWarnings
        };
    }
}

/// A roster unit's line in the result.
#[derive(Debug, Clone)]
pub struct UnitRow {
    /// The unit.
    pub unit: Unit,
    /// The file used for it (the accepted one), if it reported.
    pub file: Option<usize>,
}

/// The whole merge.
#[derive(Debug, Clone)]
pub struct MergeResult {
    campaign: Campaign,
    /// Every file, in input order.
    pub files: Vec<FileReport>,
    /// Roster units in Vietnamese name order, with the file used.
    pub units: Vec<UnitRow>,
}

/// Merges `inputs` for `campaign`, reading every format in this process.
pub fn merge(
    campaign: &Campaign,
    inputs: &[InputFile],
    limits: &Limits,
    progress: &mut dyn FnMut(usize, usize),
) -> MergeResult {
    merge_with(campaign, inputs, limits, &InProcess, progress)
}

/// Merges `inputs` for `campaign`, parsing with `reader`. Files are read on a few
/// threads; the result does not depend on their order of completion.
// The threads are being moved out of the library on another branch; until that
// lands, clippy's ban is lifted here (and `.ci/purity` still reports it).
#[allow(clippy::disallowed_methods)]
pub fn merge_with(
    campaign: &Campaign,
    inputs: &[InputFile],
    limits: &Limits,
    reader: &dyn WorkbookReader,
    progress: &mut dyn FnMut(usize, usize),
) -> MergeResult {
    let total = inputs.len();
    let mut reports: Vec<Option<FileReport>> = vec![None; total];
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8)
        .min(total.max(1));
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, FileReport)>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let tx = tx.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= total {
                        break;
                    }
                    // A reader that panics on a crafted file costs that file only.
                    let report = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        analyse(campaign, &inputs[i], limits, reader)
                    }))
                    .unwrap_or_else(|payload| {
                        let why = payload
                            .downcast_ref::<String>()
                            .map(String::as_str)
                            .or_else(|| payload.downcast_ref::<&str>().copied())
                            .unwrap_or("no details");
                        let mut rep = FileReport::new(&inputs[i].display_name);
                        rep.reject(
                            ReadError::Crashed(format!("the spreadsheet reader failed: {why}"))
                                .to_string(),
                        );
                        rep.settle();
                        rep
                    });
                    if tx.send((i, report)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut done = 0;
        for (i, report) in rx {
            reports[i] = Some(report);
            done += 1;
            progress(done, total);
        }
    });
    let files: Vec<FileReport> = reports
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            r.unwrap_or_else(|| {
                let mut rep = FileReport::new(&inputs[i].display_name);
                rep.reject("internal: the reader stopped before finishing this file");
                rep
            })
        })
        .collect();
    settle(campaign, files)
}

/// Reads and checks one file on its own.
fn analyse(
    campaign: &Campaign,
    input: &InputFile,
    limits: &Limits,
    reader: &dyn WorkbookReader,
) -> FileReport {
    let mut rep = FileReport::new(&input.display_name);
    let sniffed = match read::sniff(&input.bytes, limits) {
        Ok(s) => s,
        Err(e) => {
            rep.reject_unread(&e);
            rep.settle();
            return rep;
        }
    };
    rep.format = Some(sniffed.format);
    rep.filled_at = sniffed.modified.as_deref().and_then(parse_iso);
    rep.file_time = input.modified;
    let book = match reader.read(&input.bytes, &sniffed, limits) {
        Ok(b) => b,
        Err(e) => {
            rep.reject_unread(&e);
            rep.settle();
            return rep;
        }
    };
    read_values(campaign, &book, &mut rep);
    if let Some(at) = rep.filled_at
        && at.date() > campaign.reporting.deadline.0
        && rep.reasons.is_empty()
    {
        rep.late = true;
        rep.warn_file(format!(
            "returned after the deadline: filled on {}, deadline {}",
            at.date().format("%d/%m/%Y"),
            campaign.reporting.deadline.0.format("%d/%m/%Y")
        ));
    }
    rep.settle();
    rep
}

fn parse_iso(text: &str) -> Option<NaiveDateTime> {
    let t = text.trim().trim_end_matches('Z');
    let t = t.split(['+']).next().unwrap_or(t);
    NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S"))
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(t.get(..10)?, "%Y-%m-%d")
                .ok()?
                .and_hms_opt(0, 0, 0)
        })
}

fn read_values(campaign: &Campaign, book: &Workbook, rep: &mut FileReport) {
    let units = &campaign.reporting.units;
    let mut preferred_sheet: Option<String> = None;
    match locate::identity(book) {
        Some(id) => {
            rep.own_form = true;
            if id.campaign != campaign.campaign.id {
                rep.reject(format!(
                    "this is a form of campaign `{}`, not of `{}`",
                    id.campaign, campaign.campaign.id
                ));
                return;
            }
            if id.version > FORM_VERSION {
                rep.warn_file(format!(
                    "the form is version {}, newer than this tool knows ({FORM_VERSION})",
                    id.version
                ));
            }
            match units.iter().position(|u| u.code == id.unit) {
                Some(i) => {
                    rep.unit = Some(units[i].code.clone());
                    rep.matched.push(format!(
                        "vanban form of unit `{}` (identity sheet)",
                        units[i].code
                    ));
                }
                None => {
                    rep.reject(format!("unit `{}` is not on the roster", id.unit));
                    return;
                }
            }
            preferred_sheet = Some(FORM_SHEET.to_string());
        }
        None => match locate::find_unit(book, campaign, &rep.file) {
            UnitMatch::Roster {
                index,
                how,
                from_file_name,
            } => {
                rep.unit = Some(units[index].code.clone());
                rep.matched
                    .push(format!("unit `{}` recognised by {how}", units[index].code));
                if from_file_name {
                    rep.warn_file(format!(
                        "the unit `{}` was recognised only by the file name; check it is the right unit",
                        units[index].code
                    ));
                }
            }
            UnitMatch::Unknown { code, at } => {
                rep.reject(format!("unit `{code}` ({at}) is not on the roster"));
                return;
            }
            UnitMatch::Several(codes) => {
                rep.reject(format!(
                    "the file names several units ({}); send one file per unit",
                    codes.join(", ")
                ));
                return;
            }
            UnitMatch::None => {
                rep.reject(
                    "cannot tell which unit sent this file (no vanban form identity, no unit code or name in its cells or file name)",
                );
                return;
            }
        },
    }
    let fast = if rep.own_form {
        locate::form_table(book, campaign)
    } else {
        None
    };
    if rep.own_form && fast.is_none() {
        rep.warn_file(
            "the form's layout was changed (rows or labels edited); its figures were found by their labels"
                .to_string(),
        );
    }
    let Some(table) =
        fast.or_else(|| locate::find_table(book, campaign, preferred_sheet.as_deref()))
    else {
        rep.reject("no indicator of the campaign was found in any sheet (the labels of the indicator table are missing)");
        return;
    };
    let sheet = &book.sheets[table.sheet];
    if !sheet.visible {
        rep.issue(
            &sheet.name,
            None,
            Severity::Warning,
            "the figures were read from a hidden sheet".to_string(),
        );
    }
    if !rep.own_form || preferred_sheet.as_deref() != Some(sheet.name.as_str()) {
        rep.matched.push(format!(
            "indicator table on sheet `{}`, values in {}",
            sheet.name, table.value_column_from
        ));
    }
    let indicators = &campaign.reporting.indicators;
    for loc in &table.found {
        let ind = &indicators[loc.indicator];
        if let Some(enc) = loc.repaired_from {
            rep.issue(
                &sheet.name,
                Some(loc.label_cell),
                Severity::Warning,
                format!("label written in {enc}, read as \"{}\"", loc.label_text),
            );
        }
        if !rep.own_form {
            rep.matched.push(format!(
                "\"{}\" ({}) → `{}`, value {}",
                loc.label_text,
                a1(loc.label_cell.0, loc.label_cell.1),
                ind.code,
                a1(loc.value_cell.0, loc.value_cell.1)
            ));
        }
        let cell = loc.value_cell;
        let value = sheet.get(cell.0, cell.1);
        let checked = check_value(ind, value);
        let traced = |figure: Figure| Traced {
            figure,
            sheet: sheet.name.clone(),
            cell: a1(cell.0, cell.1),
        };
        match checked {
            Checked::Empty => {
                if ind.kind != IndicatorKind::Text {
                    rep.issue(
                        &sheet.name,
                        Some(cell),
                        Severity::Warning,
                        format!("no figure for \"{}\"", ind.label),
                    );
                }
            }
            Checked::Ok(figure, note) => {
                if let Some(note) = note {
                    rep.issue(&sheet.name, Some(cell), Severity::Warning, note);
                }
                rep.values.insert(ind.code.clone(), Some(traced(figure)));
            }
            Checked::Bad(message) => {
                rep.issue(
                    &sheet.name,
                    Some(cell),
                    Severity::Error,
                    format!("\"{}\": {message}; not counted", ind.label),
                );
                rep.values.insert(ind.code.clone(), None);
            }
        }
    }
    for (i, ind) in indicators.iter().enumerate() {
        if !table.found.iter().any(|l| l.indicator == i) {
            rep.issue(
                &sheet.name,
                None,
                if ind.kind == IndicatorKind::Text {
                    Severity::Warning
                } else {
                    Severity::Error
                },
                format!(
                    "indicator \"{}\" (`{}`) was not found in the table",
                    ind.label, ind.code
                ),
            );
        }
    }
}

enum Checked {
    Empty,
    Ok(Figure, Option<String>),
    Bad(String),
}

fn check_value(ind: &Indicator, value: Option<&Value>) -> Checked {
    let Some(value) = value else {
        return Checked::Empty;
    };
    let mut note = None;
    let number = match value {
        Value::Number(n) => *n,
        Value::Text(t) => {
            let (fixed, enc) = match text::repair_legacy(t) {
                Some((s, e)) => (s, Some(e)),
                None => (text::nfc(t), None),
            };
            let trimmed = fixed.trim();
            if trimmed.is_empty() {
                return Checked::Empty;
            }
            if ind.kind == IndicatorKind::Text {
                let n = enc.map(|e| format!("text written in {e}, repaired"));
                return Checked::Ok(Figure::Text(trimmed.to_string()), n);
            }
            match text::parse_number(trimmed) {
                Ok(n) => {
                    note = Some(format!(
                        "number typed as text \"{trimmed}\", read as {}{}",
                        plain_number(n.value),
                        if n.ambiguous {
                            " (separators read the Vietnamese way: `.` groups thousands)"
                        } else {
                            ""
                        }
                    ));
                    n.value
                }
                Err(why) => return Checked::Bad(why),
            }
        }
        Value::Bool(b) => {
            return Checked::Bad(format!(
                "{} is not a number",
                if *b { "TRUE" } else { "FALSE" }
            ));
        }
        Value::Date(_) => {
            return Checked::Bad(
                "the cell holds a date (it is formatted as a date), not a number".to_string(),
            );
        }
        Value::Error(e) => return Checked::Bad(format!("the cell shows the error {e}")),
        Value::Uncalculated { formula } => {
            return Checked::Bad(format!(
                "the formula `={}` was never calculated (no saved result); open the file in Excel or LibreOffice, save it and send it again",
                formula.trim_start_matches('=')
            ));
        }
    };
    if ind.kind == IndicatorKind::Text {
        return Checked::Ok(Figure::Text(plain_number(number)), note);
    }
    if !number.is_finite() {
        return Checked::Bad("the number is not finite".to_string());
    }
    if number < 0.0 {
        return Checked::Bad(format!("{} is negative", plain_number(number)));
    }
    match ind.kind {
        IndicatorKind::Count if number.fract() != 0.0 => Checked::Bad(format!(
            "{} is not a whole number ({} must be counted whole)",
            plain_number(number),
            ind.unit
        )),
        IndicatorKind::Money if number.fract() != 0.0 => {
            Checked::Bad(format!("{} has a fraction of a đồng", plain_number(number)))
        }
        _ => Checked::Ok(Figure::Number(number), note),
    }
}

/// A number printed plainly: whole numbers without `.0`.
fn plain_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Across files: duplicates, roster order.
fn settle(campaign: &Campaign, mut files: Vec<FileReport>) -> MergeResult {
    let roster = &campaign.reporting.units;
    let mut by_unit: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        if f.status != FileStatus::Rejected
            && let Some(u) = &f.unit
        {
            by_unit.entry(u.clone()).or_default().push(i);
        }
    }
    let mut chosen: BTreeMap<String, usize> = BTreeMap::new();
    for (unit, mut idx) in by_unit {
        // Most recently filled last; unknown dates first; then by name for a stable choice.
        idx.sort_by(|&a, &b| {
            files[a]
                .filled_at
                .cmp(&files[b].filled_at)
                .then_with(|| files[a].file_time.cmp(&files[b].file_time))
                .then_with(|| files[a].file.cmp(&files[b].file))
        });
        let Some(&winner) = idx.last() else { continue };
        if idx.len() > 1 {
            let describe = |f: &FileReport| match f.filled_at {
                Some(t) => format!("`{}` (filled {})", f.file, t.format("%d/%m/%Y %H:%M")),
                None => format!("`{}` (no recorded date)", f.file),
            };
            let list: Vec<String> = idx.iter().map(|&i| describe(&files[i])).collect();
            let runner_up = &files[idx[idx.len() - 2]];
            let tie = runner_up.filled_at == files[winner].filled_at
                && runner_up.file_time == files[winner].file_time;
            let winner_name = files[winner].file.clone();
            for &i in &idx[..idx.len() - 1] {
                files[i].reject(format!(
                    "unit `{unit}` sent another file, `{winner_name}`, filled later; that one is used"
                ));
                files[i].settle();
            }
            files[winner].warn_file(format!(
                "unit `{unit}` sent {} files: {}; {}, `{winner_name}`, is used",
                idx.len(),
                list.join(", "),
                if tie {
                    "their dates do not tell which is newer, so the last by name"
                } else {
                    "the most recently saved"
                }
            ));
            files[winner].settle();
        }
        chosen.insert(unit, winner);
    }
    let mut units: Vec<UnitRow> = roster
        .iter()
        .map(|u| UnitRow {
            unit: u.clone(),
            file: chosen.get(&u.code).copied(),
        })
        .collect();
    units.sort_by(|a, b| {
        text::compare_names(&a.unit.name, &b.unit.name).then_with(|| a.unit.code.cmp(&b.unit.code))
    });
    MergeResult {
        campaign: campaign.clone(),
        files,
        units,
    }
}

/// An indicator's total: the exact sum and how many units reported it.
#[derive(Debug, Clone, PartialEq)]
pub struct Total {
    /// The indicator.
    pub indicator: Indicator,
    /// The sum (`None` for text indicators).
    pub sum: Option<f64>,
    /// Units whose accepted file gave a usable value.
    pub reported: usize,
}

/// Decimal values are summed in millionths so totals are exact to the last digit
/// a clerk types.
const DECIMAL_SCALE: f64 = 1_000_000.0;

impl MergeResult {
    /// The campaign merged.
    pub fn campaign(&self) -> &Campaign {
        &self.campaign
    }

    /// Each indicator's total, in campaign order.
    pub fn totals(&self) -> Vec<Total> {
        self.campaign
            .reporting
            .indicators
            .iter()
            .map(|ind| {
                let mut scaled: i128 = 0;
                let mut reported = 0;
                for row in &self.units {
                    let Some(fi) = row.file else { continue };
                    if let Some(Some(Traced {
                        figure: Figure::Number(n),
                        ..
                    })) = self.files[fi].values.get(&ind.code)
                    {
                        reported += 1;
                        scaled += match ind.kind {
                            IndicatorKind::Decimal => (n * DECIMAL_SCALE).round() as i128,
                            _ => *n as i128,
                        };
                    } else if let Some(Some(Traced {
                        figure: Figure::Text(_),
                        ..
                    })) = self.files[fi].values.get(&ind.code)
                    {
                        reported += 1;
                    }
                }
                let sum = match ind.kind {
                    IndicatorKind::Text => None,
                    IndicatorKind::Decimal => Some(scaled as f64 / DECIMAL_SCALE),
                    _ => Some(scaled as f64),
                };
                Total {
                    indicator: ind.clone(),
                    sum,
                    reported,
                }
            })
            .collect()
    }

    /// Roster units with no accepted file, in Vietnamese name order.
    pub fn missing(&self) -> Vec<&Unit> {
        self.units
            .iter()
            .filter(|r| r.file.is_none())
            .map(|r| &r.unit)
            .collect()
    }

    /// Every issue, file by file in input order.
    pub fn issues(&self) -> Vec<&Issue> {
        self.files.iter().flat_map(|f| f.issues.iter()).collect()
    }

    /// Files read, accepted (with or without warnings), accepted with warnings, rejected.
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let with = self
            .files
            .iter()
            .filter(|f| f.status == FileStatus::AcceptedWithWarnings)
            .count();
        let rejected = self
            .files
            .iter()
            .filter(|f| f.status == FileStatus::Rejected)
            .count();
        (
            self.files.len(),
            self.files.len() - rejected,
            with,
            rejected,
        )
    }

    /// The one-paragraph summary the command prints.
    pub fn summary(&self) -> String {
        let (read, accepted, with, rejected) = self.counts();
        format!(
            "read {read} file{}: {accepted} accepted ({with} with warnings), {rejected} rejected; {} of {} units have not reported",
            if read == 1 { "" } else { "s" },
            self.missing().len(),
            self.units.len()
        )
    }

    /// `tong-hop.json`: the report templates' data (a stable interface, see README).
    pub fn to_json(&self) -> Json {
        let c = &self.campaign;
        let totals = self.totals();
        let mut totals_map = serde_json::Map::new();
        let mut reported_map = serde_json::Map::new();
        for t in &totals {
            if let Some(sum) = t.sum {
                totals_map.insert(t.indicator.code.clone(), number_json(sum));
            }
            reported_map.insert(t.indicator.code.clone(), json!(t.reported));
        }
        let units: Vec<Json> = self
            .units
            .iter()
            .map(|row| {
                let mut values = serde_json::Map::new();
                let mut sources = serde_json::Map::new();
                let (file, status, filled_at, late) = match row.file {
                    Some(fi) => {
                        let f = &self.files[fi];
                        for ind in &c.reporting.indicators {
                            match f.values.get(&ind.code) {
                                Some(Some(t)) => {
                                    values.insert(ind.code.clone(), figure_json(&t.figure));
                                    sources.insert(
                                        ind.code.clone(),
                                        json!({"sheet": t.sheet, "cell": t.cell}),
                                    );
                                }
                                _ => {
                                    values.insert(ind.code.clone(), Json::Null);
                                }
                            }
                        }
                        (
                            json!(f.file),
                            f.status.as_str(),
                            f.filled_at
                                .map(|t| json!(t.format("%Y-%m-%dT%H:%M:%S").to_string()))
                                .unwrap_or(Json::Null),
                            f.late,
                        )
                    }
                    None => (Json::Null, "missing", Json::Null, false),
                };
                json!({
                    "code": row.unit.code,
                    "name": row.unit.name,
                    "group": row.unit.group,
                    "status": status,
                    "file": file,
                    "filled_at": filled_at,
                    "late": late,
                    "values": values,
                    "sources": sources,
                })
            })
            .collect();
        let files: Vec<Json> = self
            .files
            .iter()
            .map(|f| {
                json!({
                    "file": f.file,
                    "status": f.status.as_str(),
                    "unit": f.unit,
                    "format": f.format,
                    "own_form": f.own_form,
                    "filled_at": f.filled_at.map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string()),
                    "late": f.late,
                    "reasons": f.reasons,
                    "matched": f.matched,
                })
            })
            .collect();
        let issues: Vec<Json> = self
            .issues()
            .into_iter()
            .map(|i| {
                json!({
                    "file": i.file,
                    "sheet": i.sheet,
                    "cell": i.cell,
                    "severity": i.severity.as_str(),
                    "message": i.message,
                })
            })
            .collect();
        let (read, accepted, with, rejected) = self.counts();
        json!({
            "format": "vanban/tong-hop",
            "version": 1,
            "campaign": {"id": c.campaign.id, "name": c.campaign.name, "year": c.campaign.year},
            "deadline": c.reporting.deadline.to_string(),
            "indicators": c.reporting.indicators.iter().map(|i| json!({
                "code": i.code, "label": i.label, "unit": i.unit, "kind": i.kind,
            })).collect::<Vec<_>>(),
            "totals": totals_map,
            "reported": reported_map,
            "units": units,
            "missing": self.missing().iter().map(|u| u.code.clone()).collect::<Vec<_>>(),
            "files": files,
            "issues": issues,
            "summary": {
                "files_read": read,
                "accepted": accepted,
                "accepted_with_warnings": with,
                "rejected": rejected,
                "units_total": self.units.len(),
                "units_reported": self.units.len() - self.missing().len(),
                "units_missing": self.missing().len(),
                "errors": self.issues().iter().filter(|i| i.severity == Severity::Error).count(),
                "warnings": self.issues().iter().filter(|i| i.severity == Severity::Warning).count(),
            },
        })
    }

    /// `tong-hop.xlsx`: "Tổng hợp", "Chi tiết", "Lỗi và cảnh báo", "Chưa nộp".
    pub fn to_xlsx(&self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        crate::sheets::output::write(self)
    }
}

fn number_json(n: f64) -> Json {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        json!(n as i64)
    } else {
        json!(n)
    }
}

fn figure_json(f: &Figure) -> Json {
    match f {
        Figure::Number(n) => number_json(*n),
        Figure::Text(t) => json!(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaign::model::IndicatorKind;

    fn ind(kind: IndicatorKind) -> Indicator {
        Indicator {
            code: "x".into(),
            label: "X".into(),
            unit: "căn".into(),
            kind,
        }
    }

    #[test]
    fn values_are_checked_by_kind() {
        use IndicatorKind::*;
        let t = |s: &str| Value::Text(s.to_string());
        let cases: Vec<(IndicatorKind, Option<Value>, &str)> = vec![
            (Count, Some(Value::Number(12.0)), "ok 12"),
            (Count, Some(Value::Number(-1.0)), "bad -1 is negative"),
            (
                Count,
                Some(Value::Number(1.5)),
                "bad 1.5 is not a whole number",
            ),
            (Money, Some(Value::Number(0.5)), "bad 0.5 has a fraction"),
            (Decimal, Some(Value::Number(2.5)), "ok 2.5"),
            (Count, Some(t("1.234")), "ok 1234 note"),
            (Decimal, Some(t("38,05")), "ok 38.05 note"),
            (Count, Some(t("1.2OO")), "bad \"1.2OO\" is not a number"),
            (
                Count,
                Some(Value::Error("#DIV/0!".into())),
                "bad the cell shows the error #DIV/0!",
            ),
            (
                Count,
                Some(Value::Uncalculated {
                    formula: "SUM(A1:A2)".into(),
                }),
                "bad the formula `=SUM(A1:A2)` was never calculated",
            ),
            (
                Count,
                Some(Value::Date(42900.0)),
                "bad the cell holds a date",
            ),
            (Count, Some(t("  ")), "empty"),
            (Count, None, "empty"),
            (Text, Some(t("Tốt")), "ok Tốt"),
        ];
        for (kind, value, want) in cases {
            let got = match check_value(&ind(kind), value.as_ref()) {
                Checked::Empty => "empty".to_string(),
                Checked::Ok(Figure::Number(n), note) => {
                    format!(
                        "ok {}{}",
                        plain_number(n),
                        if note.is_some() { " note" } else { "" }
                    )
                }
                Checked::Ok(Figure::Text(s), _) => format!("ok {s}"),
                Checked::Bad(m) => format!("bad {m}"),
            };
            assert!(
                got.starts_with(want),
                "{kind:?} {value:?}: got `{got}`, want `{want}`"
            );
        }
    }

    #[test]
    fn a_reader_panic_rejects_that_file_only() {
        let campaign = crate::sheets::forms::sample::campaign(1);
        let good =
            crate::sheets::forms::build_form(&campaign, &campaign.reporting.units[0]).unwrap();
        let inputs = [
            InputFile {
                display_name: "bad.xls".into(),
                bytes: include_bytes!(
                    "../../../../tests/fixtures/sheets/mutated-panics-calamine.xls"
                )
                .to_vec(),
                modified: None,
            },
            InputFile {
                display_name: "good.xlsx".into(),
                bytes: good,
                modified: None,
            },
        ];
        let result = merge(&campaign, &inputs, &Limits::default(), &mut |_, _| {});
        assert_eq!(result.files[0].status, FileStatus::Rejected);
        assert!(
            result.files[0].reasons[0].contains("the spreadsheet reader failed"),
            "{:?}",
            result.files[0].reasons
        );
        assert_ne!(result.files[1].status, FileStatus::Rejected);
    }

    #[test]
    fn an_edited_form_is_read_by_its_labels_with_a_warning() {
        let campaign = crate::sheets::forms::sample::campaign(1);
        let unit = &campaign.reporting.units[0];
        let mut values = BTreeMap::new();
        values.insert(
            "luot_nguoi".to_string(),
            crate::sheets::forms::FillValue::Number(7.0),
        );
        let bytes = crate::sheets::forms::build_form_with(
            &campaign,
            unit,
            &crate::sheets::forms::FormOptions {
                values,
                filled_on: None,
            },
        )
        .unwrap();
        let limits = Limits::default();
        let sniffed = read::sniff(&bytes, &limits).unwrap();
        let mut book = read::read_workbook(&bytes, &sniffed, &limits).unwrap();
        // Two rows inserted above the table, as a clerk might.
        for cell in &mut book.sheets[0].cells {
            if cell.row >= 8 {
                cell.row += 2;
            }
        }
        let mut rep = FileReport::new("sua.xlsx");
        read_values(&campaign, &book, &mut rep);
        let luot = rep.values["luot_nguoi"].as_ref().unwrap();
        assert_eq!(
            (luot.figure.clone(), luot.cell.as_str()),
            (Figure::Number(7.0), "D15")
        );
        assert!(
            rep.issues
                .iter()
                .any(|i| i.message.contains("layout was changed")),
            "{:?}",
            rep.issues
        );
        assert!(rep.reasons.is_empty());

        // Untouched, the cell map is used and nothing is reported but empty cells.
        let book = read::read_workbook(&bytes, &sniffed, &limits).unwrap();
        let mut rep = FileReport::new("ok.xlsx");
        read_values(&campaign, &book, &mut rep);
        assert!(
            rep.issues
                .iter()
                .all(|i| i.message.starts_with("no figure")),
            "{:?}",
            rep.issues
        );
        assert_eq!(rep.values["luot_nguoi"].as_ref().unwrap().cell, "D13");
    }

    #[test]
    fn forms_of_another_campaign_or_unit_are_rejected() {
        let campaign = crate::sheets::forms::sample::campaign(2);
        let form =
            crate::sheets::forms::build_form(&campaign, &campaign.reporting.units[0]).unwrap();
        let mut other = campaign.clone();
        other.campaign.id = "khac-2018".into();
        let mut shorter = campaign.clone();
        shorter.reporting.units.remove(0);
        let input = [InputFile {
            display_name: "a.xlsx".into(),
            bytes: form,
            modified: None,
        }];
        for (c, want) in [
            (
                &other,
                "this is a form of campaign `dan-van-2017`, not of `khac-2018`",
            ),
            (&shorter, "unit `CD001` is not on the roster"),
        ] {
            let r = merge(c, &input, &Limits::default(), &mut |_, _| {});
            assert_eq!(r.files[0].status, FileStatus::Rejected);
            assert_eq!(r.files[0].reasons, vec![want.to_string()]);
        }
    }

    #[test]
    fn iso_dates_parse() {
        for (s, ok) in [
            ("2017-07-20T08:30:00Z", true),
            ("2017-07-20T08:30:00.123", true),
            ("2017-07-20", true),
            ("x", false),
        ] {
            assert_eq!(parse_iso(s).is_some(), ok, "{s}");
        }
    }
}
