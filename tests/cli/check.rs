//! Tests of `vanban check`.

use pretty_assertions::assert_eq;
use vanban::docx::fixture::{Docx, p, r, table, word_split};

use crate::common::Env;

fn template() -> Vec<u8> {
    Docx::new(
        [
            p(&word_split("Kính gửi: {{ ten_|don_vi }}")),
            table(
                &[3000],
                &[
                    vec![p(&r("{%tr for u in units %}"))],
                    vec![p(&r("{{ u.ten }}"))],
                    vec![p(&r("{%tr endfor %}"))],
                ],
            ),
        ]
        .concat(),
    )
    .header(p(&r("{# ghi chú #}{{ nam }}")))
    .build()
}

#[test]
fn lists_every_tag_with_its_place_and_kind() {
    let env = Env::new();
    env.write("t.docx", template());
    let run = env.run(&["check", "t.docx"]);
    run.expect_status(0);
    assert_eq!(
        run.stdout,
        "t.docx: 6 tags\n\
         \x20 body › paragraph 1 [value] {{ ten_don_vi }}\n\
         \x20 body › table 1, row 1, cell 1 › paragraph 2 [row block] {%tr for u in units %}\n\
         \x20 body › table 1, row 2, cell 1 › paragraph 3 [value] {{ u.ten }}\n\
         \x20 body › table 1, row 3, cell 1 › paragraph 4 [row block] {%tr endfor %}\n\
         \x20 header 1 › paragraph 1 [comment] {# ghi chú #}\n\
         \x20 header 1 › paragraph 1 [value] {{ nam }}\n\
         0 problems, 0 missing variables\n"
    );
}

#[test]
fn with_data_lists_the_variables_the_data_lacks() {
    let env = Env::new();
    env.write("t.docx", template());
    env.write("d.json", r#"{"ten_don_vi": "A"}"#);
    let run = env.run(&["check", "t.docx", "--data", "d.json"]);
    run.expect_status(1);
    assert!(
        run.stdout.ends_with(
            "variables the template uses that `d.json` does not have:\n\
             \x20 `nam` (used at header 1 › paragraph 1)\n\
             \x20 `units` (used at body › table 1, row 1, cell 1 › paragraph 2)\n\
             0 problems, 2 missing variables\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn lists_the_tags_in_vietnamese_by_default() {
    let env = Env::new();
    env.write("t.docx", template());
    let run = env.run_vi(&["check", "t.docx"]);
    run.expect_status(0);
    assert_eq!(
        run.stdout,
        "t.docx: 6 thẻ\n\
         \x20 phần thân văn bản › đoạn 1 [giá trị] {{ ten_don_vi }}\n\
         \x20 phần thân văn bản › bảng 1, dòng 1, ô 1 › đoạn 2 [khối dòng] {%tr for u in units %}\n\
         \x20 phần thân văn bản › bảng 1, dòng 2, ô 1 › đoạn 3 [giá trị] {{ u.ten }}\n\
         \x20 phần thân văn bản › bảng 1, dòng 3, ô 1 › đoạn 4 [khối dòng] {%tr endfor %}\n\
         \x20 đầu trang 1 › đoạn 1 [chú thích] {# ghi chú #}\n\
         \x20 đầu trang 1 › đoạn 1 [giá trị] {{ nam }}\n\
         0 lỗi, 0 biến còn thiếu\n"
    );
}

#[test]
fn reports_every_syntax_error_and_exits_1() {
    let env = Env::new();
    env.write(
        "t.docx",
        Docx::new(
            [
                p(&r("{{ a | }}")),
                p(&r("{%p if x %}")),
                p(&r("{%p endfor %}")),
            ]
            .concat(),
        )
        .build(),
    );
    let run = env.run(&["check", "t.docx"]);
    run.expect_status(1);
    assert_eq!(
        run.stdout,
        "t.docx: 3 tags\n\
         \x20 body › paragraph 1 [value] {{ a | }}\n\
         \x20 body › paragraph 2 [paragraph block] {%p if x %}\n\
         \x20 body › paragraph 3 [paragraph block] {%p endfor %}\n\
         error: syntax error in this tag\n\
         \x20 at: template `t.docx` › body › paragraph 1 › tag `{{ a | }}`\n\
         \x20    | ▶{{ a | }}◀\n\
         \x20 caused by: found `}}` where identifier was expected\n\
         error: `{%p if x %}` is never closed: add `{%p endif %}` where the block ends\n\
         \x20 at: template `t.docx` › body › paragraph 2 › tag `{%p if x %}`\n\
         \x20    | ▶{%p if x %}◀\n\
         error: `{%p endfor %}` closes another block than the one open, `{%p if x %}`; close that one first\n\
         \x20 at: template `t.docx` › body › paragraph 3 › tag `{%p endfor %}`\n\
         \x20    | ▶{%p endfor %}◀\n\
         3 problems, 0 missing variables\n"
    );
}

#[test]
fn a_file_that_is_not_a_docx_is_an_error() {
    let env = Env::new();
    env.write("t.docx", "<html>not a document</html>");
    let run = env.run(&["check", "t.docx"]);
    run.expect_status(1);
    assert!(
        run.stderr.starts_with(
            "error: the file is not a readable Office file (.docx, .xlsx): a renamed file, a web page, or an unfinished download?\n  at: template `t.docx`\n  caused by: "
        ),
        "{}",
        run.stderr
    );
    let vi = env.run_vi(&["check", "t.docx"]);
    vi.expect_status(1);
    assert!(
        vi.stderr.starts_with(
            "lỗi: tệp không phải tệp Office (.docx, .xlsx) đọc được: có thể là tệp đổi tên, trang web, hoặc tải về chưa hết\n  vị trí: tệp mẫu `t.docx`\n"
        ),
        "{}",
        vi.stderr
    );
}

#[test]
fn warns_about_text_a_structural_tag_drops() {
    let env = Env::new();
    env.write(
        "t.docx",
        Docx::new([p(&r("{%p if x %} Kính gửi")), p(&r("{%p endif %}"))].concat()).build(),
    );
    let run = env.run(&["check", "t.docx"]);
    run.expect_status(0);
    assert!(
        run.stdout.contains(
            "warning: `{%p if x %}` replaces the whole paragraph holding it, so its other content is dropped: “Kính gửi” (body › paragraph 1: ▶{%p if x %}◀ Kính gửi)\n"
        ),
        "{}",
        run.stdout
    );
}
