//! The built-in official templates, embedded so `vanban` works from any folder.
//! They are built by `cargo run -p xtask` (docx-rs) and committed under
//! `templates/`; a test in `xtask` fails while the committed files differ from what
//! the code builds.

/// The built-in plan template (`templates/ke-hoach.docx`); a campaign's
/// `templates/ke-hoach.docx` overrides it.
pub const PLAN: &[u8] = include_bytes!("../../../templates/ke-hoach.docx");

/// The built-in report template (`templates/bao-cao.docx`); a campaign's
/// `templates/bao-cao.docx` overrides it.
pub const REPORT: &[u8] = include_bytes!("../../../templates/bao-cao.docx");

/// The built-in template of every official document (`templates/van-ban.docx`); a
/// document's `mau:` names its own.
pub const VAN_BAN: &[u8] = include_bytes!("../../../templates/van-ban.docx");
