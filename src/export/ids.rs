//! The ids others store: Atom feed and entry ids and calendar UIDs, as tag URIs (RFC 4151)
//! made from what a thing is (its source file, its point, its party, its date, its title),
//! never from where it stands in a list, and never from `base_url`, a slug or a translation.
//! Renaming the source file is the only way to change one.

use crate::model::{Article, Claim, Date, Event, Site};
use crate::views::Views;
use std::path::Path;

/// Makes the ids of one briefing: each starts `tag:<authority>,<date>:`. In another
/// language's edition they are made from the original articles, so that they are the same
/// in every edition.
pub(super) struct Ids<'a> {
    prefix: String,
    /// The untranslated site, when the views show a translation of it.
    original: Option<&'a Site>,
}

impl<'a> Ids<'a> {
    pub(super) fn new(cx: &Views<'a>) -> Ids<'a> {
        Ids {
            prefix: format!("tag:{}:", cx.config.tag_authority),
            original: (!std::ptr::eq(cx.original, cx.site)).then_some(cx.original),
        }
    }

    /// The original of an article (itself outside a translated edition).
    fn original<'b>(&'b self, a: &'b Article) -> &'b Article {
        let Some(site) = self.original else {
            return a;
        };
        let published = site.articles.binary_search_by(|o| o.path.cmp(&a.path));
        match published {
            Ok(i) => &site.articles[i],
            Err(_) => site.drafts.iter().find(|o| o.path == a.path).unwrap_or(a),
        }
    }

    /// The original of an item of one of an article's lists, found by its place in the list.
    fn same_place<'b, T>(list: &'b [T], item: &'b T, originals: &'b [T]) -> &'b T {
        let at = list.iter().position(|o| std::ptr::eq(o, item));
        at.and_then(|i| originals.get(i)).unwrap_or(item)
    }

    /// A feed: `feed`, `changes` or `point/<n>`.
    pub(super) fn feed(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    /// An article, by its source file.
    pub(super) fn article(&self, a: &Article) -> String {
        format!("{}{}", self.prefix, encode(&source(&a.path)))
    }

    /// A claim on `point`: its article's source file, the point, whose position it states (the
    /// party, or for an observer who made it) and its date; a claim that repeats an earlier
    /// one of the same article in all four also has a short hash of its words.
    pub(super) fn claim(&self, a: &Article, c: &Claim, point: u32) -> String {
        let o = self.original(a);
        let c = Self::same_place(&a.claims, c, &o.claims);
        let a = o;
        let who = c.party.as_deref().unwrap_or(&c.claimed_by);
        let key = |o: &Claim| {
            o.points.contains(&point)
                && o.date == c.date
                && o.party.as_deref().unwrap_or(&o.claimed_by) == who
        };
        let first = a.claims.iter().find(|o| key(o));
        let mut id = format!(
            "{}{}#claim/{point}/{}/{}",
            self.prefix,
            encode(&source(&a.path)),
            encode(who),
            c.date
        );
        if !first.is_some_and(|f| std::ptr::eq(f, c)) {
            let words = format!(
                "{}\u{1f}{}\u{1f}{}\u{1f}{}",
                c.status.as_str(),
                c.claimed_by,
                c.note.as_deref().unwrap_or(""),
                c.part.as_deref().unwrap_or("")
            );
            let hash = xxhash_rust::xxh3::xxh3_64(words.as_bytes());
            id.push_str(&format!("/{:08x}", hash >> 32));
        }
        id
    }

    /// An event: its article's source file, its date and its title (and, for an event that
    /// repeats an earlier one of the same article in both, which repeat it is).
    pub(super) fn event(&self, a: &Article, e: &Event) -> String {
        let o = self.original(a);
        let e = Self::same_place(&a.events, e, &o.events);
        let a = o;
        let title = crate::model::slugify(&e.title);
        let same = |o: &&Event| o.date == e.date && crate::model::slugify(&o.title) == title;
        let before = a
            .events
            .iter()
            .take_while(|o| !std::ptr::eq(*o, e))
            .filter(same)
            .count();
        let mut id = format!(
            "{}{}#event/{}/{}",
            self.prefix,
            encode(&source(&a.path)),
            e.date,
            encode(&title)
        );
        if before > 0 {
            id.push_str(&format!("/{}", before + 1));
        }
        id
    }
}

/// A source path with forward slashes, as the ids spell it.
fn source(path: &Path) -> String {
    crate::links::slashed(path).into_owned()
}

/// Percent-encodes what a tag URI's specific part may not hold as it is (RFC 3986 `pchar`,
/// `/` and `?` stay).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        let plain = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?".contains(&b);
        if plain {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The briefing's date: the latest date of any published claim, event or article (`None` for
/// a briefing with none). Empty feeds and the editions' "as of" use it; the build never reads
/// the clock.
pub(crate) fn briefing_date(articles: &[Article]) -> Option<Date> {
    articles
        .iter()
        .flat_map(|a| {
            std::iter::once(a.date)
                .chain(a.claims.iter().map(|c| c.date))
                .chain(a.events.iter().map(|e| e.date))
        })
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_keeps_a_paths_slashes_and_escapes_the_rest() {
        assert_eq!(
            encode("content/articles/a b.md"),
            "content/articles/a%20b.md"
        );
        assert_eq!(encode("United States"), "United%20States");
        assert_eq!(encode("Київ"), "%D0%9A%D0%B8%D1%97%D0%B2");
    }
}
