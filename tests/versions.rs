//! The plan's versions side by side, on a fixture with four versions: quotes and summaries, a
//! renumbering, a deletion, a merge, a new point, a version whose text is not public, a
//! lineage that is not the date order (`from`), a reported count (`points`), a claim on part of
//! a point and a point that appears later (`since`).

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

    // Two quotes: exactly the changed words are marked, inside quotation marks.
    let schools = item(&page, "Schools");
    assert!(
        schools.contains("<q class=\"quote\">Schools get <del><span class=\"visually-hidden\">[removed: </span>40<span class=\"visually-hidden\">]</span></del><ins><span class=\"visually-hidden\">[added: </span>45<span class=\"visually-hidden\">]</span></ins> million for"),
        "exactly the changed words are marked: {schools}"
    );
    assert_eq!(schools.matches("<del>").count(), 2, "{schools}");
    assert!(
        schools.contains("<a href=\"https://city.example/minutes#p4\">Council minutes, page 4</a>"),
        "a quote shows its source: {schools}"
    );

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
        "1 changed, 1 renumbered only, 1 deleted, 1 merged, 1 new, 0 not known, 0 not compared, 0 unchanged"
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
        point.contains("Council amendments 1 February 2024 1 Changed"),
        "{point}"
    );

    let list = text_of(&main_of(&read(&out, "versions/index.html")));
    assert!(
        list.contains(
            "Mayor&#39;s draft 10 January 2024 . The base version. 4 points. Source: City Hall ."
        ),
        "{list}"
    );
}

#[test]
fn a_summary_is_never_compared_word_by_word_and_its_change_is_the_stated_one() {
    let (_t, out, _) = build(&fixture("versions"), |_| {});
    let page = main_of(&read(&out, "versions/mayor/committee/index.html"));
    assert!(!page.contains("<del>") && !page.contains("<ins>"), "{page}");
    let schools = text_of(&item(&page, "Schools"));
    assert!(
        schools.contains("Changed Point 1 → point 1 Mayor&#39;s draft Schools get 40 million for repairs. Finance committee&#39;s paper Our summary: More money for schools, some of it for heating."),
        "the stated change, the summary labelled: {schools}"
    );
    let roads = text_of(&item(&page, "Roads"));
    assert!(
        roads.starts_with("Roads Not compared"),
        "no change stated: {roads}"
    );
    assert!(text_of(&page).contains(
        "1 changed, 0 renumbered only, 0 deleted, 0 merged, 0 new, 3 not known, 1 not compared"
    ));
    // Against the base, which the final budget does not revise, a stated change does not apply.
    let base = text_of(&item(
        &main_of(&read(&out, "versions/mayor/final/index.html")),
        "Roads",
    ));
    assert!(base.starts_with("Roads Not compared"), "{base}");
    let lineage = text_of(&item(
        &main_of(&read(&out, "versions/council/final/index.html")),
        "Roads",
    ));
    assert!(
        lineage.starts_with("Roads Renumbered"),
        "same, under another number: {lineage}"
    );
}

#[test]
fn comparisons_follow_the_declared_lineage_and_old_pairs_keep_a_page() {
    let (_t, out, _) = build(&fixture("versions"), |_| {});
    let compared = |a: &str, b: &str| {
        read(&out, &format!("versions/{a}/{b}/index.html")).contains("<ol class=\"compare\">")
    };
    // Each version against the one it revises, and against the base.
    assert!(compared("mayor", "council"));
    assert!(compared("mayor", "committee"));
    assert!(compared("council", "final"));
    assert!(compared("mayor", "final"));
    // Pairs of the date order that are not the lineage: a page pointing to the replacements.
    for (a, b, canonical) in [
        ("council", "committee", "../../../versions/mayor/committee/"),
        ("committee", "final", "../../../versions/council/final/"),
    ] {
        assert!(!compared(a, b), "{a} {b}");
        let page = read(&out, &format!("versions/{a}/{b}/index.html"));
        assert!(
            page.contains(&format!("<link rel=\"canonical\" href=\"{canonical}\">")),
            "{a} {b}: {page}"
        );
        assert!(text_of(&main_of(&page)).contains("no longer compared directly"));
    }
    let list = text_of(&main_of(&read(&out, "versions/index.html")));
    assert!(
        list.contains("Final budget 1 March 2024 . 5 points. Text of most lines not published yet. Revises Council amendments"),
        "the reported count, and the version it revises: {list}"
    );
    assert!(
        list.contains(
            "Finance committee&#39;s paper 10 February 2024 . Number of points not known."
        ),
        "no count of the entries the editors know: {list}"
    );
}

