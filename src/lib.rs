//! `briefing`: a static site generator for briefings on a negotiation in progress.
//!
//! The pipeline, one call per stage: `config::load → source::collect → model::load →
//! model::cross_check → links::Index → markdown::render_site` (in `load`), then `views::Views
//! → render + export::data + search::Index` (in `produce`), then the output's commit
//! (`output::InPlace`, or `output::Staging` for `--atomic`). `check` runs every stage but the
//! last; `serve` (through `incremental::Session`) runs the same stages, reusing what an edit
//! left alone, and commits through the same `InPlace` writer.

#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod cli;
pub mod config;
pub mod diagnostics;
pub(crate) mod edition;
pub(crate) mod export;
#[cfg(feature = "external")]
pub mod external;
pub mod front_matter;
pub(crate) mod i18n;
pub mod incremental;
pub mod links;
mod load;
pub mod markdown;
pub mod model;
pub(crate) mod options;
pub mod output;
mod produce;
pub mod progress;
pub(crate) mod render;
pub mod scaffold;
pub mod schema;
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;
#[cfg(not(feature = "serve"))]
pub mod serve {
    //! A build without the `serve` feature: the command is a usage error.
    pub fn run(_: &crate::cli::ServeArgs) -> Result<(), crate::Error> {
        Err(crate::Error::Usage(
            "this build of briefing has no `serve`".into(),
        ))
    }
}
pub(crate) mod source;
pub(crate) mod theme;
pub(crate) mod views;

pub use diagnostics::{Diagnostic, Error, Severity};
pub use options::Options;
pub use progress::Progress;

pub(crate) use incremental::{Carry, Selection};
pub(crate) use load::{Loaded, Previous, ensure_valid, load};
pub(crate) use produce::produce;
use std::path::Path;

/// What a successful run produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Warnings (a successful run has no errors).
    pub diagnostics: Vec<Diagnostic>,
    /// Files rendered or exported (static files aside).
    pub files: usize,
    /// The files a run that wrote only some of them knows of.
    pub(crate) listed: Option<output::Listed>,
    /// What a build that wrote in place did (`None` for `--atomic`, `check` and `serve`).
    pub written: Option<output::Written>,
}

/// Builds the site into `options.out`. On any error the previous output stays as it was.
pub fn build(options: &Options) -> Result<Outcome, Error> {
    build_with(options, &|_| {}, &Progress::hidden())
}

/// `build`, calling `waiting` with the output folder when another build holds it (before
/// waiting for it, unless `no_wait`), and showing its stages and files on `progress`.
pub fn build_with(
    options: &Options,
    waiting: &dyn Fn(&Path),
    progress: &Progress,
) -> Result<Outcome, Error> {
    progress.stage("loading");
    let (loaded, tera) = load_valid(options)?;
    let wait = if options.no_wait {
        output::Wait::No
    } else {
        output::Wait::Yes
    };
    // Every page into `sink`, counted on the display.
    let render = |sink: &dyn output::Sink| {
        progress.stage("rendering");
        let counted = progress::Counted { sink, progress };
        let outcome = produce(
            &loaded,
            &tera,
            options,
            &counted,
            Selection::All,
            &mut Carry::default(),
        );
        progress.stage("writing");
        outcome
    };
    if options.atomic {
        let staging = output::Staging::begin(&options.out, wait, waiting)?;
        let outcome = render(&staging)?;
        staging.commit()?;
        return Ok(outcome);
    }
    let mut output = output::InPlace::begin(&options.out, wait, waiting)?;
    let run = output.run();
    let mut outcome = render(&run)?;
    outcome.written = Some(run.commit(&|_| true)?);
    Ok(outcome)
}

/// Validates everything `build` validates, renders every page, and writes nothing.
pub fn check(options: &Options) -> Result<Outcome, Error> {
    checked(options).map(|(outcome, _)| outcome)
}

/// `check`, keeping what was loaded.
fn checked(options: &Options) -> Result<(Outcome, load::Loaded), Error> {
    let (loaded, tera) = load_valid(options)?;
    let mut carry = Carry::default();
    let discard = &output::Discard;
    let outcome = produce(&loaded, &tera, options, discard, Selection::All, &mut carry)?;
    Ok((outcome, loaded))
}

/// `check`, then every external address the site cites asked whether it still answers
/// (`check --external`). Dead addresses are errors at their file and line.
#[cfg(feature = "external")]
pub fn check_external(options: &Options) -> Result<(Outcome, external::Report), Error> {
    let (outcome, loaded) = checked(options)?;
    let cited = external::cited(&options.root, &loaded.site);
    let timeout = std::time::Duration::from_secs(loaded.config.link_timeout);
    let report = external::check(&options.root, &cited, &loaded.config.link_skip, timeout)?;
    let mut all = outcome.diagnostics.clone();
    all.extend(report.diagnostics.iter().cloned());
    load::ensure_valid(all)?;
    Ok((outcome, report))
}

/// The site loaded and found valid, and the templates compiled: what `build` and `check`
/// start from.
fn load_valid(options: &Options) -> Result<(load::Loaded, tera::Tera), Error> {
    let loaded = load(options, None, false)?;
    ensure_valid(loaded.diagnostics())?;
    let tera = render::engine(&loaded.sources.templates, &loaded.config.strings)?;
    Ok((loaded, tera))
}
