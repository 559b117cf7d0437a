//! A small builder that runs the real `vanban` binary in a temporary folder.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A temporary working folder and the binary to run in it.
pub struct Env {
    pub dir: tempfile::TempDir,
}

/// What one run printed and returned.
#[derive(Debug)]
pub struct Output {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes a file (creating folders) and returns its path.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, bytes).unwrap();
        p
    }

    pub fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Runs `vanban ARGS…` in the folder, in English (`VANBAN_LANG=en`).
    ///
    /// English because most tests were written against the English wording and
    /// compare it verbatim; Vietnamese, the tool's default, has its own tests
    /// (`tests/cli/i18n.rs`), which run through [`Env::run_vi`] or
    /// [`Env::run_with_env`]. A `--lang` in `args` still wins over the variable.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with_env(args, &[("VANBAN_LANG", "en")])
    }

    /// Runs `vanban ARGS…` in the folder in the default language (Vietnamese),
    /// whatever the developer's `VANBAN_LANG`.
    pub fn run_vi(&self, args: &[&str]) -> Output {
        self.run_with_env(args, &[])
    }

    /// Runs `vanban ARGS…` in the folder with these environment variables set and
    /// no `VANBAN_LANG` unless given here (so the default language, Vietnamese).
    pub fn run_with_env(&self, args: &[&str], vars: &[(&str, &str)]) -> Output {
        let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("RUST_BACKTRACE")
            .env_remove("VANBAN_LANG")
            .envs(vars.iter().copied())
            .output()
            .expect("run vanban");
        Output {
            status: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl Output {
    /// Panics with both streams when the status is not `code`.
    pub fn expect_status(&self, code: i32) -> &Output {
        assert_eq!(
            self.status, code,
            "exit status {} (expected {code})\n--- stdout\n{}\n--- stderr\n{}",
            self.status, self.stdout, self.stderr
        );
        self
    }
}

/// The repository root (for samples and fixtures).
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// One XML part of a .docx (or any package), parsed, read under the default limits.
pub fn docx_part(docx: &[u8], name: &str) -> vanban::docx::xml::Element {
    use vanban::docx::xml;
    let limits = vanban::limits::Limits::default();
    let mut archive = vanban::package::open(docx, &limits).unwrap();
    let bytes = vanban::package::read_entry(&mut archive, name, &limits).unwrap();
    let nodes = xml::parse(std::str::from_utf8(&bytes).unwrap(), limits.max_xml_depth).unwrap();
    xml::root(&nodes).unwrap().clone()
}
