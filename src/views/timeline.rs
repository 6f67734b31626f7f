//! The timeline: every event of every published article plus every claim (as a status change),
//! oldest first. Ties keep article path order, then order in the file (events, then claims).

use crate::model::{Article, Claim, Date, Event, Site};
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy)]
pub enum EntryKind<'a> {
    Event(&'a Event),
    Claim(&'a Claim),
}

#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub date: Date,
    pub article: &'a Article,
    pub kind: EntryKind<'a>,
}

impl<'a> Entry<'a> {
    /// Who acts in the entry: an event's actors, or the claim's party.
    pub fn actors(&self) -> Vec<&'a str> {
        match self.kind {
            EntryKind::Event(e) => e.actors.iter().map(String::as_str).collect(),
            EntryKind::Claim(c) => c.party.as_deref().into_iter().collect(),
        }
    }

    pub fn points(&self) -> &'a [u32] {
        match self.kind {
            EntryKind::Event(e) => &e.points,
            EntryKind::Claim(c) => &c.points,
        }
    }
}

/// All entries, oldest first.
pub fn timeline(site: &Site) -> Vec<Entry<'_>> {
    let mut entries = Vec::new();
    for article in &site.articles {
        for e in &article.events {
            entries.push(Entry {
                date: e.date,
                article,
                kind: EntryKind::Event(e),
            });
        }
        for c in &article.claims {
            entries.push(Entry {
                date: c.date,
                article,
                kind: EntryKind::Claim(c),
            });
        }
    }
    // Stable sort: articles are in path order and entries in file order already.
    entries.sort_by_key(|e| e.date);
    entries
}

#[derive(Debug, Clone)]
pub struct DayGroup<'a> {
    pub date: Date,
    pub entries: Vec<Entry<'a>>,
}

#[derive(Debug, Clone)]
pub struct MonthGroup<'a> {
    /// The month, as a month-precision date.
    pub month: Date,
    /// Entries dated only to the month ("in December 2025"), shown first.
    pub in_month: Vec<Entry<'a>>,
    pub days: Vec<DayGroup<'a>>,
}

/// Groups sorted entries by month, then by day.
pub fn group_by_month<'a>(entries: &[Entry<'a>]) -> Vec<MonthGroup<'a>> {
    let mut months: Vec<MonthGroup<'a>> = Vec::new();
    for e in entries {
        let month = e.date.month_only();
        if months.last().is_none_or(|m| m.month != month) {
            months.push(MonthGroup {
                month,
                in_month: Vec::new(),
                days: Vec::new(),
            });
        }
        let group = months.last_mut().expect("a month group was just pushed");
        if !e.date.is_full() {
            group.in_month.push(*e);
            continue;
        }
        if group.days.last().is_none_or(|d| d.date != e.date) {
            group.days.push(DayGroup {
                date: e.date,
                entries: Vec::new(),
            });
        }
        group
            .days
            .last_mut()
            .expect("a day group was just pushed")
            .entries
            .push(*e);
    }
    months
}

/// Every actor named on the timeline, sorted.
pub fn actors<'a>(entries: &[Entry<'a>]) -> Vec<&'a str> {
    let set: BTreeSet<&'a str> = entries.iter().flat_map(Entry::actors).collect();
    set.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(date: &str, title: &str) -> Event {
        Event {
            date: Date::parse(date).unwrap(),
            title: title.into(),
            place: None,
            actors: vec!["Russia".into()],
            points: vec![],
            line: None,
            column: None,
        }
    }

    fn article(path: &str, events: Vec<Event>) -> Article {
        Article {
            events,
            ..Article::for_test(path, "s")
        }
    }

    #[test]
    fn oldest_first_with_stable_ties_and_months_before_days() {
        let site = Site {
            articles: vec![
                article(
                    "a.md",
                    vec![event("2025-12-03", "a1"), event("2025-12-03", "a2")],
                ),
                article(
                    "b.md",
                    vec![
                        event("2025-12-03", "b1"),
                        event("2025-12", "b-month"),
                        event("2025-11-20", "b0"),
                    ],
                ),
            ],
            ..Site::default()
        };
        let t = timeline(&site);
        let titles: Vec<_> = t
            .iter()
            .map(|e| match e.kind {
                EntryKind::Event(ev) => ev.title.as_str(),
                EntryKind::Claim(_) => "",
            })
            .collect();
        assert_eq!(titles, ["b0", "b-month", "a1", "a2", "b1"]);
        let groups = group_by_month(&t);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[1].in_month.len(), 1);
        assert_eq!(groups[1].days.len(), 1);
        assert_eq!(groups[1].days[0].entries.len(), 3);
        assert_eq!(actors(&t), ["Russia"]);
    }
}
