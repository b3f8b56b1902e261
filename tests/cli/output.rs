//! The write stage as users meet it: atomic replacement, nothing lost,
//! `check` writes nothing, `init` refuses to overwrite.

use crate::harness::Site;

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = Site::minimal();
    site.build().success();
    let before = site.read("handbook/basics/goals/index.html");
    let files_before = site.output_files();
    site.write("content/handbook/basics/goals.md", "+++\ntitle = \n+++\n");
    site.build().failure();
    assert_eq!(site.read("handbook/basics/goals/index.html"), before);
    assert_eq!(site.output_files(), files_before);
    assert_no_staging_folders(&site);
}

#[test]
fn a_rebuild_removes_pages_that_no_longer_exist() {
    let site = Site::minimal();
    site.build().success();
    assert!(site.exists("handbook/meetings/first/index.html"));
    site.remove("content/handbook/meetings/first.md");
    site.build().success();
    assert!(!site.exists("handbook/meetings/first/index.html"));
}

#[cfg(unix)]
#[test]
fn a_rebuild_writes_only_the_files_that_changed() {
    use std::os::unix::fs::MetadataExt as _;
    let site = Site::minimal();
    let inode = |rel: &str| std::fs::metadata(site.public().join(rel)).unwrap().ino();
    site.build().success();
    let profile = "mentors/ada-lovelace/index.html";
    let guide = "handbook/meetings/first/index.html";
    let (profile_before, guide_before) = (inode(profile), inode(guide));
    // A file edited by hand in the output is not trusted: it is written again.
    std::fs::write(site.public().join("robots.txt"), "edited by hand").unwrap();
    site.write(
        "content/handbook/meetings/first.md",
        "+++\ntitle = \"First meeting\"\n+++\nA new agenda.\n",
    );
    let run = site.build();
    run.success();
    assert_eq!(
        inode(profile),
        profile_before,
        "an unchanged page is carried over"
    );
    assert_ne!(inode(guide), guide_before, "a changed page is written");
    assert!(site.read(guide).contains("A new agenda."));
    assert!(!site.read("robots.txt").contains("edited by hand"));
    let out = run.stdout();
    let changed: usize = out
        .split(" changed")
        .next()
        .and_then(|s| s.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no changed count in {out}"));
    // The guide, the section and print pages that show it, the search index,
    // the sitemap and feed may change; never the whole site.
    let total = site.output_files().len();
    assert!(
        changed >= 2 && changed * 3 < total,
        "{changed} of {total} written: {out}"
    );
    // Nothing changed: nothing written.
    let run = site.build();
    run.success();
    assert!(run.stdout().contains(", 0 changed,"), "{}", run.stdout());
    assert_no_staging_folders(&site);
}

#[test]
fn build_refuses_to_replace_a_folder_it_did_not_write() {
    let site = Site::minimal();
    site.write("elsewhere/thesis.txt", "precious");
    let out = site.root().join("elsewhere");
    let run = site.run(&["build", "--output", out.to_str().unwrap()]);
    run.failure().has_error("not written by mentorsite");
    assert_eq!(
        std::fs::read_to_string(out.join("thesis.txt")).unwrap(),
        "precious"
    );
    let run = site.run(&["build", "--output", site.root().to_str().unwrap()]);
    run.failure().has_error("contains the site itself");
}

#[test]
fn build_refuses_to_replace_a_file() {
    let site = Site::minimal();
    site.write("notes.txt", "precious");
    let out = site.root().join("notes.txt");
    let run = site.run(&["build", "--output", out.to_str().unwrap()]);
    run.failure().has_error("it is a file, not a folder");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "precious");
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn build_prints_a_summary_line() {
    let site = Site::minimal();
    let run = site.build();
    run.success();
    let out = run.stdout();
    assert!(out.starts_with("Built "), "{out}");
    assert!(out.contains("2 mentors"), "{out}");
    assert!(out.contains(" ms"), "{out}");
}

#[test]
fn check_writes_nothing_and_passes_on_a_good_site() {
    let site = Site::minimal();
    site.run(&["check"]).success();
    assert!(!site.public().exists());
}

#[test]
fn init_writes_a_site_that_builds_and_refuses_to_overwrite() {
    let site = Site::example();
    site.run(&["check"]).success();
    site.build().success();
    assert!(site.root().join(".gitignore").exists());
    let out = std::process::Command::new(crate::harness::bin())
        .arg("init")
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not empty"));
}

#[track_caller]
fn assert_no_staging_folders(site: &Site) {
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".public.staging")
        })
        .collect();
    assert!(leftovers.is_empty(), "staging folders left behind");
}

/// Every file of the output with its bytes, to compare whole trees.
fn snapshot(site: &Site) -> Vec<(String, Vec<u8>)> {
    site.output_files()
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(site.public().join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

#[test]
fn a_build_killed_halfway_leaves_the_previous_output_byte_for_byte() {
    let site = Site::example();
    site.build().success();
    let before = snapshot(&site);
    site.write(
        "content/handbook/extra.md",
        "+++\ntitle = \"Extra\"\n+++\nNew page.\n",
    );
    // A file-size limit of 20 KiB kills the process (SIGXFSZ) as soon as it
    // writes a larger page: the disk is "full" in the middle of the write stage.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -f 40; exec '{}' build --root '{}'",
            crate::harness::bin(),
            site.root().display()
        ))
        .status()
        .unwrap();
    assert!(!status.success(), "the limited build should have failed");
    assert!(snapshot(&site) == before, "the previous public/ changed");
    // The next build clears the dead build's staging folder and succeeds.
    site.build().success();
    assert!(site.exists("handbook/extra/index.html"));
    assert_no_staging_folders(&site);
}

#[test]
fn an_unwritable_output_location_fails_cleanly() {
    let site = Site::minimal();
    site.build().success();
    let before = snapshot(&site);
    // The output's parent is a file: nothing can be created there.
    site.write("blocker", "I am a file");
    let out = site.root().join("blocker/public");
    let run = site.run(&["build", "--output", out.to_str().unwrap()]);
    run.failure().has_error("error: cannot create folder");
    assert!(!run.stderr().contains("panicked"));
    assert!(snapshot(&site) == before);
}
