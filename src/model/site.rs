//! Loading: every source file is split, deserialised and validated (in parallel) into the
//! `Site`, reusing what an edit left alone, and what changed from the last load is told apart
//! (`Change`). The checks across files are in `checks`.

use super::article::{self, RawArticle};
use super::point::{self, RawPoint};
use super::{Article, Date, Located, Point};
use crate::config::Config;
use crate::diagnostics::{self, Diagnostic};
use crate::front_matter;
use rayon::prelude::*;
use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::borrow::BorrowMut;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// A content file read from disk: its path relative to the site root and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

/// The home page's own content, from `content/_index.md`.
#[derive(Debug, Clone, Default)]
pub struct Home {
    pub path: Option<PathBuf>,
    pub title: Option<String>,
    pub summary: String,
    pub body_markdown: String,
    pub body_line: usize,
}

/// The whole validated briefing. Points are ordered by number, articles by path.
#[derive(Debug, Clone, Default)]
pub struct Site {
    pub home: Home,
    pub points: Vec<Point>,
    /// Who's who (`content/people/`), in path order.
    pub people: Vec<super::Person>,
    /// The glossary (`content/glossary.md`), when there is one.
    pub glossary: Option<super::Glossary>,
    /// Published articles (and drafts when drafts are included), in path order.
    pub articles: Vec<Article>,
    /// Draft articles left out of this build, in path order.
    pub drafts: Vec<Article>,
}

/// The home page's front matter (`content/_index.md`).
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(title = "Home page front matter", deny_unknown_fields)]
pub(crate) struct RawHome {
    /// The home page's heading (default: the briefing's title).
    title: Option<String>,
    /// The lead under the heading.
    summary: Option<String>,
}

pub(crate) fn home_keys(parent: &str) -> &'static [&'static str] {
    match parent {
        "" => &["title", "summary"],
        _ => &[],
    }
}

fn point_keys(parent: &str) -> &'static [&'static str] {
    match parent {
        "" => point::KEYS,
        p if p.starts_with("versions.") => point::VERSION_KEYS,
        _ => &[],
    }
}

/// Where point files live, relative to the site root.
const POINTS_DIR: &str = "content/points";

/// Problems found in single files, by path (files without problems are absent).
pub type FileDiagnostics = BTreeMap<PathBuf, Vec<Diagnostic>>;

/// The content files of a site, as read from disk.
pub struct Files<'f> {
    pub home: Option<&'f SourceFile>,
    pub points: &'f mut [SourceFile],
    pub articles: &'f mut [SourceFile],
    pub people: &'f mut [SourceFile],
    pub glossary: Option<&'f SourceFile>,
}

/// The results of an earlier load that may be kept: every file not in `dirty` is known to
/// be unchanged and is not parsed again. Only valid with the same settings and drafts flag.
pub struct Reuse<'r> {
    pub site: Site,
    pub diagnostics: FileDiagnostics,
    pub dirty: &'r BTreeSet<PathBuf>,
}

/// A claim an edit added, took away or changed, by what it reaches: a point, whose position
/// (`None`: an observer's), and the date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TouchedClaim {
    pub point: u32,
    pub party: Option<String>,
    pub date: Date,
}

/// What a load changed against the one it reused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Nothing was reused: everything may have changed.
    All,
    /// Only the bodies of the reparsed articles changed (or nothing at all).
    ArticleBodies,
    /// The claims of the reparsed articles changed, and nothing else other pages show: these
    /// claims (as they were and as they are) and the pages made of positions changed.
    Claims(Vec<TouchedClaim>),
    /// Something other pages show changed: a point, the home page, a listing field, a file
    /// added, removed or failing.
    Listings,
}

/// Parses and validates every file (in parallel), keeping what `reuse` allows. Returns the
/// site, the problems found in single files, and what changed; the checks across files are
/// `cross_check`'s.
pub fn load(
    config: &Config,
    files: Files<'_>,
    include_drafts: bool,
    reuse: Option<Reuse<'_>>,
) -> (Site, FileDiagnostics, Change) {
    let mut diags = FileDiagnostics::new();
    let Some(reuse) = reuse else {
        let home = files.home.map(|f| parse_home(f, &mut diags));
        let points = parse_all(files.points, &mut diags, |f| parse_point(config, f));
        let people = parse_all(files.people, &mut diags, |f| parse_person(config, f));
        let articles = parse_all(files.articles, &mut diags, |f| {
            parse_article_with(config, &people, f)
        });
        let parts = (points, people, articles);
        let mut site = Site::assemble(home.unwrap_or_default(), parts, include_drafts);
        site.glossary = files.glossary.and_then(|f| {
            let (g, d) = parse_glossary(f);
            if !d.is_empty() {
                diags.insert(f.path.clone(), d);
            }
            g
        });
        return (site, diags, Change::All);
    };
    reload(config, files, include_drafts, reuse)
}

