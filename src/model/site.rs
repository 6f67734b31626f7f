//! Loading: every source file is split, deserialised and validated (in parallel), then the
//! cross-file checks run (unique point numbers and slugs, claims and events naming real points).

use super::article::{self, RawArticle};
use super::point::{self, RawPoint};
use super::{Article, Located, Point};
use crate::config::Config;
use crate::diagnostics::{self, Diagnostic};
use crate::front_matter;
use rayon::prelude::*;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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
    pub html: String,
}

/// The whole validated briefing. Points are ordered by number, articles by path.
#[derive(Debug, Clone, Default)]
pub struct Site {
    pub home: Home,
    pub points: Vec<Point>,
    /// Published articles (and drafts when drafts are included), in path order.
    pub articles: Vec<Article>,
    /// Draft articles left out of this build, in path order.
    pub drafts: Vec<Article>,
}

#[derive(Debug, Deserialize)]
struct RawHome {
    title: Option<String>,
    summary: Option<String>,
}

fn home_keys(parent: &str) -> &'static [&'static str] {
    match parent {
        "" => &["title", "summary"],
        _ => &[],
    }
}

fn point_keys(parent: &str) -> &'static [&'static str] {
    match parent {
        "" => point::KEYS,
        _ => &[],
    }
}

/// Parses and validates every file (in parallel). Returns the site and the problems found in
/// single files; the checks across files are `cross_check`'s.
pub fn load(
    config: &Config,
    home: Option<SourceFile>,
    points: Vec<SourceFile>,
    articles: Vec<SourceFile>,
    include_drafts: bool,
) -> (Site, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let home = home.map(|f| load_home(f, &mut diags)).unwrap_or_default();
    let (points, point_diags): (Vec<_>, Vec<_>) = points
        .into_par_iter()
        .map(|f| parse_point(config, &f))
        .unzip();
    let (articles, article_diags): (Vec<_>, Vec<_>) = articles
        .into_par_iter()
        .map(|f| parse_article(config, &f))
        .unzip();
    diags.extend(point_diags.into_iter().flatten());
    diags.extend(article_diags.into_iter().flatten());

    let mut points: Vec<Point> = points.into_iter().flatten().collect();
    points.sort_by(|a, b| (a.number, &a.path).cmp(&(b.number, &b.path)));
    let mut articles: Vec<Article> = articles.into_iter().flatten().collect();
    articles.sort_by(|a, b| a.path.cmp(&b.path));
    let (articles, drafts) = articles
        .into_iter()
        .partition(|a| include_drafts || !a.draft);
    let site = Site {
        home,
        points,
        articles,
        drafts,
    };
    (site, diags)
}

/// Parses one point file.
pub fn parse_point(config: &Config, file: &SourceFile) -> (Option<Point>, Vec<Diagnostic>) {
    let mut d = Vec::new();
    let p = parse_file::<RawPoint, _>(file, point_keys, &mut d, |raw, at, d| {
        Point::from_raw(raw, at, config, d)
    });
    (p, d)
}

/// Parses one article file.
pub fn parse_article(config: &Config, file: &SourceFile) -> (Option<Article>, Vec<Diagnostic>) {
    let mut d = Vec::new();
    let a = parse_file::<RawArticle, _>(file, article::known_keys, &mut d, |raw, at, d| {
        Article::from_raw(raw, at, config, d)
    });
    (a, d)
}

impl Site {
    /// Adds (or replaces, by path) an article, keeping both lists in path order.
    pub fn insert_article(&mut self, article: Article, include_drafts: bool) {
        self.remove_article(&article.path);
        let list = if include_drafts || !article.draft {
            &mut self.articles
        } else {
            &mut self.drafts
        };
        let at = list.partition_point(|a| a.path < article.path);
        list.insert(at, article);
    }

    /// Removes the article at `path`, published or draft; returns it.
    pub fn remove_article(&mut self, path: &Path) -> Option<Article> {
        for list in [&mut self.articles, &mut self.drafts] {
            if let Some(i) = list.iter().position(|a| a.path == path) {
                return Some(list.remove(i));
            }
        }
        None
    }

    pub fn article(&self, path: &Path) -> Option<&Article> {
        self.articles
            .iter()
            .chain(&self.drafts)
            .find(|a| a.path == path)
    }
}

