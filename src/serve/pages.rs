//! The pages of the desk: each handler reads what the clerk sent, runs the work of
//! [`super::desk`] on the blocking pool (under the campaign's lock when it writes),
//! writes the journal, and renders a Tera page in Vietnamese.

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Form, Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use vanban::folder::Folder;
use vanban::workflow::paths;

use super::desk::{self, CampaignForm};
use super::folder::DeskFolder;
use super::journal::{self, Line};
use super::security::{self, Password};
use super::{Desk, SESSION_COOKIE};

/// The page templates and static files, embedded in the binary.
pub struct Pages {
    tera: tera::Tera,
}

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("web/base.html")),
    ("home.html", include_str!("web/home.html")),
    ("info.html", include_str!("web/info.html")),
    ("document.html", include_str!("web/document.html")),
    ("forms.html", include_str!("web/forms.html")),
    ("receive.html", include_str!("web/receive.html")),
    ("board.html", include_str!("web/board.html")),
    ("totals.html", include_str!("web/totals.html")),
    ("unit.html", include_str!("web/unit.html")),
    ("documents.html", include_str!("web/documents.html")),
    ("van_ban.html", include_str!("web/van_ban.html")),
    ("login.html", include_str!("web/login.html")),
    ("message.html", include_str!("web/message.html")),
];

const ASSETS: &[(&str, &str, &str)] = &[
    (
        "app.css",
        "text/css; charset=utf-8",
        include_str!("web/app.css"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("web/app.js"),
    ),
];

impl Pages {
    /// Compiles the embedded templates (a broken one is a bug: the tests render
    /// every page).
    pub fn new() -> Pages {
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html"]);
        tera.add_raw_templates(TEMPLATES.iter().copied())
            .expect("the desk's embedded page templates compile");
        Pages { tera }
    }
}

/// The lists the page templates loop over.
const LISTS: &[&str] = &[
    "problems", "units", "uploads", "cards", "docs", "preview", "outline", "general", "groups",
    "rows", "missing", "statuses", "sections", "kinds",
];

/// Renders page `name` with `ctx` (plus what every page has: the form token).
fn render(desk: &Desk, name: &str, status: StatusCode, mut ctx: Value) -> Response {
    ctx["csrf"] = desk.csrf.clone().into();
    ctx["guarded"] = desk.guarded.into();
    // Tera refuses to loop over a list a page did not set: the lists the
    // templates loop over are empty unless set.
    for list in LISTS {
        if ctx[*list].is_null() {
            ctx[*list] = Value::Array(vec![]);
        }
    }
    let context = tera::Context::from_serialize(&ctx).unwrap_or_default();
    match desk.pages.tera.render(name, &context) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Html(format!(
                "<p>Lỗi của chương trình khi dựng trang {name}: {}</p>",
                tera_escape(&e.to_string())
            )),
        )
            .into_response(),
    }
}

fn tera_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A page that only says something (a refusal, a missing page), with `status`.
pub fn refused(desk: &Desk, status: StatusCode, message: &str) -> Response {
    render(
        desk,
        "message.html",
        status,
        json!({"title": "Không thực hiện được", "message": message}),
    )
}

/// Runs blocking work (files, readers, LibreOffice) off the async threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    match tokio::task::spawn_blocking(f).await {
        Ok(v) => v,
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

/// Runs blocking work that writes to campaign `id`, holding its lock.
async fn writing<T: Send + 'static>(
    desk: &Arc<Desk>,
    id: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let lock = desk.lock(id);
    blocking(move || {
        let _held = lock.lock().unwrap_or_else(|e| e.into_inner());
        f()
    })
    .await
}

fn not_a_campaign(desk: &Desk) -> Response {
    refused(
        desk,
        StatusCode::NOT_FOUND,
        "Không có đợt công tác này. Hãy quay về trang chủ và chọn một đợt trong danh sách.",
    )
}

/// The campaign folder of `id`, or the page saying there is none.
fn campaign(desk: &Desk, id: &str) -> Result<PathBuf, Response> {
    desk::campaign_dir(&desk.root, id).ok_or_else(|| not_a_campaign(desk))
}

/// The context every page of a campaign has: its id, title and the tab shown.
fn campaign_ctx(desk: &Desk, id: &str, tab: &str) -> Value {
    let title = desk::folder(&desk.root, id)
        .and_then(|f| vanban::workflow::load_campaign(&f).ok())
        .map(|c| c.campaign.name)
        .unwrap_or_else(|| id.to_string());
    json!({"id": id, "title": title, "tab": tab})
}

