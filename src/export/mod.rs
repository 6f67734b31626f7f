//! Machine-readable outputs: the Atom feed, sitemap, robots.txt, and the data exports
//! (`data/points.json`, `data/timeline.json`, `data/points.csv`, `data/timeline.ics`).
//! Built with well-kept format crates; written through a `Sink`, never to disk directly.

mod data;
mod feeds;

use crate::diagnostics::Error;
use crate::links;
use crate::model::Date;
use crate::output::Sink;
use crate::views::Views;
use data::{claims_csv, points_csv, points_json, timeline_ics, timeline_json};
use feeds::{feed, robots, sitemap};

/// The files the exports write, in the order they are written.
pub fn names(cx: &Views<'_>) -> Vec<&'static str> {
    let mut names = vec![
        links::FEED,
        links::ROBOTS,
        links::POINTS_JSON,
        links::TIMELINE_JSON,
        links::POINTS_CSV,
        links::CLAIMS_CSV,
        links::TIMELINE_ICS,
    ];
    if !cx.versions.is_empty() {
        names.push(links::VERSIONS_JSON);
    }
    if cx.base_url.is_some() {
        names.push(links::SITEMAP);
    }
    names
}

/// Writes every export into `sink`; returns how many files were written.
pub fn data(cx: &Views<'_>, sink: &dyn Sink) -> Result<usize, Error> {
    let names = names(cx);
    for name in &names {
        let text = match *name {
            links::FEED => feed(cx),
            links::ROBOTS => robots(cx),
            links::POINTS_JSON => points_json(cx)?,
            links::TIMELINE_JSON => timeline_json(cx)?,
            links::POINTS_CSV => points_csv(cx)?,
            links::CLAIMS_CSV => claims_csv(cx)?,
            links::TIMELINE_ICS => timeline_ics(cx),
            links::VERSIONS_JSON => data::versions_json(cx)?,
            _ => sitemap(cx).unwrap_or_default(),
        };
        sink.put(name, text.as_bytes())?;
    }
    Ok(names.len())
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
