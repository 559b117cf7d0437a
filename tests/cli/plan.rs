//! Tests of `vanban plan` and `vanban init`: the sample's plan against the reference
//! text, its layout read back from the XML, the PDF LibreOffice makes of it, errors
//! with their locations, template overrides and determinism.

use pretty_assertions::assert_eq;
use vanban::docx::fixture::paragraphs;
use vanban::docx::xml::{self, Element};

use crate::common::{Env, repo_root};

fn sample_dir() -> std::path::PathBuf {
    repo_root().join("samples/dan-van-2017")
}

/// Copies the sample campaign into `env/<name>/`, passing each file through `edit`.
fn copy_sample(env: &Env, name: &str, edit: impl Fn(&str, String) -> String) {
    for file in ["campaign.json", "ke-hoach.txt", "bao-cao.txt"] {
        let text = std::fs::read_to_string(sample_dir().join(file)).unwrap();
        env.write(&format!("{name}/{file}"), edit(file, text));
    }
}

/// The sample copied as `name`, with `from` replaced by `to` (once) in `file`.
fn copy_sample_edited(env: &Env, name: &str, file: &str, from: &str, to: &str) {
    copy_sample(env, name, |f, text| {
        if f == file {
            assert!(text.contains(from), "{from:?} not in {file}");
            text.replacen(from, to, 1)
        } else {
            text
        }
    });
}

