//! Property tests over the loader and the Markdown path: arbitrary bytes as front matter,
//! settings and bodies must give diagnostics or pages, never a panic. The case count comes
//! from `PROPTEST_CASES` (CI uses the default; a long local run sets it high).

#![allow(clippy::unwrap_used)] // tests may unwrap

use briefing::config;
use briefing::links::Index;
use briefing::markdown;
use briefing::model::{self, Site, SourceFile};
use proptest::prelude::*;
use std::path::Path;

/// Text rich in the characters YAML and Markdown give meaning to.
fn tricky_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "-",
        "---",
        ":",
        ": ",
        "[",
        "]",
        "{",
        "}",
        "#",
        ">",
        "*",
        "_",
        "`",
        "```",
        "\n",
        "\r\n",
        " ",
        "  ",
        "\t",
        "\"",
        "'",
        "|",
        "&",
        "!",
        "%",
        "@",
        "<",
        ">",
        "(",
        ")",
        "\\",
        "[x](a.md)",
        "[y](../points/1.md)",
        "![i](data:x)",
        "<script>",
        "javascript:",
        "title",
        "date",
        "2025-12-07",
        "2025-12",
        "2025-02-30",
        "points",
        "point",
        "status",
        "open",
        "- point: 1",
        "events",
        "tags",
        "\u{feff}",
        "é",
        "😀",
        "0",
        "-1",
        "99999999999",
        "null",
        "~",
        "&a",
        "*a",
        "!!str",
        "? ",
        "[^1]",
        "[^1]: n",
        "| a | b |",
        "|---|---|",
        "~~",
        "<!--",
        "-->",
    ]);
    prop::collection::vec(pieces, 0..80).prop_map(|v| v.concat())
}

fn front_matter_file() -> impl Strategy<Value = String> {
    (tricky_text(), tricky_text()).prop_map(|(yaml, body)| format!("---\n{yaml}\n---\n{body}"))
}

fn structured_article() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        Just("2025-12-07".to_string()),
        Just("[1, 2]".to_string()),
        Just("open".to_string()),
        tricky_text().prop_map(|t| format!("{t:?}")),
        tricky_text(),
    ];
    let key = prop::sample::select(vec![
        "title", "date", "summary", "slug", "draft", "tags", "sources", "events", "points",
        "point", "status", "x",
    ]);
    (
        prop::collection::vec((key, value, 0usize..3), 0..12),
        tricky_text(),
    )
        .prop_map(|(pairs, body)| {
            let yaml: String = pairs
                .into_iter()
                .map(|(k, v, indent)| format!("{}{k}: {v}\n", "  ".repeat(indent)))
                .collect();
            format!("---\n{yaml}---\n{body}")
        })
}

fn load_and_render(text: &str) {
    let (config, _) = config::parse("plan:\n  blocks:\n    - {id: 1, title: One}\n");
    let mut file = SourceFile {
        path: "content/articles/x.md".into(),
        text: text.to_string(),
    };
    let (article, diags) = model::parse_article(&config, &mut file);
    for d in &diags {
        let _ = d.to_string();
    }
    let site = Site {
        articles: article.into_iter().collect(),
        ..Site::default()
    };
    let _ = model::cross_check(&site, &config);
    let index = Index::new(&site);
    let cx = markdown::Context {
        path: Path::new("content/articles/x.md"),
        first_line: 1,
        page_url: "articles/x/",
        index: &index,
        portable: false,
        allow_raw_html: false,
        table_open: &markdown::table_open("Table (scrolls sideways)"),
    };
    let rendered = markdown::render(text, &cx);
    assert!(
        !rendered.html.contains("<script"),
        "raw script got through: {}",
        rendered.html
    );
}

proptest! {
    #[test]
    fn arbitrary_front_matter_never_panics(text in front_matter_file()) {
        load_and_render(&text);
    }

    #[test]
    fn structured_front_matter_never_panics(text in structured_article()) {
        load_and_render(&text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        load_and_render(&text);
        let _ = config::parse(&text);
    }

    #[test]
    fn arbitrary_settings_never_panic(text in tricky_text()) {
        let (config, diags) = config::parse(&text);
        prop_assert!(config.status("unknown").is_some());
        for d in diags {
            let _ = d.to_string();
        }
    }
}
