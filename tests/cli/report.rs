//! Tests of `vanban report`.

use std::time::{Duration, SystemTime};

use crate::common::Env;

pub const CAMPAIGN: &str = r#"{
  "campaign": {"id": "thu", "name": "Phối hợp làm công tác dân vận năm 2017", "year": 2017},
  "issuer": {"superior": "LIÊN ĐOÀN LAO ĐỘNG TỈNH MẪU", "name": "LIÊN ĐOÀN LAO ĐỘNG HUYỆN MẪU", "abbreviation": "LĐLĐ", "place": "Mẫu"},
  "signer": {"authority": "TM. BAN THƯỜNG VỤ", "title": "CHỦ TỊCH", "name": "Nguyễn Văn Mẫu"},
  "plan": {"number": 5, "date": "2017-06-28", "type_code": "KH", "type_name": "KẾ HOẠCH",
           "summary": "Phối hợp làm công tác dân vận năm 2017", "body": "ke-hoach.txt", "recipients": ["CĐCS"], "archive": "VP"},
  "report": {"number": 9, "date": "2017-07-31", "type_code": "BC", "type_name": "BÁO CÁO",
           "summary": "Kết quả phối hợp làm công tác dân vận năm 2017", "kinh_gui": ["Ban Thường vụ LĐLĐ tỉnh Mẫu"],
           "body": "bao-cao.txt", "recipients": ["Như trên", "TT LĐLĐ tỉnh"], "archive": "VP"},
  "reporting": {"period_from": "2017-07-16", "period_to": "2017-07-25", "deadline": "2017-07-27",
    "units": [{"code": "CD01", "name": "Công đoàn cơ sở Trường B"},
              {"code": "CD02", "name": "Công đoàn cơ sở Trường A"},
              {"code": "CD03", "name": "Công đoàn cơ sở Xã Đông"},
              {"code": "CD04", "name": "Công đoàn cơ sở Công ty Ánh"}],
    "indicators": [{"code": "nha_mai_am", "label": "Nhà Mái ấm Công đoàn", "unit": "căn", "kind": "count"},
                   {"code": "duong", "label": "Đường giao thông", "unit": "km", "kind": "decimal"},
                   {"code": "tien_qua", "label": "Giá trị quà tặng", "unit": "đồng", "kind": "money"}]}
}"#;

pub const BODY: &str = "I. KẾT QUẢ\n\
1. Tình hình báo cáo\n\
{{ tinh_hinh_bao_cao }}\n\
2. Kết quả\n\
- Xây tặng {{ tong.nha_mai_am | vn_number }} căn nhà Mái ấm Công đoàn.\n\
- Tặng quà trị giá {{ tong.tien_qua | vn_number }} đồng (bằng chữ: {{ tong.tien_qua | vn_money_words }}).\n\
II. KIẾN NGHỊ\n\
Không có kiến nghị.\n";

pub const MERGED: &str = r#"{
  "format": "vanban/tong-hop",
  "version": 2,
  "campaign": {"id": "thu", "name": "Phối hợp làm công tác dân vận năm 2017", "year": 2017},
  "deadline": "2017-07-27",
  "indicators": [{"code": "nha_mai_am", "label": "Nhà Mái ấm Công đoàn", "unit": "căn", "kind": "count"},
                 {"code": "duong", "label": "Đường giao thông", "unit": "km", "kind": "decimal"},
                 {"code": "tien_qua", "label": "Giá trị quà tặng", "unit": "đồng", "kind": "money"}],
  "totals": {"nha_mai_am": 5, "duong": 3.5, "tien_qua": 120000000},
  "reported": {"nha_mai_am": 2, "duong": 2, "tien_qua": 2},
  "units": [
    {"code": "CD01", "name": "Công đoàn cơ sở Trường B", "status": "accepted", "file": "returns/b.xlsx",
     "values": {"nha_mai_am": {"status": "counted", "value": 2}, "duong": {"status": "counted", "value": 1.25}, "tien_qua": {"status": "counted", "value": 20000000}}},
    {"code": "CD02", "name": "Công đoàn cơ sở Trường A", "status": "accepted", "file": "returns/a.xlsx",
     "values": {"nha_mai_am": {"status": "counted", "value": 3}, "duong": {"status": "counted", "value": 2.25}, "tien_qua": {"status": "counted", "value": 100000000}}},
    {"code": "CD03", "name": "Công đoàn cơ sở Xã Đông", "status": "missing"},
    {"code": "CD04", "name": "Công đoàn cơ sở Công ty Ánh", "status": "rejected"}
  ],
  "missing": ["CD03", "CD04"],
  "files": [],
  "issues": [
    {"severity": "error", "location": {"kind": "cell", "file": "returns/d.xlsx", "sheet": "Biểu 1", "cell": "D6"},
     "code": "merge.value.not_a_number", "arguments": {"indicator": "Nhà Mái ấm Công đoàn", "indicator_code": "nha_mai_am", "value": "1.2OO"}},
    {"severity": "warning", "location": {"kind": "cell", "file": "returns/a.xlsx", "sheet": "Biểu 1", "cell": "D5"},
     "code": "merge.value.number_as_text", "arguments": {"indicator": "Nhà Mái ấm Công đoàn", "indicator_code": "nha_mai_am", "text": "3", "value": 3}}
  ],
  "summary": {"files_read": 3, "accepted": 2, "accepted_with_warnings": 0, "rejected": 1,
              "units_total": 4, "units_reported": 2, "units_missing": 2, "errors": 1, "warnings": 1}
}"#;

