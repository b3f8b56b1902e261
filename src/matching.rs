//! Proposing mentor–mentee pairs for the coordinator: `mentorsite match`.
//!
//! Matching makes or breaks a program, so this module does three things and
//! keeps them apart:
//!
//! 1. **Scoring** ([`score`]). Each applicant–mentor pair gets integer points
//!    from weighted criteria configured in `site.toml` `[matching]`: shared
//!    skills, shared industry, the mentee's track, a shared language, a shared
//!    meeting format, the time-zone distance (a penalty per hour), the
//!    mentee's own ranking of the mentor and the mentor's years of
//!    experience. Hard constraints rule a pair out instead of lowering its
//!    score: no shared language (unless switched off), a time-zone gap over
//!    the maximum, a mentor without open spots, and an excluded pair listed
//!    by the coordinator. Points are integers so that sums never depend on
//!    floating-point order, which keeps the result reproducible.
//! 2. **Assignment** ([`assign`]). All applicants are matched at once to
//!    maximise the total score, respecting each mentor's open spots
//!    (capacity minus active pairs). Pairs below `min_score` are not allowed,
//!    and an applicant stays unmatched rather than being forced into one. The
//!    problem is a min-cost flow (source → applicant → mentor → sink, with an
//!    "unmatched" edge of cost zero from every applicant to the sink), solved
//!    by successive shortest paths with Johnson potentials on the sparse graph
//!    of allowed pairs; see `min_cost_assignment` for why not
//!    `pathfinding::kuhn_munkres`.
//! 3. **Reporting** ([`proposals_csv`], [`report_text`], [`report_html`]).
//!    Proposals are written in the `pairs.csv` format with status `proposed`,
//!    and the report tells the coordinator, who reviews every proposal, why
//!    each pair scored what it did, why each unmatched applicant is
//!    unmatched, and which mentors still have spots.
//!
//! # Determinism
//!
//! The same input always gives the same output, whatever the order of the
//! input slices. Applicants are processed in order of `(id, name, email)` and
//! mentors in order of `(slug, name)`; the input position only separates
//! exact duplicates. Among assignments with the same total score, the one
//! with more pairs wins (every allowed pair carries a bonus smaller than one
//! point in total, see [`assign`]). Remaining ties are settled by that
//! processing order: an applicant that comes first keeps a pairing that a
//! later one could only take over at equal cost, and between mentors at
//! equal cost the one whose slug sorts first wins.
//!
//! # Time zones
//!
//! Distances come from a built-in table of standard UTC offsets of the most
//! common IANA zones, not from a tz database: daylight saving time is
//! ignored (it moves most gaps by at most an hour, for part of the year),
//! distances wrap around the date line (UTC+12 and UTC−11 are 1 h apart), and
//! a zone that is missing or not in the table has an unknown distance, which
//! neither costs points nor breaks the maximum gap; the pair's reasons say so.
//!
//! # Privacy
//!
//! Applicants' data is private. Nothing here implements `Serialize`, the
//! `Debug` of [`Applicant`] hides the e-mail, and the e-mail only reaches the
//! proposals file, which stays in `data/` and is never published.

use crate::diagnostic::{nearest, Diagnostic};
use crate::html::escape;
use crate::pairs::PairStatus;
use serde::Deserialize;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::fmt;
use std::path::Path;

// ---------------------------------------------------------------------------
// Input types
// ---------------------------------------------------------------------------

/// A mentor as matching sees them: the matching fields of a published
/// profile, and how many more mentees they can take.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MentorCandidate {
    /// The profile's slug, written to the `mentor` column of the proposals.
    pub slug: String,
    pub name: String,
    pub skills: Vec<String>,
    pub industries: Vec<String>,
    /// Track ids declared in `site.toml` `[tracks]`.
    pub tracks: Vec<String>,
    pub languages: Vec<String>,
    /// An IANA name such as `Europe/Berlin`.
    pub timezone: Option<String>,
    pub meeting_formats: Vec<String>,
    pub years_experience: Option<u32>,
    /// Capacity minus active pairs.
    pub open_spots: u32,
}

/// One application to be matched, from a form response.
///
/// Not `Serialize` and its `Debug` hides the e-mail: it holds personal data.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Applicant {
    /// A stable id for the response, such as `row 7` or a hash of the
    /// e-mail. It orders applicants (see the module documentation) and
    /// identifies them in an excluded-pairs file; it is never printed beyond
    /// what the coordinator already has.
    pub id: String,
    pub name: String,
    /// Written to the proposals' `mentee_email` column, nowhere else.
    pub email: Option<String>,
    pub skills: Vec<String>,
    pub industries: Vec<String>,
    /// A track id declared in `site.toml` `[tracks]`.
    pub track: Option<String>,
    pub languages: Vec<String>,
    /// An IANA name such as `America/Toronto`.
    pub timezone: Option<String>,
    /// Meeting formats the applicant can do, such as `video`, `in-person`.
    pub formats: Vec<String>,
    /// Mentors the applicant would like, best first, by slug or by name.
    pub ranked_mentors: Vec<String>,
    /// The applicant's goals, copied to the proposals' `goals` column.
    pub goals: Vec<String>,
}

impl fmt::Debug for Applicant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Applicant")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("email", &self.email.as_ref().map(|_| "<hidden>"))
            .field("skills", &self.skills)
            .field("industries", &self.industries)
            .field("track", &self.track)
            .field("languages", &self.languages)
            .field("timezone", &self.timezone)
            .field("formats", &self.formats)
            .field("ranked_mentors", &self.ranked_mentors)
            .field("goals", &self.goals)
            .finish()
    }
}

// ---------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------

/// `site.toml` `[matching]`. Every field has a default, so an empty or
/// missing table gives a working configuration.
///
/// ```toml
/// [matching]
/// min_score = 30                 # pairs below this are never proposed
/// max_timezone_gap_hours = 8     # 12 or more: no limit
/// require_shared_language = true
/// experience_cap_years = 10      # years beyond this earn nothing more
/// excluded_pairs_file = "data/excluded-pairs.csv"
/// [matching.weights]
/// skill = 10          # per shared skill
/// industry = 5        # at least one shared industry
/// track = 20          # the mentor mentors the applicant's track
/// language = 5        # at least one shared language
/// format = 5          # at least one shared meeting format
/// ranking = 30        # the mentee's first choice; #2..#5 get 4/5..1/5 of it
/// experience = 1      # per year of experience, up to experience_cap_years
/// timezone_hour = 2   # subtracted per hour of time-zone distance
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MatchingConfig {
    pub weights: Weights,
    /// The lowest score a proposed pair may have.
    pub min_score: i64,
    /// Pairs further apart than this are never proposed; 12 or more turns
    /// the limit off, since no two places are more than 12 h apart.
    pub max_timezone_gap_hours: u32,
    /// Rule out pairs that share no language (when both gave languages).
    pub require_shared_language: bool,
    /// Years of experience beyond this earn no more points.
    pub experience_cap_years: u32,
    /// A CSV file with `mentor` and `mentee` columns listing pairs that must
    /// not be proposed, relative to the site root. Read with
    /// [`parse_excluded_pairs`].
    pub excluded_pairs_file: Option<String>,
}

/// Points per criterion. Negative weights are allowed and turn a criterion
/// into a penalty.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    /// Per shared skill.
    pub skill: i64,
    /// When the two share at least one industry.
    pub industry: i64,
    /// When the mentor mentors the applicant's track.
    pub track: i64,
    /// When the two share at least one language.
    pub language: i64,
    /// When the two share at least one meeting format.
    pub format: i64,
    /// For the mentee's first choice; choices #2 to #5 get 4/5 to 1/5 of it.
    pub ranking: i64,
    /// Per year of the mentor's experience, up to `experience_cap_years`.
    pub experience: i64,
    /// Subtracted per hour of time-zone distance (pro rata for half hours).
    pub timezone_hour: i64,
}

impl Default for Weights {
    // Track and ranking weigh most: guides agree the mentee's goal area and
    // own preference matter more than any single skill. Three shared skills
    // outweigh a track, experience is capped so it cannot dominate, and an
    // 8 h gap costs about as much as one shared skill and a half.
    fn default() -> Self {
        Weights {
            skill: 10,
            industry: 5,
            track: 20,
            language: 5,
            format: 5,
            ranking: 30,
            experience: 1,
            timezone_hour: 2,
        }
    }
}

impl Default for MatchingConfig {
    // A pair with only the practical basics (language, format, a long
    // career, no distance) scores 20, below the minimum of 30: a proposal
    // needs at least one real reason, such as a shared skill, the track or
    // the mentee's own choice.
    fn default() -> Self {
        MatchingConfig {
            weights: Weights::default(),
            min_score: 30,
            max_timezone_gap_hours: 8,
            require_shared_language: true,
            experience_cap_years: 10,
            excluded_pairs_file: None,
        }
    }
}

const CONFIG_KEYS: [&str; 6] = [
    "weights",
    "min_score",
    "max_timezone_gap_hours",
    "require_shared_language",
    "experience_cap_years",
    "excluded_pairs_file",
];

const WEIGHT_KEYS: [&str; 8] = [
    "skill",
    "industry",
    "track",
    "language",
    "format",
    "ranking",
    "experience",
    "timezone_hour",
];

// Bounds that keep every sum far from overflow, even after the scaling in
// `assign`, while being far beyond anything sensible.
const MAX_WEIGHT: i64 = 10_000;
const MAX_MIN_SCORE: i64 = 1_000_000;
const MAX_EXPERIENCE_CAP: u32 = 100;

