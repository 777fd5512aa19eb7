//! Browser tests: Afterword's output as a person meets it, in a real headless Chromium.
//!
//! [`harness`] holds the toolbox (browser, pages, static server, axe-core, PDF checks).
//! The tests here prove that the toolbox itself works, on a tiny hand-written page.

mod applications;
mod design;
pub mod harness;
mod interactive;
mod offline;
mod planner;
mod print;
mod qr;
mod templates;

/// The minimal fixture site, built by the real binary and served on 127.0.0.1. The project
/// is returned too: it owns the folder, and tests edit and rebuild it.
fn serve_minimal() -> (crate::support::Project, harness::StaticServer) {
    let project = minimal();
    project.run(&["build"]).success();
    let server = harness::StaticServer::serve(&project.path("public"));
    (project, server)
}

/// A copy of the minimal fixture, which uses the built-in theme.
fn minimal() -> crate::support::Project {
    crate::support::Project::minimal()
}

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use harness::{
    Browser, DEFAULT_WAIT, Paper, StaticServer, artifact_dir, axe, format_violations,
    pdf_page_size, pdf_pages, pdf_text, pdf_to_png,
};
use serde_json::json;
use tempfile::TempDir;

const INDEX_HTML: &str = r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Afterword harness page</title>
  <link rel="stylesheet" href="style.css">
  <script src="app.js" defer></script>
</head>
<body>
  <main>
    <h1>Afterword harness page</h1>
    <p id="status">loading</p>
    <button type="button" id="save">Save progress</button>
    <p>
      <label for="name">Your name</label>
      <input id="name" type="text" autocomplete="off">
    </p>
    <p id="greeting" aria-live="polite"></p>
    <button type="button" id="copy">Copy greeting</button>
    <p id="copied"></p>
  </main>
</body>
</html>
"#;

const APP_JS: &str = r#"'use strict';
const KEY = 'afterword-harness';
const status = document.getElementById('status');
const name = document.getElementById('name');
const greeting = document.getElementById('greeting');

function show() {
  const saved = localStorage.getItem(KEY);
  status.textContent = saved === null ? 'nothing saved' : 'saved: ' + saved;
}

document.getElementById('save').addEventListener('click', () => {
  localStorage.setItem(KEY, 'ticked');
  show();
});

let keydowns = 0;
name.addEventListener('keydown', () => {
  keydowns += 1;
  name.dataset.keydowns = String(keydowns);
});
name.addEventListener('input', () => {
  greeting.textContent = 'Hello, ' + name.value;
});

document.getElementById('copy').addEventListener('click', async () => {
  await navigator.clipboard.writeText(greeting.textContent);
  document.getElementById('copied').textContent = 'copied';
});

show();
"#;

