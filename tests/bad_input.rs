//! Bad input: every case in `tests/fixtures/invalid/<case>/` must fail with exactly the
//! diagnostics in its `expected.txt` (file, line, field, message), exit status 1, and leave
//! the previous output untouched. Also: foreign output folders, `check` writing nothing,
//! escaping of every front-matter field, and inputs built to break parsers.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn briefing(args: &[&str], root: &Path, out: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_briefing"));
    cmd.args(args).arg("--root").arg(root);
    if let Some(out) = out {
        cmd.arg("--out").arg(out);
    }
    cmd.output().unwrap()
}

#[test]
fn every_invalid_case_fails_precisely_and_keeps_the_old_output() {
    let cases_dir = common::fixture("invalid");
    let mut cases: Vec<_> = std::fs::read_dir(&cases_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 25, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        common::copy_dir(&case, &site);
        std::fs::remove_file(site.join("expected.txt")).unwrap();
        let out = tmp.path().join("public");
        let good = briefing(&["build"], &common::fixture("trade"), Some(&out));
        assert!(good.status.success(), "{name}: the previous build failed");
        let before = common::snapshot_tree(&out);

        let run = briefing(&["build"], &site, Some(&out));
        let stderr = String::from_utf8_lossy(&run.stderr);
        let got: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("error:") || l.starts_with("warning:"))
            .collect();
        let expected = std::fs::read_to_string(case.join("expected.txt")).unwrap();
        let expected: Vec<&str> = expected.lines().collect();
        if run.status.code() != Some(1) {
            failures.push(format!("{name}: exit status {:?}", run.status.code()));
        }
        if got != expected {
            failures.push(format!("{name}:\n  expected {expected:#?}\n  got {got:#?}"));
        }
        if stderr.contains("panicked") {
            failures.push(format!("{name}: panicked\n{stderr}"));
        }
        assert!(
            expected
                .iter()
                .any(|l| l.contains(".md") || l.contains("briefing.yaml") || l.contains("content")),
            "{name}: expected names no file"
        );
        if common::snapshot_tree(&out) != before {
            failures.push(format!("{name}: the previous output changed"));
        }
        // The site, the output and the output's lock file; no staging folder.
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n != ".public.lock" && n != ".public.manifest")
            .collect();
        if leftovers.len() != 2 {
            failures.push(format!("{name}: left files behind: {leftovers:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn diagnostics_show_the_offending_line_and_underline_the_value() {
    let run = briefing(&["check"], &common::fixture("invalid/unknown-status"), None);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("12 │     status: closd\n   │             ^^^^^ points[0].status"),
        "{stderr}"
    );
}

#[test]
fn a_foreign_output_folder_is_refused_and_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("docs");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("thesis.tex"), "years of work").unwrap();
    let run = briefing(&["build"], &common::fixture("trade"), Some(&out));
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("refusing to write into") && stderr.contains("docs"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("thesis.tex")).unwrap(),
        "years of work"
    );
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
    // A file where the folder should be is refused too.
    let file = tmp.path().join("file");
    std::fs::write(&file, "x").unwrap();
    assert_eq!(
        briefing(&["build"], &common::fixture("trade"), Some(&file))
            .status
            .code(),
        Some(1)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}

#[test]
fn an_empty_output_folder_and_our_own_output_are_accepted() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    std::fs::create_dir_all(&out).unwrap();
    assert!(
        briefing(&["build"], &common::fixture("trade"), Some(&out))
            .status
            .success()
    );
    std::fs::write(out.join("stale.html"), "old").unwrap();
    assert!(
        briefing(&["build"], &common::fixture("trade"), Some(&out))
            .status
            .success()
    );
    assert_eq!(
        std::fs::read_to_string(out.join("stale.html")).unwrap(),
        "old",
        "a build never deletes what it did not write"
    );
    // What an earlier build wrote and this one does not make is removed.
    let site = tmp.path().join("site");
    common::copy_dir(&common::fixture("trade"), &site);
    std::fs::remove_file(site.join("content/articles/2024-03-01-round-one.md")).unwrap();
    let fewer = briefing(&["build"], &site, Some(&out));
    assert!(
        fewer.status.success(),
        "{}",
        String::from_utf8_lossy(&fewer.stderr)
    );
    assert!(
        !out.join("articles/2024-03-01-round-one/index.html")
            .exists()
    );
    assert!(
        !out.join("articles/2024-03-01-round-one").exists(),
        "the folder it leaves empty goes too"
    );
    assert!(out.join("stale.html").exists());
    // With --atomic the output is replaced as a whole.
    let atomic = briefing(&["build", "--atomic"], &site, Some(&out));
    assert!(atomic.status.success());
    assert!(
        !out.join("stale.html").exists(),
        "--atomic swaps the whole tree"
    );
}

