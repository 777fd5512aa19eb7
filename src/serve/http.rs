//! The HTTP side of `serve`: accepting connections with limits, and answering each request
//! from the current [`Snapshot`] (files, the reload script, the event stream).
//!
//! hyper does the protocol; this module decides the policy. Every connection is a task of
//! its own, so a slow or hostile client only ever holds its own connection. Limits: request
//! heads over [`MAX_HEAD`] get 431, a head not received within [`HEAD_TIMEOUT`] (also the
//! idle time allowed between keep-alive requests) closes the connection, a response the
//! client stops reading for [`WRITE_TIMEOUT`] closes it, bodies are never read, and at most
//! [`Limits::connections`] are open at once (more wait in the kernel's queue). An `accept`
//! that fails (too many open files) is reported and retried, never fatal.
//!
//! Paths are percent-decoded segment by segment and looked up in the built files, so no
//! request can name anything else: a segment that decodes to `.`, `..`, or contains `/`,
//! `\` or a control character is not found. Only GET and HEAD are allowed.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::channel::{Channel, Sender};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio_io_timeout::TimeoutStream;

use super::served::Snapshot;

/// The longest request line and headers accepted, together.
pub const MAX_HEAD: usize = 16 * 1024;
/// How long a client has to send a request head, and how long an idle keep-alive
/// connection stays open.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a response may wait for the client to read it before the connection is closed.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// How often an open event stream gets a comment, so a client that went away is noticed.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// The path of the live-reload script, which only `serve` answers.
pub const RELOAD_SCRIPT: &str = "/__afterword/reload.js";
/// The path of the event stream the reload script listens to.
pub const EVENTS: &str = "/__afterword/events";

const SCRIPT: &str = include_str!("reload.js");

/// The body of every response: whole files, a page with the reload script spliced in, or
/// an event stream.
type Body = UnsyncBoxBody<Bytes, Infallible>;

/// How many connections may be open at once.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub connections: usize,
}

/// Accept connections on `listener` forever, answering from the latest snapshot of
/// `served`. Returns only if accepting cannot go on at all.
pub async fn serve(listener: TcpListener, served: watch::Receiver<Arc<Snapshot>>, limits: Limits) {
    let open = Arc::new(Semaphore::new(limits.connections));
    let mut last_report: Option<Instant> = None;
    loop {
        let Ok(permit) = open.clone().acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors or memory: say so (once a second at most), give
                // the open connections time to finish, and go on.
                if last_report.is_none_or(|t| t.elapsed() > Duration::from_secs(1)) {
                    eprintln!(
                        "error: cannot accept a connection: {e}; {} connections are open, retrying",
                        limits.connections - open.available_permits() - 1
                    );
                    last_report = Some(Instant::now());
                }
                drop(permit);
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        stream.set_nodelay(true).ok();
        let mut stream = TimeoutStream::new(stream);
        stream.set_write_timeout(Some(WRITE_TIMEOUT));
        let io = TokioIo::new(Box::pin(stream));
        let served = served.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request: Request<Incoming>| {
                let response = respond(&served, &request);
                async move { Ok::<_, Infallible>(response) }
            });
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEAD_TIMEOUT)
                .max_header_size(MAX_HEAD)
                .max_buf_size(4 * MAX_HEAD)
                .max_headers(64)
                .serve_connection(io, service);
            // A client that sends garbage, times out or goes away is its own problem.
            connection.await.ok();
            drop(permit);
        });
    }
}

