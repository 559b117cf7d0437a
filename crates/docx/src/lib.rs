#![doc = include_str!("../README.md")]

mod engine;
pub mod fixture;
mod join;
mod post;
mod report;
mod rich;
pub mod schema;
mod subdoc;
mod tags;
pub mod xml;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Write};
use std::sync::{Arc, Mutex};

pub use vanban_package::limits::{self, Limit, Limited, Limits};
use vanban_package::package::{self, PackageError};

pub use engine::RESTART_FUNCTION;
use engine::Target;
pub use join::join_documents;
pub use report::{CheckReport, MissingVariable, Problem, ProblemKind, TagInfo, TemplateWarning};
pub use rich::{RichExpected, RichFault};
pub use tags::{Level, Location, TagKind};

use tags::{PartKind, Tag};

/// How to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    /// A variable the data lacks is an error (default); when false it renders empty
    /// and a warning says where (`--lenient`).
    pub strict: bool,
    /// Limits on the template package and the output.
    pub limits: Limits,
    /// Filters and functions the caller adds to every Tera instance the engine makes
    /// (an application's own conventions: dates, numbers in words, …).
    pub extensions: Extensions,
    /// A second thread, when the caller has one to spare: a large output is
    /// checked there while it is compressed here. The engine starts no thread.
    pub beside: Beside,
}

/// Runs two tasks: `side` on another thread while `main` runs on this one, when
/// the caller gives a way to ([`Beside::new`]); one after the other otherwise
/// (the default). The render uses it for a large part (1 MB and more): checking
/// its XML, and dropping the data, beside compressing it.
///
/// ```
/// use vanban_docx::{Beside, RenderOptions};
/// let opts = RenderOptions {
///     beside: Beside::new(|side, main| {
///         std::thread::scope(|s| {
///             s.spawn(|| side());
///             main();
///         })
///     }),
///     ..RenderOptions::default()
/// };
/// # let _ = opts;
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Beside(Hook<RunPair>);

/// A function that runs `side` beside `main` and returns when both are done.
type RunPair = dyn Fn(&mut (dyn FnMut() + Send), &mut dyn FnMut()) + Send + Sync;

impl Beside {
    /// One task after the other, on the calling thread.
    pub fn sequential() -> Beside {
        Beside(Hook(None))
    }

    /// `run(side, main)` must run both tasks once and return when both are done.
    pub fn new(
        run: impl Fn(&mut (dyn FnMut() + Send), &mut dyn FnMut()) + Send + Sync + 'static,
    ) -> Beside {
        Beside(Hook(Some(Arc::new(run))))
    }

    pub(crate) fn run(&self, side: &mut (dyn FnMut() + Send), main: &mut dyn FnMut()) {
        match &self.0.0 {
            Some(run) => run(side, main),
            None => {
                side();
                main();
            }
        }
    }
}

impl std::fmt::Debug for Beside {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.describe("Beside(..)", "Beside(sequential)"))
    }
}

/// A function the caller hands the engine, or none. Two are equal when they are
/// the same function (options compare).
struct Hook<F: ?Sized>(Option<Arc<F>>);

impl<F: ?Sized> Hook<F> {
    fn describe(&self, some: &'static str, none: &'static str) -> &'static str {
        if self.0.is_some() { some } else { none }
    }
}

impl<F: ?Sized> Clone for Hook<F> {
    fn clone(&self) -> Self {
        Hook(self.0.clone())
    }
}

impl<F: ?Sized> Default for Hook<F> {
    fn default() -> Self {
        Hook(None)
    }
}

impl<F: ?Sized> PartialEq for Hook<F> {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (None, None) => true,
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl<F: ?Sized> Eq for Hook<F> {}

/// Filters and functions registered on every Tera instance the engine makes, in
/// addition to Tera's built-ins and the engine's own (`restart_numbering`).
///
/// ```
/// use vanban_docx::{Extensions, RenderOptions};
/// let opts = RenderOptions {
///     extensions: Extensions::new(|tera| {
///         tera.register_filter("shout", |v: &str, _: tera::Kwargs, _: &tera::State| v.to_uppercase());
///     }),
///     ..RenderOptions::default()
/// };
/// # let _ = opts;
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Extensions(Hook<Register>);

/// A function that registers filters and functions on a Tera instance.
type Register = dyn Fn(&mut tera::Tera) + Send + Sync;

impl Extensions {
    /// No extra filters.
    pub fn none() -> Extensions {
        Extensions(Hook(None))
    }

    /// Calls `register` on every Tera instance the engine makes.
    pub fn new(register: impl Fn(&mut tera::Tera) + Send + Sync + 'static) -> Extensions {
        Extensions(Hook(Some(Arc::new(register))))
    }

    pub(crate) fn apply(&self, tera: &mut tera::Tera) {
        if let Some(register) = &self.0.0 {
            register(tera);
        }
    }
}

impl std::fmt::Debug for Extensions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.describe("Extensions(..)", "Extensions(none)"))
    }
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            strict: true,
            limits: Limits::default(),
            extensions: Extensions::none(),
            beside: Beside::sequential(),
        }
    }
}

/// A rendered document and what the author should know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The .docx package.
    pub bytes: Vec<u8>,
    /// Values left empty in lenient mode, and similar notes.
    pub warnings: Vec<TemplateWarning>,
}

