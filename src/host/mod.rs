//! `mentorsite host`: the production server of a program. It builds the
//! site into `public/`, serves it from memory and receives the forms.
//!
//! ```text
//!  listener ──▶ connection threads (bounded) ──▶ respond ──▶ Snapshot (public/ in memory)
//!                                                   │
//!                 POST /forms/<f>/submit ──▶ intake ─┴─▶ data/rounds/<round>/<f>.csv
//!                                                   │
//!                      rebuild thread ◀──(debounced)─┘ build ─▶ public/ ─▶ new Snapshot, swapped in
//! ```
//!
//! Unlike `serve` it has no live reload, no error overlay and no preview
//! folder: what it serves is what `build` writes. Every answer carries the
//! security headers; pages are validated by `ETag` and gzipped when the
//! client accepts it. A client is limited in submissions per minute (429
//! with `Retry-After`), connections are bounded and slow clients cut off,
//! and a post must come from the site's own origin (or the `[intake]`
//! origin). SIGTERM stops accepting, lets requests in flight finish, and
//! ends. The library does not print: [`start`] returns a [`Host`] whose
//! [`HostEvent`]s the command line logs.

mod connection;
mod limits;
mod snapshot;

use crate::diagnostic::Diagnostic;
use crate::http::headers::{host_name, loopback_host, origin_of, security_headers};
use crate::http::intake::{submit, IntakeSite, Post, SubmissionOutcome};
use crate::http::path::decode_path;
use crate::{BuildError, BuildOptions, LoadOptions};
use limits::{Connections, RateLimit};
use snapshot::{Found, Snapshot};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// Log events waiting to be written, at most.
const EVENT_QUEUE: usize = 4096;

/// The health endpoint: 200 and a line of JSON while the server serves.
pub(crate) const HEALTH_PATH: &str = "/healthz";

/// What `host` was asked to do.
#[derive(Debug, Clone)]
pub struct HostOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 lets the system pick a free port.
    pub port: u16,
    /// Connections open at once; more are answered 503 and closed.
    pub max_connections: usize,
    /// Submissions one client may send per minute (and at once).
    pub submissions_per_minute: u32,
    /// How long the intake must be quiet before the results are rebuilt.
    pub rebuild_quiet: Duration,
}

impl HostOptions {
    pub fn new(root: PathBuf) -> HostOptions {
        HostOptions {
            root,
            bind: IpAddr::from([127, 0, 0, 1]),
            port: 8080,
            max_connections: 1024,
            submissions_per_minute: 20,
            rebuild_quiet: Duration::from_secs(2),
        }
    }
}

/// What happened, for the command line to log. Carries no answer.
#[derive(Debug)]
pub enum HostEvent {
    Listening {
        url: String,
    },
    /// A build finished and is served.
    Built {
        trigger: &'static str,
        pages: usize,
        files: usize,
        bytes: usize,
        elapsed: Duration,
        warnings: Vec<Diagnostic>,
    },
    /// A rebuild failed: the last good site is still served.
    RebuildFailed {
        diagnostics: Vec<Diagnostic>,
    },
    Request {
        client: IpAddr,
        method: String,
        path: String,
        status: u16,
        bytes: usize,
        elapsed: Duration,
    },
    Submission {
        form: String,
        outcome: SubmissionOutcome,
    },
    /// SIGTERM or SIGINT: no new connections; requests in flight finish.
    Stopping,
    /// Every request finished; the process may end.
    Stopped,
}

/// Why `host` did not start.
#[derive(Debug)]
pub enum HostError {
    Build(BuildError),
    Io(anyhow::Error),
}

/// A running server.
pub struct Host {
    events: Receiver<HostEvent>,
}

impl Host {
    /// What happens, until [`HostEvent::Stopped`].
    pub fn events(&self) -> &Receiver<HostEvent> {
        &self.events
    }
}

/// The site being served: replaced whole after each good build.
struct Live {
    snapshot: Snapshot,
    intake: IntakeSite,
    security: Vec<(&'static str, String)>,
    /// Host names the site answers to (from `base_url` and the intake URL).
    hosts: Vec<String>,
    /// Origins that may post forms, and get CORS for them.
    origins: Vec<String>,
    built: String,
}

/// What connection threads share.
struct State {
    live: RwLock<Arc<Live>>,
    intake_lock: Mutex<()>,
    rate: RateLimit,
    connections: Connections,
    events: SyncSender<HostEvent>,
    rebuild: Mutex<Sender<()>>,
    stopping: AtomicBool,
    in_flight: AtomicUsize,
}

/// One request, read whole.
struct Request {
    method: String,
    /// Without the query.
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    keep_alive: bool,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One answer.
struct Answer {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Arc<[u8]>,
}

impl Answer {
    fn text(status: u16, text: &str) -> Answer {
        Answer {
            status,
            headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
            body: format!("{text}\n").into_bytes().into(),
        }
    }

