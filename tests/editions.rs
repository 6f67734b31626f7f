//! Editions: a briefing in two languages from one source tree. Translations (`x.uk.md`) give
//! text only; every page exists in both editions, untranslated pages fall back visibly, pages
//! link each other both ways, data and ids are the same in both, and a translation that
//! changes data is refused at its line.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use common::*;
use std::collections::BTreeSet;
use std::path::Path;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The two-language fixture copied, so that a test may change it.
fn site() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture("editions"), &root);
    (tmp, root)
}

/// The `versions` fixture with `languages` added to its settings.
fn versions_in_two_languages(languages: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture("versions"), &root);
    let settings = std::fs::read_to_string(root.join("briefing.yaml")).unwrap();
    write(&root, "briefing.yaml", &format!("{settings}{languages}"));
    (tmp, root)
}

/// The messages of a build that must fail.
fn errors(root: &Path) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let options = briefing::Options {
        out: tmp.path().join("public"),
        ..briefing::Options::new(root)
    };
    match briefing::build(&options) {
        Err(briefing::Error::Invalid { diagnostics, .. }) => diagnostics
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
        Err(other) => panic!("expected input errors, got {other}"),
        Ok(_) => panic!("the build succeeded"),
    }
}

/// The messages of a build after `text` is written at `rel`.
fn refused(root: &Path, rel: &str, text: &str) -> String {
    write(root, rel, text);
    errors(root)
}

/// Every file under `dir`, relative to it.
fn files(dir: &Path) -> BTreeSet<String> {
    snapshot_tree(dir).into_keys().collect()
}

#[test]
fn every_page_exists_in_both_editions_and_the_data_once() {
    let (_tmp, out, _) = build(&fixture("editions"), |_| {});
    let all = files(&out);
    let pages: Vec<&String> = all
        .iter()
        .filter(|f| f.ends_with(".html") && !f.starts_with("uk/"))
        .collect();
    assert!(pages.len() > 20, "{}", pages.len());
    for page in pages {
        assert!(all.contains(&format!("uk/{page}")), "uk/{page} is missing");
    }
    // Feeds, calendar, search and the theme's words are per edition...
    for f in [
        "uk/feed.xml",
        "uk/changes.xml",
        "uk/points/2/feed.xml",
        "uk/data/timeline.ics",
        "uk/search/manifest.js",
        "uk/static/strings.js",
    ] {
        assert!(all.contains(f), "{f} is missing");
    }
    // ...the data, the static files, robots.txt and the sitemap are one set.
    for f in ["data/points.json", "data/points.csv", "static/style.css"] {
        assert!(all.contains(f), "{f} is missing");
        assert!(!all.contains(&format!("uk/{f}")), "uk/{f} is written");
    }
    let uk = read(&out, "uk/points/index.html");
    assert!(
        uk.contains("href=\"../../static/style.css\""),
        "shared stylesheet"
    );
    assert!(
        uk.contains("href=\"../../data/points.json\""),
        "shared data"
    );
    // The data keeps the default language's texts.
    let json = read(&out, "data/points.json");
    assert!(json.contains("Clause 1") && !json.contains("Пункт про мита"));
}

