//! SVG images that would run code are not published.
//!
//! An SVG file is a document, not just an image: opened directly it runs its
//! scripts and event handlers in the site's origin, and a static host sends
//! no Content-Security-Policy that would stop them. Images exported from
//! drawing tools have none of that, so an SVG with any active part is
//! refused with the position of that part: script, foreignObject and other
//! embedding elements, `on…` handlers, animations that rewrite a link,
//! links and references that are not to a fragment, a web page, a mail
//! address, a relative file or an embedded raster image, style sheets that
//! import or run script, and DOCTYPEs (entities) or processing instructions.

use crate::diagnostic::Diagnostic;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::path::Path;

/// Elements that run or embed active content.
const ACTIVE_ELEMENTS: [&str; 7] = [
    "script",
    "foreignobject",
    "iframe",
    "embed",
    "object",
    "handler",
    "listener",
];

/// Checks the SVG file `bytes`, read from `path`.
pub(crate) fn check(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let source = String::from_utf8_lossy(bytes);
    let refuse = |offset: u64, what: String| {
        Diagnostic::error(
            path,
            format!("this SVG has active content ({what}); it is not published"),
        )
        .at_offset(&source, usize::try_from(offset).unwrap_or(0))
        .with_hint("remove it in your drawing tool, or export the image as PNG")
    };
    let mut reader = Reader::from_str(&source);
    let mut in_style = false;
    // Open elements: a file that ends inside one is cut short.
    let mut depth = 0usize;
    let malformed = |offset: u64, what: &str| {
        Diagnostic::error(path, format!("not a well-formed SVG file: {what}"))
            .at_offset(&source, usize::try_from(offset).unwrap_or(0))
    };
    loop {
        let at = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| malformed(reader.error_position(), &e.to_string()))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                if e.name().as_ref().contains(['<', '>', '"', '\'', '=']) {
                    return Err(malformed(at, "a broken tag"));
                }
                if let Some(what) = active_element(e) {
                    return Err(refuse(at, what));
                }
                in_style = local(e.local_name().as_ref()) == "style";
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                }
            }
            Event::End(_) => {
                in_style = false;
                depth = depth.saturating_sub(1);
            }
            Event::Text(t) if in_style => {
                if let Some(what) = active_style(&t) {
                    return Err(refuse(at, what));
                }
            }
            Event::CData(t) if in_style => {
                if let Some(what) = active_style(&t) {
                    return Err(refuse(at, what));
                }
            }
            Event::DocType(_) => return Err(refuse(at, "a DOCTYPE".into())),
            Event::PI(_) => return Err(refuse(at, "a processing instruction".into())),
            Event::Eof if depth > 0 => return Err(malformed(at, "it ends inside an element")),
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

fn local(name: &str) -> String {
    name.to_ascii_lowercase()
}

/// What is active about one element, if anything.
fn active_element(e: &BytesStart) -> Option<String> {
    let name = local(e.local_name().as_ref());
    if ACTIVE_ELEMENTS.contains(&name.as_str()) {
        return Some(format!("a <{name}> element"));
    }
    let animates = matches!(
        name.as_str(),
        "set" | "animate" | "animatetransform" | "animatemotion"
    );
    for attribute in e.attributes().with_checks(false) {
        let Ok(attribute) = attribute else {
            return Some(format!("a malformed attribute on <{name}>"));
        };
        let key = local(attribute.key.local_name().as_ref());
        let raw = &attribute.value;
        let value =
            quick_xml::escape::unescape(raw).map_or_else(|_| raw.to_string(), |v| v.into_owned());
        if key.starts_with("on") {
            return Some(format!("an `{key}` handler on <{name}>"));
        }
        if animates && key == "attributename" && value.to_ascii_lowercase().contains("href") {
            return Some(format!("a <{name}> that rewrites a link"));
        }
        if matches!(key.as_str(), "href" | "src" | "action" | "formaction")
            && !inert_reference(&value)
        {
            return Some(format!("a `{key}` to `{}` on <{name}>", shorten(&value)));
        }
        if key == "style" {
            if let Some(what) = active_style(&value) {
                return Some(what);
            }
        }
    }
    None
}

/// A reference an SVG may hold: a fragment, a web or mail address, a
/// relative file, or an embedded PNG, JPEG, GIF or WebP image.
fn inert_reference(value: &str) -> bool {
    let v: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && *c >= ' ')
        .collect();
    let lower = v.to_ascii_lowercase();
    if v.is_empty() || v.starts_with('#') || crate::html::safe_link(&v).is_some() {
        return true;
    }
    if let Some(data) = lower.strip_prefix("data:") {
        return ["image/png", "image/jpeg", "image/gif", "image/webp"]
            .iter()
            .any(|kind| data.starts_with(kind));
    }
    // A relative path has no scheme: no `:` before the first `/`, `?` or `#`.
    let head = lower.split(['/', '?', '#']).next().unwrap_or("");
    !head.contains(':')
}

fn active_style(css: &str) -> Option<String> {
    let lower: String = css
        .to_ascii_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    [
        "javascript:",
        "@import",
        "expression(",
        "-moz-binding",
        "behavior:",
    ]
    .iter()
    .find(|needle| lower.contains(*needle))
    .map(|needle| format!("a style with `{needle}`"))
}

fn shorten(text: &str) -> String {
    let short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(svg: &str) -> Result<(), String> {
        check(Path::new("x.svg"), svg.as_bytes()).map_err(|d| d.message)
    }

    #[test]
    fn drawings_pass() {
        let drawing = r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>
  <style>.a { fill: url(#g); }</style>
  <a href="https://example.org/"><rect class="a" width="10" height="10" style="stroke: black"/></a>
  <use xlink:href="#g"/><image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
  <image href="photo.jpg" width="1" height="1"/>
  <animate attributeName="opacity" from="0" to="1" dur="1s"/>
</svg>"##;
        assert_eq!(verdict(drawing), Ok(()));
    }

    #[test]
    fn every_kind_of_active_content_is_refused() {
        for svg in [
            r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(1)</s:script></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><SCRIPT>alert(1)</SCRIPT></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><rect ONCLICK="alert(1)"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe src="x"/></foreignObject></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><text>x</text></a></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><a xlink:href=" jav&#x09;ascript:alert(1)">x</a></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" to="javascript:alert(1)"/></a></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/svg+xml;base64,PHN2Zz4="/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/x.css);</style></svg>"#,
            r#"<?xml-stylesheet type="text/xsl" href="evil.xsl"?><svg xmlns="http://www.w3.org/2000/svg"/>"#,
            r#"<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><handler type="application/ecmascript">alert(1)</handler></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><rect</svg>"#,
        ] {
            assert!(verdict(svg).is_err(), "{svg}");
        }
    }

    #[test]
    fn the_refusal_is_located() {
        let d = check(
            Path::new("x.svg"),
            b"<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <rect/>\n  <script>alert(1)</script>\n</svg>\n",
        )
        .unwrap_err();
        assert_eq!((d.line, d.column), (Some(3), Some(3)));
    }
}
