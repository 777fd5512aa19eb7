//! `afterword new`: writes a stub content file with valid front matter for its kind, and
//! never overwrites an existing file.

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

/// `follow-up-email` → `Follow up email`.
fn title(stem: &str) -> String {
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_else(|| "Untitled".into())
}
