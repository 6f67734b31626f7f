//! `briefing schema` and `init`'s editor files: the schemas validate every front matter of the
//! shipped briefing and the fixtures, reject unknown status keys and typo'd keys, and the
//! workflow `init` writes parses and names its steps.

#![allow(clippy::unwrap_used)]

mod common;

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn briefing() -> Command {
    Command::new(env!("CARGO_BIN_EXE_briefing"))
}

/// Runs `briefing schema --root ROOT --out TMP` and returns the four schemas by file name.
fn schemas_of(root: &Path) -> (tempfile::TempDir, Vec<(String, Value)>) {
    let tmp = tempfile::tempdir().unwrap();
    let out = briefing()
        .args(["schema", "--root"])
        .arg(root)
        .arg("--out")
        .arg(tmp.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("wrote 7 schemas into "));
    let mut all = Vec::new();
    for name in [
        "briefing.schema.json",
        "point.schema.json",
        "article.schema.json",
        "home.schema.json",
        "person.schema.json",
        "glossary.schema.json",
        "translation.schema.json",
    ] {
        let text = std::fs::read_to_string(tmp.path().join(name)).unwrap();
        let schema: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{name}"
        );
        all.push((name.to_string(), schema));
    }
    (tmp, all)
}

fn schema<'a>(all: &'a [(String, Value)], name: &str) -> &'a Value {
    &all.iter().find(|(n, _)| n == name).unwrap().1
}

/// The front matter of a Markdown file as JSON (YAML read by the loader's own reader).
fn front_matter(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let split = briefing::front_matter::split(&text).unwrap();
    briefing::front_matter::parse_yaml::<Value>(split.yaml, split.yaml_line)
        .unwrap()
        .0
}

fn problems(schema: &Value, instance: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).unwrap();
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Every front matter of a site and its settings, with the schema that should accept it.
fn documents(root: &Path) -> Vec<(String, &'static str, Value)> {
    let settings = std::fs::read_to_string(root.join("briefing.yaml")).unwrap();
    let settings = briefing::front_matter::parse_yaml::<Value>(&settings, 1)
        .unwrap()
        .0;
    let mut docs = vec![(
        "briefing.yaml".to_string(),
        "briefing.schema.json",
        settings,
    )];
    for entry in walkdir::WalkDir::new(root.join("content")).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let translation = path
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| s.rsplit_once('.'))
            .is_some_and(|(_, code)| code.len() == 2);
        let kind = if translation {
            "translation.schema.json"
        } else if rel.starts_with("content/points/") {
            "point.schema.json"
        } else if rel.starts_with("content/articles/") {
            "article.schema.json"
        } else if rel == "content/glossary.md" {
            "glossary.schema.json"
        } else if rel.starts_with("content/people/") {
            "person.schema.json"
        } else {
            "home.schema.json"
        };
        docs.push((rel, kind, front_matter(path)));
    }
    docs
}

#[test]
fn the_schemas_accept_every_front_matter_of_the_shipped_briefing_and_the_fixtures() {
    for root in [
        common::repo(),
        common::fixture("versions"),
        common::fixture("trade"),
        common::fixture("editions"),
    ] {
        let (_tmp, all) = schemas_of(&root);
        let docs = documents(&root);
        assert!(docs.len() > 3, "{}", root.display());
        for (rel, kind, doc) in &docs {
            let found = problems(schema(&all, kind), doc);
            assert!(found.is_empty(), "{} {rel}: {found:?}", root.display());
        }
        // The general schemas (outside any site) accept them too.
        for (name, general) in briefing::schema::schemas(None) {
            for (rel, _, doc) in docs.iter().filter(|(_, kind, _)| *kind == name) {
                assert!(problems(&general, doc).is_empty(), "{rel}");
            }
        }
    }
}

