//! One source for every output path.
//!
//! Two sources writing one file means one of them silently disappears: an
//! alias over the home page, a `static/index.html` over the generated one,
//! an image beside a profile and one of the same name under `static/`, a
//! section page over the mentor directory. Content collisions (two files
//! with one slug) are caught where content loads, with both files located;
//! this is the check over everything a render produced, so no pair of
//! sources can slip through, whatever produced them.

use super::Job;
use crate::diagnostic::Diagnostic;
use crate::site::Site;
use std::collections::HashMap;
use std::path::PathBuf;

/// What produced one output file.
#[derive(Debug, Clone)]
pub enum Owner {
    Job(Job),
    Results,
    Agreement,
    /// A redirect page: page index and alias.
    Alias(usize, String),
    /// A file the site writes itself (sitemap, feed, filter index).
    Generated,
    /// A file of the search index, which keeps its names
    /// ([`crate::search::reserves`]).
    SearchIndex,
    /// A static file, a theme's static file or an asset beside a page.
    Copied(PathBuf),
    /// A theme file built into mentorsite.
    Embedded,
}

impl Owner {
    /// The source file to point at, when there is one.
    fn file(&self, site: &Site) -> Option<PathBuf> {
        // A folder without `_index.md` has a page with no file.
        let page = |p: usize| {
            site.content
                .pages
                .get(p)
                .map(|p| p.path.clone())
                .filter(|p| !p.as_os_str().is_empty())
        };
        let section = |s: usize| site.content.sections.get(s).and_then(|s| page(s.page));
        match self {
            Owner::Job(Job::Guide(p)) | Owner::Alias(p, _) => page(*p),
            Owner::Job(Job::Section(s)) => section(*s),
            Owner::Job(Job::Home) => section(site.content.root()),
            Owner::Job(Job::Profile(i)) => site.mentors.get(*i).map(|m| m.path.clone()),
            Owner::Copied(path) => Some(path.clone()),
            _ => None,
        }
    }

    fn describe(&self, site: &Site) -> String {
        let shown = |p: PathBuf| {
            p.strip_prefix(&site.root)
                .unwrap_or(&p)
                .display()
                .to_string()
        };
        let what = match self {
            Owner::Job(Job::Home) => "the home page",
            Owner::Job(Job::Section(_)) => "a section page",
            Owner::Job(Job::Guide(_)) => "a guide",
            Owner::Job(Job::Profile(_)) => "a mentor profile",
            Owner::Job(Job::Print(_)) => "the print view",
            Owner::Job(Job::Directory(_) | Job::FacetIndex(_) | Job::FacetValue(..)) => {
                "the mentor directory"
            }
            Owner::Job(Job::NotFound) => "the 404 page",
            Owner::Job(Job::Search) => "the search page",
            Owner::Results => "the survey results",
            Owner::Agreement => "an agreement page",
            Owner::Alias(_, alias) => {
                return format!(
                    "alias `{alias}` of {}",
                    self.file(site).map(shown).unwrap_or_default()
                )
            }
            Owner::Generated => "a file mentorsite generates",
            Owner::SearchIndex => "the search index",
            Owner::Copied(_) => "a copied file",
            Owner::Embedded => "the default theme",
        };
        match self.file(site) {
            Some(path) => format!("{what} ({})", shown(path)),
            None => what.to_string(),
        }
    }
}

/// An error for each output path that more than one source writes, and
/// for each file whose path another source needs as a folder.
pub fn duplicates<'a>(
    site: &Site,
    files: impl IntoIterator<Item = (&'a str, &'a Owner)>,
) -> Vec<Diagnostic> {
    let mut first: HashMap<&str, &Owner> = HashMap::new();
    let mut problems = Vec::new();
    for (path, owner) in files {
        let earlier = first.insert(path, owner);
        // The index keeps its names whether or not it writes them now.
        if crate::search::reserves(path) {
            if !matches!(owner, Owner::SearchIndex) {
                problems.push(two_sources(site, path, &Owner::SearchIndex, owner));
            }
        } else if let Some(earlier) = earlier {
            problems.push(two_sources(site, path, earlier, owner));
        }
    }
    for (&path, &owner) in &first {
        let folders = path.match_indices('/').map(|(i, _)| &path[..i]);
        for folder in folders {
            if let Some(&file) = first.get(folder) {
                problems.push(two_sources(site, folder, file, owner));
            }
        }
    }
    problems
}

fn two_sources(site: &Site, path: &str, earlier: &Owner, owner: &Owner) -> Diagnostic {
    let located = owner
        .file(site)
        .or_else(|| earlier.file(site))
        .unwrap_or_else(|| site.root.join("site.toml"));
    Diagnostic::error(
        located,
        format!(
            "`{path}` has two sources: {} and {}",
            earlier.describe(site),
            owner.describe(site)
        ),
    )
    .with_hint("every output path has one source: rename or remove one of them")
}
