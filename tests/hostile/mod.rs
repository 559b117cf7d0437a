//! The hostile-input corpus: files made by code to break `vanban` (zip bombs, path
//! escapes, billion laughs, huge declarations, deep nesting, huge loops, control
//! characters, file names that climb out of the output folder), each run through
//! the real binary under an address-space rlimit of
//! [`vanban::limits::MEMORY_BOUND_MB`].
//!
//! Every case asserts: a clean end (exit 0 with a safe output, or exit 1 with a
//! clear message naming the file and the limit; never a signal, a panic (101) or an
//! abort (134)), and no file written or changed outside the output folder. The
//! inputs the fuzzers found are replayed from `regressions/<target>/`.

mod harness;

use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use vanban::docx::fixture::{Docx, p, part, r};
use vanban::limits::MEMORY_BOUND_MB;

use crate::common::{Env, Output, repo_root};

/// How a hostile run must end.
#[derive(Debug, Clone, Copy)]
enum Expect<'a> {
    /// Exit 1; the output (stdout and stderr) holds every needle.
    Refused(&'a [&'a str]),
    /// Exit 0: a safe output was written.
    Written,
}

/// Runs `vanban ARGS…` in `env` under the memory rlimit.
fn run_bounded(env: &Env, args: &[&str]) -> Output {
    let bytes = MEMORY_BOUND_MB * 1024 * 1024;
    let out = Command::new("prlimit")
        .arg(format!("--as={bytes}"))
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_vanban"))
        .args(args)
        .current_dir(env.dir.path())
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run vanban under prlimit (util-linux)");
    Output {
        // `code()` is None when a signal ended the process.
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every file under `dir` with its size and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (u64, std::time::SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            if meta.is_dir() {
                // Folders are only walked: their times change when a file inside
                // the output folder is created.
                stack.push(path);
                continue;
            }
            let modified = meta.modified().unwrap_or(std::time::UNIX_EPOCH);
            out.insert(path, (meta.len(), modified));
        }
    }
    out
}

/// Runs one hostile case: the command under the rlimit, then the checks.
fn hostile(env: &Env, args: &[&str], out_dir: &str, expect: Expect<'_>) -> Output {
    let before = snapshot(env.dir.path());
    let out = run_bounded(env, args);
    let all = format!("{}\n{}", out.stdout, out.stderr);
    assert!(
        out.status == 0 || out.status == 1,
        "`vanban {}` ended badly (status {}; -1 is a signal): no crash, panic or abort allowed\n{all}",
        args.join(" "),
        out.status
    );
    assert!(
        !all.contains("panicked") && !all.contains("memory allocation"),
        "a panic or failed allocation was reported\n{all}"
    );
    match expect {
        Expect::Refused(needles) => {
            assert_eq!(out.status, 1, "expected a refusal\n{all}");
            for needle in needles {
                assert!(
                    all.contains(needle),
                    "`{needle}` is not in the output\n{all}"
                );
            }
        }
        Expect::Written => assert_eq!(out.status, 0, "expected success\n{all}"),
    }
    let allowed = env.path(out_dir);
    for (path, stamp) in snapshot(env.dir.path()) {
        if path.starts_with(&allowed) {
            continue;
        }
        assert_eq!(
            before.get(&path),
            Some(&stamp),
            "`{}` was written outside the output folder `{out_dir}`",
            path.display()
        );
    }
    out
}

// ---------------------------------------------------------------- building files

fn zip_with(entries: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(method)
        .large_file(true);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    zip_with(entries, zip::CompressionMethod::Deflated)
}

/// The entries of a package, to rebuild it with one more.
fn entries_of(package: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut ar = zip::ZipArchive::new(Cursor::new(package)).unwrap();
    (0..ar.len())
        .map(|i| {
            let mut f = ar.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (name, bytes)
        })
        .collect()
}

/// `package` with extra entries added at the end.
fn plus(package: &[u8], extra: &[(&str, &[u8])]) -> Vec<u8> {
    let base = entries_of(package);
    let mut all: Vec<(&str, &[u8])> = base
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    all.extend_from_slice(extra);
    zip_of(&all)
}

/// A template with one tagged paragraph.
fn template() -> Vec<u8> {
    Docx::new(p(&r("Kính gửi: {{ name }}"))).build()
}

/// A template whose body paragraph holds `text` (escaped), tags and all.
fn template_with_text(text: &str) -> Vec<u8> {
    Docx::new(p(&r(&harness::escape(text)))).build()
}

