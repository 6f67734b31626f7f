//! JSON Schemas (draft 2020-12) of `briefing.yaml` and the front matter, generated from the
//! loader's own `Raw*` types so that they cannot drift from it. Inside a site they also list
//! its status keys, parties, block ids, version ids and point numbers, for editors to complete.

use crate::config::{Config, RawConfig};
use crate::diagnostics::Error;
use crate::links;
use crate::model::{RawArticle, RawGlossary, RawHome, RawPerson, RawPoint};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// The words a site gives its front matter: what its schemas offer as enums.
#[derive(Debug, Default, Clone)]
pub struct Vocabulary {
    pub statuses: Vec<String>,
    /// Party names and aliases, as claims may write them.
    pub parties: Vec<String>,
    pub blocks: Vec<crate::model::BlockId>,
    pub versions: Vec<String>,
    pub points: Vec<u32>,
}

impl Vocabulary {
    /// The vocabulary of a loaded configuration and the points found.
    pub fn of(config: &Config, points: &[u32]) -> Vocabulary {
        Vocabulary {
            statuses: config
                .statuses
                .iter()
                .map(|s| s.key.as_str().to_string())
                .collect(),
            parties: config
                .parties
                .iter()
                .flat_map(|p| std::iter::once(&p.name).chain(&p.aliases))
                .cloned()
                .collect(),
            blocks: config.plan.blocks.iter().map(|b| b.id.clone()).collect(),
            versions: config.plan.versions.iter().map(|v| v.id.clone()).collect(),
            points: points.to_vec(),
        }
    }
}

/// Every schema, by file name: general ones without `vocabulary`, a site's own with it.
pub fn schemas(vocabulary: Option<&Vocabulary>) -> Vec<(&'static str, Value)> {
    let mut all = vec![
        (links::SETTINGS_SCHEMA, root::<RawConfig>()),
        (links::POINT_SCHEMA, root::<RawPoint>()),
        (links::ARTICLE_SCHEMA, root::<RawArticle>()),
        (links::HOME_SCHEMA, root::<RawHome>()),
        (links::PERSON_SCHEMA, root::<RawPerson>()),
        (links::GLOSSARY_SCHEMA, root::<RawGlossary>()),
        (
            links::TRANSLATION_SCHEMA,
            root::<crate::edition::RawTranslation>(),
        ),
    ];
    if let Some(words) = vocabulary {
        for (name, schema) in &mut all {
            restrict(name, schema, words);
        }
    }
    all
}

/// The schema of `briefing.yaml` alone, as `init` writes it.
pub fn settings() -> Value {
    root::<RawConfig>()
}

fn root<T: JsonSchema>() -> Value {
    let schema: Schema = SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator()
        .into_root_schema_for::<T>();
    schema.to_value()
}

/// Narrows the free strings and numbers of one schema to the site's vocabulary.
fn restrict(name: &str, schema: &mut Value, words: &Vocabulary) {
    let statuses: Vec<Value> = words.statuses.iter().map(|s| json!(s)).collect();
    let versions: Vec<Value> = words.versions.iter().map(|v| json!(v)).collect();
    match name {
        links::ARTICLE_SCHEMA => {
            set_enum(schema, "/$defs/Claim/properties/status", statuses, false);
            if !words.parties.is_empty() {
                // `check` takes a party's name or alias in any case and spacing: a pattern says
                // so, and the names as written are offered as examples.
                if let Some(Value::Object(at)) = schema.pointer_mut("/$defs/Claim/properties/party")
                {
                    at.insert("pattern".into(), json!(party_pattern(&words.parties)));
                    at.insert("examples".into(), json!(words.parties));
                }
            }
            if !words.points.is_empty() {
                let points = words.points.iter().map(|n| json!(n)).collect();
                set_enum(schema, "/$defs/PointNumber", points, false);
            }
        }
        links::PERSON_SCHEMA if !words.parties.is_empty() => {
            if let Some(Value::Object(at)) = schema.pointer_mut("/properties/party") {
                at.insert("pattern".into(), json!(party_pattern(&words.parties)));
                at.insert("examples".into(), json!(words.parties));
            }
        }
        links::POINT_SCHEMA => {
            let blocks = words
                .blocks
                .iter()
                .flat_map(|b| {
                    let number = b.0.parse::<u64>().ok().map(|n| json!(n));
                    number.into_iter().chain(std::iter::once(json!(b.0)))
                })
                .collect();
            set_enum(schema, "/$defs/BlockId", blocks, false);
            if let Some(map) = schema.pointer_mut("/properties/versions") {
                map["propertyNames"] = json!({ "enum": versions });
            }
        }
        links::SETTINGS_SCHEMA if !versions.is_empty() => {
            set_enum(
                schema,
                "/$defs/Plan/properties/base_version",
                versions,
                true,
            );
        }
        _ => {}
    }
}

