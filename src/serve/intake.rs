//! The intake endpoint: `POST /forms/<form>/submit` (or the path set by
//! `[intake] url`), validated and appended to the current round's CSV.
//!
//! The rules live in [`crate::forms::intake`]; this module does the HTTP
//! around them: limits, same-origin, the honeypot, and the pages answered
//! (a thank-you page, or the form again with each error beside its field).
//! Every page is built here from the schema and escaped text, so nothing a
//! respondent typed can run in the page it is shown in again.

use super::reload::{escape_html, STYLE_URL};
use super::server::{header, percent_decode, respond, Shared};
use super::{ServeEvent, SubmissionOutcome};
use crate::forms::intake::{
    append_submission, validate_submission, AppendError, FieldError, OTHER_SUFFIX,
};
use crate::forms::schema::{load_schema, FormSchema, Question, QuestionKind};
use crate::site::{load_config, LoadOptions};
use std::io::Read as _;
use tiny_http::Request;

/// Submissions larger than this are refused with 413: a form of a few dozen
/// questions with long answers stays far below it.
pub const MAX_BODY_BYTES: u64 = 64 * 1024;

/// A field hidden from people and visible to bots; a submission that fills
/// it is answered as a success and thrown away. Not used when a form has a
/// question of the same id.
pub const HONEYPOT: &str = "website";

/// Where forms post unless `[intake] url` says otherwise.
pub const DEFAULT_URL: &str = "/forms/{form}/submit";

/// What to answer, and what to tell the terminal.
struct Reply {
    status: u16,
    page: String,
    outcome: Option<(String, SubmissionOutcome)>,
}

impl Reply {
    fn message(status: u16, title: &str, text: &str) -> Reply {
        Reply {
            status,
            page: page(
                title,
                &format!(
                    "<h1>{}</h1><p>{}</p>",
                    escape_html(title),
                    escape_html(text)
                ),
            ),
            outcome: None,
        }
    }

    fn refused(form: &str, status: u16, title: &str, text: &str) -> Reply {
        Reply {
            outcome: Some((
                form.to_string(),
                SubmissionOutcome::Refused {
                    status,
                    reason: text.to_string(),
                },
            )),
            ..Reply::message(status, title, text)
        }
    }
}

/// Answers a POST.
pub fn handle(shared: &Shared, mut request: Request, path: &str) {
    let reply = submit(shared, &mut request, path);
    if let Some((form, outcome)) = reply.outcome {
        let _ = shared.events.send(ServeEvent::Submission { form, outcome });
    }
    respond(
        request,
        reply.status,
        "text/html; charset=utf-8",
        reply.page.into_bytes(),
        &[],
    );
}

