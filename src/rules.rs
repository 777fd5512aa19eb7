//! Timing rules: the small language that says when a step is due (`within 24h of interview`,
//! `2 business days after decision_date when decision_date is known`), its parser with
//! positioned errors, and its evaluation to concrete dates.
//!
//! Everything here is pure: no files, no clock. Build validates rules, `plan` evaluates them,
//! and the theme's script evaluates the same rules, compiled to JSON by [`Rule`]'s
//! `Serialize`, so the two evaluators can be compared case by case in the tests.

use std::fmt;

use jiff::ToSpan;
use jiff::civil::{Date, DateTime, Weekday};
use serde::Serialize;

use crate::diagnostics::suggest;

/// A parsed rule: an offset from an event, and the conditions under which it applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub event: Event,
    pub unit: Unit,
    /// Start of the window in `unit`s after the event (negative: before it).
    pub from: i64,
    /// End of the window; equal to `from` for a single point in time.
    pub to: i64,
    pub conditions: Vec<Condition>,
}

/// What a rule counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    Interview,
    DecisionDate,
    FollowUp,
    Answer,
    /// The day the candidate accepted an offer from another employer.
    OfferAccepted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Hours,
    Days,
    BusinessDays,
}

/// `stage is later_round`, `decision_date is not known`, `recruiter is involved`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Condition {
    pub fact: Fact,
    pub negated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "fact", content = "value", rename_all = "snake_case")]
pub enum Fact {
    Stage(Stage),
    Known(Event),
    Recruiter,
}

/// How far the candidate is in the process, which changes how long to wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    PhoneScreen,
    LaterRound,
}

/// A rule that could not be parsed: where in the rule text, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// Byte offset into the rule text.
    pub offset: usize,
    pub message: String,
}

/// What the candidate has told the planner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// Local date and time of the interview (its end is what "immediately" means).
    pub interview: DateTime,
    pub decision_date: Option<Date>,
    pub follow_up: Option<Date>,
    pub answer: Option<Date>,
    pub offer_accepted: Option<Date>,
    pub stage: Stage,
    pub recruiter: bool,
}

/// When a step is due for one candidate: a window, or a single moment when both are equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Hour-based rules give times.
    Times(DateTime, DateTime),
    /// Day-based rules give whole days.
    Dates(Date, Date),
}

const EVENTS: [(&str, Event); 5] = [
    ("interview", Event::Interview),
    ("decision_date", Event::DecisionDate),
    ("follow_up", Event::FollowUp),
    ("answer", Event::Answer),
    ("offer_accepted", Event::OfferAccepted),
];

impl Rule {
    /// Parse rule text such as `7-10 days after interview when stage is later_round`.
    pub fn parse(text: &str) -> Result<Rule, RuleError> {
        Parser::new(text).rule()
    }

    /// The rule as the page script reads it: `event unit from to` and one word per
    /// condition, `[!]stage:later_round`, `[!]known:decision_date` or `[!]recruiter`.
    /// Compact, because it is repeated on every timed step and item of a page.
    pub fn compact(&self) -> String {
        let unit = match self.unit {
            Unit::Hours => "hours",
            Unit::Days => "days",
            Unit::BusinessDays => "business_days",
        };
        let mut out = format!("{} {unit} {} {}", self.event, self.from, self.to);
        for c in &self.conditions {
            out.push(' ');
            if c.negated {
                out.push('!');
            }
            match c.fact {
                Fact::Stage(Stage::PhoneScreen) => out.push_str("stage:phone_screen"),
                Fact::Stage(Stage::LaterRound) => out.push_str("stage:later_round"),
                Fact::Known(event) => out.push_str(&format!("known:{event}")),
                Fact::Recruiter => out.push_str("recruiter"),
            }
        }
        out
    }

