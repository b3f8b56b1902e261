//! `mentorsite host` as a process: the production server on a free port,
//! its headers, its intake under load and its shutdown; and what `build`
//! does for sites whose forms are received elsewhere or nowhere.

use crate::harness::{Page, Site, SITE_TOML};
use crate::serve::process::{request, Reply, Server, TIMEOUT};
use crate::serve::{intake_site, rows};
use std::collections::BTreeSet;
use std::io::Read as _;
use std::time::{Duration, Instant};

const FORM: &str = "application/x-www-form-urlencoded";

/// A valid submission from `client` (sent as the proxy's
/// `X-Forwarded-For`), with `comment` as its mark.
fn post_as(port: u16, client: &str, comment: &str) -> Reply {
    let body = format!("satisfaction=4&comment={comment}&email=");
    request(
        port,
        "POST",
        "/forms/feedback/submit",
        &[("Content-Type", FORM), ("X-Forwarded-For", client)],
        body.as_bytes(),
    )
}

fn comments(site: &Site) -> Vec<String> {
    rows(site)
        .into_iter()
        .skip(1)
        .map(|r| r[1].clone())
        .collect()
}

#[test]
fn host_serves_the_built_site_with_security_headers_validators_and_gzip() {
    let site = intake_site();
    let server = Server::host(&site, &[]);

    let home = server.get("/");
    assert_eq!(home.status, 200);
    let html = home.text();
    assert!(html.contains("Welcome"));
    assert!(
        !html.contains("livereload"),
        "no preview script in production"
    );
    let csp = home.header("Content-Security-Policy").expect("CSP");
    assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert_eq!(home.header("X-Content-Type-Options"), Some("nosniff"));
    assert!(home.header("Referrer-Policy").is_some());
    assert_eq!(home.header("Cache-Control"), Some("no-cache"));
    let etag = home.header("ETag").expect("an ETag").to_string();

    // Revalidation: the same ETag gets 304 and no body.
    let again = request(server.port, "GET", "/", &[("If-None-Match", &etag)], b"");
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());

    // Gzip when asked for, the same page once decoded.
    let zipped = request(
        server.port,
        "GET",
        "/",
        &[("Accept-Encoding", "gzip, br")],
        b"",
    );
    assert_eq!(zipped.header("Content-Encoding"), Some("gzip"));
    let mut unzipped = String::new();
    flate2::read::GzDecoder::new(zipped.body.as_slice())
        .read_to_string(&mut unzipped)
        .expect("gzip");
    assert_eq!(unzipped, html);
    assert!(zipped.body.len() < home.body.len());

    // Assets are cached, HEAD has the length and no body.
    let css = server.get("/style.css");
    assert_eq!(css.header("Content-Type"), Some("text/css; charset=utf-8"));
    assert!(css
        .header("Cache-Control")
        .is_some_and(|c| c.contains("max-age")));
    let head = request(server.port, "HEAD", "/", &[], b"");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("Content-Length").and_then(|l| l.parse().ok()),
        Some(home.body.len())
    );

    // Folders, 404, refusals, other hosts, the health endpoint.
    assert_eq!(server.get("/handbook/basics/goals").status, 301);
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("Page not found"));
    assert_eq!(server.get("/handbook%2Fmeetings/").status, 400);
    assert_eq!(server.get("/../site.toml").status, 403);
    assert_eq!(server.get("/.mentorsite-output").status, 404);
    let other = request(
        server.port,
        "GET",
        "/",
        &[("Host", "attacker.example")],
        b"",
    );
    assert_eq!(other.status, 421);
    let named = request(
        server.port,
        "GET",
        "/",
        &[("Host", "test.example.org")],
        b"",
    );
    assert_eq!(named.status, 200);
    let health = server.get("/healthz");
    assert_eq!(health.status, 200);
    assert!(health.text().contains("\"status\":\"ok\""));
    assert_eq!(request(server.port, "DELETE", "/", &[], b"").status, 405);

    // It serves what `build` writes: public/, with the security headers
    // for static hosts beside it.
    assert!(site.public().join("index.html").is_file());
    assert!(site.read("_headers").contains("Content-Security-Policy"));
    // One JSON line per request, the path without its query.
    let log = server.stdout().join("\n");
    assert!(log.contains("\"event\":\"request\""), "{log}");
}

