//! One file per URL in `content/`.
//!
//! A URL is made from a file's name, so different names can make the same
//! one: `Amara-Okafor.md` and `amara-okafor.md`, `wei chen.md` and
//! `wei-chen.md`, `goals.md` beside `goals/_index.md`. A name may also make
//! no URL at all (`!!!.md`), or one that a generated page already has
//! (`content/mentors/skills.md` is the skills facet, `content/results.md`
//! the published results). Each would silently replace a page, so each is
//! an error that names both files.

use super::mentor::ParsedMentor;
use super::page::ParsedPage;
use crate::diagnostic::Diagnostic;
use crate::facets::FacetKind;
use rustc_hash::FxHashMap;
use std::path::Path;

/// URL trees that mentorsite generates: no content page may sit in them.
const GENERATED: [(&str, &str); 4] = [
    ("/mentors/", "the mentor directory"),
    ("/results/", "the published survey results"),
    ("/forms/", "the form pages"),
    ("/agreements/", "the agreement pages"),
];

/// Problems with the URLs that `pages` and `mentors` claim.
pub(crate) fn check(
    root: &Path,
    pages: &[&ParsedPage],
    mentors: &[&ParsedMentor],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut owners: FxHashMap<&str, &Path> = FxHashMap::default();
    owners.reserve(pages.len());
    for page in pages {
        if page.url.contains("//") {
            problems.push(no_slug(&page.path));
            continue;
        }
        if let Some((_, what)) = GENERATED
            .iter()
            .find(|(tree, _)| page.url.starts_with(tree))
        {
            problems.push(
                Diagnostic::error(
                    &page.path,
                    format!("this page's URL {} belongs to {what}", page.url),
                )
                .with_hint("mentorsite writes those pages itself: move or rename this file"),
            );
            continue;
        }
        if let Some(first) = owners.insert(&page.url, &page.path) {
            problems.push(both(root, &page.path, first, &page.url));
        }
    }
    let reserved: Vec<&str> = FacetKind::ALL
        .iter()
        .map(|k| k.name())
        .chain(["page"])
        .collect();
    let mut slugs: FxHashMap<&str, &Path> = FxHashMap::default();
    slugs.reserve(mentors.len());
    for mentor in mentors {
        if mentor.slug.is_empty() {
            problems.push(no_slug(&mentor.path));
            continue;
        }
        if reserved.contains(&mentor.slug.as_str()) {
            problems.push(
                Diagnostic::error(
                    &mentor.path,
                    format!(
                        "this profile's URL /mentors/{}/ belongs to the directory's own pages",
                        mentor.slug
                    ),
                )
                .with_hint(format!(
                    "rename the file; these names are taken: {}",
                    reserved.join(", ")
                )),
            );
            continue;
        }
        if let Some(first) = slugs.insert(&mentor.slug, &mentor.path) {
            problems.push(both(
                root,
                &mentor.path,
                first,
                &format!("/mentors/{}/", mentor.slug),
            ));
        }
    }
    problems
}

fn no_slug(path: &Path) -> Diagnostic {
    Diagnostic::error(
        path,
        "this file's name has no letter or digit to make its URL from",
    )
    .with_hint("rename the file, for example after its title")
}

fn both(root: &Path, second: &Path, first: &Path, url: &str) -> Diagnostic {
    let name = |p: &Path| {
        p.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    };
    Diagnostic::error(
        second,
        format!(
            "this file and {} both make the page {url}",
            first.strip_prefix(root).unwrap_or(first).display()
        ),
    )
    .with_hint(format!(
        "URLs ignore case, spaces and punctuation: rename `{}` or `{}`",
        name(first),
        name(second)
    ))
}
