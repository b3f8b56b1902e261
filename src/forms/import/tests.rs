//! Tests of reading exports: every tool's layout, every kind of answer,
//! duplicates and the normalised file.

use super::super::schema::KeepPolicy;
use super::answers::{parse_date, parse_level, parse_number, split_multi, Vocabulary};
use super::*;
use crate::forms::schema::load_schema;

pub(crate) fn fixture_schema() -> FormSchema {
    load_schema(
        Path::new("tests/fixtures/exports/schema.toml"),
        include_str!("../../../tests/fixtures/exports/schema.toml"),
    )
    .expect("fixture schema is valid")
}

fn read(name: &str, bytes: &[u8]) -> Export {
    read_export(Path::new(name), bytes, &fixture_schema())
}

fn errors(e: &Export) -> Vec<String> {
    e.diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.render())
        .collect()
}

fn q(schema: &FormSchema, id: &str) -> usize {
    schema
        .questions
        .iter()
        .position(|q| q.id == id)
        .expect("question")
}

/// Every fixture holds the same six respondents; this checks them all.
pub(crate) fn assert_six_respondents(export: &Export) {
    let s = fixture_schema();
    assert!(errors(export).is_empty(), "{:#?}", errors(export));
    assert_eq!(export.responses.len(), 6, "{:?}", export.report);
    let col = |id: &str| -> Vec<&Answer> {
        let i = q(&s, id);
        export.responses.iter().map(|r| &r.answers[i]).collect()
    };
    let nums = |id: &str| -> Vec<Option<f64>> {
        col(id)
            .into_iter()
            .map(|a| match a {
                Answer::Number(v) => Some(*v),
                _ => None,
            })
            .collect()
    };
    assert_eq!(
        nums("satisfaction"),
        [5.0, 4.0, 4.0, 3.0, 2.0, 5.0].map(Some)
    );
    assert_eq!(
        nums("mentor_helps"),
        [5.0, 4.0, 4.0, 3.0, 2.0, 4.0].map(Some)
    );
    assert_eq!(
        nums("recommend"),
        [10.0, 9.0, 8.0, 6.0, 4.0, 10.0].map(Some)
    );
    assert_eq!(
        nums("hours"),
        [Some(4.0), Some(3.5), Some(2.0), None, Some(1.0), Some(6.0)]
    );
    assert_eq!(
        col("frequency"),
        [0, 1, 1, 2, 2, 0]
            .map(Answer::Choice)
            .iter()
            .collect::<Vec<_>>()
    );
    let topics: Vec<(Vec<usize>, Option<String>)> = col("topics")
        .into_iter()
        .map(|a| match a {
            Answer::Multi { options, other } => (
                options.clone(),
                other.as_ref().map(|t| t.expose().to_string()),
            ),
            _ => (vec![], None),
        })
        .collect();
    assert_eq!(
        topics,
        vec![
            (vec![0, 2], None),
            (vec![1], None),
            (vec![0, 3], Some("Public speaking".to_string())),
            (vec![2], None),
            (vec![], None),
            (vec![0, 1], None),
        ]
    );
    let emails: Vec<String> = col("email")
        .into_iter()
        .map(|a| match a {
            Answer::Private(t) => t.expose().to_lowercase(),
            _ => String::new(),
        })
        .collect();
    assert_eq!(
        emails,
        [
            "ana.lima@example.org",
            "ben.okafor@example.com",
            "chloe.durand@example.org",
            "dev.patel@example.org",
            "eve.martin@example.com",
            "finn.obrien@example.org"
        ]
    );
    let names: Vec<String> = col("name")
        .into_iter()
        .map(|a| match a {
            Answer::Private(t) => t.expose().to_string(),
            _ => String::new(),
        })
        .collect();
    assert_eq!(names[2], "Chloé Durand");
    assert_eq!(names[5], "Finn O'Brien");
    let went_well = col("went_well")
        .iter()
        .filter(|a| matches!(a, Answer::Text(_)))
        .count();
    assert_eq!(went_well, 4);
    match col("private_note")[2] {
        Answer::Text(t) => assert_eq!(
            t.expose(),
            "I might move teams soon, please keep this between us"
        ),
        other => panic!("private note: {other:?}"),
    }
}

