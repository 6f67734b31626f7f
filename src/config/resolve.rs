//! What `briefing.yaml` says → `Config`: each value checked and trimmed, defaults filled in,
//! and every bad value reported with its line and field.

use super::raw::{RawConfig, RawParty, RawPlan, RawStatus, RawVersion};
use super::{
    Block, Config, FILE, Party, Plan, SiteStrings, Status, UNKNOWN_STATUS, Version, VersionSource,
    default_status, default_statuses, fold, site_strings,
};
use crate::diagnostics::Diagnostic;
use crate::front_matter;
use crate::i18n::Strings;
use crate::model::StatusKey;
use std::collections::BTreeSet;
use std::path::Path;

pub(super) fn from_raw(
    raw: RawConfig,
    text: &str,
    root: Option<&Path>,
    diags: &mut Vec<Diagnostic>,
) -> Config {
    let defaults = Config::default();
    let (language, strings) = strings_from_raw(raw.language.as_deref(), text, root, diags);
    let error = |field: &str, message: String| {
        let (line, column) = front_matter::locate(text, field).unzip();
        Diagnostic::error(FILE, message)
            .at(line, column.flatten())
            .field(field)
            .with_source(text)
    };
    let base_url = raw.base_url.and_then(|url| {
        absolute_url(url)
            .map_err(|m| diags.push(error("base_url", m)))
            .ok()
    });
    let tag_authority = raw.tag_authority.map_or_else(
        || super::FALLBACK_TAG_AUTHORITY.to_string(),
        |t| {
            tag_authority(&t).unwrap_or_else(|m| {
                diags.push(error("tag_authority", m));
                super::FALLBACK_TAG_AUTHORITY.to_string()
            })
        },
    );
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
    let editions = editions_from_raw(
        raw.languages.unwrap_or_default(),
        &language,
        text,
        root,
        diags,
    );
    let config = Config {
        author: raw
            .author
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| title.clone()),
        tag_authority,
        title,
        description: raw.description.unwrap_or_default(),
        base_url,
        language,
        plan,
        statuses,
        parties,
        allow_raw_html: raw.allow_raw_html.unwrap_or(false),
        link_skip: raw
            .link_check
            .as_ref()
            .map_or_else(Vec::new, |l| l.skip.clone()),
        link_timeout: raw
            .link_check
            .as_ref()
            .and_then(|l| l.timeout)
            .unwrap_or(15),
        strings,
        editions,
    };
    check_editions(&config, text, diags);
    config
}

