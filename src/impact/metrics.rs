//! The program's figures, computed from pairs and their check-ins as of one
//! day: participation, engagement against the agreed cadence, stalled
//! pairs and goal achievement.
//!
//! Everything here is per pair or per group of pairs and holds no names;
//! what may be published is decided in [`super::privacy`], and per-pair
//! values go only to the coordinator's report.

use super::checkins::{CheckIn, GoalProgress};
use super::participation::Application;
use crate::pairs::{Cadence, Pair, PairStatus};
use chrono::NaiveDate;

/// Days in an average month, for meetings per month.
const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// Days between two meetings at a cadence.
pub fn cadence_interval_days(cadence: Cadence) -> f64 {
    match cadence {
        Cadence::Weekly => 7.0,
        Cadence::Biweekly => 14.0,
        Cadence::Monthly => DAYS_PER_MONTH,
    }
}

/// One pair's engagement as of a day.
#[derive(Debug, Clone, PartialEq)]
pub struct PairEngagement {
    pub pair: usize,
    /// Whether the pair had started by the day (active, completed or ended,
    /// with a start on or before it).
    pub started: bool,
    /// Distinct days the pair met, up to the day (mentor and mentee both
    /// logging one meeting count once).
    pub meetings: usize,
    pub first_meeting: Option<NaiveDate>,
    pub last_meeting: Option<NaiveDate>,
    /// Days from start to the day, or to the end of a finished pair.
    pub days_running: i64,
    /// Meetings the cadence asks for over `days_running`.
    pub expected_meetings: Option<usize>,
    /// Days since the last meeting (since the start when none), for active
    /// pairs.
    pub days_since_meeting: Option<i64>,
    /// Goals in the agreement, and how many the latest report per goal
    /// says are achieved or on track.
    pub goals: usize,
    pub goals_on_track: usize,
    /// Whether any goal was ever reported beyond "Not started".
    pub goals_moved: bool,
}

impl PairEngagement {
    /// Days from start to the first meeting.
    pub fn days_to_first_meeting(&self, pair: &Pair) -> Option<i64> {
        Some((self.first_meeting? - pair.start?).num_days())
    }

    /// Meetings per month over the time the pair has run.
    pub fn meetings_per_month(&self) -> Option<f64> {
        (self.started && self.days_running > 0)
            .then(|| self.meetings as f64 / (self.days_running as f64 / DAYS_PER_MONTH))
    }

    /// More than one meeting short of the cadence.
    pub fn behind_cadence(&self) -> bool {
        self.expected_meetings
            .is_some_and(|expected| self.meetings + 1 < expected)
    }

    /// An active pair with no meeting in more than `days`.
    pub fn stalled(&self, days: u32) -> bool {
        self.days_since_meeting.is_some_and(|d| d > i64::from(days))
    }
}

/// Engagement of pair `index` as of `as_of`. `checkins` may hold other
/// pairs' rows; only this pair's count.
pub fn engagement(
    index: usize,
    pair: &Pair,
    checkins: &[CheckIn],
    as_of: NaiveDate,
) -> PairEngagement {
    let started = pair.status != PairStatus::Proposed && pair.start.is_some_and(|s| s <= as_of);
    let mut days: Vec<NaiveDate> = checkins
        .iter()
        .filter(|c| c.pair == index && c.met_on <= as_of)
        .map(|c| c.met_on)
        .collect();
    days.sort();
    days.dedup();
    let until = match pair.status {
        PairStatus::Completed | PairStatus::Ended => pair.end.map_or(as_of, |e| e.min(as_of)),
        _ => as_of,
    };
    let days_running = match (started, pair.start) {
        (true, Some(start)) => (until - start).num_days().max(0),
        _ => 0,
    };
    let expected_meetings = pair
        .cadence
        .filter(|_| started)
        .map(|c| (days_running as f64 / cadence_interval_days(c)).floor() as usize);
    let days_since_meeting = match (started, pair.status, pair.start) {
        (true, PairStatus::Active, Some(start)) => {
            Some((as_of - days.last().copied().unwrap_or(start)).num_days())
        }
        _ => None,
    };
    let (goals_on_track, goals_moved) = goal_progress(index, pair.goals.len(), checkins, as_of);
    PairEngagement {
        pair: index,
        started,
        meetings: days.len(),
        first_meeting: days.first().copied(),
        last_meeting: days.last().copied(),
        days_running,
        expected_meetings,
        days_since_meeting,
        goals: pair.goals.len(),
        goals_on_track,
        goals_moved,
    }
}

