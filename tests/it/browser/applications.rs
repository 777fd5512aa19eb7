//! Several applications at once, in a real browser: recruiters' links open or add them and
//! write into no other, the bar on every page switches, adds and deletes them by keyboard,
//! each keeps its own dates, template fields and ticks, version 1 data becomes one of them,
//! and a bad stored value never breaks a page.

use serde_json::{Value, json};

use super::harness::{
    Browser, DEFAULT_WAIT, Page, artifact_dir, axe, format_violations, js_string,
};
use super::planner::{clock, serve_planner, set};

const KEY: &str = "afterword/v2/applications";

/// What is stored, as JSON.
fn stored(page: &Page<'_>) -> Value {
    let text = page.eval(&format!("localStorage.getItem({})", js_string(KEY)));
    serde_json::from_str(text.as_str().expect("applications are stored")).expect("JSON")
}

/// The labels in the bar, and the one selected.
fn bar(page: &Page<'_>) -> Value {
    page.eval("[[...document.querySelectorAll('#app-pick option')].map(o => o.textContent), document.querySelector('#app-pick').selectedOptions[0].textContent]")
}

#[test]
fn two_recruiter_links_make_two_applications_that_never_share_a_value() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_project, server) = serve_planner();
    let page = browser.new_page();
    let out = artifact_dir("two_applications");

    // The first link: Acme. On a first visit it fills the one application there is.
    page.goto(&server.url("/#candidate_name=Sam&company=Acme&role=Data%20Engineer&interview=2026-11-26T14%3A00&interviewers=Priya%20Raman%2C%20Joe&recruiter_name=Jo&recruiter=yes"));
    page.wait_for(".welcome", DEFAULT_WAIT);
    assert_eq!(
        page.text(".welcome"),
        "Hello Sam. Jo prepared this page for you: your interview for Data Engineer at Acme on Thu 26 Nov, 14:00. Your dates and email templates are filled in; it all stays in this browser."
    );
    assert_eq!(page.eval("location.hash"), json!(""));
    assert_eq!(
        bar(&page),
        json!([["Acme — Data Engineer"], "Acme — Data Engineer"])
    );
    assert_eq!(page.value("#plan-interview"), "2026-11-26");
    assert_eq!(page.value("#plan-interview-time"), "14:00");
    assert_eq!(page.value("#plan-recruiter"), "involved");
    page.goto(&server.url("/templates/thanks/"));
    page.wait_for_text("[data-blank=interviewer_name]", "Priya Raman", DEFAULT_WAIT);
    assert_eq!(page.value("#field-company"), "Acme");
    page.type_into("#field-interviewer_name", " (Acme)");
    page.goto(&server.url("/checklists/day-one/"));
    page.wait_for_text("[data-progress]", "0 of 3 done", DEFAULT_WAIT);
    page.click("#check-rest");
    page.wait_for_text("[data-progress]", "1 of 3 done", DEFAULT_WAIT);

    // The second link, from another page: Globex, a new application with nothing of Acme's.
    page.goto(&server.url("/checklists/day-one/#company=Globex&role=Analyst&interview=2026-12-01T09%3A30&stage=phone_screen"));
    page.wait_for(".welcome", DEFAULT_WAIT);
    assert!(
        page.text(".welcome").contains("as a new application"),
        "{}",
        page.text(".welcome")
    );
    assert_eq!(
        bar(&page),
        json!([
            ["Acme — Data Engineer", "Globex — Analyst"],
            "Globex — Analyst"
        ])
    );
    page.wait_for_text("[data-progress]", "0 of 3 done", DEFAULT_WAIT);
    page.goto(&server.url("/templates/thanks/"));
    page.wait_for_text("[data-blank=company]", "Globex", DEFAULT_WAIT);
    assert_eq!(
        page.value("#field-interviewer_name"),
        "",
        "Acme's interviewer stays Acme's"
    );
    page.type_into("#field-interviewer_name", "Lee");
    page.goto(&server.url("/"));
    page.wait_for("#planner:not([hidden])", DEFAULT_WAIT);
    page.eval("document.getElementById('planner').open = true");
    assert_eq!(page.value("#plan-interview"), "2026-12-01");
    assert_eq!(page.value("#plan-stage"), "phone_screen");
    assert_eq!(page.value("#plan-recruiter"), "not_involved");

    // Switching in the bar shows the other application's values at once, on any page.
    page.goto(&server.url("/templates/thanks/"));
    page.wait_for_text("[data-blank=interviewer_name]", "Lee", DEFAULT_WAIT);
    page.eval("document.getElementById('app-pick').focus()");
    page.press_key("ArrowUp");
    page.wait_for_text(
        "[data-blank=interviewer_name]",
        "Priya Raman (Acme)",
        DEFAULT_WAIT,
    );
    assert_eq!(page.value("#field-company"), "Acme");
    assert_eq!(
        page.text(".apps [role=status]"),
        "Showing Acme — Data Engineer."
    );
    page.goto(&server.url("/checklists/day-one/"));
    page.wait_for_text("[data-progress]", "1 of 3 done", DEFAULT_WAIT);
    assert_eq!(
        page.eval("document.getElementById('check-rest').checked"),
        json!(true)
    );

    // A link for the same company and role, written differently, opens Acme again and
    // writes into it only.
    page.goto(&server.url("/#company=%20ACME&role=data%20engineer&decision_date=2026-12-04"));
    page.wait_for(".welcome", DEFAULT_WAIT);
    assert_eq!(
        bar(&page),
        json!([
            ["Acme — Data Engineer", "Globex — Analyst"],
            "Acme — Data Engineer"
        ])
    );
    assert_eq!(page.value("#plan-decision_date"), "2026-12-04");
    let apps = stored(&page)["apps"].as_array().unwrap().clone();
    assert_eq!(apps.len(), 2);
    let (acme, globex) = (apps[0].to_string(), apps[1].to_string());
    for value in [
        "Priya",
        "Sam",
        "Jo",
        "2026-11-26",
        "2026-12-04",
        "rest",
        "involved",
    ] {
        assert!(acme.contains(value), "{value} in {acme}");
        assert!(!globex.contains(value), "{value} leaked into {globex}");
    }
    for value in ["Lee", "2026-12-01", "phone_screen"] {
        assert!(globex.contains(value), "{value} in {globex}");
        assert!(!acme.contains(value), "{value} leaked into {acme}");
    }

    // Screenshots of the home page with two applications, on a phone and a laptop.
    clock(&page, "2026-11-27T10:00");
    page.screenshot(&out.join("home-390.png"), 390, 844, false);
    page.screenshot(&out.join("home-390-dark.png"), 390, 844, true);
    page.screenshot(&out.join("home-1280.png"), 1280, 800, false);
    for dark in [true, false] {
        page.set_dark_mode(dark);
        let violations = axe(&page);
        assert!(
            violations.is_empty(),
            "dark: {dark}: {}",
            format_violations(&violations)
        );
    }

    // Escape closes what the bar opened, and gives the focus back.
    page.click("[aria-controls=app-add]");
    page.press_key("Escape");
    assert_eq!(
        page.eval("document.getElementById('app-add').hidden"),
        json!(true)
    );
    assert_eq!(page.eval("document.activeElement.id"), json!("app-pick"));

    // Add one by keyboard: the form opens with the focus in it, Enter adds.
    page.click("[aria-controls=app-add]");
    assert_eq!(
        page.attr("[aria-controls=app-add]", "aria-expanded")
            .as_deref(),
        Some("true")
    );
    assert_eq!(page.eval("document.activeElement.id"), json!("app-company"));
    page.type_into("#app-company", "Initech");
    page.type_into("#app-role", "Engineer\n");
    page.wait_until("document.querySelector('#app-add').hidden", DEFAULT_WAIT);
    assert_eq!(
        bar(&page),
        json!([
            [
                "Acme — Data Engineer",
                "Globex — Analyst",
                "Initech — Engineer"
            ],
            "Initech — Engineer"
        ])
    );
    assert_eq!(page.eval("document.activeElement.id"), json!("app-pick"));
    assert_eq!(
        page.value("#plan-interview"),
        "",
        "a new application starts empty"
    );
    assert!(
        page.text("#now")
            .contains("Enter the date of your interview")
    );

    // Delete it, after a question that names it.
    page.click("[aria-controls=app-del]");
    assert_eq!(
        page.text("#app-del span"),
        "Delete Initech — Engineer and all that is saved for it in this browser?"
    );
    let violations = axe(&page);
    assert!(violations.is_empty(), "{}", format_violations(&violations));
    page.click("[data-app-delete]");
    page.wait_until("document.querySelector('#app-del').hidden", DEFAULT_WAIT);
    assert_eq!(
        bar(&page)[0],
        json!(["Acme — Data Engineer", "Globex — Analyst"])
    );
    assert!(
        page.text(".apps [role=status]")
            .starts_with("Deleted Initech — Engineer.")
    );
    // "Keep it" deletes nothing.
    page.click("[aria-controls=app-del]");
    page.click("#app-del [data-app-cancel]");
    assert_eq!(
        bar(&page)[0],
        json!(["Acme — Data Engineer", "Globex — Analyst"])
    );
    page.assert_no_js_errors();
}

