//! Discovery: walks `content/` in a sorted, deterministic order and reads each file, and
//! owns the rule every read of the site obeys: nothing outside the site folder is read.
//!
//! Markdown files (`.md`) come back as text; every other file is an asset copied as it is.
//! A file that is not UTF-8, a symlink loop, a broken or escaping symlink, a markdown file
//! with another spelling of the extension, or an unreadable file becomes a diagnostic and
//! the walk goes on, so one run reports every problem. Besides theme loading (which walks
//! its folders with [`SiteRoot::read_tree`]), this is the only module that reads the tree.
//!
//! The walk is `walkdir`'s, following links, and every symlink is judged before anything
//! behind it is read: it must resolve inside the site folder (canonicalised once, in
//! [`SiteRoot`]) and outside the hidden paths the content walk skips (`.git`, `.env`). A
//! link to `/proc/self/environ` or `/etc/ssl` would otherwise be published with the site;
//! links that stay inside still work. One thing happens before the judgement, because
//! `walkdir` offers no hook earlier than `filter_entry`: it stats a link's target and, for
//! a folder, opens it and lists its names (for its loop check and its sorting). Those names
//! are dropped with the refused link, and no file behind it is ever opened.

use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
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
    /// A hash of `text`, taken when first asked for: `serve` knows an unchanged file by it.
    digest: std::sync::OnceLock<u128>,
}

impl SourceFile {
    pub fn new(path: PathBuf, content_path: String, text: String) -> SourceFile {
        SourceFile {
            path,
            content_path,
            text,
            digest: std::sync::OnceLock::new(),
        }
    }

    /// A 128-bit hash of the text.
    pub fn digest(&self) -> u128 {
        *self
            .digest
            .get_or_init(|| xxhash_rust::xxh3::xxh3_128(self.text.as_bytes()))
    }
}

/// A file under `content/` that is not markdown, published at the same relative path.
#[derive(Debug, Clone)]
pub struct Asset {
    pub content_path: String,
    pub bytes: bytes::Bytes,
}

/// Everything found under `content/`.
#[derive(Debug, Default)]
pub struct Content {
    pub sources: Vec<SourceFile>,
    pub assets: Vec<Asset>,
}

/// Walk `content/` of the site, reading every file. Problems are returned beside what could
/// be read.
pub fn content(site: &SiteRoot) -> (Content, Vec<Diagnostic>) {
    let dir = site.given.join("content");
    let mut found = Content::default();
    let mut problems = Vec::new();
    if let Err(problem) = site.confine(&dir) {
        problems.push(problem);
        return (found, problems);
    }
    if !dir.is_dir() {
        problems.push(no_content(&site.given));
        return (found, problems);
    }
    // Each file is told apart, and markdown checked to be UTF-8, on every core; the files
    // are then taken in the walk's order.
    let read: Vec<Read> = site
        .read_tree(&dir, Hidden::Skip, &mut problems)
        .into_par_iter()
        .map(|(path, bytes)| classify(&site.given, &dir, &path, bytes))
        .collect();
    for file in read {
        match file {
            Read::Source(source) => found.sources.push(source),
            Read::Asset(asset) => found.assets.push(asset),
            Read::Problem(problem) => problems.push(problem),
        }
    }
    (found, problems)
}

/// A file read under `content/`, told apart.
enum Read {
    Source(SourceFile),
    Asset(Asset),
    Problem(Diagnostic),
}

