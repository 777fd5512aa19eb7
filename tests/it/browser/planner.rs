//! The planner in a real browser: the page's rule evaluator agrees with `rules.rs` case by
//! case, every timed step says where it stands for the shown application (done, overdue,
//! due today, next, waiting, not needed and why), and the page's calendar is the one
//! `afterword plan --format ics` writes for the same facts.

use icalendar::{Calendar, Component};
use serde_json::{Value, json};

use super::harness::{Browser, DEFAULT_WAIT, Page, StaticServer, js_string};
use crate::support::Project;
use afterword::rules::vocabulary::{EventDef, FactDef, FactValue};
use afterword::rules::{Facts, Outcome, Reason, RestDay, Rule, Test, Vocabulary, When};
use jiff::civil::{Date, date};

/// The home page of the planner fixture: the minimal site with the job-interview words
/// declared (and two holidays), and steps whose rules use every kind, conditions, `until`
/// and the events that end the process.
pub const PLANNER_HOME: &str = r#"---
title: Minimal site
description: A small site that uses every kind of page.
base_url: https://example.org/
planner:
  events:
    - name: interview
      label: When the interview ended
      noun: the interview
      time: true
    - name: decision_date
      label: When they said you would hear, if they did
      noun: the decision date
      known: you know the decision date
      unknown: you don't know the decision date
    - name: follow_up
      label: When you sent a follow-up, if you have
      noun: your follow-up
      known: you have followed up
    - name: answer
      label: When their answer came, if it has
      noun: the answer
      ends: true
    - name: offer_accepted
      label: When you accepted another offer, if you have
      noun: accepting another offer
      known: you have accepted another offer
      ends: true
  facts:
    - name: stage
      label: Stage
      values:
        - name: later_round
          label: A later round
          clause: it was a later round
        - name: phone_screen
          label: A phone screen
          clause: it was a phone screen
    - name: recruiter
      label: A recruiter or agency
      values:
        - name: not_involved
          label: "No"
          clause: no recruiter is involved
        - name: involved
          label: "Yes"
          clause: a recruiter is involved
  holidays:
    - "2026-12-24"
    - "2026-12-25"
steps:
  - id: ask-next-steps
    phase: At the end of the interview
    title: Ask what happens next
    due: immediately
  - id: say-thanks
    phase: The first 24 hours
    title: Say thank you
    due: within 24h of interview
    template: "@/templates/thanks.md"
  - id: debrief-recruiter
    phase: The first 24 hours
    title: Debrief your recruiter
    due: within 24h of interview when recruiter is involved
  - id: follow-up
    phase: The waiting period
    title: "No date: follow up"
    due: 7-10 days after interview when decision_date is unknown until follow_up
  - id: check-decision
    phase: The waiting period
    title: Look out for their decision
    due: on decision_date
  - id: follow-up-after-date
    phase: The waiting period
    title: "They gave a date: follow up once it has passed"
    due: 2 business days after decision_date until follow_up
  - id: second-follow-up
    phase: The waiting period
    title: One more follow-up
    due: 14 days after follow_up
  - id: reply-to-answer
    phase: When it ends
    title: Reply to their answer
    due: within 2 days of answer
  - id: withdraw
    phase: When it ends
    title: Withdraw from the other processes
    due: on offer_accepted
---

Welcome to the *minimal* site.
"#;

/// Day one of the planner fixture: an item that shows the home page's thank-you action, one
/// with a rule of its own, and one with none.
pub const PLANNER_CHECKLIST: &str = r#"---
kind: checklist
title: Day one
description: What to do on the first day.
items:
  - id: send-notes
    text: Send a **thank-you** note to each interviewer
    action: say-thanks
    template: "@/templates/thanks.md"
  - id: notes
    text: Write down what each person said
    due: within 2h of interview
  - id: rest
    text: Rest
---

Tick these off.
"#;

/// The planner fixture, built by the real binary and served.
pub fn serve_planner() -> (Project, StaticServer) {
    let project = super::minimal();
    project.file("content/_index.md", PLANNER_HOME);
    project.file("content/checklists/day-one.md", PLANNER_CHECKLIST);
    project.run(&["build"]).success();
    let server = StaticServer::serve(&project.path("public"));
    (project, server)
}

