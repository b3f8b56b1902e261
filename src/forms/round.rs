//! Survey rounds: `data/rounds/<round>/round.toml`, when a round ran and how
//! many people were invited to each form.
//!
//! Rounds order the results pages and the trends, so their dates are checked
//! here once, and everything downstream can rely on `YYYY-MM-DD` strings that
//! sort as text.

use super::round_name::{approximate_start, natural_order, title_from_folder};
use crate::diagnostic::Diagnostic;
use crate::toml_error::toml_diagnostic;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

/// One survey round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Round {
    /// The folder name.
    pub id: String,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub opens: Option<String>,
    /// `YYYY-MM-DD`, not before `opens`.
    pub closes: Option<String>,
    /// Invited people per form id, for the response rate.
    pub invited: BTreeMap<String, u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRound {
    title: Option<String>,
    opens: Option<Spanned<toml::Value>>,
    closes: Option<Spanned<toml::Value>>,
    #[serde(default)]
    invited: BTreeMap<String, u64>,
}

/// Reads a round's `round.toml`. Dates may be TOML dates (`opens =
/// 2026-03-01`) or strings (`opens = "2026-03-01"`).
pub fn load_round(path: &Path, id: &str, source: &str) -> Result<Round, Vec<Diagnostic>> {
    let raw: RawRound =
        toml::from_str(source).map_err(|e| vec![toml_diagnostic(path, source, 0, &e)])?;
    let mut diagnostics = Vec::new();
    let mut date = |key: &str, value: Option<Spanned<toml::Value>>| -> Option<NaiveDate> {
        let value = value?;
        let offset = value.span().start;
        let text = match value.get_ref() {
            toml::Value::String(s) => s.trim().to_string(),
            toml::Value::Datetime(d) => d.to_string(),
            other => other.to_string(),
        };
        match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                diagnostics.push(
                    Diagnostic::error(
                        path,
                        format!("`{key}` must be a date like 2026-03-01, not `{text}`"),
                    )
                    .at_offset(source, offset),
                );
                None
            }
        }
    };
    let opens = date("opens", raw.opens);
    let closes_span = raw.closes.as_ref().map(|c| c.span().start);
    let closes = date("closes", raw.closes);
    if let (Some(o), Some(c), Some(offset)) = (opens, closes, closes_span) {
        if c < o {
            diagnostics.push(
                Diagnostic::error(
                    path,
                    format!("round `{id}` closes ({c}) before it opens ({o})"),
                )
                .at_offset(source, offset),
            );
        }
    }
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    Ok(Round {
        id: id.to_string(),
        title: raw.title.unwrap_or_else(|| title_from_folder(id)),
        opens: opens.map(|d| d.format("%Y-%m-%d").to_string()),
        closes: closes.map(|d| d.format("%Y-%m-%d").to_string()),
        invited: raw.invited,
    })
}

/// Orders rounds by opening date (or, without one, the period their folder
/// name gives, `2026-spring`), then by name with numbers as numbers; rounds
/// with neither come last, so a round being prepared does not jump to the
/// front.
pub fn sort_rounds(rounds: &mut [Round]) {
    let key = |r: &Round| r.opens.clone().or_else(|| approximate_start(&r.id));
    rounds.sort_by(|a, b| {
        let (ka, kb) = (key(a), key(b));
        (ka.is_none(), ka)
            .cmp(&(kb.is_none(), kb))
            .then_with(|| natural_order(&a.id, &b.id))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(src: &str) -> Result<Round, Vec<Diagnostic>> {
        load_round(
            Path::new("data/rounds/2026-spring/round.toml"),
            "2026-spring",
            src,
        )
    }

    #[test]
    fn loads_strings_and_toml_dates() {
        let r = load("title = 'Spring 2026'\nopens = 2026-03-01\ncloses = '2026-03-20'\ninvited = { feedback = 40 }\n")
            .expect("valid");
        assert_eq!(r.title, "Spring 2026");
        assert_eq!(r.opens.as_deref(), Some("2026-03-01"));
        assert_eq!(r.closes.as_deref(), Some("2026-03-20"));
        assert_eq!(r.invited.get("feedback"), Some(&40));
    }

    #[test]
    fn title_defaults_to_the_folder_name_in_words() {
        assert_eq!(load("").expect("valid").title, "Spring 2026");
    }

    #[test]
    fn bad_dates_and_order_are_errors_with_positions() {
        let err = load("opens = '2026-13-01'\n").expect_err("bad month");
        assert_eq!((err[0].line, err[0].column), (Some(1), Some(9)));
        let err = load("opens = '2026-03-10'\ncloses = '2026-03-01'\n").expect_err("order");
        assert_eq!(err[0].line, Some(2));
        assert!(err[0].message.contains("before it opens"));
    }

    #[test]
    fn unknown_key_gets_a_hint() {
        let err = load("invted = { feedback = 3 }\n").expect_err("typo");
        assert_eq!(err[0].hint.as_deref(), Some("did you mean `invited`?"));
    }

    #[test]
    fn sorts_by_opens_then_id_undated_last() {
        let mk = |id: &str, opens: Option<&str>| Round {
            id: id.into(),
            title: id.into(),
            opens: opens.map(String::from),
            closes: None,
            invited: BTreeMap::new(),
        };
        let mut rounds = vec![
            mk("z", None),
            mk("round-10", None),
            mk("round-2", None),
            mk("b", Some("2026-03-01")),
            mk("a", Some("2026-03-01")),
            mk("2025-autumn", None),
            mk("c", Some("2025-09-01")),
            mk("d", Some("2025-10-01")),
        ];
        sort_rounds(&mut rounds);
        let ids: Vec<&str> = rounds.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "2025-autumn",
                "c",
                "d",
                "a",
                "b",
                "round-2",
                "round-10",
                "z"
            ]
        );
    }
}
