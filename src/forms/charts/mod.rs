//! Charts as inline SVG strings, drawn at build time from published results.
//!
//! No JavaScript and no external resources, so the results pages work from
//! any static host and offline. Every chart has `role="img"`, a `<title>`
//! and a `<desc>` with the figures as text (for screen readers and for
//! anyone who cannot tell the colours apart), text and axes in
//! `currentColor` so they follow light and dark mode, and series colours
//! from colour-blind-safe palettes (Okabe–Ito, ColorBrewer RdBu) set as
//! attributes that a theme may override through the `ms-*` class names.
//! Charts only read [`QuestionResult`] and [`QuestionTrend`], which hold
//! published figures only; every label is XML-escaped.
//!
//! Each chart is drawn twice: a wide layout (640 units, 12-unit text) and a
//! phone layout (320 units, 14-unit text, labels above their bars, one
//! legend column), and the theme's stylesheet shows one of them by the
//! width of the screen (`.ms-wide`, `.ms-phone`). An SVG scales its text with
//! it, so one drawing cannot stay legible from a phone to a desktop: the
//! phone layout is never shown below its own size on a 375 px screen, nor
//! the wide one on a narrower screen than its own width.
//!
//! `matrix` draws the stacked bars of a grid question and `trend` the lines
//! across rounds; both share the layouts, palettes and helpers here.

mod matrix;
#[cfg(test)]
mod tests;
mod trend;

pub use trend::trend_chart;

use super::aggregate::{format_number, Bucket, QuestionResult};
use super::figures;
use super::schema::QuestionKind;
use crate::html::escape;
use std::fmt::Write;

/// The size a chart is drawn for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layout {
    pub width: f64,
    /// Text size in the chart's units.
    pub font: f64,
    /// Labels above bars, one legend column, shorter axis titles.
    pub phone: bool,
}

/// For screens of 42rem (672 px) and wider.
pub const WIDE: Layout = Layout {
    width: 640.0,
    font: 12.0,
    phone: false,
};
/// For narrower screens.
pub const PHONE: Layout = Layout {
    width: 320.0,
    font: 14.0,
    phone: true,
};

impl Layout {
    fn class(&self) -> &'static str {
        if self.phone {
            "ms-phone"
        } else {
            "ms-wide"
        }
    }
    /// Where to centre `text` near `x` so that it stays inside the chart:
    /// a name under the last round may not spill.
    fn centred_inside(&self, x: f64, text: &str) -> f64 {
        let half = text.chars().count() as f64 * self.font * 0.34;
        x.clamp(
            half.min(self.width / 2.0),
            (self.width - half).max(self.width / 2.0),
        )
    }

    /// Characters of text that fit in `width` units.
    fn fits(&self, width: f64) -> usize {
        (width / (self.font * 0.65)).max(4.0) as usize
    }
}

/// Both layouts of a chart, one after the other.
fn both(draw: impl Fn(&Layout) -> Option<String>) -> Option<String> {
    Some(format!("{}{}", draw(&WIDE)?, draw(&PHONE)?))
}

/// Okabe–Ito, without black and yellow (too little contrast on one of the
/// two backgrounds).
const SERIES: [&str; 6] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
];
const NEGATIVE: [&str; 4] = ["#67001f", "#b2182b", "#d6604d", "#f4a582"];
const POSITIVE: [&str; 4] = ["#92c5de", "#4393c3", "#2166ac", "#053061"];
const NEUTRAL: &str = "#bababa";

/// Colour and dash of series `i`: the palette first, then the text colour
/// with a dash, so many options stay apart without more hues.
fn series_style(i: usize) -> (&'static str, &'static str) {
    match SERIES.get(i) {
        Some(colour) => (colour, ""),
        None => ("currentColor", " stroke-dasharray=\"6 4\""),
    }
}

/// A coordinate with at most one decimal.
fn c(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    let s = format!("{r:.1}");
    s.strip_suffix(".0").unwrap_or(&s).to_string()
}

fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

fn pct(v: f64) -> String {
    figures::percent(v)
}

/// Opens the SVG with its accessible name and description.
fn open(l: &Layout, kind: &str, id: &str, height: f64, title: &str, desc: &str) -> String {
    let base = if l.phone {
        format!("ms-{kind}-{id}-phone")
    } else {
        format!("ms-{kind}-{id}")
    };
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ms-chart ms-chart-{kind} {class}\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"{base}-title {base}-desc\" font-size=\"{font}\" fill=\"currentColor\">\
<title id=\"{base}-title\">{title}</title><desc id=\"{base}-desc\">{desc}</desc>",
        class = l.class(),
        font = c(l.font),
        w = c(l.width),
        h = c(height),
        title = escape(title),
        desc = escape(desc),
    )
}

