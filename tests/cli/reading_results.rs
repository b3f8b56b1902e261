//! Reading results as a participant would: each figure beside its question,
//! rounds in time order with their titles, one rounding rule on every page,
//! and comments that keep their shape and are shuffled.

use crate::harness::Site;
use std::path::Path;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/exports")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The fixture schema as `feedback`, and the same six respondents in each
/// round folder named (with the given round.toml, if any).
fn site_with(rounds: &[(&str, Option<&str>)]) -> Site {
    let site = Site::minimal();
    site.write("data/forms/feedback.toml", fixture("schema.toml"));
    for (folder, meta) in rounds {
        if let Some(meta) = meta {
            site.write(&format!("data/rounds/{folder}/round.toml"), meta);
        }
        site.write(
            &format!("data/rounds/{folder}/feedback.csv"),
            fixture("google.csv"),
        );
    }
    site
}

#[test]
fn the_results_index_names_the_question_of_each_figure() {
    let site = site_with(&[(
        "2026-spring",
        Some("title = \"Spring 2026\"\nopens = 2026-03-01\n"),
    )]);
    site.build().success();
    let index = site.html("results/index.html");
    let questions = index.texts(".result-card .headlines dt");
    let figures = index.texts(".result-card .headlines dd");
    assert_eq!(questions.len(), figures.len());
    assert_eq!(
        questions[0],
        "Overall, how satisfied are you with your mentorship?"
    );
    assert_eq!(figures[0], "Average 3.8 out of 5, 67% favourable");
}

#[test]
fn rounds_without_dates_sort_by_the_period_their_name_gives_and_show_titles() {
    let site = site_with(&[
        ("2025-autumn", None),
        ("2026-spring", Some("opens = 2026-03-02\n")),
        ("2026-autumn", Some("title = \"Autumn cohort\"\n")),
        ("round-2", None),
        ("round-10", None),
    ]);
    site.build().success();
    let index = site.html("results/index.html");
    assert_eq!(
        index.texts(".round h2"),
        [
            "Round 10",
            "Round 2",
            "Autumn cohort",
            "Spring 2026",
            "Autumn 2025"
        ],
        "newest first; undated rounds placed by the period in their name, others after them"
    );
    let trends = site.html("results/trends/feedback/index.html");
    assert_eq!(
        trends.texts("#cap-t-satisfaction ~ tbody th"),
        [
            "Autumn 2025",
            "Spring 2026",
            "Autumn cohort",
            "Round 2",
            "Round 10"
        ]
    );
}

#[test]
fn one_rounding_rule_for_headline_chart_table_and_trends() {
    let site = site_with(&[
        (
            "2026-spring",
            Some("opens = 2026-03-01\n[invited]\nfeedback = 9\n"),
        ),
        ("2026-autumn", Some("opens = 2026-09-01\n")),
    ]);
    site.build().success();
    // NPS of 10, 9, 8, 6, 4, 10: 16.67 stored, shown as +17 everywhere.
    let page = site.html("results/2026-spring/feedback/index.html");
    let headlines = page.texts(".question .figure");
    assert!(headlines.contains(&"NPS +17".to_string()), "{headlines:?}");
    assert!(headlines.contains(&"Average 3.8 out of 5, 67% favourable".to_string()));
    assert_eq!(
        page.text("#q-recommend ~ figure .ms-wide .ms-nps-score"),
        "NPS +17"
    );
    assert_eq!(
        page.text("#q-recommend ~ figure .ms-phone .ms-nps-score"),
        "NPS +17"
    );
    // Likert: a diverging bar that states the share favourable, as the
    // headline does.
    let favourable = page.text("#q-mentor_helps ~ figure .ms-wide .ms-favourable");
    assert!(favourable.ends_with("% favourable"), "{favourable}");
    assert!(page
        .text("#q-mentor_helps ~ p.figure")
        .ends_with(&favourable));
    assert_eq!(
        page.text("#q-mentor_helps ~ figure .ms-phone .ms-favourable"),
        favourable
    );
    assert!(page
        .texts("#cap-dist-satisfaction ~ tbody td")
        .contains(&"33%".to_string()));
    assert_eq!(
        page.text("p.figure"),
        "6 responses from 9 people invited (67%)."
    );
    let json: serde_json::Value =
        serde_json::from_str(&site.read("results/2026-spring/feedback.json")).expect("json");
    assert_eq!(json["response_rate"], 66.7, "open data keeps its precision");
    let trends = site.html("results/trends/feedback/index.html");
    let cells = trends.texts("#cap-t-satisfaction ~ tbody td");
    assert_eq!(cells, ["3.8", "–", "3.8", "0.0"]);
    // No page of the results shows a share or a score with decimals.
    for rel in [
        "results/index.html",
        "results/2026-spring/feedback/index.html",
        "results/trends/feedback/index.html",
    ] {
        let html = site.read(rel);
        for (i, _) in html.match_indices('%') {
            let before: String = html[..i].chars().rev().take(3).collect();
            assert!(
                !(before.len() == 3
                    && before.chars().next().is_some_and(|c| c.is_ascii_digit())
                    && before.chars().nth(1) == Some('.')),
                "{rel}: a share with decimals near {}",
                &html[i.saturating_sub(20)..i + 1]
            );
        }
        assert!(!html.contains("16.7") && !html.contains("3.83"), "{rel}");
    }
}

#[test]
fn comments_keep_their_paragraphs_and_identical_ones_never_sit_together() {
    let site = Site::minimal();
    site.write(
        "data/forms/wrap.toml",
        "title = \"Wrap-up\"\n[[questions]]\nid = \"went_well\"\nlabel = \"What went well?\"\nkind = \"text\"\npublish = true\n",
    );
    let mut csv = String::from("went_well\n");
    csv.push_str("\"First paragraph.\n\nSecond paragraph, line one\nline two <b>bold?</b>\"\n");
    for _ in 0..5 {
        csv.push_str("Great program\n");
    }
    for i in 0..6 {
        csv.push_str(&format!("Comment number {i}\n"));
    }
    site.write("data/rounds/2026-spring/wrap.csv", &csv)
        .write("data/rounds/2026-spring/round.toml", "opens = 2026-03-01\n");
    site.build().success();
    let page = site.html("results/2026-spring/wrap/index.html");
    let items = page.texts(".comments li");
    assert_eq!(items.len(), 12);
    assert!(
        items.windows(2).all(|w| w[0] != w[1]),
        "identical comments side by side: {items:?}"
    );
    let shaped = page
        .select(".comments li")
        .into_iter()
        .find(|li| li.text().any(|t| t.contains("First paragraph")))
        .expect("the two-paragraph comment");
    let inner = shaped.inner_html();
    assert_eq!(
        shaped
            .select(&scraper::Selector::parse("p").unwrap())
            .count(),
        2,
        "{inner}"
    );
    assert!(inner.contains("line one<br>"), "{inner}");
    assert!(
        inner.contains("&lt;b&gt;bold?&lt;/b&gt;"),
        "no markup: {inner}"
    );
    // Same input, same order.
    site.build().success();
    assert_eq!(
        site.html("results/2026-spring/wrap/index.html")
            .texts(".comments li"),
        items
    );
}
