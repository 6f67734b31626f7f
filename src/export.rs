//! Machine-readable outputs: the Atom feed, sitemap, robots.txt, and the data exports
//! (`data/points.json`, `data/timeline.json`, `data/points.csv`, `data/timeline.ics`).
//! Built with well-kept format crates; written through a `Sink`, never to disk directly.

use crate::diagnostics::Error;
use crate::links;
use crate::model::Date;
use crate::output::Sink;
use crate::render::Shared;
use crate::views::{EntryKind, PointStatus};
use serde::Serialize;

/// How many of the newest articles the feed carries.
const FEED_ENTRIES: usize = 50;

/// Writes every export into `sink`; returns how many files were written.
pub fn data(cx: &Shared<'_>, sink: &dyn Sink) -> Result<usize, Error> {
    let mut files = vec![
        ("feed.xml", feed(cx)),
        ("robots.txt", robots(cx)),
        ("data/points.json", points_json(cx)?),
        ("data/timeline.json", timeline_json(cx)?),
        ("data/points.csv", points_csv(cx)?),
        ("data/timeline.ics", timeline_ics(cx)),
    ];
    if let Some(sitemap) = sitemap(cx) {
        files.push(("sitemap.xml", sitemap));
    }
    for (name, text) in &files {
        sink.put(name, text.as_bytes())?;
    }
    Ok(files.len())
}

/// The absolute URL of a site-root-relative URL, or the relative one without `base_url`.
fn url_of(cx: &Shared<'_>, rel: &str) -> String {
    match cx.base_url {
        Some(base) => format!("{base}{rel}"),
        None => rel.to_string(),
    }
}

fn midnight(date: Date) -> chrono::DateTime<chrono::FixedOffset> {
    date.to_naive()
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists on every day")
        .and_utc()
        .fixed_offset()
}

fn feed(cx: &Shared<'_>) -> String {
    use atom_syndication::{Entry, Feed, Link, Text};
    let link = |href: String, rel: &str| Link {
        href,
        rel: rel.to_string(),
        ..Link::default()
    };
    let site_id = cx.base_url.map_or_else(
        || format!("urn:briefing:{}", crate::model::slugify(&cx.config.title)),
        str::to_string,
    );
    let entries: Vec<Entry> = cx
        .newest
        .iter()
        .take(FEED_ENTRIES)
        .map(|a| {
            let url = url_of(cx, &links::article(&a.slug));
            let mut e = Entry::default();
            e.set_title(Text::plain(a.title.clone()));
            e.set_id(if cx.base_url.is_some() {
                url.clone()
            } else {
                format!("{site_id}:article:{}", a.slug)
            });
            e.set_updated(midnight(a.date));
            e.set_published(Some(midnight(a.date)));
            e.set_links(vec![link(url, "alternate")]);
            if !a.summary.is_empty() {
                e.set_summary(Some(Text::plain(a.summary.clone())));
            }
            e
        })
        .collect();
    let mut feed = Feed::default();
    feed.set_title(Text::plain(cx.config.title.clone()));
    feed.set_id(site_id);
    feed.set_updated(cx.newest.first().map_or_else(
        || midnight(Date::ymd(1970, 1, 1).expect("a valid day")),
        |a| midnight(a.date),
    ));
    let mut feed_links = vec![link(url_of(cx, links::HOME), "alternate")];
    if cx.base_url.is_some() {
        feed_links.push(link(url_of(cx, "feed.xml"), "self"));
    }
    feed.set_links(feed_links);
    if !cx.config.description.is_empty() {
        feed.set_subtitle(Some(Text::plain(cx.config.description.clone())));
    }
    feed.set_entries(entries);
    feed.to_string()
}

fn robots(cx: &Shared<'_>) -> String {
    let mut out = "User-agent: *\nAllow: /\n".to_string();
    if let Some(base) = cx.base_url {
        out.push_str(&format!("Sitemap: {base}sitemap.xml\n"));
    }
    out
}

