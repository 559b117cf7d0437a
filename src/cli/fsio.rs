//! File helpers every command shares: outputs are written whole or not at all, and
//! never over an input.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use vanban::diagnostic::{Diagnostic, Location};

/// Held while an output is being written: [`exit_between_writes`] takes it, so a
/// process stopped on Ctrl-C never leaves a temporary file behind.
static WRITING: Mutex<()> = Mutex::new(());

/// A file operation that failed, with the path it concerned.
#[derive(Debug, thiserror::Error)]
pub enum FsError {
    /// Reading an input failed.
    #[error("cannot read `{path}`: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// Writing an output failed; nothing was left behind.
    #[error("cannot write `{path}`: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The output would replace one of the inputs.
    #[error("refusing to write `{path}`: it is one of the inputs (choose another output path)")]
    OverwritesInput {
        /// The file.
        path: PathBuf,
    },
}

impl FsError {
    /// The failure as a diagnostic, worded like the library's: a missing file, a
    /// file that cannot be read or written (open in Excel or Word, read-only), an
    /// output that would replace an input. All are the user's to fix (exit 1).
    pub fn diagnostic(&self) -> Diagnostic {
        use vanban::folder::{NOT_FOUND, UNREADABLE, UNWRITABLE};
        let at = |p: &Path| Location::file(p.display().to_string());
        match self {
            FsError::Read { path, source } if source.kind() == std::io::ErrorKind::NotFound => {
                Diagnostic::error(NOT_FOUND, at(path))
            }
            FsError::Read { path, source } => {
                Diagnostic::error(UNREADABLE, at(path)).arg("reason", source.to_string())
            }
            FsError::Write { path, source } => {
                Diagnostic::error(UNWRITABLE, at(path)).arg("reason", source.to_string())
            }
            FsError::OverwritesInput { path } => Diagnostic::error("output.is_input", at(path)),
        }
    }
}

/// Reads a whole file, naming it in the error.
pub fn read(path: &Path) -> Result<Vec<u8>, FsError> {
    std::fs::read(path).map_err(|source| FsError::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, flushed
/// and then renamed over the target, so a reader (or a crash) never sees half a file.
/// Creates the parent folder if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FsError> {
    write_atomic_with(path, &mut |w| w.write_all(bytes))
}

/// As [`write_atomic`], the content written by `fill` in pieces (through a
/// buffer), so a large output (`tong-hop.json` of 20,000 units) is never held
/// whole in memory.
pub fn write_atomic_with(
    path: &Path,
    fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), FsError> {
    let _writing = WRITING.lock().unwrap_or_else(PoisonError::into_inner);
    let wrap = |source| FsError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(wrap)?;
    remove_stale_parts(&dir);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".vanban-").suffix(".part");
    // A temporary file is private (0600); the output it becomes is not: created
    // as a plain create would be (0666 less the umask), so a colleague or a backup
    // reads it as any other file. Replacing a file keeps that file's permissions.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(wrap)?;
    // Inside a memory budget's region, a run that breaks the budget removes what it
    // created: the temporary file, and the output unless it replaced one.
    let part = tmp.path().to_path_buf();
    crate::budget::created(&part);
    let existing = std::fs::metadata(path).ok();
    if let Some(existing) = &existing {
        std::fs::set_permissions(tmp.path(), existing.permissions()).map_err(wrap)?;
    }
    {
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, tmp.as_file_mut());
        fill(&mut out).map_err(wrap)?;
        out.flush().map_err(wrap)?;
    }
    tmp.as_file().sync_all().map_err(wrap)?;
    if existing.is_none() {
        crate::budget::created(path);
    }
    tmp.persist(path).map_err(|e| wrap(e.error))?;
    crate::budget::forget(&part);
    Ok(())
}

/// How old a temporary file of ours must be before a later run removes it: a run
/// still writing one (another window, a slow disk) is never that slow between two
/// writes.
const STALE_PART: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// Removes the temporary files a killed run left in `dir` (`kill -9`, a power cut,
/// a full disk): only ours (`.vanban-*.part`), only those not touched for
/// [`STALE_PART`]. A failure to remove one is no reason to stop the run.
fn remove_stale_parts(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".vanban-") && name.ends_with(".part")) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > STALE_PART);
        if old && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Ends the process with `code` as soon as no output is half written: waits for a
/// [`write_atomic`] in progress to finish (its temporary file renamed into place)
/// and keeps any other from starting. For the Ctrl-C / SIGTERM handler, so an
/// interrupted run leaves only whole files and no `.vanban-*.part`.
pub fn exit_between_writes(code: i32) -> ! {
    let _writing = WRITING.lock().unwrap_or_else(PoisonError::into_inner);
    std::process::exit(code)
}

/// Refuses an output path that names one of the inputs (after resolving links and
/// relative parts), so a slip on the command line cannot destroy a template or data.
///
/// Where the file system tells files apart (Unix: device and inode), an output
/// that exists is compared with each input by identity, which also catches a hard
/// link, and one that does not exist yet can only be an input that does not exist
/// either; resolving every path instead cost a third of a second at 20,000 returns.
pub fn ensure_not_input(output: &Path, inputs: &[&Path]) -> Result<(), FsError> {
    if is_any_input(output, inputs) {
        return Err(FsError::OverwritesInput {
            path: output.to_path_buf(),
        });
    }
    Ok(())
}

