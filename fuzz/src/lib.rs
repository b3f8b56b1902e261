//! The fuzz targets' bodies, their invariants and fixed inputs.
//!
//! Each `fuzz_targets/<name>.rs` is one line calling the function of the same
//! name here, so `tests/cli/fuzz_regressions.rs` (which includes this file
//! with `#[path]`) replays the corpus and every crash found through exactly
//! the same checks under `cargo test`.
//!
//! Every target checks, besides "no panic", that each diagnostic it gets
//! back points into the input: line and column (when present) at least 1,
//! the line no further than the input's line count + 1, and, for targets
//! whose input is the text the diagnostics are about, the column no further
//! than the end of that line + 1 (where the caret goes).

use mentorsite::{
    agreement_token, load_pairs, load_schema, open_spots, parse_front_matter as parse, read_export,
    split_front_matter as split, to_normalised_csv, validate_submission, Answer, Config,
    Diagnostic, FormSchema, MentorFrontMatter, PageFrontMatter, QuestionKind, Severity, Tool,
};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

/// A fuzz target's body: panics when an invariant does not hold.
pub type Target = fn(&[u8]);

/// The targets by name, for replaying a corpus folder.
pub const TARGETS: [(&str, Target); 6] = [
    ("front_matter", front_matter),
    ("csv_import", csv_import),
    ("schema", schema),
    ("pairs", pairs),
    ("config", config),
    ("intake", intake),
];

/// Lines of `input`: its `\n` line breaks + 1 (how every diagnostic in the
/// crate counts them). Bytes, so it bounds the decoded text of any encoding
/// the CSV reader accepts (a UTF-16 `\n` is a 0x0A byte too).
pub fn line_count(input: &[u8]) -> usize {
    input.iter().filter(|b| **b == b'\n').count() + 1
}

/// The lines of `input`, split at `\n` (keeping a `\r` before it), or with
/// `lone_cr` also at a `\r` not followed by `\n`, as `pairs.csv` counts them.
pub fn lines(input: &[u8], lone_cr: bool) -> Vec<&[u8]> {
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, b) in input.iter().enumerate() {
        if *b == b'\n' || (lone_cr && *b == b'\r' && input.get(i + 1) != Some(&b'\n')) {
            lines.push(&input[start..i]);
            start = i + 1;
        }
    }
    lines.push(&input[start..]);
    lines
}

/// Checks the location of every diagnostic against the raw `input`: line
/// numbers only (use for inputs decoded before diagnostics are made).
pub fn check_lines(input: &[u8], diagnostics: &[Diagnostic]) {
    check_line_numbers(line_count(input), diagnostics);
}

fn check_line_numbers(lines: usize, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        assert!(
            !d.message.trim().is_empty(),
            "diagnostic without a message: {d:?}"
        );
        if let Some(line) = d.line {
            assert!(line >= 1, "line 0: {d:?}");
            assert!(
                line <= lines + 1,
                "line {line} past the end of a {lines}-line input: {d:?}"
            );
        } else {
            assert!(d.column.is_none(), "a column without a line: {d:?}");
        }
        if let Some(column) = d.column {
            assert!(column >= 1, "column 0: {d:?}");
        }
    }
}

/// [`check_lines`], plus: the column is on the line (at most its length in
/// characters + 1, where the caret goes after the last one).
pub fn check_located(input: &[u8], diagnostics: &[Diagnostic]) {
    check_located_in(&lines(input, false), diagnostics);
}

/// [`check_located`] with the lines already split.
pub fn check_located_in(lines: &[&[u8]], diagnostics: &[Diagnostic]) {
    check_line_numbers(lines.len(), diagnostics);
    for d in diagnostics {
        let (Some(line), Some(column)) = (d.line, d.column) else {
            continue;
        };
        // UTF-8 scalar starts, so an invalid byte counts as one character.
        let chars = lines
            .get(line - 1)
            .map_or(0, |l| l.iter().filter(|b| (**b & 0xC0) != 0x80).count());
        assert!(
            column <= chars + 1,
            "column {column} past the end of line {line} ({chars} characters): {d:?}"
        );
    }
}

/// The forms the CSV and intake targets read against: the export fixtures'
/// schema, the example program's feedback form, and `fuzz/schemas/edge.toml`
/// (negative scales, options holding `,` `;` `"` and `=`, keep = "latest").
pub fn schemas() -> &'static [FormSchema] {
    static SCHEMAS: OnceLock<Vec<FormSchema>> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        [
            (
                "tests/fixtures/exports/schema.toml",
                include_str!("../../tests/fixtures/exports/schema.toml"),
            ),
            (
                "data/forms/feedback.toml",
                include_str!("../../data/forms/feedback.toml"),
            ),
            (
                "fuzz/schemas/edge.toml",
                include_str!("../schemas/edge.toml"),
            ),
        ]
        .into_iter()
        .map(|(path, source)| {
            load_schema(Path::new(path), source)
                .unwrap_or_else(|d| panic!("fixed schema {path} does not load: {d:?}"))
        })
        .collect()
    })
}

