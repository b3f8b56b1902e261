//! Results by group: breakdown pages, open data and trends built by the real
//! binary over fixture rounds with groups around the privacy threshold, and
//! `check` telling the coordinator which groups will be hidden.

use crate::harness::{walkdir, Site};

const SCHEMA: &str = r#"title = "Feedback"
[[questions]]
id = "email"
kind = "email"
[[questions]]
id = "team"
label = "Which team are you in?"
kind = "choice"
options = ["Alpha", "Bravo", "Charlie", "Delta"]
breakdown = true
[[questions]]
id = "score"
label = "How satisfied are you?"
kind = "scale"
[[questions]]
id = "rec"
label = "Would you recommend it?"
kind = "nps"
[[questions]]
id = "note"
label = "What went well?"
kind = "text"
publish = true
"#;

/// Respondent `i` of a round: a private email and a private-looking note.
fn email(round: &str, i: usize) -> String {
    format!("hidden-person-{round}-{i}@private.example")
}

fn note(round: &str, i: usize) -> String {
    format!("PRIVATE-WORDS-{round}-{i}")
}

/// A round's CSV: `groups` are (team, people); `skip` lists the respondents
/// (by index) who leave the score empty.
fn round_csv(round: &str, groups: &[(&str, usize)], skip: &[usize]) -> String {
    let mut csv = String::from("email,team,score,rec,note\n");
    let mut i = 0;
    for (team, people) in groups {
        for _ in 0..*people {
            let score = if skip.contains(&i) {
                String::new()
            } else {
                (1 + i % 5).to_string()
            };
            csv.push_str(&format!(
                "{},{team},{score},{},{}\n",
                email(round, i),
                i % 11,
                note(round, i)
            ));
            i += 1;
        }
    }
    csv
}

/// A round: its id, its groups as (team, people), the respondents who skip
/// the score.
type RoundSpec<'a> = (&'a str, &'a [(&'a str, usize)], &'a [usize]);

fn site(rounds: &[RoundSpec]) -> Site {
    let site = Site::minimal();
    site.write("data/forms/feedback.toml", SCHEMA);
    for (n, (round, groups, skip)) in rounds.iter().enumerate() {
        site.write(
            &format!("data/rounds/{round}/round.toml"),
            format!("title = \"Round {round}\"\nopens = 2026-0{}-01\n", n + 1),
        )
        .write(
            &format!("data/rounds/{round}/feedback.csv"),
            round_csv(round, groups, skip),
        );
    }
    site
}

