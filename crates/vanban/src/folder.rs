//! The campaign folder, as the library sees it: a [`Folder`] it reads and writes
//! through, never the disk itself.
//!
//! The front end gives a folder on disk (`DiskFolder` in the binary: atomic writes,
//! modification times from the file system); the demo and the tests give a
//! [`MemoryFolder`]. Paths are relative to the campaign folder, with `/` between
//! folders (`returns/CD01.xlsx`), whatever the operating system.
//!
//! What is decided once here: how a text file is read (UTF-8, the byte-order mark
//! Notepad adds stripped) and what "a return" is ([`returns`]).

use std::collections::BTreeMap;
use std::sync::Mutex;

use chrono::NaiveDateTime;

use crate::diagnostic::{Diagnostic, Location};

/// The diagnostic codes of this module, for [`crate::diagnostic::all_codes`].
pub const CODES: &[&str] = &[NOT_FOUND, NOT_UTF8, UNREADABLE, UNWRITABLE, OUTPUT_KEPT];

/// A file to read does not exist.
pub const NOT_FOUND: &str = "file.not_found";
/// A text file is not UTF-8 (a legacy Windows code page, a binary file).
pub const NOT_UTF8: &str = "file.not_utf8";
/// A file exists but could not be read; argument `reason`: the system's words.
pub const UNREADABLE: &str = "file.unreadable";
/// A file could not be written; argument `reason`: the system's words.
pub const UNWRITABLE: &str = "file.unwritable";
/// An output changed since vanban wrote it was kept before being replaced;
/// argument `kept`: the name it was kept under.
pub const OUTPUT_KEPT: &str = "output.kept";

/// Why a file could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FolderError {
    /// There is no such file.
    NotFound,
    /// The file exists but could not be read (permission, a lock, a device error).
    Unreadable(String),
    /// The file could not be written (permission, disk full, a file open in Excel
    /// or Word on Windows).
    Unwritable(String),
}

/// A file of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its path in the folder (`returns/khoi-truong/CD01.xlsx`).
    pub path: String,
    /// When it was last modified, if known.
    pub modified: Option<NaiveDateTime>,
}

/// A campaign folder.
pub trait Folder: Sync {
    /// The whole content of a file.
    fn read(&self, path: &str) -> Result<Vec<u8>, FolderError>;

    /// Every file under `dir` (sub-folders included), sorted by path; empty when
    /// `dir` does not exist. Hidden files (`.x`) and Office lock files (`~$x`) are
    /// left out.
    fn list(&self, dir: &str) -> Result<Vec<Entry>, FolderError>;

    /// When a file was last modified, or `None` when it does not exist.
    fn modified(&self, path: &str) -> Option<NaiveDateTime>;

    /// Writes a whole file: a reader sees either the old content or the new, never
    /// half of it. Missing folders are created.
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), FolderError>;

    /// Writes a whole file as [`Folder::write`] does, its content written by
    /// `fill` in pieces: a folder on disk streams it, so a large output is never
    /// held whole. The default collects the pieces and calls [`Folder::write`].
    fn write_from(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), FolderError> {
        let mut bytes = Vec::new();
        fill(&mut bytes).map_err(|e| FolderError::Unwritable(e.to_string()))?;
        self.write(path, &bytes)
    }

    /// The hex SHA-256 of a file's content ([`content_hash`]); a folder on disk
    /// reads it in pieces. The default reads it whole.
    fn hash(&self, path: &str) -> Result<String, FolderError> {
        self.read(path).map(|bytes| content_hash(&bytes))
    }

    /// True when the file exists.
    fn exists(&self, path: &str) -> bool {
        self.modified(path).is_some() || self.read(path).is_ok()
    }

    /// True when two paths name the same file (the disk resolves links and `..`);
    /// used to refuse an output that would replace an input.
    fn same_file(&self, a: &str, b: &str) -> bool {
        a == b
    }

    /// True when `a` names the same file as any of `others`: [`Folder::same_file`]
    /// for each, which a folder may answer resolving `a` once (a merge checks its
    /// outputs against every return).
    fn same_file_as_any(&self, a: &str, others: &[&str]) -> bool {
        others.iter().any(|b| self.same_file(a, b))
    }

    /// How the front end names a path of this folder to the user (the disk folder
    /// prefixes the campaign folder as typed). Used only in words, never as a key.
    fn display(&self, path: &str) -> String {
        path.to_string()
    }
}

