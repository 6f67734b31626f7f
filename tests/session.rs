//! Incremental rebuilds under `serve`: which files an edit rewrites.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use briefing::incremental::Session;

fn session() -> (tempfile::TempDir, std::path::PathBuf, Session) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    common::copy_dir(&common::fixture("trade"), &site);
    let options = briefing::Options {
        out: tmp.path().join("out"),
        ..briefing::Options::new(&site)
    };
    let mut session = Session::new(options);
    let first = session.update(&[]).unwrap();
    assert!(first.full && first.changed.len() > 20);
    (tmp, site, session)
}

const ARTICLE: &str = "content/articles/2024-03-01-round-one.md";

#[test]
fn a_body_edit_rewrites_only_that_article_page() {
    let (tmp, site, mut session) = session();
    let path = site.join(ARTICLE);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("Round one closed.", "Round one closed late."),
    )
    .unwrap();
    let report = session.update(std::slice::from_ref(&path)).unwrap();
    assert!(!report.full);
    assert_eq!(
        report.changed[0],
        "articles/2024-03-01-round-one/index.html"
    );
    // Besides its page, only the search index changes (the body's words are in it).
    assert!(
        report.changed[1..]
            .iter()
            .all(|f| f.starts_with("search/") && f.ends_with(".js")),
        "{:?}",
        report.changed
    );
    assert!(
        common::read(
            &tmp.path().join("out"),
            "articles/2024-03-01-round-one/index.html"
        )
        .contains("closed late")
    );
}

#[test]
fn a_title_edit_rewrites_the_pages_that_list_it() {
    let (tmp, site, mut session) = session();
    let path = site.join(ARTICLE);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("title: \"Round one closes\"", "title: \"Round one ends\""),
    )
    .unwrap();
    let report = session.update(&[path]).unwrap();
    // A listing changed: every page is rendered, only those whose bytes changed are written.
    assert!(report.full);
    for page in [
        "index.html",
        "articles/index.html",
        "articles/2024-03-01-round-one/index.html",
        "feed.xml",
        "timeline/index.html",
    ] {
        assert!(
            report.changed.iter().any(|c| c == page),
            "{page} not rewritten: {:?}",
            report.changed
        );
    }
    assert!(
        !report
            .changed
            .iter()
            .any(|c| c.starts_with("articles/2024-03-10")),
        "other articles untouched"
    );
    assert!(common::read(&tmp.path().join("out"), "index.html").contains("Round one ends"));
}

#[test]
fn a_broken_edit_fails_and_the_fix_recovers() {
    let (tmp, site, mut session) = session();
    let path = site.join(ARTICLE);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("status: signed", "status: singed")).unwrap();
    let err = session.update(std::slice::from_ref(&path)).unwrap_err();
    let briefing::Error::Invalid { diagnostics, .. } = err else {
        panic!("not an input error")
    };
    assert!(
        diagnostics[0]
            .headline()
            .contains("unknown status \"singed\"")
    );
    assert!(
        common::read(&tmp.path().join("out"), "points/2/index.html").contains("Signed off"),
        "old output kept"
    );
    std::fs::write(
        &path,
        text.replace("Round one closed.", "Round one closed, fixed."),
    )
    .unwrap();
    let report = session.update(&[path]).unwrap();
    assert!(report.warnings.is_empty());
    assert!(
        common::read(
            &tmp.path().join("out"),
            "articles/2024-03-01-round-one/index.html"
        )
        .contains("closed, fixed."),
        "the fix is served"
    );
}

#[test]
fn settings_and_new_files_reload_everything() {
    let (tmp, site, mut session) = session();
    let yaml = site.join("briefing.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, text.replace("Signed off", "Initialled")).unwrap();
    let report = session.update(&[yaml]).unwrap();
    assert!(report.full);
    assert!(common::read(&tmp.path().join("out"), "points/index.html").contains("Initialled"));
    let new = site.join("content/articles/2024-03-20-new.md");
    std::fs::write(&new, "---\ntitle: New one\ndate: 2024-03-20\n---\nNew.\n").unwrap();
    let report = session.update(&[new]).unwrap();
    assert!(report.full);
    assert!(
        tmp.path()
            .join("out/articles/2024-03-20-new/index.html")
            .is_file()
    );
}

#[test]
fn serve_writes_through_the_build_s_writer_and_a_build_after_it_writes_nothing() {
    let (tmp, site, mut session) = session();
    let out = tmp.path().join("out");
    let before = common::stamps(&out);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = session.update(&[]).unwrap();
    assert!(
        again.full && again.changed.is_empty(),
        "{:?}",
        again.changed
    );
    assert_eq!(common::stamps(&out), before, "same inodes, same times");
    // The writer's manifest beside the output lists every file serve wrote.
    let manifest = std::fs::read_to_string(tmp.path().join(".out.manifest")).unwrap();
    let listed: std::collections::BTreeSet<&str> = manifest
        .lines()
        .map(|l| l.rsplit('\t').next().unwrap())
        .collect();
    let on_disk: std::collections::BTreeSet<String> = before.into_keys().collect();
    let on_disk: std::collections::BTreeSet<&str> = on_disk
        .iter()
        .map(String::as_str)
        .filter(|f| *f != ".briefing-output")
        .collect();
    assert_eq!(listed, on_disk);
    // A build of the same site into serve's output finds every file already written.
    drop(session);
    let built = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["build", "--root"])
        .arg(&site)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&built.stderr);
    assert!(built.status.success(), "{said}");
    assert!(
        said.contains(&format!(
            "files: 0 written, {} unchanged, 0 removed",
            listed.len()
        )),
        "{said}"
    );
}
