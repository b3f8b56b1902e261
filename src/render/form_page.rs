//! The form page, `/forms/<form>/`: the one renderer of a form, used by the
//! build (an empty form) and by the intake (the form again, with what was
//! sent and each error beside its field).
//!
//! [`context`] builds everything but the answers once per build; the intake
//! keeps it with the loaded site and calls [`render`] with the answers of
//! one submission. The theme's `form.html` escapes every value.

use super::{Templates, Urls};
use crate::diagnostic::Diagnostic;
use crate::forms::schema::{FormSchema, QuestionKind};
use crate::site::Site;
use serde::Serialize;
use std::collections::BTreeMap;

/// What a respondent sent, and what is wrong with it, by question id. An
/// error about the form as a whole has the empty id.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FormAnswers {
    pub errors: BTreeMap<String, String>,
    pub values: BTreeMap<String, String>,
}

/// One field of a form page.
#[derive(Serialize)]
struct FieldView<'a> {
    id: &'a str,
    label: &'a str,
    help: Option<&'a str>,
    kind: QuestionKind,
    required: bool,
    /// `radio`, `checkbox`, `textarea`, or an `<input type>`.
    control: &'static str,
    /// Choices for radio and checkbox groups: (value, label).
    choices: Vec<(String, String)>,
    other: bool,
    min: Option<f64>,
    max: Option<f64>,
    autocomplete: Option<&'static str>,
    private: bool,
    /// A matrix's rows: (field name, label).
    rows: Vec<(String, String)>,
    /// A checkbox grid: each row takes any number of answers.
    multiple: bool,
}

/// The page's URL path.
pub fn url(schema: &FormSchema) -> String {
    format!("/forms/{}/", schema.id)
}

/// Where the form posts: the `[intake] url` with the form's id.
pub fn action(site: &Site, urls: &Urls, schema: &FormSchema) -> String {
    let action = site.config.intake.url.replace("{form}", &schema.id);
    if action.starts_with('/') {
        urls.link(&action)
    } else {
        action
    }
}

/// The template context of a form's page, without answers.
pub fn context(
    site: &Site,
    urls: &Urls,
    mut context: tera::Context,
    schema: &FormSchema,
) -> tera::Context {
    let fields: Vec<FieldView> = schema.questions.iter().map(field).collect();
    context.insert("title", &schema.title);
    context.insert("description", &schema.description);
    context.insert("current_url", &urls.link(&url(schema)));
    context.insert(
        "form",
        &serde_json::json!({
            "id": schema.id,
            "title": schema.title,
            "description": schema.description,
            "action": action(site, urls, schema),
            "accepted": site.intake_available,
        }),
    );
    context.insert("fields", &fields);
    context.insert("min_group_size", &site.config.privacy.min_group_size);
    context
}

/// The page, with `answers` filled in.
pub fn render(
    templates: &Templates,
    context: &tera::Context,
    answers: &FormAnswers,
) -> Result<String, Diagnostic> {
    let mut context = context.clone();
    context.insert("errors", &answers.errors);
    context.insert("values", &answers.values);
    templates.render("form.html", &context)
}

fn field(q: &crate::forms::schema::Question) -> FieldView<'_> {
    let range_choices = |labels: bool| -> Vec<(String, String)> {
        let Some((min, max)) = q.range() else {
            return Vec::new();
        };
        (min..=max)
            .map(|v| {
                let label = if labels {
                    q.value_label(v).map(str::to_string)
                } else {
                    None
                };
                (v.to_string(), label.unwrap_or_else(|| v.to_string()))
            })
            .collect()
    };
    let options = || q.options.iter().map(|o| (o.clone(), o.clone())).collect();
    let (control, choices, autocomplete) = match q.kind {
        QuestionKind::Scale | QuestionKind::Likert => ("radio", range_choices(true), None),
        QuestionKind::Nps => (
            "radio",
            (0..=10).map(|v| (v.to_string(), v.to_string())).collect(),
            None,
        ),
        QuestionKind::Choice => ("radio", options(), None),
        QuestionKind::Multi => ("checkbox", options(), None),
        QuestionKind::Matrix => (
            "matrix",
            q.labels.iter().map(|o| (o.clone(), o.clone())).collect(),
            None,
        ),
        QuestionKind::Number => ("number", Vec::new(), None),
        QuestionKind::Text => ("textarea", Vec::new(), None),
        QuestionKind::Email => ("email", Vec::new(), Some("email")),
        QuestionKind::Name => ("text", Vec::new(), Some("name")),
        QuestionKind::Date => ("date", Vec::new(), None),
        QuestionKind::Id => ("text", Vec::new(), Some("off")),
    };
    FieldView {
        id: &q.id,
        label: &q.label,
        help: q.help.as_deref(),
        kind: q.kind,
        required: q.required,
        control,
        choices,
        other: q.other,
        min: q.min,
        max: q.max,
        autocomplete,
        private: q.is_private(),
        rows: (0..q.rows.len())
            .map(|ri| {
                (
                    crate::forms::matrix::row_id(q, ri),
                    q.rows[ri].label.clone(),
                )
            })
            .collect(),
        multiple: q.multiple,
    }
}
