//! Results by group: one form's results split by track, cohort or role,
//! each group beside the whole program, with small groups kept hidden.
//!
//! A breakdown is declared in the form's schema, either on a `choice`
//! question (`breakdown = true`: "Which track are you in?") or as a column
//! of the program's own data joined to each response by a private answer:
//!
//! ```toml
//! [[breakdowns]]
//! id = "track"
//! label = "Track"
//! from = "pairs.track"   # the respondent's track in data/pairs.csv
//! join = "email"         # the form's email question, matched to mentee_email
//! ```
//!
//! The join key is read and dropped here; only group labels (the options,
//! or the track titles of `site.toml`) are published. Privacy is applied in
//! this module and nowhere else: [`suppress`] decides which groups, and which
//! groups' figures for each question, are shown; everything a page, JSON or
//! CSV shows comes from a [`Breakdown`] built here. Free text is never
//! broken down.

pub mod chart;
pub mod groups;
pub mod open_data;
pub mod suppress;
pub mod trends;

#[cfg(test)]
mod tests;

use super::aggregate::{aggregate_form, Bucket, FormResults, QuestionResult, Thresholds};
use super::import::{Answer, Response};
use super::schema::{FormSchema, Question, QuestionKind};
use groups::NOT_STATED;
use serde::Serialize;
use suppress::{suppress, Hidden};

pub use groups::{groupings, Grouping, ProgramData};
pub use open_data::{check_message, to_csv};

/// A group's headline row on a breakdown page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub label: String,
    pub shown: bool,
    /// Respondents in the group; `None` when hidden.
    pub respondents: Option<usize>,
}

/// One group's figures for one question (or the whole program's).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub group: String,
    pub shown: bool,
    /// People who answered; `None` when hidden.
    pub n: Option<usize>,
    /// The headline figure: the mean, the NPS, or the share choosing the
    /// whole program's most chosen option.
    pub value: Option<f64>,
    pub mean: Option<f64>,
    pub favourable: Option<f64>,
    pub nps: Option<f64>,
    /// Share per option (choice, multi).
    pub options: Vec<Bucket>,
}

/// One question, per group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionBreakdown {
    pub id: String,
    pub label: String,
    pub kind: QuestionKind,
    /// What `value` holds: "mean", "nps" or "share".
    pub metric: String,
    /// The option `value` is the share of, for "share".
    pub option: Option<String>,
    pub y_min: f64,
    pub y_max: f64,
    pub whole: Cell,
    pub groups: Vec<Cell>,
    /// True when at least one group's figures are shown.
    pub shown: bool,
}

/// What `check` tells the coordinator about one hidden group. Never
/// published: why a group is hidden says whether it is small.
#[derive(Debug, Clone, PartialEq)]
pub struct HiddenGroup {
    pub label: String,
    pub reason: Hidden,
}

/// One form in one round, broken down by one grouping.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breakdown {
    pub id: String,
    /// A short name for titles and links: "track".
    pub name: String,
    /// The question or program column the groups come from.
    pub label: String,
    pub form_id: String,
    pub form_title: String,
    /// False when no group can be shown: the page says why, no figures.
    pub published: bool,
    pub message: Option<String>,
    /// The privacy rule, in words, for the page.
    pub rule: String,
    pub min_group_size: usize,
    pub responses: Option<usize>,
    pub groups: Vec<Group>,
    pub questions: Vec<QuestionBreakdown>,
    #[serde(skip)]
    pub hidden: Vec<HiddenGroup>,
    /// Questions for which more groups are hidden than for the form, because
    /// some people skipped them.
    #[serde(skip)]
    pub questions_with_more_hidden: Vec<String>,
    /// The group question's published result, reworked so that its option
    /// counts reveal no hidden group (see [`protect_group_question`]).
    #[serde(skip)]
    pub group_question: Option<QuestionResult>,
}

/// The rule as each breakdown page states it.
pub fn rule_text(k: usize) -> String {
    format!(
        "A group of fewer than {k} people shows no figures, not even how many they are. \
When a group is hidden, the next-smallest groups are hidden too, until the hidden groups \
together hold at least {k} people in more than one group, so that no hidden group can be \
worked out by subtracting the shown groups from the whole program. The same rule applies to \
each question, counting only the people who answered it. Written answers are never shown by group."
    )
}

