//! Links between pages, checked once every output file exists, as Zola
//! checks internal links and their anchors: an `@/` link or a link starting
//! with `/` must lead to a page of this build, and its `#fragment` to an
//! `id` on that page. Each problem names the page, the line and the column
//! of the link; `[links] internal = "warning"` in site.toml makes them
//! warnings instead of errors.

use super::{Contents, OutputFile};
use crate::config::LinkLevel;
use crate::content::markdown::SiteLink;
use crate::diagnostic::{nearest, Diagnostic};
use crate::site::Site;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;

/// The `id`s of the pages that links with a `#fragment` point into, noted
/// while a build streams its pages to disk: what the link check needs of
/// the output, without holding it.
pub struct Anchors {
    wanted: HashSet<String>,
    ids: Mutex<HashMap<String, Vec<String>>>,
}

impl Anchors {
    /// The pages whose ids `site`'s links need.
    pub fn wanted_by(site: &Site) -> Anchors {
        let base = site.config.base_path();
        let wanted = site
            .content
            .pages
            .iter()
            .flat_map(|p| &p.links)
            .filter(|l| l.fragment.is_some())
            .flat_map(|l| candidates(site_path(&l.path, base)))
            .collect();
        Anchors {
            wanted,
            ids: Mutex::new(HashMap::new()),
        }
    }

    /// Whether a link points into the page at `path`.
    pub fn wants(&self, path: &str) -> bool {
        self.wanted.contains(path)
    }

    /// Takes the ids of the wanted pages that were not noted, from an
    /// earlier render of the same pages.
    pub fn keep(&self, earlier: &HashMap<String, Vec<String>>) {
        let mut ids = self.ids.lock().unwrap_or_else(|e| e.into_inner());
        for path in &self.wanted {
            if let (false, Some(known)) = (ids.contains_key(path), earlier.get(path)) {
                ids.insert(path.clone(), known.clone());
            }
        }
    }

    /// The ids noted so far, by page.
    pub fn known(&self) -> HashMap<String, Vec<String>> {
        self.ids.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Notes the ids of `file` when a link points into it.
    pub fn note(&self, file: &OutputFile) {
        if !self.wanted.contains(&file.path) || !file.is_html() {
            return;
        }
        let Contents::Bytes(bytes) = &file.contents else {
            return;
        };
        let html = String::from_utf8_lossy(bytes);
        let ids = ids(&html).into_iter().map(str::to_string).collect();
        self.ids
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(file.path.clone(), ids);
    }
}

/// Every broken link of every page, against the build's output `paths`
/// and the `anchors` noted as it was written.
pub fn check<P: Paths>(site: &Site, paths: &P, anchors: Anchors) -> Vec<Diagnostic> {
    let ids = anchors.ids.into_inner().unwrap_or_else(|e| e.into_inner());
    let base = site.config.base_path();
    let mut problems = Vec::new();
    for page in &site.content.pages {
        for link in &page.links {
            if let Some(problem) = check_link(link, base, paths, &ids) {
                problems.push(locate(site, &page.path, link, problem));
            }
        }
    }
    problems
}

/// A link's path within the site: without the base URL's path.
fn site_path<'l>(path: &'l str, base: &str) -> &'l str {
    if !base.is_empty() && path.starts_with(&format!("{base}/")) {
        &path[base.len()..]
    } else {
        path
    }
}

/// What is wrong with a link, and a hint.
struct Problem {
    message: String,
    hint: Option<String>,
}

/// The output paths a build writes: the build's set of borrowed paths, or
/// the set the preview keeps between edits.
pub trait Paths {
    fn has(&self, path: &str) -> bool;
    fn each(&self) -> impl Iterator<Item = &str>;
}

impl<P: std::borrow::Borrow<str> + std::hash::Hash + Eq, S: std::hash::BuildHasher> Paths
    for HashSet<P, S>
{
    fn has(&self, path: &str) -> bool {
        self.contains(path)
    }
    fn each(&self) -> impl Iterator<Item = &str> {
        self.iter().map(|p| p.borrow())
    }
}

