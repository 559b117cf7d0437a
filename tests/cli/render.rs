//! Tests of `vanban render`: fixture templates built the way Word writes them, run
//! through the real binary, outputs compared as extracted text and opened by
//! LibreOffice.

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;
use pretty_assertions::assert_eq;
use serde_json::json;
use vanban::docx::fixture::{
    self, Docx, clean_xml, p, p_with, part, picture_run, r, rb, table, text_of, word_split,
};

use crate::common::{Env, repo_root};

/// One fixture: a template, its data and the text the output must have.
pub struct Fixture {
    pub name: &'static str,
    pub doc: Docx,
    pub data: serde_json::Value,
    pub body_text: &'static str,
}

/// A 40×20 red PNG.
const LOGO_PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAACgAAAAUCAIAAABwJOjsAAAAJElEQVR4nGM4ISc3IIhh1OJRi0ctHrV41OJRi0ctHrV45FgMAFLhLK5mrmiuAAAAAElFTkSuQmCC";

/// A 20×10 gray PNG: the template's placeholder picture.
const GRAY_PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAABQAAAAKCAIAAAA7N+mxAAAAE0lEQVR4nGNYQAFgGNU8qpkQAADjhHcQ2rxKZAAAAABJRU5ErkJggg==";

fn numbered(t: &str) -> String {
    p_with(
        r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>"#,
        &r(t),
    )
}

