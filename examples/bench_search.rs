//! Benchmark: what the search index costs the build, and what a preview's
//! rebuild of it costs after one edited page.
//!
//! Loads a site, renders it whole (every page and file, as `build` does),
//! then builds the search index alone, each `--runs` times, and prints the
//! medians and the index's share of the render. The bytes a query fetches
//! are measured by `bench/search/query_cost.py` over the built output.
//!
//! `cargo run --release --example bench_search -- SITE_ROOT [RUNS]`

use mentorsite::{load, render, Contents, LoadOptions, Templates, Urls};
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
    let Some(site) = site else {
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
}
