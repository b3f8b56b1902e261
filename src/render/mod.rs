//! Render: a pure function from the loaded `Site` and compiled templates to
//! the list of files to write. Nothing here touches the output folder, so
//! tests can assert on what a build would write without a disk.
//!
//! Pages are independent once the model is loaded, so they render in
//! parallel; each page's template context is built from small borrowed
//! views (`views.rs`).

mod agreements;
mod breakdowns;
mod directory;
pub mod form_page;
mod handbook;
mod held_values;
mod impact;
mod incremental;
mod links;
mod owners;
pub mod results;
pub mod site_files;
mod splice;
pub mod templates;
#[cfg(test)]
mod tests;
pub mod views;

pub use agreements::AgreementLink;
pub(crate) use incremental::hash_of;
pub use incremental::{index_again, render_again, Rendering};
pub use templates::Templates;

use crate::diagnostic::Diagnostic;
use crate::site::Site;
use crate::theme::StaticContents;
use owners::Owner;
use rayon::prelude::*;
use views::SiteView;

/// One file of the output, its path relative to the output folder.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// `/`-separated: `handbook/goals/index.html`.
    pub path: String,
    pub contents: Contents,
}

#[derive(Debug, Clone)]
pub enum Contents {
    Bytes(Vec<u8>),
    /// Copied from a static or asset file, read only when written.
    Copy(StaticContents),
}

impl OutputFile {
    pub fn html(url: &str, html: String) -> OutputFile {
        OutputFile {
            path: index_path(url),
            contents: Contents::Bytes(html.into_bytes()),
        }
    }

    pub fn bytes(path: impl Into<String>, bytes: Vec<u8>) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: Contents::Bytes(bytes),
        }
    }

    pub fn is_html(&self) -> bool {
        self.path.ends_with(".html")
    }
}

/// `/handbook/goals/` → `handbook/goals/index.html`.
pub fn index_path(url: &str) -> String {
    let trimmed = url.trim_matches('/');
    if trimmed.is_empty() {
        "index.html".into()
    } else {
        format!("{trimmed}/index.html")
    }
}

/// Turns site URLs (`/handbook/`) into links and permalinks for this build.
#[derive(Debug, Clone)]
pub struct Urls {
    base_path: String,
    base_url: String,
}

impl Urls {
    pub fn new(site: &Site) -> Urls {
        Urls {
            base_path: site.config.base_path().to_string(),
            base_url: site.config.base_url.clone(),
        }
    }

    /// A root-relative link that works under the base path.
    pub fn link(&self, url: &str) -> String {
        format!("{}{url}", self.base_path)
    }

    /// An asset link: absolute URLs stay as they are.
    pub fn asset(&self, url: &str) -> String {
        if url.contains("://") {
            url.to_string()
        } else {
            self.link(url)
        }
    }

    pub fn permalink(&self, url: &str) -> String {
        if self.base_url.contains("://") {
            format!("{}{url}", self.base_url)
        } else {
            self.link(url)
        }
    }
}

/// What a build renders, and what went wrong doing it.
#[derive(Debug, Default)]
pub struct Rendered {
    pub files: Vec<OutputFile>,
    /// HTML pages among `files`.
    pub pages: usize,
    /// Agreement links for the coordinator: written beside the output,
    /// never into it.
    pub agreements: Vec<AgreementLink>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Everything a streamed render found except the files themselves, which
/// went to the caller's sink one by one.
#[derive(Debug, Default)]
pub struct RenderReport {
    /// Files handed to the sink.
    pub files: usize,
    /// HTML pages (and the results' data files) among them.
    pub pages: usize,
    pub agreements: Vec<AgreementLink>,
    pub diagnostics: Vec<Diagnostic>,
}

/// One page to render with a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    Home,
    Section(usize),
    /// The whole of a top-level section on one page, for printing.
    Print(usize),
    Guide(usize),
    Directory(usize),
    Profile(usize),
    FacetIndex(usize),
    /// Facet, value, and page of that value's list.
    FacetValue(usize, usize, usize),
    NotFound,
    /// The full search page, `/search/`, when the theme has `search.html`.
    Search,
}