/// The fixture templates kept (with their document.xml) in tests/fixtures/templates.
pub fn fixtures() -> Vec<Fixture> {
    vec![
        Fixture {
            name: "split-runs",
            doc: Docx::new(
                [
                    p(&rb("CÔNG ĐOÀN {{ ten_cap_tren | upper }}")),
                    p(&word_split("Kính gửi: {|{ ten_|don_vi }|}")),
                    p(&word_split(
                        "Ngày {{ ngay }}, {{ \u{201C}số\u{201D} ~ so_|van_ban }}",
                    )),
                    p(&format!(
                        "{}{}{}",
                        r("Người ký: {{ nguoi"),
                        rb("_ky"),
                        r(" }}.")
                    )),
                ]
                .concat(),
            ),
            data: json!({"ten_cap_tren": "Liên đoàn Lao động huyện", "ten_don_vi": "CĐCS Trường THCS Tân Lập", "ngay": "22/6/2017", "so_van_ban": "05/KH-LĐLĐ", "nguoi_ky": "Nguyễn Văn A"}),
            body_text: "CÔNG ĐOÀN LIÊN ĐOÀN LAO ĐỘNG HUYỆN\nKính gửi: CĐCS Trường THCS Tân Lập\nNgày 22/6/2017, số05/KH-LĐLĐ\nNgười ký: Nguyễn Văn A.\n",
        },
        Fixture {
            name: "table-rows",
            doc: Docx::new(table(
                &[800, 5000, 2000],
                &[
                    vec![p(&rb("TT")), p(&rb("Đơn vị")), p(&rb("Số đoàn viên"))],
                    vec![p(&r("{%tr for u in units %}"))],
                    vec![
                        p(&r("{{ loop.index }}")),
                        p(&word_split("{{ u.|ten }}")),
                        p(&r("{{ u.so }}")),
                    ],
                    vec![p(&r("{%tr endfor %}"))],
                    vec![p(&rb("")), p(&rb("Tổng")), p(&rb("{{ tong }}"))],
                ],
            )),
            data: json!({"units": [{"ten": "CĐCS Xã A", "so": 25}, {"ten": "CĐCS Trường B", "so": 40}], "tong": 65}),
            body_text: "TT | Đơn vị | Số đoàn viên\n1 | CĐCS Xã A | 25\n2 | CĐCS Trường B | 40\n | Tổng | 65\n",
        },
        Fixture {
            name: "headers-footers",
            doc: Docx::new(p(&r("Nội dung {{ so }}")))
                .header(p(&word_split("LĐLĐ {|{ huyen }|}")))
                .footer(p(&r("Trang của {{ don_vi }}")))
                .footnote(p(&r("Chú thích: {{ ghi_chu }}")))
                .title("Kế hoạch {{ nam }}"),
            data: json!({"so": 5, "huyen": "Tân Lập", "don_vi": "Văn phòng", "ghi_chu": "số liệu đến 27/7", "nam": 2017}),
            body_text: "Nội dung 5\nGhi chú\n",
        },
        Fixture {
            name: "nested-loops",
            doc: Docx::new(
                [
                    p(&r("Nhiệm vụ:")),
                    p(&r("{%p for u in units %}")),
                    p(&rb("{{ u.ten }}{{ restart_numbering() }}")),
                    p(&r("{%p for t in u.tasks %}")),
                    numbered("{{ t }}"),
                    p(&r("{%p endfor %}")),
                    p(&r("{%p endfor %}")),
                    p(&r("Hết.")),
                ]
                .concat(),
            )
            .numbered_list(),
            data: json!({"units": [{"ten": "Tổ 1", "tasks": ["Tuyên truyền", "Vận động"]}, {"ten": "Tổ 2", "tasks": ["Báo cáo"]}]}),
            body_text: "Nhiệm vụ:\nTổ 1\nTuyên truyền\nVận động\nTổ 2\nBáo cáo\nHết.\n",
        },
        Fixture {
            name: "column-in-row",
            doc: Docx::new(table(
                &[3000, 1500, 1500, 1500],
                &[
                    vec![
                        p(&rb("Đơn vị")),
                        p(&r("{%tc for q in quarters %}")),
                        p(&rb("Quý {{ q }}")),
                        p(&r("{%tc endfor %}")),
                    ],
                    vec![p(&r("{%tr for u in units %}"))],
                    vec![
                        p(&r("{{ u.ten }}")),
                        p(&r("{%tc for q in quarters %}")),
                        p(&r("{{ u.so[loop.index0] }}")),
                        p(&r("{%tc endfor %}")),
                    ],
                    vec![p(&r("{%tr endfor %}"))],
                ],
            )),
            data: json!({"quarters": [1, 2, 3, 4], "units": [{"ten": "A", "so": [1, 2, 3, 4]}, {"ten": "B", "so": [5, 6, 7, 8]}]}),
            body_text: "Đơn vị | Quý 1 | Quý 2 | Quý 3 | Quý 4\nA | 1 | 2 | 3 | 4\nB | 5 | 6 | 7 | 8\n",
        },
        Fixture {
            name: "empty-loops",
            doc: Docx::new(
                [
                    p(&r("Trước")),
                    table(
                        &[3000],
                        &[
                            vec![p(&r("{%tr for u in units %}"))],
                            vec![p(&r("{{ u }}"))],
                            vec![p(&r("{%tr endfor %}"))],
                        ],
                    ),
                    table(
                        &[3000, 3000],
                        &[vec![
                            [
                                p(&r("{%p for u in units %}")),
                                p(&r("{{ u }}")),
                                p(&r("{%p endfor %}")),
                            ]
                            .concat(),
                            p(&r("Ô bên")),
                        ]],
                    ),
                    p(&r("Sau")),
                ]
                .concat(),
            ),
            data: json!({"units": []}),
            body_text: "Trước\n | Ô bên\nSau\n",
        },
        Fixture {
            name: "escaping",
            doc: Docx::new([p(&r("[{{ v }}]")), p(&r("{{ dia_chi }}"))].concat()),
            data: json!({"v": "  A & B <c>\td  ", "dia_chi": "Số 1\nĐường 2\u{B}"}),
            body_text: "[  A & B <c>\td  ]\nSố 1⏎Đường 2\n",
        },
        // Issue 15 (a, b): line, paragraph and page breaks from the data (docxtpl's
        // `\n`, `\a`, `\f`), and delimiters printed as text (`{_{ … }_}`).
        Fixture {
            name: "breaks-and-escapes",
            doc: Docx::new(
                [
                    p_with(
                        r#"<w:jc w:val="both"/>"#,
                        &[r("Ý kiến: "), rb("{{ y_kien }}")].concat(),
                    ),
                    p(&word_split(
                        "Cú pháp: {|_{ ten_|bien }_|}, {_% if dieu_kien %_}",
                    )),
                ]
                .concat(),
            ),
            data: json!({"y_kien": "Đồng ý.\nBổ sung:\u{7}1. Kinh phí\u{c}2. Thời gian"}),
            body_text: "Ý kiến: Đồng ý.⏎Bổ sung:\n1. Kinh phí⏎2. Thời gian\nCú pháp: {{ ten_bien }}, {% if dieu_kien %}\n",
        },
        // Issue 15 (c): `{%-` and `-%}` join paragraphs, as docxtpl reads them.
        Fixture {
            name: "whitespace-control",
            doc: Docx::new(
                [
                    p_with(
                        r#"<w:jc w:val="both"/>"#,
                        &word_split("Thành phần: {|% for u in don_vi -|%}"),
                    ),
                    p(&word_split(
                        "{{ u.ten }}{% if not loop.last %}|, {% endif %}",
                    )),
                    p(&rb("{%- endfor %}")),
                    p(&r("Kinh phí")),
                    p(&word_split(
                        "{%- if |co_kinh_phi %}: {{ |kinh_phi }}{% endif %}.",
                    )),
                ]
                .concat(),
            ),
            data: json!({"don_vi": [{"ten": "CĐCS Xã A"}, {"ten": "CĐCS Xã B"}], "co_kinh_phi": true, "kinh_phi": "12 triệu đồng"}),
            body_text: "Thành phần: CĐCS Xã A, CĐCS Xã B\nKinh phí: 12 triệu đồng.\n",
        },
        // Issue 15 (e): `{% vm %}`, `{% hm %}` and `{% cellbg %}` in table cells.
        Fixture {
            name: "table-cells",
            doc: Docx::new(table(
                &[2200, 2800, 1500, 1500],
                &[
                    vec![
                        p(&rb("Khối")),
                        p(&rb("Đơn vị")),
                        p(&r("{%tc for q in quys %}")),
                        p(&word_split("Đoàn viên{|% hm %}")),
                        p(&r("{%tc endfor %}")),
                    ],
                    vec![
                        p(&r("")),
                        p(&r("")),
                        p(&r("{%tc for q in quys %}")),
                        p(&r("Quý {{ q }}")),
                        p(&r("{%tc endfor %}")),
                    ],
                    vec![p(&r("{%tr for u in don_vi %}"))],
                    vec![
                        p(&word_split("{{ u.khoi }}{|% vm %}")),
                        p(&word_split("{{ u.ten }}{% cellbg |u.mau %}")),
                        p(&r("{%tc for q in quys %}")),
                        p(&r("{{ u.so[loop.index0] }}")),
                        p(&r("{%tc endfor %}")),
                    ],
                    vec![p(&r("{%tr endfor %}"))],
                ],
            )),
            data: json!({
                "quys": [1, 2],
                "don_vi": [
                    {"khoi": "Hành chính", "ten": "CĐ Văn phòng", "mau": "FFF2CC", "so": [12, 13]},
                    {"khoi": "Hành chính", "ten": "CĐ Tài chính", "mau": "", "so": [8, 8]},
                    {"khoi": "Sự nghiệp", "ten": "CĐ Trường A", "mau": "DEEAF6", "so": [30, 31]}
                ]
            }),
            body_text: "Khối | Đơn vị | Đoàn viên\n |  | Quý 1 | Quý 2\nHành chính | CĐ Văn phòng | 12 | 13\n | CĐ Tài chính | 8 | 8\nSự nghiệp | CĐ Trường A | 30 | 31\n",
        },
        // Issue 15 (g): pictures from the data, in a paragraph and in a row loop.
        Fixture {
            name: "pictures",
            doc: Docx::new(
                [
                    p_with(r#"<w:jc w:val="center"/>"#, &word_split("{|{r lo|go }}")),
                    table(
                        &[3000, 3000],
                        &[
                            vec![p(&rb("Đơn vị")), p(&rb("Biểu trưng"))],
                            vec![p(&r("{%tr for u in don_vi %}"))],
                            vec![p(&r("{{ u.ten }}")), p(&r("{{r u.logo }}"))],
                            vec![p(&r("{%tr endfor %}"))],
                        ],
                    ),
                ]
                .concat(),
            ),
            data: json!({
                "logo": {"image": format!("data:image/png;base64,{LOGO_PNG}"), "width": "6cm", "description": "Biểu trưng"},
                "don_vi": [
                    {"ten": "CĐCS A", "logo": {"image": LOGO_PNG, "height": "0.5cm"}},
                    {"ten": "CĐCS B", "logo": {"image": LOGO_PNG, "width": "40px"}}
                ]
            }),
            body_text: "\nĐơn vị | Biểu trưng\nCĐCS A | \nCĐCS B | \n",
        },
        // Issue 15: a sub-document (`subdoc-appendix.docx`, as Word writes one) in
        // place of a `{{p }}` tag split by Word; the template has its own heading
        // style, list and picture under the ids the sub-document uses too.
        Fixture {
            name: "subdoc",
            doc: Docx::new(
                [
                    p_with(r#"<w:pStyle w:val="Heading1"/>"#, &r("KẾ HOẠCH")),
                    numbered("Mục đích"),
                    numbered("Yêu cầu"),
                    p(&picture_run("Logo", 540_000, 270_000)),
                    p(&word_split("{{p phu_|luc }}")),
                    p(&r("Hết.")),
                ]
                .concat(),
            )
            .styles(fixture::word_styles(r#"<w:b/><w:sz w:val="28"/>"#))
            .numbered_list()
            .picture(
                base64::engine::general_purpose::STANDARD
                    .decode(GRAY_PNG)
                    .unwrap(),
            ),
            data: json!({"phu_luc": {"subdoc": "subdoc-appendix.docx"}}),
            body_text: "KẾ HOẠCH\nMục đích\nYêu cầu\n\nPHỤ LỤC\nDanh sách công đoàn cơ sở {{ không phải thẻ }}\nTrường Tiểu học Tân Lập\nTrường THCS Tân Lập\nGhi chú: số liệu đến 30/6\n\nTrang ngang\nHết.\n",
        },
        // Issue 15 (g): a picture of the template, its Alt Text `{{ anh_dai_dien }}`,
        // replaced by the data's picture in the same box.
        Fixture {
            name: "picture-placeholder",
            doc: Docx::new(
                [
                    p(&word_split("Họ tên: {{ ho_|ten }}")),
                    p(&picture_run("{{ anh_dai_dien }}", 1_080_000, 540_000)),
                ]
                .concat(),
            )
            .picture(
                base64::engine::general_purpose::STANDARD
                    .decode(GRAY_PNG)
                    .unwrap(),
            ),
            data: json!({
                "ho_ten": "Nguyễn Văn A",
                "anh_dai_dien": {"image": LOGO_PNG}
            }),
            body_text: "Họ tên: Nguyễn Văn A\n\n",
        },
        // Issue 15 (d): rich text from the data, `{{r }}` runs and `{{p }}` paragraphs.
        Fixture {
            name: "rich-text",
            doc: Docx::new(
                [
                    p(&word_split("Kính gửi: {|{r nguoi_|nhan }|}")),
                    p_with(r#"<w:jc w:val="both"/>"#, &word_split("{|{p noi_|dung }}")),
                    p(&r("Hết.")),
                ]
                .concat(),
            ),
            data: json!({
                "nguoi_nhan": [
                    "Ông ",
                    {"text": "Nguyễn Văn A", "bold": true, "color": "C00000"},
                    ", ",
                    {"text": "cổng thông tin", "url": "https://congdoan.vn"}
                ],
                "noi_dung": [
                    {"style": "Heading1", "text": "I. Mục đích"},
                    {"runs": [
                        "Nội dung ",
                        {"text": "in nghiêng", "italic": true},
                        ", ",
                        {"text": "gạch chân", "underline": "double"},
                        ", ",
                        {"text": "tô vàng", "highlight": "yellow"},
                        ", ",
                        {"text": "cỡ 16 Arial", "size": 16, "font": "Arial"},
                        ", H",
                        {"text": "2", "subscript": true},
                        "O\nxuống dòng."
                    ]},
                    {"text": "Căn giữa", "align": "center"}
                ]
            }),
            body_text: "Kính gửi: Ông Nguyễn Văn A, cổng thông tin\nI. Mục đích\nNội dung in nghiêng, gạch chân, tô vàng, cỡ 16 Arial, H2O⏎xuống dòng.\nCăn giữa\nHết.\n",
        },
    ]
}

fn fixtures_dir() -> PathBuf {
    repo_root().join("tests/fixtures/templates")
}

/// The committed fixtures are what the builder makes (run with
/// `VANBAN_UPDATE_FIXTURES=1` to rewrite them after changing the builder).
#[test]
fn committed_fixtures_match_the_builder() {
    let update = std::env::var_os("VANBAN_UPDATE_FIXTURES").is_some();
    for f in fixtures() {
        let docx = fixtures_dir().join(format!("{}.docx", f.name));
        let xml = fixtures_dir().join(format!("{}.document.xml", f.name));
        let data = fixtures_dir().join(format!("{}.json", f.name));
        let want_xml = f.doc.document_xml();
        let want_data = serde_json::to_string_pretty(&f.data).unwrap() + "\n";
        if update {
            std::fs::create_dir_all(fixtures_dir()).unwrap();
            std::fs::write(&docx, f.doc.build()).unwrap();
            std::fs::write(&xml, &want_xml).unwrap();
            std::fs::write(&data, &want_data).unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(&xml).unwrap_or_default(),
            want_xml,
            "{} is stale: run VANBAN_UPDATE_FIXTURES=1 cargo test --test cli render",
            xml.display()
        );
        assert_eq!(
            std::fs::read_to_string(&data).unwrap_or_default(),
            want_data
        );
        let committed = std::fs::read(&docx).unwrap_or_default();
        assert_eq!(part(&committed, "word/document.xml"), Some(want_xml));
    }
    // The sub-document the `subdoc` fixture inserts, with its styles beside it.
    let built = appendix().build();
    for (file, entry) in [
        ("subdoc-appendix.document.xml", "word/document.xml"),
        ("subdoc-appendix.styles.xml", "word/styles.xml"),
        ("subdoc-appendix.numbering.xml", "word/numbering.xml"),
    ] {
        let want = part(&built, entry).unwrap();
        if update {
            std::fs::write(fixtures_dir().join(file), &want).unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(fixtures_dir().join(file)).unwrap_or_default(),
            want,
            "{file} is stale: run VANBAN_UPDATE_FIXTURES=1 cargo test --test cli render"
        );
    }
    let docx = fixtures_dir().join("subdoc-appendix.docx");
    if update {
        std::fs::write(&docx, &built).unwrap();
    }
    assert_eq!(std::fs::read(&docx).unwrap_or_default(), built);
}

/// The sub-document of the `subdoc` fixture: an appendix as Word writes one.
fn appendix() -> Docx {
    fixture::appendix(
        base64::engine::general_purpose::STANDARD
            .decode(LOGO_PNG)
            .unwrap(),
    )
}

/// Converts documents to PDF in one LibreOffice call; returns the PDFs, or `None`
/// (with a note) when LibreOffice is absent and not required.
pub fn to_pdf(files: &[PathBuf], out_dir: &Path) -> Option<Vec<PathBuf>> {
    let have = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        if std::env::var_os("VANBAN_REQUIRE_LIBREOFFICE").is_some() {
            panic!(
                "LibreOffice (soffice) is required (VANBAN_REQUIRE_LIBREOFFICE is set) but not found"
            );
        }
        eprintln!("note: soffice not found; skipping the LibreOffice check");
        return None;
    }
    let profile = out_dir.join("lo-profile");
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(out_dir)
        .args(files)
        .output()
        .expect("run soffice");
    let pdfs: Vec<PathBuf> = files
        .iter()
        .map(|f| out_dir.join(f.with_extension("pdf").file_name().unwrap()))
        .collect();
    for (f, pdf) in files.iter().zip(&pdfs) {
        let size = std::fs::metadata(pdf).map(|m| m.len()).unwrap_or(0);
        assert!(
            size > 0,
            "LibreOffice could not open {} (status {:?}, stderr {})",
            f.display(),
            status.status,
            String::from_utf8_lossy(&status.stderr)
        );
    }
    Some(pdfs)
}

/// Converts documents of a test folder to PDF in one LibreOffice call and fails if
/// any does not convert.
fn opens_in_libreoffice(env: &Env, rel: &[&str]) {
    let files: Vec<PathBuf> = rel.iter().map(|r| env.path(r)).collect();
    let dir = env.path("pdf");
    std::fs::create_dir_all(&dir).unwrap();
    to_pdf(&files, &dir);
}

fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn fixtures_render_to_the_expected_text_and_open_in_libreoffice() {
    let env = Env::new();
    // The file the `subdoc` fixture's data names.
    env.write("subdoc-appendix.docx", appendix().build());
    let mut outputs = Vec::new();
    for f in fixtures() {
        env.write(&format!("{}.docx", f.name), f.doc.build());
        env.write(
            &format!("{}.json", f.name),
            serde_json::to_vec(&f.data).unwrap(),
        );
        let out = format!("out/{}.docx", f.name);
        let run = env.run(&[
            "render",
            &format!("{}.docx", f.name),
            &format!("{}.json", f.name),
            "-o",
            &out,
        ]);
        run.expect_status(0);
        assert_eq!(run.stdout, format!("wrote {out}\n"));
        let bytes = env.read(&out);
        let body = text_of(&part(&bytes, "word/document.xml").unwrap());
        assert_eq!(body, f.body_text, "{}", f.name);
        outputs.push(env.path(&out));
    }
    // Values escaped, tab and line break as Word elements, U+000B dropped, spaces kept.
    let xml = clean_xml(&part(&env.read("out/escaping.docx"), "word/document.xml").unwrap());
    let body = &xml[xml.find("<w:body>").unwrap()..xml.find("<w:sectPr>").unwrap()];
    assert_eq!(
        body,
        concat!(
            r#"<w:body><w:p><w:r><w:t xml:space="preserve">[  A &amp; B &lt;c&gt;</w:t><w:tab/>"#,
            r#"<w:t xml:space="preserve">d  ]</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">Số 1</w:t>"#,
            r#"<w:br/><w:t xml:space="preserve">Đường 2</w:t></w:r></w:p>"#,
        )
    );

    // A template LibreOffice made itself (see tests/fixtures/templates/README.md).
    let lo_template = fixtures_dir().join("libreoffice-made.docx");
    let lo_data = fixtures_dir().join("libreoffice-made.json");
    let lo_out = env.path("out/libreoffice-made.docx");
    env.run(&[
        "render",
        lo_template.to_str().unwrap(),
        lo_data.to_str().unwrap(),
        "-o",
        lo_out.to_str().unwrap(),
    ])
    .expect_status(0);
    assert_eq!(
        text_of(&part(&std::fs::read(&lo_out).unwrap(), "word/document.xml").unwrap()),
        "LIÊN ĐOÀN LAO ĐỘNG HUYỆN TÂN LẬP\nKính gửi: CĐCS Xã A\n1. Tổ 1 – 12 đoàn viên\n2. Tổ 2 – 7 đoàn viên\n\
         TT | Đơn vị\n1 | Tổ 1\n2 | Tổ 2\nNgày “22/6/2017”, tổng: tổng 19\n"
    );
    outputs.push(lo_out);

    // Headers, footers, notes and properties of the headers-footers fixture.
    let bytes = env.read("out/headers-footers.docx");
    let part_text = |name: &str| text_of(&part(&bytes, name).unwrap());
    assert_eq!(part_text("word/header1.xml"), "LĐLĐ Tân Lập\n");
    assert_eq!(part_text("word/footer1.xml"), "Trang của Văn phòng\n");
    assert!(part_text("word/footnotes.xml").contains("Chú thích: số liệu đến 27/7"));
    assert!(
        part(&bytes, "docProps/core.xml")
            .unwrap()
            .contains("<dc:title>Kế hoạch 2017</dc:title>")
    );

    // The template's placeholder picture now shows the data's.
    let bytes = env.read("out/picture-placeholder.docx");
    let body = part(&bytes, "word/document.xml").unwrap();
    assert!(
        body.contains(r#"<a:blip r:embed="rIdVanbanImage1">"#),
        "{body}"
    );
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut stored = Vec::new();
    std::io::Read::read_to_end(
        &mut zip.by_name("word/media/vanban-document-1.png").unwrap(),
        &mut stored,
    )
    .unwrap();
    assert_eq!(
        stored,
        base64::engine::general_purpose::STANDARD
            .decode(LOGO_PNG)
            .unwrap()
    );

    let pdf_dir = env.path("pdf");
    std::fs::create_dir_all(&pdf_dir).unwrap();
    if let Some(pdfs) = to_pdf(&outputs, &pdf_dir) {
        let text = pdf_text(&pdfs[0]);
        assert!(
            text.contains("Kính gửi: CĐCS Trường THCS Tân Lập"),
            "{text}"
        );
        // The restarted list numbers 1, 2 then 1 again.
        let nested = pdf_text(&pdfs[3]);
        let squashed: String = nested.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            squashed.contains("Tổ 1 1. Tuyên truyền 2. Vận động Tổ 2 1. Báo cáo"),
            "{squashed}"
        );
    }
}

#[test]
fn missing_variable_error_is_verbatim_and_nothing_is_written() {
    let env = Env::new();
    env.write(
        "t.docx",
        Docx::new(
            [
                p(&r("Số: 05")),
                p(&word_split("Kính gửi: {{ ten_|don_vi }}")),
            ]
            .concat(),
        )
        .build(),
    );
    env.write("d.json", r#"{"nam": 2017}"#);
    let run = env.run(&["render", "t.docx", "d.json", "-o", "out.docx"]);
    run.expect_status(1);
    assert_eq!(
        run.stderr,
        "error: `ten_don_vi` is not in the data\n  at: template `t.docx` › body › paragraph 2 › tag `{{ ten_don_vi }}`\n     | Kính gửi: ▶{{ ten_don_vi }}◀\n  caused by: the data has no `ten_don_vi`; the names there are: nam\n"
    );
    assert!(!env.path("out.docx").exists());
}

#[test]
fn lenient_warns_and_renders_empty() {
    let env = Env::new();
    env.write("t.docx", Docx::new(p(&r("[{{ ten }}]"))).build());
    env.write("d.json", "{}");
    let run = env.run(&["render", "t.docx", "d.json", "-o", "out.docx", "--lenient"]);
    run.expect_status(0);
    assert_eq!(
        run.stderr,
        "warning: `ten` is not in the data; rendered empty\n  at: template `t.docx` › body › paragraph 1 › tag `{{ ten }}`\n     | [▶{{ ten }}◀]\n"
    );
    assert_eq!(
        text_of(&part(&env.read("out.docx"), "word/document.xml").unwrap()),
        "[]\n"
    );
    opens_in_libreoffice(&env, &["out.docx"]);
}

#[test]
fn lenient_keeps_defaults_and_leaves_a_filtered_missing_value_empty() {
    let env = Env::new();
    env.write(
        "t.docx",
        Docx::new(
            [
                p(&r(r#"[{{ unknowvar | default(value="Testé") }}]"#)),
                p(&r(
                    "{% if unknowvar is defined %}có{% else %}không{% endif %}",
                )),
                p(&r("{% set y = missing | default(value=3) %}[{{ y }}]")),
                p(&r("[{{ x | vn_number }}][{{ n | vn_number }}]")),
                p(&r("A {% raw %}{{ test }}{% endraw %} B")),
            ]
            .concat(),
        )
        .build(),
    );
    env.write("d.json", r#"{"n": 1234.5}"#);
    let run = env.run(&["render", "t.docx", "d.json", "-o", "out.docx", "--lenient"]);
    run.expect_status(0);
    assert_eq!(
        text_of(&part(&env.read("out.docx"), "word/document.xml").unwrap()),
        "[Testé]\nkhông\n[3]\n[][1.234,5]\nA {{ test }} B\n"
    );
    assert_eq!(
        run.stderr,
        "warning: `x` is not in the data; rendered empty\n  at: template `t.docx` › body › paragraph 4 › tag `{{ x | vn_number }}`\n     | [▶{{ x | vn_number }}◀][{{ n | vn_number }}]\n"
    );
}

#[test]
fn a_rich_text_value_of_the_wrong_shape_is_named_in_both_languages() {
    let env = Env::new();
    env.write("t.docx", Docx::new(p(&r("Kính gửi: {{r ten }}"))).build());
    env.write("d.json", r#"{"ten": [{"text": "A", "color": "đỏ"}]}"#);
    let run = env.run(&["render", "t.docx", "d.json", "-o", "out.docx"]);
    run.expect_status(1);
    assert_eq!(
        run.stderr,
        "error: cannot fill this tag: `[0].color` in the rich text value should be a colour as six hexadecimal digits (C00000)\n  at: template `t.docx` › body › paragraph 1 › tag `{{r ten }}`\n     | Kính gửi: ▶{{r ten }}◀\n"
    );
    let run = env.run_vi(&["render", "t.docx", "d.json", "-o", "out.docx"]);
    assert_eq!(
        run.stderr,
        "lỗi: chưa điền được thẻ này: `[0].color` trong giá trị chữ định dạng phải là mã màu gồm sáu chữ số hệ mười sáu (C00000)\n  vị trí: tệp mẫu `t.docx` › phần thân văn bản › đoạn 1 › thẻ `{{r ten }}`\n     | Kính gửi: ▶{{r ten }}◀\n"
    );
    assert!(!env.path("out.docx").exists());
}

#[test]
fn pictures_named_by_path_are_read_beside_the_data() {
    let env = Env::new();
    env.write("t.docx", Docx::new(p(&r("{{r logo }}"))).build());
    let png = base64::engine::general_purpose::STANDARD
        .decode(LOGO_PNG)
        .unwrap();
    env.write("data/anh/logo.png", &png);
    env.write(
        "data/d.json",
        r#"{"logo": {"image": "anh/logo.png", "width": "2cm"}}"#,
    );
    let run = env.run(&["render", "t.docx", "data/d.json", "-o", "out.docx"]);
    run.expect_status(0);
    let out = env.read("out.docx");
    let xml = part(&out, "word/document.xml").unwrap();
    assert!(
        xml.contains(r#"<wp:extent cx="720000" cy="360000"/>"#),
        "{xml}"
    );
    // Its Alt Text, the data giving none: the file's name.
    assert!(xml.contains(r#"descr="logo.png""#), "{xml}");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&out)).unwrap();
    let mut stored = Vec::new();
    std::io::Read::read_to_end(
        &mut zip.by_name("word/media/vanban-document-1.png").unwrap(),
        &mut stored,
    )
    .unwrap();
    assert_eq!(stored, png);
    opens_in_libreoffice(&env, &["out.docx"]);
    // A picture that is not there is said by its path.
    env.write("data/d.json", r#"{"logo": {"image": "anh/khong-co.png"}}"#);
    let run = env.run(&["render", "t.docx", "data/d.json", "-o", "out.docx"]);
    run.expect_status(1);
    assert!(run.stderr.contains("khong-co.png"), "{}", run.stderr);
    // A picture outside the data's folder is never read, whatever it is.
    env.write("bi-mat.png", &png);
    for outside in ["../bi-mat.png", "anh/../../bi-mat.png"] {
        env.write(
            "data/d.json",
            format!(r#"{{"logo": {{"image": "{outside}"}}}}"#),
        );
        let run = env.run_vi(&["render", "t.docx", "data/d.json", "-o", "leak.docx"]);
        run.expect_status(1);
        assert!(
            run.stderr.contains("nằm ngoài thư mục của tệp dữ liệu"),
            "{}",
            run.stderr
        );
        assert!(!env.path("leak.docx").exists());
    }
    let absolute = env.path("bi-mat.png");
    env.write(
        "data/d.json",
        serde_json::json!({"logo": {"image": absolute.to_str().unwrap()}}).to_string(),
    );
    let run = env.run(&["render", "t.docx", "data/d.json", "-o", "leak.docx"]);
    run.expect_status(1);
    assert!(!env.path("leak.docx").exists());
}

#[test]
fn several_syntax_errors_are_listed_with_their_places() {
    let env = Env::new();
    env.write(
        "t.docx",
        Docx::new(
            [
                p(&r("{{ a + }}")),
                table(
                    &[3000],
                    &[vec![p(&r("{%tr for x in rows %}"))], vec![p(&r("{{ x }}"))]],
                ),
            ]
            .concat(),
        )
        .build(),
    );
    env.write("d.json", "{}");
    let run = env.run(&["render", "t.docx", "d.json", "-o", "out.docx"]);
    run.expect_status(1);
    assert_eq!(
        run.stderr,
        "error: syntax error in this tag\n  at: template `t.docx` › body › paragraph 1 › tag `{{ a + }}`\n     | ▶{{ a + }}◀\n  caused by: found `}}` where one of: integer, float, string, bool, ident, `-`, `not`, `<`, `{`, `[` or `(` was expected\n\
         error: `{%tr for x in rows %}` is never closed: add `{%tr endfor %}` where the block ends\n  at: template `t.docx` › body › table 1, row 1, cell 1 › paragraph 2 › tag `{%tr for x in rows %}`\n     | ▶{%tr for x in rows %}◀\n"
    );
}

#[test]
fn data_that_is_not_an_object_is_refused() {
    let env = Env::new();
    env.write("t.docx", Docx::new(p(&r("x"))).build());
    env.write("d.json", "[1, 2]");
    let run = env.run(&["render", "t.docx", "d.json", "-o", "out.docx"]);
    run.expect_status(1);
    assert_eq!(
        run.stderr,
        "error: the data must be a JSON object { \"name\": value, … }, but this is an array (for one document per item, use --each)\n  at: file `d.json`\n"
    );
    env.write("bad.json", "{\"a\": 1,}");
    let run = env.run(&["render", "t.docx", "bad.json", "-o", "out.docx"]);
    run.expect_status(1);
    assert_eq!(
        run.stderr,
        "error: `bad.json` is not valid JSON (line 1, column 9); check the commas, brackets and quotes there\n"
    );
}

#[test]
fn get_env_is_not_available_to_templates() {
    let env = Env::new();
    env.write(
        "t.docx",
        Docx::new(p(&r("{{ get_env(name=\"HOME\") }}"))).build(),
    );
    env.write("d.json", "{}");
    let run = env.run(&["render", "t.docx", "d.json", "-o", "out.docx"]);
    run.expect_status(1);
    assert_eq!(
        run.stderr,
        "error: syntax error in this tag\n  at: template `t.docx` › body › paragraph 1 › tag `{{ get_env(name=\"HOME\") }}`\n     | ▶{{ get_env(name=\"HOME\") }}◀\n  caused by: there is no function `get_env`\n"
    );
    assert!(!env.path("out.docx").exists());
}

#[test]
fn output_is_deterministic_atomic_and_never_over_an_input() {
    let env = Env::new();
    let template = Docx::new(p(&r("{{ a }}"))).header(p(&r("{{ a }}"))).build();
    env.write("t.docx", &template);
    env.write("d.json", r#"{"a": "x"}"#);
    env.run(&["render", "t.docx", "d.json", "-o", "a.docx"])
        .expect_status(0);
    env.run(&["render", "t.docx", "d.json", "-o", "b.docx"])
        .expect_status(0);
    assert_eq!(env.read("a.docx"), env.read("b.docx"));

    // Refuses to write over the template or the data, even spelled differently.
    for target in ["t.docx", "./d.json"] {
        let run = env.run(&["render", "t.docx", "d.json", "-o", target]);
        run.expect_status(1);
        assert_eq!(
            run.stderr,
            format!(
                "error: refusing to write `{target}`: it is one of the inputs (choose another output path).\n"
            )
        );
    }
    assert_eq!(env.read("t.docx"), template);

    // A failed render leaves an existing output as it was, and no temporary file.
    env.write("bad.json", r#"{"b": 1}"#);
    env.run(&["render", "t.docx", "bad.json", "-o", "a.docx"])
        .expect_status(1);
    assert_eq!(env.read("a.docx"), env.read("b.docx"));
    let mut names: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["a.docx", "b.docx", "bad.json", "d.json", "t.docx"]);
    opens_in_libreoffice(&env, &["a.docx"]);
}

#[test]
fn mail_merge_into_one_document_puts_each_row_on_its_own_page() {
    let env = Env::new();
    env.write(
        "giay-moi.docx",
        Docx::new(
            [
                p_with(r#"<w:jc w:val="center"/>"#, &rb("GIẤY MỜI")),
                p(&word_split("Kính gửi: {{ |ten }} ({{ nam }})")),
            ]
            .concat(),
        )
        .build(),
    );
    env.write("chung.json", r#"{"nam": 2017}"#);
    env.write(
        "rows.json",
        serde_json::to_vec(&json!([
            {"ten": "CĐCS A"},
            {"ten": "CĐCS B"},
            {"ma": "09"},
            {"ten": "CĐCS C"},
        ]))
        .unwrap(),
    );
    let run = env.run(&[
        "render",
        "giay-moi.docx",
        "chung.json",
        "--each",
        "rows.json",
        "--one-document",
        "-o",
        "out/tat-ca.docx",
    ]);
    run.expect_status(1);
    assert_eq!(
        run.stdout,
        "wrote out/tat-ca.docx; rejected 1 row\n  error: `ten` is not in the data\n      at: file `rows.json` › item 3\n         | Kính gửi: ▶{{ ten }}◀ ({{ nam }})\n      caused by: the data has no `ten`; the names there are: ma, nam\n"
    );
    let xml = part(&env.read("out/tat-ca.docx"), "word/document.xml").unwrap();
    assert_eq!(
        text_of(&xml),
        "GIẤY MỜI\nKính gửi: CĐCS A (2017)\nGIẤY MỜI\nKính gửi: CĐCS B (2017)\nGIẤY MỜI\nKính gửi: CĐCS C (2017)\n"
    );
    assert_eq!(
        xml.matches(r#"<w:pPr><w:pageBreakBefore/><w:jc w:val="center"/></w:pPr>"#)
            .count(),
        2,
        "{xml}"
    );
    // Only the one document is written.
    let files: Vec<String> = std::fs::read_dir(env.path("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, ["tat-ca.docx"]);
    // --one-document needs --each, and names no documents per row.
    let run = env.run(&[
        "render",
        "giay-moi.docx",
        "chung.json",
        "--one-document",
        "-o",
        "x.docx",
    ]);
    run.expect_status(1);
    assert_eq!(
        run.stderr,
        "error: --one-document only makes sense with --each (every row into one document)\n"
    );
}

#[test]
fn render_pdf_writes_the_pdf_beside_the_document_and_one_page_per_row() {
    let have = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        assert!(
            std::env::var_os("VANBAN_REQUIRE_LIBREOFFICE").is_none(),
            "LibreOffice (soffice) is required but not found"
        );
        eprintln!("note: soffice not found; skipping the PDF check");
        return;
    }
    let env = Env::new();
    env.write("t.docx", Docx::new(p(&r("Kính gửi: {{ ten }}"))).build());
    env.write("d.json", r#"{"ten": "Ban Thường vụ"}"#);
    let run = env.run(&["render", "t.docx", "d.json", "-o", "out.docx", "--pdf"]);
    run.expect_status(0);
    assert_eq!(run.stdout, "wrote out.docx\nwrote out.pdf\n");
    assert!(pdf_text(&env.path("out.pdf")).contains("Kính gửi: Ban Thường vụ"));

    env.write("rows.json", r#"[{"ten": "A"}, {"ten": "B"}, {"ten": "C"}]"#);
    let run = env.run(&[
        "render",
        "t.docx",
        "--each",
        "rows.json",
        "--one-document",
        "-o",
        "all.docx",
        "--pdf",
    ]);
    run.expect_status(0);
    assert_eq!(
        run.stdout,
        "wrote all.docx; rejected 0 rows\nwrote all.pdf\n"
    );
    let text = pdf_text(&env.path("all.pdf"));
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(pages.len(), 3, "{text}");
    assert!(pages[2].contains("Kính gửi: C"), "{text}");
}

#[test]
fn mail_merge_from_json_names_files_safely_and_reports_rejected_rows() {
    let env = Env::new();
    env.write(
        "giay-moi.docx",
        Docx::new(p(&r("Kính gửi: {{ ten }} ({{ nam }})"))).build(),
    );
    env.write("chung.json", r#"{"nam": 2017}"#);
    env.write(
        "rows.json",
        serde_json::to_vec(&json!([
            {"ma": "07", "ten": "CĐCS A"},
            {"ma": "07", "ten": "CĐCS B"},
            {"ma": "../CON", "ten": "CĐCS C"},
            {"ma": "09"},
            "not a row",
        ]))
        .unwrap(),
    );
    let run = env.run(&[
        "render",
        "giay-moi.docx",
        "chung.json",
        "--each",
        "rows.json",
        "--name",
        "{{ ma }}-giay-moi",
        "-o",
        "out",
    ]);
    run.expect_status(1);
    assert_eq!(
        run.stdout,
        "wrote 3 documents to out; rejected 2 rows\n  error: `ten` is not in the data\n      at: file `rows.json` › item 4\n         | Kính gửi: ▶{{ ten }}◀ ({{ nam }})\n      caused by: the data has no `ten`; the names there are: ma, nam\n  error: this row is not a JSON object (it is a string); each item must be {\"field\": value, …}\n      at: file `rows.json` › item 5\n"
    );
    let mut files: Vec<String> = std::fs::read_dir(env.path("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "07-giay-moi-2.docx",
            "07-giay-moi.docx",
            "CON-giay-moi.docx"
        ]
    );
    let text = text_of(&part(&env.read("out/07-giay-moi-2.docx"), "word/document.xml").unwrap());
    assert_eq!(text, "Kính gửi: CĐCS B (2017)\n");
    opens_in_libreoffice(
        &env,
        &[
            "out/07-giay-moi-2.docx",
            "out/07-giay-moi.docx",
            "out/CON-giay-moi.docx",
        ],
    );
}

#[test]
fn mail_merge_from_xlsx_uses_the_first_sheet_and_nfc_headers() {
    let env = Env::new();
    // Tera names are ASCII: a header "Tên đơn vị" is also reachable as `ten_don_vi`.
    env.write(
        "t.docx",
        Docx::new(p(&r("{{ ten_don_vi }}: {{ so }}"))).build(),
    );
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Te\u{302}n đơn vị").unwrap();
    sheet.write_string(0, 1, "so").unwrap();
    for (i, (name, n)) in [("Tổ 1", 3.0), ("Tổ 2", 4.5)].iter().enumerate() {
        sheet.write_string(i as u32 + 1, 0, *name).unwrap();
        sheet.write_number(i as u32 + 1, 1, *n).unwrap();
    }
    env.write("rows.xlsx", book.save_to_buffer().unwrap());
    let run = env.run(&[
        "render",
        "t.docx",
        "--each",
        "rows.xlsx",
        "--name",
        "{{ ten_don_vi }}",
        "-o",
        "out",
    ]);
    run.expect_status(0);
    assert_eq!(run.stdout, "wrote 2 documents to out; rejected 0 rows\n");
    let text = text_of(&part(&env.read("out/Tổ 2.docx"), "word/document.xml").unwrap());
    assert_eq!(text, "Tổ 2: 4.5\n");
    opens_in_libreoffice(&env, &["out/Tổ 1.docx", "out/Tổ 2.docx"]);
}

#[test]
fn a_mail_merge_never_replaces_a_document_unless_told_to() {
    let env = Env::new();
    env.write("t.docx", Docx::new(p(&r("Kính gửi: {{ ten }}"))).build());
    env.write("rows.json", r#"[{"ten": "A"}, {"ten": "B"}]"#);
    let args = ["render", "t.docx", "--each", "rows.json", "-o", "out"];
    env.run(&args).expect_status(0);
    env.write("out/t-01.docx", b"edited by hand");
    let again = env.run(&args);
    again.expect_status(1);
    assert!(
        again
            .stdout
            .contains("wrote 0 documents to out; rejected 2 rows")
            && again
                .stdout
                .contains("already exists; not replaced (use --overwrite to replace it)"),
        "{}",
        again.stdout
    );
    assert_eq!(env.read("out/t-01.docx"), b"edited by hand");
    let mut with_flag = args.to_vec();
    with_flag.push("--overwrite");
    env.run(&with_flag).expect_status(0);
    assert_ne!(env.read("out/t-01.docx"), b"edited by hand");
}

/// A value holding characters XML 1.0 forbids (a NUL, U+FFFE) would make a part
/// Word and LibreOffice refuse; they are dropped, and the document opens.
#[test]
fn characters_xml_forbids_never_reach_the_output() {
    let env = Env::new();
    env.write("t.docx", Docx::new(p(&r("Tên: {{ x }}"))).build());
    env.write("d.json", "{\"x\": \"A\\u0000B\\ufffeC\\u0001D\"}");
    env.run(&["render", "t.docx", "d.json", "-o", "out.docx"])
        .expect_status(0);
    let xml = part(&env.read("out.docx"), "word/document.xml").unwrap();
    assert_eq!(text_of(&xml), "Tên: ABCD\n");
    assert!(!xml.contains('\u{0}') && !xml.contains('\u{FFFE}') && !xml.contains('\u{1}'));
    opens_in_libreoffice(&env, &["out.docx"]);
}

/// Every `w:numId` a part uses is a list instance of `numbering.xml` whose
/// abstract list exists.
fn lists_are_consistent(docx: &[u8], xml: &str) {
    let numbering = crate::common::docx_part(docx, "word/numbering.xml");
    let abstracts: Vec<String> = numbering
        .child_elements("w:abstractNum")
        .filter_map(|a| a.attr("w:abstractNumId"))
        .collect();
    let nums: std::collections::BTreeMap<String, String> = numbering
        .child_elements("w:num")
        .filter_map(|n| {
            Some((
                n.attr("w:numId")?,
                n.child("w:abstractNumId")?.attr("w:val")?,
            ))
        })
        .collect();
    let mut unique = abstracts.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), abstracts.len(), "{abstracts:?}");
    for (i, m) in xml.match_indices("<w:numId w:val=\"") {
        let rest = &xml[i + m.len()..];
        let id = &rest[..rest.find('"').unwrap()];
        let abs = nums
            .get(id)
            .unwrap_or_else(|| panic!("numId {id} is not defined"));
        assert!(abstracts.contains(abs), "abstract {abs} of {id}");
    }
}

#[test]
fn a_sub_document_named_by_path_joins_the_package_whole() {
    let env = Env::new();
    std::fs::create_dir_all(env.path("data/phu-luc")).unwrap();
    std::fs::copy(fixtures_dir().join("subdoc.docx"), env.path("t.docx")).unwrap();
    std::fs::copy(
        fixtures_dir().join("subdoc-appendix.docx"),
        env.path("data/phu-luc/danh-sach.docx"),
    )
    .unwrap();
    env.write(
        "data/d.json",
        r#"{"phu_luc": {"subdoc": "phu-luc/danh-sach.docx"}}"#,
    );
    let run = env.run(&["render", "t.docx", "data/d.json", "-o", "out.docx"]);
    run.expect_status(0);
    let out = env.read("out.docx");
    let body = part(&out, "word/document.xml").unwrap();
    assert!(text_of(&body).contains("PHỤ LỤC\nDanh sách công đoàn cơ sở"));
    // Styles: the template's heading stays; the sub-document's, which differs, is
    // copied under a new id and name; the styles the template lacks are copied.
    let styles = crate::common::docx_part(&out, "word/styles.xml");
    let ids: Vec<String> = styles
        .child_elements("w:style")
        .filter_map(|s| s.attr("w:styleId"))
        .collect();
    assert_eq!(
        ids,
        [
            "Normal",
            "DefaultParagraphFont",
            "Heading1",
            "Heading1Sub1",
            "TrichYeu",
            "TrichYeuChar",
            "Nhan"
        ]
    );
    for (i, m) in body.match_indices("Style w:val=\"") {
        let rest = &body[i + m.len()..];
        let id = &rest[..rest.find('"').unwrap()];
        assert!(ids.iter().any(|s| s == id), "style {id} is not defined");
    }
    let copied = styles
        .child_elements("w:style")
        .find(|s| s.attr("w:styleId").as_deref() == Some("Heading1Sub1"))
        .unwrap();
    assert_eq!(
        copied.child("w:name").unwrap().attr("w:val").as_deref(),
        Some("Heading1Sub1")
    );
    // Lists: the sub-document's list is a new instance of a new abstract list.
    lists_are_consistent(&out, &body);
    assert!(body.contains(r#"<w:numId w:val="2"/>"#), "{body}");
    // Pictures: each relationship the body uses names a part of the package.
    let rels = crate::common::docx_part(&out, "word/_rels/document.xml.rels");
    let targets: std::collections::BTreeMap<String, String> = rels
        .child_elements("Relationship")
        .filter_map(|r| Some((r.attr("Id")?, r.attr("Target")?)))
        .collect();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&out)).unwrap();
    let mut embeds = 0;
    for (i, m) in body.match_indices("r:embed=\"") {
        let rest = &body[i + m.len()..];
        let id = &rest[..rest.find('"').unwrap()];
        let target = targets
            .get(id)
            .unwrap_or_else(|| panic!("{id} has no relationship"));
        assert!(zip.by_name(&format!("word/{target}")).is_ok(), "{target}");
        embeds += 1;
    }
    assert_eq!(embeds, 2);
    let mut stored = Vec::new();
    std::io::Read::read_to_end(
        &mut zip
            .by_name("word/media/vanban-document-sub1-1.png")
            .unwrap(),
        &mut stored,
    )
    .unwrap();
    assert_eq!(
        stored,
        base64::engine::general_purpose::STANDARD
            .decode(LOGO_PNG)
            .unwrap()
    );
    // The template's page, not the sub-document's landscape one.
    assert_eq!(body.matches("<w:sectPr").count(), 1);
    assert!(!body.contains("landscape"));
    // `check --data` reads the sub-document as `render` does.
    let run = env.run(&["check", "t.docx", "--data", "data/d.json"]);
    run.expect_status(0);
    // All rows in one document: each row's lists and the sub-document's start at
    // 1 again, on instances of their own; pictures and bookmarks stay unique.
    env.write(
        "data/rows.json",
        r#"[{"phu_luc": {"subdoc": "phu-luc/danh-sach.docx"}}, {"phu_luc": {"subdoc": "phu-luc/danh-sach.docx"}}]"#,
    );
    env.run(&[
        "render",
        "t.docx",
        "--each",
        "data/rows.json",
        "--one-document",
        "-o",
        "one.docx",
    ])
    .expect_status(0);
    let one = env.read("one.docx");
    let one_body = part(&one, "word/document.xml").unwrap();
    lists_are_consistent(&one, &one_body);
    let nums: Vec<&str> = one_body
        .match_indices("<w:numId w:val=\"")
        .map(|(i, m)| {
            let rest = &one_body[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert_eq!(nums, ["1", "1", "2", "2", "3", "3", "4", "4"]);
    assert_eq!(one_body.matches("r:embed=\"").count(), 4);
    opens_in_libreoffice(&env, &["out.docx", "one.docx"]);
    if let Some(audit) = crate::van_ban::openxml_audit() {
        // The test builder's packages are minimal (no settings, fonts or theme
        // part, which the validator asks for): the output may have no finding the
        // template has not.
        let findings = |file: &str| -> Vec<String> {
            let out = Command::new(&audit)
                .args(["-o", "json"])
                .arg(env.path(file))
                .output()
                .expect("openxml-audit");
            let report: serde_json::Value = serde_json::from_slice(&out.stdout)
                .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
            report[0]["errors"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|e| format!("{} {}", e["part_uri"], e["description"]))
                .collect()
        };
        let template = findings("t.docx");
        for output in ["out.docx", "one.docx"] {
            let output = findings(output);
            let new: Vec<&String> = output.iter().filter(|f| !template.contains(f)).collect();
            assert!(new.is_empty(), "{new:#?}");
        }
    }
    // A sub-document outside the data's folder is never read.
    env.write("bi-mat.docx", env.read("t.docx"));
    env.write(
        "data/d.json",
        r#"{"phu_luc": {"subdoc": "../bi-mat.docx"}}"#,
    );
    let run = env.run(&["render", "t.docx", "data/d.json", "-o", "leak.docx"]);
    run.expect_status(1);
    assert_eq!(
        run.stderr,
        format!(
            "error: the Word file `../bi-mat.docx` is outside the data file's folder (`data`); sub-documents are read only from that folder and its sub-folders. Copy it there and give a relative path, e.g. `phu-luc/danh-sach.docx`\n"
        )
    );
    assert!(!env.path("leak.docx").exists());
    // A file that is not a Word document is named at its tag.
    env.write("data/phu-luc/hong.docx", "PK không phải zip");
    env.write(
        "data/d.json",
        r#"{"phu_luc": {"subdoc": "phu-luc/hong.docx"}}"#,
    );
    let run = env.run(&["render", "t.docx", "data/d.json", "-o", "leak.docx"]);
    run.expect_status(1);
    assert!(
        run.stderr
            .contains("`subdoc` in the rich text value should be a Word file (.docx)"),
        "{}",
        run.stderr
    );
    assert!(!env.path("leak.docx").exists());
}
