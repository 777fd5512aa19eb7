//! Content problems as data: [`Diagnostic`] names a file, a 1-based line and column, a
//! message and the offending source line, and prints itself compiler style.
//!
//! Every stage reports problems by pushing diagnostics instead of returning early, so one run
//! shows them all. This module owns byte offset → line:col mapping; it never reads files.
//!
//! A run must stay linear in the size of its input, even when the input is one long list of
//! mistakes, so three things here are bounded: a [`Source`] maps offsets of one file with a
//! binary search over its line starts instead of a scan from the top for each diagnostic; a
//! [`Report`] keeps [`PER_KIND`] problems of each kind per file and sums up the rest in one
//! line; and [`Hints`] stops looking for "did you mean" candidates once a run has spent its
//! budget of comparisons.

use std::fmt;
use std::path::{Path, PathBuf};

/// How many problems of one kind one file reports before the rest are summed up in a single
/// diagnostic ("and 19980 more broken links in this file"): enough to see the pattern, few
/// enough that 20,000 mistakes do not print 20,000 entries.
pub const PER_KIND: usize = 20;

/// How many candidate comparisons the "did you mean" hints of one run may cost in all. A
/// normal site uses a few thousand; a page with 6,000 near-miss anchors would otherwise
/// compare each against every id on its target page, 36 million times.
pub const HINT_BUDGET: usize = 1_000_000;

/// One problem in the site's input, located in the file the author edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Path as the user sees it, relative to the site root (`content/guide/x.md`).
    pub path: PathBuf,
    /// 1-based line, 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters, 0 when the problem concerns the whole file.
    pub col: usize,
    pub message: String,
    /// The source line the problem is on, printed under the message with a caret.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A problem with a whole file or folder (unreadable, a symlink loop, a name that cannot
    /// be a URL): printed as `path: error: message`, with no line or column, because there
    /// is none to point at and an invented `1:1` would send the reader to the first line.
    pub fn file(path: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            path: path.into(),
            line: 0,
            col: 0,
            message: message.into(),
            source_line: None,
        }
    }

    /// A problem at byte `offset` of `text`, the full contents of `path`.
    ///
    /// This scans `text` up to `offset`; a stage that may report many problems in one file
    /// positions them with a [`Source`] (or a [`Report`]) instead.
    pub fn at(path: &Path, text: &str, offset: usize, message: impl Into<String>) -> Diagnostic {
        let offset = char_boundary(text, offset);
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line = text[..line_start].matches('\n').count() + 1;
        located(path, text, line, line_start, offset, message.into())
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            return write!(f, "{}: error: {}", self.path.display(), self.message);
        }
        write!(
            f,
            "{}:{}:{}: error: {}",
            self.path.display(),
            self.line,
            self.col,
            self.message
        )?;
        if let Some(source) = &self.source_line {
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            let (source, caret) = excerpt(source, self.col - 1);
            let caret_pad = " ".repeat(caret);
            write!(f, "\n{pad} |\n{gutter} | {source}\n{pad} | {caret_pad}^")?;
        }
        Ok(())
    }
}

/// How many characters of a source line a diagnostic shows: a minified or generated file
/// may be one line of megabytes, and each of its diagnostics would print all of it.
const EXCERPT: usize = 120;

/// The part of `line` to print, and how many characters precede the caret for character
/// column `col` (0-based). A long line is cut to [`EXCERPT`] characters around the column,
/// with `…` where it was cut. One character stands for one, so the caret stays under its
/// column: a tab becomes a space, and another control character from the file, which must
/// not reach the terminal, becomes `�`.
fn excerpt(line: &str, col: usize) -> (String, usize) {
    let length = line.chars().count();
    let (start, end) = if length <= EXCERPT {
        (0, length)
    } else {
        let start = col.saturating_sub(EXCERPT / 2).min(length - EXCERPT);
        (start, start + EXCERPT)
    };
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(line.chars().skip(start).take(end - start).map(|c| match c {
        '\t' => ' ',
        c if c.is_control() => '\u{fffd}',
        c => c,
    }));
    if end < length {
        out.push('…');
    }
    (out, col.min(length) - start + usize::from(start > 0))
}

/// The 1-based line and character column of byte `offset` in `text`.
///
/// An offset past the end, or inside a multi-byte character, is clamped to a valid position,
/// so a slightly wrong offset from a parser still points at the right line.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = char_boundary(text, offset);
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

/// One file's text with the offsets where its lines start, built once so that each of many
/// diagnostics in the file is placed with a binary search.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    /// Byte offset of the start of each line; the first is 0.
    line_starts: Vec<usize>,
}

impl<'a> Source<'a> {
    pub fn new(path: &'a Path, text: &'a str) -> Source<'a> {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Source {
            path,
            text,
            line_starts,
        }
    }

    /// The 1-based line and character column of byte `offset`, clamped as [`line_col`] does.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = char_boundary(self.text, offset);
        let line = self.line_of(offset);
        let col = self.text[self.line_starts[line - 1]..offset]
            .chars()
            .count()
            + 1;
        (line, col)
    }

    /// A problem at byte `offset` of this file.
    pub fn at(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        let offset = char_boundary(self.text, offset);
        let line = self.line_of(offset);
        let line_start = self.line_starts[line - 1];
        located(
            self.path,
            self.text,
            line,
            line_start,
            offset,
            message.into(),
        )
    }

    /// The 1-based line that holds byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset)
    }
}

