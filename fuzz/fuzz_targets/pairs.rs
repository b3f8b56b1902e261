//! `data/pairs.csv`: `load_pairs` on arbitrary bytes.
//!
//! The body and its invariants are `mentorsite_fuzz::pairs` (fuzz/src/lib.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mentorsite_fuzz::pairs(data));
