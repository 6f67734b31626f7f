//! Page rendering: the Tera set-up (site templates over the embedded theme, compiled once) and
//! one typed context per page kind, rendered in parallel into a `Sink`. Never touches the disk.

mod context;
mod pages;
mod parts;

pub use context::*;
pub use parts::ranges;

use crate::config::Config;
use crate::diagnostics::Error;
use crate::links;
use crate::model::{Article, Site};
use crate::options::Options;
use crate::output::Sink;
use crate::theme;
use crate::views::{self, Entry, PointStatus};
use pages::{article, chrome, home, list_page, point, points, tags, timeline};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use tera::Tera;

/// Articles listed per page on the article and tag lists.
pub const ARTICLES_PER_PAGE: usize = 50;
/// Timeline entries per timeline page; a long timeline is split into pages, oldest first.
pub const TIMELINE_PER_PAGE: usize = 400;
/// Entries on the home page's "latest" lists.
pub(crate) const LATEST: usize = 8;

/// Compiles the templates once: the site's own `templates/**` first, then every embedded
/// template the site lacks. Embedded templates are also reachable as `theme/<name>` so a
/// site template can extend the one it replaces.
pub fn engine(site_templates: &[(String, String)]) -> Result<Tera, Error> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
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
        .map_err(|source| Error::Template {
            name: "templates/".to_string(),
            source,
        })?;
    Ok(tera)
}

/// Everything a page may need, computed once per build and shared by reference.
pub struct Shared<'a> {
    pub site: &'a Site,
    pub config: &'a Config,
    pub options: &'a Options,
    pub base_url: Option<&'a str>,
    pub statuses: Vec<PointStatus<'a>>,
    pub timeline: Vec<Entry<'a>>,
    /// Published articles, newest first (ties: path).
    pub newest: Vec<&'a Article>,
    /// Tag slug → (name, articles newest first).
    pub tags: BTreeMap<&'a str, (&'a str, Vec<&'a Article>)>,
}

impl<'a> Shared<'a> {
    pub fn new(site: &'a Site, config: &'a Config, options: &'a Options) -> Self {
        let statuses = views::point_statuses(site, config);
        let timeline = views::timeline(site);
        let mut newest: Vec<&Article> = site.articles.iter().collect();
        newest.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.path.cmp(&b.path)));
        let mut tags: BTreeMap<&str, (&str, Vec<&Article>)> = BTreeMap::new();
        for a in &newest {
            for t in &a.tags {
                tags.entry(t.slug.as_str())
                    .or_insert((t.name.as_str(), Vec::new()))
                    .1
                    .push(a);
            }
        }
        let base_url = options.base_url.as_deref().or(config.base_url.as_deref());
        Shared {
            site,
            config,
            options,
            base_url,
            statuses,
            timeline,
            newest,
            tags,
        }
    }
}

/// Relative URLs from one page.
pub struct Urls<'p> {
    pub from: &'p str,
    pub portable: bool,
}

impl Urls<'_> {
    pub fn to(&self, target: &str) -> String {
        links::relative(self.from, target, self.portable)
    }
}

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Home,
    Points,
    Point(usize),
    Timeline(usize),
    Article(usize),
    Articles(usize),
    Tags,
    Tag(usize, usize),
    NotFound,
}

/// Renders every page into `sink`, in parallel. Returns the number of pages.
pub fn pages(tera: &Tera, cx: &Shared<'_>, sink: &dyn Sink) -> Result<usize, Error> {
    render_jobs(tera, cx, &jobs(cx), sink)
}

/// Renders the given pages into `sink`, in parallel. Returns the number of pages.
pub fn render_jobs(
    tera: &Tera,
    cx: &Shared<'_>,
    jobs: &[Job],
    sink: &dyn Sink,
) -> Result<usize, Error> {
    jobs.par_iter().try_for_each(|job| {
        let (url, template, html) = page(tera, cx, *job)?;
        sink.put(&links::file_of(&url), html.as_bytes())
            .map_err(|e| match e {
                Error::Usage(m) => Error::Usage(format!("{m} (page for template {template})")),
                other => other,
            })
    })?;
    Ok(jobs.len())
}

