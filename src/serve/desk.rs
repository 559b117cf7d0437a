//! The work behind the pages: each function takes the served folder, a campaign's
//! name and what the clerk gave, calls the library's workflow steps exactly as the
//! command line does (the same `Folder`, the same readers, the same limits) and
//! returns what the page shows. No decision here the command line does not share:
//! the statuses, reasons and totals are the tổng hợp's.
//!
//! Everything here blocks (files, child readers, LibreOffice): the handlers run it
//! on tokio's blocking pool, under the campaign's lock when it writes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;
use vanban::campaign::Campaign;
use vanban::diagnostic::{Diagnostic, Location};
use vanban::folder::Folder;
use vanban::limits::Limits;
use vanban::sheets::merge::InputFile;
use vanban::tonghop::{Entry as Figure, FileStatus, TongHop, UnitStatus};
use vanban::workflow::{self, paths};

use super::folder::DeskFolder;
use crate::cli::merge::{ChildReader, Threads};
use crate::i18n::{Lang, Messages};

/// A problem as a page shows it: severity, message, place (tệp › trang tính › ô),
/// hints.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// "lỗi" or "cảnh báo".
    pub severity: String,
    /// True for an error.
    pub error: bool,
    /// What is wrong and what to do.
    pub message: String,
    /// Where.
    pub place: Option<String>,
    /// The system's own words, when it gave any.
    pub reason: Option<String>,
    /// What may help.
    pub hints: Vec<String>,
}

/// The web desk's words: always Vietnamese, whatever the server's terminal uses.
pub fn messages() -> &'static Messages {
    Messages::get(Lang::Vi)
}

/// A diagnostic in the page's words.
pub fn problem(d: &Diagnostic) -> Problem {
    let w = messages().word(d);
    Problem {
        severity: w.severity,
        error: d.is_error(),
        message: quoted(&w.message),
        place: w.location.as_deref().map(quoted),
        reason: w.reason,
        hints: w.hints.iter().map(|h| quoted(h)).collect(),
    }
}

/// The terminal's `code quotes` as a page writes names: “returns/CD01.xlsx”. An
/// unpaired backtick is left as it is.
pub fn quoted(text: &str) -> String {
    if !text.matches('`').count().is_multiple_of(2) {
        return text.to_string();
    }
    let mut open = false;
    text.chars()
        .map(|c| match c {
            '`' => {
                open = !open;
                if open { '“' } else { '”' }
            }
            c => c,
        })
        .collect()
}

/// The problems of a list of diagnostics.
pub fn problems(ds: &[Diagnostic]) -> Vec<Problem> {
    ds.iter().map(problem).collect()
}

/// True when `name` can be a campaign of the served folder: one plain folder name
/// (no separator, no `..`, not hidden), so a name from a URL never leaves it.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 80
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !name.contains("..")
}

/// The campaign folder `name` of `root`, when it is one (holds `campaign.json`).
pub fn campaign_dir(root: &Path, name: &str) -> Option<PathBuf> {
    if !valid_name(name) {
        return None;
    }
    let dir = root.join(name);
    dir.join(paths::CAMPAIGN).is_file().then_some(dir)
}

/// The campaign `name` on disk, as the library's folder.
pub fn folder(root: &Path, name: &str) -> Option<DeskFolder> {
    campaign_dir(root, name).map(|d| DeskFolder::on_disk(d, name))
}

/// A date as Vietnamese offices write it: `27/7/2017`.
pub fn vn_date(d: NaiveDate) -> String {
    d.format("%-d/%-m/%Y").to_string()
}

/// A campaign as the home page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    /// Its folder name.
    pub id: String,
    /// Its title ("Phối hợp, tham gia làm công tác dân vận năm 2017").
    pub title: String,
    /// The plan was written (`out/ke-hoach.docx` exists).
    pub plan_issued: bool,
    /// Whether the campaign collects returns.
    pub reporting: bool,
    /// Units with a return received.
    pub reported: usize,
    /// Units on the roster.
    pub units: usize,
    /// The deadline, `27/7/2017`.
    pub deadline: String,
    /// Days from today to the deadline (negative: past).
    pub days_left: i64,
    /// The campaign file cannot be read: why.
    pub broken: Option<String>,
}

/// The campaigns of the served folder, by name.
pub fn cards(root: &Path, today: NaiveDate) -> Vec<Card> {
    let mut names: Vec<String> = std::fs::read_dir(root)
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.path().join(paths::CAMPAIGN).is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| valid_name(n))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
        .into_iter()
        .filter_map(|name| {
            let f = folder(root, &name)?;
            Some(card(&f, &name, today))
        })
        .collect()
}

fn card(f: &DeskFolder, name: &str, today: NaiveDate) -> Card {
    let mut card = Card {
        id: name.to_string(),
        title: name.to_string(),
        plan_issued: f.exists(paths::PLAN),
        reporting: false,
        reported: 0,
        units: 0,
        deadline: String::new(),
        days_left: 0,
        broken: None,
    };
    match workflow::load_campaign(f) {
        Ok(c) => {
            card.title = c.campaign.name.clone();
            if c.given.reporting {
                card.reporting = true;
                card.units = c.reporting.units.len();
                card.deadline = vn_date(c.reporting.deadline.0);
                card.days_left = (c.reporting.deadline.0 - today).num_days();
                // Counted as the merge counts them (a blank or rejected return is
                // not a report), so the home page and the tổng hợp agree.
                card.reported = board(f.path(""), name)
                    .units
                    .iter()
                    .filter(|u| matches!(u.status, "da-nop" | "nop-muon" | "co-canh-bao"))
                    .count();
            }
        }
        Err(ds) => card.broken = ds.first().map(|d| problem(d).message),
    }
    card
}

