//! Safe to publish: one test per class of problem, through the real binary.
//!
//! - only the site's own files are published (links that leave the site or
//!   lead to its private files, in every folder that is copied or read for
//!   output);
//! - nothing published runs code (profile links, active SVG, data values
//!   that would become Markdown);
//! - nothing is silently replaced (two sources for one output path, slugs
//!   that collide);
//! - personal data stays out of git and out of messages.

use crate::harness::Site;

/// A file outside every site folder, with a value that must never be
/// published.
const CANARY: &str = "canary-outside-the-site-7d1f";

/// A folder beside the site (not inside it) holding one file.
fn outside_file() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("outside.txt");
    std::fs::write(&path, CANARY).expect("write outside file");
    (dir, path)
}

#[cfg(unix)]
fn link(site: &Site, target: &std::path::Path, rel: &str) {
    let path = site.root().join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::os::unix::fs::symlink(target, path).expect("symlink");
}

/// No file under the output folder holds `needle`.
#[track_caller]
fn nowhere_in_output(site: &Site, needle: &str) {
    for file in crate::harness::walkdir(&site.public()) {
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(needle),
            "{} holds {needle:?}",
            file.display()
        );
    }
}

#[cfg(unix)]
#[test]
fn links_that_leave_the_site_are_refused_in_every_published_folder() {
    for rel in [
        "content/mentors/avatar.jpg",
        "content/handbook/basics/diagram.png",
        "content/handbook/linked-folder",
        "static/leak.txt",
        "static/linked-folder",
        "templates/leak.html",
    ] {
        let site = Site::minimal();
        let (_keep, outside) = outside_file();
        let target = if rel.ends_with("folder") {
            outside.parent().expect("parent").to_path_buf()
        } else {
            outside.clone()
        };
        link(&site, &target, rel);
        let run = site.build();
        run.failure()
            .has_error(&format!("{rel}: error: this link leads to"))
            .has_error("outside the site folder");
        assert!(!site.public().exists(), "{rel}: nothing is published");
        site.run(&["check"]).failure().has_error(rel);
        nowhere_in_output(&site, CANARY);
    }
}

#[cfg(unix)]
#[test]
fn links_to_the_sites_private_files_are_refused() {
    for (target, rel) in [
        (".mentorsite-secret", "content/mentors/key.jpg"),
        ("site.toml", "static/config.txt"),
        ("data/pairs.csv", "static/pairs.pdf"),
        ("data", "static/data"),
        (".git/config", "content/handbook/config.png"),
    ] {
        let site = Site::minimal();
        site.write(
            ".mentorsite-secret",
            "secret-key-that-must-never-be-published\n",
        )
        .write("data/pairs.csv", "mentor,mentee\n")
        .write(".git/config", "[core]\n");
        link(&site, &site.root().join(target), rel);
        site.build()
            .failure()
            .has_error(&format!("{rel}: error: this link leads to"))
            .has_error("which is never published");
        assert!(!site.public().exists(), "{rel}: nothing is published");
    }
}

#[cfg(unix)]
#[test]
fn links_inside_the_site_are_followed() {
    let site = Site::minimal();
    site.write("static/logo.png", "png bytes");
    link(
        &site,
        &site.root().join("static/logo.png"),
        "static/logo-copy.png",
    );
    site.build().success();
    assert_eq!(site.read("logo-copy.png"), "png bytes");
}

