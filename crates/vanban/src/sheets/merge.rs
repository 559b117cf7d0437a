//! Merging the returned spreadsheets ("tổng hợp"): every file is read (safely), its
//! unit and indicator table recognised, each value checked against its indicator's
//! kind and traced to file › sheet › cell, and the units' figures added up against
//! the roster. Nothing is silently dropped: every file ends accepted, accepted with
//! warnings, or rejected with its reasons.
//!
//! Pure and single-threaded: [`merge_file`] reads one file into a [`FileReport`];
//! [`aggregate`] settles duplicates and adds the reports up into a [`TongHop`].
//! [`merge_with`] runs both, reading the files through the caller's [`Workers`]
//! (the command line reads on several threads; [`Sequential`] reads in turn) — the
//! result does not depend on which. Problems are [`Diagnostic`]s with the codes in
//! [`CODES`]; the words are the front end's.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{NaiveDate, NaiveDateTime};

use crate::campaign::model::{Campaign, Indicator, IndicatorKind};
use crate::diagnostic::{Arg, Diagnostic, Hint, Location, Severity};
use crate::limits::{Limit, Limits};
use crate::sheets::forms::{FORM_SHEET, FORM_VERSION};
use crate::sheets::locate::{self, CampaignKeys, UnitMatch};
use crate::sheets::read::{self, ReadError, Sniffed, Value, Workbook};
use crate::sheets::{a1, text};
use crate::tonghop::{
    self, ByCode, Entry, Figure, FileEntry, FileStatus, RejectReason, RollUp, Source, Sources,
    Summary, TongHop, UnitEntry, UnitStatus,
};

mod rollup;

/// The codes of the merge's diagnostics, each the key of its message.
pub mod codes {
    /// The file has no bytes.
    pub const FILE_EMPTY: &str = "merge.file.empty";
    /// A Word document named like a spreadsheet.
    pub const FILE_WORD_DOCUMENT: &str = "merge.file.word_document";
    /// A web page named like a spreadsheet.
    pub const FILE_WEB_PAGE: &str = "merge.file.web_page";
    /// A zip package holding no workbook.
    pub const FILE_ZIP_NOT_SPREADSHEET: &str = "merge.file.zip_not_spreadsheet";
    /// Content no reader recognises.
    pub const FILE_NOT_A_SPREADSHEET: &str = "merge.file.not_a_spreadsheet";
    /// A password-protected workbook.
    pub const FILE_PASSWORD: &str = "merge.file.password";
    /// The package was refused before parsing (`details`).
    /// A declared size the file cannot hold (`details`).
    pub const FILE_DECLARED_SIZE: &str = "merge.file.declared_size";
    /// A sheet with more cells than the limit (`sheet`, `limit`).
    pub const FILE_TOO_MANY_CELLS: &str = "merge.file.too_many_cells";
    /// A sheet nesting its XML deeper than the limit (`sheet`, `limit`).
    pub const FILE_TOO_DEEP: &str = "merge.file.too_deep";
    /// The file is damaged (`details`).
    pub const FILE_DAMAGED: &str = "merge.file.damaged";
    /// The reader stopped on the file (`details`).
    pub const FILE_READER_CRASHED: &str = "merge.file.reader_crashed";
    /// The workers never returned the file's report.
    pub const FILE_NOT_FINISHED: &str = "merge.file.not_finished";
    /// Another file of the same unit, filled later, is used (`unit`, `used`).
    pub const FILE_SUPERSEDED: &str = "merge.file.superseded";
    /// Filled after the deadline (`filled`, `deadline`: `YYYY-MM-DD`).
    pub const FILE_LATE: &str = "merge.file.late";
    /// Not a vanban form and no figure found at the indicator labels: a unit's code
    /// or name alone is no evidence of its return (`unit`, `matched`: how the unit
    /// was named).
    pub const FILE_NO_FIGURES: &str = "merge.file.no_figures";
    /// No figure entered: a blank form ("biểu trống"), not counted as reported
    /// (`unit`).
    pub const FILE_BLANK: &str = "merge.file.blank";
    /// A vanban form of another campaign (`found`, `expected`).
    pub const FORM_OTHER_CAMPAIGN: &str = "merge.form.other_campaign";
    /// A form version newer than this tool's (`version`, `known`).
    pub const FORM_NEWER_VERSION: &str = "merge.form.newer_version";
    /// The form's rows or labels were edited (`sheet`).
    pub const FORM_LAYOUT_CHANGED: &str = "merge.form.layout_changed";
    /// A unit code not on the roster (`unit`, and `at` when known).
    pub const UNIT_NOT_ON_ROSTER: &str = "merge.unit.not_on_roster";
    /// Several units named in one file (`units`).
    pub const UNIT_SEVERAL: &str = "merge.unit.several";
    /// No unit could be recognised (`labels`: 1 when a "Mã đơn vị" label was
    /// found with no code next to it, at `label_at`, beside the text `label_next`;
    /// else 0 and both empty).
    pub const UNIT_UNKNOWN: &str = "merge.unit.unknown";
    /// The unit was recognised only by the file name (`unit`).
    pub const UNIT_BY_FILE_NAME: &str = "merge.unit.by_file_name";
    /// A unit sent several files (`unit`, `files`, `filled`, `used`, `chosen_by`).
    pub const UNIT_DUPLICATE: &str = "merge.unit.duplicate";
    /// No indicator table in any sheet.
    pub const TABLE_NOT_FOUND: &str = "merge.table.not_found";
    /// The figures are on a hidden sheet.
    pub const SHEET_HIDDEN: &str = "merge.sheet.hidden";
    /// An indicator missing from the table (`indicator`, `indicator_code`).
    pub const INDICATOR_NOT_FOUND: &str = "merge.indicator.not_found";
    /// A label typed in a legacy font (`encoding`, `label`).
    pub const LABEL_LEGACY: &str = "merge.label.legacy_encoding";
    /// A text figure typed in a legacy font, repaired (`encoding`).
    pub const TEXT_LEGACY: &str = "merge.value.legacy_encoding";
    /// No figure (`indicator`).
    pub const VALUE_EMPTY: &str = "merge.value.empty";
    /// A number typed as text (`text`, `value`).
    pub const VALUE_NUMBER_AS_TEXT: &str = "merge.value.number_as_text";
    /// A number typed as text whose separators were read the Vietnamese way
    /// (`text`, `value`).
    pub const VALUE_NUMBER_AS_TEXT_AMBIGUOUS: &str = "merge.value.number_as_text_ambiguous";
    /// A rejected figure: Text that does not read as a number (`value`, `details`). Each value problem also has `indicator`
    /// (label) and `indicator_code`.
    pub const VALUE_NOT_A_NUMBER: &str = "merge.value.not_a_number";
    /// A rejected figure: TRUE or FALSE (`value`). Each value problem also has `indicator`
    /// (label) and `indicator_code`.
    pub const VALUE_BOOLEAN: &str = "merge.value.boolean";
    /// A rejected figure: A date where a number belongs. Each value problem also has `indicator`
    /// (label) and `indicator_code`.
    pub const VALUE_DATE: &str = "merge.value.date";
    /// A rejected figure: The cell shows a spreadsheet error (`error`). Each value problem also has `indicator`
    /// (label) and `indicator_code`.
    pub const VALUE_ERROR_CELL: &str = "merge.value.error_cell";
    /// A rejected figure: A formula without a saved result (`formula`). Each value problem also has `indicator`
    /// (label) and `indicator_code`.
    pub const VALUE_UNCALCULATED: &str = "merge.value.uncalculated";
    /// A rejected figure: Infinite or not a number. Each value problem also has `indicator`
    /// (label) and `indicator_code`.
    pub const VALUE_NOT_FINITE: &str = "merge.value.not_finite";
    /// A rejected figure: Below zero (`value`). Each value problem also has `indicator`
    /// (label) and `indicator_code`.
    pub const VALUE_NEGATIVE: &str = "merge.value.negative";
    /// A rejected figure: A count with a fraction (`value`, `unit`). Each value problem also has `indicator`
    /// (label) and `indicator_code`.
    pub const VALUE_NOT_WHOLE: &str = "merge.value.not_whole";
    /// A rejected figure: Money with a fraction of a đồng (`value`). Each value problem also has `indicator`
    /// (label) and `indicator_code`.
    pub const VALUE_FRACTION_OF_DONG: &str = "merge.value.fraction_of_dong";
    /// A rejected figure: at or above the indicator's plausibility limit (`value`,
    /// `limit`). Each value problem also has `indicator` (label) and `indicator_code`.
    pub const VALUE_OUT_OF_RANGE: &str = "merge.value.out_of_range";
    /// A rejected figure: a text longer than a cell holds (`length`, `limit`: in
    /// characters). Each value problem also has `indicator` (label) and
    /// `indicator_code`.
    pub const VALUE_TOO_LONG: &str = "merge.value.too_long";
    /// The file gives one cell address twice (`sheet`, and the cell in the
    /// location); the last is read. An error when it is a figure's cell.
    pub const CELL_DUPLICATE: &str = "merge.cell.duplicate";
    /// An indicator's total cannot be held exactly, so none is given (`indicator`,
    /// `indicator_code`).
    pub const TOTAL_TOO_LARGE: &str = "merge.total.too_large";
    /// A campaign check "`if` A `needs` B" broken: A is above 0 and B is 0. At A's
    /// cell; `indicator`, `indicator_code`, `value` (A's), `other`, `other_code`,
    /// `other_cell` (B's label, code and cell).
    pub const CHECK_NEEDS: &str = "merge.check.needs";
    /// A campaign check "A `at_most` k × B" broken. At A's cell; as
    /// [`CHECK_NEEDS`], with `other_value` (B's figure), `times` (k) and `limit`
    /// (k × B).
    pub const CHECK_AT_MOST: &str = "merge.check.at_most";
    /// A JSON return that is not a vanban tổng hợp (a roll-up takes only those).
    pub const ROLLUP_NOT_TONGHOP: &str = "merge.rollup.not_tonghop";
    /// A tổng hợp of a newer shape than this tool reads (`version`, `known`).
    pub const ROLLUP_NEWER_VERSION: &str = "merge.rollup.newer_version";
    /// A `tong-hop.json` with more values than the limit (`limit`).
    pub const ROLLUP_TOO_LARGE: &str = "merge.rollup.too_large";
    /// A `tong-hop.json` that cannot be read: `problem` (`encoding`, `syntax`,
    /// `eof` or `data`) and, where the text tells, its `line` and `column` (0 when
    /// it does not).
    pub const ROLLUP_JSON: &str = "merge.rollup.json";
    /// A federation's total is not the sum of its own unit rows: the tổng hợp was
    /// edited after its merge (`indicator`, `indicator_code`, `stated`, `added`; at
    /// the total's cell in a workbook).
    pub const ROLLUP_TOTAL_MISMATCH: &str = "merge.rollup.total_mismatch";
    /// The detail sheet's columns are not the totals' indicators (`indicator`,
    /// `indicator_code`: the one expected at that header).
    pub const ROLLUP_LAYOUT: &str = "merge.rollup.layout";
    /// A cell holds what no merge writes there (`what`: `total` or `status`).
    pub const ROLLUP_CELL: &str = "merge.rollup.cell";
    /// Neither the issuer the tổng hợp names nor the file's name tells a roster
    /// unit (`issuer`).
    pub const ROLLUP_SENDER_UNKNOWN: &str = "merge.rollup.sender_unknown";
}

