//! The HTTP side of the preview: routing, serving the output folder
//! safely, and the preview's own files.
//!
//! Anything the browser sends is untrusted, even on localhost: a page on
//! another site can make the browser request `http://127.0.0.1:1111/…`.
//! Paths go through the resolver `host` uses too ([`crate::http::path`]):
//! an encoded `/` or `\\` is a bad request, anything leaving the output
//! folder is forbidden. On a loopback address the `Host` header must name
//! loopback too (DNS rebinding), and a form post must come from our own
//! origin. Every answer carries the site's security headers. A form post
//! goes to the intake ([`crate::http::intake`]), and what became of it is
//! reported as a [`ServeEvent::Submission`].

use super::reload::{self, Reload, ReloadEvent};
use super::ServeEvent;
use crate::http::headers::{content_type, loopback_host, security_headers};
use crate::http::intake::{submit, IntakeSite, Post, Reply, MAX_BODY_BYTES};
use crate::http::path::{resolve, split_target, Refusal, Resolved};
use std::io::{Cursor, Read as _};
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::sync::{Mutex, RwLock};
use tiny_http::{Header, Method, Request, Response};

/// What request handlers share.
pub struct Shared {
    /// The preview's output folder (canonical): nothing outside it is served.
    pub output: PathBuf,
    /// Held for reading while a file is read, and for writing while a
    /// rebuild writes, so no one is served half a file.
    pub output_lock: RwLock<()>,
    /// Held for writing from before a rebuild's reload is sent until its
    /// search index is written, and for reading while a file of the index
    /// is read: the pages are written and reloaded first, and a tab that
    /// searches right away waits for the index that goes with them.
    pub search_lock: RwLock<()>,
    /// The rendered diagnostics of the failed last build, if it failed.
    pub error: RwLock<Option<String>>,
    pub reload: Reload,
    /// One writer at a time for the round CSVs.
    pub intake_lock: Mutex<()>,
    /// What the intake needs of the last good build.
    pub intake: RwLock<Option<Arc<IntakeSite>>>,
    pub events: Sender<ServeEvent>,
    /// Bound to a loopback address: only loopback host names are answered.
    pub loopback: bool,
}

