//! The shape of `briefing.yaml` as written: the serde and JSON-schema types, and the keys each
//! mapping takes (for "unknown key" messages).

use crate::model::BlockId;
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(title = "briefing.yaml", deny_unknown_fields)]
pub(crate) struct RawConfig {
    /// The briefing's title, shown in every page's header and the feed.
    pub(super) title: Option<String>,
    /// One sentence on what the briefing covers (the home page's meta description).
    pub(super) description: Option<String>,
    /// The absolute URL the site is published at, ending in `/` (feed, sitemap, canonical links).
    pub(super) base_url: Option<String>,
    /// The language of the theme's words and dates, e.g. `en` or `uk`.
    pub(super) language: Option<String>,
    /// The feeds' author (default: the title).
    pub(super) author: Option<String>,
    /// Who names the briefing's feed entries and calendar events, and since when: a domain or
    /// email you own and a year, e.g. `example.org,2025` (RFC 4151 tag URIs). Set it once and
    /// keep it: every id others store is made from it.
    pub(super) tag_authority: Option<String>,
    /// The plan under negotiation: its title, blocks and versions.
    pub(super) plan: Option<RawPlan>,
    /// The statuses a claim may take, from most to least settled.
    pub(super) statuses: Option<Vec<RawStatus>>,
    /// The sides whose agreement a point needs, in column order.
    pub(super) parties: Option<Vec<RawParty>>,
    /// Pass raw HTML in Markdown bodies through (default: escaped).
    pub(super) allow_raw_html: Option<bool>,
    /// What `briefing check --external` leaves out, and how long it waits.
    pub(super) link_check: Option<RawLinkCheck>,
    /// Editions in other languages, by language code (e.g. `uk`), each with its translations
    /// of this file's texts. Each is written under its code (`uk/`).
    pub(super) languages: Option<BTreeMap<String, RawEdition>>,
}

/// One more edition: its translations of the texts of `briefing.yaml`. Data (keys, dates,
/// ids) is never translated; what is left out falls back to the default language.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[schemars(rename = "Edition", deny_unknown_fields)]
pub(crate) struct RawEdition {
    /// The briefing's title in this language.
    pub(crate) title: Option<String>,
    /// The one-sentence description in this language.
    pub(crate) description: Option<String>,
    /// The plan's title in this language.
    pub(crate) plan: Option<RawEditionPlan>,
    /// Blocks' titles (a string) or titles and summaries, by block id.
    #[serde(default)]
    pub(crate) blocks: BTreeMap<BlockId, Translated<RawBlockText>>,
    /// Statuses' labels (a string) or labels and meanings, by status key.
    #[serde(default)]
    pub(crate) statuses: BTreeMap<String, Translated<RawStatusText>>,
    /// Parties' names (a string) or names and short labels, by the party's name.
    #[serde(default)]
    pub(crate) parties: BTreeMap<String, Translated<RawPartyText>>,
    /// Versions' titles (a string) or titles and notes, by version id.
    #[serde(default)]
    pub(crate) versions: BTreeMap<String, Translated<RawVersionText>>,
}

/// A translation given as one string (the title, name or label) or as its fields.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub(crate) enum Translated<T> {
    Text(String),
    Fields(T),
}

impl<T: Titled> Translated<T> {
    /// The fields, a bare string giving the first (the title, label or name).
    pub(crate) fn fields(&self) -> T {
        match self {
            Translated::Text(text) => T::titled(text),
            Translated::Fields(fields) => fields.clone(),
        }
    }
}

/// A text struct whose first field a bare string gives.
pub(crate) trait Titled: Clone {
    fn titled(text: &str) -> Self;
}

impl Titled for RawBlockText {
    fn titled(text: &str) -> Self {
        RawBlockText {
            title: Some(text.to_string()),
            summary: None,
        }
    }
}

impl Titled for RawStatusText {
    fn titled(text: &str) -> Self {
        RawStatusText {
            label: Some(text.to_string()),
            meaning: None,
        }
    }
}

impl Titled for RawPartyText {
    fn titled(text: &str) -> Self {
        RawPartyText {
            name: Some(text.to_string()),
            short: None,
        }
    }
}

impl Titled for RawVersionText {
    fn titled(text: &str) -> Self {
        RawVersionText {
            title: Some(text.to_string()),
            note: None,
        }
    }
}

/// The plan's translatable text.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "EditionPlan", deny_unknown_fields)]
pub(crate) struct RawEditionPlan {
    pub(crate) title: Option<String>,
}

/// A block's translatable texts.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "BlockText", deny_unknown_fields)]
pub(crate) struct RawBlockText {
    pub(crate) title: Option<String>,
    pub(crate) summary: Option<String>,
}

/// A status's translatable texts.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "StatusText", deny_unknown_fields)]
pub(crate) struct RawStatusText {
    pub(crate) label: Option<String>,
    pub(crate) meaning: Option<String>,
}

