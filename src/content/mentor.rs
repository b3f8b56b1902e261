//! Mentor profiles: `content/mentors/<slug>.md`.
//!
//! Profiles are written by (or for) many mentors, so the biography is
//! treated as untrusted: its HTML is sanitised with an allow-list and every
//! link gets `rel="noopener nofollow ugc"`. Tracks must be declared in
//! `site.toml`, so a typo never creates a stray facet.

use super::front_matter::{self, MentorFrontMatter};
use super::markdown::{self, slugify, SourceRef};
use super::Found;
use crate::config::Config;
use crate::diagnostic::{line_column, nearest, Diagnostic};
use crate::photos::{self, KeyPosition, LocalPhoto, Photo};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub struct ParsedMentor {
    pub slug: String,
    pub path: PathBuf,
    pub source: String,
    pub body_offset: usize,
    pub front_matter_offset: usize,
    pub front: MentorFrontMatter,
}

pub fn parse(found: &Found, source: String) -> Result<ParsedMentor, Diagnostic> {
    let split = front_matter::split(&found.path, &source)?;
    let front: MentorFrontMatter = front_matter::parse(&found.path, &source, &split)?;
    let stem = found
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let (body_offset, front_matter_offset) = (split.body_offset, split.front_matter_offset);
    Ok(ParsedMentor {
        slug: slugify(&stem),
        path: found.path.clone(),
        body_offset,
        front_matter_offset,
        source,
        front,
    })
}

/// A mentor as the directory and the profile page show them.
#[derive(Debug, Clone)]
pub struct MentorProfile {
    pub slug: String,
    pub path: PathBuf,
    pub url: String,
    pub name: String,
    pub headline: String,
    /// The photo, when there is one.
    pub photo: Option<Photo>,
    pub photo_alt: String,
    pub skills: Vec<String>,
    pub industries: Vec<String>,
    pub tracks: Vec<String>,
    pub languages: Vec<String>,
    pub location: Option<String>,
    pub timezone: Option<String>,
    pub remote: bool,
    pub capacity: u32,
    pub meeting_formats: Vec<String>,
    pub years_experience: Option<u32>,
    pub links: BTreeMap<String, String>,
    pub draft: bool,
    pub extra: toml::Table,
    /// Sanitised biography HTML.
    pub bio_html: String,
    pub bio_text: String,
    /// Changes whenever the file or its rendered biography does: what the
    /// preview compares to know which pages show something new.
    pub fingerprint: u64,
    /// What a card and the directory's filter index show of the profile
    /// besides its facets and open spots (slug, name, headline, location,
    /// remote, capacity, the processed photo), as one number, made when
    /// the profile is loaded rather than on every render of the preview.
    pub shown: u64,
    /// The name in lower case, which the directory sorts by: made once, as
    /// the preview sorts ten thousand profiles after every edit.
    sort_name: String,
}

impl MentorProfile {
    /// Makes [`shown`](Self::shown) again; called once the photo is
    /// processed.
    pub fn note_shown(&mut self) {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        (
            &self.slug,
            &self.name,
            &self.headline,
            &self.location,
            self.remote,
            self.capacity,
        )
            .hash(&mut h);
        if let Some(photo) = &self.photo {
            format!("{photo:?}").hash(&mut h);
        }
        self.shown = h.finish();
    }

    /// The directory's order: by name, whatever its case, then by slug.
    pub fn directory_order(&self, other: &MentorProfile) -> std::cmp::Ordering {
        (&self.sort_name, &self.slug).cmp(&(&other.sort_name, &other.slug))
    }
}

impl ParsedMentor {
    /// Renders the biography and checks the profile against the site.
    pub fn render(
        &self,
        targets: &std::collections::HashMap<String, String>,
        config: &Config,
        root: &Path,
    ) -> (Result<MentorProfile, Vec<Diagnostic>>, Vec<Diagnostic>) {
        let mut errors = Vec::new();
        let f = &self.front;
        let at = |needle: &str| -> usize {
            self.source[self.front_matter_offset..]
                .find(needle)
                .map_or(self.front_matter_offset, |i| self.front_matter_offset + i)
        };
        if f.name.trim().is_empty() {
            errors.push(
                Diagnostic::error(&self.path, "`name` must not be empty")
                    .at_offset(&self.source, at("name")),
            );
        }
        for track in &f.tracks {
            if config.track_title(track).is_none() {
                let mut d = Diagnostic::error(
                    &self.path,
                    format!("track `{track}` is not declared in site.toml [tracks]"),
                )
                .at_offset(&self.source, at(&format!("\"{track}\"")) + 1);
                d = match nearest(track, config.track_ids()) {
                    Some(near) => d.with_hint(format!("did you mean `{near}`?")),
                    None => d.with_hint(format!(
                        "declared tracks: {}",
                        config.track_ids().collect::<Vec<_>>().join(", ")
                    )),
                };
                errors.push(d);
            }
        }
        let mut links = BTreeMap::new();
        for (name, url) in &f.links {
            match crate::html::safe_link(url) {
                Some(url) => {
                    links.insert(name.clone(), url);
                }
                None => errors.push(
                    Diagnostic::error(
                        &self.path,
                        format!("link `{name}` must be an http, https or mailto address"),
                    )
                    .at_offset(&self.source, {
                        let table = at("links");
                        self.source[table..]
                            .find(name.as_str())
                            .map_or(table, |i| table + i)
                    })
                    .with_hint("write it in full, for example `https://example.org` or `mailto:ada@example.org`"),
                ),
            }
        }
        let photo = self.photo(root, &mut errors);

        let origin = SourceRef {
            path: &self.path,
            source: &self.source,
            body_offset: self.body_offset,
        };
        let rendered = markdown::render(&self.source[self.body_offset..], &origin, targets);
        let warnings = rendered.diagnostics;
        if !errors.is_empty() {
            return (Err(errors), warnings);
        }
        let f = &self.front;
        let mut profile = MentorProfile {
            url: format!("/mentors/{}/", self.slug),
            photo_alt: f.photo_alt.clone().unwrap_or_else(|| f.name.clone()),
            photo,
            name: f.name.clone(),
            sort_name: f.name.to_lowercase(),
            shown: 0,
            headline: f.headline.clone(),
            skills: clean_list(f.skills.clone()),
            industries: clean_list(f.industries.clone()),
            tracks: clean_list(f.tracks.clone()),
            languages: clean_list(f.languages.clone()),
            location: f.location.clone().filter(|s| !s.trim().is_empty()),
            timezone: f.timezone.clone().filter(|s| !s.trim().is_empty()),
            remote: f.remote,
            capacity: f.capacity,
            meeting_formats: clean_list(f.meeting_formats.clone()),
            years_experience: f.years_experience,
            links,
            draft: f.draft,
            extra: f.extra.clone(),
            fingerprint: super::fingerprint(&self.source, &rendered.html),
            bio_html: sanitize(&rendered.html),
            bio_text: rendered.text,
            slug: self.slug.clone(),
            path: self.path.clone(),
        };
        profile.note_shown();
        (Ok(profile), warnings)
    }
}

