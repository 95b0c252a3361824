//! `brink serve`: a local web explorer of scenarios, with a small JSON API behind it.
//!
//! The server is axum on a tokio runtime, bound to the loopback interface only. Scenarios are
//! read once at start from the paths given; requests name them by catalogue name, so no request
//! reads or writes a file. Solving is CPU work, so every computing request runs on tokio's
//! blocking pool; a panic there becomes a 500 answer and the server goes on. The page (HTML,
//! script and style) is compiled into the binary: it loads nothing from the network.

mod api;
mod catalog;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use clap::Args;
use miette::{miette, Report};

use api::{ApiError, MapAxes, Setting};
use catalog::Catalog;

#[derive(Args)]
#[command(after_help = "\
Examples:
  brink serve                               # the built-in scenarios, from ./scenarios
  brink serve scenarios/latvia.toml --open  # one scenario, opened in the browser
  brink serve my-scenarios/ --port 9000

The server listens on 127.0.0.1 only and prints its address. Ctrl-C stops it.
The page and its JSON API (/api/scenarios, /api/analyze, /api/tree, /api/map, /api/claims) are
described in the README.")]
pub struct ServeArgs {
    /// Scenario files (.toml) or directories of them (default: scenarios/).
    paths: Vec<PathBuf>,
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 8642)]
    port: u16,
    /// Open the page in the default browser once the server listens.
    #[arg(long)]
    open: bool,
}

/// What every request handler shares: the scenarios and the recent answers.
type Shared = Arc<api::Answers>;

pub fn run(args: &ServeArgs) -> Result<(), Report> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("scenarios")]
    } else {
        args.paths.clone()
    };
    let (catalog, skipped) = Catalog::load(&paths)?;
    for s in &skipped {
        eprintln!(
            "note: {} is not served: {}",
            s.path.display(),
            crate::excerpt::shorten(&s.reason)
        );
    }
    let count = catalog.len();
    let app = Arc::new(api::Answers::new(catalog));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| miette!("cannot start the server's runtime: {e}"))?;
    runtime.block_on(async move {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
        let listener = tokio::net::TcpListener::bind(address).await.map_err(|e| {
            miette!(
                help = "choose another port with --port N, or --port 0 for any free one",
                "cannot listen on {address}: {e}"
            )
        })?;
        let bound = listener
            .local_addr()
            .map_err(|e| miette!("cannot read the server's address: {e}"))?;
        let url = format!("http://{bound}/");
        // The address on standard output (scripts and tests read it); the rest on standard
        // error, like every command's messages.
        println!("{url}");
        eprintln!(
            "serving {count} scenario{} at {url} (Ctrl-C to stop)",
            if count == 1 { "" } else { "s" }
        );
        if args.open {
            open_browser(&url);
        }
        axum::serve(listener, router(app))
            .with_graceful_shutdown(async {
                // Without a handler the server runs until killed; it still serves.
                if tokio::signal::ctrl_c().await.is_err() {
                    std::future::pending::<()>().await;
                }
                eprintln!(
                    "\nstopping: finishing the requests under way (Ctrl-C again to quit at once)"
                );
                // A big map may take a while; a second Ctrl-C does not wait for it.
                tokio::spawn(async {
                    if tokio::signal::ctrl_c().await.is_ok() {
                        std::process::exit(i32::from(crate::interrupt::STOPPED_EXIT));
                    }
                });
            })
            .await
            .map_err(|e| miette!("the server stopped: {e}"))
    })
}

fn router(app: Shared) -> Router {
    Router::new()
        .route("/", get(page_html))
        .route("/app.js", get(page_js))
        .route("/app.css", get(page_css))
        .route("/api/scenarios", get(scenarios))
        .route("/api/analyze", get(analyze_get).post(analyze_post))
        .route("/api/tree", get(tree))
        .route("/api/map", get(map))
        .route("/api/claims", get(claims))
        .fallback(not_found)
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024))
        .with_state(app)
}

/// Starts the system's browser on `url`; a failure is only a note (the URL is printed).
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let started = if cfg!(target_os = "windows") {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new(opener).arg(url).spawn()
    };
    if let Err(e) = started {
        eprintln!("note: cannot open a browser ({e}); open {url} by hand");
    }
}

const INDEX_HTML: &str = include_str!("page/index.html");
const APP_JS: &str = include_str!("page/app.js");
const APP_CSS: &str = include_str!("page/app.css");

async fn page_html() -> Response {
    text(
        StatusCode::OK,
        "text/html; charset=utf-8",
        INDEX_HTML.to_string(),
    )
}

async fn page_js() -> Response {
    text(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        APP_JS.to_string(),
    )
}

async fn page_css() -> Response {
    text(
        StatusCode::OK,
        "text/css; charset=utf-8",
        APP_CSS.to_string(),
    )
}

