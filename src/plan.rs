//! `afterword plan`: one application's schedule, computed from the site's actions and
//! their timing rules, and its three renderings: a list for the terminal, JSON, and an
//! iCalendar file.
//!
//! Pure: it takes the checked [`Site`] and the candidate's [`Facts`] and returns values and
//! text. Reading the facts from the command line is `cli.rs`, reading the site is
//! [`crate::load`], printing is `main.rs`. The rules themselves are evaluated by
//! [`Rule::evaluate`]; this module only collects, orders and words the results. Each action
//! appears once, however many pages show it; the page's calendar export (`planner.js`) makes
//! the same events with the same UIDs, which the browser tests check by parsing both.
//!
//! The iCalendar file is written here rather than with the `icalendar` crate, whose line
//! folding (0.17.17) emits a 76-octet line whenever exactly 75 octets are left after a
//! fold, and which would add `chrono` beside `jiff`. RFC 5545 needs little from a writer:
//! CRLF line ends, four text escapes and folding at 75 octets on character boundaries,
//! all below and all tested. No value from the site is written unescaped: text is escaped
//! and loses control characters, and a URI is percent-encoded, so that no title or URL can
//! end a line and start a property of its own. The integration tests read the output back
//! with that crate's
//! parser, so the writer is checked by an implementation that is not its own.

use jiff::ToSpan;
use jiff::civil::{Date, DateTime, Time};
use serde::Serialize;

use crate::rules::{Due, DueKind, Facts, Outcome, Point, Reason, RestDay, Rule, Vocabulary, When};
use crate::site::Site;

/// One action and what it means for this application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The action's id, unique in the site.
    pub id: String,
    /// Plain text.
    pub title: String,
    pub rule: Rule,
    /// The rule in plain English.
    pub label: String,
    pub outcome: Outcome,
    /// The absolute permalink of the action where it is defined.
    pub url: String,
    /// Every page and element that shows it, as absolute permalinks, the definition first.
    pub appears: Vec<String>,
}

/// Why the facts cannot make a plan: a name the site does not know, or the anchor event
/// missing.
pub fn check(facts: &Facts, words: &Vocabulary) -> Result<(), String> {
    let events: Vec<&str> = words.events.iter().map(|e| e.name.as_str()).collect();
    for name in facts.events.keys() {
        if words.event(name).is_none() {
            return Err(unknown("event", name, &events));
        }
    }
    for (name, value) in &facts.values {
        let Some(fact) = words.fact(name) else {
            let names: Vec<&str> = words.facts.iter().map(|f| f.name.as_str()).collect();
            return Err(unknown("fact", name, &names));
        };
        if fact.value(value).is_none() {
            let values: Vec<&str> = fact.values.iter().map(|v| v.name.as_str()).collect();
            return Err(unknown(&format!("value of `{name}`"), value, &values));
        }
    }
    let anchor = words.anchor();
    let Some(start) = facts.events.get(&anchor.name) else {
        return Err(format!(
            "a plan counts from `{}`: give it with `--event {}=2026-11-24T14:00`{}",
            anchor.name,
            anchor.name,
            if anchor.name == "interview" {
                " or `--interview 2026-11-24T14:00`"
            } else {
                ""
            }
        ));
    };
    for (name, when) in &facts.events {
        let def = words.event(name).expect("checked above");
        if let (When::Moment(_), false) = (when, def.time) {
            return Err(format!(
                "`{name}` is a day: give a date such as `2026-12-04`, without a time"
            ));
        }
        if day_of(*when) < day_of(*start) {
            return Err(format!(
                "`{name}` on {} is before `{}` on {}",
                day_of(*when),
                anchor.name,
                day_of(*start)
            ));
        }
    }
    Ok(())
}

