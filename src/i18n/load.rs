//! A language's strings loaded: English, then the language's embedded table, then the site's
//! own file, each key checked against English (unknown keys and texts of another shape are
//! warned about and left out; keys a language lacks fall back to English).

use super::{Strings, Text, available, embedded, rules_for, table};
use crate::diagnostics::Diagnostic;
use crate::front_matter;
use crate::links;
use intl_pluralrules::PluralRules;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// The words of `language`: the embedded table (if any) over English, then `site` (the
/// site's own `i18n/<language>.yaml`: its path relative to the root and its text) over
/// both. Keys the language lacks fall back to English with a warning; an unknown language
/// without a site file is an error on `settings`'s `language` field.
pub fn load(
    language: &str,
    site: Option<(&Path, &str)>,
    settings: &Path,
) -> (Strings, Vec<Diagnostic>) {
    let mut strings = Strings::default();
    let own = embedded(language);
    let rules = match language_rules(language, own.is_some() || site.is_some()) {
        Ok(rules) => rules,
        Err(message) => {
            let d = Diagnostic::error(settings, message).field("language");
            return (strings, vec![d]);
        }
    };
    strings.language = language.to_string();
    strings.rules = Arc::new(rules);
    let mut diags = Vec::new();
    let layers = layers(language, own, site, &mut diags);
    let english = Arc::clone(&strings.texts);
    for layer in &layers {
        for (key, text) in &layer.table {
            match english.get(key) {
                Some(en) if same_shape(en, text) => {
                    Arc::make_mut(&mut strings.texts).insert(key.clone(), text.clone());
                }
                en => diags.push(layer.misfit(key, en, &english)),
            }
        }
    }
    // A language's keys are its own table and the site's file together.
    if language != "en" {
        diags.extend(missing(language, &layers, &english));
    }
    (strings, diags)
}

/// The plural rules of a language that has strings (embedded, or the site's own), or the
/// message saying what is wrong with it.
fn language_rules(language: &str, has_strings: bool) -> Result<PluralRules, String> {
    if !has_strings {
        return Err(format!(
            "no strings for language \"{language}\"; expected one of {} (or add {}/{language}.yaml to the site)",
            available().join(", "),
            links::I18N
        ));
    }
    rules_for(language).ok_or_else(|| {
        format!(
            "\"{language}\" is not a language code with known plural rules; expected a code such as en, uk or pt-BR"
        )
    })
}

/// One table of strings laid over English: the file it came from, its texts, and its source
/// text when it is the site's own file (for line numbers).
struct Layer<'t> {
    file: String,
    table: BTreeMap<String, Text>,
    source: Option<&'t str>,
}

impl Layer<'_> {
    /// The warning for a key English does not have, or whose text has another shape.
    fn misfit(&self, key: &str, en: Option<&Text>, english: &BTreeMap<String, Text>) -> Diagnostic {
        let message = match en {
            None => {
                let nearest = nearest(key, english.keys());
                format!("unknown key \"{key}\"{nearest}; it is not used")
            }
            Some(en) => format!("\"{key}\" has the wrong shape; expected {}", shape(en)),
        };
        let line = self
            .source
            .and_then(|s| front_matter::locate(s, key))
            .map(|(l, _)| l);
        Diagnostic::warning(&self.file, message)
            .at(line, None)
            .field(key)
    }
}

/// The layers over English, in order: the language's embedded table, then the site's file.
fn layers<'t>(
    language: &str,
    own: Option<&str>,
    site: Option<(&Path, &'t str)>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Layer<'t>> {
    let mut layers = Vec::new();
    if let Some(text) = own.filter(|_| language != "en") {
        layers.push(Layer {
            file: format!("{}/{language}.yaml (embedded)", links::I18N),
            table: table(text).expect("embedded tables are valid"),
            source: None,
        });
    }
    if let Some((path, text)) = site {
        match front_matter::parse_yaml::<BTreeMap<String, Text>>(front_matter::strip_bom(text), 1) {
            Ok((table, _)) => layers.push(Layer {
                file: path.display().to_string(),
                table,
                source: Some(text),
            }),
            Err(e) => diags.push(
                Diagnostic::error(path, e.message)
                    .at(e.line, e.column)
                    .field(e.field)
                    .with_source(text),
            ),
        }
    }
    layers
}

/// A warning for each English key no layer gives, named in the last layer's file.
fn missing(
    language: &str,
    layers: &[Layer<'_>],
    english: &BTreeMap<String, Text>,
) -> Vec<Diagnostic> {
    let file = layers.last().map_or_else(
        || format!("{}/{language}.yaml", links::I18N),
        |l| l.file.clone(),
    );
    english
        .keys()
        .filter(|key| !layers.iter().any(|l| l.table.contains_key(*key)))
        .map(|key| {
            let message =
                format!("no \"{key}\" for language \"{language}\"; the English text is used");
            Diagnostic::warning(&file, message).field(key.as_str())
        })
        .collect()
}

fn nearest<'k>(key: &str, keys: impl Iterator<Item = &'k String>) -> String {
    keys.map(|k| (strsim::damerau_levenshtein(k, key), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min()
        .map_or(String::new(), |(_, k)| format!("; did you mean \"{k}\"?"))
}

pub(super) fn same_shape(a: &Text, b: &Text) -> bool {
    match (a, b) {
        (Text::List(x), Text::List(y)) => x.len() == y.len(),
        (Text::One(_), Text::One(_)) => true,
        (Text::Plural(_), Text::Plural(p)) => p.contains_key("other"),
        _ => false,
    }
}

fn shape(text: &Text) -> String {
    match text {
        Text::One(_) => "a text".into(),
        Text::List(l) => format!("a list of {} texts", l.len()),
        Text::Plural(_) => "plural forms by category (one, few, many, other…), with `other`".into(),
    }
}
