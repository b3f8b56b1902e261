//! Who is in which group: the groups a form declares (a `choice`
//! question's options, or the tracks of `site.toml` found through
//! `data/pairs.csv`), and the group of each response.
//!
//! A breakdown by the program's data joins each response to `pairs.csv` by
//! the respondent's email. The email is a private answer: it is read here,
//! held as [`PrivateText`], and dropped once the group is known; only group
//! labels leave this module.

use super::super::import::{Answer, Response};
use super::super::schema::{FormSchema, Question, QuestionKind};
use crate::diagnostic::Diagnostic;
use crate::private::PrivateText;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;
use toml::Spanned;

/// A column of the program's data a form can be broken down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProgramColumn {
    /// The `track` of the respondent's pair in `data/pairs.csv`, found by
    /// the pair's `mentee_email`.
    #[serde(rename = "pairs.track")]
    PairsTrack,
}

/// A `[[breakdowns]]` table of a form schema, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProgramBreakdown {
    id: Spanned<String>,
    label: Option<String>,
    from: ProgramColumn,
    join: Spanned<String>,
}

/// A breakdown by a column of the program's data, validated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgramBreakdown {
    pub id: String,
    pub label: String,
    pub from: ProgramColumn,
    /// Index of the private question whose answer finds the respondent.
    #[serde(skip)]
    pub join: usize,
}

/// Checks the `[[breakdowns]]` of a schema against its questions.
pub fn program_breakdowns(
    path: &Path,
    source: &str,
    raw: Vec<RawProgramBreakdown>,
    questions: &[Question],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<ProgramBreakdown> {
    let mut out: Vec<ProgramBreakdown> = Vec::new();
    for b in raw {
        let id_at = b.id.span().start;
        let id = b.id.into_inner();
        let here = |message: String, offset: usize| {
            Diagnostic::error(path, message).at_offset(source, offset)
        };
        if questions.iter().any(|q| q.id == id && q.breakdown) || out.iter().any(|o| o.id == id) {
            diagnostics.push(here(format!("breakdown `{id}` is declared twice"), id_at));
            continue;
        }
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            diagnostics.push(
                here(
                    format!("breakdown id `{id}` must be letters, digits, `_` or `-`"),
                    id_at,
                )
                .with_hint("the id becomes part of the page's URL"),
            );
            continue;
        }
        let join_at = b.join.span().start;
        let join = b.join.into_inner();
        match questions.iter().position(|q| q.id == join) {
            Some(i) if questions[i].kind == QuestionKind::Email => out.push(ProgramBreakdown {
                label: b.label.unwrap_or_else(|| id.clone()),
                id,
                from: b.from,
                join: i,
            }),
            Some(_) => diagnostics.push(
                here(format!("breakdown `{id}` joins by `{join}`, which is not an email question"), join_at)
                    .with_hint("pairs.csv is matched by the mentee's email: name the form's `kind = \"email\"` question"),
            ),
            None => diagnostics.push(here(
                format!("breakdown `{id}` joins by `{join}`, which is not a question of this form"),
                join_at,
            )),
        }
    }
    out
}

/// What the program knows about its people, for breakdowns by its data.
/// Never serialised: the keys are email addresses.
#[derive(Debug, Default)]
pub struct ProgramData {
    /// Track id and title, in the order of `site.toml`.
    pub tracks: Vec<(String, String)>,
    /// Normalised mentee email → track id.
    track_by_email: HashMap<PrivateText, String>,
}

fn email_key(email: &str) -> PrivateText {
    PrivateText::new(email.trim().to_lowercase())
}

impl ProgramData {
    /// From `site.toml`'s tracks and `data/pairs.csv`. A mentee in several
    /// pairs counts in the track of their current pair, else their last.
    pub fn new(tracks: Vec<(String, String)>, pairs: &[crate::pairs::Pair]) -> Self {
        let mut track_by_email: HashMap<PrivateText, (bool, String)> = HashMap::new();
        for p in pairs {
            let (Some(email), Some(track)) = (&p.mentee_email, &p.track) else {
                continue;
            };
            let current = p.status.is_current();
            let entry = track_by_email
                .entry(email_key(email.expose()))
                .or_insert((current, track.clone()));
            if current || !entry.0 {
                *entry = (current, track.clone());
            }
        }
        ProgramData {
            tracks,
            track_by_email: track_by_email
                .into_iter()
                .map(|(k, (_, t))| (k, t))
                .collect(),
        }
    }
}

/// The label of respondents who fall in no group.
pub(crate) const NOT_STATED: &str = "Not stated";

/// One way of splitting a form's responses: group labels, and the group of
/// each response (the last group is the respondents who gave none).
pub struct Grouping {
    pub id: String,
    /// A short name for titles: "by track".
    pub name: String,
    pub label: String,
    /// The question the groups come from, when they come from one.
    pub question: Option<usize>,
    pub groups: Vec<String>,
    pub of: Vec<usize>,
}

/// Every breakdown a schema declares, applied to `responses`.
pub fn groupings(
    schema: &FormSchema,
    responses: &[Response],
    program: &ProgramData,
) -> Vec<Grouping> {
    let mut out = Vec::new();
    for (qi, q) in schema.questions.iter().enumerate() {
        if !q.breakdown {
            continue;
        }
        let mut groups = q.options.clone();
        if q.other {
            groups.push("Other".into());
        }
        let none = groups.len();
        groups.push(NOT_STATED.into());
        let of = responses
            .iter()
            .map(|r| match r.answers.get(qi) {
                Some(Answer::Choice(i)) if *i < q.options.len() => *i,
                Some(Answer::Other(_)) if q.other => q.options.len(),
                _ => none,
            })
            .collect();
        out.push(Grouping {
            id: q.id.clone(),
            name: q.id.replace(['_', '-'], " "),
            label: q.label.clone(),
            question: Some(qi),
            groups,
            of,
        });
    }
    for b in &schema.breakdowns {
        let ProgramColumn::PairsTrack = b.from;
        let mut groups: Vec<String> = program.tracks.iter().map(|t| t.1.clone()).collect();
        let none = groups.len();
        groups.push(NOT_STATED.into());
        let of = responses
            .iter()
            .map(|r| {
                let track = match r.answers.get(b.join) {
                    Some(Answer::Private(email)) => {
                        program.track_by_email.get(&email_key(email.expose()))
                    }
                    _ => None,
                };
                track
                    .and_then(|t| program.tracks.iter().position(|(id, _)| id == t))
                    .unwrap_or(none)
            })
            .collect();
        out.push(Grouping {
            id: b.id.clone(),
            name: b.label.to_lowercase(),
            label: b.label.clone(),
            question: None,
            groups,
            of,
        });
    }
    out
}