/// Front matter: `split`, then `parse` as both front matter types.
pub fn front_matter(data: &[u8]) {
    // Pages are read as UTF-8 text before they are split.
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("content/handbook/fuzz.md");
    let parts = match split(path, source) {
        Ok(parts) => parts,
        Err(d) => {
            check_located(data, &[d]);
            return;
        }
    };
    // The offsets are those of the parts in the file.
    let fm_end = parts.front_matter_offset + parts.front_matter.len();
    assert_eq!(
        source.get(parts.front_matter_offset..fm_end),
        Some(parts.front_matter)
    );
    assert_eq!(source.get(parts.body_offset..), Some(parts.body));
    assert!(fm_end <= parts.body_offset);
    // Between them is the closing `+++` line.
    let closing = &source[fm_end..parts.body_offset];
    assert_eq!(closing.trim_end(), "+++", "closing line {closing:?}");

    if let Err(d) = parse::<PageFrontMatter>(path, source, &parts) {
        check_located(data, &[d]);
    }
    if let Err(d) = parse::<MentorFrontMatter>(path, source, &parts) {
        check_located(data, &[d]);
    }
}

/// CSV import: any bytes through `read_export` (decoding, delimiter
/// sniffing, tool detection, header matching, validation) against each fixed
/// schema, then the round trip through `to_normalised_csv`.
pub fn csv_import(data: &[u8]) {
    let path = Path::new("data/rounds/fuzz/feedback.csv");
    let lines = line_count(data);
    for schema in schemas() {
        let export = read_export(path, data, schema);
        check_lines(data, &export.diagnostics);
        assert_eq!(export.report.imported, export.responses.len());
        for r in &export.responses {
            assert_eq!(r.answers.len(), schema.questions.len());
            assert!(
                r.line >= 1 && r.line <= lines + 1,
                "response at line {}",
                r.line
            );
            for (a, q) in r.answers.iter().zip(&schema.questions) {
                match a {
                    Answer::Number(v) => assert!(v.is_finite(), "`{}` answered {v}", q.id),
                    Answer::Choice(i) => assert!(*i < q.options.len()),
                    Answer::Multi { options, .. } => {
                        assert!(options.windows(2).all(|w| w[0] < w[1]), "{options:?}");
                        assert!(options.iter().all(|i| *i < q.options.len()));
                    }
                    _ => {}
                }
            }
        }

        // What `import` writes is read back by `build` as the same responses.
        // `import` writes nothing when the export has errors (a required
        // question without a column leaves rows that are valid only because
        // the column is absent), so only then must the round trip hold.
        let normalised = to_normalised_csv(schema, &export.responses);
        let again = read_export(path, &normalised, schema);
        check_lines(&normalised, &again.diagnostics);
        if export
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
        {
            continue;
        }
        let errors: Vec<_> = again
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "normalised file has errors: {errors:?}");
        assert_eq!(again.report.tool, Tool::Normalised);
        assert_eq!(
            again.responses.len(),
            export.responses.len(),
            "round trip lost responses: {:?}",
            again.report
        );
        for (a, b) in export.responses.iter().zip(&again.responses) {
            assert_eq!(a.answers, b.answers, "answers changed in the round trip");
        }
    }
}

/// Form schemas: `load_schema` on any text; a schema that loads is
/// consistent, and the header of its own normalised file reads back.
pub fn schema(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let schema = match load_schema(Path::new("data/forms/fuzz.toml"), source) {
        Ok(schema) => schema,
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty(), "an error without a diagnostic");
            check_located(data, &diagnostics);
            return;
        }
    };
    assert_eq!(schema.id, "fuzz");
    assert!(!schema.questions.is_empty());
    let mut ids = HashSet::new();
    for q in &schema.questions {
        assert!(!q.id.is_empty());
        assert!(ids.insert(q.id.to_lowercase()), "id `{}` twice", q.id);
        assert!(std::ptr::eq(schema.question(&q.id).expect("by id"), q));
        assert!(!(q.publishes_text() && q.is_private()));
        if matches!(q.kind, QuestionKind::Choice | QuestionKind::Multi) {
            assert!(!q.options.is_empty());
        }
        if let Some((lo, hi)) = q.range() {
            assert!(lo <= hi, "range {lo}..={hi} of `{}`", q.id);
            if hi - lo <= 100 {
                for v in lo..=hi {
                    let _ = q.value_label(v);
                }
            }
        }
    }
    let header = to_normalised_csv(&schema, &[]);
    let export = read_export(Path::new("data/rounds/r/fuzz.csv"), &header, &schema);
    check_lines(&header, &export.diagnostics);
    assert!(export.responses.is_empty());
    assert_eq!(export.report.tool, Tool::Normalised, "{:?}", export.report);
    assert!(
        export.report.unmatched_questions.is_empty(),
        "{:?}",
        export.report
    );
}

