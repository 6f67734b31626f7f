//! Incremental rebuilds for `serve`: which files changed, which pages, exports and search
//! files an edit reaches (`Selection`, `Reach`), and what one run leaves for the next
//! (`Carry`). A rebuild is the build's own pipeline (`load` reusing what an edit left alone,
//! then `produce` with a selection) written in place, as a build writes (`output::InPlace`).

use crate::diagnostics::{Diagnostic, Error};
use crate::options::Options;
use crate::output::{InPlace, Wait};
use crate::render::Job;
use crate::{Loaded, Previous, links, model, render, search, views};
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

/// What one (re)build wrote.
#[derive(Debug, Default)]
pub struct Report {
    /// Output files written or removed, site-root-relative.
    pub changed: Vec<String>,
    pub warnings: Vec<Diagnostic>,
    /// Whether every page was considered (under `serve`, a page made from the same values as
    /// before is left as it was).
    pub full: bool,
}

/// A live site: the last load, the compiled templates and the output folder kept up to date.
pub struct Session {
    options: Options,
    loaded: Option<Loaded>,
    tera: Option<tera::Tera>,
    /// The output, held from the first run on (taken again after a run that failed to write).
    output: Option<InPlace>,
    /// What the last good run leaves for the next (its search index, its snapshots' dates).
    carry: Carry,
    /// Whether the last run wrote its output (after a failure, the next run renders all).
    in_step: bool,
}

impl Session {
    /// A session that writes into `options.out` (a folder the caller owns).
    pub fn new(options: Options) -> Session {
        Session {
            output: None,
            options,
            loaded: None,
            tera: None,
            carry: Carry {
                pages: Some(render::Memo::default()),
                ..Carry::default()
            },
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
        if !self.in_step {
            self.carry.forget_pages();
            self.output = None;
        }
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
        let loaded = self
            .loaded
            .insert(crate::load(&self.options, previous, true)?);
        crate::ensure_valid(loaded.diagnostics())?;
        if templates || self.tera.is_none() {
            self.tera = None;
            self.carry.forget_pages();
            self.tera = Some(render::engine(
                &loaded.sources.templates,
                &loaded.config.strings,
            )?);
        }
        let tera = self
            .tera
            .as_ref()
            .expect("compiled just above when missing");
        // A site in several languages is written whole: each edition's pages are made
        // from its own translated site, which the plans of what an edit reaches do not cover.
        let selection = if self.in_step && loaded.config.editions.is_empty() {
            select(loaded)
        } else {
            Selection::All
        };
        let output = match &mut self.output {
            Some(output) => output,
            none => none.insert(InPlace::begin(&self.options.out, Wait::No, &|_| {})?),
        };
        let run = output.run();
        let outcome = crate::produce(
            loaded,
            tera,
            &self.options,
            &run,
            selection,
            &mut self.carry,
        )?;
        let full = matches!(selection, Selection::All);
        // A run of some pages says which files of the search index it took away, and lists
        // the files of the folders it knows whole.
        let removed = self.carry.search.as_ref().map(|s| &s.removed);
        let listed = outcome.listed.as_ref();
        let covered = |rel: &str| match listed {
            Some(listed) => listed.gone(rel) || removed.is_some_and(|r| r.contains(rel)),
            None => full || removed.is_some_and(|r| r.contains(rel)),
        };
        let written = run.commit(&covered)?;
        let mut changed = written.written;
        changed.extend(written.removed);
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

/// The pages a change reaches: an edit to article bodies alone reaches only their pages; an
/// edit to claims alone reaches the pages made of positions; anything else reaches every page.
fn select(loaded: &Loaded) -> Selection<'_> {
    match &loaded.change {
        model::Change::ArticleBodies => Selection::Articles(&loaded.dirty),
        model::Change::Claims(claims) => Selection::Claims {
            articles: &loaded.dirty,
            claims,
        },
        model::Change::All | model::Change::Listings => Selection::All,
    }
}

/// Which pages and exports a run of some pages makes.
///
/// Claims reach the pages of their articles and of their points (with the points' feeds),
/// the home page, the table, the versions, the people and the print edition (not the
/// sources or the glossary, which show no claim); the pages of the timeline that hold entries
/// dated between the earliest and the latest touched claim (every page when the timeline
/// grew or shrank, which moves entries from page to page); and the snapshots whose table or
/// day's changes they may alter: for each point and position a claim touched, from its
/// earliest touched date to the first later claim on record for that point and position,
/// which decides every later day (every snapshot when their dates changed, since each names
/// its neighbours). Among the other exports, all but those made of articles and events.
pub(crate) struct Reach<'s> {
    selection: Selection<'s>,
    cx: &'s render::Input<'s>,
    /// The points the claims name.
    points: BTreeSet<u32>,
    /// The feeds of the other points (which claims do not reach).
    other_feeds: BTreeSet<String>,
    /// The dates whose snapshot the claims may alter: from, and through (`None`: to the end).
    spans: Vec<(model::Date, Option<model::Date>)>,
    /// The earliest and latest date of a touched claim.
    dates: Option<(model::Date, model::Date)>,
    moved: Moved,
}

/// What changed in number against the previous run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Moved {
    /// The dates of the snapshots.
    pub(crate) snapshots: bool,
    /// The number of entries of the timeline.
    pub(crate) timeline: bool,
}

