//! Data-driven tests of the rule language: parsing, errors with offsets, descriptions and
//! evaluation, lifecycle included, in the job-interview vocabulary.

use super::*;
use jiff::civil::date;

fn words() -> Vocabulary {
    Vocabulary::job_interview()
}

fn parse(text: &str) -> Rule {
    Rule::parse(text, &words()).unwrap_or_else(|e| panic!("{text}: {}", e.message))
}

fn err(text: &str) -> String {
    let e = Rule::parse(text, &words()).unwrap_err();
    format!("{}: {}", e.offset, e.message)
}

/// Facts as `name=value` words: events as dates or date-times, anything else a fact.
fn facts(spec: &str) -> Facts {
    let mut facts = Facts::default();
    for word in spec.split_whitespace() {
        let (name, value) = word.split_once('=').expect("name=value");
        match When::parse(value) {
            Some(when) if value.starts_with("20") => {
                facts.events.insert(name.into(), when);
            }
            _ => {
                facts.values.insert(name.into(), value.into());
            }
        }
    }
    facts
}

/// An outcome in a line: `deadline 2026-11-26T14:00:00..2026-11-27T14:00:00 (Saturday)`,
/// `waiting for answer`, `not applicable: stopped by answer on 2026-12-01`.
fn outcome(rule: &str, spec: &str) -> String {
    let words = words();
    match parse(rule).evaluate(&facts(spec), &words) {
        Outcome::Due(due) => {
            let mut out = format!("{} {}", due.kind.name(), due.earliest.iso());
            if let Some(latest) = due.latest.filter(|l| Some(*l) != Some(due.earliest)) {
                out.push_str(&format!("..{}", latest.iso()));
            }
            match due.rest_day {
                Some(RestDay::Weekend(day)) => out.push_str(&format!(" ({day:?})")),
                Some(RestDay::Holiday) => out.push_str(" (holiday)"),
                None => {}
            }
            out
        }
        Outcome::Waiting(event) => format!("waiting for {event}"),
        Outcome::NotApplicable(Reason::Condition(c)) => {
            format!("not applicable: {}", c.describe(&words))
        }
        Outcome::NotApplicable(Reason::Stopped { event, on }) => {
            format!("not applicable: stopped by {event} on {on}")
        }
    }
}

#[test]
fn parses_every_form_with_its_kind() {
    let cases = [
        ("immediately", "interview hours 0 0 on"),
        ("within 24h of interview", "interview hours 0 24 deadline"),
        (
            "7-10 days after interview when stage is later_round",
            "interview days 7 10 window stage=later_round",
        ),
        (
            "14 days after follow_up when answer is unknown",
            "follow_up days 14 14 not_before !known:answer",
        ),
        (
            "2 business days after decision_date",
            "decision_date business_days 2 2 not_before",
        ),
        ("1 week before decision_date", "decision_date days -7 -7 on"),
        (
            "on answer when recruiter is not involved",
            "answer days 0 0 on !recruiter=involved",
        ),
        (
            "within 14 days of interview when decision_date is unknown until follow_up or answer",
            "interview days 0 14 deadline !known:decision_date ~follow_up ~answer",
        ),
        (
            "immediately until offer_accepted",
            "interview hours 0 0 on ~offer_accepted",
        ),
    ];
    for (rule, compact) in cases {
        assert_eq!(parse(rule).compact(), compact, "{rule}");
    }
}

