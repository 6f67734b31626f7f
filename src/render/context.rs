//! Typed template contexts, one struct per page kind, borrowing from the model and views. These
//! structs are the template contract (the README lists their fields). URLs in them are relative
//! to the page they are rendered on.

use super::Urls;
use crate::config::{Block, Config, Status};
use crate::links;
use crate::model::{Article, Claim, Event};
use crate::views::{ClaimRef, Entry, EntryKind, MonthGroup, PointStatus};
use serde::Serialize;

/// What every page carries: site settings, navigation and asset URLs.
#[derive(Serialize)]
pub struct Chrome<'a> {
    pub site_title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    /// The `<title>` of the page.
    pub page_title: String,
    /// Which navigation entry is the current page (`home`, `points`, `timeline`, `articles`).
    pub section: &'static str,
    pub home_url: String,
    pub points_url: String,
    pub timeline_url: String,
    pub articles_url: String,
    pub tags_url: String,
    pub stylesheet_url: String,
    pub script_url: String,
    pub icon_url: String,
    pub feed_url: String,
    pub points_json_url: String,
    pub points_csv_url: String,
    pub timeline_json_url: String,
    pub timeline_ics_url: String,
    /// Absolute URL of this page, when `base_url` is set.
    pub canonical_url: Option<String>,
    /// `<base href>` (only the 404 page, only with `base_url`).
    pub base_href: Option<String>,
    /// URL of the live-reload script (only under `serve`).
    pub live_reload_url: Option<String>,
}

#[derive(Serialize)]
pub struct StatusView<'a> {
    pub key: &'a str,
    pub label: &'a str,
    pub meaning: &'a str,
}

impl<'a> StatusView<'a> {
    pub fn of(s: &'a Status) -> Self {
        StatusView {
            key: s.key.as_str(),
            label: &s.label,
            meaning: &s.meaning,
        }
    }
}

#[derive(Serialize)]
pub struct PointLink<'a> {
    pub number: u32,
    pub title: &'a str,
    pub url: String,
}

/// One status claim as shown in a history, a table cell or the home page.
#[derive(Serialize)]
pub struct ClaimView<'a> {
    pub status: StatusView<'a>,
    pub claimed_by: &'a str,
    pub party: &'a str,
    pub date: String,
    pub date_label: String,
    pub note: Option<&'a str>,
    pub points: Vec<PointLink<'a>>,
    /// "Points 1–18, 20, 22–28" when the claim covers more than a few points.
    pub points_range: Option<String>,
    pub article_title: &'a str,
    pub article_url: String,
}

/// Above this many points a claim's points are shown as ranges, not one link each.
const MANY_POINTS: usize = 4;

/// Formats sorted point numbers as ranges: `1–18, 20, 22–28`.
pub fn ranges(numbers: &[u32]) -> String {
    let mut sorted = numbers.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let start = sorted[i];
        let mut end = start;
        while i + 1 < sorted.len() && sorted[i + 1] == end + 1 {
            i += 1;
            end = sorted[i];
        }
        parts.push(if end > start + 1 {
            format!("{start}–{end}")
        } else if end == start + 1 {
            format!("{start}, {end}")
        } else {
            start.to_string()
        });
        i += 1;
    }
    parts.join(", ")
}

#[derive(Serialize)]
pub struct ArticleCard<'a> {
    pub title: &'a str,
    pub url: String,
    pub date: String,
    pub date_label: String,
    pub summary: &'a str,
    pub draft: bool,
}

#[derive(Serialize)]
pub struct EventView<'a> {
    pub date: String,
    pub date_label: String,
    pub title: &'a str,
    pub place: Option<&'a str>,
    pub actors: Vec<&'a str>,
    pub points: Vec<PointLink<'a>>,
    pub article_title: &'a str,
    pub article_url: String,
}

/// One party's latest word on a point.
#[derive(Serialize)]
pub struct PositionView<'a> {
    pub party: &'a str,
    pub claim: ClaimView<'a>,
}

#[derive(Serialize)]
pub struct PointRow<'a> {
    pub number: u32,
    pub title: &'a str,
    pub summary: &'a str,
    pub url: String,
    pub status: StatusView<'a>,
    pub contested: bool,
    pub latest: Option<ClaimView<'a>>,
    pub positions: Vec<PositionView<'a>>,
}

#[derive(Serialize)]
pub struct BlockView<'a> {
    pub id: &'a str,
    /// A safe HTML id for the block (`block-<slug of id>`).
    pub anchor: String,
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub points: Vec<PointRow<'a>>,
}

#[derive(Serialize)]
pub struct CountView<'a> {
    pub status: StatusView<'a>,
    pub count: usize,
}

#[derive(Serialize)]
pub struct Pagination {
    pub current: usize,
    pub total: usize,
    pub previous_url: Option<String>,
    pub next_url: Option<String>,
}