/// Every action of `site` with its outcome for `facts`: what is due first, sorted by the
/// day its time opens, then by when it closes, then in reading order; then what waits for
/// an event; then what no longer applies. Comparing days first keeps a week-long window
/// that opens on the interview day from coming before what is due the moment it ends.
pub fn schedule(site: &Site, facts: &Facts) -> Vec<Entry> {
    let words = &site.vocabulary;
    let permalink =
        |page: usize, id: &str| format!("{}{}#{id}", site.settings.base_url, site.pages[page].path);
    let mut entries: Vec<Entry> = site
        .actions
        .iter()
        .map(|a| Entry {
            id: a.id.clone(),
            title: a.title.clone(),
            label: a.due.label.clone(),
            outcome: a.due.rule.evaluate(facts, words),
            rule: a.due.rule.clone(),
            url: permalink(a.page, &a.id),
            appears: a.appears.iter().map(|(p, id)| permalink(*p, id)).collect(),
        })
        .collect();
    // A stable sort: entries that compare equal keep their reading order.
    entries.sort_by_key(|e| match &e.outcome {
        Outcome::Due(due) => {
            let (opens, closes) = bounds(due);
            (0, Some((opens.date(), closes, opens)))
        }
        Outcome::Waiting(_) => (1, None),
        Outcome::NotApplicable(_) => (2, None),
    });
    entries
}

/// The schedule for a terminal: what was assumed, then what is due grouped under the day
/// its time opens, each with a natural "when", its title and its link; then what waits for
/// an event, and what is no longer needed and why.
pub fn text(entries: &[Entry], facts: &Facts, words: &Vocabulary) -> String {
    let anchor = words.anchor();
    let start = facts.events.get(&anchor.name).copied();
    let mut out = match start {
        Some(When::Moment(m)) => format!(
            "Your plan after {} on {} at {}\n",
            anchor.noun,
            long_date(m.date()),
            clock(m)
        ),
        Some(When::Day(d)) => format!(
            "Your plan after {} on {} (no time given: {} assumed)\n",
            anchor.noun,
            long_date(d),
            crate::rules::vocabulary::ASSUMED_TIME
        ),
        None => "Your plan\n".to_owned(),
    };
    out.push_str(&assumptions(facts, words));
    out.push('\n');
    let due: Vec<(&Entry, &Due)> = entries
        .iter()
        .filter_map(|e| match &e.outcome {
            Outcome::Due(d) => Some((e, d)),
            _ => None,
        })
        .collect();
    if due.is_empty() {
        out.push_str("\nNothing is due for these facts.\n");
    }
    let whens: Vec<String> = due.iter().map(|(_, d)| when(d)).collect();
    let width = whens.iter().map(|w| w.chars().count()).max().unwrap_or(0);
    let mut heading = None;
    for ((entry, d), when) in due.iter().zip(&whens) {
        let opens = d.earliest.date();
        if heading != Some(opens) {
            out.push_str(&format!("\n{}\n", long_date(opens)));
            heading = Some(opens);
        }
        out.push_str(&format!("  {when:width$}  {}\n", printable(&entry.title)));
        if let Some(note) = rest_day_note(d) {
            out.push_str(&format!("  {:width$}  {note}\n", ""));
        }
        out.push_str(&format!("  {:width$}  {}\n", "", printable(&entry.url)));
    }
    let waiting: Vec<String> = entries
        .iter()
        .filter_map(|e| match &e.outcome {
            Outcome::Waiting(event) => {
                let once = words
                    .event(event)
                    .map_or(event.as_str(), |d| d.known.as_str());
                Some(format!("  {} (once {once})\n", e.title))
            }
            _ => None,
        })
        .collect();
    if !waiting.is_empty() {
        out.push_str("\nLater, once you know more\n");
        out.push_str(&waiting.concat());
    }
    let stopped: Vec<String> = entries
        .iter()
        .filter_map(|e| match &e.outcome {
            Outcome::NotApplicable(Reason::Stopped { event, on }) => {
                let noun = words
                    .event(event)
                    .map_or(event.as_str(), |d| d.noun.as_str());
                Some(format!("  {} ({noun}: {})\n", e.title, long_date(*on)))
            }
            _ => None,
        })
        .collect();
    if !stopped.is_empty() {
        out.push_str("\nNo longer needed\n");
        out.push_str(&stopped.concat());
    }
    out
}

