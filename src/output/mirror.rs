//! `serve`'s output folder, kept in step with successive runs: only files whose bytes changed
//! are written, and files a run no longer makes are removed.

use super::{MARKER, check_target, marker_text, replace_file, safe_path, write_file};
use crate::diagnostics::Error;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A folder kept in step with successive runs (`serve`'s output): only files whose bytes
/// changed are written, and after a complete run the files it no longer made are removed.
pub struct Mirror {
    dir: PathBuf,
    /// Hash of every file written, by path.
    written: BTreeMap<String, u64>,
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
