//! A content file (front matter and body) as the home page, a section index and a guide page
//! of a small site: `frontmatter::split`, `frontmatter::parse` and `site::assemble`. The
//! properties live in `src/lib.rs`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| afterword_fuzz::content_file(data));