fn part(docx: &[u8], name: &str) -> Element {
    crate::common::docx_part(docx, name)
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every paragraph's style and text, a line break read as a space (the header's
/// names are broken into lines).
fn paragraphs_spaced(root: &Element) -> Vec<(String, String)> {
    let mut out = Vec::new();
    root.walk(&mut |p| {
        if p.name() != "w:p" {
            return;
        }
        let mut text = String::new();
        p.walk(&mut |e| match e.name() {
            "w:t" => {
                for n in &e.children {
                    if let xml::Node::Text(t) = n {
                        text.push_str(t);
                    }
                }
            }
            "w:br" => text.push(' '),
            _ => {}
        });
        let style = paragraphs(p)
            .into_iter()
            .next()
            .map(|(s, _)| s)
            .unwrap_or_default();
        out.push((style, text));
    });
    out
}

/// The non-empty paragraphs of the document body, white space normalised.
fn texts(docx: &[u8]) -> Vec<String> {
    paragraphs_spaced(&part(docx, "word/document.xml"))
        .into_iter()
        .map(|(_, t)| normalise(&t))
        .filter(|t| !t.is_empty())
        .collect()
}

/// Style id of the first paragraph whose text starts with `start`.
fn style_of(docx: &[u8], start: &str) -> String {
    paragraphs_spaced(&part(docx, "word/document.xml"))
        .into_iter()
        .find(|(_, t)| normalise(t).starts_with(start))
        .map(|(s, _)| s)
        .unwrap_or_else(|| panic!("no paragraph starts with {start:?}"))
}

fn plan_of(env: &Env, campaign: &str) -> Vec<u8> {
    env.run(&["plan", campaign, "-o", "out.docx"])
        .expect_status(0);
    env.read("out.docx")
}

#[test]
fn plan_of_the_sample_reads_like_the_reference_paragraph_by_paragraph() {
    let env = Env::new();
    let docx = plan_of(&env, sample_dir().to_str().unwrap());
    let reference =
        std::fs::read_to_string(sample_dir().join("reference/ke-hoach-dan-van-2017.txt"))
            .expect("the reference plan");
    // The reference numbers section III's items `1-`, `2-`; the tool renumbers them
    // in the standard form `1.`, `2.` (documented in the README).
    let item_dash = |line: String| match line.split_once("- ") {
        Some((n, rest)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => {
            format!("{n}. {rest}")
        }
        _ => line,
    };
    let mut expected: Vec<String> = [
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH TÂY NINH",
        "LIÊN ĐOÀN LAO ĐỘNG HUYỆN MẪU",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        // The number and the date line share the header's second row, level.
        "Số: 05/KH-LĐLĐ",
        "Mẫu, ngày 28 tháng 6 năm 2017",
    ]
    .map(String::from)
    .to_vec();
    expected.extend(
        reference
            .lines()
            .map(normalise)
            .filter(|l| !l.is_empty())
            .map(item_dash),
    );
    expected.extend(["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Nguyễn Văn Mẫu"].map(String::from));
    assert_eq!(texts(&docx), expected);
}

#[test]
fn figures_derived_from_dates_follow_the_campaign_year() {
    let env = Env::new();
    copy_sample(&env, "c2018", |file, text| {
        if file == "campaign.json" {
            text.replace("2017", "2018")
        } else {
            text
        }
    });
    let all = texts(&plan_of(&env, "c2018")).join("\n");
    for expected in [
        "kỷ niệm 71 năm ngày Thương Binh, Liệt sỹ",
        "kỷ niệm 71 năm ngày Thương binh, Liệt sĩ (27/7/1947-27/7/2018).",
        "kỷ niệm 89 năm ngày thành lập Công đoàn Việt Nam ( 28/7/1929 - 28/7/2018 )",
        "là 10 ngày (từ ngày 16/7/2018 – 25/7/2018).",
        "trước ngày 27/7/2018 để tổng hợp",
        "Mẫu, ngày 28 tháng 6 năm 2018",
    ] {
        assert!(all.contains(expected), "missing {expected:?} in\n{all}");
    }
    assert!(!all.contains("70 năm") && !all.contains("88 năm"), "{all}");
}

fn attr(e: &Element, child: &str, name: &str) -> Option<String> {
    e.child(child).and_then(|c| c.attr(name))
}

fn style<'a>(styles: &'a Element, id: &str) -> &'a Element {
    styles
        .child_elements("w:style")
        .find(|s| s.attr("w:styleId").as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no style {id}"))
}

#[test]
fn plan_layout_meets_the_format_rules() {
    let env = Env::new();
    let docx = plan_of(&env, sample_dir().to_str().unwrap());

    // Page: A4, margins 20/20/30/15 mm, different first page.
    let document = part(&docx, "word/document.xml");
    let body = document.child("w:body").unwrap();
    let sect = body.child("w:sectPr").unwrap();
    assert_eq!(attr(sect, "w:pgSz", "w:w").as_deref(), Some("11906"));
    assert_eq!(attr(sect, "w:pgSz", "w:h").as_deref(), Some("16838"));
    for (side, twips) in [
        ("w:top", "1134"),
        ("w:bottom", "1134"),
        ("w:left", "1701"),
        ("w:right", "850"),
    ] {
        assert_eq!(
            attr(sect, "w:pgMar", side).as_deref(),
            Some(twips),
            "margin {side}"
        );
    }
    assert!(sect.child("w:titlePg").is_some(), "no different first page");

    // Headers: the default one holds the PAGE field, centred; the first page's is empty.
    let rels = part(&docx, "word/_rels/document.xml.rels");
    let target = |kind: &str| {
        let rid = sect
            .child_elements("w:headerReference")
            .find(|e| e.attr("w:type").as_deref() == Some(kind))
            .and_then(|e| e.attr("r:id"))
            .unwrap_or_else(|| panic!("no {kind} header"));
        let target = rels
            .elements()
            .find(|r| r.attr("Id") == Some(rid.clone()))
            .and_then(|r| r.attr("Target"))
            .unwrap();
        part(&docx, &format!("word/{target}"))
    };
    let mut instr = String::new();
    target("default").walk(&mut |e| {
        if e.name() == "w:instrText" {
            instr.push_str(
                &e.children
                    .iter()
                    .map(|n| match n {
                        xml::Node::Text(t) => t.as_str(),
                        _ => "",
                    })
                    .collect::<String>(),
            );
        }
    });
    assert_eq!(instr.trim(), "PAGE");
    let mut first_has_field = false;
    target("first").walk(&mut |e| first_has_field |= e.name() == "w:instrText");
    assert!(!first_has_field, "page 1 must carry no number");

    // Fonts and sizes, bold and italic of each element, by paragraph style.
    let styles = part(&docx, "word/styles.xml");
    let mut default_font = None;
    styles.walk(&mut |e| {
        if e.name() == "w:rFonts" && default_font.is_none() {
            default_font = e.attr("w:ascii");
        }
    });
    assert_eq!(default_font.as_deref(), Some("Times New Roman"));
    // (text it starts with, style, size in half-points, bold, italic, alignment)
    let cases: &[(&str, &str, &str, bool, bool, &str)] = &[
        (
            "LIÊN ĐOÀN LAO ĐỘNG TỈNH",
            "VBCoQuanChuQuan",
            "26",
            false,
            false,
            "center",
        ),
        (
            "LIÊN ĐOÀN LAO ĐỘNG HUYỆN",
            "VBCoQuanBanHanh",
            "26",
            true,
            false,
            "center",
        ),
        ("Số: 05/KH-LĐLĐ", "VBSoKyHieu", "26", false, false, "center"),
        ("CỘNG HÒA XÃ HỘI", "VBQuocHieu", "26", true, false, "center"),
        ("Độc lập - Tự do", "VBTieuNgu", "28", true, false, "center"),
        (
            "Mẫu, ngày 28 tháng 6",
            "VBDiaDanhNgay",
            "28",
            false,
            true,
            "center",
        ),
        ("KẾ HOẠCH", "VBTenLoai", "28", true, false, "center"),
        (
            "Phối hợp, tham gia",
            "VBTrichYeu",
            "28",
            true,
            false,
            "center",
        ),
        ("Căn cứ Kế hoạch", "VBDoanVan", "28", false, false, "both"),
        ("I. MỤC ĐÍCH", "VBMuc", "28", true, false, "both"),
        ("1. Mục đích", "VBKhoan", "28", true, false, "both"),
        (
            "1. Các công đoàn cơ sở chủ động",
            "VBKhoanDoan",
            "28",
            false,
            false,
            "both",
        ),
        (
            "- Các công đoàn cơ sở tích cực",
            "VBGach",
            "28",
            false,
            false,
            "both",
        ),
        (
            "+ Nội dung, chương trình",
            "VBCong",
            "28",
            false,
            false,
            "both",
        ),
        ("Nơi nhận:", "VBNoiNhan", "24", true, true, "left"),
        (
            "- TT LĐLĐ tỉnh;",
            "VBNoiNhanMuc",
            "22",
            false,
            false,
            "left",
        ),
        ("- Lưu: VP.", "VBNoiNhanMuc", "22", false, false, "left"),
        // The authority form and the title, each on its own line of the block.
        ("TM. BAN THƯỜNG VỤ", "VBDongKy", "28", true, false, "center"),
        ("CHỦ TỊCH", "VBDongKy", "28", true, false, "center"),
        ("Nguyễn Văn Mẫu", "VBNguoiKy", "28", true, false, "center"),
    ];
    for &(start, id, size, bold, italic, jc) in cases {
        assert_eq!(style_of(&docx, start), id, "style of {start:?}");
        let s = style(&styles, id);
        let rpr = s.child("w:rPr").unwrap();
        let ppr = s.child("w:pPr").unwrap();
        assert_eq!(
            attr(rpr, "w:rFonts", "w:ascii").as_deref(),
            Some("Times New Roman"),
            "{id}"
        );
        assert_eq!(
            attr(rpr, "w:sz", "w:val").as_deref(),
            Some(size),
            "{id} size"
        );
        assert_eq!(rpr.child("w:b").is_some(), bold, "{id} bold");
        assert_eq!(rpr.child("w:i").is_some(), italic, "{id} italic");
        assert_eq!(
            attr(ppr, "w:jc", "w:val").as_deref(),
            Some(jc),
            "{id} alignment"
        );
    }
    // Body paragraphs: 1.27 cm first-line indent, 6 pt after.
    for id in [
        "VBDoanVan",
        "VBMuc",
        "VBKhoan",
        "VBGach",
        "VBCong",
        "VBDiem",
    ] {
        let ppr = style(&styles, id).child("w:pPr").unwrap();
        assert_eq!(
            attr(ppr, "w:ind", "w:firstLine").as_deref(),
            Some("720"),
            "{id}"
        );
        assert_eq!(
            attr(ppr, "w:spacing", "w:after").as_deref(),
            Some("120"),
            "{id}"
        );
    }
    // Rules: under the issuing body (short), under the motto, under the summary.
    for id in ["VBGachCoQuan", "VBGachTieuNgu", "VBGachTrichYeu"] {
        let ppr = style(&styles, id).child("w:pPr").unwrap();
        let top = ppr.child("w:pBdr").and_then(|b| b.child("w:top"));
        assert_eq!(
            top.and_then(|t| t.attr("w:val")).as_deref(),
            Some("single"),
            "{id}"
        );
    }
    // Every part as filled keeps the schema's element order.
    for name in ["word/document.xml", "word/styles.xml", "word/settings.xml"] {
        let problems = vanban::docx::schema::violations(&part(&docx, name));
        assert!(problems.is_empty(), "{name}: {problems:#?}");
    }
    // The closing mark ends the body.
    assert!(
        texts(&docx).iter().any(|t| t.ends_with("về LĐLĐ tỉnh./.")),
        "no closing ./."
    );
}

#[test]
fn two_runs_write_identical_bytes() {
    let env = Env::new();
    let sample = sample_dir();
    let sample = sample.to_str().unwrap();
    env.run(&["plan", sample, "-o", "a.docx"]).expect_status(0);
    env.run(&["plan", sample, "-o", "b.docx"]).expect_status(0);
    assert!(env.read("a.docx") == env.read("b.docx"));
}

#[test]
fn default_output_goes_to_the_campaign_out_folder() {
    let env = Env::new();
    copy_sample(&env, "c", |_, t| t);
    let out = env.run(&["plan", "c"]);
    out.expect_status(0);
    assert!(out.stdout.contains("ke-hoach.docx"), "{}", out.stdout);
    assert!(env.path("c/out/ke-hoach.docx").is_file());
}

#[test]
fn campaign_and_outline_errors_name_where() {
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "campaign.json",
            "\"2017-06-28\"",
            "\"2017-13-01\"",
            "error: `2017-13-01` is not a date; write it as 27/7/2017 or 2017-07-27\n  at: file `c/campaign.json` › field `plan.date` › line 20, column 24",
        ),
        (
            "campaign.json",
            "\"archive\": \"VP\"",
            "\"archive\": \"VP\", \"achive\": \"VP\"",
            "error: there is no field `achive` here; did you mean `archive`?\n  at: file `c/campaign.json` › field `plan.achive` › line 33",
        ),
        (
            "campaign.json",
            "\"archive\": \"VP\"",
            "\"archive_\": \"VP\"",
            "there is no field `archive_` here; did you mean `archive`?",
        ),
        (
            "campaign.json",
            ",\n    \"archive\": \"VP\"",
            "",
            "error: the field `archive` is missing; add it\n  at: file `c/campaign.json` › field `plan` › line 33",
        ),
        (
            "ke-hoach.txt",
            "- Phối hợp tuyên truyền\n",
            "Phối hợp tuyên truyền\n",
            "a `+` line must follow a `-` line of the same item (write `-` or add a `-` line above it)\n  at: file `c/ke-hoach.txt` › line 14",
        ),
        (
            "ke-hoach.txt",
            "2. Yêu cầu",
            "2) Yêu cầu",
            "`2)` looks like an item number (1, 2, …); write `2.`\n  at: file `c/ke-hoach.txt` › line 7",
        ),
        (
            "ke-hoach.txt",
            "{{ campaign.year }} như sau",
            "{{ campaign.yeer }} như sau",
            "ke-hoach.txt` › line 2\n     | …ia làm công tác dân vận năm {{ campaign.▶yeer◀ }} như sau:\n  caused by: the data has no field `yeer`",
        ),
    ];
    for &(file, from, to, expected) in cases {
        let env = Env::new();
        copy_sample_edited(&env, "c", file, from, to);
        let out = env.run(&["plan", "c", "-o", "out.docx"]);
        out.expect_status(1);
        assert!(
            out.stderr.contains(expected),
            "{file}: {expected:?} not in\n{}",
            out.stderr
        );
        assert!(
            !env.path("out.docx").exists(),
            "output written despite the error"
        );
    }
}