fn submit(shared: &Shared, request: &mut Request, path: &str) -> Reply {
    let config = match load_config(&shared.root, &LoadOptions::default()) {
        Ok(config) => config,
        Err(_) => {
            return Reply::message(
                503,
                "The intake is closed",
                "site.toml has errors; the terminal running `mentorsite serve` shows them.",
            )
        }
    };
    let Some(form) = form_id(path, &config.intake.url) else {
        return Reply::message(404, "Not found", "Nothing here accepts a form.");
    };
    if !same_origin(request) {
        return Reply::refused(
            form,
            403,
            "Not accepted",
            "This form was sent from another site.",
        );
    }
    let Some(round) = config.intake.round.clone().filter(|r| !r.trim().is_empty()) else {
        return Reply::refused(
            form,
            503,
            "The intake is closed",
            "No round is open: set `round` under [intake] in site.toml to the folder in data/rounds/ that collects submissions.",
        );
    };
    if !is_safe_name(&round) {
        return Reply::refused(
            form,
            503,
            "The intake is closed",
            "[intake] round in site.toml must be a folder name (letters, digits, `-`, `_`, `.`).",
        );
    }
    let schema_path = shared.root.join("data/forms").join(format!("{form}.toml"));
    if !schema_path.is_file() {
        return Reply::message(404, "Not found", &format!("There is no form `{form}`."));
    }
    let schema = match crate::fsutil::read_text(&schema_path)
        .map_err(|d| vec![d])
        .and_then(|source| load_schema(&schema_path, &source))
    {
        Ok(schema) => schema,
        Err(problems) => {
            let text: Vec<String> = problems
                .into_iter()
                .map(|d| d.relative_to(&shared.root).render())
                .collect();
            return Reply::refused(
                form,
                500,
                "The form has errors",
                &format!("data/forms/{form}.toml: {}", text.join("\n")),
            );
        }
    };
    let urlencoded = header(request, "Content-Type").is_some_and(|t| {
        t.split(';').next().is_some_and(|m| {
            m.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
    });
    if !urlencoded {
        return Reply::refused(
            form,
            415,
            "Not accepted",
            "Forms are sent as application/x-www-form-urlencoded.",
        );
    }
    let body = match read_body(request) {
        Ok(body) => body,
        Err(reply) => {
            return Reply {
                outcome: Some((
                    form.to_string(),
                    SubmissionOutcome::Refused {
                        status: reply.status,
                        reason: "body too large or unreadable".into(),
                    },
                )),
                ..reply
            }
        }
    };
    let Some(fields) = parse_form(&body) else {
        return Reply::refused(
            form,
            400,
            "Not accepted",
            "The form data could not be read.",
        );
    };
    if schema.question(HONEYPOT).is_none()
        && fields
            .iter()
            .any(|(name, value)| name == HONEYPOT && !value.trim().is_empty())
    {
        // Tell a bot it worked, so it does not try again differently.
        return Reply {
            status: 200,
            page: thank_you(&schema),
            outcome: Some((form.to_string(), SubmissionOutcome::Honeypot)),
        };
    }
    let cells = match validate_submission(&schema, &fields) {
        Ok(cells) => cells,
        Err(errors) => {
            return Reply {
                status: 422,
                page: form_page(&schema, path, &fields, &errors),
                outcome: Some((
                    form.to_string(),
                    SubmissionOutcome::Invalid {
                        errors: errors.len(),
                    },
                )),
            }
        }
    };
    if form == config.impact.checkin_form {
        let tracks: Vec<&str> = config.track_ids().collect();
        if let Err(message) =
            crate::impact::checkins::check_submission(&shared.root, &tracks, &schema, &cells)
        {
            let errors = [FieldError {
                question_id: "pair".into(),
                message,
            }];
            return Reply {
                status: 422,
                page: form_page(&schema, path, &fields, &errors),
                outcome: Some((form.to_string(), SubmissionOutcome::Invalid { errors: 1 })),
            };
        }
    }
    let csv = shared
        .root
        .join("data/rounds")
        .join(&round)
        .join(format!("{form}.csv"));
    let appended = {
        let _writer = shared
            .intake_lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        append_submission(&csv, &schema, &cells)
    };
    match appended {
        Ok(()) => Reply {
            status: 200,
            page: thank_you(&schema),
            outcome: Some((form.to_string(), SubmissionOutcome::Stored { round })),
        },
        Err(e @ AppendError::HeaderMismatch { .. }) => {
            Reply::refused(form, 409, "Not stored", &relative_message(&e, &shared.root))
        }
        Err(e) => Reply::refused(form, 500, "Not stored", &e.to_string()),
    }
}

/// An error's text with the site folder left out of its paths.
fn relative_message(error: &AppendError, root: &std::path::Path) -> String {
    let root = format!("{}{}", root.display(), std::path::MAIN_SEPARATOR);
    error.to_string().replace(&root, "")
}

/// The form id of a post to `pattern` (`/forms/{form}/submit`), or to the
/// default path when the configured one is on another host.
pub fn form_id<'a>(path: &'a str, pattern: &str) -> Option<&'a str> {
    let configured = if pattern.starts_with('/') {
        Some(pattern)
    } else {
        None
    };
    configured
        .into_iter()
        .chain([DEFAULT_URL])
        .find_map(|pattern| {
            let (prefix, suffix) = pattern.split_once("{form}")?;
            let id = path.strip_prefix(prefix)?.strip_suffix(suffix)?;
            let valid = !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            valid.then_some(id)
        })
}