/// The file at `path` under the content folder `dir` of the site at `given`, with its
/// `bytes`: a markdown source, an asset, or why it is neither.
fn classify(given: &Path, dir: &Path, path: &Path, bytes: Vec<u8>) -> Read {
    let shown = relative(given, path);
    let content_path = relative(dir, path).to_string_lossy().replace('\\', "/");
    if let Some(problem) = misspelt_markdown(&shown) {
        return Read::Problem(problem);
    }
    if !content_path.ends_with(".md") {
        return Read::Asset(Asset {
            content_path,
            bytes: bytes.into(),
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Read::Source(SourceFile::new(shown, content_path, text)),
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(err.as_bytes());
            Read::Problem(Diagnostic::at(
                &shown,
                &lossy,
                valid,
                "file is not valid UTF-8: save it with UTF-8 encoding",
            ))
        }
    }
}

/// Bring `content`, read from `site` by [`content`], up to date with the files at `changed`
/// (paths a watcher reported as made, changed or removed), reading only those, and say
/// what changed. Returns `None`, with `content` as it was, when only a new walk can tell:
/// a folder (made, or gone with files that were read), a symlink, a file that is not
/// markdown (unless it came and went, as editors' temporary files do), a path outside
/// `content/` and `themes/` (which are read again on every build), or a file with a
/// problem.
pub fn update(site: &SiteRoot, content: &mut Content, changed: &[PathBuf]) -> Option<Update> {
    let dir = site.given.join("content");
    let themes = site.given.join("themes");
    // Each change: the place its file has (or would have) in the sorted sources, and the
    // file now (`None` when it is gone).
    let mut edits: Vec<(PathBuf, Option<SourceFile>)> = Vec::new();
    let mut theme = false;
    // Each path once, however many events named it: a file replaced twice would otherwise
    // be reported as replaced by its own new text.
    let changed: std::collections::BTreeSet<&PathBuf> = changed.iter().collect();
    for path in changed {
        let Ok(inside) = path.strip_prefix(&dir) else {
            if path.starts_with(&themes) {
                theme = true;
                continue;
            }
            return None;
        };
        if inside.as_os_str().is_empty() {
            return None;
        }
        // The walk skips hidden names, and everything behind them.
        if inside.iter().any(is_hidden) {
            continue;
        }
        let markdown = inside.extension() == Some(OsStr::new("md"));
        let shown = relative(&site.given, path);
        match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.is_file() && markdown => {
                if site.confine(path).is_err() {
                    return None;
                }
                let Ok(Ok(text)) = std::fs::read(path).map(String::from_utf8) else {
                    return None;
                };
                let content_path = inside.to_string_lossy().replace('\\', "/");
                edits.push((
                    shown.clone(),
                    Some(SourceFile::new(shown, content_path, text)),
                ));
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                // Gone: a folder moved away takes what was read under it, and a file that
                // is not markdown was an asset; either needs the walk. Anything else gone
                // is a page removed, or an editor's temporary file that came and went.
                let source = |s: &SourceFile| s.path.starts_with(&shown) && s.path != shown;
                let asset = |a: &Asset| Path::new(&a.content_path).starts_with(inside);
                if content.sources.iter().any(source) || content.assets.iter().any(asset) {
                    return None;
                }
                if markdown {
                    edits.push((shown, None));
                }
            }
            _ => return None,
        }
    }
    // Paths compare by component, as the walk orders them (depth first, names sorted).
    let mut update = Update {
        theme,
        ..Update::default()
    };
    for (shown, file) in edits {
        let found = content.sources.binary_search_by(|s| s.path.cmp(&shown));
        match (found, file) {
            (Ok(at), Some(file)) => {
                let old = std::mem::replace(&mut content.sources[at], file);
                update.replaced.push((at, old));
            }
            (Err(at), Some(file)) => {
                content.sources.insert(at, file);
                update.moved = true;
            }
            (Ok(at), None) => {
                content.sources.remove(at);
                update.moved = true;
            }
            (Err(_), None) => {}
        }
    }
    Some(update)
}

/// What [`update`] changed.
#[derive(Debug, Default)]
pub struct Update {
    /// Files edited in place: their index among the sources, and the file as it was.
    pub replaced: Vec<(usize, SourceFile)>,
    /// Whether files were added or removed, which moves the others' indexes.
    pub moved: bool,
    /// Whether a path under `themes/` changed.
    pub theme: bool,
}

/// The site folder a command works on, or why the command cannot run (exit 2, before
/// anything is read or written).
///
/// `--root` (`given`) is taken as it is. Without it, the site is the nearest folder from the
/// current one up that holds `content/_index.md`, as `cargo` finds `Cargo.toml`, so a
/// command typed in `content/guide/` works on the whole site; it comes back relative
/// (`.`, `../..`) so that messages show paths as the user would type them. A folder that
/// does not exist, cannot be read or has no `content/` is refused with what to do.
pub fn find_site(given: Option<&Path>) -> anyhow::Result<PathBuf> {
    let root = match given {
        Some(root) => root.to_path_buf(),
        None => nearest_site()?,
    };
    let shown = root.display();
    match std::fs::metadata(&root) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => anyhow::bail!(
            "the site folder `{shown}` does not exist (start a site there with `afterword init {shown}`)"
        ),
        Err(err) => anyhow::bail!("cannot read the site folder `{shown}`: {err}"),
        Ok(meta) if !meta.is_dir() => {
            anyhow::bail!("the site folder `{shown}` is a file, not a folder")
        }
        Ok(_) => {}
    }
    std::fs::read_dir(&root)
        .map_err(|err| anyhow::anyhow!("cannot read the site folder `{shown}`: {err}"))?;
    let content = root.join("content");
    if !content.is_dir() {
        anyhow::bail!(
            "`{shown}` is not a site folder: it has no `content` folder (start a site with `afterword init`)"
        );
    }
    std::fs::read_dir(&content).map_err(|err| {
        anyhow::anyhow!(
            "cannot read the content folder `{}`: {err}",
            content.display()
        )
    })?;
    Ok(root)
}

