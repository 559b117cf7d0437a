//! The sample campaign (`samples/dan-van-2017/`), embedded so `vanban init` and
//! `vanban demo` work from any folder. It reproduces the reference plan of 2017.

/// The sample's files: name relative to the campaign folder, and content.
pub const FILES: &[(&str, &str)] = &[
    (
        "campaign.json",
        include_str!("../../../../samples/dan-van-2017/campaign.json"),
    ),
    (
        "ke-hoach.txt",
        include_str!("../../../../samples/dan-van-2017/ke-hoach.txt"),
    ),
    (
        "bao-cao.txt",
        include_str!("../../../../samples/dan-van-2017/bao-cao.txt"),
    ),
];

/// The sample's `campaign.json` with another campaign id (only `campaign.id`
/// changes; the text keeps its layout for the clerk to edit).
pub fn with_id(campaign_json: &str, id: &str) -> String {
    let quoted = serde_json::Value::String(id.to_string()).to_string();
    campaign_json.replacen("\"id\": \"dan-van-2017\"", &format!("\"id\": {quoted}"), 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaign::{Campaign, plan};

    #[test]
    fn with_id_changes_only_the_campaign_id() {
        for id in ["dan-van-2018", "Đợt \"A\""] {
            let text = with_id(FILES[0].1, id);
            let renamed = Campaign::from_json("c", &text).unwrap();
            let mut original = Campaign::from_json("c", FILES[0].1).unwrap();
            assert_eq!(renamed.campaign.id, id);
            original.campaign.id = id.to_string();
            assert_eq!(renamed, original);
        }
    }

    #[test]
    fn sample_campaign_parses_and_its_plan_outline_is_sound() {
        let campaign = Campaign::from_json("campaign.json", FILES[0].1).unwrap();
        assert_eq!(campaign.reporting.units.len(), 40);
        assert!(campaign.reporting.indicators.len() >= 10);
        let groups: std::collections::BTreeSet<&str> = campaign
            .reporting
            .units
            .iter()
            .map(|u| u.group.as_str())
            .collect();
        assert_eq!(groups.len(), 4, "{groups:?}");
        let options = crate::filters::options();
        let rendered = crate::docx::render_text(
            "ke-hoach.txt",
            FILES[1].1,
            &plan::text_data(&campaign),
            &options,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let body = plan::body_paragraphs("ke-hoach.txt", &rendered).unwrap();
        assert_eq!(body.len(), 29);
        assert_eq!(
            body[0].text,
            "Căn cứ Kế hoạch số 243/KH-LĐLĐ, ngày 22/6/2017 của Ban Thường vụ Liên đoàn Lao động (LĐLĐ) tỉnh Tây Ninh về việc phối hợp, tham gia làm công tác dân vận năm 2017;"
        );
    }

    /// The report outline uses names the report command provides: `tong.<code>`
    /// (totals as numbers), `ghi_chu.<code>` (the note on figures left out),
    /// `so_don_vi`, `so_don_vi_bao_cao`, `so_don_vi_dung_han`, and the names of the
    /// units that sent nothing (`chua_gui`), a blank form (`bieu_trong`), reported
    /// late (`nop_muon`) or sent returns that were rejected (`bi_tra_lai`).
    #[test]
    fn sample_report_outline_renders_with_the_merged_figures() {
        let campaign = Campaign::from_json("campaign.json", FILES[0].1).unwrap();
        let mut data = plan::text_data(&campaign);
        let tong: serde_json::Map<String, serde_json::Value> = campaign
            .reporting
            .indicators
            .iter()
            .map(|i| (i.code.clone(), serde_json::json!(12)))
            .collect();
        let ghi_chu: serde_json::Map<String, serde_json::Value> = campaign
            .reporting
            .indicators
            .iter()
            .map(|i| (i.code.clone(), serde_json::json!("")))
            .collect();
        let extra = serde_json::json!({
            "tong": tong,
            "so_don_vi": 40,
            "so_don_vi_bao_cao": 38,
            "so_don_vi_dung_han": 38,
            "tat_ca_dung_han": false,
            "chua_nop": ["CĐCS Bưu điện huyện", "CĐCS UBND xã An Hòa"],
            "chua_gui": ["CĐCS Bưu điện huyện", "CĐCS UBND xã An Hòa"],
            "bieu_trong": [],
            "nop_muon": [],
            "bi_tra_lai": [],
            "so_lieu_khong_hop_le": [],
            "ghi_chu": ghi_chu,
        });
        if let (Some(map), serde_json::Value::Object(extra)) = (data.as_object_mut(), extra) {
            map.extend(extra);
        }
        let options = crate::filters::options();
        let rendered = crate::docx::render_text("bao-cao.txt", FILES[2].1, &data, &options)
            .unwrap_or_else(|e| panic!("{e}"));
        let body = plan::body_paragraphs("bao-cao.txt", &rendered).unwrap();
        let text: Vec<String> = body
            .iter()
            .map(|p| format!("{} {}", p.label, p.text).trim().to_string())
            .collect();
        for expected in [
            "Đợt công tác diễn ra trong 10 ngày (từ ngày 16/7/2017 – 25/7/2017). Đến ngày 27/7/2017, có 38/40 công đoàn cơ sở gửi báo cáo kết quả hợp lệ về LĐLĐ huyện. Số liệu dưới đây tổng hợp từ báo cáo của 38/40 công đoàn cơ sở.",
            "- Nâng cấp 12,00 km đường giao thông nông thôn; nạo vét 12,00 km kênh mương thủy lợi.",
            "- Còn 2 công đoàn cơ sở chưa nộp báo cáo: CĐCS Bưu điện huyện, CĐCS UBND xã An Hòa.",
            "III. PHƯƠNG HƯỚNG THỜI GIAN TỚI",
        ] {
            assert!(
                text.iter().any(|t| t == expected),
                "{expected:?} not in {text:#?}"
            );
        }
        assert!(text.last().is_some_and(|t| t.ends_with("./.")));
    }
}
