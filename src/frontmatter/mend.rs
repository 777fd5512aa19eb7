//! Reading past a schema error. serde stops at the first problem of a document, so after
//! each one the front matter is mended where the problem is and read again, until it reads:
//! one run then reports every unknown key, wrong type and missing key of a file, and the
//! rest of the file (its body, its rules, its links) is still checked.
//!
//! A mend never moves a byte the author wrote. An entry is commented out by turning its
//! first character into `#`, and the first character of every more indented line after it;
//! a required top-level key that is missing is appended after the last line. Every position
//! serde reports in the mended text is therefore the same position in the original file,
//! and values are located in the mended text exactly where the author wrote them.
//!
//! What a mend causes is not reported again: a required key commented out for its wrong
//! type is not also "missing", and a list emptied of its only bad element is not also of
//! the wrong type. When no mend applies (a key inside a `{ … }` mapping on one line), the
//! reading stops with the problems found so far.

use std::collections::HashSet;

use serde::de::DeserializeOwned;

/// How many problems one front matter reports before the reading stops: enough for any
/// real file, and a bound on the re-reading of a file that is one long list of mistakes.
pub const LIMIT: usize = 40;

/// The front matter being mended.
#[derive(Debug)]
pub struct Mend {
    /// The front matter with entries commented out: exactly as long as the original.
    text: String,
    /// Required top-level keys that were missing, with the value they were given.
    appended: Vec<(String, &'static str)>,
    /// Key paths (`title`, `items[0].id`, `items`), as the author numbers the elements,
    /// whose missing or empty value comes from a mend and is not a problem of its own.
    quiet: HashSet<String>,
    /// List elements commented out: the list's path and the element's index, as the
    /// author numbers them. serde numbers the elements it still sees, so its paths are
    /// turned back into the author's with these.
    removed: Vec<(String, usize)>,
}

/// A problem serde found: where, in which key (`items[2].due`, the elements numbered as the
/// author wrote them), and what.
#[derive(Debug, Clone)]
pub struct Problem {
    pub at: usize,
    pub path: Option<String>,
    pub message: String,
}

/// The outcome of reading: the value once the mended text reads, and every problem found
/// on the way, as serde reported it.
pub struct Read<T> {
    pub value: Option<T>,
    pub problems: Vec<Problem>,
    /// Set when the reading stopped at [`LIMIT`] problems.
    pub stopped: bool,
}

impl Mend {
    pub fn new(yaml: &str) -> Mend {
        Mend {
            text: yaml.to_owned(),
            appended: Vec::new(),
            quiet: HashSet::new(),
            removed: Vec::new(),
        }
    }

