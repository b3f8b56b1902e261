//! Check-ins: one row per meeting a pair logged, read from every round's
//! `<checkin form>.csv`.
//!
//! The check-in form is an ordinary form schema whose questions are known
//! by their ids: `pair` (kind `id`: the pair's private reference),
//! `met_on` (kind `date`: the day they met), `minutes` (kind `number`,
//! optional) and `goal_1`, `goal_2`, … (kind `choice`: progress on the
//! agreement's goals in order, with options among [`GoalProgress`]'s
//! labels). A row whose reference names no pair of `data/pairs.csv` is an
//! error: it would be silently lost otherwise. The rows' answers themselves
//! are checked by the survey import, which reports their problems once.

use super::reference::{normalise, pair_reference};
use crate::diagnostic::Diagnostic;
use crate::forms::{read_export, Answer, FormSchema, QuestionKind};
use crate::fsutil::read_bytes;
use crate::pairs::Pair;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::Path;

/// How far a goal has come, as a check-in reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GoalProgress {
    NotStarted,
    SomeProgress,
    OnTrack,
    Achieved,
}

impl GoalProgress {
    pub const ALL: [GoalProgress; 4] = [
        GoalProgress::NotStarted,
        GoalProgress::SomeProgress,
        GoalProgress::OnTrack,
        GoalProgress::Achieved,
    ];

    /// The option label a check-in form uses.
    pub fn label(self) -> &'static str {
        match self {
            GoalProgress::NotStarted => "Not started",
            GoalProgress::SomeProgress => "Some progress",
            GoalProgress::OnTrack => "On track",
            GoalProgress::Achieved => "Achieved",
        }
    }

    /// Reads an option label, ignoring case and surrounding spaces.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|p| p.label().eq_ignore_ascii_case(text.trim()))
    }

    /// Achieved or on track: what the goal-achievement figure counts.
    pub fn is_on_track(self) -> bool {
        matches!(self, GoalProgress::OnTrack | GoalProgress::Achieved)
    }
}

/// One logged meeting of one pair.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckIn {
    /// Index into `Site::pairs`.
    pub pair: usize,
    pub met_on: NaiveDate,
    pub minutes: Option<f64>,
    /// (goal index from 0, progress) for each goal the check-in reports.
    pub goals: Vec<(usize, GoalProgress)>,
}

/// Where each known question sits in the check-in form.
struct FormLayout {
    pair: usize,
    met_on: usize,
    minutes: Option<usize>,
    /// (question index, goal index from 0).
    goals: Vec<(usize, usize)>,
}

/// Checks that `schema` has the questions a check-in form needs.
fn layout(path: &Path, schema: &FormSchema) -> Result<FormLayout, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut find = |id: &str, kind: QuestionKind, required: bool| -> Option<usize> {
        match schema.questions.iter().position(|q| q.id == id) {
            Some(i) if schema.questions[i].kind == kind => Some(i),
            Some(_) => {
                problems.push(Diagnostic::error(
                    path,
                    format!("check-in question `{id}` must be of kind {kind:?}").to_lowercase(),
                ));
                None
            }
            None => {
                if required {
                    problems.push(
                        Diagnostic::error(
                            path,
                            format!("the check-in form has no `{id}` question"),
                        )
                        .with_hint(format!(
                            "add [[questions]] with id = \"{id}\" and kind = \"{}\"",
                            format!("{kind:?}").to_lowercase()
                        )),
                    );
                }
                None
            }
        }
    };
    let pair = find("pair", QuestionKind::Id, true);
    let met_on = find("met_on", QuestionKind::Date, true);
    let minutes = find("minutes", QuestionKind::Number, false);
    let mut goals = Vec::new();
    for (i, q) in schema.questions.iter().enumerate() {
        let Some(n) =
            q.id.strip_prefix("goal_")
                .and_then(|n| n.parse::<usize>().ok())
        else {
            continue;
        };
        if n == 0 || q.kind != QuestionKind::Choice {
            problems.push(Diagnostic::error(
                path,
                format!(
                    "check-in question `{}` must be a choice question numbered from goal_1",
                    q.id
                ),
            ));
            continue;
        }
        for option in &q.options {
            if GoalProgress::parse(option).is_none() {
                let labels: Vec<&str> = GoalProgress::ALL.iter().map(|p| p.label()).collect();
                problems.push(
                    Diagnostic::error(
                        path,
                        format!("option `{option}` of `{}` is not a goal progress", q.id),
                    )
                    .with_hint(format!("use these options: {}", labels.join(", "))),
                );
            }
        }
        goals.push((i, n - 1));
    }
    match (pair, met_on) {
        (Some(pair), Some(met_on)) if problems.is_empty() => Ok(FormLayout {
            pair,
            met_on,
            minutes,
            goals,
        }),
        _ => Err(problems),
    }
}

