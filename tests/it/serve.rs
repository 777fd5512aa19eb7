//! `afterword serve` as an author and as a hostile client meet it: the real binary on
//! 127.0.0.1 with `--port 0`, spoken to over plain sockets. Edits reload open pages through
//! the event stream; a bad edit shows its problems and keeps the last good page; slow and
//! hostile clients never stall others; paths never leave the built files.
//!
//! No test measures time: waits have generous deadlines, so a broken server fails a test
//! instead of hanging it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::browser::harness::{Browser, axe, format_violations};
use crate::support::{Project, walkdir};

/// How long anything may take before a test gives up.
const PATIENCE: Duration = Duration::from_secs(30);

#[test]
fn an_edit_reloads_the_open_page_with_its_new_body() {
    let project = Project::minimal();
    let server = Server::start(&project, &[]);
    let (status, page) = server.get("/guide/thanks/");
    assert_eq!(status, 200);
    let generation = generation_of(&page);
    let mut events = server.events("/guide/thanks/", Some(generation));
    let text = project.read("content/guide/thanks.md");
    project.file(
        "content/guide/thanks.md",
        text.replace("Because it helps.", "Because it helps a lot."),
    );
    events.expect("reload");
    let (status, page) = server.get("/guide/thanks/");
    assert_eq!(status, 200);
    assert!(page.contains("Because it helps a lot."), "{page}");
    assert!(generation_of(&page) > generation);
    server.wait_for_stderr("rebuilt in ");
}

#[test]
fn a_page_served_before_an_edit_reloads_even_if_it_connects_after() {
    let project = Project::minimal();
    let server = Server::start(&project, &[]);
    let (_, page) = server.get("/guide/thanks/");
    let generation = generation_of(&page);
    let text = project.read("content/guide/thanks.md");
    project.file(
        "content/guide/thanks.md",
        text.replace("Within a day.", "Within one day."),
    );
    server.wait_for_stderr("rebuilt in ");
    // The page's script connects late, naming the generation it was served at.
    server
        .events("/guide/thanks/", Some(generation))
        .expect("reload");
}

#[test]
fn a_bad_edit_shows_its_problems_keeps_the_last_good_page_and_fixing_it_clears_them() {
    let project = Project::minimal();
    let server = Server::start(&project, &[]);
    let (_, before) = server.get("/guide/thanks/");
    let mut events = server.events("/guide/thanks/", Some(generation_of(&before)));
    let good = project.read("content/guide/follow-up.md");
    project.file(
        "content/guide/follow-up.md",
        "---\ntitle: x\ntitel: y\n---\n",
    );
    let data = events.expect_where("problems", |d| d.contains("titel"));
    let problems: Vec<String> = serde_json::from_str(&data).expect("problems are a JSON list");
    assert_eq!(
        problems,
        [
            "content/guide/follow-up.md:3:1: error: unknown key `titel` (did you mean `title`?)\n  |\n3 | titel: y\n  | ^"
        ]
    );
    server.wait_for_stderr("the last good site is still served");
    assert!(
        server
            .stderr()
            .contains("content/guide/follow-up.md:3:1: error: unknown key `titel`"),
        "the terminal shows the problem too:\n{}",
        server.stderr()
    );
    // The last good site is still served, both the page open and the broken one.
    let (status, after) = server.get("/guide/thanks/");
    assert_eq!(status, 200);
    assert_eq!(strip_generation(&after), strip_generation(&before));
    let (status, page) = server.get("/guide/follow-up/");
    assert_eq!(status, 200);
    assert!(page.contains("Following up"));
    // A page opened while the site is broken is told at once.
    let (_, during) = server.get("/");
    server
        .events("/", Some(generation_of(&during)))
        .expect("problems");
    // Putting the file back leaves this page as it was: the overlay goes, no reload.
    project.file("content/guide/follow-up.md", good);
    events.expect("clear");
    server.wait_for_stderr("problems fixed; rebuilt in ");
}

