//! Tests of `vanban demo`: the whole workflow on the built-in sample, and the
//! report it ends with checked against the returns.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::Command;

use quick_xml::events::Event;
use serde_json::Value;

use crate::common::Env;

/// `word/document.xml` of a .docx.
pub fn document_xml(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip package");
    let mut part = zip.by_name("word/document.xml").expect("word/document.xml");
    let mut xml = String::new();
    part.read_to_string(&mut xml).expect("UTF-8 XML");
    xml
}

/// The body of a document read as data: its paragraphs (outside tables), its
/// tables (rows of cell texts) and its sections' properties (raw XML), in order.
#[derive(Debug, Default)]
pub struct Doc {
    pub paragraphs: Vec<String>,
    pub tables: Vec<Vec<Vec<String>>>,
    pub sections: Vec<String>,
    /// Each table's rows marked as repeating header rows (`w:tblHeader`).
    pub header_rows: Vec<usize>,
}

impl Doc {
    pub fn parse(xml: &str) -> Doc {
        let mut doc = Doc::default();
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut depth_tbl = 0usize;
        let mut para = String::new();
        let mut in_text = false;
        let mut row: Vec<String> = Vec::new();
        let mut cell = String::new();
        let mut cell_paras = 0usize;
        let mut table: Vec<Vec<String>> = Vec::new();
        let mut headers = 0usize;
        let mut sect: Option<(usize, String)> = None;
        let mut depth = 0usize;
        loop {
            let ev = reader.read_event().expect("well-formed XML");
            if let Some((_, s)) = sect.as_mut() {
                match &ev {
                    Event::Start(e) => s.push_str(&format!("<{}>", String::from_utf8_lossy(e))),
                    Event::Empty(e) => s.push_str(&format!("<{}/>", String::from_utf8_lossy(e))),
                    Event::End(e) => s.push_str(&format!(
                        "</{}>",
                        String::from_utf8_lossy(e.name().as_ref())
                    )),
                    _ => {}
                }
            }
            match ev {
                Event::Start(e) => {
                    depth += 1;
                    match e.name().as_ref() {
                        b"w:tbl" => {
                            depth_tbl += 1;
                            if depth_tbl == 1 {
                                table.clear();
                                headers = 0;
                            }
                        }
                        b"w:tr" if depth_tbl == 1 => row.clear(),
                        b"w:tc" if depth_tbl == 1 => {
                            cell.clear();
                            cell_paras = 0;
                        }
                        b"w:p" => para.clear(),
                        b"w:t" => in_text = true,
                        b"w:sectPr" if sect.is_none() => {
                            sect = Some((depth, String::from("<w:sectPr>")));
                        }
                        _ => {}
                    }
                }
                Event::Empty(e) => match e.name().as_ref() {
                    b"w:tblHeader" if depth_tbl == 1 => headers += 1,
                    b"w:tab" => para.push('\t'),
                    b"w:br" => para.push('\n'),
                    _ => {}
                },
                Event::Text(t) if in_text => {
                    para.push_str(&t.decode().expect("text"));
                }
                Event::GeneralRef(r) if in_text => {
                    let name = r.decode().expect("entity").into_owned();
                    let c = match name.as_str() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    };
                    para.push_str(c);
                }
                Event::End(e) => {
                    match e.name().as_ref() {
                        b"w:t" => in_text = false,
                        b"w:p" => {
                            if depth_tbl == 0 {
                                doc.paragraphs.push(std::mem::take(&mut para));
                            } else {
                                if cell_paras > 0 {
                                    cell.push('\n');
                                }
                                cell.push_str(&para);
                                cell_paras += 1;
                            }
                        }
                        b"w:tc" if depth_tbl == 1 => row.push(std::mem::take(&mut cell)),
                        b"w:tr" if depth_tbl == 1 => table.push(std::mem::take(&mut row)),
                        b"w:tbl" => {
                            depth_tbl -= 1;
                            if depth_tbl == 0 {
                                doc.tables.push(std::mem::take(&mut table));
                                doc.header_rows.push(headers);
                            }
                        }
                        b"w:sectPr" => {
                            if let Some((d, s)) = sect.take() {
                                if d == depth {
                                    doc.sections.push(s);
                                } else {
                                    sect = Some((d, s));
                                }
                            }
                        }
                        _ => {}
                    }
                    depth -= 1;
                }
                Event::Eof => break,
                _ => {}
            }
        }
        doc
    }

    /// Every paragraph's text, table cells included, joined by newlines.
    pub fn all_text(&self) -> String {
        let mut out = self.paragraphs.join("\n");
        for t in &self.tables {
            for r in t {
                out.push('\n');
                out.push_str(&r.join(" | "));
            }
        }
        out
    }
}

