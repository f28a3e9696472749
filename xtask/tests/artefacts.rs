//! Outputs are data: an artefact that writes one file per code is a module and a template,
//! nothing else; files no longer generated are found, reported and removed; a dry run writes
//! nothing.

mod common;

use std::path::PathBuf;

use common::{Scratch, project_root};
use serde::Serialize;
use xtask::artefacts::{self, Artefact, Input};
use xtask::generate::{self, GenerateError, Output, Sink};

/// A new artefact, as a contributor would add it: one Markdown page per code and language.
struct CodePages;

#[derive(Serialize)]
struct CodePage<'a> {
    code: &'a str,
    reasons: Vec<String>,
}

impl Artefact for CodePages {
    fn name(&self) -> &'static str {
        "a page per code"
    }

    fn templates(&self) -> &'static [&'static str] {
        &["per-code.md.tera"]
    }

    fn render(&self, input: &Input<'_>, sink: &dyn Sink) -> Result<(), GenerateError> {
        for lang in input.catalogue.languages() {
            let labels = catalogue::present::Labels::new(input.catalogue, lang.as_str());
            for code in input.catalogue.codes() {
                let reasons = input
                    .catalogue
                    .reasons_with_code_in_any_model(code)
                    .into_iter()
                    .flat_map(|(_, reasons)| reasons)
                    .map(|r| catalogue::present::ReasonView::new(input.catalogue, r, &labels).title.text)
                    .collect();
                let text = input.templates.render("per-code.md.tera", &CodePage { code, reasons })?;
                sink.put(Output {
                    path: PathBuf::from(format!("docs/{lang}/per-code/{code}.md")),
                    bytes: text.into_bytes(),
                })?;
            }
        }
        Ok(())
    }
}

#[test]
fn a_page_per_code_is_one_module_and_one_template() {
    let scratch = Scratch::new("artefact");
    scratch.write("templates/per-code.md.tera", "# {{ code }}\n{% for r in reasons %}\n- {{ r }}{% endfor %}\n");
    let mut all: Vec<&dyn Artefact> = artefacts::ALL.to_vec();
    all.push(&CodePages);
    let templates = xtask::artefacts::templates_for(&scratch.path("templates"), &all).unwrap();
    let catalogue = catalogue::load(&scratch.path("catalogue/auth-errors.toml")).unwrap();
    let outputs = generate::generate_with(&all, &catalogue, &templates).unwrap();
    let pages: Vec<&Output> = outputs.iter().filter(|o| o.path.to_string_lossy().contains("/per-code/")).collect();
    assert_eq!(pages.len(), catalogue.codes().len() * catalogue.languages().len());
    let page = outputs.iter().find(|o| o.path.as_path() == std::path::Path::new("docs/en/per-code/110200.md")).unwrap();
    let text = String::from_utf8(page.bytes.clone()).unwrap();
    assert_eq!(text.matches("\n- ").count(), 4, "every reason with that code: {text}");
    // The Markdown autoescape applies to the new template too.
    assert!(text.contains("\\(110200\\)") || text.contains("(110200)"), "{text}");
    // And the manifest lists the new files, so that removing the artefact later removes them.
    let manifest = outputs
        .iter()
        .find(|o| {
            o.path.as_path() == artefacts::manifest::path(std::path::Path::new(catalogue::site::DEFAULT_ROOT)).as_path()
        })
        .unwrap();
    assert!(String::from_utf8_lossy(&manifest.bytes).contains("docs/ja/per-code/30100.md"));
    // Without its template, it is a template error naming the file.
    std::fs::remove_file(scratch.path("templates/per-code.md.tera")).unwrap();
    let Err(error) = xtask::artefacts::templates_for(&scratch.path("templates"), &all) else {
        panic!("the template is needed")
    };
    assert!(error.file.ends_with("per-code.md.tera"), "{error}");
}

