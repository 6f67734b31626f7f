//! The theme's words in the briefing's language: the embedded `i18n/<lang>.yaml` tables, a
//! site's own overrides, plural forms (CLDR rules from `intl_pluralrules`) and dates in the
//! language's grammar. Everything a reader sees that is not content comes from here.

mod load;

use crate::diagnostics::Diagnostic;

pub use load::load;

use crate::front_matter;
use crate::model::Date;
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// One entry of a table: a text, a list (month names), or plural forms by CLDR category.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Text {
    One(String),
    List(Vec<String>),
    Plural(BTreeMap<String, String>),
}

/// The resolved words of one language: its table over English, a site's file over both.
#[derive(Clone)]
pub struct Strings {
    pub language: String,
    /// Shared: every `Config` (and the template engine) holds a copy.
    texts: Arc<BTreeMap<String, Text>>,
    rules: Arc<PluralRules>,
}

impl PartialEq for Strings {
    fn eq(&self, other: &Strings) -> bool {
        self.language == other.language && self.texts == other.texts
    }
}

impl std::fmt::Debug for Strings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Strings")
            .field("language", &self.language)
            .field("keys", &self.texts.len())
            .finish()
    }
}

impl Default for Strings {
    fn default() -> Strings {
        // Parsed once per process: every load of the settings starts from it.
        static ENGLISH: std::sync::OnceLock<Strings> = std::sync::OnceLock::new();
        ENGLISH
            .get_or_init(|| Strings {
                language: "en".into(),
                texts: Arc::new(
                    table(embedded("en").expect("en is embedded")).expect("en.yaml is valid"),
                ),
                rules: Arc::new(rules_for("en").expect("English has plural rules")),
            })
            .clone()
    }
}

fn embedded(language: &str) -> Option<&'static str> {
    crate::theme::I18N
        .iter()
        .find(|(file, _)| file.strip_suffix(".yaml") == Some(language))
        .map(|(_, text)| *text)
}

fn table(text: &str) -> Result<BTreeMap<String, Text>, front_matter::YamlError> {
    front_matter::parse_yaml::<BTreeMap<String, Text>>(text, 1).map(|(t, _)| t)
}

/// CLDR plural rules for a language code (`uk`, `pt-BR`); `None` when CLDR has none.
fn rules_for(language: &str) -> Option<PluralRules> {
    let id: unic_langid::LanguageIdentifier = language.parse().ok()?;
    PluralRules::create(id, PluralRuleType::CARDINAL).ok()
}

fn category_name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::ZERO => "zero",
        PluralCategory::ONE => "one",
        PluralCategory::TWO => "two",
        PluralCategory::FEW => "few",
        PluralCategory::MANY => "many",
        PluralCategory::OTHER => "other",
    }
}

/// The languages `language` may name: the embedded ones (a site may add its own file).
pub fn available() -> Vec<&'static str> {
    crate::theme::I18N
        .iter()
        .filter_map(|(file, _)| file.strip_suffix(".yaml"))
        .collect()
}

impl Strings {
    /// The words of `language` as embedded, without a site's overrides.
    pub fn embedded(language: &str) -> Option<Strings> {
        let (strings, diags) = load(language, None, Path::new(crate::links::SETTINGS));
        (!diags.iter().any(Diagnostic::is_error)).then_some(strings)
    }

    /// A plain text, if the table has one under `key`.
    pub fn lookup(&self, key: &str) -> Option<&str> {
        match self.texts.get(key) {
            Some(Text::One(text)) => Some(text),
            _ => None,
        }
    }