/// Questions a breakdown shows: published figures that are not free text,
/// and not the group question itself.
fn breaks_down(q: &Question, grouping: &Grouping, qi: usize) -> bool {
    // A group question is never broken down by another: its option counts
    // are group sizes, published only through its own breakdown.
    !q.is_private()
        && !q.breakdown
        && grouping.question != Some(qi)
        && matches!(
            q.kind,
            QuestionKind::Scale
                | QuestionKind::Likert
                | QuestionKind::Nps
                | QuestionKind::Choice
                | QuestionKind::Multi
                | QuestionKind::Number
        )
}

/// Splits `responses` by `grouping` and applies the rule. `whole` is the
/// form's published result over the same responses.
pub fn break_down(
    schema: &FormSchema,
    grouping: &Grouping,
    responses: &[Response],
    whole: &FormResults,
    t: &Thresholds,
) -> Breakdown {
    let k = t.min_group_size;
    let g = grouping.groups.len();
    // Only the questions that are broken down, with their text never
    // published (an Other answer's words stay in the responses).
    let kept: Vec<usize> = (0..schema.questions.len())
        .filter(|&qi| breaks_down(&schema.questions[qi], grouping, qi))
        .collect();
    let sub = FormSchema {
        questions: kept
            .iter()
            .map(|&qi| Question {
                publish: false,
                ..schema.questions[qi].clone()
            })
            .collect(),
        breakdowns: Vec::new(),
        ..schema.clone()
    };
    let mut members: Vec<Vec<Response>> = vec![Vec::new(); g];
    for (r, &group) in responses.iter().zip(&grouping.of) {
        if let Some(m) = members.get_mut(group) {
            m.push(Response {
                line: r.line,
                answers: kept
                    .iter()
                    .map(|&qi| r.answers.get(qi).cloned().unwrap_or(Answer::Missing))
                    .collect(),
            });
        }
    }
    let sizes: Vec<usize> = members.iter().map(Vec::len).collect();
    let group_hidden = suppress(&sizes, &[], k);
    let per_group: Vec<FormResults> = members
        .iter()
        .map(|m| aggregate_form(&sub, m, t, None, ""))
        .collect();
    let published = group_hidden.iter().any(Option::is_none);

    let mut questions = Vec::new();
    let mut questions_with_more_hidden = Vec::new();
    for (si, q) in sub.questions.iter().enumerate() {
        let Some(whole_q) = whole.questions.iter().find(|w| w.id == q.id) else {
            continue;
        };
        let n: Vec<usize> = per_group
            .iter()
            .zip(&members)
            .map(|(r, m)| answered(&r.questions[si], m, si))
            .collect();
        let mut hidden = suppress(&n, &group_hidden, k);
        if whole_q.suppressed || !published {
            hidden
                .iter_mut()
                .for_each(|h| *h = h.or(Some(Hidden::Small)));
        }
        if hidden.iter().filter(|h| h.is_some()).count()
            > group_hidden.iter().filter(|h| h.is_some()).count()
        {
            questions_with_more_hidden.push(q.id.clone());
        }
        let (metric, option, y_min, y_max) = metric_of(q, whole_q);
        let cell = |label: &str, r: Option<&QuestionResult>| match r {
            Some(r) if !r.suppressed => Cell {
                group: label.to_string(),
                shown: true,
                n: r.n,
                value: headline(r, metric, option.as_deref()),
                mean: r.mean,
                favourable: r.favourable,
                nps: r.nps.as_ref().map(|n| n.score),
                options: r.options.clone(),
            },
            _ => hidden_cell(label),
        };
        let groups: Vec<Cell> = grouping
            .groups
            .iter()
            .enumerate()
            .map(|(gi, label)| {
                let shown = hidden[gi].is_none();
                cell(label, shown.then(|| &per_group[gi].questions[si]))
            })
            .collect();
        questions.push(QuestionBreakdown {
            id: q.id.clone(),
            label: q.label.clone(),
            kind: q.kind,
            metric: metric.to_string(),
            option: option.clone(),
            y_min,
            y_max,
            whole: cell("Whole program", Some(whole_q)),
            shown: groups.iter().any(|c| c.shown),
            groups,
        });
    }
    let hidden: Vec<HiddenGroup> = grouping
        .groups
        .iter()
        .zip(&group_hidden)
        .zip(&sizes)
        // A group nobody is in is not worth a line in `check`, except a
        // declared option (the coordinator may expect people there).
        .filter(|((label, _), &size)| size > 0 || label.as_str() != NOT_STATED)
        .filter_map(|((label, h), _)| {
            h.map(|reason| HiddenGroup {
                label: label.clone(),
                reason,
            })
        })
        .collect();
    let mut breakdown = Breakdown {
        id: grouping.id.clone(),
        name: grouping.name.clone(),
        label: grouping.label.clone(),
        form_id: schema.id.clone(),
        form_title: schema.title.clone(),
        published,
        message: (!published).then(|| {
            format!("Not shown by group: no group can be shown without revealing one of fewer than {k} people.")
        }),
        rule: rule_text(k),
        min_group_size: k,
        responses: published.then_some(responses.len()),
        groups: grouping
            .groups
            .iter()
            .zip(&group_hidden)
            .zip(&sizes)
            .map(|((label, h), &size)| Group {
                label: label.clone(),
                shown: h.is_none(),
                respondents: h.is_none().then_some(size),
            })
            .collect(),
        questions: if published { questions } else { Vec::new() },
        hidden,
        questions_with_more_hidden,
        group_question: None,
    };
    if let Some(qi) = grouping.question {
        let id = &schema.questions[qi].id;
        breakdown.group_question = whole
            .questions
            .iter()
            .find(|w| &w.id == id)
            .map(|w| protect_group_question(w, &breakdown, &sizes));
    }
    breakdown
}

