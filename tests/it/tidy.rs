//! Tidy checks on the source tree itself: every Rust file says what it owns in a `//!`
//! comment, every theme script and stylesheet opens with a comment, and no file is a
//! grab-bag named `utils`, `helpers` or `common`.

use crate::support::{repo_root, walkdir};

#[test]
fn every_file_says_what_it_owns() {
    let root = repo_root();
    let mut missing = Vec::new();
    for dir in ["src", "tests/it", "themes/default/static", "benches"] {
        for file in walkdir(&root.join(dir)) {
            let name = file.strip_prefix(&root).unwrap().display().to_string();
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            let ok = match file.extension().and_then(|e| e.to_str()) {
                Some("rs") => text.starts_with("//!"),
                Some("js") => text.starts_with("//"),
                Some("css") => text.starts_with("/*"),
                // After the `#!` line, a comment.
                Some("sh") => text.lines().nth(1).is_some_and(|l| l.starts_with("# ")),
                _ => true,
            };
            if !ok {
                missing.push(name.clone());
            }
            let stem = file
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            assert!(
                !matches!(stem, "utils" | "helpers" | "common"),
                "{name}: name it after what it owns"
            );
        }
    }
    assert!(
        missing.is_empty(),
        "files without an opening comment: {missing:?}"
    );
}
