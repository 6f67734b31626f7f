//! `briefing serve` end to end: pages, live reload, the error page and recovery, traversal.

#![allow(clippy::unwrap_used, clippy::zombie_processes)] // tests may unwrap; children are killed in Drop
#![cfg(feature = "serve")]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
    /// Every line serve printed on stderr so far.
    stderr: Arc<Mutex<Vec<String>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &std::path::Path) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = Arc::new(Mutex::new(Vec::new()));
    let lines = Arc::clone(&stderr);
    let err = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            lines.lock().unwrap().push(line);
        }
    });
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let line = rx
            .recv_timeout(deadline - Instant::now())
            .expect("serve printed its URL");
        if let Some(url) = line.split(" at http://").nth(1) {
            let digits: String = url
                .split(':')
                .nth(1)
                .unwrap()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            let port = digits.parse().unwrap();
            return Server {
                child,
                port,
                stderr,
            };
        }
    }
}

/// A raw GET, so paths like `/../x` reach the server as written: (status, body), or `None`
/// when the connection ends without a whole response.
fn request(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).ok()?;
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text.split(' ').nth(1)?.parse().ok()?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Some((status, body))
}

fn get(port: u16, path: &str) -> (u16, String) {
    request(port, path).unwrap_or_else(|| panic!("GET {path}: no whole response"))
}

/// The status of a GET, or 0 when the connection ends without a whole response.
fn status_of(port: u16, path: &str) -> u16 {
    request(port, path).map_or(0, |(status, _)| status)
}

fn header(port: u16, path: &str, name: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = String::new();
    s.read_to_string(&mut buf).unwrap();
    buf.lines()
        .find(|l| {
            l.to_ascii_lowercase()
                .starts_with(&format!("{}:", name.to_ascii_lowercase()))
        })
        .map(|l| l.split_once(':').unwrap().1.trim().to_string())
        .unwrap_or_default()
}

/// Opens the event stream and forwards each `event:` line.
fn events(port: u16) -> mpsc::Receiver<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET /__briefing/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(s).lines().map_while(Result::ok) {
            if line.starts_with("event:") && tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Polls `path` until `what` holds (giving up after a while, so a broken server ends the test).
fn wait_for(port: u16, path: &str, what: impl Fn(u16, &str) -> bool) {
    for _ in 0..500 {
        let (status, body) = get(port, path);
        if what(status, &body) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("{path} never matched");
}

#[test]
fn serve_reloads_shows_errors_recovers_and_stays_inside_the_site() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    common::copy_dir(&common::fixture("trade"), &site);
    let server = start(&site);
    let port = server.port;

    let (status, home) = get(port, "/");
    assert_eq!(status, 200);
    assert!(home.contains("Harbour trade accord"));
    assert!(
        home.contains("/__briefing/live-reload.js"),
        "serve pages carry the reload script"
    );
    assert!(header(port, "/", "content-type").starts_with("text/html"));
    assert!(header(port, "/static/style.css", "content-type").starts_with("text/css"));
    assert!(header(port, "/data/points.json", "content-type").starts_with("application/json"));

    let reloads = events(port);
    std::thread::sleep(Duration::from_millis(200));
    let article = site.join("content/articles/2024-03-01-round-one.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(
        &article,
        text.replace("Round one closed.", "Round one closed with a handshake."),
    )
    .unwrap();
    // The reload is announced only once the page is written.
    assert_eq!(
        reloads.recv_timeout(Duration::from_secs(10)).unwrap(),
        "event: reload"
    );
    assert!(
        get(port, "/articles/2024-03-01-round-one/")
            .1
            .contains("with a handshake")
    );

    std::fs::write(
        &article,
        text.replace("date: 2024-03-01", "date: 2024-02-31"),
    )
    .unwrap();
    // A broken save: readers keep the last good pages (200), the problems are listed for the
    // overlay, and open pages are told.
    wait_for(port, "/__briefing/problems", |s, b| {
        s == 200 && b.contains("2024-03-01-round-one.md:3:7: date:")
    });
    assert_eq!(
        reloads.recv_timeout(Duration::from_secs(10)).unwrap(),
        "event: problems"
    );
    let (status, page) = get(port, "/articles/2024-03-01-round-one/");
    assert_eq!(status, 200);
    assert!(
        page.contains("with a handshake"),
        "the last good page is served"
    );
    let script = get(port, "/__briefing/live-reload.js").1;
    assert!(script.contains("/__briefing/problems") && script.contains("role"));

    std::fs::write(&article, &text).unwrap();
    wait_for(port, "/__briefing/problems", |s, b| {
        s == 200 && b.is_empty()
    });
    wait_for(port, "/", |s, b| {
        s == 200 && b.contains("Harbour trade accord")
    });
    assert!(
        get(port, "/articles/2024-03-01-round-one/")
            .1
            .contains("Round one closed.")
    );

    for path in [
        "/../Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2fbriefing.yaml",
        "//etc/passwd",
        "/content/_index.md",
    ] {
        let (status, body) = get(port, path);
        assert!(status == 404 || status == 400, "{path}: {status}");
        for secret in [
            "[package]",
            "root:x:0",
            "title: \"Harbour",
            "summary: \"Twelve",
        ] {
            assert!(!body.contains(secret), "{path} leaked a file");
        }
    }
    let (status, body) = get(port, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "the site's 404 page");
}

#[test]
fn serve_takes_the_next_port_when_busy() {
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(common::fixture("trade"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = Arc::new(Mutex::new(Vec::new()));
    let lines = Arc::clone(&stderr);
    let err = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            lines.lock().unwrap().push(line);
        }
    });
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut said = String::new();
    for _ in 0..3 {
        said.push_str(&lines.next().unwrap().unwrap());
        said.push('\n');
        if said.contains("serving") {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        said.contains(&format!("port {port} is in use; using ")),
        "{said}"
    );
}

/// A page rewritten twice within a second keeps its modification time's second: a browser
/// revalidating with `If-Modified-Since` must still get the page, and nothing is cached.
#[test]
fn pages_are_never_answered_not_modified_nor_cached() {
    let server = start(&common::fixture("trade"));
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        s,
        "GET /points/ HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = String::new();
    s.read_to_string(&mut buf).unwrap();
    assert!(
        buf.starts_with("HTTP/1.1 200"),
        "{}",
        buf.lines().next().unwrap_or("")
    );
    assert_eq!(header(server.port, "/points/", "cache-control"), "no-store");
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let mut server = start(&common::fixture("trade"));
    assert_eq!(get(server.port, "/").0, 200);
    let pid = server.child.id().to_string();
    let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(sent.success());
    let deadline = Instant::now() + Duration::from_secs(5);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "serve did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "exit status {status:?}");
    assert!(
        TcpStream::connect(("127.0.0.1", server.port)).is_err(),
        "port released"
    );
}

/// A new user adds a link to an image that does not exist while `serve` runs: the terminal
/// and the browser report it exactly as `build` does.
#[test]
fn a_broken_image_link_added_under_serve_is_reported_as_build_reports_it() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    common::copy_dir(&common::fixture("trade"), &site);
    let server = start(&site);
    let article = site.join("content/articles/2024-03-01-round-one.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(
        &article,
        text.replace(
            "Round one closed.",
            "Round one closed.\n\n![Map](../../static/missing.png)",
        ),
    )
    .unwrap();

    let build = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["build", "--out"])
        .arg(tmp.path().join("out"))
        .arg("--root")
        .arg(&site)
        .output()
        .unwrap();
    assert_eq!(build.status.code(), Some(1));
    let stderr = String::from_utf8(build.stderr).unwrap();
    let headline = stderr
        .lines()
        .find(|l| l.contains("missing.png"))
        .expect("build names the missing file")
        .to_string();
    assert!(
        headline.starts_with("error: content/articles/2024-03-01-round-one.md:"),
        "{headline}"
    );

    wait_for(server.port, "/__briefing/problems", |s, b| {
        s == 200 && b.contains(&headline)
    });
    assert_eq!(
        get(server.port, "/").0,
        200,
        "readers keep the last good pages"
    );
    // The terminal's lines reach this test through a pipe and a reader thread: wait for them.
    let mut printed = Vec::new();
    for _ in 0..250 {
        printed = server.stderr.lock().unwrap().clone();
        if printed.contains(&headline) {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        printed.contains(&headline),
        "serve's terminal shows {headline:?}; it printed {printed:#?}"
    );
}

