//! Helpers shared by the integration tests: building fixture sites, reading pages, and
//! following every link of an output folder.

#![allow(dead_code, clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Builds `root` into a fresh temporary folder and returns (temp guard, output folder).
pub fn build(
    root: &Path,
    tweak: impl FnOnce(&mut briefing::Options),
) -> (tempfile::TempDir, PathBuf, briefing::Outcome) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let mut options = briefing::Options {
        out: out.clone(),
        ..briefing::Options::new(root)
    };
    tweak(&mut options);
    let outcome = briefing::build(&options).unwrap_or_else(|e| match e {
        briefing::Error::Invalid { diagnostics, .. } => {
            panic!(
                "build failed:\n{}",
                diagnostics
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        }
        other => panic!("build failed: {other}"),
    });
    (tmp, out, outcome)
}

pub fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The `<main>` element of a page.
pub fn main_of(html: &str) -> String {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page has </main>") + "</main>".len();
    html[start..end].to_string()
}

/// Every value of `href="…"` and `src="…"` in a page, unescaped.
pub fn links_in(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            let after = &rest[i + attr.len()..];
            let end = after.find('"').unwrap_or(after.len());
            out.push(after[..end].replace("&amp;", "&").replace("&#x2F;", "/"));
            rest = &after[end..];
        }
    }
    out
}

pub fn is_external(link: &str) -> bool {
    link.starts_with("http://") || link.starts_with("https://") || link.starts_with("mailto:")
}

/// Resolves a relative link from the page file `page` (relative to the output root) to the
/// output file it reaches, or `None` when it climbs out of the site.
pub fn resolve(page: &str, link: &str, portable: bool) -> Option<String> {
    let path = link.split(['#', '?']).next().unwrap_or("");
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    if path.is_empty() {
        return Some(page.to_string());
    }
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if path.ends_with('/') || path == "." || path == "./" || path.ends_with("/.") {
        if portable {
            return None; // a portable build must name index.html itself
        }
        if !joined.is_empty() {
            joined.push('/');
        }
        joined.push_str("index.html");
    }
    Some(joined)
}

/// Follows every internal link from `start`; returns reachable pages and broken links.
pub fn crawl(out: &Path, start: &str, portable: bool) -> (BTreeSet<String>, Vec<String>) {
    let mut seen = BTreeSet::new();
    let mut broken = Vec::new();
    let mut queue = VecDeque::from([start.to_string()]);
    while let Some(page) = queue.pop_front() {
        if !seen.insert(page.clone()) {
            continue;
        }
        if !page.ends_with(".html") {
            continue;
        }
        let html = read(out, &page);
        for link in links_in(&html) {
            if is_external(&link) {
                continue;
            }
            assert!(
                !link.starts_with('/'),
                "{page}: absolute internal link {link}"
            );
            match resolve(&page, &link, portable) {
                Some(target) if out.join(&target).is_file() => queue.push_back(target),
                _ => broken.push(format!("{page} -> {link}")),
            }
        }
    }
    (seen, broken)
}

/// Every file under `dir` with its bytes, keyed by relative path.
pub fn snapshot_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Copies a fixture site (every file, `expected.txt` included) to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// The text of an HTML fragment: tags dropped (each as a space), white space folded.
pub fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Runs the `briefing` binary with `args`, then `--root <root>`.
pub fn run(args: &[&str], root: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

/// Every search document file of an output, concatenated.
pub fn search_docs(out: &Path) -> String {
    let mut files: Vec<PathBuf> = std::fs::read_dir(out.join("search"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("docs-")
        })
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// The source addresses the shipped briefing's articles cite (`- {name: …, url: "…"}`).
pub fn shipped_source_urls() -> BTreeSet<String> {
    let mut urls = BTreeSet::new();
    for entry in std::fs::read_dir(repo().join("content/articles")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let front = text.split("\n---").next().unwrap();
        for line in front
            .lines()
            .filter(|l| l.trim_start().starts_with("- {name:"))
        {
            if let Some((_, rest)) = line.split_once("url: \"") {
                urls.insert(rest.split('"').next().unwrap().to_string());
            }
        }
    }
    urls
}

/// Every file under `dir`, by its path relative to `dir`, with its inode and modification
/// time (what tells a file left alone from one written again).
pub fn stamps(dir: &Path) -> BTreeMap<String, (u64, i64, i64)> {
    use std::os::unix::fs::MetadataExt;
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().unwrap();
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy();
            (rel.into_owned(), (m.ino(), m.mtime(), m.mtime_nsec()))
        })
        .collect()
}
