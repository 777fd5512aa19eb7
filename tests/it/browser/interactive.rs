//! Checklists and templates as a candidate uses them, in a real browser: ticks that survive
//! reloads and restarts, a live email preview, values from a recruiter's link that stay
//! text, and zero axe-core violations on every page type of the bundled guide.

use std::time::Duration;

use serde_json::json;

use super::harness::{Browser, DEFAULT_WAIT, StaticServer, axe, format_violations, js_string};
use crate::support::BuiltGuide;

fn checked(page: &super::harness::Page<'_>, id: &str) -> bool {
    page.eval(&format!(
        "document.getElementById({}).checked",
        js_string(id)
    )) == json!(true)
}

#[test]
fn checklist_ticks_survive_reload_restart_and_content_changes() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (project, server) = super::serve_minimal();
    let url = server.url("/checklists/day-one/");

    let page = browser.new_page();
    page.goto(&url);
    page.wait_for_text("[data-progress]", "0 of 2 done", DEFAULT_WAIT);
    assert_eq!(
        page.attr(".tools", "hidden"),
        None,
        "the tools are shown when the script runs"
    );
    page.click("#check-send-notes");
    page.wait_for_text("[data-progress]", "1 of 2 done", DEFAULT_WAIT);
    page.reload();
    page.wait_for_text("[data-progress]", "1 of 2 done", DEFAULT_WAIT);
    assert!(checked(&page, "check-send-notes"));
    assert!(!checked(&page, "check-rest"));
    // Keyboard: focus the second box and press Space.
    page.eval("document.getElementById('check-rest').focus()");
    page.press_key(" ");
    page.wait_for_text("[data-progress]", "2 of 2 done", DEFAULT_WAIT);
    page.assert_no_js_errors();
    drop(page);

    let browser = browser.restart();
    let page = browser.new_page();
    page.goto(&url);
    page.wait_for_text("[data-progress]", "2 of 2 done", DEFAULT_WAIT);
    assert!(checked(&page, "check-send-notes") && checked(&page, "check-rest"));

    // The site owner removes an item: the other keeps its tick and nothing breaks.
    let text = project
        .read("content/checklists/day-one.md")
        .replace("  - id: rest\n    text: Rest\n", "");
    project.file("content/checklists/day-one.md", text);
    project.run(&["build"]).success();
    page.goto(&url);
    page.wait_for_text("[data-progress]", "1 of 1 done", DEFAULT_WAIT);
    assert!(checked(&page, "check-send-notes"));
    assert!(!page.exists("#check-rest"));

    page.click("[data-reset]");
    page.wait_for_text("[data-progress]", "0 of 1 done", DEFAULT_WAIT);
    page.reload();
    page.wait_for_text("[data-progress]", "0 of 1 done", DEFAULT_WAIT);
    assert!(!checked(&page, "check-send-notes"));
    assert_eq!(
        page.eval("Object.keys(localStorage)"),
        json!(["afterword/v2/applications"]),
        "one versioned key for every application"
    );
    assert_eq!(
        page.eval("JSON.parse(localStorage.getItem('afterword/v2/applications')).apps[0].ticks"),
        json!({}),
        "cleared ticks are gone, those of the removed item too"
    );
    page.assert_no_js_errors();
}

