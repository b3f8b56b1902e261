//! Guide pages and sections: the handbook tree.
//!
//! A folder below `content/` is a section; its `_index.md` is the section's
//! own page (a folder without one still becomes a section, titled after the
//! folder). Pages and sections are ordered by `weight`, then title; the
//! reading order of a top-level section (depth first, as mdBook reads a
//! book) gives every page its previous and next page.

use super::front_matter::{self, date_string, PageFrontMatter};
use super::markdown::{self, slugify, SourceRef, TocEntry};
use super::{ContentFile, Found};
use crate::diagnostic::Diagnostic;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

/// A page whose front matter is parsed but whose body is not rendered yet.
pub struct ParsedPage {
    pub rel: String,
    pub url: String,
    pub path: PathBuf,
    pub source: String,
    pub body_offset: usize,
    pub is_section: bool,
    pub front: PageFrontMatter,
}

pub fn parse(found: &Found, source: String) -> Result<ParsedPage, Diagnostic> {
    let split = front_matter::split(&found.path, &source)?;
    let front: PageFrontMatter = front_matter::parse(&found.path, &source, &split)?;
    if front.title.trim().is_empty() {
        return Err(Diagnostic::error(&found.path, "`title` must not be empty")
            .at_offset(&source, split.front_matter_offset));
    }
    for alias in &front.aliases {
        let escapes = alias.split(['/', '\\']).any(|part| part == "..")
            || alias.contains("://")
            || alias.trim_matches('/').is_empty();
        if escapes {
            let offset = source[split.front_matter_offset..]
                .find(alias.as_str())
                .map_or(split.front_matter_offset, |i| split.front_matter_offset + i);
            return Err(Diagnostic::error(
                &found.path,
                format!("alias `{alias}` is not a path on this site"),
            )
            .at_offset(&source, offset)
            .with_hint("aliases are old URL paths such as \"/guides/smart-goals/\""));
        }
    }
    let body_offset = split.body_offset;
    Ok(ParsedPage {
        url: url_for(&found.rel),
        rel: found.rel.clone(),
        path: found.path.clone(),
        is_section: found.kind == ContentFile::Section,
        body_offset,
        source,
        front,
    })
}

/// `handbook/goals.md` → `/handbook/goals/`; `handbook/_index.md` → `/handbook/`.
pub fn url_for(rel: &str) -> String {
    let without_ext = rel.strip_suffix(".md").unwrap_or(rel);
    let without_index = without_ext
        .strip_suffix("_index")
        .unwrap_or(without_ext)
        .trim_end_matches('/');
    let mut url = String::from("/");
    for part in without_index.split('/').filter(|p| !p.is_empty()) {
        url.push_str(&slugify(part));
        url.push('/');
    }
    url
}

/// The folder of a content file, which is also its section's key.
fn folder_of(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(dir, _)| dir)
}

impl ParsedPage {
    pub fn render(&self, targets: &HashMap<String, String>) -> (Page, Vec<Diagnostic>) {
        let body = &self.source[self.body_offset..];
        let origin = SourceRef {
            path: &self.path,
            source: &self.source,
            body_offset: self.body_offset,
        };
        let rendered = markdown::render(body, &origin, targets);
        let f = &self.front;
        let folder = folder_of(&self.rel).to_string();
        let section_key = if self.is_section {
            folder.clone()
        } else {
            String::new()
        };
        let page = Page {
            date: date_string(&f.date),
            updated: date_string(&f.updated),
            title: f.title.clone(),
            description: f.description.clone(),
            weight: f.weight,
            draft: f.draft,
            template: f.template.clone(),
            aliases: f.aliases.clone(),
            extra: f.extra.clone(),
            fingerprint: super::fingerprint(&self.source, &rendered.html),
            print_html: print_body(&rendered.html, &print_anchor(&self.url)),
            html: rendered.html,
            toc: rendered.toc,
            links: rendered.links,
            text: rendered.text,
            rel: self.rel.clone(),
            url: self.url.clone(),
            path: self.path.clone(),
            is_section: self.is_section,
            folder,
            section_key,
        };
        (page, rendered.diagnostics)
    }
}

