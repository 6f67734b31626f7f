//! What the benchmark's baselines share: the folder named on the command line, and the text
//! of each Markdown file under it, in name order.

use std::path::PathBuf;

/// The folder named as the first argument (`content` when none is).
pub fn folder() -> PathBuf {
    std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("content"))
}

/// Calls `f` with the text of each `.md` file under `dir` that reads as UTF-8.
pub fn each_markdown(dir: &std::path::Path, mut f: impl FnMut(&str)) {
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(entry.path()) {
            f(&text);
        }
    }
}
