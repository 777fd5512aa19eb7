//! The browser-test harness: drives a real headless Chromium from ordinary synchronous
//! `#[test]` functions.
//!
//! It owns launching and restarting Chromium with a private profile ([`Browser`]),
//! page operations ([`Page`]), a loopback static file server ([`StaticServer`]), axe-core
//! accessibility checks ([`axe`]) and PDF inspection through poppler-utils ([`pdf_pages`],
//! [`pdf_text`], [`pdf_page_size`], [`pdf_to_png`]).
//!
//! Tokio and the Chrome DevTools Protocol stay inside this file: every operation blocks
//! until it is done and panics with a message naming what failed, so a test reads as a
//! list of steps a person would take. Browser tests run one at a time (a process-wide
//! lock is held for a [`Browser`]'s lifetime), because the machines have two cores.

#![allow(
    dead_code,
    reason = "a toolbox shared by the browser tests: not every test uses every helper"
)]

use std::cell::{Cell, RefCell};
use std::fmt::Display;
use std::fmt::Write as _;
use std::fs;
use std::future::Future;
use std::io::Write as _;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chromiumoxide::cdp::browser_protocol::browser::{
    PermissionDescriptor, PermissionSetting, SetPermissionParams,
};
use chromiumoxide::cdp::browser_protocol::emulation::{
    MediaFeature, SetDeviceMetricsOverrideParams, SetEmulatedMediaParams,
    SetFocusEmulationEnabledParams, SetScriptExecutionDisabledParams,
};
use chromiumoxide::cdp::browser_protocol::input::{
    DispatchKeyEventParams, DispatchKeyEventType, InsertTextParams,
};
use chromiumoxide::cdp::browser_protocol::log::{
    EventEntryAdded, LogEntry, LogEntryLevel, LogEntrySource,
};
use chromiumoxide::cdp::browser_protocol::page::{
    CaptureScreenshotFormat, NavigateParams, PrintToPdfParams,
};
use chromiumoxide::cdp::browser_protocol::target::SetAutoAttachParams;
use chromiumoxide::cdp::js_protocol::runtime::{
    ConsoleApiCalledType, EvaluateParams, EventConsoleApiCalled, EventExceptionThrown,
    ExceptionDetails, RemoteObject,
};
use chromiumoxide::listeners::EventStream;
use chromiumoxide::page::ScreenshotParams;
use chromiumoxide::{BrowserConfig, keys};
use futures::{FutureExt, StreamExt};
use serde::Deserialize;
use serde_json::Value;
use tempfile::TempDir;

/// Where Chromium is looked for unless `AFTERWORD_CHROMIUM` names another binary.
pub const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";

/// A reasonable timeout for [`Page::wait_for`] and [`Page::wait_until`].
pub const DEFAULT_WAIT: Duration = Duration::from_secs(5);

/// How long Chromium gets to shut down cleanly (and flush its profile) before it is killed.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(10);

/// The vendored axe-core script, read at run time.
const AXE_SCRIPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/vendor/axe-core/axe.min.js"
);

/// Serialises browser tests within this test binary: one Chromium at a time.
static ONE_BROWSER_AT_A_TIME: Mutex<()> = Mutex::new(());

thread_local! {
    /// Whether this thread (test) holds [`ONE_BROWSER_AT_A_TIME`]: a second launch would
    /// wait for itself forever.
    static HOLDS_A_BROWSER: Cell<bool> = const { Cell::new(false) };
}

