//! Baseline for the benchmark: the front matter alone, on one thread: every Markdown file
//! under a folder split as `briefing` splits it and its YAML read by the same parser into a
//! generic value (no model is made). Prints files and keys.
//!
//! Usage: cargo run --release --example front_matter_only -- DIR

mod common;

use std::collections::BTreeMap;

fn main() {
    let mut files = 0usize;
    let mut keys = 0usize;
    common::each_markdown(&common::folder(), |text| {
        let Ok(split) = briefing::front_matter::split(text) else {
            return;
        };
        let parsed = briefing::front_matter::parse_yaml::<BTreeMap<String, serde_json::Value>>(
            split.yaml,
            split.yaml_line,
        );
        if let Ok((map, _)) = parsed {
            files += 1;
            keys += map.len();
        }
    });
    println!("read the front matter of {files} files: {keys} keys");
}
