//! Authoring commands: `init` (a new working briefing in an empty folder), `new article` (a
//! front-matter skeleton listing every field) and `new person`. None overwrites anything.

use crate::diagnostics::Error;
use crate::links;
use crate::model::{Date, slugify};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Creates `content/articles/<date>-<slug>.md` under `root`; refuses to overwrite.
pub fn new_article(root: &Path, title: &str, date: Option<Date>) -> Result<PathBuf, Error> {
    let date = match date {
        Some(d) => d,
        None => {
            let today = chrono::Local::now().date_naive();
            let text = today.format("%Y-%m-%d").to_string();
            Date::parse(&text).map_err(Error::Internal)?
        }
    };
    let slug = slug_of("title", title)?;
    let path = content_file(root, "articles", &format!("{date}-{slug}"))?;
    write_new(&path, &article_skeleton(title, date))?;
    Ok(path)
}

/// Writes the translation skeleton of the article at `original` (a path relative to `root`,
/// or one that leads into it) into the declared language `lang`, beside it (`x.uk.md`):
/// each text empty, with the original's words in a comment, and the lists in the original's
/// order, so that what is left empty falls back. Returns the path.
pub fn new_translation(root: &Path, original: &Path, lang: &str) -> Result<PathBuf, Error> {
    let (config, _) = crate::config::load(root)?;
    if !config.editions.iter().any(|e| e.code == lang) {
        let declared: Vec<&str> = config.languages().collect();
        return Err(Error::Usage(format!(
            "\"{lang}\" is not a declared language; declared languages are {} (add it under `languages` in briefing.yaml)",
            declared.join(", ")
        )));
    }
    let rel = original
        .strip_prefix(root)
        .unwrap_or(original)
        .components()
        .collect::<PathBuf>();
    let full = root.join(&rel);
    let text = std::fs::read_to_string(&full).map_err(|e| Error::read(&full, e))?;
    let mut file = crate::model::SourceFile {
        path: rel.clone(),
        text,
    };
    let (article, diags) = crate::model::parse_article(&config, &mut file);
    let Some(article) = article else {
        let why = diags
            .first()
            .map_or(String::new(), |d| format!(": {}", d.message));
        return Err(Error::Usage(format!(
            "{} is not an article that can be read{why}",
            rel.display()
        )));
    };
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let path = full.with_file_name(format!("{stem}.{lang}.md"));
    let comment = |text: &str| text.replace('\n', " ");
    let mut out = format!(
        "---\n# The {lang} text of {}: text only, lists in the original's order. What is left\n# empty shows the original's words, marked as such; dates, statuses and the rest stay there.\ntitle: \"\"  # {}\n",
        links::slashed(&rel),
        comment(&article.title)
    );
    out.push_str(&format!("summary: \"\"  # {}\n", comment(&article.summary)));
    if !article.events.is_empty() {
        out.push_str("events:\n");
        for e in &article.events {
            let place = e
                .place
                .as_deref()
                .map_or(String::new(), |p| format!(" ({p})"));
            out.push_str(&format!(
                "  - {{title: \"\", place: \"\"}}  # {}: {}{place}\n",
                e.date,
                comment(&e.title)
            ));
        }
    }
    if !article.claims.is_empty() {
        out.push_str("points:\n");
        for c in &article.claims {
            let points: Vec<String> = c.points.iter().map(u32::to_string).collect();
            let mut said = format!("point {}, {}", points.join(", "), c.status.as_str());
            if let Some(part) = &c.part {
                said.push_str(&format!("; part: {}", comment(part)));
            }
            if let Some(note) = &c.note {
                said.push_str(&format!("; note: {}", comment(note)));
            }
            out.push_str(&format!("  - {{note: \"\", part: \"\"}}  # {said}\n"));
        }
    }
    if !article.sources.is_empty() {
        out.push_str("sources:\n");
        for s in &article.sources {
            out.push_str(&format!("  - {{name: \"\"}}  # {}\n", comment(&s.name)));
        }
    }
    out.push_str("---\n\n");
    write_new(&path, &out)?;
    Ok(path)
}

