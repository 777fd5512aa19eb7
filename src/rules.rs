//! Timing rules: the small language that says when an action is due (`within 24h of
//! interview`, `7-10 days after interview when stage is later_round until follow_up`), its
//! parser with positioned errors, and its evaluation to concrete dates for one application.
//!
//! The words a rule may use (events, facts and their values) are the site's [`Vocabulary`].
//! A rule has a *kind* that says how to read its dates: a deadline (`within`), a window
//! (`7-10 days after`), a day not to act before (`14 days after`) or a day or moment to act
//! on (`on`, `immediately`). It also has a *lifecycle*: it stops applying when an event of
//! its `until` list happens, or when the process ends (an event the vocabulary marks
//! `ends`), so no plan ever chases a company the candidate has left.
//!
//! Everything here is pure: no files, no clock. Build validates rules, `plan` evaluates them,
//! and the theme's script evaluates the same rules from their [`Rule::compact`] form and the
//! vocabulary as JSON; the agreement test compares the two evaluators case by case.

pub mod vocabulary;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::ToSpan;
use jiff::civil::{Date, DateTime, Time, Weekday};
use serde::Serialize;

use crate::diagnostics::suggest;
pub use vocabulary::Vocabulary;

/// A parsed rule: an offset from an event, the conditions under which it applies, and the
/// events that end it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub event: String,
    pub unit: Unit,
    /// Start of the window in `unit`s after the event (negative: before it).
    pub from: i64,
    /// End of the window; equal to `from` for a single point in time.
    pub to: i64,
    pub kind: DueKind,
    pub conditions: Vec<Condition>,
    /// Events after which the action is no longer needed (`until follow_up or answer`).
    pub until: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Hours,
    Days,
    BusinessDays,
}

/// How to read a rule's dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueKind {
    /// `immediately`, `on answer`, `3 days before decision_date`: that day or moment.
    On,
    /// `within 24h of interview`: any time from the event until the latest.
    Deadline,
    /// `7-10 days after interview`: between the earliest and the latest.
    Window,
    /// `14 days after follow_up`: not before the earliest, with no latest.
    NotBefore,
}

/// `stage is later_round`, `decision_date is not known`, `recruiter is involved`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Condition {
    pub test: Test,
    pub negated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Test {
    /// A fact has this value.
    Is { fact: String, value: String },
    /// An event is known.
    Known(String),
}

/// A rule that could not be parsed: where in the rule text, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// Byte offset into the rule text.
    pub offset: usize,
    pub message: String,
}

/// When an event happened, as precisely as the candidate said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum When {
    Day(Date),
    Moment(DateTime),
}

/// What one application's candidate has told the planner.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// Events by name. An event not given is not known.
    pub events: BTreeMap<String, When>,
    /// Fact values by name. A fact not given has its first value.
    pub values: BTreeMap<String, String>,
}

/// What a rule gives for one application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Due(Due),
    /// The event the rule counts from is not known yet.
    Waiting(String),
    /// The rule does not apply to this application, and why.
    NotApplicable(Reason),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// A condition does not hold.
    Condition(Condition),
    /// An event of the rule's `until` list happened, or one that ends the process, before
    /// the action's time was over.
    Stopped { event: String, on: Date },
}

/// When an action is due for one application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    pub kind: DueKind,
    pub earliest: Point,
    /// `None` for [`DueKind::NotBefore`].
    pub latest: Option<Point>,
    /// The day to act on is a Saturday, Sunday or holiday.
    pub rest_day: Option<RestDay>,
}

/// A moment for hour rules, a day for day rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Point {
    Day(Date),
    Moment(DateTime),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestDay {
    Weekend(Weekday),
    Holiday,
}

impl Rule {
    /// Parse rule text such as `7-10 days after interview when stage is later_round`.
    pub fn parse(text: &str, words: &Vocabulary) -> Result<Rule, RuleError> {
        Parser::new(text, words).rule()
    }

