//! Agreement tokens: the unguessable address of each pair's agreement page,
//! a keyed hash of the pair's terms, and the secret that keys it.

use super::{Cadence, Pair};
use std::path::Path;

const TOKEN_CONTEXT: &str = "mentorsite agreement token v1";
const TOKEN_CHARS: usize = 26;

/// The unguessable name of a pair's agreement page, `/agreements/<token>/`:
/// 26 lowercase base32 characters (130 bits) of a BLAKE3 keyed hash.
///
/// The hash covers who the pair is and every term the agreement states:
/// mentor, mentee (trimmed, lowercased, inner spaces collapsed), mentee
/// e-mail (the same), track, start, end, cadence, meeting length, format and
/// goals. Changing any of them gives the agreement a new address, so a
/// printed, signed copy never leads to a page that shows different terms than
/// the ones signed; the old link stops working instead, which is the honest
/// outcome. Left out on purpose: the status (a pair going from proposed to
/// active to completed keeps its link), the row's line (reordering the file
/// changes nothing), and the extra columns (they often hold the coordinator's
/// bookkeeping, and adding a column must not re-issue every link).
///
/// Without the secret the token cannot be computed from the names, and
/// changing the secret re-issues every link.
pub fn agreement_token(secret: &[u8], pair: &Pair) -> String {
    let key = blake3::derive_key(TOKEN_CONTEXT, secret);
    let mut fields = Encoder::default();
    fields.text(Some(&pair.mentor));
    fields.text(Some(&normalize_name(&pair.mentee)));
    let email = pair
        .mentee_email
        .as_ref()
        .map(|e| normalize_name(e.expose()));
    fields.text(email.as_deref());
    fields.text(pair.track.as_deref());
    fields.text(pair.start.map(|d| d.to_string()).as_deref());
    fields.text(pair.end.map(|d| d.to_string()).as_deref());
    fields.text(pair.cadence.map(Cadence::as_str));
    fields.text(pair.meeting_length.as_deref());
    fields.text(pair.format.as_deref());
    fields.count(pair.goals.len());
    for goal in &pair.goals {
        fields.text(Some(goal));
    }
    let hash = blake3::keyed_hash(&key, &fields.0);
    base32(hash.as_bytes(), TOKEN_CHARS)
}

/// An unambiguous byte encoding: every field says whether it is present and
/// how long it is, so no two different pairs encode to the same bytes (for
/// example mentor `ab` + mentee `c` versus mentor `a` + mentee `bc`).
#[derive(Default)]
struct Encoder(Vec<u8>);

impl Encoder {
    fn text(&mut self, text: Option<&str>) {
        match text {
            None => self.0.push(0),
            Some(text) => {
                self.0.push(1);
                self.count(text.len());
                self.0.extend_from_slice(text.as_bytes());
            }
        }
    }

    fn count(&mut self, n: usize) {
        self.0.extend_from_slice(&(n as u64).to_le_bytes());
    }
}

/// RFC 4648 base32 in lowercase, without padding, cut to `chars` characters:
/// safe in URLs, case-insensitive file systems and when read aloud.
pub(crate) fn base32(bytes: &[u8], chars: usize) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut out = String::with_capacity(chars);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &byte in bytes {
        buffer = ((buffer << 8) | u32::from(byte)) & 0xFFFF;
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            if out.len() == chars {
                return out;
            }
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 && out.len() < chars {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// The form of a name or address that identifies a person: case and stray
/// spaces in a spreadsheet cell must not make a different pair.
pub(crate) fn normalize_name(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Shorter secrets would make agreement tokens guessable by brute force.
const MIN_SECRET_BYTES: usize = 16;
const SECRET_ENV: &str = "MENTORSITE_SECRET";
pub(super) const SECRET_FILE: &str = ".mentorsite-secret";

/// The key for agreement tokens: the environment variable
/// `MENTORSITE_SECRET` when set and not blank (for CI), otherwise the file
/// `<root>/.mentorsite-secret`, trimmed. `Ok(None)` when there is neither.
/// A secret shorter than 16 bytes is an error wherever it comes from.
pub fn load_secret(root: &Path) -> Result<Option<Vec<u8>>, String> {
    let env = match std::env::var(SECRET_ENV) {
        Ok(value) => Some(value),
        Err(std::env::VarError::NotPresent) => None,
        Err(std::env::VarError::NotUnicode(_)) => {
            return Err(format!("{SECRET_ENV} is not valid UTF-8"));
        }
    };
    load_secret_from(env, root)
}

/// [`load_secret`] with the environment passed in, so tests need not change
/// the process environment, which other threads read.
pub(super) fn load_secret_from(
    env: Option<String>,
    root: &Path,
) -> Result<Option<Vec<u8>>, String> {
    if let Some(value) = env.filter(|v| !v.trim().is_empty()) {
        let secret = value.trim().as_bytes().to_vec();
        return check_secret_length(secret, SECRET_ENV).map(Some);
    }
    let path = root.join(SECRET_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(format!("cannot read {}: {error}", path.display())),
    };
    let secret = bytes.trim_ascii().to_vec();
    if secret.is_empty() {
        return Err(format!(
            "{} is empty; put a random secret of at least 16 bytes in it, or delete it",
            path.display()
        ));
    }
    check_secret_length(secret, &path.display().to_string()).map(Some)
}

fn check_secret_length(secret: Vec<u8>, origin: &str) -> Result<Vec<u8>, String> {
    if secret.len() < MIN_SECRET_BYTES {
        return Err(format!(
            "the secret in {origin} is {} bytes long; it needs at least {MIN_SECRET_BYTES} \
             (64 random hex characters are best)",
            secret.len()
        ));
    }
    Ok(secret)
}

/// A new secret for `.mentorsite-secret`: 32 random bytes as 64 hex digits.
///
/// # Panics
/// If the operating system's random number generator fails. There is no
/// safe fallback: a predictable secret would expose every agreement page.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    #[allow(clippy::expect_used)]
    getrandom::fill(&mut bytes).expect("the operating system's random number generator failed");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
