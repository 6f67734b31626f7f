//! An article (`content/articles/**/*.md`) with its sources, dated events and status claims.

use super::claim::{RawClaim, claim_from_raw};
use super::{Claim, Date, Located, PointRefs, is_slug, slugify};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// An article's front matter (`content/articles/**/*.md`).
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(title = "Article front matter", deny_unknown_fields)]
pub(crate) struct RawArticle {
    /// The article's headline.
    title: String,
    /// Publication date, YYYY-MM-DD.
    date: Date,
    /// One or two sentences, shown in lists, search results and the feed.
    summary: Option<String>,
    /// The article's address (default: the file name without its date).
    slug: Option<String>,
    /// Drafts are left out unless the build is run with `--drafts`.
    #[serde(default)]
    draft: bool,
    /// Subjects, each with its own page.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    tags: Vec<String>,
    /// Where the article's facts come from.
    #[serde(default)]
    #[schemars(with = "Option<Vec<RawSource>>")]
    sources: Vec<RawSource>,
    /// Dated happenings the article reports; they make the timeline.
    #[serde(default)]
    #[schemars(with = "Option<Vec<RawEvent>>")]
    events: Vec<RawEvent>,
    /// Positions on plan points the article reports.
    #[serde(default)]
    #[schemars(with = "Option<Vec<RawClaim>>")]
    points: Vec<RawClaim>,
}

/// A source the article cites.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(rename = "Source", deny_unknown_fields)]
struct RawSource {
    /// The outlet or document.
    #[schemars(extend("pattern" = "\\S"))]
    name: String,
    /// Its address: an http or https URL.
    #[schemars(extend("pattern" = "^https?://"))]
    url: Option<String>,
    /// When it was published.
    date: Option<Date>,
    /// What it is: primary (the speaker's own text or transcript), report (a news report) or
    /// analysis (a reading by a think tank or a columnist).
    #[schemars(extend("enum" = ["primary", "report", "analysis", null]))]
    kind: Option<String>,
    /// The address of an archived copy, read by the editors.
    #[schemars(extend("pattern" = "^https?://"))]
    archive: Option<String>,
    /// When the editors read it.
    accessed: Option<Date>,
}

/// The kinds a source may be, in the order messages list them.
const SOURCE_KINDS: &[&str] = &["primary", "report", "analysis"];

/// A dated happening.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(rename = "Event", deny_unknown_fields)]
struct RawEvent {
    /// When it happened: YYYY-MM-DD, or YYYY-MM for some time in that month.
    date: Date,
    /// What happened.
    title: String,
    /// Where.
    place: Option<String>,
    /// Who took part.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    actors: Vec<String>,
    /// The plan points it concerns.
    #[serde(default)]
    points: PointRefs,
}

/// Keys each mapping of an article's front matter takes, by parent path.
pub(crate) fn known_keys(parent: &str) -> &'static [&'static str] {
    match parent {
        "" => &[
            "title", "date", "summary", "slug", "draft", "tags", "sources", "events", "points",
        ],
        "sources[]" => &["name", "url", "date", "kind", "archive", "accessed"],
        "events[]" => &["date", "title", "place", "actors", "points"],
        "points[]" => &[
            "point",
            "status",
            "claimed_by",
            "party",
            "date",
            "note",
            "part",
            "updated",
            "by",
        ],
        _ => &[],
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tag {
    pub name: String,
    pub slug: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub name: String,
    pub url: Option<String>,
    pub date: Option<Date>,
    /// `primary`, `report` or `analysis`.
    pub kind: Option<String>,
    /// An archived copy's address.
    pub archive: Option<String>,
    pub accessed: Option<Date>,
}

/// A dated happening reported by an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub date: Date,
    pub title: String,
    pub place: Option<String>,
    pub actors: Vec<String>,
    pub points: Vec<u32>,
    /// File line and column of the event's `points` value (or the event), for later
    /// cross-checks.
    pub line: Option<usize>,
    pub column: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Article {
    /// Source file, relative to the site root.
    pub path: PathBuf,
    pub slug: String,
    /// File line of the `slug` key, when the slug was given.
    pub slug_line: Option<usize>,
    pub title: String,
    pub date: Date,
    pub summary: String,
    pub draft: bool,
    pub tags: Vec<Tag>,
    pub sources: Vec<Source>,
    pub events: Vec<Event>,
    pub claims: Vec<Claim>,
    /// The body, as Markdown (its HTML is the Markdown stage's own value).
    pub body_markdown: String,
    pub body_line: usize,
}

impl Article {
    /// True when everything other pages show of the article (title, date, summary, tags,
    /// sources, events, claims, slug, draft) is the same; only its own page then changes.
    pub fn same_listing(&self, other: &Article) -> bool {
        self.same_apart_from_claims(other) && self.claims == other.claims
    }

    /// `same_listing`, the claims aside.
    pub fn same_apart_from_claims(&self, other: &Article) -> bool {
        self.slug == other.slug
            && self.title == other.title
            && self.date == other.date
            && self.summary == other.summary
            && self.draft == other.draft
            && self.tags == other.tags
            && self.sources == other.sources
            && self.events == other.events
    }

    /// The claims one of the two articles makes and the other does not, point by point.
    pub fn claims_changed(&self, other: &Article) -> Vec<super::TouchedClaim> {
        let only_in = |a: &'_ Article, b: &Article| {
            a.claims
                .iter()
                .filter(|c| !b.claims.contains(c))
                .flat_map(|c| {
                    c.points.iter().map(|&point| super::TouchedClaim {
                        point,
                        party: c.party.clone(),
                        date: c.date,
                    })
                })
                .collect::<Vec<_>>()
        };
        let mut touched = only_in(self, other);
        touched.extend(only_in(other, self));
        touched
    }

    pub(crate) fn from_raw(
        raw: RawArticle,
        at: &Located<'_>,
        config: &Config,
        people: &[super::Person],
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Article> {
        let before = diags.len();
        let given_slug = raw.slug.is_some();
        let slug = article_slug(raw.slug.as_deref(), at, diags);
        if raw.title.trim().is_empty() {
            diags.push(at.error(
                "title",
                "empty title; expected the article's headline".into(),
            ));
        }
        if !raw.date.is_full() {
            diags.push(at.error(
                "date",
                format!(
                    "\"{}\" is a month; an article's date must be a full YYYY-MM-DD date",
                    raw.date
                ),
            ));
        }
        let tags = tags_from_raw(raw.tags, at, diags);
        let sources = sources_from_raw(raw.sources, at, diags);
        let events = raw
            .events
            .into_iter()
            .enumerate()
            .map(|(i, e)| event_from_raw(i, e, at))
            .collect();
        let claims = raw
            .points
            .into_iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let cx = super::claim::ClaimContext {
                    article_date: raw.date,
                    at,
                    config,
                    people,
                };
                claim_from_raw(i, c, &cx, diags)
            })
            .collect();
        if diags.len() > before {
            return None;
        }
        Some(Article {
            path: at.path.to_path_buf(),
            slug: slug?,
            // Found only for a slug that was given: the key is not looked for in every file.
            slug_line: given_slug.then(|| at.line("slug")).flatten(),
            title: raw.title.trim().to_string(),
            date: raw.date,
            summary: raw.summary.unwrap_or_default().trim().to_string(),
            draft: raw.draft,
            tags,
            sources,
            events,
            claims,
            // `parse_article` moves the file's text in.
            body_markdown: String::new(),
            body_line: at.body_line,
        })
    }
}

