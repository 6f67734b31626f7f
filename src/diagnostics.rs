//! Problems found in the user's input (`Diagnostic`) and environment failures (`Error`).
//!
//! A diagnostic names the file (relative to the site root), the line and column where they are
//! known, the field, and a message that says what was found and what was expected. This module
//! renders them; it never prints (only `main.rs` and `serve.rs` talk to the terminal).

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is: errors fail the run, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in the input, located as precisely as the stage that found it can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub field: Option<String>,
    pub message: String,
    /// The offending source line, shown under the message when known.
    pub source_line: Option<String>,
    /// What the problem may be only a consequence of: it is not reported when that has an
    /// error of its own (a link to a file that failed, a claim on a point whose file failed).
    pub follows: Option<Cause>,
    /// The point the file in error describes, when its number could be read.
    pub about_point: Option<u32>,
}

/// What a diagnostic may follow from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    /// The file at this path, relative to the site root.
    File(PathBuf),
    /// The file of the point with this number.
    Point(u32),
}

impl Diagnostic {
    /// An error in `path`, not yet located inside the file.
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: None,
            column: None,
            field: None,
            message: message.into(),
            source_line: None,
            follows: None,
            about_point: None,
        }
    }

    /// Marks the problem as one that follows from `cause` when `cause` fails.
    pub fn follows(mut self, cause: Cause) -> Self {
        self.follows = Some(cause);
        self
    }

    /// A warning in `path`, not yet located inside the file.
    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    pub fn at(mut self, line: Option<usize>, column: Option<usize>) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        let field = field.into();
        self.field = (!field.is_empty()).then_some(field);
        self
    }

    /// Attaches the text of the located line, taken from the whole file's text.
    pub fn with_source(mut self, file_text: &str) -> Self {
        if let Some(line) = self.line {
            self.source_line = file_text
                .lines()
                .nth(line.saturating_sub(1))
                .map(|l| l.trim_end_matches('\r').to_string());
        }
        self
    }

    /// Drops the diagnostics that only follow from another error: one diagnosis per fault.
    pub fn drop_consequences(all: &mut Vec<Diagnostic>) {
        use std::collections::BTreeSet;
        let failed = all.iter().filter(|d| d.is_error() && d.follows.is_none());
        let files: BTreeSet<PathBuf> = failed.clone().map(|d| d.path.clone()).collect();
        let points: BTreeSet<u32> = failed.filter_map(|d| d.about_point).collect();
        all.retain(|d| match &d.follows {
            None => true,
            Some(Cause::File(p)) => !files.contains(p),
            Some(Cause::Point(n)) => !points.contains(n),
        });
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The location and message on one line, as `path:line:col: field: message`.
    pub fn headline(&self) -> String {
        let mut out = display_path(&self.path);
        if let Some(line) = self.line {
            out.push_str(&format!(":{line}"));
            if let Some(column) = self.column {
                out.push_str(&format!(":{column}"));
            }
        }
        out.push_str(": ");
        if let Some(field) = &self.field {
            out.push_str(field);
            out.push_str(": ");
        }
        out.push_str(&self.message);
        out
    }
}

impl fmt::Display for Diagnostic {
    /// Compiler style (codespan-reporting): the headline, then the offending line with the
    /// found value underlined.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
        use codespan_reporting::files::SimpleFile;
        let report = match self.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        }
        .with_message(self.headline());
        let (Some(line), Some(text)) = (self.line, &self.source_line) else {
            let word = if self.is_error() { "error" } else { "warning" };
            return write!(f, "{word}: {}", self.headline());
        };
        // Only the located line is shown, so the file is that line at its own line number.
        let before = "\n".repeat(line.saturating_sub(1));
        let source = format!("{before}{text}\n");
        let start_in_line = self.column.map_or_else(
            || text.len() - text.trim_start().len(),
            |c| {
                text.char_indices()
                    .nth(c.saturating_sub(1))
                    .map_or(text.len(), |(i, _)| i)
            },
        );
        let end_in_line = start_in_line + span_len(&text[start_in_line..]);
        let range = before.len() + start_in_line..before.len() + end_in_line;
        let file = SimpleFile::new(display_path(&self.path), source);
        let label = match &self.field {
            Some(field) => Label::primary((), range).with_message(field.clone()),
            None => Label::primary((), range),
        };
        let config = codespan_reporting::term::Config::default();
        match codespan_reporting::term::emit_into_string(
            &config,
            &file,
            &report.with_labels(vec![label]),
        ) {
            Ok(text) => f.write_str(text.trim_end()),
            Err(_) => write!(f, "{}", self.headline()),
        }
    }
}