/// The nearest folder from the current one up that holds `content/_index.md`, or the
/// current folder when it has a `content` folder without one (`check` then says the home
/// page is missing).
fn nearest_site() -> anyhow::Result<PathBuf> {
    let here = std::env::current_dir()
        .map_err(|err| anyhow::anyhow!("cannot read the current folder: {err}"))?;
    for (up, dir) in here.ancestors().enumerate() {
        if dir.join("content").join("_index.md").is_file() {
            return Ok(match up {
                0 => PathBuf::from("."),
                _ => std::iter::repeat_n("..", up).collect(),
            });
        }
    }
    if here.join("content").is_dir() {
        return Ok(PathBuf::from("."));
    }
    anyhow::bail!(
        "no site here: neither `{}` nor a folder above it holds `content/_index.md` (start a site with `afterword init`, or give its folder with `--root`)",
        here.display()
    )
}

/// `path` relative to `base` when it is inside it, for messages and URLs.
pub fn relative(base: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(base)
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}

/// Whether a walk reads files and folders whose name starts with `.`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    /// Content: `.git`, `.DS_Store` and editor files are never published.
    Skip,
    /// Theme folders, which may ship files such as `.well-known/security.txt` on purpose.
    Read,
}

/// The site folder, as given (for the paths shown in messages) and canonicalised once (for
/// deciding whether a symlink leaves it).
#[derive(Debug, Clone)]
pub struct SiteRoot {
    given: PathBuf,
    real: PathBuf,
}

impl SiteRoot {
    /// The site at `root`; when the folder does not exist, the problem is that there is no
    /// `content` folder to read.
    pub fn new(root: &Path) -> Result<SiteRoot, Diagnostic> {
        Ok(SiteRoot {
            given: root.to_path_buf(),
            real: root.canonicalize().map_err(|_| no_content(root))?,
        })
    }

    /// The site folder as given, which the paths in messages are relative to.
    pub fn path(&self) -> &Path {
        &self.given
    }

    /// Check every symlink on the way from the root to `path` (the root as given, joined
    /// with a relative path): the first one that is broken or leads out of the site is the
    /// problem. A path that does not exist is not a problem here; the caller says what was
    /// expected there.
    pub fn confine(&self, path: &Path) -> Result<(), Diagnostic> {
        let Ok(inside) = path.strip_prefix(&self.given) else {
            return Err(Diagnostic::file(
                path,
                "cannot read: outside the site folder",
            ));
        };
        let mut at = self.given.clone();
        for component in inside.components() {
            if !matches!(component, Component::Normal(_)) {
                return Err(Diagnostic::file(
                    relative(&self.given, path),
                    "cannot read: the path leaves the site folder",
                ));
            }
            at.push(component);
            match std::fs::symlink_metadata(&at) {
                Ok(meta) if meta.file_type().is_symlink() => self.check_link(&at)?,
                Ok(_) => {}
                Err(_) => return Ok(()),
            }
        }
        Ok(())
    }