/// The same errors, in Vietnamese as a clerk reads them, verbatim: a comma left out
/// of `campaign.json` is named at the line that lacks it, a date typed the
/// Vietnamese way is read, and a marker typed the wrong way names the right one.
#[test]
fn campaign_and_outline_errors_in_vietnamese() {
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "campaign.json",
            "\"year\": 2017\n  },",
            "\"year\": 2017\n  }",
            "lỗi: thiếu dấu phẩy ở cuối dòng này: giữa hai trường (hoặc hai mục của danh sách) phải có dấu phẩy `,`\n  vị trí: tệp `c/campaign.json` › dòng 6\n",
        ),
        (
            "campaign.json",
            "\"code\": \"CD40\"",
            "\"code\": \"CD01\"",
            "lỗi: mã `CD01` đã dùng cho một đơn vị khác; mỗi đơn vị cần một mã riêng\n  vị trí: tệp `c/campaign.json` › trường `reporting.units[39].code` (đơn vị thứ 40)\n",
        ),
        (
            "ke-hoach.txt",
            "2. Yêu cầu",
            "2) Yêu cầu",
            "lỗi: `2)` trông như số thứ tự của khoản (1, 2, …) nhưng viết chưa đúng kiểu; hãy viết `2.`\n  vị trí: tệp `c/ke-hoach.txt` › dòng 7\n",
        ),
    ];
    for &(file, from, to, expected) in cases {
        let env = Env::new();
        copy_sample_edited(&env, "c", file, from, to);
        let out = env.run_vi(&["plan", "c", "-o", "out.docx"]);
        out.expect_status(1);
        assert_eq!(out.stderr, expected);
    }
    // A deadline typed as clerks type dates is read.
    let env = Env::new();
    copy_sample_edited(
        &env,
        "c",
        "campaign.json",
        "\"2017-06-28\"",
        "\"28/6/2017\"",
    );
    let docx = plan_of(&env, "c");
    assert!(
        texts(&docx)
            .iter()
            .any(|t| t.contains("ngày 28 tháng 6 năm 2017")),
        "{:?}",
        texts(&docx)
    );
}

