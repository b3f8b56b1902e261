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

mod assign;
mod candidates;
mod config;
mod excluded;
mod report;
mod score;
#[cfg(test)]
mod tests;
mod timezones;

pub use assign::assign;
pub use candidates::{Applicant, MentorCandidate};
pub use config::{parse_config, MatchingConfig};
pub use excluded::{parse_excluded_pairs, unknown_exclusions};
pub use report::{proposals_csv, report_html, report_text};
