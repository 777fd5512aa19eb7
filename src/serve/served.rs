//! What the server answers with: the files of the last good build, shared and never copied
//! per request, the problems of the latest build, and which paths each build changed.
//!
//! Every build, good or bad, makes a new [`Snapshot`] with the next generation number. A
//! good build replaces the files; a bad one keeps them and carries its problems, so the last
//! good site stays served while the browser shows what is wrong. Each path remembers the
//! generation whose build last changed, added or removed it, so a page that was served at
//! generation `g` knows whether it is stale without keeping any per-client history.
//!
//! No request handling or sockets here (that is `http`), and no file reading (that is the
//! pipeline's, through [`crate::render`]).

use std::collections::HashMap;
use std::sync::Arc;

use bytes::Bytes;

use crate::{Built, Diagnostic};

/// A built file as served: its bytes, for HTML where the reload script goes, and the
/// generation whose build last changed or added it.
#[derive(Debug, Clone)]
pub struct File {
    pub bytes: Bytes,
    /// The byte offset of `</head>` (or `</body>`, or the end) in an HTML file, where the
    /// reload script tag is added at response time; `None` for other files.
    pub inject_at: Option<usize>,
    changed: u64,
}

/// The state of the site at one generation.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Counts builds; starts at the server's start time in milliseconds, so a page served by
    /// an earlier run of the server always looks stale to this one.
    pub generation: u64,
    /// The files of the last good build by output path (`guide/x/index.html`); empty until
    /// the first good build.
    pub files: Arc<Files>,
    /// The problems of this generation's build, each shown as the terminal shows it; empty
    /// when it succeeded.
    pub problems: Arc<Vec<String>>,
    /// The generation that removed each path that was served once and is gone now (the
    /// generation that last changed a path still served is kept with its file).
    removed: Arc<HashMap<String, u64>>,
    /// The generation that last changed any file that is not HTML (a stylesheet, an image):
    /// any page may use those, so every open page reloads for them.
    assets_changed: u64,
}

/// What a build changed, for the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Change {
    pub changed: usize,
    pub added: usize,
    pub removed: usize,
}

impl Snapshot {
    /// The state before any build: no files, no problems.
    pub fn empty(generation: u64) -> Snapshot {
        Snapshot {
            generation,
            files: Arc::default(),
            problems: Arc::default(),
            removed: Arc::default(),
            assets_changed: generation,
        }
    }

    /// The next generation after a build: the new files with what changed, or the same
    /// files with the build's problems.
    pub fn next(&self, build: Result<Built, Vec<Diagnostic>>) -> (Snapshot, Change) {
        let generation = self.generation + 1;
        let built = match build {
            Ok(built) => built,
            Err(problems) => {
                let next = Snapshot {
                    generation,
                    problems: Arc::new(problems.iter().map(ToString::to_string).collect()),
                    ..self.clone()
                };
                return (next, Change::default());
            }
        };
        let mut change = Change::default();
        let mut assets_changed = self.assets_changed;
        let mut touch = |path: &str| {
            if !path.ends_with(".html") {
                assets_changed = generation;
            }
        };
        // The old files and the new, both sorted by path, walked side by side. A path
        // served before is shared with the old snapshot, not copied.
        let all = built.all_files();
        let old = &self.files.0;
        let mut at = 0;
        let mut gone: Vec<&str> = Vec::new();
        let mut files = Vec::with_capacity(all.len());
        for file in all {
            let path = file.path.as_str();
            while let Some((p, _)) = old.get(at).filter(|(p, _)| **p < *path) {
                gone.push(p);
                at += 1;
            }
            let before = old.get(at).filter(|(p, _)| **p == *path);
            at += usize::from(before.is_some());
            let entry = match before {
                // Unchanged: keep the old bytes, so the new ones are freed at once. A page an
                // incremental rebuild did not render comes back as the very same bytes.
                Some((p, old)) if crate::output::same_bytes(&old.bytes, &file.bytes) => {
                    (Arc::clone(p), old.clone())
                }
                before => {
                    if before.is_some() {
                        change.changed += 1;
                    } else {
                        change.added += 1;
                    }
                    touch(path);
                    let shared = before.map_or_else(|| Arc::from(path), |(p, _)| Arc::clone(p));
                    (shared, File::new(path, file.bytes.clone(), generation))
                }
            };
            files.push(entry);
        }
        gone.extend(old[at..].iter().map(|(p, _)| &**p));
        let files = Files(files);
        let mut removed = Arc::clone(&self.removed);
        if !gone.is_empty() || change.added > 0 {
            let removed = Arc::make_mut(&mut removed);
            // A path served again is no longer gone: its file says when it came back.
            removed.retain(|path, _| !files.contains_key(path));
            for path in gone {
                change.removed += 1;
                touch(path);
                removed.insert(path.to_owned(), generation);
            }
        }
        let next = Snapshot {
            generation,
            files: Arc::new(files),
            problems: Arc::default(),
            removed,
            assets_changed,
        };
        (next, change)
    }

