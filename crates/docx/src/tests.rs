//! Engine tests: templates built in code the way Word writes them, outputs compared
//! as extracted text.

use pretty_assertions::assert_eq;
use serde_json::json;

use super::fixture::{Docx, clean_xml, p, p_with, r, rb, table, text_of, word_split};
use super::*;

fn body_text(docx: &[u8]) -> String {
    text_of(&fixture::part(docx, "word/document.xml").expect("document.xml"))
}

fn render_ok(doc: &Docx, data: serde_json::Value) -> Rendered {
    render(&doc.build(), &data, &RenderOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn render_err(doc: &Docx, data: serde_json::Value) -> String {
    render(&doc.build(), &data, &RenderOptions::default())
        .expect_err("should fail")
        .to_string()
}

#[test]
fn fills_split_tags_as_if_typed_in_one_run() {
    let cases = [
        (
            "Kính gửi: {|{ ten_|don_vi }|} nhé",
            "Kính gửi: CĐCS Trường Tiểu học nhé",
        ),
        ("{{ a }}|{{ b }}", "AB"),
        ("{|{|-| a| -}|}", "A"),
        ("{{ \u{201C}x\u{201D} ~ a ~ \u{2018}y\u{2019} }}", "xAy"),
        ("{{ a > b }}", "false"),
    ];
    for (typed, want) in cases {
        let doc = Docx::new(p(&word_split(typed)));
        let out = render_ok(
            &doc,
            json!({"ten_don_vi": "CĐCS Trường Tiểu học", "a": "A", "b": "B"}),
        );
        assert_eq!(body_text(&out.bytes), format!("{want}\n"), "{typed}");
    }
}

#[test]
fn value_takes_the_formatting_of_the_tags_first_character() {
    let doc = Docx::new(p(&format!("{}{}", rb("{{ ten"), r(" }}"))));
    let out = render_ok(&doc, json!({"ten": "Hà"}));
    let xml = fixture::part(&out.bytes, "word/document.xml").unwrap();
    assert!(
        xml.contains(r#"<w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Hà</w:t>"#),
        "{xml}"
    );
}

#[test]
fn escapes_values_and_keeps_breaks_tabs_and_spaces() {
    let doc = Docx::new(p(&r("[{{ v }}]")));
    let out = render_ok(&doc, json!({"v": "  a & <b>\nc\td\u{B}e  "}));
    assert_eq!(body_text(&out.bytes), "[  a & <b>⏎c\tde  ]\n");
}

#[test]
fn paragraph_loops_leave_no_empty_paragraphs_and_nest() {
    let body = [
        p(&r("Đầu")),
        p(&r("{%p for u in units %}")),
        p(&r("{{ loop.index }}. {{ u.ten }}")),
        p(&r("{%p for m in u.members %}")),
        p(&r("- {{ m }}")),
        p(&r("{%p endfor %}")),
        p(&r("{%p endfor %}")),
        p(&r("Cuối")),
    ]
    .concat();
    let out = render_ok(
        &Docx::new(body),
        json!({"units": [{"ten": "A", "members": ["x", "y"]}, {"ten": "B", "members": []}]}),
    );
    assert_eq!(body_text(&out.bytes), "Đầu\n1. A\n- x\n- y\n2. B\nCuối\n");
}

#[test]
fn row_loop_inside_column_loop_and_grid_kept_consistent() {
    let rows = vec![
        vec![
            p(&r("Đơn vị")),
            p(&r("{%tc for y in years %}")),
            p(&r("{{ y }}")),
            p(&r("{%tc endfor %}")),
        ],
        vec![p(&r("{%tr for u in units %}"))],
        vec![
            p(&r("{{ u.ten }}")),
            p(&r("{%tc for y in years %}")),
            p(&r("{{ u.so[loop.index0] }}")),
            p(&r("{%tc endfor %}")),
        ],
        vec![p(&r("{%tr endfor %}"))],
    ];
    let doc = Docx::new(table(&[3000, 1000, 2000, 1000], &rows));
    let out = render_ok(
        &doc,
        json!({"years": [2015, 2016, 2017, 2018], "units": [{"ten": "A", "so": [1, 2, 3, 4]}, {"ten": "B", "so": [5, 6, 7, 8]}]}),
    );
    assert_eq!(
        body_text(&out.bytes),
        "Đơn vị | 2015 | 2016 | 2017 | 2018\nA | 1 | 2 | 3 | 4\nB | 5 | 6 | 7 | 8\n"
    );
    let xml = fixture::part(&out.bytes, "word/document.xml").unwrap();
    assert_eq!(xml.matches("<w:gridCol ").count(), 5, "{xml}");
    assert_eq!(
        xml.matches(r#"<w:gridCol w:w="1400"/>"#).count(),
        5,
        "{xml}"
    );
    assert_eq!(
        xml.matches(r#"<w:tcW w:w="1400" w:type="dxa"/>"#).count(),
        15,
        "{xml}"
    );
}

#[test]
fn run_tags_and_conditions() {
    let body = p(&format!(
        "{}{}{}{}",
        r("Ông/bà "),
        r("{%r if nam %}"),
        r("ông"),
        r("{%r else %}bà{%r endif %}")
    ));
    let out = render_ok(&Docx::new(body), json!({"nam": false}));
    assert_eq!(body_text(&out.bytes), "Ông/bà bà\n");
    let body = p(&format!("{}{}", r("{{ 'ông' if nam else 'bà' }}"), r("!")));
    let out = render_ok(&Docx::new(body), json!({"nam": true}));
    assert_eq!(body_text(&out.bytes), "ông!\n");
}

#[test]
fn renders_headers_footers_footnotes_and_title() {
    let doc = Docx::new(p(&r("{{ a }}")))
        .header(p(&word_split("H: {{ |don_vi }}")))
        .footer(p(&r("F: {{ nam }}")))
        .footnote(p(&r("N: {{ a }}")))
        .title("Kế hoạch {{ nam }}");
    let out = render_ok(&doc, json!({"a": "A", "don_vi": "LĐLĐ", "nam": 2017}));
    let part = |n: &str| text_of(&fixture::part(&out.bytes, n).unwrap());
    assert_eq!(part("word/header1.xml"), "H: LĐLĐ\n");
    assert_eq!(part("word/footer1.xml"), "F: 2017\n");
    assert!(part("word/footnotes.xml").contains("N: A\n"));
    let core = fixture::part(&out.bytes, "docProps/core.xml").unwrap();
    assert!(
        core.contains("<dc:title>Kế hoạch 2017</dc:title>"),
        "{core}"
    );
}

#[test]
fn missing_variable_is_an_error_naming_it_and_where() {
    let doc = Docx::new(
        [
            p(&r("Số: 05")),
            p(&word_split("Kính gửi: {{ ten_|don_vi }}")),
        ]
        .concat(),
    );
    assert_eq!(
        render_err(&doc, json!({"nam": 2017})),
        "`ten_don_vi` is not in the data\n  --> body › paragraph 2\n   | Kính gửi: ▶{{ ten_don_vi }}◀\n  caused by: Variable `ten_don_vi` is not defined. Available variables: nam"
    );
}

#[test]
fn a_loop_over_missing_data_names_the_list() {
    let doc = Docx::new(
        [
            p(&r("{%p for u in units | reverse %}")),
            p(&r("{{ u.name }}")),
            p(&r("{%p endfor %}")),
        ]
        .concat(),
    );
    let err = render_err(&doc, json!({"nam": 2017}));
    assert!(
        err.starts_with(
            "`units` is not in the data (the loop needs a list)\n  --> body › paragraph 1"
        ),
        "{err}"
    );
}

#[test]
fn lenient_renders_missing_values_empty_and_warns() {
    let doc = Docx::new(
        [
            p(&r("[{{ ten }}][{{ u.phone }}]")),
            p(&r("{%p if co %}")),
            p(&r("có")),
            p(&r("{%p endif %}")),
        ]
        .concat(),
    );
    let opts = RenderOptions {
        strict: false,
        ..RenderOptions::default()
    };
    let out = render(&doc.build(), &json!({"u": {"name": "x"}}), &opts).unwrap();
    assert_eq!(body_text(&out.bytes), "[][]\n");
    let warnings: Vec<String> = out.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        [
            "`co` is not in the data; rendered empty (body › paragraph 2: ▶{%p if co %}◀)",
            "`ten` is not in the data; rendered empty (body › paragraph 1: [▶{{ ten }}◀][{{ u.phone }}])",
            "`{{ u.phone }}` has no value in the data; rendered empty (body › paragraph 1: [{{ ten }}][▶{{ u.phone }}◀])",
        ]
    );
}

#[test]
fn several_syntax_errors_are_all_reported() {
    let doc = Docx::new(
        [
            p(&r("{{ a + }}")),
            p(&r("{%p for x in %}")),
            p(&r("{{ b | no_such_filter }}")),
            p(&r("{%p if c %}")),
            p(&r("{{ d")),
        ]
        .concat(),
    );
    let msg = render_err(&doc, json!({}));
    assert!(msg.starts_with("5 problems in the template:"), "{msg}");
    for needle in [
        "5. `{{` is never closed by `}}` in this paragraph",
        "body › paragraph 1",
        "syntax error in `{%p for x in %}`",
        "Unknown filter `no_such_filter`",
        "`{%p if c %}` is never closed: add `{%p endif %}`",
    ] {
        assert!(msg.contains(needle), "missing {needle:?} in\n{msg}");
    }
}

#[test]
fn restart_numbering_gives_each_item_its_own_list() {
    let li = |t: &str| {
        p_with(
            r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>"#,
            &r(t),
        )
    };
    let body = [
        p(&r("{%p for u in units %}")),
        p(&r("{{ u.ten }}{{ restart_numbering() }}")),
        p(&r("{%p for m in u.tasks %}")),
        li("{{ m }}"),
        p(&r("{%p endfor %}")),
        p(&r("{%p endfor %}")),
    ]
    .concat();
    let doc = Docx::new(body).numbered_list();
    let out = render_ok(
        &doc,
        json!({"units": [{"ten": "A", "tasks": ["a1", "a2"]}, {"ten": "B", "tasks": ["b1"]}]}),
    );
    let xml = fixture::part(&out.bytes, "word/document.xml").unwrap();
    let ids: Vec<&str> = xml
        .match_indices("<w:numId w:val=\"")
        .map(|(i, _)| &xml[i + 16..i + 17])
        .collect();
    assert_eq!(ids, ["2", "2", "3"]);
    let numbering = fixture::part(&out.bytes, "word/numbering.xml").unwrap();
    assert!(numbering.contains(r#"<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>"#), "{numbering}");
}

#[test]
fn output_is_deterministic_and_untagged_parts_are_copied_raw() {
    let doc = Docx::new(p(&r("{{ a }}"))).numbered_list();
    let template = doc.build();
    let a = render(&template, &json!({"a": 1}), &RenderOptions::default()).unwrap();
    let b = render(&template, &json!({"a": 1}), &RenderOptions::default()).unwrap();
    assert_eq!(a.bytes, b.bytes);
    assert_eq!(
        fixture::part(&a.bytes, "word/numbering.xml"),
        fixture::part(&template, "word/numbering.xml")
    );
}

#[test]
fn data_must_be_an_object() {
    let doc = Docx::new(p(&r("x")));
    assert_eq!(
        render_err(&doc, json!([1, 2])),
        "the data must be a JSON object (`{ \"name\": value, … }`) whose keys the template uses; this data is an array"
    );
}

#[test]
// The test reads the real environment to prove the template could not.
#[allow(clippy::disallowed_methods)]
fn templates_cannot_read_the_environment() {
    let doc = Docx::new(p(&r("{{ get_env(name=\"HOME\") }}")));
    let msg = render_err(&doc, json!({}));
    assert_eq!(
        msg,
        "syntax error in `{{ get_env(name=\"HOME\") }}`\n  --> body › paragraph 1\n   | ▶{{ get_env(name=\"HOME\") }}◀\n  caused by: Unknown function `get_env`"
    );
    if let Ok(home) = std::env::var("HOME") {
        assert!(!msg.contains(&home) || home.len() < 2);
    }
}

#[test]
fn render_text_uses_the_same_setup() {
    let out = render_text(
        "name",
        "{{ ma }}-{{ ten | upper }}.docx",
        &json!({"ma": "07", "ten": "abc"}),
        &RenderOptions::default(),
    )
    .unwrap();
    assert_eq!(out, "07-ABC.docx");
    let err = render_text(
        "--name",
        "{{ nope }}.docx",
        &json!({}),
        &RenderOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        err,
        "`nope` is not in the data\n  --> --name › line 1\n   | {{ ▶nope◀ }}.docx\n  caused by: Variable `nope` is not defined."
    );
}

#[test]
fn check_lists_tags_problems_and_missing_variables() {
    let doc = Docx::new(
        [
            p(&r("{{ a }} {{ b.c }}")),
            table(
                &[2000],
                &[
                    vec![p(&r("{%tr for x in rows %}"))],
                    vec![p(&r("{{ x }}"))],
                    vec![p(&r("{%tr endfor %}"))],
                ],
            ),
        ]
        .concat(),
    );
    let report = check(
        &doc.build(),
        Some(&json!({"a": 1})),
        &RenderOptions::default(),
    );
    let tags: Vec<(String, String, String)> = report
        .tags
        .iter()
        .map(|t| (t.kind_name(), t.text.clone(), t.location.place()))
        .collect();
    assert_eq!(
        tags,
        [
            (
                "value".into(),
                "{{ a }}".into(),
                "body › paragraph 1".into()
            ),
            (
                "value".into(),
                "{{ b.c }}".into(),
                "body › paragraph 1".into()
            ),
            (
                "row block".into(),
                "{%tr for x in rows %}".into(),
                "body › table 1, row 1, cell 1 › paragraph 2".into()
            ),
            (
                "value".into(),
                "{{ x }}".into(),
                "body › table 1, row 2, cell 1 › paragraph 3".into()
            ),
            (
                "row block".into(),
                "{%tr endfor %}".into(),
                "body › table 1, row 3, cell 1 › paragraph 4".into()
            ),
        ]
    );
    let missing: Vec<&str> = report.missing.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(missing, ["b", "rows"]);
    assert!(report.problems.is_empty());
    assert!(!report.is_ok());
}

#[test]
fn loops_over_nothing_leave_documents_word_can_open() {
    let body = [
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
                p(&r("x")),
            ]],
        ),
    ]
    .concat();
    let out = render_ok(&Docx::new(body), json!({"units": []}));
    let xml = fixture::part(&out.bytes, "word/document.xml")
        .unwrap()
        .replace('\n', "");
    assert_eq!(xml.matches("<w:tbl>").count(), 1, "{xml}");
    assert!(
        xml.contains(r#"<w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr><w:p/></w:tc>"#),
        "{xml}"
    );
    assert_eq!(body_text(&out.bytes), " | x\n");
}

#[test]
fn every_missing_variable_is_named_not_only_the_first() {
    let doc = Docx::new([p(&r("{{ a }} {{ b }}")), p(&r("{{ c }}"))].concat());
    let msg = render_err(&doc, json!({"c": 1}));
    assert!(msg.starts_with("2 problems in the template:"), "{msg}");
    assert!(msg.contains("1. `a` is not in the data"), "{msg}");
    assert!(msg.contains("2. `b` is not in the data"), "{msg}");
}

#[test]
fn loops_over_too_much_stop_at_the_limit() {
    let doc = Docx::new(
        [
            p(&r("{%p for i in range(end=1000) %}")),
            p(&r("{% for j in range(end=1000) %}{% endfor %}")),
            p(&r("{%p endfor %}")),
        ]
        .concat(),
    );
    let opts = RenderOptions {
        limits: Limits {
            max_loop_iterations: 5_000,
            ..Limits::default()
        },
        ..RenderOptions::default()
    };
    let err = render(&doc.build(), &json!({}), &opts).unwrap_err();
    assert_eq!(err.limit(), Some(Limit::LoopIterations));
    assert_eq!(
        err.to_string(),
        "cannot render `{% for j in range(end=1000) %}`\n  --> body › paragraph 2\n   | ▶{% for j in range(end=1000) %}◀{% endfor %}\n  caused by: the template runs more than 5000 loop iterations in all: is a loop over the wrong data? (the limit on loop iterations in one document)"
    );
}

#[test]
fn lenient_prints_a_present_value_as_strict_does_and_reports_only_the_missing() {
    // Lenient value tags test `is defined` and print the value as strict mode
    // does; only a missing value takes the reporting branch.
    let doc = Docx::new(
        [
            p(&r("{%p for u in units %}")),
            p(&r(
                "[{{ u.ten }}|{{ u.so }} {{- u.x -}} |{{ u.so | round }}]",
            )),
            p(&r("{%p endfor %}")),
        ]
        .concat(),
    );
    let full = json!({"units": [
        {"ten": "A & <B>", "so": 3, "x": null},
        {"ten": "C", "so": 1.5, "x": true},
    ]});
    let strict = render(&doc.build(), &full, &RenderOptions::default()).unwrap();
    let lenient_out = render(&doc.build(), &full, &lenient()).unwrap();
    assert_eq!(body_text(&lenient_out.bytes), body_text(&strict.bytes));
    assert_eq!(
        body_text(&strict.bytes),
        "[A & <B>|3|3.0]\n[C|1.5true|2.0]\n"
    );
    assert!(
        lenient_out.warnings.is_empty(),
        "{:?}",
        lenient_out.warnings
    );

    let gap = json!({"units": [{"ten": "D", "x": 1}, {"so": 2}]});
    let out = render(&doc.build(), &gap, &lenient()).unwrap();
    assert_eq!(body_text(&out.bytes), "[D|1|]\n[|2|2.0]\n");
    let warned: Vec<&str> = out.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        warned,
        [
            "`{{ u.ten }}` has no value in the data; rendered empty",
            "`{{ u.so }}` has no value in the data; rendered empty",
            "`{{- u.x -}}` has no value in the data; rendered empty",
            "`{{ u.so | round }}` has no value in the data; rendered empty",
        ]
    );
}

#[test]
fn lenient_conditions_and_loops_treat_missing_fields_as_empty() {
    let doc = Docx::new(
        [
            p(&r("{%p for u in units %}")),
            p(&r("{{ u.ten }}{% if u.phone %}: {{ u.phone }}{% endif %}{% if u.so > 2 and u.x.y %}!{% endif %}")),
            p(&r("{%p for t in u.tasks %}")),
            p(&r("- {{ t }}")),
            p(&r("{%p endfor %}")),
            p(&r("{%p endfor %}")),
        ]
        .concat(),
    );
    let opts = RenderOptions {
        strict: false,
        ..RenderOptions::default()
    };
    let data = json!({"units": [{"ten": "A", "phone": "09", "so": 3, "tasks": ["x"]}, {"ten": "B", "so": 1}]});
    let out = render(&doc.build(), &data, &opts).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(body_text(&out.bytes), "A: 09\n- x\nB\n");
    let warned: Vec<&str> = out.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        warned,
        [
            "`{% if u.phone %}` has no value in the data; rendered empty",
            "`{%p for t in u.tasks %}` has no value in the data; rendered empty",
        ]
    );
}

#[test]
fn the_callers_extensions_are_available_in_documents_texts_and_checks() {
    let opts = RenderOptions {
        extensions: Extensions::new(|tera| {
            tera.register_filter("shout", |v: &str, _: tera::Kwargs, _: &tera::State| {
                v.to_uppercase()
            });
        }),
        ..RenderOptions::default()
    };
    let doc = Docx::new(p(&r("Kính gửi: {{ ten | shout }}")));
    let out = render(&doc.build(), &json!({"ten": "ban thường vụ"}), &opts).unwrap();
    assert_eq!(body_text(&out.bytes), "Kính gửi: BAN THƯỜNG VỤ\n");
    let text = render_text("name", "{{ \"đ\" | shout }}", &json!({}), &opts).unwrap();
    assert_eq!(text, "Đ");
    assert!(check(&doc.build(), None, &opts).is_ok());
    // Without them, the filter is unknown and the message names it.
    let err = render_err(&doc, json!({"ten": "x"}));
    assert!(err.contains("Unknown filter `shout`"), "{err}");
}

#[test]
fn check_with_data_finds_fields_missing_in_some_rows() {
    let doc = Docx::new(
        [
            p(&r("{{ tieu_de }}")),
            p(&r("{%p for u in units %}")),
            p(&r("{{ u.ten }}: {{ u.phone | upper }}")),
            p(&r("{%p endfor %}")),
        ]
        .concat(),
    );
    let data = json!({"units": [{"ten": "A", "phone": "1"}, {"ten": "B"}]});
    let report = check(&doc.build(), Some(&data), &RenderOptions::default());
    let missing: Vec<(&str, Vec<String>)> = report
        .missing
        .iter()
        .map(|m| {
            (
                m.name.as_str(),
                m.used_at.iter().map(|l| l.place()).collect(),
            )
        })
        .collect();
    assert_eq!(
        missing,
        [
            ("tieu_de", vec!["body › paragraph 1".to_string()]),
            ("u.phone", vec!["body › paragraph 3".to_string()]),
        ]
    );
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn split_tag_output_as_cleaned_xml() {
    let doc = Docx::new(p(&word_split("Kính gửi: {|{ ten_|don_vi }|} nhé")));
    let out = render_ok(&doc, json!({"ten_don_vi": "A & B"}));
    let xml = fixture::clean_xml(&fixture::part(&out.bytes, "word/document.xml").unwrap());
    let body = &xml[xml.find("<w:body>").unwrap()..xml.find("<w:sectPr>").unwrap()];
    assert_eq!(
        body,
        concat!(
            r#"<w:body><w:p><w:r><w:t xml:space="preserve">Kính gửi: A &amp; B</w:t></w:r>"#,
            r#"<w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve"> nhé</w:t></w:r></w:p>"#,
        )
    );
}

#[test]
fn every_way_of_splitting_a_tag_gives_the_same_document() {
    let text = "A {{ x | upper }} {%p if y %}";
    let plain = "A {{ x | upper }} b";
    let chars: Vec<(usize, char)> = plain.char_indices().collect();
    let data = json!({"x": "hà", "y": true});
    let want = "A HÀ b\n";
    for i in 1..chars.len() {
        for j in i + 1..chars.len() {
            let (a, b) = (chars[i].0, chars[j].0);
            let split = [&plain[..a], &plain[a..b], &plain[b..]];
            let doc = Docx::new(p(&fixture::word_runs(&split)));
            let out = render_ok(&doc, data.clone());
            assert_eq!(body_text(&out.bytes), want, "{split:?}");
        }
    }
    // A structural tag split anywhere still lifts its paragraph.
    for i in 1..text.len() - 1 {
        if !text.is_char_boundary(i) || i < 18 {
            continue;
        }
        let split = [&text[18..i], &text[i..]];
        let body = [
            p(&fixture::word_runs(&split)),
            p(&r("x")),
            p(&r("{%p endif %}")),
        ]
        .concat();
        let out = render_ok(&Docx::new(body), data.clone());
        assert_eq!(body_text(&out.bytes), "x\n", "{split:?}");
    }
}

#[test]
fn a_word_template_dotx_fills_into_a_document() {
    use std::io::{Read, Write};
    let docx = Docx::new(p(&r("{{ a }}"))).build();
    // Rewrite the package as a .dotx: same parts, template content type.
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(&docx)).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..src.len() {
        let mut f = src.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut text = String::new();
        f.read_to_string(&mut text).unwrap();
        if name == CONTENT_TYPES {
            text = text.replace(DOCX_MAIN, DOTX_MAIN);
        }
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    let dotx = w.finish().unwrap().into_inner();
    let out = render(&dotx, &json!({"a": "x"}), &RenderOptions::default()).unwrap();
    let types = fixture::part(&out.bytes, CONTENT_TYPES).unwrap();
    assert!(
        types.contains(DOCX_MAIN) && !types.contains(DOTX_MAIN),
        "{types}"
    );
    assert_eq!(body_text(&out.bytes), "x\n");
}

#[test]
fn templates_cannot_include_files() {
    for tag in [
        "{% include \"/etc/passwd\" %}",
        "{% extends \"/etc/passwd\" %}",
    ] {
        let doc = Docx::new(p(&r(tag)));
        let msg = render_err(&doc, json!({}));
        assert!(!msg.contains("root:"), "{msg}");
        assert!(
            msg.starts_with(&format!(
                "syntax error in `{tag}`\n  --> body › paragraph 1"
            )),
            "{msg}"
        );
    }
}

#[test]
fn comment_tags_remove_their_element() {
    let body = [
        p(&r("{#p ghi chú cho người soạn #}")),
        table(
            &[2000, 2000],
            &[
                vec![p(&r("A")), p(&r("{#tc cột nháp #}"))],
                vec![p(&r("{#tr hàng nháp #}")), p(&r("x"))],
                vec![p(&r("B")), p(&r("C {# giữa #}D"))],
            ],
        ),
    ]
    .concat();
    let out = render_ok(&Docx::new(body), json!({}));
    assert_eq!(body_text(&out.bytes), "A\nB | C D\n");
}

#[test]
fn a_rendered_part_nested_deeper_than_the_limit_is_refused() {
    let limits = Limits {
        max_xml_depth: 32,
        ..Limits::default()
    };
    let opts = RenderOptions {
        limits,
        ..RenderOptions::default()
    };
    let template = Docx::new(p(&r("{{ deep | safe }}"))).build();
    // w:document › w:body › w:p › w:r › w:t hold the value: five levels.
    let nested = |depth: usize| format!("{}{}", "<w:x>".repeat(depth), "</w:x>".repeat(depth));
    // (levels the value nests, refused)
    let cases = [(27, false), (28, true), (200_000, true)];
    for (depth, refused) in cases {
        let got = render(&template, &json!({ "deep": nested(depth) }), &opts);
        match got {
            Ok(_) => assert!(!refused, "{depth} levels rendered"),
            Err(RenderError::TooDeep {
                part,
                entry,
                limit,
                max,
            }) => {
                assert!(refused, "{depth} levels refused");
                assert_eq!(
                    (part.as_str(), entry.as_str(), limit, max),
                    ("rendered body", "word/document.xml", Limit::XmlDepth, 32)
                );
            }
            Err(e) => panic!("{depth} levels: {e}"),
        }
    }
    let message = render(&template, &json!({ "deep": nested(40) }), &opts)
        .unwrap_err()
        .to_string();
    assert_eq!(
        message,
        "the template's rendered body (`word/document.xml`) nests elements deeper than the limit of 32 (the limit on XML nesting depth)"
    );
}

/// A part the engine copies unread (an image) whose checksum fails is refused by
/// name, rather than copied into a document Word would then refuse.
#[test]
fn a_copied_part_with_a_bad_checksum_is_refused_by_name() {
    use std::io::{Read as _, Write as _};
    let base = Docx::new(p(&r("{{ a }}"))).build();
    let mut source = zip::ZipArchive::new(std::io::Cursor::new(base)).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..source.len() {
        let mut f = source.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        w.start_file(name, stored).unwrap();
        w.write_all(&bytes).unwrap();
    }
    w.start_file("word/media/logo.bin", stored).unwrap();
    w.write_all(b"PAYLOAD-1234567890").unwrap();
    let good = w.finish().unwrap().into_inner();
    assert!(render(&good, &json!({"a": "x"}), &RenderOptions::default()).is_ok());
    // One byte of the stored picture changed: its checksum no longer matches.
    let at = good
        .windows(18)
        .position(|win| win == b"PAYLOAD-1234567890")
        .unwrap();
    let mut bad = good.clone();
    bad[at + 8] = b'9';
    let err = render(&bad, &json!({"a": "x"}), &RenderOptions::default()).unwrap_err();
    assert!(
        matches!(&err, RenderError::Package(PackageError::Corrupt { name, .. }) if name == "word/media/logo.bin"),
        "{err:?}"
    );
}

/// An XML part the engine copies unchanged is still held to the depth limit: the
/// reader of the output parses it too.
#[test]
fn a_copied_xml_part_nested_deeper_than_the_limit_is_refused() {
    use std::io::{Read as _, Write as _};
    let with_part = |depth: usize| {
        let base = Docx::new(p(&r("{{ a }}"))).build();
        let mut source = zip::ZipArchive::new(std::io::Cursor::new(base)).unwrap();
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for i in 0..source.len() {
            let mut f = source.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            w.start_file(name, options).unwrap();
            w.write_all(&bytes).unwrap();
        }
        w.start_file("customXml/item1.xml", options).unwrap();
        let xml = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
        w.write_all(xml.as_bytes()).unwrap();
        w.finish().unwrap().into_inner()
    };
    let opts = RenderOptions::default();
    assert!(render(&with_part(10), &json!({"a": "x"}), &opts).is_ok());
    let err = render(&with_part(100_000), &json!({"a": "x"}), &opts).unwrap_err();
    assert!(
        matches!(&err, RenderError::TooDeep { entry, .. } if entry == "customXml/item1.xml"),
        "{err:?}"
    );
}

fn lenient() -> RenderOptions {
    RenderOptions {
        strict: false,
        ..RenderOptions::default()
    }
}

fn with_shout() -> Extensions {
    Extensions::new(|tera| {
        tera.register_filter("num", |v: f64, _: tera::Kwargs, _: &tera::State| {
            format!("{v:.1}")
        });
    })
}

#[test]
fn lenient_keeps_default_and_is_defined() {
    let cases = [
        (r#"[{{ unknowvar | default(value="Testé") }}]"#, "[Testé]"),
        (
            "{% if unknowvar is defined %}yes{% else %}no{% endif %}",
            "no",
        ),
        ("{% if known is defined %}yes{% else %}no{% endif %}", "yes"),
        ("{% set y = missing | default(value=3) %}[{{ y }}]", "[3]"),
        ("[{{ u.x | default(value=\"d\") }}]", "[d]"),
        ("[{{ missing | num }}]", "[]"),
        ("[{{ known | num }}]", "[2.0]"),
    ];
    for (typed, want) in cases {
        let doc = Docx::new(p(&r(typed)));
        for opts in [RenderOptions::default(), lenient()] {
            let opts = RenderOptions {
                extensions: with_shout(),
                ..opts
            };
            let got = render(&doc.build(), &json!({"known": 2, "u": {}}), &opts);
            if opts.strict && typed.contains("missing | num") {
                assert!(got.is_err(), "{typed}");
                continue;
            }
            let got = got.unwrap_or_else(|e| panic!("{typed}: {e}"));
            assert_eq!(
                body_text(&got.bytes),
                format!("{want}\n"),
                "{typed} strict={}",
                opts.strict
            );
        }
    }
    // The missing value without a default is still reported.
    let doc = Docx::new(p(&r("[{{ missing | num }}]")));
    let opts = RenderOptions {
        extensions: with_shout(),
        ..lenient()
    };
    let out = render(&doc.build(), &json!({}), &opts).unwrap();
    let missing: Vec<_> = out
        .warnings
        .iter()
        .filter_map(|w| w.missing.clone())
        .collect();
    assert_eq!(missing, ["missing"]);
}

#[test]
fn raw_blocks_print_their_tags_as_typed_in_every_mode() {
    let doc = Docx::new(p(&r(
        "A {% raw %}{{ test }} {% for x in y %}{{ a < b }}{% endraw %} B",
    )));
    for opts in [RenderOptions::default(), lenient()] {
        let out = render(&doc.build(), &json!({}), &opts).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            body_text(&out.bytes),
            "A {{ test }} {% for x in y %}{{ a < b }} B\n",
            "strict={}",
            opts.strict
        );
    }
}

#[test]
fn a_run_tag_sharing_its_run_keeps_the_other_text() {
    let doc = Docx::new(p(&rb(
        "Start {%r if flag %}Hello {{ name }}{%r endif %} world",
    )));
    let out = render_ok(&doc, json!({"flag": true, "name": "Ann"}));
    assert_eq!(body_text(&out.bytes), "Start Hello Ann world\n");
    let out = render_ok(&doc, json!({"flag": false, "name": "Ann"}));
    assert_eq!(body_text(&out.bytes), "Start  world\n");
    // Every piece keeps the run's formatting, and nothing is reported as dropped.
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let xml = fixture::part(&out.bytes, "word/document.xml").unwrap();
    assert_eq!(
        xml.matches("<w:r><w:rPr><w:b/></w:rPr>").count(),
        2,
        "{xml}"
    );
}

#[test]
fn closing_delimiters_inside_string_literals_do_not_end_the_tag() {
    let cases = [
        (r#"{{ "{{ test }}" }}"#, "{{ test }}"),
        (r#"{% if x == "%}" %}yes{% endif %}"#, "yes"),
        ("{{ '}}' ~ x }}", "}}%}"),
        ("{{ \u{201C}a }}\u{201D} }}", "a }}"),
    ];
    for (typed, want) in cases {
        let doc = Docx::new(p(&r(typed)));
        let out = render_ok(&doc, json!({"x": "%}"}));
        assert_eq!(body_text(&out.bytes), format!("{want}\n"), "{typed}");
    }
}

#[test]
fn escape_xml_escapes_once() {
    let doc = Docx::new(p(&r("{{ v | escape_xml }}")).to_string()).title("{{ v | escape_xml }}");
    let out = render_ok(&doc, json!({"v": "a < b & c"}));
    assert_eq!(body_text(&out.bytes), "a < b & c\n");
    let core = fixture::part(&out.bytes, "docProps/core.xml").unwrap();
    assert!(core.contains("a &lt; b &amp; c<"), "{core}");
}

#[test]
fn values_break_lines_paragraphs_and_pages_as_in_docxtpl() {
    let doc = Docx::new(
        [
            p_with(
                r#"<w:jc w:val="center"/>"#,
                &format!("{}{}", r("Nội dung: "), rb("{{ v }}!")),
            ),
            p(&r("Cuối")),
        ]
        .concat(),
    );
    let out = render_ok(
        &doc,
        json!({"v": "dòng 1\ndòng 2\u{7}đoạn 2\u{c}trang 2\u{7}"}),
    );
    assert_eq!(
        body_text(&out.bytes),
        "Nội dung: dòng 1⏎dòng 2\nđoạn 2⏎trang 2\n!\nCuối\n"
    );
    let xml = clean_xml(&fixture::part(&out.bytes, "word/document.xml").unwrap());
    let body = &xml[xml.find("<w:body>").unwrap()..xml.find("<w:sectPr").unwrap()];
    let centered = r#"<w:p><w:pPr><w:jc w:val="center"/></w:pPr>"#;
    let bold = r#"<w:r><w:rPr><w:b/></w:rPr>"#;
    assert_eq!(
        body,
        [
            "<w:body>",
            centered,
            r#"<w:r><w:t xml:space="preserve">Nội dung: </w:t></w:r>"#,
            bold,
            r#"<w:t xml:space="preserve">dòng 1</w:t><w:br/><w:t xml:space="preserve">dòng 2</w:t></w:r></w:p>"#,
            centered,
            bold,
            r#"<w:t xml:space="preserve">đoạn 2</w:t><w:br w:type="page"/><w:t xml:space="preserve">trang 2</w:t></w:r></w:p>"#,
            centered,
            bold,
            r#"<w:t xml:space="preserve">!</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:t xml:space="preserve">Cuối</w:t></w:r></w:p>"#,
        ]
        .concat()
    );
}

#[test]
fn docxtpl_escapes_print_delimiters_as_text() {
    let doc = Docx::new(
        [
            p(&word_split("Gõ {|_{ ten }_|} hoặc {_% if x %_}: {{ a }}")),
            p(&r("{_{ chỉ chữ }_}")),
        ]
        .concat(),
    )
    .title("{_{ t }_}");
    let out = render_ok(&doc, json!({"a": "A"}));
    assert_eq!(
        body_text(&out.bytes),
        "Gõ {{ ten }} hoặc {% if x %}: A\n{{ chỉ chữ }}\n"
    );
    let core = fixture::part(&out.bytes, "docProps/core.xml").unwrap();
    assert!(core.contains("&#123;{ t }}"), "{core}");
    // Not tags: check lists only the real one.
    let report = check(&doc.build(), None, &RenderOptions::default());
    let tags: Vec<&str> = report.tags.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(tags, ["{{ a }}"]);
}

#[test]
fn whitespace_control_joins_paragraphs_as_docxtpl_does() {
    let doc = Docx::new(
        [
            p_with(
                r#"<w:jc w:val="center"/>"#,
                &word_split("Các đơn vị: {|% for u in units -|%}"),
            ),
            p(&r("{{ u }}{% if not loop.last %}, {% endif %}")),
            p(&rb("{%- endfor %}")),
            p(&r("Trước")),
            p(&r("{%- if co %} (có){% endif %}")),
            p(&r("Hết.")),
        ]
        .concat(),
    );
    let out = render_ok(&doc, json!({"units": ["A", "B", "C"], "co": true}));
    assert_eq!(
        body_text(&out.bytes),
        "Các đơn vị: A, B, C\nTrước (có)\nHết.\n"
    );
    // The joined paragraph keeps the first one's properties.
    let root = xml::parse(&fixture::part(&out.bytes, "word/document.xml").unwrap(), 64).unwrap();
    let body = xml::root(&root).unwrap().child("w:body").unwrap();
    let first = body.child("w:p").unwrap();
    assert_eq!(
        first
            .child("w:pPr")
            .and_then(|p| p.child("w:jc"))
            .and_then(|j| j.attr("w:val")),
        Some("center".to_string())
    );
    // Without the dashes, each tag keeps its own paragraph.
    let doc = Docx::new([p(&r("A")), p(&r("{% if co %}B{% endif %}"))].concat());
    let out = render_ok(&doc, json!({"co": true}));
    assert_eq!(body_text(&out.bytes), "A\nB\n");
}

#[test]
fn rich_text_from_data_replaces_its_run_and_paragraph() {
    let doc = Docx::new(
        [
            p(&rb("Kính gửi: {{r nguoi_nhan }} (ký)")),
            p_with(r#"<w:jc w:val="both"/>"#, &word_split("{|{p noi_|dung }|}")),
            p(&r("Cuối")),
        ]
        .concat(),
    );
    let data = json!({
        "nguoi_nhan": [
            "Ông ",
            {"text": "Nguyễn Văn A", "italic": true, "color": "C00000", "size": 14},
            {"text": " – trang", "url": "https://example.vn/a?b=1&c=\"2\""}
        ],
        "noi_dung": [
            "Đoạn một\ncó hai dòng",
            {"style": "Heading1", "runs": [{"text": "Đề mục", "underline": true}]},
            {"text": "Căn giữa", "align": "center", "highlight": "yellow"}
        ]
    });
    let out = render_ok(&doc, data);
    assert_eq!(
        body_text(&out.bytes),
        "Kính gửi: Ông Nguyễn Văn A – trang (ký)\nĐoạn một⏎có hai dòng\nĐề mục\nCăn giữa\nCuối\n"
    );
    let xml = clean_xml(&fixture::part(&out.bytes, "word/document.xml").unwrap());
    // The runs start from the tag's bold run.
    assert!(
        xml.contains(r#"<w:r><w:rPr><w:b/><w:i/><w:iCs/><w:color w:val="C00000"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr><w:t xml:space="preserve">Nguyễn Văn A</w:t></w:r>"#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<w:instrText xml:space="preserve"> HYPERLINK "https://example.vn/a?b=1&amp;c=%222%22" </w:instrText>"#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:jc w:val="both"/></w:pPr><w:r><w:rPr><w:u w:val="single"/></w:rPr>"#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:highlight w:val="yellow"/></w:rPr><w:t xml:space="preserve">Căn giữa</w:t>"#),
        "{xml}"
    );
}

#[test]
fn a_rich_text_value_of_the_wrong_shape_says_where() {
    let doc = Docx::new(p(&r("{{r v }}")));
    let err = render(
        &doc.build(),
        &json!({"v": [{"text": "a"}, {"text": "b", "bold": "có"}]}),
        &RenderOptions::default(),
    )
    .unwrap_err();
    let RenderError::Template(problems) = &err else {
        panic!("{err}")
    };
    assert_eq!(
        problems[0].kind,
        ProblemKind::RichText {
            at: "[1].bold".into(),
            expected: RichExpected::Boolean
        }
    );
    assert_eq!(
        err.to_string(),
        "cannot fill `{{r v }}`: `[1].bold` in the rich text value should be true or false\n  --> body › paragraph 1\n   | ▶{{r v }}◀"
    );
    // Lenient: a missing value gives no text, and is reported.
    let out = render(&doc.build(), &json!({}), &lenient()).unwrap();
    assert_eq!(body_text(&out.bytes), "\n");
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
}

/// Each cell of each row of the first table: (its `w:tcPr` children as XML, text).
fn cells(docx: &[u8]) -> Vec<Vec<(String, String)>> {
    let nodes = xml::parse(&fixture::part(docx, "word/document.xml").unwrap(), 64).unwrap();
    let mut rows = Vec::new();
    xml::root(&nodes).unwrap().walk(&mut |e| {
        if e.name() == "w:tr" {
            let row = e
                .child_elements("w:tc")
                .map(|tc| {
                    let props = tc
                        .child("w:tcPr")
                        .map(|p| {
                            p.children
                                .iter()
                                .filter(
                                    |c| !matches!(c, xml::Node::Element(e) if e.name() == "w:tcW"),
                                )
                                .map(|c| xml::to_string(std::slice::from_ref(c)))
                                .collect::<String>()
                        })
                        .unwrap_or_default();
                    (props, tc.text())
                })
                .collect();
            rows.push(row);
        }
    });
    rows
}

#[test]
fn cell_tags_merge_equal_cells_and_shade_them() {
    let rows = vec![
        vec![
            p(&r("Nhóm")),
            p(&r("Đơn vị")),
            p(&r("{%tc for q in quys %}")),
            p(&r("Quý{% hm %}")),
            p(&r("{%tc endfor %}")),
        ],
        vec![p(&r("{%tr for u in units %}"))],
        vec![
            p(&word_split("{{ u.nhom }}{|% vm %}")),
            p(&r("{{ u.ten }}{% cellbg u.mau %}")),
            p(&r("{%tc for q in quys %}")),
            p(&r("{{ u.so[loop.index0] }}")),
            p(&r("{%tc endfor %}")),
        ],
        vec![p(&r("{%tr endfor %}"))],
    ];
    let doc = Docx::new(table(&[2000, 2000, 1000, 1000, 1000], &rows));
    let data = json!({
        "quys": [1, 2],
        "units": [
            {"nhom": "A", "ten": "Tổ 1", "mau": "#ffcc00", "so": [1, 2]},
            {"nhom": "A", "ten": "Tổ 2", "mau": "", "so": [3, 4]},
            {"nhom": "B", "ten": "Tổ 3", "mau": "D9E2F3", "so": [5, 6]},
        ],
    });
    let out = render_ok(&doc, data);
    let shd = |fill: &str| format!(r#"<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>"#);
    let c = |props: &str, text: &str| (props.to_string(), text.to_string());
    let restart = r#"<w:vMerge w:val="restart"/>"#;
    assert_eq!(
        cells(&out.bytes),
        vec![
            vec![
                c("", "Nhóm"),
                c("", "Đơn vị"),
                c(r#"<w:gridSpan w:val="2"/>"#, "Quý")
            ],
            vec![
                c(restart, "A"),
                c(&shd("FFCC00"), "Tổ 1"),
                c("", "1"),
                c("", "2")
            ],
            vec![c("<w:vMerge/>", ""), c("", "Tổ 2"), c("", "3"), c("", "4")],
            vec![
                c(restart, "B"),
                c(&shd("D9E2F3"), "Tổ 3"),
                c("", "5"),
                c("", "6")
            ],
        ]
    );
}

/// A 4×2 red PNG and a 3×3 blue one.
const RED_PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAQAAAACCAIAAADwyuo0AAAAEElEQVR4nGM4IScHRwzIHABvCgghBqXSdgAAAABJRU5ErkJggg==";
const BLUE_PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAMAAAADCAIAAADZSiLoAAAAEElEQVR4nGOQszkBQQxYWACTEgozKdnjIQAAAABJRU5ErkJggg==";

#[test]
fn pictures_from_data_keep_their_aspect_ratio_and_join_the_package() {
    let rows = vec![
        vec![p(&r("{%tr for u in units %}"))],
        vec![p(&r("{{ u.ten }}")), p(&r("{{r u.logo }}"))],
        vec![p(&r("{%tr endfor %}"))],
    ];
    let doc = Docx::new([p(&r("Logo: {{r logo }}")), table(&[3000, 3000], &rows)].concat())
        .header(p(&r("{{r logo }}")));
    let data = json!({
        "logo": {"image": format!("data:image/png;base64,{RED_PNG}"), "width": "4cm", "description": "Logo đỏ"},
        "units": [
            {"ten": "A", "logo": {"image": BLUE_PNG, "height": "30px"}},
            {"ten": "B", "logo": {"image": RED_PNG, "width": 2, "height": "5mm"}},
        ],
    });
    let out = render_ok(&doc, data);
    let body = fixture::part(&out.bytes, "word/document.xml").unwrap();
    let extents: Vec<&str> = body
        .match_indices("<wp:extent ")
        .map(|(i, _)| &body[i..i + body[i..].find("/>").unwrap() + 2])
        .collect();
    assert_eq!(
        extents,
        [
            r#"<wp:extent cx="1440000" cy="720000"/>"#,
            r#"<wp:extent cx="285750" cy="285750"/>"#,
            r#"<wp:extent cx="720000" cy="180000"/>"#,
        ]
    );
    // The red picture is stored once and drawn twice, each drawing with its own id.
    let embeds: Vec<&str> = body
        .match_indices("r:embed=\"")
        .map(|(i, _)| &body[i + 9..i + 9 + body[i + 9..].find('"').unwrap()])
        .collect();
    assert_eq!(
        embeds,
        ["rIdVanbanImage1", "rIdVanbanImage2", "rIdVanbanImage1"]
    );
    let ids: BTreeSet<&str> = body
        .match_indices("<wp:docPr id=\"")
        .map(|(i, _)| &body[i + 14..i + 14 + body[i + 14..].find('"').unwrap()])
        .collect();
    assert_eq!(ids.len(), 3);
    assert!(body.contains(r#"descr="Logo đỏ""#), "{body}");
    let rels = fixture::part(&out.bytes, "word/_rels/document.xml.rels").unwrap();
    assert!(rels.contains(r#"<Relationship Id="rIdVanbanImage2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/vanban-document-2.png"/>"#), "{rels}");
    let header_rels = fixture::part(&out.bytes, "word/_rels/header1.xml.rels").unwrap();
    assert!(
        header_rels.contains(r#"Target="media/vanban-header1-1.png""#),
        "{header_rels}"
    );
    use base64::Engine as _;
    let red = base64::engine::general_purpose::STANDARD
        .decode(RED_PNG)
        .unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&out.bytes)).unwrap();
    let mut stored = Vec::new();
    std::io::Read::read_to_end(
        &mut zip.by_name("word/media/vanban-document-1.png").unwrap(),
        &mut stored,
    )
    .unwrap();
    assert_eq!(stored, red);
    let types = fixture::part(&out.bytes, "[Content_Types].xml").unwrap();
    assert_eq!(types.matches(r#"Extension="png""#).count(), 1, "{types}");
    // A value that is not a picture says so, where.
    let err = render(
        &doc.build(),
        &json!({"logo": {"image": "bm90IGEgcGljdHVyZQ=="}, "units": []}),
        &RenderOptions::default(),
    )
    .unwrap_err();
    let RenderError::Template(problems) = &err else {
        panic!("{err}")
    };
    assert_eq!(
        problems[0].kind,
        ProblemKind::RichText {
            at: "image".into(),
            expected: RichExpected::Image
        }
    );
}

#[test]
fn one_document_keeps_each_rows_pictures() {
    let template = Template::parse(
        &Docx::new(p(&r("{{ ten }}: {{r logo }}"))).build(),
        &RenderOptions::default(),
    )
    .unwrap();
    let rows = [("A", RED_PNG), ("B", BLUE_PNG), ("C", RED_PNG)];
    let docs: Vec<Vec<u8>> = rows
        .iter()
        .map(|(ten, png)| {
            template
                .render(&json!({"ten": ten, "logo": {"image": png}}))
                .unwrap()
                .bytes
        })
        .collect();
    let joined = join_documents(&docs, &Limits::default()).unwrap();
    let body = fixture::part(&joined, "word/document.xml").unwrap();
    let embeds: Vec<&str> = body
        .match_indices("r:embed=\"")
        .map(|(i, _)| &body[i + 9..i + 9 + body[i + 9..].find('"').unwrap()])
        .collect();
    assert_eq!(
        embeds,
        ["rIdVanbanImage1", "rIdVanbanImage1R1", "rIdVanbanImage1R2"]
    );
    let rels = fixture::part(&joined, "word/_rels/document.xml.rels").unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&joined)).unwrap();
    use base64::Engine as _;
    for (id, png) in [
        ("rIdVanbanImage1", RED_PNG),
        ("rIdVanbanImage1R1", BLUE_PNG),
        ("rIdVanbanImage1R2", RED_PNG),
    ] {
        let at = rels
            .find(&format!("Id=\"{id}\""))
            .unwrap_or_else(|| panic!("{id}: {rels}"));
        let target = &rels[at..];
        let target = &target[target.find("Target=\"").unwrap() + 8..];
        let target = &target[..target.find('"').unwrap()];
        let mut stored = Vec::new();
        std::io::Read::read_to_end(
            &mut zip.by_name(&format!("word/{target}")).unwrap(),
            &mut stored,
        )
        .unwrap();
        assert_eq!(
            stored,
            base64::engine::general_purpose::STANDARD
                .decode(png)
                .unwrap(),
            "{id}"
        );
    }
    let ids: BTreeSet<&str> = body
        .match_indices("<wp:docPr id=\"")
        .map(|(i, _)| &body[i + 14..i + 14 + body[i + 14..].find('"').unwrap()])
        .collect();
    assert_eq!(ids.len(), 3, "{body}");
}

#[test]
fn a_template_picture_described_with_a_tag_is_replaced_in_its_box() {
    use base64::Engine as _;
    let red = base64::engine::general_purpose::STANDARD
        .decode(RED_PNG)
        .unwrap();
    let doc = Docx::new(
        [
            p(&format!(
                "{}{}",
                r("Ảnh: "),
                fixture::picture_run("{{ anh }}", 720000, 360000)
            )),
            p(&fixture::picture_run("Ảnh cố định", 720000, 360000)),
        ]
        .concat(),
    )
    .picture(red.clone());
    let embeds = |docx: &[u8]| -> Vec<String> {
        let body = fixture::part(docx, "word/document.xml").unwrap();
        body.match_indices("r:embed=\"")
            .map(|(i, _)| body[i + 9..i + 9 + body[i + 9..].find('"').unwrap()].to_string())
            .collect()
    };
    let out = render_ok(&doc, json!({"anh": {"image": BLUE_PNG}}));
    assert_eq!(embeds(&out.bytes), ["rIdVanbanImage1", "rIdImg1"]);
    let body = fixture::part(&out.bytes, "word/document.xml").unwrap();
    // The box keeps its size and the blip its extensions.
    assert_eq!(
        body.matches(r#"<a:ext cx="720000" cy="360000"/>"#).count(),
        2,
        "{body}"
    );
    assert!(
        body.contains(r#"<a:blip r:embed="rIdVanbanImage1"><a:extLst><a:ext uri="&#123;28A0092B"#)
            || body
                .contains(r#"<a:blip r:embed="rIdVanbanImage1"><a:extLst><a:ext uri="{28A0092B"#),
        "{body}"
    );
    // The picture is listed by check, at its paragraph.
    let report = check(&doc.build(), None, &RenderOptions::default());
    let tags: Vec<String> = report
        .tags
        .iter()
        .map(|t| format!("{} {}", t.text, t.location.place()))
        .collect();
    assert_eq!(tags, ["{{ anh }} body › paragraph 1"]);
    // Missing: strict says where; lenient keeps the template's picture.
    let err = render_err(&doc, json!({}));
    assert!(
        err.starts_with("`anh` is not in the data\n  --> body › paragraph 1\n   | ▶{{ anh }}◀"),
        "{err}"
    );
    let out = render(&doc.build(), &json!({}), &lenient()).unwrap();
    assert_eq!(embeds(&out.bytes), ["rIdImg1", "rIdImg1"]);
    let missing: Vec<_> = out
        .warnings
        .iter()
        .filter_map(|w| w.missing.clone())
        .collect();
    assert_eq!(missing, ["anh"]);
}

#[test]
fn colspan_widens_its_cell() {
    let rows = vec![
        vec![p(&r("a")), p(&r("b")), p(&r("c"))],
        vec![p(&r("Tổng{% colspan n %}"))],
    ];
    let doc = Docx::new(table(&[2000, 2000, 2000], &rows));
    let out = render_ok(&doc, json!({"n": 3}));
    let c = |props: &str, text: &str| (props.to_string(), text.to_string());
    assert_eq!(
        cells(&out.bytes),
        vec![
            vec![c("", "a"), c("", "b"), c("", "c")],
            vec![c(r#"<w:gridSpan w:val="3"/>"#, "Tổng")],
        ]
    );
    let xml = fixture::part(&out.bytes, "word/document.xml").unwrap();
    assert_eq!(xml.matches("<w:gridCol ").count(), 3, "{xml}");
}

fn entry_bytes(docx: &[u8], name: &str) -> Option<Vec<u8>> {
    use std::io::Read as _;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).ok()?;
    let mut out = Vec::new();
    zip.by_name(name).ok()?.read_to_end(&mut out).ok()?;
    Some(out)
}

#[test]
fn a_sub_document_brings_its_styles_lists_and_pictures() {
    use base64::Engine as _;
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let png = |s: &str| base64::engine::general_purpose::STANDARD.decode(s).unwrap();
    let sub = fixture::appendix(png(RED_PNG)).build();
    let doc = Docx::new(
        [
            p_with(r#"<w:pStyle w:val="Heading1"/>"#, &r("KẾ HOẠCH")),
            p_with(
                r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>"#,
                &r("Mục đích"),
            ),
            p(&fixture::picture_run("Logo", 762000, 381000)),
            p(&r("{{p phu_luc }}")),
            table(&[4000], &[vec![p(&r("{{p phu_luc }}"))]]),
            p(&r("Hết")),
        ]
        .concat(),
    )
    .styles(fixture::word_styles(r#"<w:b/><w:sz w:val="28"/>"#))
    .numbered_list()
    .picture(png(BLUE_PNG));
    let out = render_ok(&doc, json!({"phu_luc": {"subdoc": b64(&sub)}}));
    let bytes = &out.bytes;
    let appendix = "PHỤ LỤC\nDanh sách công đoàn cơ sở {{ không phải thẻ }}\nTrường Tiểu học Tân Lập\nTrường THCS Tân Lập\nGhi chú: số liệu đến 30/6\n\nTrang ngang\n";
    assert_eq!(
        body_text(bytes),
        format!(
            "KẾ HOẠCH\nMục đích\n\n{appendix}{}\nHết\n",
            appendix.trim_end().replace('\n', " / ")
        )
    );
    let body = fixture::part(bytes, "word/document.xml").unwrap();
    // The template's heading keeps its id; the sub-document's, different, is renamed.
    assert!(
        body.contains(r#"<w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t xml:space="preserve">KẾ"#),
        "{body}"
    );
    assert_eq!(
        body.matches(r#"<w:pStyle w:val="Heading1Sub1"/>"#).count(),
        2
    );
    let styles = xml::parse(&fixture::part(bytes, "word/styles.xml").unwrap(), 256).unwrap();
    let ids: Vec<String> = xml::root(&styles)
        .unwrap()
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
    // Lists: the template's instance 1 stays; the sub-document's becomes 2, on a
    // list (abstract 1) of its own.
    assert!(body.contains(
        r#"<w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">Mục đích"#
    ));
    assert_eq!(body.matches(r#"<w:numId w:val="2"/>"#).count(), 4, "{body}");
    let numbering = fixture::part(bytes, "word/numbering.xml").unwrap();
    assert!(
        numbering.contains(r#"<w:abstractNum w:abstractNumId="1">"#),
        "{numbering}"
    );
    assert!(
        numbering.contains(r#"<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>"#),
        "{numbering}"
    );
    assert!(numbering.find("<w:num ").unwrap() > numbering.rfind("<w:abstractNum ").unwrap());
    // The picture: its own part and relationship; the template's stays.
    let rels = fixture::part(bytes, "word/_rels/document.xml.rels").unwrap();
    assert!(
        rels.contains(r#"Id="rIdVanbanSub1x1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/vanban-document-sub1-1.png""#),
        "{rels}"
    );
    assert_eq!(body.matches(r#"r:embed="rIdVanbanSub1x1""#).count(), 2);
    assert_eq!(
        entry_bytes(bytes, "word/media/vanban-document-sub1-1.png"),
        Some(png(RED_PNG))
    );
    assert_eq!(
        entry_bytes(bytes, "word/media/image1.png"),
        Some(png(BLUE_PNG))
    );
    // Drawings and bookmarks of the two insertions have ids of their own.
    let mut drawing_ids: Vec<&str> = body
        .match_indices("<wp:docPr id=\"")
        .map(|(i, m)| &body[i + m.len()..i + m.len() + body[i + m.len()..].find('"').unwrap()])
        .collect();
    drawing_ids.sort_unstable();
    drawing_ids.dedup();
    assert_eq!(drawing_ids.len(), 3, "{body}");
    // One section, the template's; no comment marks.
    assert_eq!(body.matches("<w:sectPr").count(), 1, "{body}");
    assert!(!body.contains("commentRange"), "{body}");
    // The same inputs give the same bytes.
    assert_eq!(
        render_ok(&doc, json!({"phu_luc": {"subdoc": b64(&sub)}})).bytes,
        out.bytes
    );
}

#[test]
fn a_sub_document_that_cannot_be_read_is_named_at_its_tag() {
    let doc = Docx::new(p(&r("{{p v }}")));
    let cases = [
        (
            json!({"subdoc": "không phải base64"}),
            "subdoc",
            RichExpected::Subdoc,
        ),
        (
            json!({"subdoc": "UEsDBA=="}),
            "subdoc",
            RichExpected::Subdoc,
        ),
        (json!([{"subdoc": 3}]), "[0].subdoc", RichExpected::Subdoc),
        (
            json!({"subdoc": "", "style": "A"}),
            "style",
            RichExpected::Key,
        ),
    ];
    for (value, at, expected) in cases {
        let err = render(
            &doc.build(),
            &json!({ "v": value }),
            &RenderOptions::default(),
        )
        .unwrap_err();
        let RenderError::Template(problems) = &err else {
            panic!("{err}")
        };
        assert_eq!(
            problems[0].kind,
            ProblemKind::RichText {
                at: at.into(),
                expected
            },
            "{value}"
        );
    }
    // A body that is not a Word document is refused too.
    use base64::Engine as _;
    let xlsx_like = {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        w.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut w, b"<workbook/>").unwrap();
        w.finish().unwrap().into_inner()
    };
    let value =
        json!({"v": {"subdoc": base64::engine::general_purpose::STANDARD.encode(xlsx_like)}});
    assert!(render(&doc.build(), &value, &RenderOptions::default()).is_err());
}

#[test]
fn cell_tags_outside_a_cell_and_colours_that_are_not_are_named_at_their_tag() {
    // Outside a table: an error at the tag, for render and for check.
    let doc = Docx::new(
        [
            p(&r("Tiêu đề{% cellbg \"FF0000\" %}")),
            table(&[2000], &[vec![p(&r("Ô{% vm %}"))]]),
            p(&r("{% hm %}")),
        ]
        .concat(),
    );
    let err = render(&doc.build(), &json!({}), &RenderOptions::default()).unwrap_err();
    let RenderError::Template(problems) = &err else {
        panic!("{err}")
    };
    let found: Vec<(ProblemKind, String)> = problems
        .iter()
        .map(|p| (p.kind.clone(), p.location.as_ref().unwrap().place()))
        .collect();
    assert_eq!(
        found,
        [
            (ProblemKind::CellTagOutsideCell, "body › paragraph 1".into()),
            (ProblemKind::CellTagOutsideCell, "body › paragraph 3".into()),
        ]
    );
    assert!(
        err.to_string().contains(
            "1. `{% cellbg \"FF0000\" %}` acts on the table cell it stands in, but it stands outside a table: move it into a cell, or remove it\n  --> body › paragraph 1"
        ),
        "{err}"
    );
    let report = check(&doc.build(), None, &RenderOptions::default());
    assert_eq!(report.problems.len(), 2, "{:?}", report.problems);
    // A colour that is not one: an error at the tag, naming the value.
    let rows = vec![
        vec![p(&r("{%tr for u in units %}"))],
        vec![p(&r("{{ u.ten }}{% cellbg u.mau %}"))],
        vec![p(&r("{%tr endfor %}"))],
    ];
    let doc = Docx::new(table(&[3000], &rows));
    for (colour, fine) in [
        ("#c00000", true),
        ("auto", true),
        ("", true),
        ("đỏ", false),
        ("C0000", false),
    ] {
        let data = json!({"units": [{"ten": "A", "mau": colour}]});
        let result = render(&doc.build(), &data, &RenderOptions::default());
        match (fine, result) {
            (true, Ok(_)) => {}
            (false, Err(RenderError::Template(problems))) => {
                assert_eq!(
                    problems[0].kind,
                    ProblemKind::CellColour {
                        value: colour.into()
                    }
                );
                assert_eq!(
                    problems[0].location.as_ref().unwrap().place(),
                    "body › table 1, row 2, cell 1 › paragraph 2"
                );
            }
            (_, other) => panic!("{colour}: {other:?}"),
        }
    }
}

#[test]
fn a_replaced_picture_says_what_it_shows_not_its_tag() {
    let doc = Docx::new(p(&fixture::picture_run("{{ anh }}", 720000, 360000))).picture(
        base64::Engine::decode(&base64::engine::general_purpose::STANDARD, RED_PNG).unwrap(),
    );
    let alt_texts = |docx: &[u8]| -> Vec<String> {
        let body = fixture::part(docx, "word/document.xml").unwrap();
        body.match_indices(" descr=\"")
            .map(|(i, m)| {
                let rest = &body[i + m.len()..];
                rest[..rest.find('"').unwrap()].to_string()
            })
            .collect()
    };
    let out = render_ok(
        &doc,
        json!({"anh": {"image": BLUE_PNG, "description": "Ảnh \"thẻ\" <1>"}}),
    );
    assert_eq!(alt_texts(&out.bytes), ["Ảnh &quot;thẻ&quot; &lt;1&gt;"]);
    let out = render_ok(&doc, json!({"anh": {"image": BLUE_PNG}}));
    assert_eq!(alt_texts(&out.bytes), [""]);
    // The template's picture kept (lenient, no value): no tag left either.
    let out = render(&doc.build(), &json!({}), &lenient()).unwrap();
    assert_eq!(alt_texts(&out.bytes), [""]);
    let body = fixture::part(&out.bytes, "word/document.xml").unwrap();
    assert!(body.contains(r#"r:embed="rIdImg1""#), "{body}");
}

#[test]
fn one_document_restarts_each_rows_lists() {
    let doc = Docx::new(
        [
            p(&r("Thư gửi {{ ten }}")),
            p_with(
                r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>"#,
                &r("Mục một"),
            ),
            p_with(
                r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>"#,
                &r("Mục hai"),
            ),
        ]
        .concat(),
    )
    .numbered_list();
    let template = Template::parse(&doc.build(), &RenderOptions::default()).unwrap();
    let rows: Vec<Vec<u8>> = ["A", "B", "C"]
        .iter()
        .map(|t| template.render(&json!({"ten": t})).unwrap().bytes)
        .collect();
    let joined = join_documents(&rows, &Limits::default()).unwrap();
    let body = fixture::part(&joined, "word/document.xml").unwrap();
    let ids: Vec<&str> = body
        .match_indices("<w:numId w:val=\"")
        .map(|(i, m)| {
            let rest = &body[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert_eq!(ids, ["1", "1", "2", "2", "3", "3"]);
    let numbering = fixture::part(&joined, "word/numbering.xml").unwrap();
    for n in ["2", "3"] {
        assert!(
            numbering.contains(&format!(
                r#"<w:num w:numId="{n}"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>"#
            )),
            "{numbering}"
        );
    }
    assert_eq!(numbering.matches("<w:abstractNum ").count(), 1);
}

#[test]
fn a_sub_document_inserted_over_and_over_stops_at_the_output_limit() {
    use base64::Engine as _;
    let png = base64::engine::general_purpose::STANDARD
        .decode(RED_PNG)
        .unwrap();
    let sub = fixture::appendix(png).build();
    let doc = Docx::new(
        [
            p(&r("{%p for i in items %}")),
            p(&r("{{p v }}")),
            p(&r("{%p endfor %}")),
        ]
        .concat(),
    );
    let opts = RenderOptions {
        limits: Limits {
            max_output_bytes: 200_000,
            ..Limits::default()
        },
        ..RenderOptions::default()
    };
    let items: Vec<u32> = (0..1000).collect();
    let data = json!({
        "v": {"subdoc": base64::engine::general_purpose::STANDARD.encode(&sub)},
        "items": items,
    });
    let err = render(&doc.build(), &data, &opts).unwrap_err();
    assert!(matches!(err, RenderError::TooLarge { .. }), "{err}");
    assert_eq!(err.limit(), Some(Limit::OutputSize));
}

#[test]
fn one_document_gives_each_rows_bookmarks_their_own_ids() {
    let doc = Docx::new(p(&format!(
        r#"<w:bookmarkStart w:id="0" w:name="_GoBack"/>{}<w:bookmarkEnd w:id="0"/>"#,
        r("Thư gửi {{ ten }}")
    )));
    let template = Template::parse(&doc.build(), &RenderOptions::default()).unwrap();
    let rows: Vec<Vec<u8>> = ["A", "B", "C"]
        .iter()
        .map(|t| template.render(&json!({"ten": t})).unwrap().bytes)
        .collect();
    let joined = join_documents(&rows, &Limits::default()).unwrap();
    let body = fixture::part(&joined, "word/document.xml").unwrap();
    let ids = |tag: &str| -> Vec<String> {
        body.match_indices(tag)
            .map(|(i, m)| {
                let rest = &body[i + m.len()..];
                rest[..rest.find('"').unwrap()].to_string()
            })
            .collect()
    };
    let starts = ids("<w:bookmarkStart w:id=\"");
    assert_eq!(starts, ids("<w:bookmarkEnd w:id=\""));
    let mut unique = starts.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 3, "{starts:?}");
}

/// Renders `template` with `data` twice: checking each part after rendering it,
/// and checking it while the package is written ([`Template::write_checking`]),
/// with the two tasks of [`Beside`] in either order. Both give the same document,
/// or the same error; `beside` says whether the second one asked for a thread.
fn checked_both_ways(
    template: &[u8],
    data: &serde_json::Value,
    opts: &RenderOptions,
    beside: bool,
) -> Result<Rendered, RenderError> {
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
    let mut after = Template::parse(template, opts).unwrap_or_else(|e| panic!("{e}"));
    after.checked_beside = usize::MAX;
    let after = after.render(data);
    for main_first in [false, true] {
        let asked = Arc::new(AtomicUsize::new(0));
        let counted = asked.clone();
        let opts = RenderOptions {
            beside: Beside::new(move |side, main| {
                counted.fetch_add(1, SeqCst);
                if main_first {
                    main();
                    side();
                } else {
                    side();
                    main();
                }
            }),
            ..opts.clone()
        };
        let mut while_written = Template::parse(template, &opts).unwrap_or_else(|e| panic!("{e}"));
        while_written.checked_beside = 0;
        assert_eq!(
            while_written.render(data),
            after,
            "main first: {main_first}"
        );
        assert_eq!(
            asked.load(SeqCst),
            usize::from(beside),
            "main first: {main_first}"
        );
    }
    after
}

#[test]
fn a_part_checked_while_it_is_written_gives_the_document_or_error_checked_after_rendering() {
    let rows = |body: Vec<String>| {
        table(
            &[2000, 2000],
            &[
                vec![p(&rb("Đơn vị")), p(&rb("Số"))],
                vec![p(&r("{%tr for u in units %}"))],
                body.clone(),
                vec![p(&r("{%tr endfor %}"))],
            ],
        )
    };
    let opts = RenderOptions::default();
    // A table loop: checked, written as it is.
    let doc = Docx::new(rows(vec![p(&r("{{ u.ten }}")), p(&r("{{ u.so }}"))])).build();
    let units = json!({"units": [{"ten": "A & B", "so": 1}, {"ten": "C", "so": 2}]});
    let out = checked_both_ways(&doc, &units, &opts, true).unwrap();
    assert_eq!(body_text(&out.bytes), "Đơn vị | Số\nA & B | 1\nC | 2\n");

    // A table left with no row: the check asks for the repair, which runs.
    let only_loop = Docx::new(
        [
            p(&r("Trước")),
            table(
                &[2000],
                &[
                    vec![p(&r("{%tr for u in units %}"))],
                    vec![p(&r("{{ u.ten }}"))],
                    vec![p(&r("{%tr endfor %}"))],
                ],
            ),
            p(&r("Sau")),
        ]
        .concat(),
    )
    .build();
    let out = checked_both_ways(&only_loop, &json!({"units": []}), &opts, true).unwrap();
    let xml = super::fixture::part(&out.bytes, "word/document.xml").unwrap();
    assert!(!xml.contains("<w:tbl>"), "{xml}");
    assert_eq!(body_text(&out.bytes), "Trước\nSau\n");

    // Markup a `safe` value breaks, or nests too deep: the same error.
    let safe = Docx::new(p(&r("{{ x | safe }}"))).build();
    let broken = checked_both_ways(&safe, &json!({"x": "<w:p>"}), &opts, true).unwrap_err();
    assert!(broken.to_string().contains("`safe` filter"), "{broken}");
    let deep = format!("{}{}", "<w:x>".repeat(300), "</w:x>".repeat(300));
    let too_deep = checked_both_ways(&safe, &json!({ "x": deep }), &opts, true).unwrap_err();
    assert!(
        matches!(too_deep, RenderError::TooDeep { .. }),
        "{too_deep}"
    );

    // A `Beside` that forgets its side task: the part is still checked.
    let forgetful = RenderOptions {
        beside: Beside::new(|_side, main| main()),
        ..opts.clone()
    };
    let mut template = Template::parse(&safe, &forgetful).unwrap();
    template.checked_beside = 0;
    assert_eq!(template.render(&json!({"x": "<w:p>"})), Err(broken));

    // A part whose marks are acted on after rendering is finished as before,
    // without asking for a thread.
    let marks = Docx::new(p(&r("{{ x }}"))).build();
    let out = checked_both_ways(&marks, &json!({"x": "a\u{7}b"}), &opts, false).unwrap();
    assert_eq!(body_text(&out.bytes), "a\nb\n");
}