    /// The dates this rule gives for `facts`, or `None` when a condition does not hold or
    /// the event it counts from has not happened.
    pub fn evaluate(&self, facts: &Facts) -> Option<Due> {
        if !self.conditions.iter().all(|c| c.holds(facts)) {
            return None;
        }
        let start = match self.event {
            Event::Interview => facts.interview,
            Event::DecisionDate => facts
                .decision_date?
                .to_datetime(jiff::civil::Time::midnight()),
            Event::FollowUp => facts.follow_up?.to_datetime(jiff::civil::Time::midnight()),
            Event::Answer => facts.answer?.to_datetime(jiff::civil::Time::midnight()),
            Event::OfferAccepted => facts
                .offer_accepted?
                .to_datetime(jiff::civil::Time::midnight()),
        };
        Some(match self.unit {
            Unit::Hours => Due::Times(
                start.saturating_add(self.from.hours()),
                start.saturating_add(self.to.hours()),
            ),
            Unit::Days => Due::Dates(
                start.date().saturating_add(self.from.days()),
                start.date().saturating_add(self.to.days()),
            ),
            Unit::BusinessDays => Due::Dates(
                add_business_days(start.date(), self.from),
                add_business_days(start.date(), self.to),
            ),
        })
    }
}

impl Condition {
    fn holds(&self, facts: &Facts) -> bool {
        let value = match self.fact {
            Fact::Stage(stage) => facts.stage == stage,
            Fact::Known(Event::Interview) => true,
            Fact::Known(Event::DecisionDate) => facts.decision_date.is_some(),
            Fact::Known(Event::FollowUp) => facts.follow_up.is_some(),
            Fact::Known(Event::Answer) => facts.answer.is_some(),
            Fact::Known(Event::OfferAccepted) => facts.offer_accepted.is_some(),
            Fact::Recruiter => facts.recruiter,
        };
        value != self.negated
    }
}

impl Due {
    /// ISO 8601 text of the start and end (`2026-11-25T14:00:00` or `2026-11-26`).
    pub fn iso(&self) -> (String, String) {
        match self {
            Due::Times(a, b) => (a.to_string(), b.to_string()),
            Due::Dates(a, b) => (a.to_string(), b.to_string()),
        }
    }
}

impl Rule {
    /// The rule in plain English for candidates: "within 24 hours of the interview",
    /// "7 to 10 days after the interview, if it was a later round". A condition that only
    /// repeats what the rule needs anyway (`2 business days after decision_date when
    /// decision_date is known`) is left out.
    pub fn describe(&self) -> String {
        let mut out = self.describe_time();
        let clauses: Vec<&str> = self
            .conditions
            .iter()
            .filter(|c| c.fact != Fact::Known(self.event) || c.negated)
            .map(Condition::describe)
            .collect();
        if !clauses.is_empty() {
            out.push_str(", if ");
            out.push_str(&clauses.join(" and "));
        }
        out
    }

    fn describe_time(&self) -> String {
        let event = match self.event {
            Event::Interview => "the interview",
            Event::DecisionDate => "the decision date",
            Event::FollowUp => "your follow-up",
            Event::Answer => "the answer",
            Event::OfferAccepted => "accepting another offer",
        };
        let on_the_day = match self.event {
            Event::Interview => "on the day of the interview",
            Event::DecisionDate => "on the decision date",
            Event::FollowUp => "on the day you follow up",
            Event::Answer => "on the day the answer comes",
            Event::OfferAccepted => "on the day you accept another offer",
        };
        let amount = |n: i64| {
            let unit = match self.unit {
                Unit::Hours => "hour",
                Unit::Days => "day",
                Unit::BusinessDays => "business day",
            };
            format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
        };
        match (self.from, self.to) {
            (0, 0) => match (self.event, self.unit) {
                (Event::Interview, Unit::Hours) => "right away, before you leave".into(),
                (_, Unit::BusinessDays) => format!("{on_the_day}, or the next business day"),
                _ => on_the_day.into(),
            },
            (0, to) if to > 0 => format!("within {} of {event}", amount(to)),
            (from, to) if from == to && to > 0 => format!("{} after {event}", amount(to)),
            (from, to) if from == to => format!("{} before {event}", amount(-from)),
            (from, to) if from > 0 => format!("{from} to {} after {event}", amount(to)),
            (from, to) if to <= 0 => format!("{} to {} before {event}", -to, amount(-from)),
            (from, to) => format!(
                "from {} before to {} after {event}",
                amount(-from),
                amount(to)
            ),
        }
    }
}

