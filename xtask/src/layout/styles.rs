//! The paragraph styles of the built-in templates: one per header element and one
//! per body level, so a clerk who restyles a level in Word changes every paragraph
//! of that level at once. Sizes and spacing follow Nghị định 30/2020/NĐ-CP, Phụ lục I
//! (the values in brackets in `the-thuc-van-ban.md`).

use docx_rs::{
    AlignmentType, BorderType, LineSpacing, LineSpacingType, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, RunFonts, SpecialIndentType, Style, StyleType,
};

/// The one typeface of official documents (Phụ lục I: "Times New Roman").
pub const FONT: &str = "Times New Roman";

/// Body text size in half-points (Phụ lục I: body 13–14 pt (chosen: 14)).
pub const BODY_SIZE: usize = 28;

/// First-line indent of body paragraphs, twips (Phụ lục I: 1–1.27 cm (chosen: 1.27 cm)).
pub const FIRST_LINE_INDENT: i32 = 720;

/// Space after body paragraphs, twips (Phụ lục I: at least 6 pt (chosen: 6 pt)).
pub const BODY_SPACE_AFTER: u32 = 120;

/// Body line spacing in 240ths of a line (Phụ lục I: single to 1.5; 1.15 chosen).
pub const BODY_LINE: i32 = 276;

/// Style ids: stable names templates and tests refer to. The displayed names (in
/// Vietnamese) are in [`STYLES`].
pub mod id {
    /// Superior body ("cơ quan chủ quản").
    pub const SUPERIOR: &str = "VBCoQuanChuQuan";
    /// Issuing body ("cơ quan ban hành").
    pub const ISSUER: &str = "VBCoQuanBanHanh";
    /// Short rule under the issuing body.
    pub const ISSUER_RULE: &str = "VBGachCoQuan";
    /// Number and symbol ("Số: 05/KH-LĐLĐ").
    pub const NUMBER: &str = "VBSoKyHieu";
    /// National title ("quốc hiệu").
    pub const NATIONAL: &str = "VBQuocHieu";
    /// Motto ("tiêu ngữ").
    pub const MOTTO: &str = "VBTieuNgu";
    /// Rule under the motto, as long as the motto.
    pub const MOTTO_RULE: &str = "VBGachTieuNgu";
    /// Place and date line ("địa danh, ngày tháng năm").
    pub const PLACE_DATE: &str = "VBDiaDanhNgay";
    /// Document type ("tên loại": KẾ HOẠCH).
    pub const TYPE: &str = "VBTenLoai";
    /// Summary ("trích yếu").
    pub const SUMMARY: &str = "VBTrichYeu";
    /// Short rule under the summary.
    pub const SUMMARY_RULE: &str = "VBGachTrichYeu";
    /// "Kính gửi: …" of a report sent upward.
    pub const ADDRESSEE: &str = "VBKinhGui";
    /// Plain body paragraph.
    pub const BODY: &str = "VBDoanVan";
    /// `I.` section heading.
    pub const SECTION: &str = "VBMuc";
    /// `1.` item heading.
    pub const ITEM: &str = "VBKhoan";
    /// `1.` item that is running text, not a heading.
    pub const ITEM_TEXT: &str = "VBKhoanDoan";
    /// `a)` point.
    pub const POINT: &str = "VBDiem";
    /// `-` bullet.
    pub const DASH: &str = "VBGach";
    /// `+` bullet.
    pub const PLUS: &str = "VBCong";
    /// "Nơi nhận:".
    pub const RECIPIENTS_TITLE: &str = "VBNoiNhan";
    /// One recipient line ("- …;").
    pub const RECIPIENT: &str = "VBNoiNhanMuc";
    /// Signer's name, below the room for signature and seal.
    pub const SIGNER: &str = "VBNguoiKy";
    /// Page number in the header.
    pub const PAGE_NUMBER: &str = "VBSoTrang";
    /// "Phụ lục".
    pub const APPENDIX: &str = "VBPhuLuc";
    /// Title of the appendix.
    pub const APPENDIX_TITLE: &str = "VBTenPhuLuc";
    /// "(Kèm theo Báo cáo số …)".
    pub const APPENDIX_NOTE: &str = "VBKemTheo";
    /// Header cells of a table.
    pub const TABLE_HEAD: &str = "VBBangTieuDe";
    /// Centred table cells (numbers, STT).
    pub const TABLE_CELL: &str = "VBBangO";
    /// Left-aligned table cells (names).
    pub const TABLE_NAME: &str = "VBBangTen";
    /// The total row.
    pub const TABLE_TOTAL: &str = "VBBangTong";
    /// The legend under a table: what its marks mean ("ghi chú").
    pub const TABLE_LEGEND: &str = "VBBangGhiChu";
    /// "V/v …" of a công văn, under its number.
    pub const ABOUT: &str = "VBVeViec";
    /// The "DỰ THẢO" mark of a draft.
    pub const DRAFT: &str = "VBDuThao";
    /// A note in brackets under the summary.
    pub const SUMMARY_NOTE: &str = "VBGhiChuTrichYeu";
    /// One addressee of a "Kính gửi:" list.
    pub const ADDRESSEE_ITEM: &str = "VBKinhGuiMuc";
    /// The authority line of a decision ("BAN CHẤP HÀNH …").
    pub const ISSUING_AUTHORITY: &str = "VBThamQuyenBanHanh";
    /// A line of the grounds of a decision ("Căn cứ …").
    pub const BASIS: &str = "VBCanCu";
    /// "QUYẾT ĐỊNH:" before the articles.
    pub const DECISION: &str = "VBQuyetDinh";
    /// A part heading ("PHẦN I", "A.").
    pub const PART: &str = "VBPhan";
    /// A chapter heading ("Chương I").
    pub const CHAPTER: &str = "VBChuong";
    /// An article ("Điều 1.").
    pub const ARTICLE: &str = "VBDieu";
    /// A sub-item heading ("1.1.").
    pub const SUB_ITEM: &str = "VBKhoanCon";
    /// A nested recipient.
    pub const RECIPIENT_SUB: &str = "VBNoiNhanMucCon";
    /// A line of a signature block (authority forms, title).
    pub const SIGN_LINE: &str = "VBDongKy";
    /// A cell of a table in the body.
    pub const BODY_TABLE_CELL: &str = "VBBangNoiDung";
}

