//! The whole model of a site, loaded and validated: what `render` draws from.
//!
//! `load` reads `site.toml`, the content, the theme and the data files, and
//! returns either the complete `Site` or every problem it found (warnings
//! come back either way). It never writes. Once loaded, the model is not
//! changed; derived indexes such as the facets are computed here, once.

use crate::config::Config;
use crate::content::{self, Content, MentorProfile};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::facets::Facets;
use crate::fsutil::read_text;
use crate::theme::{self, StaticFile, Theme};
use std::path::{Path, PathBuf};

/// How to load: what the command line changes.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Include pages and profiles marked `draft = true`.
    pub drafts: bool,
    /// Overrides `base_url` from site.toml (serve and `--base-url`).
    pub base_url: Option<String>,
}

#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub content: Content,
    pub mentors: Vec<MentorProfile>,
    pub facets: Facets,
    /// Active pairs per mentor, in the order of `mentors`.
    pub active_pairs: Vec<u32>,
    /// Images beside pages: source file → output path.
    pub assets: Vec<(PathBuf, String)>,
    pub theme: Theme,
    /// The site's own `static/` files.
    pub static_files: Vec<StaticFile>,
}

impl Site {
    /// Open spots of mentor `i`: capacity minus active pairs.
    pub fn open_spots(&self, i: usize) -> u32 {
        self.mentors[i]
            .capacity
            .saturating_sub(self.active_pairs.get(i).copied().unwrap_or(0))
    }
}

/// Reads `site.toml` below `root`.
pub fn load_config(root: &Path, options: &LoadOptions) -> Result<Config, Vec<Diagnostic>> {
    let path = root.join("site.toml");
    if !path.is_file() {
        return Err(vec![Diagnostic::error(
            &path,
            "no site.toml: this folder is not a mentorsite site",
        )
        .with_hint(
            "pass --root DIR, or run `mentorsite init DIR` to start one",
        )]);
    }
    let source = read_text(&path).map_err(|d| vec![d])?;
    let mut config = Config::parse(&path, &source)?;
    if let Some(url) = &options.base_url {
        config.base_url = url.trim_end_matches('/').to_string();
    }
    Ok(config)
}

/// Loads and validates the site below `root`.
pub fn load(root: &Path, options: &LoadOptions) -> (Option<Site>, Vec<Diagnostic>) {
    let config = match load_config(root, options) {
        Ok(c) => c,
        Err(problems) => return (None, relative(root, problems)),
    };
    let (loaded, mut diagnostics) = content::load(root, &config, options.drafts);
    let (theme, theme_problems) = theme::load(root, &config);
    diagnostics.extend(theme_problems);
    let static_files = theme::static_files_in(&root.join("static"));
    let facets = Facets::build(&loaded.mentors, &config);
    let active_pairs = vec![0; loaded.mentors.len()];

    let diagnostics = relative(root, diagnostics);
    if diagnostics.has_errors() {
        return (None, diagnostics);
    }
    let site = Site {
        root: root.to_path_buf(),
        config,
        content: loaded.content,
        mentors: loaded.mentors,
        facets,
        active_pairs,
        assets: loaded.assets,
        theme,
        static_files,
    };
    (Some(site), diagnostics)
}

/// Diagnostics name files relative to the site root, sorted by file and line.
fn relative(root: &Path, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut list: Vec<Diagnostic> = diagnostics
        .into_iter()
        .map(|d| d.relative_to(root))
        .collect();
    list.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    list
}
