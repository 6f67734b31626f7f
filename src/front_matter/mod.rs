//! Front matter: splits the `---` fences off a Markdown file and deserialises YAML.
//!
//! This is the only module that names `serde_yaml`, so the YAML library can be swapped here
//! alone. Every error is mapped from a line of the YAML block to a line of the file, and keys
//! that no struct knows are reported (not refused) so the caller can warn about them.

mod locate;

pub use locate::locate;
use serde::de::DeserializeOwned;

/// A file cut into its YAML block and its Markdown body, with the lines each starts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based file line of the first YAML line.
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based file line of the first body line.
    pub body_line: usize,
}

/// Why a file could not be cut into front matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not open with a `---` line.
    Missing,
    /// The opening `---` has no closing `---` line.
    Unterminated,
}

impl SplitError {
    pub fn message(&self) -> &'static str {
        match self {
            SplitError::Missing => {
                "no front matter: expected the file to start with a `---` line, then YAML keys, then `---`"
            }
            SplitError::Unterminated => {
                "unterminated front matter: the opening `---` has no closing `---` line"
            }
        }
    }
}

/// Strips a UTF-8 byte-order mark, if any.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

fn is_fence(line: &str) -> bool {
    line.trim_end_matches(['\r', '\n']).trim_end() == "---"
}

