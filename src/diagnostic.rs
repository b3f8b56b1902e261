//! User-facing problems: one type for every mistake found in a site folder.
//!
//! Loading collects `Diagnostic`s instead of stopping at the first one, so a
//! coordinator sees every problem of a folder in one run. Each carries the
//! file, the 1-based line and column in that file where there is one, the
//! message, an optional hint ("did you mean …"), and the source line for an
//! excerpt with a caret. Only `main.rs` prints them.

use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors fail `build` and `check`, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one of the user's files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the site root where possible.
    pub path: PathBuf,
    /// 1-based line in the user's file.
    pub line: Option<usize>,
    /// 1-based column (in characters) in the user's file.
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
    /// The text of the offending line, for an excerpt with a caret.
    #[serde(skip)]
    pub excerpt: Option<String>,
    /// How much of the line the excerpt shows, when the file is a table
    /// (CSV) whose rows are people's answers.
    #[serde(skip)]
    pub shown: Shown,
}

/// How much of a line of a table an excerpt shows. A row of a survey export
/// or of `pairs.csv` holds a person's answers, emails and names, and
/// messages end up in terminals and CI logs: by default only the row's
/// shape (its delimiters and quotes) is shown, with the caret under the
/// problem; a header line, or one cell that holds no personal data, is
/// shown when the code that found the problem says so.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Shown {
    #[default]
    Shape,
    /// The cell under the caret.
    Field,
    /// The whole line (a header).
    Line,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
            excerpt: None,
            shown: Shown::Shape,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// Places the problem at a 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Places the problem at a 1-based line, without a column.
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// Places the problem at byte `offset` of `source` (the whole file), and
    /// keeps that line for the excerpt.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let (line, column) = line_column(source, offset);
        let text = source.lines().nth(line - 1).unwrap_or("").to_string();
        self.at(line, column).with_excerpt(text)
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_excerpt(mut self, line_text: impl Into<String>) -> Self {
        self.excerpt = Some(line_text.into());
        self
    }

    /// The excerpt may show the cell under the caret: it holds no
    /// personal data.
    pub fn showing_field(mut self) -> Self {
        self.shown = Shown::Field;
        self
    }

    /// The excerpt may show the whole line: a header, not a person's row.
    pub fn showing_line(mut self) -> Self {
        self.shown = Shown::Line;
        self
    }

    /// Whether this file's lines are rows of people's answers.
    fn is_table(&self) -> bool {
        self.path.extension().is_some_and(|e| {
            ["csv", "tsv", "txt"]
                .iter()
                .any(|t| e.eq_ignore_ascii_case(t))
        })
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The path shown to the user: relative to `root` when it lies below it.
    pub fn relative_to(mut self, root: &Path) -> Self {
        if let Ok(rel) = self.path.strip_prefix(root) {
            self.path = rel.to_path_buf();
        }
        self
    }

    /// The report as a terminal shows it: `path:line:col: error: message`,
    /// then the source line with a caret, then the hint.
    pub fn render(&self) -> String {
        let mut out = self.to_string();
        if let (Some(text), Some(line)) = (&self.excerpt, self.line) {
            let gutter = line.to_string().len();
            let text = text.trim_end_matches(['\r', '\n']);
            let redacted;
            let text = match (self.is_table(), self.shown) {
                (false, _) | (true, Shown::Line) => text,
                (true, shown) => {
                    let keep = (shown == Shown::Field).then(|| self.column.unwrap_or(1));
                    redacted = redact(text, keep);
                    &redacted
                }
            };
            out.push_str(&format!("\n{:gutter$} |\n{line} | {text}", ""));
            if let Some(column) = self.column {
                // Tabs keep their width so the caret lines up under them.
                let pad: String = text
                    .chars()
                    .take(column.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                out.push_str(&format!("\n{:gutter$} | {pad}^", ""));
            }
        }
        if let Some(hint) = &self.hint {
            out.push_str(&format!("\n  = hint: {hint}"));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {label}: {}", self.message)
    }
}

/// A row of a table with every character but the delimiters and quotes
/// replaced by `·` (one for one, so a caret still lines up), except the cell
/// starting at 1-based column `keep`.
fn redact(line: &str, keep: Option<usize>) -> String {
    let mut in_kept = false;
    let mut quoted = false;
    line.chars()
        .enumerate()
        .map(|(i, c)| {
            if Some(i + 1) == keep {
                in_kept = true;
            }
            let shape = c == '"' || (!quoted && matches!(c, ',' | ';' | '\t'));
            if c == '"' {
                quoted = !quoted;
            }
            if in_kept && !quoted && matches!(c, ',' | ';' | '\t') && Some(i + 1) != keep {
                in_kept = false;
            }
            if shape || in_kept {
                c
            } else {
                '·'
            }
        })
        .collect()
}

/// 1-based line and character column of byte `offset` in `source`.
/// The rows that share one problem, for a message that is said once:
/// "in 31 rows: lines 2, 3, 5, 8, 13 and 26 more".
pub fn rows_at(lines: &[usize]) -> String {
    const SHOWN: usize = 5;
    let listed: Vec<String> = lines.iter().take(SHOWN).map(usize::to_string).collect();
    let more = match lines.len().saturating_sub(SHOWN) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    format!("in {} rows: lines {}{more}", lines.len(), listed.join(", "))
}

pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..offset].chars().count() + 1;
    (line, column)
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&word_lower, &c.to_lowercase()),
                c,
            )
        })
        .filter(|(distance, c)| {
            *distance <= (c.chars().count().max(word.chars().count()) / 3).max(2)
        })
        .min_by_key(|(distance, c)| (*distance, *c))
        .map(|(_, c)| c)
}