/// Why a template could not be rendered. Displays as a complete message: every
/// problem, where it is, and the cause chain.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    /// The file is not a readable zip package, or breaks a limit.
    #[error("the template is not a readable .docx: {0}")]
    Package(#[from] PackageError),
    /// A zip package without a Word body.
    #[error(
        "the template has no `word/document.xml`: is it really a Word .docx (not .doc, not .xlsx)?"
    )]
    NotWord,
    /// A part is not well-formed XML, or nests deeper than the limit.
    #[error("the template's {part} (`{entry}`) is {reason}")]
    Xml {
        /// The part as the user names it.
        part: String,
        /// The zip entry.
        entry: String,
        /// What is wrong.
        reason: String,
        /// The limit the part breaks, if that is what is wrong.
        limit: Option<Limit>,
    },
    /// A part nests elements deeper than [`Limits::max_xml_depth`]: the template's
    /// own, or the rendered part (a value printed with the `safe` filter can hold
    /// any markup).
    #[error(
        "the template's {part} (`{entry}`) nests elements deeper than the limit of {max} ({limit})"
    )]
    TooDeep {
        /// The part as the user names it (`body`, `rendered body`).
        part: String,
        /// The zip entry.
        entry: String,
        /// The limit broken: [`Limit::XmlDepth`].
        limit: Limit,
        /// Its value in force.
        max: u64,
    },
    /// The data is not a JSON object.
    #[error(
        "the data must be a JSON object (`{{ \"name\": value, … }}`) whose keys the template uses; this data is {found}"
    )]
    DataNotObject {
        /// What the data is instead (`an array`, `a number`, …).
        found: &'static str,
    },
    /// Problems in the template or with the data it uses, all of them.
    #[error("{}", report::problems_message(.0))]
    Template(Vec<Problem>),
    /// The output would exceed the size limit.
    #[error(
        "the {part} grows beyond the limit of {limit} bytes while rendering (a loop over too much data? {})",
        Limit::OutputSize
    )]
    TooLarge {
        /// The part being rendered.
        part: String,
        /// The limit in force.
        limit: u64,
    },
    /// Writing the package failed (an internal fault).
    #[error("cannot assemble the output package: {0}")]
    Zip(String),
}

impl Limited for RenderError {
    fn limit(&self) -> Option<Limit> {
        match self {
            RenderError::Package(e) => e.limit(),
            RenderError::Xml { limit, .. } => *limit,
            RenderError::TooDeep { limit, .. } => Some(*limit),
            RenderError::Template(problems) => problems.iter().find_map(|p| p.limit),
            RenderError::TooLarge { .. } => Some(Limit::OutputSize),
            RenderError::NotWord | RenderError::DataNotObject { .. } | RenderError::Zip(_) => None,
        }
    }
}

/// The parts that may hold tags, and how users call them.
fn part_label(entry: &str) -> Option<(String, PartKind)> {
    let word = |label: String| Some((label, PartKind::Word));
    match entry {
        "word/document.xml" => word("body".into()),
        "word/footnotes.xml" => word("footnotes".into()),
        "word/endnotes.xml" => word("endnotes".into()),
        "docProps/core.xml" => Some(("document properties".into(), PartKind::Plain)),
        _ => {
            let file = entry.strip_prefix("word/")?.strip_suffix(".xml")?;
            for kind in ["header", "footer"] {
                if let Some(n) = file.strip_prefix(kind)
                    && n.chars().all(|c| c.is_ascii_digit())
                {
                    let label = if n.is_empty() {
                        kind.to_string()
                    } else {
                        format!("{kind} {n}")
                    };
                    return word(label);
                }
            }
            None
        }
    }
}

/// A part turned into a Tera template.
struct Prepared {
    entry: String,
    label: String,
    kind: PartKind,
    tags: Vec<Tag>,
    problems: Vec<Problem>,
    /// Warnings about the template itself (text a structural tag drops).
    notes: Vec<TemplateWarning>,
    /// Tera source, and where each tag sits in it: (start, end, tag).
    source: String,
    map: Vec<(usize, usize, usize)>,
}

impl Prepared {
    fn tag_at(&self, offset: usize) -> Option<&Tag> {
        let i = self.map.partition_point(|(_, end, _)| *end <= offset);
        let (start, end, id) = *self.map.get(i)?;
        (start <= offset && offset < end).then(|| &self.tags[id])
    }

    /// What a structural tag may have done to the part's tables.
    fn tables(&self) -> post::Tables {
        let live = || self.map.iter().map(|(_, _, id)| &self.tags[*id]);
        post::Tables {
            columns_changed: live().any(|t| t.level == Some(Level::Cell)),
            content_removed: live().any(|t| t.level.is_some() && t.location.cell.is_some()),
        }
    }

    fn target(&self) -> Target {
        match self.kind {
            PartKind::Word => Target::Word,
            PartKind::Plain => Target::Xml,
        }
    }
}

fn prepare(
    entry: &str,
    label: &str,
    kind: PartKind,
    bytes: &[u8],
    opts: &RenderOptions,
) -> Result<Option<Prepared>, RenderError> {
    let xml_err = |reason: String| RenderError::Xml {
        part: label.to_string(),
        entry: entry.to_string(),
        reason,
        limit: None,
    };
    let part_err = |e: xml::XmlError| xml_failure(label.to_string(), entry, e, &opts.limits, "");
    let text = std::str::from_utf8(bytes).map_err(|e| xml_err(format!("not UTF-8 ({e})")))?;
    if !bytes.contains(&b'{') {
        // Copied untouched, but only if it is XML: a broken body would make a
        // document Word cannot open.
        xml::check_part(text, opts.limits.max_xml_depth).map_err(part_err)?;
        return Ok(None);
    }
    let mut nodes = xml::parse(text, opts.limits.max_xml_depth).map_err(part_err)?;
    let scan = tags::scan(&mut nodes, label, kind);
    if scan.tags.is_empty() && scan.problems.is_empty() && scan.literals == 0 {
        return Ok(None);
    }
    let tags = scan.tags;
    let mut source = String::with_capacity(text.len() + 64);
    let mut map = Vec::with_capacity(tags.len());
    // Inside `{% raw %}` a tag is text Tera prints as it is: it gets neither the
    // lenient rewriting nor the loop-budget call, and is escaped as text.
    let mut in_raw = false;
    xml::write(&nodes, &mut source, &mut |id, out| {
        let start = out.len();
        let tag = &tags[id];
        let raw_edge = report::raw_edge(tag);
        if in_raw && raw_edge != Some(false) {
            xml::escape_text(&tag.source, out);
        } else if let Some(expr) = &tag.picture {
            // Strict: a value the data lacks fails here, naming it, rather than
            // leaving the template's picture.
            if opts.strict && report::is_plain_path(expr) {
                out.push_str(&format!(
                    "{{% if {expr} is undefined %}}{{{{ {expr} }}}}{{% endif %}}"
                ));
            }
            out.push_str(&tag.source);
        } else if let Some(mark) = report::cell_source(tag, id, opts.strict) {
            out.push_str(&mark);
        } else if let (TagKind::Print, Some((ppr, rpr))) = (tag.kind, &tag.base) {
            out.push_str(&report::rich_source(tag, id, ppr, rpr, opts.strict));
        } else if opts.strict {
            out.push_str(&tag.source);
        } else {
            out.push_str(&report::lenient_source(tag, id));
        }
        if !in_raw && report::is_for(tag) {
            out.push_str(&format!("{{{{ {}() }}}}", engine::TICK_FUNCTION));
        }
        if let Some(opens) = raw_edge {
            in_raw = opens;
        }
        map.push((start, out.len(), id));
    });
    let mut problems: Vec<Problem> = scan
        .problems
        .into_iter()
        .map(|p| Problem::at(p.message, p.location))
        .collect();
    // A cell tag has a cell to act on only inside a table.
    for tag in tags.iter().filter(|t| report::is_cell_tag(t)) {
        if kind == PartKind::Word && tag.location.cell.is_some() {
            continue;
        }
        problems.push(Problem {
            kind: ProblemKind::CellTagOutsideCell,
            ..Problem::at(
                format!(
                    "`{}` acts on the table cell it stands in, but it stands outside a table: move it into a cell, or remove it",
                    tag.text
                ),
                tag.location.clone(),
            )
        });
    }
    let notes = scan
        .dropped
        .into_iter()
        .map(|d| TemplateWarning {
            message: d.message,
            location: Some(d.location),
            missing: None,
        })
        .collect();
    Ok(Some(Prepared {
        entry: entry.to_string(),
        label: label.to_string(),
        kind,
        tags,
        problems,
        notes,
        source,
        map,
    }))
}

