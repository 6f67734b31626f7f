//! URLs: where each source file is published, the relative URL from one page to another, and
//! the guard that keeps every output path inside the output folder. No other module builds
//! URL strings by hand.

use crate::model::Site;
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// Site-root-relative URLs of the fixed pages. A trailing `/` means a folder page.
pub const HOME: &str = "";
pub const POINTS: &str = "points/";
pub const TIMELINE: &str = "timeline/";
pub const ARTICLES: &str = "articles/";
pub const TAGS: &str = "tags/";
pub const NOT_FOUND: &str = "404.html";
pub const VERSIONS: &str = "versions/";
pub const AS_OF: &str = "points/as-of/";
pub const SEARCH: &str = "search/";
pub const PEOPLE: &str = "people/";
pub const GLOSSARY: &str = "glossary/";
pub const PRINT: &str = "print/";
pub const SOURCES: &str = "sources/";
/// The search index's manifest: which shards and files of documents there are.
pub const SEARCH_MANIFEST: &str = "search/manifest.js";

/// The `n`th file of search documents.
pub fn search_docs(n: usize) -> String {
    format!("{SEARCH}docs-{n}.js")
}

/// The search shard of words beginning with the letters `key` names.
pub fn search_shard(key: &str) -> String {
    format!("{SEARCH}words-{key}.js")
}

/// The positions table as it stood at the end of a day (`YYYY-MM-DD`).
pub fn as_of(date: &str) -> String {
    format!("{AS_OF}{date}/")
}

/// The Atom feed of one point's claims.
pub fn point_feed(number: u32) -> String {
    format!("points/{number}/feed.xml")
}

/// One version of the plan as written.
pub fn version(id: &str) -> String {
    format!("{VERSIONS}{id}/")
}

/// Two versions side by side.
pub fn compare(from: &str, to: &str) -> String {
    format!("{VERSIONS}{from}/{to}/")
}

/// Output files that are not pages.
pub const FEED: &str = "feed.xml";
pub const CHANGES_FEED: &str = "changes.xml";
pub const STATUS_HISTORY_CSV: &str = "data/status-history.csv";
pub const ROBOTS: &str = "robots.txt";
pub const SITEMAP: &str = "sitemap.xml";
pub const POINTS_JSON: &str = "data/points.json";
pub const POINTS_CSV: &str = "data/points.csv";
pub const CLAIMS_CSV: &str = "data/claims.csv";
pub const VERSIONS_JSON: &str = "data/versions.json";
pub const PEOPLE_JSON: &str = "data/people.json";
pub const TIMELINE_JSON: &str = "data/timeline.json";
pub const TIMELINE_ICS: &str = "data/timeline.ics";

/// Where `briefing schema` writes by default (relative to the site root), and the schemas'
/// file names.
pub const SCHEMAS: &str = "schemas";
pub const SETTINGS_SCHEMA: &str = "briefing.schema.json";
pub const POINT_SCHEMA: &str = "point.schema.json";
pub const ARTICLE_SCHEMA: &str = "article.schema.json";
pub const HOME_SCHEMA: &str = "home.schema.json";
pub const PERSON_SCHEMA: &str = "person.schema.json";
pub const GLOSSARY_SCHEMA: &str = "glossary.schema.json";
pub const TRANSLATION_SCHEMA: &str = "translation.schema.json";

/// Folders and files of a site, relative to its root; `serve` watches exactly these.
pub const CONTENT: &str = "content";
pub const TEMPLATES: &str = "templates";
pub const STATIC: &str = "static";
pub const SETTINGS: &str = "briefing.yaml";
/// A site's own strings tables (`i18n/<language>.yaml`).
pub const I18N: &str = "i18n";
pub const WATCHED: [&str; 5] = [CONTENT, TEMPLATES, STATIC, SETTINGS, I18N];
/// The script that gives the other scripts their words in the site's language.
pub const STRINGS_SCRIPT: &str = "static/strings.js";

/// Where a static file (named relative to `static/`) is published.
pub fn static_file(name: &str) -> String {
    [STATIC, "/", name].concat()
}

/// A path as text with `/` separators on every platform.
pub fn slashed(path: &Path) -> Cow<'_, str> {
    let text = path.to_string_lossy();
    if text.contains('\\') {
        Cow::Owned(text.replace('\\', "/"))
    } else {
        text
    }
}

/// A person's page.
pub fn person(id: &str) -> String {
    format!("{PEOPLE}{id}/")
}

pub fn point(number: u32) -> String {
    format!("points/{number}/")
}

pub fn article(slug: &str) -> String {
    ["articles/", slug, "/"].concat()
}

