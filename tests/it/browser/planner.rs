//! The planner and recruiter links in a real browser: the page script's rule evaluator
//! agrees with `rules.rs` case by case, entered dates show on every page and survive a
//! reload, the calendar export is valid, and a recruiter's link fills everything as text.

use serde_json::{Value, json};

use super::harness::{Browser, DEFAULT_WAIT, Page, StaticServer, js_string};
use crate::support::BuiltGuide;
use afterword::rules::{Facts, Rule, Stage};
use jiff::civil::{Date, date};

/// The bundled guide, built into a temporary folder and served.
fn serve_guide() -> (BuiltGuide, StaticServer) {
    let guide = BuiltGuide::build();
    let server = StaticServer::serve(guide.site());
    (guide, server)
}

/// Set a form control's value as a person would, firing `input` and `change`.
fn set(page: &Page<'_>, selector: &str, value: &str) {
    page.eval(&format!(
        "(() => {{ const e = document.querySelector({}); e.value = {}; e.dispatchEvent(new Event('input')); e.dispatchEvent(new Event('change')); }})()",
        js_string(selector),
        js_string(value)
    ));
}

#[test]
fn the_page_script_and_rules_rs_agree_on_every_case() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_project, server) = super::serve_minimal();
    let page = browser.new_page();
    page.goto(&server.url("/"));
    let rules = [
        "immediately",
        "within 24h of interview",
        "within 1 hour of interview when recruiter is involved",
        "2 business days after decision_date when decision_date is known",
        "0 business days after decision_date",
        "1 business day before decision_date",
        "5-7 days after interview when decision_date is unknown and stage is phone_screen",
        "7-10 days after interview when decision_date is unknown and stage is later_round",
        "14 days after interview when decision_date is unknown and follow_up is unknown",
        "14 days after follow_up when answer is unknown",
        "within 2 days of answer",
        "1-2 weeks before decision_date",
        "on decision_date when recruiter is not involved",
        "3 business days after follow_up when stage is not phone_screen",
        "within 24h of offer_accepted when answer is unknown",
        "on offer_accepted when offer_accepted is known",
    ];
    let some = |d: Date| Some(d);
    let facts = [
        // Thursday afternoon, a decision date on a Friday, a recruiter.
        Facts {
            interview: date(2026, 11, 26).at(14, 0, 0, 0),
            decision_date: some(date(2026, 12, 4)),
            follow_up: None,
            answer: None,
            offer_accepted: None,
            stage: Stage::LaterRound,
            recruiter: true,
        },
        // Late on New Year's Eve, a phone screen, no dates given.
        Facts {
            interview: date(2026, 12, 31).at(23, 30, 0, 0),
            decision_date: None,
            follow_up: None,
            answer: None,
            offer_accepted: None,
            stage: Stage::PhoneScreen,
            recruiter: false,
        },
        // A decision date on a Saturday, a follow-up sent, the answer in.
        Facts {
            interview: date(2027, 2, 26).at(9, 15, 0, 0),
            decision_date: some(date(2027, 3, 6)),
            follow_up: some(date(2027, 3, 10)),
            answer: some(date(2027, 3, 12)),
            offer_accepted: None,
            stage: Stage::LaterRound,
            recruiter: false,
        },
        // Leap day.
        Facts {
            interview: date(2028, 2, 28).at(17, 0, 0, 0),
            decision_date: some(date(2028, 2, 29)),
            follow_up: some(date(2028, 3, 1)),
            answer: None,
            offer_accepted: some(date(2028, 3, 3)),
            stage: Stage::PhoneScreen,
            recruiter: true,
        },
    ];
    let mut mismatches = Vec::new();
    let mut cases = 0;
    for f in &facts {
        let js_facts = json!({
            "interview": f.interview.strftime("%Y-%m-%dT%H:%M").to_string(),
            "decision_date": f.decision_date.map(|d| d.to_string()).unwrap_or_default(),
            "follow_up": f.follow_up.map(|d| d.to_string()).unwrap_or_default(),
            "answer": f.answer.map(|d| d.to_string()).unwrap_or_default(),
            "offer_accepted": f.offer_accepted.map(|d| d.to_string()).unwrap_or_default(),
            "stage": if f.stage == Stage::PhoneScreen { "phone_screen" } else { "later_round" },
            "recruiter": f.recruiter,
        });
        for text in rules {
            cases += 1;
            let rule = Rule::parse(text).unwrap();
            let expected = match rule.evaluate(f) {
                None => Value::Null,
                Some(due) => {
                    let (a, b) = due.iso();
                    json!([a, b])
                }
            };
            let got = page.eval(&format!(
                "(() => {{ const d = window.afterword.evaluate({}, {js_facts}); return d ? [d.earliest, d.latest] : null; }})()",
                js_string(&rule.compact())
            ));
            if got != expected {
                mismatches.push(format!(
                    "{text} with {js_facts}: rules.rs {expected}, script {got}"
                ));
            }
        }
    }
    assert_eq!(cases, rules.len() * facts.len());
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn planner_dates_show_on_every_page_and_export_to_a_calendar() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_out, server) = serve_guide();
    let page = browser.new_page();
    page.goto(&server.url("/"));
    page.wait_for("#planner:not([hidden])", DEFAULT_WAIT);
    assert_eq!(
        page.text("#thank-each-interviewer .due-date"),
        "",
        "no dates before an interview date is known"
    );
    // A Thursday-afternoon interview with a recruiter and a decision date on a Friday.
    set(&page, "#plan-interview", "2026-11-26T14:00");
    page.click("#plan-recruiter");
    set(&page, "#plan-decision", "2026-12-04");
    page.wait_for_text(
        "#thank-each-interviewer .due-date",
        "by Fri 27 Nov, 14:00",
        DEFAULT_WAIT,
    );
    page.reload();
    page.wait_for_text(
        "#thank-each-interviewer .due-date",
        "by Fri 27 Nov, 14:00",
        DEFAULT_WAIT,
    );
    assert_eq!(page.value("#plan-interview"), "2026-11-26T14:00");
    assert_eq!(
        page.eval("document.getElementById('plan-recruiter').checked"),
        json!(true)
    );

    page.goto(&server.url("/checklists/waiting-period/"));
    page.wait_for_text(
        "[data-plan-note]",
        "Dates are for your interview on Thu 26 Nov, 14:00. Change them",
        DEFAULT_WAIT,
    );
    let dates = page.eval(
        "[...document.querySelectorAll('[data-due]')].map(e => e.textContent).filter(Boolean)",
    );
    assert!(
        dates.as_array().unwrap().contains(&json!("on Tue 8 Dec")),
        "2 business days after Friday 4 December: {dates}"
    );
    page.assert_no_js_errors();

    // The calendar holds one event per due step on the home page, folded and CRLF-ended.
    page.goto(&server.url("/"));
    page.wait_for("#planner:not([hidden])", DEFAULT_WAIT);
    let ics = page
        .eval("window.afterword.calendar()")
        .as_str()
        .unwrap()
        .to_owned();
    let due = page
        .eval(
            "[...document.querySelectorAll('.step [data-due]')].filter(e => e.textContent).length",
        )
        .as_u64()
        .unwrap();
    assert!(
        ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Afterword//Planner//EN\r\n")
    );
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count() as u64, due);
    assert!(
        ics.contains("DTSTART:20261126T140000\r\nDTEND:20261127T140000\r\n"),
        "{ics}"
    );
    assert!(
        ics.contains("UID:thank-each-interviewer/20261126T1400@afterword\r\n"),
        "the same UID as `afterword plan`: {ics}"
    );
    assert!(
        ics.contains("DTSTART;VALUE=DATE:20261208\r\nDTEND;VALUE=DATE:20261209\r\n"),
        "{ics}"
    );
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "line over 75 octets: {line}");
        assert!(!line.contains('\n'), "bare newline in {line:?}");
    }
    page.click("[data-plan-clear]");
    page.wait_for_text("#thank-each-interviewer .due-date", "", DEFAULT_WAIT);
}

