//! Rebuilding the preview after a change, doing as little as the change
//! needs.
//!
//! A change to a static file is copied alone. Anything else loads a new
//! [`Site`]: with [`site::load_reusing`], which reads again only the
//! content and data files that changed and keeps the rest of the model it
//! already holds; afresh when `site.toml`, a template or a theme changed.
//! The model is never edited in place. [`render::render_again`] then draws
//! only the pages whose inputs changed, and [`output::write_changed`]
//! rewrites only the files whose bytes differ and removes the ones no
//! longer produced, so the browser and the file system see only what really
//! changed.

use super::watch::{static_target, ChangeKind, ChangeSet};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::{self, Manifest};
use crate::photos::Photo;
use crate::render::{self, Rendering, Templates};
use crate::site::{self, LoadOptions, Reuse, Site};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

/// Written into the preview's output folder so version control skips it.
const GITIGNORE: &str = ".gitignore";

/// What one rebuild did.
#[derive(Debug)]
pub enum Outcome {
    /// A load, render and write.
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
    /// Comparing and writing the pages.
    pub write: Duration,
    /// Updating and writing the search index, after the pages.
    pub index: Duration,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
    /// The build before this one had failed.
    pub recovered: bool,
}

/// The last good build: the model, its templates and what was drawn.
struct Live {
    site: Arc<Site>,
    templates: Arc<Templates>,
    rendering: Rendering,
}

