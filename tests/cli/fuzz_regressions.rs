//! What the fuzzers found, kept fixed (see "Fuzzing" in README.md).
//!
//! `fuzz/src/lib.rs` holds the body and invariants of every fuzz target; it
//! is included here so `cargo test` runs each crash input the fuzzers found
//! (`fuzz/regressions/<target>/`) and the seed corpus taken from the
//! repository's real files (`fuzz/corpus/<target>/seed-*`) through exactly the
//! checks `bash fuzz/run.sh` applies. The named tests below say, through
//! the public API, what each crash was about.

#[path = "../../fuzz/src/lib.rs"]
mod fuzz;

use mentorsite::{
    load_schema, read_export, to_normalised_csv, validate_submission, Answer, FormSchema,
};
use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// Every file of `dir` whose name starts with `prefix`, through `target`.
fn replay(target: &str, check: fuzz::Target, dir: &Path, prefix: &str) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(prefix))
        })
        .collect();
    files.sort();
    for file in &files {
        let data = std::fs::read(file).expect("read fuzz input");
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(
            outcome.is_ok(),
            "fuzz target `{target}` fails on {}",
            file.display()
        );
    }
    files.len()
}

#[test]
fn every_crash_the_fuzzers_found_stays_fixed() {
    let mut replayed = 0;
    for (target, check) in fuzz::TARGETS {
        replayed += replay(
            target,
            check,
            &fuzz_dir().join("regressions").join(target),
            "",
        );
    }
    assert!(replayed > 0, "no inputs in fuzz/regressions/");
}

#[test]
fn the_seed_corpus_passes_every_fuzz_check() {
    for (target, check) in fuzz::TARGETS {
        let seeds = replay(
            target,
            check,
            &fuzz_dir().join("corpus").join(target),
            "seed-",
        );
        assert!(seeds > 0, "no seeds in fuzz/corpus/{target}/");
    }
}

fn fixture_schema() -> FormSchema {
    load_schema(
        Path::new("tests/fixtures/exports/schema.toml"),
        include_str!("../fixtures/exports/schema.toml"),
    )
    .expect("fixture schema loads")
}

fn other_text(answer: &Answer) -> Option<&str> {
    match answer {
        Answer::Multi { other, .. } => other.as_ref().map(|t| t.expose()),
        _ => None,
    }
}

/// Found by the `intake` target: a multi answer's Other text kept a
/// separator when the cell ended in separators with spaces between them
/// (`Z, ,` stored `Z,`), and the stored row then read back as `Z`, so the
/// row `serve` appended was not what `build` read.
#[test]
fn multi_other_text_drops_every_trailing_separator() {
    let schema = fixture_schema();
    let topics = schema
        .questions
        .iter()
        .position(|q| q.id == "topics")
        .expect("topics question");
    let csv = "email,satisfaction,topics,recommend\r\n\
               ana@example.org,5,\"Confidence, Public speaking, ,\",9\r\n";
    let export = read_export(Path::new("feedback.csv"), csv.as_bytes(), &schema);
    let [response] = export.responses.as_slice() else {
        panic!("one response expected: {:?}", export.diagnostics);
    };
    assert_eq!(
        other_text(&response.answers[topics]),
        Some("Public speaking")
    );

    // The normalised file `import` writes reads back the same.
    let normalised = to_normalised_csv(&schema, &export.responses);
    let again = read_export(Path::new("feedback.csv"), &normalised, &schema);
    assert_eq!(again.responses.len(), 1);
    assert_eq!(again.responses[0].answers, response.answers);
}

#[test]
fn a_submitted_multi_other_answer_is_stored_as_it_reads_back() {
    let schema = fixture_schema();
    let fields = |topics: &str| {
        vec![
            ("satisfaction".to_string(), "5".to_string()),
            ("recommend".to_string(), "9".to_string()),
            ("topics".to_string(), topics.to_string()),
        ]
    };
    let cells = validate_submission(&schema, &fields("Z, ,")).expect("valid submission");
    let topics = schema
        .questions
        .iter()
        .position(|q| q.id == "topics")
        .expect("topics question");
    assert_eq!(cells[topics], "Z");
    // Submitting the stored cell again stores the very same row.
    let again = validate_submission(&schema, &fields(&cells[topics])).expect("still valid");
    assert_eq!(again, cells);
}

/// Found by the `pairs` target: in a file whose lines end in a lone `\r`
/// (Excel for Mac's "CSV (Macintosh)"), every pair and every problem was
/// placed on line 1, the header's line, with the whole file as its excerpt.
#[test]
fn pairs_with_lone_cr_line_breaks_are_on_their_own_lines() {
    use mentorsite::load_pairs;
    use std::collections::BTreeMap;

    let mentors: BTreeMap<String, u32> = [("ada-lovelace".to_string(), 2)].into();
    let csv = "mentor,mentee,status\rada-lovelace,Zoe,active\rada-lovelase,Sam,active\r";
    let (pairs, diagnostics) = load_pairs(
        Path::new("data/pairs.csv"),
        csv.as_bytes(),
        &mentors,
        &["leadership"],
    );
    let lines: Vec<usize> = pairs.iter().map(|p| p.line).collect();
    assert_eq!(lines, [2]);
    let [d] = diagnostics.as_slice() else {
        panic!("one problem expected: {diagnostics:?}");
    };
    assert_eq!((d.line, d.column), (Some(3), Some(1)), "{d:?}");
    assert_eq!(d.excerpt.as_deref(), Some("ada-lovelase,Sam,active"));
}
