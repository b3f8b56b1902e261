//! Decoding one photo and writing its sizes: the pixels and nothing else.

use super::{cache, Format, Mode, Processed, WIDTHS};
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};
use std::io::Cursor;
use std::path::Path;

/// The most pixels a photo may have (50 megapixels, more than any phone
/// camera writes by default). A larger image, or a small file that claims
/// to be one (a decompression bomb), is refused before it is decoded.
pub const PIXEL_LIMIT: u64 = 50_000_000;

/// WebP and JPEG quality: small avatars are forgiving.
const WEBP_QUALITY: f32 = 80.0;
const JPEG_QUALITY: u8 = 82;

/// The cache key covers everything that changes the output: bump this when
/// the processing changes.
const PARAMETERS: &str = "mentorsite photos v1: square 64,128,256; webp q80; jpeg q82; png";

/// What is wrong with a photo file.
#[derive(Debug)]
pub struct Problem {
    pub message: String,
    pub hint: Option<String>,
}

impl Problem {
    fn new(message: impl Into<String>, hint: impl Into<String>) -> Problem {
        Problem {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }
}

const USE_A_PHOTO: &str = "use a JPEG, PNG or WebP photo";

/// Processes the photo at `source` (or only validates it), using the cache
/// below `cache_root`.
pub fn one(
    cache_root: &Path,
    source: &Path,
    focus: Option<(f32, f32)>,
    mode: Mode,
) -> Result<Option<Processed>, Problem> {
    let bytes = std::fs::read(source)
        .map_err(|e| Problem::new(format!("cannot be read: {e}"), "check the file"))?;
    let key = cache::key(&bytes, PARAMETERS, focus);
    if mode == Mode::Write {
        if let Some(hit) = cache::lookup(cache_root, &key) {
            return Ok(Some(hit));
        }
    }
    let image = decode(&bytes)?;
    if mode == Mode::Validate {
        return Ok(None);
    }
    let square = crop_square(&image, focus);
    let fallback = if has_transparency(&square) {
        Format::Png
    } else {
        Format::Jpeg
    };
    let mut files = Vec::new();
    for width in WIDTHS {
        let sized = square.resize_exact(width, width, FilterType::Lanczos3);
        files.push((width, Format::Webp, encode(&sized, Format::Webp)?));
        files.push((width, fallback, encode(&sized, fallback)?));
    }
    cache::store(cache_root, &key, fallback, &files)
        .map(Some)
        .map_err(|e| {
            Problem::new(
                format!("cannot write the photo cache: {e}"),
                "check that the site folder is writable",
            )
        })
}

/// Decodes `bytes` within the pixel limit and turns the image upright.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, Problem> {
    if looks_like_svg(bytes) {
        return Err(Problem::new(
            "is an SVG drawing, which cannot be a photo (a browser runs the scripts an SVG may hold)",
            "export it as PNG or JPEG",
        ));
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| Problem::new(format!("cannot be read: {e}"), USE_A_PHOTO))?;
    let format = match reader.format() {
        Some(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        Some(other) => {
            return Err(Problem::new(
                format!(
                    "is a {} image, a format mentorsite does not read",
                    other
                        .extensions_str()
                        .first()
                        .unwrap_or(&"?")
                        .to_uppercase()
                ),
                USE_A_PHOTO,
            ))
        }
        None => return Err(Problem::new("is not an image", USE_A_PHOTO)),
    };
    let mut reader = reader;
    let mut limits = Limits::default();
    limits.max_alloc = Some(PIXEL_LIMIT * 4 + (64 << 20));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| damaged(format, e))?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > PIXEL_LIMIT {
        return Err(Problem::new(
            format!(
                "is {width} × {height} pixels, more than the limit of {} megapixels",
                PIXEL_LIMIT / 1_000_000
            ),
            "scale it down; a few hundred pixels square is plenty",
        ));
    }
    let orientation = decoder.orientation().map_err(|e| damaged(format, e))?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| damaged(format, e))?;
    image.apply_orientation(orientation);
    Ok(image)
}

