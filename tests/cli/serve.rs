//! `mentorsite serve` as a process: a fixture site served on a free
//! loopback port, spoken to with a tiny HTTP client over `TcpStream`.

pub mod process;

use crate::harness::{Site, SITE_TOML};
use process::{output, request, Server};
use std::path::PathBuf;
use std::time::SystemTime;

fn mtime(path: PathBuf) -> SystemTime {
    std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn serve_answers_with_types_reload_script_redirects_and_404() {
    let site = Site::minimal();
    let server = Server::start(&site);

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("Cache-Control"), Some("no-store"));
    let html = home.text();
    assert!(html.contains("Welcome"), "{html}");
    let script = html
        .find("<script src=\"/__mentorsite/livereload.js\"")
        .expect("reload script injected");
    assert!(script < html.rfind("</body>").expect("body end"));

    let js = server.get("/__mentorsite/livereload.js");
    assert_eq!(js.status, 200);
    assert_eq!(
        js.header("Content-Type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(js.text().contains("EventSource"));
    let css = server.get("/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("Content-Type"), Some("text/css; charset=utf-8"));

    let moved = server.get("/handbook/basics/goals");
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("Location"), Some("/handbook/basics/goals/"));
    let guide = server.get("/handbook/basics/goals/");
    assert_eq!(guide.status, 200);
    assert!(guide.text().contains("Setting goals"));

    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        missing.text().contains("Page not found"),
        "{}",
        missing.text()
    );

    let head = request(server.port, "HEAD", "/", &[], b"");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("Content-Length")
            .and_then(|l| l.parse::<usize>().ok()),
        Some(home.body.len())
    );
    assert_eq!(request(server.port, "DELETE", "/", &[], b"").status, 405);

    // The preview builds into its own folder: public/ is never touched.
    assert!(!site.public().exists());
    assert!(output(&site).join("index.html").is_file());
}

#[test]
fn editing_a_guide_rebuilds_only_the_files_that_changed() {
    let site = Site::minimal();
    let mut server = Server::start(&site);
    let profile = output(&site).join("mentors/ada-lovelace/index.html");
    let before = mtime(profile.clone());

    site.write(
        "content/handbook/basics/goals.md",
        "+++\ntitle = \"Setting goals\"\nweight = 2\n+++\nGoals are now SMART-er.\n",
    );
    let page = server.poll("/handbook/basics/goals/", "the new text", |r| {
        r.text().contains("SMART-er")
    });
    assert_eq!(page.status, 200);
    let line = server.wait_for_line("Rebuilt after content/handbook/basics/goals.md");
    assert!(line.contains(" ms"), "{line}");
    assert_eq!(
        mtime(profile),
        before,
        "an unrelated page was rewritten: {line}"
    );
}

#[test]
fn a_broken_template_shows_the_error_over_the_last_good_site() {
    let site = Site::minimal();
    let mut server = Server::start(&site);
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}{{ page.title | nosuchfilter }}{% endblock %}\n{% if %}\n",
    );
    let broken = server.poll("/handbook/basics/goals/", "the error overlay", |r| {
        r.text().contains("mentorsite-error")
    });
    let text = broken.text();
    assert!(text.contains("templates/page.html:3"), "{text}");
    // The last good page is still there, under the overlay.
    assert!(text.contains("Setting goals"), "{text}");
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(home.text().contains("Welcome"));
    assert!(home.text().contains("mentorsite-error"));

    // Another change while broken: the error is not printed again.
    site.write(
        "content/handbook/meetings/first.md",
        "+++\ntitle = \"First meeting\"\n+++\nAgenda!\n",
    );
    server.wait_for_error_line("still fails");
    let printed = server
        .stderr()
        .iter()
        .filter(|l| l.starts_with("templates/page.html:3"))
        .count();
    assert_eq!(printed, 1, "{}", server.stderr().join("\n"));

    // Fixing it clears the overlay, and the change made meanwhile shows.
    site.remove("templates/page.html");
    let fixed = server.poll("/handbook/meetings/first/", "the fix", |r| {
        !r.text().contains("mentorsite-error") && r.text().contains("Agenda!")
    });
    assert_eq!(fixed.status, 200);
    server.wait_for_line("the error is fixed");
}

