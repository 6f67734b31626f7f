//! Editions in other languages: translation files (`x.uk.md` beside `x.md`) read and checked
//! against their originals, and the translated site each edition is rendered from. Data
//! (dates, statuses, numbers, keys) lives once, in the original; a translation holds text.

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::front_matter;
use crate::model::{Site, SourceFile, Wording};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// A translation file's front matter: the texts of its original, lists in the original's
/// order. Which keys a file may hold depends on what it translates (`allowed`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[schemars(title = "Translation front matter", deny_unknown_fields)]
pub(crate) struct RawTranslation {
    /// The title (an article, a point, the home page, the glossary).
    title: Option<String>,
    /// The summary (an article, a point, the home page).
    summary: Option<String>,
    /// An article's events' titles and places, in the original's order.
    events: Option<Vec<EventText>>,
    /// An article's claims' notes and parts, in the original's order.
    points: Option<Vec<ClaimText>>,
    /// An article's sources' names, in the original's order.
    sources: Option<Vec<SourceText>>,
    /// A point's version entries' summaries and notes, by version id (quotes stay in the
    /// language spoken).
    versions: Option<BTreeMap<String, VersionText>>,
    /// A person's name.
    name: Option<String>,
    /// A person's roles' titles, in the original's order.
    roles: Option<Vec<RoleText>>,
    /// The glossary's terms and definitions, in the original's order.
    terms: Option<Vec<TermText>>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[schemars(rename = "EventText", deny_unknown_fields)]
struct EventText {
    title: Option<String>,
    place: Option<String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[schemars(rename = "ClaimText", deny_unknown_fields)]
struct ClaimText {
    note: Option<String>,
    part: Option<String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[schemars(rename = "SourceText", deny_unknown_fields)]
struct SourceText {
    name: Option<String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[schemars(rename = "VersionEntryText", deny_unknown_fields)]
struct VersionText {
    summary: Option<String>,
    note: Option<String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[schemars(rename = "RoleText", deny_unknown_fields)]
struct RoleText {
    title: Option<String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[schemars(rename = "TermText", deny_unknown_fields)]
struct TermText {
    term: Option<String>,
    definition: Option<String>,
}

/// The keys a translation takes, by parent path (for messages and the schema test).
pub(crate) fn known_keys(parent: &str) -> &'static [&'static str] {
    match parent {
        "" => &[
            "title", "summary", "events", "points", "sources", "versions", "name", "roles", "terms",
        ],
        "events[]" => &["title", "place"],
        "points[]" => &["note", "part"],
        "sources[]" => &["name"],
        "roles[]" => &["title"],
        "terms[]" => &["term", "definition"],
        _ if parent.starts_with("versions.") => &["summary", "note"],
        _ => &[],
    }
}

/// One translation, read and checked: the texts it gives, to lay over its original.
#[derive(Debug)]
pub(crate) struct Translation {
    pub(crate) code: String,
    /// The original's path (`content/…/x.md`).
    pub(crate) original: PathBuf,
    /// The translation's own path (`content/…/x.uk.md`).
    pub(crate) path: PathBuf,
    place: Place,
    raw: RawTranslation,
    pub(crate) body: String,
    pub(crate) body_line: usize,
    /// Whether it gives a body (`body` is freed once rendered in a build).
    has_body: bool,
}

/// Reads every translation file against the site and the declared editions: those that hold
/// only text, and an error at its line for each that does not.
pub(crate) fn read(
    files: &[SourceFile],
    site: &Site,
    config: &Config,
) -> (Vec<Translation>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    let places = places(site);
    for file in files {
        if let Some(t) = read_one(file, site, &places, config, &mut diags) {
            out.push(t);
        }
    }
    (out, diags)
}

fn read_one(
    file: &SourceFile,
    site: &Site,
    places: &HashMap<&Path, Place>,
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) -> Option<Translation> {
    let (code, original) = crate::source::translation_of(&file.path)?;
    let text = front_matter::strip_bom(&file.text);
    let error = |message: String, line: Option<usize>, field: &str| {
        Diagnostic::error(&file.path, message)
            .at(line, None)
            .field(field)
            .with_source(text)
    };
    if !config.editions.iter().any(|e| e.code == code) {
        let declared: Vec<&str> = config.languages().collect();
        diags.push(error(
            format!(
                "a translation into \"{code}\", a language the briefing does not declare; declared languages are {} (add it under `languages` in briefing.yaml)",
                declared.join(", ")
            ),
            Some(1),
            "",
        ));
        return None;
    }
    let Some(&place) = places.get(original.as_path()) else {
        diags.push(error(
            format!(
                "no original for this translation: {} does not exist; a translation sits beside the file it translates",
                crate::links::slashed(&original)
            ),
            Some(1),
            "",
        ));
        return None;
    };
    let split = match front_matter::split(text) {
        Ok(s) => s,
        Err(e) => {
            diags.push(error(e.message().to_string(), Some(1), ""));
            return None;
        }
    };
    let raw = if split.yaml.trim().is_empty() {
        RawTranslation::default()
    } else {
        match front_matter::parse_yaml::<RawTranslation>(split.yaml, split.yaml_line) {
            Ok((raw, unknown)) => {
                let before = diags.len();
                for key in unknown {
                    diags.push(data_key(&file.path, &key, place, &original).with_source(text));
                }
                if diags.len() > before {
                    return None;
                }
                raw
            }
            Err(e) => {
                diags.push(error(e.message, e.line, &e.field));
                return None;
            }
        }
    };
    let at = |field: &str| {
        front_matter::locate(split.yaml, field).map(|(line, _)| line + split.yaml_line - 1)
    };
    let before = diags.len();
    for key in present_keys(&raw) {
        if !place.allowed().contains(&key) {
            diags.push(error(
                format!(
                    "`{key}` is not a text of {}; its translation holds {}",
                    place.noun(),
                    place.allowed().join(", ")
                ),
                at(key),
                key,
            ));
        }
    }
    for (key, given, wanted) in lengths(&raw, site, place) {
        if given != wanted {
            diags.push(error(
                format!(
                    "`{key}` lists {given} entries, but the original ({}) has {wanted}; a translation lists every entry of the original, in its order (an entry of `{{}}` keeps the original's text)",
                    crate::links::slashed(&original)
                ),
                at(key),
                key,
            ));
        }
    }
    if let (Place::Point(i), Some(versions)) = (place, &raw.versions) {
        let point = &site.points[i];
        for (id, entry) in versions {
            let field = format!("versions.{id}");
            match point.versions.get(id) {
                None => {
                    let known: Vec<&str> = point.versions.keys().map(String::as_str).collect();
                    diags.push(error(
                        format!(
                            "the original has no `{id}` entry in `versions`; expected one of {}",
                            if known.is_empty() {
                                "none".to_string()
                            } else {
                                known.join(", ")
                            }
                        ),
                        at(&field),
                        &field,
                    ));
                }
                Some(e)
                    if entry.summary.is_some()
                        && !matches!(e.wording, Some(Wording::Summary(_))) =>
                {
                    diags.push(error(
                        format!(
                            "the original's `{id}` entry has no summary to translate (a quote stays in the language it was spoken or written in; translate it in the body or the note)"
                        ),
                        at(&format!("{field}.summary")),
                        &format!("{field}.summary"),
                    ));
                }
                Some(_) => {}
            }
        }
    }
    if diags.len() > before {
        return None;
    }
    Some(Translation {
        code,
        original,
        path: file.path.clone(),
        place,
        raw,
        body: split.body.to_string(),
        has_body: !split.body.trim().is_empty(),
        body_line: split.body_line,
    })
}

/// The error for a key a translation does not take: data, which lives in the original.
fn data_key(
    path: &Path,
    key: &front_matter::UnknownKey,
    place: Place,
    original: &Path,
) -> Diagnostic {
    let known = known_keys(&key.parent);
    let nearest = known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(k, &key.key), *k))
        .filter(|(d, _)| *d == 1)
        .min();
    let message = match nearest {
        Some((_, k)) => format!(
            "unknown key `{}` in a translation; did you mean `{k}`?",
            key.key
        ),
        None => format!(
            "`{}` is not text a translation may change: data (dates, statuses, numbers, keys) lives once, in {}; the translation of {} holds {}",
            key.field,
            crate::links::slashed(original),
            place.noun(),
            place.allowed().join(", ")
        ),
    };
    Diagnostic::error(path, message)
        .at(key.line, key.column)
        .field(key.field.clone())
}

fn present_keys(raw: &RawTranslation) -> Vec<&'static str> {
    let given = [
        ("title", raw.title.is_some()),
        ("summary", raw.summary.is_some()),
        ("events", raw.events.is_some()),
        ("points", raw.points.is_some()),
        ("sources", raw.sources.is_some()),
        ("versions", raw.versions.is_some()),
        ("name", raw.name.is_some()),
        ("roles", raw.roles.is_some()),
        ("terms", raw.terms.is_some()),
    ];
    given
        .into_iter()
        .filter(|(_, g)| *g)
        .map(|(k, _)| k)
        .collect()
}

/// Each list the translation gives, with its length and the original's.
fn lengths(raw: &RawTranslation, site: &Site, place: Place) -> Vec<(&'static str, usize, usize)> {
    let mut out = Vec::new();
    let mut list = |key, given: Option<usize>, wanted: usize| {
        if let Some(given) = given {
            out.push((key, given, wanted));
        }
    };
    match place {
        Place::Article(_) | Place::Draft(_) => {
            let a = place.article(site).expect("an article's place");
            list("events", raw.events.as_ref().map(Vec::len), a.events.len());
            list("points", raw.points.as_ref().map(Vec::len), a.claims.len());
            list(
                "sources",
                raw.sources.as_ref().map(Vec::len),
                a.sources.len(),
            );
        }
        Place::Person(i) => {
            let roles = site.people[i].roles.len();
            list("roles", raw.roles.as_ref().map(Vec::len), roles);
        }
        Place::Glossary => {
            let terms = site.glossary.as_ref().map_or(0, |g| g.terms.len());
            list("terms", raw.terms.as_ref().map(Vec::len), terms);
        }
        Place::Home | Place::Point(_) => {}
    }
    out
}

/// Where an original is in the site: what it is and its place in its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Home,
    Point(usize),
    Article(usize),
    /// A draft left out of the run.
    Draft(usize),
    Person(usize),
    Glossary,
}

impl Place {
    /// The top-level keys a translation of this kind holds.
    fn allowed(self) -> &'static [&'static str] {
        match self {
            Place::Home => &["title", "summary"],
            Place::Point(_) => &["title", "summary", "versions"],
            Place::Article(_) | Place::Draft(_) => {
                &["title", "summary", "events", "points", "sources"]
            }
            Place::Person(_) => &["name", "roles"],
            Place::Glossary => &["title", "terms"],
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Place::Home => "the home page",
            Place::Point(_) => "a point",
            Place::Article(_) | Place::Draft(_) => "an article",
            Place::Person(_) => "a person",
            Place::Glossary => "the glossary",
        }
    }

