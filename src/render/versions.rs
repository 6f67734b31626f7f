//! The versions pages: the list of versions, one version as written, two versions side by
//! side, and a point's wording across versions. Contexts only; templates format.

use super::pages::chrome;
use super::parts::point_link;
use super::{Input, Urls};
use crate::config::Version;
use crate::links;
use crate::model::{Point, Presence, VersionEntry, Wording};
use crate::views::versions::{Change, ChangeCounts, Comparison, Piece, VersionView};
use serde::Serialize;

#[derive(Serialize)]
pub struct VersionLink<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub url: String,
    pub date: Option<String>,
    pub date_label: Option<String>,
}

#[derive(Serialize)]
pub struct VersionSummary<'a> {
    pub link: VersionLink<'a>,
    pub source_name: Option<&'a str>,
    pub source_url: Option<&'a str>,
    pub note: Option<&'a str>,
    pub is_base: bool,
    /// How many points the version was reported to have (`points:` in `briefing.yaml`), else
    /// how many it numbers when its text is known for every point; `None`: not known.
    pub points: Option<usize>,
    /// The comparison with the version it revises.
    pub from_previous: Option<CompareSummary<'a>>,
}

#[derive(Serialize)]
pub struct CompareSummary<'a> {
    pub from: VersionLink<'a>,
    pub to: VersionLink<'a>,
    pub url: String,
    pub counts: ChangeCounts,
}

/// A point as one version has it. `state` is `present`, `unknown` (text not public),
/// `deleted`, `merged`, `absent` or `not-known` (the version's treatment of it is not known).
#[derive(Serialize)]
pub struct EntryView<'a> {
    pub point: super::PointLink<'a>,
    pub number: Option<u32>,
    pub state: &'static str,
    pub into: Option<u32>,
    /// The version's own words, verbatim (shown in quotation marks).
    pub quote: Option<String>,
    /// Where the quote was read, when not the version's own source.
    pub quote_source: Option<Source>,
    /// The point in the editors' words (labelled as ours).
    pub summary: Option<String>,
    /// The summary's language when it is not the page's (no translation gives it).
    pub summary_lang: Option<&'a str>,
    pub confidence: Option<String>,
    pub note: Option<String>,
}

/// A cited outlet or document and its address.
#[derive(Serialize)]
pub struct Source {
    pub name: String,
    pub url: Option<String>,
}

#[derive(Serialize)]
pub struct PieceView {
    /// `same`, `removed` or `added`.
    pub kind: &'static str,
    pub text: String,
}

#[derive(Serialize)]
pub struct CompareRow<'a> {
    pub from: EntryView<'a>,
    pub to: EntryView<'a>,
    /// `same`, `changed`, `renumbered`, `deleted`, `merged`, `new` or `not-known`.
    pub change: &'static str,
    /// The wording from one version to the other, changes marked.
    pub pieces: Vec<PieceView>,
}

/// A point in one version, with the change from the version before.
#[derive(Serialize)]
pub struct AcrossRow<'a> {
    pub version: VersionLink<'a>,
    pub entry: EntryView<'a>,
    pub change: Option<&'static str>,
    pub pieces: Vec<PieceView>,
}

/// A comparison page kept for a pair no longer compared: it links the comparisons that
/// replace it (`replacements[0]` is its canonical page).
#[derive(Serialize)]
pub struct RetiredPage<'a> {
    pub chrome: super::Chrome<'a>,
    pub from: VersionLink<'a>,
    pub to: VersionLink<'a>,
    pub replacements: Vec<CompareSummary<'a>>,
}

#[derive(Serialize)]
pub struct VersionsPage<'a> {
    pub chrome: super::Chrome<'a>,
    pub plan_title: &'a str,
    pub versions: Vec<VersionSummary<'a>>,
    pub comparisons: Vec<CompareSummary<'a>>,
}

#[derive(Serialize)]
pub struct VersionPage<'a> {
    pub chrome: super::Chrome<'a>,
    pub version: VersionSummary<'a>,
    pub entries: Vec<EntryView<'a>>,
}

#[derive(Serialize)]
pub struct ComparePage<'a> {
    pub chrome: super::Chrome<'a>,
    pub summary: CompareSummary<'a>,
    pub rows: Vec<CompareRow<'a>>,
}

