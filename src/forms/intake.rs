//! Form intake: one submission in, one validated row appended to the round's
//! CSV.
//!
//! `serve` receives the site's forms; this module holds the part that does
//! not care about HTTP. A submission is validated by the very reader that
//! `import` and `build` use ([`read_export`]): the fields are written as a
//! one-row normalised CSV, read back against the schema, and written out
//! again with [`to_normalised_csv`]. So a submission is accepted exactly when
//! the build would accept the row it becomes, with the same messages, and the
//! stored row is already in normalised form (numbers for scales, canonical
//! option spellings, `YYYY-MM-DD` dates, formula cells neutralised).
//!
//! Appending never rewrites the file: one `write` of the whole row to a file
//! opened for appending, then `sync_all`, so a crash leaves either the row or
//! nothing. Callers serialise appends to one file (the server holds a mutex).

use super::import::{read_export, to_normalised_csv};
use super::schema::{FormSchema, QuestionKind};
use crate::diagnostic::Severity;
use crate::table::write::neutralise;
use std::fmt;
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

/// The name of the form field that holds a multi or choice question's
/// "Other" text is `<question id>__other`, as the theme's `form.html` names it.
pub const OTHER_SUFFIX: &str = "__other";

/// One problem with one answer of a submission, shown next to its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The question the message is about; empty for the form as a whole.
    pub question_id: String,
    pub message: String,
}