#[test]
fn a_sites_schema_rejects_an_unknown_status_a_typod_key_and_an_unknown_point() {
    let root = common::repo();
    let (_tmp, all) = schemas_of(&root);
    let article = schema(&all, "article.schema.json");
    let good: Value = serde_json::json!({
        "title": "Talks", "date": "2025-12-02",
        "points": [{"point": 19, "status": "open", "claimed_by": "A spokesman", "party": "Kyiv"}]
    });
    assert!(problems(article, &good).is_empty());

    let mut bad_status = good.clone();
    bad_status["points"][0]["status"] = "agred".into();
    let found = problems(article, &bad_status);
    assert!(
        found.iter().any(|p| p.contains("/points/0/status")),
        "{found:?}"
    );

    let mut typo = good.clone();
    typo["points"][0]["claimed_bye"] = typo["points"][0]["claimed_by"].clone();
    let found = problems(article, &typo);
    assert!(found.iter().any(|p| p.contains("claimed_bye")), "{found:?}");

    let mut top_typo = good.clone();
    top_typo["titel"] = "Talks".into();
    assert!(!problems(article, &top_typo).is_empty());

    let mut unknown_point = good.clone();
    unknown_point["points"][0]["point"] = 99.into();
    assert!(!problems(article, &unknown_point).is_empty());

    let mut unknown_party = good;
    unknown_party["points"][0]["party"] = "Atlantis".into();
    assert!(!problems(article, &unknown_party).is_empty());

    let point = schema(&all, "point.schema.json");
    let good_point: Value = serde_json::json!({"number": 30, "block": "A", "title": "New", "versions": {"e3": {"number": 30}}});
    assert!(problems(point, &good_point).is_empty());
    let mut bad_block = good_point.clone();
    bad_block["block"] = 42.into();
    assert!(!problems(point, &bad_block).is_empty());
    let mut bad_version = good_point.clone();
    bad_version["versions"] = serde_json::json!({"e4": {"number": 30}});
    assert!(!problems(point, &bad_version).is_empty());

    let settings = schema(&all, "briefing.schema.json");
    let typo: Value = serde_json::json!({"title": "T", "langauge": "en"});
    assert!(!problems(settings, &typo).is_empty());
    let bad_status: Value = serde_json::json!({"statuses": [{"key": "open", "colour": "red"}]});
    assert!(!problems(settings, &bad_status).is_empty());
}

#[test]
fn the_sites_own_keys_become_enums() {
    let (_tmp, all) = schemas_of(&common::fixture("versions"));
    let settings =
        std::fs::read_to_string(common::fixture("versions").join("briefing.yaml")).unwrap();
    let settings = briefing::front_matter::parse_yaml::<Value>(&settings, 1)
        .unwrap()
        .0;
    let ids: Vec<Value> = settings["plan"]["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].clone())
        .collect();
    let point = schema(&all, "point.schema.json");
    assert_eq!(
        point["properties"]["versions"]["propertyNames"]["enum"],
        Value::Array(ids)
    );
    // This fixture keeps the default statuses.
    assert!(settings["statuses"].is_null());
    let statuses = serde_json::json!(["agreed", "open", "disputed", "rejected", "unknown"]);
    let article = schema(&all, "article.schema.json");
    assert_eq!(
        article["$defs"]["Claim"]["properties"]["status"]["enum"],
        statuses
    );
    // Descriptions come from the types' documentation.
    assert!(
        article["properties"]["title"]["description"]
            .as_str()
            .unwrap()
            .contains("headline")
    );
}

#[test]
fn init_writes_the_settings_schema_with_its_modeline_and_a_ci_workflow() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new");
    let out = briefing().arg("init").arg(&dir).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let settings = std::fs::read_to_string(dir.join("briefing.yaml")).unwrap();
    assert!(
        settings.starts_with("# yaml-language-server: $schema=schemas/briefing.schema.json\n"),
        "{settings}"
    );
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("schemas/briefing.schema.json")).unwrap(),
    )
    .unwrap();
    let parsed = briefing::front_matter::parse_yaml::<Value>(&settings, 1)
        .unwrap()
        .0;
    assert!(problems(&schema, &parsed).is_empty());

    let text = std::fs::read_to_string(dir.join(".github/workflows/briefing.yml")).unwrap();
    assert_eq!(
        text,
        std::fs::read_to_string(common::repo().join("docs/github-pages.yml")).unwrap(),
        "docs/github-pages.yml is the workflow init writes"
    );
    let workflow = briefing::front_matter::parse_yaml::<Value>(&text, 1)
        .unwrap()
        .0;
    let runs = |job: &str| -> Vec<String> {
        workflow["jobs"][job]["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                format!(
                    "{} {}",
                    s["uses"].as_str().unwrap_or(""),
                    s["run"].as_str().unwrap_or("")
                )
            })
            .collect()
    };
    assert_eq!(
        workflow["jobs"]["check"]["if"],
        "github.event_name == 'pull_request'"
    );
    let check = runs("check");
    assert!(
        check
            .iter()
            .any(|s| s.contains("bash .github/install-briefing.sh"))
    );
    let install = std::fs::read_to_string(dir.join(".github/install-briefing.sh")).unwrap();
    assert_eq!(
        install,
        std::fs::read_to_string(common::repo().join("docs/install-briefing.sh")).unwrap(),
        "docs/install-briefing.sh is the script init writes"
    );
    assert!(check.iter().any(|s| s.contains("actions/cache@")));
    assert!(
        check
            .iter()
            .any(|s| s.contains("briefing check --message-format github"))
    );
    let build = runs("build");
    assert!(
        build
            .iter()
            .any(|s| s.contains("bash .github/install-briefing.sh"))
    );
    assert!(build.iter().any(|s| s.contains("briefing build")
        && s.contains("--base-url \"${{ steps.pages.outputs.base_url }}/\"")));
    assert!(build.iter().any(|s| s.contains("actions/deploy-pages@")));
    assert_eq!(workflow["env"]["BRIEFING_GIT"], "BRIEFING_GIT");
    assert_eq!(workflow["on"]["push"]["branches"][0], "main");
}

