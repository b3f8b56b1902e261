//! Mentor photos: processed into small square images with nothing but
//! pixels, never the original; bad images and photo paths that leave the
//! site are errors at the profile's `photo` key.

use crate::harness::{walkdir, Site};
use image::{GenericImageView, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use std::path::Path;

/// Text hidden in the original's metadata; it must never be published.
const GPS_CANARY: &str = "GPS 51.5007N 0.1246W canary";

/// A JPEG, `w` × `h` as stored, red on the left half and blue on the right,
/// with EXIF (orientation, GPS, a camera serial), XMP, IPTC, an ICC
/// profile and a comment in front of the pixels.
fn phone_jpeg(w: u32, h: u32, orientation: u16) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, _| {
        if x < w / 2 {
            Rgb([220, 20, 20])
        } else {
            Rgb([20, 20, 220])
        }
    });
    let mut plain = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut plain), ImageFormat::Jpeg)
        .expect("encode");
    // A little-endian TIFF block: IFD0 holds the orientation and a pointer
    // to the GPS IFD, whose one entry is an ASCII value with the canary.
    let mut tiff: Vec<u8> = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    let gps_ifd = 8 + 2 + 2 * 12 + 4;
    let text_at = gps_ifd + 2 + 12 + 4;
    tiff.extend(2u16.to_le_bytes());
    tiff.extend(0x0112u16.to_le_bytes());
    tiff.extend(3u16.to_le_bytes());
    tiff.extend(1u32.to_le_bytes());
    tiff.extend(u32::from(orientation).to_le_bytes());
    tiff.extend(0x8825u16.to_le_bytes());
    tiff.extend(4u16.to_le_bytes());
    tiff.extend(1u32.to_le_bytes());
    tiff.extend((gps_ifd as u32).to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    let text = format!("{GPS_CANARY}\0");
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(0x001Bu16.to_le_bytes()); // GPSProcessingMethod
    tiff.extend(2u16.to_le_bytes());
    tiff.extend((text.len() as u32).to_le_bytes());
    tiff.extend((text_at as u32).to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(text.as_bytes());
    let segment = |marker: u8, body: &[u8]| {
        let mut s = vec![0xFF, marker];
        s.extend(((body.len() + 2) as u16).to_be_bytes());
        s.extend(body);
        s
    };
    let mut out = plain[..2].to_vec();
    out.extend(segment(0xE1, &[b"Exif\0\0".as_slice(), &tiff].concat()));
    out.extend(segment(
        0xE1,
        format!("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>{GPS_CANARY}</x:xmpmeta>").as_bytes(),
    ));
    out.extend(segment(0xE2, b"ICC_PROFILE\0\x01\x01fake profile"));
    out.extend(segment(
        0xED,
        format!("Photoshop 3.0\08BIM{GPS_CANARY}").as_bytes(),
    ));
    out.extend(segment(0xFE, GPS_CANARY.as_bytes()));
    out.extend(&plain[2..]);
    out
}

/// The metadata blocks found in an image file: EXIF, XMP, IPTC, ICC or
/// comments, by the container's own structure.
fn metadata_blocks(path: &Path) -> Vec<String> {
    let bytes = std::fs::read(path).expect("read image");
    let mut found = Vec::new();
    if bytes.starts_with(&[0xFF, 0xD8]) {
        let mut i = 2;
        while i + 4 <= bytes.len() && bytes[i] == 0xFF {
            let marker = bytes[i + 1];
            if marker == 0xDA {
                break;
            }
            let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
            match marker {
                0xE1 => found.push("APP1 (EXIF/XMP)".to_string()),
                0xE2 => found.push("APP2 (ICC)".to_string()),
                0xED => found.push("APP13 (IPTC)".to_string()),
                0xFE => found.push("COM".to_string()),
                0xE3..=0xEF => found.push(format!("APP{}", marker - 0xE0)),
                _ => {}
            }
            i += 2 + len;
        }
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        let mut i = 8;
        while i + 8 <= bytes.len() {
            let len = u32::from_be_bytes(bytes[i..i + 4].try_into().expect("4")) as usize;
            let kind = String::from_utf8_lossy(&bytes[i + 4..i + 8]).to_string();
            if [
                "eXIf", "iCCP", "tEXt", "zTXt", "iTXt", "tIME", "sRGB", "gAMA",
            ]
            .contains(&kind.as_str())
            {
                found.push(kind);
            }
            i += 12 + len;
        }
    } else if bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        let mut i = 12;
        while i + 8 <= bytes.len() {
            let kind = String::from_utf8_lossy(&bytes[i..i + 4]).to_string();
            let len = u32::from_le_bytes(bytes[i + 4..i + 8].try_into().expect("4")) as usize;
            if ["EXIF", "XMP ", "ICCP"].contains(&kind.as_str()) {
                found.push(kind);
            }
            i += 8 + len + (len & 1);
        }
    } else {
        found.push("unknown container".to_string());
    }
    found
}

