//! Writing the output: a staging folder beside the target, the static files (embedded theme
//! first, then the site's own), the marker that identifies our output, and the swap into place.
//! A build that fails before `commit` leaves the previous output untouched.

use crate::diagnostics::Error;
use crate::links;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The file that marks a folder as a briefing output (never deleted by anyone else).
pub const MARKER: &str = ".briefing-output";

/// Where rendered files go.
pub trait Sink: Sync {
    /// Stores `bytes` at the site-root-relative path `rel`.
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), Error>;

    /// Stores a copy of the file at `from` (a site's static file) at `rel`.
    fn copy(&self, rel: &str, from: &Path) -> Result<(), Error> {
        let bytes = std::fs::read(from).map_err(|e| Error::read(from, e))?;
        self.put(rel, &bytes)
    }
}

/// Discards everything (used by `check`).
pub struct Discard;

impl Sink for Discard {
    fn put(&self, rel: &str, _: &[u8]) -> Result<(), Error> {
        guard(rel)
    }

    fn copy(&self, rel: &str, _: &Path) -> Result<(), Error> {
        guard(rel)
    }
}

/// Keeps every file in memory, ordered by path (used by `serve` before it mirrors them).
#[derive(Default)]
pub struct Memory {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Memory {
    /// Every file put, by path.
    pub fn into_files(self) -> Result<BTreeMap<String, Vec<u8>>, Error> {
        self.files.into_inner().map_err(|_| poisoned())
    }
}

impl Sink for Memory {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        guard(rel)?;
        self.files
            .lock()
            .map_err(|_| poisoned())?
            .insert(rel.to_string(), bytes.to_vec());
        Ok(())
    }
}

fn poisoned() -> Error {
    Error::Internal("a writer thread panicked".into())
}

fn guard(rel: &str) -> Result<(), Error> {
    safe_path(Path::new("."), rel).map(|_| ())
}

/// `rel` inside `dir`, or the error that refuses a path leaving it.
fn safe_path(dir: &Path, rel: &str) -> Result<PathBuf, Error> {
    links::safe_join(dir, rel).ok_or_else(|| Error::PathEscape {
        path: rel.to_string(),
    })
}

/// Writes `bytes` to `rel` inside `dir`, creating folders: the one place output is written.
fn write_file(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), Error> {
    let path = safe_path(dir, rel)?;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
    }
    std::fs::write(&path, bytes).map_err(|e| Error::write(&path, e))
}

/// Replaces `rel` inside `dir` in one step (a sibling temporary file renamed over it), so a
/// reader of the folder sees the old bytes or the new ones, never a half-written file.
pub(crate) fn replace_file(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), Error> {
    let path = safe_path(dir, rel)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
    }
    std::fs::write(&temporary, bytes).map_err(|e| Error::write(&temporary, e))?;
    std::fs::rename(&temporary, &path).map_err(|e| Error::write(&path, e))
}

/// A folder kept in step with successive runs (`serve`'s output): only files whose bytes
/// changed are written, and after a complete run the files it no longer made are removed.
pub struct Mirror {
    dir: PathBuf,
    /// Hash of every file written, by path.
    written: BTreeMap<String, u64>,
}

/// The files of some folders of the output, listed by a run that wrote only some of them.
#[derive(Debug)]
pub struct Listed {
    /// The folders (site-root-relative prefixes; `""` is every file) the list is complete for.
    pub within: &'static [&'static str],
    pub names: std::collections::HashSet<String>,
}

impl Listed {
    /// Whether the file `rel` is no longer part of the output.
    pub fn gone(&self, rel: &str) -> bool {
        self.within.iter().any(|w| rel.starts_with(w)) && !self.names.contains(rel)
    }
}

impl Mirror {
    pub fn new(dir: &Path) -> Mirror {
        Mirror {
            dir: dir.to_path_buf(),
            written: BTreeMap::new(),
        }
    }

    /// Writes the files whose bytes changed; every file written before that `covered` says
    /// this run made afresh, and that `files` lacks, is removed. Returns the paths written or
    /// removed.
    pub fn write(
        &mut self,
        files: &BTreeMap<String, Vec<u8>>,
        covered: &dyn Fn(&str) -> bool,
    ) -> Result<Vec<String>, Error> {
        if self.written.is_empty() {
            check_target(&self.dir)?;
            write_file(&self.dir, MARKER, marker_text().as_bytes())?;
        }
        let mut changed = Vec::new();
        for (rel, bytes) in files {
            let hash = hash_of(bytes);
            if self.written.get(rel) != Some(&hash) {
                replace_file(&self.dir, rel, bytes)?;
                self.written.insert(rel.clone(), hash);
                changed.push(rel.clone());
            }
        }
        {
            let gone: Vec<String> = self
                .written
                .keys()
                .filter(|k| covered(k) && !files.contains_key(*k))
                .cloned()
                .collect();
            for rel in gone {
                let path = safe_path(&self.dir, &rel)?;
                std::fs::remove_file(&path).map_err(|e| Error::write(&path, e))?;
                self.written.remove(&rel);
                changed.push(rel);
            }
        }
        Ok(changed)
    }
}

fn hash_of(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// A build in progress: files go to a hidden sibling of the target, unique to this run,
/// until `commit` swaps it into place. The run holds the output's lock from `begin` until it
/// is dropped, so two builds into one output never mix.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
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
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".to_string());
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
        let lock = lock(&parent.join(format!(".{name}.lock")), target, wait, waiting)?;
        check_target(target)?;
        remove_leftovers(parent, &name)?;
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir = parent.join(format!(".{name}.staging-{}-{stamp}", std::process::id()));
        write_file(&dir, MARKER, marker_text().as_bytes())?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
            _lock: lock,
        })
    }

    /// Swaps the staging folder into place of the target. On Linux the two are exchanged in
    /// one step, so the output path never goes missing; elsewhere it takes two renames.
    pub fn commit(mut self) -> Result<(), Error> {
        if self.target.exists() {
            if let Some(old) = exchange(&self.dir, &self.target)? {
                self.committed = true;
                return remove_tree(&old);
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

/// Exchanges `staging` and `target` atomically; returns where the old output now is
/// (`staging`'s path), or `None` where the system cannot exchange.
#[cfg(target_os = "linux")]
fn exchange(staging: &Path, target: &Path) -> Result<Option<PathBuf>, Error> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, staging, CWD, target, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(Some(staging.to_path_buf())),
        // Filesystems without RENAME_EXCHANGE: fall back to two renames.
        Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => Ok(None),
        Err(e) => Err(Error::write(target, e.into())),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> Result<Option<PathBuf>, Error> {
    Ok(None)
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

impl Sink for Staging {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        write_file(&self.dir, rel, bytes)
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Error> {
        let dest = safe_path(&self.dir, rel)?;
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
        }
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

fn marker_text() -> String {
    format!(
        "This folder was written by briefing {}; `briefing build` replaces it as a whole.\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// A missing or empty folder, or one holding our marker, may be replaced.
fn check_target(target: &Path) -> Result<(), Error> {
    let foreign = || Error::ForeignOutput {
        path: target.to_path_buf(),
        marker: MARKER,
    };
    match std::fs::symlink_metadata(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::read(target, e)),
        Ok(meta) if !meta.is_dir() => Err(foreign()),
        Ok(_) => {
            if target.join(MARKER).is_file() {
                return Ok(());
            }
            let mut entries = std::fs::read_dir(target).map_err(|e| Error::read(target, e))?;
            if entries.next().is_none() {
                Ok(())
            } else {
                Err(foreign())
            }
        }
    }
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
