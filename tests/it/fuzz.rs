//! Randomized tests: thousands of content files, timing rules and page bodies, mutated from
//! the bundled guide and the fixtures, go through the properties the fuzz targets check
//! (`fuzz/src/lib.rs`, included here by path): no panic, a diagnostic inside the file for
//! every rejected input, and every accepted rule describes and evaluates. The inputs the
//! fuzzers found are replayed from `tests/fixtures/fuzz/<target>/`.
//!
//! The generator is proptest with a fixed seed, bounded by a case count: every run on every
//! machine tries the same cases, and a failure is shrunk to a small input before it is
//! reported. Coverage-guided search is the fuzzers' job (`fuzz/README.md`); this keeps their
//! properties checked on every `cargo test`.

#[path = "../../fuzz/src/lib.rs"]
mod oracle;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use crate::support::{fixtures, repo_root, walkdir};

/// A fuzz target's checks: panics when a property fails.
type Property = fn(&[u8]);

#[test]
fn mutated_content_files_get_located_diagnostics_not_panics() {
    let seeds = markdown_files();
    let tokens = dictionary("content_file");
    check(600, mutated(seeds, tokens), oracle::content_file);
}

#[test]
fn mutated_timing_rules_parse_or_say_where_they_fail() {
    let mut seeds: Vec<String> = markdown_files()
        .iter()
        .flat_map(|text| text.lines())
        .filter_map(|line| line.trim().strip_prefix("due:"))
        .map(|rule| rule.trim().trim_matches('"').to_owned())
        .collect();
    seeds.sort();
    seeds.dedup();
    assert!(seeds.len() > 5, "too few rules to start from: {seeds:?}");
    let mut tokens = dictionary("rule");
    // Whole words too, so that insertions make new sentences and not only new words.
    tokens.extend(tokens.clone().into_iter().map(|t| format!(" {t} ")));
    check(5000, mutated(seeds, tokens), oracle::rule);
}

#[test]
fn mutated_page_bodies_render_with_located_links_and_unique_ids() {
    let seeds: Vec<String> = markdown_files()
        .iter()
        .map(|text| match afterword::frontmatter::split(text) {
            Ok(split) => split.body.to_owned(),
            Err(_) => text.clone(),
        })
        .collect();
    check(
        3000,
        mutated(seeds, dictionary("markdown")),
        oracle::markdown,
    );
}

#[test]
fn fuzz_findings_stay_fixed() {
    let targets: [(&str, Property); 3] = [
        ("content_file", oracle::content_file),
        ("rule", oracle::rule),
        ("markdown", oracle::markdown),
    ];
    for (target, property) in targets {
        replay(target, property);
    }
}

// Found by fuzzing: an explicit heading id (`## Why {#why}`) was taken as written and could
// repeat another heading's, or a step's or item's on the same page, with no diagnostic.
// `markdown::render` now reports such clashes and `site.rs` turns them into diagnostics.

#[test]
fn explicit_heading_ids_do_not_repeat_heading_or_reserved_ids() {
    replay("markdown", oracle::heading_ids);
}

#[test]
fn explicit_heading_ids_do_not_repeat_step_ids_on_their_page() {
    replay("content_file", oracle::page_ids);
}

/// Run `property` on `cases` inputs drawn from `strategy` with a fixed seed.
fn check(cases: u32, strategy: impl Strategy<Value = String>, property: Property) {
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
    let mut runner = TestRunner::new_with_rng(config, rng);
    // proptest catches the panic of a failing case and shrinks the input before reporting.
    if let Err(failure) = runner.run(&strategy, |text| {
        property(text.as_bytes());
        Ok(())
    }) {
        panic!("{failure}");
    }
}

