//! Writes the example program's mentor photos: drawn portraits (a head and
//! shoulders on a soft gradient), generated here so that no real person's
//! face is in the repository. Portrait format on purpose, so the build's
//! square crop is visible.
//!
//! `cargo run --example avatars -- content/mentors` (re)writes
//! `<slug>.jpg` for the slugs listed below.
//!
//! `cargo run --release --example avatars -- DIR --every-profile WIDTHxHEIGHT`
//! writes a portrait of that size for every profile `DIR/<slug>.md`, with
//! colours drawn from the slug: the photos of the benchmark
//! (`bench/photos.sh`).

use image::{Rgb, RgbImage};
use std::path::PathBuf;

/// An RGB colour.
type Colour = [u8; 3];

/// Slug, background colours (top, bottom), skin and clothing colours.
const PORTRAITS: [(&str, Colour, Colour, Colour, Colour); 4] = [
    (
        "aisha-mwangi",
        [250, 214, 165],
        [214, 120, 84],
        [120, 78, 52],
        [38, 70, 83],
    ),
    (
        "camille-laurent",
        [180, 214, 240],
        [92, 132, 196],
        [236, 196, 170],
        [150, 40, 60],
    ),
    (
        "diego-ramirez",
        [200, 236, 200],
        [70, 150, 110],
        [196, 140, 100],
        [240, 200, 60],
    ),
    (
        "hannah-zhou",
        [236, 210, 240],
        [140, 100, 190],
        [240, 210, 180],
        [40, 40, 48],
    ),
];

fn mix(a: [u8; 3], b: [u8; 3], t: f32) -> Rgb<u8> {
    Rgb(std::array::from_fn(|i| {
        (f32::from(a[i]) * (1.0 - t) + f32::from(b[i]) * t).round() as u8
    }))
}

fn portrait(
    (w, h): (u32, u32),
    top: [u8; 3],
    bottom: [u8; 3],
    skin: [u8; 3],
    cloth: [u8; 3],
) -> RgbImage {
    // Drawn on a 480 × 640 canvas, scaled to the size asked for.
    let scale = 480.0 / w as f32;
    RgbImage::from_fn(w, h, |x, y| {
        let (fx, fy) = (x as f32 * scale, y as f32 * scale);
        let head = ((fx - 240.0) / 95.0).powi(2) + ((fy - 250.0) / 120.0).powi(2);
        let shoulders = ((fx - 240.0) / 210.0).powi(2) + ((fy - 640.0) / 230.0).powi(2);
        if head <= 1.0 {
            // A little shading from the left.
            mix(
                skin,
                [0, 0, 0],
                ((fx - 145.0) / 190.0).clamp(0.0, 1.0) * 0.25,
            )
        } else if shoulders <= 1.0 {
            mix(cloth, [0, 0, 0], (fy - 420.0) / 800.0)
        } else {
            mix(top, bottom, fy / (h as f32 * scale))
        }
    })
}

/// Colours from a slug's hash: stable, varied.
fn colours(slug: &str) -> [[u8; 3]; 4] {
    let hash = blake3::hash(slug.as_bytes());
    let b = hash.as_bytes();
    std::array::from_fn(|i| [b[3 * i], b[3 * i + 1], b[3 * i + 2]])
}

fn write(path: &std::path::Path, image: &RgbImage) -> Result<(), Box<dyn std::error::Error>> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut file, 85).encode_image(image)?;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(args.first().map_or("content/mentors", String::as_str));
    if args.get(1).map(String::as_str) == Some("--every-profile") {
        let size = args.get(2).ok_or("--every-profile needs WIDTHxHEIGHT")?;
        let (w, h) = size.split_once('x').ok_or("size is WIDTHxHEIGHT")?;
        let size = (w.parse()?, h.parse()?);
        let mut count = 0;
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            let Some(slug) = path.file_stem().map(|s| s.to_string_lossy().to_string()) else {
                continue;
            };
            if path.extension().is_some_and(|e| e == "md") && slug != "_index" {
                let [top, bottom, skin, cloth] = colours(&slug);
                write(
                    &dir.join(format!("{slug}.jpg")),
                    &portrait(size, top, bottom, skin, cloth),
                )?;
                count += 1;
            }
        }
        println!(
            "{count} portraits of {}x{} in {}",
            size.0,
            size.1,
            dir.display()
        );
        return Ok(());
    }
    for (slug, top, bottom, skin, cloth) in PORTRAITS {
        let path = dir.join(format!("{slug}.jpg"));
        write(&path, &portrait((480, 640), top, bottom, skin, cloth))?;
        println!("{}", path.display());
    }
    Ok(())
}
