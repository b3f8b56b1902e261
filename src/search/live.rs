//! The search index as state kept between rebuilds, so the preview updates
//! it for an edited page instead of building it again.
//!
//! [`LiveIndex`] remembers every page as last indexed (its link, a number
//! that changes with its document, its words and places, its filters and
//! its result entry), each word's and facet value's pages with their JSON,
//! and which pieces made each file it last returned. An update lists the
//! site's pages with their numbers ([`super::documents::listed`], made
//! from the fingerprints loading gave each page and profile), keeps those
//! whose link and number are unchanged and whose order is kept (the
//! longest such run), takes the postings of the others out, renumbers the
//! kept pages with one monotone map, makes and tokenizes the documents of
//! the new or changed pages only, and writes again the JSON of the words
//! and values whose pages changed. Only the files holding a changed piece
//! are put together again.
//!
//! A full build is an update of an empty index: one code path, so an index
//! updated through any sequence of edits writes the same files as a build
//! of the site as it now is.

use super::documents::{listed, SearchDocument, FILTERS};
use super::index::{
    chunk_starts, cut_hash, page_entry, page_words, push_deltas, word_entry, Meta, MetaFilter,
    Place, FORMAT, PAGES_PER_FILE,
};
#[cfg(test)]
use crate::render::hash_of;
use crate::render::{json_bytes, OutputFile, Urls};
use crate::site::Site;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// The search index of a site, ready to follow its edits.
#[derive(Debug, Default)]
pub struct LiveIndex {
    /// In page order: a page's number is its position.
    pages: Vec<IndexedPage>,
    /// Their links, in the same order.
    urls: Vec<String>,
    /// Word → its number in `words`.
    ids: HashMap<String, u32>,
    /// By number; an entry with no postings is free, listed in `free`.
    words: Vec<Postings>,
    free: Vec<u32>,
    /// The numbers of the words in word order.
    sorted: Vec<u32>,
    /// Per filter of [`FILTERS`]: value label → its pages.
    facets: Vec<BTreeMap<String, Postings>>,
    /// The word numbers of each `words/<n>.json` as last returned.
    chunks: Vec<Vec<u32>>,
    /// Per filter, its values in the order of their files as last returned.
    ranked: Vec<Vec<String>>,
    /// `meta.json` as last returned.
    meta: Vec<u8>,
}

/// What an update changed, for the files to put together again.
struct Changed {
    /// By word number: its JSON changed.
    words: Vec<bool>,
    /// By page: it is not the same page at the same place as before.
    pages: Vec<bool>,
    /// How many pages there were.
    pages_before: usize,
    /// Per filter, the values whose JSON changed.
    values: Vec<std::collections::HashSet<String>>,
}

/// Every file of the index after an update.
#[derive(Debug)]
pub struct IndexFiles {
    /// Every file of the index now: a file written before and not listed
    /// here is gone.
    pub paths: Vec<String>,
    /// The files that are new or whose bytes changed.
    pub changed: Vec<OutputFile>,
}

#[derive(Debug)]
struct IndexedPage {
    /// The number that changes with its document.
    key: u64,
    /// Its values of [`FILTERS`].
    filters: Vec<(usize, String)>,
    words: Vec<(u32, Place)>,
    /// Its entry of a `pages/<n>.json`.
    entry: Vec<u8>,
}

/// The pages a word or a facet value is found on, ascending, and their JSON.
#[derive(Debug, Default)]
struct Postings {
    key: String,
    /// For words `page << 2 | place`, for facet values the page.
    list: Vec<u32>,
    /// `"word":[…]` for words, `[…]` for facet values.
    json: Vec<u8>,
    /// Only for words: [`cut_hash`] of the key.
    hash: u64,
    stale: bool,
}

/// How a page number is kept in [`Postings::list`]: shifted for words.
#[derive(Clone, Copy)]
struct Shift(u32);

