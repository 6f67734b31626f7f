//! The JSON exports (serde_json): `data/points.json` (every point, its positions and its
//! dated claims), `data/timeline.json`, `data/versions.json` and `data/people.json`.

use super::{export_error, url_of};
use crate::diagnostics::Error;
use crate::links;
use crate::model::Date;
use crate::views::Views;
use crate::views::{EntryKind, PointStatus};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct ArticleRef<'a> {
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct ClaimJson<'a> {
    status: &'a str,
    claimed_by: &'a str,
    /// The person's id (`content/people/<id>.md`) when the claim names one with `by:`.
    by: Option<&'a str>,
    /// `null` for an observer's claim.
    party: Option<&'a str>,
    date: String,
    note: Option<&'a str>,
    /// The part of the point the claim covers (`null`: the whole point).
    part: Option<&'a str>,
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
    partial: bool,
    /// The status follows from a claim on part of the point.
    in_part: bool,
    /// How many parties are on record.
    on_record: usize,
    /// The day the point exists from (`null`: from the start).
    since: Option<String>,
    /// Each party's latest claim, by party name (`null`: not on record).
    positions: BTreeMap<&'a str, Option<ClaimJson<'a>>>,
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

fn claim_json<'a>(cx: &Views<'a>, c: crate::views::ClaimRef<'a>) -> ClaimJson<'a> {
    ClaimJson {
        status: c.claim.status.as_str(),
        claimed_by: &c.claim.claimed_by,
        by: c.claim.by.as_deref(),
        party: c.claim.party.as_deref(),
        date: c.claim.date.iso(),
        note: c.claim.note.as_deref(),
        part: c.claim.part.as_deref(),
        points: &c.claim.points,
        article: ArticleRef {
            title: &c.article.title,
            url: url_of(cx, &links::article(&c.article.slug)),
        },
    }
}

fn point_json<'a>(cx: &Views<'a>, p: &PointStatus<'a>) -> PointJson<'a> {
    PointJson {
        number: p.point.number,
        block: &p.point.block.0,
        title: &p.point.title,
        summary: &p.point.summary,
        url: url_of(cx, &links::point(p.point.number)),
        status: p.current.key.as_str(),
        status_label: &p.current.label,
        contested: p.contested,
        partial: p.partial,
        in_part: p.in_part,
        on_record: p.on_record,
        since: p.point.since.map(|d| d.iso()),
        positions: p
            .positions
            .iter()
            .map(|pos| (pos.party, pos.latest.map(|c| claim_json(cx, c))))
            .collect(),
        history: p.history.iter().map(|c| claim_json(cx, *c)).collect(),
    }
}

pub(super) fn points_json(cx: &Views<'_>) -> Result<String, Error> {
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
    serde_json::to_string_pretty(&doc).map_err(|e| export_error(links::POINTS_JSON, e))
}

/// One entry of `data/timeline.json`; its keys in alphabetical order, as the export lists them.
#[derive(Serialize)]
struct EntryJson<'a> {
    actors: &'a [String],
    article: ArticleRef<'a>,
    claimed_by: Option<&'a str>,
    date: Date,
    kind: &'static str,
    note: Option<&'a str>,
    place: Option<&'a str>,
    points: &'a [u32],
    status: Option<&'a str>,
    title: &'a str,
}

#[derive(Serialize)]
struct TimelineJson<'a> {
    entries: Vec<EntryJson<'a>>,
}

pub(super) fn timeline_json(cx: &Views<'_>) -> Result<String, Error> {
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
                    date: ev.date,
                    title: &ev.title,
                    place: ev.place.as_deref(),
                    actors: &ev.actors,
                    points: &ev.points,
                    status: None,
                    claimed_by: None,
                    note: None,
                    article,
                },
                EntryKind::Claim(c) => EntryJson {
                    kind: "claim",
                    date: c.date,
                    title: c.note.as_deref().unwrap_or(""),
                    place: None,
                    actors: c.party.as_slice(),
                    points: &c.points,
                    status: Some(c.status.as_str()),
                    claimed_by: Some(&c.claimed_by),
                    note: c.note.as_deref(),
                    article,
                },
            }
        })
        .collect();
    // The text is written into room made once, not grown: entries average about 470 bytes
    // on the benchmark corpus and 550 on the shipped briefing.
    let mut text = Vec::with_capacity(entries.len() * 512);
    serde_json::to_writer_pretty(&mut text, &TimelineJson { entries })
        .map_err(|e| export_error(links::TIMELINE_JSON, e))?;
    String::from_utf8(text).map_err(|e| export_error(links::TIMELINE_JSON, e))
}

#[derive(Serialize)]
struct VersionJson<'a> {
    id: &'a str,
    title: &'a str,
    date: Option<String>,
    source: Option<ArticleRef<'a>>,
    note: Option<&'a str>,
    base: bool,
    /// The id of the version this one revises.
    from: Option<&'a str>,
    /// How many points the version was reported to have.
    points: Option<u32>,
}

