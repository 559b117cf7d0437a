//! Writing `tong-hop.xlsx` from a [`TongHop`]: the sheets "Tổng hợp" (a title
//! block and the totals), "Chi tiết" (one row per roster unit with its status, and
//! a total row), "Lỗi và cảnh báo" (every problem with its reference) and "Chưa
//! nộp" (units missing). Deterministic: the document's dates
//! are the report's date, never the clock. Reads the merge's result only; the
//! words of each problem come from the caller's wording function.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::campaign::model::{Campaign, IndicatorKind};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::tonghop::{Entry, Figure, RejectReason, TongHop, UnitStatus};

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

/// A new sheet of `wb`; with `row_by_row`, one whose rows go to a temporary file
/// in the workbook's scratch folder as they are written (the library's "low
/// memory" mode: at 20,000 units, holding every cell of "Chi tiết" took 47 MB)
/// and are copied into the package when it is saved; its rows must then be
/// written in order. Where no temporary file can be made, the sheet is held in
/// memory: the same cells.
///
/// Only the first two sheets (the totals and "Chi tiết", the one that grows with
/// the roster) are written so. In that mode rust_xlsxwriter 0.102 writes a sheet's
/// last row twice when it has a height of its own, which the problems and the
/// roll-up sheets can end with; and sheets held in memory after sheets written
/// row by row keep the workbook's strings and styles in the order they have when
/// every sheet is held (the packages differ only by the optional `spans` of rows).
fn sheet(wb: &mut Workbook, row_by_row: bool) -> Result<&mut Worksheet, XlsxError> {
    if !row_by_row || wb.add_worksheet_with_low_memory().is_err() {
        return Ok(wb.add_worksheet());
    }
    Ok(wb
        .worksheets_mut()
        .last_mut()
        .expect("the sheet just added"))
}

/// The row of the column headers on a sheet with a title block above its table.
const TITLED_HEADER_ROW: u32 = 5;

/// Writes the column headers at `row`, sets the widths, freezes the rows above the
/// table's body and prints on A4, as wide as the page, with the header row on
/// every page.
fn headers(
    sheet: &mut Worksheet,
    row: u32,
    cols: &[(&str, f64)],
    fmt: &Format,
) -> Result<(), XlsxError> {
    for (i, (name, width)) in cols.iter().enumerate() {
        sheet.write_string_with_format(row, i as u16, *name, fmt)?;
        sheet.set_column_width(i as u16, *width)?;
    }
    sheet.set_freeze_panes(row + 1, 0)?;
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(row, row)?;
    sheet.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    Ok(())
}

