//! Pairs the coordinator rules out: the excluded-pairs file.

use super::assign::lookup_keys;
use super::candidates::{Applicant, MentorCandidate};
use super::score::normalize;
use crate::diagnostic::Diagnostic;
use crate::table::header::map_header;
use crate::table::{Delimiter, Table};
use std::path::Path;

/// The columns of an excluded-pairs file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Mentor,
    Mentee,
}

const COLUMNS: [(Column, &str); 2] = [(Column::Mentor, "mentor"), (Column::Mentee, "mentee")];

/// Reads an excluded-pairs file: CSV with a header naming a `mentor` column
/// (slug or name) and a `mentee` column (the applicant's name, e-mail or
/// id); other columns, such as a reason, are ignored, and rows starting with
/// `#` are comments. Returns the pairs as `(mentor, mentee)`, and a
/// diagnostic for each problem, at its cell; rows with problems are left out.
pub fn parse_excluded_pairs(path: &Path, bytes: &[u8]) -> (Vec<(String, String)>, Vec<Diagnostic>) {
    let table = match Table::read(path, bytes, Delimiter::Comma) {
        Ok(table) => table,
        Err(d) => return (Vec::new(), vec![d]),
    };
    let mut diagnostics = table.errors.clone();
    let mut records = table.records.iter().filter(|r| {
        !r.fields
            .get(0)
            .is_some_and(|f| f.trim_start().starts_with('#'))
    });
    let Some(header) = records.next() else {
        return (Vec::new(), diagnostics);
    };
    let required = [Column::Mentor, Column::Mentee];
    let Some(columns) = map_header(&table, header, &COLUMNS, &required, &mut diagnostics) else {
        return (Vec::new(), diagnostics);
    };
    let mut pairs = Vec::new();
    for record in records {
        let cell = |column: Column| {
            let i = columns.index(column).unwrap_or(0);
            (i, record.fields.get(i).map(str::trim).unwrap_or(""))
        };
        let (mentor, mentee) = (cell(Column::Mentor), cell(Column::Mentee));
        if let Some((i, name)) = [(mentor, "mentor"), (mentee, "mentee")]
            .into_iter()
            .find(|((_, text), _)| text.is_empty())
            .map(|((i, _), name)| (i, name))
        {
            diagnostics.push(table.error_at(
                table.cell_offset(record, i),
                format!("the `{name}` cell of this row is empty"),
            ));
            continue;
        }
        pairs.push((mentor.1.to_string(), mentee.1.to_string()));
    }
    (pairs, diagnostics)
}

/// The excluded pairs that name no known mentor or no known applicant, as
/// messages for a warning: most likely a typo, which would otherwise
/// silently allow the pair.
pub fn unknown_exclusions(
    excluded: &[(String, String)],
    applicants: &[Applicant],
    mentors: &[MentorCandidate],
) -> Vec<String> {
    let (mentor_keys, applicant_keys) = lookup_keys(applicants, mentors);
    let mut messages = Vec::new();
    for (mentor, mentee) in excluded {
        if !mentor_keys.contains_key(&normalize(mentor)) {
            messages.push(format!(
                "excluded pair `{mentor}`, `{mentee}`: no mentor has the slug or name `{mentor}`"
            ));
        }
        if !applicant_keys.contains_key(&normalize(mentee)) {
            messages.push(format!(
                "excluded pair `{mentor}`, `{mentee}`: no applicant has the name, e-mail or id `{mentee}`"
            ));
        }
    }
    messages
}
