//! Turns `toml` parse and type errors into located diagnostics.
//!
//! Used for `site.toml`, front matter, form schemas and round files alike, so
//! every TOML mistake reads the same: the line and column in the user's
//! file, the message without toml's own excerpt, and for an unknown key the
//! nearest key that would have been accepted.

use crate::diagnostic::{nearest, Diagnostic};
use std::path::Path;

/// A diagnostic for `error`, raised while parsing `fragment`, which starts at
/// byte `base` of the whole file `source` (front matter sits after `+++`).
pub fn toml_diagnostic(
    path: &Path,
    source: &str,
    base: usize,
    error: &toml::de::Error,
) -> Diagnostic {
    let message = error.message().trim().to_string();
    let mut diagnostic = Diagnostic::error(path, clean_message(&message));
    let mut written = "";
    if let Some(span) = error.span() {
        diagnostic = diagnostic.at_offset(source, base + span.start);
        written = source
            .get(base + span.start..base + span.end)
            .unwrap_or_default();
    }
    if let Some(hint) = unknown_field_hint(&message).or_else(|| yes_no_hint(written)) {
        diagnostic = diagnostic.with_hint(hint);
    }
    diagnostic
}

/// `remote = yes` or `remote = "no"`: the spreadsheet way of saying true or
/// false, which TOML does not take.
fn yes_no_hint(written: &str) -> Option<String> {
    let word = written
        .trim()
        .trim_matches(['"', '\''])
        .to_ascii_lowercase();
    let meant = match word.as_str() {
        "yes" | "y" | "on" | "true" => "true",
        "no" | "n" | "off" | "false" => "false",
        _ => return None,
    };
    Some(format!("use true or false, without quotes: `{meant}`"))
}

/// serde names Rust types ("expected u32"); a coordinator thinks in numbers,
/// text and true or false.
pub fn in_words(message: &str) -> String {
    const TYPES: [(&str, &str); 12] = [
        ("expected usize", "expected a whole number, 0 or more"),
        ("expected u64", "expected a whole number, 0 or more"),
        ("expected u32", "expected a whole number, 0 or more"),
        ("expected u16", "expected a whole number, 0 or more"),
        ("expected u8", "expected a whole number, 0 or more"),
        ("expected i64", "expected a whole number"),
        ("expected i32", "expected a whole number"),
        ("expected f64", "expected a number"),
        ("expected f32", "expected a number"),
        (
            "expected a boolean",
            "expected true or false (without quotes)",
        ),
        ("expected a string", "expected text in quotes"),
        (
            "expected a sequence",
            "expected a list in brackets, like [\"a\", \"b\"]",
        ),
    ];
    TYPES.iter().fold(message.to_string(), |m, (rust, words)| {
        m.replace(rust, words)
    })
}

/// serde says "unknown field `x`, expected one of `a`, `b`"; the hint names
/// the nearest of them, and the message keeps only the first clause.
fn clean_message(message: &str) -> String {
    let message = in_words(message);
    let first_line = message.lines().next().unwrap_or(&message);
    if first_line.starts_with("unknown field") {
        if let Some((head, _)) = first_line.split_once(", expected") {
            return format!("{head} (unknown key)");
        }
    }
    first_line.to_string()
}

fn unknown_field_hint(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once('`')?;
        let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        return nearest(value, candidates.iter().copied()).map(|v| format!("did you mean `{v}`?"));
    }
    let rest = message.strip_prefix("unknown field `")?;
    let (field, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match nearest(field, candidates.iter().copied()) {
        Some(key) => Some(format!("did you mean `{key}`?")),
        None if candidates.is_empty() => Some("this table takes no keys".into()),
        None => Some(format!(
            "known keys: {}; put free-form values under [extra]",
            candidates.join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hint_picks_nearest_expected_field() {
        let hint = unknown_field_hint("unknown field `titel`, expected one of `title`, `weight`");
        assert_eq!(hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn hint_suggests_the_nearest_variant() {
        let hint = unknown_field_hint("unknown variant `skale`, expected one of `scale`, `likert`");
        assert_eq!(hint.as_deref(), Some("did you mean `scale`?"));
    }

    #[test]
    fn types_are_named_in_words() {
        assert_eq!(
            clean_message("invalid type: string \"x\", expected u32"),
            "invalid type: string \"x\", expected a whole number, 0 or more"
        );
        assert_eq!(
            clean_message("invalid type: string \"yes\", expected a boolean"),
            "invalid type: string \"yes\", expected true or false (without quotes)"
        );
    }

    #[test]
    fn yes_and_no_are_answered_with_true_and_false() {
        for (source, meant) in [
            ("remote = yes\n", "`true`"),
            ("remote = \"no\"\n", "`false`"),
        ] {
            #[derive(Debug, serde::Deserialize)]
            #[allow(dead_code)]
            struct Profile {
                remote: bool,
            }
            let e = toml::from_str::<Profile>(source).expect_err("not a boolean");
            let d = toml_diagnostic(Path::new("p.md"), source, 0, &e);
            assert_eq!((d.line, d.column), (Some(1), Some(10)), "{d:?}");
            assert!(
                d.hint.as_deref().is_some_and(|h| h.contains(meant)),
                "{source}: {d:?}"
            );
        }
    }

    #[test]
    fn hint_lists_keys_when_nothing_is_near() {
        let hint = unknown_field_hint("unknown field `zzz`, expected `title` or `weight`");
        assert_eq!(
            hint.as_deref(),
            Some("known keys: title, weight; put free-form values under [extra]")
        );
    }
}