async fn not_found() -> Response {
    error(ApiError {
        status: 404,
        error: "no such page; the API is /api/scenarios, /api/analyze, /api/tree, /api/map and \
                /api/claims"
            .into(),
        diagnostics: Vec::new(),
    })
}

fn text(status: StatusCode, content_type: &'static str, body: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

fn json(body: &impl serde::Serialize) -> Response {
    match serde_json::to_string(body) {
        Ok(s) => text(StatusCode::OK, "application/json", s),
        Err(e) => error(ApiError {
            status: 500,
            error: format!("cannot write the answer as JSON: {e}"),
            diagnostics: Vec::new(),
        }),
    }
}

fn error(e: ApiError) -> Response {
    let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_string(&e).unwrap_or_else(|_| "{\"error\":\"error\"}".into());
    text(status, "application/json", body)
}

/// The result of a computing request and the time its work took on the server, which the
/// answer reports in a `Server-Timing` header (the benchmark and the page read it).
struct Timed<T> {
    result: Result<T, ApiError>,
    millis: f64,
}

impl<T> Timed<T> {
    /// The answer: `ok` of the result, or the error, with the timing header either way.
    fn respond(self, ok: impl FnOnce(T) -> Response) -> Response {
        let mut response = match self.result {
            Ok(value) => ok(value),
            Err(e) => error(e),
        };
        if let Ok(value) = header::HeaderValue::from_str(&format!("solve;dur={:.3}", self.millis)) {
            response.headers_mut().insert("server-timing", value);
        }
        response
    }
}

/// Runs `work` on the blocking pool and times it; a panic in it is a 500 answer, not a dead
/// server.
async fn compute<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Timed<T> {
    let started = std::time::Instant::now();
    let result = tokio::task::spawn_blocking(work).await;
    let millis = started.elapsed().as_secs_f64() * 1e3;
    let result = match result {
        Ok(result) => result,
        Err(e) => Err(ApiError {
            status: 500,
            error: format!(
                "the computation failed unexpectedly ({}); this is a bug in brink, please \
                 report it with the request",
                if e.is_panic() {
                    "it panicked"
                } else {
                    "it was cancelled"
                }
            ),
            diagnostics: Vec::new(),
        }),
    };
    Timed { result, millis }
}

fn query_pairs(
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Vec<(String, String)>, ApiError> {
    query
        .map(|Query(pairs)| pairs)
        .map_err(|e| ApiError::bad(format!("cannot read the query string: {}", e.body_text())))
}

async fn scenarios(State(app): State<Shared>) -> Response {
    json(&app.catalog().listing())
}

async fn analyze_get(
    State(app): State<Shared>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    match query_pairs(query).and_then(|p| Setting::from_query(&p, &[])) {
        Ok((setting, _)) => analyze_setting(app, setting).await,
        Err(e) => error(e),
    }
}

async fn analyze_post(State(app): State<Shared>, body: Bytes) -> Response {
    match Setting::from_json(&body) {
        Ok(setting) => analyze_setting(app, setting).await,
        Err(e) => error(e),
    }
}

async fn analyze_setting(app: Shared, setting: Setting) -> Response {
    compute(move || api::analyze(&app, &setting))
        .await
        .respond(|value| json(&value))
}

async fn tree(
    State(app): State<Shared>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let setting = match query_pairs(query).and_then(|p| Setting::from_query(&p, &[])) {
        Ok((setting, _)) => setting,
        Err(e) => return error(e),
    };
    compute(move || api::tree(&app, &setting))
        .await
        .respond(|svg| text(StatusCode::OK, "image/svg+xml", svg))
}

/// Raises its flag when dropped: axum drops a request's future when the client goes away, and
/// the map under way then stops between points instead of finishing for no one.
struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

async fn map(
    State(app): State<Shared>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let request = query_pairs(query)
        .and_then(|p| Setting::from_query(&p, &["x", "y", "n"]))
        .and_then(|(setting, rest)| Ok((setting, MapAxes::from_pairs(&rest)?)));
    let (setting, axes) = match request {
        Ok(r) => r,
        Err(e) => return error(e),
    };
    let stop = Arc::new(AtomicBool::new(false));
    let guard = StopOnDrop(stop.clone());
    let timed = compute(move || api::map(app.catalog(), &setting, &axes, stop)).await;
    drop(guard);
    timed.respond(|svg| text(StatusCode::OK, "image/svg+xml", svg))
}

async fn claims(
    State(app): State<Shared>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let setting = match query_pairs(query).and_then(|p| Setting::from_query(&p, &[])) {
        Ok((setting, _)) => setting,
        Err(e) => return error(e),
    };
    let stop = Arc::new(AtomicBool::new(false));
    let guard = StopOnDrop(stop.clone());
    let timed = compute(move || api::claims(app.catalog(), &setting, stop)).await;
    drop(guard);
    timed.respond(|value| json(&value))
}