/// How many bytes of `rest` (a located line from the diagnostic's column) its span covers:
/// a quoted value to its closing quote, a Markdown link to its closing parenthesis, anything
/// else to the next white space, comma or closing bracket; the whole rest when the line has
/// nothing more.
fn span_len(rest: &str) -> usize {
    let close = |open: char, close: &str| {
        rest.strip_prefix(open)
            .and_then(|r| r.find(close))
            .map(|at| 1 + at + close.len())
    };
    let token = match rest.chars().next() {
        Some(q @ ('"' | '\'')) => close(q, &q.to_string()),
        Some('[') => rest.find("](").and_then(|at| {
            let after = &rest[at + 2..];
            after.find(')').map(|end| at + 2 + end + 1)
        }),
        _ => None,
    };
    token
        .unwrap_or_else(|| {
            rest.find(|c: char| c.is_whitespace() || matches!(c, ',' | '}' | ']'))
                .unwrap_or(rest.trim_end().len())
        })
        .max(1)
        .min(rest.len().max(1))
}

/// A path as shown to the user: forward slashes on every platform.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Sorts diagnostics by path, then line, then column, errors before warnings on a tie.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.path, b.line, b.column, b.severity, &b.message))
    });
}

/// A warning for a front-matter key that no field takes, naming the nearest known key.
pub fn unknown_key(
    path: &Path,
    key: &crate::front_matter::UnknownKey,
    known: &[&str],
) -> Diagnostic {
    let nearest = known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(k, &key.key), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min();
    let hint = match nearest {
        Some((_, k)) => format!("; did you mean `{k}`?"),
        None => format!("; known keys are {}", known.join(", ")),
    };
    Diagnostic::warning(path, format!("unknown key `{}` is ignored{hint}", key.key))
        .at(key.line, key.column)
        .field(key.field.clone())
}

/// Failures of the environment or of a whole run, as opposed to one input problem.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {}", display_path(path))]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {}", display_path(path))]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("template {name}")]
    Template {
        name: String,
        #[source]
        source: tera::Error,
    },
    #[error(
        "refusing to write into {}: it holds files but is not a briefing output folder (no {marker} marker); choose another --out or empty it yourself",
        display_path(path)
    )]
    ForeignOutput { path: PathBuf, marker: &'static str },
    #[error("the input has {count} error(s); nothing was written")]
    Invalid {
        count: usize,
        diagnostics: Vec<Diagnostic>,
    },
    /// Another build holds the output's lock and the run was asked not to wait.
    #[error("another build of {} is running (--no-wait)", display_path(path))]
    Busy { path: PathBuf },
    /// A command-line argument with a bad value (exit status 2).
    #[error("{0}")]
    Usage(String),
    /// A command that would overwrite or clobber something; nothing was written.
    #[error("{0}")]
    Refused(String),
    /// A path that would leave the output folder.
    #[error("refusing to write \"{path}\": it would leave the output folder")]
    PathEscape { path: String },
    /// An export that its format crate could not write.
    #[error("cannot write {name}: {message}")]
    Serialise { name: String, message: String },
    /// A worker thread failed; a bug, not an input problem.
    #[error("internal error: {0}")]
    Internal(String),
    /// `serve` could not start its runtime, listen or serve.
    #[error("server: cannot {doing}")]
    Serve {
        doing: String,
        #[source]
        source: std::io::Error,
    },
    /// `serve` found no free port in the range it tries.
    #[error("server: no free port from {from} to {to}")]
    NoFreePort {
        from: u16,
        to: u16,
        #[source]
        source: std::io::Error,
    },
    /// `serve` could not watch a folder of the site.
    #[error("server: cannot watch {}", path.display())]
    Watch {
        path: PathBuf,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl Error {
    /// The exit status for this failure: 2 for command-line usage, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }

    /// The message and every cause beneath it, one `caused by:` line each.
    pub fn chain(&self) -> String {
        let mut text = format!("error: {self}");
        let mut source = std::error::Error::source(self);
        while let Some(cause) = source {
            text.push_str(&format!("\n  caused by: {cause}"));
            source = cause.source();
        }
        text
    }

    pub fn read(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Read {
            path: path.into(),
            source,
        }
    }

    pub fn write(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Write {
            path: path.into(),
            source,
        }
    }

    /// A template (or the values given to it) that failed.
    pub fn template(name: &str, source: tera::Error) -> Self {
        Error::Template {
            name: name.to_string(),
            source,
        }
    }
}

/// How diagnostics are printed: for people, as JSON lines for tools, or as GitHub workflow
/// commands (annotations on a pull request's changed lines).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    #[default]
    Human,
    Json,
    Github,
}

#[derive(serde::Serialize)]
struct JsonDiagnostic<'a> {
    severity: &'static str,
    path: String,
    line: Option<usize>,
    column: Option<usize>,
    field: Option<&'a str>,
    message: &'a str,
    /// What was expected, when the message says.
    expected: Option<&'a str>,
    /// The nearest known name, when the message suggests one.
    suggestion: Option<&'a str>,
}

