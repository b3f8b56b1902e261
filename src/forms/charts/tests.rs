//! Every chart is accessible, deterministic and drawn from published figures.

use super::trend::trend_svg;
use super::*;
use crate::forms::aggregate::{aggregate_form, Thresholds};
use crate::forms::import::read_export;
use crate::forms::schema::load_schema;
use crate::forms::trends::{trends, RoundSummary};
use std::path::Path;

fn results() -> (crate::forms::FormSchema, crate::forms::FormResults) {
    let s = load_schema(
        Path::new("tests/fixtures/exports/schema.toml"),
        include_str!("../../../tests/fixtures/exports/schema.toml"),
    )
    .expect("schema");
    let e = read_export(
        Path::new("g.csv"),
        include_bytes!("../../../tests/fixtures/exports/google.csv"),
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
        for layout in [WIDE, PHONE] {
            let svg = question_svg(q(id), &layout).unwrap_or_else(|| panic!("chart for {id}"));
            assert_accessible_svg(&svg);
            assert!(svg.contains("currentColor"));
            assert!(svg.contains(&format!("font-size=\"{}\"", layout.font)));
        }
        let pair = question_chart(q(id)).expect("both layouts");
        assert_eq!(pair.matches("<svg ").count(), 2);
        assert!(pair.contains("ms-wide") && pair.contains("ms-phone"));
    }
    let likert = question_svg(q("mentor_helps"), &WIDE).expect("likert");
    assert!(likert.contains("ms-chart-likert"));
    assert!(likert.contains("Strongly agree 17%"), "{likert}");
    let nps = question_svg(q("recommend"), &WIDE).expect("nps");
    assert!(nps.contains("NPS +17"));
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
        include_bytes!("../../../tests/fixtures/exports/google.csv"),
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
    for layout in [WIDE, PHONE] {
        assert_accessible_svg(&trend_svg(sat, &layout).expect("chart"));
    }
    let svg = trend_svg(sat, &WIDE).expect("chart");
    assert!(svg.contains("Spring 2026 not shown (too few responses)"));
    assert_eq!(
        svg.matches(" M").count() + svg.matches("d=\"M").count(),
        2,
        "two segments: {svg}"
    );
    assert_eq!(trend_svg(sat, &WIDE), Some(svg));
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