#[test]
fn profile_links_are_web_or_mail_addresses_only() {
    for bad in [
        "javascript:alert(1)",
        "  JavaScript:alert(document.cookie)",
        "java\\tscript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "example.org",
    ] {
        let site = Site::minimal();
        site.write(
            "content/mentors/eve.md",
            format!("+++\nname = \"Eve\"\n\n[links]\nwebsite = \"{bad}\"\n+++\nBio.\n"),
        );
        site.build()
            .failure()
            .has_error("content/mentors/eve.md:5:1: error: link `website` must be an http, https or mailto address");
    }
    let site = Site::minimal();
    site.write(
        "content/mentors/eve.md",
        "+++\nname = \"Eve\"\nlinks = { site = \" https://eve.example.org \", mail = \"mailto:eve@example.org\" }\n+++\nBio.\n",
    );
    site.build().success();
    let hrefs = site.html("mentors/eve/index.html").attrs("a", "href");
    assert!(
        hrefs.contains(&"https://eve.example.org".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"mailto:eve@example.org".to_string()),
        "{hrefs:?}"
    );
}

#[test]
fn values_from_pairs_csv_are_text_on_agreement_pages() {
    let hostile = [
        "[click](javascript:alert(1))",
        "![x](https://tracker.example/pixel.gif)",
        "<img src=x onerror=alert(1)>",
        "**bold** | split | cells",
        "<https://autolink.example/>",
    ];
    let goals = hostile.join(";");
    let site = Site::minimal();
    site.write(
        "data/pairs.csv",
        format!(
            "mentor,mentee,track,goals,status,room\nada-lovelace,\"[Mia](https://phish.example/)\",engineering,\"{}\",active,\"<script>alert(1)</script>\"\n",
            goals.replace('"', "\"\"")
        ),
    )
    .write(
        "content/agreement.md",
        "+++\ntitle = \"Agreement\"\n+++\n**{{ mentor.name }}** and **{{ pair.mentee }}** meet in {{ pair.extra.room }}.\n\n| Goal |\n|---|\n{% for goal in pair.goals %}| {{ goal }} |\n{% endfor %}\n{% for goal in pair.goals %}- {{ goal }}\n{% endfor %}",
    )
    .write(".mentorsite-secret", "a-test-secret-that-is-long-enough\n");
    site.build().success();
    let agreements = std::fs::read_to_string(site.root().join("agreements.csv")).unwrap();
    let path = agreements
        .lines()
        .nth(1)
        .and_then(|l| l.rsplit(',').next())
        .expect("a link")
        .trim_start_matches("https://test.example.org/")
        .to_string();
    let page = site.html(&format!("{path}index.html"));
    assert!(page.select(".agreement-body a").is_empty(), "no links");
    assert!(page.select(".agreement-body img").is_empty(), "no images");
    assert!(
        page.select(".agreement-body script").is_empty(),
        "no scripts"
    );
    assert_eq!(
        page.texts(".agreement-body td"),
        hostile,
        "one cell per goal, as typed"
    );
    assert_eq!(
        page.texts(".agreement-body li"),
        hostile,
        "one item per goal, as typed"
    );
    let intro = page.text(".agreement-body p");
    assert!(
        intro.contains("and [Mia](https://phish.example/) meet in <script>alert(1)</script>."),
        "{intro}"
    );
}

