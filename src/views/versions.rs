//! The plan's versions: each version as it numbers and words the points, and pairs of
//! versions compared point by point. Each version is compared with the one it revises (its
//! `from`) and with the base. Word-level changes (from the `similar` crate) are marked only
//! between two quotes; where either side is the editors' summary, the change is the one the
//! editor states for the version against its `from`, and "not compared" otherwise.

use crate::config::{Config, Version};
use crate::model::{Point, Presence, Site, StatedChange, VersionEntry, Wording};

/// A point in one version; `entry` is `None` when the point's place there is not known.
#[derive(Debug, Clone)]
pub struct Placed<'a> {
    pub point: &'a Point,
    pub entry: Option<VersionEntry>,
}

/// One version with every point it has, in its own numbering (points without a number
/// there, deleted, merged, absent or not known, follow in base order).
#[derive(Debug, Clone)]
pub struct VersionView<'a> {
    pub version: &'a Version,
    pub is_base: bool,
    pub points: Vec<Placed<'a>>,
    /// Points the version numbers.
    pub numbered: usize,
}

/// How a point changed from one version to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Same,
    /// The wording changed (and maybe the number).
    Changed,
    /// Only the number changed.
    Renumbered,
    Deleted,
    Merged(u32),
    /// In the later version only.
    New,
    /// One of the two versions' text is not public, or the point is not known in it.
    NotKnown,
    /// Both are known, at least one in the editors' words, and no change is stated between
    /// them (a summary is never compared word by word).
    NotCompared,
    /// In neither version.
    Neither,
}

/// A piece of a word-level diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Same(String),
    Removed(String),
    Added(String),
}

#[derive(Debug, Clone)]
pub struct ComparedPoint<'a> {
    pub point: &'a Point,
    pub from: Option<VersionEntry>,
    pub to: Option<VersionEntry>,
    pub change: Change,
    /// The wording from one to the other, when both are public.
    pub diff: Vec<Piece>,
}

/// Counts of the changes between two versions (templates read them as they are).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ChangeCounts {
    pub same: usize,
    pub changed: usize,
    pub renumbered: usize,
    pub deleted: usize,
    pub merged: usize,
    pub new: usize,
    pub not_known: usize,
    pub not_compared: usize,
}

#[derive(Debug, Clone)]
pub struct Comparison<'a> {
    pub from: &'a Version,
    pub to: &'a Version,
    pub points: Vec<ComparedPoint<'a>>,
    pub counts: ChangeCounts,
}

/// Every version, in declared order.
pub fn versions<'a>(site: &'a Site, config: &'a Config) -> Vec<VersionView<'a>> {
    config
        .plan
        .versions
        .iter()
        .enumerate()
        .map(|(i, version)| {
            let is_base = i == config.plan.base;
            let mut points: Vec<Placed<'a>> = site
                .points
                .iter()
                .map(|point| Placed {
                    point,
                    entry: point.entry(version, is_base),
                })
                .collect();
            let number = |p: &Placed<'_>| {
                p.entry
                    .as_ref()
                    .filter(|e| matches!(e.presence, Presence::Present | Presence::Unknown))
                    .and_then(|e| e.number)
            };
            points.sort_by_key(|p| (number(p).is_none(), number(p), p.point.number));
            let numbered = points.iter().filter(|p| number(p).is_some()).count();
            VersionView {
                version,
                is_base,
                points,
                numbered,
            }
        })
        .collect()
}

/// The pairs compared, as (from, to) indexes: each version against the one it revises (its
/// `from`), then each version against the base where that is another pair.
pub fn pairs(config: &Config) -> Vec<(usize, usize)> {
    let base = config.plan.base;
    let mut out: Vec<(usize, usize)> = (config.plan.versions.iter().enumerate())
        .filter_map(|(to, v)| Some((v.from?, to)))
        .collect();
    for to in 0..config.plan.versions.len() {
        if to != base && !out.contains(&(base, to)) {
            out.push((base, to));
        }
    }
    out
}

/// The pairs that briefings compared before versions named their `from` (each version against
/// the one declared before it, and against the base) and that the declared lineage no longer
/// compares. Their pages stay, pointing to the comparisons that replace them.
pub fn retired_pairs(config: &Config) -> Vec<(usize, usize)> {
    let (base, now) = (config.plan.base, pairs(config));
    let n = config.plan.versions.len();
    let before = (1..n).map(|to| (to - 1, to)).chain(
        (0..n)
            .filter(|&to| to != base && to != base + 1)
            .map(|to| (base, to)),
    );
    let mut out: Vec<(usize, usize)> = Vec::new();
    for pair in before {
        if !now.contains(&pair) && !out.contains(&pair) {
            out.push(pair);
        }
    }
    out
}

/// Two versions compared point by point, in the numbering of the later one. `lineage`: `to`
/// revises `from`, so the changes its entries state apply.
pub fn compare<'a>(from: &VersionView<'a>, to: &VersionView<'a>, lineage: bool) -> Comparison<'a> {
    let mut counts = ChangeCounts::default();
    let points = to
        .points
        .iter()
        .map(|placed| {
            let before = from
                .points
                .iter()
                .find(|p| p.point.number == placed.point.number)
                .and_then(|p| p.entry.clone());
            let (change, diff) = change_of(before.as_ref(), placed.entry.as_ref(), lineage);
            match change {
                Change::Neither => {}
                Change::Same => counts.same += 1,
                Change::Changed => counts.changed += 1,
                Change::Renumbered => counts.renumbered += 1,
                Change::Deleted => counts.deleted += 1,
                Change::Merged(_) => counts.merged += 1,
                Change::New => counts.new += 1,
                Change::NotKnown => counts.not_known += 1,
                Change::NotCompared => counts.not_compared += 1,
            }
            ComparedPoint {
                point: placed.point,
                from: before,
                to: placed.entry.clone(),
                change,
                diff,
            }
        })
        .filter(|c| c.change != Change::Neither)
        .collect();
    Comparison {
        from: from.version,
        to: to.version,
        points,
        counts,
    }
}

