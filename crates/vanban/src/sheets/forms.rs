//! The reporting form ("biểu mẫu báo cáo") sent to each unit: one .xlsx per unit,
//! written with rust_xlsxwriter.
//!
//! The form carries its identity (campaign, form version, unit code) on a hidden,
//! protected sheet named [`IDENTITY_SHEET`], which defined names also point to, so
//! the merge recognises the form and the unit after the file is renamed or re-saved
//! by Excel or LibreOffice. Bytes out; the command layer writes the files.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime,
    Format, FormatAlign, FormatBorder, Formula, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use crate::campaign::model::{Campaign, IndicatorKind, Unit};

/// Name of the sheet the unit fills in.
pub const FORM_SHEET: &str = "Biểu mẫu";
/// Name of the hidden sheet holding the form's identity.
pub const IDENTITY_SHEET: &str = "_vanban";
/// Text in A1 of the identity sheet, marking a vanban form.
pub const FORM_MARKER: &str = "vanban-form";
/// Version of the form layout; the merge accepts forms up to this version.
pub const FORM_VERSION: u32 = 1;
/// Defined name pointing at the campaign id.
pub const NAME_CAMPAIGN: &str = "vanban_campaign";
/// Defined name pointing at the unit code.
pub const NAME_UNIT: &str = "vanban_unit";
/// Defined name pointing at the form version.
pub const NAME_VERSION: &str = "vanban_form_version";

/// Zero-based row of the indicator table's header on [`FORM_SHEET`].
pub const HEADER_ROW: u32 = 8;
/// Zero-based column of the value ("Số liệu") cells.
pub const VALUE_COL: u16 = 3;
/// Zero-based column of the indicator labels.
pub const LABEL_COL: u16 = 1;

/// Headers of the indicator table, in column order.
pub const TABLE_HEADERS: [&str; 5] = ["STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Ghi chú"];

/// A form could not be written (a name or text rust_xlsxwriter refuses).
#[derive(Debug, thiserror::Error)]
#[error("cannot build the form of unit `{unit}`: {source}")]
pub struct FormError {
    /// The unit's code.
    pub unit: String,
    /// What rust_xlsxwriter said.
    #[source]
    pub source: XlsxError,
}

/// A value written into a form, to simulate a unit's return (demo, tests, benchmarks).
#[derive(Debug, Clone, PartialEq)]
pub enum FillValue {
    /// A number cell.
    Number(f64),
    /// A text cell (numbers typed as text, wrong entries).
    Text(String),
    /// A formula, with the cached result a spreadsheet program would have saved
    /// (`None`: never calculated).
    Formula {
        /// Formula text, with or without the leading `=`.
        formula: String,
        /// The cached result.
        result: Option<f64>,
    },
}

/// Options for [`build_form_with`]: values already filled and the date of filling.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FormOptions {
    /// Values by indicator code.
    pub values: BTreeMap<String, FillValue>,
    /// Date stored as the file's creation and modification date; defaults to the
    /// plan's date so blank forms are byte-identical across runs.
    pub filled_on: Option<NaiveDate>,
}

/// Builds the blank form of `unit`.
pub fn build_form(campaign: &Campaign, unit: &Unit) -> Result<Vec<u8>, FormError> {
    build_form_with(campaign, unit, &FormOptions::default())
}

/// Builds the form of `unit` with, under its instructions, the address of the
/// unit's own page where it can send the return (the web desk's link).
pub fn build_form_linked(
    campaign: &Campaign,
    unit: &Unit,
    link: &str,
) -> Result<Vec<u8>, FormError> {
    write_form_linked(campaign, unit, &FormOptions::default(), Some(link)).map_err(|source| {
        FormError {
            unit: unit.code.clone(),
            source,
        }
    })
}

/// Builds the form of `unit`, with the values in `options` already filled in.
pub fn build_form_with(
    campaign: &Campaign,
    unit: &Unit,
    options: &FormOptions,
) -> Result<Vec<u8>, FormError> {
    write_form(campaign, unit, options).map_err(|source| FormError {
        unit: unit.code.clone(),
        source,
    })
}

