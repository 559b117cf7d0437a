//! The parts both built-in templates share: the page, the two-column header block,
//! the title, the recipients-and-signature block, the page-number headers, and the
//! packaging step that turns a docx-rs document into deterministic .docx bytes.

use std::io::Write;

use docx_rs::{
    Docx, Header, PageMargin, PageNum, Paragraph, Run, Table, TableAlignmentType, TableCell,
    TableLayoutType, TableRow, WidthType,
};

use super::styles::{self, id};
use vanban::docx::schema;
use vanban::docx::xml::{self, Element, Node};

/// A4 width, twips (Phụ lục I: A4, 210 × 297 mm).
pub const PAGE_WIDTH: u32 = 11906;
/// A4 height, twips.
pub const PAGE_HEIGHT: u32 = 16838;
/// Top margin, twips (Phụ lục I: 20–25 mm (chosen: 20)).
pub const MARGIN_TOP: i32 = 1134;
/// Bottom margin, twips (Phụ lục I: 20–25 mm (chosen: 20)).
pub const MARGIN_BOTTOM: i32 = 1134;
/// Left margin, twips (Phụ lục I: 30–35 mm (chosen: 30)).
pub const MARGIN_LEFT: i32 = 1701;
/// Right margin, twips (Phụ lục I: 15–20 mm (chosen: 15)).
pub const MARGIN_RIGHT: i32 = 850;
/// Distance of the page-number header from the top edge, twips (inside the top
/// margin, as Phụ lục I requires).
pub const HEADER_DISTANCE: i32 = 567;

/// Width of the text column on a landscape page, twips.
pub const LANDSCAPE_TEXT_WIDTH: i32 = PAGE_HEIGHT as i32 - MARGIN_LEFT - MARGIN_RIGHT;

/// The header block reaches a little into the left margin, as in printed plans, so
/// the national title fits on one line at 13 pt.
const HEADER_INDENT: i32 = -284;
/// Left column of the header block (issuer), twips.
const HEADER_LEFT: usize = 3969;
/// Right column of the header block (national title), twips.
const HEADER_RIGHT: usize = 5954;
/// Left column of the signature block (recipients), twips.
const SIGN_LEFT: usize = 4536;
/// Right column of the signature block, twips.
const SIGN_RIGHT: usize = 4819;

/// A paragraph in a style holding one run of text (possibly a Tera tag).
pub fn para(style: &str, text: &str) -> Paragraph {
    let p = Paragraph::new().style(style);
    if text.is_empty() {
        p
    } else {
        p.add_run(Run::new().add_text(text))
    }
}

fn cell(width: usize, paragraphs: Vec<Paragraph>) -> TableCell {
    paragraphs
        .into_iter()
        .fold(TableCell::new().width(width, WidthType::Dxa), |c, p| {
            c.add_paragraph(p)
        })
}

