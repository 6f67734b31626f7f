//! Parts of page contexts built from the model and the views: claims, points, events,
//! cards and timeline entries, each with URLs relative to the page being rendered.

use super::context::*;
use super::{Input, Urls};
use crate::config::Block;
use crate::links;
use crate::model::{Article, Claim, Event};
use crate::views::{ClaimRef, Entry, EntryKind, MonthGroup, PointStatus};

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
    cx: &Input<'a>,
) -> ClaimView<'a> {
    let status = cx.config.status_or_unknown(c.status.as_str());
    ClaimView {
        status: StatusView::of(status),
        claimed_by: &c.claimed_by,
        party: c.party.as_deref().map(|p| cx.config.shown(p)),
        date: c.date.iso(),
        date_label: u.date(c.date),
        note: c.note.as_deref(),
        note_lang: cx.editions.note_fallback(article, c),
        part: c.part.as_deref(),
        points: point_links(u, &c.points, &cx.site.points),
        points_range: (c.points.len() > MANY_POINTS).then(|| {
            u.strings
                .format("points_range", &[("range", &ranges(&c.points))])
        }),
        article_title: &article.title,
        article_lang: cx.editions.fallback(&article.path),
        article_url: u.to(&links::article(&article.slug)),
    }
}

pub fn claim_ref_view<'a>(u: &Urls<'_>, c: ClaimRef<'a>, cx: &Input<'a>) -> ClaimView<'a> {
    claim_view(u, c.claim, c.article, cx)
}

pub fn article_card<'a>(u: &Urls<'_>, a: &'a Article) -> ArticleCard<'a> {
    ArticleCard {
        title: &a.title,
        url: u.to(&links::article(&a.slug)),
        date: a.date.iso(),
        date_label: u.date(a.date),
        summary: &a.summary,
        draft: a.draft,
        lang: u.editions.fallback(&a.path).map(str::to_string),
    }
}

pub fn event_view<'a>(u: &Urls<'_>, e: &'a Event, a: &'a Article, cx: &Input<'a>) -> EventView<'a> {
    EventView {
        date: e.date.iso(),
        date_label: u.date(e.date),
        title: &e.title,
        title_lang: cx.editions.event_fallback(a, e),
        place: e.place.as_deref(),
        actors: e.actors.iter().map(|x| cx.config.shown(x)).collect(),
        points: point_links(u, &e.points, &cx.site.points),
        article_title: &a.title,
        article_lang: cx.editions.fallback(&a.path),
        article_url: u.to(&links::article(&a.slug)),
    }
}

pub fn point_row<'a>(u: &Urls<'_>, p: &PointStatus<'a>, cx: &Input<'a>) -> PointRow<'a> {
    PointRow {
        number: p.point.number,
        title: &p.point.title,
        summary: &p.point.summary,
        url: u.to(&links::point(p.point.number)),
        status: StatusView::of(p.current),
        contested: p.contested,
        partial: p.partial,
        in_part: p.in_part,
        on_record: p.on_record,
        parties: p.parties,
        latest: p.latest().map(|c| claim_ref_view(u, c, cx)),
        positions: p
            .positions
            .iter()
            .map(|pos| PositionView {
                party: cx.config.shown(pos.party),
                short: pos.short,
                claim: pos.latest.map(|c| claim_ref_view(u, c, cx)),
            })
            .collect(),
    }
}

pub fn block_views<'a>(
    u: &Urls<'_>,
    blocks: &'a [Block],
    statuses: &[PointStatus<'a>],
    cx: &Input<'a>,
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

pub fn party_views(config: &crate::config::Config) -> Vec<PartyView<'_>> {
    config
        .parties
        .iter()
        .map(|p| PartyView {
            name: &p.shown,
            short: &p.short,
        })
        .collect()
}

pub fn count_views<'a>(counts: &[(&'a crate::config::Status, usize)]) -> Vec<CountView<'a>> {
    counts
        .iter()
        .map(|(s, n)| CountView {
            status: Some(StatusView::of(s)),
            key: s.key.as_str(),
            class: format!("status status-{}", s.key.as_str()),
            label: s.label.clone(),
            column: s.key.as_str().to_string(),
            count: *n,
        })
        .collect()
}

