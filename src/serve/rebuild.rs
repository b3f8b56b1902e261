//! Rebuilding the preview after a change, doing as little as the change
//! needs.
//!
//! A change to a static file is copied alone. Anything else loads and
//! renders the site again (`load_and_render`, the same code as `build`),
//! then [`output::write_changed`] rewrites only the output files whose bytes
//! differ and removes the ones no longer produced, so the browser and the
//! file system see only what really changed. The [`ChangeSet`] reaches
//! [`Builder::apply`] with every path classified, which is where a cache of
//! parsed pages can later decide to reload only what changed.

use super::watch::{static_target, ChangeKind, ChangeSet};
use crate::diagnostic::Diagnostic;
use crate::output;
use crate::site::LoadOptions;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{PoisonError, RwLock};
use std::time::{Duration, Instant};

/// Written into the preview's output folder so version control skips it.
const GITIGNORE: &str = ".gitignore";

/// What one rebuild did.
#[derive(Debug)]
pub enum Outcome {
    /// A full load, render and write.
    Built(BuildReport),
    /// Only static files changed; these output paths were copied.
    Copied {
        files: Vec<String>,
        elapsed: Duration,
    },
    /// The site has errors; the output was left as it was.
    Failed {
        diagnostics: Vec<Diagnostic>,
        /// The same errors as the build before: already reported.
        repeated: bool,
        elapsed: Duration,
    },
    /// Writing the output failed (disk full, permissions).
    WriteFailed(String),
}

/// The figures of a successful build.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    /// HTML pages rendered.
    pub pages: usize,
    /// Files the site has.
    pub files: usize,
    /// Output paths whose bytes changed and were rewritten.
    pub written: Vec<String>,
    /// Output files removed because the site no longer produces them.
    pub removed: usize,
    /// Loading and rendering.
    pub render: Duration,
    /// Comparing and writing.
    pub write: Duration,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
    /// The build before this one had failed.
    pub recovered: bool,
}

/// Builds one site into one preview output folder, remembering what the
/// last good build produced.
pub struct Builder {
    root: PathBuf,
    options: LoadOptions,
    output: PathBuf,
    /// Output paths of the last good build: what a stale file is.
    previous: Vec<String>,
    /// The theme the last good build used, for copying its static files.
    theme: Option<String>,
    /// The rendered errors of the last build, if it failed.
    error: Option<String>,
}

impl Builder {
    /// Prepares `output` (created if missing; files of an earlier run are
    /// kept and compared, so a restart rewrites only what changed).
    pub fn new(root: &Path, options: LoadOptions, output: &Path) -> anyhow::Result<Builder> {
        output::check_output_dir(root, output)?;
        crate::fsutil::create_dir_all(output)?;
        crate::fsutil::write(
            &output.join(output::MARKER),
            b"This folder is written by mentorsite serve; it is overwritten on every change.\n",
        )?;
        crate::fsutil::write(&output.join(GITIGNORE), b"*\n")?;
        let previous = existing_files(output);
        Ok(Builder {
            root: root.to_path_buf(),
            options,
            output: output.to_path_buf(),
            previous,
            theme: None,
            error: None,
        })
    }

    /// The rendered errors of the last build, when it failed.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Rebuilds for a burst of changes. `lock` is held for writing while the
    /// output folder is written, so no request reads half a file.
    pub fn apply(&mut self, changes: &ChangeSet, lock: &RwLock<()>) -> Outcome {
        if changes.only_static() && self.error.is_none() {
            if let Some(outcome) = self.copy_static(changes, lock) {
                return outcome;
            }
        }
        self.build(lock)
    }

    /// Loads, renders and writes what changed.
    pub fn build(&mut self, lock: &RwLock<()>) -> Outcome {
        let started = Instant::now();
        let (site, rendered, warnings) = match crate::load_and_render(&self.options, &self.root) {
            Ok(built) => built,
            Err(diagnostics) => {
                let text = render_errors(&diagnostics);
                let repeated = self.error.as_deref() == Some(text.as_str());
                self.error = Some(text);
                return Outcome::Failed {
                    diagnostics,
                    repeated,
                    elapsed: started.elapsed(),
                };
            }
        };
        let render = started.elapsed();
        let current: HashSet<&str> = rendered.files.iter().map(|f| f.path.as_str()).collect();
        let removed = self
            .previous
            .iter()
            .filter(|p| !current.contains(p.as_str()))
            .count();
        let written = {
            let _writing = lock.write().unwrap_or_else(PoisonError::into_inner);
            output::write_changed(&self.output, &rendered.files, &self.previous)
        };
        let mut written = match written {
            Ok(w) => w,
            Err(e) => return Outcome::WriteFailed(format!("{e:#}")),
        };
        written.sort();
        self.previous = rendered.files.iter().map(|f| f.path.clone()).collect();
        self.theme = Some(site.config.theme.clone());
        let recovered = self.error.take().is_some();
        let elapsed = started.elapsed();
        Outcome::Built(BuildReport {
            pages: rendered.pages,
            files: rendered.files.len(),
            written,
            removed,
            render,
            write: elapsed - render,
            elapsed,
            warnings,
            recovered,
        })
    }

    /// Copies changed static files to the output; `None` when the change
    /// needs a full build (a file was removed, a folder changed, or the
    /// file belongs to a theme we cannot place).
    fn copy_static(&mut self, changes: &ChangeSet, lock: &RwLock<()>) -> Option<Outcome> {
        let started = Instant::now();
        let theme = self.theme.as_deref()?;
        let mut copies: Vec<(PathBuf, String)> = Vec::new();
        for (rel, kind) in changes.iter() {
            debug_assert_eq!(kind, ChangeKind::StaticFile);
            let (from_theme, target) = static_target(rel)?;
            let source = self.root.join(rel);
            // Symlinks are skipped by the build too; a removal may uncover
            // a theme's file of the same name: both need the full build.
            if !source.symlink_metadata().ok()?.file_type().is_file() {
                return None;
            }
            match from_theme.as_deref() {
                // A theme not in use: nothing to do.
                Some(t) if t != theme => continue,
                // The site's static/ file of the same name wins.
                Some(_) if self.root.join("static").join(&target).exists() => continue,
                _ => copies.push((source, target)),
            }
        }
        let mut written = Vec::new();
        {
            let _writing = lock.write().unwrap_or_else(PoisonError::into_inner);
            for (source, target) in copies {
                let bytes = std::fs::read(&source).ok()?;
                let path = self.output.join(&target);
                if std::fs::read(&path).is_ok_and(|old| old == bytes) {
                    continue;
                }
                if let Err(e) = crate::fsutil::write(&path, &bytes) {
                    return Some(Outcome::WriteFailed(format!("{e:#}")));
                }
                if !self.previous.contains(&target) {
                    self.previous.push(target.clone());
                }
                written.push(target);
            }
        }
        Some(Outcome::Copied {
            files: written,
            elapsed: started.elapsed(),
        })
    }
}

/// The errors of a failed build as the terminal shows them.
pub fn render_errors(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(Diagnostic::render)
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The files an earlier run left in `output`, except our bookkeeping.
fn existing_files(output: &Path) -> Vec<String> {
    walkdir::WalkDir::new(output)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(output).ok()?;
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel != output::MARKER && rel != GITIGNORE).then_some(rel)
        })
        .collect()
}
