//! Files that are not drawn with a theme template: `sitemap.xml`,
//! `robots.txt`, redirect pages for `aliases` and the directory's filter
//! index. (The search index is made in `crate::search`.)

use super::owners::Owner;
use super::{directory, OutputFile, Urls};
use crate::facets::FacetKind;
use crate::html::escape;
use crate::site::Site;
use rayon::prelude::*;
use std::fmt::Write as _;

/// The security headers for static hosts that read such a file.
pub const HEADERS_FILE: &str = "_headers";

/// The origin of the intake when forms post to another host.
pub fn intake_origin(site: &Site) -> Option<String> {
    crate::http::headers::origin_of(&site.config.intake.url)
}

/// Every site-wide file, with what produced it.
pub fn files(site: &Site, urls: &Urls) -> Vec<(OutputFile, Owner)> {
    let mut owned = listing_files(site, urls);
    let rows: Vec<Vec<u8>> = (0..site.mentors.len())
        .into_par_iter()
        .map(|i| directory::filter_row(site, urls, i))
        .collect();
    owned.extend(filter_index(site, &rows));
    owned
}

/// The files that list the site's pages: the sitemap, the feed, robots.txt,
/// the headers file and the redirect pages of aliases.
pub fn listing_files(site: &Site, urls: &Urls) -> Vec<(OutputFile, Owner)> {
    let mut files = feed_files(site, urls);
    files.push(sitemap_file(site, urls));
    files
}

/// The sitemap alone: it lists addresses and dates, so a guide's new title
/// does not change it (the preview makes it on its own).
pub fn sitemap_file(site: &Site, urls: &Urls) -> (OutputFile, Owner) {
    (sitemap(site, urls), Owner::Generated)
}

/// The listings but the sitemap: `robots.txt`, the feed, the headers and
/// the redirects of renamed pages.
pub fn feed_files(site: &Site, urls: &Urls) -> Vec<(OutputFile, Owner)> {
    let files = vec![
        robots(urls),
        atom(site, urls),
        OutputFile::bytes(
            HEADERS_FILE,
            crate::http::headers::static_host_headers(intake_origin(site).as_deref()).into_bytes(),
        ),
    ];
    let mut owned: Vec<(OutputFile, Owner)> =
        files.into_iter().map(|f| (f, Owner::Generated)).collect();
    owned.extend(aliases(site, urls));
    owned
}

/// The directory's filter index, when there are mentors, made of each
/// mentor's row ([`directory::filter_row`]).
pub fn filter_index(site: &Site, rows: &[impl AsRef<[u8]>]) -> Option<(OutputFile, Owner)> {
    (!site.mentors.is_empty()).then(|| (directory::filter_file(site, rows), Owner::Generated))
}

