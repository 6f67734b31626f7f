//! The table as of any date: snapshot pages derived like the live table, the day's changes,
//! the chart's figures, and a feed per point.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use common::*;
use std::path::Path;

const SETTINGS: &str = r#"title: "As-of test"
parties:
  - {name: Alpha, short: A}
  - {name: Beta, short: B}
plan:
  title: "Test plan"
  blocks:
    - {id: 1, title: "Only block"}
"#;

/// (date, point, party, status): claims on five dates.
const CLAIMS: &[(&str, u32, &str, &str)] = &[
    ("2025-01-01", 1, "Alpha", "open"),
    ("2025-01-02", 1, "Beta", "open"),
    ("2025-01-02", 2, "Alpha", "agreed"),
    ("2025-01-03", 2, "Beta", "rejected"),
    ("2025-01-04", 1, "Alpha", "agreed"),
    ("2025-01-05", 2, "Beta", "agreed"),
    ("2025-01-05", 3, "Beta", "disputed"),
];

const ORDER: [&str; 5] = ["agreed", "open", "disputed", "rejected", "unknown"];
const LABELS: [&str; 5] = [
    "Agreed",
    "Open",
    "Disputed",
    "Rejected",
    "No statement found",
];

fn site(dir: &Path, draft_claim: bool) {
    std::fs::create_dir_all(dir.join("content/points")).unwrap();
    std::fs::create_dir_all(dir.join("content/articles")).unwrap();
    std::fs::write(dir.join("briefing.yaml"), SETTINGS).unwrap();
    for n in 1..=3 {
        std::fs::write(
            dir.join(format!("content/points/{n}.md")),
            format!("---\nnumber: {n}\nblock: 1\ntitle: \"P{n}\"\n---\n\nText.\n"),
        )
        .unwrap();
    }
    let mut points = String::new();
    for (date, n, party, status) in CLAIMS {
        points.push_str(&format!(
            "  - {{point: {n}, status: {status}, claimed_by: \"{party} envoy\", party: {party}, date: {date}}}\n"
        ));
    }
    std::fs::write(
        dir.join("content/articles/2025-01-05-round.md"),
        format!("---\ntitle: \"Rounds\"\ndate: 2025-01-05\npoints:\n{points}---\n\nRounds.\n"),
    )
    .unwrap();
    if draft_claim {
        std::fs::write(
            dir.join("content/articles/2025-01-09-draft.md"),
            "---\ntitle: \"Draft\"\ndate: 2025-01-09\ndraft: true\npoints:\n  - {point: 3, status: rejected, claimed_by: \"Alpha envoy\", party: Alpha}\n---\n\nDraft.\n",
        )
        .unwrap();
    }
}

/// The status of point `n` at the end of `date`, derived here from `CLAIMS` alone.
fn expected(n: u32, date: &str) -> (&'static str, &'static str) {
    let mut positions: Vec<&str> = Vec::new();
    for party in ["Alpha", "Beta"] {
        if let Some((.., s)) = CLAIMS
            .iter()
            .rfind(|(d, p, who, _)| *p == n && *who == party && *d <= date)
        {
            positions.push(s);
        }
    }
    let rank = |s: &str| ORDER.iter().position(|o| *o == s).unwrap();
    let Some(worst) = positions.iter().copied().max_by_key(|s| rank(s)) else {
        return ("No statement found", "");
    };
    let label = LABELS[rank(worst)];
    if positions.iter().any(|s| *s != worst) {
        (label, "Contested")
    } else if positions.len() < 2 {
        (label, "Partial")
    } else {
        (label, "")
    }
}

fn status_cell(page: &str, n: u32) -> String {
    let start = page.find(&format!("<td class=\"num\">{n}</td>")).unwrap();
    let row = &page[start..start + page[start..].find("</tr>").unwrap()];
    let cells: Vec<&str> = row.split("<td").collect();
    text_of(&format!("<td{}", cells[3]))
}