/// The grid of the five tool fixtures: each row's answers (1 Poor … 4
/// Excellent), Ben and Dev leaving Subject knowledge blank.
fn assert_grid(export: &Export, columns: [&str; 3]) {
    let s = fixture_schema();
    let qi = q(&s, "rating");
    let rows: Vec<Vec<Option<f64>>> = (0..3)
        .map(|ri| {
            export
                .responses
                .iter()
                .map(
                    |r| match crate::forms::matrix::row_answer(r.answers.get(qi), ri) {
                        Answer::Number(v) => Some(*v),
                        _ => None,
                    },
                )
                .collect()
        })
        .collect();
    assert_eq!(rows[0], [4.0, 3.0, 2.0, 3.0, 1.0, 4.0].map(Some));
    assert_eq!(rows[1], [3.0, 4.0, 4.0, 2.0, 1.0, 4.0].map(Some));
    assert_eq!(
        rows[2],
        [Some(4.0), None, Some(3.0), None, Some(2.0), Some(3.0)]
    );
    let mapped: Vec<(&str, &str)> = export
        .report
        .matrix_columns
        .iter()
        .map(|m| (m.column.as_str(), m.row.as_str()))
        .collect();
    assert_eq!(
        mapped,
        columns
            .iter()
            .copied()
            .zip(["Availability", "Communication", "Subject knowledge"])
            .collect::<Vec<_>>()
    );
    assert!(export.report.unmatched_rows.is_empty());
    for c in columns {
        assert!(
            !export.report.unmatched_columns.iter().any(|u| u == c),
            "{c} ignored"
        );
    }
}

const GRID: &str = "How would you rate your mentor on the following?";

#[test]
fn google_forms_export() {
    let e = read(
        "google.csv",
        include_bytes!("../../../tests/fixtures/exports/google.csv"),
    );
    assert_eq!(e.report.tool, Tool::GoogleForms);
    assert_six_respondents(&e);
    assert_grid(
        &e,
        [
            &format!("{GRID} [Availability]"),
            &format!("{GRID} [Communication]"),
            &format!("{GRID} [Subject knowledge]"),
        ],
    );
    // Ana sent the same answers twice, a minute apart.
    assert_eq!(e.report.duplicate_submissions, 1);
    assert!(e
        .report
        .unmatched_columns
        .contains(&"Timestamp".to_string()));
}

#[test]
fn microsoft_forms_export() {
    let e = read(
        "microsoft.csv",
        include_bytes!("../../../tests/fixtures/exports/microsoft.csv"),
    );
    assert_eq!(e.report.tool, Tool::MicrosoftForms);
    assert_six_respondents(&e);
    assert_grid(&e, ["Availability", "Communication", "Subject knowledge"]);
    assert_eq!(e.report.duplicate_rows, 1);
    for meta in ["ID", "Start time", "Completion time"] {
        assert!(
            e.report.unmatched_columns.contains(&meta.to_string()),
            "{meta}"
        );
    }
}

#[test]
fn typeform_export() {
    let e = read(
        "typeform.csv",
        include_bytes!("../../../tests/fixtures/exports/typeform.csv"),
    );
    assert_eq!(e.report.tool, Tool::Typeform);
    assert_six_respondents(&e);
    // The third row's column is named by the row's alias.
    assert_grid(
        &e,
        ["Availability", "Communication", "Knowledge of the subject"],
    );
    assert_eq!(e.report.unfinished, 1);
    assert!(e
        .report
        .unmatched_columns
        .contains(&"Network ID".to_string()));
}

#[test]
fn qualtrics_export() {
    let e = read(
        "qualtrics.csv",
        include_bytes!("../../../tests/fixtures/exports/qualtrics.csv"),
    );
    assert_eq!(e.report.tool, Tool::Qualtrics);
    assert_eq!(e.report.header_rows, 3);
    assert_six_respondents(&e);
    assert_grid(
        &e,
        [
            &format!("{GRID} - Availability"),
            &format!("{GRID} - Communication"),
            &format!("{GRID} - Subject knowledge"),
        ],
    );
    assert_eq!(e.report.unfinished, 1);
    assert_eq!(e.report.test_responses, 1);
    assert!(e
        .report
        .unmatched_columns
        .iter()
        .any(|c| c.contains("IP Address")));
}