impl Shared {
    pub fn error(&self) -> Option<String> {
        self.error
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    pub fn set_error(&self, error: Option<String>) {
        *self
            .error
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = error;
    }

    /// The intake of the last good build, if there was one.
    pub fn intake(&self) -> Option<Arc<IntakeSite>> {
        self.intake
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    pub fn set_intake(&self, intake: IntakeSite) {
        *self
            .intake
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(Arc::new(intake));
    }

    pub fn read_output(&self) -> std::sync::RwLockReadGuard<'_, ()> {
        self.output_lock
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn notify(&self, event: &ReloadEvent) {
        self.reload.notify(event);
    }
}

/// Answers one request.
pub fn handle(shared: &Shared, request: Request) {
    if shared.loopback && !loopback_host(header(&request, "Host")) {
        return respond(
            request,
            403,
            "text/plain; charset=utf-8",
            b"This preview server only answers to localhost.\n".to_vec(),
            &[],
        );
    }
    let Some((path, _query)) = split_target(request.url()) else {
        return respond(
            request,
            400,
            "text/plain; charset=utf-8",
            b"Bad request\n".to_vec(),
            &[],
        );
    };
    let path = path.to_string();
    match request.method() {
        Method::Get | Method::Head if path.starts_with(reload::PREFIX) => {
            preview_file(shared, request, &path)
        }
        Method::Get | Method::Head => serve_output(shared, request, &path),
        Method::Post => receive_submission(shared, request, &path),
        _ => respond(
            request,
            405,
            "text/plain; charset=utf-8",
            b"Method not allowed\n".to_vec(),
            &[("Allow", "GET, HEAD, POST".into())],
        ),
    }
}

/// The preview's own script, stylesheet and event stream.
fn preview_file(shared: &Shared, request: Request, path: &str) {
    match path {
        reload::EVENTS_URL if *request.method() == Method::Get => shared.reload.subscribe(request),
        reload::SCRIPT_URL => respond(
            request,
            200,
            "text/javascript; charset=utf-8",
            reload::SCRIPT.as_bytes().to_vec(),
            &[],
        ),
        reload::STYLE_URL => respond(
            request,
            200,
            "text/css; charset=utf-8",
            reload::STYLE.as_bytes().to_vec(),
            &[],
        ),
        _ => respond(
            request,
            404,
            "text/plain; charset=utf-8",
            b"Not found\n".to_vec(),
            &[],
        ),
    }
}

fn serve_output(shared: &Shared, request: Request, path: &str) {
    let _index = crate::search::reserves(path.trim_start_matches('/')).then(|| {
        shared
            .search_lock
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    });
    let found = {
        let _reading = shared.read_output();
        match resolve(&shared.output, path) {
            Resolved::File(file) => std::fs::read(&file).map(|b| (file, b)).ok(),
            Resolved::Redirect(location) => {
                return respond(
                    request,
                    301,
                    "text/plain; charset=utf-8",
                    format!("Moved to {location}\n").into_bytes(),
                    &[("Location", location)],
                );
            }
            Resolved::Refused(refusal) => {
                let text: &[u8] = match refusal {
                    Refusal::BadRequest => b"Bad request\n",
                    Refusal::Forbidden => b"Forbidden\n",
                };
                return respond(
                    request,
                    refusal.status(),
                    "text/plain; charset=utf-8",
                    text.to_vec(),
                    &[],
                );
            }
            Resolved::NotFound => None,
        }
    };
    let error = shared.error();
    let generation = shared.reload.generation();
    match found {
        Some((file, bytes)) => {
            let content_type = content_type(&file);
            let body = if content_type.starts_with("text/html") {
                reload::inject(&bytes, generation, error.as_deref())
            } else {
                bytes
            };
            respond(request, 200, &content_type, body, &[]);
        }
        None => not_found(shared, request, error.as_deref(), generation),
    }
}

/// The site's own 404 page with status 404; the error page when there has
/// never been a good build to show.
fn not_found(shared: &Shared, request: Request, error: Option<&str>, generation: u64) {
    let page = {
        let _reading = shared.read_output();
        std::fs::read(shared.output.join("404.html")).ok()
    };
    match (page, error) {
        (Some(page), _) => respond(
            request,
            404,
            "text/html; charset=utf-8",
            reload::inject(&page, generation, error),
            &[],
        ),
        (None, Some(error)) => respond(
            request,
            500,
            "text/html; charset=utf-8",
            reload::error_page(error, generation),
            &[],
        ),
        (None, None) => respond(
            request,
            404,
            "text/plain; charset=utf-8",
            b"Not found\n".to_vec(),
            &[],
        ),
    }
}

/// Answers a form post: reads it into a [`Post`] for
/// [`crate::http::intake::submit`], which answers it from the site the
/// preview last built, and reports what became of it.
fn receive_submission(shared: &Shared, mut request: Request, path: &str) {
    let reply = match shared.intake() {
        None => Reply::closed(),
        Some(site) => {
            let form = site.form_for(path);
            match read_body(&mut request) {
                None => Reply::too_large(form),
                Some(body) => {
                    let post = Post {
                        path,
                        content_type: header(&request, "Content-Type"),
                        body: &body,
                        origin_allowed: same_origin(&request),
                    };
                    submit(&site, &post, &shared.intake_lock)
                }
            }
        }
    };
    if let Some((form, outcome)) = reply.outcome {
        let _ = shared.events.send(ServeEvent::Submission { form, outcome });
    }
    respond(
        request,
        reply.status,
        "text/html; charset=utf-8",
        reply.page.into_bytes(),
        &[],
    );
}

/// A browser sends `Origin` with every form post; it must be our own. A
/// client without one (curl, a test) is not a browser acting for a page.
fn same_origin(request: &Request) -> bool {
    let Some(origin) = header(request, "Origin") else {
        return true;
    };
    let Some(host) = header(request, "Host") else {
        return false;
    };
    origin
        .split_once("://")
        .is_some_and(|(_, authority)| authority.eq_ignore_ascii_case(host))
}

/// The body, or `None` when it is larger than a submission may be.
fn read_body(request: &mut Request) -> Option<Vec<u8>> {
    if request
        .body_length()
        .is_some_and(|n| n as u64 > MAX_BODY_BYTES)
    {
        return None;
    }
    let mut body = Vec::new();
    // An unreadable body reads as empty and is refused as such.
    let _ = request
        .as_reader()
        .take(MAX_BODY_BYTES + 1)
        .read_to_end(&mut body);
    (body.len() as u64 <= MAX_BODY_BYTES).then_some(body)
}

/// Sends a response with the preview's standard headers. A client that has
/// gone away is no error of ours.
pub fn respond(
    request: Request,
    status: u16,
    content_type: &str,
    body: Vec<u8>,
    headers: &[(&str, String)],
) {
    let length = body.len();
    let mut response = Response::new(
        tiny_http::StatusCode(status),
        Vec::new(),
        Cursor::new(body),
        Some(length),
        None,
    );
    let standard = [
        ("Content-Type", content_type.to_string()),
        // A preview is always fresh: the browser must never show a page
        // from before the last rebuild.
        ("Cache-Control", "no-store".to_string()),
    ];
    for (name, value) in standard
        .into_iter()
        .chain(security_headers(None))
        .chain(headers.iter().cloned())
    {
        if let Ok(h) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(h);
        }
    }
    let _ = request.respond(response);
}

/// The value of a request header.
pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}
