//! Mail merge: one document per row of a spreadsheet or a JSON array, written into
//! an output folder. A row that cannot be used is that row's diagnostic; the
//! others are still written.

use serde_json::{Map, Value};

use super::diagnose;
use crate::diagnostic::{Diagnostic, Location, Outcome};
use crate::docx::{self, RenderError, RenderOptions};
use crate::folder::{self, Folder};
use crate::rows::{self, CellProblem, Row, RowAt, RowProblem};

/// Every code this module gives.
pub const CODES: &[&str] = &[
    "mail_merge.not_object",
    "mail_merge.cell_error",
    "mail_merge.cell_date",
    "mail_merge.name",
    "mail_merge.name_empty",
    "output.is_input",
    "mail_merge.exists",
];

/// What to merge.
pub struct MailMergeOptions<'a> {
    /// How to render (strict or lenient, limits, filters).
    pub render: RenderOptions,
    /// The template's name in messages.
    pub template_name: String,
    /// The template's bytes.
    pub template: &'a [u8],
    /// Fields shared by every row (a row's own fields win).
    pub shared: Map<String, Value>,
    /// The rows.
    pub rows: Vec<Row>,
    /// The rows' file, as named in messages.
    pub rows_name: String,
    /// The file name of each document, a Tera pattern over the row's fields;
    /// `None`: `STEM-01`, `STEM-02`, …
    pub name_pattern: Option<String>,
    /// The stem of the default names (the template's file stem).
    pub stem: String,
    /// Paths (in the output folder's terms) no document may replace: the inputs.
    pub inputs: Vec<String>,
    /// Replace documents already in the output folder (otherwise such a row is
    /// refused, so nothing is lost).
    pub overwrite: bool,
    /// All rows into this one document (a path in the output folder's terms), each
    /// starting on a new page, instead of one document per row.
    pub one_document: Option<String>,
    /// Called after each row: (done, total).
    pub progress: &'a mut dyn FnMut(usize, usize),
}

/// What the mail merge wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailMergeOutput {
    /// The documents written, in row order.
    pub written: Vec<String>,
    /// How many rows were not written (each has its diagnostic).
    pub rejected: usize,
}