/// `text` as a file name (slugified), or a usage error naming it as `what`.
fn slug_of(what: &str, text: &str) -> Result<String, Error> {
    let slug = slugify(text);
    if slug.is_empty() {
        return Err(Error::Usage(format!(
            "the {what} \"{text}\" has no letters or digits to make a file name from"
        )));
    }
    Ok(slug)
}

/// `content/<folder>/<stem>.md` under `root`, its folder made.
fn content_file(root: &Path, folder: &str, stem: &str) -> Result<PathBuf, Error> {
    let dir = root.join("content").join(folder);
    std::fs::create_dir_all(&dir).map_err(|e| Error::write(&dir, e))?;
    Ok(dir.join(format!("{stem}.md")))
}

/// Writes `content/people/<id>.md` for `name` (the id is the name, slugified): a skeleton
/// with its party and roles to fill in. Returns the path.
pub fn new_person(root: &Path, name: &str) -> Result<PathBuf, Error> {
    let id = slug_of("name", name)?;
    let path = content_file(root, "people", &id)?;
    let text = format!(
        r#"---
name: {name}
# party: Ukraine                # the declared party they speak for; leave out for an observer
roles:                          # oldest first; from and to are optional, both inclusive
  - {{title: "Their role"}}       # e.g. {{title: "Foreign minister", from: 2024-09-05, to: 2025-11-28}}
---

Who they are, in a sentence or two. Claims name them with `by: {id}`.
"#,
        name = yaml_string(name)
    );
    write_new(&path, &text)?;
    Ok(path)
}

fn yaml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn article_skeleton(title: &str, date: Date) -> String {
    format!(
        r#"---
title: {title}
date: {date}                # publication date, YYYY-MM-DD
summary: ""                     # one or two sentences, shown in lists and the feed
# slug: my-article              # optional; defaults to the file name
draft: true                     # drafts are left out unless you build with --drafts
tags: []                        # e.g. [territory, energy]
sources:                        # where the facts come from
  # - {{name: "Outlet", url: "https://example.org/story", date: {date}}}
events:                         # dated happenings this article reports
  # - date: {date}          # YYYY-MM-DD, or YYYY-MM for "some time in"
  #   title: "What happened"
  #   place: City
  #   actors: [Party A, Party B]
  #   points: [1]               # optional links to plan points
points:                         # status claims this article reports
  # - point: 1                  # one number or a list
  #   status: open              # a key from the statuses in briefing.yaml
  #   claimed_by: "Name, role"  # who said it
  #   party: Party A            # whose position; defaults to claimed_by
  #   date: {date}          # when the claim was made; defaults to the article date
  #   note: "what was said"
  #   part: "the part of the point it covers"  # only when it covers part of the point
---

Write the article here. Link to a point with a relative path, e.g. [point 1](../points/1-first-point.md).
"#,
        title = yaml_string(title)
    )
}

/// Writes a new briefing into `dir`, which must be empty or missing.
pub fn init(dir: &Path) -> Result<(), Error> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| Error::read(dir, e))?;
        if entries.next().is_some() {
            return Err(Error::Refused(format!(
                "{} is not empty; `briefing init` only writes into an empty or new folder",
                dir.display()
            )));
        }
    }
    let schema = crate::schema::pretty(&crate::schema::settings())?;
    let schema_file = format!("{}/{}", links::SCHEMAS, links::SETTINGS_SCHEMA);
    let generated = [(schema_file.as_str(), schema.as_str())];
    let year = chrono::Datelike::year(&chrono::Local::now().date_naive()).to_string();
    for (rel, text) in INIT_FILES.iter().copied().chain(generated) {
        let text = &text.replace(
            "\"briefing.invalid,YEAR\"",
            &format!("\"briefing.invalid,{year}\""),
        );
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
        }
        write_new(&path, text)?;
    }
    Ok(())
}