/// The problems of one file, at most [`PER_KIND`] of each kind: the rest are counted and
/// reported as one diagnostic at the first of them that was left out.
#[derive(Debug)]
pub struct Report<'a> {
    source: Source<'a>,
    problems: Vec<Diagnostic>,
    /// Per kind, in the order first seen: how many were reported, and the offset of the
    /// first one left out. A file has a handful of kinds, so a list is enough.
    kinds: Vec<(&'static str, usize, Option<usize>)>,
}

impl<'a> Report<'a> {
    pub fn new(path: &'a Path, text: &'a str) -> Report<'a> {
        Report {
            source: Source::new(path, text),
            problems: Vec::new(),
            kinds: Vec::new(),
        }
    }

    pub fn source(&self) -> &Source<'a> {
        &self.source
    }

    /// Report a problem of `kind` (a plural noun phrase such as `broken links`) at byte
    /// `offset`. The message is built only if the problem is shown, so a costly hint is
    /// computed for at most [`PER_KIND`] problems of a kind.
    pub fn push(&mut self, kind: &'static str, offset: usize, message: impl FnOnce() -> String) {
        let index = match self.kinds.iter().position(|(k, _, _)| *k == kind) {
            Some(index) => index,
            None => {
                self.kinds.push((kind, 0, None));
                self.kinds.len() - 1
            }
        };
        let (_, count, first_left_out) = &mut self.kinds[index];
        *count += 1;
        if *count <= PER_KIND {
            self.problems.push(self.source.at(offset, message()));
        } else if first_left_out.is_none() {
            *first_left_out = Some(offset);
        }
    }

    /// Every problem reported, and one line for each kind that had more than [`PER_KIND`].
    /// Exactly one more is shown as itself, which needs no summary.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        for (kind, count, first_left_out) in &self.kinds {
            let Some(offset) = first_left_out else {
                continue;
            };
            let message = format!("and {} more {kind} in this file", count - PER_KIND);
            self.problems.push(self.source.at(*offset, message));
        }
        self.problems
    }
}

/// `1 error`, `3 errors`: how many problems a run found, for the line that closes a report.
pub fn count(problems: usize) -> String {
    match problems {
        1 => "1 error".to_owned(),
        n => format!("{n} errors"),
    }
}

/// Sort diagnostics by file, line and column, dropping exact repeats, for stable output.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.col, &a.message).cmp(&(&b.path, b.line, b.col, &b.message))
    });
    diagnostics.dedup();
}

/// "did you mean" for a misspelt name among `candidates`, when one is close enough. Of two
/// equally close candidates the one that sorts first wins, so the hint does not depend on
/// the order of a hash set.
pub fn suggest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wrong, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// "did you mean" hints for a whole run, within [`HINT_BUDGET`] comparisons: once the
/// budget is spent, problems are still reported, only without a hint.
#[derive(Debug)]
pub struct Hints {
    left: usize,
}

impl Default for Hints {
    fn default() -> Hints {
        Hints { left: HINT_BUDGET }
    }
}

impl Hints {
    /// [`suggest`], if comparing against every candidate fits in what is left of the budget.
    pub fn suggest<'a, I>(&mut self, wrong: &str, candidates: I) -> Option<&'a str>
    where
        I: IntoIterator<Item = &'a str>,
        I::IntoIter: ExactSizeIterator,
    {
        let candidates = candidates.into_iter();
        self.left = self.left.checked_sub(candidates.len())?;
        suggest(wrong, candidates)
    }
}

