//! Facets of the mentor directory: skills, industries, tracks and languages.
//!
//! Values are grouped case-insensitively (`Python` and `python` are one
//! value, shown in the spelling most profiles use) and slugged for their
//! URLs. Built once per build in one pass over the mentors, so facet pages
//! and counts cost nothing per page; after an edit, from the last build's
//! facets and the profiles that changed ([`Facets::build_after`]).

use crate::config::Config;
use crate::content::markdown::slugify;
use crate::content::MentorProfile;
use rustc_hash::FxHashMap;
use std::collections::HashSet;
use std::sync::Arc;

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
    /// The spellings the profiles use, and each entry of `flat` as the
    /// index of its spelling here: what the next build takes over for the
    /// profiles that did not change, without reading them again.
    spellings: Vec<String>,
    spelled: Vec<u32>,
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
    pub fn build(mentors: &[Arc<MentorProfile>], config: &Config) -> Facets {
        Facets::build_after(mentors, config, None)
    }

    /// The facets of `mentors`, given the mentors and facets of the last
    /// build (`before`): a profile that is the same allocation as one
    /// there is not read again, its spellings are taken from the last
    /// facets. The result is what [`Facets::build`] makes.
    ///
    /// Reading each profile's values is most of a build of the facets: ten
    /// thousand profiles, each value a string of its own in memory.
    pub fn build_after(
        mentors: &[Arc<MentorProfile>],
        config: &Config,
        before: Option<(&[Arc<MentorProfile>], &Facets)>,
    ) -> Facets {
        use rayon::prelude::*;
        // Each mentor's place in the last build, when unchanged.
        let earlier: Option<(Vec<Option<usize>>, &Facets)> = before.map(|(ms, facets)| {
            let at: FxHashMap<*const MentorProfile, usize> = ms
                .iter()
                .enumerate()
                .map(|(j, m)| (Arc::as_ptr(m), j))
                .collect();
            let places = mentors
                .iter()
                .map(|m| at.get(&Arc::as_ptr(m)).copied())
                .collect();
            (places, facets)
        });
        let facets = FacetKind::ALL
            .par_iter()
            .enumerate()
            .map(|(f, &kind)| {
                let before = earlier.as_ref().and_then(|(places, facets)| {
                    let facet = facets.facets.get(f).filter(|facet| facet.kind == kind)?;
                    Some((facet, places.as_slice()))
                });
                build_facet(kind, mentors, config, before)
            })
            .collect();
        Facets { facets }
    }

    pub fn get(&self, kind: FacetKind) -> &Facet {
        &self.facets[FacetKind::ALL.iter().position(|&k| k == kind).unwrap_or(0)]
    }
}