/// Every image in the output holds pixels only.
#[track_caller]
fn every_output_image_is_clean(site: &Site) -> usize {
    let mut images = 0;
    for file in walkdir(&site.public()) {
        let ext = file
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if ["jpg", "jpeg", "png", "webp"].contains(&ext.as_str()) {
            images += 1;
            let blocks = metadata_blocks(&file);
            assert!(blocks.is_empty(), "{}: {blocks:?}", file.display());
        }
        let bytes = std::fs::read(&file).expect("read");
        assert!(
            !String::from_utf8_lossy(&bytes).contains(GPS_CANARY),
            "{} holds the original's metadata",
            file.display()
        );
    }
    images
}

fn photo_files(site: &Site) -> Vec<std::path::PathBuf> {
    let mut files = walkdir(&site.public().join("photos"));
    files.sort();
    files
}

fn with_photo(site: &Site, photo_line: &str) {
    site.write(
        "content/mentors/ada-lovelace.md",
        format!(
            "+++\nname = \"Ada Lovelace\"\n{photo_line}\ntracks = [\"engineering\"]\n+++\nBio.\n"
        ),
    );
}

#[test]
fn a_phone_photo_comes_out_upright_square_and_without_metadata() {
    let site = Site::minimal();
    // Stored 80 × 40 with orientation 6: shown 40 wide, 80 tall, red on
    // top. The centre square is red above blue; unturned it would be red
    // beside blue.
    let original = phone_jpeg(80, 40, 6);
    site.write("content/mentors/ada.jpg", &original);
    with_photo(&site, "photo = \"ada.jpg\"");
    site.build().success();

    let files = photo_files(&site);
    assert_eq!(files.len(), 6, "{files:?}");
    for file in &files {
        let name = file
            .file_name()
            .expect("name")
            .to_string_lossy()
            .to_string();
        let img = image::open(file).expect("decode output");
        let size: u32 = name["ada-lovelace-".len()..]
            .split('.')
            .next()
            .expect("size")
            .parse()
            .expect("number");
        assert!([64, 128, 256].contains(&size), "{name}");
        assert_eq!(
            img.dimensions(),
            (size, size),
            "{name} is square at its size"
        );
        let top = img.get_pixel(size / 2, size / 8).0;
        let bottom = img.get_pixel(size / 2, size - size / 8).0;
        assert!(top[0] > 150 && top[2] < 100, "{name}: top is red, {top:?}");
        assert!(
            bottom[2] > 150 && bottom[0] < 100,
            "{name}: bottom is blue, {bottom:?}"
        );
    }
    assert!(files
        .iter()
        .any(|f| f.extension().is_some_and(|e| e == "webp")));
    assert!(files
        .iter()
        .any(|f| f.extension().is_some_and(|e| e == "jpg")));
    // The original is nowhere in the output, under any name.
    assert!(!site.exists("mentors/ada.jpg"));
    for file in walkdir(&site.public()) {
        assert_ne!(
            std::fs::read(&file).expect("read"),
            original,
            "{}",
            file.display()
        );
    }
    assert_eq!(every_output_image_is_clean(&site), 6);

    // The card: WebP source, fallback srcset, sizes and dimensions.
    let page = site.html("mentors/index.html");
    let sources = page.attrs("picture source", "srcset");
    assert_eq!(sources.len(), 1, "{sources:?}");
    assert!(sources[0].contains("ada-lovelace-64.") && sources[0].contains(".webp 64w"));
    assert!(sources[0].contains("ada-lovelace-128.") && sources[0].contains(".webp 128w"));
    assert_eq!(page.attrs("picture img", "width"), ["64"]);
    assert_eq!(page.attrs("picture img", "height"), ["64"]);
    assert_eq!(page.attrs("picture img", "sizes"), ["64px"]);
    assert!(page.attrs("picture img", "src")[0].ends_with(".jpg"));
    // Grace has no photo: her initials stay.
    assert_eq!(page.texts(".avatar-initials"), ["G"]);
    // The profile page: the large size, 128 and 256.
    let profile = site.html("mentors/ada-lovelace/index.html");
    assert_eq!(profile.attrs("picture img", "width"), ["128"]);
    let srcset = &profile.attrs("picture img", "srcset")[0];
    assert!(
        srcset.contains("-128.") && srcset.contains("-256.") && srcset.contains(" 256w"),
        "{srcset}"
    );
    // Every photo URL on the pages points at a published file.
    for url in sources[0].split(", ").chain(srcset.split(", ")) {
        let path = url.split(' ').next().expect("url").trim_start_matches('/');
        assert!(site.exists(path), "{path} is published");
    }
}