#[test]
fn a_recruiters_link_round_trips_and_hostile_values_stay_text() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    browser.grant_clipboard();
    let (_out, server) = serve_guide();
    let page = browser.new_page();
    page.goto(&server.url("/recruiters/"));
    page.wait_for("form[data-share]:not([hidden])", DEFAULT_WAIT);
    page.type_into("#share-candidate_name", "Sam");
    page.type_into("#share-company", "Acme & Sons");
    page.type_into("#share-role", "Data Engineer");
    set(&page, "#share-interview", "2026-11-24T14:00");
    page.type_into("#share-interviewers", "Priya Raman, Joe Bloggs");
    set(&page, "#share-decision", "2026-12-04");
    page.type_into("#share-recruiter_name", "Jo Smith");
    page.type_into("#share-recruiter_email", "jo@agency.example");
    let link = page.attr("[data-share-link]", "href").unwrap();
    assert_eq!(
        link,
        server.url("/#candidate_name=Sam&company=Acme%20%26%20Sons&role=Data%20Engineer&interview=2026-11-24T14%3A00&stage=later_round&interviewers=Priya%20Raman%2C%20Joe%20Bloggs&decision=2026-12-04&recruiter_name=Jo%20Smith&recruiter_email=jo%40agency.example&recruiter=yes")
    );
    page.click("[data-copy-link]");
    page.wait_for_text("[data-share-status]", "Link copied.", DEFAULT_WAIT);
    assert_eq!(page.eval("navigator.clipboard.readText()"), json!(link));

    // The candidate opens it: greeted, dates computed, templates filled, fragment gone.
    page.goto(&link);
    page.wait_for(".welcome", DEFAULT_WAIT);
    assert_eq!(
        page.text(".welcome"),
        "Hello Sam. Jo Smith (jo@agency.example) prepared this page for you: your interview for Data Engineer at Acme & Sons on Tue 24 Nov, 14:00. Your dates and email templates are filled in; it all stays in this browser."
    );
    assert_eq!(page.eval("location.hash"), json!(""));
    assert_eq!(page.value("#plan-interview"), "2026-11-24T14:00");
    assert_eq!(
        page.eval("document.getElementById('plan-recruiter').checked"),
        json!(true)
    );
    page.wait_for_text(
        "#thank-each-interviewer .due-date",
        "by Wed 25 Nov, 14:00",
        DEFAULT_WAIT,
    );
    page.goto(&server.url("/templates/thank-you-interviewer/"));
    page.wait_for_text("[data-blank=interviewer_name]", "Priya Raman", DEFAULT_WAIT);
    assert_eq!(page.value("#field-company"), "Acme & Sons");
    assert_eq!(page.value("#field-role"), "Data Engineer");
    page.assert_no_js_errors();

    // The same payload in every field of the link runs nothing and shows as text.
    let payload = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>";
    let encoded: String = payload.bytes().map(|b| format!("%{b:02X}")).collect();
    let fields = [
        "candidate_name",
        "company",
        "role",
        "interview",
        "stage",
        "interviewers",
        "decision",
        "recruiter_name",
        "recruiter_email",
        "recruiter",
        "interviewer_name",
    ];
    let fragment: Vec<String> = fields.iter().map(|f| format!("{f}={encoded}")).collect();
    for path in [
        "/",
        "/templates/thank-you-interviewer/",
        "/checklists/first-24-hours/",
    ] {
        page.goto(&format!("{}#{}", server.url(path), fragment.join("&")));
        page.wait_for(".welcome", DEFAULT_WAIT);
        std::thread::sleep(std::time::Duration::from_millis(200));
        assert_eq!(
            page.eval("typeof window.pwned"),
            json!("undefined"),
            "{path}"
        );
        assert_eq!(
            page.eval("document.querySelectorAll('main img, script:not([src])').length"),
            json!(0),
            "{path}"
        );
        assert!(
            page.text(".welcome").starts_with(&format!(
                "Hello {payload}. {payload} ({payload}) prepared this page for you"
            )),
            "{path}"
        );
        page.assert_no_js_errors();
    }
    page.goto(&server.url("/templates/thank-you-interviewer/"));
    page.wait_for_text("[data-blank=company]", payload, DEFAULT_WAIT);
    assert_eq!(
        page.eval("document.querySelectorAll('main img, script:not([src])').length"),
        json!(0)
    );
}

#[test]
fn every_heading_has_a_copy_link_control() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    browser.grant_clipboard();
    let (_out, server) = serve_guide();
    let page = browser.new_page();
    page.goto(&server.url("/guide/thank-you/"));
    page.wait_for("h2#when + .copy-heading", DEFAULT_WAIT);
    let headings = page.eval("document.querySelectorAll('main h2[id]').length");
    assert_eq!(
        page.text("h2#when"),
        "When to send it",
        "the button is not part of the heading's name"
    );
    let buttons = page.eval("document.querySelectorAll('main h2[id] + .copy-heading').length");
    assert_eq!(headings, buttons);
    assert!(
        page.attr("h2#when + .copy-heading", "aria-label")
            .unwrap()
            .starts_with("Copy link to “")
    );
    page.click("h2#when + .copy-heading");
    page.wait_for_text("h2#when + .copy-heading", "Copied", DEFAULT_WAIT);
    assert_eq!(
        page.eval("navigator.clipboard.readText()"),
        json!(server.url("/guide/thank-you/#when"))
    );
}
