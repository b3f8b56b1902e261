//! The chunked search index's format: the tokenizer, the places a word can
//! occur in, and how words, pages and facet values are written.
//!
//! Pure: nothing here reads or writes the disk, and nothing keeps state
//! (that is [`super::live::LiveIndex`]). The client
//! (`themes/default/static/search.js`) reads the same format; [`words`] is
//! the tokenizer both follow: lower case, split on anything that is not a
//! letter or a digit, words of 2 to 40 characters.

use super::documents::SearchDocument;
use crate::render::json_bytes;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;

/// A word chunk is never cut before it holds this many bytes of JSON...
pub const CHUNK_MIN: usize = 12 * 1024;

/// ...then each word is a place to cut with a probability of its size over
/// this many bytes, decided by a hash of the word: chunks average about
/// `CHUNK_MIN + CHUNK_SPREAD` and their boundaries depend on the words
/// around them, not on every word before. An edit that adds a word or a
/// page to one chunk rewrites that chunk, not every later one, so the
/// preview writes a few files where a cut by size alone shifted them all.
pub const CHUNK_SPREAD: usize = 12 * 1024;

/// ...and a chunk is cut before a word that would take it past this size,
/// so a query never fetches more than this much of one chunk (a single
/// word larger than this gets a chunk of its own).
pub const CHUNK_MAX: usize = 48 * 1024;

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
    tokens(text).map(Cow::into_owned)
}

/// [`words`], borrowing those already in lower case: most of a page's
/// words are, and tokenizing every page is most of a full build.
fn tokens(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| {
            let n = if w.is_ascii() {
                w.len()
            } else {
                w.chars().count()
            };
            (2..=40).contains(&n)
        })
        .map(|w| {
            if !w.is_ascii() {
                Cow::Owned(w.to_lowercase())
            } else if w.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(w.to_ascii_lowercase())
            } else {
                Cow::Borrowed(w)
            }
        })
}

/// Each distinct word of one page with the best place it occurs in.
pub fn page_words(doc: &SearchDocument<'_>) -> Vec<(String, Place)> {
    let mut best: HashMap<Cow<'_, str>, Place> = HashMap::new();
    let texts = [(&doc.title, Place::Title), (&doc.summary, Place::Keyword)]
        .into_iter()
        .chain(doc.keywords.iter().map(|k| (k, Place::Keyword)))
        .chain([(&doc.body, Place::Body)]);
    for (text, place) in texts {
        for w in tokens(text) {
            let p = best.entry(w).or_insert(place);
            *p = (*p).max(place);
        }
    }
    best.into_iter().map(|(w, p)| (w.into_owned(), p)).collect()
}

/// What a result shows, `[title, url, kind, summary]`, as JSON: one entry
/// of a `pages/<n>.json`.
pub fn page_entry(doc: &SearchDocument<'_>) -> Vec<u8> {
    json_bytes(&(&doc.title, &doc.url, &doc.kind, summary(&doc.summary)))
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

/// `"word":[deltas]`: one entry of a `words/<n>.json`. Words are letters
/// and digits only, so they need no escaping; serde_json keeps that true
/// whatever [`words`] becomes.
pub fn word_entry(word: &str, postings: &[u32]) -> Vec<u8> {
    let mut out = serde_json::to_vec(word).unwrap_or_default();
    out.push(b':');
    push_deltas(&mut out, postings);
    out
}

/// `[first, second - first, …]`: ascending numbers as small differences.
pub fn push_deltas(out: &mut Vec<u8>, numbers: &[u32]) {
    out.push(b'[');
    let mut last = 0;
    for (i, &n) in numbers.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_number(out, n - last);
        last = n;
    }
    out.push(b']');
}

/// Decimal digits without `fmt`: a full build writes over a million.
fn push_number(out: &mut Vec<u8>, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// The hash that decides where chunks may be cut: the same for a word on
/// every machine and in every build.
pub fn cut_hash(word: &str) -> u64 {
    let bytes = blake3::hash(word.as_bytes());
    u64::from_le_bytes(bytes.as_bytes()[..8].try_into().unwrap_or_default())
}

/// Where word chunks start, for the sorted vocabulary given as each word's
/// entry size in bytes and its [`cut_hash`]: the positions of the first
/// word of each chunk. See [`CHUNK_MIN`], [`CHUNK_SPREAD`], [`CHUNK_MAX`].
pub fn chunk_starts(entries: impl Iterator<Item = (usize, u64)>) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut size = 0;
    for (n, (bytes, hash)) in entries.enumerate() {
        // `{` or `,` before each entry.
        let bytes = bytes + 1;
        let cut_here = starts.is_empty()
            || size + bytes > CHUNK_MAX
            || (size >= CHUNK_MIN && (hash >> 32) * (CHUNK_SPREAD as u64) < (bytes as u64) << 32);
        if cut_here {
            starts.push(n);
            size = 0;
        }
        size += bytes;
    }
    starts
}

/// `meta.json`.
#[derive(Serialize)]
pub struct Meta<'a> {
    pub format: u32,
    pub pages: usize,
    pub pages_per_file: usize,
    /// The first word of each `words/<n>.json`.
    pub chunks: Vec<&'a str>,
    pub filters: Vec<MetaFilter<'a>>,
}

#[derive(Serialize)]
pub struct MetaFilter<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// `[label, count]`; the pages are in `facets/<id>/<n>.json`.
    pub values: Vec<(&'a str, usize)>,
}
