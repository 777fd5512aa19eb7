//! Benchmarks of `afterword serve`, run against the real binary on generated sites:
//!
//! - `reload PAGES…`: edit one page of a site of that many pages (its body, then its title)
//!   and time the edit until the server's reload event, and until the new page is fetched
//!   (median of several edits);
//! - `load PAGES REQUESTS CONCURRENCY`: a bounded load test, fixed numbers of requests over
//!   keep-alive connections, reporting throughput and latency percentiles;
//! - `corpus DIR PAGES`: only write a generated site, to try other tools on it.
//!
//! `cargo bench --bench serve -- reload 1000 10000` and
//! `cargo bench --bench serve -- load 5000 20000 50`. `AFTERWORD_BIN` replaces the binary
//! under test (to measure an older build). Nothing here is a test: no figure is asserted.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

fn main() {
    // `cargo bench` passes `--bench`; the words after `--` choose the benchmark.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let numbers = |from: usize| -> Vec<usize> {
        args[from..]
            .iter()
            .map(|a| a.parse().expect("a number"))
            .collect()
    };
    match args.first().map(String::as_str) {
        Some("corpus") => {
            let dir = PathBuf::from(&args[1]);
            corpus(&dir, numbers(2)[0]);
        }
        Some("reload") => {
            for pages in numbers(1) {
                reload(pages);
            }
        }
        Some("load") => {
            let n = numbers(1);
            load(n[0], n[1], n[2]);
        }
        _ => {
            reload(1000);
            load(5000, 20_000, 50);
        }
    }
}

/// The binary under test.
fn binary() -> PathBuf {
    std::env::var_os("AFTERWORD_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_afterword")))
}

/// Write a site of `pages` pages into `dir`: sections of 100 pages, each page linking to its
/// neighbours and to a checklist item, every tenth page a checklist and every twentieth a
/// template, so links, anchors, navigation and the planner all have work to do.
fn corpus(dir: &Path, pages: usize) {
    let content = dir.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        content.join("_index.md"),
        "---\ntitle: Bench\ndescription: A generated site.\nbase_url: https://example.org/\n---\n\nThe home page.\n",
    )
    .unwrap();
    let sections = pages.div_ceil(100);
    for s in 0..sections {
        let folder = content.join(format!("s{s:03}"));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join("_index.md"),
            format!("---\ntitle: Section {s}\nweight: {s}\n---\n\nSection {s}.\n"),
        )
        .unwrap();
        for p in 0..100.min(pages - s * 100) {
            std::fs::write(folder.join(format!("p{p:03}.md")), page(s, p, pages)).unwrap();
        }
    }
}

/// One generated page. Page 0 of each section is a checklist that others link to.
fn page(s: usize, p: usize, pages: usize) -> String {
    let next = (s * 100 + p + 1) % pages;
    let (ns, np) = (next / 100, next % 100);
    let body = format!(
        "## Before {p}\n\nSome *text* about step {p} of section {s}, with a [link](@/s{ns:03}/p{np:03}.md) and \
         [an item](@/s{s:03}/p000.md#c{s}-a).\n\n## After {p}\n\nMore text, a list:\n\n- one\n- two\n- three\n"
    );
    if p == 0 {
        return format!(
            "---\nkind: checklist\ntitle: Checklist {s}\nweight: {p}\nitems:\n  - id: c{s}-a\n    text: First thing\n    due: within 24h of interview\n  - id: c{s}-b\n    text: Second thing\n---\n\n{body}"
        );
    }
    if p % 20 == 5 {
        return format!(
            "---\nkind: template\ntitle: Template {s} {p}\nweight: {p}\nsubject: \"Hello {{name}}\"\nfields:\n  - name: name\n    label: Name\n    example: Priya\n    required: true\n---\n\nDear {{name}},\n\nThanks.\n"
        );
    }
    format!("---\ntitle: Page {s} {p}\nweight: {p}\n---\n\n{body}")
}

/// How long a load-test request may wait for its answer before it counts as failed.
const STALL: Duration = Duration::from_secs(30);