/// The schedule as a JSON array: every action with its `status` (`due`, `waiting` or
/// `not_applicable`), and for a due one its `kind` and its `earliest` and `latest` (ISO
/// 8601: `2026-11-25T14:00:00` for hour rules, `2026-11-26` for day rules; `latest` is null
/// for a `not_before` rule).
pub fn json(entries: &[Entry], words: &Vocabulary) -> String {
    #[derive(Serialize)]
    struct Json<'a> {
        id: &'a str,
        title: &'a str,
        status: &'static str,
        kind: &'static str,
        earliest: Option<String>,
        latest: Option<String>,
        /// `saturday`, `sunday` or `holiday` when the day to act on is one.
        rest_day: Option<String>,
        waiting_for: Option<&'a str>,
        /// Why it does not apply, in words.
        reason: Option<String>,
        rule: &'a str,
        url: &'a str,
        appears: &'a [String],
    }
    let rows: Vec<Json<'_>> = entries
        .iter()
        .map(|e| {
            let mut row = Json {
                id: &e.id,
                title: &e.title,
                status: "due",
                kind: e.rule.kind.name(),
                earliest: None,
                latest: None,
                rest_day: None,
                waiting_for: None,
                reason: None,
                rule: &e.label,
                url: &e.url,
                appears: &e.appears,
            };
            match &e.outcome {
                Outcome::Due(d) => {
                    row.earliest = Some(d.earliest.iso());
                    row.latest = d.latest.map(Point::iso);
                    row.rest_day = d.rest_day.map(|r| match r {
                        RestDay::Weekend(day) => format!("{day:?}").to_lowercase(),
                        RestDay::Holiday => "holiday".into(),
                    });
                }
                Outcome::Waiting(event) => {
                    row.status = "waiting";
                    row.waiting_for = Some(event);
                }
                Outcome::NotApplicable(reason) => {
                    row.status = "not_applicable";
                    row.reason = Some(match reason {
                        Reason::Condition(c) => format!("only if {}", c.describe(words)),
                        Reason::Stopped { event, on } => format!("{event} on {on}"),
                    });
                }
            }
            row
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&rows).expect("plain structs serialise");
    out.push('\n');
    out
}

/// The schedule as an iCalendar file (RFC 5545): one event per action that is due.
///
/// Times are floating (the candidate's local time, as they gave it); day rules are all-day
/// events whose `DTEND` is the day after the last one, as the RFC has it; a `not_before` day
/// is a one-day event; a single moment lasts 30 minutes so that calendars show it. Events
/// are transparent: they are reminders, not meetings, and must not make the candidate look
/// busy. Reminders come at a sensible hour and never before the anchor event has ended:
/// what is due the moment it ends (`immediately`) gets none, since it is done before
/// leaving.
///
/// The output is the same on every run. `DTSTAMP` is the anchor's time, written as UTC
/// because the RFC requires UTC there and the candidate's zone is not known. `UID` is the
/// action's id and the anchor's time: the same application re-imported updates its events
/// in place, and plans for two interviews never overwrite each other.
pub fn ics(entries: &[Entry], facts: &Facts, words: &Vocabulary) -> String {
    let anchor = facts
        .events
        .get(&words.anchor().name)
        .map_or(DateTime::default(), |w| crate::rules::moment(*w));
    let stamp = anchor.strftime("%Y%m%dT%H%M").to_string();
    let mut out = Ics::default();
    out.line("BEGIN", "VCALENDAR");
    out.line("VERSION", "2.0");
    out.line("PRODID", "-//Afterword//afterword plan//EN");
    out.line("CALSCALE", "GREGORIAN");
    out.line("METHOD", "PUBLISH");
    for entry in entries {
        let Outcome::Due(due) = &entry.outcome else {
            continue;
        };
        out.line("BEGIN", "VEVENT");
        out.text("UID", &format!("{}/{stamp}@afterword", entry.id));
        out.line("DTSTAMP", &format!("{stamp}00Z"));
        let (start, end) = event_span(due);
        match (start, end) {
            (Point::Day(first), Point::Day(after)) => {
                out.line("DTSTART;VALUE=DATE", &ics_date(first));
                out.line("DTEND;VALUE=DATE", &ics_date(after));
            }
            _ => {
                out.line("DTSTART", &ics_datetime(start.start()));
                out.line("DTEND", &ics_datetime(end.start()));
            }
        }
        out.text("SUMMARY", &entry.title);
        let mut description = format!("{}.", sentence(&entry.label));
        if let Some(note) = rest_day_note(due) {
            description.push_str(&format!(" {note}"));
        }
        let url = uri(&entry.url);
        description.push_str(&format!("\n{url}"));
        out.text("DESCRIPTION", &description);
        out.line("URL", &url);
        out.line("TRANSP", "TRANSPARENT");
        if let Some(minutes) = reminder(due, anchor) {
            out.line("BEGIN", "VALARM");
            out.line("ACTION", "DISPLAY");
            out.text("DESCRIPTION", &entry.title);
            out.line("TRIGGER", &format!("PT{minutes}M"));
            out.line("END", "VALARM");
        }
        out.line("END", "VEVENT");
    }
    out.line("END", "VCALENDAR");
    out.0
}

