//! Rendering again after an edit: only the pages whose inputs changed.
//!
//! Every page a template draws (a [`Job`]) gets a fingerprint of what it
//! shows, made from the fingerprints that loading gave each profile and
//! page, the mentors' places in their lists and the site-wide view that
//! every page carries ([`fingerprint`] is the one place that says what each
//! page shows). The preview keeps the fingerprints of its last render in a
//! [`Rendering`] and draws a page again only when its fingerprint differs:
//! renaming a mentor redraws their profile, the directory and facet pages
//! that list them and the pages whose order moved, not the ten thousand
//! others. Survey results, agreements, the sitemap and feed, the filter
//! index and copied files are made again only when what they come from
//! changed, and the search index is updated for the pages that changed.
//!
//! The files that come out are the ones a full render would make for these
//! pages, byte for byte; `tests/cli/serve.rs` compares the preview's output
//! with a fresh build after each kind of edit.

use super::owners::{self, Owner};
use super::{
    base_context, directory, draw_again, draw_job, jobs, links, site_files, static_files, Job,
    OutputFile, Templates, Urls,
};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::forms::surveys::Surveys;
use crate::impact::CheckIn;
use crate::pairs::Pair;
use crate::site::Site;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

/// What the last render drew, kept to compare the next one with.
#[derive(Default)]
pub struct Rendering {
    /// Each page drawn by a template, by output path.
    pages: rustc_hash::FxHashMap<String, Page>,
    /// Each mentor's card and row of the filter index, by slug.
    mentors: rustc_hash::FxHashMap<String, Drawn>,
    /// What the results and impact pages were drawn from, and their paths.
    results: Option<(Data, Vec<(String, Owner)>)>,
    /// What the agreement pages were drawn from, and their paths.
    agreements: Option<(Data, Vec<(String, Owner)>)>,
    /// The copied files: who placed each, and the file it is copied from.
    copied: HashMap<String, (String, Option<std::path::PathBuf>)>,
    /// The ids of the pages that `#fragment` links point into.
    ids: HashMap<String, Vec<String>>,
    /// The search index, updated for the pages that changed, and its
    /// paths.
    search: crate::search::LiveIndex,
    search_paths: Vec<String>,
    /// The feed, redirects and the like: what they were made from, and
    /// their paths.
    listing: Option<(u64, Vec<(String, Owner)>)>,
    /// The sitemap: the same.
    sitemap: Option<(u64, Vec<(String, Owner)>)>,
    /// The directory's filter index: the same.
    filter: Option<(u64, Vec<(String, Owner)>)>,
    /// Every output path, and their [`sum_of`].
    path_set: Arc<PathSet>,
    path_sum: u64,
}

/// A page drawn by a template: the fingerprint of what it shows and, for a
/// page made of pieces (cards, guides' bodies), its frame with the
/// fingerprint of what the frame shows (all but the pieces). A page whose
/// pieces changed but whose frame did not is drawn again into its frame,
/// without its template.
struct Page {
    key: u64,
    frame: Option<Frame>,
}

/// A page's frame (see [`super::splice`]) and the fingerprint of what it
/// shows.
type Frame = (u64, Arc<str>);

/// What the list pages and the filter index are made of, for one mentor:
/// each piece with the fingerprint of what it shows.
#[derive(Clone)]
struct Drawn {
    card: (u64, directory::Card),
    row: (u64, Arc<[u8]>),
}

impl Rendering {
    /// Nothing was rendered yet: the next render draws everything.
    pub fn is_fresh(&self) -> bool {
        self.path_set.is_empty()
    }
}

/// The output paths of a render.
pub type PathSet = rustc_hash::FxHashSet<String>;

/// A number for a name (an output path, a slug), summed over a set of
/// names to tell whether another has the same ones, in any order, without
/// comparing each (see [`sum_of`]).
fn name_hash(name: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(name.as_bytes())
}

/// The sum of the [`name_hash`]es of `names`: the same for the same names
/// in any order. Other names with the same count and sum would take
/// 64-bit hashes that cancel out.
fn sum_of<'a>(names: impl Iterator<Item = &'a str>) -> u64 {
    names.fold(0u64, |sum, name| sum.wrapping_add(name_hash(name)))
}

