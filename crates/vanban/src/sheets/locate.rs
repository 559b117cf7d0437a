//! Finding what a returned workbook holds: the form's identity (campaign, version,
//! unit) when it is one of ours, otherwise the unit named in its cells, and the
//! indicator table found by its labels (NFC, case and space folding, legacy
//! TCVN3/VNI text repaired), saying what was matched to what.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::campaign::model::{Campaign, Indicator};
use crate::sheets::forms::{FORM_MARKER, NAME_CAMPAIGN, NAME_UNIT, NAME_VERSION};
use crate::sheets::read::{Sheet, Value, Workbook};
use crate::sheets::{a1, text};

/// The identity a vanban form carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Identity {
    /// Campaign id.
    pub campaign: String,
    /// Form version.
    pub version: u32,
    /// Unit code.
    pub unit: String,
}

/// What recognising a file needs of its campaign, worked out once per merge
/// rather than once per file: the roster as maps (by code, by code in any ASCII
/// case, by the loose key of the name) and the loose keys of the indicator labels.
/// Without it every file scanned the whole roster and normalised every label
/// again, a cost that grew with the square of the campaign.
#[derive(Debug, Clone)]
pub struct CampaignKeys<'a> {
    /// The campaign.
    pub campaign: &'a Campaign,
    labels: Vec<String>,
    /// Per indicator: a cell holding exactly its label names it, read as is (the
    /// label is NFC, not legacy text, and its key names itself), so the form's own
    /// labels need no normalisation per file.
    plain_labels: Vec<bool>,
    by_code: HashMap<&'a str, usize>,
    by_folded_code: HashMap<String, usize>,
    /// Made the first time a file must be matched by its unit's name: the loose
    /// key of every name on a roster of 20,000 is a fifth of a second, spent
    /// before any file is read, that returns named by code never need.
    by_name: OnceLock<HashMap<String, usize>>,
}

impl<'a> CampaignKeys<'a> {
    /// The keys of `campaign`. Where two units share a key the first in roster
    /// order is found, as a scan of the roster would find it.
    pub fn new(campaign: &'a Campaign) -> CampaignKeys<'a> {
        let units = &campaign.reporting.units;
        let mut by_code = HashMap::with_capacity(units.len());
        let mut by_folded_code = HashMap::with_capacity(units.len());
        for (i, u) in units.iter().enumerate() {
            by_code.entry(u.code.as_str()).or_insert(i);
            by_folded_code
                .entry(u.code.to_ascii_uppercase())
                .or_insert(i);
        }
        let labels: Vec<String> = campaign
            .reporting
            .indicators
            .iter()
            .map(|i| text::loose_key(&i.label))
            .collect();
        let plain_labels = campaign
            .reporting
            .indicators
            .iter()
            .zip(&labels)
            .map(|(i, key)| {
                cell_text(&Value::Text(i.label.clone())) == Some((i.label.clone(), None))
                    && names_label(key, key)
            })
            .collect();
        CampaignKeys {
            campaign,
            labels,
            plain_labels,
            by_code,
            by_folded_code,
            by_name: OnceLock::new(),
        }
    }

    /// The roster index of the unit whose code is exactly `code`.
    pub fn unit_by_code(&self, code: &str) -> Option<usize> {
        self.by_code.get(code).copied()
    }

    /// The roster index of the unit whose code is `code` in any ASCII case.
    pub fn unit_by_code_any_case(&self, code: &str) -> Option<usize> {
        self.by_folded_code.get(&code.to_ascii_uppercase()).copied()
    }

    /// The roster index of the unit whose name's loose key is `key`.
    pub(crate) fn unit_by_name_key(&self, key: &str) -> Option<usize> {
        let by_name = self.by_name.get_or_init(|| {
            let units = &self.campaign.reporting.units;
            let mut by_name = HashMap::with_capacity(units.len());
            for (i, u) in units.iter().enumerate() {
                by_name.entry(text::loose_key(&u.name)).or_insert(i);
            }
            by_name
        });
        by_name.get(key).copied()
    }

    /// The loose keys of the indicators' labels, in campaign order.
    fn label_keys(&self) -> &[String] {
        &self.labels
    }
}

/// Reads the identity through the defined names, or from a sheet whose A1 is the
/// form marker (names can be lost by some converters).
pub fn identity(book: &Workbook) -> Option<Identity> {
    let by_name = |name: &str| -> Option<&Value> {
        let (_, formula) = book
            .names
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))?;
        let (sheet, row, col) = parse_reference(formula)?;
        book.sheets.iter().find(|s| s.name == sheet)?.get(row, col)
    };
    let text_of = |v: Option<&Value>| match v {
        Some(Value::Text(t)) => Some(t.trim().to_string()),
        Some(Value::Number(n)) => Some(format!("{n}")),
        _ => None,
    };
    let version_of = |v: Option<&Value>| match v {
        Some(Value::Number(n)) if *n >= 0.0 && n.fract() == 0.0 => Some(*n as u32),
        Some(Value::Text(t)) => t.trim().parse().ok(),
        _ => None,
    };
    if let (Some(campaign), Some(unit)) =
        (text_of(by_name(NAME_CAMPAIGN)), text_of(by_name(NAME_UNIT)))
    {
        return Some(Identity {
            campaign,
            unit,
            version: version_of(by_name(NAME_VERSION)).unwrap_or(0),
        });
    }
    let sheet = book
        .sheets
        .iter()
        .find(|s| matches!(s.get(0, 0), Some(Value::Text(t)) if t.trim() == FORM_MARKER))?;
    Some(Identity {
        version: version_of(sheet.get(0, 1)).unwrap_or(0),
        campaign: text_of(sheet.get(1, 1))?,
        unit: text_of(sheet.get(2, 1))?,
    })
}