#[test]
fn nothing_outside_the_output_folder_is_ever_served() {
    let site = Site::minimal();
    // A link planted in the output itself is refused when served (links in
    // the site's own folders are refused by the build: tests/cli/safety.rs).
    let server = Server::start(&site);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            site.root().join("site.toml"),
            output(&site).join("planted.txt"),
        )
        .expect("symlink");
        std::os::unix::fs::symlink(site.root(), output(&site).join("root")).expect("symlink");
    }
    let secret = "base_url = ";
    for path in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E/site.toml",
        "/..%2fsite.toml",
        "/..%2Fsite.toml",
        "/handbook/../../site.toml",
        "/..\\site.toml",
        "/%5c..%5csite.toml",
        "/%2e%2e%5csite.toml",
        "//..//site.toml",
        "/index.html%00",
        "/.mentorsite-output",
        "/planted.txt",
        "/root/site.toml",
        "/root/",
    ] {
        let reply = server.get(path);
        assert!(
            [400, 403, 404].contains(&reply.status),
            "{path}: status {}",
            reply.status
        );
        assert!(!reply.text().contains(secret), "{path} leaked site.toml");
    }
    // An encoded `/` or `\` is a bad request, even where the decoded path
    // would be a page (the README promises it).
    for path in [
        "/handbook%2Fmeetings/",
        "/handbook%2fbasics/goals/",
        "/handbook%5Cmeetings/",
    ] {
        assert_eq!(server.get(path).status, 400, "{path}");
    }
    assert_eq!(server.get("/handbook/meetings/").status, 200);
    // An absolute-form target names the path only; the host is ignored.
    let absolute = server.get("http://127.0.0.1/../site.toml");
    assert!(absolute.status == 403 || absolute.status == 400);
    // A page of another site rebinding its name to 127.0.0.1 is not answered.
    let rebound = request(
        server.port,
        "GET",
        "/",
        &[("Host", "attacker.example")],
        b"",
    );
    assert_eq!(rebound.status, 403);
}

/// A site with a form and an open intake round.
pub(crate) fn intake_site() -> Site {
    let site = Site::minimal();
    site.write(
        "site.toml",
        format!("{SITE_TOML}\n[intake]\nround = \"2026-spring\"\n"),
    )
    .write(
        "data/forms/feedback.toml",
        "title = \"Feedback\"\n\
         [[questions]]\nid = \"satisfaction\"\nkind = \"scale\"\nmin = 1\nmax = 5\nrequired = true\n\
         [[questions]]\nid = \"comment\"\nkind = \"text\"\n\
         [[questions]]\nid = \"email\"\nkind = \"email\"\n",
    )
    .write(
        "data/rounds/2026-spring/round.toml",
        "title = \"Spring 2026\"\nopens = 2026-03-01\ncloses = 2026-04-01\n",
    );
    site
}