    /// The rule as the page script reads it, one word per part:
    /// `event unit from to kind`, then `[!]fact=value` or `[!]known:event` per condition and
    /// `~event` per `until` event. Compact, because it is repeated on every timed step and
    /// item of a page.
    pub fn compact(&self) -> String {
        let mut out = format!(
            "{} {} {} {} {}",
            self.event,
            self.unit.name(),
            self.from,
            self.to,
            self.kind.name()
        );
        for c in &self.conditions {
            out.push(' ');
            if c.negated {
                out.push('!');
            }
            match &c.test {
                Test::Is { fact, value } => write!(out, "{fact}={value}"),
                Test::Known(event) => write!(out, "known:{event}"),
            }
            .ok();
        }
        for event in &self.until {
            write!(out, " ~{event}").ok();
        }
        out
    }

    /// What this rule gives for `facts`: its dates, or why it has none.
    pub fn evaluate(&self, facts: &Facts, words: &Vocabulary) -> Outcome {
        if let Some(c) = self.conditions.iter().find(|c| !c.holds(facts, words)) {
            return Outcome::NotApplicable(Reason::Condition(c.clone()));
        }
        let Some(&start) = facts.events.get(&self.event) else {
            // Nothing new starts once the process is over or an `until` event has come.
            return match self.stopped(facts, words, None) {
                Some(reason) => Outcome::NotApplicable(reason),
                None => Outcome::Waiting(self.event.clone()),
            };
        };
        let point = |n: i64| match (self.unit, start) {
            (Unit::Hours, _) => Point::Moment(moment(start).saturating_add(n.hours())),
            (Unit::Days, _) => Point::Day(day(start).saturating_add(n.days())),
            (Unit::BusinessDays, _) => {
                Point::Day(add_business_days(day(start), n, &words.holidays))
            }
        };
        let earliest = point(self.from);
        let latest = (self.kind != DueKind::NotBefore).then(|| point(self.to));
        if let Some(reason) = self.stopped(facts, words, latest) {
            return Outcome::NotApplicable(reason);
        }
        let act_on = match self.kind {
            DueKind::On | DueKind::NotBefore => earliest,
            DueKind::Deadline | DueKind::Window => latest.unwrap_or(earliest),
        };
        let act_on = act_on.date();
        let rest_day = if words.holidays.contains(&act_on) {
            Some(RestDay::Holiday)
        } else {
            matches!(act_on.weekday(), Weekday::Saturday | Weekday::Sunday)
                .then(|| RestDay::Weekend(act_on.weekday()))
        };
        Outcome::Due(Due {
            kind: self.kind,
            earliest,
            latest,
            rest_day,
        })
    }

    /// Whether the action stopped mattering before its time was over: an event of its
    /// `until` list, or the end of the process, came on or before its last day. An action
    /// counted from the event that ended the process (feedback after the answer) is the
    /// exception; one counted from an ending event that came after the end is not.
    fn stopped(&self, facts: &Facts, words: &Vocabulary, latest: Option<Point>) -> Option<Reason> {
        let known = |name: &str| facts.events.get(name).map(|w| (name.to_owned(), day(*w)));
        let end = words
            .events
            .iter()
            .filter(|e| e.ends)
            .filter_map(|e| known(&e.name))
            .min_by_key(|(_, on)| *on);
        let counts_from_end = words.event(&self.event).is_some_and(|e| e.ends);
        let before_last_day = |on: Date| latest.is_none_or(|l| on <= l.date());
        let stop = |(event, on): (String, Date)| Reason::Stopped { event, on };
        if counts_from_end {
            return match known(&self.event) {
                Some(ours) => end.filter(|(_, on)| *on < ours.1).map(stop),
                // Another ending event came first, so this one will never matter.
                None => end.map(stop),
            };
        }
        self.until
            .iter()
            .filter_map(|u| known(u))
            .chain(end)
            .filter(|(_, on)| before_last_day(*on))
            .min_by_key(|(_, on)| *on)
            .map(stop)
    }

