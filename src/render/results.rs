//! Survey results pages, open-data downloads and the form pages.
//!
//! Everything here draws from `FormResults`, which `forms::aggregate` built
//! with the privacy rules already applied: a template cannot show what the
//! aggregates do not hold. Charts are inline SVG drawn at build time.

use super::form_page::{self, FormAnswers};
use super::views::trend_views;
use super::{json_bytes, OutputFile, Templates, Urls};
use crate::diagnostic::Diagnostic;
use crate::forms::surveys::{RoundForm, RoundResults};
use crate::forms::{figures, question_chart, to_csv, FormResults, QuestionKind, QuestionResult};
use crate::site::Site;
use serde::Serialize;

/// The figure that matters for a question, in words.
pub fn headline(q: &QuestionResult) -> Option<String> {
    if q.suppressed {
        return None;
    }
    match q.kind {
        QuestionKind::Scale | QuestionKind::Likert => {
            let mean = q.mean?;
            let max = q
                .scale_max
                .map(|m| format!(" out of {m}"))
                .unwrap_or_default();
            let favourable = q
                .favourable
                .map(|f| format!(", {} favourable", figures::percent(f)))
                .unwrap_or_default();
            Some(format!(
                "Average {}{max}{favourable}",
                figures::average(mean)
            ))
        }
        QuestionKind::Nps => q
            .nps
            .as_ref()
            .map(|n| format!("NPS {}", figures::score(n.score))),
        QuestionKind::Choice | QuestionKind::Multi => q
            .options
            .iter()
            .max_by(|a, b| a.count.cmp(&b.count).then(b.label.cmp(&a.label)))
            .filter(|b| b.count > 0)
            .map(|b| format!("Most chosen: {} ({})", b.label, figures::percent(b.share))),
        QuestionKind::Number => q.number.as_ref().map(|n| match n.median {
            Some(median) => format!("Median {}", figures::average(median)),
            None => format!("Mean {}", figures::average(n.mean)),
        }),
        // The best-rated row of a grid; a checkbox grid has no average.
        QuestionKind::Matrix if q.rows.iter().any(|r| r.mean.is_some()) => q
            .rows
            .iter()
            .filter_map(|r| Some((r, r.mean?)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(r, mean)| {
                let max = r
                    .scale_max
                    .map(|m| format!(" out of {m}"))
                    .unwrap_or_default();
                format!(
                    "Highest: {}, average {}{max}",
                    r.label,
                    figures::average(mean)
                )
            }),
        _ => q.n.map(|n| format!("{n} answers")),
    }
}

#[derive(Serialize)]
struct QuestionView<'a> {
    #[serde(flatten)]
    result: &'a QuestionResult,
    headline: Option<String>,
    chart: Option<String>,
}

/// A figure on the results index with the question it measures.
#[derive(Serialize)]
struct Headline<'a> {
    question: &'a str,
    figure: String,
}

#[derive(Serialize)]
struct FormSummary<'a> {
    form_id: &'a str,
    title: &'a str,
    url: String,
    trends_url: String,
    responses: Option<usize>,
    response_rate: Option<f64>,
    invited: Option<u64>,
    suppressed: bool,
    message: Option<&'a str>,
    headlines: Vec<Headline<'a>>,
}

#[derive(Serialize)]
struct RoundView<'a> {
    id: &'a str,
    title: &'a str,
    opens: Option<&'a str>,
    closes: Option<&'a str>,
    forms: Vec<FormSummary<'a>>,
}

fn results_url(round: &str, form: &str) -> String {
    format!("/results/{round}/{form}/")
}

fn trends_url(form: &str) -> String {
    format!("/results/trends/{form}/")
}

fn summary<'a>(round: &'a RoundResults, rf: &'a RoundForm, urls: &Urls) -> FormSummary<'a> {
    let r = &rf.results;
    FormSummary {
        form_id: &r.form_id,
        title: &r.title,
        url: urls.link(&results_url(&round.round.id, &r.form_id)),
        trends_url: urls.link(&trends_url(&r.form_id)),
        responses: r.responses,
        response_rate: r.response_rate,
        invited: r.invited,
        suppressed: r.suppressed,
        message: r.message.as_deref(),
        headlines: r
            .questions
            .iter()
            .filter_map(|q| {
                headline(q).map(|figure| Headline {
                    question: &q.label,
                    figure,
                })
            })
            .take(3)
            .collect(),
    }
}

fn round_view<'a>(round: &'a RoundResults, urls: &Urls) -> RoundView<'a> {
    RoundView {
        id: &round.round.id,
        title: &round.round.title,
        opens: round.round.opens.as_deref(),
        closes: round.round.closes.as_deref(),
        forms: round
            .forms
            .iter()
            .map(|rf| summary(round, rf, urls))
            .collect(),
    }
}

