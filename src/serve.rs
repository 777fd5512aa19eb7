//! `afterword serve`: builds the site in memory, serves it over HTTP, watches the sources,
//! rebuilds on every change and tells open pages to reload. The only module with sockets.
//!
//! The data flows one way: [`watch`] notices an edit and names the paths, the rebuild task
//! runs the one pipeline through a [`crate::Session`] (as `build` and `check` run it),
//! [`served`] turns its output into
//! the next [`Snapshot`] (what changed, or the problems beside the last good files), and
//! [`http`] answers every request and every open page's event stream from the latest
//! snapshot. The reload script exists only here: it is added to HTML at response time and
//! served from `/__afterword/`, so `build` output never carries it, and the theme's
//! `script-src 'self'` policy allows it as it is.
//!
//! A rebuild reads only the files that changed and renders only the pages whose inputs
//! changed (the session's memo hands on the others' bytes as they were), and every output
//! file is compared with the one served, which for an unchanged page is a comparison of
//! two pointers: that diff is the safety net, and only pages whose output changed (or any
//! page, when a stylesheet, script or image did) are told to reload.

mod http;
mod served;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch as state};

use crate::Options;
use served::{Change, Snapshot};

pub use http::{EVENTS, RELOAD_SCRIPT, content_type};

/// Where to listen, and what to do once listening.
#[derive(Debug, Clone)]
pub struct Listen {
    /// The address to listen on: loopback unless the user asks otherwise.
    pub bind: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Open the site in the browser once it is served.
    pub open: bool,
}

/// Build `options`, serve it as `listen` says and rebuild on every change, until the process
/// is stopped. Returns an error when the server cannot start (no site, port in use).
pub fn run(options: &Options, listen: &Listen) -> Result<()> {
    let content = options.root.join("content");
    if !content.is_dir() {
        bail!(
            "no `content` folder in `{}`: run `afterword serve` in a site folder, or give one with `--root`",
            options.root.display()
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("failed to start the server")?;
    runtime.block_on(serve(options.clone(), listen.clone()))
}

async fn serve(mut options: Options, listen: Listen) -> Result<()> {
    let wanted = SocketAddr::new(listen.bind, listen.port);
    let listener = TcpListener::bind(wanted).await.with_context(|| {
        format!("failed to listen on {wanted} (is another server using the port? try `--port`)")
    })?;
    let address = listener
        .local_addr()
        .context("failed to read the address the server listens on")?;
    if !listen.bind.is_loopback() {
        eprintln!(
            "warning: listening on {address}, where other machines can reach the site as you edit it; `serve` is for writing, publish with `afterword build`"
        );
    }
    let url = url_of(address);
    options.base_url = Some(url.clone());

    // Watch before the first build, so an edit made while it runs is not missed.
    let (changed_tx, changed_rx) = mpsc::unbounded_channel();
    let _watch = watch::start(&options.root, changed_tx)?;

    let started = Instant::now();
    let first = millis_since_epoch();
    let (session, build) = {
        let mut session = crate::Session::new(options.clone());
        tokio::task::spawn_blocking(move || {
            let build = session.rebuild(None);
            (session, build)
        })
        .await
        .context("the first build stopped unexpectedly")?
    };
    let (snapshot, _) = Snapshot::empty(first).next(build);
    if snapshot.problems.is_empty() {
        eprintln!(
            "built {} files in {} ms; serving them at {url} (press Ctrl-C to stop)",
            snapshot.files.len(),
            started.elapsed().as_millis()
        );
    } else {
        print_problems(&snapshot.problems);
        eprintln!(
            "error: {}; {url} shows them until they are fixed (press Ctrl-C to stop)",
            count(snapshot.problems.len(), "problem")
        );
    }
    let (publish, served) = state::channel(Arc::new(snapshot));
    tokio::spawn(rebuild(session, publish, changed_rx));
    if listen.open {
        let url = url.clone();
        tokio::task::spawn_blocking(move || {
            if let Err(e) = opener::open_browser(&url) {
                eprintln!("warning: could not open a browser at {url}: {e}");
            }
        });
    }
    let limits = http::Limits {
        connections: connection_limit(),
    };
    tokio::select! {
        () = http::serve(listener, served, limits) => bail!("the server stopped accepting connections"),
        stopped = tokio::signal::ctrl_c() => {
            stopped.context("failed to wait for Ctrl-C")?;
            eprintln!("stopped");
            Ok(())
        }
    }
}

/// Rebuild after every burst of changes and publish the next snapshot. Changes that arrive
/// during a rebuild are gathered into the one after it.
async fn rebuild(
    mut session: crate::Session,
    publish: state::Sender<Arc<Snapshot>>,
    mut changed: mpsc::UnboundedReceiver<Vec<PathBuf>>,
) {
    while let Some(mut paths) = changed.recv().await {
        while let Ok(more) = changed.try_recv() {
            paths.extend(more);
        }
        let started = Instant::now();
        let current = publish.borrow().clone();
        let options = session.options().clone();
        let next = tokio::task::spawn_blocking(move || {
            let build = session.rebuild(Some(&paths));
            let (next, change) = current.next(build);
            (session, next, change)
        })
        .await;
        let Ok((kept, next, change)) = next else {
            eprintln!(
                "error: the rebuild stopped unexpectedly; the last good site is still served"
            );
            // The session went with the task: the next rebuild starts from nothing.
            session = crate::Session::new(options);
            continue;
        };
        session = kept;
        let had_problems = !publish.borrow().problems.is_empty();
        report(&next, change, had_problems, started);
        let previous = publish.send_replace(Arc::new(next));
        // What the rebuild replaced is let go once the pages are told to reload.
        session = match tokio::task::spawn_blocking(move || {
            session.tidy();
            drop(previous);
            session
        })
        .await
        {
            Ok(session) => session,
            Err(_) => crate::Session::new(options),
        };
    }
}

/// What a rebuild did, for the terminal.
fn report(next: &Snapshot, change: Change, had_problems: bool, started: Instant) {
    let ms = started.elapsed().as_millis();
    if !next.problems.is_empty() {
        print_problems(&next.problems);
        eprintln!(
            "error: {}; the last good site is still served, and open pages show them",
            count(next.problems.len(), "problem")
        );
        return;
    }
    let Change {
        changed,
        added,
        removed,
    } = change;
    let what = if changed + added + removed == 0 {
        "nothing changed".to_owned()
    } else {
        let parts: Vec<String> = [(changed, "changed"), (added, "added"), (removed, "removed")]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, word)| format!("{n} {word}"))
            .collect();
        format!("files {}", parts.join(", "))
    };
    let fixed = if had_problems { "problems fixed; " } else { "" };
    eprintln!("{fixed}rebuilt in {ms} ms: {what}");
}

