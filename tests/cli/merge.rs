//! Tests of `vanban merge`: 100 filled forms added up exactly, then every messy and
//! hostile variant the issue lists, each asserted.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value as Json;
use vanban::campaign::Campaign;
use vanban::campaign::model::Unit;
use vanban::sheets::forms::{self, FillValue, FormOptions};
use vanban::vn::legacy::{self, LegacyEncoding};

use crate::common::Env;
use crate::forms::campaign_folder;

/// The values unit number `i` (0-based) reports, known in code.
pub fn values_of(i: usize) -> BTreeMap<String, FillValue> {
    let mut v = BTreeMap::new();
    v.insert("nha_mai_am".into(), FillValue::Number((i % 7) as f64));
    // Hundredths, so the exact total is known: sum of (i*0.13 + 0.25) rounded to 2 places.
    v.insert(
        "duong_giao_thong".into(),
        FillValue::Number(((i * 13 + 25) as f64) / 100.0),
    );
    v.insert(
        "kinh_phi".into(),
        FillValue::Number((1_000_000 + i * 12_345) as f64),
    );
    v.insert("luot_nguoi".into(), FillValue::Number((i * 3 + 1) as f64));
    v.insert("ghi_chu".into(), FillValue::Text(format!("Ý kiến số {i}")));
    v
}

pub fn filled(
    campaign: &Campaign,
    unit: &Unit,
    values: BTreeMap<String, FillValue>,
    day: u32,
) -> Vec<u8> {
    forms::build_form_with(
        campaign,
        unit,
        &FormOptions {
            values,
            filled_on: NaiveDate::from_ymd_opt(2017, 7, day),
        },
    )
    .expect("form")
}

fn sha(bytes: &[u8]) -> String {
    // Not cryptographic; enough to see a byte changed. (Length plus FNV-1a 64.)
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{}:{h:016x}", bytes.len())
}

fn hashes(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).expect("dir") {
        let p = e.expect("entry").path();
        let meta = std::fs::metadata(&p).expect("meta");
        out.insert(
            p.file_name().unwrap().to_string_lossy().into_owned(),
            format!(
                "{} {:?} ro={}",
                sha(&std::fs::read(&p).expect("read")),
                meta.modified().ok(),
                meta.permissions().readonly()
            ),
        );
    }
    out
}

fn json_of(env: &Env, rel: &str) -> Json {
    serde_json::from_slice(&env.read(rel)).expect("json")
}

/// `tong-hop.json` with each issue's words as the clerk reads them: the column
/// "Nội dung" of the sheet "Lỗi và cảnh báo" of `tong-hop.xlsx` beside it, row for
/// row (the test runner asks for English), put in the issue as `words`.
fn merged_of(env: &Env, json: &str) -> Json {
    let mut j = json_of(env, json);
    let xlsx = env.read(&json.replace(".json", ".xlsx"));
    let rows = sheet_rows(&xlsx, "Lỗi và cảnh báo");
    let issues = j["issues"].as_array_mut().expect("issues");
    assert_eq!(
        rows.len(),
        issues.len() + 1,
        "one row per issue under the header"
    );
    for (issue, row) in issues.iter_mut().zip(rows.iter().skip(1)) {
        issue["words"] = Json::String(row.last().map(ToString::to_string).unwrap_or_default());
    }
    j
}

pub fn sheet_rows(bytes: &[u8], sheet: &str) -> Vec<Vec<Data>> {
    let mut wb = Xlsx::new(Cursor::new(bytes.to_vec())).expect("xlsx");
    let range = wb.worksheet_range(sheet).expect("sheet");
    range.rows().map(|r| r.to_vec()).collect()
}

