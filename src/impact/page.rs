//! What the public impact page shows: the program's figures, then the same
//! figures per cohort (pairs that started in the same month, oldest first,
//! so the row reads as a trend) and per track, with every figure over too
//! few pairs replaced by a note. Built only from [`GroupFigures`], so it
//! can hold nothing per pair and no names.

use super::metrics::{engagement, group_figures, Figure, GroupFigures, PairEngagement};
use super::participation::Application;
use super::privacy::hidden_groups;
use crate::forms::format_number;
use crate::site::Site;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// One published figure, or why it is not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureView {
    /// Text such as `50%` or `2.17`; `None` when hidden or not computable.
    pub value: Option<String>,
    pub suppressed: bool,
}

/// One row of the page: a figure across the program and the groups.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureRow {
    pub id: &'static str,
    pub label: String,
    pub program: FigureView,
    pub cohorts: Vec<FigureView>,
    pub tracks: Vec<FigureView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImpactView {
    pub as_of: String,
    /// The same day as `YYYY-MM-DD`, for `<time datetime>`.
    pub as_of_iso: String,
    pub stalled_after_days: u32,
    pub min_group_size: usize,
    pub cohorts: Vec<String>,
    pub tracks: Vec<String>,
    pub rows: Vec<FigureRow>,
    /// Whether the program logs meetings at all (engagement figures mean
    /// little without check-ins).
    pub has_checkins: bool,
}

/// How a figure reads from a group's figures, and how it is written.
struct FigureSpec {
    id: &'static str,
    label: String,
    get: fn(&GroupFigures) -> Figure,
    unit: &'static str,
}

/// A count of pairs in a group of `over`; none for a group without pairs.
fn count(n: usize, over: usize) -> Figure {
    Figure {
        value: (over > 0).then_some(n as f64),
        over,
    }
}

fn specs(stalled_after_days: u32) -> Vec<FigureSpec> {
    let spec = |id, label: &str, get, unit| FigureSpec {
        id,
        label: label.to_string(),
        get,
        unit,
    };
    vec![
        spec("applicants", "Applicants", |g| g.applicants, ""),
        spec(
            "match_rate",
            "Applicants matched to a mentor",
            |g| g.match_rate,
            "%",
        ),
        spec("pairs", "Pairs matched", |g| count(g.pairs, g.pairs), ""),
        spec("active", "Active", |g| count(g.active, g.pairs), ""),
        spec(
            "completed",
            "Completed",
            |g| count(g.completed, g.pairs),
            "",
        ),
        spec(
            "ended_early",
            "Ended early",
            |g| count(g.ended_early, g.pairs),
            "",
        ),
        spec(
            "retention",
            "Retention (completed of all finished pairs)",
            |g| g.retention,
            "%",
        ),
        spec(
            "days_to_first_meeting",
            "Days from start to first meeting (median)",
            |g| g.days_to_first_meeting,
            "",
        ),
        spec(
            "meetings_per_month",
            "Meetings per pair per month",
            |g| g.meetings_per_month,
            "",
        ),
        spec(
            "agreed_per_month",
            "Meetings per month agreed (cadence)",
            |g| g.agreed_per_month,
            "",
        ),
        spec(
            "on_cadence",
            "Pairs keeping their agreed cadence",
            |g| g.on_cadence,
            "%",
        ),
        FigureSpec {
            id: "stalled",
            label: format!("Active pairs with no meeting in the last {stalled_after_days} days"),
            get: |g| g.stalled,
            unit: "%",
        },
        spec(
            "goals_on_track",
            "Goals achieved or on track",
            |g| g.goals_on_track,
            "%",
        ),
    ]
}

fn view(figure: Figure, hidden: bool, unit: &str) -> FigureView {
    FigureView {
        value: (!hidden)
            .then_some(figure.value)
            .flatten()
            .map(|v| format!("{}{unit}", format_number(v))),
        suppressed: hidden,
    }
}

/// A cohort: the month the pair started.
fn cohort_of(start: Option<NaiveDate>) -> Option<(i32, u32)> {
    start.map(|d| (d.year(), d.month()))
}