const WORDS: Shift = Shift(2);
const VALUES: Shift = Shift(0);

/// A page that is not kept, in the map from old page numbers to new ones.
const GONE: u32 = u32::MAX;

impl Postings {
    fn new(key: String, hash: u64) -> Postings {
        Postings {
            key,
            hash,
            ..Postings::default()
        }
    }

    fn insert(&mut self, posting: u32) {
        // A build adds pages in order: most postings go last.
        if self.list.last().is_none_or(|&last| last < posting) {
            self.list.push(posting);
            self.stale = true;
        } else if let Err(at) = self.list.binary_search(&posting) {
            self.list.insert(at, posting);
            self.stale = true;
        }
    }

    fn remove(&mut self, posting: u32) {
        if let Ok(at) = self.list.binary_search(&posting) {
            self.list.remove(at);
            self.stale = true;
        }
    }

    /// Renumbers the pages from `first` on with `map` (monotone, and
    /// defined for every page left in the list).
    fn renumber(&mut self, map: &[u32], first: u32, Shift(shift): Shift) {
        let low = (1 << shift) - 1;
        let start = self.list.partition_point(|&p| p >> shift < first);
        for p in &mut self.list[start..] {
            let moved = map[(*p >> shift) as usize] << shift | (*p & low);
            if moved != *p {
                *p = moved;
                self.stale = true;
            }
        }
    }
}

impl LiveIndex {
    /// The index of `site` and its files: the same as [`super::files`].
    pub fn build(site: &Site, urls: &Urls) -> (LiveIndex, Vec<OutputFile>) {
        let mut index = LiveIndex::default();
        let files = index.update(site, urls);
        (index, files.changed)
    }

    /// Follows `site`, the model after an edit: the files now, and those
    /// that changed since the last update (or the build).
    pub fn update(&mut self, site: &Site, urls: &Urls) -> IndexFiles {
        let (list, make) = listed(site, urls);
        self.update_listed(list, make)
    }

    /// Follows `docs`, the pages as they now are.
    #[cfg(test)]
    fn update_pages(&mut self, docs: Vec<SearchDocument<'_>>) -> IndexFiles {
        let list = docs.iter().map(|d| (d.url.clone(), hash_of(d))).collect();
        self.update_listed(list, |j| docs[j].clone())
    }

