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
