//! Every output tells readers which texts are the vendor's and which are ours: a remedy written
//! by us says so, a step or note of ours or of another source carries its mark, a transcribed
//! step carries none, and a translated message says it is a translation. Expected marks come
//! from the catalogue's own `source` data and labels, never from a count or a wording.

mod common;

use std::collections::BTreeMap;

use catalogue::{Catalogue, Reason, SourceFile};
use common::{fixture_text, generate_from, real_catalogue_text, text};

fn load(text: &str) -> Catalogue {
    catalogue::load_source(SourceFile::new("catalogue/auth-errors.toml", text)).unwrap()
}

fn label(catalogue: &Catalogue, key: &str, lang: &str) -> String {
    catalogue.ui(key).unwrap_or_else(|| panic!("the catalogue has `{key}`")).tr(lang).to_string()
}

fn is_ours(text: &catalogue::Text) -> bool {
    text.source.as_ref().is_some_and(|s| s.get_ref().is_ours())
}

/// A reason's section of a FAQ page: Markdown from its anchor to the next reason's, HTML its
/// `<details>` element.
fn section<'a>(page: &'a str, reason: &Reason, html: bool) -> &'a str {
    let (start, end) = if html {
        (format!("<details class=\"reason\" id=\"{}\"", reason.id()), "</details>")
    } else {
        (format!("<a id=\"{}\"></a>", reason.id()), "\n<a id=")
    };
    let from = page.find(&start).unwrap_or_else(|| panic!("{} is on the page", reason.id()));
    let rest = &page[from..];
    let to = rest[1..].find(end).map_or(rest.len(), |n| n + 1 + end.len());
    &rest[..to]
}

/// Is the text the transcribed page's own for where it stands: no mark, or the page's key, and
/// not given by the page for another reason?
fn is_the_pages_own(catalogue: &Catalogue, text: &catalogue::Text) -> bool {
    let primary = catalogue.primary_source().map(|k| k.as_str());
    let source = text.source.as_ref().map(|s| s.get_ref().as_str());
    text.given_for.is_none() && (source.is_none() || source == primary)
}

/// The marks each reason must show in a language, and those it must not: the notice that the
/// page's remedy is not in our copy where no step is the page's own; one "all ours" before a
/// block of two or more texts that are all ours; "ours" after each text of ours elsewhere.
fn expectations(catalogue: &Catalogue, reason: &Reason, lang: &str) -> (Vec<String>, Vec<String>) {
    let steps: Vec<&catalogue::Text> = reason.remedy.get_ref().iter().map(|s| &s.text).collect();
    let notes: Vec<&catalogue::Text> = reason.shared_codes.values().chain(&reason.notes).collect();
    let all_ours = |block: &[&catalogue::Text]| block.len() > 1 && block.iter().all(|t| is_ours(t));
    let some_ours = |block: &[&catalogue::Text]| !all_ours(block) && block.iter().any(|t| is_ours(t));
    let captured = steps.iter().any(|t| is_the_pages_own(catalogue, t));
    let mut shown = Vec::new();
    let mut absent = Vec::new();
    let mut expect = |condition: bool, key: &str| {
        let mark = label(catalogue, key, lang);
        if condition { shown.push(mark) } else { absent.push(mark) }
    };
    expect(catalogue.primary_source().is_some() && !captured, "remedy_not_captured");
    expect(all_ours(&steps) || all_ours(&notes), "block_ours");
    let side_ours = reason.side_source.as_ref().is_some_and(|s| s.get_ref().is_ours());
    expect(some_ours(&steps) || some_ours(&notes) || side_ours, "written_step");
    // Pages say once, in their legend, that the English is our translation.
    expect(false, "translated_message");
    (shown, absent)
}

fn assert_marks(outputs: &BTreeMap<String, Vec<u8>>, catalogue: &Catalogue) {
    for lang in catalogue.languages() {
        for html in [false, true] {
            let page = text(outputs, &format!("docs/{lang}/faq.{}", if html { "html" } else { "md" }));
            for reason in catalogue.reasons() {
                let section = section(&page, reason, html);
                let (shown, absent) = expectations(catalogue, reason, lang.as_str());
                for mark in shown {
                    assert!(section.contains(&mark), "{lang} {}: `{mark}` is shown\n{section}", reason.id());
                }
                for mark in absent {
                    assert!(!section.contains(&mark), "{lang} {}: `{mark}` is not shown\n{section}", reason.id());
                }
            }
        }
    }
}

