//! The site offline and its identity, in a real browser: after one visit a checklist and a
//! template reload with no network and still work; a new build installs a new cache and
//! removes the old one once no page of the old build is open; the worker is never
//! registered from a file; every page of the bundled guide loads with no failed request
//! (its icon included) and no console error; the logo in the header, looked at.

use std::time::Duration;

use serde_json::json;

use super::harness::{Browser, DEFAULT_WAIT, Page, StaticServer, artifact_dir};
use crate::support::{BuiltGuide, walkdir};

/// Installing means fetching every precached file: give it time on a busy machine.
const INSTALL_WAIT: Duration = Duration::from_secs(20);

/// The names of the page's origin's caches, sorted.
fn caches(page: &Page<'_>) -> Vec<String> {
    let names = page.eval("caches.keys().then(keys => keys.sort())");
    serde_json::from_value(names).expect("a list of cache names")
}

/// Waits until a service worker controls the page and its cache holds the whole precache.
fn wait_until_offline_ready(page: &Page<'_>) {
    let ready = page.eval(&format!(
        "Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise(r => setTimeout(() => r(false), {}))])",
        INSTALL_WAIT.as_millis()
    ));
    let state = page.eval(
        "navigator.serviceWorker.getRegistration().then(r => JSON.stringify(r && [r.installing, r.waiting, r.active].map(w => w && w.state)))",
    );
    assert_eq!(ready, json!(true), "no worker became active: {state}");
    page.wait_until("navigator.serviceWorker.controller !== null", INSTALL_WAIT);
    assert_eq!(caches(page).len(), 1, "one cache: {:?}", caches(page));
}

#[test]
fn after_one_visit_a_checklist_and_a_template_reload_offline_and_work() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (project, server) = super::serve_minimal();
    let checklist = server.url("/checklists/day-one/");
    let template = server.url("/templates/thanks/");
    let page = browser.new_page();
    page.goto(&server.url("/"));
    wait_until_offline_ready(&page);
    let name = &caches(&page)[0];
    let scope = server.url("/");
    assert_eq!(
        name,
        &format!(
            "afterword {scope} {}",
            crate::support::sw_version(&project.path("public"))
        )
    );
    page.assert_no_js_errors();

    // The train enters the tunnel: nothing answers any more.
    drop(server);

    page.goto(&checklist);
    page.reload();
    page.wait_for_text("[data-progress]", "0 of 2 done", DEFAULT_WAIT);
    page.click("#check-send-notes");
    page.wait_for_text("[data-progress]", "1 of 2 done", DEFAULT_WAIT);
    page.reload();
    page.wait_for_text("[data-progress]", "1 of 2 done", DEFAULT_WAIT);
    // The stylesheet came from the cache too.
    assert_eq!(
        page.eval("getComputedStyle(document.querySelector('.brand img')).height !== '150px' && getComputedStyle(document.body).margin"),
        json!("0px")
    );
    page.assert_no_js_errors();

    page.goto(&template);
    page.reload();
    page.wait_for("form.fields:not([hidden])", DEFAULT_WAIT);
    page.type_into("#field-interviewer_name", "Priya");
    page.wait_for_text("[data-subject]", "Thank you, Priya", DEFAULT_WAIT);
    assert_eq!(
        page.eval("document.querySelector('.brand img').naturalWidth"),
        json!(32),
        "the logo came from the cache"
    );
    page.assert_no_js_errors();

    // A page reached by a link with a query is the same page.
    page.goto(&format!("{checklist}?from=home"));
    page.wait_for_text("[data-progress]", "1 of 2 done", DEFAULT_WAIT);
}

#[test]
fn a_new_build_installs_a_new_cache_and_the_old_one_goes_when_its_pages_close() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (project, server) = super::serve_minimal();
    let scope = server.url("/");
    let page = browser.new_page();
    page.goto(&server.url("/guide/thanks/"));
    wait_until_offline_ready(&page);
    let first = crate::support::sw_version(&project.path("public"));
    assert_eq!(caches(&page), [format!("afterword {scope} {first}")]);

    // Building again without a change keeps the worker as it is.
    project.run(&["build"]).success();
    assert_eq!(crate::support::sw_version(&project.path("public")), first);

    // The site owner changes a page and deploys.
    let guide = project.read("content/guide/thanks.md").replace(
        "---\n\n",
        "---\n\nA sentence added in the second build.\n\n",
    );
    project.file("content/guide/thanks.md", guide);
    project.run(&["build"]).success();
    let second = crate::support::sw_version(&project.path("public"));
    assert_ne!(first, second);

    // Online, the open page reads the new build at once, through the old worker.
    page.goto(&server.url("/guide/thanks/"));
    assert!(
        page.text("main")
            .contains("A sentence added in the second build.")
    );
    // The browser finds the new worker; it installs beside the old one, which keeps its
    // cache while a page it served is open.
    page.eval("navigator.serviceWorker.getRegistration().then(r => r.update()).then(() => 0)");
    page.wait_until(
        "window.__waiting || navigator.serviceWorker.getRegistration().then(r => window.__waiting = !!r.waiting) && false",
        INSTALL_WAIT,
    );
    let mut both = [
        format!("afterword {scope} {first}"),
        format!("afterword {scope} {second}"),
    ];
    both.sort();
    assert_eq!(caches(&page), both);

    // The candidate leaves the site; the next visit is served by the new build alone.
    page.goto("about:blank");
    page.goto(&server.url("/"));
    page.wait_until(
        "navigator.serviceWorker.controller && caches.keys().then(k => window.__keys = k) && window.__keys && window.__keys.length === 1",
        INSTALL_WAIT,
    );
    assert_eq!(caches(&page), [format!("afterword {scope} {second}")]);

    // And offline, the changed page is the new one.
    drop(server);
    page.goto(&format!("{scope}guide/thanks/"));
    assert!(
        page.text("main")
            .contains("A sentence added in the second build.")
    );
    page.assert_no_js_errors();
}