/// `_vanban!$B$3`, `='Biểu 1'!B3` → (sheet, row, col), zero-based.
pub fn parse_reference(formula: &str) -> Option<(String, u32, u32)> {
    let f = formula.trim().trim_start_matches('=');
    let (sheet, cell) = f.rsplit_once('!')?;
    let sheet = sheet
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .map(|s| s.replace("''", "'"))
        .unwrap_or_else(|| sheet.to_string());
    let cell = cell.replace('$', "");
    let split = cell.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = cell.split_at(split);
    if letters.is_empty() || !letters.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut col: u32 = 0;
    for c in letters.chars() {
        col = col
            .checked_mul(26)?
            .checked_add(c.to_ascii_uppercase() as u32 - 'A' as u32 + 1)?;
    }
    let row: u32 = digits.parse().ok()?;
    Some((sheet, row.checked_sub(1)?, col.checked_sub(1)?))
}

/// A cell's text for matching, with legacy text repaired (and a note saying so).
pub fn cell_text(value: &Value) -> Option<(String, Option<&'static str>)> {
    match value {
        Value::Text(t) => Some(match text::repair_legacy(t) {
            Some((fixed, enc)) => (fixed, Some(enc)),
            None => (text::nfc(t), None),
        }),
        _ => None,
    }
}

/// Drops a leading enumerator ("1.", "a)", "II.", "-", "+") before comparing labels.
fn strip_enumerator(key: &str) -> &str {
    let Some((first, rest)) = key.split_once(' ') else {
        return key;
    };
    let is_enum = matches!(first, "-" | "+" | "*" | "•")
        || ((first.ends_with('.') || first.ends_with(')'))
            && first[..first.len() - 1]
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, 'i' | 'v' | 'x' | 'a'..='h')));
    if is_enum { rest } else { key }
}

/// True when a cell's loose key names the indicator whose loose key is `label`:
/// equal, or followed by a unit in brackets or a colon.
fn names_label(cell_key: &str, label: &str) -> bool {
    let k = strip_enumerator(cell_key);
    k == label
        || k.strip_prefix(label).is_some_and(|rest| {
            rest.starts_with(" (") || rest.starts_with('(') || rest.starts_with(':')
        })
}

/// Header texts that name the value column (loose keys).
const VALUE_HEADERS: [&str; 8] = [
    "so lieu",
    "gia tri",
    "ket qua",
    "so luong",
    "thuc hien",
    "ket qua thuc hien",
    "tong so",
    "so lieu bao cao",
];

