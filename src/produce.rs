//! The last stages of the pipeline: from a loaded site, the views, the pages, the exports,
//! the search index and the static files, into a sink; `serve`'s selection of pages and what
//! one run leaves for the next. Nothing here reads the site.

use crate::diagnostics::{self, Diagnostic, Error};
use crate::load::{Loaded, ensure_valid};
use crate::options::Options;
use crate::{Outcome, export, incremental, links, model, output, render, search, theme, views};
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

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

impl Carry {
    /// Renders every page next time (new templates, or a run that did not finish).
    pub(crate) fn forget_pages(&mut self) {
        if let Some(memo) = self.pages.as_mut() {
            memo.clear();
        }
    }
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
