//! A plan point (`content/points/*.md`): number, block, title, summary and its text.

use super::{BlockId, Located};
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
    /// The point in each plan version, keyed by version id.
    #[serde(default)]
    versions: BTreeMap<String, RawVersionEntry>,
}

/// A point as one version of the plan has it.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(rename = "VersionEntry", deny_unknown_fields)]
struct RawVersionEntry {
    /// The point's number in that version.
    number: Option<u32>,
    /// Its wording in that version, in our words or a short attributed quote.
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

pub(crate) const KEYS: &[&str] = &["number", "block", "title", "summary", "versions"];
pub(crate) const VERSION_KEYS: &[&str] =
    &["number", "text", "confidence", "note", "status", "into"];

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
    pub text: Option<String>,
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
}

impl Point {
    /// The point's entry in a version: as listed, or for the base version when not listed,
    /// present under its own number with its body as text; `None`: not known.
    pub fn entry(&self, id: &str, is_base: bool) -> Option<VersionEntry> {
        match self.versions.get(id) {
            Some(e) => {
                let mut e = e.clone();
                if is_base && e.presence == Presence::Present {
                    e.number = e.number.or(Some(self.number));
                    e.text = e
                        .text
                        .or_else(|| Some(self.body_markdown.trim().to_string()));
                }
                Some(e)
            }
            None if is_base => Some(VersionEntry {
                presence: Presence::Present,
                number: Some(self.number),
                text: Some(self.body_markdown.trim().to_string()),
                confidence: None,
                note: None,
                line: None,
            }),
            None => None,
        }
    }

    /// The point's number in a version, when it stands there under a number.
    pub fn number_in(&self, id: &str, is_base: bool) -> Option<u32> {
        self.entry(id, is_base)
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
        if diags.len() > before {
            return None;
        }
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
        })
    }
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
        let nearest = ids
            .iter()
            .map(|v| (strsim::damerau_levenshtein(v, id), *v))
            .filter(|(d, v)| *d <= 2.max(v.len() / 3))
            .min()
            .map_or(String::new(), |(_, v)| format!("did you mean \"{v}\"? "));
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
    Some(VersionEntry {
        presence,
        number: raw.number,
        text: trimmed(raw.text),
        confidence: trimmed(raw.confidence),
        note: trimmed(raw.note),
        line: at.line(&field),
    })
}
