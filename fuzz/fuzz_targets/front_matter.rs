//! Front matter: `split` then `parse` as both front matter types.
//!
//! The body and its invariants are `mentorsite_fuzz::front_matter` (fuzz/src/lib.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mentorsite_fuzz::front_matter(data));
