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

use super::schema::{FormSchema, KeepPolicy, Question, QuestionKind, STANDARD_LIKERT};
use crate::diagnostic::{nearest, Diagnostic};
pub use crate::table::SourceEncoding;
use crate::table::{Delimiter, Record, Table};
use chrono::{NaiveDate, NaiveDateTime};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::BuildHasher as _;
use std::path::Path;

pub use crate::private::PrivateText;

/// One validated answer; `answers[i]` of a [`Response`] answers
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
}

/// The result of reading one export: what could be read, and every problem.
#[derive(Debug, Clone)]
pub struct Export {
    pub responses: Vec<Response>,
    pub report: ImportReport,
    pub diagnostics: Vec<Diagnostic>,
}

/// Trim, case fold and collapse spaces, so `Satisfaction  (1-5) *` matches
/// `satisfaction (1-5)`.
fn fold(s: &str) -> String {
    if s.is_ascii() {
        return folded_ascii(s).map(char::from).collect();
    }
    folded(s).collect()
}

/// `fold` as an iterator: no allocation, so comparing a cell with every
/// option of a question costs nothing per row (this runs once per cell of
/// every submission).
fn folded(s: &str) -> impl Iterator<Item = char> + '_ {
    // `trim` already treats no-break spaces as white space.
    let core = s.trim().trim_end_matches('*').trim();
    let mut in_space = false;
    core.chars()
        .filter_map(move |c| {
            if c.is_whitespace() {
                let first = !in_space;
                in_space = true;
                first.then_some(' ')
            } else {
                in_space = false;
                Some(if matches!(c, '’' | '‘') { '\'' } else { c })
            }
        })
        .flat_map(char::to_lowercase)
}

/// `fold(a) == fold(b)`, without allocating.
fn same_folded(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        // Most cells and options are ASCII: fold bytes, not Unicode chars.
        return folded_ascii(a).eq(folded_ascii(b));
    }
    folded(a).eq(folded(b))
}

/// `folded` for ASCII text.
fn folded_ascii(s: &str) -> impl Iterator<Item = u8> + '_ {
    let core = s.trim().trim_end_matches('*').trim();
    let mut in_space = false;
    core.bytes().filter_map(move |b| {
        if b.is_ascii_whitespace() {
            let first = !in_space;
            in_space = true;
            first.then_some(b' ')
        } else {
            in_space = false;
            Some(b.to_ascii_lowercase())
        }
    })
}

/// A cell as a person meant it: trimmed, with our formula guard removed.
fn clean(cell: &str) -> &str {
    let t = cell.trim();
    match t.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.trim(),
        _ => t,
    }
}

/// A cell that says "Other" rather than giving the other text.
fn is_other_marker(s: &str) -> bool {
    let f = fold(s);
    let f = f.trim_end_matches([':', '.', '…']).trim();
    matches!(
        f,
        "other" | "others" | "other, please specify" | "other - please specify"
    ) || (f.starts_with("other (") && f.ends_with(')') && f.len() < 40)
}

/// A header naming an Other text column ("Other (please specify) - Text").
fn is_other_header(s: &str) -> bool {
    let f = fold(s);
    is_other_marker(&f) || (f.starts_with("other") && f.len() < 60)
}

// ---------------------------------------------------------------- layout

#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Unmatched,
    Answer(usize),
    OptionColumn(usize, usize),
    OtherText(usize),
    Duplicate(usize),
}

struct Column {
    /// Header texts to try, most specific first.
    names: Vec<String>,
    /// SurveyMonkey's second header row: option text or "Response".
    sub: Option<String>,
    /// What a coordinator sees as the column's name.
    display: String,
}