#[test]
fn surveymonkey_export() {
    let e = read(
        "surveymonkey.csv",
        include_bytes!("../../../tests/fixtures/exports/surveymonkey.csv"),
    );
    assert_eq!(e.report.tool, Tool::SurveyMonkey);
    assert_eq!(e.report.header_rows, 2);
    assert_six_respondents(&e);
    assert_grid(
        &e,
        [
            &format!("{GRID} [Availability]"),
            &format!("{GRID} [Communication]"),
            &format!("{GRID} [Subject knowledge]"),
        ],
    );
    assert!(e
        .report
        .unmatched_columns
        .contains(&"Collector ID".to_string()));
}

#[test]
fn excel_semicolon_windows_1252_export() {
    let bytes = include_bytes!("../../../tests/fixtures/exports/excel-semicolon-cp1252.csv");
    assert!(
        String::from_utf8(bytes.to_vec()).is_err(),
        "fixture must really be Windows-1252"
    );
    let e = read("excel.csv", bytes);
    assert_eq!(e.report.encoding, SourceEncoding::Windows1252);
    assert_eq!(e.report.delimiter, ';');
    assert_eq!(e.report.tool, Tool::Generic);
    assert_six_respondents(&e);
}

#[test]
fn utf16_tab_separated_export() {
    let bytes = include_bytes!("../../../tests/fixtures/exports/utf16.csv");
    let e = read("utf16.csv", bytes);
    assert_eq!(e.report.encoding, SourceEncoding::Utf16Le);
    assert_eq!(e.report.delimiter, '\t');
    assert_six_respondents(&e);
}

#[test]
fn normalised_round_trip_for_every_fixture() {
    let s = fixture_schema();
    let fixtures: [&[u8]; 5] = [
        include_bytes!("../../../tests/fixtures/exports/google.csv"),
        include_bytes!("../../../tests/fixtures/exports/microsoft.csv"),
        include_bytes!("../../../tests/fixtures/exports/typeform.csv"),
        include_bytes!("../../../tests/fixtures/exports/qualtrics.csv"),
        include_bytes!("../../../tests/fixtures/exports/surveymonkey.csv"),
    ];
    for bytes in fixtures {
        let first = read_export(Path::new("x.csv"), bytes, &s);
        let csv = to_normalised_csv(&s, &first.responses);
        let again = read_export(Path::new("F.csv"), &csv, &s);
        assert_eq!(again.report.tool, Tool::Normalised);
        assert!(again.diagnostics.is_empty(), "{:?}", again.diagnostics);
        let a: Vec<&Vec<Answer>> = first.responses.iter().map(|r| &r.answers).collect();
        let b: Vec<&Vec<Answer>> = again.responses.iter().map(|r| &r.answers).collect();
        assert_eq!(a, b);
        // Writing is stable: a second round trip gives the same bytes.
        assert_eq!(to_normalised_csv(&s, &again.responses), csv);
    }
}

#[test]
fn formula_cells_are_neutralised_and_restored() {
    let s = fixture_schema();
    let mut answers = vec![Answer::Missing; s.questions.len()];
    answers[q(&s, "satisfaction")] = Answer::Number(3.0);
    answers[q(&s, "recommend")] = Answer::Number(7.0);
    answers[q(&s, "went_well")] = Answer::Text(PrivateText::new("=1+1 was my favourite"));
    answers[q(&s, "private_note")] = Answer::Text(PrivateText::new("-- just kidding\nsecond line"));
    answers[q(&s, "topics")] = Answer::Multi {
        options: vec![],
        other: Some(PrivateText::new("@ceo office hours")),
    };
    let responses = vec![Response { line: 2, answers }];
    let csv = to_normalised_csv(&s, &responses);
    let text = String::from_utf8(csv.clone()).expect("utf-8");
    assert!(text.contains("'=1+1"), "{text}");
    assert!(!text.contains(",=1"), "{text}");
    let back = read_export(Path::new("F.csv"), &csv, &s);
    assert_eq!(back.responses[0].answers, responses[0].answers);
}

#[test]
fn private_text_hides_its_content_from_debug() {
    let t = PrivateText::new("ana.lima@example.org");
    assert_eq!(format!("{t:?}"), "PrivateText(..)");
    let a = Answer::Private(t);
    assert!(!format!("{a:?}").contains("ana"));
}

fn generic(csv: &str) -> Export {
    read("generic.csv", csv.as_bytes())
}

