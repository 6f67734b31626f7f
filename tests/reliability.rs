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
            name.contains(".staging") || name.ends_with(".old")
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

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_or_the_new_output_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let (site_a, site_b) = (tmp.path().join("a"), tmp.path().join("b"));
    big_site(&site_a, 400, "First");
    big_site(&site_b, 400, "Second");
    let (ref_a, ref_b) = (tmp.path().join("ref-a"), tmp.path().join("ref-b"));
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
    let out = tmp.path().join("work/public");
    assert!(build_cmd(&site_a, &out).output().unwrap().status.success());
    // Deterministic "random" moments, from a fixed seed.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for round in 0..10 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = std::time::Duration::from_millis(seed % 400);
        let site = if round % 2 == 0 { &site_b } else { &site_a };
        let mut child = build_cmd(site, &out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let tree = common::snapshot_tree(&out);
        assert!(
            tree == tree_a || tree == tree_b,
            "round {round} (killed after {delay:?}): the output is neither the old nor the new one whole"
        );
    }
    let last = build_cmd(&site_b, &out).output().unwrap();
    assert!(
        last.status.success(),
        "{}",
        String::from_utf8_lossy(&last.stderr)
    );
    assert!(common::snapshot_tree(&out) == tree_b);
    assert!(
        leftovers(&tmp.path().join("work")).is_empty(),
        "stale staging folders are removed"
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