fn check_link<P: Paths>(
    link: &SiteLink,
    base: &str,
    paths: &P,
    ids: &HashMap<String, Vec<String>>,
) -> Option<Problem> {
    let path = site_path(&link.path, base);
    let Some(file) = candidates(path).into_iter().find(|c| paths.has(c)) else {
        let pages = paths
            .each()
            .filter(|p| p.ends_with("index.html"))
            .map(|p| p.trim_end_matches("index.html"));
        let wanted = path.trim_start_matches('/');
        return Some(Problem {
            message: format!(
                "broken link `{}`: this build has no page {path}",
                link.written
            ),
            hint: nearest(wanted, pages).map(|near| format!("did you mean {base}/{near}?")),
        });
    };
    let fragment = link.fragment.as_deref()?;
    // Only HTML pages have ids to check.
    let ids = ids.get(&file)?;
    if ids.iter().any(|id| id == fragment) {
        return None;
    }
    Some(Problem {
        message: format!(
            "broken link `{}`: {path} has no heading or element with id `{fragment}`",
            link.written
        ),
        hint: nearest(fragment, ids.iter().map(String::as_str))
            .map(|near| format!("did you mean #{near}?")),
    })
}

/// The output files a URL path may lead to, most likely first: `/a/` →
/// `a/index.html`, `/a.css` → `a.css`, `/a` → `a` or `a/index.html`.
fn candidates(path: &str) -> Vec<String> {
    let trimmed = path.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        vec![format!("{trimmed}index.html")]
    } else {
        vec![trimmed.to_string(), format!("{trimmed}/index.html")]
    }
}

/// The values of every `id="…"` attribute in a page.
fn ids(html: &str) -> Vec<&str> {
    html.match_indices(" id=\"")
        .filter_map(|(at, m)| {
            let rest = &html[at + m.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

fn locate(site: &Site, path: &Path, link: &SiteLink, problem: Problem) -> Diagnostic {
    let make = match site.config.links.internal {
        LinkLevel::Error => Diagnostic::error,
        LinkLevel::Warning => Diagnostic::warning,
    };
    let mut d = make(path, problem.message).at(link.line, link.column);
    if let Some(hint) = problem.hint {
        d = d.with_hint(hint);
    }
    d.relative_to(&site.root)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(path: &str, fragment: Option<&str>) -> SiteLink {
        SiteLink {
            written: format!(
                "{path}{}",
                fragment.map(|f| format!("#{f}")).unwrap_or_default()
            ),
            path: path.into(),
            fragment: fragment.map(String::from),
            line: 1,
            column: 1,
        }
    }

    fn ids_of(file: &OutputFile) -> Vec<String> {
        let Contents::Bytes(bytes) = &file.contents else {
            return Vec::new();
        };
        ids(&String::from_utf8_lossy(bytes))
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn paths_fragments_and_base_paths_are_checked_against_the_output() {
        let files = [
            OutputFile::html(
                "/handbook/goals/",
                "<h2 id=\"smart-goals\">SMART</h2>".into(),
            ),
            OutputFile::bytes("style.css", b"body{}".to_vec()),
        ];
        let paths: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let mut ids = HashMap::new();
        ids.insert("handbook/goals/index.html".to_string(), ids_of(&files[0]));
        let by_path = (&paths, &ids);
        let ok = |l: SiteLink, base: &str| check_link(&l, base, by_path.0, by_path.1).is_none();
        assert!(ok(link("/handbook/goals/", Some("smart-goals")), ""));
        assert!(ok(link("/handbook/goals", None), ""));
        assert!(ok(link("/style.css", None), ""));
        assert!(ok(link("/org/handbook/goals/", None), "/org"));
        let missing = check_link(&link("/handbook/goal/", None), "", &paths, &ids).expect("broken");
        assert!(missing.message.contains("no page /handbook/goal/"));
        assert_eq!(
            missing.hint.as_deref(),
            Some("did you mean /handbook/goals/?")
        );
        let anchor = check_link(
            &link("/handbook/goals/", Some("smart-goal")),
            "",
            &paths,
            &ids,
        )
        .expect("broken");
        assert!(anchor
            .message
            .contains("no heading or element with id `smart-goal`"));
        assert_eq!(anchor.hint.as_deref(), Some("did you mean #smart-goals?"));
    }
}
