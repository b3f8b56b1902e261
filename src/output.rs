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
use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

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

/// What a write did.
#[derive(Debug, Default, Clone, Copy)]
pub struct WriteReport {
    pub files: usize,
    pub bytes: u64,
    /// Files whose bytes were written (the others were unchanged since the
    /// previous build and carried over as hard links).
    pub written: usize,
}

/// A build's output on its way in: a staging folder beside `output`,
/// filled file by file from several threads, then swapped into place.
///
/// A file whose bytes equal what the previous build wrote (as that build's
/// manifest records it, and the file on disk is still the one it wrote) is
/// hard-linked from the published folder instead of written again, so a
/// rebuild writes only what changed while the swap stays atomic.
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    previous: HashMap<String, Entry>,
    entries: Mutex<Vec<(String, Entry)>>,
    error: Mutex<Option<anyhow::Error>>,
    written: AtomicUsize,
    bytes: AtomicU64,
}

/// The file beside the output (`.<name>.manifest`, e.g. `.public.manifest`)
/// that lists what the build wrote, one line per file: hash, size,
/// modification time, path. It stays out of the output because it lists
/// the unlisted agreement pages too.
fn manifest_path(output: &Path) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.manifest"))
}

/// What a build records of one output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    /// The first 128 bits of the BLAKE3 hash of its bytes.
    hash: [u8; 16],
    size: u64,
    /// Modification time in nanoseconds since the epoch: a file edited
    /// since the build wrote it is never carried over.
    modified: u128,
}

fn modified_ns(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// The previous build's manifest; lines it cannot read are left out (their
/// files are then written again).
fn read_manifest(output: &Path) -> HashMap<String, Entry> {
    let Ok(text) = std::fs::read_to_string(manifest_path(output)) else {
        return HashMap::new();
    };
    let mut manifest = HashMap::new();
    for line in text.lines() {
        let mut parts = line.splitn(4, '\t');
        let (Some(hex), Some(size), Some(modified), Some(path)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let mut hash = [0u8; 16];
        let parsed = hex.len() == 32
            && (0..16).all(|i| {
                u8::from_str_radix(&hex[2 * i..2 * i + 2], 16)
                    .map(|b| hash[i] = b)
                    .is_ok()
            });
        if let (true, Ok(size), Ok(modified)) = (parsed, size.parse(), modified.parse()) {
            manifest.insert(
                path.to_string(),
                Entry {
                    hash,
                    size,
                    modified,
                },
            );
        }
    }
    manifest
}

fn manifest_text(entries: &mut [(String, Entry)]) -> String {
    use std::fmt::Write as _;
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut text = String::new();
    for (path, e) in entries.iter().filter(|(p, _)| !p.contains('\n')) {
        for b in e.hash {
            let _ = write!(text, "{b:02x}");
        }
        let _ = writeln!(text, "\t{}\t{}\t{path}", e.size, e.modified);
    }
    text
}

impl Staging {
    /// Prepares a staging folder beside `output`, after putting right what
    /// a killed build left: its staging folder is deleted and, if it died
    /// between the two renames of a swap, the previous output is moved back.
    pub fn begin(output: &Path) -> anyhow::Result<Staging> {
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fsutil::create_dir_all(parent)?;
        recover(output)?;
        let dir = parent.join(format!("{}{}", staging_prefix(output), std::process::id()));
        fsutil::create_dir_all(&dir)?;
        Ok(Staging {
            output: output.to_path_buf(),
            dir,
            previous: read_manifest(output),
            entries: Mutex::new(Vec::new()),
            error: Mutex::new(None),
            written: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
        })
    }

    /// Adds `file` to the new output; an error is kept for `finish`.
    pub fn put(&self, file: OutputFile) {
        if let Err(e) = self.try_put(&file) {
            let mut error = self.error.lock().unwrap_or_else(|e| e.into_inner());
            error.get_or_insert(e);
        }
    }

    fn try_put(&self, file: &OutputFile) -> anyhow::Result<()> {
        let path = target(&self.dir, &file.path)?;
        let bytes: std::borrow::Cow<[u8]> = match &file.contents {
            Contents::Bytes(b) => b.into(),
            Contents::Copy(source) => source
                .bytes()
                .with_context(|| format!("cannot read {source:?} to copy it to {}", file.path))?,
        };
        let mut hash = [0u8; 16];
        hash.copy_from_slice(&blake3::hash(&bytes).as_bytes()[..16]);
        let size = bytes.len() as u64;
        self.bytes.fetch_add(size, Ordering::Relaxed);
        if let Some(parent) = path.parent() {
            fsutil::create_dir_all(parent)?;
        }
        if let Some(old) = self.previous.get(&file.path) {
            if old.hash == hash && old.size == size {
                let published = self.output.join(&file.path);
                let untouched = std::fs::symlink_metadata(&published).is_ok_and(|m| {
                    m.is_file() && m.len() == size && modified_ns(&m) == old.modified
                });
                if untouched && std::fs::hard_link(&published, &path).is_ok() {
                    self.record(&file.path, *old);
                    return Ok(());
                }
            }
        }
        // Two sources of one path are an error render reports; until then
        // the later one replaces the earlier.
        let _ = std::fs::remove_file(&path);
        let mut out = std::fs::File::create(&path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        out.write_all(&bytes)
            .with_context(|| format!("cannot write {}", path.display()))?;
        let modified = out.metadata().map(|m| modified_ns(&m)).unwrap_or(0);
        self.written.fetch_add(1, Ordering::Relaxed);
        self.record(
            &file.path,
            Entry {
                hash,
                size,
                modified,
            },
        );
        Ok(())
    }

    fn record(&self, path: &str, entry: Entry) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path.to_string(), entry));
    }

    /// Deletes the staging folder: the previous output stays as it was.
    pub fn abandon(self) {
        remove_tree(&self.dir);
    }

    /// Writes the manifest and the marker and swaps the staging folder into
    /// place; on any error the previous output stays as it was.
    pub fn finish(self) -> anyhow::Result<WriteReport> {
        let error = self.error.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(e) = error {
            self.abandon();
            return Err(e);
        }
        let mut entries =
            std::mem::take(&mut *self.entries.lock().unwrap_or_else(|e| e.into_inner()));
        let files = entries.len();
        let marked = fsutil::write(
            &self.dir.join(MARKER),
            b"This folder is written by mentorsite build; it is replaced on every build.\n",
        );
        if let Err(e) = marked {
            self.abandon();
            return Err(e);
        }
        swap_into_place(&self.dir, &self.output)?;
        // Written after the swap: a manifest older than the output is
        // harmless, as a file is carried over only when its size and
        // modification time are still the ones recorded.
        let text = manifest_text(&mut entries);
        fsutil::write_atomic(&manifest_path(&self.output), text.as_bytes())?;
        Ok(WriteReport {
            files,
            bytes: self.bytes.load(Ordering::Relaxed),
            written: self.written.load(Ordering::Relaxed),
        })
    }
}