/// Where one indicator's value was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    /// Index in the campaign's indicators.
    pub indicator: usize,
    /// The label cell.
    pub label_cell: (u32, u32),
    /// The value cell.
    pub value_cell: (u32, u32),
    /// The label as found (after repair).
    pub label_text: String,
    /// Legacy encoding the label was repaired from.
    pub repaired_from: Option<&'static str>,
}

/// The indicator table found in a workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Index of the sheet in the workbook.
    pub sheet: usize,
    /// Indicators found, in campaign order.
    pub found: Vec<Located>,
    /// How the value column was chosen, for the "what matched what" note.
    pub value_column_from: String,
}

/// The indicator table of a vanban form, straight from the cell map its identity
/// sheet carries, when every indicator of the campaign is there and each value
/// cell's row still holds that indicator's label. `None` sends the caller to
/// [`find_table`] (rows inserted, labels edited, an older form).
pub fn form_table(book: &Workbook, keys: &CampaignKeys<'_>) -> Option<Table> {
    let campaign = keys.campaign;
    let id_sheet = identity_sheet(book)?;
    let form_name = match id_sheet.get(3, 1) {
        Some(Value::Text(t)) => t.trim().to_string(),
        _ => return None,
    };
    let si = book.sheets.iter().position(|s| s.name == form_name)?;
    let sheet = &book.sheets[si];
    let mut map: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    for cell in id_sheet.cells.iter().filter(|c| c.col == 0 && c.row >= 4) {
        if !matches!(&cell.value, Value::Text(t) if t == "indicator") {
            continue;
        }
        if let (Some(Value::Text(code)), Some(Value::Text(at))) =
            (id_sheet.get(cell.row, 1), id_sheet.get(cell.row, 2))
        {
            map.insert(code.as_str(), at.as_str());
        }
    }
    let mut found = Vec::with_capacity(campaign.reporting.indicators.len());
    for (i, ind) in campaign.reporting.indicators.iter().enumerate() {
        let (_, row, col) = parse_reference(&format!("x!{}", map.get(ind.code.as_str())?))?;
        let label_col = u32::from(crate::sheets::forms::LABEL_COL);
        let cell = sheet.get(row, label_col)?;
        let (label_text, repaired_from) = match cell {
            // The label as the form wrote it: what the checks below would find.
            Value::Text(t) if keys.plain_labels[i] && *t == ind.label => (t.clone(), None),
            _ => {
                let (label_text, repaired_from) = cell_text(cell)?;
                if !names_label(&text::loose_key(&label_text), &keys.label_keys()[i]) {
                    return None;
                }
                (label_text, repaired_from)
            }
        };
        found.push(Located {
            indicator: i,
            label_cell: (row, label_col),
            value_cell: (row, col),
            label_text,
            repaired_from,
        });
    }
    Some(Table {
        sheet: si,
        found,
        value_column_from: "the form's own cell map".to_string(),
    })
}

/// The identity sheet: the one the unit's defined name points into, else the one
/// whose A1 is the form marker.
fn identity_sheet(book: &Workbook) -> Option<&Sheet> {
    let by_name = book
        .names
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(NAME_UNIT))
        .and_then(|(_, f)| parse_reference(f))
        .and_then(|(sheet, _, _)| book.sheets.iter().find(|s| s.name == sheet));
    by_name.or_else(|| {
        book.sheets
            .iter()
            .find(|s| matches!(s.get(0, 0), Some(Value::Text(t)) if t.trim() == FORM_MARKER))
    })
}

/// Finds the indicator table: the sheet where most indicators' labels are found,
/// preferring visible sheets and then `preferred` (the form's own sheet).
pub fn find_table(
    book: &Workbook,
    keys: &CampaignKeys<'_>,
    preferred: Option<&str>,
) -> Option<Table> {
    let indicators = &keys.campaign.reporting.indicators;
    let label_keys = keys.label_keys();
    let mut best: Option<(usize, usize, bool, bool)> = None; // (sheet, count, visible, preferred)
    let mut per_sheet: Vec<Vec<Located>> = Vec::with_capacity(book.sheets.len());
    for (si, sheet) in book.sheets.iter().enumerate() {
        let found = match_labels(sheet, indicators, label_keys);
        let count = found.len();
        let pref = preferred.is_some_and(|p| p == sheet.name);
        let better = match best {
            None => count > 0,
            Some((_, c, v, p)) => (count, sheet.visible, pref) > (c, v, p),
        };
        if better {
            best = Some((si, count, sheet.visible, pref));
        }
        per_sheet.push(found);
    }
    let (si, _, _, _) = best?;
    let sheet = &book.sheets[si];
    let mut found = std::mem::take(&mut per_sheet[si]);
    let (col, how) = value_column(sheet, &found, indicators);
    for loc in &mut found {
        loc.value_cell = (loc.label_cell.0, col);
    }
    Some(Table {
        sheet: si,
        found,
        value_column_from: how,
    })
}