    /// Follows the pages `list` names (link, and a number that changes
    /// with the document), making the documents of those that changed with
    /// `make`.
    fn update_listed<'a>(
        &mut self,
        list: Vec<(String, u64)>,
        make: impl Fn(usize) -> SearchDocument<'a> + Sync,
    ) -> IndexFiles {
        if self.facets.is_empty() {
            self.facets = FILTERS.iter().map(|_| BTreeMap::new()).collect();
        }
        let old_of_new = self.kept(&list);
        let mut new_of_old = vec![GONE; self.pages.len()];
        for (j, i) in old_of_new.iter().enumerate() {
            if let Some(i) = i {
                new_of_old[*i] = j as u32;
            }
        }
        let mut emptied = Vec::new();
        for (i, page) in self.pages.iter().enumerate() {
            if new_of_old[i] == GONE {
                take_out(
                    &mut self.words,
                    &mut self.facets,
                    i as u32,
                    page,
                    &mut emptied,
                );
            }
        }
        let first_moved = new_of_old
            .iter()
            .enumerate()
            .find(|&(i, &j)| j != GONE && j != i as u32)
            .map(|(i, _)| i as u32);
        if let Some(first) = first_moved {
            self.words
                .par_iter_mut()
                .for_each(|w| w.renumber(&new_of_old, first, WORDS));
            for values in &mut self.facets {
                for v in values.values_mut() {
                    v.renumber(&new_of_old, first, VALUES);
                }
            }
        }
        let added: Vec<usize> = (0..list.len())
            .filter(|&j| old_of_new[j].is_none())
            .collect();
        let made: Vec<(SearchDocument, Vec<(String, Place)>)> = added
            .par_iter()
            .map(|&j| {
                let doc = make(j);
                let words = page_words(&doc);
                (doc, words)
            })
            .collect();
        let mut added_pages = HashMap::new();
        let mut new_words = Vec::new();
        for (&j, (doc, tokens)) in added.iter().zip(made) {
            let mut words = Vec::with_capacity(tokens.len());
            for (word, place) in tokens {
                let id = self.intern(word, &mut new_words);
                self.words[id as usize].insert((j as u32) << 2 | place as u32);
                words.push((id, place));
            }
            for (f, value) in &doc.filters {
                self.facets[*f]
                    .entry(value.to_string())
                    .or_insert_with(|| Postings::new(value.to_string(), 0))
                    .insert(j as u32);
            }
            let page = IndexedPage {
                key: list[j].1,
                entry: page_entry(&doc),
                filters: doc
                    .filters
                    .into_iter()
                    .map(|(f, v)| (f, v.into_owned()))
                    .collect(),
                words,
            };
            added_pages.insert(j, page);
        }
        self.forget_unused(emptied, new_words);
        let mut old: Vec<Option<IndexedPage>> = std::mem::take(&mut self.pages)
            .into_iter()
            .map(Some)
            .collect();
        self.pages = (0..list.len())
            .map(|j| match old_of_new[j] {
                Some(i) => old[i].take().expect("each old page is kept once"),
                None => added_pages.remove(&j).expect("each new page is made once"),
            })
            .collect();
        self.urls = list.into_iter().map(|(url, _)| url).collect();
        // A page taken out and put back marks its words stale: what
        // changed is the JSON that differs once made again.
        let words = self
            .words
            .par_iter_mut()
            .map(|w| {
                let stale = std::mem::take(&mut w.stale);
                stale && {
                    let json = word_entry(&w.key, &w.list);
                    let differs = json != w.json;
                    w.json = json;
                    differs
                }
            })
            .collect();
        let values = self
            .facets
            .iter_mut()
            .map(|values| {
                let mut changed = std::collections::HashSet::new();
                for v in values.values_mut().filter(|v| v.stale) {
                    v.stale = false;
                    let mut json = Vec::new();
                    push_deltas(&mut json, &v.list);
                    if json != v.json {
                        v.json = json;
                        changed.insert(v.key.clone());
                    }
                }
                changed
            })
            .collect();
        let changed = Changed {
            words,
            pages: old_of_new
                .iter()
                .enumerate()
                .map(|(j, &i)| i != Some(j))
                .collect(),
            pages_before: new_of_old.len(),
            values,
        };
        self.files(&changed)
    }

    /// For each new page, the old page it keeps, if any: same link, same
    /// number, and in the longest run of such pages whose order is unchanged
    /// (so page numbers map monotonically and postings stay sorted).
    fn kept(&self, list: &[(String, u64)]) -> Vec<Option<usize>> {
        // The same pages in the same order (an edit that moves nothing):
        // each keeps its place when its document is the same.
        if list.len() == self.urls.len() && list.iter().zip(&self.urls).all(|((u, _), v)| u == v) {
            return list
                .iter()
                .enumerate()
                .map(|(j, (_, key))| (self.pages[j].key == *key).then_some(j))
                .collect();
        }
        let old_at: HashMap<&str, usize> = self
            .urls
            .iter()
            .enumerate()
            .map(|(i, url)| (url.as_str(), i))
            .collect();
        let same: Vec<Option<usize>> = list
            .iter()
            .map(|(url, key)| {
                old_at
                    .get(url.as_str())
                    .copied()
                    .filter(|&i| self.pages[i].key == *key)
            })
            .collect();
        let pairs: Vec<(usize, usize)> = same
            .iter()
            .enumerate()
            .filter_map(|(j, i)| i.map(|i| (j, i)))
            .collect();
        let mut kept = vec![None; list.len()];
        for (j, i) in longest_increasing(&pairs) {
            kept[j] = Some(i);
        }
        kept
    }

    fn intern(&mut self, word: String, new_words: &mut Vec<u32>) -> u32 {
        if let Some(&id) = self.ids.get(&word) {
            return id;
        }
        let entry = Postings::new(word.clone(), cut_hash(&word));
        let id = match self.free.pop() {
            Some(id) => {
                self.words[id as usize] = entry;
                id
            }
            None => {
                self.words.push(entry);
                (self.words.len() - 1) as u32
            }
        };
        self.ids.insert(word, id);
        new_words.push(id);
        id
    }

    /// Frees the words no page holds any more and puts the new ones in
    /// word order.
    fn forget_unused(&mut self, emptied: Vec<u32>, mut new_words: Vec<u32>) {
        let mut gone = false;
        for id in emptied {
            let w = &mut self.words[id as usize];
            if w.list.is_empty() && self.ids.remove(&w.key).is_some() {
                *w = Postings::default();
                self.free.push(id);
                gone = true;
            }
        }
        if gone {
            let words = &self.words;
            self.sorted
                .retain(|&id| !words[id as usize].list.is_empty());
        }
        if new_words.is_empty() {
            return;
        }
        let words = &self.words;
        let key = |id: &u32| words[*id as usize].key.as_str();
        new_words.par_sort_unstable_by(|a, b| key(a).cmp(key(b)));
        let old = &self.sorted;
        let mut merged = Vec::with_capacity(old.len() + new_words.len());
        let (mut a, mut b) = (0, 0);
        while a < old.len() && b < new_words.len() {
            if key(&old[a]) < key(&new_words[b]) {
                merged.push(old[a]);
                a += 1;
            } else {
                merged.push(new_words[b]);
                b += 1;
            }
        }
        merged.extend_from_slice(&old[a..]);
        merged.extend_from_slice(&new_words[b..]);
        self.sorted = merged;
    }

    /// Every path of the index, and the files that `changed` touched,
    /// put together from the pieces kept. A file whose pieces are all as
    /// last time is not made again.
    fn files(&mut self, changed: &Changed) -> IndexFiles {
        let mut paths = Vec::new();
        let mut files = Vec::new();
        let entries = self.sorted.iter().map(|&id| &self.words[id as usize]);
        let starts = chunk_starts(entries.clone().map(|w| (w.json.len(), w.hash)));
        let mut firsts = Vec::with_capacity(starts.len());
        let mut chunks = Vec::with_capacity(starts.len());
        for (n, &start) in starts.iter().enumerate() {
            let end = starts.get(n + 1).copied().unwrap_or(self.sorted.len());
            let ids = &self.sorted[start..end];
            let path = format!("search/words/{n}.json");
            let same = self.chunks.get(n).is_some_and(|before| before == ids)
                && !ids.iter().any(|&id| changed.words[id as usize]);
            if !same {
                let mut chunk = Vec::new();
                for (k, &id) in ids.iter().enumerate() {
                    chunk.push(if k == 0 { b'{' } else { b',' });
                    chunk.extend_from_slice(&self.words[id as usize].json);
                }
                chunk.push(b'}');
                files.push(OutputFile::bytes(path.clone(), chunk));
            }
            paths.push(path);
            firsts.push(self.words[ids[0] as usize].key.as_str());
            chunks.push(ids.to_vec());
        }
        for (n, group) in self.pages.chunks(PAGES_PER_FILE).enumerate() {
            let path = format!("search/pages/{n}.json");
            let from = n * PAGES_PER_FILE;
            // The same pages in the same places, and as many: a last file
            // that had pages after these has fewer now.
            let same = !changed.pages[from..from + group.len()].iter().any(|&c| c)
                && (group.len() == PAGES_PER_FILE || changed.pages_before == self.pages.len());
            if !same {
                let mut file = vec![b'['];
                for (k, page) in group.iter().enumerate() {
                    if k > 0 {
                        file.push(b',');
                    }
                    file.extend_from_slice(&page.entry);
                }
                file.push(b']');
                files.push(OutputFile::bytes(path.clone(), file));
            }
            paths.push(path);
        }
        let mut filters = Vec::new();
        let mut ranked_now = Vec::with_capacity(FILTERS.len());
        for (f, (&(id, title), values)) in FILTERS.iter().zip(&self.facets).enumerate() {
            let mut ranked: Vec<&Postings> = values.values().collect();
            ranked.sort_by(|a, b| b.list.len().cmp(&a.list.len()).then(a.key.cmp(&b.key)));
            let before = self.ranked.get(f);
            for (n, v) in ranked.iter().enumerate() {
                let path = format!("search/facets/{id}/{n}.json");
                let same = before.and_then(|b| b.get(n)) == Some(&v.key)
                    && !changed.values[f].contains(&v.key);
                if !same {
                    files.push(OutputFile::bytes(path.clone(), v.json.clone()));
                }
                paths.push(path);
            }
            ranked_now.push(ranked.iter().map(|v| v.key.clone()).collect());
            if !ranked.is_empty() {
                filters.push(MetaFilter {
                    id,
                    title,
                    values: ranked
                        .iter()
                        .map(|v| (v.key.as_str(), v.list.len()))
                        .collect(),
                });
            }
        }
        let meta = json_bytes(&Meta {
            format: FORMAT,
            pages: self.pages.len(),
            pages_per_file: PAGES_PER_FILE,
            chunks: firsts,
            filters,
        });
        paths.push("search/meta.json".to_string());
        if meta != self.meta {
            files.push(OutputFile::bytes("search/meta.json", meta.clone()));
        }
        self.meta = meta;
        self.chunks = chunks;
        self.ranked = ranked_now;
        IndexFiles {
            paths,
            changed: files,
        }
    }
}

