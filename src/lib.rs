//! mentorsite: a static site generator for mentorship programs.
//!
//! A build is three stages, laid out the way the data flows:
//!
//! ```text
//!  site folder ──load──▶ Site ──render──▶ OutputFile, one by one ──write──▶ public/
//! ```
//!
//! [`load`] reads and validates every input and returns the model or every
//! diagnostic it found; [`render()`] is a pure function of the model and the
//! templates; the output stage (`output::Staging`) is the only one that
//! touches the output folder. [`build`] and [`check`] chain them. The
//! library never prints: it returns values and [`Diagnostic`]s, and the
//! binary reports them.

mod applications;
mod config;
mod content;
mod diagnostic;
mod embedded;
mod facets;
mod forms;
mod fsutil;
pub mod host;
mod html;
mod http;
mod impact;
pub mod import;
pub mod init;
mod matching;
mod output;
mod pairs;
mod personal_data;
mod photos;
mod private;
pub mod propose;
mod render;
pub mod report;
mod search;
pub mod serve;
mod site;
mod svg;
mod table;
mod theme;
mod toml_error;
mod walk;

// The API: what the binary (`main.rs`), `tests/`, `examples/` and the fuzz
// targets use. Every other item is crate-private; the subcommands that have
// more than a function (`host`, `import`, `init`, `propose`, `report`,
// `serve`) are public modules.
pub use config::Config;
pub use content::front_matter::{
    parse as parse_front_matter, split as split_front_matter, MentorFrontMatter, PageFrontMatter,
};
pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use forms::intake::validate_submission;
pub use forms::matrix::describe_columns as describe_matrix_columns;
pub use forms::{
    aggregate_form, load_schema, read_export, to_normalised_csv, Answer, FormSchema, QuestionKind,
    Thresholds, Tool,
};
pub use pairs::{agreement_token, load_pairs, open_spots};
pub use photos::Mode as PhotoMode;
pub use render::{render, Contents, Templates, Urls};
pub use search::{files as search_files, index::words as search_words, LiveIndex};
pub use site::{load, LoadOptions, Site};

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What `build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub output: Option<PathBuf>,
    pub load: LoadOptions,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// The figures of a finished build, for its summary line.
#[derive(Debug, Clone, Default)]
pub struct BuildSummary {
    pub pages: usize,
    pub mentors: usize,
    pub files: usize,
    /// Files written; the others were unchanged since the last build.
    pub written: usize,
    pub bytes: u64,
    pub elapsed: Duration,
    pub rounds: usize,
    /// Survey responses read across all rounds.
    pub responses: usize,
    /// Agreement pages written; their links are in `agreements.csv`.
    pub agreements: usize,
}

/// The coordinator's list of agreement links, in the site folder: beside the
/// published output, never inside it.
pub const AGREEMENTS_CSV: &str = "agreements.csv";

fn agreements_csv(links: &[render::AgreementLink]) -> Vec<u8> {
    let rows = links
        .iter()
        .map(|l| [l.mentor.as_str(), &l.mentee, l.status, &l.url]);
    table::write::table(["mentor", "mentee", "status", "url"], rows)
}

/// Why a build did not finish.
#[derive(Debug)]
pub enum BuildError {
    /// The site has mistakes; every one found is listed.
    Invalid(Vec<Diagnostic>),
    /// The system failed us (disk full, permission denied …).
    Io(anyhow::Error),
}

/// Load and render without writing: what `check` and `build` share.
pub(crate) fn load_and_render(
    options: &LoadOptions,
    root: &Path,
) -> Result<(Site, render::Rendered, Vec<Diagnostic>), Vec<Diagnostic>> {
    load_render_keep(options, root)
        .map(|(site, _, rendered, diagnostics)| (site, rendered, diagnostics))
}

/// `load_and_render`, also handing back the compiled templates, so that a
/// preview can re-render single pages later.
pub(crate) fn load_render_keep(
    options: &LoadOptions,
    root: &Path,
) -> Result<(Site, render::Templates, render::Rendered, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (site, templates, mut diagnostics) = load_with_templates(options, root)?;
    let mut rendered = render::render(&site, &templates);
    diagnostics.append(&mut rendered.diagnostics);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok((site, templates, rendered, diagnostics))
}

/// Loads the site and compiles its templates: everything before render.
fn load_with_templates(
    options: &LoadOptions,
    root: &Path,
) -> Result<(Site, render::Templates, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (site, mut diagnostics) = site::load(root, options);
    let Some(site) = site else {
        return Err(diagnostics);
    };
    let (templates, template_problems) = render::Templates::compile(&site.theme);
    diagnostics.extend(template_problems.into_iter().map(|d| d.relative_to(root)));
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok((site, templates, diagnostics))
}

/// Validates everything `build` would, writing nothing.
/// It also warns about files with personal data that git tracks.
pub fn check(root: &Path, options: &LoadOptions) -> Vec<Diagnostic> {
    let mut diagnostics = match load_and_render(options, root) {
        Ok((_, _, diagnostics)) | Err(diagnostics) => diagnostics,
    };
    diagnostics.extend(
        personal_data::tracked(root)
            .into_iter()
            .map(|d| d.relative_to(root)),
    );
    diagnostics
}

/// Builds the site: load, then render straight into a staging folder that
/// replaces the output atomically. Each page goes to disk as it is rendered,
/// so memory holds the model and the output's paths, never the output.
pub fn build(options: &BuildOptions) -> Result<(BuildSummary, Vec<Diagnostic>), BuildError> {
    build_keep(options).map(|built| (built.summary, built.diagnostics))
}

/// A finished build, with the model and templates it was made from (what
/// `host` keeps to receive the forms).
pub(crate) struct Built {
    pub(crate) site: Site,
    pub(crate) templates: render::Templates,
    pub(crate) summary: BuildSummary,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// `build`, handing back the loaded site and its templates.
pub(crate) fn build_keep(options: &BuildOptions) -> Result<Built, BuildError> {
    let started = Instant::now();
    let output = options.output_dir();
    output::check_output_dir(&options.root, &output).map_err(BuildError::Io)?;
    let (site, templates, mut diagnostics) =
        load_with_templates(&options.load, &options.root).map_err(BuildError::Invalid)?;
    let staging = output::Staging::begin(&output).map_err(BuildError::Io)?;
    let mut rendered = render::render_into(&site, &templates, &|file| staging.put(file));
    diagnostics.append(&mut rendered.diagnostics);
    if diagnostics.has_errors() {
        staging.abandon();
        return Err(BuildError::Invalid(diagnostics));
    }
    let report = staging.finish().map_err(BuildError::Io)?;
    if !rendered.agreements.is_empty() {
        let csv = agreements_csv(&rendered.agreements);
        fsutil::write_atomic(&options.root.join(AGREEMENTS_CSV), &csv).map_err(BuildError::Io)?;
    }
    let summary = BuildSummary {
        pages: rendered.pages,
        mentors: site.mentors.len(),
        files: report.files,
        written: report.written,
        bytes: report.bytes,
        elapsed: started.elapsed(),
        agreements: rendered.agreements.len(),
        rounds: site.surveys.rounds.len(),
        responses: site.surveys.responses(),
    };
    Ok(Built {
        site,
        templates,
        summary,
        diagnostics,
    })
}
