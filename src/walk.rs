//! Listing the site's own files: the one walker for every folder whose files
//! end up published (`content/`, `static/`, a theme's `static/` and
//! `templates/`).
//!
//! Going through one walker is what makes the publishing rule hold for all
//! of them at once: only files that lie inside the site folder are listed.
//! A symlink is followed only when what it points at is inside the site and
//! is not private (the agreement key and other dot files, `site.toml`,
//! `data/`, the output folders); anything else is a diagnostic naming the
//! link and its target, and is never read. Editor litter and dot files are
//! skipped. An SVG file, which a browser runs like a page, is listed only
//! when it has no active content (`svg`).

use crate::diagnostic::Diagnostic;
use std::path::{Component, Path, PathBuf};
use walkdir::WalkDir;

/// A regular file found below a listed folder.
#[derive(Debug, Clone)]
pub(crate) struct Listed {
    /// The path as found (through any symlinked folder).
    pub path: PathBuf,
    /// Relative to the listed folder, with `/` separators.
    pub rel: String,
}

/// Editor swap files, backups, dot files and OS litter: never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name == "Thumbs.db"
}

/// Every regular file below `dir` that may be published, in name order.
/// Links that leave `root` or lead to a private file are reported and
/// skipped with everything below them.
pub(crate) fn files_below(
    dir: &Path,
    root: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Listed> {
    let mut found = Vec::new();
    if !dir.is_dir() {
        return found;
    }
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut refused = Vec::new();
    {
        let walker = WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                if e.depth() > 0 && is_ignored_name(&e.file_name().to_string_lossy()) {
                    return false;
                }
                // The folder itself is checked whole (an ancestor may be the
                // link); below it, only links can lead elsewhere.
                if e.depth() > 0 && !e.path_is_symlink() {
                    return true;
                }
                match check_inside(e.path(), &root) {
                    Ok(()) => true,
                    Err(d) => {
                        refused.push(d);
                        false
                    }
                }
            });
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let path = e
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| dir.into());
                    diagnostics.push(Diagnostic::error(path, format!("cannot read: {e}")));
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.path().to_path_buf();
            let rel = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            let is_svg = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
            if is_svg {
                let checked = crate::fsutil::read_bytes(&path)
                    .and_then(|bytes| crate::svg::check(&path, &bytes));
                if let Err(d) = checked {
                    diagnostics.push(d);
                    continue;
                }
            }
            found.push(Listed { path, rel });
        }
    }
    diagnostics.extend(refused);
    found
}

/// Whether `path`, links resolved, lies inside `root` (canonical) and is
/// not one of its private files.
pub(crate) fn check_inside(path: &Path, root: &Path) -> Result<(), Diagnostic> {
    let target = match path.canonicalize() {
        Ok(target) => target,
        Err(e) => {
            return Err(Diagnostic::error(
                path,
                format!("cannot follow this link: {e}"),
            ))
        }
    };
    let link = |what: &str| {
        Diagnostic::error(
            path,
            format!("this link leads to {}, {what}", target.display()),
        )
    };
    let Ok(rel) = target.strip_prefix(root) else {
        return Err(link("outside the site folder").with_hint(
            "mentorsite publishes only files inside the site folder: copy the file in instead of linking to it",
        ));
    };
    if let Some(private) = private_part(rel) {
        return Err(link(&format!("which is never published ({private})"))
            .with_hint("remove the link; nothing reaches the site from there"));
    }
    Ok(())
}

/// What makes a path inside the site private, if anything: the first dot
/// folder or file on it, `site.toml`, `data/`, or an output folder.
pub(crate) fn private_part(rel: &Path) -> Option<String> {
    let mut components = rel.components();
    let first = match components.next() {
        Some(Component::Normal(name)) => name.to_string_lossy().to_string(),
        _ => return None,
    };
    if matches!(first.as_str(), "site.toml" | "data" | "public") {
        return Some(format!(
            "{first} holds the program's configuration, data or output"
        ));
    }
    std::iter::once(first)
        .chain(components.map(|c| c.as_os_str().to_string_lossy().to_string()))
        .find(|name| name.starts_with('.'))
        .map(|name| format!("{name} is a hidden file or folder"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_parts_of_the_site() {
        assert!(private_part(Path::new(".mentorsite-secret")).is_some());
        assert!(private_part(Path::new("site.toml")).is_some());
        assert!(private_part(Path::new("data/pairs.csv")).is_some());
        assert!(private_part(Path::new("public/index.html")).is_some());
        assert!(private_part(Path::new("static/.git/config")).is_some());
        assert!(private_part(Path::new("static/logo.png")).is_none());
        assert!(private_part(Path::new("content/mentors/ada.jpg")).is_none());
    }
}