fn cohort_title(cohort: Option<(i32, u32)>) -> String {
    match cohort.and_then(|(y, m)| NaiveDate::from_ymd_opt(y, m, 1)) {
        Some(d) => d.format("%B %Y").to_string(),
        None => "No start date".into(),
    }
}

/// Every pair's engagement as of the site's `[impact] as_of` day.
pub fn engagements(site: &Site, as_of: NaiveDate) -> Vec<PairEngagement> {
    site.pairs
        .iter()
        .enumerate()
        .map(|(i, p)| engagement(i, p, &site.checkins, as_of))
        .collect()
}

/// The page's figures for `site` as of `as_of`.
pub fn impact_view(site: &Site, as_of: NaiveDate) -> ImpactView {
    let pairs = &site.pairs;
    let min = site.config.privacy.min_group_size;
    let days = site.config.impact.stalled_after_days;
    let engaged = engagements(site, as_of);
    let all: Vec<usize> = (0..pairs.len()).collect();
    let applications: Vec<&Application> = site.applications.iter().collect();
    let program = group_figures(&all, pairs, &engaged, days, &applications);

    let mut cohort_keys: Vec<Option<(i32, u32)>> =
        pairs.iter().map(|p| cohort_of(p.start)).collect();
    cohort_keys.sort_by_key(|k| (k.is_none(), *k));
    cohort_keys.dedup();
    let cohorts: Vec<GroupFigures> = cohort_keys
        .iter()
        .map(|k| {
            let members: Vec<usize> = all
                .iter()
                .copied()
                .filter(|&i| cohort_of(pairs[i].start) == *k)
                .collect();
            // Applications belong to no cohort.
            group_figures(&members, pairs, &engaged, days, &[])
        })
        .collect();

    let mut track_keys: Vec<Option<&str>> = site.config.track_ids().map(Some).collect();
    track_keys.push(None);
    track_keys.retain(|t| {
        pairs.iter().any(|p| p.track.as_deref() == *t)
            || applications.iter().any(|a| a.track.as_deref() == *t)
    });
    let tracks: Vec<GroupFigures> = track_keys
        .iter()
        .map(|t| {
            let members: Vec<usize> = all
                .iter()
                .copied()
                .filter(|&i| pairs[i].track.as_deref() == *t)
                .collect();
            let applied: Vec<&Application> = applications
                .iter()
                .copied()
                .filter(|a| a.track.as_deref() == *t)
                .collect();
            group_figures(&members, pairs, &engaged, days, &applied)
        })
        .collect();

    let siblings = |groups: &[GroupFigures], spec: &FigureSpec| -> Vec<FigureView> {
        let figures: Vec<Figure> = groups.iter().map(spec.get).collect();
        let sizes: Vec<usize> = figures.iter().map(|f| f.over).collect();
        let hidden = hidden_groups(&sizes, min);
        figures
            .iter()
            .zip(hidden)
            .map(|(f, h)| view(*f, h, spec.unit))
            .collect()
    };
    let rows = specs(days)
        .into_iter()
        .map(|spec| {
            let figure = (spec.get)(&program);
            FigureRow {
                id: spec.id,
                program: view(figure, figure.over > 0 && figure.over < min, spec.unit),
                cohorts: siblings(&cohorts, &spec),
                tracks: siblings(&tracks, &spec),
                label: spec.label,
            }
        })
        .collect();
    ImpactView {
        as_of: as_of.format("%-d %B %Y").to_string(),
        as_of_iso: as_of.format("%Y-%m-%d").to_string(),
        stalled_after_days: days,
        min_group_size: min,
        cohorts: cohort_keys.into_iter().map(cohort_title).collect(),
        tracks: track_keys
            .into_iter()
            .map(|t| match t {
                Some(id) => site.config.track_title(id).unwrap_or(id).to_string(),
                None => "No track".to_string(),
            })
            .collect(),
        rows,
        has_checkins: !site.checkins.is_empty(),
    }
}