#[test]
fn a_translated_page_shows_the_translation_and_an_untranslated_one_falls_back_visibly() {
    let (_tmp, out, _) = build(&fixture("editions"), |_| {});
    let article = read(&out, "uk/articles/2024-03-01-round-one/index.html");
    let main = main_of(&article);
    assert!(article.starts_with("<!DOCTYPE html>\n<html lang=\"uk\">"));
    assert!(main.contains("<h1>Перший раунд завершено</h1>"), "{main}");
    assert!(
        main.contains("Перший раунд закрито."),
        "the translated body"
    );
    assert!(main.contains("Делегації зустрілися в Портсмуті (Портсмут)"));
    assert!(
        main.contains("(Лише щодо пунктів 5 і 6.)"),
        "the claim's note"
    );
    assert!(main.contains(">Газета гавані</a>"), "the source's name");
    assert!(main.contains("Парафовано"), "the status's label");
    assert!(
        !main.contains("edition-fallback"),
        "no notice on a translation"
    );
    assert!(
        !main.contains("<h1 lang") && !main.contains("<div lang"),
        "{main}"
    );
    // The one event the translation leaves as it was is marked as English.
    assert!(
        main.contains("<span lang=\"en\">Preparatory contacts</span>"),
        "{main}"
    );

    let fallback = read(&out, "uk/articles/2024-03-10-round-two/index.html");
    let main = main_of(&fallback);
    assert!(
        main.contains("<p class=\"edition-fallback\" role=\"note\">Цю сторінку ще не перекладено"),
        "{main}"
    );
    assert!(
        main.contains("<h1 lang=\"en\">"),
        "the original's title is marked: {main}"
    );
    assert!(
        main.contains("<div lang=\"en\">"),
        "the original's body is marked"
    );
    // The theme's words around it are the edition's own.
    assert!(main.contains("Джерела") || main.contains("Заяви"), "{main}");
    // A translation that gives a title and no body: the body alone is marked.
    let (_tmp2, root) = site();
    write(
        &root,
        "content/points/2.uk.md",
        "---\ntitle: \"Пункт другий\"\n---\n",
    );
    let (_out_tmp, out2, _) = build(&root, |_| {});
    let point = main_of(&read(&out2, "uk/points/2/index.html"));
    assert!(!point.contains("edition-fallback"), "{point}");
    assert!(point.contains("Пункт другий"));
    assert!(point.contains("<div lang=\"en\">"), "{point}");
    // The default edition has no notice and no marks.
    let en = main_of(&read(&out, "articles/2024-03-10-round-two/index.html"));
    assert!(!en.contains("edition-fallback") && !en.contains("lang=\"en\""));
}

#[test]
fn every_page_links_its_other_edition_both_ways() {
    let (_tmp, out, _) = build(&fixture("editions"), |_| {});
    let en = read(&out, "points/1/index.html");
    assert!(en.contains("<link rel=\"alternate\" hreflang=\"uk\" href=\"../../uk/points/1/\">"));
    assert!(en.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"../../points/1/\">"));
    assert!(
        en.contains("<a href=\"../../uk/points/1/\" hreflang=\"uk\" lang=\"uk\">Українська</a>")
    );
    let uk = read(&out, "uk/points/1/index.html");
    assert!(uk.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"../../../points/1/\">"));
    assert!(uk.contains("<a href=\"../../../points/1/\" hreflang=\"en\" lang=\"en\">English</a>"));
    assert!(uk.contains("lang=\"uk\" aria-current=\"true\">Українська</a>"));
    // With a base URL, hreflang links are absolute and the sitemap names both editions.
    let (_tmp, out, _) = build(&fixture("editions"), |o| {
        o.base_url = Some("https://trade.example/".into());
    });
    let uk = read(&out, "uk/points/1/index.html");
    assert!(uk.contains("hreflang=\"en\" href=\"https://trade.example/points/1/\""));
    assert!(uk.contains("<link rel=\"canonical\" href=\"https://trade.example/uk/points/1/\">"));
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://trade.example/uk/points/1/</loc>"));
    assert!(sitemap.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"uk\" href=\"https://trade.example/uk/points/1/\"/>"
    ));
    assert!(!files(&out).contains("uk/sitemap.xml"));
}

/// Every page both editions have, followed link by link from each home page, resolves.
#[test]
fn no_link_of_either_edition_is_broken() {
    let (_tmp, out, _) = build(&fixture("editions"), |_| {});
    for start in ["index.html", "uk/index.html"] {
        let (seen, broken) = crawl(&out, start, false);
        assert!(broken.is_empty(), "from {start}: {broken:?}");
        assert!(seen.iter().any(|p| p.starts_with("uk/")), "reaches uk/");
        assert!(
            seen.iter().any(|p| !p.starts_with("uk/")),
            "reaches the root"
        );
    }
}

