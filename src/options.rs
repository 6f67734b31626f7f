//! Resolved options of one run: where the site is, where the output goes, and how to build.

use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The site folder (holds `content/`, maybe `briefing.yaml`, `templates/`, `static/`).
    pub root: PathBuf,
    /// The output folder; `<root>/public` unless given.
    pub out: PathBuf,
    /// Overrides `base_url` from `briefing.yaml`.
    pub base_url: Option<String>,
    /// Include draft articles.
    pub drafts: bool,
    /// Write `…/index.html` into links so the output works opened from disk.
    pub portable: bool,
    /// URL of the live-reload script to add to every page (only `serve` sets it).
    pub live_reload: Option<String>,
    /// Fail at once, instead of waiting, when another build holds the output.
    pub no_wait: bool,
    /// Build the whole output beside the old one and swap them (`--atomic`), instead of
    /// writing only the files that changed.
    pub atomic: bool,
}

impl Options {
    /// Options for `root` with every default: output in `<root>/public`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        Options {
            out: root.join("public"),
            root,
            base_url: None,
            drafts: false,
            portable: false,
            live_reload: None,
            no_wait: false,
            atomic: false,
        }
    }
}