/// Pages rendered one by one, split into files and problems; one template
/// mistake fails every page that uses it, so each problem is said once.
fn gather(outputs: Vec<Result<OutputFile, Diagnostic>>) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    for output in outputs {
        match output {
            Ok(f) => files.push(f),
            Err(d) if !diagnostics.contains(&d) => diagnostics.push(d),
            Err(_) => {}
        }
    }
    (files, diagnostics)
}

/// The context every template starts from.
fn base_context(site: &Site, urls: &Urls) -> tera::Context {
    let mut base = tera::Context::new();
    base.insert("site", &SiteView::new(site, urls));
    base
}

/// The form pages' contexts without answers, by form id: what the intake
/// keeps to show a form again with its errors.
pub fn form_contexts(site: &Site) -> Vec<(String, tera::Context)> {
    let urls = Urls::new(site);
    let base = base_context(site, &urls);
    site.surveys
        .forms
        .iter()
        .filter(|f| f.publish)
        .map(|f| {
            (
                f.id.clone(),
                form_page::context(site, &urls, base.clone(), f),
            )
        })
        .collect()
}

/// Renders every page and file of `site` into memory, in path order.
pub fn render(site: &Site, templates: &Templates) -> Rendered {
    let files = std::sync::Mutex::new(Vec::new());
    let report = render_into(site, templates, &|file| {
        files.lock().unwrap_or_else(|e| e.into_inner()).push(file)
    });
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Rendered {
        files,
        pages: report.pages,
        agreements: report.agreements,
        diagnostics: report.diagnostics,
    }
}

/// Renders every page and file of `site`, handing each file to `put` as
/// soon as it is rendered (from several threads), so that a build holds
/// the paths of its output, never the whole output. `put` may see files
/// even when the report has errors: the caller then discards them.
pub fn render_into(
    site: &Site,
    templates: &Templates,
    put: &(dyn Fn(OutputFile) + Sync),
) -> RenderReport {
    let urls = Urls::new(site);
    let base = base_context(site, &urls);

    let cards = match directory::render_cards(site, templates, &urls, &base) {
        Ok(cards) => cards,
        Err(d) => {
            return RenderReport {
                diagnostics: vec![d.relative_to(&site.root)],
                ..RenderReport::default()
            }
        }
    };
    let mut out = RenderReport::default();
    // The ids of the pages that links point into, noted as the pages go by:
    // the link check runs at the end, when the pages are gone.
    let anchors = links::Anchors::wanted_by(site);
    let put = &|file: OutputFile| {
        anchors.note(&file);
        put(file)
    };
    // Every path handed to `put` and who wrote it, in a stable order.
    let mut paths: Vec<(String, Owner)> = Vec::new();
    let emit = |file: OutputFile, owner: Owner, paths: &mut Vec<(String, Owner)>| {
        paths.push((file.path.clone(), owner));
        put(file);
    };
    let jobs = jobs(site);
    let results: Vec<Result<String, Diagnostic>> = jobs
        .par_iter()
        .map(|&job| {
            // A build keeps no frames.
            let (file, _) = draw_job(site, templates, &urls, &base, &cards, job)?;
            let path = file.path.clone();
            put(file);
            Ok(path)
        })
        .collect();
    for (r, &job) in results.into_iter().zip(&jobs) {
        match r {
            Ok(path) => paths.push((path, Owner::Job(job))),
            Err(d) => out.diagnostics.push(d.relative_to(&site.root)),
        }
    }
    let (result_files, problems) = render_results(site, templates, &urls, &base);
    for (file, owner) in result_files {
        emit(file, owner, &mut paths);
    }
    out.diagnostics.extend(problems);
    let (agreement_files, problems, links) = render_agreements(site, templates, &urls, &base);
    for (file, owner) in agreement_files {
        emit(file, owner, &mut paths);
    }
    out.agreements = links;
    out.diagnostics.extend(problems);
    out.pages = paths.len();
    for (file, owner) in site_files::files(site, &urls) {
        if file.is_html() {
            out.pages += 1;
        }
        emit(file, owner, &mut paths);
    }
    for file in crate::search::files(site, &urls) {
        emit(file, Owner::SearchIndex, &mut paths);
    }
    for (file, owner) in static_files(site) {
        emit(file, owner, &mut paths);
    }
    out.files = paths.len();
    out.diagnostics.extend(
        owners::duplicates(site, paths.iter().map(|(p, o)| (p.as_str(), o)))
            .into_iter()
            .map(|d| d.relative_to(&site.root)),
    );
    out.diagnostics.extend(links::check(
        site,
        &paths
            .iter()
            .map(|(p, _)| p.as_str())
            .collect::<std::collections::HashSet<_>>(),
        anchors,
    ));
    out
}