#[test]
fn a_valid_post_is_stored_and_the_results_follow_without_a_build() {
    let site = intake_site();
    let server = Server::host(&site, &["--rebuild-after", "0.2"]);
    let results = "/results/2026-spring/feedback.json";
    assert_eq!(
        server.get(results).status,
        404,
        "no responses, no results yet"
    );
    for i in 0..5 {
        let reply = post_as(server.port, "192.0.2.10", &format!("answer+{i}"));
        assert_eq!(reply.status, 200, "{}", reply.text());
        assert!(reply.text().contains("Thank you"));
    }
    assert_eq!(comments(&site).len(), 5);
    let json = server.poll(results, "the results rebuilt", |r| {
        r.status == 200 && r.text().contains("\"responses\":5")
    });
    assert!(json.text().contains("satisfaction"));
    // An invalid post gets the theme's form page with the error by its field.
    let invalid = request(
        server.port,
        "POST",
        "/forms/feedback/submit",
        &[("Content-Type", FORM)],
        b"satisfaction=9&email=nope",
    );
    assert_eq!(invalid.status, 422);
    let page = Page(scraper::Html::parse_document(&invalid.text()));
    assert!(page
        .text("#field-satisfaction .field-error")
        .contains("out of range"));
    assert!(page
        .text("#field-email .field-error")
        .contains("not an email address"));
    // The log says what happened to each submission, never its answers.
    let log = server.stdout().join("\n");
    assert!(log.contains("\"outcome\":\"stored\""));
    assert!(!log.contains("answer 3") && !log.contains("nope"));
}

#[test]
fn a_burst_from_one_client_meets_429_while_another_gets_through() {
    let site = intake_site();
    let server = Server::host(&site, &["--submissions-per-minute", "5"]);
    let statuses: Vec<u16> = (0..8)
        .map(|i| post_as(server.port, "192.0.2.1", &format!("burst+{i}")).status)
        .collect();
    assert_eq!(&statuses[..5], &[200; 5]);
    let refused = post_as(server.port, "192.0.2.1", "more");
    assert_eq!(refused.status, 429);
    let wait: u64 = refused
        .header("Retry-After")
        .and_then(|s| s.parse().ok())
        .expect("Retry-After in seconds");
    assert!((1..=60).contains(&wait));
    assert!(statuses[5..].iter().all(|s| *s == 429));
    assert_eq!(
        post_as(server.port, "192.0.2.2", "other+client").status,
        200
    );
    assert_eq!(comments(&site).len(), 6);
}

#[test]
fn five_hundred_concurrent_posts_from_several_clients_are_stored_exactly_once() {
    let site = intake_site();
    let server = Server::host(&site, &["--submissions-per-minute", "20"]);
    let port = server.port;
    let threads: Vec<_> = (0..500)
        .map(|i| {
            std::thread::spawn(move || {
                let client = format!("198.51.100.{}", i % 25);
                post_as(port, &client, &format!("respondent+{i}")).status
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().expect("thread"), 200);
    }
    let stored = comments(&site);
    assert_eq!(stored.len(), 500);
    let unique: BTreeSet<&String> = stored.iter().collect();
    assert_eq!(unique.len(), 500, "each submission stored once");
    assert!((0..500).all(|i| unique.contains(&format!("respondent {i}"))));
}

#[test]
fn sigterm_during_a_burst_loses_no_acknowledged_row() {
    let site = intake_site();
    let mut server = Server::host(&site, &["--submissions-per-minute", "1000"]);
    let port = server.port;
    let threads: Vec<_> = (0..300)
        .map(|i| {
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(i % 100));
                // A refused connection after the stop panics this thread:
                // that submission was never acknowledged.
                post_as(port, &format!("203.0.113.{}", i % 50), &format!("kept+{i}")).status == 200
            })
        })
        .collect();
    let started = Instant::now();
    while comments(&site).len() < 20 {
        assert!(started.elapsed() < TIMEOUT, "no submissions stored");
        std::thread::sleep(Duration::from_millis(5));
    }
    let status = server.terminate();
    assert!(status.success(), "host ends cleanly on SIGTERM: {status}");
    let acknowledged: Vec<usize> = threads
        .into_iter()
        .enumerate()
        .filter_map(|(i, t)| t.join().ok().filter(|ok| *ok).map(|_| i))
        .collect();
    let stored: BTreeSet<String> = comments(&site).into_iter().collect();
    assert!(!acknowledged.is_empty());
    for i in &acknowledged {
        assert!(
            stored.contains(&format!("kept {i}")),
            "acknowledged row {i} lost"
        );
    }
    for row in rows(&site) {
        assert_eq!(row.len(), 3, "every row whole");
    }
    assert!(server.stdout().join("\n").contains("\"event\":\"stopped\""));
}