#[test]
fn the_reload_script_is_only_served_never_built() {
    let project = Project::minimal();
    let server = Server::start(&project, &[]);
    let (status, script) = server.get("/__afterword/reload.js");
    assert_eq!(status, 200);
    assert!(script.contains("EventSource"));
    assert!(script.contains("textContent") && !script.contains("innerHTML"));
    let (_, page) = server.get("/guide/thanks/");
    assert!(page.contains(r#"<script src="/__afterword/reload.js" data-generation=""#));
    project.run(&["build"]).success();
    let public = project.path("public");
    for file in walkdir(&public) {
        let bytes = std::fs::read(&file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__afterword") && !text.contains("reload.js"),
            "{} carries the reload script",
            file.display()
        );
    }
}

#[test]
fn port_zero_picks_a_free_port_and_pages_use_it() {
    let project = Project::minimal();
    let server = Server::start(&project, &[]);
    assert_ne!(server.port, 0);
    let (_, page) = server.get("/guide/thanks/");
    let canonical = format!(
        r#"<link rel="canonical" href="http://127.0.0.1:{}/guide/thanks/">"#,
        server.port
    );
    assert!(page.contains(&canonical), "{page}");
    assert!(
        server.stderr().contains(&format!(
            "serving them at http://127.0.0.1:{}/",
            server.port
        )),
        "{}",
        server.stderr()
    );
}

#[test]
fn a_slow_client_does_not_delay_another() {
    let project = Project::minimal();
    let server = Server::start(&project, &[]);
    // One client sends half a request and waits; another pipelines requests it never reads.
    let mut slow = server.connect();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow:")
        .unwrap();
    let mut greedy = server.connect();
    let request = "GET /guide/thanks/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".repeat(2_000);
    greedy.set_nonblocking(true).unwrap();
    let mut sent = 0;
    let deadline = Instant::now() + Duration::from_secs(2);
    while sent < request.len() && Instant::now() < deadline {
        match greedy.write(&request.as_bytes()[sent..]) {
            Ok(n) => sent += n,
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
    // Everyone else is served while both are still connected.
    for _ in 0..20 {
        let (status, body) = server.get("/robots.txt");
        assert_eq!(status, 200);
        assert!(body.contains("Sitemap"), "{body}");
    }
    // Five hundred more that send a byte at a time change nothing either.
    let loris: Vec<TcpStream> = (0..500)
        .map(|_| {
            let mut c = server.connect();
            c.write_all(b"GET / HTTP/1.1\r\nHo").unwrap();
            c
        })
        .collect();
    assert_eq!(server.get("/guide/thanks/").0, 200);
    drop((slow, greedy, loris));
}

#[test]
fn traversal_attempts_stay_inside_the_built_files() {
    let project = Project::minimal();
    let server = Server::start(&project, &[]);
    let absolute = format!("http://127.0.0.1:{}/../../../etc/passwd", server.port);
    for target in [
        "/../../../../etc/passwd",
        "/guide/../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/guide%2f..%2f..%2fetc%2fpasswd",
        "/..%5c..%5cetc%5cpasswd",
        "/..\\..\\etc\\passwd",
        "/%252e%252e/etc/passwd",
        "//etc/passwd",
        "/.%2e/etc/passwd",
        "/%00/etc/passwd",
        absolute.as_str(),
    ] {
        let (status, _, body) = server.raw(&format!("GET {target} HTTP/1.1\r\nHost: x\r\n\r\n"));
        assert!(matches!(status, 400 | 404), "{target}: {status}");
        assert!(!body.contains("root:"), "{target} leaked a file");
    }
    // The absolute form of a real path is served, and encoded names are decoded.
    let (status, _, _) = server.raw(&format!(
        "GET http://127.0.0.1:{}/style.css HTTP/1.1\r\nHost: x\r\n\r\n",
        server.port
    ));
    assert_eq!(status, 200);
    assert_eq!(server.get("/%73tyle.css").0, 200);
    // A folder without its slash redirects to it.
    let (status, head, _) = server.raw("GET /guide HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(status, 301);
    assert!(head.contains("location: /guide/\r\n"), "{head}");
}

#[test]
fn only_get_and_head_are_allowed_and_head_has_no_body() {
    let project = Project::minimal();
    let server = Server::start(&project, &[]);
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let (status, head, _) = server.raw(&format!(
            "{method} / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
        ));
        assert_eq!(status, 405, "{method}");
        assert!(head.contains("allow: GET, HEAD\r\n"), "{method}: {head}");
    }
    let (_, get_head, body) = server.raw("GET /style.css HTTP/1.1\r\nHost: x\r\n\r\n");
    let (status, head, nothing) = server.raw("HEAD /style.css HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(status, 200);
    assert_eq!(nothing, "");
    let length = format!("content-length: {}\r\n", body.len());
    assert!(
        get_head.contains(&length) && head.contains(&length),
        "{head}"
    );
}

#[test]
fn every_file_has_its_type_and_no_cache() {
    let project = Project::minimal();
    let files = [
        ("images/badge.ico", "image/x-icon"),
        ("site.webmanifest", "application/manifest+json"),
        ("logo.png", "image/png"),
        ("images/badge.svg", "image/svg+xml"),
        ("plan.ics", "text/calendar; charset=utf-8"),
        ("data.json", "application/json"),
        ("notes.txt", "text/plain; charset=utf-8"),
    ];
    for (name, _) in files {
        project.file(&format!("content/{name}"), "x");
    }
    let server = Server::start(&project, &[]);
    let built = [
        ("/", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/afterword.js", "text/javascript; charset=utf-8"),
        ("/sitemap.xml", "application/xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/favicon.ico", "image/x-icon"),
        ("/manifest.webmanifest", "application/manifest+json"),
        ("/sw.js", "text/javascript; charset=utf-8"),
        ("/__afterword/reload.js", "text/javascript; charset=utf-8"),
    ];
    let copied = files.map(|(name, kind)| (format!("/{name}"), kind));
    let all = built.iter().map(|(p, k)| (p.to_string(), *k)).chain(copied);
    for (path, kind) in all {
        let (status, head, _) = server.raw(&format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n"));
        assert_eq!(status, 200, "{path}");
        assert!(
            head.contains(&format!("content-type: {kind}\r\n")),
            "{path}: {head}"
        );
        assert!(
            head.contains("cache-control: no-cache\r\n"),
            "{path}: {head}"
        );
    }
    let (status, head, body) = server.raw("GET /nope/ HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(status, 404);
    assert!(head.contains("content-type: text/html; charset=utf-8\r\n"));
    assert!(body.contains("Page not found"));
}

#[test]
fn oversized_requests_are_refused_and_the_server_goes_on() {
    let project = Project::minimal();
    let server = Server::start(&project, &[]);
    let huge = format!(
        "GET /{} HTTP/1.1\r\nHost: x\r\n\r\n",
        "a".repeat(1024 * 1024)
    );
    let mut stream = server.connect();
    // The server may close before reading it all: only its answer matters.
    stream.write_all(huge.as_bytes()).ok();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok();
    assert!(
        answer.is_empty()
            || answer.starts_with("HTTP/1.1 431")
            || answer.starts_with("HTTP/1.1 414"),
        "{answer}"
    );
    let (status, _, _) = server.raw(&format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "b".repeat(64 * 1024)
    ));
    assert_eq!(status, 431);
    assert_eq!(server.get("/").0, 200);
}

#[test]
fn more_idle_connections_than_open_files_are_outlasted() {
    let project = Project::minimal();
    // 64 open files at most, and no way to raise it: room for 24 connections, fewer than
    // the idle clients below. Those wait in the kernel's queue until the first ones time out
    // (10 s), and so does the request after them; nothing fails and nothing stops.
    let mut server = Server::start_with(&project, &[], Some(64));
    let idle: Vec<TcpStream> = (0..40).map(|_| server.connect()).collect();
    let (status, body) = server.get("/robots.txt");
    assert_eq!(status, 200);
    assert!(body.contains("Sitemap"));
    drop(idle);
    assert_eq!(server.get("/").0, 200);
    assert!(!server.exited(), "{}", server.stderr());
}

#[test]
fn drafts_are_served_only_with_drafts() {
    let project = Project::minimal();
    project.file(
        "content/guide/draft.md",
        "---\ntitle: Unfinished\ndraft: true\n---\n\nNot yet.\n",
    );
    let server = Server::start(&project, &[]);
    assert_eq!(server.get("/guide/draft/").0, 404);
    drop(server);
    let server = Server::start(&project, &["--drafts"]);
    let (status, page) = server.get("/guide/draft/");
    assert_eq!(status, 200);
    assert!(page.contains("Unfinished"));
}

#[test]
fn listening_beyond_loopback_warns() {
    let project = Project::minimal();
    let server = Server::start(&project, &["--bind", "0.0.0.0"]);
    assert!(
        server.stderr().contains("warning: listening on 0.0.0.0:"),
        "{}",
        server.stderr()
    );
    assert_eq!(server.get("/").0, 200);
}

#[test]
fn a_folder_without_a_site_stops_serve_with_exit_2() {
    let project = Project::empty();
    let mut child = Command::new(env!("CARGO_BIN_EXE_afterword"))
        .args(["serve", "--port", "0", "--root"])
        .arg(project.path("missing"))
        .stderr(Stdio::piped())
        .spawn()
        .expect("start afterword serve");
    let deadline = Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().ok();
            panic!("serve kept running without a site");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(2));
    assert_eq!(
        stderr,
        format!(
            "error: the site folder `{0}` does not exist (start a site there with `afterword init {0}`)\n",
            project.path("missing").display()
        )
    );
}

/// The author's loop in a real browser: an edit reloads the open page by itself, a broken
/// edit shows an overlay of text over the last good page, and fixing it takes the overlay
/// away. The page's own policy (`script-src 'self'`, no inline style) holds throughout.
#[test]
fn the_open_page_follows_edits_in_a_browser() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let project = Project::minimal();
    let server = Server::start(&project, &[]);
    let page = browser.new_page();
    page.goto(&format!("http://127.0.0.1:{}/guide/thanks/", server.port));
    // Wait until the script is listening, so the edit below is not made before it.
    page.wait_until(
        "document.documentElement.dataset.afterwordServe === 'listening'",
        PATIENCE,
    );
    page.eval("window.unreloaded = true");
    let text = project.read("content/guide/thanks.md");
    project.file(
        "content/guide/thanks.md",
        text.replace("Because it helps.", "Because it helps a lot."),
    );
    page.wait_until(
        "document.body.innerText.includes('Because it helps a lot.')",
        PATIENCE,
    );
    assert_eq!(page.eval("window.unreloaded === undefined"), json!(true));

    // A broken edit: the problem shows as text (markup in it stays text), the page stays.
    let good = project.read("content/guide/follow-up.md");
    project.file(
        "content/guide/follow-up.md",
        "---\ntitle: x\ntitel: <img id=injected src=x>\n---\n",
    );
    page.wait_for("#afterword-problems", PATIENCE);
    let shown = page.text("#afterword-problems");
    assert!(
        shown.contains("content/guide/follow-up.md:3:1: error: unknown key `titel`")
            && shown.contains("titel: <img id=injected src=x>"),
        "{shown}"
    );
    assert!(!page.exists("#injected"));
    assert!(page.text("main").contains("Because it helps a lot."));
    let violations = axe(&page);
    assert!(violations.is_empty(), "{}", format_violations(&violations));

    project.file("content/guide/follow-up.md", good);
    page.wait_until(
        "document.querySelector('#afterword-problems') === null",
        PATIENCE,
    );
    page.assert_no_js_errors();
}

/// The generation a served page names in its reload script tag.
fn generation_of(page: &str) -> u64 {
    let at = page
        .find("data-generation=\"")
        .expect("a served page loads the reload script")
        + "data-generation=\"".len();
    page[at..]
        .split('"')
        .next()
        .and_then(|g| g.parse().ok())
        .expect("a generation number")
}

/// A page without the generation it was served at, to compare two servings.
fn strip_generation(page: &str) -> String {
    let generation = generation_of(page).to_string();
    page.replace(&generation, "")
}

/// A running `afterword serve --port 0`, killed on drop, with what it printed so far.
struct Server {
    child: Child,
    port: u16,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    fn start(project: &Project, args: &[&str]) -> Server {
        Server::start_with(project, args, None)
    }

    /// Start with at most `open_files` open files (soft and hard limit), when given.
    fn start_with(project: &Project, args: &[&str], open_files: Option<u32>) -> Server {
        let binary = env!("CARGO_BIN_EXE_afterword");
        let mut command = match open_files {
            Some(n) => {
                let mut sh = Command::new("sh");
                sh.args([
                    "-c",
                    &format!("ulimit -n {n} && exec \"$0\" \"$@\""),
                    binary,
                ]);
                sh
            }
            None => Command::new(binary),
        };
        let mut child = command
            .args(["serve", "--port", "0"])
            .args(args)
            .arg("--root")
            .arg(project.root())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start afterword serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let lines = BufReader::new(child.stderr.take().unwrap());
        let all = stderr.clone();
        std::thread::spawn(move || {
            for line in lines.lines().map_while(Result::ok) {
                {
                    let mut all = all.lock().unwrap();
                    all.push_str(&line);
                    all.push('\n');
                }
                if let Some(at) = line.find("serving them at http://") {
                    let address = &line[at + "serving them at http://".len()..];
                    let port = address
                        .split(['/', ' '])
                        .next()
                        .and_then(|a| a.rsplit(':').next())
                        .and_then(|p| p.parse::<u16>().ok());
                    tx.send(port).ok();
                }
            }
        });
        let port = rx
            .recv_timeout(PATIENCE)
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("serve did not start:\n{}", stderr.lock().unwrap()));
        Server {
            child,
            port,
            stderr,
        }
    }

    /// Whether the server has stopped.
    fn exited(&mut self) -> bool {
        self.child.try_wait().ok().flatten().is_some()
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Wait until the server has printed `part`.
    fn wait_for_stderr(&self, part: &str) {
        let deadline = Instant::now() + PATIENCE;
        while !self.stderr().contains(part) {
            assert!(
                Instant::now() < deadline,
                "serve never printed {part:?}:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        stream
    }

    /// Send `request` on a connection of its own and read the answer until the server
    /// closes it: status, head (names in lowercase, each line ending in CRLF) and body.
    fn raw(&self, request: &str) -> (u16, String, String) {
        let mut stream = self.connect();
        let request = request.replacen("\r\n", "\r\nConnection: close\r\n", 1);
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = Vec::new();
        stream
            .read_to_end(&mut answer)
            .expect("the server answers in time");
        let answer = String::from_utf8_lossy(&answer).into_owned();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("not an HTTP answer: {answer:?}"));
        let head: String = head
            .lines()
            .map(|line| match line.split_once(':') {
                Some((name, value)) => format!("{}:{value}\r\n", name.to_ascii_lowercase()),
                None => format!("{line}\r\n"),
            })
            .collect();
        (status, head, body.to_owned())
    }

    fn get(&self, path: &str) -> (u16, String) {
        let (status, _, body) = self.raw(&format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n"));
        (status, body)
    }

    /// The event stream of the page at `path`, served at generation `since`.
    fn events(&self, path: &str, since: Option<u64>) -> Events {
        let mut stream = self.connect();
        let since = since.map(|g| format!("&since={g}")).unwrap_or_default();
        write!(
            stream,
            "GET /__afterword/events?path={path}{since} HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        events.expect("hello");
        events
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// An open event stream.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// Read until the event `name`, and return its data. Other events are passed over: a
    /// save can be seen half written (an empty file) and reported before the whole one.
    #[track_caller]
    fn expect(&mut self, name: &str) -> String {
        self.expect_where(name, |_| true)
    }

    /// Read until the event `name` whose data satisfies `wanted`, and return that data.
    #[track_caller]
    fn expect_where(&mut self, name: &str, wanted: impl Fn(&str) -> bool) -> String {
        let mut event = String::new();
        let mut line = String::new();
        loop {
            line.clear();
            let n = self
                .reader
                .read_line(&mut line)
                .unwrap_or_else(|e| panic!("waiting for `{name}`: {e}"));
            assert!(n > 0, "the event stream ended before `{name}`");
            let line = line.trim_end_matches(['\r', '\n']);
            if let Some(e) = line.strip_prefix("event: ") {
                event = e.to_owned();
            } else if let Some(data) = line.strip_prefix("data: ")
                && event == name
                && wanted(data)
            {
                return data.to_owned();
            }
        }
    }
}
