//! Watching the site folder: which file events matter, what each one
//! touches, and how a burst of them becomes one rebuild.
//!
//! Editors save in several steps (write a swap file, rename, touch), `git`
//! rewrites many files at once, and the intake appends to a CSV: each is a
//! burst of events that should cost one rebuild. [`classify`] sorts one path
//! into a [`ChangeKind`], [`ChangeSet`] coalesces a burst, and [`Watch`]
//! owns the notify watcher. Only the inputs of a build are watched
//! (`site.toml`, `content/`, `data/`, `static/`, `templates/`, `themes/`),
//! so the output folders, `.git`, `target` and `node_modules` never wake us.

use notify::{EventKind, RecursiveMode, Watcher as _};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;

/// The folders below the site root whose files are inputs of a build.
pub const WATCHED_DIRS: [&str; 5] = ["content", "data", "static", "templates", "themes"];

/// What a changed file is to the build; decides how much work it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// A guide, section or home page (or an image beside one) in `content/`.
    ContentPage,
    /// A profile in `content/mentors/`: also changes the directory and facets.
    MentorProfile,
    /// A template in `templates/` or a theme's `templates/`.
    Template,
    /// A file in `static/` or a theme's `static/`: copied as is.
    StaticFile,
    /// Anything in `data/`: pairs, form schemas, rounds and their CSVs.
    Data,
    /// `site.toml` or a theme's own files: everything may change.
    Config,
    /// Not an input of the build: editor swap files, dot files, outputs.
    Ignored,
}

impl ChangeKind {
    /// How the terminal names it.
    pub fn describe(self) -> &'static str {
        match self {
            ChangeKind::ContentPage => "content file",
            ChangeKind::MentorProfile => "mentor profile",
            ChangeKind::Template => "template",
            ChangeKind::StaticFile => "static file",
            ChangeKind::Data => "data file",
            ChangeKind::Config => "config file",
            ChangeKind::Ignored => "ignored file",
        }
    }
}

/// Names that are never inputs: what editors and tools leave beside files.
/// Vim probes a folder by writing `4913`; Emacs locks with `.#name`.
pub fn is_ignored_name(name: &str) -> bool {
    crate::content::is_ignored_name(name)
        || name == "4913"
        || name == "target"
        || name == "node_modules"
}

/// Classifies a path relative to the site root.
pub fn classify(rel: &Path) -> ChangeKind {
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(name) => {
                let name = name.to_string_lossy();
                if is_ignored_name(&name) {
                    return ChangeKind::Ignored;
                }
                parts.push(name.into_owned());
            }
            // Not below the root: not ours.
            _ => return ChangeKind::Ignored,
        }
    }
    let part = |i: usize| parts.get(i).map(String::as_str);
    match (part(0), part(1), part(2)) {
        (Some("site.toml"), None, _) => ChangeKind::Config,
        (Some("content"), Some("mentors"), _) => ChangeKind::MentorProfile,
        (Some("content"), _, _) => ChangeKind::ContentPage,
        (Some("templates"), _, _) => ChangeKind::Template,
        (Some("static"), _, _) => ChangeKind::StaticFile,
        (Some("data"), _, _) => ChangeKind::Data,
        (Some("themes"), Some(_), Some("templates")) => ChangeKind::Template,
        (Some("themes"), Some(_), Some("static")) => ChangeKind::StaticFile,
        (Some("themes"), _, _) => ChangeKind::Config,
        _ => ChangeKind::Ignored,
    }
}

/// Where a static source lands in the output, and from which theme if it
/// is a theme's: `static/a/b.css` → (None, `a/b.css`),
/// `themes/t/static/x.js` → (Some(`t`), `x.js`).
pub fn static_target(rel: &Path) -> Option<(Option<String>, String)> {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let (theme, rest) = match parts.as_slice() {
        [first, rest @ ..] if first == "static" => (None, rest),
        [first, theme, dir, rest @ ..] if first == "themes" && dir == "static" => {
            (Some(theme.clone()), rest)
        }
        _ => return None,
    };
    if rest.is_empty() {
        return None;
    }
    Some((theme, rest.join("/")))
}

