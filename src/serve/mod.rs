//! `mentorsite serve`: build, serve the result, rebuild on every change,
//! reload open tabs, and receive the site's forms.
//!
//! ```text
//!  notify ──paths──▶ rebuild loop ──(debounce, classify)──▶ Builder ──▶ .mentorsite-serve/
//!                         │                                                  ▲
//!                         └──reload event──▶ open tabs (SSE)      HTTP workers┘ (read, inject script)
//!                                                                      │
//!                                            POST /forms/<f>/submit ──▶ data/rounds/<round>/<f>.csv
//! ```
//!
//! The preview writes into its own folder, `<root>/.mentorsite-serve/`, so
//! it never touches `public/`, and built with the preview's address as the
//! base URL so every link stays on it. The library does not print:
//! [`start`] returns a [`Preview`] whose [`ServeEvent`]s the command line
//! reports.
//!
//! Module map: `watch` (which events matter), `rebuild` (doing the least
//! work for a change), `server` (HTTP and path safety, form posts), `reload`
//! (events to tabs, the injected script and overlay).

mod rebuild;
mod reload;
mod server;
mod watch;

use crate::diagnostic::Diagnostic;
use crate::site::LoadOptions;
use rebuild::{BuildReport, Builder, Outcome};
use reload::ReloadEvent;
use server::Shared;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};
use watch::{ChangeSet, Watch, WatchMessage};

/// The preview's output folder, below the site root. A dot folder: the
/// build and the watcher both skip it.
pub(crate) const OUTPUT_DIR: &str = ".mentorsite-serve";

/// How long the folder must be quiet before a rebuild starts: an editor's
/// save is a few events within a millisecond or two (a temporary file, a
/// rename). Longer bursts, such as a `git checkout`, may start a rebuild
/// early; what arrives during it is rebuilt right after, so the wait only
/// needs to cover one save, and every millisecond of it is in every reload.
pub(crate) const QUIET: Duration = Duration::from_millis(10);

/// A stream of events never delays a rebuild longer than this.
pub(crate) const MAX_DELAY: Duration = Duration::from_secs(1);

/// How often idle event streams are pinged, to drop closed tabs.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// Threads answering requests. Event streams do not hold one.
const WORKERS: usize = 8;

/// What `serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 lets the system pick a free port.
    pub port: u16,
    pub drafts: bool,
}

/// What happened, for the command line to report.
#[derive(Debug)]
pub enum ServeEvent {
    /// The server answers at `url`, from `output`.
    Listening { url: String, output: PathBuf },
    /// A build finished; `trigger` says what changed.
    Built {
        trigger: String,
        report: BuildReport,
    },
    /// Only static files changed, and were copied.
    Copied {
        trigger: String,
        files: Vec<String>,
        elapsed: Duration,
    },
    /// A build failed; the last good site is still served.
    BuildFailed {
        trigger: String,
        diagnostics: Vec<Diagnostic>,
        /// The same errors as the last build: no need to print them again.
        repeated: bool,
        elapsed: Duration,
    },
    /// Writing the preview's output failed.
    WriteFailed { message: String },
    /// The watcher failed or lost events.
    WatchError { message: String },
    /// A form was posted. Carries no answer, only what happened to it.
    Submission {
        form: String,
        outcome: SubmissionOutcome,
    },
}

pub use crate::http::intake::SubmissionOutcome;

/// A running preview. Dropping it does not stop the server: the process
/// ends it.
pub struct Preview {
    url: String,
    events: Receiver<ServeEvent>,
}

impl Preview {
    /// The address the preview answers at, `http://127.0.0.1:1111/`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// What happens, as it happens; blocks on `recv`.
    pub fn events(&self) -> &Receiver<ServeEvent> {
        &self.events
    }
}