/// The inputs of the pages drawn from the program's data. The model's
/// parts are shared, not copied, so an unchanged part is the same
/// allocation: held here, its address cannot be reused by another.
struct Data {
    surveys: Arc<Surveys>,
    pairs: Arc<Vec<Pair>>,
    checkins: Arc<Vec<CheckIn>>,
    applications: Arc<Vec<crate::impact::participation::Application>>,
    /// For agreements, the `@/` targets their template's links resolve to.
    targets: Option<Arc<HashMap<String, String>>>,
    /// The site-wide view, and for agreements the mentors and the
    /// agreement template.
    rest: u64,
}

impl Data {
    fn same(&self, other: &Data) -> bool {
        Arc::ptr_eq(&self.surveys, &other.surveys)
            && Arc::ptr_eq(&self.pairs, &other.pairs)
            && Arc::ptr_eq(&self.checkins, &other.checkins)
            && Arc::ptr_eq(&self.applications, &other.applications)
            && match (&self.targets, &other.targets) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                (a, b) => a.is_none() && b.is_none(),
            }
            && self.rest == other.rest
    }
}

/// What a render after an edit produced.
#[derive(Debug, Default)]
pub struct Rerendered {
    /// The files drawn again; a file whose bytes did not change may be
    /// among them (the writer compares).
    pub files: Vec<OutputFile>,
    /// Every path of the site's output now: what is not here is stale.
    pub paths: Arc<PathSet>,
    /// Whether `paths` differ from the last render's.
    pub paths_changed: bool,
    /// HTML pages drawn again.
    pub pages: usize,
    pub diagnostics: Vec<Diagnostic>,
}

impl Rerendered {
    /// Takes drawn `files` into the output, and returns their paths.
    fn take(
        &mut self,
        files: Vec<(OutputFile, Owner)>,
        anchors: &links::Anchors,
    ) -> Vec<(String, Owner)> {
        let mut paths = Vec::with_capacity(files.len());
        for (file, owner) in files {
            self.pages += usize::from(file.is_html());
            paths.push((file.path.clone(), owner));
            anchors.note(&file);
            self.files.push(file);
        }
        paths
    }
}

/// A number for `value`, the same for equal values within one process: what
/// the preview's fingerprints and keys are made of.
pub(crate) fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// The fingerprints one render compares: computed once per render, from
/// the model alone.
struct Keys {
    /// The view every page carries (`site`: title, navigation, tracks…) and
    /// the templates.
    global: u64,
    /// What a list of each handbook page shows of it (title, address,
    /// description, dates, weight), by page.
    listed: Vec<u64>,
    /// What each section lists: its pages and its subsections, as listed,
    /// and whether each subsection has entries. A page's sidebar,
    /// breadcrumbs and section summary show the sections on its way.
    sections: Vec<u64>,
    /// Each mentor's card, in the order of `site.mentors`.
    cards: Vec<u64>,
    /// Every facet value with its count, for the first directory page.
    facets: u64,
}

impl Keys {
    fn new(site: &Site, templates: &Templates, urls: &Urls) -> Keys {
        let view = serde_json::to_vec(&super::views::SiteView::new(site, urls)).unwrap_or_default();
        let global = hash_of(&(
            view,
            templates.fingerprint(),
            site.config.directory.page_size,
            directory::apply_url(site, "", urls),
        ));
        let c = &site.content;
        let listed: Vec<u64> = c
            .pages
            .iter()
            .map(|page| {
                hash_of(&(
                    &page.rel,
                    &page.url,
                    &page.title,
                    &page.description,
                    page.weight,
                    &page.date,
                    &page.updated,
                    page.draft,
                    page.is_section,
                ))
            })
            .collect();
        let sections = c
            .sections
            .iter()
            .map(|section| {
                let mut h = DefaultHasher::new();
                for &p in &section.pages {
                    listed[p].hash(&mut h);
                }
                for &sub in &section.subsections {
                    let inner = &c.sections[sub];
                    (
                        listed[inner.page],
                        inner.pages.is_empty() && inner.subsections.is_empty(),
                    )
                        .hash(&mut h);
                }
                h.finish()
            })
            .collect();
        // Each facet value as a card shows it (its page and label).
        let values: Vec<Vec<u64>> = site
            .facets
            .facets
            .iter()
            .map(|facet| {
                facet
                    .values
                    .iter()
                    .map(|v| hash_of(&(&v.slug, &v.label)))
                    .collect()
            })
            .collect();
        let cards = (0..site.mentors.len())
            .into_par_iter()
            .map(|i| card(site, &values, i))
            .collect();
        let facets = {
            let mut h = DefaultHasher::new();
            for facet in &site.facets.facets {
                for v in &facet.values {
                    (&v.slug, &v.label, v.mentors.len()).hash(&mut h);
                }
            }
            h.finish()
        };
        Keys {
            global,
            listed,
            sections,
            cards,
            facets,
        }
    }
}

