//! The only writer of the built site: every file is written to a staging folder beside the
//! output, and the staging folder replaces the output only when all writes succeeded.
//!
//! A failed build therefore never touches the previous site, and a reader of the output
//! folder never sees half of a build.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

/// A file of the built site: its path relative to the output folder (`guide/x/index.html`,
/// always `/`-separated and inside the folder) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Replace the folder `out` with exactly `files`.
pub fn write(out: &Path, files: &[OutputFile]) -> Result<()> {
    let name = out
        .file_name()
        .with_context(|| format!("output folder `{}` has no name", out.display()))?
        .to_string_lossy()
        .into_owned();
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .with_context(|| format!("failed to create `{}`", parent.display()))?;
    let staging = parent.join(format!(".{name}.staging"));
    let old = parent.join(format!(".{name}.old"));
    for leftover in [&staging, &old] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover)
                .with_context(|| format!("failed to remove `{}`", leftover.display()))?;
        }
    }
    let result = write_all(&staging, files);
    if let Err(err) = result {
        std::fs::remove_dir_all(&staging).ok();
        return Err(err);
    }
    if out.exists() {
        std::fs::rename(out, &old)
            .with_context(|| format!("failed to move the previous `{}` aside", out.display()))?;
    }
    if let Err(err) = std::fs::rename(&staging, out) {
        if old.exists() {
            std::fs::rename(&old, out).ok();
        }
        return Err(err)
            .with_context(|| format!("failed to move the new site into `{}`", out.display()));
    }
    if old.exists() {
        std::fs::remove_dir_all(&old)
            .with_context(|| format!("failed to remove `{}`", old.display()))?;
    }
    Ok(())
}

/// Create every folder first, then write the files in parallel: on a disk where each
/// create waits on the journal, the writes overlap instead of queueing one by one.
fn write_all(dir: &Path, files: &[OutputFile]) -> Result<()> {
    let paths: Vec<PathBuf> = files
        .iter()
        .map(|f| inside(dir, &f.path))
        .collect::<Result<_>>()?;
    let folders: BTreeSet<&Path> = paths.iter().filter_map(|p| p.parent()).collect();
    std::fs::create_dir_all(dir)
        .with_context(|| format!("failed to create `{}`", dir.display()))?;
    folders.par_iter().try_for_each(|folder| {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("failed to create `{}`", folder.display()))
    })?;
    paths.par_iter().zip(files).try_for_each(|(path, file)| {
        std::fs::write(path, &file.bytes)
            .with_context(|| format!("failed to write `{}`", path.display()))
    })
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
}
