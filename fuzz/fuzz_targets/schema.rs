//! Form schemas: `load_schema` on arbitrary text.
//!
//! The body and its invariants are `mentorsite_fuzz::schema` (fuzz/src/lib.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mentorsite_fuzz::schema(data));
