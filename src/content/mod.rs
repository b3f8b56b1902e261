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
pub use page::{print_anchor, Content, Page};

use crate::diagnostic::Diagnostic;
use crate::fsutil::read_text;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    pub mentors: Vec<Arc<MentorProfile>>,
    /// Colocated assets: source file → output path relative to the site.
    pub assets: Vec<(PathBuf, String)>,
    /// The agreement template's path, when present.
    pub agreement_template: Option<PathBuf>,
    /// Every `@/` link target (`handbook/goals.md`) and its URL with the
    /// base path.
    pub link_targets: Arc<HashMap<String, String>>,
}

pub use crate::walk::is_ignored_name;

/// Lists the files under `content_dir`, classified; anything that is not
/// Markdown nor a known asset is reported.
pub fn discover(root: &Path, content_dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<Found> {
    crate::walk::files_below(content_dir, root, diagnostics)
        .into_iter()
        .filter_map(|listed| classify(listed.path, listed.rel, diagnostics))
        .collect()
}

/// What the file at `rel` (below `content/`) is, or why it cannot be there.
fn classify(path: PathBuf, rel: String, diagnostics: &mut Vec<Diagnostic>) -> Option<Found> {
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
                return None;
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
        return None;
    };
    Some(Found { kind, path, rel })
}

/// Whether `listing` has a file below `folder`.
fn holds(listing: &[Found], folder: &str) -> bool {
    let prefix = format!("{folder}/");
    listing.iter().any(|f| f.rel.starts_with(&prefix))
}

/// The listing of `content/` after `changed`, from the last one, without
/// walking the folder again: `None` when a change needs the walk (a new
/// folder, a link, an SVG or a file that is not ours, all of which the walk
/// checks).
fn relist(
    content_dir: &Path,
    mut listing: Vec<Found>,
    changed: &std::collections::HashSet<PathBuf>,
) -> Option<Vec<Found>> {
    for path in changed {
        let Ok(rel) = path.strip_prefix(content_dir) else {
            continue;
        };
        let rel = rel.to_str()?.replace('\\', "/");
        let at = listing.binary_search_by(|f| f.rel.as_str().cmp(&rel));
        let meta = std::fs::symlink_metadata(path).ok();
        match (at, meta) {
            (Ok(_), Some(meta)) if meta.is_file() => {}
            (Ok(i), None) => {
                listing.remove(i);
            }
            (Err(_), None) => {}
            // A folder that holds listed files, itself no link: its files
            // are reported on their own.
            (Err(_), Some(meta)) if meta.is_dir() && holds(&listing, &rel) => {}
            (Err(i), Some(meta)) if meta.is_file() => {
                let parts: Vec<&str> = rel.split('/').collect();
                if parts.iter().any(|p| crate::walk::is_ignored_name(p)) {
                    continue;
                }
                // Inside a folder the walk has seen, which is therefore no link.
                let folder = rel.rsplit_once('/').map_or("", |(dir, _)| dir);
                let known = folder.is_empty() || holds(&listing, folder);
                let markdown = rel.ends_with(".md");
                if !known || !markdown {
                    return None;
                }
                let mut problems = Vec::new();
                let found = classify(path.clone(), rel, &mut problems)?;
                if !problems.is_empty() {
                    return None;
                }
                listing.insert(i, found);
            }
            _ => return None,
        }
    }
    Some(listing)
}

/// A file's source and what it rendered to, as one number.
fn fingerprint(source: &str, html: &str) -> u64 {
    let mut hasher = blake3::Hasher::new();
    hasher.update(source.as_bytes());
    hasher.update(&[0]);
    hasher.update(html.as_bytes());
    let bytes = hasher.finalize();
    u64::from_le_bytes(bytes.as_bytes()[..8].try_into().unwrap_or_default())
}

/// What the last load of `content/` read and rendered, file by file, so
/// that the next load (the preview's, after an edit) reads, parses and
/// renders only the files that changed. Everything else a load does (the
/// walk, the URL claims, the link targets, the tree) runs every time, so a
/// cached load finds exactly what a fresh one finds.
///
/// The cache is only valid for one `site.toml`: a profile is checked
/// against its tracks, and link targets carry its base path. The caller
/// starts a new cache when `site.toml` changes.
#[derive(Default)]
pub struct Cache {
    /// By path relative to `content/`.
    files: std::collections::BTreeMap<String, CachedFile>,
    /// The `@/` targets the cached bodies were rendered with.
    targets: Arc<HashMap<String, String>>,
    /// The files of the last walk, sorted by `rel`, when it found no
    /// problem.
    listing: Option<Vec<Found>>,
    /// The problems with the URLs the files claim, for these names.
    claims: Vec<Diagnostic>,
}

struct CachedFile {
    parsed: Result<Parsed, Diagnostic>,
    /// Its body has an `@/` link: looked for once, when it is read, not
    /// in every file after each edit that moves a target.
    links_by_path: bool,
    /// The body rendered with `Cache::targets`.
    rendered: Option<Rendered>,
}

