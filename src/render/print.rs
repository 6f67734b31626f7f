//! The print edition (`print/`): the whole briefing as one document for paper: the bottom
//! line, the counts, a compact table whose attributions are numbered notes, the contested
//! points, the changes from the base version to the latest, the events, who's who and every
//! source with its full address. Contexts only; `print.html` formats.

use super::context::{ClaimView, EventView, IndexPage, PartyView, PointRow, StatusView};
use super::parts::{claim_ref_view, event_view, point_row};
use super::people::PartyGroup;
use super::versions::{CompareRow, CompareSummary};
use super::{Input, Urls};
use serde::Serialize;

/// One cell of the compact table: the status in words, and the number of its note.
#[derive(Serialize)]
pub struct PrintCell<'a> {
    pub status: Option<StatusView<'a>>,
    pub part: Option<&'a str>,
    pub note: Option<usize>,
}

#[derive(Serialize)]
pub struct PrintRow<'a> {
    /// The point: its number, title, link and status in words (contested, in part, only some
    /// on record).
    pub row: PointRow<'a>,
    pub cells: Vec<PrintCell<'a>>,
}

/// A numbered note: who took the position, when, in what words, and where it is reported.
#[derive(Serialize)]
pub struct PrintNote<'a> {
    pub n: usize,
    pub party: &'a str,
    pub point: u32,
    pub claim: ClaimView<'a>,
}

/// A source as printed: its name, date and whole address.
#[derive(Serialize)]
pub struct PrintSource<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub date: Option<String>,
    pub date_label: Option<String>,
    pub kind: Option<&'a str>,
}

#[derive(Serialize)]
pub struct PrintPage<'a> {
    pub chrome: super::Chrome<'a>,
    /// The home page's lead, its relative links made relative to this page.
    pub lead_html: String,
    pub home: IndexPage<'a>,
    /// The briefing's date in words.
    pub date: Option<String>,
    pub date_label: Option<String>,
    /// The table's columns: the declared parties, or one column of the latest claim.
    pub columns: Vec<PartyView<'a>>,
    pub rows: Vec<PrintRow<'a>>,
    pub notes: Vec<PrintNote<'a>>,
    /// The base version against the latest, the points that changed only.
    pub changes: Option<CompareSummary<'a>>,
    pub changed: Vec<CompareRow<'a>>,
    pub events: Vec<EventView<'a>>,
    pub people: Vec<PartyGroup<'a>>,
    pub glossary: &'a [crate::model::Term],
    pub sources: Vec<PrintSource<'a>>,
    /// CSS `content` values: the running header (title and date) and "n of N".
    pub running_head: String,
    pub page_numbers: String,
}

/// `html` with each relative `href` (not a fragment, an absolute path or a URL with a
/// scheme) prefixed with `prefix`.
fn rebase(html: &str, prefix: &str) -> String {
    const ATTRIBUTE: &str = " href=\"";
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(at) = rest.find(ATTRIBUTE) {
        let start = at + ATTRIBUTE.len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let target = &rest[..rest.find('"').unwrap_or(rest.len())];
        let has_scheme = target
            .split_once(':')
            .is_some_and(|(scheme, _)| !scheme.contains('/'));
        if !(target.starts_with('#') || target.starts_with('/') || has_scheme) {
            out.push_str(prefix);
        }
    }
    out.push_str(rest);
    out
}

/// `text` as a CSS string, safe inside a `<style>` element.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("\\3c "),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// "{page} of {pages}" as a CSS `content` value with the page counters in place.
fn page_numbers(format: &str) -> String {
    let mut out = Vec::new();
    for (i, piece) in format.split("{page}").enumerate() {
        if i > 0 {
            out.push("counter(page)".to_string());
        }
        for (j, part) in piece.split("{pages}").enumerate() {
            if j > 0 {
                out.push("counter(pages)".to_string());
            }
            if !part.is_empty() {
                out.push(css_string(part));
            }
        }
    }
    out.join(" ")
}

