//! Matrix questions: several statements (rows) answered on one scale, the
//! grid every form tool offers ("How would you rate your mentor on the
//! following? Availability / Communication / Subject knowledge").
//!
//! A matrix is declared once in the schema and read, aggregated and shown
//! row by row. Each row behaves exactly like a question of its own: a
//! `likert` question over the matrix's answers (scored 1…n), or a `multi`
//! question over them for a checkbox grid (`multiple = true`). So
//! [`row_question`] gives that question, and import, aggregation and
//! privacy rules apply to each row unchanged: a row answered by fewer than
//! `min_group_size` people is hidden on its own.
//!
//! In the normalised `data/rounds/R/F.csv` a matrix keeps one cell, one line
//! per answered row: `Availability: Good`. The file stays one column per
//! question, and a row's label says what each answer is about.

use super::aggregate::{aggregate_question, QuestionResult, Thresholds};
use super::import::{Answer, MatrixColumn, Response};
use super::schema::{MatrixRow, Question, QuestionKind, STANDARD_LIKERT};
use crate::diagnostic::Diagnostic;
use serde::Deserialize;

/// A row as the schema writes it: its label, or a table with aliases.
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum RawRow {
    Label(String),
    Table {
        label: String,
        #[serde(default)]
        aliases: Vec<String>,
    },
}

/// Validates the `rows` and `multiple` keys of any question; returns the
/// rows of a matrix.
pub(crate) fn check_rows(
    qid: &str,
    kind: QuestionKind,
    raw: Vec<RawRow>,
    multiple: bool,
    diagnostics: &mut Vec<Diagnostic>,
    here: &dyn Fn(String) -> Diagnostic,
) -> Vec<MatrixRow> {
    if kind != QuestionKind::Matrix {
        if !raw.is_empty() {
            diagnostics.push(here(format!(
                "`rows` only applies to matrix questions, not to `{qid}`"
            )));
        }
        if multiple {
            diagnostics.push(here(format!(
                "`multiple = true` only applies to matrix questions, not to `{qid}`"
            )));
        }
        return Vec::new();
    }
    if raw.is_empty() {
        diagnostics.push(
            here(format!("matrix question `{qid}` has no rows"))
                .with_hint("add `rows = [\"…\", \"…\"]`, one per statement"),
        );
    }
    let rows: Vec<MatrixRow> = raw
        .into_iter()
        .map(|r| match r {
            RawRow::Label(label) => MatrixRow {
                label: label.trim().to_string(),
                aliases: Vec::new(),
            },
            RawRow::Table { label, aliases } => MatrixRow {
                label: label.trim().to_string(),
                aliases,
            },
        })
        .collect();
    let mut seen: Vec<String> = Vec::new();
    for row in &rows {
        for name in std::iter::once(&row.label).chain(&row.aliases) {
            let key = name.trim().to_lowercase();
            if key.is_empty() {
                diagnostics.push(here(format!("matrix question `{qid}` has an empty row")));
            } else if seen.contains(&key) {
                diagnostics.push(here(format!(
                    "matrix question `{qid}` names row `{name}` twice"
                )));
            }
            seen.push(key);
        }
    }
    rows
}

/// Settles a matrix's answers: its `options`, else its `labels`, else the
/// five standard agreement labels. Both keys end up holding them, so a row
/// reads as a likert question (labels) or a checkbox one (options).
pub(crate) fn check_answers(
    qid: &str,
    options: &mut Vec<String>,
    labels: &mut Vec<String>,
    diagnostics: &mut Vec<Diagnostic>,
    here: &dyn Fn(String) -> Diagnostic,
) {
    if !options.is_empty() && !labels.is_empty() {
        diagnostics.push(
            here(format!(
                "matrix question `{qid}` has both `options` and `labels`"
            ))
            .with_hint("the answers of a matrix are one list: keep `options`"),
        );
    }
    let answers: Vec<String> = if !options.is_empty() {
        options.clone()
    } else if !labels.is_empty() {
        labels.clone()
    } else {
        STANDARD_LIKERT.iter().map(|s| s.to_string()).collect()
    };
    let answers: Vec<String> = answers.iter().map(|a| a.trim().to_string()).collect();
    if answers.len() < 2 {
        diagnostics.push(here(format!(
            "matrix question `{qid}` needs at least two answers"
        )));
    }
    let mut folded: Vec<String> = Vec::new();
    for answer in &answers {
        let key = answer.to_lowercase();
        if key.is_empty() {
            diagnostics.push(here(format!("matrix question `{qid}` has an empty answer")));
        } else if folded.contains(&key) {
            diagnostics.push(here(format!(
                "matrix question `{qid}` lists answer `{answer}` twice"
            )));
        }
        folded.push(key);
    }
    *options = answers.clone();
    *labels = answers;
}

