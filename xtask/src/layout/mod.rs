//! The built-in official templates (plan and report), built with docx-rs in the
//! layout Nghị định 30/2020/NĐ-CP, Phụ lục I requires.
//!
//! Builds documents only; it never reads a user's .docx (that is `vanban::docx`).

pub mod build;
pub mod styles;
pub mod templates;

#[cfg(test)]
mod tests {
    use super::styles::id;
    use super::templates;
    use vanban::docx::fixture::paragraphs;
    use vanban::docx::{schema, xml};
    use vanban::limits::Limits;
    use vanban::package;

    /// The XML parts of a package, by name, as written.
    fn parts(bytes: &[u8]) -> Vec<(String, String)> {
        let limits = Limits::default();
        let mut archive = package::open(bytes, &limits).unwrap();
        let names: Vec<String> = (0..archive.len())
            .map(|i| archive.name_for_index(i).unwrap().unwrap().to_string())
            .collect();
        let mut out: Vec<(String, String)> = names
            .into_iter()
            .map(|name| {
                let bytes = package::read_entry(&mut archive, &name, &limits).unwrap();
                (name, String::from_utf8(bytes).unwrap())
            })
            .collect();
        out.sort();
        out
    }

    fn built() -> [(&'static str, Vec<u8>, &'static [u8]); 3] {
        [
            (
                "ke-hoach.docx",
                templates::plan().unwrap(),
                vanban::templates::PLAN,
            ),
            (
                "bao-cao.docx",
                templates::report().unwrap(),
                vanban::templates::REPORT,
            ),
            (
                "van-ban.docx",
                templates::van_ban().unwrap(),
                vanban::templates::VAN_BAN,
            ),
        ]
    }

    #[test]
    fn committed_templates_are_what_the_code_builds() {
        for (name, fresh, committed) in built() {
            let (fresh, committed) = (parts(&fresh), parts(committed));
            let fresh_names: Vec<&String> = fresh.iter().map(|(n, _)| n).collect();
            let committed_names: Vec<&String> = committed.iter().map(|(n, _)| n).collect();
            assert_eq!(fresh_names, committed_names, "{name}: parts differ");
            for ((part, a), (_, b)) in fresh.iter().zip(&committed) {
                assert!(
                    a == b,
                    "templates/{name} › {part} differs from what the code builds; run `cargo run -p xtask` and commit"
                );
            }
        }
    }

    #[test]
    fn building_twice_gives_identical_bytes() {
        for (name, first, _) in built() {
            let again = match name {
                "ke-hoach.docx" => templates::plan().unwrap(),
                "van-ban.docx" => templates::van_ban().unwrap(),
                _ => templates::report().unwrap(),
            };
            assert!(first == again, "{name} is not deterministic");
        }
    }

    #[test]
    fn every_generated_part_keeps_the_schema_order() {
        for (name, bytes, _) in built() {
            for (part, text) in parts(&bytes) {
                if !part.ends_with(".xml") {
                    continue;
                }
                let parsed = xml::parse(&text, 256).unwrap();
                let problems = schema::violations(xml::root(&parsed).unwrap());
                assert!(problems.is_empty(), "{name} › {part}: {problems:#?}");
            }
        }
    }

    fn report_data(kinh_gui: &[&str]) -> serde_json::Value {
        let (line, list) = match kinh_gui {
            [] => (String::new(), Vec::new()),
            [one] => (format!("Kính gửi: {one}"), Vec::new()),
            many => (String::new(), many.to_vec()),
        };
        serde_json::json!({
            "header": {"show": true, "superiors": ["LIÊN ĐOÀN LAO ĐỘNG TỈNH TÂY NINH"],
                       "issuer": "LIÊN ĐOÀN LAO ĐỘNG HUYỆN MẪU"},
            "doc": {"symbol": "09/BC-LĐLĐ", "date": "2017-07-31", "type_name": "BÁO CÁO",
                    "number_line": "Số: 09/BC-LĐLĐ", "vv": "", "draft": false,
                    "date_line": "Mẫu, ngày 31 tháng 7 năm 2017", "note": "",
                    "summary": "Kết quả phối hợp", "kinh_gui_line": line,
                    "kinh_gui_list": list, "authority": ""},
            "noi_nhan": [{"text": "- Như trên;", "depth": 0},
                         {"text": "- TT LĐLĐ tỉnh;", "depth": 0},
                         {"text": "- Lưu: VP.", "depth": 0}],
            "signatures": [{"lines": ["CHỦ TỊCH"], "name": "Nguyễn Văn Mẫu"}],
            "sign_area": true,
            "joint": false,
            "body": [
                {"level": "I", "label": "I.", "text": "KẾT QUẢ", "titled": true},
                {"level": "-", "label": "-", "text": "Có 2/3 đơn vị báo cáo./.", "titled": false}
            ],
            "appendix": {"title": "KẾT QUẢ CỦA CÁC CÔNG ĐOÀN CƠ SỞ",
                         "issued_by": "Ban Thường vụ LĐLĐ huyện Mẫu",
                         "legend": ["“-”: chưa có số liệu.", "(1) Không hợp lệ."]},
            "indicators": [{"code": "nha", "label": "Nhà", "unit": "căn"},
                           {"code": "tien", "label": "Tiền quà", "unit": "đồng"}],
            "units": [
                {"stt": 1, "name": "CĐCS A", "values": {"nha": "1", "tien": "2.500.000"}},
                {"stt": 2, "name": "CĐCS B", "values": {"nha": "2", "tien": "500.000"}},
                {"stt": 3, "name": "CĐCS C", "values": {"nha": "", "tien": ""}}
            ],
            "totals": {"nha": "3", "tien": "3.000.000"}
        })
    }