/// Builds one site into one preview output folder, remembering what the
/// last good build produced.
pub struct Builder {
    root: PathBuf,
    options: LoadOptions,
    output: PathBuf,
    /// What the output folder holds, by hash: what changed, what is stale.
    manifest: Manifest,
    /// The last good build.
    live: Option<Live>,
    /// The content files as last read, valid for the current `site.toml`.
    cache: crate::content::Cache,
    /// Files changed since the last good build (absolute paths); `None`
    /// when something changed that a load cannot reuse around.
    pending: Option<HashSet<PathBuf>>,
    /// The rendered errors of the last build, if it failed.
    error: Option<String>,
    /// The last good build's pages are written but not its search index.
    unindexed: bool,
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
        let manifest = existing_files(output)
            .into_iter()
            .map(|f| (f, None))
            .collect();
        Ok(Builder {
            root: root.to_path_buf(),
            options,
            output: output.to_path_buf(),
            manifest,
            live: None,
            cache: crate::content::Cache::default(),
            pending: None,
            error: None,
            unindexed: false,
        })
    }

    /// What the intake needs of the last good build.
    pub fn intake(&self) -> Option<crate::http::intake::IntakeSite> {
        let live = self.live.as_ref()?;
        Some(crate::http::intake::IntakeSite::new(
            &live.site,
            Arc::clone(&live.templates),
        ))
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
        for (rel, kind) in changes.iter() {
            match kind {
                ChangeKind::ContentPage
                | ChangeKind::MentorProfile
                | ChangeKind::Data
                | ChangeKind::StaticFile => {
                    if let Some(pending) = &mut self.pending {
                        pending.insert(self.root.join(rel));
                    }
                }
                // Templates change pages, not the model: every page's
                // fingerprint holds the templates'.
                ChangeKind::Template | ChangeKind::Ignored => {}
                ChangeKind::Config => self.pending = None,
            }
        }
        self.rebuild(lock)
    }

    /// Loads, renders and writes everything again (the first build, or
    /// after the watcher lost events).
    pub fn build(&mut self, lock: &RwLock<()>) -> Outcome {
        self.pending = None;
        self.rebuild(lock)
    }

    /// Loads what changed, renders what that changed and writes what
    /// differs.
    fn rebuild(&mut self, lock: &RwLock<()>) -> Outcome {
        let started = Instant::now();
        let reuse = match (&self.live, &self.pending) {
            (Some(live), Some(changed)) => Some(Reuse {
                previous: &live.site,
                changed,
            }),
            _ => None,
        };
        if reuse.is_none() {
            self.cache = crate::content::Cache::default();
        }
        let changed = self.pending.clone().unwrap_or_default();
        let (site, mut warnings) =
            site::load_reusing(&self.root, &self.options, &mut self.cache, reuse);
        let Some(site) = site else {
            return self.failed(warnings, started);
        };
        // The same templates unless the theme changed.
        let templates = match &self.live {
            Some(live) if live.site.theme.templates == site.theme.templates => {
                Arc::clone(&live.templates)
            }
            _ => {
                let (templates, problems) = Templates::compile(&site.theme);
                warnings.extend(problems.into_iter().map(|d| d.relative_to(&self.root)));
                if warnings.has_errors() {
                    return self.failed(warnings, started);
                }
                Arc::new(templates)
            }
        };
        // A first build, or one after the theme or site.toml changed, draws
        // every page.
        let mut rendering = match (&mut self.live, &self.pending) {
            (Some(live), Some(_)) => std::mem::take(&mut live.rendering),
            _ => Rendering::default(),
        };
        // A first render lists the index's paths: it is made first.
        let first_index = rendering
            .is_fresh()
            .then(|| render::index_again(&site, &mut rendering));
        let indexed = first_index.is_some();
        let mut rendered = render::render_again(&site, &templates, &mut rendering, &changed);
        warnings.extend(rendered.diagnostics);
        if warnings.has_errors() {
            // Nothing was written: the last render still describes the
            // output (an index made first describes nothing written).
            if let Some(live) = &mut self.live {
                live.rendering = if indexed {
                    Rendering::default()
                } else {
                    rendering
                };
            }
            return self.failed(warnings, started);
        }
        let render_time = started.elapsed();
        rendered
            .files
            .extend(first_index.into_iter().flat_map(|index| index.files));
        let written = {
            let _writing = lock.write().unwrap_or_else(PoisonError::into_inner);
            output::write_changed(&self.output, &rendered.files, &mut self.manifest).map(
                |written| {
                    // The same paths as before: nothing became stale.
                    let removed = if rendered.paths_changed {
                        output::remove_stale(&self.output, &mut self.manifest, |p| {
                            rendered.paths.contains(p)
                        })
                    } else {
                        0
                    };
                    (written, removed)
                },
            )
        };
        let (mut written, removed) = match written {
            Ok(w) => w,
            // What the folder holds is unknown: the live render state was
            // taken, so the next build draws everything.
            Err(e) => return Outcome::WriteFailed(format!("{e:#}")),
        };
        written.sort();
        self.live = Some(Live {
            site: Arc::new(site),
            templates,
            rendering,
        });
        self.pending = Some(HashSet::new());
        self.unindexed = !indexed;
        let recovered = self.error.take().is_some();
        let elapsed = started.elapsed();
        Outcome::Built(BuildReport {
            pages: rendered.pages,
            files: rendered.paths.len(),
            written,
            removed,
            render: render_time,
            write: elapsed - render_time,
            index: Duration::ZERO,
            elapsed,
            warnings,
            recovered,
        })
    }

    /// Updates and writes the search index of the last good build, when
    /// its pages were written without it ([`render::index_again`]): the
    /// index files written (in no order) and removed. `lock` is held for
    /// writing while they are written.
    pub fn index(&mut self, lock: &RwLock<()>) -> Result<(Vec<String>, usize), String> {
        let Some(live) = self.live.as_mut().filter(|_| self.unindexed) else {
            return Ok((Vec::new(), 0));
        };
        self.unindexed = false;
        let index = render::index_again(&live.site, &mut live.rendering);
        let _writing = lock.write().unwrap_or_else(PoisonError::into_inner);
        let written = match output::write_changed(&self.output, &index.files, &mut self.manifest) {
            Ok(written) => written,
            Err(e) => {
                // What the folder holds is unknown: the next build draws
                // and indexes everything, as after a failed page write.
                live.rendering = Rendering::default();
                return Err(format!("{e:#}"));
            }
        };
        let removed = if index.gone.is_empty() {
            0
        } else {
            let gone: HashSet<&str> = index.gone.iter().map(String::as_str).collect();
            output::remove_stale(&self.output, &mut self.manifest, |p| !gone.contains(p))
        };
        Ok((written, removed))
    }

    fn failed(&mut self, diagnostics: Vec<Diagnostic>, started: Instant) -> Outcome {
        let diagnostics: Vec<Diagnostic> = diagnostics
            .into_iter()
            .map(|d| d.relative_to(&self.root))
            .collect();
        let text = render_errors(&diagnostics);
        let repeated = self.error.as_deref() == Some(text.as_str());
        self.error = Some(text);
        Outcome::Failed {
            diagnostics,
            repeated,
            elapsed: started.elapsed(),
        }
    }

    /// Copies changed static files to the output; `None` when the change
    /// needs a full build (a file was removed, a folder changed, or the
    /// file belongs to a theme we cannot place).
    fn copy_static(&mut self, changes: &ChangeSet, lock: &RwLock<()>) -> Option<Outcome> {
        let started = Instant::now();
        let live = self.live.as_ref()?;
        let theme = live.site.config.theme.as_str();
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
            // A mentor's photo is never copied: the full build processes it.
            let is_photo = |m: &crate::content::MentorProfile| matches!(&m.photo, Some(Photo::Local(p)) if p.source == source);
            if live.site.mentors.iter().any(|m| is_photo(m)) {
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
                if let Err(e) = crate::fsutil::overwrite(&path, &bytes) {
                    return Some(Outcome::WriteFailed(format!("{e:#}")));
                }
                self.manifest.insert(target.clone(), None);
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