/// Set a form control's value as a person would, firing `input` and `change`.
/// The personal layer (`afterword.js`) is started first, as opening the planner or a
/// field would.
pub fn set(page: &Page<'_>, selector: &str, value: &str) {
    page.eval("afterword.start()");
    page.eval(&format!(
        "(() => {{ const e = document.querySelector({}); e.value = {}; e.dispatchEvent(new Event('input', {{ bubbles: true }})); e.dispatchEvent(new Event('change', {{ bubbles: true }})); }})()",
        js_string(selector),
        js_string(value)
    ));
}

/// Make the page's clock read `now` (a civil `2026-11-27T10:00`) and show everything again.
pub fn clock(page: &Page<'_>, now: &str) {
    page.eval(&format!(
        "(() => {{ const t = afterword.civil({}); afterword.now = () => t; afterword.emit('change'); }})()",
        js_string(now)
    ));
}

/// What a step or item shows: its state badge and its date or reason.
fn shown(page: &Page<'_>, id: &str) -> String {
    page.eval(&format!(
        "(() => {{ const el = document.getElementById({}); return el.querySelector('.state').textContent + ' | ' + el.querySelector('[data-due]').textContent; }})()",
        js_string(id)
    ))
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

// ---------------------------------------------------------------------------------------
// The evaluator agrees with rules.rs
// ---------------------------------------------------------------------------------------

/// A small deterministic generator, so that a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// A vocabulary with none of the job-interview words: a three-valued fact, an anchor known
/// to the day only, two events that end the process, holidays around New Year.
fn other_words() -> Vocabulary {
    let event = |name: &str, time: bool, ends: bool| EventDef {
        name: name.into(),
        label: format!("When {name}"),
        noun: format!("the {name}"),
        day: format!("on the {name} day"),
        known: format!("the {name} is known"),
        unknown: format!("the {name} is not known"),
        time,
        ends,
    };
    let fact = |name: &str, values: &[&str]| FactDef {
        name: name.into(),
        label: name.into(),
        values: values
            .iter()
            .map(|v| FactValue {
                name: (*v).into(),
                label: (*v).into(),
                clause: format!("the {name} is {v}"),
            })
            .collect(),
    };
    Vocabulary {
        events: vec![
            event("visit", false, false),
            event("call", true, false),
            event("offer", false, true),
            event("close", false, true),
        ],
        facts: vec![
            fact("mode", &["remote", "onsite", "hybrid"]),
            fact("size", &["small", "large"]),
        ],
        holidays: [date(2026, 12, 31), date(2027, 1, 1), date(2027, 1, 4)]
            .into_iter()
            .collect(),
    }
}

/// Rules in every form the grammar has, for the job-interview words.
const INTERVIEW_RULES: &[&str] = &[
    "immediately",
    "immediately until offer_accepted",
    "within 24h of interview",
    "within 1 hour of interview when recruiter is involved",
    "within 7 days of interview until follow_up or answer",
    "within 3 business days of interview",
    "24-48 hours after interview",
    "2 business days after decision_date when decision_date is known",
    "0 business days after decision_date",
    "1 business day before decision_date",
    "1-3 business days after decision_date until follow_up",
    "5-7 days after interview when decision_date is unknown and stage is phone_screen",
    "7-10 days after interview when decision_date is unknown and stage is later_round until follow_up",
    "14 days after interview when decision_date is unknown and follow_up is unknown",
    "14 days after follow_up until answer",
    "14 days after follow_up when answer is unknown",
    "within 2 days of answer",
    "1-2 weeks before decision_date",
    "3 days before decision_date until answer",
    "on decision_date when recruiter is not involved",
    "on decision_date when stage is not later_round and recruiter is involved",
    "3 business days after follow_up when stage is not phone_screen",
    "within 24h of offer_accepted when answer is unknown",
    "on offer_accepted",
    "on answer until offer_accepted",
    "12 hours after answer",
    "2-3 days before answer",
    "within 48h of follow_up until offer_accepted or answer",
];

/// Rules for [`other_words`]: a three-valued fact negated, an anchor given as a date.
const OTHER_RULES: &[&str] = &[
    "immediately",
    "within 36h of visit",
    "within 2 business days of visit when mode is not remote",
    "2-4 days after visit when mode is hybrid until call",
    "1 business day after call when size is large",
    "within 6h of call",
    "on offer when close is unknown",
    "on close",
    "3 days after offer until close",
    "5 business days after visit when offer is unknown and mode is not onsite until call or close",
    "1 week before call",
    "0 business days after visit",
];

/// Random facts for `words`: the anchor always (a moment or a day), every other event
/// sometimes, from a few days before the anchor to three weeks after; fact values sometimes.
fn random_facts(words: &Vocabulary, rng: &mut Lcg, anchors: &[Date]) -> Facts {
    let mut facts = Facts::default();
    let anchor = anchors[rng.next(anchors.len() as u64) as usize];
    for (i, event) in words.events.iter().enumerate() {
        if i > 0 && rng.next(5) < 2 {
            continue;
        }
        let day = anchor
            .checked_add(jiff::Span::new().days(if i == 0 { 0 } else { rng.next(25) as i64 - 3 }))
            .unwrap();
        let when = if event.time && rng.next(4) > 0 {
            When::Moment(day.at(
                rng.next(24) as i8,
                [0, 15, 30, 59][rng.next(4) as usize],
                0,
                0,
            ))
        } else {
            When::Day(day)
        };
        facts.events.insert(event.name.clone(), when);
    }
    for fact in &words.facts {
        if rng.next(3) > 0 {
            let value = &fact.values[rng.next(fact.values.len() as u64) as usize];
            facts.values.insert(fact.name.clone(), value.name.clone());
        }
    }
    facts
}

/// The facts as the page script reads them.
fn facts_json(facts: &Facts) -> Value {
    let events: serde_json::Map<String, Value> = facts
        .events
        .iter()
        .map(|(name, when)| {
            let text = match when {
                When::Day(d) => d.to_string(),
                When::Moment(m) => m.strftime("%Y-%m-%dT%H:%M").to_string(),
            };
            (name.clone(), json!(text))
        })
        .collect();
    json!({ "events": events, "values": facts.values })
}

/// An outcome as JSON, in the shape the test's script gives the page's outcome.
fn outcome_json(outcome: &Outcome, words: &Vocabulary) -> Value {
    match outcome {
        Outcome::Due(due) => json!({
            "due": due.kind.name(),
            "earliest": due.earliest.iso(),
            "latest": due.latest.map(|l| l.iso()),
            "rest": due.rest_day.map(|r| match r {
                RestDay::Weekend(day) => format!("{day:?}").to_lowercase(),
                RestDay::Holiday => "holiday".to_owned(),
            }),
        }),
        Outcome::Waiting(event) => json!({ "waiting": event }),
        Outcome::NotApplicable(Reason::Condition(c)) => {
            let test = match &c.test {
                Test::Is { fact, value } => format!("{fact}={value}"),
                Test::Known(event) => format!("known:{event}"),
            };
            json!({
                "condition": format!("{}{test}", if c.negated { "!" } else { "" }),
                "why": c.describe(words),
            })
        }
        Outcome::NotApplicable(Reason::Stopped { event, on }) => {
            json!({ "stopped": event, "on": on.to_string() })
        }
    }
}

/// Evaluates every case in the page with `words`, and returns the outcomes.
fn page_outcomes(page: &Page<'_>, words: &Vocabulary, cases: &[(String, Value)]) -> Vec<Value> {
    page.eval("afterword.start()");
    let mut words_json = serde_json::to_value(words).unwrap();
    words_json["assumed_time"] = json!(afterword::rules::vocabulary::ASSUMED_TIME);
    let input = json!({ "words": words_json, "cases": cases });
    let result = page.eval(&format!(
        "(({{ words, cases }}) => cases.map(([rule, facts]) => {{
            const o = afterword.evaluate(rule, facts, words);
            if (o.due) return {{ due: o.due, earliest: o.earliest, latest: o.latest, rest: o.rest }};
            if (o.waiting) return {{ waiting: o.waiting }};
            if (o.condition) {{
                const c = o.condition;
                const test = 'known' in c ? 'known:' + c.known : c.fact + '=' + c.value;
                return {{ condition: (c.negated ? '!' : '') + test, why: afterword.clause(c, words) }};
            }}
            return {{ stopped: o.stopped, on: o.on }};
        }}))({input})"
    ));
    result.as_array().expect("an array of outcomes").clone()
}