/// A regular expression that matches any of `names` in any case, with any spacing between
/// words and around them (as `check` folds a claim's `party`).
fn party_pattern(names: &[String]) -> String {
    let either = |c: char| {
        let (lower, upper): (String, String) =
            (c.to_lowercase().collect(), c.to_uppercase().collect());
        if lower == upper {
            regex_escape(c)
        } else {
            format!("[{lower}{upper}]")
        }
    };
    let alternatives: Vec<String> = names
        .iter()
        .map(|name| {
            let words: Vec<String> = name
                .split_whitespace()
                .map(|w| w.chars().map(either).collect())
                .collect();
            words.join("\\s+")
        })
        .collect();
    format!("^\\s*(?:{})\\s*$", alternatives.join("|"))
}

fn regex_escape(c: char) -> String {
    if "\\^$.|?*+()[]{}/-".contains(c) {
        format!("\\{c}")
    } else {
        c.to_string()
    }
}

/// Gives the schema at `pointer` an `enum` of `values` (and `null` when `nullable`).
fn set_enum(schema: &mut Value, pointer: &str, mut values: Vec<Value>, nullable: bool) {
    let Some(Value::Object(at)) = schema.pointer_mut(pointer) else {
        return;
    };
    if nullable {
        values.push(Value::Null);
    }
    at.insert("enum".into(), Value::Array(values));
}

/// Writes every schema into `out`: with the vocabulary of the briefing at `root` when there
/// is one, else the general schemas. Returns the files written.
pub fn write(root: &Path, out: &Path) -> Result<Vec<PathBuf>, Error> {
    let vocabulary = if root.join(links::SETTINGS).is_file() {
        let options = crate::Options::new(root);
        let loaded = crate::load(&options, None, false)?;
        let points: Vec<u32> = loaded.site.points.iter().map(|p| p.number).collect();
        Some(Vocabulary::of(&loaded.config, &points))
    } else {
        None
    };
    let mut written = Vec::new();
    for (name, schema) in schemas(vocabulary.as_ref()) {
        let text = pretty(&schema)?;
        crate::output::replace_file(out, name, text.as_bytes())?;
        written.push(out.join(name));
    }
    Ok(written)
}

/// A schema as written to disk: pretty JSON ending in a newline.
pub fn pretty(schema: &Value) -> Result<String, Error> {
    let text = serde_json::to_string_pretty(schema).map_err(|e| Error::Serialise {
        name: "a JSON Schema".into(),
        message: e.to_string(),
    })?;
    Ok(text + "\n")
}