/// Where `init` writes the briefing's CI workflow (`docs/github-pages.yml` is the same file).
pub const WORKFLOW: &str = ".github/workflows/briefing.yml";
/// The script the workflow installs the tool with (`docs/install-briefing.sh`).
pub const INSTALL_SCRIPT: &str = ".github/install-briefing.sh";

fn write_new(path: &Path, text: &str) -> Result<(), Error> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::Refused(format!(
                    "{} already exists; not overwriting it",
                    path.display()
                ))
            } else {
                Error::write(path, e)
            }
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::write(path, e))
}

const INIT_FILES: &[(&str, &str)] = &[
    (WORKFLOW, include_str!("../docs/github-pages.yml")),
    (INSTALL_SCRIPT, include_str!("../docs/install-briefing.sh")),
    (
        "briefing.yaml",
        r#"# yaml-language-server: $schema=schemas/briefing.schema.json
# (`briefing schema` refreshes the schemas with this briefing's own keys.)
title: "A new briefing"
description: "Where the talks stand, point by point."
language: en
# base_url: "https://example.org/briefing/"   # set when you publish (feed, sitemap, canonical)
# Who names the ids of feed entries and calendar events: a domain or email you own, and the
# year you set it. Put yours in place of briefing.invalid before you publish, then keep it.
tag_authority: "briefing.invalid,YEAR"
plan:
  title: "The plan"
  blocks:
    - {id: 1, title: "First block"}
    - {id: 2, title: "Second block"}
statuses:
  - {key: agreed, label: "Agreed", meaning: "The parties say this point is settled."}
  - {key: open, label: "Open", meaning: "Still under negotiation."}
  - {key: disputed, label: "Disputed", meaning: "The parties state conflicting positions."}
  - {key: rejected, label: "Rejected", meaning: "A party has said it will not accept it."}
  - {key: unknown, label: "No statement found", meaning: "No public statement on this point has been found."}
"#,
    ),
    (
        "content/_index.md",
        r#"---
title: "A new briefing"
summary: "Where the talks stand, point by point."
---

This is the lead of the home page. Say in a few sentences where the negotiation stands.
"#,
    ),
    (
        "content/points/1-first-point.md",
        r#"---
number: 1
block: 1
title: "First point"
summary: "What the first point provides, in one line."
---

What the point says, in your own words.
"#,
    ),
    (
        "content/points/2-second-point.md",
        r#"---
number: 2
block: 2
title: "Second point"
summary: "What the second point provides, in one line."
---

What the point says, in your own words.
"#,
    ),
    (
        "content/articles/2025-01-15-talks-open.md",
        r#"---
title: "Talks open"
date: 2025-01-15
summary: "The parties meet for a first round."
tags: [talks]
sources:
  - {name: "Example outlet", url: "https://example.org/story", date: 2025-01-15}
events:
  - {date: 2025-01-14, title: "First round of talks", place: Geneva, actors: [Party A, Party B], points: [1]}
points:
  - {point: 1, status: open, claimed_by: "Spokesperson of Party A", party: Party A}
  - {point: 2, status: agreed, claimed_by: "Spokesperson of Party B", party: Party B, note: "said to be settled"}
---

The parties met for a first round. See [the first point](../points/1-first-point.md).
"#,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_refuses_a_non_empty_folder() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("x"), "keep").unwrap();
        assert!(init(tmp.path()).is_err());
        assert_eq!(
            std::fs::read_to_string(tmp.path().join("x")).unwrap(),
            "keep"
        );
    }

    #[test]
    fn new_article_refuses_to_overwrite() {
        let tmp = tempfile::tempdir().unwrap();
        let p = new_article(tmp.path(), "Talks resume", Date::parse("2025-12-08").ok()).unwrap();
        assert!(p.ends_with("content/articles/2025-12-08-talks-resume.md"));
        let err =
            new_article(tmp.path(), "Talks resume", Date::parse("2025-12-08").ok()).unwrap_err();
        assert!(err.to_string().contains("already exists"), "{err}");
    }
}
