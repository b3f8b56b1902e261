//! Survey results: every tool's export read, aggregated by hand-computed
//! figures, small groups suppressed, and no private value anywhere in the
//! output. Plus `import` and the form pages.

use crate::harness::Site;
use std::path::Path;

const TOOLS: [&str; 7] = [
    "google",
    "microsoft",
    "typeform",
    "qualtrics",
    "surveymonkey",
    "excel-semicolon-cp1252",
    "utf16",
];

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/exports")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The minimal site plus the fixture schema as `feedback` and one round per
/// tool, each holding that tool's export of the same six respondents.
fn site_with_rounds() -> Site {
    let site = Site::minimal();
    site.write("data/forms/feedback.toml", fixture("schema.toml"));
    for (i, tool) in TOOLS.iter().enumerate() {
        site.write(
            &format!("data/rounds/{tool}/round.toml"),
            format!(
                "title = \"Round {tool}\"\nopens = 2026-0{}-01\n[invited]\nfeedback = 10\n",
                i + 1
            ),
        )
        .write(
            &format!("data/rounds/{tool}/feedback.csv"),
            fixture(&format!("{tool}.csv")),
        );
    }
    site
}

fn question<'a>(results: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    results["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == id)
        .unwrap_or_else(|| panic!("no question {id}"))
}