#[test]
fn hundred_filled_forms_add_up_exactly_and_returns_are_untouched() {
    let env = Env::new();
    let campaign = campaign_folder(&env, 100);
    for (i, unit) in campaign.reporting.units.iter().enumerate() {
        // Renamed files: the identity, not the name, tells the unit.
        env.write(
            &format!("camp/returns/bao-cao-{i:03}.xlsx"),
            filled(&campaign, unit, values_of(i), 20),
        );
    }
    let before = hashes(&env.path("camp/returns"));
    let out = env.run(&["merge", "camp"]);
    out.expect_status(0);
    assert!(
        out.stdout.contains("read 100 files: 100 accepted (0 with warnings), 0 rejected; 0 of 100 units have not reported"),
        "{}",
        out.stdout
    );
    assert_eq!(
        before,
        hashes(&env.path("camp/returns")),
        "returns must not change"
    );
    assert_eq!(out.stderr, "", "no progress bar or noise off a terminal");

    let j = merged_of(&env, "camp/out/tong-hop.json");
    let n = 100usize;
    let nha: usize = (0..n).map(|i| i % 7).sum();
    let duong_hundredths: usize = (0..n).map(|i| i * 13 + 25).sum();
    let kinh_phi: usize = (0..n).map(|i| 1_000_000 + i * 12_345).sum();
    let luot: usize = (0..n).map(|i| i * 3 + 1).sum();
    assert_eq!(j["totals"]["nha_mai_am"], serde_json::json!(nha));
    assert_eq!(
        j["totals"]["duong_giao_thong"],
        serde_json::json!(duong_hundredths as f64 / 100.0)
    );
    assert_eq!(j["totals"]["kinh_phi"], serde_json::json!(kinh_phi));
    assert_eq!(j["totals"]["luot_nguoi"], serde_json::json!(luot));
    assert!(j["totals"].get("ghi_chu").is_none(), "text is not summed");
    assert_eq!(j["reported"]["nha_mai_am"], 100);
    assert_eq!(j["missing"], serde_json::json!([]));
    assert_eq!(j["issues"], serde_json::json!([]));
    assert_eq!(j["campaign"]["id"], "dan-van-2017");
    let units = j["units"].as_array().expect("units");
    assert_eq!(units.len(), 100);
    for u in units {
        let code = u["code"].as_str().unwrap();
        let i: usize = code[2..].parse::<usize>().unwrap() - 1;
        assert_eq!(u["status"], "accepted");
        assert_eq!(u["file"], format!("returns/bao-cao-{i:03}.xlsx"));
        assert_eq!(
            u["values"]["luot_nguoi"]["value"],
            serde_json::json!(i * 3 + 1)
        );
        assert_eq!(u["values"]["ghi_chu"]["value"], format!("Ý kiến số {i}"));
        assert_eq!(u["sources"]["luot_nguoi"]["cell"], "D13");
        assert_eq!(u["sources"]["luot_nguoi"]["sheet"], "Biểu mẫu");
    }

    let xlsx = env.read("camp/out/tong-hop.xlsx");
    let wb = Xlsx::new(Cursor::new(xlsx.clone())).expect("xlsx");
    assert_eq!(
        wb.sheet_names(),
        vec!["Tổng hợp", "Chi tiết", "Lỗi và cảnh báo", "Chưa nộp"]
    );
    let totals = sheet_rows(&xlsx, "Tổng hợp");
    // The title block, then the table: its header in row 6.
    assert_eq!(
        totals[3][0],
        Data::String("Tình hình báo cáo: 100/100 đơn vị đã nộp.".into())
    );
    assert_eq!(totals[5][1], Data::String("Chỉ tiêu".into()));
    assert_eq!(
        totals[6][1],
        Data::String("Nhà Mái ấm Công đoàn xây tặng".into())
    );
    assert_eq!(totals[6][3], Data::Float(nha as f64));
    assert_eq!(totals[6][4], Data::Float(100.0));
    assert_eq!(totals[8][3], Data::Float(kinh_phi as f64));
    let detail = sheet_rows(&xlsx, "Chi tiết");
    // The header, one row per unit, the total row.
    assert_eq!(detail.len(), 102);
    assert_eq!(detail[101][0], Data::String("Tổng cộng".into()));
    assert_eq!(detail[101][3], Data::Float(nha as f64));
    assert_eq!(detail[101][5], Data::Float(kinh_phi as f64));
    let missing = sheet_rows(&xlsx, "Chưa nộp");
    assert_eq!(missing.len(), 1, "only the header row");

    // Deterministic: a second run writes the same bytes.
    let json1 = env.read("camp/out/tong-hop.json");
    env.run(&["merge", "camp", "-o", "second/th.xlsx"])
        .expect_status(0);
    assert_eq!(xlsx, env.read("second/th.xlsx"));
    assert_eq!(json1, env.read("second/th.json"));
}

/// A sheet of a unit's own making: title rows, the header moved down and merged,
/// labels in NFD with numbering, the unit named by code.
fn own_sheet(campaign: &Campaign, unit: &Unit, hidden_data: bool) -> Vec<u8> {
    own_sheet_labelled(campaign, unit, hidden_data, None)
}