pub(super) fn version_link<'a>(u: &Urls<'_>, v: &'a Version) -> VersionLink<'a> {
    VersionLink {
        id: &v.id,
        title: &v.title,
        url: u.to(&links::version(&v.id)),
        date: v.date.map(|d| d.iso()),
        date_label: v.date.map(|d| u.date(d)),
    }
}

fn compare_summary<'a>(u: &Urls<'_>, c: &Comparison<'a>) -> CompareSummary<'a> {
    CompareSummary {
        from: version_link(u, c.from),
        to: version_link(u, c.to),
        url: u.to(&links::compare(&c.from.id, &c.to.id)),
        counts: c.counts,
    }
}

fn summary<'a>(cx: &Input<'a>, u: &Urls<'_>, i: usize) -> VersionSummary<'a> {
    let view: &VersionView<'a> = &cx.versions[i];
    let v = view.version;
    VersionSummary {
        link: version_link(u, v),
        source_name: v.source.as_ref().map(|s| s.name.as_str()),
        source_url: v.source.as_ref().and_then(|s| s.url.as_deref()),
        note: v.note.as_deref(),
        is_base: view.is_base,
        points: v.points.map(|n| n as usize).or_else(|| {
            let all_known = view.points.iter().all(|p| {
                p.entry
                    .as_ref()
                    .is_some_and(|e| e.presence != Presence::Unknown)
            });
            all_known.then_some(view.numbered)
        }),
        from_previous: lineage(cx, i).map(|(_, c)| compare_summary(u, c)),
    }
}

/// The comparison of version `i` with the version it revises.
fn lineage<'c, 'a>(cx: &'c Input<'a>, i: usize) -> Option<&'c ((usize, usize), Comparison<'a>)> {
    let from = cx.config.plan.versions[i].from?;
    cx.comparisons.iter().find(|(pair, _)| *pair == (from, i))
}

fn entry_view<'a>(
    u: &Urls<'_>,
    cx: &Input<'a>,
    point: &'a Point,
    entry: Option<&VersionEntry>,
) -> EntryView<'a> {
    let (state, into) = match entry.map(|e| e.presence) {
        None => ("not-known", None),
        Some(Presence::Present) => ("present", None),
        Some(Presence::Unknown) => ("unknown", None),
        Some(Presence::Deleted) => ("deleted", None),
        Some(Presence::Merged(n)) => ("merged", Some(n)),
        Some(Presence::Absent) => ("absent", None),
    };
    EntryView {
        point: point_link(u, point.number, &point.title),
        number: entry.and_then(|e| e.number),
        state,
        into,
        quote: match entry.and_then(|e| e.wording.as_ref()) {
            Some(Wording::Quote { text, .. }) => Some(text.clone()),
            _ => None,
        },
        quote_source: match entry.and_then(|e| e.wording.as_ref()) {
            Some(Wording::Quote {
                source: Some(s), ..
            }) => Some(Source {
                name: s.name.clone(),
                url: s.url.clone(),
            }),
            _ => None,
        },
        summary: match entry.and_then(|e| e.wording.as_ref()) {
            Some(Wording::Summary(text)) => Some(text.clone()),
            _ => None,
        },
        summary_lang: untranslated(cx, point, entry),
        confidence: entry.and_then(|e| e.confidence.clone()),
        note: entry.and_then(|e| e.note.clone()),
    }
}

/// In another language's edition, the default's language when a summary is the original's
/// own words (no translation gave it).
fn untranslated<'a>(
    cx: &Input<'a>,
    point: &Point,
    entry: Option<&VersionEntry>,
) -> Option<&'a str> {
    let lang = cx.editions.source_lang()?;
    let Some(Wording::Summary(text)) = entry.and_then(|e| e.wording.as_ref()) else {
        return None;
    };
    let original = cx
        .original
        .points
        .iter()
        .find(|p| p.number == point.number)?;
    let same = |e: &VersionEntry| matches!(&e.wording, Some(Wording::Summary(t)) if t == text);
    original.versions.values().any(same).then_some(lang)
}

fn change_key(c: Change) -> &'static str {
    match c {
        Change::Same | Change::Neither => "same",
        Change::Changed => "changed",
        Change::Renumbered => "renumbered",
        Change::Deleted => "deleted",
        Change::Merged(_) => "merged",
        Change::New => "new",
        Change::NotKnown => "not-known",
        Change::NotCompared => "not-compared",
    }
}

