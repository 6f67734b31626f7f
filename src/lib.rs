//! `briefing`: a static site generator for briefings on a negotiation in progress.
//!
//! The pipeline, one call per stage: `config::load → source::collect → model::load →
//! model::cross_check → links::Index → markdown::render_site → views::Views → render::pages +
//! export::data → output::Staging::commit`. `check` runs every stage but the last; `serve`
//! (through `incremental::Session`) runs the same stages, reusing what an edit left alone.

#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod export;
pub mod front_matter;
pub mod i18n;
pub mod incremental;
pub mod links;
pub mod markdown;
pub mod model;
pub mod options;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;
pub mod source;
pub mod theme;
pub mod views;

pub use diagnostics::{Diagnostic, Error, Severity};
pub use options::Options;

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

/// What a successful run produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Warnings (a successful run has no errors).
    pub diagnostics: Vec<Diagnostic>,
    /// Files rendered or exported (static files aside).
    pub files: usize,
    /// The files a run that wrote only some of them knows of.
    pub(crate) listed: Option<output::Listed>,
}

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
    fn diagnostics(&self) -> Vec<Diagnostic> {
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

/// Which of the site's files a run writes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Selection<'s> {
    /// Every page, export and static file.
    All,
    /// Only the pages of these articles.
    Articles(&'s BTreeSet<PathBuf>),
    /// The pages and exports these claims of these articles reach (`incremental::Reach`).
    Claims {
        articles: &'s BTreeSet<PathBuf>,
        claims: &'s [model::TouchedClaim],
    },
}

/// What one run leaves for the next: the search index, the dates of the snapshots, the length of
/// the timeline, and (under
/// `serve`) what each page was made from.
#[derive(Default)]
pub(crate) struct Carry {
    pub(crate) search: Option<search::Index>,
    pub(crate) snapshot_dates: Vec<model::Date>,
    /// How many entries the timeline had.
    pub(crate) timeline_len: usize,
    pub(crate) pages: Option<render::Memo>,
}

/// Checks a loaded site (every problem, then every relative link to a non-Markdown file
/// against the files a build writes) and renders the selected pages, exports and static files
/// into `sink`. Returns the warnings and how many pages and exports were written.
pub(crate) fn produce(
    loaded: &Loaded,
    tera: &tera::Tera,
    options: &Options,
    sink: &dyn output::Sink,
    selection: Selection<'_>,
    carry: &mut Carry,
) -> Result<Outcome, Error> {
    let mut diagnostics = loaded.diagnostics();
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(ensure_valid(diagnostics).expect_err("an error is among them"));
    }
    let (site, config, base_url) = (&loaded.site, &loaded.config, options.base_url.as_deref());
    // An edit to article bodies reaches their pages alone (and updates the index an earlier
    // run built); a link to an output file, checked against every page's name, needs the
    // whole site's views.
    let light = carry.search.is_some() && loaded.bodies.output_links().next().is_none();
    let light = light && matches!(selection, Selection::Articles(_));
    let views = if light {
        views::Views::for_article_pages(site, config, base_url)
    } else {
        views::Views::new(site, config, base_url)
    };
    let input = render::Input {
        views: &views,
        bodies: &loaded.bodies,
        options,
    };
    let jobs = render::jobs(&input);
    // The index of an earlier run is brought up to date when the search documents stayed
    // (only article bodies or claims changed).
    let index = match (selection, carry.search.take()) {
        (
            Selection::Articles(dirty)
            | Selection::Claims {
                articles: dirty, ..
            },
            Some(previous),
        ) => {
            let events = matches!(selection, Selection::Claims { .. });
            previous.update(&views, &loaded.bodies, dirty, events)
        }
        _ => search::Index::new(&views, &loaded.bodies),
    };
    let search = carry.search.insert(index);
    let statics = static_files(loaded);
    let exports = export::names(&views);
    let output_links: Vec<&links::OutputLink> = loaded.bodies.output_links().collect();
    // A run that writes only some pages (a selection, or pages made from the same values as
    // before left alone) lists the files it knows of: all, or for claims those of the folders
    // whose pages come and go with them.
    let all_names = || {
        let mut names: HashSet<String> = jobs.iter().map(|j| render::file_of(&input, *j)).collect();
        names.extend(statics.iter().map(|(name, _)| links::static_file(name)));
        names.extend(exports.iter().map(|n| n.to_string()));
        names.extend(search.files.keys().cloned());
        names
    };
    let listed = match selection {
        Selection::Claims { .. } => Some(output::Listed {
            within: &[links::TIMELINE, links::AS_OF],
            names: jobs
                .iter()
                .filter(|j| matches!(j, render::Job::Timeline(_) | render::Job::AsOf(_)))
                .map(|j| render::file_of(&input, *j))
                .collect(),
        }),
        _ if carry.pages.is_some() && !light => Some(output::Listed {
            within: &[""],
            names: all_names(),
        }),
        _ => None,
    };
    if let (Some(memo), Some(listed)) = (carry.pages.as_mut(), &listed) {
        memo.retain(|file| !listed.gone(file));
    }
    let names = (!output_links.is_empty()).then(all_names);
    if let Some(names) = names.as_ref().filter(|_| !output_links.is_empty()) {
        let broken: Vec<Diagnostic> = links::unresolved(output_links, names)
            .map(|l| l.diagnostic.clone())
            .collect();
        if !broken.is_empty() {
            diagnostics.extend(broken);
            diagnostics::sort(&mut diagnostics);
            ensure_valid(diagnostics.clone())?;
        }
    }
    // The search index reads every body, so every run writes what of it changed (a run of
    // all pages writes it whole).
    let all = matches!(selection, Selection::All);
    let put_search = || -> Result<usize, Error> {
        let files = search.files.iter();
        let written = files.filter(|(name, _)| all || search.touched.contains(*name));
        let mut n = 0;
        for (name, text) in written {
            sink.put(name, text.as_bytes())?;
            n += 1;
        }
        Ok(n)
    };
    let dates: Vec<model::Date> = views.snapshots.iter().map(|s| s.date).collect();
    let files = match selection {
        Selection::All => {
            let (pages, (data, found)) = rayon::join(
                || render::render_jobs(tera, &input, &jobs, sink, carry.pages.as_ref()),
                || (export::data(&views, sink, &|_| true), put_search()),
            );
            for (name, from) in &statics {
                match from {
                    StaticFile::Embedded(bytes) => sink.put(&links::static_file(name), bytes)?,
                    StaticFile::Site(path) => sink.copy(&links::static_file(name), path)?,
                }
            }
            pages? + data? + found?
        }
        Selection::Articles(_) | Selection::Claims { .. } => {
            let reach = incremental::Reach::new(
                selection,
                &input,
                incremental::Moved {
                    snapshots: dates != carry.snapshot_dates,
                    timeline: views.timeline.len() != carry.timeline_len,
                },
            );
            let only: Vec<render::Job> = jobs.into_iter().filter(|j| reach.page(*j)).collect();
            let exports = || export::data(&views, sink, &|name| reach.export(name));
            let (pages, (data, found)) = rayon::join(
                || render::render_jobs(tera, &input, &only, sink, carry.pages.as_ref()),
                || (exports(), put_search()),
            );
            pages? + data? + found?
        }
    };
    if !light {
        carry.snapshot_dates = dates;
        carry.timeline_len = views.timeline.len();
    }
    Ok(Outcome {
        diagnostics,
        files,
        listed,
    })
}