#[derive(Serialize)]
pub struct IndexPage<'a> {
    pub chrome: Chrome<'a>,
    pub title: &'a str,
    pub summary: &'a str,
    pub lead_html: &'a str,
    pub plan_title: &'a str,
    pub counts: Vec<CountView<'a>>,
    /// The counts that are not zero, in status order.
    pub standing: Vec<CountView<'a>>,
    pub contested: usize,
    pub total_points: usize,
    pub latest_changes: Vec<ClaimView<'a>>,
    pub latest_articles: Vec<ArticleCard<'a>>,
    pub contested_points: Vec<PointRow<'a>>,
}

#[derive(Serialize)]
pub struct PointsPage<'a> {
    pub chrome: Chrome<'a>,
    pub plan_title: &'a str,
    pub statuses: Vec<StatusView<'a>>,
    pub counts: Vec<CountView<'a>>,
    pub contested: usize,
    pub blocks: Vec<BlockView<'a>>,
}

#[derive(Serialize)]
pub struct PointPage<'a> {
    pub chrome: Chrome<'a>,
    pub point: PointRow<'a>,
    pub block_title: &'a str,
    pub body_html: &'a str,
    pub history: Vec<ClaimView<'a>>,
    pub articles: Vec<ArticleCard<'a>>,
    pub events: Vec<EventView<'a>>,
    pub previous: Option<PointLink<'a>>,
    pub next: Option<PointLink<'a>>,
}

#[derive(Serialize)]
pub struct EntryView<'a> {
    /// `event` or `claim`.
    pub kind: &'static str,
    pub date_label: String,
    pub title: String,
    pub place: Option<&'a str>,
    pub actors: Vec<&'a str>,
    /// Actors joined by `|`, for the filter script.
    pub actors_attr: String,
    pub status: Option<StatusView<'a>>,
    pub claimed_by: Option<&'a str>,
    pub note: Option<&'a str>,
    pub points: Vec<PointLink<'a>>,
    pub article_title: &'a str,
    pub article_url: String,
}

#[derive(Serialize)]
pub struct DayView<'a> {
    pub date: String,
    pub label: String,
    pub entries: Vec<EntryView<'a>>,
}

#[derive(Serialize)]
pub struct MonthView<'a> {
    pub id: String,
    pub label: String,
    pub in_month: Vec<EntryView<'a>>,
    pub days: Vec<DayView<'a>>,
}

#[derive(Serialize)]
pub struct TimelinePage<'a> {
    pub chrome: Chrome<'a>,
    pub months: Vec<MonthView<'a>>,
    pub actors: Vec<&'a str>,
    pub pagination: Pagination,
}

#[derive(Serialize)]
pub struct TagLink<'a> {
    pub name: &'a str,
    pub url: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct SourceView<'a> {
    pub name: &'a str,
    pub url: Option<&'a str>,
    pub date: Option<String>,
    pub date_label: Option<String>,
}

#[derive(Serialize)]
pub struct ArticlePage<'a> {
    pub chrome: Chrome<'a>,
    pub article: ArticleCard<'a>,
    pub body_html: &'a str,
    pub tags: Vec<TagLink<'a>>,
    pub sources: Vec<SourceView<'a>>,
    pub events: Vec<EventView<'a>>,
    pub claims: Vec<ClaimView<'a>>,
}

#[derive(Serialize)]
pub struct ArticlesPage<'a> {
    pub chrome: Chrome<'a>,
    pub heading: String,
    pub articles: Vec<ArticleCard<'a>>,
    pub pagination: Pagination,
}

#[derive(Serialize)]
pub struct TagsPage<'a> {
    pub chrome: Chrome<'a>,
    pub tags: Vec<TagLink<'a>>,
}

#[derive(Serialize)]
pub struct NotFoundPage<'a> {
    pub chrome: Chrome<'a>,
}

// ---- builders: model → view, with URLs relative to the page in `u` ----

pub fn point_link<'a>(u: &Urls<'_>, number: u32, title: &'a str) -> PointLink<'a> {
    PointLink {
        number,
        title,
        url: u.to(&links::point(number)),
    }
}

pub fn point_links<'a>(
    u: &Urls<'_>,
    numbers: &[u32],
    config_points: &'a [crate::model::Point],
) -> Vec<PointLink<'a>> {
    numbers
        .iter()
        .filter_map(|n| {
            let i = config_points.binary_search_by_key(n, |p| p.number).ok()?;
            Some(point_link(u, *n, &config_points[i].title))
        })
        .collect()
}

pub fn claim_view<'a>(
    u: &Urls<'_>,
    c: &'a Claim,
    article: &'a Article,
    cx: &super::Shared<'a>,
) -> ClaimView<'a> {
    let status = cx
        .config
        .status(c.status.as_str())
        .unwrap_or_else(|| cx.config.unknown_status());
    ClaimView {
        status: StatusView::of(status),
        claimed_by: &c.claimed_by,
        party: &c.party,
        date: c.date.iso(),
        date_label: c.date.label(),
        note: c.note.as_deref(),
        points: point_links(u, &c.points, &cx.site.points),
        points_range: (c.points.len() > MANY_POINTS)
            .then(|| format!("Points {}", ranges(&c.points))),
        article_title: &article.title,
        article_url: u.to(&links::article(&article.slug)),
    }
}

