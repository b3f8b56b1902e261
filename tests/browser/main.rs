//! Live reload in a real browser: headless Chromium, driven by chromedriver's
//! WebDriver HTTP API over the same tiny client the CLI tests use.
//!
//! The CLI tests prove the server side (script injected, events sent); only
//! a browser proves the script works under the site's Content-Security-Policy
//! and that a tab really updates by itself. Skipped, with the reason
//! printed, when Chromium or chromedriver is not installed, so `cargo test`
//! passes on a bare machine; CI installs both and sets
//! `MENTORSITE_REQUIRE_BROWSER=1`, which turns the skip into a failure.

#[path = "../cli/harness.rs"]
mod harness;
#[path = "../cli/serve/process.rs"]
mod process;

use harness::Site;
use process::{request, Server, TIMEOUT};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where Debian and Ubuntu put the browser binary; then the PATH.
fn find_chromium() -> Option<PathBuf> {
    [
        "/usr/lib/chromium/chromium",
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.is_file())
    .or_else(|| which("chromium"))
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// A chromedriver process and one browser session; both end on drop.
struct Browser {
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = request(
            self.port,
            "DELETE",
            &format!("/session/{}", self.session),
            &[],
            b"",
        );
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Sends a WebDriver command and returns its `value`.
fn webdriver(port: u16, method: &str, path: &str, body: &Value) -> Value {
    let body = body.to_string();
    let reply = request(
        port,
        method,
        path,
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    );
    let parsed: Value = serde_json::from_slice(&reply.body)
        .unwrap_or_else(|e| panic!("{method} {path}: not JSON ({e}): {}", reply.text()));
    assert_eq!(reply.status, 200, "{method} {path}: {parsed}");
    parsed["value"].clone()
}

impl Browser {
    fn start(chromium: &Path, chromedriver: &Path) -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = tempfile::tempdir().expect("profile dir");
        let mut browser = Browser {
            driver,
            port,
            session: String::new(),
            _profile: profile,
        };
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < TIMEOUT, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        let args = [
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--no-first-run".into(),
            "--no-proxy-server".into(),
            format!("--user-data-dir={}", browser._profile.path().display()),
        ];
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": { "binary": chromium, "args": args }
            }}
        });
        let session = webdriver(port, "POST", "/session", &capabilities);
        browser.session = session["sessionId"]
            .as_str()
            .expect("a session id")
            .to_string();
        browser
    }

    fn go(&self, url: &str) {
        webdriver(
            self.port,
            "POST",
            &format!("/session/{}/url", self.session),
            &json!({ "url": url }),
        );
    }

    /// Runs `script` (a function body) in the page and returns its result.
    fn run(&self, script: &str) -> Value {
        webdriver(
            self.port,
            "POST",
            &format!("/session/{}/execute/sync", self.session),
            &json!({ "script": script, "args": [] }),
        )
    }

    /// Waits until `script` returns true in the page, which may reload
    /// meanwhile (a script run during a reload can fail: it is retried).
    #[track_caller]
    fn wait_until(&self, what: &str, script: &str) {
        let started = Instant::now();
        loop {
            let body = json!({ "script": script, "args": [] }).to_string();
            let reply = request(
                self.port,
                "POST",
                &format!("/session/{}/execute/sync", self.session),
                &[("Content-Type", "application/json")],
                body.as_bytes(),
            );
            let value: Value = serde_json::from_slice(&reply.body).unwrap_or(Value::Null);
            if reply.status == 200 && value["value"] == Value::Bool(true) {
                return;
            }
            assert!(
                started.elapsed() < TIMEOUT,
                "{what} did not happen within {TIMEOUT:?}; last answer {}",
                reply.text()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

#[test]
fn an_open_tab_follows_edits_without_a_manual_reload() {
    let required = std::env::var_os("MENTORSITE_REQUIRE_BROWSER").is_some_and(|v| v == "1");
    let (Some(chromium), Some(chromedriver)) = (find_chromium(), which("chromedriver")) else {
        assert!(
            !required,
            "MENTORSITE_REQUIRE_BROWSER=1 but chromium or chromedriver is not installed"
        );
        eprintln!(
            "skipped: chromium and chromedriver are needed for the browser test \
             (apt-get install chromium chromium-driver)"
        );
        return;
    };
    let site = Site::minimal();
    let server = Server::start(&site);
    let browser = Browser::start(&chromium, &chromedriver);
    browser.go(&format!(
        "http://127.0.0.1:{}/handbook/basics/goals/",
        server.port
    ));
    assert_eq!(
        browser.run("return document.querySelector('h1').textContent.trim()"),
        "Setting goals"
    );

    // Markdown edited: the tab reloads itself and shows the new text.
    browser.run("window.mentorsiteTestMarker = 'before';");
    site.write(
        "content/handbook/basics/goals.md",
        "+++\ntitle = \"Setting goals\"\nweight = 2\n+++\nNew words from the editor.\n",
    );
    browser.wait_until(
        "the new text",
        "return document.body.innerText.includes('New words from the editor.')",
    );
    assert_eq!(
        browser.run("return window.mentorsiteTestMarker === undefined"),
        true,
        "the page was reloaded, not patched"
    );

    // A stylesheet edited: swapped in place, without reloading the page.
    browser.run("window.mentorsiteTestMarker = 'kept';");
    site.write(
        "static/style.css",
        "body { background-color: rgb(1, 2, 3); }\n",
    );
    browser.wait_until(
        "the new stylesheet",
        "return getComputedStyle(document.body).backgroundColor === 'rgb(1, 2, 3)'",
    );
    assert_eq!(
        browser.run("return window.mentorsiteTestMarker"),
        "kept",
        "a CSS change must not reload the page"
    );

    // A broken template: the error appears over the page, then goes away.
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% if %}\n",
    );
    browser.wait_until(
        "the error overlay",
        "var e = document.getElementById('mentorsite-error'); \
         return !!e && e.innerText.includes('templates/page.html:2')",
    );
    site.remove("templates/page.html");
    browser.wait_until(
        "the overlay to clear",
        "return !document.getElementById('mentorsite-error') && \
         document.body.innerText.includes('New words from the editor.')",
    );
}