/// Every code the merge uses, so a test can check each has a message in every
/// language.
pub const CODES: &[&str] = &[
    codes::FILE_EMPTY,
    codes::FILE_WORD_DOCUMENT,
    codes::FILE_WEB_PAGE,
    codes::FILE_ZIP_NOT_SPREADSHEET,
    codes::FILE_NOT_A_SPREADSHEET,
    codes::FILE_PASSWORD,
    codes::FILE_DECLARED_SIZE,
    codes::FILE_TOO_MANY_CELLS,
    codes::FILE_TOO_DEEP,
    codes::FILE_DAMAGED,
    codes::FILE_READER_CRASHED,
    codes::FILE_NOT_FINISHED,
    codes::FILE_SUPERSEDED,
    codes::FILE_LATE,
    codes::FILE_BLANK,
    codes::FILE_NO_FIGURES,
    codes::FORM_OTHER_CAMPAIGN,
    codes::FORM_NEWER_VERSION,
    codes::FORM_LAYOUT_CHANGED,
    codes::UNIT_NOT_ON_ROSTER,
    codes::UNIT_SEVERAL,
    codes::UNIT_UNKNOWN,
    codes::UNIT_BY_FILE_NAME,
    codes::UNIT_DUPLICATE,
    codes::TABLE_NOT_FOUND,
    codes::SHEET_HIDDEN,
    codes::INDICATOR_NOT_FOUND,
    codes::LABEL_LEGACY,
    codes::TEXT_LEGACY,
    codes::VALUE_EMPTY,
    codes::VALUE_NUMBER_AS_TEXT,
    codes::VALUE_NUMBER_AS_TEXT_AMBIGUOUS,
    codes::VALUE_NOT_A_NUMBER,
    codes::VALUE_BOOLEAN,
    codes::VALUE_DATE,
    codes::VALUE_ERROR_CELL,
    codes::VALUE_UNCALCULATED,
    codes::VALUE_NOT_FINITE,
    codes::VALUE_NEGATIVE,
    codes::VALUE_NOT_WHOLE,
    codes::VALUE_FRACTION_OF_DONG,
    codes::VALUE_OUT_OF_RANGE,
    codes::VALUE_TOO_LONG,
    codes::CELL_DUPLICATE,
    codes::TOTAL_TOO_LARGE,
    codes::CHECK_NEEDS,
    codes::CHECK_AT_MOST,
    codes::ROLLUP_NOT_TONGHOP,
    codes::ROLLUP_NEWER_VERSION,
    codes::ROLLUP_TOO_LARGE,
    codes::ROLLUP_JSON,
    codes::ROLLUP_TOTAL_MISMATCH,
    codes::ROLLUP_LAYOUT,
    codes::ROLLUP_CELL,
    codes::ROLLUP_SENDER_UNKNOWN,
];

/// The codes of the campaign's cross-checks ([`crate::campaign::model::Check`]),
/// also in [`CODES`]: the warnings a broken check gives.
pub const CHECK_CODES: &[&str] = &[codes::CHECK_NEEDS, codes::CHECK_AT_MOST];

/// The most characters a spreadsheet cell holds (Excel's specifications and
/// limits): a longer text cannot come from a spreadsheet program, nor be written
/// back into the tổng hợp.
pub const CELL_CHARS: usize = 32_767;

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

/// Runs the reading of the files: the caller decides how (the library has no
/// threads). `task(i)` reads file `i`; each report goes to `done` as it comes,
/// in any order — the merge puts them back in input order.
pub trait Workers {
    /// Runs `task` for every index in `0..count`, handing each result to `done`.
    fn run(
        &self,
        count: usize,
        task: &(dyn Fn(usize) -> FileReport + Sync),
        done: &mut dyn FnMut(usize, FileReport),
    );

    /// Runs `side` and `main`, `side` on another thread while `main` runs on
    /// this one where the front end has threads to spare, one after the other
    /// otherwise (the default). The merge builds its workbook beside writing
    /// `tong-hop.json`.
    fn beside(&self, side: &mut (dyn FnMut() + Send), main: &mut dyn FnMut()) {
        side();
        main();
    }
}

/// Reads the files one after the other, in this thread (the demo, tests).
#[derive(Debug, Clone, Copy, Default)]
pub struct Sequential;

impl Workers for Sequential {
    fn run(
        &self,
        count: usize,
        task: &(dyn Fn(usize) -> FileReport + Sync),
        done: &mut dyn FnMut(usize, FileReport),
    ) {
        for i in 0..count {
            done(i, task(i));
        }
    }
}

/// Everything learnt about one file on its own (before duplicates are settled).
#[derive(Debug, Clone, PartialEq)]
pub struct FileReport {
    /// The file, as named to the user.
    pub file: String,
    /// What became of it.
    pub status: FileStatus,
    /// The roster unit it belongs to, when known.
    pub unit: Option<String>,
    /// Why it was rejected (each also in `issues`).
    pub reasons: Vec<Diagnostic>,
    /// How the file and its table were recognised ("what matched what").
    pub matched: Vec<String>,
    /// Each indicator found, with its status, by indicator code.
    pub values: ByCode<Entry>,
    /// Where each figure found was read.
    pub sources: Sources,
    /// When it was last saved, as the file itself records (docProps, ODF meta).
    pub filled_at: Option<NaiveDateTime>,
    /// The file system's modification time (copying or downloading changes it, so
    /// it only breaks ties between duplicates and never makes a return late).
    pub file_time: Option<NaiveDateTime>,
    /// Filled after the deadline.
    pub late: bool,
    /// Its problems, in the order found.
    pub issues: Vec<Diagnostic>,
    /// The real format.
    pub format: Option<read::Format>,
    /// Recognised by the identity of a vanban form.
    pub own_form: bool,
    /// The SHA-256 of the file's bytes, when the merge read them itself
    /// ([`merge_each`]); the other entry points leave it to the caller.
    pub sha256: Option<String>,
    /// When the file is a federation's own tổng hợp (a roll-up): its units.
    pub rollup: Option<RollUp>,
}

impl FileReport {
    /// Records where the figure of `code` was read. The file's map is its own while
    /// it is read, so this never copies it.
    fn source_at(&mut self, code: &str, source: Source) {
        Arc::make_mut(&mut self.sources).insert(code.to_string(), source);
    }

    fn new(file: &str) -> FileReport {
        FileReport {
            file: file.to_string(),
            status: FileStatus::Accepted,
            unit: None,
            reasons: Vec::new(),
            matched: Vec::new(),
            values: ByCode::new(),
            sources: Sources::default(),
            filled_at: None,
            file_time: None,
            late: false,
            issues: Vec::new(),
            format: None,
            own_form: false,
            sha256: None,
            rollup: None,
        }
    }

    /// A problem with the whole file.
    fn at_file(&self, severity: Severity, code: &str) -> Diagnostic {
        Diagnostic::new(severity, code, Location::file(&self.file))
    }

    /// A problem in a sheet, at a cell when given.
    fn at_cell(
        &self,
        severity: Severity,
        code: &str,
        sheet: &str,
        cell: Option<(u32, u32)>,
    ) -> Diagnostic {
        let cell = cell.map(|(r, c)| a1(r, c));
        Diagnostic::new(
            severity,
            code,
            Location::cell(&self.file, Some(sheet), cell.as_deref()),
        )
    }

    fn reject(&mut self, diagnostic: Diagnostic) {
        self.issues.push(diagnostic.clone());
        self.reasons.push(diagnostic);
    }

    /// Rejects the file for a reason that needs no arguments.
    fn reject_file(&mut self, code: &str) {
        let d = self.at_file(Severity::Error, code);
        self.reject(d);
    }

    /// An indicator the file does not give (in `sheet` when known): an error, a
    /// warning for a text one; no figure.
    fn indicator_missing(&mut self, ind: &Indicator, sheet: Option<&str>) {
        let severity = if ind.kind == IndicatorKind::Text {
            Severity::Warning
        } else {
            Severity::Error
        };
        let d = match sheet {
            Some(sheet) => self.at_cell(severity, codes::INDICATOR_NOT_FOUND, sheet, None),
            None => self.at_file(severity, codes::INDICATOR_NOT_FOUND),
        };
        self.issues.push(
            d.arg("indicator", &ind.label)
                .arg("indicator_code", &ind.code),
        );
        self.values.insert(ind.code.clone(), Entry::Missing);
    }

    /// True when some figure (counted or rejected) was entered.
    fn has_figures(&self) -> bool {
        self.values.values().any(|e| *e != Entry::Missing)
    }

    fn settle(&mut self) {
        self.status = if !self.reasons.is_empty() {
            FileStatus::Rejected
        } else if !self.has_figures() {
            FileStatus::Blank
        } else if self.issues.is_empty() {
            FileStatus::Accepted
        } else {
            FileStatus::AcceptedWithWarnings
        };
    }
}

/// Merges `inputs` for `campaign`, reading every format in this process, one file
/// after the other.
pub fn merge(
    campaign: &Campaign,
    inputs: &[InputFile],
    limits: &Limits,
    progress: &mut dyn FnMut(usize, usize),
) -> TongHop {
    merge_with(campaign, inputs, limits, &InProcess, &Sequential, progress)
}

/// Merges `inputs` for `campaign`, parsing with `reader`, the files read by
/// `workers`; `progress(done, total)` after each file. The result does not depend
/// on the order the workers finish in.
pub fn merge_with(
    campaign: &Campaign,
    inputs: &[InputFile],
    limits: &Limits,
    reader: &dyn WorkbookReader,
    workers: &dyn Workers,
    progress: &mut dyn FnMut(usize, usize),
) -> TongHop {
    merge_with_unread(campaign, inputs, &[], limits, reader, workers, progress)
}

