//! `afterword init` and `afterword new`: the two commands that write content for the site
//! owner. `init` starts a whole site in a new or empty folder; `new` adds one page with
//! valid front matter to a site. Neither ever overwrites a file, and neither writes
//! anything before every check has passed.
//!
//! `init` writes either the skeleton in `src/scaffold/skeleton/` (one guide page, one
//! checklist, one template, each in its section) or the bundled guide, listed from
//! `content/` by `build.rs`, so the binary carries the guide exactly as the repository has
//! it. Both pass `check` and build at once, with the default theme compiled into the binary.
//!
//! `new` refuses a path that `check` would reject (`My Page`, `.draft`, a page over a
//! section) before anything is written, with a name that works: writing a file the next
//! `check` fails on helps no one, and renaming it silently would put the file somewhere the
//! author did not ask for.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::discover::find_site;
use crate::frontmatter::{Kind, stub};
use crate::site::is_url_segment;

/// The skeleton site of `afterword init`, by path inside the new site.
const SKELETON: &[(&str, &[u8])] = &[
    (
        "content/_index.md",
        include_bytes!("scaffold/skeleton/_index.md"),
    ),
    (
        "content/guide/_index.md",
        include_bytes!("scaffold/skeleton/guide/_index.md"),
    ),
    (
        "content/guide/thank-you.md",
        include_bytes!("scaffold/skeleton/guide/thank-you.md"),
    ),
    (
        "content/checklists/_index.md",
        include_bytes!("scaffold/skeleton/checklists/_index.md"),
    ),
    (
        "content/checklists/first-day.md",
        include_bytes!("scaffold/skeleton/checklists/first-day.md"),
    ),
    (
        "content/templates/_index.md",
        include_bytes!("scaffold/skeleton/templates/_index.md"),
    ),
    (
        "content/templates/thank-you.md",
        include_bytes!("scaffold/skeleton/templates/thank-you.md"),
    ),
];

/// The bundled guide of `afterword init --from-guide`: every file of the repository's
/// `content/`, by path, as `build.rs` listed it.
pub const BUNDLED_GUIDE: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/bundled_guide.rs"));

/// What `init` starts a site from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// One guide page, one checklist and one template.
    Skeleton,
    /// A copy of the bundled job-interview guide.
    Guide,
}

/// Write a new site into `dir`, which must be missing or empty (hidden files such as
/// `.git` aside). The paths written, relative to `dir`.
pub fn init(dir: &Path, start: Start) -> Result<Vec<&'static str>> {
    let shown = dir.display();
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            for entry in entries {
                let entry = entry.with_context(|| format!("cannot read the folder `{shown}`"))?;
                if !entry.file_name().to_string_lossy().starts_with('.') {
                    bail!(
                        "`{shown}` is not empty: `afterword init` starts a site in a new or empty folder and never writes over files (give a new folder, such as `afterword init my-site`; to add a page to a site, use `afterword new`)"
                    );
                }
            }
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("failed to create the folder `{shown}`"))?;
        }
        Err(_) if dir.exists() && !dir.is_dir() => {
            bail!("`{shown}` is a file: give a folder to start the site in")
        }
        Err(err) => bail!("cannot read the folder `{shown}`: {err}"),
    }
    let files = match start {
        Start::Skeleton => SKELETON,
        Start::Guide => BUNDLED_GUIDE,
    };
    for (path, bytes) in files {
        write_new(&dir.join(path), bytes)?;
    }
    Ok(files.iter().map(|(path, _)| *path).collect())
}