/// For each of `goals` goals, the latest report up to `as_of`: how many are
/// achieved or on track, and whether any ever moved past "Not started".
/// A goal no check-in reported (one added mid-way, say) counts as not on
/// track.
fn goal_progress(
    index: usize,
    goals: usize,
    checkins: &[CheckIn],
    as_of: NaiveDate,
) -> (usize, bool) {
    let mut latest: Vec<Option<(NaiveDate, GoalProgress)>> = vec![None; goals];
    let mut moved = false;
    for c in checkins
        .iter()
        .filter(|c| c.pair == index && c.met_on <= as_of)
    {
        for &(goal, progress) in &c.goals {
            let Some(slot) = latest.get_mut(goal) else {
                continue;
            };
            moved |= progress != GoalProgress::NotStarted;
            if slot.is_none_or(|(day, _)| day <= c.met_on) {
                *slot = Some((c.met_on, progress));
            }
        }
    }
    let on_track = latest
        .iter()
        .filter(|l| l.is_some_and(|(_, p)| p.is_on_track()))
        .count();
    (on_track, moved)
}

/// A figure and the number of pairs it is computed over, which decides
/// whether it may be published.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure {
    pub value: Option<f64>,
    pub over: usize,
}

impl Figure {
    fn share(part: usize, whole: usize) -> Figure {
        Figure {
            value: (whole > 0).then(|| 100.0 * part as f64 / whole as f64),
            over: whole,
        }
    }
}

/// The figures of one group of pairs (the program, a cohort, a track).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupFigures {
    /// Applications of the group.
    pub applicants: Figure,
    /// Applicants who became the mentee of a pair, in percent.
    pub match_rate: Figure,
    /// Every pair of the group, proposed ones included.
    pub pairs: usize,
    pub proposed: usize,
    pub active: usize,
    pub completed: usize,
    pub ended_early: usize,
    /// Completed ÷ (completed + ended early), in percent.
    pub retention: Figure,
    /// Median days from start to first meeting, over started pairs that met.
    pub days_to_first_meeting: Figure,
    /// Mean of the started pairs' meetings per month.
    pub meetings_per_month: Figure,
    /// Mean of the meetings per month their cadences ask for.
    pub agreed_per_month: Figure,
    /// Started pairs with a cadence that are not behind it, in percent.
    pub on_cadence: Figure,
    /// Active pairs with no meeting in more than N days, in percent.
    pub stalled: Figure,
    /// Goals of started pairs achieved or on track at their latest report.
    pub goals_on_track: Figure,
}

