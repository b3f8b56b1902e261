//! The whole model of a site, loaded and validated: what `render` draws from.
//!
//! `load` reads `site.toml`, the content, the theme and the data files, and
//! returns either the complete `Site` or every problem it found (warnings
//! come back either way). It never writes. Once loaded, the model is not
//! changed; derived indexes such as the facets are computed here, once.

use crate::config::Config;
use crate::content::front_matter::{self, PageFrontMatter};
use crate::content::{self, Content, MentorProfile};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::facets::Facets;
use crate::forms::surveys::{self, Surveys};
use crate::fsutil::read_bytes;
use crate::fsutil::read_text;
use crate::impact::{self, CheckIn};
use crate::pairs::{self, Pair};
use crate::theme::{self, StaticFile, Theme};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// How to load: what the command line changes.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Include pages and profiles marked `draft = true`.
    pub drafts: bool,
    /// Overrides `base_url` from site.toml (serve and `--base-url`).
    pub base_url: Option<String>,
    /// Report the columns of survey exports that match no question
    /// (`check` does; a weekly build need not repeat them).
    pub list_ignored_columns: bool,
    /// Write processed photos into the cache, or only validate them.
    pub photos: crate::photos::Mode,
    /// The forms' posts are received where the site is served (`serve` and
    /// `host`), so a relative `[intake] url` works.
    pub intake_served: bool,
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
    /// Matched pairs from `data/pairs.csv`.
    pub pairs: Vec<Pair>,
    /// The key for agreement tokens; never rendered.
    pub secret: Option<Vec<u8>>,
    /// `content/agreement.md`, when the site has one.
    pub agreement: Option<AgreementTemplate>,
    /// Forms, rounds and their published aggregates.
    pub surveys: Surveys,
    /// Meetings the pairs logged through the check-in form.
    pub checkins: Vec<CheckIn>,
    /// Applications, without names: for participation figures.
    pub applications: Vec<impact::participation::Application>,
    /// `@/` link targets and their URLs.
    pub link_targets: HashMap<String, String>,
    /// The forms' posts have somewhere to go: an absolute `[intake] url`, or
    /// a relative one on a site that `serve` or `host` serves.
    pub intake_available: bool,
}

/// The agreement template: Markdown with Tera placeholders after its front
/// matter.
#[derive(Debug, Clone)]
pub struct AgreementTemplate {
    pub path: PathBuf,
    pub source: String,
    pub title: String,
    pub body_offset: usize,
    /// The 1-based line of the file where the body starts.
    pub body_first_line: usize,
}

impl AgreementTemplate {
    pub fn body(&self) -> &str {
        &self.source[self.body_offset..]
    }

    fn load(path: &Path) -> Result<AgreementTemplate, Diagnostic> {
        let source = read_text(path)?;
        let split = front_matter::split(path, &source)?;
        let front: PageFrontMatter = front_matter::parse(path, &source, &split)?;
        let body_offset = split.body_offset;
        Ok(AgreementTemplate {
            path: path.to_path_buf(),
            body_first_line: source[..body_offset].matches('\n').count() + 1,
            title: front.title,
            body_offset,
            source,
        })
    }
}