/// Checks a submission against `schema` with the same rules as `import`.
///
/// `fields` are the decoded form fields in the order sent; a multi question's
/// boxes arrive as one field each. Fields that name no question (buttons,
/// the honeypot) are ignored. On success, returns the row's cells in
/// question order, in the normalised file's format (already neutralised).
pub fn validate_submission(
    schema: &FormSchema,
    fields: &[(String, String)],
) -> Result<Vec<String>, Vec<FieldError>> {
    let mut values = Vec::with_capacity(schema.questions.len());
    let mut shape_errors = Vec::new();
    for q in &schema.questions {
        let cell = if q.kind == QuestionKind::Matrix {
            Ok(super::matrix::submitted_cell(q, fields))
        } else {
            raw_cell(q.kind, &q.id, fields)
        };
        match cell {
            Ok(v) => values.push(v),
            Err(e) => shape_errors.push(e),
        }
    }
    if !shape_errors.is_empty() {
        return Err(shape_errors);
    }

    if values.iter().all(|v| v.trim().is_empty()) {
        // The reader skips blank rows, so it would say nothing about them.
        let mut errors: Vec<FieldError> = schema
            .questions
            .iter()
            .filter(|q| q.required)
            .map(|q| FieldError {
                question_id: q.id.clone(),
                message: "required answer missing".into(),
            })
            .collect();
        if errors.is_empty() {
            errors.push(FieldError {
                question_id: String::new(),
                message: "the form is empty: answer at least one question".into(),
            });
        }
        return Err(errors);
    }

    // Every field quoted: the reader sniffs the delimiter, and an unquoted
    // `;` or tab in an answer must not look like one.
    let mut writer = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(Vec::new());
    let header: Vec<&str> = schema.questions.iter().map(|q| q.id.as_str()).collect();
    let written = writer
        .write_record(&header)
        .and_then(|()| writer.write_record(&values));
    let bytes = match (written, writer.into_inner()) {
        (Ok(()), Ok(bytes)) => bytes,
        _ => return Err(vec![form_error("the submission could not be read")]),
    };

    // Invalid rows must be errors here even where the schema lets `import`
    // skip them.
    let strict = FormSchema {
        skip_invalid_rows: false,
        ..schema.clone()
    };
    let path = PathBuf::from(format!("{}.csv", schema.id));
    let export = read_export(&path, &bytes, &strict);
    // Each problem with an answer by its question; anything else (the row
    // as a whole) about the form.
    let mut errors: Vec<FieldError> = export
        .answer_errors
        .iter()
        .map(|e| FieldError {
            question_id: e.question_id.clone(),
            message: e.message.clone(),
        })
        .collect();
    if errors.is_empty() {
        errors.extend(
            export
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| form_error(&d.message)),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let [response] = export.responses.as_slice() else {
        return Err(vec![form_error("the submission could not be read")]);
    };
    let normalised = to_normalised_csv(schema, std::slice::from_ref(response));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(normalised.as_slice());
    match reader.records().next() {
        Some(Ok(record)) => Ok(record.iter().map(str::to_string).collect()),
        _ => Err(vec![form_error("the submission could not be read")]),
    }
}

fn form_error(message: &str) -> FieldError {
    FieldError {
        question_id: String::new(),
        message: message.into(),
    }
}

/// The one CSV cell a question's fields make, as a tool's export would hold it.
fn raw_cell(
    kind: QuestionKind,
    id: &str,
    fields: &[(String, String)],
) -> Result<String, FieldError> {
    let answers: Vec<&str> = fields
        .iter()
        .filter(|(name, value)| name == id && !value.trim().is_empty())
        .map(|(_, value)| value.as_str())
        .collect();
    let other_name = format!("{id}{OTHER_SUFFIX}");
    let other = fields
        .iter()
        .filter(|(name, _)| *name == other_name)
        .map(|(_, value)| value.trim())
        .find(|v| !v.is_empty());
    match kind {
        // `;` is how the normalised file joins options; the reader matches
        // known options first, so options containing commas survive.
        QuestionKind::Multi => {
            let mut parts = answers;
            parts.retain(|a| other.is_none() || !a.trim().eq_ignore_ascii_case("other"));
            parts.extend(other);
            Ok(parts.join(";"))
        }
        _ => match (answers.as_slice(), other) {
            ([], None) => Ok(String::new()),
            ([], Some(text)) => Ok(text.to_string()),
            ([one], Some(text)) if one.trim().eq_ignore_ascii_case("other") => Ok(text.to_string()),
            ([one], None) => Ok(one.to_string()),
            ([_], Some(_)) => Err(FieldError {
                question_id: id.to_string(),
                message: "choose one of the options or write your own answer, not both".into(),
            }),
            _ => Err(FieldError {
                question_id: id.to_string(),
                message: "give one answer only".into(),
            }),
        },
    }
}

/// Why a row was not appended.
#[derive(Debug)]
pub enum AppendError {
    /// The file holds another layout (a tool's raw export, or an older
    /// schema): appending would corrupt it, so nothing was written.
    HeaderMismatch {
        path: PathBuf,
        expected: Vec<String>,
        found: Vec<String>,
    },
    /// The row does not have one cell per question.
    WrongWidth { expected: usize, found: usize },
    /// The system failed us.
    Io(anyhow::Error),
}

impl fmt::Display for AppendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppendError::HeaderMismatch {
                path,
                expected,
                found,
            } => {
                let shown: Vec<&str> = found.iter().take(6).map(String::as_str).collect();
                let more = if found.len() > shown.len() {
                    ", …"
                } else {
                    ""
                };
                write!(
                    f,
                    "{} does not have the columns of the form ({}) but ({}{more}); \
                     nothing was appended so the file stays intact. Normalise it with \
                     `mentorsite import`, or set [intake] round in site.toml to a new round",
                    path.display(),
                    expected.join(", "),
                    shown.join(", ")
                )
            }
            AppendError::WrongWidth { expected, found } => {
                write!(f, "a row needs {expected} cells, got {found}")
            }
            AppendError::Io(e) => write!(f, "{e:#}"),
        }
    }
}

impl std::error::Error for AppendError {}

impl From<std::io::Error> for AppendError {
    fn from(e: std::io::Error) -> Self {
        AppendError::Io(e.into())
    }
}