/// Makes a new campaign folder `name` from the built-in sample or from the
/// campaign `from` (its `campaign.json`, body texts and templates; not its returns
/// or outputs).
pub fn create(root: &Path, name: &str, from: Option<&str>) -> Result<(), String> {
    if !valid_name(name) {
        return Err(
            "Tên thư mục chỉ gồm chữ, số, dấu gạch ngang (-) hoặc gạch dưới (_), ví dụ: dan-van-2026."
                .into(),
        );
    }
    let dir = root.join(name);
    if dir.exists() {
        return Err(format!("Đã có thư mục «{name}». Hãy chọn một tên khác."));
    }
    let write = |rel: &str, bytes: &[u8]| {
        crate::cli::fsio::write_atomic(&dir.join(rel), bytes).map_err(|e| e.to_string())
    };
    match from {
        None => {
            for (file, text) in vanban::campaign::sample::FILES {
                let text = if *file == paths::CAMPAIGN {
                    vanban::campaign::sample::with_id(text, name)
                } else {
                    text.to_string()
                };
                write(file, text.as_bytes())?;
            }
        }
        Some(src) => {
            let Some(src_dir) = campaign_dir(root, src) else {
                return Err(format!("Không thấy đợt công tác «{src}»."));
            };
            let copy = |rel: &str| -> Result<(), String> {
                match std::fs::read(src_dir.join(rel)) {
                    Ok(bytes) => write(rel, &bytes),
                    Err(_) => Ok(()),
                }
            };
            let text = std::fs::read_to_string(src_dir.join(paths::CAMPAIGN))
                .map_err(|e| e.to_string())?;
            let mut value: Value = serde_json::from_str(&text).map_err(|_| {
                format!("Tệp campaign.json của đợt «{src}» không đọc được; hãy tạo từ đợt mẫu.")
            })?;
            // The new campaign is named after its folder, so its forms are not
            // taken for the previous campaign's.
            value["campaign"]["id"] = Value::String(name.to_string());
            let json = serde_json::to_string_pretty(&value).unwrap_or_default() + "\n";
            write(paths::CAMPAIGN, json.as_bytes())?;
            {
                for block in ["plan", "report"] {
                    if let Some(body) = value[block]["body"].as_str()
                        && is_plain_relative(body)
                    {
                        copy(body)?;
                    }
                }
            }
            for t in ["ke-hoach.docx", "bao-cao.docx"] {
                copy(&format!("{}/{t}", paths::TEMPLATES))?;
            }
        }
    }
    std::fs::create_dir_all(dir.join(vanban::folder::RETURNS_DIR)).map_err(|e| e.to_string())
}

/// A relative path inside the folder (no `..`, not absolute).
fn is_plain_relative(p: &str) -> bool {
    !p.is_empty()
        && !p.starts_with('/')
        && !p.starts_with('\\')
        && !p.contains(':')
        && p.split(['/', '\\']).all(|s| s != ".." && !s.is_empty())
}

// ---------------------------------------------------------------------------
// The campaign form

/// The indicator kinds as the form writes them, and as `campaign.json` does.
pub const KINDS: [(&str, &str); 4] = [
    ("count", "số nguyên"),
    ("money", "số tiền"),
    ("decimal", "số thập phân"),
    ("text", "chữ"),
];

/// Everything of `campaign.json` the form edits, as text fields.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct CampaignForm {
    pub ten_dot: String,
    pub nam: String,
    pub cap_tren: String,
    pub co_quan: String,
    pub viet_tat: String,
    pub dia_danh: String,
    pub tm: String,
    pub chuc_vu: String,
    pub nguoi_ky: String,
    pub kh_so: String,
    pub kh_ngay: String,
    pub kh_trich_yeu: String,
    pub kh_can_cu: String,
    pub kh_noi_nhan: String,
    pub kh_noi_dung: String,
    pub bc_so: String,
    pub bc_ngay: String,
    pub bc_trich_yeu: String,
    pub bc_kinh_gui: String,
    pub bc_noi_nhan: String,
    pub bc_noi_dung: String,
    pub tu_ngay: String,
    pub den_ngay: String,
    pub han_nop: String,
    pub danh_sach: String,
    pub chi_tieu: String,
}

