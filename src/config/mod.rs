//! `briefing.yaml` → `Config`: site settings, the plan's blocks and the status vocabulary,
//! with defaults for every key. Knows no real plan: blocks and statuses are whatever the file
//! says, and `unknown` is added when the list omits it.

use crate::diagnostics::{self, Diagnostic, Error};
use crate::front_matter;
use crate::i18n::Strings;
use crate::model::{BlockId, StatusKey};

mod raw;
mod resolve;

pub(crate) use raw::{RawConfig, RawEdition, known_keys};
use resolve::from_raw;
use std::path::{Path, PathBuf};

/// The site settings file, relative to the site root.
pub const FILE: &str = crate::links::SETTINGS;

/// The status a point shows when nothing has been claimed about it.
pub const UNKNOWN_STATUS: &str = "unknown";

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute URL of the site, ending with `/`; used for feed, sitemap and canonical links.
    pub base_url: Option<String>,
    pub language: String,
    /// The feeds' author (the title unless `author` says).
    pub author: String,
    /// The tagging entity of every id others store (`tag_authority`, or the fallback).
    pub tag_authority: String,
    pub plan: Plan,
    /// The statuses, ordered from most to least settled.
    pub statuses: Vec<Status>,
    /// The sides whose agreement a point needs, in column order; empty when not declared.
    pub parties: Vec<Party>,
    pub allow_raw_html: bool,
    /// `check --external`: the address prefixes not asked, and the seconds to wait for one.
    pub link_skip: Vec<String>,
    pub link_timeout: u64,
    /// The theme's words in `language` (with the site's own overrides).
    pub strings: crate::i18n::Strings,
    /// The other editions (`languages:`), in the order of their codes.
    pub editions: Vec<Edition>,
}

/// Another language the briefing is published in: its code, the theme's words in it and its
/// translations of the settings' texts.
#[derive(Debug, Clone, PartialEq)]
pub struct Edition {
    pub code: String,
    pub strings: crate::i18n::Strings,
    pub(crate) texts: RawEdition,
}

/// A side of the negotiation: its name, a short label for narrow columns, other names.
#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    /// The name claims' `party` resolve to (the key of the party's column and data).
    pub name: String,
    /// The name readers see: `name`, or an edition's translation of it.
    pub shown: String,
    pub short: String,
    pub aliases: Vec<String>,
}

impl Party {
    fn answers_to(&self, wanted: &str) -> bool {
        std::iter::once(&self.name)
            .chain(&self.aliases)
            .any(|n| fold(n) == wanted)
    }
}

/// A party name compared loosely: lower case, runs of white space as one space.
fn fold(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub title: String,
    pub blocks: Vec<Block>,
    /// The plan's versions, oldest first (empty when none are declared).
    pub versions: Vec<Version>,
    /// The index in `versions` of the base version (the first unless `base_version` says).
    pub base: usize,
}

/// One version of the plan: a draft, a counter-proposal, a revision.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    /// A lower-case slug, used in URLs and in points' `versions`.
    pub id: String,
    pub title: String,
    pub date: Option<crate::model::Date>,
    /// The index of the version this one revises (`None` for the first).
    pub from: Option<usize>,
    /// How many points the version was reported to have.
    pub points: Option<u32>,
    pub source: Option<VersionSource>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionSource {
    pub name: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub id: BlockId,
    pub title: String,
    pub summary: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub key: StatusKey,
    pub label: String,
    pub meaning: String,
}

impl Config {
    pub fn status(&self, key: &str) -> Option<&Status> {
        self.statuses.iter().find(|s| s.key.as_str() == key)
    }

    pub fn block(&self, id: &BlockId) -> Option<&Block> {
        self.plan.blocks.iter().find(|b| &b.id == id)
    }

    /// Status keys in their configured order, for messages.
    pub fn status_keys(&self) -> String {
        let keys: Vec<&str> = self.statuses.iter().map(|s| s.key.as_str()).collect();
        keys.join(", ")
    }

