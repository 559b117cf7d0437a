//! `vanban serve`, the real program on a real socket: the whole campaign driven
//! through the page in Chromium (WebDriver), a 2 GB upload, and the address the
//! desk answers on.
//!
//! The browser test needs `chromium` and `chromedriver` (Debian: `chromium`,
//! `chromium-driver`); without them it says so and passes, unless
//! `VANBAN_REQUIRE_BROWSER` is set (CI sets it), and then their absence is a
//! failure. With `VANBAN_SCREENSHOTS=DIR` it saves a picture of each page there
//! (`scripts/docs-pictures.sh` makes the guide's pictures so).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use vanban::campaign::Campaign;
use vanban::sheets::forms::{self, FillValue, FormOptions};

/// A `vanban serve` running on a free port of 127.0.0.1, stopped when dropped.
struct Server {
    child: Child,
    url: String,
    port: u16,
    dir: tempfile::TempDir,
}

impl Server {
    fn start() -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
            .args(["serve", "--no-browser", "--port", "0"])
            .arg(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start vanban serve");
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut first)
            .expect("the address line");
        // "Bàn làm việc của vanban đang mở tại http://127.0.0.1:PORT"
        let url = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {first:?}"))
            .to_string();
        let port = url.rsplit(':').next().unwrap().parse().expect("port");
        Server {
            child,
            url,
            port,
            dir,
        }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn get(&self, path: &str) -> (u16, String) {
        let mut res = ureq::get(&format!("{}{path}", self.url))
            .config()
            .http_status_as_error(false)
            .build()
            .call()
            .expect("GET");
        let status = res.status().as_u16();
        (status, res.body_mut().read_to_string().unwrap_or_default())
    }

    fn get_bytes(&self, path: &str) -> Vec<u8> {
        let mut res = ureq::get(&format!("{}{path}", self.url))
            .call()
            .expect("GET");
        res.body_mut()
            .with_config()
            .limit(100 << 20)
            .read_to_vec()
            .expect("body")
    }

