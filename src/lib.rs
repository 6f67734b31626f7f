//! `briefing`: a static site generator for briefings on a negotiation in progress.
//!
//! The pipeline, one call per stage: `config::load → source::collect → model::load →
//! links::Index → markdown::render_site → render::Shared (views) → render::pages +
//! export::data → output::commit`. `check` runs every stage but the last.

#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod export;
pub mod front_matter;
pub mod links;
pub mod markdown;
pub mod model;
pub mod options;
pub mod output;
pub mod render;
pub mod scaffold;
#[cfg(feature = "serve")]
pub mod serve;
pub mod session;
pub mod source;
pub mod theme;
pub mod views;

pub use diagnostics::{Diagnostic, Error, Severity};
pub use options::Options;

/// What a successful run produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Warnings (a successful run has no errors).
    pub diagnostics: Vec<Diagnostic>,
    /// Files rendered or exported (static files aside).
    pub files: usize,
}

/// The site loaded, validated and rendered to HTML bodies, ready to render pages from.
struct Loaded {
    config: config::Config,
    site: model::Site,
    sources: source::Sources,
    diagnostics: Vec<Diagnostic>,
    /// Relative links to non-Markdown files, checked once the output is known.
    output_links: Vec<links::OutputLink>,
}

/// Reads and validates the whole site. Input problems become diagnostics; only environment
/// failures are errors here.
fn load(options: &Options) -> Result<Loaded, Error> {
    let (config, mut diags) = config::load(&options.root)?;
    let mut sources = source::collect(&options.root)?;
    diags.append(&mut sources.diagnostics);
    if diags.iter().any(Diagnostic::is_error) {
        // Content is checked against the settings; with broken settings it would only
        // report their consequences.
        diagnostics::sort(&mut diags);
        let site = model::Site::default();
        return Ok(Loaded {
            config,
            site,
            sources,
            diagnostics: diags,
            output_links: Vec::new(),
        });
    }
    let (mut site, mut model_diags) = model::load(
        &config,
        sources.home.take(),
        std::mem::take(&mut sources.points),
        std::mem::take(&mut sources.articles),
        options.drafts,
    );
    diags.append(&mut model_diags);
    diags.extend(model::cross_check(&mut site));
    let index = links::Index::new(&site);
    let rendered =
        markdown::render_site(&mut site, &index, options.portable, config.allow_raw_html);
    diags.extend(rendered.diagnostics);
    diagnostics::sort(&mut diags);
    Ok(Loaded {
        config,
        site,
        sources,
        diagnostics: diags,
        output_links: rendered.output_links,
    })
}

/// Fails with every diagnostic when any of them is an error.
fn ensure_valid(diagnostics: Vec<Diagnostic>) -> Result<Vec<Diagnostic>, Error> {
    let count = diagnostics.iter().filter(|d| d.is_error()).count();
    if count > 0 {
        return Err(Error::Invalid { count, diagnostics });
    }
    Ok(diagnostics)
}

/// Renders every page and export of a loaded site into `sink`, then checks that every
/// relative link to a non-Markdown file reaches a file of the output.
fn produce(loaded: &Loaded, options: &Options, sink: &dyn output::Sink) -> Result<usize, Error> {
    let tera = render::engine(&loaded.sources.templates)?;
    let shared = render::Shared::new(&loaded.site, &loaded.config, options);
    let recorder = output::Recording::new(sink);
    let (pages, data) = rayon::join(
        || render::pages(&tera, &shared, &recorder),
        || export::data(&shared, &recorder),
    );
    let (pages, data) = (pages?, data?);
    let mut files = recorder.into_paths();
    files.extend(
        theme::STATIC
            .iter()
            .map(|(name, _)| format!("static/{name}")),
    );
    files.extend(
        loaded
            .sources
            .statics
            .iter()
            .map(|(name, _)| format!("static/{name}")),
    );
    let mut broken: Vec<Diagnostic> = links::unresolved(&loaded.output_links, &files)
        .map(|l| l.diagnostic.clone())
        .collect();
    if !broken.is_empty() {
        broken.extend(loaded.diagnostics.iter().cloned());
        diagnostics::sort(&mut broken);
        let count = broken.iter().filter(|d| d.is_error()).count();
        return Err(Error::Invalid {
            count,
            diagnostics: broken,
        });
    }
    Ok(pages + data)
}

/// Builds the site into `options.out`. On any error the previous output stays as it was.
pub fn build(options: &Options) -> Result<Outcome, Error> {
    let loaded = load(options)?;
    let diagnostics = ensure_valid(loaded.diagnostics.clone())?;
    let staging = output::Staging::begin(&options.out)?;
    let files = produce(&loaded, options, &staging)?;
    staging.copy_static(theme::STATIC, &loaded.sources.statics)?;
    staging.commit()?;
    Ok(Outcome { diagnostics, files })
}

/// Validates everything `build` validates, renders every page, and writes nothing.
pub fn check(options: &Options) -> Result<Outcome, Error> {
    let loaded = load(options)?;
    let diagnostics = ensure_valid(loaded.diagnostics.clone())?;
    let files = produce(&loaded, options, &output::Discard)?;
    Ok(Outcome { diagnostics, files })
}