#[test]
fn the_real_catalogues_pages_mark_what_is_ours_by_its_own_data() {
    let text = real_catalogue_text();
    let catalogue = load(&text);
    let ours = catalogue.reasons().iter().filter(|r| r.remedy.get_ref().iter().all(|s| is_ours(&s.text))).count();
    assert!(ours > 0 && ours < catalogue.reasons().len(), "the real catalogue has remedies of both kinds");
    assert_marks(&generate_from(&text), &catalogue);
}

/// The fixture with one step of the 30100 reason (a vendor remedy) given another source.
fn with_step_source(step: usize, source: &str) -> String {
    let fixture = fixture_text();
    let catalogue = load(&fixture);
    let reason = catalogue.reasons().iter().find(|r| r.codes().any(|c| c == "30100")).unwrap();
    let text = &reason.remedy.get_ref()[step].text;
    // The step's own `source`, the first after where its table starts.
    let old = "source = \"s-ja\"";
    let at = text.span.start + fixture[text.span.start..].find(old).unwrap();
    format!("{}source = \"{source}\"{}", &fixture[..at], &fixture[at + old.len()..])
}

#[test]
fn a_step_of_ours_among_vendor_steps_is_marked_alone() {
    // A vendor remedy (the 30100 reason's) with its second step made ours.
    let edited = with_step_source(1, "ours");
    let catalogue = load(&edited);
    let reason = catalogue.reasons().iter().find(|r| r.codes().any(|c| c == "30100")).unwrap();
    let outputs = generate_from(&edited);
    assert_marks(&outputs, &catalogue);
    let md = text(&outputs, "docs/en/faq.md");
    let section = section(&md, reason, false);
    let written_step = label(&catalogue, "written_step", "en");
    let marked: Vec<&str> = section.lines().filter(|l| l.contains(&written_step)).collect();
    assert_eq!(marked.len(), 1, "only the step of ours: {section}");
    assert!(marked[0].starts_with("2. "), "{}", marked[0]);
}

#[test]
fn a_step_from_another_source_names_it_and_the_sources_are_listed_with_their_addresses() {
    let edited = with_step_source(0, "s-en");
    let catalogue = load(&edited);
    let reason = catalogue.reasons().iter().find(|r| r.codes().any(|c| c == "30100")).unwrap();
    let outputs = generate_from(&edited);
    for lang in catalogue.languages() {
        let title =
            catalogue.source_of(&catalogue::SourceKey::from("s-en")).unwrap().title.tr(lang.as_str()).to_string();
        let mark = label(&catalogue, "from_source", lang.as_str()).replace("{source}", &title);
        let html = text(&outputs, &format!("docs/{lang}/faq.html"));
        assert!(section(&html, reason, true).contains(&mark), "{lang}: {mark}");
        for source in catalogue.sources() {
            let url = source.value.url.as_ref().unwrap().get_ref();
            assert!(html.contains(&format!("<a href=\"{url}\">")), "{lang}: {url} is listed");
        }
    }
}

#[test]
fn a_console_text_is_shown_with_its_reason_in_both_formats_as_literal_words() {
    let fixture = fixture_text();
    let line = "id = \"legacy-multiple-viewers\"\n";
    let seen = "Multiple <MC Viewer> logins *detected*";
    let edited = fixture.replacen(line, &format!("{line}console = [{{ lang = \"en\", text = \"{seen}\" }}]\n"), 1);
    let catalogue = load(&edited);
    let reason = catalogue.reason("legacy-multiple-viewers").unwrap();
    let outputs = generate_from(&edited);
    for lang in catalogue.languages() {
        let label = label(&catalogue, "console_text", lang.as_str());
        let md = text(&outputs, &format!("docs/{lang}/faq.md"));
        let section_md = section(&md, reason, false);
        assert!(section_md.contains(&label), "{lang}: {section_md}");
        assert!(section_md.contains("Multiple \\<MC Viewer\\> logins \\*detected\\*"), "escaped: {section_md}");
        let html = text(&outputs, &format!("docs/{lang}/faq.html"));
        let section_html = section(&html, reason, true);
        assert!(section_html.contains("<q>Multiple &lt;MC Viewer&gt; logins *detected*</q>"), "{section_html}");
    }
}