/// A name that is one plain path segment.
fn is_safe_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// A browser sends `Origin` with every form post; it must be our own. A
/// client without one (curl, a test) is not a browser acting for a page.
fn same_origin(request: &Request) -> bool {
    let Some(origin) = header(request, "Origin") else {
        return true;
    };
    let Some(host) = header(request, "Host") else {
        return false;
    };
    origin
        .split_once("://")
        .is_some_and(|(_, authority)| authority.eq_ignore_ascii_case(host))
}

fn read_body(request: &mut Request) -> Result<Vec<u8>, Reply> {
    let too_large = || {
        Reply::message(
            413,
            "Too large",
            &format!("A submission may be at most {} KiB.", MAX_BODY_BYTES / 1024),
        )
    };
    if request
        .body_length()
        .is_some_and(|n| n as u64 > MAX_BODY_BYTES)
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    request
        .as_reader()
        .take(MAX_BODY_BYTES + 1)
        .read_to_end(&mut body)
        .map_err(|_| Reply::message(400, "Not accepted", "The form data could not be read."))?;
    if body.len() as u64 > MAX_BODY_BYTES {
        return Err(too_large());
    }
    Ok(body)
}

/// Decodes `application/x-www-form-urlencoded`; `None` when malformed or
/// not UTF-8.
pub fn parse_form(body: &[u8]) -> Option<Vec<(String, String)>> {
    let decode = |part: &[u8]| -> Option<String> {
        let spaced: Vec<u8> = part
            .iter()
            .map(|b| if *b == b'+' { b' ' } else { *b })
            .collect();
        String::from_utf8(percent_decode(&spaced)?).ok()
    };
    body.split(|b| *b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = match pair.iter().position(|b| *b == b'=') {
                Some(i) => (&pair[..i], &pair[i + 1..]),
                None => (pair, &b""[..]),
            };
            Some((decode(name)?, decode(value)?))
        })
        .collect()
}

fn page(title: &str, main: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\">\
         <title>{}</title><link rel=\"stylesheet\" href=\"/style.css\">\
         <link rel=\"stylesheet\" href=\"{STYLE_URL}\"></head>\
         <body><main class=\"mentorsite-intake\">{main}</main></body></html>\n",
        escape_html(title)
    )
}

fn thank_you(schema: &FormSchema) -> String {
    page(
        "Thank you",
        &format!(
            "<h1>Thank you</h1><p>Your answers to “{}” were received.</p>\
             <p><a href=\"/\">Back to the site</a></p>",
            escape_html(&schema.title)
        ),
    )
}

