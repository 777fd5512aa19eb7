//! The command line: clap types whose doc comments are the help text, and their conversion
//! to [`Options`] and to the planner's [`Facts`]. Dispatch lives in `main.rs`.
//!
//! Values are checked as clap parses them, with the same checks as their front matter
//! counterparts (`--base-url` as `base_url`), so a bad value stops the command with exit 2
//! before anything is read or written.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use jiff::civil::{DateTime, Time};
use jiff::fmt::strtime;

use crate::Options;
use crate::discover::find_site;
use crate::frontmatter::{Kind, check_base_url};
use crate::rules::{Facts, When};

/// Build a guide site with interactive, printable checklists and fill-in email templates.
#[derive(Debug, Parser)]
#[command(name = "afterword", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a site in a new or empty folder: one guide page, one checklist and one template
    ///
    /// The site passes `check` and builds at once; edit its files under `content/`. Never
    /// writes into a folder that has files in it.
    Init {
        /// The folder to create the site in (created if missing; hidden files such as
        /// `.git` may already be there)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Start from a copy of the bundled job-interview guide instead, to adapt
        #[arg(long)]
        from_guide: bool,
    },
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
        /// Not an option of `build`: caught so that the error names `serve` instead of
        /// clap suggesting `--out`, the closest name.
        #[arg(long, hide = true, num_args = 0..=1, value_name = "PORT")]
        port: Option<Option<String>>,
    },
    /// Check the content and theme and report every problem, writing nothing
    Check {
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Build the site and serve it on 127.0.0.1
    ///
    /// Watches content/ and themes/, rebuilds on every edit and reloads the pages open in
    /// the browser. A broken edit keeps the last good site served and shows its problems on
    /// the open pages and here.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// The port to listen on (0 picks a free one)
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; anything but loopback lets other machines see the site
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the browser once it is served
        #[arg(long)]
        open: bool,
    },
    /// Print a candidate's schedule from the timing rules, as text, JSON or iCalendar
    ///
    /// Lists every action of the site once: when it is due for these facts, or what it
    /// waits for, or why it no longer applies, with the pages that show it.
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
        /// Where to create it, inside content/ (`checklists/offer.md`); typed inside
        /// content/, a path from the current folder
        path: PathBuf,
        /// The site folder [default: the nearest folder, from here up, that holds
        /// content/_index.md]
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
    },
}

/// Options every command that reads the site takes.
#[derive(Debug, clap::Args)]
pub struct SiteArgs {
    /// The site folder, holding content/ and themes/ [default: the nearest folder, from
    /// here up, that holds content/_index.md]
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Include pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
}

/// What the candidate knows, for `plan`. Dates are local, as the candidate lives them.
///
/// `--event` and `--fact` take any name the site declares under `planner:`; the other flags
/// are shorthands for the words of the bundled guide and of sites that declare none.
#[derive(Debug, clap::Args)]
pub struct FactArgs {
    /// An event and when it happened, in the site's words (repeatable): `interview=2026-11-24T14:00`, `answer=2026-12-04`
    #[arg(long = "event", value_name = "NAME=WHEN", value_parser = parse_event)]
    pub events: Vec<(String, When)>,
    /// A fact and its value, in the site's words (repeatable): `stage=phone_screen`
    #[arg(long = "fact", value_name = "NAME=VALUE", value_parser = parse_fact)]
    pub facts: Vec<(String, String)>,
    /// When the interview ended, in local time (a date alone assumes 17:00)
    #[arg(long, value_name = "YYYY-MM-DDTHH:MM", value_parser = parse_when)]
    pub interview: Option<When>,
    /// The date they said you would hear from them by
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub decision: Option<When>,
    /// How far along the process the interview was [default: later-round]
    #[arg(long, value_enum)]
    pub stage: Option<StageArg>,
    /// A recruiter is your contact with the company
    #[arg(long)]
    pub recruiter: bool,
    /// The day you sent a follow-up
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub follow_up_sent: Option<When>,
    /// The day their answer came
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub answer: Option<When>,
    /// The day you accepted an offer from another employer
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub offer_accepted: Option<When>,
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
    /// A JSON array of every action with its status, kind, earliest and latest
    Json,
    /// An iCalendar file with one event per action that is due
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
    /// What to build: the site folder found (or refused) by [`find_site`], and the options.
    pub fn options(&self, base_url: Option<String>) -> anyhow::Result<Options> {
        Ok(Options {
            root: find_site(self.root.as_deref())?,
            base_url,
            drafts: self.drafts,
        })
    }
}