/// Reads `site.toml` `[matching]` (the lead's `config.matching`).
///
/// Unknown keys are reported with the nearest known one; the message names
/// every problem of the table, one per line.
pub fn parse_config(table: &toml::Table) -> Result<MatchingConfig, String> {
    let mut problems = Vec::new();
    check_keys(table, "[matching]", &CONFIG_KEYS, &mut problems);
    if let Some(toml::Value::Table(weights)) = table.get("weights") {
        check_keys(weights, "[matching.weights]", &WEIGHT_KEYS, &mut problems);
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    let config: MatchingConfig = toml::Value::Table(table.clone())
        .try_into()
        .map_err(|e: toml::de::Error| type_error(table).unwrap_or_else(|| friendly(&e)))?;
    config.validate()?;
    Ok(config)
}

/// serde names Rust types ("expected i64"); a coordinator thinks in numbers.
fn friendly(error: &toml::de::Error) -> String {
    let message = error
        .message()
        .trim()
        .replace("expected i64", "expected a whole number")
        .replace("expected u32", "expected a whole number, 0 or more");
    format!("in [matching]: {message}")
}

/// serde's message for a value of the wrong type does not say which key
/// held it, so each key is tried on its own to find the culprit.
fn type_error(table: &toml::Table) -> Option<String> {
    fn alone<T: for<'de> Deserialize<'de>>(key: &str, value: &toml::Value) -> Option<String> {
        let mut one = toml::Table::new();
        one.insert(key.to_string(), value.clone());
        let error = toml::Value::Table(one).try_into::<T>().err()?;
        Some(friendly(&error).replacen("in [matching]: ", "", 1))
    }
    for (key, value) in table {
        if key == "weights" {
            let toml::Value::Table(weights) = value else {
                return Some(
                    "[matching] `weights` must be a table: write the weights under [matching.weights]"
                        .to_string(),
                );
            };
            for (key, value) in weights {
                if let Some(message) = alone::<Weights>(key, value) {
                    return Some(format!("[matching.weights] `{key}`: {message}"));
                }
            }
        } else if let Some(message) = alone::<MatchingConfig>(key, value) {
            return Some(format!("[matching] `{key}`: {message}"));
        }
    }
    None
}

fn check_keys(table: &toml::Table, name: &str, known: &[&str], problems: &mut Vec<String>) {
    for key in table.keys() {
        if known.contains(&key.as_str()) {
            continue;
        }
        let weight = (known == CONFIG_KEYS.as_slice())
            .then(|| nearest(key, WEIGHT_KEYS.iter().copied()))
            .flatten();
        let hint = match (nearest(key, known.iter().copied()), weight) {
            (Some(near), _) => format!("did you mean `{near}`?"),
            // A weight written directly under [matching] is a likely slip.
            (None, Some(weight)) => {
                format!("weights go under [matching.weights], such as `{weight} = …`")
            }
            (None, None) => format!("known keys: {}", known.join(", ")),
        };
        problems.push(format!("unknown key `{key}` in {name}; {hint}"));
    }
}

impl MatchingConfig {
    fn validate(&self) -> Result<(), String> {
        let w = &self.weights;
        let weights = [
            ("skill", w.skill),
            ("industry", w.industry),
            ("track", w.track),
            ("language", w.language),
            ("format", w.format),
            ("ranking", w.ranking),
            ("experience", w.experience),
            ("timezone_hour", w.timezone_hour),
        ];
        let mut problems = Vec::new();
        for (key, value) in weights {
            if value.abs() > MAX_WEIGHT {
                problems.push(format!(
                    "[matching.weights] `{key}` is {value}; weights must be between -{MAX_WEIGHT} and {MAX_WEIGHT}"
                ));
            }
        }
        if self.min_score.abs() > MAX_MIN_SCORE {
            problems.push(format!(
                "[matching] `min_score` is {}; it must be between -{MAX_MIN_SCORE} and {MAX_MIN_SCORE}",
                self.min_score
            ));
        }
        if self.experience_cap_years > MAX_EXPERIENCE_CAP {
            problems.push(format!(
                "[matching] `experience_cap_years` is {}; it must be at most {MAX_EXPERIENCE_CAP}",
                self.experience_cap_years
            ));
        }
        if let Some(file) = &self.excluded_pairs_file {
            if file.trim().is_empty() {
                problems.push(
                    "[matching] `excluded_pairs_file` is empty; remove the key or name a file"
                        .to_string(),
                );
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n"))
        }
    }
}

/// Reads an excluded-pairs file: CSV with a header naming a `mentor` column
/// (slug or name) and a `mentee` column (the applicant's name, e-mail or
/// id); other columns, such as a reason, are ignored, and lines starting with
/// `#` are comments. Returns the pairs as `(mentor, mentee)`, and a
/// diagnostic for each problem; rows with problems are left out.
pub fn parse_excluded_pairs(path: &Path, text: &str) -> (Vec<(String, String)>, Vec<Diagnostic>) {
    let mut pairs = Vec::new();
    let mut diagnostics = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut columns: Option<(usize, usize)> = None;
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(1, |p| p.line() as usize);
                diagnostics.push(
                    Diagnostic::error(path, format!("this line is not valid CSV: {e}"))
                        .at_line(line),
                );
                continue;
            }
        };
        let line = record.position().map_or(1, |p| p.line() as usize);
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let Some((mentor_col, mentee_col)) = columns else {
            let find = |name: &str| {
                record
                    .iter()
                    .position(|cell| cell.trim().eq_ignore_ascii_case(name))
            };
            match (find("mentor"), find("mentee")) {
                (Some(m), Some(a)) => columns = Some((m, a)),
                _ => {
                    diagnostics.push(
                        Diagnostic::error(
                            path,
                            "the header needs a `mentor` and a `mentee` column",
                        )
                        .at_line(line)
                        .with_hint("start the file with the line `mentor,mentee`"),
                    );
                    return (pairs, diagnostics);
                }
            }
            continue;
        };
        let cell = |i: usize| record.get(i).map(str::trim).unwrap_or("");
        let (mentor, mentee) = (cell(mentor_col), cell(mentee_col));
        if mentor.is_empty() || mentee.is_empty() {
            let missing = if mentor.is_empty() {
                "mentor"
            } else {
                "mentee"
            };
            diagnostics.push(
                Diagnostic::error(path, format!("the `{missing}` cell of this row is empty"))
                    .at_line(line),
            );
            continue;
        }
        pairs.push((mentor.to_string(), mentee.to_string()));
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

// ---------------------------------------------------------------------------
// Time zones
// ---------------------------------------------------------------------------

/// Standard (winter) UTC offsets in minutes of common IANA zones and a few
/// old aliases. Daylight saving time is ignored on purpose; see the module
/// documentation.
const ZONES: &[(&str, i32)] = &[
    ("UTC", 0),
    ("Etc/UTC", 0),
    ("GMT", 0),
    ("Etc/GMT", 0),
    // Europe
    ("Europe/London", 0),
    ("Europe/Dublin", 0),
    ("Europe/Lisbon", 0),
    ("Atlantic/Reykjavik", 0),
    ("Atlantic/Canary", 0),
    ("Europe/Paris", 60),
    ("Europe/Berlin", 60),
    ("Europe/Madrid", 60),
    ("Europe/Rome", 60),
    ("Europe/Amsterdam", 60),
    ("Europe/Brussels", 60),
    ("Europe/Luxembourg", 60),
    ("Europe/Vienna", 60),
    ("Europe/Zurich", 60),
    ("Europe/Stockholm", 60),
    ("Europe/Oslo", 60),
    ("Europe/Copenhagen", 60),
    ("Europe/Warsaw", 60),
    ("Europe/Prague", 60),
    ("Europe/Budapest", 60),
    ("Europe/Belgrade", 60),
    ("Europe/Zagreb", 60),
    ("Europe/Athens", 120),
    ("Europe/Helsinki", 120),
    ("Europe/Kyiv", 120),
    ("Europe/Kiev", 120),
    ("Europe/Bucharest", 120),
    ("Europe/Sofia", 120),
    ("Europe/Riga", 120),
    ("Europe/Vilnius", 120),
    ("Europe/Tallinn", 120),
    ("Europe/Istanbul", 180),
    ("Europe/Moscow", 180),
    ("Europe/Minsk", 180),
    // Americas
    ("America/St_Johns", -210),
    ("America/Halifax", -240),
    ("America/Puerto_Rico", -240),
    ("America/Caracas", -240),
    ("America/La_Paz", -240),
    ("America/Santiago", -240),
    ("America/Sao_Paulo", -180),
    ("America/Argentina/Buenos_Aires", -180),
    ("America/Buenos_Aires", -180),
    ("America/Montevideo", -180),
    ("America/New_York", -300),
    ("America/Toronto", -300),
    ("America/Detroit", -300),
    ("America/Bogota", -300),
    ("America/Lima", -300),
    ("America/Panama", -300),
    ("America/Havana", -300),
    ("America/Chicago", -360),
    ("America/Winnipeg", -360),
    ("America/Mexico_City", -360),
    ("America/Guatemala", -360),
    ("America/Costa_Rica", -360),
    ("America/Denver", -420),
    ("America/Edmonton", -420),
    ("America/Phoenix", -420),
    ("America/Los_Angeles", -480),
    ("America/Vancouver", -480),
    ("America/Tijuana", -480),
    ("America/Anchorage", -540),
    ("Pacific/Honolulu", -600),
    ("Pacific/Pago_Pago", -660),
    // Africa
    ("Africa/Abidjan", 0),
    ("Africa/Accra", 0),
    ("Africa/Dakar", 0),
    ("Africa/Casablanca", 60),
    ("Africa/Lagos", 60),
    ("Africa/Algiers", 60),
    ("Africa/Tunis", 60),
    ("Africa/Kinshasa", 60),
    ("Africa/Cairo", 120),
    ("Africa/Johannesburg", 120),
    ("Africa/Kigali", 120),
    ("Africa/Harare", 120),
    ("Africa/Lusaka", 120),
    ("Africa/Khartoum", 120),
    ("Africa/Nairobi", 180),
    ("Africa/Addis_Ababa", 180),
    ("Africa/Kampala", 180),
    ("Africa/Dar_es_Salaam", 180),
    // Asia
    ("Asia/Jerusalem", 120),
    ("Asia/Beirut", 120),
    ("Asia/Amman", 180),
    ("Asia/Baghdad", 180),
    ("Asia/Riyadh", 180),
    ("Asia/Qatar", 180),
    ("Asia/Tehran", 210),
    ("Asia/Dubai", 240),
    ("Asia/Baku", 240),
    ("Asia/Kabul", 270),
    ("Asia/Karachi", 300),
    ("Asia/Tashkent", 300),
    ("Asia/Almaty", 300),
    ("Asia/Kolkata", 330),
    ("Asia/Calcutta", 330),
    ("Asia/Colombo", 330),
    ("Asia/Kathmandu", 345),
    ("Asia/Dhaka", 360),
    ("Asia/Yangon", 390),
    ("Asia/Bangkok", 420),
    ("Asia/Jakarta", 420),
    ("Asia/Ho_Chi_Minh", 420),
    ("Asia/Saigon", 420),
    ("Asia/Singapore", 480),
    ("Asia/Kuala_Lumpur", 480),
    ("Asia/Shanghai", 480),
    ("Asia/Hong_Kong", 480),
    ("Asia/Taipei", 480),
    ("Asia/Manila", 480),
    ("Australia/Perth", 480),
    ("Asia/Seoul", 540),
    ("Asia/Tokyo", 540),
    // Oceania
    ("Australia/Darwin", 570),
    ("Australia/Adelaide", 570),
    ("Australia/Brisbane", 600),
    ("Australia/Sydney", 600),
    ("Australia/Melbourne", 600),
    ("Australia/Hobart", 600),
    ("Pacific/Guam", 600),
    ("Pacific/Noumea", 660),
    ("Pacific/Auckland", 720),
    ("Pacific/Fiji", 720),
];

/// The standard UTC offset in minutes of `zone`: an IANA name from the
/// built-in table (case-insensitive), or a fixed offset written `UTC+2`,
/// `UTC-05:30`, `GMT+1` or `Etc/GMT-3` (whose sign, by POSIX convention, is
/// reversed: `Etc/GMT-3` is UTC+3). `None` for anything else.
pub fn utc_offset_minutes(zone: &str) -> Option<i32> {
    let zone = zone.trim();
    if let Some((_, offset)) = ZONES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(zone))
    {
        return Some(*offset);
    }
    let upper = zone.to_ascii_uppercase();
    if let Some(rest) = upper.strip_prefix("ETC/GMT") {
        return fixed_offset(rest).map(|m| -m);
    }
    let rest = upper
        .strip_prefix("UTC")
        .or_else(|| upper.strip_prefix("GMT"))?;
    fixed_offset(rest)
}

/// `+5`, `-05:30`, `+0530` → minutes east of UTC.
fn fixed_offset(text: &str) -> Option<i32> {
    let (sign, digits) = match text.chars().next()? {
        '+' => (1, &text[1..]),
        '-' | '\u{2212}' => (-1, &text[text.chars().next()?.len_utf8()..]),
        _ => return None,
    };
    let (hours, minutes) = match digits.split_once(':') {
        Some((h, m)) => (h, m),
        None if digits.len() == 4 => digits.split_at(2),
        None => (digits, "0"),
    };
    let hours: i32 = hours.parse().ok()?;
    let minutes: i32 = minutes.parse().ok()?;
    if !(0..=14).contains(&hours) || !(0..60).contains(&minutes) {
        return None;
    }
    Some(sign * (hours * 60 + minutes))
}

/// Minutes between two UTC offsets, the short way round the clock: at most
/// 12 hours, so UTC+12 and UTC−11 are 60 minutes apart.
pub fn offset_gap_minutes(a: i32, b: i32) -> u32 {
    let diff = (a - b).rem_euclid(24 * 60) as u32;
    diff.min(24 * 60 - diff)
}

/// Minutes between two zones, or `None` when either is not known.
pub fn timezone_gap_minutes(a: &str, b: &str) -> Option<u32> {
    Some(offset_gap_minutes(
        utc_offset_minutes(a)?,
        utc_offset_minutes(b)?,
    ))
}

/// `60` → "1 h", `330` → "5 h 30 min".
fn hours_text(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (h, 0) => format!("{h} h"),
        (0, m) => format!("{m} min"),
        (h, m) => format!("{h} h {m} min"),
    }
}

// ---------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------

/// A pair's points and the human reasons behind them, in a fixed order:
/// skills, track, industry, language, format, time zone, ranking, experience.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Score {
    pub total: i64,
    pub reasons: Vec<String>,
}

/// Why a pair can never be proposed, whatever its score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exclusion {
    /// The mentor has no open spots.
    NoOpenSpots,
    /// Both gave languages and none is shared.
    NoSharedLanguage,
    /// The two are further apart than `[matching] max_timezone_gap_hours`.
    TimezoneGap { gap_minutes: u32, max_hours: u32 },
    /// The coordinator listed the pair in the excluded-pairs file.
    ExcludedPair,
}

impl fmt::Display for Exclusion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exclusion::NoOpenSpots => write!(f, "the mentor has no open spots"),
            Exclusion::NoSharedLanguage => write!(f, "no shared language"),
            Exclusion::TimezoneGap {
                gap_minutes,
                max_hours,
            } => write!(
                f,
                "{} apart, more than the maximum of {max_hours} h",
                hours_text(*gap_minutes)
            ),
            Exclusion::ExcludedPair => write!(f, "listed as an excluded pair"),
        }
    }
}

/// Scores one pair, or says which hard constraint rules it out. Excluded
/// pairs from the coordinator's file are checked by [`assign`], which has the
/// list. A score below `min_score` is still returned: it is not a hard
/// constraint but a threshold `assign` applies.
pub fn score(
    applicant: &Applicant,
    mentor: &MentorCandidate,
    config: &MatchingConfig,
) -> Result<Score, Exclusion> {
    let mut names = Interner::default();
    let mentor = MentorView::new(mentor, &mut names);
    let applicant = ApplicantView::new(applicant, &mut names);
    let mut reasons = Vec::new();
    let total = evaluate(&applicant, &mentor, config, Some(&mut reasons))?;
    Ok(Score { total, reasons })
}

/// Lowercases, folds common Latin accents and treats `-`, `_` and runs of
/// white space as one space, so "In-person", "in person" and "in_person" are
/// the same format and "Diego Ramírez" is the mentor `diego-ramirez`.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() || c == '-' || c == '_' {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase().map(fold_accent));
    }
    out
}