/// Binds, builds the site once, and starts serving and watching.
pub fn start(options: &ServeOptions) -> anyhow::Result<Preview> {
    let root = options.root.canonicalize().map_err(|e| {
        anyhow::anyhow!(
            "cannot open the site folder {}: {e}",
            options.root.display()
        )
    })?;
    if !root.join("site.toml").is_file() {
        anyhow::bail!(
            "{} has no site.toml: it is not a mentorsite site \
             (pass --root DIR, or run `mentorsite init DIR`)",
            options.root.display()
        );
    }
    let addr = SocketAddr::new(options.bind, options.port);
    let http = tiny_http::Server::http(addr)
        .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
    let port = http
        .server_addr()
        .to_ip()
        .map_or(options.port, |a| a.port());
    let host = match options.bind {
        ip if ip.is_unspecified() => "localhost".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let base_url = format!("http://{host}:{port}");

    let folder = output_dir(&root);
    let load = LoadOptions {
        drafts: options.drafts,
        base_url: Some(base_url.clone()),
        intake_served: true,
        ..LoadOptions::default()
    };
    let mut builder = Builder::new(&root, load, &folder)?;
    let output = folder.canonicalize()?;

    let (events, received) = mpsc::channel();
    let shared = Arc::new(Shared {
        output: output.clone(),
        output_lock: RwLock::new(()),
        search_lock: RwLock::new(()),
        error: RwLock::new(None),
        reload: reload::Reload::new(),
        intake_lock: Mutex::new(()),
        intake: RwLock::new(None),
        events: events.clone(),
        loopback: options.bind.is_loopback(),
    });

    // Watching starts before the first build, so an edit made while it
    // runs is not missed.
    let (changes_in, changes) = mpsc::channel();
    let watch = Watch::start(&root, changes_in)?;
    // The first build, before the first request: a tab opened now sees
    // the current site, or the error.
    build_and_report(&shared, &events, "startup", &mut builder, |b, lock| {
        b.build(lock)
    });

    let loop_shared = Arc::clone(&shared);
    let loop_events = events.clone();
    std::thread::Builder::new()
        .name("mentorsite-rebuild".into())
        .spawn(move || rebuild_loop(watch, changes, builder, &loop_shared, &loop_events))?;

    let http = Arc::new(http);
    for i in 0..WORKERS {
        let http = Arc::clone(&http);
        let shared = Arc::clone(&shared);
        std::thread::Builder::new()
            .name(format!("mentorsite-http-{i}"))
            .spawn(move || {
                while let Ok(request) = http.recv() {
                    server::handle(&shared, request);
                }
            })?;
    }

    let url = format!("{base_url}/");
    let _ = events.send(ServeEvent::Listening {
        url: url.clone(),
        output,
    });
    Ok(Preview {
        url,
        events: received,
    })
}

/// Waits for changes, coalesces each burst, rebuilds, reports.
fn rebuild_loop(
    mut watch: Watch,
    changes: Receiver<WatchMessage>,
    mut builder: Builder,
    shared: &Shared,
    events: &Sender<ServeEvent>,
) {
    loop {
        let first = match changes.recv_timeout(HEARTBEAT) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => {
                shared.reload.ping();
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => return,
        };
        let mut set = ChangeSet::default();
        let mut rescan = absorb(&mut watch, first, &mut set, events);
        if set.is_empty() && !rescan {
            // Only ignored files: no need to wait or rebuild.
            continue;
        }
        let deadline = Instant::now() + MAX_DELAY;
        loop {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            match changes.recv_timeout(QUIET.min(deadline - now)) {
                Ok(message) => rescan |= absorb(&mut watch, message, &mut set, events),
                Err(_) => break,
            }
        }
        let trigger = if set.is_empty() {
            "rescan".to_string()
        } else {
            set.summary()
        };
        build_and_report(shared, events, &trigger, &mut builder, |b, lock| {
            if rescan {
                b.build(lock)
            } else {
                b.apply(&set, lock)
            }
        });
    }
}

/// Adds a watcher message to the burst; true when everything must be
/// rebuilt because events were lost.
fn absorb(
    watch: &mut Watch,
    message: WatchMessage,
    set: &mut ChangeSet,
    events: &Sender<ServeEvent>,
) -> bool {
    match message {
        WatchMessage::Changed(paths) => {
            for path in paths {
                if let Some(rel) = watch.relative(&path) {
                    set.add(&rel);
                }
            }
            false
        }
        WatchMessage::Error(message) => {
            let _ = events.send(ServeEvent::WatchError { message });
            true
        }
    }
}

/// Builds with `build`, tells tabs to reload once the pages are written,
/// then updates the search index and reports the whole.
fn build_and_report(
    shared: &Shared,
    events: &Sender<ServeEvent>,
    trigger: &str,
    builder: &mut Builder,
    build: impl FnOnce(&mut Builder, &RwLock<()>) -> Outcome,
) {
    let searching = shared
        .search_lock
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut outcome = build(builder, &shared.output_lock);
    // What is served first: a tab that reloads sees the error, or not.
    shared.set_error(builder.error().map(str::to_string));
    if let (Outcome::Built(_), Some(intake)) = (&outcome, builder.intake()) {
        shared.set_intake(intake);
    }
    if let Outcome::Built(report) = &mut outcome {
        let reload = reload_for(&report.written, report.removed, report.recovered);
        if let Some(reload) = &reload {
            shared.notify(reload);
        }
        let started = Instant::now();
        match builder.index(&shared.output_lock) {
            Ok((written, removed)) => {
                if reload.is_none() {
                    if let Some(reload) = reload_for(&written, removed, false) {
                        shared.notify(&reload);
                    }
                }
                report.written.extend(written);
                report.written.sort();
                report.removed += removed;
                report.index = started.elapsed();
                report.elapsed += report.index;
            }
            Err(message) => outcome = Outcome::WriteFailed(message),
        }
    }
    drop(searching);
    report(shared, events, trigger, outcome);
}

/// Tells tabs what the outcome needs (but a build's reload, told as soon
/// as its pages are written), then tells the terminal.
fn report(shared: &Shared, events: &Sender<ServeEvent>, trigger: &str, outcome: Outcome) {
    let trigger = trigger.to_string();
    let event = match outcome {
        Outcome::Built(report) => ServeEvent::Built { trigger, report },
        Outcome::Copied { files, elapsed } => {
            if let Some(reload) = reload_for(&files, 0, false) {
                shared.notify(&reload);
            }
            ServeEvent::Copied {
                trigger,
                files,
                elapsed,
            }
        }
        Outcome::Failed {
            diagnostics,
            repeated,
            elapsed,
        } => {
            if !repeated {
                // Tabs reload to show the error over the last good page.
                shared.notify(&ReloadEvent::Page);
            }
            ServeEvent::BuildFailed {
                trigger,
                diagnostics,
                repeated,
                elapsed,
            }
        }
        Outcome::WriteFailed(message) => ServeEvent::WriteFailed { message },
    };
    let _ = events.send(event);
}

/// What tabs need after output files changed: nothing, new stylesheets, or
/// a reload.
pub(crate) fn reload_for(
    written: &[String],
    removed: usize,
    recovered: bool,
) -> Option<ReloadEvent> {
    if recovered || removed > 0 {
        return Some(ReloadEvent::Page);
    }
    if written.is_empty() {
        return None;
    }
    if written.iter().all(|p| p.ends_with(".css")) {
        return Some(ReloadEvent::Stylesheets(written.to_vec()));
    }
    Some(ReloadEvent::Page)
}

/// Opens `url` in the desktop's browser.
pub fn open_in_browser(url: &str) -> std::io::Result<()> {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}

/// The preview's output folder for a site.
pub(crate) fn output_dir(root: &Path) -> PathBuf {
    root.join(OUTPUT_DIR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_reload_only_when_output_changed() {
        let s = |v: &[&str]| v.iter().map(|p| p.to_string()).collect::<Vec<_>>();
        assert_eq!(reload_for(&[], 0, false), None);
        assert_eq!(reload_for(&[], 0, true), Some(ReloadEvent::Page));
        assert_eq!(reload_for(&[], 2, false), Some(ReloadEvent::Page));
        assert_eq!(
            reload_for(&s(&["style.css"]), 0, false),
            Some(ReloadEvent::Stylesheets(s(&["style.css"])))
        );
        assert_eq!(
            reload_for(&s(&["style.css", "index.html"]), 0, false),
            Some(ReloadEvent::Page)
        );
    }
}