/// The keys one mapping of a schema takes, at a JSON pointer to an object schema (`""` for
/// the root, `/$defs/Claim` for a definition).
pub fn properties(schema: &Value, pointer: &str) -> Vec<String> {
    let mut keys: Vec<String> = schema
        .pointer(&format!("{pointer}/properties"))
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    keys.sort();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config;
    use serde::de::{self, Visitor};

    /// A deserialiser that only records the field names a derived `Deserialize` asks for.
    struct Fields(Vec<&'static str>);

    impl<'de> de::Deserializer<'de> for &mut Fields {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("only structs"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0 = fields.to_vec();
            Err(de::Error::custom("recorded"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }

    fn fields_of<T: serde::de::DeserializeOwned>() -> Vec<String> {
        let mut fields = Fields(Vec::new());
        let _ = T::deserialize(&mut fields);
        let mut names: Vec<String> = fields.0.iter().map(|f| f.to_string()).collect();
        names.sort();
        names
    }

    fn sorted(keys: &[&str]) -> Vec<String> {
        let mut keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        keys.sort();
        keys
    }

    #[test]
    fn the_schemas_properties_are_the_raw_types_fields_and_the_keys_the_loader_knows() {
        let all = schemas(None);
        let by_name = |name: &str| &all.iter().find(|(n, _)| *n == name).expect(name).1;
        let glossary = by_name(links::GLOSSARY_SCHEMA);
        let (settings, point, article, home, person) = (
            by_name(links::SETTINGS_SCHEMA),
            by_name(links::POINT_SCHEMA),
            by_name(links::ARTICLE_SCHEMA),
            by_name(links::HOME_SCHEMA),
            by_name(links::PERSON_SCHEMA),
        );
        // The roots, against the fields serde's derive reads.
        assert_eq!(properties(settings, ""), fields_of::<RawConfig>());
        assert_eq!(properties(point, ""), fields_of::<RawPoint>());
        assert_eq!(properties(article, ""), fields_of::<RawArticle>());
        assert_eq!(properties(home, ""), fields_of::<RawHome>());
        assert_eq!(properties(person, ""), fields_of::<RawPerson>());
        assert_eq!(properties(glossary, ""), fields_of::<RawGlossary>());
        let translation = by_name(links::TRANSLATION_SCHEMA);
        assert_eq!(
            properties(translation, ""),
            fields_of::<crate::edition::RawTranslation>()
        );
        for (def, parent) in [
            ("EventText", "events[]"),
            ("ClaimText", "points[]"),
            ("SourceText", "sources[]"),
            ("RoleText", "roles[]"),
            ("TermText", "terms[]"),
            ("VersionEntryText", "versions.x"),
        ] {
            assert_eq!(
                properties(translation, &format!("/$defs/{def}")),
                sorted(crate::edition::known_keys(parent)),
                "{def}"
            );
        }
        let edition = properties(settings, "/$defs/Edition");
        assert_eq!(edition, sorted(config::known_keys("languages.uk")));
        // Every mapping, against the keys the loader accepts without a warning.
        let cases: [(&Value, &str, Vec<String>); 19] = [
            (settings, "", sorted(config::known_keys(""))),
            (
                settings,
                "/$defs/Party",
                sorted(config::known_keys("parties[]")),
            ),
            (settings, "/$defs/Plan", sorted(config::known_keys("plan"))),
            (
                settings,
                "/$defs/LinkCheck",
                sorted(config::known_keys("link_check")),
            ),
            (
                settings,
                "/$defs/Version",
                sorted(config::known_keys("plan.versions[]")),
            ),
            (
                settings,
                "/$defs/VersionSource",
                sorted(config::known_keys("plan.versions[].source")),
            ),
            (
                settings,
                "/$defs/Block",
                sorted(config::known_keys("plan.blocks[]")),
            ),
            (
                settings,
                "/$defs/Status",
                sorted(config::known_keys("statuses[]")),
            ),
            (point, "", sorted(crate::model::POINT_KEYS)),
            (
                point,
                "/$defs/VersionEntry",
                sorted(crate::model::VERSION_KEYS),
            ),
            (article, "", sorted(crate::model::article_keys(""))),
            (
                article,
                "/$defs/Source",
                sorted(crate::model::article_keys("sources[]")),
            ),
            (
                article,
                "/$defs/Event",
                sorted(crate::model::article_keys("events[]")),
            ),
            (
                article,
                "/$defs/Claim",
                sorted(crate::model::article_keys("points[]")),
            ),
            (home, "", sorted(crate::model::home_keys(""))),
            (person, "", sorted(crate::model::PERSON_KEYS)),
            (person, "/$defs/Role", sorted(crate::model::ROLE_KEYS)),
            (glossary, "", sorted(crate::model::GLOSSARY_KEYS)),
            (glossary, "/$defs/Term", sorted(crate::model::TERM_KEYS)),
        ];
        for (schema, pointer, keys) in cases {
            assert_eq!(properties(schema, pointer), keys, "{pointer}");
            let closed = schema.pointer(&format!("{pointer}/additionalProperties"));
            assert_eq!(closed, Some(&Value::Bool(false)), "{pointer}");
        }
    }

    #[test]
    fn without_a_site_nothing_is_narrowed_and_with_one_every_word_is() {
        let general = schemas(None);
        let text = serde_json::to_string(&general).expect("json");
        assert!(!text.contains("\"enum\":[\"agreed\""));
        let words = Vocabulary {
            statuses: vec!["agreed".into(), "open".into()],
            parties: vec!["Ukraine".into(), "Kyiv".into()],
            blocks: vec![
                crate::model::BlockId("1".into()),
                crate::model::BlockId("trade".into()),
            ],
            versions: vec!["us-draft".into()],
            points: vec![1, 2],
        };
        let site = schemas(Some(&words));
        let article = &site
            .iter()
            .find(|(n, _)| *n == links::ARTICLE_SCHEMA)
            .expect("a")
            .1;
        let party = &article["$defs"]["Claim"]["properties"]["party"];
        assert_eq!(party["examples"], json!(["Ukraine", "Kyiv"]));
        assert_eq!(
            party["pattern"],
            json!("^\\s*(?:[uU][kK][rR][aA][iI][nN][eE]|[kK][yY][iI][vV])\\s*$")
        );
        assert_eq!(article["$defs"]["PointNumber"]["enum"], json!([1, 2]));
        let point = &site
            .iter()
            .find(|(n, _)| *n == links::POINT_SCHEMA)
            .expect("p")
            .1;
        assert_eq!(point["$defs"]["BlockId"]["enum"], json!([1, "1", "trade"]));
        let settings = &site
            .iter()
            .find(|(n, _)| *n == links::SETTINGS_SCHEMA)
            .expect("s")
            .1;
        assert_eq!(
            settings["$defs"]["Plan"]["properties"]["base_version"]["enum"],
            json!(["us-draft", null])
        );
    }
}
