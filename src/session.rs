//! Incremental rebuilds for `serve`: keeps the loaded site, the compiled templates and a hash
//! of every file it wrote, so an edit to one article re-renders that article's page and the
//! pages that list it, and rewrites only the files whose bytes changed. Any other change
//! (settings, templates, static files, points, new or removed files, a changed slug) reloads
//! the whole site.

use crate::diagnostics::{Diagnostic, Error};
use crate::options::Options;
use crate::output::{self, Memory, Sink};
use crate::render::{self, Job, Shared};
use crate::{Loaded, ensure_valid, export, links, markdown, model, source, theme};
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// What one (re)build wrote.
#[derive(Debug, Default)]
pub struct Report {
    /// Output files whose bytes changed, site-root-relative.
    pub changed: Vec<String>,
    pub warnings: Vec<Diagnostic>,
    /// Whether the whole site was reloaded.
    pub full: bool,
}

/// A live site: its loaded state and the output folder it keeps up to date.
pub struct Session {
    options: Options,
    state: Option<State>,
    /// Hash of every file written into the output folder.
    written: BTreeMap<String, u64>,
}

struct State {
    /// The site as the normal build loads it; its per-file problems live in `file_diags`.
    loaded: Loaded,
    tera: tera::Tera,
    /// Problems found in each file on its own (parsing and Markdown), replaced on an edit.
    file_diags: BTreeMap<PathBuf, Vec<Diagnostic>>,
}