/// Reads the check-ins of every round below `root`.
///
/// Nothing when the site has no check-in form. Needs the site secret to
/// know the pairs' references; without one, check-ins are left out with a
/// warning, as agreement pages are.
pub fn load(
    root: &Path,
    form_id: &str,
    forms: &[FormSchema],
    pairs: &[Pair],
    secret: Option<&[u8]>,
) -> (Vec<CheckIn>, Vec<Diagnostic>) {
    let Some(schema) = forms.iter().find(|f| f.id == form_id) else {
        return (Vec::new(), Vec::new());
    };
    let schema_path = root.join("data/forms").join(format!("{form_id}.toml"));
    let layout = match layout(&schema_path, schema) {
        Ok(layout) => layout,
        Err(problems) => return (Vec::new(), problems),
    };
    let files = round_files(root, form_id);
    if files.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let Some(secret) = secret else {
        return (
            Vec::new(),
            vec![Diagnostic::warning(&files[0], "check-ins not counted: no secret to know their pairs by")
                .with_hint("set MENTORSITE_SECRET, or keep the .mentorsite-secret the agreement links were made with")],
        );
    };
    let references: HashMap<String, usize> = pairs
        .iter()
        .enumerate()
        .map(|(i, p)| (pair_reference(secret, p), i))
        .collect();
    let mut checkins = Vec::new();
    let mut problems = Vec::new();
    for path in files {
        let bytes = match read_bytes(&path) {
            Ok(bytes) => bytes,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        // The survey import reports the rows' own problems; only the
        // pairs are checked here.
        let export = read_export(&path, &bytes, schema);
        let mut unknown = Vec::new();
        for response in &export.responses {
            match read_row(&layout, schema, &response.answers, &references) {
                None => unknown.push(response.line),
                Some(Some(checkin)) => checkins.push(checkin),
                Some(None) => {}
            }
        }
        // One message for all of a file's rows: when the secret changed,
        // every row names no known pair.
        if let Some(&first) = unknown.first() {
            let message = if unknown.len() == 1 {
                "this check-in names no known pair (column `pair`)".to_string()
            } else {
                format!(
                    "check-ins name no known pair (column `pair`, {})",
                    crate::diagnostic::rows_at(&unknown)
                )
            };
            problems.push(
                Diagnostic::error(&path, message)
                    .at_line(first)
                    .with_hint("the reference is the one on the pair's agreement page, made with the site's secret: a pair removed from data/pairs.csv, or a new secret, leaves its check-ins without a pair"),
            );
        }
    }
    checkins.sort_by_key(|c| (c.pair, c.met_on));
    (checkins, problems)
}

/// One row as a check-in: `None` when it names no known pair,
/// `Some(None)` when it names one but says no date (nothing to count).
fn read_row(
    layout: &FormLayout,
    schema: &FormSchema,
    answers: &[Answer],
    references: &HashMap<String, usize>,
) -> Option<Option<CheckIn>> {
    let Some(Answer::Private(reference)) = answers.get(layout.pair) else {
        return None;
    };
    let pair = *references.get(&normalise(reference.expose()))?;
    let Some(Answer::Date(day)) = answers.get(layout.met_on) else {
        return Some(None);
    };
    let Ok(met_on) = NaiveDate::parse_from_str(day, "%Y-%m-%d") else {
        return Some(None);
    };
    let minutes = layout.minutes.and_then(|i| match answers.get(i) {
        Some(Answer::Number(n)) => Some(*n),
        _ => None,
    });
    let goals = layout
        .goals
        .iter()
        .filter_map(|&(qi, goal)| match answers.get(qi) {
            Some(Answer::Choice(option)) => schema.questions[qi]
                .options
                .get(*option)
                .and_then(|o| GoalProgress::parse(o))
                .map(|p| (goal, p)),
            _ => None,
        })
        .collect();
    Some(Some(CheckIn {
        pair,
        met_on,
        minutes,
        goals,
    }))
}

/// `data/rounds/*/<form>.csv`, sorted.
fn round_files(root: &Path, form_id: &str) -> Vec<std::path::PathBuf> {
    let Ok(dirs) = std::fs::read_dir(root.join("data/rounds")) else {
        return Vec::new();
    };
    let mut files: Vec<_> = dirs
        .flatten()
        .map(|d| d.path().join(format!("{form_id}.csv")))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// The pairs of `data/pairs.csv` below `root`, read only to know their
/// references: every profile counts as a mentor with room to spare, and
/// rows with problems are left out (`check` reports them).
pub fn pairs_for_references(root: &Path, tracks: &[&str]) -> Vec<Pair> {
    let path = root.join("data/pairs.csv");
    let Ok(bytes) = std::fs::read(&path) else {
        return Vec::new();
    };
    let mentors: std::collections::BTreeMap<String, u32> =
        std::fs::read_dir(root.join("content/mentors"))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                Some((
                    e.path().file_stem()?.to_string_lossy().into_owned(),
                    u32::MAX,
                ))
            })
            .collect();
    crate::pairs::load_pairs(&path, &bytes, &mentors, tracks).0
}

