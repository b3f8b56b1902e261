//! The chart of one question by group: one horizontal bar per shown group,
//! the whole program first, on the question's own axis (the scale's range,
//! −100..100 for NPS, 0..100 % for a share).
//!
//! Drawn like the other charts (see `forms::charts`): inline SVG with a
//! `<title>` and a `<desc>` holding every figure as text, text in
//! `currentColor`, one colour-blind-safe colour for groups and another for
//! the whole program. Hidden groups get a row that says so and no bar, so
//! the chart holds exactly the figures of the table beside it.

use super::super::aggregate::format_number;
use super::{Cell, QuestionBreakdown};
use crate::html::escape;
use std::fmt::Write;

const WIDTH: f64 = 640.0;
const GROUP: &str = "#0072B2";
const WHOLE: &str = "#E69F00";

fn c(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    let s = format!("{r:.1}");
    s.strip_suffix(".0").unwrap_or(&s).to_string()
}

fn value_text(q: &QuestionBreakdown, v: f64) -> String {
    match q.metric.as_str() {
        "share" => format!("{}%", format_number(v)),
        "nps" => format!("{:+}", v.round() as i64),
        _ => format_number(v),
    }
}

/// The chart, or `None` when no group is shown.
pub fn group_chart(q: &QuestionBreakdown) -> Option<String> {
    if !q.shown {
        return None;
    }
    let rows: Vec<&Cell> = std::iter::once(&q.whole).chain(&q.groups).collect();
    let (left, plot, row, top) = (200.0, 340.0, 26.0, 10.0);
    let bottom = top + row * rows.len() as f64;
    let height = bottom + 44.0;
    let span = (q.y_max - q.y_min).max(f64::EPSILON);
    let x_of = |v: f64| left + plot * ((v.clamp(q.y_min, q.y_max) - q.y_min) / span);
    let axis = match q.metric.as_str() {
        "share" => format!("Share choosing {} (%)", q.option.as_deref().unwrap_or("")),
        "nps" => "Net Promoter Score".to_string(),
        _ => format!(
            "Mean ({} to {})",
            format_number(q.y_min),
            format_number(q.y_max)
        ),
    };
    let desc = rows
        .iter()
        .map(|cell| match (cell.shown, cell.value) {
            (true, Some(v)) => format!(
                "{}: {} (n = {})",
                cell.group,
                value_text(q, v),
                cell.n.unwrap_or(0)
            ),
            _ => format!("{}: not shown", cell.group),
        })
        .collect::<Vec<_>>()
        .join("; ");
    let base = format!("ms-groups-{}", q.id);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ms-chart ms-chart-groups\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"{base}-title {base}-desc\" font-size=\"12\" fill=\"currentColor\">\
<title id=\"{base}-title\">{title}</title><desc id=\"{base}-desc\">{desc}</desc>",
        w = c(WIDTH),
        h = c(height),
        title = escape(&format!("{}, by group", q.label)),
        desc = escape(&desc),
    );
    let ticks: Vec<f64> = (0..=4).map(|i| q.y_min + span * i as f64 / 4.0).collect();
    svg.push_str("<g class=\"ms-grid\" stroke=\"currentColor\" stroke-opacity=\"0.25\">");
    for &t in &ticks {
        let _ = write!(
            svg,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/>",
            c(top),
            c(bottom),
            x = c(x_of(t))
        );
    }
    svg.push_str("</g><g class=\"ms-axis\">");
    for &t in &ticks {
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            c(x_of(t)),
            c(bottom + 16.0),
            format_number(t)
        );
    }
    let _ = write!(
        svg,
        "<text class=\"ms-axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></g>",
        c(left + plot / 2.0),
        c(bottom + 36.0),
        escape(&axis)
    );
    // Bars start at the axis origin: 0 when the axis spans it, else its minimum.
    let origin = x_of(if q.y_min <= 0.0 && q.y_max >= 0.0 {
        0.0
    } else {
        q.y_min
    });
    for (i, cell) in rows.iter().enumerate() {
        let y = top + row * i as f64;
        let ty = c(y + row / 2.0 + 4.0);
        let label = escape(&cell.group);
        let _ = write!(svg, "<g class=\"ms-row\"><text class=\"ms-label\" x=\"{}\" y=\"{ty}\" text-anchor=\"end\">{label}</text>", c(left - 8.0));
        match (cell.shown, cell.value) {
            (true, Some(v)) => {
                let (x0, x1) = if x_of(v) < origin {
                    (x_of(v), origin)
                } else {
                    (origin, x_of(v))
                };
                let (fill, class) = if i == 0 {
                    (WHOLE, "ms-bar ms-whole")
                } else {
                    (GROUP, "ms-bar ms-series-0")
                };
                let text = format!("{} (n = {})", value_text(q, v), cell.n.unwrap_or(0));
                let _ = write!(
                    svg,
                    "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"><title>{label}: {text}</title></rect>\
<text class=\"ms-value\" x=\"{}\" y=\"{ty}\">{text}</text>",
                    c(x0),
                    c(y + 4.0),
                    c((x1 - x0).max(1.0)),
                    c(row - 8.0),
                    c(x1.max(origin) + 6.0),
                );
            }
            _ => {
                let _ = write!(svg, "<text class=\"ms-hidden\" x=\"{}\" y=\"{ty}\" font-style=\"italic\">not shown</text>", c(left + 6.0));
            }
        }
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    Some(svg)
}