#[test]
fn template_preview_copy_mailto_and_recruiter_fragment() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    browser.grant_clipboard();
    let (_project, server) = super::serve_minimal();
    let url = server.url("/templates/thanks/");

    let page = browser.new_page();
    page.goto(&url);
    page.wait_for("form.fields:not([hidden])", DEFAULT_WAIT);
    assert_eq!(page.text("[data-subject]"), "Thank you, [Interviewer name]");
    // The theme styles the form: each input fills its field's width.
    assert_eq!(
        page.eval("(() => { const i = document.getElementById('field-company'); return i.offsetWidth === i.parentElement.clientWidth; })()"),
        json!(true)
    );
    page.type_into("#field-interviewer_name", "Priya");
    page.wait_for_text("[data-subject]", "Thank you, Priya", DEFAULT_WAIT);
    // The optional P.S. is left out while its field is empty.
    assert_eq!(
        page.text("[data-body]").trim(),
        "Dear Priya,\n\nThank you for meeting me at [Company] today.\nBest wishes"
    );
    assert_eq!(page.text("[data-wordcount]"), "11 words (keep it under 60)");
    // A needed field is blank: copying says which first, and copies only on a second word.
    page.click("[data-copy=body]");
    page.wait_for_text(
        "[data-copy-status]",
        "Still blank: Company. Copy it anyway Fill in Company",
        DEFAULT_WAIT,
    );
    page.click("[data-copy-status] [data-go]");
    page.wait_for_text("[data-copy-status]", "Text copied.", DEFAULT_WAIT);
    assert_eq!(
        page.eval("navigator.clipboard.readText()"),
        json!("Dear Priya,\n\nThank you for meeting me at ____ today.\nBest wishes"),
        "the gap is marked, never labelled"
    );
    page.type_into("#field-company", "Acme");
    page.type_into("#field-extra", "I've sent the slides.");
    page.type_into("#field-email", "priya@acme.example");
    page.wait_for_text("[data-blank=extra]", "I've sent the slides.", DEFAULT_WAIT);
    assert_eq!(
        page.attr("[data-mailto]", "href").unwrap(),
        "mailto:priya@acme.example?subject=Thank%20you%2C%20Priya&body=Dear%20Priya%2C%0A%0AThank%20you%20for%20meeting%20me%20at%20Acme%20today.%0ABest%20wishes%0A%0AP.S.%20I've%20sent%20the%20slides."
    );
    page.click("[data-copy=subject]");
    page.wait_for_text("[data-copy-status]", "Subject copied.", DEFAULT_WAIT);
    assert_eq!(
        page.eval("navigator.clipboard.readText()"),
        json!("Thank you, Priya")
    );
    page.click("[data-copy=body]");
    page.wait_for_text("[data-copy-status]", "Text copied.", DEFAULT_WAIT);
    assert_eq!(
        page.eval("navigator.clipboard.readText()"),
        json!(
            "Dear Priya,\n\nThank you for meeting me at Acme today.\nBest wishes\n\nP.S. I've sent the slides."
        )
    );
    for field in ["company", "extra", "email"] {
        page.eval(&format!("document.getElementById('field-{field}').value = ''; document.getElementById('field-{field}').dispatchEvent(new Event('input', {{ bubbles: true }}))"));
    }

    // A recruiter's link fills declared fields; undeclared keys are ignored; values are capped.
    let long = "x".repeat(500);
    page.goto(&format!(
        "{url}#company=Acme%20Ltd&colour=red&interviewer_name={long}"
    ));
    page.wait_for_text("[data-blank=company]", "Acme Ltd", DEFAULT_WAIT);
    assert_eq!(page.value("#field-company"), "Acme Ltd");
    assert_eq!(page.value("#field-interviewer_name").len(), 200);
    // Kept as the application's fields; `colour`, no field, event or fact of the site, only
    // waits for a page that knows the site's events and facts, which drops it.
    let fields = page.eval("JSON.stringify(afterword.app().fields)");
    assert!(
        fields
            .as_str()
            .is_some_and(|s| s.contains("Acme Ltd") && !s.contains("colour")),
        "{fields}"
    );
    page.goto(&server.url("/checklists/day-one/"));
    page.wait_for("[data-progress]:not(:empty)", DEFAULT_WAIT);
    let stored = page.eval("localStorage.getItem('afterword/v2/applications')");
    assert!(!stored.to_string().contains("colour"), "{stored}");

    // Hostile values stay text and run nothing.
    let payload = "<img src=x onerror=\"window.pwned=1\">";
    let encoded: String = payload.bytes().map(|b| format!("%{b:02X}")).collect();
    page.goto(&format!("{url}#company={encoded}"));
    page.wait_for_text("[data-blank=company]", payload, DEFAULT_WAIT);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        page.eval("document.querySelectorAll('article img').length"),
        json!(0)
    );
    assert_eq!(page.eval("typeof window.pwned"), json!("undefined"));
    assert_eq!(page.value("#field-company"), payload);
    page.assert_no_js_errors();

    // The values stay for the next visit, and fill every template.
    page.goto(&url);
    page.wait_for_text("[data-blank=company]", payload, DEFAULT_WAIT);
}