fn fold_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ą' | 'ā' => 'a',
        'ç' | 'č' | 'ć' => 'c',
        'ď' => 'd',
        'é' | 'è' | 'ê' | 'ë' | 'ě' | 'ę' | 'ē' => 'e',
        'ğ' => 'g',
        'í' | 'ì' | 'î' | 'ï' | 'ı' | 'ī' => 'i',
        'ł' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ő' | 'ō' => 'o',
        'ř' => 'r',
        'š' | 'ś' | 'ş' => 's',
        'ť' => 't',
        'ú' | 'ù' | 'û' | 'ü' | 'ů' | 'ű' | 'ū' => 'u',
        'ý' | 'ÿ' => 'y',
        'ž' | 'ź' | 'ż' => 'z',
        other => other,
    }
}

/// Normalised strings as small integers, so comparing the lists of a
/// million pairs is a merge of sorted integer slices.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32>,
}

impl Interner {
    fn id(&mut self, text: &str) -> Option<u32> {
        let key = normalize(text);
        if key.is_empty() {
            return None;
        }
        let next = self.ids.len() as u32;
        Some(*self.ids.entry(key).or_insert(next))
    }
}

/// A list as written (for reasons) and as sorted ids (for counting).
struct Terms<'a> {
    sorted: Vec<u32>,
    /// First spelling of each distinct term, in the order given.
    listed: Vec<(u32, &'a str)>,
}

impl<'a> Terms<'a> {
    fn new(items: &'a [String], names: &mut Interner) -> Self {
        let mut listed: Vec<(u32, &'a str)> = Vec::new();
        for item in items {
            if let Some(id) = names.id(item) {
                if !listed.iter().any(|(seen, _)| *seen == id) {
                    listed.push((id, item.trim()));
                }
            }
        }
        let mut sorted: Vec<u32> = listed.iter().map(|(id, _)| *id).collect();
        sorted.sort_unstable();
        Terms { sorted, listed }
    }

    fn contains(&self, id: u32) -> bool {
        self.sorted.binary_search(&id).is_ok()
    }

    fn shared_count(&self, other: &Terms) -> usize {
        let (a, b) = (&self.sorted, &other.sorted);
        let (mut i, mut j, mut n) = (0, 0, 0);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    n += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        n
    }

    /// The shared terms in this list's order and spelling.
    fn shared_text(&self, other: &Terms) -> String {
        self.listed
            .iter()
            .filter(|(id, _)| other.contains(*id))
            .map(|(_, text)| *text)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

struct MentorView<'a> {
    mentor: &'a MentorCandidate,
    skills: Terms<'a>,
    industries: Terms<'a>,
    tracks: Terms<'a>,
    languages: Terms<'a>,
    formats: Terms<'a>,
    slug: Option<u32>,
    name: Option<u32>,
    offset: Option<i32>,
}

impl<'a> MentorView<'a> {
    fn new(mentor: &'a MentorCandidate, names: &mut Interner) -> Self {
        MentorView {
            mentor,
            skills: Terms::new(&mentor.skills, names),
            industries: Terms::new(&mentor.industries, names),
            tracks: Terms::new(&mentor.tracks, names),
            languages: Terms::new(&mentor.languages, names),
            formats: Terms::new(&mentor.meeting_formats, names),
            slug: names.id(&mentor.slug),
            name: names.id(&mentor.name),
            offset: mentor.timezone.as_deref().and_then(utc_offset_minutes),
        }
    }
}

struct ApplicantView<'a> {
    applicant: &'a Applicant,
    skills: Terms<'a>,
    industries: Terms<'a>,
    languages: Terms<'a>,
    formats: Terms<'a>,
    track: Option<u32>,
    /// Ranked mentors as ids, best first.
    ranked: Vec<Option<u32>>,
    offset: Option<i32>,
}

impl<'a> ApplicantView<'a> {
    fn new(applicant: &'a Applicant, names: &mut Interner) -> Self {
        ApplicantView {
            applicant,
            skills: Terms::new(&applicant.skills, names),
            industries: Terms::new(&applicant.industries, names),
            languages: Terms::new(&applicant.languages, names),
            formats: Terms::new(&applicant.formats, names),
            track: applicant.track.as_deref().and_then(|t| names.id(t)),
            ranked: applicant
                .ranked_mentors
                .iter()
                .map(|r| names.id(r))
                .collect(),
            offset: applicant.timezone.as_deref().and_then(utc_offset_minutes),
        }
    }

    /// 1-based position of the mentor in the applicant's ranking.
    fn rank_of(&self, mentor: &MentorView) -> Option<usize> {
        self.ranked
            .iter()
            .position(|r| r.is_some() && (*r == mentor.slug || *r == mentor.name))
            .map(|i| i + 1)
    }
}

/// How many of the top of a ranking earn points: #1 gets the full weight,
/// each further place a fifth less, #6 and below nothing.
const RANKS_COUNTED: i64 = 5;

/// The one place where a pair is scored, used both for the million pairs of
/// a large run (without reasons, so without allocating) and for explaining
/// the few proposed ones (with reasons), so the two can never disagree.
fn evaluate(
    a: &ApplicantView,
    m: &MentorView,
    config: &MatchingConfig,
    mut reasons: Option<&mut Vec<String>>,
) -> Result<i64, Exclusion> {
    let mut say = |text: &dyn Fn() -> String| {
        if let Some(reasons) = reasons.as_deref_mut() {
            reasons.push(text());
        }
    };
    if m.mentor.open_spots == 0 {
        return Err(Exclusion::NoOpenSpots);
    }
    let languages_known = !a.languages.sorted.is_empty() && !m.languages.sorted.is_empty();
    let shared_languages = a.languages.shared_count(&m.languages);
    if config.require_shared_language && languages_known && shared_languages == 0 {
        return Err(Exclusion::NoSharedLanguage);
    }
    let gap = match (a.offset, m.offset) {
        (Some(x), Some(y)) => Some(offset_gap_minutes(x, y)),
        _ => None,
    };
    if let Some(gap) = gap {
        let max = config.max_timezone_gap_hours;
        if max < 12 && gap > max * 60 {
            return Err(Exclusion::TimezoneGap {
                gap_minutes: gap,
                max_hours: max,
            });
        }
    }

    let w = &config.weights;
    let mut total = 0i64;

    let skills = a.skills.shared_count(&m.skills);
    if skills > 0 && w.skill != 0 {
        total += w.skill * skills as i64;
        say(&|| {
            let plural = if skills == 1 { "" } else { "s" };
            let list = m.skills.shared_text(&a.skills);
            format!("{skills} shared skill{plural} ({list})")
        });
    }
    if let Some(track) = a.track {
        if m.tracks.contains(track) && w.track != 0 {
            total += w.track;
            say(&|| "same track".to_string());
        }
    }
    if a.industries.shared_count(&m.industries) > 0 && w.industry != 0 {
        total += w.industry;
        say(&|| {
            format!(
                "shared industry ({})",
                m.industries.shared_text(&a.industries)
            )
        });
    }
    if shared_languages > 0 {
        if w.language != 0 {
            total += w.language;
            say(&|| {
                format!(
                    "shared language ({})",
                    m.languages.shared_text(&a.languages)
                )
            });
        }
    } else if languages_known {
        say(&|| "no shared language".to_string());
    } else {
        say(&|| "languages not given".to_string());
    }
    if a.formats.shared_count(&m.formats) > 0 && w.format != 0 {
        total += w.format;
        say(&|| format!("shared format ({})", a.formats.shared_text(&m.formats)));
    }
    match gap {
        Some(gap) => {
            // Pro rata per minute, rounded towards zero: 5 h 30 min at 2
            // points an hour costs 11.
            total -= w.timezone_hour * i64::from(gap) / 60;
            say(&|| match gap {
                0 => "no time difference".to_string(),
                _ => format!("{} apart", hours_text(gap)),
            });
        }
        None => say(&|| {
            let unknown = |who: &str, zone: &Option<String>| match zone.as_deref() {
                Some(z) if !z.trim().is_empty() => {
                    format!("{who}'s `{}` is not in the table", z.trim())
                }
                _ => format!("no time zone for the {who}"),
            };
            let why = if a.offset.is_none() {
                unknown("mentee", &a.applicant.timezone)
            } else {
                unknown("mentor", &m.mentor.timezone)
            };
            format!("time-zone distance unknown ({why})")
        }),
    }
    if let Some(rank) = a.rank_of(m) {
        let places_left = (RANKS_COUNTED + 1 - rank as i64).max(0);
        total += w.ranking * places_left / RANKS_COUNTED;
        if w.ranking != 0 {
            say(&|| format!("ranked #{rank} by the mentee"));
        }
    }
    if let Some(years) = m.mentor.years_experience {
        if w.experience != 0 {
            total += w.experience * i64::from(years.min(config.experience_cap_years));
            say(&|| {
                let plural = if years == 1 { "" } else { "s" };
                format!("{years} year{plural} of experience")
            });
        }
    }
    Ok(total)
}

// ---------------------------------------------------------------------------
// Assignment
// ---------------------------------------------------------------------------

/// One proposed pair, by index into the slices given to [`assign`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub applicant: usize,
    pub mentor: usize,
    pub score: Score,
}

/// The result of [`assign`], by index into its input slices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// Ordered by mentor slug, then applicant id.
    pub pairs: Vec<Proposal>,
    /// Applicants left without a mentor and why, ordered by applicant id.
    pub unmatched: Vec<(usize, String)>,
    /// Mentors with spots left after the proposals and how many, by slug.
    pub mentors_with_spots: Vec<(usize, u32)>,
}

impl Assignment {
    /// The sum of the proposed pairs' scores, the number being maximised.
    pub fn total_score(&self) -> i64 {
        self.pairs.iter().map(|p| p.score.total).sum()
    }
}

