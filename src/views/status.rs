//! Point status. Every claim about a point, in date order, is its history. With declared
//! parties, each party's latest claim is its position and the status follows from the
//! positions together: none on record → `unknown`; all on record and alike → that status;
//! positions that differ → contested, headed by the least settled; some silent and the rest
//! alike → that status, partial. Without declared parties the latest claim is the status and
//! a point is contested when the latest claims of different parties differ.

use crate::config::{Config, Status};
use crate::model::{Article, Claim, Event, Point, Site};
use std::collections::{BTreeMap, BTreeSet};

/// A claim together with the article that reports it.
#[derive(Debug, Clone, Copy)]
pub struct ClaimRef<'a> {
    pub claim: &'a Claim,
    pub article: &'a Article,
}

/// One party's latest word on a point (`None`: not on record).
#[derive(Debug, Clone, Copy)]
pub struct Position<'a> {
    pub party: &'a str,
    /// The party's short label (its name when none is declared).
    pub short: &'a str,
    pub latest: Option<ClaimRef<'a>>,
}

#[derive(Debug, Clone)]
pub struct PointStatus<'a> {
    pub point: &'a Point,
    /// Every claim, observers' too, oldest first (ties: article path, then file order).
    pub history: Vec<ClaimRef<'a>>,
    /// The status that follows from the positions (see the module comment).
    pub current: &'a Status,
    /// With declared parties: one per party, in their order. Without: each party that has
    /// spoken, by name.
    pub positions: Vec<Position<'a>>,
    /// The positions on record name more than one status.
    pub contested: bool,
    /// Some declared parties are silent and those on record hold the same status.
    pub partial: bool,
    /// A position the status follows from covers only part of the point (`part:`).
    pub in_part: bool,
    /// How many parties are on record.
    pub on_record: usize,
    /// How many parties are declared (0 without `parties`).
    pub parties: usize,
    /// Articles that claim a status for the point or report an event about it, by date.
    pub articles: Vec<&'a Article>,
    /// Events that name the point, oldest first.
    pub events: Vec<(&'a Event, &'a Article)>,
}

impl<'a> PointStatus<'a> {
    pub fn latest(&self) -> Option<ClaimRef<'a>> {
        self.history.last().copied()
    }

    /// Every declared party is on record and all hold the same status.
    pub fn shared(&self) -> bool {
        self.parties > 0 && self.on_record == self.parties && !self.contested
    }
}

/// The status view of every point, in point order.
pub fn point_statuses<'a>(site: &'a Site, config: &'a Config) -> Vec<PointStatus<'a>> {
    let slot: BTreeMap<u32, usize> = site
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| (p.number, i))
        .collect();
    let mut history: Vec<Vec<ClaimRef<'a>>> = vec![Vec::new(); site.points.len()];
    let mut events: Vec<Vec<(&Event, &Article)>> = vec![Vec::new(); site.points.len()];
    let mut articles: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); site.points.len()];
    for (ai, article) in site.articles.iter().enumerate() {
        for claim in &article.claims {
            for i in claim.points.iter().filter_map(|n| slot.get(n)) {
                history[*i].push(ClaimRef { claim, article });
                articles[*i].insert(ai);
            }
        }
        for event in &article.events {
            for i in event.points.iter().filter_map(|n| slot.get(n)) {
                events[*i].push((event, article));
                articles[*i].insert(ai);
            }
        }
    }
    site.points
        .iter()
        .zip(history)
        .zip(events)
        .zip(articles)
        .map(|(((point, mut history), mut events), articles)| {
            // Stable: same-date claims keep article path order, then file order.
            history.sort_by_key(|c| c.claim.date);
            events.sort_by_key(|(e, _)| e.date);
            let mut articles: Vec<&Article> =
                articles.into_iter().map(|i| &site.articles[i]).collect();
            // In path order already (indexes into the site's articles); stable by date.
            articles.sort_by_key(|a| a.date);
            let mut status = derive(point, history, config);
            status.events = events;
            status.articles = articles;
            status
        })
        .collect()
}

