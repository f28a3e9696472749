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

/// The marks each reason must show in a language, and those it must not.
fn expectations(catalogue: &Catalogue, reason: &Reason, lang: &str) -> (Vec<String>, Vec<String>) {
    let steps = reason.remedy.get_ref();
    let all_ours = steps.iter().all(|s| is_ours(&s.text));
    let any_ours_step = steps.iter().any(|s| is_ours(&s.text));
    let any_ours_note = reason.notes.iter().chain(reason.shared_codes.values()).any(is_ours);
    let translated = lang != catalogue.languages()[0].as_str();
    let mut shown = Vec::new();
    let mut absent = Vec::new();
    let written_remedy = label(catalogue, "written_remedy", lang);
    let written_step = label(catalogue, "written_step", lang);
    let translated_message = label(catalogue, "translated_message", lang);
    if all_ours {
        shown.push(written_remedy)
    } else {
        absent.push(written_remedy)
    }
    if (any_ours_step && !all_ours) || any_ours_note {
        shown.push(written_step);
    } else {
        absent.push(written_step);
    }
    if translated {
        shown.push(translated_message)
    } else {
        absent.push(translated_message)
    }
    (shown, absent)
}

fn assert_marks(outputs: &BTreeMap<String, Vec<u8>>, catalogue: &Catalogue) {
    for lang in catalogue.languages() {
        for html in [false, true] {
            let page = text(outputs, &format!("docs/{lang}/faq.{}", if html { "html" } else { "md" }));
            for reason in catalogue.reasons() {
                let section = section(&page, reason, html);
                let (shown, absent) = expectations(catalogue, reason, lang);
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
        let title = catalogue.source_of("s-en").unwrap().title.tr(lang).to_string();
        let mark = label(&catalogue, "from_source", lang).replace("{source}", &title);
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
        let label = label(&catalogue, "console_text", lang);
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
                let name = glossary.iter().find(|g| g.key() == by.get_ref()).unwrap().value.term.tr(lang);
                // After the step's condition, if it has one.
                let actor = format!("**{}** ", label(&catalogue, "step_by", lang).replace("{actor}", name));
                let number = format!("{}. ", n + 1);
                let shown = section.lines().any(|l| l.starts_with(&number) && l.contains(&actor));
                assert!(shown, "{lang} {}: {number}{actor}\n{section}", reason.id());
                actors += 1;
            }
            if let Some(value) = catalogue.side(reason.side()).and_then(|s| s.history_type.as_ref()) {
                let shown = label(&catalogue, "side_type", lang).replace("{value}", value.tr(lang));
                assert!(section.contains(&shown), "{lang} {}: {shown}", reason.id());
            }
        }
    }
    assert!(actors > 0);
}
