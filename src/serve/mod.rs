//! `vanban serve`: the clerk's desk, a local web page for the whole campaign.
//!
//! The campaign folders stay the store, exactly as the command line reads and
//! writes them: every page calls the library's workflow steps through the same
//! [`DiskFolder`](crate::cli::disk::DiskFolder) (see [`desk`]), so the two can be
//! used on one campaign. Built on axum (tokio, hyper); pages rendered on the server
//! with Tera from templates embedded in the binary; a little plain JavaScript for
//! the drop zone. Safe by default: bound to 127.0.0.1, a token on every POST, a
//! strict Content-Security-Policy, uploads bounded and never used as paths, one
//! writer at a time per campaign, and a journal (`nhat-ky.log`) of every change.

mod desk;
mod folder;
mod journal;
mod pages;
mod security;

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;

use super::cli::{CmdResult, Failure, Outcome, say};
use security::{Password, Sessions};

/// Arguments of `vanban serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder whose campaigns to serve (default: the current folder).
    pub folder: Option<PathBuf>,
    /// The port to listen on.
    #[arg(long, default_value_t = 8686)]
    pub port: u16,
    /// Do not open the browser.
    #[arg(long)]
    pub no_browser: bool,
    /// Serve to the office's network too (the clerk's pages then need a password).
    #[arg(long)]
    pub lan: bool,
    /// Listen on this address instead of 127.0.0.1 (the clerk's pages then need a
    /// password).
    #[arg(long, value_name = "ADDRESS")]
    pub address: Option<IpAddr>,
}

/// Bounds on what one request may upload.
#[derive(Debug, Clone, Copy)]
pub struct UploadLimits {
    /// One file, in bytes.
    pub file_bytes: usize,
    /// Files in one request.
    pub files: usize,
    /// The whole request body, in bytes.
    pub request_bytes: usize,
}

impl Default for UploadLimits {
    fn default() -> Self {
        UploadLimits {
            file_bytes: 20 * 1024 * 1024,
            files: 100,
            request_bytes: 100 * 1024 * 1024,
        }
    }
}

/// The desk: the served folder and what every request shares.
pub struct Desk {
    /// The folder whose sub-folders are the campaigns.
    pub root: PathBuf,
    /// The token every POST carries (one per run of the server).
    pub csrf: String,
    /// The served folder's secret (the units' links are made from it).
    pub secret: String,
    /// The clerk's pages need a password (served beyond this computer).
    pub guarded: bool,
    password: Mutex<Option<Password>>,
    sessions: Sessions,
    locks: Mutex<HashMap<String, Arc<Mutex<()>>>>,
    pages: pages::Pages,
    today: fn() -> NaiveDate,
    /// Bounds on uploads.
    pub uploads: UploadLimits,
}

impl Desk {
    /// The desk of `root`: reads (or makes) the folder's secret and, when
    /// `guarded`, its password record.
    pub fn new(root: PathBuf, guarded: bool) -> std::io::Result<Desk> {
        let secret = security::folder_secret(&root)?;
        let password = Password::load(&root);
        Ok(Desk {
            csrf: security::random_hex(24),
            secret,
            guarded,
            password: Mutex::new(password),
            sessions: Sessions::default(),
            locks: Mutex::new(HashMap::new()),
            pages: pages::Pages::new(),
            today: || chrono::Local::now().date_naive(),
            uploads: UploadLimits::default(),
            root,
        })
    }

    /// The lock of campaign `name`: whoever writes to it holds it, so two
    /// uploads, an upload and a merge, or two reports never interleave.
    pub fn lock(&self, name: &str) -> Arc<Mutex<()>> {
        self.locks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(name.to_string())
            .or_default()
            .clone()
    }

    /// Today, as the server's clock says.
    pub fn today(&self) -> NaiveDate {
        (self.today)()
    }
}

/// The router of the desk.
pub fn router(desk: Arc<Desk>) -> Router {
    let upload_limit = desk.uploads.request_bytes;
    Router::new()
        .route("/", get(pages::home))
        .route("/dot-moi", post(pages::create))
        .route("/dot/{id}", get(pages::campaign_home))
        .route(
            "/dot/{id}/thong-tin",
            get(pages::info).post(pages::save_info),
        )
        .route("/dot/{id}/danh-sach", post(pages::roster_upload))
        .route(
            "/dot/{id}/ke-hoach",
            get(pages::plan).post(pages::make_plan),
        )
        .route(
            "/dot/{id}/bao-cao",
            get(pages::report).post(pages::make_report),
        )
        .route("/dot/{id}/bieu-mau", get(pages::forms))
        .route("/dot/{id}/bieu-mau/tat-ca.zip", get(pages::forms_zip))
        .route("/dot/{id}/bieu-mau/don-vi/{code}", get(pages::form_one))
        .route("/dot/{id}/nhan", get(pages::receive).post(pages::upload))
        .route("/dot/{id}/theo-doi", get(pages::board))
        .route("/dot/{id}/chua-nop.csv", get(pages::missing_csv))
        .route(
            "/dot/{id}/tong-hop",
            get(pages::totals).post(pages::make_totals),
        )
        .route("/dot/{id}/nop-truc-tuyen", post(pages::toggle_units))
        .route("/dot/{id}/tai/{file}", get(pages::download))
        .route("/don-vi/{token}", get(pages::unit).post(pages::unit_upload))
        .route("/don-vi/{token}/bieu-mau", get(pages::unit_form))
        .route("/van-ban", get(pages::documents).post(pages::new_document))
        .route(
            "/van-ban/{name}",
            get(pages::document).post(pages::save_document),
        )
        .route("/van-ban/{name}/tai/{ext}", get(pages::document_download))
        .route("/dang-nhap", get(pages::login).post(pages::do_login))
        .route(
            "/dat-mat-khau",
            get(pages::set_password).post(pages::do_set_password),
        )
        .route("/tai-nguyen/{file}", get(pages::asset))
        .fallback(pages::not_found)
        .layer(DefaultBodyLimit::max(upload_limit))
        .layer(middleware::from_fn_with_state(desk.clone(), guard))
        .layer(middleware::from_fn(headers))
        .with_state(desk)
}