#[test]
fn version_1_data_becomes_one_application() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_project, server) = serve_planner();
    let page = browser.new_page();
    page.goto(&server.url("/"));
    page.eval(
        r#"(() => {
            localStorage.clear();
            localStorage.setItem('afterword/v1/plan', JSON.stringify({ interview: '2026-11-26T14:00', decision: '2026-12-04', stage: 'phone_screen', recruiter: 'yes', follow_up: '', answer: 'soon' }));
            localStorage.setItem('afterword/v1/fields', JSON.stringify({ company: 'Acme', role: 'Analyst', interviewer_name: 'Priya' }));
            localStorage.setItem('afterword/v1/checklist/checklists/day-one/', JSON.stringify({ ticked: { 'send-notes': true, rest: true } }));
        })()"#,
    );
    page.goto(&server.url("/checklists/day-one/"));
    page.wait_for_text("[data-progress]", "2 of 3 done", DEFAULT_WAIT);
    assert_eq!(
        page.eval("Object.keys(localStorage)"),
        json!([KEY]),
        "version 1 keys go once version 2 is written"
    );
    let app = &stored(&page)["apps"][0];
    assert_eq!(
        app["events"],
        json!({ "interview": "2026-11-26T14:00", "decision_date": "2026-12-04" })
    );
    assert_eq!(
        app["facts"],
        json!({ "stage": "phone_screen", "recruiter": "involved" })
    );
    assert_eq!(app["fields"]["interviewer_name"], json!("Priya"));
    // Every item keeps its own tick; the thank-you step, shown by one ticked item, is done.
    assert_eq!(
        app["ticks"],
        json!({ "/checklists/day-one/#rest": true, "/checklists/day-one/#send-notes": true })
    );
    assert_eq!(bar(&page), json!([["Acme — Analyst"], "Acme — Analyst"]));
    page.goto(&server.url("/"));
    page.wait_for("#planner:not([hidden])", DEFAULT_WAIT);
    page.eval("document.getElementById('planner').open = true");
    clock(&page, "2026-11-27T10:00");
    assert_eq!(
        page.attr("#say-thanks", "data-state").as_deref(),
        Some("done")
    );
    assert_eq!(page.value("#plan-decision_date"), "2026-12-04");
    page.goto(&server.url("/templates/thanks/"));
    page.wait_for_text("[data-blank=interviewer_name]", "Priya", DEFAULT_WAIT);
    page.assert_no_js_errors();
}