#[test]
fn posts_from_another_origin_are_refused_and_the_sites_own_get_cors() {
    let site = intake_site();
    site.write(
        "site.toml",
        format!(
            "{SITE_TOML}\n[intake]\nround = \"2026-spring\"\nurl = \"https://intake.example.org/forms/{{form}}/submit\"\n"
        ),
    );
    let server = Server::host(&site, &[]);
    let post = |origin: &str| {
        request(
            server.port,
            "POST",
            "/forms/feedback/submit",
            &[("Content-Type", FORM), ("Origin", origin)],
            b"satisfaction=3",
        )
    };
    assert_eq!(post("https://attacker.example").status, 403);
    assert_eq!(
        post("https://test.example.org.attacker.example").status,
        403
    );
    assert_eq!(comments(&site).len(), 0);
    let own = post("https://test.example.org");
    assert_eq!(own.status, 200, "{}", own.text());
    assert_eq!(
        own.header("Access-Control-Allow-Origin"),
        Some("https://test.example.org")
    );
    assert_eq!(comments(&site).len(), 1);
    // The form page posts to the intake, and the policy lets it.
    let form = server.get("/forms/feedback/");
    let page = Page(scraper::Html::parse_document(&form.text()));
    assert_eq!(
        page.attrs("form.survey-form", "action"),
        ["https://intake.example.org/forms/feedback/submit"]
    );
    assert!(form
        .header("Content-Security-Policy")
        .is_some_and(|c| c.contains("form-action 'self' https://intake.example.org")));
}

#[test]
fn a_static_build_with_a_relative_intake_warns_and_its_form_pages_say_so() {
    let site = intake_site();
    site.write(
        "data/forms/external.toml",
        "title = \"Run elsewhere\"\npublish = false\n[[questions]]\nid = \"q\"\nkind = \"text\"\n",
    );
    let run = site.build();
    run.success();
    let warning = run
        .stderr()
        .lines()
        .find(|l| l.contains("nowhere to post"))
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no warning in:\n{}", run.stderr()));
    assert!(warning.contains("site.toml") && warning.contains("`feedback`"));
    assert!(
        !warning.contains("external"),
        "an unpublished form is not named"
    );
    assert_eq!(
        run.stderr().matches("nowhere to post").count(),
        1,
        "said once"
    );
    let page = site.html("forms/feedback/index.html");
    assert!(page
        .text("#form-not-accepted")
        .contains("cannot receive answers"));
    assert_eq!(page.attrs("button[type=submit]", "disabled").len(), 1);
    // Not published: no page, not in the sitemap.
    assert!(!site.exists("forms/external/index.html"));
    assert!(!site.read("sitemap.xml").contains("/forms/external/"));
}