    /// The rule in plain English for candidates: "within 24 hours of the interview",
    /// "7 to 10 days after the interview, if it was a later round". A condition that only
    /// repeats what the rule needs anyway (`2 business days after decision_date when
    /// decision_date is known`) is left out.
    pub fn describe(&self, words: &Vocabulary) -> String {
        let mut out = self.describe_time(words);
        let clauses: Vec<String> = self
            .conditions
            .iter()
            .filter(|c| c.test != Test::Known(self.event.clone()) || c.negated)
            .map(|c| c.describe(words))
            .collect();
        if !clauses.is_empty() {
            out.push_str(", if ");
            out.push_str(&clauses.join(" and "));
        }
        if !self.until.is_empty() {
            let nouns: Vec<&str> = self
                .until
                .iter()
                .map(|u| words.event(u).map_or(u.as_str(), |e| e.noun.as_str()))
                .collect();
            out.push_str(", until ");
            out.push_str(&nouns.join(" or "));
        }
        out
    }

    fn describe_time(&self, words: &Vocabulary) -> String {
        let (event, on_the_day) = words
            .event(&self.event)
            .map_or((self.event.as_str(), self.event.as_str()), |e| {
                (e.noun.as_str(), e.day.as_str())
            });
        let amount = |n: i64| {
            let unit = match self.unit {
                Unit::Hours => "hour",
                Unit::Days => "day",
                Unit::BusinessDays => "business day",
            };
            format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
        };
        let anchor = self.event == words.anchor().name;
        match (self.kind, self.from, self.to) {
            (DueKind::On, 0, 0) => match self.unit {
                Unit::Hours if anchor => "right away, before you leave".into(),
                Unit::Hours => format!("as soon as you know {event}"),
                Unit::BusinessDays => format!("{on_the_day}, or the next business day"),
                Unit::Days => on_the_day.into(),
            },
            (DueKind::Deadline, _, to) => format!("within {} of {event}", amount(to)),
            (DueKind::NotBefore, from, _) => format!("{} after {event} or later", amount(from)),
            (_, from, to) if from == to && to > 0 => format!("{} after {event}", amount(to)),
            (_, from, to) if from == to => format!("{} before {event}", amount(-from)),
            (_, from, to) if from > 0 => format!("{from} to {} after {event}", amount(to)),
            (_, from, to) if to <= 0 => format!("{} to {} before {event}", -to, amount(-from)),
            (_, from, to) => format!(
                "from {} before to {} after {event}",
                amount(-from),
                amount(to)
            ),
        }
    }
}

impl Unit {
    pub fn name(self) -> &'static str {
        match self {
            Unit::Hours => "hours",
            Unit::Days => "days",
            Unit::BusinessDays => "business_days",
        }
    }
}

impl DueKind {
    pub fn name(self) -> &'static str {
        match self {
            DueKind::On => "on",
            DueKind::Deadline => "deadline",
            DueKind::Window => "window",
            DueKind::NotBefore => "not_before",
        }
    }
}

impl Condition {
    fn holds(&self, facts: &Facts, words: &Vocabulary) -> bool {
        let value = match &self.test {
            Test::Is { fact, value } => {
                let given = facts.values.get(fact).map(String::as_str);
                let assumed = words.fact(fact).map(|f| f.default_value().name.as_str());
                given.or(assumed) == Some(value.as_str())
            }
            Test::Known(event) => facts.events.contains_key(event),
        };
        value != self.negated
    }

    /// The condition as a clause after "if": "it was a later round".
    pub fn describe(&self, words: &Vocabulary) -> String {
        match &self.test {
            Test::Is { fact, value } => {
                let def = words.fact(fact);
                let clause = |v: &str| {
                    def.and_then(|f| f.value(v))
                        .map_or_else(|| format!("{fact} is {v}"), |v| v.clause.clone())
                };
                if !self.negated {
                    return clause(value);
                }
                // "not a later round" reads best as the other value when there are two.
                match def.map(|f| &f.values[..]) {
                    Some([a, b]) => clause(if a.name == *value { &b.name } else { &a.name }),
                    _ => format!("{fact} is not {value}"),
                }
            }
            Test::Known(event) => match (words.event(event), self.negated) {
                (Some(e), false) => e.known.clone(),
                (Some(e), true) => e.unknown.clone(),
                (None, false) => format!("{event} is known"),
                (None, true) => format!("{event} is not known"),
            },
        }
    }
}

