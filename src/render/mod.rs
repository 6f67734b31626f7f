//! Page rendering: the Tera set-up (site templates over the embedded theme, compiled once) and
//! one typed context per page kind, rendered in parallel into a `Sink`. Never touches the disk.

mod asof;
mod context;
mod pages;
mod parts;
mod people;
mod print;
mod sources;
mod versions;

use asof::SnapshotRows;
pub use asof::{ChangeView, ChartView, DateLink};
pub use context::*;
pub use versions::AcrossRow;

use crate::diagnostics::Error;
use crate::i18n::Strings;
use crate::links;
use crate::markdown::Bodies;
use crate::options::Options;
use crate::output::Sink;
use crate::theme;
use crate::views::Views;
use pages::{article, chrome, home, list_page, point, points, tags, timeline};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use tera::Tera;

/// Articles listed per page on the article and tag lists.
pub const ARTICLES_PER_PAGE: usize = 50;
/// Timeline entries per timeline page; a long timeline is split into pages, oldest first.
pub const TIMELINE_PER_PAGE: usize = 400;
/// Entries on the home page's "latest" lists.
pub(crate) const LATEST: usize = 8;

/// Compiles the templates once: the site's own `templates/**` first, then every embedded
/// template the site lacks. Embedded templates are also reachable as `theme/<name>` so a
/// site template can extend the one it replaces. Every template sees the site's words as
/// `t` (`{{ t.nav_points }}`) and can fill or pluralise them with `tr`
/// (`{{ tr(k="point_title", n=19, title=p.title) }}`).
pub fn engine(site_templates: &[(String, String)], strings: &Strings) -> Result<Tera, Error> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.global_context().insert("t", &strings.plain());
    let words = strings.clone();
    tera.register_function("tr", move |kwargs: tera::Kwargs, _: &tera::State| {
        translate(&words, &kwargs)
    });
    let mut all: Vec<(String, &str)> = Vec::new();
    for (name, text) in theme::TEMPLATES {
        all.push((format!("theme/{name}"), text));
        if !site_templates.iter().any(|(n, _)| n == name) {
            all.push((name.to_string(), text));
        }
    }
    for (name, text) in site_templates {
        all.push((name.clone(), text.as_str()));
    }
    tera.add_raw_templates(all)
        .map_err(|e| Error::template("templates/", e))?;
    Ok(tera)
}

/// `tr(k=KEY, n=NUMBER, name=VALUE…)`: the text of KEY, in its plural form for `n` when it
/// has forms, with every `{name}` filled in.
fn translate(strings: &Strings, kwargs: &tera::Kwargs) -> tera::TeraResult<String> {
    let key: &str = kwargs.must_get("k")?;
    let args: Vec<(String, String)> = kwargs
        .iter()
        .filter_map(|(k, v)| {
            let name = k.as_str()?;
            (name != "k").then(|| (name.to_string(), v.to_string()))
        })
        .collect();
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    Ok(match kwargs.get::<u64>("n")? {
        Some(n) => strings.plural(key, n, &args),
        None => strings.format(key, &args),
    })
}

/// What pages are rendered from: the views, the rendered bodies, the run's options and the
/// snapshot dates in words.
pub struct Input<'a> {
    pub views: &'a Views<'a>,
    pub bodies: &'a Bodies,
    pub options: &'a Options,
    pub labels: &'a DateLabels,
    /// The run's language editions, and which one is rendered.
    pub editions: &'a crate::edition::Editions,
}

/// Dates in words, each written once per run. Every run has the snapshots' dates: a snapshot
/// page shows a hundred dates or so, nearly all of them the dates of snapshots (every claim's
/// date is one). A run that renders every page also has every article's and timeline entry's
/// date, since each article's date is shown on every list that has its card.
pub struct DateLabels(Vec<(crate::model::Date, String)>);

impl DateLabels {
    pub fn new(views: &Views<'_>, every: bool) -> DateLabels {
        use rayon::prelude::*;
        let strings = &views.config.strings;
        let mut dates: Vec<crate::model::Date> = views.snapshots.iter().map(|s| s.date).collect();
        if every {
            dates.extend(views.newest.iter().map(|a| a.date));
            dates.extend(views.timeline.iter().map(|e| e.date));
        }
        dates.sort_unstable();
        dates.dedup();
        DateLabels(
            dates
                .into_par_iter()
                .map(|d| (d, strings.date(d)))
                .collect(),
        )
    }