/// The error for a part that is not well-formed XML or breaks the depth limit.
/// `part` names it as the user does (`body`, `rendered body`); `note` ends the
/// reason of a well-formedness error.
fn xml_failure(
    part: String,
    entry: &str,
    e: xml::XmlError,
    limits: &Limits,
    note: &str,
) -> RenderError {
    match e.limit {
        Some(limit) => RenderError::TooDeep {
            part,
            entry: entry.to_string(),
            limit,
            max: limit.value(limits),
        },
        None => RenderError::Xml {
            part,
            entry: entry.to_string(),
            reason: format!("{e}{note}"),
            limit: None,
        },
    }
}

/// Opens the package and prepares every part that holds tags, in entry order.
fn prepare_all<'a>(
    template: &'a [u8],
    opts: &RenderOptions,
) -> Result<(package::Archive<'a>, Vec<Prepared>), RenderError> {
    let mut archive = package::open(template, &opts.limits)?;
    let mut names: Vec<String> = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        if let Some(Ok(name)) = archive.name_for_index(i) {
            names.push(name.into_owned());
        }
    }
    if !names.iter().any(|n| n == "word/document.xml") {
        return Err(RenderError::NotWord);
    }
    let mut prepared = Vec::new();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| part_order(n));
    for name in &sorted {
        let Some((label, kind)) = part_label(name) else {
            continue;
        };
        let bytes = package::read_entry(&mut archive, name, &opts.limits)?;
        if let Some(p) = prepare(name, &label, kind, &bytes, opts)? {
            prepared.push(p);
        }
    }
    Ok((archive, prepared))
}

/// Reports follow the order a reader meets the parts: body, headers, footers, notes,
/// properties.
fn part_order(entry: &str) -> (u8, String) {
    let rank = match entry {
        "word/document.xml" => 0,
        e if e.starts_with("word/header") => 1,
        e if e.starts_with("word/footer") => 2,
        "word/footnotes.xml" => 3,
        "word/endnotes.xml" => 4,
        _ => 5,
    };
    // header10 after header2
    let digits: String = entry.chars().filter(|c| c.is_ascii_digit()).collect();
    (rank, format!("{:>8}{entry}", digits))
}

/// The problems found before Tera runs, in reading order.
fn part_problems(p: &Prepared, extensions: &Extensions) -> Vec<Problem> {
    let mut all: Vec<Problem> = p.problems.clone();
    all.extend(report::syntax_problems(p, extensions));
    all.sort_by_key(|pr| {
        pr.location
            .as_ref()
            .map_or((0, 0), |l| (l.paragraph, l.span.start))
    });
    all
}

/// Refuses data that is not a JSON object, naming what it is; builds nothing.
fn check_object(data: &serde_json::Value) -> Result<(), RenderError> {
    let found = match data {
        serde_json::Value::Object(_) => None,
        serde_json::Value::Array(_) => Some("an array"),
        serde_json::Value::String(_) => Some("a string"),
        serde_json::Value::Number(_) => Some("a number"),
        serde_json::Value::Bool(_) => Some("a boolean"),
        serde_json::Value::Null => Some("null"),
    };
    match found {
        Some(found) => Err(RenderError::DataNotObject { found }),
        None => Ok(()),
    }
}

/// The template's context from `data`, a JSON object ([`check_object`]).
fn data_object(data: &serde_json::Value) -> Result<tera::Context, RenderError> {
    check_object(data)?;
    tera::Context::from_serialize(data).map_err(|e| {
        RenderError::Template(vec![Problem::general(format!(
            "the data cannot be used by the template: {e}"
        ))])
    })
}

/// Fills a .docx template with `data` (a JSON object).
pub fn render(
    template: &[u8],
    data: &serde_json::Value,
    opts: &RenderOptions,
) -> Result<Rendered, RenderError> {
    // The data's shape is checked first: it is the cheaper mistake to report.
    // Only checked: the context is built once, by the render (building it here
    // too cost 13% at 100,000 rows).
    check_object(data)?;
    Template::parse(template, opts)?.render(data)
}

const CONTENT_TYPES: &str = "[Content_Types].xml";
const DOTX_MAIN: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml";
const DOCX_MAIN: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";

/// The first id of the drawings rich text adds (the template's own are small).
const PICTURE_IDS: u32 = 0x5600_0000;

/// How many missing variables one render reports before giving up.
/// From this size on, a rendered part is checked while the package is written
/// ([`Template::write_checking`]): below it, a second thread costs more than it
/// saves.
const CHECKED_BESIDE: usize = 1 << 20;

const MAX_REPORTED_MISSING: usize = 50;