fn journal(dir: &std::path::Path, lines: &[Line<'_>]) {
    // The journal records; failing to write it must not undo the work done.
    let _ = journal::append(dir, lines);
}

// ---------------------------------------------------------------------------
// Home

/// Trang chủ: the campaigns and their state; a new campaign.
pub async fn home(State(desk): State<Arc<Desk>>) -> Response {
    let d = desk.clone();
    let cards = blocking(move || desk::cards(&d.root, d.today())).await;
    render(
        &desk,
        "home.html",
        StatusCode::OK,
        json!({"cards": cards, "root": desk.root.display().to_string()}),
    )
}

/// The new-campaign form.
#[derive(Debug, Deserialize)]
pub struct NewCampaign {
    ten: String,
    #[serde(default)]
    nguon: String,
}

/// Tạo đợt công tác mới: from the sample or from a previous campaign.
pub async fn create(State(desk): State<Arc<Desk>>, Form(f): Form<NewCampaign>) -> Response {
    let name = f.ten.trim().to_string();
    let from = (!f.nguon.is_empty() && f.nguon != "mau").then(|| f.nguon.clone());
    let d = desk.clone();
    let n = name.clone();
    let result = writing(&desk, "", move || {
        let r = desk::create(&d.root, &n, from.as_deref());
        if r.is_ok() {
            journal(
                &d.root.join(&n),
                &[Line {
                    who: "văn thư",
                    action: "tạo đợt công tác",
                    file: paths::CAMPAIGN,
                    unit: "",
                    result: from.as_deref().unwrap_or("từ mẫu"),
                }],
            );
        }
        r
    })
    .await;
    match result {
        Ok(()) => Redirect::to(&format!("/dot/{name}/thong-tin?moi=1")).into_response(),
        Err(message) => {
            let d = desk.clone();
            let cards = blocking(move || desk::cards(&d.root, d.today())).await;
            render(
                &desk,
                "home.html",
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({"cards": cards, "error": message, "ten": name,
                       "root": desk.root.display().to_string()}),
            )
        }
    }
}

/// A campaign's first page: its board.
pub async fn campaign_home(State(desk): State<Arc<Desk>>, Path(id): Path<String>) -> Response {
    match campaign(&desk, &id) {
        Ok(_) => Redirect::to(&format!("/dot/{id}/theo-doi")).into_response(),
        Err(r) => r,
    }
}

// ---------------------------------------------------------------------------
// Thông tin đợt công tác

#[derive(Debug, Deserialize, Default)]
pub struct InfoQuery {
    #[serde(default)]
    moi: Option<String>,
}

/// The fields of the campaign form, by section: (name, label, kind, hint).
/// A field of the campaign form: name, label, kind, hint.
type InfoField = (&'static str, &'static str, &'static str, &'static str);

const INFO_SECTIONS: &[(&str, &[InfoField])] = &[
    (
        "Đợt công tác",
        &[
            ("ten_dot", "Tên đợt công tác", "text", ""),
            ("nam", "Năm", "text", ""),
        ],
    ),
    (
        "Cơ quan ban hành và người ký",
        &[
            (
                "cap_tren",
                "Cơ quan cấp trên",
                "text",
                "Viết hoa, ví dụ: LIÊN ĐOÀN LAO ĐỘNG TỈNH TÂY NINH",
            ),
            (
                "co_quan",
                "Cơ quan ban hành",
                "text",
                "Viết hoa, ví dụ: LIÊN ĐOÀN LAO ĐỘNG HUYỆN CHÂU THÀNH",
            ),
            ("viet_tat", "Tên viết tắt", "text", "Ví dụ: LĐLĐ"),
            ("dia_danh", "Địa danh", "text", "Ví dụ: Châu Thành"),
            ("tm", "Thẩm quyền ký", "text", "Ví dụ: TM. BAN THƯỜNG VỤ"),
            ("chuc_vu", "Chức vụ người ký", "text", "Ví dụ: CHỦ TỊCH"),
            ("nguoi_ky", "Họ tên người ký", "text", ""),
        ],
    ),
    (
        "Kế hoạch",
        &[
            ("kh_so", "Số", "text", ""),
            (
                "kh_ngay",
                "Ngày ban hành",
                "date",
                "Ngày/tháng/năm, ví dụ 28/6/2017",
            ),
            ("kh_trich_yeu", "Trích yếu", "text", ""),
            ("kh_can_cu", "Căn cứ", "lines", "Mỗi căn cứ một dòng"),
            ("kh_noi_nhan", "Nơi nhận", "lines", "Mỗi nơi nhận một dòng"),
            (
                "kh_noi_dung",
                "Nội dung kế hoạch",
                "body",
                "Đề mục: I., 1., a), - như văn bản thường; lỗi được báo theo dòng",
            ),
        ],
    ),
    (
        "Báo cáo kết quả",
        &[
            ("bc_so", "Số", "text", ""),
            ("bc_ngay", "Ngày ban hành", "date", "Ngày/tháng/năm"),
            ("bc_trich_yeu", "Trích yếu", "text", ""),
            ("bc_kinh_gui", "Kính gửi", "lines", "Mỗi nơi một dòng"),
            ("bc_noi_nhan", "Nơi nhận", "lines", "Mỗi nơi nhận một dòng"),
            ("bc_noi_dung", "Nội dung báo cáo", "body", ""),
        ],
    ),
    (
        "Thu thập báo cáo",
        &[
            (
                "tu_ngay",
                "Thời gian thực hiện: từ ngày",
                "date",
                "Ngày/tháng/năm",
            ),
            ("den_ngay", "đến ngày", "date", "Ngày/tháng/năm"),
            (
                "han_nop",
                "Hạn nộp báo cáo",
                "date",
                "Ngày/tháng/năm, ví dụ 27/7/2017",
            ),
            (
                "danh_sach",
                "Danh sách đơn vị",
                "roster",
                "Dán từ Excel: cột mã, cột tên (và cột khối nếu có), mỗi đơn vị một dòng",
            ),
            (
                "chi_tieu",
                "Chỉ tiêu báo cáo",
                "lines",
                "Mỗi chỉ tiêu một dòng: mã, tên chỉ tiêu, đơn vị tính, loại (số nguyên, số tiền, số thập phân, chữ), cách nhau bằng dấu | hoặc Tab",
            ),
        ],
    ),
];

fn info_page(
    desk: &Desk,
    id: &str,
    status: StatusCode,
    form: &CampaignForm,
    problems: &desk::FieldProblems,
    notice: Option<String>,
    outline: &[desk::Problem],
) -> Response {
    let values = serde_json::to_value(form).unwrap_or_default();
    let sections: Vec<Value> = INFO_SECTIONS
        .iter()
        .map(|(title, fields)| {
            let fields: Vec<Value> = fields
                .iter()
                .map(|(name, label, kind, hint)| {
                    json!({"name": name, "label": label, "kind": kind, "hint": hint,
                           "value": values[*name],
                           "problems": problems.get(*name).cloned().unwrap_or_default()})
                })
                .collect();
            json!({"title": title, "fields": fields})
        })
        .collect();
    let mut ctx = campaign_ctx(desk, id, "thong-tin");
    ctx["sections"] = sections.into();
    ctx["general"] = problems.get("chung").cloned().unwrap_or_default().into();
    ctx["has_problems"] = (!problems.is_empty()).into();
    ctx["notice"] = notice.into();
    ctx["outline"] = serde_json::to_value(outline).unwrap_or_default();
    render(desk, "info.html", status, ctx)
}

/// Thông tin đợt công tác: the form of `campaign.json`.
pub async fn info(
    State(desk): State<Arc<Desk>>,
    Path(id): Path<String>,
    Query(q): Query<InfoQuery>,
) -> Response {
    let dir = match campaign(&desk, &id) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let i = id.clone();
    let (read, outline) = blocking(move || {
        let f = DeskFolder::on_disk(dir.clone(), &i);
        (desk::read_form(&f), desk::plan_check(dir, &i))
    })
    .await;
    match read {
        Ok((form, _)) => info_page(
            &desk,
            &id,
            StatusCode::OK,
            &form,
            &Default::default(),
            q.moi.map(|_| {
                "Đã tạo đợt công tác từ mẫu. Hãy sửa các thông tin dưới đây rồi bấm «Lưu».".into()
            }),
            &outline,
        ),
        Err(message) => refused(&desk, StatusCode::UNPROCESSABLE_ENTITY, &message),
    }
}

/// Saves the form: checked field by field, written (atomically) only when whole.
pub async fn save_info(
    State(desk): State<Arc<Desk>>,
    Path(id): Path<String>,
    Form(form): Form<CampaignForm>,
) -> Response {
    let dir = match campaign(&desk, &id) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let i = id.clone();
    let f2 = form.clone();
    let result = writing(&desk, &id, move || {
        let f = DeskFolder::on_disk(dir.clone(), &i);
        let (_, original) = desk::read_form(&f).map_err(|m| {
            let mut p = desk::FieldProblems::new();
            p.insert("chung".into(), vec![m]);
            p
        })?;
        let (text, bodies) = desk::apply_form(&f2, original)?;
        let mut written = vec![(paths::CAMPAIGN.to_string(), text)];
        written.extend(bodies);
        for (path, content) in &written {
            if let Err(d) = vanban::folder::write(&f, path, content.as_bytes()) {
                let mut p = desk::FieldProblems::new();
                p.insert("chung".into(), vec![desk::problem(&d).message]);
                return Err(p);
            }
        }
        journal(
            &dir,
            &[Line {
                who: "văn thư",
                action: "lưu thông tin đợt công tác",
                file: paths::CAMPAIGN,
                unit: "",
                result: "đã lưu",
            }],
        );
        Ok(desk::plan_check(dir, &i))
    })
    .await;
    match result {
        Ok(outline) => info_page(
            &desk,
            &id,
            StatusCode::OK,
            &form,
            &Default::default(),
            Some("Đã lưu thông tin đợt công tác.".into()),
            &outline,
        ),
        Err(problems) => info_page(
            &desk,
            &id,
            StatusCode::UNPROCESSABLE_ENTITY,
            &form,
            &problems,
            None,
            &[],
        ),
    }
}

/// Reads the uploaded files of a multipart request: (field name, file name,
/// bytes), within the desk's upload limits; a refusal as a Vietnamese sentence.
async fn read_uploads(
    desk: &Desk,
    mut multipart: Multipart,
) -> Result<Vec<(String, String, Vec<u8>)>, String> {
    let limits = desk.uploads;
    let mut files = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                return Err(format!(
                    "Không nhận được các tệp: lần gửi quá lớn hoặc bị ngắt giữa chừng. Mỗi lần gửi tối đa {} MB, mỗi tệp tối đa {} MB; hãy gửi ít tệp hơn mỗi lần.",
                    limits.request_bytes / (1024 * 1024),
                    limits.file_bytes / (1024 * 1024)
                ));
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        let Some(file_name) = field.file_name().map(str::to_string) else {
            continue;
        };
        if files.len() >= limits.files {
            return Err(format!(
                "Mỗi lần gửi tối đa {} tệp; hãy chia làm nhiều lần.",
                limits.files
            ));
        }
        let mut field = field;
        let mut bytes = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() + chunk.len() > limits.file_bytes {
                        return Err(format!(
                            "Tệp «{}» lớn hơn {} MB, quá mức một báo cáo: hãy kiểm tra lại tệp (có thể gửi nhầm).",
                            desk::upload_name(&file_name),
                            limits.file_bytes / (1024 * 1024)
                        ));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(_) => {
                    return Err(format!(
                        "Không nhận được tệp «{}»: lần gửi quá lớn (tối đa {} MB) hoặc bị ngắt giữa chừng.",
                        desk::upload_name(&file_name),
                        limits.request_bytes / (1024 * 1024)
                    ));
                }
            }
        }
        if file_name.is_empty() && bytes.is_empty() {
            continue;
        }
        files.push((name, file_name, bytes));
    }
    Ok(files)
}

