//! Writing the output: where a run's files go (`Sink`: memory, nowhere, a build's staging
//! folder in `staging`, `serve`'s folder in `mirror`), the guard that keeps every path inside
//! the output, and the marker that identifies our output. A build that fails before `commit`
//! leaves the previous output untouched.

mod mirror;
mod staging;

pub use mirror::Mirror;
pub use staging::{Staging, Wait};

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