impl Site {
    /// The URL of an `@/` link target such as `handbook/goals.md`.
    pub fn resolve_internal(&self, target: &str) -> Option<String> {
        self.link_targets
            .get(target.trim_start_matches('/'))
            .cloned()
    }

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
    let (mut loaded, mut diagnostics) = content::load(root, &config, options.drafts);
    let (theme, theme_problems) = theme::load(root, &config);
    diagnostics.extend(theme_problems);
    let mut static_files = theme::static_files_in(&root.join("static"), root, &mut diagnostics);
    let local_photos: Vec<_> = loaded
        .mentors
        .iter_mut()
        .filter_map(|m| match &mut m.photo {
            Some(crate::photos::Photo::Local(local)) => Some(local),
            _ => None,
        })
        .collect();
    // Only the processed images are published, never an original.
    let originals: std::collections::HashSet<PathBuf> = local_photos
        .iter()
        .filter_map(|p| p.source.canonicalize().ok())
        .collect();
    let is_original = |path: &Path| {
        path.canonicalize()
            .is_ok_and(|path| originals.contains(&path))
    };
    loaded.assets.retain(|(source, _)| !is_original(source));
    static_files.retain(|f| match &f.contents {
        theme::StaticContents::File(path) => !is_original(path),
        theme::StaticContents::Embedded(_) => true,
    });
    diagnostics.extend(crate::photos::process_all(
        root,
        local_photos,
        options.photos,
    ));
    let facets = Facets::build(&loaded.mentors, &config);
    let (pairs, pair_problems) = load_pairs(root, &loaded.mentors, &config);
    diagnostics.extend(pair_problems);
    let active = pairs::open_spots(&pairs);
    let active_pairs = loaded
        .mentors
        .iter()
        .map(|m| active.get(&m.slug).copied().unwrap_or(0))
        .collect();
    let agreement = match loaded
        .agreement_template
        .as_deref()
        .map(AgreementTemplate::load)
    {
        Some(Ok(t)) => Some(t),
        Some(Err(d)) => {
            diagnostics.push(d);
            None
        }
        None => None,
    };
    let tracks = config
        .track_ids()
        .map(|id| {
            (
                id.to_string(),
                config.track_title(id).unwrap_or(id).to_string(),
            )
        })
        .collect();
    let program = crate::forms::breakdown::ProgramData::new(tracks, &pairs);
    let (surveys, survey_problems) =
        surveys::load(root, &config, options.list_ignored_columns, &program);
    diagnostics.extend(survey_problems);
    let secret = match pairs::load_secret(root) {
        Ok(secret) => secret,
        Err(message) => {
            diagnostics.push(Diagnostic::error(root.join(".mentorsite-secret"), message));
            None
        }
    };
    if secret.is_none() && agreement.is_some() && pairs.iter().any(|p| p.status.is_current()) {
        diagnostics.push(
            Diagnostic::warning(root.join("data/pairs.csv"), "agreement pages not built: no secret for their links")
                .with_hint("set MENTORSITE_SECRET, or put a random string of 16+ characters in .mentorsite-secret (init makes one)"),
        );
    }
    let (checkins, checkin_problems) = impact::checkins::load(
        root,
        &config.impact.checkin_form,
        &surveys.forms,
        &pairs,
        secret.as_deref(),
    );
    diagnostics.extend(checkin_problems);

    let intake_available = options.intake_served || !config.intake.url.starts_with('/');
    if !intake_available {
        diagnostics.extend(nowhere_to_post(root, &surveys));
    }

    let diagnostics = relative(root, diagnostics);
    if diagnostics.has_errors() {
        return (None, diagnostics);
    }
    let mut site = Site {
        root: root.to_path_buf(),
        config,
        content: loaded.content,
        mentors: loaded.mentors,
        facets,
        active_pairs,
        assets: loaded.assets,
        theme,
        static_files,
        pairs,
        secret,
        agreement,
        surveys,
        checkins,
        applications: Vec::new(),
        link_targets: loaded.link_targets,
        intake_available,
    };
    site.applications = impact::participation::applications(&site);
    (Some(site), diagnostics)
}

/// The warning of a build whose form pages would post to a path that a
/// static host does not receive: said once, naming the forms.
fn nowhere_to_post(root: &Path, surveys: &Surveys) -> Option<Diagnostic> {
    let forms: Vec<String> = surveys
        .forms
        .iter()
        .filter(|f| f.publish)
        .map(|f| format!("`{}`", f.id))
        .collect();
    if forms.is_empty() {
        return None;
    }
    Some(
        Diagnostic::warning(
            root.join("site.toml"),
            format!(
                "the form pages of {} have nowhere to post on a static host: [intake] url is a path on this site; \
                 their pages say so to visitors",
                forms.join(", ")
            ),
        )
        .with_hint(
            "run `mentorsite host` where the site is served, or set [intake] url to a `mentorsite host` elsewhere \
             (https://intake.example.org/forms/{form}/submit), or mark forms run in another tool `publish = false`",
        ),
    )
}

/// Reads `data/pairs.csv`, when there is one, against the loaded mentors.
fn load_pairs(
    root: &Path,
    mentors: &[MentorProfile],
    config: &Config,
) -> (Vec<Pair>, Vec<Diagnostic>) {
    let path = root.join("data/pairs.csv");
    if !path.is_file() {
        return (Vec::new(), Vec::new());
    }
    let bytes = match read_bytes(&path) {
        Ok(b) => b,
        Err(d) => return (Vec::new(), vec![d]),
    };
    let capacities: BTreeMap<String, u32> = mentors
        .iter()
        .map(|m| (m.slug.clone(), m.capacity))
        .collect();
    let tracks: Vec<&str> = config.track_ids().collect();
    pairs::load_pairs(&path, &bytes, &capacities, &tracks)
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