fn detect_tool(records: &[Record], schema: &FormSchema) -> (Tool, usize) {
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

fn columns(records: &[Record], tool: Tool, header_rows: usize) -> Vec<Column> {
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

fn question_index(schema: &FormSchema) -> HashMap<String, usize> {
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
    // `Question - Option`, `Question: Option`, Qualtrics `Question - Other - Text`.
    for sep in [" - ", ": ", " – "] {
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

fn assign_roles(schema: &FormSchema, tool: Tool, cols: &[Column]) -> Vec<Role> {
    let index = question_index(schema);
    let mut roles = vec![Role::Unmatched; cols.len()];
    let mut answered: HashSet<usize> = HashSet::new();
    let mut has_other: HashSet<usize> = HashSet::new();
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

// ---------------------------------------------------------------- answers

struct Problem {
    column: usize,
    value: String,
    message: String,
    hint: Option<String>,
}

/// A number as people type it: `3`, `3.5`, `3,5`, `1 234,5`, `1,234.5`.
fn parse_number(s: &str) -> Option<f64> {
    // Most cells are plain numbers: parse them without copying.
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        if let Ok(v) = s.parse::<f64>() {
            return Some(v);
        }
    }
    let s: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .collect();
    let s = if s.contains(',') && s.contains('.') {
        s.replace(',', "")
    } else if s.matches(',').count() == 1 {
        s.replace(',', ".")
    } else {
        s
    };
    let valid = !s.is_empty()
        && s.trim_start_matches(['-', '+'])
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
        && s.trim_start_matches(['-', '+']).matches('.').count() <= 1
        && s.chars().any(|c| c.is_ascii_digit());
    if valid {
        s.parse().ok()
    } else {
        None
    }
}

/// `5 - Very satisfied`, `10 (Extremely likely)`: the leading integer.
fn leading_integer(s: &str) -> Option<f64> {
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = s[digits.len()..].trim_start();
    if digits.is_empty() || rest.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == ',') {
        return None;
    }
    digits.parse().ok()
}

fn parse_level(q: &Question, words: &Vocabulary, s: &str) -> Result<f64, (String, Option<String>)> {
    let Some((min, max)) = q.range() else {
        return Err(("not a rating question".into(), None));
    };
    // A plain whole number in range is the common answer; no label is a
    // number, so it cannot mean anything else.
    if let Ok(v) = s.parse::<i64>() {
        if (min..=max).contains(&v) {
            return Ok(v as f64);
        }
    }
    if let Some(i) = words.find(s) {
        return Ok(min as f64 + i as f64);
    }
    let labels: Vec<&str> = q.labels.iter().map(String::as_str).collect();
    match parse_number(s).or_else(|| leading_integer(s)) {
        Some(v) if v.fract() == 0.0 && v >= min as f64 && v <= max as f64 => Ok(v),
        Some(v) if v.fract() != 0.0 => Err((format!("{v} is not a whole number"), None)),
        Some(_) => Err((format!("out of range {min}–{max}"), None)),
        None => Err((
            if labels.is_empty() {
                format!("not a number from {min} to {max}")
            } else {
                format!("not a number from {min} to {max} nor one of the labels")
            },
            nearest(s, labels.iter().copied()).map(|l| format!("did you mean `{l}`?")),
        )),
    }
}

/// Splits a multi-choice cell into options and leftover text. Options may
/// themselves contain commas, so known options are matched first and only
/// what is left is split on `,` / `;`.
#[cfg(test)]
fn split_multi(cell: &str, options: &[String]) -> (BTreeSet<usize>, Vec<String>) {
    let words = Vocabulary::new(options.iter().map(String::as_str).zip(0..));
    split_multi_with(cell, options, &words)
}

fn split_multi_with(
    cell: &str,
    options: &[String],
    words: &Vocabulary,
) -> (BTreeSet<usize>, Vec<String>) {
    // The common case, fast: every piece between separators is an option.
    // Only when no option contains the separator can the pieces be trusted.
    let separator = if cell.contains(';') { ';' } else { ',' };
    if !options.iter().any(|o| o.contains(separator)) {
        let mut selected = BTreeSet::new();
        let all_known = cell
            .split(separator)
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .all(|piece| match words.find(piece) {
                Some(i) => {
                    selected.insert(i);
                    true
                }
                None => false,
            });
        if all_known {
            return (selected, Vec::new());
        }
    }
    let chars: Vec<char> = cell.chars().collect();
    let opts: Vec<Vec<char>> = options.iter().map(|o| o.chars().collect()).collect();
    let is_sep = |c: char| c == ',' || c == ';';
    let same = |a: char, b: char| a == b || a.to_lowercase().eq(b.to_lowercase());
    // The longest option starting at `at` that ends at a separator or the end.
    let option_at = |at: usize| -> Option<(usize, usize)> {
        opts.iter()
            .enumerate()
            .filter(|(_, o)| {
                !o.is_empty()
                    && at + o.len() <= chars.len()
                    && o.iter().zip(&chars[at..]).all(|(a, b)| same(*a, *b))
                    && chars[at + o.len()..]
                        .iter()
                        .find(|c| !c.is_whitespace())
                        .is_none_or(|c| is_sep(*c))
            })
            .max_by_key(|(_, o)| o.len())
            .map(|(i, o)| (i, o.len()))
    };
    let mut selected = BTreeSet::new();
    let mut unknown = Vec::new();
    let mut pos = 0;
    loop {
        while pos < chars.len() && (chars[pos].is_whitespace() || is_sep(chars[pos])) {
            pos += 1;
        }
        if pos >= chars.len() {
            break;
        }
        if let Some((i, len)) = option_at(pos) {
            selected.insert(i);
            pos += len;
            continue;
        }
        // Unknown text runs until the next separator that is followed by a known option.
        let mut end = chars.len();
        let mut next = chars.len();
        for p in pos + 1..chars.len() {
            if is_sep(chars[p]) {
                let mut start = p + 1;
                while start < chars.len() && chars[start].is_whitespace() {
                    start += 1;
                }
                if option_at(start).is_some() {
                    end = p;
                    next = start;
                    break;
                }
            }
        }
        let piece: String = chars[pos..end].iter().collect();
        // All trailing separators, even with spaces between them (`a, ,`).
        let piece = piece
            .trim_end_matches(|c: char| is_sep(c) || c.is_whitespace())
            .trim()
            .to_string();
        if !piece.is_empty() {
            unknown.push(piece);
        }
        pos = next;
    }
    (selected, unknown)
}

fn is_selected(cell: &str) -> bool {
    !cell.is_empty()
        && !matches!(
            fold(cell).as_str(),
            "0" | "false" | "no" | "n" | "not selected"
        )
}

fn parse_date(s: &str) -> Option<String> {
    let s = s.trim();
    let first = s.split(['T', ' ']).next().unwrap_or(s);
    let numeric = |text: &str| -> Option<NaiveDate> {
        for format in ["%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y"] {
            if let Ok(d) = NaiveDate::parse_from_str(text, format) {
                return Some(d);
            }
        }
        let parts: Vec<&str> = text.split('/').collect();
        if parts.len() == 3 {
            let a: u32 = parts[0].parse().ok()?;
            let b: u32 = parts[1].parse().ok()?;
            let mut y: i32 = parts[2].parse().ok()?;
            if parts[2].len() == 2 {
                y += 2000;
            }
            // Day first only when the first part cannot be a month: the tools
            // that write slashes (Google, Microsoft, SurveyMonkey) default to US order.
            let (m, d) = if a > 12 { (b, a) } else { (a, b) };
            return NaiveDate::from_ymd_opt(y, m, d);
        }
        None
    };
    let date = numeric(first).or_else(|| {
        let cleaned = s.replace(',', "");
        ["%d %B %Y", "%B %d %Y", "%d %b %Y", "%b %d %Y"]
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(&cleaned, f).ok())
    })?;
    Some(date.format("%Y-%m-%d").to_string())
}

const TIMESTAMP_FORMATS: [&str; 14] = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %I:%M:%S %p",
    "%Y/%m/%d %H:%M:%S",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %H:%M",
    "%m/%d/%y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
];

/// Timestamps only order one respondent's submissions, so a format is
/// chosen per file: the first that reads every timestamp in it.
fn parse_timestamps(values: &[&str]) -> Option<Vec<Option<NaiveDateTime>>> {
    let strip = |s: &str| -> String {
        s.trim()
            .trim_end_matches('Z')
            .split_whitespace()
            .filter(|t| !t.starts_with("GMT") && !t.starts_with("UTC") && !t.starts_with('+'))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let cleaned: Vec<String> = values.iter().map(|v| strip(v)).collect();
    TIMESTAMP_FORMATS.iter().find_map(|format| {
        let parsed: Vec<Option<NaiveDateTime>> = cleaned
            .iter()
            .map(|v| NaiveDateTime::parse_from_str(v, format).ok())
            .collect();
        let all = parsed
            .iter()
            .zip(&cleaned)
            .all(|(p, v)| p.is_some() || v.is_empty());
        (all && parsed.iter().any(Option::is_some)).then_some(parsed)
    })
}

fn valid_email(s: &str) -> bool {
    let mut parts = s.split('@');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(local), Some(domain), None) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.chars().any(char::is_whitespace)
        }
        _ => false,
    }
}

/// The columns feeding one question.
#[derive(Default)]
struct Sources {
    answer: Option<usize>,
    options: Vec<(usize, usize)>,
    other: Option<usize>,
    /// The question's options, or a rating's labels, folded once.
    words: Vocabulary,
}

/// Words a question accepts (options, or labels of a rating), folded once
/// so that each cell costs one lookup rather than a comparison per word.
#[derive(Default)]
struct Vocabulary(HashMap<String, usize>);

