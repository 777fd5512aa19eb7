//! `afterword serve`: builds the site in memory and serves it over HTTP on 127.0.0.1.
//!
//! The server serves exactly the files `build` would write, looked up by path in memory, so
//! it can never serve a file outside the output. When the build has problems, every page
//! shows them instead. This is the only module that opens sockets.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use anyhow::{Context, Result};
use tiny_http::{Header, Response, Server};

use crate::markdown::escape;
use crate::{Diagnostic, Options, OutputFile};

/// What the server currently answers with: the built files, or the problems of the build.
#[derive(Debug, Clone)]
pub enum Served {
    Site(HashMap<String, Vec<u8>>),
    Problems(Vec<Diagnostic>),
}

/// Build `options` and serve it on `127.0.0.1:port` until the process is stopped.
pub fn run(options: &Options, port: u16) -> Result<()> {
    let server = Server::http(("127.0.0.1", port))
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(|| format!("failed to listen on 127.0.0.1:{port} (is another server using the port? try `--port`)"))?;
    let address = format!("http://127.0.0.1:{port}/");
    let mut options = options.clone();
    options.base_url = Some(address.clone());
    let state = Arc::new(RwLock::new(build(&options)));
    match &*state.read().unwrap_or_else(|e| e.into_inner()) {
        Served::Site(files) => eprintln!(
            "serving {} files at {address} (press Ctrl-C to stop)",
            files.len()
        ),
        Served::Problems(problems) => {
            for p in problems {
                eprintln!("{p}\n");
            }
            eprintln!(
                "the site has {}; {address} shows them",
                crate::diagnostics::count(problems.len())
            );
        }
    }
    for request in server.incoming_requests() {
        let served = state.read().unwrap_or_else(|e| e.into_inner()).clone();
        let (status, content_type, body) = respond(&served, request.url());
        let header =
            Header::from_bytes("Content-Type", content_type).expect("static header is valid");
        let response = Response::from_data(body)
            .with_status_code(status)
            .with_header(header);
        // A client that went away is not the server's problem.
        request.respond(response).ok();
    }
    Ok(())
}

/// Build the site for serving.
pub fn build(options: &Options) -> Served {
    match crate::render(options) {
        Ok(built) => Served::Site(
            built
                .files
                .into_iter()
                .map(|OutputFile { path, bytes, .. }| (path, bytes))
                .collect(),
        ),
        Err(problems) => Served::Problems(problems),
    }
}

/// Status, content type and body for a request path.
pub fn respond(served: &Served, url: &str) -> (u16, &'static str, Vec<u8>) {
    let files = match served {
        Served::Site(files) => files,
        Served::Problems(problems) => {
            return (500, "text/html; charset=utf-8", problem_page(problems));
        }
    };
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .trim_start_matches('/');
    let mut key = path.to_owned();
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    if let Some(body) = files.get(&key) {
        return (200, content_type(&key), body.clone());
    }
    if let Some(body) = files.get(&format!("{key}/index.html")) {
        return (200, "text/html; charset=utf-8", body.clone());
    }
    let body = files
        .get("404.html")
        .cloned()
        .unwrap_or_else(|| b"not found".to_vec());
    (404, "text/html; charset=utf-8", body)
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "json" => "application/json",
        "ics" => "text/calendar; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// A page listing the build's problems, shown in place of every page.
fn problem_page(problems: &[Diagnostic]) -> Vec<u8> {
    let mut html = String::from(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build problems</title></head><body><main><h1>The site has problems</h1><p>Fix them and run the command again.</p>",
    );
    for p in problems {
        html.push_str(&format!("<pre>{}</pre>", escape(&p.to_string())));
    }
    html.push_str("</main></body></html>");
    html.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_files_and_never_escape() {
        let files = HashMap::from([
            ("index.html".to_owned(), b"home".to_vec()),
            ("guide/index.html".to_owned(), b"guide".to_vec()),
            ("404.html".to_owned(), b"missing".to_vec()),
        ]);
        let served = Served::Site(files);
        assert_eq!(
            respond(&served, "/"),
            (200, "text/html; charset=utf-8", b"home".to_vec())
        );
        assert_eq!(respond(&served, "/guide/?x=1").2, b"guide");
        assert_eq!(respond(&served, "/guide").2, b"guide");
        assert_eq!(respond(&served, "/../etc/passwd").0, 404);
        assert_eq!(respond(&served, "/nope/").2, b"missing");
    }
}
