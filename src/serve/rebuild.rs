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
use crate::output::{self, Manifest};
use crate::photos::Photo;
use crate::render::{self, site_files::SiteFiles, Templates};
use crate::site::{LoadOptions, Site};
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
/// The model, templates and mentor cards of the last good build.
struct Live {
    site: Site,
    templates: std::sync::Arc<Templates>,
    cards: Vec<String>,
}

pub struct Builder {
    root: PathBuf,
    options: LoadOptions,
    output: PathBuf,
    /// What the output folder holds, by hash: what changed, what is stale.
    manifest: Manifest,
    /// The last good build, kept so an edit to one page's text re-renders
    /// only the pages that show it.
    live: Option<Live>,
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
            theme: None,
            error: None,
        })
    }

    /// What the intake needs of the last good build.
    pub fn intake(&self) -> Option<crate::http::intake::IntakeSite> {
        let live = self.live.as_ref()?;
        Some(crate::http::intake::IntakeSite::new(
            &live.site,
            std::sync::Arc::clone(&live.templates),
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
        if let Some(outcome) = self.edit_in_place(changes, lock) {
            return outcome;
        }
        self.build(lock)
    }

    /// The fast path for the common edit: the text of one existing profile
    /// or page, with nothing that other pages show about it changed (name,
    /// facets, title, order). Re-reads that one file, re-renders the pages
    /// that show it and the site-wide indexes, and writes what changed.
    /// `None` when the change needs a full build.
    fn edit_in_place(&mut self, changes: &ChangeSet, lock: &RwLock<()>) -> Option<Outcome> {
        let started = Instant::now();
        if self.error.is_some() {
            return None;
        }
        let mut iter = changes.iter();
        let (rel, kind) = iter.next()?;
        if iter.next().is_some() {
            return None;
        }
        let live = self.live.as_mut()?;
        let site = &mut live.site;
        let path = self.root.join(rel);
        let reloaded = match kind {
            ChangeKind::MentorProfile => {
                let i = site.mentors.iter().position(|m| m.path == path)?;
                let new = match crate::content::reload_mentor(
                    &self.root,
                    &site.config,
                    &path,
                    &site.link_targets,
                ) {
                    Ok(new) => new,
                    Err(diagnostics) => return Some(self.failed(diagnostics, started)),
                };
                let mut new = new;
                let old = &site.mentors[i];
                // The same photo file keeps its processed images (a change of
                // the file itself is a change of its own); a new or moved
                // photo is processed by a full build.
                if let (Some(Photo::Local(new)), Some(Photo::Local(old))) =
                    (&mut new.photo, &old.photo)
                {
                    if new.source == old.source && new.focus == old.focus {
                        new.processed.clone_from(&old.processed);
                    }
                }
                if new.photo != old.photo {
                    return None;
                }
                let same_place = new.sort_key() == old.sort_key()
                    && new.skills == old.skills
                    && new.industries == old.industries
                    && new.tracks == old.tracks
                    && new.languages == old.languages
                    && new.draft == old.draft;
                if !same_place {
                    return None;
                }
                // The filter and search indexes show these; a biography
                // edit leaves them as they are.
                let indexed = new.headline != old.headline
                    || new.location != old.location
                    || new.remote != old.remote
                    || new.capacity != old.capacity
                    || new.photo != old.photo;
                site.mentors[i] = new;
                let which = if indexed {
                    SiteFiles::MentorIndexes
                } else {
                    SiteFiles::None
                };
                (Some(i), render::jobs_for_mentor(site, i), which)
            }
            ChangeKind::ContentPage if rel.extension().is_some_and(|e| e == "md") => {
                let p = site.content.pages.iter().position(|pg| pg.path == path)?;
                let old = &site.content.pages[p];
                let new = match crate::content::reload_page(
                    &self.root,
                    &path,
                    old.is_section,
                    &site.link_targets,
                ) {
                    Ok(new) => new,
                    Err(diagnostics) => return Some(self.failed(diagnostics, started)),
                };
                let same_place = new.title == old.title
                    && new.description == old.description
                    && new.weight == old.weight
                    && new.date == old.date
                    && new.updated == old.updated
                    && new.draft == old.draft
                    && new.template == old.template
                    && new.aliases == old.aliases
                    && new.extra == old.extra;
                if !same_place {
                    return None;
                }
                site.content.pages[p] = new;
                (None, render::jobs_for_page(site, p), SiteFiles::SearchIndex)
            }
            _ => return None,
        };
        let (card, jobs, which) = reloaded;
        let live = self.live.as_mut()?;
        let files = match render::render_jobs(
            &live.site,
            &live.templates,
            &mut live.cards,
            card,
            &jobs,
            which,
        ) {
            Ok(files) => files,
            Err(d) => {
                // The model now holds the edit; a full build starts afresh.
                self.live = None;
                return Some(self.failed(vec![d], started));
            }
        };
        let render_time = started.elapsed();
        let written = {
            let _writing = lock.write().unwrap_or_else(PoisonError::into_inner);
            output::write_changed(&self.output, &files, &mut self.manifest, false)
        };
        let mut written = match written {
            Ok(w) => w,
            Err(e) => return Some(Outcome::WriteFailed(format!("{e:#}"))),
        };
        written.sort();
        let elapsed = started.elapsed();
        Some(Outcome::Built(BuildReport {
            pages: jobs.len(),
            files: self.manifest.len(),
            written,
            removed: 0,
            render: render_time,
            write: elapsed - render_time,
            elapsed,
            warnings: Vec::new(),
            recovered: false,
        }))
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

    /// Loads, renders and writes what changed.
    pub fn build(&mut self, lock: &RwLock<()>) -> Outcome {
        let started = Instant::now();
        let (site, templates, mut rendered, warnings) =
            match crate::load_render_keep(&self.options, &self.root) {
                Ok(built) => built,
                Err(diagnostics) => {
                    self.live = None;
                    return self.failed(diagnostics, started);
                }
            };
        let render = started.elapsed();
        let current: HashSet<&str> = rendered.files.iter().map(|f| f.path.as_str()).collect();
        let removed = self
            .manifest
            .keys()
            .filter(|p| !current.contains(p.as_str()))
            .count();
        let written = {
            let _writing = lock.write().unwrap_or_else(PoisonError::into_inner);
            output::write_changed(&self.output, &rendered.files, &mut self.manifest, true)
        };
        let mut written = match written {
            Ok(w) => w,
            Err(e) => return Outcome::WriteFailed(format!("{e:#}")),
        };
        written.sort();
        self.theme = Some(site.config.theme.clone());
        self.live = Some(Live {
            cards: std::mem::take(&mut rendered.cards),
            site,
            templates: std::sync::Arc::new(templates),
        });
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
            // A mentor's photo is never copied: the full build processes it.
            let is_photo = |m: &crate::content::MentorProfile| matches!(&m.photo, Some(Photo::Local(p)) if p.source == source);
            if self
                .live
                .as_ref()
                .is_some_and(|live| live.site.mentors.iter().any(is_photo))
            {
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
