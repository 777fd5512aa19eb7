//! `afterword plan`: one application's schedule in its three formats, each action once;
//! the lifecycle stories a candidate meets (an answer, a withdrawal, a second follow-up, a
//! Friday interview, holidays, a date without a time); bad facts; and a site that declares
//! its own events.

use icalendar::{Calendar, Component};
use serde_json::Value;

use crate::support::{Project, Run, run};

const TUESDAY: &str = "2026-11-24T14:00";

/// A site whose home page defines three actions, a checklist that shows one of them and
/// defines one more, and a guide page that shows one.
fn site() -> Project {
    let project = Project::minimal();
    project
        .file(
            "content/_index.md",
            "---
title: Minimal site
description: A small site.
base_url: https://example.org/
steps:
  - id: say-thanks
    title: Say thank you
    due: within 24h of interview
    checklist: \"@/checklists/day-one.md\"
  - id: follow-up
    title: Follow up
    due: 7-10 days after interview when decision_date is unknown until follow_up
  - id: nudge
    title: Nudge once more
    due: 14 days after follow_up
  - id: withdraw
    title: Withdraw
    due: on offer_accepted
---

Welcome.
",
        )
        .file(
            "content/checklists/day-one.md",
            "---
kind: checklist
title: Day one
items:
  - id: send-notes
    action: say-thanks
  - id: notes
    text: Write notes
    due: immediately
  - id: rest
    text: Rest
---
",
        )
        .file(
            "content/guide/thanks.md",
            "---
title: Thanks
steps:
  - id: thank
    action: say-thanks
---

## Why

Because.

## When

Soon.
",
        );
    project
}

fn plan(project: &Project, extra: &[&str]) -> Run {
    let args = [&["plan", "--interview", TUESDAY][..], extra].concat();
    project.run(&args)
}

#[test]
fn text_lists_each_action_once_by_day_then_what_waits() {
    plan(&site(), &[]).stdout_is(
        "\
Your plan after the interview on Tue 24 Nov 2026 at 14:00
It was a later round (assumed); no recruiter is involved (assumed)

Tue 24 Nov 2026
  at 14:00                 Write notes
                           https://example.org/checklists/day-one/#notes
  by Wed 25 Nov, 14:00     Say thank you
                           https://example.org/#say-thanks

Tue 1 Dec 2026
  between 1 Dec and 4 Dec  Follow up
                           https://example.org/#follow-up

Later, once you know more
  Nudge once more (once you have followed up)
  Withdraw (once you have accepted another offer)
",
    );
}

