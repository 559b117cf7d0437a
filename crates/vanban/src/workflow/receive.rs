//! The step that takes returned files in ("nhận"): each file a unit sent is copied
//! into the campaign's `returns/` folder under the unit's code (`returns/CD07.xlsx`),
//! so the merge, which always reads the whole folder, describes every return.
//!
//! The unit is told the way the merge tells it ([`merging::unit_of`]). Nothing is
//! ever overwritten: a name taken by other content gets ` (2)`, ` (3)` …; content
//! already in `returns/` is not copied again. A file whose unit cannot be told is
//! refused and not copied. The files given are only read.

use std::collections::BTreeMap;

use super::load_campaign;
use crate::diagnostic::{Diagnostic, Location, Outcome};
use crate::folder::{self, Folder};
use crate::limits::Limits;
use crate::sheets::merge::{self as merging, InputFile, WorkbookReader};

/// A file was not copied because its unit cannot be told; the reasons come before
/// it.
pub const REFUSED: &str = "receive.refused";

/// Every code this step gives besides the merge's own (which say why a unit
/// cannot be told).
pub const CODES: &[&str] = &[REFUSED];

/// Options of [`receive`].
pub struct ReceiveOptions<'a> {
    /// Limits on each file.
    pub limits: Limits,
    /// Parses the workbooks (the command line runs the risky readers in a child
    /// process).
    pub reader: &'a dyn WorkbookReader,
    /// The files to take in, already read, each named as the user gave it.
    pub files: Vec<InputFile>,
    /// The files given that could not be read: the diagnostic naming each.
    pub unread: Vec<Diagnostic>,
}

/// What became of one file given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Receipt {
    /// Copied into `returns/`.
    Copied,
    /// The same content is in `returns/` already: nothing copied.
    AlreadyReceived,
    /// Its unit cannot be told: not copied.
    Refused,
}

/// One file given to [`receive`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// The file, as the user gave it.
    pub file: String,
    /// What became of it.
    pub receipt: Receipt,
    /// The unit that sent it, when told.
    pub unit: Option<String>,
    /// Its path in the campaign folder: where it was copied, or where the same
    /// content already is.
    pub path: Option<String>,
}

/// What [`receive`] did, file by file in the order given (unreadable files not
/// included: their diagnostics say it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiveOutput {
    /// Each file read.
    pub files: Vec<Received>,
}

/// `returns/CD07.xlsx`, then `returns/CD07 (2).xlsx`, `returns/CD07 (3).xlsx` … the
/// first name `taken` does not hold.
fn free_name(code: &str, ext: &str, taken: &dyn Fn(&str) -> bool) -> String {
    let ext = if ext.is_empty() {
        String::new()
    } else {
        format!(".{ext}")
    };
    let mut name = format!("{}/{code}{ext}", folder::RETURNS_DIR);
    let mut n = 2;
    while taken(&name) {
        name = format!("{}/{code} ({n}){ext}", folder::RETURNS_DIR);
        n += 1;
    }
    name
}

/// The extension of a file name as given (`CD07.XLSX` → `XLSX`), kept as it is.
fn extension(name: &str) -> &str {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.rsplit_once('.').map_or("", |(_, ext)| ext)
}

