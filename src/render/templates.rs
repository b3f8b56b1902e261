//! Tera set-up: compiling a theme's templates (escaped with the crate's one
//! HTML escape, `crate::html::escape`) and turning Tera's errors into
//! diagnostics that name the template, the line and the column.
//!
//! Each template is parsed on its own first, so one broken template does not
//! hide the errors of the others; Tera's nested error chain is flattened so
//! the real cause (an undefined variable, a bad filter) is what the user
//! reads.

use crate::diagnostic::Diagnostic;
use crate::theme::{TemplateSource, Theme};
use std::error::Error as _;
use std::path::PathBuf;

/// The compiled templates and where each came from.
pub struct Templates {
    pub tera: tera::Tera,
    sources: Vec<TemplateSource>,
}

/// The filters mentorsite adds to Tera: the figures' rounding rule and
/// `paragraphs` (plain text with its paragraphs and line breaks, escaped;
/// follow it with `safe`).
fn register_filters(tera: &mut tera::Tera) {
    crate::forms::figures::register_filters(tera);
    tera.register_filter(
        "paragraphs",
        |v: &tera::Value, _: &std::collections::HashMap<String, tera::Value>| {
            let text = v
                .as_str()
                .ok_or_else(|| tera::Error::msg("the `paragraphs` filter needs text"))?;
            Ok(tera::Value::String(crate::html::text_paragraphs(text)))
        },
    );
}

impl Templates {
    /// Compiles every template of `theme`, reporting each one that fails.
    pub fn compile(theme: &Theme) -> (Templates, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut valid = Vec::new();
        for t in &theme.templates {
            match tera::Template::new(&t.name, None, &t.source) {
                Ok(_) => valid.push(t),
                Err(e) => diagnostics.push(parse_error(t, &e)),
            }
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // The crate's one HTML escape: Tera's own also writes `/` as
        // `&#x2F;`, six bytes for one in every URL, which HTML does not need.
        tera.set_escape_fn(crate::html::escape);
        register_filters(&mut tera);
        if let Err(e) =
            tera.add_raw_templates(valid.iter().map(|t| (t.name.as_str(), t.source.as_str())))
        {
            let message = chain(&e);
            let template = valid
                .iter()
                .find(|t| message.contains(&format!("'{}'", t.name)));
            let path = template.map_or_else(|| PathBuf::from("templates"), |t| t.path.clone());
            diagnostics.push(Diagnostic::error(path, message));
            tera = tera::Tera::default();
            tera.set_escape_fn(crate::html::escape);
            register_filters(&mut tera);
        }
        (
            Templates {
                tera,
                sources: theme.templates.clone(),
            },
            diagnostics,
        )
    }

    /// The templates' names and sources as one number: a preview that
    /// compiled other templates draws every page again.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        for t in &self.sources {
            (&t.name, &t.source).hash(&mut h);
        }
        h.finish()
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.get_template(name).is_ok()
    }

    /// Renders `name`; an error names the template and, where the cause
    /// names a variable, the line where the template uses it.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| self.render_error(name, &e))
    }

    fn render_error(&self, name: &str, error: &tera::Error) -> Diagnostic {
        let message = chain(error);
        // The innermost template Tera names is where the mistake is.
        let template = self
            .sources
            .iter()
            .filter_map(|t| message.rfind(&format!("'{}'", t.name)).map(|at| (at, t)))
            .max_by_key(|(at, _)| *at)
            .map(|(_, t)| t)
            .or_else(|| self.sources.iter().find(|t| t.name == name));
        let Some(t) = template else {
            return Diagnostic::error(PathBuf::from("templates").join(name), message);
        };
        let mut d = Diagnostic::error(&t.path, message.clone());
        if let Some(variable) = between(&message, "Variable `", "`") {
            if let Some(offset) = t.source.find(variable) {
                d = d.at_offset(&t.source, offset);
            }
        } else if let Some(filter) = between(&message, "Filter '", "'") {
            if let Some(offset) = t.source.find(filter) {
                d = d.at_offset(&t.source, offset);
            }
        }
        d
    }
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}

/// Tera's error and all its causes, each once, on one line.
pub fn chain(error: &tera::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.contains(&text) {
            parts.push(text);
        }
        source = cause.source();
    }
    parts.join(": ")
}

/// A parse error from pest reads ` --> 3:5 … = expected …`.
fn parse_error(t: &TemplateSource, error: &tera::Error) -> Diagnostic {
    syntax_error(&t.path, &t.name, &t.source, 1, error)
}

/// A located diagnostic for a Tera parse error in `source` (the whole file
/// at `path`), whose template text starts at line `first_line` of the file.
pub fn syntax_error(
    path: &std::path::Path,
    name: &str,
    source: &str,
    first_line: usize,
    error: &tera::Error,
) -> Diagnostic {
    let full = chain(error);
    let mut d = Diagnostic::error(path, format!("template syntax error in `{name}`"));
    if let Some(position) = between(&full, "--> ", "\n") {
        let mut parts = position
            .trim()
            .split(':')
            .map(|n| n.trim().parse::<usize>());
        if let (Some(Ok(line)), Some(Ok(column))) = (parts.next(), parts.next()) {
            let line = line + first_line - 1;
            d = d
                .at(line, column)
                .with_excerpt(source.lines().nth(line.saturating_sub(1)).unwrap_or(""));
        }
    }
    if let Some(expected) = full.lines().find_map(|l| l.trim().strip_prefix("= ")) {
        d.message = format!("template syntax error in `{name}`: {expected}");
    } else if !full.contains("-->") {
        d.message = format!("template error in `{name}`: {full}");
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(templates: &[(&str, &str)]) -> Theme {
        Theme {
            templates: templates
                .iter()
                .map(|(name, source)| TemplateSource {
                    name: name.to_string(),
                    path: PathBuf::from("templates").join(name),
                    source: source.to_string(),
                })
                .collect(),
            static_files: Vec::new(),
        }
    }

    #[test]
    fn syntax_errors_are_located_per_template() {
        let (_, d) = Templates::compile(&theme(&[
            ("a.html", "ok\n{% if x %}\n{{ y }\n"),
            ("b.html", "{{ z"),
            ("c.html", "fine"),
        ]));
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(d[0].path, PathBuf::from("templates/a.html"));
        assert_eq!(d[0].line, Some(3));
        assert!(d[0].message.contains("expected"), "{}", d[0].message);
    }

    #[test]
    fn values_are_escaped_with_the_crates_one_escape() {
        let (t, d) = Templates::compile(&theme(&[("p.html", "<a href=\"{{ u }}\">{{ x }}</a>")]));
        assert!(d.is_empty());
        let mut context = tera::Context::new();
        context.insert("u", "/mentors/skills/c/");
        context.insert("x", "<b>'Tom' & \"Jerry\"</b>");
        assert_eq!(
            t.render("p.html", &context).unwrap(),
            "<a href=\"/mentors/skills/c/\">&lt;b&gt;&#39;Tom&#39; &amp; &quot;Jerry&quot;&lt;/b&gt;</a>"
        );
    }

    #[test]
    fn undefined_variable_names_its_line() {
        let (t, d) = Templates::compile(&theme(&[("p.html", "<p>\n{{ page.titel }}</p>")]));
        assert!(d.is_empty());
        let e = t.render("p.html", &tera::Context::new()).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("page.titel"), "{}", e.message);
    }
}