fn match_labels(sheet: &Sheet, indicators: &[Indicator], keys: &[String]) -> Vec<Located> {
    // Every cell naming each indicator; a label can also appear as a column header
    // ("Ghi chú"), so the column holding most labels decides.
    let mut candidates: Vec<Vec<Located>> = vec![Vec::new(); indicators.len()];
    for cell in &sheet.cells {
        let Some((t, enc)) = cell_text(&cell.value) else {
            continue;
        };
        if t.len() > 400 {
            continue;
        }
        let key = text::loose_key(&t);
        for (i, label) in keys.iter().enumerate() {
            if names_label(&key, label) {
                candidates[i].push(Located {
                    indicator: i,
                    label_cell: (cell.row, cell.col),
                    value_cell: (cell.row, cell.col),
                    label_text: t.clone(),
                    repaired_from: enc,
                });
                break;
            }
        }
    }
    let mut per_column: std::collections::BTreeMap<u32, usize> = std::collections::BTreeMap::new();
    for list in &candidates {
        let mut cols: Vec<u32> = list.iter().map(|l| l.label_cell.1).collect();
        cols.dedup();
        for c in cols {
            *per_column.entry(c).or_default() += 1;
        }
    }
    let label_col = per_column
        .iter()
        .max_by_key(|(col, n)| (**n, std::cmp::Reverse(**col)))
        .map(|(col, _)| *col);
    candidates
        .into_iter()
        .filter_map(|list| {
            let in_col = list
                .iter()
                .position(|l| Some(l.label_cell.1) == label_col)
                .unwrap_or(0);
            list.into_iter().nth(in_col)
        })
        .collect()
}

/// The value column: a header naming it above the labels, else the column after
/// the unit-of-measure column, else the column after the labels.
fn value_column(sheet: &Sheet, found: &[Located], indicators: &[Indicator]) -> (u32, String) {
    let first_row = found.iter().map(|l| l.label_cell.0).min().unwrap_or(0);
    let label_col = found.first().map(|l| l.label_cell.1).unwrap_or(0);
    let mut header: Option<(u32, u32, String)> = None;
    for cell in &sheet.cells {
        if cell.row >= first_row || cell.col <= label_col {
            continue;
        }
        let Some((t, _)) = cell_text(&cell.value) else {
            continue;
        };
        let key = text::loose_key(&t);
        if VALUE_HEADERS
            .iter()
            .any(|h| key == *h || key.starts_with(&format!("{h} ")))
        {
            // The nearest such header above the table wins.
            if header.as_ref().is_none_or(|(r, _, _)| cell.row >= *r) {
                header = Some((cell.row, cell.col, t));
            }
        }
    }
    if let Some((row, col, t)) = header {
        return (
            col,
            format!(
                "column {} under the header \"{}\" ({})",
                col_name(col),
                t,
                a1(row, col)
            ),
        );
    }
    let unit_col = label_col + 1;
    let units_match = found.iter().filter(|l| {
        let want = text::loose_key(&indicators[l.indicator].unit);
        !want.is_empty()
            && matches!(sheet.get(l.label_cell.0, unit_col), Some(Value::Text(t)) if text::loose_key(t) == want)
    });
    if units_match.count() > 0 {
        return (
            unit_col + 1,
            format!(
                "column {}, after the unit-of-measure column (no value header found)",
                col_name(unit_col + 1)
            ),
        );
    }
    (
        label_col + 1,
        format!(
            "column {}, next to the labels (no value header found)",
            col_name(label_col + 1)
        ),
    )
}

fn col_name(col: u32) -> String {
    let a = a1(0, col);
    a.trim_end_matches('1').to_string()
}

