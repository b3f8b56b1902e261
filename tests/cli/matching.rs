//! `mentorsite match` on the example program: the optimal proposals, the
//! unmatched explained, determinism, and nothing published.

use crate::harness::Site;

fn proposals(site: &Site) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(site.root().join("data/proposed-pairs.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "mentor",
            "mentee",
            "mentee_email",
            "track",
            "start",
            "end",
            "cadence",
            "meeting_length",
            "format",
            "goals",
            "status"
        ]
    );
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn mentor_of<'a>(rows: &'a [Vec<String>], mentee: &str) -> Option<&'a str> {
    rows.iter().find(|r| r[1] == mentee).map(|r| r[0].as_str())
}

#[test]
fn match_proposes_the_optimal_pairs_and_explains_the_rest() {
    let site = Site::example();
    let run = site.run(&["match"]);
    run.success();
    let out = run.stdout();
    assert!(out.contains("18 applicants"), "{out}");
    assert!(
        out.contains("14 pairs proposed (total score 1291), 4 unmatched"),
        "{out}"
    );
    assert!(out.contains("Joon-ho Park: no eligible mentor"), "{out}");
    assert!(
        out.contains("Tom Fletcher: no mentor reaches the minimum score of 30"),
        "{out}"
    );
    let rows = proposals(&site);
    assert_eq!(rows.len(), 14);
    assert!(rows.iter().all(|r| r[10] == "proposed"));
    assert_eq!(mentor_of(&rows, "Chiara Bianchi"), Some("diego-ramirez"));
    // Greedy would give Fatima (first choice of both) to Layla; the optimum
    // gives her to Omar, who speaks only Arabic, and Layla her second choice.
    assert_eq!(mentor_of(&rows, "Omar Farouk"), Some("fatima-al-sayed"));
    assert_eq!(mentor_of(&rows, "Layla Haddad"), Some("wei-chen"));
    // The excluded pair is never proposed.
    assert_ne!(mentor_of(&rows, "Kwame Mensah"), Some("rahul-mehta"));
    // Capacity: no mentor gets more proposals than open spots; full mentors none.
    assert!(!rows
        .iter()
        .any(|r| r[0] == "amara-okafor" || r[0] == "lena-hoffmann"));
    let report = std::fs::read_to_string(site.root().join("matching-report.html")).unwrap();
    assert!(report.contains("noindex"));
}

#[test]
fn match_is_deterministic_and_never_publishes() {
    let site = Site::example();
    site.run(&["match"]).success();
    let first = std::fs::read(site.root().join("data/proposed-pairs.csv")).unwrap();
    site.run(&["match"]).success();
    assert_eq!(
        std::fs::read(site.root().join("data/proposed-pairs.csv")).unwrap(),
        first
    );
    site.build().success();
    for file in site.output_files() {
        let text = String::from_utf8_lossy(&std::fs::read(site.public().join(&file)).unwrap())
            .into_owned();
        assert!(
            !text.contains("chiara.bianchi@example.org"),
            "{file} holds an applicant's email"
        );
        assert!(
            !text.contains("Ship a fraud-scoring model"),
            "{file} holds an applicant's goal"
        );
    }
}

#[test]
fn match_reports_bad_configuration_and_missing_input() {
    let site = Site::example();
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        toml.replace("[matching]\n", "[matching]\nmin_scor = 10\n"),
    );
    // Located like every site.toml mistake, by match, build and check alike.
    for command in ["match", "check", "build"] {
        site.run(&[command])
            .failure()
            .has_error("error: unknown key `min_scor` in [matching]; did you mean `min_score`?");
    }
    site.write("site.toml", &toml);
    let missing = site.root().join("nope.csv");
    site.run(&["match", "--applications", missing.to_str().unwrap()])
        .failure()
        .has_error("nope.csv: error: cannot read");
    assert!(!site.root().join("data/proposed-pairs.csv").exists());
}

#[test]
fn check_reports_a_bad_matching_setting_at_its_line() {
    let site = Site::minimal();
    site.write(
        "site.toml",
        format!(
            "{}\n[matching]\nmin_score = 30\n[matching.weights]\nskill = 20000\nskils = 3\n",
            crate::harness::SITE_TOML
        ),
    );
    site.run(&["check"]).failure().has_error(
        "site.toml:13:1: error: unknown key `skils` in [matching.weights]; did you mean `skill`?",
    );
    site.write(
        "site.toml",
        format!(
            "{}\n[matching]\nmin_score = 30\n[matching.weights]\nskill = 20000\n",
            crate::harness::SITE_TOML
        ),
    );
    site.run(&["check"])
        .failure()
        .has_error("site.toml:12:1: error: [matching.weights] `skill` is 20000; weights must be between -10000 and 10000");
}
