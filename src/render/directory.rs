//! The mentor directory: its pages, one page per mentor, facet pages, and
//! the compact JSON index the directory's filter script reads.
//!
//! Facet pages and counts come from the precomputed `Facets`, so the work is
//! linear in the number of mentors and facet values.

use super::splice::{self, Frame};
use super::views::{FacetView, MentorCard, MentorView, PhotoView};
use super::{Job, OutputFile, Templates, Urls};
use crate::diagnostic::Diagnostic;
use crate::facets::FacetKind;
use crate::site::Site;
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;

#[derive(Serialize)]
struct Paginator {
    current: usize,
    total: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
    pages: Vec<PagerLink>,
}

#[derive(Serialize)]
struct PagerLink {
    number: usize,
    url: String,
    current: bool,
    /// Stands for the pages left out between two links.
    gap: bool,
}

/// Page `n` (0-based) of a paginated list whose first page is at `base`
/// (`/mentors/`): later pages are at `base` + `page/N/`.
pub(super) fn paged_url(base: &str, n: usize) -> String {
    if n == 0 {
        base.to_string()
    } else {
        format!("{base}page/{}/", n + 1)
    }
}

impl Paginator {
    fn new(base: &str, n: usize, total: usize, urls: &Urls) -> Paginator {
        Paginator {
            current: n + 1,
            total,
            prev_url: (n > 0).then(|| urls.link(&paged_url(base, n - 1))),
            next_url: (n + 1 < total).then(|| urls.link(&paged_url(base, n + 1))),
            pages: window(n, total)
                .into_iter()
                .map(|i| match i {
                    Some(i) => PagerLink {
                        number: i + 1,
                        url: urls.link(&paged_url(base, i)),
                        current: i == n,
                        gap: false,
                    },
                    None => PagerLink {
                        number: 0,
                        url: String::new(),
                        current: false,
                        gap: true,
                    },
                })
                .collect(),
        }
    }
}

/// The pages a pager links: the first, the last, and two on each side of
/// the current one; `None` where pages are left out. A list of 150 pages
/// gets 7 links, not 150 on each of its pages.
fn window(n: usize, total: usize) -> Vec<Option<usize>> {
    let mut pages = Vec::new();
    for i in 0..total {
        if i == 0 || i + 1 == total || i.abs_diff(n) <= 2 {
            pages.push(Some(i));
        } else if pages.last().is_some_and(Option::is_some) {
            pages.push(None);
        }
    }
    pages
}

/// Pages a list of `items` takes at the site's page size.
pub fn pages_for(site: &Site, items: usize) -> usize {
    items.div_ceil(site.config.directory.page_size).max(1)
}

/// Every mentor's card, rendered once with `card.html` and reused on the
/// directory and every facet page it appears on (a mentor is on about ten).
pub fn render_cards(
    site: &Site,
    templates: &Templates,
    urls: &Urls,
    base: &tera::Context,
) -> Result<Vec<Card>, Diagnostic> {
    (0..site.mentors.len())
        .into_par_iter()
        .map(|i| render_card(site, templates, urls, base, i))
        .collect()
}

pub fn render_card(
    site: &Site,
    templates: &Templates,
    urls: &Urls,
    base: &tera::Context,
    i: usize,
) -> Result<Card, Diagnostic> {
    let mut context = base.clone();
    context.insert("m", &MentorCard::new(site, i, urls));
    templates.render("card.html", &context).map(Card::from)
}

/// A rendered card, shared by every list it appears on (and kept by the
/// preview between renders) without copying.
pub type Card = std::sync::Arc<str>;

/// Cards whose photo a visitor sees without scrolling, on a phone or in
/// the first row on a wide screen: their photos load at once.
pub const EAGER_CARDS: usize = 3;