    /// Whether a page served at generation `since` from one of `paths` (the output paths a
    /// request for it could be answered from) is stale now.
    pub fn changed_since(&self, paths: &[String], since: u64) -> bool {
        since < self.assets_changed
            || paths.iter().any(|p| {
                let changed = self.files.get(p).map(|f| f.changed);
                changed.or_else(|| self.removed.get(p).copied()) > Some(since)
            })
    }
}

/// The files of a build by output path, sorted by path and found by binary search. A
/// build's files come sorted, so the next generation is made by walking the old files and
/// the new side by side, without hashing a path.
#[derive(Debug, Default)]
pub struct Files(Vec<(Arc<str>, File)>);

impl Files {
    pub fn get(&self, path: &str) -> Option<&File> {
        let found = self.0.binary_search_by(|(p, _)| (**p).cmp(path));
        found.ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl File {
    fn new(path: &str, bytes: Bytes, changed: u64) -> File {
        let inject_at = path.ends_with(".html").then(|| inject_at(&bytes));
        File {
            bytes,
            inject_at,
            changed,
        }
    }
}

/// Where the reload script goes in an HTML page: before `</head>`, else before `</body>`,
/// else at the end. The search is ASCII case-insensitive, as HTML is.
fn inject_at(html: &[u8]) -> usize {
    let find = |tag: &[u8]| {
        html.windows(tag.len())
            .position(|w| w.eq_ignore_ascii_case(tag))
    };
    find(b"</head>")
        .or_else(|| find(b"</body>"))
        .unwrap_or(html.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OutputFile;
    use crate::output::{Claim, Rank};

    fn built(files: &[(&str, &str)]) -> Result<Built, Vec<Diagnostic>> {
        Ok(Built {
            files: files
                .iter()
                .map(|(path, text)| OutputFile {
                    path: (*path).into(),
                    bytes: bytes::Bytes::copy_from_slice(text.as_bytes()),
                    claim: Claim::new(Rank::Page, "content/x.md", None),
                })
                .collect(),
            kept: Vec::new(),
            counts: crate::Counts {
                pages: files.len(),
                checklists: 0,
                templates: 0,
            },
        })
    }

    fn paths(p: &str) -> Vec<String> {
        vec![p.to_owned()]
    }

    #[test]
    fn a_build_marks_only_the_paths_it_changed() {
        let start = Snapshot::empty(100);
        let (one, change) = start.next(built(&[
            ("a/index.html", "<head></head>a"),
            ("b/index.html", "b"),
            ("style.css", "x"),
        ]));
        assert_eq!(
            change,
            Change {
                added: 3,
                ..Change::default()
            }
        );
        assert!(one.changed_since(&paths("a/index.html"), 100));
        let (two, change) = one.next(built(&[
            ("a/index.html", "<head></head>a2"),
            ("b/index.html", "b"),
            ("style.css", "x"),
        ]));
        assert_eq!(
            change,
            Change {
                changed: 1,
                ..Change::default()
            }
        );
        assert!(two.changed_since(&paths("a/index.html"), 101));
        assert!(!two.changed_since(&paths("b/index.html"), 101));
        assert!(
            one.files.get("b/index.html").unwrap().bytes.as_ptr()
                == two.files.get("b/index.html").unwrap().bytes.as_ptr(),
            "unchanged files are shared, not copied"
        );
        // A stylesheet change makes every page stale; a removed page is a change too.
        let (three, change) = two.next(built(&[
            ("a/index.html", "<head></head>a2"),
            ("style.css", "y"),
        ]));
        assert_eq!(
            change,
            Change {
                changed: 1,
                removed: 1,
                ..Change::default()
            }
        );
        assert!(three.changed_since(&paths("a/index.html"), 102));
        assert!(three.changed_since(&paths("b/index.html"), 102));
    }

    #[test]
    fn paths_gone_and_back_are_told_apart_in_any_order() {
        let (one, _) = Snapshot::empty(10).next(built(&[
            ("b/index.html", "b"),
            ("a/index.html", "a"),
            ("e/index.html", "e"),
            ("c/index.html", "c"),
            ("d.css", "d"),
        ]));
        assert_eq!(one.files.len(), 5);
        assert!(one.files.contains_key("a/index.html") && one.files.contains_key("d.css"));
        assert!(one.files.get("b").is_none() && one.files.get("e").is_none());
        // The first and the last pages go, one comes that sorts between the others.
        let (two, change) = one.next(built(&[
            ("b/index.html", "b"),
            ("bb/index.html", "bb"),
            ("c/index.html", "c"),
            ("d.css", "d"),
        ]));
        let expected = Change {
            added: 1,
            removed: 2,
            ..Change::default()
        };
        assert_eq!(change, expected);
        assert!(
            two.changed_since(&paths("a/index.html"), 11),
            "gone is a change"
        );
        assert!(two.changed_since(&paths("bb/index.html"), 11));
        assert!(!two.changed_since(&paths("c/index.html"), 11));
        assert!(two.changed_since(&paths("e/index.html"), 11));
        assert!(two.files.get("a/index.html").is_none());
        // A path back is served again, marked by the generation that brought it back.
        let (three, change) = two.next(built(&[
            ("a/index.html", "a"),
            ("b/index.html", "b"),
            ("bb/index.html", "bb"),
            ("c/index.html", "c"),
            ("d.css", "d"),
        ]));
        assert_eq!(
            change,
            Change {
                added: 1,
                ..Change::default()
            }
        );
        assert_eq!(three.files.get("a/index.html").unwrap().changed, 13);
        assert!(!three.changed_since(&paths("a/index.html"), 13));
        assert!(!three.changed_since(&paths("bb/index.html"), 12));
    }

    #[test]
    fn a_failed_build_keeps_the_files_and_carries_its_problems() {
        let (good, _) = Snapshot::empty(0).next(built(&[("index.html", "home")]));
        let (bad, change) = good.next(Err(vec![Diagnostic::file("content/x.md", "broken")]));
        assert_eq!(change, Change::default());
        assert_eq!(bad.generation, 2);
        assert!(Arc::ptr_eq(&good.files, &bad.files));
        assert_eq!(bad.problems.len(), 1);
        assert!(!bad.changed_since(&paths("index.html"), 1));
        let (fixed, _) = bad.next(built(&[("index.html", "home")]));
        assert!(fixed.problems.is_empty());
        assert!(!fixed.changed_since(&paths("index.html"), 1));
    }

    #[test]
    fn the_script_goes_before_the_end_of_head() {
        assert_eq!(inject_at(b"<html><HEAD></HEAD><body>"), 12);
        assert_eq!(inject_at(b"<p>x</body>"), 4);
        assert_eq!(inject_at(b"plain"), 5);
    }
}