    /// The status with `key`, or `unknown` for a key the vocabulary lacks.
    pub fn status_or_unknown(&self, key: &str) -> &Status {
        self.status(key).unwrap_or_else(|| self.unknown_status())
    }

    /// The declared party a claim's `party` names (by name or alias, case and spacing
    /// ignored), or the message saying what was expected.
    pub fn party(&self, written: &str) -> Result<&Party, String> {
        let wanted = fold(written);
        if let Some(p) = self.parties.iter().find(|p| p.answers_to(&wanted)) {
            return Ok(p);
        }
        let names: Vec<&str> = self.parties.iter().map(|p| p.name.as_str()).collect();
        let nearest = self
            .parties
            .iter()
            .flat_map(|p| {
                std::iter::once(&p.name)
                    .chain(&p.aliases)
                    .map(move |n| (n, p))
            })
            .map(|(n, p)| (strsim::damerau_levenshtein(&fold(n), &wanted), &p.name))
            .filter(|(d, _)| *d <= 3.max(wanted.len() / 3))
            .min();
        let hint = nearest.map_or(String::new(), |(_, n)| format!("did you mean \"{n}\"? "));
        Err(format!(
            "unknown party \"{}\"; {hint}expected one of {} (or no `party` for an observer)",
            written.trim(),
            names.join(", ")
        ))
    }

    /// The declared version with this id.
    pub fn version(&self, id: &str) -> Option<&Version> {
        self.plan.versions.iter().find(|v| v.id == id)
    }

    /// The base version, when versions are declared.
    pub fn base_version(&self) -> Option<&Version> {
        self.plan.versions.get(self.plan.base)
    }

    /// The position of a status in the configured order (0 = most settled).
    pub fn rank(&self, key: &str) -> usize {
        self.statuses
            .iter()
            .position(|s| s.key.as_str() == key)
            .unwrap_or(self.statuses.len())
    }

    /// The name readers see of the party claims call `name` (a translation in an edition).
    pub fn shown<'a>(&'a self, name: &'a str) -> &'a str {
        self.parties
            .iter()
            .find(|p| p.name == name)
            .map_or(name, |p| p.shown.as_str())
    }

    /// Every edition's language, the default first.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.language.as_str()).chain(self.editions.iter().map(|e| e.code.as_str()))
    }

    /// The settings as the edition `edition` (an index into `editions`) reads them: its
    /// language, its words and its translations of the texts (the rest as they are). Party
    /// names stay the keys claims are matched by; `Party::short` and `Party::shown` carry
    /// the translation.
    pub fn edition(&self, edition: usize) -> Config {
        use raw::Translated;
        let e = &self.editions[edition];
        let t = &e.texts;
        let mut c = self.clone();
        c.editions = Vec::new();
        c.language = e.code.clone();
        c.strings = e.strings.clone();
        let set = |to: &mut String, from: &Option<String>| {
            if let Some(text) = from.as_ref().filter(|s| !s.trim().is_empty()) {
                *to = text.trim().to_string();
            }
        };
        let set_optional = |to: &mut Option<String>, from: &Option<String>| {
            if let Some(text) = from.as_ref().filter(|s| !s.trim().is_empty()) {
                *to = Some(text.trim().to_string());
            }
        };
        set(&mut c.title, &t.title);
        set(&mut c.description, &t.description);
        if let Some(plan) = &t.plan {
            set(&mut c.plan.title, &plan.title);
        }
        for b in &mut c.plan.blocks {
            if let Some(f) = t.blocks.get(&b.id).map(Translated::fields) {
                set(&mut b.title, &f.title);
                set_optional(&mut b.summary, &f.summary);
            }
        }
        // An untranslated built-in status takes the edition's own words.
        let built_in = self.statuses_are_default();
        for s in &mut c.statuses {
            match t.statuses.get(s.key.as_str()).map(Translated::fields) {
                Some(f) => {
                    set(&mut s.label, &f.label);
                    set(&mut s.meaning, &f.meaning);
                }
                None if built_in => *s = default_status(s.key.as_str(), &e.strings),
                None => {}
            }
        }
        for p in &mut c.parties {
            if let Some(f) = t.parties.get(&p.name).map(Translated::fields) {
                set(&mut p.shown, &f.name);
                set(&mut p.short, &f.short);
            }
        }
        for v in &mut c.plan.versions {
            if let Some(f) = t.versions.get(&v.id).map(Translated::fields) {
                set(&mut v.title, &f.title);
                set_optional(&mut v.note, &f.note);
            }
        }
        c
    }

    /// Whether the statuses are the built-in ones in the default language's words.
    fn statuses_are_default(&self) -> bool {
        self.statuses == default_statuses(&self.strings)
    }

    pub fn unknown_status(&self) -> &Status {
        self.status(UNKNOWN_STATUS)
            .expect("load() always adds the unknown status")
    }
}

