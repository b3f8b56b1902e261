//! What templates see: small serialisable views built from the model.
//!
//! Views borrow from the `Site` and carry only what a page shows, so a
//! template context costs little to build (no deep copies of sections, the
//! trap that makes many Zola themes slow) and can never reach raw CSV, raw
//! front matter or a private value.

use super::Urls;
use crate::content::markdown::TocEntry;
use crate::content::{MentorProfile, Page};
use crate::facets::{FacetKind, Facets};
use crate::photos::{self, Format, Photo};
use crate::site::Site;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct Link<'a> {
    pub title: &'a str,
    pub url: String,
}

/// The site as every template sees it.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    pub base_url: &'a str,
    /// Prefix for root-relative links: `""` or `/program`.
    pub base_path: &'a str,
    /// Top-level sections and the directory, for the main navigation.
    pub nav: Vec<Link<'a>>,
    pub tracks: BTreeMap<&'a str, &'a str>,
    pub extra: &'a toml::Table,
    /// The Content-Security-Policy for the pages' `<meta>`.
    pub csp: String,
}

impl<'a> SiteView<'a> {
    pub fn new(site: &'a Site, urls: &Urls) -> Self {
        let content = &site.content;
        let mut nav: Vec<Link> = content.sections[content.root()]
            .subsections
            .iter()
            .map(|&s| {
                let page = &content.pages[content.sections[s].page];
                Link {
                    title: &page.title,
                    url: urls.link(&page.url),
                }
            })
            .collect();
        if !site.mentors.is_empty() {
            nav.push(Link {
                title: "Mentors",
                url: urls.link("/mentors/"),
            });
        }
        if !site.surveys.rounds.is_empty() {
            nav.push(Link {
                title: "Results",
                url: urls.link("/results/"),
            });
        }
        SiteView {
            title: &site.config.title,
            description: &site.config.description,
            language: &site.config.language,
            base_url: &site.config.base_url,
            base_path: site.config.base_path(),
            nav,
            tracks: site.config.track_titles(),
            extra: &site.config.extra,
            csp: crate::http::headers::meta_content_security_policy(
                super::site_files::intake_origin(site).as_deref(),
            ),
        }
    }
}

/// A guide or section page.
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub url: String,
    pub permalink: String,
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    pub date: Option<&'a str>,
    pub updated: Option<&'a str>,
    pub word_count: usize,
    pub reading_minutes: usize,
    pub extra: &'a toml::Table,
}

impl<'a> PageView<'a> {
    pub fn new(page: &'a Page, urls: &Urls) -> Self {
        let word_count = page.text.split_whitespace().count();
        PageView {
            title: &page.title,
            description: page.description.as_deref(),
            url: urls.link(&page.url),
            permalink: urls.permalink(&page.url),
            content: &page.html,
            toc: &page.toc,
            date: page.date.as_deref(),
            updated: page.updated.as_deref(),
            word_count,
            reading_minutes: word_count.div_ceil(200).max(1),
            extra: &page.extra,
        }
    }
}

/// A page in a list: a section's contents, a sidebar.
#[derive(Debug, Serialize)]
pub struct PageSummary<'a> {
    pub title: &'a str,
    pub url: String,
    pub description: Option<&'a str>,
    pub updated: Option<&'a str>,
}

impl<'a> PageSummary<'a> {
    pub fn new(page: &'a Page, urls: &Urls) -> Self {
        PageSummary {
            title: &page.title,
            url: urls.link(&page.url),
            description: page.description.as_deref(),
            updated: page.updated.as_deref().or(page.date.as_deref()),
        }
    }
}

/// A facet value as a link with its count.
#[derive(Debug, Clone, Serialize)]
pub struct FacetLink<'a> {
    pub label: &'a str,
    pub slug: &'a str,
    pub url: String,
    /// How many mentors have the value; not on a card, whose pages would
    /// otherwise change with every other mentor's facets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
}

/// A facet with all its values, for the directory's facet lists.
#[derive(Debug, Serialize)]
pub struct FacetView<'a> {
    pub name: &'static str,
    pub title: &'static str,
    pub singular: &'static str,
    pub url: String,
    pub values: Vec<FacetLink<'a>>,
}

impl<'a> FacetView<'a> {
    pub fn all(facets: &'a Facets, urls: &Urls) -> Vec<FacetView<'a>> {
        FacetKind::ALL
            .iter()
            .map(|&kind| {
                let facet = facets.get(kind);
                FacetView {
                    name: kind.name(),
                    title: kind.title(),
                    singular: kind.singular(),
                    url: urls.link(&facet.url()),
                    values: facet
                        .values
                        .iter()
                        .map(|v| FacetLink {
                            label: &v.label,
                            slug: &v.slug,
                            url: urls.link(&facet.value_url(v)),
                            count: Some(v.mentors.len()),
                        })
                        .collect(),
                }
            })
            .collect()
    }
}

/// A mentor as a card in the directory and on facet pages.
#[derive(Debug, Serialize)]
pub struct MentorCard<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    /// First letter of the name, for the placeholder avatar.
    pub initials: String,
    pub headline: &'a str,
    pub url: String,
    /// The photo at the card's size.
    pub photo: Option<PhotoView>,
    pub photo_alt: &'a str,
    pub location: Option<&'a str>,
    pub remote: bool,
    pub skills: Vec<FacetLink<'a>>,
    pub tracks: Vec<FacetLink<'a>>,
    pub languages: Vec<FacetLink<'a>>,
    pub industries: Vec<FacetLink<'a>>,
    pub capacity: u32,
    pub open_spots: u32,
    /// "2 of 3 spots open", "Full".
    pub spots_label: String,
}