/// Reads a text file a clerk may have saved with Notepad: UTF-8, with the
/// byte-order mark stripped. The one way every step reads text.
pub fn read_text(folder: &dyn Folder, path: &str) -> Result<String, Diagnostic> {
    let bytes = read(folder, path)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Diagnostic::error(NOT_UTF8, Location::file(folder.display(path))))?;
    Ok(match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// Reads a file, as a diagnostic naming it when it cannot.
pub fn read(folder: &dyn Folder, path: &str) -> Result<Vec<u8>, Diagnostic> {
    folder.read(path).map_err(|e| read_error(folder, path, e))
}

/// The diagnostic for a file that could not be read.
pub fn read_error(folder: &dyn Folder, path: &str, error: FolderError) -> Diagnostic {
    read_error_named(&folder.display(path), error)
}

/// The diagnostic for a file that could not be read, named `name` (a return is
/// named by its path in the campaign folder, the same on every machine).
pub fn read_error_named(name: &str, error: FolderError) -> Diagnostic {
    let at = Location::file(name);
    match error {
        FolderError::NotFound => Diagnostic::error(NOT_FOUND, at),
        FolderError::Unreadable(why) | FolderError::Unwritable(why) => {
            Diagnostic::error(UNREADABLE, at).arg("reason", why)
        }
    }
}

/// Writes a file, as a diagnostic naming it when it cannot.
pub fn write(folder: &dyn Folder, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    folder
        .write(path, bytes)
        .map_err(|e| unwritable(folder, path, e))
}

/// The diagnostic for a file that could not be written.
fn unwritable(folder: &dyn Folder, path: &str, e: FolderError) -> Diagnostic {
    let why = match e {
        FolderError::NotFound => String::new(),
        FolderError::Unreadable(why) | FolderError::Unwritable(why) => why,
    };
    Diagnostic::error(UNWRITABLE, Location::file(folder.display(path))).arg("reason", why)
}

/// The hidden file, beside the outputs of a folder, that records the hash of each
/// output as vanban wrote it: an output whose content no longer has that hash was
/// changed by someone (a clerk correcting the report in Word) and is kept before
/// it is replaced.
pub const WRITTEN_FILE: &str = ".vanban-written.json";

/// The hex SHA-256 of `bytes`.
pub fn content_hash(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex(&sha2::Sha256::digest(bytes))
}

/// Lower-case hex of a digest.
fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The hex SHA-256 of what `write` writes, without holding it: a whole document
/// is hashed as it is serialized (the tổng hợp's run id).
pub fn content_hash_of(
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<String> {
    let mut h = Hashing::new(std::io::sink());
    write(&mut h)?;
    Ok(h.finish())
}

/// Passes what is written on to `inner` and hashes it on the way.
struct Hashing<W> {
    inner: W,
    hash: sha2::Sha256,
}

impl<W: std::io::Write> Hashing<W> {
    fn new(inner: W) -> Self {
        use sha2::Digest;
        Hashing {
            inner,
            hash: sha2::Sha256::new(),
        }
    }

    /// The hex SHA-256 of everything written.
    fn finish(self) -> String {
        use sha2::Digest;
        hex(&self.hash.finalize())
    }
}

impl<W: std::io::Write> std::io::Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        use sha2::Digest;
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn split_dir(path: &str) -> (&str, &str) {
    match path.rsplit_once('/') {
        Some((dir, name)) => (dir, name),
        None => ("", path),
    }
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// The name under which a hand-edited output is kept: `bao-cao.docx` changed on
/// 1 August 2017 at 09:30 → `bao-cao (sửa tay 2017-08-01 0930).docx`; `-2`, `-3`
/// … when that name is taken.
fn kept_name(folder: &dyn Folder, path: &str, when: Option<NaiveDateTime>) -> String {
    let (dir, name) = split_dir(path);
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) => (s, format!(".{e}")),
        None => (name, String::new()),
    };
    let stamp = when
        .map(|t| t.format(" %Y-%m-%d %H%M").to_string())
        .unwrap_or_default();
    let mut candidate = join(dir, &format!("{stem} (sửa tay{stamp}){ext}"));
    let mut n = 2;
    while folder.exists(&candidate) {
        candidate = join(dir, &format!("{stem} (sửa tay{stamp})-{n}{ext}"));
        n += 1;
    }
    candidate
}

/// Writes an output of a step. When the file there was changed since vanban wrote
/// it (its hash differs from the one recorded in [`WRITTEN_FILE`], or there is no
/// record of it and it differs from the new content), the old file is first kept
/// beside it and a warning (`output.kept`) says under which name: nothing a clerk
/// edited by hand is lost.
pub fn write_output(
    folder: &dyn Folder,
    path: &str,
    bytes: &[u8],
) -> Result<Vec<Diagnostic>, Diagnostic> {
    let (dir, name) = split_dir(path);
    let record_path = join(dir, WRITTEN_FILE);
    let mut record: BTreeMap<String, String> = folder
        .read(&record_path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let mut diagnostics = Vec::new();
    if let Ok(old) = folder.read(path) {
        let old_hash = content_hash(&old);
        let edited = match record.get(name) {
            Some(written) => *written != old_hash,
            None => old != bytes,
        };
        if edited {
            let kept = kept_name(folder, path, folder.modified(path));
            write(folder, &kept, &old)?;
            diagnostics.push(
                Diagnostic::warning(OUTPUT_KEPT, Location::file(folder.display(path)))
                    .arg("kept", folder.display(&kept)),
            );
        }
    }
    write(folder, path, bytes)?;
    record.insert(name.to_string(), content_hash(bytes));
    if let Ok(json) = serde_json::to_vec_pretty(&record) {
        // The record only protects later edits; failing to write it loses nothing.
        let _ = folder.write(&record_path, &json);
    }
    Ok(diagnostics)
}

/// As [`write_output`], the content written by `fill` in pieces and never held
/// whole ([`Folder::write_from`]), and hashed as it is written. `fill` runs a
/// second time, before, only when an old copy exists and no record says what
/// vanban wrote there: its content is then compared with the new one's hash.
/// `fill` must write the same bytes each time.
pub fn write_output_from(
    folder: &dyn Folder,
    path: &str,
    fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<Vec<Diagnostic>, Diagnostic> {
    let (dir, name) = split_dir(path);
    let record_path = join(dir, WRITTEN_FILE);
    let mut record: BTreeMap<String, String> = folder
        .read(&record_path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let mut diagnostics = Vec::new();
    if let Ok(old_hash) = folder.hash(path) {
        // As `write_output`: without a record, an old copy that differs is kept.
        let edited = match record.get(name) {
            Some(written) => *written != old_hash,
            None => {
                let new_hash = content_hash_of(|w| fill(w)).map_err(|e| {
                    unwritable(folder, path, FolderError::Unwritable(e.to_string()))
                })?;
                old_hash != new_hash
            }
        };
        if edited && let Ok(old) = folder.read(path) {
            let kept = kept_name(folder, path, folder.modified(path));
            write(folder, &kept, &old)?;
            diagnostics.push(
                Diagnostic::warning(OUTPUT_KEPT, Location::file(folder.display(path)))
                    .arg("kept", folder.display(&kept)),
            );
        }
    }
    let mut new_hash = None;
    folder
        .write_from(path, &mut |w| {
            let mut hashing = Hashing::new(w);
            fill(&mut hashing)?;
            new_hash = Some(hashing.finish());
            Ok(())
        })
        .map_err(|e| unwritable(folder, path, e))?;
    if let Some(new_hash) = new_hash {
        record.insert(name.to_string(), new_hash);
    }
    if let Ok(json) = serde_json::to_vec_pretty(&record) {
        // The record only protects later edits; failing to write it loses nothing.
        let _ = folder.write(&record_path, &json);
    }
    Ok(diagnostics)
}

/// The folder returned files go into.
pub const RETURNS_DIR: &str = "returns";

/// The extensions of the returns the merge reads: spreadsheets, and `json` for a
/// federation's `tong-hop.json` in a roll-up.
pub const RETURN_EXTENSIONS: [&str; 6] = ["xlsx", "xlsm", "xlsb", "xls", "ods", "json"];

/// True when `path` names a return the merge reads (by extension, any case).
pub fn is_return(path: &str) -> bool {
    path.rsplit_once('.').is_some_and(|(_, ext)| {
        RETURN_EXTENSIONS
            .iter()
            .any(|e| e.eq_ignore_ascii_case(ext))
    })
}

/// The campaign's returns: every spreadsheet (or `tong-hop.json`) under `returns/`, sub-folders
/// included, sorted by path. The one definition the merge and the report's
/// freshness check share.
pub fn returns(folder: &dyn Folder) -> Result<Vec<Entry>, Diagnostic> {
    let all = folder
        .list(RETURNS_DIR)
        .map_err(|e| read_error(folder, RETURNS_DIR, e))?;
    Ok(all.into_iter().filter(|e| is_return(&e.path)).collect())
}

/// The name a file given by a user is shown under (an upload through the web
/// desk): its last path component, without control characters, at most 120
/// characters; `tệp không tên` when nothing is left. Only shown, never used as a
/// path: a received file is stored under its unit's code.
pub fn shown_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let clean: String = base.chars().filter(|c| !c.is_control()).take(120).collect();
    if clean.trim().is_empty() || clean == "." || clean == ".." {
        "tệp không tên".to_string()
    } else {
        clean
    }
}

/// A folder held in memory: for the demo and the tests.
#[derive(Debug, Default)]
pub struct MemoryFolder {
    files: Mutex<BTreeMap<String, Stored>>,
}

/// A file's content and modification time.
type Stored = (Vec<u8>, Option<NaiveDateTime>);

impl MemoryFolder {
    /// An empty folder.
    pub fn new() -> MemoryFolder {
        MemoryFolder::default()
    }

    /// Puts a file with a modification time.
    pub fn put(&self, path: &str, bytes: impl Into<Vec<u8>>, modified: Option<NaiveDateTime>) {
        if let Ok(mut files) = self.files.lock() {
            files.insert(path.to_string(), (bytes.into(), modified));
        }
    }

    /// Every file, by path.
    pub fn files(&self) -> Vec<(String, Vec<u8>, Option<NaiveDateTime>)> {
        self.files
            .lock()
            .map(|f| {
                f.iter()
                    .map(|(p, (b, t))| (p.clone(), b.clone(), *t))
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Folder for MemoryFolder {
    fn read(&self, path: &str) -> Result<Vec<u8>, FolderError> {
        let files = self
            .files
            .lock()
            .map_err(|_| FolderError::Unreadable("lock".into()))?;
        files
            .get(path)
            .map(|(b, _)| b.clone())
            .ok_or(FolderError::NotFound)
    }

    fn list(&self, dir: &str) -> Result<Vec<Entry>, FolderError> {
        let prefix = format!("{}/", dir.trim_end_matches('/'));
        let files = self
            .files
            .lock()
            .map_err(|_| FolderError::Unreadable("lock".into()))?;
        Ok(files
            .iter()
            .filter(|(p, _)| p.starts_with(&prefix))
            .filter(|(p, _)| {
                p.split('/')
                    .all(|part| !part.starts_with('.') && !part.starts_with("~$"))
            })
            .map(|(p, (_, t))| Entry {
                path: p.clone(),
                modified: *t,
            })
            .collect())
    }

    fn modified(&self, path: &str) -> Option<NaiveDateTime> {
        let files = self.files.lock().ok()?;
        files.get(path).and_then(|(_, t)| *t)
    }

    /// Writes with a logical clock: the file's time is one second after the latest
    /// time in the folder, so what is written later is newer, as on a disk, and the
    /// same steps always give the same times.
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), FolderError> {
        let mut files = self
            .files
            .lock()
            .map_err(|_| FolderError::Unwritable("lock".into()))?;
        let latest = files.values().filter_map(|(_, t)| *t).max();
        let modified =
            latest.map_or_else(NaiveDateTime::default, |t| t + chrono::Duration::seconds(1));
        files.insert(path.to_string(), (bytes.to_vec(), Some(modified)));
        Ok(())
    }

    fn exists(&self, path: &str) -> bool {
        self.files.lock().is_ok_and(|f| f.contains_key(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_loses_its_byte_order_mark_and_bad_bytes_are_named() {
        let f = MemoryFolder::new();
        f.put("a.json", "\u{FEFF}{}", None);
        f.put("b.json", vec![0xff, 0xfe, 0x00], None);
        assert_eq!(read_text(&f, "a.json").unwrap(), "{}");
        let d = read_text(&f, "b.json").unwrap_err();
        assert_eq!(d.code, "file.not_utf8");
        assert_eq!(d.location, Location::file("b.json"));
        assert_eq!(read_text(&f, "c.json").unwrap_err().code, "file.not_found");
    }

    #[test]
    fn an_output_edited_by_hand_is_kept_before_it_is_replaced() {
        let f = MemoryFolder::new();
        let when =
            chrono::NaiveDate::from_ymd_opt(2017, 8, 1).and_then(|d| d.and_hms_opt(9, 30, 0));
        // First write, then the same again: nothing to keep.
        assert!(
            write_output(&f, "out/bao-cao.docx", b"v1")
                .unwrap()
                .is_empty()
        );
        assert!(
            write_output(&f, "out/bao-cao.docx", b"v2")
                .unwrap()
                .is_empty()
        );
        // The clerk corrects it in Word; the next run keeps the correction.
        f.put("out/bao-cao.docx", b"v2 corrected".to_vec(), when);
        let d = write_output(&f, "out/bao-cao.docx", b"v3").unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "output.kept");
        let kept = "out/bao-cao (sửa tay 2017-08-01 0930).docx";
        assert_eq!(d[0].get("kept"), Some(&crate::diagnostic::Arg::from(kept)));
        assert_eq!(f.read(kept).unwrap(), b"v2 corrected");
        assert_eq!(f.read("out/bao-cao.docx").unwrap(), b"v3");
        // A second correction on the same minute gets its own name.
        f.put("out/bao-cao.docx", b"v3 corrected".to_vec(), when);
        write_output(&f, "out/bao-cao.docx", b"v4").unwrap();
        let again = "out/bao-cao (sửa tay 2017-08-01 0930)-2.docx";
        assert_eq!(f.read(again).unwrap(), b"v3 corrected");
        // A file vanban has no record of, different from the new one, is kept too.
        f.put("out/ke-hoach.docx", b"someone's".to_vec(), None);
        let d = write_output(&f, "out/ke-hoach.docx", b"new").unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(f.read("out/ke-hoach (sửa tay).docx").unwrap(), b"someone's");
    }

    #[test]
    fn returns_are_spreadsheets_under_returns_in_sub_folders_too() {
        let f = MemoryFolder::new();
        for p in [
            "returns/CD01.xlsx",
            "returns/khoi/CD02.XLS",
            "returns/~$CD01.xlsx",
            "returns/.hidden/CD03.xlsx",
            "returns/ghi-chu.txt",
            "out/tong-hop.xlsx",
        ] {
            f.put(p, b"x".to_vec(), None);
        }
        let got: Vec<String> = returns(&f).unwrap().into_iter().map(|e| e.path).collect();
        assert_eq!(got, ["returns/CD01.xlsx", "returns/khoi/CD02.XLS"]);
    }
}
