//! Discovery: walks `content/` in a sorted, deterministic order and reads each file.
//!
//! Markdown files come back as text; every other file is an asset copied as it is. A file
//! that is not UTF-8, a symlink loop or an unreadable file becomes a diagnostic and the walk
//! goes on, so one run reports every problem. Besides theme loading, this is the only
//! module that reads the content tree.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;

/// A markdown file: its path relative to the site root, and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// `content/guide/thank-you.md`, as shown in diagnostics.
    pub path: PathBuf,
    /// The path inside `content/` with `/` separators: `guide/thank-you.md`.
    pub content_path: String,
    pub text: String,
}

/// A file under `content/` that is not markdown, published at the same relative path.
#[derive(Debug, Clone)]
pub struct Asset {
    pub content_path: String,
    pub bytes: Vec<u8>,
}

/// Everything found under `content/`.
#[derive(Debug, Default)]
pub struct Content {
    pub sources: Vec<SourceFile>,
    pub assets: Vec<Asset>,
}

/// Walk `root/content`, reading every file. Problems are returned beside what could be read.
pub fn content(root: &Path) -> (Content, Vec<Diagnostic>) {
    let dir = root.join("content");
    let mut found = Content::default();
    let mut problems = Vec::new();
    if !dir.is_dir() {
        problems.push(Diagnostic::file(
            "content",
            format!("no `content` folder in `{}`", root.display()),
        ));
        return (found, problems);
    }
    let walk = WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_hidden(e.file_name()));
    for entry in walk {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map_or_else(|| dir.clone(), Path::to_path_buf);
                let message = if err.loop_ancestor().is_some() {
                    "symlink loop: this link points to a folder that contains it".to_owned()
                } else {
                    format!(
                        "cannot read: {}",
                        err.io_error().map_or(err.to_string(), |e| e.to_string())
                    )
                };
                problems.push(Diagnostic::file(relative(root, &path), message));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let shown = relative(root, entry.path());
        let content_path = relative(&dir, entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = match std::fs::read(entry.path()) {
            Ok(bytes) => bytes,
            Err(err) => {
                problems.push(Diagnostic::file(shown, format!("cannot read: {err}")));
                continue;
            }
        };
        if !content_path.ends_with(".md") {
            found.assets.push(Asset {
                content_path,
                bytes,
            });
            continue;
        }
        match String::from_utf8(bytes) {
            Ok(text) => found.sources.push(SourceFile {
                path: shown,
                content_path,
                text,
            }),
            Err(err) => {
                let valid = err.utf8_error().valid_up_to();
                let lossy = String::from_utf8_lossy(err.as_bytes());
                problems.push(Diagnostic::at(
                    &shown,
                    &lossy,
                    valid,
                    "file is not valid UTF-8: save it with UTF-8 encoding",
                ));
            }
        }
    }
    (found, problems)
}

/// `path` relative to `base` when it is inside it, for messages and URLs.
pub fn relative(base: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(base)
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') && n.len() > 1)
}