pub(crate) fn rows(site: &Site) -> Vec<Vec<String>> {
    let path = site.root().join("data/rounds/2026-spring/feedback.csv");
    let Ok(bytes) = std::fs::read(&path) else {
        return Vec::new();
    };
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice())
        .records()
        .map(|r| {
            r.expect("a CSV record")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

#[test]
fn two_hundred_concurrent_submissions_land_as_intact_rows() {
    let site = intake_site();
    let mut server = Server::start(&site);
    let port = server.port;
    let threads: Vec<_> = (0..200)
        .map(|i| {
            std::thread::spawn(move || {
                let body = format!(
                    "satisfaction={}&comment=respondent+{i}%2C+with+a+comma+and+%22quotes%22&email=r{i}%40example.org",
                    i % 5 + 1
                );
                request(
                    port,
                    "POST",
                    "/forms/feedback/submit",
                    &[("Content-Type", "application/x-www-form-urlencoded")],
                    body.as_bytes(),
                )
                .status
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().expect("thread"), 200);
    }
    let rows = rows(&site);
    assert_eq!(rows[0], ["satisfaction", "comment", "email"]);
    assert_eq!(rows.len(), 201, "a header and 200 rows");
    let mut comments: Vec<String> = rows[1..].iter().map(|r| r[1].clone()).collect();
    comments.sort();
    let mut expected: Vec<String> = (0..200)
        .map(|i| format!("respondent {i}, with a comma and \"quotes\""))
        .collect();
    expected.sort();
    assert_eq!(comments, expected);
    for r in &rows[1..] {
        assert_eq!(r.len(), 3);
        let n: usize = r[1]["respondent ".len()..]
            .split(',')
            .next()
            .and_then(|n| n.parse().ok())
            .expect("number");
        assert_eq!(r[0], (n % 5 + 1).to_string());
        assert_eq!(r[2], format!("r{n}@example.org"));
    }
    // The terminal says a form was received, never what was in it.
    server.wait_for_line("Submission to form `feedback`: stored");
    assert!(!server.stdout().join("\n").contains("example.org"));
    // The appended file is an input like any other: the site rebuilds.
    server.wait_for_line("Rebuilt after data/rounds/2026-spring/feedback.csv");
}

#[test]
fn the_intake_neutralises_formulas_and_refuses_bad_submissions() {
    let site = intake_site();
    let server = Server::start(&site);

    let formula = server.post_form(
        "/forms/feedback/submit",
        "satisfaction=4&comment=%3DHYPERLINK(%22http%3A%2F%2Fevil%22)&email=",
    );
    assert_eq!(formula.status, 200, "{}", formula.text());
    assert!(formula.text().contains("Thank you"));
    let stored = rows(&site);
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[1][1], "'=HYPERLINK(\"http://evil\")");

    // Invalid: the form again, each error beside its field, nothing stored.
    let invalid = server.post_form(
        "/forms/feedback/submit",
        "satisfaction=9&comment=%3Cscript%3Ealert(1)%3C%2Fscript%3E&email=nope",
    );
    assert_eq!(invalid.status, 422);
    let page = crate::harness::Page(scraper::Html::parse_document(&invalid.text()));
    assert!(page
        .text("#field-satisfaction .field-error")
        .contains("out of range"));
    assert!(page
        .text("#field-email .field-error")
        .contains("not an email address"));
    assert_eq!(
        page.text("textarea[name=comment]"),
        "<script>alert(1)</script>",
        "the answer is kept, as text"
    );
    assert!(!invalid.text().contains("<script>alert"));
    assert_eq!(rows(&site).len(), 2);

    // Too large.
    let big = format!("satisfaction=3&comment={}", "x".repeat(70 * 1024));
    assert_eq!(server.post_form("/forms/feedback/submit", &big).status, 413);
    // The honeypot: a success for the bot, nothing for the file.
    let bot = server.post_form(
        "/forms/feedback/submit",
        "satisfaction=5&website=http%3A%2F%2Fspam",
    );
    assert_eq!(bot.status, 200);
    assert!(bot.text().contains("Thank you"));
    // Another site's page posting through the visitor's browser.
    let cross = request(
        server.port,
        "POST",
        "/forms/feedback/submit",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", "https://attacker.example"),
        ],
        b"satisfaction=1",
    );
    assert_eq!(cross.status, 403);
    // No such form; not a form post at all.
    assert_eq!(server.post_form("/forms/nope/submit", "a=1").status, 404);
    assert_eq!(
        request(
            server.port,
            "POST",
            "/forms/feedback/submit",
            &[("Content-Type", "text/plain")],
            b"x"
        )
        .status,
        415
    );
    assert_eq!(rows(&site).len(), 2, "none of these stored anything");

    // Without an intake round the intake is closed, and says why, from the
    // site rebuilt after the edit (the intake holds the loaded site).
    site.write("site.toml", SITE_TOML);
    let started = std::time::Instant::now();
    let closed = loop {
        let reply = server.post_form("/forms/feedback/submit", "satisfaction=3");
        if reply.status != 200 || started.elapsed() > process::TIMEOUT {
            break reply;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(closed.status, 503);
    assert!(closed.text().contains("[intake]"), "{}", closed.text());
}

#[test]
fn a_text_edit_rerenders_only_the_pages_that_show_it() {
    let site = Site::minimal();
    let mut server = Server::start(&site);
    let ada = "+++\nname = \"Ada Lovelace\"\nheadline = \"Engineer\"\nskills = [\"Python\", \"Data engineering\"]\nindustries = [\"Fintech\"]\ntracks = [\"engineering\"]\nlanguages = [\"English\", \"French\"]\nlocation = \"London, UK\"\nremote = true\ncapacity = 2\n+++\n";
    let directory = output(&site).join("mentors/index.html");
    let before = mtime(directory.clone());

    // A biography edit: only the profile page and the search index show
    // the biography.
    site.write(
        "content/mentors/ada-lovelace.md",
        format!("{ada}A new biography, zigzagging.\n"),
    );
    server.poll("/mentors/ada-lovelace/", "the new biography", |r| {
        r.text().contains("A new biography, zigzagging.")
    });
    let line = server.wait_for_line("Rebuilt after content/mentors/ada-lovelace.md");
    assert!(
        line.contains(": 2 written"),
        "the profile and one search chunk: {line}"
    );
    let found = crate::search::find(|p| server.get(&format!("/search/{p}")).text(), "zigzagging");
    assert_eq!(found, ["Ada Lovelace"]);
    assert_eq!(
        mtime(directory.clone()),
        before,
        "the directory was rewritten: {line}"
    );

    // A new skill changes facets: the full build adds its page.
    site.write(
        "content/mentors/ada-lovelace.md",
        format!(
            "{}A new biography, zigzagging.\n",
            ada.replace("\"Data engineering\"", "\"Data engineering\", \"Rust\"")
        ),
    );
    server.poll("/mentors/skills/rust/", "the new facet page", |r| {
        r.status == 200
    });
    server.wait_for_line("Rebuilt after content/mentors/ada-lovelace.md");

    // A guide's body: the guide and the print view of the handbook.
    site.write(
        "content/handbook/basics/intro.md",
        "+++\ntitle = \"Introduction\"\nweight = 1\n+++\n## Start\nBegin here, again, quickstep.\n",
    );
    server.poll("/handbook/basics/intro/", "the new body", |r| {
        r.text().contains("Begin here, again, quickstep.")
    });
    server.poll("/handbook/print/", "the print view", |r| {
        r.text().contains("Begin here, again, quickstep.")
    });
    let found = crate::search::find(|p| server.get(&format!("/search/{p}")).text(), "quickstep");
    assert_eq!(found, ["Introduction"]);
}

/// Rebuilds the preview has reported so far.
fn rebuilds(server: &Server) -> usize {
    server
        .stdout()
        .iter()
        .chain(&server.stderr())
        .filter(|l| {
            l.contains("] Rebuilt after")
                || l.contains("] Copied ")
                || l.contains("Build failed")
                || (l.contains("] Build after") && l.contains(" failed: "))
        })
        .count()
}

/// Waits until the preview reports more than `seen` rebuilds and then
/// stays quiet for a moment; returns the new count.
fn settled(server: &Server, seen: usize) -> usize {
    let started = std::time::Instant::now();
    let mut count = rebuilds(server);
    while count == seen {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "no rebuild: {:?} {:?}",
            server.stdout(),
            server.stderr()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        count = rebuilds(server);
    }
    loop {
        std::thread::sleep(std::time::Duration::from_millis(300));
        let now = rebuilds(server);
        if now == count {
            return count;
        }
        count = now;
    }
}

/// Every file below `dir` with its bytes, by `/`-separated path.
fn tree(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    crate::harness::walkdir(dir)
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(dir)
                .expect("below")
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = std::fs::read(&p).expect("read");
            (rel, bytes)
        })
        .filter(|(rel, _)| rel != ".mentorsite-output" && rel != ".gitignore")
        .collect()
}

/// The preview's output is exactly what a fresh build with the preview's
/// address writes: every path, every byte.
#[track_caller]
fn same_as_fresh_build(site: &Site, server: &Server, after: &str) {
    let fresh = tempfile::tempdir().expect("temp dir");
    let out = fresh.path().join("out");
    let base = format!("http://127.0.0.1:{}", server.port);
    site.run(&[
        "build",
        "--base-url",
        &base,
        "--output",
        out.to_str().expect("utf-8"),
    ])
    .success();
    let built = tree(&out);
    let previewed = tree(&output(site));
    let only_built: Vec<&String> = built
        .keys()
        .filter(|k| !previewed.contains_key(*k))
        .collect();
    let only_previewed: Vec<&String> = previewed
        .keys()
        .filter(|k| !built.contains_key(*k))
        .collect();
    assert!(
        only_built.is_empty() && only_previewed.is_empty(),
        "after {after}: only in the build {only_built:?}, only in the preview {only_previewed:?}"
    );
    let differ: Vec<&String> = built
        .iter()
        .filter(|(k, v)| previewed.get(*k) != Some(*v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        differ.is_empty(),
        "after {after}: these files differ: {differ:?}"
    );
}

/// A file of the site folder.
fn source(site: &Site, rel: &str) -> String {
    std::fs::read_to_string(site.root().join(rel)).expect("site file")
}

/// The example program with `extra` added to its `site.toml`, previewed:
/// the site, the server after its first build, the rebuilds it reported,
/// and the `site.toml` written.
fn preview_of_example(extra: &str) -> (Site, Server, usize, String) {
    let site = Site::example();
    // A relative intake address works only where the site is served: give
    // the build the address a deployed site would have, so both agree.
    let toml = source(&site, "site.toml").replace(
        "url = \"/forms/{form}/submit\"",
        "url = \"https://intake.example.org/forms/{form}/submit\"",
    ) + extra;
    site.write("site.toml", &toml);
    let mut server = Server::start(&site);
    server.wait_for_line("Built ");
    let seen = rebuilds(&server);
    (site, server, seen, toml)
}

#[test]
fn after_every_kind_of_edit_the_preview_is_what_a_fresh_build_makes() {
    // Pages of three mentors, so that edits move mentors between pages.
    let (site, server, mut seen, toml) = preview_of_example("\n[directory]\npage_size = 3\n");
    same_as_fresh_build(&site, &server, "the first build");

    let wei = source(&site, "content/mentors/wei-chen.md");
    let guide = "content/handbook/meetings/first-meeting.md";
    let first_meeting = source(&site, guide);
    let feedback = "data/rounds/2026-autumn/feedback.csv";
    let rows = source(&site, feedback);
    type Edit<'a> = (&'a str, Box<dyn Fn(&Site) + 'a>);
    let edits: Vec<Edit> = vec![
        (
            "a biography",
            Box::new(|s: &Site| {
                s.write(
                    "content/mentors/wei-chen.md",
                    format!("{wei}\nA new paragraph about zebras.\n"),
                );
            }),
        ),
        (
            "a name that moves the mentor in the order",
            Box::new(|s: &Site| {
                s.write(
                    "content/mentors/wei-chen.md",
                    wei.replace("name = \"Wei Chen\"", "name = \"Aaron Wei Chen\""),
                );
            }),
        ),
        (
            "a new skill, and one dropped",
            Box::new(|s: &Site| {
                s.write(
                    "content/mentors/wei-chen.md",
                    wei.replace(
                        "\"Machine learning\", \"Python\"",
                        "\"Quantum computing\", \"Python\"",
                    ),
                );
            }),
        ),
        (
            "the open spots",
            Box::new(|s: &Site| {
                // Only the capacity changes from the edit before.
                s.write(
                    "content/mentors/wei-chen.md",
                    wei.replace(
                        "\"Machine learning\", \"Python\"",
                        "\"Quantum computing\", \"Python\"",
                    )
                    .replace("capacity = 2", "capacity = 5"),
                );
            }),
        ),
        (
            "a new profile",
            Box::new(|s: &Site| {
                s.write(
                "content/mentors/zed-new.md",
                "+++\nname = \"Zed New\"\nheadline = \"Newcomer\"\nskills = [\"Python\", \"Cartography\"]\ntracks = [\"leadership\"]\ncapacity = 1\n+++\nFresh here.\n",
            );
            }),
        ),
        (
            "a deleted profile",
            Box::new(|s: &Site| {
                s.remove("content/mentors/zed-new.md");
            }),
        ),
        (
            "a guide's body",
            Box::new(|s: &Site| {
                s.write(
                    guide,
                    format!("{first_meeting}\n## Afterwards\nWrite it down.\n"),
                );
            }),
        ),
        (
            "a guide's title",
            Box::new(|s: &Site| {
                s.write(
                    guide,
                    first_meeting.replacen("title = \"", "title = \"Your ", 1),
                );
            }),
        ),
        (
            "a guide's date, which the sitemap and the feed show",
            Box::new(|s: &Site| {
                s.write(
                    guide,
                    first_meeting.replacen("updated = 2026-06-22", "updated = 2026-07-01", 1),
                );
            }),
        ),
        (
            "a section's title, which its guides' sidebars and search results show",
            Box::new(|s: &Site| {
                let section = "content/handbook/meetings/_index.md";
                s.write(
                    section,
                    source(s, section).replacen(
                        "title = \"Meetings\"",
                        "title = \"Our meetings\"",
                        1,
                    ),
                );
            }),
        ),
        (
            "a new guide",
            Box::new(|s: &Site| {
                s.write(
                "content/handbook/meetings/closing-notes.md",
                "+++\ntitle = \"Closing notes\"\n+++\nSee [the first meeting](@/handbook/meetings/first-meeting.md).\n",
            );
            }),
        ),
        (
            "a deleted guide",
            Box::new(|s: &Site| {
                s.remove("content/handbook/meetings/closing-notes.md");
            }),
        ),
        (
            "a survey row fewer",
            Box::new(|s: &Site| {
                let mut lines: Vec<&str> = rows.lines().collect();
                lines.pop();
                s.write(feedback, lines.join("\n") + "\n");
            }),
        ),
        (
            "site.toml",
            Box::new(|s: &Site| {
                s.write(
                    "site.toml",
                    toml.replacen("title = \"", "title = \"The ", 1),
                );
            }),
        ),
        (
            "a photo",
            Box::new(|s: &Site| {
                let root = s.root().join("content/mentors");
                std::fs::copy(
                    root.join("camille-laurent.jpg"),
                    root.join("aisha-mwangi.jpg"),
                )
                .expect("copy a photo");
            }),
        ),
        (
            "a static file",
            Box::new(|s: &Site| {
                s.write("static/notes.txt", "Bring a notebook.\n");
            }),
        ),
    ];
    for (what, edit) in &edits {
        edit(&site);
        seen = settled(&server, seen);
        same_as_fresh_build(&site, &server, what);
    }
}

#[test]
fn a_link_to_a_page_that_comes_goes_and_comes_back_follows_it() {
    let (site, mut server, mut seen, _) = preview_of_example("");
    let later = "content/handbook/meetings/later.md";
    let later_page = "+++\ntitle = \"Later\"\n+++\nWritten after the link.\n";

    // A link to a guide that does not exist yet fails the preview.
    site.write(
        "content/handbook/meetings/sooner.md",
        "+++\ntitle = \"Sooner\"\n+++\nSee [what comes later](@/handbook/meetings/later.md).\n",
    );
    seen = settled(&server, seen);
    server.wait_for_error_line("broken internal link `@/handbook/meetings/later.md`");

    // The guide comes: the page that linked to it is drawn again.
    site.write(later, later_page);
    seen = settled(&server, seen);
    same_as_fresh_build(&site, &server, "the linked guide came");
    let sooner = std::fs::read_to_string(output(&site).join("handbook/meetings/sooner/index.html"))
        .expect("the linking page");
    assert!(
        sooner.contains("href=\"/handbook/meetings/later/\""),
        "{sooner}"
    );

    // It goes, and the link breaks again; it comes back.
    site.remove(later);
    seen = settled(&server, seen);
    let failures = server
        .stderr()
        .iter()
        .chain(&server.stdout())
        .filter(|l| l.contains("broken internal link `@/handbook/meetings/later.md`"))
        .count();
    assert!(failures >= 2, "{:?}", server.stderr());
    site.write(later, later_page);
    settled(&server, seen);
    same_as_fresh_build(&site, &server, "the linked guide came back");
}

#[test]
fn a_profile_edit_checks_the_pairs_again() {
    let (site, mut server, mut seen, _) = preview_of_example("");
    let profile = "content/mentors/amara-okafor.md";
    let amara = source(&site, profile);
    let said = |server: &Server, needle: &str| {
        server
            .stderr()
            .iter()
            .filter(|l| l.contains(needle))
            .count()
    };

    // Two active pairs and now one spot: the second pair's row is wrong.
    site.write(profile, amara.replace("capacity = 2", "capacity = 1"));
    seen = settled(&server, seen);
    server.wait_for_error_line(
        "mentor `amara-okafor` has 2 active pairs but a capacity of 1; this row is the first over it",
    );
    assert!(
        server
            .stderr()
            .iter()
            .any(|l| l.starts_with("data/pairs.csv:3:")),
        "{:?}",
        server.stderr()
    );
    site.write(profile, &amara);
    seen = settled(&server, seen);
    same_as_fresh_build(&site, &server, "the capacity came back");

    // The profile goes: its pairs name an unknown mentor.
    site.remove(profile);
    seen = settled(&server, seen);
    server.wait_for_error_line("unknown mentor `amara-okafor`");
    assert_eq!(
        said(&server, "unknown mentor `amara-okafor`"),
        2,
        "one per row"
    );
    site.write(profile, &amara);
    seen = settled(&server, seen);
    same_as_fresh_build(&site, &server, "the profile came back");

    // A mentor no row names comes first in the directory, then goes: the
    // pairs stand, and every mentor keeps their open spots though their
    // places moved.
    let newcomer = "content/mentors/aaron-abbott.md";
    site.write(newcomer, amara.replace("Amara Okafor", "Aaron Abbott"));
    seen = settled(&server, seen);
    same_as_fresh_build(&site, &server, "a newcomer came first");
    site.remove(newcomer);
    seen = settled(&server, seen);
    same_as_fresh_build(&site, &server, "the newcomer went");

    // A rename takes her from first to last: her pairs follow her slug.
    site.write(profile, amara.replace("Amara Okafor", "Zora Okafor"));
    settled(&server, seen);
    same_as_fresh_build(&site, &server, "she moved to the end");
}
