//! Markdown in: the home page, handbook sections and guides, mentor profiles.
//!
//! `load` walks `content/`, reads every file once, parses the front matter of
//! all of them first (so `@/` links can be resolved whatever the order), then
//! renders the bodies in parallel. Problems are collected per file; a file
//! with an error is left out and the rest still loads, so one run reports
//! everything.

mod claims;
pub mod front_matter;
pub mod markdown;
pub mod mentor;
pub mod page;

pub use mentor::MentorProfile;
pub use page::{Content, Page};

use crate::diagnostic::Diagnostic;
use crate::fsutil::read_text;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Images and documents that may sit beside a page and are copied with it.
const ASSET_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "pdf"];

/// What a file under `content/` is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContentFile {
    Section,
    Page,
    Mentor,
    /// `content/agreement.md`: the agreement template, rendered per pair.
    AgreementTemplate,
    /// An image or document beside a page, copied to the output.
    Asset,
}

/// A file found under `content/`, with its path relative to `content/`.
#[derive(Debug, Clone)]
pub struct Found {
    pub kind: ContentFile,
    pub path: PathBuf,
    /// Relative to `content/`, with `/` separators: `handbook/goals.md`.
    pub rel: String,
}

/// Everything loaded from `content/`.
#[derive(Debug, Default)]
pub struct Loaded {
    pub content: Content,
    pub mentors: Vec<MentorProfile>,
    /// Colocated assets: source file → output path relative to the site.
    pub assets: Vec<(PathBuf, String)>,
    /// The agreement template's path, when present.
    pub agreement_template: Option<PathBuf>,
    /// Every `@/` link target (`handbook/goals.md`) and its URL with the
    /// base path.
    pub link_targets: HashMap<String, String>,
}

pub use crate::walk::is_ignored_name;

/// Lists the files under `content_dir`, classified; anything that is not
/// Markdown nor a known asset is reported.
pub fn discover(root: &Path, content_dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<Found> {
    let mut found = Vec::new();
    for listed in crate::walk::files_below(content_dir, root, diagnostics) {
        let crate::walk::Listed { path, rel } = listed;
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let kind = if extension == "md" {
            if rel == "agreement.md" {
                ContentFile::AgreementTemplate
            } else if rel.starts_with("mentors/") && !rel.ends_with("/_index.md") {
                if rel["mentors/".len()..].contains('/') {
                    diagnostics.push(
                        Diagnostic::error(
                            &path,
                            "mentor profiles must sit directly in content/mentors/",
                        )
                        .with_hint("move the file up; the file stem is the mentor's slug"),
                    );
                    continue;
                }
                ContentFile::Mentor
            } else if rel == "_index.md" || rel.ends_with("/_index.md") {
                ContentFile::Section
            } else {
                ContentFile::Page
            }
        } else if ASSET_EXTENSIONS.contains(&extension.as_str()) {
            ContentFile::Asset
        } else {
            diagnostics.push(
                Diagnostic::error(
                    &path,
                    "not a Markdown file: content/ holds `.md` pages and the images beside them",
                )
                .with_hint("put other files under static/, which is copied as is"),
            );
            continue;
        };
        found.push(Found { kind, path, rel });
    }
    found
}

/// Loads all of `content/` below `root`.
pub fn load(
    root: &Path,
    config: &crate::config::Config,
    drafts: bool,
) -> (Loaded, Vec<Diagnostic>) {
    let content_dir = root.join("content");
    let mut diagnostics = Vec::new();
    let mut loaded = Loaded::default();
    if !content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error(&content_dir, "no content/ folder")
                .with_hint("run `mentorsite init DIR` to start from the example program"),
        );
        return (loaded, diagnostics);
    }
    let found = discover(root, &content_dir, &mut diagnostics);

    // Phase 1: read and parse front matter, in parallel.
    let parsed: Vec<Result<Parsed, Diagnostic>> = found
        .par_iter()
        .filter(|f| {
            matches!(
                f.kind,
                ContentFile::Section | ContentFile::Page | ContentFile::Mentor
            )
        })
        .map(|f| {
            let source = read_text(&f.path)?;
            match f.kind {
                ContentFile::Mentor => mentor::parse(f, source).map(Parsed::Mentor),
                _ => page::parse(f, source).map(Parsed::Page),
            }
        })
        .collect();
    let mut pages = Vec::new();
    let mut mentors = Vec::new();
    for result in parsed {
        match result {
            Ok(Parsed::Page(p)) => pages.push(p),
            Ok(Parsed::Mentor(m)) => mentors.push(m),
            Err(d) => diagnostics.push(d),
        }
    }
    // Drafts count: publishing one later must not replace another page.
    diagnostics.extend(claims::check(root, &pages, &mentors));
    pages.retain(|p| drafts || !p.front.draft);
    mentors.retain(|m| drafts || !m.front.draft);
    for f in &found {
        match f.kind {
            ContentFile::AgreementTemplate => loaded.agreement_template = Some(f.path.clone()),
            ContentFile::Asset => loaded.assets.push((f.path.clone(), f.rel.clone())),
            _ => {}
        }
    }

    // Phase 2: every target an `@/` link may name, then the bodies.
    let base_path = config.base_path();
    let mut targets = HashMap::new();
    for p in &pages {
        targets.insert(p.rel.clone(), format!("{base_path}{}", p.url));
    }
    for m in &mentors {
        let url = format!("{base_path}/mentors/{}/", m.slug);
        targets.insert(format!("mentors/{}.md", m.slug), url);
    }

    let rendered_pages: Vec<(Page, Vec<Diagnostic>)> =
        pages.into_par_iter().map(|p| p.render(&targets)).collect();
    let rendered_mentors: Vec<_> = mentors
        .into_par_iter()
        .map(|m| m.render(&targets, config, root))
        .collect();

    let mut page_list = Vec::with_capacity(rendered_pages.len());
    for (page, problems) in rendered_pages {
        diagnostics.extend(problems);
        page_list.push(page);
    }
    for (mentor, problems) in rendered_mentors {
        diagnostics.extend(problems);
        match mentor {
            Ok(m) => loaded.mentors.push(m),
            Err(problems) => diagnostics.extend(problems),
        }
    }
    loaded.mentors.sort_by_key(MentorProfile::sort_key);
    loaded.content = Content::assemble(page_list);
    loaded.link_targets = targets;
    (loaded, diagnostics)
}