/// A campaign folder with its merge done, the merge newer than the returns.
pub fn campaign_env() -> Env {
    let env = Env::new();
    env.write("c/campaign.json", CAMPAIGN);
    env.write("c/bao-cao.txt", BODY);
    let a = b"not read by the report";
    env.write("c/returns/a.xlsx", a);
    let old = SystemTime::now() - Duration::from_secs(3600);
    set_mtime(&env.path("c/returns/a.xlsx"), old);
    // The merge read exactly the returns there are: its record says so.
    let merged = MERGED.replace(
        "\"files\": [],",
        &format!(
            "\"files\": [{{\"file\": \"returns/a.xlsx\", \"status\": \"accepted\", \"sha256\": \"{}\"}}],",
            vanban::folder::content_hash(a)
        ),
    );
    assert_ne!(merged, MERGED);
    env.write("c/out/tong-hop.json", merged);
    env
}

pub fn set_mtime(path: &std::path::Path, t: SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(t))
        .unwrap_or_else(|e| panic!("set mtime of {}: {e}", path.display()));
}

#[test]
fn a_missing_merge_says_to_run_merge() {
    let env = campaign_env();
    std::fs::remove_file(env.path("c/out/tong-hop.json")).unwrap();
    let out = env.run(&["report", "c"]);
    out.expect_status(1);
    assert!(
        out.stderr
            .contains("error: `c/out/tong-hop.json` is missing: the report is made from the merged figures.\n  hint: run `vanban merge c`"),
        "{}",
        out.stderr
    );
    assert!(!env.path("c/out/bao-cao.docx").exists());
}

#[test]
fn a_return_added_after_the_merge_says_to_merge_again() {
    let env = campaign_env();
    env.write("c/returns/late.xlsx", b"sent after the merge");
    set_mtime(
        &env.path("c/returns/late.xlsx"),
        SystemTime::now() + Duration::from_secs(60),
    );
    let out = env.run(&["report", "c"]);
    out.expect_status(1);
    assert!(
        out.stderr
            .contains("added since the merge: c/returns/late.xlsx.")
            && out.stderr.contains("run `vanban merge c`"),
        "{}",
        out.stderr
    );
    assert!(!env.path("c/out/bao-cao.docx").exists());
}

#[test]
fn strict_refuses_a_merge_with_errors_and_lists_them() {
    let env = campaign_env();
    let out = env.run(&["report", "c", "--strict"]);
    out.expect_status(1);
    assert!(
        out.stderr
            .contains("refusing to write the report (--strict): the merge found 1 error(s); they are below")
            && out
                .stderr
                .contains("error: \"Nhà Mái ấm Công đoàn\": \"1.2OO\" is not a number; not counted\n  at: file `returns/d.xlsx` › sheet `Biểu 1` › cell D6"),
        "{}",
        out.stderr
    );
    assert!(!env.path("c/out/bao-cao.docx").exists());
}