/// Appends one row (`cells` in question order) to the normalised CSV at
/// `path`, creating it with the header when it does not exist.
///
/// Refuses a file whose header is not this schema's question ids. The row
/// goes out in a single `write` to a file opened for appending and is
/// synced to disk before this returns. Not safe against a concurrent writer
/// to the same file: callers hold a lock.
pub fn append_submission(
    path: &Path,
    schema: &FormSchema,
    cells: &[String],
) -> Result<(), AppendError> {
    let expected: Vec<String> = schema.questions.iter().map(|q| q.id.clone()).collect();
    if cells.len() != expected.len() {
        return Err(AppendError::WrongWidth {
            expected: expected.len(),
            found: cells.len(),
        });
    }
    let io = |what: &str, e: std::io::Error| {
        AppendError::Io(anyhow::Error::new(e).context(format!("{what} {}", path.display())))
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| io("cannot create the folder of", e))?;
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)
        .map_err(|e| io("cannot open", e))?;
    let len = file
        .metadata()
        .map_err(|e| io("cannot read the size of", e))?
        .len();

    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut bytes = Vec::new();
    if len == 0 {
        writer
            .write_record(&expected)
            .map_err(|e| io("cannot encode the header of", e.into()))?;
    } else {
        let found = read_header(&mut file).map_err(|e| io("cannot read the header of", e))?;
        if found != expected {
            return Err(AppendError::HeaderMismatch {
                path: path.to_path_buf(),
                expected,
                found,
            });
        }
        if !ends_with_newline(&mut file, len).map_err(|e| io("cannot read", e))? {
            bytes.extend_from_slice(b"\r\n");
        }
    }
    let row: Vec<String> = cells.iter().map(|c| neutralise(c)).collect();
    writer
        .write_record(&row)
        .map_err(|e| io("cannot encode a row of", e.into()))?;
    bytes.extend(
        writer
            .into_inner()
            .map_err(|e| io("cannot encode a row of", e.into_error()))?,
    );
    // One write of the whole row: with O_APPEND it lands after whatever is
    // there, never interleaved with another write.
    file.write_all(&bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| io("cannot append to", e))?;
    if len == 0 {
        // A new file's name is only durable once its folder is synced too.
        // Folders cannot be opened for syncing everywhere (Windows): best effort.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// The header row of a CSV file, trimmed, without a byte order mark.
fn read_header(file: &mut std::fs::File) -> std::io::Result<Vec<String>> {
    file.seek(SeekFrom::Start(0))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(std::io::BufReader::new(&mut *file));
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(true) => Ok(record
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let f = if i == 0 {
                    f.trim_start_matches('\u{feff}')
                } else {
                    f
                };
                f.trim().to_string()
            })
            .collect()),
        Ok(false) => Ok(Vec::new()),
        // Not UTF-8 or not CSV: certainly not our format.
        Err(_) => Ok(vec!["(unreadable)".into()]),
    }
}

