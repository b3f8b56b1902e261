//! Matrix questions through the real CLI: a Google Forms grid read row by
//! row, each row's figures published (or hidden when answered by too few),
//! charted and tabled, trended, and the form page drawn as a grid.

use crate::harness::Site;
use std::path::Path;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/exports")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const GRID: &str = "How would you rate your mentor on the following?";

/// Two rounds of the six fixture respondents, from Google Forms and SurveyMonkey.
fn site_with_grid() -> Site {
    let site = Site::minimal();
    site.write("data/forms/feedback.toml", fixture("schema.toml"));
    for (i, tool) in ["google", "surveymonkey"].iter().enumerate() {
        site.write(
            &format!("data/rounds/{tool}/round.toml"),
            format!("title = \"Round {tool}\"\nopens = 2026-0{}-01\n", i + 1),
        )
        .write(
            &format!("data/rounds/{tool}/feedback.csv"),
            fixture(&format!("{tool}.csv")),
        );
    }
    site
}

fn rating(json: &serde_json::Value) -> &serde_json::Value {
    json["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "rating")
        .expect("the matrix question")
}

#[test]
fn each_grid_row_is_published_and_a_row_of_four_is_hidden() {
    let site = site_with_grid();
    site.build().success();
    let json: serde_json::Value =
        serde_json::from_str(&site.read("results/google/feedback.json")).unwrap();
    let rows = rating(&json)["rows"].as_array().unwrap();
    let labels: Vec<&str> = rows.iter().map(|r| r["label"].as_str().unwrap()).collect();
    assert_eq!(
        labels,
        ["Availability", "Communication", "Subject knowledge"]
    );
    // Availability 4,3,2,3,1,4 (Poor = 1 … Excellent = 4).
    assert_eq!(rows[0]["n"], 6);
    assert_eq!(rows[0]["mean"], 2.83);
    assert_eq!(rows[0]["favourable"], 66.7);
    // Communication 3,4,4,2,1,4.
    assert_eq!(rows[1]["mean"], 3.0);
    let counts: Vec<u64> = rows[1]["distribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [1, 1, 1, 3]);
    // Subject knowledge: answered by four people, hidden whole.
    assert_eq!(rows[2]["suppressed"], true);
    assert_eq!(rows[2]["n"], serde_json::Value::Null);
    assert_eq!(rows[2]["mean"], serde_json::Value::Null);
    assert_eq!(rows[2]["distribution"].as_array().unwrap().len(), 0);

    let csv = site.read("results/google/feedback.csv");
    assert!(
        csv.contains(&format!("rating.1,{GRID} [Availability],mean,,2.83")),
        "{csv}"
    );
    assert!(!csv.contains(&format!("{GRID} [Subject knowledge],mean")));

    let page = site.html("results/google/feedback/index.html");
    assert!(page
        .texts("#q-rating ~ .figure")
        .contains(&"Highest: Communication, average 3.0 out of 4".to_string()));
    // One chart for the grid, drawn for wide screens and for phones.
    let chart = page.select("#q-rating ~ figure.chart svg.ms-chart-matrix");
    assert_eq!(chart.len(), 2, "one chart for the grid, in two layouts");
    let bars = page.select("svg.ms-chart-matrix.ms-wide .ms-row");
    assert_eq!(bars.len(), 3, "a bar per row");
    assert_eq!(
        page.texts("table.matrix-table tbody th[scope=row]"),
        ["Availability", "Communication", "Subject knowledge"]
    );
    assert_eq!(
        page.texts("table.matrix-table thead th"),
        [
            "Statement",
            "Poor",
            "Fair",
            "Good",
            "Excellent",
            "Average",
            "Favourable",
            "Answered"
        ]
    );
    assert_eq!(
        page.texts("table.matrix-table td.suppressed"),
        ["fewer than 5 responses"]
    );
    let svg_text = page.text("svg.ms-chart-matrix desc");
    assert!(
        svg_text.contains("Subject knowledge: fewer than 5 responses"),
        "{svg_text}"
    );

    // Trends: a line per row, the hidden row a gap in both rounds.
    let trends = site.html("results/trends/feedback/index.html");
    assert_eq!(trends.select("#t-rating + figure svg").len(), 2);
    let desc = trends.text("#t-rating + figure svg.ms-wide desc");
    assert!(
        desc.contains("Availability: Round google 2.8, Round surveymonkey 2.8"),
        "{desc}"
    );
    assert!(
        desc.contains("Subject knowledge: Round google not shown"),
        "{desc}"
    );
}

#[test]
fn check_lists_the_column_of_each_grid_row() {
    let site = site_with_grid();
    let run = site.run(&["check"]);
    run.success().has_error(&format!(
        "data/rounds/google/feedback.csv: warning: columns read as matrix rows: \
         \"{GRID} [Availability]\" → rating: Availability, \
         \"{GRID} [Communication]\" → rating: Communication, \
         \"{GRID} [Subject knowledge]\" → rating: Subject knowledge"
    ));
    let ignored: Vec<String> = run
        .stderr()
        .lines()
        .chain(run.stdout().lines())
        .filter(|l| l.contains("columns ignored"))
        .map(str::to_string)
        .collect();
    assert!(!ignored.is_empty());
    assert!(
        ignored.iter().all(|l| !l.contains("[Availability]")),
        "{ignored:?}"
    );
}

#[test]
fn import_names_the_row_of_each_column_and_keeps_the_grid() {
    let site = Site::minimal();
    site.write("data/forms/feedback.toml", fixture("schema.toml"));
    let export = site.root().join("export.csv");
    std::fs::write(&export, fixture("typeform.csv")).unwrap();
    let run = site.run(&[
        "import",
        export.to_str().unwrap(),
        "--form",
        "feedback",
        "--round",
        "r1",
    ]);
    run.success();
    assert!(
        run.stdout()
            .contains("matrix rows: \"Availability\" → rating: Availability"),
        "{}",
        run.stdout()
    );
    assert!(
        run.stdout()
            .contains("\"Knowledge of the subject\" → rating: Subject knowledge"),
        "{}",
        run.stdout()
    );
    let written = std::fs::read_to_string(site.root().join("data/rounds/r1/feedback.csv")).unwrap();
    assert!(
        written.contains(
            "\"Availability: Excellent\r\nCommunication: Good\r\nSubject knowledge: Excellent\""
        ) || written.contains(
            "\"Availability: Excellent\nCommunication: Good\nSubject knowledge: Excellent\""
        ),
        "{written}"
    );
    site.build().success();
    let json: serde_json::Value =
        serde_json::from_str(&site.read("results/r1/feedback.json")).unwrap();
    assert_eq!(rating(&json)["rows"][0]["mean"], 2.83);
}

#[test]
fn the_form_page_draws_a_grid_with_a_fieldset_per_row() {
    let site = site_with_grid();
    site.build().success();
    let page = site.html("forms/feedback/index.html");
    assert_eq!(page.texts("fieldset.matrix > legend"), [GRID]);
    assert_eq!(
        page.texts("fieldset.matrix fieldset.matrix-row > legend"),
        ["Availability", "Communication", "Subject knowledge"]
    );
    assert_eq!(
        page.attrs("input[name='rating.2'][type=radio]", "value"),
        ["Poor", "Fair", "Good", "Excellent"]
    );
}
