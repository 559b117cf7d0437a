//! [`DiskFolder`]: a campaign folder on disk, as the library's [`Folder`].
//!
//! Paths the library gives are relative to the campaign folder with `/` between
//! folders; an absolute path (an output the user named with `-o`) is used as it is.
//! Writes are atomic ([`fsio::write_atomic`]); modification times come from the
//! file system, in UTC.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use vanban::folder::{Entry, Folder, FolderError};

use super::fsio;

/// A campaign folder on disk.
#[derive(Debug, Clone)]
pub struct DiskFolder {
    root: PathBuf,
}

impl DiskFolder {
    /// The folder at `root` (as the user typed it: messages show it so).
    pub fn new(root: impl Into<PathBuf>) -> DiskFolder {
        DiskFolder { root: root.into() }
    }

    /// The path on disk of a folder path.
    pub fn path(&self, path: &str) -> PathBuf {
        let mut out = self.root.clone();
        for part in path.split('/').filter(|p| !p.is_empty()) {
            out.push(part);
        }
        if Path::new(path).is_absolute() {
            return PathBuf::from(path);
        }
        out
    }

    /// A folder path as the user sees it (`c/out/ke-hoach.docx`).
    pub fn display_path(&self, path: &str) -> String {
        self.path(path).display().to_string()
    }

    /// The folder path of a path on disk: relative to the root when inside it
    /// (with `/`), else the path itself.
    pub fn relative(&self, path: &Path) -> String {
        match path.strip_prefix(&self.root) {
            Ok(rel) => rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/"),
            Err(_) => path.display().to_string(),
        }
    }
}

fn modified_of(path: &Path) -> Option<NaiveDateTime> {
    utc_of(&std::fs::metadata(path).ok()?)
}

/// The modification time of a file's metadata, in UTC.
fn utc_of(metadata: &std::fs::Metadata) -> Option<NaiveDateTime> {
    let t = metadata.modified().ok()?;
    Some(chrono::DateTime::<chrono::Utc>::from(t).naive_utc())
}