pub fn tag(slug: &str) -> String {
    ["tags/", slug, "/"].concat()
}

/// The `n`th page (1-based) of a paginated list whose first page is `first`.
pub fn page_of(first: &str, n: usize) -> String {
    let mut url = String::new();
    push_page_of(&mut url, first, n);
    url
}

/// `page_of`, added to `url`.
pub fn push_page_of(url: &mut String, first: &str, n: usize) {
    use std::fmt::Write;
    url.push_str(first);
    if n > 1 {
        let _ = write!(url, "page/{n}/");
    }
}

/// The output file that holds the page at `url`.
pub fn file_of(url: &str) -> String {
    if url.is_empty() || url.ends_with('/') {
        [url, "index.html"].concat()
    } else {
        url.to_string()
    }
}

/// The relative URL from the page at `from` to `to` (both site-root-relative). With
/// `portable`, folder targets get an explicit `index.html` so links work from disk.
pub fn relative(from: &str, to: &str, portable: bool) -> String {
    relative_in(from, to, portable, 0)
}

/// `relative`, in a string with room for `more` bytes after it (one allocation).
fn relative_in(from: &str, to: &str, portable: bool, more: usize) -> String {
    let depth = memchr::memchr_iter(b'/', from.as_bytes()).count();
    let end = if portable && (to.is_empty() || to.ends_with('/')) {
        "index.html"
    } else if depth == 0 && to.is_empty() {
        "./"
    } else {
        ""
    };
    // Exactly the length, so that a link made of it is not copied to fit.
    let mut out = String::with_capacity(3 * depth + to.len() + end.len() + more);
    for _ in 0..depth {
        out.push_str("../");
    }
    out.push_str(to);
    out.push_str(end);
    out
}

/// Relative URL with an optional `#fragment`.
pub fn relative_with_fragment(
    from: &str,
    to: &str,
    fragment: Option<&str>,
    portable: bool,
) -> String {
    let fragment = fragment.filter(|f| !f.is_empty());
    let mut url = relative_in(from, to, portable, fragment.map_or(0, |f| 1 + f.len()));
    if let Some(f) = fragment {
        url.push('#');
        url.push_str(f);
    }
    url
}

/// Where a content file is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub url: String,
    pub draft: bool,
    /// The fragments a link may name (`None`: not checked): the glossary's term ids.
    pub anchors: Option<Vec<String>>,
}

/// Source path (relative to the site root) → published URL, for every content file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Index {
    /// Keyed by the source path with `/` separators (looked up, never listed).
    targets: FxHashMap<String, Target>,
}

/// Why a `.md` link could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// The link climbs above the site root.
    Escapes,
    /// No content file at that path.
    Missing(PathBuf),
    /// The target is a draft left out of this build.
    Draft(PathBuf),
    /// The target has no such anchor (a glossary term that does not exist), with the
    /// nearest one when there is one.
    Anchor {
        path: PathBuf,
        fragment: String,
        nearest: Option<String>,
    },
}

impl Index {
    pub fn new(site: &Site) -> Index {
        let size = site.articles.len() + site.points.len() + 1;
        let mut targets = FxHashMap::with_capacity_and_hasher(size, Default::default());
        let mut add = |path: &Path, url: String, draft: bool| {
            let target = Target {
                url,
                draft,
                anchors: None,
            };
            targets.insert(key_of(path).into_owned(), target);
        };
        if let Some(path) = &site.home.path {
            add(path, HOME.to_string(), false);
        }
        for p in &site.points {
            add(&p.path, point(p.number), false);
        }
        for p in &site.people {
            add(&p.path, person(&p.id), false);
        }
        for a in &site.articles {
            add(&a.path, article(&a.slug), false);
        }
        for a in &site.drafts {
            add(&a.path, article(&a.slug), true);
        }
        if let Some(g) = &site.glossary {
            let target = Target {
                url: GLOSSARY.to_string(),
                draft: false,
                anchors: Some(g.terms.iter().map(|t| t.id.clone()).collect()),
            };
            targets.insert(key_of(&g.path).into_owned(), target);
        }
        Index { targets }
    }

