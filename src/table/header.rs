//! A header row mapped to a typed set of known columns.
//!
//! Spreadsheet headers are written for people: `Mentee email`,
//! `mentee-email` and `MENTEE_EMAIL` all mean `mentee_email`. Each cell is
//! matched to a known column after that folding; a column named twice is an
//! error, a missing required column is an error with the nearest unknown
//! header as a hint, and an unknown header close to a known column is
//! reported, since a typo would otherwise be silently ignored.

use super::{Record, Table};
use crate::diagnostic::{nearest, Diagnostic};
use std::collections::{BTreeMap, HashMap};

/// Where each known column is, by cell index.
#[derive(Debug, Clone)]
pub struct Columns<K> {
    /// Header names as written, trimmed, by cell index.
    pub names: Vec<String>,
    pub known: BTreeMap<usize, K>,
    /// Cells that match no known column, in order.
    pub extras: Vec<usize>,
}

impl<K: Copy + Eq> Columns<K> {
    /// The cell index of column `key`, if the header has it.
    pub fn index(&self, key: K) -> Option<usize> {
        self.known.iter().find(|(_, k)| **k == key).map(|(i, _)| *i)
    }
}

/// The folded form of a header name: `Mentee email` → `mentee_email`.
pub fn fold_name(name: &str) -> String {
    name.trim().to_lowercase().replace([' ', '-'], "_")
}

/// Maps `header` to `columns` (each a key and its folded name). Returns
/// `None` when a required column is missing; every problem goes to
/// `diagnostics`.
pub fn map_header<K: Copy + Eq>(
    table: &Table,
    header: &Record,
    columns: &[(K, &str)],
    required: &[K],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Columns<K>> {
    let (starts, _) = table.cell_starts(header);
    let at = |i: usize| starts.get(i).copied().unwrap_or(header.offset);
    let name_of = |key: K| {
        columns
            .iter()
            .find(|(k, _)| *k == key)
            .map_or("", |(_, n)| n)
    };

    let mut names = Vec::with_capacity(header.fields.len());
    let mut known = BTreeMap::new();
    let mut extras = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, raw) in header.fields.iter().enumerate() {
        let name = raw.trim().to_string();
        let key = fold_name(&name);
        names.push(name.clone());
        if key.is_empty() {
            // Trailing empty columns are common in spreadsheet exports.
            continue;
        }
        if seen.insert(key.clone(), i).is_some() {
            diagnostics.push(
                table
                    .error_at(
                        at(i),
                        format!("column `{name}` appears twice in the header"),
                    )
                    .showing_line(),
            );
            continue;
        }
        match columns.iter().find(|(_, n)| *n == key) {
            Some((column, _)) => {
                known.insert(i, *column);
            }
            None => extras.push(i),
        }
    }

    let mut complete = true;
    // Unknown headers already offered as the fix for a missing column.
    let mut suggested = Vec::new();
    for &column in required {
        if known.values().any(|c| *c == column) {
            continue;
        }
        complete = false;
        let name = name_of(column);
        let unknown = extras.iter().map(|&i| names[i].as_str());
        let hint = match nearest(name, unknown) {
            Some(close) => {
                suggested.push(close.to_string());
                format!("did you mean to call the column `{close}` `{name}`?")
            }
            None => format!(
                "this file needs the columns {}",
                required
                    .iter()
                    .map(|&k| name_of(k))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        diagnostics.push(
            table
                .error_at(header.offset, format!("the header has no `{name}` column"))
                .showing_line()
                .with_hint(hint),
        );
    }
    for &i in extras.iter().filter(|&&i| !suggested.contains(&names[i])) {
        let key = fold_name(&names[i]);
        let Some(close) = nearest(&key, columns.iter().map(|(_, n)| *n)) else {
            continue;
        };
        // A misspelt column would otherwise become an extra field: its
        // values (an email, say) would go where extra fields go, and the
        // column meant would silently be empty.
        complete = false;
        diagnostics.push(
            table
                .error_at(
                    at(i),
                    format!("column `{}` is not a known column", names[i]),
                )
                .showing_line()
                .with_hint(format!(
                    "did you mean `{close}`? Rename the column, or name it so it is clearly \
                     an extra field"
                )),
        );
    }
    complete.then_some(Columns {
        names,
        known,
        extras,
    })
}