/// The site again after an edit: the files not in `reuse.dirty` keep their earlier result,
/// the dirty ones are parsed again, and the change says what the edit may reach.
fn reload(
    config: &Config,
    files: Files<'_>,
    include_drafts: bool,
    reuse: Reuse<'_>,
) -> (Site, FileDiagnostics, Change) {
    let Reuse {
        site: previous,
        diagnostics: old_diags,
        dirty,
    } = reuse;
    let is_dirty = |f: &SourceFile| crate::source::is_among(dirty, &f.path);
    let mut diags: FileDiagnostics = old_diags
        .into_iter()
        .filter(|(p, _)| !crate::source::is_among(dirty, p))
        .collect();
    // The home page and the points reach listings.
    let mut listings = files.home.is_some_and(is_dirty);
    let home = match files.home {
        Some(f) if is_dirty(f) => parse_home(f, &mut diags),
        Some(_) => previous.home,
        None => Home::default(),
    };
    let mut points = previous.points;
    points.retain(|p| !crate::source::is_among(dirty, &p.path));
    let mut fresh_points: Vec<&mut SourceFile> =
        files.points.iter_mut().filter(|f| is_dirty(f)).collect();
    listings |= !fresh_points.is_empty() || dirty.iter().any(|p| p.starts_with(POINTS_DIR));
    points.extend(parse_all(&mut fresh_points, &mut diags, |f| {
        parse_point(config, f)
    }));
    let mut articles = previous.articles;
    let mut drafts = previous.drafts;
    let old_articles: Vec<Article> = articles
        .extract_if(.., |a| crate::source::is_among(dirty, &a.path))
        .chain(drafts.extract_if(.., |a| crate::source::is_among(dirty, &a.path)))
        .collect();
    articles.append(&mut drafts);
    let mut fresh: Vec<&mut SourceFile> =
        files.articles.iter_mut().filter(|f| is_dirty(f)).collect();
    let fresh_count = fresh.len();
    // A person's file changed means a fresh load (`source::patch`): the people stand.
    let people = previous.people;
    let parsed = parse_all(&mut fresh, &mut diags, |f| {
        parse_article_with(config, &people, f)
    });
    // A dirty path that is no article now (removed, or not an article) reaches listings too.
    let only_articles = dirty.iter().all(|p| {
        files
            .articles
            .binary_search_by(|f| f.path.as_path().cmp(p))
            .is_ok()
    });
    listings |= !only_articles || parsed.len() != fresh_count;
    let change = if listings {
        Change::Listings
    } else {
        articles_change(&old_articles, &parsed)
    };
    articles.extend(parsed);
    let mut site = Site::assemble(home, (points, people, articles), include_drafts);
    // A change to the glossary means a fresh load (`source::patch`): it stands.
    site.glossary = previous.glossary;
    (site, diags, change)
}

/// What an edit to these articles (each found before and after) reaches: their bodies alone,
/// their claims, or the listings.
fn articles_change(old_articles: &[Article], parsed: &[Article]) -> Change {
    let mut change = Change::ArticleBodies;
    for a in parsed {
        let old = old_articles.iter().find(|o| o.path == a.path);
        change = match (change, old) {
            (Change::Listings, _) => Change::Listings,
            (change, Some(o)) if o.same_listing(a) => change,
            (change, Some(o)) if o.same_apart_from_claims(a) => {
                let mut touched = match change {
                    Change::Claims(touched) => touched,
                    _ => Vec::new(),
                };
                touched.extend(o.claims_changed(a));
                Change::Claims(touched)
            }
            _ => Change::Listings,
        };
    }
    change
}