    /// Resolves `href` (a relative link ending in `.md`, maybe with `#fragment`) written in
    /// the file whose key (`key_of`) is `from` to the target's site-root-relative URL and
    /// fragment. A body's links all share its key, made once.
    pub fn resolve<'h>(
        &self,
        from: &str,
        href: &'h str,
    ) -> Result<(&str, Option<&'h str>), LinkError> {
        let (path_part, fragment) = match href.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (href, None),
        };
        let decoded: Cow<'_, str> = if path_part.contains('%') {
            Cow::Owned(path_part.replace("%20", " "))
        } else {
            Cow::Borrowed(path_part)
        };
        let joined = join_relative(from, &decoded).ok_or(LinkError::Escapes)?;
        match self.targets.get(&joined) {
            Some(t) if t.draft => Err(LinkError::Draft(joined.into())),
            Some(Target {
                anchors: Some(known),
                ..
            }) if fragment.is_some_and(|f| !known.iter().any(|k| k == f)) => {
                let fragment = fragment.unwrap_or_default().to_string();
                let nearest = known
                    .iter()
                    .map(|k| (strsim::levenshtein(k, &fragment), k))
                    .filter(|(d, _)| *d <= 2.max(fragment.len() / 3))
                    .min()
                    .map(|(_, k)| k.clone());
                Err(LinkError::Anchor {
                    path: joined.into(),
                    fragment,
                    nearest,
                })
            }
            Some(t) => Ok((t.url.as_str(), fragment)),
            None => Err(LinkError::Missing(joined.into())),
        }
    }
}

/// The output file that a relative link (not a `.md` link) on the page at `from` reaches, or
/// `None` when it climbs out of the site. Folder links name their `index.html`.
pub fn output_target(from: &str, href: &str) -> Option<String> {
    let path = href.split(['#', '?']).next().unwrap_or("");
    let decoded = path.replace("%20", " ");
    let joined = join_relative(&file_of(from), &decoded)?;
    let folder = path.is_empty() || path.ends_with('/') || path == "." || path.ends_with("/.");
    Some(match (folder, joined.is_empty()) {
        (true, true) => "index.html".to_string(),
        (true, false) => format!("{joined}/index.html"),
        (false, _) => joined,
    })
}

/// A relative link that must reach a file of the output; checked once every file is known.
#[derive(Debug, Clone)]
pub struct OutputLink {
    /// The output file it must reach (see `output_target`).
    pub target: String,
    /// The link as the body's HTML writes it (relative to the page).
    pub dest: String,
    /// The error to report when it does not.
    pub diagnostic: crate::diagnostics::Diagnostic,
}

/// The links whose target is not among the output files (a folder's `index.html` counts).
pub fn unresolved<'a>(
    output_links: Vec<&'a OutputLink>,
    files: &std::collections::HashSet<String>,
) -> impl Iterator<Item = &'a OutputLink> {
    output_links.into_iter().filter(move |l| {
        !files.contains(&l.target) && !files.contains(&format!("{}/index.html", l.target))
    })
}

/// A source path as an index key: `/` separators on every platform.
pub fn key_of(path: &Path) -> Cow<'_, str> {
    slashed(path)
}

/// The path `rel` written in the file `from_file`, with `.` and `..` folded away; `None` when
/// it climbs above the site root or is absolute.
fn join_relative(from_file: &str, rel: &str) -> Option<String> {
    if rel.starts_with('/') {
        return None;
    }
    // The folder of `from_file`, then each part of `rel`, in one string: `..` cuts the last
    // part off. Slashes are found as bytes (memchr): every body link comes through here.
    let folder = memchr::memrchr(b'/', from_file.as_bytes()).map_or("", |end| &from_file[..end]);
    let mut out = String::with_capacity(folder.len() + 1 + rel.len());
    out.push_str(folder);
    // The folder's parts: one more than its slashes, none when the file is at the root.
    let mut parts = memchr::memchr_iter(b'/', from_file.as_bytes()).count();
    let mut start = 0;
    while start <= rel.len() {
        let end = memchr::memchr(b'/', &rel.as_bytes()[start..]).map_or(rel.len(), |i| start + i);
        let seg = &rel[start..end];
        start = end + 1;
        match seg {
            "" | "." => {}
            ".." => {
                parts = parts.checked_sub(1)?;
                out.truncate(memchr::memrchr(b'/', out.as_bytes()).unwrap_or(0));
            }
            s => {
                if parts > 0 {
                    out.push('/');
                }
                out.push_str(s);
                parts += 1;
            }
        }
    }
    Some(out)
}

/// Joins a site-root-relative output path onto `root`, refusing anything that would land
/// outside it (absolute paths, `..`, empty parts).
pub fn safe_join(root: &Path, rel: &str) -> Option<PathBuf> {
    if rel.is_empty() || rel.starts_with('/') || rel.contains('\\') || rel.contains('\0') {
        return None;
    }
    let mut out = root.to_path_buf();
    for part in rel.split('/') {
        if part.is_empty() || part == "." || part == ".." {
            return None;
        }
        out.push(part);
    }
    Some(out)
}