/// Every page and file of the results section, plus the form pages.
pub fn render(
    site: &Site,
    templates: &Templates,
    urls: &Urls,
    base: &tera::Context,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let surveys = &site.surveys;
    let mut outputs: Vec<Result<OutputFile, Diagnostic>> = Vec::new();
    if !surveys.rounds.is_empty() {
        outputs.push(index(site, templates, urls, base.clone()));
        for round in &surveys.rounds {
            for rf in &round.forms {
                outputs.push(form_results(site, templates, urls, base.clone(), round, rf));
                let stem = format!("results/{}/{}", round.round.id, rf.results.form_id);
                outputs.push(Ok(OutputFile::bytes(
                    format!("{stem}.json"),
                    json_bytes(&rf.results),
                )));
                outputs.push(Ok(OutputFile::bytes(
                    format!("{stem}.csv"),
                    to_csv(&rf.results).into_bytes(),
                )));
            }
        }
        for form in 0..surveys.forms.len() {
            if surveys
                .rounds
                .iter()
                .any(|r| r.forms.iter().any(|f| f.form == form))
            {
                outputs.push(trends(site, templates, urls, base.clone(), form));
            }
        }
    }
    for form in surveys.forms.iter().filter(|f| f.publish) {
        let context = form_page::context(site, urls, base.clone(), form);
        outputs.push(
            form_page::render(templates, &context, &FormAnswers::default())
                .map(|html| OutputFile::html(&form_page::url(form), html)),
        );
    }
    super::gather(outputs)
}

fn index(
    site: &Site,
    templates: &Templates,
    urls: &Urls,
    mut context: tera::Context,
) -> Result<OutputFile, Diagnostic> {
    let surveys = &site.surveys;
    let rounds: Vec<RoundView> = surveys
        .rounds
        .iter()
        .rev()
        .map(|r| round_view(r, urls))
        .collect();
    let trend_links: Vec<serde_json::Value> = surveys
        .forms
        .iter()
        .filter(|f| {
            surveys
                .rounds
                .iter()
                .any(|r| r.forms.iter().any(|rf| rf.results.form_id == f.id))
        })
        .map(|f| serde_json::json!({ "title": f.title, "url": urls.link(&trends_url(&f.id)) }))
        .collect();
    context.insert("title", "Survey results");
    if !site.pairs.is_empty() {
        context.insert("impact_url", &urls.link(super::impact::URL));
    }
    context.insert(
        "description",
        "Aggregate results of every survey round; groups too small to stay anonymous are not shown.",
    );
    context.insert("current_url", &urls.link("/results/"));
    context.insert("rounds", &rounds);
    context.insert("trends", &trend_links);
    context.insert("min_group_size", &site.config.privacy.min_group_size);
    Ok(OutputFile::html(
        "/results/",
        templates.render("results.html", &context)?,
    ))
}

fn question_views(results: &FormResults) -> Vec<QuestionView<'_>> {
    results
        .questions
        .iter()
        .map(|q| QuestionView {
            headline: headline(q),
            chart: question_chart(q),
            result: q,
        })
        .collect()
}

fn form_results(
    site: &Site,
    templates: &Templates,
    urls: &Urls,
    mut context: tera::Context,
    round: &RoundResults,
    rf: &RoundForm,
) -> Result<OutputFile, Diagnostic> {
    let r = &rf.results;
    let url = results_url(&round.round.id, &r.form_id);
    let other_rounds: Vec<serde_json::Value> = site
        .surveys
        .rounds
        .iter()
        .rev()
        .filter(|o| o.round.id != round.round.id && o.forms.iter().any(|f| f.form == rf.form))
        .map(|o| serde_json::json!({ "title": o.round.title, "url": urls.link(&results_url(&o.round.id, &r.form_id)) }))
        .collect();
    let stem = format!("/results/{}/{}", round.round.id, r.form_id);
    context.insert("title", &format!("{}: {}", r.title, round.round.title));
    context.insert(
        "description",
        &format!("Aggregate results of {} in {}.", r.title, round.round.title),
    );
    context.insert("current_url", &urls.link(&url));
    context.insert("round", &round_view(round, urls));
    context.insert("results", r);
    context.insert("questions", &question_views(r));
    context.insert("report", &rf.report);
    context.insert("json_url", &urls.link(&format!("{stem}.json")));
    context.insert("csv_url", &urls.link(&format!("{stem}.csv")));
    context.insert("trends_url", &urls.link(&trends_url(&r.form_id)));
    context.insert("other_rounds", &other_rounds);
    context.insert("breakdowns", &super::breakdowns::links(round, rf, urls));
    Ok(OutputFile::html(
        &url,
        templates.render("results_form.html", &context)?,
    ))
}

fn trends(
    site: &Site,
    templates: &Templates,
    urls: &Urls,
    mut context: tera::Context,
    form: usize,
) -> Result<OutputFile, Diagnostic> {
    let schema = &site.surveys.forms[form];
    let trends = site.surveys.trends(form);
    let questions = trend_views(&trends.questions);
    let url = trends_url(&schema.id);
    context.insert("title", &format!("{}: trends across rounds", schema.title));
    context.insert(
        "description",
        &format!(
            "How the answers to {} changed from round to round.",
            schema.title
        ),
    );
    context.insert("current_url", &urls.link(&url));
    context.insert(
        "form",
        &serde_json::json!({ "id": schema.id, "title": schema.title }),
    );
    context.insert("rounds", &trends.rounds);
    context.insert("questions", &questions);
    Ok(OutputFile::html(
        &url,
        templates.render("results_trends.html", &context)?,
    ))
}