const CT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WB: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WB_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// A hand-written .xlsx: shared strings part, sheet data and dimension, and a prolog
/// (DOCTYPE) put before the sheet's root.
fn raw_xlsx(sst: &str, sheet_data: &str, dimension: &str, prolog: &str) -> Vec<u8> {
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
{prolog}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>"#
    );
    zip_of(&[
        ("[Content_Types].xml", CT.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("xl/workbook.xml", WB.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WB_RELS.as_bytes()),
        ("xl/sharedStrings.xml", sst.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ])
}

/// Shared strings `name` and `Nguyễn Văn A`, declared honestly.
const SST: &str = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2"><si><t>name</t></si><si><t>Nguyễn Văn A</t></si></sst>"#;
/// A header `name` and one row.
const ROWS: &str =
    r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>"#;

/// A small valid rows workbook for a mail merge.
fn rows_xlsx() -> Vec<u8> {
    raw_xlsx(SST, ROWS, "A1:A2", "")
}

/// Billion laughs: ten entities, each ten of the one before.
fn laughs_doctype(root: &str) -> String {
    let mut d = format!("<!DOCTYPE {root} [\n<!ENTITY lol \"lol\">\n");
    let mut prev = "lol".to_string();
    for i in 1..=9 {
        let name = format!("lol{i}");
        d.push_str(&format!(
            "<!ENTITY {name} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
        prev = name;
    }
    d.push_str("]>");
    d
}

/// 256 MB of zeros deflated (about 250 KB): the classic single-entry bomb, under
/// the size limit so that the ratio check is what stops it.
fn zeros_bomb() -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    w.start_file("word/media/zeros.bin", opts).unwrap();
    let chunk = vec![0u8; 1024 * 1024];
    for _ in 0..256 {
        w.write_all(&chunk).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Zip bombs for a package: "deep" (one entry that inflates 1000:1 to 1 GB; and
/// zips nested in zips), "wide" (hundreds of entries of 1 MB each, each small
/// enough to pass the ratio check, 600 MB in all; and more entries than allowed).
fn bombs(base: &[u8]) -> Vec<(&'static str, Vec<u8>, &'static [&'static str])> {
    let deep = {
        let single = entries_of(&zeros_bomb());
        let (name, bytes) = &single[0];
        plus(base, &[(name.as_str(), bytes.as_slice())])
    };
    let nested = {
        let mut inner = zip_of(&[("zeros.bin", &vec![0u8; 4 * 1024 * 1024])]);
        for level in 0..6 {
            let name = format!("level{level}.zip");
            inner = zip_with(
                &[(name.as_str(), &inner), ("copy.zip", &inner)],
                zip::CompressionMethod::Stored,
            );
        }
        plus(base, &[("word/embeddings/nested.zip", &inner)])
    };
    let wide = {
        let mb = vec![b'a'; 1024 * 1024];
        let names: Vec<String> = (0..600).map(|i| format!("word/media/m{i}.bin")).collect();
        let extra: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), mb.as_slice())).collect();
        plus(base, &extra)
    };
    let many = {
        let names: Vec<String> = (0..10_001).map(|i| format!("customXml/i{i}.xml")).collect();
        let extra: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"<a/>"[..])).collect();
        plus(base, &extra)
    };
    vec![
        (
            "deep",
            deep,
            &["word/media/zeros.bin", "quá giới hạn 200:1", "bom zip"][..],
        ),
        ("nested", nested, &[][..]),
        ("wide", wide, &["giải nén ra hơn", "--max-unpacked-mb"][..]),
        (
            "many",
            many,
            &["nhiều hơn giới hạn 10.000", "--max-zip-entries"][..],
        ),
    ]
}

// ---------------------------------------------------------------- the cases

#[test]
fn zip_bombs_deep_and_wide_are_refused_or_left_packed() {
    let env = Env::new();
    env.write("in/data.json", r#"{"name": "Nguyễn Văn A"}"#);
    for (kind, bytes, needles) in bombs(&template()) {
        let file = format!("in/{kind}.docx");
        env.write(&file, &bytes);
        let out_file = format!("work/out/{kind}.docx");
        let args = ["render", &file, "in/data.json", "-o", &out_file];
        if needles.is_empty() {
            // Nested zips are an embedded object Word keeps packed: copied as is.
            hostile(&env, &args, "work/out", Expect::Written);
            let rendered = env.read(&out_file);
            assert_eq!(
                part(&rendered, "word/document.xml").map(|x| x.contains("Nguyễn Văn A")),
                Some(true)
            );
            assert!(rendered.len() < bytes.len() + 64 * 1024);
        } else {
            let mut all = vec![file.as_str()];
            all.extend_from_slice(needles);
            hostile(&env, &args, "work/out", Expect::Refused(&all));
            assert!(!env.path(&out_file).exists());
        }
        hostile(
            &env,
            &["check", &file],
            "work/out",
            match needles {
                [] => Expect::Written,
                _ => Expect::Refused(needles),
            },
        );
    }
    // The same bombs as a mail merge's rows and as returned sheets.
    for (kind, bytes, needles) in bombs(&rows_xlsx()) {
        if needles.is_empty() {
            continue;
        }
        let file = format!("in/{kind}.xlsx");
        env.write(&file, &bytes);
        env.write("in/t.docx", template());
        let mut all = vec![file.as_str()];
        all.extend_from_slice(needles);
        hostile(
            &env,
            &[
                "render",
                "in/t.docx",
                "--each",
                &file,
                "-o",
                "work/out/each",
            ],
            "work/out",
            Expect::Refused(&all),
        );
    }
}

#[test]
fn zip_bombs_among_returns_cost_only_themselves() {
    let env = Env::new();
    env.run(&["init", "camp"]).expect_status(0);
    for (kind, bytes, needles) in bombs(&rows_xlsx()) {
        if !needles.is_empty() {
            env.write(&format!("camp/returns/{kind}.xlsx"), &bytes);
        }
    }
    let out = hostile(&env, &["merge", "camp"], "camp/out", Expect::Refused(&[]));
    for kind in ["deep", "wide", "many"] {
        assert!(
            out.stdout.contains(&format!("{kind}.xlsx")),
            "{kind}.xlsx is not reported\n{}",
            out.stdout
        );
    }
    assert!(env.path("camp/out/tong-hop.json").exists());
}

#[test]
fn a_package_entry_named_to_climb_out_is_refused_everywhere() {
    let env = Env::new();
    env.run(&["init", "camp"]).expect_status(0);
    env.write("in/data.json", r#"{"name": "A"}"#);
    let evil_docx = plus(&template(), &[("../../x", b"escaped")]);
    let evil_xlsx = plus(&rows_xlsx(), &[("../../x", b"escaped")]);
    env.write("in/evil.docx", &evil_docx);
    env.write("in/evil.xlsx", &evil_xlsx);
    env.write("camp/returns/evil.xlsx", &evil_xlsx);
    env.write("in/t.docx", template());
    let needles: &[&str] = &["`../../x`"];
    hostile(
        &env,
        &[
            "render",
            "in/evil.docx",
            "in/data.json",
            "-o",
            "work/out/a.docx",
        ],
        "work/out",
        Expect::Refused(needles),
    );
    hostile(
        &env,
        &[
            "render",
            "in/t.docx",
            "--each",
            "in/evil.xlsx",
            "-o",
            "work/out/each",
        ],
        "work/out",
        Expect::Refused(needles),
    );
    let out = hostile(&env, &["merge", "camp"], "camp/out", Expect::Refused(&[]));
    assert!(out.stdout.contains("evil.xlsx"), "{}", out.stdout);
    assert!(!env.path("x").exists() && !env.path("work/x").exists());
}

#[test]
fn billion_laughs_never_expand() {
    let env = Env::new();
    env.run(&["init", "camp"]).expect_status(0);
    env.write("in/data.json", r#"{"name": "A"}"#);
    let doc = Docx::new(p(&r("{{ name }} &lol9;"))).document_xml();
    let doc = doc.replacen(
        "<w:document",
        &format!("{}<w:document", laughs_doctype("w:document")),
        1,
    );
    env.write(
        "in/laughs.docx",
        harness::with_entry(&template(), "word/document.xml", doc.as_bytes()),
    );
    let out = hostile(
        &env,
        &[
            "render",
            "in/laughs.docx",
            "in/data.json",
            "-o",
            "work/out/a.docx",
        ],
        "work/out",
        Expect::Refused(&["in/laughs.docx"]),
    );
    assert!(out.stderr.len() < 4096, "{}", out.stderr);
    let sheet = raw_xlsx(
        SST,
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>"#,
        "A1:A2",
        &laughs_doctype("worksheet"),
    );
    env.write("in/laughs.xlsx", &sheet);
    env.write("camp/returns/laughs.xlsx", &sheet);
    env.write("in/t.docx", template());
    let out = run_bounded(
        &env,
        &[
            "render",
            "in/t.docx",
            "--each",
            "in/laughs.xlsx",
            "-o",
            "work/out/each",
        ],
    );
    assert!(out.status == 0 || out.status == 1, "{out:?}");
    // Whatever the reader makes of it, no value is longer than what was typed.
    for entry in std::fs::read_dir(env.path("work/out/each"))
        .into_iter()
        .flatten()
        .flatten()
    {
        assert!(entry.metadata().unwrap().len() < 64 * 1024);
    }
    hostile(
        &env,
        &["merge", "camp"],
        "camp/out",
        Expect::Refused(&["laughs.xlsx"]),
    );
}

#[test]
fn a_huge_shared_string_declaration_is_refused_before_reading() {
    let env = Env::new();
    env.run(&["init", "camp"]).expect_status(0);
    // 200 million strings declared: ~4.8 GB reserved by a trusting reader.
    let sst = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="200000000" uniqueCount="200000000"><si><t>name</t></si><si><t>A</t></si></sst>"#;
    let bytes = raw_xlsx(sst, ROWS, "A1:A2", "");
    env.write("in/sst.xlsx", &bytes);
    env.write("camp/returns/sst.xlsx", &bytes);
    env.write("in/t.docx", template());
    hostile(
        &env,
        &[
            "render",
            "in/t.docx",
            "--each",
            "in/sst.xlsx",
            "-o",
            "work/out/each",
        ],
        "work/out",
        Expect::Refused(&["in/sst.xlsx", "declares 200000000 shared strings"]),
    );
    let out = hostile(&env, &["merge", "camp"], "camp/out", Expect::Refused(&[]));
    assert!(out.stdout.contains("sst.xlsx"), "{}", out.stdout);
}

#[test]
fn a_sheet_reaching_xfd1048576_is_read_sparsely_or_refused() {
    let env = Env::new();
    env.run(&["init", "camp"]).expect_status(0);
    let data = format!(r#"{ROWS}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#);
    let bytes = raw_xlsx(SST, &data, "A1:XFD1048576", "");
    env.write("in/xfd.xlsx", &bytes);
    env.write("camp/returns/xfd.xlsx", &bytes);
    env.write("in/t.docx", template());
    hostile(
        &env,
        &[
            "render",
            "in/t.docx",
            "--each",
            "in/xfd.xlsx",
            "-o",
            "work/out/each",
        ],
        "work/out",
        Expect::Refused(&["in/xfd.xlsx", "A1:XFD1048576", "--max-cells"]),
    );
    let out = hostile(&env, &["merge", "camp"], "camp/out", Expect::Refused(&[]));
    assert!(out.stdout.contains("xfd.xlsx"), "{}", out.stdout);
}

#[test]
fn a_docx_whose_body_is_not_xml_is_named() {
    let env = Env::new();
    env.write("in/data.json", r#"{"name": "A"}"#);
    for (name, body) in [
        ("binary", vec![0u8, 159, 146, 150, 255, 0, 1]),
        ("html", b"<html><body>{{ name }}</p></html>".to_vec()),
        ("empty", Vec::new()),
        (
            "truncated",
            template_with_text("{{ name }}")[..200].to_vec(),
        ),
    ] {
        let file = format!("in/{name}.docx");
        let bytes = if name == "truncated" {
            body
        } else {
            harness::with_entry(&template(), "word/document.xml", &body)
        };
        env.write(&file, &bytes);
        hostile(
            &env,
            &["render", &file, "in/data.json", "-o", "work/out/a.docx"],
            "work/out",
            Expect::Refused(&[file.as_str()]),
        );
        hostile(
            &env,
            &["check", &file],
            "work/out",
            Expect::Refused(&[file.as_str()]),
        );
    }
}

#[test]
fn ten_thousand_nested_ifs_are_refused_quickly() {
    let env = Env::new();
    env.write("in/data.json", r#"{"flag": true}"#);
    let text = format!(
        "{}x{}",
        "{% if flag %}".repeat(10_000),
        "{% endif %}".repeat(10_000)
    );
    env.write("in/nested.docx", template_with_text(&text));
    let start = std::time::Instant::now();
    let needles: &[&str] = &["in/nested.docx", "nested more than 40 deep"];
    hostile(
        &env,
        &[
            "render",
            "in/nested.docx",
            "in/data.json",
            "-o",
            "work/out/a.docx",
        ],
        "work/out",
        Expect::Refused(needles),
    );
    hostile(
        &env,
        &["check", "in/nested.docx"],
        "work/out",
        Expect::Refused(needles),
    );
    assert!(start.elapsed().as_secs() < 30, "{:?}", start.elapsed());
}

#[test]
fn a_loop_over_ten_million_items_is_refused() {
    let env = Env::new();
    let items = format!("[{}0]", "0,".repeat(10_000_000));
    env.write("in/data.json", format!("{{\"items\": {items}}}"));
    env.write("in/rows.json", &items);
    env.write("in/small.json", r#"{"items": [1, 2]}"#);
    env.write(
        "in/loop.docx",
        template_with_text("{% for i in items %}{{ i }} {% endfor %}"),
    );
    env.write(
        "in/range.docx",
        template_with_text("{% for i in range(end=10000000) %}x{% endfor %}"),
    );
    hostile(
        &env,
        &[
            "render",
            "in/loop.docx",
            "in/data.json",
            "-o",
            "work/out/a.docx",
        ],
        "work/out",
        Expect::Refused(&[
            "in/data.json",
            "có hơn 2.000.000 giá trị",
            "--max-data-values",
        ]),
    );
    hostile(
        &env,
        &[
            "render",
            "in/loop.docx",
            "--each",
            "in/rows.json",
            "-o",
            "work/out/each",
        ],
        "work/out",
        Expect::Refused(&["in/rows.json", "có hơn 2.000.000 giá trị"]),
    );
    hostile(
        &env,
        &[
            "render",
            "in/range.docx",
            "in/small.json",
            "-o",
            "work/out/b.docx",
        ],
        "work/out",
        Expect::Refused(&["in/range.docx", "range"]),
    );
    // Just under the data limit, a loop that writes too much stops at the output limit.
    let many = format!("{{\"items\": [{}0]}}", "0,".repeat(1_900_000));
    env.write("in/many.json", many);
    env.write(
        "in/wide.docx",
        template_with_text(&format!(
            "{{% for i in items %}}{}{{% endfor %}}",
            "x".repeat(200)
        )),
    );
    hostile(
        &env,
        &[
            "render",
            "in/wide.docx",
            "in/many.json",
            "-o",
            "work/out/c.docx",
        ],
        "work/out",
        Expect::Refused(&[
            "in/wide.docx",
            "lớn quá 268.435.456 byte",
            "--max-output-mb",
        ]),
    );
}

/// Every C0 and C1 control character, DEL, the non-characters and the bidi
/// overrides, in one string.
fn every_control_character() -> String {
    let mut s = String::from("đầu ");
    s.extend((0u32..0x20).chain(0x7F..0xA0).filter_map(char::from_u32));
    s.extend([
        '\u{FEFF}', '\u{FFFE}', '\u{FFFF}', '\u{202E}', '\u{2028}', '\u{200B}',
    ]);
    s.push_str(" cuối");
    s
}

#[test]
fn data_with_every_control_character_renders_well_formed() {
    let env = Env::new();
    let nasty = every_control_character();
    let data = serde_json::json!({"name": nasty, "rows": [{"name": nasty}]});
    env.write("in/data.json", data.to_string());
    env.write(
        "in/rows.json",
        serde_json::json!([{"name": nasty}]).to_string(),
    );
    env.write("in/t.docx", template());
    hostile(
        &env,
        &[
            "render",
            "in/t.docx",
            "in/data.json",
            "-o",
            "work/out/a.docx",
        ],
        "work/out",
        Expect::Written,
    );
    hostile(
        &env,
        &[
            "render",
            "in/t.docx",
            "--each",
            "in/rows.json",
            "--name",
            "{{ name }}",
            "-o",
            "work/out/each",
        ],
        "work/out",
        Expect::Written,
    );
    let mut docs = vec![env.path("work/out/a.docx")];
    for e in std::fs::read_dir(env.path("work/out/each"))
        .unwrap()
        .flatten()
    {
        let name = e.file_name().to_string_lossy().into_owned();
        assert!(
            !name.chars().any(|c| c.is_control()),
            "control character in the file name {name:?}"
        );
        docs.push(e.path());
    }
    assert_eq!(docs.len(), 2);
    for doc in docs {
        let xml = part(&std::fs::read(&doc).unwrap(), "word/document.xml").unwrap();
        let mut reader = quick_xml::Reader::from_str(&xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{}: not well-formed: {e}", doc.display()),
            }
        }
        let forbidden = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}');
        assert!(!xml.chars().any(forbidden), "{}", doc.display());
        assert!(xml.contains("đầu") && xml.contains("cuối"));
    }
}

#[test]
fn mail_merge_file_names_cannot_leave_the_output_folder() {
    let env = Env::new();
    let names = [
        "../../x",
        "../x",
        "/tmp/x",
        "..\\..\\x",
        "sub/../../x",
        "./../x",
        "..",
        ".",
        "C:\\Windows\\x",
        "CON",
        "nul.txt",
        "a\u{0}b",
        "   ",
        "x:y*z?\"<>|",
    ];
    let rows: Vec<serde_json::Value> = names
        .iter()
        .map(|n| serde_json::json!({"name": n}))
        .collect();
    env.write("in/rows.json", serde_json::Value::Array(rows).to_string());
    env.write("in/t.docx", template());
    let tmp_x_before = Path::new("/tmp/x.docx").exists() || Path::new("/tmp/x").exists();
    let out = run_bounded(
        &env,
        &[
            "render",
            "in/t.docx",
            "--each",
            "in/rows.json",
            "--name",
            "{{ name }}",
            "-o",
            "work/a/out",
        ],
    );
    assert!(out.status == 0 || out.status == 1, "{out:?}");
    let before = snapshot(env.dir.path());
    for path in before.keys() {
        let inside = path.starts_with(env.path("work/a/out"))
            || path.starts_with(env.path("in"))
            || [env.path("work"), env.path("work/a")].contains(path);
        assert!(inside, "`{}` is outside the output folder", path.display());
    }
    let written: Vec<PathBuf> = std::fs::read_dir(env.path("work/a/out"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    // Every row that was not rejected wrote one plain file straight in the folder.
    for path in &written {
        assert!(path.is_file(), "{}", path.display());
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            !name.starts_with('.') && !name.contains(['/', '\\', ':']),
            "{name:?}"
        );
        assert!(name.ends_with(".docx"), "{name:?}");
    }
    assert!(
        written.len() >= names.len() - 4,
        "{written:?}\n{}",
        out.stdout
    );
    if !tmp_x_before {
        assert!(!Path::new("/tmp/x.docx").exists() && !Path::new("/tmp/x").exists());
    }
}

#[test]
fn fuzz_regressions_stay_fixed() {
    let root = repo_root().join("tests/hostile/regressions");
    let mut replayed = 0;
    for target in harness::TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for file in files {
            let bytes = std::fs::read(&file).unwrap();
            let started = std::time::Instant::now();
            harness::run(target, &bytes);
            assert!(
                started.elapsed().as_secs() < 20,
                "{} took {:?}",
                file.display(),
                started.elapsed()
            );
            replayed += 1;
        }
    }
    // The seeds are replayed too, so the harness itself is exercised here.
    for target in harness::TARGETS {
        let dir = repo_root().join("fuzz/seeds").join(target);
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            harness::run(target, &std::fs::read(e.path()).unwrap());
            replayed += 1;
        }
    }
    assert!(replayed >= 45, "only {replayed} inputs replayed");
}

#[test]
fn an_interrupted_mail_merge_leaves_only_whole_files() {
    let env = Env::new();
    let rows: Vec<serde_json::Value> = (0..3000)
        .map(|i| serde_json::json!({"name": format!("Người thứ {i}")}))
        .collect();
    env.write("in/rows.json", serde_json::Value::Array(rows).to_string());
    env.write("in/t.docx", template());
    for (round, signal) in ["TERM", "INT", "TERM"].into_iter().enumerate() {
        let out_dir = env.path(&format!("work/out{round}"));
        let child = Command::new(env!("CARGO_BIN_EXE_vanban"))
            .args(["render", "in/t.docx", "--each", "in/rows.json", "-o"])
            .arg(&out_dir)
            .current_dir(env.dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Let it write a few documents, a different number each round.
        let started = std::time::Instant::now();
        loop {
            let written = std::fs::read_dir(&out_dir).map_or(0, |d| d.count());
            if written >= 2 + round * 7 {
                break;
            }
            assert!(started.elapsed().as_secs() < 120, "the merge wrote nothing");
            std::thread::sleep(std::time::Duration::from_millis(3));
        }
        let killed = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(killed.success());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(130),
            "SIG{signal}: expected the interrupted exit (130)\n{stderr}"
        );
        assert!(stderr.contains("đã dừng theo yêu cầu"), "{stderr}");
        let mut names: Vec<String> = std::fs::read_dir(&out_dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert!(!names.is_empty() && names.len() < 3000, "{}", names.len());
        for name in &names {
            assert!(
                name.ends_with(".docx") && !name.starts_with('.'),
                "SIG{signal} left a partial or temporary file `{name}`"
            );
            let bytes = std::fs::read(out_dir.join(name)).unwrap();
            let body = part(&bytes, "word/document.xml")
                .unwrap_or_else(|| panic!("`{name}` is not a whole document"));
            assert!(body.contains("Người thứ"), "{name}");
        }
    }
}

/// `package` with the sizes recorded for `entry` (local header and central
/// directory) replaced by `size`: a package that lies about what it unpacks to.
fn lying_size(package: &[u8], entry: &str, size: u32) -> Vec<u8> {
    let mut bytes = package.to_vec();
    let name = entry.as_bytes();
    let field = |b: &[u8], at: usize| u16::from_le_bytes([b[at], b[at + 1]]) as usize;
    let mut i = 0;
    while i + 46 < bytes.len() {
        if bytes[i..].starts_with(b"PK\x03\x04") {
            let n = field(&bytes, i + 26);
            if bytes.get(i + 30..i + 30 + n) == Some(name) {
                bytes[i + 22..i + 26].copy_from_slice(&size.to_le_bytes());
            }
        } else if bytes[i..].starts_with(b"PK\x01\x02") {
            let n = field(&bytes, i + 28);
            if bytes.get(i + 46..i + 46 + n) == Some(name) {
                bytes[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
            }
        }
        i += 1;
    }
    bytes
}

#[test]
fn a_part_unpacking_to_more_than_it_declares_is_refused() {
    let env = Env::new();
    env.run(&["init", "camp"]).expect_status(0);
    // 400 MB of shared strings (about 1 MB packed) that claims to be 1 KB: a reader
    // trusting the directory would hold 25 million strings.
    let si = "<si><t>x</t></si>";
    let count = 400 * 1024 * 1024 / si.len();
    let mut sst = String::with_capacity(count * si.len() + 200);
    sst.push_str(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2"><si><t>name</t></si><si><t>A</t></si>"#,
    );
    for _ in 0..count {
        sst.push_str(si);
    }
    sst.push_str("</sst>");
    let honest = raw_xlsx(&sst, ROWS, "A1:A2", "");
    drop(sst);
    // 100 KB declared: more than any header a checker reads before the real reader.
    let liar = lying_size(&honest, "xl/sharedStrings.xml", 100_000);
    env.write("camp/returns/liar.xlsx", &liar);
    env.write("in/liar.xlsx", &liar);
    env.write("in/t.docx", template());
    hostile(
        &env,
        &[
            "render",
            "in/t.docx",
            "--each",
            "in/liar.xlsx",
            "-o",
            "work/out/each",
        ],
        "work/out",
        Expect::Refused(&["in/liar.xlsx", "larger than its declared"]),
    );
    let out = hostile(&env, &["merge", "camp"], "camp/out", Expect::Refused(&[]));
    assert!(out.stdout.contains("liar.xlsx"), "{}", out.stdout);
    // The same lie in a template's body.
    let body = Docx::new(p(&r(&format!(
        "{{{{ name }}}}{}",
        " ".repeat(300 * 1024 * 1024)
    ))))
    .build();
    env.write("in/data.json", r#"{"name": "A"}"#);
    env.write("in/liar.docx", lying_size(&body, "word/document.xml", 1000));
    hostile(
        &env,
        &[
            "render",
            "in/liar.docx",
            "in/data.json",
            "-o",
            "work/out/a.docx",
        ],
        "work/out",
        Expect::Refused(&["in/liar.docx", "word/document.xml"]),
    );
}

#[test]
fn a_workbook_that_crashes_its_reader_is_refused_as_mail_merge_rows() {
    let env = Env::new();
    env.write("in/t.docx", template());
    let fixtures = repo_root().join("tests/fixtures/sheets");
    for name in ["mutated-aborts-calamine.xls", "mutated-panics-calamine.xls"] {
        let file = format!("in/{name}");
        env.write(&file, std::fs::read(fixtures.join(name)).unwrap());
        hostile(
            &env,
            &[
                "render",
                "in/t.docx",
                "--each",
                &file,
                "-o",
                "work/out/each",
            ],
            "work/out",
            Expect::Refused(&[file.as_str(), "chương trình đọc dừng lại ở tệp này"]),
        );
        assert!(!env.path("work/out/each").exists());
    }
}

#[test]
fn a_cell_reference_too_long_for_the_reader_is_refused_before_it() {
    // Found by the `sheets` fuzz target: calamine 0.38 overflows on `r="PTwfpans="`.
    let found = std::fs::read(
        repo_root().join("tests/hostile/regressions/sheets/calamine-reference-overflow.xlsx"),
    )
    .unwrap();
    assert!(vanban::sheets::read::sniff(&found, &vanban::limits::Limits::default()).is_err());
    let env = Env::new();
    env.run(&["init", "camp"]).expect_status(0);
    env.write("in/t.docx", template());
    for (name, data) in [
        (
            "letters",
            r#"<row r="1"><c r="PTwfpansAB1" t="s"><v>0</v></c></row>"#,
        ),
        (
            "digits",
            r#"<row r="99999999999"><c r="A99999999999" t="s"><v>0</v></c></row>"#,
        ),
    ] {
        let bytes = raw_xlsx(SST, data, "A1", "");
        let file = format!("in/{name}.xlsx");
        env.write(&file, &bytes);
        env.write(&format!("camp/returns/{name}.xlsx"), &bytes);
        hostile(
            &env,
            &[
                "render",
                "in/t.docx",
                "--each",
                &file,
                "-o",
                "work/out/each",
            ],
            "work/out",
            Expect::Refused(&[file.as_str(), "is not a cell reference"]),
        );
    }
    let out = hostile(&env, &["merge", "camp"], "camp/out", Expect::Refused(&[]));
    assert!(
        out.stdout.contains("letters.xlsx") && out.stdout.contains("not a cell reference"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_limit_is_raised_or_lowered_on_the_command_line() {
    let env = Env::new();
    env.write("in/data.json", r#"{"name": "Nguyễn Văn A"}"#);
    let names: Vec<String> = (0..10_001).map(|i| format!("customXml/i{i}.xml")).collect();
    let extra: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"<a/>"[..])).collect();
    env.write("in/many.docx", plus(&template(), &extra));
    let args = [
        "render",
        "in/many.docx",
        "in/data.json",
        "-o",
        "work/out/a.docx",
    ];
    hostile(
        &env,
        &args,
        "work/out",
        Expect::Refused(&["in/many.docx", "--max-zip-entries"]),
    );
    let mut raised = args.to_vec();
    raised.extend(["--max-zip-entries", "20000"]);
    hostile(&env, &raised, "work/out", Expect::Written);
    assert!(
        part(&env.read("work/out/a.docx"), "word/document.xml")
            .is_some_and(|x| x.contains("Nguyễn Văn A"))
    );

    env.write(
        "in/rows.json",
        r#"[{"name": "a"}, {"name": "b"}, {"name": "c"}]"#,
    );
    env.write("in/t.docx", template());
    hostile(
        &env,
        &[
            "render",
            "in/t.docx",
            "--each",
            "in/rows.json",
            "-o",
            "work/out/each",
            "--max-rows",
            "2",
        ],
        "work/out",
        Expect::Refused(&[
            "in/rows.json",
            "3 rows, more than the limit of 2",
            "--max-rows",
        ]),
    );
    assert!(!env.path("work/out/each").exists());
}

#[test]
fn merge_takes_the_limit_flags() {
    let env = Env::new();
    env.run(&["init", "camp"]).expect_status(0);
    env.write("camp/returns/a.xlsx", rows_xlsx());
    let out = hostile(
        &env,
        &["merge", "camp", "--max-cells", "1"],
        "camp/out",
        Expect::Refused(&["a.xlsx", "có hơn 1 ô", "--max-cells"]),
    );
    assert!(out.status == 1);
    let out = hostile(
        &env,
        &["merge", "camp", "--max-cells", "10"],
        "camp/out",
        Expect::Refused(&["a.xlsx"]),
    );
    assert!(!out.stdout.contains("--max-cells"), "{}", out.stdout);
}

// ------------------------------------------------------- the memory budget (issue 16)

/// A template doubling a text forty times: a terabyte if nothing stopped it.
const DOUBLING: &str = "{% set_global s = \"x\" %}{% for i in range(end=40) %}\
                        {% set_global s = s ~ s %}{% endfor %}{{ s }}";

/// Doubles a text `steps` times, then writes `tail` (an expression over `s`).
fn doubling(steps: u32, tail: &str) -> String {
    format!(
        "{{% set_global s = \"x\" %}}{{% for i in range(end={steps}) %}}\
         {{% set_global s = s ~ s %}}{{% endfor %}}{{{{ {tail} }}}}"
    )
}

/// The files under `rel` (none when the folder does not exist).
fn files_under(env: &Env, rel: &str) -> Vec<PathBuf> {
    snapshot(&env.path(rel)).into_keys().collect()
}

#[test]
fn templates_that_would_fill_the_memory_stop_at_the_budget() {
    let env = Env::new();
    env.write("in/data.json", "{}");
    let replace_chain = format!(
        "{{{{ \"xx\"{} }}}}",
        " | replace(from=\"x\", to=\"xx\")".repeat(40)
    );
    for (name, text) in [
        ("doubling", DOUBLING.to_string()),
        ("replace", replace_chain),
        // 512 MB, then three of it at once: 1.5 GB, past the budget by one step.
        ("concat", doubling(29, "s ~ s ~ s")),
    ] {
        let template = format!("in/{name}.docx");
        env.write(&template, template_with_text(&text));
        let out = hostile(
            &env,
            &["render", &template, "in/data.json", "-o", "work/out/x.docx"],
            "work/out",
            Expect::Refused(&[&template, "cần hơn 1.024 MB bộ nhớ", "--max-memory-mb"]),
        );
        assert!(out.stderr.contains("không ghi tệp nào"), "{}", out.stderr);
        assert_eq!(
            files_under(&env, "work/out"),
            Vec::<PathBuf>::new(),
            "{name}"
        );
    }
}

#[test]
fn the_memory_budget_is_raised_or_lowered_and_a_normal_render_is_unaffected() {
    let env = Env::new();
    env.write("in/data.json", r#"{"name": "Nguyễn Văn A"}"#);
    env.write("in/t.docx", template());
    hostile(
        &env,
        &[
            "render",
            "in/t.docx",
            "in/data.json",
            "-o",
            "work/out/a.docx",
        ],
        "work/out",
        Expect::Written,
    );
    assert!(
        part(&env.read("work/out/a.docx"), "word/document.xml")
            .is_some_and(|x| x.contains("Nguyễn Văn A"))
    );
    // A 16 MB text: past a 16 MB budget, well within a 128 MB one.
    env.write(
        "in/16mb.docx",
        template_with_text(&doubling(24, "s | length")),
    );
    let args = [
        "render",
        "in/16mb.docx",
        "in/data.json",
        "-o",
        "work/out/b.docx",
    ];
    let mut lowered = args.to_vec();
    lowered.extend(["--max-memory-mb", "16"]);
    hostile(
        &env,
        &lowered,
        "work/out",
        Expect::Refused(&["in/16mb.docx", "cần hơn 16 MB bộ nhớ", "--max-memory-mb"]),
    );
    assert!(!env.path("work/out/b.docx").exists());
    let mut raised = args.to_vec();
    raised.extend(["--max-memory-mb", "128"]);
    hostile(&env, &raised, "work/out", Expect::Written);
    assert!(
        part(&env.read("work/out/b.docx"), "word/document.xml")
            .is_some_and(|x| x.contains(&(1u32 << 24).to_string()))
    );
}

#[test]
fn check_with_data_and_a_mail_merge_stop_at_the_budget_writing_nothing() {
    let env = Env::new();
    env.write("in/data.json", "{}");
    env.write("in/doubling.docx", template_with_text(DOUBLING));
    hostile(
        &env,
        &["check", "in/doubling.docx", "--data", "in/data.json"],
        "work/out",
        Expect::Refused(&["in/doubling.docx", "1.024 MB", "--max-memory-mb"]),
    );
    // The first row is filled and written; the second breaks the budget: the
    // document of the first is removed too, so the run leaves nothing.
    env.write("in/rows.json", r#"[{"n": 1}, {"n": 40}]"#);
    env.write(
        "in/rows.docx",
        template_with_text(
            "{% set_global s = \"x\" %}{% for i in range(end=n) %}\
             {% set_global s = s ~ s %}{% endfor %}{{ s | length }}",
        ),
    );
    hostile(
        &env,
        &[
            "render",
            "in/rows.docx",
            "--each",
            "in/rows.json",
            "-o",
            "work/out/each",
        ],
        "work/out",
        Expect::Refused(&["in/rows.docx", "1.024 MB", "--max-memory-mb"]),
    );
    assert_eq!(files_under(&env, "work/out"), Vec::<PathBuf>::new());
    // The first row alone is written: the run above did write it, then removed it.
    env.write("in/first.json", r#"[{"n": 1}]"#);
    hostile(
        &env,
        &[
            "render",
            "in/rows.docx",
            "--each",
            "in/first.json",
            "-o",
            "work/out/each",
        ],
        "work/out",
        Expect::Written,
    );
    assert_eq!(files_under(&env, "work/out/each").len(), 1);
}

#[test]
fn a_campaign_outline_that_would_fill_the_memory_stops_the_plan() {
    let env = Env::new();
    env.run(&["init", "camp"]).expect_status(0);
    let outline = env.path("camp/ke-hoach.txt");
    let mut text = std::fs::read_to_string(&outline).unwrap();
    text.push_str(DOUBLING);
    text.push('\n');
    env.write("camp/ke-hoach.txt", text);
    hostile(
        &env,
        &["plan", "camp"],
        "camp/out",
        Expect::Refused(&["soạn kế hoạch", "camp", "1.024 MB", "--max-memory-mb"]),
    );
    assert_eq!(files_under(&env, "camp/out"), Vec::<PathBuf>::new());
}

// --------------------------------------------- sheets held to the XML depth limit

#[test]
fn a_sheet_nesting_100000_deep_is_refused_and_the_merge_goes_on() {
    let env = Env::new();
    let campaign = crate::forms::campaign_folder(&env, 2);
    let unit = &campaign.reporting.units[0];
    env.write(
        "camp/returns/a.xlsx",
        crate::merge::filled(&campaign, unit, crate::merge::values_of(0), 20),
    );
    let deep = format!("{}{}", "<x>".repeat(100_000), "</x>".repeat(100_000));
    env.write("camp/returns/deep.xlsx", raw_xlsx(SST, &deep, "A1:A2", ""));
    let out = hostile(
        &env,
        &["merge", "camp"],
        "camp/out",
        Expect::Refused(&[
            "deep.xlsx",
            "trang tính `Sheet1` có XML lồng nhau quá 256 tầng",
            "--max-xml-depth",
        ]),
    );
    // The other return is merged all the same.
    let merged: serde_json::Value =
        serde_json::from_slice(&env.read("camp/out/tong-hop.json")).unwrap();
    let files = merged["files"].as_array().expect("files");
    let status = |name: &str| {
        files
            .iter()
            .find(|f| f["file"].as_str().is_some_and(|n| n.ends_with(name)))
            .map(|f| f["status"].clone())
    };
    assert_eq!(status("a.xlsx"), Some("accepted".into()), "{}", out.stdout);
    assert_eq!(
        status("deep.xlsx"),
        Some("rejected".into()),
        "{}",
        out.stdout
    );
}

// ------------------------------ issue 16, first round: each kept under the rlimit

/// `package` with the checksum recorded for `entry` (local header and central
/// directory) flipped: a part damaged in transit.
fn bad_checksum(package: &[u8], entry: &str) -> Vec<u8> {
    let mut bytes = package.to_vec();
    let name = entry.as_bytes();
    let field = |b: &[u8], at: usize| u16::from_le_bytes([b[at], b[at + 1]]) as usize;
    let mut i = 0;
    while i + 46 < bytes.len() {
        if bytes[i..].starts_with(b"PK\x03\x04") {
            let n = field(&bytes, i + 26);
            if bytes.get(i + 30..i + 30 + n) == Some(name) {
                bytes[i + 14] ^= 0xFF;
            }
        } else if bytes[i..].starts_with(b"PK\x01\x02") {
            let n = field(&bytes, i + 28);
            if bytes.get(i + 46..i + 46 + n) == Some(name) {
                bytes[i + 16] ^= 0xFF;
            }
        }
        i += 1;
    }
    assert_ne!(bytes, package, "`{entry}` is not in the package");
    bytes
}

#[test]
fn a_copied_part_with_a_bad_checksum_or_nested_too_deep_is_refused() {
    let env = Env::new();
    env.write("in/data.json", r#"{"name": "Nguyễn Văn A"}"#);
    let deep = format!("{}{}", "<a>".repeat(100_000), "</a>".repeat(100_000));
    let with_item = |xml: &str| plus(&template(), &[("customXml/item1.xml", xml.as_bytes())]);
    env.write(
        "in/crc.docx",
        bad_checksum(&with_item("<a>tệp</a>"), "customXml/item1.xml"),
    );
    env.write("in/deep.docx", with_item(&deep));
    for (template, needles) in [
        ("in/crc.docx", &["in/crc.docx", "customXml/item1.xml"][..]),
        (
            "in/deep.docx",
            &["in/deep.docx", "customXml/item1.xml", "--max-xml-depth"][..],
        ),
    ] {
        hostile(
            &env,
            &["render", template, "in/data.json", "-o", "work/out/a.docx"],
            "work/out",
            Expect::Refused(needles),
        );
        assert_eq!(
            files_under(&env, "work/out"),
            Vec::<PathBuf>::new(),
            "{template}"
        );
    }
    // The same part, whole and shallow, is copied.
    env.write("in/ok.docx", with_item("<a>tệp</a>"));
    hostile(
        &env,
        &[
            "render",
            "in/ok.docx",
            "in/data.json",
            "-o",
            "work/out/a.docx",
        ],
        "work/out",
        Expect::Written,
    );
    assert_eq!(
        part(&env.read("work/out/a.docx"), "customXml/item1.xml").as_deref(),
        Some("<a>tệp</a>")
    );
}

#[test]
fn a_later_run_removes_only_our_stale_temporary_files() {
    let env = Env::new();
    env.write("in/data.json", r#"{"name": "A"}"#);
    env.write("in/t.docx", template());
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 3600);
    for name in [
        ".vanban-old.part",
        ".vanban-fresh.part",
        ".other-old.part",
        ".vanban-old.txt",
    ] {
        env.write(&format!("work/out/{name}"), "x");
        if name.contains("old") {
            crate::report::set_mtime(&env.path(&format!("work/out/{name}")), two_hours_ago);
        }
    }
    hostile(
        &env,
        &[
            "render",
            "in/t.docx",
            "in/data.json",
            "-o",
            "work/out/a.docx",
        ],
        "work/out",
        Expect::Written,
    );
    let mut left: Vec<String> = files_under(&env, "work/out")
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    left.sort();
    // Ours and older than an hour: gone. Another program's, a fresh one (a run
    // still writing), a file of another kind: kept.
    assert_eq!(
        left,
        [
            ".other-old.part",
            ".vanban-fresh.part",
            ".vanban-old.txt",
            "a.docx"
        ]
    );
}

/// A merge killed after writing `tong-hop.xlsx`, before `tong-hop.json`: the new
/// workbook beside the data of the merge before (simulated by putting the older
/// data back). The report refuses the mixed pair and writes nothing.
#[test]
fn a_killed_merge_followed_by_report_is_refused() {
    let env = Env::new();
    let campaign = crate::forms::campaign_folder(&env, 2);
    let units = &campaign.reporting.units;
    let filled =
        |i: usize| crate::merge::filled(&campaign, &units[i], crate::merge::values_of(i), 20);
    env.write("camp/bao-cao.txt", crate::report::BODY);
    env.write("camp/returns/a.xlsx", filled(0));
    env.run(&["merge", "camp"]);
    let older = env.read("camp/out/tong-hop.json");
    env.write("camp/returns/b.xlsx", filled(1));
    env.run(&["merge", "camp"]);
    assert_ne!(env.read("camp/out/tong-hop.json"), older);
    env.write("camp/out/tong-hop.json", &older);
    hostile(
        &env,
        &["report", "camp"],
        // No folder is allowed to change.
        "nothing",
        Expect::Refused(&[
            "tong-hop.xlsx",
            "tong-hop.json",
            "không cùng một lần tổng hợp",
            "vanban merge",
        ]),
    );
    assert!(!env.path("camp/out/bao-cao.docx").exists());
}

#[test]
fn a_report_outline_that_would_fill_the_memory_stops_the_report() {
    let env = crate::report::campaign_env();
    env.write(
        "c/bao-cao.txt",
        format!("{}\n{DOUBLING}\n", crate::report::BODY),
    );
    hostile(
        &env,
        &["report", "c"],
        "c/out/none",
        Expect::Refused(&["soạn báo cáo", "1.024 MB", "--max-memory-mb"]),
    );
    assert!(!env.path("c/out/bao-cao.docx").exists());
}
