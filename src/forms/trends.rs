//! Trends across rounds: each question's headline figure per round (the
//! mean, the NPS or the share of each option), with the change from the
//! round before and the axis a chart of it needs. Built only from published
//! [`FormResults`], so a suppressed figure stays a gap here too.

use super::aggregate::{round_to, FormResults, QuestionResult};
use super::round::Round;
use super::schema::{FormSchema, QuestionKind};
use serde::Serialize;

/// What trends need to know about a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoundSummary {
    pub id: String,
    pub title: String,
    pub opens: Option<String>,
}

impl From<&Round> for RoundSummary {
    fn from(r: &Round) -> Self {
        RoundSummary {
            id: r.id.clone(),
            title: r.title.clone(),
            opens: r.opens.clone(),
        }
    }
}

/// One figure of one round; `value: None` is a gap (suppressed or not asked).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPoint {
    pub round: String,
    pub value: Option<f64>,
    /// Change from the previous round, when both are shown.
    pub change: Option<f64>,
    pub suppressed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendSeries {
    /// "Mean", "NPS", or the option's label.
    pub name: String,
    pub points: Vec<TrendPoint>,
}

/// One question across rounds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionTrend {
    pub id: String,
    pub label: String,
    pub kind: QuestionKind,
    /// "mean", "nps" or "share".
    pub metric: String,
    /// "%" for shares, "" otherwise.
    pub unit: String,
    /// The axis range the figure lives in.
    pub y_min: f64,
    pub y_max: f64,
    pub rounds: Vec<RoundSummary>,
    pub series: Vec<TrendSeries>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormTrends {
    pub form_id: String,
    pub title: String,
    pub rounds: Vec<RoundSummary>,
    pub questions: Vec<QuestionTrend>,
}

pub(crate) fn series(name: &str, values: Vec<(String, Option<f64>, bool)>) -> TrendSeries {
    let mut previous: Option<f64> = None;
    let points = values
        .into_iter()
        .map(|(round, value, suppressed)| {
            let change = match (previous, value) {
                (Some(p), Some(v)) => Some(round_to(v - p, 2)),
                _ => None,
            };
            previous = value;
            TrendPoint {
                round,
                value,
                change,
                suppressed,
            }
        })
        .collect();
    TrendSeries {
        name: name.to_string(),
        points,
    }
}

/// Each question's headline figure per round, in the order given (sort the
/// rounds with [`super::round::sort_rounds`] first): the mean of scale,
/// likert and number questions, the NPS, the share of each option.
pub fn trends(schema: &FormSchema, rounds: &[(RoundSummary, &FormResults)]) -> FormTrends {
    let summaries: Vec<RoundSummary> = rounds.iter().map(|(r, _)| r.clone()).collect();
    let mut questions = Vec::new();
    for q in schema.questions.iter().filter(|q| !q.is_private()) {
        let shown: Vec<(String, Option<&QuestionResult>, bool)> = rounds
            .iter()
            .map(|(r, res)| {
                let qr = res.questions.iter().find(|x| x.id == q.id);
                let suppressed = res.suppressed || qr.is_some_and(|x| x.suppressed);
                (r.id.clone(), qr.filter(|x| !x.suppressed), suppressed)
            })
            .collect();
        let pick =
            |f: &dyn Fn(&QuestionResult) -> Option<f64>| -> Vec<(String, Option<f64>, bool)> {
                shown
                    .iter()
                    .map(|(id, qr, s)| (id.clone(), qr.and_then(f), *s))
                    .collect()
            };
        let (metric, unit, y_min, y_max, all) = match q.kind {
            QuestionKind::Scale | QuestionKind::Likert => {
                let (lo, hi) = q.range().unwrap_or((1, 5));
                (
                    "mean",
                    "",
                    lo as f64,
                    hi as f64,
                    vec![series("Mean", pick(&|r| r.mean))],
                )
            }
            QuestionKind::Nps => (
                "nps",
                "",
                -100.0,
                100.0,
                vec![series("NPS", pick(&|r| r.nps.as_ref().map(|n| n.score)))],
            ),
            QuestionKind::Number => {
                let values = pick(&|r| r.mean);
                let top = values.iter().filter_map(|v| v.1).fold(0.0, f64::max);
                let lo = values.iter().filter_map(|v| v.1).fold(0.0, f64::min);
                (
                    "mean",
                    "",
                    lo,
                    nice_ceiling(top),
                    vec![series("Mean", values)],
                )
            }
            QuestionKind::Choice | QuestionKind::Multi => {
                let mut labels: Vec<String> = q.options.clone();
                if q.other {
                    labels.push("Other".into());
                }
                let all = labels
                    .iter()
                    .map(|label| {
                        series(
                            label,
                            pick(&|r| {
                                r.options
                                    .iter()
                                    .find(|b| &b.label == label)
                                    .map(|b| b.share)
                            }),
                        )
                    })
                    .collect();
                ("share", "%", 0.0, 100.0, all)
            }
            // One line per row of a rated grid: each row's mean.
            QuestionKind::Matrix if !q.multiple => {
                let (lo, hi) = q.range().unwrap_or((1, 5));
                let all = (0..q.rows.len())
                    .map(|ri| {
                        let id = super::matrix::row_id(q, ri);
                        let values = shown
                            .iter()
                            .map(|(round, qr, suppressed)| {
                                let row = qr.and_then(|x| x.rows.iter().find(|r| r.id == id));
                                let hidden = *suppressed || row.is_some_and(|r| r.suppressed);
                                (round.clone(), row.and_then(|r| r.mean), hidden)
                            })
                            .collect();
                        series(&q.rows[ri].label, values)
                    })
                    .collect();
                ("mean", "", lo as f64, hi as f64, all)
            }
            _ => continue,
        };
        questions.push(QuestionTrend {
            id: q.id.clone(),
            label: q.label.clone(),
            kind: q.kind,
            metric: metric.into(),
            unit: unit.into(),
            y_min,
            y_max,
            rounds: summaries.clone(),
            series: all,
        });
    }
    FormTrends {
        form_id: schema.id.clone(),
        title: schema.title.clone(),
        rounds: summaries,
        questions,
    }
}

/// A round axis maximum: 1, 2, 5 or 10 times a power of ten.
fn nice_ceiling(v: f64) -> f64 {
    if v <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|c| *c >= v)
        .unwrap_or(10.0 * magnitude)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_maxima_are_round_numbers() {
        assert_eq!(nice_ceiling(7.3), 10.0);
        assert_eq!(nice_ceiling(13.0), 20.0);
    }
}
