//! The rewriting of one body's events as they stream to the HTML writer: `.md` links to page
//! URLs (and links to output files, checked later), raw HTML and script URLs neutralised,
//! heading anchors, and diagnostics located at their file line.

use super::Context;
use crate::diagnostics::{Cause, Diagnostic, display_path};
use crate::links::{self, LinkError};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use std::collections::HashMap;

pub(super) struct State<'a, 'c> {
    // 'a: the body and its events; 'c: the render context.
    pub(super) cx: &'a Context<'c>,
    markdown: &'a str,
    /// Built on the first diagnostic: most bodies never need it.
    lines: Option<LineIndex>,
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) output_links: Vec<links::OutputLink>,
    /// One entry per open link or image: true when its tag was dropped.
    dropped: Vec<bool>,
    heading_ids: HashMap<String, usize>,
    /// The source file's key for resolving `.md` links (`links::key_of`), made on the first.
    source_key: Option<std::borrow::Cow<'c, str>>,
}

impl<'a, 'c> State<'a, 'c> {
    pub(super) fn new(cx: &'a Context<'c>, markdown: &'a str) -> Self {
        State {
            cx,
            markdown,
            lines: None,
            diagnostics: Vec::new(),
            output_links: Vec::new(),
            dropped: Vec::new(),
            heading_ids: HashMap::new(),
            source_key: None,
        }
    }
}