#[test]
fn the_page_script_and_rules_rs_agree_on_every_case() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_project, server) = serve_planner();
    let page = browser.new_page();
    page.goto(&server.url("/"));
    let mut interview = Vocabulary::job_interview();
    interview.holidays = [date(2026, 12, 24), date(2026, 12, 25), date(2027, 1, 1)]
        .into_iter()
        .collect();
    // Weekdays and weekends, the days before holidays and a new year, a leap day.
    let anchors = [
        date(2026, 11, 23),
        date(2026, 11, 26),
        date(2026, 11, 27),
        date(2026, 11, 28),
        date(2026, 12, 22),
        date(2026, 12, 23),
        date(2026, 12, 24),
        date(2026, 12, 31),
        date(2028, 2, 28),
        date(2028, 2, 29),
    ];
    let mut rng = Lcg(20_261_126);
    let mut compared = 0;
    let mut kinds = std::collections::BTreeSet::new();
    let mut mismatches = Vec::new();
    for (words, rules) in [(interview, INTERVIEW_RULES), (other_words(), OTHER_RULES)] {
        let rules: Vec<Rule> = rules
            .iter()
            .map(|text| {
                Rule::parse(text, &words).unwrap_or_else(|e| panic!("{text}: {}", e.message))
            })
            .collect();
        let facts: Vec<Facts> = (0..80)
            .map(|_| random_facts(&words, &mut rng, &anchors))
            .collect();
        let mut cases = Vec::new();
        let mut expected = Vec::new();
        for f in &facts {
            for rule in &rules {
                let outcome = outcome_json(&rule.evaluate(f, &words), &words);
                let kind = ["due", "waiting", "condition", "stopped"]
                    .into_iter()
                    .find(|k| outcome.get(k).is_some())
                    .unwrap_or("?");
                let detail =
                    ["due", "rest"].map(|k| outcome.get(k).and_then(Value::as_str).unwrap_or(""));
                kinds.insert(
                    format!("{kind} {} {}", detail[0], detail[1])
                        .trim()
                        .to_owned(),
                );
                cases.push((rule.compact(), facts_json(f)));
                expected.push(outcome);
            }
        }
        let got = page_outcomes(&page, &words, &cases);
        for (((rule, facts), expected), got) in cases.iter().zip(&expected).zip(&got) {
            compared += 1;
            if expected != got {
                mismatches.push(format!(
                    "{rule} with {facts}:\n  rules.rs {expected}\n  script   {got}"
                ));
            }
        }
    }
    assert!(compared > 3000, "{compared} cases");
    // Every kind of outcome came up, rest days and holidays included.
    for kind in [
        "due on",
        "due deadline",
        "due window",
        "due not_before",
        "due deadline saturday",
        "due window sunday",
        "due not_before holiday",
        "due on holiday",
        "waiting",
        "condition",
        "stopped",
    ] {
        assert!(kinds.contains(kind), "no case gave {kind}: {kinds:?}");
    }
    assert!(
        mismatches.is_empty(),
        "{} of {compared} cases differ:\n{}",
        mismatches.len(),
        mismatches[..mismatches.len().min(15)].join("\n")
    );
    page.assert_no_js_errors();
}

