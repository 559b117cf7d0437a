//! The language of what the binary says: Vietnamese by default, English with
//! `--lang en` or `VANBAN_LANG=en`; clap's help (headings included) in both.

use pretty_assertions::assert_eq;

use crate::common::Env;

/// Help is laid out for this width whatever the terminal running the tests.
const WIDTH: (&str, &str) = ("COLUMNS", "100");

const MERGE_HELP_VI: &str = r#"Đọc các biểu đã nộp, kiểm tra rồi tổng hợp số liệu

Cách dùng: vanban merge [TÙY_CHỌN] <THƯ_MỤC_ĐỢT>

Tham số:
  <THƯ_MỤC_ĐỢT>  Thư mục của đợt báo cáo (thư mục chứa `campaign.json`)

Tùy chọn:
      --lang <NGÔN_NGỮ>  Ngôn ngữ của thông báo và trợ giúp, mặc định là tiếng Việt [giá trị: vi,
                         en]
  -o, --out <TỆP.xlsx>   Tệp tổng hợp (mặc định `THƯ_MỤC_ĐỢT/out/tong-hop.xlsx`)
      --json <TỆP.json>  Số liệu tổng hợp dùng cho báo cáo (mặc định: cạnh tệp tổng hợp, đuôi
                         `.json`)
  -h, --help             In trợ giúp

Giới hạn (chỉ nâng khi tệp thật sự lớn):
      --max-unpacked-mb <MB>      Dung lượng lớn nhất mà một tệp (.docx, .xlsx, .ods) được giải nén
                                  ra, tính bằng MB [mặc định: 512]
      --max-zip-entries <SỐ>      Số phần nhiều nhất trong một tệp [mặc định: 10000]
      --max-ratio <SỐ>            Tỷ lệ nén lớn nhất của một phần trên 1 MB trong tệp [mặc định:
                                  200]
      --max-xml-depth <SỐ>        Số tầng lồng nhau nhiều nhất của XML [mặc định: 256]
      --max-cells <SỐ>            Số ô nhiều nhất của một trang tính [mặc định: 5000000]
      --max-rows <SỐ>             Số dòng nhiều nhất khi trộn thư [mặc định: 100000]
      --max-output-mb <MB>        Dung lượng lớn nhất của văn bản ghi ra, tính bằng MB [mặc định:
                                  256]
      --max-data-values <SỐ>      Số giá trị (số, chữ, mục của danh sách) nhiều nhất trong một tệp
                                  dữ liệu JSON [mặc định: 2000000]
      --max-loop-iterations <SỐ>  Số vòng lặp nhiều nhất mà tệp mẫu được chạy cho một văn bản [mặc
                                  định: 5000000]
      --max-memory-mb <MB>        Bộ nhớ nhiều nhất mà lệnh được dùng khi điền dữ liệu vào tệp mẫu,
                                  tính bằng MB [mặc định: 1024]
"#;

const MERGE_HELP_EN: &str = r#"Read the returned spreadsheets, check them and add them up

Usage: vanban merge [OPTIONS] <CAMPAIGN>

Arguments:
  <CAMPAIGN>  The campaign folder (holding `campaign.json`)

Options:
      --lang <LANG>      The language of messages and help, Vietnamese by default [possible values:
                         vi, en]
  -o, --out <OUT.xlsx>   The merged workbook (default `CAMPAIGN/out/tong-hop.xlsx`)
      --json <OUT.json>  The merged data for the report (default: next to the workbook, `.json`)
  -h, --help             Print help

Limits (raise one only for a genuine huge file):
      --max-unpacked-mb <MB>     Largest size a file (.docx, .xlsx, .ods) may unpack to, in MB
                                 [default: 512]
      --max-zip-entries <N>      Most entries a file may hold [default: 10000]
      --max-ratio <N>            Largest compression ratio of an entry over 1 MB [default: 200]
      --max-xml-depth <N>        Deepest XML nesting accepted [default: 256]
      --max-cells <N>            Most cells one sheet may hold [default: 5000000]
      --max-rows <N>             Most rows in a mail merge [default: 100000]
      --max-output-mb <MB>       Largest document written, in MB [default: 256]
      --max-data-values <N>      Most values (numbers, texts, list items) a JSON data file may hold
                                 [default: 2000000]
      --max-loop-iterations <N>  Most loop iterations a template may run for one document [default:
                                 5000000]
      --max-memory-mb <MB>       Most memory a command may hold while it fills templates, in MB
                                 [default: 1024]
