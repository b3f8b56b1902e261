//! The private reference that names a pair in its check-ins.
//!
//! Check-ins must say which pair met without carrying names. The reference
//! is a keyed hash, under the same site secret as the agreement token, of
//! what identifies a pair for its whole life (mentor, mentee, start), so
//! editing the pair's goals or cadence mid-way keeps its earlier check-ins
//! attached. It is short enough to type, long enough not to be guessed, and
//! never published: it appears only on the pair's own agreement page.

use crate::pairs::{base32, normalize_name, Pair};

/// The key the example program's check-ins are written with; `init`
/// re-keys them to the new site's own secret ([`rekey`]).
pub const EXAMPLE_SECRET: &[u8] = b"northwind-example-program-check-ins";

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

/// `text` with every reference of `pairs` under `from` replaced by the same
/// pair's reference under `to` (in either case as written).
pub fn rekey(text: &str, pairs: &[Pair], from: &[u8], to: &[u8]) -> String {
    let mut out = text.to_string();
    for pair in pairs {
        let (old, new) = (pair_reference(from, pair), pair_reference(to, pair));
        out = out
            .replace(&old, &new)
            .replace(&old.to_uppercase(), &new.to_uppercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(mentee: &str, goals: &[&str]) -> Pair {
        Pair {
            line: 2,
            mentor: "ada".into(),
            mentee: mentee.into(),
            mentee_email: None,
            track: None,
            start: chrono::NaiveDate::from_ymd_opt(2026, 1, 5),
            end: None,
            cadence: None,
            meeting_length: None,
            format: None,
            goals: goals.iter().map(|g| g.to_string()).collect(),
            status: crate::pairs::PairStatus::Active,
            extra: Default::default(),
        }
    }

    #[test]
    fn a_reference_survives_edited_goals_but_not_another_secret_or_mentee() {
        let secret = b"0123456789abcdef0123";
        let a = pair("Grace Hopper", &["one"]);
        let r = pair_reference(secret, &a);
        assert_eq!(r.len(), 12);
        assert_eq!(
            r,
            pair_reference(secret, &pair(" grace  HOPPER", &["one", "two"]))
        );
        assert_ne!(r, pair_reference(b"another-secret-0123456", &a));
        assert_ne!(r, pair_reference(secret, &pair("Grace Brewster", &["one"])));
        assert!(!r.contains("grace"));
    }

    #[test]
    fn references_are_read_without_case_spaces_or_dashes() {
        assert_eq!(normalise(" AB12-cd34 ef56 "), "ab12cd34ef56");
    }

    #[test]
    fn rekeying_moves_every_reference_to_the_new_secret() {
        let p = pair("Grace Hopper", &[]);
        let old = pair_reference(EXAMPLE_SECRET, &p);
        let text = format!(
            "pair,met_on\n{old},2026-01-06\n{},2026-01-06\n",
            old.to_uppercase()
        );
        let new = pair_reference(b"the-new-secret-of-the-site", &p);
        let out = rekey(&text, &[p], EXAMPLE_SECRET, b"the-new-secret-of-the-site");
        assert_eq!(
            out,
            format!(
                "pair,met_on\n{new},2026-01-06\n{},2026-01-06\n",
                new.to_uppercase()
            )
        );
    }
}
