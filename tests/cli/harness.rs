//! The test harness: a site folder in a temp dir, the real `mentorsite`
//! binary run on it as a process, and helpers to read what it wrote.

#![allow(dead_code)]

use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Site {
    pub dir: tempfile::TempDir,
}

/// A small, valid site: two sections, three guides, three mentors.
pub const SITE_TOML: &str = r#"title = "Test Program"
base_url = "https://test.example.org"
description = "A test site."

[tracks]
engineering = "Engineering"
leadership = "Leadership"
"#;

impl Site {
    /// An empty folder.
    pub fn empty() -> Site {
        Site {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A minimal valid site that uses the embedded default theme.
    pub fn minimal() -> Site {
        let site = Site::empty();
        site.write("site.toml", SITE_TOML)
            .write("content/_index.md", "+++\ntitle = \"Welcome\"\n+++\nHello, see [goals](@/handbook/basics/goals.md).\n")
            .write("content/handbook/_index.md", "+++\ntitle = \"Handbook\"\nweight = 1\n+++\nAll guides.\n")
            .write("content/handbook/basics/_index.md", "+++\ntitle = \"Basics\"\nweight = 1\n+++\n")
            .write(
                "content/handbook/basics/goals.md",
                "+++\ntitle = \"Setting goals\"\nweight = 2\nupdated = 2026-03-01\naliases = [\"/old/goals/\"]\n+++\n## Why goals\nText.\n### SMART\nMore.\n## How\nEnd, back to [intro](@/handbook/basics/intro.md#start).\n",
            )
            .write("content/handbook/basics/intro.md", "+++\ntitle = \"Introduction\"\nweight = 1\n+++\n## Start\nBegin here.\n")
            .write("content/handbook/basics/secret.md", "+++\ntitle = \"Draft guide\"\ndraft = true\n+++\nNot yet.\n")
            .write("content/handbook/meetings/_index.md", "+++\ntitle = \"Meetings\"\nweight = 2\n+++\n")
            .write("content/handbook/meetings/first.md", "+++\ntitle = \"First meeting\"\n+++\nAgenda.\n")
            .write(
                "content/mentors/ada-lovelace.md",
                "+++\nname = \"Ada Lovelace\"\nheadline = \"Engineer\"\nskills = [\"Python\", \"Data engineering\"]\nindustries = [\"Fintech\"]\ntracks = [\"engineering\"]\nlanguages = [\"English\", \"French\"]\nlocation = \"London, UK\"\nremote = true\ncapacity = 2\n+++\nAda's **bio**.\n",
            )
            .write(
                "content/mentors/grace-hopper.md",
                "+++\nname = \"Grace Hopper\"\nheadline = \"Admiral\"\nskills = [\"python\", \"Compilers\"]\ntracks = [\"engineering\", \"leadership\"]\nlanguages = [\"English\"]\nremote = false\ncapacity = 1\n+++\nGrace's bio.\n",
            )
            .write(
                "content/mentors/alan-turing.md",
                "+++\nname = \"Alan Turing\"\nskills = [\"Cryptography\"]\ntracks = [\"leadership\"]\nlanguages = [\"English\"]\ndraft = true\n+++\nDraft.\n",
            );
        site
    }

    /// The example program, written by `mentorsite init`.
    pub fn example() -> Site {
        let site = Site::empty();
        let root = site.root().join("program");
        let out = Command::new(bin())
            .arg("init")
            .arg(&root)
            .output()
            .expect("run init");
        assert!(
            out.status.success(),
            "init failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        site
    }

    pub fn root(&self) -> PathBuf {
        let program = self.dir.path().join("program");
        if program.is_dir() {
            program
        } else {
            self.dir.path().to_path_buf()
        }
    }

    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Site {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, contents).expect("write");
        self
    }

    pub fn remove(&self, rel: &str) -> &Site {
        std::fs::remove_file(self.root().join(rel)).expect("remove");
        self
    }

    /// Runs `mentorsite ARGS --root ROOT`.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(bin())
            .args(args)
            .arg("--root")
            .arg(self.root())
            .env_remove("MENTORSITE_SECRET")
            .output()
            .expect("run mentorsite");
        Run { output }
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.public().join(rel).exists()
    }

    pub fn read(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    pub fn html(&self, rel: &str) -> Page {
        Page(Html::parse_document(&self.read(rel)))
    }

    /// Every file under the output folder, relative, sorted.
    pub fn output_files(&self) -> Vec<String> {
        let mut files: Vec<String> = walkdir(&self.public())
            .into_iter()
            .map(|p| {
                p.strip_prefix(self.public())
                    .expect("prefix")
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        files.sort();
        files
    }
}

pub fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walkdir(&p));
        } else {
            out.push(p);
        }
    }
    out
}

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_mentorsite")
}

pub struct Run {
    pub output: Output,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    #[track_caller]
    pub fn success(&self) -> &Run {
        assert!(
            self.output.status.success(),
            "expected success, got {:?}\nstdout:\n{}\nstderr:\n{}",
            self.output.status,
            self.stdout(),
            self.stderr()
        );
        self
    }

    #[track_caller]
    pub fn failure(&self) -> &Run {
        assert_eq!(
            self.output.status.code(),
            Some(1),
            "expected exit 1\nstdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }

    /// Asserts the error output has this line (a `path:line:col: …` head).
    #[track_caller]
    pub fn has_error(&self, needle: &str) -> &Run {
        let err = self.stderr();
        assert!(err.contains(needle), "missing {needle:?} in stderr:\n{err}");
        self
    }
}

pub struct Page(pub Html);

impl Page {
    pub fn select(&self, css: &str) -> Vec<scraper::ElementRef<'_>> {
        let selector = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"));
        self.0.select(&selector).collect()
    }

    /// The text of every element matching `css`, trimmed and whitespace-folded.
    pub fn texts(&self, css: &str) -> Vec<String> {
        self.select(css)
            .into_iter()
            .map(|e| {
                e.text()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    pub fn text(&self, css: &str) -> String {
        self.texts(css)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("nothing matches {css}"))
    }

    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        self.select(css)
            .into_iter()
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    }

    pub fn title(&self) -> String {
        self.text("title")
    }
}