/// [`own_sheet`], with the labels typed in a legacy font encoding when `legacy` is set.
fn own_sheet_labelled(
    campaign: &Campaign,
    unit: &Unit,
    hidden_data: bool,
    legacy: Option<LegacyEncoding>,
) -> Vec<u8> {
    let mut wb = Workbook::new();
    let saved = rust_xlsxwriter::ExcelDateTime::from_ymd(2017, 7, 21).unwrap();
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&saved));
    let nfd = |s: &str| -> String {
        use unicode_normalization::UnicodeNormalization;
        s.nfd().collect()
    };
    if hidden_data {
        let front = wb.add_worksheet();
        front.set_name("Bìa").unwrap();
        front.write_string(0, 0, "Báo cáo").unwrap();
    }
    let s = wb.add_worksheet();
    s.set_name(if hidden_data {
        "Dữ liệu"
    } else {
        "Báo cáo"
    })
    .unwrap();
    s.write_string(0, 0, "CÔNG ĐOÀN CƠ SỞ").unwrap();
    s.write_string(2, 0, "Mã đơn vị:").unwrap();
    s.write_string(2, 2, &unit.code).unwrap();
    let merged = Format::new().set_bold();
    // Header at row 6, "Kết quả" merged over two rows and two columns.
    s.write_string(6, 0, "TT").unwrap();
    s.write_string(6, 1, "NỘI DUNG").unwrap();
    s.write_string(6, 2, "ĐVT").unwrap();
    s.merge_range(6, 3, 7, 4, "Kết quả", &merged).unwrap();
    for (i, ind) in campaign.reporting.indicators.iter().enumerate() {
        let r = 8 + i as u32;
        s.write_number(r, 0, (i + 1) as f64).unwrap();
        s.write_string(
            r,
            1,
            match legacy {
                None => nfd(&format!("{}. {}", i + 1, ind.label.to_uppercase())),
                // TCVN3 has no capitals with tones ("Ý") outside its `…H` fonts.
                Some(enc) => legacy::encode(&ind.label, enc)
                    .or_else(|_| legacy::encode(&ind.label.to_lowercase(), enc))
                    .expect("encodable label"),
            },
        )
        .unwrap();
        s.write_string(r, 2, &ind.unit).unwrap();
    }
    s.write_number(8, 3, 2.0).unwrap();
    s.write_number(9, 3, 1.5).unwrap();
    s.write_number(10, 3, 3_000_000.0).unwrap();
    s.write_number(11, 3, 40.0).unwrap();
    if hidden_data {
        s.set_hidden(true);
    }
    wb.save_to_buffer().unwrap()
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WB: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WB_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// A minimal hand-written .xlsx with the given shared strings and sheet data.
fn raw_xlsx(sst: &str, sheet_data: &str, dimension: &str) -> Vec<u8> {
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>"#
    );
    zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", WB.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WB_RELS.as_bytes()),
        ("xl/sharedStrings.xml", sst.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ])
}

/// LibreOffice headless, one call for all conversions. `None` when it is missing
/// and CI does not require it.
pub(crate) fn libreoffice_convert(files: &[PathBuf], format: &str, outdir: &Path) -> Option<()> {
    let profile = tempfile::tempdir().expect("profile dir");
    let status = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(outdir)
        .args(files)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    match status {
        Ok(s) if s.success() => Some(()),
        other => {
            if std::env::var_os("VANBAN_REQUIRE_LIBREOFFICE").is_some() {
                panic!(
                    "LibreOffice is required (VANBAN_REQUIRE_LIBREOFFICE is set) but soffice failed: {other:?}"
                );
            }
            eprintln!(
                "note: soffice not available ({other:?}); .xls/.ods variants not tested in this run"
            );
            None
        }
    }
}

fn file_entry<'a>(j: &'a Json, name: &str) -> &'a Json {
    j["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["file"].as_str().is_some_and(|n| n.ends_with(name)))
        .unwrap_or_else(|| panic!("no file entry for {name}: {:#}", j["files"]))
}

fn issues_of<'a>(j: &'a Json, name: &str) -> Vec<&'a Json> {
    j["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .filter(|i| {
            i["location"]["file"]
                .as_str()
                .is_some_and(|n| n.ends_with(name))
        })
        .collect()
}

/// A diagnostic of `tong-hop.json`, worded as the sheet "Lỗi và cảnh báo" words it
/// ([`merged_of`]).
fn worded(diagnostic: &Json) -> String {
    diagnostic["words"]
        .as_str()
        .expect("words from the workbook")
        .to_string()
}

/// A file's reasons for rejection, worded as the sheet words them.
fn reasons_of(j: &Json, name: &str) -> String {
    let reasons = file_entry(j, name)["reasons"].as_array().expect("reasons");
    let words: Vec<String> = issues_of(j, name)
        .into_iter()
        .filter(|i| {
            reasons
                .iter()
                .any(|r| r["code"] == i["code"] && r["arguments"] == i["arguments"])
        })
        .map(worded)
        .collect();
    assert_eq!(
        words.len(),
        reasons.len(),
        "each reason is listed in the sheet"
    );
    words.join("; ")
}

fn has_issue(j: &Json, name: &str, severity: &str, cell: Option<&str>, needle: &str) -> bool {
    issues_of(j, name).iter().any(|i| {
        i["severity"] == severity
            && cell.is_none_or(|c| i["location"]["cell"] == c)
            && worded(i).contains(needle)
    })
}

