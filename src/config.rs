//! `briefing.yaml` → `Config`: site settings, the plan's blocks and the status vocabulary,
//! with defaults for every key. Knows no real plan: blocks and statuses are whatever the file
//! says, and `unknown` is added when the list omits it.

use crate::diagnostics::{self, Diagnostic, Error};
use crate::front_matter;
use crate::i18n::Strings;
use crate::model::{BlockId, StatusKey};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeSet;
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
    pub plan: Plan,
    /// The statuses, ordered from most to least settled.
    pub statuses: Vec<Status>,
    /// The sides whose agreement a point needs, in column order; empty when not declared.
    pub parties: Vec<Party>,
    pub allow_raw_html: bool,
    /// The theme's words in `language` (with the site's own overrides).
    pub strings: crate::i18n::Strings,
}

/// A side of the negotiation: its name, a short label for narrow columns, other names.
#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    pub name: String,
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
    pub source: Option<VersionSource>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
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

    pub fn unknown_status(&self) -> &Status {
        self.status(UNKNOWN_STATUS)
            .expect("load() always adds the unknown status")
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Briefing".to_string(),
            description: String::new(),
            base_url: None,
            language: "en".to_string(),
            author: "Briefing".to_string(),
            plan: Plan {
                title: "The plan".to_string(),
                blocks: Vec::new(),
                versions: Vec::new(),
                base: 0,
            },
            statuses: default_statuses(&Strings::default()),
            parties: Vec::new(),
            allow_raw_html: false,
            strings: Strings::default(),
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

#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(title = "briefing.yaml", deny_unknown_fields)]
pub(crate) struct RawConfig {
    /// The briefing's title, shown in every page's header and the feed.
    title: Option<String>,
    /// One sentence on what the briefing covers (the home page's meta description).
    description: Option<String>,
    /// The absolute URL the site is published at, ending in `/` (feed, sitemap, canonical links).
    base_url: Option<String>,
    /// The language of the theme's words and dates, e.g. `en` or `uk`.
    language: Option<String>,
    /// The feeds' author (default: the title).
    author: Option<String>,
    /// The plan under negotiation: its title, blocks and versions.
    plan: Option<RawPlan>,
    /// The statuses a claim may take, from most to least settled.
    statuses: Option<Vec<RawStatus>>,
    /// The sides whose agreement a point needs, in column order.
    parties: Option<Vec<RawParty>>,
    /// Pass raw HTML in Markdown bodies through (default: escaped).
    allow_raw_html: Option<bool>,
}

/// A side of the negotiation.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(rename = "Party", deny_unknown_fields)]
struct RawParty {
    /// The party's name, as claims' `party` write it.
    name: String,
    /// A short label for table columns (default: the name).
    short: Option<String>,
    /// Other names a claim's `party` may use, e.g. a capital.
    #[serde(default)]
    aliases: Vec<String>,
}

/// The plan under negotiation.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(rename = "Plan", deny_unknown_fields)]
struct RawPlan {
    /// The plan's name, e.g. "28-point peace plan".
    title: Option<String>,
    /// The plan's blocks, in order; every point names one.
    #[serde(default)]
    blocks: Vec<RawBlock>,
    /// The plan's versions, oldest first.
    #[serde(default)]
    versions: Vec<RawVersion>,
    /// The id of the version others are compared with (default: the first).
    base_version: Option<String>,
}

/// One version of the plan.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(rename = "Version", deny_unknown_fields)]
struct RawVersion {
    /// A short id (lower case, digits and hyphens), used by points' `versions` keys.
    id: String,
    /// The version's title.
    title: String,
    /// When the version was reported or published.
    date: Option<crate::model::Date>,
    /// Where the version's text comes from.
    source: Option<RawVersionSource>,
    /// A remark on the version, e.g. how complete its text is.
    note: Option<String>,
}

/// Where a version's text comes from.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(rename = "VersionSource", deny_unknown_fields)]
struct RawVersionSource {
    /// The outlet or document.
    name: String,
    /// Its address.
    url: Option<String>,
}

/// A block of the plan: points grouped by subject.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(rename = "Block", deny_unknown_fields)]
struct RawBlock {
    /// The block's id (an integer or a short string), named by points' `block`.
    id: BlockId,
    /// The block's title.
    title: String,
    /// One line on the block.
    summary: Option<String>,
}

/// A status a claim may take.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(rename = "Status", deny_unknown_fields)]
struct RawStatus {
    /// The key claims' `status` write, e.g. `agreed`.
    key: String,
    /// The word readers see (default: the key).
    label: Option<String>,
    /// What the status means, shown in the legend.
    meaning: Option<String>,
}

/// Keys each mapping of `briefing.yaml` takes, by parent path.
pub(crate) fn known_keys(parent: &str) -> &'static [&'static str] {
    match parent {
        "" => &[
            "title",
            "description",
            "base_url",
            "language",
            "author",
            "plan",
            "statuses",
            "parties",
            "allow_raw_html",
        ],
        "parties[]" => &["name", "short", "aliases"],
        "plan" => &["title", "blocks", "versions", "base_version"],
        "plan.versions[]" => &["id", "title", "date", "source", "note"],
        "plan.versions[].source" => &["name", "url"],
        "plan.blocks[]" => &["id", "title", "summary"],
        "statuses[]" => &["key", "label", "meaning"],
        _ => &[],
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

fn from_raw(
    raw: RawConfig,
    text: &str,
    root: Option<&Path>,
    diags: &mut Vec<Diagnostic>,
) -> Config {
    let defaults = Config::default();
    let language = raw
        .language
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .unwrap_or("en")
        .to_string();
    let found = root.map_or(SiteStrings::None, |root| site_strings(root, &language));
    let (strings, strings_diags) = match found {
        SiteStrings::None => crate::i18n::load(&language, None, Path::new(FILE)),
        SiteStrings::Found(path, text) => {
            crate::i18n::load(&language, Some((&path, &text)), Path::new(FILE))
        }
        SiteStrings::Unreadable(d) => (Strings::default(), vec![d]),
    };
    diags.extend(strings_diags.into_iter().map(|d| {
        if d.path == Path::new(FILE) {
            let (line, column) = front_matter::locate(text, "language").unzip();
            d.at(line, column.flatten()).with_source(text)
        } else {
            d
        }
    }));
    let error = |field: &str, message: String| {
        let (line, column) = front_matter::locate(text, field).unzip();
        Diagnostic::error(FILE, message)
            .at(line, column.flatten())
            .field(field)
            .with_source(text)
    };
    let base_url = raw.base_url.and_then(|url| {
        let url = url.trim().to_string();
        if url.starts_with("http://") || url.starts_with("https://") {
            Some(if url.ends_with('/') { url } else { url + "/" })
        } else {
            diags.push(error(
                "base_url",
                format!("\"{url}\" is not an absolute URL; expected one starting with https:// or http://"),
            ));
            None
        }
    });
    let default_plan = strings.get("default_plan_title").to_string();
    let plan = raw.plan.map_or(
        Plan {
            title: default_plan.clone(),
            ..defaults.plan.clone()
        },
        |p| plan_from_raw(p, default_plan, diags, &error),
    );
    let statuses = match raw.statuses {
        Some(list) => statuses_from_raw(list, &strings, diags, &error),
        None => default_statuses(&strings),
    };
    let parties = parties_from_raw(raw.parties.unwrap_or_default(), diags, &error);
    let title = raw
        .title
        .unwrap_or_else(|| strings.get("default_site_title").to_string());
    Config {
        author: raw
            .author
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| title.clone()),
        title,
        description: raw.description.unwrap_or_default(),
        base_url,
        language,
        plan,
        statuses,
        parties,
        allow_raw_html: raw.allow_raw_html.unwrap_or(false),
        strings,
    }
}

fn parties_from_raw(
    raw: Vec<RawParty>,
    diags: &mut Vec<Diagnostic>,
    error: &dyn Fn(&str, String) -> Diagnostic,
) -> Vec<Party> {
    let mut out: Vec<Party> = Vec::new();
    for (i, p) in raw.into_iter().enumerate() {
        let name = p.name.trim().to_string();
        if name.is_empty() {
            diags.push(error(
                &format!("parties[{i}].name"),
                "empty party name; expected the party's name".to_string(),
            ));
            continue;
        }
        let names: Vec<String> = std::iter::once(name.clone())
            .chain(p.aliases.iter().map(|a| a.trim().to_string()))
            .collect();
        if let Some(taken) = names
            .iter()
            .find(|n| out.iter().any(|o| o.answers_to(&fold(n))))
        {
            diags.push(error(
                &format!("parties[{i}].name"),
                format!("party name or alias \"{taken}\" is used twice; expected each name once"),
            ));
            continue;
        }
        out.push(Party {
            short: p
                .short
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| name.clone()),
            aliases: names[1..].to_vec(),
            name,
        });
    }
    out
}