/// The form again, with what was sent filled in and each error beside its
/// question.
fn form_page(
    schema: &FormSchema,
    action: &str,
    fields: &[(String, String)],
    errors: &[FieldError],
) -> String {
    let mut main = format!("<h1>{}</h1>", escape_html(&schema.title));
    main.push_str(
        "<p class=\"field-error\" role=\"alert\">Some answers need another look; \
         they are marked below.</p>",
    );
    for e in errors.iter().filter(|e| e.question_id.is_empty()) {
        main.push_str(&format!(
            "<p class=\"field-error\">{}</p>",
            escape_html(&e.message)
        ));
    }
    main.push_str(&format!(
        "<form method=\"post\" action=\"{}\">",
        escape_html(action)
    ));
    let sent = |name: &str| -> Vec<&str> {
        fields
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    };
    // A matrix's rows are fields of their own (`<id>.<row>`): its answers
    // come as `<id>.<row>=<answer>`.
    let matrix_sent = |q: &Question| -> Vec<String> {
        let prefix = format!("{}.", q.id);
        fields
            .iter()
            .filter(|(n, _)| n.starts_with(&prefix))
            .map(|(n, v)| format!("{n}={v}"))
            .collect()
    };
    for q in &schema.questions {
        let messages: Vec<&FieldError> = errors.iter().filter(|e| e.question_id == q.id).collect();
        let rows = matrix_sent(q);
        let values = if q.kind == QuestionKind::Matrix {
            rows.iter().map(String::as_str).collect()
        } else {
            sent(&q.id)
        };
        main.push_str(&question_html(
            q,
            &values,
            &sent(&format!("{}{OTHER_SUFFIX}", q.id)),
            &messages,
        ));
    }
    main.push_str(&format!(
        "<p class=\"hp\" aria-hidden=\"true\"><label>Leave this empty \
         <input name=\"{HONEYPOT}\" tabindex=\"-1\" autocomplete=\"off\"></label></p>\
         <p><button type=\"submit\">Send</button></p></form>"
    ));
    page(&schema.title, &main)
}