/// The cards of one page: a card is rendered once with a lazily loaded
/// photo (`loading="lazy"`, as the theme writes it), and the first
/// `EAGER_CARDS` of a page lose that attribute, so the first screen does
/// not wait for the browser's layout before fetching its photos.
fn first_screen<'a>(cards: impl Iterator<Item = &'a str>) -> Vec<Cow<'a, str>> {
    const LAZY: &str = " loading=\"lazy\"";
    cards
        .enumerate()
        .map(|(i, card)| {
            if i < EAGER_CARDS && card.contains(LAZY) {
                Cow::Owned(card.replacen(LAZY, "", 1))
            } else {
                Cow::Borrowed(card)
            }
        })
        .collect()
}

/// Renders list page `template` with its `cards`, the rendered HTML of
/// each, as the template's `cards`; and its frame (see [`splice`]).
fn render_list(
    templates: &Templates,
    template: &str,
    context: &mut tera::Context,
    cards: &[Cow<str>],
) -> Result<(String, Option<Frame>), Diagnostic> {
    splice::render(templates, template, context, cards, |context, cards| {
        context.insert("cards", cards)
    })
}

/// List page `job` (a directory or facet value page) drawn into `frame`,
/// the frame it had when drawn with the same context: only its cards
/// changed. `None` for another page, or when the frame does not fit.
pub fn list_again(site: &Site, cards: &[Card], job: Job, frame: &str) -> Option<OutputFile> {
    let (url, cards) = match job {
        Job::Directory(n) => (directory_url(n), directory_cards(site, cards, n)),
        Job::FacetValue(f, v, n) => {
            let facet = &site.facets.facets[f];
            let url = paged_url(&facet.value_url(&facet.values[v]), n);
            (url, facet_cards(site, cards, f, v, n))
        }
        _ => return None,
    };
    splice::again(frame, &cards).map(|page| OutputFile::html(&url, page))
}

pub fn page_count(site: &Site) -> usize {
    pages_for(site, site.mentors.len())
}

#[cfg(test)]
mod tests {
    use super::window;

    #[test]
    fn pagers_link_a_window_of_pages() {
        assert_eq!(window(0, 1), [Some(0)]);
        assert_eq!(window(0, 4), [Some(0), Some(1), Some(2), Some(3)]);
        assert_eq!(
            window(5, 20),
            [
                Some(0),
                None,
                Some(3),
                Some(4),
                Some(5),
                Some(6),
                Some(7),
                None,
                Some(19)
            ]
        );
        assert_eq!(
            window(19, 20),
            [Some(0), None, Some(17), Some(18), Some(19)]
        );
    }
}

pub fn directory_url(n: usize) -> String {
    paged_url("/mentors/", n)
}

/// Page `n` (0-based) of the directory.
pub fn directory(
    site: &Site,
    templates: &Templates,
    urls: &Urls,
    context: &mut tera::Context,
    cards: &[Card],
    n: usize,
) -> Result<(OutputFile, Option<Frame>), Diagnostic> {
    let total = page_count(site);
    let cards = directory_cards(site, cards, n);
    let paginator = Paginator::new("/mentors/", n, total, urls);
    let url = directory_url(n);
    let title = if n == 0 {
        "Mentors".to_string()
    } else {
        format!("Mentors, page {} of {total}", n + 1)
    };
    context.insert("title", &title);
    // Counts on the first page only (see `facets` below).
    let description = if n == 0 {
        format!(
            "Browse {} mentors by skill, industry, track and language.",
            site.mentors.len()
        )
    } else {
        "Browse mentors by skill, industry, track and language.".to_string()
    };
    context.insert("description", &description);
    context.insert("current_url", &urls.link(&url));
    // The number of mentors on the first page; later pages say which of
    // them they show, so a mentor who joins or leaves changes the pages
    // the order moved, not every page.
    if n == 0 {
        context.insert("total", &site.mentors.len());
    }
    let first = n * site.config.directory.page_size;
    context.insert("first", &(first + 1));
    context.insert("last", &(first + cards.len()));
    // Every facet value with its count on the first page only: later pages
    // name the facets, so a changed count re-renders one page, not all.
    if n == 0 {
        context.insert("facets", &FacetView::all(&site.facets, urls));
    } else {
        let headers: Vec<FacetHeader> = FacetKind::ALL
            .iter()
            .map(|&kind| header(kind, urls))
            .collect();
        context.insert("facets", &headers);
    }
    context.insert("paginator", &paginator);
    context.insert("index_url", &urls.link("/mentors/index.json"));
    let (page, frame) = render_list(templates, "mentors.html", context, &cards)?;
    Ok((OutputFile::html(&url, page), frame))
}