#[test]
fn errors_name_line_column_value_and_hint() {
    let e = generic(
        "satisfaction,frequency,topics\r\n5,Weekly,Confidence\r\n7,Weekly,Confidence\r\n4,Weekley,Confidence\r\n4,Monthly,Cooking\r\n",
    );
    let errs: Vec<&Diagnostic> = e
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && d.line > Some(1))
        .collect();
    assert_eq!(errs.len(), 2, "{:#?}", e.diagnostics);
    assert_eq!(errs[0].line, Some(3), "{:#?}", errs);
    assert_eq!(errs[0].column, Some(1));
    assert!(
        errs[0].message.contains("\"7\" is out of range 1–5"),
        "{}",
        errs[0].message
    );
    assert!(errs[0].message.contains("column 1 \"satisfaction\""));
    assert_eq!((errs[1].line, errs[1].column), (Some(4), Some(3)));
    assert_eq!(errs[1].hint.as_deref(), Some("did you mean `Weekly`?"));
    // topics has other = true, so "Cooking" is an Other answer, not an error;
    // the missing required recommend column is one file-level error.
    assert!(e
        .diagnostics
        .iter()
        .any(|d| d.is_error() && d.line == Some(1) && d.message.contains("`recommend`")));
    assert_eq!(e.report.invalid_rows, 2);
    // A missing column is one file-level error, not one per row.
    assert_eq!(e.responses.len(), 2);
}

#[test]
fn skip_invalid_rows_turns_errors_into_counted_warnings() {
    let mut s = fixture_schema();
    s.skip_invalid_rows = true;
    let csv = "satisfaction,recommend\n5,10\n9,10\n4,\n3,7\n";
    let e = read_export(Path::new("x.csv"), csv.as_bytes(), &s);
    assert!(
        e.diagnostics.iter().all(|d| !d.is_error()),
        "{:#?}",
        e.diagnostics
    );
    assert_eq!(e.report.skipped_rows, 2);
    assert_eq!(e.responses.len(), 2);
    assert!(e
        .diagnostics
        .iter()
        .any(|d| d.message.contains("required answer missing")));
}

#[test]
fn empty_header_only_and_unmatched_files() {
    let e = generic("");
    assert!(e.diagnostics[0].is_error() && e.diagnostics[0].message.contains("empty"));
    let e = generic("\r\n\r\n");
    assert!(e.diagnostics[0].message.contains("empty"));
    let e = generic("satisfaction,recommend\r\n");
    assert!(e.responses.is_empty());
    assert!(
        !e.diagnostics.iter().any(|d| d.is_error()),
        "{:?}",
        e.diagnostics
    );
    assert!(e
        .diagnostics
        .iter()
        .any(|d| d.message.contains("no responses")));
    let e = generic("Colour,Size\nred,3\n");
    assert_eq!(errors(&e).len(), 1);
    assert!(e.diagnostics[0].message.contains("no column matches"));
}

#[test]
fn ragged_rows_are_reported_at_their_line() {
    let e = generic("satisfaction,recommend\n5,10\n4,9,extra\n3\n\"2\",\"8\"\n");
    let errs: Vec<&Diagnostic> = e.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert_eq!(errs[0].line, Some(3));
    assert_eq!(errs[1].line, Some(4));
    assert_eq!(e.responses.len(), 2);
}

#[test]
fn invalid_utf16_is_an_error() {
    let e = generic("");
    assert!(!e.diagnostics.is_empty());
    let bad = [0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00];
    let e = read("bad.csv", &bad);
    assert!(
        e.diagnostics[0].message.contains("cannot be decoded"),
        "{:?}",
        e.diagnostics
    );
}