/// The editions `languages:` declares, each with its theme's words; a code that is the
/// default language, or that has no words, is reported on its key.
fn editions_from_raw(
    raw: std::collections::BTreeMap<String, super::RawEdition>,
    language: &str,
    text: &str,
    root: Option<&Path>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<super::Edition> {
    let mut out = Vec::new();
    for (code, texts) in raw {
        let field = format!("languages.{code}");
        let (line, column) = front_matter::locate(text, &field).unzip();
        let at = |m: String| {
            Diagnostic::error(FILE, m)
                .at(line, column.flatten())
                .field(&field)
                .with_source(text)
        };
        let well_formed =
            (2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase());
        if !well_formed {
            diags.push(at(format!(
                "\"{code}\" is not a language code; expected two or three lower-case letters, e.g. uk"
            )));
            continue;
        }
        if code == language {
            diags.push(at(format!(
                "\"{code}\" is the default language (`language`); `languages` declares the other editions"
            )));
            continue;
        }
        let (strings, strings_diags) = language_strings(&code, root);
        let failed = strings_diags.iter().any(Diagnostic::is_error);
        for d in strings_diags {
            if d.path == Path::new(FILE) {
                diags.push(at(d.message.clone()));
            } else {
                diags.push(d);
            }
        }
        if !failed {
            out.push(super::Edition {
                code,
                strings,
                texts,
            });
        }
    }
    out
}

/// Every key a translation in `languages:` names must be the settings' own: a block id, a
/// status key, a party's name, a version id.
fn check_editions(config: &Config, text: &str, diags: &mut Vec<Diagnostic>) {
    for e in &config.editions {
        let t = &e.texts;
        let blocks: Vec<String> = config
            .plan
            .blocks
            .iter()
            .map(|b| b.id.to_string())
            .collect();
        let statuses: Vec<String> = config
            .statuses
            .iter()
            .map(|s| s.key.as_str().to_string())
            .collect();
        let parties: Vec<String> = config.parties.iter().map(|p| p.name.clone()).collect();
        let versions: Vec<String> = config.plan.versions.iter().map(|v| v.id.clone()).collect();
        let lists: [(&str, Vec<String>, &[String], &str); 4] = [
            (
                "blocks",
                t.blocks.keys().map(|k| k.to_string()).collect(),
                &blocks,
                "block id",
            ),
            (
                "statuses",
                t.statuses.keys().cloned().collect(),
                &statuses,
                "status key",
            ),
            (
                "parties",
                t.parties.keys().cloned().collect(),
                &parties,
                "party name",
            ),
            (
                "versions",
                t.versions.keys().cloned().collect(),
                &versions,
                "version id",
            ),
        ];
        for (list, keys, known, what) in lists {
            for key in keys.iter().filter(|k| !known.contains(k)) {
                let field = format!("languages.{}.{list}.{key}", e.code);
                let (line, column) = front_matter::locate(text, &field).unzip();
                diags.push(
                    Diagnostic::error(
                        FILE,
                        format!(
                            "unknown {what} \"{key}\" in languages.{}.{list}; expected one of {}",
                            e.code,
                            if known.is_empty() {
                                "none (none is declared)".to_string()
                            } else {
                                known.join(", ")
                            }
                        ),
                    )
                    .at(line, column.flatten())
                    .field(&field)
                    .with_source(text),
                );
            }
        }
    }
}

/// A tagging entity (RFC 4151): a domain name or an email address, a comma, and a date
/// (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`); or the message saying what was expected.
fn tag_authority(text: &str) -> Result<String, String> {
    let text = text.trim();
    let expected = "expected a domain or email you own and a year, e.g. \"example.org,2025\"";
    let Some((name, date)) = text.split_once(',') else {
        return Err(format!("\"{text}\" has no year; {expected}"));
    };
    let host = name.rsplit('@').next().unwrap_or(name);
    let local_ok = name.split_once('@').is_none_or(|(local, _)| {
        !local.is_empty()
            && local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-+".contains(c))
    });
    let host_ok = host.contains('.')
        && host.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if !(local_ok && host_ok) {
        return Err(format!(
            "\"{name}\" is not a domain name or an email address; {expected}"
        ));
    }
    let year_ok = crate::model::Date::parse(date).is_ok()
        || (date.len() == 4 && date.chars().all(|c| c.is_ascii_digit()));
    if !year_ok {
        return Err(format!("\"{date}\" is not a year or a date; {expected}"));
    }
    Ok(format!("{},{date}", name.to_ascii_lowercase()))
}

/// A base URL ending in `/`, or the message saying it is not absolute.
fn absolute_url(url: String) -> Result<String, String> {
    let url = url.trim().to_string();
    if url.starts_with("http://") || url.starts_with("https://") {
        Ok(if url.ends_with('/') { url } else { url + "/" })
    } else {
        Err(format!(
            "\"{url}\" is not an absolute URL; expected one starting with https:// or http://"
        ))
    }
}

/// The site's language (`en` unless `language` says) and its strings: the embedded table,
/// with the site's own file for that language when the site at `root` has one. Problems with
/// the language are reported on `language` in `briefing.yaml`.
fn strings_from_raw(
    language: Option<&str>,
    text: &str,
    root: Option<&Path>,
    diags: &mut Vec<Diagnostic>,
) -> (String, Strings) {
    let language = language
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .unwrap_or("en")
        .to_string();
    let (strings, strings_diags) = language_strings(&language, root);
    diags.extend(strings_diags.into_iter().map(|d| {
        if d.path == Path::new(FILE) {
            let (line, column) = front_matter::locate(text, "language").unzip();
            d.at(line, column.flatten()).with_source(text)
        } else {
            d
        }
    }));
    (language, strings)
}

/// The words of `language`: the embedded table with the site's own file for it, if any, and
/// their problems (those with the language itself on `briefing.yaml`).
fn language_strings(language: &str, root: Option<&Path>) -> (Strings, Vec<Diagnostic>) {
    match root.map_or(SiteStrings::None, |root| site_strings(root, language)) {
        SiteStrings::None => crate::i18n::load(language, None, Path::new(FILE)),
        SiteStrings::Found(path, text) => {
            crate::i18n::load(language, Some((&path, &text)), Path::new(FILE))
        }
        SiteStrings::Unreadable(d) => (Strings::default(), vec![d]),
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
            shown: name.clone(),
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
    let ids: Vec<String> = raw.iter().map(|v| v.id.trim().to_string()).collect();
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
        let from = match v.from.as_deref().map(str::trim) {
            None => out.len().checked_sub(1),
            Some(from) => match out.iter().position(|o| o.id == from) {
                Some(at) => Some(at),
                None => {
                    diags.push(error(
                        &format!("plan.versions[{i}].from"),
                        unknown_from(from, &id, &ids[..i]),
                    ));
                    out.len().checked_sub(1)
                }
            },
        };
        out.push(Version {
            id,
            title: v.title.trim().to_string(),
            date: v.date,
            from,
            points: v.points,
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

/// The message for a `from` that names no version declared before this one.
fn unknown_from(from: &str, id: &str, before: &[String]) -> String {
    if from == id {
        return format!("version \"{id}\" cannot revise itself; `from` names an earlier version");
    }
    let nearest = before
        .iter()
        .map(|v| (strsim::damerau_levenshtein(v, from), v))
        .filter(|(d, v)| *d <= 2.max(v.len() / 3))
        .min()
        .map_or(String::new(), |(_, v)| format!("did you mean \"{v}\"? "));
    let expected = if before.is_empty() {
        "the first version revises none; remove `from`".to_string()
    } else {
        format!(
            "expected a version declared before it: {}",
            before.join(", ")
        )
    };
    format!("unknown version \"{from}\" in `from`; {nearest}{expected}")
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