#[test]
fn each_step_says_who_acts_and_each_side_which_type_rows_to_read() {
    let text = real_catalogue_text();
    let catalogue = load(&text);
    let outputs = generate_from(&text);
    let mut actors = 0;
    for lang in catalogue.languages() {
        let md = common::text(&outputs, &format!("docs/{lang}/faq.md"));
        for reason in catalogue.reasons() {
            let section = section(&md, reason, false);
            for (n, step) in reason.remedy.get_ref().iter().enumerate() {
                let Some(by) = &step.by else { continue };
                let glossary = &catalogue.document().glossary;
                let name = glossary.iter().find(|g| g.key() == by.get_ref()).unwrap().value.term.tr(lang.as_str());
                // One lead: who acts, and for which product types where the step says.
                let types: Vec<&str> = step
                    .applies_to
                    .iter()
                    .map(|t| catalogue.product_type(t.get_ref()).unwrap().name.tr(lang.as_str()))
                    .collect();
                let lead = if types.is_empty() {
                    label(&catalogue, "step_by", lang.as_str()).replace("{actor}", name)
                } else {
                    let types = types.join(&label(&catalogue, "list_separator", lang.as_str()));
                    label(&catalogue, "step_by_for", lang.as_str()).replace("{actor}", name).replace("{types}", &types)
                };
                let actor = format!("**{lead}** ");
                let number = format!("{}. ", n + 1);
                let shown = section.lines().any(|l| l.starts_with(&number) && l.contains(&actor));
                assert!(shown, "{lang} {}: {number}{actor}\n{section}", reason.id());
                actors += 1;
            }
            if let Some(value) = catalogue.side(reason.side()).and_then(|s| s.history_type.as_ref()) {
                let shown = label(&catalogue, "side_type", lang.as_str()).replace("{value}", value.tr(lang.as_str()));
                assert!(section.contains(&shown), "{lang} {}: {shown}", reason.id());
            }
        }
    }
    assert!(actors > 0);
}

/// `check` on a scratch project whose source `kb` has a copy holding `copy`.
fn check_with_copy(name: &str, copy: &str) -> (i32, String, String, String) {
    let scratch = common::Scratch::new(name);
    let catalogue = common::with_copy_of_source(&scratch, copy);
    scratch.write("catalogue/auth-errors.toml", &catalogue);
    let (code, out, err) = scratch.run(&["check", "--format", "json"]);
    (code, out, err, catalogue)
}

#[test]
fn a_text_marked_as_a_sources_is_proved_against_its_copy() {
    // The copy holds the step word for word, spaces and line breaks aside: nothing to report.
    let spaced: String = common::QUOTED_STEP.chars().flat_map(|c| [c, ' ']).collect();
    let (_, out, err, _) = check_with_copy("quote-found", &format!("before\n{spaced}\nafter\n"));
    assert!(!out.contains("\"C038\""), "{out}");
    assert!(err.contains("provenance: "), "{err}");

    // The copy says something else: an error at the step's own string, with the closest passage
    // of the copy, where it is, and what differs.
    let other = "許可されている端末を使いません。";
    let (code, out, _, catalogue) = check_with_copy("quote-differs", &format!("一行目\n  {other}\n"));
    assert_eq!(code, 1, "{out}");
    let found: Vec<serde_json::Value> =
        out.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()).collect();
    let c038: Vec<&serde_json::Value> = found.iter().filter(|d| d["code"] == "C038").collect();
    assert_eq!(c038.len(), 1, "{out}");
    let step = format!("ja = \"{}\"", common::QUOTED_STEP);
    assert_eq!(c038[0]["line"].as_u64(), Some(common::line_of(&catalogue, &step) as u64), "{out}");
    let detail = c038[0]["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("catalogue/sources/kb.txt:2:3"), "where the passage is: {detail}");
    assert!(detail.contains(other), "the passage: {detail}");
    assert!(detail.contains("[-") && detail.contains("{+"), "a diff: {detail}");
}

