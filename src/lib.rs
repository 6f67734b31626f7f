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

/// The site loaded, validated and rendered to HTML bodies, ready to render pages from. Its
/// problems are kept by origin so that `serve` can replace one file's problems on an edit.
pub(crate) struct Loaded {
    pub(crate) config: config::Config,
    pub(crate) site: model::Site,
    pub(crate) sources: source::Sources,
    /// Problems of the settings and of walking and reading `content/`.
    pub(crate) settings_diags: Vec<Diagnostic>,
    /// Problems found in single files (front matter, Markdown).
    pub(crate) file_diags: Vec<Diagnostic>,
    /// Problems between files (duplicate numbers and slugs, unknown points).
    pub(crate) cross_diags: Vec<Diagnostic>,
    /// Relative links to non-Markdown files, checked once the output is known.
    pub(crate) output_links: Vec<links::OutputLink>,
}

impl Loaded {
    /// Every problem, sorted by file and line.
    fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = [&self.settings_diags, &self.file_diags, &self.cross_diags]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        diagnostics::sort(&mut all);
        all
    }
}

/// Reads and validates the whole site. Input problems become diagnostics; only environment
/// failures are errors here.
pub(crate) fn load(options: &Options) -> Result<Loaded, Error> {
    let (config, mut settings_diags) = config::load(&options.root)?;
    let mut sources = source::collect(&options.root)?;
    settings_diags.append(&mut sources.diagnostics);
    let mut loaded = Loaded {
        config,
        site: model::Site::default(),
        sources,
        settings_diags,
        file_diags: Vec::new(),
        cross_diags: Vec::new(),
        output_links: Vec::new(),
    };
    if loaded.settings_diags.iter().any(Diagnostic::is_error) {
        // Content is checked against the settings; with broken settings it would only
        // report their consequences.
        return Ok(loaded);
    }
    let (mut site, file_diags) = model::load(
        &loaded.config,
        loaded.sources.home.take(),
        std::mem::take(&mut loaded.sources.points),
        std::mem::take(&mut loaded.sources.articles),
        options.drafts,
    );
    loaded.file_diags = file_diags;
    loaded.cross_diags = model::cross_check(&mut site);
    let index = links::Index::new(&site);
    let allow_raw_html = loaded.config.allow_raw_html;
    let rendered = markdown::render_site(&mut site, &index, options.portable, allow_raw_html);
    loaded.file_diags.extend(rendered.diagnostics);
    loaded.output_links = rendered.output_links;
    loaded.site = site;
    Ok(loaded)
}

/// Fails with every diagnostic when any of them is an error.
pub(crate) fn ensure_valid(diagnostics: Vec<Diagnostic>) -> Result<Vec<Diagnostic>, Error> {
    let count = diagnostics.iter().filter(|d| d.is_error()).count();
    if count > 0 {
        return Err(Error::Invalid { count, diagnostics });
    }
    Ok(diagnostics)
}

/// Renders every page and export of a loaded site into `sink`, then checks that every
/// relative link to a non-Markdown file reaches a file of the output.
pub(crate) fn produce(
    loaded: &Loaded,
    tera: &tera::Tera,
    options: &Options,
    sink: &dyn output::Sink,
) -> Result<usize, Error> {
    let shared = render::Shared::new(&loaded.site, &loaded.config, options);
    let recorder = output::Recording::new(sink);
    let (pages, data) = rayon::join(
        || render::pages(tera, &shared, &recorder),
        || export::data(&shared, &recorder),
    );
    let (pages, data) = (pages?, data?);
    let mut files = recorder.into_paths();
    let statics = theme::STATIC.iter().map(|(name, _)| *name);
    let site_statics = loaded.sources.statics.iter().map(|(name, _)| name.as_str());
    files.extend(
        statics
            .chain(site_statics)
            .map(|name| format!("static/{name}")),
    );
    let broken: Vec<Diagnostic> = links::unresolved(&loaded.output_links, &files)
        .map(|l| l.diagnostic.clone())
        .collect();
    if !broken.is_empty() {
        let mut all = loaded.diagnostics();
        all.extend(broken);
        diagnostics::sort(&mut all);
        ensure_valid(all)?;
    }
    Ok(pages + data)
}

/// Builds the site into `options.out`. On any error the previous output stays as it was.
pub fn build(options: &Options) -> Result<Outcome, Error> {
    let loaded = load(options)?;
    let diagnostics = ensure_valid(loaded.diagnostics())?;
    let tera = render::engine(&loaded.sources.templates)?;
    let staging = output::Staging::begin(&options.out)?;
    let files = produce(&loaded, &tera, options, &staging)?;
    staging.copy_static(theme::STATIC, &loaded.sources.statics)?;
    staging.commit()?;
    Ok(Outcome { diagnostics, files })
}

/// Validates everything `build` validates, renders every page, and writes nothing.
pub fn check(options: &Options) -> Result<Outcome, Error> {
    let loaded = load(options)?;
    let diagnostics = ensure_valid(loaded.diagnostics())?;
    let tera = render::engine(&loaded.sources.templates)?;
    let files = produce(&loaded, &tera, options, &output::Discard)?;
    Ok(Outcome { diagnostics, files })
}
