//! `mentorsite import`: a form tool's export, normalised into the site.
//!
//! The export is read with the same code a build uses, every problem is
//! reported, and only a clean read is written: to
//! `data/rounds/<round>/<form>.csv`, one column per question id, through a
//! temporary file and a rename. An existing file is never replaced without
//! `--force`.

use crate::diagnostic::{nearest, Diagnostic, Diagnostics};
use crate::forms::{draft_schema, load_schema, read_export, to_normalised_csv, ImportReport};
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

/// Drafts `data/forms/<form>.toml` from the export for the coordinator to
/// review (`import --new-schema`); returns the path written. An existing
/// schema is never replaced.
pub fn new_schema(options: &ImportOptions) -> Result<PathBuf, Vec<Diagnostic>> {
    check_ids(options)?;
    let schema_path = schema_path(options);
    if schema_path.exists() {
        return Err(vec![Diagnostic::error(
            &schema_path,
            "already exists; nothing was written",
        )
        .with_hint(
            "run the import without --new-schema to use it, or choose another --form",
        )]);
    }
    let bytes = read_bytes(&options.file).map_err(|d| vec![d])?;
    let text = draft_schema(&options.file, &bytes, &options.form).map_err(|d| vec![d])?;
    // The draft must read back as a schema and take its own export: a
    // proposal that `import` would then refuse helps nobody.
    let schema = load_schema(&schema_path, &text)?;
    let export = read_export(&options.file, &bytes, &schema);
    if export.diagnostics.has_errors() {
        return Err(export.diagnostics);
    }
    fsutil::write_atomic(&schema_path, text.as_bytes())
        .map_err(|e| vec![Diagnostic::error(&schema_path, format!("{e:#}"))])?;
    Ok(schema_path)
}

fn check_ids(options: &ImportOptions) -> Result<(), Vec<Diagnostic>> {
    for (what, id) in [("form", &options.form), ("round", &options.round)] {
        if !valid_id(id) {
            return Err(vec![Diagnostic::error(
                &options.file,
                format!("--{what} `{id}` must be letters, digits, `-` or `_` (it names a file)"),
            )]);
        }
    }
    Ok(())
}

fn schema_path(options: &ImportOptions) -> PathBuf {
    options
        .root
        .join("data/forms")
        .join(format!("{}.toml", options.form))
}

/// Reads, checks and writes one export; on any error writes nothing.
pub fn import(options: &ImportOptions) -> Result<Imported, Vec<Diagnostic>> {
    let root = &options.root;
    check_ids(options)?;
    let schema_path = schema_path(options);
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
        d = d.with_hint(
            match nearest(&options.form, known.iter().map(String::as_str)) {
                Some(near) => format!("did you mean --form {near}?"),
                None => "pass --new-schema to draft it from this export".into(),
            },
        );
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
