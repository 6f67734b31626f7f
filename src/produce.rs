//! The last stages of the pipeline: from a loaded site, the views, the pages, the exports,
//! the search index and the static files, into a sink, for every edition; what a run of
//! `serve` writes of them is `incremental`'s to say. Nothing here reads the site.

use crate::diagnostics::{self, Diagnostic, Error};
use crate::incremental::{Carry, Selection, is_light, listed, search_index};
use crate::load::{Loaded, ensure_valid};
use crate::options::Options;
use crate::{Outcome, export, incremental, links, output, render, search, theme, views};
use std::collections::HashSet;
use std::path::Path;

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
    let light = is_light(loaded, selection, carry);
    let views = if light {
        views::Views::for_article_pages(site, config, base_url)
    } else {
        views::Views::new(site, config, base_url)
    };
    let labels = render::DateLabels::new(&views, matches!(selection, Selection::All));
    let editions = crate::edition::Editions::new(config, base_url);
    let input = render::Input {
        views: &views,
        bodies: &loaded.bodies,
        options,
        labels: &labels,
        editions: &editions,
    };
    let planned = Planned {
        jobs: render::jobs(&input),
        statics: static_files(loaded),
        exports: export::names(&views),
    };
    sink.expect(planned.count(config.editions.len()));
    // The search index comes first: the memo's list of the output, a body's link to an output
    // file and the update of a run that writes some pages all need its files. Only `serve`
    // runs again, and keeps what each page was made from: a build or a check needs no more of
    // the index than its files.
    let updatable = carry.pages.is_some();
    let previous = carry.search.take();
    let index = search_index(selection, previous, &views, &loaded.bodies, updatable);
    let search = carry.search.insert(index);
    let every_file = || planned.names(&input, search);
    let memo_skips = carry.pages.is_some() && !light;
    let listed = listed(selection, &input, &planned.jobs, every_file, memo_skips);
    if let (Some(memo), Some(listed)) = (carry.pages.as_mut(), &listed) {
        memo.retain(|file| !listed.gone(file));
    }
    check_output_links(loaded, every_file, &mut diagnostics)?;
    let writer = Writer {
        tera,
        input: &input,
        sink,
        memo: carry.pages.as_ref(),
    };
    let dates = || views.snapshots.iter().map(|s| s.date);
    let files = match selection {
        Selection::All => {
            // The search files go first: a build, which needs them no more, then frees them
            // before the pages take their room (a tenth of the peak memory at 100,000
            // articles).
            let found = writer.search_files(search, true)?;
            if !updatable {
                search.files = Default::default();
            }
            found + writer.all(&planned)?
        }
        Selection::Articles(_) | Selection::Claims { .. } => {
            let moved = incremental::Moved {
                snapshots: dates().ne(carry.snapshot_dates.iter().copied()),
                timeline: views.timeline.len() != carry.timeline_len,
            };
            writer.reach(selection, planned.jobs, moved, search)?
        }
    };
    if !light {
        carry.snapshot_dates = dates().collect();
        carry.timeline_len = views.timeline.len();
    }
    let files = files + other_editions(loaded, options, sink, &editions)?;
    Ok(Outcome {
        diagnostics,
        files,
        listed,
        written: None,
    })
}

/// Writes every other language's edition under its code (`uk/`): every page, its feeds, its
/// calendar and its search index, from the site with that edition's translations laid over
/// it. The static files and the data are the default edition's. Returns how many files were
/// written. (A site with other editions is always written whole: see `serve`.)
fn other_editions(
    loaded: &Loaded,
    options: &Options,
    sink: &dyn output::Sink,
    editions: &crate::edition::Editions,
) -> Result<usize, Error> {
    let mut files = 0;
    for i in 0..loaded.config.editions.len() {
        let edition = loaded.edition(i);
        let prefix = editions.prefix(i + 1);
        let base_url = options.base_url.as_deref().map(|b| format!("{b}{prefix}"));
        let mut views = views::Views::new(&edition.site, &edition.config, base_url.as_deref());
        views.original = &loaded.site;
        let labels = render::DateLabels::new(&views, true);
        let here = editions.at(i + 1, edition.translated);
        let input = render::Input {
            views: &views,
            bodies: &edition.bodies,
            options,
            labels: &labels,
            editions: &here,
        };
        let tera = render::engine(&loaded.sources.templates, &edition.config.strings)?;
        let sink = output::Prefixed {
            sink,
            prefix: &prefix,
        };
        let jobs = render::jobs(&input);
        let ((pages, data), index) = rayon::join(
            || {
                rayon::join(
                    || render::render_jobs(&tera, &input, &jobs, &sink, None),
                    || export::data(&views, &sink, &export::in_every_edition),
                )
            },
            || search::Index::new(&views, &edition.bodies, false),
        );
        files += pages? + data?;
        output::Sink::expect(&sink, index.files.len());
        for (name, text) in &index.files {
            output::Sink::put(&sink, name, text.as_bytes())?;
            files += 1;
        }
    }
    Ok(files)
}

