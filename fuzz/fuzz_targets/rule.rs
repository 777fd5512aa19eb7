//! A timing rule: `Rule::parse`, and `describe`, `compact` and `evaluate` on what parses.
//! The properties live in `src/lib.rs`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| afterword_fuzz::rule(data));
