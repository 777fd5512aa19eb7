//! The `afterword` binary: parses the command line, runs the command, prints the report and
//! picks the exit code (0 success, 1 content errors, 2 could not run).

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use afterword::cli::{Cli, Command, PlanFormat};
use afterword::{Diagnostic, output, plan, scaffold, serve};
use clap::Parser;

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Build {
            site,
            out,
            base_url,
        } => {
            let started = Instant::now();
            // `public`, not `./public`, in messages when the site is the current folder.
            let out = out.unwrap_or_else(|| {
                let public = site.root.join("public");
                public
                    .strip_prefix(".")
                    .map_or(public.clone(), Path::to_path_buf)
            });
            let dir = output::OutputDir::claim(&site.root, &out)?;
            let built = match afterword::render(&site.options(base_url)) {
                Ok(built) => built,
                Err(problems) => return Ok(report(&problems, "nothing was written")),
            };
            output::write(&dir, &built.files)?;
            println!(
                "built {} into {} in {} ms",
                summary(&built),
                out.display(),
                started.elapsed().as_millis()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { site } => match afterword::render(&site.options(None)) {
            Ok(built) => {
                println!("no problems in {}", summary(&built));
                Ok(ExitCode::SUCCESS)
            }
            Err(problems) => Ok(report(&problems, "the site has problems")),
        },
        Command::Serve {
            site,
            port,
            bind,
            open,
        } => {
            let listen = serve::Listen { bind, port, open };
            serve::run(&site.options(None), &listen).map(|()| ExitCode::SUCCESS)
        }
        Command::Plan {
            facts,
            format,
            site,
        } => {
            let facts = facts.facts();
            let site = match afterword::load(&site.options(None)) {
                Ok(loaded) => loaded.site,
                Err(problems) => return Ok(report(&problems, "no plan was made")),
            };
            let words = &site.vocabulary;
            plan::check(&facts, words).map_err(anyhow::Error::msg)?;
            let entries = plan::schedule(&site, &facts);
            print!(
                "{}",
                match format {
                    PlanFormat::Text => plan::text(&entries, &facts, words),
                    PlanFormat::Json => plan::json(&entries, words),
                    PlanFormat::Ics => plan::ics(&entries, &facts, words),
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::New { kind, path, root } => {
            let written = scaffold::new(&root, kind.into(), &path)?;
            println!("created {}", written.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `23 pages (4 checklists, 7 templates)`.
fn summary(built: &afterword::Built) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{} ({}, {})",
        plural(built.pages, "page"),
        plural(built.checklists, "checklist"),
        plural(built.templates, "template")
    )
}

/// Print every diagnostic and a closing line; the exit code for content errors.
fn report(problems: &[Diagnostic], outcome: &str) -> ExitCode {
    for problem in problems {
        eprintln!("{problem}\n");
    }
    let noun = if problems.len() == 1 {
        "error"
    } else {
        "errors"
    };
    eprintln!("error: {} {noun}; {outcome}", problems.len());
    ExitCode::from(1)
}