#[test]
fn files_saved_with_a_byte_order_mark_are_read() {
    let env = Env::new();
    copy_sample(&env, "c", |_, text| format!("\u{FEFF}{text}"));
    let docx = plan_of(&env, "c");
    assert!(
        texts(&docx)
            .iter()
            .any(|t| t.starts_with("Căn cứ Kế hoạch số 243"))
    );
}

#[test]
fn output_may_not_replace_an_input() {
    let env = Env::new();
    copy_sample(&env, "c", |_, t| t);
    let before = env.read("c/ke-hoach.txt");
    let out = env.run(&["plan", "c", "-o", "c/ke-hoach.txt"]);
    out.expect_status(1);
    assert!(out.stderr.contains("refusing to write"), "{}", out.stderr);
    assert_eq!(env.read("c/ke-hoach.txt"), before);
}

#[test]
fn a_campaign_template_overrides_the_built_in_one() {
    use docx_rs::{Docx, Paragraph, Run};
    let env = Env::new();
    copy_sample(&env, "c", |_, t| t);
    let mut buf = std::io::Cursor::new(Vec::new());
    Docx::new()
        .add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text("Riêng: {{ doc.symbol }} {{ body | length }}")),
        )
        .build()
        .pack(&mut buf)
        .unwrap();
    env.write("c/templates/ke-hoach.docx", buf.into_inner());
    let out = env.run(&["plan", "c", "-o", "out.docx"]);
    out.expect_status(0);
    assert!(
        out.stdout.contains("c/templates/ke-hoach.docx"),
        "{}",
        out.stdout
    );
    assert_eq!(texts(&env.read("out.docx")), ["Riêng: 05/KH-LĐLĐ 29"]);
}