/// As [`merge_with`], with the files that could not be read at all (`unread`: the
/// diagnostic saying why, naming the file): each is that file's rejection, listed
/// after the files read, and the merge goes on without it.
pub fn merge_with_unread(
    campaign: &Campaign,
    inputs: &[InputFile],
    unread: &[Diagnostic],
    limits: &Limits,
    reader: &dyn WorkbookReader,
    workers: &dyn Workers,
    progress: &mut dyn FnMut(usize, usize),
) -> TongHop {
    let keys = CampaignKeys::new(campaign);
    let reports = run_files(
        inputs.len(),
        &|i| merge_file(&keys, &inputs[i], reader, limits),
        &|i| inputs[i].display_name.clone(),
        workers,
        progress,
    );
    let files = reports
        .into_iter()
        .chain(unread.iter().map(|d| unread_report(d.clone())))
        .collect();
    aggregate(campaign, files)
}

/// Merges `count` returns, each loaded by `load(i)` inside the per-file task and
/// dropped as soon as it is read and checked: one file per worker is held at a
/// time, never the whole campaign's bytes. `load` gives the file, or the
/// diagnostic naming it when it cannot be read (that file's rejection, listed
/// after the files read, as [`merge_with_unread`] lists it). Each file's report
/// records the SHA-256 of the bytes read ([`FileEntry::sha256`]).
#[allow(clippy::too_many_arguments)]
pub fn merge_each(
    campaign: &Campaign,
    count: usize,
    load: &(dyn Fn(usize) -> Result<InputFile, Diagnostic> + Sync),
    name_of: &(dyn Fn(usize) -> String + Sync),
    limits: &Limits,
    reader: &dyn WorkbookReader,
    workers: &dyn Workers,
    progress: &mut dyn FnMut(usize, usize),
) -> TongHop {
    let keys = CampaignKeys::new(campaign);
    // Which files could not be read at all, set by the tasks on their threads.
    let unread: Vec<AtomicBool> = (0..count).map(|_| AtomicBool::new(false)).collect();
    let task = |i: usize| match load(i) {
        Ok(input) => {
            let sha256 = crate::folder::content_hash(&input.bytes);
            let mut rep = merge_file(&keys, &input, reader, limits);
            rep.sha256 = Some(sha256);
            rep
        }
        Err(d) => {
            unread[i].store(true, Ordering::Relaxed);
            unread_report(d)
        }
    };
    let reports = run_files(count, &task, name_of, workers, progress);
    // The files read, in input order, then those that could not be read.
    let mut files = Vec::with_capacity(count);
    let mut unreadable = Vec::new();
    for (i, report) in reports.into_iter().enumerate() {
        if unread[i].load(Ordering::Relaxed) {
            unreadable.push(report);
        } else {
            files.push(report);
        }
    }
    files.append(&mut unreadable);
    aggregate(campaign, files)
}

/// The report of a file that could not be read: rejected for `d`.
fn unread_report(d: Diagnostic) -> FileReport {
    let mut rep = FileReport::new(d.location.file_name().unwrap_or_default());
    rep.reject(d);
    rep.settle();
    rep
}

/// The maps of sources seen last, so the returns of one form share one map: the
/// merge of 20,000 returns holds a few maps of cells, not 20,000 equal ones.
#[derive(Default)]
struct Layouts {
    seen: Vec<Sources>,
}

impl Layouts {
    /// How many different layouts are remembered (a campaign has one form; older
    /// forms and other spreadsheets add a few).
    const KEPT: usize = 8;

    /// Makes `sources` the remembered map equal to it, or remembers it.
    fn share(&mut self, sources: &mut Sources) {
        if sources.is_empty() {
            return;
        }
        match self.seen.iter().position(|s| s == sources) {
            Some(i) => {
                *sources = Arc::clone(&self.seen[i]);
                // The most recent first.
                self.seen[..=i].rotate_right(1);
            }
            None => {
                Arc::make_mut(sources).shrink_to_fit();
                self.seen.insert(0, Arc::clone(sources));
                self.seen.truncate(Self::KEPT);
            }
        }
    }
}

/// Runs `task` for every file through `workers` and puts the reports back in
/// input order; a file the workers never returned is rejected, named by
/// `name_of`.
fn run_files(
    total: usize,
    task: &(dyn Fn(usize) -> FileReport + Sync),
    name_of: &dyn Fn(usize) -> String,
    workers: &dyn Workers,
    progress: &mut dyn FnMut(usize, usize),
) -> Vec<FileReport> {
    let mut reports: Vec<Option<FileReport>> = vec![None; total];
    let mut finished = 0;
    let mut layouts = Layouts::default();
    workers.run(total, task, &mut |i, mut report| {
        layouts.share(&mut report.sources);
        if let Some(slot) = reports.get_mut(i) {
            *slot = Some(report);
        }
        finished += 1;
        progress(finished, total);
    });
    reports
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            r.unwrap_or_else(|| {
                let mut rep = FileReport::new(&name_of(i));
                let d = rep.at_file(Severity::Internal, codes::FILE_NOT_FINISHED);
                rep.reject(d);
                rep.settle();
                rep
            })
        })
        .collect()
}

/// Reads and checks one file on its own. A reader that panics on a crafted file
/// costs that file only: it is rejected.
pub fn merge_file(
    keys: &CampaignKeys<'_>,
    input: &InputFile,
    reader: &dyn WorkbookReader,
    limits: &Limits,
) -> FileReport {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        analyse(keys, input, limits, reader)
    }))
    .unwrap_or_else(|payload| {
        let why = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("no details");
        let mut rep = FileReport::new(&input.display_name);
        let d = read_error(
            &rep,
            &ReadError::Crashed(format!("the spreadsheet reader failed: {why}")),
        );
        rep.reject(d);
        rep.settle();
        rep
    })
}

/// `rep`, rejected for what the readers refused.
fn refused(mut rep: FileReport, error: &ReadError) -> FileReport {
    let d = read_error(&rep, error);
    rep.reject(d);
    rep.settle();
    rep
}

/// A file the readers refused, as a diagnostic.
fn read_error(rep: &FileReport, error: &ReadError) -> Diagnostic {
    read_error_at(&rep.file, error)
}

/// A workbook the readers refused (`file` as the user names it), as a diagnostic:
/// the merge's returns and the rows of a mail merge say it the same way.
pub fn read_error_at(file: &str, error: &ReadError) -> Diagnostic {
    let at = |code| Diagnostic::new(Severity::Error, code, Location::file(file));
    match error {
        ReadError::Empty => at(codes::FILE_EMPTY),
        ReadError::WordDocument => at(codes::FILE_WORD_DOCUMENT),
        ReadError::WebPage => at(codes::FILE_WEB_PAGE),
        ReadError::ZipNotSpreadsheet => at(codes::FILE_ZIP_NOT_SPREADSHEET),
        ReadError::Unrecognised => at(codes::FILE_NOT_A_SPREADSHEET),
        ReadError::Password => at(codes::FILE_PASSWORD),
        ReadError::Package(details) => crate::diagnostic::package(Location::file(file), details),
        ReadError::DeclaredSize(details) => at(codes::FILE_DECLARED_SIZE).arg("details", details),
        ReadError::TooManyCells { sheet, limit } => at(codes::FILE_TOO_MANY_CELLS)
            .arg("sheet", sheet)
            .arg("limit", *limit)
            .hint(Hint::RaiseLimit(Limit::CellsPerSheet)),
        ReadError::TooDeep { sheet, limit } => at(codes::FILE_TOO_DEEP)
            .arg("sheet", sheet)
            .arg("limit", *limit)
            .hint(Hint::RaiseLimit(Limit::XmlDepth)),
        ReadError::Corrupt(details) => at(codes::FILE_DAMAGED)
            .arg("problem", damage_of(details))
            .arg("details", details),
        ReadError::Crashed(details) => at(codes::FILE_READER_CRASHED).arg("details", details),
    }
}

/// What kind of damage a reader's words (English, from the zip and spreadsheet
/// readers) describe, for the clerk's message: `cut` (not a whole package: a
/// download or copy cut short, most often), `packed` (the compressed data inside
/// is broken or fails its checksum), `other` (the reader's words are shown: a
/// part larger than its directory declares, a crafted file, is said so).
fn damage_of(details: &str) -> &'static str {
    let d = details.to_ascii_lowercase();
    let any = |words: &[&str]| words.iter().any(|w| d.contains(w));
    if any(&[
        "not a complete zip package",
        "eocd",
        "unexpected eof",
        "unexpected end of file",
        "failed to fill whole buffer",
    ]) {
        "cut"
    } else if any(&[
        "checksum",
        "deflate",
        "invalid distance",
        "invalid block",
        "invalid code",
    ]) {
        "packed"
    } else {
        "other"
    }
}

fn analyse(
    keys: &CampaignKeys<'_>,
    input: &InputFile,
    limits: &Limits,
    reader: &dyn WorkbookReader,
) -> FileReport {
    let campaign = keys.campaign;
    let mut rep = FileReport::new(&input.display_name);
    rep.file_time = input.modified;
    if rollup::looks_like_json(&input.bytes) {
        // A federation's `tong-hop.json` (a roll-up).
        rollup::from_json(keys, input, limits, &mut rep);
    } else {
        let sniffed = match read::sniff(&input.bytes, limits) {
            Ok(s) => s,
            Err(e) => return refused(rep, &e),
        };
        rep.format = Some(sniffed.format);
        rep.filled_at = sniffed.modified.as_deref().and_then(parse_iso);
        let book = match reader.read(&input.bytes, &sniffed, limits) {
            Ok(b) => b,
            Err(e) => return refused(rep, &e),
        };
        if rollup::is_tonghop_book(&book) {
            rollup::from_book(keys, &book, &mut rep);
        } else {
            read_values(keys, &book, &mut rep);
        }
    }
    if rep.reasons.is_empty() && !rep.has_figures() {
        // One word for the whole file, not one "no figure" per cell.
        rep.issues
            .retain(|d| d.code != codes::VALUE_EMPTY && d.code != codes::INDICATOR_NOT_FOUND);
        let unit = rep.unit.clone().unwrap_or_default();
        if rep.own_form {
            // The form's identity sheet says whose it is: an untouched form sent back.
            let d = rep
                .at_file(Severity::Warning, codes::FILE_BLANK)
                .arg("unit", unit);
            rep.issues.push(d);
        } else {
            // A table that merely mentions a unit is not its return.
            let d = rep
                .at_file(Severity::Error, codes::FILE_NO_FIGURES)
                .arg("unit", unit)
                .arg("matched", rep.matched.first().cloned().unwrap_or_default());
            rep.reject(d);
            rep.unit = None;
        }
    }
    if rep.reasons.is_empty() {
        cross_check(campaign, &mut rep);
    }
    if let Some(at) = rep.filled_at
        && at.date() > campaign.reporting.deadline.0
        && rep.reasons.is_empty()
    {
        rep.late = true;
        let d = rep
            .at_file(Severity::Warning, codes::FILE_LATE)
            .arg("filled", at.date().format("%Y-%m-%d").to_string())
            .arg("deadline", campaign.reporting.deadline.to_string());
        rep.issues.push(d);
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

/// A date and time as `tong-hop.json` writes it.
fn iso(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// Which roster unit sent a file, told the way the merge tells it: the form's
/// identity sheet, else a unit's code or name in its cells, else the file name; a
/// federation's tổng hợp (a roll-up) by the issuer it names, else the file name,
/// and only when its totals are its units' sum.
/// `Ok`: the unit's code and the warnings (recognised by the file name only);
/// `Err`: why it cannot be told (a file the readers refuse, a form of another
/// campaign, a unit not on the roster, several units, none). Used to take a file
/// in before any merge (`workflow::receive`).
pub fn unit_of(
    campaign: &Campaign,
    input: &InputFile,
    reader: &dyn WorkbookReader,
    limits: &Limits,
) -> Result<(String, Vec<Diagnostic>), Vec<Diagnostic>> {
    let told = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut rep = FileReport::new(&input.display_name);
        let keys = CampaignKeys::new(campaign);
        if rollup::looks_like_json(&input.bytes) {
            // A federation's tổng hợp: taken in only when whole and its sender known.
            rollup::from_json(&keys, input, limits, &mut rep);
            return rep;
        }
        let book = read::sniff(&input.bytes, limits)
            .and_then(|sniffed| reader.read(&input.bytes, &sniffed, limits));
        match book {
            Ok(book) if rollup::is_tonghop_book(&book) => {
                rollup::from_book(&keys, &book, &mut rep);
            }
            Ok(book) => {
                identify(&keys, &book, &mut rep);
            }
            Err(e) => {
                let d = read_error(&rep, &e);
                rep.reject(d);
            }
        }
        rep
    }));
    let rep = told.unwrap_or_else(|_| {
        let mut rep = FileReport::new(&input.display_name);
        let d = read_error(
            &rep,
            &ReadError::Crashed("the spreadsheet reader failed".into()),
        );
        rep.reject(d);
        rep
    });
    match rep.unit {
        Some(unit) if rep.reasons.is_empty() => Ok((unit, rep.issues)),
        _ => Err(rep.reasons),
    }
}