/// Where a style draws its rule: short rules are empty paragraphs with a top border,
/// indented so the border has the wanted length.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Indent on each side, twips.
    pub indent: i32,
}

/// One paragraph style.
#[derive(Debug, Clone, Copy)]
pub struct StyleSpec {
    /// Style id.
    pub id: &'static str,
    /// Name shown in Word's style list.
    pub name: &'static str,
    /// Size in half-points.
    pub size: usize,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Shown in capitals whatever is typed.
    pub caps: bool,
    /// Alignment.
    pub align: Align,
    /// First-line indent, twips.
    pub first_line: i32,
    /// Space before, twips.
    pub before: u32,
    /// Space after, twips.
    pub after: u32,
    /// Line spacing in 240ths (auto rule).
    pub line: i32,
    /// Keep with the next paragraph (headings).
    pub keep_next: bool,
    /// A rule drawn as a top border.
    pub rule: Option<Rule>,
}

/// Paragraph alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Centred.
    Center,
    /// Justified.
    Justify,
    /// Flush left.
    Left,
}

const BASE: StyleSpec = StyleSpec {
    id: "",
    name: "",
    size: BODY_SIZE,
    bold: false,
    italic: false,
    caps: false,
    align: Align::Center,
    first_line: 0,
    before: 0,
    after: 0,
    line: 240,
    keep_next: false,
    rule: None,
};

const BODY: StyleSpec = StyleSpec {
    align: Align::Justify,
    first_line: FIRST_LINE_INDENT,
    after: BODY_SPACE_AFTER,
    line: BODY_LINE,
    ..BASE
};

/// Size of a rule paragraph: as small as Word allows, so it adds no visible space.
const RULE_SIZE: usize = 2;

