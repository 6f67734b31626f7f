//! A status claim: a party's position on one or more points of the plan, as someone stated it
//! in an article, checked against the settings' statuses and parties.

use super::{Date, Located, PointRefs, StatusKey};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use schemars::JsonSchema;
use serde::Deserialize;

/// A party's position on one or more points, as someone stated it.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(rename = "Claim", deny_unknown_fields)]
pub(super) struct RawClaim {
    /// The point number, or a list of them.
    pub(super) point: PointRefs,
    /// A status key from `briefing.yaml`.
    pub(super) status: String,
    /// Who said it, as free text: a name and role (or `by`).
    #[schemars(extend("pattern" = "\\S"))]
    pub(super) claimed_by: Option<String>,
    /// Who said it: the id of a person in `content/people/` (instead of `claimed_by`); the
    /// claim is then attributed as the person's name and the role they held that day, and
    /// states their party's position.
    pub(super) by: Option<String>,
    /// Whose position it is: a party of `briefing.yaml` (default: an observer's view).
    pub(super) party: Option<String>,
    /// When it was said (default: the article's date).
    pub(super) date: Option<Date>,
    /// What was said, briefly and attributed.
    pub(super) note: Option<String>,
    /// The part of the point the position covers, when it covers only part of it.
    #[schemars(extend("pattern" = "\\S"))]
    pub(super) part: Option<String>,
    /// When the editors last corrected the claim (feeds show it as the entry's update).
    pub(super) updated: Option<Date>,
}

/// A status claim about one or more points, attributed to who made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub points: Vec<u32>,
    pub status: StatusKey,
    pub claimed_by: String,
    /// Whose position the claim states. With declared parties: the party's name, or `None`
    /// for an observer's claim (no `party`). Without: `party`, else `claimed_by`, trimmed.
    pub party: Option<String>,
    pub date: Date,
    pub note: Option<String>,
    /// The part of the point the claim covers (`None`: the whole point).
    pub part: Option<String>,
    /// The person who made it, when `by:` names one (their id).
    pub by: Option<String>,
    /// When the editors last corrected it (`None`: never).
    pub updated: Option<Date>,
    /// File line and column of the claim's `point` value (or of the claim).
    pub line: Option<usize>,
    pub column: Option<usize>,
}

/// What a claim is read against: its article's date and place, the settings and the people.
pub(super) struct ClaimContext<'c, 'a> {
    pub(super) article_date: Date,
    pub(super) at: &'c Located<'a>,
    pub(super) config: &'c Config,
    pub(super) people: &'c [super::Person],
}