/// A running server on a free port, killed on drop.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(root: &Path) -> Server {
        // `AFTERWORD_BENCH_PORT` for servers that cannot pick a free port themselves.
        let fixed = std::env::var("AFTERWORD_BENCH_PORT").ok();
        let mut child = Command::new(binary())
            .args(["serve", "--port", fixed.as_deref().unwrap_or("0"), "--root"])
            .arg(root)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start afterword serve");
        if let Some(port) = fixed {
            return Server {
                child,
                port: port.parse().expect("a port number"),
            };
        }
        // The server prints its address, `http://127.0.0.1:PORT/`, once it listens.
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if !sent && let Some(at) = line.find("http://127.0.0.1:") {
                    let rest = &line[at + "http://127.0.0.1:".len()..];
                    let port: String = rest.chars().take_while(char::is_ascii_digit).collect();
                    tx.send(port.parse::<u16>().unwrap()).ok();
                    sent = true;
                }
            }
        });
        let port = rx
            .recv_timeout(Duration::from_secs(600))
            .expect("the server printed its address");
        Server { child, port }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// Edit a page of a `pages`-page site several times; print the medians of edit → reload
/// event and edit → new page fetched.
fn reload(pages: usize) {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), pages);
    let started = Instant::now();
    let server = Server::start(dir.path());
    wait_for(server.port, "/s000/p001/");
    println!(
        "{pages} pages: first build and listen {} ms",
        started.elapsed().as_millis()
    );
    let file = dir.path().join("content/s000/p001.md");
    let original = std::fs::read_to_string(&file).unwrap();
    // A body edit changes one page; a title edit changes the front matter, so the site
    // model is made again, and the pages that show the title (the section, the neighbours).
    for (what, from) in [("body", "Some *text*"), ("title", "title: Page 0 1")] {
        edits(server.port, &file, &original, what, from);
    }
    std::fs::write(&file, &original).unwrap();
}

/// Edit `file` (whose text is `original`) seven times by appending a marker to `from`, and
/// report how long each edit took to reach the reload event and the new page.
fn edits(port: u16, file: &Path, original: &str, what: &str, from: &str) {
    let pages = "/s000/p001/";
    let (mut to_event, mut to_page) = (Vec::new(), Vec::new());
    for round in 0..7 {
        let mut events = Events::open(port, pages);
        let marker = format!("edit{round}n{}", std::process::id());
        let edited = original.replace(from, &format!("{from} {marker}"));
        let start = Instant::now();
        std::fs::write(file, edited).unwrap();
        events.wait_for("reload");
        to_event.push(start.elapsed());
        let body = get(port, pages);
        assert!(body.contains(&marker), "the new page is served");
        to_page.push(start.elapsed());
        // Let the watcher settle before the next edit.
        std::thread::sleep(Duration::from_millis(300));
    }
    println!(
        "{what} edit: edit -> reload event median {} ms (min {}, max {}); edit -> new page fetched median {} ms",
        median(&mut to_event).as_millis(),
        to_event.iter().min().unwrap().as_millis(),
        to_event.iter().max().unwrap().as_millis(),
        median(&mut to_page).as_millis(),
    );
}

/// A bounded load test: `requests` GETs of a mix of pages and assets over `concurrency`
/// keep-alive connections against a `pages`-page site.
fn load(pages: usize, requests: usize, concurrency: usize) {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), pages);
    let server = Server::start(dir.path());
    wait_for(server.port, "/");
    let paths: Arc<Vec<String>> = Arc::new(
        (0..pages.min(1000))
            .map(|i| format!("/s{:03}/p{:03}/", i / 100 % pages.div_ceil(100), i % 100))
            .chain(["/robots.txt".into(), "/sitemap.xml".into(), "/".into()])
            .collect(),
    );
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (paths, next, port) = (paths.clone(), next.clone(), server.port);
            std::thread::spawn(move || {
                let (mut latencies, mut bytes, mut failed) = (Vec::new(), 0, 0);
                let mut connection = Connection::open(port);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= requests {
                        break;
                    }
                    let path = &paths[i % paths.len()];
                    let start = Instant::now();
                    match connection.get(path) {
                        Some(n) => bytes += n,
                        None => failed += 1,
                    }
                    latencies.push(start.elapsed());
                }
                (latencies, bytes, failed)
            })
        })
        .collect();
    let (mut latencies, mut bytes, mut failed) = (Vec::new(), 0, 0);
    for worker in workers {
        let (l, b, f) = worker.join().expect("a load worker");
        latencies.extend(l);
        bytes += b;
        failed += f;
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let at =
        |q: f64| latencies[((latencies.len() - 1) as f64 * q) as usize].as_micros() as f64 / 1000.0;
    println!(
        "{pages} pages, {requests} requests at {concurrency} concurrent: {:.0} req/s, {:.1} MB/s, latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, total {:.2} s, {failed} failed",
        requests as f64 / elapsed.as_secs_f64(),
        bytes as f64 / elapsed.as_secs_f64() / 1e6,
        at(0.5),
        at(0.99),
        at(1.0),
        elapsed.as_secs_f64()
    );
}

