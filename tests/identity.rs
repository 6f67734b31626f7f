//! What others store keeps its identity: feed entry ids and calendar UIDs made from what a
//! thing is, feed links that resolve from the feed's own address, empty feeds dated by the
//! briefing's date; and one diagnosis per fault, each with its line and column.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;

/// Every feed of an output, by file.
fn feeds(out: &Path) -> Vec<String> {
    let mut files = vec!["feed.xml".to_string(), "changes.xml".to_string()];
    for entry in std::fs::read_dir(out.join("points")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if out.join(format!("points/{name}/feed.xml")).is_file() {
            files.push(format!("points/{name}/feed.xml"));
        }
    }
    files
}

/// Each feed entry's id with what it says (title and summary), over every feed.
fn entries(out: &Path) -> BTreeMap<String, String> {
    let mut all = BTreeMap::new();
    for file in feeds(out) {
        let feed = feed_rs::parser::parse(read(out, &file).as_bytes()).unwrap();
        for e in feed.entries {
            let says = format!(
                "{} | {}",
                e.title.map(|t| t.content).unwrap_or_default(),
                e.summary.map(|t| t.content).unwrap_or_default()
            );
            let old = all.insert(format!("{file} {}", e.id), says.clone());
            assert!(old.is_none_or(|o| o == says), "{file}: id {} twice", e.id);
        }
    }
    all
}

/// Each calendar event's UID with its summary and start.
fn events(out: &Path) -> BTreeMap<String, String> {
    use icalendar::Component;
    let calendar: icalendar::Calendar = read(out, "data/timeline.ics").parse().unwrap();
    calendar
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .map(|e| {
            let start = format!("{:?}", e.get_start());
            (
                e.get_uid().unwrap().to_string(),
                format!("{} {start}", e.get_summary().unwrap_or("")),
            )
        })
        .collect()
}

#[test]
fn ids_and_uids_keep_naming_the_same_things_when_others_are_inserted_before_them() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("trade"), &site);
    let (_t, out, _) = build(&site, |_| {});
    let (old_entries, old_events) = (entries(&out), events(&out));
    assert!(old_entries.len() > 5 && old_events.len() == 3);
    assert!(
        old_entries
            .keys()
            .all(|k| k.contains(" tag:briefing.invalid,2025:"))
    );

    // A claim and an event inserted at the top of the article's lists, on the same point and
    // day as those already there.
    let path = site.join("content/articles/2024-03-01-round-one.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text
        .replace(
            "events:\n",
            "events:\n  - {date: 2024-02-27, title: \"Advance teams arrive\", actors: [North]}\n",
        )
        .replace(
            "points:\n",
            "points:\n  - {point: 2, status: pending, claimed_by: \"North's deputy\", party: North, date: 2024-02-20}\n",
        );
    std::fs::write(&path, text).unwrap();
    let (_t, out, _) = build(&site, |o| {
        o.base_url = Some("https://example.org/elsewhere/".into())
    });
    let (new_entries, new_events) = (entries(&out), events(&out));
    for (id, says) in &old_entries {
        assert_eq!(
            new_entries.get(id),
            Some(says),
            "{id} names something else now"
        );
    }
    assert_eq!(
        new_entries.len(),
        old_entries.len() + 2,
        "the new claim in two feeds"
    );
    for (uid, says) in &old_events {
        assert_eq!(
            new_events.get(uid),
            Some(says),
            "{uid} names something else now"
        );
    }
    assert_eq!(new_events.len(), 4);
}

#[test]
fn a_set_tag_authority_names_every_id() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("trade"), &site);
    let settings = std::fs::read_to_string(site.join("briefing.yaml")).unwrap();
    std::fs::write(
        site.join("briefing.yaml"),
        format!("tag_authority: \"desk@example.org,2024-03\"\n{settings}"),
    )
    .unwrap();
    let (_t, out, _) = build(&site, |_| {});
    let all = entries(&out);
    assert!(
        all.keys()
            .all(|k| k.contains(" tag:desk@example.org,2024-03:content/articles/")),
        "{all:#?}"
    );
    assert!(
        events(&out)
            .keys()
            .all(|k| k.starts_with("tag:desk@example.org,2024-03:"))
    );
}

/// The file a link from the feed at `feed` reaches (`base` stripped from absolute ones).
fn target(feed: &str, href: &str, base: Option<&str>) -> String {
    match base {
        Some(base) => {
            let rel = href
                .strip_prefix(base)
                .unwrap_or_else(|| panic!("{feed}: {href} is not under {base}"));
            resolve("index.html", rel, false).unwrap()
        }
        None => {
            assert!(!href.contains("://"), "{feed}: {href}");
            resolve(feed, href, false).unwrap()
        }
    }
}