pub fn claim_ref_view<'a>(u: &Urls<'_>, c: ClaimRef<'a>, cx: &super::Shared<'a>) -> ClaimView<'a> {
    claim_view(u, c.claim, c.article, cx)
}

pub fn article_card<'a>(u: &Urls<'_>, a: &'a Article) -> ArticleCard<'a> {
    ArticleCard {
        title: &a.title,
        url: u.to(&links::article(&a.slug)),
        date: a.date.iso(),
        date_label: a.date.label(),
        summary: &a.summary,
        draft: a.draft,
    }
}

pub fn event_view<'a>(
    u: &Urls<'_>,
    e: &'a Event,
    a: &'a Article,
    cx: &super::Shared<'a>,
) -> EventView<'a> {
    EventView {
        date: e.date.iso(),
        date_label: e.date.label(),
        title: &e.title,
        place: e.place.as_deref(),
        actors: e.actors.iter().map(String::as_str).collect(),
        points: point_links(u, &e.points, &cx.site.points),
        article_title: &a.title,
        article_url: u.to(&links::article(&a.slug)),
    }
}

pub fn point_row<'a>(u: &Urls<'_>, p: &PointStatus<'a>, cx: &super::Shared<'a>) -> PointRow<'a> {
    PointRow {
        number: p.point.number,
        title: &p.point.title,
        summary: &p.point.summary,
        url: u.to(&links::point(p.point.number)),
        status: StatusView::of(p.current),
        contested: p.contested,
        latest: p.latest().map(|c| claim_ref_view(u, c, cx)),
        positions: p
            .positions
            .iter()
            .map(|pos| PositionView {
                party: pos.party,
                claim: claim_ref_view(u, pos.latest, cx),
            })
            .collect(),
    }
}

pub fn block_views<'a>(
    u: &Urls<'_>,
    blocks: &'a [Block],
    statuses: &[PointStatus<'a>],
    cx: &super::Shared<'a>,
) -> Vec<BlockView<'a>> {
    blocks
        .iter()
        .map(|b| BlockView {
            id: &b.id.0,
            anchor: format!("block-{}", crate::model::slugify(&b.id.0)),
            title: &b.title,
            summary: b.summary.as_deref(),
            points: statuses
                .iter()
                .filter(|p| p.point.block == b.id)
                .map(|p| point_row(u, p, cx))
                .collect(),
        })
        .collect()
}

pub fn count_views<'a>(
    config: &'a Config,
    counts: &crate::views::Counts<'a>,
) -> Vec<CountView<'a>> {
    let _ = config;
    counts
        .by_status
        .iter()
        .map(|(s, n)| CountView {
            status: StatusView::of(s),
            count: *n,
        })
        .collect()
}

pub fn entry_view<'a>(u: &Urls<'_>, e: &Entry<'a>, cx: &super::Shared<'a>) -> EntryView<'a> {
    let actors = e.actors();
    let actors_attr = actors.join("|");
    let article_url = u.to(&links::article(&e.article.slug));
    let points = point_links(u, e.points(), &cx.site.points);
    match e.kind {
        EntryKind::Event(ev) => EntryView {
            kind: "event",
            date_label: ev.date.label(),
            title: ev.title.clone(),
            place: ev.place.as_deref(),
            actors,
            actors_attr,
            status: None,
            claimed_by: None,
            note: None,
            points,
            article_title: &e.article.title,
            article_url,
        },
        EntryKind::Claim(c) => {
            let status = cx
                .config
                .status(c.status.as_str())
                .unwrap_or_else(|| cx.config.unknown_status());
            let numbers: Vec<String> = c.points.iter().map(|n| n.to_string()).collect();
            let noun = if c.points.len() == 1 {
                "Point"
            } else {
                "Points"
            };
            EntryView {
                kind: "claim",
                date_label: c.date.label(),
                title: format!("{noun} {}: {}", numbers.join(", "), status.label),
                place: None,
                actors,
                actors_attr,
                status: Some(StatusView::of(status)),
                claimed_by: Some(&c.claimed_by),
                note: c.note.as_deref(),
                points,
                article_title: &e.article.title,
                article_url,
            }
        }
    }
}

pub fn month_views<'a>(
    u: &Urls<'_>,
    months: &[MonthGroup<'a>],
    cx: &super::Shared<'a>,
) -> Vec<MonthView<'a>> {
    months
        .iter()
        .map(|m| MonthView {
            id: m.month.iso(),
            label: m.month.month_label(),
            in_month: m.in_month.iter().map(|e| entry_view(u, e, cx)).collect(),
            days: m
                .days
                .iter()
                .map(|d| DayView {
                    date: d.date.iso(),
                    label: d.date.label(),
                    entries: d.entries.iter().map(|e| entry_view(u, e, cx)).collect(),
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::ranges;

    #[test]
    fn point_ranges() {
        assert_eq!(
            ranges(&[1, 2, 3, 5, 7, 8, 10, 11, 12]),
            "1–3, 5, 7, 8, 10–12"
        );
        assert_eq!(ranges(&[4]), "4");
        assert_eq!(ranges(&[]), "");
    }
}
