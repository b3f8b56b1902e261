//! The survey data of a site: every form schema in `data/forms/`, every
//! round in `data/rounds/`, and the published aggregates of each form in
//! each round.
//!
//! Responses are read, aggregated and dropped here, in one parallel pass
//! per (round, form) file: what the rest of the site keeps is only
//! `FormResults`, which holds nothing private. A build fails rather than
//! publish numbers from a file with invalid rows (unless the form sets
//! `skip_invalid_rows`, in which case the page says how many were skipped).

use super::aggregate::{aggregate_form, FormResults, Thresholds};
use super::breakdown::{self, trends::GroupTrends, Breakdown, ProgramData};
use super::import::{read_export, ImportReport};
use super::round::{load_round, sort_rounds, Round};
use super::schema::{load_schema, FormSchema};
use super::trends::{trends, FormTrends, RoundSummary};
use crate::config::Config;
use crate::diagnostic::{nearest, Diagnostic};
use crate::fsutil::{read_bytes, read_text};
use rayon::prelude::*;
use std::path::Path;

/// One form's results in one round.
#[derive(Debug, Clone)]
pub struct RoundForm {
    /// Index into `Surveys::forms`.
    pub form: usize,
    pub results: FormResults,
    pub report: ImportReport,
    /// Results by group, one per breakdown the form declares.
    pub breakdowns: Vec<Breakdown>,
}

/// A round and the results of each form it ran.
#[derive(Debug, Clone)]
pub struct RoundResults {
    pub round: Round,
    pub forms: Vec<RoundForm>,
}

#[derive(Debug, Clone, Default)]
pub struct Surveys {
    pub forms: Vec<FormSchema>,
    /// Oldest first (by `opens`, then id).
    pub rounds: Vec<RoundResults>,
}

impl Surveys {
    pub fn form(&self, id: &str) -> Option<&FormSchema> {
        self.forms.iter().find(|f| f.id == id)
    }

    /// Total responses published across all rounds.
    pub fn responses(&self) -> usize {
        self.rounds
            .iter()
            .flat_map(|r| &r.forms)
            .map(|f| f.report.imported)
            .sum()
    }

    /// Each form's trend across the rounds that ran it.
    pub fn trends(&self, form: usize) -> FormTrends {
        let rounds: Vec<(RoundSummary, &FormResults)> = self
            .rounds
            .iter()
            .filter_map(|r| {
                let rf = r.forms.iter().find(|f| f.form == form)?;
                Some((RoundSummary::from(&r.round), &rf.results))
            })
            .collect();
        trends(&self.forms[form], &rounds)
    }

    /// One breakdown of a form across the rounds that ran it.
    pub fn group_trends(&self, form: usize, breakdown: &str) -> Option<GroupTrends> {
        let rounds: Vec<(RoundSummary, &Breakdown)> = self
            .rounds
            .iter()
            .filter_map(|r| {
                let rf = r.forms.iter().find(|f| f.form == form)?;
                let b = rf.breakdowns.iter().find(|b| b.id == breakdown)?;
                Some((RoundSummary::from(&r.round), b))
            })
            .collect();
        breakdown::trends::group_trends(&rounds)
    }
}

fn thresholds(config: &Config) -> Thresholds {
    Thresholds {
        min_group_size: config.privacy.min_group_size,
        min_comment_group_size: config.privacy.min_comment_group_size,
    }
}

