//! The home page, handbook sections and guides: ordering, TOC, prev/next,
//! breadcrumbs, drafts, aliases, internal links.

use crate::harness::Site;

#[test]
fn guides_render_with_toc_breadcrumbs_and_prev_next() {
    let site = Site::minimal();
    site.build().success();
    let page = site.html("handbook/basics/goals/index.html");
    assert_eq!(page.title(), "Setting goals · Test Program");
    assert_eq!(page.text("h1"), "Setting goals");
    // TOC: h2 entries with the h3 nested under the first.
    assert_eq!(
        page.attrs(".toc > ol > li > a", "href"),
        ["#why-goals", "#how"]
    );
    assert_eq!(page.attrs(".toc ol ol a", "href"), ["#smart"]);
    assert_eq!(page.attrs("h2#why-goals a.anchor", "href"), ["#why-goals"]);
    // Breadcrumbs from the top-level section down.
    assert_eq!(
        page.texts(".breadcrumbs li"),
        ["Handbook", "Basics", "Setting goals"]
    );
    // Reading order: Basics → Introduction (weight 1) → Setting goals (weight 2) → Meetings.
    assert_eq!(
        page.attrs(".pager a[rel=prev]", "href"),
        ["/handbook/basics/intro/"]
    );
    assert_eq!(
        page.attrs(".pager a[rel=next]", "href"),
        ["/handbook/meetings/"]
    );
    assert_eq!(page.text(".page-meta time"), "2026-03-01");
    // The internal link with a fragment resolved to the page URL.
    assert_eq!(
        page.attrs(".prose a[href^='/handbook']", "href"),
        ["/handbook/basics/intro/#start"]
    );
}

#[test]
fn sections_list_their_pages_in_weight_order() {
    let site = Site::minimal();
    site.build().success();
    let basics = site.html("handbook/basics/index.html");
    assert_eq!(
        basics.texts(".page-list > li > a"),
        ["Introduction", "Setting goals"]
    );
    let handbook = site.html("handbook/index.html");
    assert_eq!(handbook.texts(".subsection h2"), ["Basics", "Meetings"]);
    let home = site.html("index.html");
    assert_eq!(home.attrs(".prose a", "href"), ["/handbook/basics/goals/"]);
    assert_eq!(
        home.texts("nav[aria-label=Main] a"),
        ["Handbook", "Mentors"]
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = Site::minimal();
    site.build().success();
    assert!(!site.exists("handbook/basics/secret/index.html"));
    assert!(!site.exists("mentors/alan-turing/index.html"));
    assert!(!site.read("sitemap.xml").contains("secret"));
    assert!(!crate::search::index_text(&site).contains("Draft guide"));
    site.run(&["build", "--drafts"]).success();
    assert!(site.exists("handbook/basics/secret/index.html"));
    assert!(site.exists("mentors/alan-turing/index.html"));
}

#[test]
fn aliases_become_redirect_pages() {
    let site = Site::minimal();
    site.build().success();
    let page = site.html("old/goals/index.html");
    assert_eq!(
        page.attrs("meta[http-equiv=refresh]", "content"),
        ["0; url=/handbook/basics/goals/"]
    );
    assert_eq!(
        page.attrs("link[rel=canonical]", "href"),
        ["https://test.example.org/handbook/basics/goals/"]
    );
}

#[test]
fn sitemap_404_robots_and_search_index_are_written() {
    let site = Site::minimal();
    site.build().success();
    let sitemap = site.read("sitemap.xml");
    for url in [
        "/",
        "/handbook/basics/goals/",
        "/mentors/",
        "/mentors/ada-lovelace/",
        "/mentors/skills/python/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://test.example.org{url}</loc>")),
            "{url} missing"
        );
    }
    assert!(sitemap.contains("<lastmod>2026-03-01</lastmod>"));
    assert_eq!(site.html("404.html").text("h1"), "Page not found");
    assert!(site
        .read("robots.txt")
        .contains("Sitemap: https://test.example.org/sitemap.xml"));
    let index = crate::search::index_text(&site);
    assert!(index.contains("\"Setting goals\""));
    assert!(index.contains("\"Ada Lovelace\""));
}

#[test]
fn base_url_with_a_path_prefixes_every_link() {
    let site = Site::minimal();
    site.run(&["build", "--base-url", "https://org.example.io/program/"])
        .success();
    let page = site.html("handbook/basics/goals/index.html");
    assert_eq!(
        page.attrs(".pager a[rel=prev]", "href"),
        ["/program/handbook/basics/intro/"]
    );
    assert_eq!(
        page.attrs("link[rel=stylesheet]", "href"),
        ["/program/style.css"]
    );
    assert_eq!(
        site.html("index.html").attrs(".prose a", "href"),
        ["/program/handbook/basics/goals/"]
    );
    assert!(site
        .read("sitemap.xml")
        .contains("<loc>https://org.example.io/program/mentors/</loc>"));
}

