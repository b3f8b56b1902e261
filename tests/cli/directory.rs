//! The mentor directory, profiles, facet pages and the filter index.

use crate::harness::Site;

#[test]
fn directory_lists_every_mentor_with_facet_counts() {
    let site = Site::minimal();
    site.build().success();
    let page = site.html("mentors/index.html");
    assert_eq!(
        page.texts(".mentor-card h3"),
        ["Ada Lovelace", "Grace Hopper"]
    );
    // `Python` and `python` are one value, spelled as most profiles do; on a
    // tie the first spelling in sort order wins.
    let skills: Vec<String> = page.texts(".facet-lists details:first-of-type li");
    assert_eq!(skills, ["Compilers 1", "Data engineering 1", "Python 2"]);
    assert_eq!(
        page.attrs(".facet-lists details:first-of-type li a", "href"),
        [
            "/mentors/skills/compilers/",
            "/mentors/skills/data-engineering/",
            "/mentors/skills/python/"
        ]
    );
    // Filter controls exist for the script, hidden until it runs.
    assert_eq!(page.attrs("#mentor-filters", "hidden"), [""]);
    assert_eq!(
        page.attrs("#mentor-filters", "data-index"),
        ["/mentors/index.json"]
    );
    // Only "Any skill": directory.js fills the values, with their counts,
    // from the index, which holds them once for every page.
    assert_eq!(page.texts("#filter-skills option"), ["Any skill"]);
    let index: serde_json::Value = serde_json::from_str(&site.read("mentors/index.json")).unwrap();
    assert_eq!(
        index["facets"][0]["values"],
        serde_json::json!([
            ["compilers", "Compilers"],
            ["data-engineering", "Data engineering"],
            ["python", "Python"]
        ])
    );
}

#[test]
fn later_directory_pages_link_the_facets_without_their_values() {
    let site = Site::minimal();
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", format!("{toml}\n[directory]\npage_size = 1\n"));
    site.build().success();
    let first = site.html("mentors/index.html");
    assert_eq!(first.select(".facet-lists .facet-values").len(), 4);
    assert_eq!(first.select(".lead").len(), 1);
    let second = site.html("mentors/page/2/index.html");
    assert_eq!(second.texts(".mentor-card h3"), ["Grace Hopper"]);
    // No value list, no count, no total: the page does not change when a
    // count does.
    assert!(second.select(".facet-values").is_empty());
    assert!(second.select(".lead").is_empty());
    assert!(second
        .select("#filter-skills option[value=python]")
        .is_empty());
    assert!(!second.select(".facet-lists").is_empty());
    assert_eq!(
        second.attrs(".facet-lists a", "href"),
        [
            "/mentors/skills/",
            "/mentors/industries/",
            "/mentors/tracks/",
            "/mentors/languages/"
        ]
    );
    let html = site.read("mentors/page/2/index.html");
    // Grace Hopper's card names her skills; Ada Lovelace's values are
    // nowhere on the page.
    for value in ["Data engineering", "Fintech", "French"] {
        assert!(
            !html.contains(value),
            "page 2 names the facet value {value}"
        );
    }
    assert!(second.text("title").starts_with("Mentors, page 2 of 2"));
    assert_eq!(
        second.attrs("meta[name=description]", "content"),
        ["Browse mentors by skill, industry, track and language."]
    );
    // Which mentors it shows, not how many there are in all.
    assert_eq!(first.texts("#result-count"), ["Showing 1 of 2 mentors"]);
    assert_eq!(second.texts("#result-count"), ["Showing mentor 2"]);
}

#[test]
fn urls_in_pages_keep_their_slashes() {
    let site = Site::minimal();
    site.build().success();
    let html = site.read("mentors/index.html");
    assert!(html.contains("href=\"/mentors/skills/python/\""), "{html}");
    for file in site.output_files().iter().filter(|f| f.ends_with(".html")) {
        assert!(!site.read(file).contains("&#x2F;"), "{file} escapes `/`");
    }
}

#[test]
fn facet_pages_work_without_javascript() {
    let site = Site::minimal();
    site.build().success();
    let python = site.html("mentors/skills/python/index.html");
    assert_eq!(python.text("h1"), "Python");
    assert_eq!(
        python.texts(".mentor-card h3"),
        ["Ada Lovelace", "Grace Hopper"]
    );
    let leadership = site.html("mentors/tracks/leadership/index.html");
    assert_eq!(leadership.text("h1"), "Leadership");
    assert_eq!(leadership.texts(".mentor-card h3"), ["Grace Hopper"]);
    let languages = site.html("mentors/languages/index.html");
    assert_eq!(
        languages.texts(".facet-values li"),
        ["English 2 mentors", "French 1 mentor"]
    );
    for facet in ["skills", "industries", "tracks", "languages"] {
        assert!(site.exists(&format!("mentors/{facet}/index.html")));
    }
}

#[test]
fn profile_page_shows_the_profile() {
    let site = Site::minimal();
    site.build().success();
    let page = site.html("mentors/ada-lovelace/index.html");
    assert_eq!(page.text("h1"), "Ada Lovelace");
    assert_eq!(page.title(), "Ada Lovelace · Test Program");
    assert_eq!(page.text(".spots"), "2 spots open");
    assert_eq!(page.text(".bio strong"), "bio");
    assert!(page
        .texts(".facts dd")
        .contains(&"London, UK · also remote".to_string()));
    assert_eq!(
        page.attrs(".facts a[href*=tracks]", "href"),
        ["/mentors/tracks/engineering/"]
    );
}

