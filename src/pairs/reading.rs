//! Reading `data/pairs.csv`: the header mapped to the known columns, then
//! every row checked (mentor, track, dates, cadence, status, duplicates,
//! capacity) with the line and column of each problem.

use super::{normalize_name, Cadence, Pair, PairStatus, PrivateText};
use crate::diagnostic::{nearest, Diagnostic};
use crate::table::header::{map_header, Columns};
use crate::table::{Delimiter, Record, Table};
use chrono::NaiveDate;
use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

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
pub fn load_pairs<K: Borrow<str> + Ord>(
    path: &Path,
    bytes: &[u8],
    mentors: &BTreeMap<K, u32>,
    tracks: &[&str],
) -> (Vec<Pair>, Vec<Diagnostic>) {
    let file = PairsFile::read(path, bytes.to_vec(), tracks);
    let mentors: HashMap<&str, u32> = mentors.iter().map(|(k, &c)| (k.borrow(), c)).collect();
    let (kept, diagnostics) = file.check(&mentors);
    (file.pairs(&kept), diagnostics)
}

/// `pairs.csv` read and its rows checked on their own: everything but what
/// the mentors' profiles decide (whether each mentor exists, and how many
/// active pairs they take). The preview keeps it while the file does not
/// change and checks it again, in a moment, when a profile does.
#[derive(Debug, Default)]
pub struct PairsFile {
    path: std::path::PathBuf,
    bytes: Vec<u8>,
    rows: Vec<CheckedRow>,
    /// Every mentor slug a row names.
    mentioned: rustc_hash::FxHashSet<String>,
    /// The problems of the rows themselves, located.
    diagnostics: Vec<Diagnostic>,
}

/// One row, checked on its own.
#[derive(Debug)]
struct CheckedRow {
    /// `None` when the row has a problem of its own.
    pair: Option<Pair>,
    /// The mentor's slug, and the offset of its cell.
    mentor: Option<(String, usize)>,
    /// An active pair, not a duplicate: it takes one of the mentor's spots.
    takes_spot: bool,
}

/// What the mentors make of a row.
enum MentorProblem<'a> {
    Unknown(&'a str),
    OverCapacity {
        mentor: &'a str,
        active: usize,
        capacity: u32,
    },
}

impl PairsFile {
    /// Reads and checks the rows of `bytes`, the contents of `path`.
    pub fn read(path: &Path, bytes: Vec<u8>, tracks: &[&str]) -> PairsFile {
        let mut file = PairsFile {
            path: path.to_path_buf(),
            ..PairsFile::default()
        };
        let table = match Table::read(path, &bytes, Delimiter::Comma) {
            Ok(table) => table,
            Err(d) => {
                file.diagnostics.push(d);
                return file;
            }
        };
        let mut diagnostics = table.errors.clone();
        let rows = match table.records.split_first() {
            Some((header, rows)) => {
                match map_header(&table, header, &COLUMNS, &REQUIRED, &mut diagnostics) {
                    Some(header) => {
                        let mut check = RowChecker {
                            table: &table,
                            header: &header,
                            tracks,
                            current: HashMap::new(),
                            diagnostics,
                        };
                        let rows = rows.iter().map(|record| check.row(record)).collect();
                        diagnostics = check.diagnostics;
                        rows
                    }
                    None => Vec::new(),
                }
            }
            None => Vec::new(),
        };
        drop(table);
        file.mentioned = rows
            .iter()
            .filter_map(|r: &CheckedRow| Some(r.mentor.as_ref()?.0.clone()))
            .collect();
        file.rows = rows;
        file.diagnostics = diagnostics;
        file.bytes = bytes;
        file
    }

    /// A file that could not be read: no rows, and why.
    pub fn unreadable(problem: Diagnostic) -> PairsFile {
        PairsFile {
            diagnostics: vec![problem],
            ..PairsFile::default()
        }
    }

    /// Whether a row names the mentor `slug`. What [`check`](Self::check)
    /// finds depends on the profiles only through the presence and the
    /// capacity of the mentors the rows name (and, for a row naming an
    /// unknown mentor, on every slug, for its hint).
    pub fn mentions(&self, slug: &str) -> bool {
        self.mentioned.contains(slug)
    }