/// The chart a question gets, if any, in both layouts.
pub fn question_chart(q: &QuestionResult) -> Option<String> {
    both(|l| question_svg(q, l))
}

/// The chart of a question in one layout.
pub fn question_svg(q: &QuestionResult, l: &Layout) -> Option<String> {
    if q.suppressed || q.n.is_none() {
        return None;
    }
    match q.kind {
        QuestionKind::Likert => Some(diverging(q, l)),
        QuestionKind::Nps => Some(nps_bar(q, l)),
        QuestionKind::Scale => Some(bars(q, &q.distribution, "Share of respondents (%)", l)),
        QuestionKind::Choice => Some(bars(q, &q.options, "Share of respondents (%)", l)),
        QuestionKind::Multi => Some(bars(
            q,
            &q.options,
            if l.phone {
                "% of respondents, several answers possible"
            } else {
                "Share of respondents (%), several answers possible"
            },
            l,
        )),
        QuestionKind::Matrix => matrix::stacked(q, l),
        _ => None,
    }
}

fn n_text(q: &QuestionResult) -> String {
    q.n.map(|n| format!(" (n = {n})")).unwrap_or_default()
}

fn describe(buckets: &[Bucket]) -> String {
    buckets
        .iter()
        .map(|b| format!("{}: {} ({})", b.label, pct(b.share), b.count))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Horizontal bars, one per bucket, 0–100 %: labels left of the bars, or
/// above them on a phone.
fn bars(q: &QuestionResult, buckets: &[Bucket], axis: &str, l: &Layout) -> String {
    let (left, plot, row) = if l.phone {
        (6.0, l.width - 86.0, 46.0)
    } else {
        (200.0, 340.0, 26.0)
    };
    let top = 10.0;
    let bottom = top + row * buckets.len() as f64;
    let height = bottom + 24.0 + 2.0 * l.font;
    let mut svg = open(
        l,
        "bars",
        &q.id,
        height,
        &q.label,
        &format!("{}{}", describe(buckets), n_text(q)),
    );
    svg.push_str("<g class=\"ms-grid\" stroke=\"currentColor\" stroke-opacity=\"0.25\">");
    let ticks: &[f64] = if l.phone {
        &[0.0, 50.0, 100.0]
    } else {
        &[0.0, 25.0, 50.0, 75.0, 100.0]
    };
    for tick in ticks {
        let x = left + plot * tick / 100.0;
        let _ = write!(
            svg,
            "<line x1=\"{x}\" y1=\"{top}\" x2=\"{x}\" y2=\"{b}\"/>",
            x = c(x),
            top = c(top),
            b = c(bottom)
        );
    }
    svg.push_str("</g><g class=\"ms-axis\">");
    for tick in ticks {
        let x = left + plot * tick / 100.0;
        let anchor = if l.phone && *tick == 0.0 {
            "start"
        } else {
            "middle"
        };
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
            c(x),
            c(bottom + l.font + 4.0),
            format_number(*tick)
        );
    }
    let (axis_x, axis_anchor) = if l.phone {
        (left, "start")
    } else {
        (left + plot / 2.0, "middle")
    };
    let _ = write!(
        svg,
        "<text class=\"ms-axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"{axis_anchor}\">{}</text></g>",
        c(axis_x),
        c(bottom + 2.0 * l.font + 16.0),
        escape(axis)
    );
    for (i, b) in buckets.iter().enumerate() {
        let y = top + row * i as f64;
        let w = plot * b.share.clamp(0.0, 100.0) / 100.0;
        let class = if b.label == "Other" && i + 1 == buckets.len() {
            "ms-bar ms-other"
        } else {
            "ms-bar ms-series-0"
        };
        // Label left of the bar, or above it on a phone.
        let (lx, ly, anchor, label_chars, bar_y, bar_h) = if l.phone {
            (
                left,
                y + l.font,
                "start",
                l.fits(l.width - left),
                y + l.font + 6.0,
                row - l.font - 14.0,
            )
        } else {
            (
                left - 8.0,
                y + row / 2.0 + 4.0,
                "end",
                l.fits(left - 12.0),
                y + 4.0,
                row - 8.0,
            )
        };
        let _ = write!(
            svg,
            "<g class=\"ms-row\"><text class=\"ms-label\" x=\"{lx}\" y=\"{ly}\" text-anchor=\"{anchor}\">{label}</text>\
<rect class=\"{class}\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"{fill}\"><title>{full}: {v} ({n})</title></rect>\
<text class=\"ms-value\" x=\"{vx}\" y=\"{vy}\">{v} ({n})</text></g>",
            lx = c(lx),
            ly = c(ly),
            label = escape(&short(&b.label, label_chars)),
            x = c(left),
            y = c(bar_y),
            w = c(w),
            h = c(bar_h),
            fill = SERIES[0],
            full = escape(&b.label),
            v = pct(b.share),
            n = b.count,
            vx = c(left + w + 6.0),
            vy = c(bar_y + bar_h / 2.0 + l.font / 3.0),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Colours of an ordered scale of `k` answers: reds below the middle, grey
/// in the middle (odd `k`), blues above.
fn diverging_colours(k: usize) -> Vec<&'static str> {
    let side = (k / 2).min(4);
    let mut out: Vec<&str> = NEGATIVE[4 - side..].to_vec();
    while out.len() < k / 2 {
        out.insert(0, NEGATIVE[0]);
    }
    if k % 2 == 1 {
        out.push(NEUTRAL);
    }
    let mut pos: Vec<&str> = POSITIVE[..side].to_vec();
    while pos.len() < k / 2 {
        pos.push(POSITIVE[3]);
    }
    out.extend(pos);
    out
}

/// A diverging stacked bar centred on the neutral answer: disagreement to
/// the left of the centre line, agreement to the right, the neutral answer
/// split across it, with the shares favourable and unfavourable written at
/// the two ends.
fn diverging(q: &QuestionResult, l: &Layout) -> String {
    let buckets = &q.distribution;
    let k = buckets.len();
    let colours = diverging_colours(k);
    let (centre, half) = if l.phone {
        (l.width / 2.0, 130.0)
    } else {
        (l.width / 2.0, 260.0)
    };
    let (bar_y, bar_h) = (l.font + 12.0, 30.0);
    let legend_columns = if l.phone { 1 } else { 2 };
    let legend_rows = k.div_ceil(legend_columns);
    let line = l.font + 8.0;
    let unfavourable: f64 = buckets.iter().take(k / 2).map(|b| b.share).sum();
    let neutral_share = if k % 2 == 1 {
        buckets[k / 2].share
    } else {
        0.0
    };
    let negative = unfavourable + neutral_share / 2.0;
    let favourable = q
        .favourable
        .unwrap_or_else(|| buckets.iter().skip(k.div_ceil(2)).map(|b| b.share).sum());
    let axis_y = bar_y + bar_h + 6.0;
    let legend_y = axis_y + 2.0 * l.font + 26.0;
    let height = legend_y + line * legend_rows as f64;
    let desc = format!(
        "{}{}. Favourable: {}. Unfavourable: {}.",
        describe(buckets),
        n_text(q),
        pct(favourable),
        pct(unfavourable)
    );
    let mut svg = open(l, "likert", &q.id, height, &q.label, &desc);
    let _ = write!(
        svg,
        "<g class=\"ms-balance\" font-weight=\"bold\"><text class=\"ms-unfavourable\" x=\"{}\" y=\"{}\">{} unfavourable</text><text class=\"ms-favourable\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{} favourable</text></g>",
        c(centre - half),
        c(l.font + 2.0),
        pct(unfavourable),
        c(centre + half),
        c(l.font + 2.0),
        pct(favourable)
    );
    let mut x = centre - half * negative / 100.0;
    for (i, b) in buckets.iter().enumerate() {
        let w = half * b.share / 100.0;
        let _ = write!(
            svg,
            "<rect class=\"ms-segment ms-likert-{i}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}: {} ({})</title></rect>",
            c(x),
            c(bar_y),
            c(w),
            c(bar_h),
            colours.get(i).copied().unwrap_or(NEUTRAL),
            escape(&b.label),
            pct(b.share),
            b.count
        );
        x += w;
    }
    let _ = write!(
        svg,
        "<g class=\"ms-axis\"><line x1=\"{cx}\" y1=\"{y1}\" x2=\"{cx}\" y2=\"{y2}\" stroke=\"currentColor\"/>",
        cx = c(centre),
        y1 = c(bar_y - 4.0),
        y2 = c(axis_y)
    );
    let ticks: &[f64] = if l.phone {
        &[-100.0, 0.0, 100.0]
    } else {
        &[-100.0, -50.0, 0.0, 50.0, 100.0]
    };
    for tick in ticks {
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            c(centre + half * tick / 100.0),
            c(axis_y + l.font),
            pct(tick.abs())
        );
    }
    let axis = if l.phone {
        "← disagree · agree →"
    } else {
        "← disagree · share of respondents · agree →"
    };
    let _ = write!(
        svg,
        "<text class=\"ms-axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{axis}</text></g>",
        c(centre),
        c(axis_y + 2.0 * l.font + 8.0)
    );
    svg.push_str("<g class=\"ms-legend\">");
    let column = (l.width - 20.0) / legend_columns as f64;
    for (i, b) in buckets.iter().enumerate() {
        let (lx, ly) = (
            if l.phone {
                10.0
            } else {
                60.0 + 280.0 * (i % 2) as f64
            },
            legend_y + line * (i / legend_columns) as f64,
        );
        let _ = write!(
            svg,
            "<rect class=\"ms-likert-{i}\" x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{}\">{} {}</text>",
            c(lx),
            c(ly - 11.0),
            colours.get(i).copied().unwrap_or(NEUTRAL),
            c(lx + 18.0),
            c(ly),
            escape(&short(&b.label, l.fits(column - 18.0).saturating_sub(5).min(32))),
            pct(b.share)
        );
    }
    svg.push_str("</g></svg>");
    svg
}

/// Detractors, passives and promoters as one 100 % bar, with the score.
fn nps_bar(q: &QuestionResult, l: &Layout) -> String {
    let Some(nps) = &q.nps else {
        return bars(q, &q.distribution, "Share of respondents (%)", l);
    };
    let parts = [
        (
            "Detractors (0–6)",
            nps.detractors_share,
            nps.detractors,
            "#D55E00",
            "ms-detractors",
        ),
        (
            "Passives (7–8)",
            nps.passives_share,
            nps.passives,
            "#999999",
            "ms-passives",
        ),
        (
            "Promoters (9–10)",
            nps.promoters_share,
            nps.promoters,
            "#009E73",
            "ms-promoters",
        ),
    ];
    let score = figures::score(nps.score);
    let desc = format!(
        "Net Promoter Score {score}{}. {}",
        n_text(q),
        parts
            .iter()
            .map(|(l, s, n, _, _)| format!("{l}: {} ({n})", pct(*s)))
            .collect::<Vec<_>>()
            .join("; ")
    );
    // Wide: the score left of the bar, the legend in one row. Phone: the
    // score above the bar, the legend one entry per line.
    let (left, plot, bar_y, bar_h) = if l.phone {
        (10.0, l.width - 20.0, 40.0, 30.0)
    } else {
        (150.0, 460.0, 12.0, 30.0)
    };
    let line = l.font + 8.0;
    let legend_y = bar_y + bar_h + l.font + 30.0;
    let height = if l.phone {
        legend_y + line * 3.0
    } else {
        120.0
    };
    let mut svg = open(l, "nps", &q.id, height, &q.label, &desc);
    let (score_x, score_y) = if l.phone { (left, 26.0) } else { (10.0, 34.0) };
    let _ = write!(
        svg,
        "<text class=\"ms-nps-score\" x=\"{}\" y=\"{}\" font-size=\"20\" font-weight=\"bold\">NPS {}</text>",
        c(score_x),
        c(score_y),
        escape(&score)
    );
    let mut x = left;
    for (label, share, count, colour, class) in parts {
        let w = plot * share / 100.0;
        let _ = write!(
            svg,
            "<rect class=\"ms-segment {class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{colour}\"><title>{}: {} ({count})</title></rect>",
            c(x),
            c(bar_y),
            c(w),
            c(bar_h),
            escape(label),
            pct(share)
        );
        x += w;
    }
    svg.push_str("<g class=\"ms-axis\">");
    for tick in [0.0, 50.0, 100.0] {
        let anchor = if !l.phone {
            "middle"
        } else if tick == 0.0 {
            "start"
        } else if tick == 100.0 {
            "end"
        } else {
            "middle"
        };
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
            c(left + plot * tick / 100.0),
            c(bar_y + bar_h + l.font + 2.0),
            pct(tick)
        );
    }
    svg.push_str("</g><g class=\"ms-legend\">");
    for (i, (label, share, _, colour, class)) in parts.iter().enumerate() {
        let (lx, ly) = if l.phone {
            (left, legend_y + line * i as f64)
        } else {
            (left + 160.0 * i as f64, 92.0)
        };
        let _ = write!(
            svg,
            "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{colour}\"/><text x=\"{}\" y=\"{}\">{} {}</text>",
            c(lx),
            c(ly - 10.0),
            c(lx + 16.0),
            c(ly),
            escape(label),
            pct(*share)
        );
    }
    svg.push_str("</g></svg>");
    svg
}
