//! Matrix questions in an export: which column is which row, and one row's
//! cell to one answer.
//!
//! Every tool writes a grid as one column per row, named differently:
//! Google Forms `Question [Row]`, Qualtrics `Q5_1` over `Question - Row`,
//! SurveyMonkey the question over its row labels, Microsoft Forms and
//! Typeform the row text alone. The column names are split by `layout`; this
//! module says whether a name is a row of a matrix, and reads the cells.

use super::super::matrix::row_question;
use super::super::schema::{FormSchema, Question, QuestionKind};
use super::answers::{parse_level, split_multi_with, Problem, Sources, Vocabulary};
use super::layout::Role;
use super::text::same_folded;
use super::Answer;
use crate::diagnostic::nearest;

/// The row of matrix `q` that `text` names, by its label or an alias.
pub(super) fn row_position(q: &Question, text: &str) -> Option<usize> {
    q.rows
        .iter()
        .position(|r| same_folded(&r.label, text) || r.aliases.iter().any(|a| same_folded(a, text)))
}

/// The role of a column whose whole header is a row's text (Microsoft
/// Forms, Typeform): a row of the matrix the previous column belongs to,
/// else of the first matrix that has such a row without a column yet
/// (`taken`), so two grids with the same statements are read in turn.
pub(super) fn bare_row_role(
    schema: &FormSchema,
    name: &str,
    previous: Role,
    taken: &dyn Fn(usize, usize) -> bool,
) -> Option<Role> {
    let candidates: Vec<(usize, usize)> = schema
        .questions
        .iter()
        .enumerate()
        .filter(|(_, q)| q.kind == QuestionKind::Matrix)
        .filter_map(|(qi, q)| row_position(q, name).map(|ri| (qi, ri)))
        .filter(|&(qi, ri)| !taken(qi, ri))
        .collect();
    let prev_q = match previous {
        Role::MatrixRow(qi, _) => Some(qi),
        _ => None,
    };
    candidates
        .iter()
        .find(|(qi, _)| Some(*qi) == prev_q)
        .or(candidates.first())
        .map(|&(qi, ri)| Role::MatrixRow(qi, ri))
}

/// What reading one row of a matrix needs, prepared once per export.
pub(super) struct RowSource {
    pub(super) question: Question,
    pub(super) words: Vocabulary,
    /// The column holding this row, when the export has one per row.
    pub(super) column: Option<usize>,
}

/// One `RowSource` per row of `q` (none for other kinds).
pub(super) fn row_sources(q: &Question) -> Vec<RowSource> {
    if q.kind != QuestionKind::Matrix {
        return Vec::new();
    }
    (0..q.rows.len())
        .map(|ri| {
            let question = row_question(q, ri);
            RowSource {
                words: Vocabulary::for_question(&question),
                question,
                column: None,
            }
        })
        .collect()
}

/// Splits a one-cell matrix answer (the normalised file's `Row: answer`
/// lines) into the text of each row. A line naming no row is an error.
fn split_lines<'c>(q: &Question, cell: &'c str) -> Result<Vec<&'c str>, String> {
    let mut texts = vec![""; q.rows.len()];
    for line in cell.lines().map(str::trim).filter(|l| !l.is_empty()) {
        // The longest row name followed by `:` wins, so a row whose label
        // starts like another's is still found.
        let found = q
            .rows
            .iter()
            .enumerate()
            .flat_map(|(ri, r)| {
                std::iter::once(&r.label)
                    .chain(&r.aliases)
                    .map(move |n| (ri, n))
            })
            .filter(|(_, name)| {
                line.len() > name.len()
                    && line.is_char_boundary(name.len())
                    && same_folded(&line[..name.len()], name)
                    && line[name.len()..].trim_start().starts_with(':')
            })
            .max_by_key(|(_, name)| name.len());
        match found {
            Some((ri, name)) => {
                texts[ri] = line[name.len()..].trim_start()[1..].trim();
            }
            None => return Err(line.split(':').next().unwrap_or(line).trim().to_string()),
        }
    }
    Ok(texts)
}

/// Reads a matrix answer from its row columns, or from one cell of
/// `Row: answer` lines. A required matrix needs every row answered; each
/// problem names the row.
pub(super) fn parse_matrix<'r>(
    q: &Question,
    src: &Sources,
    cell: &dyn Fn(usize) -> &'r str,
) -> Result<Answer, Problem> {
    let column_of = |ri: usize| {
        src.rows
            .get(ri)
            .and_then(|r| r.column)
            .or(src.answer)
            .or(src.rows.iter().find_map(|r| r.column))
            .unwrap_or(0)
    };
    let lines = match src.answer.map(cell).filter(|c| !c.is_empty()) {
        Some(text) => split_lines(q, text).map_err(|row| Problem {
            column: column_of(0),
            value: String::new(),
            message: format!("names no row of the matrix (\"{row}\")"),
            hint: nearest(&row, q.rows.iter().map(|r| r.label.as_str()))
                .map(|r| format!("did you mean `{r}`?")),
        })?,
        None => vec![""; q.rows.len()],
    };
    let mut answers = Vec::with_capacity(q.rows.len());
    for (ri, row) in src.rows.iter().enumerate() {
        let text = match row.column {
            Some(c) if !cell(c).is_empty() => cell(c),
            _ => lines.get(ri).copied().unwrap_or(""),
        };
        let label = &row.question.label;
        let problem = |value: &str, message: String, hint: Option<String>| Problem {
            column: column_of(ri),
            value: value.to_string(),
            message,
            hint,
        };
        let answer = if text.is_empty() {
            // A row with no column at all is reported once, for the file.
            if q.required && (row.column.is_some() || src.answer.is_some()) {
                return Err(problem(
                    "",
                    format!("required row \"{label}\" has no answer"),
                    None,
                ));
            }
            Answer::Missing
        } else if q.multiple {
            let (selected, unknown) = split_multi_with(text, &q.options, &row.words);
            if let Some(u) = unknown.first() {
                return Err(problem(
                    u,
                    format!("not one of the answers (row \"{label}\")"),
                    nearest(u, q.options.iter().map(String::as_str))
                        .map(|o| format!("did you mean `{o}`?")),
                ));
            }
            Answer::Multi {
                options: selected.into_iter().collect(),
                other: None,
            }
        } else {
            let level = parse_level(&row.question, &row.words, text)
                .map_err(|(m, h)| problem(text, format!("{m} (row \"{label}\")"), h))?;
            Answer::Number(level)
        };
        answers.push(answer);
    }
    if answers.iter().all(|a| *a == Answer::Missing) {
        return Ok(Answer::Missing);
    }
    Ok(Answer::Matrix(answers))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::schema::load_schema;
    use std::path::Path;

    #[test]
    fn lines_find_the_longest_row_name() {
        let s = load_schema(
            Path::new("f.toml"),
            "[[questions]]\nid='m'\nkind='matrix'\nrows=['Time','Time keeping']\n",
        )
        .expect("schema");
        let q = &s.questions[0];
        assert_eq!(
            split_lines(q, "time keeping: Agree\nTime :Disagree"),
            Ok(vec!["Disagree", "Agree"])
        );
        assert_eq!(split_lines(q, "Cost: Agree"), Err("Cost".to_string()));
    }
}