    /// serde's key path with each element numbered as the author wrote it: after
    /// `items[0]` was commented out, serde's `items[0]` is the author's `items[1]`.
    fn original_path(&self, path: &str) -> String {
        let mut out = String::new();
        let mut rest = path;
        while let Some(open) = rest.find('[') {
            let Some(close) = rest[open..].find(']').map(|i| open + i) else {
                break;
            };
            out.push_str(&rest[..open]);
            let Ok(seen) = rest[open + 1..close].parse::<usize>() else {
                out.push_str(&rest[open..=close]);
                rest = &rest[close + 1..];
                continue;
            };
            let gone: Vec<usize> = self
                .removed
                .iter()
                .filter(|(list, _)| *list == out)
                .map(|(_, i)| *i)
                .collect();
            let index = (0..)
                .filter(|i| !gone.contains(i))
                .nth(seen)
                .unwrap_or(seen);
            out.push_str(&format!("[{index}]"));
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// Comment out the list element `element` (the author's path, `items[2]`) whose `-`
    /// is before `at` on its line. Its list, which may be left empty, is not then a
    /// problem of its own.
    fn remove_element(&mut self, element: &str, at: usize) -> bool {
        let Some((list, index)) = element
            .strip_suffix(']')
            .and_then(|e| e.rsplit_once('['))
            .and_then(|(list, i)| Some((list.to_owned(), i.parse().ok()?)))
        else {
            return false;
        };
        if !self.comment_element(at) {
            return false;
        }
        self.quiet.insert(list.clone());
        self.removed.push((list, index));
        true
    }

    /// The mended front matter, without the appended keys: as long as the original, so a
    /// position in it is a position in the file.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether `key` was missing at the top level and given a placeholder, whose value is
    /// not the author's and must not be checked.
    pub fn appended(&self, key: &str) -> bool {
        self.appended.iter().any(|(k, _)| k == key)
    }

    /// Comment out the entry whose key starts at `at`: that line and every more indented
    /// line after it. False when the key is inside a `{ … }` mapping, which has no lines
    /// of its own to comment out.
    pub fn comment_entry(&mut self, at: usize) -> bool {
        let line_start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        let before = self.text[line_start..at].trim_end_matches(' ');
        if before.ends_with('{') || before.ends_with(',') || before.ends_with('[') {
            return false;
        }
        if !self.text[at..].starts_with(|c: char| !c.is_whitespace()) {
            return false;
        }
        let column = at - line_start;
        self.comment_block(at, column);
        true
    }

    /// Comment out the list element whose value starts at `at`: its `-` is before `at` on
    /// the same line, or, when the element's first lines are commented out already, on the
    /// nearest line above that is not a comment. False when there is no such `-`.
    pub fn comment_element(&mut self, at: usize) -> bool {
        let line_start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        let column = at - line_start;
        let before = self.text[line_start..at].trim_end_matches(' ');
        if let Some(dash) = before.strip_suffix('-') {
            if !dash.bytes().all(|b| b == b' ' || b == b'-') {
                return false;
            }
            let dash_at = line_start + dash.len();
            self.comment_block(dash_at, dash_at - line_start);
            return true;
        }
        if !before.trim().is_empty() {
            return false;
        }
        let mut start = line_start;
        while start > 0 {
            start = self.text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
            let line = self.text[start..].split('\n').next().unwrap_or_default();
            let content = line.trim_start_matches(' ');
            let indent = line.len() - content.len();
            if content.starts_with('-') && indent < column {
                self.comment_block(start + indent, indent);
                return true;
            }
            if !(content.is_empty() || content.starts_with('#')) {
                return false;
            }
        }
        false
    }

    /// The start of the entry `key: …` whose value is at `at`: on the same line, or on
    /// the nearest line above with `key:` less indented than `at`.
    pub fn entry_of(&self, key: &str, at: usize) -> Option<usize> {
        let at = at.min(self.text.len());
        let line_start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        let column = at - line_start;
        let mut start = line_start;
        loop {
            let line = self.text[start..].split('\n').next().unwrap_or_default();
            let content = line.trim_start_matches([' ', '-']);
            let key_at = start + (line.len() - content.len());
            let written = [key.to_owned(), format!("\"{key}\""), format!("'{key}'")];
            if written.iter().any(|k| {
                content
                    .strip_prefix(k.as_str())
                    .is_some_and(|r| r.starts_with(':'))
            }) && (key_at < at)
                && (start == line_start || key_at - start < column)
            {
                return Some(key_at);
            }
            if start == 0 {
                return None;
            }
            start = self.text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        }
    }

    /// Turn the character at `at` into `#`, and the first character of each following line
    /// indented more than `column` (blank lines between them included).
    fn comment_block(&mut self, at: usize, column: usize) {
        let mut bytes = std::mem::take(&mut self.text).into_bytes();
        // Only ASCII is replaced by ASCII, and only at the start of a character, so the text
        // stays UTF-8.
        let hash = |i: usize, bytes: &mut Vec<u8>| {
            let width = utf8_width(bytes[i]);
            bytes[i] = b'#';
            for b in &mut bytes[i + 1..i + width] {
                *b = b' ';
            }
        };
        hash(at, &mut bytes);
        let mut next = bytes[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map(|i| at + i + 1);
        while let Some(start) = next {
            let end = bytes[start..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |i| start + i);
            let line = &bytes[start..end];
            let indent = line.iter().take_while(|&&b| b == b' ').count();
            let blank = line.iter().all(|b| b.is_ascii_whitespace());
            if indent > column && !blank {
                hash(start + indent, &mut bytes);
            } else if !blank {
                break;
            }
            next = (end < bytes.len()).then_some(end + 1);
        }
        self.text = String::from_utf8(bytes).unwrap_or_default();
    }

    /// The text serde reads: the mended text and the appended keys.
    fn document(&self) -> String {
        let mut out = self.text.clone();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        for (key, value) in &self.appended {
            out.push_str(&format!("{key}: {value}\n"));
        }
        out
    }

    /// Give the appended key whose value serde refused a value of the type it expected.
    fn retype_appended(&mut self, key: &str, message: &str) -> bool {
        let expected = message.rsplit("expected ").next().unwrap_or_default();
        let value = if expected.starts_with("a sequence") {
            "[]"
        } else if expected.starts_with("struct") || expected.starts_with("a map") {
            "{}"
        } else if expected.starts_with("a boolean") {
            "false"
        } else if expected.starts_with('i') || expected.starts_with('u') {
            "0"
        } else {
            return false;
        };
        match self
            .appended
            .iter_mut()
            .find(|(k, v)| k == key && *v != value)
        {
            Some(entry) => {
                entry.1 = value;
                true
            }
            None => false,
        }
    }
}

/// Read `T` from the mended front matter, mending after each problem.
pub fn read<T: DeserializeOwned>(mend: &mut Mend) -> Read<T> {
    let mut problems = Vec::new();
    // Each round either reads, stops, or mends one more place, which a later round never
    // undoes; the bound only guards against a mend that changes nothing.
    for _ in 0..LIMIT * 4 {
        let error = match serde_yaml::from_str::<T>(&mend.document()) {
            Ok(value) => {
                return Read {
                    value: Some(value),
                    problems,
                    stopped: false,
                };
            }
            Err(error) => error,
        };
        if problems.len() == LIMIT {
            return Read {
                value: None,
                problems,
                stopped: true,
            };
        }
        let Some(at) = error.location().map(|l| l.index()) else {
            problems.push(Problem {
                at: 0,
                path: None,
                message: error.to_string(),
            });
            break;
        };
        let full = error.to_string();
        let message = full.split(" at line ").next().unwrap_or(&full).to_owned();
        let (path, what) = match message.split_once(": ") {
            Some((path, what)) if !path.contains(' ') => (Some(path.to_owned()), what),
            _ => (None, message.as_str()),
        };
        if at >= mend.text.len() {
            // A placeholder of the wrong type: the author never wrote it.
            let key = path.as_deref().unwrap_or_default();
            if mend.retype_appended(key, what) {
                continue;
            }
            break;
        }
        let path = path.map(|p| mend.original_path(&p));
        let problem = Problem {
            at,
            path: path.clone(),
            message: what.to_owned(),
        };
        let mended = if let Some(rest) = what.strip_prefix("missing field `") {
            let key = rest.trim_end_matches('`');
            let full_key = path
                .as_deref()
                .map_or(key.to_owned(), |p| format!("{p}.{key}"));
            if !mend.quiet.remove(&full_key) {
                problems.push(problem);
            }
            match path.as_deref() {
                None => {
                    mend.appended.push((key.to_owned(), "\"\""));
                    true
                }
                Some(element) => mend.remove_element(element, at),
            }
        } else if what.starts_with("unknown field `") || what.starts_with("duplicate field `") {
            problems.push(problem);
            mend.comment_entry(at)
        } else if what.starts_with("invalid type: ") || what.starts_with("invalid value: ") {
            let path = path.unwrap_or_default();
            let quiet = what.contains("unit value") && mend.quiet.remove(&path);
            if !quiet {
                problems.push(problem);
            }
            mend.quiet.insert(path.clone());
            if path.ends_with(']') {
                mend.remove_element(&path, at)
            } else {
                let key = path.rsplit('.').next().unwrap_or_default();
                match mend.entry_of(key, at) {
                    Some(entry) => mend.comment_entry(entry),
                    None => false,
                }
            }
        } else {
            problems.push(problem);
            false
        };
        if !mended {
            break;
        }
    }
    Read {
        value: None,
        problems,
        stopped: false,
    }
}

/// The length in bytes of the UTF-8 character that starts with `first`.
fn utf8_width(first: u8) -> usize {
    match first {
        0xf0.. => 4,
        0xe0.. => 3,
        0xc0.. => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_and_its_more_indented_lines_are_commented_out() {
        let mut mend = Mend::new("a: 1\nbad:\n  - x\n\n  - y\nc: 2\n");
        assert!(mend.comment_entry(5));
        assert_eq!(mend.text(), "a: 1\n#ad:\n  # x\n\n  # y\nc: 2\n");
        let mut mend = Mend::new("items:\n  - txt: a\n    id: b\n  - id: c\n");
        assert!(mend.comment_entry(11));
        assert_eq!(mend.text(), "items:\n  - #xt: a\n    id: b\n  - id: c\n");
        assert!(mend.comment_element(11));
        assert_eq!(mend.text(), "items:\n  # #xt: a\n    #d: b\n  - id: c\n");
    }

    #[test]
    fn paths_number_elements_as_the_author_wrote_them() {
        let mut mend = Mend::new("");
        mend.removed = vec![
            ("items".into(), 0),
            ("items".into(), 2),
            ("a[1].b".into(), 0),
        ];
        assert_eq!(mend.original_path("items[0]"), "items[1]");
        assert_eq!(mend.original_path("items[1].due"), "items[3].due");
        assert_eq!(mend.original_path("a[1].b[0].c"), "a[1].b[1].c");
        assert_eq!(mend.original_path("title"), "title");
    }

    #[test]
    fn keys_inside_braces_are_left_alone() {
        let mut mend = Mend::new("items: [{id: a, txt: b}]\n");
        assert!(!mend.comment_entry(16));
        assert_eq!(mend.text(), "items: [{id: a, txt: b}]\n");
    }

    #[test]
    fn a_value_finds_its_key_on_its_line_or_above() {
        let mend = Mend::new("title: x\nsteps:\n  - id: a\n    due:\n      - 1\n");
        assert_eq!(mend.entry_of("due", 40), Some(30));
        assert_eq!(mend.entry_of("title", 7), Some(0));
        assert_eq!(mend.entry_of("weight", 7), None);
    }

    #[test]
    fn commenting_out_keeps_every_position_and_the_text_utf8() {
        let original = "é: 1\nclé: 2\n  - ü\n";
        let mut mend = Mend::new(original);
        assert!(mend.comment_entry(0));
        assert_eq!(mend.text().len(), original.len());
        assert_eq!(mend.text(), "# : 1\nclé: 2\n  - ü\n");
    }
}