/// A list of diagnostics with helpers for the common questions about it.
pub trait Diagnostics {
    fn has_errors(&self) -> bool;
    fn error_count(&self) -> usize;
    fn warning_count(&self) -> usize;
}

impl Diagnostics for [Diagnostic] {
    fn has_errors(&self) -> bool {
        self.iter().any(Diagnostic::is_error)
    }
    fn error_count(&self) -> usize {
        self.iter().filter(|d| d.is_error()).count()
    }
    fn warning_count(&self) -> usize {
        self.len() - self.error_count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_from_one_in_characters() {
        let src = "ab\nçd\n";
        assert_eq!(line_column(src, 0), (1, 1));
        assert_eq!(line_column(src, 3), (2, 1));
        assert_eq!(line_column(src, 5), (2, 2)); // after the two-byte ç
        assert_eq!(line_column(src, 100), (3, 1));
    }

    #[test]
    fn render_shows_excerpt_caret_and_hint() {
        let d = Diagnostic::error("content/a.md", "unknown key `titel`")
            .at_offset("+++\ntitel = 1\n", 4)
            .with_hint("did you mean `title`?");
        assert_eq!(
            d.render(),
            "content/a.md:2:1: error: unknown key `titel`\n  |\n2 | titel = 1\n  | ^\n  = hint: did you mean `title`?"
        );
    }

    #[test]
    fn table_rows_are_redacted_in_excerpts() {
        let line = "2026-05-01,ada@example.org,\"Somewhat, satisfied\",42";
        let d = Diagnostic::error("data/rounds/r/f.csv", "not a number").at_offset(line, 28);
        let shape = d.render();
        assert!(
            !shape.contains("ada@example.org") && !shape.contains("Somewhat"),
            "{shape}"
        );
        assert!(
            shape.contains("··········,···············,\"···················\",··"),
            "{shape}"
        );
        let field = d.clone().showing_field().render();
        assert!(
            field.contains("··········,···············,\"Somewhat, satisfied\",··"),
            "{field}"
        );
        let header = d.showing_line().render();
        assert!(header.contains(line), "{header}");
    }

    #[test]
    fn nearest_finds_typos_only() {
        let keys = ["title", "weight", "description"];
        assert_eq!(nearest("titel", keys), Some("title"));
        assert_eq!(nearest("wieght", keys), Some("weight"));
        assert_eq!(nearest("zebra", keys), None);
    }
}
