//! The table as of any date: for every date on which a published claim was made, each
//! point's status derived (by the same rule as the live table) from the claims up to the end
//! of that day, the counts, and the positions that changed that day.

use super::status::{ClaimRef, Counts, PointStatus, counts, derive};
use crate::config::{Config, Status};
use crate::model::{Date, Point};

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
/// sorted by date).
pub fn snapshots<'a>(statuses: &[PointStatus<'a>], config: &'a Config) -> Vec<Snapshot<'a>> {
    // A point's status changes only on the days it has a claim: it is derived again then,
    // and carried over otherwise. Snapshots keep positions, not histories.
    let first: Vec<PointStatus<'a>> = statuses
        .iter()
        .map(|p| derive(p.point, Vec::new(), config))
        .collect();
    // Each point's history is read once, oldest first: `next[i]` is the first claim of point
    // `i` not yet in a snapshot (every claim's date is a snapshot's date, so the claims up to
    // a date that are not yet read are that day's).
    let mut next = vec![0usize; statuses.len()];
    let dates = dates(statuses);
    let mut snapshots: Vec<Snapshot<'a>> = Vec::with_capacity(dates.len());
    for (i, date) in dates.into_iter().enumerate() {
        let previous = snapshots.last().map_or(&first, |s| &s.statuses);
        let before_since = snapshots.last().map(|s| &s.since);
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
                    since.push(before_since.map_or(i, |s| s[j]));
                    return before.clone();
                }
                since.push(i);
                let mut now = derive(p.point, p.history[..*at].to_vec(), config);
                now.history = Vec::new();
                now
            })
            .collect();
        let counts = counts(&day, config);
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