#[test]
fn every_tools_export_gives_the_hand_computed_figures() {
    let site = site_with_rounds();
    let run = site.build();
    run.success();
    assert!(
        run.stdout().contains("7 rounds, 42 responses"),
        "{}",
        run.stdout()
    );
    for tool in TOOLS {
        let json: serde_json::Value =
            serde_json::from_str(&site.read(&format!("results/{tool}/feedback.json"))).unwrap();
        assert_eq!(
            json["responses"], 6,
            "{tool}: Ana's double submission counts once"
        );
        assert_eq!(json["response_rate"], 60.0, "{tool}");
        // Satisfaction 5, 4, 4, 3, 2, 5.
        let s = question(&json, "satisfaction");
        assert_eq!(s["mean"], 3.83, "{tool}");
        assert_eq!(s["median"], 4.0, "{tool}");
        assert_eq!(s["favourable"], 66.7, "{tool}");
        // Recommend 10, 9, 8, 6, 4, 10: 3 promoters, 1 passive, 2 detractors.
        let nps = &question(&json, "recommend")["nps"];
        assert_eq!(
            (
                nps["promoters"].as_u64(),
                nps["passives"].as_u64(),
                nps["detractors"].as_u64()
            ),
            (Some(3), Some(1), Some(2)),
            "{tool}"
        );
        assert_eq!(nps["score"].as_f64().map(f64::round), Some(17.0), "{tool}");
        // Private questions are absent, not even counted.
        assert!(json["questions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|q| q["id"] != "email" && q["id"] != "name"));
        let csv = site.read(&format!("results/{tool}/feedback.csv"));
        assert!(
            csv.starts_with("question_id,question,metric,option,value"),
            "{tool}"
        );
        assert!(csv.contains("satisfaction,"), "{tool}");
    }
    let page = site.html("results/google/feedback/index.html");
    assert_eq!(page.text("h1"), "Mid-program feedback Round google");
    assert!(page
        .texts(".figure")
        .contains(&"Average 3.8 out of 5, 67% favourable".to_string()));
    assert!(page.select("figure.chart svg[role=img] title").len() >= 4);
    let index = site.html("results/index.html");
    assert_eq!(
        index.texts(".round h2")[0],
        "Round utf16",
        "newest round first"
    );
    let trends = site.html("results/trends/feedback/index.html");
    // One chart, drawn in its wide and its phone layout.
    assert_eq!(trends.select("#t-satisfaction + figure svg").len(), 2);
}

#[test]
fn no_private_value_reaches_any_output_file() {
    let site = site_with_rounds();
    site.build().success();
    let private = String::from_utf8(fixture("PRIVATE_VALUES.txt")).unwrap();
    let values: Vec<&str> = private
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert!(values.len() >= 10);
    let mut checked = 0;
    for file in site.output_files() {
        let bytes = std::fs::read(site.public().join(&file)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for value in &values {
            let html = value
                .replace('&', "&amp;")
                .replace('\'', "&#x27;")
                .replace('"', "&quot;");
            let json = serde_json::to_string(value).unwrap();
            let json = json.trim_matches('"');
            for form in [
                value.to_string(),
                html,
                json.to_string(),
                value.replace('\'', "&#39;"),
            ] {
                assert!(
                    !text.contains(&form),
                    "{file} contains private value {value:?} as {form:?}"
                );
            }
        }
        checked += 1;
    }
    assert!(checked > 20);
}

#[test]
fn a_group_of_four_shows_no_numbers() {
    let site = Site::minimal();
    site.write("data/forms/feedback.toml", fixture("schema.toml"))
        .write("data/rounds/small/round.toml", "title = \"Small\"\n")
        .write(
            "data/rounds/small/feedback.csv",
            "satisfaction,recommend,frequency\n5,10,Weekly\n4,9,Weekly\n2,3,Monthly\n5,10,Weekly\n",
        );
    site.build().success();
    let json: serde_json::Value =
        serde_json::from_str(&site.read("results/small/feedback.json")).unwrap();
    assert_eq!(json["suppressed"], true);
    assert_eq!(json["responses"], serde_json::Value::Null);
    let s = question(&json, "satisfaction");
    assert_eq!(s["mean"], serde_json::Value::Null);
    assert_eq!(s["n"], serde_json::Value::Null);
    let page = site.html("results/small/feedback/index.html");
    assert!(
        page.text(".suppressed").contains("fewer than 5 responses"),
        "{}",
        page.text(".suppressed")
    );
    assert!(page.select("table.data-table").is_empty());
    assert!(page.select("figure.chart").is_empty());
    let csv = site.read("results/small/feedback.csv");
    assert!(!csv.contains(",mean,"), "{csv}");
}

#[test]
fn bad_exports_are_reported_with_row_and_column() {
    let site = Site::minimal();
    site.write("data/forms/feedback.toml", fixture("schema.toml"))
        .write("data/rounds/r1/round.toml", "title = \"R1\"\n")
        .write(
            "data/rounds/r1/feedback.csv",
            "satisfaction,recommend,frequency\n5,10,Weekly\n9,10,Weekly\n4,,Weekly\n4,9,Fortnightly\n4,9\n",
        )
        .write("data/rounds/r1/feedbak.csv", "satisfaction\n5\n");
    let run = site.run(&["check"]);
    run.failure()
        .has_error("data/rounds/r1/feedback.csv:3:1: error: column 1 \"satisfaction\" (question `satisfaction`): \"9\" is out of range 1–5")
        .has_error("data/rounds/r1/feedback.csv:4:3: error: column 2 \"recommend\" (question `recommend`): required answer missing")
        .has_error("data/rounds/r1/feedback.csv:5:5: error: column 3 \"frequency\" (question `frequency`): \"Fortnightly\" is not one of the options")
        .has_error("data/rounds/r1/feedback.csv:6:1: error: row has 2 fields but the header has 3")
        .has_error("data/rounds/r1/feedbak.csv: error: no form schema `feedbak`")
        .has_error("did you mean feedback.csv?");
    site.build().failure();
    assert!(
        !site.public().exists(),
        "a build does not publish wrong numbers"
    );
}

#[test]
fn check_lists_ignored_tool_columns_once() {
    let site = site_with_rounds();
    let run = site.run(&["check"]);
    run.success()
        .has_error("data/rounds/google/feedback.csv: warning: columns ignored (they match no question and are never published): Timestamp");
    assert!(
        !site.build().stderr().contains("columns ignored"),
        "build stays quiet about them"
    );
}

#[test]
fn import_normalises_and_never_overwrites_without_force() {
    let site = Site::minimal();
    site.write("data/forms/feedback.toml", fixture("schema.toml"));
    let export = site.root().join("export.csv");
    std::fs::write(&export, fixture("qualtrics.csv")).unwrap();
    let args = [
        "import",
        export.to_str().unwrap(),
        "--form",
        "feedback",
        "--round",
        "2026-q1",
    ];
    let run = site.run(&args);
    run.success();
    assert!(run.stdout().contains("Qualtrics"), "{}", run.stdout());
    assert!(
        run.stdout().contains("6 responses imported"),
        "{}",
        run.stdout()
    );
    let target = site.root().join("data/rounds/2026-q1/feedback.csv");
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(
        written.starts_with(
            "email,name,satisfaction,mentor_helps,frequency,topics,recommend,hours,went_well"
        ),
        "{written}"
    );
    assert!(site.root().join("data/rounds/2026-q1/round.toml").exists());

    // A second import refuses; the file is untouched.
    std::fs::write(&export, fixture("google.csv")).unwrap();
    site.run(&args)
        .failure()
        .has_error("already exists; nothing was written")
        .has_error("--force");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), written);
    // --force replaces it.
    let mut forced = args.to_vec();
    forced.push("--force");
    site.run(&forced).success();
    // The imported round builds to the same figures.
    site.build().success();
    let json: serde_json::Value =
        serde_json::from_str(&site.read("results/2026-q1/feedback.json")).unwrap();
    assert_eq!(question(&json, "satisfaction")["mean"], 3.83);

    // A bad export writes nothing.
    std::fs::write(&export, "satisfaction,recommend\n11,10\n").unwrap();
    let before = std::fs::read_to_string(&target).unwrap();
    site.run(&forced).failure().has_error("nothing was written");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), before);
    site.run(&[
        "import",
        export.to_str().unwrap(),
        "--form",
        "feedbak",
        "--round",
        "x",
    ])
    .failure()
    .has_error("did you mean --form feedback?");
}

