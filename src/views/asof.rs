//! The table as of any date: for every date on which a published claim was made, each
//! point's status derived (by the same rule as the live table) from the claims up to the end
//! of that day, the counts, and the positions that changed that day.

use super::status::{ClaimRef, Counts, PointStatus, counts, derive};
use crate::config::{Config, Status};
use crate::model::{Date, Point};
use rayon::prelude::*;

/// One party's (or an observer's) word given on a snapshot's day.
#[derive(Debug, Clone, Copy)]
pub struct DayChange<'a> {
    pub point: &'a Point,
    pub claim: ClaimRef<'a>,
    /// The same party's position before this claim (`None`: no public position, or an
    /// observer).
    pub before: Option<&'a Status>,
    pub after: &'a Status,
}

#[derive(Debug, Clone)]
pub struct Snapshot<'a> {
    pub date: Date,
    pub statuses: Vec<PointStatus<'a>>,
    /// For each point, the first snapshot from which its status has stood as it stands here
    /// (carried over, not derived again): snapshots with the same `since` for a point show it
    /// the same way.
    pub since: Vec<usize>,
    pub counts: Counts<'a>,
    /// The claims made that day, in timeline order.
    pub changes: Vec<DayChange<'a>>,
}

impl Snapshot<'_> {
    /// The points that existed on the snapshot's day (a point's `since`), in point order.
    pub fn existing(&self) -> impl Iterator<Item = (usize, &PointStatus<'_>)> {
        let date = self.date;
        (self.statuses.iter().enumerate()).filter(move |(_, p)| p.point.exists_on(date))
    }
}

/// Every date with a claim, oldest first.
pub fn dates(statuses: &[PointStatus<'_>]) -> Vec<Date> {
    let mut dates: Vec<Date> = statuses
        .iter()
        .flat_map(|p| p.history.iter().map(|c| c.claim.date))
        .collect();
    dates.sort();
    dates.dedup();
    dates
}

/// One snapshot per claim date, oldest first, from the live statuses (whose histories are
/// sorted by date). The dates are cut into as many runs as there are worker threads, made in
/// parallel, each from where the points stand before its first day.
pub fn snapshots<'a>(statuses: &[PointStatus<'a>], config: &'a Config) -> Vec<Snapshot<'a>> {
    let dates = dates(statuses);
    let run = dates
        .len()
        .div_ceil(rayon::current_num_threads().max(1))
        .max(MIN_RUN);
    let runs: Vec<Vec<Snapshot<'a>>> = dates
        .par_chunks(run)
        .enumerate()
        .map(|(k, days)| snapshot_run(statuses, config, &dates, k * run..k * run + days.len()))
        .collect();
    runs.into_iter().flatten().collect()
}

/// Dates below which a run is not cut further: each run first derives where every point
/// stands at its start, which a short list of dates does not need twice.
const MIN_RUN: usize = 64;

/// The snapshots of the dates `dates[run]` (all of them, or a run of them).
pub(super) fn snapshot_run<'a>(
    statuses: &[PointStatus<'a>],
    config: &'a Config,
    dates: &[Date],
    run: std::ops::Range<usize>,
) -> Vec<Snapshot<'a>> {
    let (first, days) = (run.start, &dates[run]);
    let Some(start) = days.first() else {
        return Vec::new();
    };
    // Each point's history is read once, oldest first: `next[j]` is the first claim of point
    // `j` not yet in a snapshot (every claim's date is a snapshot's date, so the claims up to
    // a date that are not yet read are that day's).
    let mut next: Vec<usize> = statuses
        .iter()
        .map(|p| p.history.partition_point(|c| c.claim.date < *start))
        .collect();
    // A point's status changes only on the days it has a claim: it is derived again then,
    // and carried over otherwise. Snapshots keep positions, not histories.
    let derived = |p: &PointStatus<'a>, claims: usize| {
        let mut now = derive(p.point, p.history[..claims].to_vec(), config);
        now.history = Vec::new();
        now
    };
    let before_run: Vec<PointStatus<'a>> = statuses
        .iter()
        .zip(&next)
        .map(|(p, &at)| derived(p, at))
        .collect();
    // The snapshot from which each point has stood as it stands before the run: that of its
    // last claim, or the first when it has none yet.
    let since_before_run: Vec<usize> = statuses
        .iter()
        .zip(&next)
        .map(|(p, &at)| {
            at.checked_sub(1).map_or(0, |last| {
                dates.partition_point(|d| *d < p.history[last].claim.date)
            })
        })
        .collect();
    let mut snapshots: Vec<Snapshot<'a>> = Vec::with_capacity(days.len());
    for (i, &date) in (first..).zip(days) {
        let previous = snapshots.last().map_or(&before_run, |s| &s.statuses);
        let previous_since = snapshots.last().map_or(&since_before_run, |s| &s.since);
        let mut today: Vec<(usize, usize)> = Vec::with_capacity(statuses.len());
        let mut since: Vec<usize> = Vec::with_capacity(statuses.len());
        let day: Vec<PointStatus<'a>> = statuses
            .iter()
            .zip(previous)
            .zip(next.iter_mut())
            .enumerate()
            .map(|(j, ((p, before), at))| {
                let start = *at;
                *at += p.history[start..].partition_point(|c| c.claim.date <= date);
                today.push((start, *at));
                if *at == start {
                    since.push(previous_since[j]);
                    return before.clone();
                }
                since.push(i);
                derived(p, *at)
            })
            .collect();
        let counts = counts(day.iter().filter(|p| p.point.exists_on(date)), config);
        let changes = day_changes(statuses, &today, config);
        snapshots.push(Snapshot {
            date,
            statuses: day,
            since,
            counts,
            changes,
        });
    }
    snapshots
}

/// The claims of a day (`today[i]` is the range of point `i`'s history made that day), each
/// with the status its party held before and the one it holds now; by article, then point.
fn day_changes<'a>(
    statuses: &[PointStatus<'a>],
    today: &[(usize, usize)],
    config: &'a Config,
) -> Vec<DayChange<'a>> {
    let mut changes: Vec<DayChange<'a>> = statuses
        .iter()
        .zip(today)
        .flat_map(|(p, &(start, end))| {
            (start..end).map(move |i| {
                let c = &p.history[i];
                let party = c.claim.party.as_deref();
                let before = party.and_then(|party| {
                    p.history[..i]
                        .iter()
                        .rev()
                        .find(|o| o.claim.party.as_deref() == Some(party))
                });
                DayChange {
                    point: p.point,
                    claim: *c,
                    before: before.map(|b| config.status_or_unknown(b.claim.status.as_str())),
                    after: config.status_or_unknown(c.claim.status.as_str()),
                }
            })
        })
        .collect();
    changes.sort_by(|a, b| {
        (&a.claim.article.path, a.point.number).cmp(&(&b.claim.article.path, b.point.number))
    });
    changes
}
