//! The data exports: `data/points.json`, `data/timeline.json` (serde_json),
//! `data/points.csv` (csv) and `data/timeline.ics` (icalendar).

use super::{midnight, url_of};
use crate::diagnostics::Error;
use crate::links;
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
    /// `null` for an observer's claim.
    party: Option<&'a str>,
    date: String,
    note: Option<&'a str>,
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
        party: c.claim.party.as_deref(),
        date: c.claim.date.iso(),
        note: c.claim.note.as_deref(),
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
        positions: p
            .positions
            .iter()
            .map(|pos| (pos.party, pos.latest.map(|c| claim_json(cx, c))))
            .collect(),
        history: p.history.iter().map(|c| claim_json(cx, *c)).collect(),
    }
}

fn export_error(name: &str, e: impl std::fmt::Display) -> Error {
    Error::Serialise {
        name: name.to_string(),
        message: e.to_string(),
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
    actors: Vec<&'a str>,
    article: ArticleRef<'a>,
    claimed_by: Option<&'a str>,
    date: String,
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
                    date: ev.date.iso(),
                    title: &ev.title,
                    place: ev.place.as_deref(),
                    actors: ev.actors.iter().map(String::as_str).collect(),
                    points: &ev.points,
                    status: None,
                    claimed_by: None,
                    note: None,
                    article,
                },
                EntryKind::Claim(c) => EntryJson {
                    kind: "claim",
                    date: c.date.iso(),
                    title: c.note.as_deref().unwrap_or(""),
                    place: None,
                    actors: c.party.as_deref().into_iter().collect(),
                    points: &c.points,
                    status: Some(c.status.as_str()),
                    claimed_by: Some(&c.claimed_by),
                    note: c.note.as_deref(),
                    article,
                },
            }
        })
        .collect();
    serde_json::to_string_pretty(&TimelineJson { entries })
        .map_err(|e| export_error(links::TIMELINE_JSON, e))
}

