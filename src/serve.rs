//! `briefing serve`: builds the site into a temporary folder through an incremental
//! `Session`, serves that folder on loopback (axum + tower-http's `ServeDir`), watches the site
//! (notify) and tells open pages to reload over Server-Sent Events. A broken build shows its
//! diagnostics in the terminal and as a page in the browser; the next good save recovers.
//! The server is a client of the normal build: no build logic lives here.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use crate::cli::ServeArgs;
use crate::diagnostics::Error;
use crate::incremental::{Report, Session};
use crate::links;
use crate::options::Options;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;
use tower_http::services::{ServeDir, ServeFile};

/// Where the live-reload script and event stream are served (never part of a build).
pub const LIVE_RELOAD_SCRIPT: &str = "/__briefing/live-reload.js";
const EVENTS: &str = "/__briefing/events";
/// The problems of the last rebuild, as text (empty when it succeeded).
const PROBLEMS: &str = "/__briefing/problems";
/// How long the watcher waits for a burst of file events to settle.
const DEBOUNCE: Duration = Duration::from_millis(10);
/// How many ports after the requested one are tried when it is taken.
const PORT_TRIES: u16 = 20;

/// What the server shares between the watcher and the request handlers.
#[derive(Clone)]
struct Live {
    /// The problems of the last rebuild while it is broken (the last good pages stay served).
    error: Arc<RwLock<Option<String>>>,
    /// `reload` after a good rebuild, `problems` after a broken one.
    events: broadcast::Sender<&'static str>,
    /// Where the pages are, to tell whether a good build has been written yet.
    out: PathBuf,
}

/// Runs the server until Ctrl-C.
pub fn run(args: &ServeArgs) -> Result<(), Error> {
    let out = tempfile::Builder::new()
        .prefix("briefing-serve-")
        .tempdir()
        .map_err(|e| Error::write(std::env::temp_dir(), e))?;
    let options = Options {
        out: out.path().join("site"),
        drafts: args.drafts,
        live_reload: Some(LIVE_RELOAD_SCRIPT.to_string()),
        ..Options::new(&args.root)
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|source| Error::Serve {
            doing: "start the async runtime".into(),
            source,
        })?;
    runtime.block_on(serve(options, args))
}

async fn serve(options: Options, args: &ServeArgs) -> Result<(), Error> {
    let (events, _) = broadcast::channel(16);
    let live = Live {
        error: Arc::new(RwLock::new(None)),
        events,
        out: options.out.clone(),
    };
    let mut session = Session::new(options.clone());
    let started = Instant::now();
    apply(&live, session.update(&[]), started);

    let listener = bind(args.bind, args.port).await?;
    let addr = listener.local_addr().map_err(|source| Error::Serve {
        doing: "read the address it listens on".into(),
        source,
    })?;
    // Watch before saying where the site is: an edit made after that line is never missed.
    let _watcher = watch(session, live.clone())?;
    let url = format!("http://{addr}/");
    println!(
        "serving {} at {url} (Ctrl-C to stop)",
        options.root.display()
    );
    if args.open {
        open_browser(&url);
    }
    let app = router(&options.out, live);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
            println!("stopping");
        })
        .await
        .map_err(|source| Error::Serve {
            doing: format!("serve on {addr}"),
            source,
        })
}

fn open_browser(url: &str) {
    if let Err(e) = open::that(url) {
        eprintln!("warning: cannot open a browser: {e}");
    }
}

/// Binds `port`, or the next free one (saying so) when it is taken.
async fn bind(ip: std::net::IpAddr, port: u16) -> Result<tokio::net::TcpListener, Error> {
    let mut last = None;
    for p in port..port.saturating_add(PORT_TRIES) {
        match tokio::net::TcpListener::bind(SocketAddr::new(ip, p)).await {
            Ok(l) => {
                if p != port {
                    println!("port {port} is in use; using {p}");
                }
                return Ok(l);
            }
            Err(e) => last = Some(e),
        }
    }
    Err(Error::NoFreePort {
        from: port,
        to: port.saturating_add(PORT_TRIES - 1),
        source: last.unwrap_or_else(|| std::io::Error::other("no port tried")),
    })
}

fn router(out: &Path, live: Live) -> Router {
    let files = ServeDir::new(out)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(out.join("404.html")));
    Router::new()
        .route(LIVE_RELOAD_SCRIPT, get(script))
        .route(EVENTS, get(events))
        .route(PROBLEMS, get(problems))
        .fallback_service(files)
        .layer(middleware::from_fn_with_state(live.clone(), broken_build))
        .with_state(live)
}

/// While the build is broken the last good pages stay served (the live-reload script lays
/// the problems over them); only before any good build is the problems page served instead.
/// Nothing is cached: a page rewritten twice within a second (modification times have
/// one-second precision) would otherwise be answered "not modified" with the older text.
async fn broken_build(State(live): State<Live>, mut request: Request, next: Next) -> Response {
    let internal = request.uri().path().starts_with("/__briefing/");
    let page = live.error.read().ok().and_then(|e| e.clone());
    let mut response = match page {
        Some(text) if !internal && !live.out.join("index.html").is_file() => {
            (StatusCode::OK, Html(error_page(&text))).into_response()
        }
        _ => {
            let headers = request.headers_mut();
            headers.remove(header::IF_MODIFIED_SINCE);
            headers.remove(header::IF_NONE_MATCH);
            next.run(request).await
        }
    };
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

async fn problems(State(live): State<Live>) -> impl IntoResponse {
    let text = live
        .error
        .read()
        .ok()
        .and_then(|e| e.clone())
        .unwrap_or_default();
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
}

async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        OVERLAY_SCRIPT
            .replace("EVENTS", EVENTS)
            .replace("PROBLEMS", PROBLEMS),
    )
}

