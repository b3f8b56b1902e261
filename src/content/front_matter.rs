//! Front matter: the TOML between `+++` lines at the top of a Markdown file.
//!
//! Splitting keeps the byte offsets of both parts so that every later error
//! (a TOML typo, a broken link in the body) points at the line and column of
//! the user's file, not of the fragment we parsed.

use crate::diagnostic::Diagnostic;
use crate::toml_error::toml_diagnostic;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::path::Path;

/// A Markdown file cut in two, with the offsets of each part in the file.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// Byte offset of `front_matter` in the file.
    pub front_matter_offset: usize,
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
}

/// Cuts `source` into front matter and body.
pub fn split<'a>(path: &Path, source: &'a str) -> Result<Split<'a>, Diagnostic> {
    // A byte-order mark is invisible in editors; tolerate it rather than
    // report a missing `+++` the user cannot see.
    let start = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let text = &source[start..];
    let first_line = text.lines().next().unwrap_or("");
    if first_line.trim_end() == "---" {
        return Err(Diagnostic::error(
            path,
            "front matter must be TOML between `+++` lines, not YAML",
        )
        .at_offset(source, start)
        .with_hint(
            "replace the `---` lines with `+++` and write the keys as TOML: title = \"…\"",
        ));
    }
    if first_line.trim_end() != "+++" {
        return Err(Diagnostic::error(
            path,
            "expected front matter: the file must start with a `+++` line",
        )
        .at_offset(source, start)
        .with_hint("add `+++`, then title = \"…\", then `+++` at the top of the file"));
    }
    let fm_start = start + first_line.len() + line_break_len(&text[first_line.len()..]);
    let mut offset = fm_start;
    for line in source[fm_start..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Ok(Split {
                front_matter: &source[fm_start..offset],
                front_matter_offset: fm_start,
                body: &source[offset + line.len()..],
                body_offset: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error(path, "front matter is not closed: no second `+++` line")
            .at_offset(source, start)
            .with_hint("did you forget the `+++` line after the front matter?"),
    )
}

fn line_break_len(rest: &str) -> usize {
    if rest.starts_with("\r\n") {
        2
    } else {
        usize::from(rest.starts_with('\n'))
    }
}

/// Parses the front matter of `split` as `T`, with diagnostics located in
/// the whole file `source`.
pub fn parse<T: DeserializeOwned>(
    path: &Path,
    source: &str,
    split: &Split,
) -> Result<T, Diagnostic> {
    toml::from_str(split.front_matter).map_err(|e| {
        let mut d = toml_diagnostic(path, source, split.front_matter_offset, &e);
        if d.line.is_none() {
            d = d.at_offset(source, split.front_matter_offset);
        }
        d
    })
}

/// A TOML date or date-time, kept as written (`2026-01-15`) for display and
/// sorting.
pub fn date_string(value: &Option<toml::value::Datetime>) -> Option<String> {
    value.as_ref().map(|d| match d.date {
        Some(date) => date.to_string(),
        None => d.to_string(),
    })
}

/// Front matter of guides, sections and the home page.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PageFrontMatter {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub date: Option<toml::value::Datetime>,
    #[serde(default)]
    pub updated: Option<toml::value::Datetime>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub extra: toml::Table,
}

/// Front matter of a mentor profile.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MentorFrontMatter {
    pub name: String,
    #[serde(default)]
    pub headline: String,
    #[serde(default)]
    pub photo: Option<String>,
    #[serde(default)]
    pub photo_alt: Option<String>,
    /// The point of the photo to keep in the square crop: `[x, y]` as
    /// fractions of its width and height (`[0.5, 0.3]` is above the centre).
    #[serde(default)]
    pub photo_focus: Option<[f32; 2]>,
    #[serde(default)]
    pub skills: Vec<String>,
    #[serde(default)]
    pub industries: Vec<String>,
    #[serde(default)]
    pub tracks: Vec<String>,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub timezone: Option<String>,
    #[serde(default)]
    pub remote: bool,
    #[serde(default = "default_capacity")]
    pub capacity: u32,
    #[serde(default)]
    pub meeting_formats: Vec<String>,
    #[serde(default)]
    pub years_experience: Option<u32>,
    #[serde(default)]
    pub links: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub extra: toml::Table,
}

fn default_capacity() -> u32 {
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("content/a.md")
    }

    #[test]
    fn splits_and_keeps_offsets() {
        let src = "+++\ntitle = \"A\"\n+++\nBody\n";
        let s = split(p(), src).unwrap();
        assert_eq!(s.front_matter, "title = \"A\"\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(&src[s.body_offset..], "Body\n");
    }

    #[test]
    fn crlf_and_bom_are_accepted() {
        let src = "\u{feff}+++\r\ntitle = \"A\"\r\n+++\r\nBody";
        let s = split(p(), src).unwrap();
        assert_eq!(s.front_matter, "title = \"A\"\r\n");
        assert_eq!(s.body, "Body");
    }

    #[test]
    fn yaml_gets_a_hint_to_use_toml() {
        let e = split(p(), "---\ntitle: A\n---\n").unwrap_err();
        assert!(e.message.contains("not YAML"));
        assert_eq!((e.line, e.column), (Some(1), Some(1)));
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split(p(), "+++\ntitle = \"A\"\n").unwrap_err();
        assert!(e.message.contains("not closed"));
    }

    #[test]
    fn parse_error_lines_are_those_of_the_file() {
        let src = "+++\ntitle = \"A\"\nwieght = 3\n+++\n";
        let s = split(p(), src).unwrap();
        let e = parse::<PageFrontMatter>(p(), src, &s).unwrap_err();
        assert_eq!((e.line, e.column), (Some(3), Some(1)));
        assert_eq!(e.hint.as_deref(), Some("did you mean `weight`?"));
    }
}
