//! Benchmark: what the search index costs the build, and what a preview's
//! rebuild of it costs after one edited page.
//!
//! Loads a site, renders it whole (every page and file, as `build` does),
//! then builds the search index alone, each `--runs` times, and prints the
//! medians and the index's share of the render. Then it edits a profile on
//! disk, loads the site again as the preview does, and times
//! `LiveIndex::update` for one edited bio, a mentor renamed to the end of
//! the order, and a new mentor in the middle, with the files each rewrites.
//! The site is left as it was found. The bytes a query fetches are
//! measured by `bench/search/query_cost.py` over the built output.
//!
//! `cargo run --release --example bench_search -- SITE_ROOT [RUNS]`

use mentorsite::{load, render, Contents, LiveIndex, LoadOptions, Templates, Urls};
use std::path::Path;
use std::time::{Duration, Instant};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = args.next().expect("usage: bench_search SITE_ROOT [RUNS]");
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(3);
    let t = Instant::now();
    let (site, diagnostics) = load(Path::new(&root), &LoadOptions::default());
    let Some(mut site) = site else {
        panic!("the site does not load: {} errors", diagnostics.len());
    };
    let load_time = t.elapsed();
    let (templates, _) = Templates::compile(&site.theme);
    let urls = Urls::new(&site);

    let mut render_times = Vec::new();
    let mut files = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let out = render(&site, &templates);
        render_times.push(t.elapsed());
        files = out.files.len();
    }
    let mut index_times = Vec::new();
    let mut index_files = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        index_files = mentorsite::search_files(&site, &urls);
        index_times.push(t.elapsed());
    }
    let bytes: usize = index_files
        .iter()
        .map(|f| match &f.contents {
            Contents::Bytes(b) => b.len(),
            Contents::Copy(_) => 0,
        })
        .sum();
    // Real edits: a file of the site is changed and the site loaded again,
    // as the preview does, so every fingerprint and facet is what a load
    // makes. The site is left as it was found.
    let (mut live, _) = LiveIndex::build(&site, &urls);
    let mut profiles: Vec<_> = std::fs::read_dir(Path::new(&root).join("content/mentors"))
        .expect("content/mentors")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    profiles.sort();
    let profile = profiles[profiles.len() / 2].clone();
    let original = std::fs::read_to_string(&profile).expect("a profile");
    let newcomer = profile.with_file_name("mm-benchmark-newcomer.md");
    let name_line = original
        .lines()
        .find(|l| l.starts_with("name = "))
        .expect("a name")
        .to_string();
    let mut edits: [(&str, Vec<Duration>, usize); 3] = [
        ("one bio edited", Vec::new(), 0),
        ("a mentor renamed", Vec::new(), 0),
        ("a new mentor", Vec::new(), 0),
    ];
    for run in 0..runs {
        for (kind, (_, times, changed)) in edits.iter_mut().enumerate() {
            match kind {
                0 => std::fs::write(&profile, format!("{original}\nquickstep{run}\n")),
                // To the end of the directory's order.
                1 => std::fs::write(
                    &profile,
                    original.replace(&name_line, &format!("name = \"Zz Renamed {run}\"")),
                ),
                _ => std::fs::write(
                        &newcomer,
                        format!("+++\nname = \"Mm Newcomer {run}\"\nheadline = \"New\"\nskills = [\"Python\"]\ncapacity = 1\n+++\nHello.\n"),
                ),
            }
            .expect("edit the site");
            let (edited, _) = load(Path::new(&root), &LoadOptions::default());
            site = edited.expect("the edited site loads");
            let t = Instant::now();
            let files = live.update(&site, &urls);
            times.push(t.elapsed());
            *changed = files.changed.len();
            // Back to the site as found, untimed, for the next edit.
            let _ = std::fs::remove_file(&newcomer);
            std::fs::write(&profile, &original).expect("restore the profile");
            let (restored, _) = load(Path::new(&root), &LoadOptions::default());
            site = restored.expect("the site loads");
            live.update(&site, &urls);
        }
    }
    std::fs::write(&profile, &original).expect("restore the profile");
    let render_time = median(render_times);
    let index_time = median(index_times);
    let pages = site.content.pages.len();
    println!("site: {root}");
    println!(
        "  {} mentors, {pages} handbook pages, {files} output files",
        site.mentors.len()
    );
    println!(
        "  load                 {:>8.0} ms",
        load_time.as_secs_f64() * 1e3
    );
    println!(
        "  render (all files)   {:>8.0} ms  (median of {runs}; includes the index)",
        render_time.as_secs_f64() * 1e3
    );
    println!(
        "  search index alone   {:>8.0} ms  = a preview's rebuild after one edit",
        index_time.as_secs_f64() * 1e3
    );
    println!(
        "  index share of load + render: {:.1} %",
        100.0 * index_time.as_secs_f64() / (load_time + render_time).as_secs_f64()
    );
    println!(
        "  index: {} files, {:.1} MB uncompressed",
        index_files.len(),
        bytes as f64 / 1e6
    );
    for (what, times, changed) in edits {
        println!(
            "  update after {what:<17}{:>6.1} ms  (median of {runs}; {changed} files rewritten)",
            median(times).as_secs_f64() * 1e3
        );
    }
}