/// A point in one version: `status` is `present`, `unknown`, `deleted`, `merged` or
/// `absent`; a version missing from a point's map does not say (not known).
#[derive(Serialize)]
struct VersionEntryJson<'a> {
    status: &'static str,
    number: Option<u32>,
    into: Option<u32>,
    /// The version's own words, verbatim.
    quote: Option<&'a str>,
    /// Where the quote was read (absent: the version's source).
    quote_source: Option<ArticleRef<'a>>,
    /// The point in the editors' words.
    summary: Option<&'a str>,
    /// The change from the version this one revises, as the editors state it.
    change: Option<&'static str>,
    confidence: Option<&'a str>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct PointVersionsJson<'a> {
    number: u32,
    title: &'a str,
    url: String,
    versions: BTreeMap<&'a str, VersionEntryJson<'a>>,
}

#[derive(Serialize)]
struct VersionsJson<'a> {
    versions: Vec<VersionJson<'a>>,
    points: Vec<PointVersionsJson<'a>>,
}

/// `data/versions.json`: the declared versions, and each point's entry in each of them.
pub(super) fn versions_json(cx: &Views<'_>) -> Result<String, Error> {
    use crate::model::{Presence, Wording};
    let versions = cx
        .versions
        .iter()
        .map(|v| VersionJson {
            id: &v.version.id,
            title: &v.version.title,
            date: v.version.date.map(|d| d.iso()),
            source: v.version.source.as_ref().map(|s| ArticleRef {
                title: &s.name,
                url: s.url.clone().unwrap_or_default(),
            }),
            note: v.version.note.as_deref(),
            base: v.is_base,
            from: v
                .version
                .from
                .map(|i| cx.config.plan.versions[i].id.as_str()),
            points: v.version.points,
        })
        .collect();
    let points = cx
        .site
        .points
        .iter()
        .map(|p| {
            let versions = cx
                .versions
                .iter()
                .filter_map(|v| {
                    let placed = v.points.iter().find(|q| q.point.number == p.number)?;
                    let e = placed.entry.as_ref()?;
                    let (status, into) = match e.presence {
                        Presence::Present => ("present", None),
                        Presence::Unknown => ("unknown", None),
                        Presence::Deleted => ("deleted", None),
                        Presence::Merged(n) => ("merged", Some(n)),
                        Presence::Absent => ("absent", None),
                    };
                    let entry = VersionEntryJson {
                        status,
                        number: e.number,
                        into,
                        quote: match &e.wording {
                            Some(Wording::Quote { text, .. }) => Some(text),
                            _ => None,
                        },
                        quote_source: match &e.wording {
                            Some(Wording::Quote {
                                source: Some(s), ..
                            }) => Some(ArticleRef {
                                title: &s.name,
                                url: s.url.clone().unwrap_or_default(),
                            }),
                            _ => None,
                        },
                        summary: match &e.wording {
                            Some(Wording::Summary(text)) => Some(text),
                            _ => None,
                        },
                        change: e.change.map(crate::model::StatedChange::key),
                        confidence: e.confidence.as_deref(),
                        note: e.note.as_deref(),
                    };
                    Some((v.version.id.as_str(), entry))
                })
                .collect();
            PointVersionsJson {
                number: p.number,
                title: &p.title,
                url: url_of(cx, &links::point(p.number)),
                versions,
            }
        })
        .collect();
    let doc = VersionsJson { versions, points };
    serde_json::to_string_pretty(&doc).map_err(|e| export_error(links::VERSIONS_JSON, e))
}

#[derive(Serialize)]
struct RoleJson<'a> {
    title: &'a str,
    /// The first and last day held (`null`: open-ended).
    from: Option<String>,
    to: Option<String>,
}

#[derive(Serialize)]
struct PersonJson<'a> {
    /// What claims' `by:` names (the file's name).
    id: &'a str,
    name: &'a str,
    /// `null` for an observer.
    party: Option<&'a str>,
    roles: Vec<RoleJson<'a>>,
    url: String,
    /// How many claims name the person.
    claims: usize,
}

/// `data/people.json`: who's who, with each person's roles and how many claims name them.
pub(super) fn people_json(cx: &Views<'_>) -> Result<String, Error> {
    let people: Vec<PersonJson<'_>> = cx
        .site
        .people
        .iter()
        .map(|p| PersonJson {
            id: &p.id,
            name: &p.name,
            party: p.party.as_deref(),
            roles: p
                .roles
                .iter()
                .map(|r| RoleJson {
                    title: &r.title,
                    from: r.from.map(|d| d.iso()),
                    to: r.to.map(|d| d.iso()),
                })
                .collect(),
            url: url_of(cx, &links::person(&p.id)),
            claims: (cx.site.articles.iter().flat_map(|a| &a.claims))
                .filter(|c| c.by.as_deref() == Some(p.id.as_str()))
                .count(),
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({ "people": people }))
        .map_err(|e| export_error(links::PEOPLE_JSON, e))
}
