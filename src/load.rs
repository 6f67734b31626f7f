//! The first stages of the pipeline: read the site (`source`), parse and validate it
//! (`model`), check across files and index its links (`links`), render its bodies
//! (`markdown`), reusing from an earlier load what an edit did not touch. Nothing here
//! renders a page or writes a file.

use crate::diagnostics::{self, Diagnostic, Error};
use crate::options::Options;
use crate::{config, edition, links, markdown, model, source};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The site read, validated and its bodies rendered: everything pages are made from. Kept
/// by `serve` between runs so that the next `load` reuses what an edit did not touch.
pub(crate) struct Loaded {
    pub(crate) config: config::Config,
    pub(crate) sources: source::Sources,
    pub(crate) site: model::Site,
    pub(crate) bodies: markdown::Bodies,
    index: links::Index,
    /// Problems of the settings (the walk's and reads' are in `sources`).
    settings_diags: Vec<Diagnostic>,
    /// Problems found in single files while parsing them.
    file_diags: model::FileDiagnostics,
    /// Problems between files (duplicate numbers and slugs, unknown points).
    cross_diags: Vec<Diagnostic>,
    /// What changed against the load this one reused.
    pub(crate) change: model::Change,
    /// The content files read again (empty when nothing was reused).
    pub(crate) dirty: BTreeSet<PathBuf>,
    /// The translations into the other editions, checked against their originals.
    translations: Vec<edition::Translation>,
    /// The translations' problems.
    edition_diags: Vec<Diagnostic>,
    /// The translations' bodies rendered, by edition code and original path.
    translated_bodies: Vec<(String, PathBuf, std::sync::Arc<markdown::Rendered>)>,
}

/// One more edition ready to render: its settings, its site, its bodies, and what its
/// translations cover.
pub(crate) struct EditionSite {
    pub(crate) config: config::Config,
    pub(crate) site: model::Site,
    pub(crate) bodies: markdown::Bodies,
    pub(crate) translated: edition::Covered,
}

impl Loaded {
    /// Every problem, sorted by file and line.
    pub(crate) fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self
            .settings_diags
            .iter()
            .chain(&self.sources.diagnostics)
            .chain(self.file_diags.values().flatten())
            .chain(self.bodies.diagnostics())
            .chain(&self.cross_diags)
            .chain(&self.edition_diags)
            .chain(
                self.translated_bodies
                    .iter()
                    .flat_map(|(_, _, r)| &r.diagnostics),
            )
            .cloned()
            .collect();
        Diagnostic::drop_consequences(&mut all);
        diagnostics::sort(&mut all);
        all
    }

    /// No error in the settings, nor in walking and reading the files.
    fn settings_ok(&self) -> bool {
        !self
            .settings_diags
            .iter()
            .chain(&self.sources.diagnostics)
            .any(Diagnostic::is_error)
    }
}

/// An earlier load and the files changed since, relative to the site root.
pub(crate) struct Previous<'c> {
    pub(crate) loaded: Loaded,
    pub(crate) changed: &'c [PathBuf],
}

/// Reads and validates the whole site and renders its bodies, reusing from `previous` every
/// file the change did not touch. Input problems become diagnostics; only environment
/// failures are errors here. What it keeps of the files' texts: see `free_texts`.
pub(crate) fn load(
    options: &Options,
    previous: Option<Previous<'_>>,
    again: bool,
) -> Result<Loaded, Error> {
    let (config, settings_diags) = config::load(&options.root)?;
    let dirty: BTreeSet<PathBuf> = previous
        .as_ref()
        .map(|p| p.changed.iter().map(|c| source::normalised(c)).collect())
        .unwrap_or_default();
    let previous = previous
        .map(|p| p.loaded)
        .filter(|p| p.settings_ok() && p.config == config && !dirty.is_empty());
    let (sources, kept) = read(&options.root, previous, &dirty)?;
    let mut loaded = Loaded::unparsed(config, sources, settings_diags);
    if !loaded.settings_ok() {
        // Content is checked against the settings; with broken settings it would only
        // report their consequences.
        return Ok(loaded);
    }
    let files = model::Files {
        home: loaded.sources.home.as_ref(),
        points: &mut loaded.sources.points,
        articles: &mut loaded.sources.articles,
        people: &mut loaded.sources.people,
        glossary: loaded.sources.glossary.as_ref(),
    };
    let reused = kept.is_some();
    let (parts, rest) = match kept {
        Some(kept) => {
            let parts = model::Reuse {
                site: kept.site,
                diagnostics: kept.file_diags,
                dirty: &dirty,
            };
            (
                Some(parts),
                Some((kept.bodies, kept.index, kept.cross_diags)),
            )
        }
        None => (None, None),
    };
    let (mut site, file_diags, change) = model::load(&loaded.config, files, options.drafts, parts);
    let (mut translations, edition_diags) =
        edition::read(&loaded.sources.translations, &site, &loaded.config);
    loaded.free_texts(again);
    let (index, cross_diags, bodies) = link_and_check(&site, &loaded.config, &change, rest);
    let config = &loaded.config;
    loaded.translated_bodies =
        render_translations(&site, config, &index, options, &mut translations, !again);
    loaded.bodies = render_bodies(&mut site, config, &index, options, bodies, &dirty, !again);
    loaded.translations = translations;
    loaded.edition_diags = edition_diags;
    loaded.site = site;
    loaded.index = index;
    loaded.file_diags = file_diags;
    loaded.cross_diags = cross_diags;
    loaded.change = change;
    if reused {
        loaded.dirty = dirty;
    }
    Ok(loaded)
}

