//! The build spine end to end: the shipped briefing and a second fixture with another plan.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use common::*;

#[test]
fn shipped_briefing_writes_every_page() {
    let (_tmp, out, outcome) = build(&repo(), |_| {});
    assert!(
        outcome.diagnostics.is_empty(),
        "warnings: {:?}",
        outcome.diagnostics
    );
    for page in [
        "index.html",
        "points/index.html",
        "timeline/index.html",
        "articles/index.html",
        "404.html",
        "tags/index.html",
    ] {
        assert!(out.join(page).is_file(), "{page} missing");
    }
    for n in 1..=29 {
        assert!(
            out.join(format!("points/{n}/index.html")).is_file(),
            "point {n} missing"
        );
    }
    // Translations (`x.uk.md`) sit beside their articles and are no articles of their own.
    let articles = std::fs::read_dir(repo().join("content/articles"))
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_string_lossy().matches('.').count() == 1
        })
        .count();
    let pages = std::fs::read_dir(out.join("articles"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    assert_eq!(pages, articles, "one page per article");
    assert!(out.join(briefing::output::MARKER).is_file());
    assert!(out.join("static/style.css").is_file());
}

#[test]
fn shipped_briefing_every_point_and_article_reachable_from_home() {
    let (_tmp, out, _) = build(&repo(), |_| {});
    let (seen, broken) = crawl(&out, "index.html", false);
    assert!(broken.is_empty(), "broken links: {broken:#?}");
    for n in 1..=29 {
        assert!(
            seen.contains(&format!("points/{n}/index.html")),
            "point {n} unreachable"
        );
    }
    for entry in std::fs::read_dir(out.join("articles")).unwrap() {
        let entry = entry.unwrap();
        if entry.path().is_dir() {
            let page = format!(
                "articles/{}/index.html",
                entry.file_name().to_string_lossy()
            );
            assert!(seen.contains(&page), "{page} unreachable");
        }
    }
}

#[test]
fn shipped_status_table_shows_open_points_attributed_and_contested() {
    let (_tmp, out, _) = build(&repo(), |_| {});
    let points = main_of(&read(&out, "points/index.html"));
    let row = |n: u32| {
        let start = points.find(&format!("<td class=\"num\">{n}</td>")).unwrap();
        let end = points[start..].find("</tr>").unwrap();
        points[start..start + end].to_string()
    };
    for n in [19, 21] {
        let r = row(n);
        assert!(r.contains("status-open\">Open</span>"), "point {n}: {r}");
        assert!(r.contains("Keith Kellogg"), "point {n}: {r}");
        assert!(r.contains("datetime=\"2025-12-06\""), "point {n}: {r}");
    }
    let territory = row(21);
    assert!(territory.contains("Contested"), "{territory}");
    for party in ["Russia", "Ukraine", "United States"] {
        assert!(
            territory.contains(&format!("<td data-label=\"{party}\"><span class=\"status")),
            "{party} missing: {territory}"
        );
    }
    let home = main_of(&read(&out, "index.html"));
    assert!(
        home.contains("Of 29 points (28 in the first draft, 1 added by a later version), none is agreed by all 3 parties"),
        "{home}"
    );
    assert!(!home.contains("26 agreed"), "{home}");
}

#[test]
fn shipped_timeline_runs_oldest_first_and_links_articles() {
    let (_tmp, out, _) = build(&repo(), |_| {});
    let timeline = main_of(&read(&out, "timeline/index.html"));
    let dates: Vec<&str> = timeline
        .match_indices("<h3 id=\"d-")
        .map(|(i, _)| &timeline[i + 10..i + 20])
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "days out of order");
    for day in [
        "2025-11-23",
        "2025-11-25",
        "2025-11-30",
        "2025-12-08",
        "2025-12-09",
        "2025-12-11",
        "2025-12-24",
        "2025-11-19",
        "2025-11-20",
        "2025-12-02",
        "2025-12-04",
        "2025-12-05",
        "2025-12-06",
        "2025-12-07",
    ] {
        assert!(dates.contains(&day), "{day} missing from {dates:?}");
    }
    assert!(
        timeline.contains("In October 2025"),
        "month-only event shown as 'in <month>'"
    );
    let first = timeline.find("Axios reports").unwrap();
    let later = timeline.find("Kellogg, at the Reagan Forum").unwrap();
    assert!(first < later);
    assert!(timeline.contains("href=\"../articles/2025-12-07-kellogg-two-points-open/\""));
}