/// The file name of a unit's form: `<code>.xlsx`, the code kept to safe characters.
pub fn form_file_name(unit: &Unit) -> String {
    let safe: String = unit
        .code
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{safe}.xlsx")
}

fn write_form(
    campaign: &Campaign,
    unit: &Unit,
    options: &FormOptions,
) -> Result<Vec<u8>, XlsxError> {
    write_form_linked(campaign, unit, options, None)
}

fn write_form_linked(
    campaign: &Campaign,
    unit: &Unit,
    options: &FormOptions,
    link: Option<&str>,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let date = options.filled_on.unwrap_or(campaign.plan.date.0);
    let stamp = ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("Biểu mẫu báo cáo - {}", campaign.campaign.name))
            .set_subject(format!("{} - {}", unit.code, unit.name))
            .set_author(campaign.issuer.name.clone())
            .set_creation_datetime(&stamp),
    );

    let sheet = workbook.add_worksheet();
    sheet.set_name(FORM_SHEET)?;
    write_visible_sheet(sheet, campaign, unit, options, link)?;

    let id_sheet = workbook.add_worksheet();
    id_sheet.set_name(IDENTITY_SHEET)?;
    write_identity_sheet(id_sheet, campaign, unit)?;
    id_sheet.set_hidden(true);

    let quoted = IDENTITY_SHEET;
    workbook.define_name(NAME_VERSION, &format!("={quoted}!$B$1"))?;
    workbook.define_name(NAME_CAMPAIGN, &format!("={quoted}!$B$2"))?;
    workbook.define_name(NAME_UNIT, &format!("={quoted}!$B$3"))?;
    workbook.save_to_buffer()
}