/// Documents on which `check` and the site's schemas must agree: each is put into a copy of
/// the trade fixture as one article or one point, checked, and validated.
#[test]
fn the_schemas_accept_what_check_accepts_and_reject_what_it_rejects() {
    let article = |front: &str| format!("---\ntitle: \"T\"\ndate: 2024-03-05\n{front}---\nBody.\n");
    let point =
        |front: &str| format!("---\nnumber: 40\nblock: ports\ntitle: \"P\"\n{front}---\nBody.\n");
    // (what, file, text, accepted by check)
    let cases: Vec<(&str, &str, String, bool)> = vec![
        (
            "the skeleton's empty lists",
            "a",
            article("tags: []\nsources:\nevents:\npoints:\n"),
            true,
        ),
        (
            "a party in lower case",
            "a",
            article(
                "points:\n  - {point: 1, status: signed, claimed_by: \"N\", party: \"  north \"}\n",
            ),
            true,
        ),
        (
            "an alias in upper case",
            "a",
            article(
                "points:\n  - {point: 1, status: signed, claimed_by: \"N\", party: NORTHERN DELEGATION}\n",
            ),
            true,
        ),
        (
            "an unknown party",
            "a",
            article("points:\n  - {point: 1, status: signed, claimed_by: \"N\", party: West}\n"),
            false,
        ),
        (
            "29 February of a leap year",
            "a",
            article("events:\n  - {date: 2024-02-29, title: \"E\"}\n"),
            true,
        ),
        (
            "30 February",
            "a",
            article("events:\n  - {date: 2025-02-30, title: \"E\"}\n"),
            false,
        ),
        (
            "29 February of another year",
            "a",
            article("events:\n  - {date: 2025-02-29, title: \"E\"}\n"),
            false,
        ),
        (
            "31 April",
            "a",
            article("events:\n  - {date: 2025-04-31, title: \"E\"}\n"),
            false,
        ),
        (
            "an ftp source",
            "a",
            article("sources:\n  - {name: \"S\", url: \"ftp://example.org/x\"}\n"),
            false,
        ),
        (
            "an https source",
            "a",
            article("sources:\n  - {name: \"S\", url: \"https://example.org/x\"}\n"),
            true,
        ),
        (
            "an empty claimed_by",
            "a",
            article("points:\n  - {point: 1, status: signed, claimed_by: \" \", party: North}\n"),
            false,
        ),
        (
            "an empty part",
            "a",
            article(
                "points:\n  - {point: 1, status: signed, claimed_by: \"N\", party: North, part: \"\"}\n",
            ),
            false,
        ),
        (
            "a part",
            "a",
            article(
                "points:\n  - {point: 1, status: signed, claimed_by: \"N\", party: North, part: \"the quotas\"}\n",
            ),
            true,
        ),
        ("a point with no versions", "p", point("versions:\n"), true),
    ];
    let root = common::fixture("trade");
    let (_tmp, all) = schemas_of(&root);
    let mut disagreements = Vec::new();
    for (what, kind, text, accepted) in &cases {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        common::copy_dir(&root, &site);
        let (rel, schema_name) = match *kind {
            "a" => ("content/articles/2024-03-05-case.md", "article.schema.json"),
            _ => ("content/points/40.md", "point.schema.json"),
        };
        std::fs::write(site.join(rel), text).unwrap();
        let check = briefing()
            .args(["check", "--root"])
            .arg(&site)
            .output()
            .unwrap();
        let by_check = check.status.success();
        let by_schema =
            problems(schema(&all, schema_name), &front_matter(&site.join(rel))).is_empty();
        assert_eq!(
            by_check,
            *accepted,
            "{what}: check {}",
            String::from_utf8_lossy(&check.stderr)
        );
        if by_schema != by_check {
            disagreements.push(format!("{what}: check {by_check}, schema {by_schema}"));
        }
    }
    assert!(disagreements.is_empty(), "{disagreements:#?}");
}
