//! The intake: `POST /forms/<form>/submit` (or the path `[intake] url`
//! sets), validated and appended to the current round's CSV.
//!
//! The rules of one submission live in [`crate::forms::intake`]; this
//! module decides what to answer, from the site the server has loaded
//! ([`IntakeSite`], replaced as a whole after each good build) and the
//! request's path, type and body, whatever server read them. An invalid
//! submission gets the theme's form page again, through the same renderer
//! as the build, with what was sent and each error beside its field.

use crate::forms::intake::{
    append_submission, validate_submission, AppendError, FieldError, OTHER_SUFFIX,
};
use crate::forms::schema::FormSchema;
use crate::html::escape;
use crate::render::form_page::{self, FormAnswers};
use crate::render::Templates;
use crate::site::Site;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Submissions larger than this are refused with 413: a form of a few dozen
/// questions with long answers stays far below it.
pub const MAX_BODY_BYTES: u64 = 64 * 1024;

/// A field hidden from people and visible to bots; a submission that fills
/// it is answered as a success and thrown away. Not used when a form has a
/// question of the same id.
pub const HONEYPOT: &str = "website";

/// Where forms post unless `[intake] url` says otherwise.
pub const DEFAULT_URL: &str = "/forms/{form}/submit";

/// What became of a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmissionOutcome {
    /// Appended to `data/rounds/<round>/<form>.csv`.
    Stored { round: String },
    /// Answered with the form and its errors; nothing stored.
    Invalid { errors: usize },
    /// The honeypot was filled: answered as a success, not stored.
    Honeypot,
    /// Refused before validation (closed intake, wrong origin, too large,
    /// a file in another format …).
    Refused { status: u16, reason: String },
}

/// What the intake needs of a loaded site: taken from it after each good
/// build, never read from disk per request.
pub struct IntakeSite {
    pub root: PathBuf,
    /// `[intake] url`.
    pub url: String,
    /// `[intake] round`.
    pub round: Option<String>,
    forms: HashMap<String, FormSchema>,
    templates: Arc<Templates>,
    pages: HashMap<String, tera::Context>,
    /// The check-in form (`[impact] checkin_form`): its posts must name a
    /// pair of `pairs.csv`.
    checkin_form: String,
    tracks: Vec<String>,
}

impl IntakeSite {
    /// The intake of `site`, rendered with `templates`. Forms marked
    /// `publish = false` are not received.
    pub fn new(site: &Site, templates: Arc<Templates>) -> IntakeSite {
        IntakeSite {
            root: site.root.clone(),
            url: site.config.intake.url.clone(),
            round: site.config.intake.round.clone(),
            forms: site
                .surveys
                .forms
                .iter()
                .filter(|f| f.publish)
                .map(|f| (f.id.clone(), f.clone()))
                .collect(),
            templates,
            pages: crate::render::form_contexts(site).into_iter().collect(),
            checkin_form: site.config.impact.checkin_form.clone(),
            tracks: site.config.track_ids().map(str::to_string).collect(),
        }
    }

    /// The form a post to `path` is for, if `path` is an intake path.
    pub fn form_for<'a>(&self, path: &'a str) -> Option<&'a str> {
        form_id(path, &self.url)
    }
}

/// A form post as a server read it.
pub struct Post<'a> {
    /// The URL path, still percent-encoded.
    pub path: &'a str,
    pub content_type: Option<&'a str>,
    /// The body, at most [`MAX_BODY_BYTES`] (larger ones are answered with
    /// [`Reply::too_large`] before reading).
    pub body: &'a [u8],
    /// The server checked the `Origin` and it may post here.
    pub origin_allowed: bool,
}

/// What to answer, and what to report.
pub struct Reply {
    pub status: u16,
    /// A whole HTML page.
    pub page: String,
    /// The form and what became of the submission, when a form was named.
    pub outcome: Option<(String, SubmissionOutcome)>,
}