/// The response to one request.
fn respond<B>(served: &watch::Receiver<Arc<Snapshot>>, request: &Request<B>) -> Response<Body> {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let mut response = text(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET and HEAD are allowed\n",
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let snapshot = served.borrow().clone();
    let path = request.uri().path();
    let query = request.uri().query().unwrap_or_default();
    match path {
        RELOAD_SCRIPT => {
            return file_response(
                StatusCode::OK,
                "reload.js",
                Bytes::from_static(SCRIPT.as_bytes()),
            );
        }
        EVENTS => return events(served.clone(), &snapshot, query),
        _ => {}
    }
    if snapshot.files.is_empty() && !snapshot.problems.is_empty() {
        return problem_page(&snapshot);
    }
    match locate(&snapshot, path) {
        Located::File(key) => page(&snapshot, StatusCode::OK, &key),
        Located::Redirect => {
            let location = format!("{path}/{}{query}", if query.is_empty() { "" } else { "?" });
            let mut response = text(StatusCode::MOVED_PERMANENTLY, "moved\n");
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Located::Missing if snapshot.files.contains_key("404.html") => {
            page(&snapshot, StatusCode::NOT_FOUND, "404.html")
        }
        Located::Missing => text(StatusCode::NOT_FOUND, "not found\n"),
        Located::Bad => text(
            StatusCode::BAD_REQUEST,
            "bad request: the path is not valid UTF-8 once decoded\n",
        ),
    }
}

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
enum Located {
    /// A built file, by output path.
    File(String),
    /// A folder asked for without its `/`: the same path with it.
    Redirect,
    Missing,
    /// Percent-encoding that does not decode to UTF-8.
    Bad,
}

/// Find the built file for a request path (`/guide/x/` → `guide/x/index.html`).
fn locate(snapshot: &Snapshot, path: &str) -> Located {
    let Some(key) = decode(path) else {
        return if path.starts_with('/')
            && percent_encoding::percent_decode_str(path)
                .decode_utf8()
                .is_err()
        {
            Located::Bad
        } else {
            Located::Missing
        };
    };
    let files = &snapshot.files;
    if key.is_empty() || key.ends_with('/') {
        let index = format!("{key}index.html");
        return if files.contains_key(&index) {
            Located::File(index)
        } else {
            Located::Missing
        };
    }
    if files.contains_key(&key) {
        Located::File(key)
    } else if files.contains_key(&format!("{key}/index.html")) {
        Located::Redirect
    } else {
        Located::Missing
    }
}

/// The output path a request path names: segments percent-decoded and joined by `/`, with
/// the trailing `/` kept; `None` when a segment cannot be a built file's (`..`, an encoded
/// `/`, a backslash, a control character, an empty segment) or is not UTF-8.
fn decode(path: &str) -> Option<String> {
    let rest = path.strip_prefix('/')?;
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len() - 1;
    let mut key = String::with_capacity(rest.len());
    for (i, raw) in segments.iter().enumerate() {
        if raw.is_empty() {
            // Only the last segment may be empty: the trailing `/` of a folder.
            if i != last {
                return None;
            }
            continue;
        }
        let segment = percent_encoding::percent_decode_str(raw)
            .decode_utf8()
            .ok()?;
        if segment == "."
            || segment == ".."
            || segment
                .chars()
                .any(|c| c == '/' || c == '\\' || c.is_control())
        {
            return None;
        }
        key.push_str(&segment);
        if i != last {
            key.push('/');
        }
    }
    Some(key)
}

/// The output paths a request path could be answered from: its file, the folder's index,
/// and the 404 page. A page served at some generation is stale when any of them changed.
pub fn candidates(path: &str) -> Vec<String> {
    let mut paths = vec!["404.html".to_owned()];
    if let Some(key) = decode(path) {
        if key.is_empty() || key.ends_with('/') {
            paths.push(format!("{key}index.html"));
        } else {
            paths.push(format!("{key}/index.html"));
            paths.push(key);
        }
    }
    paths
}

/// A built file; HTML gets the reload script tag spliced in at `inject_at`, sent as three
/// slices of the shared bytes, never a copy.
fn page(snapshot: &Snapshot, status: StatusCode, key: &str) -> Response<Body> {
    let Some(file) = snapshot.files.get(key) else {
        return text(StatusCode::NOT_FOUND, "not found\n");
    };
    let Some(at) = file.inject_at else {
        return file_response(status, key, file.bytes.clone());
    };
    let tag = Bytes::from(script_tag(snapshot.generation));
    let parts = [file.bytes.slice(..at), tag, file.bytes.slice(at..)];
    let length = parts.iter().map(Bytes::len).sum::<usize>();
    let frames = parts.map(|b| Ok::<_, Infallible>(Frame::data(b)));
    let body = StreamBody::new(futures_util::stream::iter(frames));
    let mut response = Response::new(body.boxed_unsync());
    *response.status_mut() = status;
    headers(&mut response, key);
    response
        .headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    response
}

/// The tag that loads the reload script, naming the generation the page was served at.
pub fn script_tag(generation: u64) -> String {
    format!("<script src=\"{RELOAD_SCRIPT}\" data-generation=\"{generation}\" defer></script>")
}

/// A whole file from memory.
fn file_response(status: StatusCode, name: &str, bytes: Bytes) -> Response<Body> {
    let mut response = Response::new(Full::new(bytes).boxed_unsync());
    *response.status_mut() = status;
    headers(&mut response, name);
    response
}

/// The headers every file gets: its type, `no-cache` (a browser may keep a copy but must
/// ask before using it, so an edit always shows), and no type sniffing.
fn headers(response: &mut Response<Body>, name: &str) {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(name)),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
}

/// The media type of a built file, by extension, with `charset=utf-8` for text: every type
/// a build writes (pages, styles, scripts, feeds, calendars, manifests, images, fonts) and
/// the usual types of files copied from `content/`.
pub fn content_type(name: &str) -> &'static str {
    let extension = name.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "rss" => "application/rss+xml",
        "atom" => "application/atom+xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// A short plain-text answer.
fn text(status: StatusCode, message: &'static str) -> Response<Body> {
    let mut response =
        Response::new(Full::new(Bytes::from_static(message.as_bytes())).boxed_unsync());
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// Until the first good build there is no site to keep: every path answers with the
/// problems, on a page that reloads itself once they are fixed.
fn problem_page(snapshot: &Snapshot) -> Response<Body> {
    let mut html = String::from(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build problems</title>",
    );
    html.push_str(&script_tag(snapshot.generation));
    html.push_str("</head><body><main><h1>The site has problems</h1><p>Fix them and this page reloads by itself.</p>");
    for p in snapshot.problems.iter() {
        html.push_str(&format!("<pre>{}</pre>", crate::markdown::escape(p)));
    }
    html.push_str("</main></body></html>");
    let mut response = file_response(
        StatusCode::INTERNAL_SERVER_ERROR,
        "problems.html",
        Bytes::from(html),
    );
    // The page is served's own, so its policy comes with it.
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; base-uri 'none'; form-action 'none'",
        ),
    );
    response
}