/// People in `members` who answered sub-question `si`, whether or not the
/// figures are published.
fn answered(result: &QuestionResult, members: &[Response], si: usize) -> usize {
    result.n.unwrap_or_else(|| {
        members
            .iter()
            .filter(|r| r.answers.get(si).is_some_and(|a| *a != Answer::Missing))
            .count()
    })
}

fn hidden_cell(label: &str) -> Cell {
    Cell {
        group: label.to_string(),
        shown: false,
        n: None,
        value: None,
        mean: None,
        favourable: None,
        nps: None,
        options: Vec::new(),
    }
}

/// The headline metric of a question and the axis it lives on.
fn metric_of(q: &Question, whole: &QuestionResult) -> (&'static str, Option<String>, f64, f64) {
    match q.kind {
        QuestionKind::Nps => ("nps", None, -100.0, 100.0),
        QuestionKind::Scale | QuestionKind::Likert => {
            let (lo, hi) = q.range().unwrap_or((1, 5));
            ("mean", None, lo as f64, hi as f64)
        }
        QuestionKind::Number => (
            "mean",
            None,
            q.min.unwrap_or(0.0).min(0.0),
            q.max.unwrap_or(100.0),
        ),
        _ => {
            let top = whole
                .options
                .iter()
                .max_by(|a, b| a.count.cmp(&b.count).then(b.label.cmp(&a.label)))
                .map(|b| b.label.clone())
                .or_else(|| q.options.first().cloned());
            ("share", top, 0.0, 100.0)
        }
    }
}

fn headline(r: &QuestionResult, metric: &str, option: Option<&str>) -> Option<f64> {
    match metric {
        "nps" => r.nps.as_ref().map(|n| n.score),
        "mean" => r.mean,
        _ => r
            .options
            .iter()
            .find(|b| Some(b.label.as_str()) == option)
            .map(|b| b.share),
    }
}

/// The group question's own result on the form's page, reworked: its option
/// counts are the group sizes, so a hidden group's bucket is folded into one
/// "not shown" bucket, and the people who gave no answer count as a group,
/// so that neither the counts nor `n` reveal a hidden group.
pub fn protect_group_question(
    whole: &QuestionResult,
    breakdown: &Breakdown,
    sizes: &[usize],
) -> QuestionResult {
    if whole.suppressed {
        return whole.clone();
    }
    let total: usize = sizes.iter().sum();
    let share = |c: usize| {
        if total == 0 {
            0.0
        } else {
            (c as f64 * 1000.0 / total as f64).round() / 10.0
        }
    };
    let mut options: Vec<Bucket> = Vec::new();
    let mut hidden_total = 0;
    for (group, &size) in breakdown.groups.iter().zip(sizes) {
        if group.shown {
            options.push(Bucket {
                value: None,
                label: group.label.clone(),
                count: size,
                share: share(size),
            });
        } else {
            hidden_total += size;
        }
    }
    if !breakdown.published {
        return QuestionResult {
            suppressed: true,
            message: Some(format!(
                "not shown: its groups are too small to show apart (fewer than {})",
                breakdown.min_group_size
            )),
            n: None,
            missing: None,
            options: Vec::new(),
            comments: Vec::new(),
            comments_note: None,
            ..whole.clone()
        };
    }
    if hidden_total > 0 {
        options.push(Bucket {
            value: None,
            label: "Other groups, not shown separately".into(),
            count: hidden_total,
            share: share(hidden_total),
        });
    }
    QuestionResult {
        n: Some(total),
        missing: None,
        options,
        ..whole.clone()
    }
}
