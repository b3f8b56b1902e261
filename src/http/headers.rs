//! The headers every response of the site carries, wherever it is served:
//! the content type of an output file, the security headers, and how long
//! a browser may keep a file.
//!
//! The same policy is written three ways from this one place: as HTTP
//! headers by `serve` and `host`, as the `<meta>` policy in the theme's
//! pages (through the `site.csp` template value), and as the `_headers`
//! file that static hosts (Netlify, Cloudflare Pages) read.

use std::path::Path;

/// The Content-Security-Policy of the site's pages. Forms may post to the
/// site itself and to the intake's origin when it lives elsewhere.
pub fn content_security_policy(intake_origin: Option<&str>) -> String {
    let form_action = match intake_origin {
        Some(origin) => format!("'self' {origin}"),
        None => "'self'".into(),
    };
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; \
         img-src 'self' https: data:; form-action {form_action}; \
         base-uri 'none'; object-src 'none'; frame-ancestors 'none'"
    )
}

/// The policy as a page's `<meta>` can carry it: browsers ignore
/// `frame-ancestors` there, and say so in the console.
pub fn meta_content_security_policy(intake_origin: Option<&str>) -> String {
    content_security_policy(intake_origin).replace("; frame-ancestors 'none'", "")
}

/// The security headers of every response, the policy included.
pub fn security_headers(intake_origin: Option<&str>) -> Vec<(&'static str, String)> {
    vec![
        (
            "Content-Security-Policy",
            content_security_policy(intake_origin),
        ),
        ("X-Content-Type-Options", "nosniff".into()),
        ("Referrer-Policy", "strict-origin-when-cross-origin".into()),
        ("X-Frame-Options", "DENY".into()),
    ]
}

/// The `_headers` file of static hosts: the security headers for every
/// path.
pub fn static_host_headers(intake_origin: Option<&str>) -> String {
    let mut out = String::from(
        "# Written by mentorsite build: the security headers for hosts that\n\
         # read this file (Netlify, Cloudflare Pages). `mentorsite host` sends them itself.\n/*\n",
    );
    for (name, value) in security_headers(intake_origin) {
        out.push_str(&format!("  {name}: {value}\n"));
    }
    out
}

/// The origin (`https://intake.example.org`) of an absolute URL; `None`
/// for a path on the site itself.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    (!authority.is_empty()).then(|| format!("{scheme}://{}", authority.to_ascii_lowercase()))
}

/// The `Content-Type` of an output file; text gets its charset.
pub fn content_type(path: &Path) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let essence = mime.essence_str();
    if is_textual(path) {
        format!("{essence}; charset=utf-8")
    } else {
        essence.to_string()
    }
}

/// Text that compresses well and carries a charset.
pub fn is_textual(path: &Path) -> bool {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    mime.type_() == mime_guess::mime::TEXT
        || matches!(
            mime.essence_str(),
            "application/javascript" | "application/json" | "application/xml" | "image/svg+xml"
        )
}

/// How long a browser may keep an output file: pages and open data are
/// revalidated every time (they change with each round), the theme's
/// assets for an hour, then revalidated.
pub fn cache_control(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html" | "json" | "csv" | "xml" | "txt") | None => "no-cache",
        _ => "public, max-age=3600",
    }
}

/// True for a `Host` that names the loopback interface (or no `Host`, as
/// HTTP/1.0 allows).
pub fn loopback_host(host: Option<&str>) -> bool {
    let Some(host) = host else {
        return true;
    };
    let name = host_name(host).to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name == "::1"
        || name
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// `example.org:8080` → `example.org`; `[::1]:1111` → `::1`.
pub fn host_name(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    host.rsplit_once(':').map_or(host, |(name, _)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_types_and_origins() {
        assert!(loopback_host(Some("127.0.0.1:1111")));
        assert!(loopback_host(Some("localhost:1111")));
        assert!(loopback_host(Some("[::1]:1111")));
        assert!(loopback_host(None));
        assert!(!loopback_host(Some("attacker.example:1111")));
        assert!(!loopback_host(Some("127.0.0.1.attacker.example")));
        assert_eq!(
            content_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("style.css")),
            "text/css; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("logo.png")), "image/png");
        assert_eq!(
            content_type(Path::new("x.json")),
            "application/json; charset=utf-8"
        );
        assert_eq!(
            origin_of("https://Intake.example.org/forms/{form}/submit"),
            Some("https://intake.example.org".into())
        );
        assert_eq!(origin_of("/forms/{form}/submit"), None);
        assert_eq!(origin_of("javascript://x"), None);
    }

    #[test]
    fn the_policy_names_the_intake_origin_and_forbids_framing() {
        let csp = content_security_policy(Some("https://intake.example.org"));
        assert!(csp.contains("form-action 'self' https://intake.example.org;"));
        assert!(csp.contains("frame-ancestors 'none'"));
        let file = static_host_headers(None);
        assert!(file.contains("/*\n  Content-Security-Policy: default-src 'self'"));
        assert!(file.contains("  X-Content-Type-Options: nosniff\n"));
    }
}
