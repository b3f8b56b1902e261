//! The chunked site search (`public/search/`): what it finds, what it never
//! holds, and that it follows the sitemap. `find` reads the index the way
//! the theme's search.js does: meta.json, the word's chunk, the page files.

use crate::harness::Site;
use mentorsite::search_words as words;
use serde_json::Value;
use std::collections::BTreeSet;

/// Titles of the pages holding `word`, read through `read(path under search/)`.
pub fn find(read: impl Fn(&str) -> String, word: &str) -> Vec<String> {
    let meta: Value = serde_json::from_str(&read("meta.json")).unwrap();
    let chunks: Vec<&str> = meta["chunks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let Some(chunk) = chunks.iter().rposition(|&first| first <= word) else {
        return Vec::new();
    };
    let words: Value = serde_json::from_str(&read(&format!("words/{chunk}.json"))).unwrap();
    let Some(postings) = words[word].as_array() else {
        return Vec::new();
    };
    let per_file = meta["pages_per_file"].as_u64().unwrap();
    let mut at = 0;
    postings
        .iter()
        .map(|d| {
            at += d.as_u64().unwrap();
            let page = at >> 2;
            let file: Value =
                serde_json::from_str(&read(&format!("pages/{}.json", page / per_file))).unwrap();
            file[(page % per_file) as usize][0]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

fn find_in(site: &Site, word: &str) -> Vec<String> {
    find(|p| site.read(&format!("search/{p}")), word)
}

/// Every file of the index as text (the search page itself left out).
pub fn index_text(site: &Site) -> String {
    site.output_files()
        .iter()
        .filter(|f| f.starts_with("search/") && f.ends_with(".json"))
        .map(|f| site.read(f))
        .collect()
}

/// Every word the index can find.
fn vocabulary(site: &Site) -> BTreeSet<String> {
    let mut all = BTreeSet::new();
    for f in site.output_files() {
        if f.starts_with("search/words/") {
            let chunk: serde_json::Map<String, Value> =
                serde_json::from_str(&site.read(&f)).unwrap();
            all.extend(chunk.keys().cloned());
        }
    }
    all
}

#[test]
fn a_word_from_the_middle_of_a_bio_finds_that_mentor() {
    let site = Site::minimal();
    site.write(
        "content/mentors/grace-hopper.md",
        "+++\nname = \"Grace Hopper\"\nheadline = \"Admiral\"\nskills = [\"python\"]\ntracks = [\"engineering\"]\nlanguages = [\"English\"]\ncapacity = 1\n+++\nFirst paragraph.\n\nShe taught nanoseconds with a length of wire.\n\nLast paragraph.\n",
    );
    site.build().success();
    assert_eq!(find_in(&site, "nanoseconds"), ["Grace Hopper"]);
    // Guides by their headings and bodies, mentors by their facets.
    assert_eq!(find_in(&site, "smart"), ["Setting goals"]);
    assert_eq!(find_in(&site, "agenda"), ["First meeting"]);
    assert!(find_in(&site, "fintech").contains(&"Ada Lovelace".to_string()));
}

#[test]
fn facet_filters_list_their_pages_and_counts() {
    let site = Site::minimal();
    site.build().success();
    let meta: Value = serde_json::from_str(&site.read("search/meta.json")).unwrap();
    let filters = meta["filters"].as_array().unwrap();
    let skills = filters.iter().find(|f| f["id"] == "skills").unwrap();
    // `Python` and `python` are one value; the draft mentor is left out.
    assert_eq!(skills["values"][0], serde_json::json!(["Python", 2]));
    let remote = filters.iter().find(|f| f["id"] == "remote").unwrap();
    assert_eq!(remote["values"], serde_json::json!([["Remote", 1]]));
    let open = filters.iter().find(|f| f["id"] == "open").unwrap();
    assert_eq!(open["values"][0][1], 2);
    let python = site.read("search/facets/skills/0.json");
    let pages: Vec<u64> = serde_json::from_str(&python).unwrap();
    assert_eq!(pages.len(), 2);
}

#[test]
fn the_search_page_works_without_javascript_as_links_to_the_directory_and_handbook() {
    let site = Site::minimal();
    site.build().success();
    let page = site.html("search/index.html");
    assert_eq!(page.text("h1"), "Search");
    // A parser that runs scripts reads <noscript> as text.
    let fallback: String = page
        .select("main noscript")
        .iter()
        .map(|n| n.inner_html())
        .collect();
    assert!(fallback.contains("href=\"/mentors/\""), "{fallback}");
    assert!(fallback.contains("href=\"/handbook/\""), "{fallback}");
    assert_eq!(page.attrs("label[for=search-page-q]", "for").len(), 1);
    assert_eq!(page.attrs("#search-status", "aria-live"), ["polite"]);
    // No inline script: the CSP stays `script-src 'self'`.
    assert!(page.select("script:not([src])").is_empty());
    let header = site.html("index.html");
    assert_eq!(header.attrs("form.search-form", "action"), ["/search/"]);
}

#[test]
fn drafts_agreements_and_forms_are_never_indexed() {
    let site = Site::example();
    site.build().success();
    let text = index_text(&site);
    assert!(!text.contains("/agreements/"));
    assert!(!text.contains("/forms/"));
    let sitemap = site.read("sitemap.xml");
    let meta: Value = serde_json::from_str(&site.read("search/meta.json")).unwrap();
    let per_file = meta["pages_per_file"].as_u64().unwrap();
    let pages = meta["pages"].as_u64().unwrap();
    assert!(pages > 20);
    for n in 0..pages.div_ceil(per_file) {
        let file: Vec<Value> =
            serde_json::from_str(&site.read(&format!("search/pages/{n}.json"))).unwrap();
        for entry in file {
            let url = entry[1].as_str().unwrap();
            assert!(
                sitemap.contains(&format!("{url}</loc>")),
                "{url} is indexed but not in the sitemap"
            );
        }
    }
    // Results pages are found by their questions.
    assert!(find_in(&site, "satisfied")
        .iter()
        .any(|t| t.contains("feedback") || t.contains("Feedback")));
}

/// Every word the index holds comes from a file the site publishes (its
/// Markdown, site.toml, the forms' questions and the rounds' titles): no
/// private value of the example program can be found through the search.
#[test]
fn the_index_holds_no_word_of_a_private_value() {
    let site = Site::example();
    site.build().success();
    let root = site.root();
    let mut public = String::new();
    for dir in ["content", "data/forms", "data/rounds"] {
        for path in crate::harness::walkdir(&root.join(dir)) {
            if path.extension().is_some_and(|e| e == "md" || e == "toml") {
                public.push_str(&std::fs::read_to_string(path).unwrap());
                public.push('\n');
            }
        }
    }
    public.push_str(&site.read("sitemap.xml"));
    public.push_str(&std::fs::read_to_string(root.join("site.toml")).unwrap());
    let published: BTreeSet<String> = words(&public).collect();
    let index = vocabulary(&site);
    let foreign: Vec<&String> = index.difference(&published).collect();
    assert!(
        foreign.is_empty(),
        "indexed words from no published file: {foreign:?}"
    );
    let text = index_text(&site);
    let values = crate::privacy::private_values(&root);
    assert!(values.len() > 60);
    for value in &values {
        let own: Vec<String> = words(value).filter(|w| !published.contains(w)).collect();
        for w in &own {
            assert!(!index.contains(w), "a word of a private value is indexed");
        }
        assert!(
            !text.contains(value.as_str()),
            "a private value is in the index"
        );
    }
}

/// The preview's index after one more edit of `site`: checked against a
/// build of the site as it now is, file by file, as the preview writes it.
fn follow(
    site: &Site,
    index: &mut mentorsite::LiveIndex,
    disk: &mut std::collections::BTreeMap<String, Vec<u8>>,
) {
    use mentorsite::{Contents, Urls};
    let bytes = |c: &Contents| match c {
        Contents::Bytes(b) => b.clone(),
        Contents::Copy(_) => panic!("the index is bytes"),
    };
    let (model, errors) = mentorsite::load(&site.root(), &Default::default());
    let model = model.unwrap_or_else(|| panic!("the site loads: {errors:?}"));
    let urls = Urls::new(&model);
    let files = index.update(&model, &urls);
    for f in &files.changed {
        disk.insert(f.path.clone(), bytes(&f.contents));
    }
    disk.retain(|path, _| files.paths.contains(path));
    let built: std::collections::BTreeMap<String, Vec<u8>> =
        mentorsite::search_files(&model, &urls)
            .into_iter()
            .map(|f| (f.path, bytes(&f.contents)))
            .collect();
    assert!(*disk == built, "the updated index differs from a build");
}

#[test]
fn the_preview_index_follows_each_kind_of_edit_as_a_build_would_write_it() {
    let site = Site::example();
    let (mut index, mut disk) = (mentorsite::LiveIndex::default(), Default::default());
    follow(&site, &mut index, &mut disk);
    let path = "content/mentors/tomas-novak.md";
    let profile = std::fs::read_to_string(site.root().join(path)).unwrap();
    // A changed bio, a changed facet value, a rename that moves her in the
    // directory's order, a deletion and a new mentor.
    site.write(path, format!("{profile}\nShe also teaches quickstep.\n"));
    follow(&site, &mut index, &mut disk);
    site.write(path, profile.replace("\"E-commerce\"", "\"Healthcare\""));
    follow(&site, &mut index, &mut disk);
    site.write(path, profile.replace("Tomáš Novák", "Zora Novák"));
    follow(&site, &mut index, &mut disk);
    site.remove(path);
    follow(&site, &mut index, &mut disk);
    site.write(
        "content/mentors/bea-new.md",
        profile.replace("Tomáš Novák", "Bea New"),
    );
    follow(&site, &mut index, &mut disk);
    // A guide edited, a new guide, a results page's question relabelled.
    let guides = crate::harness::walkdir(&site.root().join("content/handbook"));
    let guide = guides
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .unwrap();
    let text = std::fs::read_to_string(guide).unwrap();
    std::fs::write(
        guide,
        format!("{text}\n## A new heading\nWith a paragraph.\n"),
    )
    .unwrap();
    follow(&site, &mut index, &mut disk);
    site.write(
        "content/handbook/meetings/zz-new.md",
        "+++\ntitle = \"A new guide\"\n+++\nAbout tangoing.\n",
    );
    follow(&site, &mut index, &mut disk);
    let form = std::fs::read_to_string(site.root().join("data/forms/feedback.toml")).unwrap();
    site.write(
        "data/forms/feedback.toml",
        form.replacen(
            "title = \"Mid-program feedback\"",
            "title = \"Halfway feedback\"",
            1,
        ),
    );
    follow(&site, &mut index, &mut disk);
    assert!(find(
        |p| String::from_utf8(disk[&format!("search/{p}")].clone()).unwrap(),
        "halfway"
    )
    .iter()
    .any(|t| t.contains("Halfway feedback")));
}