impl Condition {
    /// The condition as a clause after "if": "it was a later round".
    fn describe(&self) -> &'static str {
        match (self.fact, self.negated) {
            (Fact::Stage(Stage::LaterRound), false) => "it was a later round",
            (Fact::Stage(Stage::LaterRound), true) => "it was not a later round",
            (Fact::Stage(Stage::PhoneScreen), false) => "it was a phone screen",
            (Fact::Stage(Stage::PhoneScreen), true) => "it was not a phone screen",
            (Fact::Known(Event::Interview), false) => "the interview has happened",
            (Fact::Known(Event::Interview), true) => "the interview has not happened",
            (Fact::Known(Event::DecisionDate), false) => "you know the decision date",
            (Fact::Known(Event::DecisionDate), true) => "you don't know the decision date",
            (Fact::Known(Event::FollowUp), false) => "you have followed up",
            (Fact::Known(Event::FollowUp), true) => "you haven't followed up",
            (Fact::Known(Event::Answer), false) => "the answer has come",
            (Fact::Known(Event::Answer), true) => "the answer hasn't come",
            (Fact::Known(Event::OfferAccepted), false) => "you have accepted another offer",
            (Fact::Known(Event::OfferAccepted), true) => "you haven't accepted another offer",
            (Fact::Recruiter, false) => "a recruiter is involved",
            (Fact::Recruiter, true) => "no recruiter is involved",
        }
    }
}

/// `date` moved by `n` working days (Monday to Friday); a count of zero that lands on a
/// weekend moves to the next working day.
pub fn add_business_days(date: Date, n: i64) -> Date {
    let step = if n < 0 { -1 } else { 1 };
    let is_weekend = |d: Date| matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday);
    let mut day = date;
    let mut left = n.abs();
    if left == 0 {
        while is_weekend(day) {
            day = day.saturating_add(1.days());
        }
    }
    while left > 0 {
        day = day.saturating_add(step.days());
        if !is_weekend(day) {
            left -= 1;
        }
    }
    day
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = EVENTS
            .iter()
            .find(|(_, e)| e == self)
            .map_or("", |(n, _)| n);
        f.write_str(name)
    }
}

/// A word of rule text and where it starts.
#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    text: &'a str,
    offset: usize,
}

struct Parser<'a> {
    source: &'a str,
    tokens: Vec<Token<'a>>,
    next: usize,
}

impl<'a> Parser<'a> {
    fn new(source: &'a str) -> Self {
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
        let mut rule = match first.text {
            "immediately" => {
                self.next += 1;
                Rule {
                    event: Event::Interview,
                    unit: Unit::Hours,
                    from: 0,
                    to: 0,
                    conditions: Vec::new(),
                }
            }
            "within" => {
                self.next += 1;
                let at = self.peek().map_or(self.source.len(), |t| t.offset);
                let (_, to, unit) = self.amount(false)?;
                if to == 0 {
                    return Err(self.error_at(
                        at,
                        "`within` needs an amount above zero: for the end of the interview write `immediately`, for the day of an event `on` and the event",
                    ));
                }
                self.keyword("of")?;
                let event = self.event()?;
                Rule {
                    event,
                    unit,
                    from: 0,
                    to,
                    conditions: Vec::new(),
                }
            }
            "on" => {
                self.next += 1;
                let event = self.event()?;
                Rule {
                    event,
                    unit: Unit::Days,
                    from: 0,
                    to: 0,
                    conditions: Vec::new(),
                }
            }
            _ => {
                let (from, to, unit) = self.amount(true)?;
                let direction = self.expect("`after` or `before`")?;
                let event = match direction.text {
                    "after" => self.event()?,
                    "before" => self.event()?,
                    other => {
                        return Err(self.error_at(
                            direction.offset,
                            format!("expected `after` or `before`, found `{other}`"),
                        ));
                    }
                };
                let (from, to) = if direction.text == "before" {
                    (-to, -from)
                } else {
                    (from, to)
                };
                Rule {
                    event,
                    unit,
                    from,
                    to,
                    conditions: Vec::new(),
                }
            }
        };
        if let Some(token) = self.peek() {
            if token.text != "when" {
                return Err(self.error_at(
                    token.offset,
                    format!(
                        "unexpected `{}` after the rule (a condition starts with `when`)",
                        token.text
                    ),
                ));
            }
            self.next += 1;
            loop {
                rule.conditions.push(self.condition()?);
                match self.peek() {
                    None => break,
                    Some(t) if t.text == "and" => self.next += 1,
                    Some(t) => {
                        return Err(self.error_at(
                            t.offset,
                            format!("expected `and` or the end of the rule, found `{}`", t.text),
                        ));
                    }
                }
            }
        }
        Ok(rule)
    }

