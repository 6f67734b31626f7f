//! Markdown → HTML: the one pulldown-cmark option set, heading anchors, `.md` link rewriting,
//! and neutralising raw HTML and script URLs. The only module that names pulldown-cmark.

mod state;

pub use state::is_script_url;

use crate::diagnostics::Diagnostic;
use crate::links::{self, Index};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use state::State;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::path::{Path, PathBuf};

/// The parser options every body is read with: CommonMark plus tables, footnotes,
/// strikethrough and heading attributes (`{#id}`).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// What a body is rendered against.
pub struct Context<'a> {
    /// The source file, relative to the site root.
    pub path: &'a Path,
    /// File line of the body's first line.
    pub first_line: usize,
    /// Site-root-relative URL of the page the body appears on.
    pub page_url: &'a str,
    pub index: &'a Index,
    pub portable: bool,
    pub allow_raw_html: bool,
    /// The opening of a table's scrolling box (`table_open`), made once per build.
    pub table_open: &'a str,
}

/// Rendered HTML and the problems found on the way (broken links, dropped URLs).
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub html: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Relative links to files other than `.md` sources, to check against the output.
    pub output_links: Vec<links::OutputLink>,
    /// For search: the body's distinct words, folded, in the order first met and separated
    /// by spaces (the text itself is not kept: every body is held until the pages are
    /// written, and the words take a fraction of the room).
    pub words: String,
    /// The start of the body's text as readers see it, as much as a search snippet needs
    /// (`search::lead`).
    pub lead: String,
}

/// Renders one Markdown body.
pub fn render(markdown: &str, cx: &Context<'_>) -> Rendered {
    let state = State::new(cx, markdown);
    let mut events = Events {
        parser: Parser::new_ext(markdown, options()).into_offset_iter(),
        state,
        ready: VecDeque::new(),
        text: String::new(),
    };
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, &mut events);
    // Every body is held until the pages are written: without the room a growing string
    // keeps, peak memory at 10,000 articles is about 50 MiB (a fifth) lower.
    html.shrink_to_fit();
    let text = events.text;
    Rendered {
        html,
        diagnostics: events.state.diagnostics,
        output_links: events.state.output_links,
        words: crate::search::distinct_words(&text),
        lead: crate::search::lead(&text),
    }
}

/// The parser's events after `State::transform`, streamed to the HTML writer. Only a heading
/// is held back, until its end, so that its text can give it an anchor. The text readers see
/// is gathered from the same events for search (as mdBook does), raw HTML left out.
struct Events<'a, 'c, I> {
    parser: I,
    state: State<'a, 'c>,
    ready: VecDeque<Event<'a>>,
    text: String,
}

impl<'a, I> Iterator for Events<'a, '_, I>
where
    I: Iterator<Item = (Event<'a>, std::ops::Range<usize>)>,
{
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        let event = self.next_event()?;
        match &event {
            Event::Text(t) | Event::Code(t) => self.text.push_str(t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => self.text.push(' '),
            _ => {}
        }
        Some(event)
    }
}

impl<'a, I> Events<'a, '_, I>
where
    I: Iterator<Item = (Event<'a>, std::ops::Range<usize>)>,
{
    fn next_event(&mut self) -> Option<Event<'a>> {
        if let Some(e) = self.ready.pop_front() {
            return Some(e);
        }
        loop {
            let (event, range) = self.parser.next()?;
            let Some(event) = self.state.transform(event, range.start) else {
                continue;
            };
            match event {
                // Wide tables scroll inside their own box, not the page.
                Event::Start(Tag::Table(_)) => {
                    self.ready.push_back(event);
                    return Some(Event::Html(CowStr::Borrowed(self.state.cx.table_open)));
                }
                Event::End(TagEnd::Table) => {
                    self.ready
                        .push_back(Event::Html(CowStr::Borrowed("</div>\n")));
                    return Some(event);
                }
                Event::Start(Tag::Heading { .. }) => {}
                _ => return Some(event),
            }
            let mut heading = vec![event];
            for (event, range) in self.parser.by_ref() {
                let Some(event) = self.state.transform(event, range.start) else {
                    continue;
                };
                let end = matches!(event, Event::End(TagEnd::Heading(_)));
                heading.push(event);
                if end {
                    break;
                }
            }
            self.ready.extend(self.state.anchor_heading(heading));
            return self.ready.pop_front();
        }
    }
}

/// Every rendered body of a site (home, points, published articles), by source path. A new
/// value: the model keeps its Markdown.
#[derive(Debug, Default)]
pub struct Bodies {
    /// Looked up by path, never listed in a page: what is gathered from it is sorted.
    /// Shared: another language's edition holds the same bodies where it has no translation.
    by_path: HashMap<PathBuf, std::sync::Arc<Rendered>>,
}

impl Bodies {
    /// The HTML of the body of the file at `path` (empty when it has none).
    pub fn html(&self, path: &Path) -> &str {
        self.by_path.get(path).map_or("", |r| r.html.as_str())
    }

    /// The distinct folded words of the body of the file at `path` (see `Rendered::words`).
    pub fn words(&self, path: &Path) -> &str {
        self.by_path.get(path).map_or("", |r| r.words.as_str())
    }

    /// The start of the text of the body of the file at `path`, without markup.
    pub fn lead(&self, path: &Path) -> &str {
        self.by_path.get(path).map_or("", |r| r.lead.as_str())
    }

    /// These bodies as an edition one folder down (`uk/`) shows them: with `fresh` ones (a
    /// translation's, by its original's path) in place of theirs, and each link to a file
    /// every edition shares (`shared` says which) climbing one folder more.
    pub fn for_edition(
        &self,
        fresh: impl Iterator<Item = (PathBuf, std::sync::Arc<Rendered>)>,
        shared: impl Fn(&str) -> bool,
    ) -> Bodies {
        let mut by_path = self.by_path.clone();
        by_path.extend(fresh);
        for body in by_path.values_mut() {
            if !body.output_links.iter().any(|l| shared(&l.target)) {
                continue;
            }
            let body = std::sync::Arc::make_mut(body);
            for link in body.output_links.iter().filter(|l| shared(&l.target)) {
                let dest = link.dest.replace('&', "&amp;").replace('"', "&quot;");
                for attribute in ["href", "src"] {
                    body.html = body.html.replace(
                        &format!("{attribute}=\"{dest}\""),
                        &format!("{attribute}=\"../{dest}\""),
                    );
                }
            }
        }
        Bodies { by_path }
    }

    /// Every body's problems (in no order: the caller sorts them).
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.by_path.values().flat_map(|r| &r.diagnostics)
    }

    /// Every relative link to a non-Markdown file, to check against the output.
    pub fn output_links(&self) -> impl Iterator<Item = &links::OutputLink> {
        self.by_path.values().flat_map(|r| &r.output_links)
    }
}

