//! Helpers shared by the xtask tests: the real project, temporary copies of it, and anchors.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use xtask::generate::{self, Output};

pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

pub fn real_catalogue_text() -> String {
    std::fs::read_to_string(project_root().join("catalogue/auth-errors.toml")).unwrap()
}

/// A frozen copy of the catalogue, for tests that edit a catalogue: the real one may change
/// wording at any time, so no test edits it by string.
pub fn fixture_text() -> String {
    std::fs::read_to_string(project_root().join("xtask/tests/fixtures/catalogue.toml")).unwrap()
}

/// The (code, line) of every problem `check` finds in catalogue text.
pub fn problems(text: &str) -> Vec<(String, usize)> {
    let source = catalogue::SourceFile::new("catalogue/auth-errors.toml", text);
    let (_, problems) = catalogue::load_document(&source);
    problems.iter().map(|d| (d.code().to_string(), d.position.line)).collect()
}

/// The line of the one occurrence of `needle` in `text`.
pub fn line_of(text: &str, needle: &str) -> usize {
    assert_eq!(text.matches(needle).count(), 1, "`{needle}` must occur once");
    text[..text.find(needle).unwrap()].matches('\n').count() + 1
}

/// Generates every output from catalogue text that `check` refuses, as if it had passed: the
/// outputs' own escaping is the second line of defence, and this proves it holds alone.
pub fn generate_unchecked(text: &str) -> BTreeMap<String, Vec<u8>> {
    let source = catalogue::SourceFile::new("catalogue/auth-errors.toml", text);
    let (document, problems) = catalogue::load_document(&source);
    assert!(document.is_some(), "the text decodes: {problems}");
    let catalogue = catalogue::Catalogue::from_document(source, document, catalogue::Problems::default()).unwrap();
    let templates = xtask::artefacts::templates(&project_root().join("templates")).unwrap_or_else(|e| panic!("{e}"));
    let outputs: Vec<Output> = generate::generate(&catalogue, &templates).unwrap_or_else(|e| panic!("{e}"));
    outputs.into_iter().map(|o| (o.path.to_string_lossy().replace('\\', "/"), o.bytes)).collect()
}

/// Generates every output in memory from catalogue text and the project's templates.
pub fn generate_from(text: &str) -> BTreeMap<String, Vec<u8>> {
    let catalogue = catalogue::load_source(catalogue::SourceFile::new("catalogue/auth-errors.toml", text))
        .unwrap_or_else(|p| panic!("{p}"));
    let templates = xtask::artefacts::templates(&project_root().join("templates")).unwrap_or_else(|e| panic!("{e}"));
    let outputs: Vec<Output> = generate::generate(&catalogue, &templates).unwrap_or_else(|e| panic!("{e}"));
    outputs.into_iter().map(|o| (o.path.to_string_lossy().replace('\\', "/"), o.bytes)).collect()
}

pub fn text(outputs: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(outputs.get(path).unwrap_or_else(|| panic!("no output {path}")).clone()).unwrap()
}

/// Every value of `attr="…"` in an HTML or Markdown text.
pub fn attr_values(text: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    text.match_indices(&needle)
        .map(|(at, _)| {
            let rest = &text[at + needle.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

/// The step a source's copy is tested with: the fixture's 40100 reason's first, as it stands.
pub const QUOTED_STEP: &str = "許可されている端末を使用します。";

/// The fixture with a source `kb` whose copy, written into `scratch`, holds `copy`, and the
/// step [`QUOTED_STEP`] marked as coming from it.
pub fn with_copy_of_source(scratch: &Scratch, copy: &str) -> String {
    std::fs::create_dir_all(scratch.path("catalogue/sources")).unwrap();
    scratch.write("catalogue/sources/kb.txt", copy);
    let step = format!("source = \"s-ja\"\nja = \"{QUOTED_STEP}\"");
    let fixture = fixture_text();
    assert_eq!(fixture.matches(&step).count(), 1, "the fixture has the step once");
    fixture.replacen(&step, &format!("source = \"kb\"\nja = \"{QUOTED_STEP}\""), 1).replacen(
        "[sources.s-ja]\n",
        "[sources.kb]\ntitle = { ja = \"資料\", en = \"A document\", en_from = \"69a43512\" }\nlang = \"ja\"\ncopy = \"sources/kb.txt\"\n\n[sources.s-ja]\n",
        1,
    )
}

/// A scratch copy of the project's inputs and generated outputs in a fresh directory.
pub struct Scratch {
    pub root: PathBuf,
}

impl Scratch {
    /// A scratch project whose catalogue is the frozen fixture (tests edit it by string, and
    /// the real catalogue's wording may change at any time), with every output generated.
    pub fn new(name: &str) -> Self {
        let root = std::env::temp_dir().join(format!("xtask-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let source = project_root();
        // The inputs only: every output is generated here from the fixture, none copied.
        for dir in ["catalogue", "templates"] {
            copy_dir(&source.join(dir), &root.join(dir));
        }
        let scratch = Scratch { root };
        scratch.write("catalogue/auth-errors.toml", &fixture_text());
        let outputs: Vec<Output> = {
            let catalogue =
                catalogue::load(&scratch.path("catalogue/auth-errors.toml")).unwrap_or_else(|p| panic!("{p}"));
            let templates = xtask::artefacts::templates(&scratch.path("templates")).unwrap_or_else(|e| panic!("{e}"));
            generate::generate(&catalogue, &templates).unwrap_or_else(|e| panic!("{e}"))
        };
        for output in &outputs {
            if let Some(dir) = scratch.path(&output.path.to_string_lossy()).parent() {
                std::fs::create_dir_all(dir).unwrap();
            }
        }
        xtask::files::write_changed(&scratch.root, &outputs).unwrap();
        scratch
    }

    /// A scratch project of the real catalogue, its sources' copies and the templates, nothing
    /// generated: for measuring, never for edits by string.
    pub fn of_real_catalogue(name: &str) -> Self {
        let root = std::env::temp_dir().join(format!("xtask-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for dir in ["catalogue", "templates"] {
            copy_dir(&project_root().join(dir), &root.join(dir));
        }
        Scratch { root }
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).unwrap()
    }

    pub fn write(&self, relative: &str, text: &str) {
        std::fs::write(self.path(relative), text).unwrap();
    }

    /// Every file under the scratch root with its bytes, to prove nothing changed.
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut files = BTreeMap::new();
        walk(&self.root, &mut files);
        files
    }

    /// Runs git in the scratch project, with an identity of its own; panics when git fails.
    pub fn git(&self, args: &[&str]) {
        let output = std::process::Command::new("git")
            .args(["-c", "user.name=test", "-c", "user.email=test@example.org", "-c", "init.defaultBranch=main"])
            .args(args)
            .current_dir(&self.root)
            .output()
            .unwrap();
        assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    }

    /// Makes the scratch project a git repository with its catalogue committed.
    pub fn commit_catalogue(&self, message: &str) {
        if !self.path(".git").exists() {
            self.git(&["init", "-q"]);
        }
        self.git(&["add", "catalogue"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// Runs the xtask binary on this scratch project; returns (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(args)
            .arg("--root")
            .arg(&self.root)
            .current_dir(&self.root)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.insert(path.clone(), std::fs::read(&path).unwrap());
        }
    }
}
