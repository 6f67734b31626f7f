//! Derived views, computed once per build from the validated site and handed to both `render`
//! and `export`: each point's status (history, positions, contested), the timeline, the status
//! counts, the articles newest first and the tags. Pure functions: no I/O, no Tera.

pub mod asof;
mod status;
mod timeline;
pub mod versions;

pub use status::{ClaimRef, Class, Counts, PointStatus, counts, point_statuses};
pub use timeline::{Entry, EntryKind, MonthGroup, actors, group_by_month, timeline};

use crate::config::Config;
use crate::export::briefing_date;
use crate::model::{Article, Site};
use std::collections::BTreeMap;

/// Everything derived from the site that pages and exports show, computed once.
pub struct Views<'a> {
    pub site: &'a Site,
    /// The site untranslated: `site` itself, or the original of an edition's translated
    /// site (the ids others store are made from it).
    pub original: &'a Site,
    pub config: &'a Config,
    /// The absolute URL of the site (`--base-url`, else `base_url`), ending with `/`.
    pub base_url: Option<&'a str>,
    pub statuses: Vec<PointStatus<'a>>,
    pub timeline: Vec<Entry<'a>>,
    /// Published articles, newest first (ties: path).
    pub newest: Vec<&'a Article>,
    /// Tag slug → (name, articles newest first).
    pub tags: BTreeMap<&'a str, (&'a str, Vec<&'a Article>)>,
    /// The plan's versions (empty when none are declared).
    pub versions: Vec<versions::VersionView<'a>>,
    /// The table as of every date with a claim, oldest first.
    pub snapshots: Vec<asof::Snapshot<'a>>,
    /// The pairs of versions compared, with their (from, to) indexes into `versions`.
    pub comparisons: Vec<((usize, usize), versions::Comparison<'a>)>,
    /// Pairs no longer compared whose pages stay, as (from, to) indexes into `versions`.
    pub retired: Vec<(usize, usize)>,
    /// The briefing's date: the latest of any published claim, event or article.
    pub date: Option<crate::model::Date>,
}

impl<'a> Views<'a> {
    pub fn new(site: &'a Site, config: &'a Config, base_url: Option<&'a str>) -> Self {
        // The statuses and their snapshots beside the rest, which does not read them.
        let ((mut views, timeline), (statuses, snapshots)) = rayon::join(
            || {
                (
                    Views::for_article_pages(site, config, base_url),
                    timeline(site),
                )
            },
            || {
                let statuses = point_statuses(site, config);
                let snapshots = asof::snapshots(&statuses, config);
                (statuses, snapshots)
            },
        );
        views.snapshots = snapshots;
        views.statuses = statuses;
        views.timeline = timeline;
        views.comparisons = versions::pairs(config)
            .into_iter()
            .map(|(a, b)| {
                (
                    (a, b),
                    versions::compare(
                        &views.versions[a],
                        &views.versions[b],
                        config.plan.versions[b].from == Some(a),
                    ),
                )
            })
            .collect();
        views.retired = versions::retired_pairs(config);
        views
    }

    /// Only what an article's own page and the search index read (the articles newest
    /// first, the tags, the versions): `serve` uses it after an edit to article bodies
    /// alone, which reaches no other page. Statuses, the timeline, the snapshots and the
    /// comparisons are left empty.
    pub fn for_article_pages(
        site: &'a Site,
        config: &'a Config,
        base_url: Option<&'a str>,
    ) -> Self {
        let mut newest: Vec<&Article> = site.articles.iter().collect();
        // Articles come in path order, and the sort is stable: ties stay in path order
        // without comparing paths (which a large briefing would do a hundred thousand times).
        newest.sort_by_key(|a| std::cmp::Reverse(a.date));
        // Gathered in a hash map (a large briefing has tens of thousands of tag uses and few
        // tags), then sorted by slug.
        let mut by_slug: rustc_hash::FxHashMap<&str, (&str, Vec<&Article>)> = Default::default();
        for a in &newest {
            for t in &a.tags {
                by_slug
                    .entry(t.slug.as_str())
                    .or_insert((t.name.as_str(), Vec::new()))
                    .1
                    .push(a);
            }
        }
        let tags: BTreeMap<&str, (&str, Vec<&Article>)> = by_slug.into_iter().collect();
        Views {
            original: site,
            snapshots: Vec::new(),
            statuses: Vec::new(),
            versions: versions::versions(site, config),
            comparisons: Vec::new(),
            retired: Vec::new(),
            date: briefing_date(&site.articles),
            site,
            config,
            base_url: base_url.or(config.base_url.as_deref()),
            timeline: Vec::new(),
            newest,
            tags,
        }
    }
}
