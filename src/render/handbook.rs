//! The home page, section indexes and guide pages.

use super::splice::{self, Frame};
use super::views::{Link, PageSummary, PageView};
use super::{template_for, OutputFile, Templates, Urls};
use crate::diagnostic::Diagnostic;
use crate::site::Site;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;

/// A section in a list, with its pages.
#[derive(Serialize)]
struct SectionSummary<'a> {
    title: &'a str,
    url: String,
    description: Option<&'a str>,
    pages: Vec<PageSummary<'a>>,
    subsections: Vec<Link<'a>>,
}

fn section_summary<'a>(site: &'a Site, urls: &Urls, s: usize) -> SectionSummary<'a> {
    let c = &site.content;
    let section = &c.sections[s];
    let page = &c.pages[section.page];
    SectionSummary {
        title: &page.title,
        url: urls.link(&page.url),
        description: page.description.as_deref(),
        pages: section
            .pages
            .iter()
            .map(|&p| PageSummary::new(&c.pages[p], urls))
            .collect(),
        subsections: section
            .subsections
            .iter()
            .map(|&sub| {
                let p = &c.pages[c.sections[sub].page];
                Link {
                    title: &p.title,
                    url: urls.link(&p.url),
                }
            })
            .collect(),
    }
}

fn link<'a>(site: &'a Site, urls: &Urls, p: usize) -> Link<'a> {
    let page = &site.content.pages[p];
    Link {
        title: &page.title,
        url: urls.link(&page.url),
    }
}

/// Links from the top-level section down to section `s`, inclusive.
fn breadcrumbs<'a>(site: &'a Site, urls: &Urls, s: usize) -> Vec<Link<'a>> {
    let c = &site.content;
    c.ancestors(s)
        .into_iter()
        .filter(|&a| a != c.root())
        .map(|a| link(site, urls, c.sections[a].page))
        .collect()
}

pub fn home(
    site: &Site,
    templates: &Templates,
    urls: &Urls,
    context: &mut tera::Context,
) -> Result<OutputFile, Diagnostic> {
    let c = &site.content;
    let root = c.root();
    let page = &c.pages[c.sections[root].page];
    let sections: Vec<SectionSummary> = c.sections[root]
        .subsections
        .iter()
        .map(|&s| section_summary(site, urls, s))
        .collect();
    context.insert("title", &site.config.title);
    context.insert(
        "description",
        page.description
            .as_deref()
            .unwrap_or(&site.config.description),
    );
    context.insert("current_url", &urls.link("/"));
    context.insert("mentor_count", &site.mentors.len());
    context.insert("page", &PageView::new(page, urls));
    context.insert("sections", &sections);
    context.insert(
        "pages",
        &c.sections[root]
            .pages
            .iter()
            .map(|&p| PageSummary::new(&c.pages[p], urls))
            .collect::<Vec<_>>(),
    );
    let template = template_for(templates, page.template.as_deref(), "home.html", &page.path)?;
    Ok(OutputFile::html("/", templates.render(template, context)?))
}

pub fn section(
    site: &Site,
    templates: &Templates,
    urls: &Urls,
    context: &mut tera::Context,
    s: usize,
) -> Result<OutputFile, Diagnostic> {
    let c = &site.content;
    let page = &c.pages[c.sections[s].page];
    let mut crumbs = breadcrumbs(site, urls, s);
    crumbs.pop();
    context.insert("title", &page.title);
    context.insert("description", &page.description);
    context.insert("current_url", &urls.link(&page.url));
    context.insert("page", &PageView::new(page, urls));
    context.insert("section", &section_summary(site, urls, s));
    context.insert(
        "subsections",
        &c.sections[s]
            .subsections
            .iter()
            .map(|&sub| section_summary(site, urls, sub))
            .collect::<Vec<_>>(),
    );
    context.insert("breadcrumbs", &crumbs);
    insert_prev_next(site, urls, context, c.sections[s].page);
    let template = template_for(
        templates,
        page.template.as_deref(),
        "section.html",
        &page.path,
    )?;
    Ok(OutputFile::html(
        &page.url,
        templates.render(template, context)?,
    ))
}

/// One entry of the handbook's navigation.
#[derive(Serialize)]
struct NavItem<'a> {
    number: String,
    title: &'a str,
    url: String,
    current: bool,
    /// A section on the way to the current page: its entries are shown.
    open: bool,
    /// A section with entries of its own (shown only when it is open).
    sectioned: bool,
    /// The entries of an open section; a closed one's are left out, so a
    /// page shows (and depends on) only the sections on its way.
    children: Vec<NavItem<'a>>,
}

/// The navigation of a top-level section: its entries, numbered, and the
/// entries of the sections that lead to the current page.
#[derive(Serialize)]
struct Sidebar<'a> {
    title: &'a str,
    url: String,
    items: Vec<NavItem<'a>>,
}

