//! What keeps the desk safe to leave running: the secret of the served folder (from
//! which the units' links are made), the form token every POST carries (CSRF), the
//! clerk's password when the desk is served beyond this computer, and the headers
//! every page is sent with.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Mutex;

use sha2::{Digest, Sha256};

/// Where the desk keeps its own files, inside the served folder (hidden: the
/// campaign listings skip it).
pub const DESK_DIR: &str = ".vanban";

/// The secret of the served folder: 32 random bytes, made at the first start and
/// kept, so a unit's link stays the same across restarts.
const SECRET_FILE: &str = "bi-mat";
/// The clerk's password: a random salt and the iterated SHA-256 of salt and
/// password, hex, one per line.
const PASSWORD_FILE: &str = "mat-khau";
/// How many SHA-256 rounds stretch the password (a guess costs this many hashes).
const PASSWORD_ROUNDS: u32 = 100_000;

/// The Content-Security-Policy of every response: the page's own scripts, styles
/// and images only; no frames of other sites, no plugins, forms posted here only.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
img-src 'self' data:; frame-src 'self'; object-src 'none'; base-uri 'none'; \
form-action 'self'; frame-ancestors 'self'";

/// `n` random bytes, hex: tokens, salts, session ids.
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    // The OS's random source; without it there is no safe token to make.
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two tokens in time independent of where they differ.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Reads the served folder's secret, making it at the first start.
pub fn folder_secret(root: &Path) -> std::io::Result<String> {
    let path = root.join(DESK_DIR).join(SECRET_FILE);
    if let Ok(text) = std::fs::read_to_string(&path) {
        let text = text.trim();
        if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(text.to_string());
        }
    }
    let secret = random_hex(32);
    crate::cli::fsio::write_atomic(&path, secret.as_bytes())
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(secret)
}

/// The link token of a unit of a campaign: unguessable without the folder's
/// secret, the same at every start, different for every campaign and unit.
pub fn unit_token(secret: &str, campaign: &str, unit: &str) -> String {
    let mut h = Sha256::new();
    h.update(secret.as_bytes());
    h.update([0]);
    h.update(campaign.as_bytes());
    h.update([0]);
    h.update(unit.as_bytes());
    hex(&h.finalize()[..16])
}

fn stretch(salt: &str, password: &str) -> String {
    let mut digest = Sha256::digest(format!("{salt}\0{password}").as_bytes());
    for _ in 0..PASSWORD_ROUNDS {
        digest = Sha256::digest(digest);
    }
    hex(&digest)
}

/// The clerk's password as stored: its salt and stretched hash.
#[derive(Debug, Clone)]
pub struct Password {
    salt: String,
    hash: String,
}

impl Password {
    /// A new password's record.
    pub fn new(password: &str) -> Password {
        let salt = random_hex(16);
        let hash = stretch(&salt, password);
        Password { salt, hash }
    }

    /// True when `password` is the one recorded.
    pub fn matches(&self, password: &str) -> bool {
        same_token(&stretch(&self.salt, password), &self.hash)
    }

    /// Reads the record of the served folder, if a password was set.
    pub fn load(root: &Path) -> Option<Password> {
        let text = std::fs::read_to_string(root.join(DESK_DIR).join(PASSWORD_FILE)).ok()?;
        let mut lines = text.lines();
        let (salt, hash) = (lines.next()?.trim(), lines.next()?.trim());
        (!salt.is_empty() && hash.len() == 64).then(|| Password {
            salt: salt.to_string(),
            hash: hash.to_string(),
        })
    }

    /// Writes the record (atomically).
    pub fn save(&self, root: &Path) -> std::io::Result<()> {
        crate::cli::fsio::write_atomic(
            &root.join(DESK_DIR).join(PASSWORD_FILE),
            format!("{}\n{}\n", self.salt, self.hash).as_bytes(),
        )
        .map_err(|e| std::io::Error::other(e.to_string()))
    }
}

/// The sessions of clerks who gave the password (in memory: a restart asks again).
#[derive(Debug, Default)]
pub struct Sessions {
    open: Mutex<HashSet<String>>,
}

impl Sessions {
    /// Opens a session and gives its id (for the cookie).
    pub fn open(&self) -> String {
        let id = random_hex(24);
        self.open
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id.clone());
        id
    }

    /// True when `id` is an open session.
    pub fn is_open(&self, id: &str) -> bool {
        self.open
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .any(|s| same_token(s, id))
    }
}

/// The value of cookie `name` in a `Cookie` header.
pub fn cookie<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name).then_some(v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_tokens_differ_by_unit_campaign_and_secret_and_are_stable() {
        let a = unit_token("s1", "dot", "CD01");
        assert_eq!(a, unit_token("s1", "dot", "CD01"));
        assert_eq!(a.len(), 32);
        assert_ne!(a, unit_token("s1", "dot", "CD02"));
        assert_ne!(a, unit_token("s1", "dot2", "CD01"));
        assert_ne!(a, unit_token("s2", "dot", "CD01"));
        // The separator keeps ("ab", "c") apart from ("a", "bc").
        assert_ne!(unit_token("s", "ab", "c"), unit_token("s", "a", "bc"));
    }

    #[test]
    fn a_password_matches_itself_only() {
        let p = Password::new("mật khẩu 1");
        assert!(p.matches("mật khẩu 1"));
        assert!(!p.matches("mật khẩu 2"));
        assert!(!p.matches(""));
    }

    #[test]
    fn cookies_are_found_by_exact_name() {
        let h = "a=1; vb_phien=xyz; vb=2";
        assert_eq!(cookie(h, "vb_phien"), Some("xyz"));
        assert_eq!(cookie(h, "vb"), Some("2"));
        assert_eq!(cookie(h, "phien"), None);
    }

    #[test]
    fn tokens_compare_equal_only_when_equal() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abc", "abd"));
        assert!(!same_token("abc", "ab"));
    }
}