    /// `24h`, `24 hours`, `2 business days`, `7-10 days`, `1 week`: the start and end of
    /// the window, equal for one amount, and the unit. `range` says whether a range such
    /// as `7-10` may be written (not after `within`).
    ///
    /// A range must grow: `7-7` is one amount written twice and `10-7` runs backwards,
    /// and both are refused rather than read as something the author may not have meant.
    /// Each end is plain digits, so `0--0` (a negative zero) is not a range either.
    fn amount(&mut self, range: bool) -> Result<(i64, i64, Unit), RuleError> {
        let token = self.expect("a number such as `24h`, `2 days` or `7-10 days`")?;
        let digits_end = token
            .text
            .find(|c: char| !c.is_ascii_digit() && c != '-')
            .unwrap_or(token.text.len());
        let (number, suffix) = token.text.split_at(digits_end);
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if let Some((a, b)) = number.split_once('-') {
            // A leading `-` (`-3 days`) is a sign, not a range: the error below says so.
            if !(a.is_empty() || digits(a) && digits(b)) {
                return Err(self.error_at(
                    token.offset,
                    format!("expected a range of two numbers joined by one `-`, such as `7-10`, found `{number}`"),
                ));
            }
        }
        let parse = |s: &str| {
            Some(s)
                .filter(|s| digits(s))
                .and_then(|s| s.parse::<i64>().ok())
                .filter(|n| *n <= 10_000)
        };
        let (from, to) = match number.split_once('-') {
            Some((a, b)) => (parse(a).map(Some), parse(b)),
            None => (Some(None), parse(number)),
        };
        let (Some(from), Some(to)) = (from, to) else {
            return Err(self.error_at(
                token.offset,
                format!(
                    "expected a number such as `24h`, `2 days` or `7-10 days`, found `{}`",
                    token.text
                ),
            ));
        };
        match from {
            Some(_) if !range => {
                return Err(self.error_at(
                    token.offset,
                    "a `within` rule takes one amount, not a range",
                ));
            }
            Some(from) if from > to => {
                return Err(self.error_at(
                    token.offset,
                    format!("the range `{number}` goes backwards: write the smaller number first"),
                ));
            }
            Some(from) if from == to => {
                return Err(self.error_at(
                    token.offset,
                    format!("the range `{number}` starts and ends at {to}: write `{to}` alone, or a range whose end is larger"),
                ));
            }
            _ => {}
        }
        let from = from.unwrap_or(to);
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
                return Err(self.error_at(unit_token.offset, format!("expected a unit: `h`, `hours`, `days`, `business days` or `weeks`, found `{other}`")));
            }
        };
        Ok((from * scale, to * scale, unit))
    }

    fn event(&mut self) -> Result<Event, RuleError> {
        let token = self.expect(
            "an event: `interview`, `decision_date`, `follow_up`, `answer` or `offer_accepted`",
        )?;
        lookup_event(token.text).ok_or_else(|| {
            self.error_at(
                token.offset,
                unknown("event", token.text, EVENTS.iter().map(|(n, _)| *n)),
            )
        })
    }

    fn condition(&mut self) -> Result<Condition, RuleError> {
        let fact = self.expect("a condition such as `stage is later_round`")?;
        self.keyword("is")?;
        let negated = self.peek().is_some_and(|t| t.text == "not");
        if negated {
            self.next += 1;
        }
        let value = self.expect("a value after `is`")?;
        let bad_value = |expected: &[&str]| {
            let list: Vec<String> = expected.iter().map(|v| format!("`{v}`")).collect();
            let hint = match suggest(value.text, expected.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("expected {}", list.join(" or ")),
            };
            self.error_at(
                value.offset,
                format!(
                    "unknown value `{}` for `{}` ({hint})",
                    value.text, fact.text
                ),
            )
        };
        let fact = match fact.text {
            "stage" => match value.text {
                "phone_screen" => Fact::Stage(Stage::PhoneScreen),
                "later_round" => Fact::Stage(Stage::LaterRound),
                _ => return Err(bad_value(&["phone_screen", "later_round"])),
            },
            "recruiter" => match value.text {
                "involved" => Fact::Recruiter,
                _ => return Err(bad_value(&["involved"])),
            },
            name => {
                let Some(event) = lookup_event(name) else {
                    let facts = [
                        "stage",
                        "recruiter",
                        "decision_date",
                        "follow_up",
                        "answer",
                        "offer_accepted",
                    ];
                    return Err(self.error_at(fact.offset, unknown("condition", name, facts)));
                };
                match value.text {
                    "known" => Fact::Known(event),
                    "unknown" => {
                        return Ok(Condition {
                            fact: Fact::Known(event),
                            negated: !negated,
                        });
                    }
                    _ => return Err(bad_value(&["known", "unknown"])),
                }
            }
        };
        Ok(Condition { fact, negated })
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

fn lookup_event(name: &str) -> Option<Event> {
    EVENTS.iter().find(|(n, _)| *n == name).map(|(_, e)| *e)
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
mod tests {
    use super::*;
    use jiff::civil::date;

    fn err(text: &str) -> String {
        let e = Rule::parse(text).unwrap_err();
        format!("{}: {}", e.offset, e.message)
    }

    fn window(text: &str, facts: &Facts) -> String {
        match Rule::parse(text).unwrap().evaluate(facts) {
            None => "none".into(),
            Some(due) => {
                let (a, b) = due.iso();
                if a == b { a } else { format!("{a}..{b}") }
            }
        }
    }

    fn facts() -> Facts {
        Facts {
            // A Thursday afternoon.
            interview: date(2026, 11, 26).at(14, 0, 0, 0),
            decision_date: Some(date(2026, 12, 4)),
            follow_up: None,
            answer: None,
            offer_accepted: None,
            stage: Stage::LaterRound,
            recruiter: true,
        }
    }

    #[test]
    fn parses_every_form() {
        let r = Rule::parse("7-10 days after interview when stage is later_round").unwrap();
        assert_eq!(
            (r.event, r.unit, r.from, r.to),
            (Event::Interview, Unit::Days, 7, 10)
        );
        assert_eq!(
            r.conditions,
            vec![Condition {
                fact: Fact::Stage(Stage::LaterRound),
                negated: false
            }]
        );
        let r = Rule::parse("within 24h of interview").unwrap();
        assert_eq!((r.unit, r.from, r.to), (Unit::Hours, 0, 24));
        let r =
            Rule::parse("2 business days after decision_date when decision_date is known").unwrap();
        assert_eq!(
            (r.event, r.unit, r.to),
            (Event::DecisionDate, Unit::BusinessDays, 2)
        );
        let r = Rule::parse("1 week before decision_date").unwrap();
        assert_eq!((r.from, r.to), (-7, -7));
        let r =
            Rule::parse("on answer when decision_date is unknown and recruiter is not involved")
                .unwrap();
        assert_eq!(r.conditions.len(), 2);
        assert!(r.conditions[0].negated && r.conditions[1].negated);
        assert_eq!(Rule::parse("immediately").unwrap().to, 0);
    }

    #[test]
    fn compact_form_keeps_every_part() {
        let r = Rule::parse("2-3 business days after decision_date when decision_date is known and stage is not phone_screen and recruiter is involved").unwrap();
        assert_eq!(
            r.compact(),
            "decision_date business_days 2 3 known:decision_date !stage:phone_screen recruiter"
        );
        assert_eq!(
            Rule::parse("1 week before answer").unwrap().compact(),
            "answer days -7 -7"
        );
    }

    #[test]
    fn bad_rules_say_where_and_what_was_expected() {
        assert_eq!(
            err(""),
            "0: empty rule: expected `immediately`, `within`, `on` or a number of hours or days"
        );
        assert_eq!(
            err("tomorrow"),
            "0: expected a number such as `24h`, `2 days` or `7-10 days`, found `tomorrow`"
        );
        assert_eq!(
            err("within 24h of interviw"),
            "14: unknown event `interviw` (did you mean `interview`?)"
        );
        assert_eq!(
            err("within 24h for interview"),
            "11: expected `of`, found `for`"
        );
        assert_eq!(
            err("2 fortnights after interview"),
            "2: expected a unit: `h`, `hours`, `days`, `business days` or `weeks`, found `fortnights`"
        );
        assert_eq!(
            err("10-7 days after interview"),
            "0: the range `10-7` goes backwards: write the smaller number first"
        );
        assert_eq!(
            err("2 days after"),
            "12: expected an event: `interview`, `decision_date`, `follow_up`, `answer` or `offer_accepted` at the end of the rule"
        );
        assert_eq!(
            err("2 days since interview"),
            "7: expected `after` or `before`, found `since`"
        );
        assert_eq!(
            err("2 days after interview if stage is x"),
            "23: unexpected `if` after the rule (a condition starts with `when`)"
        );
        assert_eq!(
            err("immediately when stage is final"),
            "26: unknown value `final` for `stage` (expected `phone_screen` or `later_round`)"
        );
        assert_eq!(
            err("immediately when stag is later_round"),
            "17: unknown condition `stag` (did you mean `stage`?)"
        );
        assert_eq!(
            err("within 2-3 days of interview"),
            "7: a `within` rule takes one amount, not a range"
        );
        assert_eq!(
            err("2 business hours after interview"),
            "11: expected `days` after `business`, found `hours`"
        );
    }

    #[test]
    fn ranges_grow_and_windows_are_not_empty() {
        let range = "expected a range of two numbers joined by one `-`, such as `7-10`";
        let within_zero = "`within` needs an amount above zero: for the end of the interview write `immediately`, for the day of an event `on` and the event";
        let cases = [
            ("0--0 days after interview", format!("0: {range}, found `0--0`")),
            ("5--3 days after interview", format!("0: {range}, found `5--3`")),
            ("1-2-3 days after interview", format!("0: {range}, found `1-2-3`")),
            ("3- days after interview", format!("0: {range}, found `3-`")),
            (
                "-3 days after interview",
                "0: expected a number such as `24h`, `2 days` or `7-10 days`, found `-3`".into(),
            ),
            (
                "7-20000 days after interview",
                "0: expected a number such as `24h`, `2 days` or `7-10 days`, found `7-20000`"
                    .into(),
            ),
            (
                "7-7 days after interview",
                "0: the range `7-7` starts and ends at 7: write `7` alone, or a range whose end is larger".into(),
            ),
            (
                "0-0h before decision_date",
                "0: the range `0-0` starts and ends at 0: write `0` alone, or a range whose end is larger".into(),
            ),
            (
                "within 7-7 days of interview",
                "7: a `within` rule takes one amount, not a range".into(),
            ),
            ("within 0h of interview", format!("7: {within_zero}")),
            ("within 0 weeks of answer", format!("7: {within_zero}")),
        ];
        for (rule, expected) in cases {
            assert_eq!(err(rule), expected, "{rule}");
        }
        // Zero after an event is the day (or moment) of the event, and a range may start at it.
        for rule in [
            "0 days after interview",
            "0h after interview",
            "0 business days after decision_date",
            "0-3 days after answer",
            "within 1h of interview",
        ] {
            assert!(Rule::parse(rule).is_ok(), "{rule}");
        }
    }

    #[test]
    fn evaluates_windows_business_days_and_month_ends() {
        let f = facts();
        assert_eq!(window("immediately", &f), "2026-11-26T14:00:00");
        assert_eq!(
            window("within 24h of interview", &f),
            "2026-11-26T14:00:00..2026-11-27T14:00:00"
        );
        // Friday 4 December plus two working days skips the weekend.
        assert_eq!(
            window("2 business days after decision_date", &f),
            "2026-12-08"
        );
        // Thursday 26 November: crosses the month end.
        assert_eq!(
            window("7-10 days after interview", &f),
            "2026-12-03..2026-12-06"
        );
        assert_eq!(window("1 week before decision_date", &f), "2026-11-27");
        assert_eq!(window("14 days after follow_up", &f), "none");
        assert_eq!(
            window("on decision_date when decision_date is unknown", &f),
            "none"
        );
        assert_eq!(
            window("within 24h of interview when recruiter is involved", &f),
            "2026-11-26T14:00:00..2026-11-27T14:00:00"
        );
        assert_eq!(
            window("immediately when recruiter is not involved", &f),
            "none"
        );
        // A late-evening interview: 24 hours later is the next evening, across midnight.
        let late = Facts {
            interview: date(2026, 12, 31).at(23, 30, 0, 0),
            ..facts()
        };
        assert_eq!(
            window("within 24h of interview", &late),
            "2026-12-31T23:30:00..2027-01-01T23:30:00"
        );
    }

    #[test]
    fn business_days_skip_weekends_both_ways() {
        let saturday = date(2026, 11, 28);
        assert_eq!(add_business_days(saturday, 0), date(2026, 11, 30));
        assert_eq!(add_business_days(saturday, 1), date(2026, 11, 30));
        assert_eq!(
            add_business_days(date(2026, 11, 30), -1),
            date(2026, 11, 27)
        );
        assert_eq!(add_business_days(date(2026, 12, 31), 2), date(2027, 1, 4));
    }

    fn described(text: &str) -> String {
        Rule::parse(text).unwrap().describe()
    }

    #[test]
    fn describes_rules_in_plain_english() {
        let cases = [
            ("immediately", "right away, before you leave"),
            (
                "within 24h of interview",
                "within 24 hours of the interview",
            ),
            (
                "within 1 hour of interview",
                "within 1 hour of the interview",
            ),
            ("within 2 days of answer", "within 2 days of the answer"),
            (
                "within 1 week of interview",
                "within 7 days of the interview",
            ),
            (
                "2 business days after decision_date when decision_date is known",
                "2 business days after the decision date",
            ),
            (
                "1 business day after decision_date",
                "1 business day after the decision date",
            ),
            (
                "7-10 days after interview when stage is later_round",
                "7 to 10 days after the interview, if it was a later round",
            ),
            (
                "5-7 days after interview when decision_date is unknown and stage is phone_screen",
                "5 to 7 days after the interview, if you don't know the decision date and it was a phone screen",
            ),
            (
                "14 days after follow_up when answer is unknown",
                "14 days after your follow-up, if the answer hasn't come",
            ),
            ("on answer", "on the day the answer comes"),
            ("on decision_date", "on the decision date"),
            ("on follow_up", "on the day you follow up"),
            ("on interview", "on the day of the interview"),
            (
                "0 business days after decision_date",
                "on the decision date, or the next business day",
            ),
            ("1 day after interview", "1 day after the interview"),
            (
                "3 days before decision_date",
                "3 days before the decision date",
            ),
            (
                "1-2 weeks before decision_date",
                "7 to 14 days before the decision date",
            ),
            (
                "within 24h of interview when recruiter is involved",
                "within 24 hours of the interview, if a recruiter is involved",
            ),
            (
                "immediately when recruiter is not involved and stage is not later_round",
                "right away, before you leave, if no recruiter is involved and it was not a later round",
            ),
            (
                "on decision_date when follow_up is known",
                "on the decision date, if you have followed up",
            ),
        ];
        for (rule, expected) in cases {
            assert_eq!(described(rule), expected, "{rule}");
        }
        let straddling = Rule {
            from: -2,
            to: 3,
            ..Rule::parse("2 days after interview").unwrap()
        };
        assert_eq!(
            straddling.describe(),
            "from 2 days before to 3 days after the interview"
        );
    }
}
