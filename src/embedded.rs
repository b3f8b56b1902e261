//! The example program, embedded in the binary.
//!
//! The repository's own `site.toml`, `content/`, `data/` and
//! `themes/default/` are a complete program: `init` writes them out, and the
//! default theme is used from here when a site has no `themes/default/`.

use include_dir::{include_dir, Dir, DirEntry};
use std::path::Path;

pub static THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");
pub static CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");
pub static DATA: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/data");
pub static SITE_TOML: &str = include_str!("../site.toml");

/// Calls `f` with the path (relative to `dir`) and bytes of every file.
pub fn for_each_file(dir: &'static Dir<'static>, f: &mut dyn FnMut(&'static Path, &'static [u8])) {
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(d) => for_each_file(d, f),
            DirEntry::File(file) => f(file.path(), file.contents()),
        }
    }
}