/// How the unit that sent a file was recognised.
#[derive(Debug, Clone, PartialEq)]
pub enum UnitMatch {
    /// A roster unit, with how it was found.
    Roster {
        /// Index in the roster.
        index: usize,
        /// What was matched ("code `CD01` in Sheet1!B4").
        how: String,
        /// True when only the file name told.
        from_file_name: bool,
    },
    /// The file names a unit code the roster does not hold.
    Unknown {
        /// The code as written.
        code: String,
        /// Where.
        at: String,
    },
    /// Several roster units are named.
    Several(Vec<String>),
    /// Nothing names a unit.
    None {
        /// A "Mã đơn vị" label found with no code beside or below it: where it is
        /// and the text next to it ("Số đoàn viên", a column header), so the
        /// message can say why the label did not tell the unit.
        label: Option<(String, String)>,
    },
}

const UNIT_CODE_LABELS: [&str; 3] = ["ma don vi", "ma cd", "ma cong doan"];

/// True when a text can be a unit's code (`CD07`, `cd-07`, `07/LĐ`): one short
/// word of letters and digits, with a digit in it. A label ("Số đoàn viên", "Ghi
/// chú", "STT") never is, so a header row is never read as a code.
fn looks_like_code(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.chars().count() <= 20
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
}

/// Finds the unit a file that is not a vanban form comes from: a cell holding a
/// roster code or name, a "Mã đơn vị" label followed by a code, or the file name.
pub fn find_unit(book: &Workbook, keys: &CampaignKeys<'_>, file_name: &str) -> UnitMatch {
    let units = &keys.campaign.reporting.units;
    let mut hits: Vec<(usize, String)> = Vec::new();
    let mut unknown: Option<(String, String)> = None;
    let mut label: Option<(String, String)> = None;
    for sheet in &book.sheets {
        for cell in &sheet.cells {
            let Some((t, _)) = cell_text(&cell.value) else {
                continue;
            };
            let trimmed = t.trim();
            let key = text::loose_key(trimmed);
            let at = format!("{} › {}", sheet.name, a1(cell.row, cell.col));
            if let Some(i) = keys.unit_by_code_any_case(trimmed) {
                hits.push((i, format!("code `{}` in {at}", units[i].code)));
                continue;
            }
            let stripped = ["ten don vi:", "don vi:", "ten don vi", "don vi"]
                .iter()
                .find_map(|p| key.strip_prefix(p))
                .map(str::trim)
                .unwrap_or(&key);
            let code_part = UNIT_CODE_LABELS
                .iter()
                .find_map(|l| key.strip_prefix(l).and_then(|r| r.strip_prefix(':')))
                .map(str::trim);
            if let Some(code) = code_part.filter(|c| looks_like_code(c)) {
                match keys.unit_by_code_any_case(code) {
                    Some(i) => hits.push((i, format!("code `{}` in {at}", units[i].code))),
                    None if unknown.is_none() => unknown = Some((code.to_uppercase(), at)),
                    None => {}
                }
                continue;
            }
            if let Some(i) = keys.unit_by_name_key(stripped) {
                hits.push((i, format!("name \"{}\" in {at}", units[i].name)));
                continue;
            }
            if UNIT_CODE_LABELS
                .iter()
                .any(|l| key == *l || key.strip_suffix(':') == Some(l))
            {
                // The code beside the label, or below it when the label heads a
                // column; a header beside it ("Số đoàn viên") is no code.
                let text_at = |c: &crate::sheets::read::Cell| {
                    cell_text(&c.value).map(|(t, _)| (t.trim().to_string(), c.row, c.col))
                };
                let beside = sheet
                    .cells
                    .iter()
                    .find(|c| c.row == cell.row && c.col > cell.col)
                    .and_then(text_at);
                let below = sheet
                    .cells
                    .iter()
                    .find(|c| c.col == cell.col && c.row == cell.row + 1)
                    .and_then(text_at);
                let code = [&beside, &below]
                    .into_iter()
                    .flatten()
                    .find(|(t, _, _)| looks_like_code(t));
                match code {
                    Some((code, row, col))
                        if keys.unit_by_code_any_case(code).is_none() && unknown.is_none() =>
                    {
                        unknown =
                            Some((code.clone(), format!("{} › {}", sheet.name, a1(*row, *col))));
                    }
                    Some(_) => {}
                    None if label.is_none() => {
                        label = Some((at.clone(), beside.map(|(t, _, _)| t).unwrap_or_default()));
                    }
                    None => {}
                }
            }
        }
    }
    hits.sort_by_key(|(i, _)| *i);
    hits.dedup_by_key(|(i, _)| *i);
    match hits.len() {
        1 => {
            let (index, how) = hits.remove(0);
            return UnitMatch::Roster {
                index,
                how,
                from_file_name: false,
            };
        }
        n if n > 1 => {
            return UnitMatch::Several(
                hits.into_iter()
                    .map(|(i, _)| units[i].code.clone())
                    .collect(),
            );
        }
        _ => {}
    }
    if let Some((code, at)) = unknown {
        return UnitMatch::Unknown { code, at };
    }
    if let Some(index) = unit_in_file_name(keys, file_name) {
        return UnitMatch::Roster {
            index,
            how: format!("code `{}` in the file name", units[index].code),
            from_file_name: true,
        };
    }
    UnitMatch::None { label }
}

