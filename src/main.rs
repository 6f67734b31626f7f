//! The `briefing` binary: parse the command line, run one command, print every diagnostic and
//! the whole error chain, and pick the exit code (0 success, 1 input or build errors, 2 usage).

use briefing::{Diagnostic, Error, cli::*, diagnostics::Format, scaffold};
use clap::Parser;
use std::{path::Path, process::ExitCode};

// jemalloc, where it builds (not with MSVC): faster than the system allocator on large briefings.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let command = Cli::parse().command;
    let (format, result) = (command.message_format(), run(command));
    if let Ok(d) | Err(Error::Invalid { diagnostics: d, .. }) = &result {
        d.iter().for_each(|d| match format {
            Format::Human => eprintln!("{d}"),
            other => println!("{}", d.render(other)),
        });
    }
    result.err().map_or(ExitCode::SUCCESS, |err| {
        eprintln!("{}", err.chain());
        ExitCode::from(err.exit_code())
    })
}

fn run(command: Command) -> Result<Vec<Diagnostic>, Error> {
    match command {
        Command::Build(args) => {
            let options = args.options();
            let outcome = {
                // Dropped before anything else is printed.
                let progress = briefing::Progress::new(!args.quiet);
                let waiting = |o: &Path| {
                    progress.aside(|| eprintln!("waiting for another build of {}", o.display()))
                };
                briefing::build_with(&options, &waiting, &progress)
            }?;
            let out = options.out.display();
            match outcome.written {
                _ if args.quiet => {}
                Some(w) => eprintln!("built {out}: {w}"),
                None => eprintln!("built {} files into {out}", outcome.files),
            }
            Ok(outcome.diagnostics)
        }
        #[cfg(feature = "external")]
        Command::Check(args) if args.external => briefing::check_external(&args.options()).map(
            |(outcome, report)| {
                eprintln!(
                    "ok: {} files would be written; {} external addresses cited, {} asked, none dead",
                    outcome.files, report.cited, report.asked
                );
                outcome.diagnostics
            },
        ),
        Command::Check(args) => briefing::check(&args.options()).map(|outcome| {
            eprintln!("ok: {} files would be written", outcome.files);
            outcome.diagnostics
        }),
        Command::Serve(args) => briefing::serve::run(&args).map(|()| Vec::new()),
        Command::New(args) => {
            let path = match args.kind {
                NewKind::Article(a) => match &a.lang {
                    Some(lang) => scaffold::new_translation(&a.root, Path::new(&a.title), lang)?,
                    None => scaffold::new_article(&a.root, &a.title, a.date)?,
                },
                NewKind::Person(p) => scaffold::new_person(&p.root, &p.name)?,
            };
            println!("created {}", path.display());
            Ok(Vec::new())
        }
        Command::Schema(args) => {
            let out = (args.out).unwrap_or_else(|| args.root.join(briefing::links::SCHEMAS));
            let written = briefing::schema::write(&args.root, &out)?;
            println!("wrote {} schemas into {}", written.len(), out.display());
            Ok(Vec::new())
        }
        Command::Init(args) => scaffold::init(&args.dir).map(|()| {
            println!("created a new briefing in {}", args.dir.display());
            Vec::new()
        }),
    }
}