/// The figures of the pairs `members` (indexes into `pairs`) and of the
/// group's `applications`.
pub fn group_figures(
    members: &[usize],
    pairs: &[Pair],
    engagement: &[PairEngagement],
    stalled_after_days: u32,
    applications: &[&Application],
) -> GroupFigures {
    let count = |status: PairStatus| {
        members
            .iter()
            .filter(|&&i| pairs[i].status == status)
            .count()
    };
    let completed = count(PairStatus::Completed);
    let ended_early = count(PairStatus::Ended);
    let started: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&i| engagement[i].started)
        .collect();

    let mut first: Vec<i64> = started
        .iter()
        .filter_map(|&i| engagement[i].days_to_first_meeting(&pairs[i]))
        .collect();
    first.sort_unstable();
    let rates: Vec<f64> = started
        .iter()
        .filter_map(|&i| engagement[i].meetings_per_month())
        .collect();
    let with_cadence: Vec<usize> = started
        .iter()
        .copied()
        .filter(|&i| pairs[i].cadence.is_some())
        .collect();
    let agreed: Vec<f64> = with_cadence
        .iter()
        .filter_map(|&i| pairs[i].cadence)
        .map(|c| DAYS_PER_MONTH / cadence_interval_days(c))
        .collect();
    let active: Vec<usize> = started
        .iter()
        .copied()
        .filter(|&i| pairs[i].status == PairStatus::Active)
        .collect();
    let with_goals: Vec<usize> = started
        .iter()
        .copied()
        .filter(|&i| engagement[i].goals > 0)
        .collect();
    let goals: usize = with_goals.iter().map(|&i| engagement[i].goals).sum();
    let on_track: usize = with_goals
        .iter()
        .map(|&i| engagement[i].goals_on_track)
        .sum();
    GroupFigures {
        applicants: Figure {
            value: (!applications.is_empty()).then_some(applications.len() as f64),
            over: applications.len(),
        },
        match_rate: Figure::share(
            applications.iter().filter(|a| a.matched).count(),
            applications.len(),
        ),
        pairs: members.len(),
        proposed: count(PairStatus::Proposed),
        active: count(PairStatus::Active),
        completed,
        ended_early,
        retention: Figure::share(completed, completed + ended_early),
        days_to_first_meeting: Figure {
            value: median(&first),
            over: first.len(),
        },
        meetings_per_month: Figure {
            value: mean(&rates),
            over: rates.len(),
        },
        agreed_per_month: Figure {
            value: mean(&agreed),
            over: agreed.len(),
        },
        on_cadence: Figure::share(
            with_cadence
                .iter()
                .filter(|&&i| !engagement[i].behind_cadence())
                .count(),
            with_cadence.len(),
        ),
        stalled: Figure::share(
            active
                .iter()
                .filter(|&&i| engagement[i].stalled(stalled_after_days))
                .count(),
            active.len(),
        ),
        goals_on_track: Figure {
            value: (goals > 0).then(|| 100.0 * on_track as f64 / goals as f64),
            over: with_goals.len(),
        },
    }
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

