//! Privacy over the example program: every private value in its data —
//! respondents' emails, names, unpublished free text and Other answers,
//! mentees' emails, the agreement secret — searched for in every output
//! file, raw, HTML-escaped and JSON-escaped.

use crate::harness::Site;
use mentorsite::{load_schema, read_export, Answer};
use std::path::Path;

/// Every value the example program's data holds that must never be published.
pub fn private_values(root: &Path) -> Vec<String> {
    let mut values = Vec::new();
    for round in std::fs::read_dir(root.join("data/rounds"))
        .unwrap()
        .flatten()
    {
        for file in std::fs::read_dir(round.path()).unwrap().flatten() {
            let path = file.path();
            if path.extension().is_none_or(|e| e != "csv") {
                continue;
            }
            let form = path.file_stem().unwrap().to_string_lossy().to_string();
            let schema_path = root.join("data/forms").join(format!("{form}.toml"));
            let schema = load_schema(
                &schema_path,
                &std::fs::read_to_string(&schema_path).unwrap(),
            )
            .unwrap();
            let export = read_export(&path, &std::fs::read(&path).unwrap(), &schema);
            for response in &export.responses {
                for (question, answer) in schema.questions.iter().zip(&response.answers) {
                    let text = match answer {
                        // A check-in's pair reference is shown on the pair's own
                        // agreement page, by design; tests/cli/impact.rs checks
                        // that no other page holds one.
                        Answer::Private(_) if form == "checkin" && question.id == "pair" => None,
                        Answer::Private(t) => Some(t),
                        Answer::Text(t) | Answer::Other(t) if !question.publishes_text() => Some(t),
                        Answer::Multi { other: Some(t), .. } if !question.publishes_text() => {
                            Some(t)
                        }
                        _ => None,
                    };
                    values.extend(text.map(|t| t.expose().to_string()));
                }
            }
        }
    }
    let application = root.join("data/forms/application.toml");
    let schema = load_schema(
        &application,
        &std::fs::read_to_string(&application).unwrap(),
    )
    .unwrap();
    for file in std::fs::read_dir(root.join("data/applications"))
        .unwrap()
        .flatten()
    {
        let export = read_export(&file.path(), &std::fs::read(file.path()).unwrap(), &schema);
        for response in &export.responses {
            for (question, answer) in schema.questions.iter().zip(&response.answers) {
                // Skills and languages are common words; names, emails and
                // goals are the applicant's own.
                match answer {
                    Answer::Private(t) => values.push(t.expose().to_string()),
                    Answer::Text(t) if question.id == "goals" => {
                        values.extend(t.expose().split(';').map(|s| s.trim().to_string()))
                    }
                    _ => {}
                }
            }
        }
    }
    let pairs = std::fs::read_to_string(root.join("data/pairs.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(pairs.as_bytes());
    let mut mentees = Vec::new();
    for record in reader.records().flatten() {
        values.push(record[2].to_string()); // mentee_email
        mentees.push(record[1].to_string());
    }
    // A pair's mentee is named on the pair's own (unlisted) agreement page,
    // by design; tests/cli/agreements.rs checks no other page names them.
    values.retain(|v| !mentees.contains(v));
    values.push(
        std::fs::read_to_string(root.join(".mentorsite-secret"))
            .unwrap()
            .trim()
            .to_string(),
    );
    // An Other answer such as "Public speaking" may also be a skill a mentor
    // lists in their profile: text the site's own pages hold is no leak.
    let content: String = crate::harness::walkdir(&root.join("content"))
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap_or_default())
        .collect();
    values.retain(|v| v.trim().len() >= 4 && !content.contains(v.as_str()));
    values.sort();
    values.dedup();
    values
}

fn escaped_forms(value: &str) -> Vec<String> {
    let html = value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    let json = serde_json::to_string(value).unwrap();
    vec![
        value.to_string(),
        html.replace('\'', "&#x27;"),
        html.replace('\'', "&#39;"),
        json.trim_matches('"').to_string(),
        value.replace('\'', "’"),
    ]
}

#[test]
fn the_example_program_publishes_no_private_value() {
    let site = Site::example();
    let run = site.build();
    run.success();
    assert!(run.stdout().contains("agreement pages"));
    let values = private_values(&site.root());
    assert!(
        values.iter().filter(|v| v.contains('@')).count() >= 60,
        "found {} values",
        values.len()
    );
    let mut files = 0;
    for file in site.output_files() {
        let bytes = std::fs::read(site.public().join(&file)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for value in &values {
            for form in escaped_forms(value) {
                assert!(
                    !text.contains(&form),
                    "{file} contains the private value {value:?}"
                );
            }
        }
        files += 1;
    }
    assert!(files > 100);
}
