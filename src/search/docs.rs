//! What a search can find: one document per article, point, event and tag, with its texts
//! weighted by field (title, summary, body) and the start of its text for the snippet.

use crate::links;
use crate::markdown::Bodies;
use crate::views::Views;
use serde::Serialize;
use std::borrow::Cow;

/// How much text of a document its snippet keeps.
const SNIPPET_CHARS: usize = 240;
/// Field weights: a hit in the title counts most, then the summary, then the body.
const TITLE: u32 = 3;
const SUMMARY: u32 = 2;
const BODY: u32 = 1;

/// One thing a search can find.
#[derive(Debug, PartialEq, Serialize)]
pub(super) struct Doc {
    /// `article`, `point`, `event`, `tag`, `term` or `person`.
    pub(super) k: &'static str,
    /// Title, site-root-relative URL (with an anchor for events), ISO date or "".
    pub(super) t: String,
    pub(super) u: String,
    pub(super) d: String,
    /// The start of its text, for the snippet.
    pub(super) s: String,
}

/// A document's texts with their weights.
pub(super) type Fields<'a> = Vec<(Cow<'a, str>, u32)>;

fn plain<'a>(text: impl Into<Cow<'a, str>>, weight: u32) -> (Cow<'a, str>, u32) {
    (text.into(), weight)
}

pub(super) fn article_doc<'a>(
    a: &'a crate::model::Article,
    bodies: &'a Bodies,
) -> (Doc, Fields<'a>) {
    let mut fields = vec![plain(&a.title, TITLE), plain(&a.summary, SUMMARY)];
    fields.extend(a.tags.iter().map(|t| plain(&t.name, SUMMARY)));
    fields.push(plain(bodies.words(&a.path), BODY));
    let snippet = if a.summary.is_empty() {
        bodies.lead(&a.path)
    } else {
        &a.summary
    };
    let found = doc(
        "article",
        &a.title,
        links::article(&a.slug),
        a.date.iso(),
        snippet,
    );
    (found, fields)
}

/// Where the event that is entry `i` of the timeline is: its page and its day's anchor.
fn event_url(i: usize, ev: &crate::model::Event) -> String {
    let mut url = String::new();
    push_event_url(&mut url, i, ev);
    url
}

/// `event_url`, added to `url` (`Index::update` checks every event's without a string each).
pub(super) fn push_event_url(url: &mut String, i: usize, ev: &crate::model::Event) {
    use std::fmt::Write;
    links::push_page_of(
        url,
        links::TIMELINE,
        i / crate::render::TIMELINE_PER_PAGE + 1,
    );
    let anchor = if ev.date.is_full() { "d" } else { "m" };
    let _ = write!(url, "#{anchor}-{}", ev.date);
}

/// Points, events, tags, glossary terms and people.
pub(super) fn other_docs<'a>(views: &'a Views<'_>, bodies: &'a Bodies) -> Vec<(Doc, Fields<'a>)> {
    let mut docs = Vec::new();
    for p in &views.site.points {
        let title = views.config.strings.format(
            "point_title",
            &[("n", &p.number.to_string()), ("title", &p.title)],
        );
        let mut fields = vec![
            plain(title.clone(), TITLE),
            plain(&p.summary, SUMMARY),
            plain(bodies.words(&p.path), BODY),
        ];
        fields.extend(
            p.versions
                .values()
                .filter_map(|v| v.wording.as_ref().map(crate::model::Wording::text))
                .map(|t| plain(t, BODY)),
        );
        docs.push((
            doc(
                "point",
                &title,
                links::point(p.number),
                String::new(),
                &p.summary,
            ),
            fields,
        ));
    }
    for (i, e) in views.timeline.iter().enumerate() {
        let crate::views::EntryKind::Event(ev) = e.kind else {
            continue;
        };
        let mut fields = vec![plain(&ev.title, TITLE)];
        fields.extend(ev.place.iter().map(|p| plain(p, SUMMARY)));
        fields.extend(ev.actors.iter().map(|a| plain(a, SUMMARY)));
        let url = event_url(i, ev);
        let snippet = format!(
            "{} {}",
            ev.place.as_deref().unwrap_or(""),
            ev.actors.join(", ")
        );
        docs.push((
            doc("event", &ev.title, url, ev.date.iso(), &snippet),
            fields,
        ));
    }
    for (slug, (name, list)) in &views.tags {
        let snippet = views
            .config
            .strings
            .plural("tag_articles", list.len() as u64, &[]);
        docs.push((
            doc("tag", name, links::tag(slug), String::new(), &snippet),
            vec![plain(*name, TITLE)],
        ));
    }
    for t in views.site.glossary.iter().flat_map(|g| &g.terms) {
        let mut fields = vec![plain(&t.term, TITLE)];
        fields.extend(t.aliases.iter().map(|a| plain(a, TITLE)));
        fields.push(plain(&t.definition, SUMMARY));
        let url = format!("{}#{}", links::GLOSSARY, t.id);
        docs.push((
            doc("term", &t.term, url, String::new(), &t.definition),
            fields,
        ));
    }
    for p in &views.site.people {
        let roles: Vec<&str> = p.roles.iter().map(|r| r.title.as_str()).collect();
        let mut fields = vec![plain(&p.name, TITLE)];
        fields.extend(roles.iter().map(|r| plain(*r, SUMMARY)));
        fields.push(plain(bodies.words(&p.path), BODY));
        let snippet = roles.join("; ");
        docs.push((
            doc(
                "person",
                &p.name,
                links::person(&p.id),
                String::new(),
                &snippet,
            ),
            fields,
        ));
    }
    docs
}

/// As much of a text as its snippet reads: its words, white space folded, up to and with the
/// first that does not fit in `SNIPPET_CHARS` (`doc` makes the same snippet of it as of the
/// whole text).
pub fn lead(text: &str) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += word.chars().count();
        if chars > SNIPPET_CHARS {
            break;
        }
    }
    out
}

fn doc(kind: &'static str, title: &str, url: String, date: String, text: &str) -> Doc {
    // The start of the text with its white space folded.
    let mut s = String::with_capacity(SNIPPET_CHARS + 8);
    let mut chars = 0;
    let mut words = text.split_whitespace().peekable();
    while let Some(word) = words.next() {
        if chars + word.chars().count() > SNIPPET_CHARS {
            let room = SNIPPET_CHARS.saturating_sub(chars);
            s.extend(word.chars().take(room));
            s.push('…');
            break;
        }
        s.push_str(word);
        chars += word.chars().count();
        if words.peek().is_some() {
            s.push(' ');
            chars += 1;
        }
    }
    Doc {
        k: kind,
        t: title.to_string(),
        u: url,
        d: date,
        s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lead_makes_the_same_snippet_as_the_whole_text() {
        let long_word = "x".repeat(300);
        let words = "word ".repeat(100);
        let spaced = "alpha\n\n  beta\t".repeat(40);
        let cyrillic = "Переклад звіту про переговори. ".repeat(20);
        let exact = format!("{} tail", "a".repeat(SNIPPET_CHARS - 5));
        let texts = [
            "",
            "short text",
            &long_word,
            &words,
            &spaced,
            &cyrillic,
            &exact,
            &"b".repeat(SNIPPET_CHARS),
        ];
        for text in texts {
            let whole = doc("article", "t", String::new(), String::new(), text).s;
            let from_lead = doc("article", "t", String::new(), String::new(), &lead(text)).s;
            assert_eq!(whole, from_lead, "{text:?}");
            assert!(lead(text).chars().count() <= SNIPPET_CHARS + 300);
        }
        assert!(lead(&words).len() < words.len());
    }
}