impl Point {
    pub fn date(self) -> Date {
        match self {
            Point::Day(d) => d,
            Point::Moment(m) => m.date(),
        }
    }

    /// ISO 8601: `2026-11-25T14:00:00` or `2026-11-26`.
    pub fn iso(self) -> String {
        match self {
            Point::Day(d) => d.to_string(),
            Point::Moment(m) => m.to_string(),
        }
    }

    /// The moment this point starts: midnight for a day.
    pub fn start(self) -> DateTime {
        match self {
            Point::Day(d) => d.to_datetime(Time::midnight()),
            Point::Moment(m) => m,
        }
    }
}

impl When {
    /// Parse `2026-11-24T14:00` or `2026-11-24`.
    pub fn parse(text: &str) -> Option<When> {
        if text.contains('T') {
            text.parse::<DateTime>().ok().map(When::Moment)
        } else {
            text.parse::<Date>().ok().map(When::Day)
        }
    }
}

/// The moment an event happened: a day alone means [`vocabulary::ASSUMED_TIME`] that day.
pub fn moment(when: When) -> DateTime {
    match when {
        When::Moment(m) => m,
        When::Day(d) => d.to_datetime(vocabulary::ASSUMED),
    }
}

fn day(when: When) -> Date {
    match when {
        When::Moment(m) => m.date(),
        When::Day(d) => d,
    }
}

/// `date` moved by `n` business days (Monday to Friday, not `holidays`); a count of zero
/// that lands on a rest day moves to the next business day.
pub fn add_business_days(date: Date, n: i64, holidays: &std::collections::BTreeSet<Date>) -> Date {
    let step = if n < 0 { -1 } else { 1 };
    let rest = |d: Date| {
        matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) || holidays.contains(&d)
    };
    let mut day = date;
    let mut left = n.abs();
    if left == 0 {
        // Bounded: a year of rest days is no calendar anyone declares.
        for _ in 0..366 {
            if !rest(day) {
                break;
            }
            day = day.saturating_add(1.days());
        }
    }
    let mut guard = 0;
    while left > 0 && guard < 100_000 {
        day = day.saturating_add(step.days());
        guard += 1;
        if !rest(day) {
            left -= 1;
        }
    }
    day
}

/// A word of rule text and where it starts.
#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    text: &'a str,
    offset: usize,
}

struct Parser<'a> {
    source: &'a str,
    words: &'a Vocabulary,
    tokens: Vec<Token<'a>>,
    next: usize,
}