#[test]
fn every_output_path_has_one_source() {
    for (alias, taken) in [
        ("/index.html", "the home page"),
        ("/mentors/", "the mentor directory"),
        ("/handbook/basics/intro/", "a guide"),
        ("/404.html", "the 404 page"),
        ("/sitemap.xml", "a file mentorsite generates"),
    ] {
        let site = Site::minimal();
        site.write(
            "content/handbook/meetings/first.md",
            format!("+++\ntitle = \"First meeting\"\naliases = [\"{alias}\"]\n+++\nAgenda.\n"),
        );
        let run = site.build();
        run.failure()
            .has_error("content/handbook/meetings/first.md: error: `")
            .has_error(&format!("has two sources: {taken}"))
            .has_error(&format!(
                "alias `{alias}` of content/handbook/meetings/first.md"
            ));
    }
    // Two aliases on two pages.
    let site = Site::minimal();
    site.write(
        "content/handbook/meetings/first.md",
        "+++\ntitle = \"First meeting\"\naliases = [\"/old/goals/\"]\n+++\nAgenda.\n",
    );
    site.build()
        .failure()
        .has_error("`old/goals/index.html` has two sources: alias `/old/goals/` of content/handbook/basics/goals.md and alias `/old/goals/` of content/handbook/meetings/first.md");
    // A static file over a generated page, and over an image beside a page.
    let site = Site::minimal();
    site.write("static/index.html", "<p>mine</p>")
        .write("static/mentors/ada.jpg", "one")
        .write("content/mentors/ada.jpg", "two");
    site.build()
        .failure()
        .has_error("`index.html` has two sources: the home page (content/_index.md) and a copied file (static/index.html)")
        .has_error("`mentors/ada.jpg` has two sources: a copied file (static/mentors/ada.jpg) and a copied file (content/mentors/ada.jpg)");
    // The search index keeps its names, those it writes now and those it
    // may write after an edit: a file there is refused, once, and the
    // search page beside them stays the site's to replace.
    let site = Site::minimal();
    site.write("static/search/meta.json", "{}")
        .write("static/search/words/900.json", "{}")
        .write("static/search/pages/0.json", "[]")
        .write("static/search/facets", "not a folder");
    let run = site.build();
    run.failure()
        .has_error("`search/meta.json` has two sources: the search index and a copied file (static/search/meta.json)")
        .has_error("`search/words/900.json` has two sources: the search index and a copied file (static/search/words/900.json)")
        .has_error("`search/pages/0.json` has two sources: the search index and a copied file (static/search/pages/0.json)")
        .has_error("`search/facets` has two sources: the search index and a copied file (static/search/facets)");
    assert_eq!(
        run.stderr()
            .matches("search/meta.json` has two sources")
            .count(),
        1,
        "{}",
        run.stderr()
    );
    // A site's static file may replace its theme's: that is an override.
    let site = Site::minimal();
    site.write("static/style.css", "body { color: red }");
    site.build().success();
    assert_eq!(site.read("style.css"), "body { color: red }");
}

#[test]
fn colliding_slugs_are_errors_naming_both_files() {
    for (first, second, url) in [
        (
            "content/mentors/amara-okafor.md",
            "content/mentors/Amara-Okafor.md",
            "/mentors/amara-okafor/",
        ),
        (
            "content/mentors/wei chen.md",
            "content/mentors/wei-chen.md",
            "/mentors/wei-chen/",
        ),
        (
            "content/handbook/basics/Goals.md",
            "content/handbook/basics/goals.md",
            "/handbook/basics/goals/",
        ),
        (
            "content/handbook/basics/goals.md",
            "content/handbook/basics/goals/_index.md",
            "/handbook/basics/goals/",
        ),
    ] {
        let site = Site::minimal();
        let mentor = "+++\nname = \"Someone\"\n+++\nBio.\n";
        let guide = "+++\ntitle = \"Goals\"\n+++\nText.\n";
        for rel in [first, second] {
            site.write(
                rel,
                if rel.contains("mentors") {
                    mentor
                } else {
                    guide
                },
            );
        }
        // Whichever sorts second is the one reported; both are named.
        let run = site.build();
        run.failure();
        let err = run.stderr();
        let (a, b) = (
            first.trim_start_matches("content/"),
            second.trim_start_matches("content/"),
        );
        assert!(
            err.contains(&format!("both make the page {url}"))
                && err.contains(a)
                && err.contains(b),
            "{first} + {second}:\n{err}"
        );
    }
    for (rel, message) in [
        (
            "content/mentors/skills.md",
            "this profile's URL /mentors/skills/ belongs to the directory's own pages",
        ),
        (
            "content/mentors/page.md",
            "this profile's URL /mentors/page/ belongs to the directory's own pages",
        ),
        (
            "content/mentors/!!!.md",
            "this file's name has no letter or digit to make its URL from",
        ),
        (
            "content/handbook/!!!.md",
            "this file's name has no letter or digit to make its URL from",
        ),
        (
            "content/results/_index.md",
            "this page's URL /results/ belongs to the published survey results",
        ),
        (
            "content/mentors/_index.md",
            "this page's URL /mentors/ belongs to the mentor directory",
        ),
    ] {
        let site = Site::minimal();
        let text = if rel.contains("mentors/") && !rel.ends_with("_index.md") {
            "+++\nname = \"Someone\"\n+++\nBio.\n"
        } else {
            "+++\ntitle = \"Page\"\n+++\nText.\n"
        };
        site.write(rel, text);
        site.build()
            .failure()
            .has_error(&format!("{rel}: error: {message}"));
    }
}

