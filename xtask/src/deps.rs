//! The dependency policy of `deny.toml`, checked offline from `cargo metadata` on
//! every test run (cargo-deny checks the same file where it is installed).

use std::collections::{BTreeMap, BTreeSet};

/// The quoted strings of a `key = [ … ]` list of `deny.toml` (comments skipped).
fn list(toml: &str, key: &str) -> Vec<String> {
    let start = toml
        .find(&format!("\n{key} = ["))
        .unwrap_or_else(|| panic!("deny.toml has no `{key}`"));
    let body = &toml[start..];
    let end = body.find("\n]").unwrap();
    body[..end]
        .lines()
        .skip(1)
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(|l| l.split('"').skip(1).step_by(2).map(String::from))
        .collect()
}

/// Whether an SPDX expression (`(Apache-2.0 OR MIT) AND BSD-3-Clause`, or the old
/// `MIT/Apache-2.0`) is met by the allowed licenses.
fn allowed(expr: &str, allow: &BTreeSet<String>) -> bool {
    let expr = expr.replace('/', " OR ");
    let tokens: Vec<String> = expr
        .replace('(', " ( ")
        .replace(')', " ) ")
        .split_whitespace()
        .map(String::from)
        .collect();
    fn or(t: &[String], i: &mut usize, allow: &BTreeSet<String>) -> bool {
        let mut v = and(t, i, allow);
        while t.get(*i).map(String::as_str) == Some("OR") {
            *i += 1;
            let r = and(t, i, allow);
            v = v || r;
        }
        v
    }
    fn and(t: &[String], i: &mut usize, allow: &BTreeSet<String>) -> bool {
        let mut v = atom(t, i, allow);
        while t.get(*i).map(String::as_str) == Some("AND") {
            *i += 1;
            let r = atom(t, i, allow);
            v = v && r;
        }
        v
    }
    fn atom(t: &[String], i: &mut usize, allow: &BTreeSet<String>) -> bool {
        let tok = t.get(*i).cloned().unwrap_or_default();
        *i += 1;
        if tok == "(" {
            let v = or(t, i, allow);
            *i += 1; // `)`
            v
        } else if t.get(*i).map(String::as_str) == Some("WITH") {
            // `Apache-2.0 WITH LLVM-exception`: the license with an exception that
            // only grants more; met when the license is allowed.
            *i += 2;
            allow.contains(&tok)
        } else {
            allow.contains(&tok)
        }
    }
    let mut i = 0;
    or(&tokens, &mut i, allow) && i >= tokens.len()
}

#[test]
fn dependencies_follow_deny_toml() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let toml = std::fs::read_to_string(root.join("deny.toml")).unwrap();
    let allow: BTreeSet<String> = list(&toml, "allow").into_iter().collect();
    let denied: Vec<String> = list(&toml, "deny");
    let skipped: BTreeSet<String> = list(&toml, "skip")
        .into_iter()
        .filter_map(|s| s.split_once('@').map(|(name, _)| name.to_string()))
        .collect();
    assert!(allow.contains("MIT") && denied.contains(&"openssl".to_string()));

    let out = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .current_dir(&root)
        .output()
        .expect("cargo metadata");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut versions: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut problems = Vec::new();
    for p in meta["packages"].as_array().unwrap() {
        let name = p["name"].as_str().unwrap().to_string();
        let version = p["version"].as_str().unwrap().to_string();
        let id = format!("{name}@{version}");
        match p["source"].as_str() {
            None => {}
            Some("registry+https://github.com/rust-lang/crates.io-index") => {}
            Some(other) => problems.push(format!("{id}: source {other} is not crates.io")),
        }
        match p["license"].as_str() {
            Some(l) if allowed(l, &allow) => {}
            other => problems.push(format!("{id}: license {other:?} is not allowed")),
        }
        if denied.contains(&name) {
            problems.push(format!("{id} is banned"));
        }
        versions.entry(name).or_default().insert(version);
    }
    for (name, v) in &versions {
        if v.len() > 1 && !skipped.contains(name) {
            problems.push(format!(
                "{name}: versions {v:?}; list it under `skip` with why"
            ));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn license_expressions_are_read_as_spdx() {
    let allow: BTreeSet<String> = ["MIT", "Apache-2.0"].map(String::from).into();
    assert!(allowed("MIT OR Apache-2.0", &allow));
    assert!(allowed("MIT/Apache-2.0", &allow));
    assert!(allowed("(Apache-2.0 OR MIT) AND MIT", &allow));
    assert!(!allowed("(Apache-2.0 OR MIT) AND BSD-3-Clause", &allow));
    assert!(!allowed("GPL-3.0", &allow));
    assert!(allowed("Apache-2.0 WITH LLVM-exception OR MIT", &allow));
    assert!(!allowed("GPL-2.0 WITH Classpath-exception-2.0", &allow));
}
