//! Reading the site from disk: `content/` (walked with walkdir, sorted, hidden files skipped),
//! the site's own `templates/` and the list of its `static/` files. Parsing happens elsewhere.

use crate::diagnostics::{Diagnostic, Error};
use crate::model::SourceFile;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

pub use crate::links::{CONTENT, STATIC, TEMPLATES};

/// Everything read from the site folder.
#[derive(Debug, Default)]
pub struct Sources {
    pub home: Option<SourceFile>,
    pub points: Vec<SourceFile>,
    pub articles: Vec<SourceFile>,
    /// `content/people/*.md`: who's who.
    pub people: Vec<SourceFile>,
    /// `content/glossary.md`.
    pub glossary: Option<SourceFile>,
    /// Translations (`x.uk.md` beside `x.md`), in path order.
    pub translations: Vec<SourceFile>,
    /// The site's own templates: (name relative to `templates/`, text).
    pub templates: Vec<(String, String)>,
    /// The site's own static files: (name relative to `static/`, absolute path).
    pub statics: Vec<(String, PathBuf)>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Sources {
    /// Frees the content files' texts once they are parsed (their paths stay, for `patch`).
    /// Translations keep theirs: each load checks them again against their originals.
    pub fn release_texts(&mut self) {
        let files = self
            .home
            .iter_mut()
            .chain(&mut self.points)
            .chain(&mut self.articles)
            .chain(&mut self.people)
            .chain(&mut self.glossary);
        for file in files {
            file.text = String::new();
        }
    }
}

/// Whether `path` is among the `changed` files (both root-relative, as the walk spells them:
/// see `normalised`).
pub fn is_among(changed: &BTreeSet<PathBuf>, path: &Path) -> bool {
    changed.contains(path)
}

/// A changed path spelled as the walk spells it (no `.` components, single separators).
pub fn normalised(path: &Path) -> PathBuf {
    path.components().collect()
}

/// Reads every content file and template of the site at `root`.
pub fn collect(root: &Path) -> Result<Sources, Error> {
    let mut sources = Sources::default();
    let content = root.join(CONTENT);
    if !content.is_dir() {
        sources.diagnostics.push(Diagnostic::error(
            CONTENT,
            "no content folder in the site folder; expected content/ with articles/ and points/ (is --root right?)",
        ));
        return Ok(sources);
    }
    let files = walk(root, &content, &mut sources.diagnostics);
    let (texts, problems): (Vec<_>, Vec<_>) = files
        .into_par_iter()
        .map(|rel| read_text(root, rel))
        .partition(|r| r.is_ok());
    for p in problems.into_iter().filter_map(|r| r.err()) {
        match p {
            ReadProblem::NotUtf8(d) => sources.diagnostics.push(*d),
            ReadProblem::Io(e) => return Err(e),
        }
    }
    for file in texts.into_iter().filter_map(Result::ok) {
        classify(file, &mut sources);
    }
    // `patch` finds files by path.
    sources.points.sort_by(|a, b| a.path.cmp(&b.path));
    sources.articles.sort_by(|a, b| a.path.cmp(&b.path));
    sources.people.sort_by(|a, b| a.path.cmp(&b.path));
    sources.translations.sort_by(|a, b| a.path.cmp(&b.path));
    sources.templates = read_templates(root, &mut sources.diagnostics)?;
    sources.statics = walk(root, &root.join(STATIC), &mut sources.diagnostics)
        .into_iter()
        .filter_map(|rel| {
            let name = crate::links::slashed(rel.strip_prefix(STATIC).ok()?).into_owned();
            Some((name, root.join(&rel)))
        })
        .collect();
    Ok(sources)
}

/// What a file under `content/` is to the briefing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Home,
    Point,
    Article,
    Person,
    Glossary,
    /// A translation of one of the others (`x.uk.md`).
    Translation,
    /// A Markdown file outside the places the briefing reads.
    Stray,
    /// Not Markdown: not read.
    Other,
}

fn kind_of(path: &Path) -> Kind {
    let rel = path.strip_prefix(CONTENT).unwrap_or(path);
    if rel.extension().is_none_or(|e| e != "md") {
        return Kind::Other;
    }
    if translation_of(path).is_some() {
        return Kind::Translation;
    }
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    match (first.as_deref(), rel.components().count()) {
        (Some("_index.md"), 1) => Kind::Home,
        (Some("glossary.md"), 1) => Kind::Glossary,
        (Some("points"), 2) => Kind::Point,
        (Some("articles"), n) if n >= 2 => Kind::Article,
        (Some("people"), 2) => Kind::Person,
        _ => Kind::Stray,
    }
}

fn classify(file: SourceFile, sources: &mut Sources) {
    match kind_of(&file.path) {
        Kind::Home => sources.home = Some(file),
        Kind::Point => sources.points.push(file),
        Kind::Article => sources.articles.push(file),
        Kind::Person => sources.people.push(file),
        Kind::Glossary => sources.glossary = Some(file),
        Kind::Translation => sources.translations.push(file),
        Kind::Other => {}
        Kind::Stray => sources.diagnostics.push(Diagnostic::warning(
            &file.path,
            "not part of the briefing and ignored; expected content/_index.md, content/glossary.md, content/points/*.md, content/people/*.md or content/articles/**/*.md",
        )),
    }
}

