//! The output updated in place, by `build` and by each save under `serve`: only files whose
//! bytes changed are written, each replaced in one rename, and files no longer made are
//! removed; unchanged files keep their inode and time, so deploy tools upload only what
//! changed.
//!
//! Beside the output, under its lock, the writer keeps its own hidden state:
//! - `.<out>.manifest`: each file of the output with the hash and size of its bytes;
//! - `.<out>.pending/`: this run's new files, until `commit` (removed if the run fails);
//! - `.<out>.journal`: while `commit` runs, the renames and removals it makes, so that a run
//!   killed or failing midway is finished by the next one.
//!
//! A reader of the output sees every file whole, old or new; during a commit some files are
//! already new while others are still old (`--atomic` swaps the whole tree at once instead).

use super::{MARKER, Sink, check_target, marker_text, safe_path, staging};
use crate::diagnostics::Error;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What a commit did: the files it wrote and removed (in path order), and how many it left.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    pub written: Vec<String>,
    pub unchanged: usize,
    pub removed: Vec<String>,
}

/// "13,074 files: 3 written, 13,071 unchanged, 0 removed".
impl std::fmt::Display for Written {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use indicatif::HumanCount as N;
        let count = |n: usize| N(n as u64);
        let made = self.written.len() + self.unchanged;
        write!(
            f,
            "{} files: {} written, {} unchanged, {} removed",
            count(made),
            count(self.written.len()),
            count(self.unchanged),
            count(self.removed.len())
        )
    }
}

/// One file of the output as the manifest knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    hash: u128,
    size: u64,
}

/// An output written in place (see the module comment), held under its lock: a build makes
/// one run of it, `serve` one per save.
pub struct InPlace {
    target: PathBuf,
    state: State,
    /// The output as its manifest knows it (empty when there is none, or no output).
    manifest: HashMap<String, Entry>,
    _lock: std::fs::File,
}

/// Where the writer's hidden state lives, beside the output.
struct State {
    manifest: PathBuf,
    journal: PathBuf,
    pending: PathBuf,
}

impl State {
    fn of(parent: &Path, name: &str) -> State {
        State {
            manifest: parent.join(format!(".{name}.manifest")),
            journal: parent.join(format!(".{name}.journal")),
            pending: parent.join(format!(".{name}.pending")),
        }
    }
}

impl InPlace {
    /// Takes the output's lock (as `Staging::begin`), checks the output is ours, finishes a
    /// commit that an earlier run left midway, and reads the manifest.
    pub fn begin(
        target: &Path,
        wait: staging::Wait,
        waiting: &dyn Fn(&Path),
    ) -> Result<InPlace, Error> {
        let (lock, parent, name) = staging::lock_output(target, wait, waiting)?;
        check_target(target)?;
        let state = State::of(&parent, &name);
        finish(target, &state)?;
        let _ = std::fs::remove_dir_all(&state.pending);
        // A manifest speaks for an output that still holds our marker; one whose output was
        // removed or emptied speaks for nothing.
        let manifest = if target.join(MARKER).is_file() {
            read_manifest(&state.manifest)?
        } else {
            HashMap::new()
        };
        Ok(InPlace {
            target: target.to_path_buf(),
            state,
            manifest,
            _lock: lock,
        })
    }

    /// A run: the sink its files go to, committed in one step. After a run that fails to
    /// commit, `begin` again (it finishes what the journal says).
    pub fn run(&mut self) -> Run<'_> {
        Run {
            output: self,
            made: Mutex::default(),
            changed: Mutex::default(),
            counter: AtomicUsize::new(0),
            journaled: false,
        }
    }
}

/// One run of an `InPlace` output: each file put is compared with the output's, and a
/// changed one waits in the pending folder until `commit`.
pub struct Run<'o> {
    output: &'o mut InPlace,
    /// Every file this run makes, with its hash and size.
    made: Mutex<BTreeMap<String, Entry>>,
    /// The files whose bytes changed, by path: where the new bytes wait in `pending`.
    changed: Mutex<BTreeMap<String, String>>,
    counter: AtomicUsize,
    /// Whether the journal was written: from then on the pending files are its to move.
    journaled: bool,
}