/// A template read and compiled once, to render many times (a mail merge).
pub struct Template {
    bytes: Vec<u8>,
    opts: RenderOptions,
    prepared: Vec<Prepared>,
    teras: Vec<tera::Tera>,
    sinks: Vec<engine::LenientSink>,
    loops: engine::LoopBudget,
    /// Where a rich-text value that cannot be read leaves its fault.
    rich: rich::RichSink,
    /// The pictures rich text put in each part (as `prepared`).
    images: Vec<rich::ImageSink>,
    numbering_xml: Option<Vec<u8>>,
    /// The template's lists and list styles, before any restart.
    numbering: post::Numbering,
    /// From this size on, a rendered part is checked while it is written
    /// ([`CHECKED_BESIDE`]; the tests move it).
    checked_beside: usize,
}

impl std::fmt::Debug for Template {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Template")
            .field("bytes", &self.bytes.len())
            .field("parts", &self.prepared.len())
            .finish()
    }
}

impl Template {
    /// Reads a .docx template, finds its tags and compiles them; every problem of
    /// the template is reported at once.
    pub fn parse(template: &[u8], opts: &RenderOptions) -> Result<Template, RenderError> {
        let (mut archive, prepared) = prepare_all(template, opts)?;
        let mut problems: Vec<Problem> = Vec::new();
        for p in &prepared {
            problems.extend(part_problems(p, &opts.extensions));
        }
        if !problems.is_empty() {
            return Err(RenderError::Template(problems));
        }
        let mut teras = Vec::with_capacity(prepared.len());
        let mut sinks: Vec<engine::LenientSink> = Vec::with_capacity(prepared.len());
        let loops = engine::LoopBudget::new(opts.limits.max_loop_iterations);
        let rich = rich::RichSink::default();
        // Each part's pictures, with drawing ids of its own range.
        let images: Vec<rich::ImageSink> = (0..prepared.len())
            .map(|k| {
                Arc::new(Mutex::new(rich::Pictures {
                    first_id: PICTURE_IDS + (k as u32) * 0x10_0000,
                    limits: opts.limits,
                    ..rich::Pictures::default()
                }))
            })
            .collect();
        for (index, p) in prepared.iter().enumerate() {
            let sink: engine::LenientSink = Arc::new(Mutex::new(BTreeSet::new()));
            let lenient = (!opts.strict).then(|| sink.clone());
            sinks.push(sink);
            let mut tera = engine::new_tera(
                p.target(),
                &opts.extensions,
                lenient,
                Some(loops.clone()),
                Some((rich.clone(), images[index].clone())),
            );
            if let Err(e) = tera.add_raw_template(&p.entry, &p.source) {
                problems.push(report::tera_problem(&e, p));
            }
            teras.push(tera);
        }
        if !problems.is_empty() {
            return Err(RenderError::Template(problems));
        }
        let numbering_xml =
            package::read_entry(&mut archive, "word/numbering.xml", &opts.limits).ok();
        let styles_xml = package::read_entry(&mut archive, "word/styles.xml", &opts.limits).ok();
        let numbering = post::Numbering::from_part(numbering_xml.as_deref())
            .with_styles(styles_xml.as_deref(), opts.limits.max_xml_depth);
        Ok(Template {
            bytes: template.to_vec(),
            opts: opts.clone(),
            prepared,
            teras,
            sinks,
            loops,
            rich,
            images,
            numbering_xml,
            numbering,
            checked_beside: CHECKED_BESIDE,
        })
    }