fn s(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

fn lines(v: &Value) -> String {
    v.as_array()
        .map(|a| a.iter().map(s).collect::<Vec<_>>().join("\n"))
        .unwrap_or_default()
}

fn date_field(v: &Value) -> String {
    let text = s(v);
    match vanban::campaign::model::Date::parse(&text) {
        Some(d) => vn_date(d.0),
        None => text,
    }
}

/// The form of a campaign folder: its `campaign.json` and body texts.
pub fn read_form(f: &DeskFolder) -> Result<(CampaignForm, Value), String> {
    let text = vanban::folder::read_text(f, paths::CAMPAIGN).map_err(|d| problem(&d).message)?;
    let v: Value = serde_json::from_str(&text).map_err(|e| {
        format!("Tệp campaign.json không đọc được ({e}); hãy sửa tệp hoặc tạo đợt mới.")
    })?;
    let body = |block: &str| {
        v[block]["body"]
            .as_str()
            .filter(|b| is_plain_relative(b))
            .and_then(|b| vanban::folder::read_text(f, b).ok())
            .unwrap_or_default()
    };
    let units = v["reporting"]["units"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|u| {
                    let mut cols = vec![s(&u["code"]), s(&u["name"])];
                    if !s(&u["group"]).is_empty() {
                        cols.push(s(&u["group"]));
                    }
                    cols.join("\t")
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default();
    let indicators = v["reporting"]["indicators"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|i| {
                    let kind = s(&i["kind"]);
                    let kind = KINDS
                        .iter()
                        .find(|(k, _)| *k == kind)
                        .map_or(kind.clone(), |(_, vi)| vi.to_string());
                    [s(&i["code"]), s(&i["label"]), s(&i["unit"]), kind].join("\t")
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default();
    let form = CampaignForm {
        ten_dot: s(&v["campaign"]["name"]),
        nam: s(&v["campaign"]["year"]),
        cap_tren: s(&v["issuer"]["superior"]),
        co_quan: s(&v["issuer"]["name"]),
        viet_tat: s(&v["issuer"]["abbreviation"]),
        dia_danh: s(&v["issuer"]["place"]),
        tm: s(&v["signer"]["authority"]),
        chuc_vu: s(&v["signer"]["title"]),
        nguoi_ky: s(&v["signer"]["name"]),
        kh_so: s(&v["plan"]["number"]),
        kh_ngay: date_field(&v["plan"]["date"]),
        kh_trich_yeu: s(&v["plan"]["summary"]),
        kh_can_cu: lines(&v["plan"]["based_on"]),
        kh_noi_nhan: lines(&v["plan"]["recipients"]),
        kh_noi_dung: body("plan"),
        bc_so: s(&v["report"]["number"]),
        bc_ngay: date_field(&v["report"]["date"]),
        bc_trich_yeu: s(&v["report"]["summary"]),
        bc_kinh_gui: lines(&v["report"]["kinh_gui"]),
        bc_noi_nhan: lines(&v["report"]["recipients"]),
        bc_noi_dung: body("report"),
        tu_ngay: date_field(&v["reporting"]["period_from"]),
        den_ngay: date_field(&v["reporting"]["period_to"]),
        han_nop: date_field(&v["reporting"]["deadline"]),
        danh_sach: units,
        chi_tieu: indicators,
    };
    Ok((form, v))
}

/// The problems of the form, by field name (`han_nop`, `danh_sach`…).
pub type FieldProblems = BTreeMap<String, Vec<String>>;

fn columns(line: &str) -> Vec<String> {
    let sep = if line.contains('\t') {
        '\t'
    } else if line.contains('|') {
        '|'
    } else {
        ';'
    };
    line.split(sep).map(|c| c.trim().to_string()).collect()
}

fn non_empty_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty())
}

/// The roster pasted from Excel: two columns (mã, tên) or three (mã, tên, khối),
/// separated by tabs (as Excel copies them), `|` or `;`. A first line whose first
/// cell reads "mã" is a header and skipped.
pub fn parse_roster(text: &str, problems: &mut FieldProblems) -> Vec<Value> {
    let mut units = Vec::new();
    for (n, line) in non_empty_lines(text) {
        let cols = columns(line);
        let first = cols[0].to_lowercase();
        if units.is_empty() && (first == "mã" || first.starts_with("mã ")) {
            continue;
        }
        if cols.len() < 2 || cols[1].is_empty() {
            problems.entry("danh_sach".into()).or_default().push(format!(
                "Dòng {n} («{}»): cần ít nhất hai cột, mã và tên đơn vị (thêm cột thứ ba là khối nếu có).",
                line.trim()
            ));
            continue;
        }
        let mut unit = serde_json::Map::new();
        unit.insert("code".into(), cols[0].clone().into());
        unit.insert("name".into(), cols[1].clone().into());
        if let Some(group) = cols.get(2).filter(|g| !g.is_empty()) {
            unit.insert("group".into(), group.clone().into());
        }
        units.push(Value::Object(unit));
    }
    units
}

/// The indicators, one a line: mã, tên chỉ tiêu, đơn vị tính, loại (số nguyên, số
/// tiền, số thập phân, chữ).
pub fn parse_indicators(text: &str, problems: &mut FieldProblems) -> Vec<Value> {
    let mut out = Vec::new();
    for (n, line) in non_empty_lines(text) {
        let cols = columns(line);
        if cols.len() < 4 {
            problems.entry("chi_tieu".into()).or_default().push(format!(
                "Dòng {n} («{}»): cần bốn cột: mã, tên chỉ tiêu, đơn vị tính, loại.",
                line.trim()
            ));
            continue;
        }
        let kind = cols[3].to_lowercase();
        let Some((code, _)) = KINDS.iter().find(|(k, vi)| *k == kind || *vi == kind) else {
            problems.entry("chi_tieu".into()).or_default().push(format!(
                "Dòng {n}: loại «{}» không có; hãy viết một trong: số nguyên, số tiền, số thập phân, chữ.",
                cols[3]
            ));
            continue;
        };
        out.push(serde_json::json!({
            "code": cols[0], "label": cols[1], "unit": cols[2], "kind": code,
        }));
    }
    out
}

fn text_lines(t: &str) -> Value {
    Value::Array(
        non_empty_lines(t)
            .map(|(_, l)| Value::String(l.trim().to_string()))
            .collect(),
    )
}

/// The field of the form a campaign-file path belongs to.
fn field_of(path: &str) -> &'static str {
    const FIELDS: &[(&str, &str)] = &[
        ("campaign.name", "ten_dot"),
        ("campaign.year", "nam"),
        ("issuer.superior", "cap_tren"),
        ("issuer.name", "co_quan"),
        ("issuer.abbreviation", "viet_tat"),
        ("issuer.place", "dia_danh"),
        ("signer.authority", "tm"),
        ("signer.title", "chuc_vu"),
        ("signer.name", "nguoi_ky"),
        ("plan.number", "kh_so"),
        ("plan.date", "kh_ngay"),
        ("plan.summary", "kh_trich_yeu"),
        ("plan.based_on", "kh_can_cu"),
        ("plan.recipients", "kh_noi_nhan"),
        ("report.number", "bc_so"),
        ("report.date", "bc_ngay"),
        ("report.summary", "bc_trich_yeu"),
        ("report.kinh_gui", "bc_kinh_gui"),
        ("report.recipients", "bc_noi_nhan"),
        ("reporting.period_from", "tu_ngay"),
        ("reporting.period_to", "den_ngay"),
        ("reporting.deadline", "han_nop"),
        ("reporting.units", "danh_sach"),
        ("reporting.indicators", "chi_tieu"),
    ];
    FIELDS
        .iter()
        .find(|(p, _)| path.starts_with(p))
        .map_or("chung", |(_, f)| f)
}

fn set(v: &mut Value, block: &str, key: &str, value: Value) {
    if !v[block].is_object() {
        v[block] = Value::Object(Default::default());
    }
    v[block][key] = value;
}

/// Applies the form to the campaign's `campaign.json` (what the form does not show,
/// such as checks or named dates, is kept) and checks it with the campaign loader.
/// On success gives the new `campaign.json` text and the body texts to write;
/// otherwise the problems by field, nothing written.
pub fn apply_form(
    form: &CampaignForm,
    mut v: Value,
) -> Result<(String, Vec<(String, String)>), FieldProblems> {
    let mut problems = FieldProblems::new();
    let date_problems = std::cell::RefCell::new(FieldProblems::new());
    let date = |field: &str, text: &str| -> Value {
        match vanban::campaign::model::Date::parse(text) {
            Some(d) => Value::String(d.to_string()),
            None => {
                date_problems
                    .borrow_mut()
                    .entry(field.into())
                    .or_default()
                    .push(format!(
                        "«{text}» chưa phải là ngày: hãy viết ngày/tháng/năm, ví dụ 27/7/2017."
                    ));
                Value::String(text.to_string())
            }
        }
    };
    let number = |text: &str| -> Value {
        text.trim()
            .parse::<u64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::String(text.trim().to_string()))
    };
    if !v.is_object() {
        v = Value::Object(Default::default());
    }
    set(&mut v, "campaign", "name", form.ten_dot.trim().into());
    set(&mut v, "campaign", "year", number(&form.nam));
    set(&mut v, "issuer", "superior", form.cap_tren.trim().into());
    set(&mut v, "issuer", "name", form.co_quan.trim().into());
    set(
        &mut v,
        "issuer",
        "abbreviation",
        form.viet_tat.trim().into(),
    );
    set(&mut v, "issuer", "place", form.dia_danh.trim().into());
    set(&mut v, "signer", "authority", form.tm.trim().into());
    set(&mut v, "signer", "title", form.chuc_vu.trim().into());
    set(&mut v, "signer", "name", form.nguoi_ky.trim().into());
    set(&mut v, "plan", "number", number(&form.kh_so));
    let d = date("kh_ngay", &form.kh_ngay);
    set(&mut v, "plan", "date", d);
    set(&mut v, "plan", "summary", form.kh_trich_yeu.trim().into());
    set(&mut v, "plan", "based_on", text_lines(&form.kh_can_cu));
    set(&mut v, "plan", "recipients", text_lines(&form.kh_noi_nhan));
    let mut bodies = Vec::new();
    let body_path = |v: &Value, block: &str, default: &str| {
        v[block]["body"]
            .as_str()
            .filter(|b| is_plain_relative(b))
            .unwrap_or(default)
            .to_string()
    };
    let plan_body = body_path(&v, "plan", "ke-hoach.txt");
    set(&mut v, "plan", "body", plan_body.clone().into());
    bodies.push((plan_body, form.kh_noi_dung.replace("\r\n", "\n")));
    if v["report"].is_object() || !form.bc_trich_yeu.trim().is_empty() {
        set(&mut v, "report", "number", number(&form.bc_so));
        let d = date("bc_ngay", &form.bc_ngay);
        set(&mut v, "report", "date", d);
        set(&mut v, "report", "summary", form.bc_trich_yeu.trim().into());
        set(&mut v, "report", "kinh_gui", text_lines(&form.bc_kinh_gui));
        set(
            &mut v,
            "report",
            "recipients",
            text_lines(&form.bc_noi_nhan),
        );
        let report_body = body_path(&v, "report", "bao-cao.txt");
        set(&mut v, "report", "body", report_body.clone().into());
        bodies.push((report_body, form.bc_noi_dung.replace("\r\n", "\n")));
    }
    let units = parse_roster(&form.danh_sach, &mut problems);
    let indicators = parse_indicators(&form.chi_tieu, &mut problems);
    let from = date("tu_ngay", &form.tu_ngay);
    let to = date("den_ngay", &form.den_ngay);
    let deadline = date("han_nop", &form.han_nop);
    set(&mut v, "reporting", "period_from", from);
    set(&mut v, "reporting", "period_to", to);
    set(&mut v, "reporting", "deadline", deadline);
    set(&mut v, "reporting", "units", Value::Array(units));
    // Cross-checks (which the form does not show) on indicators the clerk
    // removed would stop the campaign from loading: they go with them.
    let codes: Vec<String> = indicators
        .iter()
        .filter_map(|i| i["code"].as_str().map(str::to_string))
        .collect();
    if let Some(checks) = v["reporting"]["checks"].as_array_mut() {
        checks.retain(|c| {
            ["if", "needs", "figure", "at_most"]
                .iter()
                .filter_map(|k| c[*k].as_str())
                .all(|code| codes.iter().any(|have| have == code))
        });
    }
    set(&mut v, "reporting", "indicators", Value::Array(indicators));
    for (field, ps) in date_problems.into_inner() {
        problems.entry(field).or_default().extend(ps);
    }
    let text = serde_json::to_string_pretty(&v).unwrap_or_default() + "\n";
    if problems.is_empty()
        && let Err(e) = Campaign::from_json(paths::CAMPAIGN, &text)
    {
        for d in workflow::campaign_error(paths::CAMPAIGN, e) {
            let field = match &d.location {
                Location::Field { path, .. } => field_of(path),
                _ => "chung",
            };
            problems
                .entry(field.into())
                .or_default()
                .push(problem(&d).message);
        }
    }
    if problems.is_empty() {
        Ok((text, bodies))
    } else {
        Err(problems)
    }
}

/// The roster of a workbook the clerk uploaded: its first sheet's first three
/// columns (mã, tên, khối), a header row above them, as the text the form's roster
/// field holds.
pub fn roster_from_workbook(bytes: &[u8]) -> Result<String, String> {
    let rows = vanban::rows::from_workbook(bytes, &Limits::default()).map_err(|_| {
        "Không đọc được tệp danh sách: hãy gửi một bảng tính Excel (.xlsx) có cột mã, tên và khối."
            .to_string()
    })?;
    let mut out = Vec::new();
    for row in rows {
        let Ok(fields) = row.fields else { continue };
        let cols: Vec<String> = fields
            .values()
            .take(3)
            .map(|v| match v {
                Value::String(s) => s.trim().to_string(),
                Value::Null => String::new(),
                other => other.to_string(),
            })
            .collect();
        if cols.iter().any(|c| !c.is_empty()) {
            out.push(cols.join("\t").trim_end().to_string());
        }
    }
    Ok(out.join("\n"))
}

/// The body outline's problems, checked the way the plan step reads it (by writing
/// the plan to a scratch layer): each with its line.
pub fn plan_check(dir: PathBuf, name: &str) -> Vec<Problem> {
    let f = DeskFolder::scratch(dir, name);
    let out = workflow::plan(&f, &workflow::PlanOptions::default());
    problems(&out.diagnostics)
}

// ---------------------------------------------------------------------------
// Documents

/// Where a LibreOffice conversion failed or is not possible.
pub fn to_pdf(docx: &Path) -> Result<PathBuf, String> {
    crate::cli::report::convert_to_pdf(docx, "say-pdf-no-libreoffice").map_err(|f| f.text())
}

/// True when LibreOffice is there to make PDFs.
pub fn can_make_pdf() -> bool {
    crate::cli::report::find_soffice().is_some()
}

/// What a step made, for the page.
#[derive(Debug, Default, Serialize)]
pub struct Made {
    /// The problems (errors and warnings).
    pub problems: Vec<Problem>,
    /// The document was written.
    pub written: bool,
    /// A PDF was written beside it.
    pub pdf: bool,
}

/// Writes the plan (and its PDF when LibreOffice is there).
pub fn make_plan(f: &DeskFolder) -> Made {
    let out = workflow::plan(f, &workflow::PlanOptions::default());
    finish_document(f, out.output.map(|o| o.path), &out.diagnostics)
}

fn finish_document(f: &DeskFolder, path: Option<String>, ds: &[Diagnostic]) -> Made {
    let mut made = Made {
        problems: problems(ds),
        written: path.is_some(),
        pdf: false,
    };
    if let Some(path) = path {
        let docx = f.path(&path);
        let pdf = docx.with_extension("pdf");
        // A PDF of an older document would not match the new one.
        let _ = std::fs::remove_file(&pdf);
        if can_make_pdf() {
            match to_pdf(&docx) {
                Ok(_) => made.pdf = true,
                Err(e) => made.problems.push(Problem {
                    severity: "cảnh báo".into(),
                    error: false,
                    message: e,
                    place: None,
                    reason: None,
                    hints: vec![],
                }),
            }
        }
    }
    made
}

/// Merges the returns (writing `tong-hop.xlsx` and `.json`) and writes the report
/// from them.
pub fn make_report(f: &DeskFolder, today: NaiveDate) -> Made {
    let mut ds = Vec::new();
    let merged = merge(f, Some(today), false);
    ds.extend(merged.diagnostics.into_iter().filter(|d| d.is_error()));
    if merged.output.is_none() {
        return Made {
            problems: problems(&ds),
            ..Made::default()
        };
    }
    let options = workflow::ReportOptions {
        limits: Limits::default(),
        strict: false,
        output: paths::REPORT.to_string(),
    };
    let out = workflow::report(f, &options);
    ds.extend(out.diagnostics);
    finish_document(f, out.output.map(|o| o.path), &ds)
}

/// The merge, as the command line runs it: the returns read by the same readers
/// (risky formats in a child process), on the same threads. In `scratch`, the
/// outputs go to memory.
pub fn merge(
    f: &DeskFolder,
    merged_on: Option<NaiveDate>,
    _scratch: bool,
) -> vanban::diagnostic::Outcome<workflow::MergeOutput> {
    let reader = match ChildReader::new() {
        Ok(r) => r,
        Err(e) => {
            return vanban::diagnostic::Outcome::failed(vec![
                Diagnostic::internal("merge.reader", Location::Nowhere).arg("reason", e.text()),
            ]);
        }
    };
    crate::cli::merge::quiet_reader_panics();
    let workers = Threads::for_files(64);
    workflow::merge(
        f,
        workflow::MergeOptions {
            limits: Limits::default(),
            reader: &reader,
            sent_at: Default::default(),
            merged_on,
            // A desk's campaign is a district's: its workbook is held in memory,
            // and nothing is written outside the campaign's folder.
            scratch: None,
            output_xlsx: paths::TONGHOP_XLSX.to_string(),
            output_json: paths::TONGHOP_JSON.to_string(),
            workers: &workers,
            word: &|d| messages().word(d).message,
            progress: &mut |_, _| {},
        },
    )
}

// ---------------------------------------------------------------------------
// The board

/// A unit's row on the board.
#[derive(Debug, Clone, Serialize)]
pub struct UnitRow {
    pub code: String,
    pub name: String,
    pub group: String,
    /// `chua-nop`, `da-nop`, `nop-muon`, `bieu-trong`, `bi-tra-lai`, `co-canh-bao`.
    pub status: &'static str,
    /// The status in words.
    pub status_text: &'static str,
    /// The file used, in `returns/`.
    pub file: Option<String>,
    /// Its problems.
    pub problems: Vec<Problem>,
}

/// The statuses of the board, in the order the filters show them.
pub const STATUSES: [(&str, &str); 6] = [
    ("chua-nop", "Chưa nộp"),
    ("da-nop", "Đã nộp"),
    ("nop-muon", "Nộp muộn"),
    ("bieu-trong", "Biểu trống"),
    ("bi-tra-lai", "Bị trả lại"),
    ("co-canh-bao", "Có cảnh báo"),
];

fn status_text(key: &str) -> &'static str {
    STATUSES
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("", |(_, t)| t)
}

