//! `cargo xtask generate` and `cargo xtask check` as CI and writers use them.

mod common;

use common::Scratch;

#[test]
fn check_passes_on_a_fresh_project_and_generate_then_has_nothing_to_write() {
    let scratch = Scratch::new("fresh");
    let (code, _, err) = scratch.run(&["check"]);
    assert_eq!(code, 0, "{err}");
    let before = scratch.snapshot();
    let (code, out, err) = scratch.run(&["generate"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "nothing was written: {out}");
    assert!(err.contains("all up to date"), "{err}");
    assert_eq!(scratch.snapshot(), before);
}

#[test]
fn check_names_a_stale_file_with_a_capped_diff_and_the_command_to_run() {
    let scratch = Scratch::new("stale");
    let md = scratch.read("docs/en/faq.md").replace("## Code index", "## Code list");
    scratch.write("docs/en/faq.md", &md);
    let before = scratch.snapshot();
    let (code, _, err) = scratch.run(&["check"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error[C024]: docs/en/faq.md is stale"), "{err}");
    assert!(err.contains("-## Code list") && err.contains("+## Code index"), "a diff: {err}");
    assert!(err.contains("run `cargo xtask generate`"), "{err}");
    assert_eq!(scratch.snapshot(), before, "check writes nothing");

    // A whole file rewritten gives a diff capped at a few dozen lines.
    scratch.write("docs/ja/faq.md", &"x\n".repeat(500));
    let (_, _, err) = scratch.run(&["check"]);
    assert!(err.contains("more diff lines"), "{err}");
    assert!(err.lines().count() < 120, "the diff is capped: {} lines", err.lines().count());

    let (code, out, _) = scratch.run(&["generate"]);
    assert_eq!(code, 0);
    // In the order of their paths, whichever thread rendered them first.
    assert_eq!(out.lines().collect::<Vec<_>>(), ["wrote docs/en/faq.md", "wrote docs/ja/faq.md"]);
    assert_eq!(scratch.run(&["check"]).0, 0);
}

#[test]
fn check_names_a_missing_file_and_generate_restores_it() {
    let scratch = Scratch::new("missing");
    std::fs::remove_file(scratch.path("docs/ja/faq.html")).unwrap();
    std::fs::remove_dir_all(scratch.path("docs/messages")).unwrap();
    let (code, _, err) = scratch.run(&["check"]);
    assert_eq!(code, 1);
    assert!(err.contains("error[C024]: docs/ja/faq.html is missing"), "{err}");
    assert!(err.contains("error[C024]: docs/messages/ja.json is missing"), "{err}");
    assert!(err.contains("3 generated files are out of date"), "{err}");
    assert_eq!(scratch.run(&["generate"]).0, 0);
    assert_eq!(scratch.run(&["check"]).0, 0);
}

#[test]
fn a_stale_generated_rust_table_is_caught_like_any_output() {
    let scratch = Scratch::new("rust");
    let path = "crates/catalogue/src/generated/tables.rs";
    scratch.write(path, "this is not even Rust");
    let (code, _, err) = scratch.run(&["check"]);
    assert_eq!(code, 1);
    assert!(err.contains(&format!("error[C024]: {path} is stale")), "{err}");
}

/// An edit that changes no output (a writer's comment) makes no generated file stale.
#[test]
fn an_edit_that_changes_no_output_leaves_every_file_fresh() {
    let scratch = Scratch::new("comment");
    let catalogue = scratch.read("catalogue/auth-errors.toml");
    scratch.write("catalogue/auth-errors.toml", &format!("# A writer's note.\n{catalogue}"));
    let (code, _, err) = scratch.run(&["check"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = scratch.run(&["generate"]);
    assert_eq!((code, out.trim()), (0, ""), "{err}");
    assert!(err.contains("all up to date"), "{err}");
}

#[test]
fn generate_after_a_failed_validation_writes_nothing() {
    let scratch = Scratch::new("invalid");
    let catalogue = scratch.read("catalogue/auth-errors.toml").replacen("side = \"viewer\"", "side = \"viewr\"", 1);
    scratch.write("catalogue/auth-errors.toml", &catalogue);
    // Make docs/ stale too: a write would be visible.
    scratch.write("docs/en/faq.md", "old");
    let before = scratch.snapshot();
    let (code, out, err) = scratch.run(&["generate"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("catalogue/auth-errors.toml:"), "{err}");
    assert!(err.contains("error[C010]: undeclared side `viewr`"), "{err}");
    assert!(err.contains("did you mean `viewer`?"), "{err}");
    assert_eq!(scratch.snapshot(), before, "generate wrote nothing");
    let (code, _, err) = scratch.run(&["check"]);
    assert_eq!(code, 1);
    assert!(err.contains("error[C010]"), "{err}");
}

#[test]
fn a_template_error_names_the_template_file_and_line() {
    let scratch = Scratch::new("template");
    let template = scratch.read("templates/faq.md.tera");
    let broken = template.replacen("{{ ui.contents.md }}", "{{ ui.contents.md }", 1);
    scratch.write("templates/faq.md.tera", &broken);
    let line = broken.lines().position(|l| l.contains("{{ ui.contents.md }") && !l.contains("}}")).unwrap() + 1;
    let before = scratch.snapshot();
    let (code, _, err) = scratch.run(&["generate"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(&format!("templates/faq.md.tera:{line}:")), "{err}");
    assert_eq!(scratch.snapshot(), before);

    // An unknown filter is found once every template is parsed, in whichever template has it.
    let block = scratch.read("templates/reason.html.tera");
    let (row, line_text) = block.lines().enumerate().find(|(_, l)| l.contains("{{ r.title.html }}")).unwrap();
    let column = line_text.find("{{ r.title.html }}").unwrap() + "{{ r.title.html | ".len() + 1;
    scratch.write("templates/faq.md.tera", &template);
    scratch.write(
        "templates/reason.html.tera",
        &block.replacen("{{ r.title.html }}", "{{ r.title.html | no_such_filter }}", 1),
    );
    let before = scratch.snapshot();
    let (code, _, err) = scratch.run(&["generate"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(&format!("templates/reason.html.tera:{}:{column}", row + 1)), "{err}");
    assert!(err.contains("no_such_filter"), "{err}");
    assert_eq!(scratch.snapshot(), before);
    scratch.write("templates/reason.html.tera", &block);

    // A template that uses a label the catalogue lacks fails at render time, also with its line.
    scratch.write("templates/faq.md.tera", &template.replacen("{{ ui.contents.md }}", "{{ ui.no_such_label.md }}", 1));
    let (code, _, err) = scratch.run(&["generate"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(&format!("templates/faq.md.tera:{line}:")), "{err}");
}

#[test]
fn wrong_flags_and_missing_inputs_exit_with_two() {
    let scratch = Scratch::new("usage");
    let (code, _, err) = scratch.run(&["generate", "--frobnicate"]);
    assert_eq!(code, 2);
    assert!(err.contains("--frobnicate"), "{err}");
    let (code, _, err) = scratch.run(&["check", "--catalogue", "catalogue/none.toml"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cannot read"), "{err}");
    std::fs::remove_file(scratch.path("templates/faq.html.tera")).unwrap();
    let (code, _, err) = scratch.run(&["check"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error[C025]: cannot read the template"), "{err}");
    assert!(err.contains("--> templates/faq.html.tera"), "{err}");
}

#[test]
fn a_page_given_in_pieces_is_compared_and_rewritten_whatever_differs() {
    let scratch = Scratch::new("pieces");
    let fresh = std::fs::read(scratch.path("docs/en/faq.html")).unwrap();
    let middle = fresh.len() / 2;
    let mut one_byte_changed = fresh.clone();
    one_byte_changed[middle] ^= 0x20;
    let mutations: [(&str, Option<Vec<u8>>); 4] = [
        ("a byte changed", Some(one_byte_changed)),
        ("shorter", Some(fresh[..fresh.len() - 1].to_vec())),
        ("longer", Some([&fresh[..], b"\n"].concat())),
        ("missing", None),
    ];
    for (what, on_disk) in mutations {
        match &on_disk {
            Some(bytes) => std::fs::write(scratch.path("docs/en/faq.html"), bytes).unwrap(),
            None => std::fs::remove_file(scratch.path("docs/en/faq.html")).unwrap(),
        }
        let before = scratch.snapshot();
        let (code, out, err) = scratch.run(&["generate", "--dry-run"]);
        assert_eq!((code, out.as_str()), (0, "would write docs/en/faq.html\n"), "{what}: {err}");
        assert_eq!(scratch.snapshot(), before, "{what}: a dry run writes nothing");
        let (code, out, err) = scratch.run(&["generate"]);
        assert_eq!((code, out.as_str()), (0, "wrote docs/en/faq.html\n"), "{what}: {err}");
        assert_eq!(std::fs::read(scratch.path("docs/en/faq.html")).unwrap(), fresh, "{what}");
    }
    // Unchanged, the page's temporary file is gone too.
    let before = scratch.snapshot();
    let (code, out, _) = scratch.run(&["generate"]);
    assert_eq!((code, out.as_str()), (0, ""));
    assert_eq!(scratch.snapshot(), before, "nothing written, nothing left");
}

#[test]
fn a_template_that_changes_a_reason_s_block_or_a_row_is_told_so() {
    for (file, placed) in [("templates/faq.html.tera", "{{ r.html }}"), ("templates/faq.md.tera", "{{ row.md }}")] {
        let scratch = Scratch::new("changed-block");
        let template = scratch.read(file);
        assert!(template.contains(placed), "{file} places each block as it is");
        scratch.write(file, &template.replace(placed, &placed.replace(" }}", " | upper }}")));
        let before = scratch.snapshot();
        let (code, out, err) = scratch.run(&["generate"]);
        assert_eq!(code, 1, "{out}{err}");
        assert!(err.contains(file) && err.contains(placed), "{err}");
        assert!(err.contains("nothing was written"), "{err}");
        assert_eq!(scratch.snapshot(), before);
    }
}

/// A project whose page `template` places `list` in reverse, generated: the scratch project
/// and its catalogue.
fn generated_with_reversed(name: &str, template: &str, placed: &str, list: &str) -> (Scratch, catalogue::Catalogue) {
    let scratch = Scratch::new(name);
    let text = scratch.read(template);
    assert!(text.contains(placed), "{template} places {list} with {placed}");
    scratch.write(template, &text.replace(placed, &placed.replace(list, &format!("{list} | reverse"))));
    let (code, _, err) = scratch.run(&["generate"]);
    assert_eq!(code, 0, "{err}");
    let catalogue = catalogue::load(&scratch.path("catalogue/auth-errors.toml")).unwrap();
    (scratch, catalogue)
}

#[test]
fn each_page_places_the_reasons_in_its_own_order() {
    // The HTML page places each model's reasons last first; the Markdown page keeps its order.
    let placed = "{% for r in m.reasons %}{{ r.html }}{% endfor %}";
    let (scratch, catalogue) = generated_with_reversed("own-order", "templates/faq.html.tera", placed, "m.reasons");
    let (html, md) = (scratch.read("docs/en/faq.html"), scratch.read("docs/en/faq.md"));
    assert!(catalogue.models().iter().any(|m| catalogue.reasons_of(m.key()).count() > 1), "an order to reverse");
    for model in catalogue.models() {
        let ids: Vec<&str> = catalogue.reasons_of(model.key()).map(|r| r.id().as_str()).collect();
        let at = |page: &str, pattern: &dyn Fn(&str) -> String| -> Vec<usize> {
            ids.iter().map(|id| page.find(&pattern(id)).unwrap_or_else(|| panic!("{id} is placed"))).collect()
        };
        let in_html = at(&html, &|id| format!("<details class=\"reason\" id=\"{id}\""));
        let in_md = at(&md, &|id| format!("<a id=\"{id}\"></a>"));
        assert!(in_html.windows(2).all(|w| w[0] > w[1]), "{}: last first in HTML", model.key());
        assert!(in_md.windows(2).all(|w| w[0] < w[1]), "{}: in order in Markdown", model.key());
    }
}

#[test]
fn each_page_places_the_code_index_rows_in_its_own_order() {
    // The Markdown page places the rows last first; the HTML page keeps their order.
    let placed = "{% for row in code_index %}{{ row.md }}{% endfor %}";
    let (scratch, catalogue) = generated_with_reversed("own-row-order", "templates/faq.md.tera", placed, "code_index");
    let codes = catalogue.codes();
    assert!(codes.len() > 1, "an order to reverse");
    for lang in catalogue.languages() {
        let (html, md) = (scratch.read(&format!("docs/{lang}/faq.html")), scratch.read(&format!("docs/{lang}/faq.md")));
        let at = |page: &str, link: &dyn Fn(&str) -> String| -> Vec<usize> {
            codes.iter().map(|code| page.find(&link(code)).unwrap_or_else(|| panic!("{code} has a row"))).collect()
        };
        let in_html = at(&html, &|code| format!("<a href=\"codes/{code}.html\">"));
        let in_md = at(&md, &|code| format!("](codes/{code}.md)"));
        assert!(in_html.windows(2).all(|w| w[0] < w[1]), "{lang}: in order in HTML");
        assert!(in_md.windows(2).all(|w| w[0] > w[1]), "{lang}: last first in Markdown");
    }
}