fn median(sorted: &[i64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2] as f64),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn pair(
        status: PairStatus,
        start: &str,
        end: &str,
        cadence: Option<Cadence>,
        goals: usize,
    ) -> Pair {
        Pair {
            line: 2,
            mentor: "m".into(),
            mentee: "x".into(),
            mentee_email: None,
            track: None,
            start: Some(day(start)),
            end: Some(day(end)),
            cadence,
            meeting_length: None,
            format: None,
            goals: (0..goals).map(|g| format!("goal {g}")).collect(),
            status,
            extra: BTreeMap::new(),
        }
    }

    fn met(pair: usize, on: &str, goals: &[(usize, GoalProgress)]) -> CheckIn {
        CheckIn {
            pair,
            met_on: day(on),
            minutes: Some(60.0),
            goals: goals.to_vec(),
        }
    }

    #[test]
    fn a_pair_without_check_ins_has_met_never_and_stalls_after_n_days() {
        let p = pair(
            PairStatus::Active,
            "2026-01-01",
            "2026-06-30",
            Some(Cadence::Weekly),
            2,
        );
        let e = engagement(0, &p, &[], day("2026-01-31"));
        assert_eq!((e.meetings, e.first_meeting, e.days_running), (0, None, 30));
        assert_eq!(e.days_to_first_meeting(&p), None);
        assert_eq!(e.meetings_per_month(), Some(0.0));
        // 30 days at weekly: 4 expected, 0 logged.
        assert_eq!(e.expected_meetings, Some(4));
        assert!(e.behind_cadence());
        assert_eq!(e.days_since_meeting, Some(30));
        assert!(!e.stalled(30), "30 days is within the last 30 days");
        assert!(e.stalled(29));
        assert_eq!((e.goals, e.goals_on_track, e.goals_moved), (2, 0, false));
    }

    #[test]
    fn both_sides_logging_one_meeting_count_it_once() {
        let p = pair(
            PairStatus::Active,
            "2026-01-01",
            "2026-06-30",
            Some(Cadence::Biweekly),
            0,
        );
        let log = [
            met(0, "2026-01-10", &[]),
            met(0, "2026-01-10", &[]),
            met(0, "2026-01-24", &[]),
        ];
        let e = engagement(0, &p, &log, day("2026-02-01"));
        assert_eq!(e.meetings, 2);
        assert_eq!(e.days_to_first_meeting(&p), Some(9));
        assert_eq!(e.last_meeting, Some(day("2026-01-24")));
        assert_eq!(e.days_since_meeting, Some(8));
        // 31 days biweekly: 2 expected, 2 logged.
        assert_eq!(e.expected_meetings, Some(2));
        assert!(!e.behind_cadence());
    }

    #[test]
    fn cadence_variants_expect_different_meeting_counts() {
        let as_of = day("2026-03-02"); // 60 days after 1 January
        let expected = |c| {
            let p = pair(PairStatus::Active, "2026-01-01", "2026-12-31", Some(c), 0);
            engagement(0, &p, &[], as_of).expected_meetings
        };
        assert_eq!(expected(Cadence::Weekly), Some(8));
        assert_eq!(expected(Cadence::Biweekly), Some(4));
        assert_eq!(expected(Cadence::Monthly), Some(1));
        // One short of the cadence is not behind; two short is.
        let p = pair(
            PairStatus::Active,
            "2026-01-01",
            "2026-12-31",
            Some(Cadence::Biweekly),
            0,
        );
        let three = [
            met(0, "2026-01-10", &[]),
            met(0, "2026-01-24", &[]),
            met(0, "2026-02-07", &[]),
        ];
        assert!(!engagement(0, &p, &three, as_of).behind_cadence());
        assert!(engagement(0, &p, &three[..2], as_of).behind_cadence());
    }

    #[test]
    fn ended_pairs_count_until_their_end_and_never_stall() {
        let p = pair(
            PairStatus::Ended,
            "2026-01-01",
            "2026-01-31",
            Some(Cadence::Weekly),
            1,
        );
        let e = engagement(0, &p, &[met(0, "2026-01-08", &[])], day("2026-06-01"));
        assert_eq!(e.days_running, 30);
        assert_eq!(e.days_since_meeting, None);
        assert!(!e.stalled(1));
        let proposed = pair(PairStatus::Proposed, "2026-01-01", "2026-06-30", None, 1);
        assert!(!engagement(0, &proposed, &[], day("2026-06-01")).started);
    }

    #[test]
    fn goals_count_at_their_latest_report_and_goals_added_later_count_as_not_on_track() {
        use GoalProgress::*;
        let p = pair(PairStatus::Active, "2026-01-01", "2026-06-30", None, 3);
        let log = [
            met(0, "2026-01-15", &[(0, OnTrack), (1, SomeProgress)]),
            met(0, "2026-02-15", &[(0, SomeProgress), (1, Achieved)]),
            // A report on a goal the agreement no longer has is ignored.
            met(0, "2026-02-20", &[(5, Achieved)]),
        ];
        let e = engagement(0, &p, &log, day("2026-03-01"));
        // goal 0 fell back to some progress, goal 1 achieved, goal 2 never reported.
        assert_eq!((e.goals, e.goals_on_track, e.goals_moved), (3, 1, true));
        // Reports after the day do not count yet.
        let early = engagement(0, &p, &log, day("2026-01-31"));
        assert_eq!(early.goals_on_track, 1);
    }

    #[test]
    fn group_figures_on_a_hand_computed_group() {
        use GoalProgress::*;
        let as_of = day("2026-03-02");
        let pairs = vec![
            pair(
                PairStatus::Active,
                "2026-01-01",
                "2026-06-30",
                Some(Cadence::Biweekly),
                2,
            ),
            pair(
                PairStatus::Active,
                "2026-01-01",
                "2026-06-30",
                Some(Cadence::Monthly),
                2,
            ),
            pair(
                PairStatus::Completed,
                "2025-07-01",
                "2025-12-31",
                Some(Cadence::Monthly),
                1,
            ),
            pair(
                PairStatus::Ended,
                "2026-01-01",
                "2026-01-31",
                Some(Cadence::Weekly),
                1,
            ),
            pair(PairStatus::Proposed, "2026-04-01", "2026-09-30", None, 2),
        ];
        let log = vec![
            met(0, "2026-01-05", &[(0, OnTrack), (1, OnTrack)]),
            met(0, "2026-01-19", &[]),
            met(0, "2026-02-02", &[]),
            met(0, "2026-02-16", &[(1, Achieved)]),
            met(1, "2026-01-11", &[(0, NotStarted)]),
            met(2, "2025-07-08", &[(0, Achieved)]),
        ];
        let e: Vec<_> = pairs
            .iter()
            .enumerate()
            .map(|(i, p)| engagement(i, p, &log, as_of))
            .collect();
        let g = group_figures(&[0, 1, 2, 3, 4], &pairs, &e, 30, &[]);
        assert_eq!(
            g.applicants,
            Figure {
                value: None,
                over: 0
            }
        );
        assert_eq!(
            g.match_rate,
            Figure {
                value: None,
                over: 0
            }
        );
        assert_eq!(
            (g.pairs, g.proposed, g.active, g.completed, g.ended_early),
            (5, 1, 2, 1, 1)
        );
        assert_eq!(
            g.retention,
            Figure {
                value: Some(50.0),
                over: 2
            }
        );
        // First meetings after 4, 10 and 7 days: median 7.
        assert_eq!(
            g.days_to_first_meeting,
            Figure {
                value: Some(7.0),
                over: 3
            }
        );
        assert_eq!(g.meetings_per_month.over, 4);
        // Pair 0 met 4 times in 60 days at biweekly (4 expected), pair 1 once in 60
        // days at monthly (1 expected): on cadence. Pair 2 met once in 183 days at
        // monthly (6 expected), pair 3 never in 30 days at weekly (4): behind.
        assert_eq!(
            g.on_cadence,
            Figure {
                value: Some(50.0),
                over: 4
            }
        );
        // Pair 1's last meeting was 50 days ago: one of the two active pairs stalled.
        assert_eq!(
            g.stalled,
            Figure {
                value: Some(50.0),
                over: 2
            }
        );
        // 6 goals of started pairs; pair 0's two and pair 2's one on track.
        assert_eq!(
            g.goals_on_track,
            Figure {
                value: Some(50.0),
                over: 4
            }
        );
        let rate = g.meetings_per_month.value.expect("rate");
        let by_hand = (4.0 / (60.0 / DAYS_PER_MONTH)
            + 1.0 / (60.0 / DAYS_PER_MONTH)
            + 1.0 / (183.0 / DAYS_PER_MONTH)
            + 0.0)
            / 4.0;
        assert!((rate - by_hand).abs() < 1e-9);
    }

    #[test]
    fn the_match_rate_is_the_share_of_applicants_who_became_mentees() {
        let applied = |matched| Application {
            track: None,
            matched,
        };
        let list = [applied(true), applied(false), applied(true), applied(false)];
        let refs: Vec<&Application> = list.iter().collect();
        let g = group_figures(&[], &[], &[], 30, &refs);
        assert_eq!(
            g.applicants,
            Figure {
                value: Some(4.0),
                over: 4
            }
        );
        assert_eq!(
            g.match_rate,
            Figure {
                value: Some(50.0),
                over: 4
            }
        );
    }

    #[test]
    fn medians_of_even_counts_average_the_middle_two() {
        assert_eq!(median(&[1, 3, 5, 9]), Some(4.0));
        assert_eq!(median(&[]), None);
    }
}