fn borderless(rows: Vec<TableRow>, grid: Vec<usize>, indent: i32) -> Table {
    let width = grid.iter().sum();
    Table::without_borders(rows)
        .set_grid(grid)
        .width(width, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .indent(indent)
}

/// The same body loop with its tables: a table between the branches' paragraphs.
pub fn body_with_tables() -> Vec<BodyPart> {
    body_with_tables_of("body")
}

/// The body loop over `list` (`body`, or an appendix's `ap.body`), with its tables.
fn body_with_tables_of(list: &str) -> Vec<BodyPart> {
    let mut out = vec![BodyPart::P(Box::new(para(
        id::BODY,
        &format!("{{%p for b in {list} %}}"),
    )))];
    out.extend(
        body_branches()
            .into_iter()
            .map(|p| BodyPart::P(Box::new(p))),
    );
    out.push(BodyPart::P(Box::new(para(
        id::BODY,
        "{%p if b.level == \"table\" %}",
    ))));
    out.push(BodyPart::T(Box::new(body_table())));
    out.push(BodyPart::P(Box::new(para(id::BODY, "{%p endif %}"))));
    out.push(BodyPart::P(Box::new(para(id::BODY, "{%p endfor %}"))));
    out
}

/// A paragraph or a table of a template's body, in order.
pub enum BodyPart {
    /// A paragraph.
    P(Box<Paragraph>),
    /// A table.
    T(Box<Table>),
}

/// A table of the body: the header row (`b.head`), then a row per `b.rows`, one
/// cell per column (`{%tc for %}`), across the text width.
fn body_table() -> Table {
    let text_width = (PAGE_WIDTH as i32 - MARGIN_LEFT - MARGIN_RIGHT) as usize;
    let column = text_width / 3;
    let row = |style: &str, texts: [&str; 3]| {
        TableRow::new(
            texts
                .into_iter()
                .map(|t| cell(column, vec![para(style, t)]))
                .collect(),
        )
    };
    let tag_row = |tag: &str| row(id::BODY_TABLE_CELL, ["", tag, ""]);
    let rows = vec![
        row(
            id::TABLE_HEAD,
            ["{%tc for h in b.head %}", "{{ h }}", "{%tc endfor %}"],
        ),
        tag_row("{%tr for r in b.rows %}"),
        row(
            id::BODY_TABLE_CELL,
            ["{%tc for c in r %}", "{{ c }}", "{%tc endfor %}"],
        ),
        tag_row("{%tr endfor %}"),
    ];
    Table::new(rows)
        .set_grid(vec![column; 3])
        .width(column * 3, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
}

/// A paragraph of two runs: the label in bold, then the text (`Điều 1.` …).
fn labelled(style: &str, label: &str, text: &str) -> Paragraph {
    Paragraph::new()
        .style(style)
        .add_run(Run::new().add_text(label).bold())
        .add_run(Run::new().add_text(text))
}

fn body_branches() -> Vec<Paragraph> {
    let branches: [(&str, &str, &str); 7] = [
        (
            "b.level == \"I\"",
            id::SECTION,
            "{{ b.label }} {{ b.text }}",
        ),
        (
            "b.level == \"1\" and b.titled",
            id::ITEM,
            "{{ b.label }} {{ b.text }}",
        ),
        (
            "b.level == \"1\" and not b.titled",
            id::ITEM_TEXT,
            "{{ b.label }} {{ b.text }}",
        ),
        ("b.level == \"a\"", id::POINT, "{{ b.label }} {{ b.text }}"),
        ("b.level == \"-\"", id::DASH, "{{ b.label }} {{ b.text }}"),
        ("b.level == \"+\"", id::PLUS, "{{ b.label }} {{ b.text }}"),
        ("b.level == \"p\"", id::BODY, "{{ b.text }}"),
    ];
    let mut out = Vec::new();
    for (condition, style, text) in branches {
        out.push(para(style, &format!("{{%p if {condition} %}}")));
        out.push(para(style, text));
        out.push(para(style, "{%p endif %}"));
    }
    let more: [(&str, &str, &str); 6] = [
        (
            "b.level == \"1.1\" and b.titled",
            id::SUB_ITEM,
            "{{ b.label }} {{ b.text }}",
        ),
        (
            "b.level == \"1.1\" and not b.titled",
            id::ITEM_TEXT,
            "{{ b.label }} {{ b.text }}",
        ),
        ("b.level == \"P\"", id::PART, "{{ b.text }}"),
        ("b.level == \"C\"", id::CHAPTER, "{{ b.text }}"),
        ("b.level == \"QD\"", id::DECISION, "{{ b.text }}"),
        (
            "b.level == \"cc\"",
            id::BASIS,
            "{% if b.label %}{{ b.label }} {% endif %}{{ b.text }}",
        ),
    ];
    for (condition, style, text) in more {
        out.push(para(style, &format!("{{%p if {condition} %}}")));
        out.push(para(style, text));
        out.push(para(style, "{%p endif %}"));
    }
    out.push(para(id::ARTICLE, "{%p if b.level == \"D\" %}"));
    out.push(labelled(id::ARTICLE, "{{ b.label }}", " {{ b.text }}"));
    out.push(para(id::ARTICLE, "{%p endif %}"));
    out
}

/// The page-number header: the PAGE field, centred (shown from page 2: the section
/// has a different first page whose header is empty).
pub fn page_number_header() -> Header {
    Header::new().add_paragraph(
        Paragraph::new()
            .style(id::PAGE_NUMBER)
            .add_page_num(PageNum::new()),
    )
}

/// The empty header of the first page.
pub fn first_page_header() -> Header {
    Header::new().add_paragraph(Paragraph::new().style(id::PAGE_NUMBER))
}

/// The margins of Phụ lục I.
pub fn margins() -> PageMargin {
    PageMargin::new()
        .top(MARGIN_TOP)
        .bottom(MARGIN_BOTTOM)
        .left(MARGIN_LEFT)
        .right(MARGIN_RIGHT)
        .header(HEADER_DISTANCE)
        .footer(HEADER_DISTANCE)
        .gutter(0)
}

/// A new document with the styles, default font and portrait page set.
pub fn new_document() -> Docx {
    let mut docx = Docx::new()
        .default_fonts(styles::default_fonts())
        .default_size(styles::BODY_SIZE);
    for spec in styles::STYLES {
        docx = docx.add_style(styles::build(spec));
    }
    docx.page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(margins())
        .header(page_number_header())
        .first_header(first_page_header())
}

/// "Phụ lục", its title and the italic line tying it to the report (Phụ lục I:
/// appendix of a document).
pub fn appendix_heading() -> Vec<Paragraph> {
    vec![
        para(id::APPENDIX, "Phụ lục"),
        para(id::APPENDIX_TITLE, "{{ appendix.title }}"),
        para(
            id::APPENDIX_NOTE,
            "(Kèm theo Báo cáo số {{ doc.symbol }} {{ doc.date | vn_date }} của {{ appendix.issued_by }})",
        ),
    ]
}

/// Grid columns the unit-name cell spans. The template engine shares a table's width
/// equally among its grid columns once `{%tc %}` has repeated the indicator cells, so
/// the name gets this many shares and STT and each indicator one.
const NAME_SPAN: usize = 3;
/// Grid columns of the template's table: STT, the name's span, and the three cells of
/// the indicator loop (`{%tc for %}`, the value, `{%tc endfor %}`).
const APPENDIX_GRID_COLUMNS: usize = 1 + NAME_SPAN + 3;

/// The per-unit table: STT | unit | one column per indicator (`{%tc for %}`), the rows
/// (`{%tr for u in units %}`), and the total row; as wide as the landscape text.
pub fn appendix_table() -> Table {
    let column = LANDSCAPE_TEXT_WIDTH as usize / APPENDIX_GRID_COLUMNS;
    let row = |cells: [(&str, &str); 5]| {
        TableRow::new(
            cells
                .into_iter()
                .enumerate()
                .map(|(i, (style, text))| {
                    let span = if i == 1 { NAME_SPAN } else { 1 };
                    let c = cell(column * span, vec![para(style, text)]);
                    if span > 1 { c.grid_span(span) } else { c }
                })
                .collect(),
        )
    };
    let tag_row = |tag: &str| {
        row([
            (id::TABLE_CELL, ""),
            (id::TABLE_NAME, tag),
            (id::TABLE_CELL, ""),
            (id::TABLE_CELL, ""),
            (id::TABLE_CELL, ""),
        ])
    };
    let rows = vec![
        row([
            (id::TABLE_HEAD, "STT"),
            (id::TABLE_HEAD, "Đơn vị"),
            (id::TABLE_HEAD, "{%tc for ind in indicators %}"),
            (id::TABLE_HEAD, "{{ ind.label }} ({{ ind.unit }})"),
            (id::TABLE_HEAD, "{%tc endfor %}"),
        ]),
        tag_row("{%tr for u in units %}"),
        row([
            (id::TABLE_CELL, "{{ u.stt }}"),
            (id::TABLE_NAME, "{{ u.name }}"),
            (id::TABLE_CELL, "{%tc for ind in indicators %}"),
            (id::TABLE_CELL, "{{ u.values[ind.code] }}"),
            (id::TABLE_CELL, "{%tc endfor %}"),
        ]),
        tag_row("{%tr endfor %}"),
        row([
            (id::TABLE_TOTAL, ""),
            (id::TABLE_TOTAL, "Tổng cộng"),
            (id::TABLE_TOTAL, "{%tc for ind in indicators %}"),
            (id::TABLE_TOTAL, "{{ totals[ind.code] }}"),
            (id::TABLE_TOTAL, "{%tc endfor %}"),
        ]),
    ];
    let grid = vec![column; APPENDIX_GRID_COLUMNS];
    Table::new(rows)
        .set_grid(grid)
        .width(column * APPENDIX_GRID_COLUMNS, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .align(TableAlignmentType::Center)
}

/// The legend under the appendix table: one paragraph per line of
/// `appendix.legend` (what "-" and the footnote marks of rejected figures mean);
/// nothing when the table has no mark.
pub fn appendix_legend() -> Vec<Paragraph> {
    vec![
        para(id::TABLE_LEGEND, "{%p for line in appendix.legend %}"),
        para(id::TABLE_LEGEND, "{{ line }}"),
        para(id::TABLE_LEGEND, "{%p endfor %}"),
    ]
}

/// The header block of any document (Phụ lục I, ô 1–4), in two rows so that
/// `Số:` is level with the date line however many lines the names take: superior
/// bodies (0, 1 or 2) and the issuing body with its rule | national title and motto
/// with its rule; then the number and a công văn's `V/v …` | place and date. The
/// widths of the columns are set after filling, from the names
/// (`vanban::van_ban::layout`).
pub fn document_header() -> Table {
    let left_top = cell(
        HEADER_LEFT,
        vec![
            para(id::SUPERIOR, "{%p for s in header.superiors %}"),
            para(id::SUPERIOR, "{{ s }}"),
            para(id::SUPERIOR, "{%p endfor %}"),
            para(id::ISSUER, "{{ header.issuer }}"),
            para(id::ISSUER_RULE, ""),
        ],
    );
    let right_top = cell(
        HEADER_RIGHT,
        vec![
            para(id::NATIONAL, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            para(id::MOTTO, "Độc lập - Tự do - Hạnh phúc"),
            para(id::MOTTO_RULE, ""),
        ],
    );
    let left_bottom = cell(
        HEADER_LEFT,
        vec![
            para(id::NUMBER, "{{ doc.number_line }}"),
            para(id::ABOUT, "{%p if doc.vv %}"),
            para(id::ABOUT, "{{ doc.vv }}"),
            para(id::ABOUT, "{%p endif %}"),
        ],
    );
    let right_bottom = cell(
        HEADER_RIGHT,
        vec![para(id::PLACE_DATE, "{{ doc.date_line }}")],
    );
    borderless(
        vec![
            TableRow::new(vec![left_top, right_top]),
            TableRow::new(vec![left_bottom, right_bottom]),
        ],
        vec![HEADER_LEFT, HEADER_RIGHT],
        HEADER_INDENT,
    )
}

/// The draft mark, type name, summary with its rule (only when there is a summary),
/// the note under it, `Kính gửi:` (one line, or a list) and a decision's authority
/// line.
pub fn document_title() -> Vec<Paragraph> {
    vec![
        para(id::DRAFT, "{%p if doc.draft %}"),
        para(id::DRAFT, "DỰ THẢO"),
        para(id::DRAFT, "{%p endif %}"),
        para(id::TYPE, "{%p if doc.type_name %}"),
        para(id::TYPE, "{{ doc.type_name }}"),
        para(id::TYPE, "{%p endif %}"),
        para(id::SUMMARY, "{%p if doc.summary %}"),
        para(id::SUMMARY, "{{ doc.summary }}"),
        para(id::SUMMARY, "{%p endif %}"),
        para(id::SUMMARY_NOTE, "{%p if doc.note %}"),
        para(id::SUMMARY_NOTE, "{{ doc.note }}"),
        para(id::SUMMARY_NOTE, "{%p endif %}"),
        para(id::SUMMARY_RULE, "{%p if doc.summary or doc.type_name %}"),
        para(id::SUMMARY_RULE, ""),
        para(id::SUMMARY_RULE, "{%p endif %}"),
        para(id::ADDRESSEE, "{%p if doc.kinh_gui_line %}"),
        para(id::ADDRESSEE, "{{ doc.kinh_gui_line }}"),
        para(id::ADDRESSEE, "{%p endif %}"),
        para(id::ADDRESSEE_ITEM, "{%p if doc.kinh_gui_list %}"),
        para(id::ADDRESSEE_ITEM, "Kính gửi:"),
        para(id::ADDRESSEE_ITEM, "{%p for k in doc.kinh_gui_list %}"),
        para(id::ADDRESSEE_ITEM, "- {{ k }}"),
        para(id::ADDRESSEE_ITEM, "{%p endfor %}"),
        para(id::ADDRESSEE_ITEM, "{%p endif %}"),
        para(id::ISSUING_AUTHORITY, "{%p if doc.authority %}"),
        para(id::ISSUING_AUTHORITY, "{{ doc.authority }}"),
        para(id::ISSUING_AUTHORITY, "{%p endif %}"),
    ]
}

/// `Nơi nhận:` and its items, nested ones indented.
fn recipients_list() -> Vec<Paragraph> {
    vec![
        para(id::RECIPIENTS_TITLE, "{%p if noi_nhan %}"),
        para(id::RECIPIENTS_TITLE, "Nơi nhận:"),
        para(id::RECIPIENT, "{%p for r in noi_nhan %}"),
        para(id::RECIPIENT, "{%p if r.depth == 0 %}"),
        para(id::RECIPIENT, "{{ r.text }}"),
        para(id::RECIPIENT, "{%p else %}"),
        para(id::RECIPIENT_SUB, "{{ r.text }}"),
        para(id::RECIPIENT, "{%p endif %}"),
        para(id::RECIPIENT, "{%p endfor %}"),
        para(id::RECIPIENT, "{%p endif %}"),
    ]
}

/// One signature block `s`: its authority and title lines, room for the signature
/// and seal, the signer's name.
fn signature_lines() -> Vec<Paragraph> {
    vec![
        para(id::SIGN_LINE, "{%p for l in s.lines %}"),
        para(id::SIGN_LINE, "{{ l }}"),
        para(id::SIGN_LINE, "{%p endfor %}"),
        para(id::SIGNER, "{{ s.name }}"),
    ]
}

/// The signature area: with one signature block, recipients | signature side by
/// side; with more (a joint document), the blocks side by side and the recipients
/// under them.
pub fn document_signatures() -> Vec<BodyPart> {
    let mut single_right = vec![para(id::SIGN_LINE, "{%p for s in signatures %}")];
    single_right.extend(signature_lines());
    single_right.push(para(id::SIGN_LINE, "{%p endfor %}"));
    let mut left = recipients_list();
    left.push(para(id::RECIPIENT, ""));
    let single = borderless(
        vec![TableRow::new(vec![
            cell(SIGN_LEFT, left),
            cell(SIGN_RIGHT, single_right),
        ])],
        vec![SIGN_LEFT, SIGN_RIGHT],
        0,
    );
    let third = (SIGN_LEFT + SIGN_RIGHT) / 3;
    let joint = borderless(
        vec![TableRow::new(vec![
            cell(
                third,
                vec![para(id::SIGN_LINE, "{%tc for s in signatures %}")],
            ),
            cell(third, signature_lines()),
            cell(third, vec![para(id::SIGN_LINE, "{%tc endfor %}")]),
        ])],
        vec![third; 3],
        0,
    );
    let mut out = vec![
        BodyPart::P(Box::new(para(
            id::RECIPIENT,
            "{%p if sign_area and not joint %}",
        ))),
        BodyPart::T(Box::new(single)),
        BodyPart::P(Box::new(para(id::RECIPIENT, "{%p endif %}"))),
        BodyPart::P(Box::new(para(id::RECIPIENT, "{%p if joint %}"))),
        BodyPart::T(Box::new(joint)),
    ];
    out.extend(
        recipients_list()
            .into_iter()
            .map(|p| BodyPart::P(Box::new(p))),
    );
    out.push(BodyPart::P(Box::new(para(id::RECIPIENT, "{%p endif %}"))));
    out
}

/// The appendices of a document (`appendices`), each on a new page: "Phụ lục" (or
/// "Phụ lục I"), its title, the italic line tying it to the document, its body.
pub fn document_appendices() -> Vec<BodyPart> {
    let mut out = vec![
        BodyPart::P(Box::new(para(id::APPENDIX, "{%p for ap in appendices %}"))),
        BodyPart::P(Box::new(
            Paragraph::new()
                .style(id::APPENDIX)
                .add_run(Run::new().add_break(docx_rs::BreakType::Page)),
        )),
        BodyPart::P(Box::new(para(id::APPENDIX, "{{ ap.label }}"))),
        BodyPart::P(Box::new(para(id::APPENDIX_TITLE, "{%p if ap.title %}"))),
        BodyPart::P(Box::new(para(id::APPENDIX_TITLE, "{{ ap.title }}"))),
        BodyPart::P(Box::new(para(id::APPENDIX_TITLE, "{%p endif %}"))),
        BodyPart::P(Box::new(para(id::APPENDIX_NOTE, "{{ ap.note }}"))),
    ];
    out.extend(body_with_tables_of("ap.body"));
    out.push(BodyPart::P(Box::new(para(id::APPENDIX, "{%p endfor %}"))));
    out
}

/// Gives the first section the page-number headers of the last one: docx-rs 0.4.22
/// loses a section's first-page header when it also has a default one, so the
/// references are copied here, in the patch step.
pub fn share_headers_with_first_section(document: &mut Element) {
    let Some(body) = document.child_mut("w:body") else {
        return;
    };
    let Some(refs) = body.child("w:sectPr").map(|s| {
        s.child_elements("w:headerReference")
            .cloned()
            .collect::<Vec<_>>()
    }) else {
        return;
    };
    for child in body.elements_mut().filter(|e| e.name() == "w:p") {
        if let Some(sect) = child
            .child_mut("w:pPr")
            .and_then(|ppr| ppr.child_mut("w:sectPr"))
        {
            sect.children
                .retain(|n| !matches!(n, Node::Element(e) if e.name() == "w:headerReference"));
            for r in refs.iter().rev() {
                sect.children.insert(0, Node::Element(r.clone()));
            }
            sect.empty = sect.children.is_empty();
        }
    }
}

/// Marks the first row of the last table of the body as a header row repeated on
/// every page.
pub fn mark_last_table_header_row(document: &mut Element) {
    let Some(body) = document.child_mut("w:body") else {
        return;
    };
    if let Some(table) = body.elements_mut().filter(|e| e.name() == "w:tbl").last()
        && let Some(row) = table.child_mut("w:tr")
    {
        mark_header_row(row);
    }
}

/// Marks the first row of every table whose first row is in the table-heading style
/// as a header row repeated on every page.
pub fn mark_body_table_header_rows(document: &mut Element) {
    let Some(body) = document.child_mut("w:body") else {
        return;
    };
    for table in body.elements_mut().filter(|e| e.name() == "w:tbl") {
        let mut heading = false;
        if let Some(row) = table.child("w:tr") {
            row.walk(&mut |e| {
                if e.name() == "w:pStyle" && e.attr("w:val").as_deref() == Some(id::TABLE_HEAD) {
                    heading = true;
                }
            });
        }
        if heading && let Some(row) = table.child_mut("w:tr") {
            mark_header_row(row);
        }
    }
}

/// Why packaging a built document failed (a bug in this crate).
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    /// A part docx-rs wrote could not be read back.
    #[error("{part}: {source}")]
    Xml {
        /// The part.
        part: String,
        /// The parser's complaint.
        source: xml::XmlError,
    },
    /// Writing the zip failed.
    #[error("writing the package: {0}")]
    Zip(String),
}

/// A hook that patches one parsed part before it is written: the part's name and its
/// root element.
pub type Patch<'a> = &'a dyn Fn(&str, &mut Element);

/// Builds the package: every XML part is read back, patched, stripped of the ids
/// docx-rs draws from process-wide counters, put in schema order and written into a
/// zip with fixed timestamps, so the same code always yields the same bytes.
pub fn package(docx: Docx, patch: Patch<'_>) -> Result<Vec<u8>, PackError> {
    let built = docx.build();
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), built.content_type),
        ("_rels/.rels".into(), built.rels),
        ("docProps/app.xml".into(), built.doc_props.app),
        ("docProps/core.xml".into(), built.doc_props.core),
        ("docProps/custom.xml".into(), built.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), built.document_rels),
        ("word/document.xml".into(), built.document),
        ("word/styles.xml".into(), built.styles),
        ("word/settings.xml".into(), built.settings),
        ("word/fontTable.xml".into(), built.font_table),
        ("word/comments.xml".into(), built.comments),
        ("word/commentsExtended.xml".into(), built.comments_extended),
        ("word/footnotes.xml".into(), built.footnotes),
    ];
    // docx-rs writes a relationships part per header and footer slot, even unused
    // ones; only the headers' own parts are kept (they hold no relationships).
    for (i, h) in built.headers.into_iter().enumerate() {
        parts.push((format!("word/header{}.xml", i + 1), h));
    }
    parts.push(("word/theme/theme1.xml".into(), THEME.to_vec()));

    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let max_depth = vanban::limits::Limits::default().max_xml_depth;
    for (name, bytes) in parts {
        let xml_err = |source| PackError::Xml {
            part: name.clone(),
            source,
        };
        let text = String::from_utf8(bytes).map_err(|e| {
            xml_err(xml::XmlError {
                position: e.utf8_error().valid_up_to() as u64,
                reason: e.to_string(),
                limit: None,
            })
        })?;
        let mut nodes = xml::parse(&text, max_depth).map_err(xml_err)?;
        // The declaration and the root element: docx-rs's line break after the
        // declaration goes, like all white space between elements below.
        nodes.retain(|n| matches!(n, Node::Element(_) | Node::Raw(_)));
        let Some(root) = xml::root_mut(&mut nodes) else {
            return Err(xml_err(xml::XmlError {
                position: 0,
                reason: "no root element".into(),
                limit: None,
            }));
        };
        drop_layout_whitespace(root);
        strip_volatile(root);
        fix_package_references(&name, root);
        patch(&name, root);
        schema::normalise(root);
        escape_text_as_docx_rs(root);
        zip.start_file(name.as_str(), options)
            .map_err(|e| PackError::Zip(e.to_string()))?;
        zip.write_all(xml::to_string(&nodes).as_bytes())
            .map_err(|e| PackError::Zip(e.to_string()))?;
    }
    zip.finish().map_err(|e| PackError::Zip(e.to_string()))?;
    Ok(out.into_inner())
}