#[test]
fn bad_rules_say_where_and_what_was_expected() {
    let cases = [
        (
            "",
            "0: empty rule: expected `immediately`, `within`, `on` or a number of hours or days",
        ),
        (
            "tomorrow",
            "0: expected a number such as `24h`, `2 days` or `7-10 days`, found `tomorrow`",
        ),
        (
            "within 24h of interviw",
            "14: unknown event `interviw` (did you mean `interview`?)",
        ),
        ("within 24h for interview", "11: expected `of`, found `for`"),
        (
            "2 fortnights after interview",
            "2: expected a unit: `h`, `hours`, `days`, `business days` or `weeks`, found `fortnights`",
        ),
        (
            "10-7 days after interview",
            "0: the range `10-7` goes backwards: write the smaller number first",
        ),
        (
            "7-7 days after interview",
            "0: the range `7-7` is one number: write `7`",
        ),
        (
            "within 7-7 days of interview",
            "7: the range `7-7` is one number: write `7`",
        ),
        (
            "0--0 days after interview",
            "0: expected a number such as `24h`, `2 days` or `7-10 days`, found `0--0`",
        ),
        (
            "-3 days after interview",
            "0: expected a number such as `24h`, `2 days` or `7-10 days`, found `-3`",
        ),
        (
            "within 0h of interview",
            "7: `within 0` leaves no time: write `immediately` or `on <event>`",
        ),
        (
            "2 days after",
            "12: expected an event: `interview`, `decision_date`, `follow_up`, `answer`, `offer_accepted` at the end of the rule",
        ),
        (
            "2 days since interview",
            "7: expected `after` or `before`, found `since`",
        ),
        (
            "2 days after interview if stage is x",
            "23: unexpected `if` (a condition starts with `when`, an end with `until`)",
        ),
        (
            "immediately when stage is final",
            "26: unknown value `final` for `stage` (expected `later_round` or `phone_screen`)",
        ),
        (
            "immediately when stag is later_round",
            "17: unknown condition `stag` (did you mean `stage`?)",
        ),
        (
            "within 2-3 days of interview",
            "0: a `within` rule takes one amount, not a range",
        ),
        (
            "2 business hours after interview",
            "11: expected `days` after `business`, found `hours`",
        ),
        (
            "14 days after follow_up until follow_up",
            "30: the rule counts from `follow_up`, so it cannot also end with it",
        ),
        (
            "14 days after follow_up until answr",
            "30: unknown event `answr` (did you mean `answer`?)",
        ),
        (
            "immediately until answer and offer_accepted",
            "25: unexpected `and` (expected `or` or the end of the rule)",
        ),
        (
            "immediately when stage is later_round or recruiter is involved",
            "38: unexpected `or` (expected `and`, `until` or the end of the rule)",
        ),
    ];
    for (rule, expected) in cases {
        assert_eq!(err(rule), expected, "{rule}");
    }
}

#[test]
fn evaluates_kinds_business_days_and_rest_days() {
    // Thursday 26 November 2026, 14:00; the decision date a Friday.
    let f = "interview=2026-11-26T14:00 decision_date=2026-12-04";
    let cases = [
        ("immediately", "on 2026-11-26T14:00:00"),
        (
            "within 24h of interview",
            "deadline 2026-11-26T14:00:00..2026-11-27T14:00:00",
        ),
        (
            "2 business days after decision_date",
            "not_before 2026-12-08",
        ),
        (
            "7-10 days after interview",
            "window 2026-12-03..2026-12-06 (Sunday)",
        ),
        ("1 week before decision_date", "on 2026-11-27"),
        ("14 days after follow_up", "waiting for follow_up"),
        (
            "on decision_date when decision_date is unknown",
            "not applicable: you don’t know the decision date",
        ),
        (
            "immediately when recruiter is involved",
            "not applicable: a recruiter is involved",
        ),
        (
            "within 7 days of interview",
            "deadline 2026-11-26..2026-12-03",
        ),
    ];
    for (rule, expected) in cases {
        assert_eq!(outcome(rule, f), expected, "{rule}");
    }
    // A Friday interview: the 24-hour deadline falls on Saturday, and says so.
    assert_eq!(
        outcome("within 24h of interview", "interview=2026-11-27T16:00"),
        "deadline 2026-11-27T16:00:00..2026-11-28T16:00:00 (Saturday)"
    );
    // A date alone means the end of the working day.
    assert_eq!(
        outcome("within 24h of interview", "interview=2026-11-26"),
        "deadline 2026-11-26T17:00:00..2026-11-27T17:00:00"
    );
}

#[test]
fn holidays_are_skipped_by_business_days_and_flagged() {
    let mut words = words();
    words.holidays.insert(date(2026, 12, 25));
    let rule = Rule::parse("2 business days after decision_date", &words).unwrap();
    let f = facts("interview=2026-12-01T10:00 decision_date=2026-12-23");
    let Outcome::Due(due) = rule.evaluate(&f, &words) else {
        panic!("due")
    };
    // Wed 23 → Thu 24, (Fri 25 a holiday, weekend) → Mon 28.
    assert_eq!(due.earliest, Point::Day(date(2026, 12, 28)));
    let on = Rule::parse("on decision_date", &words).unwrap();
    let f = facts("interview=2026-12-01T10:00 decision_date=2026-12-25");
    let Outcome::Due(due) = on.evaluate(&f, &words) else {
        panic!("due")
    };
    assert_eq!(due.rest_day, Some(RestDay::Holiday));
}