/// afterword.js registers the worker only over http(s): a page opened from a file on disk
/// (a saved copy, an unzipped build) never tries.
#[test]
fn the_worker_is_registered_over_http_and_never_from_a_file() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let guide = BuiltGuide::build();
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::copy(
        guide.site().join("afterword.js"),
        dir.path().join("afterword.js"),
    )
    .expect("copy afterword.js");
    // Stands in for the browser's service worker, to see whether the page asks for one.
    std::fs::write(
        dir.path().join("spy.js"),
        "Object.defineProperty(navigator, 'serviceWorker', { value: { register: (url) => \
         { window.registered = url; return Promise.resolve(); } } });",
    )
    .expect("write spy.js");
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><html lang=\"en\"><title>Spy</title><script src=\"spy.js\"></script>\
         <script src=\"afterword.js\" defer></script><body data-home=\"/\"><main>Hi</main>",
    )
    .expect("write index.html");
    let page = browser.new_page();
    let file = format!("file://{}/index.html", dir.path().display());
    page.goto(&file);
    page.wait_until("window.afterword !== undefined", DEFAULT_WAIT);
    page.eval("new Promise(resolve => setTimeout(resolve, 100))");
    assert_eq!(page.eval("window.registered === undefined"), json!(true));
    page.assert_no_js_errors();

    let server = StaticServer::serve(dir.path());
    page.goto(&server.url("/"));
    page.wait_until("window.registered !== undefined", DEFAULT_WAIT);
    assert_eq!(page.eval("window.registered"), json!("/sw.js"));
}

/// Every page of the bundled guide, as a first visit, then served by the worker, then with
/// an application kept in the browser (so with the personal layer): every request answered
/// without an error (the icons included), and no console error.
#[test]
fn every_page_of_the_guide_loads_with_no_failed_request_and_no_console_error() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let guide = BuiltGuide::build();
    let server = StaticServer::serve(guide.site());
    let pages: Vec<String> = walkdir(guide.site())
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| {
            let path = p.strip_prefix(guide.site()).unwrap().display().to_string();
            format!("/{}", path.strip_suffix("index.html").unwrap_or(&path))
        })
        .collect();
    assert!(pages.len() > 25, "{pages:?}");
    let page = browser.new_page();
    let mut failed = Vec::new();
    for round in ["first visit", "through the worker", "with an application"] {
        if round == "with an application" {
            page.eval(
                r#"localStorage.setItem("afterword/v2/applications", JSON.stringify({ current: "a1", apps: [{
                    id: "a1", fields: { company: "Northwind", role: "Data Engineer" },
                    events: { interview: "2026-11-27T16:00" }, facts: { recruiter: "involved" },
                    ticks: { "/checklists/first-24-hours/#debrief-recruiter": true } }] }))"#,
            );
        }
        for path in &pages {
            page.goto(&server.url(path));
            // Let the late requests (icons, the manifest, the worker's) finish.
            page.eval("new Promise(resolve => setTimeout(resolve, 150))");
            let layer = page.eval("document.body.getAttribute('data-scripts') || ''");
            let personal = !layer.as_str().unwrap_or_default().trim().is_empty();
            let started =
                page.eval("typeof (window.afterword || {}).app == 'function'") == json!(true);
            if started != (personal && round == "with an application") {
                failed.push(format!(
                    "{round}: {path}: the personal layer ran: {started}"
                ));
            }
            for error in page.js_errors() {
                failed.push(format!("{round}: {path}: {error}"));
            }
            for (url, status) in server.take_requests() {
                if status >= 400 {
                    failed.push(format!("{round}: {path}: {url} answered {status}"));
                }
            }
        }
        if round == "first visit" {
            page.goto(&server.url("/"));
            wait_until_offline_ready(&page);
            server.take_requests();
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
    // The page declares its icon, so the browser never guesses at `/favicon.ico`; the
    // file is there for the tools that do.
    assert!(guide.site().join("favicon.ico").is_file());
}

/// The logo mark beside the title, on a phone and a desktop, light and dark: screenshots
/// for a person to look at, and the mark's size checked against the title's.
#[test]
fn the_logo_sits_beside_the_title_on_a_phone_and_a_desktop() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_project, server) = super::serve_minimal();
    let out = artifact_dir("the_logo_sits_beside_the_title_on_a_phone_and_a_desktop");
    let page = browser.new_page();
    page.goto(&server.url("/checklists/day-one/"));
    for (width, height) in [(390, 844), (1280, 800)] {
        for dark in [false, true] {
            let name = format!("header-{width}-{}.png", if dark { "dark" } else { "light" });
            page.screenshot(&out.join(name), width, height, dark);
            let geometry = page.eval(
                "(() => { const img = document.querySelector('.brand img').getBoundingClientRect(); \
                 const brand = document.querySelector('.brand').getBoundingClientRect(); \
                 return [img.width, img.height, img.top >= brand.top - 8 && img.bottom <= brand.bottom + 8]; })()",
            );
            assert_eq!(geometry[0], geometry[1], "a square mark");
            let size = geometry[1].as_f64().unwrap_or_default();
            assert!((24.0..=32.0).contains(&size), "{size}px at {width}px");
            assert_eq!(
                geometry[2],
                json!(true),
                "the mark sits on the title's line"
            );
        }
    }
    page.assert_no_js_errors();
}