/// The tagging entity of a briefing without `tag_authority`: a reserved domain, so that no
/// one else's ids can collide with it by accident.
pub const FALLBACK_TAG_AUTHORITY: &str = "briefing.invalid,2025";

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Briefing".to_string(),
            description: String::new(),
            base_url: None,
            language: "en".to_string(),
            author: "Briefing".to_string(),
            tag_authority: FALLBACK_TAG_AUTHORITY.to_string(),
            plan: Plan {
                title: "The plan".to_string(),
                blocks: Vec::new(),
                versions: Vec::new(),
                base: 0,
            },
            statuses: default_statuses(&Strings::default()),
            parties: Vec::new(),
            allow_raw_html: false,
            link_skip: Vec::new(),
            link_timeout: 15,
            strings: Strings::default(),
            editions: Vec::new(),
        }
    }
}

/// The statuses a site gets when `briefing.yaml` lists none, in the site's language.
fn default_statuses(strings: &Strings) -> Vec<Status> {
    ["agreed", "open", "disputed", "rejected", UNKNOWN_STATUS]
        .into_iter()
        .map(|key| default_status(key, strings))
        .collect()
}

/// A status with the label and meaning the strings table gives its key (the key itself when
/// the table has none).
fn default_status(key: &str, strings: &Strings) -> Status {
    let label = strings.lookup(&format!("status_{key}")).unwrap_or(key);
    let meaning = strings.lookup(&format!("status_{key}_meaning"));
    Status {
        key: StatusKey::new(key),
        label: label.to_string(),
        meaning: meaning.unwrap_or_default().to_string(),
    }
}

/// Reads `<root>/briefing.yaml` if present. Problems in the file become diagnostics (and the
/// defaults stand in for what could not be read), so the rest of the site is still checked.
pub fn load(root: &Path) -> Result<(Config, Vec<Diagnostic>), Error> {
    let path = root.join(FILE);
    let text = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok((Config::default(), Vec::new()));
        }
        Err(e) => return Err(Error::read(path, e)),
    };
    let Ok(text) = String::from_utf8(text) else {
        let d = Diagnostic::error(FILE, "the file is not valid UTF-8 text");
        return Ok((Config::default(), vec![d]));
    };
    Ok(parse_with(&text, Some(root)))
}

/// Parses the text of `briefing.yaml` (with the embedded strings tables alone).
pub fn parse(text: &str) -> (Config, Vec<Diagnostic>) {
    parse_with(text, None)
}

/// What a site's own strings file for a language holds.
enum SiteStrings {
    None,
    /// Its root-relative path and text.
    Found(PathBuf, String),
    /// It could not be read.
    Unreadable(Diagnostic),
}

fn site_strings(root: &Path, language: &str) -> SiteStrings {
    let rel = Path::new(crate::links::I18N).join(format!("{language}.yaml"));
    match std::fs::read(root.join(&rel)) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => SiteStrings::Found(rel, text),
            Err(_) => {
                SiteStrings::Unreadable(Diagnostic::error(&rel, "the file is not valid UTF-8 text"))
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => SiteStrings::None,
        Err(e) => SiteStrings::Unreadable(Diagnostic::error(
            &rel,
            format!("cannot read the file: {e}"),
        )),
    }
}

