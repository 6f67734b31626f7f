//! The reader's language: a briefing with `language: uk` shows no English word of the theme
//! on any page, a site's own strings file overrides a key everywhere it is used, and the
//! feeds and the calendar carry the language.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeSet;
use std::path::Path;

/// Words (runs of letters, lower case) of a text.
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
        .collect()
}

/// Every word of a strings table's texts (placeholders left out).
fn table_words(text: &str) -> BTreeSet<String> {
    let value: serde_json::Value = briefing::front_matter::parse_yaml(text, 1).unwrap().0;
    let mut out = BTreeSet::new();
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::String(s) => {
                let mut plain = String::new();
                let mut depth = 0;
                for c in s.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        _ if depth == 0 => plain.push(c),
                        _ => {}
                    }
                }
                out.extend(words(&plain));
            }
            serde_json::Value::Array(a) => stack.extend(a),
            serde_json::Value::Object(m) => stack.extend(m.into_iter().map(|(_, v)| v)),
            _ => {}
        }
    }
    out
}

/// What a reader of a page sees: its text and the attributes read aloud or shown (title,
/// aria-label, placeholder, alt, data-label, and the description), without scripts.
fn visible_text(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        text.push(' ');
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open..open + close + 1];
        // A style element shows only its CSS strings (the print edition's running header).
        if tag.starts_with("<style") {
            let css = &rest[open + close + 1..];
            let end = css.find("</style>").unwrap_or(css.len());
            for (i, piece) in css[..end].split('"').enumerate() {
                if i % 2 == 1 {
                    text.push_str(piece);
                    text.push(' ');
                }
            }
            rest = &css[end..];
            continue;
        }
        for attr in ["title", "aria-label", "placeholder", "alt", "data-label"] {
            let needle = format!(" {attr}=\"");
            if let Some(at) = tag.find(&needle) {
                let value = &tag[at + needle.len()..];
                text.push_str(&value[..value.find('"').unwrap_or(value.len())]);
                text.push(' ');
            }
        }
        let described = tag.contains("name=\"description\"") || tag.contains("property=\"og:");
        // og:type's values are protocol words, not prose.
        let content = tag
            .find(" content=\"")
            .filter(|_| described && !tag.contains("og:type"));
        if let Some(at) = content {
            let value = &tag[at + 10..];
            text.push_str(&value[..value.find('"').unwrap_or(value.len())]);
        }
        rest = &rest[open + close + 1..];
        if tag.starts_with("<script") {
            rest = &rest[rest.find("</script>").unwrap_or(0)..];
        }
    }
    text.push_str(rest);
    text.replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// The English words of the theme found on any page of `out`, by page, leaving out every
/// word of the site's own content (`root`'s settings and Markdown).
fn english_left(root: &Path, out: &Path) -> Vec<(String, BTreeSet<String>)> {
    let repo = common::repo();
    let english = table_words(&std::fs::read_to_string(repo.join("i18n/en.yaml")).unwrap());
    // Names the Ukrainian table itself uses (JSON, CSV, Atom, JavaScript) are not English.
    let ukrainian = table_words(&std::fs::read_to_string(repo.join("i18n/uk.yaml")).unwrap());
    let mut content = words(&std::fs::read_to_string(root.join("briefing.yaml")).unwrap());
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            content.extend(words(&std::fs::read_to_string(entry.path()).unwrap()));
        }
    }
    let theme: BTreeSet<String> = english
        .difference(&ukrainian)
        .filter(|w| !content.contains(*w))
        .cloned()
        .collect();
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(out).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let page = words(&visible_text(
            &std::fs::read_to_string(entry.path()).unwrap(),
        ));
        let left: BTreeSet<String> = page.intersection(&theme).cloned().collect();
        if !left.is_empty() {
            let rel = entry.path().strip_prefix(out).unwrap();
            found.push((rel.display().to_string(), left));
        }
    }
    found
}

/// A copy of the Ukrainian fixture in a temporary folder, set to `language`.
fn uk_fixture_in(language: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(&common::fixture("uk"), tmp.path());
    let settings = tmp.path().join("briefing.yaml");
    let text = std::fs::read_to_string(&settings).unwrap();
    let text = text.replace("language: uk", &format!("language: {language}"));
    std::fs::write(&settings, text).unwrap();
    tmp
}

