//! Form schemas: `data/forms/<form>.toml`, the questions of one form.
//!
//! The schema is the single source of truth for what a CSV column means, how
//! an answer is validated and whether it may ever be published. It holds no
//! respondent data, so it may be serialised into templates (the HTML form
//! page) as is.

use crate::diagnostic::Diagnostic;
use crate::toml_error::toml_diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;
use toml::Spanned;

/// The five labels a likert question uses unless the schema gives its own.
pub const STANDARD_LIKERT: [&str; 5] = [
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
];

/// What kind of answer a question takes; decides parsing and aggregation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionKind {
    Scale,
    Likert,
    Nps,
    Choice,
    Multi,
    /// Several statements (rows) rated on one answer scale: a grid.
    Matrix,
    Number,
    Text,
    Email,
    Name,
    Date,
    Id,
}

impl QuestionKind {
    pub const ALL: [&'static str; 12] = [
        "scale", "likert", "nps", "choice", "multi", "matrix", "number", "text", "email", "name",
        "date", "id",
    ];

    /// Kinds that identify a person: private whatever the schema says.
    pub fn is_personal(self) -> bool {
        matches!(
            self,
            QuestionKind::Email | QuestionKind::Name | QuestionKind::Id
        )
    }
}

/// Which submissions of one respondent to keep.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeepPolicy {
    /// Every distinct submission counts (exact duplicates are still dropped).
    #[default]
    All,
    /// Only each respondent's latest submission counts.
    Latest,
}

/// One form, as declared in `data/forms/<id>.toml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FormSchema {
    /// The file stem.
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub audience: Option<String>,
    pub questions: Vec<Question>,
    pub keep: KeepPolicy,
    pub skip_invalid_rows: bool,
    /// Breakdowns by a column of the program's data (results by group).
    pub breakdowns: Vec<ProgramBreakdown>,
    /// False for a form that lives in an external tool: no page is written
    /// for it and no intake accepts it; its exports are still imported.
    pub publish: bool,
}

/// One question of a form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    pub id: String,
    /// The text shown to respondents; defaults to the id.
    pub label: String,
    pub kind: QuestionKind,
    pub required: bool,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub options: Vec<String>,
    /// Answer labels of a scale or likert question, lowest first.
    pub labels: Vec<String>,
    /// Other column headers that mean this question.
    pub aliases: Vec<String>,
    pub private: bool,
    pub publish: bool,
    /// A choice or multi question also accepts free "Other" answers.
    pub other: bool,
    pub help: Option<String>,
    /// A choice question whose answers split the other questions' results
    /// into groups (results by group).
    pub breakdown: bool,
    /// The statements of a matrix question, in the order results show them.
    pub rows: Vec<MatrixRow>,
    /// A matrix whose rows take any number of answers (a checkbox grid).
    pub multiple: bool,
}

/// One statement of a matrix question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatrixRow {
    pub label: String,
    /// Other texts that name this row in a tool's export.
    pub aliases: Vec<String>,
}

impl Question {
    /// True when no answer of this question may ever be published, not even
    /// as a count.
    pub fn is_private(&self) -> bool {
        self.private || self.kind.is_personal()
    }

    /// True when this question's free text (a text answer, or the text of an
    /// Other answer) may be published, subject to the comment threshold.
    pub fn publishes_text(&self) -> bool {
        self.publish && !self.is_private()
    }

    /// The integer range of a scale, likert or nps question.
    pub fn range(&self) -> Option<(i64, i64)> {
        match self.kind {
            QuestionKind::Scale => Some((
                self.min.unwrap_or(1.0) as i64,
                self.max.unwrap_or(5.0) as i64,
            )),
            QuestionKind::Likert => Some((1, self.labels.len() as i64)),
            QuestionKind::Matrix if !self.multiple => Some((1, self.labels.len() as i64)),
            QuestionKind::Nps => Some((0, 10)),
            _ => None,
        }
    }

    /// The label of a scale or likert value, when the schema names it.
    pub fn value_label(&self, value: i64) -> Option<&str> {
        let (min, _) = self.range()?;
        let index = usize::try_from(value - min).ok()?;
        self.labels.get(index).map(String::as_str)
    }
}

impl FormSchema {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchema {
    title: Option<String>,
    description: Option<String>,
    audience: Option<String>,
    #[serde(default)]
    questions: Vec<RawQuestion>,
    #[serde(default)]
    keep: KeepPolicy,
    #[serde(default)]
    skip_invalid_rows: bool,
    #[serde(default)]
    breakdowns: Vec<RawProgramBreakdown>,
    #[serde(default = "published")]
    publish: bool,
}

fn published() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: Spanned<String>,
    label: Option<String>,
    kind: Spanned<QuestionKind>,
    #[serde(default)]
    required: bool,
    min: Option<f64>,
    max: Option<f64>,
    #[serde(default)]
    options: Vec<String>,
    #[serde(default)]
    labels: Vec<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    private: bool,
    #[serde(default)]
    publish: bool,
    #[serde(default)]
    other: bool,
    help: Option<String>,
    #[serde(default)]
    breakdown: bool,
    #[serde(default)]
    rows: Vec<super::matrix::RawRow>,
    #[serde(default)]
    multiple: bool,
}