/// The cards of directory page `n`.
fn directory_cards<'a>(site: &Site, cards: &'a [Card], n: usize) -> Vec<Cow<'a, str>> {
    let size = site.config.directory.page_size;
    let start = (n * size).min(site.mentors.len());
    let end = (start + size).min(site.mentors.len());
    first_screen(cards[start..end].iter().map(|c| &**c))
}

/// The cards of page `n` of facet `f`'s value `v`.
fn facet_cards<'a>(
    site: &Site,
    cards: &'a [Card],
    f: usize,
    v: usize,
    n: usize,
) -> Vec<Cow<'a, str>> {
    let size = site.config.directory.page_size;
    let value = &site.facets.facets[f].values[v];
    first_screen(
        value
            .mentors
            .iter()
            .skip(n * size)
            .take(size)
            .map(|&i| &*cards[i]),
    )
}

/// How to ask for a mentor: the application form with the mentor
/// preselected (the page's script fills the answer from the query), when
/// the program has an application form that asks for mentors. The slug is
/// what `match` reads from that answer.
pub(super) fn apply_url(site: &Site, slug: &str, urls: &Urls) -> Option<String> {
    use crate::applications::{APPLICATION_FORM, RANKED_MENTORS};
    let form = site.surveys.form(APPLICATION_FORM)?;
    form.questions
        .iter()
        .any(|q| q.id == RANKED_MENTORS)
        .then(|| {
            format!(
                "{}?{RANKED_MENTORS}={slug}",
                urls.link(&format!("/forms/{APPLICATION_FORM}/"))
            )
        })
}

pub fn profile(
    site: &Site,
    templates: &Templates,
    urls: &Urls,
    context: &mut tera::Context,
    i: usize,
) -> Result<OutputFile, Diagnostic> {
    let m = &site.mentors[i];
    context.insert("title", &m.name);
    context.insert("description", &m.headline);
    context.insert("current_url", &urls.link(&m.url));
    context.insert("mentor", &MentorView::new(site, i, urls));
    context.insert("apply_url", &apply_url(site, &m.slug, urls));
    Ok(OutputFile::html(
        &m.url,
        templates.render("mentor.html", context)?,
    ))
}

#[derive(Serialize)]
struct FacetHeader {
    name: &'static str,
    title: &'static str,
    singular: &'static str,
    url: String,
}

fn header(kind: FacetKind, urls: &Urls) -> FacetHeader {
    FacetHeader {
        name: kind.name(),
        title: kind.title(),
        singular: kind.singular(),
        url: urls.link(&format!("/mentors/{}/", kind.name())),
    }
}

/// `/mentors/skills/`: every value of one facet with its count.
pub fn facet_index(
    site: &Site,
    templates: &Templates,
    urls: &Urls,
    context: &mut tera::Context,
    f: usize,
) -> Result<OutputFile, Diagnostic> {
    let kind = site.facets.facets[f].kind;
    let view = FacetView::all(&site.facets, urls).into_iter().nth(f);
    let url = format!("/mentors/{}/", kind.name());
    context.insert("title", &format!("Mentors by {}", kind.singular()));
    context.insert(
        "description",
        &format!("Every {} our mentors offer.", kind.singular()),
    );
    context.insert("current_url", &urls.link(&url));
    context.insert("facet", &view);
    Ok(OutputFile::html(
        &url,
        templates.render("facets.html", context)?,
    ))
}