/// The pages drawn from the surveys and the pairs' check-ins: the survey
/// results, their breakdowns and the impact page.
fn render_results(
    site: &Site,
    templates: &Templates,
    urls: &Urls,
    base: &tera::Context,
) -> (Vec<(OutputFile, Owner)>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    let (result_files, problems) = results::render(site, templates, urls, base);
    files.extend(result_files.into_iter().map(|f| (f, Owner::Results)));
    diagnostics.extend(problems);
    if let Some(page) = impact::render(site, templates, urls, base) {
        match page {
            Ok(file) => files.push((file, Owner::Results)),
            Err(d) => diagnostics.push(d),
        }
    }
    let (group_files, problems) = breakdowns::render(site, templates, urls, base);
    files.extend(group_files.into_iter().map(|f| (f, Owner::Results)));
    diagnostics.extend(problems);
    (files, relative(site, diagnostics))
}

/// One agreement page per current pair, and the coordinator's links to
/// them.
fn render_agreements(
    site: &Site,
    templates: &Templates,
    urls: &Urls,
    base: &tera::Context,
) -> (
    Vec<(OutputFile, Owner)>,
    Vec<Diagnostic>,
    Vec<AgreementLink>,
) {
    let (pages, links, problems) = agreements::render(site, templates, urls, base);
    let files = pages.into_iter().map(|f| (f, Owner::Agreement)).collect();
    (files, relative(site, problems), links)
}

fn relative(site: &Site, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .map(|d| d.relative_to(&site.root))
        .collect()
}

fn jobs(site: &Site) -> Vec<Job> {
    let content = &site.content;
    let root = content.root();
    let mut jobs = vec![Job::Home, Job::NotFound];
    if templates_have_search(site) {
        jobs.push(Job::Search);
    }
    jobs.extend(
        (0..content.sections.len())
            .filter(|&s| s != root)
            .map(Job::Section),
    );
    jobs.extend(
        content.sections[root]
            .subsections
            .iter()
            .map(|&s| Job::Print(s)),
    );
    jobs.extend(
        (0..content.pages.len())
            .filter(|&p| !content.pages[p].is_section)
            .map(Job::Guide),
    );
    if !site.mentors.is_empty() {
        let pages = directory::page_count(site);
        jobs.extend((0..pages).map(Job::Directory));
        jobs.extend((0..site.mentors.len()).map(Job::Profile));
        for (f, facet) in site.facets.facets.iter().enumerate() {
            jobs.push(Job::FacetIndex(f));
            for (v, value) in facet.values.iter().enumerate() {
                let pages = directory::pages_for(site, value.mentors.len());
                jobs.extend((0..pages).map(|n| Job::FacetValue(f, v, n)));
            }
        }
    }
    jobs
}

/// Page `job` drawn into `frame`, the frame it had when drawn with the
/// same context: only its pieces changed (see [`splice`]). `None` for a
/// page without pieces, or when the frame does not fit.
fn draw_again(site: &Site, cards: &[directory::Card], job: Job, frame: &str) -> Option<OutputFile> {
    match job {
        Job::Directory(_) | Job::FacetValue(..) => directory::list_again(site, cards, job, frame),
        Job::Print(s) => handbook::print_again(site, s, frame),
        _ => None,
    }
}