/// The event stream of one open page (`?path=/guide/x/&since=GENERATION`): `hello` at once,
/// then `reload` when a build changed the page, `problems` (a JSON array of messages) when
/// a build failed, and `clear` when a build after a failure left the page as it was. A
/// missing or unreadable `since` counts as now, so a page never reloads in a loop.
fn events(
    mut served: watch::Receiver<Arc<Snapshot>>,
    snapshot: &Snapshot,
    query: &str,
) -> Response<Body> {
    let mut path = "/".to_owned();
    let mut since = snapshot.generation;
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        match &*name {
            "path" => path = value.into_owned(),
            "since" => since = value.parse().unwrap_or(snapshot.generation),
            _ => {}
        }
    }
    let paths = candidates(&path);
    let (mut sender, body) = Channel::<Bytes>::new(4);
    tokio::spawn(async move {
        let mut shown_problems = false;
        let mut snapshot = served.borrow_and_update().clone();
        let hello = format!(
            "retry: 1000\nevent: hello\ndata: {}\n\n",
            snapshot.generation
        );
        if send(&mut sender, hello).await.is_err() {
            return;
        }
        loop {
            // A page served by another run of the server (a later generation) is stale too.
            if since > snapshot.generation || snapshot.changed_since(&paths, since) {
                send(&mut sender, "event: reload\ndata: {}\n\n".to_owned())
                    .await
                    .ok();
                return;
            }
            // The page is what this generation serves: it is as good as served now.
            since = snapshot.generation;
            let event = if !snapshot.problems.is_empty() {
                shown_problems = true;
                let data = serde_json::to_string(&*snapshot.problems).unwrap_or_default();
                Some(format!("event: problems\ndata: {data}\n\n"))
            } else if shown_problems {
                shown_problems = false;
                Some("event: clear\ndata: {}\n\n".to_owned())
            } else {
                None
            };
            if let Some(event) = event
                && send(&mut sender, event).await.is_err()
            {
                return;
            }
            tokio::select! {
                changed = served.changed() => {
                    if changed.is_err() {
                        return;
                    }
                    snapshot = served.borrow_and_update().clone();
                }
                () = tokio::time::sleep(KEEPALIVE) => {
                    if send(&mut sender, ": keepalive\n\n".to_owned()).await.is_err() {
                        return;
                    }
                }
            }
        }
    });
    let mut response = Response::new(body.boxed_unsync());
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// Send one event; an error means the client went away.
async fn send(sender: &mut Sender<Bytes>, event: String) -> Result<(), ()> {
    sender.send_data(Bytes::from(event)).await.map_err(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Claim, OutputFile, Rank};

    fn snapshot() -> Snapshot {
        let files = [
            "index.html",
            "guide/index.html",
            "guide/a b/index.html",
            "style.css",
        ]
        .map(|path| OutputFile {
            path: path.into(),
            bytes: b"x".to_vec().into(),
            claim: Claim::new(Rank::Page, "content/x.md", None),
        });
        let built = crate::Built {
            files: files.to_vec(),
            kept: Vec::new(),
            counts: crate::Counts {
                pages: 3,
                checklists: 0,
                templates: 0,
            },
        };
        Snapshot::empty(0).next(Ok(built)).0
    }

    #[track_caller]
    fn check(path: &str, expected: Located) {
        assert_eq!(locate(&snapshot(), path), expected, "{path}");
    }

    fn file(key: &str) -> Located {
        Located::File(key.into())
    }

    #[test]
    fn paths_are_decoded_and_never_leave_the_built_files() {
        check("/", file("index.html"));
        check("/guide/", file("guide/index.html"));
        check("/guide", Located::Redirect);
        check("/guide/a%20b/", file("guide/a b/index.html"));
        check("/%73tyle.css", file("style.css"));
        check("/style.css/", Located::Missing);
        check("/nope/", Located::Missing);
        check("/../style.css", Located::Missing);
        check("/guide/../style.css", Located::Missing);
        check("/%2e%2e/style.css", Located::Missing);
        check("/%2E%2E/%2E%2E/etc/passwd", Located::Missing);
        check("/guide%2findex.html", Located::Missing);
        check("/guide%5cindex.html", Located::Missing);
        check("/guide\\index.html", Located::Missing);
        check("/./style.css", Located::Missing);
        check("//style.css", Located::Missing);
        check("//evil.example/", Located::Missing);
        check("/style.css%00", Located::Missing);
        check("/%ff", Located::Bad);
        check("style.css", Located::Missing);
    }

    #[test]
    fn a_page_is_stale_when_any_file_it_could_be_served_from_changed() {
        assert_eq!(candidates("/guide/"), ["404.html", "guide/index.html"]);
        assert_eq!(
            candidates("/guide"),
            ["404.html", "guide/index.html", "guide"]
        );
        assert_eq!(candidates("/../x"), ["404.html"]);
    }

    #[test]
    fn every_type_the_build_writes_has_its_media_type() {
        for (name, expected) in [
            ("index.html", "text/html; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("afterword.js", "text/javascript; charset=utf-8"),
            ("data.json", "application/json"),
            ("sitemap.xml", "application/xml"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("logo.svg", "image/svg+xml"),
            ("favicon.ico", "image/x-icon"),
            ("photo.PNG", "image/png"),
            ("site.webmanifest", "application/manifest+json"),
            ("plan.ics", "text/calendar; charset=utf-8"),
            ("font.woff2", "font/woff2"),
            ("README", "application/octet-stream"),
        ] {
            assert_eq!(content_type(name), expected, "{name}");
        }
    }
}
