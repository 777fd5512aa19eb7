//! Watching the site's sources: `content/` and `themes/`, recursively, plus the site folder
//! itself (not recursively) so a `themes/` or `content/` made after the start is watched
//! too. Nothing else under the site folder is watched: `public/`, `target/` or `.git` may
//! hold many folders, and a build writing `public/` must not trigger a rebuild.
//!
//! notify's debouncer (the full one, which keeps each event's kind, so the reads of a build
//! are told from edits) gathers the bursts an editor makes when it saves (a temporary file
//! renamed over the old one, or a truncate and a write) into one signal, which carries the
//! paths that changed: the rebuild reads only those (or walks again when they are folders
//! or anything it cannot judge alone).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result};
use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use tokio::sync::mpsc;

/// How long a burst of file events must be quiet before a rebuild starts. Editors' saves
/// land within a few milliseconds; this is part of every edit's time to reload.
const QUIET: Duration = Duration::from_millis(20);

/// The folders of a site that hold its sources.
const SOURCES: [&str; 2] = ["content", "themes"];

/// A running watch; dropping it stops watching.
pub struct Watch {
    _debouncer: Arc<Mutex<Debouncer<RecommendedWatcher, RecommendedCache>>>,
}

/// Watch the sources of the site at `root`, sending the paths that changed on `changed`
/// after each burst of changes. Errors of the watcher itself are printed and watching goes
/// on.
pub fn start(root: &Path, changed: mpsc::UnboundedSender<Vec<PathBuf>>) -> Result<Watch> {
    let root = root.to_path_buf();
    let sources: Vec<PathBuf> = SOURCES.iter().map(|s| root.join(s)).collect();
    // The watcher reports absolute, resolved paths; the rest of the program knows the site
    // folder as it was given (`.` when `serve` runs in it).
    let real = root.canonicalize().unwrap_or_else(|_| root.clone());
    let given = root.clone();
    let as_given = move |path: PathBuf| match path.strip_prefix(&real) {
        Ok(inside) => given.join(inside),
        Err(_) => path,
    };
    let (tx, mut rx) = mpsc::unbounded_channel::<Vec<PathBuf>>();
    let mut debouncer = new_debouncer(
        QUIET,
        None,
        move |result: DebounceEventResult| match result {
            Ok(events) => {
                // A build reads every source: those reads must not look like edits.
                let paths: Vec<PathBuf> = events
                    .into_iter()
                    .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                    .flat_map(|e| e.event.paths)
                    .map(&as_given)
                    .collect();
                if !paths.is_empty() {
                    tx.send(paths).ok();
                }
            }
            Err(errors) => {
                for error in errors {
                    eprintln!("warning: watching for changes: {error}");
                }
            }
        },
    )
    .context("failed to start watching for changes")?;
    debouncer
        .watch(&root, RecursiveMode::NonRecursive)
        .with_context(|| format!("failed to watch `{}` for changes", root.display()))?;
    for dir in sources.iter().filter(|d| d.is_dir()) {
        debouncer
            .watch(dir, RecursiveMode::Recursive)
            .with_context(|| format!("failed to watch `{}` for changes", dir.display()))?;
    }
    let debouncer = Arc::new(Mutex::new(debouncer));
    // A source folder that is made (or replaced) after the start is watched from then on.
    let again = Arc::downgrade(&debouncer);
    tokio::spawn(async move {
        while let Some(paths) = rx.recv().await {
            let relevant: Vec<PathBuf> = paths
                .iter()
                .filter(|p| read_by_build(&sources, p))
                .cloned()
                .collect();
            for dir in sources
                .iter()
                .filter(|dir| paths.contains(dir) && dir.is_dir())
            {
                let Some(debouncer) = again.upgrade() else {
                    return;
                };
                let mut debouncer = debouncer.lock().unwrap_or_else(|e| e.into_inner());
                if let Err(error) = debouncer.watch(dir, RecursiveMode::Recursive) {
                    eprintln!(
                        "warning: cannot watch `{}` for changes: {error}",
                        dir.display()
                    );
                }
            }
            if !relevant.is_empty() && changed.send(relevant).is_err() {
                return;
            }
        }
    });
    Ok(Watch {
        _debouncer: debouncer,
    })
}

/// Whether a build reads `path`: anything under `themes/`, and anything under `content/`
/// that is not hidden (the content walk skips `.git`, `.DS_Store` and editors' swap files,
/// which some editors rewrite every few seconds while you type).
fn read_by_build(sources: &[PathBuf], path: &Path) -> bool {
    let [content, themes] = sources else {
        return true;
    };
    if path.starts_with(themes) {
        return true;
    }
    path.strip_prefix(content).is_ok_and(|inside| {
        !inside
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_content_files_are_not_edits() {
        let sources = [PathBuf::from("/s/content"), PathBuf::from("/s/themes")];
        for (path, read) in [
            ("/s/content/guide/x.md", true),
            ("/s/content", true),
            ("/s/content/guide/.x.md.swp", false),
            ("/s/content/.git/index", false),
            ("/s/themes/t/static/.well-known/security.txt", true),
            ("/s/public/index.html", false),
            ("/s/contents/x.md", false),
        ] {
            assert_eq!(read_by_build(&sources, Path::new(path)), read, "{path}");
        }
    }
}