pub(super) fn claim_from_raw(
    i: usize,
    raw: RawClaim,
    cx: &ClaimContext<'_, '_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Claim> {
    let (article_date, at, config) = (cx.article_date, cx.at, cx.config);
    let field = |name: &str| format!("points[{i}].{name}");
    let status = raw.status.trim();
    if config.status(status).is_none() {
        let expected = config.status_keys();
        let message = format!("unknown status \"{status}\"; expected one of {expected}");
        diags.push(at.error(&field("status"), message));
        return None;
    }
    let date = raw.date.unwrap_or(article_date);
    if !date.is_full() {
        // A month as the article's date is reported once, on `date`; claims that inherit it
        // are not reported again.
        if raw.date.is_some() {
            let message =
                format!("\"{date}\" is a month; a claim's date must be a full YYYY-MM-DD date");
            diags.push(at.error(&field("date"), message));
        }
        return None;
    }
    let (claimed_by, person) = match (raw.claimed_by, raw.by) {
        (Some(_), Some(_)) => {
            let message = "both claimed_by and by; expected one: by names a person of content/people/, claimed_by says who in free text".to_string();
            diags.push(at.error(&field("by"), message));
            return None;
        }
        (None, None) => {
            let message = "no claimed_by or by; expected who made the claim".to_string();
            diags.push(at.error(&format!("points[{i}]"), message));
            return None;
        }
        (Some(text), None) => (text.trim().to_string(), None),
        (None, Some(id)) => match person_of(cx.people, id.trim()) {
            Ok(p) => (
                p.attribution(date, config.strings.get("former_role")),
                Some(p),
            ),
            Err(message) => {
                // When the person's file exists but failed, its own error says why.
                let file = std::path::Path::new("content/people").join(format!("{}.md", id.trim()));
                let cause = crate::diagnostics::Cause::File(file);
                diags.push(at.error(&field("by"), message).follows(cause));
                return None;
            }
        },
    };
    if claimed_by.is_empty() {
        let message = "empty claimed_by; expected who made the claim".to_string();
        diags.push(at.error(&field("claimed_by"), message));
        return None;
    }
    if let Some(updated) = raw.updated.filter(|u| !u.is_full() || *u < date) {
        let message = format!(
            "\"{updated}\" is not a full date on or after the claim's {date}; `updated` is the day the editors corrected the claim"
        );
        diags.push(at.error(&field("updated"), message));
        return None;
    }
    let (line, column) = match at.position(&field("point")) {
        (Some(line), column) => (Some(line), column),
        (None, _) => at.position(&format!("points[{i}]")),
    };
    let part = raw.part.map(|p| p.trim().to_string());
    if part.as_deref() == Some("") {
        let message = "empty part; expected the part of the point the position covers, e.g. \"the G8 invitation\", or no `part` for the whole point".to_string();
        diags.push(at.error(&field("part"), message));
        return None;
    }
    let party = match person {
        Some(p) => match person_party(config, p, raw.party) {
            Ok(party) => party,
            Err(message) => {
                diags.push(at.error(&field("party"), message));
                return None;
            }
        },
        None => match claim_party(config, raw.party, &claimed_by) {
            Ok(party) => party,
            Err(message) => {
                diags.push(at.error(&field("party"), message));
                return None;
            }
        },
    };
    Some(Claim {
        points: raw.point.0,
        status: StatusKey::new(status),
        claimed_by,
        party,
        date,
        note: raw
            .note
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty()),
        part,
        by: person.map(|p| p.id.clone()),
        updated: raw.updated,
        line,
        column,
    })
}

/// The person `id` names, or the message that says it names none and suggests the nearest.
fn person_of<'p>(people: &'p [super::Person], id: &str) -> Result<&'p super::Person, String> {
    if let Some(p) = people.iter().find(|p| p.id == id) {
        return Ok(p);
    }
    let nearest = people
        .iter()
        .map(|p| (strsim::damerau_levenshtein(&p.id, id), &p.id))
        .filter(|(d, p)| *d <= 2.max(p.len() / 3))
        .min()
        .map_or(String::new(), |(_, p)| format!("did you mean \"{p}\"? "));
    let expected = if people.is_empty() {
        "there is no person in content/people/".to_string()
    } else {
        "expected the name of a file in content/people/ without .md".to_string()
    };
    Err(format!("unknown person \"{id}\"; {nearest}{expected}"))
}

/// The party a claim made `by` a person speaks for: the person's own; a `party` that names
/// another is an error.
fn person_party(
    config: &Config,
    p: &super::Person,
    written: Option<String>,
) -> Result<Option<String>, String> {
    let Some(written) = written.filter(|w| !w.trim().is_empty()) else {
        return Ok(p.party.clone());
    };
    let named = claim_party(config, Some(written), &p.name)?;
    if named == p.party {
        return Ok(named);
    }
    let own = p.party.as_deref().unwrap_or("no party (an observer)");
    Err(format!(
        "party \"{}\" is not {}'s, who speaks for {own}; leave `party` out",
        named.unwrap_or_default(),
        p.name
    ))
}

/// The party a claim speaks for. Without declared parties, the one `party` names (or who made
/// the claim); with them, the declared party `party` names (by name or alias), or none for an
/// observer; `Err` says what was expected.
fn claim_party(
    config: &Config,
    written: Option<String>,
    claimed_by: &str,
) -> Result<Option<String>, String> {
    let written = written
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty());
    if config.parties.is_empty() {
        return Ok(Some(written.unwrap_or_else(|| claimed_by.to_string())));
    }
    match written {
        None => Ok(None),
        Some(w) => config.party(&w).map(|p| Some(p.name.clone())),
    }
}
