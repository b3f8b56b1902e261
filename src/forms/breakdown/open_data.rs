//! What leaves a breakdown besides its page: the open-data CSV, and the
//! coordinator's note from `check` on which groups will be hidden and why.

use super::super::aggregate::format_number;
use super::suppress::Hidden;
use super::Breakdown;

/// The open-data CSV of a breakdown, long format:
/// `question_id,question,group,metric,option,value`.
pub fn to_csv(b: &Breakdown) -> String {
    let mut rows: Vec<[String; 6]> = Vec::new();
    let mut row =
        |id: &str, label: &str, group: &str, metric: &str, option: &str, value: String| {
            rows.push([
                id.into(),
                label.into(),
                group.into(),
                metric.into(),
                option.into(),
                value,
            ]);
        };
    if !b.published {
        row(
            "",
            "",
            "",
            "suppressed",
            "",
            b.message.clone().unwrap_or_default(),
        );
    }
    for g in &b.groups {
        match g.respondents {
            Some(n) => row("", "", &g.label, "respondents", "", n.to_string()),
            None => row("", "", &g.label, "suppressed", "", "not shown".into()),
        }
    }
    for q in &b.questions {
        for c in std::iter::once(&q.whole).chain(&q.groups) {
            if !c.shown {
                row(&q.id, &q.label, &c.group, "suppressed", "", String::new());
                continue;
            }
            let mut opt = |metric: &str, v: Option<f64>| {
                if let Some(v) = v {
                    row(&q.id, &q.label, &c.group, metric, "", format_number(v));
                }
            };
            opt("n", c.n.map(|n| n as f64));
            opt("mean", c.mean);
            opt("favourable_percent", c.favourable);
            opt("nps", c.nps);
            for o in &c.options {
                row(
                    &q.id,
                    &q.label,
                    &c.group,
                    "percent",
                    &o.label,
                    format_number(o.share),
                );
            }
        }
    }
    let header = [
        "question_id",
        "question",
        "group",
        "metric",
        "option",
        "value",
    ];
    String::from_utf8(crate::table::write::table(header, rows)).unwrap_or_default()
}

/// What `check` says about one breakdown in one round: which groups will be
/// hidden and why. `None` when every group is shown.
pub fn check_message(b: &Breakdown, round: &str) -> Option<String> {
    if b.hidden.is_empty() && b.questions_with_more_hidden.is_empty() {
        return None;
    }
    let k = b.min_group_size;
    let small: Vec<&str> = b
        .hidden
        .iter()
        .filter(|h| h.reason == Hidden::Small)
        .map(|h| h.label.as_str())
        .collect();
    let cover: Vec<&str> = b
        .hidden
        .iter()
        .filter(|h| h.reason == Hidden::Complement)
        .map(|h| h.label.as_str())
        .collect();
    let mut parts = Vec::new();
    if !small.is_empty() {
        parts.push(format!(
            "hidden, fewer than {k} respondents: {}",
            small.join(", ")
        ));
    }
    if !cover.is_empty() {
        parts.push(format!(
            "hidden so the smaller groups cannot be worked out by subtraction: {}",
            cover.join(", ")
        ));
    }
    if !b.published {
        parts.push("no group can be shown, so the breakdown is not published".into());
    }
    if b.published && !b.questions_with_more_hidden.is_empty() {
        parts.push(format!(
            "more groups hidden for {}, because some people skipped it",
            b.questions_with_more_hidden.join(", ")
        ));
    }
    Some(format!(
        "round `{round}`, breakdown by `{}`: {}",
        b.id,
        parts.join("; ")
    ))
}