impl Reply {
    fn message(status: u16, title: &str, text: &str) -> Reply {
        Reply {
            status,
            page: page(
                title,
                &format!("<h1>{}</h1><p>{}</p>", escape(title), escape(text)),
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

    /// The answer to a body over [`MAX_BODY_BYTES`].
    pub fn too_large(form: Option<&str>) -> Reply {
        let text = format!("A submission may be at most {} KiB.", MAX_BODY_BYTES / 1024);
        match form {
            Some(form) => Reply::refused(form, 413, "Too large", &text),
            None => Reply::message(413, "Too large", &text),
        }
    }

    /// The answer when no site has been loaded yet.
    pub fn closed() -> Reply {
        Reply::message(
            503,
            "The intake is closed",
            "The site has errors; the terminal running mentorsite shows them.",
        )
    }
}

/// Answers one post. Appends are serialised by `writer`.
pub fn submit(site: &IntakeSite, post: &Post, writer: &Mutex<()>) -> Reply {
    let Some(form) = site.form_for(post.path) else {
        return Reply::message(404, "Not found", "Nothing here accepts a form.");
    };
    if !post.origin_allowed {
        return Reply::refused(
            form,
            403,
            "Not accepted",
            "This form was sent from another site.",
        );
    }
    let Some(round) = site.round.as_deref().filter(|r| !r.trim().is_empty()) else {
        return Reply::refused(
            form,
            503,
            "The intake is closed",
            "No round is open: set `round` under [intake] in site.toml to the folder in data/rounds/ that collects submissions.",
        );
    };
    if !is_safe_name(round) {
        return Reply::refused(
            form,
            503,
            "The intake is closed",
            "[intake] round in site.toml must be a folder name (letters, digits, `-`, `_`, `.`).",
        );
    }
    let Some(schema) = site.forms.get(form) else {
        return Reply::message(404, "Not found", &format!("There is no form `{form}`."));
    };
    let urlencoded = post.content_type.is_some_and(|t| {
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
    if post.body.len() as u64 > MAX_BODY_BYTES {
        return Reply::too_large(Some(form));
    }
    let Some(fields) = parse_form(post.body) else {
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
            page: thank_you(schema),
            outcome: Some((form.to_string(), SubmissionOutcome::Honeypot)),
        };
    }
    let invalid = |errors: &[FieldError]| {
        let outcome = Some((
            form.to_string(),
            SubmissionOutcome::Invalid {
                errors: errors.len(),
            },
        ));
        match form_again(site, form, &fields, errors) {
            Some(page) => Reply {
                status: 422,
                page,
                outcome,
            },
            None => Reply {
                outcome,
                ..Reply::message(
                    422,
                    "Please check your answers",
                    &errors
                        .iter()
                        .map(|e| e.message.as_str())
                        .collect::<Vec<_>>()
                        .join("; "),
                )
            },
        }
    };
    let cells = match validate_submission(schema, &fields) {
        Ok(cells) => cells,
        Err(errors) => return invalid(&errors),
    };
    if form == site.checkin_form {
        let tracks: Vec<&str> = site.tracks.iter().map(String::as_str).collect();
        if let Err(message) =
            crate::impact::checkins::check_submission(&site.root, &tracks, schema, &cells)
        {
            return invalid(&[FieldError {
                question_id: "pair".into(),
                message,
            }]);
        }
    }
    let csv = site
        .root
        .join("data/rounds")
        .join(round)
        .join(format!("{form}.csv"));
    let appended = {
        let _writer = writer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        append_submission(&csv, schema, &cells)
    };
    match appended {
        Ok(()) => Reply {
            status: 200,
            page: thank_you(schema),
            outcome: Some((
                form.to_string(),
                SubmissionOutcome::Stored {
                    round: round.to_string(),
                },
            )),
        },
        Err(e @ AppendError::HeaderMismatch { .. }) => {
            Reply::refused(form, 409, "Not stored", &relative_message(&e, &site.root))
        }
        Err(e) => Reply::refused(form, 500, "Not stored", &relative_message(&e, &site.root)),
    }
}

/// The theme's form page with what was sent and the errors; `None` when
/// the template fails (the caller falls back to a plain list).
fn form_again(
    site: &IntakeSite,
    form: &str,
    fields: &[(String, String)],
    errors: &[FieldError],
) -> Option<String> {
    let context = site.pages.get(form)?;
    let mut answers = FormAnswers::default();
    for (name, value) in fields {
        let id = name.strip_suffix(OTHER_SUFFIX).unwrap_or(name);
        if site.forms.get(form)?.question(id).is_some() && !answers.values.contains_key(name) {
            answers.values.insert(name.clone(), value.clone());
        }
    }
    for e in errors {
        answers
            .errors
            .entry(e.question_id.clone())
            .and_modify(|m: &mut String| {
                m.push_str("; ");
                m.push_str(&e.message);
            })
            .or_insert_with(|| e.message.clone());
    }
    form_page::render(&site.templates, context, &answers).ok()
}

/// An error's text with the site folder left out of its paths.
fn relative_message(error: &AppendError, root: &Path) -> String {
    let root = format!("{}{}", root.display(), std::path::MAIN_SEPARATOR);
    error.to_string().replace(&root, "")
}

/// The form id of a post to `pattern` (`/forms/{form}/submit`), or to the
/// default path when the configured one is on another host.
pub fn form_id<'a>(path: &'a str, pattern: &str) -> Option<&'a str> {
    let configured = if pattern.starts_with('/') {
        Some(pattern)
    } else {
        // An absolute URL: its path is what arrives here.
        pattern
            .split_once("://")
            .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
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

/// Decodes `application/x-www-form-urlencoded`; `None` when malformed or
/// not UTF-8.
pub fn parse_form(body: &[u8]) -> Option<Vec<(String, String)>> {
    let decode = |part: &[u8]| -> Option<String> {
        let spaced: Vec<u8> = part
            .iter()
            .map(|b| if *b == b'+' { b' ' } else { *b })
            .collect();
        String::from_utf8(super::path::percent_decode(&spaced)?).ok()
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

/// A small page of the intake's own (thank you, refused), built from
/// escaped text.
fn page(title: &str, main: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\">\
         <title>{}</title><link rel=\"stylesheet\" href=\"/style.css\"></head>\
         <body><main class=\"wrap narrow mentorsite-intake\">{main}</main></body></html>\n",
        escape(title)
    )
}

fn thank_you(schema: &FormSchema) -> String {
    page(
        "Thank you",
        &format!(
            "<h1>Thank you</h1><p>Your answers to “{}” were received.</p>\
             <p><a href=\"/\">Back to the site</a></p>",
            escape(&schema.title)
        ),
    )
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
            form_id("/feedback", "https://forms.example.org/{form}"),
            Some("feedback")
        );
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
}
