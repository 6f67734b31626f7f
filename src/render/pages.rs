//! One function per page kind: builds that page's typed context from the shared views.

use super::context::*;
use super::parts::*;
use super::{ARTICLES_PER_PAGE, Input, LATEST, TIMELINE_PER_PAGE, Urls, page_count};
use crate::links;
use crate::model::Article;
use crate::views;

pub(super) fn chrome<'a>(
    cx: &Input<'a>,
    u: &Urls<'_>,
    title: &str,
    section: &'static str,
) -> Chrome<'a> {
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
        versions_url: (!cx.versions.is_empty()).then(|| u.to(links::VERSIONS)),
        people_url: (!cx.site.people.is_empty()).then(|| u.to(links::PEOPLE)),
        glossary_url: cx.site.glossary.as_ref().map(|_| u.to(links::GLOSSARY)),
        print_url: u.to(links::PRINT),
        sources_url: u.to(links::SOURCES),
        stylesheet_url: u.shared(&links::static_file("style.css")),
        script_url: u.shared(&links::static_file("briefing.js")),
        strings_script_url: u.to(links::STRINGS_SCRIPT),
        search_url: u.to(links::SEARCH),
        search_root: links::relative(u.from, links::SEARCH, false),
        search_script_url: u.shared(&links::static_file("search.js")),
        portable: u.portable,
        icon_url: u.shared(&links::static_file("icon.svg")),
        feed_url: u.to(links::FEED),
        changes_feed_url: u.to(links::CHANGES_FEED),
        points_json_url: u.shared(links::POINTS_JSON),
        points_csv_url: u.shared(links::POINTS_CSV),
        timeline_json_url: u.shared(links::TIMELINE_JSON),
        timeline_ics_url: u.to(links::TIMELINE_ICS),
        canonical_url: cx.base_url.map(|b| format!("{b}{}", u.from)),
        base_href: None,
        live_reload_url: cx.options.live_reload.clone(),
        editions: u.editions(),
        fallback_lang: u.source.and_then(|p| cx.editions.fallback(p)),
        body_lang: u.source.and_then(|p| cx.editions.body_fallback(p)),
        source_lang: cx.editions.source_lang(),
    }
}

