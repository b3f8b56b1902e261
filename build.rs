//! Rebuilds the binary when the embedded example program changes.
fn main() {
    for path in ["site.toml", "content", "data", "themes/default"] {
        println!("cargo:rerun-if-changed={path}");
    }
}
