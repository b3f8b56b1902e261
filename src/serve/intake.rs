//! The preview's side of the intake: reading a tiny_http request into a
//! [`Post`] for [`crate::http::intake::submit`], which answers it from the
//! site the preview last built, and reporting what became of it.

use super::server::{header, respond, Shared};
use super::ServeEvent;
use crate::http::intake::{submit, Post, Reply, MAX_BODY_BYTES};
use std::io::Read as _;
use tiny_http::Request;

/// Answers a POST.
pub fn handle(shared: &Shared, mut request: Request, path: &str) {
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