/// What mentor `i`'s card and profile show: the file, the processed
/// photo, the open spots and the facet values as the site spells them
/// (`values`: each value's key, by facet).
fn card(site: &Site, values: &[Vec<u64>], i: usize) -> u64 {
    let m = &site.mentors[i];
    let mut h = DefaultHasher::new();
    (m.fingerprint, m.shown, site.open_spots(i)).hash(&mut h);
    for (facet, keys) in site.facets.facets.iter().zip(values) {
        for &v in facet.indexes_of(i) {
            keys[v].hash(&mut h);
        }
    }
    h.finish()
}

/// What a handbook page shows of the pages around it: the sections from
/// the home page down to its section `s` (its sidebar, breadcrumbs and
/// section summary), and its previous and next pages.
fn on_the_way(site: &Site, keys: &Keys, s: usize, p: usize, h: &mut DefaultHasher) {
    let c = &site.content;
    for a in c.ancestors(s) {
        keys.sections[a].hash(h);
    }
    keys.listed[c.sections[s].page].hash(h);
    (
        c.prev[p].map(|q| keys.listed[q]),
        c.next[p].map(|q| keys.listed[q]),
    )
        .hash(h);
}

/// What page `job` shows, as one number; for a page made of pieces also
/// what its frame shows (all but the pieces), which the page's number
/// includes.
fn fingerprint(site: &Site, keys: &Keys, job: Job) -> (u64, Option<u64>) {
    let c = &site.content;
    let page = |p: usize| -> u64 { c.pages[p].fingerprint };
    let size = site.config.directory.page_size;
    let mut h = DefaultHasher::new();
    // The kind of page, not its index: a mentor or guide whose index moved
    // (a rename, an insertion) shows the same page.
    (keys.global, std::mem::discriminant(&job)).hash(&mut h);
    match job {
        // The home page lists the top-level sections with their pages.
        Job::Home => {
            let root = c.root();
            keys.sections[root].hash(&mut h);
            for &top in &c.sections[root].subsections {
                keys.sections[top].hash(&mut h);
            }
            (page(c.sections[root].page), site.mentors.len()).hash(&mut h);
        }
        Job::Section(s) => {
            let p = c.sections[s].page;
            on_the_way(site, keys, s, p, &mut h);
            for &sub in &c.sections[s].subsections {
                keys.sections[sub].hash(&mut h);
            }
            page(p).hash(&mut h);
        }
        Job::Guide(p) => {
            on_the_way(site, keys, c.section_of[p], p, &mut h);
            page(p).hash(&mut h);
        }
        // Everything in the section, as listed and as written.
        Job::Print(s) => {
            let key = &c.sections[s].key;
            let inside = |p: &usize| {
                let folder = &c.pages[*p].folder;
                folder == key || folder.starts_with(&format!("{key}/"))
            };
            let inside: Vec<usize> = (0..c.pages.len()).filter(inside).collect();
            for &p in &inside {
                keys.listed[p].hash(&mut h);
            }
            keys.listed[c.sections[s].page].hash(&mut h);
            // The bodies are spliced into the frame.
            let frame = h.finish();
            for &p in &inside {
                page(p).hash(&mut h);
            }
            return (h.finish(), Some(frame));
        }
        Job::Directory(n) => {
            (n, directory::page_count(site)).hash(&mut h);
            let end = ((n + 1) * size).min(site.mentors.len());
            let cards = &keys.cards[(n * size).min(end)..end];
            cards.len().hash(&mut h);
            // The counts are on the first page alone.
            if n == 0 {
                (site.mentors.len(), keys.facets).hash(&mut h);
            }
            let frame = h.finish();
            cards.hash(&mut h);
            return (h.finish(), Some(frame));
        }
        Job::Profile(i) => keys.cards[i].hash(&mut h),
        Job::FacetIndex(f) => {
            for v in &site.facets.facets[f].values {
                (&v.slug, &v.label, v.mentors.len()).hash(&mut h);
            }
        }
        Job::FacetValue(f, v, n) => {
            let value = &site.facets.facets[f].values[v];
            (&value.slug, &value.label, n).hash(&mut h);
            // The count is said on the first page; the others show where
            // they are among the pages.
            if n == 0 {
                value.mentors.len().hash(&mut h);
            } else {
                directory::pages_for(site, value.mentors.len()).hash(&mut h);
            }
            let on_page = value.mentors.iter().skip(n * size).take(size);
            on_page.len().hash(&mut h);
            let frame = h.finish();
            for &i in on_page {
                keys.cards[i].hash(&mut h);
            }
            return (h.finish(), Some(frame));
        }
        Job::NotFound | Job::Search => {}
    }
    (h.finish(), None)
}