#[test]
fn markdown_extensions_render() {
    let site = Site::minimal();
    site.write(
        "content/handbook/basics/features.md",
        "+++\ntitle = \"Features\"\n+++\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~gone~~ \"quoted\" text[^n]\n\n[^n]: A footnote.\n",
    );
    site.build().success();
    let page = site.html("handbook/basics/features/index.html");
    assert_eq!(page.texts(".prose td"), ["1", "2"]);
    assert_eq!(page.select(".prose input[type=checkbox][checked]").len(), 1);
    assert_eq!(page.texts(".prose del"), ["gone"]);
    assert!(page.text(".prose p").contains("“quoted”"));
    assert_eq!(page.texts(".footnote-definition p"), ["A footnote."]);
}

#[test]
fn site_templates_override_the_theme_and_static_is_copied() {
    let site = Site::minimal();
    site.write("templates/404.html", "{% extends \"base.html\" %}{% block main %}<h1>Lost? Ask a coordinator</h1>{% endblock main %}")
        .write("static/files/handout.pdf", b"%PDF-1.4 test")
        .write("static/style.css", "/* mine */");
    site.build().success();
    assert_eq!(site.html("404.html").text("h1"), "Lost? Ask a coordinator");
    assert_eq!(
        std::fs::read(site.public().join("files/handout.pdf")).unwrap(),
        b"%PDF-1.4 test"
    );
    // The site's static file wins over the theme's of the same name.
    assert_eq!(site.read("style.css"), "/* mine */");
}

#[test]
fn a_page_can_choose_its_template() {
    let site = Site::minimal();
    site.write("templates/wide.html", "{% extends \"base.html\" %}{% block main %}<h1 class=\"wide\">{{ page.title }}</h1>{% endblock main %}")
        .write("content/handbook/wide.md", "+++\ntitle = \"Wide page\"\ntemplate = \"wide.html\"\n+++\n");
    site.build().success();
    assert_eq!(
        site.html("handbook/wide/index.html").text("h1.wide"),
        "Wide page"
    );
}

#[test]
fn a_top_level_section_prints_as_one_page() {
    let site = Site::minimal();
    site.build().success();
    let page = site.html("handbook/print/index.html");
    assert_eq!(
        page.texts(".print-view .toc li"),
        [
            "Handbook",
            "1. Basics",
            "1.1. Introduction",
            "1.2. Setting goals",
            "2. Meetings",
            "2.1. First meeting"
        ]
    );
    // Heading ids are prefixed per page so they stay unique on one page.
    assert_eq!(
        page.attrs("h2[id$='--why-goals']", "id"),
        ["handbook-basics-goals--why-goals"]
    );
    let ids = page.attrs("[id]", "id");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "duplicate ids in the print view");
    assert_eq!(
        site.html("handbook/index.html")
            .attrs(".print-link a", "href"),
        ["/handbook/print/"]
    );
}

#[test]
fn a_print_template_gets_the_bodies_whatever_it_does_with_them() {
    // The bodies are spliced into the page after the template ran; a theme
    // that escapes or only measures them gets what it asked for.
    let site = Site::minimal();
    let with = |body: &str| {
        site.write(
            "templates/print.html",
            format!("{{% extends \"base.html\" %}}{{% block main %}}{body}{{% endblock main %}}"),
        );
        site.build().success();
        let html = site.read("handbook/print/index.html");
        assert!(!html.contains("mentorsite-piece-"), "{body}: {html}");
        html
    };
    let escaped = with("{% for p in pages %}<pre>{{ p.content }}</pre>{% endfor %}");
    assert!(escaped.contains("<pre>&lt;"), "{escaped}");
    let measured =
        with("{% for p in pages %}<p>{{ p.title }}: {{ p.content | length }}</p>{% endfor %}");
    // A section without a body of its own measures nothing, not a marker.
    assert!(measured.contains("<p>Basics: 0</p>"), "{measured}");
    let shown = with("{% for p in pages %}<div>{{ p.content | safe }}</div>{% endfor %}");
    assert!(shown.contains("<div><"), "{shown}");
}

#[test]
fn an_atom_feed_lists_dated_pages_newest_first() {
    let site = Site::minimal();
    site.write("content/handbook/meetings/first.md", "+++\ntitle = \"First meeting\"\ndate = 2026-01-10\ndescription = \"The agenda & more\"\n+++\nAgenda.\n");
    site.build().success();
    let feed = site.read("atom.xml");
    let goals = feed
        .find("<title>Setting goals</title>")
        .expect("goals entry");
    let first = feed
        .find("<title>First meeting</title>")
        .expect("first entry");
    assert!(goals < first, "newest first");
    assert!(feed.contains("<updated>2026-03-01T00:00:00Z</updated>"));
    assert!(feed.contains("<summary>The agenda &amp; more</summary>"));
    assert!(!feed.contains("Introduction"), "undated pages are left out");
    assert_eq!(
        site.html("index.html")
            .attrs("link[type='application/atom+xml']", "href"),
        ["/atom.xml"]
    );
}