/// Parses files in parallel (a parse may take a file's text); records each file's problems
/// under its path.
fn parse_all<F, T>(
    files: &mut [F],
    diags: &mut FileDiagnostics,
    parse: impl Fn(&mut SourceFile) -> (Option<T>, Vec<Diagnostic>) + Sync,
) -> Vec<T>
where
    F: BorrowMut<SourceFile> + Send,
    T: Send,
{
    let results: Vec<(Option<T>, Vec<Diagnostic>)> = files
        .par_iter_mut()
        .map(|f| parse(f.borrow_mut()))
        .collect();
    let mut items = Vec::with_capacity(results.len());
    for (f, (item, d)) in files.iter().zip(results) {
        if !d.is_empty() {
            let file: &SourceFile = f.borrow();
            diags.insert(file.path.clone(), d);
        }
        items.extend(item);
    }
    items
}

fn parse_home(file: &SourceFile, diags: &mut FileDiagnostics) -> Home {
    let mut d = Vec::new();
    let home = load_home(file, &mut d);
    if !d.is_empty() {
        diags.insert(file.path.clone(), d);
    }
    home
}

impl Site {
    /// The site from its parsed parts: points by number, articles by path, drafts apart.
    fn assemble(
        home: Home,
        (mut points, mut people, mut articles): (Vec<Point>, Vec<super::Person>, Vec<Article>),
        include_drafts: bool,
    ) -> Site {
        points.sort_by(|a, b| (a.number, &a.path).cmp(&(b.number, &b.path)));
        people.sort_by(|a, b| a.path.cmp(&b.path));
        articles.sort_by(|a, b| a.path.cmp(&b.path));
        let (articles, drafts) = articles
            .into_iter()
            .partition(|a| include_drafts || !a.draft);
        Site {
            home,
            points,
            people,
            glossary: None,
            articles,
            drafts,
        }
    }
}

/// Parses one point file. A file that fails says which point it describes, when its
/// `number` can be read, so that claims and events on that point are not reported as well.
pub fn parse_point(config: &Config, file: &SourceFile) -> (Option<Point>, Vec<Diagnostic>) {
    let mut d = Vec::new();
    let p = parse_file::<RawPoint, _>(file, point_keys, &mut d, |raw, at, d| {
        Point::from_raw(raw, at, config, d)
    });
    if p.is_none() {
        let number = number_of(&file.text);
        for diag in &mut d {
            diag.about_point = number;
        }
    }
    (p, d)
}

/// The `number` of a point file whose front matter did not validate, when it reads as one.
fn number_of(text: &str) -> Option<u32> {
    #[derive(serde::Deserialize)]
    struct NumberOnly {
        number: Option<u32>,
    }
    let split = front_matter::split(text).ok()?;
    let (only, _) = front_matter::parse_yaml::<NumberOnly>(split.yaml, split.yaml_line).ok()?;
    only.number
}

/// Parses the glossary (`content/glossary.md`).
pub fn parse_glossary(file: &SourceFile) -> (Option<super::Glossary>, Vec<Diagnostic>) {
    let mut d = Vec::new();
    let g = parse_file::<super::RawGlossary, _>(file, glossary_keys, &mut d, |raw, at, d| {
        super::Glossary::from_raw(raw, at, d)
    });
    (g, d)
}

fn glossary_keys(parent: &str) -> &'static [&'static str] {
    match parent {
        "" => super::glossary::KEYS,
        "terms[]" => super::glossary::TERM_KEYS,
        _ => &[],
    }
}

/// Parses one person's file (`content/people/<id>.md`).
pub fn parse_person(
    config: &Config,
    file: &SourceFile,
) -> (Option<super::Person>, Vec<Diagnostic>) {
    let mut d = Vec::new();
    let p = parse_file::<super::RawPerson, _>(file, person_keys, &mut d, |raw, at, d| {
        super::Person::from_raw(raw, at, config, d)
    });
    (p, d)
}

fn person_keys(parent: &str) -> &'static [&'static str] {
    match parent {
        "" => super::person::KEYS,
        "roles[]" => super::person::ROLE_KEYS,
        _ => &[],
    }
}

/// Parses one article file. An article keeps the file's text for its body (the front matter
/// cut off), so the body is not copied; a file that gives no article keeps its text.
pub fn parse_article(config: &Config, file: &mut SourceFile) -> (Option<Article>, Vec<Diagnostic>) {
    parse_article_with(config, &[], file)
}

