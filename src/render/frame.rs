//! The frame around every page: its header and footer, rendered once for each distinct set
//! of the chrome fields they may use (in practice, once per folder depth and section) by
//! `partials/header.html` and `partials/footer.html`, and shared by the pages that have the
//! same.

use super::Chrome;
use crate::diagnostics::Error;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::hash::Hash;
use std::sync::Mutex;
use tera::{Tera, Value};

/// The fields of a page's chrome that the frame's templates see (as `chrome`, with `t` and
/// `tr`). Nothing else of the page reaches them, so pages with the same fields share a frame.
#[derive(Serialize, Hash)]
pub(super) struct FrameChrome<'c> {
    site_title: &'c str,
    section: &'c str,
    home_url: &'c str,
    points_url: &'c str,
    versions_url: Option<&'c str>,
    timeline_url: &'c str,
    articles_url: &'c str,
    search_url: &'c str,
    search_root: &'c str,
    portable: bool,
    tags_url: &'c str,
    feed_url: &'c str,
    points_json_url: &'c str,
    points_csv_url: &'c str,
    timeline_json_url: &'c str,
    timeline_ics_url: &'c str,
}

impl<'c> FrameChrome<'c> {
    pub(super) fn of(c: &'c Chrome<'_>) -> FrameChrome<'c> {
        FrameChrome {
            site_title: c.site_title,
            section: c.section,
            home_url: &c.home_url,
            points_url: &c.points_url,
            versions_url: c.versions_url.as_deref(),
            timeline_url: &c.timeline_url,
            articles_url: &c.articles_url,
            search_url: &c.search_url,
            search_root: &c.search_root,
            portable: c.portable,
            tags_url: &c.tags_url,
            feed_url: &c.feed_url,
            points_json_url: &c.points_json_url,
            points_csv_url: &c.points_csv_url,
            timeline_json_url: &c.timeline_json_url,
            timeline_ics_url: &c.timeline_ics_url,
        }
    }

    /// A 128-bit fingerprint of the fields (xxh3 over their `Hash`, which ends each text and
    /// marks each `Option`, so that no two different sets of fields feed it the same bytes).
    fn key(&self) -> u128 {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        self.hash(&mut hasher);
        hasher.digest128()
    }
}

/// Each part of the frame: the name a page's template prints it by, and its template.
pub(super) const PARTS: [(&str, &str); 2] = [
    ("header_html", "partials/header.html"),
    ("footer_html", "partials/footer.html"),
];

/// The frames rendered so far in one run, by the fingerprint of their fields.
#[derive(Default)]
pub(super) struct Frames(Mutex<FxHashMap<u128, [Value; 2]>>);

impl Frames {
    /// The header and footer for a page with this chrome, as values marked safe; rendered the
    /// first time their fields are met.
    pub(super) fn of(&self, tera: &Tera, chrome: &Chrome<'_>) -> Result<[Value; 2], Error> {
        let fields = FrameChrome::of(chrome);
        let key = fields.key();
        if let Some(frame) = self.lock()?.get(&key) {
            return Ok(frame.clone());
        }
        let mut context = tera::Context::new();
        context.insert("chrome", &fields);
        let render = |template: &str| {
            tera.render(template, &context)
                .map(|html| Value::safe_string(&html))
                .map_err(|e| Error::template(template, e))
        };
        let frame = [render(PARTS[0].1)?, render(PARTS[1].1)?];
        // Two workers may render the same frame at once; both get the same HTML.
        self.lock()?.insert(key, frame.clone());
        Ok(frame)
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, FxHashMap<u128, [Value; 2]>>, Error> {
        self.0
            .lock()
            .map_err(|_| Error::Internal("a page renderer panicked".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chrome(home: &str, title: &str, versions: Option<&str>) -> Chrome<'static> {
        let url = |path: &str| format!("{home}{path}");
        Chrome {
            site_title: "A & B",
            description: "",
            language: "en",
            page_title: title.to_string(),
            section: "articles",
            home_url: home.to_string(),
            points_url: url("points/"),
            timeline_url: url("timeline/"),
            articles_url: url("articles/"),
            tags_url: url("tags/"),
            versions_url: versions.map(url),
            stylesheet_url: url("static/style.css"),
            script_url: url("static/briefing.js"),
            strings_script_url: url("static/strings.js"),
            search_url: url("search/"),
            search_root: url("search/"),
            search_script_url: url("static/search.js"),
            portable: false,
            icon_url: url("static/icon.svg"),
            feed_url: url("feed.xml"),
            changes_feed_url: url("changes.xml"),
            points_json_url: url("data/points.json"),
            points_csv_url: url("data/points.csv"),
            timeline_json_url: url("data/timeline.json"),
            timeline_ics_url: url("data/timeline.ics"),
            canonical_url: None,
            base_href: None,
            live_reload_url: None,
        }
    }

    fn engine() -> Tera {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.add_raw_templates(vec![
            (
                "partials/header.html",
                "<a href=\"{{ chrome.home_url }}\">{{ chrome.site_title }}</a>{% if chrome.versions_url %} {{ chrome.versions_url }}{% endif %}{{ chrome.page_title | default(value='') }}",
            ),
            ("partials/footer.html", "<p>{{ chrome.section }}</p>"),
        ])
        .unwrap();
        tera
    }

    fn html(value: &Value) -> &str {
        assert!(value.is_safe());
        value.as_str().unwrap()
    }

    #[test]
    fn pages_with_the_same_fields_share_a_frame_and_others_get_their_own() {
        let tera = engine();
        let frames = Frames::default();
        let [header, footer] = frames.of(&tera, &chrome("../../", "One", None)).unwrap();
        assert_eq!(html(&header), "<a href=\"../../\">A &amp; B</a>");
        assert_eq!(html(&footer), "<p>articles</p>");
        // The page's title does not reach the frame: the frame is the same, made once.
        let [again, _] = frames.of(&tera, &chrome("../../", "Two", None)).unwrap();
        assert_eq!(html(&again), html(&header));
        assert_eq!(frames.lock().unwrap().len(), 1);
        // Another depth, or a versions page, makes another frame.
        let [deeper, _] = frames.of(&tera, &chrome("../../../", "One", None)).unwrap();
        assert_eq!(html(&deeper), "<a href=\"../../../\">A &amp; B</a>");
        let [versions, _] = frames
            .of(&tera, &chrome("../../", "One", Some("versions/")))
            .unwrap();
        assert_eq!(
            html(&versions),
            "<a href=\"../../\">A &amp; B</a> ../../versions/"
        );
        assert_eq!(frames.lock().unwrap().len(), 3);
    }

    #[test]
    fn no_versions_page_and_an_empty_url_are_two_frames() {
        let none = chrome("./", "", None);
        let mut empty = chrome("./", "", None);
        empty.versions_url = Some(String::new());
        assert_ne!(FrameChrome::of(&none).key(), FrameChrome::of(&empty).key());
        // Two texts that join to the same bytes differ too.
        let mut a = chrome("./", "", None);
        let mut b = chrome("./", "", None);
        (a.site_title, a.section) = ("ab", "c");
        (b.site_title, b.section) = ("a", "bc");
        assert_ne!(FrameChrome::of(&a).key(), FrameChrome::of(&b).key());
    }
}
