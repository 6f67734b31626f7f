//! The command line (clap derive): one `*Args` struct per subcommand. Reads no files.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "briefing",
    version,
    about = "Build a briefing site on a negotiation in progress"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default <root>/public)
    Build(BuildArgs),
    /// Validate everything `build` validates; write nothing
    Check(CheckArgs),
    /// Build, serve on loopback and rebuild on every change, with live reload
    Serve(ServeArgs),
    /// Create new content
    New(NewArgs),
    /// Write a new briefing (settings, two points, one article) into an empty folder
    Init(InitArgs),
    /// Write JSON Schemas of briefing.yaml and the front matter, with the site's own keys
    Schema(SchemaArgs),
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site folder
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The output folder [default: <root>/public]
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Absolute URL the site is published at (overrides base_url in briefing.yaml)
    #[arg(long, value_parser = absolute_url)]
    pub base_url: Option<String>,
    /// Include draft articles
    #[arg(long)]
    pub drafts: bool,
    /// Write index.html into links so the output works opened from disk
    #[arg(long)]
    pub portable: bool,
    /// Fail at once when another build of the same output is running, instead of waiting
    #[arg(long)]
    pub no_wait: bool,
    /// Build the whole output beside the old one and swap them in one step (for an output that
    /// is served live), instead of writing only the files that changed
    #[arg(long)]
    pub atomic: bool,
    /// Print problems only: no progress display and no closing line
    #[arg(long, short)]
    pub quiet: bool,
    /// How to print problems: for people, as JSON lines, or as GitHub annotations
    #[arg(long, value_enum, default_value_t)]
    pub message_format: crate::diagnostics::Format,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site folder
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Check draft articles as if they were published
    #[arg(long)]
    pub drafts: bool,
    /// How to print problems: for people, as JSON lines, or as GitHub annotations
    #[arg(long, value_enum, default_value_t)]
    pub message_format: crate::diagnostics::Format,
    /// Also ask every external address the briefing cites whether it still answers
    /// (answers are kept a day in .briefing/links.json)
    #[cfg(feature = "external")]
    #[arg(long)]
    pub external: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site folder
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Port to listen on; the next free one is taken when it is busy
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the site in the default browser
    #[arg(long)]
    pub open: bool,
    /// Include draft articles
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    #[command(subcommand)]
    pub kind: NewKind,
}

#[derive(Debug, Subcommand)]
pub enum NewKind {
    /// Create content/articles/<date>-<slug>.md with every front-matter field
    Article(NewArticleArgs),
    /// Create content/people/<id>.md for a person claims can name with `by: <id>`
    Person(NewPersonArgs),
}

#[derive(Debug, Args)]
pub struct NewPersonArgs {
    /// The person's name, as readers know it
    pub name: String,
    /// The site folder
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct NewArticleArgs {
    /// The article's title; with --lang, the path of the article to translate
    pub title: String,
    /// Write a translation skeleton of the article at the path given (x.md -> x.<lang>.md)
    /// into this declared language, its lists in place
    #[arg(long)]
    pub lang: Option<String>,
    /// Publication date, YYYY-MM-DD [default: today]
    #[arg(long, value_parser = full_date)]
    pub date: Option<crate::model::Date>,
    /// The site folder
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the briefing in (must be empty or missing)
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The site folder (its statuses, parties, blocks, versions and points become enums)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The folder to write the schemas into [default: <root>/schemas]
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// An `http://` or `https://` URL, given a trailing `/` (a usage error otherwise).
/// A full `YYYY-MM-DD` date that exists in the calendar.
fn full_date(text: &str) -> Result<crate::model::Date, String> {
    let date = crate::model::Date::parse(text)?;
    if date.is_full() {
        Ok(date)
    } else {
        Err(format!(
            "\"{date}\" is a month; an article needs a full YYYY-MM-DD date"
        ))
    }
}

fn absolute_url(text: &str) -> Result<String, String> {
    let url = text.trim();
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(format!(
            "\"{url}\" is not an absolute URL; expected one starting with https:// or http://"
        ));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

impl Command {
    /// How the command prints problems (`human` for commands that take no format).
    pub fn message_format(&self) -> crate::diagnostics::Format {
        match self {
            Command::Build(a) => a.message_format,
            Command::Check(a) => a.message_format,
            _ => crate::diagnostics::Format::default(),
        }
    }
}

impl BuildArgs {
    /// The run options these arguments ask for.
    pub fn options(&self) -> crate::Options {
        crate::Options {
            out: self.out.clone().unwrap_or_else(|| self.root.join("public")),
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            portable: self.portable,
            no_wait: self.no_wait,
            atomic: self.atomic,
            ..crate::Options::new(&self.root)
        }
    }
}

impl CheckArgs {
    /// The run options these arguments ask for.
    pub fn options(&self) -> crate::Options {
        crate::Options {
            drafts: self.drafts,
            ..crate::Options::new(&self.root)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn build_defaults_the_output_to_root_public() {
        let cli = Cli::parse_from(["briefing", "build", "--root", "site", "--portable"]);
        let Command::Build(args) = cli.command else {
            panic!("not build")
        };
        let options = args.options();
        assert_eq!(options.out, std::path::Path::new("site/public"));
        assert!(options.portable && !options.drafts);
    }
}
