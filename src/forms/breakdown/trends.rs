//! Results by group across rounds: each group's headline figure per round,
//! beside the whole program's.
//!
//! Trends only carry figures a round's breakdown already shows, so the rule
//! of [`super::suppress`] holds on the trends page round by round: a group
//! hidden in one round is a gap in its line, never a number worked out from
//! the rounds around it. Only rounds whose groups are the same as the latest
//! round's are compared.

use super::super::trends::{series, QuestionTrend, RoundSummary};
use super::Breakdown;
use serde::Serialize;

/// One breakdown of one form across rounds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupTrends {
    pub id: String,
    pub name: String,
    pub label: String,
    pub form_id: String,
    pub form_title: String,
    pub rule: String,
    pub rounds: Vec<RoundSummary>,
    /// One trend per question; its series are the whole program, then
    /// each group.
    pub questions: Vec<QuestionTrend>,
}

/// The trends of the breakdowns given, oldest round first; `None` when no
/// round publishes this breakdown.
pub fn group_trends(rounds: &[(RoundSummary, &Breakdown)]) -> Option<GroupTrends> {
    let (_, latest) = rounds.last()?;
    let labels: Vec<&str> = latest.groups.iter().map(|g| g.label.as_str()).collect();
    let same: Vec<&(RoundSummary, &Breakdown)> = rounds
        .iter()
        .filter(|(_, b)| {
            b.groups
                .iter()
                .map(|g| g.label.as_str())
                .eq(labels.iter().copied())
        })
        .collect();
    if !same.iter().any(|(_, b)| b.published) {
        return None;
    }
    let summaries: Vec<RoundSummary> = same.iter().map(|(r, _)| r.clone()).collect();
    // Questions in the order of the latest round that shows any.
    let mut questions = Vec::new();
    for q in &latest.questions {
        let cell_of = |b: &Breakdown, group: Option<&str>| {
            b.questions
                .iter()
                .find(|x| x.id == q.id)
                .and_then(|x| match group {
                    None => Some(x.whole.clone()),
                    Some(label) => x.groups.iter().find(|c| c.group == label).cloned(),
                })
        };
        let line = |name: &str, group: Option<&str>| {
            series(
                name,
                same.iter()
                    .map(|(r, b)| {
                        let cell = cell_of(b, group);
                        let value =
                            cell.as_ref()
                                .filter(|c| c.shown)
                                .and_then(|c| match &q.option {
                                    // The same option in every round: the latest's.
                                    Some(option) => c
                                        .options
                                        .iter()
                                        .find(|o| &o.label == option)
                                        .map(|o| o.share),
                                    None => c.value,
                                });
                        (r.id.clone(), value, cell.is_none_or(|c| !c.shown))
                    })
                    .collect(),
            )
        };
        let mut all = vec![line("Whole program", None)];
        all.extend(labels.iter().map(|label| line(label, Some(label))));
        // A group never shown in any round is left out of the chart.
        all.retain(|s| s.points.iter().any(|p| p.value.is_some()));
        let (metric, unit) = match q.metric.as_str() {
            "share" => ("share", "%"),
            other => (other, ""),
        };
        let label = match &q.option {
            Some(option) => format!("{} (share choosing {option})", q.label),
            None => q.label.clone(),
        };
        questions.push(QuestionTrend {
            id: q.id.clone(),
            label,
            kind: q.kind,
            metric: metric.into(),
            unit: unit.into(),
            y_min: q.y_min,
            y_max: q.y_max,
            rounds: summaries.clone(),
            series: all,
        });
    }
    Some(GroupTrends {
        id: latest.id.clone(),
        name: latest.name.clone(),
        label: latest.label.clone(),
        form_id: latest.form_id.clone(),
        form_title: latest.form_title.clone(),
        rule: latest.rule.clone(),
        rounds: summaries,
        questions,
    })
}