#[test]
fn articles_link_their_sources_and_md_links_are_rewritten() {
    let (_tmp, out, _) = build(&repo(), |_| {});
    let page = read(
        &out,
        "articles/2025-12-07-kellogg-two-points-open/index.html",
    );
    assert!(page.contains("href=\"https://www.channelnewsasia.com/world/ukraine-war-deal-close-us-russia-donbas-nuclear-power-plant-5566366\""));
    assert!(
        page.contains("href=\"../../points/21/\""),
        ".md link to a point rewritten"
    );
    assert!(
        page.contains("href=\"../../articles/2025-12-07-ushakov-and-zelenskiy-call/\""),
        ".md link to an article rewritten"
    );
    assert!(!page.contains(".md\""), "no .md link left");
}

#[test]
fn other_plan_builds_with_its_own_vocabulary() {
    let (_tmp, out, _) = build(&fixture("trade"), |_| {});
    let points = main_of(&read(&out, "points/index.html"));
    assert!(points.contains("12-point trade accord"));
    assert!(
        points.contains("Tariffs and quotas")
            && points.contains("Port access")
            && points.contains("Disputes and review")
    );
    assert!(
        points.contains(">Signed off</span>")
            && points.contains(">Pending</span>")
            && points.contains(">No statement found</span>")
    );
    for word in ["Ukraine", "Russia", ">Agreed<", ">Open<"] {
        assert!(
            !points.contains(word),
            "{word} leaked into another briefing"
        );
    }
    for n in 1..=12 {
        assert!(out.join(format!("points/{n}/index.html")).is_file());
    }
    assert!(!out.join("points/13").exists());
    // Clause 5: North says signed, South says blocked → contested, headed by the least
    // settled position, both shown.
    let clause5 = main_of(&read(&out, "points/5/index.html"));
    assert!(
        clause5.contains("Status: <span class=\"status status-blocked\">Blocked</span> <span class=\"contested\">Contested</span>"),
        "{clause5}"
    );
    assert!(
        clause5.contains("<th scope=\"row\">North</th>")
            && clause5.contains("<th scope=\"row\">South</th>")
    );
    let home = main_of(&read(&out, "index.html"));
    assert!(
        home.contains("Of 12 points, none is signed off by both parties (North, South); their public positions differ on 1; on 2, only some of the parties are on record; on 9, this briefing has found no public statement by any party."),
        "{home}"
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let (_tmp, out, _) = build(&fixture("trade"), |_| {});
    assert!(!out.join("articles/2024-03-12-draft-note").exists());
    let all: String = snapshot_tree(&out)
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(!all.contains("Unpublished note"), "draft title leaked");
    let (_tmp2, out2, _) = build(&fixture("trade"), |o| o.drafts = true);
    assert!(read(&out2, "articles/2024-03-12-draft-note/index.html").contains("Unpublished note"));
}

#[test]
fn every_internal_url_is_relative_and_resolves() {
    for root in [repo(), fixture("trade")] {
        let (_tmp, out, _) = build(&root, |_| {});
        for (rel, bytes) in snapshot_tree(&out) {
            if !rel.ends_with(".html") {
                continue;
            }
            let html = String::from_utf8(bytes).unwrap();
            for link in links_in(&html) {
                if is_external(&link) {
                    continue;
                }
                assert!(!link.starts_with('/'), "{rel}: {link} is absolute");
                let target = resolve(&rel, &link, false)
                    .unwrap_or_else(|| panic!("{rel}: {link} leaves the site"));
                assert!(
                    out.join(&target).is_file(),
                    "{rel}: {link} -> {target} missing"
                );
            }
        }
    }
}

#[test]
fn portable_build_names_index_html_in_every_link() {
    let (_tmp, out, _) = build(&repo(), |o| o.portable = true);
    let (seen, broken) = crawl(&out, "index.html", true);
    assert!(broken.is_empty(), "{broken:#?}");
    assert!(seen.contains("points/21/index.html"));
    assert!(read(&out, "points/21/index.html").contains("href=\"../../index.html\""));
}

#[test]
fn two_builds_are_byte_identical() {
    let (_a, out_a, _) = build(&repo(), |_| {});
    let (_b, out_b, _) = build(&repo(), |_| {});
    let a = snapshot_tree(&out_a);
    let b = snapshot_tree(&out_b);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(v == &b[k], "{k} differs between builds");
    }
}

