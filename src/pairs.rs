//! Matched mentor–mentee pairs: `data/pairs.csv`, open spots and agreement
//! tokens.
//!
//! The pairs file is the one place where mentees' names and e-mail addresses
//! enter the site, so this module keeps them on a short leash: the e-mail
//! lives in [`PrivateText`], which cannot be serialised or displayed and so
//! can never reach a template, and mentee names are only meant for agreement
//! pages, which are reachable only through an unguessable [`agreement_token`].
//!
//! Loading is strict and complete in one go: [`load_pairs`] reports every
//! problem of the file (with the line and column of the offending cell), and
//! leaves the rows that have problems out of its result, so the coordinator
//! fixes the whole file after a single `mentorsite check`.

use crate::diagnostic::{nearest, Diagnostic};
use crate::table::header::{map_header, Columns};
use crate::table::{Delimiter, Record, Table};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

pub use crate::private::PrivateText;

/// How often a pair meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cadence {
    Weekly,
    Biweekly,
    Monthly,
}

impl Cadence {
    pub const ALL: [Cadence; 3] = [Cadence::Weekly, Cadence::Biweekly, Cadence::Monthly];

    pub fn as_str(self) -> &'static str {
        match self {
            Cadence::Weekly => "weekly",
            Cadence::Biweekly => "biweekly",
            Cadence::Monthly => "monthly",
        }
    }

    /// Parses a cell, ignoring case and surrounding spaces.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

/// Where a pair is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PairStatus {
    Proposed,
    Active,
    Completed,
    Ended,
}

impl PairStatus {
    pub const ALL: [PairStatus; 4] = [
        PairStatus::Proposed,
        PairStatus::Active,
        PairStatus::Completed,
        PairStatus::Ended,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PairStatus::Proposed => "proposed",
            PairStatus::Active => "active",
            PairStatus::Completed => "completed",
            PairStatus::Ended => "ended",
        }
    }

    /// Parses a cell, ignoring case and surrounding spaces.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// Proposed and active pairs are current: a mentor and mentee may have
    /// only one of those at a time, while finished ones may repeat.
    pub fn is_current(self) -> bool {
        matches!(self, PairStatus::Proposed | PairStatus::Active)
    }
}

/// One row of `data/pairs.csv`.
///
/// Not `Serialize`, because of `mentee_email`: the agreement page's context
/// is built field by field in `render`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// Physical line of the row in `pairs.csv` (the header is line 1).
    pub line: usize,
    /// Slug of the mentor's profile.
    pub mentor: String,
    pub mentee: String,
    pub mentee_email: Option<PrivateText>,
    /// A track id declared in `site.toml`.
    pub track: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub cadence: Option<Cadence>,
    pub meeting_length: Option<String>,
    pub format: Option<String>,
    /// The `goals` cell split on `;`, without empty entries.
    pub goals: Vec<String>,
    pub status: PairStatus,
    /// Every column that is not one of the above, keyed by its header as
    /// written (trimmed). Present for every pair, empty when the cell is, so a
    /// template can use `pair.extra["Room"]` without checking for it first.
    pub extra: BTreeMap<String, String>,
}

/// The columns this module understands, by their canonical header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Mentor,
    Mentee,
    MenteeEmail,
    Track,
    Start,
    End,
    Cadence,
    MeetingLength,
    Format,
    Goals,
    Status,
}

const COLUMNS: [(Column, &str); 11] = [
    (Column::Mentor, "mentor"),
    (Column::Mentee, "mentee"),
    (Column::MenteeEmail, "mentee_email"),
    (Column::Track, "track"),
    (Column::Start, "start"),
    (Column::End, "end"),
    (Column::Cadence, "cadence"),
    (Column::MeetingLength, "meeting_length"),
    (Column::Format, "format"),
    (Column::Goals, "goals"),
    (Column::Status, "status"),
];

/// The header of a `pairs.csv`, in order: what `match` writes.
pub const COLUMN_NAMES: [&str; 11] = {
    let mut names = [""; 11];
    let mut i = 0;
    while i < COLUMNS.len() {
        names[i] = COLUMNS[i].1;
        i += 1;
    }
    names
};

const REQUIRED: [Column; 3] = [Column::Mentor, Column::Mentee, Column::Status];

/// Reads `data/pairs.csv`.
///
/// `mentors` maps each profile slug to its capacity, `tracks` lists the track
/// ids declared in `site.toml`. Returns the rows without problems, in file
/// order, and a diagnostic for every problem found, in file order. An empty
/// file (or one of only line breaks) holds no pairs and is not an error.
pub fn load_pairs(
    path: &Path,
    bytes: &[u8],
    mentors: &BTreeMap<String, u32>,
    tracks: &[&str],
) -> (Vec<Pair>, Vec<Diagnostic>) {
    let table = match Table::read(path, bytes, Delimiter::Comma) {
        Ok(table) => table,
        Err(d) => return (Vec::new(), vec![d]),
    };
    let mut diagnostics = table.errors.clone();
    let Some((header, rows)) = table.records.split_first() else {
        return (Vec::new(), diagnostics);
    };
    let Some(header) = map_header(&table, header, &COLUMNS, &REQUIRED, &mut diagnostics) else {
        diagnostics.sort_by_key(|d| (d.line, d.column));
        return (Vec::new(), diagnostics);
    };
    let mut check = RowChecker {
        table: &table,
        header: &header,
        mentors,
        tracks,
        current: HashMap::new(),
        active: BTreeMap::new(),
        diagnostics,
    };
    let mut pairs: Vec<Option<Pair>> = rows
        .iter()
        .enumerate()
        .map(|(index, record)| check.row(record, index))
        .collect();
    check.capacity(&mut pairs);

    let mut diagnostics = check.diagnostics;
    // Capacity errors are found after the last row; report in file order.
    diagnostics.sort_by_key(|d| (d.line, d.column));
    (pairs.into_iter().flatten().collect(), diagnostics)
}