/// The headers of every response: what the page may load, no framing by other
/// sites, no MIME sniffing, no referrer (URLs carry the form token), no caching of
/// pages that show a campaign's state.
async fn headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(security::CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    res
}

/// The name of the clerk's session cookie.
const SESSION_COOKIE: &str = "vb_phien";

/// Refuses a POST without the form token, and (when guarded) a clerk's page
/// without a session.
async fn guard(State(desk): State<Arc<Desk>>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if req.method() == Method::POST {
        let given = req
            .uri()
            .query()
            .and_then(|q| {
                q.split('&')
                    .find_map(|kv| kv.strip_prefix("_csrf="))
                    .map(str::to_string)
            })
            .or_else(|| {
                req.headers()
                    .get("x-csrf-token")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            });
        if !given.is_some_and(|t| security::same_token(&t, &desk.csrf)) {
            return pages::refused(
                &desk,
                StatusCode::FORBIDDEN,
                "Yêu cầu bị từ chối: thiếu mã bảo vệ của trang. Hãy tải lại trang rồi làm lại.",
            );
        }
    }
    let open = path.starts_with("/don-vi/")
        || path.starts_with("/tai-nguyen/")
        || path == "/dang-nhap"
        || path == "/dat-mat-khau";
    if desk.guarded && !open {
        let session = req
            .headers()
            .get(header::COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(|c| security::cookie(c, SESSION_COOKIE))
            .is_some_and(|id| desk.sessions.is_open(id));
        if !session {
            let to = if desk
                .password
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .is_some()
            {
                "/dang-nhap"
            } else {
                "/dat-mat-khau"
            };
            return axum::response::Redirect::to(to).into_response();
        }
    }
    next.run(req).await
}

/// Runs `vanban serve`.
pub fn run(args: Args) -> CmdResult {
    let root = args.folder.clone().unwrap_or_else(|| PathBuf::from("."));
    if !root.is_dir() {
        return Err(Failure::input(format!(
            "không thấy thư mục `{}`: hãy chỉ một thư mục có các đợt công tác.",
            root.display()
        )));
    }
    let guarded = args.lan || args.address.is_some_and(|a| !a.is_loopback());
    let ip = match (args.address, args.lan) {
        (Some(a), _) => a,
        (None, true) => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        (None, false) => IpAddr::V4(Ipv4Addr::LOCALHOST),
    };
    let desk = Arc::new(Desk::new(root, guarded).map_err(Failure::internal)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(Failure::internal)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(SocketAddr::new(ip, args.port))
            .await
            .map_err(|e| {
                Failure::input(format!(
                    "không mở được cổng {} ({e}): có thể vanban serve đang chạy; hãy mở trang đó, hoặc chọn cổng khác với --port.",
                    args.port
                ))
            })?;
        let bound = listener.local_addr().map_err(Failure::internal)?;
        let shown = if ip.is_unspecified() {
            format!("http://127.0.0.1:{}", bound.port())
        } else {
            format!("http://{bound}")
        };
        say(format!(
            "Bàn làm việc của vanban đang mở tại {shown}\nThư mục các đợt công tác: {}\nĐể dừng, nhấn Ctrl+C (hoặc đóng cửa sổ này).",
            desk.root.display()
        ));
        if guarded {
            say(
                "Trang được mở cho các máy khác trong mạng: trang của văn thư cần mật khẩu (đặt ở lần mở đầu tiên, từ chính máy này).".to_string(),
            );
        }
        if !args.no_browser {
            open_browser(&shown);
        }
        axum::serve(
            listener,
            router(desk).into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .map_err(Failure::internal)
    })?;
    Ok(Outcome::Success)
}

/// Opens the page in the user's browser; failing that, the printed address is
/// there to click.
fn open_browser(url: &str) {
    #[cfg(target_os = "windows")]
    let mut cmd = {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", "", url]);
        c
    };
    #[cfg(target_os = "macos")]
    let mut cmd = {
        let mut c = std::process::Command::new("open");
        c.arg(url);
        c
    };
    #[cfg(not(any(target_os = "windows", target_os = "macos")))]
    let mut cmd = {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(url);
        c
    };
    let _ = cmd
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

#[cfg(test)]
mod tests;
