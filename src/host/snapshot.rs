//! The built site held in memory: every file of `public/` with its type,
//! caching rule, validator and gzip copy, read once after each build and
//! swapped in whole, so a visitor never sees half of a rebuild.

use crate::http::headers::{cache_control, content_type, is_textual};
use crate::http::path::RequestPath;
use flate2::write::GzEncoder;
use std::collections::HashMap;
use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;

/// One file, ready to send.
pub struct Entry {
    pub body: Arc<[u8]>,
    /// The body gzipped, when that is smaller (text only).
    pub gzip: Option<Arc<[u8]>>,
    pub content_type: String,
    pub cache_control: &'static str,
    /// A strong validator of the body: its hash.
    pub etag: String,
}

/// What a path leads to.
pub enum Found<'a> {
    File(&'a Entry),
    /// A folder without its trailing slash.
    Redirect(String),
    Missing,
}

/// The whole site.
#[derive(Default)]
pub struct Snapshot {
    files: HashMap<String, Entry>,
    /// Bytes held, gzip copies included.
    pub bytes: usize,
}

impl Snapshot {
    /// Reads every file below `dir` (the output of a build). Dot files are
    /// the build's own bookkeeping and are left out, as is `_headers`,
    /// which is for static hosts.
    pub fn read(dir: &Path) -> anyhow::Result<Snapshot> {
        let mut snapshot = Snapshot::default();
        for entry in walkdir::WalkDir::new(dir).follow_links(false) {
            let entry = entry?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(dir)?;
            let key = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            if key.split('/').any(|s| s.starts_with('.'))
                || key == crate::render::site_files::HEADERS_FILE
            {
                continue;
            }
            let body = std::fs::read(entry.path())
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", entry.path().display()))?;
            let file = Entry::new(rel, body);
            snapshot.bytes += file.body.len() + file.gzip.as_ref().map_or(0, |g| g.len());
            snapshot.files.insert(key, file);
        }
        Ok(snapshot)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// The file a request path names: a file, or a folder's `index.html`.
    pub fn find(&self, path: &RequestPath) -> Found<'_> {
        if path.is_hidden() {
            return Found::Missing;
        }
        let key = path.key();
        if !path.trailing_slash && !key.is_empty() {
            if let Some(file) = self.files.get(&key) {
                return Found::File(file);
            }
        }
        let index = if key.is_empty() {
            "index.html".to_string()
        } else {
            format!("{key}/index.html")
        };
        match self.files.get(&index) {
            Some(file) if path.trailing_slash || key.is_empty() => Found::File(file),
            Some(_) => Found::Redirect(path.folder_url()),
            None => Found::Missing,
        }
    }

    /// The site's own 404 page.
    pub fn not_found_page(&self) -> Option<&Entry> {
        self.files.get("404.html")
    }
}

impl Entry {
    fn new(rel: &Path, body: Vec<u8>) -> Entry {
        let etag = format!("\"{}\"", &blake3::hash(&body).to_hex()[..20]);
        let gzip = is_textual(rel)
            .then(|| gzip(&body))
            .flatten()
            .filter(|g| g.len() < body.len());
        Entry {
            content_type: content_type(rel),
            cache_control: cache_control(rel),
            etag,
            body: body.into(),
            gzip: gzip.map(Into::into),
        }
    }
}

fn gzip(body: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(body).ok()?;
    encoder.finish().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::path::decode_path;

    #[test]
    fn folders_and_files_are_found_and_dot_files_are_not() {
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = tmp.path();
        std::fs::create_dir_all(dir.join("handbook/goals")).expect("mkdir");
        std::fs::write(dir.join("index.html"), "home ".repeat(100)).expect("write");
        std::fs::write(dir.join("handbook/goals/index.html"), "goals").expect("write");
        std::fs::write(dir.join(".mentorsite-output"), "").expect("write");
        std::fs::write(dir.join("_headers"), "/*").expect("write");
        let snapshot = Snapshot::read(dir).expect("read");
        assert_eq!(snapshot.len(), 2);
        let find = |p: &str| match snapshot.find(&decode_path(p).expect("path")) {
            Found::File(e) => format!("file {}", e.body.len()),
            Found::Redirect(to) => format!("redirect {to}"),
            Found::Missing => "not found".into(),
        };
        assert_eq!(find("/"), "file 500");
        assert_eq!(find("/handbook/goals/"), "file 5");
        assert_eq!(find("/handbook/goals"), "redirect /handbook/goals/");
        assert_eq!(find("/handbook/goals/index.html"), "file 5");
        assert_eq!(find("/index.html/"), "not found");
        assert_eq!(find("/.mentorsite-output"), "not found");
        assert_eq!(find("/_headers"), "not found");
        let Found::File(home) = snapshot.find(&decode_path("/").expect("path")) else {
            panic!("home");
        };
        assert!(home.gzip.as_ref().is_some_and(|g| g.len() < 500));
        assert_eq!(home.cache_control, "no-cache");
    }
}
