//! Writing `tong-hop.xlsx` from a [`TongHop`]: the sheets "Tổng hợp" (totals),
//! "Chi tiết" (one row per unit), "Lỗi và cảnh báo" (every problem with its
//! reference) and "Chưa nộp" (units missing). Deterministic: the document's dates
//! are the report's date, never the clock. Reads the merge's result only; the
//! words of each problem come from the caller's wording function.

use chrono::Datelike;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::campaign::model::{Campaign, IndicatorKind};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::tonghop::{Entry, Figure, TongHop, UnitStatus};

fn formats() -> (Format, Format, Format, Format, Format) {
    let base = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12);
    let header = base
        .clone()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_background_color("#DDEBF7");
    let cell = base.clone().set_border(FormatBorder::Thin).set_text_wrap();
    let int = base
        .clone()
        .set_border(FormatBorder::Thin)
        .set_num_format("#,##0");
    let dec = base
        .clone()
        .set_border(FormatBorder::Thin)
        .set_num_format("#,##0.00");
    (base, header, cell, int, dec)
}

fn headers(sheet: &mut Worksheet, cols: &[(&str, f64)], fmt: &Format) -> Result<(), XlsxError> {
    for (i, (name, width)) in cols.iter().enumerate() {
        sheet.write_string_with_format(0, i as u16, *name, fmt)?;
        sheet.set_column_width(i as u16, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    // Printed on A4, as wide as the page, the header row on every page.
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    Ok(())
}

/// Spreadsheet programs do not grow a row for wrapped text written by a program
/// until it is edited, so the height is set from the longest text: one line of
/// 15 points per column width's worth of characters.
fn fit_row(sheet: &mut Worksheet, row: u32, texts: &[(&str, f64)]) -> Result<(), XlsxError> {
    let lines = texts
        .iter()
        .map(|(t, width)| (t.chars().count() as f64 / (width * 0.95)).ceil().max(1.0))
        .fold(1.0, f64::max);
    if lines > 1.0 {
        sheet.set_row_height(row, 15.0 * lines)?;
    }
    Ok(())
}

/// Writes the workbook of `tonghop`, a merge of `campaign` (whose report date and
/// issuer go into the document's properties); `word` gives each problem's sentence.
pub fn write(
    campaign: &Campaign,
    tonghop: &TongHop,
    word: &dyn Fn(&Diagnostic) -> String,
) -> Result<Vec<u8>, XlsxError> {
    let c = campaign;
    let (_base, header, cell, int, dec) = formats();
    let mut wb = Workbook::new();
    let d = c.report.date.0;
    let stamp = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("Tổng hợp - {}", c.campaign.name))
            .set_author(c.issuer.name.clone())
            .set_creation_datetime(&stamp),
    );
    let num_fmt = |kind: IndicatorKind| {
        if kind == IndicatorKind::Decimal {
            &dec
        } else {
            &int
        }
    };

    // Tổng hợp.
    let s = wb.add_worksheet();
    s.set_name("Tổng hợp")?;
    headers(
        s,
        &[
            ("STT", 6.0),
            ("Chỉ tiêu", 44.0),
            ("Đơn vị tính", 12.0),
            ("Tổng số", 18.0),
            ("Số đơn vị báo cáo", 14.0),
            ("Mã chỉ tiêu", 18.0),
        ],
        &header,
    )?;
    for (i, ind) in tonghop.indicators.iter().enumerate() {
        let r = 1 + i as u32;
        s.write_number_with_format(r, 0, (i + 1) as f64, &cell)?;
        s.write_string_with_format(r, 1, fit(&ind.label), &cell)?;
        s.write_string_with_format(r, 2, fit(&ind.unit), &cell)?;
        match tonghop.totals.get(&ind.code) {
            Some(v) if ind.kind != IndicatorKind::Text => {
                s.write_number_with_format(r, 3, *v, num_fmt(ind.kind))?
            }
            _ => s.write_string_with_format(r, 3, fit(""), &cell)?,
        };
        let reported = tonghop.reported.get(&ind.code).copied().unwrap_or(0);
        s.write_number_with_format(r, 4, reported as f64, &int)?;
        s.write_string_with_format(r, 5, fit(&ind.code), &cell)?;
    }
    s.set_landscape();

    // Chi tiết.
    let s = wb.add_worksheet();
    s.set_name("Chi tiết")?;
    let inds = &tonghop.indicators;
    let mut cols: Vec<(&str, f64)> = vec![("STT", 6.0), ("Mã đơn vị", 10.0), ("Đơn vị", 40.0)];
    for ind in inds {
        cols.push((ind.label.as_str(), 16.0));
    }
    cols.push(("Tệp", 30.0));
    cols.push(("Tình trạng", 18.0));
    headers(s, &cols, &header)?;
    let mut r = 1;
    for unit in &tonghop.units {
        let Some(file) = &unit.file else { continue };
        s.write_number_with_format(r, 0, r as f64, &cell)?;
        s.write_string_with_format(r, 1, fit(&unit.code), &cell)?;
        s.write_string_with_format(r, 2, fit(&unit.name), &cell)?;
        for (j, ind) in inds.iter().enumerate() {
            let col = 3 + j as u16;
            match unit.values.get(&ind.code) {
                Some(Entry::Counted { value }) => match value {
                    Figure::Number(n) => {
                        s.write_number_with_format(r, col, *n, num_fmt(ind.kind))?
                    }
                    Figure::Text(x) => s.write_string_with_format(r, col, fit(x), &cell)?,
                },
                _ => s.write_string_with_format(r, col, fit(""), &cell)?,
            };
        }
        let n = inds.len() as u16;
        s.write_string_with_format(r, 3 + n, fit(file), &cell)?;
        fit_row(s, r, &[(&unit.name, 40.0), (file, 30.0)])?;
        s.write_string_with_format(r, 4 + n, fit(status_vi(unit.status, unit.late)), &cell)?;
        r += 1;
    }
    s.set_landscape();

    // Lỗi và cảnh báo.
    let s = wb.add_worksheet();
    s.set_name("Lỗi và cảnh báo")?;
    headers(
        s,
        &[
            ("STT", 6.0),
            ("Mức độ", 10.0),
            ("Tệp", 30.0),
            ("Trang tính", 16.0),
            ("Ô", 8.0),
            ("Nội dung", 80.0),
        ],
        &header,
    )?;
    for (i, issue) in tonghop.issues.iter().enumerate() {
        let r = 1 + i as u32;
        let (file, sheet, at) = match &issue.location {
            Location::Cell { file, sheet, cell } => (
                file.as_str(),
                sheet.as_deref().unwrap_or(""),
                cell.as_deref().unwrap_or(""),
            ),
            other => (other.file_name().unwrap_or(""), "", ""),
        };
        let text = word(issue);
        s.write_number_with_format(r, 0, (i + 1) as f64, &cell)?;
        s.write_string_with_format(
            r,
            1,
            match issue.severity {
                Severity::Error | Severity::Internal => "Lỗi",
                Severity::Warning => "Cảnh báo",
            },
            &cell,
        )?;
        s.write_string_with_format(r, 2, fit(file), &cell)?;
        s.write_string_with_format(r, 3, fit(sheet), &cell)?;
        s.write_string_with_format(r, 4, fit(at), &cell)?;
        s.write_string_with_format(r, 5, fit(&text), &cell)?;
        fit_row(s, r, &[(file, 30.0), (&text, 80.0)])?;
    }
    s.set_landscape();

    // Chưa nộp.
    let s = wb.add_worksheet();
    s.set_name("Chưa nộp")?;
    headers(
        s,
        &[
            ("STT", 6.0),
            ("Mã đơn vị", 10.0),
            ("Đơn vị", 50.0),
            ("Khối", 24.0),
        ],
        &header,
    )?;
    let missing = tonghop.units.iter().filter(|u| u.file.is_none());
    for (i, u) in missing.enumerate() {
        let r = 1 + i as u32;
        s.write_number_with_format(r, 0, (i + 1) as f64, &cell)?;
        s.write_string_with_format(r, 1, fit(&u.code), &cell)?;
        s.write_string_with_format(r, 2, fit(&u.name), &cell)?;
        s.write_string_with_format(r, 3, fit(&u.group), &cell)?;
    }
    wb.save_to_buffer()
}

/// `text` cut to what a cell holds, so one oversized text (a figure, a message
/// quoting it) cannot stop the workbook being written.
fn fit(text: &str) -> &str {
    match text.char_indices().nth(crate::sheets::merge::CELL_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

fn status_vi(status: UnitStatus, late: bool) -> &'static str {
    match (status, late) {
        (UnitStatus::Blank, _) => "Biểu trống (chưa báo cáo)",
        (UnitStatus::Accepted, false) => "Đã nhận",
        (_, true) => "Nộp trễ hạn",
        _ => "Đã nhận, có cảnh báo",
    }
}