    /// Renders the template with `data` (a JSON object).
    pub fn render(&self, data: &serde_json::Value) -> Result<Rendered, RenderError> {
        let opts = &self.opts;
        let mut context = data_object(data)?;
        let mut warnings: Vec<TemplateWarning> =
            self.prepared.iter().flat_map(|p| p.notes.clone()).collect();
        let mut problems: Vec<Problem> = Vec::new();
        for sink in &self.sinks {
            if let Ok(mut seen) = sink.lock() {
                seen.clear();
            }
        }
        for images in &self.images {
            if let Ok(mut pictures) = images.lock() {
                pictures.list.clear();
                pictures.subdocs.clear();
                pictures.drawn = 0;
            }
        }
        self.loops
            .used
            .store(0, std::sync::atomic::Ordering::Relaxed);
        // Top-level variables the data lacks, reported once each in lenient mode.
        let mut absent: BTreeSet<String> = BTreeSet::new();
        if !opts.strict {
            // A top-level variable the data lacks renders empty: `{% if x %}` is
            // false and `{% for a in x %}` runs no time. The tags lenient mode
            // rewrites cope with it being undefined, which keeps `default` and
            // `is defined` working; an empty stand-in goes into the data only for
            // the others (`{{ x ~ "a" }}`).
            for (p, tera) in self.prepared.iter().zip(&self.teras) {
                let Ok(vars) = tera.get_template_variables(&p.entry) else {
                    continue;
                };
                let mut vars: Vec<&str> = vars.into_iter().collect();
                vars.sort_unstable();
                for var in vars {
                    if context.contains_key(var) || absent.contains(var) {
                        continue;
                    }
                    let used = report::uses_of(var, p);
                    if used.iter().any(|t| !report::lenient_copes(t)) {
                        context.insert(var.to_string(), "");
                    }
                    absent.insert(var.to_string());
                    if used.iter().all(|t| report::handles_missing(&t.source)) {
                        continue;
                    }
                    warnings.push(TemplateWarning {
                        message: format!("`{var}` is not in the data; rendered empty"),
                        location: used.first().map(|t| t.location.clone()),
                        missing: Some(var.to_string()),
                    });
                }
            }
        }

        let mut outputs: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        let mut numbering = self.numbering.clone();
        // Large parts `post::finish` would leave as they are once checked: they
        // are checked while the package is written (indexes into `prepared`).
        let mut unchecked: Vec<usize> = Vec::new();
        for (i, (p, tera)) in self.prepared.iter().zip(&self.teras).enumerate() {
            let mut out = LimitedWriter {
                buf: Vec::with_capacity(p.source.len() * 2),
                limit: opts.limits.max_output_bytes,
                over: false,
            };
            // Tera stops at the first undefined variable; to name them all, each is
            // given a stand-in and the part rendered again (only on this error path).
            let mut failed = false;
            for _ in 0..MAX_REPORTED_MISSING {
                out.buf.clear();
                self.loops
                    .used
                    .store(0, std::sync::atomic::Ordering::Relaxed);
                let Err(e) = guarded(|| tera.render_to(&p.entry, &context, &mut out)) else {
                    break;
                };
                failed = true;
                if matches!(e.kind(), tera::ErrorKind::Io(_)) && out.over {
                    return Err(RenderError::TooLarge {
                        part: p.label.clone(),
                        limit: opts.limits.max_output_bytes,
                    });
                }
                let mut problem = report::tera_problem(&e, p);
                let fault = self.rich.lock().ok().and_then(|mut f| f.take());
                if let Some(fault) = fault
                    .as_ref()
                    .filter(|f| f.expected == RichExpected::CellColour)
                {
                    problem.message = format!(
                        "cannot fill {}: `{}` is not a colour: write six hexadecimal digits (C00000) or auto",
                        tag_text(&problem),
                        fault.at
                    );
                    problem.causes.clear();
                    problem.kind = ProblemKind::CellColour {
                        value: fault.at.clone(),
                    };
                } else if let Some(fault) = fault {
                    problem.message = match problem.location.as_ref() {
                        Some(_) => format!("cannot fill {}: {fault}", tag_text(&problem)),
                        None => fault.to_string(),
                    };
                    problem.causes.clear();
                    problem.kind = ProblemKind::RichText {
                        at: fault.at,
                        expected: fault.expected,
                    };
                }
                if self.loops.exhausted() {
                    problem.limit = Some(Limit::LoopIterations);
                }
                problems.push(problem);
                match report::undefined_variable(&e) {
                    Some(var) if !context.contains_key(&var) => context.insert(var, ""),
                    _ => break,
                }
            }
            if failed {
                continue;
            }
            let rendered =
                String::from_utf8(out.buf).map_err(|e| RenderError::Zip(e.to_string()))?;
            if rendered.len() >= self.checked_beside
                && self.draws_nothing(i)
                && post::only_checked(&rendered, p.tables())
            {
                unchecked.push(i);
                outputs.insert(p.entry.clone(), rendered.into_bytes());
                continue;
            }
            let fixed = post::finish(&p.entry, rendered, p.tables(), &mut numbering, &opts.limits)
                .map_err(|e| rendered_failure(p, e, &opts.limits))?;
            outputs.insert(p.entry.clone(), fixed.into_bytes());
        }
        if !problems.is_empty() {
            return Err(RenderError::Template(problems));
        }
        for (p, sink) in self.prepared.iter().zip(&self.sinks) {
            let Ok(seen) = sink.lock() else { continue };
            for id in seen.iter() {
                let Some(tag) = p.tags.get(*id) else { continue };
                let subject = report::lenient_subject(tag);
                let root = subject.split(['.', '[', '?']).next().unwrap_or_default();
                if absent.contains(root) {
                    // Already reported as not in the data.
                    continue;
                }
                warnings.push(TemplateWarning {
                    message: format!("`{}` has no value in the data; rendered empty", tag.text),
                    location: Some(tag.location.clone()),
                    missing: Some(report::lenient_subject(tag)),
                });
            }
        }
        if numbering.is_used() {
            let Some(bytes) = &self.numbering_xml else {
                return Err(RenderError::Template(vec![Problem::general(
                    "`restart_numbering()` is used but the template has no numbered list (word/numbering.xml is missing)",
                )]));
            };
            let updated = numbering
                .apply(bytes, opts.limits.max_xml_depth)
                .map_err(|reason| RenderError::Xml {
                    part: "numbering".into(),
                    entry: "word/numbering.xml".into(),
                    reason,
                    limit: None,
                })?;
            outputs.insert("word/numbering.xml".into(), updated);
        }
        let mut archive = package::open(&self.bytes, &opts.limits)?;
        let added = self.insert_subdocs(&mut archive, &mut outputs)?;
        let mut extensions: BTreeSet<&'static str> = BTreeSet::new();
        for (p, images) in self.prepared.iter().zip(&self.images) {
            let Ok(pictures) = images.lock() else {
                continue;
            };
            if pictures.list.is_empty() {
                continue;
            }
            add_pictures(&mut archive, &p.entry, &pictures.list, &mut outputs, opts)?;
            extensions.extend(pictures.list.iter().map(|p| p.extension));
        }
        if let Ok(types) = package::read_entry(&mut archive, CONTENT_TYPES, &opts.limits)
            && let Ok(text) = std::str::from_utf8(&types)
        {
            // A Word template (.dotx) fills into a document: Word refuses a .docx
            // whose main part still says "template".
            let text = declare_extensions(&text.replace(DOTX_MAIN, DOCX_MAIN), extensions);
            let text = declare_parts(&text, &added);
            if text.as_bytes() != types.as_slice() {
                outputs.insert(CONTENT_TYPES.to_string(), text.into_bytes());
            }
        }
        let bytes = self.write_checking(&mut archive, &mut outputs, &unchecked, context)?;
        if bytes.len() as u64 > opts.limits.max_output_bytes {
            return Err(RenderError::TooLarge {
                part: "document".into(),
                limit: opts.limits.max_output_bytes,
            });
        }
        Ok(Rendered { bytes, warnings })
    }
}

impl Template {
    /// True when the part numbered `i` drew no picture and asked for no
    /// sub-document: nothing changes its text after the render.
    fn draws_nothing(&self, i: usize) -> bool {
        self.images
            .get(i)
            .and_then(|images| images.lock().ok())
            .is_some_and(|pictures| pictures.list.is_empty() && pictures.subdocs.is_empty())
    }

