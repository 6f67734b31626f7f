//! Nothing lost under pressure: concurrent builds into one output, builds killed midway,
//! and a build that must not wait.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A site of `n` articles on the trade fixture's plan.
fn big_site(dir: &Path, n: usize, title: &str) {
    common::copy_dir(&common::fixture("trade"), dir);
    let articles = dir.join("content/articles");
    for i in 0..n {
        std::fs::write(
            articles.join(format!("2024-05-{:02}-note-{i}.md", i % 28 + 1)),
            format!(
                "---\ntitle: \"{title} {i}\"\ndate: 2024-05-{:02}\ntags: [t{}]\n---\n\nNote {i} on [clause 2](../points/2.md).\n",
                i % 28 + 1,
                i % 7
            ),
        )
        .unwrap();
    }
}

/// A site of `n` notes built once into `public/`: the temporary folder, the site, the output.
fn built_site(n: usize) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    big_site(&site, n, "Note");
    let out = tmp.path().join("public");
    assert!(build_cmd(&site, &out).output().unwrap().status.success());
    (tmp, site, out)
}

fn build_cmd(site: &Path, out: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_briefing"));
    cmd.args(["build", "--root"])
        .arg(site)
        .arg("--out")
        .arg(out);
    cmd
}

fn leftovers(parent: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.contains(".staging") || name.ends_with(".old") || name.contains(".pending")
        })
        .collect()
}

#[test]
fn three_builds_at_once_leave_one_whole_output() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    big_site(&site, 800, "Note");
    let out = tmp.path().join("public");
    let runs: Vec<_> = (0..3)
        .map(|_| {
            build_cmd(&site, &out)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for run in runs {
        let result = run.wait_with_output().unwrap();
        assert!(
            result.status.success(),
            "{}",
            String::from_utf8_lossy(&result.stderr)
        );
    }
    let alone = tmp.path().join("alone");
    assert!(build_cmd(&site, &alone).output().unwrap().status.success());
    let (got, want) = (common::snapshot_tree(&out), common::snapshot_tree(&alone));
    assert!(got.len() > 800, "{} files", got.len());
    assert!(
        got == want,
        "the output equals a single build's, byte for byte"
    );
    assert!(
        leftovers(tmp.path()).is_empty(),
        "{:?}",
        leftovers(tmp.path())
    );
}

/// Two sites' reference outputs, and a working output built from the first.
fn two_sites(tmp: &Path) -> (PathBuf, PathBuf, Tree, Tree) {
    let (site_a, site_b) = (tmp.join("a"), tmp.join("b"));
    big_site(&site_a, 400, "First");
    big_site(&site_b, 400, "Second");
    let (ref_a, ref_b) = (tmp.join("ref-a"), tmp.join("ref-b"));
    assert!(
        build_cmd(&site_a, &ref_a)
            .output()
            .unwrap()
            .status
            .success()
    );
    assert!(
        build_cmd(&site_b, &ref_b)
            .output()
            .unwrap()
            .status
            .success()
    );
    let (tree_a, tree_b) = (common::snapshot_tree(&ref_a), common::snapshot_tree(&ref_b));
    assert!(tree_a != tree_b);
    (site_a, site_b, tree_a, tree_b)
}

type Tree = std::collections::BTreeMap<String, Vec<u8>>;

/// Kills builds alternating between the two sites at ten seeded moments, checking the output
/// after each with `whole`; then a build that runs to the end must give the second site's
/// output exactly.
fn kill_at_random(extra: &[&str], whole: impl Fn(&Tree, &Tree, &Tree) -> Result<(), String>) {
    let tmp = tempfile::tempdir().unwrap();
    let (site_a, site_b, tree_a, tree_b) = two_sites(tmp.path());
    let out = tmp.path().join("work/public");
    assert!(
        build_cmd(&site_a, &out)
            .args(extra)
            .output()
            .unwrap()
            .status
            .success()
    );
    // Deterministic "random" moments, from a fixed seed.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for round in 0..10 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = std::time::Duration::from_millis(seed % 400);
        let site = if round % 2 == 0 { &site_b } else { &site_a };
        let mut child = build_cmd(site, &out)
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let tree = common::snapshot_tree(&out);
        if let Err(why) = whole(&tree, &tree_a, &tree_b) {
            panic!("round {round} (killed after {delay:?}): {why}");
        }
    }
    let last = build_cmd(&site_b, &out).args(extra).output().unwrap();
    assert!(
        last.status.success(),
        "{}",
        String::from_utf8_lossy(&last.stderr)
    );
    assert!(
        common::snapshot_tree(&out) == tree_b,
        "the next build finishes the job"
    );
    assert!(
        leftovers(&tmp.path().join("work")).is_empty(),
        "stale staging or pending folders are removed"
    );
}

#[test]
fn an_atomic_build_killed_at_any_moment_leaves_the_old_or_the_new_output_whole() {
    kill_at_random(&["--atomic"], |tree, a, b| {
        (tree == a || tree == b)
            .then_some(())
            .ok_or("the output is neither the old nor the new one whole".into())
    });
}

#[test]
fn a_build_in_place_killed_at_any_moment_leaves_every_file_old_or_new() {
    kill_at_random(&[], |tree, a, b| {
        for (rel, bytes) in tree {
            if a.get(rel) != Some(bytes) && b.get(rel) != Some(bytes) {
                return Err(format!("{rel} is neither its old nor its new self"));
            }
        }
        Ok(())
    });
}

