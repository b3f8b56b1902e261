//! Where a program's personal data lives, and keeping it out of git.
//!
//! Survey responses, pairs, applications and the coordinator's lists hold
//! names, emails and answers. They stay in the site folder, where the
//! build reads them, but must not reach a repository by default: `init`
//! writes a `.gitignore` that lists them, and `check` warns when git tracks
//! one anyway (a repository pushed to a public host would publish them).

use crate::diagnostic::Diagnostic;
use std::path::Path;
use std::process::Command;

/// The site folder's files with personal data, as `.gitignore` patterns:
/// every table under `data/` (responses, pairs, applications, excluded and
/// proposed pairs), the applications folder whatever its files, and the
/// coordinator's lists beside the output.
pub const PATTERNS: [&str; 5] = [
    "/data/**/*.csv",
    "/data/applications/",
    "/agreements.csv",
    "/matching-report.html",
    "/program-report.html",
];

/// The `.gitignore` that `init` writes.
pub fn gitignore() -> String {
    let mut text = String::from(
        "# Built output (its staging folders and manifest), previews and caches\n/public/\n/.public.*\n/.mentorsite-serve/\n/.mentorsite-cache/\n\
         \n# The key of the agreement links\n/.mentorsite-secret\n\
         \n# Personal data: responses, pairs, applications and the coordinator's lists.\n\
         # Keep them out of any repository (see the README, \"Keeping personal data\").\n",
    );
    for pattern in PATTERNS {
        text.push_str(pattern);
        text.push('\n');
    }
    text
}

/// A warning for each file with personal data that git tracks in `root`.
/// Nothing when `root` is not in a git work tree or git is not installed.
pub fn tracked(root: &Path) -> Vec<Diagnostic> {
    let listed = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "ls-files",
            "-z",
            "--",
            "data",
            "agreements.csv",
            "matching-report.html",
            "program-report.html",
        ])
        .output();
    let Ok(listed) = listed else {
        return Vec::new();
    };
    if !listed.status.success() {
        return Vec::new();
    }
    listed
        .stdout
        .split(|&b| b == 0)
        .filter_map(|p| std::str::from_utf8(p).ok())
        .filter(|p| holds_personal_data(p))
        .map(|p| {
            Diagnostic::warning(root.join(p), "git tracks this file, which holds personal data")
                .with_hint(format!(
                    "`git rm --cached {p}` and add it to .gitignore, or keep the repository private (README: Keeping personal data)"
                ))
        })
        .collect()
}

/// Whether the site-relative `path` (`/`-separated) is a file with personal data.
pub fn holds_personal_data(path: &str) -> bool {
    (path.starts_with("data/") && path.to_ascii_lowercase().ends_with(".csv"))
        || path.starts_with("data/applications/")
        || matches!(
            path,
            "agreements.csv" | "matching-report.html" | "program-report.html"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_data_files() {
        for yes in [
            "data/rounds/2026-spring/feedback.csv",
            "data/pairs.csv",
            "data/applications/2026.csv",
            "data/excluded-pairs.csv",
            "agreements.csv",
        ] {
            assert!(holds_personal_data(yes), "{yes}");
        }
        for no in [
            "data/forms/feedback.toml",
            "data/rounds/2026-spring/round.toml",
            "content/_index.md",
        ] {
            assert!(!holds_personal_data(no), "{no}");
        }
    }
}