/// Proposes pairs: the assignment with the highest total score in which no
/// mentor gets more applicants than open spots, no pair breaks a hard
/// constraint or the `excluded` list, and no pair scores below `min_score`.
/// Applicants may stay unmatched; each one that does gets a reason.
///
/// `excluded` holds `(mentor, mentee)` pairs as read by
/// [`parse_excluded_pairs`]: the mentor by slug or name, the applicant by
/// name, e-mail or id, compared ignoring case, accents and spacing.
///
/// Ties: the solver minimises, per pair, `-(score × (n + 1)) - 1` where `n`
/// is the number of applicants. The `- 1` summed over any assignment is less
/// than one point of score, so it only decides between assignments with the
/// same total, in favour of the one with more pairs; anything still tied is
/// settled by the processing order described in the module documentation.
///
/// Cost: scoring all pairs is O(n·m) for n applicants and m mentors; the
/// flow is one shortest-path search per applicant, see
/// `min_cost_assignment`.
pub fn assign(
    applicants: &[Applicant],
    mentors: &[MentorCandidate],
    config: &MatchingConfig,
    excluded: &[(String, String)],
) -> Assignment {
    // Canonical orders make the result independent of the input order.
    let mut a_order: Vec<usize> = (0..applicants.len()).collect();
    a_order.sort_by(|&x, &y| {
        let (p, q) = (&applicants[x], &applicants[y]);
        (&p.id, &p.name, &p.email)
            .cmp(&(&q.id, &q.name, &q.email))
            .then(x.cmp(&y))
    });
    let mut m_order: Vec<usize> = (0..mentors.len()).collect();
    m_order.sort_by(|&x, &y| {
        let (p, q) = (&mentors[x], &mentors[y]);
        (&p.slug, &p.name).cmp(&(&q.slug, &q.name)).then(x.cmp(&y))
    });

    let mut names = Interner::default();
    let m_views: Vec<MentorView> = m_order
        .iter()
        .map(|&j| MentorView::new(&mentors[j], &mut names))
        .collect();
    let a_views: Vec<ApplicantView> = a_order
        .iter()
        .map(|&i| ApplicantView::new(&applicants[i], &mut names))
        .collect();
    let banned = excluded_indices(excluded, applicants, mentors);
    let is_banned = |p: usize, q: usize| banned.contains(&(a_order[p], m_order[q]));

    let scale = applicants.len() as i64 + 1;
    let edges: Vec<Vec<(u32, i64)>> = a_views
        .iter()
        .enumerate()
        .map(|(p, a)| {
            m_views
                .iter()
                .enumerate()
                .filter(|(q, _)| !is_banned(p, *q))
                .filter_map(|(q, m)| match evaluate(a, m, config, None) {
                    Ok(s) if s >= config.min_score => Some((q as u32, -(s * scale) - 1)),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let spots: Vec<u32> = m_views.iter().map(|m| m.mentor.open_spots).collect();
    let chosen = min_cost_assignment(&edges, &spots);

    // Canonical positions sort pairs by mentor slug, then applicant id.
    let mut matched: Vec<(usize, usize)> = chosen
        .iter()
        .enumerate()
        .filter_map(|(p, q)| q.map(|q| (q as usize, p)))
        .collect();
    matched.sort_unstable();
    let mut taken = vec![0u32; m_views.len()];
    let pairs = matched
        .iter()
        .map(|&(q, p)| {
            taken[q] += 1;
            let mut reasons = Vec::new();
            // Cannot fail: the pair was allowed when the edges were built.
            let total = evaluate(&a_views[p], &m_views[q], config, Some(&mut reasons)).unwrap_or(0);
            Proposal {
                applicant: a_order[p],
                mentor: m_order[q],
                score: Score { total, reasons },
            }
        })
        .collect();
    let unmatched = chosen
        .iter()
        .enumerate()
        .filter(|(_, q)| q.is_none())
        .map(|(p, _)| {
            let why = explain_unmatched(p, &a_views, &m_views, config, &is_banned);
            (a_order[p], why)
        })
        .collect();
    let mentors_with_spots = m_views
        .iter()
        .enumerate()
        .filter_map(|(q, m)| {
            let left = m.mentor.open_spots.saturating_sub(taken[q]);
            (left > 0).then_some((m_order[q], left))
        })
        .collect();
    Assignment {
        pairs,
        unmatched,
        mentors_with_spots,
    }
}

/// Normalised slug and name → mentor indices; normalised name, e-mail and
/// id → applicant indices.
type KeyMap = HashMap<String, Vec<usize>>;

fn lookup_keys(applicants: &[Applicant], mentors: &[MentorCandidate]) -> (KeyMap, KeyMap) {
    let mut mentor_keys: KeyMap = HashMap::new();
    for (j, m) in mentors.iter().enumerate() {
        for key in [&m.slug, &m.name] {
            let key = normalize(key);
            if !key.is_empty() {
                mentor_keys.entry(key).or_default().push(j);
            }
        }
    }
    let mut applicant_keys: KeyMap = HashMap::new();
    for (i, a) in applicants.iter().enumerate() {
        for key in [Some(&a.name), a.email.as_ref(), Some(&a.id)]
            .into_iter()
            .flatten()
        {
            let key = normalize(key);
            if !key.is_empty() {
                applicant_keys.entry(key).or_default().push(i);
            }
        }
    }
    (mentor_keys, applicant_keys)
}

/// The excluded list as `(applicant index, mentor index)` pairs.
fn excluded_indices(
    excluded: &[(String, String)],
    applicants: &[Applicant],
    mentors: &[MentorCandidate],
) -> HashSet<(usize, usize)> {
    let mut banned = HashSet::new();
    if excluded.is_empty() {
        return banned;
    }
    let (mentor_keys, applicant_keys) = lookup_keys(applicants, mentors);
    for (mentor, mentee) in excluded {
        let (Some(ms), Some(as_)) = (
            mentor_keys.get(&normalize(mentor)),
            applicant_keys.get(&normalize(mentee)),
        ) else {
            continue;
        };
        for &i in as_ {
            for &j in ms {
                banned.insert((i, j));
            }
        }
    }
    banned
}

/// Why applicant `p` (canonical position) got no mentor, in the coordinator's
/// terms: the candidates that were possible, and what stood in the way.
fn explain_unmatched(
    p: usize,
    a_views: &[ApplicantView],
    m_views: &[MentorView],
    config: &MatchingConfig,
    is_banned: &dyn Fn(usize, usize) -> bool,
) -> String {
    if m_views.is_empty() {
        return "there are no mentors".to_string();
    }
    let (mut no_spots, mut no_language, mut too_far, mut excluded) = (0, 0, 0, 0);
    let mut below: Vec<(i64, usize)> = Vec::new();
    let mut above: Vec<(i64, usize)> = Vec::new();
    for (q, m) in m_views.iter().enumerate() {
        if is_banned(p, q) {
            excluded += 1;
            continue;
        }
        match evaluate(&a_views[p], m, config, None) {
            Err(Exclusion::NoOpenSpots) => no_spots += 1,
            Err(Exclusion::NoSharedLanguage) => no_language += 1,
            Err(Exclusion::TimezoneGap { .. }) => too_far += 1,
            Err(Exclusion::ExcludedPair) => excluded += 1,
            Ok(s) if s < config.min_score => below.push((s, q)),
            Ok(s) => above.push((s, q)),
        }
    }
    // Best first; equal scores in slug order.
    let best_first = |list: &mut Vec<(i64, usize)>| list.sort_by_key(|&(s, q)| (Reverse(s), q));
    best_first(&mut above);
    best_first(&mut below);
    let name = |q: usize| plain(&m_views[q].mentor.name);
    if !above.is_empty() {
        let listed: Vec<String> = above
            .iter()
            .take(3)
            .map(|&(s, q)| format!("{} {s}", name(q)))
            .collect();
        let more = if above.len() > 3 {
            format!(" and {} more", above.len() - 3)
        } else {
            String::new()
        };
        return format!(
            "possible mentors ({}{more}) are all proposed to others for a higher total score",
            listed.join(", ")
        );
    }
    if let Some(&(s, q)) = below.first() {
        return format!(
            "no mentor reaches the minimum score of {}: the best is {} with {s}",
            config.min_score,
            name(q)
        );
    }
    let mut parts = Vec::new();
    let mut count = |n: usize, one: &str, many: &str| {
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    };
    count(no_language, "shares no language", "share no language");
    let far = format!("more than {} h away", config.max_timezone_gap_hours);
    count(too_far, &format!("is {far}"), &format!("are {far}"));
    count(no_spots, "has no open spots", "have no open spots");
    count(excluded, "is an excluded pair", "are excluded pairs");
    format!("no eligible mentor: {}", parts.join(", "))
}

const INFINITY: i64 = i64::MAX / 4;

/// The minimum-cost assignment of rows (applicants) to columns (mentors)
/// where column `j` takes at most `spots[j]` rows and a row may stay
/// unassigned at cost zero. `edges[i]` lists the allowed `(column, cost)` of
/// row `i`, at most one per column. Returns each row's column.
///
/// A min-cost flow on source → row (capacity 1) → column (capacity 1, the
/// cost) → sink (capacity `spots[j]`), plus a row → sink edge of cost zero
/// for "unmatched", solved by successive shortest paths: rows are added one
/// at a time and each takes the cheapest augmenting path, which may move
/// earlier rows to other columns or leave them unmatched. Dijkstra runs on
/// reduced costs (Johnson potentials), kept non-negative; a new row's
/// potential is raised to make its own edges non-negative, which is safe
/// because nothing leads into it yet. After each row the flow is optimal
/// for the rows so far, so after the last it is optimal for all.
///
/// Each search only reaches the new row, the columns and the rows already
/// assigned, and stops at the sink: O(n · (A·d + m) · log(A + m)) in the
/// worst case for n rows, m columns, A ≤ total spots assigned rows and d
/// allowed columns per row, far less in practice. `pathfinding`'s
/// `kuhn_munkres` needs one column per spot plus one "unmatched" column per
/// row, a dense 2,000 × 3,000 matrix for 2,000 applicants and 1,000 spots,
/// and took about 18 s on it; this takes well under a second.
fn min_cost_assignment(edges: &[Vec<(u32, i64)>], spots: &[u32]) -> Vec<Option<u32>> {
    let n = edges.len();
    let m = spots.len();
    // Nodes: rows 0..n, columns n..n+m, the sink n+m.
    let sink = n + m;
    let mut potential = vec![0i64; n + m + 1];
    let mut column_of: Vec<Option<u32>> = vec![None; n];
    let mut cost_of = vec![0i64; n];
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); m];
    let mut dist = vec![INFINITY; n + m + 1];
    let mut prev = vec![usize::MAX; n + m + 1];
    let mut prev_cost = vec![0i64; n + m + 1];
    let mut done = vec![false; n + m + 1];
    let mut heap: BinaryHeap<Reverse<(i64, usize)>> = BinaryHeap::new();

    for row in 0..n {
        // Make the new row's own edges non-negative under the potentials.
        let mut p = potential[sink];
        for &(j, c) in &edges[row] {
            p = p.max(potential[n + j as usize] - c);
        }
        potential[row] = p;

        dist[row] = 0;
        heap.push(Reverse((0, row)));
        while let Some(Reverse((d, u))) = heap.pop() {
            if done[u] || d > dist[u] {
                continue;
            }
            done[u] = true;
            if u == sink {
                break;
            }
            let mut relax = |v: usize, cost: i64, heap: &mut BinaryHeap<_>| {
                let reduced = cost + potential[u] - potential[v];
                debug_assert!(reduced >= 0, "negative reduced cost {reduced}");
                let nd = d + reduced;
                // Strictly shorter only: the first path found (from the
                // node popped first, so the lowest index) wins ties.
                if nd < dist[v] {
                    dist[v] = nd;
                    prev[v] = u;
                    prev_cost[v] = cost;
                    heap.push(Reverse((nd, v)));
                }
            };
            if u < n {
                // A row: to any other allowed column, or out as unmatched.
                for &(j, c) in &edges[u] {
                    if column_of[u] != Some(j) {
                        relax(n + j as usize, c, &mut heap);
                    }
                }
                relax(sink, 0, &mut heap);
            } else {
                // A column: to the sink if it has room, or back to one of its
                // rows (undoing that row's edge).
                let j = u - n;
                if (members[j].len() as u64) < u64::from(spots[j]) {
                    relax(sink, 0, &mut heap);
                }
                for &r in &members[j] {
                    relax(r, -cost_of[r], &mut heap);
                }
            }
        }
        heap.clear();

        // Walk the path back from the sink and apply it.
        let mut v = sink;
        while v != row {
            let u = prev[v];
            if u < n && v < sink {
                // Row u takes column v.
                column_of[u] = Some((v - n) as u32);
                cost_of[u] = prev_cost[v];
                members[v - n].push(u);
            } else if u < n {
                // Row u goes out unmatched.
                column_of[u] = None;
            } else if v < n {
                // Column u gives row v up (v takes another edge, applied
                // already since the walk goes backwards).
                members[u - n].retain(|&r| r != v);
            }
            v = u;
        }

        // Keep reduced costs non-negative: nodes not settled get the sink's
        // distance, a bound that holds for them too.
        let to_sink = dist[sink];
        for v in 0..=sink {
            potential[v] += dist[v].min(to_sink);
            dist[v] = INFINITY;
            done[v] = false;
        }
    }
    column_of
}

// ---------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------

/// The proposals in the `data/pairs.csv` format, status `proposed`, ordered
/// by mentor slug then applicant id. `start` is `start_date` when given;
/// `format` is the first of the applicant's formats the mentor offers;
/// `end`, `cadence` and `meeting_length` are left for the pair to agree.
/// Holds e-mail addresses: write it under `data/`, never publish it.
pub fn proposals_csv(
    assignment: &Assignment,
    applicants: &[Applicant],
    mentors: &[MentorCandidate],
    start_date: Option<&str>,
) -> String {
    let mut rows = Vec::new();
    for pair in &assignment.pairs {
        let (Some(a), Some(m)) = (applicants.get(pair.applicant), mentors.get(pair.mentor)) else {
            continue;
        };
        let offered: HashSet<String> = m.meeting_formats.iter().map(|f| normalize(f)).collect();
        let format = a
            .formats
            .iter()
            .find(|f| offered.contains(&normalize(f)))
            .map(|f| f.trim().to_string())
            .unwrap_or_default();
        let goals: Vec<&str> = a
            .goals
            .iter()
            .map(|g| g.trim())
            .filter(|g| !g.is_empty())
            .collect();
        rows.push(vec![
            m.slug.trim().to_string(),
            a.name.trim().to_string(),
            a.email.as_deref().unwrap_or("").trim().to_string(),
            a.track.as_deref().unwrap_or("").trim().to_string(),
            start_date.unwrap_or("").trim().to_string(),
            String::new(),
            String::new(),
            String::new(),
            format,
            goals.join(";"),
            PairStatus::Proposed.as_str().to_string(),
        ]);
    }
    let bytes = crate::table::write::table(crate::pairs::COLUMN_NAMES, rows);
    String::from_utf8(bytes).unwrap_or_default()
}

/// User text made safe for a terminal: control characters (which could
/// move the cursor or recolour the screen) become spaces.
fn plain(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn mentor_label(m: &MentorCandidate) -> String {
    format!("{} ({})", plain(&m.name), plain(&m.slug))
}

fn applicant_label(a: &Applicant) -> String {
    match a.name.trim() {
        "" => plain(&a.id),
        name => plain(name),
    }
}

/// The coordinator's review in a terminal: a table of pairs with score and
/// reasons, then the unmatched with why, then the mentors with spots left.
pub fn report_text(
    assignment: &Assignment,
    applicants: &[Applicant],
    mentors: &[MentorCandidate],
) -> String {
    let mut out = String::new();
    let rows: Vec<[String; 4]> = assignment
        .pairs
        .iter()
        .filter_map(|p| {
            let (a, m) = (applicants.get(p.applicant)?, mentors.get(p.mentor)?);
            Some([
                applicant_label(a),
                mentor_label(m),
                p.score.total.to_string(),
                p.score
                    .reasons
                    .iter()
                    .map(|r| plain(r))
                    .collect::<Vec<_>>()
                    .join("; "),
            ])
        })
        .collect();
    out.push_str(&format!(
        "Proposed pairs: {}, total score {}\n",
        rows.len(),
        assignment.total_score()
    ));
    if !rows.is_empty() {
        let header = ["Applicant", "Mentor", "Score", "Reasons"].map(String::from);
        let width = |k: usize| {
            rows.iter()
                .chain([&header])
                .map(|r| r[k].chars().count())
                .max()
                .unwrap_or(0)
        };
        let (w0, w1, w2) = (width(0), width(1), width(2));
        for row in [&header].into_iter().chain(rows.iter()) {
            let line = format!(
                "  {:<w0$}  {:<w1$}  {:>w2$}  {}",
                row[0], row[1], row[2], row[3]
            );
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out.push_str(&format!("\nUnmatched: {}\n", assignment.unmatched.len()));
    for (i, why) in &assignment.unmatched {
        if let Some(a) = applicants.get(*i) {
            out.push_str(&format!("  {}: {}\n", applicant_label(a), plain(why)));
        }
    }
    let spots: u32 = assignment.mentors_with_spots.iter().map(|(_, n)| n).sum();
    out.push_str(&format!(
        "\nMentors with open spots: {}, {spots} spot{} in all\n",
        assignment.mentors_with_spots.len(),
        if spots == 1 { "" } else { "s" }
    ));
    for (j, left) in &assignment.mentors_with_spots {
        if let Some(m) = mentors.get(*j) {
            out.push_str(&format!("  {}: {left} left\n", mentor_label(m)));
        }
    }
    out
}

/// The same review as [`report_text`] as one standalone HTML page (no
/// external assets, every user string escaped, not indexed), for the
/// coordinator to open or print. Private: keep it out of the published site.
pub fn report_html(
    assignment: &Assignment,
    applicants: &[Applicant],
    mentors: &[MentorCandidate],
) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"robots\" content=\"noindex, nofollow\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Proposed pairs</title>\n<style>\n\
         body{font-family:system-ui,sans-serif;margin:2rem;line-height:1.4;color:#1a1a1a}\n\
         table{border-collapse:collapse;margin:1rem 0}\n\
         th,td{border:1px solid #ccc;padding:.35rem .6rem;text-align:left;vertical-align:top}\n\
         td.score{text-align:right;font-variant-numeric:tabular-nums}\n\
         ul{margin:0;padding-left:1.1rem}\n\
         </style>\n</head>\n<body>\n",
    );
    out.push_str(&format!(
        "<h1>Proposed pairs</h1>\n<p>{} pair{}, total score {}. Every pair is a proposal for the coordinator to review.</p>\n",
        assignment.pairs.len(),
        if assignment.pairs.len() == 1 { "" } else { "s" },
        assignment.total_score()
    ));
    if !assignment.pairs.is_empty() {
        out.push_str(
            "<table>\n<thead><tr><th>Applicant</th><th>Mentor</th><th>Score</th><th>Reasons</th></tr></thead>\n<tbody>\n",
        );
        for p in &assignment.pairs {
            let (Some(a), Some(m)) = (applicants.get(p.applicant), mentors.get(p.mentor)) else {
                continue;
            };
            let reasons: String = p
                .score
                .reasons
                .iter()
                .map(|r| format!("<li>{}</li>", escape(r)))
                .collect();
            out.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td class=\"score\">{}</td><td><ul>{reasons}</ul></td></tr>\n",
                escape(&applicant_label(a)),
                escape(&mentor_label(m)),
                p.score.total
            ));
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str(&format!(
        "<h2>Unmatched ({})</h2>\n",
        assignment.unmatched.len()
    ));
    if !assignment.unmatched.is_empty() {
        out.push_str("<table>\n<thead><tr><th>Applicant</th><th>Why</th></tr></thead>\n<tbody>\n");
        for (i, why) in &assignment.unmatched {
            if let Some(a) = applicants.get(*i) {
                out.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td></tr>\n",
                    escape(&applicant_label(a)),
                    escape(why)
                ));
            }
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str(&format!(
        "<h2>Mentors with open spots ({})</h2>\n",
        assignment.mentors_with_spots.len()
    ));
    if !assignment.mentors_with_spots.is_empty() {
        out.push_str(
            "<table>\n<thead><tr><th>Mentor</th><th>Spots left</th></tr></thead>\n<tbody>\n",
        );
        for (j, left) in &assignment.mentors_with_spots {
            if let Some(m) = mentors.get(*j) {
                out.push_str(&format!(
                    "<tr><td>{}</td><td class=\"score\">{left}</td></tr>\n",
                    escape(&mentor_label(m))
                ));
            }
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn mentor(slug: &str, skills: &[&str], spots: u32) -> MentorCandidate {
        MentorCandidate {
            slug: slug.to_string(),
            name: slug.replace('-', " "),
            skills: strings(skills),
            languages: strings(&["English"]),
            timezone: Some("Europe/London".to_string()),
            meeting_formats: strings(&["video"]),
            open_spots: spots,
            ..MentorCandidate::default()
        }
    }

    fn applicant(id: &str, skills: &[&str]) -> Applicant {
        Applicant {
            id: id.to_string(),
            name: format!("Applicant {id}"),
            skills: strings(skills),
            languages: strings(&["English"]),
            timezone: Some("Europe/London".to_string()),
            formats: strings(&["video"]),
            ..Applicant::default()
        }
    }

    /// Only shared skills count, 10 points each; a pair needs one.
    fn skills_only() -> MatchingConfig {
        MatchingConfig {
            weights: Weights {
                skill: 10,
                industry: 0,
                track: 0,
                language: 0,
                format: 0,
                ranking: 0,
                experience: 0,
                timezone_hour: 0,
            },
            min_score: 10,
            ..MatchingConfig::default()
        }
    }

    /// (applicant id, mentor slug) of every pair, sorted.
    fn pair_keys(
        result: &Assignment,
        applicants: &[Applicant],
        mentors: &[MentorCandidate],
    ) -> Vec<(String, String)> {
        let mut keys: Vec<_> = result
            .pairs
            .iter()
            .map(|p| {
                (
                    applicants[p.applicant].id.clone(),
                    mentors[p.mentor].slug.clone(),
                )
            })
            .collect();
        keys.sort();
        keys
    }

    /// Best pair first, as a person with a spreadsheet would do it.
    fn greedy_total(
        applicants: &[Applicant],
        mentors: &[MentorCandidate],
        config: &MatchingConfig,
    ) -> i64 {
        let mut all = Vec::new();
        for (i, a) in applicants.iter().enumerate() {
            for (j, m) in mentors.iter().enumerate() {
                if let Ok(s) = score(a, m, config) {
                    if s.total >= config.min_score {
                        all.push((Reverse(s.total), i, j));
                    }
                }
            }
        }
        all.sort();
        let mut left: Vec<u32> = mentors.iter().map(|m| m.open_spots).collect();
        let mut done = vec![false; applicants.len()];
        let mut total = 0;
        for (Reverse(s), i, j) in all {
            if !done[i] && left[j] > 0 {
                done[i] = true;
                left[j] -= 1;
                total += s;
            }
        }
        total
    }

    #[test]
    fn optimum_beats_greedy() {
        // A fits X best (30) but B fits only X (20). Greedy gives X to A
        // and leaves B out (30); the optimum gives A to Y (20) and X to B
        // (20): 40.
        let mentors = vec![
            mentor("x", &["a", "b", "c", "d", "e"], 1),
            mentor("y", &["a", "b"], 1),
        ];
        let applicants = vec![
            applicant("A", &["a", "b", "c", "z"]),
            applicant("B", &["d", "e"]),
        ];
        let config = skills_only();
        assert_eq!(greedy_total(&applicants, &mentors, &config), 30);
        let result = assign(&applicants, &mentors, &config, &[]);
        assert_eq!(result.total_score(), 40);
        assert_eq!(
            pair_keys(&result, &applicants, &mentors),
            [("A".into(), "y".into()), ("B".into(), "x".into())]
        );
        assert!(result.unmatched.is_empty());
        assert!(result.mentors_with_spots.is_empty());
    }

    #[test]
    fn optimum_moves_earlier_choices_along_a_chain() {
        // Each applicant's best mentor is the next one's only mentor, so
        // every later applicant pushes the earlier ones one mentor down.
        let mentors = vec![
            mentor("m1", &["s1", "s2"], 1),
            mentor("m2", &["s2", "s3"], 1),
            mentor("m3", &["s3", "s4"], 1),
        ];
        let applicants = vec![
            applicant("a1", &["s1", "s2", "s3"]), // m1 20, m2 20
            applicant("a2", &["s2", "s3", "s4"]), // m1 10, m2 20, m3 20
            applicant("a3", &["s1", "s2"]),       // m1 20, m2 10
            applicant("a4", &["s3", "s4"]),       // m2 10, m3 20
        ];
        let result = assign(&applicants, &mentors, &skills_only(), &[]);
        assert_eq!(result.total_score(), 60);
        assert_eq!(result.pairs.len(), 3);
        assert_eq!(result.unmatched.len(), 1);
    }

    #[test]
    fn capacity_is_respected_and_full_mentors_are_never_used() {
        let mentors = vec![mentor("busy", &["rust"], 0), mentor("open", &["rust"], 2)];
        let applicants: Vec<_> = (0..5)
            .map(|i| applicant(&format!("a{i}"), &["rust"]))
            .collect();
        let result = assign(&applicants, &mentors, &skills_only(), &[]);
        assert_eq!(result.pairs.len(), 2);
        assert!(result.pairs.iter().all(|p| p.mentor == 1));
        assert_eq!(result.unmatched.len(), 3);
        assert!(result.mentors_with_spots.is_empty());
        // Equal applicants: the ids that sort first keep the spots.
        assert_eq!(
            pair_keys(&result, &applicants, &mentors),
            [("a0".into(), "open".into()), ("a1".into(), "open".into())]
        );
        assert_eq!(
            result.unmatched[0].1,
            "possible mentors (open 10) are all proposed to others for a higher total score"
        );
    }

    #[test]
    fn hard_constraints_rule_pairs_out_and_are_explained() {
        let config = MatchingConfig::default();
        let mut spanish = applicant("es", &["python"]);
        spanish.languages = strings(&["Spanish"]);
        let mut far = applicant("far", &["python"]);
        far.timezone = Some("Pacific/Auckland".into());
        let mut low = applicant("low", &["cobol"]);
        low.timezone = Some("Europe/Paris".into());
        let listed = applicant("listed", &["python"]);
        let mentors = vec![mentor("ada", &["Python"], 5)];
        let applicants = vec![spanish, far, low, listed];
        let excluded = vec![("Ada".to_string(), "Applicant listed".to_string())];
        let result = assign(&applicants, &mentors, &config, &excluded);
        assert!(result.pairs.is_empty());
        let why: Vec<&str> = result.unmatched.iter().map(|(_, w)| w.as_str()).collect();
        assert_eq!(
            why,
            [
                "no eligible mentor: 1 shares no language",
                "no eligible mentor: 1 is more than 8 h away",
                "no eligible mentor: 1 is an excluded pair",
                "no mentor reaches the minimum score of 30: the best is ada with 8",
            ]
        );
        // Order is by applicant id: es, far, listed, low.
        assert_eq!(result.unmatched[0].0, 0);
        assert_eq!(result.unmatched[3].0, 2);
        assert_eq!(result.mentors_with_spots, [(0, 5)]);

        assert_eq!(
            score(&applicants[1], &mentors[0], &config),
            Err(Exclusion::TimezoneGap {
                gap_minutes: 720,
                max_hours: 8
            })
        );
        assert_eq!(
            Exclusion::TimezoneGap {
                gap_minutes: 570,
                max_hours: 8
            }
            .to_string(),
            "9 h 30 min apart, more than the maximum of 8 h"
        );
        // Switching the language rule off allows the pair, and says so.
        let relaxed = MatchingConfig {
            require_shared_language: false,
            ..config.clone()
        };
        let s = score(&applicants[0], &mentors[0], &relaxed).expect("allowed");
        assert!(s.reasons.contains(&"no shared language".to_string()));
        // A limit of 12 h or more is no limit.
        let anywhere = MatchingConfig {
            max_timezone_gap_hours: 12,
            ..config
        };
        assert!(score(&applicants[1], &mentors[0], &anywhere).is_ok());
    }

    #[test]
    fn mixed_reasons_for_no_eligible_mentor() {
        let mut a = applicant("a", &["x"]);
        a.languages = strings(&["Korean"]);
        let mut tokyo = mentor("tokyo", &["x"], 1);
        tokyo.languages = strings(&["Korean", "Japanese"]);
        tokyo.timezone = Some("Asia/Tokyo".into());
        let mentors = vec![
            mentor("m1", &["x"], 1),
            mentor("m2", &["x"], 1),
            mentor("m3", &["x"], 0),
            tokyo,
        ];
        let result = assign(&[a], &mentors, &MatchingConfig::default(), &[]);
        assert_eq!(
            result.unmatched[0].1,
            "no eligible mentor: 2 share no language, 1 is more than 8 h away, 1 has no open spots"
        );
    }

    #[test]
    fn reasons_explain_the_score() {
        let config = MatchingConfig::default();
        let m = MentorCandidate {
            slug: "mateus-ferreira".into(),
            name: "Mateus Ferreira".into(),
            skills: strings(&["Data engineering", "Python", "SQL", "Kubernetes"]),
            industries: strings(&["E-commerce"]),
            tracks: strings(&["data"]),
            languages: strings(&["Portuguese", "English", "Spanish"]),
            timezone: Some("America/Sao_Paulo".into()),
            meeting_formats: strings(&["video", "chat"]),
            years_experience: Some(9),
            open_spots: 2,
        };
        let a = Applicant {
            id: "row 2".into(),
            name: "Lucía Gómez".into(),
            skills: strings(&["sql", "python ", "Data-Engineering", "dbt"]),
            industries: strings(&["Retail"]),
            track: Some("data".into()),
            languages: strings(&["Spanish"]),
            timezone: Some("America/Argentina/Buenos_Aires".into()),
            formats: strings(&["Video"]),
            ranked_mentors: strings(&["Wei Chen", "Mateus Ferreira"]),
            ..Applicant::default()
        };
        let s = score(&a, &m, &config).expect("allowed");
        assert_eq!(
            s.reasons,
            [
                "3 shared skills (Data engineering, Python, SQL)",
                "same track",
                "shared language (Spanish)",
                "shared format (Video)",
                "no time difference",
                "ranked #2 by the mentee",
                "9 years of experience",
            ]
        );
        // 30 skills + 20 track + 5 language + 5 format + 24 for #2 + 9 years.
        assert_eq!(s.total, 93);

        // One hour apart, an unknown zone, and a ranking by slug.
        let mut b = a.clone();
        b.timezone = Some("America/New_York".into());
        b.ranked_mentors = strings(&["mateus-ferreira"]);
        let s = score(&b, &m, &config).expect("allowed");
        assert!(s.reasons.contains(&"2 h apart".to_string()));
        assert!(s.reasons.contains(&"ranked #1 by the mentee".to_string()));
        assert_eq!(s.total, 30 + 20 + 5 + 5 - 4 + 30 + 9);
        b.timezone = Some("Mars/Olympus_Mons".into());
        let s = score(&b, &m, &config).expect("allowed");
        assert!(s.reasons.contains(
            &"time-zone distance unknown (mentee's `Mars/Olympus_Mons` is not in the table)"
                .to_string()
        ));
        assert_eq!(s.total, 30 + 20 + 5 + 5 + 30 + 9);
        b.timezone = None;
        let s = score(&b, &m, &config).expect("allowed");
        assert!(s
            .reasons
            .contains(&"time-zone distance unknown (no time zone for the mentee)".to_string()));
    }

    #[test]
    fn ranking_points_fall_by_a_fifth_per_place() {
        let config = MatchingConfig::default();
        let m = mentor("ada", &[], 1);
        let expected = [30, 24, 18, 12, 6, 0, 0];
        for (place, points) in expected.iter().enumerate() {
            let mut a = applicant("a", &[]);
            a.ranked_mentors = (0..place).map(|i| format!("other-{i}")).collect();
            a.ranked_mentors.push("Ada".into());
            let base = score(&applicant("a", &[]), &m, &config)
                .expect("allowed")
                .total;
            let s = score(&a, &m, &config).expect("allowed");
            assert_eq!(s.total - base, *points, "place {}", place + 1);
            assert!(s
                .reasons
                .contains(&format!("ranked #{} by the mentee", place + 1)));
        }
    }

    #[test]
    fn names_are_compared_loosely() {
        assert_eq!(normalize("  Diego  Ramírez "), "diego ramirez");
        assert_eq!(normalize("diego-ramirez"), "diego ramirez");
        assert_eq!(normalize("In_person"), normalize("in-person"));
        assert_eq!(normalize("Tomáš Novák"), "tomas novak");
    }

    #[test]
    fn time_zones() {
        assert_eq!(utc_offset_minutes("Europe/Berlin"), Some(60));
        assert_eq!(utc_offset_minutes("europe/berlin"), Some(60));
        assert_eq!(utc_offset_minutes("Asia/Kolkata"), Some(330));
        assert_eq!(utc_offset_minutes("UTC+05:30"), Some(330));
        assert_eq!(utc_offset_minutes("GMT-3"), Some(-180));
        assert_eq!(utc_offset_minutes("Etc/GMT-3"), Some(180));
        assert_eq!(utc_offset_minutes("Etc/GMT+5"), Some(-300));
        assert_eq!(utc_offset_minutes("Mars/Olympus_Mons"), None);
        assert_eq!(utc_offset_minutes("UTC+25"), None);
        assert_eq!(utc_offset_minutes(""), None);
        // Wrapping round the date line: UTC+12 and UTC-11 are 1 h apart.
        assert_eq!(
            timezone_gap_minutes("Pacific/Auckland", "Pacific/Pago_Pago"),
            Some(60)
        );
        assert_eq!(
            timezone_gap_minutes("Europe/London", "Pacific/Auckland"),
            Some(720)
        );
        assert_eq!(
            timezone_gap_minutes("Asia/Kolkata", "Europe/London"),
            Some(330)
        );
        assert_eq!(
            timezone_gap_minutes("Asia/Kathmandu", "Asia/Kolkata"),
            Some(15)
        );
        assert_eq!(timezone_gap_minutes("Europe/Paris", "Nowhere"), None);
        // Every table entry is a plausible offset and appears once.
        let mut seen = HashSet::new();
        for (name, offset) in ZONES {
            assert!((-12 * 60..=14 * 60).contains(offset), "{name}");
            assert!(seen.insert(name.to_ascii_lowercase()), "{name} twice");
        }
        assert!(ZONES.len() >= 80);
        assert_eq!(hours_text(330), "5 h 30 min");
        assert_eq!(hours_text(45), "45 min");
    }

    #[test]
    fn ties_are_broken_by_slug_and_id() {
        // Two identical mentors: the slug that sorts first wins, whatever
        // the input order.
        let config = skills_only();
        let a = vec![applicant("a", &["rust"])];
        for mentors in [
            vec![mentor("beta", &["rust"], 1), mentor("alpha", &["rust"], 1)],
            vec![mentor("alpha", &["rust"], 1), mentor("beta", &["rust"], 1)],
        ] {
            let result = assign(&a, &mentors, &config, &[]);
            assert_eq!(mentors[result.pairs[0].mentor].slug, "alpha");
            assert_eq!(mentors[result.mentors_with_spots[0].0].slug, "beta");
        }
        // At equal total, more pairs win: a zero-score pair allowed by a
        // minimum of 0 is proposed rather than left out.
        let zero = MatchingConfig {
            min_score: 0,
            ..skills_only()
        };
        let result = assign(
            &[applicant("a", &["x"])],
            &[mentor("m", &["y"], 1)],
            &zero,
            &[],
        );
        assert_eq!(result.pairs.len(), 1);
        assert_eq!(result.pairs[0].score.total, 0);
    }

    /// A small deterministic generator (xorshift), so tests and the
    /// benchmark need no random-number crate.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        /// Between `lo` and `hi` distinct items (fewer on collisions).
        fn pick(&mut self, items: &[&str], lo: usize, hi: usize) -> Vec<String> {
            let count = lo + self.below(hi - lo + 1);
            let mut out: Vec<String> = Vec::new();
            for _ in 0..count {
                let item = items[self.below(items.len())].to_string();
                if !out.contains(&item) {
                    out.push(item);
                }
            }
            out
        }
    }

    const SKILLS: [&str; 30] = [
        "Python",
        "Rust",
        "Go",
        "TypeScript",
        "SQL",
        "Kubernetes",
        "Machine learning",
        "Statistics",
        "Data engineering",
        "System design",
        "API design",
        "Testing",
        "Accessibility",
        "UX research",
        "Product discovery",
        "Roadmapping",
        "People management",
        "Hiring",
        "Negotiation",
        "Public speaking",
        "Career growth",
        "Site reliability",
        "Incident management",
        "Security",
        "Cloud",
        "Mobile",
        "Data visualisation",
        "Experiment design",
        "Open source",
        "Writing",
    ];
    const INDUSTRIES: [&str; 10] = [
        "Fintech",
        "Healthcare",
        "E-commerce",
        "Gaming",
        "Education",
        "Public sector",
        "Climate tech",
        "Consulting",
        "Media",
        "Logistics",
    ];
    const TRACKS: [&str; 4] = ["software-engineering", "data", "product", "leadership"];
    const LANGUAGES: [&str; 8] = [
        "English",
        "Spanish",
        "French",
        "German",
        "Portuguese",
        "Hindi",
        "Mandarin",
        "Arabic",
    ];
    const FORMATS: [&str; 4] = ["video", "phone", "chat", "in-person"];
    const TIMEZONES: [&str; 16] = [
        "Europe/London",
        "Europe/Berlin",
        "Europe/Athens",
        "Africa/Lagos",
        "Africa/Nairobi",
        "Asia/Dubai",
        "Asia/Kolkata",
        "Asia/Singapore",
        "Asia/Tokyo",
        "Australia/Sydney",
        "Pacific/Auckland",
        "America/Los_Angeles",
        "America/Chicago",
        "America/New_York",
        "America/Sao_Paulo",
        "Mars/Unknown",
    ];

    fn generate(
        seed: u64,
        n: usize,
        m: usize,
        max_spots: u32,
    ) -> (Vec<Applicant>, Vec<MentorCandidate>) {
        let mut rng = Rng(seed.max(1));
        let mentors: Vec<MentorCandidate> = (0..m)
            .map(|j| {
                let mut languages = vec!["English".to_string()];
                languages.extend(rng.pick(&LANGUAGES, 0, 1));
                languages.dedup();
                MentorCandidate {
                    slug: format!("mentor-{j:04}"),
                    name: format!("Mentor {j}"),
                    skills: rng.pick(&SKILLS, 3, 5),
                    industries: rng.pick(&INDUSTRIES, 1, 2),
                    tracks: rng.pick(&TRACKS, 1, 2),
                    languages,
                    timezone: Some(TIMEZONES[rng.below(TIMEZONES.len())].to_string()),
                    meeting_formats: rng.pick(&FORMATS, 1, 3),
                    years_experience: Some(2 + rng.below(25) as u32),
                    open_spots: rng.below(max_spots as usize + 1) as u32,
                }
            })
            .collect();
        let applicants = (0..n)
            .map(|i| {
                // Most speak English; some only another language.
                let languages = if rng.below(10) == 0 {
                    rng.pick(&LANGUAGES[1..], 1, 1)
                } else {
                    let mut l = vec!["English".to_string()];
                    l.extend(rng.pick(&LANGUAGES, 0, 1));
                    l.dedup();
                    l
                };
                let ranked = (0..rng.below(4))
                    .map(|_| format!("mentor-{:04}", rng.below(m.max(1))))
                    .collect();
                Applicant {
                    id: format!("row {:05}", i + 2),
                    name: format!("Applicant {i}"),
                    email: Some(format!("applicant{i}@example.org")),
                    skills: rng.pick(&SKILLS, 2, 5),
                    industries: rng.pick(&INDUSTRIES, 1, 1),
                    track: Some(TRACKS[rng.below(TRACKS.len())].to_string()),
                    languages,
                    timezone: Some(TIMEZONES[rng.below(TIMEZONES.len())].to_string()),
                    formats: rng.pick(&FORMATS, 1, 2),
                    ranked_mentors: ranked,
                    goals: vec![format!("Goal {i}")],
                }
            })
            .collect();
        (applicants, mentors)
    }

    /// Allowed scores, `None` where a pair may not be proposed.
    fn score_matrix(
        applicants: &[Applicant],
        mentors: &[MentorCandidate],
        config: &MatchingConfig,
    ) -> Vec<Vec<Option<i64>>> {
        applicants
            .iter()
            .map(|a| {
                mentors
                    .iter()
                    .map(|m| {
                        score(a, m, config)
                            .ok()
                            .map(|s| s.total)
                            .filter(|&s| s >= config.min_score)
                    })
                    .collect()
            })
            .collect()
    }

    fn brute_force(scores: &[Vec<Option<i64>>], left: &mut [u32], i: usize) -> i64 {
        if i == scores.len() {
            return 0;
        }
        let mut best = brute_force(scores, left, i + 1);
        for j in 0..left.len() {
            if let (Some(s), true) = (scores[i][j], left[j] > 0) {
                left[j] -= 1;
                best = best.max(s + brute_force(scores, left, i + 1));
                left[j] += 1;
            }
        }
        best
    }

    fn check_valid(
        result: &Assignment,
        applicants: &[Applicant],
        mentors: &[MentorCandidate],
        config: &MatchingConfig,
    ) {
        let mut used = vec![0u32; mentors.len()];
        let mut seen = HashSet::new();
        for p in &result.pairs {
            assert!(seen.insert(p.applicant), "applicant matched twice");
            used[p.mentor] += 1;
            let s = score(&applicants[p.applicant], &mentors[p.mentor], config)
                .expect("a proposed pair breaks a hard constraint");
            assert_eq!(s, p.score);
            assert!(s.total >= config.min_score);
        }
        for (j, m) in mentors.iter().enumerate() {
            assert!(used[j] <= m.open_spots, "mentor over capacity");
        }
        for (i, _) in &result.unmatched {
            assert!(seen.insert(*i), "applicant both matched and unmatched");
        }
        assert_eq!(seen.len(), applicants.len());
        let left: u32 = result.mentors_with_spots.iter().map(|(_, n)| n).sum();
        let spots: u32 = mentors.iter().map(|m| m.open_spots).sum();
        assert_eq!(left as usize + result.pairs.len(), spots as usize);
    }

    #[test]
    fn optimal_on_small_random_instances() {
        let config = MatchingConfig {
            max_timezone_gap_hours: 6,
            ..MatchingConfig::default()
        };
        for seed in 1..=150 {
            let (applicants, mentors) = generate(seed, 7, 4, 2);
            let scores = score_matrix(&applicants, &mentors, &config);
            let mut left: Vec<u32> = mentors.iter().map(|m| m.open_spots).collect();
            let best = brute_force(&scores, &mut left, 0);
            let result = assign(&applicants, &mentors, &config, &[]);
            assert_eq!(result.total_score(), best, "seed {seed}");
            check_valid(&result, &applicants, &mentors, &config);
        }
    }

    #[test]
    fn optimal_against_kuhn_munkres() {
        use pathfinding::prelude::{kuhn_munkres, Matrix};
        let config = MatchingConfig::default();
        for seed in 1..=20 {
            let (applicants, mentors) = generate(seed * 7919, 60, 15, 3);
            let scores = score_matrix(&applicants, &mentors, &config);
            // One column per open spot, plus one "unmatched" column per
            // applicant; forbidden pairs get a weight no optimum would use.
            let spot_columns: Vec<usize> = mentors
                .iter()
                .enumerate()
                .flat_map(|(j, m)| std::iter::repeat_n(j, m.open_spots as usize))
                .collect();
            let columns = spot_columns.len() + applicants.len();
            let mut weights = Vec::with_capacity(applicants.len() * columns);
            for row in &scores {
                weights.extend(spot_columns.iter().map(|&j| row[j].unwrap_or(-1_000_000)));
                weights.extend(std::iter::repeat_n(0, applicants.len()));
            }
            let matrix = Matrix::from_vec(applicants.len(), columns, weights).expect("shape");
            let (best, _) = kuhn_munkres(&matrix);
            let result = assign(&applicants, &mentors, &config, &[]);
            assert_eq!(result.total_score(), best, "seed {seed}");
            check_valid(&result, &applicants, &mentors, &config);
        }
    }

    #[test]
    fn same_input_same_output_in_any_order() {
        let config = MatchingConfig::default();
        let (applicants, mentors) = generate(42, 120, 30, 3);
        let excluded = vec![
            ("mentor-0003".to_string(), "row 00010".to_string()),
            (
                "Mentor 7".to_string(),
                "applicant12@example.org".to_string(),
            ),
        ];
        let first = assign(&applicants, &mentors, &config, &excluded);
        let again = assign(&applicants, &mentors, &config, &excluded);
        assert_eq!(first, again);
        let csv = proposals_csv(&first, &applicants, &mentors, Some("2026-09-01"));
        assert_eq!(
            csv,
            proposals_csv(&again, &applicants, &mentors, Some("2026-09-01"))
        );
        assert_eq!(
            report_text(&first, &applicants, &mentors),
            report_text(&again, &applicants, &mentors)
        );
        check_valid(&first, &applicants, &mentors, &config);
        for p in &first.pairs {
            let (a, m) = (&applicants[p.applicant], &mentors[p.mentor]);
            assert!(!(m.slug == "mentor-0003" && a.id == "row 00010"));
            assert!(!(m.slug == "mentor-0007" && a.id == "row 00014"));
        }

        // Reversed and rotated inputs give the same pairs and the same file.
        let mut rng = Rng(7);
        for _ in 0..3 {
            let mut shuffled_a = applicants.clone();
            let mut shuffled_m = mentors.clone();
            for i in (1..shuffled_a.len()).rev() {
                shuffled_a.swap(i, rng.below(i + 1));
            }
            for i in (1..shuffled_m.len()).rev() {
                shuffled_m.swap(i, rng.below(i + 1));
            }
            let other = assign(&shuffled_a, &shuffled_m, &config, &excluded);
            assert_eq!(
                pair_keys(&other, &shuffled_a, &shuffled_m),
                pair_keys(&first, &applicants, &mentors)
            );
            assert_eq!(
                proposals_csv(&other, &shuffled_a, &shuffled_m, Some("2026-09-01")),
                csv
            );
            assert_eq!(
                report_text(&other, &shuffled_a, &shuffled_m),
                report_text(&first, &applicants, &mentors)
            );
        }
    }

    #[test]
    fn proposals_are_written_as_pairs_csv() {
        let mut m = mentor("grace-thompson", &["Negotiation"], 2);
        m.meeting_formats = strings(&["video", "in-person"]);
        let mut a = applicant("row 3", &["negotiation"]);
        a.name = "Zoë \"Z\" Adams".into();
        a.email = Some("zoe@example.org".into());
        a.track = Some("leadership".into());
        a.formats = strings(&["In person", "video"]);
        a.goals = strings(&["Lead a team, well", " ", "Negotiate a raise"]);
        let applicants = vec![a, applicant("row 4", &[])];
        let mentors = vec![m];
        let result = assign(&applicants, &mentors, &skills_only(), &[]);
        assert_eq!(
            proposals_csv(&result, &applicants, &mentors, Some("2026-09-01")),
            "mentor,mentee,mentee_email,track,start,end,cadence,meeting_length,format,goals,status\r\n\
             grace-thompson,\"Zoë \"\"Z\"\" Adams\",zoe@example.org,leadership,2026-09-01,,,,In person,\"Lead a team, well;Negotiate a raise\",proposed\r\n"
        );
        let empty = assign(&[], &mentors, &skills_only(), &[]);
        assert_eq!(
            proposals_csv(&empty, &[], &mentors, None),
            "mentor,mentee,mentee_email,track,start,end,cadence,meeting_length,format,goals,status\r\n"
        );
    }

    #[test]
    fn reports_list_pairs_unmatched_and_open_spots() {
        let mentors = vec![
            mentor("ada", &["Rust", "Go"], 1),
            mentor("bob", &["Cobol"], 2),
        ];
        let mut evil = applicant("row 2", &["rust", "go"]);
        evil.name = "<script>alert('x')</script>\u{1b}[31m".into();
        let applicants = vec![evil, applicant("row 3", &["rust"])];
        let result = assign(&applicants, &mentors, &skills_only(), &[]);
        let text = report_text(&result, &applicants, &mentors);
        assert_eq!(
            text,
            "Proposed pairs: 1, total score 20\n  \
             Applicant                         Mentor     Score  Reasons\n  \
             <script>alert('x')</script> [31m  ada (ada)     20  2 shared skills (Rust, Go); no time difference\n\
             \nUnmatched: 1\n  \
             Applicant row 3: possible mentors (ada 10) are all proposed to others for a higher total score\n\
             \nMentors with open spots: 1, 2 spots in all\n  \
             bob (bob): 2 left\n"
        );
        let html = report_html(&result, &applicants, &mentors);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assert!(html.contains("<li>2 shared skills (Rust, Go)</li>"));
        assert!(html.contains("<h2>Unmatched (1)</h2>"));
        assert!(html.contains("<tr><td>bob (bob)</td><td class=\"score\">2</td></tr>"));
        assert!(!html.contains("example.org"));
    }

    #[test]
    fn applicant_debug_hides_the_email() {
        let mut a = applicant("row 2", &[]);
        a.email = Some("secret@example.org".into());
        let debug = format!("{a:?}");
        assert!(!debug.contains("secret@example.org"));
        assert!(debug.contains("<hidden>"));
    }

    fn table(text: &str) -> toml::Table {
        toml::from_str(text).expect("valid TOML")
    }

    #[test]
    fn config_defaults_and_overrides() {
        assert_eq!(
            parse_config(&toml::Table::new()),
            Ok(MatchingConfig::default())
        );
        let config = parse_config(&table(
            "min_score = 10\nmax_timezone_gap_hours = 4\nrequire_shared_language = false\n\
             experience_cap_years = 5\nexcluded_pairs_file = \"data/excluded.csv\"\n\
             [weights]\nskill = 7\nindustry = 1\ntrack = 2\nlanguage = 3\nformat = 4\n\
             ranking = 50\nexperience = 0\ntimezone_hour = -1\n",
        ))
        .expect("valid");
        assert_eq!(config.min_score, 10);
        assert_eq!(config.max_timezone_gap_hours, 4);
        assert!(!config.require_shared_language);
        assert_eq!(config.experience_cap_years, 5);
        assert_eq!(
            config.excluded_pairs_file.as_deref(),
            Some("data/excluded.csv")
        );
        assert_eq!(
            config.weights,
            Weights {
                skill: 7,
                industry: 1,
                track: 2,
                language: 3,
                format: 4,
                ranking: 50,
                experience: 0,
                timezone_hour: -1
            }
        );
        // Partial weights keep the other defaults.
        let config = parse_config(&table("[weights]\nranking = 0\n")).expect("valid");
        assert_eq!(config.weights.ranking, 0);
        assert_eq!(config.weights.skill, Weights::default().skill);
    }

    #[test]
    fn config_errors_name_the_key() {
        let error = |text: &str| parse_config(&table(text)).expect_err("invalid");
        assert_eq!(
            error("min_scor = 3"),
            "unknown key `min_scor` in [matching]; did you mean `min_score`?"
        );
        assert_eq!(
            error("[weights]\nskils = 3\nranking = 1"),
            "unknown key `skils` in [matching.weights]; did you mean `skill`?"
        );
        assert_eq!(
            error("ranking = 3"),
            "unknown key `ranking` in [matching]; weights go under [matching.weights], such as `ranking = …`"
        );
        assert!(error("colour = 3").contains("known keys: weights, min_score"));
        assert_eq!(
            error("min_score = \"high\""),
            "[matching] `min_score`: invalid type: string \"high\", expected a whole number"
        );
        assert_eq!(
            error("max_timezone_gap_hours = -2"),
            "[matching] `max_timezone_gap_hours`: invalid value: integer `-2`, expected a whole number, 0 or more"
        );
        assert_eq!(
            error("[weights]\nskill = 1.5"),
            "[matching.weights] `skill`: invalid type: floating point `1.5`, expected a whole number"
        );
        assert_eq!(
            error("weights = 3"),
            "[matching] `weights` must be a table: write the weights under [matching.weights]"
        );
        assert_eq!(
            error("[weights]\nskill = 20000"),
            "[matching.weights] `skill` is 20000; weights must be between -10000 and 10000"
        );
        assert!(error("excluded_pairs_file = \" \"").contains("`excluded_pairs_file` is empty"));
        // Every documented key is accepted.
        for key in CONFIG_KEYS.iter().filter(|k| **k != "weights") {
            let value = match *key {
                "require_shared_language" => "true",
                "excluded_pairs_file" => "\"x.csv\"",
                _ => "1",
            };
            assert!(
                parse_config(&table(&format!("{key} = {value}"))).is_ok(),
                "{key}"
            );
        }
        for key in WEIGHT_KEYS {
            assert!(
                parse_config(&table(&format!("[weights]\n{key} = 1"))).is_ok(),
                "{key}"
            );
        }
    }

    #[test]
    fn excluded_pairs_file() {
        let path = Path::new("data/excluded-pairs.csv");
        let text = "\u{feff}# Same employer\nMentor,Mentee,Reason\n\
                    rahul-mehta,Kwame Mensah,same company\n\n\
                    \"Grace Thompson\", lee@example.org\n\
                    ,Nobody\n";
        let (pairs, diagnostics) = parse_excluded_pairs(path, text);
        assert_eq!(
            pairs,
            [
                ("rahul-mehta".to_string(), "Kwame Mensah".to_string()),
                ("Grace Thompson".to_string(), "lee@example.org".to_string()),
            ]
        );
        let shown: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            shown,
            ["data/excluded-pairs.csv:6: error: the `mentor` cell of this row is empty"]
        );
        let (pairs, diagnostics) = parse_excluded_pairs(path, "a,b\nx,y\n");
        assert!(pairs.is_empty());
        assert_eq!(
            diagnostics[0].to_string(),
            "data/excluded-pairs.csv:1: error: the header needs a `mentor` and a `mentee` column"
        );
        assert_eq!(parse_excluded_pairs(path, ""), (vec![], vec![]));

        let mentors = vec![mentor("rahul-mehta", &[], 1)];
        let applicants = vec![applicant("row 2", &[])];
        assert_eq!(
            unknown_exclusions(
                &[
                    ("Rahul Mehta".into(), "row 2".into()),
                    ("rahul-mehtaa".into(), "Applicant row 2".into()),
                    ("rahul-mehta".into(), "nobody@example.org".into()),
                ],
                &applicants,
                &mentors
            ),
            [
                "excluded pair `rahul-mehtaa`, `Applicant row 2`: no mentor has the slug or name `rahul-mehtaa`",
                "excluded pair `rahul-mehta`, `nobody@example.org`: no applicant has the name, e-mail or id `nobody@example.org`",
            ]
        );
    }

    #[test]
    fn empty_inputs() {
        let config = MatchingConfig::default();
        let result = assign(&[], &[], &config, &[]);
        assert!(result.pairs.is_empty() && result.unmatched.is_empty());
        let result = assign(&[applicant("a", &["x"])], &[], &config, &[]);
        assert_eq!(result.unmatched, [(0, "there are no mentors".to_string())]);
    }

    /// The example program's mentors (content/mentors/*.md) with their open
    /// spots after the active pairs of data/pairs.csv, as the lead's loader
    /// builds them.
    // One tuple per profile keeps the table as readable as the files.
    #[allow(clippy::type_complexity)]
    fn example_mentors() -> Vec<MentorCandidate> {
        #[rustfmt::skip]
        let rows: [(&str, &str, &[&str], &[&str], &[&str], &[&str], &str, &[&str], u32, u32); 18] = [
            ("aisha-mwangi", "Aisha Mwangi", &["python", "Go", "API design", "Career growth"], &["Fintech"], &["software-engineering"], &["English", "Swahili"], "Africa/Nairobi", &["video", "phone", "chat"], 7, 3),
            ("amara-okafor", "Amara Okafor", &["Python", "System design", "Career growth", "Public speaking"], &["Fintech"], &["software-engineering", "leadership"], &["English", "Yoruba"], "Africa/Lagos", &["video", "chat"], 14, 0),
            ("camille-laurent", "Camille Laurent", &["UX research", "Service design", "Accessibility", "Workshop facilitation"], &["Public sector", "Healthcare"], &["product"], &["French", "English"], "Europe/Paris", &["video", "in-person"], 9, 2),
            ("daniel-osei", "Daniel Osei", &["SQL", "Data visualisation", "Data engineering", "Career growth"], &["Climate tech", "Public sector"], &["data"], &["English", "French"], "America/Toronto", &["video", "phone"], 6, 3),
            ("diego-ramirez", "Diego Ramírez", &["Machine learning", "Python", "Statistics", "Experiment design"], &["E-commerce", "Fintech"], &["data"], &["Spanish", "English"], "America/Bogota", &["video", "chat"], 5, 2),
            ("fatima-al-sayed", "Fatima Al-Sayed", &["Data strategy", "Machine learning", "People management", "Negotiation"], &["Healthcare", "Consulting"], &["data", "leadership"], &["Arabic", "English", "French"], "Asia/Dubai", &["video"], 19, 1),
            ("grace-thompson", "Grace Thompson", &["People management", "Career growth", "Public speaking", "Negotiation"], &["Consulting", "Education"], &["leadership"], &["English"], "Australia/Melbourne", &["video", "phone"], 30, 3),
            ("hannah-zhou", "Hannah Zhou", &["TypeScript", "Rust", "Web performance", "Accessibility"], &["Gaming", "E-commerce"], &["software-engineering"], &["English", "Mandarin"], "America/Los_Angeles", &["video", "chat"], 13, 3),
            ("isabel-duarte", "Isabel Duarte", &["Product strategy", "Product discovery", "People management", "Negotiation"], &["Education"], &["product", "leadership"], &["Portuguese", "English", "Spanish"], "Europe/Lisbon", &["in-person"], 20, 1),
            ("james-whitfield", "James Whitfield", &["TypeScript", "People management", "Hiring", "Career growth"], &["Gaming"], &["leadership", "software-engineering"], &["English"], "Pacific/Auckland", &["video", "phone"], 22, 2),
            ("kenji-watanabe", "Kenji Watanabe", &["UX research", "Interaction design", "Accessibility", "Product discovery"], &["E-commerce", "Gaming"], &["product"], &["Japanese", "English"], "Asia/Tokyo", &["video", "chat"], 10, 1),
            ("lena-hoffmann", "Lena Hoffmann", &["Rust", "System design", "Kubernetes", "Open source"], &["Climate tech"], &["software-engineering"], &["German", "English"], "Europe/Berlin", &["in-person"], 18, 0),
            ("marta-kowalska", "Marta Kowalska", &["TypeScript", "Testing", "Accessibility", "Public speaking"], &["Public sector"], &["software-engineering"], &["Polish", "English", "German"], "Europe/Warsaw", &["in-person", "phone"], 12, 2),
            ("mateus-ferreira", "Mateus Ferreira", &["Data engineering", "Python", "SQL", "Kubernetes"], &["E-commerce"], &["data"], &["Portuguese", "English", "Spanish"], "America/Sao_Paulo", &["video", "chat"], 9, 2),
            ("priya-raman", "Priya Raman", &["People management", "Career growth", "System design", "Negotiation"], &["Healthcare"], &["leadership", "software-engineering"], &["English", "Hindi", "Tamil"], "Asia/Kolkata", &["video", "phone"], 16, 1),
            ("rahul-mehta", "Rahul Mehta", &["Kubernetes", "Site reliability", "Incident management", "Public speaking"], &["E-commerce", "Healthcare"], &["software-engineering"], &["English", "Hindi", "Gujarati"], "America/Chicago", &["video", "phone"], 15, 2),
            ("sofia-martinez", "Sofía Martínez", &["Product discovery", "UX research", "Roadmapping", "Career growth"], &["Public sector", "Education"], &["product"], &["Spanish", "English"], "America/Mexico_City", &["video", "in-person"], 8, 2),
            ("wei-chen", "Wei Chen", &["Machine learning", "Python", "Data engineering", "Public speaking"], &["Fintech", "E-commerce"], &["data"], &["English", "Mandarin"], "Asia/Singapore", &["video", "chat"], 11, 2),
        ];
        rows.iter()
            .map(
                |(slug, name, skills, industries, tracks, languages, tz, formats, years, spots)| {
                    MentorCandidate {
                        slug: slug.to_string(),
                        name: name.to_string(),
                        skills: strings(skills),
                        industries: strings(industries),
                        tracks: strings(tracks),
                        languages: strings(languages),
                        timezone: Some(tz.to_string()),
                        meeting_formats: strings(formats),
                        years_experience: Some(*years),
                        open_spots: *spots,
                    }
                },
            )
            .collect()
    }

    fn fixture(name: &str) -> String {
        let path = format!(
            "{}/tests/fixtures/matching/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// applications.csv as the lead's loader reads it.
    fn example_applicants() -> Vec<Applicant> {
        let text = fixture("applications.csv");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let list = |cell: &str| -> Vec<String> {
            cell.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        };
        reader
            .records()
            .enumerate()
            .map(|(i, record)| {
                let r = record.expect("valid CSV");
                let cell = |k: usize| r.get(k).unwrap_or("").trim().to_string();
                let some = |k: usize| Some(cell(k)).filter(|s| !s.is_empty());
                Applicant {
                    id: format!("row {:02}", i + 2),
                    name: cell(0),
                    email: some(1),
                    skills: list(&cell(2)),
                    industries: list(&cell(3)),
                    track: some(4),
                    languages: list(&cell(5)),
                    timezone: some(6),
                    formats: list(&cell(7)),
                    goals: list(&cell(8)),
                    ranked_mentors: list(&cell(9)),
                }
            })
            .collect()
    }

    /// What tests/fixtures/matching/expected.txt promises.
    #[test]
    fn example_program_fixture() {
        let applicants = example_applicants();
        let mentors = example_mentors();
        let config = MatchingConfig::default();
        let (excluded, problems) = parse_excluded_pairs(
            Path::new("excluded-pairs.csv"),
            &fixture("excluded-pairs.csv"),
        );
        assert!(problems.is_empty());
        assert!(unknown_exclusions(&excluded, &applicants, &mentors).is_empty());
        let result = assign(&applicants, &mentors, &config, &excluded);
        println!("{}", report_text(&result, &applicants, &mentors));
        let named = |result: &Assignment, mentors: &[MentorCandidate]| -> Vec<(String, String)> {
            let mut pairs: Vec<_> = result
                .pairs
                .iter()
                .map(|p| {
                    (
                        applicants[p.applicant].name.clone(),
                        mentors[p.mentor].slug.clone(),
                    )
                })
                .collect();
            pairs.sort();
            pairs
        };
        let expected: Vec<(String, String)> = [
            ("Arjun Nair", "priya-raman"),
            ("Aroha Ngata", "james-whitfield"),
            ("Chiara Bianchi", "diego-ramirez"),
            ("Grace Achieng", "aisha-mwangi"),
            ("Haruto Sato", "kenji-watanabe"),
            ("Inês Carvalho", "isabel-duarte"),
            ("Kwame Mensah", "mateus-ferreira"),
            ("Layla Haddad", "wei-chen"),
            ("Lucía Gómez", "sofia-martinez"),
            ("Mei Lin", "grace-thompson"),
            ("Noah Gagnon", "daniel-osei"),
            ("Omar Farouk", "fatima-al-sayed"),
            ("Sam Okoye", "hannah-zhou"),
            ("Sophie Martin", "camille-laurent"),
        ]
        .iter()
        .map(|(a, m)| (a.to_string(), m.to_string()))
        .collect();
        assert_eq!(named(&result, &mentors), expected);
        let unmatched: Vec<(&str, &str)> = result
            .unmatched
            .iter()
            .map(|(i, why)| (applicants[*i].name.as_str(), why.as_str()))
            .collect();
        assert_eq!(
            unmatched,
            [
                ("Joon-ho Park", "no eligible mentor: 16 share no language, 2 have no open spots"),
                ("Beatriz Santos", "no eligible mentor: 14 share no language, 2 are more than 8 h away, 2 have no open spots"),
                ("Tom Fletcher", "no mentor reaches the minimum score of 30: the best is Isabel Duarte with 20"),
                ("Yui Tanaka", "possible mentors (Kenji Watanabe 80) are all proposed to others for a higher total score"),
            ]
        );
        // Best pair first would give Fatima to Layla and leave Omar out.
        assert!(greedy_total(&applicants, &mentors, &config) < result.total_score());
        // Without the excluded pair, Kwame gets Rahul Mehta.
        let free = assign(&applicants, &mentors, &config, &[]);
        assert!(named(&free, &mentors).contains(&("Kwame Mensah".into(), "rahul-mehta".into())));

        // The same pairs if proposed pairs also take spots (Hannah Zhou and
        // Wei Chen one fewer) or if the draft profile of Tomáš Novák is
        // offered too.
        let mut fewer = mentors.clone();
        for m in fewer.iter_mut() {
            if m.slug == "hannah-zhou" || m.slug == "wei-chen" {
                m.open_spots -= 1;
            }
        }
        let result = assign(&applicants, &fewer, &config, &excluded);
        assert_eq!(named(&result, &fewer), expected);
        let mut with_draft = mentors.clone();
        with_draft.push(MentorCandidate {
            slug: "tomas-novak".into(),
            name: "Tomáš Novák".into(),
            skills: strings(&[
                "Product analytics",
                "SQL",
                "Experiment design",
                "Career growth",
            ]),
            industries: strings(&["E-commerce"]),
            tracks: strings(&["product", "data"]),
            languages: strings(&["Czech", "English", "German"]),
            timezone: Some("Europe/Prague".into()),
            meeting_formats: strings(&["video", "in-person"]),
            years_experience: Some(10),
            open_spots: 2,
        });
        let result = assign(&applicants, &with_draft, &config, &excluded);
        assert_eq!(named(&result, &with_draft), expected);
    }

    /// `cargo test --release -- --ignored bench --nocapture`
    #[test]
    #[ignore]
    fn bench_2000_applicants_500_mentors() {
        let config = MatchingConfig::default();
        let (applicants, mentors) = generate(2026, 2000, 500, 4);
        let spots: u32 = mentors.iter().map(|m| m.open_spots).sum();
        let start = Instant::now();
        let result = assign(&applicants, &mentors, &config, &[]);
        let elapsed = start.elapsed();
        let csv = proposals_csv(&result, &applicants, &mentors, None);
        let report = report_text(&result, &applicants, &mentors);
        println!(
            "2000 applicants x 500 mentors, {spots} open spots: {} pairs, {} unmatched, total {} in {elapsed:.2?} (+ {:.2?} for CSV and report, {} + {} bytes)",
            result.pairs.len(),
            result.unmatched.len(),
            result.total_score(),
            start.elapsed() - elapsed,
            csv.len(),
            report.len()
        );
        check_valid(&result, &applicants, &mentors, &config);
        // The worst case for the flow: every pair allowed (no language or
        // time-zone rule, no minimum), so each search may cross the whole
        // graph of 1 million edges.
        let dense = MatchingConfig {
            require_shared_language: false,
            max_timezone_gap_hours: 12,
            min_score: -1_000_000,
            ..config
        };
        let start = Instant::now();
        let result = assign(&applicants, &mentors, &dense, &[]);
        println!(
            "every pair allowed: {} pairs, total {} in {:.2?}",
            result.pairs.len(),
            result.total_score(),
            start.elapsed()
        );
    }
}