#[test]
fn nothing_is_due_after_the_process_ends() {
    let follow_up = "7-10 days after interview when stage is later_round until follow_up";
    let cases = [
        // Accepted elsewhere on day 3: the follow-up window (days 7-10) never comes.
        (
            follow_up,
            "interview=2026-11-26T14:00 offer_accepted=2026-11-29",
            "not applicable: stopped by offer_accepted on 2026-11-29",
        ),
        // The answer came on day 8, inside the window.
        (
            follow_up,
            "interview=2026-11-26T14:00 answer=2026-12-04",
            "not applicable: stopped by answer on 2026-12-04",
        ),
        // Already followed up.
        (
            follow_up,
            "interview=2026-11-26T14:00 follow_up=2026-12-02",
            "not applicable: stopped by follow_up on 2026-12-02",
        ),
        // The answer came after the window closed: the follow-up was due, and stays in the past.
        (
            follow_up,
            "interview=2026-11-26T14:00 answer=2026-12-20",
            "window 2026-12-03..2026-12-06 (Sunday)",
        ),
        // A second follow-up is never due once the answer is in, whatever its date.
        (
            "14 days after follow_up until answer",
            "interview=2026-11-26T14:00 follow_up=2026-12-04 answer=2026-12-30",
            "not applicable: stopped by answer on 2026-12-30",
        ),
        // Counted from the event that ended the process: still due.
        (
            "within 2 days of answer",
            "interview=2026-11-26T14:00 answer=2026-12-04",
            "deadline 2026-12-04..2026-12-06 (Sunday)",
        ),
        // Counted from an ending event that came after the process had ended.
        (
            "on offer_accepted",
            "interview=2026-11-26T14:00 answer=2026-12-04 offer_accepted=2026-12-10",
            "not applicable: stopped by answer on 2026-12-04",
        ),
        (
            "on offer_accepted",
            "interview=2026-11-26T14:00 offer_accepted=2026-12-10",
            "on 2026-12-10",
        ),
        // Once the process is over, nothing waits for an event any more.
        (
            "on offer_accepted",
            "interview=2026-11-26T14:00 answer=2026-12-04",
            "not applicable: stopped by answer on 2026-12-04",
        ),
        (
            "14 days after follow_up",
            "interview=2026-11-26T14:00 answer=2026-12-04",
            "not applicable: stopped by answer on 2026-12-04",
        ),
        (
            "14 days after follow_up until answer",
            "interview=2026-11-26T14:00 answer=2026-12-04",
            "not applicable: stopped by answer on 2026-12-04",
        ),
    ];
    for (rule, spec, expected) in cases {
        assert_eq!(outcome(rule, spec), expected, "{rule} / {spec}");
    }
}

#[test]
fn business_days_skip_weekends_both_ways() {
    let none = std::collections::BTreeSet::new();
    let saturday = date(2026, 11, 28);
    assert_eq!(add_business_days(saturday, 0, &none), date(2026, 11, 30));
    assert_eq!(add_business_days(saturday, 1, &none), date(2026, 11, 30));
    assert_eq!(
        add_business_days(date(2026, 11, 30), -1, &none),
        date(2026, 11, 27)
    );
    assert_eq!(
        add_business_days(date(2026, 12, 31), 2, &none),
        date(2027, 1, 4)
    );
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
            "2 business days after the decision date or later",
        ),
        (
            "7-10 days after interview when stage is later_round",
            "7 to 10 days after the interview, if it was a later round",
        ),
        (
            "5-7 days after interview when decision_date is unknown and stage is phone_screen",
            "5 to 7 days after the interview, if you don’t know the decision date and it was a phone screen",
        ),
        (
            "14 days after follow_up when answer is unknown",
            "14 days after your follow-up or later, if the answer hasn’t come",
        ),
        (
            "14 days after follow_up until answer",
            "14 days after your follow-up or later, until the answer",
        ),
        ("on answer", "on the day the answer comes"),
        ("on decision_date", "on the decision date"),
        ("on follow_up", "on the day you follow up"),
        (
            "0 business days after decision_date",
            "on the decision date, or the next business day",
        ),
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
            "right away, before you leave, if no recruiter is involved and it was a phone screen",
        ),
        (
            "on decision_date when follow_up is known",
            "on the decision date, if you have followed up",
        ),
        (
            "within 14 days of interview until follow_up or answer",
            "within 14 days of the interview, until your follow-up or the answer",
        ),
    ];
    for (rule, expected) in cases {
        assert_eq!(parse(rule).describe(&words()), expected, "{rule}");
    }
}

#[test]
fn the_assumed_time_is_one_time() {
    assert_eq!(
        vocabulary::ASSUMED.strftime("%H:%M").to_string(),
        vocabulary::ASSUMED_TIME
    );
}
