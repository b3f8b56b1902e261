//! Bytes to text: the encodings spreadsheets and form tools write.

use serde::Serialize;
use std::borrow::Cow;

/// How a table's bytes were decoded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceEncoding {
    #[default]
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

impl SourceEncoding {
    /// The name people use for it.
    pub fn name(self) -> &'static str {
        match self {
            SourceEncoding::Utf8 => "UTF-8",
            SourceEncoding::Utf8Bom => "UTF-8 with BOM",
            SourceEncoding::Utf16Le => "UTF-16 (little-endian)",
            SourceEncoding::Utf16Be => "UTF-16 (big-endian)",
            SourceEncoding::Windows1252 => "Windows-1252",
        }
    }
}

/// A table's text and how it was read.
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: SourceEncoding,
    /// Byte offsets in `text` of bytes that were not valid UTF-8 in a file
    /// that otherwise is (each is now U+FFFD): located errors for the user.
    pub invalid: Vec<usize>,
}

/// The text of `bytes`: UTF-8 (read in place), UTF-8 with a byte-order
/// mark, UTF-16 with or without one, or else Windows-1252, which Excel on
/// Windows writes for "CSV". The mark is never part of the text. A UTF-8
/// file with a few broken bytes (it has accented letters that are valid
/// UTF-8) is read as UTF-8 and its broken bytes are listed, rather than
/// being read as Windows-1252 with every accent garbled.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, String> {
    fn utf8(text: Cow<'_, str>, encoding: SourceEncoding) -> Decoded<'_> {
        Decoded {
            text,
            encoding,
            invalid: Vec::new(),
        }
    }
    let (encoding, kind, body) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(match std::str::from_utf8(rest) {
            Ok(text) => utf8(text.into(), SourceEncoding::Utf8Bom),
            Err(_) => with_broken_bytes(rest, SourceEncoding::Utf8Bom),
        });
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (encoding_rs::UTF_16LE, SourceEncoding::Utf16Le, rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (encoding_rs::UTF_16BE, SourceEncoding::Utf16Be, rest)
    } else if looks_like_utf16(bytes, 1) {
        // Some tools drop the BOM; ASCII text in UTF-16 has every other byte 0.
        (encoding_rs::UTF_16LE, SourceEncoding::Utf16Le, bytes)
    } else if looks_like_utf16(bytes, 0) {
        (encoding_rs::UTF_16BE, SourceEncoding::Utf16Be, bytes)
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        // The common case: read in place, no copy of a large file.
        return Ok(utf8(text.into(), SourceEncoding::Utf8));
    } else if bytes.utf8_chunks().any(|c| !c.valid().is_ascii()) {
        return Ok(with_broken_bytes(bytes, SourceEncoding::Utf8));
    } else {
        (
            encoding_rs::WINDOWS_1252,
            SourceEncoding::Windows1252,
            bytes,
        )
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if had_errors {
        return Err(format!(
            "the file is not valid {}: some bytes cannot be decoded",
            kind.name()
        ));
    }
    if text.contains('\0') {
        return Err(
            "the file contains NUL bytes: is it a spreadsheet (.xlsx) rather than CSV?".into(),
        );
    }
    Ok(utf8(text.into_owned().into(), kind))
}

/// UTF-8 text with each broken byte replaced by U+FFFD, and where.
fn with_broken_bytes(bytes: &[u8], encoding: SourceEncoding) -> Decoded<'_> {
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut invalid = Vec::new();
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            invalid.push(text.len());
            text.push(char::REPLACEMENT_CHARACTER);
        }
    }
    Decoded {
        text: text.into(),
        encoding,
        invalid,
    }
}

fn looks_like_utf16(bytes: &[u8], zero_at: usize) -> bool {
    let sample = &bytes[..bytes.len().min(400)];
    sample.len() >= 4
        && sample.len() % 2 == 0
        && sample
            .chunks(2)
            .all(|pair| pair[zero_at] == 0 && pair[1 - zero_at] != 0)
}
