//! One cell to one typed answer, by the question's kind.

use super::super::schema::{Question, QuestionKind};
use super::text::{fold, folded_ascii, is_other_marker, same_folded};
use super::Answer;
use crate::diagnostic::nearest;
use crate::private::PrivateText;
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::{BTreeSet, HashMap};

pub(super) struct Problem {
    pub(super) column: usize,
    pub(super) value: String,
    pub(super) message: String,
    pub(super) hint: Option<String>,
}

/// A number as people type it: `3`, `3.5`, `3,5`, `1 234,5`, `1,234.5`.
pub(super) fn parse_number(s: &str) -> Option<f64> {
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

pub(super) fn parse_level(
    q: &Question,
    words: &Vocabulary,
    s: &str,
) -> Result<f64, (String, Option<String>)> {
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
            Some(
                nearest(s, labels.iter().copied())
                    .map(|l| format!("did you mean `{l}`?"))
                    .unwrap_or_else(|| {
                        format!(
                            "if the tool wrote the scale's {} points as words, list them \
                             lowest first on the question: labels = [\"…\", \"…\", …]",
                            max - min + 1
                        )
                    }),
            ),
        )),
    }
}

/// "not one of the options (Weekly, Every two weeks, Monthly)".
fn not_an_option(q: &Question) -> String {
    const SHOWN: usize = 8;
    let mut listed: Vec<&str> = q.options.iter().take(SHOWN).map(String::as_str).collect();
    if q.options.len() > SHOWN {
        listed.push("…");
    }
    format!("not one of the options ({})", listed.join(", "))
}

/// The nearest option, or how to make the schema take the answer.
fn option_hint(q: &Question, value: &str) -> String {
    nearest(value, q.options.iter().map(String::as_str)).map_or_else(
        || {
            format!(
                "add it to the question's `options`, or set `other = true` on `{}` \
                 to keep such answers as Other",
                q.id
            )
        },
        |o| format!("did you mean `{o}`?"),
    )
}

/// Splits a multi-choice cell into options and leftover text. Options may
/// themselves contain commas, so known options are matched first and only
/// what is left is split on `,` / `;`.
#[cfg(test)]
pub(super) fn split_multi(cell: &str, options: &[String]) -> (BTreeSet<usize>, Vec<String>) {
    let words = Vocabulary::new(options.iter().map(String::as_str).zip(0..));
    split_multi_with(cell, options, &words)
}

pub(super) fn split_multi_with(
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

pub(super) fn parse_date(s: &str) -> Option<String> {
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
pub(super) fn parse_timestamps(values: &[&str]) -> Option<Vec<Option<NaiveDateTime>>> {
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
pub(super) struct Sources {
    pub(super) answer: Option<usize>,
    pub(super) options: Vec<(usize, usize)>,
    pub(super) other: Option<usize>,
    /// The question's options, or a rating's labels, folded once.
    pub(super) words: Vocabulary,
    /// A matrix question's rows, each with its column if it has one.
    pub(super) rows: Vec<super::matrix::RowSource>,
}

impl Sources {
    /// True when some column of the file feeds this question.
    pub(super) fn has_column(&self) -> bool {
        self.answer.is_some()
            || !self.options.is_empty()
            || self.other.is_some()
            || self.rows.iter().any(|r| r.column.is_some())
    }
}

/// Words a question accepts (options, or labels of a rating), folded once
/// so that each cell costs one lookup rather than a comparison per word.
#[derive(Default)]
pub(super) struct Vocabulary(HashMap<String, usize>);

impl Vocabulary {
    /// The first of equal folded words wins, as a search in order would.
    fn new<'a>(words: impl IntoIterator<Item = (&'a str, usize)>) -> Self {
        let mut map = HashMap::new();
        for (word, i) in words {
            map.entry(fold(word)).or_insert(i);
        }
        Vocabulary(map)
    }

    pub(super) fn for_question(q: &Question) -> Self {
        match q.kind {
            QuestionKind::Choice | QuestionKind::Multi => {
                Vocabulary::new(q.options.iter().map(String::as_str).zip(0..))
            }
            QuestionKind::Scale | QuestionKind::Likert => {
                // The schema's own labels first, then every standard
                // wording of a scale with as many points.
                let labels = q.labels.iter().map(String::as_str).zip(0..);
                let points = q
                    .range()
                    .and_then(|(min, max)| usize::try_from(max - min + 1).ok())
                    .unwrap_or(0);
                Vocabulary::new(labels.chain(crate::forms::scales::words(points)))
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

pub(super) fn parse_answer<'r>(
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
        QuestionKind::Matrix => super::matrix::parse_matrix(q, src, cell)?,
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
                            not_an_option(q),
                            Some(option_hint(q, main)),
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
                    return Err(problem(None, u, not_an_option(q), Some(option_hint(q, u))));
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
