//! The chunked search index: words to pages, cut into small files.
//!
//! Pure: [`build`] turns [`SearchDocument`]s into a [`SearchIndex`] and
//! [`SearchIndex::into_files`] into output files; nothing here reads or
//! writes the disk. The client (`themes/default/static/search.js`) reads the
//! same format; [`words`] is the tokenizer both follow: lower case, split on
//! anything that is not a letter or a digit, words of 2 to 40 characters.

use super::documents::{SearchDocument, FILTERS};
use crate::render::{json_bytes, OutputFile};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// A word chunk is closed once it holds this many bytes of JSON: small
/// enough that a one-word query stays in the tens of kilobytes compressed,
/// large enough that 50,000 mentors need only a few hundred chunks.
pub const CHUNK_BYTES: usize = 24 * 1024;

/// Pages per `pages/<n>.json`: ten results touch at most ten such files.
pub const PAGES_PER_FILE: usize = 16;

/// Bumped when the format changes, so a cached `meta.json` is never read
/// with files of another format.
pub const FORMAT: u32 = 1;

/// Where a word occurs in a page, the best place wins: the rank weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    Body = 0,
    /// Summary, headings, facet values, question labels.
    Keyword = 1,
    Title = 2,
}

/// The words of `text` as the search matches them.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| {
            let n = w.chars().count();
            (2..=40).contains(&n)
        })
        .map(str::to_lowercase)
}

/// A built index, before it is cut into files.
#[derive(Debug)]
pub struct SearchIndex {
    /// Word → postings: `page << 2 | place`, ascending.
    pub words: BTreeMap<String, Vec<u32>>,
    pub pages: Vec<PageEntry>,
    pub filters: Vec<Filter>,
}

/// What a result shows: `[title, url, kind, summary]` in the files.
#[derive(Debug, Serialize)]
pub struct PageEntry(pub String, pub String, pub String, pub String);

/// One facet of the search page's filters.
#[derive(Debug)]
pub struct Filter {
    pub id: &'static str,
    pub title: &'static str,
    /// Value label → pages, most common value first.
    pub values: Vec<(String, Vec<u32>)>,
}

/// Builds the index of `docs`, in their order: a page's number is its
/// position.
pub fn build(docs: &[SearchDocument]) -> SearchIndex {
    let per_page: Vec<Vec<(String, Place)>> = docs.par_iter().map(page_words).collect();
    let mut words: HashMap<String, Vec<u32>> = HashMap::new();
    for (n, list) in per_page.into_iter().enumerate() {
        for (word, place) in list {
            words
                .entry(word)
                .or_default()
                .push((n as u32) << 2 | place as u32);
        }
    }
    let mut filters: Vec<Filter> = FILTERS
        .iter()
        .map(|&(id, title)| Filter {
            id,
            title,
            values: Vec::new(),
        })
        .collect();
    let mut by_value: Vec<BTreeMap<&str, Vec<u32>>> = vec![BTreeMap::new(); FILTERS.len()];
    for (n, doc) in docs.iter().enumerate() {
        for (f, value) in &doc.filters {
            let pages = by_value[*f].entry(value.as_str()).or_default();
            if pages.last() != Some(&(n as u32)) {
                pages.push(n as u32);
            }
        }
    }
    for (filter, values) in filters.iter_mut().zip(by_value) {
        filter.values = values
            .into_iter()
            .map(|(v, pages)| (v.to_string(), pages))
            .collect();
        filter
            .values
            .sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    }
    SearchIndex {
        words: words.into_iter().collect(),
        pages: docs
            .iter()
            .map(|d| {
                PageEntry(
                    d.title.clone(),
                    d.url.clone(),
                    d.kind.clone(),
                    summary(&d.summary),
                )
            })
            .collect(),
        filters,
    }
}

/// Each distinct word of one page with the best place it occurs in.
fn page_words(doc: &SearchDocument) -> Vec<(String, Place)> {
    let mut best: HashMap<String, Place> = HashMap::new();
    let mut add = |text: &str, place: Place| {
        for w in words(text) {
            let p = best.entry(w).or_insert(place);
            *p = (*p).max(place);
        }
    };
    add(&doc.title, Place::Title);
    add(&doc.summary, Place::Keyword);
    for k in &doc.keywords {
        add(k, Place::Keyword);
    }
    add(&doc.body, Place::Body);
    best.into_iter().collect()
}

/// At most about 160 characters, cut at a word.
fn summary(text: &str) -> String {
    if text.chars().count() <= 160 {
        return text.to_string();
    }
    let cut: String = text.chars().take(160).collect();
    let end = cut.rfind(char::is_whitespace).unwrap_or(cut.len());
    format!("{}…", cut[..end].trim_end())
}

#[derive(Serialize)]
struct Meta<'a> {
    format: u32,
    pages: usize,
    pages_per_file: usize,
    /// The first word of each `words/<n>.json`.
    chunks: Vec<&'a str>,
    filters: Vec<MetaFilter<'a>>,
}

#[derive(Serialize)]
struct MetaFilter<'a> {
    id: &'a str,
    title: &'a str,
    /// `[label, count]`; the pages are in `facets/<id>/<n>.json`.
    values: Vec<(&'a str, usize)>,
}