/// Builds one facet; `before` is the last build's facet of this kind with
/// each mentor's place in the last build, when it is unchanged.
fn build_facet(
    kind: FacetKind,
    mentors: &[Arc<MentorProfile>],
    config: &Config,
    before: Option<(&Facet, &[Option<usize>])>,
) -> Facet {
    // Each spelling gets an id, the last build's first: an unchanged
    // profile's entries are its ids from then, a changed one's are looked
    // up by text.
    let mut texts: Vec<&str> = Vec::new();
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    if let Some((facet, _)) = before {
        for text in &facet.spellings {
            ids.insert(text, texts.len() as u32);
            texts.push(text);
        }
    }
    let mut starts = Vec::with_capacity(mentors.len() + 1);
    starts.push(0);
    let mut spelled: Vec<u32> = Vec::new();
    for (i, m) in mentors.iter().enumerate() {
        match before.and_then(|(facet, places)| Some((facet, places[i]?))) {
            Some((facet, j)) => {
                spelled.extend_from_slice(&facet.spelled[facet.starts[j]..facet.starts[j + 1]]);
            }
            None => {
                for raw in kind.values_of(m) {
                    let id = *ids.entry(raw).or_insert_with(|| {
                        texts.push(raw);
                        texts.len() as u32 - 1
                    });
                    spelled.push(id);
                }
            }
        }
        starts.push(spelled.len());
    }
    // Only the spellings in use stay, in their order.
    let mut count = vec![0usize; texts.len()];
    for &id in &spelled {
        count[id as usize] += 1;
    }
    let mut kept = vec![0u32; texts.len()];
    let mut spellings: Vec<(&str, usize)> = Vec::new();
    for (id, &text) in texts.iter().enumerate() {
        if count[id] > 0 {
            kept[id] = spellings.len() as u32;
            spellings.push((text, count[id]));
        }
    }
    for id in &mut spelled {
        *id = kept[*id as usize];
    }
    // Values alike but for case are one group (by lowercased value).
    let mut group_of_key: FxHashMap<String, usize> = FxHashMap::default();
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let group_of: Vec<usize> = spellings
        .iter()
        .map(|(text, _)| {
            let key = text.to_lowercase();
            *group_of_key.entry(key.clone()).or_insert_with(|| {
                groups.push((key, Vec::new()));
                groups.len() - 1
            })
        })
        .collect();
    let mut flat = Vec::with_capacity(spelled.len());
    for i in 0..mentors.len() {
        for &id in &spelled[starts[i]..starts[i + 1]] {
            let g = group_of[id as usize];
            groups[g].1.push(i);
            flat.push(g);
        }
    }
    // Each group is shown in its most used spelling; of equally used
    // ones, the first in byte order.
    let mut shown: Vec<Option<(&str, usize)>> = vec![None; groups.len()];
    for (&(spelling, count), &g) in spellings.iter().zip(&group_of) {
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
        spellings: spellings.iter().map(|(text, _)| text.to_string()).collect(),
        spelled,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::path::Path;

    fn config() -> Config {
        Config::parse(
            Path::new("site.toml"),
            "title = \"T\"\nbase_url = \"https://t.example\"\n[tracks]\ndata = \"Data science\"\n",
        )
        .expect("config")
    }

    fn mentor(n: usize, values: [Vec<String>; 4]) -> Arc<MentorProfile> {
        use crate::content::{mentor, ContentFile, Found};
        let rel = format!("mentors/m{n}.md");
        let found = Found {
            kind: ContentFile::Mentor,
            path: Path::new("content").join(&rel),
            rel,
        };
        let source = format!("+++\nname = \"M{n}\"\ncapacity = 1\n+++\n");
        let parsed = mentor::parse(&found, source).expect("profile");
        let mut m = parsed
            .render(&Default::default(), &config(), Path::new("/nowhere"))
            .0
            .expect("valid profile");
        [m.skills, m.industries, m.tracks, m.languages] = values;
        Arc::new(m)
    }

    /// Each value (slug, label, mentors), and each mentor's values.
    type Shown = (Vec<(String, String, Vec<usize>)>, Vec<Vec<usize>>);

    /// What a build shows, by facet.
    fn shown(facets: &Facets, mentors: usize) -> Vec<Shown> {
        facets
            .facets
            .iter()
            .map(|f| {
                let values = f
                    .values
                    .iter()
                    .map(|v| (v.slug.clone(), v.label.clone(), v.mentors.clone()))
                    .collect();
                let of = (0..mentors).map(|i| f.indexes_of(i).to_vec()).collect();
                (values, of)
            })
            .collect()
    }

    /// Spellings alike but for case, ones that slug alike and a track.
    fn values() -> impl Strategy<Value = Vec<String>> {
        let words = [
            "Python",
            "python",
            "PYTHON",
            "Rust",
            "C",
            "C.",
            "c",
            "data",
            "Go",
            "Ünïcode",
        ];
        proptest::collection::vec(proptest::sample::select(words.to_vec()), 0..4)
            .prop_map(|v| v.into_iter().map(String::from).collect())
    }

    fn profile_values() -> impl Strategy<Value = [Vec<String>; 4]> {
        (values(), values(), values(), values()).prop_map(|(a, b, c, d)| [a, b, c, d])
    }

    proptest! {
        /// After any edits (a profile changed, added, removed, moved), the
        /// facets built from the last ones are the facets built afresh.
        #[test]
        fn facets_built_after_an_edit_are_the_facets_built_afresh(
            first in proptest::collection::vec(profile_values(), 0..12),
            edits in proptest::collection::vec((0usize..4, any::<usize>(), profile_values()), 1..6),
        ) {
            let config = config();
            let before: Vec<Arc<MentorProfile>> =
                first.into_iter().enumerate().map(|(n, v)| mentor(n, v)).collect();
            let built = Facets::build(&before, &config);
            let mut now = before.clone();
            for (n, (kind, at, values)) in edits.into_iter().enumerate() {
                let at = if now.is_empty() { 0 } else { at % now.len() };
                match kind {
                    0 if !now.is_empty() => now[at] = mentor(100 + n, values),
                    1 => now.insert(at, mentor(100 + n, values)),
                    2 if !now.is_empty() => { now.remove(at); }
                    _ if !now.is_empty() => { let m = now.remove(at); now.push(m); }
                    _ => now.push(mentor(100 + n, values)),
                }
            }
            let after = Facets::build_after(&now, &config, Some((&before, &built)));
            prop_assert_eq!(shown(&after, now.len()), shown(&Facets::build(&now, &config), now.len()));
        }
    }
}
