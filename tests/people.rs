//! People: claims made `by:` a person of `content/people/` are attributed with the role held
//! that day, and each person has a page listing what they said.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use common::*;
use std::path::Path;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A small briefing with one envoy whose role ended on 28 November, and a claim of theirs
/// before and after that day.
fn envoy_site(root: &Path) {
    copy_dir(&fixture("invalid/unknown-party"), root);
    std::fs::remove_file(root.join("expected.txt")).unwrap();
    write(
        root,
        "content/people/jane-roe.md",
        "---\nname: \"Jane Roe\"\nparty: Side A\nroles:\n  - {title: \"Envoy of Side A\", from: 2025-11-01, to: 2025-11-28}\n---\n\nSide A's envoy until late November.\n",
    );
    write(
        root,
        "content/articles/2025-12-01-talks-open.md",
        "---\ntitle: \"Talks open\"\ndate: 2025-12-01\nsummary: \"A round of talks.\"\npoints:\n  - {point: 1, status: open, by: jane-roe, date: 2025-11-20, note: \"first word\"}\n  - {point: 2, status: open, by: jane-roe, note: \"second word\"}\n---\n\nThe talks opened.\n",
    );
}

#[test]
fn a_claim_is_attributed_with_the_role_held_that_day() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    envoy_site(&root);
    let (_out_tmp, out, outcome) = build(&root, |_| {});
    assert!(outcome.diagnostics.is_empty(), "{:?}", outcome.diagnostics);

    let one = text_of(&main_of(&read(&out, "points/1/index.html")));
    assert!(one.contains("Jane Roe, Envoy of Side A"), "{one}");
    let two = text_of(&main_of(&read(&out, "points/2/index.html")));
    assert!(two.contains("Jane Roe, former Envoy of Side A"), "{two}");
    assert!(!two.contains("Jane Roe, Envoy of Side A"), "{two}");

    // The person's page: the party, the role with its dates, the body and both statements,
    // newest first, each linking to its point.
    let page = read(&out, "people/jane-roe/index.html");
    let text = text_of(&main_of(&page));
    assert!(text.contains("Speaks for Side A."), "{text}");
    assert!(
        text.contains("Side A's envoy until late November."),
        "{text}"
    );
    assert!(text.contains("28 November 2025"), "{text}");
    let second = text.find("second word").expect("second statement");
    let first = text.find("first word").expect("first statement");
    assert!(second < first, "newest first: {text}");
    assert!(page.contains("href=\"../../points/2/\""), "{page}");

    // The index lists them under their party, and every page links to it.
    let index = text_of(&main_of(&read(&out, "people/index.html")));
    assert!(index.contains("Side A"), "{index}");
    assert!(index.contains("Jane Roe"), "{index}");
    assert!(read(&out, "index.html").contains("href=\"people/\""));

    // The open data keeps who it was, and lists who's who.
    let json = read(&out, "data/points.json");
    assert!(json.contains("\"by\": \"jane-roe\""), "{json}");
    let people: serde_json::Value = serde_json::from_str(&read(&out, "data/people.json")).unwrap();
    let jane = &people["people"][0];
    assert_eq!(jane["id"], "jane-roe");
    assert_eq!(jane["party"], "Side A");
    assert_eq!(jane["claims"], 2);
    assert_eq!(jane["roles"][0]["to"], "2025-11-28");
    assert_eq!(jane["url"], "people/jane-roe/");

    // Search finds the person by name.
    let docs = search_docs(&out);
    assert!(docs.contains("\"k\":\"person\""), "{docs}");
    assert!(docs.contains("\"t\":\"Jane Roe\""), "{docs}");
}

#[test]
fn a_persons_party_must_match_the_claims() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    envoy_site(&root);
    write(
        &root,
        "content/articles/2025-12-01-talks-open.md",
        "---\ntitle: \"Talks open\"\ndate: 2025-12-01\nsummary: \"A round of talks.\"\npoints:\n  - {point: 1, status: open, by: jane-roe, party: Side B}\n---\n\nThe talks opened.\n",
    );
    let run = run(&["check"], &root);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 2, "{stderr}");
    assert!(
        errors[0].starts_with("error: content/articles/2025-12-01-talks-open.md:6:"),
        "{stderr}"
    );
    assert!(errors[0].contains("Side B"), "{stderr}");
    assert!(errors[0].contains("Side A"), "{stderr}");
}