impl FactArgs {
    /// The facts as given, shorthands turned into the names they stand for. Whether the
    /// site knows those names is checked against its vocabulary by [`crate::plan::check`].
    pub fn facts(&self) -> Facts {
        let mut facts = Facts::default();
        let shorthands = [
            ("interview", self.interview),
            ("decision_date", self.decision),
            ("follow_up", self.follow_up_sent),
            ("answer", self.answer),
            ("offer_accepted", self.offer_accepted),
        ];
        for (name, when) in shorthands {
            if let Some(when) = when {
                facts.events.insert(name.into(), when);
            }
        }
        if let Some(stage) = self.stage {
            let value = match stage {
                StageArg::PhoneScreen => "phone_screen",
                StageArg::LaterRound => "later_round",
            };
            facts.values.insert("stage".into(), value.into());
        }
        if self.recruiter {
            facts.values.insert("recruiter".into(), "involved".into());
        }
        for (name, when) in &self.events {
            facts.events.insert(name.clone(), *when);
        }
        for (name, value) in &self.facts {
            facts.values.insert(name.clone(), value.clone());
        }
        facts
    }
}

/// `2026-11-24T14:00` or `2026-11-24`: four-digit years, minutes at most, so neither a
/// negative year nor a leap second is ever taken for a date.
fn parse_when(text: &str) -> Result<When, String> {
    let expected =
        "expected a local date and time such as `2026-11-24T14:00`, or a date such as `2026-11-24`";
    let shape = |t: &str| {
        t.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            10 => b == b'T',
            13 => b == b':',
            _ => b.is_ascii_digit(),
        })
    };
    if !matches!(text.len(), 10 | 16) || !shape(text) || text.starts_with("0000") {
        return Err(expected.to_owned());
    }
    let date = strtime::parse("%Y-%m-%d", &text[..10])
        .and_then(|t| t.to_date())
        .map_err(|_| format!("there is no such day in the calendar ({expected})"))?;
    if text.len() == 10 {
        return Ok(When::Day(date));
    }
    let (hour, minute): (i8, i8) = (
        text[11..13].parse().unwrap_or(99),
        text[14..16].parse().unwrap_or(99),
    );
    let time = Time::new(hour, minute, 0, 0)
        .map_err(|_| format!("there is no such time of day ({expected})"))?;
    Ok(When::Moment(DateTime::from_parts(date, time)))
}

/// `2026-12-04`.
fn parse_day(text: &str) -> Result<When, String> {
    match parse_when(text) {
        Ok(When::Day(day)) => Ok(When::Day(day)),
        Ok(When::Moment(_)) => Err("expected a date such as `2026-12-04`, without a time".into()),
        Err(e) => Err(e),
    }
}

/// `interview=2026-11-24T14:00`.
fn parse_event(text: &str) -> Result<(String, When), String> {
    let (name, when) = text
        .split_once('=')
        .ok_or("expected `NAME=WHEN`, such as `interview=2026-11-24T14:00`")?;
    Ok((name.to_owned(), parse_when(when)?))
}

/// `stage=phone_screen`.
fn parse_fact(text: &str) -> Result<(String, String), String> {
    let (name, value) = text
        .split_once('=')
        .ok_or("expected `NAME=VALUE`, such as `stage=phone_screen`")?;
    Ok((name.to_owned(), value.to_owned()))
}

/// `https://example.org/`, checked as `base_url` in the front matter is, so a line break or
/// a relative URL is refused where it is typed instead of being built into every page.
fn parse_base_url(text: &str) -> Result<String, String> {
    check_base_url(text).map(|()| text.to_owned())
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
