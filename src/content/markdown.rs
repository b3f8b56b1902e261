//! Markdown to HTML with pulldown-cmark, plus what a handbook needs on top:
//! heading ids with anchor links, a table of contents, `@/` internal links
//! resolved to URLs (a broken one is an error at its line), and the plain
//! text for the search index.

use crate::diagnostic::{line_column, nearest, Diagnostic};
use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

/// One entry of a page's table of contents: an `h2` with its `h3`s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// A link from a page to another place on the site (an `@/` link or a link
/// starting with `/`), kept to be checked once every page exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteLink {
    /// As written in the Markdown.
    pub written: String,
    /// The URL path it leads to, with the site's base path, without
    /// `#fragment` or `?query`.
    pub path: String,
    pub fragment: Option<String>,
    pub line: usize,
    pub column: usize,
}

/// The result of rendering one Markdown body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// The links to other places on the site, to check once all exist.
    pub links: Vec<SiteLink>,
    /// The text without markup, for summaries and the search index.
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// Where a Markdown body comes from, for error locations.
pub struct SourceRef<'a> {
    pub path: &'a Path,
    /// The whole file.
    pub source: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The file an `@/` link names, as `targets` holds it: `handbook/goals.md`
/// for `@/handbook/goals.md#smart`; `None` for any other link.
pub fn internal_target(written: &str) -> Option<&str> {
    let target = written.strip_prefix("@/")?;
    let file = target.split_once('#').map_or(target, |(file, _)| file);
    Some(file.trim_start_matches('/'))
}

/// Renders `body`. `targets` maps an internal link target such as
/// `handbook/goals.md` (the part after `@/`, without `#fragment`) to its URL.
pub fn render(body: &str, origin: &SourceRef, targets: &HashMap<String, String>) -> Rendered {
    let mut out = Rendered::default();
    let mut events: Vec<Event> = Vec::new();
    let mut used_ids = HashSet::new();
    let mut heading: Option<(HeadingLevel, Option<String>, usize)> = None;
    let mut headings: Vec<(u8, String, String)> = Vec::new();
    let mut item_depth = 0usize;
    let mut tasks: Vec<(usize, usize, bool)> = Vec::new();

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((level, id.map(|s| s.to_string()), events.len()));
                // Placeholder for the opening tag, filled in at the end of the heading.
                events.push(Event::Html(CowStr::Borrowed("")));
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, custom_id, start)) = heading.take() else {
                    continue;
                };
                let title = plain_text(&events[start + 1..]);
                let id = unique_id(custom_id.unwrap_or_else(|| slugify(&title)), &mut used_ids);
                let n = heading_number(level);
                events[start] = Event::Html(format!("<h{n} id=\"{id}\">").into());
                events.push(Event::Html(
                    format!(
                        " <a class=\"anchor\" href=\"#{id}\"><span class=\"visually-hidden\">Link to this section</span><span aria-hidden=\"true\">#</span></a></h{n}>\n"
                    )
                    .into(),
                ));
                headings.push((n, id, title));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.starts_with("@/") => {
                let (file, fragment) = match dest_url[2..].split_once('#') {
                    Some((file, fragment)) => (file, Some(fragment)),
                    None => (&dest_url[2..], None),
                };
                let url = match internal_target(&dest_url).and_then(|key| targets.get(key)) {
                    Some(url) => {
                        out.links
                            .push(site_link(&dest_url, url, fragment, origin, range.start));
                        match fragment {
                            Some(fragment) => format!("{url}#{fragment}"),
                            None => url.clone(),
                        }
                    }
                    None => {
                        let hint = match nearest(file, targets.keys().map(String::as_str)) {
                            Some(near) => format!("did you mean @/{near}?"),
                            None => "internal links name a file below content/, e.g. @/handbook/goals.md".to_string(),
                        };
                        out.diagnostics.push(
                            Diagnostic::error(
                                origin.path,
                                format!(
                                    "broken internal link `{dest_url}`: no such file in content/"
                                ),
                            )
                            .at_offset(origin.source, origin.body_offset + range.start)
                            .with_hint(hint),
                        );
                        "#".to_string()
                    }
                };
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: url.into(),
                    title,
                    id,
                }));
            }
            // A link to a path on this site is checked once every page exists.
            Event::Start(Tag::Link { ref dest_url, .. })
                if dest_url.starts_with('/') && !dest_url.starts_with("//") =>
            {
                let (path, fragment) = match dest_url.split_once('#') {
                    Some((path, fragment)) => (path, Some(fragment)),
                    None => (&dest_url[..], None),
                };
                let path = path.split('?').next().unwrap_or(path);
                out.links
                    .push(site_link(dest_url, path, fragment, origin, range.start));
                events.push(event);
            }
            Event::Text(ref text) | Event::Code(ref text) => {
                push_text(&mut out.text, text);
                events.push(event);
            }
            Event::SoftBreak | Event::HardBreak => {
                push_text(&mut out.text, " ");
                events.push(event);
            }
            // A task-list checkbox is named by its item's text (filled in at
            // the item's end): an unlabelled form control fails WCAG 4.1.2.
            Event::Start(Tag::Item) => {
                item_depth += 1;
                events.push(event);
            }
            Event::TaskListMarker(checked) => {
                tasks.push((item_depth, events.len(), checked));
                events.push(Event::Html(CowStr::Borrowed("")));
            }
            Event::End(TagEnd::Item) => {
                if let Some(&(depth, at, checked)) = tasks.last() {
                    if depth == item_depth {
                        tasks.pop();
                        let end = events[at..]
                            .iter()
                            .position(|e| matches!(e, Event::Start(Tag::List(_))))
                            .map_or(events.len(), |i| at + i);
                        let label = match plain_text(&events[at + 1..end]) {
                            text if text.is_empty() => "Task".to_string(),
                            text => html_escape(&text),
                        };
                        let checked = if checked { " checked=\"\"" } else { "" };
                        events[at] = Event::Html(
                            format!("<input disabled=\"\" type=\"checkbox\"{checked} aria-label=\"{label}\"> ").into(),
                        );
                    }
                }
                item_depth = item_depth.saturating_sub(1);
                events.push(event);
            }
            other => events.push(other),
        }
    }

    out.toc = build_toc(headings);
    html::push_html(&mut out.html, events.into_iter());
    // Table column alignment as classes: the theme's Content-Security-Policy
    // (style-src 'self') blocks style attributes.
    for align in ["left", "center", "right"] {
        out.html = out.html.replace(
            &format!(" style=\"text-align: {align}\""),
            &format!(" class=\"align-{align}\""),
        );
    }
    out
}