    /// A plain text. Unknown keys (a template's typo) show as the key itself.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.lookup(key).unwrap_or(key)
    }

    /// A text with its `{name}` placeholders filled in.
    pub fn format(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.get(key), args)
    }

    /// The plural form of `key` for `n`, with `{n}` and the other placeholders filled in.
    pub fn plural(&self, key: &str, n: u64, args: &[(&str, &str)]) -> String {
        let form = match self.texts.get(key) {
            Some(Text::Plural(forms)) => {
                let category = self.rules.select(n).map_or("other", category_name);
                forms
                    .get(category)
                    .or_else(|| forms.get("other"))
                    .map_or(key, String::as_str)
            }
            Some(Text::One(text)) => text,
            _ => key,
        };
        let number = n.to_string();
        let mut all = vec![("n", number.as_str())];
        all.extend_from_slice(args);
        fill(form, &all)
    }

    fn month(&self, list: &str, month: u8) -> &str {
        match self.texts.get(list) {
            Some(Text::List(names)) => names.get(usize::from(month) - 1).map_or("", String::as_str),
            _ => "",
        }
    }

    /// A date in words: "7 December 2025" (a day) or "in December 2025" (a whole month).
    pub fn date(&self, date: Date) -> String {
        let year = date.year().to_string();
        match date.day() {
            Some(day) => self.format(
                "date_day",
                &[
                    ("day", &day.to_string()),
                    ("month", self.month("months_with_day", date.month())),
                    ("year", &year),
                ],
            ),
            None => self.format(
                "date_in_month",
                &[
                    ("month", self.month("months_in", date.month())),
                    ("year", &year),
                ],
            ),
        }
    }

    /// A month and year standing alone: "December 2025" (a heading).
    pub fn month_year(&self, date: Date) -> String {
        self.format(
            "date_month",
            &[
                ("month", self.month("months", date.month())),
                ("year", &date.year().to_string()),
            ],
        )
    }

    /// The plain texts, for templates (`{{ t.key }}`).
    pub fn plain(&self) -> BTreeMap<&str, &str> {
        self.texts
            .iter()
            .filter_map(|(k, v)| match v {
                Text::One(text) => Some((k.as_str(), text.as_str())),
                _ => None,
            })
            .collect()
    }

    /// The texts the scripts show, as a script that sets `window.briefingStrings`.
    pub fn script(&self) -> String {
        let plural = |key: &str| match self.texts.get(key) {
            Some(Text::Plural(forms)) => serde_json::json!(forms),
            Some(Text::One(text)) => serde_json::json!({ "other": text }),
            _ => serde_json::json!({ "other": key }),
        };
        let value = serde_json::json!({
            "lang": self.language,
            "sortBy": self.get("sort_by"),
            "shown": self.get("filter_shown"),
            "goToDate": self.get("go_to_date"),
            "results": plural("search_results"),
            "kinds": {
                "article": self.get("kind_article"),
                "point": self.get("kind_point"),
                "event": self.get("kind_event"),
                "tag": self.get("kind_tag"),
                "person": self.get("kind_person"),
                "term": self.get("kind_term"),
            },
            "problems": self.get("serve_problems"),
        });
        format!(
            "window.briefingStrings={};\n",
            serde_json::to_string(&value).unwrap_or_else(|_| "{}".into())
        )
    }
}