    /// The problems of the rows themselves, whatever the profiles say.
    pub fn problems(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Checks the rows against `mentors` (each profile's slug and its
    /// capacity): the indexes of the rows that make pairs, and every
    /// problem of the file, in file order.
    pub fn check(&self, mentors: &HashMap<&str, u32>) -> (Vec<usize>, Vec<Diagnostic>) {
        let mut keep: Vec<bool> = self.rows.iter().map(|r| r.pair.is_some()).collect();
        let mut problems: Vec<(usize, MentorProblem)> = Vec::new();
        // Each mentor's active rows so far, and the first row over their
        // capacity, in file order.
        let mut taken: HashMap<&str, (usize, Option<usize>)> = HashMap::new();
        for (i, row) in self.rows.iter().enumerate() {
            let Some((mentor, at)) = &row.mentor else {
                continue;
            };
            match mentors.get(mentor.as_str()) {
                None => {
                    keep[i] = false;
                    problems.push((*at, MentorProblem::Unknown(mentor)));
                }
                Some(&capacity) if row.takes_spot => {
                    let (count, over) = taken.entry(mentor).or_default();
                    *count += 1;
                    if *count == capacity as usize + 1 {
                        *over = Some(i);
                    }
                }
                Some(_) => {}
            }
        }
        // Each mentor over capacity is reported once, at the first row
        // over it, and that row is dropped.
        for (mentor, (active, over)) in taken {
            let Some(i) = over else {
                continue;
            };
            keep[i] = false;
            let at = self.rows[i].mentor.as_ref().map_or(0, |(_, at)| *at);
            let capacity = mentors.get(mentor).copied().unwrap_or(0);
            problems.push((
                at,
                MentorProblem::OverCapacity {
                    mentor,
                    active,
                    capacity,
                },
            ));
        }
        let mut diagnostics = self.diagnostics.clone();
        if !problems.is_empty() {
            diagnostics.extend(self.locate(problems, mentors));
        }
        diagnostics.sort_by_key(|d| (d.line, d.column));
        let kept = (0..keep.len()).filter(|&i| keep[i]).collect();
        (kept, diagnostics)
    }

    /// The pairs of rows `kept`, as [`check`](Self::check) found them.
    pub fn pairs(&self, kept: &[usize]) -> Vec<Pair> {
        kept.iter()
            .filter_map(|&i| self.rows.get(i)?.pair.clone())
            .collect()
    }

    /// The mentors' problems as diagnostics. They are rare, so the file is
    /// read again to place them rather than holding every row's location.
    fn locate(
        &self,
        problems: Vec<(usize, MentorProblem)>,
        mentors: &HashMap<&str, u32>,
    ) -> Vec<Diagnostic> {
        // In order, so the nearest of equally near slugs is always the same.
        let mut slugs: Vec<&str> = mentors.keys().copied().collect();
        slugs.sort_unstable();
        let Ok(table) = Table::read(&self.path, &self.bytes, Delimiter::Comma) else {
            return Vec::new();
        };
        let header = table
            .records
            .first()
            .and_then(|h| map_header(&table, h, &COLUMNS, &REQUIRED, &mut Vec::new()));
        let column = header
            .as_ref()
            .and_then(|h| h.index(Column::Mentor).and_then(|i| h.names.get(i)))
            .map_or(column_name(Column::Mentor), String::as_str);
        problems
            .into_iter()
            .map(|(at, problem)| match problem {
                MentorProblem::Unknown(slug) => {
                    let hint = match nearest(slug, slugs.iter().copied()) {
                        Some(close) => format!("did you mean `{close}`?"),
                        None => "a mentor is the file name of a profile in content/mentors/, without .md"
                            .to_string(),
                    };
                    table
                        .error_at(at, format!("unknown mentor `{slug}` in column `{column}`"))
                        .with_hint(hint)
                }
                MentorProblem::OverCapacity {
                    mentor,
                    active,
                    capacity,
                } => table
                    .error_at(
                        at,
                        format!(
                            "mentor `{mentor}` has {active} active pairs but a capacity of \
                             {capacity}; this row is the first over it"
                        ),
                    )
                    .with_hint(format!(
                        "raise `capacity` in content/mentors/{mentor}.md, or mark pairs proposed, \
                         completed or ended"
                    )),
            })
            .collect()
    }
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
    tracks: &'a [&'a str],
    /// Proposed or active pairs by (mentor, normalised mentee), with line.
    current: HashMap<(String, String), usize>,
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
    /// One row: its pair, or `None` when the row has a problem (reported).
    fn row(&mut self, record: &Record) -> CheckedRow {
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
            return CheckedRow {
                pair: None,
                mentor: None,
                takes_spot: false,
            };
        }

        let mut ok = true;
        let row = Row {
            texts: record.fields.iter().map(|t| t.trim().to_string()).collect(),
            starts,
            header: self.header,
        };
        let line = record.line;

        let mentor = self.required(&row, Column::Mentor, &mut ok);
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

        let mut takes_spot = false;
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
                    takes_spot = status == PairStatus::Active;
                }
            }
        }

        let at = row.get(Column::Mentor).map_or(row_start, |(i, _)| {
            row.starts.get(i).copied().unwrap_or(row_start)
        });
        let mentor = mentor.map(|slug| (slug, at));
        let pair = match (ok, &mentor, mentee, status) {
            (true, Some((slug, _)), Some(mentee), Some(status)) => Some(Pair {
                line,
                mentor: slug.clone(),
                mentee,
                mentee_email: row.text(Column::MenteeEmail).map(PrivateText::new),
                track,
                start,
                end,
                cadence,
                meeting_length: row.text(Column::MeetingLength),
                format: row.text(Column::Format),
                goals,
                status,
                extra,
            }),
            _ => None,
        };
        CheckedRow {
            pair,
            mentor,
            takes_spot,
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
