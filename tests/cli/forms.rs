//! Tests of `vanban forms`.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use vanban::sheets::forms::{self, sample};

use crate::common::Env;

/// Writes a campaign folder holding `campaign.json` for `units` units.
pub fn campaign_folder(env: &Env, units: usize) -> vanban::campaign::Campaign {
    let campaign = sample::campaign(units);
    env.write(
        "camp/campaign.json",
        serde_json::to_string_pretty(&campaign).expect("campaign json"),
    );
    campaign
}

fn entry(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut s = String::new();
    zip.by_name(name)
        .expect("entry")
        .read_to_string(&mut s)
        .expect("utf8");
    s
}

#[test]
fn forms_one_per_unit_with_identity_labels_and_protection() {
    let env = Env::new();
    let campaign = campaign_folder(&env, 3);
    let out = env.run(&["forms", "camp"]);
    out.expect_status(0);
    assert_eq!(out.stdout.trim(), "wrote 3 forms to camp/out/bieu-mau");
    for unit in &campaign.reporting.units {
        let bytes = env.read(&format!("camp/out/bieu-mau/{}.xlsx", unit.code));
        let mut wb = Xlsx::new(Cursor::new(bytes.clone())).expect("xlsx");
        assert_eq!(wb.sheet_names(), vec!["Biểu mẫu", "_vanban"]);
        let names: Vec<(String, String)> = wb.defined_names().to_vec();
        assert!(
            names.contains(&("vanban_unit".to_string(), "_vanban!$B$3".to_string())),
            "{names:?}"
        );
        let id = wb.worksheet_range("_vanban").expect("identity");
        assert_eq!(
            id.get_value((1, 1)),
            Some(&Data::String("dan-van-2017".into()))
        );
        assert_eq!(id.get_value((2, 1)), Some(&Data::String(unit.code.clone())));
        let form = wb.worksheet_range("Biểu mẫu").expect("form");
        let at = |r: u32, c: u32| form.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(at(3, 0), Data::String(format!("Mã đơn vị: {}", unit.code)));
        assert_eq!(at(4, 0), Data::String(format!("Đơn vị: {}", unit.name)));
        let headers: Vec<Data> = (0..5).map(|c| at(forms::HEADER_ROW, c)).collect();
        assert_eq!(
            headers,
            forms::TABLE_HEADERS
                .map(|h| Data::String(h.to_string()))
                .to_vec()
        );
        for (i, ind) in campaign.reporting.indicators.iter().enumerate() {
            assert_eq!(
                at(forms::HEADER_ROW + 1 + i as u32, 1),
                Data::String(ind.label.clone())
            );
        }
        let sheet1 = entry(&bytes, "xl/worksheets/sheet1.xml");
        assert!(sheet1.contains("<sheetProtection "), "labels locked");
        assert!(!sheet1.contains("password="), "no password");
        assert!(sheet1.contains("paperSize=\"9\""), "A4");
        // Count, decimal, money and count indicators are validated; text is not.
        assert_eq!(sheet1.matches("<dataValidation ").count(), 4, "{sheet1}");
        assert!(sheet1.contains("type=\"whole\""));
        assert!(entry(&bytes, "xl/workbook.xml").contains("state=\"hidden\""));
    }
    // Same campaign, same bytes.
    let first = env.read("camp/out/bieu-mau/CD001.xlsx");
    env.run(&["forms", "camp", "-o", "again"]).expect_status(0);
    assert_eq!(first, env.read("again/CD001.xlsx"));
}

#[test]
fn forms_report_a_broken_campaign_file() {
    let env = Env::new();
    env.write("camp/campaign.json", "{\"campaign\": 1}");
    let out = env.run(&["forms", "camp"]);
    out.expect_status(1);
    assert!(
        out.stderr
            .contains("at: file `camp/campaign.json` › field `campaign`"),
        "{}",
        out.stderr
    );
}