/// Takes page `i`'s postings out; words left with none go to `emptied`.
fn take_out(
    words: &mut [Postings],
    facets: &mut [BTreeMap<String, Postings>],
    i: u32,
    page: &IndexedPage,
    emptied: &mut Vec<u32>,
) {
    for &(id, place) in &page.words {
        let w = &mut words[id as usize];
        w.remove(i << 2 | place as u32);
        if w.list.is_empty() {
            emptied.push(id);
        }
    }
    for (f, value) in &page.filters {
        let values = &mut facets[*f];
        if let Some(v) = values.get_mut(value.as_str()) {
            v.remove(i);
            if v.list.is_empty() {
                values.remove(value.as_str());
            }
        }
    }
}

/// The longest subsequence of `pairs` (ascending in the first number)
/// that is also ascending in the second.
fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // tails[k]: the pair ending the best run of length k + 1 found so far.
    let mut tails: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; pairs.len()];
    for (n, &(_, i)) in pairs.iter().enumerate() {
        let at = tails.partition_point(|&t| pairs[t].1 < i);
        before[n] = at.checked_sub(1).map(|k| tails[k]);
        if at == tails.len() {
            tails.push(n);
        } else {
            tails[at] = n;
        }
    }
    let mut run = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(n) = at {
        run.push(pairs[n]);
        at = before[n];
    }
    run.reverse();
    run
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::borrow::Cow;

    fn doc(title: &str, body: &str, filters: &[(usize, &str)]) -> SearchDocument<'static> {
        SearchDocument {
            title: Cow::Owned(title.into()),
            url: format!("/{}/", title.to_lowercase()),
            kind: Cow::Borrowed("Mentor"),
            summary: Cow::Borrowed(""),
            keywords: Vec::new(),
            body: Cow::Owned(body.into()),
            filters: filters
                .iter()
                .map(|&(f, v)| (f, Cow::Owned(v.into())))
                .collect(),
        }
    }

    fn build(docs: Vec<SearchDocument<'_>>) -> BTreeMap<String, Vec<u8>> {
        let files = LiveIndex::default().update_pages(docs);
        assert_eq!(files.paths.len(), files.changed.len());
        files
            .changed
            .iter()
            .map(|f| (f.path.clone(), bytes(f)))
            .collect()
    }

    fn bytes(file: &OutputFile) -> Vec<u8> {
        match &file.contents {
            crate::render::Contents::Bytes(b) => b.clone(),
            _ => panic!("{} is not bytes", file.path),
        }
    }

    /// Applies `files` to `disk` as the preview would: writes what changed,
    /// deletes what is no longer listed.
    fn apply(disk: &mut BTreeMap<String, Vec<u8>>, files: IndexFiles) {
        for f in files.changed {
            disk.insert(f.path.clone(), bytes(&f));
        }
        disk.retain(|path, _| files.paths.contains(path));
    }

    fn word_list(files: &BTreeMap<String, Vec<u8>>, word: &str) -> Vec<u64> {
        let chunk = files
            .iter()
            .filter(|(p, _)| p.starts_with("search/words/"))
            .map(|(_, b)| serde_json::from_slice::<serde_json::Value>(b).unwrap())
            .find(|c| c.get(word).is_some())
            .unwrap();
        serde_json::from_value(chunk[word].clone()).unwrap()
    }

    #[test]
    fn a_word_keeps_the_best_place_of_each_page() {
        let files = build(vec![
            doc("Rust", "rust and python", &[]),
            doc("Ada", "python only", &[]),
        ]);
        assert_eq!(word_list(&files, "rust"), [Place::Title as u64]);
        assert_eq!(word_list(&files, "python"), [0, 1 << 2]);
    }

    #[test]
    fn postings_are_written_as_differences() {
        let docs = (0..3).map(|i| doc(&format!("P{i}"), "same", &[])).collect();
        let files = build(docs);
        let chunk = std::str::from_utf8(&files["search/words/0.json"]).unwrap();
        assert!(chunk.contains("\"same\":[0,4,4]"), "{chunk}");
    }

    #[test]
    fn filter_values_list_their_pages_most_common_first() {
        let files = build(vec![
            doc("A", "", &[(0, "Go"), (0, "Rust")]),
            doc("B", "", &[(0, "Rust")]),
        ]);
        let meta: serde_json::Value = serde_json::from_slice(&files["search/meta.json"]).unwrap();
        assert_eq!(
            meta["filters"][0]["values"],
            serde_json::json!([["Rust", 2], ["Go", 1]])
        );
        assert_eq!(files["search/facets/skills/0.json"], b"[0,1]");
        assert_eq!(files["search/facets/skills/1.json"], b"[0]");
    }

    fn many(n: usize) -> Vec<SearchDocument<'static>> {
        (0..n)
            .map(|i| {
                doc(
                    &format!("M{i:05}"),
                    &format!("w{i}a w{i}b shared word{} part{}", i % 97, i % 13),
                    &[(0, if i % 3 == 0 { "Go" } else { "Rust" })],
                )
            })
            .collect()
    }

    #[test]
    fn chunks_start_where_meta_says_and_hold_every_word_once() {
        let files = build(many(2000));
        let meta: serde_json::Value = serde_json::from_slice(&files["search/meta.json"]).unwrap();
        let chunks = meta["chunks"].as_array().unwrap();
        assert!(chunks.len() > 1, "2,000 pages need more than one chunk");
        let mut seen = 0;
        for (n, first) in chunks.iter().enumerate() {
            let chunk: serde_json::Map<String, serde_json::Value> =
                serde_json::from_slice(&files[&format!("search/words/{n}.json")]).unwrap();
            assert_eq!(chunk.keys().next().unwrap(), first.as_str().unwrap());
            assert!(
                files[&format!("search/words/{n}.json")].len() <= super::super::index::CHUNK_MAX
            );
            seen += chunk.len();
        }
        assert_eq!(
            seen,
            2000 * 3 + 1 + 97 + 13,
            "m, wa and wb per page, and the shared ones"
        );
    }

    /// One edit, then the index equals a build of the edited pages, and the
    /// files it reports changed are few when the edit is small.
    fn edit(
        before: Vec<SearchDocument<'static>>,
        after: Vec<SearchDocument<'static>>,
    ) -> (usize, usize) {
        let (mut index, mut disk) = (LiveIndex::default(), BTreeMap::new());
        apply(&mut disk, index.update_pages(before));
        let files = index.update_pages(after.clone());
        let changed = files.changed.len();
        apply(&mut disk, files);
        let fresh = build(after);
        assert!(disk == fresh, "the updated index differs from a build");
        (changed, fresh.len())
    }

    #[test]
    fn a_changed_body_rewrites_only_the_chunks_of_its_words() {
        let before = many(3000);
        let mut after = before.clone();
        after[1500].body = Cow::Borrowed("w1500a zebra shared");
        let (changed, all) = edit(before, after);
        // The chunks of w1500b, part*, word* and zebra, and meta.json.
        assert!(changed <= 8, "{changed} of {all} files changed");
    }

    #[test]
    fn renamed_new_and_deleted_pages_renumber_the_rest() {
        let before = many(500);
        let mut renamed = before.clone();
        let moved = renamed.remove(10);
        renamed.push(doc("Zz", &moved.body, &[(0, "Go")]));
        edit(before.clone(), renamed);
        let mut added = before.clone();
        added.insert(250, doc("M00249x", "brand new words", &[(1, "Health")]));
        edit(before.clone(), added);
        let mut deleted = before.clone();
        deleted.remove(0);
        deleted.remove(300);
        edit(before.clone(), deleted);
        // The last page goes: the last pages file is shorter, the rest kept.
        let mut last = before.clone();
        last.pop();
        edit(before.clone(), last);
        let mut facet = before.clone();
        facet[7].filters = vec![(0, Cow::Borrowed("Haskell"))];
        edit(before.clone(), facet);
        edit(before, Vec::new());
    }

    #[test]
    fn the_longest_kept_run_is_increasing() {
        let run = longest_increasing(&[(0, 5), (1, 1), (2, 2), (3, 9), (4, 3)]);
        assert_eq!(run, [(1, 1), (2, 2), (4, 3)]);
    }

    fn arbitrary_pages() -> impl Strategy<Value = Vec<SearchDocument<'static>>> {
        let words = ["ada", "go", "rust", "mentor", "python", "zed", "Élan", "x1"];
        let page = (
            0..60usize,
            proptest::collection::vec(0..words.len(), 0..6),
            proptest::collection::vec((0..6usize, 0..3usize), 0..3),
        )
            .prop_map(move |(name, body, filters)| {
                let body: Vec<&str> = body.iter().map(|&w| words[w]).collect();
                let values = ["One", "Two", "Three"];
                let filters: Vec<(usize, &str)> =
                    filters.iter().map(|&(f, v)| (f, values[v])).collect();
                doc(&format!("P{name}"), &body.join(" "), &filters)
            });
        // Past one `pages/<n>.json`, so a shorter last file is tried too.
        proptest::collection::vec(page, 0..40)
    }

    proptest! {
        #[test]
        fn any_sequence_of_edits_ends_as_a_build_of_the_last_pages(
            states in proptest::collection::vec(arbitrary_pages(), 1..6)
        ) {
            let (mut index, mut disk) = (LiveIndex::default(), BTreeMap::new());
            for pages in &states {
                apply(&mut disk, index.update_pages(pages.clone()));
                prop_assert!(disk == build(pages.clone()));
            }
        }
    }
}
