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
use crate::pairs::{self, Pair, PairsFile};
use crate::theme::{self, StaticFile, Theme};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    /// Shared with the preview's cache, which keeps every profile it did
    /// not have to read again.
    pub mentors: Vec<Arc<MentorProfile>>,
    /// Shared with the last load's when no profile's values changed.
    pub facets: Arc<Facets>,
    /// Active pairs per mentor, in the order of `mentors`.
    pub active_pairs: Vec<u32>,
    /// Images beside pages: source file → output path.
    pub assets: Vec<(PathBuf, String)>,
    pub theme: Theme,
    /// The site's own `static/` files.
    pub static_files: Vec<StaticFile>,
    /// Matched pairs from `data/pairs.csv`.
    pub pairs: Arc<Vec<Pair>>,
    /// `data/pairs.csv` as read, and the rows of it that make `pairs`: a
    /// preview checks them against edited profiles without reading again.
    pub(crate) pairs_file: Arc<PairsFile>,
    pub(crate) pairs_kept: Vec<usize>,
    /// The key for agreement tokens; never rendered.
    pub secret: Option<Vec<u8>>,
    /// `content/agreement.md`, when the site has one.
    pub agreement: Option<AgreementTemplate>,
    /// Forms, rounds and their published aggregates.
    pub surveys: Arc<Surveys>,
    /// Meetings the pairs logged through the check-in form.
    pub checkins: Arc<Vec<CheckIn>>,
    /// Applications, without names: for participation figures.
    pub applications: Arc<Vec<impact::participation::Application>>,
    /// The warnings of the files below `data/`, said again by a preview's
    /// load that keeps them.
    pub data_warnings: Vec<Diagnostic>,
    /// `@/` link targets and their URLs.
    pub link_targets: Arc<HashMap<String, String>>,
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
    load_reusing(root, options, &mut content::Cache::default(), None)
}

/// What a preview's load may take from the site it already holds.
pub struct Reuse<'a> {
    pub previous: &'a Site,
    /// The files that changed since `previous` was loaded: below
    /// `content/`, read again (see [`content::Cache`]); below `data/`, the
    /// pairs, rounds and check-ins are read again. A change to `site.toml`
    /// or the theme is not a reuse: the caller loads afresh.
    pub changed: &'a std::collections::HashSet<PathBuf>,
}

impl Reuse<'_> {
    fn data_changed(&self, root: &Path) -> bool {
        let data = root.join("data");
        self.changed.iter().any(|p| p.starts_with(&data))
    }
}

