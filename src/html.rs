//! Escaping for the HTML and XML mentorsite writes by hand (sitemap, feed,
//! redirect pages, SVG charts, the matching report, the preview's error
//! page), and the escape Tera applies to every value in the theme's
//! templates (`render::templates`).

/// Escapes text for element content and attribute values, in HTML and XML.
/// Control characters, which XML 1.0 does not allow, become spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Plain text as escaped HTML that keeps its shape: a paragraph per block
/// separated by a blank line, a `<br>` per line break inside one. No other
/// markup: what people typed stays text.
pub fn text_paragraphs(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let flush = |lines: &mut Vec<&str>, out: &mut String| {
        if !lines.is_empty() {
            let escaped: Vec<String> = lines.iter().map(|l| escape(l.trim_end())).collect();
            out.push_str("<p>");
            out.push_str(&escaped.join("<br>\n"));
            out.push_str("</p>");
            lines.clear();
        }
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            flush(&mut paragraph, &mut out);
        } else {
            paragraph.push(line);
        }
    }
    flush(&mut paragraph, &mut out);
    out
}

/// The link schemes a published page may carry from a value the site did
/// not write itself: a profile's links, a value from a data file.
const SAFE_SCHEMES: [&str; 3] = ["https:", "http:", "mailto:"];

/// `url` as a browser would read it, if its scheme is http, https or
/// mailto; `None` for anything else (`javascript:`, `data:`, `vbscript:`,
/// no scheme at all). Browsers drop tabs and line breaks anywhere in a URL
/// and spaces and control characters around it before they look at the
/// scheme, so this does too: `" Java\tScript:"` is refused like
/// `javascript:`.
pub fn safe_link(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let cleaned = cleaned.trim_matches(|c: char| c <= ' ');
    let lower = cleaned.to_ascii_lowercase();
    SAFE_SCHEMES
        .iter()
        .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len())
        .then(|| cleaned.to_string())
}

#[cfg(test)]
mod tests {
    use super::{escape, safe_link, text_paragraphs};

    #[test]
    fn text_keeps_paragraphs_and_line_breaks_as_escaped_html() {
        assert_eq!(
            text_paragraphs("First <b>line</b>\r\nsecond\n\n\n  \nNew & last\n"),
            "<p>First &lt;b&gt;line&lt;/b&gt;<br>\nsecond</p><p>New &amp; last</p>"
        );
        assert_eq!(text_paragraphs(""), "");
    }

    #[test]
    fn only_web_and_mail_links_are_safe() {
        assert_eq!(
            safe_link(" https://e.org/a ").as_deref(),
            Some("https://e.org/a")
        );
        assert_eq!(
            safe_link("MailTo:a@e.org").as_deref(),
            Some("MailTo:a@e.org")
        );
        for bad in [
            "javascript:alert(1)",
            "  JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "vbscript:msgbox",
            "data:text/html,<script>",
            "example.org",
            "//evil.example/x",
            "https:",
            "",
        ] {
            assert_eq!(safe_link(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn markup_and_control_characters_are_inert() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt; "
        );
    }
}