    /// A date in words, from the table when the run wrote it there.
    pub fn of(&self, strings: &Strings, date: crate::model::Date) -> String {
        match self.0.binary_search_by_key(&date, |(d, _)| *d) {
            Ok(i) => self.0[i].1.clone(),
            Err(_) => strings.date(date),
        }
    }
}

impl<'a> std::ops::Deref for Input<'a> {
    type Target = Views<'a>;

    fn deref(&self) -> &Views<'a> {
        self.views
    }
}

/// Relative URLs from one page, and the words its labels are written in.
pub struct Urls<'p> {
    pub from: &'p str,
    pub portable: bool,
    pub strings: &'p Strings,
    pub labels: &'p DateLabels,
    /// The source file whose text the page shows, if any (for the fallback notice).
    pub source: Option<&'p std::path::Path>,
    pub editions: &'p crate::edition::Editions,
}

impl Urls<'_> {
    /// A page or file of the same edition.
    pub fn to(&self, target: &str) -> String {
        links::relative(self.from, target, self.portable)
    }

    /// A file every edition shares (the static files, the JSON and CSV data), at the root.
    pub fn shared(&self, target: &str) -> String {
        let at = self.editions.prefix(self.editions.current);
        if at.is_empty() {
            return self.to(target);
        }
        links::relative(&format!("{at}{}", self.from), target, self.portable)
    }

    /// This page in each edition: (code, name, relative URL, `hreflang` URL, current).
    pub fn editions(&self) -> Vec<EditionLink> {
        let e = self.editions;
        if e.codes.len() < 2 {
            return Vec::new();
        }
        let here = format!("{}{}", e.prefix(e.current), self.from);
        (0..e.codes.len())
            .map(|i| {
                let there = format!("{}{}", e.prefix(i), self.from);
                let url = if i == e.current {
                    self.to(self.from)
                } else {
                    links::relative(&here, &there, self.portable)
                };
                EditionLink {
                    code: e.codes[i].clone(),
                    name: e.names[i].clone(),
                    url: url.clone(),
                    href: match &e.base_url {
                        Some(base) => format!("{base}{there}"),
                        None => url,
                    },
                    current: i == e.current,
                }
            })
            .collect()
    }

    /// A date in words ("6 December 2025").
    pub fn date(&self, date: crate::model::Date) -> String {
        self.labels.of(self.strings, date)
    }
}

/// One page to render. Items are 0-based indexes into the site's lists; pages of a
/// paginated list are 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Home,
    Points,
    /// The point at this index of `site.points`.
    Point(usize),
    /// This page of the timeline.
    Timeline(usize),
    /// The article at this index of `site.articles`.
    Article(usize),
    /// This page of the list of articles.
    Articles(usize),
    Tags,
    /// The tag at this index of the tag map, and the page of its list.
    Tag(usize, usize),
    NotFound,
    /// The list of the plan's versions.
    Versions,
    /// The version at this index of the declared versions.
    Version(usize),
    /// The comparison at this index of the views' comparisons.
    Compare(usize),
    /// The retired comparison at this index of the views' retired pairs: a page pointing to
    /// the comparisons that replace it.
    Retired(usize),
    /// The table as of the snapshot at this index.
    AsOf(usize),
    /// The search page.
    Search,
    /// Who's who.
    People,
    /// The person at this index of `site.people`.
    Person(usize),
    /// The print edition.
    Print,
    /// Every source cited, by outlet.
    Sources,
    /// The glossary.
    Glossary,
}

/// What each page of an earlier run was made from, by output file: a fingerprint of the
/// values its template read. A page made from the same values by the same templates is the
/// same page, so a run given the memo renders only pages whose values changed (`serve`).
#[derive(Debug, Default)]
pub struct Memo {
    prints: std::sync::Mutex<HashMap<String, u128>>,
}

impl Memo {
    /// Forgets every page (after new templates or a failed run).
    pub fn clear(&mut self) {
        if let Ok(prints) = self.prints.get_mut() {
            prints.clear();
        }
    }

    /// Keeps the pages whose output file `keep` accepts (a page that went away and comes
    /// back is rendered again).
    pub fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        if let Ok(prints) = self.prints.get_mut() {
            prints.retain(|file, _| keep(file));
        }
    }
}