/// The sitemap needs absolute URLs, so it is written only when `base_url` is set.
fn sitemap(cx: &Shared<'_>) -> Option<String> {
    let base = cx.base_url?;
    let mut urls: Vec<(String, Option<Date>)> = vec![
        (links::HOME.to_string(), cx.newest.first().map(|a| a.date)),
        (links::POINTS.to_string(), None),
        (links::TIMELINE.to_string(), None),
        (links::ARTICLES.to_string(), None),
    ];
    urls.extend(
        cx.site
            .points
            .iter()
            .map(|p| (links::point(p.number), None)),
    );
    urls.extend(
        cx.site
            .articles
            .iter()
            .map(|a| (links::article(&a.slug), Some(a.date))),
    );
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (rel, date) in urls {
        out.push_str("  <url><loc>");
        out.push_str(&xml_escape(&format!("{base}{rel}")));
        out.push_str("</loc>");
        if let Some(d) = date {
            out.push_str(&format!("<lastmod>{}</lastmod>", d.iso()));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    Some(out)
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

#[derive(Serialize)]
struct ArticleRef<'a> {
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct ClaimJson<'a> {
    status: &'a str,
    claimed_by: &'a str,
    party: &'a str,
    date: String,
    note: Option<&'a str>,
    points: &'a [u32],
    article: ArticleRef<'a>,
}

#[derive(Serialize)]
struct PointJson<'a> {
    number: u32,
    block: &'a str,
    title: &'a str,
    summary: &'a str,
    url: String,
    status: &'a str,
    status_label: &'a str,
    contested: bool,
    positions: Vec<ClaimJson<'a>>,
    history: Vec<ClaimJson<'a>>,
}

#[derive(Serialize)]
struct BlockJson<'a> {
    id: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct StatusJson<'a> {
    key: &'a str,
    label: &'a str,
    meaning: &'a str,
}

#[derive(Serialize)]
struct PointsJson<'a> {
    plan: &'a str,
    blocks: Vec<BlockJson<'a>>,
    statuses: Vec<StatusJson<'a>>,
    points: Vec<PointJson<'a>>,
}

fn claim_json<'a>(cx: &Shared<'a>, c: crate::views::ClaimRef<'a>) -> ClaimJson<'a> {
    ClaimJson {
        status: c.claim.status.as_str(),
        claimed_by: &c.claim.claimed_by,
        party: &c.claim.party,
        date: c.claim.date.iso(),
        note: c.claim.note.as_deref(),
        points: &c.claim.points,
        article: ArticleRef {
            title: &c.article.title,
            url: url_of(cx, &links::article(&c.article.slug)),
        },
    }
}

fn point_json<'a>(cx: &Shared<'a>, p: &PointStatus<'a>) -> PointJson<'a> {
    PointJson {
        number: p.point.number,
        block: &p.point.block.0,
        title: &p.point.title,
        summary: &p.point.summary,
        url: url_of(cx, &links::point(p.point.number)),
        status: p.current.key.as_str(),
        status_label: &p.current.label,
        contested: p.contested,
        positions: p
            .positions
            .iter()
            .map(|pos| claim_json(cx, pos.latest))
            .collect(),
        history: p.history.iter().map(|c| claim_json(cx, *c)).collect(),
    }
}

fn json_error(name: &str, e: impl std::fmt::Display) -> Error {
    Error::Usage(format!("cannot serialise {name}: {e}"))
}

fn points_json(cx: &Shared<'_>) -> Result<String, Error> {
    let doc = PointsJson {
        plan: &cx.config.plan.title,
        blocks: cx
            .config
            .plan
            .blocks
            .iter()
            .map(|b| BlockJson {
                id: &b.id.0,
                title: &b.title,
            })
            .collect(),
        statuses: cx
            .config
            .statuses
            .iter()
            .map(|s| StatusJson {
                key: s.key.as_str(),
                label: &s.label,
                meaning: &s.meaning,
            })
            .collect(),
        points: cx.statuses.iter().map(|p| point_json(cx, p)).collect(),
    };
    serde_json::to_string_pretty(&doc).map_err(|e| json_error("data/points.json", e))
}