#[test]
fn a_bad_stored_value_never_breaks_a_page() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_project, server) = serve_planner();
    let page = browser.new_page();
    page.goto(&server.url("/"));
    let bad = json!({
        "current": 5,
        "apps": [
            null,
            "junk",
            { "id": "<b>", "fields": { "company": 7, "role": "R\u{0}ole", "__proto__": "x", "constructor": "c" },
              "events": { "interview": "yesterday", "decision_date": "2026-13-01", "answer": "2026-12-04T10:00",
                          "follow_up": ["2026-12-01"], "meteor": "2026-12-02" },
              "facts": { "stage": "final", "recruiter": "involved", "colour": "red" },
              "ticks": { "a": "yes", "b": true, "/checklists/day-one/#rest": true } },
        ],
    });
    for raw in [
        bad.to_string(),
        "{".to_owned(),
        "[1,2]".to_owned(),
        "null".to_owned(),
    ] {
        page.eval(&format!(
            "localStorage.clear(); localStorage.setItem({}, {})",
            js_string(KEY),
            js_string(&raw)
        ));
        for path in ["/", "/checklists/day-one/", "/templates/thanks/"] {
            page.goto(&server.url(path));
            page.wait_for(".apps:not([hidden]) option", DEFAULT_WAIT);
            page.assert_no_js_errors();
        }
    }
    page.eval(&format!(
        "localStorage.setItem({}, {})",
        js_string(KEY),
        js_string(&bad.to_string())
    ));
    page.goto(&server.url("/"));
    page.wait_for(".apps:not([hidden]) option", DEFAULT_WAIT);
    let app = &stored(&page)["apps"][0];
    assert_eq!(
        app["fields"],
        json!({ "company": "", "role": "R ole", "constructor": "c" })
    );
    assert_eq!(app["events"], json!({ "answer": "2026-12-04" }));
    assert_eq!(app["facts"], json!({ "recruiter": "involved" }));
    // `a` is not ticked; `b` is kept under no item nor an action of the site, so it goes.
    assert_eq!(app["ticks"], json!({ "/checklists/day-one/#rest": true }));
    assert_eq!(bar(&page), json!([["R ole"], "R ole"]));
    page.goto(&server.url("/templates/thanks/"));
    page.wait_for("form.fields:not([hidden])", DEFAULT_WAIT);
    assert_eq!(page.value("#field-interviewer_name"), "");
    page.assert_no_js_errors();
}

