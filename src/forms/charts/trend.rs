//! The trend chart: a line per series across rounds, drawn from the
//! published figures of each round only.

use super::{both, c, open, series_style, short, Layout};
use crate::forms::aggregate::format_number;
use crate::forms::figures;
use crate::forms::trends::QuestionTrend;
use crate::html::escape;
use std::fmt::Write;

/// A line per series across rounds, in both layouts.
pub fn trend_chart(t: &QuestionTrend) -> Option<String> {
    both(|l| trend_svg(t, l))
}

/// A line per series across rounds; suppressed rounds break the line. On a
/// phone every other round's name drops to a second line, so names keep
/// their room.
pub fn trend_svg(t: &QuestionTrend, l: &Layout) -> Option<String> {
    if t.rounds.is_empty()
        || t.series
            .iter()
            .all(|s| s.points.iter().all(|p| p.value.is_none()))
    {
        return None;
    }
    let (left, right, top, plot_h) = if l.phone {
        (48.0, 12.0, 16.0, 170.0)
    } else {
        (56.0, 20.0, 16.0, 170.0)
    };
    let plot_w = l.width - left - right;
    let legend_columns = if l.phone { 1 } else { 3 };
    let legend_rows = if t.series.len() > 1 {
        t.series.len().div_ceil(legend_columns)
    } else {
        0
    };
    let line = l.font + 8.0;
    let n = t.rounds.len();
    let staggered = l.phone && n > 2;
    let names_h = if staggered { 2.0 * line } else { line };
    let axis_y = top + plot_h + names_h + l.font + 6.0;
    let height = axis_y + 14.0 + line * legend_rows as f64;
    let span = (t.y_max - t.y_min).max(f64::EPSILON);
    let y_of = |v: f64| top + plot_h - plot_h * (v.clamp(t.y_min, t.y_max) - t.y_min) / span;
    let inset = if l.phone { 30.0 } else { 50.0 };
    let x_of = |i: usize| {
        if n == 1 {
            left + plot_w / 2.0
        } else {
            left + inset + (plot_w - 2.0 * inset) * i as f64 / (n - 1) as f64
        }
    };
    // Room for a round's name: the distance to its neighbour on its line.
    let name_room = if n <= 1 {
        plot_w
    } else {
        (plot_w - 2.0 * inset) / (n - 1) as f64 * if staggered { 2.0 } else { 1.0 }
    };
    let unit = t.unit.as_str();
    let desc = t
        .series
        .iter()
        .map(|s| {
            let values = s
                .points
                .iter()
                .zip(&t.rounds)
                .map(|(p, r)| match p.value {
                    Some(v) => format!("{} {}", r.title, figures::by_metric(&t.metric, v)),
                    None if p.suppressed => format!("{} not shown (too few responses)", r.title),
                    None => format!("{} no data", r.title),
                })
                .collect::<Vec<_>>()
                .join(", ");
            format!("{}: {values}", s.name)
        })
        .collect::<Vec<_>>()
        .join(". ");
    let mut svg = open(l, "trend", &t.id, height, &t.label, &desc);
    svg.push_str("<g class=\"ms-grid\" stroke=\"currentColor\" stroke-opacity=\"0.25\">");
    let ticks: Vec<f64> = (0..=4).map(|i| t.y_min + span * i as f64 / 4.0).collect();
    for v in &ticks {
        let _ = write!(
            svg,
            "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\"/>",
            c(left),
            c(left + plot_w),
            y = c(y_of(*v))
        );
    }
    svg.push_str("</g><g class=\"ms-axis\">");
    for v in &ticks {
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}{unit}</text>",
            c(left - 6.0),
            c(y_of(*v) + 4.0),
            format_number(*v)
        );
    }
    for (i, r) in t.rounds.iter().enumerate() {
        let below = if staggered && i % 2 == 1 { line } else { 0.0 };
        let name = short(&r.title, l.fits(name_room - 8.0).min(18));
        let x = l.centred_inside(x_of(i), &name);
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            c(x),
            c(top + plot_h + l.font + 4.0 + below),
            escape(&name)
        );
    }
    let axis = match t.metric.as_str() {
        "nps" => "Net Promoter Score".to_string(),
        "share" => "Share of respondents (%)".to_string(),
        _ => format!(
            "Mean ({}–{})",
            format_number(t.y_min),
            format_number(t.y_max)
        ),
    };
    let _ = write!(
        svg,
        "<text class=\"ms-axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{} by round</text></g>",
        c(left + plot_w / 2.0),
        c(axis_y),
        escape(&axis)
    );
    for i in 0..n {
        let hidden = t.series.iter().all(|s| {
            s.points
                .get(i)
                .is_some_and(|p| p.value.is_none() && p.suppressed)
        });
        if hidden {
            let _ = write!(
                svg,
                "<text class=\"ms-gap\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill-opacity=\"0.7\">too few responses</text>",
                c(l.centred_inside(x_of(i), "too few responses")),
                c(top + plot_h / 2.0)
            );
        }
    }
    for (si, s) in t.series.iter().enumerate() {
        let (colour, dash) = series_style(si);
        let mut path = String::new();
        let mut pen_down = false;
        for (i, p) in s.points.iter().enumerate() {
            match p.value {
                Some(v) => {
                    let _ = write!(
                        path,
                        "{}{} {}",
                        if pen_down { " L" } else { " M" },
                        c(x_of(i)),
                        c(y_of(v))
                    );
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        let _ = write!(
            svg,
            "<g class=\"ms-series ms-series-{si}\"><path d=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{dash}/>",
            path.trim()
        );
        for (i, p) in s.points.iter().enumerate() {
            if let Some(v) = p.value {
                let round = t.rounds.get(i).map_or("", |r| r.title.as_str());
                let change = p.change.map_or(String::new(), |ch| {
                    let points = if t.metric == "share" { " points" } else { "" };
                    format!(
                        ", {}{points} since the previous round",
                        figures::change(&t.metric, ch)
                    )
                });
                let _ = write!(
                    svg,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{colour}\"><title>{}, {}: {}{}</title></circle>",
                    c(x_of(i)),
                    c(y_of(v)),
                    escape(&s.name),
                    escape(round),
                    figures::by_metric(&t.metric, v),
                    escape(&change)
                );
            }
        }
        svg.push_str("</g>");
    }
    if legend_rows > 0 {
        svg.push_str("<g class=\"ms-legend\">");
        for (si, s) in t.series.iter().enumerate() {
            let (lx, ly) = (
                if l.phone {
                    10.0
                } else {
                    left + 195.0 * (si % 3) as f64
                },
                axis_y + 10.0 + line * (1 + si / legend_columns) as f64,
            );
            let _ = write!(
                svg,
                "<rect class=\"ms-series-{si}\" x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{}\">{}</text>",
                c(lx),
                c(ly - 10.0),
                series_style(si).0,
                c(lx + 16.0),
                c(ly),
                escape(&short(&s.name, 26))
            );
        }
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    Some(svg)
}
