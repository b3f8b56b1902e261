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
//!
//! The module holds the model of a pair ([`Pair`], [`PairStatus`],
//! [`Cadence`]); `reading` checks `pairs.csv` row by row into it, and
//! `tokens` derives each agreement's address from a pair and the site's
//! secret.

mod reading;
#[cfg(test)]
mod tests;
mod tokens;

use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

pub use crate::private::PrivateText;
pub use reading::{load_pairs, PairsFile, COLUMN_NAMES};
pub use tokens::{agreement_token, load_secret, new_secret};
pub(crate) use tokens::{base32, normalize_name};

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

/// The number of active pairs of each mentor slug that has any. Open spots
/// are a mentor's capacity minus this (saturating at zero).
pub fn open_spots(pairs: &[Pair]) -> rustc_hash::FxHashMap<&str, u32> {
    let mut active = rustc_hash::FxHashMap::default();
    for pair in pairs.iter().filter(|p| p.status == PairStatus::Active) {
        *active.entry(pair.mentor.as_str()).or_default() += 1;
    }
    active
}