fn plan_from_raw(
    raw: RawPlan,
    default_title: String,
    diags: &mut Vec<Diagnostic>,
    error: &dyn Fn(&str, String) -> Diagnostic,
) -> Plan {
    let mut seen = BTreeSet::new();
    let mut blocks = Vec::new();
    for (i, b) in raw.blocks.into_iter().enumerate() {
        if !seen.insert(b.id.clone()) {
            diags.push(error(
                &format!("plan.blocks[{i}].id"),
                format!(
                    "duplicate block id \"{}\"; expected each block id once",
                    b.id
                ),
            ));
            continue;
        }
        blocks.push(Block {
            id: b.id,
            title: b.title,
            summary: b.summary,
        });
    }
    let versions = versions_from_raw(raw.versions, diags, error);
    let base = match raw.base_version.as_deref().map(str::trim) {
        None => 0,
        Some(id) => versions.iter().position(|v| v.id == id).unwrap_or_else(|| {
            let ids: Vec<&str> = versions.iter().map(|v| v.id.as_str()).collect();
            diags.push(error(
                "plan.base_version",
                format!(
                    "unknown version \"{id}\"; expected one of the ids under plan.versions ({})",
                    ids.join(", ")
                ),
            ));
            0
        }),
    };
    Plan {
        title: raw.title.unwrap_or(default_title),
        blocks,
        versions,
        base,
    }
}