/// Where page `job` is written, without drawing it.
fn job_path(site: &Site, job: Job) -> String {
    let c = &site.content;
    let url = match job {
        Job::Home => "/".to_string(),
        Job::Section(s) => c.pages[c.sections[s].page].url.clone(),
        Job::Guide(p) => c.pages[p].url.clone(),
        Job::Print(s) => format!("{}print/", c.pages[c.sections[s].page].url),
        Job::Directory(n) => directory::directory_url(n),
        Job::Profile(i) => site.mentors[i].url.clone(),
        Job::FacetIndex(f) => format!("/mentors/{}/", site.facets.facets[f].kind.name()),
        Job::FacetValue(f, v, n) => {
            let facet = &site.facets.facets[f];
            directory::paged_url(&facet.value_url(&facet.values[v]), n)
        }
        Job::NotFound => return "404.html".to_string(),
        Job::Search => "/search/".to_string(),
    };
    super::index_path(&url)
}

/// Renders what changed since `previous` (a default `Rendering` for
/// everything), all but the search index ([`index_again`] follows). On
/// success `previous` becomes the state of this render, to compare the
/// next one with; on errors nothing is written, so it is left as it was.
pub fn render_again(
    site: &Site,
    templates: &Templates,
    previous: &mut Rendering,
    changed: &HashSet<std::path::PathBuf>,
) -> Rerendered {
    let (out, mut next) = draw(site, templates, previous, changed);
    if !out.diagnostics.has_errors() {
        next.search = std::mem::take(&mut previous.search);
        next.search_paths = std::mem::take(&mut previous.search_paths);
        *previous = next;
    }
    out
}

/// What the search index changed after a render.
#[derive(Debug, Default)]
pub struct Reindexed {
    /// Its files that are new or whose bytes changed.
    pub files: Vec<OutputFile>,
    /// Its files that are gone.
    pub gone: Vec<String>,
}

/// Updates the search index of `rendering` for `site`. The preview writes
/// the pages first and the index after, so a reload does not wait for it:
/// the index depends on the model alone, and keeps names nothing else may
/// write ([`crate::search::reserves`]), so [`render_again`] checks the
/// pages against the index's last paths and they stand. Before a first
/// render, call it first: the render then lists the index's paths.
pub fn index_again(site: &Site, rendering: &mut Rendering) -> Reindexed {
    let index = rendering.search.update(site, &Urls::new(site));
    let mut out = Reindexed {
        files: index.changed,
        gone: Vec::new(),
    };
    if index.paths == rendering.search_paths {
        return out;
    }
    let now: rustc_hash::FxHashSet<&str> = index.paths.iter().map(String::as_str).collect();
    out.gone = rendering
        .search_paths
        .iter()
        .filter(|p| !now.contains(p.as_str()))
        .cloned()
        .collect();
    let before = std::mem::replace(&mut rendering.search_paths, index.paths);
    if !rendering.is_fresh() {
        // No other source has these names, so the set changes by them alone.
        let set = Arc::make_mut(&mut rendering.path_set);
        let sum = &mut rendering.path_sum;
        for p in &before {
            if set.remove(p) {
                *sum = sum.wrapping_sub(name_hash(p));
            }
        }
        for p in &rendering.search_paths {
            if set.insert(p.clone()) {
                *sum = sum.wrapping_add(name_hash(p));
            }
        }
    }
    out
}