#[test]
fn svg_with_active_content_is_not_published() {
    let hostile = "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<circle r=\"4\"/>\n<script>alert(document.domain)</script>\n</svg>\n";
    for rel in [
        "content/handbook/basics/diagram.svg",
        "content/mentors/ada.svg",
        "static/images/logo.svg",
    ] {
        let site = Site::minimal();
        site.write(rel, hostile);
        site.build().failure().has_error(&format!(
            "{rel}:3:1: error: this SVG has active content (a <script> element)"
        ));
        assert!(!site.public().exists());
    }
    let site = Site::minimal();
    let drawing = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 8 8\"><circle r=\"4\" fill=\"#123\"/></svg>";
    site.write("content/handbook/basics/diagram.svg", drawing);
    site.build().success();
    assert_eq!(site.read("handbook/basics/diagram.svg"), drawing);
}

fn export_fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/exports")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn messages_never_print_personal_data() {
    // The Google Forms fixture with every row broken: the satisfaction
    // answer is a word, one email is malformed, one row is cut short.
    let export = export_fixture("google.csv");
    let mut lines: Vec<String> = export.lines().map(str::to_string).collect();
    for line in lines.iter_mut().skip(1) {
        let mut fields: Vec<String> = line.splitn(5, ',').map(str::to_string).collect();
        fields[3] = "eleven".into();
        *line = fields.join(",");
    }
    lines[2] = lines[2].replacen("ana.lima@example.org", "not-an-email-zx81", 1);
    lines.push("2026/03/09 9:00:00 AM GMT+1,cut.short@example.org,Cut Short".into());
    let broken = lines.join("\n") + "\n";
    let mut private: Vec<String> = export_fixture("PRIVATE_VALUES.txt")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    private.extend(["not-an-email-zx81", "cut.short@example.org", "Cut Short"].map(String::from));

    let site = Site::minimal();
    site.write("data/forms/feedback.toml", export_fixture("schema.toml"))
        .write("data/rounds/r1/round.toml", "title = \"R1\"\n")
        .write("data/rounds/r1/feedback.csv", &broken)
        .write("export.csv", &broken)
        .write(
            "data/pairs.csv",
            "mentor,mentee,mentee_email,status,start\nada-lovelace,Secret Mentee,secret.mentee@example.net,activ,2026-13-01\nnobody,Other Mentee,other.mentee@example.net,active,\nada-lovelace,Dup Mentee,dup@example.net,active,\nada-lovelace,Dup Mentee,dup@example.net,proposed,\n",
        );
    private.extend(
        [
            "Secret Mentee",
            "secret.mentee@example.net",
            "Other Mentee",
            "other.mentee@example.net",
        ]
        .map(String::from),
    );
    let export_path = site.root().join("export.csv");
    let runs = [
        site.run(&["check"]),
        site.run(&["check", "--format", "json"]),
        site.build(),
        site.run(&[
            "import",
            export_path.to_str().unwrap(),
            "--form",
            "feedback",
            "--round",
            "r2",
        ]),
    ];
    for run in &runs {
        run.failure();
        let said = format!("{}{}", run.stdout(), run.stderr());
        assert!(
            said.contains("eleven"),
            "the closed answer is named:\n{said}"
        );
        for value in &private {
            assert!(!said.contains(value.as_str()), "{value:?} printed:\n{said}");
        }
    }
    // The problems are still located.
    runs[0]
        .has_error("data/rounds/r1/feedback.csv:2:")
        .has_error("data/pairs.csv:2:");
}