#[test]
fn every_snapshot_matches_the_claims_up_to_its_day() {
    let tmp = tempfile::tempdir().unwrap();
    site(&tmp.path().join("site"), true);
    let (_t, out, _) = build(&tmp.path().join("site"), |_| {});
    let dates = [
        "2025-01-01",
        "2025-01-02",
        "2025-01-03",
        "2025-01-04",
        "2025-01-05",
    ];
    let written: Vec<String> = std::fs::read_dir(out.join("points/as-of"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut written = written;
    written.sort();
    assert_eq!(
        written, dates,
        "one snapshot per claim date; the draft's date is not one"
    );
    for date in dates {
        let page = main_of(&read(&out, &format!("points/as-of/{date}/index.html")));
        for n in 1..=3 {
            let (label, flag) = expected(n, date);
            let cell = status_cell(&page, n);
            assert!(cell.starts_with(label), "{date} point {n}: {cell}");
            assert_eq!(
                cell.contains("Contested"),
                flag == "Contested",
                "{date} point {n}: {cell}"
            );
            assert_eq!(
                cell.contains("Only 1 of 2 parties on record"),
                flag == "Partial",
                "{date} point {n}: {cell}"
            );
        }
    }
    let day2 = text_of(&main_of(&read(&out, "points/as-of/2025-01-02/index.html")));
    let changes = &day2
        [day2.find("Positions given on").unwrap()..day2.find("Where each point stood").unwrap()];
    assert_eq!(
        changes,
        "Positions given on 2 January 2025 Point 1 : Beta , no public position → Open Beta envoy, 2 January 2025 in Rounds Point 2 : Alpha , no public position → Agreed Alpha envoy, 2 January 2025 in Rounds "
    );
    let day5 = text_of(&main_of(&read(&out, "points/as-of/2025-01-05/index.html")));
    assert!(
        day5.contains("Point 2 : Beta , Rejected → Agreed Beta envoy"),
        "{day5}"
    );

    let (_t, out, _) = build(&tmp.path().join("site"), |o| o.drafts = true);
    assert!(
        out.join("points/as-of/2025-01-09/index.html").is_file(),
        "--drafts adds the draft's date"
    );
}

#[test]
fn the_chart_shows_the_figures_of_the_csv() {
    let tmp = tempfile::tempdir().unwrap();
    site(&tmp.path().join("site"), false);
    let (_t, out, _) = build(&tmp.path().join("site"), |_| {});
    let csv = read(&out, "data/status-history.csv");
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(
        header,
        [
            "date",
            "agreed_by_all",
            "open_by_all",
            "disputed_by_all",
            "rejected_by_all",
            "contested",
            "only_some_on_record",
            "no_statement",
            "points"
        ]
    );
    let rows: Vec<Vec<String>> = lines
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), 5);
    // Point 1 contested (Alpha agreed, Beta open), 2 agreed by both, 3 Beta's alone.
    assert_eq!(rows[4].join(","), "2025-01-05,1,0,0,0,1,1,0,3");
    for row in &rows {
        let classes: usize = row[1..8].iter().map(|n| n.parse::<usize>().unwrap()).sum();
        assert_eq!(classes, 3, "the classes split the points: {row:?}");
    }
    let home = main_of(&read(&out, "index.html"));
    assert_eq!(
        home.matches("<svg viewBox=\"0 0 640 90\" aria-hidden=\"true\"")
            .count(),
        5,
        "an SVG panel drawn at build for each class with a point on some day"
    );
    let table_start = home.find("<table class=\"chart-table\">").unwrap();
    let table = &home[table_start..table_start + home[table_start..].find("</table>").unwrap()];
    let drawn: Vec<usize> = table
        .split("data-column=\"")
        .skip(1)
        .map(|c| {
            let column = &c[..c.find('"').unwrap()];
            header.iter().position(|h| *h == column).unwrap()
        })
        .collect();
    assert_eq!(
        drawn,
        [1, 2, 5, 6, 7],
        "the classes with a point on some day"
    );
    for row in &rows {
        let cells: Vec<String> = drawn.iter().map(|&k| row[k].clone()).collect();
        let shown = format!("<th scope=\"row\"><time datetime=\"{}\">", row[0]);
        let at = table
            .find(&shown)
            .unwrap_or_else(|| panic!("{} missing", row[0]));
        let tr = &table[at..at + table[at..].find("</tr>").unwrap()];
        let nums: Vec<String> = tr
            .split("<td class=\"num\">")
            .skip(1)
            .map(|c| c[..c.find('<').unwrap()].to_string())
            .collect();
        assert_eq!(nums, cells, "{}", row[0]);
    }
    for (label, n) in [
        ("Agreed by all", 1),
        ("Contested", 1),
        ("Only some parties on record", 1),
        ("No statement found", 0),
    ] {
        assert!(
            home.contains(&format!(">{label}</span> <strong>{n}</strong></p>")),
            "panel label {label}"
        );
    }
}

