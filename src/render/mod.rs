//! Page rendering: the Tera set-up (site templates over the embedded theme, compiled once) and
//! one typed context per page kind, rendered in parallel into a `Sink`. Never touches the disk.

mod context;

pub use context::*;

use crate::config::Config;
use crate::diagnostics::Error;
use crate::links;
use crate::model::{Article, Site};
use crate::options::Options;
use crate::output::Sink;
use crate::theme;
use crate::views::{self, Entry, PointStatus};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use tera::Tera;

/// Articles listed per page on the article and tag lists.
pub const ARTICLES_PER_PAGE: usize = 50;
/// Timeline entries per timeline page; a long timeline is split into pages, oldest first.
pub const TIMELINE_PER_PAGE: usize = 400;
/// Entries on the home page's "latest" lists.
const LATEST: usize = 8;

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

fn page_count(items: usize, per_page: usize) -> usize {
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

fn chrome<'a>(cx: &Shared<'a>, u: &Urls<'_>, title: &str, section: &'static str) -> Chrome<'a> {
    let site_title = cx.site.home.title.as_deref().unwrap_or(&cx.config.title);
    let page_title = if title.is_empty() || title == site_title {
        site_title.to_string()
    } else {
        format!("{title} — {site_title}")
    };
    Chrome {
        site_title,
        description: &cx.config.description,
        language: &cx.config.language,
        page_title,
        section,
        home_url: u.to(links::HOME),
        points_url: u.to(links::POINTS),
        timeline_url: u.to(links::TIMELINE),
        articles_url: u.to(links::ARTICLES),
        tags_url: u.to(links::TAGS),
        stylesheet_url: u.to("static/style.css"),
        script_url: u.to("static/briefing.js"),
        icon_url: u.to("static/icon.svg"),
        feed_url: u.to("feed.xml"),
        points_json_url: u.to("data/points.json"),
        points_csv_url: u.to("data/points.csv"),
        timeline_json_url: u.to("data/timeline.json"),
        timeline_ics_url: u.to("data/timeline.ics"),
        canonical_url: cx.base_url.map(|b| format!("{b}{}", u.from)),
        base_href: None,
        live_reload_url: cx.options.live_reload.clone(),
    }
}

fn home<'a>(cx: &Shared<'a>, u: &Urls<'_>) -> IndexPage<'a> {
    let counts = views::counts(&cx.statuses, cx.config);
    let mut claims: Vec<_> = cx
        .timeline
        .iter()
        .filter_map(|e| match e.kind {
            views::EntryKind::Claim(c) => Some((c, e.article)),
            views::EntryKind::Event(_) => None,
        })
        .collect();
    claims.reverse();
    let title = cx.site.home.title.as_deref().unwrap_or(&cx.config.title);
    IndexPage {
        chrome: chrome(cx, u, title, "home"),
        title,
        summary: if cx.site.home.summary.is_empty() {
            &cx.config.description
        } else {
            &cx.site.home.summary
        },
        lead_html: &cx.site.home.html,
        plan_title: &cx.config.plan.title,
        counts: count_views(cx.config, &counts),
        standing: count_views(cx.config, &counts)
            .into_iter()
            .filter(|c| c.count > 0)
            .collect(),
        contested: counts.contested,
        total_points: counts.total,
        latest_changes: claims
            .into_iter()
            .take(LATEST)
            .map(|(c, a)| claim_view(u, c, a, cx))
            .collect(),
        latest_articles: cx
            .newest
            .iter()
            .take(LATEST)
            .map(|a| article_card(u, a))
            .collect(),
        contested_points: cx
            .statuses
            .iter()
            .filter(|p| p.contested)
            .map(|p| point_row(u, p, cx))
            .collect(),
    }
}

fn points<'a>(cx: &Shared<'a>, u: &Urls<'_>) -> PointsPage<'a> {
    let counts = views::counts(&cx.statuses, cx.config);
    PointsPage {
        chrome: chrome(cx, u, &cx.config.plan.title, "points"),
        plan_title: &cx.config.plan.title,
        statuses: cx.config.statuses.iter().map(StatusView::of).collect(),
        counts: count_views(cx.config, &counts),
        contested: counts.contested,
        blocks: block_views(u, &cx.config.plan.blocks, &cx.statuses, cx),
    }
}

