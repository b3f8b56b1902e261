//! Values from data files inside a Markdown template, kept as text.
//!
//! The agreement template is Markdown with Tera placeholders, and the
//! values it is filled with (a mentee's name, goals, meeting details, any
//! extra column of `pairs.csv`) are data: they must appear as typed and
//! never become markup. HTML escaping alone is not enough, because the
//! Markdown pass runs afterwards: `[x](javascript:…)` or `![](https://…)`
//! in a goal would still become a live link or a remote image, and a `|`
//! would split a table cell.
//!
//! So Tera's escape function does not escape a value but *holds* it: it
//! writes the value's bytes as hex digits between two private-use
//! characters, which Markdown treats as a plain word. After the Markdown
//! pass, [`release`] puts each value back, HTML-escaped, where its word
//! landed. A value the template places in a link's address (where
//! pulldown-cmark percent-encodes the two characters) comes back only if it
//! is an http, https or mailto address.

use crate::html::{escape, safe_link};

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';
/// `OPEN` and `CLOSE` as pulldown-cmark writes them inside an `href`.
const OPEN_IN_URL: &str = "%EE%80%80";
const CLOSE_IN_URL: &str = "%EE%80%81";

/// Tera's escape function for Markdown templates: `value` as an inert word.
pub fn hold(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 2 + 6);
    out.push(OPEN);
    for b in value.bytes() {
        out.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        out.push(char::from_digit(u32::from(b & 0xf), 16).unwrap_or('0'));
    }
    out.push(CLOSE);
    out
}

/// Puts every held value of `html` back as escaped text.
pub fn release(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    loop {
        let plain = rest.find(OPEN).map(|i| (i, OPEN.len_utf8(), false));
        let in_url = rest.find(OPEN_IN_URL).map(|i| (i, OPEN_IN_URL.len(), true));
        let next = match (plain, in_url) {
            (Some(a), Some(b)) => Some(if a.0 < b.0 { a } else { b }),
            (a, b) => a.or(b),
        };
        let Some((start, open_len, url)) = next else {
            out.push_str(rest);
            return out;
        };
        let close = if url { CLOSE_IN_URL } else { "\u{E001}" };
        let body_start = start + open_len;
        let Some(len) = rest[body_start..].find(close) else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..start]);
        let value = decode(&rest[body_start..body_start + len]).unwrap_or_default();
        if url {
            out.push_str(&safe_link(&value).map_or_else(|| "#".to_string(), |v| escape(&v)));
        } else {
            out.push_str(&escape(&value));
        }
        rest = &rest[body_start + len + close.len()..];
    }
}

fn decode(hex: &str) -> Option<String> {
    let digits = hex.as_bytes();
    if digits.len() % 2 != 0 {
        return None;
    }
    let bytes: Option<Vec<u8>> = digits
        .chunks(2)
        .map(|pair| {
            let hi = char::from(pair[0]).to_digit(16)?;
            let lo = char::from(pair[1]).to_digit(16)?;
            u8::try_from(hi * 16 + lo).ok()
        })
        .collect();
    String::from_utf8(bytes?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn held_values_survive_markdown_as_text() {
        let goal =
            "[click](javascript:alert(1)) ![x](https://tracker.example/p.gif) a | b <b>*c*</b>";
        let markdown = format!("| Goal |\n|---|\n| {} |\n", hold(goal));
        let mut html = String::new();
        let parser = pulldown_cmark::Parser::new_ext(&markdown, pulldown_cmark::Options::all());
        pulldown_cmark::html::push_html(&mut html, parser);
        let html = release(&html);
        assert!(html.contains(&escape(goal)), "{html}");
        assert!(!html.contains("<a "), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
    }

    #[test]
    fn held_values_in_link_addresses_are_checked() {
        for (value, href) in [
            (
                "https://example.org/a?b=1&c=2",
                "https://example.org/a?b=1&amp;c=2",
            ),
            ("javascript:alert(1)", "#"),
        ] {
            let markdown = format!("[profile]({})", hold(value));
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&markdown));
            let html = release(&html);
            assert!(html.contains(&format!("href=\"{href}\"")), "{html}");
        }
    }

    #[test]
    fn unicode_values_round_trip() {
        let name = "Zoë Ñandú 李";
        assert_eq!(release(&hold(name)), escape(name));
    }
}
