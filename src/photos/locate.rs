//! Finding the file a profile's `photo` names, without ever leaving the
//! site: the value is a path beside the profile or under `static/` (a
//! leading `/` means `static/`). A `..` step, a drive or a dot folder is
//! refused as written, and the file found must pass the same check as
//! every published file (`walk::check_inside`): a symlink that leads out
//! of the site, to `data/`, `site.toml` or the secret is refused too.

use crate::walk;
use std::path::{Component, Path, PathBuf};

/// Why a `photo` value names no usable file: a message and a hint.
pub struct Refused {
    pub message: String,
    pub hint: &'static str,
}

/// The file `value` names for the profile at `profile`, in site `root`.
pub fn locate(profile: &Path, root: &Path, value: &str) -> Result<PathBuf, Refused> {
    let refuse = |message: String, hint| Err(Refused { message, hint });
    let stay_inside =
        "name an image beside the profile (`ada.jpg`) or under static/ (`/avatars/ada.jpg`)";
    if value.trim().is_empty() {
        return refuse("`photo` is empty".into(), stay_inside);
    }
    let relative = value.trim_start_matches('/');
    let written = Path::new(relative);
    for component in written.components() {
        match component {
            Component::Normal(name) if name.to_string_lossy().starts_with('.') => {
                return refuse(
                    format!("photo `{value}` is in a hidden file or folder"),
                    stay_inside,
                )
            }
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => {
                return refuse(
                    format!("photo `{value}` climbs out of its folder with `..`"),
                    stay_inside,
                )
            }
            Component::RootDir | Component::Prefix(_) => {
                return refuse(format!("photo `{value}` is an absolute path"), stay_inside)
            }
        }
    }
    if relative.contains('\\') || relative.contains(':') {
        return refuse(
            format!("photo `{value}` is not a plain relative path"),
            "use `/` between folders, no drive letter",
        );
    }
    let beside = profile.parent().unwrap_or(root).join(written);
    let under_static = root.join("static").join(written);
    let found = [beside, under_static]
        .into_iter()
        .find(|p| p.symlink_metadata().is_ok());
    let Some(found) = found else {
        return refuse(
            format!("photo `{value}` not found"),
            "put the image beside the profile or under static/",
        );
    };
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if let Err(d) = walk::check_inside(&found, &canonical_root) {
        return refuse(
            format!("photo `{value}`: {}", d.message),
            "copy the image into the site instead of linking to it",
        );
    }
    if !found.is_file() {
        return refuse(format!("photo `{value}` is not a file"), stay_inside);
    }
    Ok(found)
}