/// The changes of one burst of events, each path once.
#[derive(Debug, Clone, Default)]
pub struct ChangeSet {
    /// Path relative to the root → its kind; sorted for stable reports.
    changes: BTreeMap<PathBuf, ChangeKind>,
}

impl ChangeSet {
    /// Adds a path relative to the root, unless it is ignored.
    pub fn add(&mut self, rel: &Path) {
        let kind = classify(rel);
        if kind != ChangeKind::Ignored {
            self.changes.insert(rel.to_path_buf(), kind);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Path, ChangeKind)> {
        self.changes.iter().map(|(p, k)| (p.as_path(), *k))
    }

    /// True when every change is a static file: a copy, not a rebuild.
    pub fn only_static(&self) -> bool {
        !self.is_empty() && self.changes.values().all(|k| *k == ChangeKind::StaticFile)
    }

    /// One line for the terminal: the file when there is one, else a count
    /// by kind.
    pub fn summary(&self) -> String {
        if let [(path, _)] = self.changes.iter().collect::<Vec<_>>().as_slice() {
            return path.display().to_string().replace('\\', "/");
        }
        let mut counts: BTreeMap<ChangeKind, usize> = BTreeMap::new();
        for kind in self.changes.values() {
            *counts.entry(*kind).or_default() += 1;
        }
        let kinds: Vec<String> = counts
            .iter()
            .map(|(k, n)| format!("{n} {}{}", k.describe(), if *n == 1 { "" } else { "s" }))
            .collect();
        format!("{} files ({})", self.changes.len(), kinds.join(", "))
    }
}

/// What the watcher tells the rebuild loop.
#[derive(Debug)]
pub enum WatchMessage {
    /// Paths that changed, absolute.
    Changed(Vec<PathBuf>),
    /// The watcher failed, or lost events and everything must be rebuilt.
    Error(String),
}

/// The notify watcher over the inputs of a site.
pub struct Watch {
    root: PathBuf,
    watcher: notify::RecommendedWatcher,
}

impl Watch {
    /// Starts watching `root` (canonical); events go to `sender`.
    pub fn start(root: &Path, sender: Sender<WatchMessage>) -> anyhow::Result<Watch> {
        let handler = move |event: notify::Result<notify::Event>| {
            let message = match event {
                // Reading a file is not changing it; the build itself reads
                // every input, and must not wake the watcher.
                Ok(e) if matches!(e.kind, EventKind::Access(_)) => return,
                Ok(e) if e.need_rescan() => {
                    WatchMessage::Error("the watcher lost events; rebuilding everything".into())
                }
                Ok(e) => WatchMessage::Changed(e.paths),
                Err(e) => WatchMessage::Error(watch_error(&e)),
            };
            // The loop has ended: nothing left to tell.
            let _ = sender.send(message);
        };
        let watcher = notify::recommended_watcher(handler)?;
        let mut watch = Watch {
            root: root.to_path_buf(),
            watcher,
        };
        // The root itself only for site.toml and for input folders that
        // appear later; never recursively, so public/, .git and
        // node_modules cost nothing.
        watch
            .watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| anyhow::anyhow!("cannot watch {}: {}", root.display(), watch_error(&e)))?;
        for dir in WATCHED_DIRS {
            watch.watch_input_dir(&root.join(dir));
        }
        Ok(watch)
    }

    /// Watches an input folder when it exists (again: after it was
    /// recreated, its old watch is gone).
    pub fn watch_input_dir(&mut self, dir: &Path) {
        if dir.is_dir() {
            let _ = self.watcher.watch(dir, RecursiveMode::Recursive);
        }
    }

    /// A changed absolute path relative to the root; re-arms the watch when
    /// an input folder itself was created.
    pub fn relative(&mut self, path: &Path) -> Option<PathBuf> {
        let rel = path.strip_prefix(&self.root).ok()?.to_path_buf();
        if let Some(name) = rel.to_str() {
            if WATCHED_DIRS.contains(&name) {
                let dir = self.root.join(name);
                self.watch_input_dir(&dir);
            }
        }
        Some(rel)
    }
}

