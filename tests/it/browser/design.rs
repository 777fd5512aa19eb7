//! The bundled guide as a candidate sees it: the path and the next step on the first screen
//! of a phone, a visible focus ring on every control reached by the keyboard, and no axe
//! violation in the states a candidate with dates sees, light and dark.

use serde_json::json;

use super::harness::{
    Browser, DEFAULT_WAIT, Page, StaticServer, artifact_dir, axe, format_violations,
};
use crate::support::BuiltGuide;

/// A candidate who opened a recruiter's link once and comes back: the welcome is gone.
fn with_dates(page: &Page<'_>, server: &StaticServer) {
    page.goto(&server.url(
        "/#company=Northwind&role=Data%20Engineer&interview=2026-11-27T14:00&recruiter=involved",
    ));
    page.wait_for("#now:not([hidden])", DEFAULT_WAIT);
    page.goto(&server.url("/"));
    page.wait_for("#now .now-for", DEFAULT_WAIT);
    // The Monday after a Friday interview.
    super::planner::clock(page, "2026-11-30T10:00");
}

/// `path` on the same Monday, with every folded part (the planner, the rest of "what to do
/// now") opened, so that each of its controls is shown.
fn open_everything(page: &Page<'_>, server: &StaticServer, path: &str) {
    page.goto(&server.url(path));
    page.wait_for("body", DEFAULT_WAIT);
    super::planner::clock(page, "2026-11-30T10:00");
    page.eval("document.querySelectorAll('details').forEach(d => d.open = true)");
}

#[test]
fn on_a_phone_the_first_screen_shows_the_whole_path_and_the_next_step() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let guide = BuiltGuide::build();
    let server = StaticServer::serve(guide.site());
    let out = artifact_dir("first_screen");
    let page = browser.new_page();
    page.set_viewport(390, 844);
    let bottom = |selector: &str| {
        page.eval(&format!(
            "Math.max(...[...document.querySelectorAll({selector:?})].map(e => e.getBoundingClientRect().bottom + scrollY))"
        ))
        .as_f64()
        .unwrap()
    };
    // A first visit: the five phases and what each asks, and how to make it personal.
    page.goto(&server.url("/"));
    page.wait_for("#now:not([hidden])", DEFAULT_WAIT);
    assert_eq!(
        page.eval("document.querySelectorAll('.path li').length"),
        json!(5)
    );
    assert!(
        bottom(".path li") <= 844.0,
        "the path ends at {}",
        bottom(".path li")
    );
    assert!(bottom("[data-open-planner]") <= 844.0);
    page.screenshot(&out.join("first-visit.png"), 390, 844, false);
    // With dates: the one thing to do first, and still the whole path.
    with_dates(&page, &server);
    assert!(
        page.text("#now .now-first")
            .contains("Thank each interviewer")
            || page.text("#now .now-first").contains("Debrief"),
        "{}",
        page.text("#now")
    );
    assert!(bottom("#now .now-first") <= 844.0);
    assert!(
        bottom(".path li") <= 844.0,
        "the path ends at {}",
        bottom(".path li")
    );
    assert_eq!(
        page.eval(
            "[...document.querySelectorAll('.path li')].map(li => li.getAttribute('data-state'))"
        ),
        json!(["past", "overdue", "open", "open", "waiting"]),
        "each phase shows where it stands"
    );
    page.screenshot(&out.join("with-dates.png"), 390, 844, false);
    page.screenshot(&out.join("with-dates-dark.png"), 390, 844, true);
    page.assert_no_js_errors();
}

#[test]
fn every_control_reached_by_the_keyboard_shows_a_focus_ring() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let guide = BuiltGuide::build();
    let server = StaticServer::serve(guide.site());
    let page = browser.new_page();
    with_dates(&page, &server);
    for path in [
        "/",
        "/checklists/first-24-hours/",
        "/templates/thank-you-interviewer/",
        "/guide/following-up/",
        "/recruiters/",
    ] {
        open_everything(&page, &server, path);
        let mut seen = 0;
        let mut first = None;
        for _ in 0..150 {
            page.press_key("Tab");
            let focused = page.eval(
                "(() => { const e = document.activeElement; const s = getComputedStyle(e); \
                 return [e.outerHTML.slice(0, 80), s.outlineStyle, parseFloat(s.outlineWidth)]; })()",
            );
            let html = focused[0].as_str().unwrap_or_default().to_owned();
            if html.starts_with("<body") || first.as_deref() == Some(html.as_str()) {
                break;
            }
            first.get_or_insert(html.clone());
            assert!(
                focused[1] != json!("none") && focused[2].as_f64().unwrap_or(0.0) >= 2.0,
                "{path}: no focus ring on {html}: {focused}"
            );
            seen += 1;
        }
        assert!(seen >= 8, "{path}: only {seen} controls reached");
    }
}

#[test]
fn the_states_a_candidate_with_dates_sees_have_no_axe_violations() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let guide = BuiltGuide::build();
    let server = StaticServer::serve(guide.site());
    let page = browser.new_page();
    with_dates(&page, &server);
    let mut report = Vec::new();
    for path in [
        "/",
        "/checklists/first-24-hours/",
        "/guide/following-up/",
        "/templates/thank-you-interviewer/#interviewers=Priya%2C%20Tom",
    ] {
        for dark in [false, true] {
            page.set_dark_mode(dark);
            open_everything(&page, &server, path);
            let violations = axe(&page);
            if !violations.is_empty() {
                report.push(format!(
                    "{path} (dark: {dark}):\n{}",
                    format_violations(&violations)
                ));
            }
            page.assert_no_js_errors();
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
}