fn article_slug(
    given: Option<&str>,
    at: &Located<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let (slug, origin) = match given {
        Some(s) => (s.trim().to_string(), "slug"),
        None => (
            at.path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            "",
        ),
    };
    if is_slug(&slug) {
        return Some(slug);
    }
    let message = format!(
        "slug \"{slug}\" is not valid; expected lower-case ASCII letters, digits and single hyphens{}",
        if origin.is_empty() {
            " (it comes from the file name; rename the file or set `slug:`)"
        } else {
            ""
        }
    );
    diags.push(if origin.is_empty() {
        Diagnostic::error(at.path, message)
    } else {
        at.error(origin, message)
    });
    None
}

fn tags_from_raw(raw: Vec<String>, at: &Located<'_>, diags: &mut Vec<Diagnostic>) -> Vec<Tag> {
    let mut tags: Vec<Tag> = Vec::new();
    for (i, name) in raw.into_iter().enumerate() {
        let slug = slugify(&name);
        if slug.is_empty() {
            diags.push(at.error(
                &format!("tags[{i}]"),
                format!("tag \"{name}\" has no letters or digits to make a slug from"),
            ));
        } else if !tags.iter().any(|t| t.slug == slug) {
            tags.push(Tag {
                name: name.trim().to_string(),
                slug,
            });
        }
    }
    tags
}

fn sources_from_raw(
    raw: Vec<RawSource>,
    at: &Located<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Source> {
    let mut out = Vec::new();
    let web = |u: &String| u.starts_with("https://") || u.starts_with("http://");
    for (i, s) in raw.into_iter().enumerate() {
        let url = s.url.map(|u| u.trim().to_string());
        let archive = s.archive.map(|u| u.trim().to_string());
        let mut ok = true;
        for (key, value) in [("url", &url), ("archive", &archive)] {
            if let Some(u) = value.as_ref().filter(|u| !web(u)) {
                diags.push(at.error(
                    &format!("sources[{i}].{key}"),
                    format!(
                        "\"{u}\" is not a web address; expected a URL starting with https:// or http://"
                    ),
                ));
                ok = false;
            }
        }
        let kind = s.kind.map(|k| k.trim().to_string());
        if let Some(k) = kind
            .as_ref()
            .filter(|k| !SOURCE_KINDS.contains(&k.as_str()))
        {
            diags.push(at.error(
                &format!("sources[{i}].kind"),
                format!(
                    "unknown source kind \"{k}\"; expected one of {}",
                    SOURCE_KINDS.join(", ")
                ),
            ));
            ok = false;
        }
        if ok {
            out.push(Source {
                name: s.name.trim().to_string(),
                url,
                date: s.date,
                kind,
                archive,
                accessed: s.accessed,
            });
        }
    }
    out
}

fn event_from_raw(i: usize, raw: RawEvent, at: &Located<'_>) -> Event {
    let (line, column) = match at.position(&format!("events[{i}].points")) {
        (Some(line), column) => (Some(line), column),
        (None, _) => at.position(&format!("events[{i}]")),
    };
    Event {
        date: raw.date,
        title: raw.title.trim().to_string(),
        place: raw
            .place
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty()),
        actors: raw
            .actors
            .into_iter()
            .map(|a| a.trim().to_string())
            .collect(),
        points: raw.points.0,
        line,
        column,
    }
}

#[cfg(test)]
impl Article {
    /// A minimal article for unit tests: published, dated 7 December 2025, nothing else.
    pub fn for_test(path: &str, slug: &str) -> Article {
        Article {
            path: path.into(),
            slug: slug.into(),
            slug_line: None,
            title: path.into(),
            date: Date::ymd(2025, 12, 7).expect("a valid day"),
            summary: String::new(),
            draft: false,
            tags: vec![],
            sources: vec![],
            events: vec![],
            claims: vec![],
            body_markdown: String::new(),
            body_line: 0,
        }
    }
}
