//! File-system helpers that put the path into every error.
//!
//! Reading a user's file can fail in ways that are the user's to fix (not
//! UTF-8, too large); those become located diagnostics. Writing is the
//! system's own business and fails with `anyhow` context naming the path.

use crate::diagnostic::Diagnostic;
use anyhow::Context as _;
use std::path::Path;

/// Files larger than this are refused rather than read into memory.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a file the user wrote, which must be UTF-8 and not huge.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let bytes = read_bytes(path)?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let prefix = String::from_utf8_lossy(&bytes[..valid]);
        Diagnostic::error(path, "not valid UTF-8 text")
            .at_offset(&prefix, valid)
            .with_hint("save the file as UTF-8 in your editor")
    })
}

/// Reads a file the user wrote as bytes, refusing one over the size limit.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let size = std::fs::metadata(path)
        .map_err(|e| Diagnostic::error(path, format!("cannot read: {e}")))?
        .len();
    if size > MAX_INPUT_BYTES {
        return Err(Diagnostic::error(
            path,
            format!(
                "file is {} MiB; the limit is {} MiB",
                size / (1024 * 1024),
                MAX_INPUT_BYTES / (1024 * 1024)
            ),
        ));
    }
    std::fs::read(path).map_err(|e| Diagnostic::error(path, format!("cannot read: {e}")))
}

/// Creates `dir` and its parents, naming it in the error.
pub fn create_dir_all(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create folder {}", dir.display()))
}

/// Writes `bytes` to `path`, creating its folder.
pub fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

/// Replaces the bytes of a file that is rewritten again and again (the
/// preview's output), creating it and its folder if missing.
///
/// The file is written over in place and then cut to its new length,
/// rather than truncated first: ext4 flushes a file that was truncated to
/// nothing and written again when it is closed, which made rewriting a
/// thousand small files take a quarter of a second instead of ten
/// milliseconds. A reader could see a mix of old and new bytes, so callers
/// hold off readers while they write. A file with other hard links, or a
/// link in its place, is replaced instead, so nothing outside is changed.
pub fn overwrite(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    let Ok(mut file) = options.open(path) else {
        // Missing folder, a link in the way: the plain way says why.
        let _ = std::fs::remove_file(path);
        return write(path, bytes);
    };
    let Ok(before) = file.metadata() else {
        drop(file);
        let _ = std::fs::remove_file(path);
        return write(path, bytes);
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if before.nlink() > 1 || !before.is_file() {
            drop(file);
            std::fs::remove_file(path)
                .with_context(|| format!("cannot replace {}", path.display()))?;
            return write(path, bytes);
        }
    }
    let new_len = bytes.len() as u64;
    file.write_all(bytes)
        // Cut only a file that was longer: most pages written again are
        // as long as before or longer, and a cut is a call of its own.
        .and_then(|()| {
            if before.len() > new_len {
                file.set_len(new_len)
            } else {
                Ok(())
            }
        })
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Writes `bytes` to `path` through a temporary file in the same folder and
/// a rename, so a reader never sees half a file and a crash leaves the old one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write as _;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist(path)
        .with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overwrite_leaves_exactly_the_new_bytes_and_nothing_else_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b.html");
        overwrite(&path, b"a longer first version").unwrap();
        overwrite(&path, b"short").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"short");
        overwrite(&path, b"longer than before").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"longer than before");
        overwrite(&path, b"LONGER THAN BEFORE").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"LONGER THAN BEFORE");

        // A hard link elsewhere keeps its bytes.
        let other = dir.path().join("other.html");
        std::fs::hard_link(&path, &other).unwrap();
        overwrite(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read(&other).unwrap(), b"LONGER THAN BEFORE");

        // A link in the output is replaced, never followed.
        #[cfg(unix)]
        {
            let outside = dir.path().join("outside.txt");
            std::fs::write(&outside, b"precious").unwrap();
            let link = dir.path().join("a/link.html");
            std::os::unix::fs::symlink(&outside, &link).unwrap();
            overwrite(&link, b"page").unwrap();
            assert_eq!(std::fs::read(&outside).unwrap(), b"precious");
            assert_eq!(std::fs::read(&link).unwrap(), b"page");
            assert!(!link.symlink_metadata().unwrap().file_type().is_symlink());
        }
    }
}
