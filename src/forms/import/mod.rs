//! Reading survey exports: any tool's CSV in, typed [`Response`]s out.
//!
//! Coordinators hand us whatever their tool exported: Google Forms, Microsoft
//! Forms, Typeform, Qualtrics (three header rows), SurveyMonkey (two header
//! rows, one column per option), Excel re-saves in Windows-1252 with `;`, or
//! UTF-16 "Unicode text". Rather than asking them to tidy it, this module
//! decodes, sniffs the delimiter, recognises the tool by its header, maps
//! columns to questions (by id, label, alias, or per-option column) and
//! validates every answer, reporting each problem at its line and column.
//!
//! Privacy by type: every string a respondent typed is held in
//! [`PrivateText`], which has no `Serialize`, no `Display` and a `Debug` that
//! hides the content. Only `aggregate` copies text out, and only for questions
//! with `publish = true`.

mod answers;
mod draft;
mod duplicates;
mod layout;
mod matrix;
mod normalised;
mod rows;
#[cfg(test)]
mod tests;
mod text;

pub use crate::table::SourceEncoding;
pub use draft::draft_schema;
pub use normalised::to_normalised_csv;

use super::schema::FormSchema;
use crate::diagnostic::{nearest, Diagnostic};
use crate::table::{Delimiter, Table};
use answers::{Sources, Vocabulary};
use duplicates::{deduplicate, Candidate};
use layout::{assign_roles, columns, detect_tool, question_index, Role};
use rayon::prelude::*;
use rows::{Meta, Row, RowReader};
use serde::Serialize;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use text::fold;

pub use crate::private::PrivateText;

/// One validated answer; `answers[i]` of a `Response` answers
/// `schema.questions[i]`.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Missing,
    /// scale, likert (1-based label position), nps and number answers.
    Number(f64),
    /// Index into the question's `options`.
    Choice(usize),
    /// A choice answer outside the options (`other = true`).
    Other(PrivateText),
    /// Indexes into `options` (ascending) and the Other text, if any.
    Multi {
        options: Vec<usize>,
        other: Option<PrivateText>,
    },
    Text(PrivateText),
    /// email, name and id answers.
    Private(PrivateText),
    /// `YYYY-MM-DD`.
    Date(String),
    /// One answer per row of a matrix question, in schema order: `Number`
    /// (1-based answer position), `Multi` (a checkbox grid) or `Missing`.
    Matrix(Vec<Answer>),
}

/// One respondent's submission.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The physical line where the row starts in the file, for diagnostics.
    pub line: usize,
    pub answers: Vec<Answer>,
}

/// The tool an export came from, recognised by its header.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tool {
    GoogleForms,
    MicrosoftForms,
    Typeform,
    Qualtrics,
    SurveyMonkey,
    /// Our own `data/rounds/R/F.csv`: header = question ids.
    Normalised,
    #[default]
    Generic,
}

impl Tool {
    /// The name people use for it.
    pub fn name(self) -> &'static str {
        match self {
            Tool::GoogleForms => "Google Forms",
            Tool::MicrosoftForms => "Microsoft Forms",
            Tool::Typeform => "Typeform",
            Tool::Qualtrics => "Qualtrics",
            Tool::SurveyMonkey => "SurveyMonkey",
            Tool::Normalised => "mentorsite's own round file",
            Tool::Generic => "a spreadsheet",
        }
    }
}

/// What an import did, for `check` and `import` to tell the coordinator.
/// Holds header names and counts only, never an answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportReport {
    pub tool: Tool,
    pub encoding: SourceEncoding,
    pub delimiter: char,
    pub header_rows: usize,
    /// Data rows read (after the header rows, blank rows not counted).
    pub rows: usize,
    /// Responses kept.
    pub imported: usize,
    /// Partial responses left out (Qualtrics `Finished`, Typeform `Response Type`).
    pub unfinished: usize,
    /// Qualtrics previews, tests and spam left out.
    pub test_responses: usize,
    /// Byte-identical rows pasted more than once.
    pub duplicate_rows: usize,
    /// The same respondent sending identical answers again.
    pub duplicate_submissions: usize,
    /// Earlier submissions replaced by a later one (`keep = "latest"`).
    pub superseded: usize,
    /// Invalid rows skipped with a warning (`skip_invalid_rows = true`).
    pub skipped_rows: usize,
    /// Invalid rows reported as errors.
    pub invalid_rows: usize,
    /// Columns that match no question (tool metadata); never published.
    pub unmatched_columns: Vec<String>,
    /// Question ids with no column in the file.
    pub unmatched_questions: Vec<String>,
    /// The column each row of a matrix question was read from.
    pub matrix_columns: Vec<MatrixColumn>,
    /// Rows of matrix questions with no column (`question id`, row label).
    pub unmatched_rows: Vec<(String, String)>,
}