    fn article(self, site: &Site) -> Option<&crate::model::Article> {
        match self {
            Place::Article(i) => site.articles.get(i),
            Place::Draft(i) => site.drafts.get(i),
            _ => None,
        }
    }
}

/// Every original of the site by its path, looked up once per translation.
fn places(site: &Site) -> HashMap<&Path, Place> {
    let mut out = HashMap::new();
    if let Some(path) = site.home.path.as_deref() {
        out.insert(path, Place::Home);
    }
    if let Some(g) = &site.glossary {
        out.insert(g.path.as_path(), Place::Glossary);
    }
    out.extend((site.points.iter().enumerate()).map(|(i, p)| (p.path.as_path(), Place::Point(i))));
    out.extend(
        (site.articles.iter().enumerate()).map(|(i, a)| (a.path.as_path(), Place::Article(i))),
    );
    out.extend((site.drafts.iter().enumerate()).map(|(i, a)| (a.path.as_path(), Place::Draft(i))));
    out.extend((site.people.iter().enumerate()).map(|(i, p)| (p.path.as_path(), Place::Person(i))));
    out
}

/// The URL of the page a translation's original is shown on (`None`: a draft left out).
pub(crate) fn page_url(site: &Site, t: &Translation) -> Option<String> {
    Some(match t.place {
        Place::Home => crate::links::HOME.to_string(),
        Place::Glossary => crate::links::GLOSSARY.to_string(),
        Place::Point(i) => crate::links::point(site.points[i].number),
        Place::Article(i) => crate::links::article(&site.articles[i].slug),
        Place::Draft(_) => return None,
        Place::Person(i) => crate::links::person(&site.people[i].id),
    })
}