enum Rendered {
    Page(Arc<Page>, Vec<Diagnostic>),
    Mentor(Result<Arc<MentorProfile>, Vec<Diagnostic>>, Vec<Diagnostic>),
}

impl CachedFile {
    fn read(f: &Found) -> CachedFile {
        let parsed = read_text(&f.path).and_then(|source| match f.kind {
            ContentFile::Mentor => mentor::parse(f, source).map(Parsed::Mentor),
            _ => page::parse(f, source).map(Parsed::Page),
        });
        let links_by_path = match &parsed {
            Ok(Parsed::Page(p)) => p.source[p.body_offset..].contains("@/"),
            Ok(Parsed::Mentor(m)) => m.source[m.body_offset..].contains("@/"),
            Err(_) => false,
        };
        CachedFile {
            parsed,
            links_by_path,
            rendered: None,
        }
    }

    /// Whether the body must be rendered again now that the URLs of the
    /// `@/` targets named in `moved` changed: it links to one of them, or
    /// it has a broken link, whose hint names the nearest target.
    fn links_into(&self, moved: &std::collections::HashSet<String>) -> bool {
        if !self.links_by_path {
            return false;
        }
        match &self.rendered {
            Some(Rendered::Page(page, problems)) => {
                !problems.is_empty()
                    || page.links.iter().any(|link| {
                        markdown::internal_target(&link.written).is_some_and(|t| moved.contains(t))
                    })
            }
            // A profile keeps no list of its links.
            _ => true,
        }
    }

    /// The `@/` target this file makes, with its URL, when it makes one.
    fn target(&self, drafts: bool, base_path: &str) -> Option<(String, String)> {
        match &self.parsed {
            Ok(Parsed::Page(p)) if drafts || !p.front.draft => {
                Some((p.rel.clone(), format!("{base_path}{}", p.url)))
            }
            Ok(Parsed::Mentor(m)) if drafts || !m.front.draft => Some((
                format!("mentors/{}.md", m.slug),
                format!("{base_path}/mentors/{}/", m.slug),
            )),
            _ => None,
        }
    }

    fn draft(&self) -> bool {
        match &self.parsed {
            Ok(Parsed::Page(p)) => p.front.draft,
            Ok(Parsed::Mentor(m)) => m.front.draft,
            Err(_) => false,
        }
    }
}