fn point<'a>(cx: &Shared<'a>, u: &Urls<'_>, i: usize) -> PointPage<'a> {
    let status = &cx.statuses[i];
    let p = status.point;
    let neighbour = |j: Option<usize>| {
        j.and_then(|j| cx.site.points.get(j))
            .map(|q| point_link(u, q.number, &q.title))
    };
    PointPage {
        chrome: chrome(cx, u, &format!("Point {}: {}", p.number, p.title), "points"),
        point: point_row(u, status, cx),
        block_title: cx.config.block(&p.block).map_or("", |b| b.title.as_str()),
        body_html: &p.html,
        history: status
            .history
            .iter()
            .rev()
            .map(|c| claim_ref_view(u, *c, cx))
            .collect(),
        articles: status.articles.iter().map(|a| article_card(u, a)).collect(),
        events: status
            .events
            .iter()
            .map(|(e, a)| event_view(u, e, a, cx))
            .collect(),
        previous: neighbour(i.checked_sub(1)),
        next: neighbour(Some(i + 1)),
    }
}

fn timeline<'a>(cx: &Shared<'a>, u: &Urls<'_>, n: usize) -> TimelinePage<'a> {
    let start = (n - 1) * TIMELINE_PER_PAGE;
    let end = (start + TIMELINE_PER_PAGE).min(cx.timeline.len());
    let slice = &cx.timeline[start.min(end)..end];
    let total = page_count(cx.timeline.len(), TIMELINE_PER_PAGE);
    TimelinePage {
        chrome: chrome(cx, u, &timeline_title(n, total), "timeline"),
        months: month_views(u, &views::group_by_month(slice), cx),
        actors: views::actors(slice),
        pagination: pagination(u, links::TIMELINE, n, total),
    }
}

fn article<'a>(cx: &Shared<'a>, u: &Urls<'_>, i: usize) -> ArticlePage<'a> {
    let a = &cx.site.articles[i];
    ArticlePage {
        chrome: chrome(cx, u, &a.title, "articles"),
        article: article_card(u, a),
        body_html: &a.html,
        tags: a
            .tags
            .iter()
            .map(|t| TagLink {
                name: &t.name,
                url: u.to(&links::tag(&t.slug)),
                count: cx.tags.get(t.slug.as_str()).map_or(0, |(_, l)| l.len()),
            })
            .collect(),
        sources: a
            .sources
            .iter()
            .map(|s| SourceView {
                name: &s.name,
                url: s.url.as_deref(),
                date: s.date.map(|d| d.iso()),
                date_label: s.date.map(|d| d.label()),
            })
            .collect(),
        events: a.events.iter().map(|e| event_view(u, e, a, cx)).collect(),
        claims: a.claims.iter().map(|c| claim_view(u, c, a, cx)).collect(),
    }
}

fn list_page<'a>(
    chrome: Chrome<'a>,
    heading: String,
    list: &[&'a Article],
    first: &str,
    n: usize,
    u: &Urls<'_>,
) -> ArticlesPage<'a> {
    let total = page_count(list.len(), ARTICLES_PER_PAGE);
    let start = ((n - 1) * ARTICLES_PER_PAGE).min(list.len());
    let end = (start + ARTICLES_PER_PAGE).min(list.len());
    ArticlesPage {
        chrome,
        heading,
        articles: list[start..end]
            .iter()
            .map(|a| article_card(u, a))
            .collect(),
        pagination: pagination(u, first, n, total),
    }
}

fn pagination(u: &Urls<'_>, first: &str, n: usize, total: usize) -> Pagination {
    Pagination {
        current: n,
        total,
        previous_url: (n > 1).then(|| u.to(&links::page_of(first, n - 1))),
        next_url: (n < total).then(|| u.to(&links::page_of(first, n + 1))),
    }
}

fn tags<'a>(cx: &Shared<'a>, u: &Urls<'_>) -> TagsPage<'a> {
    TagsPage {
        chrome: chrome(cx, u, "Tags", "articles"),
        tags: cx
            .tags
            .iter()
            .map(|(slug, (name, list))| TagLink {
                name,
                url: u.to(&links::tag(slug)),
                count: list.len(),
            })
            .collect(),
    }
}

fn timeline_title(n: usize, total: usize) -> String {
    if total > 1 {
        format!("Timeline, page {n} of {total}")
    } else {
        "Timeline".to_string()
    }
}