/// What a run may write: its pages, the static files and the exports (the search files are
/// the index's own).
struct Planned<'a> {
    jobs: Vec<render::Job>,
    statics: Vec<(&'a str, StaticFile<'a>)>,
    exports: Vec<String>,
}

impl Planned<'_> {
    /// How many files a whole run makes with `editions` other editions (their search files
    /// aside): each edition has every page and the exports made in every edition.
    fn count(&self, editions: usize) -> usize {
        let in_each = self.exports.iter().filter(|n| export::in_every_edition(n));
        let per_edition = self.jobs.len() + in_each.count();
        self.jobs.len() + self.exports.len() + self.statics.len() + per_edition * editions
    }

    /// Every file of the output.
    fn names(&self, input: &render::Input<'_>, search: &search::Index) -> HashSet<String> {
        let mut names: HashSet<String> = self
            .jobs
            .iter()
            .map(|j| render::file_of(input, *j))
            .collect();
        names.extend(
            self.statics
                .iter()
                .map(|(name, _)| links::static_file(name)),
        );
        names.extend(self.exports.iter().cloned());
        names.extend(search.files.keys().cloned());
        names
    }
}

/// Checks every relative link from a body to a non-Markdown file against the files of the
/// output (`names`, worked out only when there is such a link); a broken one is an error.
fn check_output_links(
    loaded: &Loaded,
    names: impl FnOnce() -> HashSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), Error> {
    let output_links: Vec<&links::OutputLink> = loaded.bodies.output_links().collect();
    if output_links.is_empty() {
        return Ok(());
    }
    let names = names();
    let broken: Vec<Diagnostic> = links::unresolved(output_links, &names)
        .map(|l| l.diagnostic.clone())
        .collect();
    if !broken.is_empty() {
        diagnostics.extend(broken);
        diagnostics::sort(diagnostics);
        ensure_valid(diagnostics.clone())?;
    }
    Ok(())
}

/// Writes a run's files into a sink; each method returns how many it wrote.
struct Writer<'a> {
    tera: &'a tera::Tera,
    input: &'a render::Input<'a>,
    sink: &'a dyn output::Sink,
    memo: Option<&'a render::Memo>,
}

impl Writer<'_> {
    /// Every page, export and static file.
    fn all(&self, planned: &Planned<'_>) -> Result<usize, Error> {
        let (pages, data) = rayon::join(
            || self.pages(&planned.jobs),
            || export::data(self.input.views, self.sink, &|_| true),
        );
        self.statics(planned)?;
        Ok(pages? + data?)
    }

    /// The static files, the theme's then the site's (not counted among the files written).
    fn statics(&self, planned: &Planned<'_>) -> Result<(), Error> {
        for (name, from) in &planned.statics {
            match from {
                StaticFile::Embedded(bytes) => self.sink.put(&links::static_file(name), bytes)?,
                StaticFile::Site(path) => self.sink.copy(&links::static_file(name), path)?,
            }
        }
        Ok(())
    }

    /// The pages and exports an edit reaches (`incremental::Reach`), and the search files the
    /// index's update changed.
    fn reach(
        &self,
        selection: Selection<'_>,
        jobs: Vec<render::Job>,
        moved: incremental::Moved,
        search: &search::Index,
    ) -> Result<usize, Error> {
        let reach = incremental::Reach::new(selection, self.input, moved);
        let only: Vec<render::Job> = jobs.into_iter().filter(|j| reach.page(*j)).collect();
        let (pages, (data, found)) = rayon::join(
            || self.pages(&only),
            || {
                let data = export::data(self.input.views, self.sink, &|name| reach.export(name));
                (data, self.search_files(search, false))
            },
        );
        Ok(pages? + data? + found?)
    }

    fn pages(&self, jobs: &[render::Job]) -> Result<usize, Error> {
        render::render_jobs(self.tera, self.input, jobs, self.sink, self.memo)
    }

    /// The search index's files: all of them, or those its last update wrote.
    fn search_files(&self, search: &search::Index, all: bool) -> Result<usize, Error> {
        let files = search.files.iter();
        let written: Vec<_> = files
            .filter(|(name, _)| all || search.touched.contains(*name))
            .collect();
        self.sink.expect(written.len());
        use rayon::prelude::*;
        written
            .par_iter()
            .try_for_each(|(name, text)| self.sink.put(name, text.as_bytes()))?;
        Ok(written.len())
    }
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