fn sidebar<'a>(site: &'a Site, urls: &Urls, current_page: usize) -> Sidebar<'a> {
    let c = &site.content;
    let chain = c.ancestors(c.section_of[current_page]);
    // The top-level section (the one below the home page) holds the page.
    let top = chain.get(1).copied().unwrap_or(chain[0]);
    let numbers = c.numbers(top);
    fn items<'a>(
        site: &'a Site,
        urls: &Urls,
        s: usize,
        numbers: &HashMap<usize, String>,
        chain: &[usize],
        current_page: usize,
    ) -> Vec<NavItem<'a>> {
        let c = &site.content;
        let section = &c.sections[s];
        let guides = section.pages.iter().map(|&p| NavItem {
            number: numbers.get(&p).cloned().unwrap_or_default(),
            title: &c.pages[p].title,
            url: urls.link(&c.pages[p].url),
            current: p == current_page,
            open: false,
            sectioned: false,
            children: Vec::new(),
        });
        let sections = section.subsections.iter().map(|&sub| {
            let p = c.sections[sub].page;
            let open = chain.contains(&sub);
            let inner = &c.sections[sub];
            NavItem {
                number: numbers.get(&p).cloned().unwrap_or_default(),
                title: &c.pages[p].title,
                url: urls.link(&c.pages[p].url),
                current: p == current_page,
                open,
                sectioned: !inner.pages.is_empty() || !inner.subsections.is_empty(),
                children: if open {
                    items(site, urls, sub, numbers, chain, current_page)
                } else {
                    Vec::new()
                },
            }
        });
        guides.chain(sections).collect()
    }
    let top_page = &c.pages[c.sections[top].page];
    Sidebar {
        title: &top_page.title,
        url: urls.link(&top_page.url),
        items: items(site, urls, top, numbers, &chain, current_page),
    }
}

pub fn guide(
    site: &Site,
    templates: &Templates,
    urls: &Urls,
    context: &mut tera::Context,
    p: usize,
) -> Result<OutputFile, Diagnostic> {
    let c = &site.content;
    let page = &c.pages[p];
    let s = c.section_of[p];
    context.insert("title", &page.title);
    context.insert("description", &page.description);
    context.insert("current_url", &urls.link(&page.url));
    context.insert("page", &PageView::new(page, urls));
    context.insert("section", &section_summary(site, urls, s));
    context.insert("sidebar", &sidebar(site, urls, p));
    context.insert("breadcrumbs", &breadcrumbs(site, urls, s));
    insert_prev_next(site, urls, context, p);
    let template = template_for(templates, page.template.as_deref(), "page.html", &page.path)?;
    Ok(OutputFile::html(
        &page.url,
        templates.render(template, context)?,
    ))
}

/// One page in the print view, its ids prefixed so they stay unique.
#[derive(Serialize, Clone)]
struct PrintPage<'a> {
    title: &'a str,
    /// As in the handbook's navigation; none for the section's own page.
    number: Option<String>,
    anchor: String,
    depth: usize,
    content: &'a str,
}

/// `/handbook/print/`: every page of a top-level section in reading order,
/// as mdBook's print view.
pub fn print(
    site: &Site,
    templates: &Templates,
    urls: &Urls,
    context: &mut tera::Context,
    s: usize,
) -> Result<(OutputFile, Option<Frame>), Diagnostic> {
    let c = &site.content;
    let top = &c.pages[c.sections[s].page];
    let order = print_order(site, s);
    let numbers = c.numbers(s);
    let pages: Vec<PrintPage> = order
        .iter()
        .map(|&p| {
            let page = &c.pages[p];
            PrintPage {
                number: numbers.get(&p).cloned(),
                title: &page.title,
                anchor: crate::content::print_anchor(&page.url),
                depth: page.url.trim_matches('/').matches('/').count(),
                content: "",
            }
        })
        .collect();
    let url = format!("{}print/", top.url);
    context.insert("title", &format!("{} (print)", top.title));
    context.insert("description", &top.description);
    context.insert("current_url", &urls.link(&url));
    context.insert("section", &link(site, urls, c.sections[s].page));
    // The guides' bodies, megabytes for a whole handbook, are spliced in.
    let bodies = print_bodies(site, &order);
    let (page, frame) = splice::render(
        templates,
        "print.html",
        context,
        &bodies,
        |context, bodies| {
            let pages: Vec<PrintPage> = pages
                .iter()
                .zip(bodies)
                .map(|(page, body)| PrintPage {
                    content: body,
                    ..page.clone()
                })
                .collect();
            context.insert("pages", &pages);
        },
    )?;
    Ok((OutputFile::html(&url, page), frame))
}

/// The pages of section `s` in the print view's order.
fn print_order(site: &Site, s: usize) -> Vec<usize> {
    let mut order = Vec::new();
    site.content.reading_order(s, &mut order);
    order
}

fn print_bodies<'a>(site: &'a Site, order: &[usize]) -> Vec<Cow<'a, str>> {
    order
        .iter()
        .map(|&p| Cow::Borrowed(site.content.pages[p].print_html.as_str()))
        .collect()
}

/// The print view of section `s` drawn into `frame`, the frame it had when
/// drawn with the same titles and order: only bodies changed.
pub fn print_again(site: &Site, s: usize, frame: &str) -> Option<OutputFile> {
    let c = &site.content;
    let url = format!("{}print/", c.pages[c.sections[s].page].url);
    let bodies = print_bodies(site, &print_order(site, s));
    splice::again(frame, &bodies).map(|page| OutputFile::html(&url, page))
}

fn insert_prev_next(site: &Site, urls: &Urls, context: &mut tera::Context, p: usize) {
    let c = &site.content;
    context.insert("prev", &c.prev[p].map(|i| link(site, urls, i)));
    context.insert("next", &c.next[p].map(|i| link(site, urls, i)));
}
