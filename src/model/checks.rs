//! The checks across files, run once every file is loaded: unique point numbers, version
//! numbers that agree, unique slugs, and claims and events that name existing points.
//! They report; they never edit the site.

use super::{Article, Point, Site};
use crate::config::Config;
use crate::diagnostics::{self, Cause, Diagnostic};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The checks across files: unique point numbers, unique slugs, and claims and events that
/// name existing points. Reports; never edits the site.
pub fn cross_check(site: &Site, config: &Config) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    check_unique_numbers(&site.points, &mut diags);
    check_version_numbers(&site.points, config, &mut diags);
    let mut all: Vec<&Article> = site.articles.iter().chain(&site.drafts).collect();
    all.sort_by(|a, b| a.path.cmp(&b.path));
    check_unique_slugs(&all, &mut diags);
    let numbers: BTreeSet<u32> = site.points.iter().map(|p| p.number).collect();
    let since: BTreeMap<u32, &Point> = site
        .points
        .iter()
        .filter(|p| p.since.is_some())
        .map(|p| (p.number, p))
        .collect();
    for a in all {
        check_point_refs(a, &numbers, &mut diags);
        check_claims_after_since(a, &since, &mut diags);
    }
    diags
}

fn check_unique_numbers(points: &[Point], diags: &mut Vec<Diagnostic>) {
    let mut first: BTreeMap<u32, &Path> = BTreeMap::new();
    for p in points {
        if let Some(earlier) = first.get(&p.number) {
            diags.push(
                Diagnostic::error(
                    &p.path,
                    format!(
                        "duplicate point number {}; {} already has it",
                        p.number,
                        diagnostics::display_path(earlier)
                    ),
                )
                .at(p.number_line, p.number_line.map(|_| 1))
                .field("number"),
            );
        } else {
            first.insert(p.number, &p.path);
        }
    }
}

/// Within each version, numbers are unique and `into` names a point of that version.
fn check_version_numbers(points: &[Point], config: &Config, diags: &mut Vec<Diagnostic>) {
    for (vi, version) in config.plan.versions.iter().enumerate() {
        let is_base = vi == config.plan.base;
        let mut first: BTreeMap<u32, &Path> = BTreeMap::new();
        for p in points {
            let Some(n) = p.number_in(version, is_base) else {
                continue;
            };
            if let Some(earlier) = first.get(&n) {
                let line = p.versions.get(&version.id).and_then(|e| e.line);
                diags.push(
                    Diagnostic::error(
                        &p.path,
                        format!(
                            "number {n} is used twice in version \"{}\"; {} already has it",
                            version.id,
                            diagnostics::display_path(earlier)
                        ),
                    )
                    .at(line, None)
                    .field(format!("versions.{}.number", version.id)),
                );
            } else {
                first.insert(n, &p.path);
            }
        }
        for p in points {
            let Some(entry) = p.versions.get(&version.id) else {
                continue;
            };
            if let super::Presence::Merged(into) = entry.presence
                && !first.contains_key(&into)
            {
                diags.push(
                    Diagnostic::error(
                        &p.path,
                        format!(
                            "merged into point {into}, which version \"{}\" does not have; expected the number of a point of that version",
                            version.id
                        ),
                    )
                    .at(entry.line, None)
                    .field(format!("versions.{}.into", version.id)),
                );
            }
        }
    }
}

fn check_unique_slugs(articles: &[&Article], diags: &mut Vec<Diagnostic>) {
    // A hash map: a large briefing has tens of thousands of slugs.
    let mut first: rustc_hash::FxHashMap<&str, &Path> =
        rustc_hash::FxHashMap::with_capacity_and_hasher(articles.len(), Default::default());
    for a in articles {
        if let Some(earlier) = first.get(a.slug.as_str()) {
            diags.push(
                Diagnostic::error(
                    &a.path,
                    format!(
                        "duplicate slug \"{}\"; {} already has it (set a different `slug:`)",
                        a.slug,
                        diagnostics::display_path(earlier)
                    ),
                )
                .at(a.slug_line, a.slug_line.map(|_| 1))
                .field("slug"),
            );
        } else {
            first.insert(&a.slug, &a.path);
        }
    }
}

/// A claim on a point is dated on or after the day the point exists from.
fn check_claims_after_since(
    a: &Article,
    since: &BTreeMap<u32, &Point>,
    diags: &mut Vec<Diagnostic>,
) {
    for (i, c) in a.claims.iter().enumerate() {
        for p in c.points.iter().filter_map(|n| since.get(n)) {
            let Some(day) = p.since.filter(|day| c.date < *day) else {
                continue;
            };
            let from = p
                .since_version
                .as_deref()
                .map_or(String::new(), |v| format!(" (since: {v})"));
            let message = format!(
                "claim dated {} on point {}, which exists only from {day}{from}; expected a date on or after {day}",
                c.date, p.number
            );
            diags.push(
                Diagnostic::error(&a.path, message)
                    .at(c.line, c.column)
                    .field(format!("points[{i}].date")),
            );
        }
    }
}

fn check_point_refs(a: &Article, numbers: &BTreeSet<u32>, diags: &mut Vec<Diagnostic>) {
    let known = || {
        if numbers.is_empty() {
            "there are no points in content/points/".to_string()
        } else {
            let (lo, hi) = (numbers.first(), numbers.last());
            format!(
                "expected a point number from content/points/ ({}–{})",
                lo.copied().unwrap_or(0),
                hi.copied().unwrap_or(0)
            )
        }
    };
    for (i, e) in a.events.iter().enumerate() {
        for n in e.points.iter().filter(|n| !numbers.contains(n)) {
            diags.push(
                Diagnostic::error(&a.path, format!("unknown point {n}; {}", known()))
                    .follows(Cause::Point(*n))
                    .at(e.line, e.column)
                    .field(format!("events[{i}].points")),
            );
        }
    }
    for (i, c) in a.claims.iter().enumerate() {
        for n in c.points.iter().filter(|n| !numbers.contains(n)) {
            diags.push(
                Diagnostic::error(&a.path, format!("unknown point {n}; {}", known()))
                    .follows(Cause::Point(*n))
                    .at(c.line, c.column)
                    .field(format!("points[{i}].point")),
            );
        }
    }
}
