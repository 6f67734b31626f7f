//! The plan's versions side by side, on a fixture with three versions: a renumbering, a
//! deletion, a merge, a new point and a version whose text is not public.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use common::*;

/// The compare page's item for the point titled `title`.
fn item(page: &str, title: &str) -> String {
    let start = page.find(&format!(">{title}</a>")).unwrap();
    let start = page[..start].rfind("<li").unwrap();
    let end = start + page[start..].find("</li>").unwrap();
    page[start..end].to_string()
}

#[test]
fn versions_compare_marks_changed_words_and_every_kind_of_change() {
    let (_t, out, outcome) = build(&fixture("versions"), |_| {});
    assert!(outcome.diagnostics.is_empty(), "{:?}", outcome.diagnostics);
    let page = main_of(&read(&out, "versions/mayor/council/index.html"));

    let schools = item(&page, "Schools");
    assert!(
        schools.contains("Schools get <del><span class=\"visually-hidden\">[removed: </span>40<span class=\"visually-hidden\">]</span></del><ins><span class=\"visually-hidden\">[added: </span>45<span class=\"visually-hidden\">]</span></ins> million for"),
        "exactly the changed words are marked: {schools}"
    );
    assert_eq!(schools.matches("<del>").count(), 2, "{schools}");

    let roads = item(&page, "Roads");
    assert!(roads.contains("Renumbered"), "{roads}");
    assert!(
        roads.contains("<a href=\"../../../versions/mayor/#n-2\">Point 2</a> → <a href=\"../../../versions/council/#n-3\">point 3</a>"),
        "both numbers are linked: {roads}"
    );
    assert!(
        roads.contains("Confidence: as reported, single source."),
        "{roads}"
    );
    let council = read(&out, "versions/council/index.html");
    assert!(
        council.contains("<tr id=\"n-3\">"),
        "the anchor the link names exists"
    );

    assert!(text_of(&item(&page, "Parks")).contains("Deleted Point 3 → –"));
    assert!(text_of(&item(&page, "Libraries")).contains("Merged into point 1 of this version"));
    assert!(text_of(&item(&page, "Cycle lanes")).contains("New – → point 2"));
    assert!(text_of(&page).contains(
        "1 changed, 1 renumbered only, 1 deleted, 1 merged, 1 new, 0 not known, 0 unchanged"
    ));

    let finals = text_of(&main_of(&read(&out, "versions/council/final/index.html")));
    assert!(
        finals.contains("In this version; its text is not public"),
        "{finals}"
    );
    assert!(finals.contains("4 not known"), "{finals}");

    let point = text_of(&main_of(&read(&out, "points/1/index.html")));
    assert!(point.contains("Across versions"), "{point}");
    assert!(
        point.contains("Council amendments 1 February 2024 1 Wording changed"),
        "{point}"
    );

    let list = text_of(&main_of(&read(&out, "versions/index.html")));
    assert!(list.contains("Mayor&#39;s draft 10 January 2024 . The base version. 4 points numbered. Source: City Hall ."), "{list}");
}

#[test]
fn versions_json_holds_every_point_in_every_version() {
    let (_t, out, _) = build(&fixture("versions"), |_| {});
    let doc: serde_json::Value = serde_json::from_str(&read(&out, "data/versions.json")).unwrap();
    let ids: Vec<&str> = doc["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["mayor", "council", "final"]);
    assert_eq!(doc["versions"][0]["base"], true);
    let p4 = &doc["points"][3];
    assert_eq!(p4["versions"]["council"]["status"], "merged");
    assert_eq!(p4["versions"]["council"]["into"], 1);
    assert!(
        p4["versions"].get("final").is_none(),
        "not known: absent from the map"
    );
    let p5 = &doc["points"][4];
    assert_eq!(p5["versions"]["mayor"]["status"], "absent");
    assert_eq!(p5["versions"]["council"]["number"], 2);
    assert_eq!(
        doc["points"][0]["versions"]["mayor"]["text"],
        "Schools get 40 million for repairs."
    );
}

#[test]
fn a_site_without_versions_has_no_versions_pages() {
    let (_t, out, _) = build(&fixture("trade"), |_| {});
    assert!(!out.join("versions").exists());
    assert!(!out.join("data/versions.json").exists());
    assert!(!read(&out, "index.html").contains(">Versions<"));
}

#[test]
fn a_version_id_typo_names_the_file_line_and_the_nearest_id() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("versions"), &site);
    let point = site.join("content/points/2.md");
    let text = std::fs::read_to_string(&point).unwrap();
    std::fs::write(
        &point,
        text.replace("  council: {number: 3", "  councl: {number: 3"),
    )
    .unwrap();
    let err = briefing::build(&briefing::Options {
        out: tmp.path().join("out"),
        ..briefing::Options::new(&site)
    })
    .unwrap_err();
    let briefing::Error::Invalid { diagnostics, .. } = err else {
        panic!("not an input error")
    };
    assert_eq!(
        diagnostics[0].headline(),
        "content/points/2.md:7:11: versions.councl: unknown version \"councl\"; did you mean \"council\"? expected one of mayor, council, final"
    );
}