/// Writes one document per usable row into `out`.
pub fn mail_merge(out: &dyn Folder, options: MailMergeOptions<'_>) -> Outcome<MailMergeOutput> {
    let template_name = options.template_name.clone();
    // Read and compile the template once; a broken template fails here, once.
    let compiled = match docx::Template::parse(options.template, &options.render) {
        Ok(t) => t,
        Err(e) => return Outcome::failed(diagnose::render_error(&template_name, &e)),
    };
    let total = options.rows.len();
    let width = total.to_string().len().max(2);
    let mut names = rows::UniqueNames::default();
    let mut template_notes = std::collections::BTreeSet::new();
    let mut diagnostics = Vec::new();
    let mut written = Vec::new();
    let mut documents: Vec<Vec<u8>> = Vec::new();
    let mut rejected = 0usize;
    let row_at = |row: &Row| match row.at {
        RowAt::Row(n) => Location::line(options.rows_name.as_str(), n),
        // A JSON path counts from 0; the front end says "mục thứ 4" for `[3]`.
        RowAt::Item(n) => Location::Field {
            file: options.rows_name.clone(),
            path: format!("[{}]", n.saturating_sub(1)),
            line: None,
            column: None,
        },
    };
    let row_number = |row: &Row| match row.at {
        RowAt::Row(n) | RowAt::Item(n) => n,
    };
    for (index, row) in options.rows.iter().enumerate() {
        (options.progress)(index + 1, total);
        let fields = match &row.fields {
            Ok(f) => f,
            Err(problem) => {
                diagnostics.push(row_problem(&options.rows_name, row_at(row), problem));
                rejected += 1;
                continue;
            }
        };
        let mut data = options.shared.clone();
        for (k, v) in fields {
            data.insert(k.clone(), v.clone());
        }
        let data = Value::Object(data);
        if options.one_document.is_some() {
            match compiled.render(&data) {
                Ok(rendered) => {
                    note_warnings(
                        &rendered,
                        &template_name,
                        &mut template_notes,
                        &mut diagnostics,
                        row_number(row),
                    );
                    documents.push(rendered.bytes);
                }
                Err(e) => {
                    if reject_row(&e, &template_name, row_at(row), &mut diagnostics) {
                        return Outcome::failed(diagnostics);
                    }
                    rejected += 1;
                }
            }
            continue;
        }
        let name = match &options.name_pattern {
            Some(pattern) => match docx::render_text("--name", pattern, &data, &options.render) {
                Ok(n) => n,
                Err(e) => {
                    // The pattern's own problems (a field the row lacks), at the row.
                    for mut d in diagnose::render_error("--name", &e) {
                        d.location = row_at(row);
                        d.code = "mail_merge.name".into();
                        diagnostics.push(d);
                    }
                    rejected += 1;
                    continue;
                }
            },
            None => format!("{}-{:0width$}", options.stem, index + 1),
        };
        let Some(safe) = rows::safe_file_name(&name) else {
            diagnostics
                .push(Diagnostic::error("mail_merge.name_empty", row_at(row)).arg("name", name));
            rejected += 1;
            continue;
        };
        let file = names.claim(&safe);
        if options.inputs.iter().any(|i| out.same_file(&file, i)) {
            diagnostics.push(
                Diagnostic::error("output.is_input", Location::file(out.display(&file)))
                    .arg("row", row_number(row)),
            );
            rejected += 1;
            continue;
        }
        if !options.overwrite && out.exists(&file) {
            diagnostics.push(
                Diagnostic::error("mail_merge.exists", Location::file(out.display(&file)))
                    .arg("row", row_number(row)),
            );
            rejected += 1;
            continue;
        }
        match compiled.render(&data) {
            Ok(rendered) => {
                note_warnings(
                    &rendered,
                    &template_name,
                    &mut template_notes,
                    &mut diagnostics,
                    row_number(row),
                );
                if let Err(d) = folder::write(out, &file, &rendered.bytes) {
                    diagnostics.push(d);
                    return Outcome::failed(diagnostics);
                }
                written.push(file);
            }
            Err(e) => {
                if reject_row(&e, &template_name, row_at(row), &mut diagnostics) {
                    return Outcome::failed(diagnostics);
                }
                rejected += 1;
            }
        }
    }
    if let Some(file) = &options.one_document
        && !documents.is_empty()
    {
        if options.inputs.iter().any(|i| out.same_file(file, i)) {
            diagnostics.push(Diagnostic::error(
                "output.is_input",
                Location::file(out.display(file)),
            ));
            return Outcome::failed(diagnostics);
        }
        let joined = match docx::join_documents(&documents, &options.render.limits) {
            Ok(bytes) => bytes,
            Err(e) => {
                diagnostics.extend(diagnose::render_error(&template_name, &e));
                return Outcome::failed(diagnostics);
            }
        };
        if let Err(d) = folder::write(out, file, &joined) {
            diagnostics.push(d);
            return Outcome::failed(diagnostics);
        }
        written.push(file.clone());
    }
    Outcome {
        output: Some(MailMergeOutput { written, rejected }),
        diagnostics,
    }
}

/// Says the engine's warnings of one row: notes about the template itself once,
/// values the row lacked at the row.
fn note_warnings(
    rendered: &docx::Rendered,
    template_name: &str,
    template_notes: &mut std::collections::BTreeSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
    row: usize,
) {
    for w in &rendered.warnings {
        // Notes about the template itself are the same for every row.
        if w.missing.is_none() {
            if template_notes.insert(w.to_string()) {
                diagnostics.push(diagnose::engine_warning(template_name, w));
            }
        } else {
            diagnostics.push(diagnose::engine_warning(template_name, w).arg("row", row));
        }
    }
}

/// Says why a row could not be rendered, at the row; true when the fault is not
/// the row's (the merge stops).
fn reject_row(
    e: &RenderError,
    template_name: &str,
    at: Location,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    if let RenderError::Zip(detail) = e {
        diagnostics.push(
            Diagnostic::internal("template.failed", Location::file(template_name))
                .arg("detail", detail.as_str()),
        );
        return true;
    }
    // The template compiled, so what fails now is this row's data: each problem is
    // said at the row, with the tag it failed at.
    for mut d in diagnose::render_error(template_name, e) {
        d.location = at.clone();
        diagnostics.push(d);
    }
    false
}

/// The diagnostic for a row that cannot be used, at the row or at its cell.
fn row_problem(file: &str, at: Location, problem: &RowProblem) -> Diagnostic {
    match problem {
        RowProblem::NotObject { kind } => {
            Diagnostic::error("mail_merge.not_object", at).arg("kind", *kind)
        }
        RowProblem::Cell {
            cell,
            field,
            problem,
        } => {
            let at = Location::cell(file, None, Some(cell.as_str()));
            match problem {
                CellProblem::Error(e) => Diagnostic::error("mail_merge.cell_error", at)
                    .arg("field", field.as_str())
                    .arg("error", e.as_str()),
                CellProblem::DateOutOfRange(v) => Diagnostic::error("mail_merge.cell_date", at)
                    .arg("field", field.as_str())
                    .arg("value", v.as_str()),
            }
        }
    }
}