/// A party's translatable texts.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "PartyText", deny_unknown_fields)]
pub(crate) struct RawPartyText {
    pub(crate) name: Option<String>,
    pub(crate) short: Option<String>,
}

/// A version's translatable texts.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "VersionText", deny_unknown_fields)]
pub(crate) struct RawVersionText {
    pub(crate) title: Option<String>,
    pub(crate) note: Option<String>,
}

/// Settings of `check --external`.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(rename = "LinkCheck", deny_unknown_fields)]
pub(super) struct RawLinkCheck {
    /// Addresses starting with any of these are not asked.
    #[serde(default)]
    pub(super) skip: Vec<String>,
    /// Seconds to wait for one address, redirects included (default 15).
    pub(super) timeout: Option<u64>,
}

/// A side of the negotiation.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(rename = "Party", deny_unknown_fields)]
pub(super) struct RawParty {
    /// The party's name, as claims' `party` write it.
    pub(super) name: String,
    /// A short label for table columns (default: the name).
    pub(super) short: Option<String>,
    /// Other names a claim's `party` may use, e.g. a capital.
    #[serde(default)]
    pub(super) aliases: Vec<String>,
}

/// The plan under negotiation.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(rename = "Plan", deny_unknown_fields)]
pub(super) struct RawPlan {
    /// The plan's name, e.g. "28-point peace plan".
    pub(super) title: Option<String>,
    /// The plan's blocks, in order; every point names one.
    #[serde(default)]
    pub(super) blocks: Vec<RawBlock>,
    /// The plan's versions, oldest first.
    #[serde(default)]
    pub(super) versions: Vec<RawVersion>,
    /// The id of the version others are compared with (default: the first).
    pub(super) base_version: Option<String>,
}

/// One version of the plan.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(rename = "Version", deny_unknown_fields)]
pub(super) struct RawVersion {
    /// A short id (lower case, digits and hyphens), used by points' `versions` keys.
    pub(super) id: String,
    /// The version's title.
    pub(super) title: String,
    /// The day the version's text was first presented or published.
    pub(super) date: Option<crate::model::Date>,
    /// The id of the version this one revises (default: the one declared before it).
    pub(super) from: Option<String>,
    /// How many points the version was reported to have (shown when its text is not public).
    pub(super) points: Option<u32>,
    /// Where the version's text comes from.
    pub(super) source: Option<RawVersionSource>,
    /// A remark on the version, e.g. how complete its text is.
    pub(super) note: Option<String>,
}

/// Where a version's text comes from.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(rename = "VersionSource", deny_unknown_fields)]
pub(super) struct RawVersionSource {
    /// The outlet or document.
    pub(super) name: String,
    /// Its address.
    pub(super) url: Option<String>,
}

/// A block of the plan: points grouped by subject.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(rename = "Block", deny_unknown_fields)]
pub(super) struct RawBlock {
    /// The block's id (an integer or a short string), named by points' `block`.
    pub(super) id: BlockId,
    /// The block's title.
    pub(super) title: String,
    /// One line on the block.
    pub(super) summary: Option<String>,
}

/// A status a claim may take.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(rename = "Status", deny_unknown_fields)]
pub(super) struct RawStatus {
    /// The key claims' `status` write, e.g. `agreed`.
    pub(super) key: String,
    /// The word readers see (default: the key).
    pub(super) label: Option<String>,
    /// What the status means, shown in the legend.
    pub(super) meaning: Option<String>,
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
            "tag_authority",
            "plan",
            "statuses",
            "parties",
            "allow_raw_html",
            "link_check",
            "languages",
        ],
        "link_check" => &["skip", "timeout"],
        "parties[]" => &["name", "short", "aliases"],
        "plan" => &["title", "blocks", "versions", "base_version"],
        "plan.versions[]" => &["id", "title", "date", "from", "points", "source", "note"],
        "plan.versions[].source" => &["name", "url"],
        "plan.blocks[]" => &["id", "title", "summary"],
        "statuses[]" => &["key", "label", "meaning"],
        _ => edition_keys(parent),
    }
}

/// Keys under `languages.<code>`, by the parent path below it.
fn edition_keys(parent: &str) -> &'static [&'static str] {
    let Some(rest) = parent.strip_prefix("languages.") else {
        return &[];
    };
    let mut below = rest.splitn(3, '.').skip(1);
    match (below.next(), below.next()) {
        (None, _) => &[
            "title",
            "description",
            "plan",
            "blocks",
            "statuses",
            "parties",
            "versions",
        ],
        (Some("plan"), None) => &["title"],
        (Some("blocks"), Some(_)) => &["title", "summary"],
        (Some("statuses"), Some(_)) => &["label", "meaning"],
        (Some("parties"), Some(_)) => &["name", "short"],
        (Some("versions"), Some(_)) => &["title", "note"],
        _ => &[],
    }
}
