//! Where texts are shown on the published site: the page and anchor of each text, for the
//! translators' files (a translator sees where a text appears before translating it).

use catalogue::{Document, TextPath, anchors};

use crate::artefacts::FAQ;
use crate::view::code_page_path;

/// The pages (under `docs/<lang>/`, as `page.html#anchor`) a text is shown on, most telling
/// first: a reason's text on its FAQ entry and its codes' pages; a label on every page.
pub fn shown_on(document: &Document, path: &TextPath) -> Vec<String> {
    let faq = |anchor: &str| format!("{FAQ}.html#{anchor}");
    let parts: Vec<&str> = path.as_str().split('.').collect();
    match parts.as_slice() {
        ["ui", ..] | ["catalogue", ..] => vec![format!("{FAQ}.html"), format!("{}.html", code_page_path("*"))],
        ["page", "intro", ..] | ["page", "intro_heading"] => vec![faq(anchors::INTRO)],
        ["page", "unknowns", ..] => vec![faq(anchors::UNKNOWNS)],
        ["page", ..] => vec![faq(anchors::PROCEDURE)],
        ["models", key, ..] => vec![faq(&anchors::model(key))],
        ["glossary", key, ..] => vec![faq(&format!("term-{key}"))],
        ["sides" | "product_types", ..] => vec![faq(anchors::GLOSSARY)],
        ["sources", ..] => vec![faq(anchors::SOURCES)],
        ["links", ..] => vec![format!("{FAQ}.html")],
        ["reference_codes", key, ..] => {
            let entry = document.reference_codes.iter().find(|e| e.key() == key);
            let pages =
                entry.into_iter().flat_map(|e| e.value.codes().map(|c| format!("{}.html", code_page_path(c.as_str()))));
            std::iter::once(faq(&anchors::reference(key))).chain(pages).collect()
        }
        [id, ..] => {
            let reason = document.reasons.iter().find(|r| r.id() == id);
            let pages =
                reason.into_iter().flat_map(|r| r.codes().map(|c| format!("{}.html", code_page_path(c.as_str()))));
            std::iter::once(faq(id)).chain(pages).collect()
        }
        [] => Vec::new(),
    }
}