#[test]
fn filter_index_is_compact_and_complete() {
    let site = Site::minimal();
    site.build().success();
    let index: serde_json::Value = serde_json::from_str(&site.read("mentors/index.json")).unwrap();
    let facets: Vec<&str> = index["facets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(facets, ["skills", "industries", "tracks", "languages"]);
    let mentors = index["mentors"].as_array().unwrap();
    assert_eq!(mentors.len(), 2);
    let ada = &mentors[0];
    assert_eq!(ada[0], "ada-lovelace");
    assert_eq!(ada[4], 1, "remote");
    assert_eq!(ada[5], 2, "open spots");
    // Ada's skills point at Data engineering and Python in the skills list.
    let skill_values = &index["facets"][0]["values"];
    let ada_skills: Vec<&str> = ada[7][0]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            skill_values[i.as_u64().unwrap() as usize][1]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(ada_skills, ["Python", "Data engineering"]);
}

#[test]
fn profile_text_is_inert() {
    let site = Site::minimal();
    site.write(
        "content/mentors/mallory.md",
        "+++\nname = \"<script>alert('n')</script>Mallory\"\nheadline = \"\\\"><img src=x onerror=alert(1)>\"\nskills = [\"<b>xss</b>\"]\nlanguages = [\"English\"]\n+++\nHi <script>alert('bio')</script><a href=\"javascript:alert(1)\">x</a> <iframe src=\"https://evil.example\"></iframe><img src=\"a.png\" onerror=\"alert(2)\"> [site](https://mallory.example)\n",
    );
    site.build().success();
    for file in site.output_files() {
        if !(file.ends_with(".html") || file.ends_with(".json")) {
            continue;
        }
        let text = site.read(&file);
        for bad in [
            "<script>",
            "<img src=x",
            "onerror=\"",
            "href=\"javascript:",
            "<iframe",
            "<b>xss</b>",
        ] {
            assert!(!text.contains(bad), "{file} contains {bad}");
        }
    }
    let page = site.html("mentors/mallory/index.html");
    assert_eq!(page.text("h1"), "<script>alert('n')</script>Mallory");
    assert_eq!(
        page.attrs(".bio a[href^=https]", "rel"),
        ["noopener nofollow ugc"]
    );
}

#[test]
fn example_program_builds_with_a_rich_directory() {
    let site = Site::example();
    site.build().success();
    let page = site.html("mentors/index.html");
    assert!(page.select(".mentor-card").len() >= 15);
    assert!(!site.html("index.html").select(".section-block").is_empty());
    let handbook = site.html("handbook/index.html");
    assert!(handbook.select(".subsection").len() >= 3);
    // A guide linking to others resolved its @/ links.
    for file in site.output_files().iter().filter(|f| f.ends_with(".html")) {
        assert!(
            !site.read(file).contains("href=\"@/"),
            "{file} has an unresolved internal link"
        );
    }
}

#[test]
fn the_directory_and_facet_pages_paginate_past_page_size() {
    let site = Site::minimal();
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", format!("{toml}\n[directory]\npage_size = 1\n"));
    site.write(
        "content/mentors/alan-kay.md",
        "+++\nname = \"Alan Kay\"\nskills = [\"Python\"]\nlanguages = [\"English\"]\n+++\n",
    );
    site.build().success();
    // Three mentors, one per page.
    assert_eq!(
        site.html("mentors/index.html").texts(".mentor-card h3"),
        ["Ada Lovelace"]
    );
    assert_eq!(
        site.html("mentors/page/3/index.html")
            .texts(".mentor-card h3"),
        ["Grace Hopper"]
    );
    let python = site.html("mentors/skills/python/page/2/index.html");
    assert_eq!(python.texts(".mentor-card h3"), ["Alan Kay"]);
    // The value's count is on its first page only.
    assert_eq!(
        site.html("mentors/skills/python/index.html").text(".lead"),
        "3 mentors with the skill Python."
    );
    assert!(python.select(".lead").is_empty());
    assert_eq!(
        python.attrs("meta[name=description]", "content"),
        ["Mentors with the skill Python."]
    );
    assert_eq!(
        python.attrs(".pagination a[rel=prev]", "href"),
        ["/mentors/skills/python/"]
    );
    assert_eq!(
        python.attrs(".pagination a[aria-current=page]", "href"),
        ["/mentors/skills/python/page/2/"]
    );
    assert!(!site.exists("mentors/skills/python/page/4/index.html"));
    // The filter index still holds every mentor.
    let index: serde_json::Value = serde_json::from_str(&site.read("mentors/index.json")).unwrap();
    assert_eq!(index["mentors"].as_array().unwrap().len(), 3);
}

#[test]
fn a_list_template_gets_the_cards_whatever_it_does_with_them() {
    // A theme may write the cards escaped, twice, or only count them: each
    // page is what the template makes of the cards themselves.
    let site = Site::minimal();
    let page = "mentors/skills/python/index.html";
    let with = |body: &str| {
        site.write(
            "templates/facet.html",
            format!("{{% extends \"base.html\" %}}{{% block main %}}{body}{{% endblock main %}}"),
        );
        site.build().success();
        let html = site.read(page);
        assert!(!html.contains("mentorsite-piece-"), "{body}: {html}");
        html
    };
    let escaped = with("{% for card in cards %}<pre>{{ card }}</pre>{% endfor %}");
    assert_eq!(
        escaped.matches("<pre>&lt;li class=").count(),
        2,
        "{escaped}"
    );
    with("{% for card in cards %}{{ card | safe }}{{ card | safe }}{% endfor %}");
    assert_eq!(
        site.html(page).texts(".mentor-card h3"),
        [
            "Ada Lovelace",
            "Ada Lovelace",
            "Grace Hopper",
            "Grace Hopper"
        ]
    );
    let counted = with("<p>{{ cards | length }} cards</p>");
    assert!(counted.contains("<p>2 cards</p>"), "{counted}");
}