/// The number of active pairs of each mentor slug that has any. Open spots
/// are a mentor's capacity minus this (saturating at zero).
pub fn open_spots(pairs: &[Pair]) -> BTreeMap<String, u32> {
    let mut active = BTreeMap::new();
    for pair in pairs.iter().filter(|p| p.status == PairStatus::Active) {
        *active.entry(pair.mentor.clone()).or_insert(0u32) += 1;
    }
    active
}

const TOKEN_CONTEXT: &str = "mentorsite agreement token v1";
const TOKEN_CHARS: usize = 26;

/// The unguessable name of a pair's agreement page, `/agreements/<token>/`:
/// 26 lowercase base32 characters (130 bits) of a BLAKE3 keyed hash.
///
/// The hash covers who the pair is and every term the agreement states:
/// mentor, mentee (trimmed, lowercased, inner spaces collapsed), mentee
/// e-mail (the same), track, start, end, cadence, meeting length, format and
/// goals. Changing any of them gives the agreement a new address, so a
/// printed, signed copy never leads to a page that shows different terms than
/// the ones signed; the old link stops working instead, which is the honest
/// outcome. Left out on purpose: the status (a pair going from proposed to
/// active to completed keeps its link), the row's line (reordering the file
/// changes nothing), and the extra columns (they often hold the coordinator's
/// bookkeeping, and adding a column must not re-issue every link).
///
/// Without the secret the token cannot be computed from the names, and
/// changing the secret re-issues every link.
pub fn agreement_token(secret: &[u8], pair: &Pair) -> String {
    let key = blake3::derive_key(TOKEN_CONTEXT, secret);
    let mut fields = Encoder::default();
    fields.text(Some(&pair.mentor));
    fields.text(Some(&normalize_name(&pair.mentee)));
    let email = pair
        .mentee_email
        .as_ref()
        .map(|e| normalize_name(e.expose()));
    fields.text(email.as_deref());
    fields.text(pair.track.as_deref());
    fields.text(pair.start.map(|d| d.to_string()).as_deref());
    fields.text(pair.end.map(|d| d.to_string()).as_deref());
    fields.text(pair.cadence.map(Cadence::as_str));
    fields.text(pair.meeting_length.as_deref());
    fields.text(pair.format.as_deref());
    fields.count(pair.goals.len());
    for goal in &pair.goals {
        fields.text(Some(goal));
    }
    let hash = blake3::keyed_hash(&key, &fields.0);
    base32(hash.as_bytes(), TOKEN_CHARS)
}

/// An unambiguous byte encoding: every field says whether it is present and
/// how long it is, so no two different pairs encode to the same bytes (for
/// example mentor `ab` + mentee `c` versus mentor `a` + mentee `bc`).
#[derive(Default)]
struct Encoder(Vec<u8>);

impl Encoder {
    fn text(&mut self, text: Option<&str>) {
        match text {
            None => self.0.push(0),
            Some(text) => {
                self.0.push(1);
                self.count(text.len());
                self.0.extend_from_slice(text.as_bytes());
            }
        }
    }

    fn count(&mut self, n: usize) {
        self.0.extend_from_slice(&(n as u64).to_le_bytes());
    }
}

/// RFC 4648 base32 in lowercase, without padding, cut to `chars` characters:
/// safe in URLs, case-insensitive file systems and when read aloud.
pub(crate) fn base32(bytes: &[u8], chars: usize) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut out = String::with_capacity(chars);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &byte in bytes {
        buffer = ((buffer << 8) | u32::from(byte)) & 0xFFFF;
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            if out.len() == chars {
                return out;
            }
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 && out.len() < chars {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// The form of a name or address that identifies a person: case and stray
/// spaces in a spreadsheet cell must not make a different pair.
pub(crate) fn normalize_name(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Shorter secrets would make agreement tokens guessable by brute force.
const MIN_SECRET_BYTES: usize = 16;
const SECRET_ENV: &str = "MENTORSITE_SECRET";
const SECRET_FILE: &str = ".mentorsite-secret";

/// The key for agreement tokens: the environment variable
/// `MENTORSITE_SECRET` when set and not blank (for CI), otherwise the file
/// `<root>/.mentorsite-secret`, trimmed. `Ok(None)` when there is neither.
/// A secret shorter than 16 bytes is an error wherever it comes from.
pub fn load_secret(root: &Path) -> Result<Option<Vec<u8>>, String> {
    let env = match std::env::var(SECRET_ENV) {
        Ok(value) => Some(value),
        Err(std::env::VarError::NotPresent) => None,
        Err(std::env::VarError::NotUnicode(_)) => {
            return Err(format!("{SECRET_ENV} is not valid UTF-8"));
        }
    };
    load_secret_from(env, root)
}

/// [`load_secret`] with the environment passed in, so tests need not change
/// the process environment, which other threads read.
fn load_secret_from(env: Option<String>, root: &Path) -> Result<Option<Vec<u8>>, String> {
    if let Some(value) = env.filter(|v| !v.trim().is_empty()) {
        let secret = value.trim().as_bytes().to_vec();
        return check_secret_length(secret, SECRET_ENV).map(Some);
    }
    let path = root.join(SECRET_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(format!("cannot read {}: {error}", path.display())),
    };
    let secret = bytes.trim_ascii().to_vec();
    if secret.is_empty() {
        return Err(format!(
            "{} is empty; put a random secret of at least 16 bytes in it, or delete it",
            path.display()
        ));
    }
    check_secret_length(secret, &path.display().to_string()).map(Some)
}

fn check_secret_length(secret: Vec<u8>, origin: &str) -> Result<Vec<u8>, String> {
    if secret.len() < MIN_SECRET_BYTES {
        return Err(format!(
            "the secret in {origin} is {} bytes long; it needs at least {MIN_SECRET_BYTES} \
             (64 random hex characters are best)",
            secret.len()
        ));
    }
    Ok(secret)
}

/// A new secret for `.mentorsite-secret`: 32 random bytes as 64 hex digits.
///
/// # Panics
/// If the operating system's random number generator fails. There is no
/// safe fallback: a predictable secret would expose every agreement page.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    #[allow(clippy::expect_used)]
    getrandom::fill(&mut bytes).expect("the operating system's random number generator failed");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn column_name(column: Column) -> &'static str {
    COLUMNS
        .iter()
        .find(|(c, _)| *c == column)
        .map_or("", |(_, n)| n)
}

/// Checks rows one by one, remembering what later rows are compared with.
struct RowChecker<'a> {
    table: &'a Table<'a>,
    header: &'a Columns<Column>,
    mentors: &'a BTreeMap<String, u32>,
    tracks: &'a [&'a str],
    /// Proposed or active pairs by (mentor, normalised mentee), with line.
    current: HashMap<(String, String), usize>,
    /// Active rows by mentor: (row index, offset of the mentor cell).
    active: BTreeMap<String, Vec<(usize, usize)>>,
    diagnostics: Vec<Diagnostic>,
}