/// The roster uploaded as a workbook: put in the form's roster field, to check and
/// save.
pub async fn roster_upload(
    State(desk): State<Arc<Desk>>,
    Path(id): Path<String>,
    multipart: Multipart,
) -> Response {
    let dir = match campaign(&desk, &id) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let files = match read_uploads(&desk, multipart).await {
        Ok(f) => f,
        Err(m) => return refused(&desk, StatusCode::PAYLOAD_TOO_LARGE, &m),
    };
    let i = id.clone();
    let (read, roster) = blocking(move || {
        let f = DeskFolder::on_disk(dir, &i);
        let roster = files
            .first()
            .map(|(_, _, bytes)| desk::roster_from_workbook(bytes))
            .unwrap_or_else(|| Err("Chưa chọn tệp danh sách.".into()));
        (desk::read_form(&f), roster)
    })
    .await;
    let Ok((mut form, _)) = read else {
        return not_a_campaign(&desk);
    };
    let mut problems = desk::FieldProblems::new();
    let notice = match roster {
        Ok(text) => {
            let n = text.lines().count();
            form.danh_sach = text;
            Some(format!(
                "Đã đọc {n} dòng từ tệp danh sách vào ô «Danh sách đơn vị». Hãy xem lại rồi bấm «Lưu»."
            ))
        }
        Err(m) => {
            problems.insert("danh_sach".into(), vec![m]);
            None
        }
    };
    info_page(&desk, &id, StatusCode::OK, &form, &problems, notice, &[])
}

// ---------------------------------------------------------------------------
// Kế hoạch and Báo cáo

fn document_page(
    desk: &Desk,
    id: &str,
    dir: &std::path::Path,
    which: &str,
    made: Option<desk::Made>,
) -> Response {
    let (docx_path, title, tab) = if which == "ke-hoach" {
        (paths::PLAN, "Kế hoạch", "ke-hoach")
    } else {
        (paths::REPORT, "Báo cáo kết quả", "bao-cao")
    };
    let f = DeskFolder::on_disk(dir.to_path_buf(), id);
    let docx = f.read(docx_path).ok();
    let pdf = f.exists(&docx_path.replace(".docx", ".pdf"));
    let preview = docx.as_deref().map(desk::preview).unwrap_or_default();
    let mut ctx = campaign_ctx(desk, id, tab);
    ctx["which"] = which.into();
    ctx["doc_title"] = title.into();
    ctx["exists"] = docx.is_some().into();
    ctx["pdf"] = pdf.into();
    ctx["can_pdf"] = desk::can_make_pdf().into();
    ctx["preview"] = preview
        .into_iter()
        .map(|(_, t)| Value::String(t))
        .collect::<Vec<_>>()
        .into();
    if let Some(m) = made {
        ctx["made"] = serde_json::to_value(m).unwrap_or_default();
    }
    render(desk, "document.html", StatusCode::OK, ctx)
}

