//! What the search finds: one [`SearchDocument`] per public, listed page.
//!
//! The list follows the sitemap: handbook guides and sections (with their
//! headings), mentor profiles (with the whole biography and the facets the
//! directory filters by), and each round's results page by its form's title
//! and published questions. Agreement pages, form pages and everything a
//! form keeps private are never read here, so they cannot reach the index.

use crate::facets::FacetKind;
use crate::render::hash_of;
use crate::render::Urls;
use crate::site::Site;
use rayon::prelude::*;
use std::borrow::Cow;
use std::hash::{Hash, Hasher};

/// The facets a search can filter by, in the order the search page shows
/// them: the directory's four, then remote and open spots.
pub const FILTERS: [(&str, &str); 6] = [
    ("skills", "Skill"),
    ("industries", "Industry"),
    ("tracks", "Track"),
    ("languages", "Language"),
    ("remote", "Remote"),
    ("open", "Open spots"),
];

/// One page as the search sees it, borrowing its text from the site.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct SearchDocument<'a> {
    /// Shown as the result's link text; its words rank highest.
    pub title: Cow<'a, str>,
    /// The link, with the site's base path.
    pub url: String,
    /// What it is: a guide's section title, "Mentor" or "Survey results".
    pub kind: Cow<'a, str>,
    /// Description or headline: shown under the link and ranked above the body.
    pub summary: Cow<'a, str>,
    /// Headings, facet values and question labels: ranked like the summary.
    pub keywords: Vec<Cow<'a, str>>,
    /// The whole text, searchable but not shown.
    pub body: Cow<'a, str>,
    /// (filter index in [`FILTERS`], value) pairs.
    pub filters: Vec<(usize, Cow<'a, str>)>,
}

/// Every searchable page of `site` (guides in handbook order, then results,
/// then mentors in the order of their links), by its link and a number that changes whenever its document would
/// (made from the fingerprints loading gave each page and profile), without
/// making the documents: what the preview compares after an edit, so that
/// only the documents of changed pages are made, with `make(j)`.
pub fn listed<'a>(
    site: &'a Site,
    urls: &'a Urls,
) -> (
    Vec<(String, u64)>,
    impl Fn(usize) -> SearchDocument<'a> + Sync,
) {
    let c = &site.content;
    let results = results(site, urls);
    let mut list: Vec<(String, u64)> = c
        .pages
        .iter()
        .enumerate()
        .map(|(p, page)| {
            // The section's title is the document's kind.
            let section = &c.pages[c.sections[c.section_of[p]].page];
            (
                urls.link(&page.url),
                hash_of(&(page.fingerprint, section.fingerprint)),
            )
        })
        .collect();
    list.extend(results.iter().map(|d| (d.url.clone(), hash_of(d))));
    // Each facet value as a document shows it.
    let labels: Vec<Vec<u64>> = FacetKind::ALL
        .iter()
        .map(|&k| {
            site.facets
                .get(k)
                .values
                .iter()
                .map(|v| hash_of(&v.label))
                .collect()
        })
        .collect();
    // Mentors by link, not by name: a rename keeps every page's number,
    // where the directory's order would shift the pages between its old
    // and new place (and with them most of the index's files).
    let mut by_link: Vec<usize> = (0..site.mentors.len()).collect();
    by_link.par_sort_unstable_by(|&a, &b| site.mentors[a].url.cmp(&site.mentors[b].url));
    let mentors = by_link.par_iter().map(|&i| {
        let m = &site.mentors[i];
        let mut h = std::hash::DefaultHasher::new();
        (m.fingerprint, m.shown, site.open_spots(i) > 0).hash(&mut h);
        for (f, &kind) in FacetKind::ALL.iter().enumerate() {
            for &v in site.facets.get(kind).indexes_of(i) {
                labels[f][v].hash(&mut h);
            }
        }
        (urls.link(&m.url), h.finish())
    });
    list.par_extend(mentors);
    let (pages, first_mentor) = (c.pages.len(), c.pages.len() + results.len());
    let make = move |j: usize| {
        if j < pages {
            guide(site, urls, j)
        } else if j < first_mentor {
            results[j - pages].clone()
        } else {
            mentor(site, urls, by_link[j - first_mentor])
        }
    };
    (list, make)
}

/// Handbook page `p`.
fn guide<'a>(site: &'a Site, urls: &Urls, p: usize) -> SearchDocument<'a> {
    let c = &site.content;
    let page = &c.pages[p];
    let section = &c.pages[c.sections[c.section_of[p]].page];
    let mut keywords = Vec::new();
    let mut stack: Vec<&crate::content::markdown::TocEntry> = page.toc.iter().collect();
    while let Some(entry) = stack.pop() {
        keywords.push(Cow::Borrowed(entry.title.as_str()));
        stack.extend(entry.children.iter());
    }
    SearchDocument {
        title: Cow::Borrowed(&page.title),
        url: urls.link(&page.url),
        kind: Cow::Borrowed(&section.title),
        summary: Cow::Borrowed(page.description.as_deref().unwrap_or_default()),
        keywords,
        body: Cow::Borrowed(&page.text),
        filters: Vec::new(),
    }
}

/// Each round's results pages: few, so always made.
fn results<'a>(site: &'a Site, urls: &Urls) -> Vec<SearchDocument<'a>> {
    let surveys = &site.surveys;
    let mut docs = Vec::new();
    for round in &surveys.rounds {
        for rf in &round.forms {
            let Some(form) = surveys.form(&rf.results.form_id) else {
                continue;
            };
            let keywords = form
                .questions
                .iter()
                .filter(|q| !q.is_private())
                .map(|q| Cow::Borrowed(q.label.as_str()))
                .collect();
            docs.push(SearchDocument {
                title: Cow::Owned(format!("{}: {}", form.title, round.round.title)),
                url: urls.link(&format!("/results/{}/{}/", round.round.id, form.id)),
                kind: Cow::Borrowed("Survey results"),
                summary: Cow::Borrowed(form.description.as_deref().unwrap_or_default()),
                keywords,
                body: Cow::Borrowed(""),
                filters: Vec::new(),
            });
        }
    }
    docs
}

/// Mentor `i`'s profile.
fn mentor<'a>(site: &'a Site, urls: &Urls, i: usize) -> SearchDocument<'a> {
    let m = &site.mentors[i];
    let mut filters = Vec::new();
    let mut keywords = Vec::new();
    for (f, kind) in FacetKind::ALL.iter().enumerate() {
        // The facet's own spelling, so `python` and `Python` are one filter.
        for value in site.facets.get(*kind).values_of(i) {
            let shown = value.label.as_str();
            keywords.push(Cow::Borrowed(shown));
            filters.push((f, Cow::Borrowed(shown)));
        }
    }
    keywords.extend(m.location.iter().map(|l| Cow::Borrowed(l.as_str())));
    if m.remote {
        filters.push((4, Cow::Borrowed("Remote")));
    }
    if site.open_spots(i) > 0 {
        filters.push((5, Cow::Borrowed("Has open spots")));
    }
    SearchDocument {
        title: Cow::Borrowed(&m.name),
        url: urls.link(&m.url),
        kind: Cow::Borrowed("Mentor"),
        summary: Cow::Borrowed(&m.headline),
        keywords,
        body: Cow::Borrowed(&m.bio_text),
        filters,
    }
}