fn json(site: &Site, rel: &str) -> serde_json::Value {
    serde_json::from_str(&site.read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// (label, respondents) of every group, `None` when hidden.
fn groups(b: &serde_json::Value) -> Vec<(String, Option<u64>)> {
    b["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| {
            (
                g["label"].as_str().unwrap_or("").to_string(),
                g["respondents"].as_u64(),
            )
        })
        .collect()
}

fn shown(b: &serde_json::Value, question: &str) -> Vec<bool> {
    b["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .find(|q| q["id"] == question)
        .unwrap_or_else(|| panic!("no {question}"))["groups"]
        .as_array()
        .expect("cells")
        .iter()
        .map(|c| c["shown"] == true)
        .collect()
}

fn g(label: &str, n: Option<u64>) -> (String, Option<u64>) {
    (label.to_string(), n)
}

#[test]
fn twelve_six_four_hides_the_four_and_the_six_with_it() {
    let site = site(&[("r1", &[("Alpha", 12), ("Bravo", 6), ("Charlie", 4)], &[])]);
    site.build().success();
    let b = json(&site, "results/r1/feedback/by/team.json");
    assert_eq!(
        groups(&b),
        [
            g("Alpha", Some(12)),
            g("Bravo", None),
            g("Charlie", None),
            g("Delta", None),
            g("Not stated", None)
        ]
    );
    assert_eq!(shown(&b, "score"), [true, false, false, false, false]);
    // The page states the rule and shows no figure for the hidden groups.
    let page = site.html("results/r1/feedback/by/team/index.html");
    assert!(page
        .text(".privacy-rule")
        .contains("fewer than 5 people shows no figures"));
    let rows = page.texts("section[aria-labelledby='groups'] tbody tr");
    assert_eq!(rows[0], "Whole program 22");
    assert_eq!(rows[1], "Alpha 12");
    assert_eq!(rows[2], "Bravo not shown");
    assert_eq!(rows[3], "Charlie not shown");
    assert_eq!(page.select("figure.chart svg").len(), 2, "score and rec");
    // The form page's own counts of the team question fold the hidden teams.
    let whole = json(&site, "results/r1/feedback.json");
    let team = whole["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "team")
        .expect("team");
    let counts: Vec<(String, u64)> = team["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["label"].as_str().unwrap().to_string(),
                o["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [
            ("Alpha".to_string(), 12),
            ("Other groups, not shown separately".to_string(), 10)
        ]
    );
    let form_page = site.html("results/r1/feedback/index.html");
    assert!(
        form_page
            .select("a[href$='/results/r1/feedback/by/team/']")
            .len()
            == 1
    );
    // The CSV says the same.
    let csv = site.read("results/r1/feedback/by/team.csv");
    assert!(csv.contains(",,Alpha,respondents,,12\r\n"), "{csv}");
    assert!(csv.contains(",,Bravo,suppressed,,not shown\r\n"), "{csv}");
    assert!(!csv.contains(",Bravo,n,") && !csv.contains(",Charlie,mean,"));
    // check names the groups and why, without counts or answers.
    let check = site.run(&["check"]);
    check.success().has_error(
        "data/rounds/r1/feedback.csv: warning: round `r1`, breakdown by `team`: hidden, fewer than 5 respondents: Charlie, Delta; hidden so the smaller groups cannot be worked out by subtraction: Bravo",
    );
}

#[test]
fn twelve_twelve_four_three_shows_both_twelves() {
    let site = site(&[(
        "r1",
        &[("Alpha", 12), ("Bravo", 12), ("Charlie", 4), ("Delta", 3)],
        &[],
    )]);
    site.build().success();
    let b = json(&site, "results/r1/feedback/by/team.json");
    assert_eq!(
        groups(&b),
        [
            g("Alpha", Some(12)),
            g("Bravo", Some(12)),
            g("Charlie", None),
            g("Delta", None),
            g("Not stated", None)
        ]
    );
    assert_eq!(shown(&b, "rec"), [true, true, false, false, false]);
}

#[test]
fn a_question_skipped_in_a_shown_group_hides_that_groups_cell_and_one_more() {
    // Charlie has 5 people, one of whom skips the score: 4 answers.
    let site = site(&[("r1", &[("Alpha", 12), ("Bravo", 12), ("Charlie", 5)], &[26])]);
    site.build().success();
    let b = json(&site, "results/r1/feedback/by/team.json");
    assert_eq!(groups(&b)[2], g("Charlie", Some(5)));
    assert_eq!(shown(&b, "rec"), [true, true, true, false, false]);
    assert_eq!(shown(&b, "score"), [false, true, false, false, false]);
    let score = b["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "score")
        .unwrap();
    assert_eq!(score["whole"]["n"], 28);
    assert_eq!(score["groups"][1]["n"], 12);
    assert!(site
        .run(&["check"])
        .success()
        .stderr()
        .contains("more groups hidden for score, because some people skipped it"));
}

#[test]
fn trends_by_group_follow_each_rounds_suppression() {
    let site = site(&[
        ("r1", &[("Alpha", 12), ("Bravo", 6), ("Charlie", 4)], &[]),
        ("r2", &[("Alpha", 10), ("Bravo", 9), ("Charlie", 7)], &[]),
    ]);
    site.build().success();
    let page = site.html("results/trends/feedback/by/team/index.html");
    assert!(page
        .text(".privacy-rule")
        .contains("Each round applies the rule"));
    let rows = page.texts("section[aria-labelledby='t-score'] tbody tr");
    assert_eq!(rows.len(), 2);
    // Round 1: Bravo and Charlie hidden; round 2: all shown.
    assert_eq!(rows[0].matches("not shown").count(), 2, "{}", rows[0]);
    assert!(!rows[1].contains("not shown"), "{}", rows[1]);
}

#[test]
fn a_breakdown_by_track_from_pairs_csv_joins_by_email_and_publishes_none() {
    let site = site(&[("r1", &[("Alpha", 18)], &[])]);
    site.write(
        "data/forms/feedback.toml",
        format!(
            "{SCHEMA}[[breakdowns]]\nid = \"track\"\nlabel = \"Track\"\nfrom = \"pairs.track\"\njoin = \"email\"\n"
        ),
    );
    let mut pairs = String::from(
        "mentor,mentee,mentee_email,track,start,end,cadence,meeting_length,format,goals,status\n",
    );
    for i in 0..18 {
        let track = if i < 12 { "engineering" } else { "leadership" };
        // Emails in another case: the join folds case.
        pairs.push_str(&format!(
            "ada-lovelace,Mentee {i},{},{track},2026-01-05,2026-06-30,weekly,60 minutes,video,Goal,completed\n",
            email("r1", i).to_uppercase()
        ));
    }
    site.write("data/pairs.csv", pairs);
    site.build().success();
    let b = json(&site, "results/r1/feedback/by/track.json");
    assert_eq!(
        groups(&b),
        [
            g("Engineering", Some(12)),
            g("Leadership", Some(6)),
            g("Not stated", None)
        ]
    );
    assert!(site.exists("results/trends/feedback/by/track/index.html"));
    for file in walkdir(&site.public()) {
        let text = String::from_utf8_lossy(&std::fs::read(&file).expect("read")).to_lowercase();
        for i in 0..18 {
            assert!(
                !text.contains(&email("r1", i)),
                "{} has an email",
                file.display()
            );
        }
    }
}

#[test]
fn no_private_value_and_no_free_text_reaches_any_breakdown_file() {
    let site = site(&[(
        "r1",
        &[("Alpha", 12), ("Bravo", 12), ("Charlie", 4), ("Delta", 3)],
        &[],
    )]);
    site.build().success();
    let mut breakdown_files = 0;
    for file in walkdir(&site.public()) {
        let text = String::from_utf8_lossy(&std::fs::read(&file).expect("read")).to_string();
        let is_breakdown = file.to_string_lossy().contains("/by/");
        breakdown_files += usize::from(is_breakdown);
        for i in 0..31 {
            assert!(
                !text.contains(&email("r1", i)),
                "{} has an email",
                file.display()
            );
            if is_breakdown {
                assert!(
                    !text.contains(&note("r1", i)),
                    "{} shows free text by group",
                    file.display()
                );
            }
        }
    }
    assert_eq!(breakdown_files, 4, "page, JSON, CSV, trends");
}

#[test]
fn a_breakdown_on_a_question_that_is_not_a_choice_is_an_error_with_its_line() {
    let site = Site::minimal();
    site.write(
        "data/forms/feedback.toml",
        "[[questions]]\nid = \"score\"\nkind = \"scale\"\nbreakdown = true\n",
    );
    site.run(&["check"])
        .failure()
        .has_error("data/forms/feedback.toml:2:6: error: `breakdown = true` needs a published choice question, and `score` is not one");
}

#[test]
fn the_example_program_publishes_a_breakdown_by_track_with_a_group_hidden() {
    let site = Site::example();
    site.build().success();
    let b = json(&site, "results/2025-autumn/feedback/by/track.json");
    let shown: Vec<(String, Option<u64>)> = groups(&b);
    assert!(
        shown.iter().filter(|(_, n)| n.is_some()).count() >= 2,
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|(label, n)| label == "Product and design" && n.is_none()),
        "{shown:?}"
    );
    let page = site.html("results/2025-autumn/feedback/by/track/index.html");
    assert!(page.text(".privacy-rule").contains("fewer than 5 people"));
    assert!(site.exists("results/trends/feedback/by/track/index.html"));
    let form = site.html("results/2025-autumn/feedback/index.html");
    assert_eq!(
        form.select("a[href$='/results/2025-autumn/feedback/by/track/']")
            .len(),
        1
    );
}
