//! The journal of a campaign (`nhat-ky.log` in its folder): one line per change
//! made through the desk — time, who, action, file, unit, result — appended, never
//! rewritten, so it tells afterwards who did what.

use std::io::Write;
use std::path::Path;

/// The journal's file name, in the campaign folder.
pub const JOURNAL: &str = "nhat-ky.log";

/// One line of the journal.
pub struct Line<'a> {
    /// Who: `văn thư` (the clerk), `đơn vị CD07` (a unit's own page).
    pub who: &'a str,
    /// What was done (`nhận báo cáo`, `tạo kế hoạch`…).
    pub action: &'a str,
    /// The file concerned, if any.
    pub file: &'a str,
    /// The unit concerned, if any.
    pub unit: &'a str,
    /// What came of it.
    pub result: &'a str,
}

/// A field as the journal writes it: tabs and line breaks become spaces, so one
/// action stays one line.
fn field(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Appends `lines` to the journal of the campaign folder `dir` in one write (the
/// caller holds the campaign's lock).
pub fn append(dir: &Path, lines: &[Line<'_>]) -> std::io::Result<()> {
    let now = chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string();
    let mut text = String::new();
    for l in lines {
        text.push_str(&format!(
            "{now}\t{}\t{}\t{}\t{}\t{}\n",
            field(l.who),
            field(l.action),
            field(l.file),
            field(l.unit),
            field(l.result)
        ));
    }
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join(JOURNAL))?;
    f.write_all(text.as_bytes())
}