#[test]
fn quoted_fields_with_commas_and_newlines_keep_their_line_numbers() {
    let e = generic(
        "satisfaction,went_well,recommend\n5,\"Clear goals, kind words\nand more\",10\n4,\"ok\",11\n",
    );
    let errs: Vec<&Diagnostic> = e.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].line, Some(4), "{}", errs[0].render());
    assert_eq!(errs[0].column, Some(8));
    match &e.responses[0].answers[q(&fixture_schema(), "went_well")] {
        Answer::Text(t) => assert_eq!(t.expose(), "Clear goals, kind words\nand more"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn answers_in_many_spellings() {
    let s = fixture_schema();
    let q_ = |id: &str| s.question(id).expect("question").clone();
    let likert = q_("mentor_helps");
    for (text, v) in [
        ("agree", 4.0),
        ("STRONGLY DISAGREE", 1.0),
        ("Neutral", 3.0),
        ("5", 5.0),
        ("4 - Agree", 4.0),
    ] {
        assert_eq!(
            parse_level(&likert, &Vocabulary::for_question(&likert), text).ok(),
            Some(v),
            "{text}"
        );
    }
    assert!(parse_level(&likert, &Vocabulary::for_question(&likert), "6").is_err());
    assert!(parse_level(&likert, &Vocabulary::for_question(&likert), "3.5").is_err());
    let nps = q_("recommend");
    assert_eq!(
        parse_level(
            &nps,
            &Vocabulary::for_question(&nps),
            "10 - Extremely likely"
        )
        .ok(),
        Some(10.0)
    );
    assert_eq!(
        parse_level(&nps, &Vocabulary::for_question(&nps), "0").ok(),
        Some(0.0)
    );
    assert!(parse_level(&nps, &Vocabulary::for_question(&nps), "11").is_err());
    assert_eq!(parse_number("3,5"), Some(3.5));
    assert_eq!(parse_number("1 234,5"), Some(1234.5));
    assert_eq!(parse_number("1,234.5"), Some(1234.5));
    assert_eq!(parse_number("-2"), Some(-2.0));
    assert_eq!(parse_number("inf"), None);
    assert_eq!(parse_number("1.2.3"), None);
    assert_eq!(parse_date("2026-03-01").as_deref(), Some("2026-03-01"));
    assert_eq!(
        parse_date("3/14/2026 10:02:11").as_deref(),
        Some("2026-03-14")
    );
    assert_eq!(parse_date("14/3/2026").as_deref(), Some("2026-03-14"));
    assert_eq!(parse_date("14.03.2026").as_deref(), Some("2026-03-14"));
    assert_eq!(parse_date("March 14, 2026").as_deref(), Some("2026-03-14"));
    assert_eq!(
        parse_date("2026/03/14 9:15:22 AM GMT+1").as_deref(),
        Some("2026-03-14")
    );
    assert_eq!(parse_date("soon"), None);
}

#[test]
fn multi_cells_in_every_joining_style() {
    let options: Vec<String> = [
        "Career growth",
        "Technical skills",
        "Confidence, resilience",
        "Networking",
    ]
    .map(String::from)
    .to_vec();
    let (sel, unknown) = split_multi("Career growth, Confidence, resilience", &options);
    assert_eq!(sel.into_iter().collect::<Vec<_>>(), [0, 2]);
    assert!(unknown.is_empty());
    let (sel, unknown) = split_multi("Technical skills;Networking;", &options);
    assert_eq!(sel.into_iter().collect::<Vec<_>>(), [1, 3]);
    assert!(unknown.is_empty());
    let (sel, unknown) = split_multi("career growth,Salary talks, with HR,Networking", &options);
    assert_eq!(sel.into_iter().collect::<Vec<_>>(), [0, 3]);
    assert_eq!(unknown, ["Salary talks, with HR"]);
}

#[test]
fn keep_latest_keeps_each_respondents_last_submission() {
    let mut s = fixture_schema();
    let csv = "Timestamp,Your email address,satisfaction,recommend\n\
               2026/03/02 10:00:00 AM GMT+1,a@example.org,2,5\n\
               2026/03/01 09:00:00 AM GMT+1,b@example.org,3,6\n\
               2026/03/03 10:00:00 AM GMT+1,A@example.org,5,9\n\
               2026/03/01 08:00:00 AM GMT+1,a@example.org,1,1\n\
               2026/03/01 08:00:00 AM GMT+1,,4,8\n\
               2026/03/01 08:00:00 AM GMT+1,,4,8\n";
    let all = read_export(Path::new("x.csv"), csv.as_bytes(), &s);
    assert_eq!(all.responses.len(), 5, "{:?}", all.diagnostics);
    assert_eq!(all.report.duplicate_rows, 1);
    s.keep = KeepPolicy::Latest;
    let latest = read_export(Path::new("x.csv"), csv.as_bytes(), &s);
    assert_eq!(latest.report.superseded, 2);
    let sat = q(&s, "satisfaction");
    let kept: Vec<&Answer> = latest.responses.iter().map(|r| &r.answers[sat]).collect();
    assert_eq!(
        kept,
        [
            &Answer::Number(3.0),
            &Answer::Number(5.0),
            &Answer::Number(4.0)
        ]
    );
}

#[test]
fn anonymous_identical_answers_with_different_metadata_are_kept() {
    let csv =
        "Timestamp,satisfaction,recommend\n2026/03/01 10:00:00,4,8\n2026/03/01 10:05:00,4,8\n";
    let e = generic(csv);
    assert_eq!(e.responses.len(), 2);
    assert_eq!(e.report.duplicate_rows + e.report.duplicate_submissions, 0);
}

#[test]
fn delimiter_sniffing_prefers_the_header_that_matches() {
    let csv = "Overall, how satisfied are you with your mentorship?;recommend\n4;9\n5;10\n";
    let e = generic(csv);
    assert_eq!(e.report.delimiter, ';');
    assert_eq!(e.responses.len(), 2, "{:?}", e.diagnostics);
}

#[test]
fn unmatched_optional_question_is_a_warning_with_alias_hint() {
    let e = generic("satisfaction,recommend,Hours per month with you mentor\n4,9,3\n");
    let w = e
        .diagnostics
        .iter()
        .find(|d| d.message.contains("`hours`"))
        .expect("warning for hours");
    assert!(!w.is_error());
    assert!(
        w.hint
            .as_deref()
            .unwrap_or("")
            .contains("Hours per month with you mentor"),
        "{w:?}"
    );
    assert!(e.report.unmatched_questions.contains(&"hours".to_string()));
}

#[test]
fn standard_scale_wordings_need_no_labels() {
    let schema = load_schema(
        Path::new("data/forms/f.toml"),
        r#"
title = "F"
[[questions]]
id = "satisfaction"
label = "How satisfied are you?"
kind = "scale"
[[questions]]
id = "agree"
label = "The meetings helped."
kind = "likert"
labels = ["1", "2", "3", "4", "5", "6", "7"]
"#,
    )
    .expect("schema");
    let csv = "satisfaction,agree\r\n\
               Somewhat satisfied,Slightly agree\r\n\
               Very dissatisfied,Strongly agree\r\n\
               Neither satisfied nor dissatisfied,Neither agree nor disagree\r\n\
               Extremely satisfied,Disagree\r\n";
    let e = read_export(Path::new("qualtrics.csv"), csv.as_bytes(), &schema);
    assert!(errors(&e).is_empty(), "{:#?}", errors(&e));
    let values: Vec<String> = e
        .responses
        .iter()
        .map(|r| format!("{:?} {:?}", r.answers[0], r.answers[1]))
        .collect();
    assert_eq!(
        values,
        [
            "Number(4.0) Number(5.0)",
            "Number(1.0) Number(7.0)",
            "Number(3.0) Number(4.0)",
            "Number(5.0) Number(2.0)",
        ]
    );
}

#[test]
fn a_shared_problem_is_reported_once_with_its_rows_and_the_fix() {
    let e = generic(
        "satisfaction,frequency,recommend\r\n\
         Meh,Weekly,9\r\n\
         Meh,Weekly,9\r\n\
         4,Fortnightly,9\r\n\
         Meh,Weekly,9\r\n",
    );
    let errs: Vec<&Diagnostic> = e
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && d.line > Some(1))
        .collect();
    assert_eq!(errs.len(), 2, "{errs:#?}");
    let word = errs[0];
    assert_eq!((word.line, word.column), (Some(2), Some(1)));
    assert!(
        word.message.ends_with("(in 3 rows: lines 2, 3, 5)"),
        "{}",
        word.message
    );
    assert!(
        word.hint
            .as_deref()
            .is_some_and(|h| h.contains("labels = [")),
        "{word:?}"
    );
    let option = errs[1];
    assert!(
        option.message.contains("not one of the options (Weekly, "),
        "{}",
        option.message
    );
    assert!(
        option
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("other = true")),
        "{option:?}"
    );
    assert_eq!(e.report.invalid_rows, 4);
}

