//! A page body: `markdown::render` with a small URL map and reserved ids, `render_inline`
//! and `slugify`. The properties live in `src/lib.rs`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| afterword_fuzz::markdown(data));