/// The intake's check before it stores a check-in: the `pair` cell of a
/// validated submission must name a pair of the site. `Err` holds the
/// message for the form, which never repeats the reference.
pub fn check_submission(
    root: &Path,
    tracks: &[&str],
    schema: &FormSchema,
    cells: &[String],
) -> Result<(), String> {
    let Some(i) = schema.questions.iter().position(|q| q.id == "pair") else {
        return Ok(());
    };
    let reference = cells.get(i).map(String::as_str).unwrap_or("");
    let secret = crate::pairs::load_secret(root)
        .ok()
        .flatten()
        .ok_or("check-ins are closed: the site has no secret to know its pairs by")?;
    let wanted = normalise(reference);
    let pairs = pairs_for_references(root, tracks);
    if pairs.iter().any(|p| pair_reference(&secret, p) == wanted) {
        Ok(())
    } else {
        Err(
            "this pair reference names no pair of the program: use the link on your agreement page"
                .into(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::load_schema;

    const FORM: &str = "[[questions]]\nid = 'pair'\nkind = 'id'\n\
        [[questions]]\nid = 'met_on'\nkind = 'date'\n\
        [[questions]]\nid = 'minutes'\nkind = 'number'\n\
        [[questions]]\nid = 'goal_2'\nkind = 'choice'\noptions = ['Not started', 'on track']\n";

    fn schema(source: &str) -> FormSchema {
        load_schema(Path::new("data/forms/checkin.toml"), source).expect("schema")
    }

    #[test]
    fn the_form_is_read_by_question_ids() {
        let layout = layout(Path::new("checkin.toml"), &schema(FORM)).expect("layout");
        assert_eq!(
            (layout.pair, layout.met_on, layout.minutes),
            (0, 1, Some(2))
        );
        assert_eq!(layout.goals, vec![(3, 1)]);
    }

    #[test]
    fn a_form_without_pair_or_with_unknown_progress_options_is_an_error() {
        let problems = layout(
            Path::new("checkin.toml"),
            &schema("[[questions]]\nid = 'met_on'\nkind = 'text'\n[[questions]]\nid = 'goal_1'\nkind = 'choice'\noptions = ['Great']\n"),
        )
        .err()
        .expect("problems");
        let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages.contains(&"the check-in form has no `pair` question"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"check-in question `met_on` must be of kind date"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"option `Great` of `goal_1` is not a goal progress"),
            "{messages:?}"
        );
    }

    #[test]
    fn a_row_is_read_against_the_known_references() {
        let schema = schema(FORM);
        let layout = layout(Path::new("checkin.toml"), &schema).expect("layout");
        let references = HashMap::from([("abcdefghijkl".to_string(), 4)]);
        let row = |reference: &str| {
            vec![
                Answer::Private(crate::private::PrivateText::new(reference)),
                Answer::Date("2026-05-04".into()),
                Answer::Number(45.0),
                Answer::Choice(1),
            ]
        };
        let read = read_row(&layout, &schema, &row(" ABCD-efgh-ijkl "), &references);
        assert_eq!(
            read,
            Some(Some(CheckIn {
                pair: 4,
                met_on: NaiveDate::from_ymd_opt(2026, 5, 4).expect("date"),
                minutes: Some(45.0),
                goals: vec![(1, GoalProgress::OnTrack)],
            }))
        );
        assert_eq!(
            read_row(&layout, &schema, &row("zzzzzzzzzzzz"), &references),
            None
        );
    }
}
