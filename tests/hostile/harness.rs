//! The fuzzing harness, shared by the cargo-fuzz targets (`fuzz/fuzz_targets/*.rs`
//! include this file) and by the regression tests, which replay every input the
//! fuzzers found through exactly the same code.
//!
//! Each function takes arbitrary bytes and drives one input path of `vanban` the
//! way the command layer does. Any outcome is fine except a panic, an abort, a hang
//! or a memory blow-up: that is what the fuzzers look for.

#![allow(dead_code)]

use std::io::{Cursor, Read, Write};

use vanban::campaign::{Campaign, outline, plan, sample};
use vanban::docx::{self, RenderOptions, fixture};
use vanban::limits::Limits;
use vanban::sheets::merge::{self, InputFile, WorkbookReader};
use vanban::sheets::read::{self, Format, ReadError, Sniffed, Workbook};

/// The fuzz targets, by name: the folder names under `fuzz/seeds/` and
/// `tests/hostile/regressions/`.
pub const TARGETS: &[&str] = &[
    "template", "outline", "campaign", "sheets", "van_ban", "rich", "upload", "subdoc", "rollup",
];

/// Limits for fuzzing: the defaults, with the output capped low enough that a
/// legitimate but large render cannot pass for a memory blow-up under
/// `-rss_limit_mb=2048`.
pub fn limits() -> Limits {
    Limits {
        max_output_bytes: 16 * 1024 * 1024,
        ..Limits::default()
    }
}

/// Runs the named target on `data`.
pub fn run(target: &str, data: &[u8]) {
    match target {
        "template" => template(data),
        "outline" => outline_text(data),
        "campaign" => campaign_json(data),
        "sheets" => sheets(data),
        "upload" => upload(data),
        "van_ban" => van_ban_source(data),
        "rich" => rich_values(data),
        "subdoc" => sub_document(data),
        "rollup" => rollup(data),
        other => panic!("unknown fuzz target `{other}`"),
    }
}

/// The data every template is rendered with: the shapes templates use (text with
/// Vietnamese letters, numbers, dates, booleans, a list of records, nesting).
pub fn data() -> serde_json::Value {
    serde_json::json!({
        "name": "Nguyễn Văn A",
        "unit": "Công đoàn cơ sở Trường THCS Thị trấn",
        "n": 1234567,
        "x": 38.05,
        "neg": -3,
        "date": "2017-06-22",
        "flag": true,
        "empty": "",
        "nothing": null,
        "text": "dòng một\ndòng hai\t<b>&amp;</b>",
        "items": [
            {"a": 1, "b": "một", "c": [1, 2]},
            {"a": 2, "b": "hai", "c": []},
            {"a": 3, "b": "ba", "c": [3]}
        ],
        "nested": {"inner": {"deep": "sâu"}, "list": ["x", "y"]}
    })
}

/// Template engine: the first byte picks what the rest is.
/// - `0`: a whole package (mutated .docx);
/// - `1`: the body part `word/document.xml` of a valid package;
/// - `2`: the text of one paragraph (tags and all) in a valid package;
/// - `3`: the text split across runs, as Word splits typed text.
pub fn template(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let package = match mode % 4 {
        0 => rest.to_vec(),
        1 => with_entry(&base_docx(), "word/document.xml", rest),
        2 => {
            let text = String::from_utf8_lossy(rest);
            fixture::Docx::new(fixture::p(&fixture::r(&escape(&text)))).build()
        }
        _ => {
            let text = String::from_utf8_lossy(rest);
            let runs: String = text
                .split_inclusive(['{', '%', '}', ' '])
                .map(|piece| fixture::r(&escape(piece)))
                .collect();
            fixture::Docx::new(fixture::p(&runs)).build()
        }
    };
    let opts = RenderOptions {
        strict: mode & 0x80 == 0,
        limits: limits(),
        extensions: vanban::filters::extensions(),
        beside: vanban::docx::Beside::sequential(),
    };
    let data = data_value();
    let _ = docx::render(&package, &data, &opts);
    let _ = docx::check(&package, Some(&data), &opts);
}

