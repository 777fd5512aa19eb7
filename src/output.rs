//! The only writer of the built site, and the judge of which folder it may write.
//!
//! Afterword replaces its output folder whole, so it must never take a folder that is not
//! its own: [`OutputDir::claim`] refuses the site root, anything inside `content/` or
//! `themes/`, a file, a symbolic link, and any non-empty folder that lacks the [`MARKER`]
//! file every build leaves in its output. Leftover staging folders are removed only when
//! they carry the marker too. Nothing Afterword did not write is ever deleted.
//!
//! A build writes every file into a [`Staging`] folder beside the output as soon as it is
//! rendered, and swaps it in only when the whole build succeeded, so a failed build never
//! touches the previous site and the site is never held in memory whole. On Linux the swap
//! is one `renameat2(RENAME_EXCHANGE)`, so a reader of the output always sees a whole old or
//! a whole new site; elsewhere it falls back to two renames.
//!
//! [`claims`] checks, once every file is rendered and before the swap, that no two sources
//! claim the same output path and that no file sits where another needs a folder; `check`
//! runs it too, so a site that passes `check` builds.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use crate::diagnostics::Diagnostic;

/// The file every output folder holds, naming its writer. Its presence is what lets a later
/// build replace the folder; its text tells a person who finds it what the folder is.
pub const MARKER: &str = ".afterword-output";

const MARKER_TEXT: &str = "This folder is written by `afterword build`, which replaces it whole on every build.\nFiles added here by hand will be lost.\n";

/// A file of the built site: its path relative to the output folder (`guide/x/index.html`,
/// always `/`-separated and inside the folder), its bytes, and who claims it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    /// Shared, never copied: `serve` keeps a page's bytes from one rebuild to the next.
    pub bytes: bytes::Bytes,
    pub claim: Claim,
}

/// Whether two files' bytes are equal: at once when they are the same bytes, shared.
pub fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b
}

/// The source that makes an output file, for the report when two sources want one path.
/// Claims of a lower [`Rank`] win; the later claim is the one reported.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Claim {
    pub rank: Rank,
    /// The file that asks for the path, as the user sees it (`content/guide/x.md`).
    pub source: PathBuf,
    /// Where in `source` the path is asked for (an alias's value), or `None` for the whole file.
    pub offset: Option<usize>,
}

/// Who claims an output path, in order of precedence: the theme's fixed files first (a site
/// cannot silently replace the theme's scripts or its 404 page), then pages, then redirects
/// for old URLs, then files copied from `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rank {
    Theme,
    Page,
    Alias,
    Asset,
}

impl Claim {
    pub fn new(rank: Rank, source: impl Into<PathBuf>, offset: Option<usize>) -> Claim {
        Claim {
            rank,
            source: source.into(),
            offset,
        }
    }
}

/// Every path claimed twice, and every file that sits where another claim needs a folder
/// (`style.css` beside `style.css/index.html`), as diagnostics at the later claim. `texts`
/// holds the source texts, so a claim with an offset points at its line.
pub fn claims(
    files: &[(String, Claim)],
    texts: &dyn Fn(&Path) -> Option<String>,
) -> Vec<Diagnostic> {
    let mut order: Vec<(&str, &Claim)> = files.iter().map(|(p, c)| (p.as_str(), c)).collect();
    order.par_sort_by(|a, b| (a.1, a.0).cmp(&(b.1, b.0)));
    // Looked up, never walked: the order is `order`'s.
    let mut taken: HashMap<&str, &Claim> = HashMap::with_capacity(order.len());
    let mut folders: HashMap<&str, &Claim> = HashMap::new();
    let mut problems = Vec::new();
    for (path, claim) in order {
        let by = |first: &Claim| first.source.display().to_string();
        let clash = if path == MARKER {
            Some(format!(
                "`{MARKER}` is the mark Afterword leaves on its output"
            ))
        } else if let Some(first) = taken.get(path) {
            Some(format!("`{path}` is already written by `{}`", by(first)))
        } else if let Some(first) = folders.get(path) {
            Some(format!(
                "`{path}` would be a file where `{}` needs a folder",
                by(first)
            ))
        } else {
            parents(path).find_map(|folder| {
                taken.get(folder).map(|first| {
                    format!(
                        "`{path}` needs a folder `{folder}` where `{}` writes a file",
                        by(first)
                    )
                })
            })
        };
        if let Some(clash) = clash {
            let fix = match claim.rank {
                Rank::Alias => "choose another alias",
                Rank::Asset => "rename or move this file",
                Rank::Page => "rename the file or give it a `slug`",
                Rank::Theme => "rename this theme file",
            };
            let message = format!("output path clash: {clash}; {fix}");
            problems.push(match (claim.offset, texts(&claim.source)) {
                (Some(offset), Some(text)) => Diagnostic::at(&claim.source, &text, offset, message),
                _ => Diagnostic::file(&claim.source, message),
            });
            continue;
        }
        taken.insert(path, claim);
        for folder in parents(path) {
            folders.entry(folder).or_insert(claim);
        }
    }
    problems
}

