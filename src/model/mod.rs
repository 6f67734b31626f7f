//! The validated content model: points, articles, their events and status claims, and the
//! loaded `Site`. Raw front matter is turned into these types by `from_raw`, which checks each
//! file's own values (known block, known status, dates); `checks` does the checks across files
//! (unique numbers and slugs, points that exist). No I/O, no Tera.

mod article;
mod checks;
mod claim;
mod glossary;
mod person;
mod point;
mod scalars;
mod site;

pub(crate) use article::RawArticle;
pub use article::{Article, Event, Source, Tag};
pub use checks::cross_check;
pub use claim::Claim;
pub(crate) use glossary::RawGlossary;
pub use glossary::{Glossary, Term};
pub(crate) use person::RawPerson;
pub use person::{Person, Role};
pub(crate) use point::RawPoint;
pub use point::{Point, Presence, StatedChange, VersionEntry, Wording};
pub use scalars::{BlockId, Date, PointRefs, is_slug, slugify};
pub(crate) use site::RawHome;
pub use site::{
    Change, FileDiagnostics, Files, Home, Reuse, Site, SourceFile, TouchedClaim, load,
    parse_article, parse_point,
};
#[cfg(test)]
pub(crate) use {
    article::known_keys as article_keys,
    glossary::{KEYS as GLOSSARY_KEYS, TERM_KEYS},
    person::{KEYS as PERSON_KEYS, ROLE_KEYS},
    point::{KEYS as POINT_KEYS, VERSION_KEYS},
    site::home_keys,
};

use serde::Serialize;

/// A status key checked against the configured vocabulary (never an enum: statuses are data).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct StatusKey(String);

impl StatusKey {
    pub fn new(key: &str) -> Self {
        StatusKey(key.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where a file's front matter sits, so later checks can point at a field's line.
pub(crate) struct Located<'a> {
    pub path: &'a std::path::Path,
    pub text: &'a str,
    pub yaml: &'a str,
    pub yaml_line: usize,
    /// The Markdown after the front matter, and the file line it starts on.
    pub body: &'a str,
    pub body_line: usize,
}

impl Located<'_> {
    /// The file line and value column of `field` (a path like `points[0].status`).
    pub fn position(&self, field: &str) -> (Option<usize>, Option<usize>) {
        match crate::front_matter::locate(self.yaml, field) {
            Some((line, column)) => (Some(line + self.yaml_line - 1), column),
            None => (None, None),
        }
    }

    pub fn line(&self, field: &str) -> Option<usize> {
        self.position(field).0
    }

    pub fn error(&self, field: &str, message: String) -> crate::diagnostics::Diagnostic {
        let (line, column) = self.position(field);
        crate::diagnostics::Diagnostic::error(self.path, message)
            .at(line, column)
            .field(field)
            .with_source(self.text)
    }
}