    /// Writes the package. The parts in `unchecked` (indexes into `prepared`) are
    /// checked as they are written: the check runs beside the compression (where
    /// [`RenderOptions::beside`] has a thread), and the data is dropped there too.
    /// A part found broken fails the render with the words of the check after
    /// rendering; one whose tables need repair is repaired and the package
    /// written again.
    fn write_checking(
        &self,
        archive: &mut package::Archive<'_>,
        outputs: &mut BTreeMap<String, Vec<u8>>,
        unchecked: &[usize],
        context: tera::Context,
    ) -> Result<Vec<u8>, RenderError> {
        let opts = &self.opts;
        if unchecked.is_empty() {
            drop(context);
            return write_package(archive, outputs, &opts.limits);
        }
        let depth = opts.limits.max_xml_depth;
        let jobs: Vec<(&str, bool)> = unchecked
            .iter()
            .map(|&i| {
                let p = &self.prepared[i];
                (p.entry.as_str(), p.tables().content_removed)
            })
            .collect();
        // Per part: the check's verdict, or `None` when it is not text (the
        // render's own path then says so).
        let mut checks: Vec<Option<Result<bool, xml::XmlError>>> = Vec::new();
        let mut written = None;
        {
            let parts = &*outputs;
            let mut context = Some(context);
            let mut side = || {
                drop(context.take());
                checks = jobs
                    .iter()
                    .map(|(entry, tables)| {
                        let bytes = parts.get(*entry).map_or(&[][..], Vec::as_slice);
                        let text = std::str::from_utf8(bytes).ok()?;
                        Some(xml::check_part_tables(text, depth, *tables))
                    })
                    .collect();
            };
            let mut main = || written = Some(write_package(archive, parts, &opts.limits));
            opts.beside.run(&mut side, &mut main);
        }
        // A part without a verdict (not text, or a `Beside` that did not run its
        // side task) takes the render's own path, which checks it.
        let mut again: Vec<usize> = Vec::new();
        let mut checks = checks.into_iter();
        for &i in unchecked {
            match checks.next().flatten() {
                Some(Ok(false)) => {}
                Some(Err(e)) => return Err(rendered_failure(&self.prepared[i], e, &opts.limits)),
                Some(Ok(true)) | None => again.push(i),
            }
        }
        if again.is_empty() {
            return written.unwrap_or_else(|| {
                Err(RenderError::Zip(
                    "the document was not written: `Beside` did not run its main task".into(),
                ))
            });
        }
        for i in again {
            let p = &self.prepared[i];
            let bytes = outputs.remove(&p.entry).unwrap_or_default();
            let rendered = String::from_utf8(bytes).map_err(|e| RenderError::Zip(e.to_string()))?;
            // No mark in the part: the numbering is not touched.
            let mut numbering = self.numbering.clone();
            let fixed = post::finish(&p.entry, rendered, p.tables(), &mut numbering, &opts.limits)
                .map_err(|e| rendered_failure(p, e, &opts.limits))?;
            outputs.insert(p.entry.clone(), fixed.into_bytes());
        }
        write_package(archive, outputs, &opts.limits)
    }

    /// Puts the sub-documents `{{p }}` tags asked for in place of their
    /// placeholders, with their styles, lists and pictures carried into the
    /// package (`outputs`).
    fn insert_subdocs(
        &self,
        archive: &mut package::Archive<'_>,
        outputs: &mut BTreeMap<String, Vec<u8>>,
    ) -> Result<subdoc::Added, RenderError> {
        const STYLES: &str = "word/styles.xml";
        const NUMBERING: &str = "word/numbering.xml";
        let limits = &self.opts.limits;
        let mut added = subdoc::Added::default();
        let parts: Vec<(&Prepared, Vec<subdoc::SubDoc>)> = self
            .prepared
            .iter()
            .zip(&self.images)
            .filter_map(|(p, images)| {
                let subs: Vec<subdoc::SubDoc> = images
                    .lock()
                    .ok()?
                    .subdocs
                    .iter()
                    .map(|(_, s)| s.clone())
                    .collect();
                (!subs.is_empty()).then_some((p, subs))
            })
            .collect();
        if parts.is_empty() {
            return Ok(added);
        }
        let mut current = |name: &str, outputs: &BTreeMap<String, Vec<u8>>| {
            outputs
                .get(name)
                .cloned()
                .or_else(|| package::read_entry(archive, name, limits).ok())
        };
        let styles = current(STYLES, outputs);
        let numbering = current(NUMBERING, outputs);
        let mut host = subdoc::Host::new(styles.as_deref(), numbering.as_deref(), limits);
        for (p, subs) in parts {
            let Some(text) = outputs
                .get(&p.entry)
                .map(|b| String::from_utf8_lossy(b).into_owned())
            else {
                continue;
            };
            if !subdoc::has_placeholder(&text) {
                continue;
            }
            let subdoc::Inserted {
                part,
                pictures,
                hyperlinks,
            } = subdoc::insert(&p.entry, &text, &subs, &mut host, &mut added, limits)?;
            outputs.insert(p.entry.clone(), part.into_bytes());
            let folder = p.entry.rsplit_once('/').map_or("", |(f, _)| f);
            let mut links: Vec<Link> = Vec::new();
            for (id, media, bytes) in pictures {
                let path = if folder.is_empty() {
                    media.clone()
                } else {
                    format!("{folder}/{media}")
                };
                outputs.insert(path, bytes);
                links.push(Link {
                    id,
                    kind: IMAGE_REL,
                    target: media,
                    external: false,
                });
            }
            for (id, target) in hyperlinks {
                links.push(Link {
                    id,
                    kind: HYPERLINK_REL,
                    target,
                    external: true,
                });
            }
            add_links(archive, &p.entry, &links, outputs, limits)?;
        }
        if let Some(bytes) = host.styles() {
            outputs.insert(STYLES.into(), bytes);
        }
        if let Some(bytes) = host.numbering() {
            outputs.insert(NUMBERING.into(), bytes);
        }
        host.declare(&mut added);
        if !added.body_links.is_empty() {
            let links: Vec<Link> = added
                .body_links
                .iter()
                .map(|(id, kind, target)| Link {
                    id: id.clone(),
                    kind,
                    target: target.clone(),
                    external: false,
                })
                .collect();
            add_links(archive, "word/document.xml", &links, outputs, limits)?;
        }
        Ok(added)
    }
}

