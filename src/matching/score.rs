//! Scoring one applicant–mentor pair: weighted criteria and hard
//! constraints, with the reasons shown to the coordinator.

use super::candidates::{Applicant, MentorCandidate};
use super::config::MatchingConfig;
use super::timezones::{hours_text, offset_gap_minutes, utc_offset_minutes};
use std::collections::HashMap;
use std::fmt;

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
        }
    }
}

/// Scores one pair, or says which hard constraint rules it out. Excluded
/// pairs from the coordinator's file are checked by [`assign`], which has the
/// list. A score below `min_score` is still returned: it is not a hard
/// constraint but a threshold `assign` applies. The tests' oracle: `assign`
/// scores every pair at once through `evaluate`.
#[cfg(test)]
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
pub(super) fn normalize(text: &str) -> String {
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
pub(super) struct Interner {
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
    pub(super) fn new(items: &'a [String], names: &mut Interner) -> Self {
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

pub(super) struct MentorView<'a> {
    pub(super) mentor: &'a MentorCandidate,
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
    pub(super) fn new(mentor: &'a MentorCandidate, names: &mut Interner) -> Self {
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

pub(super) struct ApplicantView<'a> {
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
    pub(super) fn new(applicant: &'a Applicant, names: &mut Interner) -> Self {
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
pub(super) fn evaluate(
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