impl Run<'_> {
    /// Whether the output already holds exactly these bytes at `rel`.
    fn unchanged(&self, rel: &str, entry: Entry) -> Result<bool, Error> {
        let path = safe_path(&self.output.target, rel)?;
        let on_disk = std::fs::metadata(&path).ok().filter(|m| m.is_file());
        Ok(match (self.output.manifest.get(rel), on_disk) {
            (Some(old), Some(meta)) => *old == entry && meta.len() == entry.size,
            // No manifest for it (the first build of this kind): the file itself is compared.
            (None, Some(meta)) if meta.len() == entry.size => {
                std::fs::read(&path).is_ok_and(|old| hash_of(&old) == entry.hash)
            }
            _ => false,
        })
    }

    /// Moves the new files into place and removes the files of the output this run did not
    /// make and that `covered` says it would have (a build: every file; `serve` writing some
    /// pages: those of the folders it knows whole), under a journal; then records the new
    /// manifest. Returns what it did.
    pub fn commit(mut self, covered: &dyn Fn(&str) -> bool) -> Result<Written, Error> {
        let made = std::mem::take(&mut *self.made.lock().map_err(|_| super::poisoned())?);
        let changed = std::mem::take(&mut *self.changed.lock().map_err(|_| super::poisoned())?);
        let output = &mut *self.output;
        let removed = output.removed(&made, covered)?;
        let mut journal = String::new();
        for (rel, pending) in &changed {
            journal.push_str(&format!("R\t{pending}\t{rel}\n"));
        }
        for rel in &removed {
            journal.push_str(&format!("D\t{rel}\n"));
        }
        for rel in &removed {
            output.manifest.remove(rel);
        }
        let unchanged = made.len() - changed.len();
        output.manifest.extend(made);
        // One line per file, in no particular order (it is read into a map).
        let mut manifest = String::with_capacity(output.manifest.len() * 96);
        for (rel, e) in &output.manifest {
            let _ = writeln!(manifest, "{:032x}\t{}\t{rel}", e.hash, e.size);
        }
        let state = &output.state;
        let next = state.manifest.with_extension("manifest-next");
        std::fs::write(&next, manifest).map_err(|e| Error::write(&next, e))?;
        // The journal appears whole, or not at all.
        let written = state.journal.with_extension("journal-next");
        std::fs::write(&written, journal).map_err(|e| Error::write(&written, e))?;
        std::fs::rename(&written, &state.journal).map_err(|e| Error::write(&state.journal, e))?;
        self.journaled = true;
        finish(&self.output.target, &self.output.state)?;
        Ok(Written {
            written: changed.into_keys().collect(),
            unchanged,
            removed,
        })
    }
}

impl InPlace {
    /// The files of the output a run did not make, among those `covered` names: the files of
    /// the manifest, or, without one, every file found in the output but the marker.
    fn removed(
        &self,
        made: &BTreeMap<String, Entry>,
        covered: &dyn Fn(&str) -> bool,
    ) -> Result<Vec<String>, Error> {
        let gone = |rel: &String| rel != MARKER && covered(rel) && !made.contains_key(rel);
        Ok(if self.manifest.is_empty() {
            files_under(&self.target)?
                .into_iter()
                .filter(gone)
                .collect()
        } else {
            let mut gone: Vec<String> = self.manifest.keys().filter(|r| gone(r)).cloned().collect();
            gone.sort_unstable();
            gone
        })
    }
}

impl Sink for Run<'_> {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        let entry = Entry {
            hash: hash_of(bytes),
            size: bytes.len() as u64,
        };
        if !self.unchanged(rel, entry)? {
            let n = self.counter.fetch_add(1, Ordering::Relaxed);
            let pending = format!("{n}");
            let dir = &self.output.state.pending;
            let path = dir.join(&pending);
            // The pending folder is made by the first changed file of a run.
            if let Err(e) = std::fs::write(&path, bytes) {
                if e.kind() != std::io::ErrorKind::NotFound {
                    return Err(Error::write(&path, e));
                }
                std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
                std::fs::write(&path, bytes).map_err(|e| Error::write(&path, e))?;
            }
            let mut changed = self.changed.lock().map_err(|_| super::poisoned())?;
            changed.insert(rel.to_string(), pending);
        }
        let mut made = self.made.lock().map_err(|_| super::poisoned())?;
        made.insert(rel.to_string(), entry);
        Ok(())
    }
}