impl<'e> State<'_, '_> {
    /// The file line of a byte offset in the body.
    fn file_line(&mut self, offset: usize) -> usize {
        let lines = self
            .lines
            .get_or_insert_with(|| LineIndex::new(self.markdown));
        lines.line(offset) + self.cx.first_line - 1
    }

    /// A diagnostic located at a byte offset of the body, with its line and column.
    fn located(&mut self, diagnostic: Diagnostic, offset: usize) -> Diagnostic {
        let line = self.file_line(offset);
        let start = self.markdown[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = self.markdown[offset..]
            .find('\n')
            .map_or(self.markdown.len(), |i| offset + i);
        let column = self.markdown[start..offset].chars().count() + 1;
        let mut d = diagnostic.at(Some(line), Some(column));
        d.source_line = Some(self.markdown[start..end].trim_end_matches('\r').to_string());
        d
    }

    /// One handler per event kind; `None` drops the event.
    pub(super) fn transform(&mut self, event: Event<'e>, offset: usize) -> Option<Event<'e>> {
        match event {
            Event::Html(html) | Event::InlineHtml(html) if !self.cx.allow_raw_html => {
                Some(Event::Text(html))
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = self.link_target(dest_url, offset)?;
                Some(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }))
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = self.link_target(dest_url, offset)?;
                Some(Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }))
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                let dropped = self.dropped.pop().unwrap_or(false);
                (!dropped).then_some(event)
            }
            other => Some(other),
        }
    }

    /// The URL to write for a link or image, or `None` to drop the tag (keeping its text).
    fn link_target(&mut self, dest: CowStr<'e>, offset: usize) -> Option<CowStr<'e>> {
        if is_script_url(&dest) {
            self.dropped.push(true);
            let d = Diagnostic::warning(
                self.cx.path,
                format!("link target \"{dest}\" was dropped: script and data URLs are not allowed"),
            );
            let d = self.located(d, offset);
            self.diagnostics.push(d);
            return None;
        }
        self.dropped.push(false);
        if links::is_external(&dest) || dest.starts_with('#') || dest.starts_with('/') {
            return Some(dest);
        }
        let path_part =
            memchr::memchr2(b'#', b'?', dest.as_bytes()).map_or(&*dest, |end| &dest[..end]);
        if !path_part.ends_with(".md") {
            self.check_later(&dest, offset);
            return Some(dest);
        }
        let path = self.cx.path;
        let from = self.source_key.get_or_insert_with(|| links::key_of(path));
        match self.cx.index.resolve(from, &dest) {
            Ok((url, fragment)) => Some(CowStr::from(links::relative_with_fragment(
                self.cx.page_url,
                url,
                fragment,
                self.cx.portable,
            ))),
            Err(err) => {
                let (message, cause) = match err {
                    LinkError::Escapes => {
                        (format!("link \"{dest}\" points outside the site"), None)
                    }
                    LinkError::Missing(p) => (
                        format!(
                            "link \"{dest}\" points to {}, which does not exist",
                            display_path(&p)
                        ),
                        Some(Cause::File(p)),
                    ),
                    LinkError::Anchor {
                        path,
                        fragment,
                        nearest,
                    } => (
                        format!(
                            "link \"{dest}\" names no term \"{fragment}\" in {}{}",
                            display_path(&path),
                            nearest.map_or(String::new(), |n| format!("; did you mean \"{n}\"?"))
                        ),
                        Some(Cause::File(path)),
                    ),
                    LinkError::Draft(p) => (
                        format!(
                            "link \"{dest}\" points to the draft {}; publish it or build with --drafts",
                            display_path(&p)
                        ),
                        None,
                    ),
                };
                let mut d = Diagnostic::error(self.cx.path, message);
                d.follows = cause;
                let d = self.located(d, offset);
                self.diagnostics.push(d);
                Some(dest)
            }
        }
    }

    /// Records a relative link to a non-Markdown file, to be checked against the output.
    fn check_later(&mut self, dest: &str, offset: usize) {
        match links::output_target(self.cx.page_url, dest) {
            Some(target) => {
                let message =
                    format!("link \"{dest}\" reaches no file of the output (looked for {target})");
                let diagnostic = self.located(Diagnostic::error(self.cx.path, message), offset);
                self.output_links.push(links::OutputLink {
                    target,
                    dest: dest.to_string(),
                    diagnostic,
                });
            }
            None => {
                let message = format!("link \"{dest}\" points outside the site");
                let d = self.located(Diagnostic::error(self.cx.path, message), offset);
                self.diagnostics.push(d);
            }
        }
    }

    /// Gives a heading an `id` from its text (unless `{#id}` set one), unique in the body.
    pub(super) fn anchor_heading<'x>(&mut self, mut events: Vec<Event<'x>>) -> Vec<Event<'x>> {
        let text: String = events
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let mut demoted = false;
        if let Some(Event::Start(Tag::Heading { level, id, .. })) = events.first_mut() {
            if id.is_none() {
                let base = crate::model::slugify(&text);
                let base = if base.is_empty() {
                    "section".to_string()
                } else {
                    base
                };
                let n = self.heading_ids.entry(base.clone()).or_insert(0);
                *n += 1;
                let unique = if *n == 1 { base } else { format!("{base}-{n}") };
                *id = Some(CowStr::from(unique));
            }
            // Article bodies sit under the page's own <h1>: demote a body h1 to h2.
            if *level == HeadingLevel::H1 {
                *level = HeadingLevel::H2;
                demoted = true;
            }
        }
        if let (true, Some(Event::End(TagEnd::Heading(l)))) = (demoted, events.last_mut()) {
            *l = HeadingLevel::H2;
        }
        events
    }
}

/// True for `javascript:`, `vbscript:` and `data:` URLs, however they are spaced or cased.
pub fn is_script_url(url: &str) -> bool {
    // Every such scheme ends with a colon: most links (relative ones) have none.
    if memchr::memchr(b':', url.as_bytes()).is_none() {
        return false;
    }
    // Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
    let mut squeezed = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .map(|c| c.to_ascii_lowercase());
    let mut head = ['\0'; 11];
    for slot in &mut head {
        match squeezed.next() {
            Some(c) => *slot = c,
            None => break,
        }
    }
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|scheme| scheme.chars().zip(head).all(|(a, b)| a == b))
}

/// Byte offset → 1-based line within a body.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}