"#;

#[test]
fn merge_help_is_vietnamese_by_default_headings_included() {
    let env = Env::new();
    let out = env.run_with_env(&["merge", "--help"], &[WIDTH]);
    out.expect_status(0);
    assert_eq!(out.stdout, MERGE_HELP_VI);
    // The system locale changes nothing: Vietnamese regardless.
    let out = env.run_with_env(&["merge", "--help"], &[WIDTH, ("LANG", "en_US.UTF-8")]);
    assert_eq!(out.stdout, MERGE_HELP_VI);
}

#[test]
fn merge_help_is_english_on_request() {
    let env = Env::new();
    let flag = env.run_with_env(&["merge", "--help", "--lang", "en"], &[WIDTH]);
    flag.expect_status(0);
    assert_eq!(flag.stdout, MERGE_HELP_EN);
    let before = env.run_with_env(&["--lang=en", "merge", "--help"], &[WIDTH]);
    assert_eq!(before.stdout, MERGE_HELP_EN);
    let var = env.run_with_env(&["merge", "--help"], &[WIDTH, ("VANBAN_LANG", "en")]);
    assert_eq!(var.stdout, MERGE_HELP_EN);
}

#[test]
fn the_flag_beats_the_variable() {
    let env = Env::new();
    let out = env.run_with_env(
        &["merge", "--help", "--lang", "vi"],
        &[WIDTH, ("VANBAN_LANG", "en")],
    );
    assert_eq!(out.stdout, MERGE_HELP_VI);
}

#[test]
fn an_unknown_variable_is_named_and_vietnamese_used() {
    let env = Env::new();
    let out = env.run_with_env(&["merge", "--help"], &[WIDTH, ("VANBAN_LANG", "fr")]);
    out.expect_status(0);
    assert_eq!(out.stdout, MERGE_HELP_VI);
    assert_eq!(
        out.stderr,
        "cảnh báo: VANBAN_LANG=fr không phải ngôn ngữ có sẵn (vi, en), nên dùng tiếng Việt\n"
    );
}

#[test]
fn the_command_list_has_vietnamese_headings() {
    let out = Env::new().run_with_env(&["--help"], &[WIDTH]);
    out.expect_status(0);
    for line in [
        "Cách dùng: vanban [TÙY_CHỌN] <LỆNH>",
        "Lệnh:",
        "  merge    Đọc các biểu đã nộp, kiểm tra rồi tổng hợp số liệu",
        "  van-ban  Soạn một văn bản hành chính bất kỳ (công văn, quyết định, thông báo, giấy mời, tờ trình…)",
        "Tùy chọn:",
        "  -V, --version          In số phiên bản",
    ] {
        assert!(
            out.stdout.lines().any(|l| l == line),
            "{line:?} not in:\n{}",
            out.stdout
        );
    }
}

#[test]
fn an_unknown_language_is_refused_by_clap() {
    // clap's own errors stay in English (it offers no way to word them); the
    // value it refuses and the values it accepts are still plain.
    let out = Env::new().run(&["merge", "x", "--lang", "fr"]);
    out.expect_status(2);
    assert!(out.stderr.contains("'fr'"), "{}", out.stderr);
    assert!(
        out.stderr.contains("[possible values: vi, en]"),
        "{}",
        out.stderr
    );
}

/// The summary `vanban merge` prints, verbatim, in Vietnamese (the default) and in
/// English on request.
#[test]
fn the_merge_summary_is_in_the_users_language() {
    let env = Env::new();
    let campaign = crate::forms::campaign_folder(&env, 2);
    let unit = &campaign.reporting.units[0];
    env.write(
        "camp/returns/a.xlsx",
        crate::merge::filled(&campaign, unit, crate::merge::values_of(0), 20),
    );
    let vi = env.run_vi(&["merge", "camp"]);
    vi.expect_status(0);
    for line in [
        "đã đọc 1 tệp: 1 biểu hợp lệ (0 biểu cần xem lại), 0 biểu bị trả lại; 1/2 đơn vị chưa nộp",
        "chưa nộp: ",
        "đã ghi ",
    ] {
        assert!(vi.stdout.contains(line), "{line}\n{}", vi.stdout);
    }
    let en = env.run_vi(&["merge", "camp", "--lang", "en"]);
    en.expect_status(0);
    for line in [
        "read 1 file: 1 accepted (0 with warnings), 0 rejected; 1 of 2 units have not reported",
        "not reported: ",
        "wrote ",
    ] {
        assert!(en.stdout.contains(line), "{line}\n{}", en.stdout);
    }
}