/// The board: every unit of the roster with its status, from a merge of the
/// returns as they are now (into memory: nothing is written).
#[derive(Debug, Clone, Serialize)]
pub struct Board {
    pub units: Vec<UnitRow>,
    /// How many units have each status, by key.
    pub counts: BTreeMap<String, usize>,
    /// The files read and what became of them.
    pub files: Vec<FileRow>,
    /// Problems of the whole merge (the campaign file, the folder).
    pub problems: Vec<Problem>,
}

/// A file read by the merge.
#[derive(Debug, Clone, Serialize)]
pub struct FileRow {
    /// Its path in the campaign folder.
    pub file: String,
    /// The unit it belongs to.
    pub unit: Option<String>,
    /// `da-nhan`, `co-canh-bao`, `bi-tra-lai`, `bieu-trong`.
    pub status: &'static str,
    /// In words.
    pub status_text: &'static str,
    /// Why rejected, and its warnings, each with its place.
    pub problems: Vec<Problem>,
}

/// The merge's reading of some files of a campaign, as the merge reads them (the
/// same readers, limits and checks), without the others: what became of each.
pub fn check_files(campaign: &Campaign, files: &[InputFile]) -> TongHop {
    crate::cli::merge::quiet_reader_panics();
    let child = ChildReader::new().ok();
    // Without the program's own path (no child process to isolate risky formats
    // in), the in-process reader still reads every format.
    let reader: &dyn vanban::sheets::merge::WorkbookReader = match &child {
        Some(r) => r,
        None => &vanban::sheets::merge::InProcess,
    };
    vanban::sheets::merge::merge_with_unread(
        campaign,
        files,
        &[],
        &Limits::default(),
        reader,
        &Threads::for_files(files.len()),
        &mut |_, _| {},
    )
}