/// The trade fixture, copied, with these files (paths within the site) written into it.
fn trade_with(files: &[(&str, &str)]) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    common::copy_dir(&fixture("trade"), &site);
    for (path, text) in files {
        let path = site.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    (tmp, site)
}

#[test]
fn site_templates_and_static_files_override_the_theme() {
    let (_tmp, site) = trade_with(&[
        (
            "templates/404.html",
            "{% extends \"theme/404.html\" %}{% block main %}<p>Custom lost page</p>{% endblock main %}",
        ),
        ("static/style.css", "body{color:red}"),
    ]);
    let (_t, out, _) = build(&site, |_| {});
    assert!(read(&out, "404.html").contains("<p>Custom lost page</p>"));
    assert!(
        read(&out, "404.html").contains("<nav aria-label=\"Main\">"),
        "extends the embedded base"
    );
    assert_eq!(read(&out, "static/style.css"), "body{color:red}");
    assert!(
        out.join("static/briefing.js").is_file(),
        "embedded files the site lacks stay"
    );
}

#[test]
fn a_site_template_prints_the_body_as_html_with_or_without_safe() {
    let both =
        "<div id=\"plain\">{{ body_html }}</div><div id=\"safe\">{{ body_html | safe }}</div>";
    let (_tmp, site) = trade_with(&[
        ("templates/article.html", both),
        ("templates/point.html", both),
    ]);
    let (_t, out, _) = build(&site, |_| {});
    let bodies = [
        (
            "articles/2024-03-01-round-one/index.html",
            "<p>Round one closed. See <a href=\"../../points/2/\">clause 2</a>",
        ),
        (
            "points/1/index.html",
            "<p>Clause 1 text. See <a href=\"../../points/1/\">clause 1</a>.</p>",
        ),
    ];
    for (page, body) in bodies {
        let html = read(&out, page);
        for id in ["plain", "safe"] {
            let printed = format!("<div id=\"{id}\">{body}");
            assert!(html.contains(&printed), "{page}: {html}");
        }
        assert!(!html.contains("&lt;p&gt;"), "{page}: {html}");
    }
}

#[test]
fn a_site_header_partial_frames_every_page_and_sees_the_pages_chrome() {
    let (_tmp, site) = trade_with(&[(
        "templates/partials/header.html",
        "<header><a href=\"{{ chrome.home_url }}\">Home</a> in {{ chrome.section }}{{ chrome.page_title | default(value=\"\") }}</header>\n",
    )]);
    let (_t, out, _) = build(&site, |_| {});
    let home = read(&out, "index.html");
    assert!(
        home.contains(
            "<header><a href=\"./\">Home</a> in homeHarbour trade accord</header>\n<main"
        ),
        "{home}"
    );
    let article = read(&out, "articles/2024-03-01-round-one/index.html");
    // Every field of the page's chrome reaches the partial, its own title too.
    assert!(
        article.contains("<header><a href=\"../../\">Home</a> in articlesRound one closes"),
        "{article}"
    );
    // The theme's footer is still there.
    assert!(article.contains("<footer class=\"site-footer\">"));
}

