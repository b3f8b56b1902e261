//! Facets of the mentor directory: skills, industries, tracks and languages.
//!
//! Values are grouped case-insensitively (`Python` and `python` are one
//! value, shown in the spelling most profiles use) and slugged for their
//! URLs. Built once per build in one pass over the mentors, so facet pages
//! and counts cost nothing per page.

use crate::config::Config;
use crate::content::markdown::slugify;
use crate::content::MentorProfile;
use rustc_hash::FxHashMap;
use std::collections::HashSet;

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
    /// looked up once here, read by every card, index and page. Mentor
    /// `i`'s are `flat[starts[i]..starts[i + 1]]`.
    starts: Vec<usize>,
    flat: Vec<usize>,
}

impl Facet {
    /// The values of mentor `i` (in the site's order), as its profile
    /// lists them.
    pub fn values_of(&self, i: usize) -> impl Iterator<Item = &FacetValue> {
        self.indexes_of(i).iter().map(|&v| &self.values[v])
    }

    /// The indexes in `values` of mentor `i`'s values.
    pub fn indexes_of(&self, i: usize) -> &[usize] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&from), Some(&to)) => &self.flat[from..to],
            _ => &[],
        }
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
    // Values alike but for case are one group (by lowercased value).
    // Most profiles spell a value as others do, so each spelling is
    // lowercased and looked up once: spelling → its group and count.
    let mut spelling_ids: FxHashMap<&str, usize> = FxHashMap::default();
    let mut spellings: Vec<(&str, usize, usize)> = Vec::new();
    let mut group_of_key: FxHashMap<String, usize> = FxHashMap::default();
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut starts = Vec::with_capacity(mentors.len() + 1);
    starts.push(0);
    let mut flat = Vec::new();
    for (i, m) in mentors.iter().enumerate() {
        for raw in kind.values_of(m) {
            let id = match spelling_ids.get(raw.as_str()) {
                Some(&id) => id,
                None => {
                    let key = raw.to_lowercase();
                    let g = *group_of_key.entry(key.clone()).or_insert_with(|| {
                        groups.push((key, Vec::new()));
                        groups.len() - 1
                    });
                    spellings.push((raw.as_str(), g, 0));
                    spelling_ids.insert(raw.as_str(), spellings.len() - 1);
                    spellings.len() - 1
                }
            };
            let (_, g, count) = &mut spellings[id];
            *count += 1;
            groups[*g].1.push(i);
            flat.push(*g);
        }
        starts.push(flat.len());
    }
    // Each group is shown in its most used spelling; of equally used
    // ones, the first in byte order.
    let mut shown: Vec<Option<(&str, usize)>> = vec![None; groups.len()];
    for &(spelling, g, count) in &spellings {
        if shown[g].is_none_or(|(s, c)| count > c || (count == c && spelling < s)) {
            shown[g] = Some((spelling, count));
        }
    }
    let mut values: Vec<(usize, String, FacetValue)> = groups
        .into_iter()
        .enumerate()
        .map(|(g, (key, mentors))| {
            let spelling = shown[g].map_or(key.as_str(), |(s, _)| s).to_string();
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
    for g in &mut flat {
        *g = index_of_group[*g];
    }
    Facet {
        kind,
        values: values.into_iter().map(|(_, _, v)| v).collect(),
        starts,
        flat,
    }
}