/// A rendered guide page or a section's own page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Relative to `content/`: `handbook/goals.md`.
    pub rel: String,
    pub path: PathBuf,
    pub url: String,
    pub title: String,
    pub description: Option<String>,
    pub weight: Option<i64>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub draft: bool,
    pub template: Option<String>,
    pub aliases: Vec<String>,
    pub extra: toml::Table,
    pub html: String,
    /// The body as its section's print view shows it ([`print_body`]),
    /// made with the page so an edit to one guide does not redo all of
    /// them.
    pub print_html: String,
    pub toc: Vec<TocEntry>,
    /// Links to other places on the site, checked by `render::links`.
    pub links: Vec<markdown::SiteLink>,
    pub text: String,
    /// Changes whenever the file or its rendered body does (see
    /// `MentorProfile::fingerprint`).
    pub fingerprint: u64,
    pub is_section: bool,
    /// The folder the file sits in, relative to `content/`.
    pub folder: String,
    /// For a section's page: the key of the section it is the page of.
    pub section_key: String,
}

/// The id of the page at `url` in its section's print view:
/// `/handbook/goals/` → `handbook-goals`.
pub fn print_anchor(url: &str) -> String {
    url.trim_matches('/').replace('/', "-")
}

/// A page's body for the print view, which holds many pages: heading ids
/// repeat across pages ("overview"), so they are prefixed with the page's
/// `anchor`, and so are the page's own fragment links.
fn print_body(html: &str, anchor: &str) -> String {
    html.replace(" id=\"", &format!(" id=\"{anchor}--"))
        .replace("href=\"#", &format!("href=\"#{anchor}--"))
}

impl Page {
    fn order_key(&self) -> (i64, String, String) {
        (
            self.weight.unwrap_or(i64::MAX),
            self.title.to_lowercase(),
            self.rel.clone(),
        )
    }
}

/// A folder of pages.
#[derive(Debug, Clone, Default)]
pub struct Section {
    /// The folder relative to `content/`; `""` is the home page's section.
    pub key: String,
    /// The section's own page in `Content::pages`.
    pub page: usize,
    pub parent: Option<usize>,
    /// Guide pages, ordered.
    pub pages: Vec<usize>,
    /// Child sections, ordered.
    pub subsections: Vec<usize>,
}

/// The content tree with its derived orders.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Shared with the preview's cache of rendered pages.
    pub pages: Vec<Arc<Page>>,
    pub sections: Vec<Section>,
    /// For each page, the section it belongs to (for a section's page, the
    /// parent section; for the home page, itself).
    pub section_of: Vec<usize>,
    pub prev: Vec<Option<usize>>,
    pub next: Vec<Option<usize>>,
    /// The handbook's chapter numbers within the home section and within
    /// each top-level section: by section, `Some` for those. Every guide
    /// page shows its section's numbers in the sidebar, so they are worked
    /// out once here, not once per page.
    numbering: Vec<Option<HashMap<usize, String>>>,
}

