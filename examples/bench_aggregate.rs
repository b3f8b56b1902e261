//! Benchmark: reading and aggregating survey submissions.
//!
//! Generates N submissions of the example program's feedback form in the
//! normalised CSV format (deterministic), then times `read_export` (decode,
//! header matching, validation, de-duplication) and `aggregate_form`
//! separately, and prints rows per second and the file size.
//!
//! `cargo run --release --example bench_aggregate -- [ROWS]` (default 1,000,000)

use mentorsite::{aggregate_form, load_schema, read_export, Thresholds};
use std::path::Path;
use std::time::Instant;

// The same allocator as the mentorsite binary, so the figures match a build.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// splitmix64: a tiny deterministic generator, good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn main() {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema_path = root.join("data/forms/feedback.toml");
    let schema = load_schema(
        &schema_path,
        &std::fs::read_to_string(&schema_path).unwrap(),
    )
    .unwrap();

    let likert = [
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
    ];
    let frequency = ["Weekly", "Every two weeks", "Monthly", "Less than monthly"];
    let topics = [
        "Career planning",
        "Technical skills",
        "Leadership",
        "Confidence",
        "Work-life balance",
        "Networking",
    ];
    let comments = [
        "Clear goals from the very first session.",
        "Shadowing a planning meeting was eye-opening.",
        "Honest feedback on my CV, with examples.",
        "",
        "",
    ];
    let grade = ["Poor", "Fair", "Good", "Excellent"];
    let mut rng = Rng(42);
    let started = Instant::now();
    let mut csv = String::with_capacity(rows * 170);
    csv.push_str("email,name,satisfaction,mentor_helps,safe_to_raise,frequency,topics,mentor_rating,recommend,hours,rematch,went_well,private_note\n");
    for i in 0..rows {
        let chosen: Vec<&str> = topics
            .iter()
            .filter(|_| rng.below(3) == 0)
            .copied()
            .collect();
        csv.push_str(&format!(
            "person{i}@example.org,Person {i},{},{},{},{},{},\"Availability: {}\nCommunication: {}\nSubject knowledge: {}\",{},{},{},{},\n",
            1 + rng.below(5),
            likert[rng.below(5) as usize],
            likert[rng.below(5) as usize],
            frequency[rng.below(4) as usize],
            chosen.join(";"),
            grade[rng.below(4) as usize],
            grade[rng.below(4) as usize],
            grade[rng.below(4) as usize],
            rng.below(11),
            rng.below(20),
            if rng.below(4) == 0 {
                (1 + rng.below(5)).to_string()
            } else {
                String::new()
            },
            comments[rng.below(5) as usize],
        ));
    }
    let bytes = csv.into_bytes();
    println!(
        "generated {rows} submissions: {:.1} MB of CSV in {:.2} s",
        bytes.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );

    let path = Path::new("feedback.csv");
    let started = Instant::now();
    let export = read_export(path, &bytes, &schema);
    let read = started.elapsed().as_secs_f64();
    assert!(
        export.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        export.diagnostics.first()
    );
    let started = Instant::now();
    let results = aggregate_form(
        &schema,
        &export.responses,
        &Thresholds::default(),
        Some(rows as u64),
        "bench",
    );
    let aggregate = started.elapsed().as_secs_f64();
    println!(
        "read_export:    {read:.2} s ({:.0} rows/s), {} responses",
        rows as f64 / read,
        export.responses.len()
    );
    println!(
        "aggregate_form: {aggregate:.2} s ({:.0} rows/s)",
        rows as f64 / aggregate
    );
    println!(
        "total:          {:.2} s ({:.0} rows/s); satisfaction mean {:?}",
        read + aggregate,
        rows as f64 / (read + aggregate),
        results
            .questions
            .iter()
            .find(|q| q.id == "satisfaction")
            .and_then(|q| q.mean)
    );
}
