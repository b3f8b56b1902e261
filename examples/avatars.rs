//! Writes the example program's mentor photos: drawn portraits (a head and
//! shoulders on a soft gradient), generated here so that no real person's
//! face is in the repository. Portrait format on purpose, so the build's
//! square crop is visible.
//!
//! `cargo run --example avatars -- content/mentors` (re)writes
//! `<slug>.jpg` for the slugs listed below.

use image::{Rgb, RgbImage};
use std::path::PathBuf;

/// Slug, background colours (top, bottom), skin and clothing colours.
const PORTRAITS: [(&str, [u8; 3], [u8; 3], [u8; 3], [u8; 3]); 4] = [
    ("aisha-mwangi", [250, 214, 165], [214, 120, 84], [120, 78, 52], [38, 70, 83]),
    ("camille-laurent", [180, 214, 240], [92, 132, 196], [236, 196, 170], [150, 40, 60]),
    ("diego-ramirez", [200, 236, 200], [70, 150, 110], [196, 140, 100], [240, 200, 60]),
    ("hannah-zhou", [236, 210, 240], [140, 100, 190], [240, 210, 180], [40, 40, 48]),
];

fn mix(a: [u8; 3], b: [u8; 3], t: f32) -> Rgb<u8> {
    Rgb(std::array::from_fn(|i| {
        (f32::from(a[i]) * (1.0 - t) + f32::from(b[i]) * t).round() as u8
    }))
}

fn portrait(top: [u8; 3], bottom: [u8; 3], skin: [u8; 3], cloth: [u8; 3]) -> RgbImage {
    let (w, h) = (480u32, 640u32);
    RgbImage::from_fn(w, h, |x, y| {
        let (fx, fy) = (x as f32, y as f32);
        let head = ((fx - 240.0) / 95.0).powi(2) + ((fy - 250.0) / 120.0).powi(2);
        let shoulders = ((fx - 240.0) / 210.0).powi(2) + ((fy - 640.0) / 230.0).powi(2);
        if head <= 1.0 {
            // A little shading from the left.
            mix(skin, [0, 0, 0], ((fx - 145.0) / 190.0).clamp(0.0, 1.0) * 0.25)
        } else if shoulders <= 1.0 {
            mix(cloth, [0, 0, 0], (fy - 420.0) / 800.0)
        } else {
            mix(top, bottom, fy / h as f32)
        }
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "content/mentors".into()),
    );
    for (slug, top, bottom, skin, cloth) in PORTRAITS {
        let path = dir.join(format!("{slug}.jpg"));
        let mut file = std::fs::File::create(&path)?;
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut file, 85)
            .encode_image(&portrait(top, bottom, skin, cloth))?;
        println!("{}", path.display());
    }
    Ok(())
}