#[test]
fn init_creates_a_campaign_that_plans() {
    let env = Env::new();
    let out = env.run(&["init", "moi"]);
    out.expect_status(0);
    for file in ["ke-hoach.txt", "bao-cao.txt"] {
        assert_eq!(
            env.read(&format!("moi/{file}")),
            std::fs::read(sample_dir().join(file)).unwrap(),
            "{file}"
        );
    }
    let campaign = String::from_utf8(env.read("moi/campaign.json")).unwrap();
    let sample = std::fs::read_to_string(sample_dir().join("campaign.json")).unwrap();
    assert_eq!(
        campaign,
        sample.replacen("\"id\": \"dan-van-2017\"", "\"id\": \"moi\"", 1)
    );
    assert!(env.path("moi/returns").is_dir());
    // The built-in templates come as models, not yet in force.
    assert!(env.read("moi/templates/mau/ke-hoach.docx") == vanban::templates::PLAN);
    assert!(env.read("moi/templates/mau/bao-cao.docx") == vanban::templates::REPORT);
    assert!(env.read("moi/templates/mau/van-ban.docx") == vanban::templates::VAN_BAN);
    assert!(!env.path("moi/templates/ke-hoach.docx").exists());
    env.run(&["plan", "moi"]).expect_status(0);
    assert!(env.path("moi/out/ke-hoach.docx").is_file());

    // A folder that holds anything is left alone.
    let again = env.run(&["init", "moi"]);
    again.expect_status(1);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
}

