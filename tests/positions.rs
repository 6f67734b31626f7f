//! Positions: each declared party's latest word on each point, and the status that follows
//! from the positions together (shared, contested, partial, or no party on record), in the
//! rendered pages and the exports.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use common::*;
use std::path::Path;

const SETTINGS: &str = r#"title: "Three-party test"
parties:
  - {name: Alpha, short: A}
  - {name: Beta, short: B, aliases: ["Beta capital"]}
  - {name: Gamma, short: G}
plan:
  title: "Test plan"
  blocks:
    - {id: 1, title: "Only block"}
"#;

/// Claims: point 1 agreed by Alpha and Beta (Gamma silent); point 2 agreed by Alpha, open
/// by Beta, rejected by Gamma; point 3 only an observer's claim; point 4 open by all three
/// (Beta through its alias); point 5 Alpha changes its mind (agreed, later open).
const ARTICLE: &str = r#"---
title: "Round of talks"
date: 2025-12-01
points:
  - {point: [1, 2, 5], status: agreed, claimed_by: "Alpha envoy", party: Alpha}
  - {point: 1, status: agreed, claimed_by: "Beta minister", party: beta}
  - {point: 2, status: open, claimed_by: "Beta minister", party: Beta}
  - {point: 2, status: rejected, claimed_by: "Gamma spokesman", party: Gamma}
  - {point: 3, status: agreed, claimed_by: "A think tank"}
  - {point: 4, status: open, claimed_by: "Alpha envoy", party: Alpha}
  - {point: 4, status: open, claimed_by: "Beta minister", party: "Beta  Capital"}
  - {point: 4, status: open, claimed_by: "Gamma spokesman", party: Gamma}
  - {point: 5, status: open, claimed_by: "Alpha envoy", party: Alpha, date: 2025-12-02}
---

Talks.
"#;

fn site(dir: &Path) {
    std::fs::create_dir_all(dir.join("content/points")).unwrap();
    std::fs::create_dir_all(dir.join("content/articles")).unwrap();
    std::fs::write(dir.join("briefing.yaml"), SETTINGS).unwrap();
    for n in 1..=6 {
        std::fs::write(
            dir.join(format!("content/points/{n}.md")),
            format!("---\nnumber: {n}\nblock: 1\ntitle: \"Point {n} title\"\n---\n\nText {n}.\n"),
        )
        .unwrap();
    }
    std::fs::write(dir.join("content/articles/2025-12-01-round.md"), ARTICLE).unwrap();
}

/// The status cell of point `n`'s row in the points table.
fn row(points: &str, n: u32) -> String {
    let start = points
        .find(&format!("<td class=\"num\">{n}</td>"))
        .unwrap_or_else(|| panic!("no row for point {n}"));
    let end = start + points[start..].find("</tr>").unwrap();
    text_of(&points[start..end])
}

#[test]
fn the_status_follows_from_the_positions_together() {
    let tmp = tempfile::tempdir().unwrap();
    site(&tmp.path().join("site"));
    let (_t, out, outcome) = build(&tmp.path().join("site"), |_| {});
    assert!(outcome.diagnostics.is_empty(), "{:?}", outcome.diagnostics);
    let points = main_of(&read(&out, "points/index.html"));
    assert!(
        points.contains("<abbr title=\"Alpha\">A</abbr>"),
        "one column per party"
    );

    let one = row(&points, 1);
    assert!(
        one.starts_with("1 Point 1 title Agreed Only 2 of 3 parties on record"),
        "{one}"
    );
    assert!(
        one.ends_with("No public position"),
        "Gamma is silent: {one}"
    );

    let two = row(&points, 2);
    assert!(
        two.starts_with("2 Point 2 title Rejected Contested"),
        "least settled heads: {two}"
    );
    assert!(
        two.contains("Agreed Alpha envoy") && two.contains("Open Beta minister"),
        "{two}"
    );

    let three = row(&points, 3);
    assert!(
        three.starts_with("3 Point 3 title No statement found"),
        "{three}"
    );
    assert_eq!(three.matches("No public position").count(), 3, "{three}");
    let page3 = text_of(&main_of(&read(&out, "points/3/index.html")));
    assert!(
        page3.contains("A think tank (observer)"),
        "history keeps the observer: {page3}"
    );

    let four = row(&points, 4);
    assert!(
        four.starts_with("4 Point 4 title Open Open Alpha"),
        "{four}"
    );
    assert!(
        four.contains("Open Beta minister"),
        "the alias counts as Beta: {four}"
    );
    assert!(
        !four.contains("parties on record") && !four.contains("Contested"),
        "{four}"
    );

    let five = row(&points, 5);
    assert!(
        five.starts_with("5 Point 5 title Open Only 1 of 3"),
        "latest word wins: {five}"
    );

    let home = text_of(&main_of(&read(&out, "index.html")));
    assert!(
        home.contains(
            "Of 6 points, none is agreed by all 3 parties (Alpha, Beta, Gamma); 1 is open by all 3 parties (Alpha, Beta, Gamma); their public positions differ on 1; on 2, only some of the parties are on record; on 2, this briefing has found no public statement by any party."
        ),
        "{home}"
    );
    assert!(
        home.contains(
            "Open by all 1 Contested 1 Only some parties on record 2 No statement found 2 "
        ),
        "the counters say agreement only where every party gave it: {home}"
    );
    assert!(!home.contains("Agreed 1"), "{home}");
}

#[test]
fn exports_give_each_party_its_position() {
    let tmp = tempfile::tempdir().unwrap();
    site(&tmp.path().join("site"));
    let (_t, out, _) = build(&tmp.path().join("site"), |_| {});
    let json: serde_json::Value = serde_json::from_str(&read(&out, "data/points.json")).unwrap();
    let p1 = &json["points"][0];
    assert_eq!(p1["status"], "agreed");
    assert_eq!(p1["partial"], true);
    assert_eq!(p1["contested"], false);
    assert_eq!(p1["positions"]["Alpha"]["claimed_by"], "Alpha envoy");
    assert!(p1["positions"]["Gamma"].is_null(), "not on record is null");
    let p3 = &json["points"][2];
    assert_eq!(
        p3["history"][0]["party"],
        serde_json::Value::Null,
        "an observer"
    );
    assert!(
        p3["positions"]
            .as_object()
            .unwrap()
            .values()
            .all(|v| v.is_null())
    );

    let csv = read(&out, "data/points.csv");
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with("A status,A part,A date,B status,B part,B date,G status,G part,G date"),
        "{header}"
    );
    let line2 = csv.lines().nth(2).unwrap();
    assert!(
        line2.ends_with("agreed,,2025-12-01,open,,2025-12-01,rejected,,2025-12-01"),
        "{line2}"
    );

    let claims = read(&out, "data/claims.csv");
    let mut rows = claims.lines();
    assert_eq!(
        rows.next().unwrap(),
        "point,party,observer,status,status_label,part,claimed_by,date,note,article_url"
    );
    let rows: Vec<&str> = rows.collect();
    assert_eq!(rows.len(), 11, "one row per claim and point: {rows:#?}");
    assert!(
        rows.contains(
            &"3,,true,agreed,Agreed,,A think tank,2025-12-01,,articles/2025-12-01-round/"
        )
    );
    assert!(
        rows.contains(
            &"4,Beta,false,open,Open,,Beta minister,2025-12-01,,articles/2025-12-01-round/"
        )
    );
}