/// English words a Vietnamese clerk must not meet in what the demo prints.
const ENGLISH_WORDS: &[&str] = &[
    "file", "files", "rejected", "accepted", "warning", "warnings", "error", "errors", "unit",
    "units", "reported", "wrote", "read", "sheet", "cell", "not", "the", "and", "of", "done",
    "late", "missing", "merge", "report", "plan", "forms", "campaign", "returns", "sent", "twice",
    "typo", "number", "numbers", "text", "more", "found", "open", "in", "with",
];

/// The words of `text` a clerk reads: what is between backticks (a command to
/// type, a file name) and paths are left out, being names, not words.
fn words_read(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            continue;
        }
        for token in part.split_whitespace() {
            if token.contains('/') || token.contains('.') && token.len() > 4 {
                continue;
            }
            let word: String = token
                .chars()
                .filter(|c| c.is_alphabetic())
                .collect::<String>()
                .to_lowercase();
            if !word.is_empty() {
                words.push(word);
            }
        }
    }
    words
}

#[test]
fn the_demo_says_everything_in_vietnamese_and_in_english_on_request() {
    let env = Env::new();
    let vi = env.run_vi(&["demo", "-o", "d"]);
    vi.expect_status(0);
    let said = format!("{}\n{}", vi.stdout, vi.stderr);
    let english: Vec<String> = words_read(&said)
        .into_iter()
        .filter(|w| ENGLISH_WORDS.contains(&w.as_str()))
        .collect();
    assert_eq!(english, Vec::<String>::new(), "English words in\n{said}");
    for line in [
        "vanban chạy thử: đợt báo cáo mẫu, trong thư mục d",
        "đơn vị đã nộp báo cáo",
        "khi tổng hợp có ",
    ] {
        assert!(said.contains(line), "{line}\n{said}");
    }
    // The same words in English, so the check above can tell the languages apart.
    let en = env.run_vi(&["demo", "-o", "e", "--lang", "en"]);
    en.expect_status(0);
    let english = words_read(&en.stdout)
        .into_iter()
        .filter(|w| ENGLISH_WORDS.contains(&w.as_str()))
        .count();
    assert!(english > 20, "{}", en.stdout);
    // The workbook's messages are in the user's language too.
    let xlsx = env.read("d/out/tong-hop.xlsx");
    let rows = crate::merge::sheet_rows(&xlsx, "Lỗi và cảnh báo");
    let messages: Vec<String> = rows
        .iter()
        .skip(1)
        .map(|r| r.last().unwrap().to_string())
        .collect();
    assert!(!messages.is_empty());
    for m in &messages {
        let english: Vec<String> = words_read(m)
            .into_iter()
            .filter(|w| ENGLISH_WORDS.contains(&w.as_str()))
            .collect();
        assert_eq!(english, Vec::<String>::new(), "in the workbook: {m}");
    }
    assert!(
        messages.iter().any(|m| m.contains("không phải là số")),
        "{messages:?}"
    );
}

/// An output that cannot be written (here a folder stands where the plan goes, as
/// a file open in Word stands on Windows) names the file, says what to do, and is
/// the user's to fix (exit 1), not a fault of the tool.
#[test]
fn an_unwritable_output_is_named_with_what_to_do() {
    let env = Env::new();
    env.run_vi(&["init", "c"]).expect_status(0);
    std::fs::create_dir_all(env.path("c/out/ke-hoach.docx")).unwrap();
    let vi = env.run_vi(&["plan", "c"]);
    vi.expect_status(1);
    assert!(
        vi.stderr.starts_with(
            "lỗi: chưa ghi được tệp `c/out/ke-hoach.docx`. Nếu tệp đang mở trong Excel hoặc Word, vui lòng đóng tệp rồi chạy lại lệnh.\n  nguyên nhân: "
        ),
        "{}",
        vi.stderr
    );
    let en = env.run(&["plan", "c"]);
    en.expect_status(1);
    assert!(en.stderr.contains("c/out/ke-hoach.docx"), "{}", en.stderr);
}
