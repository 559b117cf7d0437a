//! The roll-up from district to province (issue 17): two districts' `vanban demo`
//! campaigns merged, their `tong-hop.xlsx` and `tong-hop.json` received by a
//! province campaign whose roster lists the districts, merged and reported.

use serde_json::Value;

use crate::common::Env;
use crate::demo::{Doc, document_xml};

fn json(env: &Env, rel: &str) -> Value {
    serde_json::from_slice(&env.read(rel)).unwrap()
}

/// Rewrites `rel` (a campaign.json) through `edit`.
fn edit_campaign(env: &Env, rel: &str, edit: impl FnOnce(&mut Value)) {
    let mut c = json(env, rel);
    edit(&mut c);
    env.write(rel, serde_json::to_vec_pretty(&c).unwrap());
}

#[test]
fn two_districts_roll_up_into_a_province_report() {
    let env = Env::new();
    env.run(&["demo", "-o", "d1"]).expect_status(0);
    env.run(&["demo", "-o", "d2"]).expect_status(0);
    // The second district is another body: its own name, merged again.
    edit_campaign(&env, "d2/campaign.json", |c| {
        c["issuer"]["name"] = "LIÊN ĐOÀN LAO ĐỘNG HUYỆN BẾN CẦU".into();
    });
    // The demo's returns include rejected files: the merge says so (status 1)
    // and writes its tổng hợp all the same.
    let out = env.run(&["merge", "d2"]);
    assert!(
        out.stdout.contains("d2/out/tong-hop.json"),
        "{}",
        out.stdout
    );
    let d1_issuer = json(&env, "d1/campaign.json")["issuer"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    // The province: the demo's campaign, its roster the districts (one by the
    // name its tổng hợp carries, in other words), its own issuer and deadline.
    for f in ["campaign.json", "bao-cao.txt", "ke-hoach.txt"] {
        env.write(&format!("tinh/{f}"), env.read(&format!("d1/{f}")));
    }
    let h01_name = d1_issuer.replace("LIÊN ĐOÀN LAO ĐỘNG HUYỆN", "LĐLĐ huyện");
    edit_campaign(&env, "tinh/campaign.json", |c| {
        c["campaign"]["id"] = "dan-van-2017-tinh".into();
        c["issuer"]["name"] = "LIÊN ĐOÀN LAO ĐỘNG TỈNH TÂY NINH".into();
        c["issuer"]["superior"] = "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM".into();
        c["reporting"]["deadline"] = "2017-08-10".into();
        c["report"]["date"] = "2017-08-15".into();
        c["reporting"]["units"] = serde_json::json!([
            {"code": "H01", "name": h01_name, "group": ""},
            {"code": "H02", "name": "LĐLĐ huyện Bến Cầu", "group": ""},
            {"code": "H03", "name": "LĐLĐ huyện Gò Dầu", "group": ""},
        ]);
    });
    let sent = [
        env.read("d1/out/tong-hop.xlsx"),
        env.read("d2/out/tong-hop.json"),
    ];
    let out = env.run_vi(&[
        "nhan",
        "tinh",
        "d1/out/tong-hop.xlsx",
        "d2/out/tong-hop.json",
    ]);
    out.expect_status(0);
    assert_eq!(env.read("tinh/returns/H01.xlsx"), sent[0], "{}", out.stdout);
    assert_eq!(env.read("tinh/returns/H02.json"), sent[1]);
    let out = env.run_vi(&["merge", "tinh"]);
    out.expect_status(0);
    assert!(out.stdout.contains("chưa nộp: H03"), "{}", out.stdout);
    // The inputs are untouched.
    assert_eq!(env.read("d1/out/tong-hop.xlsx"), sent[0]);

    // The province's totals are the two districts' totals, each the sum of its forms.
    let (t, d1, d2) = (
        json(&env, "tinh/out/tong-hop.json"),
        json(&env, "d1/out/tong-hop.json"),
        json(&env, "d2/out/tong-hop.json"),
    );
    let totals = t["totals"].as_object().unwrap();
    assert_eq!(totals.len(), d1["totals"].as_object().unwrap().len());
    for (code, v) in totals {
        let sum = d1["totals"][code].as_f64().unwrap() + d2["totals"][code].as_f64().unwrap();
        assert!(
            (v.as_f64().unwrap() - sum).abs() < 1e-6,
            "{code}: {v} against {sum}"
        );
    }
    let units_of = |d: &Value| d["summary"]["units_total"].as_u64().unwrap();
    let reported_of = |d: &Value| d["summary"]["units_reported"].as_u64().unwrap();
    let h01 = t["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["code"] == "H01")
        .unwrap();
    assert_eq!(h01["rollup"]["units_total"].as_u64(), Some(units_of(&d1)));
    assert_eq!(
        h01["rollup"]["units_reported"].as_u64(),
        Some(reported_of(&d1))
    );

    // The report: the appendix lists the districts; what the totals stand for is
    // said in the reporting sentence and after each total.
    env.run_vi(&["report", "tinh"]).expect_status(0);
    let doc = Doc::parse(&document_xml(&env.read("tinh/out/bao-cao.docx")));
    let text = doc.all_text();
    let reported = reported_of(&d1) + reported_of(&d2);
    let all = units_of(&d1) + units_of(&d2);
    assert!(
        text.contains(&format!("số liệu của {reported}/{all} đơn vị trực thuộc")),
        "{text}"
    );
    assert!(text.contains("CỦA CÁC ĐƠN VỊ"), "{text}");
    assert!(text.contains("LĐLĐ huyện Bến Cầu"), "{text}");
    assert!(text.contains("LĐLĐ huyện Gò Dầu (chưa nộp)"), "{text}");
}

/// A district's `tong-hop.json` edited by hand after its merge is refused at
/// receipt, naming the file and the indicator.
#[test]
fn an_edited_district_tonghop_is_refused_naming_the_file() {
    let env = Env::new();
    env.run(&["demo", "-o", "d1"]).expect_status(0);
    let mut t = json(&env, "d1/out/tong-hop.json");
    let code = t["indicators"][0]["code"].as_str().unwrap().to_string();
    let was = t["totals"][&code].as_f64().unwrap();
    t["totals"][&code] = (was + 1.0).into();
    env.write("sua.json", serde_json::to_vec(&t).unwrap());
    for f in ["campaign.json", "bao-cao.txt", "ke-hoach.txt"] {
        env.write(&format!("tinh/{f}"), env.read(&format!("d1/{f}")));
    }
    edit_campaign(&env, "tinh/campaign.json", |c| {
        c["campaign"]["id"] = "tinh".into();
        let issuer = c["issuer"]["name"].as_str().unwrap().to_lowercase();
        c["reporting"]["units"] = serde_json::json!([{"code": "H01", "name": issuer, "group": ""}]);
    });
    let out = env.run_vi(&["nhan", "tinh", "sua.json"]);
    assert_ne!(out.status, 0);
    let said = format!("{}{}", out.stdout, out.stderr);
    assert!(said.contains("sua.json"), "{said}");
    assert!(
        said.contains("bản tổng hợp đã bị sửa sau khi tổng hợp"),
        "{said}"
    );
    assert!(!env.path("tinh/returns/H01.json").exists());
}