/// `[Content_Types].xml` declaring the sub-documents' picture formats and the
/// parts they made.
fn declare_parts(text: &str, added: &subdoc::Added) -> String {
    let mut text = text.to_string();
    let lower = text.to_ascii_lowercase();
    let mut more = String::new();
    for ext in &added.extensions {
        if let Some(kind) = subdoc::picture_type(ext)
            && !lower.contains(&format!("extension=\"{ext}\""))
        {
            more.push_str(&format!(
                "<Default Extension=\"{ext}\" ContentType=\"{kind}\"/>"
            ));
        }
    }
    for (part, kind) in &added.parts {
        if !text.contains(&format!("PartName=\"{part}\"")) {
            more.push_str(&format!(
                "<Override PartName=\"{part}\" ContentType=\"{kind}\"/>"
            ));
        }
    }
    if let Some(at) = text.rfind("</Types>") {
        text.insert_str(at, &more);
    }
    text
}

/// The tag a problem is at, in backticks.
fn tag_text(problem: &Problem) -> String {
    problem
        .location
        .as_ref()
        .and_then(|l| l.text.get(l.span.clone()))
        .map(|t| format!("`{t}`"))
        .unwrap_or_default()
}

/// Adds a part's pictures to the package: each as `word/media/…`, with its
/// relationship in the part's `.rels` (made when the part has none).
fn add_pictures(
    archive: &mut package::Archive<'_>,
    entry: &str,
    pictures: &[rich::Picture],
    outputs: &mut BTreeMap<String, Vec<u8>>,
    opts: &RenderOptions,
) -> Result<(), RenderError> {
    let (folder, file) = entry.rsplit_once('/').unwrap_or(("", entry));
    let stem = file.trim_end_matches(".xml");
    let mut links = Vec::new();
    for (i, picture) in pictures.iter().enumerate() {
        let n = i + 1;
        let media = format!("media/vanban-{stem}-{n}.{}", picture.extension);
        links.push((rich::picture_id(n), media.clone()));
        let path = if folder.is_empty() {
            media
        } else {
            format!("{folder}/{media}")
        };
        outputs.insert(path, picture.bytes.clone());
    }
    add_relationships(archive, entry, &links, outputs, &opts.limits)
}

/// The relationships file of a part: `word/_rels/document.xml.rels`.
fn rels_entry(entry: &str) -> String {
    let (folder, file) = entry.rsplit_once('/').unwrap_or(("", entry));
    format!("{folder}/_rels/{file}.rels")
}

const IMAGE_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image";
const HYPERLINK_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";

/// A relationship to add to a part.
struct Link {
    id: String,
    kind: &'static str,
    target: String,
    external: bool,
}

/// Adds picture relationships (id, target) to a part's `.rels` (made when the part
/// has none), into `outputs`.
fn add_relationships(
    archive: &mut package::Archive<'_>,
    entry: &str,
    links: &[(String, String)],
    outputs: &mut BTreeMap<String, Vec<u8>>,
    limits: &Limits,
) -> Result<(), RenderError> {
    let links: Vec<Link> = links
        .iter()
        .map(|(id, target)| Link {
            id: id.clone(),
            kind: IMAGE_REL,
            target: target.clone(),
            external: false,
        })
        .collect();
    add_links(archive, entry, &links, outputs, limits)
}

/// Adds relationships to a part's `.rels` (made when the part has none), into
/// `outputs`.
fn add_links(
    archive: &mut package::Archive<'_>,
    entry: &str,
    links: &[Link],
    outputs: &mut BTreeMap<String, Vec<u8>>,
    limits: &Limits,
) -> Result<(), RenderError> {
    let rels_entry = rels_entry(entry);
    let rels = match outputs.get(&rels_entry) {
        Some(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        None => match package::read_entry(archive, &rels_entry, limits) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(_) => concat!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>"
            )
            .to_string(),
        },
    };
    let mut nodes = xml::parse(&rels, limits.max_xml_depth)
        .map_err(|e| xml_failure(rels_entry.clone(), &rels_entry, e, limits, ""))?;
    let Some(root) = xml::root_mut(&mut nodes) else {
        return Err(RenderError::Xml {
            part: rels_entry.clone(),
            entry: rels_entry,
            reason: "no `Relationships` element".into(),
            limit: None,
        });
    };
    for link in links {
        let mut target_attr = String::new();
        xml::escape_attr(&link.target, &mut target_attr);
        let mode = if link.external {
            " TargetMode=\"External\""
        } else {
            ""
        };
        root.push(xml::Element::new(&format!(
            "Relationship Id=\"{}\" Type=\"{}\" Target=\"{target_attr}\"{mode}",
            link.id, link.kind
        )));
    }
    outputs.insert(rels_entry, xml::to_string(&nodes).into_bytes());
    Ok(())
}

/// `[Content_Types].xml` with a `Default` for each picture extension it lacks.
fn declare_extensions<'e>(text: &str, extensions: impl IntoIterator<Item = &'e str>) -> String {
    let mut text = text.to_string();
    for ext in extensions {
        let declared = text
            .to_ascii_lowercase()
            .contains(&format!("extension=\"{ext}\""));
        if let (false, Some(at)) = (declared, text.rfind("</Types>")) {
            text.insert_str(
                at,
                &format!("<Default Extension=\"{ext}\" ContentType=\"image/{ext}\"/>"),
            );
        }
    }
    text
}

/// Runs a Tera call so that a panic inside Tera (a bug there, met by some odd
/// template) becomes an error naming the fault instead of a crash.
/// The error of a rendered part that is not well-formed (or too deep).
fn rendered_failure(p: &Prepared, e: xml::XmlError, limits: &Limits) -> RenderError {
    xml_failure(
        format!("rendered {}", p.label),
        &p.entry,
        e,
        limits,
        " (a value printed with the `safe` filter must be well-formed WordprocessingML)",
    )
}

fn guarded<T>(f: impl FnOnce() -> tera::TeraResult<T>) -> tera::TeraResult<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(tera::Error::message(
            "the template engine (Tera) failed on this template; please report it with the template",
        ))
    })
}

/// Collects the output and refuses to grow past the limit.
struct LimitedWriter {
    buf: Vec<u8>,
    limit: u64,
    over: bool,
}