fn versions_from_raw(
    raw: Vec<RawVersion>,
    diags: &mut Vec<Diagnostic>,
    error: &dyn Fn(&str, String) -> Diagnostic,
) -> Vec<Version> {
    let mut out: Vec<Version> = Vec::new();
    for (i, v) in raw.into_iter().enumerate() {
        let id = v.id.trim().to_string();
        if !crate::model::is_slug(&id) {
            diags.push(error(
                &format!("plan.versions[{i}].id"),
                format!("version id \"{id}\" is not valid; expected lower-case letters, digits and hyphens"),
            ));
            continue;
        }
        if out.iter().any(|o| o.id == id) {
            diags.push(error(
                &format!("plan.versions[{i}].id"),
                format!("duplicate version id \"{id}\"; expected each id once"),
            ));
            continue;
        }
        out.push(Version {
            id,
            title: v.title.trim().to_string(),
            date: v.date,
            source: v.source.map(|s| VersionSource {
                name: s.name.trim().to_string(),
                url: s
                    .url
                    .map(|u| u.trim().to_string())
                    .filter(|u| !u.is_empty()),
            }),
            note: v
                .note
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty()),
        });
    }
    out
}

fn statuses_from_raw(
    raw: Vec<RawStatus>,
    strings: &Strings,
    diags: &mut Vec<Diagnostic>,
    error: &dyn Fn(&str, String) -> Diagnostic,
) -> Vec<Status> {
    let mut out: Vec<Status> = Vec::new();
    for (i, s) in raw.into_iter().enumerate() {
        let key = s.key.trim();
        if !crate::model::is_slug(key) {
            diags.push(error(
                &format!("statuses[{i}].key"),
                format!("status key \"{key}\" is not valid; expected lower-case letters, digits and hyphens"),
            ));
            continue;
        }
        if out.iter().any(|o| o.key.as_str() == key) {
            diags.push(error(
                &format!("statuses[{i}].key"),
                format!("duplicate status key \"{key}\"; expected each key once"),
            ));
            continue;
        }
        let default = default_status(key, strings);
        out.push(Status {
            key: StatusKey::new(key),
            label: s.label.unwrap_or(default.label),
            meaning: s.meaning.unwrap_or(default.meaning),
        });
    }
    if !out.iter().any(|s| s.key.as_str() == UNKNOWN_STATUS) {
        out.push(default_status(UNKNOWN_STATUS, strings));
    }
    out
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
        assert_eq!(c.unknown_status().label, "Not public");
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
            "briefing.yaml:1: titel: unknown key `titel` is ignored; did you mean `title`?"
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