/// The theme part Word expects beside the document (colours and fonts: Times New
/// Roman for both theme fonts).
const THEME: &[u8] = include_bytes!("theme1.xml");

/// Adds the theme's content type and relationship. The templates use no list
/// numbering (the outline numbers its own paragraphs), so docx-rs's default
/// `numbering.xml` is not written; its content type and its relationship go with it. (That part also put `w:rPr` inside `w:pPr`, which the
/// schema does not allow.)
fn fix_package_references(part: &str, root: &mut Element) {
    match part {
        "[Content_Types].xml" => {
            let mut theme = Element::new(
                "Override PartName=\"/word/theme/theme1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\"",
            );
            theme.empty = true;
            root.push(theme);
        }
        "word/_rels/document.xml.rels" => root.push(Element::new(
            "Relationship Id=\"rIdTheme1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme\" Target=\"theme/theme1.xml\"",
        )),
        _ => {}
    }
    match part {
        "[Content_Types].xml" => root.children.retain(|n| {
            !matches!(n, Node::Element(e) if e.attr("PartName").as_deref() == Some("/word/numbering.xml"))
        }),
        "word/_rels/document.xml.rels" => root.children.retain(|n| {
            !matches!(n, Node::Element(e) if e.attr("Target").as_deref() == Some("numbering.xml"))
        }),
        _ => {}
    }
}

