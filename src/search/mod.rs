//! Site search: a full-text index of every public, listed page, split into
//! small files so a visitor's browser fetches only the pieces a query needs.
//!
//! One `search-index.json` with every page's text grew to megabytes at
//! thousands of mentors, so a phone waited for the whole site before it
//! could answer one word. Here the build writes, under `search/`:
//!
//! - `meta.json`: how many pages, the first word of each word chunk, and the
//!   facet values (skills, industries, tracks, languages, remote, open
//!   spots) with their counts. A few kilobytes; fetched once.
//! - `words/<n>.json`: the sorted vocabulary cut into chunks of 12 to 48 KB
//!   at boundaries chosen by the words themselves ([`index::chunk_starts`]),
//!   so an edit rewrites the chunks it touches; each word maps to the pages that hold it and
//!   where (title, heading or summary, body). A query fetches the chunk of
//!   each of its words.
//! - `pages/<n>.json`: title, link, kind and summary of
//!   [`index::PAGES_PER_FILE`] pages; fetched for the results shown.
//! - `facets/<kind>/<n>.json`: the pages with one facet value, fetched when
//!   that filter is chosen.
//!
//! What is indexed is decided in [`documents`]: only pages that are in the
//! sitemap (guides, mentor profiles, survey results by their questions),
//! never agreements, forms, drafts or anything private. The format is read
//! by the theme's `search.js`.
//!
//! We write this index ourselves rather than embed Pagefind: see
//! `bench/search/README.md` for the measurements behind that choice.

pub mod documents;
pub mod index;
pub mod live;

pub use live::LiveIndex;

use crate::render::{OutputFile, Urls};
use crate::site::Site;

/// Whether an output path is one of the names the search index keeps:
/// `search/meta.json` and everything in `search/words/`, `search/pages/`
/// and `search/facets/` (and those folders' own names). Nothing else may
/// write them, whatever the index holds now, so the preview can update the
/// index after it has written the pages.
pub fn reserves(path: &str) -> bool {
    path == "search/meta.json"
        || ["search/words", "search/pages", "search/facets"]
            .iter()
            .any(|folder| {
                path.strip_prefix(folder)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
}

/// Every file of the search index, for a build. The preview keeps a
/// [`LiveIndex`] instead and updates it after each edit.
pub fn files(site: &Site, urls: &Urls) -> Vec<OutputFile> {
    LiveIndex::build(site, urls).1
}