/// The rows of the files a tổng hợp read: each with its status and its problems
/// (the reasons it was rejected, then its warnings), each at its place.
fn file_rows(t: &TongHop, shown: &dyn Fn(&str) -> String) -> Vec<FileRow> {
    t.files
        .iter()
        .map(|fe| {
            let (status, status_text) = match fe.status {
                FileStatus::Accepted => ("da-nhan", "Đã nhận"),
                FileStatus::AcceptedWithWarnings => ("co-canh-bao", "Có cảnh báo"),
                FileStatus::Rejected => ("bi-tra-lai", "Bị trả lại"),
                FileStatus::Blank => ("bieu-trong", "Biểu trống"),
            };
            let mut ps = problems(&fe.reasons);
            ps.extend(
                t.issues
                    .iter()
                    .filter(|d| {
                        let at = d.location.file_name();
                        at == Some(fe.file.as_str()) || at == Some(shown(&fe.file).as_str())
                    })
                    .filter(|d| !fe.reasons.contains(d))
                    .map(problem),
            );
            FileRow {
                file: fe.file.clone(),
                unit: fe.unit.clone(),
                status,
                status_text,
                problems: ps,
            }
        })
        .collect()
}

/// A unit's state, from the files received under its code (`returns/CD07*.xlsx`)
/// only: for its own page, without reading every unit's return.
pub fn unit_state(dir: PathBuf, name: &str, code: &str) -> Option<UnitRow> {
    let f = DeskFolder::on_disk(dir, name);
    let campaign = workflow::load_campaign(&f).ok()?;
    let unit = campaign.reporting.units.iter().find(|u| u.code == code)?;
    let prefix = format!("{}/{code}", vanban::folder::RETURNS_DIR);
    let files: Vec<InputFile> = vanban::folder::returns(&f)
        .ok()?
        .into_iter()
        .filter(|e| {
            e.path
                .strip_prefix(&prefix)
                .is_some_and(|rest| rest.starts_with('.') || rest.starts_with(" ("))
        })
        .filter_map(|e| {
            Some(InputFile {
                bytes: f.read(&e.path).ok()?,
                display_name: e.path,
                modified: e.modified,
            })
        })
        .collect();
    let t = (!files.is_empty()).then(|| check_files(&campaign, &files));
    let rows = t
        .as_ref()
        .map(|t| file_rows(t, &|p| f.display(p)))
        .unwrap_or_default();
    Some(unit_row(unit, t.as_ref(), &rows))
}

