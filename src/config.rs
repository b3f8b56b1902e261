//! `site.toml`: the site's configuration, parsed strictly.
//!
//! Every table rejects unknown keys so a typo (`min_grup_size`) is reported
//! with the nearest valid key instead of being silently ignored; free-form
//! values belong under `[extra]`.

use crate::diagnostic::Diagnostic;
use crate::matching::{parse_config, MatchingConfig};
use crate::toml_error::toml_diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    pub base_url: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Track id → display title, in the order the file lists them.
    #[serde(default)]
    pub tracks: toml::Table,
    #[serde(default)]
    pub privacy: Privacy,
    #[serde(default)]
    pub intake: Intake,
    #[serde(default)]
    pub directory: Directory,
    /// Check-ins and the program's impact figures.
    #[serde(default)]
    pub impact: crate::impact::ImpactConfig,
    #[serde(default)]
    pub links: Links,
    /// `[matching]` as written; checked and read into `matching` by `parse`.
    #[serde(default, rename = "matching", skip_serializing)]
    matching_table: toml::Table,
    /// Weights and limits for `mentorsite match`.
    #[serde(skip)]
    pub matching: MatchingConfig,
    #[serde(default)]
    pub extra: toml::Table,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Privacy {
    /// Scores over fewer respondents than this are hidden.
    pub min_group_size: usize,
    /// Published free text needs at least this many answers.
    pub min_comment_group_size: usize,
}

impl Default for Privacy {
    fn default() -> Self {
        Privacy {
            min_group_size: 5,
            min_comment_group_size: 10,
        }
    }
}

/// `[links]`: how a broken link between pages is reported.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Links {
    /// `"error"` (the default: the build fails) or `"warning"`.
    pub internal: LinkLevel,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkLevel {
    #[default]
    Error,
    Warning,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Intake {
    /// The round whose CSVs `serve` appends submissions to.
    pub round: Option<String>,
    /// Where form pages post; `{form}` is replaced by the form id.
    pub url: String,
}

impl Default for Intake {
    fn default() -> Self {
        Intake {
            round: None,
            url: "/forms/{form}/submit".into(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Directory {
    /// Mentor cards per directory page; beyond it the directory paginates.
    pub page_size: usize,
}

impl Default for Directory {
    fn default() -> Self {
        Directory { page_size: 60 }
    }
}

fn default_language() -> String {
    "en".into()
}

fn default_theme() -> String {
    "default".into()
}

/// Where the key a `[matching]` message names (its first word in
/// backticks) is written, after the table's header; the header itself when
/// it cannot be found.
fn matching_key_offset(source: &str, message: &str) -> usize {
    let table = source.find("[matching").unwrap_or(0);
    let key = message.split('`').nth(1).unwrap_or("matching");
    source[table..].find(key).map_or(table, |i| table + i)
}

impl Config {
    /// Parses `site.toml` text; `path` is only used to label diagnostics.
    pub fn parse(path: &Path, source: &str) -> Result<Config, Vec<Diagnostic>> {
        let mut config: Config =
            toml::from_str(source).map_err(|e| vec![toml_diagnostic(path, source, 0, &e)])?;
        let mut problems = Vec::new();
        if config.title.trim().is_empty() {
            problems.push(Diagnostic::error(path, "`title` must not be empty"));
        }
        for (id, title) in &config.tracks {
            if !title.is_str() {
                let offset = source.find(id.as_str()).unwrap_or(0);
                problems.push(
                    Diagnostic::error(path, format!("track `{id}` must have a title string"))
                        .at_offset(source, offset)
                        .with_hint(format!("write it as {id} = \"Display title\"")),
                );
            }
        }
        if !config.base_url.starts_with("http://")
            && !config.base_url.starts_with("https://")
            && !config.base_url.starts_with('/')
        {
            let offset = source.find("base_url").unwrap_or(0);
            problems.push(
                Diagnostic::error(path, "`base_url` must start with https://, http:// or /")
                    .at_offset(source, offset),
            );
        }
        if config.privacy.min_group_size == 0 {
            let offset = source.find("min_group_size").unwrap_or(0);
            problems.push(
                Diagnostic::error(path, "`privacy.min_group_size` must be at least 1")
                    .at_offset(source, offset),
            );
        }
        match parse_config(&config.matching_table) {
            Ok(matching) => config.matching = matching,
            Err(messages) => problems.extend(messages.into_iter().map(|message| {
                let at = matching_key_offset(source, &message);
                Diagnostic::error(path, message).at_offset(source, at)
            })),
        }
        if config.directory.page_size == 0 {
            config.directory.page_size = Directory::default().page_size;
        }
        config.base_url = config.base_url.trim_end_matches('/').to_string();
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }

    /// The path part of `base_url` without a trailing slash (`""` for a
    /// site at the root of its host): the prefix of every internal link.
    pub fn base_path(&self) -> &str {
        let url = &self.base_url;
        let after_scheme = url.find("://").map_or(0, |i| i + 3);
        match url[after_scheme..].find('/') {
            Some(i) => url[after_scheme + i..].trim_end_matches('/'),
            None if after_scheme == 0 => url.trim_end_matches('/'),
            None => "",
        }
    }

    /// The display title of a declared track.
    pub fn track_title(&self, id: &str) -> Option<&str> {
        self.tracks.get(id).and_then(toml::Value::as_str)
    }

    pub fn track_ids(&self) -> impl Iterator<Item = &str> {
        self.tracks.keys().map(String::as_str)
    }

    /// Track id → title, for templates.
    pub fn track_titles(&self) -> BTreeMap<&str, &str> {
        self.tracks
            .iter()
            .filter_map(|(k, v)| Some((k.as_str(), v.as_str()?)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_config_gets_defaults() {
        let c = Config::parse(
            Path::new("site.toml"),
            "title = \"T\"\nbase_url = \"https://x.org/\"\n",
        )
        .unwrap();
        assert_eq!(c.base_url, "https://x.org");
        assert_eq!(c.privacy.min_group_size, 5);
        assert_eq!(c.theme, "default");
    }

    #[test]
    fn unknown_key_names_line_and_nearest_key() {
        let src = "title = \"T\"\nbase_url = \"https://x.org\"\n[privacy]\nmin_grup_size = 3\n";
        let err = Config::parse(Path::new("site.toml"), src).unwrap_err();
        assert_eq!(err[0].line, Some(4));
        assert_eq!(err[0].column, Some(1));
        assert!(
            err[0].message.contains("min_grup_size"),
            "{}",
            err[0].message
        );
        assert_eq!(
            err[0].hint.as_deref(),
            Some("did you mean `min_group_size`?")
        );
    }

    #[test]
    fn base_path_is_the_path_of_base_url() {
        let mut c = Config::parse(
            Path::new("s"),
            "title = \"T\"\nbase_url = \"https://x.org\"\n",
        )
        .unwrap();
        assert_eq!(c.base_path(), "");
        c.base_url = "https://x.github.io/program".into();
        assert_eq!(c.base_path(), "/program");
        c.base_url = "/".into();
        assert_eq!(c.base_path(), "");
    }

    #[test]
    fn missing_title_is_reported() {
        let err = Config::parse(Path::new("site.toml"), "base_url = \"/\"\n").unwrap_err();
        assert!(
            err[0].message.contains("missing field `title`"),
            "{}",
            err[0].message
        );
    }
}
