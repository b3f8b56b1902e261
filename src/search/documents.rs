//! What the search finds: one [`SearchDocument`] per public, listed page.
//!
//! The list follows the sitemap: handbook guides and sections (with their
//! headings), mentor profiles (with the whole biography and the facets the
//! directory filters by), and each round's results page by its form's title
//! and published questions. Agreement pages, form pages and everything a
//! form keeps private are never read here, so they cannot reach the index.

use crate::facets::FacetKind;
use crate::render::Urls;
use crate::site::Site;
use rayon::prelude::*;
use std::borrow::Cow;

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

/// One page as the search sees it, borrowing its text from the site: the
/// preview collects every page after each edit to see which changed, and
/// copying 16 MB of biographies each time cost more than the rest.
#[derive(Debug, Clone, PartialEq)]
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

impl SearchDocument<'_> {
    /// A copy that no longer borrows the site, for a cache kept between
    /// rebuilds.
    pub fn into_owned(self) -> SearchDocument<'static> {
        let own = |c: Cow<'_, str>| Cow::Owned(c.into_owned());
        SearchDocument {
            title: own(self.title),
            url: self.url,
            kind: own(self.kind),
            summary: own(self.summary),
            keywords: self.keywords.into_iter().map(own).collect(),
            body: own(self.body),
            filters: self.filters.into_iter().map(|(f, v)| (f, own(v))).collect(),
        }
    }
}

/// Every searchable page of `site`, guides first, then results, then mentors.
pub fn collect<'a>(site: &'a Site, urls: &Urls) -> Vec<SearchDocument<'a>> {
    let c = &site.content;
    let mut docs = Vec::new();
    for (i, page) in c.pages.iter().enumerate() {
        let section = &c.pages[c.sections[c.section_of[i]].page];
        let mut keywords = Vec::new();
        let mut stack: Vec<&crate::content::markdown::TocEntry> = page.toc.iter().collect();
        while let Some(entry) = stack.pop() {
            keywords.push(Cow::Borrowed(entry.title.as_str()));
            stack.extend(entry.children.iter());
        }
        docs.push(SearchDocument {
            title: Cow::Borrowed(&page.title),
            url: urls.link(&page.url),
            kind: Cow::Borrowed(&section.title),
            summary: Cow::Borrowed(page.description.as_deref().unwrap_or_default()),
            keywords,
            body: Cow::Borrowed(&page.text),
            filters: Vec::new(),
        });
    }
    let surveys = &site.surveys;
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
    // In parallel: the preview collects every page after each edit, and
    // the facet lookups of 10,000 profiles took longer than the rest.
    let mentors = site.mentors.par_iter().enumerate().map(|(i, m)| {
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
    });
    docs.par_extend(mentors);
    docs
}
