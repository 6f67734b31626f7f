//! A plan point (`content/points/*.md`): number, block, title, summary and its text.

use super::{BlockId, Located};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Debug, Deserialize)]
pub(crate) struct RawPoint {
    number: u32,
    block: BlockId,
    title: String,
    summary: Option<String>,
}

pub(crate) const KEYS: &[&str] = &["number", "block", "title", "summary"];

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
}

impl Point {
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
        Some(Point {
            number: raw.number,
            block: raw.block,
            title: raw.title.trim().to_string(),
            summary: raw.summary.unwrap_or_default().trim().to_string(),
            path: at.path.to_path_buf(),
            number_line: at.line("number"),
            body_markdown: at.body.to_string(),
            body_line: at.body_line,
        })
    }
}
