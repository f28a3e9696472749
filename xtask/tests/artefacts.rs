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
            let labels = catalogue::present::Labels::new(input.catalogue, lang);
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
    let manifest =
        outputs.iter().find(|o| o.path.as_path() == std::path::Path::new(artefacts::manifest::MANIFEST)).unwrap();
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
    let manifest = scratch.read(artefacts::manifest::MANIFEST);
    scratch.write(
        artefacts::manifest::MANIFEST,
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
        artefacts::manifest::MANIFEST,
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
    let listed = std::fs::read_to_string(project_root().join(artefacts::manifest::MANIFEST)).unwrap();
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