// ---------------------------------------------------------------------------------------
// What each step says, and what to do now
// ---------------------------------------------------------------------------------------

#[test]
fn every_step_says_where_it_stands_and_the_home_page_says_what_to_do_now() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_project, server) = serve_planner();
    let page = browser.new_page();
    page.goto(&server.url("/"));
    page.wait_for("#planner:not([hidden])", DEFAULT_WAIT);
    page.eval("document.getElementById('planner').open = true");
    // Opening the planner starts the personal layer; wait until it has run.
    page.eval("afterword.start()");
    assert_eq!(
        shown(&page, "say-thanks"),
        " | ",
        "nothing before the interview is known"
    );
    assert!(
        page.text("#now")
            .contains("Enter the date of your interview"),
        "{}",
        page.text("#now")
    );

    // A Thursday-afternoon interview, the morning after.
    set(&page, "#plan-interview", "2026-11-26");
    set(&page, "#plan-interview-time", "14:00");
    clock(&page, "2026-11-27T10:00");
    // A moment to act on that is over has passed, quietly: it is not overdue.
    assert_eq!(shown(&page, "ask-next-steps"), "Passed | Thu 26 Nov, 14:00");
    assert_eq!(
        shown(&page, "say-thanks"),
        "Due today | by Fri 27 Nov, 14:00"
    );
    assert_eq!(
        shown(&page, "debrief-recruiter"),
        "Not needed | only if a recruiter is involved"
    );
    assert_eq!(
        shown(&page, "follow-up"),
        "Next | Thu 3 Dec to Sun 6 Dec — a Sunday"
    );
    assert_eq!(
        shown(&page, "check-decision"),
        "Waiting | once you know the decision date"
    );
    assert_eq!(
        shown(&page, "second-follow-up"),
        "Waiting | once you have followed up"
    );
    assert_eq!(
        page.attr("#debrief-recruiter", "data-state").as_deref(),
        Some("na"),
        "a step that does not apply is quieter"
    );
    // The one thing to do first, then the rest folded under it.
    assert_eq!(
        page.text("#now").replace("\n\n", "\n"),
        "What to do now\nFor Unnamed application, counted from the interview on Thu 26 Nov, 14:00.\n\
         OVERDUE Write down what each person said — by Thu 26 Nov, 16:00\n\
         2 more (1 due today, 1 next)"
    );
    page.click("#now summary");
    assert_eq!(
        page.text("#now details").replace("\n\n", "\n"),
        "2 more (1 due today, 1 next)\n\
         Due today\nSay thank you — by Fri 27 Nov, 14:00\n\
         Next\nNo date: follow up — Thu 3 Dec to Sun 6 Dec — a Sunday"
    );
    assert_eq!(
        page.attr("#now .now-first a", "href").as_deref(),
        Some("/checklists/day-one/#notes"),
        "an action defined on a checklist links there"
    );

    // Ticking the checklist item that shows an action makes the step done, everywhere.
    page.goto(&server.url("/checklists/day-one/"));
    page.wait_for_text("[data-progress]", "0 of 3 done", DEFAULT_WAIT);
    clock(&page, "2026-11-27T10:00");
    assert_eq!(shown(&page, "notes"), "Overdue | by Thu 26 Nov, 16:00");
    assert_eq!(
        page.text("[data-plan-note]"),
        "Dates for Unnamed application, counted from the interview on Thu 26 Nov, 14:00. Change them"
    );
    page.click("#check-send-notes");
    page.wait_for_text("[data-progress]", "1 of 3 done", DEFAULT_WAIT);
    assert_eq!(shown(&page, "send-notes"), "Done | by Fri 27 Nov, 14:00");
    page.goto(&server.url("/"));
    page.wait_for("#planner:not([hidden])", DEFAULT_WAIT);
    page.eval("document.getElementById('planner').open = true");
    clock(&page, "2026-11-27T10:00");
    assert_eq!(shown(&page, "say-thanks"), "Done | by Fri 27 Nov, 14:00");
    assert!(
        !page.text("#now").contains("Say thank you"),
        "{}",
        page.text("#now")
    );

    // A recruiter, and a phone screen: the debrief applies.
    set(&page, "#plan-recruiter", "involved");
    assert_eq!(
        shown(&page, "debrief-recruiter"),
        "Due today | by Fri 27 Nov, 14:00"
    );

    // Accepting another offer on the Sunday ends the process: the follow-up is no longer
    // needed, and says why; withdrawing is due that day.
    set(&page, "#plan-offer_accepted", "2026-11-29");
    clock(&page, "2026-11-29T09:00");
    assert_eq!(
        shown(&page, "follow-up"),
        "Not needed | no longer needed: accepting another offer on Sun 29 Nov"
    );
    assert_eq!(
        shown(&page, "withdraw"),
        "Due today | on Sun 29 Nov — a Sunday"
    );
    assert_eq!(shown(&page, "say-thanks"), "Done | by Fri 27 Nov, 14:00");
    assert_eq!(
        shown(&page, "debrief-recruiter"),
        "Overdue | by Fri 27 Nov, 14:00"
    );
    set(&page, "#plan-offer_accepted", "");

    // Their answer comes on Friday 4 December, inside the follow-up window: the follow-up
    // stops, the reply is due by the Sunday, and withdrawing never comes.
    set(&page, "#plan-answer", "2026-12-04");
    clock(&page, "2026-12-05T09:00");
    assert_eq!(
        shown(&page, "follow-up"),
        "Not needed | no longer needed: the answer on Fri 4 Dec"
    );
    assert_eq!(
        shown(&page, "reply-to-answer"),
        "Due now | by Sun 6 Dec — a Sunday"
    );
    assert_eq!(
        shown(&page, "withdraw"),
        "Not needed | no longer needed: the answer on Fri 4 Dec"
    );
    set(&page, "#plan-answer", "");

    // A follow-up sent on Thursday 3 December: the second one comes two weeks later.
    set(&page, "#plan-follow_up", "2026-12-03");
    clock(&page, "2026-12-05T09:00");
    assert_eq!(
        shown(&page, "follow-up"),
        "Not needed | no longer needed: your follow-up on Thu 3 Dec"
    );
    assert_eq!(shown(&page, "second-follow-up"), "Next | from Thu 17 Dec");
    clock(&page, "2026-12-18T09:00");
    assert_eq!(
        shown(&page, "second-follow-up"),
        "Due now | from Thu 17 Dec"
    );
    page.eval("document.querySelector('#now details').open = true");
    assert!(
        page.text("#now")
            .contains("Due now\nOne more follow-up — from Thu 17 Dec"),
        "{}",
        page.text("#now")
    );
    page.assert_no_js_errors();
}