/// Tells the file's unit into `rep` (its unit, how it was matched, warnings);
/// `None` when the file is rejected for it, else the sheet to prefer for the
/// table (the form's own).
fn identify(
    keys: &CampaignKeys<'_>,
    book: &Workbook,
    rep: &mut FileReport,
) -> Option<Option<String>> {
    let campaign = keys.campaign;
    let units = &campaign.reporting.units;
    let mut preferred_sheet: Option<String> = None;
    match locate::identity(book) {
        Some(id) => {
            rep.own_form = true;
            if id.campaign != campaign.campaign.id {
                let d = rep
                    .at_file(Severity::Error, codes::FORM_OTHER_CAMPAIGN)
                    .arg("found", &id.campaign)
                    .arg("expected", &campaign.campaign.id);
                rep.reject(d);
                return None;
            }
            if id.version > FORM_VERSION {
                let d = rep
                    .at_file(Severity::Warning, codes::FORM_NEWER_VERSION)
                    .arg("version", id.version)
                    .arg("known", FORM_VERSION);
                rep.issues.push(d);
            }
            match keys.unit_by_code(&id.unit) {
                Some(i) => {
                    rep.unit = Some(units[i].code.clone());
                    rep.matched.push(format!(
                        "vanban form of unit `{}` (identity sheet)",
                        units[i].code
                    ));
                }
                None => {
                    let d = rep
                        .at_file(Severity::Error, codes::UNIT_NOT_ON_ROSTER)
                        .arg("unit", &id.unit);
                    rep.reject(d);
                    return None;
                }
            }
            preferred_sheet = Some(FORM_SHEET.to_string());
        }
        None => match locate::find_unit(book, keys, &rep.file) {
            UnitMatch::Roster {
                index,
                how,
                from_file_name,
            } => {
                rep.unit = Some(units[index].code.clone());
                rep.matched
                    .push(format!("unit `{}` recognised by {how}", units[index].code));
                if from_file_name {
                    let d = rep
                        .at_file(Severity::Warning, codes::UNIT_BY_FILE_NAME)
                        .arg("unit", &units[index].code);
                    rep.issues.push(d);
                }
            }
            UnitMatch::Unknown { code, at } => {
                let d = rep
                    .at_file(Severity::Error, codes::UNIT_NOT_ON_ROSTER)
                    .arg("unit", code)
                    .arg("at", at);
                rep.reject(d);
                return None;
            }
            UnitMatch::Several(codes) => {
                let d = rep
                    .at_file(Severity::Error, codes::UNIT_SEVERAL)
                    .arg("units", codes);
                rep.reject(d);
                return None;
            }
            UnitMatch::None { label } => {
                // Say why: a "Mã đơn vị" label that was there but named no code.
                let (at, next) = label.unwrap_or_default();
                let d = rep
                    .at_file(Severity::Error, codes::UNIT_UNKNOWN)
                    .arg("labels", usize::from(!at.is_empty()))
                    .arg("label_at", at)
                    .arg("label_next", next);
                rep.reject(d);
                return None;
            }
        },
    }
    Some(preferred_sheet)
}

fn read_values(keys: &CampaignKeys<'_>, book: &Workbook, rep: &mut FileReport) {
    let campaign = keys.campaign;
    let Some(preferred_sheet) = identify(keys, book, rep) else {
        return;
    };
    let fast = if rep.own_form {
        locate::form_table(book, keys)
    } else {
        None
    };
    if rep.own_form && fast.is_none() {
        let d = rep.at_file(Severity::Warning, codes::FORM_LAYOUT_CHANGED);
        rep.issues.push(d);
    }
    let Some(table) = fast.or_else(|| locate::find_table(book, keys, preferred_sheet.as_deref()))
    else {
        rep.reject_file(codes::TABLE_NOT_FOUND);
        return;
    };
    let sheet = &book.sheets[table.sheet];
    if !sheet.visible {
        let d = rep.at_cell(Severity::Warning, codes::SHEET_HIDDEN, &sheet.name, None);
        rep.issues.push(d);
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
            let d = rep
                .at_cell(
                    Severity::Warning,
                    codes::LABEL_LEGACY,
                    &sheet.name,
                    Some(loc.label_cell),
                )
                .arg("encoding", enc)
                .arg("label", &loc.label_text);
            rep.issues.push(d);
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
        let source = Source {
            sheet: sheet.name.clone(),
            cell: a1(cell.0, cell.1),
        };
        let at = |rep: &FileReport, severity, code| {
            rep.at_cell(severity, code, &sheet.name, Some(cell))
                .arg("indicator", &ind.label)
                .arg("indicator_code", &ind.code)
        };
        match check_value(ind, sheet.get(cell.0, cell.1)) {
            Checked::Empty => {
                if ind.kind != IndicatorKind::Text {
                    let d = at(rep, Severity::Warning, codes::VALUE_EMPTY);
                    rep.issues.push(d);
                }
                rep.values.insert(ind.code.clone(), Entry::Missing);
            }
            Checked::Ok(figure, note) => {
                if let Some(note) = note {
                    let code = note_code(&note);
                    let d = note
                        .into_iter()
                        .fold(at(rep, Severity::Warning, code), |d, (name, value)| {
                            d.arg(name, value)
                        });
                    rep.issues.push(d);
                }
                rep.values
                    .insert(ind.code.clone(), Entry::Counted { value: figure });
                rep.source_at(&ind.code, source);
            }
            Checked::Bad(reason, args) => {
                let d = args.into_iter().fold(
                    at(rep, Severity::Error, reason.code()),
                    |d, (name, value)| d.arg(name, value),
                );
                rep.issues.push(d);
                rep.values
                    .insert(ind.code.clone(), Entry::Rejected { reason });
                rep.source_at(&ind.code, source);
            }
        }
    }
    for &cell in &sheet.duplicates {
        // At a figure's cell, which of the two is meant cannot be told: not counted.
        let figure = table.found.iter().find(|l| l.value_cell == cell);
        let severity = if figure.is_some() {
            Severity::Error
        } else {
            Severity::Warning
        };
        let mut d = rep
            .at_cell(severity, codes::CELL_DUPLICATE, &sheet.name, Some(cell))
            .arg("sheet", &sheet.name);
        if let Some(loc) = figure {
            let ind = &indicators[loc.indicator];
            d = d
                .arg("indicator", &ind.label)
                .arg("indicator_code", &ind.code);
            rep.values.insert(
                ind.code.clone(),
                Entry::Rejected {
                    reason: RejectReason::DuplicateCell,
                },
            );
        }
        rep.issues.push(d);
    }
    for (i, ind) in indicators.iter().enumerate() {
        if !table.found.iter().any(|l| l.indicator == i) {
            rep.indicator_missing(ind, Some(&sheet.name));
        }
    }
}

/// The campaign's cross-checks on one file's figures: a warning for each check
/// the file breaks, at the first figure's cell, naming the other's. A check whose
/// figures are not both counted is not evaluated (a blank or rejected figure has its
/// own diagnostic already).
fn cross_check(campaign: &Campaign, rep: &mut FileReport) {
    let indicators = &campaign.reporting.indicators;
    let counted = |rep: &FileReport, code: &str| match rep.values.get(code) {
        Some(Entry::Counted {
            value: Figure::Number(n),
        }) => Some(*n),
        _ => None,
    };
    for check in &campaign.reporting.checks {
        let [(_, left), (_, right)] = check.codes();
        let (Some(a), Some(b)) = (counted(rep, left), counted(rep, right)) else {
            continue;
        };
        if check.holds(a, b) {
            continue;
        }
        let (Some(ind), Some(other)) = (
            indicators.iter().find(|i| i.code == left),
            indicators.iter().find(|i| i.code == right),
        ) else {
            continue;
        };
        let (Some(at), Some(other_at)) = (rep.sources.get(left), rep.sources.get(right)) else {
            continue;
        };
        let d = Diagnostic::new(
            Severity::Warning,
            match check {
                crate::campaign::model::Check::Needs { .. } => codes::CHECK_NEEDS,
                crate::campaign::model::Check::AtMost { .. } => codes::CHECK_AT_MOST,
            },
            Location::cell(&rep.file, Some(&at.sheet), Some(&at.cell)),
        )
        .arg("indicator", &ind.label)
        .arg("indicator_code", &ind.code)
        .arg("value", number_arg(a))
        .arg("other", &other.label)
        .arg("other_code", &other.code)
        .arg("other_cell", &other_at.cell);
        let d = match check {
            crate::campaign::model::Check::AtMost { times, .. } => d
                .arg("other_value", number_arg(b))
                .arg("times", number_arg(*times))
                .arg("limit", number_arg(times * b)),
            crate::campaign::model::Check::Needs { .. } => d,
        };
        rep.issues.push(d);
    }
}