fn damaged(format: ImageFormat, e: ImageError) -> Problem {
    let name = format
        .extensions_str()
        .first()
        .unwrap_or(&"?")
        .to_uppercase();
    match e {
        ImageError::Limits(_) => Problem::new(
            format!("needs more memory to decode than a photo may ({e})"),
            "scale it down; a few hundred pixels square is plenty",
        ),
        ImageError::Unsupported(_) => Problem::new(
            format!("uses a {name} feature mentorsite cannot read ({e})"),
            "save it again as a plain JPEG or PNG",
        ),
        _ => Problem::new(
            format!("is a truncated or damaged {name} file ({e})"),
            "export or download the photo again",
        ),
    }
}

/// SVG (or any XML) given as a photo: text starting with `<`.
fn looks_like_svg(bytes: &[u8]) -> bool {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = text.iter().position(|b| !b.is_ascii_whitespace());
    let head = &text[start.unwrap_or(text.len())..text.len().min(4096)];
    head.starts_with(b"<")
        && String::from_utf8_lossy(head)
            .to_ascii_lowercase()
            .contains("<svg")
}

/// The largest square of `image` around `focus` (fractions of width and
/// height; the centre when absent), kept inside the image.
fn crop_square(image: &DynamicImage, focus: Option<(f32, f32)>) -> DynamicImage {
    let (w, h) = (image.width(), image.height());
    let side = w.min(h);
    let (fx, fy) = focus.unwrap_or((0.5, 0.5));
    let place = |length: u32, f: f32| -> u32 {
        let centre = (f64::from(length) * f64::from(f)).round() as i64;
        (centre - i64::from(side / 2)).clamp(0, i64::from(length - side)) as u32
    };
    let square = image.crop_imm(place(w, fx), place(h, fy), side, side);
    // A big photo is first brought near the largest size with a cheap
    // filter; Lanczos then works on a few hundred pixels, not thousands.
    let largest = WIDTHS[WIDTHS.len() - 1];
    if side > largest * 4 {
        square.thumbnail_exact(largest * 2, largest * 2)
    } else {
        square
    }
}

fn has_transparency(image: &DynamicImage) -> bool {
    image.color().has_alpha() && image.to_rgba8().pixels().any(|p| p.0[3] < 255)
}

/// Encodes pixels only: no metadata of any kind is written.
fn encode(image: &DynamicImage, format: Format) -> Result<Vec<u8>, Problem> {
    let (w, h) = (image.width(), image.height());
    let failed = |e: String| Problem::new(format!("cannot be encoded: {e}"), USE_A_PHOTO);
    match format {
        Format::Webp => {
            let memory = if image.color().has_alpha() {
                let rgba = image.to_rgba8();
                webp::Encoder::from_rgba(&rgba, w, h).encode(WEBP_QUALITY)
            } else {
                let rgb = image.to_rgb8();
                webp::Encoder::from_rgb(&rgb, w, h).encode(WEBP_QUALITY)
            };
            Ok(memory.to_vec())
        }
        Format::Jpeg => {
            let mut out = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                .encode_image(&image.to_rgb8())
                .map_err(|e| failed(e.to_string()))?;
            Ok(out)
        }
        Format::Png => {
            let mut out = Vec::new();
            image
                .to_rgba8()
                .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
                .map_err(|e| failed(e.to_string()))?;
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage};

    #[test]
    fn crops_around_the_focus_inside_the_image() {
        let mut img = RgbImage::new(300, 100);
        for (x, _, p) in img.enumerate_pixels_mut() {
            *p = Rgb([if x < 100 { 255 } else { 0 }, 0, 0]);
        }
        let img = DynamicImage::ImageRgb8(img);
        let centre = crop_square(&img, None);
        assert_eq!((centre.width(), centre.height()), (100, 100));
        assert_eq!(centre.to_rgb8().get_pixel(50, 50).0[0], 0);
        let left = crop_square(&img, Some((0.0, 0.5)));
        assert_eq!(left.to_rgb8().get_pixel(50, 50).0[0], 255);
    }

    #[test]
    fn svg_and_text_are_recognised() {
        assert!(looks_like_svg(b"  <?xml version=\"1.0\"?><svg></svg>"));
        assert!(looks_like_svg(b"\xEF\xBB\xBF<svg xmlns='x'/>"));
        assert!(!looks_like_svg(b"\xFF\xD8\xFF<svg"));
        assert!(decode(b"name,email\n").is_err());
    }
}
