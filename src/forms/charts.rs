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

use super::aggregate::{format_number, Bucket, QuestionResult, QuestionTrend};
use super::schema::QuestionKind;
use crate::html::escape;
use std::fmt::Write;

#[path = "matrix_chart.rs"]
mod matrix_chart;

const WIDTH: f64 = 640.0;
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
    format!("{}%", format_number(v))
}

/// Opens the SVG with its accessible name and description.
fn open(kind: &str, id: &str, height: f64, title: &str, desc: &str) -> String {
    let base = format!("ms-{kind}-{id}");
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ms-chart ms-chart-{kind}\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"{base}-title {base}-desc\" font-size=\"12\" fill=\"currentColor\">\
<title id=\"{base}-title\">{title}</title><desc id=\"{base}-desc\">{desc}</desc>",
        w = c(WIDTH),
        h = c(height),
        title = escape(title),
        desc = escape(desc),
    )
}

/// The kind of chart a question gets, if any.
pub fn question_chart(q: &QuestionResult) -> Option<String> {
    if q.suppressed || q.n.is_none() {
        return None;
    }
    match q.kind {
        QuestionKind::Likert => Some(diverging(q)),
        QuestionKind::Nps => Some(nps_bar(q)),
        QuestionKind::Scale => Some(bars(q, &q.distribution, "Share of respondents (%)")),
        QuestionKind::Choice => Some(bars(q, &q.options, "Share of respondents (%)")),
        QuestionKind::Multi => Some(bars(
            q,
            &q.options,
            "Share of respondents (%), several answers possible",
        )),
        QuestionKind::Matrix => matrix_chart::stacked(q),
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

/// Horizontal bars, one per bucket, 0–100 %.
fn bars(q: &QuestionResult, buckets: &[Bucket], axis: &str) -> String {
    let (left, plot, row) = (200.0, 340.0, 26.0);
    let top = 10.0;
    let height = top + row * buckets.len() as f64 + 44.0;
    let mut svg = open(
        "bars",
        &q.id,
        height,
        &q.label,
        &format!("{}{}", describe(buckets), n_text(q)),
    );
    let bottom = top + row * buckets.len() as f64;
    svg.push_str("<g class=\"ms-grid\" stroke=\"currentColor\" stroke-opacity=\"0.25\">");
    for tick in [0.0, 25.0, 50.0, 75.0, 100.0] {
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
    for tick in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let x = left + plot * tick / 100.0;
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            c(x),
            c(bottom + 16.0),
            format_number(tick)
        );
    }
    let _ = write!(
        svg,
        "<text class=\"ms-axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></g>",
        c(left + plot / 2.0),
        c(bottom + 36.0),
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
        let _ = write!(
            svg,
            "<g class=\"ms-row\"><text class=\"ms-label\" x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\">{label}</text>\
<rect class=\"{class}\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"{fill}\"><title>{full}: {v} ({n})</title></rect>\
<text class=\"ms-value\" x=\"{vx}\" y=\"{ty}\">{v} ({n})</text></g>",
            lx = c(left - 8.0),
            ty = c(y + row / 2.0 + 4.0),
            label = escape(&short(&b.label, 30)),
            x = c(left),
            y = c(y + 4.0),
            w = c(w),
            h = c(row - 8.0),
            fill = SERIES[0],
            full = escape(&b.label),
            v = pct(b.share),
            n = b.count,
            vx = c(left + w + 6.0),
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

/// A diverging stacked bar: disagreement to the left of the centre line,
/// agreement to the right, the neutral answer split across it.
fn diverging(q: &QuestionResult) -> String {
    let buckets = &q.distribution;
    let k = buckets.len();
    let colours = diverging_colours(k);
    let (centre, half) = (WIDTH / 2.0, 260.0);
    let (bar_y, bar_h) = (14.0, 30.0);
    let legend_rows = k.div_ceil(2);
    let height = bar_y + bar_h + 40.0 + 20.0 * legend_rows as f64 + 10.0;
    let negative: f64 = buckets.iter().take(k / 2).map(|b| b.share).sum::<f64>()
        + if k % 2 == 1 {
            buckets[k / 2].share / 2.0
        } else {
            0.0
        };
    let desc = format!(
        "{}{}. Favourable: {}.",
        describe(buckets),
        n_text(q),
        q.favourable.map_or("–".into(), pct)
    );
    let mut svg = open("likert", &q.id, height, &q.label, &desc);
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
    let axis_y = bar_y + bar_h + 6.0;
    let _ = write!(
        svg,
        "<g class=\"ms-axis\"><line x1=\"{cx}\" y1=\"{y1}\" x2=\"{cx}\" y2=\"{y2}\" stroke=\"currentColor\"/>",
        cx = c(centre),
        y1 = c(bar_y - 4.0),
        y2 = c(axis_y)
    );
    for tick in [-100.0, -50.0, 0.0, 50.0, 100.0_f64] {
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            c(centre + half * tick / 100.0),
            c(axis_y + 12.0),
            pct(tick.abs())
        );
    }
    let _ = write!(
        svg,
        "<text class=\"ms-axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">← disagree · share of respondents · agree →</text></g>",
        c(centre),
        c(axis_y + 28.0)
    );
    let legend_y = axis_y + 44.0;
    svg.push_str("<g class=\"ms-legend\">");
    for (i, b) in buckets.iter().enumerate() {
        let (lx, ly) = (
            60.0 + 280.0 * (i % 2) as f64,
            legend_y + 20.0 * (i / 2) as f64,
        );
        let _ = write!(
            svg,
            "<rect class=\"ms-likert-{i}\" x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{}\">{} {}</text>",
            c(lx),
            c(ly - 10.0),
            colours.get(i).copied().unwrap_or(NEUTRAL),
            c(lx + 16.0),
            c(ly),
            escape(&short(&b.label, 32)),
            pct(b.share)
        );
    }
    svg.push_str("</g></svg>");
    svg
}

/// Detractors, passives and promoters as one 100 % bar, with the score.
fn nps_bar(q: &QuestionResult) -> String {
    let Some(nps) = &q.nps else {
        return bars(q, &q.distribution, "Share of respondents (%)");
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
    let score = if nps.score > 0.0 {
        format!("+{}", format_number(nps.score))
    } else {
        format_number(nps.score)
    };
    let desc = format!(
        "Net Promoter Score {score}{}. {}",
        n_text(q),
        parts
            .iter()
            .map(|(l, s, n, _, _)| format!("{l}: {} ({n})", pct(*s)))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let mut svg = open("nps", &q.id, 120.0, &q.label, &desc);
    let (left, plot, bar_y, bar_h) = (150.0, 460.0, 12.0, 30.0);
    let _ = write!(
        svg,
        "<text class=\"ms-nps-score\" x=\"10\" y=\"34\" font-size=\"20\" font-weight=\"bold\">NPS {}</text>",
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
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            c(left + plot * tick / 100.0),
            c(bar_y + bar_h + 14.0),
            pct(tick)
        );
    }
    svg.push_str("</g><g class=\"ms-legend\">");
    for (i, (label, share, _, colour, class)) in parts.iter().enumerate() {
        let lx = left + 160.0 * i as f64;
        let _ = write!(
            svg,
            "<rect class=\"{class}\" x=\"{}\" y=\"82\" width=\"12\" height=\"12\" fill=\"{colour}\"/><text x=\"{}\" y=\"92\">{} {}</text>",
            c(lx),
            c(lx + 16.0),
            escape(label),
            pct(*share)
        );
    }
    svg.push_str("</g></svg>");
    svg
}

/// A line per series across rounds; suppressed rounds break the line.
pub fn trend_chart(t: &QuestionTrend) -> Option<String> {
    if t.rounds.is_empty()
        || t.series
            .iter()
            .all(|s| s.points.iter().all(|p| p.value.is_none()))
    {
        return None;
    }
    let (left, right, top, plot_h) = (56.0, 20.0, 16.0, 170.0);
    let plot_w = WIDTH - left - right;
    let legend_rows = if t.series.len() > 1 {
        t.series.len().div_ceil(3)
    } else {
        0
    };
    let height = top + plot_h + 50.0 + 20.0 * legend_rows as f64;
    let span = (t.y_max - t.y_min).max(f64::EPSILON);
    let y_of = |v: f64| top + plot_h - plot_h * (v.clamp(t.y_min, t.y_max) - t.y_min) / span;
    let n = t.rounds.len();
    let x_of = |i: usize| {
        if n == 1 {
            left + plot_w / 2.0
        } else {
            left + 50.0 + (plot_w - 100.0) * i as f64 / (n - 1) as f64
        }
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
                    Some(v) => format!("{} {}{unit}", r.title, format_number(v)),
                    None if p.suppressed => format!("{} not shown (too few responses)", r.title),
                    None => format!("{} no data", r.title),
                })
                .collect::<Vec<_>>()
                .join(", ");
            format!("{}: {values}", s.name)
        })
        .collect::<Vec<_>>()
        .join(". ");
    let mut svg = open("trend", &t.id, height, &t.label, &desc);
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
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            c(x_of(i)),
            c(top + plot_h + 18.0),
            escape(&short(&r.title, 18))
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
        c(top + plot_h + 38.0),
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
                c(x_of(i)),
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
                    format!(
                        ", {}{}{unit} since the previous round",
                        if ch > 0.0 { "+" } else { "" },
                        format_number(ch)
                    )
                });
                let _ = write!(
                    svg,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{colour}\"><title>{}, {}: {}{unit}{}</title></circle>",
                    c(x_of(i)),
                    c(y_of(v)),
                    escape(&s.name),
                    escape(round),
                    format_number(v),
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
                left + 195.0 * (si % 3) as f64,
                top + plot_h + 62.0 + 20.0 * (si / 3) as f64,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::aggregate::{aggregate_form, trends, RoundSummary, Thresholds};
    use crate::forms::import::read_export;
    use crate::forms::schema::load_schema;
    use std::path::Path;

    fn results() -> (crate::forms::FormSchema, crate::forms::FormResults) {
        let s = load_schema(
            Path::new("tests/fixtures/exports/schema.toml"),
            include_str!("../../tests/fixtures/exports/schema.toml"),
        )
        .expect("schema");
        let e = read_export(
            Path::new("g.csv"),
            include_bytes!("../../tests/fixtures/exports/google.csv"),
            &s,
        );
        let r = aggregate_form(&s, &e.responses, &Thresholds::default(), None, "s");
        (s, r)
    }

    /// Well-formed enough for a browser: balanced tags, accessible name.
    fn assert_accessible_svg(svg: &str) {
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=") && svg.contains("<desc id="));
        for tag in ["g", "text", "title", "rect", "circle", "desc"] {
            let opens =
                svg.matches(&format!("<{tag} ")).count() + svg.matches(&format!("<{tag}>")).count();
            let closes = svg.matches(&format!("</{tag}>")).count();
            let selfclosing = svg
                .split(&format!("<{tag} "))
                .skip(1)
                .filter(|rest| rest.split('>').next().is_some_and(|t| t.ends_with('/')))
                .count();
            assert_eq!(opens, closes + selfclosing, "unbalanced <{tag}> in {svg}");
        }
        assert!(!svg.contains("<script") && !svg.contains("href"));
        // At most one decimal in coordinates.
        for part in svg.split('"') {
            if let Some((_, frac)) = part.split_once('.') {
                if part.parse::<f64>().is_ok() {
                    assert!(frac.len() <= 2, "{part}");
                }
            }
        }
    }

    #[test]
    fn every_chartable_question_gets_an_accessible_chart() {
        let (_, r) = results();
        let q = |id: &str| r.questions.iter().find(|q| q.id == id).expect("q");
        for id in [
            "satisfaction",
            "mentor_helps",
            "frequency",
            "topics",
            "recommend",
        ] {
            let svg = question_chart(q(id)).unwrap_or_else(|| panic!("chart for {id}"));
            assert_accessible_svg(&svg);
            assert!(svg.contains("currentColor"));
        }
        let likert = question_chart(q("mentor_helps")).expect("likert");
        assert!(likert.contains("ms-chart-likert"));
        assert!(likert.contains("Strongly agree 16.7%"), "{likert}");
        let nps = question_chart(q("recommend")).expect("nps");
        assert!(nps.contains("NPS +16.7"));
        assert!(nps.contains("Promoters (9–10): 50%"));
        assert!(question_chart(q("hours")).is_none());
        assert!(question_chart(q("went_well")).is_none(), "suppressed");
    }

    #[test]
    fn labels_are_escaped() {
        let (mut s, _) = results();
        s.questions[2].label = "Rate <b>this</b> & \"that\"".into();
        s.questions[4].options[0] = "Weekly <script>".into();
        let e = read_export(Path::new("g.csv"), b"satisfaction,frequency,recommend\n1,Monthly,1\n2,Monthly,2\n3,Monthly,3\n4,Monthly,4\n5,Monthly,5\n", &s);
        let r = aggregate_form(&s, &e.responses, &Thresholds::default(), None, "s");
        let sat = question_chart(&r.questions[0]).expect("chart");
        assert!(sat.contains("Rate &lt;b&gt;this&lt;/b&gt; &amp; &quot;that&quot;"));
        let freq = question_chart(&r.questions[2]).expect("chart");
        assert!(freq.contains("Weekly &lt;script&gt;") && !freq.contains("<script"));
    }

    #[test]
    fn trend_chart_breaks_lines_at_gaps_and_is_deterministic() {
        let (s, all) = results();
        let e = read_export(
            Path::new("g.csv"),
            include_bytes!("../../tests/fixtures/exports/google.csv"),
            &s,
        );
        let small = aggregate_form(&s, &e.responses[..2], &Thresholds::default(), None, "s");
        let round = |id: &str, title: &str| RoundSummary {
            id: id.into(),
            title: title.into(),
            opens: None,
        };
        let rounds = [
            (round("a", "Autumn 2025"), &all),
            (round("b", "Spring 2026"), &small),
            (round("c", "Autumn 2026"), &all),
        ];
        let tr = trends(&s, &rounds);
        let sat = tr
            .questions
            .iter()
            .find(|q| q.id == "satisfaction")
            .expect("sat");
        let svg = trend_chart(sat).expect("chart");
        assert_accessible_svg(&svg);
        assert!(svg.contains("Spring 2026 not shown (too few responses)"));
        assert_eq!(
            svg.matches(" M").count() + svg.matches("d=\"M").count(),
            2,
            "two segments: {svg}"
        );
        assert_eq!(trend_chart(sat), Some(svg));
        let freq = tr
            .questions
            .iter()
            .find(|q| q.id == "frequency")
            .expect("freq");
        let svg = trend_chart(freq).expect("chart");
        assert!(svg.contains("ms-legend") && svg.contains("Every two weeks"));
        let only_gaps = trends(&s, &[(round("b", "B"), &small)]);
        assert!(only_gaps.questions.iter().all(|q| trend_chart(q).is_none()));
    }

    #[test]
    fn diverging_palette_is_symmetric() {
        assert_eq!(
            diverging_colours(5),
            ["#d6604d", "#f4a582", NEUTRAL, "#92c5de", "#4393c3"]
        );
        assert_eq!(diverging_colours(4).len(), 4);
        assert_eq!(diverging_colours(11).len(), 11);
    }
}