pub(super) fn points_csv(cx: &Views<'_>) -> Result<String, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| export_error(links::POINTS_CSV, e);
    let mut header: Vec<String> = [
        "number",
        "block",
        "title",
        "status",
        "status_label",
        "contested",
        "partial",
        "claimed_by",
        "party",
        "date",
        "url",
    ]
    .map(String::from)
    .to_vec();
    for party in &cx.config.parties {
        header.push(format!("{} status", party.short));
        header.push(format!("{} date", party.short));
    }
    w.write_record(&header).map_err(err)?;
    let flag = |b: bool| if b { "true" } else { "false" }.to_string();
    for p in &cx.statuses {
        let latest = p.latest();
        let mut row = vec![
            p.point.number.to_string(),
            p.point.block.0.clone(),
            p.point.title.clone(),
            p.current.key.as_str().to_string(),
            p.current.label.clone(),
            flag(p.contested),
            flag(p.partial),
            latest.map_or(String::new(), |c| c.claim.claimed_by.clone()),
            latest.map_or(String::new(), |c| c.claim.party.clone().unwrap_or_default()),
            latest.map_or(String::new(), |c| c.claim.date.iso()),
            url_of(cx, &links::point(p.point.number)),
        ];
        if !cx.config.parties.is_empty() {
            for pos in &p.positions {
                row.push(
                    pos.latest
                        .map_or(String::new(), |c| c.claim.status.as_str().to_string()),
                );
                row.push(pos.latest.map_or(String::new(), |c| c.claim.date.iso()));
            }
        }
        w.write_record(&row).map_err(err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| export_error(links::POINTS_CSV, e))?;
    String::from_utf8(bytes).map_err(|e| export_error(links::POINTS_CSV, e))
}

/// One row per claim and point: who (party, or empty for an observer), what, when, where.
pub(super) fn claims_csv(cx: &Views<'_>) -> Result<String, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| export_error(links::CLAIMS_CSV, e);
    w.write_record([
        "point",
        "party",
        "observer",
        "status",
        "status_label",
        "claimed_by",
        "date",
        "note",
        "article_url",
    ])
    .map_err(err)?;
    for p in &cx.statuses {
        for c in &p.history {
            let status = cx.config.status_or_unknown(c.claim.status.as_str());
            w.write_record([
                p.point.number.to_string().as_str(),
                c.claim.party.as_deref().unwrap_or(""),
                if c.claim.party.is_none() {
                    "true"
                } else {
                    "false"
                },
                c.claim.status.as_str(),
                &status.label,
                &c.claim.claimed_by,
                &c.claim.date.iso(),
                c.claim.note.as_deref().unwrap_or(""),
                &url_of(cx, &links::article(&c.article.slug)),
            ])
            .map_err(err)?;
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| export_error(links::CLAIMS_CSV, e))?;
    String::from_utf8(bytes).map_err(|e| export_error(links::CLAIMS_CSV, e))
}

pub(super) fn timeline_ics(cx: &Views<'_>) -> String {
    use icalendar::{Calendar, Component, EventLike};
    let mut cal = Calendar::new();
    cal.name(&cx.config.title);
    let domain = cx
        .base_url
        .and_then(|b| b.split("://").nth(1))
        .and_then(|rest| rest.split('/').next())
        .unwrap_or("briefing.invalid");
    for e in &cx.timeline {
        let EntryKind::Event(ev) = e.kind else {
            continue;
        };
        let position = e
            .article
            .events
            .iter()
            .position(|x| std::ptr::eq(x, ev))
            .unwrap_or(0);
        let mut event = icalendar::Event::new();
        event
            .uid(&format!("{}-{}@{domain}", e.article.slug, position + 1))
            .timestamp(midnight(e.article.date).to_utc())
            .url(&url_of(cx, &links::article(&e.article.slug)));
        // DTEND is exclusive (RFC 5545): a day ends on the next day, a month on the first
        // day of the next month.
        let start = ev.date.to_naive();
        let end = if ev.date.is_full() {
            start.succ_opt()
        } else {
            start.checked_add_months(chrono::Months::new(1))
        };
        event.starts(start).ends(end.unwrap_or(start));
        let words = &cx.config.strings;
        let mut description = words.format("ics_reported_in", &[("title", &e.article.title)]);
        if !ev.actors.is_empty() {
            let actors = words.format("actors", &[("actors", &ev.actors.join(", "))]);
            description = format!("{actors} {description}");
        }
        // Text properties carry the briefing's language (RFC 5545, LANGUAGE).
        let texts = [
            ("SUMMARY", Some(ev.title.as_str())),
            ("LOCATION", ev.place.as_deref()),
            ("DESCRIPTION", Some(description.as_str())),
        ];
        for (key, value) in texts {
            if let Some(value) = value {
                let mut property = icalendar::Property::new(key, value);
                property.add_parameter("LANGUAGE", &cx.config.language);
                event.append_property(property);
            }
        }
        cal.push(event.done());
    }
    cal.done().to_string()
}

#[derive(Serialize)]
struct VersionJson<'a> {
    id: &'a str,
    title: &'a str,
    date: Option<String>,
    source: Option<ArticleRef<'a>>,
    note: Option<&'a str>,
    base: bool,
}

/// A point in one version: `status` is `present`, `unknown`, `deleted`, `merged` or
/// `absent`; a version missing from a point's map does not say (not known).
#[derive(Serialize)]
struct VersionEntryJson<'a> {
    status: &'static str,
    number: Option<u32>,
    into: Option<u32>,
    text: Option<&'a str>,
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
    use crate::model::Presence;
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
                        text: e.text.as_deref(),
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

/// `data/status-history.csv`: for every snapshot date, how many points stood in each status
/// (by the status that follows from the positions), and how many were contested and partial
/// (the same figures as the home page's chart).
pub(super) fn status_history_csv(cx: &Views<'_>) -> Result<String, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| export_error(links::STATUS_HISTORY_CSV, e);
    let mut header = vec!["date".to_string()];
    header.extend(
        cx.config
            .statuses
            .iter()
            .map(|s| s.key.as_str().to_string()),
    );
    header.extend(["contested".to_string(), "partial".to_string()]);
    w.write_record(&header).map_err(err)?;
    for snap in &cx.snapshots {
        let mut row = vec![snap.date.iso()];
        row.extend(snap.counts.by_status.iter().map(|(_, n)| n.to_string()));
        row.push(snap.counts.contested.to_string());
        row.push(snap.counts.partial.to_string());
        w.write_record(&row).map_err(err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| export_error(links::STATUS_HISTORY_CSV, e))?;
    String::from_utf8(bytes).map_err(|e| export_error(links::STATUS_HISTORY_CSV, e))
}
