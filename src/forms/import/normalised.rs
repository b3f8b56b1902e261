//! Writing the normalised `data/rounds/R/F.csv`.

use super::super::schema::FormSchema;
use super::{Answer, Response};

fn format_number(v: f64) -> String {
    format!("{v}")
}

/// The normalised `data/rounds/R/F.csv`: header = question ids, one row per
/// response, multi answers joined by `;`. Contains private answers: it stays
/// in `data/` and is never published.
pub fn to_normalised_csv(schema: &FormSchema, responses: &[Response]) -> Vec<u8> {
    let header = schema.questions.iter().map(|q| q.id.as_str());
    let rows = responses.iter().map(|response| {
        schema
            .questions
            .iter()
            .zip(&response.answers)
            .map(|(q, a)| match a {
                Answer::Missing => String::new(),
                Answer::Number(v) => format_number(*v),
                Answer::Choice(i) => q.options.get(*i).cloned().unwrap_or_default(),
                Answer::Other(t) if t.is_empty() => "Other".to_string(),
                Answer::Other(t) | Answer::Text(t) | Answer::Private(t) => t.expose().to_string(),
                Answer::Multi { options, other } => {
                    let mut parts: Vec<&str> = options
                        .iter()
                        .filter_map(|i| q.options.get(*i).map(String::as_str))
                        .collect();
                    match other {
                        Some(t) if t.is_empty() => parts.push("Other"),
                        Some(t) => parts.push(t.expose()),
                        None => {}
                    }
                    parts.join(";")
                }
                Answer::Date(d) => d.clone(),
                Answer::Matrix(rows) => crate::forms::matrix::normalised_cell(q, rows),
            })
            .collect::<Vec<_>>()
    });
    crate::table::write::table(header, rows)
}