/// The site's sources: those of `previous` with the `dirty` files read again (and what it
/// parsed and rendered, kept for reuse), or all read afresh when there is no previous load or
/// the files that changed are not ones it can patch.
fn read(
    root: &Path,
    previous: Option<Loaded>,
    dirty: &BTreeSet<PathBuf>,
) -> Result<(source::Sources, Option<Kept>), Error> {
    if let Some(previous) = previous {
        let (sources, kept) = previous.split();
        if let Some(sources) = source::patch(root, sources, dirty)? {
            return Ok((sources, Some(kept)));
        }
    }
    Ok((source::collect(root)?, None))
}

/// The link index and the checks across files, with the bodies of the previous load that
/// can be kept: an edit to article bodies alone leaves slugs, points, claims and events as
/// they were, so the index and the checks stand; claims reach neither slugs nor bodies, so
/// only the checks run again; otherwise the index is made again, and the bodies are kept only
/// if it is the same.
fn link_and_check(
    site: &model::Site,
    config: &config::Config,
    change: &model::Change,
    previous: Option<(markdown::Bodies, links::Index, Vec<Diagnostic>)>,
) -> (links::Index, Vec<Diagnostic>, Option<markdown::Bodies>) {
    match previous {
        Some((bodies, index, cross)) if matches!(change, model::Change::ArticleBodies) => {
            (index, cross, Some(bodies))
        }
        Some((bodies, index, _)) if matches!(change, model::Change::Claims(_)) => {
            (index, model::cross_check(site, config), Some(bodies))
        }
        Some((bodies, old_index, _)) => {
            let index = links::Index::new(site);
            let kept = (old_index == index).then_some(bodies);
            (index, model::cross_check(site, config), kept)
        }
        None => (
            links::Index::new(site),
            model::cross_check(site, config),
            None,
        ),
    }
}

/// Every body of the site rendered, reusing the `kept` bodies of the files not in `dirty`;
/// with `take`, each article's Markdown is taken out of the site and freed once rendered (see
/// `Loaded::free_texts`).
fn render_bodies(
    site: &mut model::Site,
    config: &config::Config,
    index: &links::Index,
    options: &Options,
    kept: Option<markdown::Bodies>,
    dirty: &BTreeSet<PathBuf>,
    take: bool,
) -> markdown::Bodies {
    let table_open = markdown::table_open(config.strings.get("table_label"));
    let setup = markdown::Setup {
        index,
        portable: options.portable,
        allow_raw_html: config.allow_raw_html,
        table_open: &table_open,
    };
    let kept = kept.map(|bodies| markdown::Reuse { bodies, dirty });
    markdown::render_site(site, setup, kept, take)
}