#[cfg(unix)]
fn is_any_input(output: &Path, inputs: &[&Path]) -> bool {
    use std::os::unix::fs::MetadataExt;
    let id = |m: &std::fs::Metadata| (m.dev(), m.ino());
    match std::fs::metadata(output) {
        Ok(out) => inputs
            .iter()
            .any(|input| std::fs::metadata(input).is_ok_and(|m| id(&m) == id(&out))),
        Err(_) => {
            let missing: Vec<&Path> = inputs
                .iter()
                .copied()
                .filter(|p| std::fs::symlink_metadata(p).is_err())
                .collect();
            same_path_as_any(output, &missing).is_some()
        }
    }
}

#[cfg(not(unix))]
fn is_any_input(output: &Path, inputs: &[&Path]) -> bool {
    same_path_as_any(output, inputs).is_some()
}

/// The first of `inputs` that resolves to the same path as `output`.
fn same_path_as_any<'p>(output: &Path, inputs: &[&'p Path]) -> Option<&'p Path> {
    let out = canonical_or_self(output);
    inputs
        .iter()
        .copied()
        .find(|input| canonical_or_self(input) == out)
}

fn canonical_or_self(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    // The file may not exist yet: resolve its folder and keep the name.
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            parent
                .canonicalize()
                .map(|p| p.join(name))
                .unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a `kill -9` leaves (an old `.vanban-*.part`) is removed by the next
    /// write in that folder; a fresh one (a run still writing) and files that are
    /// not ours are kept.
    #[test]
    fn a_killed_runs_temporary_files_are_removed_by_the_next_write() {
        let dir = tempfile::tempdir().unwrap();
        let at = |name: &str| dir.path().join(name);
        for name in [
            ".vanban-old.part",
            ".vanban-fresh.part",
            ".other-old.part",
            "old.part",
        ] {
            std::fs::write(at(name), b"half").unwrap();
        }
        let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        for name in [".vanban-old.part", ".other-old.part", "old.part"] {
            std::fs::File::options()
                .write(true)
                .open(at(name))
                .and_then(|f| f.set_modified(two_hours_ago))
                .unwrap();
        }
        write_atomic(&at("out.docx"), b"whole").unwrap();
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                ".other-old.part",
                ".vanban-fresh.part",
                "old.part",
                "out.docx"
            ]
        );
    }

    #[test]
    fn atomic_write_replaces_whole_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("sub/out.bin");
        write_atomic(&target, b"first").unwrap();
        write_atomic(&target, b"second").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, vec!["out.bin".to_string()]);
    }

    #[cfg(unix)]
    #[test]
    fn an_output_gets_the_permissions_of_a_plain_create_not_the_temporary_files() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // What a plain create gives under this process's umask.
        let plain = dir.path().join("plain");
        std::fs::write(&plain, b"x").unwrap();
        let target = dir.path().join("out.xlsx");
        write_atomic(&target, b"first").unwrap();
        assert_eq!(mode(&target), mode(&plain));
        // Replacing a file keeps its permissions.
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&target, b"second").unwrap();
        assert_eq!(mode(&target), 0o640);
    }

    #[test]
    fn output_equal_to_input_is_refused_even_through_dot_segments() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("t.docx");
        std::fs::write(&input, b"x").unwrap();
        let sneaky = dir.path().join(".").join("t.docx");
        let err = ensure_not_input(&sneaky, &[&input]).unwrap_err();
        assert!(matches!(err, FsError::OverwritesInput { .. }));
        assert!(ensure_not_input(&dir.path().join("u.docx"), &[&input]).is_ok());
    }

    #[test]
    fn output_that_is_an_input_under_another_name_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("t.docx");
        std::fs::write(&input, b"x").unwrap();
        let other = dir.path().join("other.docx");
        std::fs::write(&other, b"y").unwrap();
        // Through a link to the file: refused.
        let link = dir.path().join("link.docx");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&input, &link).unwrap();
        #[cfg(unix)]
        assert!(ensure_not_input(&link, &[&other, &input]).is_err());
        // A hard link is the same file too (where files have an identity).
        let hard = dir.path().join("hard.docx");
        std::fs::hard_link(&input, &hard).unwrap();
        #[cfg(unix)]
        assert!(ensure_not_input(&hard, &[&other, &input]).is_err());
        // An existing file that is no input, and a new one, are fine.
        assert!(ensure_not_input(&other, &[&input]).is_ok());
        assert!(ensure_not_input(&dir.path().join("new.docx"), &[&other, &input]).is_ok());
        // An input that does not exist yet is still told apart by its path.
        let missing = dir.path().join("missing.docx");
        let same = dir.path().join(".").join("missing.docx");
        assert!(ensure_not_input(&same, &[&missing]).is_err());
        assert!(ensure_not_input(&dir.path().join("other-new.docx"), &[&missing]).is_ok());
    }
}