/// The count of one class of points (see `views::Class`), labelled in words that cannot be
/// read as agreement not given.
pub fn class_view<'a>(
    config: &'a crate::config::Config,
    class: crate::views::Class<'a>,
    count: usize,
) -> CountView<'a> {
    use crate::views::Class;
    let strings = &config.strings;
    let status = |s: &'a crate::config::Status, label: String| CountView {
        status: Some(StatusView::of(s)),
        key: s.key.as_str(),
        class: format!("status status-{}", s.key.as_str()),
        label,
        column: class.column(),
        count,
    };
    let other = |key: &'a str, label: String| CountView {
        status: None,
        key,
        class: key.to_string(),
        label,
        column: class.column(),
        count,
    };
    match class {
        Class::Shared(s) => status(s, strings.format("status_by_all", &[("status", &s.label)])),
        Class::Latest(s) => status(s, s.label.clone()),
        Class::Silent => {
            let unknown = config.unknown_status();
            status(unknown, unknown.label.clone())
        }
        Class::Contested => other("contested", strings.get("contested").to_string()),
        Class::Partial => other("partial", strings.get("partial").to_string()),
    }
}

/// The classes with at least one point, as counted.
pub fn class_views<'a>(
    config: &'a crate::config::Config,
    counts: &crate::views::Counts<'a>,
) -> Vec<CountView<'a>> {
    (counts.classes.iter())
        .filter(|(_, n)| *n > 0)
        .map(|(c, n)| class_view(config, *c, *n))
        .collect()
}

pub fn entry_view<'a>(u: &Urls<'_>, e: &Entry<'a>, cx: &Input<'a>) -> EntryView<'a> {
    let keys = e.actors();
    let actors_attr = keys.join("|");
    let actors = keys.into_iter().map(|x| cx.config.shown(x)).collect();
    let article_url = u.to(&links::article(&e.article.slug));
    let points = point_links(u, e.points(), &cx.site.points);
    match e.kind {
        EntryKind::Event(ev) => EntryView {
            kind: "event",
            date_label: u.date(ev.date),
            title: ev.title.clone(),
            title_lang: cx.editions.event_fallback(e.article, ev),
            place: ev.place.as_deref(),
            actors,
            actors_attr,
            status: None,
            claimed_by: None,
            note: None,
            note_lang: None,
            part: None,
            points,
            article_title: &e.article.title,
            article_lang: cx.editions.fallback(&e.article.path),
            article_url,
        },
        EntryKind::Claim(c) => {
            let status = cx.config.status_or_unknown(c.status.as_str());
            let numbers: Vec<String> = c.points.iter().map(|n| n.to_string()).collect();
            let key = if c.points.len() == 1 {
                "point_title"
            } else {
                "points_range"
            };
            let list = numbers.join(", ");
            let label = match &c.part {
                Some(part) => {
                    (u.strings).format("in_part", &[("status", &status.label), ("part", part)])
                }
                None => status.label.clone(),
            };
            EntryView {
                kind: "claim",
                date_label: u.date(c.date),
                title: if c.points.len() == 1 {
                    u.strings.format(key, &[("n", &list), ("title", &label)])
                } else {
                    let points = u.strings.format(key, &[("range", &list)]);
                    format!("{points}: {label}")
                },
                title_lang: None,
                place: None,
                actors,
                actors_attr,
                status: Some(StatusView::of(status)),
                claimed_by: Some(&c.claimed_by),
                note: c.note.as_deref(),
                note_lang: cx.editions.note_fallback(e.article, c),
                part: c.part.as_deref(),
                points,
                article_title: &e.article.title,
                article_lang: cx.editions.fallback(&e.article.path),
                article_url,
            }
        }
    }
}

pub fn month_views<'a>(
    u: &Urls<'_>,
    months: &[MonthGroup<'a>],
    cx: &Input<'a>,
) -> Vec<MonthView<'a>> {
    months
        .iter()
        .map(|m| MonthView {
            id: m.month.iso(),
            label: u.strings.month_year(m.month),
            in_month: m.in_month.iter().map(|e| entry_view(u, e, cx)).collect(),
            days: m
                .days
                .iter()
                .map(|d| DayView {
                    date: d.date.iso(),
                    label: u.date(d.date),
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