#[test]
fn link_values_stay_text_and_are_cut_between_characters() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_project, server) = serve_planner();
    let page = browser.new_page();
    let payload = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>";
    let encoded: String = payload.bytes().map(|b| format!("%{b:02X}")).collect();
    let keys = [
        "candidate_name",
        "company",
        "role",
        "interview",
        "stage",
        "interviewers",
        "decision",
        "decision_date",
        "recruiter_name",
        "recruiter_email",
        "recruiter",
        "interviewer_name",
    ];
    let fragment: Vec<String> = keys.iter().map(|k| format!("{k}={encoded}")).collect();
    for path in ["/", "/templates/thanks/", "/checklists/day-one/"] {
        page.goto(&format!("{}#{}", server.url(path), fragment.join("&")));
        page.wait_for(".welcome", DEFAULT_WAIT);
        std::thread::sleep(std::time::Duration::from_millis(200));
        assert_eq!(
            page.eval("typeof window.pwned"),
            json!("undefined"),
            "{path}"
        );
        assert_eq!(
            page.eval("document.querySelectorAll('main img, script:not([src]):not([type=\"application/json\"])').length"),
            json!(0),
            "{path}"
        );
        assert!(
            page.text(".welcome").starts_with(&format!(
                "Hello {payload}. {payload} ({payload}) prepared this page"
            )),
            "{path}: {}",
            page.text(".welcome")
        );
        page.assert_no_js_errors();
    }
    page.goto(&server.url("/templates/thanks/"));
    page.wait_for_text("[data-blank=company]", payload, DEFAULT_WAIT);
    assert_eq!(bar(&page)[1], json!(format!("{payload} — {payload}")));

    // 199 letters and an emoji (two UTF-16 units): the cut at 200 characters keeps it whole.
    let long = format!("{}😀{}", "x".repeat(199), "y".repeat(50));
    page.goto(&format!(
        "{}#company=Long&interviewer_name={}",
        server.url("/templates/thanks/"),
        long.replace('😀', "%F0%9F%98%80")
    ));
    page.wait_for_text("[data-blank=company]", "Long", DEFAULT_WAIT);
    assert_eq!(
        page.value("#field-interviewer_name"),
        format!("{}😀", "x".repeat(199))
    );
    page.assert_no_js_errors();
}