#[test]
fn messy_and_hostile_returns_are_each_reported() {
    let env = Env::new();
    let campaign = campaign_folder(&env, 15);
    let u = |i: usize| &campaign.reporting.units[i];
    let base = |i: usize| values_of(i);
    let r = |name: &str, bytes: Vec<u8>| env.write(&format!("camp/returns/{name}"), bytes);

    // CD001: numbers typed as text the Vietnamese way.
    let mut v = base(0);
    v.insert("luot_nguoi".into(), FillValue::Text("1.234".into()));
    v.insert("duong_giao_thong".into(), FillValue::Text("2,5".into()));
    r("cd001.xlsx", filled(&campaign, u(0), v, 20));
    // CD002: a sheet of their own, NFD upper-case numbered labels, header moved down and merged.
    r("tu-lam.xlsx", own_sheet(&campaign, u(1), false));
    // CD003: the data on a hidden sheet.
    r("an.xlsx", own_sheet(&campaign, u(2), true));
    // CD013 and CD014: labels typed in TCVN3 (.VnTime) and VNI fonts.
    r(
        "tcvn3.xlsx",
        own_sheet_labelled(&campaign, u(12), false, Some(LegacyEncoding::Tcvn3)),
    );
    r(
        "vni.xlsx",
        own_sheet_labelled(&campaign, u(13), false, Some(LegacyEncoding::Vni)),
    );
    // CD004: an error cell, as Excel saves `=1/0`.
    let o = FormOptions {
        values: base(3),
        filled_on: NaiveDate::from_ymd_opt(2017, 7, 20),
    };
    r("cd004.xlsx", error_form(&campaign, u(3), &o));
    // CD005: a formula never calculated.
    let mut v = base(4);
    v.insert(
        "luot_nguoi".into(),
        FillValue::Formula {
            formula: "=SUM(1,2)".into(),
            result: None,
        },
    );
    r("cd005.xlsx", filled(&campaign, u(4), v, 20));
    // CD006: two files; the later one wins.
    let mut old = base(5);
    old.insert("nha_mai_am".into(), FillValue::Number(100.0));
    r("cd006-cu.xlsx", filled(&campaign, u(5), old, 18));
    r("cd006-moi.xlsx", filled(&campaign, u(5), base(5), 22));
    // CD007: late.
    r("cd007.xlsx", filled(&campaign, u(6), base(6), 30));
    // CD008: missing (no file).
    // CD009: negative, fractional count, text where a number belongs.
    let mut v = base(8);
    v.insert("nha_mai_am".into(), FillValue::Number(-2.0));
    v.insert("luot_nguoi".into(), FillValue::Number(2.5));
    v.insert("kinh_phi".into(), FillValue::Text("1.2OO".into()));
    r("cd009.xlsx", filled(&campaign, u(8), v, 20));
    // Unknown unit.
    let stranger = Unit {
        code: "CD999".into(),
        name: "Công đoàn lạ".into(),
        group: String::new(),
    };
    r("la.xlsx", filled(&campaign, &stranger, base(0), 20));
    // Hostile and broken files.
    let bomb = zip_of(&[("xl/workbook.xml", &vec![b' '; 64 * 1024 * 1024])]);
    r("bom.xlsx", bomb);
    r(
        "sst.xlsx",
        raw_xlsx(
            r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1000000000" uniqueCount="1000000000"><si><t>x</t></si></sst>"#,
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#,
            "A1",
        ),
    );
    r(
        "xfd.xlsx",
        raw_xlsx(
            r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>x</t></si></sst>"#,
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
            "A1:XFD1048576",
        ),
    );
    let docx = zip_of(&[
        ("word/document.xml", b"<w:document/>"),
        ("[Content_Types].xml", b"<Types/>"),
    ]);
    r("word.xlsx", docx);
    r(
        "web.xls",
        b"<html><body><table><tr><td>1</td></tr></table></body></html>".to_vec(),
    );
    r("rong.xlsx", Vec::new());
    let whole = filled(&campaign, u(9), base(9), 20);
    r("cut.xlsx", whole[..whole.len() / 2].to_vec());
    let mut enc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    enc.extend(vec![0u8; 1024]);
    enc.extend(
        "EncryptionInfo"
            .encode_utf16()
            .flat_map(|c| c.to_le_bytes()),
    );
    r("matkhau.xlsx", enc);

    // .xls and .ods copies made by LibreOffice: CD011 and CD012.
    let stage = env.path("stage");
    std::fs::create_dir_all(&stage).unwrap();
    let src11 = env.write("stage/cd011.xlsx", filled(&campaign, u(10), base(10), 20));
    let src12 = env.write("stage/cd012.xlsx", filled(&campaign, u(11), base(11), 20));
    // CD015: re-saved as .xlsx by LibreOffice (its own writer: names, hidden sheet).
    let src15 = env.write("stage/cd015.xlsx", filled(&campaign, u(14), base(14), 20));
    let resaved = env.path("stage/lo");
    let lo = libreoffice_convert(std::slice::from_ref(&src11), "xls", &stage)
        .and_then(|_| libreoffice_convert(std::slice::from_ref(&src12), "ods", &stage))
        .and_then(|_| libreoffice_convert(std::slice::from_ref(&src15), "xlsx", &resaved));
    if lo.is_some() {
        r(
            "cd015-libreoffice.xlsx",
            std::fs::read(resaved.join("cd015.xlsx")).expect("xlsx re-saved"),
        );
        r(
            "cd011.xls",
            std::fs::read(stage.join("cd011.xls")).expect("xls made"),
        );
        r(
            "cd012.ods",
            std::fs::read(stage.join("cd012.ods")).expect("ods made"),
        );
        // Mutated .xls: bytes flipped through the file; none may kill the merge.
        let xls = std::fs::read(stage.join("cd011.xls")).unwrap();
        for k in 0..6 {
            let mut m = xls.clone();
            let step = 97 + k * 31;
            let mut p = 512 + k * 7;
            while p < m.len() {
                m[p] = m[p].wrapping_add(0x5b);
                p += step;
            }
            r(&format!("hong-{k}.xls"), m);
        }
    }

    let before = hashes(&env.path("camp/returns"));
    let out = env.run(&["merge", "camp"]);
    out.expect_status(1);
    assert_eq!(
        before,
        hashes(&env.path("camp/returns")),
        "returns must not change"
    );
    let j = merged_of(&env, "camp/out/tong-hop.json");

    // Nothing silently dropped: every file has a status.
    let n_files = std::fs::read_dir(env.path("camp/returns")).unwrap().count();
    assert_eq!(j["files"].as_array().unwrap().len(), n_files);
    for f in j["files"].as_array().unwrap() {
        assert!(
            ["accepted", "accepted_with_warnings", "rejected"]
                .contains(&f["status"].as_str().unwrap()),
            "{f}"
        );
        if f["status"] == "rejected" {
            assert!(!f["reasons"].as_array().unwrap().is_empty(), "{f}");
        }
    }

    let unit_of = |code: &str| -> Json {
        j["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["code"] == code)
            .cloned()
            .unwrap()
    };
    // Numbers as text, with the conversion recorded.
    assert_eq!(
        file_entry(&j, "cd001.xlsx")["status"],
        "accepted_with_warnings"
    );
    assert_eq!(unit_of("CD001")["values"]["luot_nguoi"]["value"], 1234);
    assert_eq!(unit_of("CD001")["values"]["duong_giao_thong"]["value"], 2.5);
    assert!(has_issue(
        &j,
        "cd001.xlsx",
        "warning",
        Some("D13"),
        "\"1.234\", read as 1,234"
    ));
    // Own sheet with NFD labels, header moved down and merged.
    let own = unit_of("CD002");
    assert_eq!(own["file"], "returns/tu-lam.xlsx");
    assert_eq!(own["values"]["nha_mai_am"]["value"], 2);
    assert_eq!(own["values"]["duong_giao_thong"]["value"], 1.5);
    assert_eq!(own["values"]["kinh_phi"]["value"], 3_000_000);
    assert_eq!(own["sources"]["luot_nguoi"]["cell"], "D12");
    let matched = file_entry(&j, "tu-lam.xlsx")["matched"].to_string();
    assert!(matched.contains("code `CD002`"), "{matched}");
    assert!(matched.contains("Kết quả"), "{matched}");
    // Hidden sheet holding the data.
    assert_eq!(unit_of("CD003")["values"]["luot_nguoi"]["value"], 40);
    assert!(has_issue(&j, "an.xlsx", "warning", None, "hidden sheet"));
    // Error cell: reported, not summed as zero.
    assert!(has_issue(&j, "cd004.xlsx", "error", Some("D10"), "#DIV/0!"));
    assert_eq!(
        unit_of("CD004")["values"]["nha_mai_am"],
        serde_json::json!({"status": "rejected", "reason": "error_cell"})
    );
    // Uncalculated formula.
    assert!(has_issue(
        &j,
        "cd005.xlsx",
        "error",
        Some("D13"),
        "never calculated"
    ));
    assert_eq!(
        unit_of("CD005")["values"]["luot_nguoi"],
        serde_json::json!({"status": "rejected", "reason": "uncalculated"})
    );
    // Duplicate: the later one used, both listed.
    assert_eq!(unit_of("CD006")["file"], "returns/cd006-moi.xlsx");
    assert_eq!(file_entry(&j, "cd006-cu.xlsx")["status"], "rejected");
    assert!(has_issue(
        &j,
        "cd006-moi.xlsx",
        "warning",
        None,
        "sent several files"
    ));
    // Late.
    assert_eq!(unit_of("CD007")["late"], true);
    assert!(has_issue(
        &j,
        "cd007.xlsx",
        "warning",
        None,
        "after the deadline"
    ));
    // Bad values.
    assert!(has_issue(
        &j,
        "cd009.xlsx",
        "error",
        Some("D10"),
        "-2 is negative"
    ));
    assert!(has_issue(
        &j,
        "cd009.xlsx",
        "error",
        Some("D13"),
        "2.5 is not a whole number"
    ));
    assert!(has_issue(
        &j,
        "cd009.xlsx",
        "error",
        Some("D12"),
        "\"1.2OO\" is not a number"
    ));
    // Unknown unit.
    assert!(reasons_of(&j, "la.xlsx").contains("`CD999` is not on the roster"));
    // Hostile and broken.
    let reason = |name: &str| reasons_of(&j, name);
    assert_eq!(file_entry(&j, "bom.xlsx")["status"], "rejected");
    assert!(
        reason("bom.xlsx").contains("zip bombs"),
        "{}",
        reason("bom.xlsx")
    );
    assert!(
        reason("sst.xlsx").contains("declares 1000000000 shared strings"),
        "{}",
        reason("sst.xlsx")
    );
    assert!(
        reason("xfd.xlsx").contains("cannot tell which unit"),
        "{}",
        reason("xfd.xlsx")
    );
    assert!(reason("word.xlsx").contains("Word document"));
    assert!(reason("web.xls").contains("web page"));
    assert!(reason("rong.xlsx").contains("empty"));
    assert!(
        reason("cut.xlsx").contains("damaged"),
        "{}",
        reason("cut.xlsx")
    );
    assert!(reason("matkhau.xlsx").contains("password"));
    // Missing units.
    let missing: Vec<String> = j["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap().to_string())
        .collect();
    assert!(missing.contains(&"CD008".to_string()), "{missing:?}");
    assert!(
        missing.contains(&"CD010".to_string()),
        "cut file: {missing:?}"
    );
    assert!(!missing.contains(&"CD006".to_string()));
    // Without LibreOffice, CD011, CD012 and CD015 have no file either.
    let expected_missing = if lo.is_some() { 2 } else { 5 };
    assert_eq!(missing.len(), expected_missing, "{missing:?}");
    // Legacy-font labels repaired, with a note.
    for (name, code) in [("tcvn3.xlsx", "CD013"), ("vni.xlsx", "CD014")] {
        assert_eq!(
            unit_of(code)["values"]["kinh_phi"]["value"],
            3_000_000,
            "{name}"
        );
        assert_eq!(unit_of(code)["values"]["luot_nguoi"]["value"], 40, "{name}");
        assert!(
            has_issue(
                &j,
                name,
                "warning",
                Some("B11"),
                "read as \"Kinh phí vận động\""
            ),
            "{:?}",
            issues_of(&j, name)
        );
    }
    assert!(has_issue(&j, "tcvn3.xlsx", "warning", Some("B9"), "TCVN3"));
    assert!(has_issue(&j, "vni.xlsx", "warning", Some("B9"), "VNI"));

    if lo.is_some() {
        let resaved = file_entry(&j, "cd015-libreoffice.xlsx");
        assert_eq!(resaved["status"], "accepted", "{resaved}");
        assert_eq!(resaved["own_form"], true);
        assert_eq!(
            unit_of("CD015")["values"]["kinh_phi"]["value"],
            1_000_000 + 14 * 12_345
        );
        // .xls keeps no date calamine exposes; the .ods records its conversion
        // time, so it may be flagged late, but neither has any error.
        assert_eq!(
            file_entry(&j, "cd011.xls")["status"],
            "accepted",
            "{}",
            file_entry(&j, "cd011.xls")
        );
        assert_eq!(file_entry(&j, "cd012.ods")["own_form"], true);
        assert!(
            issues_of(&j, "cd012.ods")
                .iter()
                .all(|i| i["severity"] == "warning"),
            "{:?}",
            issues_of(&j, "cd012.ods")
        );
        assert_eq!(
            unit_of("CD011")["values"]["kinh_phi"]["value"],
            1_000_000 + 10 * 12_345
        );
        assert_eq!(
            unit_of("CD012")["values"]["duong_giao_thong"]["value"],
            (11.0 * 13.0 + 25.0) / 100.0
        );
        for k in 0..6 {
            let f = file_entry(&j, &format!("hong-{k}.xls"));
            assert!(f["status"].is_string(), "{f}");
        }
    }

    // Totals: exactly the usable values of the accepted files.
    let mut expected_luot = 0i64;
    for u in j["units"].as_array().unwrap() {
        if let Some(x) = u["values"]["luot_nguoi"]["value"].as_i64() {
            expected_luot += x;
        }
    }
    assert_eq!(j["totals"]["luot_nguoi"].as_i64(), Some(expected_luot));
    assert!(
        out.stdout.contains("rejected camp/returns/bom.xlsx"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("not reported: "), "{}", out.stdout);
    // How a file that is not one of our forms was understood is in `tong-hop.json`
    // (`matched`), not on the terminal.
    assert_eq!(
        file_entry(&j, "tu-lam.xlsx")["matched"][0],
        "unit `CD002` recognised by code `CD002` in Báo cáo › C3"
    );
    assert!(
        out.stdout
            .contains("are listed in the sheet \"Lỗi và cảnh báo\""),
        "{}",
        out.stdout
    );

    // The errors sheet holds every issue with its reference.
    let errs = sheet_rows(&env.read("camp/out/tong-hop.xlsx"), "Lỗi và cảnh báo");
    assert_eq!(errs.len() - 1, j["issues"].as_array().unwrap().len());
}

/// A form whose `nha_mai_am` cell holds a real error value (`#DIV/0!` cached as an
/// error, as Excel saves it).
fn error_form(campaign: &Campaign, unit: &Unit, options: &FormOptions) -> Vec<u8> {
    let mut o = options.clone();
    o.values
        .insert("nha_mai_am".into(), FillValue::Number(987_654.0));
    let bytes = forms::build_form_with(campaign, unit, &o).expect("form");
    // Replace the number cell with an error cell, as Excel writes it.
    let mut zin = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).unwrap();
        let name = e.name().unwrap().to_string();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut e, &mut data).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let text = String::from_utf8(data).unwrap();
            let start = text.find("<c r=\"D10\"").expect("D10");
            let end = start + text[start..].find("</c>").unwrap() + 4;
            let cell = &text[start..end];
            let style = cell
                .split("s=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or("0");
            let replaced = format!(
                "{}<c r=\"D10\" s=\"{style}\" t=\"e\"><v>#DIV/0!</v></c>{}",
                &text[..start],
                &text[end..]
            );
            data = replaced.into_bytes();
        }
        w.start_file(name, opts).unwrap();
        w.write_all(&data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn a_file_that_crashes_the_reader_costs_only_itself() {
    let env = Env::new();
    let campaign = campaign_folder(&env, 2);
    env.write(
        "camp/returns/a.xlsx",
        filled(&campaign, &campaign.reporting.units[0], values_of(0), 20),
    );
    let fixture =
        crate::common::repo_root().join("tests/fixtures/sheets/mutated-panics-calamine.xls");
    env.write(
        "camp/returns/b.xls",
        std::fs::read(fixture).expect("fixture"),
    );
    let fixture =
        crate::common::repo_root().join("tests/fixtures/sheets/mutated-aborts-calamine.xls");
    env.write(
        "camp/returns/c.xls",
        std::fs::read(fixture).expect("fixture"),
    );
    let out = env.run(&["merge", "camp"]);
    out.expect_status(1);
    assert!(
        out.stderr.is_empty(),
        "no panic text for the clerk: {}",
        out.stderr
    );
    let j = merged_of(&env, "camp/out/tong-hop.json");
    assert_eq!(file_entry(&j, "a.xlsx")["status"], "accepted");
    let b = file_entry(&j, "b.xls");
    assert_eq!(b["status"], "rejected");
    assert!(
        reasons_of(&j, "b.xls").contains("the reader stopped on this file"),
        "{b}"
    );
    // calamine asks for ~255 GB on this one and the allocator aborts the process:
    // only the child dies.
    let c = file_entry(&j, "c.xls");
    assert_eq!(c["status"], "rejected");
    assert!(
        reasons_of(&j, "c.xls").contains("killed by a signal"),
        "{c}"
    );
    assert_eq!(j["missing"], serde_json::json!(["CD002"]));
}

#[test]
fn the_limits_still_apply_to_each_return() {
    let env = Env::new();
    let campaign = campaign_folder(&env, 1);
    let unit = &campaign.reporting.units[0];
    env.write(
        "camp/returns/a.xlsx",
        filled(&campaign, unit, values_of(0), 20),
    );
    let small = env.run(&["merge", "camp", "--max-unpacked-mb", "0", "-o", "x/t.xlsx"]);
    small.expect_status(1);
    assert!(
        small.stdout.contains("with `--max-unpacked-mb`"),
        "{}",
        small.stdout
    );
}

#[test]
fn blank_forms_are_not_reports_and_absurd_figures_are_rejected() {
    let env = Env::new();
    let campaign = campaign_folder(&env, 5);
    let units = &campaign.reporting.units;
    for (i, unit) in units.iter().enumerate().take(3) {
        // Sent back untouched.
        env.write(
            &format!("camp/returns/{i}.xlsx"),
            forms::build_form(&campaign, unit).expect("form"),
        );
    }
    let mut absurd = values_of(3);
    absurd.insert("nha_mai_am".into(), FillValue::Number(1e308));
    env.write(
        "camp/returns/3.xlsx",
        filled(&campaign, &units[3], absurd, 20),
    );
    env.write(
        "camp/returns/4.xlsx",
        filled(&campaign, &units[4], values_of(4), 20),
    );
    let out = env.run(&["merge", "camp"]);
    assert!(
        out.stdout.contains(
            "read 5 files: 2 accepted (1 with warnings), 0 rejected; 3 of 5 units have not reported (3 sent back a blank form)"
        ),
        "{}",
        out.stdout
    );
    let j = merged_of(&env, "camp/out/tong-hop.json");
    assert_eq!(file_entry(&j, "0.xlsx")["status"], "blank");
    assert_eq!(j["summary"]["units_reported"], 2);
    assert_eq!(j["summary"]["units_blank"], 3);
    let blank: Vec<&str> = j["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["status"] == "blank")
        .map(|u| u["code"].as_str().unwrap())
        .collect();
    assert_eq!(blank.len(), 3);
    assert!(has_issue(
        &j,
        "3.xlsx",
        "error",
        Some("D10"),
        "is not plausible"
    ));
    // The absurd figure is left out; the total is the other unit's, exactly.
    assert_eq!(j["totals"]["nha_mai_am"], serde_json::json!(4));
}

/// SHA-256 of the `tong-hop.json` that `vanban merge` wrote for the merge
/// benchmark's campaign of 2,000 filled forms ([`forms::sample::bench_campaign`])
/// at commit ec34aa3, before the tổng hợp held its figures compactly and wrote its
/// workbook row by row: the same file today.
const BENCH_2000_JSON: &str = "b64bc80a5c502641b86eaf65c9f25ab308019710ca21c061c3aff6f241a00c77";
/// SHA-256 of that merge's `tong-hop.xlsx` as `vanban merge` writes it (the large
/// sheets row by row, [`vanban::sheets::output::write_with`]), dated 31 July 2017.
/// Against ec34aa3's it differs only in the optional
/// `spans` attribute of each row, which a workbook written row by row cannot know
/// (the same cells, values, styles and strings: docs/performance.md).
const BENCH_2000_XLSX: &str = "4336f763320a3cee19a3450aea00ebec1afc772717dd024c78c8880ddd26ee99";
/// The same two files of `vanban demo`'s campaign.
const DEMO_JSON: &str = "35805a50664f8359dc3824bb079c87c34a4b32e790f487f1c8d18fdc2267a2fa";
const DEMO_XLSX: &str = "d13728468a51424cee96a0187b97fd5609580e438b56c83a3e6c1bd02556aece";

/// The `tong-hop.xlsx` of the tổng hợp in `json`, dated 31 July 2017, and the
/// SHA-256 of both.
fn hashes_of_merge(campaign: &Campaign, json: &[u8]) -> (String, String) {
    let tonghop: vanban::tonghop::TongHop = serde_json::from_slice(json).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let xlsx = vanban::sheets::output::write_with(
        campaign,
        &tonghop,
        &|d| d.code.clone(),
        NaiveDate::from_ymd_opt(2017, 7, 31),
        Some(scratch.path()),
    )
    .unwrap();
    // Its rows' temporary files are gone with it.
    assert_eq!(std::fs::read_dir(scratch.path()).unwrap().count(), 0);
    (
        vanban::folder::content_hash(json),
        vanban::folder::content_hash(&xlsx),
    )
}

#[test]
fn a_2000_form_campaign_and_the_demo_merge_to_the_bytes_they_always_did() {
    let env = Env::new();
    let campaign = forms::sample::bench_campaign(2000);
    env.write(
        "camp/campaign.json",
        serde_json::to_string_pretty(&campaign).unwrap(),
    );
    for (i, unit) in campaign.reporting.units.iter().enumerate() {
        let options = FormOptions {
            values: forms::sample::bench_values(i),
            filled_on: NaiveDate::from_ymd_opt(2017, 7, 20),
        };
        let bytes = forms::build_form_with(&campaign, unit, &options).unwrap();
        env.write(
            &format!("camp/returns/{}", forms::form_file_name(unit)),
            bytes,
        );
    }
    env.run(&["merge", "camp", "-o", "camp/out/tong-hop.xlsx"])
        .expect_status(0);
    let (json, xlsx) = hashes_of_merge(&campaign, &env.read("camp/out/tong-hop.json"));
    assert_eq!(
        (json.as_str(), xlsx.as_str()),
        (BENCH_2000_JSON, BENCH_2000_XLSX),
        "the 2,000-form merge's tong-hop.json and tong-hop.xlsx"
    );

    env.run(&["demo", "-o", "d"]).expect_status(0);
    let demo = Campaign::from_json(
        "campaign.json",
        &String::from_utf8(env.read("d/campaign.json")).unwrap(),
    )
    .unwrap();
    let (json, xlsx) = hashes_of_merge(&demo, &env.read("d/out/tong-hop.json"));
    assert_eq!(
        (json.as_str(), xlsx.as_str()),
        (DEMO_JSON, DEMO_XLSX),
        "the demo's tong-hop.json and tong-hop.xlsx"
    );
}
