//! Content problems as data: [`Diagnostic`] names a file, a 1-based line and column, a
//! message and the offending source line, and prints itself compiler style.
//!
//! Every stage reports problems by pushing diagnostics instead of returning early, so one run
//! shows them all. This module owns byte offset → line:col mapping; it never reads files.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in the site's input, located in the file the author edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Path as the user sees it, relative to the site root (`content/guide/x.md`).
    pub path: PathBuf,
    /// 1-based line, 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters.
    pub col: usize,
    pub message: String,
    /// The source line the problem is on, printed under the message with a caret.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A problem with a whole file (unreadable, not UTF-8, a loop), reported at 1:1.
    pub fn file(path: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            path: path.into(),
            line: 1,
            col: 1,
            message: message.into(),
            source_line: None,
        }
    }

    /// A problem at byte `offset` of `text`, the full contents of `path`.
    pub fn at(path: &Path, text: &str, offset: usize, message: impl Into<String>) -> Diagnostic {
        let (line, col) = line_col(text, offset);
        Diagnostic {
            path: path.to_path_buf(),
            line,
            col,
            message: message.into(),
            source_line: text.lines().nth(line - 1).map(str::to_owned),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
            let source = source.replace('\t', " ");
            let caret_pad: String = source.chars().take(self.col - 1).map(|_| ' ').collect();
            write!(f, "\n{pad} |\n{gutter} | {source}\n{pad} | {caret_pad}^")?;
        }
        Ok(())
    }
}

/// The 1-based line and character column of byte `offset` in `text`.
///
/// An offset past the end, or inside a multi-byte character, is clamped to a valid position,
/// so a slightly wrong offset from a parser still points at the right line.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

/// Sort diagnostics by file, line and column, dropping exact repeats, for stable output.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.col, &a.message).cmp(&(&b.path, b.line, b.col, &b.message))
    });
    diagnostics.dedup();
}

/// "did you mean" for a misspelt name among `candidates`, when one is close enough.
pub fn suggest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wrong, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
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
    fn suggest_finds_close_names_only() {
        assert_eq!(suggest("titel", ["title", "weight"]), Some("title"));
        assert_eq!(suggest("colour", ["title", "weight"]), None);
    }
}