/// The calendar event of a due action: its start, and its end (exclusive: the day after
/// for day rules, 30 minutes later for a moment).
fn event_span(due: &Due) -> (Point, Point) {
    let last = due.latest.unwrap_or(due.earliest);
    match (due.earliest, last) {
        (Point::Day(first), Point::Day(last)) => {
            (Point::Day(first), Point::Day(last.saturating_add(1.day())))
        }
        (start, end) if start == end => (
            start,
            Point::Moment(start.start().saturating_add(30.minutes())),
        ),
        (start, end) => (start, end),
    }
}

/// Minutes from the event's start to its reminder, or `None` when it needs none. The
/// reminder comes at 09:00 on the event's first day, or for a timed deadline four hours
/// before it closes; never before an hour after the anchor, never before 08:00 or after
/// 20:00 if that can be helped.
pub fn reminder(due: &Due, anchor: DateTime) -> Option<i64> {
    let (start, _) = event_span(due);
    let start = start.start();
    if due.kind == DueKind::On && matches!(due.earliest, Point::Moment(m) if m <= anchor) {
        return None;
    }
    let wanted = match (due.earliest, due.latest) {
        (Point::Moment(_), Some(Point::Moment(latest))) if due.kind != DueKind::On => {
            latest.saturating_sub(4.hours())
        }
        (Point::Moment(m), _) => m,
        (Point::Day(d), _) => d.to_datetime(Time::constant(9, 0, 0, 0)),
    };
    let mut at = wanted.max(anchor.saturating_add(1.hour()));
    let hour = at.hour();
    if hour < 8 {
        at = at.date().to_datetime(Time::constant(8, 0, 0, 0));
    } else if hour >= 20 {
        at = at
            .date()
            .saturating_add(1.day())
            .to_datetime(Time::constant(9, 0, 0, 0));
    }
    Some((start.duration_until(at).as_secs() / 60).max(0))
}

/// A day window as two moments, for sorting: a day runs from its midnight to the next;
/// a `not_before` day closes with that day.
fn bounds(due: &Due) -> (DateTime, DateTime) {
    let (start, end) = event_span(due);
    let end = match (due.earliest, due.latest) {
        (Point::Moment(m), None) => m,
        (Point::Moment(_), Some(Point::Moment(l))) if l == due.earliest.start() => l,
        _ => end.start(),
    };
    (start.start(), end)
}

