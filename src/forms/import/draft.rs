//! A first form schema drafted from an export, so a new program's first
//! round does not start with hand-written TOML (`import --new-schema`).
//!
//! The draft is a proposal for the coordinator to review, and errs on the
//! side of privacy: the tools' own metadata columns (times, IP addresses,
//! recipient names, locations) are left out, so import ignores them and they
//! are never published; a column whose header or answers look like a name,
//! an email or an id becomes a personal question, which is never published;
//! options are taken from the tool's own option headers, or from answers
//! given by at least two respondents, so no single person's words end up in
//! the schema (and on the form page); free text is never published until the
//! coordinator adds `publish = true`.

use super::layout::{columns, detect_tool, Column};
use super::text::{clean, fold, is_other_header, is_other_marker, same_folded};
use super::Tool;
use crate::diagnostic::Diagnostic;
use crate::forms::scales;
use crate::forms::schema::FormSchema;
use crate::table::{Delimiter, Table};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::path::Path;

/// The most options a guessed choice question gets; more distinct answers
/// than this read as free text.
const MAX_OPTIONS: usize = 12;

/// The schema text for form `form` drafted from the export `bytes`.
pub fn draft_schema(path: &Path, bytes: &[u8], form: &str) -> Result<String, Diagnostic> {
    let table = Table::read(path, bytes, Delimiter::Sniff(&|_| false))?;
    let empty = FormSchema {
        id: form.to_string(),
        ..FormSchema::default()
    };
    let records = &table.records;
    let (tool, header_rows) = detect_tool(records, &empty);
    if records.len() <= header_rows {
        return Err(Diagnostic::error(
            path,
            "a schema is drafted from the answers: the file has no responses",
        )
        .with_hint("export the form again once it has a few responses"));
    }
    let cols = columns(records, tool, header_rows);
    let rows: Vec<Vec<&str>> = records[header_rows..]
        .iter()
        .map(|r| r.fields.iter().map(clean).collect())
        .collect();
    // A submission sent twice is one person: count its answers once, or
    // their own words could pass for an option two people chose.
    let answer_columns: Vec<usize> = (0..cols.len())
        .filter(|&c| !is_metadata(tool, &cols[c]))
        .collect();
    let mut seen = std::collections::HashSet::new();
    let unique: Vec<Vec<&str>> = rows
        .iter()
        .filter(|r| {
            let answers: Vec<&str> = answer_columns
                .iter()
                .map(|&c| r.get(c).copied().unwrap_or_default())
                .collect();
            seen.insert(answers)
        })
        .cloned()
        .collect();
    let mut questions = questions_of(tool, &cols, &unique);
    unique_ids(&mut questions);

    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Drafted by `mentorsite import --new-schema` from {} ({}, {} rows).\n\
         # Review every question before the first build: kinds and options are\n\
         # guesses from the answers. Keys: see \"Form schemas\" in the README.\n",
        path.file_name().unwrap_or_default().to_string_lossy(),
        tool.name(),
        rows.len(),
    );
    let _ = writeln!(out, "title = {}\n", quoted(&title_of(form)));
    for q in &questions {
        out += &q.to_toml();
    }
    Ok(out)
}

/// A question of the draft.
struct Draft {
    id: String,
    label: String,
    kind: Guess,
    other: bool,
    /// The column header, when it differs from the label (Qualtrics' `Q5`).
    alias: Option<String>,
    /// What the coordinator must fill in.
    note: Option<&'static str>,
}

