//! The campaign folder as the web desk hands it to the library: the same
//! [`DiskFolder`] the command line uses (atomic writes, the same paths), named in
//! messages relative to the served folder (`dan-van-2017 › returns/CD01.xlsx`
//! rather than a path on the server's disk), and optionally with a scratch layer:
//! writes go to memory and the disk is only read — for what a page shows without
//! changing the campaign (the board, the forms to download).

use chrono::NaiveDateTime;
use vanban::folder::{Entry, Folder, FolderError, MemoryFolder};

use crate::cli::disk::DiskFolder;

/// A campaign folder of the served tree.
pub struct DeskFolder {
    disk: DiskFolder,
    name: String,
    scratch: Option<MemoryFolder>,
}

impl DeskFolder {
    /// The campaign `name` at `path`, written on disk.
    pub fn on_disk(path: std::path::PathBuf, name: &str) -> DeskFolder {
        DeskFolder {
            disk: DiskFolder::new(path),
            name: name.to_string(),
            scratch: None,
        }
    }

    /// The same folder, read from disk, written to memory only.
    pub fn scratch(path: std::path::PathBuf, name: &str) -> DeskFolder {
        DeskFolder {
            scratch: Some(MemoryFolder::new()),
            ..DeskFolder::on_disk(path, name)
        }
    }

    /// What was written to the scratch layer: (path, bytes).
    pub fn written(&self) -> Vec<(String, Vec<u8>)> {
        self.scratch
            .as_ref()
            .map(|m| m.files().into_iter().map(|(p, b, _)| (p, b)).collect())
            .unwrap_or_default()
    }

    /// The path on disk of a folder path.
    pub fn path(&self, path: &str) -> std::path::PathBuf {
        self.disk.path(path)
    }
}

impl Folder for DeskFolder {
    fn read(&self, path: &str) -> Result<Vec<u8>, FolderError> {
        if let Some(m) = &self.scratch
            && let Ok(bytes) = m.read(path)
        {
            return Ok(bytes);
        }
        self.disk.read(path)
    }

    fn list(&self, dir: &str) -> Result<Vec<Entry>, FolderError> {
        let mut all = self.disk.list(dir)?;
        if let Some(m) = &self.scratch {
            for e in m.list(dir)? {
                if !all.iter().any(|a| a.path == e.path) {
                    all.push(e);
                }
            }
            all.sort_by(|a, b| a.path.cmp(&b.path));
        }
        Ok(all)
    }

    fn modified(&self, path: &str) -> Option<NaiveDateTime> {
        if let Some(m) = &self.scratch
            && let Some(t) = m.modified(path)
        {
            return Some(t);
        }
        self.disk.modified(path)
    }

    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), FolderError> {
        match &self.scratch {
            Some(m) => m.write(path, bytes),
            None => self.disk.write(path, bytes),
        }
    }

    fn exists(&self, path: &str) -> bool {
        self.scratch.as_ref().is_some_and(|m| m.exists(path)) || self.disk.exists(path)
    }

    fn same_file(&self, a: &str, b: &str) -> bool {
        self.disk.same_file(a, b)
    }

    fn display(&self, path: &str) -> String {
        if path.is_empty() {
            self.name.clone()
        } else {
            format!("{}/{path}", self.name)
        }
    }
}