/// Cuts `text` (BOM already stripped or not) into front matter and body. CRLF is accepted.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let text = strip_bom(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().ok_or(SplitError::Missing)?;
    if !is_fence(first) {
        return Err(SplitError::Missing);
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (line_no, line) in (2..).zip(lines) {
        if is_fence(line) {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[offset + line.len()..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(SplitError::Unterminated)
}

/// A YAML problem located in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// Dotted field path such as `points[0].status`; empty for the whole block.
    pub field: String,
    pub message: String,
}

/// A key that no field of the target type takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    /// Full path such as `events[1].palce`.
    pub field: String,
    /// The parent path with indices removed, such as `events[]`; empty at the top.
    pub parent: String,
    pub key: String,
    pub line: Option<usize>,
    /// The column the key starts at.
    pub column: Option<usize>,
}

/// Deserialises `yaml` (which starts on file line `first_line`) into `T`, collecting unknown
/// keys instead of failing on them.
pub fn parse_yaml<T: DeserializeOwned>(
    yaml: &str,
    first_line: usize,
) -> Result<(T, Vec<UnknownKey>), YamlError> {
    if yaml.trim().is_empty() {
        return Err(YamlError {
            line: Some(first_line.saturating_sub(1).max(1)),
            column: None,
            field: String::new(),
            message: "empty front matter: expected a mapping of keys".to_string(),
        });
    }
    let mut unknown = Vec::new();
    let de = serde_yaml::Deserializer::from_str(yaml);
    let result = serde_ignored::deserialize(de, |path| {
        unknown.push(unknown_key(&path));
    });
    match result {
        Ok(value) => {
            for key in &mut unknown {
                let Some((line, _)) = locate(yaml, &key.field) else {
                    continue;
                };
                key.line = Some(line + first_line - 1);
                key.column = (yaml.lines().nth(line - 1))
                    .and_then(|text| text.find(&key.key).map(|at| locate::column(text, at)));
            }
            Ok((value, unknown))
        }
        Err(err) => Err(yaml_error(&err, yaml, first_line)),
    }
}

fn unknown_key(path: &serde_ignored::Path<'_>) -> UnknownKey {
    let mut segments = Vec::new();
    collect_segments(path, &mut segments);
    let key = match segments.last() {
        Some(Segment::Key(k)) => k.clone(),
        _ => String::new(),
    };
    let field = render_segments(&segments, false);
    let parent = render_segments(&segments[..segments.len().saturating_sub(1)], true);
    UnknownKey {
        field,
        parent,
        key,
        line: None,
        column: None,
    }
}

enum Segment {
    Key(String),
    Index(usize),
}

fn collect_segments(path: &serde_ignored::Path<'_>, out: &mut Vec<Segment>) {
    use serde_ignored::Path;
    match path {
        Path::Root => {}
        Path::Seq { parent, index } => {
            collect_segments(parent, out);
            out.push(Segment::Index(*index));
        }
        Path::Map { parent, key } => {
            collect_segments(parent, out);
            out.push(Segment::Key(key.clone()));
        }
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => collect_segments(parent, out),
    }
}

fn render_segments(segments: &[Segment], erase_indices: bool) -> String {
    let mut out = String::new();
    for segment in segments {
        match segment {
            Segment::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Segment::Index(_) if erase_indices => out.push_str("[]"),
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

fn yaml_error(err: &serde_yaml::Error, yaml: &str, first_line: usize) -> YamlError {
    let text = err.to_string();
    // serde_yaml appends " at line L column C"; the location is reported separately.
    let text = strip_location(&text);
    let (field, message) = split_field(&text);
    let (line, column) = match err.location() {
        Some(loc) => (Some(loc.line() + first_line - 1), Some(loc.column())),
        None => match locate(yaml, &field) {
            Some((l, c)) => (Some(l + first_line - 1), c),
            None => (None, None),
        },
    };
    let mut message = tidy_message(&message);
    // A quote left open swallows the lines after it, and the parser gives up later: name the
    // line where the construct started too.
    let syntax = err.location().is_some() && field.is_empty();
    if let Some(opened) = line
        .filter(|_| syntax)
        .and_then(|l| unclosed_quote(yaml, l + 1 - first_line))
    {
        message.push_str(&format!(
            " (the quote opened on line {} is not closed)",
            opened + first_line - 1
        ));
    }
    YamlError {
        line,
        column,
        field,
        message,
    }
}

/// The first line (1-based within `yaml`, before `upto`) with an odd number of unescaped
/// double quotes outside comments and single-quoted text: where a quoted value was left open.
fn unclosed_quote(yaml: &str, upto: usize) -> Option<usize> {
    yaml.lines()
        .take(upto.saturating_sub(1))
        .position(|line| {
            let mut quotes = 0;
            let mut escaped = false;
            let mut single = false;
            for c in line.chars() {
                match c {
                    '\\' if !escaped => {
                        escaped = true;
                        continue;
                    }
                    '\'' if quotes % 2 == 0 => single = !single,
                    '#' if quotes % 2 == 0 && !single => break,
                    '"' if !escaped && !single => quotes += 1,
                    _ => {}
                }
                escaped = false;
            }
            quotes % 2 == 1
        })
        .map(|i| i + 1)
}

/// Removes serde_yaml's " at line L column C" (the location is reported separately).
fn strip_location(text: &str) -> String {
    let mut out = text.to_string();
    while let Some(i) = out.find(" at line ") {
        let rest = &out[i + " at line ".len()..];
        let mut words = rest.splitn(3, ' ');
        let (line, col_word, col) = (words.next(), words.next(), words.next());
        let is_loc = line.is_some_and(|l| l.chars().all(|c| c.is_ascii_digit()))
            && col_word == Some("column");
        if !is_loc {
            break;
        }
        let col = col.unwrap_or("");
        let digits = col.chars().take_while(char::is_ascii_digit).count();
        let end = i + " at line ".len() + line.map_or(0, str::len) + " column ".len() + digits;
        out.replace_range(i..end.min(out.len()), "");
    }
    out
}

/// serde_yaml prefixes nested errors with the field path (`events[0].date: ...`).
fn split_field(text: &str) -> (String, String) {
    if let Some((head, rest)) = text.split_once(": ") {
        let is_path = !head.is_empty()
            && head
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']'));
        if is_path {
            return (head.to_string(), rest.to_string());
        }
    }
    (String::new(), text.to_string())
}

/// Replaces Rust type names in serde's wording with what the user wrote.
fn tidy_message(message: &str) -> String {
    let mut out = message.to_string();
    // "expected struct RawArticle" → "expected a mapping of keys"
    if let Some(i) = out.find("expected struct Raw") {
        let tail = &out[i + "expected struct Raw".len()..];
        let end = tail
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(tail.len());
        let rest = tail[end..].to_string();
        out = format!("{}expected a mapping of keys{rest}", &out[..i]);
    }
    out.replace("u32", "a whole number")
        .replace("u64", "a whole number")
        .replace("usize", "a whole number")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Doc {
        title: String,
        #[serde(default)]
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    struct Item {
        name: String,
        #[allow(dead_code)]
        count: Option<u32>,
    }

    #[test]
    fn split_finds_yaml_and_body_lines() {
        let s = split("---\ntitle: a\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, "title: a\n");
        assert_eq!(s.yaml_line, 2);
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn split_accepts_bom_and_crlf() {
        let s = split("\u{feff}---\r\ntitle: a\r\n---\r\nbody").unwrap();
        assert_eq!(s.yaml, "title: a\r\n");
        assert_eq!(s.body, "body");
    }

    #[test]
    fn split_reports_missing_and_unterminated() {
        assert_eq!(split("# hi\n"), Err(SplitError::Missing));
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(split("---\ntitle: a\n"), Err(SplitError::Unterminated));
    }

    #[test]
    fn yaml_errors_point_at_the_file_line() {
        let yaml = "title: a\nitems:\n  - name: x\n    count: many\n";
        let err = parse_yaml::<Doc>(yaml, 2).unwrap_err();
        assert_eq!(err.line, Some(5));
        assert_eq!(err.field, "items[0].count");
        assert!(err.message.contains("invalid type"), "{}", err.message);
    }

    #[test]
    fn missing_field_is_named() {
        let err = parse_yaml::<Doc>("items: []\n", 2).unwrap_err();
        assert!(
            err.message.contains("missing field `title`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn unknown_keys_are_collected_with_their_line() {
        let yaml = "title: a\nitems:\n  - name: x\n  - name: y\n    cuont: 2\nsumary: s\n";
        let (doc, unknown) = parse_yaml::<Doc>(yaml, 2).unwrap();
        assert_eq!(doc.title, "a");
        assert_eq!(doc.items.len(), 2);
        assert_eq!(doc.items[1].name, "y");
        let found: Vec<_> = unknown
            .iter()
            .map(|u| (u.field.as_str(), u.parent.as_str(), u.key.as_str(), u.line))
            .collect();
        assert_eq!(
            found,
            [
                ("items[1].cuont", "items[]", "cuont", Some(6)),
                ("sumary", "", "sumary", Some(7))
            ]
        );
    }

    #[test]
    fn locate_falls_back_to_a_flow_list_key() {
        assert_eq!(
            locate("title: x\ntags: [a, \"!\"]\n", "tags[1]"),
            Some((2, Some(7)))
        );
    }

    #[test]
    fn location_words_are_stripped() {
        assert_eq!(
            strip_location(
                "did not find expected ',' at line 9 column 1, while parsing a flow mapping"
            ),
            "did not find expected ',', while parsing a flow mapping"
        );
    }

    #[test]
    fn locate_finds_nested_list_items() {
        let yaml = "points:\n  - point: 1\n    status: open\n  - point: 2\n    status: closd\n";
        assert_eq!(locate(yaml, "points[1].status"), Some((5, Some(13))));
        assert_eq!(locate(yaml, "points[0]"), Some((2, Some(5))));
        assert_eq!(locate(yaml, "points[1].nope"), Some((4, Some(5))));
    }
}
