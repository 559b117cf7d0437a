//! Builds the built-in templates under `templates/` from the layout code:
//! `cargo run -p xtask`. A test fails when the committed files differ from what the
//! code builds. The only user of docx-rs, so the `vanban` binary does not carry it.
#![forbid(unsafe_code)]

#[cfg(test)]
mod deps;
mod layout;

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for (name, bytes) in [
        ("templates/ke-hoach.docx", layout::templates::plan()),
        ("templates/bao-cao.docx", layout::templates::report()),
        ("templates/van-ban.docx", layout::templates::van_ban()),
    ] {
        let bytes = bytes.unwrap_or_else(|e| panic!("{name}: {e}"));
        std::fs::write(root.join(name), bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        println!("wrote {name}");
    }
}