fn data_value() -> serde_json::Value {
    data()
}

/// Outline parser of the body files (`ke-hoach.txt`, `bao-cao.txt`), with and
/// without the source-line marks the plan step adds.
pub fn outline_text(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(mut paragraphs) = outline::parse("ke-hoach.txt", &text) {
        outline::close(&mut paragraphs);
    }
    let marked = outline::mark_source_lines(&text);
    let _ = outline::parse("ke-hoach.txt", &marked);
    let _ = outline::strip_source_marks(&marked);
    let _ = plan::body_paragraphs("bao-cao.txt", &text);
}

/// A document's source (`vanban van-ban`): the header's `khóa: giá trị` lines, the
/// outline of the body, the layout of the names and, when it reads, the filled
/// built-in template.
pub fn van_ban_source(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(doc) = vanban::van_ban::Document::from_source(&text) {
        let _ = doc.data();
        let options = RenderOptions {
            limits: limits(),
            ..vanban::filters::options()
        };
        let _ = vanban::van_ban::build(&doc, vanban::van_ban::BUILTIN_TEMPLATE, true, &options);
    }
}

/// Values that carry their own formatting and pictures (`{{r v }}`, `{{p v }}`):
/// the first byte chooses how the rest is read — as a JSON value (rich text, or a
/// picture object with its size), or as the bytes of a picture (base64, with a
/// size given in cm, px or not at all).
pub fn rich_values(data: &[u8]) {
    use base64::Engine as _;
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let value = match mode % 3 {
        0 => serde_json::from_slice(rest)
            .unwrap_or_else(|_| serde_json::Value::String(String::from_utf8_lossy(rest).into())),
        1 => {
            let width = ["2cm", "300px", "0cm", "99999cm"][usize::from(mode / 3) % 4];
            serde_json::json!({
                "image": base64::engine::general_purpose::STANDARD.encode(rest),
                "width": width,
            })
        }
        _ => serde_json::json!([
            {"text": String::from_utf8_lossy(rest), "bold": true},
            {"image": format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(rest))}
        ]),
    };
    let opts = RenderOptions {
        strict: mode & 0x80 == 0,
        limits: limits(),
        extensions: vanban::filters::extensions(),
        beside: vanban::docx::Beside::sequential(),
    };
    let data = serde_json::json!({ "v": value });
    for tag in ["{{r v }}", "{{p v }}"] {
        let package = fixture::Docx::new(fixture::p(&fixture::r(tag))).build();
        let _ = docx::render(&package, &data, &opts);
    }
}

/// A 4×2 red PNG, the sub-document's picture.
const RED_PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAQAAAACCAIAAADwyuo0AAAAEElEQVR4nGM4IScHRwzIHABvCgghBqXSdgAAAABJRU5ErkJggg==";

fn red_png() -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(RED_PNG)
        .expect("a PNG")
}

/// The sub-document the `subdoc` target mutates: the fixtures' appendix (styles,
/// a list, a picture, a bookmark, a comment mark, its own section).
pub fn appendix() -> Vec<u8> {
    fixture::appendix(red_png()).build()
}