pub(super) fn print_page<'a>(cx: &Input<'a>, u: &Urls<'_>) -> PrintPage<'a> {
    let mut home = super::pages::home(cx, u);
    // The home page's lead was rendered for the site's root; this page is one folder down.
    let lead = rebase(home.lead_html, "../");
    home.lead_html = "";
    let chrome = super::pages::chrome(cx, u, u.strings.get("print_title"), "print");
    let declared = !cx.config.parties.is_empty();
    let columns = if declared {
        super::parts::party_views(cx.config)
    } else {
        vec![PartyView {
            name: cx.config.strings.get("col_latest_claim"),
            short: cx.config.strings.get("col_latest_claim"),
        }]
    };
    let mut notes = Vec::new();
    let mut rows = Vec::new();
    for p in cx.statuses.iter() {
        let row = point_row(u, p, cx);
        let mut cells = Vec::new();
        let claims: Vec<(&'a str, Option<crate::views::ClaimRef<'a>>)> = if declared {
            p.positions
                .iter()
                .map(|pos| (cx.config.shown(pos.party), pos.latest))
                .collect()
        } else {
            vec![("", p.history.last().copied())]
        };
        for (party, claim) in claims {
            let Some(claim) = claim else {
                cells.push(PrintCell {
                    status: None,
                    part: None,
                    note: None,
                });
                continue;
            };
            let view = claim_ref_view(u, claim, cx);
            let n = notes.len() + 1;
            cells.push(PrintCell {
                status: Some(view.status),
                part: view.part,
                note: Some(n),
            });
            notes.push(PrintNote {
                n,
                party: if party.is_empty() {
                    view.party.unwrap_or("")
                } else {
                    party
                },
                point: p.point.number,
                claim: view,
            });
        }
        rows.push(PrintRow { row, cells });
    }
    // The base against the latest version, when both are declared and compared.
    let base = cx.config.base_version().map(|v| v.id.as_str());
    let latest = cx.config.plan.versions.last().map(|v| v.id.as_str());
    let pair = cx.comparisons.iter().position(|(_, c)| {
        Some(c.from.id.as_str()) == base && Some(c.to.id.as_str()) == latest && base != latest
    });
    let (changes, changed) = match pair {
        Some(i) => {
            let page = super::versions::compare_page(cx, u, i);
            let rows = page.rows.into_iter().filter(|r| r.change != "same");
            (Some(page.summary), rows.collect())
        }
        None => (None, Vec::new()),
    };
    let events = cx
        .timeline
        .iter()
        .filter_map(|e| match e.kind {
            crate::views::EntryKind::Event(ev) => Some(event_view(u, ev, e.article, cx)),
            crate::views::EntryKind::Claim(_) => None,
        })
        .collect();
    let people = if cx.site.people.is_empty() {
        Vec::new()
    } else {
        super::people::people_page(cx, u).groups
    };
    // Every source with an address, once, oldest first.
    let mut sources: Vec<PrintSource<'a>> = Vec::new();
    let mut seen: std::collections::HashSet<&str> = Default::default();
    for a in cx.newest.iter().rev() {
        for s in &a.sources {
            let Some(url) = s.url.as_deref() else {
                continue;
            };
            if !seen.insert(url) {
                continue;
            }
            sources.push(PrintSource {
                name: &s.name,
                url,
                date: s.date.map(|d| d.iso()),
                date_label: s.date.map(|d| u.date(d)),
                kind: s.kind.as_deref(),
            });
        }
    }
    let head = match &cx.date {
        Some(d) => format!("{} · {}", home.title, u.date(*d)),
        None => home.title.to_string(),
    };
    PrintPage {
        chrome,
        lead_html: lead,
        running_head: css_string(&head),
        page_numbers: page_numbers(u.strings.get("print_pages")),
        home,
        date: cx.date.map(|d| d.iso()),
        date_label: cx.date.map(|d| u.date(d)),
        columns,
        rows,
        notes,
        changes,
        changed,
        events,
        people,
        glossary: cx
            .site
            .glossary
            .as_ref()
            .map_or(&[], |g| g.terms.as_slice()),
        sources,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_are_rebased_and_others_kept() {
        let html = r##"<a href="articles/x/">x</a> <a href="#top">t</a> <a href="https://e.org/a">e</a> <a href="/abs">a</a> <a href="points/1/index.html?a=b:c">p</a>"##;
        assert_eq!(
            rebase(html, "../"),
            r##"<a href="../articles/x/">x</a> <a href="#top">t</a> <a href="https://e.org/a">e</a> <a href="/abs">a</a> <a href="../points/1/index.html?a=b:c">p</a>"##
        );
    }

    #[test]
    fn running_heads_are_css_strings_that_cannot_close_the_style() {
        assert_eq!(
            css_string("Plan \"A\" </style>"),
            "\"Plan \\\"A\\\" \\3c /style>\""
        );
        assert_eq!(
            page_numbers("{page} of {pages}"),
            "counter(page) \" of \" counter(pages)"
        );
        assert_eq!(
            page_numbers("Сторінка {page} з {pages}"),
            "\"Сторінка \" counter(page) \" з \" counter(pages)"
        );
    }
}