impl SearchIndex {
    /// The files under `search/`.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = Vec::new();
        let mut firsts: Vec<&str> = Vec::new();
        let mut chunk = String::new();
        for (word, postings) in &self.words {
            if chunk.is_empty() {
                firsts.push(word);
                chunk.push('{');
            } else {
                chunk.push(',');
            }
            // Words are letters and digits only: no escaping needed, but
            // serde_json keeps that true whatever `words` becomes.
            chunk.push_str(&serde_json::to_string(word).unwrap_or_default());
            chunk.push(':');
            push_deltas(&mut chunk, postings);
            if chunk.len() >= CHUNK_BYTES {
                chunk.push('}');
                let n = firsts.len() - 1;
                files.push(OutputFile::bytes(
                    format!("search/words/{n}.json"),
                    std::mem::take(&mut chunk).into_bytes(),
                ));
            }
        }
        if !chunk.is_empty() {
            chunk.push('}');
            files.push(OutputFile::bytes(
                format!("search/words/{}.json", firsts.len() - 1),
                chunk.into_bytes(),
            ));
        }
        for (n, group) in self.pages.chunks(PAGES_PER_FILE).enumerate() {
            files.push(OutputFile::bytes(
                format!("search/pages/{n}.json"),
                json_bytes(&group),
            ));
        }
        for filter in &self.filters {
            for (n, (_, pages)) in filter.values.iter().enumerate() {
                let mut list = String::new();
                push_deltas(&mut list, pages);
                files.push(OutputFile::bytes(
                    format!("search/facets/{}/{n}.json", filter.id),
                    list.into_bytes(),
                ));
            }
        }
        let meta = Meta {
            format: FORMAT,
            pages: self.pages.len(),
            pages_per_file: PAGES_PER_FILE,
            chunks: firsts,
            filters: self
                .filters
                .iter()
                .filter(|f| !f.values.is_empty())
                .map(|f| MetaFilter {
                    id: f.id,
                    title: f.title,
                    values: f
                        .values
                        .iter()
                        .map(|(v, p)| (v.as_str(), p.len()))
                        .collect(),
                })
                .collect(),
        };
        files.push(OutputFile::bytes("search/meta.json", json_bytes(&meta)));
        files
    }
}

/// `[first, second - first, …]`: ascending numbers as small differences.
fn push_deltas(out: &mut String, numbers: &[u32]) {
    out.push('[');
    let mut last = 0;
    for (i, &n) in numbers.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{}", n - last);
        last = n;
    }
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, body: &str, filters: Vec<(usize, &str)>) -> SearchDocument {
        SearchDocument {
            title: title.into(),
            url: format!("/{}/", title.to_lowercase()),
            kind: "Mentor".into(),
            summary: String::new(),
            keywords: Vec::new(),
            body: body.into(),
            filters: filters.into_iter().map(|(f, v)| (f, v.into())).collect(),
        }
    }

    #[test]
    fn words_are_lowercased_letters_and_digits_of_two_or_more() {
        let w: Vec<String> = words("Ada's K8s-cluster, Zürich & a 42").collect();
        assert_eq!(w, ["ada", "k8s", "cluster", "zürich", "42"]);
    }

    #[test]
    fn a_word_keeps_the_best_place_of_each_page() {
        let index = build(&[
            doc("Rust", "rust and python", vec![]),
            doc("Ada", "python only", vec![]),
        ]);
        assert_eq!(index.words["rust"], vec![Place::Title as u32]);
        assert_eq!(index.words["python"], vec![0, 1 << 2]);
    }

    #[test]
    fn chunks_start_where_meta_says_and_hold_every_word_once() {
        let docs: Vec<SearchDocument> = (0..2000)
            .map(|i| doc(&format!("M{i}"), &format!("w{i}a w{i}b shared"), vec![]))
            .collect();
        let files = build(&docs).into_files();
        let meta: serde_json::Value =
            serde_json::from_slice(bytes(&files, "search/meta.json")).unwrap();
        let chunks = meta["chunks"].as_array().unwrap();
        assert!(
            chunks.len() > 1,
            "2,000 pages need more than one chunk at this size"
        );
        let mut seen = 0;
        for (n, first) in chunks.iter().enumerate() {
            let chunk: serde_json::Map<String, serde_json::Value> =
                serde_json::from_slice(bytes(&files, &format!("search/words/{n}.json"))).unwrap();
            assert_eq!(chunk.keys().next().unwrap(), first.as_str().unwrap());
            seen += chunk.len();
        }
        assert_eq!(
            seen,
            2000 * 3 + 1,
            "m{{i}}, w{{i}}a and w{{i}}b per page, and shared"
        );
    }

    #[test]
    fn postings_are_written_as_differences() {
        let docs: Vec<SearchDocument> = (0..3)
            .map(|i| doc(&format!("P{i}"), "same", vec![]))
            .collect();
        let files = build(&docs).into_files();
        let chunk = std::str::from_utf8(bytes(&files, "search/words/0.json")).unwrap();
        assert!(chunk.contains("\"same\":[0,4,4]"), "{chunk}");
    }

    #[test]
    fn filter_values_list_their_pages_most_common_first() {
        let index = build(&[
            doc("A", "", vec![(0, "Go"), (0, "Rust")]),
            doc("B", "", vec![(0, "Rust")]),
        ]);
        assert_eq!(
            index.filters[0].values,
            vec![("Rust".into(), vec![0, 1]), ("Go".into(), vec![0])]
        );
    }

    fn bytes<'a>(files: &'a [OutputFile], path: &str) -> &'a [u8] {
        match &files.iter().find(|f| f.path == path).unwrap().contents {
            crate::render::Contents::Bytes(b) => b,
            _ => panic!("{path} is not bytes"),
        }
    }
}