/// Elements whose text is content even when it is only spaces.
const TEXT_ELEMENTS: &[&str] = &["w:t", "w:instrText", "w:delText"];

/// Removes the white space docx-rs writes between elements and before the end of
/// an empty tag (`<w:b />`): it carries no meaning in these parts, and the schema
/// order pass would otherwise gather it at the end of each element. An element left
/// without children is written as `<x/>`.
fn drop_layout_whitespace(root: &mut Element) {
    root.walk_mut(&mut |e| {
        let tag = e.raw.trim_end().len();
        e.raw.truncate(tag);
        if !TEXT_ELEMENTS.contains(&e.name()) {
            e.children
                .retain(|n| !matches!(n, Node::Text(t) if t.trim().is_empty()));
        }
        if e.children.is_empty() {
            e.empty = true;
        }
    });
}

/// Hands text to the writer escaped the way docx-rs escaped it (`&quot;`, `&apos;`
/// and `&#xA;` besides what XML requires), so the committed templates stay byte
/// for byte what this code has always built; the engine's writer escapes only
/// what XML requires.
fn escape_text_as_docx_rs(root: &mut Element) {
    root.walk_mut(&mut |e| {
        for n in &mut e.children {
            if let Node::Text(t) = n {
                let mut escaped = String::with_capacity(t.len());
                for c in t.chars() {
                    match c {
                        '&' => escaped.push_str("&amp;"),
                        '<' => escaped.push_str("&lt;"),
                        '>' => escaped.push_str("&gt;"),
                        '"' => escaped.push_str("&quot;"),
                        '\'' => escaped.push_str("&apos;"),
                        '\n' => escaped.push_str("&#xA;"),
                        c => escaped.push(c),
                    }
                }
                *n = Node::Raw(escaped);
            }
        }
    });
}

/// Removes what docx-rs draws from counters or the clock (paragraph ids, the creation
/// and modification dates) and the attributes it writes where the schema has none.
fn strip_volatile(root: &mut Element) {
    root.walk_mut(&mut |e| {
        e.retain_attrs(|k| k != "w14:paraId" && k != "w14:textId");
        // docx-rs writes `w:type` on grid columns, which CT_TblGridCol does not have.
        if e.name() == "w:gridCol" {
            e.retain_attrs(|k| k == "w:w");
        }
        if matches!(e.name(), "dcterms:created" | "dcterms:modified") {
            e.children = vec![Node::Text("2017-01-01T00:00:00Z".into())];
            e.empty = false;
        }
    });
}

/// Marks a table row as a header row repeated on every page (`w:trPr/w:tblHeader`),
/// which docx-rs 0.4.22 cannot express.
pub fn mark_header_row(row: &mut Element) {
    let tr_pr = row.child_or_insert("w:trPr");
    if tr_pr.child("w:tblHeader").is_none() {
        tr_pr.push(Element::new("w:tblHeader"));
    }
}