#[test]
fn the_share_page_builds_a_link_in_the_sites_words_that_fills_the_candidates_pages() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    browser.grant_clipboard();
    let (project, _) = serve_planner();
    project.file(
        "content/recruiters.md",
        "---\ntitle: For recruiters\ndescription: Build a personalised link.\nlayout: share.html\n---\n\nSend one link.\n",
    );
    project.run(&["build"]).success();
    let server = super::harness::StaticServer::serve(&project.path("public"));
    let page = browser.new_page();
    page.goto(&server.url("/recruiters/"));
    page.wait_for("form[data-share]:not([hidden])", DEFAULT_WAIT);
    // A field for every event and fact the site declares, named as the site names them.
    let names =
        page.eval("[...document.querySelectorAll('form[data-share] [name]')].map(e => e.name)");
    assert_eq!(
        names,
        json!([
            "candidate_name",
            "company",
            "role",
            "interview",
            "interview_time",
            "decision_date",
            "follow_up",
            "answer",
            "offer_accepted",
            "stage",
            "recruiter",
            "interviewers",
            "recruiter_name",
            "recruiter_email"
        ])
    );
    page.type_into("#share-candidate_name", "Sam");
    page.type_into("#share-company", "Acme & Sons");
    page.type_into("#share-role", "Data Engineer");
    set(&page, "#share-interview", "2026-11-24");
    set(&page, "#share-interview-time", "14:00");
    set(&page, "#share-decision_date", "2026-12-04");
    set(&page, "#share-recruiter", "involved");
    page.type_into("#share-interviewers", "Priya Raman, Joe Bloggs");
    page.type_into("#share-recruiter_name", "Jo Smith");
    let link = page.attr("[data-share-link]", "href").unwrap();
    assert_eq!(
        link,
        server.url("/#candidate_name=Sam&company=Acme%20%26%20Sons&role=Data%20Engineer&interview=2026-11-24T14%3A00&decision_date=2026-12-04&recruiter=involved&interviewers=Priya%20Raman%2C%20Joe%20Bloggs&recruiter_name=Jo%20Smith")
    );
    page.click("[data-copy-link]");
    page.wait_for_text("[data-share-status]", "Link copied.", DEFAULT_WAIT);
    assert_eq!(page.eval("navigator.clipboard.readText()"), json!(link));
    assert!(page.exists("[data-share-qr] svg"));
    let violations = axe(&page);
    assert!(violations.is_empty(), "{}", format_violations(&violations));

    // The candidate opens it.
    page.goto(&link);
    page.wait_for(".welcome", DEFAULT_WAIT);
    assert_eq!(
        page.text(".welcome"),
        "Hello Sam. Jo Smith prepared this page for you: your interview for Data Engineer at Acme & Sons on Tue 24 Nov, 14:00. Your dates and email templates are filled in; it all stays in this browser."
    );
    assert_eq!(page.value("#plan-interview-time"), "14:00");
    assert_eq!(page.value("#plan-decision_date"), "2026-12-04");
    assert_eq!(page.value("#plan-recruiter"), "involved");
    page.goto(&server.url("/templates/thanks/"));
    page.wait_for_text("[data-blank=interviewer_name]", "Priya Raman", DEFAULT_WAIT);
    assert_eq!(page.value("#field-company"), "Acme & Sons");
    page.assert_no_js_errors();
}

#[test]
fn every_heading_has_a_copy_link_control() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    browser.grant_clipboard();
    let (_project, server) = super::serve_minimal();
    let page = browser.new_page();
    page.goto(&server.url("/guide/thanks/"));
    page.wait_for("h2#when + .copy-heading", DEFAULT_WAIT);
    assert_eq!(
        page.text("h2#when"),
        "When to send",
        "the button is not part of the heading's name"
    );
    assert_eq!(
        page.eval("document.querySelectorAll('main h2[id]').length"),
        page.eval("document.querySelectorAll('main h2[id] + .copy-heading').length")
    );
    assert!(
        page.attr("h2#when + .copy-heading", "aria-label")
            .unwrap()
            .starts_with("Copy link to “")
    );
    page.click("h2#when + .copy-heading");
    page.wait_for_text("h2#when + .copy-heading", "Copied", DEFAULT_WAIT);
    assert_eq!(
        page.eval("navigator.clipboard.readText()"),
        json!(server.url("/guide/thanks/#when"))
    );
}