/// When to do it, said as a person would under the heading of the day it opens: "at 14:00",
/// "by 15:00", "by Wed 25 Nov, 14:00", "on Tue 8 Dec", "from Tue 8 Dec", "between 3 Dec and
/// 6 Dec".
fn when(due: &Due) -> String {
    let heading = due.earliest.date();
    match (due.kind, due.earliest, due.latest) {
        (DueKind::NotBefore, Point::Day(d), _) => format!("from {}", day_of_week(d, heading)),
        (DueKind::NotBefore, Point::Moment(m), _) => format!("from {}", clock(m)),
        (_, Point::Moment(a), Some(Point::Moment(b))) if a == b => format!("at {}", clock(a)),
        (_, Point::Moment(a), Some(Point::Moment(b))) => {
            let end = if b.date() == a.date() {
                clock(b)
            } else {
                format!("{}, {}", day_of_week(b.date(), heading), clock(b))
            };
            if due.kind == DueKind::Deadline {
                format!("by {end}")
            } else {
                format!("between {} and {end}", clock(a))
            }
        }
        (_, Point::Day(a), Some(Point::Day(b))) if a == b => {
            format!("on {}", day_of_week(a, heading))
        }
        (DueKind::Deadline, _, Some(b)) => format!("by {}", day_of_week(b.date(), heading)),
        (_, a, Some(b)) => format!(
            "between {} and {}",
            day(a.date(), heading),
            day(b.date(), heading)
        ),
        (_, a, None) => format!("on {}", day_of_week(a.date(), heading)),
    }
}

/// "Sat 28 Nov is a Saturday: ..." when the day to act on is a rest day.
fn rest_day_note(due: &Due) -> Option<String> {
    let what = match due.rest_day? {
        RestDay::Weekend(day) => format!("a {day:?}"),
        RestDay::Holiday => "a holiday".into(),
    };
    Some(match due.kind {
        DueKind::Deadline | DueKind::Window => format!(
            "The last day is {what}: act on the working day before, or write now and schedule it to arrive the next working morning."
        ),
        _ => format!(
            "That day is {what}: if you write then, expect replies on the next working day."
        ),
    })
}

/// What the plan assumed, so a default is never a surprise: "stage: A later round...".
fn assumptions(facts: &Facts, words: &Vocabulary) -> String {
    let mut parts: Vec<String> = words
        .facts
        .iter()
        .map(|f| {
            let value = facts
                .values
                .get(&f.name)
                .and_then(|v| f.value(v))
                .unwrap_or(f.default_value());
            let assumed = if facts.values.contains_key(&f.name) {
                ""
            } else {
                " (assumed)"
            };
            format!("{}{assumed}", value.clause)
        })
        .collect();
    for event in words.events.iter().skip(1) {
        if let Some(when) = facts.events.get(&event.name) {
            parts.push(format!("{}: {}", event.noun, long_date(day_of(*when))));
        }
    }
    sentence(&parts.join("; "))
}

fn day_of(when: When) -> Date {
    match when {
        When::Day(d) => d,
        When::Moment(m) => m.date(),
    }
}

fn unknown(what: &str, name: &str, known: &[&str]) -> String {
    let list: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
    match crate::diagnostics::suggest(name, known.iter().copied()) {
        Some(s) => format!("unknown {what} `{name}` (did you mean `{s}`?)"),
        None => format!(
            "unknown {what} `{name}` (this site knows {})",
            list.join(", ")
        ),
    }
}

/// `Tue 24 Nov 2026`.
fn long_date(date: Date) -> String {
    date.strftime("%a %-d %b %Y").to_string()
}

/// `Wed 25 Nov`, with the year when it differs from `heading`'s.
fn day_of_week(date: Date, heading: Date) -> String {
    format!("{} {}", date.strftime("%a"), day(date, heading))
}

/// `3 Dec`, with the year when it differs from `heading`'s.
fn day(date: Date, heading: Date) -> String {
    if date.year() == heading.year() {
        date.strftime("%-d %b").to_string()
    } else {
        date.strftime("%-d %b %Y").to_string()
    }
}

/// `14:00`.
fn clock(time: DateTime) -> String {
    time.strftime("%H:%M").to_string()
}