/// [`load`], reading only what changed since `reuse.previous` was loaded:
/// the same model as a fresh load, in a fraction of the time.
pub fn load_reusing(
    root: &Path,
    options: &LoadOptions,
    cache: &mut content::Cache,
    reuse: Option<Reuse>,
) -> (Option<Site>, Vec<Diagnostic>) {
    let config = match load_config(root, options) {
        Ok(c) => c,
        Err(problems) => return (None, relative(root, problems)),
    };
    let (mut loaded, mut diagnostics) = content::load_cached(
        root,
        &config,
        options.drafts,
        options.photos,
        cache,
        reuse.as_ref().map(|r| r.changed),
    );
    let (theme, theme_problems) = theme::load(root, &config);
    diagnostics.extend(theme_problems);
    let mut static_files = theme::static_files_in(&root.join("static"), root, &mut diagnostics);
    // Only the processed images are published, never an original.
    let originals: std::collections::HashSet<PathBuf> = loaded
        .mentors
        .iter()
        .filter_map(|m| match &m.photo {
            Some(crate::photos::Photo::Local(local)) => local.source.canonicalize().ok(),
            _ => None,
        })
        .collect();
    let is_original = |path: &Path| {
        !originals.is_empty()
            && path
                .canonicalize()
                .is_ok_and(|path| originals.contains(&path))
    };
    loaded.assets.retain(|(source, _)| !is_original(source));
    static_files.retain(|f| match &f.contents {
        theme::StaticContents::File(path) => !is_original(path),
        theme::StaticContents::Embedded(_) => true,
    });
    // The facets follow the mentors' order and values: kept when neither
    // changed (a biography, a photo, a capacity).
    let same_facets = |a: &Arc<MentorProfile>, b: &Arc<MentorProfile>| {
        Arc::ptr_eq(a, b)
            || (a.skills == b.skills
                && a.industries == b.industries
                && a.tracks == b.tracks
                && a.languages == b.languages)
    };
    let facets = match &reuse {
        Some(r)
            if r.previous.mentors.len() == loaded.mentors.len()
                && r.previous
                    .mentors
                    .iter()
                    .zip(&loaded.mentors)
                    .all(|(a, b)| same_facets(a, b)) =>
        {
            Arc::clone(&r.previous.facets)
        }
        // Built from the last facets: only the profiles that changed are read.
        _ => Arc::new(Facets::build_after(
            &loaded.mentors,
            &config,
            reuse
                .as_ref()
                .map(|r| (r.previous.mentors.as_slice(), &*r.previous.facets)),
        )),
    };
    // The file is read again when the data changed; its rows are checked
    // again against the profiles when a slug or a capacity changed.
    let same_data = reuse.as_ref().filter(|r| !r.data_changed(root));
    let pairs_file = match same_data {
        Some(r) => Arc::clone(&r.previous.pairs_file),
        None => Arc::new(read_pairs(root, &config)),
    };
    // The check's answer depends on the profiles only through the
    // mentors the rows name: it stands when none of them came, went or
    // changed capacity. A live site had no mentor problems (they are
    // errors), so no row's hint depends on the other slugs.
    let (pairs_kept, pair_problems) = match same_data.filter(|r| {
        mentors_changed(&r.previous.mentors, &loaded.mentors)
            .iter()
            .all(|slug| !pairs_file.mentions(slug))
    }) {
        Some(r) => (
            r.previous.pairs_kept.clone(),
            pairs_file.problems().to_vec(),
        ),
        None => {
            let capacities: HashMap<&str, u32> = loaded
                .mentors
                .iter()
                .map(|m| (m.slug.as_str(), m.capacity))
                .collect();
            pairs_file.check(&capacities)
        }
    };
    diagnostics.extend(pair_problems);
    let pairs = match &reuse {
        Some(r)
            if Arc::ptr_eq(&r.previous.pairs_file, &pairs_file)
                && r.previous.pairs_kept == pairs_kept =>
        {
            Arc::clone(&r.previous.pairs)
        }
        _ => Arc::new(pairs_file.pairs(&pairs_kept)),
    };
    let active_pairs = match &reuse {
        // The same pairs: every mentor they name was a profile before, so
        // each profile's count is its slug's count before (or none).
        Some(r) if Arc::ptr_eq(&r.previous.pairs, &pairs) => {
            let previous = r.previous;
            if previous.mentors.len() == loaded.mentors.len()
                && previous
                    .mentors
                    .iter()
                    .zip(&loaded.mentors)
                    .all(|(a, b)| a.slug == b.slug)
            {
                previous.active_pairs.clone()
            } else {
                let before: rustc_hash::FxHashMap<&str, u32> = previous
                    .mentors
                    .iter()
                    .zip(&previous.active_pairs)
                    .filter(|(_, &n)| n > 0)
                    .map(|(m, &n)| (m.slug.as_str(), n))
                    .collect();
                loaded
                    .mentors
                    .iter()
                    .map(|m| before.get(m.slug.as_str()).copied().unwrap_or(0))
                    .collect()
            }
        }
        _ => {
            let active = pairs::open_spots(&pairs);
            loaded
                .mentors
                .iter()
                .map(|m| active.get(m.slug.as_str()).copied().unwrap_or(0))
                .collect()
        }
    };
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
    // The surveys and check-ins read nothing of the content: when the data
    // and the pairs are as they were, they are kept, with their warnings.
    let kept = same_data.map(|r| r.previous).filter(|previous| {
        (Arc::ptr_eq(&previous.pairs, &pairs) || previous.pairs == pairs)
            && previous.secret == secret
    });
    let (surveys, checkins, data_warnings) = match kept {
        Some(previous) => (
            Arc::clone(&previous.surveys),
            Arc::clone(&previous.checkins),
            previous.data_warnings.clone(),
        ),
        None => {
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
            let (surveys, mut problems) =
                surveys::load(root, &config, options.list_ignored_columns, &program);
            let (checkins, checkin_problems) = impact::checkins::load(
                root,
                &config.impact.checkin_form,
                &surveys.forms,
                &pairs,
                secret.as_deref(),
            );
            problems.extend(checkin_problems);
            (Arc::new(surveys), Arc::new(checkins), problems)
        }
    };
    diagnostics.extend(data_warnings.iter().cloned());

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
        pairs_file,
        pairs_kept,
        secret,
        agreement,
        surveys,
        checkins,
        applications: Arc::default(),
        data_warnings,
        link_targets: loaded.link_targets,
        intake_available,
    };
    site.applications = match kept {
        Some(previous) => Arc::clone(&previous.applications),
        None => Arc::new(impact::participation::applications(&site)),
    };
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

/// The slugs of the mentors who came, went or changed capacity between
/// two loads of the profiles. Unchanged profiles are the same allocation in
/// both, so only the others are compared.
fn mentors_changed<'a>(
    before: &'a [Arc<MentorProfile>],
    now: &'a [Arc<MentorProfile>],
) -> Vec<&'a str> {
    let place = |m: &'a Arc<MentorProfile>| (m.slug.as_str(), m.capacity);
    if before.len() == now.len()
        && before
            .iter()
            .zip(now)
            .all(|(a, b)| Arc::ptr_eq(a, b) || place(a) == place(b))
    {
        return Vec::new();
    }
    let shared = |a: &'a [Arc<MentorProfile>]| -> rustc_hash::FxHashSet<*const MentorProfile> {
        a.iter().map(Arc::as_ptr).collect()
    };
    let (old, new) = (shared(before), shared(now));
    let gone: rustc_hash::FxHashSet<(&str, u32)> = before
        .iter()
        .filter(|m| !new.contains(&Arc::as_ptr(m)))
        .map(place)
        .collect();
    let came: rustc_hash::FxHashSet<(&str, u32)> = now
        .iter()
        .filter(|m| !old.contains(&Arc::as_ptr(m)))
        .map(place)
        .collect();
    gone.symmetric_difference(&came)
        .map(|&(slug, _)| slug)
        .collect()
}

/// Reads `data/pairs.csv`, when there is one.
fn read_pairs(root: &Path, config: &Config) -> PairsFile {
    let path = root.join("data/pairs.csv");
    if !path.is_file() {
        return PairsFile::default();
    }
    let tracks: Vec<&str> = config.track_ids().collect();
    match read_bytes(&path) {
        Ok(bytes) => PairsFile::read(&path, bytes, &tracks),
        Err(d) => PairsFile::unreadable(d),
    }
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