/// Renders the given pages into `sink`, in parallel, skipping those `memo` says are made from
/// the same values as before. Returns the number of pages written.
pub fn render_jobs(
    tera: &Tera,
    cx: &Input<'_>,
    jobs: &[Job],
    sink: &dyn Sink,
    memo: Option<&Memo>,
) -> Result<usize, Error> {
    let written = std::sync::atomic::AtomicUsize::new(0);
    let rows = SnapshotRows::new(memo.is_some());
    let r = Renderer {
        editions: cx.editions,
        tera,
        portable: cx.options.portable,
        strings: &cx.config.strings,
        labels: cx.labels,
        memo,
        rows: &rows,
    };
    // Each worker renders into a buffer of its own, kept from page to page: a page's HTML
    // is written from it and never copied into a string of its own.
    jobs.par_iter().try_for_each_init(Vec::new, |html, job| {
        let Some((file, template, context)) = page(&r, cx, *job)? else {
            return Ok(());
        };
        html.clear();
        tera.render_to(template, &context, &mut *html)
            .map_err(|e| Error::template(template, e))?;
        written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        sink.put(&file, html).map_err(|e| match e {
            Error::PathEscape { path } => Error::PathEscape {
                path: format!("{path} (page for template {template})"),
            },
            other => other,
        })
    })?;
    Ok(written.into_inner())
}

pub(crate) fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

/// Every page of the site.
pub fn jobs(cx: &Input<'_>) -> Vec<Job> {
    let mut jobs = vec![
        Job::Home,
        Job::Points,
        Job::Tags,
        Job::NotFound,
        Job::Search,
        Job::Print,
        Job::Sources,
    ];
    jobs.extend((0..cx.site.points.len()).map(Job::Point));
    jobs.extend((0..cx.site.articles.len()).map(Job::Article));
    jobs.extend((1..=page_count(cx.timeline.len(), TIMELINE_PER_PAGE)).map(Job::Timeline));
    jobs.extend((1..=page_count(cx.newest.len(), ARTICLES_PER_PAGE)).map(Job::Articles));
    for (i, (_, (_, list))) in cx.tags.iter().enumerate() {
        jobs.extend((1..=page_count(list.len(), ARTICLES_PER_PAGE)).map(|n| Job::Tag(i, n)));
    }
    jobs.extend((0..cx.snapshots.len()).map(Job::AsOf));
    if cx.site.glossary.is_some() {
        jobs.push(Job::Glossary);
    }
    if !cx.site.people.is_empty() {
        jobs.push(Job::People);
        jobs.extend((0..cx.site.people.len()).map(Job::Person));
    }
    if !cx.versions.is_empty() {
        jobs.push(Job::Versions);
        jobs.extend((0..cx.versions.len()).map(Job::Version));
        jobs.extend((0..cx.comparisons.len()).map(Job::Compare));
        jobs.extend((0..cx.retired.len()).map(Job::Retired));
    }
    jobs
}

/// The site-root-relative URL of a page.
fn url_of(cx: &Input<'_>, job: Job) -> String {
    match job {
        Job::Home => links::HOME.to_string(),
        Job::Points => links::POINTS.to_string(),
        Job::Point(i) => links::point(cx.site.points[i].number),
        Job::Timeline(n) => links::page_of(links::TIMELINE, n),
        Job::Article(i) => links::article(&cx.site.articles[i].slug),
        Job::Articles(n) => links::page_of(links::ARTICLES, n),
        Job::Tags => links::TAGS.to_string(),
        Job::Tag(i, n) => {
            let slug = cx.tags.keys().nth(i).expect("tag jobs index the tag map");
            links::page_of(&links::tag(slug), n)
        }
        Job::NotFound => links::NOT_FOUND.to_string(),
        Job::Versions => links::VERSIONS.to_string(),
        Job::Version(i) => links::version(&cx.versions[i].version.id),
        Job::Compare(i) => {
            let (_, c) = &cx.comparisons[i];
            links::compare(&c.from.id, &c.to.id)
        }
        Job::Retired(i) => {
            let (a, b) = cx.retired[i];
            let v = &cx.config.plan.versions;
            links::compare(&v[a].id, &v[b].id)
        }
        Job::AsOf(i) => links::as_of(&cx.snapshots[i].date.iso()),
        Job::Search => links::SEARCH.to_string(),
        Job::People => links::PEOPLE.to_string(),
        Job::Person(i) => links::person(&cx.site.people[i].id),
        Job::Print => links::PRINT.to_string(),
        Job::Sources => links::SOURCES.to_string(),
        Job::Glossary => links::GLOSSARY.to_string(),
    }
}

