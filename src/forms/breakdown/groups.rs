//! Who is in which group: the groups a form declares (a `choice`
//! question's options, or the tracks of `site.toml` found through
//! `data/pairs.csv`), and the group of each response.
//!
//! A breakdown by the program's data joins each response to `pairs.csv` by
//! the respondent's email. The email is a private answer: it is read here,
//! held as [`PrivateText`], and dropped once the group is known; only group
//! labels leave this module.

use super::super::import::{Answer, Response};
use super::super::schema::{FormSchema, ProgramColumn};
use crate::private::PrivateText;
use std::collections::HashMap;

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