enum Parsed {
    Page(page::ParsedPage),
    Mentor(mentor::ParsedMentor),
}

/// Reads one profile again, for the preview's fast path; `targets` are the
/// site's `@/` link targets, unchanged when no file was added or removed.
pub fn reload_mentor(
    root: &Path,
    config: &crate::config::Config,
    path: &Path,
    targets: &HashMap<String, String>,
) -> Result<MentorProfile, Vec<Diagnostic>> {
    let found = found_at(root, path, ContentFile::Mentor);
    let source = read_text(path).map_err(|d| vec![d])?;
    let parsed = mentor::parse(&found, source).map_err(|d| vec![d])?;
    match parsed.render(targets, config, root) {
        (Ok(profile), problems) if problems.is_empty() => Ok(profile),
        (Ok(_), problems) => Err(problems),
        (Err(mut errors), problems) => {
            errors.extend(problems);
            Err(errors)
        }
    }
}

/// Reads one guide or section page again (see `reload_mentor`).
pub fn reload_page(
    root: &Path,
    path: &Path,
    is_section: bool,
    targets: &HashMap<String, String>,
) -> Result<Page, Vec<Diagnostic>> {
    let kind = if is_section {
        ContentFile::Section
    } else {
        ContentFile::Page
    };
    let found = found_at(root, path, kind);
    let source = read_text(path).map_err(|d| vec![d])?;
    let parsed = page::parse(&found, source).map_err(|d| vec![d])?;
    let (page, problems) = parsed.render(targets);
    if problems.is_empty() {
        Ok(page)
    } else {
        Err(problems)
    }
}

fn found_at(root: &Path, path: &Path, kind: ContentFile) -> Found {
    let content_dir = root.join("content");
    let rel = path
        .strip_prefix(&content_dir)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    Found {
        kind,
        path: path.to_path_buf(),
        rel,
    }
}