#[test]
fn a_static_build_with_an_absolute_intake_posts_there() {
    let site = intake_site();
    site.write(
        "site.toml",
        format!(
            "{SITE_TOML}\n[intake]\nround = \"2026-spring\"\nurl = \"https://intake.example.org/forms/{{form}}/submit\"\n"
        ),
    );
    let run = site.build();
    run.success();
    assert!(
        !run.stderr().contains("nowhere to post"),
        "{}",
        run.stderr()
    );
    let page = site.html("forms/feedback/index.html");
    assert_eq!(
        page.attrs("form.survey-form", "action"),
        ["https://intake.example.org/forms/feedback/submit"]
    );
    assert!(page.texts("#form-not-accepted").is_empty());
    assert!(page.attrs("button[type=submit]", "disabled").is_empty());
    let csp = page.attrs("meta[http-equiv=Content-Security-Policy]", "content");
    assert!(csp[0].contains("form-action 'self' https://intake.example.org"));
    assert!(site
        .read("_headers")
        .contains("form-action 'self' https://intake.example.org"));
}

/// The arguments of a deployment file's command, run against `site` on a
/// free loopback port: the file's own flags, so a flag the CLI does not
/// know fails this test.
fn run_deployed(command: &[String], site: &Site) -> Server {
    assert!(command[0].ends_with("mentorsite"), "{command:?}");
    assert_eq!(command[1], "host");
    let root = site.root().display().to_string();
    let mut args: Vec<String> = command[1..].to_vec();
    for (flag, value) in [
        ("--root", root.as_str()),
        ("--port", "0"),
        ("--bind", "127.0.0.1"),
    ] {
        let at = args
            .iter()
            .position(|a| a == flag)
            .unwrap_or_else(|| panic!("{command:?} sets no {flag}"));
        args[at + 1] = value.to_string();
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    Server::run(&args, "Hosting ")
}

fn value_after(command: &[String], flag: &str) -> String {
    let at = command.iter().position(|a| a == flag).expect("flag");
    command[at + 1].clone()
}

#[test]
fn the_dockerfile_and_the_systemd_unit_run_host() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = intake_site();

    let unit = std::fs::read_to_string(repo.join("deploy/mentorsite-host.service")).expect("unit");
    let setting = |key: &str| -> String {
        unit.lines()
            .find_map(|l| l.strip_prefix(&format!("{key}=")))
            .unwrap_or_else(|| panic!("the unit sets no {key}"))
            .to_string()
    };
    let exec: Vec<String> = setting("ExecStart")
        .split_whitespace()
        .map(str::to_string)
        .collect();
    assert_eq!(setting("KillSignal"), "SIGTERM");
    assert_eq!(setting("Environment"), "MIMALLOC_ARENA_EAGER_COMMIT=0");
    assert_eq!(
        setting("ReadWritePaths"),
        value_after(&exec, "--root"),
        "the intake can write to the site folder"
    );
    assert_eq!(value_after(&exec, "--bind"), "127.0.0.1", "behind a proxy");
    let server = run_deployed(&exec, &site);
    assert_eq!(server.get("/healthz").status, 200);
    drop(server);

    let dockerfile = std::fs::read_to_string(repo.join("Dockerfile")).expect("Dockerfile");
    let instruction = |name: &str| -> String {
        dockerfile
            .lines()
            .rev()
            .find_map(|l| l.strip_prefix(&format!("{name} ")))
            .unwrap_or_else(|| panic!("the Dockerfile has no {name}"))
            .trim()
            .to_string()
    };
    let cmd: Vec<String> = serde_json::from_str(&instruction("CMD")).expect("CMD in exec form");
    let port = value_after(&cmd, "--port");
    assert_eq!(instruction("EXPOSE"), port);
    assert_eq!(instruction("VOLUME"), value_after(&cmd, "--root"));
    assert_eq!(instruction("STOPSIGNAL"), "SIGTERM");
    assert_eq!(instruction("ENV"), "MIMALLOC_ARENA_EAGER_COMMIT=0");
    assert_eq!(
        value_after(&cmd, "--bind"),
        "0.0.0.0",
        "reachable from outside the container"
    );
    let health = dockerfile
        .split("HEALTHCHECK")
        .nth(1)
        .expect("a HEALTHCHECK");
    assert!(health.contains(&format!("127.0.0.1/{port}")) && health.contains("/healthz"));
    let server = run_deployed(&cmd, &site);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(home.header("Content-Security-Policy").is_some());
}