/// Draws page `job`; a page made of pieces (a list, a print view) also
/// gives its frame (see [`splice`]).
fn draw_job(
    site: &Site,
    templates: &Templates,
    urls: &Urls,
    base: &tera::Context,
    cards: &[directory::Card],
    job: Job,
) -> Result<(OutputFile, Option<splice::Frame>), Diagnostic> {
    let mut context = base.clone();
    let page = match job {
        Job::Directory(n) => {
            return directory::directory(site, templates, urls, &mut context, cards, n)
        }
        Job::FacetValue(f, v, n) => {
            return directory::facet_value(site, templates, urls, &mut context, cards, f, v, n)
        }
        Job::Print(s) => return handbook::print(site, templates, urls, &mut context, s),
        Job::Home => handbook::home(site, templates, urls, &mut context),
        Job::Section(s) => handbook::section(site, templates, urls, &mut context, s),
        Job::Guide(p) => handbook::guide(site, templates, urls, &mut context, p),
        Job::Profile(i) => directory::profile(site, templates, urls, &mut context, i),
        Job::FacetIndex(f) => directory::facet_index(site, templates, urls, &mut context, f),
        Job::NotFound => {
            context.insert("title", "Page not found");
            context.insert("current_url", "/404.html");
            let html = templates.render("404.html", &context)?;
            Ok(OutputFile::bytes("404.html", html.into_bytes()))
        }
        Job::Search => {
            context.insert("title", "Search");
            context.insert("current_url", "/search/");
            let html = templates.render("search.html", &context)?;
            Ok(OutputFile::html("/search/", html))
        }
    };
    page.map(|file| (file, None))
}

/// A theme of its own may have no search page; the default theme has one.
fn templates_have_search(site: &Site) -> bool {
    site.theme.templates.iter().any(|t| t.name == "search.html")
}

/// Theme static files, then the site's `static/` (which replaces a theme
/// file of the same path: that is how a site overrides its theme), then
/// images beside pages, then the processed mentor photos (from the cache).
fn static_files(site: &Site) -> Vec<(OutputFile, Owner)> {
    let owner = |contents: &StaticContents| match contents {
        StaticContents::File(path) => Owner::Copied(path.clone()),
        StaticContents::Embedded(_) => Owner::Embedded,
    };
    let site_static: std::collections::HashSet<&str> =
        site.static_files.iter().map(|f| f.rel.as_str()).collect();
    let theme = site
        .theme
        .static_files
        .iter()
        .filter(|f| !site_static.contains(f.rel.as_str()));
    let copied = theme.chain(&site.static_files).map(|f| {
        let file = OutputFile {
            path: f.rel.clone(),
            contents: Contents::Copy(f.contents.clone()),
        };
        (file, owner(&f.contents))
    });
    let assets = site.assets.iter().map(|(src, rel)| {
        let file = OutputFile {
            path: rel.clone(),
            contents: Contents::Copy(StaticContents::File(src.clone())),
        };
        (file, Owner::Copied(src.clone()))
    });
    let photos = site.mentors.iter().flat_map(|m| {
        let processed = match &m.photo {
            Some(crate::photos::Photo::Local(local)) => local.processed.as_ref(),
            _ => None,
        };
        processed.into_iter().flat_map(|p| {
            p.outputs(&m.slug).into_iter().map(|(path, cached)| {
                let file = OutputFile {
                    path,
                    contents: Contents::Copy(StaticContents::File(cached)),
                };
                (file, Owner::Copied(m.path.clone()))
            })
        })
    });
    copied.chain(assets).chain(photos).collect()
}

/// JSON for a published file, with `<`, `>` and `&` written as `\u003c`
/// and so on: inert even if a page inlines it in a `<script>`. In JSON these
/// characters can only occur inside strings, so the replacement is exact.
pub fn json_bytes<T: serde::Serialize>(value: &T) -> Vec<u8> {
    let json = serde_json::to_vec(value).unwrap_or_default();
    if !json.iter().any(|b| matches!(b, b'<' | b'>' | b'&')) {
        return json;
    }
    let mut out = Vec::with_capacity(json.len() + 64);
    for b in json {
        match b {
            b'<' => out.extend_from_slice(b"\\u003c"),
            b'>' => out.extend_from_slice(b"\\u003e"),
            b'&' => out.extend_from_slice(b"\\u0026"),
            b => out.push(b),
        }
    }
    out
}

/// The template a page asks for in front matter, or the kind's default.
fn template_for<'a>(
    templates: &Templates,
    requested: Option<&'a str>,
    default: &'a str,
    page_path: &std::path::Path,
) -> Result<&'a str, Diagnostic> {
    match requested {
        Some(name) if templates.has(name) => Ok(name),
        Some(name) => Err(
            Diagnostic::error(page_path, format!("template `{name}` not found"))
                .with_hint("templates live in templates/ or themes/<theme>/templates/"),
        ),
        None => Ok(default),
    }
}