/// Sorted subfolders or files of `dir` that are not hidden or editor litter.
fn entries(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = read
        .flatten()
        .filter(|e| !crate::content::is_ignored_name(&e.file_name().to_string_lossy()))
        .map(|e| e.path())
        .collect();
    paths.sort();
    paths
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// Loads forms and rounds below `root`. `list_ignored_columns` reports each
/// file's unmatched columns, and the groups each breakdown will hide, as
/// warnings (for `check`). `program` is what breakdowns by the program's
/// data join responses to.
pub fn load(
    root: &Path,
    config: &Config,
    list_ignored_columns: bool,
    program: &ProgramData,
) -> (Surveys, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut surveys = Surveys::default();

    for path in entries(&root.join("data/forms")) {
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        match read_text(&path)
            .map_err(|d| vec![d])
            .and_then(|s| load_schema(&path, &s))
        {
            Ok(schema) => surveys.forms.push(schema),
            Err(problems) => diagnostics.extend(problems),
        }
    }

    // Every round's metadata, then every (round, form) file in parallel.
    let mut rounds = Vec::new();
    let mut files = Vec::new();
    for dir in entries(&root.join("data/rounds"))
        .into_iter()
        .filter(|p| p.is_dir())
    {
        let id = dir
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let meta = dir.join("round.toml");
        let round = if meta.is_file() {
            match read_text(&meta)
                .map_err(|d| vec![d])
                .and_then(|s| load_round(&meta, &id, &s))
            {
                Ok(r) => r,
                Err(problems) => {
                    diagnostics.extend(problems);
                    continue;
                }
            }
        } else {
            diagnostics.push(
                Diagnostic::warning(
                    &meta,
                    "no round.toml: the round is titled after its folder and dated by the period its name gives, if any",
                )
                .with_hint("add title, opens, closes and invited = { form = N }"),
            );
            Round {
                title: super::round_name::title_from_folder(&id),
                id: id.clone(),
                opens: None,
                closes: None,
                invited: Default::default(),
            }
        };
        for path in entries(&dir) {
            if path.file_name().is_some_and(|n| n == "round.toml") {
                continue;
            }
            if path
                .extension()
                .is_none_or(|e| !e.eq_ignore_ascii_case("csv"))
            {
                diagnostics.push(
                    Diagnostic::warning(
                        &path,
                        "ignored: a round folder holds round.toml and one <form>.csv per form",
                    )
                    .with_hint("export the responses as CSV"),
                );
                continue;
            }
            let form_id = stem(&path);
            match surveys.forms.iter().position(|f| f.id == form_id) {
                Some(form) => files.push((rounds.len(), form, path)),
                None => {
                    let mut d = Diagnostic::error(
                        &path,
                        format!("no form schema `{form_id}`: expected data/forms/{form_id}.toml"),
                    );
                    if let Some(near) =
                        nearest(&form_id, surveys.forms.iter().map(|f| f.id.as_str()))
                    {
                        d = d.with_hint(format!("did you mean {near}.csv?"));
                    }
                    diagnostics.push(d);
                }
            }
        }
        rounds.push(RoundResults {
            round,
            forms: Vec::new(),
        });
    }

    let limits = thresholds(config);
    let results: Vec<(usize, RoundForm, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|(r, form, path)| {
            let schema = &surveys.forms[*form];
            let round = &rounds[*r].round;
            let bytes = match read_bytes(path) {
                Ok(b) => b,
                Err(d) => return (*r, empty(*form, schema), vec![d]),
            };
            let export = read_export(path, &bytes, schema);
            let mut problems = export.diagnostics;
            if list_ignored_columns && !export.report.unmatched_columns.is_empty() {
                problems.push(Diagnostic::warning(
                    path,
                    format!(
                        "columns ignored (they match no question and are never published): {}",
                        export.report.unmatched_columns.join(", ")
                    ),
                ));
            }
            if list_ignored_columns && !export.report.matrix_columns.is_empty() {
                problems.push(Diagnostic::warning(
                    path,
                    format!(
                        "columns read as matrix rows: {}",
                        super::matrix::describe_columns(&export.report.matrix_columns)
                    ),
                ));
            }
            let invited = round.invited.get(&schema.id).copied();
            let seed = format!("{}/{}", round.id, schema.id);
            let mut results = aggregate_form(schema, &export.responses, &limits, invited, &seed);
            let breakdowns: Vec<Breakdown> =
                breakdown::groupings(schema, &export.responses, program)
                    .iter()
                    .map(|g| breakdown::break_down(schema, g, &export.responses, &results, &limits))
                    .collect();
            for b in &breakdowns {
                if let Some(protected) = &b.group_question {
                    if let Some(q) = results.questions.iter_mut().find(|q| q.id == protected.id) {
                        *q = protected.clone();
                    }
                }
                if list_ignored_columns {
                    if let Some(message) = breakdown::check_message(b, &round.id) {
                        problems.push(Diagnostic::warning(path, message).with_hint(
                            "nothing to fix: these groups are left out of the results by group to keep them anonymous",
                        ));
                    }
                }
            }
            (
                *r,
                RoundForm {
                    form: *form,
                    results,
                    report: export.report,
                    breakdowns,
                },
                problems,
            )
        })
        .collect();
    for (r, round_form, problems) in results {
        diagnostics.extend(problems);
        rounds[r].forms.push(round_form);
    }
    for r in &mut rounds {
        r.forms.sort_by_key(|f| f.form);
    }
    // Sort rounds by their metadata, carrying the results along.
    let mut metas: Vec<Round> = rounds.iter().map(|r| r.round.clone()).collect();
    sort_rounds(&mut metas);
    for meta in metas {
        if let Some(i) = rounds.iter().position(|r| r.round.id == meta.id) {
            surveys.rounds.push(rounds.swap_remove(i));
        }
    }
    // A round that has just opened has nothing to publish yet.
    surveys.rounds.retain(|r| !r.forms.is_empty());
    (surveys, diagnostics)
}

fn empty(form: usize, schema: &FormSchema) -> RoundForm {
    RoundForm {
        form,
        results: aggregate_form(schema, &[], &Thresholds::default(), None, ""),
        report: ImportReport::default(),
        breakdowns: Vec::new(),
    }
}
