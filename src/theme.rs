//! The default theme, compiled into the binary: a table of every file under `templates/` and
//! `static/`. A site's own file of the same name overrides the embedded one.

/// Embedded templates: (name relative to `templates/`, text).
pub const TEMPLATES: &[(&str, &str)] = &[
    ("404.html", include_str!("../templates/404.html")),
    ("article.html", include_str!("../templates/article.html")),
    ("articles.html", include_str!("../templates/articles.html")),
    ("as-of.html", include_str!("../templates/as-of.html")),
    ("base.html", include_str!("../templates/base.html")),
    (
        "compare-retired.html",
        include_str!("../templates/compare-retired.html"),
    ),
    ("compare.html", include_str!("../templates/compare.html")),
    ("glossary.html", include_str!("../templates/glossary.html")),
    ("index.html", include_str!("../templates/index.html")),
    (
        "partials/change-counts.html",
        include_str!("../templates/partials/change-counts.html"),
    ),
    (
        "partials/change.html",
        include_str!("../templates/partials/change.html"),
    ),
    (
        "partials/claim.html",
        include_str!("../templates/partials/claim.html"),
    ),
    (
        "partials/dates.html",
        include_str!("../templates/partials/dates.html"),
    ),
    (
        "partials/diff.html",
        include_str!("../templates/partials/diff.html"),
    ),
    (
        "partials/entry.html",
        include_str!("../templates/partials/entry.html"),
    ),
    (
        "partials/flags.html",
        include_str!("../templates/partials/flags.html"),
    ),
    (
        "partials/footer.html",
        include_str!("../templates/partials/footer.html"),
    ),
    (
        "partials/header.html",
        include_str!("../templates/partials/header.html"),
    ),
    (
        "partials/pagination.html",
        include_str!("../templates/partials/pagination.html"),
    ),
    (
        "partials/points-table.html",
        include_str!("../templates/partials/points-table.html"),
    ),
    (
        "partials/position-change.html",
        include_str!("../templates/partials/position-change.html"),
    ),
    (
        "partials/position.html",
        include_str!("../templates/partials/position.html"),
    ),
    (
        "partials/role.html",
        include_str!("../templates/partials/role.html"),
    ),
    (
        "partials/snapshot-row.html",
        include_str!("../templates/partials/snapshot-row.html"),
    ),
    (
        "partials/snapshot-table.html",
        include_str!("../templates/partials/snapshot-table.html"),
    ),
    (
        "partials/version-entry.html",
        include_str!("../templates/partials/version-entry.html"),
    ),
    ("people.html", include_str!("../templates/people.html")),
    ("person.html", include_str!("../templates/person.html")),
    ("point.html", include_str!("../templates/point.html")),
    ("points.html", include_str!("../templates/points.html")),
    ("print.html", include_str!("../templates/print.html")),
    ("search.html", include_str!("../templates/search.html")),
    ("sources.html", include_str!("../templates/sources.html")),
    ("tags.html", include_str!("../templates/tags.html")),
    ("timeline.html", include_str!("../templates/timeline.html")),
    ("version.html", include_str!("../templates/version.html")),
    ("versions.html", include_str!("../templates/versions.html")),
];

/// Embedded static files: (name relative to `static/`, bytes).
pub const STATIC: &[(&str, &[u8])] = &[
    ("briefing.js", include_bytes!("../static/briefing.js")),
    ("icon.svg", include_bytes!("../static/icon.svg")),
    ("search.js", include_bytes!("../static/search.js")),
    ("style.css", include_bytes!("../static/style.css")),
];

/// Embedded strings tables: (file name under `i18n/`, text). `en.yaml` holds every key.
pub const I18N: &[(&str, &str)] = &[
    ("de.yaml", include_str!("../i18n/de.yaml")),
    ("en.yaml", include_str!("../i18n/en.yaml")),
    ("uk.yaml", include_str!("../i18n/uk.yaml")),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn files_under(dir: &str) -> Vec<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut names: Vec<String> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn tables_list_exactly_the_theme_files() {
        let templates: Vec<String> = TEMPLATES.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(templates, files_under("templates"));
        let statics: Vec<String> = STATIC.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(statics, files_under("static"));
        let tables: Vec<String> = I18N.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(tables, files_under("i18n"));
    }
}
