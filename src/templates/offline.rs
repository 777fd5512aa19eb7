//! The service worker (`sw.js`), the last file of a build: rendered from the theme's `sw.js`
//! template with what it needs to keep the site offline, once every other file is known.
//!
//! It sees two values. `version` is a hash of every other output file, paths and bytes, so
//! a build that changes any file names a new cache (and the browser installs a new worker),
//! and a build that changes nothing keeps the same bytes. `precache` lists the URLs the
//! worker saves when it installs: the pages a candidate needs on a train (the home page,
//! checklists, templates, the booklet, then the rest, at most [`PRECACHE_PAGES`]) and every
//! theme file under the URL pages load it by (`style.css?v=…`). Pure: no files, no network.

use super::{
    PlannerData, SiteContext, assets::minify, engine, link, nav_permalinks, site_context,
    template_error, theme_claim,
};
use crate::diagnostics::Diagnostic;
use crate::frontmatter::Kind;
use crate::output::OutputFile;
use crate::site::Site;
use crate::theme::Theme;

/// The template, and the path it is written to.
const NAME: &str = "sw.js";

/// How many pages the worker saves when it installs. The bundled guide has 28; a large
/// site keeps its first pages by priority, and any other page once it has been read.
pub const PRECACHE_PAGES: usize = 100;

/// The service worker for a build whose other files are `files`.
pub fn service_worker(
    site: &Site,
    theme: &Theme,
    digests: &[(&str, u64)],
) -> Result<OutputFile, Diagnostic> {
    let source = theme_claim(theme, NAME);
    let Some(template) = theme.templates.get(NAME) else {
        return Err(Diagnostic::file(&source.source, "the theme has no `sw.js`"));
    };
    let mut tera = engine();
    tera.add_raw_template(NAME, &template.contents)
        .map_err(|e| template_error(theme, NAME, &e))?;
    let mut ctx = tera::Context::new();
    let nav = nav_permalinks(site);
    let nav = nav.iter().map(|(c, p)| link(&site.pages[*c], p)).collect();
    let context = site_context(site, theme, nav, &PlannerData::new(site));
    ctx.insert("version", &version(digests));
    ctx.insert("precache", &precache(site, &context));
    ctx.insert("site", &context);
    let script = tera
        .render(NAME, &ctx)
        .map_err(|e| template_error(theme, NAME, &e))?;
    let bytes = minify(NAME, script.as_bytes()).map_err(|m| Diagnostic::file(&source.source, m))?;
    Ok(OutputFile {
        path: NAME.into(),
        bytes: bytes.into(),
        claim: source,
    })
}

/// A hash of one file's bytes, taken as the file is handed on (files come in any order).
pub fn digest(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// A hash of every file, paths and the hashes of their bytes, in path order: 16 hex digits.
fn version(digests: &[(&str, u64)]) -> String {
    let mut sorted: Vec<&(&str, u64)> = digests.iter().collect();
    sorted.sort();
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for (path, digest) in sorted {
        // The path's length first, so that no two lists of files hash the same bytes.
        hasher.update(&(path.len() as u64).to_le_bytes());
        hasher.update(path.as_bytes());
        hasher.update(&digest.to_le_bytes());
    }
    format!("{:016x}", hasher.digest())
}

/// The URLs to save on install: pages by priority, then the manifest and every theme file.
fn precache(site: &Site, context: &SiteContext<'_>) -> Vec<String> {
    let priority = |kind: Kind| match kind {
        Kind::Home => 0,
        Kind::Checklist | Kind::Template => 1,
        Kind::Section | Kind::Guide => 2,
    };
    let mut pages: Vec<(usize, &str)> = site
        .pages
        .iter()
        .map(|p| (priority(p.kind), p.url.as_str()))
        .collect();
    if let Some(booklet) = &context.booklet_url {
        pages.push((1, booklet));
    }
    // Stable: pages of one priority stay in the site's reading order.
    pages.sort_by_key(|(rank, _)| *rank);
    let mut urls: Vec<String> = pages
        .into_iter()
        .take(PRECACHE_PAGES)
        .map(|(_, url)| url.to_owned())
        .collect();
    urls.push(format!("{}manifest.webmanifest", context.home_url));
    urls.extend(context.assets.values().cloned());
    urls
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file<'a>(path: &'a str, bytes: &str) -> (&'a str, u64) {
        (path, digest(bytes.as_bytes()))
    }

    #[test]
    fn the_version_follows_the_bytes_not_the_order() {
        let a = [file("index.html", "home"), file("x/index.html", "x")];
        let b = [file("x/index.html", "x"), file("index.html", "home")];
        assert_eq!(version(&a), version(&b));
        assert_eq!(version(&a).len(), 16);
        for changed in [
            [file("index.html", "home!"), file("x/index.html", "x")],
            [file("index.html", "home"), file("y/index.html", "x")],
            // The same bytes split differently between two files.
            [file("index.html", "homex"), file("x/index.html", "")],
        ] {
            assert_ne!(version(&a), version(&changed));
        }
    }
}
