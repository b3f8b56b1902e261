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
use std::collections::HashMap;
use std::path::Path;

/// Every broken link of every page, against the build's `files`.
pub fn check(site: &Site, files: &[OutputFile]) -> Vec<Diagnostic> {
    let by_path: HashMap<&str, &OutputFile> = files.iter().map(|f| (f.path.as_str(), f)).collect();
    let base = site.config.base_path();
    let mut problems = Vec::new();
    for page in &site.content.pages {
        for link in &page.links {
            if let Some(problem) = check_link(link, base, &by_path) {
                problems.push(locate(site, &page.path, link, problem));
            }
        }
    }
    problems
}

/// What is wrong with a link, and a hint.
struct Problem {
    message: String,
    hint: Option<String>,
}

fn check_link(link: &SiteLink, base: &str, files: &HashMap<&str, &OutputFile>) -> Option<Problem> {
    let path = if !base.is_empty() && link.path.starts_with(&format!("{base}/")) {
        &link.path[base.len()..]
    } else {
        &link.path
    };
    let Some(file) = output_file(path, files) else {
        let pages = files
            .keys()
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
    let Contents::Bytes(bytes) = &file.contents else {
        return None;
    };
    if !file.is_html() {
        return None;
    }
    let html = String::from_utf8_lossy(bytes);
    let ids = ids(&html);
    if ids.contains(&fragment) {
        return None;
    }
    Some(Problem {
        message: format!(
            "broken link `{}`: {path} has no heading or element with id `{fragment}`",
            link.written
        ),
        hint: nearest(fragment, ids.iter().copied()).map(|near| format!("did you mean #{near}?")),
    })
}

/// The output file a URL path leads to: `/a/` → `a/index.html`, `/a.css` →
/// `a.css`, `/a` → `a/index.html` when there is no file `a`.
fn output_file<'f>(path: &str, files: &HashMap<&str, &'f OutputFile>) -> Option<&'f OutputFile> {
    let trimmed = path.trim_start_matches('/');
    let candidates = if trimmed.is_empty() || trimmed.ends_with('/') {
        vec![format!("{trimmed}index.html")]
    } else {
        vec![trimmed.to_string(), format!("{trimmed}/index.html")]
    };
    candidates
        .iter()
        .find_map(|c| files.get(c.as_str()).copied())
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

    #[test]
    fn paths_fragments_and_base_paths_are_checked_against_the_output() {
        let files = [
            OutputFile::html(
                "/handbook/goals/",
                "<h2 id=\"smart-goals\">SMART</h2>".into(),
            ),
            OutputFile::bytes("style.css", b"body{}".to_vec()),
        ];
        let by_path: HashMap<&str, &OutputFile> =
            files.iter().map(|f| (f.path.as_str(), f)).collect();
        let ok = |l: SiteLink, base: &str| check_link(&l, base, &by_path).is_none();
        assert!(ok(link("/handbook/goals/", Some("smart-goals")), ""));
        assert!(ok(link("/handbook/goals", None), ""));
        assert!(ok(link("/style.css", None), ""));
        assert!(ok(link("/org/handbook/goals/", None), "/org"));
        let missing = check_link(&link("/handbook/goal/", None), "", &by_path).expect("broken");
        assert!(missing.message.contains("no page /handbook/goal/"));
        assert_eq!(
            missing.hint.as_deref(),
            Some("did you mean /handbook/goals/?")
        );
        let anchor = check_link(&link("/handbook/goals/", Some("smart-goal")), "", &by_path)
            .expect("broken");
        assert!(anchor
            .message
            .contains("no heading or element with id `smart-goal`"));
        assert_eq!(anchor.hint.as_deref(), Some("did you mean #smart-goals?"));
    }
}