/// Copies each file into the campaign's `returns/` under its unit's code, never
/// over another file, and says what became of each.
pub fn receive(folder: &dyn Folder, options: ReceiveOptions<'_>) -> Outcome<ReceiveOutput> {
    let campaign = match load_campaign(folder) {
        Ok(c) => c,
        Err(d) => return Outcome::failed(d),
    };
    if let Err(d) = super::steps::need_reporting(&campaign) {
        return Outcome::failed(vec![d]);
    }
    let mut diagnostics = options.unread;
    // The content already received, by hash: a file sent twice is taken once.
    let mut held: BTreeMap<String, String> = BTreeMap::new();
    let existing = match folder::returns(folder) {
        Ok(r) => r,
        Err(d) => return Outcome::failed(vec![d]),
    };
    for entry in existing {
        if let Ok(bytes) = folder.read(&entry.path) {
            held.entry(folder::content_hash(&bytes))
                .or_insert(entry.path);
        }
    }
    let mut files = Vec::with_capacity(options.files.len());
    for input in &options.files {
        let (unit, warnings) =
            match merging::unit_of(&campaign, input, options.reader, &options.limits) {
                Ok(told) => told,
                Err(reasons) => {
                    diagnostics.extend(reasons);
                    diagnostics.push(Diagnostic::error(
                        REFUSED,
                        Location::file(input.display_name.as_str()),
                    ));
                    files.push(Received {
                        file: input.display_name.clone(),
                        receipt: Receipt::Refused,
                        unit: None,
                        path: None,
                    });
                    continue;
                }
            };
        diagnostics.extend(warnings);
        let hash = folder::content_hash(&input.bytes);
        if let Some(path) = held.get(&hash) {
            files.push(Received {
                file: input.display_name.clone(),
                receipt: Receipt::AlreadyReceived,
                unit: Some(unit),
                path: Some(path.clone()),
            });
            continue;
        }
        let path = free_name(&unit, extension(&input.display_name), &|p| folder.exists(p));
        if let Err(d) = folder::write(folder, &path, &input.bytes) {
            // A disk that cannot be written to stops the step: the next file
            // would fail the same way.
            diagnostics.push(d);
            return Outcome {
                output: Some(ReceiveOutput { files }),
                diagnostics,
            };
        }
        held.insert(hash, path.clone());
        files.push(Received {
            file: input.display_name.clone(),
            receipt: Receipt::Copied,
            unit: Some(unit),
            path: Some(path),
        });
    }
    Outcome {
        output: Some(ReceiveOutput { files }),
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::folder::MemoryFolder;
    use crate::sheets::forms;
    use crate::sheets::merge::InProcess;

    /// A campaign folder of three units, and the form each unit sends back.
    fn campaign() -> (MemoryFolder, Vec<Vec<u8>>) {
        let folder = MemoryFolder::new();
        for (path, text) in crate::campaign::sample::FILES {
            folder.put(path, text.as_bytes().to_vec(), None);
        }
        let campaign = load_campaign(&folder).unwrap();
        let forms = campaign
            .reporting
            .units
            .iter()
            .take(3)
            .map(|u| forms::build_form(&campaign, u).unwrap())
            .collect();
        (folder, forms)
    }

    fn input(name: &str, bytes: &[u8]) -> InputFile {
        InputFile {
            display_name: name.into(),
            bytes: bytes.to_vec(),
            modified: None,
        }
    }

    fn take(folder: &MemoryFolder, files: Vec<InputFile>) -> Outcome<ReceiveOutput> {
        receive(
            folder,
            ReceiveOptions {
                limits: Limits::default(),
                reader: &InProcess,
                files,
                unread: vec![],
            },
        )
    }

    #[test]
    fn files_go_under_their_units_code_never_over_another_file() {
        let (folder, forms) = campaign();
        let campaign = load_campaign(&folder).unwrap();
        let code = |i: usize| campaign.reporting.units[i].code.clone();
        // A renamed form: its identity sheet tells the unit.
        let first = take(&folder, vec![input("Downloads/bao cao.XLSX", &forms[0])]);
        let out = first.output.unwrap();
        let copied = format!("returns/{}.XLSX", code(0));
        assert_eq!(
            out.files,
            [Received {
                file: "Downloads/bao cao.XLSX".into(),
                receipt: Receipt::Copied,
                unit: Some(code(0)),
                path: Some(copied.clone()),
            }]
        );
        assert_eq!(folder.read(&copied).unwrap(), forms[0]);
        // The same content again (any name): already received, nothing copied.
        let again = take(&folder, vec![input("khac.xlsx", &forms[0])]);
        let again = &again.output.unwrap().files[0];
        assert_eq!(again.receipt, Receipt::AlreadyReceived);
        assert_eq!(again.path.as_deref(), Some(copied.as_str()));
        // Other content for a name already taken: the next free name.
        let second = format!("returns/{}.xlsx", code(1));
        folder.put(&second, b"earlier".to_vec(), None);
        let out = take(
            &folder,
            vec![input("a.xlsx", &forms[1]), input("b.xlsx", &forms[2])],
        )
        .output
        .unwrap();
        assert_eq!(
            out.files[0].path.as_deref(),
            Some(format!("returns/{} (2).xlsx", code(1)).as_str())
        );
        assert_eq!(folder.read(&second).unwrap(), b"earlier");
        assert_eq!(
            out.files[1].path.as_deref(),
            Some(format!("returns/{}.xlsx", code(2)).as_str())
        );
    }

    #[test]
    fn a_file_naming_no_roster_unit_is_refused_and_not_copied() {
        let (folder, _) = campaign();
        let before = folder.files().len();
        let unread = folder::read_error_named("missing.xlsx", crate::folder::FolderError::NotFound);
        let out = receive(
            &folder,
            ReceiveOptions {
                limits: Limits::default(),
                reader: &InProcess,
                files: vec![input("ghi-chu.xlsx", b"not a workbook")],
                unread: vec![unread],
            },
        );
        let codes: Vec<(&str, Option<&str>)> = out
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.location.file_name()))
            .collect();
        assert_eq!(
            codes,
            [
                ("file.not_found", Some("missing.xlsx")),
                ("merge.file.not_a_spreadsheet", Some("ghi-chu.xlsx")),
                (REFUSED, Some("ghi-chu.xlsx")),
            ]
        );
        assert_eq!(out.output.unwrap().files[0].receipt, Receipt::Refused);
        assert_eq!(folder.files().len(), before, "nothing copied");
    }

    #[test]
    fn free_names_count_from_two() {
        let taken = ["returns/CD07.xlsx", "returns/CD07 (2).xlsx"];
        assert_eq!(
            free_name("CD07", "xlsx", &|p| taken.contains(&p)),
            "returns/CD07 (3).xlsx"
        );
        assert_eq!(
            free_name("CD08", "ods", &|p| taken.contains(&p)),
            "returns/CD08.ods"
        );
        assert_eq!(extension("a.b/c"), "");
        assert_eq!(extension("x/CD07.XLS"), "XLS");
    }
}
