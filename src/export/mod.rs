//! Machine-readable outputs: the Atom feed, sitemap, robots.txt, and the data exports
//! (`data/points.json`, `data/timeline.json`, `data/points.csv`, `data/timeline.ics`).
//! Built with well-kept format crates; written through a `Sink`, never to disk directly.

mod data;
mod feeds;

use crate::diagnostics::Error;
use crate::model::Date;
use crate::output::Sink;
use crate::render::Shared;
use data::{points_csv, points_json, timeline_ics, timeline_json};
use feeds::{feed, robots, sitemap};

/// Writes every export into `sink`; returns how many files were written.
pub fn data(cx: &Shared<'_>, sink: &dyn Sink) -> Result<usize, Error> {
    let mut files = vec![
        ("feed.xml", feed(cx)),
        ("robots.txt", robots(cx)),
        ("data/points.json", points_json(cx)?),
        ("data/timeline.json", timeline_json(cx)?),
        ("data/points.csv", points_csv(cx)?),
        ("data/timeline.ics", timeline_ics(cx)),
    ];
    if let Some(sitemap) = sitemap(cx) {
        files.push(("sitemap.xml", sitemap));
    }
    for (name, text) in &files {
        sink.put(name, text.as_bytes())?;
    }
    Ok(files.len())
}

/// The absolute URL of a site-root-relative URL, or the relative one without `base_url`.
pub(crate) fn url_of(cx: &Shared<'_>, rel: &str) -> String {
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