/// A text given and not blank, trimmed.
fn given(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

fn lay(to: &mut String, text: &Option<String>) {
    if let Some(t) = given(text) {
        *to = t;
    }
}

fn lay_opt(to: &mut Option<String>, text: &Option<String>) {
    if let Some(t) = given(text) {
        *to = Some(t);
    }
}

/// The site as the edition `code` shows it: each translation's texts laid over its
/// original's, and claims attributed in the edition's words (`former`: "former {role}").
/// Returns the originals the translations cover beside it.
pub(crate) fn translate(
    site: &Site,
    translations: &[Translation],
    code: &str,
    former: &str,
) -> (Site, Covered) {
    let mut site = site.clone();
    let mut done = HashSet::new();
    let mut bodies = HashSet::new();
    let mut notes: HashMap<PathBuf, Vec<usize>> = HashMap::new();
    let mut events: HashMap<PathBuf, Vec<usize>> = HashMap::new();
    for t in translations.iter().filter(|t| t.code == code) {
        let raw = &t.raw;
        let found = !matches!(t.place, Place::Draft(_));
        match t.place {
            Place::Home => {
                let h = &mut site.home;
                lay_opt(&mut h.title, &raw.title);
                lay(&mut h.summary, &raw.summary);
            }
            Place::Point(i) => {
                let p = &mut site.points[i];
                lay(&mut p.title, &raw.title);
                lay(&mut p.summary, &raw.summary);
                for (id, text) in raw.versions.iter().flatten() {
                    let Some(e) = p.versions.get_mut(id) else {
                        continue;
                    };
                    if let (Some(Wording::Summary(s)), Some(new)) =
                        (&mut e.wording, given(&text.summary))
                    {
                        *s = new;
                    }
                    lay_opt(&mut e.note, &text.note);
                }
            }
            Place::Article(i) => {
                let a = &mut site.articles[i];
                lay(&mut a.title, &raw.title);
                lay(&mut a.summary, &raw.summary);
                let given_events = a.events.iter_mut().zip(raw.events.iter().flatten());
                for (k, (e, text)) in given_events.enumerate() {
                    if given(&text.title).is_some() {
                        events.entry(t.original.clone()).or_default().push(k);
                    }
                    lay(&mut e.title, &text.title);
                    lay_opt(&mut e.place, &text.place);
                }
                let given_claims = a.claims.iter_mut().zip(raw.points.iter().flatten());
                for (k, (c, text)) in given_claims.enumerate() {
                    if given(&text.note).is_some() {
                        notes.entry(t.original.clone()).or_default().push(k);
                    }
                    lay_opt(&mut c.note, &text.note);
                    lay_opt(&mut c.part, &text.part);
                }
                for (s, text) in a.sources.iter_mut().zip(raw.sources.iter().flatten()) {
                    lay(&mut s.name, &text.name);
                }
            }
            Place::Person(i) => {
                let p = &mut site.people[i];
                lay(&mut p.name, &raw.name);
                for (r, text) in p.roles.iter_mut().zip(raw.roles.iter().flatten()) {
                    lay(&mut r.title, &text.title);
                }
            }
            Place::Glossary => {
                if let Some(g) = site.glossary.as_mut() {
                    lay_opt(&mut g.title, &raw.title);
                    for (term, text) in g.terms.iter_mut().zip(raw.terms.iter().flatten()) {
                        lay(&mut term.term, &text.term);
                        lay(&mut term.definition, &text.definition);
                    }
                }
            }
            // A draft's translation, in a run without drafts.
            Place::Draft(_) => {}
        }
        // A file counts as translated when it gives its main text (a skeleton left empty
        // does not); its body, when it gives one.
        let main = [&raw.title, &raw.name]
            .into_iter()
            .any(|t| given(t).is_some());
        if found && (main || raw.terms.is_some()) {
            done.insert(t.original.clone());
        }
        if found && t.has_body {
            bodies.insert(t.original.clone());
        }
    }
    // Claims name their speakers as the edition writes them, in the role held that day.
    let people: BTreeMap<&str, &crate::model::Person> =
        site.people.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut said = Vec::new();
    for (a, article) in site.articles.iter().chain(&site.drafts).enumerate() {
        for (c, claim) in article.claims.iter().enumerate() {
            if let Some(p) = claim.by.as_deref().and_then(|id| people.get(id)) {
                said.push((a, c, p.attribution(claim.date, former)));
            }
        }
    }
    let published = site.articles.len();
    for (a, c, text) in said {
        let article = if a < published {
            &mut site.articles[a]
        } else {
            &mut site.drafts[a - published]
        };
        article.claims[c].claimed_by = text;
    }
    let covered = Covered {
        pages: done,
        bodies,
        notes,
        events,
    };
    (site, covered)
}

/// What an edition's translations cover, by the originals' paths.
#[derive(Debug, Clone, Default)]
pub struct Covered {
    /// Files whose main text (title, name, terms) is translated.
    pub pages: HashSet<PathBuf>,
    /// Files whose body is translated.
    pub bodies: HashSet<PathBuf>,
    /// Claims whose note is translated: by article, their places in its list.
    pub notes: HashMap<PathBuf, Vec<usize>>,
    /// Events whose title is translated: by article, their places in its list.
    pub events: HashMap<PathBuf, Vec<usize>>,
}

/// The language editions of a run, for each page's switcher and `hreflang` links.
#[derive(Debug, Clone)]
pub struct Editions {
    /// Every edition's code, the default first.
    pub codes: Vec<String>,
    /// Every edition's name for its language, in its language ("Українська").
    pub names: Vec<String>,
    /// The site's absolute URL (`hreflang` links are absolute when it is known).
    pub base_url: Option<String>,
    /// The index in `codes` of the edition being rendered.
    pub current: usize,
    /// What the current edition's translations cover (everything, in the default edition).
    pub translated: Option<Covered>,
}

impl Editions {
    /// The default edition of the site `config` describes.
    pub fn new(config: &Config, base_url: Option<&str>) -> Editions {
        let names = std::iter::once(&config.strings)
            .chain(config.editions.iter().map(|e| &e.strings))
            .map(|s| s.get("language_name").to_string())
            .collect();
        Editions {
            codes: config.languages().map(str::to_string).collect(),
            names,
            base_url: base_url.map(str::to_string),
            current: 0,
            translated: None,
        }
    }

    /// The edition at `index` (of `codes`), whose translations cover `translated`.
    pub fn at(&self, index: usize, translated: Covered) -> Editions {
        Editions {
            current: index,
            translated: Some(translated),
            ..self.clone()
        }
    }

    /// The folder an edition's files are written under (`""` for the default, `uk/`).
    pub fn prefix(&self, index: usize) -> String {
        if index == 0 {
            String::new()
        } else {
            format!("{}/", self.codes[index])
        }
    }

    /// The language the text of the file at `path` is in, when it is not the edition's own
    /// (an untranslated page, shown in the default language).
    pub fn fallback(&self, path: &Path) -> Option<&str> {
        match &self.translated {
            Some(done) if !done.pages.contains(path) => Some(self.codes[0].as_str()),
            _ => None,
        }
    }

    /// The language of the original's words, in an edition other than the default (quotes
    /// are always in it, as are the texts no translation gives).
    pub fn source_lang(&self) -> Option<&str> {
        self.translated.as_ref().map(|_| self.codes[0].as_str())
    }

    /// The language of a claim's note, when it is not the edition's.
    pub fn note_fallback(
        &self,
        a: &crate::model::Article,
        c: &crate::model::Claim,
    ) -> Option<&str> {
        let done = self.translated.as_ref()?;
        c.note.as_ref()?;
        let at = a.claims.iter().position(|o| std::ptr::eq(o, c))?;
        self.unless_given(&done.notes, &a.path, at)
    }

    /// The language of an event's title, when it is not the edition's.
    pub fn event_fallback(
        &self,
        a: &crate::model::Article,
        e: &crate::model::Event,
    ) -> Option<&str> {
        let done = self.translated.as_ref()?;
        let at = a.events.iter().position(|o| std::ptr::eq(o, e))?;
        self.unless_given(&done.events, &a.path, at)
    }

    /// The original's language, unless a translation of `path` gives its item `at`.
    fn unless_given(
        &self,
        given: &HashMap<PathBuf, Vec<usize>>,
        path: &Path,
        at: usize,
    ) -> Option<&str> {
        let translated = given.get(path).is_some_and(|v| v.contains(&at));
        (!translated).then(|| self.codes[0].as_str())
    }

    /// The language of the body of the file at `path`, when it is not the edition's.
    pub fn body_fallback(&self, path: &Path) -> Option<&str> {
        match &self.translated {
            Some(done) if !done.bodies.contains(path) => Some(self.codes[0].as_str()),
            _ => None,
        }
    }
}