#[test]
fn files_no_longer_generated_are_reported_then_removed_and_a_dry_run_writes_nothing() {
    let scratch = Scratch::new("orphans");
    // A hand-edited manifest that lists files outside the folders generation writes to.
    std::fs::create_dir_all(scratch.path("docs/fr")).unwrap();
    scratch.write("docs/fr/faq.md", "old");
    let manifest = scratch.read(&manifest_path());
    scratch.write(
        &manifest_path(),
        &format!("{manifest}docs/fr/faq.md\ntemplates/faq.md.tera\ndocs/ja/../../catalogue/auth-errors.toml\n"),
    );

    let (code, out, err) = scratch.run(&["check", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    // docs/fr is no folder generation writes to, so the listed file is not ours to judge (the
    // stale manifest's diff may show it, no diagnostic is about it).
    let about = |out: &str, path: &str| {
        out.lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .any(|d| d["file"] == path || d["message"].as_str().is_some_and(|m| m.contains(path)))
    };
    assert!(!about(&out, "docs/fr/faq.md"), "{out}");

    // A listed file in a folder generation writes to is reported, then removed.
    scratch.write("docs/en/old.md", "old");
    scratch.write(
        &manifest_path(),
        &format!("{manifest}docs/en/old.md\ndocs/fr/faq.md\ntemplates/faq.md.tera\ndocs/ja/../../catalogue/auth-errors.toml\n"),
    );
    let (code, out, _) = scratch.run(&["check", "--format", "json"]);
    assert_eq!(code, 1);
    assert!(
        out.lines().any(|l| l.contains("\"C024\"") && l.contains("docs/en/old.md is no longer generated")),
        "{out}"
    );

    let before = scratch.snapshot();
    let (code, out, err) = scratch.run(&["generate", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("would remove docs/en/old.md"), "{out}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(scratch.snapshot(), before, "a dry run changes nothing");

    let (code, out, _) = scratch.run(&["generate"]);
    assert_eq!(code, 0);
    assert!(out.contains("removed docs/en/old.md"), "{out}");
    assert!(!scratch.path("docs/en/old.md").exists());
    for kept in ["docs/fr/faq.md", "templates/faq.md.tera", "catalogue/auth-errors.toml"] {
        assert!(scratch.path(kept).exists(), "{kept}: never a file outside the folders it writes");
    }
    assert_eq!(scratch.run(&["check"]).0, 0);
}

#[test]
fn the_manifest_lists_every_output_of_the_project() {
    let listed = std::fs::read_to_string(project_root().join(manifest_path())).unwrap();
    let catalogue = catalogue::load(&project_root().join("catalogue/auth-errors.toml")).unwrap();
    let templates = xtask::artefacts::templates(&project_root().join("templates")).unwrap();
    let outputs = generate::generate(&catalogue, &templates).unwrap();
    let paths: Vec<String> = outputs.iter().map(|o| o.path.to_string_lossy().into_owned()).collect();
    let lines: Vec<&str> = listed.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(lines.len(), paths.len());
    for path in &paths {
        assert!(lines.contains(&path.as_str()), "{path}");
    }
}

#[test]
fn another_product_is_generated_under_its_own_root_and_leaves_the_first_alone() {
    let scratch = Scratch::new("second-product");
    let other = "crates/catalogue/tests/fixtures/other-product.toml";
    std::fs::create_dir_all(scratch.path("crates/catalogue/tests/fixtures")).unwrap();
    std::fs::copy(project_root().join(other), scratch.path(other)).unwrap();
    let before = scratch.snapshot();
    let (status, _, err) = scratch.run(&["generate", "--catalogue", other]);
    assert_eq!(status, 0, "{err}");
    let catalogue = catalogue::load(&scratch.path(other)).unwrap();
    let root = scratch.path(catalogue.declared_output().expect("the fixture declares its output"));
    // Its full site: every language's FAQ and code pages, the index, the sheets.
    for lang in catalogue.languages() {
        for extension in ["md", "html"] {
            assert!(root.join(catalogue::site::faq(lang.as_str(), extension)).is_file(), "{lang} {extension}");
            for code in catalogue.codes() {
                assert!(
                    root.join(catalogue::site::code_page_of(lang.as_str(), code, extension)).is_file(),
                    "{lang} {code}"
                );
            }
        }
    }
    for file in [catalogue::site::INDEX, catalogue::site::REFERENCE_CSV, catalogue::site::REFERENCE_XLSX] {
        assert!(root.join(file).is_file(), "{file}");
    }
    // Nothing of the first product's, nor of the repository's, changed.
    let after = scratch.snapshot();
    for (path, bytes) in &before {
        assert_eq!(after.get(path), Some(bytes), "{} changed", path.display());
    }
    assert!(after.keys().filter(|p| !before.contains_key(*p)).all(|p| p.starts_with(&root)), "only under its root");
    // Its `check` finds it fresh; the project's own too.
    assert_eq!(scratch.run(&["check", "--catalogue", other]).0, 0);
    assert_eq!(scratch.run(&["check"]).0, 0);

    // A catalogue that says nowhere to go is refused, and writes nothing.
    let text = std::fs::read_to_string(scratch.path(other)).unwrap();
    let declared = format!("output = \"{}\"\n", catalogue.declared_output().unwrap());
    scratch.write(other, &text.replacen(&declared, "", 1));
    let (status, _, err) = scratch.run(&["generate", "--catalogue", other]);
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("--out") && err.contains("[site]"), "{err}");

    // Every [ui] label the templates print and the catalogue lacks, in one run.
    let missing = ["contents", "code_index_heading", "full_entry"];
    let mut text = text;
    for label in missing {
        let line = text.lines().find(|l| l.starts_with(&format!("{label} = "))).unwrap().to_string();
        text = text.replacen(&format!("{line}\n"), "", 1);
    }
    scratch.write(other, &text);
    let (status, _, err) = scratch.run(&["check", "--catalogue", other, "--format", "json"]);
    assert_eq!(status, 1, "{err}");
    let (_, out, _) = scratch.run(&["check", "--catalogue", other, "--format", "json"]);
    let reported: Vec<String> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|d| d["code"] == "C025")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    for label in missing {
        assert!(reported.iter().any(|m| m.contains(&format!("`{label}`"))), "{label}: {reported:?}");
    }
    assert_eq!(reported.len(), missing.len(), "{reported:?}");
}

/// The project's own manifest, relative to the root.
fn manifest_path() -> String {
    artefacts::manifest::path(std::path::Path::new(catalogue::site::DEFAULT_ROOT)).to_string_lossy().into_owned()
}
