//! Themes: the Tera templates and static files a site is drawn with.
//!
//! A theme lives in `themes/<name>/` (`templates/*.html`, `static/**`). The
//! default theme is also embedded in the binary, so a site folder that has
//! no `themes/default/` still builds. A site's own `templates/NAME.html`
//! overrides the theme's template of the same name.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::embedded;
use crate::fsutil::read_text;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// One template's text and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSource {
    /// The name templates use in `{% extends %}`: `base.html`.
    pub name: String,
    /// The file, for diagnostics; embedded templates name their repository path.
    pub path: PathBuf,
    pub source: String,
}

/// A file copied as is into the output.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Output path relative to the output folder, `/`-separated.
    pub rel: String,
    pub contents: StaticContents,
}

#[derive(Debug, Clone)]
pub enum StaticContents {
    Embedded(&'static [u8]),
    File(PathBuf),
}

impl StaticContents {
    pub fn bytes(&self) -> std::io::Result<Cow<'static, [u8]>> {
        match self {
            StaticContents::Embedded(b) => Ok(Cow::Borrowed(b)),
            StaticContents::File(p) => std::fs::read(p).map(Cow::Owned),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: Vec<TemplateSource>,
    pub static_files: Vec<StaticFile>,
}

/// Loads the theme named in `config`, then the site's template overrides.
pub fn load(root: &Path, config: &Config) -> (Theme, Vec<Diagnostic>) {
    let mut theme = Theme::default();
    let mut diagnostics = Vec::new();
    let dir = root.join("themes").join(&config.theme);
    if dir.is_dir() {
        read_templates(
            &dir.join("templates"),
            root,
            &mut theme.templates,
            &mut diagnostics,
        );
        theme
            .static_files
            .extend(static_files_in(&dir.join("static"), root, &mut diagnostics));
    } else if config.theme == "default" {
        for f in embedded::THEME
            .get_dir("templates")
            .map(|d| d.files())
            .into_iter()
            .flatten()
        {
            let name = f
                .path()
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            theme.templates.push(TemplateSource {
                path: Path::new("themes/default").join(f.path()),
                name,
                source: f.contents_utf8().unwrap_or_default().to_string(),
            });
        }
        embedded::for_each_file(&embedded::THEME, &mut |path, bytes| {
            if let Ok(rel) = path.strip_prefix("static") {
                theme.static_files.push(StaticFile {
                    rel: rel.to_string_lossy().replace('\\', "/"),
                    contents: StaticContents::Embedded(bytes),
                });
            }
        });
    } else {
        diagnostics.push(
            Diagnostic::error(
                root.join("site.toml"),
                format!("theme `{}` not found in themes/", config.theme),
            )
            .with_hint("set theme = \"default\" or add the theme's folder under themes/"),
        );
    }
    let mut overrides = Vec::new();
    read_templates(
        &root.join("templates"),
        root,
        &mut overrides,
        &mut diagnostics,
    );
    for o in overrides {
        theme.templates.retain(|t| t.name != o.name);
        theme.templates.push(o);
    }
    (theme, diagnostics)
}

fn read_templates(
    dir: &Path,
    root: &Path,
    out: &mut Vec<TemplateSource>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for listed in crate::walk::files_below(dir, root, diagnostics) {
        let (path, name) = (listed.path.as_path(), listed.rel);
        match read_text(path) {
            Ok(source) => out.push(TemplateSource {
                name,
                path: path.to_path_buf(),
                source,
            }),
            Err(d) => diagnostics.push(d),
        }
    }
}

/// Every file below `dir`, as static files keeping their relative paths;
/// links that leave the site `root` are reported (see `walk`).
pub fn static_files_in(
    dir: &Path,
    root: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<StaticFile> {
    crate::walk::files_below(dir, root, diagnostics)
        .into_iter()
        .map(|f| StaticFile {
            rel: f.rel,
            contents: StaticContents::File(f.path),
        })
        .collect()
}
