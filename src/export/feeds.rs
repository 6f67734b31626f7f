//! The Atom feed (atom_syndication), the sitemap and robots.txt.

use super::{midnight, url_of};
use crate::links;
use crate::model::Date;
use crate::views::Views;

/// How many of the newest articles the feed carries.
const FEED_ENTRIES: usize = 50;

pub(super) fn feed(cx: &Views<'_>) -> String {
    use atom_syndication::{Entry, Feed, Text};
    let site_id = site_id(cx);
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
    feed.set_lang(Some(cx.config.language.clone()));
    feed.set_title(Text::plain(cx.config.title.clone()));
    feed.set_id(site_id);
    feed.set_authors(vec![atom_syndication::Person {
        name: cx.config.author.clone(),
        ..atom_syndication::Person::default()
    }]);
    feed.set_updated(cx.newest.first().map_or_else(
        || midnight(Date::ymd(1970, 1, 1).expect("a valid day")),
        |a| midnight(a.date),
    ));
    let mut feed_links = vec![link(url_of(cx, links::HOME), "alternate")];
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

/// The feeds' identity: the site's URL, or a stable URN made from its title.
fn site_id(cx: &Views<'_>) -> String {
    cx.base_url.map_or_else(
        || format!("urn:briefing:{}", crate::model::slugify(&cx.config.title)),
        str::to_string,
    )
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

/// An Atom feed with one entry per claim, newest first: on every point (`changes.xml`), or
/// on one point ("watch this point"). Each entry gives the status in words, the party, who
/// said it, the note, and links to the article.
pub(super) fn changes_feed(cx: &Views<'_>, point: Option<&crate::model::Point>) -> String {
    use atom_syndication::{Feed, Person, Text};
    let site_id = site_id(cx);
    let claims = claims_newest_first(cx, point);
    let entries: Vec<atom_syndication::Entry> = claims
        .iter()
        .map(|(p, c, i)| claim_entry(cx, &site_id, p, *c, *i))
        .collect();
    let (title, self_rel, id) = match point {
        Some(p) => (
            cx.config.strings.format(
                "feed_point_title",
                &[
                    ("site", &cx.config.title),
                    ("n", &p.number.to_string()),
                    ("title", &p.title),
                ],
            ),
            links::point_feed(p.number),
            format!("{site_id}:point:{}", p.number),
        ),
        None => (
            cx.config
                .strings
                .format("feed_changes_title", &[("site", &cx.config.title)]),
            links::CHANGES_FEED.to_string(),
            format!("{site_id}:changes"),
        ),
    };
    let mut feed = Feed::default();
    feed.set_lang(Some(cx.config.language.clone()));
    feed.set_title(Text::plain(title));
    feed.set_id(id);
    feed.set_updated(claims.first().map_or_else(
        || midnight(Date::ymd(1970, 1, 1).expect("a valid day")),
        |(_, c, _)| midnight(c.claim.date),
    ));
    feed.set_authors(vec![Person {
        name: cx.config.author.clone(),
        ..Person::default()
    }]);
    let alternate = point.map_or(links::POINTS.to_string(), |p| links::point(p.number));
    let mut feed_links = vec![link(url_of(cx, &alternate), "alternate")];
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
    site_id: &str,
    p: &crate::model::Point,
    c: crate::views::ClaimRef<'_>,
    i: usize,
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
    e.set_id(format!("{site_id}:point:{}:claim:{i}", p.number));
    e.set_updated(midnight(c.claim.date));
    e.set_published(Some(midnight(c.claim.date)));
    e.set_links(vec![link(
        url_of(cx, &links::article(&c.article.slug)),
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
