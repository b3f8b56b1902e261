//! Form submissions: `validate_submission` on arbitrary fields.
//!
//! The body and its invariants are `mentorsite_fuzz::intake` (fuzz/src/lib.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mentorsite_fuzz::intake(data));