fn print_problems(problems: &[String]) {
    for p in problems {
        eprintln!("{p}\n");
    }
}

/// `1 problem`, `3 problems`.
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// The site's URL for the address listened on. An unspecified address (`0.0.0.0`) is
/// reached on this machine through loopback.
fn url_of(address: SocketAddr) -> String {
    let ip = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::from([127, 0, 0, 1]),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, address.port()))
}

/// The first generation: the start time in milliseconds, so pages served by an earlier run
/// of the server are older than anything this one serves.
fn millis_since_epoch() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// How many connections may be open at once: as many as the process may open files, less
/// a margin for the files a rebuild reads, after raising the soft limit to the hard one.
#[cfg(target_os = "linux")]
fn connection_limit() -> usize {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut limit = getrlimit(Resource::Nofile);
    if let (Some(current), Some(max)) = (limit.current, limit.maximum)
        && current < max
    {
        limit.current = Some(max.min(1 << 16));
        if setrlimit(Resource::Nofile, limit).is_err() {
            limit.current = Some(current);
        }
    }
    let files = limit.current.map_or(1024, |n| n as usize);
    files.saturating_sub(files / 8 + 32).clamp(16, 10_000)
}

#[cfg(not(target_os = "linux"))]
fn connection_limit() -> usize {
    200
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_use_the_real_port_and_a_reachable_host() {
        assert_eq!(
            url_of("127.0.0.1:4321".parse().unwrap()),
            "http://127.0.0.1:4321/"
        );
        assert_eq!(
            url_of("0.0.0.0:80".parse().unwrap()),
            "http://127.0.0.1:80/"
        );
        assert_eq!(url_of("[::]:8080".parse().unwrap()), "http://[::1]:8080/");
        assert_eq!(
            url_of("192.168.1.5:1111".parse().unwrap()),
            "http://192.168.1.5:1111/"
        );
    }
}
