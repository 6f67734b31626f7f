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
}

/// Discards everything (used by `check`).
pub struct Discard;

impl Sink for Discard {
    fn put(&self, rel: &str, _: &[u8]) -> Result<(), Error> {
        guard(rel)
    }
}

/// Keeps every file in memory, ordered by path (used by tests and by `serve`'s error page).
#[derive(Default)]
pub struct Memory {
    pub files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Memory {
    /// Every file put, by path.
    pub fn into_files(self) -> Result<BTreeMap<String, Vec<u8>>, Error> {
        self.files
            .into_inner()
            .map_err(|_| Error::Usage("a writer thread panicked".into()))
    }
}

impl Sink for Memory {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        guard(rel)?;
        self.files
            .lock()
            .map_err(|_| Error::Usage("a writer thread panicked".into()))?
            .insert(rel.to_string(), bytes.to_vec());
        Ok(())
    }
}

fn guard(rel: &str) -> Result<(), Error> {
    links::safe_join(Path::new("."), rel)
        .map(|_| ())
        .ok_or_else(|| {
            Error::Usage(format!(
                "refusing to write \"{rel}\": it would leave the output folder"
            ))
        })
}

/// Passes files on to another sink and remembers their paths (to check links against).
pub struct Recording<'a> {
    inner: &'a dyn Sink,
    paths: Mutex<Vec<String>>,
}

impl<'a> Recording<'a> {
    pub fn new(inner: &'a dyn Sink) -> Self {
        Recording {
            inner,
            paths: Mutex::new(Vec::new()),
        }
    }

    /// Every path put, as a set.
    pub fn into_paths(self) -> std::collections::BTreeSet<String> {
        self.paths
            .into_inner()
            .unwrap_or_default()
            .into_iter()
            .collect()
    }
}

impl Sink for Recording<'_> {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        self.inner.put(rel, bytes)?;
        if let Ok(mut paths) = self.paths.lock() {
            paths.push(rel.to_string());
        }
        Ok(())
    }
}

/// A build in progress: files go to a hidden sibling of the target until `commit`.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Checks that `target` is ours (or empty, or missing) and opens a fresh staging folder.
    pub fn begin(target: &Path) -> Result<Staging, Error> {
        check_target(target)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".to_string());
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
        let dir = parent.join(format!(".{name}.staging"));
        if dir.exists() {
            check_target(&dir)?;
            std::fs::remove_dir_all(&dir).map_err(|e| Error::write(&dir, e))?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| Error::write(&dir, e))?;
        std::fs::write(dir.join(MARKER), marker_text())
            .map_err(|e| Error::write(dir.join(MARKER), e))?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    /// Copies the embedded theme's static files, then the site's own (which win).
    pub fn copy_static(
        &self,
        embedded: &[(&str, &[u8])],
        site: &[(String, PathBuf)],
    ) -> Result<(), Error> {
        for (name, bytes) in embedded {
            if !site.iter().any(|(n, _)| n == name) {
                self.put(&format!("static/{name}"), bytes)?;
            }
        }
        for (name, path) in site {
            let dest = self.path_of(&format!("static/{name}"))?;
            if let Some(parent) = dest.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
            }
            std::fs::copy(path, &dest).map_err(|e| Error::read(path, e))?;
        }
        Ok(())
    }

    fn path_of(&self, rel: &str) -> Result<PathBuf, Error> {
        links::safe_join(&self.dir, rel).ok_or_else(|| {
            Error::Usage(format!(
                "refusing to write \"{rel}\": it would leave the output folder"
            ))
        })
    }

    /// Swaps the staging folder into place of the target.
    pub fn commit(mut self) -> Result<(), Error> {
        let old = self.dir.with_file_name(format!(
            ".{}.old",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(|e| Error::write(&old, e))?;
        }
        let had_target = self.target.exists();
        if had_target {
            std::fs::rename(&self.target, &old).map_err(|e| Error::write(&self.target, e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_target {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(Error::write(&self.target, e));
        }
        self.committed = true;
        if had_target {
            remove_tree(&old)?;
        }
        Ok(())
    }
}

impl Sink for Staging {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        let path = self.path_of(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::write(&path, e))
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
        let s = Staging::begin(&out).unwrap();
        s.put("a/index.html", b"one").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"one");

        let s = Staging::begin(&out).unwrap();
        s.put("a/index.html", b"two").unwrap();
        drop(s); // a failed build
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"one");
        assert!(!tmp.path().join(".public.staging").exists());
    }

    #[test]
    fn foreign_folder_is_refused_and_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("precious.txt"), b"keep").unwrap();
        assert!(matches!(
            Staging::begin(&out),
            Err(Error::ForeignOutput { .. })
        ));
        assert_eq!(std::fs::read(out.join("precious.txt")).unwrap(), b"keep");
    }

    #[test]
    fn writes_cannot_escape() {
        let tmp = tempfile::tempdir().unwrap();
        let s = Staging::begin(&tmp.path().join("public")).unwrap();
        assert!(s.put("../evil.html", b"x").is_err());
        assert!(s.put("/etc/evil", b"x").is_err());
        assert!(!tmp.path().join("evil.html").exists());
    }
}