/// One column of an export read as one row of a matrix question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatrixColumn {
    /// The column as the coordinator sees it, e.g. `Rate your mentor [Availability]`.
    pub column: String,
    pub question: String,
    pub row: String,
}

/// The result of reading one export: what could be read, and every problem.
#[derive(Debug, Clone)]
pub struct Export {
    pub responses: Vec<Response>,
    pub report: ImportReport,
    pub diagnostics: Vec<Diagnostic>,
    /// The problems with single answers, by question: what the intake shows
    /// beside each field (the same problems are in `diagnostics`, located).
    pub answer_errors: Vec<AnswerError>,
}

/// One answer that does not fit its question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerError {
    pub question_id: String,
    /// What is wrong, with the hint if there is one; never the answer of a
    /// private or free-text question.
    pub message: String,
}

/// Reads one export of `schema`'s form. Never fails: what could be read is in
/// `responses`, and every problem is in `diagnostics`.
///
/// An empty file is an error; a file with a header but no rows is a warning
/// (a round that has just opened), and gives no responses.
pub fn read_export(path: &Path, bytes: &[u8], schema: &FormSchema) -> Export {
    let mut report = ImportReport {
        delimiter: ',',
        ..ImportReport::default()
    };
    let mut diagnostics = Vec::new();
    let mut answer_errors = Vec::new();
    let finish =
        |responses: Vec<Response>, report: ImportReport, diagnostics, answer_errors| Export {
            responses,
            report,
            diagnostics,
            answer_errors,
        };
    let index = question_index(schema);
    let known = |cell: &str| index.contains_key(&fold(cell));
    let table = match Table::read(path, bytes, Delimiter::Sniff(&known)) {
        Ok(table) => table,
        Err(d) => {
            diagnostics.push(d);
            return finish(Vec::new(), report, diagnostics, Vec::new());
        }
    };
    report.encoding = table.encoding;
    if table.text.trim().is_empty() {
        diagnostics.push(
            Diagnostic::error(path, "the file is empty")
                .with_hint("export the responses again, with the header row"),
        );
        return finish(Vec::new(), report, diagnostics, Vec::new());
    }
    report.delimiter = table.delimiter as char;
    diagnostics.extend(table.errors.iter().cloned());
    let records = &table.records;
    let (tool, header_rows) = detect_tool(records, schema);
    report.tool = tool;
    report.header_rows = header_rows.min(records.len());
    let cols = columns(records, tool, header_rows);
    // No form has thousands of questions; a file that claims to is not an
    // export, and matching each column against every question would be
    // quadratic in it.
    if cols.len() > MAX_COLUMNS {
        diagnostics.push(
            Diagnostic::error(
                path,
                format!(
                    "the header has {} columns; an export has at most {MAX_COLUMNS}",
                    cols.len()
                ),
            )
            .at_line(records.first().map_or(1, |r| r.line))
            .with_hint("check that this is the form's CSV export, and its delimiter"),
        );
        return finish(Vec::new(), report, diagnostics, Vec::new());
    }
    let roles = assign_roles(schema, tool, &cols);
    let header_line = records.first().map_or(1, |r| r.line);
    let header_at = |col: usize| -> Diagnostic {
        let offset = records.first().map_or(0, |r| table.cell_offset(r, col));
        table.error_at(offset, String::new()).showing_line()
    };

    let mut sources: Vec<Sources> = schema
        .questions
        .iter()
        .map(|q| Sources {
            words: Vocabulary::for_question(q),
            rows: matrix::row_sources(q),
            ..Sources::default()
        })
        .collect();
    for (c, role) in roles.iter().enumerate() {
        match *role {
            Role::Answer(qi) => sources[qi].answer = Some(c),
            Role::OptionColumn(qi, oi) => sources[qi].options.push((c, oi)),
            Role::OtherText(qi) => sources[qi].other = Some(c),
            Role::MatrixRow(qi, ri) => {
                if let Some(row) = sources[qi].rows.get_mut(ri) {
                    row.column = Some(c);
                    report.matrix_columns.push(MatrixColumn {
                        column: cols[c].display.clone(),
                        question: schema.questions[qi].id.clone(),
                        row: row.question.label.clone(),
                    });
                }
            }
            Role::Duplicate(qi) => {
                let d = header_at(c);
                // Which of two columns holds the answers is a guess we
                // will not make: published numbers could come from either.
                diagnostics.push(Diagnostic {
                    severity: crate::diagnostic::Severity::Error,
                    hint: Some("rename or remove one of the two columns".into()),
                    message: format!(
                        "column {} \"{}\" repeats question `{}`",
                        c + 1,
                        cols[c].display,
                        schema.questions[qi].id
                    ),
                    ..d
                });
            }
            Role::Unmatched => {
                if !cols[c].display.is_empty()
                    && !report.unmatched_columns.contains(&cols[c].display)
                {
                    report.unmatched_columns.push(cols[c].display.clone());
                }
            }
        }
    }
    let unmatched_names: Vec<&str> = roles
        .iter()
        .zip(&cols)
        .filter(|(r, _)| **r == Role::Unmatched)
        .map(|(_, c)| c.display.as_str())
        .collect();
    if sources.iter().all(|s| !s.has_column()) {
        let shown: Vec<&str> = unmatched_names.iter().take(4).copied().collect();
        diagnostics.push(
            Diagnostic::error(
                path,
                format!("no column matches a question of form `{}`", schema.id),
            )
            .at_line(header_line)
            .with_hint(format!(
                "columns are matched by question id, label or alias; this file's first columns are: {}",
                shown.join(", ")
            )),
        );
        return finish(Vec::new(), report, diagnostics, Vec::new());
    }
    let mut missing_required = HashSet::new();
    for (qi, q) in schema.questions.iter().enumerate() {
        let s = &sources[qi];
        if s.has_column() && s.answer.is_none() {
            // A matrix read column by column: say which rows have none.
            for row in s.rows.iter().filter(|r| r.column.is_none()) {
                report
                    .unmatched_rows
                    .push((q.id.clone(), row.question.label.clone()));
                let message = format!(
                    "no column for row \"{}\" of question `{}`",
                    row.question.label, q.id
                );
                let d = if q.required {
                    Diagnostic::error(path, message)
                } else {
                    Diagnostic::warning(path, message)
                };
                diagnostics.push(d.at_line(header_line).with_hint(
                    "if one of the ignored columns is this row, add its text to the row's `aliases`",
                ));
            }
        }
        if !s.has_column() {
            report.unmatched_questions.push(q.id.clone());
            let base = if q.required {
                missing_required.insert(qi);
                Diagnostic::error(
                    path,
                    format!(
                        "no column for required question `{}` (\"{}\")",
                        q.id, q.label
                    ),
                )
            } else {
                Diagnostic::warning(
                    path,
                    format!("no column for question `{}` (\"{}\")", q.id, q.label),
                )
            };
            let hint = nearest(&q.label, unmatched_names.iter().copied())
                .or_else(|| nearest(&q.id, unmatched_names.iter().copied()))
                .map(|c| {
                    format!(
                        "if column \"{c}\" is this question, add it to the question's `aliases`"
                    )
                });
            let d = base.at_line(header_line);
            diagnostics.push(match hint {
                Some(h) => d.with_hint(h),
                None => d,
            });
        }
    }

    let meta = Meta::find(tool, &cols, &roles);
    let data = records.iter().skip(header_rows);
    if records.len() <= header_rows {
        diagnostics.push(
            Diagnostic::warning(path, "the file has a header but no responses")
                .at_line(header_line),
        );
    }
    // Rows are independent once the columns are known: parse them in
    // parallel, then count and collect in file order.
    let skip = schema.skip_invalid_rows;
    let reader = RowReader {
        schema,
        table: &table,
        tool,
        cols: &cols,
        sources: &sources,
        missing_required: &missing_required,
        meta,
        skip,
        keys: std::collections::hash_map::RandomState::new(),
    };
    let rows: Vec<Row> = data
        .collect::<Vec<_>>()
        .par_iter()
        .map(|r| reader.read(r))
        .collect();
    let mut candidates: Vec<Candidate> = Vec::new();
    // Each distinct problem once: where in `diagnostics` it is, and the
    // lines of every row that has it.
    let mut shared: HashMap<String, (usize, Vec<usize>)> = HashMap::new();
    for row in rows {
        report.rows += 1;
        match row {
            Row::Unfinished => report.unfinished += 1,
            Row::Test => report.test_responses += 1,
            Row::Invalid(problems, answers) => {
                answer_errors.extend(answers);
                for p in problems {
                    match shared.entry(p.key) {
                        Entry::Occupied(mut seen) => seen.get_mut().1.push(p.line),
                        Entry::Vacant(new) => {
                            new.insert((diagnostics.len(), vec![p.line]));
                            diagnostics.push(p.diagnostic);
                        }
                    }
                }
                if skip {
                    report.skipped_rows += 1;
                } else {
                    report.invalid_rows += 1;
                }
            }
            Row::Valid(candidate) => candidates.push(candidate),
        }
    }
    for (at, lines) in shared.into_values() {
        if lines.len() > 1 {
            diagnostics[at].message += &format!(" ({})", crate::diagnostic::rows_at(&lines));
        }
    }
    if report.rows > 0 && candidates.is_empty() && report.invalid_rows + report.skipped_rows == 0 {
        diagnostics.push(
            Diagnostic::warning(
                path,
                "no complete responses: every row is unfinished or a test",
            )
            .at_line(header_line),
        );
    }

    let responses = deduplicate(schema, candidates, &mut report);
    report.imported = responses.len();
    finish(responses, report, diagnostics, answer_errors)
}

/// The most columns an export may have.
pub const MAX_COLUMNS: usize = 2000;
