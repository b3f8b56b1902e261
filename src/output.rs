//! Write: the only stage that touches the output folder.
//!
//! A build writes a fresh staging folder beside the output and swaps it into
//! place with two renames, so a failed build (or a crash halfway) leaves the
//! previous `public/` exactly as it was. A marker file tells a folder we
//! wrote from one the user owns: we never replace a non-empty folder that
//! lacks it.

use crate::fsutil;
use crate::render::{Contents, OutputFile};
use anyhow::{bail, Context as _};
use rayon::prelude::*;
use std::path::{Component, Path, PathBuf};

/// Written into every output folder; its presence makes the folder ours.
pub const MARKER: &str = ".mentorsite-output";

/// Refuses output folders whose replacement would lose the user's files.
pub fn check_output_dir(root: &Path, output: &Path) -> anyhow::Result<()> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let abs = absolute(output);
    if root.starts_with(&abs) {
        bail!(
            "refusing to use {} as the output folder: it contains the site itself",
            output.display()
        );
    }
    for protected in ["content", "data", "static", "templates", "themes"] {
        if abs.starts_with(root.join(protected)) {
            bail!(
                "refusing to use {} as the output folder: it is inside the site's {protected}/",
                output.display()
            );
        }
    }
    if let Ok(meta) = std::fs::symlink_metadata(&abs) {
        if !meta.is_dir() {
            bail!(
                "refusing to replace {}: it is a file, not a folder; choose another --output",
                output.display()
            );
        }
    }
    if abs.is_dir() && !abs.join(MARKER).exists() {
        let mut entries = std::fs::read_dir(&abs)
            .with_context(|| format!("cannot read the output folder {}", output.display()))?;
        if entries.next().is_some() {
            bail!(
                "refusing to replace {}: it is not empty and was not written by mentorsite (no {MARKER} file); \
                 choose another --output or empty it",
                output.display()
            );
        }
    }
    Ok(())
}

/// An absolute path without resolving links, for folders that may not exist.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The path of `file` inside `dir`, refusing anything that would escape it.
fn target(dir: &Path, rel: &str) -> anyhow::Result<PathBuf> {
    let rel_path = Path::new(rel);
    if rel.is_empty()
        || rel_path
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
    {
        bail!("refusing to write outside the output folder: {rel}");
    }
    Ok(dir.join(rel_path))
}

fn write_file(dir: &Path, file: &OutputFile) -> anyhow::Result<u64> {
    let path = target(dir, &file.path)?;
    match &file.contents {
        Contents::Bytes(bytes) => {
            fsutil::write(&path, bytes)?;
            Ok(bytes.len() as u64)
        }
        Contents::Copy(source) => {
            let bytes = source
                .bytes()
                .with_context(|| format!("cannot read {source:?} to copy it to {}", file.path))?;
            fsutil::write(&path, &bytes)?;
            Ok(bytes.len() as u64)
        }
    }
}

/// What a write did.
#[derive(Debug, Default, Clone, Copy)]
pub struct WriteReport {
    pub files: usize,
    pub bytes: u64,
}

