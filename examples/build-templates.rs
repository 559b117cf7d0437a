//! Regenerates the built-in templates under `templates/` from the layout code:
//! `cargo run --example build-templates`. A test fails when the committed files
//! differ from what the code builds.
fn main() {
    for (name, bytes) in [
        ("templates/ke-hoach.docx", vanban::layout::templates::plan()),
        (
            "templates/bao-cao.docx",
            vanban::layout::templates::report(),
        ),
    ] {
        let bytes = bytes.unwrap_or_else(|e| panic!("{name}: {e}"));
        std::fs::write(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        println!("wrote {name}");
    }
}
