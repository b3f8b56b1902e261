//! Results by group: a page per breakdown of each form in each round, its
//! open data (JSON, CSV), and the same breakdown across rounds.
//!
//! Everything drawn here comes from a [`Breakdown`] that
//! `forms::breakdown` built with the privacy rule applied: a hidden group
//! reaches this module as a label without figures.

use super::{json_bytes, OutputFile, Templates, Urls};
use crate::diagnostic::Diagnostic;
use crate::forms::breakdown::chart::group_chart;
use crate::forms::breakdown::{self, Breakdown, QuestionBreakdown};
use crate::forms::surveys::{RoundForm, RoundResults};
use crate::site::Site;
use serde::Serialize;

/// `/results/<round>/<form>/by/<breakdown>/`.
pub fn breakdown_url(round: &str, form: &str, breakdown: &str) -> String {
    format!("/results/{round}/{form}/by/{breakdown}/")
}

/// `/results/trends/<form>/by/<breakdown>/`.
pub fn trends_url(form: &str, breakdown: &str) -> String {
    format!("/results/trends/{form}/by/{breakdown}/")
}

/// Links from a form's results page to its breakdowns.
pub fn links(round: &RoundResults, rf: &RoundForm, urls: &Urls) -> Vec<serde_json::Value> {
    rf.breakdowns
        .iter()
        .map(|b| {
            serde_json::json!({
                "label": b.name,
                "url": urls.link(&breakdown_url(&round.round.id, &b.form_id, &b.id)),
            })
        })
        .collect()
}

#[derive(Serialize)]
struct QuestionView<'a> {
    #[serde(flatten)]
    question: &'a QuestionBreakdown,
    chart: Option<String>,
    /// Column headings of the options, for choice and multi questions.
    option_labels: Vec<&'a str>,
}

/// Every breakdown page and file of the site.
pub fn render(
    site: &Site,
    templates: &Templates,
    urls: &Urls,
    base: &tera::Context,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let mut outputs: Vec<Result<OutputFile, Diagnostic>> = Vec::new();
    for round in &site.surveys.rounds {
        for rf in &round.forms {
            for b in &rf.breakdowns {
                outputs.push(page(templates, urls, base.clone(), round, b));
                let stem = format!("results/{}/{}/by/{}", round.round.id, b.form_id, b.id);
                outputs.push(Ok(OutputFile::bytes(format!("{stem}.json"), json_bytes(b))));
                outputs.push(Ok(OutputFile::bytes(
                    format!("{stem}.csv"),
                    breakdown::to_csv(b).into_bytes(),
                )));
            }
        }
    }
    for (form, schema) in site.surveys.forms.iter().enumerate() {
        let ids = schema
            .questions
            .iter()
            .filter(|q| q.breakdown)
            .map(|q| q.id.as_str())
            .chain(schema.breakdowns.iter().map(|b| b.id.as_str()));
        for id in ids {
            if let Some(t) = site.surveys.group_trends(form, id) {
                outputs.push(trends_page(templates, urls, base.clone(), &t));
            }
        }
    }
    super::gather(outputs)
}

fn page(
    templates: &Templates,
    urls: &Urls,
    mut context: tera::Context,
    round: &RoundResults,
    b: &Breakdown,
) -> Result<OutputFile, Diagnostic> {
    let url = breakdown_url(&round.round.id, &b.form_id, &b.id);
    let stem = format!("/results/{}/{}/by/{}", round.round.id, b.form_id, b.id);
    let questions: Vec<QuestionView> = b
        .questions
        .iter()
        .map(|q| QuestionView {
            chart: group_chart(q),
            option_labels: q.whole.options.iter().map(|o| o.label.as_str()).collect(),
            question: q,
        })
        .collect();
    context.insert(
        "title",
        &format!("{} by {}: {}", b.form_title, b.name, round.round.title),
    );
    context.insert(
        "description",
        &format!(
            "Results of {} in {}, by group, beside the whole program.",
            b.form_title, round.round.title
        ),
    );
    context.insert("current_url", &urls.link(&url));
    context.insert(
        "round",
        &serde_json::json!({ "id": round.round.id, "title": round.round.title }),
    );
    context.insert("breakdown", b);
    context.insert("questions", &questions);
    context.insert(
        "form_url",
        &urls.link(&format!("/results/{}/{}/", round.round.id, b.form_id)),
    );
    context.insert("json_url", &urls.link(&format!("{stem}.json")));
    context.insert("csv_url", &urls.link(&format!("{stem}.csv")));
    context.insert("trends_url", &urls.link(&trends_url(&b.form_id, &b.id)));
    Ok(OutputFile::html(
        &url,
        templates.render("results_breakdown.html", &context)?,
    ))
}

fn trends_page(
    templates: &Templates,
    urls: &Urls,
    mut context: tera::Context,
    t: &breakdown::trends::GroupTrends,
) -> Result<OutputFile, Diagnostic> {
    let url = trends_url(&t.form_id, &t.id);
    let questions = super::views::trend_views(&t.questions);
    context.insert(
        "title",
        &format!("{} by {}: trends across rounds", t.form_title, t.name),
    );
    context.insert(
        "description",
        &format!(
            "How each group's answers to {} changed from round to round.",
            t.form_title
        ),
    );
    context.insert("current_url", &urls.link(&url));
    context.insert("trends", t);
    context.insert("questions", &questions);
    Ok(OutputFile::html(
        &url,
        templates.render("results_breakdown_trends.html", &context)?,
    ))
}