#[test]
fn check_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    common::copy_dir(&common::fixture("trade"), &site);
    let before = common::snapshot_tree(tmp.path());
    let run = briefing(&["check"], &site, None);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(common::snapshot_tree(tmp.path()), before);
    assert!(!site.join("public").exists());
}

const SCRIPT: &str = "<script>alert(1)</script>";

#[test]
fn script_in_any_field_is_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let s = SCRIPT;
    let files = [
        (
            "briefing.yaml",
            format!(
                "title: \"{s}\"\ndescription: \"{s}\"\nplan:\n  title: \"{s}\"\n  blocks:\n    - {{id: \"{s}\", title: \"{s}\", summary: \"{s}\"}}\nstatuses:\n  - {{key: open, label: \"{s}\", meaning: \"{s}\"}}\n"
            ),
        ),
        (
            "content/_index.md",
            format!("---\ntitle: \"{s}\"\nsummary: \"{s}\"\n---\n{s}\n"),
        ),
        (
            "content/points/1.md",
            format!("---\nnumber: 1\nblock: \"{s}\"\ntitle: \"{s}\"\nsummary: \"{s}\"\n---\n{s}\n"),
        ),
        (
            "content/articles/a.md",
            format!(
                "---\ntitle: \"{s}\"\ndate: 2025-12-01\nsummary: \"{s}\"\ntags: [\"{s}\"]\nsources:\n  - {{name: \"{s}\", url: \"https://x.example/?q=\\\"><script>\"}}\nevents:\n  - {{date: 2025-12-01, title: \"{s}\", place: \"{s}\", actors: [\"{s}\"], points: [1]}}\npoints:\n  - {{point: 1, status: open, claimed_by: \"{s}\", party: \"{s}\", note: \"{s}\"}}\n---\n{s}\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n"
            ),
        ),
    ];
    for (rel, text) in &files {
        let p = site.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let out = tmp.path().join("public");
    let run = briefing(&["build"], &site, Some(&out));
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut pages = 0;
    for (rel, bytes) in common::snapshot_tree(&out) {
        // Pages and XML are markup; JSON, CSV and iCalendar carry the text as data.
        if !(rel.ends_with(".html") || rel.ends_with(".xml")) {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        assert!(!text.contains("<script>alert"), "{rel} carries the script");
        assert!(!text.contains("<img src=x"), "{rel} carries raw html");
        assert!(
            !text.contains("href=\"javascript:"),
            "{rel} carries a script link"
        );
        assert!(
            !text.contains("\"><script>"),
            "{rel}: attribute broken out of"
        );
        pages += 1;
    }
    assert!(pages > 8);
    let article = common::read(&out, "articles/a/index.html");
    assert!(
        article.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || article.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "shown as text"
    );
}

#[test]
fn inputs_built_to_break_parsers_do_not_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    common::copy_dir(&common::fixture("trade"), &site);
    let articles = site.join("content/articles");
    let nested_quotes = ">".repeat(20_000) + " deep\n";
    let nested_lists: String = (0..3_000)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect();
    let brackets = "[".repeat(50_000) + "x" + &"]".repeat(50_000);
    let huge = "Lorem ipsum dolor sit amet. ".repeat(400_000); // about 11 MB
    for (name, body) in [
        ("quotes", nested_quotes),
        ("lists", nested_lists),
        ("brackets", brackets),
        ("huge", huge),
    ] {
        std::fs::write(
            articles.join(format!("2024-04-01-{name}.md")),
            format!("---\ntitle: {name}\ndate: 2024-04-01\n---\n{body}"),
        )
        .unwrap();
    }
    let deep_yaml = format!(
        "---\ntitle: x\ndate: 2024-04-02\nsummary: {}{}\n---\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    std::fs::write(articles.join("2024-04-02-deep-yaml.md"), deep_yaml).unwrap();
    std::fs::write(articles.join("2024-04-03-empty.md"), "").unwrap();
    std::fs::write(articles.join("2024-04-04-fence.md"), "---").unwrap();
    let run = briefing(&["build"], &site, Some(&tmp.path().join("out")));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        run.status.code(),
        Some(1),
        "the empty, fence-only and deep-YAML files are errors"
    );
    assert!(
        stderr.contains("2024-04-03-empty.md: no front matter"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2024-04-04-fence.md:1: unterminated front matter"),
        "{stderr}"
    );
    assert!(stderr.contains("2024-04-02-deep-yaml.md:4"), "{stderr}");
    for bad in [
        "2024-04-02-deep-yaml.md",
        "2024-04-03-empty.md",
        "2024-04-04-fence.md",
    ] {
        std::fs::remove_file(articles.join(bad)).unwrap();
    }
    let run = briefing(&["build"], &site, Some(&tmp.path().join("out")));
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn an_empty_content_folder_builds_an_empty_briefing() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("site/content")).unwrap();
    let out = tmp.path().join("out");
    let run = briefing(&["build"], &tmp.path().join("site"), Some(&out));
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let home = common::read(&out, "index.html");
    assert!(home.contains("No articles yet."));
    assert!(common::read(&out, "timeline/index.html").contains("Nothing on the timeline yet."));
}