impl Write for LimitedWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if (self.buf.len() + data.len()) as u64 > self.limit {
            self.over = true;
            return Err(std::io::Error::other("output size limit"));
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes the package: entries in the template's order, rewritten ones deflated
/// with a fixed timestamp, the others copied raw once their checksum is verified
/// (a damaged part copied as it is would make Word refuse the whole document).
fn write_package(
    archive: &mut package::Archive<'_>,
    outputs: &BTreeMap<String, Vec<u8>>,
    limits: &Limits,
) -> Result<Vec<u8>, RenderError> {
    let zerr = |e: zip::result::ZipError| RenderError::Zip(e.to_string());
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let mut written: BTreeSet<String> = BTreeSet::new();
    for i in 0..archive.len() {
        let name = archive
            .by_index_raw(i)
            .map_err(zerr)?
            .name()
            .map_err(zerr)?
            .to_string();
        if !outputs.contains_key(&name) && !name.ends_with('/') {
            if name.ends_with(".xml") || name.ends_with(".rels") {
                // An XML part copied unchanged is held to the depth limit too: a
                // reader of the output parses it as the engine parses its own.
                let bytes = package::read_entry(archive, &name, limits)?;
                let text = String::from_utf8_lossy(&bytes);
                if let Err(e) = xml::parse(&text, limits.max_xml_depth)
                    && e.limit.is_some()
                {
                    return Err(xml_failure(name.clone(), &name, e, limits, ""));
                }
            } else {
                package::verify_entry(archive, &name, limits)?;
            }
        }
        written.insert(name.clone());
        let file = archive.by_index_raw(i).map_err(zerr)?;
        if let Some(bytes) = outputs.get(&name) {
            drop(file);
            w.start_file(name, options).map_err(zerr)?;
            w.write_all(bytes)
                .map_err(|e| RenderError::Zip(e.to_string()))?;
        } else {
            w.raw_copy_file(file).map_err(zerr)?;
        }
    }
    // Parts the template did not have (pictures, their relationships), after its
    // own.
    for (name, bytes) in outputs {
        if written.contains(name) {
            continue;
        }
        w.start_file(name, options).map_err(zerr)?;
        w.write_all(bytes)
            .map_err(|e| RenderError::Zip(e.to_string()))?;
    }
    Ok(w.finish().map_err(zerr)?.into_inner())
}

/// Renders a plain text (a file-name pattern, an outline body) with the same Tera
/// set-up and filters. No escaping: the caller decides what the text becomes.
pub fn render_text(
    name: &str,
    text: &str,
    data: &serde_json::Value,
    opts: &RenderOptions,
) -> Result<String, RenderError> {
    let mut context = data_object(data)?;
    let mut tera = engine::new_tera(Target::Plain, &opts.extensions, None, None, None);
    if let Err(e) = tera.add_raw_template(name, text) {
        return Err(RenderError::Template(vec![report::text_problem(
            &e, name, text,
        )]));
    }
    if !opts.strict
        && let Ok(vars) = tera.get_template_variables(name)
    {
        let missing: Vec<String> = vars
            .into_iter()
            .filter(|v| !context.contains_key(v))
            .map(str::to_string)
            .collect();
        for v in missing {
            context.insert(v, "");
        }
    }
    guarded(|| tera.render(name, &context))
        .map_err(|e| RenderError::Template(vec![report::text_problem(&e, name, text)]))
}

/// Lists the tags of a template with their locations, every syntax error and, with
/// data, the variables the template uses that the data does not have.
pub fn check(
    template: &[u8],
    data: Option<&serde_json::Value>,
    opts: &RenderOptions,
) -> CheckReport {
    let mut report = CheckReport::default();
    let prepared = match prepare_all(template, opts) {
        Ok((_, p)) => p,
        Err(e) => {
            report.problems.push(Problem {
                limit: e.limit(),
                ..Problem::general(e.to_string())
            });
            return report;
        }
    };
    let data_keys: Option<BTreeSet<String>> = match data {
        None => None,
        Some(serde_json::Value::Object(m)) => Some(m.keys().cloned().collect()),
        Some(other) => {
            let found = match data_object(other) {
                Err(e) => e.to_string(),
                Ok(_) => "the data is not an object".to_string(),
            };
            report.problems.push(Problem::general(found));
            None
        }
    };
    let mut missing: BTreeMap<String, Vec<Location>> = BTreeMap::new();
    for p in &prepared {
        for t in &p.tags {
            report.tags.push(TagInfo {
                kind: t.kind,
                level: t.level,
                text: t.text.clone(),
                location: t.location.clone(),
            });
        }
        report.warnings.extend(p.notes.iter().cloned());
        let syntax = part_problems(p, &opts.extensions);
        let had_syntax = !syntax.is_empty();
        report.problems.extend(syntax);
        if had_syntax {
            continue;
        }
        let mut tera = engine::new_tera(p.target(), &opts.extensions, None, None, None);
        if let Err(e) = tera.add_raw_template(&p.entry, &p.source) {
            report.problems.push(report::tera_problem(&e, p));
            continue;
        }
        if let (Some(keys), Ok(vars)) = (&data_keys, tera.get_template_variables(&p.entry)) {
            for var in vars {
                if !keys.contains(var) {
                    let uses = report::uses_of(var, p);
                    missing
                        .entry(var.to_string())
                        .or_default()
                        .extend(uses.into_iter().map(|t| t.location.clone()));
                }
            }
        }
    }
    // With data, a lenient render finds what the top-level names cannot show: a
    // field missing in some rows (`u.phone`), or a filter the data's values break.
    if let Some(data) = data.filter(|d| d.is_object())
        && report.problems.is_empty()
    {
        let lenient = RenderOptions {
            strict: false,
            ..opts.clone()
        };
        match Template::parse(template, &lenient).and_then(|t| t.render(data)) {
            Ok(rendered) => {
                for w in rendered.warnings {
                    let Some(name) = w.missing else { continue };
                    let root = name.split(['.', '[']).next().unwrap_or(&name);
                    if root != name && missing.contains_key(root) {
                        continue;
                    }
                    let entry = missing.entry(name).or_default();
                    if let Some(loc) = w.location
                        && !entry.contains(&loc)
                    {
                        entry.push(loc);
                    }
                }
            }
            Err(e) => report.problems.push(Problem::general(format!(
                "with this data, rendering fails: {e}"
            ))),
        }
    }
    report.missing = missing
        .into_iter()
        .map(|(name, used_at)| MissingVariable { name, used_at })
        .collect();
    report
}

#[cfg(test)]
mod tests;
