//! Live reload: server-sent events to every open tab, and the small script
//! and stylesheet the preview adds to each page.
//!
//! A tab's script opens `GET /__mentorsite/events` and keeps it open. The
//! server takes the raw connection from tiny_http (`Request::into_writer`)
//! and keeps it in a list rather than tying up a worker thread per tab;
//! each rebuild writes one event to every connection, and connections that
//! fail to take it are dropped. Both assets are external files served by
//! us, so the site's `script-src 'self'; style-src 'self'` policy allows
//! them.
//!
//! Every build bumps a generation number. A page is served with the
//! generation it was built at, and the stream starts by telling the
//! current one, so a tab that loaded between a rebuild and subscribing (or
//! across a server restart) still reloads.

pub use crate::html::escape as escape_html;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Where the preview's own files live; no site output can be there.
pub const PREFIX: &str = "/__mentorsite/";
pub const SCRIPT_URL: &str = "/__mentorsite/livereload.js";
pub const STYLE_URL: &str = "/__mentorsite/preview.css";
pub const EVENTS_URL: &str = "/__mentorsite/events";

pub const SCRIPT: &str = include_str!("livereload.js");
pub const STYLE: &str = include_str!("preview.css");

/// What open tabs are told after a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReloadEvent {
    /// Reload the page: its HTML, or the error shown over it, changed.
    Page,
    /// Only these stylesheets changed (output paths): swap them in place.
    Stylesheets(Vec<String>),
}

/// The tabs listening for reloads.
pub struct Reload {
    generation: AtomicU64,
    clients: Mutex<Vec<Box<dyn Write + Send>>>,
}

impl Reload {
    pub fn new() -> Reload {
        // A server restart must not reuse the numbers of the last run, or a
        // tab left open would miss that the site changed.
        let start = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_millis() as u64);
        Reload {
            generation: AtomicU64::new(start),
            clients: Mutex::new(Vec::new()),
        }
    }

    /// The generation pages are served at now.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Takes over a request's connection as an event stream.
    pub fn subscribe(&self, request: tiny_http::Request) {
        let mut writer = request.into_writer();
        // Under the lock, so no rebuild can slip between telling this tab
        // the generation and adding it to the list.
        let mut clients = self.lock();
        // No Content-Length: the body is the stream, until either side
        // closes. `retry` makes the browser reconnect quickly after a
        // server restart.
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
             Cache-Control: no-store\r\nConnection: close\r\nX-Accel-Buffering: no\r\n\r\n\
             retry: 1000\n\nevent: hello\ndata: {}\n\n",
            self.generation()
        );
        if writer
            .write_all(head.as_bytes())
            .and_then(|()| writer.flush())
            .is_ok()
        {
            clients.push(writer);
        }
    }

    /// Bumps the generation and tells every tab.
    pub fn notify(&self, event: &ReloadEvent) {
        let mut clients = self.lock();
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let message = match event {
            ReloadEvent::Page => format!("event: reload\ndata: {generation}\n\n"),
            ReloadEvent::Stylesheets(paths) => {
                let urls: Vec<String> = paths.iter().map(|p| format!("/{p}")).collect();
                format!("event: css\ndata: {generation} {}\n\n", urls.join(" "))
            }
        };
        send(&mut clients, message.as_bytes());
    }

    /// A comment line, so dead connections are noticed and dropped.
    pub fn ping(&self) {
        send(&mut self.lock(), b": ping\n\n");
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Box<dyn Write + Send>>> {
        // A panic while writing leaves the list usable.
        self.clients
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Writes to every tab, dropping those whose connection is gone.
fn send(clients: &mut Vec<Box<dyn Write + Send>>, bytes: &[u8]) {
    clients.retain_mut(|w| w.write_all(bytes).and_then(|()| w.flush()).is_ok());
}

impl Default for Reload {
    fn default() -> Self {
        Reload::new()
    }
}

/// Adds the preview's stylesheet, the error overlay (when the last build
/// failed) and the reload script to an HTML page, before its `</body>`.
pub fn inject(html: &[u8], generation: u64, error: Option<&str>) -> Vec<u8> {
    let mut tail = format!("<link rel=\"stylesheet\" href=\"{STYLE_URL}\">");
    if let Some(error) = error {
        tail.push_str(&overlay(error));
    }
    tail.push_str(&format!(
        "<script src=\"{SCRIPT_URL}\" data-generation=\"{generation}\"></script>\n"
    ));
    let at = find_last_ci(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tail.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tail.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The error box shown over the last good page.
pub fn overlay(error: &str) -> String {
    format!(
        "<div id=\"mentorsite-error\" role=\"alert\"><h2>The site did not build</h2>\
         <pre>{}</pre><p>You are seeing the last version that built. Fix the file and \
         save: this page reloads by itself.</p></div>",
        escape_html(error)
    )
}

/// A whole page for when there is no good build to show under the overlay.
pub fn error_page(error: &str, generation: u64) -> Vec<u8> {
    let page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
                <title>Build failed</title></head><body></body></html>";
    inject(page.as_bytes(), generation, Some(error))
}

fn find_last_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len())
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_last_body_end() {
        let html = b"<html><body><p>&lt;/body&gt;</p></BODY></html>";
        let out = String::from_utf8(inject(html, 7, None)).expect("utf-8");
        assert!(
            out.ends_with(
                "<script src=\"/__mentorsite/livereload.js\" data-generation=\"7\"></script>\n</BODY></html>"
            ),
            "{out}"
        );
        assert!(!out.contains("mentorsite-error"));
        let bare = String::from_utf8(inject(b"<p>hi", 1, None)).expect("utf-8");
        assert!(bare.starts_with("<p>hi<link"), "{bare}");
    }

    #[test]
    fn the_overlay_escapes_the_error() {
        let out = String::from_utf8(inject(
            b"<body></body>",
            1,
            Some("templates/page.html:3:1: error: <script>alert(1)</script> & \"x\""),
        ))
        .expect("utf-8");
        assert!(out.contains("templates/page.html:3:1"), "{out}");
        assert!(out.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"));
        assert!(!out.contains("<script>alert"));
    }
}