fn watch_error(e: &notify::Error) -> String {
    // notify's own Display lists the paths in a debug format; ours reads
    // like the rest of the terminal output.
    let what = match &e.kind {
        notify::ErrorKind::Generic(m) => m.clone(),
        notify::ErrorKind::Io(e) => e.to_string(),
        notify::ErrorKind::PathNotFound => "no such file or folder".into(),
        notify::ErrorKind::WatchNotFound => "watch not found".into(),
        notify::ErrorKind::InvalidConfig(c) => format!("invalid watcher configuration {c:?}"),
        notify::ErrorKind::MaxFilesWatch => {
            "too many files to watch; raise fs.inotify.max_user_watches".into()
        }
    };
    if e.paths.is_empty() {
        what
    } else {
        let paths: Vec<String> = e.paths.iter().map(|p| p.display().to_string()).collect();
        format!("{}: {what}", paths.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(p: &str) -> ChangeKind {
        classify(Path::new(p))
    }

    #[test]
    fn inputs_are_classified_by_where_they_live() {
        assert_eq!(kind("content/_index.md"), ChangeKind::ContentPage);
        assert_eq!(kind("content/handbook/goals.md"), ChangeKind::ContentPage);
        assert_eq!(
            kind("content/handbook/diagram.png"),
            ChangeKind::ContentPage
        );
        assert_eq!(kind("content/mentors/ada.md"), ChangeKind::MentorProfile);
        assert_eq!(kind("templates/page.html"), ChangeKind::Template);
        assert_eq!(
            kind("themes/default/templates/base.html"),
            ChangeKind::Template
        );
        assert_eq!(kind("static/logo.svg"), ChangeKind::StaticFile);
        assert_eq!(
            kind("themes/default/static/style.css"),
            ChangeKind::StaticFile
        );
        assert_eq!(kind("data/pairs.csv"), ChangeKind::Data);
        assert_eq!(kind("data/rounds/2026/feedback.csv"), ChangeKind::Data);
        assert_eq!(kind("data/forms/feedback.toml"), ChangeKind::Data);
        assert_eq!(kind("site.toml"), ChangeKind::Config);
        assert_eq!(kind("themes/default/theme.toml"), ChangeKind::Config);
    }

    #[test]
    fn editor_files_outputs_and_tool_folders_are_ignored() {
        for p in [
            "content/handbook/.goals.md.swp",
            "content/handbook/goals.md.swx",
            "content/handbook/goals.md~",
            "content/handbook/.#goals.md",
            "content/handbook/#goals.md#",
            "content/handbook/4913",
            "templates/.page.html.un~",
            "public/index.html",
            ".mentorsite-serve/index.html",
            ".git/index",
            "target/debug/x",
            "node_modules/a/b.js",
            "static/node_modules/a.js",
            "content/.hidden/page.md",
            "agreements.csv",
            "README.md",
            "../outside/site.toml",
            "/etc/passwd",
        ] {
            assert_eq!(kind(p), ChangeKind::Ignored, "{p}");
        }
    }

    #[test]
    fn static_targets_keep_their_path_below_static() {
        assert_eq!(
            static_target(Path::new("static/img/a.png")),
            Some((None, "img/a.png".into()))
        );
        assert_eq!(
            static_target(Path::new("themes/t/static/style.css")),
            Some((Some("t".into()), "style.css".into()))
        );
        assert_eq!(static_target(Path::new("static")), None);
        assert_eq!(static_target(Path::new("content/a.md")), None);
    }

    #[test]
    fn a_burst_is_coalesced_and_summarised() {
        let mut set = ChangeSet::default();
        set.add(Path::new("content/a.md"));
        set.add(Path::new("content/.a.md.swp"));
        set.add(Path::new("content/a.md"));
        assert_eq!(set.summary(), "content/a.md");
        assert!(!set.only_static());
        set.add(Path::new("templates/page.html"));
        assert_eq!(set.summary(), "2 files (1 content file, 1 template)");

        let mut css = ChangeSet::default();
        css.add(Path::new("static/style.css"));
        css.add(Path::new("4913"));
        assert!(css.only_static());
        assert!(ChangeSet::default().is_empty());
    }
}