/// A run that does not reach its journal leaves nothing pending.
impl Drop for Run<'_> {
    fn drop(&mut self) {
        if !self.journaled {
            let _ = std::fs::remove_dir_all(&self.output.state.pending);
        }
    }
}

/// Applies a journal left by a commit (this run's or a dead one's): every pending file still
/// waiting is renamed into place, every removal made, then the new manifest takes the old
/// one's place and the journal and pending files go. Renames already made are skipped.
fn finish(target: &Path, state: &State) -> Result<(), Error> {
    let journal = match std::fs::read_to_string(&state.journal) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::read(&state.journal, e)),
    };
    std::fs::create_dir_all(target).map_err(|e| Error::write(target, e))?;
    let marker = target.join(MARKER);
    if !marker.is_file() {
        std::fs::write(&marker, marker_text()).map_err(|e| Error::write(&marker, e))?;
    }
    // Renames first, in parallel (each folder made once, beforehand), then removals. A
    // pending file already gone was renamed by an earlier, interrupted commit.
    let mut renames: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut removals: Vec<PathBuf> = Vec::new();
    for line in journal.lines() {
        let mut parts = line.split('\t');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("R"), Some(pending), Some(rel)) => {
                renames.push((state.pending.join(pending), safe_path(target, rel)?));
            }
            (Some("D"), Some(rel), None) => removals.push(safe_path(target, rel)?),
            _ => {
                return Err(Error::Internal(format!(
                    "{} holds a line it cannot read: {line:?}",
                    state.journal.display()
                )));
            }
        }
    }
    let folders: BTreeSet<&Path> = renames.iter().filter_map(|(_, to)| to.parent()).collect();
    for folder in folders {
        std::fs::create_dir_all(folder).map_err(|e| Error::write(folder, e))?;
    }
    {
        use rayon::prelude::*;
        renames
            .par_iter()
            .try_for_each(|(from, to)| match std::fs::rename(from, to) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && !from.exists() => Ok(()),
                Err(e) => Err(Error::write(to, e)),
            })?;
    }
    for path in removals {
        match std::fs::remove_file(&path) {
            Ok(()) => remove_empty_folders(target, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::write(&path, e)),
        }
    }
    let next = state.manifest.with_extension("manifest-next");
    if next.exists() {
        std::fs::rename(&next, &state.manifest).map_err(|e| Error::write(&state.manifest, e))?;
    }
    std::fs::remove_file(&state.journal).map_err(|e| Error::write(&state.journal, e))?;
    let _ = std::fs::remove_dir_all(&state.pending);
    Ok(())
}

/// Removes the folders above `file` inside `target` that the removal left empty.
fn remove_empty_folders(target: &Path, file: &Path) {
    let mut folder = file.parent();
    while let Some(dir) = folder.filter(|d| *d != target && d.starts_with(target)) {
        if std::fs::remove_dir(dir).is_err() {
            break;
        }
        folder = dir.parent();
    }
}

fn read_manifest(path: &Path) -> Result<HashMap<String, Entry>, Error> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashMap::new()),
        Err(e) => return Err(Error::read(path, e)),
    };
    Ok(text
        .lines()
        .filter_map(|line| {
            let mut parts = line.splitn(3, '\t');
            let hash = u128::from_str_radix(parts.next()?, 16).ok()?;
            let size = parts.next()?.parse().ok()?;
            Some((parts.next()?.to_string(), Entry { hash, size }))
        })
        .collect())
}

/// Every file under `dir`, relative to it with forward slashes.
fn files_under(dir: &Path) -> Result<BTreeSet<String>, Error> {
    let mut out = BTreeSet::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.map_err(|e| Error::read(dir, e.into()))?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            out.insert(crate::links::slashed(rel).into_owned());
        }
    }
    Ok(out)
}

/// A file's bytes as 128 bits (xxh3): equal hashes are taken as equal files.
pub(super) fn hash_of(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}
