//! The print edition (`print/`): the whole briefing on one page, for paper.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use common::*;

#[test]
fn the_print_edition_holds_every_point_party_note_and_source() {
    let (_tmp, out, _) = build(&repo(), |_| {});
    let html = read(&out, "print/index.html");
    let text = text_of(&main_of(&html));
    for n in 1..=29 {
        assert!(html.contains(&format!("<tr><td>{n}</td>")), "{n}");
        let point = read(&out, &format!("points/{n}/index.html"));
        let title = point
            .split("<title>")
            .nth(1)
            .unwrap()
            .split(" — ")
            .next()
            .unwrap();
        let title = title.split_once(": ").map_or(title, |(_, t)| t);
        assert!(html.contains(title), "{title}");
    }
    for party in ["United States", "Ukraine", "Russia"] {
        assert!(text.contains(party), "{party}");
    }
    // Every source with an address is printed in full, once.
    let urls = shipped_source_urls();
    for url in &urls {
        let printed = format!(">{}</a>", url.replace('&', "&amp;"));
        assert_eq!(html.matches(&printed).count(), 1, "{url}");
    }
    assert!(urls.len() > 20, "{}", urls.len());
    // Each reference in the table leads to its note, numbered in order.
    let refs = html.matches("id=\"ref-").count();
    assert!(refs > 10, "{refs}");
    for n in 1..=refs {
        assert!(
            html.contains(&format!("href=\"#note-{n}\" id=\"ref-{n}\"")),
            "{n}"
        );
        assert!(
            html.contains(&format!("<li id=\"note-{n}\" value=\"{n}\">")),
            "{n}"
        );
    }
    assert!(!html.contains("id=\"note-0\""));
    // The running header and the page numbers are CSS the paged media reads.
    assert!(
        html.contains(
            "@top-center { content: \"Ukraine peace plan briefing · 24 December 2025\"; }"
        )
    );
    assert!(html.contains("@bottom-right { content: counter(page) \" of \" counter(pages); }"));
    // The contested points with each party's words; the versions' changes.
    assert!(text.contains("Contested points"), "{text}");
    assert!(text.contains("Zaporizhzhia"), "{text}");
    // Who's who and the glossary.
    assert!(text.contains("Andriy Yermak"), "{text}");
    assert!(html.contains("<dt>ZNPP</dt>"), "{html}");
    // Linked from the home page and every page's footer; its links all resolve.
    assert!(read(&out, "index.html").contains("href=\"print/\""));
    assert!(read(&out, "points/19/index.html").contains("href=\"../../print/\""));
    let (seen, broken) = crawl(&out, "print/index.html", false);
    assert!(broken.is_empty(), "{broken:#?}");
    assert!(seen.contains("articles/2025-12-19-putin-year-end/index.html"));
}

#[test]
fn a_briefing_without_parties_or_versions_prints_the_latest_claims() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture("invalid/unknown-party"), &root);
    std::fs::remove_file(root.join("expected.txt")).unwrap();
    let settings = std::fs::read_to_string(root.join("briefing.yaml")).unwrap();
    let settings: String = settings
        .lines()
        .filter(|l| !l.starts_with("parties:") && !l.starts_with("  - {name: Side"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(root.join("briefing.yaml"), settings).unwrap();
    let article = root.join("content/articles/2025-12-01-talks-open.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, text.replace("    party: Sid A\n", "")).unwrap();
    let (_out_tmp, out, _) = build(&root, |_| {});
    let html = read(&out, "print/index.html");
    let text = text_of(&main_of(&html));
    assert!(text.contains("Latest claim"), "{text}");
    assert!(html.contains("id=\"ref-1\""), "{html}");
    assert!(!text.contains("Only the points that changed"), "{text}");
}