/// One row's cells, trimmed, with where they start.
struct Row<'a> {
    texts: Vec<String>,
    starts: Vec<usize>,
    header: &'a Columns<Column>,
}

impl Row<'_> {
    fn get(&self, column: Column) -> Option<(usize, &str)> {
        let i = self.header.index(column)?;
        Some((i, self.texts.get(i).map_or("", String::as_str)))
    }

    fn text(&self, column: Column) -> Option<String> {
        self.get(column)
            .map(|(_, t)| t)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    }
}

impl RowChecker<'_> {
    /// The pair of one row, or `None` when the row has a problem (reported).
    fn row(&mut self, record: &Record, index: usize) -> Option<Pair> {
        let table = self.table;
        let (starts, end) = table.cell_starts(record);
        let row_start = record.offset;
        let width = self.header.names.len();
        if record.fields.len() != width {
            let (offset, hint) = if record.fields.len() > width {
                let first_extra = starts.get(width).copied().unwrap_or(row_start);
                (
                    first_extra,
                    "quote cells that contain a comma, like \"Ada, Countess\"",
                )
            } else {
                (
                    end,
                    "every row needs a cell for each header column; leave unused cells empty",
                )
            };
            self.diagnostics.push(
                table
                    .error_at(
                        offset,
                        format!(
                            "this row has {} cells but the header has {width}",
                            record.fields.len()
                        ),
                    )
                    .with_hint(hint),
            );
            return None;
        }

        let mut ok = true;
        let row = Row {
            texts: record.fields.iter().map(|t| t.trim().to_string()).collect(),
            starts,
            header: self.header,
        };
        let line = record.line;

        let mentor = self.mentor(&row, &mut ok);
        let mentee = self.required(&row, Column::Mentee, &mut ok);
        let status = self.status(&row, &mut ok);
        let track = self.track(&row, &mut ok);
        let start = self.date(&row, Column::Start, &mut ok);
        let end = self.date(&row, Column::End, &mut ok);
        if let (Some(start), Some(end)) = (start, end) {
            if end < start {
                ok = false;
                let (end_name, start_name) = (self.name(Column::End), self.name(Column::Start));
                let d = self.error(
                    &row,
                    Column::End,
                    format!("`{end_name}` ({end}) is before `{start_name}` ({start})"),
                );
                self.diagnostics.push(d);
            }
        }
        let cadence = self.cadence(&row, &mut ok);
        let goals = row.text(Column::Goals).map_or_else(Vec::new, |goals| {
            goals
                .split(';')
                .map(str::trim)
                .filter(|g| !g.is_empty())
                .map(str::to_string)
                .collect()
        });
        let extra = self
            .header
            .extras
            .iter()
            .map(|&i| (self.header.names[i].clone(), row.texts[i].clone()))
            .collect();

        if let (Some(mentor), Some(mentee), Some(status)) = (&mentor, &mentee, status) {
            if status.is_current() {
                let key = (mentor.to_lowercase(), normalize_name(mentee));
                if let Some(first) = self.current.get(&key) {
                    ok = false;
                    let d = self
                        .error(
                            &row,
                            Column::Mentee,
                            format!(
                                "this mentor and mentee already have a proposed or active pair \
                                 on line {first}"
                            ),
                        )
                        .with_hint(
                            "keep one row per pair; mark a finished pair completed or ended",
                        );
                    self.diagnostics.push(d);
                } else {
                    self.current.insert(key, line);
                    if status == PairStatus::Active && self.mentors.contains_key(mentor) {
                        let at = row.get(Column::Mentor).map_or(row_start, |(i, _)| {
                            row.starts.get(i).copied().unwrap_or(row_start)
                        });
                        self.active
                            .entry(mentor.clone())
                            .or_default()
                            .push((index, at));
                    }
                }
            }
        }

        let pair = Pair {
            line,
            mentor: mentor?,
            mentee: mentee?,
            mentee_email: row.text(Column::MenteeEmail).map(PrivateText::new),
            track,
            start,
            end,
            cadence,
            meeting_length: row.text(Column::MeetingLength),
            format: row.text(Column::Format),
            goals,
            status: status?,
            extra,
        };
        ok.then_some(pair)
    }

    /// Reports each mentor with more active pairs than capacity once, at the
    /// first row over it, and drops that row.
    fn capacity(&mut self, rows: &mut [Option<Pair>]) {
        for (mentor, active) in &self.active {
            let capacity = self.mentors.get(mentor).copied().unwrap_or(0);
            let Some(&(index, at)) = active.get(capacity as usize) else {
                continue;
            };
            let d = self
                .table
                .error_at(
                    at,
                    format!(
                        "mentor `{mentor}` has {} active pairs but a capacity of {capacity}; \
                         this row is the first over it",
                        active.len()
                    ),
                )
                .with_hint(format!(
                    "raise `capacity` in content/mentors/{mentor}.md, or mark pairs proposed, \
                     completed or ended"
                ));
            self.diagnostics.push(d);
            if let Some(row) = rows.get_mut(index) {
                *row = None;
            }
        }
    }

    /// The header name as the user wrote it, for messages.
    fn name(&self, column: Column) -> &str {
        self.header
            .index(column)
            .and_then(|i| self.header.names.get(i))
            .map_or(column_name(column), String::as_str)
    }

    fn error(&self, row: &Row, column: Column, message: String) -> Diagnostic {
        let at = row
            .get(column)
            .and_then(|(i, _)| row.starts.get(i).copied())
            .unwrap_or(0);
        self.table.error_at(at, message)
    }

    fn required(&mut self, row: &Row, column: Column, ok: &mut bool) -> Option<String> {
        let text = row.text(column);
        if text.is_none() {
            *ok = false;
            let name = self.name(column).to_string();
            let d = self.error(
                row,
                column,
                format!("column `{name}` is empty; every pair needs one"),
            );
            self.diagnostics.push(d);
        }
        text
    }

    fn mentor(&mut self, row: &Row, ok: &mut bool) -> Option<String> {
        let slug = self.required(row, Column::Mentor, ok)?;
        if !self.mentors.contains_key(&slug) {
            *ok = false;
            let hint = match nearest(&slug, self.mentors.keys().map(String::as_str)) {
                Some(close) => format!("did you mean `{close}`?"),
                None => "a mentor is the file name of a profile in content/mentors/, without .md"
                    .to_string(),
            };
            let name = self.name(Column::Mentor).to_string();
            let d = self
                .error(
                    row,
                    Column::Mentor,
                    format!("unknown mentor `{slug}` in column `{name}`"),
                )
                .with_hint(hint);
            self.diagnostics.push(d);
        }
        Some(slug)
    }

    fn status(&mut self, row: &Row, ok: &mut bool) -> Option<PairStatus> {
        let allowed: Vec<&str> = PairStatus::ALL.iter().map(|s| s.as_str()).collect();
        let text = self.required(row, Column::Status, ok)?;
        let status = PairStatus::parse(&text);
        if status.is_none() {
            *ok = false;
            self.unknown_choice(row, Column::Status, &text, &allowed);
        }
        status
    }

    fn cadence(&mut self, row: &Row, ok: &mut bool) -> Option<Cadence> {
        let allowed: Vec<&str> = Cadence::ALL.iter().map(|c| c.as_str()).collect();
        let text = row.text(Column::Cadence)?;
        let cadence = Cadence::parse(&text);
        if cadence.is_none() {
            *ok = false;
            self.unknown_choice(row, Column::Cadence, &text, &allowed);
        }
        cadence
    }

    fn unknown_choice(&mut self, row: &Row, column: Column, text: &str, allowed: &[&str]) {
        let expected = format!("expected one of: {}", allowed.join(", "));
        let hint = match nearest(text, allowed.iter().copied()) {
            Some(close) => format!("did you mean `{close}`? {expected}"),
            None => expected,
        };
        let name = self.name(column).to_string();
        let d = self
            .error(
                row,
                column,
                format!("unknown {name} `{text}` in column `{name}`"),
            )
            .with_hint(hint);
        self.diagnostics.push(d);
    }

    fn track(&mut self, row: &Row, ok: &mut bool) -> Option<String> {
        let track = row.text(Column::Track)?;
        if !self.tracks.contains(&track.as_str()) {
            *ok = false;
            let hint = match nearest(&track, self.tracks.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None if self.tracks.is_empty() => {
                    "no tracks are declared in site.toml [tracks]".to_string()
                }
                None => format!("tracks declared in site.toml: {}", self.tracks.join(", ")),
            };
            let name = self.name(Column::Track).to_string();
            let d = self
                .error(
                    row,
                    Column::Track,
                    format!("unknown track `{track}` in column `{name}`"),
                )
                .with_hint(hint);
            self.diagnostics.push(d);
        }
        Some(track)
    }

    fn date(&mut self, row: &Row, column: Column, ok: &mut bool) -> Option<NaiveDate> {
        let text = row.text(column)?;
        // chrono alone would accept `2026-3-1`; the format is fixed so dates
        // sort and compare as text everywhere else too.
        let shaped = text.len() == 10
            && text.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        let date = shaped
            .then(|| NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok())
            .flatten();
        if date.is_none() {
            *ok = false;
            let name = self.name(column).to_string();
            let d = self
                .error(
                    row,
                    column,
                    format!("`{text}` in column `{name}` is not a date"),
                )
                .with_hint("expected YYYY-MM-DD, for example 2026-03-01");
            self.diagnostics.push(d);
        }
        date
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    const HEADER: &str =
        "mentor,mentee,mentee_email,track,start,end,cadence,meeting_length,format,goals,status\n";

    fn mentors() -> BTreeMap<String, u32> {
        [("ada-lovelace", 2), ("grace-hopper", 1), ("alan-turing", 1)]
            .into_iter()
            .map(|(s, c)| (s.to_string(), c))
            .collect()
    }

    const TRACKS: &[&str] = &["software-engineering", "leadership"];

    fn load(text: &str) -> (Vec<Pair>, Vec<Diagnostic>) {
        load_bytes(text.as_bytes())
    }

    fn load_bytes(bytes: &[u8]) -> (Vec<Pair>, Vec<Diagnostic>) {
        load_pairs(Path::new("data/pairs.csv"), bytes, &mentors(), TRACKS)
    }

    /// `line:column: message` of each diagnostic, for compact assertions.
    fn positions(diagnostics: &[Diagnostic]) -> Vec<String> {
        diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{}:{}: {}",
                    d.line.unwrap_or(0),
                    d.column.unwrap_or(0),
                    d.message
                )
            })
            .collect()
    }

    fn pair(mentor: &str, mentee: &str) -> Pair {
        Pair {
            line: 2,
            mentor: mentor.to_string(),
            mentee: mentee.to_string(),
            mentee_email: Some(PrivateText::new("sam@example.org")),
            track: Some("leadership".to_string()),
            start: NaiveDate::from_ymd_opt(2026, 3, 1),
            end: NaiveDate::from_ymd_opt(2026, 8, 31),
            cadence: Some(Cadence::Biweekly),
            meeting_length: Some("45 minutes".to_string()),
            format: Some("video".to_string()),
            goals: vec!["Lead a project".to_string(), "Give talks".to_string()],
            status: PairStatus::Active,
            extra: BTreeMap::new(),
        }
    }

    #[test]
    fn reads_every_column() {
        let text = format!(
            "{HEADER}ada-lovelace, Sam Lee ,sam@example.org,leadership,2026-03-01,2026-08-31,\
             Biweekly,45 minutes,video,\"Lead a project; Give talks;\",ACTIVE\n"
        );
        let (pairs, diagnostics) = load(&text);
        assert_eq!(diagnostics, vec![]);
        let mut expected = pair("ada-lovelace", "Sam Lee");
        expected.line = 2;
        assert_eq!(pairs, vec![expected]);
    }

    #[test]
    fn empty_optional_cells_are_none() {
        let (pairs, diagnostics) = load(&format!("{HEADER}alan-turing,Kim,,,,,,,,,proposed\n"));
        assert_eq!(diagnostics, vec![]);
        let p = &pairs[0];
        assert_eq!(p.mentee_email, None);
        assert_eq!(
            (p.track.clone(), p.start, p.end, p.cadence),
            (None, None, None, None)
        );
        assert_eq!((p.meeting_length.clone(), p.format.clone()), (None, None));
        assert!(p.goals.is_empty());
        assert_eq!(p.status, PairStatus::Proposed);
    }

    #[test]
    fn only_required_columns_are_needed_and_header_matching_is_loose() {
        let text = " Status ,MENTEE,Mentor,Mentee Email,Meeting-Length\nended,Kim,alan-turing,k@x.org,1h\n";
        let (pairs, diagnostics) = load(text);
        assert_eq!(diagnostics, vec![]);
        assert_eq!(pairs[0].mentor, "alan-turing");
        assert_eq!(pairs[0].status, PairStatus::Ended);
        assert_eq!(
            pairs[0].mentee_email.as_ref().map(PrivateText::expose),
            Some("k@x.org")
        );
        assert_eq!(pairs[0].meeting_length.as_deref(), Some("1h"));
    }

    #[test]
    fn extra_columns_are_kept_for_every_pair() {
        let text = "mentor,mentee,status, Room ,Notes\n\
                    alan-turing,Kim,active,B12,\n\
                    ada-lovelace,Lee,active,,first pair\n";
        let (pairs, diagnostics) = load(text);
        assert_eq!(diagnostics, vec![]);
        let room_notes = |p: &Pair| (p.extra["Room"].clone(), p.extra["Notes"].clone());
        assert_eq!(room_notes(&pairs[0]), ("B12".to_string(), String::new()));
        assert_eq!(
            room_notes(&pairs[1]),
            (String::new(), "first pair".to_string())
        );
    }

    #[test]
    fn misspelt_optional_column_is_an_error() {
        for (header, at, close) in [
            ("mentor,mentee,status,cadense", "1:22", "cadence"),
            ("mentor,mentee,status,mentee_mail", "1:22", "mentee_email"),
        ] {
            let (pairs, diagnostics) = load(&format!("{header}\nalan-turing,Kim,active,x\n"));
            assert!(
                pairs.is_empty(),
                "nothing is read from a file whose header is wrong"
            );
            let name = header.rsplit(',').next().unwrap();
            assert_eq!(
                positions(&diagnostics),
                [format!("{at}: column `{name}` is not a known column")]
            );
            assert_eq!(diagnostics[0].severity, Severity::Error);
            assert!(diagnostics[0]
                .hint
                .as_deref()
                .is_some_and(|h| h.starts_with(&format!("did you mean `{close}`?"))));
        }
    }

    #[test]
    fn bom_and_crlf() {
        let text = "\u{feff}mentor,mentee,status,goals\r\nalan-turing,Kim,active,a;b\r\n\
                    ada-lovelace,Lee,bogus,x\r\n";
        let (pairs, diagnostics) = load(text);
        assert_eq!(pairs.len(), 1);
        assert_eq!(pairs[0].goals, ["a", "b"]);
        assert_eq!(pairs[0].line, 2);
        assert_eq!(
            positions(&diagnostics),
            ["3:18: unknown status `bogus` in column `status`"]
        );
        assert_eq!(
            diagnostics[0].excerpt.as_deref(),
            Some("ada-lovelace,Lee,bogus,x")
        );
    }

    #[test]
    fn empty_file_has_no_pairs_and_no_errors() {
        assert_eq!(load(""), (vec![], vec![]));
        assert_eq!(load_bytes(b"\xEF\xBB\xBF"), (vec![], vec![]));
        assert_eq!(load(HEADER), (vec![], vec![]));
    }

    #[test]
    fn missing_required_columns() {
        let (pairs, diagnostics) = load("mentor,mentees,track\nalan-turing,Kim,\n");
        assert!(pairs.is_empty());
        assert_eq!(
            positions(&diagnostics),
            [
                "1:1: the header has no `mentee` column",
                "1:1: the header has no `status` column",
            ]
        );
        assert_eq!(
            diagnostics[0].hint.as_deref(),
            Some("did you mean to call the column `mentees` `mentee`?")
        );
    }

    #[test]
    fn duplicate_header_column() {
        let (_, diagnostics) = load("mentor,mentee,status,Mentor\n");
        assert_eq!(
            positions(&diagnostics),
            ["1:22: column `Mentor` appears twice in the header"]
        );
    }

    #[test]
    fn unknown_mentor_with_hint() {
        let (pairs, diagnostics) =
            load("mentee,mentor,status\nKim,ada-lovelance,active\nLee,zed,active\n");
        assert!(pairs.is_empty());
        assert_eq!(
            positions(&diagnostics),
            [
                "2:5: unknown mentor `ada-lovelance` in column `mentor`",
                "3:5: unknown mentor `zed` in column `mentor`",
            ]
        );
        assert_eq!(
            diagnostics[0].hint.as_deref(),
            Some("did you mean `ada-lovelace`?")
        );
        assert!(diagnostics[1]
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("content/mentors/")));
    }

    #[test]
    fn empty_required_cells() {
        let (pairs, diagnostics) = load("mentor,mentee,status\n,Kim,active\nalan-turing,  ,\n");
        assert!(pairs.is_empty());
        assert_eq!(
            positions(&diagnostics),
            [
                "2:1: column `mentor` is empty; every pair needs one",
                "3:13: column `mentee` is empty; every pair needs one",
                "3:16: column `status` is empty; every pair needs one",
            ]
        );
    }

    #[test]
    fn unknown_track_with_hint() {
        let (pairs, diagnostics) =
            load("mentor,mentee,status,Track\nalan-turing,Kim,active,leadrship\n");
        assert!(pairs.is_empty());
        assert_eq!(
            positions(&diagnostics),
            ["2:24: unknown track `leadrship` in column `Track`"]
        );
        assert_eq!(
            diagnostics[0].hint.as_deref(),
            Some("did you mean `leadership`?")
        );
        let (_, diagnostics) = load("mentor,mentee,status,track\nalan-turing,Kim,active,cooking\n");
        assert_eq!(
            diagnostics[0].hint.as_deref(),
            Some("tracks declared in site.toml: software-engineering, leadership")
        );
    }

    #[test]
    fn unknown_status_and_cadence_list_allowed_values() {
        let text = "mentor,mentee,status,cadence\nalan-turing,Kim,actve,fortnightly\n";
        let (pairs, diagnostics) = load(text);
        assert!(pairs.is_empty());
        assert_eq!(
            positions(&diagnostics),
            [
                "2:17: unknown status `actve` in column `status`",
                "2:23: unknown cadence `fortnightly` in column `cadence`",
            ]
        );
        assert_eq!(
            diagnostics[0].hint.as_deref(),
            Some("did you mean `active`? expected one of: proposed, active, completed, ended")
        );
        assert_eq!(
            diagnostics[1].hint.as_deref(),
            Some("expected one of: weekly, biweekly, monthly")
        );
    }

    #[test]
    fn bad_dates() {
        let text = "mentor,mentee,status,start,end\n\
                    alan-turing,Kim,active,2026-3-1,2026-02-30\n\
                    ada-lovelace,Lee,active,01/03/2026,\n";
        let (pairs, diagnostics) = load(text);
        assert!(pairs.is_empty());
        assert_eq!(
            positions(&diagnostics),
            [
                "2:24: `2026-3-1` in column `start` is not a date",
                "2:33: `2026-02-30` in column `end` is not a date",
                "3:25: `01/03/2026` in column `start` is not a date",
            ]
        );
        assert!(diagnostics[0]
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("YYYY-MM-DD")));
    }

    #[test]
    fn end_before_start() {
        let text = "mentor,mentee,status,start,end\nalan-turing,Kim,active,2026-03-01,2026-01-31\n";
        let (pairs, diagnostics) = load(text);
        assert!(pairs.is_empty());
        assert_eq!(
            positions(&diagnostics),
            ["2:35: `end` (2026-01-31) is before `start` (2026-03-01)"]
        );
        let same_day =
            "mentor,mentee,status,start,end\nalan-turing,Kim,active,2026-03-01,2026-03-01\n";
        assert_eq!(load(same_day).1, vec![]);
    }

    #[test]
    fn same_current_pair_twice() {
        let text = "mentor,mentee,status\n\
                    ada-lovelace,Sam Lee,proposed\n\
                    ada-lovelace,Kim,completed\n\
                    ada-lovelace,Kim,active\n\
                    Ada-Lovelace,sam  LEE ,active\n";
        let (pairs, diagnostics) = load(text);
        // The duplicate's mentor differs only in case: also an unknown slug.
        assert_eq!(
            positions(&diagnostics),
            [
                "5:1: unknown mentor `Ada-Lovelace` in column `mentor`",
                "5:14: this mentor and mentee already have a proposed or active pair on line 2",
            ]
        );
        assert_eq!(pairs.iter().map(|p| p.line).collect::<Vec<_>>(), [2, 3, 4]);

        let text = "mentor,mentee,status\nalan-turing,Kim,active\nalan-turing,kim,proposed\n";
        let (pairs, diagnostics) = load(text);
        assert_eq!(
            positions(&diagnostics),
            ["3:13: this mentor and mentee already have a proposed or active pair on line 2"]
        );
        assert_eq!(pairs.len(), 1);
    }

    #[test]
    fn ragged_rows() {
        let text = "mentor,mentee,status\n\
                    alan-turing,Kim,active,extra,more\n\
                    ada-lovelace,Lee\r\n\
                    ada-lovelace,Sam,active\n";
        let (pairs, diagnostics) = load(text);
        assert_eq!(
            positions(&diagnostics),
            [
                "2:24: this row has 5 cells but the header has 3",
                "3:17: this row has 2 cells but the header has 3",
            ]
        );
        assert_eq!(pairs.len(), 1);
        assert_eq!(pairs[0].line, 4);
    }

    #[test]
    fn invalid_utf8_byte_in_a_utf8_file() {
        let mut bytes = b"mentor,mentee,status\nalan-turing,\"K\xE9m\",active\n".to_vec();
        bytes.extend_from_slice("ada-lovelace,Zoë,active\n".as_bytes());
        let (_, diagnostics) = load_bytes(&bytes);
        assert_eq!(
            positions(&diagnostics),
            ["2:15: this byte is not valid UTF-8"]
        );
    }

    #[test]
    fn windows_1252_file() {
        let (pairs, diagnostics) = load_bytes(b"mentor,mentee,status\nalan-turing,K\xE9m,active\n");
        assert_eq!(positions(&diagnostics), Vec::<String>::new());
        assert_eq!(pairs[0].mentee, "Kém");
    }

    #[test]
    fn columns_count_characters_and_follow_multiline_cells() {
        let text = "mentor,mentee,goals,status\n\
                    alan-turing,Zoë Ünal,\"Learn Rust,\nthen Go\",bogus\n\
                    ada-lovelace,\"Lee, \"\"Sam\"\"\",,Activ\n";
        let (pairs, diagnostics) = load(text);
        assert!(pairs.is_empty());
        assert_eq!(
            positions(&diagnostics),
            [
                "3:10: unknown status `bogus` in column `status`",
                "4:30: unknown status `Activ` in column `status`",
            ]
        );
    }

    #[test]
    fn blank_lines_and_empty_rows_are_skipped() {
        let text =
            "\nmentor,mentee,status\n\nalan-turing,Kim,active\n,,\n \n\nada-lovelace,Lee,bogus\n";
        let (pairs, diagnostics) = load(text);
        assert_eq!(pairs.len(), 1);
        assert_eq!(pairs[0].line, 4);
        assert_eq!(
            positions(&diagnostics),
            ["8:18: unknown status `bogus` in column `status`"]
        );
    }

    #[test]
    fn capacity_is_reported_once_at_the_first_row_over_it() {
        let text = "status,mentee,mentor\n\
                    active,A,grace-hopper\n\
                    proposed,B,grace-hopper\n\
                    completed,C,grace-hopper\n\
                    active,D,grace-hopper\n\
                    active,E,grace-hopper\n\
                    active,F,ada-lovelace\n";
        let (pairs, diagnostics) = load(text);
        assert_eq!(positions(&diagnostics), [
            "5:10: mentor `grace-hopper` has 3 active pairs but a capacity of 1; this row is the first over it"
        ]);
        assert_eq!(
            pairs.iter().map(|p| p.mentee.as_str()).collect::<Vec<_>>(),
            ["A", "B", "C", "E", "F"]
        );
        assert_eq!(mentors()["grace-hopper"], 1);
    }

    #[test]
    fn reports_every_problem_in_one_run() {
        let text = "mentor,mentee,status,track,cadence,start,end\n\
                    ada-lovelac,Kim,active,leadership,weekly,2026-01-01,2026-02-01\n\
                    alan-turing,Lee,active,ops,daily,2026-13-01,2025-01-01\n\
                    alan-turing,Sam,active,,,,\n";
        let (pairs, diagnostics) = load(text);
        assert_eq!(positions(&diagnostics), [
            "2:1: unknown mentor `ada-lovelac` in column `mentor`",
            "3:24: unknown track `ops` in column `track`",
            "3:28: unknown cadence `daily` in column `cadence`",
            "3:34: `2026-13-01` in column `start` is not a date",
            "4:1: mentor `alan-turing` has 2 active pairs but a capacity of 1; this row is the first over it",
        ]);
        assert!(pairs.is_empty());
    }

    #[test]
    fn open_spots_counts_active_pairs() {
        let mut pairs = vec![
            pair("a", "1"),
            pair("a", "2"),
            pair("b", "3"),
            pair("c", "4"),
        ];
        pairs[1].status = PairStatus::Completed;
        pairs[3].status = PairStatus::Proposed;
        let expected: BTreeMap<String, u32> = [("a".to_string(), 1), ("b".to_string(), 1)].into();
        assert_eq!(open_spots(&pairs), expected);
    }

    #[test]
    fn private_text_does_not_leak_through_debug() {
        let p = pair("ada-lovelace", "Sam");
        assert!(!format!("{p:?}").contains("sam@example.org"));
        assert!(format!("{p:?}").contains("PrivateText(..)"));
    }

    /// What `tests/fixtures/pairs/expected.txt` says: the fixtures and the
    /// expected result of loading each, so integration tests can reuse them.
    fn fixture_report() -> String {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pairs");
        let mut out = String::from(
            "Fixtures for data/pairs.csv\n\n\
             Load each as data/pairs.csv with these mentors (profile slug = capacity) and tracks:\n\
             mentors: ada-lovelace = 2, grace-hopper = 1, alan-turing = 1\n\
             tracks: software-engineering, leadership\n\n\
             For each file: the lines of the pairs that load, then every diagnostic in order,\n\
             as the first line of its report, with its hint below it.\n",
        );
        for name in ["good.csv", "bom-crlf.csv", "bad.csv", "missing-column.csv"] {
            let bytes = std::fs::read(dir.join(name)).expect("fixture");
            let (pairs, diagnostics) = load_bytes(&bytes);
            let lines: Vec<String> = pairs.iter().map(|p| p.line.to_string()).collect();
            out.push_str(&format!("\n{name}\npairs: {}\n", pairs.len()));
            if !lines.is_empty() {
                out.push_str(&format!("pair lines: {}\n", lines.join(", ")));
            }
            if diagnostics.is_empty() {
                out.push_str("diagnostics: none\n");
            } else {
                out.push_str(&format!("diagnostics: {}\n", diagnostics.len()));
            }
            for d in &diagnostics {
                out.push_str(&format!("{d}\n"));
                if let Some(hint) = &d.hint {
                    out.push_str(&format!("  hint: {hint}\n"));
                }
            }
        }
        out
    }

    #[test]
    fn fixtures_match_expected_txt() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pairs/expected.txt");
        let report = fixture_report();
        // Regenerate after an intended change: MENTORSITE_BLESS=1 cargo test.
        if std::env::var_os("MENTORSITE_BLESS").is_some() {
            std::fs::write(&path, &report).expect("write expected.txt");
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(report, expected);
    }

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn token_is_stable_long_and_url_safe() {
        let p = pair("ada-lovelace", "Sam Lee");
        let token = agreement_token(SECRET, &p);
        assert_eq!(token, agreement_token(SECRET, &p.clone()));
        assert_eq!(token.len(), 26);
        assert!(token
            .bytes()
            .all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b)));
        // Pinned, so a change to the encoding cannot silently re-issue links.
        assert_eq!(token, "qs7g42bnmz5i2e2pgvna27dmof");
    }

    #[test]
    fn token_depends_on_the_key() {
        let p = pair("ada-lovelace", "Sam Lee");
        assert_ne!(
            agreement_token(SECRET, &p),
            agreement_token(b"another secret, sixteen+ bytes", &p)
        );
    }

    #[test]
    fn token_ignores_status_line_extra_and_name_spelling() {
        let p = pair("ada-lovelace", "Sam Lee");
        let token = agreement_token(SECRET, &p);
        let mut q = p.clone();
        q.status = PairStatus::Completed;
        q.line = 40;
        q.extra.insert("Room".to_string(), "B12".to_string());
        q.mentee = "  sam   LEE ".to_string();
        q.mentee_email = Some(PrivateText::new("Sam@Example.org "));
        assert_eq!(agreement_token(SECRET, &q), token);
    }

    #[test]
    fn token_changes_with_identity_and_terms() {
        let p = pair("ada-lovelace", "Sam Lee");
        let token = agreement_token(SECRET, &p);
        let changes: Vec<fn(&mut Pair)> = vec![
            |q| q.mentor = "grace-hopper".to_string(),
            |q| q.mentee = "Sam Leigh".to_string(),
            |q| q.mentee_email = None,
            |q| q.track = None,
            |q| q.start = NaiveDate::from_ymd_opt(2026, 3, 2),
            |q| q.end = None,
            |q| q.cadence = Some(Cadence::Weekly),
            |q| q.meeting_length = Some("1 hour".to_string()),
            |q| q.format = Some("in person".to_string()),
            |q| q.goals.push("Write".to_string()),
            |q| q.goals = vec!["Lead a project; Give talks".to_string()],
        ];
        let mut seen = std::collections::BTreeSet::from([token]);
        for change in changes {
            let mut q = p.clone();
            change(&mut q);
            assert!(seen.insert(agreement_token(SECRET, &q)), "{q:?}");
        }
    }

    #[test]
    fn token_encoding_is_unambiguous() {
        let a = pair("ab", "c");
        let b = pair("a", "bc");
        assert_ne!(agreement_token(SECRET, &a), agreement_token(SECRET, &b));
        let mut empty_track = pair("a", "b");
        empty_track.track = Some(String::new());
        let mut no_track = pair("a", "b");
        no_track.track = None;
        assert_ne!(
            agreement_token(SECRET, &empty_track),
            agreement_token(SECRET, &no_track)
        );
    }

    #[test]
    fn base32_matches_rfc_4648() {
        assert_eq!(base32(b"foobar", 100), "mzxw6ytboi");
        assert_eq!(base32(b"f", 100), "my");
        assert_eq!(base32(b"foobar", 4), "mzxw");
    }

    fn temp_root(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("mentorsite-pairs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn secret_from_env_file_or_none() {
        let root = temp_root("secret");
        assert_eq!(load_secret_from(None, &root), Ok(None));
        assert_eq!(load_secret_from(Some("  ".to_string()), &root), Ok(None));

        std::fs::write(root.join(SECRET_FILE), "  0123456789abcdef0123\n").expect("write");
        assert_eq!(
            load_secret_from(None, &root),
            Ok(Some(b"0123456789abcdef0123".to_vec()))
        );
        let env = Some("from-the-environment-1234".to_string());
        assert_eq!(
            load_secret_from(env, &root),
            Ok(Some(b"from-the-environment-1234".to_vec()))
        );
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn empty_or_short_secrets_are_errors() {
        let root = temp_root("short");
        std::fs::write(root.join(SECRET_FILE), "\n").expect("write");
        assert!(load_secret_from(None, &root).is_err_and(|e| e.contains("is empty")));
        std::fs::write(root.join(SECRET_FILE), "short\n").expect("write");
        assert!(load_secret_from(None, &root).is_err_and(|e| e.contains("at least 16")));
        assert!(load_secret_from(Some("short".to_string()), &root).is_err());
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn new_secrets_are_random_hex_and_loadable() {
        let (a, b) = (new_secret(), new_secret());
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        let root = temp_root("new");
        std::fs::write(root.join(SECRET_FILE), format!("{a}\n")).expect("write");
        assert_eq!(load_secret_from(None, &root), Ok(Some(a.into_bytes())));
        let _ = std::fs::remove_dir_all(&root);
    }
}