/// Converts the plan to PDF with LibreOffice and reads each page with pdftotext.
#[test]
fn pdf_pages_carry_numbers_from_page_two_and_the_header_block() {
    let have = |tool: &str, arg: &str| {
        std::process::Command::new(tool)
            .arg(arg)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !have("soffice", "--version") || !have("pdftotext", "-v") {
        assert!(
            std::env::var_os("VANBAN_REQUIRE_LIBREOFFICE").is_none(),
            "soffice and pdftotext are required (VANBAN_REQUIRE_LIBREOFFICE is set)"
        );
        eprintln!("note: soffice or pdftotext missing; PDF check skipped");
        return;
    }
    let env = Env::new();
    plan_of(&env, sample_dir().to_str().unwrap());
    let profile = format!("file://{}", env.path("lo-profile").display());
    let status = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(env.path(""))
        .arg(env.path("out.docx"))
        .output()
        .expect("run soffice");
    assert!(status.status.success(), "{status:?}");
    let page = |n: u32| -> Vec<String> {
        // Reading order (no -layout): each header column comes out as one block.
        let out = std::process::Command::new("pdftotext")
            .args(["-f", &n.to_string(), "-l", &n.to_string()])
            .arg(env.path("out.pdf"))
            .arg("-")
            .output()
            .expect("run pdftotext");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(normalise)
            .filter(|l| !l.is_empty())
            .collect()
    };
    let (one, two) = (page(1), page(2));
    assert!(!two.is_empty(), "the plan should have two pages");
    assert_eq!(two[0], "2", "page 2 starts with its number: {two:#?}");
    assert!(
        !one.iter().any(|l| l.chars().all(|c| c.is_ascii_digit())),
        "page 1 carries a page number: {one:#?}"
    );
    // A column's wrapped lines joined, so "… TỈNH" + "TÂY NINH" reads as one line.
    let first = one.join(" ");
    for expected in [
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH TÂY NINH",
        "LIÊN ĐOÀN LAO ĐỘNG HUYỆN MẪU",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 05/KH-LĐLĐ",
        "Mẫu, ngày 28 tháng 6 năm 2017",
        "KẾ HOẠCH",
    ] {
        assert!(
            first.contains(expected),
            "{expected:?} not on page 1:\n{first}"
        );
    }
}

#[test]
fn missing_or_broken_inputs_are_named() {
    let env = Env::new();
    let out = env.run(&["plan", "nowhere"]);
    out.expect_status(1);
    assert!(
        out.stderr.contains("`nowhere` is not a campaign folder"),
        "{}",
        out.stderr
    );

    copy_sample(&env, "c", |_, t| t);
    std::fs::remove_file(env.path("c/ke-hoach.txt")).unwrap();
    let out = env.run(&["plan", "c"]);
    out.expect_status(1);
    assert!(
        out.stderr.contains("cannot find the file `c/ke-hoach.txt`"),
        "{}",
        out.stderr
    );

    copy_sample(&env, "d", |_, t| t);
    env.write("d/templates/ke-hoach.docx", b"not a zip");
    let out = env.run(&["plan", "d"]);
    out.expect_status(1);
    assert!(
        out.stderr.contains("d/templates/ke-hoach.docx"),
        "{}",
        out.stderr
    );
    assert!(!env.path("d/out/ke-hoach.docx").exists());
}

#[test]
fn limit_flags_apply_to_the_template() {
    let env = Env::new();
    copy_sample(&env, "c", |_, t| t);
    let out = env.run(&["plan", "c", "--max-zip-entries", "3"]);
    out.expect_status(1);
    assert!(out.stderr.contains("--max-zip-entries"), "{}", out.stderr);
    assert!(!env.path("c/out/ke-hoach.docx").exists());
    env.run(&["plan", "c", "--max-zip-entries", "100"])
        .expect_status(0);
}