#[test]
fn the_shipped_briefing_names_its_people_and_their_words() {
    let (_tmp, out, _) = build(&repo(), |_| {});
    let people = text_of(&main_of(&read(&out, "people/index.html")));
    for name in ["Volodymyr Zelenskiy", "Vladimir Putin", "Keith Kellogg"] {
        assert!(people.contains(name), "{name}: {people}");
    }
    // Yermak left office on 28 November: the page says so.
    let yermak = text_of(&main_of(&read(&out, "people/yermak/index.html")));
    assert!(yermak.contains("28 November 2025"), "{yermak}");

    // Every claim made `by:` a person appears on their page.
    let mut by: Vec<(String, String)> = Vec::new();
    for entry in std::fs::read_dir(repo().join("content/articles")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            if let Some(at) = line.find("by: ") {
                if line[..at].ends_with("claimed_") {
                    continue;
                }
                let id: String = line[at + 4..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                by.push((id, line.to_string()));
            }
        }
    }
    assert!(by.len() >= 10, "{by:?}");
    for (id, line) in &by {
        let page = read(&out, &format!("people/{id}/index.html"));
        let statements = page.matches("class=\"attribution\"").count();
        let claims = by.iter().filter(|(other, _)| other == id).count();
        assert!(statements >= claims, "{id}: {line}");
    }
    // The point table attributes with the role of the day.
    let point_19 = text_of(&main_of(&read(&out, "points/19/index.html")));
    assert!(
        point_19.contains("Volodymyr Zelenskiy, President of Ukraine"),
        "{point_19}"
    );
}

#[test]
fn the_sources_page_lists_each_source_once_by_outlet_with_the_articles_citing_it() {
    let (_tmp, out, _) = build(&repo(), |_| {});
    let html = read(&out, "sources/index.html");
    let main = main_of(&html);
    // Each address once, under the heading of its host.
    let urls = shipped_source_urls();
    assert!(urls.len() > 20, "{}", urls.len());
    for url in &urls {
        let link = format!(
            "<a href=\"{}\" rel=\"external\">",
            url.replace('&', "&amp;")
        );
        assert_eq!(main.matches(&link).count(), 1, "{url}");
        let host = url.split('/').nth(2).unwrap().trim_start_matches("www.");
        let heading = main.find(&format!(">{host}</h2>")).expect(host);
        assert!(
            heading < main.find(&link).unwrap(),
            "{url} after its outlet"
        );
    }
    // A source cited by two articles links both.
    let cna = main
        .split("<li>")
        .find(|li| li.contains("on Kellogg&#39;s remarks and Ushakov&#39;s reply"))
        .expect("the CNA source");
    assert!(cna.matches("href=\"../articles/").count() >= 2, "{cna}");
    assert!(read(&out, "index.html").contains("href=\"sources/\""));
}

#[test]
fn the_glossary_has_an_anchor_per_term_that_links_and_search_reach() {
    let (_tmp, out, _) = build(&repo(), |_| {});
    let glossary = read(&out, "glossary/index.html");
    for id in [
        "article-5",
        "e3",
        "znpp",
        "contact-line",
        "reparations-loan",
    ] {
        assert!(glossary.contains(&format!("<dt id=\"{id}\">")), "{id}");
    }
    // A link written as ../glossary.md#article-5 reaches the term.
    let berlin = read(&out, "articles/2025-12-15-berlin-talks/index.html");
    assert!(
        berlin.contains("href=\"../../glossary/#article-5\""),
        "{berlin}"
    );
    // Every page's navigation links it; search has the terms.
    assert!(read(&out, "points/19/index.html").contains("href=\"../../glossary/\""));
    let docs = search_docs(&out);
    assert!(docs.contains("\"k\":\"term\""), "{docs}");
    assert!(docs.contains("glossary/#znpp"), "{docs}");
}

#[test]
fn new_person_writes_a_skeleton_that_builds_and_refuses_to_overwrite() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    envoy_site(&root);
    let new = || run(&["new", "person", "Olena \"O.\" Kovalenko"], &root);
    let first = new();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let path = root.join("content/people/olena-o-kovalenko.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("name: \"Olena \\\"O.\\\" Kovalenko\""),
        "{text}"
    );
    assert!(text.contains("by: olena-o-kovalenko"), "{text}");
    // The skeleton is valid as it stands: an observer with one role.
    let (_out_tmp, out, outcome) = build(&root, |_| {});
    assert!(outcome.diagnostics.is_empty(), "{:?}", outcome.diagnostics);
    let page = text_of(&main_of(&read(&out, "people/olena-o-kovalenko/index.html")));
    assert!(page.contains("Olena &quot;O.&quot; Kovalenko"), "{page}");
    // A second run does not overwrite it.
    assert_eq!(new().status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}
