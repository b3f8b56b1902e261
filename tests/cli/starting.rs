//! Starting and running a program: `init --minimal`, the site title people
//! see, internal links checked like Zola checks them, the handbook's
//! navigation, and how to ask for a mentor.

use crate::harness::{bin, Site};
use std::process::Command;

fn init(site: &Site, args: &[&str]) {
    let out = Command::new(bin())
        .arg("init")
        .args(args)
        .arg(site.root().join("program"))
        .output()
        .expect("run init");
    assert!(
        out.status.success(),
        "init failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn init_minimal_writes_a_small_program_with_nothing_personal() {
    let site = Site::empty();
    init(&site, &["--minimal"]);
    let mut files: Vec<String> = crate::harness::walkdir(&site.root())
        .into_iter()
        .map(|p| {
            p.strip_prefix(site.root())
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            ".gitignore",
            ".mentorsite-secret",
            "content/_index.md",
            "content/handbook/_index.md",
            "content/handbook/first-meeting.md",
            "content/mentors/example-mentor.md",
            "data/forms/feedback.toml",
            "site.toml",
        ],
        "no responses, no pairs, no applications, no theme copy"
    );
    // The one thing to say about a new program: its form needs a place to
    // post when the site goes to a static host.
    let check = site.run(&["check"]);
    check.success();
    assert!(
        check.stderr().contains("0 errors, 1 warning")
            && check
                .stderr()
                .contains("have nowhere to post on a static host"),
        "{}",
        check.stderr()
    );
    site.build().success();
    assert_eq!(site.html("index.html").text("h1"), "My Mentorship Program");
    assert_eq!(site.html("handbook/index.html").text("h1"), "Handbook");
    assert_eq!(
        site.html("handbook/first-meeting/index.html").text("h1"),
        "Your first meeting"
    );
    assert_eq!(
        site.html("mentors/example-mentor/index.html").text("h1"),
        "Example Mentor"
    );
    assert!(site.exists("forms/feedback/index.html"));
    assert!(!site.exists("results/index.html"), "no rounds yet");
}

#[test]
fn changing_the_title_in_site_toml_changes_the_heading_people_see() {
    for args in [&[][..], &["--minimal"][..]] {
        let site = Site::empty();
        init(&site, args);
        let toml = std::fs::read_to_string(site.root().join("site.toml")).expect("site.toml");
        let title_line = toml
            .lines()
            .find(|l| l.starts_with("title = "))
            .expect("a title")
            .to_string();
        site.write(
            "site.toml",
            toml.replace(&title_line, "title = \"Riverside Mentoring Circle\""),
        );
        site.build().success();
        let home = site.html("index.html");
        assert_eq!(home.text("h1"), "Riverside Mentoring Circle", "{args:?}");
        assert_eq!(home.text("header .brand"), "Riverside Mentoring Circle");
        assert!(home.title().ends_with("Riverside Mentoring Circle"));
        let old = title_line.trim_start_matches("title = ").trim_matches('"');
        for text in home.texts("title, h1, h2, .brand, footer") {
            assert!(
                !text.contains(old),
                "{args:?}: the old title {old:?} is still in {text:?}"
            );
        }
    }
}

#[test]
fn a_profile_links_to_the_application_form_with_the_mentor_preselected() {
    let site = Site::minimal();
    site.build().success();
    assert!(
        site.html("mentors/ada-lovelace/index.html")
            .select(".apply a")
            .is_empty(),
        "no application form, no link"
    );
    site.write(
        "data/forms/application.toml",
        "title = \"Apply for a mentor\"\n[[questions]]\nid = \"goals\"\nlabel = \"Your goals\"\nkind = \"text\"\n[[questions]]\nid = \"ranked_mentors\"\nlabel = \"Mentors you would like, best first\"\nkind = \"text\"\n",
    );
    site.build().success();
    let profile = site.html("mentors/ada-lovelace/index.html");
    assert_eq!(
        profile.attrs(".apply a", "href"),
        ["/forms/application/?ranked_mentors=ada-lovelace"]
    );
    assert_eq!(
        profile.text(".apply a"),
        "Apply to be mentored by Ada Lovelace"
    );
    let form = site.html("forms/application/index.html");
    assert_eq!(form.select("textarea[name=ranked_mentors]").len(), 1);
}

#[test]
fn links_to_missing_anchors_and_pages_are_located_errors_or_warnings_by_a_setting() {
    let site = Site::minimal();
    site.write(
        "content/handbook/meetings/first.md",
        "+++\ntitle = \"First meeting\"\n+++\nAgenda.\n\nSee [goals](@/handbook/basics/goals.md#nonexistent),\n[Ada](/mentors/ada-lovelace/), [nobody](/mentors/nobody/)\nand [why](@/handbook/basics/goals.md#why-goals).\n",
    );
    let run = site.run(&["check"]);
    run.failure()
        .has_error("content/handbook/meetings/first.md:6:5: error: broken link `@/handbook/basics/goals.md#nonexistent`: /handbook/basics/goals/ has no heading or element with id `nonexistent`")
        .has_error("content/handbook/meetings/first.md:7:32: error: broken link `/mentors/nobody/`: this build has no page /mentors/nobody/");
    assert!(!run.stderr().contains("ada-lovelace/`"), "{}", run.stderr());
    assert!(!run.stderr().contains("#why-goals"), "{}", run.stderr());
    site.build().failure();
    // As Zola's internal_level: the same problems as warnings, by a setting.
    let toml = std::fs::read_to_string(site.root().join("site.toml")).expect("site.toml");
    site.write(
        "site.toml",
        format!("{toml}\n[links]\ninternal = \"warning\"\n"),
    );
    let run = site.build();
    run.success();
    assert!(
        run.stderr()
            .contains("content/handbook/meetings/first.md:6:5: warning: broken link"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_slightly_misspelt_internal_link_gets_a_did_you_mean() {
    let site = Site::minimal();
    site.write(
        "content/handbook/meetings/first.md",
        "+++\ntitle = \"First meeting\"\n+++\nSee [goals](@/handbook/basics/goal.md).\n",
    );
    site.run(&["check"])
        .failure()
        .has_error("content/handbook/meetings/first.md:4:5: error: broken internal link `@/handbook/basics/goal.md`")
        .has_error("did you mean @/handbook/basics/goals.md?");
}

#[test]
fn the_example_programs_links_and_the_readmes_example_anchor_exist() {
    let site = Site::example();
    let run = site.run(&["check"]);
    run.success();
    assert!(!run.stderr().contains("broken link"), "{}", run.stderr());
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let example = readme
        .split("(@/handbook/meetings/smart-goals.md#")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .expect("the README shows an @/ link with an anchor");
    site.build().success();
    let guide = site.html("handbook/meetings/smart-goals/index.html");
    assert_eq!(
        guide.select(&format!("[id=\"{example}\"]")).len(),
        1,
        "the README's anchor #{example} is a heading of the guide"
    );
}

#[test]
fn the_sidebar_shows_the_whole_handbook_numbered_with_the_current_section_open() {
    let site = Site::minimal();
    site.build().success();
    let goals = site.html("handbook/basics/goals/index.html");
    assert_eq!(goals.text(".sidebar-title"), "Handbook");
    assert_eq!(
        goals.texts(".sidebar li"),
        [
            "1. Basics 1.1. Introduction 1.2. Setting goals",
            "1.1. Introduction",
            "1.2. Setting goals",
            "2. Meetings"
        ],
        "every section of the handbook, the current one open"
    );
    assert_eq!(
        goals.text(".sidebar [aria-current=page]"),
        "1.2. Setting goals"
    );
    let first = site.html("handbook/meetings/first/index.html");
    assert_eq!(
        first.texts(".sidebar li"),
        [
            "1. Basics",
            "2. Meetings 2.1. First meeting",
            "2.1. First meeting"
        ]
    );
    let print = site.html("handbook/print/index.html");
    assert_eq!(
        print.texts("#print-toc + ol li"),
        [
            "Handbook",
            "1. Basics",
            "1.1. Introduction",
            "1.2. Setting goals",
            "2. Meetings",
            "2.1. First meeting"
        ],
        "the print view is numbered as the sidebar"
    );
    assert_eq!(
        print.texts(".print-page-title")[..2],
        ["1. Basics", "1.1. Introduction"]
    );
}
