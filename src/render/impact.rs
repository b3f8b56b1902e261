//! The public impact page, `/results/impact/`: the figures of
//! [`crate::impact::page`] drawn with the theme's `impact.html`.

use super::{OutputFile, Templates, Urls};
use crate::diagnostic::Diagnostic;
use crate::impact::page::impact_view;
use crate::site::Site;

pub const URL: &str = "/results/impact/";

/// The impact page, when the site has pairs to measure.
pub fn render(
    site: &Site,
    templates: &Templates,
    urls: &Urls,
    base: &tera::Context,
) -> Option<Result<OutputFile, Diagnostic>> {
    if site.pairs.is_empty() {
        return None;
    }
    let view = impact_view(site, site.config.impact.as_of_date());
    let mut context = base.clone();
    context.insert("title", "Program impact");
    context.insert(
        "description",
        "Is the program working? Participation, engagement, goals and retention; groups too small to stay anonymous are not shown.",
    );
    context.insert("current_url", &urls.link(URL));
    context.insert("impact", &view);
    context.insert("results_url", &urls.link("/results/"));
    Some(
        templates
            .render("impact.html", &context)
            .map(|html| OutputFile::html(URL, html)),
    )
}