fn pieces(diff: &[Piece]) -> Vec<PieceView> {
    diff.iter()
        .map(|p| match p {
            Piece::Same(t) => ("same", t),
            Piece::Removed(t) => ("removed", t),
            Piece::Added(t) => ("added", t),
        })
        .map(|(kind, text)| PieceView {
            kind,
            text: text.clone(),
        })
        .collect()
}

pub(super) fn versions_page<'a>(cx: &Input<'a>, u: &Urls<'_>) -> VersionsPage<'a> {
    VersionsPage {
        chrome: chrome(cx, u, u.strings.get("versions_title"), "versions"),
        plan_title: &cx.config.plan.title,
        versions: (0..cx.versions.len()).map(|i| summary(cx, u, i)).collect(),
        comparisons: cx
            .comparisons
            .iter()
            .map(|(_, c)| compare_summary(u, c))
            .collect(),
    }
}

pub(super) fn version_page<'a>(cx: &Input<'a>, u: &Urls<'_>, i: usize) -> VersionPage<'a> {
    let view = &cx.versions[i];
    VersionPage {
        chrome: chrome(cx, u, &view.version.title, "versions"),
        version: summary(cx, u, i),
        entries: view
            .points
            .iter()
            .map(|p| entry_view(u, cx, p.point, p.entry.as_ref()))
            .collect(),
    }
}

pub(super) fn compare_page<'a>(cx: &Input<'a>, u: &Urls<'_>, i: usize) -> ComparePage<'a> {
    let (_, c) = &cx.comparisons[i];
    let title = format!("{} {} {}", c.from.title, u.strings.get("and"), c.to.title);
    ComparePage {
        chrome: chrome(cx, u, &title, "versions"),
        summary: compare_summary(u, c),
        rows: c
            .points
            .iter()
            .map(|p| CompareRow {
                from: entry_view(u, cx, p.point, p.from.as_ref()),
                to: entry_view(u, cx, p.point, p.to.as_ref()),
                change: change_key(p.change),
                pieces: pieces(&p.diff),
            })
            .collect(),
    }
}

pub(super) fn retired_page<'a>(cx: &Input<'a>, u: &Urls<'_>, i: usize) -> RetiredPage<'a> {
    let (a, b) = cx.retired[i];
    let v = &cx.config.plan.versions;
    let title = format!("{} {} {}", v[a].title, u.strings.get("and"), v[b].title);
    // The comparisons of the later version first (its lineage, then against the base), then
    // those of the earlier one.
    let mut replacements: Vec<CompareSummary<'a>> = Vec::new();
    for side in [b, a] {
        let start = replacements.len();
        for (pair, c) in cx.comparisons.iter().filter(|(pair, _)| pair.1 == side) {
            let summary = compare_summary(u, c);
            if cx.config.plan.versions[side].from == Some(pair.0) {
                replacements.insert(start, summary);
            } else {
                replacements.push(summary);
            }
        }
    }
    let mut chrome = chrome(cx, u, &title, "versions");
    // The page that replaces this one: absolute with a base URL, else relative to this page.
    chrome.canonical_url = replacements.first().map(|r| match cx.base_url {
        Some(base) => {
            let (a, b) = (&r.from.id, &r.to.id);
            format!("{base}{}", links::compare(a, b))
        }
        None => r.url.clone(),
    });
    RetiredPage {
        chrome,
        from: version_link(u, &v[a]),
        to: version_link(u, &v[b]),
        replacements,
    }
}

/// The point in every version, oldest first, each compared with the version it revises.
pub(super) fn across<'a>(cx: &Input<'a>, u: &Urls<'_>, point: &'a Point) -> Vec<AcrossRow<'a>> {
    let mut rows = Vec::new();
    for (i, view) in cx.versions.iter().enumerate() {
        let entry = view
            .points
            .iter()
            .find(|p| p.point.number == point.number)
            .and_then(|p| p.entry.as_ref());
        let compared = lineage(cx, i)
            .and_then(|(_, c)| c.points.iter().find(|p| p.point.number == point.number));
        rows.push(AcrossRow {
            version: version_link(u, view.version),
            entry: entry_view(u, cx, point, entry),
            change: compared.map(|c| change_key(c.change)),
            pieces: compared.map(|c| pieces(&c.diff)).unwrap_or_default(),
        });
    }
    rows
}
