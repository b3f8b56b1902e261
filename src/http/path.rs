//! Request targets to files: the one resolver `serve` and `host` share.
//!
//! Anything a browser sends is untrusted, even on localhost. A URL path is
//! decoded once into segments by [`decode_path`], which refuses with 400 an
//! encoded `/` or `\` (a segment that would split differently after
//! decoding), a malformed escape, non-UTF-8, NUL, and with 403 any `.` or
//! `..` segment, a backslash or a drive colon. [`resolve`] then joins the
//! segments below the output folder and follows links with `canonicalize`,
//! serving only what still lies inside it. `host`, which holds the site in
//! memory, looks the same segments up in its snapshot.

use std::path::{Path, PathBuf};

/// A decoded URL path: its segments, and whether it ended in `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestPath {
    pub segments: Vec<String>,
    pub trailing_slash: bool,
}

impl RequestPath {
    /// The output-relative key, `handbook/goals/index.html`-style, without
    /// the index for folders.
    pub fn key(&self) -> String {
        self.segments.join("/")
    }

    /// The canonical URL of this path as a folder, percent-encoded: the
    /// target of a redirect that adds the trailing slash.
    pub fn folder_url(&self) -> String {
        let encoded: Vec<String> = self.segments.iter().map(|s| percent_encode(s)).collect();
        if encoded.is_empty() {
            "/".into()
        } else {
            format!("/{}/", encoded.join("/"))
        }
    }

    /// True when a segment is a dot file: bookkeeping of ours (the output
    /// marker), never part of the site.
    pub fn is_hidden(&self) -> bool {
        self.segments.iter().any(|s| s.starts_with('.'))
    }
}

/// Why a path is not looked up at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Malformed: an encoded separator, a bad escape, not UTF-8, NUL.
    BadRequest,
    /// It tries to climb out: `..`, `.`, a backslash, a drive colon.
    Forbidden,
}

impl Refusal {
    pub fn status(self) -> u16 {
        match self {
            Refusal::BadRequest => 400,
            Refusal::Forbidden => 403,
        }
    }
}

/// Decodes a raw (still percent-encoded) URL path into segments.
pub fn decode_path(raw_path: &str) -> Result<RequestPath, Refusal> {
    let mut segments = Vec::new();
    for raw in raw_path.split('/').filter(|s| !s.is_empty()) {
        let bytes = percent_decode(raw.as_bytes()).ok_or(Refusal::BadRequest)?;
        // An encoded `/` or `\` would make one segment two (or climb) once
        // decoded: no file of a built site needs one.
        if bytes.iter().any(|b| matches!(b, b'/' | b'\0')) {
            return Err(Refusal::BadRequest);
        }
        if raw.contains('\\') {
            return Err(Refusal::Forbidden);
        }
        if bytes.contains(&b'\\') {
            return Err(Refusal::BadRequest);
        }
        let segment = String::from_utf8(bytes).map_err(|_| Refusal::BadRequest)?;
        // A colon starts a drive or a stream on Windows.
        if segment == "." || segment == ".." || segment.contains(':') {
            return Err(Refusal::Forbidden);
        }
        segments.push(segment);
    }
    Ok(RequestPath {
        segments,
        trailing_slash: raw_path.ends_with('/'),
    })
}

/// Where a URL path leads in the output folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirect here.
    Redirect(String),
    NotFound,
    /// Refused before any lookup, or it leads out of the output folder.
    Refused(Refusal),
}

/// Resolves a raw (still percent-encoded) URL path below `output`, which
/// must be canonical.
pub fn resolve(output: &Path, raw_path: &str) -> Resolved {
    let path = match decode_path(raw_path) {
        Ok(path) => path,
        Err(refusal) => return Resolved::Refused(refusal),
    };
    if path.is_hidden() {
        return Resolved::NotFound;
    }
    let mut file = output.to_path_buf();
    file.extend(&path.segments);
    let Some(real) = inside(output, &file) else {
        return match file.symlink_metadata() {
            Ok(_) => Resolved::Refused(Refusal::Forbidden),
            Err(_) => Resolved::NotFound,
        };
    };
    if real.is_dir() {
        if !path.trailing_slash {
            return Resolved::Redirect(path.folder_url());
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
    fn encoded_separators_are_bad_requests() {
        let (_tmp, out) = site();
        for path in [
            "/handbook%2Fgoals/",
            "/handbook%2fgoals/",
            "/..%2fsite.toml",
            "/..%2Fsite.toml",
            "/%5c..%5csite.toml",
            "/handbook%5Cgoals/",
            "/index.html%00.txt",
            "/%zz",
            "/%ff",
        ] {
            assert_eq!(
                resolve(&out, path),
                Resolved::Refused(Refusal::BadRequest),
                "{path}"
            );
        }
    }

    #[test]
    fn nothing_outside_the_output_folder_is_reachable() {
        let (tmp, out) = site();
        for path in [
            "/../site.toml",
            "/%2e%2e/site.toml",
            "/%2E%2E/site.toml",
            "/handbook/../../site.toml",
            "/..\\site.toml",
            "/C:/Windows/win.ini",
        ] {
            assert_eq!(
                resolve(&out, path),
                Resolved::Refused(Refusal::Forbidden),
                "{path}"
            );
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(tmp.path().join("site.toml"), out.join("leak.txt"))
                .expect("symlink");
            std::os::unix::fs::symlink(tmp.path(), out.join("up")).expect("symlink");
            let forbidden = Resolved::Refused(Refusal::Forbidden);
            assert_eq!(resolve(&out, "/leak.txt"), forbidden);
            assert_eq!(resolve(&out, "/up/site.toml"), forbidden);
            assert_eq!(resolve(&out, "/up/"), forbidden);
            std::os::unix::fs::symlink(out.join("index.html"), out.join("home.html"))
                .expect("symlink");
            assert_eq!(
                resolve(&out, "/home.html"),
                Resolved::File(out.join("index.html"))
            );
        }
    }

    #[test]
    fn targets_split_and_decode() {
        assert_eq!(split_target("/a/b?x=1#f"), Some(("/a/b", "x=1")));
        assert_eq!(split_target("http://h:1/a?q"), Some(("/a", "q")));
        assert_eq!(split_target("*"), None);
        assert_eq!(percent_decode(b"a%20b%2F"), Some(b"a b/".to_vec()));
        assert_eq!(percent_decode(b"%2"), None);
        assert_eq!(
            decode_path("/a%20b/c/").map(|p| (p.key(), p.folder_url())),
            Ok(("a b/c".into(), "/a%20b/c/".into()))
        );
    }
}
