//! The first stages of the pipeline: read the site (`source`), parse and validate it
//! (`model`), check across files and index its links (`links`), render its bodies
//! (`markdown`), reusing from an earlier load what an edit did not touch. Nothing here
//! renders a page or writes a file.

use crate::diagnostics::{self, Diagnostic, Error};
use crate::options::Options;
use crate::{config, links, markdown, model, source};
use std::collections::BTreeSet;
use std::path::PathBuf;

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
            .cloned()
            .collect();
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
/// failures are errors here.
pub(crate) fn load(options: &Options, previous: Option<Previous<'_>>) -> Result<Loaded, Error> {
    let (config, settings_diags) = config::load(&options.root)?;
    let dirty: BTreeSet<PathBuf> = previous
        .as_ref()
        .map(|p| p.changed.iter().map(|c| source::normalised(c)).collect())
        .unwrap_or_default();
    let previous = previous
        .map(|p| p.loaded)
        .filter(|p| p.settings_ok() && p.config == config && !dirty.is_empty());
    let (sources, previous) = match previous {
        Some(p) => {
            let (sources, rest) = p.split();
            match source::patch(&options.root, sources, &dirty)? {
                Some(sources) => (sources, Some(rest)),
                None => (source::collect(&options.root)?, None),
            }
        }
        None => (source::collect(&options.root)?, None),
    };
    let mut loaded = Loaded {
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
    };
    if !loaded.settings_ok() {
        // Content is checked against the settings; with broken settings it would only
        // report their consequences.
        return Ok(loaded);
    }
    let files = model::Files {
        home: loaded.sources.home.as_ref(),
        points: &loaded.sources.points,
        articles: &loaded.sources.articles,
    };
    let reused = previous.is_some();
    let (parts, rest) = match previous {
        Some(rest) => {
            let parts = model::Reuse {
                site: rest.site,
                diagnostics: rest.file_diags,
                dirty: &dirty,
            };
            (
                Some(parts),
                Some((rest.bodies, rest.index, rest.cross_diags)),
            )
        }
        None => (None, None),
    };
    let (site, file_diags, change) = model::load(&loaded.config, files, options.drafts, parts);
    // The parsed model holds all a later stage reads of the files; a later load reads again
    // only the files an edit touched.
    loaded.sources.release_texts();
    // An edit to article bodies alone leaves slugs, points, claims and events as they were:
    // the link index and the checks across files stand.
    let (index, cross_diags, bodies) = match rest {
        Some((bodies, index, cross)) if matches!(change, model::Change::ArticleBodies) => {
            (index, cross, Some(bodies))
        }
        // Claims reach neither slugs nor bodies; only the checks of point numbers change.
        Some((bodies, index, _)) if matches!(change, model::Change::Claims(_)) => (
            index,
            model::cross_check(&site, &loaded.config),
            Some(bodies),
        ),
        Some((bodies, old_index, _)) => {
            let index = links::Index::new(&site);
            let kept = (old_index == index).then_some(bodies);
            (index, model::cross_check(&site, &loaded.config), kept)
        }
        None => (
            links::Index::new(&site),
            model::cross_check(&site, &loaded.config),
            None,
        ),
    };
    let table_open = markdown::table_open(loaded.config.strings.get("table_label"));
    let setup = markdown::Setup {
        index: &index,
        portable: options.portable,
        allow_raw_html: loaded.config.allow_raw_html,
        table_open: &table_open,
    };
    let kept = bodies.map(|bodies| markdown::Reuse {
        bodies,
        dirty: &dirty,
    });
    loaded.bodies = markdown::render_site(&site, setup, kept);
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

/// What a `Loaded` keeps for the next load besides its sources.
struct Kept {
    site: model::Site,
    file_diags: model::FileDiagnostics,
    bodies: markdown::Bodies,
    index: links::Index,
    cross_diags: Vec<Diagnostic>,
}

impl Loaded {
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
