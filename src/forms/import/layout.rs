//! The layout of an export: which tool wrote it, how many header rows it
//! has, and which column answers which question.

use super::super::schema::{FormSchema, Question, QuestionKind};
use super::text::{fold, is_other_header, same_folded};
use super::Tool;
use crate::table::Record;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Role {
    Unmatched,
    Answer(usize),
    OptionColumn(usize, usize),
    OtherText(usize),
    /// A column of one row of a matrix question: (question, row).
    MatrixRow(usize, usize),
    Duplicate(usize),
}

pub(super) struct Column {
    /// Header texts to try, most specific first.
    pub(super) names: Vec<String>,
    /// SurveyMonkey's second header row: option text or "Response".
    pub(super) sub: Option<String>,
    /// What a coordinator sees as the column's name.
    pub(super) display: String,
}

pub(super) fn detect_tool(records: &[Record], schema: &FormSchema) -> (Tool, usize) {
    let row = |i: usize| -> Vec<String> {
        records
            .get(i)
            .map(|r| r.fields.iter().map(fold).collect())
            .unwrap_or_default()
    };
    let first = row(0);
    let has = |name: &str| first.iter().any(|f| f == name);
    let third_is_import_ids = records.get(2).is_some_and(|r| {
        r.fields
            .iter()
            .any(|f| f.trim().starts_with("{\"ImportId\""))
    });
    if third_is_import_ids {
        return (Tool::Qualtrics, 3);
    }
    if has("responseid") || (has("startdate") && has("finished")) {
        return (Tool::Qualtrics, 2);
    }
    if has("respondent id") && has("collector id") {
        return (Tool::SurveyMonkey, 2);
    }
    if has("start time") && has("completion time") {
        return (Tool::MicrosoftForms, 1);
    }
    if has("submitted at")
        || has("submit date (utc)")
        || has("network id")
        || (has("response type") && first.first().is_some_and(|f| f == "#"))
        || (has("token") && first.first().is_some_and(|f| f == "#"))
    {
        return (Tool::Typeform, 1);
    }
    if first.iter().any(|f| {
        matches!(
            f.as_str(),
            "timestamp" | "marca temporal" | "horodateur" | "zeitstempel" | "carimbo de data/hora"
        )
    }) {
        return (Tool::GoogleForms, 1);
    }
    let ids: HashSet<&str> = schema.questions.iter().map(|q| q.id.as_str()).collect();
    let first = records.first().filter(|r| !r.fields.is_empty());
    if first.is_some_and(|r| r.fields.iter().all(|f| f.is_empty() || ids.contains(f))) {
        return (Tool::Normalised, 1);
    }
    (Tool::Generic, 1)
}