#[test]
fn a_declared_correction_of_the_source_is_applied_before_the_comparison() {
    // The copy has a slip the catalogue corrects; declared, the corrected text is found.
    let slip = common::QUOTED_STEP.replacen("許可", "許化", 1);
    let scratch = common::Scratch::new("quote-corrected");
    let catalogue = common::with_copy_of_source(&scratch, &slip).replacen(
        "copy = \"sources/kb.txt\"\n",
        "copy = \"sources/kb.txt\"\ncorrections = [{ found = \"許化\", written = \"許可\" }]\n",
        1,
    );
    scratch.write("catalogue/auth-errors.toml", &catalogue);
    let (_, out, _) = scratch.run(&["check", "--format", "json"]);
    assert!(!out.contains("\"C038\""), "{out}");
    // And the pages say once what was corrected, with the source.
    assert_eq!(scratch.run(&["generate"]).0, 0);
    let label = load(&catalogue).ui("correction").unwrap().tr("en").to_string();
    let said = catalogue::present::fill(&label, &[("found", "許化"), ("written", "許可")]);
    let page = scratch.read("docs/en/faq.md");
    assert_eq!(page.matches(&catalogue::markup::md_text(&said)).count(), 1, "said once: {said}");
}

#[test]
fn a_source_without_a_copy_leaves_its_texts_unverifiable_not_wrong() {
    let scratch = common::Scratch::new("quote-no-copy");
    let (code, _, err) = scratch.run(&["check"]);
    assert_eq!(code, 0, "{err}");
    let line = err.lines().find(|l| l.starts_with("provenance: ")).unwrap_or_else(|| panic!("{err}"));
    assert!(line.contains("unverifiable") && line.contains("with no copy of the source"), "{line}");
}

/// The frozen fixture with the reference codes its companion file adds.
fn fixture_with_reference_codes() -> String {
    let extra = std::fs::read_to_string(common::project_root().join("xtask/tests/fixtures/reference-codes.toml"));
    fixture_text() + &extra.unwrap()
}

#[test]
fn every_kind_of_page_says_once_how_to_read_its_marks() {
    let text = fixture_with_reference_codes();
    let catalogue = load(&text);
    let outputs = generate_from(&text);
    let mut kinds = BTreeMap::new();
    for lang in catalogue.languages() {
        let legend = label(&catalogue, "legend", lang.as_str());
        for (path, bytes) in outputs.iter().filter(|(p, _)| p.starts_with(&format!("docs/{lang}/"))) {
            let page = String::from_utf8_lossy(bytes);
            let kind = if path.contains("/codes/") {
                let code = path.rsplit('/').next().unwrap().split('.').next().unwrap();
                if catalogue.reference_code(code).is_some() { "reference code" } else { "reason code" }
            } else {
                "faq"
            };
            *kinds.entry(kind).or_insert(0) += 1;
            let shown = if path.ends_with(".md") {
                catalogue::markup::md_text(&legend)
            } else {
                catalogue::markup::html_text(&legend)
            };
            assert_eq!(page.matches(&shown).count(), 1, "{path}: the legend, once");
        }
    }
    assert_eq!(kinds.len(), 3, "every kind of page was seen: {kinds:?}");
}