impl Content {
    /// Builds the tree from a flat list of pages and section pages.
    pub fn assemble(mut pages: Vec<Arc<Page>>) -> Content {
        pages.sort_by(|a, b| a.rel.cmp(&b.rel));
        let mut by_key: BTreeMap<String, usize> = BTreeMap::new();
        let mut sections: Vec<Section> = Vec::new();

        // Every folder that holds a page is a section, and so is every
        // folder above it, up to the home page.
        let mut keys: Vec<String> = Vec::new();
        for p in &pages {
            let mut key = if p.is_section {
                p.section_key.clone()
            } else {
                p.folder.clone()
            };
            loop {
                keys.push(key.clone());
                if key.is_empty() {
                    break;
                }
                key = folder_of(&key).to_string();
            }
        }
        keys.push(String::new());
        keys.sort();
        keys.dedup();
        // Each section's own page, looked up by key rather than searched
        // for once per section.
        let mut own_page: HashMap<String, usize> = HashMap::new();
        for (i, p) in pages.iter().enumerate() {
            if p.is_section {
                own_page.entry(p.section_key.clone()).or_insert(i);
            }
        }
        for key in keys {
            let page = match own_page.get(&key).copied() {
                Some(i) => i,
                None => {
                    pages.push(Arc::new(implicit_section_page(&key)));
                    pages.len() - 1
                }
            };
            by_key.insert(key.clone(), sections.len());
            sections.push(Section {
                key,
                page,
                ..Section::default()
            });
        }
        for i in 0..sections.len() {
            if !sections[i].key.is_empty() {
                let parent = by_key[folder_of(&sections[i].key)];
                sections[i].parent = Some(parent);
                sections[parent].subsections.push(i);
            }
        }
        let mut section_of = vec![0; pages.len()];
        for (i, p) in pages.iter().enumerate() {
            section_of[i] = if p.is_section {
                let own = by_key[&p.section_key];
                sections[own].parent.unwrap_or(own)
            } else {
                let s = by_key[&p.folder];
                sections[s].pages.push(i);
                s
            };
        }
        // The keys lowercase and copy: made once per page, not per
        // comparison.
        for s in &mut sections {
            s.pages.sort_by_cached_key(|&i| pages[i].order_key());
        }
        let section_pages: Vec<usize> = sections.iter().map(|s| s.page).collect();
        for s in &mut sections {
            s.subsections
                .sort_by_cached_key(|&i| pages[section_pages[i]].order_key());
        }

        let mut content = Content {
            prev: vec![None; pages.len()],
            next: vec![None; pages.len()],
            numbering: vec![None; sections.len()],
            pages,
            sections,
            section_of,
        };
        let root = content.root();
        for top in std::iter::once(root).chain(content.sections[root].subsections.clone()) {
            content.numbering[top] = Some(content.number(top));
        }
        for &top in &content.sections[root].subsections.clone() {
            let mut order = Vec::new();
            content.reading_order(top, &mut order);
            for pair in order.windows(2) {
                content.next[pair[0]] = Some(pair[1]);
                content.prev[pair[1]] = Some(pair[0]);
            }
        }
        content
    }

    /// The home page's section.
    pub fn root(&self) -> usize {
        self.sections
            .iter()
            .position(|s| s.key.is_empty())
            .unwrap_or(0)
    }

    /// The pages of section `s` as a reader meets them: the section's page,
    /// its guides, then each subsection in turn.
    pub fn reading_order(&self, s: usize, order: &mut Vec<usize>) {
        order.push(self.sections[s].page);
        order.extend(&self.sections[s].pages);
        for &sub in &self.sections[s].subsections {
            self.reading_order(sub, order);
        }
    }

    /// Numbers of the pages of the home section or a top-level section `s`
    /// (empty for any other), as mdBook numbers its chapters, in reading
    /// order: its guides first (1, 2), then its sections (3), each
    /// section's own guides and sections below it (3.1, 3.2). The section's
    /// own page has no number.
    pub fn numbers(&self, s: usize) -> &HashMap<usize, String> {
        static NONE: std::sync::LazyLock<HashMap<usize, String>> =
            std::sync::LazyLock::new(HashMap::new);
        self.numbering
            .get(s)
            .and_then(Option::as_ref)
            .unwrap_or(&NONE)
    }