#[test]
fn statuses_are_the_same_in_both_editions_and_parties_are_named_in_each_language() {
    let (_tmp, out, _) = build(&fixture("editions"), |_| {});
    let statuses = |html: &str| -> Vec<String> {
        html.match_indices("class=\"status status-")
            .map(|(i, _)| {
                let rest = &html[i + "class=\"status status-".len()..];
                rest[..rest.find('"').unwrap()].to_string()
            })
            .collect()
    };
    for page in ["points/index.html", "index.html", "points/5/index.html"] {
        let en = statuses(&read(&out, page));
        let uk = statuses(&read(&out, &format!("uk/{page}")));
        assert!(!en.is_empty(), "{page}");
        assert_eq!(en, uk, "{page}");
    }
    let uk = read(&out, "uk/points/index.html");
    assert!(
        uk.contains("<abbr title=\"Північ\">Пн</abbr>"),
        "a party's name and short"
    );
    assert!(
        uk.contains("<abbr title=\"Південь\">"),
        "a party's name alone"
    );
    assert!(uk.contains("Мита і квоти"), "a block's title");
    let en = read(&out, "points/index.html");
    assert!(en.contains("<abbr title=\"North\">N</abbr>"));
}

#[test]
fn feed_ids_and_calendar_uids_are_the_same_in_both_editions() {
    let (_tmp, out, _) = build(&fixture("editions"), |_| {});
    let ids = |text: &str, open: &str, close: &str| -> Vec<String> {
        text.match_indices(open)
            .map(|(i, _)| {
                let rest = &text[i + open.len()..];
                rest[..rest.find(close).unwrap()].to_string()
            })
            .collect()
    };
    for feed in ["feed.xml", "changes.xml", "points/2/feed.xml"] {
        let en = ids(&read(&out, feed), "<id>", "</id>");
        let uk = ids(&read(&out, &format!("uk/{feed}")), "<id>", "</id>");
        assert!(en.len() > 1, "{feed}");
        assert_eq!(en, uk, "{feed}");
    }
    let en = ids(&read(&out, "data/timeline.ics"), "UID:", "\r\n");
    let uk = ids(&read(&out, "uk/data/timeline.ics"), "UID:", "\r\n");
    assert!(!en.is_empty());
    assert_eq!(en, uk);
    // The Ukrainian calendar carries the translated event titles.
    assert!(read(&out, "uk/data/timeline.ics").contains("Делегації зустрілися"));
}

#[test]
fn each_edition_has_its_own_search_index() {
    let (_tmp, out, _) = build(&fixture("editions"), |_| {});
    let docs = |dir: &Path| search_docs(dir);
    assert!(docs(&out.join("uk")).contains("Перший раунд завершено"));
    assert!(!docs(&out).contains("Перший раунд завершено"));
}

#[test]
fn a_translation_that_changes_data_is_refused_at_its_line() {
    let (_tmp, root) = site();
    let message = refused(
        &root,
        "content/articles/2024-03-01-round-one.uk.md",
        "---\ntitle: \"Перший раунд\"\ndate: 2024-03-02\n---\n\nТекст.\n",
    );
    assert!(
        message.contains("error: content/articles/2024-03-01-round-one.uk.md:3:1: date: `date` is not text a translation may change"),
        "{message}"
    );
    assert!(message.contains("lives once, in content/articles/2024-03-01-round-one.md"));
    assert_eq!(
        message.lines().filter(|l| l.starts_with("error: ")).count(),
        1,
        "{message}"
    );

    // A status inside a claim is data too.
    let message = refused(
        &root,
        "content/articles/2024-03-01-round-one.uk.md",
        "---\ntitle: \"Перший раунд\"\npoints:\n  - {}\n  - {note: \"Примітка\", status: blocked}\n---\n",
    );
    assert!(
        message.contains("round-one.uk.md:5:24: points[1].status:"),
        "{message}"
    );
    assert!(
        message.contains("`points[1].status` is not text"),
        "{message}"
    );

    // A point's number.
    write(
        &root,
        "content/points/1.uk.md",
        "---\ntitle: \"Пункт\"\nnumber: 2\n---\n",
    );
    let message = refused(
        &root,
        "content/articles/2024-03-01-round-one.uk.md",
        "---\ntitle: \"Перший раунд\"\n---\n",
    );
    assert!(
        message.contains("error: content/points/1.uk.md:3:1: number: `number` is not text"),
        "{message}"
    );
}