fn grid_schema(extra: &str) -> FormSchema {
    load_schema(
        Path::new("data/forms/f.toml"),
        &format!(
            "[[questions]]\nid = 'rating'\nlabel = 'Rate your mentor'\nkind = 'matrix'\n\
             rows = ['Availability', 'Communication']\noptions = ['Poor', 'Fair', 'Good', 'Excellent']\n{extra}"
        ),
    )
    .expect("schema")
}

#[test]
fn unknown_grid_answers_and_missing_rows_name_the_row_and_column() {
    let schema = grid_schema("");
    let csv = "Timestamp,Rate your mentor [Availability],Rate your mentor [Punctuality]\n\
               2026/03/01 10:00:00,Good,Fair\n\
               2026/03/01 10:05:00,Goood,Fair\n";
    let e = read_export(Path::new("g.csv"), csv.as_bytes(), &schema);
    assert_eq!(
        e.report.unmatched_rows,
        [("rating".to_string(), "Communication".to_string())]
    );
    assert!(e
        .report
        .unmatched_columns
        .contains(&"Rate your mentor [Punctuality]".to_string()));
    let warning = e
        .diagnostics
        .iter()
        .find(|d| d.message.contains("no column for row \"Communication\""))
        .expect("row warning");
    assert!(!warning.is_error());
    let error = e.diagnostics.iter().find(|d| d.is_error()).expect("error");
    // Line 3, at the cell: after `2026/03/01 10:05:00,`.
    assert_eq!((error.line, error.column), (Some(3), Some(21)));
    assert!(
        error.message.contains("\"Goood\" is")
            && error.message.contains("row \"Availability\"")
            && error.message.contains("column 2"),
        "{}",
        error.message
    );
    assert_eq!(error.hint.as_deref(), Some("did you mean `Good`?"));
    assert_eq!(e.responses.len(), 1);
}