/// Create the page `path` (`.md` added when missing) in the content folder of the site at
/// `root`, or of the site around the current folder; the path written.
///
/// Without `--root`, a path typed inside `content/` is taken from the current folder, as
/// any other command would take it; otherwise it is taken from `content/`, and a leading
/// `content/` is allowed.
pub fn new(root: Option<&Path>, kind: Kind, path: &Path) -> Result<PathBuf> {
    let site = find_site(root)?;
    let content = site.join("content");
    let typed = path.display().to_string();
    if typed.ends_with('/') || typed.ends_with(std::path::MAIN_SEPARATOR) {
        bail!(
            "`{typed}` is a folder: give the page a file name, such as `{}my-page.md`",
            typed
        );
    }
    let here = match root {
        Some(_) => None,
        None => folder_inside(&content)?,
    };
    let joined = match &here {
        Some(here) => {
            // `content/x.md` typed inside `content/` means the site's `content/x.md`, not a
            // second `content` folder, unless the site has one there.
            if let Ok(rest) = path.strip_prefix("content")
                && !content.join(here).join("content").is_dir()
            {
                let up: PathBuf = here.components().map(|_| "..").collect();
                bail!(
                    "`{typed}` would be written to `{}`: inside `content/`, give the path from the current folder, such as `{}`",
                    Path::new("content").join(here).join(path).display(),
                    up.join(rest).display()
                );
            }
            here.join(path)
        }
        None => path.strip_prefix("content").unwrap_or(path).to_path_buf(),
    };
    let Some(relative) = normalise(&joined) else {
        bail!("`{typed}` must be a path inside content/, such as `checklists/offer.md`");
    };
    let name = relative
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = markdown_stem(&name);
    if stem == "_index" {
        bail!("`afterword new` writes pages; write a section's `_index.md` by hand");
    }
    let mut names: Vec<String> = relative
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    names.push(stem.to_owned());
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
    let page = relative.with_file_name(format!("{stem}.md"));
    let section = relative.with_file_name(stem).join("_index.md");
    if content.join(&section).is_file() {
        let inside = relative.with_file_name(stem).join("my-page.md");
        bail!(
            "`{}` would take the URL of the section `content/{}`: put the page inside the section, such as `{}`",
            page.display(),
            section.display(),
            inside.display()
        );
    }
    let target = content.join(&page);
    let shown = target.strip_prefix(".").unwrap_or(&target).to_path_buf();
    let id = format!("{}-first-step", url_name(stem).replace(['_', '.'], "-"));
    write_new(&target, stub(kind, &title(stem), &id).as_bytes())?;
    Ok(shown)
}

/// Write `bytes` to a file that must not exist yet, creating its folders.
fn write_new(target: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("failed to create `{}`", parent.display()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(target)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                anyhow::anyhow!("`{}` already exists; not overwriting it", target.display())
            } else {
                anyhow::Error::new(e).context(format!("failed to create `{}`", target.display()))
            }
        })?;
    file.write_all(bytes)
        .with_context(|| format!("failed to write `{}`", target.display()))
}

/// Where the current folder is inside `content`: `Some("")` in `content/` itself,
/// `Some("guide")` in `content/guide/`, `None` outside it.
fn folder_inside(content: &Path) -> Result<Option<PathBuf>> {
    let here = std::env::current_dir().context("cannot read the current folder")?;
    let content = content
        .canonicalize()
        .with_context(|| format!("cannot read `{}`", content.display()))?;
    Ok(here.strip_prefix(&content).ok().map(Path::to_path_buf))
}

/// `path` with `.` and `..` worked out, or `None` when it leaves the folder it starts in
/// (or is absolute, or empty).
fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(name) => out.push(name),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

/// The page's name without its markdown extension: `offer.md` and `offer` → `offer`; a
/// misspelt extension (`offer.MD`, `offer.markdown`) is replaced rather than kept, since
/// `check` would refuse it; any other dot stays part of the name (`notes.v2`).
fn markdown_stem(name: &str) -> &str {
    let markdown = ["md", "markdown", "mdown", "mkd", "mkdn", "mdwn"];
    match name.rsplit_once('.') {
        Some((stem, extension))
            if !stem.is_empty() && markdown.iter().any(|m| extension.eq_ignore_ascii_case(m)) =>
        {
            stem
        }
        _ => name,
    }
}

/// Whether `name` can be a folder or file name (without `.md`) in `content/`: what `check`
/// accepts in a URL, and not hidden from the walk.
fn is_url_name(name: &str) -> bool {
    is_url_segment(name) && !name.starts_with('.')
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
        assert!(!is_url_name(".."));
        assert!(is_url_name("My-Page"));
    }

    #[test]
    fn only_markdown_extensions_are_taken_off() {
        let cases = [
            ("offer.md", "offer"),
            ("offer", "offer"),
            ("offer.MD", "offer"),
            ("offer.markdown", "offer"),
            ("notes.v2", "notes.v2"),
            (".md", ".md"),
        ];
        for (name, stem) in cases {
            assert_eq!(markdown_stem(name), stem, "{name}");
        }
    }

    #[test]
    fn paths_are_worked_out_inside_their_folder() {
        let cases = [
            ("guide/x.md", Some("guide/x.md")),
            ("./guide/../checklists/x", Some("checklists/x")),
            ("guide/../../x.md", None),
            ("/etc/x.md", None),
            ("", None),
            (".", None),
        ];
        for (path, expected) in cases {
            assert_eq!(
                normalise(Path::new(path)),
                expected.map(PathBuf::from),
                "{path}"
            );
        }
    }

    #[test]
    fn the_skeleton_and_the_bundled_guide_are_sites() {
        for files in [SKELETON, BUNDLED_GUIDE] {
            assert!(files.iter().any(|(p, _)| *p == "content/_index.md"));
            assert!(files.iter().all(|(p, _)| p.starts_with("content/")));
        }
        assert!(BUNDLED_GUIDE.len() > SKELETON.len());
    }
}