impl<'a> Parser<'a> {
    fn new(source: &'a str, words: &'a Vocabulary) -> Self {
        let mut tokens = Vec::new();
        let mut start = None;
        for (i, c) in source.char_indices().chain([(source.len(), ' ')]) {
            match (c.is_whitespace(), start) {
                (true, Some(s)) => {
                    tokens.push(Token {
                        text: &source[s..i],
                        offset: s,
                    });
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        Parser {
            source,
            words,
            tokens,
            next: 0,
        }
    }

    fn rule(mut self) -> Result<Rule, RuleError> {
        let first = self.peek().ok_or_else(|| {
            self.error_at(
                0,
                "empty rule: expected `immediately`, `within`, `on` or a number of hours or days",
            )
        })?;
        let rule = |event: String, unit, from, to, kind| Rule {
            event,
            unit,
            from,
            to,
            kind,
            conditions: Vec::new(),
            until: Vec::new(),
        };
        let mut rule = match first.text {
            "immediately" => {
                self.next += 1;
                let anchor = self.words.anchor().name.clone();
                rule(anchor, Unit::Hours, 0, 0, DueKind::On)
            }
            "within" => {
                self.next += 1;
                let (from, to, unit) = self.amount()?;
                if from != to {
                    return Err(self.error_at(
                        first.offset,
                        "a `within` rule takes one amount, not a range",
                    ));
                }
                if to == 0 {
                    return Err(self.error_at(
                        first.offset + 7,
                        "`within 0` leaves no time: write `immediately` or `on <event>`",
                    ));
                }
                self.keyword("of")?;
                let event = self.event()?;
                rule(event, unit, 0, to, DueKind::Deadline)
            }
            "on" => {
                self.next += 1;
                let event = self.event()?;
                rule(event, Unit::Days, 0, 0, DueKind::On)
            }
            _ => {
                let (from, to, unit) = self.amount()?;
                let direction = self.expect("`after` or `before`")?;
                if !matches!(direction.text, "after" | "before") {
                    return Err(self.error_at(
                        direction.offset,
                        format!("expected `after` or `before`, found `{}`", direction.text),
                    ));
                }
                let event = self.event()?;
                let (from, to) = if direction.text == "before" {
                    (-to, -from)
                } else {
                    (from, to)
                };
                let kind = match (from == to, from > 0) {
                    (false, _) => DueKind::Window,
                    (true, true) => DueKind::NotBefore,
                    (true, false) => DueKind::On,
                };
                rule(event, unit, from, to, kind)
            }
        };
        if self.peek().is_some_and(|t| t.text == "when") {
            self.next += 1;
            loop {
                rule.conditions.push(self.condition()?);
                match self.peek() {
                    Some(t) if t.text == "and" => self.next += 1,
                    _ => break,
                }
            }
        }
        if self.peek().is_some_and(|t| t.text == "until") {
            self.next += 1;
            loop {
                let at = self.peek().map_or(self.source.len(), |t| t.offset);
                let event = self.event()?;
                if event == rule.event {
                    return Err(self.error_at(
                        at,
                        format!("the rule counts from `{event}`, so it cannot also end with it"),
                    ));
                }
                rule.until.push(event);
                match self.peek() {
                    Some(t) if t.text == "or" => self.next += 1,
                    _ => break,
                }
            }
        }
        if let Some(token) = self.peek() {
            let expected = if rule.until.is_empty() && rule.conditions.is_empty() {
                "a condition starts with `when`, an end with `until`"
            } else if rule.until.is_empty() {
                "expected `and`, `until` or the end of the rule"
            } else {
                "expected `or` or the end of the rule"
            };
            return Err(self.error_at(
                token.offset,
                format!("unexpected `{}` ({expected})", token.text),
            ));
        }
        Ok(rule)
    }

    /// `24h`, `24 hours`, `2 business days`, `7-10 days`, `1 week`.
    fn amount(&mut self) -> Result<(i64, i64, Unit), RuleError> {
        let expected = "a number such as `24h`, `2 days` or `7-10 days`";
        let token = self.expect(expected)?;
        let digits_end = token
            .text
            .find(|c: char| !c.is_ascii_digit() && c != '-')
            .unwrap_or(token.text.len());
        let (number, suffix) = token.text.split_at(digits_end);
        let (from, to) = match number.split_once('-') {
            Some((a, b)) => (a, b),
            None => (number, number),
        };
        let parse = |s: &str| {
            (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<i64>().ok())
                .flatten()
                .filter(|n| *n <= 10_000)
        };
        let (Some(from), Some(to)) = (parse(from), parse(to)) else {
            return Err(self.error_at(
                token.offset,
                format!("expected {expected}, found `{}`", token.text),
            ));
        };
        if number.contains('-') && from >= to {
            let message = if from == to {
                format!("the range `{number}` is one number: write `{from}`")
            } else {
                format!("the range `{number}` goes backwards: write the smaller number first")
            };
            return Err(self.error_at(token.offset, message));
        }
        let unit_token = if suffix.is_empty() {
            self.expect("a unit: `h`, `hours`, `days`, `business days` or `weeks`")?
        } else {
            Token {
                text: suffix,
                offset: token.offset + digits_end,
            }
        };
        let (unit, scale) = match unit_token.text {
            "h" | "hour" | "hours" => (Unit::Hours, 1),
            "day" | "days" => (Unit::Days, 1),
            "week" | "weeks" => (Unit::Days, 7),
            "business" => {
                let days = self.expect("`days` after `business`")?;
                if !matches!(days.text, "day" | "days") {
                    return Err(self.error_at(
                        days.offset,
                        format!("expected `days` after `business`, found `{}`", days.text),
                    ));
                }
                (Unit::BusinessDays, 1)
            }
            other => {
                return Err(self.error_at(
                    unit_token.offset,
                    format!(
                        "expected a unit: `h`, `hours`, `days`, `business days` or `weeks`, found `{other}`"
                    ),
                ));
            }
        };
        Ok((from * scale, to * scale, unit))
    }

    fn event(&mut self) -> Result<String, RuleError> {
        let names: Vec<&str> = self.words.events.iter().map(|e| e.name.as_str()).collect();
        let list = names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let token = self.expect(&format!("an event: {list}"))?;
        if self.words.event(token.text).is_some() {
            return Ok(token.text.to_owned());
        }
        Err(self.error_at(token.offset, unknown("event", token.text, names)))
    }

    fn condition(&mut self) -> Result<Condition, RuleError> {
        let subject = self.expect("a condition such as `stage is later_round`")?;
        self.keyword("is")?;
        let mut negated = self.peek().is_some_and(|t| t.text == "not");
        if negated {
            self.next += 1;
        }
        let value = self.expect("a value after `is`")?;
        let bad_value = |expected: Vec<&str>| {
            let list: Vec<String> = expected.iter().map(|v| format!("`{v}`")).collect();
            let hint = match suggest(value.text, expected.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("expected {}", list.join(" or ")),
            };
            self.error_at(
                value.offset,
                format!(
                    "unknown value `{}` for `{}` ({hint})",
                    value.text, subject.text
                ),
            )
        };
        if let Some(fact) = self.words.fact(subject.text) {
            if fact.value(value.text).is_none() {
                return Err(bad_value(
                    fact.values.iter().map(|v| v.name.as_str()).collect(),
                ));
            }
            let test = Test::Is {
                fact: fact.name.clone(),
                value: value.text.to_owned(),
            };
            return Ok(Condition { test, negated });
        }
        if self.words.event(subject.text).is_some() {
            match value.text {
                "known" => {}
                "unknown" => negated = !negated,
                _ => return Err(bad_value(vec!["known", "unknown"])),
            }
            let test = Test::Known(subject.text.to_owned());
            return Ok(Condition { test, negated });
        }
        let names = self
            .words
            .facts
            .iter()
            .map(|f| f.name.as_str())
            .chain(self.words.events.iter().map(|e| e.name.as_str()));
        Err(self.error_at(subject.offset, unknown("condition", subject.text, names)))
    }

    fn keyword(&mut self, word: &str) -> Result<(), RuleError> {
        let token = self.expect(&format!("`{word}`"))?;
        if token.text == word {
            Ok(())
        } else {
            Err(self.error_at(
                token.offset,
                format!("expected `{word}`, found `{}`", token.text),
            ))
        }
    }

    fn peek(&self) -> Option<Token<'a>> {
        self.tokens.get(self.next).copied()
    }

    fn expect(&mut self, what: &str) -> Result<Token<'a>, RuleError> {
        let token = self.peek().ok_or_else(|| {
            self.error_at(
                self.source.trim_end().len(),
                format!("expected {what} at the end of the rule"),
            )
        })?;
        self.next += 1;
        Ok(token)
    }

    fn error_at(&self, offset: usize, message: impl Into<String>) -> RuleError {
        RuleError {
            offset,
            message: message.into(),
        }
    }
}

fn unknown<'a>(what: &str, name: &str, known: impl IntoIterator<Item = &'a str> + Clone) -> String {
    match suggest(name, known.clone()) {
        Some(s) => format!("unknown {what} `{name}` (did you mean `{s}`?)"),
        None => {
            let list: Vec<String> = known.into_iter().map(|k| format!("`{k}`")).collect();
            format!("unknown {what} `{name}` (expected {})", list.join(", "))
        }
    }
}

#[cfg(test)]
mod tests;