/// A fingerprint of a set of claims, whatever their order: what [`claims`] judges (it sorts
/// them first). `serve` keeps the fingerprint of the last claims found without a clash and
/// skips the check when the next build claims the very same paths for the same sources.
pub fn claims_print(files: &[(String, Claim)]) -> u128 {
    files
        .par_iter()
        .map_init(Vec::new, |buffer, (path, claim)| {
            // Each value with its length, so no two claims give the same bytes.
            buffer.clear();
            let source = claim.source.as_os_str().as_encoded_bytes();
            for part in [path.as_bytes(), source] {
                buffer.extend_from_slice(&(part.len() as u64).to_le_bytes());
                buffer.extend_from_slice(part);
            }
            buffer.push(claim.rank as u8);
            match claim.offset {
                None => buffer.push(0),
                Some(offset) => {
                    buffer.push(1);
                    buffer.extend_from_slice(&(offset as u64).to_le_bytes());
                }
            }
            xxhash_rust::xxh3::xxh3_128(buffer)
        })
        // A sum, so the order of the claims does not count, and each claim counts as often
        // as it is made.
        .reduce(|| 0, u128::wrapping_add)
}

/// The folders above `path`: `a/b/c.html` gives `a/b`, then `a`.
fn parents(path: &str) -> impl Iterator<Item = &str> {
    path.rmatch_indices('/').map(|(i, _)| &path[..i])
}

/// An output folder Afterword may replace: checked by [`OutputDir::claim`].
#[derive(Debug, Clone)]
pub struct OutputDir {
    /// The folder, absolute.
    path: PathBuf,
    /// Where the new site is written before the swap, beside `path`.
    staging: PathBuf,
    /// Where the previous site goes when the swap needs two renames.
    old: PathBuf,
}

impl OutputDir {
    /// Check that `out` may be replaced by a build of the site at `root`, or say why not.
    pub fn claim(root: &Path, out: &Path) -> Result<OutputDir> {
        let root = root
            .canonicalize()
            .with_context(|| format!("cannot open the site folder `{}`", root.display()))?;
        let shown = out.display();
        if std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
            bail!(
                "refusing to replace `{shown}`: it is a symbolic link; give `--out` the real folder"
            );
        }
        let path = absolute(out)?;
        let name = path
            .file_name()
            .with_context(|| format!("`--out {shown}` has no folder name"))?
            .to_string_lossy()
            .into_owned();
        if root.starts_with(&path) {
            bail!(
                "refusing to write the site into `{shown}`: it is the site folder or holds it, and the build would replace it; choose a folder of its own such as `public`"
            );
        }
        for inside in ["content", "themes"] {
            if path.starts_with(root.join(inside)) {
                bail!(
                    "refusing to write the site into `{shown}`: it is inside the site's `{inside}` folder; choose a folder of its own such as `public`"
                );
            }
        }
        let parent = path.parent().unwrap_or(Path::new("/"));
        let dir = OutputDir {
            staging: parent.join(format!(".{name}.staging")),
            old: parent.join(format!(".{name}.old")),
            path,
        };
        refuse_unless_ours(&dir.path, &shown.to_string(), true)?;
        for leftover in [&dir.staging, &dir.old] {
            refuse_unless_ours(leftover, &leftover.display().to_string(), false)?;
        }
        Ok(dir)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Replace the folder `out` with exactly `files`, plus the [`MARKER`].
pub fn write(out: &OutputDir, files: &[OutputFile]) -> Result<()> {
    let staging = out.stage()?;
    files
        .par_iter()
        .for_each(|file| staging.write(&file.path, &file.bytes));
    staging.finish()
}

/// A build being written: the staging folder beside the output, which files go into as
/// they are rendered, from any thread. [`Staging::finish`] swaps it in place of the output;
/// dropped unfinished, as when the build fails, it is removed and the output is untouched.
#[derive(Debug)]
pub struct Staging<'a> {
    out: &'a OutputDir,
    /// The first write that failed; the writes after it are skipped.
    failed: Mutex<Option<anyhow::Error>>,
    finished: bool,
}