fn write_visible_sheet(
    sheet: &mut Worksheet,
    campaign: &Campaign,
    unit: &Unit,
    options: &FormOptions,
    link: Option<&str>,
) -> Result<(), XlsxError> {
    let font = |f: Format| f.set_font_name("Times New Roman").set_font_size(12);
    let wrap = font(Format::new())
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let title = font(Format::new())
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    let centre = font(Format::new()).set_align(FormatAlign::Center);
    let italic_centre = font(Format::new())
        .set_italic()
        .set_align(FormatAlign::Center);
    let bold = font(Format::new()).set_bold();
    let header = font(Format::new())
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_background_color("#DDEBF7");
    let cell = font(Format::new())
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let cell_centre = cell.clone().set_align(FormatAlign::Center);
    let input = |num_format: &str| {
        font(Format::new())
            .set_border(FormatBorder::Thin)
            .set_unlocked()
            .set_background_color("#FFF2CC")
            .set_num_format(num_format)
    };

    sheet.set_column_width(0, 6)?;
    sheet.set_column_width(1, 46)?;
    sheet.set_column_width(2, 12)?;
    sheet.set_column_width(3, 16)?;
    sheet.set_column_width(4, 22)?;

    sheet.merge_range(0, 0, 0, 4, &campaign.issuer.name, &centre)?;
    sheet.merge_range(1, 0, 1, 4, "BIỂU MẪU BÁO CÁO KẾT QUẢ", &title)?;
    sheet.merge_range(2, 0, 2, 4, &campaign.campaign.name, &italic_centre)?;
    // The labels are wider than the STT column: each line is one merged cell.
    sheet.merge_range(3, 0, 3, 4, &format!("Mã đơn vị: {}", unit.code), &bold)?;
    sheet.merge_range(4, 0, 4, 4, &format!("Đơn vị: {}", unit.name), &bold)?;
    let d = campaign.reporting.deadline.0;
    let p_from = campaign.reporting.period_from.0;
    let p_to = campaign.reporting.period_to.0;
    sheet.merge_range(
        5,
        0,
        5,
        4,
        &format!(
            "Thời gian thực hiện: từ {} đến {}. Hạn gửi báo cáo: ngày {:02} tháng {:02} năm {}.",
            p_from.format("%d/%m/%Y"),
            p_to.format("%d/%m/%Y"),
            d.day(),
            d.month(),
            d.year()
        ),
        &wrap,
    )?;
    sheet.set_row_height(5, 32)?;
    let mut instructions = String::from(
        "Hướng dẫn: chỉ điền vào các ô màu vàng ở cột \"Số liệu\" (và \"Ghi chú\" nếu cần). \
         Số nguyên ghi không có phần lẻ; số tiền ghi bằng đồng; để trống nếu không có số liệu. \
         Không đổi tên trang tính, không chèn hay xóa dòng. Lưu tệp (có thể đổi tên) và gửi lại \
         cho Liên đoàn Lao động trước hạn.",
    );
    if let Some(link) = link {
        instructions.push_str(&format!(
            " Đơn vị cũng có thể tự nộp báo cáo tại trang riêng của đơn vị: {link}"
        ));
    }
    sheet.merge_range(6, 0, 6, 4, &instructions, &wrap)?;
    sheet.set_row_height(6, if link.is_some() { 96 } else { 64 })?;

    for (col, text) in TABLE_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, col as u16, *text, &header)?;
    }
    sheet.set_row_height(HEADER_ROW, 30)?;

    for (i, ind) in campaign.reporting.indicators.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &cell_centre)?;
        sheet.write_string_with_format(row, LABEL_COL, &ind.label, &cell)?;
        sheet.write_string_with_format(row, 2, &ind.unit, &cell_centre)?;
        let (num_format, validation) = match ind.kind {
            IndicatorKind::Count => (
                "#,##0",
                Some(
                    DataValidation::new()
                        .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
                        .set_error_title("Số liệu không hợp lệ")?
                        .set_error_message("Nhập số nguyên không âm (ví dụ 12).")?,
                ),
            ),
            // Amounts pass 2^31 đồng (a whole-number rule is an i32 in Excel), so the
            // rule is "≥ 0" and the merge refuses fractions of a đồng.
            IndicatorKind::Money => (
                "#,##0",
                Some(
                    DataValidation::new()
                        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
                        .set_error_title("Số tiền không hợp lệ")?
                        .set_error_message("Nhập số tiền bằng đồng, không âm (ví dụ 1500000).")?,
                ),
            ),
            IndicatorKind::Decimal => (
                "#,##0.00",
                Some(
                    DataValidation::new()
                        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
                        .set_error_title("Số liệu không hợp lệ")?
                        .set_error_message("Nhập số không âm (ví dụ 2,5).")?,
                ),
            ),
            IndicatorKind::Text => ("@", None),
        };
        let fmt = input(num_format);
        match options.values.get(&ind.code) {
            None => {
                sheet.write_blank(row, VALUE_COL, &fmt)?;
            }
            Some(FillValue::Number(v)) => {
                sheet.write_number_with_format(row, VALUE_COL, *v, &fmt)?;
            }
            Some(FillValue::Text(t)) => {
                sheet.write_string_with_format(row, VALUE_COL, t, &fmt)?;
            }
            Some(FillValue::Formula { formula, result }) => {
                let mut f = Formula::new(formula);
                if let Some(r) = result {
                    f = f.set_result(r.to_string());
                }
                sheet.write_formula_with_format(row, VALUE_COL, f, &fmt)?;
            }
        }
        if let Some(v) = validation {
            sheet.add_data_validation(
                row,
                VALUE_COL,
                row,
                VALUE_COL,
                &v.set_error_style(DataValidationErrorStyle::Stop),
            )?;
        }
        sheet.write_blank(row, 4, &input("@").set_text_wrap())?;
    }

    let last = HEADER_ROW + campaign.reporting.indicators.len() as u32;
    sheet.merge_range(
        last + 2,
        3,
        last + 2,
        4,
        "NGƯỜI LẬP BIỂU",
        &font(Format::new())
            .set_bold()
            .set_align(FormatAlign::Center),
    )?;
    sheet.merge_range(
        last + 3,
        3,
        last + 3,
        4,
        "(Ký, ghi rõ họ tên)",
        &italic_centre,
    )?;

    sheet.set_paper_size(9); // 9 = A4 in the OOXML paper-size table.
    sheet.set_portrait();
    sheet.set_margins(0.6, 0.6, 0.8, 0.8, 0.3, 0.3);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_print_area(0, 0, last + 3, 4)?;
    // Locked labels, unlocked yellow cells; no password, so a clerk who must fix a
    // label can unprotect it from the menu.
    sheet.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    sheet.set_active(true);
    Ok(())
}

