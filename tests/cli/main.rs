//! Integration tests: fixture sites built into temp dirs by the real binary,
//! with assertions on the HTML, JSON and files that come out.

mod agreements;
mod bad_input;
mod catalogue;
mod directory;
mod fuzz_regressions;
mod groups;
mod handbook;
mod harness;
mod host;
mod impact;
mod matching;
mod matrix;
mod output;
mod photos;
mod privacy;
mod reading_results;
mod results;
mod safety;
mod search;
mod serve;
mod starting;