#[test]
fn a_required_grid_refuses_a_row_left_blank() {
    let schema = grid_schema("required = true\n");
    let csv = "rating [Availability],rating [Communication]\nGood,Fair\nGood,\n";
    let e = read_export(Path::new("g.csv"), csv.as_bytes(), &schema);
    let errs = errors(&e);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(
        errs[0].contains("required row \"Communication\" has no answer"),
        "{}",
        errs[0]
    );
}

#[test]
fn checkbox_grids_take_several_answers_per_row() {
    let schema = load_schema(
        Path::new("data/forms/f.toml"),
        "[[questions]]\nid = 'when'\nlabel = 'When can you meet?'\nkind = 'matrix'\nmultiple = true\n\
         rows = ['Weekdays', 'Weekends']\noptions = ['Morning', 'Afternoon', 'Evening']\n",
    )
    .expect("schema");
    let csv = "Timestamp,When can you meet? [Weekdays],When can you meet? [Weekends]\n\
               2026/03/01 10:00:00,Morning;Evening,Afternoon\n";
    let e = read_export(Path::new("g.csv"), csv.as_bytes(), &schema);
    assert!(errors(&e).is_empty(), "{:#?}", errors(&e));
    assert_eq!(
        e.responses[0].answers[0],
        Answer::Matrix(vec![
            Answer::Multi {
                options: vec![0, 2],
                other: None
            },
            Answer::Multi {
                options: vec![1],
                other: None
            },
        ])
    );
    let csv = to_normalised_csv(&schema, &e.responses);
    let again = read_export(Path::new("F.csv"), &csv, &schema);
    assert_eq!(again.report.tool, Tool::Normalised);
    assert_eq!(again.responses[0].answers, e.responses[0].answers);
}

#[test]
fn two_grids_with_the_same_statements_are_read_in_turn() {
    let schema = load_schema(
        Path::new("data/forms/f.toml"),
        "[[questions]]\nid = 'mentor'\nkind = 'matrix'\nrows = ['Availability', 'Communication']\n\
         options = ['Poor', 'Good']\n\
         [[questions]]\nid = 'coordinator'\nkind = 'matrix'\nrows = ['Availability', 'Communication']\n\
         options = ['Poor', 'Good']\n",
    )
    .expect("schema");
    let csv =
        "ID,Start time,Completion time,Availability,Communication,Availability,Communication\n\
               1,3/2/26 9:10:02,3/2/26 9:14:47,Good,Poor,Poor,Good\n";
    let e = read_export(Path::new("m.csv"), csv.as_bytes(), &schema);
    assert!(errors(&e).is_empty(), "{:#?}", errors(&e));
    let row = |v: f64| Answer::Number(v);
    assert_eq!(
        e.responses[0].answers,
        [
            Answer::Matrix(vec![row(2.0), row(1.0)]),
            Answer::Matrix(vec![row(1.0), row(2.0)])
        ]
    );
}