/// The status of a point from its history (oldest first): the rule of the module comment.
pub fn derive<'a>(
    point: &'a Point,
    history: Vec<ClaimRef<'a>>,
    config: &'a Config,
) -> PointStatus<'a> {
    let positions = positions(&history, config);
    let held: Vec<&str> = positions
        .iter()
        .filter_map(|p| p.latest.map(|c| c.claim.status.as_str()))
        .collect();
    let keys: BTreeSet<&str> = held.iter().copied().collect();
    let contested = keys.len() > 1;
    let current = if config.parties.is_empty() {
        history.last().map(|c| c.claim.status.as_str())
    } else {
        keys.iter().copied().max_by_key(|k| config.rank(k))
    };
    // The status reads "in part" when a claim it follows from covers part of the point.
    let in_part = if config.parties.is_empty() {
        history.last().is_some_and(|c| c.claim.part.is_some())
    } else {
        positions
            .iter()
            .filter_map(|p| p.latest)
            .any(|c| c.claim.part.is_some() && Some(c.claim.status.as_str()) == current)
    };
    PointStatus {
        point,
        current: current.map_or_else(|| config.unknown_status(), |k| config.status_or_unknown(k)),
        contested,
        partial: !config.parties.is_empty()
            && !contested
            && !held.is_empty()
            && held.len() < config.parties.len(),
        in_part,
        on_record: held.len(),
        parties: config.parties.len(),
        positions,
        history,
        articles: Vec::new(),
        events: Vec::new(),
    }
}

/// Each party's latest claim in `history`: the declared parties in their order (with or
/// without a claim), or, when none are declared, every party that has a claim, by name.
fn positions<'a>(history: &[ClaimRef<'a>], config: &'a Config) -> Vec<Position<'a>> {
    if config.parties.is_empty() {
        let mut by_party: BTreeMap<&'a str, ClaimRef<'a>> = BTreeMap::new();
        for c in history {
            if let Some(party) = c.claim.party.as_deref() {
                by_party.insert(party, *c);
            }
        }
        return by_party
            .into_iter()
            .map(|(party, latest)| Position {
                party,
                short: party,
                latest: Some(latest),
            })
            .collect();
    }
    let latest_of = |party: &str| {
        history
            .iter()
            .rev()
            .find(|c| c.claim.party.as_deref() == Some(party))
            .copied()
    };
    config
        .parties
        .iter()
        .map(|p| Position {
            party: &p.name,
            short: &p.short,
            latest: latest_of(&p.name),
        })
        .collect()
}

/// The classes a reader counts points by, none of which reads as agreement that was not given:
/// with declared parties they split the points (a status held by every party, contested,
/// only some parties on record, no statement found); without, each point counts under its
/// latest claim's status, and the contested ones once more.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Class<'a> {
    /// Every declared party holds this status.
    Shared(&'a Status),
    Contested,
    /// Only some declared parties are on record, holding one status.
    Partial,
    /// No party is on record.
    Silent,
    /// Without declared parties: the latest claim's status.
    Latest(&'a Status),
}

impl Class<'_> {
    /// The class's column in `data/status-history.csv`.
    pub fn column(&self) -> String {
        match self {
            Class::Shared(s) => format!("{}_by_all", s.key.as_str()),
            Class::Latest(s) => s.key.as_str().to_string(),
            Class::Contested => "contested".into(),
            Class::Partial => "only_some_on_record".into(),
            Class::Silent => "no_statement".into(),
        }
    }
}