#[test]
fn a_reference_codes_page_gives_the_procedure_and_leads_to_the_reason_codes() {
    let text = fixture_with_reference_codes();
    let catalogue = load(&text);
    let outputs = generate_from(&text);
    let auth = catalogue.reference_codes().iter().find(|e| e.value.authentication).unwrap();
    let other = catalogue.reference_codes().iter().find(|e| !e.value.authentication).unwrap();
    for lang in catalogue.languages() {
        for code in auth.value.codes() {
            let page = common::text(&outputs, &format!("docs/{lang}/codes/{code}.md"));
            let title = label(&catalogue, "reference_code_page_title", lang.as_str()).replace("{code}", code.as_str());
            assert!(page.contains(&format!("# {}", catalogue::markup::md_text(&title))), "{page}");
            for step in &catalogue.document().page.steps {
                assert!(page.contains(&format!("### {}", step.title.tr(lang.as_str()))), "{lang} {code}: {page}");
            }
            // "The items below": the FAQ's index of the reason codes, one link after the procedure
            // (not a copy of the index on each such page, which would grow with every reason).
            let to_index = format!(
                "[{}](../faq.md#code-index)",
                catalogue::markup::md_link_text(&label(&catalogue, "all_codes", lang.as_str()))
            );
            let last_step = catalogue.document().page.steps.last().unwrap();
            let after_steps = &page[page.find(&format!("### {}", last_step.title.tr(lang.as_str()))).unwrap()..];
            assert!(
                after_steps.find(&to_index).is_some_and(|at| !after_steps[..at].contains("\n## ")),
                "{lang}: {page}"
            );
            for reason_code in catalogue.codes() {
                assert!(!page.contains(&format!("[{reason_code}]({reason_code}.md)")), "{lang}: {reason_code}");
            }
            // The FAQ's index has a row for it, and its entry the anchor the row points to.
            let faq = common::text(&outputs, &format!("docs/{lang}/faq.md"));
            assert!(faq.contains(&format!("| [{code}](codes/{code}.md) |")), "{lang}: index row for {code}");
            assert!(faq.contains(&format!("<a id=\"code-{code}\"></a>")), "{lang}: anchor for {code}");
        }
        for code in other.value.codes() {
            let page = common::text(&outputs, &format!("docs/{lang}/codes/{code}.md"));
            assert!(page.contains(&catalogue::markup::md_text(&label(
                &catalogue,
                "not_authentication",
                lang.as_str()
            ))));
            let first_step = &catalogue.document().page.steps[0];
            assert!(!page.contains(&format!("### {}", first_step.title.tr(lang.as_str()))), "no procedure: {page}");
        }
    }
}

#[test]
fn vendor_text_the_page_gives_for_another_reason_says_whose_it_is() {
    // The 40200 reasons' steps are the vendor's for each of them; one of the Neo reason's
    // steps moved to the 30100 reason, quoted, with the reason it is given for.
    let fixture = fixture_text();
    let catalogue = load(&fixture);
    let donor = catalogue.reasons().iter().find(|r| r.codes().any(|c| c == "40200")).unwrap();
    let step = donor.remedy.get_ref()[0].text.tr("ja").to_string();
    let en = donor.remedy.get_ref()[0].text.tr("en").to_string();
    let anchor = "id = \"legacy-multiple-viewers\"";
    let at = fixture.find(anchor).unwrap();
    let marker = "[[reasons.remedy]]\n";
    let insert = at + fixture[at..].find(marker).unwrap();
    let fingerprint = catalogue::fingerprint::of(&step);
    let quoted = format!(
        "[[reasons.remedy]]\nsource = \"s-ja\"\ngiven_for = \"{}\"\nja = \"{step}\"\nen = \"{en}\"\nen_from = \"{fingerprint}\"\n\n",
        donor.id()
    );
    let edited = format!("{}{quoted}{}", &fixture[..insert], &fixture[insert..]);
    let catalogue = load(&edited);
    let reason = catalogue.reason("legacy-multiple-viewers").unwrap();
    let model = catalogue.model(donor.model()).unwrap();
    let outputs = generate_from(&edited);
    for lang in catalogue.languages() {
        let md = common::text(&outputs, &format!("docs/{lang}/faq.md"));
        let section = section(&md, reason, false);
        let codes: Vec<&str> = donor.codes().map(|c| c.as_str()).collect();
        let mark = label(&catalogue, "given_for", lang.as_str())
            .replace("{model}", model.name.tr(lang.as_str()))
            .replace("{codes}", &codes.join(&label(&catalogue, "code_separator", lang.as_str())));
        let line = section.lines().find(|l| l.starts_with("1. ")).unwrap();
        assert!(line.contains(&catalogue::markup::md_text(&mark)), "{lang}: {line}");
        // The reason still has its own steps from the page: no notice that its remedy is missing.
        assert!(!section.contains(&label(&catalogue, "remedy_not_captured", lang.as_str())), "{section}");
    }
    // A `given_for` naming no reason, or on a text not quoted from the page, is refused.
    let unknown = edited.replacen(&format!("given_for = \"{}\"", donor.id()), "given_for = \"no-such-reason\"", 1);
    assert!(common::problems(&unknown).iter().any(|(c, _)| c == "C010"), "{:?}", common::problems(&unknown));
    let ours = edited.replacen("source = \"s-ja\"\ngiven_for", "source = \"ours\"\ngiven_for", 1);
    assert!(common::problems(&ours).iter().any(|(c, _)| c == "C034"), "{:?}", common::problems(&ours));
}
