//! `render` on a site built in memory: no folder is read and nothing is
//! written, so what a build would publish is checked without a disk.

use super::{render, Templates};
use crate::config::Config;
use crate::content::mentor;
use crate::content::page;
use crate::content::{Content, ContentFile, Found};
use crate::facets::Facets;
use crate::site::Site;
use std::path::{Path, PathBuf};

fn found(kind: ContentFile, rel: &str) -> Found {
    Found {
        kind,
        path: PathBuf::from("content").join(rel),
        rel: rel.to_string(),
    }
}

fn guide(rel: &str, text: &str) -> std::sync::Arc<crate::content::Page> {
    let kind = if rel.ends_with("_index.md") {
        ContentFile::Section
    } else {
        ContentFile::Page
    };
    let parsed = page::parse(&found(kind, rel), text.to_string()).expect("front matter");
    std::sync::Arc::new(parsed.render(&Default::default()).0)
}

/// A site with a home page, one guide and one mentor, all from strings.
fn in_memory_site() -> Site {
    let root = Path::new("/nonexistent/site");
    let config = Config::parse(
        &root.join("site.toml"),
        "title = \"Memory Program\"\nbase_url = \"https://memory.example\"\n[tracks]\ndata = \"Data\"\n",
    )
    .expect("config");
    let content = Content::assemble(vec![
        guide("_index.md", "+++\ntitle = \"Welcome\"\n+++\nHello.\n"),
        guide("handbook/_index.md", "+++\ntitle = \"Handbook\"\n+++\n"),
        guide(
            "handbook/goals.md",
            "+++\ntitle = \"Setting goals\"\n+++\n## Why\nGoals *matter*.\n",
        ),
    ]);
    let source = "+++\nname = \"Ada <Lovelace>\"\nskills = [\"Python\"]\ntracks = [\"data\"]\ncapacity = 2\n+++\nBio.\n";
    let parsed = mentor::parse(&found(ContentFile::Mentor, "mentors/ada.md"), source.into())
        .expect("profile");
    let ada = parsed
        .render(&Default::default(), &config, root)
        .0
        .expect("valid profile");
    let mentors = vec![std::sync::Arc::new(ada)];
    let (theme, problems) = crate::theme::load(root, &config);
    assert!(problems.is_empty(), "{problems:?}");
    Site {
        root: root.to_path_buf(),
        facets: std::sync::Arc::new(Facets::build(&mentors, &config)),
        active_pairs: vec![0],
        mentors,
        content,
        config,
        assets: Vec::new(),
        theme,
        static_files: Vec::new(),
        pairs: Default::default(),
        pairs_file: Default::default(),
        pairs_kept: Vec::new(),
        secret: None,
        agreement: None,
        surveys: Default::default(),
        checkins: Default::default(),
        applications: Default::default(),
        data_warnings: Vec::new(),
        link_targets: Default::default(),
        intake_available: true,
    }
}

#[test]
fn render_draws_a_site_held_in_memory() {
    let site = in_memory_site();
    let (templates, problems) = Templates::compile(&site.theme);
    assert!(problems.is_empty(), "{problems:?}");
    let rendered = render(&site, &templates);
    assert!(
        rendered.diagnostics.is_empty(),
        "{:?}",
        rendered.diagnostics
    );
    let file = |path: &str| -> String {
        let f = rendered
            .files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("no {path}"));
        match &f.contents {
            super::Contents::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
            super::Contents::Copy(_) => panic!("{path} is a copy"),
        }
    };
    let goals = file("handbook/goals/index.html");
    assert!(goals.contains("<em>matter</em>"), "{goals}");
    assert!(goals.contains("<title>Setting goals"), "{goals}");
    let profile = file("mentors/ada/index.html");
    assert!(
        profile.contains("Ada &lt;Lovelace&gt;"),
        "names are escaped"
    );
    assert!(file("mentors/skills/python/index.html").contains("Ada &lt;Lovelace&gt;"));
    assert!(file("sitemap.xml").contains("https://memory.example/handbook/goals/"));
    assert!(rendered.pages >= 6, "{}", rendered.pages);
}