/// The sources after the content files at `changed` (relative to `root`) were saved, created
/// or removed: those are read again, every other file is kept. `None` when a change is
/// anything else (settings, templates, static files, a folder, a file `collect` reports on),
/// which only a fresh `collect` reads right.
pub fn patch(
    root: &Path,
    mut sources: Sources,
    changed: &BTreeSet<PathBuf>,
) -> Result<Option<Sources>, Error> {
    for rel in changed {
        let hidden = rel
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        let reported = sources.diagnostics.iter().any(|d| &d.path == rel);
        let kind = kind_of(rel);
        if hidden
            || reported
            || !rel.starts_with(CONTENT)
            || matches!(
                kind,
                Kind::Stray | Kind::Other | Kind::Person | Kind::Glossary | Kind::Translation
            )
        {
            return Ok(None);
        }
        let full = root.join(rel);
        let list = match kind {
            Kind::Point => &mut sources.points,
            Kind::Article => &mut sources.articles,
            _ => {
                if full.is_file() {
                    match read_one(root, rel)? {
                        Ok(file) => sources.home = Some(file),
                        Err(_) => return Ok(None),
                    }
                } else if !full.exists() {
                    sources.home = None;
                } else {
                    return Ok(None);
                }
                continue;
            }
        };
        let at = list.binary_search_by(|f| f.path.as_path().cmp(rel));
        if full.is_file() {
            let Ok(file) = read_one(root, rel)? else {
                return Ok(None);
            };
            match at {
                Ok(i) => list[i] = file,
                Err(i) => list.insert(i, file),
            }
        } else if full.exists() {
            return Ok(None);
        } else if let Ok(i) = at {
            list.remove(i);
        }
    }
    Ok(Some(sources))
}

/// The language code and original of a translation's path (`x.uk.md` → `uk`, `x.md`): a
/// file name whose last part before `.md` is two or three lower-case letters.
pub fn translation_of(path: &Path) -> Option<(String, PathBuf)> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".md")?;
    let (original, code) = stem.rsplit_once('.')?;
    let is_code = (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase());
    (is_code && !original.is_empty()).then(|| {
        (
            code.to_string(),
            path.with_file_name(format!("{original}.md")),
        )
    })
}

/// Files under `dir`, relative to `root`, sorted, hidden entries skipped.
fn walk(root: &Path, dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let walker = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(is_shown);
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e
                    .path()
                    .strip_prefix(root)
                    .unwrap_or(e.path())
                    .to_path_buf();
                out.push(rel);
            }
            Ok(_) => {}
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf());
                diags.push(Diagnostic::error(
                    path.unwrap_or_else(|| dir.to_path_buf()),
                    format!("cannot read: {err}"),
                ));
            }
        }
    }
    out
}

/// Whether the walk takes an entry: the folder walked, and whatever is not hidden (a name
/// starting with `.`).
fn is_shown(entry: &walkdir::DirEntry) -> bool {
    entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
}

enum ReadProblem {
    NotUtf8(Box<Diagnostic>),
    Io(Error),
}

fn read_text(root: &Path, rel: PathBuf) -> Result<SourceFile, ReadProblem> {
    let is_md = rel.extension().is_some_and(|e| e == "md");
    if !is_md {
        return Ok(SourceFile {
            path: rel,
            text: String::new(),
        });
    }
    let bytes = std::fs::read(root.join(&rel))
        .map_err(|e| ReadProblem::Io(Error::read(root.join(&rel), e)))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile { path: rel, text }),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            Err(ReadProblem::NotUtf8(Box::new(
                Diagnostic::error(&rel, "the file is not valid UTF-8 text; save it as UTF-8")
                    .at(Some(line), None),
            )))
        }
    }
}

fn read_templates(
    root: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<(String, String)>, Error> {
    let dir = root.join(TEMPLATES);
    walk(root, &dir, diags)
        .into_iter()
        .map(|rel| {
            let name =
                crate::links::slashed(rel.strip_prefix(TEMPLATES).unwrap_or(&rel)).into_owned();
            let text = std::fs::read_to_string(root.join(&rel))
                .map_err(|e| Error::read(root.join(&rel), e))?;
            Ok((name, text))
        })
        .collect()
}

/// Reads one content file (relative to `root`) again.
fn read_one(root: &Path, rel: &Path) -> Result<Result<SourceFile, Diagnostic>, Error> {
    match read_text(root, rel.to_path_buf()) {
        Ok(file) => Ok(Ok(file)),
        Err(ReadProblem::NotUtf8(d)) => Ok(Err(*d)),
        Err(ReadProblem::Io(e)) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walking_gives_each_folder_before_its_files_in_walkdirs_sorted_order() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("content");
        let files = [
            "b.md",
            "a/z.md",
            "a-c.md",
            "a/b/c.md",
            "A.md",
            "a/b.md",
            "a0.md",
            ".hidden/x.md",
            "a/.x.md",
        ];
        for file in files {
            let path = dir.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "").unwrap();
        }
        let mut diags = Vec::new();
        let walked = walk(root.path(), &dir, &mut diags);
        let names: Vec<String> = walked
            .iter()
            .map(|p| crate::links::slashed(p.strip_prefix("content").unwrap()).into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "A.md", "a/b/c.md", "a/b.md", "a/z.md", "a-c.md", "a0.md", "b.md"
            ]
        );
        // The order walkdir gives when it sorts each folder by name.
        let sorted: Vec<PathBuf> = WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(is_shown)
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(root.path()).unwrap().to_path_buf())
            .collect();
        assert_eq!(walked, sorted);
        assert!(diags.is_empty());
    }
}