const STYLE_CSS: &str = "body { font-family: sans-serif; background: #fff; color: #111; }
@media (prefers-color-scheme: dark) {
  body { background: #111; color: #eee; }
}
";

fn write_site(dir: &Path) {
    for (name, content) in [
        ("index.html", INDEX_HTML),
        ("app.js", APP_JS),
        ("style.css", STYLE_CSS),
    ] {
        fs::write(dir.join(name), content).unwrap_or_else(|e| panic!("cannot write {name}: {e}"));
    }
}

#[test]
fn harness_drives_a_real_page() {
    let Some(browser) = Browser::launch_for_print() else {
        return;
    };
    let site = TempDir::new().expect("a temporary site folder");
    write_site(site.path());
    let server = StaticServer::serve(site.path());
    let out = artifact_dir("harness_drives_a_real_page");
    let home = server.url("/");

    let page = browser.new_page();
    page.goto(&home);
    assert_eq!(page.text("#status"), "nothing saved");
    assert_eq!(page.attr("html", "lang").as_deref(), Some("en"));
    assert_eq!(page.attr("#name", "placeholder"), None);

    // A click stores progress; it survives a reload.
    page.click("#save");
    page.wait_for_text("#status", "saved: ticked", DEFAULT_WAIT);
    page.reload();
    assert_eq!(page.text("#status"), "saved: ticked");
    assert_eq!(
        page.eval("localStorage.getItem('afterword-harness')"),
        json!("ticked")
    );

    // Typing sends real key events (ASCII) and text input (the rest); listeners fire.
    page.type_into("#name", "Ada");
    page.type_into("#name", " Zoë ✓");
    assert_eq!(page.value("#name"), "Ada Zoë ✓");
    assert_eq!(page.text("#greeting"), "Hello, Ada Zoë ✓");
    assert_eq!(page.attr("#name", "data-keydowns").as_deref(), Some("7"));
    page.press_key("Tab");
    assert_eq!(page.eval("document.activeElement.id"), json!("copy"));

    // The clipboard works once granted.
    browser.grant_clipboard();
    page.click("#copy");
    page.wait_for_text("#copied", "copied", DEFAULT_WAIT);
    assert_eq!(
        page.eval("navigator.clipboard.readText()"),
        json!("Hello, Ada Zoë ✓")
    );

    // `goto` to the same page with a #fragment is a full load, not a scroll.
    page.eval("window.marker = 42");
    page.goto(&format!("{home}#greeting"));
    assert_eq!(page.eval("typeof window.marker"), json!("undefined"));
    assert!(page.url().ends_with("#greeting"), "{}", page.url());
    assert_eq!(page.navigate(&server.url("/no-such-page")), 404);
    page.goto(&home);

    // The page is accessible and error-free.
    let violations = axe(&page);
    assert!(violations.is_empty(), "{}", format_violations(&violations));
    page.assert_no_js_errors();

    // Printing: one page on both paper sizes, with the page's text.
    for (paper, name, size) in [
        (Paper::A4, "a4.pdf", (595.0, 842.0)),
        (Paper::Letter, "letter.pdf", (612.0, 792.0)),
    ] {
        let pdf = out.join(name);
        page.print_pdf(&pdf, paper);
        assert_eq!(pdf_pages(&pdf), 1, "{name}");
        let (width, height) = pdf_page_size(&pdf);
        assert!(
            (width - size.0).abs() < 2.0 && (height - size.1).abs() < 2.0,
            "{name} is {width}×{height} pt"
        );
        assert!(
            pdf_text(&pdf).contains("Afterword harness page"),
            "{name}: {}",
            pdf_text(&pdf)
        );
    }
    let pngs = pdf_to_png(&out.join("a4.pdf"), &out.join("a4"));
    assert_eq!(pngs.len(), 1, "{pngs:?}");

    // Screenshots in both colour schemes.
    page.screenshot(&out.join("light.png"), 480, 360, false);
    assert_eq!(
        page.eval("getComputedStyle(document.body).backgroundColor"),
        json!("rgb(255, 255, 255)")
    );
    page.screenshot(&out.join("dark.png"), 480, 360, true);
    assert_eq!(
        page.eval("getComputedStyle(document.body).backgroundColor"),
        json!("rgb(17, 17, 17)")
    );
    assert_eq!(page.eval("window.innerWidth"), json!(480));
    let light = fs::read(out.join("light.png")).expect("light.png");
    let dark = fs::read(out.join("dark.png")).expect("dark.png");
    assert!(light.starts_with(b"\x89PNG") && dark.starts_with(b"\x89PNG"));
    assert_ne!(light, dark);

    // The error collector and axe do see problems, and a new load forgets them.
    page.eval(
        "setTimeout(() => { throw new Error('deliberate boom'); });
         console.error('deliberate console error');
         document.querySelector('main').append(Object.assign(new Image(), { src: 'gone.png' }));
         new Promise(resolve => setTimeout(resolve, 100))",
    );
    let errors = page.js_errors().join("\n");
    assert!(errors.contains("deliberate boom"), "{errors}");
    assert!(errors.contains("deliberate console error"), "{errors}");
    assert!(
        errors.contains("404 (Not Found)") && errors.contains("/gone.png"),
        "{errors}"
    );
    let violations = axe(&page);
    assert_eq!(
        violations.iter().map(|v| v.id.as_str()).collect::<Vec<_>>(),
        ["image-alt"],
        "{}",
        format_violations(&violations)
    );
    page.goto(&home);
    page.assert_no_js_errors();

    // localStorage survives closing and reopening the browser on the same profile.
    drop(page);
    let browser = browser.restart();
    let page = browser.new_page();
    page.goto(&home);
    assert_eq!(page.text("#status"), "saved: ticked");
    page.assert_no_js_errors();

    // Whereas a new launch starts from a fresh, empty profile.
    drop(page);
    drop(browser);
    let browser = Browser::launch().expect("Chromium was there a moment ago");
    let page = browser.new_page();
    page.goto(&home);
    assert_eq!(page.text("#status"), "nothing saved");
}

/// A raw HTTP/1.1 GET, so that paths reach the server exactly as written.
fn raw_get(server: &StaticServer, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(server.address()).expect("connect to the static server");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("set a read timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("send a request");
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .expect("read the response");
    let (head, body) = response
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {response:?}"));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head:?}"));
    (status, head.to_ascii_lowercase(), body.to_owned())
}

