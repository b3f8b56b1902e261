//! Check-ins, the public impact page and the coordinator's health report:
//! the example program's figures against values computed by hand, the
//! privacy of the page, a check-in sent through `serve`, and the report on
//! a fixture whose stalled pairs are known.

use crate::harness::{Page, Site, SITE_TOML};
use crate::serve::process::Server;
use std::collections::BTreeSet;

const MIN_FIGURES: &str = "\n[impact]\nas_of = 2026-11-30\n";

/// The text of figure `id`'s cells for one kind of group.
fn cells(page: &Page, table: &str, id: &str) -> Vec<String> {
    page.texts(&format!("#{table} tr[data-figure=\"{id}\"] td"))
}

fn program(page: &Page, id: &str) -> String {
    page.text(&format!(
        "#impact-by-cohort tr[data-figure=\"{id}\"] td[data-group=\"program\"]"
    ))
}

#[test]
fn the_example_programs_impact_figures_match_values_computed_by_hand() {
    let site = Site::example();
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", format!("{toml}{MIN_FIGURES}"));
    site.build().success();
    let page = site.html("results/impact/index.html");
    // 18 pairs: 9 active and 2 proposed (July and August 2026), 5 completed
    // and 1 ended early (January 2026), 1 ended early (July).
    // 18 applications for spring 2027, 1 of them already a proposed pair.
    assert_eq!(program(&page, "applicants"), "18");
    assert_eq!(program(&page, "match_rate"), "5.56%");
    assert_eq!(program(&page, "pairs"), "18");
    assert_eq!(program(&page, "active"), "9");
    assert_eq!(program(&page, "completed"), "5");
    assert_eq!(program(&page, "ended_early"), "2");
    assert_eq!(program(&page, "retention"), "71.43%"); // 5 of 7 finished
                                                       // First meetings 2,2,3,3,3,3,4,4,4,4,7,8,8,9,10,14 days after the start.
    assert_eq!(program(&page, "days_to_first_meeting"), "4");
    // Mean of meetings ÷ (days running ÷ 30.4375) over the 16 started pairs.
    assert_eq!(program(&page, "meetings_per_month"), "1.57");
    // 14 biweekly (2.174 a month) and 2 monthly pairs.
    assert_eq!(program(&page, "agreed_per_month"), "2.03");
    // Behind: Ananya, Valeria, Émilie, Ethan, Hugo, Zoe: 10 of 16 keep up.
    assert_eq!(program(&page, "on_cadence"), "62.5%");
    // Valeria (87 days) and Émilie (133 days) of 9 active pairs.
    assert_eq!(program(&page, "stalled"), "22.22%");
    // 27 of the 48 goals of started pairs.
    assert_eq!(program(&page, "goals_on_track"), "56.25%");

    let headers = page.texts("#impact-by-cohort thead th");
    assert_eq!(
        headers,
        [
            "Figure",
            "Whole program",
            "January 2026",
            "July 2026",
            "August 2026"
        ]
    );
    // The cohorts in order, as a trend: January's 6 and July's 10 started pairs.
    assert_eq!(
        cells(&page, "impact-by-cohort", "goals_on_track")[1..],
        ["66.67%", "50%", "–"]
    );
    assert_eq!(
        cells(&page, "impact-by-cohort", "days_to_first_meeting")[1..],
        ["3.5", "4", "–"]
    );
    // August's 2 proposed pairs are too few; January is hidden with them,
    // or August's count would be the total minus the others.
    assert_eq!(
        cells(&page, "impact-by-cohort", "pairs")[1..],
        ["too few to show", "10", "too few to show"]
    );
}

#[test]
fn a_cohort_under_the_threshold_shows_no_numbers() {
    let site = Site::example();
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", format!("{toml}{MIN_FIGURES}"));
    site.build().success();
    let page = site.html("results/impact/index.html");
    let august = page.texts("#impact-by-cohort td:nth-child(5)");
    assert_eq!(august.len(), 13);
    for cell in &august {
        assert!(
            !cell.chars().any(|c| c.is_ascii_digit()),
            "August 2026 has 2 pairs and shows {cell:?}"
        );
    }
    // Tracks of 3 and 4 pairs: every figure about pairs hidden.
    let headers = page.texts("#impact-by-track thead th");
    let product = headers
        .iter()
        .position(|h| h == "Product and design")
        .unwrap();
    // (Its 5 applicants are enough to count; its 3 pairs are not.)
    let pair_rows =
        "#impact-by-track tr:not([data-figure=\"applicants\"]):not([data-figure=\"match_rate\"])";
    let cells = page.texts(&format!("{pair_rows} td:nth-child({})", product + 1));
    assert_eq!(cells.len(), 11);
    for cell in cells {
        assert!(!cell.chars().any(|c| c.is_ascii_digit()), "{cell:?}");
    }
}

/// Every reference in the example's check-ins, as written.
fn references(root: &std::path::Path) -> BTreeSet<String> {
    let mut refs = BTreeSet::new();
    for round in ["2026-spring", "2026-autumn"] {
        let text =
            std::fs::read_to_string(root.join(format!("data/rounds/{round}/checkin.csv"))).unwrap();
        for line in text.lines().skip(1) {
            let reference = line.split(',').next().unwrap();
            refs.insert(reference.to_string());
            refs.insert(reference.to_lowercase());
        }
    }
    refs
}

