//! The desk through its router, in process: each page and action, its status, the
//! Vietnamese text it shows and what it wrote to the campaign folder.

use std::collections::BTreeMap;
use std::path::Path;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;
use vanban::campaign::Campaign;
use vanban::sheets::forms::{self, FillValue, FormOptions};

use super::*;

/// A served folder in a temporary directory, and its router.
struct Served {
    dir: tempfile::TempDir,
    desk: Arc<Desk>,
}

/// A response, read whole.
struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    /// The page's text without tags, spaces collapsed (what a reader sees).
    fn seen(&self) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in self.text().chars() {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    out.push(' ');
                }
                _ if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&#x60;", "`")
            .replace("&#x201C;", "“")
            .replace("&#x2F;", "/")
            .replace("&quot;", "\"")
            .replace("&#x27;", "'")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl Served {
    fn new() -> Served {
        Served::with(false)
    }

    fn with(guarded: bool) -> Served {
        let dir = tempfile::tempdir().expect("temp dir");
        let desk = Arc::new(Desk::new(dir.path().to_path_buf(), guarded).expect("desk"));
        Served { dir, desk }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    async fn send(&self, req: Request<Body>) -> Reply {
        let res = router(self.desk.clone())
            .oneshot(req)
            .await
            .expect("the router answers");
        let status = res.status();
        let headers = res.headers().clone();
        let body = res
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    async fn get(&self, uri: &str) -> Reply {
        self.send(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    /// A form POST carrying the page's token.
    async fn post(&self, uri: &str, form: &[(&str, &str)]) -> Reply {
        let sep = if uri.contains('?') { '&' } else { '?' };
        let body = serde_urlencoded(form);
        self.send(
            Request::post(format!("{uri}{sep}_csrf={}", self.desk.csrf))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }

    /// A multipart POST of files (field `tep`) carrying the page's token.
    async fn upload(&self, uri: &str, files: &[(&str, &[u8])]) -> Reply {
        let (ct, body) = multipart(files);
        self.send(
            Request::post(format!("{uri}?_csrf={}", self.desk.csrf))
                .header("content-type", ct)
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }

    fn campaign(&self, id: &str) -> Campaign {
        let text = std::fs::read_to_string(self.root().join(id).join("campaign.json")).unwrap();
        Campaign::from_json("campaign.json", &text).expect("campaign")
    }

    /// Unit `i`'s form filled in with known figures, saved on `day` of the
    /// deadline's month (after the deadline: late).
    fn filled(&self, id: &str, i: usize, late: bool) -> Vec<u8> {
        let c = self.campaign(id);
        let unit = &c.reporting.units[i];
        let mut values = BTreeMap::new();
        for (k, ind) in c.reporting.indicators.iter().enumerate() {
            let v = match ind.kind {
                vanban::campaign::model::IndicatorKind::Text => FillValue::Text("ghi chú".into()),
                _ => FillValue::Number((i + k + 1) as f64),
            };
            values.insert(ind.code.clone(), v);
        }
        let day = if late {
            c.reporting.deadline.0 + chrono::Duration::days(3)
        } else {
            c.reporting.deadline.0 - chrono::Duration::days(1)
        };
        forms::build_form_with(
            &c,
            unit,
            &FormOptions {
                values,
                filled_on: Some(day),
            },
        )
        .expect("form")
    }

    fn journal(&self, id: &str) -> String {
        std::fs::read_to_string(self.root().join(id).join(journal::JOURNAL)).unwrap_or_default()
    }

    fn returns(&self, id: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.root().join(id).join("returns"))
            .map(|rd| {
                rd.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }
}

fn serde_urlencoded(form: &[(&str, &str)]) -> String {
    form.iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn multipart(files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----vanbanboundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"tep\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A campaign made through the page, from the sample.
async fn made(s: &Served, id: &str) {
    let r = s.post("/dot-moi", &[("ten", id), ("nguon", "mau")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
}

#[tokio::test]
async fn home_lists_campaigns_and_makes_one_from_the_sample_or_a_previous_one() {
    let s = Served::new();
    let r = s.get("/").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.seen().contains("Chưa có đợt công tác nào"),
        "{}",
        r.seen()
    );
    made(&s, "dv-2026").await;
    assert!(s.root().join("dv-2026/campaign.json").is_file());
    assert!(s.root().join("dv-2026/returns").is_dir());
    assert!(s.journal("dv-2026").contains("tạo đợt công tác"));
    let r = s.get("/").await;
    let seen = r.seen();
    assert!(
        seen.contains("Phối hợp, tham gia làm công tác dân vận năm 2017"),
        "{seen}"
    );
    assert!(seen.contains("Chưa tạo"), "{seen}");
    assert!(seen.contains("0/40 đơn vị"), "{seen}");
    assert!(seen.contains("27/7/2017"), "{seen}");
    assert!(seen.contains("đã quá hạn"), "{seen}");
    // From the previous campaign: its campaign file and body texts, not its returns.
    std::fs::write(s.root().join("dv-2026/returns/CD01.xlsx"), b"x").unwrap();
    let r = s
        .post("/dot-moi", &[("ten", "dv-2027"), ("nguon", "dv-2026")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(s.root().join("dv-2027/ke-hoach.txt").is_file());
    assert!(s.returns("dv-2027").is_empty());
    assert_eq!(s.campaign("dv-2027").campaign.id, "dv-2027");
    // A taken or unsafe name is refused, in words, and nothing is written.
    let r = s.post("/dot-moi", &[("ten", "dv-2026")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.seen().contains("Đã có thư mục «dv-2026»"), "{}", r.seen());
    for bad in ["../ngoai", "/tmp/x", ".an", "a b"] {
        let r = s.post("/dot-moi", &[("ten", bad)]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(r.seen().contains("Tên thư mục chỉ gồm chữ"), "{bad}");
    }
    assert!(!s.root().join("../ngoai").exists());
}

#[tokio::test]
async fn a_post_without_the_page_token_is_refused_and_changes_nothing() {
    let s = Served::new();
    made(&s, "dv").await;
    let before = std::fs::read(s.root().join("dv/campaign.json")).unwrap();
    for (uri, body) in [
        ("/dot-moi", "ten=khac"),
        ("/dot/dv/thong-tin", "ten_dot=X"),
        ("/dot/dv/ke-hoach", ""),
    ] {
        let r = s
            .send(
                Request::post(uri)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(Body::from(body))
                    .unwrap(),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{uri}");
        assert!(r.seen().contains("thiếu mã bảo vệ của trang"), "{uri}");
        // A wrong token is no better.
        let r = s
            .send(
                Request::post(format!("{uri}?_csrf=00{}", &s.desk.csrf[2..]))
                    .body(Body::from(body))
                    .unwrap(),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{uri}");
    }
    assert!(!s.root().join("khac").exists());
    assert!(!s.root().join("dv/out/ke-hoach.docx").exists());
    assert_eq!(
        std::fs::read(s.root().join("dv/campaign.json")).unwrap(),
        before
    );
}

#[tokio::test]
async fn every_page_has_the_security_headers() {
    let s = Served::new();
    made(&s, "dv").await;
    for uri in ["/", "/dot/dv/theo-doi", "/khong-co", "/tai-nguyen/app.js"] {
        let r = s.get(uri).await;
        let csp = r.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'self'"), "{uri}");
        assert!(!csp.contains("unsafe-inline"), "{uri}");
        assert_eq!(r.headers["x-content-type-options"], "nosniff");
        assert_eq!(r.headers["referrer-policy"], "no-referrer");
    }
    let r = s.get("/khong-co").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.seen().contains("Không có trang này"));
    // No listing of a folder, no way out of the served one.
    for uri in [
        "/dot/dv/tai/campaign.json",
        "/dot/dv/tai/..%2Fcampaign.json",
        "/dot/..%2F..%2Fetc/theo-doi",
        "/dot/dv/returns",
        "/tai-nguyen/..%2Fmod.rs",
    ] {
        let r = s.get(uri).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
    }
}

fn field<'a>(form: &'a [(&'a str, String)], name: &str) -> &'a str {
    form.iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// The form as the page shows it: every field's value, read from the page.
fn form_of(page: &str) -> Vec<(&'static str, String)> {
    let names = [
        "ten_dot",
        "nam",
        "cap_tren",
        "co_quan",
        "viet_tat",
        "dia_danh",
        "tm",
        "chuc_vu",
        "nguoi_ky",
        "kh_so",
        "kh_ngay",
        "kh_trich_yeu",
        "kh_can_cu",
        "kh_noi_nhan",
        "kh_noi_dung",
        "bc_so",
        "bc_ngay",
        "bc_trich_yeu",
        "bc_kinh_gui",
        "bc_noi_nhan",
        "bc_noi_dung",
        "tu_ngay",
        "den_ngay",
        "han_nop",
        "danh_sach",
        "chi_tieu",
    ];
    let unescape = |s: &str| {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#x27;", "'")
            .replace("&#x2F;", "/")
            .replace("&#x60;", "`")
            .replace("&amp;", "&")
    };
    names
        .iter()
        .map(|n| {
            let input = format!("name=\"{n}\" value=\"");
            let value = if let Some(i) = page.find(&input) {
                let rest = &page[i + input.len()..];
                rest[..rest.find('"').unwrap()].to_string()
            } else {
                let ta = format!("name=\"{n}\"");
                let i = page.find(&ta).unwrap_or_else(|| panic!("field {n}"));
                let rest = &page[i..];
                let start = rest.find('>').unwrap() + 1;
                let end = rest.find("</textarea>").unwrap();
                rest[start..end].to_string()
            };
            (*n, unescape(&value))
        })
        .collect()
}

#[tokio::test]
async fn the_campaign_form_checks_each_field_and_saves_only_a_whole_campaign() {
    let s = Served::new();
    made(&s, "dv").await;
    let r = s.get("/dot/dv/thong-tin?moi=1").await;
    assert_eq!(r.status, StatusCode::OK);
    let page = r.text();
    assert!(r.seen().contains("Đã tạo đợt công tác từ mẫu"));
    let mut form = form_of(&page);
    assert_eq!(field(&form, "han_nop"), "27/7/2017");
    assert_eq!(field(&form, "kh_ngay"), "28/6/2017");
    assert_eq!(field(&form, "danh_sach").lines().count(), 40);
    assert!(
        field(&form, "danh_sach").starts_with("CD01\tCĐCS Trường Mầm non Hoa Sen\tKhối giáo dục")
    );
    assert!(field(&form, "chi_tieu").contains("\tsố nguyên"));
    let before = std::fs::read(s.root().join("dv/campaign.json")).unwrap();

    // A date not a date, a roster line of one column, an indicator of no kind:
    // each said next to its field; nothing written.
    let set = |form: &mut Vec<(&'static str, String)>, name: &str, v: &str| {
        form.iter_mut().find(|(n, _)| *n == name).unwrap().1 = v.to_string();
    };
    set(&mut form, "han_nop", "31/2/2026");
    set(&mut form, "danh_sach", "CD01\tMột\nCD02");
    set(&mut form, "chi_tieu", "a|Nhà|căn|nhiều");
    let pairs: Vec<(&str, &str)> = form.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let r = s.post("/dot/dv/thong-tin", &pairs).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let seen = r.seen();
    assert!(seen.contains("Chưa lưu: còn lỗi"), "{seen}");
    assert!(
        seen.contains("«31/2/2026» chưa phải là ngày: hãy viết ngày/tháng/năm, ví dụ 27/7/2017."),
        "{seen}"
    );
    assert!(
        seen.contains("Dòng 2 («CD02»): cần ít nhất hai cột"),
        "{seen}"
    );
    assert!(seen.contains("loại «nhiều» không có"), "{seen}");
    let page = r.text();
    let at = page.find("id=\"o-han_nop\"").unwrap();
    let next = page[at..].find("id=\"o-danh_sach\"").unwrap() + at;
    assert!(
        page[at..next].contains("chưa phải là ngày"),
        "the message stands by its field"
    );
    assert!(page[at..].starts_with("id=\"o-han_nop\""));
    assert_eq!(
        std::fs::read(s.root().join("dv/campaign.json")).unwrap(),
        before
    );

    // A duplicate unit code: the campaign loader's own message, by the roster.
    set(&mut form, "han_nop", "15/12/2026");
    set(&mut form, "danh_sach", "CD01\tMột\nCD01\tHai");
    set(&mut form, "chi_tieu", "nha|Nhà|căn|số nguyên");
    let pairs: Vec<(&str, &str)> = form.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let r = s.post("/dot/dv/thong-tin", &pairs).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text();
    let at = page.find("id=\"o-danh_sach\"").unwrap();
    assert!(page[at..].contains("CD01"), "{}", r.seen());
    assert!(r.seen().contains("mã"), "{}", r.seen());
    assert_eq!(
        std::fs::read(s.root().join("dv/campaign.json")).unwrap(),
        before
    );

    // A whole campaign: 10 units pasted from Excel (a header line), saved.
    let roster: String = std::iter::once("Mã\tTên đơn vị\tKhối".to_string())
        .chain((1..=10).map(|i| format!("U{i:02}\tCĐCS Đơn vị {i}\tKhối {}", 1 + i % 2)))
        .collect::<Vec<_>>()
        .join("\r\n");
    set(&mut form, "danh_sach", &roster);
    set(
        &mut form,
        "chi_tieu",
        "nha|Nhà tình nghĩa|căn|số nguyên\ntien|Kinh phí|đồng|số tiền",
    );
    set(
        &mut form,
        "kh_noi_dung",
        "I. MỤC ĐÍCH\n1. Nâng cao.\nII. TỔ CHỨC THỰC HIỆN\n- Các CĐCS.",
    );
    let pairs: Vec<(&str, &str)> = form.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let r = s.post("/dot/dv/thong-tin", &pairs).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.seen());
    assert!(r.seen().contains("Đã lưu thông tin đợt công tác."));
    let c = s.campaign("dv");
    assert_eq!(c.reporting.units.len(), 10);
    assert_eq!(c.reporting.units[9].code, "U10");
    assert_eq!(c.reporting.units[9].group, "Khối 1");
    assert_eq!(c.reporting.deadline.to_string(), "2026-12-15");
    assert_eq!(
        c.reporting.indicators[1].kind,
        vanban::campaign::model::IndicatorKind::Money
    );
    let json = std::fs::read_to_string(s.root().join("dv/campaign.json")).unwrap();
    assert!(json.contains("\"deadline\": \"2026-12-15\""));
    // What the form does not show is kept.
    assert_eq!(c.plan.archive, "VP");
    assert!(
        std::fs::read_to_string(s.root().join("dv/ke-hoach.txt"))
            .unwrap()
            .starts_with("I. MỤC ĐÍCH\n")
    );
    assert!(s.journal("dv").contains("lưu thông tin đợt công tác"));
}

#[tokio::test]
async fn the_roster_is_read_from_an_uploaded_workbook_into_the_form() {
    let s = Served::new();
    made(&s, "dv").await;
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in [
        ["Mã", "Tên", "Khối"],
        ["A1", "CĐCS Một", "Khối xã"],
        ["A2", "CĐCS Hai", ""],
    ]
    .iter()
    .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    let bytes = book.save_to_buffer().unwrap();
    let r = s.upload("/dot/dv/danh-sach", &[("ds.xlsx", &bytes)]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.seen().contains("Đã đọc 2 dòng"), "{}", r.seen());
    let form = form_of(&r.text());
    assert_eq!(
        field(&form, "danh_sach"),
        "A1\tCĐCS Một\tKhối xã\nA2\tCĐCS Hai"
    );
    // Not saved until the clerk saves.
    assert_eq!(s.campaign("dv").reporting.units.len(), 40);
    let r = s
        .upload("/dot/dv/danh-sach", &[("ds.xlsx", b"not a workbook")])
        .await;
    assert!(
        r.seen().contains("Không đọc được tệp danh sách"),
        "{}",
        r.seen()
    );
}

#[tokio::test]
async fn the_plan_is_written_previewed_and_downloaded() {
    let s = Served::new();
    made(&s, "dv").await;
    let r = s.get("/dot/dv/ke-hoach").await;
    assert!(r.seen().contains("Chưa tạo kế hoạch"), "{}", r.seen());
    let r = s.post("/dot/dv/ke-hoach", &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    let seen = r.seen();
    assert!(seen.contains("Đã tạo kế hoạch"), "{seen}");
    let docx = std::fs::read(s.root().join("dv/out/ke-hoach.docx")).expect("plan written");
    // The HTML preview: the plan's own text.
    assert!(seen.contains("KẾ HOẠCH"), "{seen}");
    assert!(seen.contains("Số: 05/KH-LĐLĐ"), "{seen}");
    assert_eq!(
        r.text().contains("ke-hoach.pdf?xem=1"),
        desk::can_make_pdf(),
        "the PDF is offered when LibreOffice made it"
    );
    let r = s.get("/dot/dv/tai/ke-hoach.docx").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, docx);
    assert!(
        r.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert!(
        s.journal("dv")
            .contains("tạo kế hoạch\tout/ke-hoach.docx\t\tđã ghi")
    );
    let r = s.get("/dot/dv/tai/bao-cao.docx").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.seen().contains("Tệp này chưa được tạo"));
}

#[tokio::test]
async fn forms_are_downloaded_all_in_one_zip_or_one_unit_at_a_time() {
    let s = Served::new();
    made(&s, "dv").await;
    let r = s.get("/dot/dv/bieu-mau").await;
    assert!(r.seen().contains("Tải tất cả biểu mẫu (.zip)"));
    let r = s.get("/dot/dv/bieu-mau/tat-ca.zip").await;
    assert_eq!(r.status, StatusCode::OK);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(r.body.clone())).unwrap();
    assert_eq!(zip.len(), 40);
    let first = zip.by_index(0).unwrap().name().unwrap().to_string();
    assert!(first.starts_with("CD01"), "{first}");
    // The same forms give the same bytes.
    assert_eq!(s.get("/dot/dv/bieu-mau/tat-ca.zip").await.body, r.body);
    let one = s.get("/dot/dv/bieu-mau/don-vi/CD07").await;
    assert_eq!(one.status, StatusCode::OK);
    let name = one.headers["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(name.contains("CD07"), "{name}");
    assert_eq!(
        s.get("/dot/dv/bieu-mau/don-vi/XX99").await.status,
        StatusCode::NOT_FOUND
    );
    // Nothing written to the campaign folder.
    assert!(!s.root().join("dv/out").exists());
}

/// A zip whose one entry inflates a thousandfold: a bomb.
fn zip_bomb() -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    z.start_file("xl/worksheets/sheet1.xml", o).unwrap();
    let zeros = vec![b'0'; 1 << 20];
    for _ in 0..64 {
        z.write_all(&zeros).unwrap();
    }
    z.start_file("[Content_Types].xml", o).unwrap();
    z.write_all(b"<Types/>").unwrap();
    z.finish().unwrap();
    out.into_inner()
}

#[tokio::test]
async fn uploads_are_received_as_the_command_line_receives_them_and_the_page_says_what_became_of_each()
 {
    let s = Served::new();
    made(&s, "dv").await;
    let good = s.filled("dv", 0, false);
    let late = s.filled("dv", 1, true);
    let evil = s.filled("dv", 2, false);
    let r = s
        .upload(
            "/dot/dv/nhan",
            &[
                ("CD01.xlsx", &good),
                ("so-lieu-muon.xlsx", &late),
                ("../../../etc/passwd.xlsx", &evil),
                ("/tmp/abs.xlsx", &good),
                ("ghi-chu.txt", b"khong phai bang tinh"),
                ("bom.xlsx", &zip_bomb()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let seen = r.seen();
    assert!(seen.contains("CD01.xlsx CD01 Đã nhận"), "{seen}");
    assert!(
        seen.contains("so-lieu-muon.xlsx CD02 Có cảnh báo"),
        "{seen}"
    );
    assert!(seen.contains("passwd.xlsx CD03 Đã nhận"), "{seen}");
    // The same content twice is taken once.
    assert!(
        seen.contains("abs.xlsx CD01 Đã nhận (đã nhận tệp này trước đây)"),
        "{seen}"
    );
    assert!(seen.contains("ghi-chu.txt — Bị trả lại"), "{seen}");
    assert!(seen.contains("bom.xlsx — Bị trả lại"), "{seen}");
    // Stored under the unit's code, inside returns/; nothing outside it.
    assert_eq!(s.returns("dv"), ["CD01.xlsx", "CD02.xlsx", "CD03.xlsx"]);
    assert!(!s.root().join("etc").exists() && !s.root().join("dv/etc").exists());
    assert_eq!(
        std::fs::read(s.root().join("dv/returns/CD01.xlsx")).unwrap(),
        good
    );
    let journal = s.journal("dv");
    assert_eq!(journal.lines().count(), 1 + 6, "{journal}");
    assert!(journal.contains("văn thư\tnhận báo cáo\treturns/CD03.xlsx\tCD03\tĐã nhận"));
    // The board agrees.
    let r = s.get("/dot/dv/theo-doi").await;
    let seen = r.seen();
    assert!(seen.contains("Đã nộp 2"), "{seen}");
    assert!(seen.contains("Nộp muộn 1"), "{seen}");
    assert!(seen.contains("Chưa nộp 37"), "{seen}");
    assert!(
        seen.contains("CD02 CĐCS Trường Mầm non Sơn Ca Khối giáo dục Nộp muộn returns/CD02.xlsx"),
        "{seen}"
    );
    let r = s.get("/dot/dv/theo-doi?trang-thai=nop-muon").await;
    assert_eq!(r.text().matches("<tr data-code").count(), 1);
    let csv = String::from_utf8(s.get("/dot/dv/chua-nop.csv").await.body).unwrap();
    assert!(csv.starts_with("\u{feff}Mã,Tên đơn vị,Khối\r\n"));
    assert_eq!(csv.lines().count(), 1 + 37);
    assert!(!csv.contains("\"CD01\""));
    assert!(csv.contains("\"CD04\",\"CĐCS Trường Tiểu học Hòa Bình\""));
}

#[tokio::test]
async fn a_bad_cell_and_a_blank_form_are_shown_with_their_place() {
    let s = Served::new();
    made(&s, "dv").await;
    let c = s.campaign("dv");
    let blank = forms::build_form_with(&c, &c.reporting.units[4], &FormOptions::default()).unwrap();
    let mut values = BTreeMap::new();
    values.insert("nha_mai_am".to_string(), FillValue::Text("hai căn".into()));
    let bad = forms::build_form_with(
        &c,
        &c.reporting.units[5],
        &FormOptions {
            values,
            filled_on: Some(c.reporting.deadline.0),
        },
    )
    .unwrap();
    let r = s
        .upload(
            "/dot/dv/nhan",
            &[("trong.xlsx", &blank), ("sai.xlsx", &bad)],
        )
        .await;
    let seen = r.seen();
    assert!(seen.contains("trong.xlsx CD05 Biểu trống"), "{seen}");
    assert!(seen.contains("sai.xlsx CD06"), "{seen}");
    // tệp › trang tính › ô
    assert!(seen.contains("\"hai căn\" không phải là số; không được tính tệp “returns/CD06.xlsx” › trang tính “Biểu mẫu” › ô D10"), "{seen}");
    let r = s.get("/dot/dv/theo-doi").await;
    assert!(r.seen().contains("Biểu trống 1"), "{}", r.seen());
}

#[tokio::test]
async fn totals_and_report_are_those_of_the_command_lines_merge() {
    let s = Served::new();
    made(&s, "dv").await;
    let files: Vec<(String, Vec<u8>)> = (0..5)
        .map(|i| (format!("f{i}.xlsx"), s.filled("dv", i, false)))
        .collect();
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    s.upload("/dot/dv/nhan", &refs).await;
    let r = s.get("/dot/dv/tong-hop").await;
    assert!(r.seen().contains("Chưa tổng hợp"));
    let r = s.post("/dot/dv/tong-hop", &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    let seen = r.seen();
    let t: vanban::tonghop::TongHop =
        serde_json::from_slice(&std::fs::read(s.root().join("dv/out/tong-hop.json")).unwrap())
            .unwrap();
    // nha_mai_am of unit i is i + 1: 1+2+3+4+5.
    assert_eq!(t.totals["nha_mai_am"], 15.0);
    assert!(
        seen.contains("5/40 đơn vị đã báo cáo, 35 đơn vị chưa báo cáo"),
        "{seen}"
    );
    assert!(seen.contains("Nhà"), "{seen}");
    assert!(seen.contains(" 15 "), "{seen}");
    let xlsx = s.get("/dot/dv/tai/tong-hop.xlsx").await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert_eq!(
        xlsx.body,
        std::fs::read(s.root().join("dv/out/tong-hop.xlsx")).unwrap()
    );
    let r = s.post("/dot/dv/bao-cao", &[]).await;
    assert!(r.seen().contains("Đã tạo báo cáo kết quả"), "{}", r.seen());
    assert!(s.root().join("dv/out/bao-cao.docx").is_file());
}

/// A province rolls two districts up through the desk: each district's
/// tổng hợp (one `.json`, one `.xlsx`) is uploaded as its return, and the totals
/// page says how many units below the districts the figures stand for.
#[tokio::test]
async fn a_province_takes_its_districts_tonghop_as_returns() {
    let s = Served::new();
    for id in ["h1", "h2"] {
        made(&s, id).await;
        let files: Vec<(String, Vec<u8>)> = (0..5)
            .map(|i| (format!("f{i}.xlsx"), s.filled(id, i, false)))
            .collect();
        let refs: Vec<(&str, &[u8])> = files
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        s.upload(&format!("/dot/{id}/nhan"), &refs).await;
        let r = s.post(&format!("/dot/{id}/tong-hop"), &[]).await;
        assert_eq!(r.status, StatusCode::OK);
    }
    made(&s, "tinh").await;
    let path = s.root().join("tinh/campaign.json");
    let mut c: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    c["reporting"]["units"] = serde_json::json!([
        {"code": "H01", "name": "Huyện Một", "group": ""},
        {"code": "H02", "name": "Huyện Hai", "group": ""},
    ]);
    // The districts' tổng hợp are dated by their reports (31/7/2017).
    c["reporting"]["deadline"] = "2017-08-10".into();
    c["report"]["date"] = "2017-08-15".into();
    std::fs::write(&path, serde_json::to_vec_pretty(&c).unwrap()).unwrap();
    let h1 = std::fs::read(s.root().join("h1/out/tong-hop.json")).unwrap();
    let h2 = std::fs::read(s.root().join("h2/out/tong-hop.xlsx")).unwrap();
    let r = s
        .upload("/dot/tinh/nhan", &[("H01.json", &h1), ("H02.xlsx", &h2)])
        .await;
    let seen = r.seen();
    assert!(seen.contains("H01.json H01 Đã nhận"), "{seen}");
    assert!(seen.contains("H02.xlsx H02 Đã nhận"), "{seen}");
    let r = s.post("/dot/tinh/tong-hop", &[]).await;
    let seen = r.seen();
    let t: vanban::tonghop::TongHop =
        serde_json::from_slice(&std::fs::read(s.root().join("tinh/out/tong-hop.json")).unwrap())
            .unwrap();
    // Each district: nha_mai_am 1+2+3+4+5.
    assert_eq!(t.totals["nha_mai_am"], 30.0);
    assert!(
        seen.contains("số liệu gồm 10/80 đơn vị trực thuộc các đơn vị đã nộp, 70 đơn vị trực thuộc chưa có số liệu"),
        "{seen}"
    );
}

#[tokio::test]
async fn a_units_link_reads_and_writes_its_own_return_only() {
    let s = Served::new();
    made(&s, "dv").await;
    let token = security::unit_token(&s.desk.secret, "dv", "CD01");
    // Off by default.
    assert_eq!(
        s.get(&format!("/don-vi/{token}")).await.status,
        StatusCode::NOT_FOUND
    );
    s.post("/dot/dv/nop-truc-tuyen", &[("bat", "1")]).await;
    let r = s.get("/dot/dv/bieu-mau").await;
    assert!(r.text().contains(&format!("/don-vi/{token}")));
    let r = s.get(&format!("/don-vi/{token}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.seen().contains("CĐCS Trường Mầm non Hoa Sen"));
    assert!(r.seen().contains("Chưa nộp"));
    let form = s.get(&format!("/don-vi/{token}/bieu-mau")).await;
    assert!(
        form.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("CD01")
    );
    // Another unit's return through this link: refused, not copied.
    let other = s.filled("dv", 1, false);
    let r = s
        .upload(&format!("/don-vi/{token}"), &[("cd02.xlsx", &other)])
        .await;
    assert!(
        r.seen().contains("không phải báo cáo của đơn vị CD01"),
        "{}",
        r.seen()
    );
    assert!(s.returns("dv").is_empty());
    let own = s.filled("dv", 0, false);
    let r = s
        .upload(&format!("/don-vi/{token}"), &[("cd01.xlsx", &own)])
        .await;
    assert!(r.seen().contains("Đã nhận"), "{}", r.seen());
    assert_eq!(s.returns("dv"), ["CD01.xlsx"]);
    assert!(
        s.journal("dv")
            .contains("đơn vị CD01\tnhận báo cáo\treturns/CD01.xlsx\tCD01")
    );
    // The unit's page shows no other unit and no clerk's page.
    assert!(!r.seen().contains("CD02"));
    // A made-up token, or one of another campaign: nothing.
    for t in [
        "0".repeat(32),
        security::unit_token("other secret", "dv", "CD01"),
    ] {
        assert_eq!(
            s.get(&format!("/don-vi/{t}")).await.status,
            StatusCode::NOT_FOUND
        );
    }
    s.post("/dot/dv/nop-truc-tuyen", &[]).await;
    assert_eq!(
        s.get(&format!("/don-vi/{token}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn an_upload_over_the_limits_is_refused_in_words_and_the_desk_goes_on() {
    let mut s = Served::new();
    Arc::get_mut(&mut s.desk).unwrap().uploads = UploadLimits {
        file_bytes: 64 * 1024,
        files: 3,
        request_bytes: 256 * 1024,
    };
    made(&s, "dv").await;
    let big = vec![b'x'; 100 * 1024];
    let r = s.upload("/dot/dv/nhan", &[("to.xlsx", &big)]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        r.seen().contains("lớn hơn 0 MB") || r.seen().contains("quá mức"),
        "{}",
        r.seen()
    );
    let huge = vec![b'x'; 300 * 1024];
    let r = s.upload("/dot/dv/nhan", &[("rat-to.xlsx", &huge)]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    let small = [0u8; 10];
    let many: Vec<(&str, &[u8])> = (0..4).map(|_| ("a.xlsx", &small[..])).collect();
    let r = s.upload("/dot/dv/nhan", &many).await;
    assert!(
        r.seen().contains("Mỗi lần gửi tối đa 3 tệp"),
        "{}",
        r.seen()
    );
    assert!(s.returns("dv").is_empty());
    assert_eq!(s.get("/").await.status, StatusCode::OK);
}

#[tokio::test]
async fn two_uploads_for_one_unit_at_once_are_both_kept() {
    let s = Served::new();
    made(&s, "dv").await;
    let a = s.filled("dv", 0, false);
    let mut b_values = BTreeMap::new();
    b_values.insert("nha_mai_am".to_string(), FillValue::Number(9.0));
    let c = s.campaign("dv");
    let b = forms::build_form_with(
        &c,
        &c.reporting.units[0],
        &FormOptions {
            values: b_values,
            filled_on: Some(c.reporting.deadline.0),
        },
    )
    .unwrap();
    let (fa, fb) = ([("a.xlsx", &a[..])], [("b.xlsx", &b[..])]);
    let (ra, rb) = tokio::join!(s.upload("/dot/dv/nhan", &fa), s.upload("/dot/dv/nhan", &fb));
    assert_eq!((ra.status, rb.status), (StatusCode::OK, StatusCode::OK));
    assert_eq!(s.returns("dv"), ["CD01 (2).xlsx", "CD01.xlsx"]);
    let stored: Vec<Vec<u8>> = s
        .returns("dv")
        .iter()
        .map(|n| std::fs::read(s.root().join("dv/returns").join(n)).unwrap())
        .collect();
    assert!(stored.contains(&a) && stored.contains(&b));
    assert_eq!(s.journal("dv").matches("nhận báo cáo").count(), 2);
}

#[tokio::test]
async fn served_beyond_this_computer_the_clerks_pages_need_the_password() {
    let s = Served::with(true);
    let r = s.get("/").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers["location"], "/dat-mat-khau");
    // Setting it from another computer is refused.
    let mut req = Request::get("/dat-mat-khau").body(Body::empty()).unwrap();
    req.extensions_mut().insert(axum::extract::ConnectInfo(
        "192.168.1.20:5000".parse::<std::net::SocketAddr>().unwrap(),
    ));
    assert_eq!(s.send(req).await.status, StatusCode::FORBIDDEN);
    let r = s
        .post(
            "/dat-mat-khau",
            &[("mat_khau", "ngan"), ("nhac_lai", "ngan")],
        )
        .await;
    assert!(r.seen().contains("ít nhất 8 ký tự"));
    let r = s
        .post(
            "/dat-mat-khau",
            &[("mat_khau", "mật khẩu dài"), ("nhac_lai", "mật khẩu dài")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let cookie = r.headers["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let session = cookie.split(';').next().unwrap().to_string();
    let page = s
        .send(
            Request::get("/")
                .header("cookie", &session)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    // Without the session: the login page; a wrong password: refused.
    assert_eq!(s.get("/").await.headers["location"], "/dang-nhap");
    let r = s.post("/dang-nhap", &[("mat_khau", "sai rồi")]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.seen().contains("Mật khẩu không đúng"));
    let r = s.post("/dang-nhap", &[("mat_khau", "mật khẩu dài")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // The record survives a restart; it cannot be set again.
    assert!(Password::load(s.root()).unwrap().matches("mật khẩu dài"));
    let r = s
        .post(
            "/dat-mat-khau",
            &[
                ("mat_khau", "x".repeat(9).as_str()),
                ("nhac_lai", "x".repeat(9).as_str()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn standalone_documents_are_made_from_a_type_edited_and_generated() {
    let s = Served::new();
    let r = s.get("/van-ban").await;
    assert!(r.seen().contains("Chưa có văn bản nào"));
    assert!(r.seen().contains("GIẤY MỜI"), "{}", r.seen());
    let r = s
        .post("/van-ban", &[("loai", "giay-moi"), ("ten", "gm-hop")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let source = std::fs::read_to_string(s.root().join("van-ban/gm-hop.txt")).unwrap();
    let r = s.get("/van-ban/gm-hop").await;
    assert!(
        r.text().contains("loai: giay-moi") || r.text().contains("giay-moi"),
        "{}",
        r.text()
    );
    let r = s.post("/van-ban/gm-hop", &[("noi_dung", &source)]).await;
    assert!(r.seen().contains("Đã lưu và tạo văn bản"), "{}", r.seen());
    let docx = s.get("/van-ban/gm-hop/tai/docx").await;
    assert_eq!(docx.status, StatusCode::OK);
    assert!(docx.body.starts_with(b"PK"));
    // A source with an error: saved, the error shown at its line, no document.
    let r = s
        .post("/van-ban/gm-hop", &[("noi_dung", "loai: khong-co\n")])
        .await;
    assert!(r.seen().contains("chưa tạo được văn bản"), "{}", r.seen());
    assert!(r.seen().contains("dòng 1"), "{}", r.seen());
    let r = s
        .post("/van-ban", &[("loai", "giay-moi"), ("ten", "../x")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn two_reports_and_an_upload_during_a_merge_do_not_mix() {
    let s = Served::new();
    made(&s, "dv").await;
    let files: Vec<(String, Vec<u8>)> = (0..3)
        .map(|i| (format!("f{i}.xlsx"), s.filled("dv", i, false)))
        .collect();
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    s.upload("/dot/dv/nhan", &refs).await;
    let late = s.filled("dv", 3, false);
    let more = [("g.xlsx", &late[..])];
    let (a, b, up, m) = tokio::join!(
        s.post("/dot/dv/bao-cao", &[]),
        s.post("/dot/dv/bao-cao", &[]),
        s.upload("/dot/dv/nhan", &more),
        s.post("/dot/dv/tong-hop", &[]),
    );
    for r in [&a, &b, &up, &m] {
        assert_eq!(r.status, StatusCode::OK);
    }
    assert!(a.seen().contains("Đã tạo báo cáo kết quả"), "{}", a.seen());
    assert!(b.seen().contains("Đã tạo báo cáo kết quả"), "{}", b.seen());
    // The report and the tổng hợp on disk are a pair from one run (the report
    // checks it), and the last merge saw every return, or the report says so.
    let t: vanban::tonghop::TongHop =
        serde_json::from_slice(&std::fs::read(s.root().join("dv/out/tong-hop.json")).unwrap())
            .unwrap();
    assert!(t.summary.files_read == 3 || t.summary.files_read == 4);
    let docx = std::fs::read(s.root().join("dv/out/bao-cao.docx")).unwrap();
    assert!(docx.starts_with(b"PK"));
    // No temporary file left, nothing kept as "edited by hand".
    let out: Vec<String> = std::fs::read_dir(s.root().join("dv/out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        out.iter()
            .all(|n| !n.contains(".part") && !n.contains("sửa tay")),
        "{out:?}"
    );
    assert_eq!(s.returns("dv").len(), 4);
}

#[tokio::test]
async fn the_plan_body_is_checked_on_save_and_its_problems_shown_with_their_line() {
    let s = Served::new();
    made(&s, "dv").await;
    let page = s.get("/dot/dv/thong-tin").await.text();
    let mut form = form_of(&page);
    form.iter_mut()
        .find(|(n, _)| *n == "kh_noi_dung")
        .unwrap()
        .1 = "I. MỤC ĐÍCH\n1. Nâng cao {{ khong_co_bien }}.\n".to_string();
    let pairs: Vec<(&str, &str)> = form.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let r = s.post("/dot/dv/thong-tin", &pairs).await;
    assert_eq!(r.status, StatusCode::OK);
    let seen = r.seen();
    assert!(seen.contains("Kiểm tra nội dung kế hoạch:"), "{seen}");
    assert!(seen.contains("khong_co_bien"), "{seen}");
    // The place: the body file and its line.
    assert!(seen.contains("ke-hoach.txt” › dòng 2"), "{seen}");
    // In Vietnamese, not in the engine's English.
    assert!(seen.contains("dữ liệu không có “khong_co_bien”"), "{seen}");
    assert!(!seen.contains("is not defined"), "{seen}");
}

#[test]
fn code_quotes_become_quotation_marks_on_the_page() {
    assert_eq!(
        desk::quoted("tệp `a.xlsx` › trang tính `Biểu mẫu`"),
        "tệp “a.xlsx” › trang tính “Biểu mẫu”"
    );
    assert_eq!(desk::quoted("một ` lẻ"), "một ` lẻ");
}

/// The totals page's group columns: each group's sum, a unit with no group under
/// a named column, and no column at all for a single group.
#[test]
fn group_columns_add_exactly_and_name_the_units_without_a_group() {
    use vanban::tonghop::{Entry, Figure, UnitStatus};
    let campaign = vanban::sheets::forms::sample::campaign(3);
    let mut t = vanban::sheets::merge::aggregate(&campaign, Vec::new());
    let groups = ["Khối A", "", "Khối A"];
    let figures = [0.1, 0.7, 0.2];
    for ((u, g), x) in t.units.iter_mut().zip(groups).zip(figures) {
        u.group = g.to_string();
        u.status = UnitStatus::Accepted;
        u.values.insert(
            "duong_giao_thong".into(),
            Entry::Counted {
                value: Figure::Number(x),
            },
        );
    }
    let (shown, rows) = crate::serve::desk::totals(&t);
    let mut sorted = shown.clone();
    sorted.sort();
    assert_eq!(sorted, vec!["Chưa xếp khối", "Khối A"]);
    let row = rows
        .iter()
        .find(|r| r.label == "Đường giao thông nông thôn")
        .unwrap();
    let a = shown.iter().position(|g| g == "Khối A").unwrap();
    assert_eq!(row.groups[a], "0,30");
    assert_eq!(row.groups[1 - a], "0,70");
    for u in &mut t.units {
        u.group = "Khối A".into();
    }
    let (shown, rows) = crate::serve::desk::totals(&t);
    assert!(shown.is_empty() && rows.iter().all(|r| r.groups.is_empty()));
}
