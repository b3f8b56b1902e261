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

/// One page as the search sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchDocument {
    /// Shown as the result's link text; its words rank highest.
    pub title: String,
    /// The link, with the site's base path.
    pub url: String,
    /// What it is: a guide's section title, "Mentor" or "Survey results".
    pub kind: String,
    /// Description or headline: shown under the link and ranked above the body.
    pub summary: String,
    /// Headings, facet values and question labels: ranked like the summary.
    pub keywords: Vec<String>,
    /// The whole text, searchable but not shown.
    pub body: String,
    /// (filter index in [`FILTERS`], value) pairs.
    pub filters: Vec<(usize, String)>,
}

/// Every searchable page of `site`, guides first, then results, then mentors.
pub fn collect(site: &Site, urls: &Urls) -> Vec<SearchDocument> {
    let c = &site.content;
    let mut docs = Vec::new();
    for (i, page) in c.pages.iter().enumerate() {
        let section = &c.pages[c.sections[c.section_of[i]].page];
        let mut keywords = Vec::new();
        let mut stack: Vec<&crate::content::markdown::TocEntry> = page.toc.iter().collect();
        while let Some(entry) = stack.pop() {
            keywords.push(entry.title.clone());
            stack.extend(entry.children.iter());
        }
        docs.push(SearchDocument {
            title: page.title.clone(),
            url: urls.link(&page.url),
            kind: section.title.clone(),
            summary: page.description.clone().unwrap_or_default(),
            keywords,
            body: page.text.clone(),
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
                .map(|q| q.label.clone())
                .collect();
            docs.push(SearchDocument {
                title: format!("{}: {}", form.title, round.round.title),
                url: urls.link(&format!("/results/{}/{}/", round.round.id, form.id)),
                kind: "Survey results".into(),
                summary: form.description.clone().unwrap_or_default(),
                keywords,
                body: String::new(),
                filters: Vec::new(),
            });
        }
    }
    for (i, m) in site.mentors.iter().enumerate() {
        let mut filters = Vec::new();
        let mut keywords = Vec::new();
        for (f, kind) in FacetKind::ALL.iter().enumerate() {
            let facet = site.facets.get(*kind);
            for raw in kind.values_of(m) {
                // The facet's own spelling, so `python` and `Python` are one filter.
                let shown = facet
                    .value(raw)
                    .map(|v| v.label.clone())
                    .unwrap_or_else(|| raw.clone());
                keywords.push(shown.clone());
                filters.push((f, shown));
            }
        }
        keywords.extend(m.location.iter().cloned());
        if m.remote {
            filters.push((4, "Remote".into()));
        }
        if site.open_spots(i) > 0 {
            filters.push((5, "Has open spots".into()));
        }
        docs.push(SearchDocument {
            title: m.name.clone(),
            url: urls.link(&m.url),
            kind: "Mentor".into(),
            summary: m.headline.clone(),
            keywords,
            body: m.bio_text.clone(),
            filters,
        });
    }
    docs
}