#[test]
fn no_name_email_goal_or_pair_reference_reaches_public_outside_the_agreement_pages() {
    let site = Site::example();
    site.build().success();
    let root = site.root();
    let pairs = std::fs::read_to_string(root.join("data/pairs.csv")).unwrap();
    let mut private: Vec<String> = Vec::new();
    for record in csv::Reader::from_reader(pairs.as_bytes())
        .records()
        .flatten()
    {
        private.push(record[1].to_string()); // mentee
        private.push(record[2].to_string()); // mentee_email
        private.extend(record[9].split(';').map(str::to_string)); // goals
    }
    let refs = references(&root);
    assert!(refs.len() >= 16, "{refs:?}");
    private.extend(refs.iter().cloned());
    let mut pages = 0;
    for file in site.output_files() {
        let text = String::from_utf8_lossy(&std::fs::read(site.public().join(&file)).unwrap())
            .into_owned();
        if file.starts_with("agreements/") {
            continue;
        }
        let escaped = text
            .replace("&#39;", "'")
            .replace("&#x27;", "'")
            .replace("&amp;", "&");
        for value in &private {
            assert!(!escaped.contains(value.as_str()), "{file} holds {value:?}");
        }
        pages += 1;
    }
    assert!(pages > 100);
    assert!(site.exists("results/impact/index.html"));
    // The agreement page carries its own pair's reference and the link to log a meeting.
    let agreements = std::fs::read_to_string(root.join("agreements.csv")).unwrap();
    let url = agreements
        .lines()
        .nth(1)
        .unwrap()
        .rsplit(',')
        .next()
        .unwrap();
    let path = url.split("/agreements/").nth(1).unwrap();
    let page = site.html(&format!("agreements/{path}index.html"));
    let reference = page.text(".agreement-checkin code");
    assert!(refs.contains(&reference), "{reference}");
    assert_eq!(
        page.attrs(".agreement-checkin a", "href"),
        [format!("/forms/checkin/?pair={reference}")]
    );
    // The report lives beside public/, and init's .gitignore keeps it out of git.
    site.run(&["report"]).success();
    assert!(root.join("program-report.html").is_file());
    assert!(!site.exists("program-report.html"));
    let gitignore = std::fs::read_to_string(root.join(".gitignore")).unwrap();
    assert!(gitignore.lines().any(|l| l == "/program-report.html"));
}

const MENTORS: [(&str, &str, u32); 2] = [
    ("katherine-johnson", "Katherine Johnson", 3),
    ("alan-kay", "Alan Kay", 2),
];

/// Six active biweekly pairs from 1 September 2026, figures as of 30
/// November, a pair stalled after 30 days, groups of 3.
fn program_site(intake: bool) -> Site {
    let site = Site::minimal();
    let mut toml = format!("{SITE_TOML}\n[privacy]\nmin_group_size = 3\n\n[impact]\nas_of = 2026-11-30\nstalled_after_days = 30\n");
    if intake {
        toml.push_str("\n[intake]\nround = \"2026-autumn\"\n");
    }
    site.write("site.toml", toml);
    for (slug, name, capacity) in MENTORS {
        site.write(
            &format!("content/mentors/{slug}.md"),
            format!("+++\nname = \"{name}\"\ntracks = [\"engineering\"]\ncapacity = {capacity}\n+++\nBio.\n"),
        );
    }
    let mut pairs =
        String::from("mentor,mentee,mentee_email,track,start,end,cadence,goals,status\n");
    for (mentor, mentee) in [
        ("ada-lovelace", "Pia Private"),
        ("ada-lovelace", "Quinn Quiet"),
        ("grace-hopper", "Rosa Reserved"),
        ("katherine-johnson", "Sam Secret"),
        ("katherine-johnson", "Tara Hidden"),
        ("alan-kay", "Uma Unseen"),
    ] {
        let email = mentee.to_lowercase().replace(' ', ".");
        pairs.push_str(&format!(
            "{mentor},{mentee},{email}@example.net,engineering,2026-09-01,2027-02-26,biweekly,Goal one;Goal two,active\n"
        ));
    }
    site.write("data/pairs.csv", pairs)
        .write("content/agreement.md", "+++\ntitle = \"Agreement\"\n+++\n{{ pair.mentee }}\n")
        .write(".mentorsite-secret", "a-test-secret-that-is-long-enough\n")
        .write(
            "data/forms/checkin.toml",
            "title = \"Check-in\"\n\
             [[questions]]\nid = \"pair\"\nkind = \"id\"\nrequired = true\n\
             [[questions]]\nid = \"met_on\"\nkind = \"date\"\nrequired = true\nprivate = true\n\
             [[questions]]\nid = \"minutes\"\nkind = \"number\"\n\
             [[questions]]\nid = \"goal_1\"\nkind = \"choice\"\noptions = [\"Not started\", \"Some progress\", \"On track\", \"Achieved\"]\n",
        )
        .write(
            "data/rounds/2026-autumn/round.toml",
            "title = \"Autumn 2026\"\nopens = 2026-09-01\ncloses = 2026-12-01\n",
        );
    site
}

