//! The HTTP side of the preview: routing, serving the output folder
//! safely, and the preview's own files.
//!
//! Anything the browser sends is untrusted, even on localhost: a page on
//! another site can make the browser request `http://127.0.0.1:1111/…`. So a
//! URL path is decoded once, refused if any segment could climb out (`..`,
//! an encoded `/` or `\`, NUL), joined below the output folder, resolved
//! with `canonicalize` (which follows symlinks) and served only if the
//! result still lies inside the output folder. On a loopback address the
//! `Host` header must name loopback too (DNS rebinding), and a form post
//! must come from our own origin.

use super::intake;
use super::reload::{self, Reload, ReloadEvent};
use super::ServeEvent;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Mutex, RwLock};
use tiny_http::{Header, Method, Request, Response};

/// What request handlers share.
pub struct Shared {
    /// The site folder (canonical).
    pub root: PathBuf,
    /// The preview's output folder (canonical): nothing outside it is served.
    pub output: PathBuf,
    /// Held for reading while a file is read, and for writing while a
    /// rebuild writes, so no one is served half a file.
    pub output_lock: RwLock<()>,
    /// The rendered diagnostics of the failed last build, if it failed.
    pub error: RwLock<Option<String>>,
    pub reload: Reload,
    /// One writer at a time for the round CSVs.
    pub intake_lock: Mutex<()>,
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

    pub fn read_output(&self) -> std::sync::RwLockReadGuard<'_, ()> {
        self.output_lock
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn write_output(&self) -> std::sync::RwLockWriteGuard<'_, ()> {
        self.output_lock
            .write()
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
        Method::Post => intake::handle(shared, request, &path),
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

/// Where a URL path leads in the output folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirect here.
    Redirect(String),
    NotFound,
    /// The path tries to leave the output folder.
    Forbidden,
}

/// Resolves a raw (still percent-encoded) URL path below `output`, which
/// must be canonical.
pub fn resolve(output: &Path, raw_path: &str) -> Resolved {
    let Some(decoded) = percent_decode(raw_path.as_bytes()) else {
        return Resolved::Forbidden;
    };
    let Ok(decoded) = String::from_utf8(decoded) else {
        return Resolved::Forbidden;
    };
    // A backslash is a separator on Windows, a colon starts a drive or a
    // stream: no file of a built site has either in its name.
    if decoded.contains(['\0', '\\', ':']) {
        return Resolved::Forbidden;
    }
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == "." || *s == "..") {
        return Resolved::Forbidden;
    }
    // Dot files in the output are our own bookkeeping (the marker), never
    // part of the site: the build skips dot files in its inputs.
    if segments.iter().any(|s| s.starts_with('.')) {
        return Resolved::NotFound;
    }
    let mut path = output.to_path_buf();
    path.extend(&segments);
    let Some(real) = inside(output, &path) else {
        return match path.symlink_metadata() {
            Ok(_) => Resolved::Forbidden,
            Err(_) => Resolved::NotFound,
        };
    };
    if real.is_dir() {
        if !decoded.ends_with('/') {
            let encoded: Vec<String> = segments.iter().map(|s| percent_encode(s)).collect();
            return Resolved::Redirect(format!("/{}/", encoded.join("/")));
        }
        return match inside(output, &real.join("index.html")) {
            Some(index) if index.is_file() => Resolved::File(index),
            _ => Resolved::NotFound,
        };
    }
    if real.is_file() {
        Resolved::File(real)
    } else {
        Resolved::NotFound
    }
}

/// `path` with every link resolved, if it exists and stays inside `output`.
fn inside(output: &Path, path: &Path) -> Option<PathBuf> {
    let real = path.canonicalize().ok()?;
    real.starts_with(output).then_some(real)
}