/// An autofilter on a table from its header row `row` to its last row `last`
/// (the header alone when it has no rows), over `cols` columns: the clerk sorts
/// and filters by unit, status or figure.
fn filter(sheet: &mut Worksheet, row: u32, last: u32, cols: usize) -> Result<(), XlsxError> {
    sheet.autofilter(row, 0, last.max(row), cols.saturating_sub(1) as u16)?;
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

/// "Tình hình báo cáo": how many units reported, out of the roster, and what
/// became of the others, in the words of docs/thuat-ngu.md.
pub fn reporting_status(tonghop: &TongHop) -> String {
    let count = |f: &dyn Fn(&crate::tonghop::UnitEntry) -> bool| {
        tonghop.units.iter().filter(|u| f(u)).count()
    };
    let reported = count(&|u| u.status.is_accepted());
    let late = count(&|u| u.status.is_accepted() && u.late);
    let mut line = format!(
        "Tình hình báo cáo: {reported}/{} đơn vị đã nộp",
        tonghop.units.len()
    );
    if late > 0 {
        line.push_str(&format!(" (trong đó {late} nộp muộn)"));
    }
    for (status, words) in [
        (UnitStatus::Missing, "chưa nộp"),
        (UnitStatus::Blank, "nộp biểu trống"),
        (UnitStatus::Rejected, "có số liệu bị trả lại"),
    ] {
        let n = count(&|u| u.status == status);
        if n > 0 {
            line.push_str(&format!("; {n} đơn vị {words}"));
        }
    }
    line.push('.');
    line
}

/// A roll-up's line under "Tình hình báo cáo": how many units below the
/// federations the totals stand for; `None` for a merge of forms.
pub fn rollup_status(tonghop: &TongHop) -> Option<String> {
    let up = tonghop.rolled_up()?;
    Some(format!(
        "Số liệu của các đơn vị đã nộp gồm {}/{} đơn vị trực thuộc; {} đơn vị trực thuộc chưa có số liệu (xem trang tính “{ROLLUP_SHEET}”).",
        up.units_reported,
        up.units_total,
        up.units_total - up.units_reported
    ))
}

/// Writes the workbook of `tonghop`, a merge of `campaign` (whose report date and
/// issuer go into the document's properties); `word` gives each problem's sentence.
/// Without the day of the merge: see [`write_dated`].
pub fn write(
    campaign: &Campaign,
    tonghop: &TongHop,
    word: &dyn Fn(&Diagnostic) -> String,
) -> Result<Vec<u8>, XlsxError> {
    write_dated(campaign, tonghop, word, None)
}

/// The name of the totals sheet of `tong-hop.xlsx`.
pub const TONGHOP_SHEET: &str = "Tổng hợp";
/// The name of its sheet with a row per roster unit.
pub const TONGHOP_DETAIL_SHEET: &str = "Chi tiết";

/// The document property of `tong-hop.xlsx` holding the run id it shares with
/// `tong-hop.json` ([`TongHop::run`]).
pub const RUN_PROPERTY: &str = "vanban-run";

/// Writes the workbook of `tonghop`, a merge of `campaign` made on `merged_on` (the
/// caller's clock: the library has none), as a clerk expects it: a title block
/// (campaign, issuer, the day of the merge, "Tình hình báo cáo") over the totals;
/// one row per roster unit in "Chi tiết", those that did not report included,
/// each with its status, a rejected figure shown as its reason, and a total row;
/// an autofilter on every table; headers and statuses in Vietnamese. `word` gives
/// each problem's sentence.
pub fn write_dated(
    campaign: &Campaign,
    tonghop: &TongHop,
    word: &dyn Fn(&Diagnostic) -> String,
    merged_on: Option<NaiveDate>,
) -> Result<Vec<u8>, XlsxError> {
    write_with(campaign, tonghop, word, merged_on, None)
}

/// [`write_dated`], with the two large sheets written row by row through
/// temporary files in `scratch` (a folder the front end chose: the library opens
/// no file of its own accord) instead of held whole; without `scratch`, or where
/// no file can be made there, they are held in memory. The workbooks hold the
/// same cells, strings and styles; only the optional `spans` hint of each row of
/// those sheets is left out when they are written row by row.
pub fn write_with(
    campaign: &Campaign,
    tonghop: &TongHop,
    word: &dyn Fn(&Diagnostic) -> String,
    merged_on: Option<NaiveDate>,
    scratch: Option<&std::path::Path>,
) -> Result<Vec<u8>, XlsxError> {
    let c = campaign;
    let (base, header, cell, int, dec) = formats();
    let title = base.clone().set_bold().set_font_size(14);
    let bold_cell = cell.clone().set_bold();
    let bold_int = int.clone().set_bold();
    let bold_dec = dec.clone().set_bold();
    let mut wb = Workbook::new();
    let row_by_row = scratch.is_some_and(|dir| wb.set_tempdir(dir).is_ok());
    let d = c.report.date.0;
    let stamp = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
    let mut properties = DocProperties::new()
        .set_title(format!("Tổng hợp - {}", c.campaign.name))
        .set_author(c.issuer.name.clone())
        .set_creation_datetime(&stamp);
    if !tonghop.run.is_empty() {
        properties = properties.set_custom_property(RUN_PROPERTY, tonghop.run.as_str());
    }
    wb.set_properties(&properties);
    let num_fmt = |kind: IndicatorKind, bold: bool| match (kind == IndicatorKind::Decimal, bold) {
        (true, false) => &dec,
        (false, false) => &int,
        (true, true) => &bold_dec,
        (false, true) => &bold_int,
    };

    // Tổng hợp: the title block, then the totals.
    let s = sheet(&mut wb, row_by_row)?;
    s.set_name(TONGHOP_SHEET)?;
    let cols = [
        ("STT", 6.0),
        ("Chỉ tiêu", 44.0),
        ("Đơn vị tính", 12.0),
        ("Tổng số", 18.0),
        ("Số đơn vị báo cáo", 14.0),
        ("Mã chỉ tiêu", 18.0),
    ];
    let last_col = (cols.len() - 1) as u16;
    s.merge_range(
        0,
        0,
        0,
        last_col,
        &format!("TỔNG HỢP SỐ LIỆU: {}", fit(&c.campaign.name)),
        &title,
    )?;
    s.merge_range(1, 0, 1, last_col, fit(&c.issuer.name), &base)?;
    let merged_line = match merged_on {
        Some(day) => format!("Ngày tổng hợp: {}", day.format("%d/%m/%Y")),
        None => String::new(),
    };
    s.merge_range(2, 0, 2, last_col, &merged_line, &base)?;
    s.merge_range(3, 0, 3, last_col, &reporting_status(tonghop), &base)?;
    if let Some(line) = rollup_status(tonghop) {
        s.merge_range(4, 0, 4, last_col, &line, &base)?;
    }
    let h = TITLED_HEADER_ROW;
    headers(s, h, &cols, &header)?;
    for (i, ind) in tonghop.indicators.iter().enumerate() {
        let r = h + 1 + i as u32;
        s.write_number_with_format(r, 0, (i + 1) as f64, &cell)?;
        s.write_string_with_format(r, 1, fit(&ind.label), &cell)?;
        s.write_string_with_format(r, 2, fit(&ind.unit), &cell)?;
        match tonghop.totals.get(&ind.code) {
            Some(v) if ind.kind != IndicatorKind::Text => {
                s.write_number_with_format(r, 3, *v, num_fmt(ind.kind, false))?
            }
            _ => s.write_string_with_format(r, 3, "", &cell)?,
        };
        let reported = tonghop.reported.get(&ind.code).copied().unwrap_or(0);
        s.write_number_with_format(r, 4, reported as f64, &int)?;
        s.write_string_with_format(r, 5, fit(&ind.code), &cell)?;
    }
    filter(s, h, h + tonghop.indicators.len() as u32, cols.len())?;
    s.set_landscape();

    // Chi tiết: every roster unit, then the total row.
    let s = sheet(&mut wb, row_by_row)?;
    s.set_name(TONGHOP_DETAIL_SHEET)?;
    let inds = &tonghop.indicators;
    let mut cols: Vec<(&str, f64)> = vec![("STT", 6.0), ("Mã đơn vị", 10.0), ("Đơn vị", 40.0)];
    for ind in inds {
        cols.push((ind.label.as_str(), 16.0));
    }
    cols.push(("Tệp", 30.0));
    cols.push(("Tình trạng", 14.0));
    headers(s, 0, &cols, &header)?;
    let n = inds.len() as u16;
    let mut r = 0;
    for (i, unit) in tonghop.units.iter().enumerate() {
        r = 1 + i as u32;
        // The row's height before its cells: a sheet written row by row has sent
        // the row on once its cells are written.
        let file = unit.file.as_deref().unwrap_or("");
        let mut texts = vec![(unit.name.as_str(), 40.0)];
        texts.extend(unit.values.values().filter_map(|e| match e {
            Entry::Rejected { reason } => Some((reason_vi(*reason), 16.0)),
            _ => None,
        }));
        texts.push((file, 30.0));
        fit_row(s, r, &texts)?;
        s.write_number_with_format(r, 0, (i + 1) as f64, &cell)?;
        s.write_string_with_format(r, 1, fit(&unit.code), &cell)?;
        s.write_string_with_format(r, 2, fit(&unit.name), &cell)?;
        for (j, ind) in inds.iter().enumerate() {
            let col = 3 + j as u16;
            match unit.values.get(&ind.code) {
                Some(Entry::Counted { value }) => match value {
                    Figure::Number(x) => {
                        s.write_number_with_format(r, col, *x, num_fmt(ind.kind, false))?
                    }
                    Figure::Text(x) => s.write_string_with_format(r, col, fit(x), &cell)?,
                },
                Some(Entry::Rejected { reason }) => {
                    s.write_string_with_format(r, col, reason_vi(*reason), &cell)?
                }
                Some(Entry::Missing) | None => s.write_string_with_format(r, col, "", &cell)?,
            };
        }
        s.write_string_with_format(r, 3 + n, fit(file), &cell)?;
        s.write_string_with_format(r, 4 + n, status_vi(unit.status, unit.late), &cell)?;
    }
    filter(s, 0, r, cols.len())?;
    // Below the filtered rows, so sorting them leaves it last.
    let total = r + 1;
    s.merge_range(total, 0, total, 2, "Tổng cộng", &bold_cell)?;
    for (j, ind) in inds.iter().enumerate() {
        let col = 3 + j as u16;
        match tonghop.totals.get(&ind.code) {
            Some(v) if ind.kind != IndicatorKind::Text => {
                s.write_number_with_format(total, col, *v, num_fmt(ind.kind, true))?
            }
            _ => s.write_string_with_format(total, col, "", &bold_cell)?,
        };
    }
    s.write_string_with_format(total, 3 + n, "", &bold_cell)?;
    s.write_string_with_format(
        total,
        4 + n,
        format!(
            "{}/{} đã nộp",
            tonghop
                .units
                .iter()
                .filter(|u| u.status.is_accepted())
                .count(),
            tonghop.units.len()
        ),
        &bold_cell,
    )?;
    s.set_landscape();

    // Lỗi và cảnh báo.
    let s = wb.add_worksheet();
    s.set_name("Lỗi và cảnh báo")?;
    let cols = [
        ("STT", 6.0),
        ("Mức độ", 10.0),
        ("Tệp", 30.0),
        ("Trang tính", 16.0),
        ("Ô", 8.0),
        ("Nội dung", 80.0),
    ];
    headers(s, 0, &cols, &header)?;
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
        fit_row(s, r, &[(file, 30.0), (&text, 80.0)])?;
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
    }
    filter(s, 0, tonghop.issues.len() as u32, cols.len())?;
    s.set_landscape();

    // Chưa nộp.
    let s = wb.add_worksheet();
    s.set_name("Chưa nộp")?;
    let cols = [
        ("STT", 6.0),
        ("Mã đơn vị", 10.0),
        ("Đơn vị", 50.0),
        ("Khối", 24.0),
    ];
    headers(s, 0, &cols, &header)?;
    let missing: Vec<_> = tonghop.units.iter().filter(|u| u.file.is_none()).collect();
    for (i, u) in missing.iter().enumerate() {
        let r = 1 + i as u32;
        s.write_number_with_format(r, 0, (i + 1) as f64, &cell)?;
        s.write_string_with_format(r, 1, fit(&u.code), &cell)?;
        s.write_string_with_format(r, 2, fit(&u.name), &cell)?;
        s.write_string_with_format(r, 3, fit(&u.group), &cell)?;
    }
    filter(s, 0, missing.len() as u32, cols.len())?;

    // A roll-up: each federation's units under it.
    if tonghop.units.iter().any(|u| u.rollup.is_some()) {
        let s = wb.add_worksheet();
        s.set_name(ROLLUP_SHEET)?;
        let mut cols: Vec<(&str, f64)> = vec![("STT", 8.0), ("Mã đơn vị", 10.0), ("Đơn vị", 44.0)];
        for ind in inds {
            cols.push((ind.label.as_str(), 16.0));
        }
        cols.push(("Tình trạng", 22.0));
        headers(s, 0, &cols, &header)?;
        let sub_name = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_indent(1);
        let mut r = 0;
        let write_values = |s: &mut Worksheet,
                            r: u32,
                            values: &crate::tonghop::ByCode<Entry>,
                            bold: bool|
         -> Result<(), XlsxError> {
            for (j, ind) in inds.iter().enumerate() {
                let col = 3 + j as u16;
                let text_fmt = if bold { &bold_cell } else { &cell };
                match values.get(&ind.code) {
                    Some(Entry::Counted { value }) => match value {
                        Figure::Number(x) => {
                            s.write_number_with_format(r, col, *x, num_fmt(ind.kind, bold))?
                        }
                        Figure::Text(x) => s.write_string_with_format(r, col, fit(x), text_fmt)?,
                    },
                    Some(Entry::Rejected { reason }) => {
                        s.write_string_with_format(r, col, reason_vi(*reason), text_fmt)?
                    }
                    Some(Entry::Missing) | None => {
                        s.write_string_with_format(r, col, "", text_fmt)?
                    }
                };
            }
            Ok(())
        };
        for (i, unit) in tonghop.units.iter().enumerate() {
            r += 1;
            s.write_string_with_format(r, 0, (i + 1).to_string(), &bold_cell)?;
            s.write_string_with_format(r, 1, fit(&unit.code), &bold_cell)?;
            s.write_string_with_format(r, 2, fit(&unit.name), &bold_cell)?;
            write_values(s, r, &unit.values, true)?;
            let status = match &unit.rollup {
                Some(up) if unit.status.is_accepted() => format!(
                    "{}; {}/{} đơn vị đã nộp",
                    status_vi(unit.status, unit.late),
                    up.units_reported,
                    up.units_total
                ),
                _ => status_vi(unit.status, unit.late).to_string(),
            };
            s.write_string_with_format(r, 3 + n, &status, &bold_cell)?;
            let Some(up) = unit.rollup.as_ref().filter(|_| unit.status.is_accepted()) else {
                continue;
            };
            for (k, sub) in up.units.iter().enumerate() {
                r += 1;
                fit_row(s, r, &[(sub.name.as_str(), 44.0)])?;
                s.write_string_with_format(r, 0, format!("{}.{}", i + 1, k + 1), &cell)?;
                s.write_string_with_format(r, 1, fit(&sub.code), &cell)?;
                s.write_string_with_format(r, 2, fit(&sub.name), &sub_name)?;
                write_values(s, r, &sub.values, false)?;
                s.write_string_with_format(r, 3 + n, status_vi(sub.status, sub.late), &cell)?;
            }
        }
        s.set_landscape();
    }
    wb.save_to_buffer()
}

