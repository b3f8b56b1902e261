//! CSV import: `read_export` against fixed schemas, then the normalised
//! round trip.
//!
//! The body and its invariants are `mentorsite_fuzz::csv_import` (fuzz/src/lib.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mentorsite_fuzz::csv_import(data));
