//! The table as of a date: the snapshot pages, the day's changes, the list of dates, and the
//! home page's chart of how the counts moved (its geometry computed here, drawn as SVG by the
//! template, with the same figures as a table).

use super::context::*;
use super::pages::chrome;
use super::parts::{class_view, class_views, party_views, point_link};
use super::{Input, Shared, Urls};
use crate::diagnostics::Error;
use crate::links;
use crate::views::asof::{DayChange, Snapshot};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Serialize)]
pub struct DateLink {
    pub date: String,
    pub label: String,
    pub url: String,
    /// The page this link is on.
    pub current: bool,
}

/// One position given on a day: the party's status before and after.
#[derive(Serialize)]
pub struct ChangeView<'a> {
    pub point: PointLink<'a>,
    /// `None`: an observer's claim.
    pub party: Option<&'a str>,
    /// `None`: the party had no public position before.
    pub before: Option<StatusView<'a>>,
    pub after: StatusView<'a>,
    pub claimed_by: &'a str,
    pub date: String,
    pub date_label: String,
    pub note: Option<&'a str>,
    pub note_lang: Option<&'a str>,
    /// The part of the point the claim covers (`None`: the whole point).
    pub part: Option<&'a str>,
    pub article_title: &'a str,
    pub article_lang: Option<&'a str>,
    pub article_url: String,
}

/// A point in a snapshot: where it stood, without the wording of each claim (the point's
/// page has that), so that hundreds of dates stay cheap.
#[derive(Serialize)]
pub struct SnapshotRow<'a> {
    /// The row as `partials/snapshot-row.html` renders it (empty while it renders).
    pub html: String,
    pub number: u32,
    pub title: &'a str,
    pub url: String,
    pub status: StatusView<'a>,
    pub contested: bool,
    pub partial: bool,
    pub in_part: bool,
    pub on_record: usize,
    pub parties: usize,
    /// One per declared party; without declared parties, each party that had spoken.
    pub cells: Vec<SnapshotCell<'a>>,
}

#[derive(Serialize)]
pub struct SnapshotCell<'a> {
    pub party: &'a str,
    pub status: Option<StatusView<'a>>,
    /// The part of the point the position covers.
    pub part: Option<&'a str>,
    pub date: Option<String>,
    pub date_label: Option<String>,
}

#[derive(Serialize)]
pub struct AsOfPage<'a> {
    pub chrome: Chrome<'a>,
    pub date: String,
    pub date_label: String,
    pub plan_title: &'a str,
    pub standing: Vec<CountView<'a>>,
    pub contested: usize,
    pub partial: usize,
    pub parties: Vec<PartyView<'a>>,
    // `rows` (every point, in point order: its status then, and each party's position then)
    // is given to the template from `SnapshotRows`, shared with the other snapshots.
    pub changes: Vec<ChangeView<'a>>,
    /// The snapshot dates of the same month, newest first (the points page lists them all).
    pub dates: Vec<DateLink>,
    pub month_label: String,
    /// The points page's list of every date.
    pub all_dates_url: String,
    pub previous: Option<DateLink>,
    pub next: Option<DateLink>,
    pub current_url: String,
}

/// One panel of the chart: one class's count over time, on a scale of its own (from none to
/// the most it ever held), so that a class of one or two points reads as clearly as one of
/// twenty-five.
#[derive(Serialize)]
pub struct PanelView<'a> {
    pub class: CountView<'a>,
    /// SVG polyline points of the step line.
    pub points: String,
    /// The most points the class held on any day: the top of its scale.
    pub max: usize,
    pub last: usize,
}

#[derive(Serialize)]
pub struct ChartRow {
    pub date: String,
    pub label: String,
    pub counts: Vec<usize>,
}