impl Session {
    /// A session that writes into `options.out` (a folder the caller owns).
    pub fn new(options: Options) -> Session {
        Session {
            options,
            state: None,
            written: BTreeMap::new(),
        }
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Applies changed paths (absolute or root-relative). An empty list reloads everything.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Report, Error> {
        let rel: Vec<PathBuf> = changed.iter().map(|p| self.relative(p)).collect();
        match self.articles_only(&rel) {
            Some(paths) => self.update_articles(&paths),
            None => self.reload(),
        }
    }

    fn relative(&self, path: &Path) -> PathBuf {
        let root = self
            .options
            .root
            .canonicalize()
            .unwrap_or_else(|_| self.options.root.clone());
        path.strip_prefix(&root)
            .or_else(|_| path.strip_prefix(&self.options.root))
            .unwrap_or(path)
            .to_path_buf()
    }

    /// The changed article files, when every change is an edit of an existing article.
    fn articles_only(&self, rel: &[PathBuf]) -> Option<Vec<PathBuf>> {
        let state = self.state.as_ref()?;
        if rel.is_empty() {
            return None;
        }
        let mut out = BTreeSet::new();
        for path in rel {
            let in_articles = path.starts_with(Path::new(source::CONTENT).join("articles"));
            let is_md = path.extension().is_some_and(|e| e == "md");
            if !in_articles
                || !is_md
                || state.loaded.site.article(path).is_none()
                || !self.options.root.join(path).is_file()
            {
                return None;
            }
            out.insert(path.clone());
        }
        Some(out.into_iter().collect())
    }

    /// Loads and renders the whole site, as `build` does, into the output folder.
    fn reload(&mut self) -> Result<Report, Error> {
        self.state = None;
        let mut loaded = crate::load(&self.options)?;
        let mut file_diags: BTreeMap<PathBuf, Vec<Diagnostic>> = BTreeMap::new();
        for d in std::mem::take(&mut loaded.file_diags) {
            file_diags.entry(d.path.clone()).or_default().push(d);
        }
        let tera = render::engine(&loaded.sources.templates)?;
        let state = State {
            loaded,
            tera,
            file_diags,
        };
        let warnings = state.check()?;
        let memory = Memory::default();
        crate::produce(&state.loaded, &state.tera, &self.options, &memory)?;
        for (name, bytes) in theme::STATIC {
            memory.put(&format!("static/{name}"), bytes)?;
        }
        for (name, path) in &state.loaded.sources.statics {
            let bytes = std::fs::read(path).map_err(|e| Error::read(path, e))?;
            memory.put(&format!("static/{name}"), &bytes)?;
        }
        let changed = self.write(&memory.into_files()?, true)?;
        self.state = Some(state);
        Ok(Report {
            changed,
            warnings,
            full: true,
        })
    }

    /// Re-parses the given articles and re-renders their pages and every list page.
    fn update_articles(&mut self, paths: &[PathBuf]) -> Result<Report, Error> {
        let root = self.options.root.clone();
        let state = self
            .state
            .as_mut()
            .expect("articles_only checked that a state exists");
        let mut fresh = Vec::new();
        let mut listing_changed = false;
        for path in paths {
            let file = match source::read_one(&root, path)? {
                Ok(f) => f,
                Err(d) => {
                    state.file_diags.insert(path.clone(), vec![d]);
                    continue;
                }
            };
            let (article, diags) = model::parse_article(&state.loaded.config, &file);
            state.file_diags.insert(path.clone(), diags);
            let Some(article) = article else { continue };
            let old = state
                .loaded
                .site
                .article(path)
                .expect("articles_only checked the article exists");
            if old.slug != article.slug || old.draft != article.draft {
                return self.reload();
            }
            listing_changed |= !old.same_listing(&article);
            fresh.push(article);
        }
        let index = links::Index::new(&state.loaded.site);
        let allow_raw_html = state.loaded.config.allow_raw_html;
        for mut article in fresh {
            let rendered = markdown::render_article(
                &mut article,
                &index,
                self.options.portable,
                allow_raw_html,
            );
            let diags = state.file_diags.entry(article.path.clone()).or_default();
            diags.extend(rendered.diagnostics);
            state
                .loaded
                .site
                .insert_article(article, self.options.drafts);
        }
        state.loaded.cross_diags = model::cross_check(&mut state.loaded.site);
        let warnings = state.check()?;
        let memory = Memory::default();
        let shared = Shared::new(&state.loaded.site, &state.loaded.config, &self.options);
        // A body-only edit changes the article's own page and nothing else.
        let jobs: Vec<Job> = render::jobs(&shared)
            .into_iter()
            .filter(|job| match job {
                Job::Article(i) => paths.contains(&state.loaded.site.articles[*i].path),
                _ => listing_changed,
            })
            .collect();
        render::render_jobs(&state.tera, &shared, &jobs, &memory)?;
        if listing_changed {
            export::data(&shared, &memory)?;
        }
        let changed = self.write(&memory.into_files()?, false)?;
        Ok(Report {
            changed,
            warnings,
            full: false,
        })
    }

    /// Writes the files whose bytes changed; on a full render, removes files no longer made.
    fn write(
        &mut self,
        files: &BTreeMap<String, Vec<u8>>,
        full: bool,
    ) -> Result<Vec<String>, Error> {
        let out = &self.options.out;
        std::fs::create_dir_all(out).map_err(|e| Error::write(out, e))?;
        let marker = out.join(output::MARKER);
        if !marker.exists() {
            std::fs::write(&marker, b"briefing serve output\n")
                .map_err(|e| Error::write(&marker, e))?;
        }
        let mut changed = Vec::new();
        for (rel, bytes) in files {
            let hash = hash_of(bytes);
            if self.written.get(rel) == Some(&hash) {
                continue;
            }
            let path = links::safe_join(out, rel).ok_or_else(|| {
                Error::Usage(format!(
                    "refusing to write \"{rel}\": it would leave the output folder"
                ))
            })?;
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
            }
            std::fs::write(&path, bytes).map_err(|e| Error::write(&path, e))?;
            self.written.insert(rel.clone(), hash);
            changed.push(rel.clone());
        }
        if full {
            let gone: Vec<String> = self
                .written
                .keys()
                .filter(|k| !files.contains_key(*k))
                .cloned()
                .collect();
            for rel in gone {
                if let Some(path) = links::safe_join(out, &rel) {
                    let _ = std::fs::remove_file(path);
                }
                self.written.remove(&rel);
                changed.push(rel);
            }
        }
        Ok(changed)
    }
}

impl State {
    /// All current diagnostics; an error when any of them is an error.
    fn check(&self) -> Result<Vec<Diagnostic>, Error> {
        let loaded = &self.loaded;
        let mut all: Vec<Diagnostic> = loaded.settings_diags.clone();
        all.extend(self.file_diags.values().flatten().cloned());
        all.extend(loaded.cross_diags.iter().cloned());
        crate::diagnostics::sort(&mut all);
        ensure_valid(all)
    }
}

fn hash_of(bytes: &[u8]) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}