/// Staging folders of `output` are named `.<name>.staging-<pid>`.
fn staging_prefix(output: &Path) -> String {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    format!(".{name}.staging-")
}

/// Puts right what a killed build left beside `output`: when it died
/// between the two renames of a swap (where the file system cannot
/// exchange folders) the previous output, `<staging>.old`, is moved back;
/// every staging folder is deleted.
pub fn recover(output: &Path) -> anyhow::Result<()> {
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let prefix = staging_prefix(output);
    let mut leftovers: Vec<PathBuf> = std::fs::read_dir(parent)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .collect();
    if std::fs::symlink_metadata(output).is_err() {
        let old = leftovers
            .iter()
            .position(|p| p.extension() == Some("old".as_ref()));
        if let Some(old) = old {
            let old = leftovers.swap_remove(old);
            std::fs::rename(&old, output).with_context(|| {
                format!(
                    "cannot move the previous site back from {} to {}",
                    old.display(),
                    output.display()
                )
            })?;
        }
    }
    leftovers.par_iter().for_each(|p| remove_tree(p));
    Ok(())
}

/// Removes a folder tree, its top-level entries in parallel.
fn remove_tree(dir: &Path) {
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.par_iter().for_each(|p| {
        if p.is_dir() && !p.is_symlink() {
            let _ = std::fs::remove_dir_all(p);
        } else {
            let _ = std::fs::remove_file(p);
        }
    });
    let _ = std::fs::remove_dir_all(dir);
}

