//! A person (`content/people/<id>.md`): a name, the party they speak for (none for an
//! observer), and the roles they held, each with its dates. Claims name a person with `by:`,
//! and are attributed as "Name, role held that day".

use super::{Date, Located};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use schemars::JsonSchema;
use serde::Deserialize;
use std::path::PathBuf;

/// A person's front matter (`content/people/<id>.md`).
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(title = "Person front matter", deny_unknown_fields)]
pub(crate) struct RawPerson {
    /// The person's name as readers know it.
    #[schemars(extend("pattern" = "\\S"))]
    name: String,
    /// The party whose positions the person states (none: an observer).
    party: Option<String>,
    /// The roles the person held, oldest first.
    #[serde(default)]
    #[schemars(with = "Option<Vec<RawRole>>")]
    roles: Vec<RawRole>,
}

/// A role held for a time.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(rename = "Role", deny_unknown_fields)]
struct RawRole {
    /// The role, e.g. "US special envoy for Ukraine".
    #[schemars(extend("pattern" = "\\S"))]
    title: String,
    /// The first day held (none: before the briefing's time).
    from: Option<Date>,
    /// The last day held (none: still held).
    to: Option<Date>,
}

pub(crate) const KEYS: &[&str] = &["name", "party", "roles"];
pub(crate) const ROLE_KEYS: &[&str] = &["title", "from", "to"];

/// A role held from `from` to `to` (both inclusive; `None`: open-ended).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub title: String,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl Role {
    fn held_on(&self, day: Date) -> bool {
        self.from.is_none_or(|f| f <= day) && self.to.is_none_or(|t| day <= t)
    }
}

#[derive(Debug, Clone)]
pub struct Person {
    /// The file's name without `.md`: what claims' `by:` names.
    pub id: String,
    pub name: String,
    /// The declared party the person speaks for (`None`: an observer).
    pub party: Option<String>,
    pub roles: Vec<Role>,
    pub path: PathBuf,
    pub body_markdown: String,
    pub body_line: usize,
}

impl Person {
    /// "Name, role held on `day`"; after the last role ended, "Name, former role"; before any
    /// role, the name alone.
    pub fn attribution(&self, day: Date, former: &str) -> String {
        if let Some(role) = self.roles.iter().rev().find(|r| r.held_on(day)) {
            return format!("{}, {}", self.name, role.title);
        }
        let ended = self
            .roles
            .iter()
            .filter(|r| r.to.is_some_and(|t| t < day))
            .max_by_key(|r| r.to);
        match ended {
            Some(role) => format!(
                "{}, {}",
                self.name,
                crate::i18n::fill(former, &[("role", &role.title)])
            ),
            None => self.name.clone(),
        }
    }

    pub(crate) fn from_raw(
        raw: RawPerson,
        at: &Located<'_>,
        config: &Config,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Person> {
        let id = at
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !super::is_slug(&id) {
            diags.push(Diagnostic::error(
                at.path,
                format!("\"{id}\" is not a valid person id; expected a file name of lower-case letters, digits and hyphens"),
            ));
            return None;
        }
        let name = raw.name.trim().to_string();
        if name.is_empty() {
            diags.push(at.error("name", "empty name; expected the person's name".into()));
            return None;
        }
        let party = match raw.party.map(|p| p.trim().to_string()) {
            Some(p) if !config.parties.is_empty() => match config.party(&p) {
                Ok(party) => Some(party.name.clone()),
                Err(message) => {
                    diags.push(at.error("party", message));
                    return None;
                }
            },
            other => other.filter(|p| !p.is_empty()),
        };
        let mut roles = Vec::new();
        for (i, r) in raw.roles.into_iter().enumerate() {
            if let (Some(from), Some(to)) = (r.from, r.to)
                && to < from
            {
                let message = format!("role ends on {to}, before it starts on {from}");
                diags.push(at.error(&format!("roles[{i}].to"), message));
                return None;
            }
            roles.push(Role {
                title: r.title.trim().to_string(),
                from: r.from,
                to: r.to,
            });
        }
        Some(Person {
            id,
            name,
            party,
            roles,
            path: at.path.to_path_buf(),
            body_markdown: at.body.to_string(),
            body_line: at.body_line,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn the_attribution_names_the_role_held_that_day() {
        let p = Person {
            id: "yermak".into(),
            name: "Andriy Yermak".into(),
            party: Some("Ukraine".into()),
            roles: vec![Role {
                title: "Head of the Presidential Office".into(),
                from: Some(d("2020-02-11")),
                to: Some(d("2025-11-28")),
            }],
            path: "content/people/yermak.md".into(),
            body_markdown: String::new(),
            body_line: 1,
        };
        let former = "former {role}";
        assert_eq!(
            p.attribution(d("2025-11-23"), former),
            "Andriy Yermak, Head of the Presidential Office"
        );
        assert_eq!(
            p.attribution(d("2025-11-28"), former),
            "Andriy Yermak, Head of the Presidential Office"
        );
        assert_eq!(
            p.attribution(d("2025-12-01"), former),
            "Andriy Yermak, former Head of the Presidential Office"
        );
        assert_eq!(p.attribution(d("2019-01-01"), former), "Andriy Yermak");
    }
}