#[derive(Serialize)]
pub struct ChartView<'a> {
    /// Each panel's SVG size, and where its plot area starts and ends.
    pub width: u32,
    pub height: u32,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    /// Where the scale's labels end, and their baselines (top and bottom).
    pub y_label_x: f64,
    pub top_label_y: f64,
    pub bottom_label_y: f64,
    pub panels: Vec<PanelView<'a>>,
    /// The first and last snapshot dates, in words.
    pub first: String,
    pub last: String,
    /// The classes drawn, in the columns of `rows`.
    pub classes: Vec<CountView<'a>>,
    pub rows: Vec<ChartRow>,
}

pub(super) fn change_view<'a>(
    u: &Urls<'_>,
    c: &DayChange<'a>,
    cx: &super::Input<'a>,
) -> ChangeView<'a> {
    let config = cx.config;
    ChangeView {
        point: point_link(u, c.point.number, &c.point.title),
        party: c.claim.claim.party.as_deref().map(|p| config.shown(p)),
        before: c.before.map(StatusView::of),
        after: StatusView::of(c.after),
        claimed_by: &c.claim.claim.claimed_by,
        date: c.claim.claim.date.iso(),
        date_label: u.date(c.claim.claim.date),
        note: c.claim.claim.note.as_deref(),
        note_lang: cx.editions.note_fallback(c.claim.article, c.claim.claim),
        part: c.claim.claim.part.as_deref(),
        article_title: &c.claim.article.title,
        article_lang: cx.editions.fallback(&c.claim.article.path),
        article_url: u.to(&links::article(&c.claim.article.slug)),
    }
}

pub(super) fn date_link(
    u: &Urls<'_>,
    snap: &Snapshot<'_>,
    current: Option<usize>,
    i: usize,
) -> DateLink {
    DateLink {
        date: snap.date.iso(),
        label: u.date(snap.date),
        url: u.to(&links::as_of(&snap.date.iso())),
        current: current == Some(i),
    }
}

/// Every snapshot date, newest first.
pub(super) fn date_links(cx: &Input<'_>, u: &Urls<'_>, current: Option<usize>) -> Vec<DateLink> {
    (0..cx.snapshots.len())
        .rev()
        .map(|i| date_link(u, &cx.snapshots[i], current, i))
        .collect()
}

pub(super) fn as_of_page<'a>(cx: &Input<'a>, u: &Urls<'_>, i: usize) -> AsOfPage<'a> {
    let snap = &cx.snapshots[i];
    let label = u.date(snap.date);
    AsOfPage {
        chrome: chrome(
            cx,
            u,
            &u.strings.format("as_of_title", &[("date", &label)]),
            "points",
        ),
        date: snap.date.iso(),
        date_label: label,
        plan_title: &cx.config.plan.title,
        standing: class_views(cx.config, &snap.counts),
        contested: snap.counts.contested,
        partial: snap.counts.partial,
        parties: party_views(cx.config),
        changes: snap.changes.iter().map(|c| change_view(u, c, cx)).collect(),
        dates: (0..cx.snapshots.len())
            .rev()
            .filter(|j| cx.snapshots[*j].date.month_only() == snap.date.month_only())
            .map(|j| date_link(u, &cx.snapshots[j], Some(i), j))
            .collect(),
        month_label: u.strings.month_year(snap.date),
        all_dates_url: format!("{}#dates", u.to(links::POINTS)),
        previous: i
            .checked_sub(1)
            .map(|j| date_link(u, &cx.snapshots[j], None, j)),
        next: cx
            .snapshots
            .get(i + 1)
            .map(|s| date_link(u, s, None, i + 1)),
        current_url: u.to(links::POINTS),
    }
}