    fn render_report(kinh_gui: &[&str]) -> xml::Element {
        let out = vanban::docx::render(
            &templates::report().unwrap(),
            &report_data(kinh_gui),
            &vanban::filters::options(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let limits = Limits::default();
        let mut archive = package::open(&out.bytes, &limits).unwrap();
        let bytes = package::read_entry(&mut archive, "word/document.xml", &limits).unwrap();
        let nodes = xml::parse(std::str::from_utf8(&bytes).unwrap(), 256).unwrap();
        xml::root(&nodes).unwrap().clone()
    }

    #[test]
    fn report_template_fills_a_landscape_appendix_with_one_column_per_indicator() {
        let document = render_report(&[]);
        let body = document.child("w:body").unwrap();
        let texts: Vec<String> = paragraphs(body)
            .into_iter()
            .map(|(_, t)| t)
            .filter(|t| !t.is_empty())
            .collect();
        assert!(
            !texts.iter().any(|t| t.starts_with("Kính gửi")),
            "{texts:#?}"
        );
        for expected in [
            "Số: 09/BC-LĐLĐ",
            "Mẫu, ngày 31 tháng 7 năm 2017",
            "BÁO CÁO",
            "I. KẾT QUẢ",
            "- Có 2/3 đơn vị báo cáo./.",
            "- Lưu: VP.",
            "Phụ lục",
            "(Kèm theo Báo cáo số 09/BC-LĐLĐ ngày 31 tháng 7 năm 2017 của Ban Thường vụ LĐLĐ huyện Mẫu)",
        ] {
            assert!(
                texts.iter().any(|t| t == expected),
                "{expected:?} missing: {texts:#?}"
            );
        }
        // The table: header row repeated, one row per unit, a total row; STT, name
        // and one cell per indicator.
        let table = body.child_elements("w:tbl").last().unwrap();
        let rows: Vec<Vec<String>> = table
            .child_elements("w:tr")
            .map(|tr| tr.child_elements("w:tc").map(xml::Element::text).collect())
            .collect();
        assert_eq!(
            rows,
            [
                ["STT", "Đơn vị", "Nhà (căn)", "Tiền quà (đồng)"],
                ["1", "CĐCS A", "1", "2.500.000"],
                ["2", "CĐCS B", "2", "500.000"],
                ["3", "CĐCS C", "", ""],
                ["", "Tổng cộng", "3", "3.000.000"],
            ]
        );
        // The legend follows the table, one paragraph per line, in its own style.
        let after_table: Vec<(String, String)> = body
            .children
            .iter()
            .skip_while(|n| !matches!(n, xml::Node::Element(e) if std::ptr::eq(e, table)))
            .filter_map(|n| match n {
                xml::Node::Element(e) if e.name() == "w:p" => Some(paragraphs(e)),
                _ => None,
            })
            .flatten()
            .filter(|(_, t)| !t.is_empty())
            .collect();
        assert_eq!(
            after_table,
            [
                (
                    id::TABLE_LEGEND.to_string(),
                    "“-”: chưa có số liệu.".to_string()
                ),
                (
                    id::TABLE_LEGEND.to_string(),
                    "(1) Không hợp lệ.".to_string()
                ),
            ]
        );
        let first_row = table.child("w:tr").unwrap();
        assert!(
            first_row
                .child("w:trPr")
                .and_then(|p| p.child("w:tblHeader"))
                .is_some()
        );
        // The appendix section: landscape, numbered from 1, no number on its first page.
        let last = body.child("w:sectPr").unwrap();
        let pg = last.child("w:pgSz").unwrap();
        assert_eq!(
            (pg.attr("w:w"), pg.attr("w:h"), pg.attr("w:orient")),
            (
                Some("16838".into()),
                Some("11906".into()),
                Some("landscape".into())
            )
        );
        assert_eq!(
            last.child("w:pgNumType").and_then(|p| p.attr("w:start")),
            Some("1".into())
        );
        assert!(last.child("w:titlePg").is_some());
        // The report's own section: portrait, with the page-number headers.
        let mut first = None;
        body.walk(&mut |e| {
            if e.name() == "w:pPr" && first.is_none() {
                first = e.child("w:sectPr").cloned();
            }
        });
        let first = first.expect("a section break before the appendix");
        assert_eq!(
            first.child("w:pgSz").and_then(|p| p.attr("w:w")),
            Some("11906".into())
        );
        let kinds: Vec<String> = first
            .child_elements("w:headerReference")
            .filter_map(|e| e.attr("w:type"))
            .collect();
        assert_eq!(kinds, ["default", "first"]);
        assert!(first.child("w:titlePg").is_some());
    }

    #[test]
    fn report_template_prints_the_addressees_when_given() {
        let document = render_report(&["Ban Thường vụ LĐLĐ tỉnh", "Ban Dân vận Huyện ủy"]);
        let texts: Vec<String> = paragraphs(&document).into_iter().map(|(_, t)| t).collect();
        // Two addressees: "Kính gửi:" and one line each (one would share the line).
        for line in [
            "Kính gửi:",
            "- Ban Thường vụ LĐLĐ tỉnh",
            "- Ban Dân vận Huyện ủy",
        ] {
            assert!(texts.contains(&line.to_string()), "{line:?}: {texts:#?}");
        }
        let one = render_report(&["Ban Thường vụ LĐLĐ tỉnh"]);
        let texts: Vec<String> = paragraphs(&one).into_iter().map(|(_, t)| t).collect();
        assert!(
            texts.contains(&"Kính gửi: Ban Thường vụ LĐLĐ tỉnh".to_string()),
            "{texts:#?}"
        );
    }
}
