//! A plan point (`content/points/*.md`): number, block, title, summary and its text.

use super::{BlockId, Date, Located};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A plan point's front matter (`content/points/*.md`).
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(title = "Point front matter", deny_unknown_fields)]
pub(crate) struct RawPoint {
    /// The point's number, unique in the plan; shown as "Point N".
    number: u32,
    /// The id of the block in `briefing.yaml` the point belongs to.
    block: BlockId,
    /// The point's title.
    title: String,
    /// What the point provides, in one line.
    summary: Option<String>,
    /// The version (its id) or the date from which the point exists; before it the point is
    /// absent from snapshots and counts.
    since: Option<String>,
    /// The point in each plan version, keyed by version id.
    #[serde(default)]
    #[schemars(with = "Option<BTreeMap<String, RawVersionEntry>>")]
    versions: BTreeMap<String, RawVersionEntry>,
}

/// A point as one version of the plan has it.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(rename = "VersionEntry", deny_unknown_fields)]
struct RawVersionEntry {
    /// The point's number in that version.
    number: Option<u32>,
    /// The version's own words, verbatim (shown in quotation marks with their source).
    quote: Option<String>,
    /// Where the quote was read (default: the version's source).
    source: Option<RawQuoteSource>,
    /// The point in that version in the editors' words (labelled "our summary").
    summary: Option<String>,
    /// How the point changed from the version this one revises, as a source states it:
    /// same, changed, moved, added or removed.
    #[schemars(extend("enum" = ["same", "changed", "moved", "added", "removed", null]))]
    change: Option<String>,
    /// Replaced by `quote` and `summary`; read only to say so.
    #[schemars(skip)]
    text: Option<String>,
    /// How sure the mapping is, e.g. high, medium or low.
    confidence: Option<String>,
    /// A remark on the mapping.
    note: Option<String>,
    /// present (default), unknown (text not public), deleted, merged (with `into`) or absent.
    #[schemars(extend("enum" = ["present", "unknown", "deleted", "merged", "absent", null]))]
    status: Option<String>,
    /// The point of that version this one was merged into.
    into: Option<u32>,
}

/// Where a quoted wording was read.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(rename = "QuoteSource", deny_unknown_fields)]
struct RawQuoteSource {
    /// The outlet or document.
    name: String,
    /// Its address.
    url: Option<String>,
}

pub(crate) const KEYS: &[&str] = &["number", "block", "title", "summary", "since", "versions"];
pub(crate) const VERSION_KEYS: &[&str] = &[
    "number",
    "quote",
    "source",
    "summary",
    "change",
    "confidence",
    "note",
    "status",
    "into",
];

/// The words a version entry gives for the point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wording {
    /// The version's own words, verbatim, and where they were read (`None`: the version's
    /// source).
    Quote {
        text: String,
        source: Option<crate::config::VersionSource>,
    },
    /// The editors' words.
    Summary(String),
}

impl Wording {
    pub fn text(&self) -> &str {
        match self {
            Wording::Quote { text, .. } | Wording::Summary(text) => text,
        }
    }
}

/// How a point changed from the version an entry's version revises, as the editor states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatedChange {
    Same,
    Changed,
    /// Kept, under another number.
    Moved,
    Added,
    Removed,
}

impl StatedChange {
    /// The key as written in `change:`.
    pub fn key(self) -> &'static str {
        match self {
            StatedChange::Same => "same",
            StatedChange::Changed => "changed",
            StatedChange::Moved => "moved",
            StatedChange::Added => "added",
            StatedChange::Removed => "removed",
        }
    }
}

/// The keys `change:` takes, in the order messages list them.
const CHANGES: &[&str] = &["same", "changed", "moved", "added", "removed"];

/// Whether and how a point stands in one version of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// In the version, with a number and (maybe) a text.
    Present,
    /// In the version, but its text is not public.
    Unknown,
    /// Dropped from the version.
    Deleted,
    /// Folded into this point of the version.
    Merged(u32),
    /// Not part of the version (a point that only later versions have).
    Absent,
}