/// `/mentors/skills/python/` (and `page/2/` …): the mentors with one facet
/// value, paginated like the directory.
#[allow(clippy::too_many_arguments)]
pub fn facet_value(
    site: &Site,
    templates: &Templates,
    urls: &Urls,
    context: &mut tera::Context,
    cards: &[Card],
    f: usize,
    v: usize,
    n: usize,
) -> Result<(OutputFile, Option<Frame>), Diagnostic> {
    let facet = &site.facets.facets[f];
    let value = &facet.values[v];
    let total = pages_for(site, value.mentors.len());
    let base = facet.value_url(value);
    let cards = facet_cards(site, cards, f, v, n);
    let url = paged_url(&base, n);
    let title = if n == 0 {
        format!("Mentors: {}", value.label)
    } else {
        format!("Mentors: {}, page {} of {total}", value.label, n + 1)
    };
    context.insert("paginator", &Paginator::new(&base, n, total, urls));
    context.insert("title", &title);
    // The value's count on its first page only: a later page changes when
    // its own mentors do, not when one joins or leaves another page.
    let description = if n == 0 {
        format!(
            "{} mentors with the {} {}.",
            value.mentors.len(),
            facet.kind.singular(),
            value.label
        )
    } else {
        format!(
            "Mentors with the {} {}.",
            facet.kind.singular(),
            value.label
        )
    };
    context.insert("description", &description);
    context.insert("current_url", &urls.link(&url));
    context.insert("facet", &header(facet.kind, urls));
    // Its count, like the description, on the first page only: the
    // preview draws a later page again when its own mentors change.
    let mut shown = serde_json::json!({ "label": value.label, "slug": value.slug });
    if n == 0 {
        shown["count"] = value.mentors.len().into();
    }
    context.insert("value", &shown);
    let (page, frame) = render_list(templates, "facet.html", context, &cards)?;
    Ok((OutputFile::html(&url, page), frame))
}

/// One mentor in the filter index; a tuple serialises as a JSON array:
/// `[slug, name, headline, location, remote (0/1), open spots, capacity,
/// [[value indexes] per facet in `facets` order], photo]`, where photo is
/// `[src, webp srcset]` for the card's size (srcset empty for a remote
/// photo).
type MentorRow<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    u8,
    u32,
    u32,
    Vec<&'a [usize]>,
    Option<(String, String)>,
);

#[derive(Serialize)]
struct FacetValues<'a> {
    name: &'static str,
    title: &'static str,
    values: Vec<(&'a str, &'a str)>,
}

/// Mentor `i`'s row of the filter index, as JSON: the preview keeps each
/// mentor's and puts the file together from them.
pub fn filter_row(site: &Site, urls: &Urls, i: usize) -> Vec<u8> {
    let m = &site.mentors[i];
    let values: Vec<&[usize]> = FacetKind::ALL
        .iter()
        .map(|&kind| site.facets.get(kind).indexes_of(i))
        .collect();
    let row: MentorRow = (
        m.slug.as_str(),
        m.name.as_str(),
        m.headline.as_str(),
        m.location.as_deref().unwrap_or(""),
        u8::from(m.remote),
        site.open_spots(i),
        m.capacity,
        values,
        m.photo.as_ref().map(|p| {
            let view = PhotoView::new(&m.slug, p, crate::photos::CARD, urls);
            (view.src, view.webp_srcset)
        }),
    );
    super::json_bytes(&row)
}

/// The filter index made of the mentors' `rows` ([`filter_row`]), in the
/// site's order: `{"facets": [{name, title, values: [[slug, label]]}],
/// "mentors": [row]}`. Facet values are written once and rows point into
/// them, so the file stays small at thousands of mentors.
pub fn filter_file(site: &Site, rows: &[impl AsRef<[u8]>]) -> OutputFile {
    let facets: Vec<FacetValues> = FacetKind::ALL
        .iter()
        .map(|&kind| FacetValues {
            name: kind.name(),
            title: kind.title(),
            values: site
                .facets
                .get(kind)
                .values
                .iter()
                .map(|v| (v.slug.as_str(), v.label.as_str()))
                .collect(),
        })
        .collect();
    let mut json = b"{\"facets\":".to_vec();
    json.extend(super::json_bytes(&facets));
    json.extend_from_slice(b",\"mentors\":[");
    for (n, row) in rows.iter().enumerate() {
        if n > 0 {
            json.push(b',');
        }
        json.extend_from_slice(row.as_ref());
    }
    json.extend_from_slice(b"]}");
    OutputFile::bytes("mentors/index.json", json)
}