/// The content file whose text a page shows, if any.
fn source_of<'a>(cx: &Input<'a>, job: Job) -> Option<&'a std::path::Path> {
    match job {
        Job::Home => cx.site.home.path.as_deref(),
        Job::Point(i) => Some(&cx.site.points[i].path),
        Job::Article(i) => Some(&cx.site.articles[i].path),
        Job::Person(i) => Some(&cx.site.people[i].path),
        Job::Glossary => cx.site.glossary.as_ref().map(|g| g.path.as_path()),
        _ => None,
    }
}

/// The output file a page is written to.
pub fn file_of(cx: &Input<'_>, job: Job) -> String {
    links::file_of(&url_of(cx, job))
}

/// One page ready to render: its output file, its template and its values; `None` when `memo`
/// says it is made from the same values as before.
fn page(r: &Renderer<'_>, cx: &Input<'_>, job: Job) -> Result<Prepared, Error> {
    let url = url_of(cx, job);
    let source = source_of(cx, job);
    match job {
        Job::Home => r.prepare("index.html", url, source, |u| home(cx, u)),
        Job::Points => r.prepare("points.html", url, source, |u| points(cx, u)),
        Job::Point(i) => r.prepare_with("point.html", url, source, |u| {
            let body = r.body(cx.bodies.html(&cx.statuses[i].point.path));
            Ok((point(cx, u, i), vec![body]))
        }),
        Job::Timeline(n) => r.prepare("timeline.html", url, source, |u| timeline(cx, u, n)),
        Job::Article(i) => r.prepare_with("article.html", url, source, |u| {
            let body = r.body(cx.bodies.html(&cx.site.articles[i].path));
            Ok((article(cx, u, i), vec![body]))
        }),
        Job::Articles(n) => r.prepare("articles.html", url, source, |u| {
            let chrome = chrome(cx, u, u.strings.get("nav_articles"), "articles");
            let heading = u.strings.get("all_articles").to_string();
            list_page(chrome, heading, &cx.newest, links::ARTICLES, n, u)
        }),
        Job::Tags => r.prepare("tags.html", url, source, |u| tags(cx, u)),
        Job::Tag(i, n) => {
            let (slug, (name, list)) = cx.tags.iter().nth(i).expect("tag jobs index the tag map");
            let first = links::tag(slug);
            r.prepare("articles.html", url, source, |u| {
                let title = u.strings.format("tag_title", &[("name", name)]);
                let chrome = chrome(cx, u, &title, "articles");
                let heading = u.strings.format("articles_tagged", &[("name", name)]);
                list_page(chrome, heading, list, &first, n, u)
            })
        }
        Job::NotFound => r.prepare("404.html", url, source, |u| {
            let mut chrome = chrome(cx, u, u.strings.get("not_found"), "");
            chrome.base_href = cx.base_url.map(str::to_string);
            chrome.canonical_url = None;
            NotFoundPage { chrome }
        }),
        Job::Versions => r.prepare("versions.html", url, source, |u| {
            versions::versions_page(cx, u)
        }),
        Job::Version(i) => r.prepare("version.html", url, source, |u| {
            versions::version_page(cx, u, i)
        }),
        Job::Compare(i) => r.prepare("compare.html", url, source, |u| {
            versions::compare_page(cx, u, i)
        }),
        Job::People => r.prepare("people.html", url, source, |u| people::people_page(cx, u)),
        Job::Print => r.prepare("print.html", url, source, |u| print::print_page(cx, u)),
        Job::Sources => r.prepare("sources.html", url, source, |u| {
            sources::sources_page(cx, u)
        }),
        Job::Glossary => r.prepare_with("glossary.html", url, source, |u| {
            let path = cx.site.glossary.as_ref().map(|g| g.path.as_path());
            let body = r.body(path.map_or("", |p| cx.bodies.html(p)));
            Ok((pages::glossary(cx, u), vec![body]))
        }),
        Job::Person(i) => r.prepare_with("person.html", url, source, |u| {
            let body = r.body(cx.bodies.html(&cx.site.people[i].path));
            Ok((people::person_page(cx, u, i), vec![body]))
        }),
        Job::Retired(i) => r.prepare("compare-retired.html", url, source, |u| {
            versions::retired_page(cx, u, i)
        }),
        Job::AsOf(i) => r.prepare_with("as-of.html", url, source, |u| {
            let rows = r.rows.of(r.tera, cx, u, i)?;
            Ok((asof::as_of_page(cx, u, i), vec![rows]))
        }),
        Job::Search => r.prepare("search.html", url, source, |u| SearchPage {
            chrome: chrome(cx, u, u.strings.get("search"), "search"),
        }),
    }
}

