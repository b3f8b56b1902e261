//! Facets of the mentor directory: skills, industries, tracks and languages.
//!
//! Values are grouped case-insensitively (`Python` and `python` are one
//! value, shown in the spelling most profiles use) and slugged for their
//! URLs. Built once per build in one pass over the mentors, so facet pages
//! and counts cost nothing per page.

use crate::config::Config;
use crate::content::markdown::slugify;
use crate::content::MentorProfile;
use std::collections::{BTreeMap, HashMap, HashSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FacetKind {
    Skills,
    Industries,
    Tracks,
    Languages,
}

impl FacetKind {
    pub const ALL: [FacetKind; 4] = [
        FacetKind::Skills,
        FacetKind::Industries,
        FacetKind::Tracks,
        FacetKind::Languages,
    ];

    /// The URL segment and index key: `skills`.
    pub fn name(self) -> &'static str {
        match self {
            FacetKind::Skills => "skills",
            FacetKind::Industries => "industries",
            FacetKind::Tracks => "tracks",
            FacetKind::Languages => "languages",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            FacetKind::Skills => "Skills",
            FacetKind::Industries => "Industries",
            FacetKind::Tracks => "Tracks",
            FacetKind::Languages => "Languages",
        }
    }

    /// Singular, for sentences: "Mentors with the skill Python".
    pub fn singular(self) -> &'static str {
        match self {
            FacetKind::Skills => "skill",
            FacetKind::Industries => "industry",
            FacetKind::Tracks => "track",
            FacetKind::Languages => "language",
        }
    }

    pub fn values_of(self, m: &MentorProfile) -> &[String] {
        match self {
            FacetKind::Skills => &m.skills,
            FacetKind::Industries => &m.industries,
            FacetKind::Tracks => &m.tracks,
            FacetKind::Languages => &m.languages,
        }
    }
}

/// One value of a facet and the mentors who have it.
#[derive(Debug, Clone)]
pub struct FacetValue {
    pub slug: String,
    pub label: String,
    /// Indexes into the site's mentors, in directory order.
    pub mentors: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Facet {
    pub kind: FacetKind,
    /// Ordered by label, case-insensitively.
    pub values: Vec<FacetValue>,
    /// Each mentor's values (indexes in `values`), in the profile's order:
    /// looked up once here, read by every card, index and page.
    by_mentor: Vec<Vec<usize>>,
}

impl Facet {
    /// The values of mentor `i` (in the site's order), as its profile
    /// lists them.
    pub fn values_of(&self, i: usize) -> impl Iterator<Item = &FacetValue> {
        self.indexes_of(i).iter().map(|&v| &self.values[v])
    }

    /// The indexes in `values` of mentor `i`'s values.
    pub fn indexes_of(&self, i: usize) -> &[usize] {
        self.by_mentor.get(i).map_or(&[], Vec::as_slice)
    }

    pub fn url(&self) -> String {
        format!("/mentors/{}/", self.kind.name())
    }

    pub fn value_url(&self, value: &FacetValue) -> String {
        format!("/mentors/{}/{}/", self.kind.name(), value.slug)
    }
}

/// All four facets.
#[derive(Debug, Clone)]
pub struct Facets {
    pub facets: Vec<Facet>,
}

impl Facets {
    pub fn build(mentors: &[std::sync::Arc<MentorProfile>], config: &Config) -> Facets {
        use rayon::prelude::*;
        let facets = FacetKind::ALL
            .par_iter()
            .map(|&kind| build_facet(kind, mentors, config))
            .collect();
        Facets { facets }
    }

    pub fn get(&self, kind: FacetKind) -> &Facet {
        &self.facets[FacetKind::ALL.iter().position(|&k| k == kind).unwrap_or(0)]
    }
}

fn build_facet(
    kind: FacetKind,
    mentors: &[std::sync::Arc<MentorProfile>],
    config: &Config,
) -> Facet {
    // Values alike but for case are one group: lowercased value →
    // (spelling → count, mentors). Most profiles spell a value as others
    // do, so each spelling is lowercased and looked up once.
    let mut group_of_spelling: HashMap<&str, usize> = HashMap::new();
    let mut group_of_key: HashMap<String, usize> = HashMap::new();
    type Group<'a> = (String, BTreeMap<&'a str, usize>, Vec<usize>);
    let mut found: Vec<Group> = Vec::new();
    let mut groups_of_mentor: Vec<Vec<usize>> = Vec::with_capacity(mentors.len());
    for (i, m) in mentors.iter().enumerate() {
        let mut mine = Vec::new();
        for raw in kind.values_of(m) {
            let g = *group_of_spelling.entry(raw.as_str()).or_insert_with(|| {
                let key = raw.to_lowercase();
                *group_of_key.entry(key.clone()).or_insert_with(|| {
                    found.push((key, BTreeMap::new(), Vec::new()));
                    found.len() - 1
                })
            });
            let group = &mut found[g];
            *group.1.entry(raw.as_str()).or_default() += 1;
            group.2.push(i);
            mine.push(g);
        }
        groups_of_mentor.push(mine);
    }
    let groups = found;
    let mut values: Vec<(usize, String, FacetValue)> = groups
        .into_iter()
        .enumerate()
        .map(|(g, (key, spellings, mentors))| {
            // The spelling most profiles use; on a tie, the first in sort order.
            let spelling = spellings
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map_or(key.as_str(), |(s, _)| s)
                .to_string();
            let (slug, label) = match kind {
                FacetKind::Tracks => (
                    slugify(&spelling),
                    config
                        .track_title(&spelling)
                        .unwrap_or(&spelling)
                        .to_string(),
                ),
                _ => (slugify(&spelling), spelling),
            };
            (
                g,
                key,
                FacetValue {
                    slug,
                    label,
                    mentors,
                },
            )
        })
        .collect();
    values.sort_by_cached_key(|(_, key, value)| (value.label.to_lowercase(), key.clone()));
    // Values that slug alike ("C" and "C." both give "c") get a suffix so
    // every value keeps a page of its own.
    let mut used = HashSet::new();
    for (_, _, value) in &mut values {
        if value.slug.is_empty() {
            value.slug = "value".into();
        }
        let base = value.slug.clone();
        let mut n = 2;
        while !used.insert(value.slug.clone()) {
            value.slug = format!("{base}-{n}");
            n += 1;
        }
    }
    // Each mentor's groups, as indexes in `values`.
    let mut index_of_group = vec![0; values.len()];
    for (v, (g, _, _)) in values.iter().enumerate() {
        index_of_group[*g] = v;
    }
    let by_mentor = groups_of_mentor
        .into_iter()
        .map(|groups| groups.into_iter().map(|g| index_of_group[g]).collect())
        .collect();
    Facet {
        kind,
        values: values.into_iter().map(|(_, _, v)| v).collect(),
        by_mentor,
    }
}