/// `offset` moved back to a character boundary of `text`, and into it.
fn char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A diagnostic at `offset`, on the `line` that starts at `line_start`. The source line is
/// the text up to the next line end, without it, as [`str::lines`] would give it; there is
/// none for the empty line after a final newline.
fn located(
    path: &Path,
    text: &str,
    line: usize,
    line_start: usize,
    offset: usize,
    message: String,
) -> Diagnostic {
    let col = text[line_start..offset].chars().count() + 1;
    let source_line = (line_start < text.len()).then(|| {
        let rest = &text[line_start..];
        match rest.find('\n') {
            Some(end) => rest[..end].strip_suffix('\r').unwrap_or(&rest[..end]),
            None => rest,
        }
        .to_owned()
    });
    Diagnostic {
        path: path.to_path_buf(),
        line,
        col,
        message,
        source_line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_from_one() {
        let text = "ab\ncé d\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 6), (2, 3));
        assert_eq!(line_col(text, 100), (3, 1));
    }

    #[test]
    fn display_shows_line_and_caret() {
        let d = Diagnostic::at(
            Path::new("content/a.md"),
            "---\ntitel: x\n",
            4,
            "unknown key",
        );
        assert_eq!(
            d.to_string(),
            "content/a.md:2:1: error: unknown key\n  |\n2 | titel: x\n  | ^"
        );
    }

    #[test]
    fn a_whole_file_problem_has_no_invented_position() {
        let d = Diagnostic::file("content/guide/loop", "symlink loop");
        assert_eq!(d.to_string(), "content/guide/loop: error: symlink loop");
    }

    #[test]
    fn display_replaces_control_characters_in_the_source_line() {
        let d = Diagnostic::at(Path::new("a.md"), "a\tb\u{1b}[2Jc\n", 6, "x");
        assert_eq!(
            d.to_string(),
            "a.md:1:7: error: x\n  |\n1 | a b\u{fffd}[2Jc\n  |       ^"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("{}^{}", "a".repeat(1000), "b".repeat(1000));
        let cases = [
            (0, 0, 121, false, true),
            (1000, 61, 122, true, true),
            (2000, 120, 121, true, false),
            (2001, 121, 121, true, false),
        ];
        for (col, caret, width, cut_before, cut_after) in cases {
            let (shown, at) = excerpt(&line, col);
            assert_eq!(at, caret, "{col}");
            assert_eq!(shown.chars().count(), width, "{col}");
            assert_eq!(shown.starts_with('…'), cut_before, "{col}");
            assert_eq!(shown.ends_with('…'), cut_after, "{col}");
        }
        assert_eq!(excerpt(&line, 1000).0.chars().nth(61), Some('^'));
        assert_eq!(excerpt("short", 3), ("short".into(), 3));
        assert_eq!(excerpt("short", 9), ("short".into(), 5));
    }

    #[test]
    fn source_agrees_with_a_scan_from_the_start() {
        let texts = [
            "",
            "a",
            "\n",
            "ab\ncé d\n",
            "x\r\ny\r\n\r\nz",
            "\n\nlast",
            "é\n",
        ];
        let path = Path::new("a.md");
        for text in texts {
            let source = Source::new(path, text);
            for offset in 0..=text.len() + 2 {
                assert_eq!(
                    source.line_col(offset),
                    line_col(text, offset),
                    "{text:?} at {offset}"
                );
                let (line, col) = line_col(text, offset);
                let scanned = Diagnostic {
                    path: path.into(),
                    line,
                    col,
                    message: "m".into(),
                    source_line: text.lines().nth(line - 1).map(str::to_owned),
                };
                assert_eq!(source.at(offset, "m"), scanned, "{text:?} at {offset}");
                assert_eq!(Diagnostic::at(path, text, offset, "m"), scanned);
            }
        }
    }

    /// The messages a report gives for `count` problems of one kind, one per line.
    fn reported(count: usize) -> Vec<String> {
        let text = "x\n".repeat(count);
        let mut report = Report::new(Path::new("a.md"), &text);
        for i in 0..count {
            report.push("broken links", 2 * i, || format!("broken link {i}"));
        }
        report.push("invalid ids", 0, || "invalid id".into());
        let problems = report.finish();
        problems
            .iter()
            .map(|d| format!("{}: {}", d.line, d.message))
            .collect()
    }

    #[test]
    fn a_report_sums_up_what_is_past_the_limit() {
        assert_eq!(
            reported(2),
            ["1: broken link 0", "2: broken link 1", "1: invalid id"]
        );
        assert_eq!(reported(PER_KIND).len(), PER_KIND + 1);
        // One more is shown as itself rather than as "1 more".
        assert_eq!(reported(PER_KIND + 1).len(), PER_KIND + 2);
        let many = reported(20_000);
        assert_eq!(many.len(), PER_KIND + 2);
        assert_eq!(many[PER_KIND - 1], "20: broken link 19");
        assert_eq!(many[PER_KIND], "1: invalid id");
        assert_eq!(
            many[PER_KIND + 1],
            "21: and 19980 more broken links in this file"
        );
    }

    #[test]
    fn a_report_builds_messages_only_for_what_it_shows() {
        let text = "x".repeat(100);
        let mut report = Report::new(Path::new("a.md"), &text);
        let mut built = 0;
        for i in 0..100 {
            report.push("broken links", i, || {
                built += 1;
                String::new()
            });
        }
        assert_eq!(built, PER_KIND);
    }

    #[test]
    fn suggest_finds_close_names_only() {
        assert_eq!(suggest("titel", ["title", "weight"]), Some("title"));
        assert_eq!(suggest("colour", ["title", "weight"]), None);
        // Equally close: the first in sort order, whatever the order given.
        assert_eq!(suggest("ab", ["abd", "abc"]), Some("abc"));
        assert_eq!(suggest("ab", ["abc", "abd"]), Some("abc"));
    }

    #[test]
    fn hints_stop_when_the_budget_is_spent() {
        let mut hints = Hints { left: 5 };
        assert_eq!(hints.suggest("titel", ["title", "weight"]), Some("title"));
        assert_eq!(hints.suggest("titel", ["title", "weight"]), Some("title"));
        assert_eq!(hints.suggest("titel", ["title", "weight"]), None);
        assert_eq!(hints.suggest("titel", ["title"]), Some("title"));
        assert_eq!(hints.suggest("titel", ["title"]), None);
    }
}
