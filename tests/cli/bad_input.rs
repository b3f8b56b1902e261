//! Bad input: every mistake is reported with its file, line and column, all
//! of them in one run, and the command exits 1 without panicking.

use crate::harness::Site;

#[test]
fn every_content_mistake_is_reported_in_one_run() {
    let site = Site::minimal();
    site.write(
        "content/handbook/malformed.md",
        "+++\ntitle = \"A\"\nweight = = 3\n+++\n",
    )
    .write(
        "content/handbook/unknown-key.md",
        "+++\ntitle = \"A\"\nwieght = 3\n+++\n",
    )
    .write("content/handbook/yaml.md", "---\ntitle: A\n---\n")
    .write("content/handbook/no-title.md", "+++\nweight = 1\n+++\n")
    .write(
        "content/handbook/not-utf8.md",
        b"+++\ntitle = \"Caf\xe9\"\n+++\n".as_slice(),
    )
    .write("content/handbook/notes.docx", "binary")
    .write(
        "content/handbook/broken-link.md",
        "+++\ntitle = \"B\"\n+++\nIntro.\n\nSee [x](@/handbook/nope.md).\n",
    )
    .write("content/mentors/no-name.md", "+++\nheadline = \"x\"\n+++\n")
    .write(
        "content/mentors/bad-track.md",
        "+++\nname = \"B\"\ntracks = [\"enginering\"]\n+++\n",
    )
    .write(
        "content/mentors/wrong-type.md",
        "+++\nname = \"W\"\ncapacity = \"two\"\n+++\n",
    );
    for command in ["build", "check"] {
        let run = site.run(&[command]);
        run.failure()
            .has_error("content/handbook/malformed.md:3:10: error:")
            .has_error("content/handbook/unknown-key.md:3:1: error: unknown field `wieght` (unknown key)")
            .has_error("= hint: did you mean `weight`?")
            .has_error("content/handbook/yaml.md:1:1: error: front matter must be TOML between `+++` lines, not YAML")
            .has_error("content/handbook/no-title.md:2:1: error: missing field `title`")
            .has_error("content/handbook/not-utf8.md:2:13: error: not valid UTF-8 text")
            .has_error("content/handbook/notes.docx: error: not a Markdown file")
            .has_error("content/handbook/broken-link.md:6:5: error: broken internal link `@/handbook/nope.md`")
            .has_error("content/mentors/no-name.md:2:1: error: missing field `name`")
            .has_error("content/mentors/bad-track.md:3:12: error: track `enginering` is not declared in site.toml [tracks]")
            .has_error("= hint: did you mean `engineering`?")
            .has_error("content/mentors/wrong-type.md:3:12: error: invalid type: string \"two\", expected a whole number, 0 or more")
            .has_error("10 errors, 0 warnings");
        assert!(!run.stderr().contains("panicked"));
    }
    assert!(!site.public().exists(), "a failed build wrote nothing");
}

#[test]
fn errors_show_the_source_line_with_a_caret() {
    let site = Site::minimal();
    site.write(
        "content/handbook/unknown-key.md",
        "+++\ntitle = \"A\"\nwieght = 3\n+++\n",
    );
    let run = site.run(&["check"]);
    run.failure()
        .has_error("  |\n3 | wieght = 3\n  | ^\n  = hint: did you mean `weight`?");
}

#[test]
fn check_prints_json_lines_for_tools() {
    let site = Site::minimal();
    site.write(
        "content/handbook/unknown-key.md",
        "+++\ntitle = \"A\"\nwieght = 3\n+++\n",
    );
    let run = site.run(&["check", "--format", "json"]);
    run.failure();
    let line = run.stdout().lines().next().unwrap().to_string();
    let d: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(d["path"], "content/handbook/unknown-key.md");
    assert_eq!(d["line"], 3);
    assert_eq!(d["column"], 1);
    assert_eq!(d["severity"], "error");
    assert_eq!(d["hint"], "did you mean `weight`?");
}

#[test]
fn site_toml_mistakes_are_located() {
    let site = Site::minimal();
    site.write(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://x.org\"\n[privacy]\nmin_grup_size = 3\n",
    );
    site.build()
        .failure()
        .has_error("site.toml:4:1: error: unknown field `min_grup_size` (unknown key)")
        .has_error("did you mean `min_group_size`?");
    site.write("site.toml", "title = \"T\"\nbase_url = \"https://x.org\n");
    site.build()
        .failure()
        .has_error("site.toml:2:26: error: invalid basic string");
    site.remove("site.toml");
    site.build()
        .failure()
        .has_error("site.toml: error: no site.toml");
}

#[test]
fn template_mistakes_name_the_template_and_line() {
    let site = Site::minimal();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title }\n{% endblock main %}\n",
    );
    site.build().failure().has_error("templates/page.html:3:");
    site.write("templates/page.html", "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ page.subtitle }}</p>\n{% endblock main %}\n");
    site.build()
        .failure()
        .has_error("templates/page.html:3:7: error:")
        .has_error("Variable `page.subtitle` not found");
}

#[test]
fn unknown_template_named_in_front_matter_is_an_error() {
    let site = Site::minimal();
    site.write(
        "content/handbook/x.md",
        "+++\ntitle = \"X\"\ntemplate = \"nope.html\"\n+++\n",
    );
    site.build()
        .failure()
        .has_error("content/handbook/x.md: error: template `nope.html` not found");
}