/// The template a sub-document goes into: its own styles, list and picture under
/// the ids the appendix uses too, the tag in the body, in a table cell and in a
/// loop, and in the header.
pub fn subdoc_host() -> Vec<u8> {
    let numbered = fixture::p_with(
        r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>"#,
        &fixture::r("Mục đích"),
    );
    fixture::Docx::new(
        [
            fixture::p_with(r#"<w:pStyle w:val="Heading1"/>"#, &fixture::r("KẾ HOẠCH")),
            numbered,
            fixture::p(&fixture::picture_run("Logo", 540_000, 270_000)),
            fixture::p(&fixture::r("{{p v }}")),
            fixture::table(&[4000], &[vec![fixture::p(&fixture::r("{{p v }}"))]]),
            fixture::p(&fixture::r("{%p for it in items %}")),
            fixture::p(&fixture::r("{{p v }}")),
            fixture::p(&fixture::r("{%p endfor %}")),
        ]
        .concat(),
    )
    .header(fixture::p(&fixture::r("{{p v }}")))
    .styles(fixture::word_styles("<w:b/>"))
    .numbered_list()
    .picture(red_png())
    .build()
}

/// Sub-documents (`{{p {"subdoc": …} }}`): the first byte chooses what the rest
/// is — a whole sub-document package (0), or one part of the appendix replaced:
/// its body (1), styles (2), numbering (3), the body's relationships (4).
pub fn sub_document(data: &[u8]) {
    use base64::Engine as _;
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let package = match mode % 5 {
        0 => rest.to_vec(),
        1 => with_entry(&appendix(), "word/document.xml", rest),
        2 => with_entry(&appendix(), "word/styles.xml", rest),
        3 => with_entry(&appendix(), "word/numbering.xml", rest),
        _ => with_entry(&appendix(), "word/_rels/document.xml.rels", rest),
    };
    let opts = RenderOptions {
        strict: mode & 0x80 == 0,
        limits: limits(),
        extensions: vanban::filters::extensions(),
        beside: vanban::docx::Beside::sequential(),
    };
    let value = serde_json::json!({
        "subdoc": base64::engine::general_purpose::STANDARD.encode(&package)
    });
    let data = serde_json::json!({"v": value, "items": [1, 2]});
    let _ = docx::render(&subdoc_host(), &data, &opts);
}

/// Campaign file loader, and the data the plan derives from a loaded campaign.
pub fn campaign_json(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(campaign) = Campaign::from_json("campaign.json", &text) {
        let _ = plan::text_data(&campaign);
        let _ = campaign.symbol(&campaign.plan);
    }
}

/// The sample campaign every merge runs against.
pub fn sample_campaign() -> Campaign {
    let text = sample::FILES
        .iter()
        .find(|(name, _)| *name == "campaign.json")
        .map(|(_, text)| *text)
        .expect("the sample has a campaign.json");
    Campaign::from_json("campaign.json", text).expect("the sample campaign loads")
}

/// Reads in this process only what the command layer reads in its own process;
/// the formats it sends to a child (.xls, .ods) are refused here as the child's
/// death would be reported.
struct LikeTheCli;

impl WorkbookReader for LikeTheCli {
    fn read(
        &self,
        bytes: &[u8],
        sniffed: &Sniffed,
        limits: &Limits,
    ) -> Result<Workbook, ReadError> {
        match sniffed.format.isolation() {
            read::Isolation::InProcess => read::read_workbook(bytes, sniffed, limits),
            read::Isolation::ChildProcess => {
                Err(ReadError::Crashed("not parsed when fuzzing".into()))
            }
        }
    }
}

/// The merge of one return named `name` holding `data`, read as the command
/// layer reads it.
fn merge_one(campaign: &Campaign, name: &str, data: &[u8]) -> vanban::tonghop::TongHop {
    let input = InputFile {
        display_name: name.into(),
        bytes: data.to_vec(),
        modified: None,
    };
    merge::merge_with(
        campaign,
        &[input],
        &limits(),
        &LikeTheCli,
        &merge::Sequential,
        &mut |_, _| {},
    )
}

/// The spreadsheet reading path of the merge: sniff, read, locate the table and
/// the unit, check and add up; and the mail-merge rows reader.
pub fn sheets(data: &[u8]) {
    let campaign = sample_campaign();
    let result = merge_one(&campaign, "returns/cdcs-07.xlsx", data);
    let _ = result.mismatched_totals();
    let _ = serde_json::to_vec_pretty(&result);
    let _ = vanban::sheets::output::write(&campaign, &result, &|d| d.to_string());
    if let Ok(sniffed) = read::sniff(data, &limits())
        && sniffed.format == Format::Xlsx
    {
        let _ = vanban::rows::from_workbook(data, &limits());
    }
}

/// A federation's tổng hợp taken as a return (the roll-up, district to province):
/// a `tong-hop.json` when the bytes start with `{`, else a `tong-hop.xlsx`, read
/// as unit `CD01`'s return of the sample campaign. Whatever the file, the
/// province's own totals add up to its units' figures, and a file whose totals
/// are taken is one whose units added up.
pub fn rollup(data: &[u8]) {
    let campaign = sample_campaign();
    let name = if data.first() == Some(&b'{') {
        "returns/CD01.json"
    } else {
        "returns/CD01.xlsx"
    };
    let result = merge_one(&campaign, name, data);
    assert!(result.mismatched_totals().is_empty());
    if let Some(unit) = result.unit("CD01")
        && unit.status.is_accepted()
        && let Some(up) = &unit.rollup
    {
        assert!(up.units_reported <= up.units_total);
    }
    let _ = result.rolled_up();
    let _ = serde_json::to_vec_pretty(&result);
    let _ = vanban::sheets::output::write(&campaign, &result, &|d| d.to_string());
}

/// The web desk's upload handling (`vanban serve`, Nhận báo cáo): the name a file
/// was uploaded under, shown but never used as a path, and the receive step that
/// takes the files into `returns/` under their unit's code. The first line of
/// `data` is the uploaded name; the rest, split at each 0xFF byte (at most three),
/// the files' contents.
pub fn upload(data: &[u8]) {
    use vanban::folder::{Folder, MemoryFolder};
    let (name, rest) = match data.iter().position(|b| *b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let shown = vanban::folder::shown_name(&String::from_utf8_lossy(name));
    assert!(
        !shown.contains(['/', '\\']) && !shown.chars().any(char::is_control),
        "{shown:?}"
    );
    let folder = MemoryFolder::new();
    for (file, text) in sample::FILES {
        folder.put(file, text.as_bytes(), None);
    }
    let contents: Vec<&[u8]> = rest.split(|b| *b == 0xFF).take(3).collect();
    let files = contents
        .iter()
        .map(|c| InputFile {
            display_name: shown.clone(),
            bytes: c.to_vec(),
            modified: None,
        })
        .collect();
    let out = vanban::workflow::receive(
        &folder,
        vanban::workflow::ReceiveOptions {
            limits: limits(),
            reader: &LikeTheCli,
            files,
            unread: vec![],
        },
    );
    let campaign = sample_campaign();
    for (path, bytes, _) in folder.files() {
        if sample::FILES.iter().any(|(f, _)| *f == path) || path.starts_with("out/") {
            continue;
        }
        // Only under returns/, named by a unit's code, holding what was sent.
        let stored = path
            .strip_prefix("returns/")
            .unwrap_or_else(|| panic!("{path}"));
        assert!(
            !stored.contains(['/', '\\']) && !stored.contains(".."),
            "{path}"
        );
        assert!(
            campaign
                .reporting
                .units
                .iter()
                .any(|u| stored.starts_with(&u.code)),
            "{path}"
        );
        assert!(contents.contains(&bytes.as_slice()), "{path}");
    }
    if let Some(o) = out.output {
        assert_eq!(o.files.len(), contents.len());
    }
    let _ = folder.exists("returns");
}

/// XML text escaping for a `w:t`.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A small valid template package.
pub fn base_docx() -> Vec<u8> {
    fixture::Docx::new(fixture::p(&fixture::r("{{ name }}")))
        .header(fixture::p(&fixture::r("{{ unit }}")))
        .build()
}

/// The package `package` with the entry `name` replaced by (or added as) `bytes`.
pub fn with_entry(package: &[u8], name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(package)).expect("a valid base package");
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut replaced = false;
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("entry");
        let entry = file.name().expect("entry name").to_string();
        let mut content = Vec::new();
        file.read_to_end(&mut content).expect("read entry");
        w.start_file(entry.as_str(), opts).expect("start");
        if entry == name {
            w.write_all(bytes).expect("write");
            replaced = true;
        } else {
            w.write_all(&content).expect("write");
        }
    }
    if !replaced {
        w.start_file(name, opts).expect("start");
        w.write_all(bytes).expect("write");
    }
    w.finish().expect("finish").into_inner()
}