/// `data/pairs.csv`: `load_pairs` on any bytes.
pub fn pairs(data: &[u8]) {
    // The mentors and tracks of tests/fixtures/pairs/expected.txt, plus a
    // mentor without spots.
    let mentors: BTreeMap<String, u32> = [
        ("ada-lovelace", 2),
        ("grace-hopper", 1),
        ("alan-turing", 1),
        ("wei-chen", 0),
    ]
    .into_iter()
    .map(|(slug, capacity)| (slug.to_string(), capacity))
    .collect();
    let tracks = ["software-engineering", "leadership"];
    let (pairs, diagnostics) = load_pairs(Path::new("data/pairs.csv"), data, &mentors, &tracks);

    // Lines and columns count in the data without its BOM, and a lone `\r`
    // (Excel for Mac) ends a line as it ends a row.
    let text = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let lines = lines(text, true);
    check_located_in(&lines, &diagnostics);
    assert!(
        diagnostics
            .windows(2)
            .all(|w| (w[0].line, w[0].column) <= (w[1].line, w[1].column)),
        "diagnostics not in file order"
    );
    let mut last = 1;
    for pair in &pairs {
        // After the header, in file order, each on a line of its own.
        assert!(
            pair.line > last && pair.line <= lines.len(),
            "pair at line {}",
            pair.line
        );
        last = pair.line;
        assert!(mentors.contains_key(&pair.mentor), "unknown mentor");
        if let Some(track) = &pair.track {
            assert!(tracks.contains(&track.as_str()), "unknown track {track:?}");
        }
        if let (Some(start), Some(end)) = (pair.start, pair.end) {
            assert!(start <= end, "{start} after {end}");
        }
        assert!(!agreement_token(b"fuzz secret", pair).is_empty());
    }
    for slug in open_spots(&pairs).keys() {
        assert!(mentors.contains_key(*slug));
    }
}

/// `site.toml`: `Config::parse` on any text.
pub fn config(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    match Config::parse(Path::new("site.toml"), source) {
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty(), "an error without a diagnostic");
            check_located(data, &diagnostics);
        }
        Ok(config) => {
            assert!(!config.title.trim().is_empty());
            assert!(config.directory.page_size > 0);
            assert!(config.privacy.min_group_size > 0);
            assert!(!config.base_url.ends_with('/'), "{:?}", config.base_url);
            let base_path = config.base_path();
            assert!(!base_path.ends_with('/'), "{base_path:?}");
            assert!(
                base_path.is_empty() || base_path.starts_with('/'),
                "{base_path:?}"
            );
            assert_eq!(config.track_titles().len(), config.track_ids().count());
            for id in config.track_ids() {
                assert!(config.track_title(id).is_some());
            }
        }
    }
}

/// The form fields an intake input holds: the first byte picks one of
/// [`schemas`]; the rest is UTF-8 (lossy), one field per line as
/// `name=value`, with `\n` in a value written as the two characters `\` `n`.
pub fn intake_fields(data: &[u8]) -> Option<(&'static FormSchema, Vec<(String, String)>)> {
    let (&pick, rest) = data.split_first()?;
    let schema = &schemas()[usize::from(pick) % schemas().len()];
    let fields = String::from_utf8_lossy(rest)
        .split('\n')
        .filter(|line| !line.is_empty())
        .map(|line| {
            let (name, value) = line.split_once('=').unwrap_or((line, ""));
            (name.to_string(), value.replace("\\n", "\n"))
        })
        .collect();
    Some((schema, fields))
}

/// Form submissions: `validate_submission` on any fields.
pub fn intake(data: &[u8]) {
    let Some((schema, fields)) = intake_fields(data) else {
        return;
    };
    match validate_submission(schema, &fields) {
        Err(errors) => {
            assert!(!errors.is_empty(), "rejected without a reason");
            for e in &errors {
                assert!(!e.message.trim().is_empty(), "{e:?}");
                assert!(
                    e.question_id.is_empty() || schema.question(&e.question_id).is_some(),
                    "error for a question the form does not have: {e:?}"
                );
            }
        }
        Ok(cells) => {
            assert_eq!(cells.len(), schema.questions.len());
            // The stored row is normalised: submitting it again as the
            // form's fields is accepted and stores the very same row.
            let resubmitted: Vec<(String, String)> = schema
                .questions
                .iter()
                .zip(&cells)
                .map(|(q, cell)| (q.id.clone(), cell.clone()))
                .collect();
            match validate_submission(schema, &resubmitted) {
                Ok(again) => assert_eq!(again, cells, "normalised row not stable"),
                Err(errors) => panic!("its own normalised row is rejected: {errors:?}"),
            }
        }
    }
}