/// `1234567` → `1.234.567`, `3.5` → `3,5`: how the report prints figures.
pub fn vn(v: f64) -> String {
    if v.fract() == 0.0 {
        let digits = format!("{}", v as i64);
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push('.');
            }
            out.push(c);
        }
        out
    } else {
        let s = format!("{:.2}", v);
        let s = s.trim_end_matches('0');
        let (int, frac) = s.split_once('.').unwrap();
        format!("{},{}", vn(int.parse::<f64>().unwrap()), frac)
    }
}

fn run_demo(env: &Env) -> crate::common::Output {
    let out = env.run(&["demo", "-o", "d"]);
    out.expect_status(0);
    out
}

fn json_file(env: &Env, rel: &str) -> Value {
    serde_json::from_slice(&env.read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn the_report_adds_up_to_the_accepted_returns() {
    let env = Env::new();
    let out = run_demo(&env);
    let campaign: vanban::campaign::Campaign = vanban::campaign::Campaign::from_json(
        "campaign.json",
        &String::from_utf8(env.read("d/campaign.json")).unwrap(),
    )
    .unwrap();
    let merged = json_file(&env, "d/out/tong-hop.json");
    let indicators: Vec<_> = campaign
        .reporting
        .indicators
        .iter()
        .filter(|i| i.kind != vanban::campaign::model::IndicatorKind::Text)
        .collect();

    // 1. The merge's totals equal the sums of its accepted units.
    let mut sums: BTreeMap<String, f64> = BTreeMap::new();
    let mut accepted = 0;
    for u in merged["units"].as_array().unwrap() {
        let status = u["status"].as_str().unwrap_or_default();
        if !status.starts_with("accepted") {
            continue;
        }
        accepted += 1;
        for ind in &indicators {
            *sums.entry(ind.code.clone()).or_default() +=
                u["values"][&ind.code]["value"].as_f64().unwrap_or(0.0);
        }
    }
    // 2. …and the figures the units were given, known independently of the merge:
    // every unit but the one that never sent is counted, with every figure but the
    // one mistyped ("1O"), which the report marks instead of counting.
    let mut roster: Vec<_> = campaign.reporting.units.iter().collect();
    roster.sort_by(|a, b| a.code.cmp(&b.code));
    let mut expected: BTreeMap<String, f64> = BTreeMap::new();
    let mut typo_unit = None;
    for (i, unit) in roster.iter().enumerate() {
        use vanban::campaign::demo::{
            Scenario, break_first_check, figures, keep_checks, scenario, typo_indicator,
        };
        let sc = scenario(i, roster.len());
        let status = merged["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["code"] == unit.code.as_str())
            .map(|u| u["status"].as_str().unwrap_or_default().to_string())
            .unwrap_or_else(|| panic!("{} is not in the merge", unit.code));
        if sc == Scenario::Missing {
            assert_eq!(status, "missing", "{}", unit.code);
            continue;
        }
        assert!(
            status.starts_with("accepted"),
            "{} ({sc:?}): {status}",
            unit.code
        );
        // The figures as the simulation adjusts them to the campaign's checks (and
        // breaks one for the unit meant to show the warning).
        let mut figures = figures(i, &campaign.reporting.indicators);
        keep_checks(&mut figures, &campaign.reporting.checks);
        if sc == Scenario::CheckBroken {
            break_first_check(&mut figures, &campaign.reporting.checks);
        }
        let skipped = (sc == Scenario::Typo)
            .then(|| typo_indicator(&figures))
            .flatten();
        if sc == Scenario::Typo {
            typo_unit = Some((unit.name.clone(), skipped.clone().unwrap()));
        }
        for ind in &indicators {
            if skipped.as_deref() == Some(ind.code.as_str()) {
                continue;
            }
            *expected.entry(ind.code.clone()).or_default() +=
                figures[&ind.code].as_f64().unwrap_or(0.0);
        }
    }
    for ind in &indicators {
        let total = merged["totals"][&ind.code].as_f64().unwrap();
        assert!(
            (total - sums[&ind.code]).abs() < 1e-6,
            "{}: totals {total} vs accepted units {}",
            ind.code,
            sums[&ind.code]
        );
        assert!(
            (total - expected[&ind.code]).abs() < 1e-6,
            "{}: totals {total} vs the simulated figures {}",
            ind.code,
            expected[&ind.code]
        );
    }
    assert_eq!(
        accepted,
        roster.len() - 1,
        "every unit but the missing one is counted"
    );

    // 3. The report: body and appendix total row carry the same totals.
    let doc = Doc::parse(&document_xml(&env.read("d/out/bao-cao.docx")));
    let text = doc.all_text();
    let appendix = doc
        .tables
        .iter()
        .find(|t| {
            t.first()
                .is_some_and(|r| r.first().is_some_and(|c| c.trim() == "STT"))
        })
        .unwrap_or_else(|| panic!("no table starting with STT in\n{text}"));
    let header = &appendix[0];
    let data_rows = appendix.len() - 2;
    assert_eq!(
        data_rows,
        campaign.reporting.units.len(),
        "one row per unit plus the header and the total:\n{appendix:#?}"
    );
    let total_row = appendix.last().unwrap();
    assert!(
        total_row
            .iter()
            .any(|c| c.contains("Tổng") || c.contains("Cộng")),
        "{total_row:?}"
    );
    for ind in &indicators {
        let col = header
            .iter()
            .position(|h| h.contains(&ind.label))
            .unwrap_or_else(|| panic!("no column for {} in {header:?}", ind.label));
        let total = merged["totals"][&ind.code].as_f64().unwrap();
        assert_eq!(total_row[col].trim(), vn(total), "total row, {}", ind.code);
    }
    // Rows in Vietnamese name order, as the merge would sort them.
    let names: Vec<String> = appendix[1..appendix.len() - 1]
        .iter()
        .map(|r| r[1].trim_end_matches(" (chưa nộp)").to_string())
        .collect();
    let mut sorted = names.clone();
    vanban::vn::collate::sort_strings(&mut sorted);
    assert_eq!(names, sorted);

    // 4. The missing unit is named in the text, and its row is marked.
    let missing: Vec<&str> = merged["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(!missing.is_empty());
    for code in missing {
        let unit = campaign
            .reporting
            .units
            .iter()
            .find(|u| u.code == code)
            .unwrap();
        assert!(
            doc.paragraphs.iter().any(|p| p.contains(&unit.name)),
            "{} is not named in the body",
            unit.name
        );
        let row = appendix[1..]
            .iter()
            .find(|r| r[1].contains(&unit.name))
            .unwrap();
        assert!(
            row[1].contains("(chưa nộp)") && row[2..].iter().all(|c| c == "-"),
            "missing unit's row is not marked: {row:?}"
        );
    }

    // The mistyped figure is marked in its cell, not left blank or counted as 0.
    let (typo_name, typo_code) = typo_unit.expect("the demo has a unit with a typo");
    let row = appendix[1..]
        .iter()
        .find(|r| r[1].starts_with(&typo_name))
        .unwrap();
    let label = &indicators
        .iter()
        .find(|i| i.code == typo_code)
        .unwrap()
        .label;
    let col = header
        .iter()
        .position(|h| h.contains(label.as_str()))
        .unwrap();
    // A footnote mark, explained under the table with what was typed.
    let mark = row[col].clone();
    assert!(mark.starts_with('(') && mark.ends_with(')'), "{row:?}");
    let footnote = doc
        .paragraphs
        .iter()
        .find(|p| p.starts_with(&format!("{mark} {label} của {typo_name}")))
        .unwrap_or_else(|| panic!("no footnote {mark} in {:#?}", doc.paragraphs));
    assert!(
        footnote.contains("không hợp lệ") && footnote.ends_with("chưa tính vào tổng cộng."),
        "{footnote}"
    );

    // 5. Amounts in words, as vn_money_words says them.
    for ind in campaign
        .reporting
        .indicators
        .iter()
        .filter(|i| i.kind == vanban::campaign::model::IndicatorKind::Money)
    {
        let total = merged["totals"][&ind.code].as_f64().unwrap() as i128;
        let words = vanban::vn::number::money_words(total).unwrap();
        assert!(text.contains(&words), "`{words}` not in the report");
    }

    // 6. The appendix is its own landscape section; the report itself is portrait.
    assert!(doc.sections.len() >= 2, "{:?}", doc.sections);
    let last = doc.sections.last().unwrap();
    assert!(last.contains("w:orient=\"landscape\""), "{last}");
    assert!(
        !doc.sections[0].contains("landscape"),
        "{}",
        doc.sections[0]
    );
    assert!(
        doc.header_rows[doc
            .tables
            .iter()
            .position(|t| std::ptr::eq(t, appendix))
            .unwrap()]
            >= 1
    );
    assert!(
        text.contains("(Kèm theo Báo cáo số"),
        "the appendix's italic line is missing"
    );

    // 7. The terminal says which total leaves out a figure that is not valid, and
    // whose: the units the merge rejected a figure of, by name.
    let left_out: Vec<String> = merged["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| {
            u["values"]
                .as_object()
                .is_some_and(|v| v.values().any(|x| x["status"] == "rejected"))
        })
        .map(|u| u["name"].as_str().unwrap().to_string())
        .collect();
    assert!(!left_out.is_empty());
    for name in &left_out {
        assert!(
            out.stdout.lines().any(
                |l| l.contains("leaves out the figures that are not valid of:")
                    && l.contains(name.as_str())
            ),
            "{name} not said on the terminal\n{}",
            out.stdout
        );
    }

    // 8. The summary names what was written.
    for needle in ["out/ke-hoach.docx", "out/tong-hop.json", "out/bao-cao.docx"] {
        assert!(
            out.stdout.contains(needle),
            "{needle} not in\n{}",
            out.stdout
        );
    }
}

/// The return that breaks one of the sample's checks (a gift value, no gift) is
/// warned in the sheet "Lỗi và cảnh báo" of `tong-hop.xlsx`, in words naming both
/// cells, like any other warning; it is the only check warning.
#[test]
fn the_check_the_demo_breaks_is_worded_in_the_workbook() {
    use calamine::{Data, Reader, Xlsx};
    let env = Env::new();
    run_demo(&env);
    let merged = json_file(&env, "d/out/tong-hop.json");
    let unit = merged["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["code"] == "CD21")
        .unwrap();
    let gifts_cell = unit["sources"]["qua_tang"]["cell"].as_str().unwrap();
    let value_cell = unit["sources"]["tien_qua"]["cell"].as_str().unwrap();
    assert_eq!(unit["values"]["qua_tang"]["value"], 0, "{unit}");
    let bytes = env.read("d/out/tong-hop.xlsx");
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).expect("xlsx");
    let rows: Vec<Vec<String>> = book
        .worksheet_range("Lỗi và cảnh báo")
        .expect("the sheet")
        .rows()
        .map(|r| r.iter().map(Data::to_string).collect())
        .collect();
    let warned: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r.iter().any(|c| c.contains("check these two cells")))
        .collect();
    assert_eq!(warned.len(), 1, "{warned:#?}");
    let row = warned[0].join(" | ");
    for needle in [
        "CD21",
        value_cell,
        "\"Giá trị quà tặng\" is ",
        &format!("(cell {gifts_cell}) is 0"),
    ] {
        assert!(row.contains(needle), "`{needle}` not in {row}");
    }
    assert!(!row.contains("merge.check"), "{row}");
}

#[test]
fn the_demo_is_deterministic_and_refuses_a_foreign_folder() {
    let env = Env::new();
    run_demo(&env);
    let first: Vec<(String, Vec<u8>)> = files_under(&env.path("d"));
    run_demo(&env);
    let second = files_under(&env.path("d"));
    assert_eq!(
        first.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        second.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
    for ((name, a), (_, b)) in first.iter().zip(&second) {
        assert!(a == b, "{name} differs between two runs");
    }

    env.write("mine/notes.txt", "my own work");
    let out = env.run(&["demo", "-o", "mine"]);
    out.expect_status(1);
    assert!(
        out.stderr
            .contains("`mine` is not empty and was not made by `vanban demo`"),
        "{}",
        out.stderr
    );
    assert_eq!(env.read("mine/notes.txt"), b"my own work");
}

fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// `soffice`, or `None` when LibreOffice is absent and the run may skip (CI sets
/// `VANBAN_REQUIRE_LIBREOFFICE`, and then its absence is a failure).
pub fn soffice() -> Option<&'static str> {
    let found = Command::new("soffice")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if found {
        return Some("soffice");
    }
    if std::env::var_os("VANBAN_REQUIRE_LIBREOFFICE").is_some() {
        panic!(
            "LibreOffice (soffice) is required (VANBAN_REQUIRE_LIBREOFFICE is set) but not installed"
        );
    }
    eprintln!("note: LibreOffice is not installed; skipping the PDF check");
    None
}

#[test]
fn the_report_converts_to_pdf_with_header_totals_and_appendix() {
    if soffice().is_none() {
        return;
    }
    let env = Env::new();
    run_demo(&env);
    let out = env.run(&["report", "d", "--pdf"]);
    out.expect_status(0);
    let pdf = env.path("d/out/bao-cao.pdf");
    assert!(pdf.is_file(), "{}", out.stdout);
    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let merged = json_file(&env, "d/out/tong-hop.json");
    let campaign = json_file(&env, "d/campaign.json");
    let mut needles = vec![
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".to_string(),
        "BÁO CÁO".to_string(),
        "Phụ lục".to_string(),
        format!(
            "Số: {:02}/BC-",
            campaign["report"]["number"].as_u64().unwrap()
        ),
        "Kèm theo Báo cáo số".to_string(),
        "Tổng cộng".to_string(),
    ];
    for (_, v) in merged["totals"].as_object().unwrap() {
        if let Some(n) = v.as_f64() {
            needles.push(vn(n));
        }
    }
    for n in needles {
        assert!(text.contains(&n), "`{n}` not in the PDF text:\n{text}");
    }
}