    fn number(&self, s: usize) -> HashMap<usize, String> {
        fn walk(c: &Content, s: usize, prefix: &str, out: &mut HashMap<usize, String>) {
            let section = &c.sections[s];
            let number = |n: usize| {
                if prefix.is_empty() {
                    n.to_string()
                } else {
                    format!("{prefix}.{n}")
                }
            };
            for (i, &p) in section.pages.iter().enumerate() {
                out.insert(p, number(i + 1));
            }
            for (i, &sub) in section.subsections.iter().enumerate() {
                let n = number(section.pages.len() + i + 1);
                out.insert(c.sections[sub].page, n.clone());
                walk(c, sub, &n, out);
            }
        }
        let mut out = HashMap::new();
        walk(self, s, "", &mut out);
        out
    }

    /// Sections from the top level down to `s`, for breadcrumbs.
    pub fn ancestors(&self, mut s: usize) -> Vec<usize> {
        let mut chain = vec![s];
        while let Some(parent) = self.sections[s].parent {
            chain.push(parent);
            s = parent;
        }
        chain.reverse();
        chain
    }

    pub fn section_by_key(&self, key: &str) -> Option<usize> {
        self.sections.iter().position(|s| s.key == key)
    }
}

fn implicit_section_page(key: &str) -> Page {
    let name = key
        .rsplit('/')
        .next()
        .unwrap_or(key)
        .replace(['-', '_'], " ");
    let mut title: String = name.clone();
    if let Some(first) = name.chars().next() {
        title = first.to_uppercase().collect::<String>() + &name[first.len_utf8()..];
    }
    let rel = if key.is_empty() {
        "_index.md".to_string()
    } else {
        format!("{key}/_index.md")
    };
    Page {
        url: url_for(&rel),
        rel,
        title,
        is_section: true,
        folder: key.to_string(),
        section_key: key.to_string(),
        ..Page::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(rel: &str, title: &str, weight: Option<i64>) -> Arc<Page> {
        let is_section = rel.ends_with("_index.md");
        let folder = folder_of(rel).to_string();
        Arc::new(Page {
            rel: rel.into(),
            url: url_for(rel),
            title: title.into(),
            weight,
            is_section,
            section_key: if is_section {
                folder.clone()
            } else {
                String::new()
            },
            folder,
            ..Page::default()
        })
    }

    #[test]
    fn urls_are_pretty_and_slugged() {
        assert_eq!(url_for("_index.md"), "/");
        assert_eq!(url_for("handbook/_index.md"), "/handbook/");
        assert_eq!(
            url_for("handbook/Getting Started/first.md"),
            "/handbook/getting-started/first/"
        );
    }

    #[test]
    fn tree_orders_by_weight_then_title_and_links_reading_order() {
        let c = Content::assemble(vec![
            page("_index.md", "Home", None),
            page("handbook/_index.md", "Handbook", None),
            page("handbook/b.md", "Beta", Some(2)),
            page("handbook/a.md", "Alpha", Some(2)),
            page("handbook/z.md", "Zulu", Some(1)),
            page("handbook/meet/x.md", "X", None),
        ]);
        let hb = c.section_by_key("handbook").unwrap();
        let titles: Vec<_> = c.sections[hb]
            .pages
            .iter()
            .map(|&i| c.pages[i].title.as_str())
            .collect();
        assert_eq!(titles, ["Zulu", "Alpha", "Beta"]);
        // The folder without _index.md became a section titled after it.
        let meet = c.section_by_key("handbook/meet").unwrap();
        assert_eq!(c.pages[c.sections[meet].page].title, "Meet");
        let beta = c.pages.iter().position(|p| p.title == "Beta").unwrap();
        let next = c.next[beta].unwrap();
        assert_eq!(c.pages[next].title, "Meet");
        let zulu = c.pages.iter().position(|p| p.title == "Zulu").unwrap();
        assert_eq!(c.pages[c.prev[zulu].unwrap()].title, "Handbook");
        let home = c.pages.iter().position(|p| p.title == "Home").unwrap();
        assert_eq!(c.next[home], None);
    }
}