/// Exchanges two paths in one step (Linux `renameat2` with
/// `RENAME_EXCHANGE`): at every instant one of them is the output.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt as _;
    let a = std::ffi::CString::new(a.as_os_str().as_bytes())?;
    let b = std::ffi::CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths that outlive the call,
    // and renameat2 takes no other pointers.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Puts `staging` in the place of `output`. Where the file system can
/// exchange two folders in one step the output is never missing; elsewhere
/// the old output is renamed aside first, and a build killed between the
/// two renames leaves it as `<staging>.old`, which `recover` moves back.
fn swap_into_place(staging: &Path, output: &Path) -> anyhow::Result<()> {
    if !output.exists() {
        return std::fs::rename(staging, output)
            .with_context(|| format!("cannot move the new site into {}", output.display()));
    }
    if exchange(staging, output).is_ok() {
        // `staging` now holds the previous output.
        remove_tree(staging);
        return Ok(());
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
    remove_tree(&old);
    Ok(())
}

/// What a preview folder holds: output path → a hash of its bytes, or
/// `None` for a file an earlier run left (compared on disk once).
pub type Manifest = std::collections::HashMap<String, Option<u64>>;

fn hash_of(bytes: &[u8]) -> u64 {
    // XXH3: the preview hashes every file it draws again, tens of
    // megabytes when a mentor moves through the lists, and XXH3 is several
    // times faster than blake3 with as few accidental collisions; nothing
    // here needs a hash an author cannot aim at (the files are theirs).
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// Writes those of `files` whose bytes differ from what `output` holds, as
/// `manifest` remembers it, and returns their paths: the preview's write,
/// which never reads back a file it wrote itself. Files are written over
/// in place ([`fsutil::overwrite`]): the caller keeps readers out.
pub fn write_changed(
    output: &Path,
    files: &[OutputFile],
    manifest: &mut Manifest,
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
                fsutil::overwrite(&path, &new)?;
            }
            Ok((f.path.clone(), hash, !same))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut changed = Vec::new();
    for (path, hash, written) in results {
        if written {
            changed.push(path.clone());
        }
        manifest.insert(path, Some(hash));
    }
    Ok(changed)
}

/// Removes the files `manifest` lists that are not `current`, and returns
/// how many there were.
pub fn remove_stale(
    output: &Path,
    manifest: &mut Manifest,
    current: impl Fn(&str) -> bool,
) -> usize {
    let stale: Vec<String> = manifest
        .keys()
        .filter(|p| !current(p.as_str()))
        .cloned()
        .collect();
    for p in &stale {
        if let Ok(path) = target(output, p) {
            let _ = std::fs::remove_file(path);
        }
        manifest.remove(p);
    }
    stale.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names in `dir`, sorted.
    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Writes `files` as the new contents of `output`, as a build does.
    fn write_site(output: &Path, files: &[OutputFile]) -> anyhow::Result<WriteReport> {
        let staging = Staging::begin(output)?;
        for file in files {
            staging.put(file.clone());
        }
        staging.finish()
    }

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
        assert_eq!(
            names_in(tmp.path()),
            [".public.manifest", "public"],
            "staging folders are cleaned up"
        );
    }

    #[test]
    fn a_swap_interrupted_between_its_renames_is_undone_by_the_next_build() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_site(&out, &[OutputFile::bytes("a.txt", b"1".to_vec())]).unwrap();
        // A build killed after moving the output aside, before moving the
        // new one in: only its staging folders are left.
        let aside = tmp.path().join(".public.staging-999.old");
        std::fs::rename(&out, &aside).unwrap();
        fsutil::write(&tmp.path().join(".public.staging-999/b.txt"), b"2").unwrap();
        recover(&out).unwrap();
        assert_eq!(std::fs::read(out.join("a.txt")).unwrap(), b"1");
        assert_eq!(
            names_in(tmp.path()),
            [".public.manifest", "public"],
            "staging folders are cleaned up"
        );
    }

    #[test]
    fn the_manifest_reads_back_what_it_wrote() {
        let entry = Entry {
            hash: [7; 16],
            size: 42,
            modified: 1_700_000_000_123_456_789,
        };
        let mut entries = vec![("a b/c\td.html".to_string(), entry)];
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::write(manifest_path(&out), manifest_text(&mut entries)).unwrap();
        let read = read_manifest(&out);
        assert_eq!(read.get("a b/c\td.html"), Some(&entry));
        assert_eq!(read.len(), 1);
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