#[test]
fn a_date_alone_assumes_five_pm_and_a_weekend_or_holiday_is_named() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_project, server) = serve_planner();
    let page = browser.new_page();
    page.goto(&server.url("/"));
    page.wait_for("#planner:not([hidden])", DEFAULT_WAIT);
    page.eval("document.getElementById('planner').open = true");

    // A date without a time: 17:00 is assumed, and the page says so where the dates are.
    set(&page, "#plan-interview", "2026-11-26");
    clock(&page, "2026-11-26T18:00");
    assert_eq!(shown(&page, "say-thanks"), "Due now | by Fri 27 Nov, 17:00");
    assert_eq!(
        page.text("[data-plan-status]"),
        "No time given for the interview: 17:00 is assumed."
    );
    assert!(
        page.text("#now")
            .contains("counted from the interview on Thu 26 Nov (no time given: 17:00 assumed)."),
        "{}",
        page.text("#now")
    );
    page.goto(&server.url("/checklists/day-one/"));
    page.wait_for("[data-plan-note]:not([hidden])", DEFAULT_WAIT);
    assert!(
        page.text("[data-plan-note]")
            .contains("(no time given: 17:00 assumed)")
    );
    assert_eq!(shown(&page, "notes"), "Overdue | by Thu 26 Nov, 19:00");

    // A time without a date counts for nothing, and the page says so.
    page.goto(&server.url("/"));
    page.wait_for("#planner:not([hidden])", DEFAULT_WAIT);
    page.eval("document.getElementById('planner').open = true");
    set(&page, "#plan-interview", "");
    set(&page, "#plan-interview-time", "10:00");
    assert_eq!(
        page.text("[data-plan-status]"),
        "When the interview ended: add the date too; a time alone counts for nothing."
    );
    assert_eq!(shown(&page, "say-thanks"), " | ");

    // A Friday-afternoon interview: the thank-you deadline is on Saturday, and says so.
    set(&page, "#plan-interview", "2026-11-27");
    set(&page, "#plan-interview-time", "16:00");
    assert_eq!(page.text("[data-plan-status]"), "");
    clock(&page, "2026-11-27T18:00");
    assert_eq!(
        shown(&page, "say-thanks"),
        "Due now | by Sat 28 Nov, 16:00 — a Saturday"
    );

    // The site's holidays: 24 and 25 December are not business days, and a day to act on
    // that falls on one says so.
    set(&page, "#plan-decision_date", "2026-12-23");
    assert_eq!(
        shown(&page, "follow-up-after-date"),
        "Next | from Tue 29 Dec"
    );
    set(&page, "#plan-decision_date", "2026-12-24");
    assert_eq!(
        shown(&page, "check-decision"),
        "Next | on Thu 24 Dec — a holiday"
    );
    assert_eq!(
        shown(&page, "follow-up"),
        "Not needed | only if you don’t know the decision date"
    );
    page.assert_no_js_errors();
}