fn change_of(
    from: Option<&VersionEntry>,
    to: Option<&VersionEntry>,
    lineage: bool,
) -> (Change, Vec<Piece>) {
    let present = |e: Option<&VersionEntry>| e.is_some_and(|e| e.presence == Presence::Present);
    let gone = |e: Option<&VersionEntry>| {
        e.is_none_or(|e| {
            matches!(
                e.presence,
                Presence::Absent | Presence::Deleted | Presence::Merged(_)
            )
        })
    };
    match (from, to) {
        (_, Some(t)) if t.presence == Presence::Deleted && !gone(from) => (Change::Deleted, vec![]),
        (_, Some(t)) if !gone(from) && matches!(t.presence, Presence::Merged(_)) => {
            match t.presence {
                Presence::Merged(n) => (Change::Merged(n), vec![]),
                _ => unreachable!("matched as merged just above"),
            }
        }
        (Some(f), Some(t)) if f.presence == Presence::Absent && present(Some(t)) => {
            (Change::New, vec![])
        }
        (Some(f), Some(t)) if gone(Some(f)) && gone(Some(t)) => (Change::Neither, vec![]),
        (Some(f), Some(t)) if present(Some(f)) && present(Some(t)) => {
            match (&f.wording, &t.wording) {
                (Some(Wording::Quote { text: a, .. }), Some(Wording::Quote { text: b, .. })) => {
                    if a != b {
                        (Change::Changed, word_diff(a, b))
                    } else if f.number == t.number {
                        (Change::Same, vec![])
                    } else {
                        (Change::Renumbered, vec![])
                    }
                }
                _ if lineage && t.change.is_some() => (stated(t, f), vec![]),
                (Some(_), Some(_)) => (Change::NotCompared, vec![]),
                _ => (Change::NotKnown, vec![]),
            }
        }
        _ => (Change::NotKnown, vec![]),
    }
}

/// The change an entry states against the entry of the version it revises.
fn stated(to: &VersionEntry, from: &VersionEntry) -> Change {
    match to.change {
        Some(StatedChange::Same) if to.number == from.number => Change::Same,
        Some(StatedChange::Same | StatedChange::Moved) => Change::Renumbered,
        Some(StatedChange::Changed) => Change::Changed,
        Some(StatedChange::Added) => Change::New,
        Some(StatedChange::Removed) => Change::Deleted,
        None => Change::NotCompared,
    }
}

/// The word-level changes from `a` to `b`. Changed words separated only by white space
/// read as one change: all that was removed, then all that was added.
pub fn word_diff(a: &str, b: &str) -> Vec<Piece> {
    use similar::{ChangeTag, TextDiff};
    let diff = TextDiff::from_words(a, b);
    let mut out: Vec<Piece> = Vec::new();
    let (mut removed, mut added, mut gap) = (String::new(), String::new(), String::new());
    let flush = |out: &mut Vec<Piece>, removed: &mut String, added: &mut String| {
        if !removed.is_empty() {
            out.push(Piece::Removed(std::mem::take(removed)));
        }
        if !added.is_empty() {
            out.push(Piece::Added(std::mem::take(added)));
        }
    };
    for change in diff.iter_all_changes() {
        let text = change.value();
        match change.tag() {
            ChangeTag::Equal
                if text.trim().is_empty() && !(removed.is_empty() && added.is_empty()) =>
            {
                gap.push_str(text);
            }
            ChangeTag::Equal => {
                flush(&mut out, &mut removed, &mut added);
                let text = std::mem::take(&mut gap) + text;
                match out.last_mut() {
                    Some(Piece::Same(t)) => t.push_str(&text),
                    _ => out.push(Piece::Same(text)),
                }
            }
            ChangeTag::Delete => {
                if !removed.is_empty() {
                    removed.push_str(&gap);
                }
                if !added.is_empty() {
                    added.push_str(&gap);
                }
                gap.clear();
                removed.push_str(text);
            }
            ChangeTag::Insert => {
                if !added.is_empty() {
                    added.push_str(&gap);
                }
                if !removed.is_empty() {
                    removed.push_str(&gap);
                }
                gap.clear();
                added.push_str(text);
            }
        }
    }
    flush(&mut out, &mut removed, &mut added);
    if !gap.is_empty() {
        out.push(Piece::Same(gap));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_diff_marks_exactly_the_changed_words() {
        let d = word_diff(
            "Ukraine's army is capped at 600,000.",
            "Ukraine's army is capped at 800,000 in peacetime.",
        );
        assert_eq!(
            d,
            [
                Piece::Same("Ukraine's army is capped at ".into()),
                Piece::Removed("600,000.".into()),
                Piece::Added("800,000 in peacetime.".into()),
            ]
        );
        let d = word_diff("a b c d", "a x y d");
        assert_eq!(
            d,
            [
                Piece::Same("a ".into()),
                Piece::Removed("b c".into()),
                Piece::Added("x y".into()),
                Piece::Same(" d".into()),
            ]
        );
    }
}
