//! `[matching]` in `site.toml`: weights and limits, with their defaults.

use crate::diagnostic::nearest;
use serde::Deserialize;

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

pub(super) const CONFIG_KEYS: [&str; 6] = [
    "weights",
    "min_score",
    "max_timezone_gap_hours",
    "require_shared_language",
    "experience_cap_years",
    "excluded_pairs_file",
];

pub(super) const WEIGHT_KEYS: [&str; 8] = [
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
/// Unknown keys are reported with the nearest known one; every problem of
/// the table is one message, and the first word of a message in backticks is
/// the key it is about (`config` places the message there).
pub fn parse_config(table: &toml::Table) -> Result<MatchingConfig, Vec<String>> {
    let mut problems = Vec::new();
    check_keys(table, "[matching]", &CONFIG_KEYS, &mut problems);
    if let Some(toml::Value::Table(weights)) = table.get("weights") {
        check_keys(weights, "[matching.weights]", &WEIGHT_KEYS, &mut problems);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let config: MatchingConfig = toml::Value::Table(table.clone())
        .try_into()
        .map_err(|e: toml::de::Error| vec![type_error(table).unwrap_or_else(|| friendly(&e))])?;
    config.validate()?;
    Ok(config)
}

/// serde names Rust types ("expected i64"); a coordinator thinks in numbers.
fn friendly(error: &toml::de::Error) -> String {
    let message = crate::toml_error::in_words(error.message().trim());
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
    fn validate(&self) -> Result<(), Vec<String>> {
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
            Err(problems)
        }
    }
}
