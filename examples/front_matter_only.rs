//! Baseline for the benchmark: the front matter alone, on one thread: every Markdown file
//! under a folder split as `briefing` splits it and its YAML read by the same parser into a
//! generic value (no model is made). Prints files and keys.
//!
//! Usage: cargo run --release --example front_matter_only -- DIR

use std::collections::BTreeMap;
use std::path::PathBuf;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("content"));
    let mut files = 0usize;
    let mut keys = 0usize;
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
        let Ok(split) = briefing::front_matter::split(&text) else {
            continue;
        };
        let parsed = briefing::front_matter::parse_yaml::<BTreeMap<String, serde_json::Value>>(
            split.yaml,
            split.yaml_line,
        );
        if let Ok((map, _)) = parsed {
            files += 1;
            keys += map.len();
        }
    }
    println!("read the front matter of {files} files: {keys} keys");
}
