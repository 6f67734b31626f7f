//! A build's output: staged in a hidden sibling of the target, under the output's lock, and
//! swapped into place on `commit`; a build that fails before it leaves the previous output as
//! it was.

use super::{MARKER, Sink, check_target, exchange, marker_text, safe_path, write_file};
use crate::diagnostics::Error;
use rustc_hash::FxHashSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// A build in progress: files go to a hidden sibling of the target, unique to this run,
/// until `commit` swaps it into place. The run holds the output's lock from `begin` until it
/// is dropped, so two builds into one output never mix.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
    /// The folders made so far, as paths relative to `dir`: a folder that many files share
    /// (the search index's, a section's) is made once, not asked for again (a `mkdir` that
    /// fails, then a `stat`) for each of its files. Kept as text, which hashes in a few steps
    /// (a `Path` hashes part by part).
    made: Mutex<FxHashSet<String>>,
    _lock: std::fs::File,
}

/// What a build does when another holds the output's lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Wait for it, calling the given function once first (to say so).
    Yes,
    /// Fail at once.
    No,
}

impl Staging {
    /// Takes the output's lock (waiting per `wait`, calling `waiting` before it blocks),
    /// checks that `target` is ours (or empty, or missing), removes what dead runs left
    /// behind, and opens a fresh staging folder.
    pub fn begin(target: &Path, wait: Wait, waiting: &dyn Fn(&Path)) -> Result<Staging, Error> {
        let (lock, parent, name) = lock_output(target, wait, waiting)?;
        let parent = parent.as_path();
        check_target(target)?;
        remove_leftovers(parent, &name)?;
        // The in-place writer's manifest would no longer speak for the output this run swaps
        // in: without it, the next in-place build compares the files themselves.
        let manifest = parent.join(format!(".{name}.manifest"));
        if manifest.exists() {
            std::fs::remove_file(&manifest).map_err(|e| Error::write(&manifest, e))?;
        }
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir = parent.join(format!(".{name}.staging-{}-{stamp}", std::process::id()));
        write_file(&dir, MARKER, marker_text().as_bytes())?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
            made: Mutex::default(),
            _lock: lock,
        })
    }

    /// Swaps the staging folder into place of the target. On Linux the two are exchanged in
    /// one step, so the output path never goes missing; elsewhere it takes two renames.
    pub fn commit(mut self) -> Result<(), Error> {
        if self.target.exists() {
            if exchange(&self.dir, &self.target)? {
                // The old output is where the staging folder was.
                self.committed = true;
                return remove_tree(&self.dir);
            }
            let old = self.dir.with_extension("old");
            std::fs::rename(&self.target, &old).map_err(|e| Error::write(&self.target, e))?;
            if let Err(e) = std::fs::rename(&self.dir, &self.target) {
                let _ = std::fs::rename(&old, &self.target);
                return Err(Error::write(&self.target, e));
            }
            self.committed = true;
            return remove_tree(&old);
        }
        std::fs::rename(&self.dir, &self.target).map_err(|e| Error::write(&self.target, e))?;
        self.committed = true;
        Ok(())
    }
}

/// Takes the output's lock, `.<name>.lock` beside it (waiting per `wait`, calling `waiting`
/// before it blocks); returns it with the output's parent folder and name.
pub(super) fn lock_output(
    target: &Path,
    wait: Wait,
    waiting: &dyn Fn(&Path),
) -> Result<(std::fs::File, PathBuf, String), Error> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".to_string());
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    std::fs::create_dir_all(&parent).map_err(|e| Error::write(&parent, e))?;
    let lock = lock(&parent.join(format!(".{name}.lock")), target, wait, waiting)?;
    Ok((lock, parent, name))
}

/// Takes the exclusive lock on `path` (created if missing).
fn lock(
    path: &Path,
    target: &Path,
    wait: Wait,
    waiting: &dyn Fn(&Path),
) -> Result<std::fs::File, Error> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| Error::write(path, e))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) if wait == Wait::Yes => {
            waiting(target);
            file.lock().map_err(|e| Error::write(path, e))?;
            Ok(file)
        }
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::Busy {
            path: target.to_path_buf(),
        }),
        Err(std::fs::TryLockError::Error(e)) => Err(Error::write(path, e)),
    }
}

/// Removes staging and old folders of `name` that earlier runs left when they died: only
/// while holding the lock (so no live run owns one), only those holding our marker, and
/// only when the process that made them is gone.
fn remove_leftovers(parent: &Path, name: &str) -> Result<(), Error> {
    let prefix = format!(".{name}.staging-");
    let entries = std::fs::read_dir(parent).map_err(|e| Error::read(parent, e))?;
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|p| p == std::process::id() || process_alive(p));
        let path = entry.path();
        if alive {
            continue;
        }
        if path.join(MARKER).is_file() {
            remove_tree(&path)?;
        } else {
            // Killed before its marker was written: only an empty folder is taken away.
            let _ = std::fs::remove_dir(&path);
        }
    }
    Ok(())
}