impl ParsedMentor {
    /// Where `key = …` starts in the front matter (its first column), or the
    /// front matter's start.
    fn key_offset(&self, key: &str) -> usize {
        let front = &self.source[self.front_matter_offset..self.body_offset];
        let mut offset = self.front_matter_offset;
        for line in front.split_inclusive('\n') {
            let trimmed = line.trim_start();
            if let Some(rest) = trimmed.strip_prefix(key) {
                if rest.trim_start().starts_with('=') {
                    return offset + (line.len() - trimmed.len());
                }
            }
            offset += line.len();
        }
        self.front_matter_offset
    }

    /// The profile's photo: an address as given, or a file of the site
    /// (never one outside it); problems go to `errors` at the `photo` key.
    fn photo(&self, root: &Path, errors: &mut Vec<Diagnostic>) -> Option<Photo> {
        let f = &self.front;
        let value = f.photo.as_ref()?;
        let at = self.key_offset("photo");
        if let Some([x, y]) = f.photo_focus {
            if !(0.0..=1.0).contains(&x) || !(0.0..=1.0).contains(&y) {
                errors.push(
                    Diagnostic::error(
                        &self.path,
                        "`photo_focus` must be two fractions from 0 to 1",
                    )
                    .at_offset(&self.source, self.key_offset("photo_focus"))
                    .with_hint("[0.5, 0.5] is the centre, [0.5, 0.25] halfway up"),
                );
            }
        }
        if value.starts_with("https://") || value.starts_with("http://") {
            return Some(Photo::Remote(value.clone()));
        }
        match photos::locate(&self.path, root, value) {
            Ok(source) => {
                let (line, column) = line_column(&self.source, at);
                Some(Photo::Local(LocalPhoto {
                    source,
                    focus: f.photo_focus.map(|[x, y]| (x, y)),
                    key: KeyPosition {
                        profile: self.path.clone(),
                        line,
                        column,
                        excerpt: self.source.lines().nth(line - 1).unwrap_or("").to_string(),
                    },
                    processed: None,
                }))
            }
            Err(refused) => {
                errors.push(
                    Diagnostic::error(&self.path, refused.message)
                        .at_offset(&self.source, at)
                        .with_hint(refused.hint),
                );
                None
            }
        }
    }
}

/// Trims values and drops empty and repeated ones (case-insensitively).
fn clean_list(values: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    values
        .into_iter()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty() && seen.insert(v.to_lowercase()))
        .collect()
}

/// Allow-list sanitising of a profile's HTML: no scripts, event handlers,
/// `javascript:` URLs, iframes or styles.
pub fn sanitize(html: &str) -> String {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER
        .get_or_init(|| {
            let mut b = ammonia::Builder::default();
            b.link_rel(Some("noopener nofollow ugc"))
                .add_generic_attributes(["class"])
                .add_tag_attributes("h2", ["id"])
                .add_tag_attributes("h3", ["id"])
                .add_tag_attributes("h4", ["id"])
                .add_tag_attributes("h5", ["id"])
                .add_tag_attributes("h6", ["id"])
                .add_tag_attributes("div", ["id"])
                .add_tag_attributes("span", ["aria-hidden"]);
            b
        })
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_removes_active_content_and_marks_links() {
        let dirty = r#"<p onclick="x()">Hi<script>alert(1)</script><a href="javascript:alert(1)">a</a><a href="https://e.org">b</a><iframe src="x"></iframe></p>"#;
        let clean = sanitize(dirty);
        assert!(!clean.contains("script"));
        assert!(!clean.contains("onclick"));
        assert!(!clean.contains("javascript:"));
        assert!(!clean.contains("iframe"));
        assert!(
            clean.contains(r#"<a href="https://e.org" rel="noopener nofollow ugc">b</a>"#),
            "{clean}"
        );
    }

    #[test]
    fn lists_are_trimmed_and_deduplicated() {
        assert_eq!(
            clean_list(vec![
                " Python".into(),
                "python".into(),
                "".into(),
                "Rust".into()
            ]),
            ["Python", "Rust"]
        );
    }
}