impl<'s> Reach<'s> {
    pub(crate) fn new(
        selection: Selection<'s>,
        cx: &'s render::Input<'s>,
        moved: Moved,
    ) -> Reach<'s> {
        let claims: &[model::TouchedClaim] = match selection {
            Selection::Claims { claims, .. } => claims,
            _ => &[],
        };
        let points: BTreeSet<u32> = claims.iter().map(|c| c.point).collect();
        let other_feeds = cx
            .site
            .points
            .iter()
            .filter(|p| !points.contains(&p.number))
            .map(|p| links::point_feed(p.number))
            .collect();
        let mut keys: Vec<(u32, Option<&str>)> = claims
            .iter()
            .map(|c| (c.point, c.party.as_deref()))
            .collect();
        keys.sort();
        keys.dedup();
        let spans = keys
            .into_iter()
            .map(|(point, party)| {
                let dates = claims
                    .iter()
                    .filter(|c| c.point == point && c.party.as_deref() == party)
                    .map(|c| c.date);
                let from = dates.clone().min().expect("each key comes from a claim");
                let last = dates.max().expect("each key comes from a claim");
                // An observer's word is read with everyone's: it may count on every later day.
                let through = party.and_then(|party| {
                    cx.statuses
                        .iter()
                        .filter(|s| s.point.number == point)
                        .flat_map(|s| &s.history)
                        .filter(|c| c.claim.party.as_deref() == Some(party) && c.claim.date > last)
                        .map(|c| c.claim.date)
                        .min()
                });
                (from, through)
            })
            .collect();
        let dates = claims
            .iter()
            .map(|c| c.date)
            .min()
            .zip(claims.iter().map(|c| c.date).max());
        Reach {
            selection,
            cx,
            points,
            other_feeds,
            spans,
            dates,
            moved,
        }
    }

    /// Whether the run renders this page.
    pub(crate) fn page(&self, job: Job) -> bool {
        let site = &self.cx.site;
        let of_article = |dirty: &BTreeSet<PathBuf>, i: usize| {
            crate::source::is_among(dirty, &site.articles[i].path)
        };
        match (self.selection, job) {
            (Selection::All, _) => true,
            (Selection::Articles(dirty), Job::Article(i)) => of_article(dirty, i),
            (Selection::Articles(_), _) => false,
            (Selection::Claims { articles, .. }, Job::Article(i)) => of_article(articles, i),
            (Selection::Claims { .. }, Job::Point(i)) => {
                self.points.contains(&site.points[i].number)
            }
            (Selection::Claims { .. }, Job::AsOf(i)) => {
                let date = self.cx.snapshots[i].date;
                self.moved.snapshots
                    || self
                        .spans
                        .iter()
                        .any(|(from, through)| *from <= date && through.is_none_or(|t| date <= t))
            }
            // Pages no claim is shown on.
            (
                Selection::Claims { .. },
                Job::Articles(_)
                | Job::Tags
                | Job::Tag(..)
                | Job::NotFound
                | Job::Search
                | Job::Sources
                | Job::Glossary,
            ) => false,
            (Selection::Claims { .. }, Job::Timeline(_)) if self.moved.timeline => true,
            (Selection::Claims { .. }, Job::Timeline(n)) => {
                let per = render::TIMELINE_PER_PAGE;
                let entries = self.cx.timeline.iter().skip((n - 1) * per).take(per);
                let on_page = entries
                    .clone()
                    .map(|e| e.date)
                    .min()
                    .zip(entries.map(|e| e.date).max());
                match (on_page, self.dates) {
                    (Some((first, last)), Some((from, to))) => first <= to && from <= last,
                    _ => true,
                }
            }
            (
                Selection::Claims { .. },
                Job::Home
                | Job::Points
                | Job::Versions
                | Job::Version(_)
                | Job::Compare(_)
                | Job::Retired(_)
                | Job::People
                | Job::Person(_)
                | Job::Print,
            ) => true,
        }
    }

    /// Whether the run writes this export.
    pub(crate) fn export(&self, name: &str) -> bool {
        match self.selection {
            Selection::All => true,
            Selection::Articles(_) => false,
            Selection::Claims { .. } => {
                !self.other_feeds.contains(name)
                    && !matches!(
                        name,
                        links::FEED
                            | links::ROBOTS
                            | links::SITEMAP
                            | links::TIMELINE_ICS
                            | links::STRINGS_SCRIPT
                    )
            }
        }
    }
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
/// the timeline, and (under `serve`) what each page was made from.
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