/// A remark on a figure that was used: its code first, then its arguments.
#[derive(Debug, Clone, PartialEq)]
enum Note {
    /// A number typed as text.
    NumberAsText {
        text: String,
        value: f64,
        ambiguous: bool,
    },
    /// Text in a legacy font, repaired.
    LegacyText { encoding: &'static str },
}

fn note_code(note: &Note) -> &'static str {
    match note {
        Note::NumberAsText {
            ambiguous: false, ..
        } => codes::VALUE_NUMBER_AS_TEXT,
        Note::NumberAsText {
            ambiguous: true, ..
        } => codes::VALUE_NUMBER_AS_TEXT_AMBIGUOUS,
        Note::LegacyText { .. } => codes::TEXT_LEGACY,
    }
}

impl IntoIterator for Note {
    type Item = (&'static str, Arg);
    type IntoIter = std::vec::IntoIter<(&'static str, Arg)>;

    /// The note's arguments.
    fn into_iter(self) -> Self::IntoIter {
        match self {
            Note::NumberAsText { text, value, .. } => {
                vec![("text", Arg::Text(text)), ("value", number_arg(value))]
            }
            Note::LegacyText { encoding } => vec![("encoding", Arg::from(encoding))],
        }
        .into_iter()
    }
}

/// A number as an argument: whole numbers as integers.
fn number_arg(n: f64) -> Arg {
    match crate::numbers::whole(n) {
        Some(i) => Arg::Int(i),
        None => Arg::Number(n),
    }
}

enum Checked {
    Empty,
    Ok(Figure, Option<Note>),
    Bad(RejectReason, Vec<(&'static str, Arg)>),
}

fn check_value(ind: &Indicator, value: Option<&Value>) -> Checked {
    let Some(value) = value else {
        return Checked::Empty;
    };
    let mut note = None;
    let number = match value {
        Value::Number(n) => *n,
        Value::Text(t) if t.chars().count() > CELL_CHARS => {
            return Checked::Bad(
                RejectReason::TooLong,
                vec![
                    ("length", Arg::Int(t.chars().count() as i64)),
                    ("limit", Arg::Int(CELL_CHARS as i64)),
                ],
            );
        }
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
                let n = enc.map(|encoding| Note::LegacyText { encoding });
                return Checked::Ok(Figure::Text(trimmed.to_string()), n);
            }
            match text::parse_number(trimmed) {
                Ok(n) => {
                    note = Some(Note::NumberAsText {
                        text: trimmed.to_string(),
                        value: n.value,
                        ambiguous: n.ambiguous,
                    });
                    n.value
                }
                Err(why) => {
                    return Checked::Bad(
                        RejectReason::NotANumber,
                        vec![("value", trimmed.into()), ("details", why.into())],
                    );
                }
            }
        }
        Value::Bool(b) => {
            return Checked::Bad(
                RejectReason::Boolean,
                vec![("value", (if *b { "TRUE" } else { "FALSE" }).into())],
            );
        }
        Value::Date(_) => return Checked::Bad(RejectReason::Date, vec![]),
        Value::Error(e) => return Checked::Bad(RejectReason::ErrorCell, vec![("error", e.into())]),
        Value::Uncalculated { formula } => {
            return Checked::Bad(
                RejectReason::Uncalculated,
                vec![("formula", formula.trim_start_matches('=').into())],
            );
        }
    };
    if ind.kind == IndicatorKind::Text {
        return Checked::Ok(Figure::Text(plain_number(number)), note);
    }
    if !number.is_finite() {
        return Checked::Bad(RejectReason::NotFinite, vec![]);
    }
    if number < 0.0 {
        return Checked::Bad(RejectReason::Negative, vec![("value", number_arg(number))]);
    }
    let limit = ind.limit();
    if number >= limit {
        return Checked::Bad(
            RejectReason::OutOfRange,
            vec![("value", number_arg(number)), ("limit", number_arg(limit))],
        );
    }
    match ind.kind {
        IndicatorKind::Count if number.fract() != 0.0 => Checked::Bad(
            RejectReason::NotWhole,
            vec![("value", number_arg(number)), ("unit", (&ind.unit).into())],
        ),
        IndicatorKind::Money if number.fract() != 0.0 => Checked::Bad(
            RejectReason::FractionOfDong,
            vec![("value", number_arg(number))],
        ),
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

/// Across files: settles duplicates (the most recently filled file of a unit is
/// used), puts the roster in Vietnamese name order and adds the figures up.
pub fn aggregate(campaign: &Campaign, mut files: Vec<FileReport>) -> TongHop {
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
        // A file with figures before any without; then most recently filled last;
        // unknown dates first; then by name for a stable choice.
        idx.sort_by(|&a, &b| {
            (files[a].has_figures().cmp(&files[b].has_figures()))
                .then_with(|| files[a].filled_at.cmp(&files[b].filled_at))
                .then_with(|| files[a].file_time.cmp(&files[b].file_time))
                .then_with(|| files[a].file.cmp(&files[b].file))
        });
        let Some(&winner) = idx.last() else { continue };
        if idx.len() > 1 {
            let runner_up = &files[idx[idx.len() - 2]];
            let tie = runner_up.filled_at == files[winner].filled_at
                && runner_up.file_time == files[winner].file_time;
            let winner_name = files[winner].file.clone();
            let names: Vec<String> = idx.iter().map(|&i| files[i].file.clone()).collect();
            let filled: Vec<String> = idx
                .iter()
                .map(|&i| files[i].filled_at.map(iso).unwrap_or_default())
                .collect();
            for &i in &idx[..idx.len() - 1] {
                let d = files[i]
                    .at_file(Severity::Error, codes::FILE_SUPERSEDED)
                    .arg("unit", &unit)
                    .arg("used", &winner_name);
                files[i].reject(d);
                files[i].settle();
            }
            let d = files[winner]
                .at_file(Severity::Warning, codes::UNIT_DUPLICATE)
                .arg("unit", &unit)
                .arg("files", names)
                .arg("filled", filled)
                .arg("used", &winner_name)
                .arg("chosen_by", if tie { "name" } else { "date" });
            files[winner].issues.push(d);
            files[winner].settle();
        }
        chosen.insert(unit, winner);
    }
    // Each file is chosen for one unit at most: its figures and sources move into
    // that unit's entry (cloning them held both copies of every unit's figures).
    let mut figures: Vec<(ByCode<Entry>, Sources)> = files
        .iter_mut()
        .map(|f| {
            (
                std::mem::take(&mut f.values),
                std::mem::take(&mut f.sources),
            )
        })
        .collect();
    let mut rollups: Vec<Option<RollUp>> = files.iter_mut().map(|f| f.rollup.take()).collect();
    let sent_rejected: std::collections::BTreeSet<&str> = files
        .iter()
        .filter(|f| f.status == FileStatus::Rejected)
        .filter_map(|f| f.unit.as_deref())
        .collect();
    // In name order ([`text::compare_names`], then by code), each name's sort key
    // built once.
    let mut keyed: Vec<_> = roster
        .iter()
        .map(|u| (crate::vn::collate::sort_key(&u.name), u))
        .collect();
    keyed.sort_by(|(ka, a), (kb, b)| {
        ka.cmp(kb)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.code.cmp(&b.code))
    });
    let roster: Vec<_> = keyed.into_iter().map(|(_, u)| u).collect();
    let indicators = &campaign.reporting.indicators;
    let units: Vec<UnitEntry> = roster
        .iter()
        .map(|u| match chosen.get(&u.code).map(|&fi| (&files[fi], fi)) {
            Some((f, fi)) => UnitEntry {
                code: u.code.clone(),
                name: u.name.clone(),
                group: u.group.clone(),
                status: match f.status {
                    FileStatus::Accepted => UnitStatus::Accepted,
                    FileStatus::Blank => UnitStatus::Blank,
                    _ => UnitStatus::AcceptedWithWarnings,
                },
                file: Some(f.file.clone()),
                filled_at: f.filled_at.map(iso),
                late: f.late,
                values: {
                    let values = &mut figures[fi].0;
                    indicators
                        .iter()
                        .map(|ind| {
                            let entry = values.remove(&ind.code).unwrap_or(Entry::Missing);
                            (ind.code.clone(), entry)
                        })
                        .collect()
                },
                sources: std::mem::take(&mut figures[fi].1),
                rollup: rollups[fi].take(),
            },
            None => UnitEntry {
                code: u.code.clone(),
                name: u.name.clone(),
                group: u.group.clone(),
                status: if sent_rejected.contains(u.code.as_str()) {
                    UnitStatus::Rejected
                } else {
                    UnitStatus::Missing
                },
                file: None,
                filled_at: None,
                late: false,
                values: ByCode::new(),
                sources: Sources::default(),
                rollup: None,
            },
        })
        .collect();

    let mut totals = BTreeMap::new();
    let mut reported = BTreeMap::new();
    let mut too_large = Vec::new();
    for ind in indicators {
        let counted: Vec<&Figure> = units
            .iter()
            .filter_map(|u| match u.values.get(&ind.code) {
                Some(Entry::Counted { value }) => Some(value),
                _ => None,
            })
            .collect();
        reported.insert(ind.code.clone(), counted.len());
        if ind.kind != IndicatorKind::Text {
            let numbers = counted.iter().filter_map(|f| match f {
                Figure::Number(n) => Some(*n),
                Figure::Text(_) => None,
            });
            match tonghop::exact_total(ind.kind, numbers) {
                Some(total) => {
                    totals.insert(ind.code.clone(), total);
                }
                None => too_large.push(
                    Diagnostic::error(codes::TOTAL_TOO_LARGE, Location::Nowhere)
                        .arg("indicator", &ind.label)
                        .arg("indicator_code", &ind.code),
                ),
            }
        }
    }
    let missing: Vec<String> = units
        .iter()
        .filter(|u| !u.status.is_accepted())
        .map(|u| u.code.clone())
        .collect();
    drop(figures);
    // The files' entries keep no issues of their own: they move here.
    let issues: Vec<Diagnostic> = files
        .iter_mut()
        .flat_map(|f| std::mem::take(&mut f.issues))
        .chain(too_large)
        .collect();
    let (errors, warnings) = tonghop::count_severities(&issues);
    let count = |s: FileStatus| files.iter().filter(|f| f.status == s).count();
    let summary = Summary {
        files_read: files.len(),
        accepted: files.len() - count(FileStatus::Rejected) - count(FileStatus::Blank),
        accepted_with_warnings: count(FileStatus::AcceptedWithWarnings),
        rejected: count(FileStatus::Rejected),
        units_total: units.len(),
        units_reported: units.len() - missing.len(),
        units_missing: missing.len(),
        units_blank: units
            .iter()
            .filter(|u| u.status == UnitStatus::Blank)
            .count(),
        errors,
        warnings,
    };
    let files = files
        .into_iter()
        .map(|f| FileEntry {
            file: f.file,
            status: f.status,
            unit: f.unit,
            format: f.format,
            own_form: f.own_form,
            filled_at: f.filled_at.map(iso),
            late: f.late,
            reasons: f.reasons,
            matched: f.matched,
            // Recorded where the bytes were read ([`merge_each`]); the other
            // entry points' callers, who have the bytes, record it themselves.
            sha256: f.sha256,
        })
        .collect();
    TongHop {
        format: tonghop::FORMAT.to_string(),
        version: tonghop::VERSION,
        campaign: campaign.campaign.clone(),
        issuer: campaign.issuer.name.clone(),
        deadline: campaign.reporting.deadline.to_string(),
        indicators: indicators.clone(),
        totals,
        reported,
        units,
        missing,
        files,
        issues,
        summary,
        run: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaign::model::IndicatorKind;

    /// A damaged return is said in the clerk's words by what went wrong: a file
    /// cut short, compressed data broken; the reader's own words otherwise.
    #[test]
    fn a_damaged_return_is_worded_by_its_damage() {
        let campaign = crate::sheets::forms::sample::campaign(1);
        let form =
            crate::sheets::forms::build_form(&campaign, &campaign.reporting.units[0]).unwrap();
        let limits = Limits::default();
        let problem = |bytes: &[u8]| {
            let err = read::sniff(bytes, &limits)
                .and_then(|s| read::read_workbook(bytes, &s, &limits))
                .unwrap_err();
            let d = read_error_at("CD01.xlsx", &err);
            assert_eq!(d.code, codes::FILE_DAMAGED, "{err}");
            d.arguments
                .iter()
                .find(|(k, _)| k == "problem")
                .map(|(_, v)| v.clone())
        };
        let text = |s: &str| Some(crate::diagnostic::Arg::Text(s.into()));
        // Cut short: the end of the package is missing.
        assert_eq!(problem(&form[..form.len() - 200]), text("cut"));
        // A byte of a worksheet's compressed data changed.
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(form.as_slice())).unwrap();
        let sheet = archive.by_name("xl/worksheets/sheet1.xml").unwrap();
        let at = sheet.data_start().unwrap() as usize + 40;
        drop(sheet);
        let mut flipped = form.clone();
        flipped[at] ^= 0x55;
        assert_eq!(problem(&flipped), text("packed"));
        assert_eq!(damage_of("XML error: unexpected token"), "other");
        assert_eq!(damage_of("`xl/styles.xml`: Invalid checksum"), "packed");
        assert_eq!(
            damage_of("File is larger than its declared uncompressed size"),
            "other"
        );
    }

    fn ind(kind: IndicatorKind) -> Indicator {
        Indicator {
            code: "x".into(),
            label: "X".into(),
            unit: "căn".into(),
            kind,
            max: None,
        }
    }

    #[test]
    fn values_are_checked_by_kind() {
        use IndicatorKind::*;
        let t = |s: &str| Value::Text(s.to_string());
        let cases: Vec<(IndicatorKind, Option<Value>, &str)> = vec![
            (Count, Some(Value::Number(12.0)), "ok 12"),
            (Count, Some(Value::Number(-1.0)), "bad negative value=-1"),
            (
                Count,
                Some(Value::Number(1.5)),
                "bad not_whole value=1.5 unit=căn",
            ),
            (
                Money,
                Some(Value::Number(0.5)),
                "bad fraction_of_dong value=0.5",
            ),
            (Decimal, Some(Value::Number(2.5)), "ok 2.5"),
            (Count, Some(t("1.234")), "ok 1234 note"),
            (Decimal, Some(t("38,05")), "ok 38.05 note"),
            (
                Count,
                Some(t("1.2OO")),
                "bad not_a_number value=1.2OO details=\"1.2OO\" is not a number",
            ),
            (
                Count,
                Some(Value::Error("#DIV/0!".into())),
                "bad error_cell error=#DIV/0!",
            ),
            (
                Count,
                Some(Value::Uncalculated {
                    formula: "SUM(A1:A2)".into(),
                }),
                "bad uncalculated formula=SUM(A1:A2)",
            ),
            (Count, Some(Value::Date(42900.0)), "bad date"),
            (Count, Some(Value::Bool(true)), "bad boolean value=TRUE"),
            (Count, Some(t("  ")), "empty"),
            (Count, None, "empty"),
            (Text, Some(t("Tốt")), "ok Tốt"),
            // Plausibility: each kind's range, the limit given with the reason.
            (Count, Some(Value::Number(999_999_999.0)), "ok 999999999"),
            (
                Count,
                Some(Value::Number(1e9)),
                "bad out_of_range value=1000000000 limit=1000000000",
            ),
            (
                Count,
                Some(Value::Number(1e308)),
                "bad out_of_range value=100000000000000000000000000000000",
            ),
            (
                Money,
                Some(Value::Number(999_999_999_999_999.0)),
                "ok 999999999999999",
            ),
            (
                Money,
                Some(Value::Number(1e300)),
                "bad out_of_range value=1000000000000000000000000000",
            ),
            (
                Decimal,
                Some(Value::Number(999_999_999.5)),
                "ok 999999999.5",
            ),
            (Decimal, Some(Value::Number(1e308)), "bad out_of_range"),
            (Text, Some(t(&"x".repeat(32_767))), "ok xxx"),
            (
                Text,
                Some(t(&"x".repeat(32_768))),
                "bad too_long length=32768 limit=32767",
            ),
            (
                Count,
                Some(t(&"1".repeat(40_000))),
                "bad too_long length=40000 limit=32767",
            ),
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
                Checked::Bad(reason, args) => {
                    let code = reason.code().trim_start_matches("merge.value.");
                    let args: Vec<String> = args.iter().map(|(n, v)| format!(" {n}={v}")).collect();
                    format!("bad {code}{}", args.concat())
                }
            };
            assert!(
                got.starts_with(want),
                "{kind:?} {value:?}: got `{got}`, want `{want}`"
            );
        }
    }

    #[test]
    fn a_campaign_may_raise_an_indicators_limit_up_to_the_exact_maximum() {
        let mut i = ind(IndicatorKind::Count);
        i.max = Some(1e12);
        assert!(matches!(
            check_value(&i, Some(&Value::Number(5e9))),
            Checked::Ok(..)
        ));
        assert!(matches!(
            check_value(&i, Some(&Value::Number(1e12))),
            Checked::Bad(RejectReason::OutOfRange, _)
        ));
        // No campaign can make a figure too large to be added exactly.
        i.max = Some(1e300);
        assert_eq!(i.limit(), crate::campaign::model::MAX_LIMIT);
        assert!(matches!(
            check_value(&i, Some(&Value::Number(1e300))),
            Checked::Bad(RejectReason::OutOfRange, _)
        ));
    }

    #[test]
    fn absurd_figures_are_rejected_and_totals_stay_exact() {
        use crate::sheets::forms::{FillValue, FormOptions, build_form_with};
        let campaign = crate::sheets::forms::sample::campaign(3);
        let filled = |unit: usize, values: &[(&str, f64)]| InputFile {
            display_name: format!("u{unit}.xlsx"),
            bytes: build_form_with(
                &campaign,
                &campaign.reporting.units[unit],
                &FormOptions {
                    values: values
                        .iter()
                        .map(|(k, v)| (k.to_string(), FillValue::Number(*v)))
                        .collect(),
                    filled_on: None,
                },
            )
            .unwrap(),
            modified: None,
        };
        let inputs = [
            filled(
                0,
                &[
                    ("nha_mai_am", 1e308),
                    ("kinh_phi", 1e300),
                    ("duong_giao_thong", 1e308),
                    ("luot_nguoi", 5.0),
                ],
            ),
            filled(
                1,
                &[
                    ("nha_mai_am", 999_999_999.0),
                    ("kinh_phi", 999_999_999_999_999.0),
                    ("duong_giao_thong", 999_999_999.999_999),
                ],
            ),
            filled(
                2,
                &[
                    ("nha_mai_am", 999_999_999.0),
                    ("kinh_phi", 999_999_999_999_999.0),
                    ("duong_giao_thong", 0.000_001),
                ],
            ),
        ];
        let r = merge(&campaign, &inputs, &Limits::default(), &mut |_, _| {});
        let out_of_range: Vec<(&str, String)> = r
            .issues
            .iter()
            .filter(|d| d.code == codes::VALUE_OUT_OF_RANGE)
            .map(|d| {
                (
                    d.location.file_name().unwrap_or_default(),
                    d.get("indicator_code").unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(
            out_of_range,
            [
                ("u0.xlsx", "nha_mai_am".to_string()),
                ("u0.xlsx", "duong_giao_thong".to_string()),
                ("u0.xlsx", "kinh_phi".to_string()),
            ]
        );
        assert_eq!(r.totals["nha_mai_am"], 1_999_999_998.0);
        assert_eq!(r.totals["kinh_phi"], 1_999_999_999_999_998.0);
        assert_eq!(r.totals["duong_giao_thong"], 1_000_000_000.0);
        assert_eq!(r.totals["luot_nguoi"], 5.0);
        assert_eq!(r.mismatched_totals(), vec![]);
    }

    #[test]
    fn an_untouched_form_sent_back_is_blank_and_not_reported() {
        use crate::sheets::forms::{FillValue, FormOptions, build_form_with};
        let campaign = crate::sheets::forms::sample::campaign(5);
        let one_figure = |unit: usize| InputFile {
            display_name: format!("filled{unit}.xlsx"),
            bytes: build_form_with(
                &campaign,
                &campaign.reporting.units[unit],
                &FormOptions {
                    values: [("nha_mai_am".to_string(), FillValue::Number(1.0))].into(),
                    filled_on: None,
                },
            )
            .unwrap(),
            modified: None,
        };
        let inputs = [
            form_input("blank0.xlsx", &campaign, 0),
            form_input("blank1.xlsx", &campaign, 1),
            form_input("blank2.xlsx", &campaign, 2),
            one_figure(3),
            one_figure(4),
        ];
        let r = merge(&campaign, &inputs, &Limits::default(), &mut |_, _| {});
        let statuses: Vec<FileStatus> = r.files.iter().map(|f| f.status).collect();
        assert_eq!(
            statuses,
            [
                FileStatus::Blank,
                FileStatus::Blank,
                FileStatus::Blank,
                FileStatus::AcceptedWithWarnings,
                FileStatus::AcceptedWithWarnings
            ]
        );
        let blank_units: Vec<&str> = r
            .units
            .iter()
            .filter(|u| u.status == UnitStatus::Blank)
            .map(|u| u.code.as_str())
            .collect();
        assert_eq!(blank_units.len(), 3);
        for code in &blank_units {
            assert!(r.missing.iter().any(|m| m == code), "{code} not listed");
        }
        assert_eq!(
            (
                r.summary.units_reported,
                r.summary.units_missing,
                r.summary.units_blank,
                r.summary.accepted
            ),
            (2, 3, 3, 2)
        );
        // One warning per blank file, not one per empty cell.
        let blank0: Vec<&str> = r
            .issues
            .iter()
            .filter(|d| d.location.file_name() == Some("blank0.xlsx"))
            .map(|d| d.code.as_str())
            .collect();
        assert_eq!(blank0, [codes::FILE_BLANK]);
        assert_eq!(
            (
                r.summary.files_read,
                r.summary.units_missing,
                r.summary.units_total
            ),
            (5, 3, 5),
            "a blank form is not reported"
        );
        // A blank form sent after a filled one never displaces it.
        let mut later_blank = form_input("later-blank.xlsx", &campaign, 3);
        later_blank.modified =
            chrono::NaiveDate::from_ymd_opt(2030, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
        let r = merge(
            &campaign,
            &[one_figure(3), later_blank],
            &Limits::default(),
            &mut |_, _| {},
        );
        let unit = r.unit(&campaign.reporting.units[3].code).unwrap();
        assert_eq!(
            (unit.status, unit.file.as_deref()),
            (UnitStatus::AcceptedWithWarnings, Some("filled3.xlsx"))
        );
    }

    #[test]
    fn a_table_naming_a_unit_does_not_displace_its_return() {
        use crate::sheets::forms::{FillValue, FormOptions, build_form_with};
        let campaign = crate::sheets::forms::sample::campaign(1);
        let cd01 = &campaign.reporting.units[0];
        let values: BTreeMap<String, FillValue> = campaign
            .reporting
            .indicators
            .iter()
            .filter(|i| i.kind != IndicatorKind::Text)
            .map(|i| (i.code.clone(), FillValue::Number(3.0)))
            .collect();
        let real = InputFile {
            display_name: "CD01.xlsx".into(),
            bytes: build_form_with(
                &campaign,
                cd01,
                &FormOptions {
                    values,
                    filled_on: chrono::NaiveDate::from_ymd_opt(2017, 7, 20),
                },
            )
            .unwrap(),
            modified: None,
        };
        // A 5-unit table (a list of members), saved later, naming CD01 among units
        // not on the roster, with an indicator's label as a column header.
        let mut wb = rust_xlsxwriter::Workbook::new();
        let s = wb.add_worksheet();
        for (c, h) in [
            "STT",
            "Tên đơn vị",
            "Số đoàn viên",
            "Lượt đoàn viên tham gia",
        ]
        .iter()
        .enumerate()
        {
            s.write_string(0, c as u16, *h).unwrap();
        }
        let names = [
            cd01.name.as_str(),
            "Công ty Xuân Hòa",
            "Trường Mầm non Hoa Sen",
            "Hợp tác xã Thanh Điền",
            "Bưu điện huyện",
        ];
        for (r, name) in names.iter().enumerate() {
            let r = r as u32 + 1;
            s.write_number(r, 0, f64::from(r)).unwrap();
            s.write_string(r, 1, *name).unwrap();
            s.write_number(r, 2, 40.0).unwrap();
            s.write_number(r, 3, 12.0).unwrap();
        }
        wb.set_properties(
            &rust_xlsxwriter::DocProperties::new().set_creation_datetime(
                &rust_xlsxwriter::ExcelDateTime::from_ymd(2017, 7, 25).unwrap(),
            ),
        );
        let table = InputFile {
            display_name: "danh-sach.xlsx".into(),
            bytes: wb.save_to_buffer().unwrap(),
            modified: chrono::NaiveDate::from_ymd_opt(2017, 7, 25)
                .and_then(|d| d.and_hms_opt(9, 0, 0)),
        };
        let r = merge(
            &campaign,
            &[real, table],
            &Limits::default(),
            &mut |_, _| {},
        );
        let unit = r.unit(&cd01.code).unwrap();
        assert_eq!(
            (unit.status, unit.file.as_deref()),
            (UnitStatus::Accepted, Some("CD01.xlsx"))
        );
        assert_eq!(r.totals["nha_mai_am"], 3.0);
        let table = &r.files[1];
        assert_eq!(table.status, FileStatus::Rejected);
        let why: Vec<(&str, String)> = table
            .reasons
            .iter()
            .map(|d| {
                (
                    d.code.as_str(),
                    d.get("unit").map(|u| u.to_string()).unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(why, [(codes::FILE_NO_FIGURES, cd01.code.clone())]);
        // The message says how the unit was named, so the clerk sees why.
        assert!(
            table.reasons[0]
                .get("matched")
                .is_some_and(|m| !m.to_string().is_empty()),
            "{:?}",
            table.reasons[0]
        );
    }

    #[test]
    fn an_oversized_text_cell_is_that_files_error_and_the_workbook_is_written() {
        use crate::sheets::forms::{FillValue, FormOptions, build_form_with};
        let campaign = crate::sheets::forms::sample::campaign(2);
        // No spreadsheet program writes a longer cell (nor does the form builder), so
        // the cells are made long after reading, as a crafted file would have them.
        let long = "Ý kiến ".repeat(6_000); // 42,000 characters
        let limits = Limits::default();
        let read_filled = |unit: usize, values: Vec<(&str, FillValue)>| {
            let bytes = build_form_with(
                &campaign,
                &campaign.reporting.units[unit],
                &FormOptions {
                    values: values
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect(),
                    filled_on: None,
                },
            )
            .unwrap();
            let sniffed = read::sniff(&bytes, &limits).unwrap();
            read::read_workbook(&bytes, &sniffed, &limits).unwrap()
        };
        let mut book = read_filled(
            0,
            vec![
                ("ghi_chu", FillValue::Text("ngắn".into())),
                ("nha_mai_am", FillValue::Text("ngắn".into())),
                ("luot_nguoi", FillValue::Number(4.0)),
            ],
        );
        for cell in &mut book.sheets[0].cells {
            if cell.value == Value::Text("ngắn".into()) {
                cell.value = Value::Text(long.clone());
            }
        }
        let mut long_one = FileReport::new("u0.xlsx");
        read_values(&CampaignKeys::new(&campaign), &book, &mut long_one);
        long_one.settle();
        let book = read_filled(1, vec![("luot_nguoi", FillValue::Number(6.0))]);
        let mut other = FileReport::new("u1.xlsx");
        read_values(&CampaignKeys::new(&campaign), &book, &mut other);
        other.settle();
        let r = aggregate(&campaign, vec![long_one, other]);
        let too_long: Vec<(&str, String)> = r
            .issues
            .iter()
            .filter(|d| d.code == codes::VALUE_TOO_LONG)
            .map(|d| {
                (
                    d.location.file_name().unwrap_or_default(),
                    d.get("indicator_code").unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(
            too_long,
            [
                ("u0.xlsx", "nha_mai_am".to_string()),
                ("u0.xlsx", "ghi_chu".to_string())
            ]
        );
        assert_eq!(r.totals["luot_nguoi"], 10.0);
        let xlsx = crate::sheets::output::write(&campaign, &r, &|d| d.to_string());
        assert!(xlsx.is_ok(), "{xlsx:?}");
    }

    #[test]
    fn a_figure_cell_given_twice_is_reported_and_not_counted() {
        use crate::sheets::forms::{FillValue, FormOptions, build_form_with};
        let campaign = crate::sheets::forms::sample::campaign(1);
        let bytes = build_form_with(
            &campaign,
            &campaign.reporting.units[0],
            &FormOptions {
                values: [
                    ("luot_nguoi".to_string(), FillValue::Number(7.0)),
                    ("nha_mai_am".to_string(), FillValue::Number(2.0)),
                ]
                .into(),
                filled_on: None,
            },
        )
        .unwrap();
        let limits = Limits::default();
        let sniffed = read::sniff(&bytes, &limits).unwrap();
        let mut book = read::read_workbook(&bytes, &sniffed, &limits).unwrap();
        // As the reader records `D13` given twice (see read's tests), and `Z1`.
        book.sheets[0].duplicates = vec![(0, 25), (12, 3)];
        let mut rep = FileReport::new("a.xlsx");
        read_values(&CampaignKeys::new(&campaign), &book, &mut rep);
        let dups: Vec<(Severity, String)> = rep
            .issues
            .iter()
            .filter(|d| d.code == codes::CELL_DUPLICATE)
            .map(|d| (d.severity, format!("{:?}", d.location)))
            .collect();
        assert_eq!(dups.len(), 2, "{dups:?}");
        assert_eq!(dups[0].0, Severity::Warning);
        assert!(dups[0].1.contains("Z1"), "{dups:?}");
        assert_eq!(dups[1].0, Severity::Error);
        assert!(dups[1].1.contains("D13"), "{dups:?}");
        assert_eq!(
            rep.values["luot_nguoi"],
            Entry::Rejected {
                reason: RejectReason::DuplicateCell
            }
        );
        assert_eq!(
            rep.values["nha_mai_am"],
            Entry::Counted {
                value: Figure::Number(2.0)
            }
        );
    }

    #[test]
    fn every_reject_reason_has_its_code_listed() {
        for reason in RejectReason::ALL {
            assert!(CODES.contains(&reason.code()), "{reason:?}");
        }
        let mut sorted = CODES.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), CODES.len(), "a code listed twice");
    }

    /// The sample campaign's checks on five returns: one keeping them all, one
    /// breaking "if `tien_qua` needs `qua_tang`", one breaking "`ngay_cong` at most
    /// 10 × `nguoi_tham_gia`", one whose `qua_tang` is rejected (so no check on it is
    /// evaluated), one at the bound exactly (kept). A warning for each check broken,
    /// at its figure's cell, naming the other's; the figures are still counted.
    #[test]
    fn a_return_that_breaks_a_campaign_check_is_warned_naming_both_cells() {
        use crate::sheets::forms::{FillValue, FormOptions, build_form_with};
        let campaign =
            Campaign::from_json("campaign.json", crate::campaign::sample::FILES[0].1).unwrap();
        assert_eq!(campaign.reporting.checks.len(), 5);
        let good = [
            ("qua_tang", 2.0),
            ("tien_qua", 1_000_000.0),
            ("buoi_tuyen_truyen", 1.0),
            ("nguoi_nghe", 40.0),
            ("nguoi_tham_gia", 3.0),
            ("ngay_cong", 25.0),
        ];
        let input = |unit: usize, changes: &[(&str, FillValue)]| {
            let mut values: BTreeMap<String, FillValue> = good
                .iter()
                .map(|(k, v)| (k.to_string(), FillValue::Number(*v)))
                .collect();
            for (k, v) in changes {
                values.insert(k.to_string(), v.clone());
            }
            let options = FormOptions {
                values,
                filled_on: None,
            };
            InputFile {
                display_name: format!("u{unit}.xlsx"),
                bytes: build_form_with(&campaign, &campaign.reporting.units[unit], &options)
                    .unwrap(),
                modified: None,
            }
        };
        let inputs = [
            input(0, &[]),
            input(1, &[("qua_tang", FillValue::Number(0.0))]),
            input(2, &[("ngay_cong", FillValue::Number(31.0))]),
            input(3, &[("qua_tang", FillValue::Text("2O".into()))]),
            input(4, &[("ngay_cong", FillValue::Number(30.0))]),
        ];
        let r = merge(&campaign, &inputs, &Limits::default(), &mut |_, _| {});
        let cell_of = |unit: usize, code: &str| {
            let u = r.unit(&campaign.reporting.units[unit].code).unwrap();
            u.sources[code].cell.clone()
        };
        let got: Vec<(String, String, String, Vec<String>)> = r
            .issues
            .iter()
            .filter(|d| CHECK_CODES.contains(&d.code.as_str()))
            .map(|d| {
                assert_eq!(d.severity, Severity::Warning, "{d}");
                let Location::Cell { file, cell, .. } = &d.location else {
                    panic!("{d}")
                };
                let args = d
                    .arguments
                    .iter()
                    .map(|(n, v)| format!("{n}={v}"))
                    .collect();
                (
                    file.clone(),
                    d.code.clone(),
                    cell.clone().unwrap_or_default(),
                    args,
                )
            })
            .collect();
        let args = |list: &[String]| list.to_vec();
        assert_eq!(
            got,
            [
                (
                    "u1.xlsx".to_string(),
                    codes::CHECK_NEEDS.to_string(),
                    cell_of(1, "tien_qua"),
                    args(&[
                        "indicator=Giá trị quà tặng".into(),
                        "indicator_code=tien_qua".into(),
                        "value=1000000".into(),
                        "other=Quà tặng gia đình chính sách, công nhân nghèo".into(),
                        "other_code=qua_tang".into(),
                        format!("other_cell={}", cell_of(1, "qua_tang")),
                    ])
                ),
                (
                    "u2.xlsx".to_string(),
                    codes::CHECK_AT_MOST.to_string(),
                    cell_of(2, "ngay_cong"),
                    args(&[
                        "indicator=Ngày công lao động".into(),
                        "indicator_code=ngay_cong".into(),
                        "value=31".into(),
                        "other=Đoàn viên, CBCCVCLĐ tham gia".into(),
                        "other_code=nguoi_tham_gia".into(),
                        format!("other_cell={}", cell_of(2, "nguoi_tham_gia")),
                        "other_value=3".into(),
                        "times=10".into(),
                        "limit=30".into(),
                    ])
                ),
            ]
        );
        // Warned, still counted.
        assert_eq!(r.totals["ngay_cong"], 25.0 + 25.0 + 31.0 + 25.0 + 30.0);
        assert_eq!(r.totals["qua_tang"], 2.0 + 0.0 + 2.0 + 2.0);
    }

    fn form_input(name: &str, campaign: &Campaign, unit: usize) -> InputFile {
        InputFile {
            display_name: name.into(),
            bytes: crate::sheets::forms::build_form(campaign, &campaign.reporting.units[unit])
                .unwrap(),
            modified: None,
        }
    }

    #[test]
    fn a_reader_panic_rejects_that_file_only() {
        let campaign = crate::sheets::forms::sample::campaign(1);
        let inputs = [
            InputFile {
                display_name: "bad.xls".into(),
                bytes: include_bytes!(
                    "../../../../tests/fixtures/sheets/mutated-panics-calamine.xls"
                )
                .to_vec(),
                modified: None,
            },
            form_input("good.xlsx", &campaign, 0),
        ];
        let result = merge(&campaign, &inputs, &Limits::default(), &mut |_, _| {});
        assert_eq!(result.files[0].status, FileStatus::Rejected);
        let reason = &result.files[0].reasons[0];
        assert_eq!(reason.code, codes::FILE_READER_CRASHED);
        assert!(
            reason
                .get("details")
                .is_some_and(|d| d.to_string().contains("the spreadsheet reader failed")),
            "{reason}"
        );
        assert_ne!(result.files[1].status, FileStatus::Rejected);
    }

    /// Finishes the files in reverse order, as threads might.
    struct Backwards;

    impl Workers for Backwards {
        fn run(
            &self,
            count: usize,
            task: &(dyn Fn(usize) -> FileReport + Sync),
            done: &mut dyn FnMut(usize, FileReport),
        ) {
            for i in (0..count).rev() {
                done(i, task(i));
            }
        }
    }

    /// Loses one file, as a worker that died might.
    struct Forgetful;

    impl Workers for Forgetful {
        fn run(
            &self,
            count: usize,
            task: &(dyn Fn(usize) -> FileReport + Sync),
            done: &mut dyn FnMut(usize, FileReport),
        ) {
            for i in 1..count {
                done(i, task(i));
            }
        }
    }

    #[test]
    fn the_result_does_not_depend_on_the_order_files_finish_in() {
        let campaign = crate::sheets::forms::sample::campaign(3);
        let mut inputs: Vec<InputFile> = (0..3)
            .map(|i| form_input(&format!("f{i}.xlsx"), &campaign, i))
            .collect();
        // A duplicate, so the order of settling matters too.
        inputs.push(form_input("f0-again.xlsx", &campaign, 0));
        let limits = Limits::default();
        let mut seen = Vec::new();
        let in_turn = merge_with(
            &campaign,
            &inputs,
            &limits,
            &InProcess,
            &Sequential,
            &mut |done, total| seen.push((done, total)),
        );
        assert_eq!(seen, [(1, 4), (2, 4), (3, 4), (4, 4)]);
        let backwards = merge_with(
            &campaign,
            &inputs,
            &limits,
            &InProcess,
            &Backwards,
            &mut |_, _| {},
        );
        assert_eq!(
            serde_json::to_vec_pretty(&in_turn).unwrap(),
            serde_json::to_vec_pretty(&backwards).unwrap()
        );
        let lost = merge_with(
            &campaign,
            &inputs,
            &limits,
            &InProcess,
            &Forgetful,
            &mut |_, _| {},
        );
        assert_eq!(lost.files[0].status, FileStatus::Rejected);
        assert_eq!(lost.files[0].reasons[0].code, codes::FILE_NOT_FINISHED);
    }

    #[test]
    fn reading_each_file_in_its_task_gives_the_merge_of_the_files_read_up_front() {
        let campaign = crate::sheets::forms::sample::campaign(3);
        let mut inputs: Vec<InputFile> = (0..3)
            .map(|i| form_input(&format!("f{i}.xlsx"), &campaign, i))
            .collect();
        inputs.push(form_input("f0-again.xlsx", &campaign, 0));
        let limits = Limits::default();
        // The second file cannot be read: it goes after the others, as the
        // up-front merge lists the files it could not read.
        let unreadable = crate::folder::read_error_named(
            "f1.xlsx",
            crate::folder::FolderError::Unreadable("locked".into()),
        );
        let read: Vec<InputFile> = inputs
            .iter()
            .filter(|i| i.display_name != "f1.xlsx")
            .cloned()
            .collect();
        let mut up_front = merge_with_unread(
            &campaign,
            &read,
            std::slice::from_ref(&unreadable),
            &limits,
            &InProcess,
            &Backwards,
            &mut |_, _| {},
        );
        let streamed = merge_each(
            &campaign,
            inputs.len(),
            &|i| match inputs[i].display_name.as_str() {
                "f1.xlsx" => Err(unreadable.clone()),
                _ => Ok(inputs[i].clone()),
            },
            &|i| inputs[i].display_name.clone(),
            &limits,
            &InProcess,
            &Backwards,
            &mut |_, _| {},
        );
        let order: Vec<&str> = streamed.files.iter().map(|f| f.file.as_str()).collect();
        assert_eq!(order, ["f0.xlsx", "f2.xlsx", "f0-again.xlsx", "f1.xlsx"]);
        // Each file read carries the hash of its bytes; the unread one none.
        for (file, input) in streamed.files.iter().zip(&read) {
            assert_eq!(
                file.sha256.as_deref(),
                Some(crate::folder::content_hash(&input.bytes).as_str())
            );
        }
        assert_eq!(streamed.files[3].sha256, None);
        for (file, entry) in up_front.files.iter_mut().zip(&streamed.files) {
            file.sha256 = entry.sha256.clone();
        }
        assert_eq!(
            serde_json::to_value(&streamed).unwrap(),
            serde_json::to_value(&up_front).unwrap()
        );
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
        read_values(&CampaignKeys::new(&campaign), &book, &mut rep);
        assert_eq!(
            (
                &rep.values["luot_nguoi"],
                rep.sources["luot_nguoi"].cell.as_str()
            ),
            (
                &Entry::Counted {
                    value: Figure::Number(7.0)
                },
                "D15"
            )
        );
        assert!(
            rep.issues
                .iter()
                .any(|i| i.code == codes::FORM_LAYOUT_CHANGED),
            "{:?}",
            rep.issues
        );
        assert!(rep.reasons.is_empty());

        // Untouched, the cell map is used and nothing is reported but empty cells.
        let book = read::read_workbook(&bytes, &sniffed, &limits).unwrap();
        let mut rep = FileReport::new("ok.xlsx");
        read_values(&CampaignKeys::new(&campaign), &book, &mut rep);
        assert!(
            rep.issues.iter().all(|i| i.code == codes::VALUE_EMPTY),
            "{:?}",
            rep.issues
        );
        assert_eq!(rep.sources["luot_nguoi"].cell, "D13");
    }

    #[test]
    fn forms_of_another_campaign_or_unit_are_rejected() {
        let campaign = crate::sheets::forms::sample::campaign(2);
        let mut other = campaign.clone();
        other.campaign.id = "khac-2018".into();
        let mut shorter = campaign.clone();
        shorter.reporting.units.remove(0);
        let input = [form_input("a.xlsx", &campaign, 0)];
        let other_campaign =
            Diagnostic::error(codes::FORM_OTHER_CAMPAIGN, Location::file("a.xlsx"))
                .arg("found", "dan-van-2017")
                .arg("expected", "khac-2018");
        let not_on_roster = Diagnostic::error(codes::UNIT_NOT_ON_ROSTER, Location::file("a.xlsx"))
            .arg("unit", "CD001");
        for (c, want) in [(&other, other_campaign), (&shorter, not_on_roster)] {
            let r = merge(c, &input, &Limits::default(), &mut |_, _| {});
            assert_eq!(r.files[0].status, FileStatus::Rejected);
            assert_eq!(r.files[0].reasons, vec![want]);
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