/// Every public, listed page (never agreements).
fn sitemap(site: &Site, urls: &Urls) -> OutputFile {
    let mut entries: Vec<(String, Option<&str>)> = Vec::new();
    for page in &site.content.pages {
        entries.push((
            page.url.clone(),
            page.updated.as_deref().or(page.date.as_deref()),
        ));
    }
    if !site.mentors.is_empty() {
        for n in 0..directory::page_count(site) {
            entries.push((directory::directory_url(n), None));
        }
        entries.extend(site.mentors.iter().map(|m| (m.url.clone(), None)));
        for &kind in &FacetKind::ALL {
            let facet = site.facets.get(kind);
            entries.push((facet.url(), None));
            entries.extend(facet.values.iter().map(|v| (facet.value_url(v), None)));
        }
    }
    let surveys = &site.surveys;
    if !surveys.rounds.is_empty() {
        entries.push(("/results/".into(), None));
        for round in &surveys.rounds {
            for rf in &round.forms {
                entries.push((
                    format!("/results/{}/{}/", round.round.id, rf.results.form_id),
                    round.round.closes.as_deref(),
                ));
            }
        }
        for f in &surveys.forms {
            if surveys
                .rounds
                .iter()
                .any(|r| r.forms.iter().any(|rf| rf.results.form_id == f.id))
            {
                entries.push((format!("/results/trends/{}/", f.id), None));
            }
        }
    }
    entries.extend(
        surveys
            .forms
            .iter()
            .filter(|f| f.publish)
            .map(|f| (format!("/forms/{}/", f.id), None)),
    );
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (url, lastmod) in entries {
        let _ = write!(
            xml,
            "  <url>\n    <loc>{}</loc>\n",
            escape(&urls.permalink(&url))
        );
        if let Some(date) = lastmod {
            let _ = writeln!(xml, "    <lastmod>{}</lastmod>", escape(date));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    OutputFile::bytes("sitemap.xml", xml.into_bytes())
}

/// An Atom feed of handbook updates: the dated pages, newest first.
fn atom(site: &Site, urls: &Urls) -> OutputFile {
    let mut dated: Vec<(&str, &crate::content::Page)> = site
        .content
        .pages
        .iter()
        .filter_map(|p| Some((p.updated.as_deref().or(p.date.as_deref())?, &**p)))
        .collect();
    dated.sort_by(|a, b| b.0.cmp(a.0).then_with(|| a.1.title.cmp(&b.1.title)));
    dated.truncate(50);
    let stamp = |date: &str| {
        if date.len() == 10 {
            format!("{date}T00:00:00Z")
        } else {
            date.to_string()
        }
    };
    let updated = dated
        .first()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |(d, _)| stamp(d));
    let home = escape(&urls.permalink("/"));
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <link href=\"{}\" rel=\"self\"/>\n  <link href=\"{home}\"/>\n  <id>{home}</id>\n  <updated>{}</updated>\n",
        escape(&site.config.language),
        escape(&site.config.title),
        escape(&urls.permalink("/atom.xml")),
        escape(&updated),
    );
    for (date, page) in dated {
        let link = escape(&urls.permalink(&page.url));
        let _ = write!(
            xml,
            "  <entry>\n    <title>{}</title>\n    <link href=\"{link}\"/>\n    <id>{link}</id>\n    <updated>{}</updated>\n",
            escape(&page.title),
            escape(&stamp(date)),
        );
        if let Some(d) = &page.description {
            let _ = writeln!(xml, "    <summary>{}</summary>", escape(d));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    OutputFile::bytes("atom.xml", xml.into_bytes())
}

fn robots(urls: &Urls) -> OutputFile {
    let text = format!(
        "User-agent: *\nDisallow: {}\nSitemap: {}\n",
        urls.link("/agreements/"),
        urls.permalink("/sitemap.xml")
    );
    OutputFile::bytes("robots.txt", text.into_bytes())
}

/// A small redirect page at each alias of a page.
fn aliases(site: &Site, urls: &Urls) -> Vec<(OutputFile, Owner)> {
    let mut files = Vec::new();
    for (p, page) in site.content.pages.iter().enumerate() {
        for alias in &page.aliases {
            let target = urls.link(&page.url);
            let html = format!(
                "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting to {title}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{target}\">{title}</a>.</p>\n</body>\n</html>\n",
                lang = escape(&site.config.language),
                title = escape(&page.title),
                canonical = escape(&urls.permalink(&page.url)),
                target = escape(&target),
            );
            let path = alias_path(alias);
            files.push((
                OutputFile::bytes(path, html.into_bytes()),
                Owner::Alias(p, alias.clone()),
            ));
        }
    }
    files
}

/// `/guides/smart/` → `guides/smart/index.html`; `old.html` stays a file.
pub fn alias_path(alias: &str) -> String {
    let trimmed = alias.trim().trim_start_matches('/');
    if trimmed.ends_with(".html") || trimmed.ends_with(".htm") {
        trimmed.to_string()
    } else {
        super::index_path(trimmed)
    }
}
