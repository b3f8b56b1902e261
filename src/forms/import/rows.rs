//! One data row of an export: left out as unfinished or a test, refused
//! with its problems located, or read into a response.

use super::super::schema::{FormSchema, KeepPolicy, QuestionKind};
use super::answers::{parse_answer, Sources};
use super::duplicates::{identity_key, row_fingerprint, Candidate};
use super::layout::{Column, Role};
use super::text::{clean, fold};
use super::{Answer, AnswerError, Response, Tool};
use crate::diagnostic::Diagnostic;
use crate::table::{Record, Table};
use std::collections::HashSet;

/// What became of one data row.
pub(super) enum Row {
    Unfinished,
    Test,
    /// Located problems, and the same problems by question.
    Invalid(Vec<Problem>, Vec<AnswerError>),
    Valid(Candidate),
}

/// One problem of a row. Rows of an export often share a problem (a scale
/// word the schema does not know, in 30 rows): `key` tells which problems
/// are the same, so each is reported once with the count of its rows.
pub(super) struct Problem {
    pub(super) key: String,
    pub(super) line: usize,
    pub(super) diagnostic: Diagnostic,
}

/// The tool's metadata columns that decide whether a row counts at all.
#[derive(Default)]
pub(super) struct Meta {
    pub(super) finished: Option<usize>,
    pub(super) status: Option<usize>,
    pub(super) response_type: Option<usize>,
    pub(super) timestamp: Option<usize>,
}

impl Meta {
    pub(super) fn find(tool: Tool, cols: &[Column], roles: &[Role]) -> Meta {
        let meta = |names: &[&str]| -> Option<usize> {
            (0..cols.len()).find(|&c| {
                roles[c] == Role::Unmatched
                    && cols[c]
                        .names
                        .iter()
                        .any(|n| names.contains(&fold(n).as_str()))
            })
        };
        let finished = match tool {
            Tool::Qualtrics => meta(&["finished"]),
            _ => None,
        };
        let status = match tool {
            Tool::Qualtrics => meta(&["status", "response type"]),
            _ => None,
        };
        let response_type = match tool {
            Tool::Typeform => meta(&["response type"]),
            _ => None,
        };
        let timestamp = meta(&[
            "timestamp",
            "completion time",
            "submit date (utc)",
            "submitted at",
            "enddate",
            "end date",
            "recordeddate",
        ]);
        Meta {
            finished,
            status,
            response_type,
            timestamp,
        }
    }
}

/// Everything reading a row needs, once the columns are known.
pub(super) struct RowReader<'a> {
    pub(super) schema: &'a FormSchema,
    pub(super) table: &'a Table<'a>,
    pub(super) tool: Tool,
    pub(super) cols: &'a [Column],
    pub(super) sources: &'a [Sources],
    /// Required questions without a column: reported once, not per row.
    pub(super) missing_required: &'a HashSet<usize>,
    pub(super) meta: Meta,
    /// Invalid rows are warnings and skipped (`skip_invalid_rows`).
    pub(super) skip: bool,
    pub(super) keys: std::collections::hash_map::RandomState,
}

impl RowReader<'_> {
    pub(super) fn read(&self, record: &Record) -> Row {
        let severity = |message: String| {
            if self.skip {
                Diagnostic::warning(self.table.path, message)
            } else {
                Diagnostic::error(self.table.path, message)
            }
        };
        let extra_filled = record
            .fields
            .iter()
            .skip(self.cols.len())
            .any(|f| !f.trim().is_empty());
        if record.fields.len() < self.cols.len() || extra_filled {
            let problem = self
                .table
                .locate(
                    severity(format!(
                        "row has {} fields but the header has {}",
                        record.fields.len(),
                        self.cols.len()
                    )),
                    record.offset,
                )
                .with_hint("a field with a line break or a delimiter must be quoted with \"…\"");
            return Row::Invalid(
                vec![Problem {
                    key: format!("fields {}", record.fields.len()),
                    line: record.line,
                    diagnostic: problem,
                }],
                Vec::new(),
            );
        }
        let cell = |c: usize| -> &str { record.fields.get(c).map(clean).unwrap_or("") };
        if let Some(c) = self.meta.finished {
            if matches!(fold(cell(c)).as_str(), "false" | "0" | "no") {
                return Row::Unfinished;
            }
        }
        if let Some(c) = self.meta.response_type {
            let v = fold(cell(c));
            if !v.is_empty() && v != "completed" && v != "complete" {
                return Row::Unfinished;
            }
        }
        if let Some(c) = self.meta.status {
            let v = fold(cell(c));
            if matches!(
                v.as_str(),
                "survey preview" | "survey test" | "spam" | "1" | "2" | "8"
            ) {
                return Row::Test;
            }
        }
        let mut answers = Vec::with_capacity(self.schema.questions.len());
        let mut problems = Vec::new();
        for (qi, q) in self.schema.questions.iter().enumerate() {
            if self.missing_required.contains(&qi) {
                answers.push(Answer::Missing);
                continue;
            }
            match parse_answer(q, &self.sources[qi], &cell) {
                Ok(a) => answers.push(a),
                Err(p) => {
                    problems.push((q, p));
                    answers.push(Answer::Missing);
                }
            }
        }
        if !problems.is_empty() {
            let mut located = Vec::with_capacity(problems.len());
            let mut by_question = Vec::with_capacity(problems.len());
            for (q, p) in problems {
                let key = format!("{}\u{1f}{}\u{1f}{}", p.column, p.value, p.message);
                let name = self.cols.get(p.column).map_or("", |c| c.display.as_str());
                // An answer is shown only when it cannot identify anyone:
                // a closed question that is not private. Free text, emails,
                // names and ids are described, never repeated.
                let shows_value =
                    !q.is_private() && !matches!(q.kind, QuestionKind::Text) && !p.value.is_empty();
                let what = if p.value.is_empty() {
                    p.message
                } else if shows_value {
                    format!("\"{}\" is {}", p.value, p.message)
                } else {
                    format!("the answer is {}", p.message)
                };
                let d = self.table.locate(
                    severity(format!(
                        "column {} \"{}\" (question `{}`): {what}",
                        p.column + 1,
                        name,
                        q.id
                    )),
                    self.table.cell_offset(record, p.column),
                );
                let d = if shows_value { d.showing_field() } else { d };
                by_question.push(AnswerError {
                    question_id: q.id.clone(),
                    message: match &p.hint {
                        Some(h) => format!("{what} ({h})"),
                        None => what.clone(),
                    },
                });
                located.push(Problem {
                    key,
                    line: record.line,
                    diagnostic: match p.hint {
                        Some(h) => d.with_hint(h),
                        None => d,
                    },
                });
            }
            return Row::Invalid(located, by_question);
        }
        let response = Response {
            line: record.line,
            answers,
        };
        Row::Valid(Candidate {
            identity_key: identity_key(self.schema, &response, &self.keys),
            response,
            // Our own normalised file has no pasted rows to find.
            raw: (self.tool != Tool::Normalised).then(|| row_fingerprint(&record.fields)),
            timestamp: if self.schema.keep == KeepPolicy::Latest {
                self.meta
                    .timestamp
                    .map(&cell)
                    .unwrap_or_default()
                    .to_string()
            } else {
                String::new()
            },
        })
    }
}
