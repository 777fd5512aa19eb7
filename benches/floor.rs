//! The floor: the least any generator must do to turn the benchmark corpus into a site,
//! against which `benches/compare.sh` measures Afterword and Hugo.
//!
//! Usage: `floor <content dir> <out dir>`. It walks the content folder, reads each `.md`
//! file, splits off its front matter and takes its title, renders the body with
//! pulldown-cmark (the options Afterword uses), wraps it in a fixed HTML page and writes it
//! to `<out>/<path>/index.html`, on every core (rayon's default pool). No templates, no
//! checks, no links rewritten, nothing else: a generator at 1.0× this is doing no more work
//! than the floor.
//!
//! A bench target with `harness = false`, so it compiles only for `cargo bench`.

use std::path::{Path, PathBuf};

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [content, out] = args.as_slice() else {
        eprintln!("usage: floor <content dir> <out dir>");
        std::process::exit(2);
    };
    let content = Path::new(content);
    let out = Path::new(out);
    let files: Vec<PathBuf> = walkdir::WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let written: std::io::Result<()> = files
        .par_iter()
        .try_for_each(|file| page(content, out, file));
    if let Err(e) = written {
        eprintln!("floor: {e}");
        std::process::exit(1);
    }
    println!("floor: {} pages", files.len());
}

fn page(content: &Path, out: &Path, file: &Path) -> std::io::Result<()> {
    let text = std::fs::read_to_string(file)?;
    let (front, body) = split(&text);
    let title = front
        .lines()
        .find_map(|l| l.strip_prefix("title: "))
        .unwrap_or_default();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut page = String::with_capacity(body.len() * 2);
    page.push_str("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>");
    pulldown_cmark_escape::escape_html(&mut page, title).ok();
    page.push_str("</title></head>\n<body><main><article>");
    html::push_html(&mut page, Parser::new_ext(body, options));
    page.push_str("</article></main></body></html>\n");
    let relative = file
        .strip_prefix(content)
        .unwrap_or(file)
        .with_extension("");
    let dir = match relative.file_name() {
        Some(name) if name == "_index" => out.join(relative.parent().unwrap_or(Path::new(""))),
        _ => out.join(relative),
    };
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("index.html"), page)
}

/// Front matter and body of a file that starts with a `---` fence.
fn split(text: &str) -> (&str, &str) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return ("", text);
    };
    match rest.find("\n---\n") {
        Some(end) => (&rest[..end], &rest[end + 5..]),
        None => ("", text),
    }
}