/// A point as one version numbers and words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionEntry {
    pub presence: Presence,
    /// The point's number in that version.
    pub number: Option<u32>,
    pub wording: Option<Wording>,
    /// The change from the version this one revises, as stated (`None`: not stated).
    pub change: Option<StatedChange>,
    /// How sure the sources are ("high", "as reported, single source", …), as written.
    pub confidence: Option<String>,
    pub note: Option<String>,
    /// File line of the entry.
    pub line: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Point {
    pub number: u32,
    pub block: BlockId,
    pub title: String,
    pub summary: String,
    /// Source file, relative to the site root.
    pub path: PathBuf,
    /// File line of the `number` key.
    pub number_line: Option<usize>,
    /// The body, as Markdown (its HTML is the Markdown stage's own value).
    pub body_markdown: String,
    pub body_line: usize,
    /// The point in each version of the plan, by version id (a version not listed: not known).
    pub versions: BTreeMap<String, VersionEntry>,
    /// The day from which the point exists (`None`: from the start).
    pub since: Option<Date>,
    /// The version `since` names, when it names one.
    pub since_version: Option<String>,
}

impl Point {
    /// Whether the point exists on a day (it does from its `since`).
    pub fn exists_on(&self, day: Date) -> bool {
        self.since.is_none_or(|since| since <= day)
    }

    /// The point's entry in a version: as listed, or for the base version when not listed,
    /// present under its own number with its body as the editors' summary; absent in a
    /// version dated before the point's `since`; `None`: not known.
    pub fn entry(&self, version: &crate::config::Version, is_base: bool) -> Option<VersionEntry> {
        let body = || Wording::Summary(self.body_markdown.trim().to_string());
        match self.versions.get(&version.id) {
            Some(e) => {
                let mut e = e.clone();
                if is_base && e.presence == Presence::Present {
                    e.number = e.number.or(Some(self.number));
                    e.wording = e.wording.or_else(|| Some(body()));
                }
                Some(e)
            }
            None if version.date.is_some_and(|d| !self.exists_on(d)) => Some(VersionEntry {
                presence: Presence::Absent,
                number: None,
                wording: None,
                change: None,
                confidence: None,
                note: None,
                line: None,
            }),
            None if is_base => Some(VersionEntry {
                presence: Presence::Present,
                number: Some(self.number),
                wording: Some(body()),
                change: None,
                confidence: None,
                note: None,
                line: None,
            }),
            None => None,
        }
    }

    /// The point's number in a version, when it stands there under a number.
    pub fn number_in(&self, version: &crate::config::Version, is_base: bool) -> Option<u32> {
        self.entry(version, is_base)
            .filter(|e| matches!(e.presence, Presence::Present | Presence::Unknown))
            .and_then(|e| e.number)
    }