fn question_html(q: &Question, values: &[&str], other: &[&str], errors: &[&FieldError]) -> String {
    let id = escape_html(&q.id);
    let label = escape_html(&q.label);
    let required = if q.required { " (required)" } else { "" };
    let mut html = format!("<fieldset id=\"q-{id}\"><legend>{label}{required}</legend>");
    if let Some(help) = &q.help {
        html.push_str(&format!("<p>{}</p>", escape_html(help)));
    }
    for e in errors {
        html.push_str(&format!(
            "<p class=\"field-error\" id=\"e-{id}\">{}</p>",
            escape_html(&e.message)
        ));
    }
    let first = values.first().copied().unwrap_or("");
    let choices = |kind: &str, options: Vec<(String, String)>| -> String {
        options
            .iter()
            .map(|(value, text)| {
                let checked = if values.iter().any(|v| v.trim().eq_ignore_ascii_case(value)) {
                    " checked"
                } else {
                    ""
                };
                format!(
                    "<label><input type=\"{kind}\" name=\"{id}\" value=\"{}\"{checked}> {}</label><br>",
                    escape_html(value),
                    escape_html(text)
                )
            })
            .collect()
    };
    let input = |kind: &str, extra: &str| {
        format!(
            "<input type=\"{kind}\" name=\"{id}\" value=\"{}\"{extra}>",
            escape_html(first)
        )
    };
    match q.kind {
        QuestionKind::Scale | QuestionKind::Likert | QuestionKind::Nps => {
            let (min, max) = q.range().unwrap_or((1, 5));
            let options = (min..=max)
                .map(|v| {
                    let text = match q.value_label(v) {
                        Some(l) => format!("{v} – {l}"),
                        None => v.to_string(),
                    };
                    (v.to_string(), text)
                })
                .collect();
            html.push_str(&choices("radio", options));
        }
        QuestionKind::Choice | QuestionKind::Multi => {
            let kind = if q.kind == QuestionKind::Choice {
                "radio"
            } else {
                "checkbox"
            };
            let mut options: Vec<(String, String)> =
                q.options.iter().map(|o| (o.clone(), o.clone())).collect();
            if q.other {
                options.push(("Other".into(), "Other:".into()));
            }
            html.push_str(&choices(kind, options));
            if q.other {
                html.push_str(&format!(
                    "<input name=\"{id}{OTHER_SUFFIX}\" value=\"{}\" aria-label=\"Other\">",
                    escape_html(other.first().copied().unwrap_or(""))
                ));
            }
        }
        QuestionKind::Number => {
            let bound = |name: &str, b: Option<f64>| {
                b.map_or(String::new(), |b| format!(" {name}=\"{b}\""))
            };
            html.push_str(&input(
                "number",
                &format!(
                    " step=\"any\"{}{}",
                    bound("min", q.min),
                    bound("max", q.max)
                ),
            ));
        }
        QuestionKind::Text => html.push_str(&format!(
            "<textarea name=\"{id}\" rows=\"4\" cols=\"60\">{}</textarea>",
            escape_html(first)
        )),
        QuestionKind::Matrix => {
            let kind = if q.multiple { "checkbox" } else { "radio" };
            for (ri, row) in q.rows.iter().enumerate() {
                let name = crate::forms::matrix::row_id(q, ri);
                html.push_str(&format!(
                    "<fieldset><legend>{}</legend>",
                    escape_html(&row.label)
                ));
                for answer in &q.labels {
                    let sent = format!("{name}={answer}");
                    let checked = if values.contains(&sent.as_str()) {
                        " checked"
                    } else {
                        ""
                    };
                    html.push_str(&format!(
                        "<label><input type=\"{kind}\" name=\"{}\" value=\"{}\"{checked}> {}</label> ",
                        escape_html(&name),
                        escape_html(answer),
                        escape_html(answer)
                    ));
                }
                html.push_str("</fieldset>");
            }
        }
        QuestionKind::Email => html.push_str(&input("email", "")),
        QuestionKind::Date => html.push_str(&input("date", "")),
        QuestionKind::Name | QuestionKind::Id => html.push_str(&input("text", "")),
    }
    html.push_str("</fieldset>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_ids_come_from_the_configured_path() {
        assert_eq!(
            form_id("/forms/feedback/submit", DEFAULT_URL),
            Some("feedback")
        );
        assert_eq!(form_id("/in/feedback", "/in/{form}"), Some("feedback"));
        assert_eq!(
            form_id("/forms/feedback/submit", "https://forms.example.org/{form}"),
            Some("feedback")
        );
        assert_eq!(form_id("/forms/../x/submit", DEFAULT_URL), None);
        assert_eq!(form_id("/forms/a%2fb/submit", DEFAULT_URL), None);
        assert_eq!(form_id("/forms//submit", DEFAULT_URL), None);
        assert_eq!(form_id("/other", DEFAULT_URL), None);
    }

    #[test]
    fn urlencoded_bodies_decode() {
        assert_eq!(
            parse_form(b"a=1+2&b=%3D%C3%A7&c&&d="),
            Some(vec![
                ("a".into(), "1 2".into()),
                ("b".into(), "=ç".into()),
                ("c".into(), String::new()),
                ("d".into(), String::new()),
            ])
        );
        assert_eq!(parse_form(b"a=%ff"), None);
        assert_eq!(parse_form(b"a=%4"), None);
    }

    #[test]
    fn round_names_are_single_segments() {
        assert!(is_safe_name("2026-spring"));
        assert!(!is_safe_name(".."));
        assert!(!is_safe_name("a/b"));
        assert!(!is_safe_name(""));
    }

    #[test]
    fn a_refused_matrix_comes_back_with_its_rows_and_answers_kept() {
        let schema = load_schema(
            std::path::Path::new("data/forms/f.toml"),
            "[[questions]]\nid = 'rating'\nlabel = 'Rate'\nkind = 'matrix'\nrequired = true\n\
             rows = ['Availability', 'Communication']\noptions = ['Poor', 'Good']\n",
        )
        .expect("schema");
        let fields = [("rating.1".to_string(), "Good".to_string())];
        let errors = [FieldError {
            question_id: "rating".into(),
            message: "required row \"Communication\" has no answer".into(),
        }];
        let html = form_page(&schema, "/forms/f/submit", &fields, &errors);
        assert!(html.contains("<legend>Availability</legend>"), "{html}");
        assert!(html.contains("<legend>Communication</legend>"), "{html}");
        assert!(
            html.contains("name=\"rating.1\" value=\"Good\" checked"),
            "{html}"
        );
        assert!(!html.contains("name=\"rating.2\" value=\"Good\" checked"));
        assert!(html.contains("required row &quot;Communication&quot; has no answer"));
    }
}