pub(super) fn columns(records: &[Record], tool: Tool, header_rows: usize) -> Vec<Column> {
    let width = records
        .iter()
        .take(header_rows)
        .map(|r| r.fields.len())
        .max()
        .unwrap_or(0);
    let cell = |row: usize, col: usize| -> String {
        records
            .get(row)
            .and_then(|r| r.fields.get(col))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let mut out = Vec::with_capacity(width);
    let mut last_base = String::new();
    for col in 0..width {
        let column = match tool {
            Tool::Qualtrics => {
                let (id, text) = (cell(0, col), cell(1, col));
                let mut names = vec![id.clone(), text.clone()];
                let import = cell(2, col);
                if let Some(rest) = import.strip_prefix("{\"ImportId\":\"") {
                    names.push(rest.split('"').next().unwrap_or("").to_string());
                }
                Column {
                    display: if text.is_empty() { id } else { text },
                    names,
                    sub: None,
                }
            }
            Tool::SurveyMonkey => {
                let base = cell(0, col);
                if !base.is_empty() {
                    last_base = base;
                }
                let sub = cell(1, col);
                Column {
                    names: vec![last_base.clone()],
                    display: if sub.is_empty() {
                        last_base.clone()
                    } else {
                        format!("{last_base} [{sub}]")
                    },
                    sub: Some(sub),
                }
            }
            _ => {
                let name = cell(0, col);
                Column {
                    names: vec![name.clone()],
                    display: name,
                    sub: None,
                }
            }
        };
        out.push(column);
    }
    out
}

pub(super) fn question_index(schema: &FormSchema) -> HashMap<String, usize> {
    let mut index = HashMap::new();
    for (i, q) in schema.questions.iter().enumerate() {
        for name in std::iter::once(&q.id).chain([&q.label]).chain(&q.aliases) {
            index.entry(fold(name)).or_insert(i);
        }
    }
    index
}

fn option_position(q: &Question, text: &str) -> Option<usize> {
    q.options.iter().position(|o| same_folded(o, text))
}

fn has_options(q: &Question) -> bool {
    matches!(q.kind, QuestionKind::Choice | QuestionKind::Multi)
}

/// The role of a `base <sep> part` header: an option or Other column.
fn part_role(schema: &FormSchema, qi: usize, part: &str) -> Option<Role> {
    let q = &schema.questions[qi];
    if q.kind == QuestionKind::Matrix {
        return super::matrix::row_position(q, part).map(|ri| Role::MatrixRow(qi, ri));
    }
    if !has_options(q) {
        return None;
    }
    if let Some(oi) = option_position(q, part) {
        return Some(Role::OptionColumn(qi, oi));
    }
    // Qualtrics names the main column of a question with an Other box so.
    if fold(part) == "selected choice" {
        return Some(Role::Answer(qi));
    }
    (q.other && is_other_header(part)).then_some(Role::OtherText(qi))
}

fn split_role(schema: &FormSchema, index: &HashMap<String, usize>, name: &str) -> Option<Role> {
    // `Question [Option]` (Google grids, many generic exports).
    if let Some(stripped) = name.trim_end().strip_suffix(']') {
        if let Some(open) = stripped.rfind('[') {
            let (base, part) = (&stripped[..open], &stripped[open + 1..]);
            if let Some(&qi) = index.get(&fold(base)) {
                if let Some(role) = part_role(schema, qi, part) {
                    return Some(role);
                }
            }
        }
    }
    // `Question - Option`, `Question: Option`, Qualtrics `Question - Other - Text`,
    // `Question.Row` (Microsoft Forms' likert rows in some exports).
    for sep in [" - ", ": ", " – ", "."] {
        for (at, _) in name.match_indices(sep) {
            let (base, part) = (&name[..at], &name[at + sep.len()..]);
            if let Some(&qi) = index.get(&fold(base)) {
                if let Some(role) = part_role(schema, qi, part) {
                    return Some(role);
                }
            }
        }
    }
    None
}

pub(super) fn assign_roles(schema: &FormSchema, tool: Tool, cols: &[Column]) -> Vec<Role> {
    let index = question_index(schema);
    let mut roles = vec![Role::Unmatched; cols.len()];
    let mut answered: HashSet<usize> = HashSet::new();
    let mut has_other: HashSet<usize> = HashSet::new();
    let mut rows_seen: HashSet<(usize, usize)> = HashSet::new();
    for (c, col) in cols.iter().enumerate() {
        let previous = c.checked_sub(1).map_or(Role::Unmatched, |p| roles[p]);
        let mut role = Role::Unmatched;
        for name in col.names.iter().filter(|n| !n.is_empty()) {
            if let Some(&qi) = index.get(&fold(name)) {
                role = match col.sub.as_deref().map(fold).as_deref() {
                    None | Some("") | Some("response") | Some("open-ended response") => {
                        Role::Answer(qi)
                    }
                    Some(sub) => part_role(schema, qi, sub).unwrap_or(Role::Unmatched),
                };
            } else if let Some(r) = split_role(schema, &index, name) {
                role = r;
            }
            if role != Role::Unmatched {
                break;
            }
        }
        if role == Role::Unmatched && tool != Tool::Normalised {
            // Typeform: the header of a multi-choice column is the option itself.
            let name = col.names.first().map(String::as_str).unwrap_or("");
            let prev_q = match previous {
                Role::OptionColumn(qi, _) | Role::Answer(qi) => Some(qi),
                _ => None,
            };
            let candidates: Vec<(usize, usize)> = schema
                .questions
                .iter()
                .enumerate()
                .filter(|(_, q)| q.kind == QuestionKind::Multi)
                .filter_map(|(qi, q)| option_position(q, name).map(|oi| (qi, oi)))
                .collect();
            if let Some(&(qi, oi)) = candidates
                .iter()
                .find(|(qi, _)| Some(*qi) == prev_q)
                .or(candidates.first())
            {
                role = Role::OptionColumn(qi, oi);
            } else if let Some(r) = super::matrix::bare_row_role(schema, name, previous, &|q, r| {
                rows_seen.contains(&(q, r))
            }) {
                // Microsoft Forms and Typeform: a grid's column is its row's text.
                role = r;
            } else if let Some(qi) = prev_q {
                let q = &schema.questions[qi];
                if has_options(q) && q.other && is_other_header(name) {
                    role = Role::OtherText(qi);
                }
            }
        }
        // A repeated header: tools put the Other text under the question's name again.
        if let Role::Answer(qi) = role {
            if !answered.insert(qi) {
                let q = &schema.questions[qi];
                role = if has_options(q) && q.other && has_other.insert(qi) {
                    Role::OtherText(qi)
                } else {
                    Role::Duplicate(qi)
                };
            }
        } else if let Role::OtherText(qi) = role {
            if !has_other.insert(qi) {
                role = Role::Duplicate(qi);
            }
        } else if let Role::MatrixRow(qi, ri) = role {
            if !rows_seen.insert((qi, ri)) {
                role = Role::Duplicate(qi);
            }
        }
        roles[c] = role;
    }
    // Tools add the respondent's email or name as metadata; use it when the
    // form's own question has no column.
    for (qi, q) in schema.questions.iter().enumerate() {
        let known: &[&str] = match q.kind {
            QuestionKind::Email => &[
                "email address",
                "email",
                "e-mail",
                "recipientemail",
                "recipient email",
                "respondent email",
            ],
            QuestionKind::Name => &["name", "full name", "respondent name"],
            _ => continue,
        };
        if roles
            .iter()
            .any(|r| matches!(r, Role::Answer(i) if *i == qi))
        {
            continue;
        }
        if let Some(c) = (0..cols.len()).find(|&c| {
            roles[c] == Role::Unmatched
                && cols[c]
                    .names
                    .iter()
                    .any(|n| known.contains(&fold(n).as_str()))
        }) {
            roles[c] = Role::Answer(qi);
        }
    }
    roles
}