impl<'a> MentorCard<'a> {
    pub fn new(site: &'a Site, i: usize, urls: &Urls) -> Self {
        let m = &site.mentors[i];
        let links = |kind: FacetKind| -> Vec<FacetLink<'a>> {
            let facet = site.facets.get(kind);
            facet
                .values_of(i)
                .map(|v| FacetLink {
                    label: &v.label,
                    slug: &v.slug,
                    url: urls.link(&facet.value_url(v)),
                    count: None,
                })
                .collect()
        };
        let open = site.open_spots(i);
        MentorCard {
            slug: &m.slug,
            name: &m.name,
            initials: m
                .name
                .chars()
                .find(|c| c.is_alphanumeric())
                .map(|c| c.to_uppercase().collect())
                .unwrap_or_default(),
            headline: &m.headline,
            url: urls.link(&m.url),
            photo: m
                .photo
                .as_ref()
                .map(|p| PhotoView::new(&m.slug, p, photos::CARD, urls)),
            photo_alt: &m.photo_alt,
            location: m.location.as_deref(),
            remote: m.remote,
            skills: links(FacetKind::Skills),
            tracks: links(FacetKind::Tracks),
            languages: links(FacetKind::Languages),
            industries: links(FacetKind::Industries),
            capacity: m.capacity,
            open_spots: open,
            spots_label: spots_label(open, m.capacity),
        }
    }
}

pub fn spots_label(open: u32, capacity: u32) -> String {
    match (open, capacity) {
        (0, _) => "Full".into(),
        (1, 1) => "1 spot open".into(),
        (o, c) if o == c => format!("{c} spots open"),
        (o, c) => format!("{o} of {c} spots open"),
    }
}

/// A photo as a template shows it at one square `size` (CSS pixels): the
/// fallback image for `src`, and 1× and 2× candidates in the fallback
/// format and in WebP (for a `<picture>` source). A remote photo has only
/// `src`.
#[derive(Debug, Clone, Serialize)]
pub struct PhotoView {
    pub src: String,
    pub srcset: String,
    pub webp_srcset: String,
    /// The fallback's MIME type.
    pub mime: &'static str,
    /// `sizes` for both candidate lists: always `size` CSS pixels.
    pub sizes: String,
    pub size: u32,
}

impl PhotoView {
    pub fn new(slug: &str, photo: &Photo, size: u32, urls: &Urls) -> PhotoView {
        let processed = match photo {
            Photo::Local(local) => local.processed.as_ref(),
            Photo::Remote(_) => None,
        };
        let Some(processed) = processed else {
            let src = match photo {
                Photo::Remote(url) => url.clone(),
                Photo::Local(_) => String::new(),
            };
            return PhotoView {
                src,
                srcset: String::new(),
                webp_srcset: String::new(),
                mime: "",
                sizes: String::new(),
                size,
            };
        };
        let url = |width: u32, format: Format| {
            urls.link(&format!("/{}", processed.output_path(slug, width, format)))
        };
        let set = |format: Format| {
            [size, 2 * size]
                .map(|w| format!("{} {w}w", url(w, format)))
                .join(", ")
        };
        PhotoView {
            src: url(size, processed.fallback),
            srcset: set(processed.fallback),
            webp_srcset: set(Format::Webp),
            mime: processed.fallback.mime(),
            sizes: format!("{size}px"),
            size,
        }
    }
}

/// Everything a profile page shows beyond the card.
#[derive(Debug, Serialize)]
pub struct MentorView<'a> {
    #[serde(flatten)]
    pub card: MentorCard<'a>,
    /// The photo at the profile page's size.
    pub photo_large: Option<PhotoView>,
    pub permalink: String,
    pub bio: &'a str,
    pub timezone: Option<&'a str>,
    pub meeting_formats: &'a [String],
    pub years_experience: Option<u32>,
    pub links: &'a BTreeMap<String, String>,
    pub extra: &'a toml::Table,
}

impl<'a> MentorView<'a> {
    pub fn new(site: &'a Site, i: usize, urls: &Urls) -> Self {
        let m: &'a MentorProfile = &site.mentors[i];
        MentorView {
            card: MentorCard::new(site, i, urls),
            photo_large: m
                .photo
                .as_ref()
                .map(|p| PhotoView::new(&m.slug, p, photos::PROFILE, urls)),
            permalink: urls.permalink(&m.url),
            bio: &m.bio_html,
            timezone: m.timezone.as_deref(),
            meeting_formats: &m.meeting_formats,
            years_experience: m.years_experience,
            links: &m.links,
            extra: &m.extra,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spots_read_naturally() {
        assert_eq!(spots_label(0, 3), "Full");
        assert_eq!(spots_label(2, 3), "2 of 3 spots open");
        assert_eq!(spots_label(3, 3), "3 spots open");
        assert_eq!(spots_label(1, 1), "1 spot open");
    }
}

/// A question's trend with its chart, as the trends templates show it.
#[derive(Serialize)]
pub(super) struct TrendView<'a> {
    #[serde(flatten)]
    trend: &'a crate::forms::QuestionTrend,
    chart: Option<String>,
}

/// The views of `trends`, each with its chart drawn.
pub(super) fn trend_views(trends: &[crate::forms::QuestionTrend]) -> Vec<TrendView<'_>> {
    trends
        .iter()
        .map(|trend| TrendView {
            chart: crate::forms::trend_chart(trend),
            trend,
        })
        .collect()
}
