//! The command line as a user meets it: help, version, `new` and the names it refuses,
//! `serve`, option values checked as they are parsed (`--base-url`), and the errors for
//! things that stop a command from running at all.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Project, run};

#[test]
fn help_explains_every_command() {
    let help = run(&["--help"]);
    help.success();
    insta::assert_snapshot!("help", help.stdout);
    for command in ["init", "build", "check", "serve", "new"] {
        let out = run(&[command, "--help"]);
        out.success();
        insta::assert_snapshot!(format!("help_{command}"), out.stdout);
    }
}

#[test]
fn version_prints_the_crate_version() {
    run(&["--version"])
        .success()
        .stdout_has(&format!("afterword {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn new_writes_valid_stubs_and_never_overwrites() {
    let project = Project::minimal();
    for (kind, path) in [
        ("guide", "guide/salary.md"),
        ("checklist", "checklists/offer"),
        ("template", "content/templates/accept.md"),
    ] {
        project
            .run(&["new", kind, path])
            .success()
            .stdout_has("created ");
    }
    assert!(
        project
            .read("content/checklists/offer.md")
            .starts_with("---\nkind: checklist\ntitle: Offer\n")
    );
    project
        .run(&["check"])
        .success()
        .stdout_has("no problems in 11 pages (2 checklists, 2 templates)");
    // A second checklist's timed item is an action of its own, not the first one again.
    project
        .run(&["new", "checklist", "checklists/offer-2"])
        .success();
    assert!(
        project
            .read("content/checklists/offer-2.md")
            .contains("  - id: offer-2-first-step\n")
    );
    project.run(&["check"]).success();
    let before = project.read("content/guide/salary.md");
    project
        .run(&["new", "guide", "guide/salary.md"])
        .code(2)
        .stderr_has("already exists; not overwriting it");
    assert_eq!(project.read("content/guide/salary.md"), before);
    project.run(&["new", "guide", "../outside.md"]).code(2)
        .stderr("error: `../outside.md` must be a path inside content/, such as `checklists/offer.md`\n");
}

#[test]
fn new_refuses_a_name_that_check_would_reject() {
    let project = Project::minimal();
    project.run(&["new", "guide", "My Page"]).code(2).stderr(
        "error: `My Page` cannot be part of a URL: name files and folders with letters, digits, `-`, `_` and `.`, such as `my-page.md`\n",
    );
    project
        .run(&["new", "guide", "guide/.draft.md"])
        .code(2)
        .stderr("error: `.draft` starts with `.`, so `check` and `build` would skip it: use a name such as `guide/draft.md`\n");
    assert!(!project.path("content/My Page.md").exists());
    assert!(!project.path("content/guide/.draft.md").exists());
    project.run(&["new", "guide", "my-page"]).success();
    project.run(&["check"]).success();
}

#[test]
fn base_url_option_is_checked_like_the_front_matter() {
    let project = Project::minimal();
    project
        .run(&["build", "--base-url", "https://a.example/\nX-INJECT:1"])
        .code(2)
        .stderr("error: invalid value 'https://a.example/\nX-INJECT:1' for '--base-url <URL>': `base_url` must not contain a line break: write one URL, such as `https://example.org/`\n\nFor more information, try '--help'.\n");
    project
        .run(&["build", "--base-url", "example.org"])
        .code(2)
        .stderr("error: invalid value 'example.org' for '--base-url <URL>': `base_url` must be an absolute URL starting with `https://` or `http://`, such as `https://example.org/`\n\nFor more information, try '--help'.\n");
    assert!(!project.path("public").exists());
    project
        .run(&["build", "--base-url", "https://a.example/docs/"])
        .success();
    assert!(
        project
            .read("public/index.html")
            .contains("https://a.example/docs/")
    );
}

#[test]
fn a_missing_site_folder_is_a_clear_error() {
    let project = Project::empty();
    project.run(&["build"]).code(2).stderr(&format!(
        "error: `{}` is not a site folder: it has no `content` folder (start a site with `afterword init`)\n",
        project.root().display()
    ));
}

#[test]
fn serve_answers_pages_assets_and_404_on_loopback() {
    let project = Project::minimal();
    let port = free_port();
    let server = Server::start(&project, port);
    let (status, body) = get(port, "/guide/thanks/");
    assert_eq!(status, 200);
    assert!(
        body.contains(r#"<link rel="canonical" href="http://127.0.0.1:"#),
        "serve uses its own address as the base URL"
    );
    assert!(body.contains("<h1>Thank-you notes</h1>"));
    let (status, css) = get(port, "/style.css?v=1");
    assert_eq!(status, 200);
    assert!(css.contains("prefers-color-scheme"));
    let (status, body) = get(port, "/../../etc/passwd");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"));
    assert!(!project.path("public").exists(), "serve builds in memory");
    // A second server on the same port cannot start, and says why.
    let second = project.run(&["serve", "--port", &port.to_string()]);
    second
        .code(2)
        .stderr_has(&format!("error: failed to listen on 127.0.0.1:{port}"));
    drop(server);
}

#[test]
fn serve_shows_build_problems_in_the_browser() {
    let project = Project::minimal();
    project.file(
        "content/guide/follow-up.md",
        "---\ntitle: x\ntitel: y\n---\n",
    );
    let port = free_port();
    let _server = Server::start(&project, port);
    let (status, body) = get(port, "/");
    assert_eq!(status, 500);
    assert!(
        body.contains(
            "content/guide/follow-up.md:3:1: error: unknown key `titel` (did you mean `title`?)"
        ),
        "{body}"
    );
}

/// A running `afterword serve`, killed on drop.
struct Server(Child);

impl Server {
    fn start(project: &Project, port: u16) -> Server {
        let child = Command::new(env!("CARGO_BIN_EXE_afterword"))
            .args([
                "serve",
                "--port",
                &port.to_string(),
                "--root",
                project.root().to_str().unwrap(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start afterword serve");
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "serve did not start listening");
            std::thread::sleep(Duration::from_millis(50));
        }
        Server(child)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A plain HTTP/1.0 GET: status code and body.
fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}