/// The body of every translation that has one, rendered in its edition's words against the
/// original's page; with `take`, each translation's Markdown is freed once rendered (see
/// `Loaded::free_texts`).
fn render_translations(
    site: &model::Site,
    config: &config::Config,
    index: &links::Index,
    options: &Options,
    translations: &mut [edition::Translation],
    take: bool,
) -> Vec<(String, PathBuf, std::sync::Arc<markdown::Rendered>)> {
    use rayon::prelude::*;
    // Each edition's opening of a table's scrolling box, made once.
    let tables: Vec<(&str, String)> = (config.editions.iter())
        .map(|e| {
            (
                e.code.as_str(),
                markdown::table_open(e.strings.get("table_label")),
            )
        })
        .collect();
    translations
        .par_iter_mut()
        .filter(|t| !t.body.trim().is_empty())
        .filter_map(|t| {
            let (_, table_open) = tables.iter().find(|(code, _)| *code == t.code)?;
            let url = edition::page_url(site, t)?;
            let cx = markdown::Context {
                path: &t.path,
                first_line: t.body_line,
                page_url: &url,
                index,
                portable: options.portable,
                allow_raw_html: config.allow_raw_html,
                table_open,
            };
            let rendered = markdown::render(&t.body, &cx);
            if take {
                t.body = String::new();
            }
            Some((
                t.code.clone(),
                t.original.clone(),
                std::sync::Arc::new(rendered),
            ))
        })
        .collect()
}

impl Loaded {
    /// Frees the files' texts once parsed, before the bodies are rendered: the model holds
    /// all a later stage reads of them. What a load keeps, in one place:
    /// - every load frees the content files' texts (a later load reads again the files an
    ///   edit touched);
    /// - a load that no later load reuses (`again` false: a build, a check) frees the
    ///   translation files' texts too, and then each article's and translation's Markdown
    ///   as it is rendered (`render_bodies` and `render_translations` with `take`), so that
    ///   the Markdown and the HTML of every body are never all held at once: 13% of the peak
    ///   memory of 10,000 articles, a quarter of it with a second edition;
    /// - `serve` keeps the Markdown, to render bodies again when the links between them
    ///   move, and the translations, to check them again against their originals.
    fn free_texts(&mut self, again: bool) {
        self.sources.release_texts();
        if !again {
            for file in &mut self.sources.translations {
                file.text = String::new();
            }
        }
    }

    /// The edition at `index` of `config.editions`: the site with its translations laid over
    /// it, and the bodies with the translated ones in place of the originals'.
    pub(crate) fn edition(&self, index: usize) -> EditionSite {
        let config = self.config.edition(index);
        let code = &self.config.editions[index].code;
        let former = config.strings.get("former_role").to_string();
        let (site, translated) = edition::translate(&self.site, &self.translations, code, &former);
        let fresh = self
            .translated_bodies
            .iter()
            .filter(|(c, _, _)| c == code)
            .map(|(_, path, r)| (path.clone(), std::sync::Arc::clone(r)));
        let bodies = self.bodies.for_edition(fresh, |target| {
            let page = target.is_empty() || target.ends_with('/') || target.ends_with(".html");
            !page && !crate::export::in_every_edition(target)
        });
        EditionSite {
            config,
            site,
            bodies,
            translated,
        }
    }
}

/// What a `Loaded` keeps for the next load besides its sources.
struct Kept {
    site: model::Site,
    file_diags: model::FileDiagnostics,
    bodies: markdown::Bodies,
    index: links::Index,
    cross_diags: Vec<Diagnostic>,
}

impl Loaded {
    /// The settings and the sources, before any file is parsed.
    fn unparsed(
        config: config::Config,
        sources: source::Sources,
        settings_diags: Vec<Diagnostic>,
    ) -> Loaded {
        Loaded {
            config,
            sources,
            site: model::Site::default(),
            bodies: markdown::Bodies::default(),
            index: links::Index::default(),
            settings_diags,
            file_diags: model::FileDiagnostics::new(),
            cross_diags: Vec::new(),
            change: model::Change::All,
            dirty: BTreeSet::new(),
            translations: Vec::new(),
            edition_diags: Vec::new(),
            translated_bodies: Vec::new(),
        }
    }

    /// Its sources, and what the next load may reuse of what it parsed and rendered.
    fn split(self) -> (source::Sources, Kept) {
        (
            self.sources,
            Kept {
                site: self.site,
                file_diags: self.file_diags,
                bodies: self.bodies,
                index: self.index,
                cross_diags: self.cross_diags,
            },
        )
    }
}

/// Fails with every diagnostic when any of them is an error.
pub(crate) fn ensure_valid(diagnostics: Vec<Diagnostic>) -> Result<Vec<Diagnostic>, Error> {
    let count = diagnostics.iter().filter(|d| d.is_error()).count();
    if count > 0 {
        return Err(Error::Invalid { count, diagnostics });
    }
    Ok(diagnostics)
}