    /// The page token, from a form on the home page.
    fn csrf(&self) -> String {
        let (_, home) = self.get("/");
        let at = home.find("_csrf=").expect("a form with the token") + 6;
        home[at..]
            .chars()
            .take_while(|c| c.is_ascii_hexdigit())
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_2_gb_upload_is_refused_in_words_and_the_desk_keeps_serving() {
    let server = Server::start();
    let csrf = server.csrf();
    let post = ureq::post(&format!("{}/dot-moi?_csrf={csrf}", server.url))
        .config()
        .http_status_as_error(false)
        .build()
        .send_form([("ten", "dv"), ("nguon", "mau")])
        .expect("create");
    assert_eq!(post.status().as_u16(), 200, "followed to the campaign form");
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let boundary = "b0undary";
    let head = format!(
        "POST /dot/dv/nhan?_csrf={csrf} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: 2147483648\r\nConnection: close\r\n\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"tep\"; filename=\"to.xlsx\"\r\n\r\n"
    );
    s.write_all(head.as_bytes()).unwrap();
    // Send until the server answers or stops reading (at most 200 MB).
    let chunk = vec![b'x'; 1 << 20];
    for _ in 0..200 {
        if s.write_all(&chunk).is_err() {
            break;
        }
    }
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.starts_with("HTTP/1.1 413"),
        "{}",
        &answer[..answer.len().min(300)]
    );
    assert!(
        answer.contains("lớn hơn 20 MB") || answer.contains("Không nhận được"),
        "{answer}"
    );
    assert!(
        server
            .root()
            .join("dv/returns")
            .read_dir()
            .unwrap()
            .next()
            .is_none()
    );
    assert_eq!(server.get("/").0, 200, "still serving");
}

#[cfg(target_os = "linux")]
#[test]
fn without_lan_the_desk_answers_on_127_0_0_1_only() {
    let server = Server::start();
    assert_eq!(server.get("/").0, 200);
    // 127.0.0.2 reaches this machine's loopback interface, but not a socket bound to
    // 127.0.0.1 alone; nor does this machine's address on its network, if it has one.
    let mut others = vec!["127.0.0.2".parse::<std::net::IpAddr>().unwrap()];
    if let Ok(sock) = std::net::UdpSocket::bind("0.0.0.0:0")
        && sock.connect("10.255.255.255:9").is_ok()
        && let Ok(a) = sock.local_addr()
        && !a.ip().is_loopback()
        && !a.ip().is_unspecified()
    {
        others.push(a.ip());
    }
    for ip in others {
        let r = TcpStream::connect_timeout(
            &std::net::SocketAddr::new(ip, server.port),
            Duration::from_secs(2),
        );
        assert!(r.is_err(), "answered on {ip}");
    }
}

// ---------------------------------------------------------------------------
// The browser

/// A WebDriver session of headless Chromium, through `chromedriver`.
struct Browser {
    driver: Child,
    base: String,
    session: String,
    shots: Option<PathBuf>,
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

impl Browser {
    fn start() -> Option<Browser> {
        let driver = find_program(&["chromedriver"]);
        let chromium = find_program(&["chromium", "chromium-browser", "google-chrome"]);
        let (Some(driver), Some(chromium)) = (driver, chromium) else {
            assert!(
                std::env::var_os("VANBAN_REQUIRE_BROWSER").is_none(),
                "chromium and chromedriver are required (VANBAN_REQUIRE_BROWSER is set) but not installed"
            );
            eprintln!("skipped: chromium or chromedriver not installed");
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let base = format!("http://127.0.0.1:{port}");
        let start = Instant::now();
        while ureq::get(&format!("{base}/status")).call().is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=vi"]
            }
        }}});
        let mut b = Browser {
            driver: child,
            base,
            session: String::new(),
            shots: std::env::var_os("VANBAN_SCREENSHOTS").map(PathBuf::from),
        };
        let v = b.call("POST", "/session", caps);
        b.session = v["sessionId"].as_str().expect("session").to_string();
        Some(b)
    }

    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.base);
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .new_agent();
        let mut res = match method {
            "GET" => agent.get(&url).call(),
            "DELETE" => agent.delete(&url).call(),
            _ => agent.post(&url).send_json(&body),
        }
        .expect("webdriver");
        let v: Value = res
            .body_mut()
            .with_config()
            .limit(50 << 20)
            .read_json()
            .expect("json");
        if let Some(e) = v["value"]["error"].as_str() {
            panic!("webdriver {path}: {e}: {}", v["value"]["message"]);
        }
        v["value"].clone()
    }

    fn s(&self, path: &str) -> String {
        format!("/session/{}{path}", self.session)
    }

    fn go(&self, url: &str) {
        self.call("POST", &self.s("/url"), json!({"url": url}));
    }

    fn find(&self, css: &str) -> String {
        let v = self.call(
            "POST",
            &self.s("/element"),
            json!({"using": "css selector", "value": css}),
        );
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("element {css}: {v}"))
            .to_string()
    }

    fn click(&self, css: &str) {
        let e = self.find(css);
        self.call("POST", &self.s(&format!("/element/{e}/click")), json!({}));
    }

    fn type_in(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.call("POST", &self.s(&format!("/element/{e}/clear")), json!({}));
        self.call(
            "POST",
            &self.s(&format!("/element/{e}/value")),
            json!({"text": text}),
        );
    }

    /// Sets a field's value as a paste does (tabs and line breaks included).
    fn paste(&self, css: &str, text: &str) {
        self.script(
            "document.querySelector(arguments[0]).value = arguments[1];",
            json!([css, text]),
        );
    }

    fn script(&self, js: &str, args: Value) -> Value {
        self.call(
            "POST",
            &self.s("/execute/sync"),
            json!({"script": js, "args": args}),
        )
    }

    /// What the page shows (its text as rendered).
    fn text(&self) -> String {
        self.script("return document.body.innerText;", json!([]))
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn attr(&self, css: &str, name: &str) -> String {
        self.script(
            "return document.querySelector(arguments[0]).getAttribute(arguments[1]);",
            json!([css, name]),
        )
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    fn wait_for(&self, css: &str) {
        let start = Instant::now();
        loop {
            let found = self
                .script(
                    "return !!document.querySelector(arguments[0]);",
                    json!([css]),
                )
                .as_bool()
                .unwrap_or(false);
            if found {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "{css} never appeared; the page shows:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Saves a picture of the page as `NAME.png` when pictures are asked for.
    fn shot(&self, name: &str) {
        let Some(dir) = &self.shots else { return };
        // The whole page, not only the window.
        let height = self
            .script("return document.documentElement.scrollHeight;", json!([]))
            .as_u64()
            .unwrap_or(1000)
            .clamp(600, 4000);
        self.call(
            "POST",
            &self.s("/window/rect"),
            json!({"width": 1280, "height": height + 120}),
        );
        let png = self.call("GET", &self.s("/screenshot"), Value::Null);
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png.as_str().expect("png"))
            .expect("base64");
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), bytes).unwrap();
        self.call(
            "POST",
            &self.s("/window/rect"),
            json!({"width": 1280, "height": 1000}),
        );
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = ureq::delete(&format!("{}/session/{}", self.base, self.session)).call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn campaign_of(root: &Path) -> Campaign {
    let text = std::fs::read_to_string(root.join("campaign.json")).unwrap();
    Campaign::from_json("campaign.json", &text).expect("campaign")
}

/// Unit `i`'s return: its figures (i + k + 1 for the k-th number), saved on `on`.
fn filled(c: &Campaign, i: usize, on: chrono::NaiveDate) -> Vec<u8> {
    let values: BTreeMap<String, FillValue> = c
        .reporting
        .indicators
        .iter()
        .enumerate()
        .map(|(k, ind)| {
            let v = match ind.kind {
                vanban::campaign::model::IndicatorKind::Text => FillValue::Text("tốt".into()),
                _ => FillValue::Number((i + k + 1) as f64),
            };
            (ind.code.clone(), v)
        })
        .collect();
    forms::build_form_with(
        c,
        &c.reporting.units[i],
        &FormOptions {
            values,
            filled_on: Some(on),
        },
    )
    .expect("form")
}

#[test]
fn a_whole_campaign_through_the_page_in_a_real_browser() {
    let Some(b) = Browser::start() else { return };
    let server = Server::start();
    let url = &server.url;

    // Trang chủ: a new campaign from the sample.
    b.go(url);
    b.shot("web-trang-chu-trong");
    b.type_in("input[name=ten]", "dan-van-2026");
    b.click("form[action^='/dot-moi'] button");
    b.wait_for("#thong-tin");
    assert!(b.text().contains("Đã tạo đợt công tác từ mẫu"));

    // Thông tin: a 10-unit roster pasted from Excel, the deadline in a week.
    let today = chrono::Local::now().date_naive();
    let deadline = today + chrono::Duration::days(7);
    let roster: String = (1..=10)
        .map(|i| {
            format!(
                "CD{i:02}\tCĐCS Đơn vị số {i}\t{}",
                if i <= 5 {
                    "Khối giáo dục"
                } else {
                    "Khối xã"
                }
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    b.paste("#danh_sach", &roster);
    b.type_in("#han_nop", "31/2/2026");
    b.click("#thong-tin button[type=submit]");
    b.wait_for(".has-error");
    let text = b.text();
    assert!(text.contains("«31/2/2026» chưa phải là ngày"), "{text}");
    b.shot("web-thong-tin-loi");
    b.type_in("#han_nop", &deadline.format("%-d/%-m/%Y").to_string());
    b.type_in("#den_ngay", &deadline.format("%-d/%-m/%Y").to_string());
    b.type_in("#tu_ngay", &today.format("%-d/%-m/%Y").to_string());
    b.click("#thong-tin button[type=submit]");
    b.wait_for(".notice");
    assert!(
        b.text().contains("Đã lưu thông tin đợt công tác."),
        "{}",
        b.text()
    );
    b.shot("web-thong-tin");
    let dir = server.root().join("dan-van-2026");
    let c = campaign_of(&dir);
    assert_eq!(c.reporting.units.len(), 10);
    assert_eq!(c.reporting.deadline.0, deadline);

    // Kế hoạch.
    b.go(&format!("{url}/dot/dan-van-2026/ke-hoach"));
    b.click("#tao");
    b.wait_for("#tai-docx");
    assert!(b.text().contains("Đã tạo kế hoạch"), "{}", b.text());
    b.shot("web-ke-hoach");
    let plan = server.get_bytes(&b.attr("#tai-docx", "href"));
    assert_eq!(plan, std::fs::read(dir.join("out/ke-hoach.docx")).unwrap());

    // Biểu mẫu: every form in one .zip.
    b.go(&format!("{url}/dot/dan-van-2026/bieu-mau"));
    b.shot("web-bieu-mau");
    let zip = server.get_bytes(&b.attr("#tai-tat-ca", "href"));
    let zip = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("zip");
    assert_eq!(zip.len(), 10);
    // The units' own links: turned on, CD10's page opened as the unit would.
    b.click("form[action*='nop-truc-tuyen'] button");
    b.wait_for("code.link");
    b.shot("web-bieu-mau-lien-ket");
    let link = b
        .script(
            "return document.querySelectorAll('code.link')[9].textContent;",
            json!([]),
        )
        .as_str()
        .expect("CD10's link")
        .to_string();
    b.go(&link);
    let text = b.text();
    assert!(
        text.contains("CĐCS Đơn vị số 10") && text.contains("Chưa nộp"),
        "{text}"
    );
    assert!(!text.contains("CĐCS Đơn vị số 9"), "{text}");
    b.shot("web-don-vi");

    // Nhận báo cáo: 8 files dropped at once.
    let returns = tempfile::tempdir().unwrap();
    let on_time = deadline - chrono::Duration::days(2);
    let mut paths = Vec::new();
    let mut put = |name: &str, bytes: Vec<u8>| {
        let p = returns.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        paths.push(p.display().to_string());
    };
    for i in 0..4 {
        put(&format!("bao-cao-{}.xlsx", i + 1), filled(&c, i, on_time));
    }
    put(
        "muon.xlsx",
        filled(&c, 4, deadline + chrono::Duration::days(2)),
    );
    put(
        "trong.xlsx",
        forms::build_form_with(&c, &c.reporting.units[5], &FormOptions::default()).unwrap(),
    );
    let mut bad = BTreeMap::new();
    bad.insert(
        c.reporting.indicators[0].code.clone(),
        FillValue::Text("hai căn".into()),
    );
    put(
        "o-sai.xlsx",
        forms::build_form_with(
            &c,
            &c.reporting.units[6],
            &FormOptions {
                values: bad,
                filled_on: Some(on_time),
            },
        )
        .unwrap(),
    );
    put(
        "anh-chup.xlsx",
        b"\x89PNG\r\n\x1a\n not a spreadsheet".to_vec(),
    );
    b.go(&format!("{url}/dot/dan-van-2026/nhan"));
    b.shot("web-nhan-bao-cao-trong");
    let input = b.find("#chon-tep");
    b.call(
        "POST",
        &b.s(&format!("/element/{input}/value")),
        json!({"text": paths.join("\n")}),
    );
    b.click("#gui");
    b.wait_for("#bang-ket-qua");
    let text = b.text();
    for (file, unit, result) in [
        ("bao-cao-1.xlsx", "CD01", "Đã nhận"),
        ("muon.xlsx", "CD05", "Có cảnh báo"),
        ("trong.xlsx", "CD06", "Biểu trống"),
        ("o-sai.xlsx", "CD07", "Có cảnh báo"),
        ("anh-chup.xlsx", "—", "Bị trả lại"),
    ] {
        assert!(
            text.lines()
                .any(|l| l.contains(file) && l.contains(unit) && l.contains(result)),
            "{file} {unit} {result}:\n{text}"
        );
    }
    assert!(text.contains("ô D"), "the bad cell's place:\n{text}");
    b.shot("web-nhan-bao-cao");
    let stored: Vec<String> = std::fs::read_dir(dir.join("returns"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(stored.len(), 7, "{stored:?}");

    // Theo dõi.
    b.go(&format!("{url}/dot/dan-van-2026/theo-doi"));
    let text = b.text();
    for (status, n) in [
        ("Đã nộp", 4),
        ("Nộp muộn", 1),
        ("Biểu trống", 1),
        ("Có cảnh báo", 1),
        ("Chưa nộp", 3),
    ] {
        assert!(
            text.contains(&format!("{status} {n}")),
            "{status} {n}:\n{text}"
        );
    }
    b.shot("web-theo-doi");
    b.click("a[data-status=chua-nop]");
    b.wait_for("a.on[data-status=chua-nop]");
    let rows = b
        .script(
            "return document.querySelectorAll('#bang-theo-doi tbody tr').length;",
            json!([]),
        )
        .as_u64();
    assert_eq!(rows, Some(3));
    let csv = server.get_bytes(&b.attr("#tai-chua-nop", "href"));
    let csv = String::from_utf8(csv).unwrap();
    assert_eq!(csv.lines().count(), 4, "{csv}");

    // Tổng hợp.
    b.go(&format!("{url}/dot/dan-van-2026/tong-hop"));
    b.click("#tong-hop-lai");
    b.wait_for("#bang-tong-hop");
    b.shot("web-tong-hop");
    let json: vanban::tonghop::TongHop =
        serde_json::from_slice(&std::fs::read(dir.join("out/tong-hop.json")).unwrap()).unwrap();
    let first = &c.reporting.indicators[0];
    // Units 0-4 count (1, 2, 3, 4 on time; 5 late but counted); 6 is blank; 7's
    // first figure is not a number.
    assert_eq!(json.totals[&first.code], (1 + 2 + 3 + 4 + 5) as f64);
    let text = b.text();
    assert!(text.contains(&first.label), "{text}");
    // A blank form is not a report: 6 of 10 reported.
    assert!(
        text.contains("6/10 đơn vị đã báo cáo, 4 đơn vị chưa báo cáo"),
        "{text}"
    );

    // Báo cáo.
    b.go(&format!("{url}/dot/dan-van-2026/bao-cao"));
    b.click("#tao");
    b.wait_for("#tai-docx");
    assert!(b.text().contains("Đã tạo báo cáo kết quả"), "{}", b.text());
    b.shot("web-bao-cao");
    let report = server.get_bytes(&b.attr("#tai-docx", "href"));
    let xml = vanban::docx::fixture::part(&report, "word/document.xml").expect("document.xml");
    let text = vanban::docx::fixture::text_of(&xml);
    assert!(text.contains("BÁO CÁO"), "{text}");
    assert!(
        text.contains("CĐCS Đơn vị số 8"),
        "the units not reported are named:\n{text}"
    );

    // The home page now shows the campaign's state.
    b.go(url);
    let text = b.text();
    assert!(text.contains("Đã ban hành"), "{text}");
    assert!(text.contains("6/10"), "{text}");
    assert!(text.contains("còn 7 ngày"), "{text}");
    b.shot("web-trang-chu");

    // Văn bản: a giấy mời from its type, generated.
    b.go(&format!("{url}/van-ban"));
    b.type_in("input[name=ten]", "giay-moi-hop");
    b.script(
        "document.querySelector('select[name=loai]').value = 'giay-moi';",
        json!([]),
    );
    b.click("form[action^='/van-ban'] button");
    b.wait_for("textarea[name=noi_dung]");
    b.click("form[action^='/van-ban/giay-moi-hop'] button");
    b.wait_for(".notice");
    assert!(b.text().contains("Đã lưu và tạo văn bản"), "{}", b.text());
    assert!(b.text().contains("GIẤY MỜI"), "{}", b.text());
    b.shot("web-van-ban");
    assert!(server.root().join("van-ban/giay-moi-hop.docx").is_file());

    // The journal has every change.
    let journal = std::fs::read_to_string(dir.join("nhat-ky.log")).unwrap();
    assert_eq!(journal.matches("nhận báo cáo").count(), 8, "{journal}");
    for action in [
        "tạo đợt công tác",
        "lưu thông tin",
        "tạo kế hoạch",
        "tổng hợp",
        "tạo báo cáo",
    ] {
        assert!(journal.contains(action), "{action}: {journal}");
    }
}