fn ends_with_newline(file: &mut std::fs::File, len: u64) -> std::io::Result<bool> {
    file.seek(SeekFrom::Start(len - 1))?;
    let mut last = [0u8];
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::import::Answer;
    use crate::forms::schema::load_schema;

    const SCHEMA: &str = r#"
title = "Feedback"
[[questions]]
id = "email"
kind = "email"
[[questions]]
id = "satisfaction"
kind = "scale"
min = 1
max = 5
labels = ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"]
required = true
[[questions]]
id = "agree"
kind = "likert"
[[questions]]
id = "frequency"
kind = "choice"
options = ["Weekly", "Monthly"]
[[questions]]
id = "topics"
kind = "multi"
options = ["Career, planning", "Skills", "Networking"]
other = true
[[questions]]
id = "hours"
kind = "number"
min = 0
max = 100
[[questions]]
id = "went_well"
kind = "text"
[[questions]]
id = "started"
kind = "date"
"#;

    fn schema() -> FormSchema {
        load_schema(Path::new("data/forms/feedback.toml"), SCHEMA).expect("schema")
    }

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn valid_submission_becomes_normalised_cells() {
        let cells = validate_submission(
            &schema(),
            &fields(&[
                ("email", "ana@example.org"),
                ("satisfaction", "Satisfied"),
                ("agree", "Strongly agree"),
                ("frequency", "weekly"),
                ("topics", "Career, planning"),
                ("topics", "Networking"),
                ("topics", "Other"),
                ("topics__other", "Salary talks"),
                ("hours", "3,5"),
                ("went_well", "=1+1 is fun"),
                ("started", "2026-03-01"),
                ("submit", "Send"),
            ]),
        )
        .expect("valid");
        assert_eq!(
            cells,
            [
                "ana@example.org",
                "4",
                "5",
                "Weekly",
                "Career, planning;Networking;Salary talks",
                "3.5",
                "'=1+1 is fun",
                "2026-03-01"
            ]
        );
    }

    #[test]
    fn invalid_answers_are_reported_per_question() {
        let errors = validate_submission(
            &schema(),
            &fields(&[
                ("email", "not-an-address"),
                ("frequency", "Daily"),
                ("hours", "500"),
            ]),
        )
        .expect_err("invalid");
        let ids: Vec<&str> = errors.iter().map(|e| e.question_id.as_str()).collect();
        assert_eq!(ids, ["email", "satisfaction", "frequency", "hours"]);
        assert!(
            errors[0].message.contains("not an email address"),
            "{errors:?}"
        );
        assert_eq!(errors[1].message, "required answer missing");
        assert!(
            errors[2].message.contains("not one of the options"),
            "{errors:?}"
        );
        assert!(errors[3].message.contains("out of range"), "{errors:?}");
    }

    #[test]
    fn empty_and_ambiguous_submissions_are_refused() {
        let errors = validate_submission(&schema(), &[]).expect_err("empty");
        assert_eq!(errors[0].question_id, "satisfaction");
        let errors = validate_submission(
            &schema(),
            &fields(&[
                ("satisfaction", "4"),
                ("frequency", "Weekly"),
                ("frequency", "Monthly"),
            ]),
        )
        .expect_err("two answers");
        assert_eq!(errors[0].question_id, "frequency");
        let errors = validate_submission(
            &schema(),
            &fields(&[
                ("satisfaction", "4"),
                ("frequency", "Weekly"),
                ("frequency__other", "Daily"),
            ]),
        )
        .expect_err("an option and other text");
        assert_eq!(errors[0].question_id, "frequency");
    }

    #[test]
    fn semicolons_and_tabs_in_answers_do_not_confuse_the_reader() {
        let cells = validate_submission(
            &schema(),
            &fields(&[("satisfaction", "2"), ("went_well", "a;b\tc, \"d\"\nline")]),
        )
        .expect("valid");
        assert_eq!(cells[6], "a;b\tc, \"d\"\nline");
    }

    #[test]
    fn appended_rows_read_back_with_the_importer() {
        let tmp = tempfile::tempdir().expect("tmp");
        let path = tmp.path().join("rounds/r1/feedback.csv");
        let s = schema();
        for (sat, text) in [("5", "@admin"), ("1", "-2+3"), ("3", "plain")] {
            let cells =
                validate_submission(&s, &fields(&[("satisfaction", sat), ("went_well", text)]))
                    .expect("valid");
            append_submission(&path, &s, &cells).expect("append");
        }
        let bytes = std::fs::read(&path).expect("read");
        let text = String::from_utf8(bytes.clone()).expect("utf-8");
        assert!(text.starts_with("email,satisfaction,agree,"), "{text}");
        assert!(
            text.contains("\"'@admin\"") || text.contains(",'@admin,"),
            "{text}"
        );
        assert!(text.contains("'-2+3"), "{text}");
        let export = read_export(&path, &bytes, &s);
        assert!(export.diagnostics.is_empty(), "{:?}", export.diagnostics);
        assert_eq!(export.responses.len(), 3);
        let well = s
            .questions
            .iter()
            .position(|q| q.id == "went_well")
            .expect("q");
        match &export.responses[0].answers[well] {
            Answer::Text(t) => assert_eq!(t.expose(), "@admin"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_foreign_header_is_never_appended_to() {
        let tmp = tempfile::tempdir().expect("tmp");
        let path = tmp.path().join("feedback.csv");
        let export = "Timestamp,Email address,Satisfaction\n2026-01-01,a@b.org,4\n";
        std::fs::write(&path, export).expect("write");
        let s = schema();
        let cells = validate_submission(&s, &fields(&[("satisfaction", "4")])).expect("valid");
        let err = append_submission(&path, &s, &cells).expect_err("refused");
        assert!(matches!(err, AppendError::HeaderMismatch { .. }));
        assert!(err.to_string().contains("Timestamp"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), export);
    }

    #[test]
    fn a_file_without_final_newline_gets_one_before_the_row() {
        let tmp = tempfile::tempdir().expect("tmp");
        let path = tmp.path().join("feedback.csv");
        let s = schema();
        let header = s
            .questions
            .iter()
            .map(|q| q.id.as_str())
            .collect::<Vec<_>>()
            .join(",");
        std::fs::write(&path, format!("\u{feff}{header}")).expect("write");
        let cells = validate_submission(&s, &fields(&[("satisfaction", "4")])).expect("valid");
        append_submission(&path, &s, &cells).expect("append");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.ends_with("\r\n,4,,,,,,\r\n"), "{text:?}");
    }
}