/// A page ready to render (its output file, its template, its values), or none when it is
/// left as it was.
type Prepared = Option<(String, &'static str, tera::Context)>;

struct Renderer<'t> {
    editions: &'t crate::edition::Editions,
    tera: &'t Tera,
    portable: bool,
    strings: &'t Strings,
    labels: &'t DateLabels,
    memo: Option<&'t Memo>,
    rows: &'t SnapshotRows,
}

impl Renderer<'_> {
    /// The page at `url` made of the values `build` gives, ready to render with `template`.
    fn prepare<T: Serialize>(
        &self,
        template: &'static str,
        url: String,
        source: Option<&std::path::Path>,
        build: impl FnOnce(&Urls<'_>) -> T,
    ) -> Result<Prepared, Error> {
        self.prepare_with(template, url, source, |u| Ok((build(u), Vec::new())))
    }

    /// A page's rendered body as `body_html`, a value marked safe (so that it is copied once,
    /// not serialised and then copied again by a `safe` filter), and fingerprinted by its
    /// HTML when pages are remembered.
    fn body(&self, html: &str) -> Shared {
        Shared {
            name: "body_html",
            value: tera::Value::safe_string(html),
            print: self
                .memo
                .map_or(0, |_| xxhash_rust::xxh3::xxh3_128(html.as_bytes())),
        }
    }

    /// `prepare`, with values made beforehand (shared between pages) beside the page's own.
    fn prepare_with<T: Serialize>(
        &self,
        template: &'static str,
        url: String,
        source: Option<&std::path::Path>,
        build: impl FnOnce(&Urls<'_>) -> Result<(T, Vec<Shared>), Error>,
    ) -> Result<Prepared, Error> {
        let urls = Urls {
            from: &url,
            portable: self.portable,
            strings: self.strings,
            labels: self.labels,
            source,
            editions: self.editions,
        };
        let (page, values) = build(&urls)?;
        let file = links::file_of(&url);
        if let Some(memo) = self.memo {
            let print = fingerprint(template, &page, &values)?;
            let mut prints = memo
                .prints
                .lock()
                .map_err(|_| Error::Internal("a page renderer panicked".into()))?;
            if prints.get(&file) == Some(&print) {
                return Ok(None);
            }
            prints.insert(file.clone(), print);
        }
        let mut context =
            tera::Context::from_serialize(&page).map_err(|e| Error::template(template, e))?;
        for shared in values {
            context.insert_value(shared.name, shared.value);
        }
        Ok(Some((file, template, context)))
    }
}

/// Template values that pages share, made once: their name in the context, and a
/// fingerprint of them that stands for them in the page's.
struct Shared {
    name: &'static str,
    value: tera::Value,
    print: u128,
}

/// A fingerprint of a page's template and values: their JSON, hashed as it is written.
fn fingerprint<T: Serialize>(template: &str, page: &T, shared: &[Shared]) -> Result<u128, Error> {
    let mut hasher = Fingerprint(xxhash_rust::xxh3::Xxh3::new());
    hasher.0.update(template.as_bytes());
    let serialise_error = |e: serde_json::Error| Error::Serialise {
        name: template.to_string(),
        message: e.to_string(),
    };
    serde_json::to_writer(&mut hasher, page).map_err(serialise_error)?;
    for value in shared {
        hasher.0.update(value.name.as_bytes());
        hasher.0.update(&value.print.to_le_bytes());
    }
    Ok(hasher.0.digest128())
}

struct Fingerprint(xxhash_rust::xxh3::Xxh3);

impl std::io::Write for Fingerprint {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