#[test]
fn each_point_feed_holds_exactly_its_claims() {
    let tmp = tempfile::tempdir().unwrap();
    site(&tmp.path().join("site"), false);
    let (_t, out, _) = build(&tmp.path().join("site"), |_| {});
    for n in 1..=3u32 {
        let bytes = std::fs::read(out.join(format!("points/{n}/feed.xml"))).unwrap();
        let feed = feed_rs::parser::parse(&bytes[..]).unwrap();
        let want = CLAIMS.iter().filter(|c| c.1 == n).count();
        assert_eq!(feed.entries.len(), want, "point {n}");
        assert!(!feed.authors.is_empty(), "an author (RFC 4287)");
        for e in &feed.entries {
            let title = e.title.as_ref().unwrap().content.clone();
            assert!(title.starts_with(&format!("Point {n}: ")), "{title}");
            assert!(e.updated.is_some() && !e.id.is_empty());
        }
        let page = read(&out, &format!("points/{n}/index.html"));
        assert!(
            page.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Point")
        );
    }
    let all = feed_rs::parser::parse(&std::fs::read(out.join("changes.xml")).unwrap()[..]).unwrap();
    assert_eq!(all.entries.len(), CLAIMS.len());
}

/// The text of point `n`'s row on a snapshot page.
fn row_text(page: &str, n: u32) -> String {
    let start = page.find(&format!("<td class=\"num\">{n}</td>")).unwrap();
    text_of(&page[start..start + page[start..].find("</tr>").unwrap()])
}

#[test]
fn a_row_that_stood_still_is_the_same_on_every_snapshot_and_a_site_can_lay_it_out() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    site(&root, false);
    let (_t, out, _) = build(&root, |_| {});
    let page = |out: &Path, date: &str| read(out, &format!("points/as-of/{date}/index.html"));
    // Point 1 does not move on the 3rd: its row there is the 2nd's, each party's cell dated.
    let moved = row_text(&page(&out, "2025-01-02"), 1);
    assert_eq!(moved, "1 P1 Open Open 1 January 2025 Open 2 January 2025");
    assert_eq!(row_text(&page(&out, "2025-01-03"), 1), moved);
    // On the 4th Alpha agrees: the row moves, and stays moved on the 5th.
    let agreed = "1 P1 Open Contested Agreed 4 January 2025 Open 2 January 2025";
    assert_eq!(row_text(&page(&out, "2025-01-04"), 1), agreed);
    assert_eq!(row_text(&page(&out, "2025-01-05"), 1), agreed);

    std::fs::create_dir_all(root.join("templates/partials")).unwrap();
    std::fs::write(
        root.join("templates/partials/snapshot-row.html"),
        "<tr class=\"mine\"><td class=\"num\">{{ p.number }}</td><td>{{ p.status.label }}</td></tr>",
    )
    .unwrap();
    let (_t, out, _) = build(&root, |_| {});
    for date in ["2025-01-01", "2025-01-03", "2025-01-05"] {
        let html = page(&out, date);
        assert_eq!(html.matches("<tr class=\"mine\">").count(), 3, "{date}");
    }
    assert_eq!(row_text(&page(&out, "2025-01-04"), 1), "1 Open");
}