    /// Read every regular file under `dir` (a folder under the root), depth first in file
    /// name order, with its bytes; nothing when `dir` is not a folder. Problems are pushed to
    /// `problems` and the walk goes on.
    pub fn read_tree(
        &self,
        dir: &Path,
        hidden: Hidden,
        problems: &mut Vec<Diagnostic>,
    ) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files = Vec::new();
        if let Err(problem) = self.confine(dir) {
            problems.push(problem);
            return files;
        }
        if !dir.is_dir() {
            return files;
        }
        let skipped =
            |path: &Path| hidden == Hidden::Skip && path.file_name().is_some_and(is_hidden);
        // The filter sees each entry before it is yielded or its folder is walked, so what it
        // refuses is gone with everything behind it.
        let mut refused = Vec::new();
        let walk = WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                if skipped(entry.path()) {
                    return false;
                }
                if !entry.path_is_symlink() {
                    return true;
                }
                match self.check_link(entry.path()) {
                    Ok(()) => true,
                    Err(problem) => {
                        refused.push(problem);
                        false
                    }
                }
            });
        // Walk first, then read the files on every core: the walk is sequential, the reads
        // need not be.
        let mut paths = Vec::new();
        for entry in walk {
            match entry {
                // Sockets, pipes and devices are skipped: reading a pipe would wait forever.
                Ok(entry) if entry.file_type().is_file() => paths.push(entry.into_path()),
                Ok(_) => {}
                // `walkdir` follows a link before the filter sees it, so a hidden broken link
                // (an editor's `.#notes.md`) arrives here, and is skipped like any hidden name.
                Err(err) if skipped(err.path().unwrap_or(dir)) => {}
                Err(err) => problems.push(self.walk_problem(&err, dir)),
            }
        }
        problems.extend(refused);
        let read: Vec<Result<(PathBuf, Vec<u8>), Diagnostic>> = paths
            .into_par_iter()
            .map(|path| match std::fs::read(&path) {
                Ok(bytes) => Ok((path, bytes)),
                Err(err) => Err(Diagnostic::file(
                    relative(&self.given, &path),
                    format!("cannot read: {err}"),
                )),
            })
            .collect();
        for result in read {
            match result {
                Ok(file) => files.push(file),
                Err(problem) => problems.push(problem),
            }
        }
        files
    }

    /// Judge the symlink at `link`, whose folders on the way are already known to be inside.
    fn check_link(&self, link: &Path) -> Result<(), Diagnostic> {
        let shown = relative(&self.given, link);
        let target = std::fs::read_link(link)
            .map(|t| t.display().to_string().escape_debug().to_string())
            .unwrap_or_default();
        let real = match link.canonicalize() {
            Ok(real) => real,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                let message = format!(
                    "cannot read: the symlink points to `{target}`, which does not exist (remove the link or restore its target)"
                );
                return Err(Diagnostic::file(shown, message));
            }
            Err(err) => return Err(Diagnostic::file(shown, format!("cannot read: {err}"))),
        };
        let Ok(inside) = real.strip_prefix(&self.real) else {
            let message = format!(
                "symlink leaves the site: `{target}` is outside the site folder and is not read (copy what you need into the site, or remove the link)"
            );
            return Err(Diagnostic::file(shown, message));
        };
        if let Some(name) = inside.iter().find(|name| is_hidden(name)) {
            let message = format!(
                "symlink points into `{}`, a hidden path that is never published: it is not read (copy what you need into the site, or remove the link)",
                name.to_string_lossy()
            );
            return Err(Diagnostic::file(shown, message));
        }
        Ok(())
    }

    /// What stopped the walk at one entry of `dir`. A symlink is judged first: a broken link,
    /// or one that leads out of the site to a folder that cannot be opened, is reported as
    /// such rather than by what failed behind it.
    fn walk_problem(&self, err: &walkdir::Error, dir: &Path) -> Diagnostic {
        let path = err.path().unwrap_or(dir);
        if path.is_symlink()
            && let Err(problem) = self.check_link(path)
        {
            return problem;
        }
        let shown = relative(&self.given, path);
        if err.loop_ancestor().is_some() {
            let message = "symlink loop: this link points to a folder that contains it";
            return Diagnostic::file(shown, message);
        }
        let cause = err
            .io_error()
            .map_or_else(|| err.to_string(), ToString::to_string);
        Diagnostic::file(shown, format!("cannot read: {cause}"))
    }
}

fn no_content(root: &Path) -> Diagnostic {
    Diagnostic::file(
        "content",
        format!("no `content` folder in `{}`", root.display()),
    )
}

