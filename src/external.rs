//! `check --external`: asks every external address the briefing cites (sources, archived
//! copies, links in bodies) whether it still answers, and reports each dead one at its file
//! and line. Answers are kept for a day in `<root>/.briefing/links.json`, the only file it
//! writes; `build` and plain `check` never reach the network.

use crate::diagnostics::{Diagnostic, Error};
use crate::model::Site;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Where the answers are kept, under the site's root.
pub const CACHE: &str = ".briefing/links.json";
/// How long an answer stands.
const DAY: u64 = 24 * 60 * 60;
/// How many hosts are asked at once; each host is asked one address at a time.
const HOSTS_AT_ONCE: usize = 8;

/// One address and where it is cited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cited {
    pub url: String,
    /// The file, relative to the root, and the 1-based line and column of the address.
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
}

/// An answer: when it was given and, for a dead address, why.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Answer {
    /// Seconds since the Unix epoch.
    asked: u64,
    /// `None`: the address answered.
    dead: Option<String>,
}

/// What a run did: the dead addresses, and how many were asked (not taken from the cache).
#[derive(Debug)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub asked: usize,
    pub cited: usize,
}

/// Every http(s) address the site cites, with where, in file order.
pub fn cited(root: &Path, site: &Site) -> Vec<Cited> {
    // Each file with the addresses its front matter gives (only articles cite sources).
    let mut files: Vec<(&Path, Vec<&str>)> = site
        .articles
        .iter()
        .map(|a| {
            let urls = a
                .sources
                .iter()
                .flat_map(|s| s.url.iter().chain(&s.archive));
            (a.path.as_path(), urls.map(String::as_str).collect())
        })
        .collect();
    let others = (site.points.iter().map(|p| p.path.as_path()))
        .chain(site.people.iter().map(|p| p.path.as_path()))
        .chain(site.glossary.iter().map(|g| g.path.as_path()))
        .chain(site.home.path.as_deref());
    files.extend(others.map(|path| (path, Vec::new())));
    let mut found = Vec::new();
    for (path, front) in files {
        let rel = path.strip_prefix(root).unwrap_or(path);
        // The texts were released after parsing; positions are found in the file again.
        let Ok(text) = std::fs::read_to_string(root.join(rel)) else {
            continue;
        };
        let body = body_links(&text);
        let mut seen = std::collections::HashSet::new();
        for url in front.into_iter().chain(body.iter().map(String::as_str)) {
            if !(url.starts_with("http://") || url.starts_with("https://")) || !seen.insert(url) {
                continue;
            }
            let at = text.find(url).unwrap_or(0);
            let line = text[..at].matches('\n').count() + 1;
            let column = text[..at]
                .rsplit('\n')
                .next()
                .map_or(0, |l| l.chars().count())
                + 1;
            found.push(Cited {
                url: url.to_string(),
                path: rel.to_path_buf(),
                line,
                column,
            });
        }
    }
    found
}

/// The link and image addresses of a file's Markdown.
fn body_links(text: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag};
    Parser::new(text)
        .filter_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some(dest_url.to_string())
            }
            _ => None,
        })
        .collect()
}

/// Asks each address once (those `skip` names and those answered within a day aside) and
/// reports the dead ones at every place they are cited.
pub fn check(
    root: &Path,
    cited: &[Cited],
    skip: &[String],
    timeout: Duration,
) -> Result<Report, Error> {
    let cache_path = root.join(CACHE);
    let mut cache: BTreeMap<String, Answer> = std::fs::read_to_string(&cache_path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    cache.retain(|_, a| now.saturating_sub(a.asked) < DAY);

    // The addresses to ask, by host.
    let mut by_host: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for c in cited {
        if skip.iter().any(|s| c.url.starts_with(s.as_str())) || cache.contains_key(&c.url) {
            continue;
        }
        let list = by_host.entry(host(&c.url)).or_default();
        if !list.contains(&c.url) {
            list.push(c.url.clone());
        }
    }
    let asked: usize = by_host.values().map(Vec::len).sum();
    let queue = Mutex::new(by_host.into_values().collect::<Vec<_>>());
    let answers: Mutex<HashMap<String, Option<String>>> = Mutex::new(HashMap::new());
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(concat!(
            "briefing/",
            env!("CARGO_PKG_VERSION"),
            " (link check of a static site)"
        ))
        .build()
        .into();
    std::thread::scope(|scope| {
        for _ in 0..HOSTS_AT_ONCE {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().unwrap_or_else(|e| e.into_inner()).pop();
                    let Some(urls) = next else { break };
                    for url in urls {
                        let dead = ask(&agent, &url);
                        answers
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .insert(url, dead);
                    }
                }
            });
        }
    });
    for (url, dead) in answers.into_inner().unwrap_or_else(|e| e.into_inner()) {
        cache.insert(url, Answer { asked: now, dead });
    }
    if let Some(dir) = cache_path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    let text = serde_json::to_string_pretty(&cache).unwrap_or_default();
    std::fs::write(&cache_path, text).map_err(|source| Error::Write {
        path: cache_path.clone(),
        source,
    })?;

    let diagnostics = cited
        .iter()
        .filter_map(|c| {
            let why = cache.get(&c.url)?.dead.as_ref()?;
            let message = format!("dead link \"{}\": {why}", c.url);
            Some(Diagnostic::error(&c.path, message).at(Some(c.line), Some(c.column)))
        })
        .collect();
    Ok(Report {
        diagnostics,
        asked,
        cited: cited.len(),
    })
}

/// The host of an address, for asking one host one address at a time.
fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Asks one address: HEAD, then GET when HEAD is refused. `None` when it answers (after
/// redirects) with a status below 400; else why not.
fn ask(agent: &ureq::Agent, url: &str) -> Option<String> {
    match agent.head(url).call() {
        Ok(r) if r.status().as_u16() < 400 => return None,
        // No answer in time: asking again with GET would only wait as long again.
        Err(e @ ureq::Error::Timeout(_)) => return Some(format!("no answer ({e})")),
        _ => {}
    }
    match agent.get(url).call() {
        Ok(r) if r.status().as_u16() < 400 => None,
        Ok(r) => Some(format!("HTTP {}", r.status().as_u16())),
        Err(e) => Some(format!("no answer ({e})")),
    }
}