#[test]
fn every_feed_link_resolves_from_the_feeds_own_address() {
    for base in [None, Some("https://example.org/trade/")] {
        let (_t, out, _) = build(&fixture("trade"), |o| o.base_url = base.map(String::from));
        for file in feeds(&out) {
            let feed = feed_rs::parser::parse(read(&out, &file).as_bytes()).unwrap();
            let mut hrefs: Vec<(String, String)> = feed
                .links
                .iter()
                .map(|l| (l.rel.clone().unwrap_or_default(), l.href.clone()))
                .collect();
            for e in &feed.entries {
                hrefs.extend(
                    e.links
                        .iter()
                        .map(|l| ("entry".to_string(), l.href.clone())),
                );
            }
            assert!(hrefs.iter().any(|(rel, _)| rel == "alternate"), "{file}");
            assert_eq!(
                hrefs.iter().any(|(rel, _)| rel == "self"),
                base.is_some(),
                "{file}: rel=self with base_url only"
            );
            for (rel, href) in hrefs {
                assert!(
                    !href.is_empty(),
                    "{file}: an empty {rel} link is the feed itself"
                );
                let file_reached = target(&file, &href, base);
                assert!(
                    out.join(&file_reached).is_file(),
                    "{file}: {rel} link {href} reaches {file_reached}, which does not exist"
                );
                if rel == "alternate" && file == "feed.xml" {
                    assert_eq!(file_reached, "index.html", "the home feed's page is home");
                }
            }
        }
    }
}

#[test]
fn an_empty_feed_is_dated_by_the_briefing_and_the_calendar_has_no_relative_url() {
    let (_t, out, _) = build(&fixture("trade"), |_| {});
    // Point 1 of the trade fixture has no claim.
    let feed = feed_rs::parser::parse(read(&out, "points/1/feed.xml").as_bytes()).unwrap();
    assert!(feed.entries.is_empty());
    assert_eq!(
        feed.updated.unwrap().date_naive().to_string(),
        "2024-03-10",
        "the latest date of any published claim, event or article"
    );
    let calendar = read(&out, "data/timeline.ics");
    assert!(
        !calendar.contains("\r\nURL:"),
        "no URL without base_url: {calendar}"
    );
}

#[test]
fn the_404_page_under_a_base_url_has_no_skip_link_to_another_page() {
    let (_t, out, _) = build(&fixture("trade"), |o| {
        o.base_url = Some("https://example.org/trade/".into())
    });
    let page = read(&out, "404.html");
    assert!(page.contains("<base href=\"https://example.org/trade/\">"));
    assert!(
        !page.contains("href=\"#main\""),
        "#main would go to the home page"
    );
    assert!(read(&out, "index.html").contains("href=\"#main\""));
}

#[test]
fn snapshot_rows_without_parties_are_as_wide_as_their_header() {
    let (_t, out, _) = build(&fixture("versions"), |_| {});
    for entry in std::fs::read_dir(out.join("points/as-of")).unwrap() {
        let date = entry.unwrap().file_name().to_string_lossy().into_owned();
        let page = main_of(&read(&out, &format!("points/as-of/{date}/index.html")));
        let table = &page[page
            .find("<table class=\"points snapshot-table\">")
            .unwrap()..];
        let head = &table[..table.find("</thead>").unwrap()];
        let width = head.matches("<th scope=\"col\"").count();
        let body = &table[table.find("<tbody>").unwrap()..table.find("</tbody>").unwrap()];
        for row in body.split("<tr>").skip(1) {
            assert_eq!(row.matches("<td").count(), width, "{date}: {row}");
        }
    }
}

#[test]
fn five_faults_give_five_diagnostics_each_with_its_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("trade"), &site);
    let edit = |rel: &str, from: &str, to: &str| {
        let path = site.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel}: {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    // 1: a point whose block is unknown, which articles link to and claim positions on.
    edit("content/points/2.md", "block: tariffs", "block: tarifs");
    // 2: an unknown status.
    edit(
        "content/articles/2024-03-01-round-one.md",
        "status: pending, claimed_by: \"South negotiator\"",
        "status: pendng, claimed_by: \"South negotiator\"",
    );
    // 3: a link to a missing file; 4: a claim on a point that does not exist; and a link and
    // a claim to point 2, whose file failed, which are not faults of their own.
    edit(
        "content/articles/2024-03-10-round-two.md",
        "## Outcome\n",
        "## Outcome\n\nSee [the annex](annex.md) and [clause 2](../points/2.md).\n",
    );
    edit(
        "content/articles/2024-03-10-round-two.md",
        "points:\n",
        "points:\n  - {point: 99, status: signed, claimed_by: \"North trade minister\", party: North}\n  - {point: 2, status: signed, claimed_by: \"North trade minister\", party: North}\n",
    );
    // 5: a date that does not exist.
    edit(
        "content/articles/2024-03-12-draft-note.md",
        "date: 2024-03-12",
        "date: 2024-02-30",
    );
    let run = common::run(&["check"], &site);
    let stderr = String::from_utf8_lossy(&run.stderr);
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: content/"))
        .collect();
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(errors.len(), 5, "{stderr}");
    for e in &errors {
        let location = e.split(": ").nth(1).unwrap();
        assert_eq!(location.split(':').count(), 3, "line and column: {e}");
    }
    assert!(
        !stderr.contains("content/points/2.md, which does not exist"),
        "a link to the point whose file failed is not reported again: {stderr}"
    );
    assert!(!stderr.contains("unknown point 2"), "{stderr}");
    // The underline covers the link, not the rest of its line.
    let underline = stderr
        .lines()
        .skip_while(|l| !l.contains("annex.md"))
        .find(|l| l.contains('^'))
        .unwrap();
    assert_eq!(
        underline.matches('^').count(),
        "[the annex](annex.md)".len(),
        "{stderr}"
    );
}
