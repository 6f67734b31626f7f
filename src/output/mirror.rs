//! `serve`'s output folder, kept in step with successive runs: only files whose bytes changed
//! are written, and files a run no longer makes are removed.

use super::in_place::hash_of;
use super::{MARKER, check_target, marker_text, replace_file, safe_path, write_file};
use crate::diagnostics::Error;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A folder kept in step with successive runs (`serve`'s output): only files whose bytes
/// changed are written, and after a complete run the files it no longer made are removed.
pub struct Mirror {
    dir: PathBuf,
    /// Hash of every file written, by path.
    written: BTreeMap<String, u128>,
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
        // Files are hashed, and the changed ones written, in parallel: a claim edit rewrites
        // megabytes of exports.
        let fresh: Vec<(&String, &Vec<u8>, u128)> = files
            .par_iter()
            .filter_map(|(rel, bytes)| {
                let hash = hash_of(bytes);
                (self.written.get(rel) != Some(&hash)).then_some((rel, bytes, hash))
            })
            .collect();
        fresh
            .par_iter()
            .try_for_each(|(rel, bytes, _)| replace_file(&self.dir, rel, bytes))?;
        let mut changed = Vec::with_capacity(fresh.len());
        for (rel, _, hash) in fresh {
            self.written.insert(rel.clone(), hash);
            changed.push(rel.clone());
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