pub(crate) fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

/// Every page of the site.
pub fn jobs(cx: &Shared<'_>) -> Vec<Job> {
    let mut jobs = vec![Job::Home, Job::Points, Job::Tags, Job::NotFound];
    jobs.extend((0..cx.site.points.len()).map(Job::Point));
    jobs.extend((0..cx.site.articles.len()).map(Job::Article));
    jobs.extend((1..=page_count(cx.timeline.len(), TIMELINE_PER_PAGE)).map(Job::Timeline));
    jobs.extend((1..=page_count(cx.newest.len(), ARTICLES_PER_PAGE)).map(Job::Articles));
    for (i, (_, (_, list))) in cx.tags.iter().enumerate() {
        jobs.extend((1..=page_count(list.len(), ARTICLES_PER_PAGE)).map(|n| Job::Tag(i, n)));
    }
    jobs
}

/// Renders one page: (its URL, its template, its HTML).
fn page(tera: &Tera, cx: &Shared<'_>, job: Job) -> Result<(String, &'static str, String), Error> {
    let r = Renderer {
        tera,
        portable: cx.options.portable,
    };
    match job {
        Job::Home => r.render("index.html", links::HOME.to_string(), |u| home(cx, u)),
        Job::Points => r.render("points.html", links::POINTS.to_string(), |u| points(cx, u)),
        Job::Point(i) => {
            let url = links::point(cx.site.points[i].number);
            r.render("point.html", url, |u| point(cx, u, i))
        }
        Job::Timeline(n) => {
            let url = links::page_of(links::TIMELINE, n);
            r.render("timeline.html", url, |u| timeline(cx, u, n))
        }
        Job::Article(i) => {
            let url = links::article(&cx.site.articles[i].slug);
            r.render("article.html", url, |u| article(cx, u, i))
        }
        Job::Articles(n) => {
            let url = links::page_of(links::ARTICLES, n);
            r.render("articles.html", url, |u| {
                let chrome = chrome(cx, u, "Articles", "articles");
                list_page(
                    chrome,
                    "All articles".to_string(),
                    &cx.newest,
                    links::ARTICLES,
                    n,
                    u,
                )
            })
        }
        Job::Tags => r.render("tags.html", links::TAGS.to_string(), |u| tags(cx, u)),
        Job::Tag(i, n) => {
            let (slug, (name, list)) = cx.tags.iter().nth(i).expect("tag jobs index the tag map");
            let first = links::tag(slug);
            r.render("articles.html", links::page_of(&first, n), |u| {
                let chrome = chrome(cx, u, &format!("Tag: {name}"), "articles");
                list_page(
                    chrome,
                    format!("Articles tagged “{name}”"),
                    list,
                    &first,
                    n,
                    u,
                )
            })
        }
        Job::NotFound => r.render("404.html", links::NOT_FOUND.to_string(), |u| {
            let mut chrome = chrome(cx, u, "Page not found", "");
            chrome.base_href = cx.base_url.map(str::to_string);
            chrome.canonical_url = None;
            NotFoundPage { chrome }
        }),
    }
}

struct Renderer<'t> {
    tera: &'t Tera,
    portable: bool,
}

impl Renderer<'_> {
    fn render<T: Serialize>(
        &self,
        template: &'static str,
        url: String,
        build: impl FnOnce(&Urls<'_>) -> T,
    ) -> Result<(String, &'static str, String), Error> {
        let urls = Urls {
            from: &url,
            portable: self.portable,
        };
        let page = build(&urls);
        let template_error = |source| Error::Template {
            name: template.to_string(),
            source,
        };
        let context = tera::Context::from_serialize(&page).map_err(template_error)?;
        let html = self
            .tera
            .render(template, &context)
            .map_err(template_error)?;
        Ok((url, template, html))
    }
}