#[test]
fn a_ukrainian_briefing_shows_no_english_word_of_the_theme() {
    let root = common::fixture("uk");
    let (_tmp, out, outcome) = common::build(&root, |_| {});
    assert!(outcome.diagnostics.is_empty(), "{:?}", outcome.diagnostics);
    let pages = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "html"))
        })
        .count();
    assert!(pages > 20, "{pages} pages");
    let left = english_left(&root, &out);
    assert!(left.is_empty(), "English left on pages: {left:#?}");

    // The theme's words are there in Ukrainian, dates in the genitive and plurals in form.
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("<html lang=\"uk\">"));
    assert!(home.contains(">Хронологія</a>"), "{home}");
    assert!(home.contains("З 4 пунктів"), "{home}");
    let point = std::fs::read_to_string(out.join("points/1/index.html")).unwrap();
    assert!(point.contains("21 березня 2025"), "{point}");
    let timeline = std::fs::read_to_string(out.join("timeline/index.html")).unwrap();
    assert!(timeline.contains("березень 2025"), "{timeline}");
    let versions = std::fs::read_to_string(out.join("versions/index.html")).unwrap();
    assert!(versions.contains("4 пункти."), "{versions}");
    assert!(
        versions.contains("Кількість пунктів невідома."),
        "{versions}"
    );
}

#[test]
fn the_check_finds_english_when_the_same_briefing_is_built_in_english() {
    // The walk above can fail: the same fixture set to English shows the theme's words.
    let site = uk_fixture_in("en");
    let (_tmp, out, _) = common::build(site.path(), |_| {});
    let left = english_left(site.path(), &out);
    let all: BTreeSet<&String> = left.iter().flat_map(|(_, w)| w).collect();
    for word in ["timeline", "overview", "history", "contested"] {
        assert!(
            all.contains(&word.to_string()),
            "{word} not found in {all:?}"
        );
    }
}

#[test]
fn a_site_override_shows_on_every_page_that_uses_it() {
    let site = uk_fixture_in("uk");
    std::fs::create_dir_all(site.path().join("i18n")).unwrap();
    std::fs::write(
        site.path().join("i18n/uk.yaml"),
        "nav_points: Усі пункти угоди\nno_public_position: Позиції ще немає\n",
    )
    .unwrap();
    let (_tmp, out, outcome) = common::build(site.path(), |_| {});
    assert!(outcome.diagnostics.is_empty(), "{:?}", outcome.diagnostics);
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        assert!(
            html.contains(">Усі пункти угоди</a>"),
            "{}",
            entry.path().display()
        );
        assert!(!html.contains(">Пункти</a>"), "{}", entry.path().display());
        pages += 1;
    }
    assert!(pages > 20);
    let points = std::fs::read_to_string(out.join("points/index.html")).unwrap();
    assert!(points.contains(">Позиції ще немає<"), "{points}");
    assert!(!points.contains("Публічної позиції немає"));
}

#[test]
fn a_missing_key_falls_back_to_english_with_a_warning_naming_key_and_file() {
    let site = uk_fixture_in("pl");
    std::fs::create_dir_all(site.path().join("i18n")).unwrap();
    std::fs::write(site.path().join("i18n/pl.yaml"), "nav_points: Punkty\n").unwrap();
    let (_tmp, out, outcome) = common::build(site.path(), |_| {});
    let messages: Vec<String> = outcome.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        messages.iter().any(|m| m.contains("i18n/pl.yaml")
            && m.contains("no \"nav_timeline\" for language \"pl\"; the English text is used")),
        "{messages:?}"
    );
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains(">Punkty</a>") && home.contains(">Timeline</a>"));
    assert!(home.contains("<html lang=\"pl\">"));
}

#[test]
fn an_unknown_language_is_an_error_listing_the_languages() {
    let site = uk_fixture_in("xx");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["check", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("briefing.yaml:3:")
            && stderr
                .contains("language: no strings for language \"xx\"; expected one of de, en, uk"),
        "{stderr}"
    );
}

#[test]
fn feeds_and_the_calendar_carry_the_language() {
    let (_tmp, out, _) = common::build(&common::fixture("uk"), |_| {});
    for feed in ["feed.xml", "changes.xml", "points/1/feed.xml"] {
        let text = std::fs::read_to_string(out.join(feed)).unwrap();
        assert!(text.contains("xml:lang=\"uk\""), "{feed}: {text}");
    }
    let changes = std::fs::read_to_string(out.join("changes.xml")).unwrap();
    assert!(
        changes.contains("Пункт 1: Спірно — Староста Південної громади (Південна громада)"),
        "{changes}"
    );
    let ics = std::fs::read_to_string(out.join("data/timeline.ics")).unwrap();
    assert!(
        ics.contains("SUMMARY;LANGUAGE=uk:Оприлюднено перший проєкт"),
        "{ics}"
    );
    assert!(ics.contains("DESCRIPTION;LANGUAGE=uk:Учасники:"), "{ics}");
    let script = std::fs::read_to_string(out.join("static/strings.js")).unwrap();
    assert!(
        script.contains("\"lang\":\"uk\"") && script.contains("результатів"),
        "{script}"
    );
}