fn write_identity_sheet(
    sheet: &mut Worksheet,
    campaign: &Campaign,
    unit: &Unit,
) -> Result<(), XlsxError> {
    sheet.write_string(0, 0, FORM_MARKER)?;
    sheet.write_number(0, 1, FORM_VERSION as f64)?;
    sheet.write_string(1, 0, "campaign")?;
    sheet.write_string(1, 1, &campaign.campaign.id)?;
    sheet.write_string(2, 0, "unit")?;
    sheet.write_string(2, 1, &unit.code)?;
    sheet.write_string(3, 0, "sheet")?;
    sheet.write_string(3, 1, FORM_SHEET)?;
    for (i, ind) in campaign.reporting.indicators.iter().enumerate() {
        let row = 4 + i as u32;
        sheet.write_string(row, 0, "indicator")?;
        sheet.write_string(row, 1, &ind.code)?;
        sheet.write_string(
            row,
            2,
            crate::sheets::a1(HEADER_ROW + 1 + i as u32, VALUE_COL as u32),
        )?;
    }
    sheet.protect();
    Ok(())
}

/// Test campaigns built in code, shared by the unit tests, the integration tests
/// and the benchmark.
#[doc(hidden)]
pub mod sample {
    use std::collections::BTreeMap;

    use super::FillValue;
    use crate::campaign::model::Campaign;

    /// A campaign with `units` units (`CD001`…) and five indicators of every kind.
    pub fn campaign(units: usize) -> Campaign {
        let names = [
            "Trường THCS Thái Bình",
            "Trường Tiểu học Ấp Bắc",
            "Ủy ban nhân dân xã An Bình",
            "Công ty TNHH Đức Phát",
            "Trạm Y tế xã Hảo Đước",
            "Trường Mầm non Hoa Sen",
            "Bệnh viện Đa khoa huyện",
            "Đội Thuế liên xã",
        ];
        let unit_list: Vec<serde_json::Value> = (0..units)
            .map(|i| {
                serde_json::json!({
                    "code": format!("CD{:03}", i + 1),
                    "name": format!("Công đoàn cơ sở {} số {}", names[i % names.len()], i + 1),
                    "group": if i % 2 == 0 { "Khối giáo dục" } else { "Khối xã" },
                })
            })
            .collect();
        let json = serde_json::json!({
          "campaign": {"id": "dan-van-2017", "name": "Phối hợp, tham gia làm công tác dân vận năm 2017", "year": 2017},
          "issuer": {"superior": "LIÊN ĐOÀN LAO ĐỘNG TỈNH TÂY NINH", "name": "LIÊN ĐOÀN LAO ĐỘNG HUYỆN CHÂU THÀNH", "abbreviation": "LĐLĐ", "place": "Châu Thành"},
          "signer": {"authority": "TM. BAN THƯỜNG VỤ", "title": "CHỦ TỊCH", "name": "Nguyễn Văn A"},
          "plan": {"number": 5, "date": "2017-06-28", "type_code": "KH", "type_name": "KẾ HOẠCH",
                   "summary": "S", "body": "ke-hoach.txt", "recipients": ["X"], "archive": "VP"},
          "report": {"number": 9, "date": "2017-07-31", "type_code": "BC", "type_name": "BÁO CÁO",
                   "summary": "S", "body": "bao-cao.txt", "recipients": ["X"], "archive": "VP"},
          "reporting": {"period_from": "2017-07-16", "period_to": "2017-07-25", "deadline": "2017-07-27",
            "units": unit_list,
            "indicators": [
              {"code": "nha_mai_am", "label": "Nhà Mái ấm Công đoàn xây tặng", "unit": "căn", "kind": "count"},
              {"code": "duong_giao_thong", "label": "Đường giao thông nông thôn", "unit": "km", "kind": "decimal"},
              {"code": "kinh_phi", "label": "Kinh phí vận động", "unit": "đồng", "kind": "money"},
              {"code": "luot_nguoi", "label": "Lượt đoàn viên tham gia", "unit": "người", "kind": "count"},
              {"code": "ghi_chu", "label": "Ý kiến, kiến nghị", "unit": "", "kind": "text"}
            ]}
        });
        Campaign::from_json("test-campaign.json", &json.to_string())
            .unwrap_or_else(|e| panic!("sample campaign: {e}"))
    }

