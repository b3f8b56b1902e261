//! Pasted rows, resubmissions and, under `keep = "latest"`, earlier
//! submissions of the same respondent.

use super::super::schema::{FormSchema, KeepPolicy, QuestionKind};
use super::answers::parse_timestamps;
use super::text::{fold, folded};
use super::{Answer, ImportReport, Response};
use crate::private::PrivateText;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher as _;

/// Who sent a response, for duplicate detection: the first email, then id,
/// then name answer, case-folded.
fn identity(schema: &FormSchema, response: &Response) -> Option<String> {
    identity_source(schema, response).map(|(kind, text)| format!("{kind:?}:{}", fold(text)))
}

/// The answer `identity` is made of: the first email, then id, then name.
fn identity_source<'r>(
    schema: &FormSchema,
    response: &'r Response,
) -> Option<(QuestionKind, &'r str)> {
    [QuestionKind::Email, QuestionKind::Id, QuestionKind::Name]
        .iter()
        .find_map(|kind| {
            schema
                .questions
                .iter()
                .zip(&response.answers)
                .find_map(|(q, a)| match a {
                    Answer::Private(t) if q.kind == *kind && !t.is_empty() => {
                        Some((*kind, t.expose()))
                    }
                    _ => None,
                })
        })
}

/// A keyed hash of `identity`, computed without building it: every row
/// needs one, only repeated respondents need the identity itself.
pub(super) fn identity_key(
    schema: &FormSchema,
    response: &Response,
    keys: &std::collections::hash_map::RandomState,
) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let (kind, text) = identity_source(schema, response)?;
    let mut h = keys.build_hasher();
    kind.hash(&mut h);
    for c in folded(text) {
        h.write_u32(c as u32);
    }
    Some(h.finish())
}

/// A 128-bit fingerprint, for sets of rows: a hash rather than a copy of
/// every row keeps de-duplicating a million responses cheap, and at 128 bits
/// two different rows never collide in practice.
type Fingerprint = [u8; 16];

fn fingerprint(hasher: &blake3::Hasher) -> Fingerprint {
    let mut out = [0; 16];
    out.copy_from_slice(&hasher.finalize().as_bytes()[..16]);
    out
}

/// The raw row, trimmed: equal for a row pasted twice.
pub(super) fn row_fingerprint(fields: &csv::StringRecord) -> Fingerprint {
    let mut h = blake3::Hasher::new();
    for f in fields.iter() {
        h.update(f.trim().as_bytes());
        h.update(&[0x1f]);
    }
    fingerprint(&h)
}

/// Who sent a response and what they answered, leaving out the personal
/// fields: equal for the same respondent submitting the same answers twice.
fn content_fingerprint(schema: &FormSchema, identity: &str, response: &Response) -> Fingerprint {
    let mut h = blake3::Hasher::new();
    h.update(identity.as_bytes());
    h.update(&[0x1e]);
    for (q, a) in schema.questions.iter().zip(&response.answers) {
        if q.kind.is_personal() {
            continue;
        }
        hash_answer(&mut h, a);
        h.update(&[0x1f]);
    }
    fingerprint(&h)
}

/// Feeds one answer into a fingerprint; a matrix answer row by row.
fn hash_answer(h: &mut blake3::Hasher, a: &Answer) {
    match a {
        Answer::Missing => h.update(b"M"),
        Answer::Number(v) => h.update(b"N").update(&v.to_bits().to_le_bytes()),
        Answer::Choice(i) => h.update(b"C").update(&i.to_le_bytes()),
        Answer::Other(t) => h.update(b"O").update(t.expose().as_bytes()),
        Answer::Multi { options, other } => {
            h.update(b"U");
            for i in options {
                h.update(&i.to_le_bytes());
            }
            h.update(b"/")
                .update(other.as_ref().map_or("", PrivateText::expose).as_bytes())
        }
        Answer::Text(t) => h.update(b"T").update(t.expose().as_bytes()),
        Answer::Private(t) => h.update(b"P").update(t.expose().as_bytes()),
        Answer::Date(d) => h.update(b"D").update(d.as_bytes()),
        Answer::Matrix(rows) => {
            h.update(b"X");
            for row in rows {
                hash_answer(h, row);
                h.update(&[0x1d]);
            }
            h
        }
    };
}

/// A valid row, before duplicates are removed.
pub(super) struct Candidate {
    pub(super) response: Response,
    pub(super) raw: Option<Fingerprint>,
    /// A keyed hash of who sent it (see `identity`), for counting.
    pub(super) identity_key: Option<u64>,
    pub(super) timestamp: String,
}

/// Drops pasted rows and resubmissions, and under `keep = "latest"` every
/// respondent's earlier submissions; counts each in `report`.
pub(super) fn deduplicate(
    schema: &FormSchema,
    candidates: Vec<Candidate>,
    report: &mut ImportReport,
) -> Vec<Response> {
    // Duplicates: a pasted row is identical byte for byte; a resubmission
    // has new timestamps and ids but the same respondent and answers. Our
    // own normalised file is deduplicated already and has no metadata to
    // tell two anonymous respondents with equal answers apart, so only the
    // respondent rule applies to it.
    let mut keep = vec![true; candidates.len()];
    let mut seen_raw: HashSet<Fingerprint> = HashSet::new();
    let mut seen_content: HashSet<Fingerprint> = HashSet::new();
    // Only a respondent who sent more than one row can have sent the same
    // answers twice: fingerprint just their rows.
    // Counted by a keyed hash of the identity: cheap for a million rows, and
    // a collision only costs a fingerprint, since that holds the identity.
    let mut sent: HashMap<u64, u32> = HashMap::with_capacity(candidates.len());
    for key in candidates.iter().filter_map(|c| c.identity_key) {
        *sent.entry(key).or_default() += 1;
    }
    for (i, c) in candidates.iter().enumerate() {
        if c.raw.is_some_and(|raw| !seen_raw.insert(raw)) {
            keep[i] = false;
            report.duplicate_rows += 1;
            continue;
        }
        let repeated = c
            .identity_key
            .and_then(|k| sent.get(&k))
            .is_some_and(|&n| n > 1);
        if let Some(id) = repeated.then(|| identity(schema, &c.response)).flatten() {
            if !seen_content.insert(content_fingerprint(schema, &id, &c.response)) {
                keep[i] = false;
                report.duplicate_submissions += 1;
            }
        }
    }
    if schema.keep == KeepPolicy::Latest {
        let stamps: Vec<&str> = candidates.iter().map(|c| c.timestamp.as_str()).collect();
        let parsed = parse_timestamps(&stamps);
        let ids: Vec<Option<String>> = candidates
            .iter()
            .map(|c| identity(schema, &c.response))
            .collect();
        let mut latest: HashMap<&str, usize> = HashMap::new();
        let alive: Vec<usize> = (0..candidates.len()).filter(|&i| keep[i]).collect();
        for i in alive {
            let Some(id) = ids[i].as_deref() else {
                continue;
            };
            match latest.get(id) {
                Some(&j) => {
                    let newer = match &parsed {
                        Some(p) => p[i] >= p[j],
                        None => true,
                    };
                    let (old, new) = if newer { (j, i) } else { (i, j) };
                    keep[old] = false;
                    report.superseded += 1;
                    latest.insert(id, new);
                }
                None => {
                    latest.insert(id, i);
                }
            }
        }
    }
    candidates
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(c, _)| c.response)
        .collect()
}