impl Folder for DiskFolder {
    fn read(&self, path: &str) -> Result<Vec<u8>, FolderError> {
        std::fs::read(self.path(path)).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => FolderError::NotFound,
            _ => FolderError::Unreadable(e.to_string()),
        })
    }

    fn list(&self, dir: &str) -> Result<Vec<Entry>, FolderError> {
        let start = self.path(dir);
        let mut out = Vec::new();
        if !start.is_dir() {
            return Ok(out);
        }
        let mut stack = vec![start];
        while let Some(d) = stack.pop() {
            let entries =
                std::fs::read_dir(&d).map_err(|e| FolderError::Unreadable(e.to_string()))?;
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') || name.starts_with("~$") {
                    continue;
                }
                let path = entry.path();
                // The entry's own type and times come with the listing or one
                // `stat`; a link is followed as a path is.
                let file_type = entry.file_type().ok();
                let is_link = file_type.is_none_or(|t| t.is_symlink());
                if (is_link && path.is_dir()) || file_type.is_some_and(|t| t.is_dir()) {
                    stack.push(path);
                } else {
                    let modified = if is_link {
                        modified_of(&path)
                    } else {
                        entry.metadata().ok().and_then(|m| utc_of(&m))
                    };
                    out.push(Entry {
                        path: self.relative(&path),
                        modified,
                    });
                }
            }
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    fn modified(&self, path: &str) -> Option<NaiveDateTime> {
        modified_of(&self.path(path))
    }

    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), FolderError> {
        fsio::write_atomic(&self.path(path), bytes).map_err(|e| match e {
            fsio::FsError::Write { source, .. } | fsio::FsError::Read { source, .. } => {
                FolderError::Unwritable(source.to_string())
            }
            fsio::FsError::OverwritesInput { .. } => FolderError::Unwritable(e.to_string()),
        })
    }

    fn write_from(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), FolderError> {
        fsio::write_atomic_with(&self.path(path), fill).map_err(|e| match e {
            fsio::FsError::Write { source, .. } | fsio::FsError::Read { source, .. } => {
                FolderError::Unwritable(source.to_string())
            }
            fsio::FsError::OverwritesInput { .. } => FolderError::Unwritable(e.to_string()),
        })
    }

    fn hash(&self, path: &str) -> Result<String, FolderError> {
        let file = std::fs::File::open(self.path(path)).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => FolderError::NotFound,
            _ => FolderError::Unreadable(e.to_string()),
        })?;
        vanban::folder::content_hash_of(|w| {
            std::io::copy(&mut std::io::BufReader::with_capacity(64 * 1024, file), w).map(|_| ())
        })
        .map_err(|e| FolderError::Unreadable(e.to_string()))
    }

    fn exists(&self, path: &str) -> bool {
        self.path(path).is_file()
    }

    fn same_file(&self, a: &str, b: &str) -> bool {
        fsio::ensure_not_input(&self.path(a), &[&self.path(b)]).is_err()
    }

    fn same_file_as_any(&self, a: &str, others: &[&str]) -> bool {
        let others: Vec<PathBuf> = others.iter().map(|b| self.path(b)).collect();
        let others: Vec<&Path> = others.iter().map(PathBuf::as_path).collect();
        fsio::ensure_not_input(&self.path(a), &others).is_err()
    }

    fn display(&self, path: &str) -> String {
        self.path(path).display().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_sub_folders_with_folder_paths_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let f = DiskFolder::new(dir.path());
        f.write("returns/khoi/CD01.xlsx", b"a").unwrap();
        f.write("returns/CD02.xlsx", b"b").unwrap();
        std::fs::write(dir.path().join("returns/~$CD02.xlsx"), b"lock").unwrap();
        let listed: Vec<String> = f
            .list("returns")
            .unwrap()
            .into_iter()
            .map(|e| e.path)
            .collect();
        assert_eq!(listed, ["returns/CD02.xlsx", "returns/khoi/CD01.xlsx"]);
        assert_eq!(f.read("returns/khoi/CD01.xlsx").unwrap(), b"a");
        assert_eq!(f.read("nothing"), Err(FolderError::NotFound));
        assert!(f.modified("returns/CD02.xlsx").is_some());
        assert!(f.same_file("returns/CD02.xlsx", "returns/./CD02.xlsx"));
    }

    /// The listing takes types and times from the directory entries; a link is
    /// followed as a path would be: a linked folder is listed, a linked file has
    /// its target's time.
    #[cfg(unix)]
    #[test]
    fn a_listing_gives_each_file_its_time_and_follows_links() {
        let dir = tempfile::tempdir().unwrap();
        let f = DiskFolder::new(dir.path());
        f.write("returns/CD01.xlsx", b"a").unwrap();
        f.write("elsewhere/khoi/CD02.xlsx", b"b").unwrap();
        let old = std::fs::File::options()
            .write(true)
            .open(dir.path().join("elsewhere/khoi/CD02.xlsx"))
            .unwrap();
        let then =
            std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_500_000_000);
        old.set_modified(then).unwrap();
        drop(old);
        std::os::unix::fs::symlink(
            dir.path().join("elsewhere/khoi"),
            dir.path().join("returns/khoi"),
        )
        .unwrap();
        std::os::unix::fs::symlink(
            dir.path().join("elsewhere/khoi/CD02.xlsx"),
            dir.path().join("returns/CD03.xlsx"),
        )
        .unwrap();
        let listed = f.list("returns").unwrap();
        let paths: Vec<&str> = listed.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "returns/CD01.xlsx",
                "returns/CD03.xlsx",
                "returns/khoi/CD02.xlsx"
            ]
        );
        for entry in &listed {
            assert_eq!(entry.modified, f.modified(&entry.path), "{}", entry.path);
        }
        let then = chrono::DateTime::<chrono::Utc>::from(then).naive_utc();
        assert_eq!(listed[1].modified, Some(then));
        assert_eq!(listed[2].modified, Some(then));
        assert_ne!(listed[0].modified, Some(then));
    }
}
