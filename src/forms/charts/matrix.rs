//! The chart of a matrix question: one compact figure for the whole grid,
//! a bar per row in the schema's order, each stacked by answer (lowest
//! first, in the diverging colours of an ordered scale; a checkbox grid in
//! the series colours, as shares of the answers chosen). A hidden row keeps
//! its place and says why it has no bar.

use super::{c, diverging_colours, open, pct, short, Layout, SERIES};
use crate::forms::aggregate::{format_number, Bucket, QuestionResult};
use crate::html::escape;
use std::fmt::Write;

/// The stacked bars of a matrix result.
pub(super) fn stacked(q: &QuestionResult, l: &Layout) -> Option<String> {
    if q.rows.is_empty() {
        return None;
    }
    let checkbox = q.rows.iter().any(|r| !r.options.is_empty());
    let buckets = |r: &QuestionResult| -> Vec<Bucket> {
        if checkbox {
            // Shares of the answers chosen in the row, so the bar adds up to 100.
            let total: usize = r.options.iter().map(|b| b.count).sum();
            r.options
                .iter()
                .map(|b| Bucket {
                    share: if total == 0 {
                        0.0
                    } else {
                        (b.count as f64 * 1000.0 / total as f64).round() / 10.0
                    },
                    ..b.clone()
                })
                .collect()
        } else {
            r.distribution.clone()
        }
    };
    let answers: Vec<String> = q
        .rows
        .iter()
        .find(|r| !r.suppressed)
        .map(|r| buckets(r).into_iter().map(|b| b.label).collect())
        .unwrap_or_default();
    let colours: Vec<&str> = if checkbox {
        (0..answers.len())
            .map(|i| SERIES[i % SERIES.len()])
            .collect()
    } else {
        diverging_colours(answers.len())
    };
    // On a phone each row's statement sits above its bar, as in `bars`.
    let (left, plot, row, top) = if l.phone {
        (6.0, l.width - 12.0, 46.0, 10.0)
    } else {
        (200.0, 400.0, 28.0, 10.0)
    };
    let legend_columns = if l.phone { 2 } else { 3 };
    let legend_width = if l.phone {
        (l.width - 12.0) / 2.0
    } else {
        140.0
    };
    let line = l.font + 8.0;
    let legend_rows = answers.len().div_ceil(legend_columns);
    let bottom = top + row * q.rows.len() as f64;
    let height = bottom + 2.0 * line + 8.0 + line * legend_rows as f64;
    let desc = q
        .rows
        .iter()
        .map(|r| {
            if r.suppressed {
                format!("{}: {}", r.label, r.message.as_deref().unwrap_or(""))
            } else {
                let parts: Vec<String> = buckets(r)
                    .iter()
                    .map(|b| format!("{} {} ({})", b.label, pct(b.share), b.count))
                    .collect();
                format!(
                    "{}: {} (n = {})",
                    r.label,
                    parts.join(", "),
                    r.n.unwrap_or(0)
                )
            }
        })
        .collect::<Vec<_>>()
        .join(". ");
    let mut svg = open(l, "matrix", &q.id, height, &q.label, &desc);
    svg.push_str("<g class=\"ms-axis\">");
    for tick in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            c(l.centred_inside(left + plot * tick / 100.0, &format_number(tick))),
            c(bottom + line),
            format_number(tick)
        );
    }
    let axis = if checkbox {
        "Share of the answers chosen (%)"
    } else {
        "Share of respondents (%)"
    };
    let _ = write!(
        svg,
        "<text class=\"ms-axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{axis}</text></g>",
        c(left + plot / 2.0),
        c(bottom + 2.0 * line),
    );
    for (i, r) in q.rows.iter().enumerate() {
        let y = top + row * i as f64;
        // The bar's band: the lower part of the row on a phone, under its
        // statement.
        let (bar_top, bar_height) = if l.phone {
            (y + l.font + 6.0, row - l.font - 12.0)
        } else {
            (y + 4.0, row - 8.0)
        };
        if l.phone {
            let _ = write!(
                svg,
                "<g class=\"ms-row\"><text class=\"ms-label\" x=\"{}\" y=\"{}\">{}</text>",
                c(left),
                c(y + l.font),
                escape(&short(&r.label, l.fits(plot)))
            );
        } else {
            let _ = write!(
                svg,
                "<g class=\"ms-row\"><text class=\"ms-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
                c(left - 8.0),
                c(y + row / 2.0 + 4.0),
                escape(&short(&r.label, l.fits(left - 12.0)))
            );
        }
        if r.suppressed {
            let _ = write!(
                svg,
                "<text class=\"ms-value\" x=\"{}\" y=\"{}\">{}</text>",
                c(left),
                c(bar_top + bar_height / 2.0 + 4.0),
                escape(r.message.as_deref().unwrap_or(""))
            );
        } else {
            let mut x = left;
            for (b, colour) in buckets(r).iter().zip(&colours) {
                let w = plot * b.share.clamp(0.0, 100.0) / 100.0;
                let _ = write!(
                    svg,
                    "<rect class=\"ms-bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{colour}\"><title>{}: {} {} ({})</title></rect>",
                    c(x),
                    c(bar_top),
                    c(w),
                    c(bar_height),
                    escape(&r.label),
                    escape(&b.label),
                    pct(b.share),
                    b.count
                );
                x += w;
            }
        }
        svg.push_str("</g>");
    }
    svg.push_str("<g class=\"ms-legend\">");
    for (i, (answer, colour)) in answers.iter().zip(&colours).enumerate() {
        let (lx, ly) = (
            left + legend_width * (i % legend_columns) as f64,
            bottom + 2.0 * line + 8.0 + line * (i / legend_columns + 1) as f64 - 4.0,
        );
        let _ = write!(
            svg,
            "<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{colour}\"/><text x=\"{}\" y=\"{}\">{}</text>",
            c(lx),
            c(ly - 10.0),
            c(lx + 16.0),
            c(ly),
            escape(&short(answer, if l.phone { l.fits(legend_width - 20.0) } else { 18 }))
        );
    }
    svg.push_str("</g></svg>");
    Some(svg)
}