/// A description as a sentence: capitalised (it starts in ASCII).
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Text for a terminal: a control character from the site (an escape sequence, a line
/// break in a title) is shown as `�` instead of acting on the terminal or the layout.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

/// A URL as an iCalendar URI value: every byte that a URI cannot hold as it is (controls,
/// space, `"<>\^`{|}` and everything beyond ASCII) percent-encoded (RFC 3986). A URI
/// value has no escapes of its own, so this is what keeps a line break in a URL from
/// ending the line.
fn uri(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for byte in url.bytes() {
        if byte <= b' ' || byte >= 0x7f || b"\"<>\\^`{|}".contains(&byte) {
            out.push_str(&format!("%{byte:02X}"));
        } else {
            out.push(char::from(byte));
        }
    }
    out
}

/// `20261126`.
fn ics_date(date: Date) -> String {
    date.strftime("%Y%m%d").to_string()
}

/// `20261124T140000`, a floating local time.
fn ics_datetime(time: DateTime) -> String {
    time.strftime("%Y%m%dT%H%M%S").to_string()
}

/// iCalendar content lines, each ended with CRLF and folded at 75 octets.
#[derive(Default)]
struct Ics(String);

impl Ics {
    /// A property whose value is written as it is (dates, URIs, keywords), less any
    /// control character, so that no value can end its line and start another property.
    fn line(&mut self, name: &str, value: &str) {
        let value: String = value.chars().filter(|c| !c.is_control()).collect();
        fold(&format!("{name}:{value}"), &mut self.0);
    }

    /// A property of type TEXT: backslash, semicolon, comma and newline escaped.
    fn text(&mut self, name: &str, value: &str) {
        let mut escaped = String::with_capacity(value.len());
        for c in value.chars() {
            match c {
                '\\' => escaped.push_str("\\\\"),
                ';' => escaped.push_str("\\;"),
                ',' => escaped.push_str("\\,"),
                '\n' => escaped.push_str("\\n"),
                '\t' => escaped.push(' '),
                c if c.is_control() => {}
                c => escaped.push(c),
            }
        }
        self.line(name, &escaped);
    }
}

/// Append `line` with CRLF, folded so that no physical line is longer than 75 octets: the
/// first holds up to 75, each continuation a space and up to 74, and a fold never splits a
/// UTF-8 character (RFC 5545, section 3.1).
fn fold(line: &str, out: &mut String) {
    let mut rest = line;
    let mut limit = 75;
    while rest.len() > limit {
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = 74;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn due(rule: &str, spec: &[(&str, When)]) -> Due {
        let words = Vocabulary::job_interview();
        let mut facts = Facts::default();
        for (name, when) in spec {
            facts.events.insert((*name).into(), *when);
        }
        match Rule::parse(rule, &words).unwrap().evaluate(&facts, &words) {
            Outcome::Due(due) => due,
            other => panic!("{rule}: {other:?}"),
        }
    }

    fn interview() -> (&'static str, When) {
        // A Tuesday afternoon.
        (
            "interview",
            When::Moment(date(2026, 11, 24).at(14, 0, 0, 0)),
        )
    }

    #[test]
    fn says_when_as_a_person_would() {
        let f = [
            interview(),
            ("decision_date", When::Day(date(2026, 12, 4))),
            ("follow_up", When::Day(date(2026, 12, 2))),
        ];
        let cases = [
            ("immediately", "at 14:00"),
            ("within 1h of interview", "by 15:00"),
            ("within 24h of interview", "by Wed 25 Nov, 14:00"),
            (
                "24-48 hours after interview",
                "between 14:00 and Thu 26 Nov, 14:00",
            ),
            ("1-2 hours after interview", "between 15:00 and 16:00"),
            ("2 business days after decision_date", "from Tue 8 Dec"),
            ("within 7 days of interview", "by Tue 1 Dec"),
            ("7-10 days after interview", "between 1 Dec and 4 Dec"),
            ("14 days after follow_up", "from Wed 16 Dec"),
            ("on decision_date", "on Fri 4 Dec"),
        ];
        for (rule, expected) in cases {
            assert_eq!(when(&due(rule, &f)), expected, "{rule}");
        }
    }

    #[test]
    fn reminders_come_at_a_sensible_hour_after_the_interview() {
        let anchor = date(2026, 11, 24).at(14, 0, 0, 0);
        let f = [interview(), ("decision_date", When::Day(date(2026, 12, 4)))];
        let at = |rule: &str| {
            let d = due(rule, &f);
            reminder(&d, anchor).map(|m| {
                let start = event_span(&d).0.start();
                start.saturating_add(m.minutes()).to_string()
            })
        };
        // Done before leaving: no reminder.
        assert_eq!(at("immediately"), None);
        // Four hours before a timed deadline closes.
        assert_eq!(
            at("within 24h of interview").as_deref(),
            Some("2026-11-25T10:00:00")
        );
        // A day window opening on the interview day: not at 09:00 that morning, before the
        // interview, but an hour after it ended.
        assert_eq!(
            at("within 7 days of interview").as_deref(),
            Some("2026-11-24T15:00:00")
        );
        assert_eq!(
            at("2 business days after decision_date").as_deref(),
            Some("2026-12-08T09:00:00")
        );
        // Late in the evening: moved to the next morning.
        let late = date(2026, 11, 24).at(21, 0, 0, 0);
        let d = due(
            "within 7 days of interview",
            &[("interview", When::Moment(late))],
        );
        let minutes = reminder(&d, late).unwrap();
        assert_eq!(
            event_span(&d)
                .0
                .start()
                .saturating_add(minutes.minutes())
                .to_string(),
            "2026-11-25T09:00:00"
        );
    }

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        for n in [1, 74, 75, 76, 149, 150, 151, 224, 225, 300] {
            let line = "x".repeat(n);
            let mut out = String::new();
            fold(&line, &mut out);
            assert!(out.ends_with("\r\n"), "{n}");
            let physical: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
            assert!(physical.iter().all(|l| l.len() <= 75), "{n}: {physical:?}");
            assert!(physical[1..].iter().all(|l| l.starts_with(' ')), "{n}");
            assert_eq!(out.replace("\r\n ", "").trim_end(), line, "{n}");
        }
        // 73 ASCII octets, then three-octet characters: the 74th to 76th octets are one
        // character, so the first line stops at 73, and a continuation holds 24 of them.
        let line = format!("{}{}", "x".repeat(73), "€".repeat(30));
        let mut out = String::new();
        fold(&line, &mut out);
        let physical: Vec<&str> = out.split("\r\n").collect();
        assert_eq!(physical[0], "x".repeat(73));
        assert_eq!(physical[1], format!(" {}", "€".repeat(24)));
        assert_eq!(physical[2], format!(" {}", "€".repeat(6)));
        assert_eq!(out.replace("\r\n ", "").trim_end(), line);
    }

    #[test]
    fn text_values_are_escaped() {
        let mut out = Ics::default();
        out.text("SUMMARY", "a, b; c\\d\nnext");
        assert_eq!(out.0, "SUMMARY:a\\, b\\; c\\\\d\\nnext\r\n");
    }

    #[test]
    fn uri_values_are_percent_encoded() {
        let cases = [
            (
                "https://example.org/guide/x/#step",
                "https://example.org/guide/x/#step",
            ),
            (
                "https://example.org/\r\nATTACH:https://evil.example/",
                "https://example.org/%0D%0AATTACH:https://evil.example/",
            ),
            (
                "https://example.org/über uns/\"<x>\"/{a|b}\\^`",
                "https://example.org/%C3%BCber%20uns/%22%3Cx%3E%22/%7Ba%7Cb%7D%5C%5E%60",
            ),
        ];
        for (url, expected) in cases {
            assert_eq!(uri(url), expected, "{url:?}");
        }
    }

    #[test]
    fn text_values_are_escaped_and_lines_cannot_be_broken() {
        let mut out = Ics::default();
        out.text("SUMMARY", "a, b; c\\d\nnext\r");
        out.line("URL", "https://a.example/\r\nX-INJECTED:1");
        assert_eq!(
            out.0,
            "SUMMARY:a\\, b\\; c\\\\d\\nnext\r\nURL:https://a.example/X-INJECTED:1\r\n"
        );
    }
}
