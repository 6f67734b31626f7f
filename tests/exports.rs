//! Feeds, data exports and the authoring commands, read back with real parsers.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use common::*;
use std::process::Command;

#[test]
fn feed_parses_and_lists_published_articles_with_absolute_urls() {
    let (_tmp, out, _) = build(&fixture("trade"), |o| {
        o.base_url = Some("https://example.org/trade/".into())
    });
    let feed = feed_rs::parser::parse(read(&out, "feed.xml").as_bytes()).unwrap();
    // RFC 4287: an author on the feed (the title unless `author` is set).
    let authors: Vec<&str> = feed.authors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(authors, ["Harbour trade accord tracker"]);
    assert_eq!(feed.title.unwrap().content, "Harbour trade accord tracker");
    let titles: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.title.clone().unwrap().content)
        .collect();
    assert_eq!(
        titles,
        ["Round two: clause 5 blocked", "Round one closes"],
        "newest first, no draft"
    );
    let first = &feed.entries[0];
    assert_eq!(
        first.links[0].href,
        "https://example.org/trade/articles/2024-03-10-round-two/"
    );
    assert_eq!(
        first.published.unwrap().date_naive().to_string(),
        "2024-03-10"
    );
    assert!(feed.links.iter().any(
        |l| l.href == "https://example.org/trade/feed.xml" && l.rel.as_deref() == Some("self")
    ));
}

#[test]
fn sitemap_and_robots_use_base_url() {
    let (_tmp, out, _) = build(&fixture("trade"), |o| {
        o.base_url = Some("https://example.org/trade/".into())
    });
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/trade/points/5/</loc>"));
    assert!(sitemap.contains("<loc>https://example.org/trade/articles/2024-03-01-round-one/</loc><lastmod>2024-03-01</lastmod>"));
    assert!(!sitemap.contains("draft-note"));
    assert!(read(&out, "robots.txt").contains("Sitemap: https://example.org/trade/sitemap.xml"));
    let page = read(&out, "points/5/index.html");
    assert!(page.contains("<link rel=\"canonical\" href=\"https://example.org/trade/points/5/\">"));
    assert!(
        page.contains("<meta property=\"og:url\" content=\"https://example.org/trade/points/5/\">")
    );
    let (_tmp, out, _) = build(&fixture("trade"), |_| {});
    assert!(
        !out.join("sitemap.xml").exists(),
        "no sitemap without absolute URLs"
    );
    assert!(!read(&out, "index.html").contains("rel=\"canonical\""));
}

#[derive(serde::Deserialize)]
struct PointsJson {
    blocks: Vec<serde_json::Value>,
    statuses: Vec<serde_json::Value>,
    points: Vec<PointJson>,
}

#[derive(serde::Deserialize)]
struct PointJson {
    number: u32,
    block: String,
    status: String,
    contested: bool,
    partial: bool,
    positions: std::collections::BTreeMap<String, Option<ClaimJson>>,
    history: Vec<ClaimJson>,
}

#[derive(serde::Deserialize)]
struct ClaimJson {
    status: String,
    party: Option<String>,
    date: String,
}

#[test]
fn points_json_matches_the_fixture() {
    let (_tmp, out, _) = build(&fixture("trade"), |_| {});
    let doc: PointsJson = serde_json::from_str(&read(&out, "data/points.json")).unwrap();
    assert_eq!(doc.points.len(), 12);
    assert_eq!(doc.blocks.len(), 3);
    assert_eq!(doc.statuses.len(), 4, "three own statuses plus unknown");
    let p5 = doc.points.iter().find(|p| p.number == 5).unwrap();
    assert_eq!(p5.block, "ports");
    assert!(p5.contested && !p5.partial);
    assert_eq!(p5.status, "blocked", "the least settled position heads");
    let history: Vec<(&str, &str, &str)> = p5
        .history
        .iter()
        .map(|c| {
            (
                c.date.as_str(),
                c.party.as_deref().unwrap(),
                c.status.as_str(),
            )
        })
        .collect();
    assert_eq!(
        history,
        [
            ("2024-02-29", "South", "pending"),
            ("2024-03-10", "South", "blocked"),
            ("2024-03-10", "North", "signed")
        ]
    );
    assert_eq!(p5.positions.len(), 2);
    assert_eq!(p5.positions["South"].as_ref().unwrap().status, "blocked");
    let p2 = doc.points.iter().find(|p| p.number == 2).unwrap();
    assert!(p2.partial, "North alone is on record");
    assert!(p2.positions["South"].is_none());
    let p1 = doc.points.iter().find(|p| p.number == 1).unwrap();
    assert_eq!(p1.status, "unknown");
    assert!(p1.history.is_empty());
}