/// Each mentee's check-in reference, read from their agreement page.
fn references_by_mentee(site: &Site) -> std::collections::BTreeMap<String, String> {
    site.build().success();
    let links = std::fs::read_to_string(site.root().join("agreements.csv")).unwrap();
    let mut refs = std::collections::BTreeMap::new();
    for record in csv::Reader::from_reader(links.as_bytes())
        .records()
        .flatten()
    {
        let url = record.iter().next_back().unwrap().to_string();
        let token = url.split("/agreements/").nth(1).unwrap();
        let page = site.html(&format!("agreements/{token}index.html"));
        refs.insert(record[1].to_string(), page.text(".agreement-checkin code"));
    }
    assert_eq!(refs.len(), 6);
    refs
}

#[test]
fn the_health_report_lists_exactly_the_stalled_pairs() {
    let site = program_site(false);
    let refs = references_by_mentee(&site);
    let mut csv = String::from("pair,met_on,minutes,goal_1\n");
    for (mentee, day) in [
        ("Pia Private", "2026-11-20"), // 10 days
        ("Quinn Quiet", "2026-10-01"), // 60 days: stalled
        ("Sam Secret", "2026-11-25"),  // 5 days
        ("Tara Hidden", "2026-10-30"), // 31 days: stalled
        ("Uma Unseen", "2026-10-31"),  // 30 days: within the last 30
        ("Uma Unseen", "2026-09-05"),
    ] {
        csv.push_str(&format!("{},{day},60,Some progress\n", refs[mentee]));
    }
    // Rosa Reserved never logged a meeting: 90 days since the start.
    site.write("data/rounds/2026-autumn/checkin.csv", csv);
    let run = site.run(&["report"]);
    run.success();
    let html = std::fs::read_to_string(site.root().join("program-report.html")).unwrap();
    let report = Page(scraper::Html::parse_document(&html));
    let stalled: BTreeSet<String> = report
        .texts("#Stalled td:first-child")
        .into_iter()
        .collect();
    assert_eq!(
        stalled,
        BTreeSet::from([
            "Ada Lovelace and Quinn Quiet".to_string(),
            "Grace Hopper and Rosa Reserved".to_string(),
            "Katherine Johnson and Tara Hidden".to_string(),
        ])
    );
    assert!(html.contains("no meeting logged since the start on 1 September 2026, 90 days ago"));
    assert!(html.contains("Check in with both"));
    // The terminal names pairs by their line and mentor, never the mentee.
    let out = run.stdout();
    assert!(out.contains("Pairs that have not met recently: 3"), "{out}");
    assert!(
        out.contains("data/pairs.csv line 3 (mentor ada-lovelace)"),
        "{out}"
    );
    for mentee in refs.keys() {
        assert!(!out.contains(mentee.as_str()) && !run.stderr().contains(mentee.as_str()));
    }
}

#[test]
fn a_check_in_naming_no_pair_is_rejected_with_its_line() {
    let site = program_site(false);
    references_by_mentee(&site);
    site.write(
        "data/rounds/2026-autumn/checkin.csv",
        "pair,met_on,minutes\nzzzzzzzzzzzz,2026-11-02,45\n",
    );
    let run = site.run(&["check"]);
    run.failure()
        .has_error("data/rounds/2026-autumn/checkin.csv:2")
        .has_error("this check-in names no known pair");
    assert!(!run.stderr().contains("zzzzzzzzzzzz") && !run.stdout().contains("zzzzzzzzzzzz"));
}

#[test]
fn a_check_in_sent_through_serve_changes_the_impact_page_after_the_rebuild() {
    let site = program_site(true);
    let refs = references_by_mentee(&site);
    let mut server = Server::start(&site);
    let stalled = |reply: &crate::serve::process::Reply| {
        let page = Page(scraper::Html::parse_document(&reply.text()));
        program(&page, "stalled")
    };
    let before = server.poll("/results/impact/", "the impact page", |r| r.status == 200);
    // No meeting logged: all six pairs are 90 days without one.
    assert_eq!(stalled(&before), "100%");

    let unknown = server.post_form(
        "/forms/checkin/submit",
        "pair=abcdefghijkl&met_on=2026-11-28&minutes=50",
    );
    assert_eq!(unknown.status, 422);
    assert!(unknown.text().contains("names no pair of the program"));
    assert!(!site
        .root()
        .join("data/rounds/2026-autumn/checkin.csv")
        .exists());

    let body = format!(
        "pair={}&met_on=2026-11-28&minutes=50",
        refs["Rosa Reserved"]
    );
    let sent = server.post_form("/forms/checkin/submit", &body);
    assert_eq!(sent.status, 200, "{}", sent.text());
    server.wait_for_line("Rebuilt after data/rounds/2026-autumn/checkin.csv");
    let after = server.poll("/results/impact/", "the new figure", |r| {
        stalled(r) != "100%"
    });
    assert_eq!(stalled(&after), "83.33%");
}