#[test]
fn form_pages_render_every_question_accessibly() {
    let site = site_with_rounds();
    site.build().success();
    let page = site.html("forms/feedback/index.html");
    assert_eq!(
        page.attrs("form.survey-form", "action"),
        ["/forms/feedback/submit"]
    );
    assert_eq!(page.attrs("form.survey-form", "method"), ["post"]);
    assert_eq!(page.attrs("#q-email", "type"), ["email"]);
    assert_eq!(
        page.attrs("input[name=satisfaction]", "value"),
        ["1", "2", "3", "4", "5"]
    );
    assert_eq!(page.select("input[name=recommend][required]").len(), 11);
    assert_eq!(
        page.attrs("input[name=topics][type=checkbox]", "value")
            .len(),
        4
    );
    assert_eq!(page.select("textarea[name=went_well]").len(), 1);
    // Five questions with choices, the matrix, and a legend per row of it.
    assert_eq!(page.select("fieldset legend").len(), 5 + 1 + 3);
    // Every input has a label.
    for id in page.attrs("input[id], textarea[id]", "id") {
        assert_eq!(
            page.select(&format!("label[for='{id}']")).len(),
            1,
            "{id} has no label"
        );
    }
}

/// `import --new-schema` drafts a schema from each tool's export that then
/// imports the same export cleanly: personal columns never published, the
/// tool's metadata left out, kinds and options from the answers, and no
/// respondent's own words in the schema.
#[test]
fn a_schema_drafted_from_every_tools_export_imports_it() {
    let private = String::from_utf8(fixture("PRIVATE_VALUES.txt")).unwrap();
    for tool in TOOLS {
        let site = Site::minimal();
        let export = site.root().join("export.csv");
        std::fs::write(&export, fixture(&format!("{tool}.csv"))).unwrap();
        let file = export.to_str().unwrap();
        let draft = [
            "import",
            file,
            "--form",
            "pulse",
            "--round",
            "r1",
            "--new-schema",
        ];
        let run = site.run(&draft);
        run.success();
        assert!(run.stdout().contains("data/forms/pulse.toml"), "{tool}");
        let schema_path = site.root().join("data/forms/pulse.toml");
        let text = std::fs::read_to_string(&schema_path).unwrap();
        let schema: toml::Value = toml::from_str(&text).unwrap();
        let questions = schema["questions"].as_array().unwrap();
        let kind_of = |label_start: &str| -> &str {
            questions
                .iter()
                .find(|q| q["label"].as_str().unwrap().starts_with(label_start))
                .unwrap_or_else(|| panic!("{tool}: no question {label_start}\n{text}"))["kind"]
                .as_str()
                .unwrap()
        };
        assert_eq!(kind_of("How likely are you to recommend"), "nps", "{tool}");
        assert_eq!(kind_of("Hours per month"), "number", "{tool}");
        assert_eq!(kind_of("How often do you meet"), "choice", "{tool}");
        assert_eq!(kind_of("What has gone well"), "text", "{tool}");
        for q in questions {
            let label = q["label"].as_str().unwrap().to_lowercase();
            if label.contains("email") {
                assert_eq!(q["kind"].as_str(), Some("email"), "{tool}: {label}");
            }
            // Text is never published until the coordinator says so.
            assert!(q.get("publish").is_none(), "{tool}: {label}");
            for meta in ["timestamp", "ip address", "start date", "response id"] {
                assert!(!label.contains(meta), "{tool}: {label}");
            }
        }
        assert!(
            questions.iter().any(|q| q["kind"].as_str() == Some("multi")
                && q["options"].as_array().unwrap().len() >= 3),
            "{tool}: the topics checkboxes\n{text}"
        );
        for value in private.lines().filter(|l| !l.is_empty()) {
            assert!(!text.contains(value), "{tool}: {value} in the draft");
        }
        // The draft takes its own export.
        let import = site.run(&draft[..draft.len() - 1]);
        import.success();
        assert!(
            import.stdout().contains("6 responses imported"),
            "{tool}: {}",
            import.stdout()
        );
        // A schema is never replaced.
        site.run(&draft)
            .failure()
            .has_error("already exists; nothing was written");
        assert_eq!(std::fs::read_to_string(&schema_path).unwrap(), text);
    }
}
