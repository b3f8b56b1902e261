//! The photo cache: one folder per source and parameters,
//! `<cache>/<blake3 hex>/<width>.<ext>`. A folder is written whole under a
//! temporary name and renamed into place, so a folder that exists is
//! complete, even after a crash or with two builds at once.

use super::{Format, Processed, WIDTHS};
use std::io;
use std::path::Path;

/// The key of a photo: its bytes, the processing parameters and the focus.
pub fn key(bytes: &[u8], parameters: &str, focus: Option<(f32, f32)>) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(parameters.as_bytes());
    match focus {
        Some((x, y)) => hasher.update(format!("focus {x} {y};").as_bytes()),
        None => hasher.update(b"centre;"),
    };
    hasher.update(bytes);
    hasher.finalize().to_hex().to_string()
}

/// The processed photo of `key`, when the cache has all its images.
pub fn lookup(cache_root: &Path, key: &str) -> Option<Processed> {
    let dir = cache_root.join(key);
    [Format::Jpeg, Format::Png]
        .into_iter()
        .find_map(|fallback| {
            let processed = Processed {
                dir: dir.clone(),
                key: key.to_string(),
                fallback,
            };
            let complete = WIDTHS.iter().all(|&w| {
                processed.cached(w, Format::Webp).is_file()
                    && processed.cached(w, fallback).is_file()
            });
            complete.then_some(processed)
        })
}

/// Writes the images of `key` into the cache.
pub fn store(
    cache_root: &Path,
    key: &str,
    fallback: Format,
    files: &[(u32, Format, Vec<u8>)],
) -> io::Result<Processed> {
    std::fs::create_dir_all(cache_root)?;
    let staging = tempfile::Builder::new()
        .prefix(".staging-")
        .tempdir_in(cache_root)?;
    for (width, format, bytes) in files {
        std::fs::write(
            staging
                .path()
                .join(format!("{width}.{}", format.extension())),
            bytes,
        )?;
    }
    let dir = cache_root.join(key);
    let staged = staging.keep();
    if let Err(e) = std::fs::rename(&staged, &dir) {
        // Another build stored the same photo first: theirs is as good.
        let _ = std::fs::remove_dir_all(&staged);
        if !dir.is_dir() {
            return Err(e);
        }
    }
    Ok(Processed {
        dir,
        key: key.to_string(),
        fallback,
    })
}