/// Replaces each `{name}` of `text` with its value; unknown placeholders stay as written.
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, value)) => out.push_str(value),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{name}` placeholders of a text, sorted.
#[cfg(test)]
fn placeholders(text: &str) -> Vec<String> {
    let mut names: Vec<String> = text
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_string()))
        .collect();
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use load::same_shape;

    fn d(text: &str) -> Date {
        Date::parse(text).expect("a date")
    }

    fn lang(code: &str) -> Strings {
        Strings::embedded(code).expect(code)
    }

    #[test]
    fn every_embedded_table_has_every_english_key_with_its_placeholders() {
        let en = table(embedded("en").expect("en")).expect("en.yaml");
        for code in available() {
            let text = embedded(code).expect("listed");
            let own = table(text).unwrap_or_else(|e| panic!("{code}: {}", e.message));
            assert_eq!(
                own.keys().collect::<Vec<_>>(),
                en.keys().collect::<Vec<_>>(),
                "{code}.yaml has exactly en.yaml's keys"
            );
            for (key, english) in &en {
                let theirs = &own[key];
                assert!(same_shape(english, theirs), "{code}: {key}");
                let holes = |t: &Text| match t {
                    Text::One(s) => placeholders(s),
                    Text::Plural(forms) => placeholders(&forms["other"]),
                    Text::List(_) => Vec::new(),
                };
                assert_eq!(holes(english), holes(theirs), "{code}: {key}");
            }
            let (_, diags) = load(code, None, Path::new("briefing.yaml"));
            assert!(diags.is_empty(), "{code}: {diags:?}");
        }
    }

    #[test]
    fn dates_in_each_language_use_the_right_case() {
        let (en, uk, de) = (lang("en"), lang("uk"), lang("de"));
        assert_eq!(en.date(d("2025-12-06")), "6 December 2025");
        assert_eq!(en.date(d("2025-12")), "in December 2025");
        assert_eq!(en.month_year(d("2025-12-06")), "December 2025");
        // Genitive after a day, locative after "у", nominative standing alone.
        assert_eq!(uk.date(d("2025-12-06")), "6 грудня 2025");
        assert_eq!(uk.date(d("2025-12")), "у грудні 2025");
        assert_eq!(uk.month_year(d("2025-12-06")), "грудень 2025");
        assert_eq!(uk.date(d("2025-11-20")), "20 листопада 2025");
        assert_eq!(uk.date(d("2025-11")), "у листопаді 2025");
        assert_eq!(uk.month_year(d("2025-11-01")), "листопад 2025");
        assert_eq!(de.date(d("2025-12-06")), "6. Dezember 2025");
        assert_eq!(de.date(d("2025-03")), "im März 2025");
        assert_eq!(de.month_year(d("2025-03-01")), "März 2025");
    }

    #[test]
    fn plurals_follow_each_languages_rules() {
        let forms = |s: &Strings| -> Vec<String> {
            [1, 2, 5, 11, 21, 22]
                .iter()
                .map(|n| s.plural("version_points", *n, &[]))
                .collect()
        };
        assert_eq!(
            forms(&lang("en")),
            [
                "1 point.",
                "2 points.",
                "5 points.",
                "11 points.",
                "21 points.",
                "22 points."
            ]
        );
        // Ukrainian has three forms: one (1, 21), few (2, 22), many (5, 11).
        assert_eq!(
            forms(&lang("uk")),
            [
                "1 пункт.",
                "2 пункти.",
                "5 пунктів.",
                "11 пунктів.",
                "21 пункт.",
                "22 пункти."
            ]
        );
        assert_eq!(
            forms(&lang("de")),
            [
                "1 Punkt.",
                "2 Punkte.",
                "5 Punkte.",
                "11 Punkte.",
                "21 Punkte.",
                "22 Punkte."
            ]
        );
        let uk = lang("uk");
        let results: Vec<String> = [1, 2, 5, 11, 21, 22]
            .iter()
            .map(|n| uk.plural("search_results", *n, &[("query", "мир")]))
            .collect();
        assert_eq!(results[0], "1 результат для «мир»");
        assert_eq!(results[1], "2 результати для «мир»");
        assert_eq!(results[2], "5 результатів для «мир»");
        assert_eq!(results[3], "11 результатів для «мир»");
        assert_eq!(results[4], "21 результат для «мир»");
        assert_eq!(results[5], "22 результати для «мир»");
    }

    #[test]
    fn a_site_file_overrides_and_missing_keys_fall_back_to_english_with_a_warning() {
        let (s, diags) = load(
            "uk",
            Some((Path::new("i18n/uk.yaml"), "nav_points: Усі пункти\n")),
            Path::new("briefing.yaml"),
        );
        assert_eq!(s.get("nav_points"), "Усі пункти");
        assert_eq!(s.get("nav_timeline"), "Хронологія");
        assert!(diags.is_empty(), "{diags:?}");

        let (s, diags) = load(
            "pl",
            Some((
                Path::new("i18n/pl.yaml"),
                "nav_points: Punkty\nnav_poinst: x\n",
            )),
            Path::new("briefing.yaml"),
        );
        assert_eq!(s.get("nav_points"), "Punkty");
        assert_eq!(s.get("nav_timeline"), "Timeline");
        let text: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
        assert!(
            text.iter().any(|t| t.contains("i18n/pl.yaml")
                && t.contains("no \"nav_timeline\" for language \"pl\"")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("unknown key \"nav_poinst\"; did you mean \"nav_points\"?")),
            "{text:?}"
        );
        assert!(!diags.iter().any(Diagnostic::is_error));
        // Polish plural rules come from CLDR with no code here.
        let (s, _) = load(
            "pl",
            Some((
                Path::new("i18n/pl.yaml"),
                "version_points: {one: \"{n} punkt\", few: \"{n} punkty\", many: \"{n} punktów\", other: \"{n} punktu\"}\n",
            )),
            Path::new("briefing.yaml"),
        );
        assert_eq!(s.plural("version_points", 22, &[]), "22 punkty");
        assert_eq!(s.plural("version_points", 25, &[]), "25 punktów");
    }

    #[test]
    fn an_unknown_language_without_a_file_is_an_error_listing_the_languages() {
        let (_, diags) = load("xx", None, Path::new("briefing.yaml"));
        let text = diags[0].to_string();
        assert!(diags[0].is_error());
        assert!(
            text.contains("no strings for language \"xx\"; expected one of de, en, uk"),
            "{text}"
        );
    }

    #[test]
    fn placeholders_are_filled_and_unknown_ones_kept() {
        assert_eq!(
            fill("Point {n}: {title}", &[("n", "19"), ("title", "ZNPP")]),
            "Point 19: ZNPP"
        );
        assert_eq!(fill("{x} and {y", &[("x", "a")]), "a and {y");
    }
}