/// A file named like markdown with another spelling of the extension (`.MD`, `.markdown`):
/// it would otherwise be published as it is, front matter, drafts and all. Renaming is the
/// fix rather than reading it as a page because links (`@/guide/notes.md`) and URLs need one
/// spelling of the name, and on a case-insensitive disk `notes.MD` and `notes.md` would be
/// the same file.
fn misspelt_markdown(shown: &Path) -> Option<Diagnostic> {
    let extension = shown.extension()?.to_str()?;
    let markdown = ["md", "markdown", "mdown", "mkd", "mkdn", "mdwn"];
    if extension == "md" || !markdown.iter().any(|m| extension.eq_ignore_ascii_case(m)) {
        return None;
    }
    let name = shown.file_name()?.to_string_lossy();
    let renamed = shown.with_extension("md");
    let renamed = renamed.file_name()?.to_string_lossy();
    Some(Diagnostic::file(
        shown,
        format!(
            "`{name}` is neither built nor published: markdown files must end in `.md`, so rename it to `{renamed}`"
        ),
    ))
}

fn is_hidden(name: &OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') && n.len() > 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `update` makes of edits: read alone, or a walk needed.
    #[test]
    fn update_reads_only_what_changed_and_walks_when_it_cannot_tell() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |p: &str, text: &str| {
            let path = root.join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("content/_index.md", "---\ntitle: Home\n---\n");
        write("content/a/x.md", "---\ntitle: X\n---\n");
        write("content/a/pic.svg", "<svg/>");
        let site = SiteRoot::new(root).unwrap();
        let (mut content, problems) = super::content(&site);
        assert!(problems.is_empty());
        let at = |p: &str| vec![root.join(p)];

        // An edit in place, and an editor's temporary files that came and went.
        write("content/a/x.md", "---\ntitle: X2\n---\n");
        let mut paths = at("content/a/x.md");
        paths.extend(at("content/a/x.md"));
        paths.extend(at("content/a/4913"));
        paths.extend(at("content/a/x.md.tmp"));
        let read = update(&site, &mut content, &paths).expect("read alone");
        assert_eq!(read.replaced.len(), 1, "each file once");
        assert!(
            read.replaced[0].1.text.contains("title: X\n"),
            "the text before the edit"
        );
        assert!(!read.moved && !read.theme);
        assert!(content.sources[1].text.contains("X2"));

        // A new page, then the page removed.
        write("content/a/y.md", "---\ntitle: Y\n---\n");
        assert!(
            update(&site, &mut content, &at("content/a/y.md"))
                .expect("read")
                .moved
        );
        assert_eq!(content.sources.len(), 3);
        std::fs::remove_file(root.join("content/a/y.md")).unwrap();
        assert!(
            update(&site, &mut content, &at("content/a/y.md"))
                .expect("read")
                .moved
        );
        assert_eq!(content.sources.len(), 2);

        // A theme file is read on every build anyway.
        assert!(
            update(&site, &mut content, &at("themes/t/static/x.css"))
                .expect("read")
                .theme
        );

        // What needs a walk: an asset, a folder, a folder gone with what was read in it, a
        // path outside the sources, a file that is not UTF-8.
        write("content/a/new.svg", "<svg/>");
        assert!(update(&site, &mut content, &at("content/a/new.svg")).is_none());
        assert!(update(&site, &mut content, &at("content/a")).is_none());
        std::fs::rename(root.join("content/a"), root.join("moved")).unwrap();
        assert!(update(&site, &mut content, &at("content/a")).is_none());
        assert!(update(&site, &mut content, &at("elsewhere.md")).is_none());
        std::fs::write(root.join("content/bad.md"), b"\xff").unwrap();
        assert!(update(&site, &mut content, &at("content/bad.md")).is_none());
        // Nothing was changed by the refusals.
        assert_eq!(content.sources.len(), 2);
    }

    #[test]
    fn other_spellings_of_the_markdown_extension_are_reported() {
        let message = |name: &str| misspelt_markdown(Path::new(name)).map(|d| d.to_string());
        assert_eq!(
            message("content/guide/Notes.MD").as_deref(),
            Some(
                "content/guide/Notes.MD: error: `Notes.MD` is neither built nor published: markdown files must end in `.md`, so rename it to `Notes.md`"
            )
        );
        assert!(message("content/a.Md").is_some());
        assert!(message("content/a.markdown").is_some());
        assert!(message("content/a.MarkDown").is_some());
        assert!(message("content/a.md").is_none());
        assert!(message("content/a.mdx").is_none());
        assert!(message("content/a.svg").is_none());
        assert!(message("content/README").is_none());
    }
}
