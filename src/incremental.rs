//! Incremental rebuilds for `serve`: which files changed and which pages depend on them,
//! nothing else. A rebuild is the build's own pipeline (`load` reusing what an edit left
//! alone, then `produce` with a selection of pages) written through an `output::Mirror`.

use crate::diagnostics::{Diagnostic, Error};
use crate::options::Options;
use crate::output::{Memory, Mirror};
use crate::{Loaded, Previous, Selection, links, model, render};
use std::path::{Path, PathBuf};

/// What one (re)build wrote.
#[derive(Debug, Default)]
pub struct Report {
    /// Output files written or removed, site-root-relative.
    pub changed: Vec<String>,
    pub warnings: Vec<Diagnostic>,
    /// Whether every page was rendered.
    pub full: bool,
}

/// A live site: the last load, the compiled templates and the output folder kept up to date.
pub struct Session {
    options: Options,
    loaded: Option<Loaded>,
    tera: Option<tera::Tera>,
    mirror: Mirror,
    /// The search index of the last good run, brought up to date by the next.
    search: Option<crate::search::Index>,
    /// Whether the last run wrote its output (after a failure, the next run renders all).
    in_step: bool,
}

impl Session {
    /// A session that writes into `options.out` (a folder the caller owns).
    pub fn new(options: Options) -> Session {
        Session {
            mirror: Mirror::new(&options.out),
            options,
            loaded: None,
            tera: None,
            search: None,
            in_step: false,
        }
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Rebuilds after the given paths (absolute or root-relative) changed. An empty list
    /// rebuilds everything.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Report, Error> {
        let result = self.run(changed);
        self.in_step = result.is_ok();
        result
    }

    fn run(&mut self, changed: &[PathBuf]) -> Result<Report, Error> {
        let rel: Vec<PathBuf> = changed.iter().map(|p| self.relative(p)).collect();
        let templates = rel.is_empty() || rel.iter().any(|p| !p.starts_with(links::CONTENT));
        let previous = match self.loaded.take() {
            Some(loaded) if !rel.is_empty() => Some(Previous {
                loaded,
                changed: &rel,
            }),
            _ => None,
        };
        let loaded = self.loaded.insert(crate::load(&self.options, previous)?);
        crate::ensure_valid(loaded.diagnostics())?;
        if templates || self.tera.is_none() {
            self.tera = None;
            self.tera = Some(render::engine(
                &loaded.sources.templates,
                &loaded.config.strings,
            )?);
        }
        let tera = self
            .tera
            .as_ref()
            .expect("compiled just above when missing");
        let selection = if self.in_step {
            select(loaded)
        } else {
            Selection::All
        };
        let memory = Memory::default();
        let outcome = crate::produce(
            loaded,
            tera,
            &self.options,
            &memory,
            selection,
            &mut self.search,
        )?;
        let full = matches!(selection, Selection::All);
        // A run of some pages also says which files of the search index it took away.
        let removed = self.search.as_ref().map(|s| &s.removed);
        let covered = |rel: &str| full || removed.is_some_and(|r| r.contains(rel));
        let changed = self.mirror.write(&memory.into_files()?, &covered)?;
        Ok(Report {
            changed,
            warnings: outcome.diagnostics,
            full,
        })
    }

    fn relative(&self, path: &Path) -> PathBuf {
        let root = &self.options.root;
        let canonical = root.canonicalize().unwrap_or_else(|_| root.clone());
        path.strip_prefix(&canonical)
            .or_else(|_| path.strip_prefix(root))
            .unwrap_or(path)
            .to_path_buf()
    }
}

/// The pages a change reaches: an edit to article bodies alone reaches only their pages;
/// anything else reaches every page.
fn select(loaded: &Loaded) -> Selection<'_> {
    match loaded.change {
        model::Change::ArticleBodies => Selection::Articles(&loaded.dirty),
        model::Change::All | model::Change::Listings => Selection::All,
    }
}