    /// The benchmark's twelve indicators, all numeric (code, label, unit, kind):
    /// the merge, pandas and the floor reader all read these twelve figure cells
    /// of each form.
    pub const BENCH_INDICATORS: [(&str, &str, &str, &str); 12] = [
        (
            "nha_mai_am",
            "Nhà Mái ấm Công đoàn xây tặng",
            "căn",
            "count",
        ),
        (
            "duong_giao_thong",
            "Đường giao thông nông thôn",
            "km",
            "decimal",
        ),
        ("kinh_phi", "Kinh phí vận động", "đồng", "money"),
        ("luot_nguoi", "Lượt đoàn viên tham gia", "người", "count"),
        ("cau_nong_thon", "Cầu nông thôn", "cây", "count"),
        ("nha_van_hoa", "Nhà văn hóa ấp sửa chữa", "căn", "count"),
        ("hoc_bong", "Học bổng trao tặng", "suất", "count"),
        ("qua_tet", "Quà Tết trao tặng", "phần", "count"),
        ("tien_qua", "Giá trị quà", "đồng", "money"),
        ("kenh_muong", "Kênh mương nạo vét", "km", "decimal"),
        ("cay_xanh", "Cây xanh trồng mới", "cây", "count"),
        ("tuyen_truyen", "Buổi tuyên truyền", "buổi", "count"),
    ];

    /// The sample campaign with `units` units and the twelve [`BENCH_INDICATORS`]:
    /// the campaign of the merge benchmark and of the test that its outputs keep
    /// their bytes.
    pub fn bench_campaign(units: usize) -> Campaign {
        let mut json = serde_json::to_value(campaign(units)).expect("campaign as JSON");
        json["reporting"]["indicators"] = BENCH_INDICATORS
            .iter()
            .map(|(code, label, unit, kind)| {
                serde_json::json!({"code": code, "label": label, "unit": unit, "kind": kind})
            })
            .collect();
        Campaign::from_json("campaign.json", &json.to_string())
            .unwrap_or_else(|e| panic!("bench campaign: {e}"))
    }

    /// The figures the `i`-th unit of [`bench_campaign`] fills in: different per
    /// unit and per indicator, decimals with two places, money in whole đồng.
    pub fn bench_values(i: usize) -> BTreeMap<String, FillValue> {
        BENCH_INDICATORS
            .iter()
            .enumerate()
            .map(|(k, (code, _, _, kind))| {
                let x = i * (k + 3) + k;
                let value = match *kind {
                    "decimal" => ((x % 10_000) as f64 + 25.0) / 100.0,
                    "money" => (1_000_000 + (x % 100_000) * 12_345) as f64,
                    _ => (x % 500) as f64,
                };
                ((*code).to_string(), FillValue::Number(value))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_forms_are_deterministic_and_differ_by_unit() {
        let c = sample::campaign(3);
        let a1 = build_form(&c, &c.reporting.units[0]).unwrap();
        let a2 = build_form(&c, &c.reporting.units[0]).unwrap();
        let b = build_form(&c, &c.reporting.units[1]).unwrap();
        assert_eq!(a1, a2);
        assert_ne!(a1, b);
    }

    #[test]
    fn file_names_keep_codes_safe() {
        let mut u = sample::campaign(1).reporting.units[0].clone();
        u.code = "CD/07 a".into();
        assert_eq!(form_file_name(&u), "CD_07_a.xlsx");
    }
}