#[test]
fn a_focus_point_moves_the_crop() {
    let site = Site::minimal();
    // Not turned: 120 × 40, red left, blue right. Focus at the far left
    // keeps a red square; the centre would be half and half.
    site.write("content/mentors/ada.jpg", phone_jpeg(120, 40, 1));
    with_photo(&site, "photo = \"ada.jpg\"\nphoto_focus = [0.0, 0.5]");
    site.build().success();
    for file in photo_files(&site) {
        let img = image::open(&file).expect("decode");
        let (w, h) = img.dimensions();
        let right = img.get_pixel(w - 1, h / 2).0;
        assert!(
            right[0] > 150 && right[2] < 100,
            "{}: {right:?}",
            file.display()
        );
    }
    with_photo(&site, "photo = \"ada.jpg\"\nphoto_focus = [1.5, 0.5]");
    site.build()
        .failure()
        .has_error("content/mentors/ada-lovelace.md:4:1: error: `photo_focus` must be two fractions from 0 to 1");
}

#[test]
fn a_transparent_png_keeps_its_transparency() {
    let site = Site::minimal();
    let img = RgbaImage::from_fn(50, 50, |x, y| {
        if (x as i32 - 25).pow(2) + (y as i32 - 25).pow(2) < 400 {
            Rgba([0, 150, 0, 255])
        } else {
            Rgba([0, 0, 0, 0])
        }
    });
    img.save(site.root().join("static/ada.png").as_path())
        .or_else(|_| {
            std::fs::create_dir_all(site.root().join("static")).expect("mkdir");
            img.save(site.root().join("static/ada.png"))
        })
        .expect("save png");
    with_photo(&site, "photo = \"/ada.png\"");
    site.build().success();
    assert!(
        !site.exists("ada.png"),
        "the original is not copied from static/"
    );
    let files = photo_files(&site);
    assert_eq!(files.len(), 6, "{files:?}");
    for file in &files {
        let ext = file.extension().expect("ext").to_string_lossy().to_string();
        assert!(ext == "png" || ext == "webp", "{}", file.display());
        let img = image::open(file).expect("decode").to_rgba8();
        assert_eq!(
            img.get_pixel(0, 0).0[3],
            0,
            "{}: corner transparent",
            file.display()
        );
        let c = img.width() / 2;
        assert_eq!(
            img.get_pixel(c, c).0[3],
            255,
            "{}: centre opaque",
            file.display()
        );
    }
    every_output_image_is_clean(&site);
}

#[test]
fn bad_images_are_errors_at_the_photo_key() {
    let mut bomb = Vec::new();
    image::GrayImage::new(10_000, 10_000)
        .write_to(&mut std::io::Cursor::new(&mut bomb), ImageFormat::Png)
        .expect("encode 10,000 × 10,000");
    let jpeg = phone_jpeg(80, 40, 1);
    let truncated = jpeg[..jpeg.len() / 2].to_vec();
    let cases: [(&str, Vec<u8>, &str); 6] = [
        (
            "notes.jpg",
            b"name,email\nAda,ada@example.org\n".to_vec(),
            "is not an image",
        ),
        ("cut.jpg", truncated, "is a truncated or damaged JPG file"),
        (
            "anim.gif",
            b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec(),
            "is a GIF image, a format mentorsite does not read",
        ),
        (
            "huge.png",
            bomb,
            "is 10000 × 10000 pixels, more than the limit of 50 megapixels",
        ),
        (
            "face.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"1\" height=\"1\"/></svg>"
                .to_vec(),
            "is an SVG drawing, which cannot be a photo",
        ),
        (
            "face.jpg",
            b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec(),
            "is an SVG drawing",
        ),
    ];
    for (name, bytes, message) in cases {
        let site = Site::minimal();
        site.write(&format!("content/mentors/{name}"), &bytes);
        with_photo(&site, &format!("photo = \"{name}\""));
        let expected = format!(
            "content/mentors/ada-lovelace.md:3:1: error: photo `content/mentors/{name}`: {message}"
        );
        site.build().failure().has_error(&expected);
        assert!(!site.public().exists(), "{name}: nothing is published");
        site.run(&["check"]).failure().has_error(&expected);
    }
}

