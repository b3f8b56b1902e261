//! Running `mentorsite serve` as a process for tests, and a tiny HTTP
//! client to talk to it: shared by the CLI tests and the browser test.
//! Every wait is bounded, every request goes to 127.0.0.1, and the server
//! is killed when its guard drops, also when an assertion fails.

#![allow(dead_code)]

use crate::harness::{bin, Site};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long anything may take before a test fails. Generous, because the
/// test binary runs many servers at once on a small machine.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// A running `mentorsite serve`; killed on drop.
pub struct Server {
    child: Child,
    pub port: u16,
    stdout: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<Vec<String>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Collects a child's output lines as they come.
fn collect(stream: impl Read + Send + 'static) -> Arc<Mutex<Vec<String>>> {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&lines);
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            sink.lock().expect("lines").push(line);
        }
    });
    lines
}

impl Server {
    /// Starts `serve` on `site` with the system's choice of port, and waits
    /// until it says where it listens.
    pub fn start(site: &Site) -> Server {
        let root = site.root().display().to_string();
        Server::run(
            &[
                "serve",
                "--bind",
                "127.0.0.1",
                "--port",
                "0",
                "--root",
                &root,
            ],
            "Serving ",
        )
    }

    /// Starts `mentorsite host` on `site` on a free port, with `extra`
    /// arguments, and waits until it listens.
    pub fn host(site: &Site, extra: &[&str]) -> Server {
        let root = site.root().display().to_string();
        let mut args = vec![
            "host",
            "--bind",
            "127.0.0.1",
            "--port",
            "0",
            "--root",
            &root,
        ];
        args.extend_from_slice(extra);
        Server::run(&args, "Hosting ")
    }

    /// Runs the binary with `args` and waits for the stdout line holding
    /// `ready`, which ends with the address it listens at.
    pub fn run(args: &[&str], ready: &str) -> Server {
        let mut child = Command::new(bin())
            .args(args)
            .env_remove("MENTORSITE_SECRET")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start mentorsite serve");
        let stdout = collect(child.stdout.take().expect("stdout"));
        let stderr = collect(child.stderr.take().expect("stderr"));
        let mut server = Server {
            child,
            port: 0,
            stdout,
            stderr,
        };
        let url = server.wait_for_line(ready);
        let port = url
            .rsplit(':')
            .next()
            .and_then(|p| p.trim_end_matches('/').parse().ok())
            .unwrap_or_else(|| panic!("no port in {url:?}"));
        server.port = port;
        server
    }

    /// The first stdout line containing `needle`, waiting for it.
    #[track_caller]
    pub fn wait_for_line(&mut self, needle: &str) -> String {
        self.wait_for(needle, false)
    }

    /// The first stderr line containing `needle`, waiting for it.
    #[track_caller]
    pub fn wait_for_error_line(&mut self, needle: &str) -> String {
        self.wait_for(needle, true)
    }

    #[track_caller]
    fn wait_for(&mut self, needle: &str, stderr: bool) -> String {
        let started = Instant::now();
        loop {
            let lines = if stderr { self.stderr() } else { self.stdout() };
            if let Some(line) = lines.into_iter().find(|l| l.contains(needle)) {
                return line;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "serve exited with {status} before printing {needle:?}\nstdout:\n{}\nstderr:\n{}",
                    self.stdout().join("\n"),
                    self.stderr().join("\n")
                );
            }
            assert!(
                started.elapsed() < TIMEOUT,
                "no {needle:?} within {TIMEOUT:?}\nstdout:\n{}\nstderr:\n{}",
                self.stdout().join("\n"),
                self.stderr().join("\n")
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends SIGTERM and waits for the process to end.
    #[track_caller]
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(sent.success());
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status;
            }
            assert!(
                started.elapsed() < TIMEOUT,
                "no exit within {TIMEOUT:?} of SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn stdout(&self) -> Vec<String> {
        self.stdout.lock().expect("stdout").clone()
    }

    pub fn stderr(&self) -> Vec<String> {
        self.stderr.lock().expect("stderr").clone()
    }

    pub fn get(&self, path: &str) -> Reply {
        request(self.port, "GET", path, &[], b"")
    }

    pub fn post_form(&self, path: &str, body: &str) -> Reply {
        request(
            self.port,
            "POST",
            path,
            &[("Content-Type", "application/x-www-form-urlencoded")],
            body.as_bytes(),
        )
    }

    /// Waits until `GET path` satisfies `ok`, returning that reply.
    #[track_caller]
    pub fn poll(&self, path: &str, what: &str, ok: impl Fn(&Reply) -> bool) -> Reply {
        let started = Instant::now();
        loop {
            let reply = self.get(path);
            if ok(&reply) {
                return reply;
            }
            assert!(
                started.elapsed() < TIMEOUT,
                "{path}: {what} did not happen within {TIMEOUT:?}; last reply {}:\n{}\nstdout:\n{}\nstderr:\n{}",
                reply.status,
                reply.text(),
                self.stdout().join("\n"),
                self.stderr().join("\n")
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// An HTTP response, read whole.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One request on a fresh connection; `path` is sent exactly as given.
pub fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(TIMEOUT)).expect("timeout");
    stream.set_write_timeout(Some(TIMEOUT)).expect("timeout");
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("Host")) {
        head.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("send head");
    // A server may answer (413) before reading a large body, and close.
    let _ = stream.write_all(body);
    // Read the head, then as much body as Content-Length says: not every
    // server closes the connection when asked to (chromedriver does not).
    let mut raw = Vec::new();
    let mut chunk = [0u8; 8192];
    let split = loop {
        if let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => panic!("no HTTP head in {:?}", String::from_utf8_lossy(&raw)),
            Ok(n) => raw.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw.split_off(split + 4);
    let length = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
        .and_then(|(_, v)| v.parse::<usize>().ok());
    let expected = if method == "HEAD" { Some(0) } else { length };
    match expected {
        Some(length) => {
            while body.len() < length {
                match stream.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => body.extend_from_slice(&chunk[..n]),
                }
            }
        }
        None => {
            let _ = stream.read_to_end(&mut body);
        }
    }
    Reply {
        status,
        headers,
        body,
    }
}

/// The preview's output folder of a site.
pub fn output(site: &Site) -> PathBuf {
    site.root().join(".mentorsite-serve")
}