/// Loads `content/` below `root`, reusing what `cache` holds of every
/// file not in `changed` (`None`: every file changed).
pub fn load_cached(
    root: &Path,
    config: &crate::config::Config,
    drafts: bool,
    photos: crate::photos::Mode,
    cache: &mut Cache,
    changed: Option<&std::collections::HashSet<PathBuf>>,
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
    let relisted = match (changed, cache.listing.take()) {
        (Some(changed), Some(last)) => relist(&content_dir, last, changed),
        _ => None,
    };
    let found = relisted.unwrap_or_else(|| {
        let mut found = discover(root, &content_dir, &mut diagnostics);
        found.sort_by(|a, b| a.rel.cmp(&b.rel));
        found
    });
    // Only a listing without problems stands for the next walk.
    let clean_listing = diagnostics.is_empty();

    // Phase 1: read and parse front matter of what changed, in parallel.
    let is_changed = |path: &Path| changed.is_none_or(|c| c.contains(path));
    let mut files = std::mem::take(&mut cache.files);
    let markdown = |f: &&Found| {
        matches!(
            f.kind,
            ContentFile::Section | ContentFile::Page | ContentFile::Mentor
        )
    };
    let fresh: Vec<(String, CachedFile)> = found
        .par_iter()
        .filter(markdown)
        .filter(|f| is_changed(&f.path) || !files.contains_key(&f.rel))
        .map(|f| (f.rel.clone(), CachedFile::read(f)))
        .collect();
    // The `@/` targets change only when a file comes, goes, or becomes or
    // stops being a draft: what each such file made, and makes now.
    let base_path = config.base_path();
    let mut names_changed = changed.is_none();
    type Target = Option<(String, String)>;
    let mut retargeted: Vec<(Target, Target)> = Vec::new();
    let listed = found.iter().filter(markdown).count();
    for (rel, file) in fresh {
        let made = file.target(drafts, base_path);
        match files.insert(rel, file) {
            Some(old) => {
                let before = old.target(drafts, base_path);
                if before != made {
                    names_changed = true;
                    retargeted.push((before, made));
                }
            }
            None => {
                names_changed = true;
                retargeted.push((None, made));
            }
        }
    }
    if files.len() != listed {
        let names: rustc_hash::FxHashSet<&str> = found
            .iter()
            .filter(markdown)
            .map(|f| f.rel.as_str())
            .collect();
        files.retain(|rel, file| {
            let kept = names.contains(rel.as_str());
            if !kept {
                retargeted.push((file.target(drafts, base_path), None));
            }
            kept
        });
        names_changed = true;
    }
    // A profile whose photo changed is rendered again, so the photo is too.
    if let Some(changed) = changed {
        for file in files.values_mut() {
            if let Some(Rendered::Mentor(Ok(m), _)) = &file.rendered {
                if matches!(&m.photo, Some(crate::photos::Photo::Local(p)) if changed.contains(&p.source))
                {
                    file.rendered = None;
                }
            }
        }
    }

    let mut pages = Vec::new();
    let mut mentors = Vec::new();
    for file in files.values() {
        match &file.parsed {
            Ok(Parsed::Page(p)) => pages.push(p),
            Ok(Parsed::Mentor(m)) => mentors.push(m),
            Err(d) => diagnostics.push(d.clone()),
        }
    }
    // Drafts count: publishing one later must not replace another page.
    // The claims follow from the files' names alone.
    let claims_were_clear = cache.claims.is_empty();
    if names_changed {
        cache.claims = claims::check(root, &pages, &mentors);
    }
    diagnostics.extend(cache.claims.iter().cloned());
    for f in &found {
        match f.kind {
            ContentFile::AgreementTemplate => loaded.agreement_template = Some(f.path.clone()),
            ContentFile::Asset => loaded.assets.push((f.path.clone(), f.rel.clone())),
            _ => {}
        }
    }

    // Phase 2: every target an `@/` link may name, then the bodies. After
    // an edit, the last targets are changed by what the changed files made
    // and make; when no two files claim one URL (before and now), each
    // target has one file, so taking one out cannot lose another's.
    let (targets, moved): (
        Arc<HashMap<String, String>>,
        std::collections::HashSet<String>,
    ) = if !names_changed {
        (Arc::clone(&cache.targets), Default::default())
    } else if changed.is_some() && claims_were_clear && cache.claims.is_empty() {
        let mut targets = (*cache.targets).clone();
        for (before, _) in &retargeted {
            if let Some((key, _)) = before {
                targets.remove(key);
            }
        }
        for (_, made) in &retargeted {
            if let Some((key, url)) = made {
                targets.insert(key.clone(), url.clone());
            }
        }
        // The targets whose URL changed, came or went: only the bodies
        // that link to one of them are rendered again.
        let moved = retargeted
            .iter()
            .flat_map(|(before, made)| before.iter().chain(made))
            .map(|(key, _)| key)
            .filter(|key| cache.targets.get(*key) != targets.get(*key))
            .cloned()
            .collect();
        (Arc::new(targets), moved)
    } else {
        let targets: HashMap<String, String> = files
            .values()
            .filter_map(|f| f.target(drafts, base_path))
            .collect();
        let moved = targets
            .iter()
            .filter(|&(key, url)| cache.targets.get(key) != Some(url))
            .chain(
                cache
                    .targets
                    .iter()
                    .filter(|&(key, url)| targets.get(key) != Some(url)),
            )
            .map(|(key, _)| key.clone())
            .collect();
        (Arc::new(targets), moved)
    };
    let mut stale: Vec<&mut CachedFile> = files
        .values_mut()
        .filter(|f| f.parsed.is_ok() && (drafts || !f.draft()))
        .filter(|f| f.rendered.is_none() || (!moved.is_empty() && f.links_into(&moved)))
        .collect();
    stale.par_iter_mut().for_each(|file| {
        file.rendered = match &file.parsed {
            Ok(Parsed::Page(p)) => {
                let (page, problems) = p.render(&targets);
                Some(Rendered::Page(Arc::new(page), problems))
            }
            Ok(Parsed::Mentor(m)) => {
                let (profile, mut problems) = m.render(&targets, config, root);
                let profile = profile.map(|mut profile| {
                    if let Some(crate::photos::Photo::Local(local)) = &mut profile.photo {
                        problems.extend(crate::photos::process_all(
                            root,
                            vec![&mut *local],
                            photos,
                        ));
                        profile.note_shown();
                    }
                    Arc::new(profile)
                });
                Some(Rendered::Mentor(profile, problems))
            }
            Err(_) => None,
        };
    });

    let mut page_list = Vec::new();
    for file in files.values().filter(|f| drafts || !f.draft()) {
        match &file.rendered {
            Some(Rendered::Page(page, problems)) => {
                diagnostics.extend(problems.iter().cloned());
                page_list.push(Arc::clone(page));
            }
            Some(Rendered::Mentor(profile, problems)) => {
                diagnostics.extend(problems.iter().cloned());
                match profile {
                    Ok(m) => loaded.mentors.push(Arc::clone(m)),
                    Err(problems) => diagnostics.extend(problems.iter().cloned()),
                }
            }
            None => {}
        }
    }
    // A total order (the slug breaks ties), so an unstable sort is exact.
    loaded
        .mentors
        .par_sort_unstable_by(|a, b| a.directory_order(b));
    loaded.content = Content::assemble(page_list);
    loaded.link_targets = Arc::clone(&targets);
    cache.files = files;
    cache.targets = targets;
    cache.listing = clean_listing.then_some(found);
    (loaded, diagnostics)
}

enum Parsed {
    Page(page::ParsedPage),
    Mentor(mentor::ParsedMentor),
}