/// The checks across files: unique point numbers (later duplicates are dropped), unique
/// slugs, and claims and events that name existing points.
pub fn cross_check(site: &mut Site) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    check_unique_numbers(&mut site.points, &mut diags);
    let mut all: Vec<&Article> = site.articles.iter().chain(&site.drafts).collect();
    all.sort_by(|a, b| a.path.cmp(&b.path));
    check_unique_slugs(&all, &mut diags);
    let numbers: BTreeSet<u32> = site.points.iter().map(|p| p.number).collect();
    for a in all {
        check_point_refs(a, &numbers, &mut diags);
    }
    diags
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
    T: WithBody,
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
    let mut item = build(raw, &at, diags)?;
    item.set_body(split.body.to_string(), split.body_line);
    Some(item)
}

/// Content that carries a Markdown body.
trait WithBody {
    fn set_body(&mut self, body: String, line: usize);
}

impl WithBody for Point {
    fn set_body(&mut self, body: String, line: usize) {
        self.body_markdown = body;
        self.body_line = line;
    }
}

impl WithBody for Article {
    fn set_body(&mut self, body: String, line: usize) {
        self.body_markdown = body;
        self.body_line = line;
    }
}

impl WithBody for Home {
    fn set_body(&mut self, body: String, line: usize) {
        self.body_markdown = body;
        self.body_line = line;
    }
}

fn load_home(file: SourceFile, diags: &mut Vec<Diagnostic>) -> Home {
    parse_file::<RawHome, _>(&file, home_keys, diags, |raw, at, _| {
        Some(Home {
            path: Some(at.path.to_path_buf()),
            title: raw
                .title
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty()),
            summary: raw.summary.unwrap_or_default().trim().to_string(),
            ..Home::default()
        })
    })
    .unwrap_or_default()
}

fn check_unique_numbers(points: &mut Vec<Point>, diags: &mut Vec<Diagnostic>) {
    let mut first: BTreeMap<u32, PathBuf> = BTreeMap::new();
    points.retain(|p| match first.get(&p.number) {
        Some(earlier) => {
            diags.push(
                Diagnostic::error(
                    &p.path,
                    format!(
                        "duplicate point number {}; {} already has it",
                        p.number,
                        diagnostics::display_path(earlier)
                    ),
                )
                .at(p.number_line, None)
                .field("number"),
            );
            false
        }
        None => {
            first.insert(p.number, p.path.clone());
            true
        }
    });
}

fn check_unique_slugs(articles: &[&Article], diags: &mut Vec<Diagnostic>) {
    let mut first: BTreeMap<&str, &Path> = BTreeMap::new();
    for a in articles {
        if let Some(earlier) = first.get(a.slug.as_str()) {
            diags.push(
                Diagnostic::error(
                    &a.path,
                    format!(
                        "duplicate slug \"{}\"; {} already has it (set a different `slug:`)",
                        a.slug,
                        diagnostics::display_path(earlier)
                    ),
                )
                .at(a.slug_line, None)
                .field("slug"),
            );
        } else {
            first.insert(&a.slug, &a.path);
        }
    }
}

fn check_point_refs(a: &Article, numbers: &BTreeSet<u32>, diags: &mut Vec<Diagnostic>) {
    let known = || {
        if numbers.is_empty() {
            "there are no points in content/points/".to_string()
        } else {
            let (lo, hi) = (numbers.first(), numbers.last());
            format!(
                "expected a point number from content/points/ ({}–{})",
                lo.copied().unwrap_or(0),
                hi.copied().unwrap_or(0)
            )
        }
    };
    for (i, e) in a.events.iter().enumerate() {
        for n in e.points.iter().filter(|n| !numbers.contains(n)) {
            diags.push(
                Diagnostic::error(&a.path, format!("unknown point {n}; {}", known()))
                    .at(e.line, None)
                    .field(format!("events[{i}].points")),
            );
        }
    }
    for (i, c) in a.claims.iter().enumerate() {
        for n in c.points.iter().filter(|n| !numbers.contains(n)) {
            diags.push(
                Diagnostic::error(&a.path, format!("unknown point {n}; {}", known()))
                    .at(c.line, None)
                    .field(format!("points[{i}].point")),
            );
        }
    }
}