/// Whether a run needs only the views of article pages: an edit to article bodies reaches their
/// pages alone (and updates the index an earlier run built), but a link to an output file,
/// checked against every page's name, needs the whole site's views.
pub(crate) fn is_light(loaded: &Loaded, selection: Selection<'_>, carry: &Carry) -> bool {
    carry.search.is_some()
        && matches!(selection, Selection::Articles(_))
        && loaded.bodies.output_links().next().is_none()
}

/// The index of an earlier run brought up to date when the search documents stayed (only
/// article bodies or claims changed), or a new one.
pub(crate) fn search_index(
    selection: Selection<'_>,
    previous: Option<search::Index>,
    views: &views::Views<'_>,
    bodies: &crate::markdown::Bodies,
    updatable: bool,
) -> search::Index {
    match (selection, previous) {
        (Selection::Articles(dirty), Some(previous)) => {
            previous.update(views, bodies, dirty, false)
        }
        (
            Selection::Claims {
                articles: dirty, ..
            },
            Some(previous),
        ) => previous.update(views, bodies, dirty, true),
        _ => search::Index::new(views, bodies, updatable),
    }
}

/// The files a run that writes only some pages knows of, so that the memo and the writer
/// forget the pages that went away: for claims, those of the folders whose pages come and go
/// with them; when the memo may leave pages alone, all of them. `None` when every page is
/// written.
pub(crate) fn listed(
    selection: Selection<'_>,
    input: &render::Input<'_>,
    jobs: &[render::Job],
    every_file: impl FnOnce() -> HashSet<String>,
    memo_skips: bool,
) -> Option<crate::output::Listed> {
    match selection {
        Selection::Claims { .. } => Some(crate::output::Listed {
            within: &[links::TIMELINE, links::AS_OF],
            names: jobs
                .iter()
                .filter(|j| matches!(j, render::Job::Timeline(_) | render::Job::AsOf(_)))
                .map(|j| render::file_of(input, *j))
                .collect(),
        }),
        _ if memo_skips => Some(crate::output::Listed {
            within: &[""],
            names: every_file(),
        }),
        _ => None,
    }
}
