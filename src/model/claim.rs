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
    /// Who said it: a name and role.
    #[schemars(extend("pattern" = "\\S"))]
    pub(super) claimed_by: String,
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
    /// When the editors last corrected it (`None`: never).
    pub updated: Option<Date>,
    /// File line and column of the claim's `point` value (or of the claim).
    pub line: Option<usize>,
    pub column: Option<usize>,
}

pub(super) fn claim_from_raw(
    i: usize,
    raw: RawClaim,
    article_date: Date,
    at: &Located<'_>,
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) -> Option<Claim> {
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
    let claimed_by = raw.claimed_by.trim().to_string();
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
    let party = match claim_party(config, raw.party, &claimed_by) {
        Ok(party) => party,
        Err(message) => {
            diags.push(at.error(&field("party"), message));
            return None;
        }
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
        updated: raw.updated,
        line,
        column,
    })
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