/// Forty readers request pages while an editor saves an article fifteen times (each save
/// truncates the file, then writes it): nobody gets a 5xx, and the last save is served.
#[test]
fn saves_under_load_never_give_readers_a_server_error() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    common::copy_dir(&common::fixture("trade"), &site);
    let server = start(&site);
    let port = server.port;
    let article = site.join("content/articles/2024-03-01-round-one.md");
    let text = std::fs::read_to_string(&article).unwrap();
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let readers: Vec<_> = (0..40)
        .map(|i| {
            let done = Arc::clone(&done);
            std::thread::spawn(move || {
                let pages = [
                    "/",
                    "/articles/2024-03-01-round-one/",
                    "/points/",
                    "/timeline/",
                ];
                let mut statuses = Vec::new();
                // Bounded: at most 400 requests each, and the loop ends with the saves.
                for k in 0..400 {
                    if done.load(std::sync::atomic::Ordering::SeqCst) {
                        break;
                    }
                    statuses.push(status_of(port, pages[(i + k) % pages.len()]));
                }
                statuses
            })
        })
        .collect();
    for n in 0..15 {
        let file = std::fs::File::create(&article).unwrap(); // truncates
        std::thread::sleep(Duration::from_millis(5));
        std::io::Write::write_all(
            &mut &file,
            text.replace("Round one closed.", &format!("Round one closed, save {n}."))
                .as_bytes(),
        )
        .unwrap();
        drop(file);
        std::thread::sleep(Duration::from_millis(80));
    }
    wait_for(port, "/articles/2024-03-01-round-one/", |_, b| {
        b.contains("save 14.")
    });
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let statuses: Vec<u16> = readers
        .into_iter()
        .flat_map(|r| r.join().unwrap())
        .collect();
    assert!(statuses.len() >= 40, "{} requests", statuses.len());
    let errors = statuses.iter().filter(|s| **s >= 500 || **s == 0).count();
    assert_eq!(
        errors,
        0,
        "{errors} of {} requests got a server error or no answer",
        statuses.len()
    );
}