/// Kế hoạch: generate, preview, download.
pub async fn plan(State(desk): State<Arc<Desk>>, Path(id): Path<String>) -> Response {
    match campaign(&desk, &id) {
        Ok(dir) => document_page(&desk, &id, &dir, "ke-hoach", None),
        Err(r) => r,
    }
}

/// Writes the plan (and its PDF).
pub async fn make_plan(State(desk): State<Arc<Desk>>, Path(id): Path<String>) -> Response {
    let dir = match campaign(&desk, &id) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let (i, d) = (id.clone(), dir.clone());
    let made = writing(&desk, &id, move || {
        let f = DeskFolder::on_disk(d.clone(), &i);
        let made = desk::make_plan(&f);
        journal(
            &d,
            &[Line {
                who: "văn thư",
                action: "tạo kế hoạch",
                file: paths::PLAN,
                unit: "",
                result: if made.written { "đã ghi" } else { "lỗi" },
            }],
        );
        made
    })
    .await;
    document_page(&desk, &id, &dir, "ke-hoach", Some(made))
}

/// Báo cáo: generate, preview, download.
pub async fn report(State(desk): State<Arc<Desk>>, Path(id): Path<String>) -> Response {
    match campaign(&desk, &id) {
        Ok(dir) => document_page(&desk, &id, &dir, "bao-cao", None),
        Err(r) => r,
    }
}

/// Merges the returns and writes the report (and its PDF).
pub async fn make_report(State(desk): State<Arc<Desk>>, Path(id): Path<String>) -> Response {
    let dir = match campaign(&desk, &id) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let (i, d, today) = (id.clone(), dir.clone(), desk.today());
    let made = writing(&desk, &id, move || {
        let f = DeskFolder::on_disk(d.clone(), &i);
        let made = desk::make_report(&f, today);
        journal(
            &d,
            &[Line {
                who: "văn thư",
                action: "tổng hợp và tạo báo cáo",
                file: paths::REPORT,
                unit: "",
                result: if made.written { "đã ghi" } else { "lỗi" },
            }],
        );
        made
    })
    .await;
    document_page(&desk, &id, &dir, "bao-cao", Some(made))
}

