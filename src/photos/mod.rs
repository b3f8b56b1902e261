//! Mentor photos: from whatever a mentor sent to a few small, clean images.
//!
//! A profile's `photo` names a file of the site (beside the profile or under
//! `static/`, see [`locate`]) or an address on another site. A file is
//! decoded, turned upright by its EXIF orientation, cropped square around
//! its centre or the profile's `photo_focus`, and written in the sizes the
//! theme shows (the card and the profile picture, each at 1× and 2×) as
//! lossy WebP, with a JPEG fallback (PNG when the photo has transparency).
//! Only pixels are written: nothing of the original's EXIF (GPS position,
//! camera serial), XMP, IPTC, ICC profile or comments, and the original file
//! itself is never published.
//!
//! Processed images live in a cache outside the output,
//! `.mentorsite-cache/photos/<key>/`, keyed by a hash of the source bytes
//! and every parameter, so a rebuild whose photos did not change decodes
//! nothing. Photos are processed in parallel.

mod cache;
mod locate;
mod process;

pub use locate::locate;

use crate::diagnostic::Diagnostic;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// The square sizes, in CSS pixels, that the default theme shows a photo at.
pub const CARD: u32 = 64;
pub const PROFILE: u32 = 128;
/// Every width written: each shown size at 1× and 2×.
pub const WIDTHS: [u32; 3] = [CARD, PROFILE, 2 * PROFILE];

/// Where the cache lives, below the site folder.
pub const CACHE_DIR: &str = ".mentorsite-cache/photos";

/// A profile's photo.
#[derive(Debug, Clone, PartialEq)]
pub enum Photo {
    /// An `http(s)` address, shown as given.
    Remote(String),
    /// A file of the site, processed at load.
    Local(LocalPhoto),
}

/// A photo file of the site and where the profile names it.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalPhoto {
    pub source: PathBuf,
    /// The point to keep in the crop, as fractions of width and height.
    pub focus: Option<(f32, f32)>,
    /// The `photo` key in the profile, for errors about the image.
    pub key: KeyPosition,
    /// The images written for it, once processed.
    pub processed: Option<Processed>,
}

/// A key's place in a profile, for diagnostics found after parsing.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyPosition {
    pub profile: PathBuf,
    pub line: usize,
    pub column: usize,
    pub excerpt: String,
}

impl KeyPosition {
    pub fn error(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(&self.profile, message)
            .at(self.line, self.column)
            .with_excerpt(self.excerpt.clone())
    }
}

/// The image formats written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Webp,
    Jpeg,
    Png,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Webp => "webp",
            Format::Jpeg => "jpg",
            Format::Png => "png",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Webp => "image/webp",
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
        }
    }
}

/// A processed photo: its cached images and the fallback format.
#[derive(Debug, Clone, PartialEq)]
pub struct Processed {
    /// The cache folder holding `<width>.<ext>` for every width and format.
    pub dir: PathBuf,
    /// A short hash of the source and parameters, for the published names.
    pub key: String,
    /// JPEG, or PNG for a photo with transparency.
    pub fallback: Format,
}

impl Processed {
    /// The cached image of `width` in `format`.
    pub fn cached(&self, width: u32, format: Format) -> PathBuf {
        self.dir.join(format!("{width}.{}", format.extension()))
    }

    /// The published path of that image, relative to the output folder.
    pub fn output_path(&self, slug: &str, width: u32, format: Format) -> String {
        format!(
            "photos/{slug}-{width}.{}.{}",
            &self.key[..12],
            format.extension()
        )
    }

    /// Every image to publish: (output path, cached file).
    pub fn outputs(&self, slug: &str) -> Vec<(String, PathBuf)> {
        [Format::Webp, self.fallback]
            .into_iter()
            .flat_map(|format| {
                WIDTHS.map(|w| (self.output_path(slug, w, format), self.cached(w, format)))
            })
            .collect()
    }
}

/// Whether to write the processed images or only to validate the photos
/// (`check` writes nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Write,
    Validate,
}

/// Processes every local photo of `photos` in parallel, filling in
/// `processed`; each bad image is a diagnostic at its profile's `photo` key.
pub fn process_all(root: &Path, photos: Vec<&mut LocalPhoto>, mode: Mode) -> Vec<Diagnostic> {
    let cache_root = root.join(CACHE_DIR);
    photos
        .into_par_iter()
        .filter_map(
            |photo| match process::one(&cache_root, &photo.source, photo.focus, mode) {
                Ok(processed) => {
                    photo.processed = processed;
                    None
                }
                Err(problem) => {
                    let name = photo
                        .source
                        .strip_prefix(root)
                        .unwrap_or(&photo.source)
                        .display()
                        .to_string();
                    let mut d = photo
                        .key
                        .error(format!("photo `{name}`: {}", problem.message));
                    if let Some(hint) = problem.hint {
                        d = d.with_hint(hint);
                    }
                    Some(d)
                }
            },
        )
        .collect()
}