/// `parse_article`, with the people its claims may name by `by:`.
pub fn parse_article_with(
    config: &Config,
    people: &[super::Person],
    file: &mut SourceFile,
) -> (Option<Article>, Vec<Diagnostic>) {
    let mut d = Vec::new();
    let parsed = parse_file::<RawArticle, _>(file, article::known_keys, &mut d, |raw, at, d| {
        // The body runs to the end of the file.
        debug_assert!(at.text.ends_with(at.body));
        let body_at = at.text.len() - at.body.len();
        Article::from_raw(raw, at, config, people, d).map(|a| (a, body_at))
    });
    let a = parsed.map(|(mut a, body_at)| {
        let mut text = std::mem::take(&mut file.text);
        text.drain(..body_at);
        a.body_markdown = text;
        a
    });
    (a, d)
}

/// Splits, deserialises and builds one file, pushing every problem to `diags`.
fn parse_file<R, T>(
    file: &SourceFile,
    known: fn(&str) -> &'static [&'static str],
    diags: &mut Vec<Diagnostic>,
    build: impl FnOnce(R, &Located<'_>, &mut Vec<Diagnostic>) -> Option<T>,
) -> Option<T>
where
    R: DeserializeOwned,
{
    let split = match front_matter::split(&file.text) {
        Ok(s) => s,
        Err(e) => {
            let line = (e == front_matter::SplitError::Unterminated).then_some(1);
            diags.push(
                Diagnostic::error(&file.path, e.message())
                    .at(line, None)
                    .with_source(&file.text),
            );
            return None;
        }
    };
    let at = Located {
        path: &file.path,
        text: &file.text,
        yaml: split.yaml,
        yaml_line: split.yaml_line,
        body: split.body,
        body_line: split.body_line,
    };
    let (raw, unknown) = match front_matter::parse_yaml::<R>(split.yaml, split.yaml_line) {
        Ok(ok) => ok,
        Err(e) => {
            diags.push(
                Diagnostic::error(&file.path, e.message)
                    .at(e.line, e.column)
                    .field(e.field)
                    .with_source(front_matter::strip_bom(&file.text)),
            );
            return None;
        }
    };
    for key in &unknown {
        diags.push(
            diagnostics::unknown_key(&file.path, key, known(&key.parent))
                .with_source(front_matter::strip_bom(&file.text)),
        );
    }
    build(raw, &at, diags)
}

fn load_home(file: &SourceFile, diags: &mut Vec<Diagnostic>) -> Home {
    parse_file::<RawHome, _>(file, home_keys, diags, |raw, at, _| {
        Some(Home {
            path: Some(at.path.to_path_buf()),
            title: raw
                .title
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty()),
            summary: raw.summary.unwrap_or_default().trim().to_string(),
            body_markdown: at.body.to_string(),
            body_line: at.body_line,
        })
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile {
            path: "content/articles/a.md".into(),
            text: text.to_string(),
        }
    }

    #[test]
    fn an_article_takes_its_files_text_as_its_body() {
        let (config, _) = crate::config::parse("plan:\n  blocks:\n    - {id: 1, title: One}\n");
        let mut f = file("\u{feff}---\r\ntitle: A\r\ndate: 2025-11-20\r\n---\r\nBody *one*.\r\n");
        let (article, diags) = parse_article(&config, &mut f);
        assert!(diags.is_empty(), "{diags:?}");
        let article = article.expect("an article");
        assert_eq!(article.body_markdown, "Body *one*.\r\n");
        assert_eq!(article.body_line, 5);
        assert!(f.text.is_empty(), "the text moved into the article");
        // A file that gives no article keeps its text, for its diagnostics.
        let mut bad = file("---\ntitle: A\n---\nNo date.\n");
        let (article, diags) = parse_article(&config, &mut bad);
        assert!(article.is_none());
        assert!(
            diags.iter().any(|d| d.to_string().contains("date")),
            "{diags:?}"
        );
        assert_eq!(bad.text, "---\ntitle: A\n---\nNo date.\n");
        // An empty body.
        let mut empty = file("---\ntitle: B\ndate: 2025-11-21\n---\n");
        let (article, _) = parse_article(&config, &mut empty);
        assert_eq!(article.expect("an article").body_markdown, "");
    }
}