/// Each snapshot's rows, each distinct row made once. A point's row stays the same from one
/// snapshot to the next until a position on that point moves (`Snapshot::since`), so hundreds
/// of snapshot pages share a few dozen rows per point: each is built, rendered by
/// `partials/snapshot-row.html` (as its `html`) and turned into template values once, on
/// first use, and the pages share those values. Every snapshot page is in the same folder, so
/// a row's links are the same from all of them.
pub(super) struct SnapshotRows {
    /// The rows made so far, by (the first snapshot that showed them, point), each with a
    /// fingerprint of its values.
    made: Mutex<HashMap<(usize, usize), (tera::Value, u128)>>,
    /// Whether rows are fingerprinted (for `serve`'s memo; 0 otherwise).
    prints: bool,
}

impl SnapshotRows {
    pub(super) fn new(prints: bool) -> SnapshotRows {
        SnapshotRows {
            made: Mutex::default(),
            prints,
        }
    }

    /// The rows of snapshot `i`, linked from the page at `u`, with a fingerprint of their
    /// values (made of the rows' own, so that a page's is not worked out from all its rows'
    /// values again).
    pub(super) fn of(
        &self,
        tera: &tera::Tera,
        cx: &Input<'_>,
        u: &Urls<'_>,
        i: usize,
    ) -> Result<Shared, Error> {
        let poisoned = || Error::Internal("a page renderer panicked".into());
        let snap = &cx.snapshots[i];
        let mut rows = Vec::with_capacity(snap.statuses.len());
        let mut print = xxhash_rust::xxh3::Xxh3::new();
        let existing = (snap.statuses.iter().zip(&snap.since).enumerate())
            .filter(|(_, (p, _))| p.point.exists_on(snap.date));
        for (j, (p, since)) in existing {
            let key = (*since, j);
            let made = self.made.lock().map_err(|_| poisoned())?.get(&key).cloned();
            let row = match made {
                Some(row) => row,
                None => {
                    let row = make_row(tera, snapshot_row(cx, u, p), self.prints)?;
                    let mut made = self.made.lock().map_err(|_| poisoned())?;
                    made.entry(key).or_insert(row).clone()
                }
            };
            print.update(&row.1.to_le_bytes());
            rows.push(row.0);
        }
        Ok(Shared {
            name: "rows",
            value: tera::Value::from(rows),
            print: print.digest128(),
        })
    }
}

/// A row's values with its HTML, rendered by `partials/snapshot-row.html`, and their
/// fingerprint (0 without `prints`).
fn make_row(
    tera: &tera::Tera,
    mut row: SnapshotRow<'_>,
    prints: bool,
) -> Result<(tera::Value, u128), Error> {
    const TEMPLATE: &str = "partials/snapshot-row.html";
    let mut context = tera::Context::new();
    context.insert("p", &row);
    row.html = tera
        .render(TEMPLATE, &context)
        .map_err(|e| Error::template(TEMPLATE, e))?;
    let print = if prints {
        super::fingerprint(TEMPLATE, &row, &[])?
    } else {
        0
    };
    let value =
        tera::Value::try_from_serializable(&row).map_err(|e| Error::template(TEMPLATE, e))?;
    Ok((value, print))
}

/// A point's row in a snapshot: its status then, and each party's position then.
fn snapshot_row<'a>(
    cx: &Input<'a>,
    u: &Urls<'_>,
    p: &crate::views::PointStatus<'a>,
) -> SnapshotRow<'a> {
    SnapshotRow {
        html: String::new(),
        number: p.point.number,
        title: &p.point.title,
        url: u.to(&links::point(p.point.number)),
        status: StatusView::of(p.current),
        contested: p.contested,
        partial: p.partial,
        in_part: p.in_part,
        on_record: p.on_record,
        parties: p.parties,
        cells: p
            .positions
            .iter()
            .filter(|pos| !cx.config.parties.is_empty() || pos.latest.is_some())
            .map(|pos| SnapshotCell {
                party: cx.config.shown(pos.party),
                status: pos
                    .latest
                    .map(|c| StatusView::of(cx.config.status_or_unknown(c.claim.status.as_str()))),
                part: pos.latest.and_then(|c| c.claim.part.as_deref()),
                date: pos.latest.map(|c| c.claim.date.iso()),
                date_label: pos.latest.map(|c| u.date(c.claim.date)),
            })
            .collect(),
    }
}