impl Vocabulary {
    /// The first of equal folded words wins, as a search in order would.
    fn new<'a>(words: impl IntoIterator<Item = (&'a str, usize)>) -> Self {
        let mut map = HashMap::new();
        for (word, i) in words {
            map.entry(fold(word)).or_insert(i);
        }
        Vocabulary(map)
    }

    fn for_question(q: &Question) -> Self {
        match q.kind {
            QuestionKind::Choice | QuestionKind::Multi => {
                Vocabulary::new(q.options.iter().map(String::as_str).zip(0..))
            }
            QuestionKind::Scale | QuestionKind::Likert => {
                let labels = q.labels.iter().map(String::as_str).zip(0..);
                // A five-point scale also takes the standard likert wording,
                // and the other words tools use for its middle.
                let standard = (q.labels.len() == 5).then(|| {
                    STANDARD_LIKERT.iter().copied().zip(0..).chain([
                        ("neutral", 2),
                        ("neither agree or disagree", 2),
                        ("neither", 2),
                    ])
                });
                Vocabulary::new(labels.chain(standard.into_iter().flatten()))
            }
            _ => Vocabulary::default(),
        }
    }

    fn find(&self, text: &str) -> Option<usize> {
        // Fold a short ASCII cell on the stack: this runs for every cell.
        let mut buffer = [0u8; 64];
        if text.is_ascii() && text.len() <= buffer.len() {
            let mut n = 0;
            for b in folded_ascii(text) {
                buffer[n] = b;
                n += 1;
            }
            let folded = std::str::from_utf8(&buffer[..n]).ok()?;
            return self.0.get(folded).copied();
        }
        self.0.get(&fold(text)).copied()
    }
}

fn parse_answer<'r>(
    q: &Question,
    src: &Sources,
    cell: &dyn Fn(usize) -> &'r str,
) -> Result<Answer, Problem> {
    let main = src.answer.map(cell).unwrap_or_default();
    let other_text = src.other.map(cell).unwrap_or_default();
    let problem =
        |column: Option<usize>, value: &str, message: String, hint: Option<String>| Problem {
            column: column
                .or(src.answer)
                .or(src.options.first().map(|o| o.0))
                .unwrap_or(0),
            value: value.to_string(),
            message,
            hint,
        };
    let text = |s: &str| PrivateText::new(s.to_string());
    let answer = match q.kind {
        QuestionKind::Scale | QuestionKind::Likert | QuestionKind::Nps => {
            if main.is_empty() {
                Answer::Missing
            } else {
                let v =
                    parse_level(q, &src.words, main).map_err(|(m, h)| problem(None, main, m, h))?;
                Answer::Number(v)
            }
        }
        QuestionKind::Number => {
            if main.is_empty() {
                Answer::Missing
            } else {
                let v = parse_number(main)
                    .ok_or_else(|| problem(None, main, "not a number".into(), None))?;
                if q.min.is_some_and(|m| v < m) || q.max.is_some_and(|m| v > m) {
                    let bound = |b: Option<f64>| b.map_or("…".to_string(), |b| b.to_string());
                    return Err(problem(
                        None,
                        main,
                        format!("out of range {}–{}", bound(q.min), bound(q.max)),
                        None,
                    ));
                }
                Answer::Number(v)
            }
        }
        QuestionKind::Choice => {
            let mut picked: Vec<usize> = src
                .options
                .iter()
                .filter(|(c, _)| is_selected(cell(*c)))
                .map(|(_, oi)| *oi)
                .collect();
            if !main.is_empty() {
                match src.words.find(main) {
                    Some(oi) => picked.push(oi),
                    None if q.other && is_other_marker(main) => {
                        return Ok(Answer::Other(text(other_text)));
                    }
                    None if q.other => return Ok(Answer::Other(text(main))),
                    None => {
                        return Err(problem(
                            None,
                            main,
                            "not one of the options".into(),
                            nearest(main, q.options.iter().map(String::as_str))
                                .map(|o| format!("did you mean `{o}`?")),
                        ))
                    }
                }
            }
            picked.dedup();
            match picked.as_slice() {
                [] if !other_text.is_empty() && q.other => Answer::Other(text(other_text)),
                [] => Answer::Missing,
                [one] => Answer::Choice(*one),
                _ => {
                    return Err(problem(
                        None,
                        main,
                        "more than one option chosen for a single-choice question".into(),
                        None,
                    ))
                }
            }
        }
        QuestionKind::Multi => {
            let (mut selected, mut unknown) = split_multi_with(main, &q.options, &src.words);
            for (c, oi) in &src.options {
                if is_selected(cell(*c)) {
                    selected.insert(*oi);
                }
            }
            let marker = unknown.iter().any(|u| is_other_marker(u));
            unknown.retain(|u| !is_other_marker(u));
            if !q.other {
                if let Some(u) = unknown.first() {
                    return Err(problem(
                        None,
                        u,
                        "not one of the options".into(),
                        nearest(u, q.options.iter().map(String::as_str))
                            .map(|o| format!("did you mean `{o}`?")),
                    ));
                }
            }
            if !other_text.is_empty() {
                unknown.push(other_text.to_string());
            }
            let other =
                (q.other && (marker || !unknown.is_empty())).then(|| text(&unknown.join("; ")));
            if selected.is_empty() && other.is_none() {
                Answer::Missing
            } else {
                Answer::Multi {
                    options: selected.into_iter().collect(),
                    other,
                }
            }
        }
        QuestionKind::Text => {
            if main.is_empty() {
                Answer::Missing
            } else {
                Answer::Text(text(main))
            }
        }
        QuestionKind::Email => {
            // Microsoft Forms writes "anonymous" when it did not collect an address.
            if main.is_empty() || same_folded(main, "anonymous") {
                Answer::Missing
            } else if valid_email(main) {
                Answer::Private(text(main))
            } else {
                return Err(problem(None, main, "not an email address".into(), None));
            }
        }
        QuestionKind::Name | QuestionKind::Id => {
            if main.is_empty() || same_folded(main, "anonymous") {
                Answer::Missing
            } else {
                Answer::Private(text(main))
            }
        }
        QuestionKind::Date => {
            if main.is_empty() {
                Answer::Missing
            } else {
                Answer::Date(parse_date(main).ok_or_else(|| {
                    problem(
                        None,
                        main,
                        "not a date".into(),
                        Some("write dates as 2026-03-01".into()),
                    )
                })?)
            }
        }
    };
    if answer == Answer::Missing && q.required {
        return Err(problem(None, "", "required answer missing".into(), None));
    }
    Ok(answer)
}

/// Who sent a response, for duplicate detection: the first email, then id,
/// then name answer, case-folded.
fn identity(schema: &FormSchema, response: &Response) -> Option<String> {
    identity_source(schema, response).map(|(kind, text)| format!("{kind:?}:{}", fold(text)))
}

/// The answer `identity` is made of: the first email, then id, then name.
fn identity_source<'r>(
    schema: &FormSchema,
    response: &'r Response,
) -> Option<(QuestionKind, &'r str)> {
    [QuestionKind::Email, QuestionKind::Id, QuestionKind::Name]
        .iter()
        .find_map(|kind| {
            schema
                .questions
                .iter()
                .zip(&response.answers)
                .find_map(|(q, a)| match a {
                    Answer::Private(t) if q.kind == *kind && !t.is_empty() => {
                        Some((*kind, t.expose()))
                    }
                    _ => None,
                })
        })
}

