//! Machine-readable outputs: the Atom feeds (`feeds`), sitemap, robots.txt, and the data
//! exports: JSON (`json`), CSV (`tables`) and the calendar (`calendar`).
//! Built with well-kept format crates; written through a `Sink`, never to disk directly.

mod calendar;
mod feeds;
mod ids;
mod json;
mod tables;

use crate::diagnostics::Error;
use crate::links;
use crate::model::Date;
use crate::output::Sink;
use crate::views::Views;
use calendar::timeline_ics;
use feeds::{feed, robots, sitemap};
pub(crate) use ids::briefing_date;
use json::{people_json, points_json, timeline_json, versions_json};
use rayon::prelude::*;
use tables::{claims_csv, points_csv, status_history_csv};

/// The files the exports write, in the order they are written.
pub fn names(cx: &Views<'_>) -> Vec<String> {
    let mut names: Vec<String> = [
        links::FEED,
        links::CHANGES_FEED,
        links::ROBOTS,
        links::POINTS_JSON,
        links::TIMELINE_JSON,
        links::POINTS_CSV,
        links::CLAIMS_CSV,
        links::STATUS_HISTORY_CSV,
        links::TIMELINE_ICS,
        links::STRINGS_SCRIPT,
    ]
    .map(String::from)
    .to_vec();
    names.extend(cx.site.points.iter().map(|p| links::point_feed(p.number)));
    if !cx.versions.is_empty() {
        names.push(links::VERSIONS_JSON.to_string());
    }
    if !cx.site.people.is_empty() {
        names.push(links::PEOPLE_JSON.to_string());
    }
    if cx.base_url.is_some() {
        names.push(links::SITEMAP.to_string());
    }
    names
}

/// Whether an edition in another language has its own copy of the export `name`: the feeds,
/// the calendar and the theme's words do; the data (JSON, CSV), robots.txt and the sitemap
/// are one language-neutral set at the root.
pub fn in_every_edition(name: &str) -> bool {
    matches!(
        name,
        links::FEED | links::CHANGES_FEED | links::TIMELINE_ICS | links::STRINGS_SCRIPT
    ) || name.ends_with("/feed.xml")
}

/// Writes the exports `wanted` names into `sink`, in parallel; returns how many were written.
pub fn data(
    cx: &Views<'_>,
    sink: &dyn Sink,
    wanted: &(dyn Fn(&str) -> bool + Sync),
) -> Result<usize, Error> {
    let names: Vec<String> = names(cx).into_iter().filter(|n| wanted(n)).collect();
    names.par_iter().try_for_each(|name| -> Result<(), Error> {
        let text = match name.as_str() {
            links::FEED => feed(cx),
            links::CHANGES_FEED => feeds::changes_feed(cx, None),
            links::ROBOTS => robots(cx),
            links::POINTS_JSON => points_json(cx)?,
            links::TIMELINE_JSON => timeline_json(cx)?,
            links::POINTS_CSV => points_csv(cx)?,
            links::CLAIMS_CSV => claims_csv(cx)?,
            links::STATUS_HISTORY_CSV => status_history_csv(cx)?,
            links::TIMELINE_ICS => timeline_ics(cx),
            links::STRINGS_SCRIPT => cx.config.strings.script(),
            links::VERSIONS_JSON => versions_json(cx)?,
            links::PEOPLE_JSON => people_json(cx)?,
            links::SITEMAP => sitemap(cx).unwrap_or_default(),
            point_feed => {
                let point = cx
                    .site
                    .points
                    .iter()
                    .find(|p| links::point_feed(p.number) == point_feed)
                    .expect("names() lists a feed for each point");
                feeds::changes_feed(cx, Some(point))
            }
        };
        sink.put(name, text.as_bytes())
    })?;
    Ok(names.len())
}

fn export_error(name: &str, e: impl std::fmt::Display) -> Error {
    Error::Serialise {
        name: name.to_string(),
        message: e.to_string(),
    }
}

/// The absolute URL of a site-root-relative URL, or the relative one without `base_url`.
pub(crate) fn url_of(cx: &Views<'_>, rel: &str) -> String {
    match cx.base_url {
        Some(base) => format!("{base}{rel}"),
        None => rel.to_string(),
    }
}

pub(crate) fn midnight(date: Date) -> chrono::DateTime<chrono::FixedOffset> {
    date.to_naive()
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists on every day")
        .and_utc()
        .fixed_offset()
}