#[test]
fn an_alias_redirects_and_keeps_the_fragment() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_project, server) = super::serve_minimal();
    let page = browser.new_page();
    page.goto(&server.url("/old/thanks/#when"));
    page.wait_until(
        "location.pathname === '/guide/thanks/' && location.hash === '#when'",
        DEFAULT_WAIT,
    );
    page.assert_no_js_errors();
}

#[test]
fn every_page_type_of_the_bundled_guide_has_no_axe_violations() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let guide = BuiltGuide::build();
    let server = StaticServer::serve(guide.site());
    let page = browser.new_page();
    let mut report = Vec::new();
    for path in [
        "/",
        "/guide/",
        "/guide/thank-you/",
        "/checklists/",
        "/checklists/first-24-hours/",
        "/templates/",
        "/templates/thank-you-interviewer/",
        "/recruiters/",
        "/booklet/",
        "/no-such-page/",
    ] {
        for dark in [false, true] {
            page.set_dark_mode(dark);
            let status = page.navigate(&server.url(path));
            assert_eq!(
                status,
                if path == "/no-such-page/" { 404 } else { 200 },
                "{path}"
            );
            let violations = axe(&page);
            if !violations.is_empty() {
                report.push(format!(
                    "{path} (dark: {dark}):\n{}",
                    format_violations(&violations)
                ));
            }
            if path != "/no-such-page/" {
                page.assert_no_js_errors();
            }
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
}

#[test]
fn with_javascript_off_checklists_and_templates_still_read_and_print() {
    let Some(browser) = Browser::launch_for_print() else {
        return;
    };
    let (_project, server) = super::serve_minimal();
    let page = browser.new_page();
    page.set_javascript(false);
    page.goto(&server.url("/checklists/day-one/"));
    assert_eq!(
        page.eval("typeof window.afterword"),
        json!("undefined"),
        "the page's scripts did not run"
    );
    // Plain, unticked boxes with their labels; the controls that need a script stay hidden.
    assert_eq!(
        page.eval("document.querySelectorAll('input[type=checkbox]:not(:checked)').length"),
        json!(2)
    );
    assert_eq!(
        page.eval("document.querySelector('.tools').hidden"),
        json!(true)
    );
    assert_eq!(
        page.text("label[for=check-send-notes]"),
        "Send a thank-you note to each interviewer"
    );
    let pdf = super::harness::artifact_dir("with_javascript_off").join("checklist.pdf");
    page.set_print_media(true);
    page.print_pdf(&pdf, super::harness::Paper::A4);
    assert_eq!(super::harness::pdf_pages(&pdf), 1);
    assert!(super::harness::pdf_text(&pdf).contains("Send a thank-you note to each interviewer"));

    page.set_print_media(false);
    page.goto(&server.url("/templates/thanks/"));
    assert_eq!(page.text("[data-subject]"), "Thank you, [Interviewer name]");
    assert_eq!(
        page.eval("document.querySelector('form.fields').hidden"),
        json!(true),
        "no inputs that would do nothing"
    );
    assert!(
        page.text("[data-body]")
            .contains("Thank you for meeting me at [Company] today.")
    );
}

/// The scripts of the personal layer a page has loaded, by file name, sorted.
fn layer_loaded(page: &super::harness::Page<'_>) -> Vec<String> {
    let names = page.eval(
        "performance.getEntriesByType('resource').map(e => new URL(e.name).pathname.slice(1))\
         .filter(n => ['words.js', 'store.js', 'apps.js', 'rules.js', 'timing.js', 'checklist.js', 'template.js'].includes(n))",
    );
    let mut names: Vec<String> = serde_json::from_value(names).unwrap();
    names.sort();
    names
}

#[test]
fn a_first_visit_loads_no_personal_script_until_the_candidate_starts_and_loses_nothing() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let guide = BuiltGuide::build();
    let server = StaticServer::serve(guide.site());
    let page = browser.new_page();

    // A first visit reads the checklist with its count, but loads none of the layer.
    page.goto(&server.url("/checklists/first-24-hours/"));
    let count = page.text("[data-progress]");
    assert!(count.starts_with("0 of "), "{count}");
    assert_eq!(layer_loaded(&page), Vec::<String>::new());
    assert!(
        !page.exists("[data-apps]"),
        "no application bar before the layer"
    );

    // A tick loads it, is kept, and the page loads it at once from then on.
    let first = page.eval("document.querySelector('[data-item]').id");
    let first = first.as_str().unwrap();
    let top = format!("document.getElementById('{first}').getBoundingClientRect().top");
    // At the top of the page, where the browser's own scroll anchoring does not help.
    page.set_viewport(1280, 1000);
    page.eval("scrollTo(0, 0)");
    let before = page.eval(&top);
    assert!(
        before.as_f64().unwrap() < 950.0,
        "the item is on the first screen: {before}"
    );
    page.click(&format!("#{first}"));
    page.wait_for_text(
        "[data-progress]",
        &count.replacen("0 of", "1 of", 1),
        DEFAULT_WAIT,
    );
    // The application bar the layer adds above it does not move the box under the finger.
    assert!(page.exists("[data-apps]:not([hidden])"));
    assert_eq!(page.eval(&top), before);
    page.reload();
    page.wait_for_text(
        "[data-progress]",
        &count.replacen("0 of", "1 of", 1),
        DEFAULT_WAIT,
    );
    assert!(checked(&page, first));
    assert_eq!(
        layer_loaded(&page),
        [
            "apps.js",
            "checklist.js",
            "rules.js",
            "store.js",
            "timing.js",
            "words.js"
        ]
    );
    assert!(page.exists("[data-apps]:not([hidden])"));
    // Three items show the recruiter's debrief: each has its own tick, and the action is
    // done once all three are.
    let done = "afterword.done(afterword.app(), 'debrief-recruiter')";
    assert_eq!(first, "check-debrief-recruiter");
    assert_eq!(page.eval(done), json!(false));
    page.click("#check-thank-recruiter");
    page.click("#check-ask-recruiter-timescale");
    page.wait_for_text(
        "[data-progress]",
        &count.replacen("0 of", "3 of", 1),
        DEFAULT_WAIT,
    );
    assert_eq!(page.eval(done), json!(true));
    page.assert_no_js_errors();

    // Text typed in a template while the layer is still loading is kept and shown.
    page.eval("localStorage.clear()");
    page.goto(&server.url("/templates/follow-up/"));
    assert_eq!(layer_loaded(&page), Vec::<String>::new());
    page.type_into("#field-company", "Northwind");
    page.wait_for_text("[data-blank=company]", "Northwind", DEFAULT_WAIT);
    page.reload();
    assert_eq!(page.value("#field-company"), "Northwind");
    page.wait_for_text("[data-blank=company]", "Northwind", DEFAULT_WAIT);

    // "Open in my email app" pressed before the layer has run never opens an empty email:
    // once the layer has run, it says what is still blank.
    page.eval("localStorage.clear()");
    page.goto(&server.url("/templates/follow-up/"));
    page.click("[data-mailto]");
    page.wait_until(
        "(document.querySelector('[data-copy-status]') || {}).textContent?.startsWith('Still blank: ')",
        DEFAULT_WAIT,
    );
    assert!(
        page.url().ends_with("/templates/follow-up/"),
        "{}",
        page.url()
    );

    // A button pressed before the layer has run is pressed again once it has.
    page.eval("localStorage.clear()");
    page.goto(&server.url("/"));
    page.click("[data-open-planner]");
    page.wait_until(
        "document.getElementById('planner').open && document.activeElement.id === 'plan-interview'",
        DEFAULT_WAIT,
    );
    page.assert_no_js_errors();
}

#[test]
fn a_tick_made_while_the_personal_layer_cannot_load_waits_for_it() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (project, server) = super::serve_minimal();
    // The network drops before the site was ever kept: one script of the layer fails.
    let store = project.path("public/store.js");
    let away = project.path("public/store.js.away");
    std::fs::rename(&store, &away).unwrap();
    let page = browser.new_page();
    page.goto(&server.url("/checklists/day-one/"));
    page.click("#check-send-notes");
    page.wait_until(
        "performance.getEntriesByType('resource').some(e => e.name.includes('/store.js'))",
        DEFAULT_WAIT,
    );
    assert_eq!(page.text("[data-progress]"), "0 of 2 done");
    // Back online: the next tick loads the layer, and both ticks are kept.
    std::fs::rename(&away, &store).unwrap();
    page.click("#check-rest");
    page.wait_for_text("[data-progress]", "2 of 2 done", DEFAULT_WAIT);
    page.reload();
    page.wait_for_text("[data-progress]", "2 of 2 done", DEFAULT_WAIT);
}