/// A keyed hash of `identity`, computed without building it: every row
/// needs one, only repeated respondents need the identity itself.
fn identity_key(
    schema: &FormSchema,
    response: &Response,
    keys: &std::collections::hash_map::RandomState,
) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let (kind, text) = identity_source(schema, response)?;
    let mut h = keys.build_hasher();
    kind.hash(&mut h);
    for c in folded(text) {
        h.write_u32(c as u32);
    }
    Some(h.finish())
}

/// A 128-bit fingerprint, for sets of rows: a hash rather than a copy of
/// every row keeps de-duplicating a million responses cheap, and at 128 bits
/// two different rows never collide in practice.
type Fingerprint = [u8; 16];

fn fingerprint(hasher: &blake3::Hasher) -> Fingerprint {
    let mut out = [0; 16];
    out.copy_from_slice(&hasher.finalize().as_bytes()[..16]);
    out
}

/// The raw row, trimmed: equal for a row pasted twice.
fn row_fingerprint(fields: &csv::StringRecord) -> Fingerprint {
    let mut h = blake3::Hasher::new();
    for f in fields.iter() {
        h.update(f.trim().as_bytes());
        h.update(&[0x1f]);
    }
    fingerprint(&h)
}

/// Who sent a response and what they answered, leaving out the personal
/// fields: equal for the same respondent submitting the same answers twice.
fn content_fingerprint(schema: &FormSchema, identity: &str, response: &Response) -> Fingerprint {
    let mut h = blake3::Hasher::new();
    h.update(identity.as_bytes());
    h.update(&[0x1e]);
    for (q, a) in schema.questions.iter().zip(&response.answers) {
        if q.kind.is_personal() {
            continue;
        }
        match a {
            Answer::Missing => h.update(b"M"),
            Answer::Number(v) => h.update(b"N").update(&v.to_bits().to_le_bytes()),
            Answer::Choice(i) => h.update(b"C").update(&i.to_le_bytes()),
            Answer::Other(t) => h.update(b"O").update(t.expose().as_bytes()),
            Answer::Multi { options, other } => {
                h.update(b"U");
                for i in options {
                    h.update(&i.to_le_bytes());
                }
                h.update(b"/")
                    .update(other.as_ref().map_or("", PrivateText::expose).as_bytes())
            }
            Answer::Text(t) => h.update(b"T").update(t.expose().as_bytes()),
            Answer::Private(t) => h.update(b"P").update(t.expose().as_bytes()),
            Answer::Date(d) => h.update(b"D").update(d.as_bytes()),
        };
        h.update(&[0x1f]);
    }
    fingerprint(&h)
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
    let finish = |responses: Vec<Response>, report: ImportReport, diagnostics| Export {
        responses,
        report,
        diagnostics,
    };
    let index = question_index(schema);
    let known = |cell: &str| index.contains_key(&fold(cell));
    let table = match Table::read(path, bytes, Delimiter::Sniff(&known)) {
        Ok(table) => table,
        Err(d) => {
            diagnostics.push(d);
            return finish(Vec::new(), report, diagnostics);
        }
    };
    report.encoding = table.encoding;
    if table.text.trim().is_empty() {
        diagnostics.push(
            Diagnostic::error(path, "the file is empty")
                .with_hint("export the responses again, with the header row"),
        );
        return finish(Vec::new(), report, diagnostics);
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
        return finish(Vec::new(), report, diagnostics);
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
            ..Sources::default()
        })
        .collect();
    for (c, role) in roles.iter().enumerate() {
        match *role {
            Role::Answer(qi) => sources[qi].answer = Some(c),
            Role::OptionColumn(qi, oi) => sources[qi].options.push((c, oi)),
            Role::OtherText(qi) => sources[qi].other = Some(c),
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
    if sources
        .iter()
        .all(|s| s.answer.is_none() && s.options.is_empty() && s.other.is_none())
    {
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
        return finish(Vec::new(), report, diagnostics);
    }
    let mut missing_required = HashSet::new();
    for (qi, q) in schema.questions.iter().enumerate() {
        let s = &sources[qi];
        if s.answer.is_none() && s.options.is_empty() && s.other.is_none() {
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

    // Tool metadata that decides whether a row counts at all.
    let meta = |names: &[&str]| -> Option<usize> {
        (0..cols.len()).find(|&c| {
            roles[c] == Role::Unmatched
                && cols[c]
                    .names
                    .iter()
                    .any(|n| names.contains(&fold(n).as_str()))
        })
    };
    let finished_col = match tool {
        Tool::Qualtrics => meta(&["finished"]),
        _ => None,
    };
    let status_col = match tool {
        Tool::Qualtrics => meta(&["status", "response type"]),
        _ => None,
    };
    let response_type_col = match tool {
        Tool::Typeform => meta(&["response type"]),
        _ => None,
    };
    let timestamp_col = meta(&[
        "timestamp",
        "completion time",
        "submit date (utc)",
        "submitted at",
        "enddate",
        "end date",
        "recordeddate",
    ]);

    let data = records.iter().skip(header_rows);
    let width = cols.len();
    if records.len() <= header_rows {
        diagnostics.push(
            Diagnostic::warning(path, "the file has a header but no responses")
                .at_line(header_line),
        );
    }
    // Rows are independent once the columns are known: parse them in
    // parallel, then count and collect in file order.
    let skip = schema.skip_invalid_rows;
    let keys = std::collections::hash_map::RandomState::new();
    let classify = |record: &Record| -> Row {
        let severity = |message: String| {
            if skip {
                Diagnostic::warning(path, message)
            } else {
                Diagnostic::error(path, message)
            }
        };
        let extra_filled = record
            .fields
            .iter()
            .skip(width)
            .any(|f| !f.trim().is_empty());
        if record.fields.len() < width || extra_filled {
            return Row::Invalid(vec![table
                .locate(
                    severity(format!(
                        "row has {} fields but the header has {}",
                        record.fields.len(),
                        width
                    )),
                    record.offset,
                )
                .with_hint(
                    "a field with a line break or a delimiter must be quoted with \"…\"",
                )]);
        }
        let cell = |c: usize| -> &str { record.fields.get(c).map(clean).unwrap_or("") };
        if let Some(c) = finished_col {
            if matches!(fold(cell(c)).as_str(), "false" | "0" | "no") {
                return Row::Unfinished;
            }
        }
        if let Some(c) = response_type_col {
            let v = fold(cell(c));
            if !v.is_empty() && v != "completed" && v != "complete" {
                return Row::Unfinished;
            }
        }
        if let Some(c) = status_col {
            let v = fold(cell(c));
            if matches!(
                v.as_str(),
                "survey preview" | "survey test" | "spam" | "1" | "2" | "8"
            ) {
                return Row::Test;
            }
        }
        let mut answers = Vec::with_capacity(schema.questions.len());
        let mut problems = Vec::new();
        for (qi, q) in schema.questions.iter().enumerate() {
            if missing_required.contains(&qi) {
                answers.push(Answer::Missing);
                continue;
            }
            match parse_answer(q, &sources[qi], &cell) {
                Ok(a) => answers.push(a),
                Err(p) => {
                    problems.push((q, p));
                    answers.push(Answer::Missing);
                }
            }
        }
        if !problems.is_empty() {
            let mut located = Vec::with_capacity(problems.len());
            for (q, p) in problems {
                let name = cols.get(p.column).map_or("", |c| c.display.as_str());
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
                let d = table.locate(
                    severity(format!(
                        "column {} \"{}\" (question `{}`): {what}",
                        p.column + 1,
                        name,
                        q.id
                    )),
                    table.cell_offset(record, p.column),
                );
                let d = if shows_value { d.showing_field() } else { d };
                located.push(match p.hint {
                    Some(h) => d.with_hint(h),
                    None => d,
                });
            }
            return Row::Invalid(located);
        }
        let response = Response {
            line: record.line,
            answers,
        };
        Row::Valid(Candidate {
            identity_key: identity_key(schema, &response, &keys),
            response,
            // Our own normalised file has no pasted rows to find.
            raw: (tool != Tool::Normalised).then(|| row_fingerprint(&record.fields)),
            timestamp: if schema.keep == KeepPolicy::Latest {
                timestamp_col.map(&cell).unwrap_or_default().to_string()
            } else {
                String::new()
            },
        })
    };
    let rows: Vec<Row> = data
        .collect::<Vec<_>>()
        .par_iter()
        .map(|r| classify(r))
        .collect();
    let mut candidates: Vec<Candidate> = Vec::new();
    for row in rows {
        report.rows += 1;
        match row {
            Row::Unfinished => report.unfinished += 1,
            Row::Test => report.test_responses += 1,
            Row::Invalid(problems) => {
                diagnostics.extend(problems);
                if skip {
                    report.skipped_rows += 1;
                } else {
                    report.invalid_rows += 1;
                }
            }
            Row::Valid(candidate) => candidates.push(candidate),
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
    finish(responses, report, diagnostics)
}

/// The most columns an export may have.
pub const MAX_COLUMNS: usize = 2000;

/// What became of one data row.
enum Row {
    Unfinished,
    Test,
    Invalid(Vec<Diagnostic>),
    Valid(Candidate),
}

/// A valid row, before duplicates are removed.
struct Candidate {
    response: Response,
    raw: Option<Fingerprint>,
    /// A keyed hash of who sent it (see `identity`), for counting.
    identity_key: Option<u64>,
    timestamp: String,
}

/// Drops pasted rows and resubmissions, and under `keep = "latest"` every
/// respondent's earlier submissions; counts each in `report`.
fn deduplicate(
    schema: &FormSchema,
    candidates: Vec<Candidate>,
    report: &mut ImportReport,
) -> Vec<Response> {
    // Duplicates: a pasted row is identical byte for byte; a resubmission
    // has new timestamps and ids but the same respondent and answers. Our
    // own normalised file is deduplicated already and has no metadata to
    // tell two anonymous respondents with equal answers apart, so only the
    // respondent rule applies to it.
    let mut keep = vec![true; candidates.len()];
    let mut seen_raw: HashSet<Fingerprint> = HashSet::new();
    let mut seen_content: HashSet<Fingerprint> = HashSet::new();
    // Only a respondent who sent more than one row can have sent the same
    // answers twice: fingerprint just their rows.
    // Counted by a keyed hash of the identity: cheap for a million rows, and
    // a collision only costs a fingerprint, since that holds the identity.
    let mut sent: HashMap<u64, u32> = HashMap::with_capacity(candidates.len());
    for key in candidates.iter().filter_map(|c| c.identity_key) {
        *sent.entry(key).or_default() += 1;
    }
    for (i, c) in candidates.iter().enumerate() {
        if c.raw.is_some_and(|raw| !seen_raw.insert(raw)) {
            keep[i] = false;
            report.duplicate_rows += 1;
            continue;
        }
        let repeated = c
            .identity_key
            .and_then(|k| sent.get(&k))
            .is_some_and(|&n| n > 1);
        if let Some(id) = repeated.then(|| identity(schema, &c.response)).flatten() {
            if !seen_content.insert(content_fingerprint(schema, &id, &c.response)) {
                keep[i] = false;
                report.duplicate_submissions += 1;
            }
        }
    }
    if schema.keep == KeepPolicy::Latest {
        let stamps: Vec<&str> = candidates.iter().map(|c| c.timestamp.as_str()).collect();
        let parsed = parse_timestamps(&stamps);
        let ids: Vec<Option<String>> = candidates
            .iter()
            .map(|c| identity(schema, &c.response))
            .collect();
        let mut latest: HashMap<&str, usize> = HashMap::new();
        let alive: Vec<usize> = (0..candidates.len()).filter(|&i| keep[i]).collect();
        for i in alive {
            let Some(id) = ids[i].as_deref() else {
                continue;
            };
            match latest.get(id) {
                Some(&j) => {
                    let newer = match &parsed {
                        Some(p) => p[i] >= p[j],
                        None => true,
                    };
                    let (old, new) = if newer { (j, i) } else { (i, j) };
                    keep[old] = false;
                    report.superseded += 1;
                    latest.insert(id, new);
                }
                None => {
                    latest.insert(id, i);
                }
            }
        }
    }
    candidates
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(c, _)| c.response)
        .collect()
}

// ---------------------------------------------------------------- writing

fn format_number(v: f64) -> String {
    format!("{v}")
}

/// The normalised `data/rounds/R/F.csv`: header = question ids, one row per
/// response, multi answers joined by `;`. Contains private answers: it stays
/// in `data/` and is never published.
pub fn to_normalised_csv(schema: &FormSchema, responses: &[Response]) -> Vec<u8> {
    let header = schema.questions.iter().map(|q| q.id.as_str());
    let rows = responses.iter().map(|response| {
        schema
            .questions
            .iter()
            .zip(&response.answers)
            .map(|(q, a)| match a {
                Answer::Missing => String::new(),
                Answer::Number(v) => format_number(*v),
                Answer::Choice(i) => q.options.get(*i).cloned().unwrap_or_default(),
                Answer::Other(t) if t.is_empty() => "Other".to_string(),
                Answer::Other(t) | Answer::Text(t) | Answer::Private(t) => t.expose().to_string(),
                Answer::Multi { options, other } => {
                    let mut parts: Vec<&str> = options
                        .iter()
                        .filter_map(|i| q.options.get(*i).map(String::as_str))
                        .collect();
                    match other {
                        Some(t) if t.is_empty() => parts.push("Other"),
                        Some(t) => parts.push(t.expose()),
                        None => {}
                    }
                    parts.join(";")
                }
                Answer::Date(d) => d.clone(),
            })
            .collect::<Vec<_>>()
    });
    crate::table::write::table(header, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::schema::load_schema;

    pub(crate) fn fixture_schema() -> FormSchema {
        load_schema(
            Path::new("tests/fixtures/exports/schema.toml"),
            include_str!("../../tests/fixtures/exports/schema.toml"),
        )
        .expect("fixture schema is valid")
    }

    fn read(name: &str, bytes: &[u8]) -> Export {
        read_export(Path::new(name), bytes, &fixture_schema())
    }

    fn errors(e: &Export) -> Vec<String> {
        e.diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.render())
            .collect()
    }

    fn q(schema: &FormSchema, id: &str) -> usize {
        schema
            .questions
            .iter()
            .position(|q| q.id == id)
            .expect("question")
    }

    /// Every fixture holds the same six respondents; this checks them all.
    pub(crate) fn assert_six_respondents(export: &Export) {
        let s = fixture_schema();
        assert!(errors(export).is_empty(), "{:#?}", errors(export));
        assert_eq!(export.responses.len(), 6, "{:?}", export.report);
        let col = |id: &str| -> Vec<&Answer> {
            let i = q(&s, id);
            export.responses.iter().map(|r| &r.answers[i]).collect()
        };
        let nums = |id: &str| -> Vec<Option<f64>> {
            col(id)
                .into_iter()
                .map(|a| match a {
                    Answer::Number(v) => Some(*v),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(
            nums("satisfaction"),
            [5.0, 4.0, 4.0, 3.0, 2.0, 5.0].map(Some)
        );
        assert_eq!(
            nums("mentor_helps"),
            [5.0, 4.0, 4.0, 3.0, 2.0, 4.0].map(Some)
        );
        assert_eq!(
            nums("recommend"),
            [10.0, 9.0, 8.0, 6.0, 4.0, 10.0].map(Some)
        );
        assert_eq!(
            nums("hours"),
            [Some(4.0), Some(3.5), Some(2.0), None, Some(1.0), Some(6.0)]
        );
        assert_eq!(
            col("frequency"),
            [0, 1, 1, 2, 2, 0]
                .map(Answer::Choice)
                .iter()
                .collect::<Vec<_>>()
        );
        let topics: Vec<(Vec<usize>, Option<String>)> = col("topics")
            .into_iter()
            .map(|a| match a {
                Answer::Multi { options, other } => (
                    options.clone(),
                    other.as_ref().map(|t| t.expose().to_string()),
                ),
                _ => (vec![], None),
            })
            .collect();
        assert_eq!(
            topics,
            vec![
                (vec![0, 2], None),
                (vec![1], None),
                (vec![0, 3], Some("Public speaking".to_string())),
                (vec![2], None),
                (vec![], None),
                (vec![0, 1], None),
            ]
        );
        let emails: Vec<String> = col("email")
            .into_iter()
            .map(|a| match a {
                Answer::Private(t) => t.expose().to_lowercase(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(
            emails,
            [
                "ana.lima@example.org",
                "ben.okafor@example.com",
                "chloe.durand@example.org",
                "dev.patel@example.org",
                "eve.martin@example.com",
                "finn.obrien@example.org"
            ]
        );
        let names: Vec<String> = col("name")
            .into_iter()
            .map(|a| match a {
                Answer::Private(t) => t.expose().to_string(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(names[2], "Chloé Durand");
        assert_eq!(names[5], "Finn O'Brien");
        let went_well = col("went_well")
            .iter()
            .filter(|a| matches!(a, Answer::Text(_)))
            .count();
        assert_eq!(went_well, 4);
        match col("private_note")[2] {
            Answer::Text(t) => assert_eq!(
                t.expose(),
                "I might move teams soon, please keep this between us"
            ),
            other => panic!("private note: {other:?}"),
        }
    }

    #[test]
    fn google_forms_export() {
        let e = read(
            "google.csv",
            include_bytes!("../../tests/fixtures/exports/google.csv"),
        );
        assert_eq!(e.report.tool, Tool::GoogleForms);
        assert_six_respondents(&e);
        // Ana sent the same answers twice, a minute apart.
        assert_eq!(e.report.duplicate_submissions, 1);
        assert!(e
            .report
            .unmatched_columns
            .contains(&"Timestamp".to_string()));
    }

    #[test]
    fn microsoft_forms_export() {
        let e = read(
            "microsoft.csv",
            include_bytes!("../../tests/fixtures/exports/microsoft.csv"),
        );
        assert_eq!(e.report.tool, Tool::MicrosoftForms);
        assert_six_respondents(&e);
        assert_eq!(e.report.duplicate_rows, 1);
        for meta in ["ID", "Start time", "Completion time"] {
            assert!(
                e.report.unmatched_columns.contains(&meta.to_string()),
                "{meta}"
            );
        }
    }

    #[test]
    fn typeform_export() {
        let e = read(
            "typeform.csv",
            include_bytes!("../../tests/fixtures/exports/typeform.csv"),
        );
        assert_eq!(e.report.tool, Tool::Typeform);
        assert_six_respondents(&e);
        assert_eq!(e.report.unfinished, 1);
        assert!(e
            .report
            .unmatched_columns
            .contains(&"Network ID".to_string()));
    }

    #[test]
    fn qualtrics_export() {
        let e = read(
            "qualtrics.csv",
            include_bytes!("../../tests/fixtures/exports/qualtrics.csv"),
        );
        assert_eq!(e.report.tool, Tool::Qualtrics);
        assert_eq!(e.report.header_rows, 3);
        assert_six_respondents(&e);
        assert_eq!(e.report.unfinished, 1);
        assert_eq!(e.report.test_responses, 1);
        assert!(e
            .report
            .unmatched_columns
            .iter()
            .any(|c| c.contains("IP Address")));
    }

    #[test]
    fn surveymonkey_export() {
        let e = read(
            "surveymonkey.csv",
            include_bytes!("../../tests/fixtures/exports/surveymonkey.csv"),
        );
        assert_eq!(e.report.tool, Tool::SurveyMonkey);
        assert_eq!(e.report.header_rows, 2);
        assert_six_respondents(&e);
        assert!(e
            .report
            .unmatched_columns
            .contains(&"Collector ID".to_string()));
    }

    #[test]
    fn excel_semicolon_windows_1252_export() {
        let bytes = include_bytes!("../../tests/fixtures/exports/excel-semicolon-cp1252.csv");
        assert!(
            String::from_utf8(bytes.to_vec()).is_err(),
            "fixture must really be Windows-1252"
        );
        let e = read("excel.csv", bytes);
        assert_eq!(e.report.encoding, SourceEncoding::Windows1252);
        assert_eq!(e.report.delimiter, ';');
        assert_eq!(e.report.tool, Tool::Generic);
        assert_six_respondents(&e);
    }

    #[test]
    fn utf16_tab_separated_export() {
        let bytes = include_bytes!("../../tests/fixtures/exports/utf16.csv");
        let e = read("utf16.csv", bytes);
        assert_eq!(e.report.encoding, SourceEncoding::Utf16Le);
        assert_eq!(e.report.delimiter, '\t');
        assert_six_respondents(&e);
    }

    #[test]
    fn normalised_round_trip_for_every_fixture() {
        let s = fixture_schema();
        let fixtures: [&[u8]; 5] = [
            include_bytes!("../../tests/fixtures/exports/google.csv"),
            include_bytes!("../../tests/fixtures/exports/microsoft.csv"),
            include_bytes!("../../tests/fixtures/exports/typeform.csv"),
            include_bytes!("../../tests/fixtures/exports/qualtrics.csv"),
            include_bytes!("../../tests/fixtures/exports/surveymonkey.csv"),
        ];
        for bytes in fixtures {
            let first = read_export(Path::new("x.csv"), bytes, &s);
            let csv = to_normalised_csv(&s, &first.responses);
            let again = read_export(Path::new("F.csv"), &csv, &s);
            assert_eq!(again.report.tool, Tool::Normalised);
            assert!(again.diagnostics.is_empty(), "{:?}", again.diagnostics);
            let a: Vec<&Vec<Answer>> = first.responses.iter().map(|r| &r.answers).collect();
            let b: Vec<&Vec<Answer>> = again.responses.iter().map(|r| &r.answers).collect();
            assert_eq!(a, b);
            // Writing is stable: a second round trip gives the same bytes.
            assert_eq!(to_normalised_csv(&s, &again.responses), csv);
        }
    }

    #[test]
    fn formula_cells_are_neutralised_and_restored() {
        let s = fixture_schema();
        let mut answers = vec![Answer::Missing; s.questions.len()];
        answers[q(&s, "satisfaction")] = Answer::Number(3.0);
        answers[q(&s, "recommend")] = Answer::Number(7.0);
        answers[q(&s, "went_well")] = Answer::Text(PrivateText::new("=1+1 was my favourite"));
        answers[q(&s, "private_note")] =
            Answer::Text(PrivateText::new("-- just kidding\nsecond line"));
        answers[q(&s, "topics")] = Answer::Multi {
            options: vec![],
            other: Some(PrivateText::new("@ceo office hours")),
        };
        let responses = vec![Response { line: 2, answers }];
        let csv = to_normalised_csv(&s, &responses);
        let text = String::from_utf8(csv.clone()).expect("utf-8");
        assert!(text.contains("'=1+1"), "{text}");
        assert!(!text.contains(",=1"), "{text}");
        let back = read_export(Path::new("F.csv"), &csv, &s);
        assert_eq!(back.responses[0].answers, responses[0].answers);
    }

    #[test]
    fn private_text_hides_its_content_from_debug() {
        let t = PrivateText::new("ana.lima@example.org");
        assert_eq!(format!("{t:?}"), "PrivateText(..)");
        let a = Answer::Private(t);
        assert!(!format!("{a:?}").contains("ana"));
    }

    fn generic(csv: &str) -> Export {
        read("generic.csv", csv.as_bytes())
    }

    #[test]
    fn errors_name_line_column_value_and_hint() {
        let e = generic(
            "satisfaction,frequency,topics\r\n5,Weekly,Confidence\r\n7,Weekly,Confidence\r\n4,Weekley,Confidence\r\n4,Monthly,Cooking\r\n",
        );
        let errs: Vec<&Diagnostic> = e
            .diagnostics
            .iter()
            .filter(|d| d.is_error() && d.line > Some(1))
            .collect();
        assert_eq!(errs.len(), 2, "{:#?}", e.diagnostics);
        assert_eq!(errs[0].line, Some(3), "{:#?}", errs);
        assert_eq!(errs[0].column, Some(1));
        assert!(
            errs[0].message.contains("\"7\" is out of range 1–5"),
            "{}",
            errs[0].message
        );
        assert!(errs[0].message.contains("column 1 \"satisfaction\""));
        assert_eq!((errs[1].line, errs[1].column), (Some(4), Some(3)));
        assert_eq!(errs[1].hint.as_deref(), Some("did you mean `Weekly`?"));
        // topics has other = true, so "Cooking" is an Other answer, not an error;
        // the missing required recommend column is one file-level error.
        assert!(e
            .diagnostics
            .iter()
            .any(|d| d.is_error() && d.line == Some(1) && d.message.contains("`recommend`")));
        assert_eq!(e.report.invalid_rows, 2);
        // A missing column is one file-level error, not one per row.
        assert_eq!(e.responses.len(), 2);
    }

    #[test]
    fn skip_invalid_rows_turns_errors_into_counted_warnings() {
        let mut s = fixture_schema();
        s.skip_invalid_rows = true;
        let csv = "satisfaction,recommend\n5,10\n9,10\n4,\n3,7\n";
        let e = read_export(Path::new("x.csv"), csv.as_bytes(), &s);
        assert!(
            e.diagnostics.iter().all(|d| !d.is_error()),
            "{:#?}",
            e.diagnostics
        );
        assert_eq!(e.report.skipped_rows, 2);
        assert_eq!(e.responses.len(), 2);
        assert!(e
            .diagnostics
            .iter()
            .any(|d| d.message.contains("required answer missing")));
    }

    #[test]
    fn empty_header_only_and_unmatched_files() {
        let e = generic("");
        assert!(e.diagnostics[0].is_error() && e.diagnostics[0].message.contains("empty"));
        let e = generic("\r\n\r\n");
        assert!(e.diagnostics[0].message.contains("empty"));
        let e = generic("satisfaction,recommend\r\n");
        assert!(e.responses.is_empty());
        assert!(
            !e.diagnostics.iter().any(|d| d.is_error()),
            "{:?}",
            e.diagnostics
        );
        assert!(e
            .diagnostics
            .iter()
            .any(|d| d.message.contains("no responses")));
        let e = generic("Colour,Size\nred,3\n");
        assert_eq!(errors(&e).len(), 1);
        assert!(e.diagnostics[0].message.contains("no column matches"));
    }

    #[test]
    fn ragged_rows_are_reported_at_their_line() {
        let e = generic("satisfaction,recommend\n5,10\n4,9,extra\n3\n\"2\",\"8\"\n");
        let errs: Vec<&Diagnostic> = e.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert_eq!(errs.len(), 2, "{errs:#?}");
        assert_eq!(errs[0].line, Some(3));
        assert_eq!(errs[1].line, Some(4));
        assert_eq!(e.responses.len(), 2);
    }

    #[test]
    fn invalid_utf16_is_an_error() {
        let e = generic("");
        assert!(!e.diagnostics.is_empty());
        let bad = [0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00];
        let e = read("bad.csv", &bad);
        assert!(
            e.diagnostics[0].message.contains("cannot be decoded"),
            "{:?}",
            e.diagnostics
        );
    }

    #[test]
    fn quoted_fields_with_commas_and_newlines_keep_their_line_numbers() {
        let e = generic(
            "satisfaction,went_well,recommend\n5,\"Clear goals, kind words\nand more\",10\n4,\"ok\",11\n",
        );
        let errs: Vec<&Diagnostic> = e.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, Some(4), "{}", errs[0].render());
        assert_eq!(errs[0].column, Some(8));
        match &e.responses[0].answers[q(&fixture_schema(), "went_well")] {
            Answer::Text(t) => assert_eq!(t.expose(), "Clear goals, kind words\nand more"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn answers_in_many_spellings() {
        let s = fixture_schema();
        let q_ = |id: &str| s.question(id).expect("question").clone();
        let likert = q_("mentor_helps");
        for (text, v) in [
            ("agree", 4.0),
            ("STRONGLY DISAGREE", 1.0),
            ("Neutral", 3.0),
            ("5", 5.0),
            ("4 - Agree", 4.0),
        ] {
            assert_eq!(
                parse_level(&likert, &Vocabulary::for_question(&likert), text).ok(),
                Some(v),
                "{text}"
            );
        }
        assert!(parse_level(&likert, &Vocabulary::for_question(&likert), "6").is_err());
        assert!(parse_level(&likert, &Vocabulary::for_question(&likert), "3.5").is_err());
        let nps = q_("recommend");
        assert_eq!(
            parse_level(
                &nps,
                &Vocabulary::for_question(&nps),
                "10 - Extremely likely"
            )
            .ok(),
            Some(10.0)
        );
        assert_eq!(
            parse_level(&nps, &Vocabulary::for_question(&nps), "0").ok(),
            Some(0.0)
        );
        assert!(parse_level(&nps, &Vocabulary::for_question(&nps), "11").is_err());
        assert_eq!(parse_number("3,5"), Some(3.5));
        assert_eq!(parse_number("1 234,5"), Some(1234.5));
        assert_eq!(parse_number("1,234.5"), Some(1234.5));
        assert_eq!(parse_number("-2"), Some(-2.0));
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("1.2.3"), None);
        assert_eq!(parse_date("2026-03-01").as_deref(), Some("2026-03-01"));
        assert_eq!(
            parse_date("3/14/2026 10:02:11").as_deref(),
            Some("2026-03-14")
        );
        assert_eq!(parse_date("14/3/2026").as_deref(), Some("2026-03-14"));
        assert_eq!(parse_date("14.03.2026").as_deref(), Some("2026-03-14"));
        assert_eq!(parse_date("March 14, 2026").as_deref(), Some("2026-03-14"));
        assert_eq!(
            parse_date("2026/03/14 9:15:22 AM GMT+1").as_deref(),
            Some("2026-03-14")
        );
        assert_eq!(parse_date("soon"), None);
    }

    #[test]
    fn multi_cells_in_every_joining_style() {
        let options: Vec<String> = [
            "Career growth",
            "Technical skills",
            "Confidence, resilience",
            "Networking",
        ]
        .map(String::from)
        .to_vec();
        let (sel, unknown) = split_multi("Career growth, Confidence, resilience", &options);
        assert_eq!(sel.into_iter().collect::<Vec<_>>(), [0, 2]);
        assert!(unknown.is_empty());
        let (sel, unknown) = split_multi("Technical skills;Networking;", &options);
        assert_eq!(sel.into_iter().collect::<Vec<_>>(), [1, 3]);
        assert!(unknown.is_empty());
        let (sel, unknown) =
            split_multi("career growth,Salary talks, with HR,Networking", &options);
        assert_eq!(sel.into_iter().collect::<Vec<_>>(), [0, 3]);
        assert_eq!(unknown, ["Salary talks, with HR"]);
    }

    #[test]
    fn keep_latest_keeps_each_respondents_last_submission() {
        let mut s = fixture_schema();
        let csv = "Timestamp,Your email address,satisfaction,recommend\n\
                   2026/03/02 10:00:00 AM GMT+1,a@example.org,2,5\n\
                   2026/03/01 09:00:00 AM GMT+1,b@example.org,3,6\n\
                   2026/03/03 10:00:00 AM GMT+1,A@example.org,5,9\n\
                   2026/03/01 08:00:00 AM GMT+1,a@example.org,1,1\n\
                   2026/03/01 08:00:00 AM GMT+1,,4,8\n\
                   2026/03/01 08:00:00 AM GMT+1,,4,8\n";
        let all = read_export(Path::new("x.csv"), csv.as_bytes(), &s);
        assert_eq!(all.responses.len(), 5, "{:?}", all.diagnostics);
        assert_eq!(all.report.duplicate_rows, 1);
        s.keep = KeepPolicy::Latest;
        let latest = read_export(Path::new("x.csv"), csv.as_bytes(), &s);
        assert_eq!(latest.report.superseded, 2);
        let sat = q(&s, "satisfaction");
        let kept: Vec<&Answer> = latest.responses.iter().map(|r| &r.answers[sat]).collect();
        assert_eq!(
            kept,
            [
                &Answer::Number(3.0),
                &Answer::Number(5.0),
                &Answer::Number(4.0)
            ]
        );
    }

    #[test]
    fn anonymous_identical_answers_with_different_metadata_are_kept() {
        let csv =
            "Timestamp,satisfaction,recommend\n2026/03/01 10:00:00,4,8\n2026/03/01 10:05:00,4,8\n";
        let e = generic(csv);
        assert_eq!(e.responses.len(), 2);
        assert_eq!(e.report.duplicate_rows + e.report.duplicate_submissions, 0);
    }

    #[test]
    fn delimiter_sniffing_prefers_the_header_that_matches() {
        let csv = "Overall, how satisfied are you with your mentorship?;recommend\n4;9\n5;10\n";
        let e = generic(csv);
        assert_eq!(e.report.delimiter, ';');
        assert_eq!(e.responses.len(), 2, "{:?}", e.diagnostics);
    }

    #[test]
    fn unmatched_optional_question_is_a_warning_with_alias_hint() {
        let e = generic("satisfaction,recommend,Hours per month with you mentor\n4,9,3\n");
        let w = e
            .diagnostics
            .iter()
            .find(|d| d.message.contains("`hours`"))
            .expect("warning for hours");
        assert!(!w.is_error());
        assert!(
            w.hint
                .as_deref()
                .unwrap_or("")
                .contains("Hours per month with you mentor"),
            "{w:?}"
        );
        assert!(e.report.unmatched_questions.contains(&"hours".to_string()));
    }
}
