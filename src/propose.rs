//! `mentorsite match`: proposes mentor–mentee pairs for the coordinator.
//!
//! Loads the site (profiles, open spots from `data/pairs.csv`, `[matching]`
//! from site.toml), reads the applications, runs the optimal assignment in
//! `matching`, and writes `data/proposed-pairs.csv` plus an HTML report in
//! the site folder: both hold personal data and never go into `public/`.

use crate::applications::{load_applicants, mentor_candidates};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::forms::load_schema;
use crate::fsutil::{self, read_bytes, read_text};
use crate::matching::{
    self, assign, parse_excluded_pairs, proposals_csv, report_html, report_text,
};
use crate::site::{self, LoadOptions};
use std::path::{Path, PathBuf};

/// Where proposals are written, relative to the site root.
pub(crate) const PROPOSALS_CSV: &str = "data/proposed-pairs.csv";
/// The coordinator's report, relative to the site root.
pub(crate) const REPORT_HTML: &str = "matching-report.html";

#[derive(Debug, Clone)]
pub struct MatchOptions {
    pub root: PathBuf,
    /// Defaults to the last `data/applications/*.csv` in name order.
    pub applications: Option<PathBuf>,
}

#[derive(Debug)]
pub struct Proposed {
    pub applications: PathBuf,
    pub applicants: usize,
    pub pairs: usize,
    pub unmatched: usize,
    pub total_score: i64,
    /// The terminal table.
    pub report: String,
    pub csv: PathBuf,
    pub html: PathBuf,
    pub warnings: Vec<Diagnostic>,
}

fn latest_applications(root: &Path) -> Result<PathBuf, Diagnostic> {
    let dir = root.join("data/applications");
    let mut files = crate::applications::export_files(root);
    files.pop().ok_or_else(|| {
        Diagnostic::error(&dir, "no applications to match")
            .with_hint("export the application form as data/applications/<cohort>.csv, or pass --applications FILE")
    })
}

pub fn propose(options: &MatchOptions) -> Result<Proposed, Vec<Diagnostic>> {
    let root = &options.root;
    let (site, mut warnings) = site::load(root, &LoadOptions::default());
    let Some(site) = site else {
        return Err(warnings);
    };
    let config_path = root.join("site.toml");
    let config = &site.config.matching;
    let excluded = match &config.excluded_pairs_file {
        Some(file) => {
            let path = root.join(file);
            let bytes = read_bytes(&path).map_err(|d| vec![d])?;
            let (pairs, problems) = parse_excluded_pairs(&path, &bytes);
            if problems.has_errors() {
                return Err(problems);
            }
            warnings.extend(problems);
            pairs
        }
        None => Vec::new(),
    };
    let schema_path = root.join("data/forms/application.toml");
    if !schema_path.is_file() {
        return Err(vec![Diagnostic::error(&schema_path, "no application form")
            .with_hint("describe the application form in data/forms/application.toml (`mentorsite init` writes an example)")]);
    }
    let schema = load_schema(&schema_path, &read_text(&schema_path).map_err(|d| vec![d])?)?;
    let applications = match &options.applications {
        Some(p) => p.clone(),
        None => latest_applications(root).map_err(|d| vec![d])?,
    };
    let bytes = read_bytes(&applications).map_err(|d| vec![d])?;
    let (applicants, problems) = load_applicants(&site, &schema, &applications, &bytes);
    if problems.has_errors() {
        return Err(problems);
    }
    warnings.extend(problems);
    let mentors = mentor_candidates(&site);
    let excluded_path = config
        .excluded_pairs_file
        .as_deref()
        .map_or(config_path.clone(), |f| root.join(f));
    warnings.extend(
        matching::unknown_exclusions(&excluded, &applicants, &mentors)
            .into_iter()
            .map(|message| Diagnostic::warning(&excluded_path, message)),
    );
    let assignment = assign(&applicants, &mentors, config, &excluded);
    let csv_path = root.join(PROPOSALS_CSV);
    let html_path = root.join(REPORT_HTML);
    let write = |path: &Path, bytes: &[u8]| {
        fsutil::write_atomic(path, bytes)
            .map_err(|e| vec![Diagnostic::error(path, format!("{e:#}"))])
    };
    write(
        &csv_path,
        proposals_csv(&assignment, &applicants, &mentors, None).as_bytes(),
    )?;
    write(
        &html_path,
        report_html(&assignment, &applicants, &mentors).as_bytes(),
    )?;
    Ok(Proposed {
        applicants: applicants.len(),
        pairs: assignment.pairs.len(),
        unmatched: assignment.unmatched.len(),
        total_score: assignment.total_score(),
        report: report_text(&assignment, &applicants, &mentors),
        applications,
        csv: csv_path,
        html: html_path,
        warnings,
    })
}
