//! The Atom feeds (atom_syndication), the sitemap and robots.txt. A feed's links are absolute
//! with `base_url` and relative to the feed's own address without it, so that they resolve
//! where the feed is read; its ids are `ids::Ids`'.

use super::ids::Ids;
use super::{midnight, url_of};
use crate::links;
use crate::model::Date;
use crate::views::Views;

/// How many of the newest articles the feed carries.
const FEED_ENTRIES: usize = 50;

/// The URL of `rel` (site-root-relative) from the file `from`: absolute with `base_url`,
/// relative to `from` without it.
fn url_from(cx: &Views<'_>, from: &str, rel: &str) -> String {
    match cx.base_url {
        Some(_) => url_of(cx, rel),
        None => links::relative(from, rel, false),
    }
}

/// When a feed was last updated: its newest entry's day, or the briefing's date when it has
/// none (never the epoch, unless the briefing has no date at all).
fn updated(newest: Option<Date>, cx: &Views<'_>) -> chrono::DateTime<chrono::FixedOffset> {
    let day = newest
        .or(cx.date)
        .unwrap_or_else(|| Date::ymd(1970, 1, 1).expect("a valid day"));
    midnight(day)
}

pub(super) fn feed(cx: &Views<'_>) -> String {
    use atom_syndication::{Entry, Feed, Text};
    let ids = Ids::new(cx);
    let entries: Vec<Entry> = cx
        .newest
        .iter()
        .take(FEED_ENTRIES)
        .map(|a| {
            let url = url_from(cx, links::FEED, &links::article(&a.slug));
            let mut e = Entry::default();
            e.set_title(Text::plain(a.title.clone()));
            e.set_id(ids.article(a));
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
    feed.set_lang(Some(cx.config.language.clone()));
    feed.set_title(Text::plain(cx.config.title.clone()));
    feed.set_id(ids.feed("feed"));
    feed.set_authors(vec![atom_syndication::Person {
        name: cx.config.author.clone(),
        ..atom_syndication::Person::default()
    }]);
    feed.set_updated(updated(cx.newest.first().map(|a| a.date), cx));
    let mut feed_links = vec![link(url_from(cx, links::FEED, links::HOME), "alternate")];
    if cx.base_url.is_some() {
        feed_links.push(link(url_of(cx, links::FEED), "self"));
    }
    feed.set_links(feed_links);
    if !cx.config.description.is_empty() {
        feed.set_subtitle(Some(Text::plain(cx.config.description.clone())));
    }
    feed.set_entries(entries);
    feed.to_string()
}

fn link(href: String, rel: &str) -> atom_syndication::Link {
    atom_syndication::Link {
        href,
        rel: rel.to_string(),
        ..atom_syndication::Link::default()
    }
}

pub(super) fn robots(cx: &Views<'_>) -> String {
    let mut out = "User-agent: *\nAllow: /\n".to_string();
    if let Some(base) = cx.base_url {
        out.push_str(&format!("Sitemap: {base}sitemap.xml\n"));
    }
    out
}

/// The sitemap needs absolute URLs, so it is written only when `base_url` is set.
pub(super) fn sitemap(cx: &Views<'_>) -> Option<String> {
    let base = cx.base_url?;
    let mut urls: Vec<(String, Option<Date>)> = vec![
        (links::HOME.to_string(), cx.newest.first().map(|a| a.date)),
        (links::POINTS.to_string(), None),
        (links::TIMELINE.to_string(), None),
        (links::ARTICLES.to_string(), None),
        (links::SOURCES.to_string(), None),
        (links::PRINT.to_string(), None),
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
    if !cx.site.people.is_empty() {
        urls.push((links::PEOPLE.to_string(), None));
        urls.extend(cx.site.people.iter().map(|p| (links::person(&p.id), None)));
    }
    // Each page once per edition, each naming its others (`xhtml:link`).
    let languages: Vec<&str> = cx.config.languages().collect();
    let prefix = |i: usize| {
        if i == 0 {
            String::new()
        } else {
            format!("{}/", languages[i])
        }
    };
    let mut out = String::from(if languages.len() > 1 {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
    } else {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    });
    for (rel, date) in urls {
        for i in 0..languages.len() {
            out.push_str("  <url><loc>");
            out.push_str(&xml_escape(&format!("{base}{}{rel}", prefix(i))));
            out.push_str("</loc>");
            if let Some(d) = date {
                out.push_str(&format!("<lastmod>{}</lastmod>", d.iso()));
            }
            if languages.len() > 1 {
                for (j, code) in languages.iter().enumerate() {
                    out.push_str(&format!(
                        "<xhtml:link rel=\"alternate\" hreflang=\"{code}\" href=\"{}\"/>",
                        xml_escape(&format!("{base}{}{rel}", prefix(j)))
                    ));
                }
            }
            out.push_str("</url>\n");
        }
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

/// An Atom feed with one entry per claim, newest first: on every point (`changes.xml`), or
/// on one point ("watch this point"). Each entry gives the status in words, the party, who
/// said it, the note, and links to the article.
pub(super) fn changes_feed(cx: &Views<'_>, point: Option<&crate::model::Point>) -> String {
    use atom_syndication::{Feed, Person, Text};
    let ids = Ids::new(cx);
    let self_rel = point.map_or(links::CHANGES_FEED.to_string(), |p| {
        links::point_feed(p.number)
    });
    let claims = claims_newest_first(cx, point);
    let entries: Vec<atom_syndication::Entry> = claims
        .iter()
        .map(|(p, c, _)| claim_entry(cx, &ids, &self_rel, p, *c))
        .collect();
    let (title, id) = match point {
        Some(p) => (
            cx.config.strings.format(
                "feed_point_title",
                &[
                    ("site", &cx.config.title),
                    ("n", &p.number.to_string()),
                    ("title", &p.title),
                ],
            ),
            ids.feed(&format!("point/{}", p.number)),
        ),
        None => (
            cx.config
                .strings
                .format("feed_changes_title", &[("site", &cx.config.title)]),
            ids.feed("changes"),
        ),
    };
    let mut feed = Feed::default();
    feed.set_lang(Some(cx.config.language.clone()));
    feed.set_title(Text::plain(title));
    feed.set_id(id);
    feed.set_updated(updated(
        claims
            .first()
            .map(|(_, c, _)| c.claim.updated.unwrap_or(c.claim.date)),
        cx,
    ));
    feed.set_authors(vec![Person {
        name: cx.config.author.clone(),
        ..Person::default()
    }]);
    let alternate = point.map_or(links::POINTS.to_string(), |p| links::point(p.number));
    let mut feed_links = vec![link(url_from(cx, &self_rel, &alternate), "alternate")];
    if cx.base_url.is_some() {
        feed_links.push(link(url_of(cx, &self_rel), "self"));
    }
    feed.set_links(feed_links);
    feed.set_entries(entries);
    feed.to_string()
}

/// A claim with its point and its place in the point's history.
type PointClaim<'a> = (&'a crate::model::Point, crate::views::ClaimRef<'a>, usize);

/// The claims on `point` (on every point without one), newest first; on one day, by point
/// number, then in the order of the point's history.
fn claims_newest_first<'a>(
    cx: &Views<'a>,
    point: Option<&crate::model::Point>,
) -> Vec<PointClaim<'a>> {
    let mut claims: Vec<PointClaim<'a>> = cx
        .statuses
        .iter()
        .filter(|p| point.is_none_or(|q| q.number == p.point.number))
        .flat_map(|p| {
            p.history
                .iter()
                .enumerate()
                .map(move |(i, c)| (p.point, *c, i))
        })
        .collect();
    claims
        .sort_by(|a, b| (b.1.claim.date, a.0.number, a.2).cmp(&(a.1.claim.date, b.0.number, b.2)));
    claims
}

/// One claim as an entry: the status in words, who said it (and for which party), the note,
/// and a link to the article that reports it.
fn claim_entry(
    cx: &Views<'_>,
    ids: &Ids,
    feed: &str,
    p: &crate::model::Point,
    c: crate::views::ClaimRef<'_>,
) -> atom_syndication::Entry {
    use atom_syndication::{Entry, Text};
    let status = cx.config.status_or_unknown(c.claim.status.as_str());
    let words = &cx.config.strings;
    let who = match c.claim.party.as_deref() {
        Some(party) if party != c.claim.claimed_by => {
            format!("{} ({party})", c.claim.claimed_by)
        }
        Some(_) => c.claim.claimed_by.clone(),
        None => format!("{} ({})", c.claim.claimed_by, words.get("observer")),
    };
    let number = p.number.to_string();
    let label = match &c.claim.part {
        Some(part) => words.format("in_part", &[("status", &status.label), ("part", part)]),
        None => status.label.clone(),
    };
    let mut e = Entry::default();
    e.set_title(Text::plain(words.format(
        "feed_claim_title",
        &[("n", &number), ("status", &label), ("who", &who)],
    )));
    e.set_id(ids.claim(c.article, c.claim, p.number));
    e.set_updated(midnight(c.claim.updated.unwrap_or(c.claim.date)));
    e.set_published(Some(midnight(c.claim.date)));
    e.set_links(vec![link(
        url_from(cx, feed, &links::article(&c.article.slug)),
        "alternate",
    )]);
    let mut summary = words.format(
        "feed_claim_summary",
        &[
            ("who", &who),
            ("status", &label),
            ("n", &number),
            ("title", &p.title),
        ],
    );
    if let Some(note) = &c.claim.note {
        summary.push(' ');
        summary.push_str(&words.format("feed_note", &[("note", note)]));
    }
    summary.push(' ');
    summary.push_str(&words.format("feed_reported_in", &[("title", &c.article.title)]));
    e.set_summary(Some(Text::plain(summary)));
    e
}