pub(super) fn home<'a>(cx: &Input<'a>, u: &Urls<'_>) -> IndexPage<'a> {
    let counts = views::counts(cx.statuses.iter(), cx.config);
    let added_later = cx.site.points.iter().filter(|p| p.since.is_some()).count();
    let title = cx.site.home.title.as_deref().unwrap_or(&cx.config.title);
    let last = cx.snapshots.last();
    let before_last = cx.snapshots.len().checked_sub(2).map(|i| &cx.snapshots[i]);
    IndexPage {
        chrome: chrome(cx, u, title, "home"),
        title,
        summary: if cx.site.home.summary.is_empty() {
            &cx.config.description
        } else {
            &cx.site.home.summary
        },
        lead_html: cx
            .site
            .home
            .path
            .as_deref()
            .map_or("", |p| cx.bodies.html(p)),
        plan_title: &cx.config.plan.title,
        standing: super::parts::class_views(cx.config, &counts),
        latest: (count_views(&counts.by_status).into_iter())
            .filter(|c| c.count > 0)
            .collect(),
        shared: count_views(&counts.shared),
        contested: counts.contested,
        partial: counts.partial,
        silent: counts.silent,
        total_points: counts.total,
        added_later,
        first_points: counts.total.saturating_sub(added_later),
        parties: party_views(cx.config),
        all_parties: all_parties(u, cx.config),
        changes: last.map_or_else(Vec::new, |s| {
            let changes = s.changes.iter();
            changes
                .map(|c| super::asof::change_view(u, c, cx))
                .collect()
        }),
        changes_date_label: last.map(|s| u.date(s.date)),
        since_label: before_last.map(|s| u.date(s.date)),
        since_url: before_last.map(|s| u.to(&crate::links::as_of(&s.date.iso()))),
        chart: super::asof::chart(cx),
        latest_changes: latest_claims(cx, u),
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

/// The newest claims of the timeline, newest first.
fn latest_claims<'a>(cx: &Input<'a>, u: &Urls<'_>) -> Vec<ClaimView<'a>> {
    cx.timeline
        .iter()
        .rev()
        .filter_map(|e| match e.kind {
            views::EntryKind::Claim(c) => Some((c, e.article)),
            views::EntryKind::Event(_) => None,
        })
        .take(LATEST)
        .map(|(c, a)| claim_view(u, c, a, cx))
        .collect()
}

pub(super) fn points<'a>(cx: &Input<'a>, u: &Urls<'_>) -> PointsPage<'a> {
    let counts = views::counts(cx.statuses.iter(), cx.config);
    PointsPage {
        chrome: chrome(cx, u, &cx.config.plan.title, "points"),
        plan_title: &cx.config.plan.title,
        statuses: cx.config.statuses.iter().map(StatusView::of).collect(),
        standing: super::parts::class_views(cx.config, &counts),
        contested: counts.contested,
        partial: counts.partial,
        parties: party_views(cx.config),
        blocks: block_views(u, &cx.config.plan.blocks, &cx.statuses, cx),
        dates: super::asof::date_links(cx, u, None),
    }
}

pub(super) fn point<'a>(cx: &Input<'a>, u: &Urls<'_>, i: usize) -> PointPage<'a> {
    let status = &cx.statuses[i];
    let p = status.point;
    let neighbour = |j: Option<usize>| {
        j.and_then(|j| cx.site.points.get(j))
            .map(|q| point_link(u, q.number, &q.title))
    };
    PointPage {
        chrome: chrome(cx, u, &point_title(u, p.number, &p.title), "points"),
        point: point_row(u, status, cx),
        block_title: cx.config.block(&p.block).map_or("", |b| b.title.as_str()),
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
        across: super::versions::across(cx, u, p),
        feed_url: u.to(&links::point_feed(p.number)),
        since_label: p.since.map(|d| u.date(d)),
        since_date: p.since.map(|d| d.iso()),
        since_version: (p.since_version.as_deref())
            .and_then(|id| cx.config.version(id))
            .map(|v| super::versions::version_link(u, v)),
    }
}

pub(super) fn timeline<'a>(cx: &Input<'a>, u: &Urls<'_>, n: usize) -> TimelinePage<'a> {
    let start = (n - 1) * TIMELINE_PER_PAGE;
    let end = (start + TIMELINE_PER_PAGE).min(cx.timeline.len());
    let slice = &cx.timeline[start.min(end)..end];
    let total = page_count(cx.timeline.len(), TIMELINE_PER_PAGE);
    TimelinePage {
        chrome: chrome(cx, u, &timeline_title(u, n, total), "timeline"),
        months: month_views(u, &views::group_by_month(slice), cx),
        actors: views::actors(slice)
            .into_iter()
            .map(|key| super::ActorView {
                key,
                name: cx.config.shown(key),
            })
            .collect(),
        pagination: pagination(u, links::TIMELINE, n, total),
    }
}

pub(super) fn article<'a>(cx: &Input<'a>, u: &Urls<'_>, i: usize) -> ArticlePage<'a> {
    let a = &cx.site.articles[i];
    ArticlePage {
        chrome: chrome(cx, u, &a.title, "articles"),
        article: article_card(u, a),
        tags: a
            .tags
            .iter()
            .map(|t| TagLink {
                name: &t.name,
                url: u.to(&links::tag(&t.slug)),
                count: cx.tags.get(t.slug.as_str()).map_or(0, |(_, l)| l.len()),
            })
            .collect(),
        sources: a.sources.iter().map(|s| source_view(u, s)).collect(),
        events: a.events.iter().map(|e| event_view(u, e, a, cx)).collect(),
        claims: a.claims.iter().map(|c| claim_view(u, c, a, cx)).collect(),
    }
}

#[derive(serde::Serialize)]
pub struct GlossaryPage<'a> {
    pub chrome: super::Chrome<'a>,
    pub title: &'a str,
    pub terms: &'a [crate::model::Term],
}

pub(super) fn glossary<'a>(cx: &Input<'a>, u: &Urls<'_>) -> GlossaryPage<'a> {
    let g = cx
        .site
        .glossary
        .as_ref()
        .expect("a glossary job needs a glossary");
    let title = g
        .title
        .as_deref()
        .unwrap_or(cx.config.strings.get("glossary_title"));
    GlossaryPage {
        chrome: chrome(cx, u, title, "glossary"),
        title,
        terms: &g.terms,
    }
}

/// A cited source as shown on an article and on the sources page.
pub(super) fn source_view<'a>(u: &Urls<'_>, s: &'a crate::model::Source) -> SourceView<'a> {
    SourceView {
        name: &s.name,
        url: s.url.as_deref(),
        date: s.date.map(|d| d.iso()),
        date_label: s.date.map(|d| u.date(d)),
        kind: s.kind.as_deref(),
        archive: s.archive.as_deref(),
        accessed: s.accessed.map(|d| d.iso()),
        accessed_label: s.accessed.map(|d| u.date(d)),
    }
}

pub(super) fn list_page<'a>(
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

pub(super) fn tags<'a>(cx: &Input<'a>, u: &Urls<'_>) -> TagsPage<'a> {
    TagsPage {
        chrome: chrome(cx, u, u.strings.get("tags"), "articles"),
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

fn timeline_title(u: &Urls<'_>, n: usize, total: usize) -> String {
    if total > 1 {
        let (n, total) = (n.to_string(), total.to_string());
        u.strings.format(
            "timeline_page",
            &[("n", n.as_str()), ("total", total.as_str())],
        )
    } else {
        u.strings.get("timeline").to_string()
    }
}

/// "Point 19: Zaporizhzhia nuclear power plant", in the site's language.
pub(super) fn point_title(u: &Urls<'_>, number: u32, title: &str) -> String {
    u.strings.format(
        "point_title",
        &[("n", &number.to_string()), ("title", title)],
    )
}

/// "both parties (United States, Ukraine)" or "all 3 parties (…)", in the site's language.
fn all_parties(u: &Urls<'_>, config: &crate::config::Config) -> String {
    let n = config.parties.len();
    let words = if n == 2 {
        u.strings.get("parties_both").to_string()
    } else {
        u.strings.plural("parties_all", n as u64, &[])
    };
    let names: Vec<&str> = config.parties.iter().map(|p| p.shown.as_str()).collect();
    format!("{words} ({})", names.join(", "))
}