#[test]
fn json_gives_every_action_its_status_kind_and_places() {
    let out = plan(
        &site(),
        &["--offer-accepted", "2026-11-29", "--format", "json"],
    );
    let rows = entries(&out);
    let brief: Vec<String> = rows
        .iter()
        .map(|e| {
            format!(
                "{} {} {} {}..{} {}",
                e["id"].as_str().unwrap(),
                e["status"].as_str().unwrap(),
                e["kind"].as_str().unwrap(),
                e["earliest"].as_str().unwrap_or("-"),
                e["latest"].as_str().unwrap_or("-"),
                e["reason"]
                    .as_str()
                    .or(e["waiting_for"].as_str())
                    .unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        brief,
        [
            "notes due on 2026-11-24T14:00:00..2026-11-24T14:00:00 ",
            "say-thanks due deadline 2026-11-24T14:00:00..2026-11-25T14:00:00 ",
            "withdraw due on 2026-11-29..2026-11-29 ",
            // Once the process has ended, nothing waits for an event any more.
            "follow-up not_applicable window -..- offer_accepted on 2026-11-29",
            "nudge not_applicable not_before -..- offer_accepted on 2026-11-29",
        ]
    );
    let thanks = &rows[1];
    assert_eq!(thanks["url"], "https://example.org/#say-thanks");
    assert_eq!(
        thanks["appears"],
        serde_json::json!([
            "https://example.org/#say-thanks",
            "https://example.org/guide/thanks/#thank",
            "https://example.org/checklists/day-one/#send-notes"
        ])
    );
    assert_eq!(thanks["rule"], "within 24 hours of the interview");
    assert_eq!(
        rows[2]["rest_day"], "sunday",
        "29 November 2026 is a Sunday"
    );
}

#[test]
fn nothing_is_scheduled_after_the_process_ends() {
    let project = site();
    // Accepted elsewhere on day 5: withdraw that day, no follow-up ever.
    let text = plan(&project, &["--offer-accepted", "2026-11-29"]);
    text.success();
    assert!(!text.stdout.contains("between 1 Dec"), "{}", text.stdout);
    assert!(
        text.stdout.contains("  on Sun 29 Nov         Withdraw\n                        That day is a Sunday: if you write then, expect replies on the next working day.\n"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.ends_with(
            "\nNo longer needed\n  Follow up (accepting another offer: Sun 29 Nov 2026)\n  Nudge once more (accepting another offer: Sun 29 Nov 2026)\n"
        ),
        "{}",
        text.stdout
    );
    // The answer came on day 3: neither the follow-up nor a withdrawal.
    let answered = entries(&plan(
        &project,
        &["--answer", "2026-11-27", "--format", "json"],
    ));
    let status = |rows: &[Value], id: &str| {
        let row = rows.iter().find(|e| e["id"] == id).unwrap();
        format!(
            "{} {}",
            row["status"].as_str().unwrap(),
            row["reason"].as_str().unwrap_or("")
        )
    };
    assert_eq!(
        status(&answered, "follow-up"),
        "not_applicable answer on 2026-11-27"
    );
    assert_eq!(
        status(&answered, "withdraw"),
        "not_applicable answer on 2026-11-27"
    );
    let late = entries(&plan(
        &project,
        &[
            "--answer",
            "2026-11-27",
            "--offer-accepted",
            "2026-12-01",
            "--format",
            "json",
        ],
    ));
    assert_eq!(
        status(&late, "withdraw"),
        "not_applicable answer on 2026-11-27"
    );
    // Followed up on day 8: the first follow-up is done, the second has its day.
    let followed = entries(&plan(
        &project,
        &["--follow-up-sent", "2026-12-02", "--format", "json"],
    ));
    assert_eq!(
        status(&followed, "follow-up"),
        "not_applicable follow_up on 2026-12-02"
    );
    let nudge = followed.iter().find(|e| e["id"] == "nudge").unwrap();
    assert_eq!(
        (
            nudge["kind"].as_str(),
            nudge["earliest"].as_str(),
            nudge["latest"].as_str()
        ),
        (Some("not_before"), Some("2026-12-16"), None),
        "a second follow-up is a day not to act before"
    );
}

#[test]
fn ics_has_one_event_per_due_action_that_parses_back() {
    let project = site();
    project.file(
        "content/checklists/later.md",
        "---
kind: checklist
title: Later
items:
  - id: long
    text: \"Follow up politely; mention the role, the team’s project \\\\ and the date they gave you, if any\"
    due: 3-5 days after interview
---
",
    );
    let out = plan(&project, &["--format", "ics"]);
    out.success();
    let ics = &out.stdout;
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n'), "a bare LF");
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    let unfolded = ics.replace("\r\n ", "");
    assert!(unfolded.contains(
        "SUMMARY:Follow up politely\\; mention the role\\, the team’s project \\\\ and the date they gave you\\, if any\r\n"
    ));
    let calendar: Calendar = ics.parse().expect("the output parses as iCalendar");
    let events: Vec<_> = calendar.events().collect();
    let summary: Vec<String> = events
        .iter()
        .map(|e| {
            let alarm = e
                .components()
                .first()
                .and_then(|c| c.property_value("TRIGGER").map(str::to_owned))
                .unwrap_or_else(|| "no alarm".into());
            format!(
                "{} {:?} {:?} {} {alarm}",
                e.get_uid().unwrap(),
                e.get_start().unwrap(),
                e.get_end().unwrap(),
                e.property_value("TRANSP").unwrap()
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            // Done before leaving: no reminder.
            "notes/20261124T1400@afterword DateTime(Floating(2026-11-24T14:00:00)) DateTime(Floating(2026-11-24T14:30:00)) TRANSPARENT no alarm",
            // Four hours before the deadline: 10:00 the next day.
            "say-thanks/20261124T1400@afterword DateTime(Floating(2026-11-24T14:00:00)) DateTime(Floating(2026-11-25T14:00:00)) TRANSPARENT PT1200M",
            // All-day windows end the day after their last day; reminded at 09:00.
            "long/20261124T1400@afterword Date(2026-11-27) Date(2026-11-30) TRANSPARENT PT540M",
            "follow-up/20261124T1400@afterword Date(2026-12-01) Date(2026-12-05) TRANSPARENT PT540M",
        ]
    );
    for event in &events {
        assert_eq!(event.property_value("DTSTAMP"), Some("20261124T140000Z"));
        let url = event.get_url().unwrap();
        assert!(event.get_description().unwrap().ends_with(url));
    }
    assert_eq!(
        events[1].get_description(),
        Some("Within 24 hours of the interview.\nhttps://example.org/#say-thanks")
    );
}

#[test]
fn a_friday_interview_says_the_deadline_falls_on_saturday() {
    let out = site().run(&["plan", "--interview", "2026-11-27T16:00"]);
    out.success().stdout_has(
        "  by Sat 28 Nov, 16:00     Say thank you\n                           The last day is a Saturday: act on the working day before, or write now and schedule it to arrive the next working morning.\n",
    );
    let ics = site().run(&["plan", "--interview", "2026-11-27T16:00", "--format", "ics"]);
    assert!(
        ics.stdout
            .replace("\r\n ", "")
            .contains("The last day is a Saturday")
    );
}

#[test]
fn a_date_without_a_time_assumes_the_end_of_the_day() {
    site()
        .run(&["plan", "--interview", "2026-11-24"])
        .success()
        .stdout_has(
            "Your plan after the interview on Tue 24 Nov 2026 (no time given: 17:00 assumed)\n",
        )
        .stdout_has("  by Wed 25 Nov, 17:00     Say thank you\n");
}

#[test]
fn business_days_skip_weekends_and_the_sites_holidays() {
    let project = site();
    project.file(
        "content/checklists/extra.md",
        "---
kind: checklist
title: Extra
items:
  - id: two
    text: Two business days on
    due: 2 business days after decision_date
---
",
    );
    let earliest = |project: &Project| {
        let rows = entries(&plan(
            project,
            &["--decision", "2026-12-23", "--format", "json"],
        ));
        let row = rows.iter().find(|e| e["id"] == "two").unwrap().clone();
        row["earliest"].as_str().unwrap().to_owned()
    };
    // Wednesday 23 December: Thursday 24, Friday 25.
    assert_eq!(earliest(&project), "2026-12-25");
    let home = project.read("content/_index.md").replace(
        "base_url: https://example.org/\n",
        "base_url: https://example.org/\nplanner:\n  events:\n    - name: interview\n      label: When the interview ended\n      time: true\n    - name: decision_date\n      label: When they said you would hear\n      noun: the decision date\n    - name: follow_up\n      label: When you followed up\n    - name: offer_accepted\n      label: When you accepted another offer\n      ends: true\n  holidays:\n    - 2026-12-25\n    - 2026-12-28\n",
    );
    project.file("content/_index.md", home);
    // Christmas and the Monday after are holidays: Thursday 24, then Tuesday 29.
    assert_eq!(earliest(&project), "2026-12-29");
}

#[test]
fn a_site_declares_its_own_events_and_facts() {
    let project = Project::minimal();
    project.file(
        "content/_index.md",
        "---
title: Applications
description: After you apply.
base_url: https://example.org/
planner:
  events:
    - name: applied
      label: When you sent the application
      noun: your application
  facts:
    - name: route
      label: How you applied
      values:
        - name: portal
          label: Through a job portal
          clause: you applied through a portal
        - name: referral
          label: Through someone you know
          clause: someone referred you
steps:
  - id: thank-referrer
    title: Thank the person who referred you
    due: within 2 days of applied when route is referral
  - id: check-portal
    title: Check the portal for news
    due: 7 days after applied
---
",
    );
    project.file(
        "content/checklists/day-one.md",
        "---\nkind: checklist\ntitle: Day one\nitems:\n  - id: rest\n    text: Rest\n---\n",
    );
    project.file(
        "content/guide/thanks.md",
        "---\ntitle: Thanks\n---\n\n## Why\n\n## When\n",
    );
    project.run(&["check"]).success();
    let out = project.run(&[
        "plan",
        "--event",
        "applied=2026-11-24",
        "--fact",
        "route=referral",
        "--format",
        "json",
    ]);
    let ids: Vec<String> = entries(&out)
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["id"].as_str().unwrap(),
                e["status"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(ids, ["thank-referrer due", "check-portal due"]);
    project
        .run(&["plan", "--interview", TUESDAY])
        .code(2)
        .stderr("error: unknown event `interview` (this site knows `applied`)\n");
    project
        .run(&[
            "plan",
            "--event",
            "applied=2026-11-24",
            "--fact",
            "rout=portal",
        ])
        .code(2)
        .stderr("error: unknown fact `rout` (did you mean `route`?)\n");
    project
        .run(&[
            "plan",
            "--event",
            "applied=2026-11-24",
            "--fact",
            "route=friend",
        ])
        .code(2)
        .stderr(
            "error: unknown value of `route` `friend` (this site knows `portal`, `referral`)\n",
        );
    project
        .run(&["plan", "--fact", "route=portal"])
        .code(2)
        .stderr("error: a plan counts from `applied`: give it with `--event applied=2026-11-24T14:00`\n");
    // A rule in another site's words is reported in this site's.
    project.file(
        "content/checklists/day-one.md",
        "---\nkind: checklist\ntitle: Day one\nitems:\n  - id: rest\n    text: Rest\n    due: within 24h of interview\n---\n",
    );
    project
        .run(&["check"])
        .code(1)
        .stderr_has("error: invalid timing rule: unknown event `interview` (expected `applied`)");
}

#[test]
fn help_names_every_fact_and_its_format() {
    let help = run(&["plan", "--help"]);
    help.success();
    insta::assert_snapshot!("help_plan", help.stdout);
}

#[test]
fn the_same_facts_give_the_same_bytes() {
    let project = site();
    for format in ["text", "json", "ics"] {
        let args = ["--format", format];
        let first = plan(&project, &args);
        first.success();
        assert!(first.stdout.contains("say-thanks") || first.stdout.contains("Say thank you"));
        assert_eq!(first.stdout, plan(&project, &args).stdout, "{format}");
    }
}

#[test]
fn bad_dates_name_the_flag_and_the_format() {
    let project = site();
    let expected =
        "expected a local date and time such as `2026-11-24T14:00`, or a date such as `2026-11-24`";
    for bad in [
        "tomorrow",
        "-2026-11-24T14:00",
        "+2026-11-24",
        "2026-11-24T14:00:60",
        "2026-11-24 14:00",
        "26-11-24",
        "0000-11-24",
    ] {
        project
            .run(&["plan", &format!("--interview={bad}")])
            .code(2)
            .stderr(&format!(
                "error: invalid value '{bad}' for '--interview <YYYY-MM-DDTHH:MM>': {expected}\n\nFor more information, try '--help'.\n"
            ));
    }
    project
        .run(&["plan", "--interview", "2026-02-30T14:00"])
        .code(2)
        .stderr_has(&format!(
            "there is no such day in the calendar ({expected})"
        ));
    project
        .run(&["plan", "--interview", "2026-11-24T24:00"])
        .code(2)
        .stderr_has(&format!("there is no such time of day ({expected})"));
    project
        .run(&[
            "plan",
            "--interview",
            TUESDAY,
            "--decision",
            "2026-12-04T10:00",
        ])
        .code(2)
        .stderr_has("expected a date such as `2026-12-04`, without a time");
    project
        .run(&["plan", "--interview", TUESDAY, "--stage", "final"])
        .code(2)
        .stderr_has("invalid value 'final' for '--stage <STAGE>'\n  [possible values: phone-screen, later-round]");
    project
        .run(&[
            "plan",
            "--interview",
            TUESDAY,
            "--event",
            "answr=2026-12-01",
        ])
        .code(2)
        .stderr("error: unknown event `answr` (did you mean `answer`?)\n");
    project
        .run(&["plan", "--event", "decision_date=2026-12-01"])
        .code(2)
        .stderr("error: a plan counts from `interview`: give it with `--event interview=2026-11-24T14:00` or `--interview 2026-11-24T14:00`\n");
}

#[test]
fn events_before_the_interview_are_refused() {
    let project = site();
    for flag in ["--decision", "--follow-up-sent", "--answer"] {
        let name = match flag {
            "--decision" => "decision_date",
            "--follow-up-sent" => "follow_up",
            _ => "answer",
        };
        plan(&project, &[flag, "2026-11-01"])
            .code(2)
            .stderr(&format!(
                "error: `{name}` on 2026-11-01 is before `interview` on 2026-11-24\n"
            ));
    }
    plan(&project, &["--answer", "2026-11-24"]).success();
}

#[test]
fn impossible_times_and_years_are_refused() {
    let project = Project::minimal();
    for interview in [
        "2026-11-24T14:00:60",
        "-2026-11-24T14:00",
        "+2026-11-24T14:00",
        "0000-11-24T14:00",
        "26-11-24T14:00",
    ] {
        project
            .run(&["plan", &format!("--interview={interview}")])
            .code(2)
            .stderr_has(&format!(
                "error: invalid value '{interview}' for '--interview <YYYY-MM-DDTHH:MM>'"
            ));
    }
    for decision in ["-2027-01-04", "+2027-01-04", "27-01-04"] {
        project
            .run(&[
                "plan",
                "--interview",
                TUESDAY,
                &format!("--decision={decision}"),
            ])
            .code(2)
            .stderr_has(&format!(
                "error: invalid value '{decision}' for '--decision <YYYY-MM-DD>'"
            ));
    }
}

#[test]
fn ics_urls_are_percent_encoded_uris() {
    let project = Project::minimal();
    let home = project.read("content/_index.md");
    project.file(
        "content/_index.md",
        home.replace("https://example.org/", "https://example.org/über/"),
    );
    let out = project.run(&["plan", "--interview", TUESDAY, "--format", "ics"]);
    out.success();
    let unfolded = out.stdout.replace("\r\n ", "");
    assert!(
        unfolded.contains("\r\nURL:https://example.org/%C3%BCber/#say-thanks\r\n"),
        "{unfolded}"
    );
    assert!(
        unfolded.contains(".\\nhttps://example.org/%C3%BCber/#say-thanks\r\n"),
        "the link in DESCRIPTION: {unfolded}"
    );
    // The text form is for people, and keeps the URL as written.
    project
        .run(&["plan", "--interview", TUESDAY])
        .stdout_has("https://example.org/über/#say-thanks\n");
}

#[test]
fn content_errors_are_reported_like_check() {
    let project = site();
    project.file(
        "content/checklists/extra.md",
        "---\nkind: checklist\ntitle: Extra\nitems:\n  - id: rest-more\n    text: Rest\n    due: within 24h of interviw\n---\n",
    );
    plan(&project, &[])
        .code(1)
        .stderr_has("content/checklists/extra.md:7:")
        .stderr_has("unknown event `interviw` (did you mean `interview`?)")
        .stderr_has("error: 1 error; no plan was made\n");
}

/// Assertions on the output of `plan`, beside those of `Run`.
trait StdoutIs {
    fn stdout_is(&self, expected: &str);
}

impl StdoutIs for Run {
    #[track_caller]
    fn stdout_is(&self, expected: &str) {
        self.success();
        assert_eq!(self.stdout, expected);
    }
}

/// The JSON rows, each with exactly the documented keys.
fn entries(out: &Run) -> Vec<Value> {
    out.success();
    let value: Value = serde_json::from_str(&out.stdout).expect("JSON output");
    let entries = value.as_array().expect("a JSON array").clone();
    for entry in &entries {
        let mut keys: Vec<&str> = entry
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "appears",
                "earliest",
                "id",
                "kind",
                "latest",
                "reason",
                "rest_day",
                "rule",
                "status",
                "title",
                "url",
                "waiting_for"
            ]
        );
    }
    entries
}