#[test]
fn points_csv_has_one_row_per_point() {
    let (_tmp, out, _) = build(&fixture("trade"), |_| {});
    let text = read(&out, "data/points.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "number");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 12);
    let row5 = rows.iter().find(|r| &r[0] == "5").unwrap();
    assert_eq!(&headers[6], "partial");
    assert_eq!(&headers[7], "in_part");
    assert_eq!(&headers[8], "on_record");
    assert_eq!(&headers[12], "part");
    assert_eq!(&headers[14], "N status");
    assert_eq!(&headers[15], "N part");
    assert_eq!(&headers[19], "S date");
    assert_eq!(&row5[3], "blocked");
    assert_eq!(&row5[5], "true");
    assert_eq!(&row5[8], "2");
    assert_eq!(&row5[10], "North");
    assert_eq!(&row5[11], "2024-03-10");
    assert_eq!(&row5[14], "signed");
    assert_eq!(&row5[17], "blocked");
}

#[derive(serde::Deserialize)]
struct TimelineJson {
    entries: Vec<EntryJson>,
}

#[derive(serde::Deserialize)]
struct EntryJson {
    kind: String,
    date: String,
    article: serde_json::Value,
}

#[test]
fn timeline_json_is_oldest_first_without_drafts() {
    let (_tmp, out, _) = build(&fixture("trade"), |_| {});
    let doc: TimelineJson = serde_json::from_str(&read(&out, "data/timeline.json")).unwrap();
    let dates: Vec<&str> = doc.entries.iter().map(|e| e.date.as_str()).collect();
    assert_eq!(
        dates,
        [
            "2024-02",
            "2024-02-28",
            "2024-02-29",
            "2024-03-01",
            "2024-03-09",
            "2024-03-10",
            "2024-03-10"
        ]
    );
    assert_eq!(doc.entries.iter().filter(|e| e.kind == "event").count(), 3);
    assert!(
        doc.entries
            .iter()
            .all(|e| e.article["url"].as_str().unwrap().starts_with("articles/"))
    );
}

#[test]
fn timeline_ics_parses_with_stable_uids_and_all_day_events() {
    use icalendar::{Component, EventLike};
    let (_tmp, out, _) = build(&fixture("trade"), |o| {
        o.base_url = Some("https://example.org/trade/".into())
    });
    let text = read(&out, "data/timeline.ics");
    // The calendar's own lines go around the events, once each.
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert!(text.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"), "{text}");
    assert_eq!(text.matches("VCALENDAR").count(), 2);
    assert_eq!(text.matches("X-WR-CALNAME:").count(), 1);
    let calendar: icalendar::Calendar = text.parse().unwrap();
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .collect();
    assert_eq!(events.len(), 3);
    let uids: Vec<&str> = events.iter().map(|e| e.get_uid().unwrap()).collect();
    assert_eq!(
        uids,
        [
            "tag:briefing.invalid,2025:content/articles/2024-03-01-round-one.md#event/2024-02/preparatory-contacts",
            "tag:briefing.invalid,2025:content/articles/2024-03-01-round-one.md#event/2024-02-28/teams-meet-in-portsmouth",
            "tag:briefing.invalid,2025:content/articles/2024-03-10-round-two.md#event/2024-03-09/second-round-in-calais"
        ],
        "tag URIs from what each event is, the same with or without base_url"
    );
    assert!(
        events.iter().all(|e| e
            .get_url()
            .is_some_and(|u| u.starts_with("https://example.org/trade/articles/"))),
        "with base_url, an event's URL is absolute"
    );
    let portsmouth = events
        .iter()
        .find(|e| e.get_summary() == Some("Teams meet in Portsmouth"))
        .unwrap();
    assert_eq!(portsmouth.get_location(), Some("Portsmouth"));
    match portsmouth.get_start().unwrap() {
        icalendar::DatePerhapsTime::Date(d) => assert_eq!(d.to_string(), "2024-02-28"),
        other => panic!("not an all-day event: {other:?}"),
    }
    // DTEND is exclusive (RFC 5545): every event ends after it starts; a day on the next
    // day, a month on the first of the next month.
    let day = |p: icalendar::DatePerhapsTime| match p {
        icalendar::DatePerhapsTime::Date(d) => d,
        other => panic!("not a date: {other:?}"),
    };
    for e in &events {
        let (start, end) = (day(e.get_start().unwrap()), day(e.get_end().unwrap()));
        assert!(
            end > start,
            "{:?}: DTEND {end} is not after DTSTART {start}",
            e.get_summary()
        );
    }
    assert_eq!(day(portsmouth.get_end().unwrap()).to_string(), "2024-02-29");
    let month = events
        .iter()
        .find(|e| e.get_summary() == Some("Preparatory contacts"))
        .unwrap();
    assert_eq!(day(month.get_start().unwrap()).to_string(), "2024-02-01");
    assert_eq!(day(month.get_end().unwrap()).to_string(), "2024-03-01");
    let (_tmp2, out2, _) = build(&fixture("trade"), |o| {
        o.base_url = Some("https://example.org/trade/".into())
    });
    assert_eq!(
        text,
        read(&out2, "data/timeline.ics"),
        "same bytes on every build (no build timestamp)"
    );
}

#[test]
fn tag_pages_list_their_articles() {
    let (_tmp, out, _) = build(&fixture("trade"), |_| {});
    let tag = main_of(&read(&out, "tags/round-one/index.html"));
    assert!(tag.contains("Articles tagged “Round One”"));
    assert!(tag.contains("Round one closes") && !tag.contains("Round two"));
    let tags = main_of(&read(&out, "tags/index.html"));
    for t in ["ports", "round-one", "tariffs"] {
        assert!(tags.contains(&format!("href=\"../tags/{t}/\"")), "{t}");
    }
}

#[test]
fn init_then_new_article_then_build() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new-briefing");
    let bin = env!("CARGO_BIN_EXE_briefing");
    let init = Command::new(bin).arg("init").arg(&dir).output().unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    assert!(!dir.join("templates").exists() && !dir.join("static").exists());
    let again = Command::new(bin).arg("init").arg(&dir).output().unwrap();
    assert_eq!(
        again.status.code(),
        Some(1),
        "init refuses a non-empty folder"
    );

    let new_article = || {
        Command::new(bin)
            .args([
                "new",
                "article",
                "Talks resume in Vienna",
                "--date",
                "2025-02-03",
                "--root",
            ])
            .arg(&dir)
            .output()
            .unwrap()
    };
    let new = new_article();
    assert!(
        new.status.success(),
        "{}",
        String::from_utf8_lossy(&new.stderr)
    );
    let path = dir.join("content/articles/2025-02-03-talks-resume-in-vienna.md");
    let skeleton = std::fs::read_to_string(&path).unwrap();
    for field in [
        "title:",
        "date:",
        "summary:",
        "slug:",
        "draft:",
        "tags:",
        "sources:",
        "events:",
        "points:",
        "claimed_by:",
        "party:",
        "note:",
    ] {
        assert!(
            skeleton.contains(field),
            "{field} missing from the skeleton"
        );
    }
    std::fs::write(&path, skeleton.replace("draft: true", "draft: false")).unwrap();
    let twice = new_article();
    assert_eq!(
        twice.status.code(),
        Some(1),
        "new article refuses to overwrite"
    );

    let built = Command::new(bin)
        .arg("build")
        .arg("--root")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let page = read(
        &dir.join("public"),
        "articles/2025-02-03-talks-resume-in-vienna/index.html",
    );
    assert!(page.contains("<h1>Talks resume in Vienna</h1>"));
    assert!(dir.join("public/points/2/index.html").is_file());
}