#[test]
fn a_photo_path_never_leaves_the_site() {
    let site = Site::minimal();
    site.write(".mentorsite-secret", "a-secret-of-sixteen-chars-or-more");
    site.write("data/notes.jpg", "private");
    site.write("static/img/.hidden.jpg", "x");
    for (value, message) in [
        (
            "../../../../etc/passwd",
            "climbs out of its folder with `..`",
        ),
        ("../../site.toml", "climbs out of its folder with `..`"),
        (
            "img/../../../data/notes.jpg",
            "climbs out of its folder with `..`",
        ),
        ("/etc/passwd", "photo `/etc/passwd` not found"),
        ("../../.mentorsite-secret", "climbs out"),
        ("/img/.hidden.jpg", "is in a hidden file or folder"),
        ("C:\\\\Windows\\\\win.ini", "is not a plain relative path"),
    ] {
        with_photo(&site, &format!("photo = \"{value}\""));
        site.build()
            .failure()
            .has_error(&format!(
                "content/mentors/ada-lovelace.md:3:1: error: photo `{}`",
                value.replace("\\\\", "\\")
            ))
            .has_error(message);
    }
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().expect("temp");
        std::fs::write(outside.path().join("me.jpg"), phone_jpeg(8, 8, 1)).expect("write");
        std::fs::create_dir_all(site.root().join("static")).expect("mkdir");
        for (link, target) in [
            ("static/away.jpg", outside.path().join("me.jpg")),
            ("static/key.jpg", site.root().join(".mentorsite-secret")),
            ("static/data.jpg", site.root().join("data/notes.jpg")),
        ] {
            std::os::unix::fs::symlink(&target, site.root().join(link)).expect("symlink");
            let name = &link["static/".len()..];
            with_photo(&site, &format!("photo = \"{name}\""));
            site.build().failure().has_error(&format!(
                "content/mentors/ada-lovelace.md:3:1: error: photo `{name}`: this link leads to"
            ));
            std::fs::remove_file(site.root().join(link)).expect("unlink");
        }
    }
}

#[test]
fn a_rebuild_with_unchanged_photos_rewrites_nothing_in_the_cache() {
    let site = Site::minimal();
    site.write("content/mentors/ada.jpg", phone_jpeg(80, 40, 6));
    with_photo(&site, "photo = \"ada.jpg\"");
    site.run(&["check"]).success();
    assert!(
        !site.root().join(".mentorsite-cache").exists(),
        "check writes nothing"
    );
    site.build().success();
    let cache = site.root().join(".mentorsite-cache/photos");
    let stamps = |dir: &Path| -> Vec<(std::path::PathBuf, std::time::SystemTime)> {
        let mut all: Vec<_> = walkdir(dir)
            .into_iter()
            .map(|f| {
                let modified = std::fs::metadata(&f)
                    .and_then(|m| m.modified())
                    .expect("mtime");
                (f, modified)
            })
            .collect();
        all.sort();
        all
    };
    let before = stamps(&cache);
    assert_eq!(before.len(), 6, "{before:?}");
    let published: Vec<Vec<u8>> = photo_files(&site)
        .iter()
        .map(|f| std::fs::read(f).expect("read"))
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.build().success();
    assert_eq!(stamps(&cache), before, "the cache is read, not written");
    let again: Vec<Vec<u8>> = photo_files(&site)
        .iter()
        .map(|f| std::fs::read(f).expect("read"))
        .collect();
    assert_eq!(again, published);
    // Another focus is another entry; the first stays.
    with_photo(&site, "photo = \"ada.jpg\"\nphoto_focus = [0.5, 0.2]");
    site.build().success();
    assert_eq!(stamps(&cache).len(), 12);
}

#[test]
fn the_example_program_shows_generated_photos_without_metadata() {
    let site = Site::example();
    site.build().success();
    let photos = photo_files(&site);
    assert!(photos.len() >= 12, "{photos:?}");
    assert!(every_output_image_is_clean(&site) >= photos.len());
    assert!(!site.exists("mentors/aisha-mwangi.jpg"));
    assert!(site.read("mentors/index.html").contains("avatar-initials"));
}