/// The sheet of a roll-up's `tong-hop.xlsx` with each federation's units under it.
pub const ROLLUP_SHEET: &str = "Đơn vị cấp dưới";

/// `text` cut to what a cell holds, so one oversized text (a figure, a message
/// quoting it) cannot stop the workbook being written.
fn fit(text: &str) -> &str {
    match text.char_indices().nth(crate::sheets::merge::CELL_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// A unit's status as the clerk says it (docs/thuat-ngu.md).
pub fn status_vi(status: UnitStatus, late: bool) -> &'static str {
    match (status, late) {
        (UnitStatus::Accepted | UnitStatus::AcceptedWithWarnings, false) => "Đã nộp",
        (UnitStatus::Accepted | UnitStatus::AcceptedWithWarnings, true) => "Nộp muộn",
        (UnitStatus::Blank, _) => "Biểu trống",
        (UnitStatus::Rejected, _) => "Bị trả lại",
        (UnitStatus::Missing, _) => "Chưa nộp",
    }
}

/// Why a figure was not counted, in the cell where the figure would be: short, so
/// the column stays narrow (the sheet "Lỗi và cảnh báo" says more).
pub fn reason_vi(reason: RejectReason) -> &'static str {
    match reason {
        RejectReason::NotANumber => "Bị trả lại: không phải số",
        RejectReason::Boolean => "Bị trả lại: TRUE/FALSE",
        RejectReason::Date => "Bị trả lại: ngày tháng",
        RejectReason::ErrorCell => "Bị trả lại: ô báo lỗi",
        RejectReason::Uncalculated => "Bị trả lại: công thức chưa tính",
        RejectReason::NotFinite => "Bị trả lại: không phải số hữu hạn",
        RejectReason::Negative => "Bị trả lại: số âm",
        RejectReason::NotWhole => "Bị trả lại: không phải số nguyên",
        RejectReason::FractionOfDong => "Bị trả lại: lẻ đồng",
        RejectReason::OutOfRange => "Bị trả lại: vượt giới hạn",
        RejectReason::TooLong => "Bị trả lại: chữ quá dài",
        RejectReason::DuplicateCell => "Bị trả lại: ô ghi hai lần",
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{Data, Reader, Xlsx};

    use super::*;
    use crate::tonghop::UnitEntry;

    fn rows(bytes: &[u8], sheet: &str) -> Vec<Vec<Data>> {
        let mut wb = Xlsx::new(Cursor::new(bytes.to_vec())).expect("xlsx");
        let range = wb.worksheet_range(sheet).expect("sheet");
        range.rows().map(|r| r.to_vec()).collect()
    }

    fn text(s: &str) -> Data {
        Data::String(s.to_string())
    }

    /// The sample tổng hợp, with one unit late, one blank and a rejected number.
    fn merged() -> TongHop {
        let mut t = crate::tonghop::tests::sample();
        t.units[0].late = true;
        t.units[1].values.insert(
            "duong".into(),
            Entry::Rejected {
                reason: RejectReason::Negative,
            },
        );
        t.totals.insert("duong".into(), 0.1);
        t.units.push(UnitEntry {
            code: "E".into(),
            name: "Công đoàn E".into(),
            group: String::new(),
            status: UnitStatus::Blank,
            file: None,
            filled_at: None,
            late: false,
            values: Default::default(),
            sources: Default::default(),
            rollup: None,
        });
        t
    }

    #[test]
    fn the_workbook_has_a_title_block_every_unit_and_a_total_row() {
        let campaign = crate::sheets::forms::sample::campaign(2);
        let t = merged();
        let day = NaiveDate::from_ymd_opt(2017, 7, 28);
        let bytes = write_dated(&campaign, &t, &|d| d.code.clone(), day).unwrap();

        let main = rows(&bytes, "Tổng hợp");
        assert_eq!(
            main[0][0],
            text(&format!("TỔNG HỢP SỐ LIỆU: {}", campaign.campaign.name))
        );
        assert_eq!(main[1][0], text(&campaign.issuer.name));
        assert_eq!(main[2][0], text("Ngày tổng hợp: 28/07/2017"));
        assert_eq!(
            main[3][0],
            text(
                "Tình hình báo cáo: 2/5 đơn vị đã nộp (trong đó 1 nộp muộn); 1 đơn vị chưa \
                 nộp; 1 đơn vị nộp biểu trống; 1 đơn vị có số liệu bị trả lại."
            )
        );
        let h = TITLED_HEADER_ROW as usize;
        assert_eq!(main[h][1], text("Chỉ tiêu"));
        assert_eq!(main[h + 1][1], text("NHA"));
        assert_eq!(main[h + 1][3], Data::Float(5.0));

        let detail = rows(&bytes, "Chi tiết");
        let header: Vec<Data> = ["STT", "Mã đơn vị", "Đơn vị", "NHA", "DUONG", "GHI_CHU"]
            .iter()
            .chain(&["Tệp", "Tình trạng"])
            .map(|s| text(s))
            .collect();
        assert_eq!(detail[0], header);
        // Every roster unit, those that did not report too, then the total row.
        assert_eq!(detail.len(), 1 + t.units.len() + 1);
        let status: Vec<&Data> = detail[1..=t.units.len()].iter().map(|r| &r[7]).collect();
        assert_eq!(
            status,
            [
                &text("Nộp muộn"),
                &text("Đã nộp"),
                &text("Chưa nộp"),
                &text("Bị trả lại"),
                &text("Biểu trống"),
            ]
        );
        assert_eq!(detail[2][4], text("Bị trả lại: số âm"));
        assert_eq!(detail[2][5], text("Bị trả lại: không phải số"));
        assert_eq!(detail[2][6], text("returns/B.xlsx"));
        let total = &detail[t.units.len() + 1];
        assert_eq!(total[0], text("Tổng cộng"));
        assert_eq!(total[3], Data::Float(5.0));
        assert_eq!(total[4], Data::Float(0.1));
        assert_eq!(total[5], Data::Empty, "text is not added up");
        assert_eq!(total[7], text("2/5 đã nộp"));

        // Each table has its autofilter.
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes.clone())).unwrap();
        for (part, range) in [
            ("xl/worksheets/sheet1.xml", "A6:F9"),
            ("xl/worksheets/sheet2.xml", "A1:H6"),
        ] {
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut zip.by_name(part).unwrap(), &mut xml).unwrap();
            assert!(
                xml.contains(&format!("<autoFilter ref=\"{range}\"")),
                "{part}: {xml}"
            );
        }
        // The same tổng hợp and day give the same bytes.
        assert_eq!(
            write_dated(&campaign, &t, &|d| d.code.clone(), day).unwrap(),
            bytes
        );
    }

    /// The row numbers of a worksheet part, in the order written, with whether
    /// each row has a height of its own.
    fn row_numbers(bytes: &[u8], part: &str) -> Vec<(u32, bool)> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(part).unwrap(), &mut xml).unwrap();
        xml.split("<row ")
            .skip(1)
            .map(|row| {
                let head = &row[..row.find('>').unwrap()];
                let r = head.split('"').nth(1).unwrap().parse().unwrap();
                (r, head.contains("customHeight"))
            })
            .collect()
    }

    #[test]
    fn every_sheet_writes_each_row_once_the_last_one_with_a_height_too() {
        // Long texts give rows heights of their own: the first and the last unit
        // of "Chi tiết", every problem of "Lỗi và cảnh báo" (written row by row,
        // the library repeated a last row that had a height).
        let campaign = crate::sheets::forms::sample::campaign(2);
        let mut t = merged();
        let long = "Công đoàn cơ sở ".repeat(8);
        t.units[0].name = long.clone();
        let last = t.units.len() - 1;
        t.units[last].name = long.clone();
        t.issues.push(t.issues[0].clone());
        let day = NaiveDate::from_ymd_opt(2017, 7, 28);
        let scratch = tempfile::tempdir().unwrap();
        let word = |_: &Diagnostic| long.repeat(3);
        let bytes = write_with(&campaign, &t, &word, day, Some(scratch.path())).unwrap();
        for (part, rows, tall) in [
            ("xl/worksheets/sheet1.xml", 8, vec![]),
            ("xl/worksheets/sheet2.xml", 7, vec![2, 3, 6]),
            ("xl/worksheets/sheet3.xml", 3, vec![2, 3]),
            ("xl/worksheets/sheet4.xml", 4, vec![]),
        ] {
            let found = row_numbers(&bytes, part);
            let numbers: Vec<u32> = found.iter().map(|(r, _)| *r).collect();
            assert!(
                numbers.windows(2).all(|w| w[0] < w[1]),
                "{part}: rows {numbers:?}"
            );
            assert_eq!(found.len(), rows, "{part}: rows {numbers:?}");
            let with_height: Vec<u32> = found.iter().filter(|(_, h)| *h).map(|(r, _)| *r).collect();
            assert_eq!(with_height, tall, "{part}");
        }
        // Held in memory, the same workbook but for the rows' `spans` hints.
        let held = write_dated(&campaign, &t, &word, day).unwrap();
        assert_eq!(parts_without_spans(&held), parts_without_spans(&bytes));
        assert_ne!(held, bytes, "the first two sheets were written row by row");
    }

    /// Every part of a package, by name, with the `spans` attributes of rows left out.
    fn parts_without_spans(bytes: &[u8]) -> Vec<(String, String)> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut entry = zip.by_index(i).unwrap();
                let name = entry.name().unwrap().to_string();
                let mut xml = String::new();
                std::io::Read::read_to_string(&mut entry, &mut xml).unwrap();
                let mut kept = String::with_capacity(xml.len());
                let mut rest = xml.as_str();
                while let Some(at) = rest.find(" spans=\"") {
                    kept.push_str(&rest[..at]);
                    let after = &rest[at + 8..];
                    rest = &after[after.find('"').unwrap() + 1..];
                }
                kept.push_str(rest);
                (name, kept)
            })
            .collect()
    }
}