/// This test's turn to run a browser; the next browser test starts when it is dropped.
struct Turn(#[allow(dead_code, reason = "held for its Drop")] MutexGuard<'static, ()>);

impl Turn {
    #[track_caller]
    fn take() -> Turn {
        assert!(
            !HOLDS_A_BROWSER.get(),
            "a test can hold only one Browser at a time: drop the first one (or use \
             Browser::restart) before launching another"
        );
        let guard = ONE_BROWSER_AT_A_TIME
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        HOLDS_A_BROWSER.set(true);
        Turn(guard)
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        HOLDS_A_BROWSER.set(false);
    }
}

// ---------------------------------------------------------------------------------------
// Browser
// ---------------------------------------------------------------------------------------

/// A headless Chromium with its own profile directory, closed (and waited for) on drop.
pub struct Browser {
    runtime: tokio::runtime::Runtime,
    chromium: Option<chromiumoxide::Browser>,
    handler: Option<tokio::task::JoinHandle<()>>,
    profile: Option<TempDir>,
    executable: PathBuf,
    // Declared last: released only after Chromium has gone and the profile is deleted.
    turn: Option<Turn>,
}

impl Browser {
    /// Launches Chromium with a fresh profile, or returns `None` (after a loud message on
    /// stderr) when Chromium is not installed so that the calling test can return early.
    /// With `AFTERWORD_REQUIRE_BROWSER=1` a missing Chromium is a failure instead.
    ///
    /// ```ignore
    /// let Some(browser) = Browser::launch() else { return };
    /// ```
    ///
    /// Browser tests take turns (the machines have two cores): a launch waits until no
    /// other test holds a browser, and a test holding one cannot launch a second.
    #[track_caller]
    pub fn launch() -> Option<Browser> {
        let executable = find_chromium()?;
        let profile = tempfile::Builder::new()
            .prefix("afterword-chromium-profile-")
            .tempdir()
            .unwrap_or_else(|e| panic!("cannot create a Chromium profile directory: {e}"));
        Some(Browser::start(executable, profile, Turn::take()))
    }

    /// Closes Chromium cleanly and starts it again on the same profile directory, as a
    /// person closing and reopening their browser would. Pages of the old browser must be
    /// dropped first (the borrow checker insists).
    pub fn restart(mut self) -> Browser {
        self.shutdown();
        let profile = self
            .profile
            .take()
            .expect("a running browser has a profile");
        let turn = self.turn.take().expect("a running browser holds its turn");
        Browser::start(self.executable.clone(), profile, turn)
    }

    /// The profile (user data) directory this browser uses; it survives [`Browser::restart`].
    pub fn profile_dir(&self) -> &Path {
        self.profile
            .as_ref()
            .expect("a running browser has a profile")
            .path()
    }

    /// Opens a new tab on `about:blank`.
    #[track_caller]
    pub fn new_page(&self) -> Page<'_> {
        let page = self.block_on(async {
            let page = self.chromium().new_page("about:blank").await?;
            // Lets `focus`, `:focus-visible` and the async clipboard API behave as in a
            // focused window although nothing is on screen.
            page.execute(SetFocusEmulationEnabledParams::new(true))
                .await?;
            // chromiumoxide asks Chromium to hold every new worker of the tab until it
            // attaches to it, and now and then never lets one go: the site's service
            // worker then hangs, and with it the navigations it would answer. Workers
            // start at once instead.
            page.execute(
                SetAutoAttachParams::builder()
                    .auto_attach(true)
                    .wait_for_debugger_on_start(false)
                    .flatten(true)
                    .build()
                    .expect("every field is set"),
            )
            .await?;
            let events = PageEvents {
                console: page.event_listener::<EventConsoleApiCalled>().await?,
                exceptions: page.event_listener::<EventExceptionThrown>().await?,
                log: page.event_listener::<EventEntryAdded>().await?,
            };
            Ok::<_, chromiumoxide::error::CdpError>((page, events))
        });
        let (page, events) = ok(page, || "cannot open a new tab".to_string());
        Page {
            browser: self,
            page,
            events: RefCell::new(events),
            js_errors: RefCell::new(Vec::new()),
            dark: Cell::new(false),
            print: Cell::new(false),
        }
    }

    /// Lets every origin read and write the clipboard without asking
    /// (`navigator.clipboard.readText()` / `writeText()`).
    #[track_caller]
    pub fn grant_clipboard(&self) {
        for name in ["clipboard-read", "clipboard-write"] {
            let result = self.block_on(self.chromium().execute(SetPermissionParams::new(
                PermissionDescriptor::new(name),
                PermissionSetting::Granted,
            )));
            ok(result, || format!("cannot grant the `{name}` permission"));
        }
    }

    fn start(executable: PathBuf, profile: TempDir, turn: Turn) -> Browser {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("afterword-browser")
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("cannot start the tokio runtime for Chromium: {e}"));
        let config = BrowserConfig::builder()
            .chrome_executable(&executable)
            .user_data_dir(profile.path())
            .no_sandbox() // we run as root
            .args([
                "headless",
                "disable-gpu",
                "disable-quic",
                "no-first-run",
                "disable-background-networking",
                "disable-component-update",
                "disable-sync",
            ])
            .build()
            .unwrap_or_else(|e| panic!("bad Chromium configuration: {e}"));
        let launched = runtime.block_on(chromiumoxide::Browser::launch(config));
        let (chromium, mut handler) = launched
            .unwrap_or_else(|e| panic!("cannot launch Chromium at {}: {e}", executable.display()));
        // The handler drives the DevTools connection; it ends when Chromium goes away.
        // Its per-message errors (e.g. events this crate version cannot parse) are harmless.
        let handler = runtime.spawn(async move { while handler.next().await.is_some() {} });
        Browser {
            runtime,
            chromium: Some(chromium),
            handler: Some(handler),
            profile: Some(profile),
            executable,
            turn: Some(turn),
        }
    }

    fn chromium(&self) -> &chromiumoxide::Browser {
        self.chromium.as_ref().expect("the browser is running")
    }

    fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// Closes Chromium and waits for it to exit, killing it if it does not in time.
    fn shutdown(&mut self) {
        let Some(mut chromium) = self.chromium.take() else {
            return;
        };
        self.runtime.block_on(async {
            let closed = tokio::time::timeout(CLOSE_TIMEOUT, async {
                let _ = chromium.close().await;
                chromium.wait().await
            })
            .await;
            if !matches!(closed, Ok(Ok(_))) {
                eprintln!("Chromium did not close within {CLOSE_TIMEOUT:?}; killing it");
                let _ = chromium.kill().await;
            }
        });
        if let Some(handler) = self.handler.take() {
            handler.abort();
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.shutdown();
    }
}

impl Browser {
    /// [`Browser::launch`] for a test that also reads the PDFs it prints with poppler's
    /// tools: `None`, after a loud message on stderr, when `pdfinfo` cannot run, and a
    /// failure instead with `AFTERWORD_REQUIRE_BROWSER=1`.
    #[track_caller]
    pub fn launch_for_print() -> Option<Browser> {
        let found = Command::new("pdfinfo").arg("-v").output().is_ok();
        if !found {
            if std::env::var("AFTERWORD_REQUIRE_BROWSER").as_deref() == Ok("1") {
                panic!(
                    "pdfinfo not found and AFTERWORD_REQUIRE_BROWSER=1: install the \
                     `poppler-utils` package"
                );
            }
            let _ = writeln!(
                std::io::stderr(),
                "\n{stars}\nSKIPPED: poppler's `pdfinfo` not found, so the printed PDFs cannot \
                 be read; install the `poppler-utils` package or set \
                 AFTERWORD_REQUIRE_BROWSER=1 to make this a failure\n{stars}",
                stars = "*".repeat(78)
            );
            return None;
        }
        Browser::launch()
    }
}