    fn html(status: u16, page: String) -> Answer {
        Answer {
            status,
            headers: vec![
                ("Content-Type", "text/html; charset=utf-8".into()),
                ("Cache-Control", "no-store".into()),
            ],
            body: page.into_bytes().into(),
        }
    }
}

/// Builds the site, binds, and starts serving; SIGTERM and SIGINT stop it.
pub fn start(options: &HostOptions) -> Result<Host, HostError> {
    let root = options.root.canonicalize().map_err(|e| {
        HostError::Io(anyhow::anyhow!(
            "cannot open the site folder {}: {e}",
            options.root.display()
        ))
    })?;
    // Bounded: when the log cannot keep up, requests wait for it rather
    // than queueing lines in memory.
    let (events, received) = mpsc::sync_channel(EVENT_QUEUE);
    let live = build(&root, "startup", &events).map_err(HostError::Build)?;

    let addr = SocketAddr::new(options.bind, options.port);
    let listener =
        listen(addr).map_err(|e| HostError::Io(anyhow::anyhow!("cannot listen on {addr}: {e}")))?;
    let local = listener.local_addr().map_err(|e| HostError::Io(e.into()))?;
    let (rebuild_in, rebuild_out) = mpsc::channel();
    let state = Arc::new(State {
        live: RwLock::new(Arc::new(live)),
        intake_lock: Mutex::new(()),
        rate: RateLimit::new(options.submissions_per_minute),
        connections: Connections::new(options.max_connections),
        events: events.clone(),
        rebuild: Mutex::new(rebuild_in),
        stopping: AtomicBool::new(false),
        in_flight: AtomicUsize::new(0),
    });

    let spawn = |name: &str, f: Box<dyn FnOnce() + Send>| {
        std::thread::Builder::new()
            .name(name.into())
            .spawn(f)
            .map(|_| ())
            .map_err(|e| HostError::Io(e.into()))
    };
    let rebuild_state = Arc::clone(&state);
    let quiet = options.rebuild_quiet;
    let rebuild_root = root.clone();
    spawn(
        "mentorsite-rebuild",
        Box::new(move || rebuild_loop(&rebuild_root, &rebuild_state, &rebuild_out, quiet)),
    )?;
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
    ])
    .map_err(|e| HostError::Io(e.into()))?;
    let signal_state = Arc::clone(&state);
    spawn(
        "mentorsite-signals",
        Box::new(move || {
            if signals.forever().next().is_some() {
                signal_state.stopping.store(true, Ordering::SeqCst);
                let _ = signal_state.events.send(HostEvent::Stopping);
                // Wake the accept loop.
                let _ = TcpStream::connect(wake_address(local));
            }
        }),
    )?;
    let accept_state = Arc::clone(&state);
    spawn(
        "mentorsite-accept",
        Box::new(move || accept_loop(&listener, &accept_state)),
    )?;
    let host = match local.ip() {
        ip if ip.is_unspecified() => "localhost".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let _ = events.send(HostEvent::Listening {
        url: format!("http://{host}:{}/", local.port()),
    });
    Ok(Host { events: received })
}

/// A listener with a long backlog, so a burst of connections waits in the
/// kernel rather than being refused.
fn listen(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = socket2::Socket::new(
        socket2::Domain::for_address(addr),
        socket2::Type::STREAM,
        None,
    )?;
    socket.set_reuse_address(true)?;
    socket.bind(&addr.into())?;
    socket.listen(1024)?;
    Ok(socket.into())
}

fn wake_address(local: SocketAddr) -> SocketAddr {
    if local.ip().is_unspecified() {
        let ip: IpAddr = if local.is_ipv4() {
            [127, 0, 0, 1].into()
        } else {
            std::net::Ipv6Addr::LOCALHOST.into()
        };
        SocketAddr::new(ip, local.port())
    } else {
        local
    }
}

fn accept_loop(listener: &TcpListener, state: &Arc<State>) {
    for stream in listener.incoming() {
        if state.stopping.load(Ordering::SeqCst) {
            break;
        }
        let Ok(mut stream) = stream else { continue };
        let Ok(peer) = stream.peer_addr() else {
            continue;
        };
        let Some(slot) = state.connections.open() else {
            let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
            let _ = std::io::Write::write_all(
                &mut stream,
                b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
            continue;
        };
        let state = Arc::clone(state);
        let spawned = std::thread::Builder::new()
            .name("mentorsite-conn".into())
            .stack_size(256 * 1024)
            .spawn(move || {
                connection::serve(&state, stream, peer);
                drop(slot);
            });
        if spawned.is_err() {
            continue;
        }
    }
    // Let requests in flight finish, then say so.
    let deadline = Instant::now() + Duration::from_secs(30);
    while state.connections.count() > 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = state.events.send(HostEvent::Stopped);
}

/// Builds into `public/` and reads the result.
fn build(
    root: &std::path::Path,
    trigger: &'static str,
    events: &SyncSender<HostEvent>,
) -> Result<Live, BuildError> {
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: None,
        load: LoadOptions {
            intake_served: true,
            ..LoadOptions::default()
        },
    };
    let built = crate::build_keep(&options)?;
    let snapshot = Snapshot::read(&options.output_dir()).map_err(BuildError::Io)?;
    let config = &built.site.config;
    let intake_origin = origin_of(&config.intake.url);
    let mut hosts = Vec::new();
    let mut origins = Vec::new();
    for url in [
        Some(config.base_url.as_str()),
        Some(config.intake.url.as_str()),
    ]
    .into_iter()
    .flatten()
    {
        if let Some(origin) = origin_of(url) {
            if let Some((_, authority)) = origin.split_once("://") {
                hosts.push(host_name(authority).to_string());
            }
            origins.push(origin);
        }
    }
    let _ = events.send(HostEvent::Built {
        trigger,
        pages: built.summary.pages,
        files: snapshot.len(),
        bytes: snapshot.bytes,
        elapsed: built.summary.elapsed,
        warnings: built.diagnostics.clone(),
    });
    Ok(Live {
        security: security_headers(intake_origin.as_deref()),
        intake: IntakeSite::new(&built.site, Arc::new(built.templates)),
        snapshot,
        hosts,
        origins,
        built: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    })
}

/// After submissions, rebuilds once the intake has been quiet for `quiet`
/// (at most ten times that after the first), and swaps the new site in.
fn rebuild_loop(root: &std::path::Path, state: &State, wake: &Receiver<()>, quiet: Duration) {
    while wake.recv().is_ok() {
        let deadline = Instant::now() + quiet * 10;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match wake.recv_timeout(quiet.min(left)) {
                Ok(()) if !left.is_zero() => continue,
                Err(RecvTimeoutError::Disconnected) => return,
                _ => break,
            }
        }
        match build(root, "submissions", &state.events) {
            Ok(live) => {
                *state
                    .live
                    .write()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(live);
            }
            Err(BuildError::Invalid(diagnostics)) => {
                let _ = state.events.send(HostEvent::RebuildFailed { diagnostics });
            }
            Err(BuildError::Io(e)) => {
                let _ = state.events.send(HostEvent::RebuildFailed {
                    diagnostics: vec![Diagnostic::error(root.join("public"), format!("{e:#}"))],
                });
            }
        }
    }
}

