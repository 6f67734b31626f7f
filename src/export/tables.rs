//! The CSV exports (csv): `data/points.csv`, `data/claims.csv` and
//! `data/status-history.csv` (the chart's figures).

use super::{export_error, url_of};
use crate::diagnostics::Error;
use crate::links;
use crate::views::Views;

pub(super) fn points_csv(cx: &Views<'_>) -> Result<String, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| export_error(links::POINTS_CSV, e);
    let mut header: Vec<String> = [
        "number",
        "block",
        "title",
        "status",
        "status_label",
        "contested",
        "partial",
        "in_part",
        "on_record",
        "claimed_by",
        "party",
        "date",
        "part",
        "url",
    ]
    .map(String::from)
    .to_vec();
    for party in &cx.config.parties {
        header.push(format!("{} status", party.short));
        header.push(format!("{} part", party.short));
        header.push(format!("{} date", party.short));
    }
    w.write_record(&header).map_err(err)?;
    let flag = |b: bool| if b { "true" } else { "false" }.to_string();
    for p in &cx.statuses {
        let latest = p.latest();
        let mut row = vec![
            p.point.number.to_string(),
            p.point.block.0.clone(),
            p.point.title.clone(),
            p.current.key.as_str().to_string(),
            p.current.label.clone(),
            flag(p.contested),
            flag(p.partial),
            flag(p.in_part),
            p.on_record.to_string(),
            latest.map_or(String::new(), |c| c.claim.claimed_by.clone()),
            latest.map_or(String::new(), |c| c.claim.party.clone().unwrap_or_default()),
            latest.map_or(String::new(), |c| c.claim.date.iso()),
            latest.map_or(String::new(), |c| c.claim.part.clone().unwrap_or_default()),
            url_of(cx, &links::point(p.point.number)),
        ];
        if !cx.config.parties.is_empty() {
            for pos in &p.positions {
                row.push(
                    pos.latest
                        .map_or(String::new(), |c| c.claim.status.as_str().to_string()),
                );
                row.push(
                    pos.latest
                        .and_then(|c| c.claim.part.clone())
                        .unwrap_or_default(),
                );
                row.push(pos.latest.map_or(String::new(), |c| c.claim.date.iso()));
            }
        }
        w.write_record(&row).map_err(err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| export_error(links::POINTS_CSV, e))?;
    String::from_utf8(bytes).map_err(|e| export_error(links::POINTS_CSV, e))
}

/// One row per claim and point: who (party, or empty for an observer), what, when, where.
pub(super) fn claims_csv(cx: &Views<'_>) -> Result<String, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| export_error(links::CLAIMS_CSV, e);
    w.write_record([
        "point",
        "party",
        "observer",
        "status",
        "status_label",
        "part",
        "claimed_by",
        "date",
        "note",
        "article_url",
    ])
    .map_err(err)?;
    for p in &cx.statuses {
        for c in &p.history {
            let status = cx.config.status_or_unknown(c.claim.status.as_str());
            w.write_record([
                p.point.number.to_string().as_str(),
                c.claim.party.as_deref().unwrap_or(""),
                if c.claim.party.is_none() {
                    "true"
                } else {
                    "false"
                },
                c.claim.status.as_str(),
                &status.label,
                c.claim.part.as_deref().unwrap_or(""),
                &c.claim.claimed_by,
                &c.claim.date.iso(),
                c.claim.note.as_deref().unwrap_or(""),
                &url_of(cx, &links::article(&c.article.slug)),
            ])
            .map_err(err)?;
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| export_error(links::CLAIMS_CSV, e))?;
    String::from_utf8(bytes).map_err(|e| export_error(links::CLAIMS_CSV, e))
}

/// `data/status-history.csv`: for every snapshot date, how many points stood in each class
/// (`views::Class`: with parties, a status every party holds, contested, only some parties on
/// record, no statement found; without, each status and contested), and how many points there
/// were that day (a point counts from its `since`). The home page's chart draws the same.
pub(super) fn status_history_csv(cx: &Views<'_>) -> Result<String, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| export_error(links::STATUS_HISTORY_CSV, e);
    let classes = crate::views::counts(std::iter::empty(), cx.config).classes;
    let mut header = vec!["date".to_string()];
    header.extend(classes.iter().map(|(c, _)| c.column()));
    header.push("points".into());
    w.write_record(&header).map_err(err)?;
    for snap in &cx.snapshots {
        let mut row = vec![snap.date.iso()];
        row.extend(snap.counts.classes.iter().map(|(_, n)| n.to_string()));
        row.push(snap.counts.total.to_string());
        w.write_record(&row).map_err(err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| export_error(links::STATUS_HISTORY_CSV, e))?;
    String::from_utf8(bytes).map_err(|e| export_error(links::STATUS_HISTORY_CSV, e))
}