/// The files a campaign's page may download, by the name in the URL.
const DOWNLOADS: &[(&str, &str, &str)] = &[
    (
        "ke-hoach.docx",
        paths::PLAN,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("ke-hoach.pdf", "out/ke-hoach.pdf", "application/pdf"),
    (
        "bao-cao.docx",
        paths::REPORT,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("bao-cao.pdf", "out/bao-cao.pdf", "application/pdf"),
    (
        "tong-hop.xlsx",
        paths::TONGHOP_XLSX,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
];

fn attachment(name: &str, mime: &str, bytes: Vec<u8>, inline: bool) -> Response {
    let disposition = format!(
        "{}; filename=\"{}\"",
        if inline { "inline" } else { "attachment" },
        name.replace(['"', '\\', '\r', '\n'], "_")
    );
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(mime) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

#[derive(Debug, Deserialize, Default)]
pub struct DownloadQuery {
    #[serde(default)]
    xem: Option<String>,
}

/// Downloads an output of the campaign (only those listed in [`DOWNLOADS`]).
pub async fn download(
    State(desk): State<Arc<Desk>>,
    Path((id, file)): Path<(String, String)>,
    Query(q): Query<DownloadQuery>,
) -> Response {
    let dir = match campaign(&desk, &id) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let Some((_, path, mime)) = DOWNLOADS.iter().find(|(n, _, _)| *n == file) else {
        return not_found(State(desk)).await;
    };
    let f = DeskFolder::on_disk(dir, &id);
    match f.read(path) {
        Ok(bytes) => attachment(&format!("{id}-{file}"), mime, bytes, q.xem.is_some()),
        Err(_) => refused(
            &desk,
            StatusCode::NOT_FOUND,
            "Tệp này chưa được tạo. Hãy bấm nút tạo trên trang trước.",
        ),
    }
}

// ---------------------------------------------------------------------------
// Biểu mẫu

/// The file that turns units' own pages on for a campaign (in its folder,
/// hidden).
const UNITS_SUBMIT: &str = ".vanban-nop-truc-tuyen";

fn units_submit(dir: &std::path::Path) -> bool {
    dir.join(UNITS_SUBMIT).is_file()
}

/// Biểu mẫu: every form (one .zip) or one unit's; the units' own links.
pub async fn forms(
    State(desk): State<Arc<Desk>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let dir = match campaign(&desk, &id) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let (d, i) = (dir.clone(), id.clone());
    let campaign =
        blocking(move || vanban::workflow::load_campaign(&DeskFolder::on_disk(d, &i))).await;
    let mut ctx = campaign_ctx(&desk, &id, "bieu-mau");
    let host = host_of(&headers);
    match campaign {
        Ok(c) => {
            let submit = units_submit(&dir);
            let units: Vec<Value> = c
                .reporting
                .units
                .iter()
                .map(|u| {
                    let token = security::unit_token(&desk.secret, &id, &u.code);
                    json!({"code": u.code, "name": u.name, "group": u.group,
                           "link": format!("http://{host}/don-vi/{token}")})
                })
                .collect();
            ctx["units"] = units.into();
            ctx["submit"] = submit.into();
        }
        Err(ds) => ctx["problems"] = serde_json::to_value(desk::problems(&ds)).unwrap_or_default(),
    }
    render(&desk, "forms.html", StatusCode::OK, ctx)
}

/// The units' own links of campaign `id`, by unit code, when it takes units'
/// returns (to print on their forms); empty otherwise.
fn unit_links(
    desk: &Desk,
    id: &str,
    dir: &std::path::Path,
    host: &str,
) -> std::collections::BTreeMap<String, String> {
    if !units_submit(dir) {
        return Default::default();
    }
    let f = DeskFolder::on_disk(dir.to_path_buf(), id);
    vanban::workflow::load_campaign(&f)
        .map(|c| {
            c.reporting
                .units
                .iter()
                .map(|u| {
                    let token = security::unit_token(&desk.secret, id, &u.code);
                    (u.code.clone(), format!("http://{host}/don-vi/{token}"))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The host the page was asked for (`127.0.0.1:8686`, or the server's address on
/// the office's network), for the links it prints.
fn host_of(headers: &HeaderMap) -> String {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".:-[]".contains(c))
        })
        .unwrap_or("127.0.0.1")
        .to_string()
}

/// Every form, in one .zip.
pub async fn forms_zip(
    State(desk): State<Arc<Desk>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let dir = match campaign(&desk, &id) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let i = id.clone();
    let links = unit_links(&desk, &id, &dir, &host_of(&headers));
    match blocking(move || desk::forms(dir, &i, links).map(|f| desk::zip(&f))).await {
        Ok(zip) => attachment(&format!("bieu-mau-{id}.zip"), "application/zip", zip, false),
        Err(ps) => refused(
            &desk,
            StatusCode::UNPROCESSABLE_ENTITY,
            &ps.iter()
                .map(|p| p.message.clone())
                .collect::<Vec<_>>()
                .join(" "),
        ),
    }
}

async fn one_form(
    desk: &Arc<Desk>,
    dir: PathBuf,
    id: &str,
    code: &str,
    headers: &HeaderMap,
) -> Response {
    let i = id.to_string();
    let links = unit_links(desk, id, &dir, &host_of(headers));
    let forms = blocking(move || desk::forms(dir, &i, links)).await;
    let Ok(forms) = forms else {
        return not_a_campaign(desk);
    };
    let campaign_code = code.to_string();
    // The form's file name starts with the unit's code (`CD07 - …xlsx`).
    let Some((name, bytes)) = forms.into_iter().find(|(n, _)| {
        n.split([' ', '.', '_', '-'])
            .next()
            .is_some_and(|c| c.eq_ignore_ascii_case(&campaign_code))
    }) else {
        return refused(
            desk,
            StatusCode::NOT_FOUND,
            "Không có đơn vị này trong danh sách của đợt công tác.",
        );
    };
    attachment(
        &name,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        bytes,
        false,
    )
}

/// One unit's form.
pub async fn form_one(
    State(desk): State<Arc<Desk>>,
    Path((id, code)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    match campaign(&desk, &id) {
        Ok(dir) => one_form(&desk, dir, &id, &code, &headers).await,
        Err(r) => r,
    }
}

#[derive(Debug, Deserialize)]
pub struct Toggle {
    #[serde(default)]
    bat: Option<String>,
}

/// Turns the units' own pages on or off for the campaign.
pub async fn toggle_units(
    State(desk): State<Arc<Desk>>,
    Path(id): Path<String>,
    Form(t): Form<Toggle>,
) -> Response {
    let dir = match campaign(&desk, &id) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let on = t.bat.is_some();
    let d = dir.clone();
    writing(&desk, &id, move || {
        let path = d.join(UNITS_SUBMIT);
        let _ = if on {
            crate::cli::fsio::write_atomic(&path, b"1\n").map_err(|e| e.to_string())
        } else {
            std::fs::remove_file(&path).map_err(|e| e.to_string())
        };
        journal(
            &d,
            &[Line {
                who: "văn thư",
                action: if on {
                    "bật cho đơn vị tự nộp"
                } else {
                    "tắt cho đơn vị tự nộp"
                },
                file: "",
                unit: "",
                result: "đã lưu",
            }],
        );
    })
    .await;
    Redirect::to(&format!("/dot/{id}/bieu-mau")).into_response()
}

// ---------------------------------------------------------------------------
// Nhận báo cáo

/// Nhận báo cáo: the drop zone.
pub async fn receive(State(desk): State<Arc<Desk>>, Path(id): Path<String>) -> Response {
    if let Err(r) = campaign(&desk, &id) {
        return r;
    }
    let mut ctx = campaign_ctx(&desk, &id, "nhan");
    ctx["max_files"] = desk.uploads.files.into();
    ctx["max_mb"] = (desk.uploads.file_bytes / (1024 * 1024)).into();
    render(&desk, "receive.html", StatusCode::OK, ctx)
}

/// Takes uploaded returns in and shows what became of each.
pub async fn upload(
    State(desk): State<Arc<Desk>>,
    Path(id): Path<String>,
    multipart: Multipart,
) -> Response {
    let dir = match campaign(&desk, &id) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let mut ctx = campaign_ctx(&desk, &id, "nhan");
    ctx["max_files"] = desk.uploads.files.into();
    ctx["max_mb"] = (desk.uploads.file_bytes / (1024 * 1024)).into();
    let files = match read_uploads(&desk, multipart).await {
        Ok(f) => f,
        Err(m) => {
            ctx["refused"] = m.into();
            return render(&desk, "receive.html", StatusCode::PAYLOAD_TOO_LARGE, ctx);
        }
    };
    let (uploads, problems) = take_in(&desk, &id, dir, files, None).await;
    ctx["uploads"] = serde_json::to_value(uploads).unwrap_or_default();
    ctx["problems"] = serde_json::to_value(problems).unwrap_or_default();
    render(&desk, "receive.html", StatusCode::OK, ctx)
}

/// Receives `files` into campaign `id` under its lock and journals each.
async fn take_in(
    desk: &Arc<Desk>,
    id: &str,
    dir: PathBuf,
    files: Vec<(String, String, Vec<u8>)>,
    unit: Option<String>,
) -> (Vec<desk::Upload>, Vec<desk::Problem>) {
    let i = id.to_string();
    writing(desk, id, move || {
        let f = DeskFolder::on_disk(dir.clone(), &i);
        let uploads = files.into_iter().map(|(_, n, b)| (n, b)).collect();
        let (ups, problems) = desk::receive(&f, dir.clone(), &i, uploads, unit.as_deref());
        let who = unit
            .as_ref()
            .map_or("văn thư".to_string(), |u| format!("đơn vị {u}"));
        let lines: Vec<Line<'_>> = ups
            .iter()
            .map(|u| Line {
                who: &who,
                action: "nhận báo cáo",
                file: u.path.as_deref().unwrap_or(&u.name),
                unit: u.unit.as_deref().unwrap_or(""),
                result: &u.status_text,
            })
            .collect();
        journal(&dir, &lines);
        (ups, problems)
    })
    .await
}

// ---------------------------------------------------------------------------
// Theo dõi and Tổng hợp

#[derive(Debug, Deserialize, Default)]
pub struct BoardQuery {
    #[serde(default, rename = "trang-thai")]
    trang_thai: Option<String>,
}

/// Theo dõi: the roster with each unit's status, its file and its problems.
pub async fn board(
    State(desk): State<Arc<Desk>>,
    Path(id): Path<String>,
    Query(q): Query<BoardQuery>,
) -> Response {
    let dir = match campaign(&desk, &id) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let i = id.clone();
    let board = blocking(move || desk::board(dir, &i)).await;
    let filter = q
        .trang_thai
        .filter(|f| desk::STATUSES.iter().any(|(k, _)| k == f));
    let shown: Vec<&desk::UnitRow> = board
        .units
        .iter()
        .filter(|u| filter.as_deref().is_none_or(|f| u.status == f))
        .collect();
    let statuses: Vec<Value> = desk::STATUSES
        .iter()
        .map(|(k, t)| json!({"key": k, "text": t, "count": board.counts.get(*k).copied().unwrap_or(0)}))
        .collect();
    let mut ctx = campaign_ctx(&desk, &id, "theo-doi");
    ctx["units"] = serde_json::to_value(shown).unwrap_or_default();
    ctx["total"] = board.units.len().into();
    ctx["statuses"] = statuses.into();
    ctx["filter"] = filter.into();
    ctx["problems"] = serde_json::to_value(&board.problems).unwrap_or_default();
    render(&desk, "board.html", StatusCode::OK, ctx)
}

/// Tải danh sách chưa nộp: the units that have not reported, for phoning them
/// (CSV with a byte-order mark, which Excel opens as UTF-8).
pub async fn missing_csv(State(desk): State<Arc<Desk>>, Path(id): Path<String>) -> Response {
    let dir = match campaign(&desk, &id) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let i = id.clone();
    let board = blocking(move || desk::board(dir, &i)).await;
    let mut csv = String::from("\u{feff}Mã,Tên đơn vị,Khối\r\n");
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    for u in board.units.iter().filter(|u| u.status == "chua-nop") {
        csv.push_str(&format!(
            "{},{},{}\r\n",
            quote(&u.code),
            quote(&u.name),
            quote(&u.group)
        ));
    }
    attachment(
        &format!("{id}-chua-nop.csv"),
        "text/csv; charset=utf-8",
        csv.into_bytes(),
        false,
    )
}

/// Tổng hợp: the totals of the last merge, per indicator and per group.
pub async fn totals(State(desk): State<Arc<Desk>>, Path(id): Path<String>) -> Response {
    let dir = match campaign(&desk, &id) {
        Ok(d) => d,
        Err(r) => return r,
    };
    totals_page(&desk, &id, dir, vec![]).await
}

async fn totals_page(
    desk: &Arc<Desk>,
    id: &str,
    dir: PathBuf,
    problems: Vec<desk::Problem>,
) -> Response {
    let i = id.to_string();
    let tonghop = blocking(move || {
        let f = DeskFolder::on_disk(dir, &i);
        f.read(paths::TONGHOP_JSON)
            .ok()
            .and_then(|b| serde_json::from_slice::<vanban::tonghop::TongHop>(&b).ok())
    })
    .await;
    let mut ctx = campaign_ctx(desk, id, "tong-hop");
    ctx["problems"] = serde_json::to_value(problems).unwrap_or_default();
    if let Some(t) = tonghop {
        let (groups, rows) = desk::totals(&t);
        ctx["groups"] = groups.into();
        ctx["rows"] = serde_json::to_value(rows).unwrap_or_default();
        ctx["summary"] = serde_json::to_value(t.summary).unwrap_or_default();
        if let Some(up) = t.rolled_up() {
            // A roll-up: what the totals stand for below the federations.
            ctx["truc_thuoc"] = serde_json::json!({
                "reported": up.units_reported,
                "total": up.units_total,
                "missing": up.units_total - up.units_reported,
            });
        }
        ctx["missing"] = t.missing.into();
        ctx["merged"] = true.into();
    }
    render(desk, "totals.html", StatusCode::OK, ctx)
}

/// Merges the returns (writing `tong-hop.xlsx` and `.json`).
pub async fn make_totals(State(desk): State<Arc<Desk>>, Path(id): Path<String>) -> Response {
    let dir = match campaign(&desk, &id) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let (i, d, today) = (id.clone(), dir.clone(), desk.today());
    let problems = writing(&desk, &id, move || {
        let f = DeskFolder::on_disk(d.clone(), &i);
        let out = desk::merge(&f, Some(today), false);
        let ok = out.output.is_some();
        journal(
            &d,
            &[Line {
                who: "văn thư",
                action: "tổng hợp",
                file: paths::TONGHOP_XLSX,
                unit: "",
                result: if ok { "đã ghi" } else { "lỗi" },
            }],
        );
        if ok {
            vec![]
        } else {
            desk::problems(&out.diagnostics)
        }
    })
    .await;
    totals_page(&desk, &id, dir, problems).await
}

// ---------------------------------------------------------------------------
// A unit's own page

/// The campaign and unit of a link token, when that campaign takes units' own
/// returns.
fn unit_of_token(desk: &Desk, token: &str) -> Option<(String, PathBuf, String, String)> {
    if token.len() != 32 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let names = std::fs::read_dir(&desk.root)
        .ok()?
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let dir = desk::campaign_dir(&desk.root, &name)?;
            units_submit(&dir).then_some((name, dir))
        });
    for (id, dir) in names {
        let f = DeskFolder::on_disk(dir.clone(), &id);
        let Ok(c) = vanban::workflow::load_campaign(&f) else {
            continue;
        };
        for u in &c.reporting.units {
            if security::same_token(&security::unit_token(&desk.secret, &id, &u.code), token) {
                return Some((id.clone(), dir, u.code.clone(), u.name.clone()));
            }
        }
    }
    None
}

fn no_such_link(desk: &Desk) -> Response {
    refused(
        desk,
        StatusCode::NOT_FOUND,
        "Đường dẫn này không dùng được: có thể đã gõ sai, hoặc đợt công tác đã thôi nhận báo cáo qua trang này. Hãy liên hệ văn phòng Liên đoàn Lao động.",
    )
}

async fn unit_page(
    desk: &Arc<Desk>,
    token: &str,
    uploads: Option<Vec<desk::Upload>>,
    status: StatusCode,
    refusal: Option<String>,
) -> Response {
    let (d, t) = (desk.clone(), token.to_string());
    let Some((id, dir, code, name)) = blocking(move || unit_of_token(&d, &t)).await else {
        return no_such_link(desk);
    };
    let i = id.clone();
    let c = code.clone();
    let state = blocking(move || desk::unit_state(dir, &i, &c)).await;
    let title = campaign_ctx(desk, &id, "")["title"].clone();
    render(
        desk,
        "unit.html",
        status,
        json!({"token": token, "code": code, "name": name, "title": title,
               "state": state, "uploads": uploads, "refused": refusal}),
    )
}

/// A unit's own page: its form, one upload field, and what was accepted.
pub async fn unit(State(desk): State<Arc<Desk>>, Path(token): Path<String>) -> Response {
    unit_page(&desk, &token, None, StatusCode::OK, None).await
}

/// A unit sends its return.
pub async fn unit_upload(
    State(desk): State<Arc<Desk>>,
    Path(token): Path<String>,
    multipart: Multipart,
) -> Response {
    let (d, t) = (desk.clone(), token.clone());
    let Some((id, dir, code, _)) = blocking(move || unit_of_token(&d, &t)).await else {
        return no_such_link(&desk);
    };
    let files = match read_uploads(&desk, multipart).await {
        Ok(f) => f,
        Err(m) => {
            return unit_page(&desk, &token, None, StatusCode::PAYLOAD_TOO_LARGE, Some(m)).await;
        }
    };
    let (uploads, _) = take_in(&desk, &id, dir, files, Some(code)).await;
    unit_page(&desk, &token, Some(uploads), StatusCode::OK, None).await
}

/// A unit's own form.
pub async fn unit_form(
    State(desk): State<Arc<Desk>>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let (d, t) = (desk.clone(), token.clone());
    let Some((id, dir, code, _)) = blocking(move || unit_of_token(&d, &t)).await else {
        return no_such_link(&desk);
    };
    one_form(&desk, dir, &id, &code, &headers).await
}

// ---------------------------------------------------------------------------
// Văn bản: the office's standalone documents (`van-ban/` of the served folder)

/// The folder of standalone documents, in the served folder.
const DOCUMENTS: &str = "van-ban";

fn documents_folder(desk: &Desk) -> DeskFolder {
    DeskFolder::on_disk(desk.root.join(DOCUMENTS), DOCUMENTS)
}

fn document_name_ok(name: &str) -> bool {
    desk::valid_name(name) && !name.contains('.')
}

/// Văn bản: the list, and a new one from a type.
pub async fn documents(State(desk): State<Arc<Desk>>) -> Response {
    documents_page(&desk, None, String::new()).await
}

async fn documents_page(desk: &Arc<Desk>, error: Option<String>, ten: String) -> Response {
    let d = desk.clone();
    let list = blocking(move || {
        let f = documents_folder(&d);
        f.list("")
            .unwrap_or_default()
            .into_iter()
            .filter(|e| !e.path.contains('/') && e.path.ends_with(".txt"))
            .map(|e| {
                let stem = e.path.trim_end_matches(".txt").to_string();
                let made = f.exists(&format!("{stem}.docx"));
                json!({"name": stem, "made": made})
            })
            .collect::<Vec<_>>()
    })
    .await;
    let kinds: Vec<Value> = vanban::van_ban::KINDS
        .iter()
        .map(|k| {
            json!({"slug": k.slug, "name": if k.name.is_empty() { "CÔNG VĂN" } else { k.name }})
        })
        .collect();
    render(
        desk,
        "documents.html",
        if error.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        },
        json!({"docs": list, "kinds": kinds, "error": error, "ten": ten, "tab": "van-ban"}),
    )
}

#[derive(Debug, Deserialize)]
pub struct NewDocument {
    ten: String,
    loai: String,
}

/// A new document source from its type's starter.
pub async fn new_document(State(desk): State<Arc<Desk>>, Form(n): Form<NewDocument>) -> Response {
    let name = n.ten.trim().to_string();
    if !document_name_ok(&name) {
        return documents_page(
            &desk,
            Some("Tên văn bản chỉ gồm chữ, số, dấu gạch ngang (-) hoặc gạch dưới (_), ví dụ: cv-hop-ban-chap-hanh.".into()),
            name,
        )
        .await;
    }
    let Some(kind) = vanban::van_ban::Kind::find(&n.loai) else {
        return documents_page(&desk, Some("Chưa chọn loại văn bản.".into()), name).await;
    };
    let d = desk.clone();
    let nm = name.clone();
    let result = writing(&desk, DOCUMENTS, move || {
        let f = documents_folder(&d);
        let path = format!("{nm}.txt");
        if f.exists(&path) {
            return Err(format!("Đã có văn bản «{nm}». Hãy chọn tên khác."));
        }
        vanban::folder::write(&f, &path, vanban::van_ban::starter(kind).as_bytes())
            .map_err(|d| desk::problem(&d).message)?;
        journal(
            &d.root.join(DOCUMENTS),
            &[Line {
                who: "văn thư",
                action: "tạo văn bản",
                file: &path,
                unit: "",
                result: kind.slug,
            }],
        );
        Ok(())
    })
    .await;
    match result {
        Ok(()) => Redirect::to(&format!("/van-ban/{name}")).into_response(),
        Err(m) => documents_page(&desk, Some(m), name).await,
    }
}

async fn document_editor(
    desk: &Arc<Desk>,
    name: &str,
    text: Option<String>,
    made: Option<desk::Made>,
) -> Response {
    let d = desk.clone();
    let nm = name.to_string();
    let (source, exists, pdf, preview) = blocking(move || {
        let f = documents_folder(&d);
        let source = vanban::folder::read_text(&f, &format!("{nm}.txt")).ok();
        let docx = f.read(&format!("{nm}.docx")).ok();
        let pdf = f.exists(&format!("{nm}.pdf"));
        let preview: Vec<String> = docx
            .as_deref()
            .map(desk::preview)
            .unwrap_or_default()
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        (source, docx.is_some(), pdf, preview)
    })
    .await;
    let Some(source) = text.or(source) else {
        return refused(desk, StatusCode::NOT_FOUND, "Không có văn bản này.");
    };
    render(
        desk,
        "van_ban.html",
        StatusCode::OK,
        json!({"name": name, "source": source, "exists": exists, "pdf": pdf,
               "preview": preview, "made": made, "tab": "van-ban"}),
    )
}

/// A document: its source to edit, generate, download.
pub async fn document(State(desk): State<Arc<Desk>>, Path(name): Path<String>) -> Response {
    if !document_name_ok(&name) {
        return not_found(State(desk)).await;
    }
    document_editor(&desk, &name, None, None).await
}

#[derive(Debug, Deserialize)]
pub struct DocumentSource {
    noi_dung: String,
}

/// Saves a document's source and writes the document (and its PDF).
pub async fn save_document(
    State(desk): State<Arc<Desk>>,
    Path(name): Path<String>,
    Form(src): Form<DocumentSource>,
) -> Response {
    if !document_name_ok(&name) {
        return not_found(State(desk)).await;
    }
    let d = desk.clone();
    let nm = name.clone();
    let text = src.noi_dung.replace("\r\n", "\n");
    let t = text.clone();
    let made = writing(&desk, DOCUMENTS, move || {
        let f = documents_folder(&d);
        let source = format!("{nm}.txt");
        if let Err(e) = vanban::folder::write(&f, &source, t.as_bytes()) {
            return desk::Made {
                problems: vec![desk::problem(&e)],
                ..Default::default()
            };
        }
        let out = vanban::workflow::van_ban(
            &f,
            &vanban::workflow::VanBanOptions {
                source: source.clone(),
                output: format!("{nm}.docx"),
                limits: Default::default(),
            },
        );
        let made = desk_document(&f, out);
        journal(
            &d.root.join(DOCUMENTS),
            &[Line {
                who: "văn thư",
                action: "tạo văn bản",
                file: &format!("{nm}.docx"),
                unit: "",
                result: if made.written { "đã ghi" } else { "lỗi" },
            }],
        );
        made
    })
    .await;
    document_editor(&desk, &name, Some(text), Some(made)).await
}

fn desk_document(
    f: &DeskFolder,
    out: vanban::diagnostic::Outcome<vanban::workflow::VanBanOutput>,
) -> desk::Made {
    let mut made = desk::Made {
        problems: desk::problems(&out.diagnostics),
        written: out.output.is_some(),
        pdf: false,
    };
    if let Some(o) = out.output {
        let docx = f.path(&o.path);
        let _ = std::fs::remove_file(docx.with_extension("pdf"));
        if desk::can_make_pdf() {
            made.pdf = desk::to_pdf(&docx).is_ok();
        }
    }
    made
}

/// Downloads a document (`docx` or `pdf`).
pub async fn document_download(
    State(desk): State<Arc<Desk>>,
    Path((name, ext)): Path<(String, String)>,
    Query(q): Query<DownloadQuery>,
) -> Response {
    let mime = match ext.as_str() {
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pdf" => "application/pdf",
        _ => return not_found(State(desk)).await,
    };
    if !document_name_ok(&name) {
        return not_found(State(desk)).await;
    }
    match documents_folder(&desk).read(&format!("{name}.{ext}")) {
        Ok(bytes) => attachment(&format!("{name}.{ext}"), mime, bytes, q.xem.is_some()),
        Err(_) => refused(&desk, StatusCode::NOT_FOUND, "Văn bản này chưa được tạo."),
    }
}

// ---------------------------------------------------------------------------
// Password (served beyond this computer)

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    mat_khau: String,
    #[serde(default)]
    nhac_lai: String,
}

/// The login page.
pub async fn login(State(desk): State<Arc<Desk>>) -> Response {
    render(&desk, "login.html", StatusCode::OK, json!({"set": false}))
}

fn with_session(desk: &Desk, to: &str) -> Response {
    let id = desk.sessions.open();
    let mut res = Redirect::to(to).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={id}; Path=/; HttpOnly; SameSite=Strict"
    )) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

/// Checks the password and opens a session.
pub async fn do_login(State(desk): State<Arc<Desk>>, Form(p): Form<PasswordForm>) -> Response {
    let record = desk
        .password
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let ok = match record {
        Some(r) => blocking(move || r.matches(&p.mat_khau)).await,
        None => false,
    };
    if ok {
        with_session(&desk, "/")
    } else {
        render(
            &desk,
            "login.html",
            StatusCode::UNAUTHORIZED,
            json!({"set": false, "error": "Mật khẩu không đúng."}),
        )
    }
}

/// True when the request comes from this computer (the password is set only
/// from here).
fn from_here(peer: Option<axum::Extension<ConnectInfo<std::net::SocketAddr>>>) -> bool {
    peer.is_none_or(|axum::Extension(ConnectInfo(a))| a.ip().is_loopback())
}

/// The first start's page: set the clerk's password (from this computer only).
pub async fn set_password(
    State(desk): State<Arc<Desk>>,
    peer: Option<axum::Extension<ConnectInfo<std::net::SocketAddr>>>,
) -> Response {
    if desk
        .password
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .is_some()
    {
        return Redirect::to("/dang-nhap").into_response();
    }
    if !from_here(peer) {
        return refused(
            &desk,
            StatusCode::FORBIDDEN,
            "Chưa đặt mật khẩu: hãy mở trang này trên chính máy chạy vanban (http://127.0.0.1) để đặt mật khẩu trước.",
        );
    }
    render(&desk, "login.html", StatusCode::OK, json!({"set": true}))
}

/// Sets the password (once; from this computer only).
pub async fn do_set_password(
    State(desk): State<Arc<Desk>>,
    peer: Option<axum::Extension<ConnectInfo<std::net::SocketAddr>>>,
    Form(p): Form<PasswordForm>,
) -> Response {
    if desk
        .password
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .is_some()
        || !from_here(peer)
    {
        return refused(
            &desk,
            StatusCode::FORBIDDEN,
            "Không đặt lại mật khẩu được từ trang này.",
        );
    }
    if p.mat_khau.chars().count() < 8 || p.mat_khau != p.nhac_lai {
        return render(
            &desk,
            "login.html",
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({"set": true, "error": "Mật khẩu cần ít nhất 8 ký tự, và hai lần gõ phải giống nhau."}),
        );
    }
    let root = desk.root.clone();
    let pw = p.mat_khau.clone();
    let record = blocking(move || {
        let r = Password::new(&pw);
        r.save(&root).map(|_| r)
    })
    .await;
    match record {
        Ok(r) => {
            *desk.password.lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
            with_session(&desk, "/")
        }
        Err(e) => refused(
            &desk,
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("Không lưu được mật khẩu: {e}"),
        ),
    }
}

// ---------------------------------------------------------------------------

/// The page's styles and script.
pub async fn asset(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|(n, _, _)| *n == file) {
        Some((_, mime, body)) => {
            let mut res = (*body).into_response();
            res.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
            res.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("max-age=3600"),
            );
            res
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// No such page.
pub async fn not_found(State(desk): State<Arc<Desk>>) -> Response {
    refused(
        &desk,
        StatusCode::NOT_FOUND,
        "Không có trang này. Hãy quay về trang chủ.",
    )
}