/// Every paragraph style of the built-in templates.
pub const STYLES: &[StyleSpec] = &[
    // Header, left column (Phụ lục I, ô 1–3).
    StyleSpec {
        id: id::SUPERIOR,
        name: "VB Cơ quan chủ quản",
        size: 26,
        ..BASE
    },
    StyleSpec {
        id: id::ISSUER,
        name: "VB Cơ quan ban hành",
        size: 26,
        bold: true,
        ..BASE
    },
    StyleSpec {
        id: id::ISSUER_RULE,
        name: "VB Gạch dưới cơ quan",
        size: RULE_SIZE,
        before: 20,
        rule: Some(Rule { indent: 1200 }),
        ..BASE
    },
    StyleSpec {
        id: id::NUMBER,
        name: "VB Số, ký hiệu",
        size: 26,
        before: 120,
        ..BASE
    },
    // Header, right column (ô 1, 4).
    StyleSpec {
        id: id::NATIONAL,
        name: "VB Quốc hiệu",
        size: 26,
        bold: true,
        ..BASE
    },
    StyleSpec {
        id: id::MOTTO,
        name: "VB Tiêu ngữ",
        size: 28,
        bold: true,
        ..BASE
    },
    StyleSpec {
        id: id::MOTTO_RULE,
        name: "VB Gạch dưới tiêu ngữ",
        size: RULE_SIZE,
        before: 20,
        rule: Some(Rule { indent: 1180 }),
        ..BASE
    },
    StyleSpec {
        id: id::PLACE_DATE,
        name: "VB Địa danh, ngày tháng",
        size: 28,
        italic: true,
        before: 120,
        ..BASE
    },
    // Title (ô 5).
    StyleSpec {
        id: id::TYPE,
        name: "VB Tên loại",
        size: 28,
        bold: true,
        before: 360,
        keep_next: true,
        ..BASE
    },
    StyleSpec {
        id: id::SUMMARY,
        name: "VB Trích yếu",
        size: 28,
        bold: true,
        keep_next: true,
        ..BASE
    },
    StyleSpec {
        id: id::SUMMARY_RULE,
        name: "VB Gạch dưới trích yếu",
        size: RULE_SIZE,
        before: 20,
        after: 240,
        rule: Some(Rule { indent: 3700 }),
        ..BASE
    },
    StyleSpec {
        id: id::ADDRESSEE,
        name: "VB Kính gửi",
        size: 28,
        after: 240,
        ..BASE
    },
    // Body (ô 6).
    StyleSpec {
        id: id::BODY,
        name: "VB Đoạn văn",
        ..BODY
    },
    StyleSpec {
        id: id::SECTION,
        name: "VB Mục I.",
        bold: true,
        caps: true,
        keep_next: true,
        ..BODY
    },
    StyleSpec {
        id: id::ITEM,
        name: "VB Khoản 1.",
        bold: true,
        keep_next: true,
        ..BODY
    },
    StyleSpec {
        id: id::ITEM_TEXT,
        name: "VB Khoản 1. (đoạn văn)",
        ..BODY
    },
    StyleSpec {
        id: id::POINT,
        name: "VB Điểm a)",
        ..BODY
    },
    StyleSpec {
        id: id::DASH,
        name: "VB Gạch đầu dòng -",
        ..BODY
    },
    StyleSpec {
        id: id::PLUS,
        name: "VB Dấu cộng +",
        ..BODY
    },
    // Recipients and signature (ô 7, 9).
    StyleSpec {
        id: id::RECIPIENTS_TITLE,
        name: "VB Nơi nhận",
        size: 24,
        bold: true,
        italic: true,
        align: Align::Left,
        // Level with the first line of the signature block beside it.
        before: 0,
        ..BASE
    },
    StyleSpec {
        id: id::RECIPIENT,
        name: "VB Nơi nhận - dòng",
        size: 22,
        align: Align::Left,
        ..BASE
    },
    StyleSpec {
        id: id::SIGNER,
        name: "VB Người ký",
        size: 28,
        bold: true,
        // Room for the signature and the seal (about 3 cm).
        before: 1700,
        ..BASE
    },
    // Page number (Phụ lục I: 13–14 pt [14], centred in the top margin).
    StyleSpec {
        id: id::PAGE_NUMBER,
        name: "VB Số trang",
        size: 28,
        ..BASE
    },
    // Appendix.
    StyleSpec {
        id: id::APPENDIX,
        name: "VB Phụ lục",
        size: 28,
        bold: true,
        keep_next: true,
        ..BASE
    },
    StyleSpec {
        id: id::APPENDIX_TITLE,
        name: "VB Tên phụ lục",
        size: 28,
        bold: true,
        caps: true,
        keep_next: true,
        ..BASE
    },
    StyleSpec {
        id: id::APPENDIX_NOTE,
        name: "VB Kèm theo",
        size: 28,
        italic: true,
        after: 240,
        keep_next: true,
        ..BASE
    },
    StyleSpec {
        id: id::TABLE_HEAD,
        name: "VB Bảng - tiêu đề",
        // Compact: a heading row of many columns stays a few lines high.
        size: 20,
        bold: true,
        before: 0,
        after: 0,
        ..BASE
    },
    StyleSpec {
        id: id::TABLE_CELL,
        name: "VB Bảng - ô số",
        size: 22,
        before: 40,
        after: 40,
        ..BASE
    },
    StyleSpec {
        id: id::TABLE_NAME,
        name: "VB Bảng - tên",
        size: 22,
        align: Align::Left,
        before: 40,
        after: 40,
        ..BASE
    },
    StyleSpec {
        id: id::TABLE_TOTAL,
        name: "VB Bảng - tổng",
        size: 22,
        bold: true,
        before: 40,
        after: 40,
        // The total row stays on the page of the legend under the table.
        keep_next: true,
        ..BASE
    },
    StyleSpec {
        id: id::TABLE_LEGEND,
        name: "VB Bảng - ghi chú",
        size: 22,
        italic: true,
        align: Align::Left,
        before: 60,
        after: 0,
        ..BASE
    },
    // Parts of other documents (vanban van-ban).
    StyleSpec {
        id: id::ABOUT,
        name: "VB V/v công văn",
        size: 24,
        before: 60,
        ..BASE
    },
    StyleSpec {
        id: id::DRAFT,
        name: "VB Dự thảo",
        size: 28,
        bold: true,
        align: Align::Left,
        before: 240,
        keep_next: true,
        ..BASE
    },
    StyleSpec {
        id: id::SUMMARY_NOTE,
        name: "VB Ghi chú trích yếu",
        size: 28,
        italic: true,
        keep_next: true,
        ..BASE
    },
    StyleSpec {
        id: id::ADDRESSEE_ITEM,
        name: "VB Kính gửi - dòng",
        size: 28,
        align: Align::Left,
        first_line: 1418,
        ..BASE
    },
    StyleSpec {
        id: id::ISSUING_AUTHORITY,
        name: "VB Thẩm quyền ban hành",
        size: 28,
        bold: true,
        before: 120,
        after: 240,
        keep_next: true,
        ..BASE
    },
    StyleSpec {
        id: id::BASIS,
        name: "VB Căn cứ",
        italic: true,
        ..BODY
    },
    StyleSpec {
        id: id::DECISION,
        name: "VB QUYẾT ĐỊNH:",
        bold: true,
        align: Align::Center,
        first_line: 0,
        before: 120,
        keep_next: true,
        ..BODY
    },
    StyleSpec {
        id: id::PART,
        name: "VB Phần",
        bold: true,
        align: Align::Center,
        first_line: 0,
        before: 120,
        keep_next: true,
        ..BODY
    },
    StyleSpec {
        id: id::CHAPTER,
        name: "VB Chương",
        bold: true,
        align: Align::Center,
        first_line: 0,
        keep_next: true,
        ..BODY
    },
    StyleSpec {
        id: id::ARTICLE,
        name: "VB Điều",
        ..BODY
    },
    StyleSpec {
        id: id::SUB_ITEM,
        name: "VB Khoản 1.1.",
        bold: true,
        italic: true,
        keep_next: true,
        ..BODY
    },
    StyleSpec {
        id: id::RECIPIENT_SUB,
        name: "VB Nơi nhận - dòng con",
        size: 22,
        align: Align::Left,
        first_line: 284,
        ..BASE
    },
    StyleSpec {
        id: id::SIGN_LINE,
        name: "VB Dòng ký",
        size: 28,
        bold: true,
        caps: true,
        keep_next: true,
        ..BASE
    },
    StyleSpec {
        id: id::BODY_TABLE_CELL,
        name: "VB Bảng - ô nội dung",
        size: 24,
        align: Align::Left,
        before: 20,
        after: 20,
        ..BASE
    },
];

fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .cs(FONT)
        .east_asia(FONT)
}

/// The docx-rs style for a spec.
pub fn build(spec: &StyleSpec) -> Style {
    let mut style = Style::new(spec.id, StyleType::Paragraph)
        .name(spec.name)
        .based_on("Normal")
        .next(spec.id)
        .fonts(fonts())
        .size(spec.size)
        .align(match spec.align {
            Align::Center => AlignmentType::Center,
            Align::Justify => AlignmentType::Both,
            Align::Left => AlignmentType::Left,
        })
        .line_spacing(
            LineSpacing::new()
                .before(spec.before)
                .after(spec.after)
                .line(spec.line)
                .line_rule(LineSpacingType::Auto),
        );
    if spec.bold {
        style = style.bold();
    }
    if spec.italic {
        style = style.italic();
    }
    if spec.caps {
        style.run_property = style.run_property.caps();
    }
    if spec.first_line != 0 {
        style = style.indent(
            Some(0),
            Some(SpecialIndentType::FirstLine(spec.first_line)),
            None,
            None,
        );
    }
    if let Some(rule) = spec.rule {
        style = style.indent(Some(rule.indent), None, Some(rule.indent), None);
        style.paragraph_property.borders = Some(
            ParagraphBorders::with_empty().set(
                ParagraphBorder::new(ParagraphBorderPosition::Top)
                    .val(BorderType::Single)
                    .size(6)
                    .space(0)
                    .color("000000"),
            ),
        );
    }
    style.paragraph_property.keep_next = Some(spec.keep_next).filter(|k| *k);
    style
}

/// The font settings every run inherits.
pub fn default_fonts() -> RunFonts {
    fonts()
}
