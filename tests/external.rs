//! `check --external` against a local server: exactly the dead addresses, at their lines;
//! a second run asks nothing; `build` asks nothing.

#![cfg(feature = "external")]
#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A server answering 200 on /ok, 301 to /ok on /moved, 404 on /gone, 405 to HEAD and 200
/// to GET on /get-only, and nothing for three seconds on /slow. Counts the requests.
fn serve() -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let counter = counter.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request = String::new();
                reader.read_line(&mut request).unwrap_or(0);
                let mut line = String::new();
                while reader.read_line(&mut line).unwrap_or(0) > 2 {
                    line.clear();
                }
                counter.fetch_add(1, Ordering::SeqCst);
                let mut parts = request.split_whitespace();
                let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                let status = match (method, path) {
                    (_, "/ok") => "200 OK",
                    (_, "/moved") => "301 Moved Permanently\r\nLocation: /ok",
                    ("HEAD", "/get-only") => "405 Method Not Allowed",
                    (_, "/get-only") => "200 OK",
                    (_, "/slow") => {
                        std::thread::sleep(std::time::Duration::from_secs(3));
                        "200 OK"
                    }
                    _ => "404 Not Found",
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            });
        }
    });
    (port, count)
}

fn site(root: &Path, port: u16) {
    common::copy_dir(&common::fixture("invalid/unknown-party"), root);
    std::fs::remove_file(root.join("expected.txt")).unwrap();
    let settings = std::fs::read_to_string(root.join("briefing.yaml")).unwrap();
    let skip = format!("link_check: {{timeout: 1, skip: [\"http://127.0.0.1:{port}/skipped\"]}}\n");
    std::fs::write(root.join("briefing.yaml"), settings + &skip).unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let article = format!(
        "---\ntitle: \"Talks open\"\ndate: 2025-12-01\nsummary: \"A round of talks.\"\nsources:\n  - {{name: \"Fine\", url: \"{base}/ok\"}}\n  - {{name: \"Moved\", url: \"{base}/moved\", archive: \"{base}/get-only\"}}\n  - {{name: \"Gone\", url: \"{base}/gone\"}}\n  - {{name: \"Skipped\", url: \"{base}/skipped/gone\"}}\npoints:\n  - {{point: 1, status: open, claimed_by: \"A spokesperson\", party: Side A}}\n---\n\nThe talks opened ([slow]({base}/slow)); see [the record]({base}/ok).\n"
    );
    std::fs::write(
        root.join("content/articles/2025-12-01-talks-open.md"),
        article,
    )
    .unwrap();
}

fn errors(out: &std::process::Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.starts_with("error: content"))
        .map(str::to_string)
        .collect()
}

#[test]
fn exactly_the_dead_links_at_their_lines_then_from_the_cache() {
    let (port, count) = serve();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    site(&root, port);

    // build and plain check ask nothing.
    let out = tmp.path().join("public");
    let built = common::run(&["build", "--out", out.to_str().unwrap()], &root);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    assert!(common::run(&["check"], &root).status.success());
    assert_eq!(count.load(Ordering::SeqCst), 0, "build or check asked");
    assert!(!root.join(".briefing").exists());

    let first = common::run(&["check", "--external"], &root);
    assert_eq!(
        first.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let file = "content/articles/2025-12-01-talks-open.md";
    let found = errors(&first);
    assert_eq!(found.len(), 2, "{}", String::from_utf8_lossy(&first.stderr));
    assert_eq!(
        found[0],
        format!("error: {file}:8:26: dead link \"http://127.0.0.1:{port}/gone\": HTTP 404")
    );
    let slow =
        format!("error: {file}:14:26: dead link \"http://127.0.0.1:{port}/slow\": no answer");
    assert!(found[1].starts_with(&slow), "{}", found[1]);
    let asked = count.load(Ordering::SeqCst);
    assert!(asked >= 5, "{asked} requests");
    assert!(root.join(".briefing/links.json").is_file());

    // A second run asks nothing and reports the same.
    let second = common::run(&["check", "--external"], &root);
    assert_eq!(second.status.code(), Some(1));
    assert_eq!(
        count.load(Ordering::SeqCst),
        asked,
        "the second run asked again"
    );
    assert_eq!(errors(&second).len(), 2);

    // The JSON format carries them too.
    let json = common::run(&["check", "--external", "--message-format", "json"], &root);
    let stdout = String::from_utf8_lossy(&json.stdout);
    assert_eq!(
        stdout.lines().filter(|l| l.contains("dead link")).count(),
        2,
        "{stdout}"
    );
}