fn serve_output(shared: &Shared, request: Request, path: &str) {
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
            Resolved::Forbidden => {
                return respond(
                    request,
                    403,
                    "text/plain; charset=utf-8",
                    b"Forbidden\n".to_vec(),
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

/// The `Content-Type` of an output file; text gets its charset.
pub fn content_type(path: &Path) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let essence = mime.essence_str();
    let textual = mime.type_() == mime_guess::mime::TEXT
        || matches!(
            essence,
            "application/javascript" | "application/json" | "application/xml" | "image/svg+xml"
        );
    if textual {
        format!("{essence}; charset=utf-8")
    } else {
        essence.to_string()
    }
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
        ("Content-Type", content_type),
        // A preview is always fresh: the browser must never show a page
        // from before the last rebuild.
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ];
    for (name, value) in standard
        .iter()
        .copied()
        .chain(headers.iter().map(|(n, v)| (*n, v.as_str())))
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

/// Splits a request target into its path and query; absolute-form targets
/// (`http://host/path`) keep only the path.
pub fn split_target(target: &str) -> Option<(&str, &str)> {
    let target = match target.split_once("://") {
        Some((scheme, rest)) if !scheme.contains('/') => rest.find('/').map(|i| &rest[i..])?,
        _ => target,
    };
    if !target.starts_with('/') {
        return None;
    }
    let target = target.split('#').next().unwrap_or(target);
    Some(target.split_once('?').unwrap_or((target, "")))
}

/// True for a `Host` that names the loopback interface (or no `Host`, as
/// HTTP/1.0 allows).
pub fn loopback_host(host: Option<&str>) -> bool {
    let Some(host) = host else {
        return true;
    };
    let name = host_name(host).to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name == "::1"
        || name
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// `example.org:8080` → `example.org`; `[::1]:1111` → `::1`.
fn host_name(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    host.rsplit_once(':').map_or(host, |(name, _)| name)
}

/// Decodes `%XX` escapes; `None` for a malformed escape.
pub fn percent_decode(input: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        if input[i] == b'%' {
            let hex = input.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(input[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Encodes a path segment for a `Location` header.
fn percent_encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().expect("tmp");
        let out = tmp.path().join("out");
        std::fs::create_dir_all(out.join("handbook/goals")).expect("mkdir");
        std::fs::write(out.join("index.html"), "home").expect("write");
        std::fs::write(out.join("handbook/goals/index.html"), "goals").expect("write");
        std::fs::write(out.join(".mentorsite-output"), "").expect("write");
        std::fs::write(tmp.path().join("site.toml"), "secret").expect("write");
        let out = out.canonicalize().expect("canonical");
        (tmp, out)
    }

    #[test]
    fn folders_serve_their_index_and_redirect_without_slash() {
        let (_tmp, out) = site();
        assert_eq!(resolve(&out, "/"), Resolved::File(out.join("index.html")));
        assert_eq!(
            resolve(&out, "/handbook/goals/"),
            Resolved::File(out.join("handbook/goals/index.html"))
        );
        assert_eq!(
            resolve(&out, "/handbook/goals"),
            Resolved::Redirect("/handbook/goals/".into())
        );
        assert_eq!(resolve(&out, "/handbook/"), Resolved::NotFound);
        assert_eq!(resolve(&out, "/nope.html"), Resolved::NotFound);
        assert_eq!(resolve(&out, "/.mentorsite-output"), Resolved::NotFound);
    }

    #[test]
    fn a_redirect_never_leaves_the_host() {
        let (_tmp, out) = site();
        std::fs::create_dir_all(out.join("evil.example")).expect("mkdir");
        assert_eq!(
            resolve(&out, "//evil.example"),
            Resolved::Redirect("/evil.example/".into())
        );
    }

    #[test]
    fn nothing_outside_the_output_folder_is_reachable() {
        let (tmp, out) = site();
        for path in [
            "/../site.toml",
            "/%2e%2e/site.toml",
            "/%2E%2E/site.toml",
            "/..%2fsite.toml",
            "/..%2Fsite.toml",
            "/handbook/../../site.toml",
            "/..\\site.toml",
            "/%5c..%5csite.toml",
            "/index.html%00.txt",
            "/%zz",
            "/C:/Windows/win.ini",
        ] {
            assert_eq!(resolve(&out, path), Resolved::Forbidden, "{path}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(tmp.path().join("site.toml"), out.join("leak.txt"))
                .expect("symlink");
            std::os::unix::fs::symlink(tmp.path(), out.join("up")).expect("symlink");
            assert_eq!(resolve(&out, "/leak.txt"), Resolved::Forbidden);
            assert_eq!(resolve(&out, "/up/site.toml"), Resolved::Forbidden);
            assert_eq!(resolve(&out, "/up/"), Resolved::Forbidden);
            std::os::unix::fs::symlink(out.join("index.html"), out.join("home.html"))
                .expect("symlink");
            assert_eq!(
                resolve(&out, "/home.html"),
                Resolved::File(out.join("index.html"))
            );
        }
    }

    #[test]
    fn targets_hosts_and_types() {
        assert_eq!(split_target("/a/b?x=1#f"), Some(("/a/b", "x=1")));
        assert_eq!(split_target("http://h:1/a?q"), Some(("/a", "q")));
        assert_eq!(split_target("*"), None);
        assert!(loopback_host(Some("127.0.0.1:1111")));
        assert!(loopback_host(Some("localhost:1111")));
        assert!(loopback_host(Some("[::1]:1111")));
        assert!(loopback_host(None));
        assert!(!loopback_host(Some("attacker.example:1111")));
        assert!(!loopback_host(Some("127.0.0.1.attacker.example")));
        assert_eq!(
            content_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("style.css")),
            "text/css; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("logo.png")), "image/png");
        assert_eq!(
            content_type(Path::new("x.json")),
            "application/json; charset=utf-8"
        );
        assert_eq!(percent_decode(b"a%20b%2F"), Some(b"a b/".to_vec()));
        assert_eq!(percent_decode(b"%2"), None);
    }
}