/// The question one row of a matrix stands for: its id is `<matrix>.<n>`
/// (n from 1), its label the row's. Never required on its own: the matrix
/// checks its required rows and names the missing one.
pub fn row_question(q: &Question, ri: usize) -> Question {
    Question {
        id: row_id(q, ri),
        label: q.rows.get(ri).map(|r| r.label.clone()).unwrap_or_default(),
        kind: if q.multiple {
            QuestionKind::Multi
        } else {
            QuestionKind::Likert
        },
        required: false,
        min: None,
        max: None,
        options: q.options.clone(),
        labels: q.labels.clone(),
        aliases: Vec::new(),
        private: q.private,
        publish: false,
        other: false,
        help: None,
        breakdown: false,
        rows: Vec::new(),
        multiple: false,
    }
}

/// `<matrix id>.<row number>`: the id of a row in results and open data,
/// and the name of its form field.
pub fn row_id(q: &Question, ri: usize) -> String {
    format!("{}.{}", q.id, ri + 1)
}

/// The published figures of each row, in schema order. Each row is
/// aggregated as the question [`row_question`] describes, so the same
/// thresholds hide a row answered by too few people.
pub(crate) fn row_results(
    q: &Question,
    qi: usize,
    responses: &[Response],
    t: &Thresholds,
    seed: &str,
) -> Vec<QuestionResult> {
    (0..q.rows.len())
        .map(|ri| {
            let per_row: Vec<Response> = responses
                .iter()
                .map(|r| Response {
                    line: r.line,
                    answers: vec![row_answer(r.answers.get(qi), ri).clone()],
                })
                .collect();
            aggregate_question(&row_question(q, ri), 0, &per_row, t, seed)
        })
        .collect()
}

/// The answer a matrix answer gives to row `ri`.
pub fn row_answer(answer: Option<&Answer>, ri: usize) -> &Answer {
    match answer {
        Some(Answer::Matrix(rows)) => rows.get(ri).unwrap_or(&Answer::Missing),
        _ => &Answer::Missing,
    }
}

/// The normalised cell of a matrix answer: one `Row: answer` line per
/// answered row, a checkbox row's answers joined by `;`.
pub(crate) fn normalised_cell(q: &Question, rows: &[Answer]) -> String {
    let mut lines = Vec::new();
    for (row, answer) in q.rows.iter().zip(rows) {
        let text = match answer {
            Answer::Number(v) => q
                .labels
                .get((*v as usize).wrapping_sub(1))
                .cloned()
                .unwrap_or_else(|| v.to_string()),
            Answer::Multi { options, .. } => options
                .iter()
                .filter_map(|i| q.options.get(*i).map(String::as_str))
                .collect::<Vec<_>>()
                .join(";"),
            _ => continue,
        };
        lines.push(format!("{}: {text}", row.label));
    }
    lines.join("\n")
}