impl OutputDir {
    /// Start a build: clear leftovers of an interrupted one, and create the staging folder
    /// with its marker.
    pub fn stage(&self) -> Result<Staging<'_>> {
        let parent = self.path.parent().unwrap_or(Path::new("/"));
        std::fs::create_dir_all(parent)
            .with_context(|| format!("failed to create `{}`", parent.display()))?;
        for leftover in [&self.staging, &self.old] {
            remove_ours(leftover)?;
        }
        let staging = Staging {
            out: self,
            failed: Mutex::new(None),
            finished: false,
        };
        std::fs::create_dir_all(&self.staging)
            .with_context(|| format!("failed to create `{}`", self.staging.display()))?;
        // The marker goes in first, so an interrupted build leaves a folder the next one may
        // remove.
        let marker = self.staging.join(MARKER);
        std::fs::write(&marker, MARKER_TEXT)
            .with_context(|| format!("failed to write `{}`", marker.display()))?;
        Ok(staging)
    }
}

impl Staging<'_> {
    /// Write the file at `path` (relative to the output) with its folders. A failure is kept
    /// for [`Staging::finish`] to report; a build whose claims clash fails with those
    /// diagnostics instead, so a file written where a folder stands is never the message.
    pub fn write(&self, path: &str, bytes: &[u8]) {
        if self.failure().is_some() {
            return;
        }
        let written = inside(&self.out.staging, path).and_then(|file| {
            if let Some(folder) = file.parent() {
                std::fs::create_dir_all(folder)
                    .with_context(|| format!("failed to create `{}`", folder.display()))?;
            }
            std::fs::write(&file, bytes)
                .with_context(|| format!("failed to write `{}`", file.display()))
        });
        if let Err(err) = written {
            self.failure().get_or_insert(err);
        }
    }

    /// Swap the staging folder in place of the output, unless a write failed.
    pub fn finish(mut self) -> Result<()> {
        if let Some(err) = self.failure().take() {
            return Err(err);
        }
        swap(self.out)?;
        self.finished = true;
        remove_ours(&self.out.staging)?;
        remove_ours(&self.out.old)
    }

    fn failure(&self) -> std::sync::MutexGuard<'_, Option<anyhow::Error>> {
        self.failed.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for Staging<'_> {
    fn drop(&mut self) {
        if !self.finished {
            remove_ours(&self.out.staging).ok();
        }
    }
}

/// Put the staging folder in place of the output. When both exist, Linux exchanges them in
/// one step, and the previous site ends up in the staging folder.
fn swap(out: &OutputDir) -> Result<()> {
    let moved = |err| {
        Err(err)
            .with_context(|| format!("failed to move the new site into `{}`", out.path.display()))
    };
    if !out.path.exists() {
        return std::fs::rename(&out.staging, &out.path).or_else(moved);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, &out.staging, CWD, &out.path, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            // Filesystems without the exchange (some network and FUSE mounts) take the
            // two-rename path below.
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return moved(std::io::Error::from(e)),
        }
    }
    std::fs::rename(&out.path, &out.old)
        .with_context(|| format!("failed to move the previous `{}` aside", out.path.display()))?;
    if let Err(err) = std::fs::rename(&out.staging, &out.path) {
        std::fs::rename(&out.old, &out.path).ok();
        return moved(err);
    }
    Ok(())
}

/// Refuse `path` unless it is absent, an empty folder (when `empty_ok`), or a folder that
/// holds the marker. `shown` is how the user wrote it.
fn refuse_unless_ours(path: &Path, shown: &str, empty_ok: bool) -> Result<()> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e).with_context(|| format!("cannot inspect `{shown}`")),
    };
    if meta.file_type().is_symlink() {
        bail!("refusing to replace `{shown}`: it is a symbolic link; give `--out` the real folder");
    }
    if !meta.is_dir() {
        bail!("refusing to replace `{shown}`: it is a file, not a folder; choose another `--out`");
    }
    if is_ours(path) {
        return Ok(());
    }
    let mut entries = std::fs::read_dir(path).with_context(|| format!("cannot read `{shown}`"))?;
    if empty_ok && entries.next().is_none() {
        return Ok(());
    }
    bail!(
        "refusing to replace `{shown}`: it holds files that Afterword did not write (no `{MARKER}` file); choose a new or empty folder, or move those files away yourself"
    )
}