/// Writes `files` as the new contents of `output`, atomically.
pub fn write_site(output: &Path, files: &[OutputFile]) -> anyhow::Result<WriteReport> {
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fsutil::create_dir_all(parent)?;
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    // A build that was killed leaves its staging folder behind; the next one
    // clears it (the published folder itself was never touched).
    let prefix = format!(".{name}.staging-");
    for entry in std::fs::read_dir(parent).into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let staging = parent.join(format!("{prefix}{}", std::process::id()));
    fsutil::create_dir_all(&staging)?;
    let result: anyhow::Result<Vec<u64>> =
        files.par_iter().map(|f| write_file(&staging, f)).collect();
    let bytes = match result.and_then(|b| {
        fsutil::write(
            &staging.join(MARKER),
            b"This folder is written by mentorsite build; it is replaced on every build.\n",
        )?;
        Ok(b)
    }) {
        Ok(b) => b,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    swap_into_place(&staging, output)?;
    Ok(WriteReport {
        files: files.len(),
        bytes: bytes.iter().sum(),
    })
}

/// Renames `staging` to `output`, moving the old output aside first and
/// deleting it only once the new one is in place.
fn swap_into_place(staging: &Path, output: &Path) -> anyhow::Result<()> {
    if !output.exists() {
        return std::fs::rename(staging, output)
            .with_context(|| format!("cannot move the new site into {}", output.display()));
    }
    let old = staging.with_file_name(format!(
        "{}.old",
        staging
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default()
    ));
    if let Err(e) = std::fs::rename(output, &old) {
        let _ = std::fs::remove_dir_all(staging);
        return Err(e)
            .with_context(|| format!("cannot move the previous {} aside", output.display()));
    }
    if let Err(e) = std::fs::rename(staging, output) {
        // Put the previous site back so nothing is lost.
        let _ = std::fs::rename(&old, output);
        let _ = std::fs::remove_dir_all(staging);
        return Err(e)
            .with_context(|| format!("cannot move the new site into {}", output.display()));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

/// What a preview folder holds: output path → a hash of its bytes, or
/// `None` for a file an earlier run left (compared on disk once).
pub type Manifest = std::collections::HashMap<String, Option<u64>>;

fn hash_of(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// Writes those of `files` whose bytes differ from what `output` holds, as
/// `manifest` remembers it, and returns their paths: the preview's write,
/// which never reads back a file it wrote itself. With `all`, `files` is
/// the whole site and files no longer produced are removed.
pub fn write_changed(
    output: &Path,
    files: &[OutputFile],
    manifest: &mut Manifest,
    all: bool,
) -> anyhow::Result<Vec<String>> {
    let results: Vec<(String, u64, bool)> = files
        .par_iter()
        .map(|f| -> anyhow::Result<(String, u64, bool)> {
            let path = target(output, &f.path)?;
            let new: std::borrow::Cow<[u8]> = match &f.contents {
                Contents::Bytes(b) => b.into(),
                Contents::Copy(src) => src.bytes()?,
            };
            let hash = hash_of(&new);
            let same = match manifest.get(&f.path) {
                Some(Some(old)) => *old == hash,
                Some(None) => std::fs::read(&path).is_ok_and(|old| old == *new),
                None => false,
            };
            if !same {
                fsutil::write(&path, &new)?;
            }
            Ok((f.path.clone(), hash, !same))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    if all {
        let current: std::collections::HashSet<&str> =
            files.iter().map(|f| f.path.as_str()).collect();
        let stale: Vec<String> = manifest
            .keys()
            .filter(|p| !current.contains(p.as_str()))
            .cloned()
            .collect();
        for p in stale {
            if let Ok(path) = target(output, &p) {
                let _ = std::fs::remove_file(path);
            }
            manifest.remove(&p);
        }
    }
    let mut changed = Vec::new();
    for (path, hash, written) in results {
        if written {
            changed.push(path.clone());
        }
        manifest.insert(path, Some(hash));
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape() {
        let dir = Path::new("/out");
        assert!(target(dir, "a/b.html").is_ok());
        assert!(target(dir, "../x").is_err());
        assert!(target(dir, "/etc/passwd").is_err());
        assert!(target(dir, "a/../../x").is_err());
    }

    #[test]
    fn swap_replaces_and_keeps_on_failure() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_site(&out, &[OutputFile::bytes("a.txt", b"1".to_vec())]).unwrap();
        assert_eq!(std::fs::read(out.join("a.txt")).unwrap(), b"1");
        let bad = [
            OutputFile::bytes("b.txt", b"2".to_vec()),
            OutputFile::bytes("../escape", b"x".to_vec()),
        ];
        assert!(write_site(&out, &bad).is_err());
        assert_eq!(std::fs::read(out.join("a.txt")).unwrap(), b"1");
        assert!(!out.join("b.txt").exists());
        write_site(&out, &[OutputFile::bytes("c.txt", b"3".to_vec())]).unwrap();
        assert!(!out.join("a.txt").exists());
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging folders are cleaned up");
    }

    #[test]
    fn refuses_foreign_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("mine");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("thesis.docx"), b"precious").unwrap();
        let site = tmp.path().join("site");
        std::fs::create_dir(&site).unwrap();
        assert!(check_output_dir(&site, &out).is_err());
        assert!(check_output_dir(&site, &site).is_err());
        assert!(check_output_dir(&site, tmp.path()).is_err());
        assert!(check_output_dir(&site, &site.join("public")).is_ok());
    }
}