#[test]
fn not_found_page_uses_base_url_when_set() {
    let (_tmp, out, _) = build(&fixture("trade"), |o| {
        o.base_url = Some("https://example.org/trade/".into())
    });
    let page = read(&out, "404.html");
    assert!(page.contains("<base href=\"https://example.org/trade/\">"));
    let index = read(&out, "index.html");
    assert!(index.contains("<link rel=\"canonical\" href=\"https://example.org/trade/\">"));
    let (_tmp, out, _) = build(&fixture("trade"), |_| {});
    assert!(!read(&out, "404.html").contains("<base"));
}

#[test]
fn key_pages_main_snapshots() {
    let (_tmp, out, _) = build(&repo(), |_| {});
    for (name, page) in [
        ("home", "index.html"),
        ("points", "points/index.html"),
        ("point_21", "points/21/index.html"),
        ("timeline", "timeline/index.html"),
        (
            "article_kellogg",
            "articles/2025-12-07-kellogg-two-points-open/index.html",
        ),
    ] {
        insta::assert_snapshot!(name, main_of(&read(&out, page)));
    }
}

/// A site that declares no `parties` keeps the earlier rule (status = the latest claim;
/// contested when the parties' latest claims differ): these snapshots were taken before
/// parties existed and must not move.
#[test]
fn a_site_without_parties_renders_as_before() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    common::copy_dir(&fixture("trade"), &site);
    let settings = site.join("briefing.yaml");
    let text = std::fs::read_to_string(&settings).unwrap();
    let start = text.find("parties:").unwrap_or(text.len());
    let end = text[start..]
        .find("\nplan:")
        .map_or(text.len(), |i| start + i + 1);
    std::fs::write(&settings, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let (_tmp, out, _) = build(&site, |_| {});
    for (name, page) in [
        ("legacy_home", "index.html"),
        ("legacy_points", "points/index.html"),
        ("legacy_point_5", "points/5/index.html"),
    ] {
        insta::assert_snapshot!(name, main_of(&read(&out, page)));
    }
}

#[test]
fn a_build_ends_with_one_line_of_counts_and_quiet_says_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let out_arg = out.to_str().unwrap();
    let first = run(&["build", "--out", out_arg], &fixture("trade"));
    assert!(first.status.success());
    // Not a terminal: no progress display, only the closing line.
    let said = String::from_utf8(first.stderr).unwrap();
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(lines.len(), 1, "{said}");
    assert!(!said.contains('\u{1b}'), "no terminal codes: {said:?}");
    let files = lines[0]
        .strip_prefix(&format!("built {out_arg}: "))
        .and_then(|rest| rest.split(" files: ").next())
        .unwrap_or_else(|| panic!("{said}"));
    assert_eq!(
        lines[0],
        format!("built {out_arg}: {files} files: {files} written, 0 unchanged, 0 removed")
    );
    let quiet = run(&["build", "--quiet", "--out", out_arg], &fixture("trade"));
    assert!(quiet.status.success());
    assert_eq!(String::from_utf8_lossy(&quiet.stderr), "");
    assert_eq!(String::from_utf8_lossy(&quiet.stdout), "");
    // Quiet still reports problems.
    let broken = tmp.path().join("broken");
    copy_dir(&fixture("trade"), &broken);
    std::fs::write(
        broken.join("content/articles/2024-03-30-bad.md"),
        "---\ntitle: Bad\ndate: 2024-02-30\n---\nBody.\n",
    )
    .unwrap();
    let refused = run(&["build", "-q", "--out", out_arg], &broken);
    assert_eq!(refused.status.code(), Some(1));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("2024-03-30-bad.md:3"), "{said}");
}