#[test]
fn totals_that_do_not_add_up_are_refused() {
    let env = campaign_env();
    let merged = String::from_utf8(env.read("c/out/tong-hop.json")).unwrap();
    env.write(
        "c/out/tong-hop.json",
        merged.replace("\"nha_mai_am\": 5", "\"nha_mai_am\": 6"),
    );
    let out = env.run(&["report", "c"]);
    out.expect_status(1);
    assert!(
        out.stderr.contains(
            "the figures do not add up: `nha_mai_am`: total 6 but the accepted units add up to 5"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn a_folder_without_campaign_json_is_named() {
    let env = Env::new();
    env.write("x/readme.txt", "");
    let out = env.run(&["report", "x"]);
    out.expect_status(1);
    assert!(
        out.stderr.contains("`x` is not a campaign folder"),
        "{}",
        out.stderr
    );
}

/// The report of the hand-built campaign, read back as data.
fn report_doc(env: &Env) -> crate::demo::Doc {
    crate::demo::Doc::parse(&crate::demo::document_xml(&env.read("c/out/bao-cao.docx")))
}

#[test]
fn the_report_fills_the_builtin_template_from_the_merge() {
    let env = campaign_env();
    let out = env.run(&["report", "c"]);
    out.expect_status(0);
    let doc = report_doc(&env);
    let text = doc.all_text();
    for needle in [
        "Số: 09/BC-LĐLĐ",
        "BÁO CÁO",
        "Kết quả phối hợp làm công tác dân vận năm 2017",
        "Kính gửi: Ban Thường vụ LĐLĐ tỉnh Mẫu",
        "Xây tặng 5 căn nhà Mái ấm Công đoàn.",
        "Tặng quà trị giá 120.000.000 đồng (bằng chữ: Một trăm hai mươi triệu đồng).",
        "Có 2/4 công đoàn cơ sở báo cáo đúng hạn; 1 đơn vị chưa nộp báo cáo: Công đoàn cơ sở Xã Đông; 1 đơn vị có báo cáo bị trả lại do sai sót, số liệu chưa tính vào tổng hợp: Công đoàn cơ sở Công ty Ánh.",
        "“-”: đơn vị chưa có số liệu được tổng hợp, lý do ghi sau tên đơn vị (“chưa nộp”: đơn vị chưa nộp báo cáo; “bị trả lại”: báo cáo có sai sót, trả lại để sửa).",
        "Không có kiến nghị./.",
        "Phụ lục",
        "(Kèm theo Báo cáo số 09/BC-LĐLĐ ngày 31 tháng 7 năm 2017 của Ban Thường vụ LĐLĐ huyện Mẫu)",
        "Nguyễn Văn Mẫu",
    ] {
        assert!(text.contains(needle), "`{needle}` not in\n{text}");
    }
    let appendix = doc
        .tables
        .iter()
        .find(|t| t[0][0] == "STT")
        .expect("the appendix table");
    let rows: Vec<String> = appendix.iter().map(|r| r.join(" | ")).collect();
    assert_eq!(
        rows,
        [
            "STT | Đơn vị | Nhà Mái ấm Công đoàn (căn) | Đường giao thông (km) | Giá trị quà tặng (đồng)",
            "1 | Công đoàn cơ sở Công ty Ánh (bị trả lại) | - | - | -",
            "2 | Công đoàn cơ sở Trường A | 3 | 2,25 | 100.000.000",
            "3 | Công đoàn cơ sở Trường B | 2 | 1,25 | 20.000.000",
            "4 | Công đoàn cơ sở Xã Đông (chưa nộp) | - | - | -",
            // A column prints all its figures with the same decimals: 3,50 under 2,25.
            " | Tổng cộng | 5 | 3,50 | 120.000.000",
        ]
    );
    // The appendix spans its landscape page; the rows stay whole.
    let last = doc.sections.last().unwrap();
    assert!(last.contains("w:orient=\"landscape\""), "{last}");
    let xml = crate::demo::document_xml(&env.read("c/out/bao-cao.docx"));
    // Six rows of the appendix, and the signature area's one row.
    assert_eq!(xml.matches("<w:cantSplit/>").count(), 7);
    // What the user is told: who reported, and the merge's problems.
    for needle in [
        "wrote c/out/bao-cao.docx (Báo cáo số 09/BC-LĐLĐ)",
        "  2/4 units reported\n  not reported: Công đoàn cơ sở Xã Đông\n  returns rejected: Công đoàn cơ sở Công ty Ánh\n",
        "the merge found 1 error(s) and 1 warning(s):",
        "    error: \"Nhà Mái ấm Công đoàn\": \"1.2OO\" is not a number; not counted\n        at: file `returns/d.xlsx` › sheet `Biểu 1` › cell D6",
    ] {
        assert!(
            out.stdout.contains(needle),
            "`{needle}` not in\n{}",
            out.stdout
        );
    }
}

#[test]
fn the_same_inputs_give_the_same_report() {
    let env = campaign_env();
    env.run(&["report", "c", "-o", "one.docx"]).expect_status(0);
    env.run(&["report", "c", "-o", "two.docx"]).expect_status(0);
    assert!(env.read("one.docx") == env.read("two.docx"));
}

#[test]
fn a_campaign_template_overrides_the_builtin_one() {
    use vanban::docx::fixture::{Docx, p, r};
    let env = campaign_env();
    let template = Docx::new(p(&r(
        "Riêng: {{ doc.symbol }}, {{ tong.nha_mai_am }} căn, {{ so_don_vi_bao_cao }}/{{ so_don_vi }}",
    )))
    .build();
    env.write("c/templates/bao-cao.docx", template);
    env.run(&["report", "c"]).expect_status(0);
    let doc = report_doc(&env);
    assert_eq!(doc.paragraphs, ["Riêng: 09/BC-LĐLĐ, 5 căn, 2/4"]);
}

#[test]
fn an_error_in_the_body_names_the_file_and_line() {
    let env = campaign_env();
    env.write(
        "c/bao-cao.txt",
        "I. KẾT QUẢ\nXây {{ tong.nha_mai_amm }} căn.\n",
    );
    let out = env.run(&["report", "c"]);
    out.expect_status(1);
    assert!(
        out.stderr.contains("bao-cao.txt") && out.stderr.contains("nha_mai_amm"),
        "{}",
        out.stderr
    );
    assert!(!env.path("c/out/bao-cao.docx").exists());
}

#[test]
fn pdf_without_libreoffice_says_how_to_install_it() {
    let env = campaign_env();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["report", "c", "--pdf"])
        .current_dir(env.dir.path())
        .env("VANBAN_SOFFICE", env.path("no-such-soffice"))
        .env_remove("VANBAN_LANG")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("lỗi: đã ghi báo cáo vào `c/out/bao-cao.docx` nhưng chưa có bản PDF vì máy chưa cài LibreOffice.\n  Windows: tải LibreOffice")
            && stderr.contains("https://www.libreoffice.org/download/")
            && stderr.contains("sudo apt install libreoffice-writer"),
        "{stderr}"
    );
    assert!(env.path("c/out/bao-cao.docx").is_file());
}

#[test]
fn a_value_nesting_deeper_than_the_limit_is_refused_naming_the_flag() {
    use vanban::docx::fixture::{Docx, p, r};
    let env = campaign_env();
    // Printed with `safe`, a value becomes markup: 200,000 nested elements once
    // overflowed the stack of the appendix pass (the process aborted).
    let depth = 200_000;
    let deep = format!("{}{}", "<w:x>".repeat(depth), "</w:x>".repeat(depth));
    env.write(
        "c/campaign.json",
        CAMPAIGN.replacen(
            "\"campaign\": {",
            &format!("\"vars\": {{\"deep\": \"{deep}\"}},\n  \"campaign\": {{"),
            1,
        ),
    );
    env.write(
        "c/templates/bao-cao.docx",
        Docx::new(p(&r("{{ vars.deep | safe }}"))).build(),
    );
    let out = env.run(&["report", "c"]);
    out.expect_status(1);
    assert!(
        out.stderr.contains(
            "the template's rendered body (`word/document.xml`) nests elements more than 256 deep"
        ) && out.stderr.contains("with `--max-xml-depth`"),
        "{}",
        out.stderr
    );
    assert!(!env.path("c/out/bao-cao.docx").exists());
}

#[test]
fn a_campaign_template_is_read_within_the_limits_and_the_flag_is_named() {
    let env = campaign_env();
    env.write("c/templates/bao-cao.docx", vanban::templates::REPORT);
    let out = env.run(&["report", "c", "--max-zip-entries", "3"]);
    out.expect_status(1);
    assert!(
        out.stderr
            .contains("the file has 16 parts, more than the limit of 3")
            && out
                .stderr
                .contains("at: template `c/templates/bao-cao.docx`")
            && out.stderr.contains("--max-zip-entries"),
        "{}",
        out.stderr
    );
    assert!(!env.path("c/out/bao-cao.docx").exists());
    env.run(&["report", "c"]).expect_status(0);
}

// ------------------------------------------- the report and its PDF as a pair (issue 16)

/// A PDF as LibreOffice marks one: the report's run in its `/Keywords`.
fn pdf_of_run(run: &str) -> String {
    format!("%PDF-1.4\n1 0 obj\n<< /Keywords (vanban-run-{run}) >>\nendobj\n%%EOF\n")
}

fn run_of_report(env: &Env) -> String {
    vanban::campaign::pair::package_run(
        &env.read("c/out/bao-cao.docx"),
        &vanban::limits::Limits::default(),
    )
    .expect("the report carries its run")
}

#[test]
fn the_report_and_its_pdf_carry_the_same_run() {
    if crate::demo::soffice().is_none() {
        return;
    }
    let env = campaign_env();
    env.run(&["report", "c", "--pdf"]).expect_status(0);
    let limits = vanban::limits::Limits::default();
    let pdf = env.read("c/out/bao-cao.pdf");
    assert_eq!(
        vanban::campaign::pair::pair(&env.read("c/out/bao-cao.docx"), &pdf, &limits),
        vanban::campaign::pair::Pair::Complete
    );
    assert_eq!(
        vanban::campaign::pair::pdf_run(&pdf),
        Some(run_of_report(&env))
    );
}

#[test]
fn a_pdf_of_an_earlier_report_is_removed_before_the_report_is_replaced() {
    let env = campaign_env();
    env.run(&["report", "c"]).expect_status(0);
    let run = run_of_report(&env);
    // The same inputs give the same report: its PDF still matches and is kept.
    env.write("c/out/bao-cao.pdf", pdf_of_run(&run));
    let same = env.run(&["report", "c"]);
    same.expect_status(0);
    assert_eq!(run_of_report(&env), run);
    assert!(env.path("c/out/bao-cao.pdf").exists(), "{}", same.stdout);
    // A PDF of another run (an earlier body): removed, and said.
    env.write("c/out/bao-cao.pdf", pdf_of_run("00000000ffffffff"));
    let out = env.run(&["report", "c"]);
    out.expect_status(0);
    assert!(!env.path("c/out/bao-cao.pdf").exists());
    assert!(
        out.stdout.contains("removed ")
            && out
                .stdout
                .contains("bao-cao.pdf: that PDF was made from an earlier report"),
        "{}",
        out.stdout
    );
    // A PDF that is not ours (no run) is the clerk's: left alone.
    env.write("c/out/bao-cao.pdf", "%PDF-1.4 scanned by the clerk");
    env.run(&["report", "c"]).expect_status(0);
    assert!(env.path("c/out/bao-cao.pdf").exists());
}

/// A run killed while LibreOffice converts (after the new report is written,
/// before its PDF): no new report beside the old PDF.
#[cfg(unix)]
#[test]
fn a_report_killed_before_its_pdf_leaves_no_mixed_pair() {
    use std::os::unix::fs::PermissionsExt;
    let env = campaign_env();
    env.run(&["report", "c"]).expect_status(0);
    let old_run = run_of_report(&env);
    env.write("c/out/bao-cao.pdf", pdf_of_run(&old_run));
    // A new body: a new report, a new run.
    env.write("c/bao-cao.txt", format!("{BODY}\nMột đoạn mới.\n"));
    // "LibreOffice" that kills vanban (its parent) with SIGKILL.
    let fake = env.write("fake-soffice", "#!/bin/sh\nkill -9 $PPID\nsleep 5\n");
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["report", "c", "--pdf"])
        .current_dir(env.dir.path())
        .env("VANBAN_SOFFICE", &fake)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), None, "killed by a signal: {out:?}");
    let new_run = run_of_report(&env);
    assert_ne!(new_run, old_run, "the report was replaced");
    // The old PDF went before the new report came: no mixed pair.
    assert!(!env.path("c/out/bao-cao.pdf").exists());
    let leftovers: Vec<String> = std::fs::read_dir(env.path("c/out"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect();
    assert_eq!(leftovers, Vec::<String>::new());
}