#[test]
fn a_translation_whose_lists_do_not_match_its_original_is_refused() {
    let (_tmp, root) = site();
    let message = refused(
        &root,
        "content/articles/2024-03-01-round-one.uk.md",
        "---\ntitle: \"Перший раунд\"\nevents:\n  - {title: \"Одна подія\"}\n---\n",
    );
    assert!(
        message.contains("round-one.uk.md:3: events: `events` lists 1 entries, but the original (content/articles/2024-03-01-round-one.md) has 2"),
        "{message}"
    );
}

#[test]
fn a_translation_into_an_undeclared_language_names_the_declared_ones() {
    let (_tmp, root) = site();
    let message = refused(
        &root,
        "content/points/1.de.md",
        "---\ntitle: \"Klausel 1\"\n---\n",
    );
    assert!(
        message.contains("error: content/points/1.de.md:1: a translation into \"de\", a language the briefing does not declare; declared languages are en, uk"),
        "{message}"
    );
}

#[test]
fn a_translation_without_an_original_and_a_quote_translated_are_refused() {
    let (_tmp, root) = site();
    let message = refused(
        &root,
        "content/points/99.uk.md",
        "---\ntitle: \"Немає\"\n---\n",
    );
    assert!(message.contains("error: content/points/99.uk.md:1: no original for this translation: content/points/99.md does not exist"), "{message}");

    let (_versions_tmp, root) =
        versions_in_two_languages("languages:\n  uk: {title: \"Бюджет\"}\n");
    let message = refused(
        &root,
        "content/points/1.uk.md",
        "---\ntitle: \"Школи\"\nversions:\n  committee: {summary: \"Більше грошей на школи.\"}\n  mayor: {summary: \"Переклад цитати.\"}\n---\n",
    );
    assert!(message.contains("content/points/1.uk.md:5:"), "{message}");
    assert!(
        message
            .contains("`mayor` entry has no summary to translate (a quote stays in the language"),
        "{message}"
    );
    assert_eq!(
        message.lines().filter(|l| l.starts_with("error: ")).count(),
        1,
        "{message}"
    );
}

#[test]
fn a_version_summary_is_translated_by_version_id() {
    let (_tmp, root) = versions_in_two_languages(
        "languages:\n  uk:\n    versions: {committee: \"Документ фінансового комітету\"}\n",
    );
    write(
        &root,
        "content/points/1.uk.md",
        "---\ntitle: \"Школи\"\nversions:\n  committee: {summary: \"Більше грошей на школи, частина на опалення.\"}\n---\n",
    );
    let (_tmp, out, _) = build(&root, |_| {});
    let uk = read(&out, "uk/points/1/index.html");
    assert!(
        uk.contains("Більше грошей на школи, частина на опалення."),
        "{}",
        main_of(&uk)
    );
    assert!(
        uk.contains("Schools get 40 million for repairs."),
        "quotes stay as spoken"
    );
    assert!(read(&out, "uk/versions/index.html").contains("Документ фінансового комітету"));
    // The summary no translation gives is marked as English; the translated one is not.
    let committee = main_of(&read(&out, "uk/versions/committee/index.html"));
    assert!(
        committee.contains("<span lang=\"en\">Roads keep their 20 million.</span>"),
        "{committee}"
    );
    assert!(!committee.contains("lang=\"en\">Більше грошей"));
    assert!(!main_of(&read(&out, "versions/committee/index.html")).contains("lang="));
}

#[test]
fn the_settings_name_only_their_own_keys_and_known_languages() {
    let (_tmp, root) = site();
    let settings = std::fs::read_to_string(root.join("briefing.yaml")).unwrap();
    write(
        &root,
        "briefing.yaml",
        &settings.replace("      pending: \"Очікує\"", "      pendng: \"Очікує\""),
    );
    let message = errors(&root);
    assert!(
        message.contains("unknown status key \"pendng\" in languages.uk.statuses; expected one of signed, pending, blocked"),
        "{message}"
    );
    write(
        &root,
        "briefing.yaml",
        &format!("{settings}  xx: {{title: \"?\"}}\n"),
    );
    let message = errors(&root);
    assert!(message.contains("briefing.yaml:"), "{message}");
    assert!(
        message.contains("no strings for language \"xx\""),
        "{message}"
    );
}