/// The roster unit whose code, alone among the roster's, is a word of the file's
/// name (`returns/CD07 (2).xlsx`, `bao-cao-cd07.xls`), in any ASCII case.
pub(crate) fn unit_in_file_name(keys: &CampaignKeys<'_>, file_name: &str) -> Option<usize> {
    let stem = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(file_name)
        .to_ascii_uppercase();
    let mut in_name = keys
        .campaign
        .reporting
        .units
        .iter()
        .enumerate()
        .filter(|(_, u)| contains_token(&stem, &u.code.to_ascii_uppercase()))
        .map(|(i, _)| i);
    match (in_name.next(), in_name.next()) {
        (Some(i), None) => Some(i),
        _ => None,
    }
}

/// True when `needle` occurs in `hay` not glued to other letters or digits.
fn contains_token(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_parse() {
        let cases = [
            ("_vanban!$B$3", Some(("_vanban", 2, 1))),
            ("='Biểu 1'!E12", Some(("Biểu 1", 11, 4))),
            ("'It''s'!A1", Some(("It's", 0, 0))),
            ("Sheet1!$A$1:$B$2", None),
            ("nonsense", None),
        ];
        for (input, want) in cases {
            let got = parse_reference(input);
            assert_eq!(
                got.as_ref().map(|(s, r, c)| (s.as_str(), *r, *c)),
                want,
                "{input}"
            );
        }
    }

    #[test]
    fn labels_match_with_enumerators_and_units() {
        let label = text::loose_key("Nhà Mái ấm Công đoàn xây tặng");
        for (cell, ok) in [
            ("1. Nhà mái ấm công đoàn xây tặng", true),
            ("NHÀ MÁI ẤM CÔNG ĐOÀN XÂY TẶNG (căn)", true),
            ("- Nhà  Mái ấm Công đoàn xây tặng:", true),
            ("Nhà Mái ấm Công đoàn xây tặng mới", false),
            ("Nhà", false),
        ] {
            assert_eq!(names_label(&text::loose_key(cell), &label), ok, "{cell}");
        }
    }

    fn text_cell(row: u32, col: u32, t: &str) -> crate::sheets::read::Cell {
        crate::sheets::read::Cell {
            row,
            col,
            value: Value::Text(t.to_string()),
        }
    }

    #[test]
    fn a_label_that_is_also_a_column_header_is_found_in_the_label_column() {
        let mut campaign = crate::sheets::forms::sample::campaign(1);
        campaign.reporting.indicators[4].label = "Ghi chú".into();
        let mut cells = vec![
            text_cell(8, 1, "Chỉ tiêu"),
            text_cell(8, 3, "Số liệu"),
            text_cell(8, 4, "Ghi chú"),
            text_cell(0, 0, "Mã đơn vị: cd001"),
        ];
        for (i, ind) in campaign.reporting.indicators.iter().enumerate() {
            cells.push(text_cell(9 + i as u32, 1, &ind.label));
        }
        cells.sort_by_key(|c| (c.row, c.col));
        let book = Workbook {
            format: crate::sheets::read::Format::Xlsx,
            sheets: vec![Sheet {
                name: "S".into(),
                visible: true,
                cells,
                duplicates: vec![],
            }],
            names: vec![],
            modified: None,
        };
        let table = find_table(&book, &CampaignKeys::new(&campaign), None).unwrap();
        let ghi_chu = table.found.iter().find(|l| l.indicator == 4).unwrap();
        assert_eq!(ghi_chu.label_cell, (13, 1));
        assert_eq!(ghi_chu.value_cell, (13, 3));
        assert!(
            table.value_column_from.contains("\"Số liệu\""),
            "{}",
            table.value_column_from
        );
        assert!(matches!(
            find_unit(&book, &CampaignKeys::new(&campaign), "x.xlsx"),
            UnitMatch::Roster { index: 0, .. }
        ));
    }

    #[test]
    fn units_are_found_by_code_name_label_or_file_name() {
        let campaign = crate::sheets::forms::sample::campaign(3);
        let name1 = campaign.reporting.units[0].name.clone();
        let book = |cells: Vec<crate::sheets::read::Cell>| Workbook {
            format: crate::sheets::read::Format::Xlsx,
            sheets: vec![Sheet {
                name: "S".into(),
                visible: true,
                cells,
                duplicates: vec![],
            }],
            names: vec![],
            modified: None,
        };
        let describe = |m: UnitMatch| match m {
            UnitMatch::Roster {
                index,
                from_file_name,
                ..
            } => format!(
                "roster {index}{}",
                if from_file_name { " (file name)" } else { "" }
            ),
            UnitMatch::Unknown { code, at } => format!("unknown {code} at {at}"),
            UnitMatch::Several(codes) => format!("several {}", codes.join(",")),
            UnitMatch::None { label: None } => "none".to_string(),
            UnitMatch::None {
                label: Some((at, next)),
            } => format!("none: label at {at} beside \"{next}\""),
        };
        let cases = vec![
            (vec![text_cell(1, 1, " cd002 ")], "x.xlsx", "roster 1"),
            (
                vec![text_cell(
                    1,
                    0,
                    &format!("Đơn vị: {}", name1.to_uppercase()),
                )],
                "x.xlsx",
                "roster 0",
            ),
            (
                vec![text_cell(2, 0, "Mã đơn vị:"), text_cell(2, 2, "CD777")],
                "x.xlsx",
                "unknown CD777 at S › C3",
            ),
            (
                vec![text_cell(0, 0, "CD001"), text_cell(0, 1, "CD003")],
                "x.xlsx",
                "several CD001,CD003",
            ),
            (
                vec![],
                "tra-ve/bao cao CD003 (1).xlsx",
                "roster 2 (file name)",
            ),
            (vec![], "tra-ve/CD0031.xlsx", "none"),
            // A header row: the label heads a column, a header beside it.
            (
                vec![
                    text_cell(3, 0, "Mã đơn vị"),
                    text_cell(3, 1, "Số đoàn viên"),
                    text_cell(3, 2, "Ghi chú"),
                    text_cell(4, 1, "120"),
                ],
                "x.xlsx",
                "none: label at S › A4 beside \"Số đoàn viên\"",
            ),
            (
                vec![
                    text_cell(3, 0, "Mã đơn vị"),
                    text_cell(3, 1, "Số đoàn viên"),
                    text_cell(4, 0, "CD777"),
                ],
                "x.xlsx",
                "unknown CD777 at S › A5",
            ),
            (
                vec![
                    text_cell(3, 0, "Mã đơn vị"),
                    text_cell(3, 1, "Số đoàn viên"),
                ],
                "bao cao CD002.xlsx",
                "roster 1 (file name)",
            ),
            (
                vec![text_cell(0, 0, "Mã đơn vị: Số đoàn viên")],
                "x.xlsx",
                "none",
            ),
        ];
        for (cells, file, want) in cases {
            assert_eq!(
                describe(find_unit(&book(cells), &CampaignKeys::new(&campaign), file)),
                want,
                "{file}"
            );
        }
    }

    #[test]
    fn tokens_in_file_names() {
        assert!(contains_token("BAO CAO CD07.XLSX", "CD07"));
        assert!(!contains_token("BAO CAO CD071.XLSX", "CD07"));
    }
}
