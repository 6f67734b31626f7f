//! Baseline for the benchmark: pulldown-cmark alone, on one thread, rendering the bodies of
//! every Markdown file under a folder with the options `briefing` uses. Prints files and bytes.
//!
//! Usage: cargo run --release --example markdown_only -- DIR

use std::path::PathBuf;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("content"));
    let mut files = 0usize;
    let mut bytes = 0usize;
    for entry in walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let body = match briefing::front_matter::split(&text) {
            Ok(split) => split.body,
            Err(_) => text.as_str(),
        };
        let mut html = String::with_capacity(body.len() * 3 / 2);
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(body, briefing::markdown::options()),
        );
        files += 1;
        bytes += html.len();
    }
    println!("rendered {files} bodies into {bytes} bytes of HTML");
}