fn unit_row(u: &vanban::campaign::model::Unit, t: Option<&TongHop>, files: &[FileRow]) -> UnitRow {
    let entry = t.and_then(|t| t.unit(&u.code));
    let status = match entry {
        None => "chua-nop",
        Some(e) => match e.status {
            UnitStatus::Missing => "chua-nop",
            UnitStatus::Rejected => "bi-tra-lai",
            UnitStatus::Blank => "bieu-trong",
            _ if e.late => "nop-muon",
            UnitStatus::AcceptedWithWarnings => "co-canh-bao",
            UnitStatus::Accepted => "da-nop",
        },
    };
    let file = entry.and_then(|e| e.file.clone()).or_else(|| {
        // A rejected return has no file in the unit's entry: the file row says.
        files
            .iter()
            .rev()
            .find(|fr| fr.unit.as_deref() == Some(u.code.as_str()))
            .map(|fr| fr.file.clone())
    });
    let unit_problems = file
        .as_ref()
        .and_then(|p| files.iter().find(|fr| &fr.file == p))
        .map(|fr| fr.problems.clone())
        .unwrap_or_default();
    UnitRow {
        code: u.code.clone(),
        name: u.name.clone(),
        group: u.group.clone(),
        status,
        status_text: status_text(status),
        file,
        problems: unit_problems,
    }
}