#[test]
fn new_article_lang_writes_a_translation_skeleton_with_its_lists_in_place() {
    let (_tmp, root) = site();
    let original = "content/articles/2024-03-01-round-one.md";
    std::fs::remove_file(root.join("content/articles/2024-03-01-round-one.uk.md")).unwrap();
    let done = run(&["new", "article", "--lang", "uk", original], &root);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let skeleton = read(&root, "content/articles/2024-03-01-round-one.uk.md");
    assert!(
        skeleton.contains("title: \"\"  # Round one closes\n"),
        "{skeleton}"
    );
    assert!(skeleton.contains("events:\n  - {title: \"\", place: \"\"}  # 2024-02-28: Teams meet in Portsmouth (Portsmouth)\n  - {title: \"\", place: \"\"}  # 2024-02: Preparatory contacts\n"), "{skeleton}");
    assert!(skeleton.contains("points:\n  - {note: \"\", part: \"\"}  # point 2, signed\n  - {note: \"\", part: \"\"}  # point 5, 6, pending\n"), "{skeleton}");
    assert!(
        skeleton.contains("sources:\n  - {name: \"\"}  # Harbour Gazette\n"),
        "{skeleton}"
    );
    // The skeleton builds, and the page it leaves empty still falls back visibly.
    let (_out_tmp, out, _) = build(&root, |_| {});
    let page = main_of(&read(&out, "uk/articles/2024-03-01-round-one/index.html"));
    assert!(
        page.contains("edition-fallback") && page.contains("<h1 lang=\"en\">Round one closes</h1>"),
        "{page}"
    );
    // It never overwrites, and names the declared languages when asked for another.
    let again = run(&["new", "article", "--lang", "uk", original], &root);
    assert!(!again.status.success());
    let other = run(&["new", "article", "--lang", "fr", original], &root);
    assert_eq!(other.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&other.stderr);
    assert!(
        stderr.contains("\"fr\" is not a declared language; declared languages are en, uk"),
        "{stderr}"
    );
}

#[test]
fn untranslated_notes_titles_and_quotes_carry_their_language_on_translated_pages() {
    let (_tmp, out, _) = build(&fixture("editions"), |_| {});
    let timeline = main_of(&read(&out, "uk/timeline/index.html"));
    // A translated note and event: no mark; the untranslated article's: marked.
    assert!(
        timeline.contains("<span class=\"note\">(Лише щодо пунктів 5 і 6.)</span>"),
        "{timeline}"
    );
    assert!(
        timeline.contains("<span class=\"entry-title\">Делегації зустрілися в Портсмуті</span>")
    );
    assert!(
        timeline.contains("<span class=\"entry-title\" lang=\"en\">Preparatory contacts</span>"),
        "{timeline}"
    );
    assert!(
        timeline.contains("<span class=\"note\" lang=\"en\">(not acceptable as drafted)</span>")
    );
    let list = main_of(&read(&out, "uk/articles/index.html"));
    assert!(list.contains("lang=\"en\">Round two"), "{list}");
    assert!(!list.contains("lang=\"en\">Перший раунд завершено"));
    // Nothing is marked in the default edition.
    for page in [
        "timeline/index.html",
        "articles/index.html",
        "points/5/index.html",
    ] {
        assert!(!main_of(&read(&out, page)).contains("lang=\""), "{page}");
    }
    // A quote stays in the language it was written in, and says so.
    let (_versions_tmp, root) =
        versions_in_two_languages("languages:\n  uk: {title: \"Бюджет\"}\n");
    let (_out_tmp, out, _) = build(&root, |_| {});
    let point = main_of(&read(&out, "uk/points/1/index.html"));
    assert!(
        point.contains("<q class=\"quote\" lang=\"en\">Schools get 40 million for repairs.</q>"),
        "{point}"
    );
    assert!(!main_of(&read(&out, "points/1/index.html")).contains("lang=\"en\""));
}