fn median(values: &mut [Duration]) -> Duration {
    values.sort();
    values[values.len() / 2]
}

/// Wait until the server answers `path` with 200.
fn wait_for(port: u16, path: &str) {
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        if let Ok(mut c) = TcpStream::connect(("127.0.0.1", port)) {
            write!(c, "GET {path} HTTP/1.0\r\n\r\n").unwrap();
            let mut response = String::new();
            c.read_to_string(&mut response).ok();
            if response.starts_with("HTTP/1.0 200") || response.starts_with("HTTP/1.1 200") {
                return;
            }
        }
        assert!(Instant::now() < deadline, "the server never answered");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// One GET on a fresh connection: the body.
fn get(port: u16, path: &str) -> String {
    let mut c = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(c, "GET {path} HTTP/1.0\r\n\r\n").unwrap();
    let mut response = String::new();
    c.read_to_string(&mut response).unwrap();
    response
}

/// An HTTP/1.1 keep-alive connection that reads responses by their `Content-Length`.
struct Connection {
    reader: BufReader<TcpStream>,
    port: u16,
}

impl Connection {
    fn open(port: u16) -> Connection {
        let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream.set_nodelay(true).ok();
        // A server that stops answering fails the request instead of hanging the bench.
        stream.set_read_timeout(Some(STALL)).ok();
        Connection {
            reader: BufReader::new(stream),
            port,
        }
    }

    /// GET `path`: the body's length, or `None` when the server closed the connection or
    /// stalled before answering (then the next request gets a new connection).
    fn get(&mut self, path: &str) -> Option<usize> {
        let answer = self.try_get(path);
        if answer.is_none() {
            *self = Connection::open(self.port);
        }
        answer
    }

    fn try_get(&mut self, path: &str) -> Option<usize> {
        write!(
            self.reader.get_mut(),
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )
        .ok()?;
        let mut length = None;
        let mut close = false;
        let mut line = String::new();
        loop {
            line.clear();
            if self.reader.read_line(&mut line).ok()? == 0 {
                return None;
            }
            let trimmed = line.trim_end();
            if trimmed.is_empty() {
                break;
            }
            let lower = trimmed.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length:") {
                length = v.trim().parse::<usize>().ok();
            }
            if lower == "connection: close" {
                close = true;
            }
        }
        let mut body = Vec::new();
        match length {
            Some(n) => {
                body.resize(n, 0);
                self.reader.read_exact(&mut body).ok()?;
            }
            None => {
                self.reader.read_to_end(&mut body).ok()?;
                close = true;
            }
        }
        if close {
            *self = Connection::open(self.port);
        }
        Some(body.len())
    }
}

/// The server's event stream for the page at `path`.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(port: u16, path: &str) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "GET /__afterword/events?path={path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(600)))
            .unwrap();
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        // The server says `hello` once it has the client registered.
        events.wait_for("hello");
        events
    }

    /// Read until an `event: NAME` line.
    fn wait_for(&mut self, name: &str) {
        let want = format!("event: {name}");
        let mut line = String::new();
        loop {
            line.clear();
            let n = self.reader.read_line(&mut line).expect("read events");
            assert!(n > 0, "the event stream ended");
            if line.trim_end() == want {
                return;
            }
        }
    }
}