/// The board of the campaign.
pub fn board(dir: PathBuf, name: &str) -> Board {
    let f = DeskFolder::scratch(dir, name);
    let campaign = match workflow::load_campaign(&f) {
        Ok(c) => c,
        Err(ds) => {
            return Board {
                units: vec![],
                counts: BTreeMap::new(),
                files: vec![],
                problems: problems(&ds),
            };
        }
    };
    let has_returns = vanban::folder::returns(&f).is_ok_and(|r| !r.is_empty());
    let out = if has_returns {
        Some(merge(&f, None, true))
    } else {
        None
    };
    let tonghop = out
        .as_ref()
        .and_then(|o| o.output.as_ref())
        .map(|m| &m.tonghop);
    let mut board_problems = Vec::new();
    if let Some(o) = &out
        && o.output.is_none()
    {
        board_problems = problems(&o.diagnostics);
    }
    let files = tonghop
        .map(|t| file_rows(t, &|p| f.display(p)))
        .unwrap_or_default();
    let mut units = Vec::new();
    let mut counts = BTreeMap::new();
    for u in &campaign.reporting.units {
        let row = unit_row(u, tonghop, &files);
        *counts.entry(row.status.to_string()).or_insert(0) += 1;
        units.push(row);
    }
    Board {
        units,
        counts,
        files,
        problems: board_problems,
    }
}

/// A total of the tổng hợp, for the page.
#[derive(Debug, Clone, Serialize)]
pub struct TotalRow {
    pub label: String,
    pub unit: String,
    /// The total, written the Vietnamese way (`1.250.000`).
    pub total: String,
    /// Units whose figure counts.
    pub reported: usize,
    /// Per group, the group's total, in the order of the roster.
    pub groups: Vec<String>,
}

/// A figure written the Vietnamese way: `1.250.000`, `12,5`.
fn number(n: f64) -> String {
    let decimals = if n.fract() == 0.0 { 0 } else { 2 };
    vanban::vn::number::format_vn_number(n, decimals)
}

/// The totals per indicator and per group of a tổng hợp.
pub fn totals(t: &TongHop) -> (Vec<String>, Vec<TotalRow>) {
    let mut groups: Vec<String> = Vec::new();
    for u in &t.units {
        if !groups.contains(&u.group) {
            groups.push(u.group.clone());
        }
    }
    // One group's column would only repeat the total.
    if groups.len() < 2 {
        groups.clear();
    }
    let rows = t
        .indicators
        .iter()
        .filter(|i| i.kind != vanban::campaign::model::IndicatorKind::Text)
        .map(|i| {
            let by_group = groups
                .iter()
                .map(|g| {
                    let figures = t
                        .units
                        .iter()
                        .filter(|u| &u.group == g && u.status.is_accepted())
                        .filter_map(|u| match u.values.get(&i.code) {
                            Some(Figure::Counted {
                                value: vanban::tonghop::Figure::Number(n),
                            }) => Some(*n),
                            _ => None,
                        });
                    // Added as the totals are, exactly.
                    vanban::tonghop::exact_total(i.kind, figures)
                        .map(number)
                        .unwrap_or_default()
                })
                .collect();
            TotalRow {
                label: i.label.clone(),
                unit: i.unit.clone(),
                total: t
                    .totals
                    .get(&i.code)
                    .map(|n| number(*n))
                    .unwrap_or_default(),
                reported: t.reported.get(&i.code).copied().unwrap_or(0),
                groups: by_group,
            }
        })
        .collect();
    // A unit with no group is counted under a named column all the same.
    let shown = groups
        .into_iter()
        .map(|g| {
            if g.trim().is_empty() {
                "Chưa xếp khối".to_string()
            } else {
                g
            }
        })
        .collect();
    (shown, rows)
}

// ---------------------------------------------------------------------------
// Receiving

/// What became of one uploaded file.
#[derive(Debug, Clone, Serialize)]
pub struct Upload {
    /// The name it was uploaded under (shown, never used as a path).
    pub name: String,
    /// `da-nhan`, `co-canh-bao`, `bi-tra-lai`, `bieu-trong`, `da-co`.
    pub status: &'static str,
    /// In words.
    pub status_text: String,
    /// The unit.
    pub unit: Option<String>,
    /// Where it was copied.
    pub path: Option<String>,
    /// Its problems, each with its place.
    pub problems: Vec<Problem>,
}

/// The name an upload is shown under (never used as a path).
pub fn upload_name(raw: &str) -> String {
    vanban::folder::shown_name(raw)
}