enum Guess {
    Scale {
        min: i64,
        max: i64,
    },
    Words {
        likert: bool,
        labels: Vec<&'static str>,
    },
    Nps,
    Number,
    Date,
    Choice(Vec<String>),
    Multi(Vec<String>),
    Text,
    Personal(&'static str),
}

impl Draft {
    fn to_toml(&self) -> String {
        let mut t = format!(
            "[[questions]]\nid = {}\nlabel = {}\n",
            quoted(&self.id),
            quoted(&self.label)
        );
        if let Some(note) = self.note {
            let _ = writeln!(t, "# TODO: {note}.");
        }
        let list = |items: &[&str]| {
            let quoted: Vec<String> = items.iter().map(|s| quoted(s)).collect();
            format!("[{}]", quoted.join(", "))
        };
        match &self.kind {
            Guess::Scale { min, max } => {
                let _ = writeln!(t, "kind = \"scale\"\nmin = {min}\nmax = {max}");
            }
            Guess::Words { likert, labels } => {
                let kind = if *likert { "likert" } else { "scale" };
                let _ = writeln!(t, "kind = \"{kind}\"");
                if !*likert {
                    let _ = writeln!(t, "min = 1\nmax = {}", labels.len());
                }
                let _ = writeln!(t, "labels = {}", list(labels));
            }
            Guess::Nps => t += "kind = \"nps\"\n",
            Guess::Number => t += "kind = \"number\"\n",
            Guess::Date => t += "kind = \"date\"\n",
            Guess::Choice(options) | Guess::Multi(options) => {
                let kind = if matches!(self.kind, Guess::Multi(_)) {
                    "multi"
                } else {
                    "choice"
                };
                let options: Vec<&str> = options.iter().map(String::as_str).collect();
                let _ = writeln!(t, "kind = \"{kind}\"\noptions = {}", list(&options));
                if self.other {
                    t += "# Answers outside the options are kept as Other, never published.\n\
                          other = true\n";
                }
            }
            Guess::Text => {
                t += "kind = \"text\"\n\
                      # Free text is private until you decide: add `publish = true` to\n\
                      # publish its comments (only when enough people answered).\n";
            }
            Guess::Personal(kind) => {
                let _ = writeln!(
                    t,
                    "kind = \"{kind}\"  # identifies a person: never published"
                );
            }
        }
        if let Some(alias) = &self.alias {
            let _ = writeln!(t, "aliases = [{}]", quoted(alias));
        }
        t + "\n"
    }
}

/// One draft question per answer column; option columns (SurveyMonkey) and
/// Other text columns join the question before them.
fn questions_of(tool: Tool, cols: &[Column], rows: &[Vec<&str>]) -> Vec<Draft> {
    let mut out: Vec<Draft> = Vec::new();
    let mut c = 0;
    while c < cols.len() {
        let col = &cols[c];
        let header = col.names.first().map(String::as_str).unwrap_or_default();
        let label = label_of(col);
        if label.is_empty() || is_metadata(tool, col) {
            c += 1;
            continue;
        }
        // Typeform: a checkbox question is a run of columns, each named
        // after its option and holding that option when ticked.
        let span = cols[c..]
            .iter()
            .enumerate()
            .take_while(|(i, o)| is_option_column(rows, c + i, o))
            .count();
        if tool != Tool::SurveyMonkey && span > 0 {
            let options: Vec<String> = cols[c..c + span]
                .iter()
                .map(|o| o.display.clone())
                .collect();
            let other = cols
                .get(c + span)
                .is_some_and(|o| is_other_header(&o.display));
            out.push(Draft {
                id: id_of(&options.join(" ")),
                label: "Which of these apply?".into(),
                kind: Guess::Multi(options),
                other,
                alias: None,
                note: Some("the export has no text for this question: write it in `label`"),
            });
            c += span + usize::from(other);
            continue;
        }
        // The text box of the question before: that question takes Other.
        let other_of_previous = col.display.contains(" - ")
            && is_other_header(after_dash(&col.display))
            || (tool == Tool::SurveyMonkey && col.sub.as_deref().is_some_and(is_other_header));
        if other_of_previous && !out.is_empty() && c > 0 {
            if let Some(last) = out.last_mut() {
                last.other = true;
            }
            c += 1;
            continue;
        }
        // SurveyMonkey: one column per option under one question.
        if tool == Tool::SurveyMonkey {
            let span = cols[c..]
                .iter()
                .take_while(|o| o.names == col.names)
                .count();
            let subs: Vec<&str> = cols[c..c + span]
                .iter()
                .filter_map(|o| o.sub.as_deref())
                .collect();
            if span > 1 {
                let (options, other): (Vec<&str>, Vec<&str>) =
                    subs.iter().partition(|s| !is_other_header(s));
                let label = header.to_string();
                out.push(Draft {
                    id: id_of(&label),
                    label,
                    kind: Guess::Multi(options.iter().map(|s| s.to_string()).collect()),
                    other: !other.is_empty(),
                    alias: None,
                    note: None,
                });
                c += span;
                continue;
            }
        }
        let values: Vec<&str> = rows
            .iter()
            .map(|r| r.get(c).copied().unwrap_or_default())
            .filter(|v| !v.is_empty())
            .collect();
        let (kind, other) = guess(&label, &values);
        let alias = (tool == Tool::Qualtrics && !header.is_empty() && fold(header) != fold(&label))
            .then(|| header.to_string());
        out.push(Draft {
            id: id_of(&label),
            label,
            kind,
            other,
            alias,
            note: None,
        });
        c += 1;
    }
    out
}

/// The kind of a question from its label and its answers; `true` when some
/// answers fall outside the guessed options (kept as Other).
fn guess(label: &str, values: &[&str]) -> (Guess, bool) {
    let folded = fold(label);
    let says = |words: &[&str]| words.iter().any(|w| folded.contains(w));
    if says(&["e-mail", "email"]) || values.iter().any(|v| looks_like_email(v)) {
        return (Guess::Personal("email"), false);
    }
    if says(&[
        "your name",
        "full name",
        "first name",
        "last name",
        "surname",
    ]) || folded == "name"
        || folded.ends_with("'s name")
    {
        return (Guess::Personal("name"), false);
    }
    if folded == "id" || says(&["student id", "employee id", "member id", "staff id"]) {
        return (Guess::Personal("id"), false);
    }
    if values.is_empty() {
        return (Guess::Text, false);
    }
    let integers: Option<Vec<i64>> = values.iter().map(|v| v.parse::<i64>().ok()).collect();
    if let Some(ints) = integers {
        let (lo, hi) = (ints.iter().min().copied(), ints.iter().max().copied());
        if let (Some(lo), Some(hi)) = (lo, hi) {
            if lo >= 0 && hi <= 10 && says(&["recommend", "how likely"]) {
                return (Guess::Nps, false);
            }
            for max in [5, 7, 10] {
                if lo >= 1 && hi <= max && hi > 1 {
                    return (Guess::Scale { min: 1, max }, false);
                }
            }
        }
    }
    if values
        .iter()
        .all(|v| super::answers::parse_number(v).is_some())
    {
        return (Guess::Number, false);
    }
    if values
        .iter()
        .all(|v| super::answers::parse_date(v).is_some())
    {
        return (Guess::Date, false);
    }
    if let Some(words) = standard_scale(values) {
        return (words, false);
    }
    choice_or_text(values)
}

/// A standard wording of 5 or 7 points that takes every answer.
fn standard_scale(values: &[&str]) -> Option<Guess> {
    let labels = [5, 7]
        .into_iter()
        .find_map(|points| scales::scale_taking(points, values, same_folded))?;
    let likert = fold(labels[0]).contains("disagree");
    Some(Guess::Words { likert, labels })
}

/// Few distinct answers, each given by several people: a choice (or, when
/// cells list several, a multi); otherwise free text.
fn choice_or_text(values: &[&str]) -> (Guess, bool) {
    let joined = values.iter().any(|v| v.contains([',', ';']));
    let pieces: Vec<&str> = if joined {
        values
            .iter()
            .flat_map(|v| v.split([',', ';']))
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect()
    } else {
        values.to_vec()
    };
    let mut counts: BTreeMap<String, (usize, usize, &str)> = BTreeMap::new();
    for (at, p) in pieces.iter().enumerate() {
        let e = counts.entry(fold(p)).or_insert((0, at, p));
        e.0 += 1;
    }
    let mut shared: Vec<(usize, &str)> = counts
        .values()
        .filter(|(n, _, p)| *n >= 2 && !is_other_marker(p))
        .map(|(_, at, p)| (*at, *p))
        .collect();
    shared.sort();
    let singles = counts.values().filter(|(n, _, _)| *n < 2).count();
    // Most answers must repeat: a column of names or comments does not.
    let repeated: usize = counts
        .values()
        .filter(|(n, _, _)| *n >= 2)
        .map(|(n, _, _)| n)
        .sum();
    let repeats = repeated * 3 >= pieces.len() * 2;
    if shared.is_empty() || shared.len() > MAX_OPTIONS || !repeats {
        return (Guess::Text, false);
    }
    let options = shared.into_iter().map(|(_, p)| p.to_string()).collect();
    let other = singles > 0 || counts.values().any(|(_, _, p)| is_other_marker(p));
    if joined {
        (Guess::Multi(options), other)
    } else {
        (Guess::Choice(options), other)
    }
}

fn looks_like_email(v: &str) -> bool {
    let v = v.trim();
    v.split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.') && !v.contains(' '))
}

/// The tools' own columns: when and how a response came in, and who the
/// tool thinks sent it. None is a question; import ignores them (and uses
/// an email or name column only for telling respondents apart).
fn is_metadata(tool: Tool, col: &Column) -> bool {
    const NAMES: &[&str] = &[
        "timestamp",
        "start date",
        "end date",
        "startdate",
        "enddate",
        "status",
        "response type",
        "ip address",
        "ipaddress",
        "progress",
        "duration (in seconds)",
        "finished",
        "recorded date",
        "recordeddate",
        "response id",
        "responseid",
        "recipient last name",
        "recipientlastname",
        "recipient first name",
        "recipientfirstname",
        "recipient email",
        "recipientemail",
        "external data reference",
        "externalreference",
        "location latitude",
        "locationlatitude",
        "location longitude",
        "locationlongitude",
        "distribution channel",
        "distributionchannel",
        "user language",
        "userlanguage",
        "respondent id",
        "collector id",
        "custom data 1",
        "id",
        "start time",
        "completion time",
        "last modified time",
        "#",
        "submitted at",
        "submit date (utc)",
        "start date (utc)",
        "stage date (utc)",
        "network id",
        "token",
        "tags",
        "ending",
        "landed at",
    ];
    // SurveyMonkey's recipient columns, filled from its contact list.
    const SURVEYMONKEY: &[&str] = &["email address", "first name", "last name"];
    col.names.iter().chain([&col.display]).any(|name| {
        let f = fold(name);
        NAMES.contains(&f.as_str())
            || (tool == Tool::SurveyMonkey && SURVEYMONKEY.contains(&f.as_str()))
            || f.ends_with("_nps_group")
            || f.ends_with(" - group")
    })
}

/// A column whose answers are all its own header (a ticked checkbox).
fn is_option_column(rows: &[Vec<&str>], c: usize, col: &Column) -> bool {
    let mut ticked = rows
        .iter()
        .map(|r| r.get(c).copied().unwrap_or_default())
        .filter(|v| !v.is_empty())
        .peekable();
    ticked.peek().is_some()
        && !is_other_header(&col.display)
        && ticked.all(|v| same_folded(v, &col.display))
}

/// The question's text: SurveyMonkey's "[Response]" and Qualtrics'
/// "- Selected Choice" left out.
fn label_of(col: &Column) -> String {
    let response = col
        .sub
        .as_deref()
        .is_some_and(|s| matches!(fold(s).as_str(), "" | "response" | "open-ended response"));
    let d = if response {
        col.names
            .first()
            .map_or(col.display.as_str(), String::as_str)
    } else {
        col.display.as_str()
    }
    .trim();
    d.strip_suffix(" - Selected Choice")
        .unwrap_or(d)
        .to_string()
}

fn after_dash(display: &str) -> &str {
    display.split_once(" - ").map_or(display, |(_, rest)| rest)
}

/// `How often do you meet your mentor?` → `how-often-do-you-meet`.
fn id_of(label: &str) -> String {
    let words: Vec<String> = label
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(5)
        .map(str::to_lowercase)
        .collect();
    let id = words.join("-");
    if id.is_empty() {
        "question".into()
    } else {
        id
    }
}

fn unique_ids(questions: &mut [Draft]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for q in questions {
        let n = seen.entry(q.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            q.id = format!("{}-{n}", q.id);
        }
    }
}

/// `feedback` → `Feedback`, `exit-survey` → `Exit survey`.
fn title_of(form: &str) -> String {
    let words = form.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}