// ---------------------------------------------------------------------------------------
// One calendar
// ---------------------------------------------------------------------------------------

/// The events of an iCalendar text, each as the properties both writers must agree on.
fn calendar_events(ics: &str) -> Vec<Vec<(String, Option<String>)>> {
    let calendar: Calendar = ics.parse().unwrap_or_else(|e| panic!("{e}:\n{ics}"));
    calendar
        .events()
        .map(|event| {
            let mut props: Vec<(String, Option<String>)> = [
                "UID",
                "DTSTAMP",
                "DTSTART",
                "DTEND",
                "SUMMARY",
                "DESCRIPTION",
                "URL",
                "TRANSP",
            ]
            .iter()
            .map(|name| {
                (
                    (*name).to_owned(),
                    event.property_value(name).map(str::to_owned),
                )
            })
            .collect();
            let trigger = event
                .components()
                .iter()
                .find_map(|alarm| alarm.property_value("TRIGGER").map(str::to_owned));
            props.push(("TRIGGER".to_owned(), trigger));
            props
        })
        .collect()
}

/// What is entered in the form (selector, value), and the same facts for `afterword plan`.
type Case<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str]);

#[test]
fn the_page_calendar_is_the_one_afterword_plan_writes() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (project, server) = serve_planner();
    let page = browser.new_page();
    page.goto(&server.url("/"));
    page.wait_for("#planner:not([hidden])", DEFAULT_WAIT);
    page.eval("document.getElementById('planner').open = true");
    // Timed deadlines on a weekend, a moment done before leaving, day windows, a day after a
    // holiday, a day not to act before, a step stopped by the follow-up, a date alone.
    let cases: [Case; 3] = [
        (
            &[
                ("#plan-interview", "2026-11-27"),
                ("#plan-interview-time", "16:00"),
                ("#plan-decision_date", "2026-12-23"),
                ("#plan-recruiter", "involved"),
            ],
            &[
                "--event",
                "interview=2026-11-27T16:00",
                "--event",
                "decision_date=2026-12-23",
                "--fact",
                "recruiter=involved",
            ],
        ),
        (
            &[
                ("#plan-interview", "2026-11-24"),
                ("#plan-interview-time", "21:30"),
                ("#plan-follow_up", "2026-12-02"),
                ("#plan-stage", "phone_screen"),
            ],
            &[
                "--event",
                "interview=2026-11-24T21:30",
                "--event",
                "follow_up=2026-12-02",
                "--fact",
                "stage=phone_screen",
            ],
        ),
        (
            &[
                ("#plan-interview", "2026-12-31"),
                ("#plan-answer", "2027-01-08"),
            ],
            &[
                "--event",
                "interview=2026-12-31",
                "--event",
                "answer=2027-01-08",
            ],
        ),
    ];
    // The export's script comes only when it is asked for.
    assert!(!page.exists("script[src*='calendar.js']"));
    // As the button does (planner.js, part of the personal layer), after the layer has run.
    page.eval("afterword.start()");
    page.eval("afterword.need(document.querySelector('[data-ics]').getAttribute('data-ics'))");
    for (i, (form, args)) in cases.iter().enumerate() {
        page.eval("document.querySelector('[data-plan-clear]').click()");
        for (selector, value) in *form {
            set(&page, selector, value);
        }
        let ours = page
            .eval("afterword.calendar()")
            .as_str()
            .expect("a calendar")
            .to_owned();
        let mut plan_args = vec!["plan", "--format", "ics"];
        plan_args.extend(args.iter());
        let run = project.run(&plan_args);
        run.success();
        let theirs = &run.stdout;
        let (a, b) = (calendar_events(&ours), calendar_events(theirs));
        assert!(a.len() >= 3, "case {i}: only {} events", a.len());
        assert_eq!(
            a.len(),
            b.len(),
            "case {i}: the same number of events\n{ours}\n{theirs}"
        );
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x, y, "case {i}");
        }
        assert_eq!(&ours, theirs, "case {i}: the same bytes");
    }
    // The file is named after the application's company.
    page.eval(
        "HTMLAnchorElement.prototype.click = function () { window.downloaded = this.download; }",
    );
    page.eval("afterword.update((app) => { app.fields.company = 'Acme & Sons'; app.fields.role = 'Data Engineer'; })");
    page.click("[data-ics]");
    assert_eq!(
        page.eval("window.downloaded"),
        json!("acme-sons-data-engineer-after-the-interview.ics")
    );
    page.assert_no_js_errors();
}
