//! The command line: clap types whose doc comments are the help text, and their conversion
//! to [`Options`] and to the planner's [`Facts`]. Dispatch lives in `main.rs`.
//!
//! Values are checked as clap parses them, with the same checks as their front matter
//! counterparts (`--base-url` as `base_url`), so a bad value stops the command with exit 2
//! before anything is read or written.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use jiff::civil::{Date, DateTime};
use jiff::fmt::strtime;

use crate::Options;
use crate::frontmatter::{Kind, check_base_url};
use crate::rules::{Facts, Stage};

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
        #[arg(long, value_name = "URL", value_parser = parse_base_url)]
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
    /// Print a candidate's schedule from the timing rules, as text, JSON or iCalendar
    ///
    /// Lists every step and checklist item whose rule applies to these facts, with its
    /// earliest and latest date or time and the page that explains it.
    Plan {
        #[command(flatten)]
        facts: FactArgs,
        /// How to print the plan: a list, JSON, or an iCalendar file to import
        #[arg(long, value_enum, default_value_t = PlanFormat::Text)]
        format: PlanFormat,
        #[command(flatten)]
        site: SiteArgs,
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

/// What the candidate knows, for `plan`. Dates are local, as the candidate lives them.
#[derive(Debug, clap::Args)]
pub struct FactArgs {
    /// When the interview ended, in local time
    #[arg(long, value_name = "YYYY-MM-DDTHH:MM", value_parser = parse_datetime)]
    pub interview: DateTime,
    /// The date they said you would hear from them by
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub decision: Option<Date>,
    /// How far along the process the interview was
    #[arg(long, value_enum, default_value_t = StageArg::LaterRound)]
    pub stage: StageArg,
    /// A recruiter is your contact with the company
    #[arg(long)]
    pub recruiter: bool,
    /// The day you sent a follow-up
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub follow_up_sent: Option<Date>,
    /// The day their answer came
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub answer: Option<Date>,
    /// The day you accepted an offer from another employer
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub offer_accepted: Option<Date>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StageArg {
    /// A first call, often with a recruiter
    PhoneScreen,
    /// Any interview after the first call
    LaterRound,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PlanFormat {
    /// A list for the terminal, grouped by day
    Text,
    /// A JSON array of {id, title, earliest, latest, url}
    Json,
    /// An iCalendar file with one event and reminder per step
    Ics,
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

impl FactArgs {
    /// The facts for the rules, or why they cannot be: an event dated before the interview.
    pub fn facts(&self) -> Result<Facts, String> {
        let day = self.interview.date();
        let events = [
            ("--decision", self.decision),
            ("--follow-up-sent", self.follow_up_sent),
            ("--answer", self.answer),
            ("--offer-accepted", self.offer_accepted),
        ];
        for (flag, date) in events {
            if let Some(date) = date.filter(|d| *d < day) {
                return Err(format!("`{flag} {date}` is before the interview on {day}"));
            }
        }
        Ok(Facts {
            interview: self.interview,
            decision_date: self.decision,
            follow_up: self.follow_up_sent,
            answer: self.answer,
            offer_accepted: self.offer_accepted,
            stage: match self.stage {
                StageArg::PhoneScreen => Stage::PhoneScreen,
                StageArg::LaterRound => Stage::LaterRound,
            },
            recruiter: self.recruiter,
        })
    }
}

/// `2026-11-24T14:00` (seconds and a space for the `T` are accepted too). Strict, unlike
/// `jiff`'s own parser, which would take a bare date as midnight and drop an offset.
fn parse_datetime(text: &str) -> Result<DateTime, String> {
    let expected = "expected a local date and time such as `2026-11-24T14:00`";
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|format| strtime::parse(format, text).ok())
        .ok_or_else(|| expected.to_owned())?
        .to_datetime()
        .map_err(|_| format!("there is no such day in the calendar ({expected})"))
}

/// `https://example.org/`, checked as `base_url` in the front matter is, so a line break or
/// a relative URL is refused where it is typed instead of being built into every page.
fn parse_base_url(text: &str) -> Result<String, String> {
    check_base_url(text).map(|()| text.to_owned())
}

/// `2026-12-04`.
fn parse_date(text: &str) -> Result<Date, String> {
    let expected = "expected a date such as `2026-12-04`";
    strtime::parse("%Y-%m-%d", text)
        .map_err(|_| expected.to_owned())?
        .to_date()
        .map_err(|_| format!("there is no such day in the calendar ({expected})"))
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
