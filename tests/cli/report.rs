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
  "campaign": {"id": "thu", "name": "Phối hợp làm công tác dân vận năm 2017", "year": 2017},
  "totals": {"nha_mai_am": 5, "duong": 3.5, "tien_qua": 120000000},
  "units": [
    {"code": "CD01", "name": "Công đoàn cơ sở Trường B", "values": {"nha_mai_am": 2, "duong": 1.25, "tien_qua": 20000000}, "file": "returns/b.xlsx", "status": "accepted"},
    {"code": "CD02", "name": "Công đoàn cơ sở Trường A", "values": {"nha_mai_am": 3, "duong": 2.25, "tien_qua": 100000000}, "file": "returns/a.xlsx", "status": "accepted"},
    {"code": "CD04", "name": "Công đoàn cơ sở Công ty Ánh", "values": {"nha_mai_am": 1}, "file": "returns/d.xlsx", "status": "rejected"}
  ],
  "missing": ["CD03"],
  "issues": [
    {"file": "returns/d.xlsx", "sheet": "Biểu 1", "cell": "D6", "severity": "error", "message": "'1.2OO' is not a number"},
    {"file": "returns/a.xlsx", "sheet": "Biểu 1", "cell": "D5", "severity": "warning", "message": "'3' typed as text, read as 3"}
  ]
}"#;

/// A campaign folder with its merge done, the merge newer than the returns.
pub fn campaign_env() -> Env {
    let env = Env::new();
    env.write("c/campaign.json", CAMPAIGN);
    env.write("c/bao-cao.txt", BODY);
    env.write("c/returns/a.xlsx", b"not read by the report");
    let old = SystemTime::now() - Duration::from_secs(3600);
    set_mtime(&env.path("c/returns/a.xlsx"), old);
    env.write("c/out/tong-hop.json", MERGED);
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
            .contains("c/out/tong-hop.json` is missing: the report is made from the merged figures; run `vanban merge c` first"),
        "{}",
        out.stderr
    );
    assert!(!env.path("c/out/bao-cao.docx").exists());
}

#[test]
fn a_merge_older_than_a_return_says_to_merge_again() {
    let env = campaign_env();
    env.write("c/returns/late.xlsx", b"sent after the merge");
    set_mtime(
        &env.path("c/returns/late.xlsx"),
        SystemTime::now() + Duration::from_secs(60),
    );
    let out = env.run(&["report", "c"]);
    out.expect_status(1);
    assert!(
        out.stderr.contains("is older than `c/returns/late.xlsx`")
            && out.stderr.contains("run `vanban merge c` again"),
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
            .contains("refusing to write the report (--strict): the merge found 1 error(s):")
            && out
                .stderr
                .contains("returns/d.xlsx › Biểu 1 › D6: '1.2OO' is not a number"),
        "{}",
        out.stderr
    );
    assert!(!env.path("c/out/bao-cao.docx").exists());
}

#[test]
fn totals_that_do_not_add_up_are_refused() {
    let env = campaign_env();
    env.write(
        "c/out/tong-hop.json",
        MERGED.replace("\"nha_mai_am\": 5", "\"nha_mai_am\": 6"),
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