const WIDTH: u32 = 640;
const HEIGHT: u32 = 90;

/// The chart of the counts by class over the snapshot dates, one panel a class that held a
/// point on some day (`None` with fewer than two dates: nothing has moved).
pub(super) fn chart<'a>(cx: &Input<'a>) -> Option<ChartView<'a>> {
    let snaps = &cx.snapshots;
    if snaps.len() < 2 {
        return None;
    }
    let frame = Frame::new(cx)?;
    let last = snaps.last()?;
    // The classes some snapshot has a point in, by their place in `Counts::classes`.
    let drawn: Vec<usize> = (0..last.counts.classes.len())
        .filter(|&k| snaps.iter().any(|s| s.counts.classes[k].1 > 0))
        .collect();
    let label = |d| cx.labels.of(&cx.config.strings, d);
    Some(ChartView {
        width: WIDTH,
        height: HEIGHT,
        left: frame.left,
        right: frame.right,
        top: frame.top,
        bottom: frame.bottom,
        y_label_x: frame.left - 8.0,
        top_label_y: frame.top + 7.0,
        bottom_label_y: frame.bottom + 7.0,
        panels: drawn.iter().map(|&k| frame.panel(cx, snaps, k)).collect(),
        first: label(snaps.first()?.date),
        last: label(last.date),
        classes: (drawn.iter())
            .map(|&k| {
                let (class, n) = last.counts.classes[k];
                class_view(cx.config, class, n)
            })
            .collect(),
        rows: snaps
            .iter()
            .map(|s| ChartRow {
                date: s.date.iso(),
                label: label(s.date),
                counts: drawn.iter().map(|&k| s.counts.classes[k].1).collect(),
            })
            .collect(),
    })
}

/// A panel's plotting area and the days across it, from the first snapshot to the last.
struct Frame {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    first: chrono::NaiveDate,
    /// Days from the first snapshot to the last (at least one).
    span: f64,
}

impl Frame {
    fn new(cx: &Input<'_>) -> Option<Frame> {
        let first = cx.snapshots.first()?.date.to_naive();
        let last = cx.snapshots.last()?.date.to_naive();
        Some(Frame {
            left: 56.0,
            right: f64::from(WIDTH) - 8.0,
            top: 12.0,
            bottom: f64::from(HEIGHT) - 12.0,
            first,
            span: (last - first).num_days().max(1) as f64,
        })
    }

    fn x(&self, d: crate::model::Date) -> f64 {
        let days = (d.to_naive() - self.first).num_days() as f64;
        self.left + days / self.span * (self.right - self.left)
    }

    /// The step line of the `k`th class on its own scale: flat until the next snapshot, then
    /// up or down.
    fn panel<'a>(
        &self,
        cx: &Input<'a>,
        snaps: &[crate::views::asof::Snapshot<'a>],
        k: usize,
    ) -> PanelView<'a> {
        let max = snaps
            .iter()
            .map(|s| s.counts.classes[k].1)
            .max()
            .unwrap_or(0);
        let y = |n: usize| self.bottom - n as f64 / max.max(1) as f64 * (self.bottom - self.top);
        let mut pts: Vec<String> = Vec::new();
        let mut previous: Option<usize> = None;
        for s in snaps {
            let n = s.counts.classes[k].1;
            let px = self.x(s.date);
            if let Some(p) = previous {
                pts.push(format!("{px:.1},{:.1}", y(p)));
            }
            pts.push(format!("{px:.1},{:.1}", y(n)));
            previous = Some(n);
        }
        let last = previous.unwrap_or(0);
        let class = snaps[snaps.len() - 1].counts.classes[k].0;
        PanelView {
            class: class_view(cx.config, class, last),
            points: pts.join(" "),
            max,
            last,
        }
    }
}