/// Run `property` on every file in `tests/fixtures/fuzz/<target>/`, reporting all failures.
fn replay(target: &str, property: Property) {
    let dir = fixtures().join("fuzz").join(target);
    if !dir.is_dir() {
        // No finding of this target has been kept yet.
        return;
    }
    let mut failures = Vec::new();
    for file in walkdir(&dir) {
        let data = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| property(&data))) {
            let message = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("a panic without a message");
            failures.push(format!("{}: {message}", file.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A seed text with one to five edits.
fn mutated(seeds: Vec<String>, tokens: Vec<String>) -> impl Strategy<Value = String> {
    (select(seeds), vec(edit(tokens), 1..6))
        .prop_map(|(seed, edits)| edits.iter().fold(seed, |text, edit| edit.apply(text)))
}

/// One change to a text, at a position given as a fraction of its length.
#[derive(Debug, Clone)]
enum Edit {
    Insert(Index, String),
    Delete(Index, usize),
    Replace(Index, usize, String),
    /// Copy `len` bytes from one place to another: repeats keys, lines and fences.
    Copy(Index, usize, Index),
}

fn edit(tokens: Vec<String>) -> impl Strategy<Value = Edit> {
    let tokens = select(tokens);
    prop_oneof![
        3 => (any::<Index>(), tokens.clone()).prop_map(|(at, t)| Edit::Insert(at, t)),
        2 => (any::<Index>(), 1..40usize).prop_map(|(at, n)| Edit::Delete(at, n)),
        2 => (any::<Index>(), 1..8usize, tokens).prop_map(|(at, n, t)| Edit::Replace(at, n, t)),
        1 => (any::<Index>(), 1..200usize, any::<Index>())
            .prop_map(|(from, n, to)| Edit::Copy(from, n, to)),
    ]
}

impl Edit {
    fn apply(&self, mut text: String) -> String {
        match self {
            Edit::Insert(at, token) => text.insert_str(position(&text, at), token),
            Edit::Delete(at, len) => {
                let start = position(&text, at);
                text.replace_range(start..end(&text, start, *len), "");
            }
            Edit::Replace(at, len, token) => {
                let start = position(&text, at);
                text.replace_range(start..end(&text, start, *len), token);
            }
            Edit::Copy(from, len, to) => {
                let start = position(&text, from);
                let copied = text[start..end(&text, start, *len)].to_owned();
                text.insert_str(position(&text, to), &copied);
            }
        }
        text
    }
}

/// The character boundary at or before the fraction `at` of `text`.
fn position(text: &str, at: &Index) -> usize {
    floor(text, at.index(text.len() + 1))
}

/// The character boundary at or before `start + len`, within `text`.
fn end(text: &str, start: usize, len: usize) -> usize {
    floor(text, (start + len).min(text.len()))
}

fn floor(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Every markdown file of the bundled guide and the test fixtures, the regression inputs
/// included: real front matter, rules and bodies to mutate.
fn markdown_files() -> Vec<String> {
    let root = repo_root();
    let files: Vec<String> = [root.join("content"), fixtures()]
        .iter()
        .flat_map(|dir| walkdir(dir))
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .map(|path| String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned())
        .collect();
    assert!(files.len() > 20, "too few markdown files to start from");
    files
}

/// The entries of the fuzzer's dictionary `fuzz/dict/<name>.dict`: one `"..."` a line with
/// `\\`, `\"` and `\xNN` escapes, as libFuzzer reads them.
fn dictionary(name: &str) -> Vec<String> {
    let path = repo_root().join("fuzz/dict").join(format!("{name}.dict"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let tokens: Vec<String> = text
        .lines()
        .filter_map(|line| line.trim().strip_prefix('"')?.strip_suffix('"'))
        .map(|quoted| unescape(quoted, &path))
        .collect();
    assert!(!tokens.is_empty(), "{} has no entries", path.display());
    tokens
}

fn unescape(quoted: &str, path: &Path) -> String {
    let mut bytes = Vec::new();
    let mut rest = quoted.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        rest = tail;
        if first != b'\\' {
            bytes.push(first);
            continue;
        }
        match rest {
            [b'x', hex @ ..] if hex.len() >= 2 => {
                let digits = std::str::from_utf8(&hex[..2]).unwrap_or_default();
                let byte = u8::from_str_radix(digits, 16)
                    .unwrap_or_else(|_| panic!("{}: bad escape in {quoted}", path.display()));
                bytes.push(byte);
                rest = &hex[2..];
            }
            [escaped, tail @ ..] => {
                bytes.push(*escaped);
                rest = tail;
            }
            [] => panic!("{}: trailing `\\` in {quoted}", path.display()),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}