/// How many points stand in each status (configured order), and how the positions relate.
#[derive(Debug, Clone)]
pub struct Counts<'a> {
    /// Points by class (see `Class`), every class listed, zeros too.
    pub classes: Vec<(Class<'a>, usize)>,
    /// Points by their headline status.
    pub by_status: Vec<(&'a Status, usize)>,
    /// Points every declared party holds the same status on, by that status (every status,
    /// zeros too; empty without declared parties).
    pub shared: Vec<(&'a Status, usize)>,
    pub contested: usize,
    pub partial: usize,
    /// Points no party is on record on.
    pub silent: usize,
    pub total: usize,
    /// How many parties are declared.
    pub parties: usize,
}

/// The counts of the points `statuses` gives (all of them, or those that existed on a day).
pub fn counts<'s, 'a: 's>(
    statuses: impl Iterator<Item = &'s PointStatus<'a>> + Clone,
    config: &'a Config,
) -> Counts<'a> {
    let count = |f: &dyn Fn(&PointStatus<'a>) -> bool| statuses.clone().filter(|p| f(p)).count();
    let by_status: Vec<(&Status, usize)> = config
        .statuses
        .iter()
        .map(|s| (s, count(&|p| p.current.key == s.key)))
        .collect();
    let shared: Vec<(&Status, usize)> = if config.parties.is_empty() {
        Vec::new()
    } else {
        config
            .statuses
            .iter()
            .filter(|s| s.key.as_str() != crate::config::UNKNOWN_STATUS)
            .map(|s| (s, count(&|p| p.shared() && p.current.key == s.key)))
            .collect()
    };
    let contested = count(&|p| p.contested);
    let partial = count(&|p| p.partial);
    let silent = count(&|p| p.on_record == 0);
    let classes = if config.parties.is_empty() {
        (by_status.iter().map(|(s, n)| (Class::Latest(s), *n)))
            .chain([(Class::Contested, contested)])
            .collect()
    } else {
        (shared.iter().map(|(s, n)| (Class::Shared(s), *n)))
            .chain([
                (Class::Contested, contested),
                (Class::Partial, partial),
                (Class::Silent, silent),
            ])
            .collect()
    };
    Counts {
        classes,
        by_status,
        shared,
        contested,
        partial,
        silent,
        total: statuses.count(),
        parties: config.parties.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, StatusKey};

    fn point(n: u32) -> Point {
        Point {
            number: n,
            block: crate::model::BlockId("1".into()),
            title: format!("P{n}"),
            summary: String::new(),
            path: format!("content/points/{n}.md").into(),
            number_line: None,
            body_markdown: String::new(),
            body_line: 0,
            versions: Default::default(),
            since: None,
            since_version: None,
        }
    }

    fn claim(points: &[u32], status: &str, party: &str, date: &str) -> Claim {
        Claim {
            points: points.to_vec(),
            status: StatusKey::new(status),
            claimed_by: format!("{party} spokesperson"),
            party: Some(party.to_string()),
            date: Date::parse(date).unwrap(),
            note: None,
            part: None,
            by: None,
            updated: None,
            line: None,
            column: None,
        }
    }

    fn article(path: &str, claims: Vec<Claim>) -> Article {
        Article {
            claims,
            ..Article::for_test(path, &path.replace(".md", ""))
        }
    }

    fn site(articles: Vec<Article>) -> Site {
        Site {
            points: vec![point(1), point(2), point(3)],
            articles,
            ..Site::default()
        }
    }

    #[test]
    fn no_claim_shows_unknown() {
        let config = Config::default();
        let s = site(vec![]);
        let v = point_statuses(&s, &config);
        assert_eq!(v[0].current.key.as_str(), "unknown");
        assert!(!v[0].contested);
    }

    #[test]
    fn latest_claim_wins_and_history_is_in_date_order() {
        let config = Config::default();
        let s = site(vec![
            article("b.md", vec![claim(&[1], "agreed", "US", "2025-12-06")]),
            article("a.md", vec![claim(&[1], "open", "US", "2025-12-01")]),
        ]);
        let v = point_statuses(&s, &config);
        let hist: Vec<_> = v[0]
            .history
            .iter()
            .map(|c| c.claim.status.as_str())
            .collect();
        assert_eq!(hist, ["open", "agreed"]);
        assert_eq!(v[0].current.key.as_str(), "agreed");
        assert!(
            !v[0].contested,
            "a newer claim by the same party replaces the older one"
        );
    }

    #[test]
    fn parties_that_disagree_make_a_point_contested() {
        let config = Config::default();
        let s = site(vec![article(
            "a.md",
            vec![
                claim(&[2, 3], "open", "United States", "2025-12-06"),
                claim(&[2], "rejected", "Russia", "2025-12-07"),
                claim(&[3], "open", "Ukraine", "2025-12-07"),
            ],
        )]);
        let v = point_statuses(&s, &config);
        assert!(v[1].contested);
        assert_eq!(v[1].current.key.as_str(), "rejected");
        let parties: Vec<_> = v[1].positions.iter().map(|p| p.party).collect();
        assert_eq!(parties, ["Russia", "United States"]);
        assert!(
            !v[2].contested,
            "two parties saying the same is not a dispute"
        );
        let c = counts(v.iter(), &config);
        assert_eq!(c.contested, 1);
        let open = c
            .by_status
            .iter()
            .find(|(s, _)| s.key.as_str() == "open")
            .unwrap()
            .1;
        assert_eq!(open, 1);
        let unknown = c
            .by_status
            .iter()
            .find(|(s, _)| s.key.as_str() == "unknown")
            .unwrap()
            .1;
        assert_eq!(unknown, 1);
    }

    #[test]
    fn same_day_claims_keep_article_path_order() {
        let config = Config::default();
        let s = site(vec![
            article("a.md", vec![claim(&[1], "open", "US", "2025-12-06")]),
            article("b.md", vec![claim(&[1], "agreed", "US", "2025-12-06")]),
        ]);
        let v = point_statuses(&s, &config);
        assert_eq!(v[0].current.key.as_str(), "agreed");
    }

    #[test]
    fn snapshots_made_in_runs_equal_those_made_in_one() {
        use crate::views::asof::{dates, snapshot_run};
        let config = Config::default();
        let parties = ["US", "Russia", "Ukraine"];
        let said = ["open", "agreed", "rejected", "open"];
        // Point 3 is claimed only late, so a run can start before its first claim.
        let articles = (0..30)
            .map(|i: usize| {
                let (point, day) = if i >= 20 {
                    (3, 20 + i % 5)
                } else {
                    (1 + (i % 2) as u32, 1 + (i * 7) % 24)
                };
                let date = format!("2025-11-{day:02}");
                let c = claim(&[point], said[i % 4], parties[(i / 2) % 3], &date);
                article(&format!("a{i:02}.md"), vec![c])
            })
            .collect();
        let s = site(articles);
        let v = point_statuses(&s, &config);
        let dates = dates(&v);
        assert!(dates.len() > 10);
        let one = snapshot_run(&v, &config, &dates, 0..dates.len());
        // Each point stands as it has since the day of its last claim, or since the first
        // snapshot when it has none yet.
        for (i, snapshot) in one.iter().enumerate() {
            for (j, p) in v.iter().enumerate() {
                let last = p.history.iter().rev().find(|c| c.claim.date <= dates[i]);
                let day = last.map_or(0, |c| {
                    dates.iter().position(|d| *d == c.claim.date).unwrap()
                });
                assert_eq!(snapshot.since[j], day, "point {} on {}", j + 1, dates[i]);
            }
        }
        let whole = format!("{one:?}");
        for cut in 1..dates.len() {
            let mut runs = snapshot_run(&v, &config, &dates, 0..cut);
            runs.extend(snapshot_run(&v, &config, &dates, cut..dates.len()));
            assert_eq!(format!("{runs:?}"), whole, "runs cut at {cut}");
        }
    }
}