/// Command-line usage errors exit with 2, as README says; input errors exit with 1.
#[test]
fn usage_errors_exit_with_two() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(args)
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stderr).unwrap())
    };
    let root = tmp.path().to_str().unwrap();
    let (code, err) = run(&[
        "new",
        "article",
        "Talks",
        "--date",
        "2025-13-01",
        "--root",
        root,
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("--date"), "{err}");
    let (code, err) = run(&[
        "build",
        "--root",
        root,
        "--base-url",
        "example.org/briefing",
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("not an absolute URL"), "{err}");
    let (code, err) = run(&[
        "new",
        "article",
        "Talks",
        "--date",
        "2025-12-01",
        "--root",
        root,
    ]);
    assert_eq!(code, Some(0), "{err}");
    let (code, err) = run(&[
        "new",
        "article",
        "Talks",
        "--date",
        "2025-12-01",
        "--root",
        root,
    ]);
    assert_eq!(
        code,
        Some(1),
        "a refusal to overwrite is not a usage error: {err}"
    );
    assert!(err.contains("already exists"), "{err}");
}

/// `--message-format json` prints one JSON object per diagnostic, matching the human
/// diagnostics one to one, with the same exit status, on every invalid fixture.
#[test]
fn json_diagnostics_match_the_human_ones_on_every_invalid_case() {
    let mut cases: Vec<_> = std::fs::read_dir(common::fixture("invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    for case in cases {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        common::copy_dir(&case, &site);
        let human = briefing(&["check"], &site, None);
        let json = briefing(&["check", "--message-format", "json"], &site, None);
        assert_eq!(human.status.code(), json.status.code(), "{case:?}");
        let want: Vec<String> = String::from_utf8_lossy(&human.stderr)
            .lines()
            .filter(|l| l.starts_with("error: ") || l.starts_with("warning: "))
            .filter(|l| !l.starts_with("error: the input has"))
            .map(String::from)
            .collect();
        let got: Vec<String> = String::from_utf8_lossy(&json.stdout)
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("a JSON object per line");
                let mut at = v["path"].as_str().unwrap().to_string();
                if let Some(n) = v["line"].as_u64() {
                    at.push_str(&format!(":{n}"));
                    if let Some(c) = v["column"].as_u64() {
                        at.push_str(&format!(":{c}"));
                    }
                }
                let field = v["field"]
                    .as_str()
                    .map(|f| format!("{f}: "))
                    .unwrap_or_default();
                format!(
                    "{}: {at}: {field}{}",
                    v["severity"].as_str().unwrap(),
                    v["message"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(got, want, "{case:?}");
    }
}

/// `--message-format github` prints workflow commands GitHub turns into annotations.
#[test]
fn github_annotations_name_file_line_and_field() {
    let case = common::fixture("invalid/unknown-status");
    let run = briefing(&["check", "--message-format", "github"], &case, None);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&run.stdout).trim(),
        "::error file=content/articles/2025-12-01-talks-open.md,line=12,col=13,title=points[0].status::unknown status \"closd\"; expected one of agreed, open, disputed, rejected, unknown"
    );
}
