//! The two built-in templates: the plan ("Kế hoạch") and the result report
//! ("Báo cáo kết quả"), built from the shared blocks in [`super::build`].
//!
//! # The data the templates expect
//!
//! The report template (`templates/bao-cao.docx`) expects this JSON. The
//! plan template takes the same shape without `appendix`, `indicators`, `units` and
//! `totals`.
//!
//! ```json
//! {
//!   "issuer": {"superior": "LIÊN ĐOÀN LAO ĐỘNG TỈNH TÂY NINH",
//!              "name": "LIÊN ĐOÀN LAO ĐỘNG HUYỆN MẪU", "abbreviation": "LĐLĐ",
//!              "place": "Mẫu"},
//!   "signer": {"authority": "TM. BAN THƯỜNG VỤ", "title": "CHỦ TỊCH",
//!              "name": "Nguyễn Văn Mẫu"},
//!   "doc": {"symbol": "09/BC-LĐLĐ", "date": "2017-07-31", "type_name": "BÁO CÁO",
//!           "summary": "Kết quả …", "kinh_gui": ["Ban Thường vụ LĐLĐ tỉnh"],
//!           "recipients": ["TT LĐLĐ tỉnh"], "archive": "VP"},
//!   "body": [{"level": "I", "label": "I.", "text": "KẾT QUẢ", "titled": true}, …],
//!   "appendix": {"title": "KẾT QUẢ … CỦA CÁC CÔNG ĐOÀN CƠ SỞ",
//!                "issued_by": "Ban Thường vụ LĐLĐ huyện Mẫu",
//!                "legend": ["“-”: đơn vị chưa có số liệu …", "(1) … chưa tính vào tổng cộng."]},
//!   "indicators": [{"code": "nha_mai_am", "label": "Nhà Mái ấm", "unit": "căn"}, …],
//!   "units": [{"stt": 1, "name": "CĐCS Trường THCS …",
//!              "values": {"nha_mai_am": "1", "tien_qua": "2.500.000", …}}, …],
//!   "totals": {"nha_mai_am": "7", "tien_qua": "58.300.000", …}
//! }
//! ```
//!
//! - `doc.date` is ISO (`YYYY-MM-DD`); the template prints it with `vn_date`.
//! - `body` is the outline of `bao-cao.txt` after Tera and
//!   `vanban::campaign::outline::parse`: `level` is one of `I`, `1`, `a`, `-`, `+`,
//!   `p`; the last paragraph already ends with `./.`.
//! - `units[].values` and `totals` hold the figures already formatted as they are to
//!   be printed (`vn_number`), keyed by indicator code; a unit that did not report
//!   has `-`, a figure the merge rejected a footnote mark (`(1)`).
//! - `appendix.legend` is printed under the table, one paragraph per line: what the
//!   marks mean. Empty when the table has none.
//! - `doc.kinh_gui` may be empty: the "Kính gửi:" line is then left out.

use docx_rs::{PageNumType, PageOrientationType, PageSize, Section};

use super::build::{self, PackError};
use super::styles::id;

/// Builds `templates/ke-hoach.docx`: header block, type and summary, the optional
/// "Kính gửi:" line, the body loop, recipients and signature; page numbers from page 2.
pub fn plan() -> Result<Vec<u8>, PackError> {
    van_ban()
}

/// Builds `templates/bao-cao.docx`: the same header, title and signature as the plan,
/// an optional "Kính gửi:" block, the body loop, then the appendix ("Phụ lục") on a
/// landscape section of its own with page numbers restarting at 1: the per-unit table
/// (STT | unit | one column per indicator), its header row repeated on every page,
/// a total row, and the legend of its marks under it. The data it expects is described in the [module documentation](self).
pub fn report() -> Result<Vec<u8>, PackError> {
    let mut main =
        Section::new().page_size(PageSize::new().size(build::PAGE_WIDTH, build::PAGE_HEIGHT));
    main = main.page_margin(build::margins()).title_pg();
    main = main
        .add_paragraph(build::para(id::NUMBER, "{%p if header.show %}"))
        .add_table(build::document_header())
        .add_paragraph(build::para(id::NUMBER, "{%p endif %}"));
    for p in build::document_title() {
        main = main.add_paragraph(p);
    }
    for part in build::body_with_tables()
        .into_iter()
        .chain(build::document_signatures())
    {
        main = match part {
            build::BodyPart::P(p) => main.add_paragraph(*p),
            build::BodyPart::T(t) => main.add_table(*t),
        };
    }

    let mut docx = build::new_document().add_section(main);
    for p in build::appendix_heading() {
        docx = docx.add_paragraph(p);
    }
    docx = docx.add_table(build::appendix_table());
    for p in build::appendix_legend() {
        docx = docx.add_paragraph(p);
    }
    docx = docx
        .page_size(build::PAGE_HEIGHT, build::PAGE_WIDTH)
        .page_orient(PageOrientationType::Landscape)
        .page_num_type(PageNumType::new().start(1))
        .title_pg();
    build::package(docx, &|part, root| {
        if part == "word/document.xml" {
            build::share_headers_with_first_section(root);
            build::mark_body_table_header_rows(root);
            build::mark_last_table_header_row(root);
        }
    })
}

/// Builds `templates/van-ban.docx`, the template of every official document
/// (`vanban van-ban`): the two-row header, the title block, the body with its
/// tables, and the signature area; page numbers from page 2. The data it expects is
/// `vanban::van_ban::Document::data`.
pub fn van_ban() -> Result<Vec<u8>, PackError> {
    let mut docx = build::new_document()
        .add_paragraph(build::para(id::NUMBER, "{%p if header.show %}"))
        .add_table(build::document_header())
        .add_paragraph(build::para(id::NUMBER, "{%p endif %}"));
    for p in build::document_title() {
        docx = docx.add_paragraph(p);
    }
    for part in build::body_with_tables()
        .into_iter()
        .chain(build::document_signatures())
        .chain(build::document_appendices())
    {
        docx = match part {
            build::BodyPart::P(p) => docx.add_paragraph(*p),
            build::BodyPart::T(t) => docx.add_table(*t),
        };
    }
    build::package(docx.title_pg(), &|part, root| {
        if part == "word/document.xml" {
            build::mark_body_table_header_rows(root);
        }
    })
}