#[test]
fn static_server_serves_files_safely() {
    let root = TempDir::new().expect("a temporary folder");
    let site = root.path().join("site");
    fs::create_dir_all(site.join("guide")).expect("create the site folders");
    fs::write(root.path().join("secret.txt"), "top secret").expect("write secret.txt");
    let files = [
        ("index.html", "text/html; charset=utf-8"),
        ("guide/index.html", "text/html; charset=utf-8"),
        ("app.js", "text/javascript; charset=utf-8"),
        ("style.css", "text/css; charset=utf-8"),
        ("logo.svg", "image/svg+xml"),
        ("feed.xml", "application/xml"),
        ("plan.ics", "text/calendar; charset=utf-8"),
        ("notes.txt", "text/plain; charset=utf-8"),
        ("search.json", "application/json"),
    ];
    for (name, _) in files {
        fs::write(site.join(name), format!("content of {name}")).expect("write a site file");
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.path(), site.join("escape")).expect("create a symlink");
    let server = StaticServer::serve(&site);

    for (name, content_type) in files {
        let (status, head, body) = raw_get(&server, &format!("/{name}"));
        assert_eq!(status, 200, "{name}");
        assert!(
            head.contains(&format!("content-type: {content_type}")),
            "{name}: {head}"
        );
        assert_eq!(body, format!("content of {name}"));
    }
    let (status, _, body) = raw_get(&server, "/");
    assert_eq!((status, body.as_str()), (200, "content of index.html"));
    let (status, _, body) = raw_get(&server, "/guide/?from=home");
    assert_eq!(
        (status, body.as_str()),
        (200, "content of guide/index.html")
    );
    let (status, head, _) = raw_get(&server, "/guide?from=home");
    assert_eq!(status, 301);
    assert!(head.contains("location: /guide/?from=home"), "{head}");

    let (status, _, body) = raw_get(&server, "/missing.html");
    assert_eq!(status, 404);
    assert!(body.contains("Not Found"), "{body}");
    fs::write(site.join("404.html"), "custom not found").expect("write 404.html");
    let (status, _, body) = raw_get(&server, "/missing.html");
    assert_eq!((status, body.as_str()), (404, "custom not found"));

    for sneaky in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/guide/..%2f..%2fsecret.txt",
        "/guide/%5c..%5c..%5csecret.txt",
        "/escape/secret.txt",
    ] {
        let (status, _, body) = raw_get(&server, sneaky);
        assert!(status == 400 || status == 404, "{sneaky} answered {status}");
        assert!(!body.contains("top secret"), "{sneaky} leaked the secret");
    }
    assert!(server.url("/guide/").ends_with("/guide/"));
    assert_eq!(server.url("app.js"), format!("{}/app.js", server.origin()));
}