/// The normalised cell a form submission makes: the row fields are named
/// `<matrix id>.<row number>` and carry answer labels.
pub(crate) fn submitted_cell(q: &Question, fields: &[(String, String)]) -> String {
    let mut lines = Vec::new();
    for (ri, row) in q.rows.iter().enumerate() {
        let name = row_id(q, ri);
        let values: Vec<&str> = fields
            .iter()
            .filter(|(n, v)| *n == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
            .collect();
        if !values.is_empty() {
            lines.push(format!("{}: {}", row.label, values.join(";")));
        }
    }
    lines.join("\n")
}

/// Which column of an export was read as which row, for `check` and
/// `import` to tell the coordinator: `"Rate [Availability]" → rating: Availability`.
/// Header texts only, never an answer.
pub fn describe_columns(columns: &[MatrixColumn]) -> String {
    columns
        .iter()
        .map(|m| format!("\"{}\" → {}: {}", m.column, m.question, m.row))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::schema::load_schema;
    use std::path::Path;

    fn load(src: &str) -> Result<crate::forms::FormSchema, Vec<Diagnostic>> {
        load_schema(Path::new("data/forms/f.toml"), src)
    }

    #[test]
    fn options_are_scored_and_rows_carry_aliases() {
        let s = load(
            r#"
[[questions]]
id = "rating"
kind = "matrix"
rows = ["Availability", { label = "Communication", aliases = ["Talks clearly"] }]
options = ["Poor", "Fair", "Good", "Excellent"]
"#,
        )
        .expect("valid");
        let q = &s.questions[0];
        assert_eq!(q.range(), Some((1, 4)));
        assert_eq!(q.rows[1].aliases, ["Talks clearly"]);
        let row = row_question(q, 1);
        assert_eq!(
            (row.id.as_str(), row.label.as_str()),
            ("rating.2", "Communication")
        );
        assert_eq!(row.kind, QuestionKind::Likert);
        assert_eq!(row.value_label(3), Some("Good"));
    }

    #[test]
    fn a_matrix_without_answers_uses_the_agreement_scale() {
        let s = load("[[questions]]\nid='m'\nkind='matrix'\nrows=['A','B']\n").expect("valid");
        assert_eq!(s.questions[0].labels, STANDARD_LIKERT);
    }

    #[test]
    fn rows_are_checked_with_their_line() {
        let err = load(
            "[[questions]]\nid='m'\nkind='matrix'\n\
             [[questions]]\nid='n'\nkind='matrix'\nrows=['A','a']\noptions=['x']\nlabels=['y','z']\n\
             [[questions]]\nid='t'\nkind='text'\nrows=['A']\nmultiple=true\n",
        )
        .expect_err("invalid");
        let messages: Vec<String> = err.iter().map(|d| d.message.clone()).collect();
        for part in [
            "`m` has no rows",
            "names row `a` twice",
            "both `options` and `labels`",
            "`rows` only applies",
            "`multiple = true` only applies",
        ] {
            assert!(
                messages.iter().any(|m| m.contains(part)),
                "{part}: {messages:?}"
            );
        }
        assert_eq!(err[0].line, Some(2));
    }

    #[test]
    fn normalised_cell_names_each_answered_row() {
        let s = load(
            "[[questions]]\nid='m'\nkind='matrix'\nrows=['A','B','C']\noptions=['x','y','z']\n",
        )
        .expect("valid");
        let q = &s.questions[0];
        let cell = normalised_cell(
            q,
            &[Answer::Number(3.0), Answer::Missing, Answer::Number(1.0)],
        );
        assert_eq!(cell, "A: z\nC: x");
        let fields = [
            ("m.3".to_string(), "x".to_string()),
            ("m.1".into(), "z".into()),
        ];
        assert_eq!(submitted_cell(q, &fields), cell);
    }

    #[test]
    fn the_intake_refuses_a_missing_required_row_by_name() {
        use crate::forms::intake::validate_submission;
        let s = load(
            "[[questions]]\nid='rating'\nkind='matrix'\nrequired=true\n\
             rows=['Availability','Communication']\noptions=['Poor','Fair','Good','Excellent']\n",
        )
        .expect("valid");
        let field = |n: &str, v: &str| (n.to_string(), v.to_string());
        let errors = validate_submission(&s, &[field("rating.1", "Good")]).expect_err("refused");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].question_id, "rating");
        assert!(
            errors[0]
                .message
                .contains("required row \"Communication\" has no answer"),
            "{}",
            errors[0].message
        );
        let errors = validate_submission(
            &s,
            &[field("rating.1", "Good"), field("rating.2", "Superb")],
        )
        .expect_err("refused");
        assert!(
            errors[0].message.contains("row \"Communication\""),
            "{errors:?}"
        );
        let cells = validate_submission(
            &s,
            &[field("rating.2", "Excellent"), field("rating.1", "Good")],
        )
        .expect("accepted");
        assert_eq!(cells, ["Availability: Good\nCommunication: Excellent"]);
    }

    #[test]
    fn checkbox_grid_rows_count_each_answer_and_hide_a_row_of_four() {
        use crate::forms::{aggregate_form, question_chart, Thresholds};
        let s = load(
            "[[questions]]\nid='when'\nlabel='When can you meet?'\nkind='matrix'\nmultiple=true\n\
             rows=['Weekdays','Weekends']\noptions=['Morning','Afternoon','Evening']\n",
        )
        .expect("valid");
        let multi = |options: &[usize]| Answer::Multi {
            options: options.to_vec(),
            other: None,
        };
        let responses: Vec<Response> = [
            (vec![0, 2], Some(vec![1])),
            (vec![0], Some(vec![1, 2])),
            (vec![1], None),
            (vec![0, 1], Some(vec![2])),
            (vec![2], Some(vec![1])),
        ]
        .into_iter()
        .map(|(weekdays, weekends)| Response {
            line: 2,
            answers: vec![Answer::Matrix(vec![
                multi(&weekdays),
                weekends.map_or(Answer::Missing, |w| multi(&w)),
            ])],
        })
        .collect();
        let r = aggregate_form(&s, &responses, &Thresholds::default(), None, "s");
        let rows = &r.questions[0].rows;
        let weekdays: Vec<(usize, f64)> =
            rows[0].options.iter().map(|b| (b.count, b.share)).collect();
        // Morning 3 of 5, Afternoon 2, Evening 2: shares of the people who answered.
        assert_eq!(weekdays, [(3, 60.0), (2, 40.0), (2, 40.0)]);
        assert_eq!(rows[0].n, Some(5));
        assert!(rows[0].mean.is_none(), "a checkbox grid has no average");
        assert!(rows[1].suppressed && rows[1].options.is_empty());
        let chart = question_chart(&r.questions[0]).expect("a chart");
        assert!(chart.contains("Share of the answers chosen (%)"), "{chart}");
        assert!(
            chart.contains("Weekends: fewer than 5 responses"),
            "{chart}"
        );
        // Weekdays bar: 3, 2, 2 of 7 answers chosen.
        assert!(chart.contains("Weekdays: Morning 43% (3)"), "{chart}");
    }
}