/// Reads one form schema. `path` is only used in diagnostics and for the id
/// (the file stem).
pub fn load_schema(path: &Path, source: &str) -> Result<FormSchema, Vec<Diagnostic>> {
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let raw: RawSchema =
        toml::from_str(source).map_err(|e| vec![toml_diagnostic(path, source, 0, &e)])?;
    let mut diagnostics = Vec::new();
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut questions = Vec::with_capacity(raw.questions.len());
    for rq in raw.questions {
        let span = rq.id.span();
        let here = |message: String| Diagnostic::error(path, message).at_offset(source, span.start);
        let qid = rq.id.into_inner();
        let kind = *rq.kind.get_ref();
        if qid.is_empty()
            || !qid
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            diagnostics.push(
                here(format!(
                    "question id `{qid}` must be letters, digits, `_` or `-`"
                ))
                .with_hint("ids become CSV column names and URL anchors"),
            );
        }
        if let Some(first) = seen.insert(qid.to_lowercase(), qid.clone()) {
            diagnostics.push(here(format!(
                "question id `{qid}` is used twice (first as `{first}`)"
            )));
        }
        let mut labels = rq.labels;
        let mut options = rq.options;
        let rows =
            super::matrix::check_rows(&qid, kind, rq.rows, rq.multiple, &mut diagnostics, &here);
        match kind {
            QuestionKind::Choice | QuestionKind::Multi => {
                if options.is_empty() {
                    diagnostics.push(
                        here(
                            format!("question `{qid}` is a {kind:?} question without options")
                                .to_lowercase(),
                        )
                        .with_hint("add `options = [\"…\", \"…\"]`"),
                    );
                }
                let mut folded: Vec<String> = Vec::new();
                for option in &options {
                    let key = option.trim().to_lowercase();
                    if key.is_empty() {
                        diagnostics.push(here(format!("question `{qid}` has an empty option")));
                    } else if folded.contains(&key) {
                        diagnostics.push(here(format!(
                            "question `{qid}` lists option `{option}` twice"
                        )));
                    }
                    folded.push(key);
                }
            }
            QuestionKind::Scale => {
                let (min, max) = (rq.min.unwrap_or(1.0), rq.max.unwrap_or(5.0));
                if min.fract() != 0.0 || max.fract() != 0.0 {
                    diagnostics.push(here(format!(
                        "scale question `{qid}` needs whole numbers for `min` and `max`"
                    )));
                } else if min >= max {
                    diagnostics.push(here(format!(
                        "scale question `{qid}` needs `min` ({min}) below `max` ({max})"
                    )));
                } else if max - min > 100.0 {
                    diagnostics.push(
                        here(format!("scale question `{qid}` spans more than 100 points"))
                            .with_hint("use kind = \"number\" for open numeric answers"),
                    );
                } else if !labels.is_empty() && labels.len() as f64 != max - min + 1.0 {
                    diagnostics.push(here(format!(
                        "scale question `{qid}` has {} labels for {} points",
                        labels.len(),
                        max - min + 1.0
                    )));
                }
            }
            QuestionKind::Likert => {
                if labels.is_empty() {
                    labels = STANDARD_LIKERT.iter().map(|s| s.to_string()).collect();
                } else if labels.len() < 2 {
                    diagnostics.push(here(format!(
                        "likert question `{qid}` needs at least two labels"
                    )));
                }
            }
            QuestionKind::Number => {
                if let (Some(min), Some(max)) = (rq.min, rq.max) {
                    if min > max {
                        diagnostics.push(here(format!(
                            "number question `{qid}` has `min` ({min}) above `max` ({max})"
                        )));
                    }
                }
            }
            QuestionKind::Matrix => {
                super::matrix::check_answers(
                    &qid,
                    &mut options,
                    &mut labels,
                    &mut diagnostics,
                    &here,
                );
            }
            _ => {}
        }
        if rq.other && !matches!(kind, QuestionKind::Choice | QuestionKind::Multi) {
            diagnostics.push(here(format!(
                "`other = true` only applies to choice and multi questions, not to `{qid}`"
            )));
        }
        if rq.publish && (kind.is_personal() || rq.private) {
            diagnostics.push(
                here(format!(
                    "question `{qid}` is private and cannot also be published"
                ))
                .with_hint(
                    "email, name and id answers are never published; remove `publish = true`",
                ),
            );
        }
        if rq.breakdown && (kind != QuestionKind::Choice || rq.private) {
            diagnostics.push(
                here(format!(
                    "`breakdown = true` needs a published choice question, and `{qid}` is not one"
                ))
                .with_hint(
                    "results are broken down by the answers of one `kind = \"choice\"` question",
                ),
            );
        }
        questions.push(Question {
            breakdown: rq.breakdown,
            label: rq.label.unwrap_or_else(|| qid.clone()),
            id: qid,
            kind,
            required: rq.required,
            min: rq.min.or(match kind {
                QuestionKind::Scale => Some(1.0),
                _ => None,
            }),
            max: rq.max.or(match kind {
                QuestionKind::Scale => Some(5.0),
                _ => None,
            }),
            options: options.iter().map(|o| o.trim().to_string()).collect(),
            labels,
            aliases: rq.aliases,
            private: rq.private,
            publish: rq.publish,
            other: rq.other,
            help: rq.help,
            rows,
            multiple: rq.multiple,
        });
    }
    if questions.is_empty() {
        diagnostics.push(
            Diagnostic::error(path, format!("form `{id}` has no questions"))
                .with_hint("add a [[questions]] table with `id` and `kind`"),
        );
    }
    let breakdowns = program_breakdowns(path, source, raw.breakdowns, &questions, &mut diagnostics);
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    Ok(FormSchema {
        breakdowns,
        title: raw.title.unwrap_or_else(|| id.clone()),
        id,
        description: raw.description,
        audience: raw.audience,
        questions,
        keep: raw.keep,
        skip_invalid_rows: raw.skip_invalid_rows,
        publish: raw.publish,
    })
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn load(src: &str) -> Result<FormSchema, Vec<Diagnostic>> {
        load_schema(Path::new("data/forms/feedback.toml"), src)
    }

    #[test]
    fn loads_the_spec_example_with_defaults() {
        let s = load(
            r#"
title = "Mid-program feedback"
audience = "mentees"
[[questions]]
id = "satisfaction"
label = "Overall, how satisfied are you with your mentorship?"
kind = "scale"
min = 1
max = 5
required = true
aliases = ["Satisfaction (1-5)"]
[[questions]]
id = "email"
kind = "email"
private = true
[[questions]]
id = "helps"
kind = "likert"
[[questions]]
id = "went_well"
kind = "text"
"#,
        )
        .expect("valid");
        assert_eq!(s.id, "feedback");
        assert_eq!(s.keep, KeepPolicy::All);
        assert!(!s.skip_invalid_rows);
        assert_eq!(s.questions[0].range(), Some((1, 5)));
        assert_eq!(s.questions[1].label, "email");
        assert!(s.questions[1].is_private());
        assert_eq!(s.questions[2].labels, STANDARD_LIKERT);
        assert_eq!(
            s.questions[2].value_label(3),
            Some("Neither agree nor disagree")
        );
        assert!(!s.questions[3].is_private());
        assert!(!s.questions[3].publishes_text());
    }

    #[test]
    fn personal_kinds_are_private_even_if_not_marked() {
        let s = load("[[questions]]\nid='n'\nkind='name'\n[[questions]]\nid='i'\nkind='id'\n")
            .expect("valid");
        assert!(s.questions.iter().all(Question::is_private));
    }

    #[test]
    fn unknown_key_names_line_column_and_nearest_key() {
        let err = load("title = 'x'\n[[questions]]\nid = 'a'\nkind = 'text'\nlable = 'A'\n")
            .expect_err("unknown key");
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].line, Some(5));
        assert_eq!(err[0].column, Some(1));
        assert!(err[0].message.contains("lable"), "{}", err[0].message);
        assert_eq!(err[0].hint.as_deref(), Some("did you mean `label`?"));
    }

    #[test]
    fn unknown_kind_suggests_nearest_kind() {
        let err = load("[[questions]]\nid = 'a'\nkind = 'scael'\n").expect_err("bad kind");
        assert_eq!(err[0].line, Some(3));
        assert_eq!(err[0].hint.as_deref(), Some("did you mean `scale`?"));
    }

    #[test]
    fn top_level_typo_is_reported_too() {
        let err = load("titel = 'x'\n[[questions]]\nid='a'\nkind='text'\n").expect_err("typo");
        assert_eq!(err[0].hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn validation_reports_every_problem_with_its_line() {
        let err = load(
            "[[questions]]\nid = 'a'\nkind = 'choice'\n\
             [[questions]]\nid = 'a'\nkind = 'scale'\nmin = 5\nmax = 1\n\
             [[questions]]\nid = 'e'\nkind = 'email'\npublish = true\n\
             [[questions]]\nid = 'bad id'\nkind = 'number'\nother = true\n",
        )
        .expect_err("invalid");
        let messages: Vec<String> = err.iter().map(|d| d.message.clone()).collect();
        assert!(
            messages.iter().any(|m| m.contains("without options")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("used twice")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("below `max`")),
            "{messages:?}"
        );
        assert!(messages
            .iter()
            .any(|m| m.contains("cannot also be published")));
        assert!(messages.iter().any(|m| m.contains("must be letters")));
        assert!(messages.iter().any(|m| m.contains("`other = true`")));
        let dup = err
            .iter()
            .find(|d| d.message.contains("used twice"))
            .expect("dup");
        assert_eq!(dup.line, Some(5));
    }

    #[test]
    fn syntax_error_has_a_position() {
        let err = load("title = \n").expect_err("syntax");
        assert_eq!(err[0].line, Some(1));
        assert!(err[0].column.is_some());
    }

    #[test]
    fn empty_form_is_an_error() {
        let err = load("title = 'x'\n").expect_err("no questions");
        assert!(err[0].message.contains("no questions"));
    }
}
