//! Integration tests: fixture sites built into temp dirs by the real binary,
//! with assertions on the HTML, JSON and files that come out.

mod agreements;
mod bad_input;
mod catalogue;
mod directory;
mod fuzz_regressions;
mod handbook;
mod harness;
mod matching;
mod output;
mod privacy;
mod results;
mod safety;
mod search;
mod serve;