/// The Chromium binary to use, or `None` (after saying so loudly) when it is missing and
/// not required.
fn find_chromium() -> Option<PathBuf> {
    let path = std::env::var_os("AFTERWORD_CHROMIUM")
        .filter(|path| !path.is_empty())
        .map_or_else(|| PathBuf::from(DEFAULT_CHROMIUM), PathBuf::from);
    if path.is_file() {
        return Some(path);
    }
    if std::env::var("AFTERWORD_REQUIRE_BROWSER").as_deref() == Ok("1") {
        panic!(
            "chromium not found at {} and AFTERWORD_REQUIRE_BROWSER=1: install the `chromium` \
             package (and poppler-utils), or set AFTERWORD_CHROMIUM to its path",
            path.display()
        );
    }
    // Straight to the process's stderr: `eprintln!` would be captured by the test runner
    // and shown only for failing tests, and a skip must not go unnoticed.
    let _ = writeln!(
        std::io::stderr(),
        "\n{stars}\nSKIPPED: chromium not found at {}; install the `chromium` package or set \
         AFTERWORD_REQUIRE_BROWSER=1 to make this a failure\n{stars}",
        path.display(),
        stars = "*".repeat(78)
    );
    None
}

// ---------------------------------------------------------------------------------------
// Page
// ---------------------------------------------------------------------------------------

/// Paper sizes for [`Page::print_pdf`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Width and height in inches, as `Page.printToPDF` wants them.
    pub fn inches(self) -> (f64, f64) {
        match self {
            Paper::A4 => (8.27, 11.69),
            Paper::Letter => (8.5, 11.0),
        }
    }
}

struct PageEvents {
    console: EventStream<EventConsoleApiCalled>,
    exceptions: EventStream<EventExceptionThrown>,
    log: EventStream<EventEntryAdded>,
}

/// One browser tab. Every method blocks until done and panics with a clear message on
/// failure (the panic points at the calling test line).
pub struct Page<'b> {
    browser: &'b Browser,
    page: chromiumoxide::Page,
    events: RefCell<PageEvents>,
    js_errors: RefCell<Vec<String>>,
    dark: Cell<bool>,
    print: Cell<bool>,
}