fn draw(
    site: &Site,
    templates: &Templates,
    previous: &Rendering,
    changed: &HashSet<std::path::PathBuf>,
) -> (Rerendered, Rendering) {
    let urls = Urls::new(site);
    let base = base_context(site, &urls);
    let keys = Keys::new(site, templates, &urls);
    let mut out = Rerendered::default();
    let mut next = Rendering::default();

    // Cards first: the list pages are made of them. Each mentor's row of
    // the filter index beside it: what the row shows (not the biography,
    // but each value's place in its facet).
    let mentors: Result<Vec<Drawn>, Diagnostic> = (0..site.mentors.len())
        .into_par_iter()
        .map(|i| {
            let before = previous.mentors.get(&site.mentors[i].slug);
            let card = match before {
                Some(d) if d.card.0 == keys.cards[i] => Arc::clone(&d.card.1),
                _ => directory::render_card(site, templates, &urls, &base, i)?,
            };
            let mut h = DefaultHasher::new();
            (keys.global, site.mentors[i].shown, site.open_spots(i)).hash(&mut h);
            for facet in &site.facets.facets {
                facet.indexes_of(i).hash(&mut h);
            }
            let row_key = h.finish();
            let row = match before {
                Some(d) if d.row.0 == row_key => Arc::clone(&d.row.1),
                _ => Arc::from(directory::filter_row(site, &urls, i)),
            };
            Ok(Drawn {
                card: (keys.cards[i], card),
                row: (row_key, row),
            })
        })
        .collect();
    let mentors = match mentors {
        Ok(mentors) => mentors,
        Err(d) => {
            out.diagnostics.push(d.relative_to(&site.root));
            return (out, next);
        }
    };
    let cards: Vec<directory::Card> = mentors.iter().map(|d| Arc::clone(&d.card.1)).collect();

    let anchors = links::Anchors::wanted_by(site);
    let jobs = jobs(site);
    // The pages are drawn while the lists of the site, the copied files and
    // the mentors' map are made beside them, from the model alone.
    let side = || {
        rayon::join(
            || lists_again(site, &urls, &keys, previous, &mentors),
            || {
                let kept: rustc_hash::FxHashMap<String, Drawn> = site
                    .mentors
                    .iter()
                    .zip(&mentors)
                    .map(|(m, d)| (m.slug.clone(), d.clone()))
                    .collect();
                (static_files(site), kept)
            },
        )
    };
    let pages = || {
        let planned: Vec<(Job, String, (u64, Option<u64>))> = jobs
            .par_iter()
            .map(|&job| (job, job_path(site, job), fingerprint(site, &keys, job)))
            .collect();
        // Each page drawn again (`None` where the last one stands), with
        // the frame it keeps.
        type Redrawn = (Option<OutputFile>, Option<Frame>);
        let drawn: Vec<Result<Redrawn, Diagnostic>> = planned
            .par_iter()
            .map(|&(job, ref path, (key, frame_key))| {
                let before = previous.pages.get(path);
                let last_frame = before.and_then(|p| p.frame.as_ref());
                // It stands unless what it shows changed, or a link now wants
                // the ids it was not looked through for.
                let ids_known = !anchors.wants(path) || previous.ids.contains_key(path);
                if before.is_some_and(|p| p.key == key) && ids_known {
                    return Ok((None, last_frame.cloned()));
                }
                // Only its pieces changed: into the frame it had.
                if let Some((k, frame)) = last_frame.filter(|(k, _)| frame_key == Some(*k)) {
                    if let Some(file) = draw_again(site, &cards, job, frame) {
                        return Ok((Some(file), Some((*k, Arc::clone(frame)))));
                    }
                }
                let (file, frame) = draw_job(site, templates, &urls, &base, &cards, job)?;
                Ok((Some(file), frame_key.zip(frame.map(Arc::from))))
            })
            .collect();
        (planned, drawn)
    };
    let ((planned, drawn), (lists, (statics, kept_mentors))) = rayon::join(pages, side);
    let mut owned: Vec<(String, Owner)> = Vec::with_capacity(planned.len() + 64);
    for ((job, path, (key, _)), drawn) in planned.into_iter().zip(drawn) {
        let frame = match drawn {
            Ok((file, frame)) => {
                if let Some(file) = file {
                    anchors.note(&file);
                    out.pages += 1;
                    out.files.push(file);
                }
                frame
            }
            Err(d) => {
                out.diagnostics.push(d.relative_to(&site.root));
                None
            }
        };
        next.pages.insert(path.clone(), Page { key, frame });
        owned.push((path, Owner::Job(job)));
    }
    anchors.keep(&previous.ids);

    // Results and impact come from the data; agreements also show the
    // mentors and the agreement template.
    let data = |rest: u64, targets: Option<&Arc<HashMap<String, String>>>| Data {
        surveys: Arc::clone(&site.surveys),
        pairs: Arc::clone(&site.pairs),
        checkins: Arc::clone(&site.checkins),
        applications: Arc::clone(&site.applications),
        targets: targets.cloned(),
        rest,
    };
    let results = data(keys.global, None);
    next.results = Some(match &previous.results {
        Some((before, paths)) if before.same(&results) => (results, paths.clone()),
        _ => {
            let (files, diagnostics) = super::render_results(site, templates, &urls, &base);
            out.diagnostics.extend(diagnostics);
            (results, out.take(files, &anchors))
        }
    });
    let agreements = data(
        hash_of(&(
            keys.global,
            &keys.cards,
            site.agreement.as_ref().map(|a| &a.source),
            &site.secret,
        )),
        Some(&site.link_targets),
    );
    next.agreements = Some(match &previous.agreements {
        Some((before, paths)) if before.same(&agreements) => (agreements, paths.clone()),
        _ => {
            // The preview's agreement links point at the preview: its
            // list is not written.
            let (files, diagnostics, _) = super::render_agreements(site, templates, &urls, &base);
            out.diagnostics.extend(diagnostics);
            (agreements, out.take(files, &anchors))
        }
    });
    for (_, paths) in next.results.iter().chain(&next.agreements) {
        owned.extend(paths.iter().cloned());
    }

    let mut kept = |before: &Made, key: u64, made: Option<Vec<(OutputFile, Owner)>>| {
        let paths = match made {
            Some(files) => out.take(files, &anchors),
            None => before
                .as_ref()
                .map(|(_, paths)| paths.clone())
                .unwrap_or_default(),
        };
        Some((key, paths))
    };
    next.listing = kept(&previous.listing, lists.listing.0, lists.listing.1);
    next.sitemap = kept(&previous.sitemap, lists.sitemap.0, lists.sitemap.1);
    next.filter = kept(&previous.filter, lists.filter.0, lists.filter.1);
    for (_, paths) in next.listing.iter().chain(&next.sitemap).chain(&next.filter) {
        owned.extend(paths.iter().cloned());
    }
    // Copied files: only those that are new, come from elsewhere or changed.
    for (file, owner) in statics {
        let source = match &file.contents {
            super::Contents::Copy(crate::theme::StaticContents::File(source)) => {
                Some(source.clone())
            }
            _ => None,
        };
        let from = (format!("{owner:?}"), source);
        let same = previous.copied.get(&file.path) == Some(&from)
            && !from
                .1
                .as_ref()
                .is_some_and(|source| changed.contains(source));
        next.copied.insert(file.path.clone(), from);
        owned.push((file.path.clone(), owner));
        if !same {
            out.files.push(file);
        }
    }
    // The search index's paths as last updated (see `index_again`).
    owned.extend(
        previous
            .search_paths
            .iter()
            .map(|p| (p.clone(), Owner::SearchIndex)),
    );

    // The same paths as the last render, in any order (a move reorders
    // the profiles), and the last render had no two sources for one: the
    // check and the set stand.
    next.path_sum = sum_of(owned.iter().map(|(p, _)| p.as_str()));
    let same_paths = owned.len() == previous.path_set.len() && next.path_sum == previous.path_sum;
    if same_paths {
        next.path_set = Arc::clone(&previous.path_set);
    } else {
        let set: PathSet = owned.iter().map(|(p, _)| p.clone()).collect();
        // Each path from one source, and none the last render did not
        // have (a profile gone, a mentor moved): nothing can collide.
        let within = set.len() == owned.len() && set.iter().all(|p| previous.path_set.contains(p));
        if !within {
            out.diagnostics.extend(
                owners::duplicates(site, owned.iter().map(|(p, o)| (p.as_str(), o)))
                    .into_iter()
                    .map(|d| d.relative_to(&site.root)),
            );
        }
        next.path_set = Arc::new(set);
    }
    next.ids = anchors.known();
    out.diagnostics
        .extend(links::check(site, &*next.path_set, anchors));
    out.paths = Arc::clone(&next.path_set);
    out.paths_changed = !same_paths;
    next.mentors = kept_mentors;
    (out, next)
}

