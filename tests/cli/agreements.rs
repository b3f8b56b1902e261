//! Agreement pages: one per current pair, unlisted, stable tokens, and the
//! coordinator's link list outside the output.

use crate::harness::Site;

const PAIRS: &str = "mentor,mentee,mentee_email,track,start,end,cadence,meeting_length,format,goals,status,room\n\
ada-lovelace,Mia Mentee,mia.private@example.net,engineering,2026-07-06,2026-12-18,biweekly,60 minutes,video,\"Ship a design doc by 1 Oct;Give a talk by 1 Dec\",active,Blue room\n\
grace-hopper,Noah Newcomer,noah.private@example.net,leadership,2026-07-06,2026-12-18,monthly,45 minutes,in-person,Lead a review,proposed,\n\
ada-lovelace,Olga Old,olga.private@example.net,engineering,2025-01-06,2025-06-18,weekly,30 minutes,video,Done,completed,\n";

const TEMPLATE: &str = "+++\ntitle = \"Mentoring agreement\"\n+++\n## Parties\n\n**{{ mentor.name }}** mentors **{{ pair.mentee }}** in {{ pair.track }} from {{ pair.start }} to {{ pair.end }}, {{ pair.cadence }}, {{ pair.meeting_length }} by {{ pair.format }} in {{ pair.extra.room }}.\n\n## Goals\n\n{% for goal in pair.goals %}- {{ goal }}\n{% endfor %}\n## Signatures\n\nMentor: ________ Mentee: ________\n";

fn site_with_pairs() -> Site {
    let site = Site::minimal();
    site.write("data/pairs.csv", PAIRS)
        .write("content/agreement.md", TEMPLATE)
        .write(".mentorsite-secret", "a-test-secret-that-is-long-enough\n");
    site
}

