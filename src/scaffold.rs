//! `afterword new`: writes a stub content file with valid front matter for its kind, and
//! never overwrites an existing file.
//!
//! A name that `check` would reject (`My Page`, `.draft`) is refused before anything is
//! written, with a name that works: writing a file the next `check` fails on helps no one,
//! and renaming it silently would put the file somewhere the author did not ask for.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::frontmatter::{Kind, stub};

/// Create `content/<path>` (`.md` added when missing) under `root`; the path written.
pub fn new(root: &Path, kind: Kind, path: &Path) -> Result<PathBuf> {
    let relative = path.strip_prefix("content").unwrap_or(path);
    if !relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        bail!(
            "`{}` must be a path inside content/, such as `checklists/offer.md`",
            path.display()
        );
    }
    let mut target = root.join("content").join(relative);
    if target.extension().is_none_or(|e| e != "md") {
        target.set_extension("md");
    }
    let stem = target
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if stem == "_index" {
        bail!("`afterword new` writes pages; write a section's `_index.md` by hand");
    }
    let inside = relative.with_file_name(&stem);
    let names: Vec<String> = inside
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if let Some(bad) = names.iter().find(|n| !is_url_name(n)) {
        let suggestion: Vec<String> = names.iter().map(|n| url_name(n)).collect();
        let suggestion = format!("{}.md", suggestion.join("/"));
        if bad.starts_with('.') {
            bail!(
                "`{bad}` starts with `.`, so `check` and `build` would skip it: use a name such as `{suggestion}`"
            );
        }
        bail!(
            "`{bad}` cannot be part of a URL: name files and folders with letters, digits, `-`, `_` and `.`, such as `{suggestion}`"
        );
    }
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("failed to create `{}`", parent.display()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                anyhow::anyhow!("`{}` already exists; not overwriting it", target.display())
            } else {
                anyhow::Error::new(e).context(format!("failed to create `{}`", target.display()))
            }
        })?;
    file.write_all(stub(kind, &title(&stem)).as_bytes())
        .with_context(|| format!("failed to write `{}`", target.display()))?;
    Ok(target)
}

/// Whether `name` can be a folder or file name (without `.md`) in `content/`: what `check`
/// accepts in a URL, and not hidden from the walk.
fn is_url_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// A name `check` accepts, close to `name`: `My Page!` → `my-page`.
fn url_name(name: &str) -> String {
    let mut out = String::new();
    for c in name
        .trim_start_matches('.')
        .chars()
        .flat_map(char::to_lowercase)
    {
        if c.is_ascii_alphanumeric() || matches!(c, '_' | '.') {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "my-page".into()
    } else {
        out.into()
    }
}

/// `follow-up-email` → `Follow up email`.
fn title(stem: &str) -> String {
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_else(|| "Untitled".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_check_would_reject_get_a_close_name_that_works() {
        let cases = [
            ("My Page", "my-page"),
            ("Café au lait", "caf-au-lait"),
            ("  two  spaces ", "two-spaces"),
            (".draft", "draft"),
            ("???", "my-page"),
            ("already-fine_1.2", "already-fine_1.2"),
        ];
        for (name, expected) in cases {
            assert_eq!(url_name(name), expected, "{name:?}");
            assert!(is_url_name(expected));
        }
        assert!(!is_url_name("My Page"));
        assert!(!is_url_name(".draft"));
        assert!(is_url_name("My-Page"));
    }
}