impl Page<'_> {
    /// Loads `url` and waits for its `load` event; panics if the server answers with an
    /// HTTP error status. Always a full load: a URL that differs from the current one only
    /// in its `#fragment` goes through `about:blank` first. Clears [`Page::js_errors`].
    #[track_caller]
    pub fn goto(&self, url: &str) {
        let status = self.navigate(url);
        assert!(
            status < 400,
            "goto {url}: the server answered HTTP {status}"
        );
    }

    /// Like [`Page::goto`] but accepts any HTTP status and returns it (0 for non-HTTP URLs).
    #[track_caller]
    pub fn navigate(&self, url: &str) -> u16 {
        let current = self.url();
        if url.contains('#') && without_fragment(&current) == without_fragment(url) {
            self.load("about:blank");
        }
        self.load(url);
        let status =
            self.eval("(performance.getEntriesByType('navigation')[0] || {}).responseStatus || 0");
        status
            .as_u64()
            .and_then(|s| u16::try_from(s).ok())
            .unwrap_or(0)
    }

    /// Reloads the page and waits for its `load` event. Clears [`Page::js_errors`].
    #[track_caller]
    pub fn reload(&self) {
        self.forget_js_errors();
        let result = self.block_on(self.page.reload());
        ok(result, || format!("cannot reload {}", self.url()));
    }

    /// The current URL.
    #[track_caller]
    pub fn url(&self) -> String {
        let result = self.block_on(self.page.url());
        ok(result, || "cannot read the page URL".to_string()).unwrap_or_default()
    }

    /// Evaluates a JavaScript expression in the page, awaits it if it is a promise, and
    /// returns its value as JSON (`undefined` becomes `null`). Runs with a user gesture, so
    /// APIs that need one (clipboard) work. Panics if it throws.
    #[track_caller]
    pub fn eval(&self, expression: &str) -> Value {
        let result = self.block_on(self.try_eval(expression));
        ok(result, || {
            format!("evaluating `{}`", abbreviate(expression))
        })
    }

    /// Clicks the centre of the first element matching `selector` with real mouse events
    /// (scrolling it into view first). Does not wait for anything the click starts.
    #[track_caller]
    pub fn click(&self, selector: &str) {
        assert!(
            self.exists(selector),
            "click: no element matches `{selector}` on {}",
            self.url()
        );
        let result = self.block_on(async {
            let element = self.page.find_element(selector).await?;
            element.click().await?;
            Ok::<_, chromiumoxide::error::CdpError>(())
        });
        ok(result, || format!("click `{selector}` on {}", self.url()));
    }

    /// Focuses the first element matching `selector`, puts the caret at the end and types
    /// `text` with real key events (so `keydown`, `input` and `keyup` listeners fire).
    /// Characters missing from a US keyboard are entered as text input, as an IME would;
    /// `\n` presses Enter.
    #[track_caller]
    pub fn type_into(&self, selector: &str, text: &str) {
        let focused = self.eval(&format!(
            "(() => {{
                const el = document.querySelector({sel});
                if (el === null) return false;
                el.focus();
                try {{ const end = el.value.length; el.setSelectionRange(end, end); }} catch (_) {{}}
                return document.activeElement === el;
            }})()",
            sel = js_string(selector)
        ));
        assert!(
            focused == Value::Bool(true),
            "type_into: no focusable element matches `{selector}` on {}",
            self.url()
        );
        for c in text.chars() {
            let key = if c == '\n' {
                "Enter".to_string()
            } else {
                c.to_string()
            };
            let result = self.block_on(self.type_key(&key));
            ok(result, || format!("typing {c:?} into `{selector}`"));
        }
    }

    /// Presses and releases one key by its `KeyboardEvent.key` name, e.g. `"Enter"`,
    /// `"Tab"`, `"Escape"`, `"ArrowDown"`, `" "` or `"a"`, on whatever has focus.
    #[track_caller]
    pub fn press_key(&self, key: &str) {
        assert!(
            keys::get_key_definition(key).is_some(),
            "press_key: unknown key {key:?}"
        );
        let result = self.block_on(self.type_key(key));
        ok(result, || format!("pressing {key:?}"));
    }

    /// Waits until an element matches `selector`; panics after `timeout`.
    #[track_caller]
    pub fn wait_for(&self, selector: &str, timeout: Duration) {
        let condition = format!("document.querySelector({}) !== null", js_string(selector));
        self.wait_until_or(&condition, timeout, || {
            format!("no element matched `{selector}`")
        });
    }

    /// Waits until the JavaScript expression `condition` is truthy (a throw counts as
    /// false, so it may touch elements that do not exist yet); panics after `timeout`.
    #[track_caller]
    pub fn wait_until(&self, condition: &str, timeout: Duration) {
        self.wait_until_or(condition, timeout, || {
            format!("`{}` stayed false", abbreviate(condition))
        });
    }

    /// Waits until the first element matching `selector` shows exactly `expected` as its
    /// rendered text; panics after `timeout`, saying what it showed instead.
    #[track_caller]
    pub fn wait_for_text(&self, selector: &str, expected: &str, timeout: Duration) {
        let condition = format!(
            "document.querySelector({}).innerText === {}",
            js_string(selector),
            js_string(expected)
        );
        self.wait_until_or(&condition, timeout, || {
            let shown = self.eval(&format!(
                "(document.querySelector({}) || {{}}).innerText",
                js_string(selector)
            ));
            format!("`{selector}` shows {shown} instead of {expected:?}")
        });
    }

    /// Whether any element matches `selector`.
    #[track_caller]
    pub fn exists(&self, selector: &str) -> bool {
        self.eval(&format!(
            "document.querySelector({}) !== null",
            js_string(selector)
        )) == Value::Bool(true)
    }

    /// The rendered text (`innerText`) of the first element matching `selector`.
    #[track_caller]
    pub fn text(&self, selector: &str) -> String {
        self.read(selector, "el.innerText", "text")
    }

    /// The current `value` of the first form control matching `selector`.
    #[track_caller]
    pub fn value(&self, selector: &str) -> String {
        self.read(selector, "String(el.value)", "value")
    }

    /// Attribute `name` of the first element matching `selector`, `None` when it is absent.
    #[track_caller]
    pub fn attr(&self, selector: &str, name: &str) -> Option<String> {
        let value = self.eval(&format!(
            "(() => {{
                const el = document.querySelector({sel});
                return el === null ? {{ missing: true }} : {{ value: el.getAttribute({name}) }};
            }})()",
            sel = js_string(selector),
            name = js_string(name)
        ));
        assert!(
            value.get("missing").is_none(),
            "attr: no element matches `{selector}` on {}",
            self.url()
        );
        value
            .get("value")
            .and_then(Value::as_str)
            .map(str::to_owned)
    }

    /// Console errors (`console.error`, failed `console.assert`), uncaught exceptions,
    /// unhandled rejections and browser-reported errors (failed loads, CSP violations)
    /// since the last [`Page::goto`] or [`Page::reload`], oldest first. Chromium's own
    /// probe for `/favicon.ico` (made after load when a page declares no icon) is not
    /// counted: a missing file there is not the page's doing.
    #[track_caller]
    pub fn js_errors(&self) -> Vec<String> {
        // A round trip makes sure events sent before it have reached our listeners.
        self.eval("0");
        self.drain_events();
        self.js_errors.borrow().clone()
    }

    /// Panics listing [`Page::js_errors`] if there are any.
    #[track_caller]
    pub fn assert_no_js_errors(&self) {
        let errors = self.js_errors();
        assert!(
            errors.is_empty(),
            "{} JavaScript error(s) on {}:\n  {}",
            errors.len(),
            self.url(),
            errors.join("\n  ")
        );
    }

    /// Emulates a `width`×`height` CSS-pixel window (device scale 1). Stays in force.
    #[track_caller]
    pub fn set_viewport(&self, width: u32, height: u32) {
        let result = self.block_on(self.page.execute(SetDeviceMetricsOverrideParams::new(
            i64::from(width),
            i64::from(height),
            1.0,
            false,
        )));
        ok(result, || {
            format!("cannot set the viewport to {width}×{height}")
        });
    }

    /// Emulates `prefers-color-scheme: dark` (or `light`). Stays in force.
    #[track_caller]
    pub fn set_dark_mode(&self, dark: bool) {
        self.dark.set(dark);
        self.apply_media();
    }

    /// Turns the page's own scripts off (or back on) for the next navigations, as a reader
    /// with JavaScript disabled has it. `eval` from the test still works.
    #[track_caller]
    pub fn set_javascript(&self, enabled: bool) {
        let result = self.block_on(
            self.page
                .execute(SetScriptExecutionDisabledParams::new(!enabled)),
        );
        ok(result, || "cannot switch JavaScript".to_string());
    }

    /// Emulates the `print` media type for CSS (to check print styles in the DOM), or
    /// goes back to `screen`. Stays in force.
    #[track_caller]
    pub fn set_print_media(&self, print: bool) {
        self.print.set(print);
        self.apply_media();
    }

    /// Saves a PNG of the visible `width`×`height` window, in the dark or light colour
    /// scheme. The viewport and colour scheme stay in force afterwards.
    #[track_caller]
    pub fn screenshot(&self, path: &Path, width: u32, height: u32, dark: bool) {
        self.set_viewport(width, height);
        self.set_dark_mode(dark);
        let params = ScreenshotParams::builder()
            .format(CaptureScreenshotFormat::Png)
            .build();
        let png = self.block_on(self.page.screenshot(params));
        let png = ok(png, || {
            format!("cannot take a screenshot of {}", self.url())
        });
        write_file(path, &png);
    }

    /// Prints the page to a PDF file on `paper` (default margins, backgrounds printed,
    /// no header or footer), as a person pressing Print would.
    #[track_caller]
    pub fn print_pdf(&self, path: &Path, paper: Paper) {
        let (width, height) = paper.inches();
        let params = PrintToPdfParams {
            print_background: Some(true),
            paper_width: Some(width),
            paper_height: Some(height),
            display_header_footer: Some(false),
            prefer_css_page_size: Some(false),
            ..PrintToPdfParams::default()
        };
        let pdf = self.block_on(self.page.pdf(params));
        let pdf = ok(pdf, || format!("cannot print {} to PDF", self.url()));
        write_file(path, &pdf);
    }

    fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.browser.block_on(future)
    }

    /// Navigates and waits until the new document has loaded. The wait polls the page rather
    /// than use chromiumoxide's `goto`, which now and then misses the load of a tab's first
    /// document when the page rewrites its own URL as it loads (`history.replaceState`, as
    /// a recruiter's link does) and then waits for its 30-second timeout.
    #[track_caller]
    fn load(&self, url: &str) {
        // A mark on the old document: the wait ends only once a document without it loaded.
        let _ = self.block_on(self.try_eval("window.__leaving = true"));
        self.forget_js_errors();
        let result = self.block_on(self.page.execute(NavigateParams::new(url)));
        let result = ok(result, || format!("cannot load {url}"));
        if let Some(error) = &result.result.error_text {
            panic!("cannot load {url}: {error}");
        }
        self.wait_until_or(
            "!window.__leaving && document.readyState === 'complete'",
            Duration::from_secs(30),
            || format!("{url} did not finish loading"),
        );
    }

    #[track_caller]
    fn read(&self, selector: &str, property: &str, what: &str) -> String {
        let value = self.eval(&format!(
            "(() => {{ const el = document.querySelector({}); return el === null ? null : {property}; }})()",
            js_string(selector)
        ));
        match value {
            Value::String(s) => s,
            _ => panic!("{what}: no element matches `{selector}` on {}", self.url()),
        }
    }

    #[track_caller]
    fn wait_until_or(&self, condition: &str, timeout: Duration, failure: impl FnOnce() -> String) {
        let probe = format!(
            "(() => {{ try {{ return !!({condition}); }} catch (_) {{ return false; }} }})()"
        );
        let start = Instant::now();
        let mut last_error = None;
        loop {
            // Errors (e.g. during a navigation) count as "not yet".
            match self.block_on(self.try_eval(&probe)) {
                Ok(Value::Bool(true)) => return,
                Ok(_) => {}
                Err(e) => last_error = Some(e),
            }
            if start.elapsed() >= timeout {
                let url = self.url();
                match last_error {
                    Some(e) => panic!(
                        "after {timeout:?} on {url}: {} (last error: {e})",
                        failure()
                    ),
                    None => panic!("after {timeout:?} on {url}: {}", failure()),
                }
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    async fn try_eval(&self, expression: &str) -> Result<Value, String> {
        let params = EvaluateParams::builder()
            .expression(expression)
            .await_promise(true)
            .return_by_value(true)
            .user_gesture(true)
            .build()
            .map_err(|e| format!("bad evaluation parameters: {e}"))?;
        let response = self.page.execute(params).await.map_err(|e| e.to_string())?;
        if let Some(exception) = &response.result.exception_details {
            return Err(describe_exception(exception));
        }
        Ok(response.result.result.value.clone().unwrap_or(Value::Null))
    }

    /// One key press: real key events for keys on a US keyboard, text input otherwise.
    async fn type_key(&self, key: &str) -> Result<(), String> {
        let Some(definition) = keys::get_key_definition(key) else {
            let insert = InsertTextParams::new(key);
            self.page.execute(insert).await.map_err(|e| e.to_string())?;
            return Ok(());
        };
        let text = definition
            .text
            .or((definition.key.chars().count() == 1).then_some(definition.key));
        let event = |kind| {
            DispatchKeyEventParams::builder()
                .r#type(kind)
                .key(definition.key)
                .code(definition.code)
                .windows_virtual_key_code(definition.key_code)
                .native_virtual_key_code(definition.key_code)
        };
        let down = match text {
            Some(text) => event(DispatchKeyEventType::KeyDown).text(text),
            None => event(DispatchKeyEventType::RawKeyDown),
        };
        for params in [down, event(DispatchKeyEventType::KeyUp)] {
            let params = params.build().map_err(|e| format!("bad key event: {e}"))?;
            self.page.execute(params).await.map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    #[track_caller]
    fn apply_media(&self) {
        let scheme = if self.dark.get() { "dark" } else { "light" };
        let params = SetEmulatedMediaParams::builder()
            .media(if self.print.get() { "print" } else { "screen" })
            .feature(MediaFeature::new("prefers-color-scheme", scheme))
            .build();
        let result = self.block_on(self.page.execute(params));
        ok(result, || "cannot emulate CSS media".to_string());
    }

    fn forget_js_errors(&self) {
        self.drain_events();
        self.js_errors.borrow_mut().clear();
    }

    /// Moves the error events that have arrived so far into `js_errors`.
    fn drain_events(&self) {
        let mut events = self.events.borrow_mut();
        let mut errors = self.js_errors.borrow_mut();
        while let Some(Some(call)) = events.console.next().now_or_never() {
            if matches!(
                call.r#type,
                ConsoleApiCalledType::Error | ConsoleApiCalledType::Assert
            ) {
                let args: Vec<String> = call.args.iter().map(describe_object).collect();
                errors.push(format!(
                    "console.{}: {}",
                    call.r#type.as_ref(),
                    args.join(" ")
                ));
            }
        }
        while let Some(Some(thrown)) = events.exceptions.next().now_or_never() {
            errors.push(format!(
                "uncaught: {}",
                describe_exception(&thrown.exception_details)
            ));
        }
        while let Some(Some(added)) = events.log.next().now_or_never() {
            let entry = &added.entry;
            if entry.level == LogEntryLevel::Error && !is_favicon_probe(entry) {
                let at = entry
                    .url
                    .as_deref()
                    .map(|u| format!(" ({u})"))
                    .unwrap_or_default();
                errors.push(format!("{}: {}{at}", entry.source.as_ref(), entry.text));
            }
        }
    }
}

/// Whether a log entry is the failure of Chromium's automatic `/favicon.ico` request.
fn is_favicon_probe(entry: &LogEntry) -> bool {
    entry.source == LogEntrySource::Network
        && entry.url.as_deref().is_some_and(|url| {
            url.strip_prefix("http://")
                .or_else(|| url.strip_prefix("https://"))
                .and_then(|rest| rest.split_once('/'))
                .is_some_and(|(_, path)| path == "favicon.ico")
        })
}

fn without_fragment(url: &str) -> &str {
    url.split_once('#').map_or(url, |(base, _)| base)
}

fn describe_object(object: &RemoteObject) -> String {
    match (&object.value, &object.description) {
        (Some(Value::String(s)), _) => s.clone(),
        (Some(value), _) => value.to_string(),
        (None, Some(description)) => description.clone(),
        (None, None) => format!("{:?}", object.r#type),
    }
}

fn describe_exception(details: &ExceptionDetails) -> String {
    let message = details
        .exception
        .as_ref()
        .and_then(|e| e.description.clone())
        .unwrap_or_else(|| details.text.clone());
    match &details.url {
        Some(url) if !url.is_empty() => {
            format!("{message} (at {url}:{})", details.line_number + 1)
        }
        _ => message,
    }
}

// ---------------------------------------------------------------------------------------
// axe-core
// ---------------------------------------------------------------------------------------

/// One axe-core rule that the page breaks.
#[derive(Debug, Clone, Deserialize)]
pub struct AxeViolation {
    /// Rule id, e.g. `color-contrast`.
    pub id: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: Option<String>,
    /// One-line description of the rule.
    pub help: String,
    /// Deque's page about the rule.
    pub help_url: String,
    /// The offending elements.
    pub nodes: Vec<AxeNode>,
}

/// One element that breaks an axe-core rule.
#[derive(Debug, Clone, Deserialize)]
pub struct AxeNode {
    /// CSS selector of the element.
    pub target: String,
    /// Its opening HTML.
    pub html: String,
    /// What to fix.
    pub summary: String,
}

/// Runs axe-core (vendored in `tests/vendor/axe-core/`) on the page's document with its
/// default rules and returns the violations; pass them to [`format_violations`] for an
/// assertion message.
#[track_caller]
pub fn axe(page: &Page) -> Vec<AxeViolation> {
    if page.eval("typeof window.axe") != "object" {
        let script = fs::read_to_string(AXE_SCRIPT)
            .unwrap_or_else(|e| panic!("cannot read axe-core at {AXE_SCRIPT}: {e}"));
        // `void 0`: the script's own completion value is not JSON.
        page.eval(&format!("{script}\n;void 0"));
    }
    let violations = page.eval(
        "axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.map(v => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            help_url: v.helpUrl,
            nodes: v.nodes.map(n => ({
                target: n.target.map(String).join(' '),
                html: n.html,
                summary: n.failureSummary || '',
            })),
        })))",
    );
    serde_json::from_value(violations)
        .unwrap_or_else(|e| panic!("unexpected axe-core result shape: {e}"))
}

/// A readable list of axe violations for an assertion message.
pub fn format_violations(violations: &[AxeViolation]) -> String {
    // Writing to a String cannot fail.
    let mut out = format!("{} axe-core violation(s):", violations.len());
    for v in violations {
        let impact = v.impact.as_deref().unwrap_or("unknown impact");
        let _ = write!(out, "\n- [{impact}] {}: {} ({})", v.id, v.help, v.help_url);
        for node in &v.nodes {
            let _ = write!(
                out,
                "\n    at `{}`: {}",
                node.target,
                abbreviate(&node.html)
            );
            for line in node.summary.lines() {
                let _ = write!(out, "\n      {line}");
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Static file server
// ---------------------------------------------------------------------------------------

/// Serves a directory over HTTP on 127.0.0.1 (OS-assigned port) until dropped, like a
/// plain static host: `index.html` for directory URLs (redirecting `/dir` to `/dir/`),
/// the folder's `404.html` (or a plain text body) with status 404 for missing files,
/// never anything outside the directory, `Cache-Control: no-store`.
///
/// Each connection gets its own thread and one response, then is closed. (A server on
/// tiny_http 0.12 stalled now and then: its thread pool can leave a new connection queued
/// behind idle keep-alive ones, so a page loading a dozen files waited 5 to 30 seconds.)
pub struct StaticServer {
    address: SocketAddr,
    stopping: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    /// Every request answered so far: its URL as sent and the status it got.
    log: Arc<Mutex<Vec<(String, u16)>>>,
}

impl StaticServer {
    /// Starts serving `dir`.
    #[track_caller]
    pub fn serve(dir: &Path) -> StaticServer {
        let root = dir
            .canonicalize()
            .unwrap_or_else(|e| panic!("cannot serve {}: {e}", dir.display()));
        let listener = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap_or_else(|e| panic!("cannot listen on 127.0.0.1: {e}"));
        let address = listener
            .local_addr()
            .expect("a TCP listener has an address");
        let stopping = Arc::new(AtomicBool::new(false));
        let log = Arc::new(Mutex::new(Vec::new()));
        let thread = std::thread::Builder::new()
            .name(format!("static-server-{}", address.port()))
            .spawn({
                let stopping = Arc::clone(&stopping);
                let log = Arc::clone(&log);
                move || {
                    for stream in listener.incoming() {
                        if stopping.load(Ordering::SeqCst) {
                            break;
                        }
                        if let Ok(stream) = stream {
                            let root = root.clone();
                            let log = Arc::clone(&log);
                            std::thread::spawn(move || serve_one(&root, stream, &log));
                        }
                    }
                }
            })
            .unwrap_or_else(|e| panic!("cannot start the static server thread: {e}"));
        StaticServer {
            address,
            stopping,
            thread: Some(thread),
            log,
        }
    }

    /// Every request answered since the start or the last call, oldest first: the URL as
    /// the browser sent it (`/style.css?v=…`) and the status it got.
    pub fn take_requests(&self) -> Vec<(String, u16)> {
        std::mem::take(&mut *self.log.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// The absolute URL of `path` (`"/"`, `"guide/"`, `"/app.js?v=1"`…) on this server.
    pub fn url(&self, path: &str) -> String {
        let path = path.strip_prefix('/').unwrap_or(path);
        format!("http://{}/{path}", self.address)
    }

    /// The server's origin, e.g. `http://127.0.0.1:40123`.
    pub fn origin(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The socket address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wakes the accept loop, which then sees `stopping`.
        let _ = std::net::TcpStream::connect(self.address);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The `Content-Type` for a file name.
pub fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("svg") => "image/svg+xml",
        Some("xml") => "application/xml",
        Some("ics") => "text/calendar; charset=utf-8",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Reads one request from `stream`, answers it and closes the connection.
fn serve_one(root: &Path, mut stream: std::net::TcpStream, log: &Mutex<Vec<(String, u16)>>) {
    use std::io::{Read, Write};
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut head = Vec::new();
    let mut buffer = [0; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buffer[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let mut words = head.lines().next().unwrap_or_default().split_whitespace();
    let (method, url) = (
        words.next().unwrap_or_default(),
        words.next().unwrap_or("/"),
    );
    let (status, headers, body) = respond(root, method, url);
    log.lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((url.to_owned(), status));
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        _ => "Method Not Allowed",
    };
    let mut response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str("\r\n");
    let mut bytes = response.into_bytes();
    if method != "HEAD" {
        bytes.extend_from_slice(&body);
    }
    let _ = stream.write_all(&bytes);
    let _ = stream.flush();
}

/// The status, headers and body for a request.
fn respond(root: &Path, method: &str, url: &str) -> (u16, Vec<(&'static str, String)>, Vec<u8>) {
    let plain = |status: u16, body: &str| {
        (
            status,
            vec![("Content-Type", "text/plain; charset=utf-8".to_owned())],
            body.as_bytes().to_vec(),
        )
    };
    if !matches!(method, "GET" | "HEAD") {
        return plain(405, "405 Method Not Allowed");
    }
    let (path, query) = match url.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (url, None),
    };
    let Some(relative) = safe_relative_path(path) else {
        return plain(400, "400 Bad Request");
    };
    let mut file = root.join(&relative);
    if file.is_dir() {
        if !path.ends_with('/') {
            let location = match query {
                Some(query) => format!("{path}/?{query}"),
                None => format!("{path}/"),
            };
            let (status, mut headers, body) = plain(301, "301 Moved Permanently");
            headers.push(("Location", location));
            return (status, headers, body);
        }
        file.push("index.html");
    }
    // Canonicalising also resolves symlinks, which must not lead outside the root either.
    let found = file
        .canonicalize()
        .ok()
        .filter(|f| f.starts_with(root) && f.is_file());
    let (status, served) = match found {
        Some(found) => (200, found),
        None => (404, root.join("404.html")),
    };
    match fs::read(&served) {
        Ok(body) => (
            status,
            vec![("Content-Type", content_type(&served).to_owned())],
            body,
        ),
        Err(_) => plain(404, &format!("404 Not Found: {path}")),
    }
}

/// The percent-decoded URL path as a relative path, or `None` if it is malformed or tries
/// to climb out (`..`, backslashes, NUL bytes).
fn safe_relative_path(url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    let mut relative = PathBuf::new();
    for segment in decoded.split('/') {
        if segment.contains('\\') || segment.contains('\0') {
            return None;
        }
        match Path::new(segment).components().next() {
            None | Some(Component::CurDir) => {}
            Some(Component::Normal(_)) if segment != ".." => relative.push(segment),
            _ => return None,
        }
    }
    Some(relative)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

// ---------------------------------------------------------------------------------------
// PDF inspection (poppler-utils)
// ---------------------------------------------------------------------------------------

/// The number of pages of a PDF (`pdfinfo`).
#[track_caller]
pub fn pdf_pages(path: &Path) -> usize {
    let info = poppler("pdfinfo", &[path.as_os_str()]);
    let pages = info_field(&info, "Pages:");
    pages
        .parse()
        .unwrap_or_else(|_| panic!("pdfinfo {}: odd page count {pages:?}", path.display()))
}

/// The first page's width and height in PostScript points (`pdfinfo`): A4 is about
/// 595 × 842, Letter 612 × 792.
#[track_caller]
pub fn pdf_page_size(path: &Path) -> (f64, f64) {
    let info = poppler("pdfinfo", &[path.as_os_str()]);
    let size = info_field(&info, "Page size:");
    // e.g. "595.2 x 841.68 pts (A4)"
    let numbers: Vec<f64> = size
        .split_whitespace()
        .filter_map(|word| word.parse().ok())
        .collect();
    match numbers[..] {
        [width, height, ..] => (width, height),
        _ => panic!("pdfinfo {}: odd page size {size:?}", path.display()),
    }
}

/// The text of a PDF with its layout kept (`pdftotext -layout`).
#[track_caller]
pub fn pdf_text(path: &Path) -> String {
    poppler(
        "pdftotext",
        &["-layout".as_ref(), path.as_os_str(), "-".as_ref()],
    )
}

/// Renders every page to `<out_prefix>-<n>.png` at 60 dpi (`pdftoppm -png -r 60`) and
/// returns the PNG paths in page order, for a person (or the file viewer) to look at.
#[track_caller]
pub fn pdf_to_png(path: &Path, out_prefix: &Path) -> Vec<PathBuf> {
    poppler(
        "pdftoppm",
        &[
            "-png".as_ref(),
            "-r".as_ref(),
            "60".as_ref(),
            path.as_os_str(),
            out_prefix.as_os_str(),
        ],
    );
    let dir = match out_prefix.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let stem = out_prefix
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_else(|| panic!("pdf_to_png: odd prefix {}", out_prefix.display()));
    let mut pages: Vec<(u32, PathBuf)> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_name()?.to_str()?;
            let number = name
                .strip_prefix(stem)?
                .strip_prefix('-')?
                .strip_suffix(".png")?;
            Some((number.parse().ok()?, path))
        })
        .collect();
    pages.sort();
    pages.into_iter().map(|(_, path)| path).collect()
}

#[track_caller]
fn poppler(tool: &str, args: &[&std::ffi::OsStr]) -> String {
    let output = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run `{tool}` ({e}): install the `poppler-utils` package")
    });
    assert!(
        output.status.success(),
        "`{tool} {}` failed ({}): {}",
        args.iter()
            .map(|a| a.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" "),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[track_caller]
fn info_field<'a>(info: &'a str, name: &str) -> &'a str {
    match info.lines().find_map(|line| line.strip_prefix(name)) {
        Some(value) => value.trim(),
        None => panic!("pdfinfo printed no `{name}` line:\n{info}"),
    }
}

// ---------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------

/// A fresh, empty folder under Cargo's target tmp dir for a test's screenshots and PDFs;
/// unlike a `TempDir` it stays after the run so a person can open the files.
#[track_caller]
pub fn artifact_dir(test_name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("browser")
        .join(test_name);
    if dir.exists() {
        fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("cannot empty {}: {e}", dir.display()));
    }
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// `text` as a JavaScript string literal.
pub fn js_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises to JSON")
}

#[track_caller]
fn write_file(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
    }
    fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// Unwraps `result`, or panics at the test's line with `context` and the error.
#[track_caller]
fn ok<T, E: Display>(result: Result<T, E>, context: impl FnOnce() -> String) -> T {
    match result {
        Ok(value) => value,
        Err(e) => panic!("{}: {e}", context()),
    }
}

fn abbreviate(text: &str) -> String {
    const MAX: usize = 120;
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    }
}