#[test]
fn an_io_error_during_the_commit_is_reported_and_the_next_build_finishes() {
    let tmp = tempfile::tempdir().unwrap();
    let (site_a, site_b, _, tree_b) = two_sites(tmp.path());
    let out = tmp.path().join("public");
    assert!(build_cmd(&site_a, &out).output().unwrap().status.success());
    // A folder where a changed page must go: renaming the new page over it fails, as a full
    // disk or a missing permission would.
    let page = out.join("articles/2024-05-01-note-0/index.html");
    std::fs::remove_file(&page).unwrap();
    std::fs::create_dir_all(page.join("in-the-way")).unwrap();
    let failed = build_cmd(&site_b, &out).output().unwrap();
    assert_eq!(failed.status.code(), Some(1));
    let err = String::from_utf8_lossy(&failed.stderr);
    assert!(
        err.contains("articles/2024-05-01-note-0/index.html"),
        "the path: {err}"
    );
    assert!(
        tmp.path().join(".public.journal").is_file(),
        "the journal stays"
    );
    // The files renamed before the failure are new; every file is old or new, whole.
    std::fs::remove_dir_all(&page).unwrap();
    let next = build_cmd(&site_b, &out).output().unwrap();
    assert!(
        next.status.success(),
        "{}",
        String::from_utf8_lossy(&next.stderr)
    );
    assert!(common::snapshot_tree(&out) == tree_b);
    assert!(!tmp.path().join(".public.journal").exists());
}

#[test]
fn an_unchanged_rebuild_writes_nothing_and_an_edit_writes_only_what_shows_it() {
    let (_tmp, site, out) = built_site(50);
    let before = common::stamps(&out);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = build_cmd(&site, &out).output().unwrap();
    assert!(String::from_utf8_lossy(&again.stderr).contains(" 0 written, "));
    assert_eq!(common::stamps(&out), before, "same inodes, same times");
    // One article's body: its page and the search files its words are in, nothing else.
    let article = site.join("content/articles/2024-05-03-note-2.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, text.replace("Note 2 on", "Note two, revised, on")).unwrap();
    let edited = build_cmd(&site, &out).output().unwrap();
    let after = common::stamps(&out);
    let changed: Vec<String> = after
        .iter()
        .filter(|(p, s)| before.get(*p) != Some(s))
        .map(|(p, _)| p.clone())
        .collect();
    assert!(changed.contains(&"articles/2024-05-03-note-2/index.html".to_string()));
    assert!(
        changed
            .iter()
            .all(|f| f.starts_with("articles/2024-05-03-note-2/") || f.starts_with("search/")),
        "{changed:?}"
    );
    assert!(
        String::from_utf8_lossy(&edited.stderr).contains(&format!(" {} written, ", changed.len())),
        "{}",
        String::from_utf8_lossy(&edited.stderr)
    );
}

#[test]
fn a_second_build_waits_and_says_so_or_fails_with_no_wait() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let lock = std::fs::File::create(tmp.path().join(".public.lock")).unwrap();
    lock.lock().unwrap();
    let site = common::fixture("trade");
    let busy = build_cmd(&site, &out).arg("--no-wait").output().unwrap();
    assert_eq!(busy.status.code(), Some(1));
    let err = String::from_utf8_lossy(&busy.stderr);
    assert!(
        err.contains("another build of") && err.contains("is running"),
        "{err}"
    );
    assert!(!out.exists(), "nothing written");

    let mut waiting = build_cmd(&site, &out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = waiting.stderr.take().unwrap();
    let mut first = [0u8; 27];
    std::io::Read::read_exact(&mut stderr, &mut first).unwrap();
    assert_eq!(&first, b"waiting for another build o");
    assert!(!out.exists(), "it waits for the lock");
    lock.unlock().unwrap();
    assert!(waiting.wait().unwrap().success());
    assert!(out.join("index.html").is_file());
}

#[test]
fn a_deleted_article_s_page_and_folder_are_removed_and_nothing_else_is() {
    let (tmp, site, out) = built_site(20);
    let before = common::stamps(&out);
    std::fs::remove_file(site.join("content/articles/2024-05-03-note-2.md")).unwrap();
    let again = build_cmd(&site, &out).output().unwrap();
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(again.status.success(), "{said}");
    let after = common::stamps(&out);
    let gone: Vec<&String> = before.keys().filter(|f| !after.contains_key(*f)).collect();
    assert!(
        !out.join("articles/2024-05-03-note-2").exists(),
        "its folder goes too"
    );
    assert!(gone.contains(&&"articles/2024-05-03-note-2/index.html".to_string()));
    assert!(
        gone.iter()
            .all(|f| f.starts_with("articles/2024-05-03-note-2/")
                || f.starts_with("search/")
                || f.starts_with("as-of/")
                || f.starts_with("timeline/")),
        "{gone:?}"
    );
    assert!(
        said.contains(&format!(", {} removed", gone.len())),
        "{said}"
    );
    let manifest = std::fs::read_to_string(tmp.path().join(".public.manifest")).unwrap();
    assert!(!manifest.contains("articles/2024-05-03-note-2/"));
}