/// What every body of a build is rendered with.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Setup<'i> {
    pub index: &'i Index,
    pub portable: bool,
    pub allow_raw_html: bool,
    pub table_open: &'i str,
}

/// Bodies rendered by an earlier run that may be kept: those of files not in `dirty`, when
/// the index and options they were rendered with are unchanged.
pub struct Reuse<'r> {
    pub bodies: Bodies,
    pub dirty: &'r BTreeSet<PathBuf>,
}

/// Renders every body of the site (home, points, published articles) in parallel, keeping
/// the bodies `reuse` allows. Returns a new value; with `release`, each article's Markdown
/// is taken out of the site and freed once its HTML is made (so that the Markdown of every
/// article and the HTML of every article are not all held at once), and the site is
/// otherwise not touched.
pub fn render_site(
    site: &mut crate::model::Site,
    setup: Setup<'_>,
    reuse: Option<Reuse<'_>>,
    release: bool,
) -> Bodies {
    use rayon::prelude::*;
    // A kept body stands unless its file changed; the others are rendered afresh.
    let mut by_path = match reuse {
        Some(r) => {
            let mut kept = r.bodies.by_path;
            kept.retain(|path, _| !crate::source::is_among(r.dirty, path));
            kept
        }
        None => HashMap::new(),
    };
    // Each body not kept, with its page's URL (worked out only for those).
    let pending = |path: &Path| !by_path.contains_key(path);
    let h = &site.home;
    let home = (h.path.as_deref().filter(|p| pending(p))).map(|path| {
        (
            path,
            Cow::Borrowed(h.body_markdown.as_str()),
            h.body_line,
            links::HOME.to_string(),
        )
    });
    let points = (site.points.iter().filter(|p| pending(&p.path))).map(|p| {
        (
            p.path.as_path(),
            Cow::Borrowed(p.body_markdown.as_str()),
            p.body_line,
            links::point(p.number),
        )
    });
    let people = (site.people.iter().filter(|p| pending(&p.path))).map(|p| {
        (
            p.path.as_path(),
            Cow::Borrowed(p.body_markdown.as_str()),
            p.body_line,
            links::person(&p.id),
        )
    });
    let glossary = (site.glossary.iter().filter(|g| pending(&g.path))).map(|g| {
        (
            g.path.as_path(),
            Cow::Borrowed(g.body_markdown.as_str()),
            g.body_line,
            links::GLOSSARY.to_string(),
        )
    });
    let articles = (site.articles.iter_mut().filter(|a| pending(&a.path))).map(|a| {
        let taken = release.then(|| std::mem::take(&mut a.body_markdown));
        let a: &crate::model::Article = a;
        let markdown = match taken {
            Some(text) => Cow::Owned(text),
            None => Cow::Borrowed(a.body_markdown.as_str()),
        };
        (
            a.path.as_path(),
            markdown,
            a.body_line,
            links::article(&a.slug),
        )
    });
    let todo: Vec<(&Path, Cow<'_, str>, usize, String)> = home
        .into_iter()
        .chain(points)
        .chain(people)
        .chain(glossary)
        .chain(articles)
        .collect();
    let fresh: Vec<(PathBuf, std::sync::Arc<Rendered>)> = todo
        .into_par_iter()
        .map(|(path, markdown, first_line, url)| {
            let cx = setup.context(path, first_line, &url);
            (
                path.to_path_buf(),
                std::sync::Arc::new(render(&markdown, &cx)),
            )
        })
        .collect();
    by_path.extend(fresh);
    Bodies { by_path }
}

impl<'i> Setup<'i> {
    fn context<'c>(self, path: &'c Path, first_line: usize, page_url: &'c str) -> Context<'c>
    where
        'i: 'c,
    {
        Context {
            path,
            first_line,
            page_url,
            index: self.index,
            portable: self.portable,
            allow_raw_html: self.allow_raw_html,
            table_open: self.table_open,
        }
    }
}

/// The box a wide table scrolls in (not the page), with `label` for screen readers.
pub fn table_open(label: &str) -> String {
    let mut escaped = String::new();
    pulldown_cmark_escape::escape_html(&mut escaped, label).expect("writing to a String");
    format!("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{escaped}\">\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Site;

    fn md(text: &str) -> Rendered {
        md_with(text, false)
    }

    fn md_with(text: &str, allow_raw_html: bool) -> Rendered {
        let mut site = Site::default();
        site.home.path = Some("content/_index.md".into());
        let mut draft = crate::model::Article::for_test("content/articles/draft.md", "draft");
        draft.draft = true;
        site.drafts.push(draft);
        let index = Index::new(&site);
        let cx = Context {
            path: Path::new("content/articles/a.md"),
            first_line: 10,
            page_url: "articles/a/",
            index: &index,
            portable: false,
            allow_raw_html,
            table_open: &table_open("Table (scrolls sideways)"),
        };
        render(text, &cx)
    }

    #[test]
    fn extensions_are_on() {
        let html =
            md("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ and a note[^1]\n\n[^1]: the note\n")
                .html;
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>gone</del>"), "{html}");
        assert!(html.contains("footnote-definition"), "{html}");
    }

    #[test]
    fn headings_get_unique_anchors_and_h1_is_demoted() {
        let html = md("# Top\n\n## Two words\n\n## Two words\n\n## Own {#mine}\n").html;
        assert!(html.contains("<h2 id=\"top\">Top</h2>"), "{html}");
        assert!(html.contains("<h2 id=\"two-words\">"), "{html}");
        assert!(html.contains("<h2 id=\"two-words-2\">"), "{html}");
        assert!(html.contains("<h2 id=\"mine\">"), "{html}");
    }

    #[test]
    fn md_links_are_rewritten_relative_to_the_page() {
        let html = md("[home](../_index.md#lead)").html;
        assert!(html.contains("href=\"../../#lead\""), "{html}");
    }

    #[test]
    fn missing_md_link_is_an_error_with_the_file_line() {
        let r = md("text\n\nsee [x](missing.md)\n");
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(
            r.diagnostics[0].headline(),
            "content/articles/a.md:12:5: link \"missing.md\" points to content/articles/missing.md, which does not exist"
        );
    }

    #[test]
    fn link_to_draft_is_an_error() {
        let r = md("[d](draft.md)");
        assert!(
            r.diagnostics[0].message.contains("draft"),
            "{:?}",
            r.diagnostics
        );
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = md("<script>alert(1)</script>\n\nhi <b onclick=x>there</b>").html;
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<b "), "{html}");
    }

    #[test]
    fn raw_html_passes_when_allowed() {
        let html = md_with("<aside>x</aside>", true).html;
        assert!(html.contains("<aside>x</aside>"), "{html}");
    }

    #[test]
    fn script_urls_are_dropped_but_text_kept() {
        for url in [
            "javascript:alert(1)",
            "JaVa\tScRiPt:alert(1)",
            "data:text/html,x",
            " vbscript:x",
        ] {
            let r = md(&format!("[click]({url}) <{url}>"));
            assert!(!r.html.to_lowercase().contains("href"), "{url}: {}", r.html);
            assert!(r.html.contains("click"), "{}", r.html);
        }
        let r = md("![alt](data:image/png;base64,xx)");
        assert!(!r.html.contains("<img"), "{}", r.html);
        assert!(r.html.contains("alt"), "{}", r.html);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = ">".repeat(50_000) + " x\n";
        assert!(md(&deep).html.contains('x'));
        let list: String = (0..5_000)
            .map(|i| format!("{}- item\n", "  ".repeat(i)))
            .collect();
        assert!(md(&list).html.contains("item"));
    }

    #[test]
    fn snapshot_of_a_varied_body() {
        let body = "# Heading\n\nSome *emphasis*, **strong**, `code` and a [link](https://example.org).\n\n\
                    > A quote\n\n- one\n- two\n\n| Point | Status |\n|---|:---:|\n| 19 | open |\n\n\
                    Claim[^n].\n\n[^n]: A footnote.\n";
        insta::assert_snapshot!(md(body).html);
    }
}
