//! Build script: lists every file of the bundled guide (`content/`) for `afterword init
//! --from-guide`, so the binary carries the guide as it is in the repository and the list
//! never has to be kept by hand. Writes `$OUT_DIR/bundled_guide.rs`, a slice of
//! `(path, include_bytes!(…))` sorted by path; hidden files are left out, as the content
//! walk leaves them out.

use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let content = root.join("content");
    println!("cargo:rerun-if-changed=content");
    let mut files = Vec::new();
    walk(&content, &mut files);
    files.sort();
    let mut out = String::from("&[\n");
    for file in files {
        let relative = file
            .strip_prefix(&root)
            .expect("inside the repository")
            .to_str()
            .expect("content paths are UTF-8")
            .replace('\\', "/");
        let absolute = file.to_str().expect("paths are UTF-8");
        out.push_str(&format!(
            "    ({relative:?}, include_bytes!({absolute:?}).as_slice()),\n"
        ));
    }
    out.push_str("]\n");
    let target = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    std::fs::write(target.join("bundled_guide.rs"), out).expect("write the guide's file list");
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let entry = entry.expect("a folder entry");
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            walk(&path, files);
        } else {
            files.push(path);
        }
    }
}
