//! Agreement pages: `content/agreement.md` rendered once per current pair.
//!
//! The template is Markdown with Tera placeholders, so a program words its
//! own agreement. Values are held out of the Markdown pass and put back as
//! escaped text (`held_values`), so a mentee's name or a goal can never
//! become markup, a link or an image. Each page lives at an unguessable
//! `/agreements/<token>/`, carries `noindex`, and is left out of the sitemap,
//! the search index and every listing; the links go to the coordinator in
//! `agreements.csv`, outside the published folder.

use super::{OutputFile, Templates, Urls};
use crate::content::markdown::{self, SourceRef};
use crate::diagnostic::Diagnostic;
use crate::pairs::{agreement_token, Pair};
use crate::site::{AgreementTemplate, Site};
use serde::Serialize;

/// A link the coordinator sends to one pair; never published.
#[derive(Debug, Clone)]
pub struct AgreementLink {
    pub mentor: String,
    pub mentee: String,
    pub status: &'static str,
    pub url: String,
}

#[derive(Serialize)]
struct MentorContext<'a> {
    name: &'a str,
    headline: &'a str,
    slug: &'a str,
    url: String,
    timezone: Option<&'a str>,
    location: Option<&'a str>,
}

#[derive(Serialize)]
struct PairContext<'a> {
    mentee: &'a str,
    /// The track's display title; `track_id` is the id.
    track: &'a str,
    track_id: &'a str,
    start: String,
    end: String,
    cadence: &'a str,
    meeting_length: &'a str,
    format: &'a str,
    goals: &'a [String],
    status: &'a str,
    extra: &'a std::collections::BTreeMap<String, String>,
}

#[derive(Serialize)]
struct SiteContext<'a> {
    title: &'a str,
    base_url: &'a str,
}

/// Compiles the agreement body as a Tera template; errors are located in
/// the Markdown file.
fn compile(template: &AgreementTemplate) -> Result<tera::Tera, Diagnostic> {
    let mut tera = tera::Tera::default();
    // Every value is held out of the Markdown pass and released as text.
    tera.autoescape_on(vec![".md"]);
    tera.set_escape_fn(super::held_values::hold);
    tera.add_raw_template("agreement.md", template.body())
        .map_err(|e| body_error(template, &e))?;
    Ok(tera)
}

fn body_error(template: &AgreementTemplate, error: &tera::Error) -> Diagnostic {
    let message = super::templates::chain(error);
    if message.contains("-->") {
        return super::templates::syntax_error(
            &template.path,
            "agreement.md",
            &template.source,
            template.body_first_line,
            error,
        );
    }
    let mut d = Diagnostic::error(&template.path, format!("agreement template: {message}"));
    if let Some(variable) = message
        .split("Variable `")
        .nth(1)
        .and_then(|v| v.split('`').next())
    {
        if let Some(offset) = template.body().find(variable) {
            d = d.at_offset(&template.source, template.body_offset + offset);
        }
    }
    d
}

/// Renders the page of every proposed or active pair, with the links for
/// the coordinator.
pub fn render(
    site: &Site,
    templates: &Templates,
    urls: &Urls,
    base: &tera::Context,
) -> (Vec<OutputFile>, Vec<AgreementLink>, Vec<Diagnostic>) {
    let (Some(template), Some(secret)) = (&site.agreement, &site.secret) else {
        return (Vec::new(), Vec::new(), Vec::new());
    };
    let tera = match compile(template) {
        Ok(t) => t,
        Err(d) => return (Vec::new(), Vec::new(), vec![d]),
    };
    let mut files = Vec::new();
    let mut links = Vec::new();
    let mut diagnostics = Vec::new();
    for pair in site.pairs.iter().filter(|p| p.status.is_current()) {
        let token = agreement_token(secret, pair);
        let url = format!("/agreements/{token}/");
        match render_one(site, templates, urls, base, &tera, template, pair, &url) {
            Ok(html) => {
                files.push(OutputFile::html(&url, html));
                links.push(AgreementLink {
                    mentor: pair.mentor.clone(),
                    mentee: pair.mentee.clone(),
                    status: pair.status.as_str(),
                    url: urls.permalink(&url),
                });
            }
            Err(d) => {
                if !diagnostics.contains(&d) {
                    diagnostics.push(d);
                }
            }
        }
    }
    (files, links, diagnostics)
}

#[allow(clippy::too_many_arguments)]
fn render_one(
    site: &Site,
    templates: &Templates,
    urls: &Urls,
    base: &tera::Context,
    tera: &tera::Tera,
    template: &AgreementTemplate,
    pair: &Pair,
    url: &str,
) -> Result<String, Diagnostic> {
    let mentor = site
        .mentors
        .iter()
        .find(|m| m.slug == pair.mentor)
        .ok_or_else(|| {
            Diagnostic::error(
                "data/pairs.csv",
                format!("mentor `{}` not found", pair.mentor),
            )
            .at_line(pair.line)
        })?;
    let track_id = pair.track.as_deref().unwrap_or("");
    let date = |d: Option<chrono::NaiveDate>| {
        d.map(|d| d.format("%-d %B %Y").to_string())
            .unwrap_or_default()
    };
    let mut context = tera::Context::new();
    context.insert(
        "mentor",
        &MentorContext {
            name: &mentor.name,
            headline: &mentor.headline,
            slug: &mentor.slug,
            url: urls.permalink(&mentor.url),
            timezone: mentor.timezone.as_deref(),
            location: mentor.location.as_deref(),
        },
    );
    context.insert(
        "pair",
        &PairContext {
            mentee: &pair.mentee,
            track: site.config.track_title(track_id).unwrap_or(track_id),
            track_id,
            start: date(pair.start),
            end: date(pair.end),
            cadence: pair.cadence.map_or("", |c| c.as_str()),
            meeting_length: pair.meeting_length.as_deref().unwrap_or(""),
            format: pair.format.as_deref().unwrap_or(""),
            goals: &pair.goals,
            status: pair.status.as_str(),
            extra: &pair.extra,
        },
    );
    context.insert(
        "site",
        &SiteContext {
            title: &site.config.title,
            base_url: &site.config.base_url,
        },
    );
    let markdown_text = tera
        .render("agreement.md", &context)
        .map_err(|e| body_error(template, &e))?;
    let origin = SourceRef {
        path: &template.path,
        source: &markdown_text,
        body_offset: 0,
    };
    let rendered = markdown::render(&markdown_text, &origin, &site.link_targets);
    let mut page = base.clone();
    page.insert(
        "title",
        &format!("{}: {} and {}", template.title, mentor.name, pair.mentee),
    );
    page.insert("current_url", &urls.link(url));
    page.insert(
        "agreement",
        &serde_json::json!({
            "title": template.title,
            "content": super::held_values::release(&rendered.html),
            "mentor": mentor.name,
            "mentee": pair.mentee,
            "status": pair.status.as_str(),
            "checkin": checkin_link(site, urls, pair),
        }),
    );
    templates.render("agreement.html", &page)
}

/// The link to the check-in form with this pair's private reference, when
/// the site has a check-in form.
fn checkin_link(site: &Site, urls: &Urls, pair: &Pair) -> Option<serde_json::Value> {
    let form = site.surveys.form(&site.config.impact.checkin_form)?;
    let reference = crate::impact::reference::pair_reference(site.secret.as_deref()?, pair);
    Some(serde_json::json!({
        "url": urls.link(&format!("/forms/{}/?pair={reference}", form.id)),
        "reference": reference,
    }))
}
