//! The `afterword` binary: parses the command line, runs the command, prints the report and
//! picks the exit code (0 success, 1 content errors, 2 could not run).

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use afterword::cli::{Cli, Command, PlanFormat};
use afterword::scaffold::Start;
use afterword::{Diagnostic, diagnostics, output, plan, scaffold, serve};
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
            port,
        } => {
            if let Some(port) = port {
                let port = port.unwrap_or_else(|| "1111".into());
                anyhow::bail!(
                    "`build` has no `--port`: it writes the site to a folder; to serve the site, run `afterword serve --port {port}`"
                );
            }
            let started = Instant::now();
            let options = site.options(base_url)?;
            // `public`, not `./public`, in messages when the site is the current folder.
            let out = out.unwrap_or_else(|| {
                let public = options.root.join("public");
                public
                    .strip_prefix(".")
                    .map_or(public.clone(), Path::to_path_buf)
            });
            let dir = output::OutputDir::claim(&options.root, &out)?;
            let counts = match afterword::build(&options, &dir)? {
                Ok(counts) => counts,
                Err(problems) => return Ok(report(&problems, "nothing was written")),
            };
            println!(
                "built {} into {} in {} ms",
                summary(counts),
                out.display(),
                started.elapsed().as_millis()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { site } => match afterword::check(&site.options(None)?) {
            Ok(counts) => {
                println!("no problems in {}", summary(counts));
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
            serve::run(&site.options(None)?, &listen).map(|()| ExitCode::SUCCESS)
        }
        Command::Plan {
            facts,
            format,
            site,
        } => {
            let facts = facts.facts();
            let site = match afterword::load(&site.options(None)?) {
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
        Command::Init { dir, from_guide } => {
            let start = if from_guide {
                Start::Guide
            } else {
                Start::Skeleton
            };
            let written = scaffold::init(&dir, start)?;
            let what = match start {
                Start::Skeleton => "a guide page, a checklist and a template",
                Start::Guide => "the bundled guide, to adapt",
            };
            println!(
                "created a site in {} with {what}: {} files under content/",
                dir.display(),
                written.len()
            );
            println!("next:");
            if dir != Path::new(".") {
                println!("  cd {}", dir.display());
            }
            println!("  afterword serve    # preview it at http://127.0.0.1:1111/");
            println!("  afterword build    # write it to public/, ready to publish");
            Ok(ExitCode::SUCCESS)
        }
        Command::New { kind, path, root } => {
            let written = scaffold::new(root.as_deref(), kind.into(), &path)?;
            println!("created {}", written.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `23 pages (4 checklists, 7 templates)`.
fn summary(built: afterword::Counts) -> String {
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
    eprintln!("error: {}; {outcome}", diagnostics::count(problems.len()));
    ExitCode::from(1)
}
