//! The glossary (`content/glossary.md`): terms readers may not know, each with an id (its
//! anchor on `glossary/`), other names and a definition. Links may name a term's anchor
//! (`glossary.md#e3`), and a link to a term that does not exist is an error.

use super::Located;
use crate::diagnostics::Diagnostic;
use schemars::JsonSchema;
use serde::Deserialize;
use std::path::PathBuf;

/// The glossary's front matter.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(title = "Glossary front matter", deny_unknown_fields)]
pub(crate) struct RawGlossary {
    /// The page's heading (default: the theme's "Glossary").
    title: Option<String>,
    /// The terms, in the order shown.
    #[serde(default)]
    #[schemars(with = "Option<Vec<RawTerm>>")]
    terms: Vec<RawTerm>,
}

/// One term.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(rename = "Term", deny_unknown_fields)]
struct RawTerm {
    /// The term as readers meet it, e.g. "E3".
    #[schemars(extend("pattern" = "\\S"))]
    term: String,
    /// Its anchor on the glossary page (default: the term, slugified).
    id: Option<String>,
    /// Other names for it.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    aliases: Vec<String>,
    /// What it means, in a sentence or two.
    #[schemars(extend("pattern" = "\\S"))]
    definition: String,
}

pub(crate) const KEYS: &[&str] = &["title", "terms"];
pub(crate) const TERM_KEYS: &[&str] = &["term", "id", "aliases", "definition"];

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Term {
    pub id: String,
    pub term: String,
    pub aliases: Vec<String>,
    pub definition: String,
}

#[derive(Debug, Clone)]
pub struct Glossary {
    pub title: Option<String>,
    pub terms: Vec<Term>,
    pub path: PathBuf,
    pub body_markdown: String,
    pub body_line: usize,
}

impl Glossary {
    pub(crate) fn from_raw(
        raw: RawGlossary,
        at: &Located<'_>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Glossary> {
        let mut terms: Vec<Term> = Vec::new();
        let before = diags.len();
        for (i, t) in raw.terms.into_iter().enumerate() {
            let term = t.term.trim().to_string();
            let definition = t.definition.trim().to_string();
            if term.is_empty() {
                diags.push(at.error(&format!("terms[{i}].term"), "empty term".into()));
                continue;
            }
            if definition.is_empty() {
                let message = "empty definition; expected what the term means".into();
                diags.push(at.error(&format!("terms[{i}].definition"), message));
                continue;
            }
            let id =
                t.id.map_or_else(|| super::slugify(&term), |i| i.trim().to_string());
            if !super::is_slug(&id) {
                let message = format!(
                    "\"{id}\" is not a valid term id; expected lower-case letters, digits and hyphens"
                );
                diags.push(at.error(&format!("terms[{i}].id"), message));
                continue;
            }
            if let Some(other) = terms.iter().find(|o| o.id == id) {
                let message = format!("duplicate term id \"{id}\" (also \"{}\")", other.term);
                diags.push(at.error(&format!("terms[{i}].id"), message));
                continue;
            }
            terms.push(Term {
                id,
                term,
                aliases: t.aliases.iter().map(|a| a.trim().to_string()).collect(),
                definition,
            });
        }
        (diags.len() == before).then(|| Glossary {
            title: raw
                .title
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty()),
            terms,
            path: at.path.to_path_buf(),
            body_markdown: at.body.to_string(),
            body_line: at.body_line,
        })
    }
}
