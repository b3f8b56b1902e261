//! Participation: who applied (`data/applications/*.csv`, read with the
//! application form) and who became the mentee of a pair, matched by
//! e-mail or name. The site keeps only each application's track and
//! whether it was matched ([`Application`]); names stay with the
//! coordinator's report.

use crate::diagnostic::Diagnostic;
use crate::matching::Applicant;
use crate::pairs::normalize_name;
use crate::site::Site;
use std::collections::HashSet;

/// One application, as the impact page counts it: no names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    /// A track id declared in `site.toml`.
    pub track: Option<String>,
    /// Whether the applicant is the mentee of a pair of any status.
    pub matched: bool,
}

/// One application with the applicant's details, for the coordinator.
pub struct AppliedPerson {
    pub applicant: Applicant,
    /// The file, relative to the site root, `/`-separated.
    pub file: String,
    pub matched: bool,
}

/// Every application of every `data/applications/*.csv`, in file order,
/// when the site has an application form; the problems of the files.
pub fn read_applications(site: &Site) -> (Vec<AppliedPerson>, Vec<Diagnostic>) {
    let root = &site.root;
    let Some(schema) = site.surveys.form("application") else {
        return (Vec::new(), Vec::new());
    };
    let files = crate::applications::export_files(root);
    let mut mentees: HashSet<String> = HashSet::new();
    for pair in site.pairs.iter() {
        mentees.insert(normalize_name(&pair.mentee));
        if let Some(email) = &pair.mentee_email {
            mentees.insert(normalize_name(email.expose()));
        }
    }
    let mut people = Vec::new();
    let mut problems = Vec::new();
    for path in files {
        let bytes = match crate::fsutil::read_bytes(&path) {
            Ok(b) => b,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        let (applicants, diagnostics) =
            crate::applications::load_applicants(site, schema, &path, &bytes);
        problems.extend(diagnostics);
        let file = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        for applicant in applicants {
            let by_email = applicant
                .email
                .as_deref()
                .is_some_and(|e| mentees.contains(&normalize_name(e)));
            let matched = by_email || mentees.contains(&normalize_name(&applicant.name));
            people.push(AppliedPerson {
                applicant,
                file: file.clone(),
                matched,
            });
        }
    }
    (people, problems)
}

/// The applications as the page counts them. Problems in the files are
/// left to `match` and `report`, which read them whole: a build never read
/// applications before and does not fail on them.
pub fn applications(site: &Site) -> Vec<Application> {
    read_applications(site)
        .0
        .into_iter()
        .map(|p| Application {
            track: p.applicant.track,
            matched: p.matched,
        })
        .collect()
}