/// What a list of the site was made from, and its paths.
type Made = Option<(u64, Vec<(String, Owner)>)>;

/// Each list of the site: its key and, when the key changed since
/// `previous`, its files.
struct Lists {
    listing: (u64, Option<Vec<(OutputFile, Owner)>>),
    sitemap: (u64, Option<Vec<(OutputFile, Owner)>>),
    filter: (u64, Option<Vec<(OutputFile, Owner)>>),
}

/// The feed, the sitemap and the filter index, each made again only when
/// what it shows changed.
fn lists_again(
    site: &Site,
    urls: &Urls,
    keys: &Keys,
    previous: &Rendering,
    mentors: &[Drawn],
) -> Lists {
    // The feed lists the pages as a list shows them; the sitemap, the
    // addresses and dates of every page; the filter index shows what a
    // card shows but the biography. Each is made again when that changed.
    let listing = {
        let mut h = DefaultHasher::new();
        (keys.global, &keys.listed, Arc::as_ptr(&site.surveys)).hash(&mut h);
        for p in &site.content.pages {
            p.aliases.hash(&mut h);
        }
        h.finish()
    };
    let sitemap = {
        let mut h = DefaultHasher::new();
        (keys.global, Arc::as_ptr(&site.surveys)).hash(&mut h);
        for p in &site.content.pages {
            (&p.url, &p.updated, &p.date).hash(&mut h);
        }
        // The facet pages it lists, not their counts.
        for facet in &site.facets.facets {
            for v in &facet.values {
                v.slug.hash(&mut h);
            }
        }
        // The mentors it lists, in any order: the sitemap is sorted by
        // address, so a rename that moves a mentor leaves it as it was.
        let mentors = sum_of(site.mentors.iter().map(|m| m.slug.as_str()));
        (site.mentors.len(), mentors).hash(&mut h);
        h.finish()
    };
    let filtered = {
        let mut h = DefaultHasher::new();
        (keys.global, keys.facets).hash(&mut h);
        for d in mentors {
            d.row.0.hash(&mut h);
        }
        h.finish()
    };
    // Each is made again only when what it shows changed; they are
    // independent.
    let stale = |before: &Made, key: u64| before.as_ref().is_none_or(|(k, _)| *k != key);
    let ((listing_files, sitemap_files), filter_files) = rayon::join(
        || {
            rayon::join(
                || stale(&previous.listing, listing).then(|| site_files::feed_files(site, urls)),
                || {
                    stale(&previous.sitemap, sitemap)
                        .then(|| vec![site_files::sitemap_file(site, urls)])
                },
            )
        },
        || {
            stale(&previous.filter, filtered).then(|| {
                let rows: Vec<&[u8]> = mentors.iter().map(|d| &*d.row.1).collect();
                site_files::filter_index(site, &rows).into_iter().collect()
            })
        },
    );
    Lists {
        listing: (listing, listing_files),
        sitemap: (sitemap, sitemap_files),
        filter: (filtered, filter_files),
    }
}
