//! The command line: clap types whose doc comments are the help text, and their conversion
//! to [`Options`]. Dispatch lives in `main.rs`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::Options;
use crate::frontmatter::Kind;

/// Build a guide site with interactive, printable checklists and fill-in email templates.
#[derive(Debug, Parser)]
#[command(name = "afterword", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into `public/` (replaced only when the build succeeds)
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site [default: ROOT/public]
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The URL the site will be published at, instead of `base_url` in content/_index.md
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Check the content and theme and report every problem, writing nothing
    Check {
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Build the site and serve it on 127.0.0.1
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// The port to listen on
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
    },
    /// Write a new content file with valid front matter (never overwrites)
    New {
        /// What kind of page to create
        kind: NewKind,
        /// Where to create it, inside content/ (`checklists/offer.md`)
        path: PathBuf,
        /// The site folder
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
    },
}

/// Options every command that reads the site takes.
#[derive(Debug, clap::Args)]
pub struct SiteArgs {
    /// The site folder, holding content/ and themes/
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Include pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum NewKind {
    /// A guide page
    Guide,
    /// A checklist with items
    Checklist,
    /// An email template with fields
    Template,
}

impl SiteArgs {
    pub fn options(&self, base_url: Option<String>) -> Options {
        Options {
            root: self.root.clone(),
            base_url,
            drafts: self.drafts,
        }
    }
}

impl From<NewKind> for Kind {
    fn from(kind: NewKind) -> Kind {
        match kind {
            NewKind::Guide => Kind::Guide,
            NewKind::Checklist => Kind::Checklist,
            NewKind::Template => Kind::Template,
        }
    }
}