fn site_link(
    written: &str,
    path: &str,
    fragment: Option<&str>,
    origin: &SourceRef,
    body_offset: usize,
) -> SiteLink {
    let (line, column) = line_column(origin.source, origin.body_offset + body_offset);
    SiteLink {
        written: written.to_string(),
        path: path.to_string(),
        fragment: fragment.filter(|f| !f.is_empty()).map(str::to_string),
        line,
        column,
    }
}

fn push_text(buffer: &mut String, text: &str) {
    if !buffer.is_empty() && !buffer.ends_with(' ') && !text.starts_with(' ') {
        buffer.push(' ');
    }
    buffer.push_str(text);
}

fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(t);
        }
    }
    text.trim().to_string()
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn unique_id(base: String, used: &mut HashSet<String>) -> String {
    let base = if base.is_empty() {
        "section".to_string()
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 1;
    while !used.insert(id.clone()) {
        id.clear();
        let _ = write!(id, "{base}-{n}");
        n += 1;
    }
    id
}

/// A URL-safe slug: `Data engineering` → `data-engineering`, `C++` → `c-plus-plus`.
pub fn slugify(text: &str) -> String {
    // Symbols that carry meaning in skill names would otherwise vanish and
    // make `C`, `C++` and `C#` collide.
    let spelled = text.replace('+', " plus ").replace('#', " sharp ");
    slug::slugify(spelled)
}

fn build_toc(headings: Vec<(u8, String, String)>) -> Vec<TocEntry> {
    let mut toc: Vec<TocEntry> = Vec::new();
    for (level, id, title) in headings {
        let entry = TocEntry {
            level,
            id,
            title,
            children: Vec::new(),
        };
        match level {
            2 => toc.push(entry),
            3 => match toc.last_mut() {
                Some(parent) => parent.children.push(entry),
                None => toc.push(entry),
            },
            _ => {}
        }
    }
    toc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(body: &str) -> Rendered {
        let origin = SourceRef {
            path: Path::new("content/x.md"),
            source: body,
            body_offset: 0,
        };
        let targets = HashMap::from([
            (
                "handbook/goals.md".to_string(),
                "/handbook/goals/".to_string(),
            ),
            (
                "handbook/meetings/resolving-conflicts.md".to_string(),
                "/handbook/meetings/resolving-conflicts/".to_string(),
            ),
        ]);
        render(body, &origin, &targets)
    }

    #[test]
    fn headings_get_unique_ids_anchors_and_toc() {
        let r = run("## Set goals\n### First\n## Set goals\n");
        assert!(r
            .html
            .contains("<h2 id=\"set-goals\">Set goals <a class=\"anchor\" href=\"#set-goals\">"));
        assert!(r.html.contains("<h2 id=\"set-goals-1\">"));
        assert_eq!(r.toc.len(), 2);
        assert_eq!(r.toc[0].children[0].id, "first");
    }

    #[test]
    fn internal_links_resolve_with_fragment() {
        let r = run("See [goals](@/handbook/goals.md#smart).");
        assert!(
            r.html.contains("href=\"/handbook/goals/#smart\""),
            "{}",
            r.html
        );
        assert!(r.diagnostics.is_empty());
    }

    #[test]
    fn broken_internal_link_is_located() {
        let r = run("Intro\n\nSee [x](@/handbook/nope.md) now.");
        assert_eq!(r.diagnostics.len(), 1);
        let d = &r.diagnostics[0];
        assert_eq!((d.line, d.column), (Some(3), Some(5)));
        assert!(d.message.contains("@/handbook/nope.md"));
    }

    #[test]
    fn a_misspelt_internal_link_gets_a_did_you_mean() {
        let r = run("See [x](@/handbook/meetings/resolving-conflict.md).");
        assert_eq!(
            r.diagnostics[0].hint.as_deref(),
            Some("did you mean @/handbook/meetings/resolving-conflicts.md?")
        );
    }

    #[test]
    fn links_to_the_site_are_kept_for_checking_with_their_position() {
        let r = run("Intro

[a](@/handbook/goals.md#smart) [b](/mentors/nobody/?x=1#top) [c](https://e.org/) [d](//cdn.example/x)");
        let found: Vec<(&str, Option<&str>, usize, usize)> = r
            .links
            .iter()
            .map(|l| (l.path.as_str(), l.fragment.as_deref(), l.line, l.column))
            .collect();
        assert_eq!(
            found,
            [
                ("/handbook/goals/", Some("smart"), 3, 1),
                ("/mentors/nobody/", Some("top"), 3, 32)
            ]
        );
    }

    #[test]
    fn extensions_are_on() {
        let r = run("| a |\n|---|\n| b |\n\n- [x] done\n\n~~old~~ \"quoted\"[^1]\n\n[^1]: note\n");
        assert!(r.html.contains("<table>"));
        let r2 = run("| a | b |\n|:-:|--:|\n| 1 | 2 |\n");
        assert!(
            r2.html.contains("<td class=\"align-center\">1</td>"),
            "{}",
            r2.html
        );
        assert!(!r2.html.contains("style="));
        assert!(r.html.contains("type=\"checkbox\""));
        assert!(
            r.html.contains("checked=\"\" aria-label=\"done\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("“quoted”"));
        assert!(r.html.contains("footnote"));
    }

    #[test]
    fn slugs_keep_symbols_apart() {
        assert_eq!(slugify("Data engineering"), "data-engineering");
        assert_eq!(slugify("C++"), "c-plus-plus");
        assert_eq!(slugify("C#"), "c-sharp");
        assert_eq!(slugify("Español"), "espanol");
    }
}
