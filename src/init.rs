//! `mentorsite init [--minimal] DIR`: writes the embedded example program
//! out, or with `--minimal` a start without data (`src/init/minimal/`:
//! site.toml, a home page, a handbook with one guide, one placeholder
//! mentor, one form; no responses, no pairs, nothing personal).
//!
//! It refuses to write into a folder that already holds a site, so an
//! existing program is never overwritten.

use crate::embedded::{self, for_each_file};
use crate::fsutil;
use anyhow::{bail, Context as _};
use include_dir::{include_dir, Dir};
use std::path::Path;

static MINIMAL: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/init/minimal");

/// What `init` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// The whole example program, with its fake responses and pairs.
    Example,
    /// The smallest program that builds, with no data about anyone.
    Minimal,
}

/// Writes a new program into `dir`, which must be empty or absent.
pub fn init(dir: &Path, start: Start) -> anyhow::Result<usize> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        if entries.next().is_some() {
            bail!(
                "{} is not empty: init writes a new site only into an empty or new folder",
                dir.display()
            );
        }
    }
    let gitignore = crate::personal_data::gitignore();
    let mut files = Vec::new();
    match start {
        Start::Example => {
            files.push((
                Path::new("site.toml").to_path_buf(),
                embedded::SITE_TOML.as_bytes(),
            ));
            for (prefix, tree) in [
                ("content", &embedded::CONTENT),
                ("data", &embedded::DATA),
                ("themes/default", &embedded::THEME),
            ] {
                for_each_file(tree, &mut |path, bytes| {
                    files.push((Path::new(prefix).join(path), bytes))
                });
            }
        }
        // The theme stays embedded: a site without themes/ uses it.
        Start::Minimal => for_each_file(&MINIMAL, &mut |path, bytes| {
            files.push((path.to_path_buf(), bytes))
        }),
    }
    files.push((".gitignore".into(), gitignore.as_bytes()));
    for (path, bytes) in &files {
        fsutil::write(&dir.join(path), bytes)?;
    }
    // The key of the agreement links; .gitignore keeps it out of version control.
    let secret = format!("{}\n", crate::pairs::new_secret());
    fsutil::write(&dir.join(".mentorsite-secret"), secret.as_bytes())?;
    rekey_checkins(dir, secret.trim().as_bytes())?;
    Ok(files.len() + 1)
}

/// The example's check-ins name their pairs under the example key; they
/// are rewritten under the new site's secret so they stay attached.
fn rekey_checkins(dir: &Path, secret: &[u8]) -> anyhow::Result<()> {
    use crate::impact::reference::{rekey, EXAMPLE_SECRET};
    let config = crate::site::load_config(dir, &Default::default())
        .map_err(|_| anyhow::anyhow!("the example's site.toml does not load"))?;
    let tracks: Vec<&str> = config.track_ids().collect();
    let pairs = crate::impact::checkins::pairs_for_references(dir, &tracks);
    let Ok(rounds) = std::fs::read_dir(dir.join("data/rounds")) else {
        return Ok(());
    };
    for round in rounds.flatten() {
        let path = round.path().join("checkin.csv");
        if let Ok(text) = std::fs::read_to_string(&path) {
            fsutil::write(
                &path,
                rekey(&text, &pairs, EXAMPLE_SECRET, secret).as_bytes(),
            )?;
        }
    }
    Ok(())
}
