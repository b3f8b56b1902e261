//! The catalogue of bad input: one fixture per kind of mistake, each run
//! through `check --format json` and asserted to name the exact file, line,
//! column and message. A mistake never panics and always exits 1.

use crate::harness::Site;

const FORM: &str = "title = \"F\"\n[[questions]]\nid = \"sat\"\nkind = \"scale\"\nmin = 1\nmax = 5\nrequired = true\n[[questions]]\nid = \"freq\"\nkind = \"choice\"\noptions = [\"Weekly\", \"Monthly\"]\n";
const ROUND: (&str, &str) = ("data/rounds/r/round.toml", "title = \"R\"\n");

struct Case {
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    /// (path, line, column, start of the message)
    expect: (&'static str, Option<u64>, Option<u64>, &'static str),
}

fn case(
    name: &'static str,
    files: &[(&'static str, &str)],
    expect: (&'static str, Option<u64>, Option<u64>, &'static str),
) -> Case {
    Case {
        name,
        files: files
            .iter()
            .map(|(p, c)| (*p, c.as_bytes().to_vec()))
            .collect(),
        expect,
    }
}

fn cases() -> Vec<Case> {
    let form = ("data/forms/feedback.toml", FORM);
    let csv = |body: &'static str| -> [(&'static str, &'static str); 3] {
        [form, ROUND, ("data/rounds/r/feedback.csv", body)]
    };
    let mut cases = vec![
        // site.toml
        case("config-malformed", &[("site.toml", "title = \"T\"\nbase_url = \n")], ("site.toml", Some(2), Some(12), "string values must be quoted")),
        case("config-unknown-key", &[("site.toml", "title = \"T\"\nbase_url = \"/\"\ntheme_name = \"x\"\n")], ("site.toml", Some(3), Some(1), "unknown field `theme_name` (unknown key)")),
        case("config-wrong-type", &[("site.toml", "title = \"T\"\nbase_url = \"/\"\n[privacy]\nmin_group_size = \"five\"\n")], ("site.toml", Some(4), Some(18), "invalid type: string \"five\", expected a whole number, 0 or more")),
        case("config-missing-title", &[("site.toml", "base_url = \"/\"\n")], ("site.toml", Some(1), Some(1), "missing field `title`")),
        case("config-bad-base-url", &[("site.toml", "title = \"T\"\nbase_url = \"mentoring.example.org\"\n")], ("site.toml", Some(2), Some(1), "`base_url` must start with https://, http:// or /")),
        // Front matter
        case("fm-malformed", &[("content/g.md", "+++\ntitle = \"G\"\nweight = = 3\n+++\n")], ("content/g.md", Some(3), Some(10), "extra `=`")),
        case("fm-unterminated-string", &[("content/g.md", "+++\ntitle = \"G\n+++\n")], ("content/g.md", Some(2), Some(11), "invalid basic string")),
        case("fm-unknown-key", &[("content/g.md", "+++\ntitle = \"G\"\nsumary = \"x\"\n+++\n")], ("content/g.md", Some(3), Some(1), "unknown field `sumary` (unknown key)")),
        case("fm-wrong-type", &[("content/g.md", "+++\ntitle = \"G\"\nweight = \"high\"\n+++\n")], ("content/g.md", Some(3), Some(10), "invalid type: string \"high\", expected a whole number")),
        case("fm-yaml", &[("content/g.md", "---\ntitle: G\n---\n")], ("content/g.md", Some(1), Some(1), "front matter must be TOML between `+++` lines, not YAML")),
        case("fm-missing", &[("content/g.md", "# Just a heading\n")], ("content/g.md", Some(1), Some(1), "expected front matter: the file must start with a `+++` line")),
        case("fm-unclosed", &[("content/g.md", "+++\ntitle = \"G\"\n\nBody\n")], ("content/g.md", Some(1), Some(1), "front matter is not closed")),
        case("fm-missing-title", &[("content/g.md", "+++\nweight = 1\n+++\n")], ("content/g.md", Some(2), Some(1), "missing field `title`")),
        case("fm-empty-title", &[("content/g.md", "+++\ntitle = \"\"\n+++\n")], ("content/g.md", Some(2), Some(1), "`title` must not be empty")),
        case("fm-alias-escapes", &[("content/g.md", "+++\ntitle = \"G\"\naliases = [\"../../etc/x\"]\n+++\n")], ("content/g.md", Some(3), Some(13), "alias `../../etc/x` is not a path on this site")),
        case("md-broken-link", &[("content/g.md", "+++\ntitle = \"G\"\n+++\n\nRead [this](@/handbook/missing.md).\n")], ("content/g.md", Some(5), Some(6), "broken internal link `@/handbook/missing.md`")),
        case("content-not-markdown", &[("content/handbook/notes.txt", "notes")], ("content/handbook/notes.txt", None, None, "not a Markdown file")),
        // Mentor profiles
        case("mentor-missing-name", &[("content/mentors/x.md", "+++\nheadline = \"H\"\n+++\n")], ("content/mentors/x.md", Some(2), Some(1), "missing field `name`")),
        case("mentor-undeclared-track", &[("content/mentors/x.md", "+++\nname = \"X\"\ntracks = [\"leadrship\"]\n+++\n")], ("content/mentors/x.md", Some(3), Some(12), "track `leadrship` is not declared in site.toml [tracks]")),
        case("mentor-capacity-type", &[("content/mentors/x.md", "+++\nname = \"X\"\ncapacity = -1\n+++\n")], ("content/mentors/x.md", Some(3), Some(12), "invalid value: integer `-1`, expected a whole number, 0 or more")),
        case("mentor-photo-missing", &[("content/mentors/x.md", "+++\nname = \"X\"\nphoto = \"x.jpg\"\n+++\n")], ("content/mentors/x.md", Some(3), Some(1), "photo `x.jpg` not found")),
        case("mentor-skills-type", &[("content/mentors/x.md", "+++\nname = \"X\"\nskills = \"Python\"\n+++\n")], ("content/mentors/x.md", Some(3), Some(10), "invalid type: string \"Python\", expected a list in brackets, like [\"a\", \"b\"]")),
        // Templates
        case("template-syntax", &[("templates/page.html", "{% extends \"base.html\" %}\n{% block main %}\n{% if page.title %}\n{% endblock main %}\n")], ("templates/page.html", Some(4), Some(1), "template syntax error in `page.html`: unexpected tag")),
        case("template-undefined-variable", &[("templates/mentor.html", "{% extends \"base.html\" %}\n{% block main %}\n{{ mentor.nickname }}\n{% endblock main %}\n")], ("templates/mentor.html", Some(3), Some(4), "Failed to render 'mentor.html'")),
        case("template-missing", &[("content/g.md", "+++\ntitle = \"G\"\ntemplate = \"wide.html\"\n+++\n")], ("content/g.md", None, None, "template `wide.html` not found")),
        // Forms and rounds
        case("schema-unknown-kind", &[("data/forms/feedback.toml", "title = \"F\"\n[[questions]]\nid = \"s\"\nkind = \"skale\"\n")], ("data/forms/feedback.toml", Some(4), Some(8), "unknown variant `skale`")),
        case("schema-choice-without-options", &[("data/forms/feedback.toml", "title = \"F\"\n[[questions]]\nid = \"c\"\nkind = \"choice\"\n")], ("data/forms/feedback.toml", Some(3), Some(6), "question `c` is a choice question without options")),
        case("round-bad-date", &[form, ("data/rounds/r/round.toml", "title = \"R\"\nopens = \"next week\"\n")], ("data/rounds/r/round.toml", Some(2), Some(9), "`opens` must be a date like 2026-03-01")),
        case("csv-ragged-row", &csv("sat,freq\n3,Weekly\n4\n"), ("data/rounds/r/feedback.csv", Some(3), Some(1), "row has 1 fields but the header has 2")),
        case("csv-out-of-range", &csv("sat,freq\n3,Weekly\n6,Weekly\n"), ("data/rounds/r/feedback.csv", Some(3), Some(1), "column 1 \"sat\" (question `sat`): \"6\" is out of range 1–5")),
        case("csv-unknown-option", &csv("sat,freq\n3,Daily\n"), ("data/rounds/r/feedback.csv", Some(2), Some(3), "column 2 \"freq\" (question `freq`): \"Daily\" is not one of the options")),
        case("csv-required-missing", &csv("sat,freq\n,Weekly\n"), ("data/rounds/r/feedback.csv", Some(2), Some(1), "column 1 \"sat\" (question `sat`): required answer missing")),
        case("csv-duplicate-header", &csv("sat,sat\n1,2\n"), ("data/rounds/r/feedback.csv", Some(1), Some(5), "column 2 \"sat\" repeats question `sat`")),
        case("csv-header-matches-nothing", &csv("foo,bar\n1,2\n"), ("data/rounds/r/feedback.csv", Some(1), None, "no column matches a question of form `feedback`")),
        case("csv-empty-file", &csv(""), ("data/rounds/r/feedback.csv", None, None, "the file is empty")),
        case("csv-unknown-form", &[form, ROUND, ("data/rounds/r/feedbak.csv", "sat\n1\n")], ("data/rounds/r/feedbak.csv", None, None, "no form schema `feedbak`")),
        // Pairs and agreements
        case("pair-unknown-mentor", &[("data/pairs.csv", "mentor,mentee,status\nada-lovelase,M,active\n")], ("data/pairs.csv", Some(2), Some(1), "unknown mentor `ada-lovelase` in column `mentor`")),
        case("pair-over-capacity", &[("data/pairs.csv", "mentor,mentee,status\ngrace-hopper,A,active\ngrace-hopper,B,active\n")], ("data/pairs.csv", Some(3), Some(1), "mentor `grace-hopper` has 2 active pairs but a capacity of 1")),
        case("pair-bad-date", &[("data/pairs.csv", "mentor,mentee,status,start\nada-lovelace,M,active,01/07/2026\n")], ("data/pairs.csv", Some(2), Some(23), "`01/07/2026` in column `start` is not a date")),
        case("pair-same-twice", &[("data/pairs.csv", "mentor,mentee,status\nada-lovelace,M,active\nada-lovelace,m,proposed\n")], ("data/pairs.csv", Some(3), Some(14), "this mentor and mentee already have a proposed or active pair on line 2")),
        case("agreement-template", &[("data/pairs.csv", "mentor,mentee,status\nada-lovelace,M,active\n"), (".mentorsite-secret", "0123456789abcdef0123"), ("content/agreement.md", "+++\ntitle = \"A\"\n+++\n{% for g in pair.goals %}\n")], ("content/agreement.md", Some(5), Some(1), "template syntax error in `agreement.md`: expected tag or some content")),
    ];
    cases.push(Case {
        name: "md-invalid-utf8",
        files: vec![(
            "content/g.md",
            b"+++\ntitle = \"G\"\n+++\nCaf\xe9\n".to_vec(),
        )],
        expect: ("content/g.md", Some(4), Some(4), "not valid UTF-8 text"),
    });
    cases.push(Case {
        name: "csv-undecodable-utf16",
        files: vec![
            ("data/forms/feedback.toml", FORM.as_bytes().to_vec()),
            (ROUND.0, ROUND.1.as_bytes().to_vec()),
            ("data/rounds/r/feedback.csv", b"\xff\xfe\x00".to_vec()),
        ],
        expect: (
            "data/rounds/r/feedback.csv",
            None,
            None,
            "the file is not valid UTF-16 (little-endian)",
        ),
    });
    cases
}

#[test]
fn every_bad_input_is_located_exactly() {
    let cases = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut failures = Vec::new();
    for c in &cases {
        let site = Site::minimal();
        for (path, contents) in &c.files {
            site.write(path, contents);
        }
        let run = site.run(&["check", "--format", "json"]);
        if run.output.status.code() != Some(1) || run.stderr().contains("panicked") {
            failures.push(format!(
                "{}: exit {:?}\n{}",
                c.name,
                run.output.status.code(),
                run.stderr()
            ));
            continue;
        }
        let (path, line, column, message) = c.expect;
        let found = run.stdout().lines().any(|l| {
            let d: serde_json::Value = serde_json::from_str(l).unwrap();
            d["severity"] == "error"
                && d["path"] == path
                && d["line"].as_u64() == line
                && d["column"].as_u64() == column
                && d["message"].as_str().unwrap_or("").starts_with(message)
        });
        if !found {
            failures.push(format!(
                "{}: no error {path}:{line:?}:{column:?} {message:?} in\n{}",
                c.name,
                run.stdout()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_byte_order_mark_in_markdown_is_accepted() {
    let site = Site::minimal();
    site.write(
        "content/handbook/bom.md",
        "\u{feff}+++\ntitle = \"With BOM\"\n+++\nFine.\n",
    );
    site.build().success();
    assert_eq!(site.html("handbook/bom/index.html").text("h1"), "With BOM");
}

#[test]
fn a_ten_megabyte_line_and_deep_nesting_do_not_hang_or_crash() {
    let site = Site::minimal();
    let long_line = "word ".repeat(2_000_000);
    let deep = format!("{}deep\n", "> ".repeat(5_000));
    let brackets = "[".repeat(100_000);
    site.write(
        "content/handbook/long.md",
        format!("+++\ntitle = \"Long\"\n+++\n{long_line}\n"),
    )
    .write(
        "content/handbook/deep.md",
        format!("+++\ntitle = \"Deep\"\n+++\n{deep}\n{brackets}\n"),
    );
    site.build().success();
    assert!(site.read("handbook/long/index.html").len() > 10_000_000);
}

#[test]
fn a_file_over_the_size_limit_is_refused_not_read() {
    let site = Site::minimal();
    let big = vec![b'a'; 65 * 1024 * 1024];
    site.write("content/handbook/huge.md", &big);
    site.run(&["check"])
        .failure()
        .has_error("content/handbook/huge.md: error: file is 65 MiB; the limit is 64 MiB");
}

#[test]
fn a_csv_with_too_many_columns_is_refused() {
    let site = Site::minimal();
    let header: Vec<String> = (0..2500).map(|i| format!("c{i}")).collect();
    site.write("data/forms/feedback.toml", FORM)
        .write(ROUND.0, ROUND.1)
        .write(
            "data/rounds/r/feedback.csv",
            format!("{}\n", header.join(",")),
        );
    site.run(&["check"])
        .failure()
        .has_error("data/rounds/r/feedback.csv:1: error: the header has 2500 columns; an export has at most 2000");
}