/// Answers one request.
fn respond(state: &State, request: &Request, client: IpAddr) -> Answer {
    let live = Arc::clone(
        &state
            .live
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    let mut answer = route(state, &live, request, client);
    answer.headers.extend(live.security.iter().cloned());
    answer
}

fn route(state: &State, live: &Live, request: &Request, client: IpAddr) -> Answer {
    if let Some(host) = request.header("Host") {
        let name = host_name(host).to_ascii_lowercase();
        if !loopback_host(Some(host)) && !live.hosts.contains(&name) {
            return Answer::text(421, "This server does not serve that host.");
        }
    }
    match request.method.as_str() {
        "GET" | "HEAD" if request.path == HEALTH_PATH => {
            let mut answer = Answer::text(
                200,
                &serde_json::json!({ "status": "ok", "files": live.snapshot.len(), "built": live.built })
                    .to_string(),
            );
            answer.headers = vec![
                ("Content-Type", "application/json".into()),
                ("Cache-Control", "no-store".into()),
            ];
            answer
        }
        "GET" | "HEAD" => static_file(live, request),
        "POST" => intake(state, live, request, client),
        "OPTIONS" => preflight(live, request),
        _ => {
            let mut answer = Answer::text(405, "Method not allowed");
            answer
                .headers
                .push(("Allow", "GET, HEAD, POST, OPTIONS".into()));
            answer
        }
    }
}

fn static_file(live: &Live, request: &Request) -> Answer {
    let path = match decode_path(&request.path) {
        Ok(path) => path,
        Err(refusal) => return Answer::text(refusal.status(), "Refused"),
    };
    let (status, entry) = match live.snapshot.find(&path) {
        Found::File(entry) => (200, entry),
        Found::Redirect(location) => {
            let mut answer = Answer::text(301, &format!("Moved to {location}"));
            answer.headers.push(("Location", location));
            return answer;
        }
        Found::Missing => match live.snapshot.not_found_page() {
            Some(page) => (404, page),
            None => return Answer::text(404, "Not found"),
        },
    };
    let gzip = entry.gzip.as_ref().filter(|_| accepts_gzip(request));
    let etag = match gzip {
        Some(_) => format!("{}-gz\"", entry.etag.trim_end_matches('"')),
        None => entry.etag.clone(),
    };
    let mut headers = vec![
        ("Content-Type", entry.content_type.clone()),
        ("Cache-Control", entry.cache_control.to_string()),
        ("Vary", "Accept-Encoding".to_string()),
    ];
    if status == 200 {
        headers.push(("ETag", etag.clone()));
        let fresh = request.header("If-None-Match").is_some_and(|tags| {
            tags.split(',')
                .map(str::trim)
                .any(|t| t == "*" || t.trim_start_matches("W/") == etag)
        });
        if fresh {
            return Answer {
                status: 304,
                headers,
                body: Arc::from(&b""[..]),
            };
        }
    }
    let body = match gzip {
        Some(g) => {
            headers.push(("Content-Encoding", "gzip".into()));
            Arc::clone(g)
        }
        None => Arc::clone(&entry.body),
    };
    Answer {
        status,
        headers,
        body,
    }
}

fn accepts_gzip(request: &Request) -> bool {
    request.header("Accept-Encoding").is_some_and(|v| {
        v.split(',').any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
    })
}

/// The origin a post comes from is allowed: none (not a browser), the
/// site's, the intake's, or the very host the request was sent to.
fn origin_allowed(live: &Live, request: &Request) -> bool {
    let Some(origin) = request.header("Origin") else {
        return true;
    };
    let origin = origin.to_ascii_lowercase();
    live.origins.contains(&origin)
        || request.header("Host").is_some_and(|host| {
            origin
                .split_once("://")
                .is_some_and(|(_, authority)| authority.eq_ignore_ascii_case(host))
        })
}

fn cors(live: &Live, request: &Request, answer: &mut Answer) {
    if let Some(origin) = request.header("Origin") {
        let origin = origin.to_ascii_lowercase();
        if live.origins.contains(&origin) {
            answer.headers.push(("Access-Control-Allow-Origin", origin));
            answer.headers.push(("Vary", "Origin".into()));
        }
    }
}

fn preflight(live: &Live, request: &Request) -> Answer {
    if live.intake.form_for(&request.path).is_none() || !origin_allowed(live, request) {
        return Answer::text(403, "Not allowed");
    }
    let mut answer = Answer {
        status: 204,
        headers: vec![
            ("Access-Control-Allow-Methods", "POST".into()),
            ("Access-Control-Allow-Headers", "Content-Type".into()),
            ("Access-Control-Max-Age", "600".into()),
        ],
        body: Arc::from(&b""[..]),
    };
    cors(live, request, &mut answer);
    answer
}

fn intake(state: &State, live: &Live, request: &Request, client: IpAddr) -> Answer {
    if let Err(wait) = state.rate.take(client, Instant::now()) {
        let mut answer = Answer::html(
            429,
            "<!doctype html><title>Too many submissions</title><h1>Too many submissions</h1>\
             <p>Please wait a minute and send the form again.</p>"
                .into(),
        );
        answer
            .headers
            .push(("Retry-After", wait.as_secs().max(1).to_string()));
        if let Some(form) = live.intake.form_for(&request.path) {
            let _ = state.events.send(HostEvent::Submission {
                form: form.to_string(),
                outcome: SubmissionOutcome::Refused {
                    status: 429,
                    reason: "too many submissions from one client".into(),
                },
            });
        }
        return answer;
    }
    let post = Post {
        path: &request.path,
        content_type: request.header("Content-Type"),
        body: &request.body,
        origin_allowed: origin_allowed(live, request),
    };
    let reply = submit(&live.intake, &post, &state.intake_lock);
    if let Some((form, outcome)) = reply.outcome {
        if matches!(outcome, SubmissionOutcome::Stored { .. }) {
            let _ = state
                .rebuild
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .send(());
        }
        let _ = state.events.send(HostEvent::Submission { form, outcome });
    }
    let mut answer = Answer::html(reply.status, reply.page);
    cors(live, request, &mut answer);
    answer
}