/// Whether a process runs (Linux: its /proc entry exists; elsewhere assumed gone, since the
/// lock already rules out a live build).
fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    proc.is_dir() && proc.join(pid.to_string()).exists()
}

impl Staging {
    /// Makes the folder of the file `rel` (whose path is `path`), and those above it, unless
    /// this run made it already.
    fn folder_of(&self, rel: &str, path: &Path) -> Result<(), Error> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        let key = rel.rsplit_once('/').map_or("", |(folder, _)| folder);
        let made = || self.made.lock().unwrap_or_else(PoisonError::into_inner);
        if made().contains(key) {
            return Ok(());
        }
        std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
        made().insert(key.to_string());
        Ok(())
    }
}

impl Sink for Staging {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        let path = safe_path(&self.dir, rel)?;
        self.folder_of(rel, &path)?;
        std::fs::write(&path, bytes).map_err(|e| Error::write(&path, e))
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Error> {
        let dest = safe_path(&self.dir, rel)?;
        self.folder_of(rel, &dest)?;
        std::fs::copy(from, &dest)
            .map(|_| ())
            .map_err(|e| Error::read(from, e))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Removes a previous output folder, its top-level folders in parallel (a large briefing has
/// thousands of article folders, and removing them one by one dominated the swap).
fn remove_tree(dir: &Path) -> Result<(), Error> {
    use rayon::prelude::*;
    let mut children = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::read(dir, e))? {
        let entry = entry.map_err(|e| Error::read(dir, e))?;
        let path = entry.path();
        if entry
            .file_type()
            .map_err(|e| Error::read(&path, e))?
            .is_dir()
        {
            for inner in std::fs::read_dir(&path).map_err(|e| Error::read(&path, e))? {
                children.push(inner.map_err(|e| Error::read(&path, e))?.path());
            }
        }
    }
    children.par_iter().try_for_each(|p| {
        let removed = if p.is_dir() {
            std::fs::remove_dir_all(p)
        } else {
            std::fs::remove_file(p)
        };
        removed.map_err(|e| Error::write(p, e))
    })?;
    // The marker goes last: a run killed midway leaves a folder that still proves whose it is.
    for entry in std::fs::read_dir(dir).map_err(|e| Error::read(dir, e))? {
        let path = entry.map_err(|e| Error::read(dir, e))?.path();
        if path.file_name().is_some_and(|n| n != MARKER) {
            let removed = if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            removed.map_err(|e| Error::write(&path, e))?;
        }
    }
    std::fs::remove_dir_all(dir).map_err(|e| Error::write(dir, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_swaps_and_failure_leaves_old_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = Staging::begin(&out, Wait::Yes, &|_| {}).unwrap();
        s.put("a/index.html", b"one").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"one");

        let s = Staging::begin(&out, Wait::Yes, &|_| {}).unwrap();
        s.put("a/index.html", b"two").unwrap();
        drop(s); // a failed build
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"one");
        let left: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("staging"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn files_of_shared_and_nested_folders_are_all_written_and_each_folder_is_noted_once() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = Staging::begin(&out, Wait::Yes, &|_| {}).unwrap();
        // `a` holds no file of its own until after `a/b` is made; `a/b` and the top are
        // shared by several files; a static file is copied into a folder already made.
        let files: [(&str, &[u8]); 5] = [
            ("a/b/one.html", b"1"),
            ("a/b/two.html", b"2"),
            ("a/three.html", b"3"),
            ("top.html", b"4"),
            ("a/b/c/four.html", b"5"),
        ];
        for (rel, bytes) in files {
            s.put(rel, bytes).unwrap();
        }
        let source = tmp.path().join("style.css");
        std::fs::write(&source, b"css").unwrap();
        s.copy("a/b/style.css", &source).unwrap();
        let mut made: Vec<String> = s.made.lock().unwrap().iter().cloned().collect();
        made.sort();
        assert_eq!(made, ["", "a", "a/b", "a/b/c"]);
        s.commit().unwrap();
        for (rel, bytes) in files.into_iter().chain([("a/b/style.css", &b"css"[..])]) {
            assert_eq!(std::fs::read(out.join(rel)).unwrap(), bytes, "{rel}");
        }
    }

    #[test]
    fn foreign_folder_is_refused_and_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("precious.txt"), b"keep").unwrap();
        assert!(matches!(
            Staging::begin(&out, Wait::Yes, &|_| {}),
            Err(Error::ForeignOutput { .. })
        ));
        assert_eq!(std::fs::read(out.join("precious.txt")).unwrap(), b"keep");
    }

    #[test]
    fn writes_cannot_escape() {
        let tmp = tempfile::tempdir().unwrap();
        let s = Staging::begin(&tmp.path().join("public"), Wait::Yes, &|_| {}).unwrap();
        assert!(s.put("../evil.html", b"x").is_err());
        assert!(s.put("/etc/evil", b"x").is_err());
        assert!(!tmp.path().join("evil.html").exists());
    }
}
