//! The `briefing` binary: parse the command line, run one command, print every diagnostic and
//! the whole error chain, and pick the exit code (0 success, 1 input or build errors, 2 usage).

use briefing::cli::{Cli, Command, NewKind};
use briefing::{Diagnostic, Error, Options, scaffold};
use clap::Parser;
use std::process::ExitCode;

// Rendering thousands of pages is allocation-heavy; mimalloc cut glibc malloc's share of
// the build profile (see bench/RESULTS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(warnings) => {
            print_all(&warnings);
            ExitCode::SUCCESS
        }
        Err(err) => {
            if let Error::Invalid { diagnostics, .. } = &err {
                print_all(diagnostics);
            }
            let mut message = format!("error: {err}");
            let mut source = std::error::Error::source(&err);
            while let Some(cause) = source {
                message.push_str(&format!("\n  caused by: {cause}"));
                source = cause.source();
            }
            eprintln!("{message}");
            ExitCode::from(1)
        }
    }
}

fn print_all(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}");
    }
}

fn run(command: Command) -> Result<Vec<Diagnostic>, Error> {
    match command {
        Command::Build(args) => {
            let options = Options {
                out: args.out.unwrap_or_else(|| args.root.join("public")),
                base_url: args.base_url,
                drafts: args.drafts,
                portable: args.portable,
                ..Options::new(&args.root)
            };
            let outcome = briefing::build(&options)?;
            println!(
                "built {} files into {}",
                outcome.files,
                options.out.display()
            );
            Ok(outcome.diagnostics)
        }
        Command::Check(args) => {
            let options = Options {
                drafts: args.drafts,
                ..Options::new(&args.root)
            };
            let outcome = briefing::check(&options)?;
            println!("ok: {} files would be written", outcome.files);
            Ok(outcome.diagnostics)
        }
        Command::Serve(args) => serve(args),
        Command::New(args) => match args.kind {
            NewKind::Article(a) => {
                let path = scaffold::new_article(&a.root, &a.title, a.date.as_deref())?;
                println!("created {}", path.display());
                Ok(Vec::new())
            }
        },
        Command::Init(args) => {
            scaffold::init(&args.dir)?;
            println!(
                "created a new briefing in {}; run `briefing serve --root {}`",
                args.dir.display(),
                args.dir.display()
            );
            Ok(Vec::new())
        }
    }
}

#[cfg(feature = "serve")]
fn serve(args: briefing::cli::ServeArgs) -> Result<Vec<Diagnostic>, Error> {
    briefing::serve::run(&args)?;
    Ok(Vec::new())
}

#[cfg(not(feature = "serve"))]
fn serve(_: briefing::cli::ServeArgs) -> Result<Vec<Diagnostic>, Error> {
    Err(Error::Usage(
        "this build of briefing has no `serve` (built without the serve feature)".into(),
    ))
}