/// True for a URL that names a scheme (`https:`, `mailto:`) or is protocol-relative.
pub fn is_external(href: &str) -> bool {
    if href.starts_with("//") {
        return true;
    }
    match href.find(':') {
        Some(i) => {
            let scheme = &href[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !href[..i].contains('/')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls_climb_by_depth() {
        assert_eq!(relative(HOME, POINTS, false), "points/");
        assert_eq!(relative(&point(19), POINTS, false), "../../points/");
        assert_eq!(relative(&point(19), HOME, false), "../../");
        assert_eq!(relative(HOME, HOME, false), "./");
        assert_eq!(
            relative(&article("x"), "static/style.css", false),
            "../../static/style.css"
        );
        assert_eq!(relative(NOT_FOUND, TIMELINE, false), "timeline/");
    }

    #[test]
    fn portable_urls_name_index_html() {
        assert_eq!(relative(&point(19), HOME, true), "../../index.html");
        assert_eq!(relative(HOME, POINTS, true), "points/index.html");
        assert_eq!(relative(HOME, "feed.xml", true), "feed.xml");
    }

    #[test]
    fn relative_paths_join_with_dots_folded() {
        let cases = [
            (
                "content/articles/a.md",
                "b.md",
                Some("content/articles/b.md"),
            ),
            (
                "content/articles/a.md",
                "../points/1.md",
                Some("content/points/1.md"),
            ),
            (
                "content/articles/a.md",
                "./x//b.md",
                Some("content/articles/x/b.md"),
            ),
            ("content/a.md", "../../b.md", None),
            ("content/articles/a.md", "../../b.md", Some("b.md")),
            ("content/articles/a.md", "../../x/../c/d.md", Some("c/d.md")),
            ("points/19/index.html", "../../", Some("")),
            ("index.html", "static/x.css", Some("static/x.css")),
            ("a.md", "b/c.md", Some("b/c.md")),
            ("a.md", "../b.md", None),
            ("a.md", "/b.md", None),
        ];
        for (from, rel, want) in cases {
            assert_eq!(join_relative(from, rel).as_deref(), want, "{from} + {rel}");
        }
    }

    #[test]
    fn md_links_resolve_relative_to_the_file() {
        let mut site = Site::default();
        site.articles.push(crate::model::Article::for_test(
            "content/articles/a.md",
            "a",
        ));
        let mut draft = crate::model::Article::for_test("content/articles/d.md", "d");
        draft.draft = true;
        site.drafts.push(draft);
        let index = Index::new(&site);
        let from = &key_of(Path::new("content/articles/b.md"));
        assert_eq!(
            index.resolve(from, "a.md#x"),
            Ok(("articles/a/", Some("x")))
        );
        assert_eq!(index.resolve(from, "./a.md"), Ok(("articles/a/", None)));
        assert_eq!(
            index.resolve(from, "../points/1.md"),
            Err(LinkError::Missing("content/points/1.md".into()))
        );
        assert_eq!(
            index.resolve(from, "d.md"),
            Err(LinkError::Draft("content/articles/d.md".into()))
        );
        assert_eq!(
            index.resolve(from, "../../../../x.md"),
            Err(LinkError::Escapes)
        );
    }

    #[test]
    fn output_targets_of_relative_links() {
        assert_eq!(
            output_target("articles/a/", "../../static/map.png").as_deref(),
            Some("static/map.png")
        );
        assert_eq!(
            output_target("articles/a/", "../b/#x").as_deref(),
            Some("articles/b/index.html")
        );
        assert_eq!(
            output_target("points/1/", "../../").as_deref(),
            Some("index.html")
        );
        assert_eq!(
            output_target("", "data/points.csv?x=1").as_deref(),
            Some("data/points.csv")
        );
        assert_eq!(output_target("articles/a/", "../../../etc/passwd"), None);
    }

    #[test]
    fn safe_join_refuses_escapes() {
        let root = Path::new("/out");
        assert_eq!(
            safe_join(root, "a/b.html"),
            Some(PathBuf::from("/out/a/b.html"))
        );
        assert_eq!(safe_join(root, "../x"), None);
        assert_eq!(safe_join(root, "/etc/passwd"), None);
        assert_eq!(safe_join(root, "a//b"), None);
        assert_eq!(safe_join(root, "a/./b"), None);
    }

    #[test]
    fn external_urls() {
        assert!(is_external("https://x.org"));
        assert!(is_external("mailto:a@b"));
        assert!(is_external("//cdn.example"));
        assert!(!is_external("../a.md"));
        assert!(!is_external("a/b:c.md"));
    }
}