fn agreement_links(site: &Site) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(site.root().join("agreements.csv")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

#[test]
fn each_current_pair_gets_an_unlisted_agreement_page() {
    let site = site_with_pairs();
    let run = site.build();
    run.success();
    assert!(
        run.stdout().contains("2 agreement pages"),
        "{}",
        run.stdout()
    );
    let links = agreement_links(&site);
    assert_eq!(links.len(), 2, "completed pairs get no page");
    assert_eq!(links[0][..3], ["ada-lovelace", "Mia Mentee", "active"]);
    let url = &links[0][3];
    assert!(url.starts_with("https://test.example.org/agreements/"));
    let path = url.trim_start_matches("https://test.example.org/");
    let page = site.html(&format!("{path}index.html"));
    assert_eq!(
        page.attrs("meta[name=robots]", "content"),
        ["noindex, nofollow"]
    );
    let body = page.text(".agreement-body");
    assert!(body.contains("Ada Lovelace mentors Mia Mentee in Engineering from 6 July 2026 to 18 December 2026, biweekly, 60 minutes by video in Blue room."), "{body}");
    assert_eq!(
        page.texts(".agreement-body li"),
        ["Ship a design doc by 1 Oct", "Give a talk by 1 Dec"]
    );
    // The token: 26 base32 characters.
    let token = path.trim_start_matches("agreements/").trim_end_matches('/');
    assert_eq!(token.len(), 26);

    // Unlisted: not in the sitemap, the search index, or any other page.
    assert!(!site.read("sitemap.xml").contains("agreements/"));
    assert!(!crate::search::index_text(&site).contains("agreement"));
    for file in site.output_files() {
        if file.starts_with("agreements/") {
            continue;
        }
        let text = std::fs::read(site.public().join(&file)).unwrap();
        let text = String::from_utf8_lossy(&text);
        assert!(!text.contains(token), "{file} links an agreement");
        assert!(!text.contains("Mia Mentee"), "{file} names a mentee");
    }
    assert!(
        !site.exists("agreements.csv"),
        "the link list is never published"
    );
}

#[test]
fn tokens_are_stable_and_change_with_the_key() {
    let site = site_with_pairs();
    site.build().success();
    let first = agreement_links(&site);
    site.build().success();
    assert_eq!(agreement_links(&site), first);
    site.write(".mentorsite-secret", "another-secret-entirely-0123456789\n");
    site.build().success();
    let rekeyed = agreement_links(&site);
    assert_ne!(rekeyed[0][3], first[0][3]);
    assert!(!site.exists(first[0][3].trim_start_matches("https://test.example.org/")));
}

#[test]
fn no_secret_means_no_agreement_pages_and_says_why() {
    let site = site_with_pairs();
    site.remove(".mentorsite-secret");
    let run = site.build();
    run.success()
        .has_error("agreement pages not built: no secret");
    assert!(!site.exists("agreements"));
    assert!(!site.root().join("agreements.csv").exists());
}

#[test]
fn open_spots_follow_active_pairs() {
    let site = site_with_pairs();
    site.build().success();
    // Ada: capacity 2, one active pair (the completed one does not count).
    assert_eq!(
        site.html("mentors/ada-lovelace/index.html").text(".spots"),
        "1 of 2 spots open"
    );
    // Grace: capacity 1, only a proposed pair.
    assert_eq!(
        site.html("mentors/grace-hopper/index.html").text(".spots"),
        "1 spot open"
    );
    let index: serde_json::Value = serde_json::from_str(&site.read("mentors/index.json")).unwrap();
    assert_eq!(index["mentors"][0][5], 1);
}

#[test]
fn mentee_emails_and_the_secret_never_reach_the_output() {
    let site = site_with_pairs();
    site.build().success();
    for file in site.output_files() {
        let text = String::from_utf8_lossy(&std::fs::read(site.public().join(&file)).unwrap())
            .into_owned();
        for private in [
            "mia.private",
            "noah.private",
            "olga.private",
            "a-test-secret-that-is-long-enough",
            "Olga Old",
        ] {
            assert!(!text.contains(private), "{file} contains {private}");
        }
    }
}

#[test]
fn bad_pairs_are_all_reported_with_positions() {
    let site = site_with_pairs();
    site.write(
        "data/pairs.csv",
        "mentor,mentee,status,start,end,cadence\n\
         ada-lovelase,A,active,2026-01-01,2026-06-01,weekly\n\
         grace-hopper,B,activ,2026-01-01,2026-06-01,weekly\n\
         grace-hopper,C,active,2026-13-01,2026-06-01,weekly\n\
         grace-hopper,D,active,2026-06-01,2026-01-01,daily\n",
    );
    let run = site.run(&["check"]);
    run.failure()
        .has_error("data/pairs.csv:2:1: error:")
        .has_error("did you mean `ada-lovelace`?")
        .has_error("data/pairs.csv:3:16: error:")
        .has_error("data/pairs.csv:4:23: error: `2026-13-01` in column `start` is not a date")
        .has_error("data/pairs.csv:5:1: error: mentor `grace-hopper` has 2 active pairs but a capacity of 1")
        .has_error("data/pairs.csv:5:34: error: `end` (2026-01-01) is before `start`")
        .has_error("data/pairs.csv:5:45: error: unknown cadence `daily`");
}

#[test]
fn agreement_template_errors_point_into_the_markdown_file() {
    let site = site_with_pairs();
    site.write(
        "content/agreement.md",
        "+++\ntitle = \"A\"\n+++\nIntro\n\n{{ pair.mentee }\n",
    );
    site.build().failure().has_error("content/agreement.md:6:");
}

#[test]
fn init_creates_a_secret_so_the_example_builds_agreements() {
    let site = Site::example();
    let secret = std::fs::read_to_string(site.root().join(".mentorsite-secret")).unwrap();
    assert!(secret.trim().len() >= 32);
    assert!(std::fs::read_to_string(site.root().join(".gitignore"))
        .unwrap()
        .contains(".mentorsite-secret"));
    let run = site.build();
    run.success();
    assert!(run.stdout().contains("agreement pages"), "{}", run.stdout());
}