#[test]
fn a_claim_on_part_of_a_point_says_so_in_all_seven_places() {
    let (_t, out, _) = build(&fixture("versions"), |_| {});
    let part = "in part: the heating money";
    let table = text_of(&main_of(&read(&out, "points/index.html")));
    assert!(
        table.contains(&format!("Rejected in part {part}")),
        "table: {table}"
    );
    let point = text_of(&main_of(&read(&out, "points/1/index.html")));
    assert!(
        point.contains("Rejected in part") && point.contains(part),
        "point: {point}"
    );
    let snapshot = text_of(&main_of(&read(&out, "points/as-of/2024-02-05/index.html")));
    assert!(snapshot.contains(part), "snapshot: {snapshot}");
    let feed = read(&out, "points/1/feed.xml");
    assert!(
        feed.contains("Rejected in part: the heating money"),
        "feed: {feed}"
    );
    let csv = read(&out, "data/points.csv");
    let row = csv.lines().find(|l| l.starts_with("1,")).unwrap();
    assert!(
        row.contains(",rejected,Rejected,false,false,true,") && row.contains(",the heating money,"),
        "points.csv: {row}"
    );
    let claims = read(&out, "data/claims.csv");
    assert!(
        claims.contains("1,Council,false,rejected,Rejected,the heating money,"),
        "claims.csv: {claims}"
    );
    let json: serde_json::Value = serde_json::from_str(&read(&out, "data/points.json")).unwrap();
    assert_eq!(json["points"][0]["in_part"], true);
    assert_eq!(json["points"][0]["history"][0]["part"], "the heating money");
}

#[test]
fn a_point_is_absent_before_its_since() {
    let (_t, out, _) = build(&fixture("versions"), |_| {});
    let before = main_of(&read(&out, "points/as-of/2024-01-20/index.html"));
    assert!(!before.contains("<td class=\"num\">5</td>"), "{before}");
    assert!(
        text_of(&before).contains("Agreed 1 No statement found 3 "),
        "four points counted: {before}"
    );
    let after = main_of(&read(&out, "points/as-of/2024-02-05/index.html"));
    assert!(after.contains("<td class=\"num\">5</td>"));
    let history = read(&out, "data/status-history.csv");
    assert_eq!(
        history
            .lines()
            .map(|l| l.rsplit(',').next().unwrap())
            .collect::<Vec<_>>(),
        ["points", "4", "5"]
    );
    let point = text_of(&main_of(&read(&out, "points/5/index.html")));
    assert!(
        point.contains("This point first appears on 1 February 2024, in Council amendments ."),
        "{point}"
    );
    // The mayor's draft, dated before it, has it as absent without saying so in its entries.
    let mayor = text_of(&main_of(&read(&out, "versions/mayor/index.html")));
    assert!(mayor.contains("Cycle lanes Not in this version"), "{mayor}");
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
    assert_eq!(ids, ["mayor", "council", "committee", "final"]);
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
        doc["points"][0]["versions"]["mayor"]["quote"],
        "Schools get 40 million for repairs."
    );
    assert_eq!(
        doc["points"][1]["versions"]["final"]["summary"],
        "Roads keep their 20 million."
    );
    assert_eq!(doc["points"][1]["versions"]["final"]["change"], "same");
    assert_eq!(doc["versions"][3]["from"], "council");
    assert_eq!(doc["versions"][3]["points"], 5);
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
        "content/points/2.md:7:11: versions.councl: unknown version \"councl\"; did you mean \"council\"? expected one of mayor, council, committee, final"
    );
}