#[derive(Serialize)]
struct EntryJson<'a> {
    kind: &'static str,
    date: String,
    title: &'a str,
    place: Option<&'a str>,
    actors: Vec<&'a str>,
    points: &'a [u32],
    status: Option<&'a str>,
    claimed_by: Option<&'a str>,
    note: Option<&'a str>,
    article: ArticleRef<'a>,
}

fn timeline_json(cx: &Shared<'_>) -> Result<String, Error> {
    let entries: Vec<EntryJson<'_>> = cx
        .timeline
        .iter()
        .map(|e| {
            let article = ArticleRef {
                title: &e.article.title,
                url: url_of(cx, &links::article(&e.article.slug)),
            };
            match e.kind {
                EntryKind::Event(ev) => EntryJson {
                    kind: "event",
                    date: ev.date.iso(),
                    title: &ev.title,
                    place: ev.place.as_deref(),
                    actors: ev.actors.iter().map(String::as_str).collect(),
                    points: &ev.points,
                    status: None,
                    claimed_by: None,
                    note: None,
                    article,
                },
                EntryKind::Claim(c) => EntryJson {
                    kind: "claim",
                    date: c.date.iso(),
                    title: c.note.as_deref().unwrap_or(""),
                    place: None,
                    actors: vec![c.party.as_str()],
                    points: &c.points,
                    status: Some(c.status.as_str()),
                    claimed_by: Some(&c.claimed_by),
                    note: c.note.as_deref(),
                    article,
                },
            }
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({ "entries": entries }))
        .map_err(|e| json_error("data/timeline.json", e))
}

fn points_csv(cx: &Shared<'_>) -> Result<String, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| json_error("data/points.csv", e);
    w.write_record([
        "number",
        "block",
        "title",
        "status",
        "status_label",
        "contested",
        "claimed_by",
        "party",
        "date",
        "url",
    ])
    .map_err(err)?;
    for p in &cx.statuses {
        let latest = p.latest();
        w.write_record([
            p.point.number.to_string().as_str(),
            &p.point.block.0,
            &p.point.title,
            p.current.key.as_str(),
            &p.current.label,
            if p.contested { "true" } else { "false" },
            latest.map_or("", |c| c.claim.claimed_by.as_str()),
            latest.map_or("", |c| c.claim.party.as_str()),
            &latest.map_or(String::new(), |c| c.claim.date.iso()),
            &url_of(cx, &links::point(p.point.number)),
        ])
        .map_err(err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| json_error("data/points.csv", e))?;
    String::from_utf8(bytes).map_err(|e| json_error("data/points.csv", e))
}

fn timeline_ics(cx: &Shared<'_>) -> String {
    use icalendar::{Calendar, Component, EventLike};
    let mut cal = Calendar::new();
    cal.name(&cx.config.title);
    let domain = cx
        .base_url
        .and_then(|b| b.split("://").nth(1))
        .and_then(|rest| rest.split('/').next())
        .unwrap_or("briefing.invalid");
    for e in &cx.timeline {
        let EntryKind::Event(ev) = e.kind else {
            continue;
        };
        let position = e
            .article
            .events
            .iter()
            .position(|x| std::ptr::eq(x, ev))
            .unwrap_or(0);
        let mut event = icalendar::Event::new();
        event
            .uid(&format!("{}-{}@{domain}", e.article.slug, position + 1))
            .summary(&ev.title)
            .timestamp(midnight(e.article.date).to_utc())
            .url(&url_of(cx, &links::article(&e.article.slug)));
        let start = ev.date.to_naive();
        if ev.date.is_full() {
            event.all_day(start);
        } else {
            let next = start
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(start);
            event.starts(start).ends(next);
        }
        if let Some(place) = &ev.place {
            event.location(place);
        }
        let mut description = format!("Reported in: {}", e.article.title);
        if !ev.actors.is_empty() {
            description = format!("Actors: {}. {description}", ev.actors.join(", "));
        }
        event.description(&description);
        cal.push(event.done());
    }
    cal.done().to_string()
}