/// Takes uploaded files in, as `vanban nhan` does (copied into `returns/` under
/// their unit's code, never over another file; the upload itself is only read),
/// then checks each one as the merge reads it. `only_unit`: a unit's own page,
/// whose files must be that unit's.
pub fn receive(
    f: &DeskFolder,
    dir: PathBuf,
    name: &str,
    uploads: Vec<(String, Vec<u8>)>,
    only_unit: Option<&str>,
) -> (Vec<Upload>, Vec<Problem>) {
    let reader = match ChildReader::new() {
        Ok(r) => r,
        Err(e) => return (vec![], vec![failure_problem(e.text())]),
    };
    crate::cli::merge::quiet_reader_panics();
    let shown: Vec<String> = uploads.iter().map(|(n, _)| upload_name(n)).collect();
    let files: Vec<InputFile> = uploads
        .into_iter()
        .zip(&shown)
        .map(|((_, bytes), n)| InputFile {
            display_name: n.clone(),
            bytes,
            modified: None,
        })
        .collect();
    let mut refused_unit = Vec::new();
    let files = match only_unit {
        None => files,
        Some(unit) => {
            // A unit's page takes that unit's return only: the unit is told the way
            // the merge tells it, before anything is copied.
            let campaign = match workflow::load_campaign(f) {
                Ok(c) => c,
                Err(ds) => return (vec![], problems(&ds)),
            };
            files
                .into_iter()
                .filter(|file| {
                    let told = vanban::sheets::merge::unit_of(
                        &campaign,
                        file,
                        &reader,
                        &Limits::default(),
                    );
                    let ok = matches!(&told, Ok((code, _)) if code == unit);
                    if !ok {
                        refused_unit.push(file.display_name.clone());
                    }
                    ok
                })
                .collect()
        }
    };
    let outcome = workflow::receive(
        f,
        workflow::ReceiveOptions {
            limits: Limits::default(),
            reader: &reader,
            files,
            unread: vec![],
        },
    );
    let Some(output) = outcome.output else {
        return (vec![], problems(&outcome.diagnostics));
    };
    // What became of each file received, as the merge reads it: only these files
    // are read again, not the whole folder.
    let received: Vec<InputFile> = output
        .files
        .iter()
        .filter_map(|r| r.path.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .filter_map(|p| {
            Some(InputFile {
                bytes: f.read(&p).ok()?,
                modified: f.modified(&p),
                display_name: p,
            })
        })
        .collect();
    let rows = match workflow::load_campaign(f) {
        Ok(c) if !received.is_empty() => file_rows(&check_files(&c, &received), &|p| f.display(p)),
        _ => vec![],
    };
    let _ = (dir, name);
    let mut uploads = Vec::new();
    for n in refused_unit {
        uploads.push(Upload {
            name: n,
            status: "bi-tra-lai",
            status_text: "Bị trả lại".into(),
            unit: None,
            path: None,
            problems: vec![failure_problem(format!(
                "Tệp này không phải báo cáo của đơn vị {}: trang này chỉ nhận báo cáo của đơn vị mình. Hãy gửi đúng biểu mẫu của đơn vị.",
                only_unit.unwrap_or_default()
            ))],
        });
    }
    for r in output.files {
        let mut up = Upload {
            name: r.file.clone(),
            status: "bi-tra-lai",
            status_text: "Bị trả lại".into(),
            unit: r.unit.clone(),
            path: r.path.clone(),
            problems: vec![],
        };
        match r.receipt {
            workflow::Receipt::Refused => {
                up.problems = problems(
                    &outcome
                        .diagnostics
                        .iter()
                        .filter(|d| d.location.file_name() == Some(r.file.as_str()))
                        // "not copied; the reasons are above": the page shows it
                        // by the file already.
                        .filter(|d| d.code != workflow::receive::REFUSED)
                        .cloned()
                        .collect::<Vec<_>>(),
                );
            }
            workflow::Receipt::Copied | workflow::Receipt::AlreadyReceived => {
                if let Some(row) = rows.iter().find(|fr| Some(&fr.file) == r.path.as_ref()) {
                    up.status = row.status;
                    up.status_text = row.status_text.to_string();
                    up.problems = row.problems.clone();
                }
                if r.receipt == workflow::Receipt::AlreadyReceived {
                    up.status_text = format!("{} (đã nhận tệp này trước đây)", up.status_text);
                }
            }
        }
        uploads.push(up);
    }
    (uploads, vec![])
}

fn failure_problem(message: String) -> Problem {
    Problem {
        severity: "lỗi".into(),
        error: true,
        message,
        place: None,
        reason: None,
        hints: vec![],
    }
}

/// Every unit's form, made in memory: (file name, bytes), in roster order; with
/// each unit's own link printed on its form when `links` has it.
pub fn forms(
    dir: PathBuf,
    name: &str,
    links: BTreeMap<String, String>,
) -> Result<Vec<(String, Vec<u8>)>, Vec<Problem>> {
    let f = DeskFolder::scratch(dir, name);
    let out = workflow::forms(
        &f,
        &workflow::FormsOptions {
            links,
            ..Default::default()
        },
    );
    let Some(made) = out.output else {
        return Err(problems(&out.diagnostics));
    };
    let written: BTreeMap<String, Vec<u8>> = f.written().into_iter().collect();
    Ok(made
        .paths
        .iter()
        .filter_map(|p| {
            let bytes = written.get(p)?.clone();
            Some((p.rsplit('/').next().unwrap_or(p).to_string(), bytes))
        })
        .collect())
}

/// A zip of files (deflated, fixed times: the same forms give the same bytes).
pub fn zip(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        for (name, bytes) in files {
            if z.start_file(name.as_str(), options).is_ok() {
                let _ = z.write_all(bytes);
            }
        }
        let _ = z.finish();
    }
    out.into_inner()
}

/// The paragraphs of a .docx, for the HTML preview: (style id, text).
pub fn preview(docx: &[u8]) -> Vec<(String, String)> {
    vanban::docx::fixture::part(docx, "word/document.xml")
        .map(|xml| {
            vanban::docx::fixture::text_of(&xml)
                .lines()
                .map(|l| (String::new(), l.to_string()))
                .collect()
        })
        .unwrap_or_default()
}