/// Parses the text of `briefing.yaml`; the site at `root`, if any, may add a strings file.
fn parse_with(text: &str, root: Option<&Path>) -> (Config, Vec<Diagnostic>) {
    let text = front_matter::strip_bom(text);
    if text.trim().is_empty() {
        return (Config::default(), Vec::new());
    }
    match front_matter::parse_yaml::<RawConfig>(text, 1) {
        Ok((raw, unknown)) => {
            let mut diags: Vec<Diagnostic> = unknown
                .iter()
                .map(|k| diagnostics::unknown_key(Path::new(FILE), k, known_keys(&k.parent)))
                .collect();
            let config = from_raw(raw, text, root, &mut diags);
            (config, diags)
        }
        Err(e) => {
            let d = Diagnostic::error(FILE, e.message)
                .at(e.line, e.column)
                .field(e.field)
                .with_source(text);
            (Config::default(), vec![d])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_when_empty() {
        let (c, d) = parse("");
        assert!(d.is_empty());
        assert_eq!(c.status_keys(), "agreed, open, disputed, rejected, unknown");
    }

    #[test]
    fn own_statuses_replace_defaults_and_unknown_is_added() {
        let (c, d) = parse(
            "statuses:\n  - {key: signed, label: Signed}\n  - {key: pending, label: Pending}\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.status_keys(), "signed, pending, unknown");
        assert_eq!(c.unknown_status().label, "No statement found");
    }

    #[test]
    fn blocks_take_integers_or_strings() {
        let (c, d) = parse(
            "plan:\n  blocks:\n    - {id: 1, title: One}\n    - {id: tariffs, title: Tariffs}\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let ids: Vec<_> = c.plan.blocks.iter().map(|b| b.id.0.as_str()).collect();
        assert_eq!(ids, ["1", "tariffs"]);
    }

    #[test]
    fn unknown_key_warns_with_nearest_key() {
        let (c, d) = parse("titel: X\n");
        assert_eq!(c.title, "Briefing");
        assert_eq!(
            d[0].headline(),
            "briefing.yaml:1:1: titel: unknown key `titel` is ignored; did you mean `title`?"
        );
        assert!(!d[0].is_error());
    }

    #[test]
    fn malformed_yaml_is_an_error_with_a_line() {
        let (_, d) = parse("title: a\nplan: [\n");
        assert!(d[0].is_error());
        assert!(d[0].line.is_some(), "{d:?}");
    }

    #[test]
    fn parties_answer_to_names_and_aliases_and_suggest_the_nearest() {
        let (c, d) = parse(
            "parties:\n  - {name: United States, short: US, aliases: [Washington]}\n  - {name: Russia, aliases: [Kremlin]}\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.party("united  states").unwrap().short, "US");
        assert_eq!(c.party("Kremlin").unwrap().name, "Russia");
        assert_eq!(c.party("Russia").unwrap().short, "Russia");
        assert_eq!(
            c.party("United State").unwrap_err(),
            "unknown party \"United State\"; did you mean \"United States\"? expected one of United States, Russia (or no `party` for an observer)"
        );
        let (_, d) = parse("parties:\n  - {name: A}\n  - {name: B, aliases: [a]}\n");
        assert!(
            d[0].headline()
                .contains("parties[1].name: party name or alias \"a\" is used twice"),
            "{}",
            d[0].headline()
        );
    }

    #[test]
    fn relative_base_url_is_refused() {
        let (c, d) = parse("base_url: example.org\n");
        assert!(c.base_url.is_none());
        assert!(
            d[0].headline().starts_with("briefing.yaml:1:11: base_url:"),
            "{}",
            d[0].headline()
        );
    }
}