    pub(crate) fn from_raw(
        raw: RawPoint,
        at: &Located<'_>,
        config: &Config,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Point> {
        if config.block(&raw.block).is_none() {
            let known: Vec<&str> = config.plan.blocks.iter().map(|b| b.id.0.as_str()).collect();
            let expected = if known.is_empty() {
                "briefing.yaml defines no blocks under plan.blocks".to_string()
            } else {
                format!("expected one of {}", known.join(", "))
            };
            diags.push(at.error(
                "block",
                format!("unknown block \"{}\"; {expected}", raw.block),
            ));
            return None;
        }
        if raw.title.trim().is_empty() {
            diags.push(at.error("title", "empty title; expected a short title".to_string()));
            return None;
        }
        let before = diags.len();
        let versions = raw
            .versions
            .into_iter()
            .filter_map(|(id, entry)| {
                let entry = version_entry(&id, entry, at, config, diags)?;
                Some((id, entry))
            })
            .collect();
        let since = raw
            .since
            .as_deref()
            .and_then(|s| since(s, at, config, diags));
        if diags.len() > before {
            return None;
        }
        let (since, since_version) = since.unzip();
        Some(Point {
            number: raw.number,
            block: raw.block,
            title: raw.title.trim().to_string(),
            summary: raw.summary.unwrap_or_default().trim().to_string(),
            path: at.path.to_path_buf(),
            number_line: at.line("number"),
            body_markdown: at.body.to_string(),
            body_line: at.body_line,
            versions,
            since,
            since_version: since_version.flatten(),
        })
    }
}

/// A point's `since`: a declared version (its date) or a date; `None` after reporting why not.
fn since(
    written: &str,
    at: &Located<'_>,
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Date, Option<String>)> {
    let written = written.trim();
    if let Some(version) = config.version(written) {
        return match version.date {
            Some(date) => Some((date, Some(version.id.clone()))),
            None => {
                let message = format!(
                    "version \"{written}\" has no date; give it a `date` in briefing.yaml, or give `since` a date"
                );
                diags.push(at.error("since", message));
                None
            }
        };
    }
    if let Some(date) = Date::parse(written).ok().filter(Date::is_full) {
        return Some((date, None));
    }
    let ids: Vec<&str> = config.plan.versions.iter().map(|v| v.id.as_str()).collect();
    let message = format!(
        "unknown version or date \"{written}\" in `since`; {}expected a version id ({}) or a date YYYY-MM-DD",
        nearest(&ids, written),
        if ids.is_empty() {
            "none declared".to_string()
        } else {
            ids.join(", ")
        },
    );
    diags.push(at.error("since", message));
    None
}

/// "did you mean …? " for the id nearest to `written`, or nothing.
fn nearest(ids: &[&str], written: &str) -> String {
    ids.iter()
        .map(|v| (strsim::damerau_levenshtein(v, written), *v))
        .filter(|(d, v)| *d <= 2.max(v.len() / 3))
        .min()
        .map_or(String::new(), |(_, v)| format!("did you mean \"{v}\"? "))
}

/// Checks one `versions` entry against the declared versions.
fn version_entry(
    id: &str,
    raw: RawVersionEntry,
    at: &Located<'_>,
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) -> Option<VersionEntry> {
    let field = format!("versions.{id}");
    if config.version(id).is_none() {
        let ids: Vec<&str> = config.plan.versions.iter().map(|v| v.id.as_str()).collect();
        let nearest = nearest(&ids, id);
        let expected = if ids.is_empty() {
            "briefing.yaml declares no plan.versions".to_string()
        } else {
            format!("expected one of {}", ids.join(", "))
        };
        diags.push(at.error(
            &field,
            format!("unknown version \"{id}\"; {nearest}{expected}"),
        ));
        return None;
    }
    let presence = match (raw.status.as_deref().map(str::trim), raw.into) {
        (None | Some("present"), _) => Presence::Present,
        (Some("unknown"), _) => Presence::Unknown,
        (Some("deleted"), _) => Presence::Deleted,
        (Some("absent"), _) => Presence::Absent,
        (Some("merged"), Some(into)) => Presence::Merged(into),
        (Some("merged"), None) => {
            diags.push(at.error(
                &format!("{field}.into"),
                "a merged point needs `into`: the number of the point it was merged into".into(),
            ));
            return None;
        }
        (Some(other), _) => {
            diags.push(at.error(
                &format!("{field}.status"),
                format!("unknown version status \"{other}\"; expected one of present, unknown, deleted, merged, absent"),
            ));
            return None;
        }
    };
    let trimmed = |s: Option<String>| s.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    if raw.text.is_some() {
        diags.push(at.error(
            &format!("{field}.text"),
            "`text` is no longer read; write `quote:` for the version's own words, verbatim \
             (with `source:` where they were read), or `summary:` for the point in the editors' words"
                .into(),
        ));
        return None;
    }
    let wording = match (trimmed(raw.quote), trimmed(raw.summary)) {
        (Some(_), Some(_)) => {
            diags.push(at.error(
                &format!("{field}.summary"),
                "both `quote` and `summary`; expected one: the version's own words or ours".into(),
            ));
            return None;
        }
        (Some(text), None) => Some(Wording::Quote {
            text,
            source: raw.source.map(|s| crate::config::VersionSource {
                name: s.name.trim().to_string(),
                url: trimmed(s.url),
            }),
        }),
        (None, summary) => summary.map(Wording::Summary),
    };
    let change = match raw.change.as_deref().map(str::trim) {
        None => None,
        Some("same") => Some(StatedChange::Same),
        Some("changed") => Some(StatedChange::Changed),
        Some("moved") => Some(StatedChange::Moved),
        Some("added") => Some(StatedChange::Added),
        Some("removed") => Some(StatedChange::Removed),
        Some(other) => {
            diags.push(at.error(
                &format!("{field}.change"),
                format!(
                    "unknown change \"{other}\"; {}expected one of {}",
                    nearest(CHANGES, other),
                    CHANGES.join(", ")
                ),
            ));
            return None;
        }
    };
    Some(VersionEntry {
        presence,
        number: raw.number,
        wording,
        change,
        confidence: trimmed(raw.confidence),
        note: trimmed(raw.note),
        line: at.line(&field),
    })
}
