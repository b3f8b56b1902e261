//! Mentee applications for `mentorsite match`: a form's export read with
//! the survey import (so any tool's CSV works), turned into `Applicant`s,
//! and the published profiles turned into `MentorCandidate`s.
//!
//! Applications are personal data: they are read here and written only to
//! `data/proposed-pairs.csv` and the coordinator's report, never to the
//! published site.

use crate::diagnostic::Diagnostic;
use crate::forms::{read_export, Answer, FormSchema, QuestionKind};
use crate::matching::{Applicant, MentorCandidate};
use crate::site::Site;
use std::path::{Path, PathBuf};

/// The applications exports, `data/applications/*.csv`, in name order (the
/// last is the newest round's).
pub fn export_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("data/applications"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")))
        .collect();
    files.sort();
    files
}

/// The form mentees apply with (`data/forms/application.toml`).
pub const APPLICATION_FORM: &str = "application";
/// Its question naming the mentors an applicant would like, best first.
pub const RANKED_MENTORS: &str = "ranked_mentors";

/// Splits a list answer on `;` (or `,` when there is no `;`), trimmed.
fn list(text: &str) -> Vec<String> {
    let separator = if text.contains(';') { ';' } else { ',' };
    text.split(separator)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The text of an answer, whatever kind of question asked it.
fn answer_text(schema: &FormSchema, qi: usize, answer: &Answer) -> Option<String> {
    let q = &schema.questions[qi];
    let text = match answer {
        Answer::Text(t) | Answer::Private(t) | Answer::Other(t) => t.expose().to_string(),
        Answer::Choice(i) => q.options.get(*i)?.clone(),
        Answer::Multi { options, other } => {
            let mut items: Vec<String> = options
                .iter()
                .filter_map(|&i| q.options.get(i).cloned())
                .collect();
            items.extend(other.as_ref().map(|t| t.expose().to_string()));
            items.join(";")
        }
        Answer::Date(d) => d.clone(),
        Answer::Number(n) => n.to_string(),
        Answer::Matrix(rows) => crate::forms::matrix::normalised_cell(q, rows),
        Answer::Missing => return None,
    };
    Some(text).filter(|t| !t.trim().is_empty())
}

/// Reads an applications export against the application form; `track`
/// answers may give a track's id or its title.
pub fn load_applicants(
    site: &Site,
    schema: &FormSchema,
    path: &Path,
    bytes: &[u8],
) -> (Vec<Applicant>, Vec<Diagnostic>) {
    let export = read_export(path, bytes, schema);
    let find = |id: &str| schema.questions.iter().position(|q| q.id == id);
    let first_of = |kind: QuestionKind| schema.questions.iter().position(|q| q.kind == kind);
    let name = find("name").or_else(|| first_of(QuestionKind::Name));
    let email = find("email").or_else(|| first_of(QuestionKind::Email));
    let applicants = export
        .responses
        .iter()
        .map(|r| {
            let get = |qi: Option<usize>| qi.and_then(|i| answer_text(schema, i, &r.answers[i]));
            let list_of = |id: &str| get(find(id)).map(|t| list(&t)).unwrap_or_default();
            let track = get(find("track")).and_then(|t| {
                let t = t.trim().to_lowercase();
                site.config
                    .track_titles()
                    .into_iter()
                    .find(|(id, title)| id.to_lowercase() == t || title.to_lowercase() == t)
                    .map(|(id, _)| id.to_string())
            });
            let ranked = get(find(RANKED_MENTORS))
                .map(|t| {
                    list(&t)
                        .into_iter()
                        // A pasted profile link names the mentor by its slug.
                        .map(|m| {
                            m.trim_end_matches('/')
                                .rsplit('/')
                                .next()
                                .unwrap_or(&m)
                                .to_string()
                        })
                        .collect()
                })
                .unwrap_or_default();
            let goals = get(find("goals"))
                .map(|t| list(&t.replace('\n', ";")))
                .unwrap_or_default();
            Applicant {
                id: format!("line {}", r.line),
                name: get(name).unwrap_or_else(|| format!("Applicant on line {}", r.line)),
                email: get(email),
                skills: list_of("skills"),
                industries: list_of("industries"),
                track,
                languages: list_of("languages"),
                timezone: get(find("timezone")).map(|t| t.trim().to_string()),
                formats: list_of("formats"),
                ranked_mentors: ranked,
                goals,
            }
        })
        .collect();
    (applicants, export.diagnostics)
}

/// Every published mentor, with their open spots.
pub fn mentor_candidates(site: &Site) -> Vec<MentorCandidate> {
    site.mentors
        .iter()
        .enumerate()
        .map(|(i, m)| MentorCandidate {
            slug: m.slug.clone(),
            name: m.name.clone(),
            skills: m.skills.clone(),
            industries: m.industries.clone(),
            tracks: m.tracks.clone(),
            languages: m.languages.clone(),
            timezone: m.timezone.clone(),
            meeting_formats: m.meeting_formats.clone(),
            years_experience: m.years_experience,
            open_spots: site.open_spots(i),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_on_semicolons_first() {
        assert_eq!(list("Python; SQL"), ["Python", "SQL"]);
        assert_eq!(list("Python, SQL"), ["Python", "SQL"]);
        assert_eq!(list("Ship it, then; Learn"), ["Ship it, then", "Learn"]);
        assert!(list(" ").is_empty());
    }
}
