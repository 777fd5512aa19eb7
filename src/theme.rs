//! Theme loading: the default theme is compiled into the binary, and a site overrides it
//! file by file from `themes/<name>/templates/` and `themes/<name>/static/`.
//!
//! A site can therefore change one template or the stylesheet without copying the rest, and
//! a site with no `themes/` folder at all still builds. This module reads theme files; it
//! does not parse templates (that is `templates.rs`). Every read goes through the
//! [`SiteRoot`] that `load` made for the run, so a theme name or a symlink never loads files
//! from outside the site.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diagnostics::Diagnostic;
use crate::discover::{Hidden, SiteRoot, relative};

/// A theme file's text or bytes, and the path it was read from (for error messages).
#[derive(Debug, Clone)]
pub struct ThemeFile<T> {
    pub source: PathBuf,
    pub contents: T,
}

/// Every template by name (`page.html`) and every static file by output path (`style.css`).
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: BTreeMap<String, ThemeFile<String>>,
    pub statics: BTreeMap<String, ThemeFile<Vec<u8>>>,
}

macro_rules! embedded {
    ($($dir:literal / $name:literal),* $(,)?) => {
        &[$(($dir, $name, include_bytes!(concat!("../themes/default/", $dir, "/", $name)))),*]
    };
}

/// The default theme, as shipped in `themes/default`.
const DEFAULT: &[(&str, &str, &[u8])] = embedded![
    "templates" / "base.html",
    "templates" / "steps.html",
    "templates" / "home.html",
    "templates" / "section.html",
    "templates" / "guide.html",
    "templates" / "checklist.html",
    "templates" / "template.html",
    "templates" / "template-field.html",
    "templates" / "booklet.html",
    "templates" / "share.html",
    "templates" / "alias.html",
    "templates" / "404.html",
    "templates" / "sitemap.xml",
    "templates" / "robots.txt",
    "templates" / "manifest.webmanifest",
    "templates" / "sw.js",
    "static" / "style.css",
    "static" / "home.css",
    "static" / "template.css",
    "static" / "checklist.css",
    "static" / "afterword.js",
    "static" / "store.js",
    "static" / "apps.js",
    "static" / "rules.js",
    "static" / "timing.js",
    "static" / "now.js",
    "static" / "calendar.js",
    "static" / "qr.js",
    "static" / "checklist.js",
    "static" / "template.js",
    "static" / "planner.js",
    "static" / "share.js",
    "static" / "logo.svg",
    "static" / "favicon.ico",
    "static" / "apple-touch-icon.png",
    "static" / "icon-512.png",
];

/// Load theme `name` for the site: the built-in default, overridden by the site's own
/// files.
pub fn load(site: &SiteRoot, name: &str) -> (Theme, Vec<Diagnostic>) {
    let mut theme = Theme::default();
    let mut problems = Vec::new();
    for (dir, file, bytes) in DEFAULT {
        let source = PathBuf::from(format!("themes/default/{dir}/{file}"));
        if *dir == "templates" {
            let contents = String::from_utf8_lossy(bytes).into_owned();
            theme
                .templates
                .insert((*file).into(), ThemeFile { source, contents });
        } else {
            theme.statics.insert(
                (*file).into(),
                ThemeFile {
                    source,
                    contents: bytes.to_vec(),
                },
            );
        }
    }
    if !is_name(name) {
        // The front matter reports this at the value; never join such a name to a path.
        return (theme, problems);
    }
    let folder = site.path().join("themes").join(name);
    if let Err(problem) = site.confine(&folder) {
        problems.push(problem);
        return (theme, problems);
    }
    if !folder.is_dir() {
        if name != "default" {
            problems.push(Diagnostic::file(
                "content/_index.md",
                format!("theme `{name}` not found: expected a folder `themes/{name}`"),
            ));
        }
        return (theme, problems);
    }
    for (sub, is_template) in [("templates", true), ("static", false)] {
        let dir = folder.join(sub);
        for (path, bytes) in site.read_tree(&dir, Hidden::Read, &mut problems) {
            let name = relative(&dir, &path).to_string_lossy().replace('\\', "/");
            let source = relative(site.path(), &path);
            if is_template {
                match String::from_utf8(bytes) {
                    Ok(contents) => {
                        theme.templates.insert(name, ThemeFile { source, contents });
                    }
                    Err(_) => {
                        problems.push(Diagnostic::file(source, "template is not valid UTF-8"))
                    }
                }
            } else {
                theme.statics.insert(
                    name,
                    ThemeFile {
                        source,
                        contents: bytes,
                    },
                );
            }
        }
    }
    (theme, problems)
}

/// Whether `name` can name a theme: a plain folder name under `themes/` (letters, digits,
/// `-`, `_`), so a theme is never loaded from a path such as `/etc` or `../../x`.
pub fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_names_are_plain_folder_names() {
        for good in ["default", "my-theme", "theme_2"] {
            assert!(is_name(good), "{good}");
        }
        for bad in [
            "", "/abs/dir", "../../x", "a/b", ".", "..", ".hidden", "my theme", "a\\b",
        ] {
            assert!(!is_name(bad), "{bad}");
        }
    }
}