impl Diagnostic {
    /// The diagnostic in `format` (one line for `json` and `github`).
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Human => self.to_string(),
            Format::Json => self.json(),
            Format::Github => self.github(),
        }
    }

    fn json(&self) -> String {
        let expected = self
            .message
            .rfind("expected ")
            .map(|i| self.message[i + "expected ".len()..].trim_end_matches('.'));
        let suggestion = self.message.find("did you mean ").and_then(|i| {
            let rest = &self.message[i + "did you mean ".len()..];
            let quote = rest.chars().next().filter(|c| *c == '"' || *c == '`')?;
            let rest = &rest[1..];
            rest.find(quote).map(|end| &rest[..end])
        });
        let d = JsonDiagnostic {
            severity: if self.is_error() { "error" } else { "warning" },
            path: display_path(&self.path),
            line: self.line,
            column: self.column,
            field: self.field.as_deref(),
            message: &self.message,
            expected,
            suggestion,
        };
        serde_json::to_string(&d).unwrap_or_default()
    }

    /// `::error file=…,line=…,col=…,title=…::message`, escaped as GitHub requires: `%`,
    /// `\r`, `\n` everywhere, and `:` and `,` in properties too.
    fn github(&self) -> String {
        let data = |s: &str| {
            s.replace('%', "%25")
                .replace('\r', "%0D")
                .replace('\n', "%0A")
        };
        let property = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
        let mut props = vec![format!("file={}", property(&display_path(&self.path)))];
        if let Some(line) = self.line {
            props.push(format!("line={line}"));
        }
        if let Some(col) = self.column {
            props.push(format!("col={col}"));
        }
        let title = self.field.as_deref().unwrap_or("briefing");
        props.push(format!("title={}", property(title)));
        let kind = if self.is_error() { "error" } else { "warning" };
        format!("::{kind} {}::{}", props.join(","), data(&self.message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_commands_escape_what_github_requires() {
        let d = Diagnostic::error("content/a,b:c.md", "100% wrong\r\nsecond line: a, b")
            .at(Some(3), Some(7))
            .field("points[0]:x,y");
        assert_eq!(
            d.render(Format::Github),
            "::error file=content/a%2Cb%3Ac.md,line=3,col=7,title=points[0]%3Ax%2Cy::100%25 wrong%0D%0Asecond line: a, b"
        );
        let w = Diagnostic::warning(
            "x.md",
            "unknown key `titel` is ignored; did you mean `title`?",
        );
        assert_eq!(
            w.render(Format::Github),
            "::warning file=x.md,title=briefing::unknown key `titel` is ignored; did you mean `title`?"
        );
    }

    #[test]
    fn json_names_what_was_expected_and_the_suggestion() {
        let d = Diagnostic::error(
            "p.md",
            "unknown party \"Sid A\"; did you mean \"Side A\"? expected one of Side A, Side B",
        )
        .at(Some(4), None)
        .field("points[0].party");
        let v: serde_json::Value = serde_json::from_str(&d.render(Format::Json)).unwrap();
        assert_eq!(v["severity"], "error");
        assert_eq!(v["line"], 4);
        assert!(v["column"].is_null());
        assert_eq!(v["field"], "points[0].party");
        assert_eq!(v["expected"], "one of Side A, Side B");
        assert_eq!(v["suggestion"], "Side A");
    }

    #[test]
    fn headline_has_path_line_column_field_and_message() {
        let d = Diagnostic::error("content/articles/x.md", "unknown status \"closd\"")
            .at(Some(12), Some(9))
            .field("points[0].status");
        assert_eq!(
            d.headline(),
            "content/articles/x.md:12:9: points[0].status: unknown status \"closd\""
        );
    }

    #[test]
    fn display_shows_the_source_line_and_underlines_the_value() {
        let text = "---\ntitle: x\nstatus: closd\n---\n";
        let d = Diagnostic::error("a.md", "unknown status")
            .at(Some(3), Some(9))
            .field("status")
            .with_source(text);
        assert_eq!(
            d.to_string(),
            "error: a.md:3:9: status: unknown status\n  ┌─ a.md:3:9\n  │\n3 │ status: closd\n  │         ^^^^^ status"
        );
    }

    #[test]
    fn sort_orders_by_path_then_line() {
        let mut v = vec![
            Diagnostic::error("b.md", "x").at(Some(1), None),
            Diagnostic::error("a.md", "y").at(Some(9), None),
            Diagnostic::error("a.md", "z").at(Some(2), None),
        ];
        sort(&mut v);
        let order: Vec<_> = v.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(order, ["z", "y", "x"]);
    }
}
