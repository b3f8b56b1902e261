//! `mentorsite import`: a form tool's export, normalised into the site.
//!
//! The export is read with the same code a build uses, every problem is
//! reported, and only a clean read is written: to
//! `data/rounds/<round>/<form>.csv`, one column per question id, through a
//! temporary file and a rename. An existing file is never replaced without
//! `--force`.

use crate::diagnostic::{nearest, Diagnostic, Diagnostics};
use crate::forms::{load_schema, read_export, to_normalised_csv, ImportReport};
use crate::fsutil::{self, read_bytes, read_text};
use std::path::{Path, PathBuf};

/// What `import` was asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub root: PathBuf,
    pub file: PathBuf,
    pub form: String,
    pub round: String,
    pub force: bool,
}

/// What an import did.
#[derive(Debug)]
pub struct Imported {
    pub report: ImportReport,
    pub written: PathBuf,
    /// True when a `round.toml` was created for a new round.
    pub created_round: bool,
    pub warnings: Vec<Diagnostic>,
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Reads, checks and writes one export; on any error writes nothing.
pub fn import(options: &ImportOptions) -> Result<Imported, Vec<Diagnostic>> {
    let root = &options.root;
    for (what, id) in [("form", &options.form), ("round", &options.round)] {
        if !valid_id(id) {
            return Err(vec![Diagnostic::error(
                &options.file,
                format!("--{what} `{id}` must be letters, digits, `-` or `_` (it names a file)"),
            )]);
        }
    }
    let schema_path = root
        .join("data/forms")
        .join(format!("{}.toml", options.form));
    if !schema_path.is_file() {
        let known: Vec<String> = std::fs::read_dir(root.join("data/forms"))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                e.path()
                    .file_stem()
                    .map(|s| s.to_string_lossy().to_string())
            })
            .collect();
        let mut d = Diagnostic::error(&schema_path, format!("no form `{}`", options.form));
        if let Some(near) = nearest(&options.form, known.iter().map(String::as_str)) {
            d = d.with_hint(format!("did you mean --form {near}?"));
        }
        return Err(vec![d]);
    }
    let schema_text = read_text(&schema_path).map_err(|d| vec![d])?;
    let schema = load_schema(&schema_path, &schema_text)?;
    let bytes = read_bytes(&options.file).map_err(|d| vec![d])?;
    let export = read_export(&options.file, &bytes, &schema);
    if export.diagnostics.has_errors() {
        return Err(export.diagnostics);
    }
    let round_dir = root.join("data/rounds").join(&options.round);
    let target = round_dir.join(format!("{}.csv", options.form));
    if target.exists() && !options.force {
        return Err(vec![Diagnostic::error(
            &target,
            "already exists; nothing was written",
        )
        .with_hint("pass --force to replace it")]);
    }
    let csv = to_normalised_csv(&schema, &export.responses);
    fsutil::write_atomic(&target, &csv)
        .map_err(|e| vec![Diagnostic::error(&target, format!("{e:#}"))])?;
    let round_toml = round_dir.join("round.toml");
    let created_round = !round_toml.exists();
    if created_round {
        let text = format!(
            "title = \"{}\"\n# opens = 2026-01-15\n# closes = 2026-01-31\n\n[invited]\n# {} = 40\n",
            options.round, options.form
        );
        fsutil::write_atomic(&round_toml, text.as_bytes())
            .map_err(|e| vec![Diagnostic::error(&round_toml, format!("{e:#}"))])?;
    }
    Ok(Imported {
        report: export.report,
        written: target,
        created_round,
        warnings: export.diagnostics,
    })
}

/// The path as the user should read it: relative to the site root.
pub fn display_path(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}
