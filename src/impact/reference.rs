//! The private reference that names a pair in its check-ins.
//!
//! Check-ins must say which pair met without carrying names. The reference
//! is a keyed hash, under the same site secret as the agreement token, of
//! what identifies a pair for its whole life (mentor, mentee, start), so
//! editing the pair's goals or cadence mid-way keeps its earlier check-ins
//! attached. It is short enough to type, long enough not to be guessed, and
//! never published: it appears only on the pair's own agreement page.

use crate::pairs::{base32, normalize_name, Pair};

const REFERENCE_CONTEXT: &str = "mentorsite check-in reference v1";
/// 12 base32 characters: 60 bits.
const REFERENCE_CHARS: usize = 12;

/// The reference of `pair` under `secret`.
pub fn pair_reference(secret: &[u8], pair: &Pair) -> String {
    let key = blake3::derive_key(REFERENCE_CONTEXT, secret);
    let mut hasher = blake3::Hasher::new_keyed(&key);
    for field in [
        pair.mentor.as_str(),
        &normalize_name(&pair.mentee),
        &pair.start.map(|d| d.to_string()).unwrap_or_default(),
    ] {
        hasher.update(&(field.len() as u64).to_le_bytes());
        hasher.update(field.as_bytes());
    }
    base32(hasher.finalize().as_bytes(), REFERENCE_CHARS)
}

/// A reference as typed: case and spaces do not matter.
pub fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}