/// Whether `dir` is a folder written by Afterword.
fn is_ours(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// Remove `dir` if it exists and is Afterword's, or is empty; never anything else.
fn remove_ours(dir: &Path) -> Result<()> {
    if std::fs::symlink_metadata(dir).is_err() {
        return Ok(());
    }
    let result = if is_ours(dir) {
        std::fs::remove_dir_all(dir)
    } else {
        std::fs::remove_dir(dir)
    };
    result.with_context(|| format!("failed to remove `{}`", dir.display()))
}

/// `path` made absolute with its existing part resolved, without requiring it to exist.
fn absolute(path: &Path) -> Result<PathBuf> {
    let path = std::path::absolute(path)
        .with_context(|| format!("cannot resolve `{}`", path.display()))?;
    let mut rest = Vec::new();
    let mut existing = path.as_path();
    loop {
        if let Ok(real) = existing.canonicalize() {
            if rest.iter().any(|c| matches!(c, Component::ParentDir)) {
                bail!(
                    "cannot resolve `{}`: write it without `..` after a folder that does not exist",
                    path.display()
                );
            }
            return Ok(rest.iter().rev().fold(real, |p, c| p.join(c)));
        }
        let Some(parent) = existing.parent() else {
            return Ok(path);
        };
        rest.push(
            existing
                .components()
                .next_back()
                .unwrap_or(Component::CurDir),
        );
        existing = parent;
    }
}

/// `dir/relative`, refusing any path that would leave `dir`. The site model already rejects
/// such paths with a diagnostic; this is the last line of defence.
fn inside(dir: &Path, relative: &str) -> Result<PathBuf> {
    let rel = Path::new(relative);
    if relative.is_empty() || !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        bail!("refusing to write `{relative}`: it is not a plain path inside the output folder");
    }
    Ok(dir.join(rel))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_output_are_refused() {
        let dir = Path::new("/tmp/x");
        assert!(inside(dir, "a/index.html").is_ok());
        for bad in ["../a", "/etc/passwd", "a/../../b", ""] {
            assert!(inside(dir, bad).is_err(), "{bad}");
        }
    }

    fn file(path: &str, rank: Rank, source: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: bytes::Bytes::new(),
            claim: Claim::new(rank, source, None),
        }
    }

    #[test]
    fn the_claims_print_ignores_order_only() {
        let claim = |path: &str, source: &str, offset| {
            (path.to_owned(), Claim::new(Rank::Page, source, offset))
        };
        let a = claim("a/index.html", "content/a.md", None);
        let b = claim("b/index.html", "content/b.md", None);
        let print = claims_print(&[a.clone(), b.clone()]);
        assert_eq!(print, claims_print(&[b.clone(), a.clone()]));
        for other in [
            vec![a.clone()],
            vec![a.clone(), b.clone(), b.clone()],
            vec![a.clone(), claim("b/index.html", "content/c.md", None)],
            vec![a.clone(), claim("b/index.html", "content/b.md", Some(0))],
            vec![a.clone(), claim("c/index.html", "content/b.md", None)],
            vec![a, (b.0, Claim::new(Rank::Alias, "content/b.md", None))],
        ] {
            assert_ne!(print, claims_print(&other), "{other:?}");
        }
    }

    fn check(files: &[OutputFile]) -> Vec<String> {
        let claimed: Vec<(String, Claim)> = files
            .iter()
            .map(|f| (f.path.clone(), f.claim.clone()))
            .collect();
        claims(&claimed, &|_| None)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn the_later_claim_is_reported_whatever_the_order() {
        let theme = file("style.css", Rank::Theme, "themes/default/static/style.css");
        let asset = file("style.css", Rank::Asset, "content/style.css");
        let expected = [
            "content/style.css: error: output path clash: `style.css` is already written by `themes/default/static/style.css`; rename or move this file",
        ];
        assert_eq!(check(&[theme.clone(), asset.clone()]), expected);
        assert_eq!(check(&[asset, theme]), expected);
    }

    #[test]
    fn a_file_cannot_stand_where_a_folder_is_needed() {
        let page = file("guide/index.html", Rank::Page, "content/guide/_index.md");
        let asset = file("guide", Rank::Asset, "content/guide");
        assert_eq!(
            check(&[page, asset]),
            [
                "content/guide: error: output path clash: `guide` would be a file where `content/guide/_index.md` needs a folder; rename or move this file"
            ]
        );
        let theme = file("style.css", Rank::Theme, "themes/default/static/style.css");
        let alias = file("style.css/index.html", Rank::Alias, "content/a.md");
        assert_eq!(
            check(&[theme, alias]),
            [
                "content/a.md: error: output path clash: `style.css/index.html` needs a folder `style.css` where `themes/default/static/style.css` writes a file; choose another alias"
            ]
        );
    }

    #[test]
    fn parents_go_from_nearest_to_top() {
        assert_eq!(parents("a/b/c.html").collect::<Vec<_>>(), ["a/b", "a"]);
        assert_eq!(parents("c.html").count(), 0);
    }
}