/// Where a static file comes from.
enum StaticFile<'a> {
    Embedded(&'a [u8]),
    Site(&'a Path),
}

/// The static files of the output: the embedded theme's, then the site's own (which win).
fn static_files(loaded: &Loaded) -> Vec<(&str, StaticFile<'_>)> {
    let site = &loaded.sources.statics;
    theme::STATIC
        .iter()
        .filter(|(name, _)| !site.iter().any(|(n, _)| n == name))
        .map(|(name, bytes)| (*name, StaticFile::Embedded(bytes)))
        .chain(
            site.iter()
                .map(|(name, path)| (name.as_str(), StaticFile::Site(path))),
        )
        .collect()
}

/// Builds the site into `options.out`. On any error the previous output stays as it was.
pub fn build(options: &Options) -> Result<Outcome, Error> {
    build_with(options, &|_| {})
}

/// `build`, calling `waiting` with the output folder when another build holds it (before
/// waiting for it, unless `no_wait`).
pub fn build_with(options: &Options, waiting: &dyn Fn(&Path)) -> Result<Outcome, Error> {
    let loaded = load(options, None)?;
    ensure_valid(loaded.diagnostics())?;
    let tera = render::engine(&loaded.sources.templates, &loaded.config.strings)?;
    let wait = if options.no_wait {
        output::Wait::No
    } else {
        output::Wait::Yes
    };
    let staging = output::Staging::begin(&options.out, wait, waiting)?;
    let outcome = produce(
        &loaded,
        &tera,
        options,
        &staging,
        Selection::All,
        &mut Carry::default(),
    )?;
    staging.commit()?;
    Ok(outcome)
}

/// Validates everything `build` validates, renders every page, and writes nothing.
pub fn check(options: &Options) -> Result<Outcome, Error> {
    let loaded = load(options, None)?;
    ensure_valid(loaded.diagnostics())?;
    let tera = render::engine(&loaded.sources.templates, &loaded.config.strings)?;
    produce(
        &loaded,
        &tera,
        options,
        &output::Discard,
        Selection::All,
        &mut Carry::default(),
    )
}