#[test]
fn personal_data_stays_out_of_git() {
    let site = Site::example();
    let root = site.root();
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(&root)
            .args(args)
            .output()
            .expect("git")
    };
    assert!(git(&["init", "-q"]).status.success());
    // Everything init wrote with personal data is ignored by its .gitignore.
    let personal: Vec<String> = crate::harness::walkdir(&root.join("data"))
        .into_iter()
        .map(|p| {
            p.strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| p.ends_with(".csv"))
        .chain([
            "agreements.csv".to_string(),
            ".mentorsite-secret".to_string(),
        ])
        .collect();
    assert!(
        personal.iter().any(|p| p.starts_with("data/rounds/")),
        "{personal:?}"
    );
    assert!(
        personal.iter().any(|p| p.starts_with("data/applications/")),
        "{personal:?}"
    );
    assert!(
        personal.contains(&"data/pairs.csv".to_string()),
        "{personal:?}"
    );
    for path in &personal {
        assert!(
            git(&["check-ignore", "-q", path]).status.success(),
            "{path} is not ignored"
        );
    }
    assert!(!git(&["check-ignore", "-q", "data/forms/feedback.toml"])
        .status
        .success());
    // A file forced in anyway is named by check, as a warning.
    site.run(&["check"]).success();
    assert!(!site.run(&["check"]).stderr().contains("git tracks"));
    assert!(git(&["add", "-f", "data/pairs.csv"]).status.success());
    site.run(&["check"])
        .success()
        .has_error("data/pairs.csv: warning: git tracks this file, which holds personal data");
}

#[test]
fn no_published_figure_is_one_persons_answer() {
    let site = Site::minimal();
    site.write(
        "data/forms/hours.toml",
        "title = \"Hours\"\n[[questions]]\nid = \"hours\"\nlabel = \"Hours per month\"\nkind = \"number\"\n",
    );
    for n in [5usize, 9, 10, 19, 20] {
        let rows: String = (1..=n).map(|v| format!("{}\n", v * 7)).collect();
        site.write(
            &format!("data/rounds/r{n:02}/round.toml"),
            format!("title = \"R{n}\"\n"),
        )
        .write(
            &format!("data/rounds/r{n:02}/hours.csv"),
            format!("hours\n{rows}"),
        );
    }
    site.build().success();
    for (n, median, quartiles) in [
        (5, false, false),
        (9, false, false),
        (10, true, false),
        (19, true, false),
        (20, true, true),
    ] {
        let json: serde_json::Value =
            serde_json::from_str(&site.read(&format!("results/r{n:02}/hours.json"))).unwrap();
        let text = json.to_string();
        let q = &json["questions"][0];
        assert_eq!(q["n"], n, "{text}");
        assert!(q["number"]["mean"].is_number(), "{text}");
        assert_eq!(q["median"].is_number(), median, "n = {n}: {text}");
        assert_eq!(q["number"]["q1"].is_number(), quartiles, "n = {n}: {text}");
        assert_eq!(q["number"]["q3"].is_number(), quartiles, "n = {n}: {text}");
        // The smallest and largest answers are never published, in any file.
        let (lowest, highest) = (7, 7 * n);
        assert!(
            q["number"].get("min").is_none() && q["number"].get("max").is_none(),
            "{text}"
        );
        let csv = site.read(&format!("results/r{n:02}/hours.csv"));
        assert!(!csv.contains(",min,") && !csv.contains(",max,"), "{csv}");
        let page = site.html(&format!("results/r{n:02}/hours/index.html"));
        let cells = page.texts(".data-table td");
        for extreme in [lowest, highest] {
            assert!(!cells.contains(&extreme.to_string()), "n = {n}: {cells:?}");
        }
    }
}