/// Reloads the page after a good rebuild; after a broken one, lays the problems over the last
/// good page (and takes them away on the next good one).
const OVERLAY_SCRIPT: &str = r#"(function(){
var id="briefing-problems";
function show(){fetch("PROBLEMS",{cache:"no-store"}).then(function(r){return r.text();}).then(function(t){
var o=document.getElementById(id);
if(!t){if(o){o.remove();}return;}
if(!o){o=document.createElement("div");o.id=id;o.setAttribute("role","alert");
o.style.cssText="position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;background:#5c0a0a;color:#fff;font:14px/1.4 system-ui,sans-serif;padding:12px 16px;box-shadow:0 -2px 12px rgba(0,0,0,.4)";
document.body.appendChild(o);}
o.innerHTML="<strong></strong><pre style=\"white-space:pre-wrap;margin:8px 0 0\"></pre>";
o.querySelector("strong").textContent=(window.briefingStrings||{}).problems||"";
o.querySelector("pre").textContent=t;});}
var s=new EventSource("EVENTS");
s.addEventListener("reload",function(){location.reload();});
s.addEventListener("problems",show);
show();
})();
"#;

async fn events(
    State(live): State<Live>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let stream = BroadcastStream::new(live.events.subscribe()).map(|kind| {
        let kind = kind.unwrap_or("reload");
        Ok(Event::default().event(kind).data(kind))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Prints the outcome of a (re)build, records or clears the error page, and tells pages.
fn apply(live: &Live, result: Result<Report, Error>, started: Instant) {
    let elapsed = started.elapsed();
    let mut changed = true;
    let broken = result.is_err();
    let page = match result {
        Ok(report) => {
            changed = !report.changed.is_empty();
            for w in &report.warnings {
                eprintln!("{w}");
            }
            if !report.changed.is_empty() {
                let kind = if report.full { "built" } else { "rebuilt" };
                println!(
                    "{kind} {} changed file(s) in {} ms",
                    report.changed.len(),
                    elapsed.as_millis()
                );
            }
            None
        }
        Err(err) => {
            let text = describe(&err);
            eprintln!("{text}");
            Some(text)
        }
    };
    if let Ok(mut slot) = live.error.write() {
        changed |= slot.is_some() || page.is_some();
        *slot = page;
    }
    if changed {
        let _ = live.events.send(if broken { "problems" } else { "reload" });
    }
}

fn describe(err: &Error) -> String {
    let mut text = String::new();
    if let Error::Invalid { diagnostics, .. } = err {
        for d in diagnostics {
            text.push_str(&d.to_string());
            text.push('\n');
        }
    }
    text.push_str(&err.chain());
    text
}

fn error_page(text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <style>body{{font:1rem/1.5 system-ui,sans-serif;margin:2rem;}}pre{{white-space:pre-wrap;background:#fbeaea;color:#5c0a0a;padding:1rem;border-radius:6px}}</style>\
         </head><body><main><h1>Build failed</h1><p>Fix the problem below and save; this page reloads by itself.</p>\
         <pre>{escaped}</pre></main><script src=\"{LIVE_RELOAD_SCRIPT}\"></script></body></html>\n"
    )
}

type Watcher = notify_debouncer_full::Debouncer<
    notify_debouncer_full::notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// Watches the site and rebuilds on every settled burst of changes, on its own thread.
fn watch(mut session: Session, live: Live) -> Result<Watcher, Error> {
    let root = session.options().root.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    let mut debouncer =
        notify_debouncer_full::new_debouncer(DEBOUNCE, None, tx).map_err(|e| Error::Watch {
            path: root.clone(),
            source: e.into(),
        })?;
    let watcher = &mut debouncer;
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| Error::Watch {
            path: root.clone(),
            source: e.into(),
        })?;
    for dir in [links::CONTENT, links::TEMPLATES, links::STATIC] {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| Error::Watch {
                    path: path.clone(),
                    source: e.into(),
                })?;
        }
    }
    std::thread::spawn(move || {
        for events in rx {
            let Ok(events) = events else { continue };
            let started = Instant::now();
            // Reading a file is an event too (the rebuild reads them): only changes count.
            let paths: Vec<PathBuf> = events
                .into_iter()
                .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
                .flat_map(|e| e.event.paths)
                .filter(|p| relevant(&root, p))
                .collect();
            if paths.is_empty() {
                continue;
            }
            let before = stamps(&paths);
            let mut result = session.update(&paths);
            // A save caught half-written: when a file changed while it was read, read it
            // again once the writer has had time to finish, before reporting anything.
            if result.is_err() {
                std::thread::sleep(DEBOUNCE * 3);
                if stamps(&paths) != before {
                    result = session.update(&paths);
                }
            }
            apply(&live, result, started);
        }
    });
    Ok(debouncer)
}

/// The size and modification time of each path (missing files: none).
fn stamps(paths: &[PathBuf]) -> Vec<Option<(u64, std::time::SystemTime)>> {
    paths
        .iter()
        .map(|p| {
            let m = std::fs::metadata(p).ok()?;
            Some((m.len(), m.modified().ok()?))
        })
        .collect()
}

/// Settings, content, templates and static files count; editor back-ups and hidden files do not.
fn relevant(root: &Path, path: &Path) -> bool {
    let rel = path
        .strip_prefix(root)
        .or_else(|_| {
            root.canonicalize()
                .map_err(|_| ())
                .and_then(|r| path.strip_prefix(r).map_err(|_| ()))
        })
        .unwrap_or(path);
    let hidden = rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    let backup = rel.to_string_lossy().ends_with('~');
    let top = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let watched = top.is_some_and(|t| links::WATCHED.contains(&t.as_str()));
    watched && !hidden && !backup
}
