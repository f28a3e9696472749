//! A page per code and language (`docs/<lang>/codes/<code>.md` and `.html`): the place that
//! tells apart the reasons a code stands for.
//!
//! A reason's block (`code-reason.*.tera`) is rendered when the pages of one of its codes are,
//! in both formats at once, and the pages place the blocks.

use std::collections::HashMap;
use std::path::PathBuf;

use super::{Artefact, FAQ, Input};
use crate::generate::{GenerateError, Output, Sink};
use crate::view;

/// A code page's templates and its reason block's, in the order of the formats.
const PAGES: [&str; 2] = ["code.md.tera", "code.html.tera"];
const BLOCKS: [&str; 2] = ["code-reason.md.tera", "code-reason.html.tera"];
/// The formats' extensions, in the same order.
const EXTENSIONS: [&str; 2] = ["md", "html"];
const TEMPLATES: &[&str] = &["code.md.tera", "code.html.tera", "code-reason.md.tera", "code-reason.html.tera"];

pub struct CodePages;

impl Artefact for CodePages {
    fn name(&self) -> &'static str {
        "the page of each code"
    }

    fn templates(&self) -> &'static [&'static str] {
        TEMPLATES
    }

    /// Each language on a thread of its own, as the FAQ pages.
    fn render(&self, input: &Input<'_>, sink: &dyn Sink) -> Result<(), GenerateError> {
        super::per_language(input, sink, pages)
    }
}

/// The code pages of one language, a code at a time: each reason's block is rendered for the
/// pages of its codes when they are rendered (a reason with two codes twice), so nothing but
/// one code's blocks is held, whatever the catalogue's size.
fn pages(input: &Input<'_>, lang: &str, sink: &dyn Sink) -> Result<(), GenerateError> {
    let catalogue = input.catalogue;
    let shared = view::CodePages::new(catalogue, lang, FAQ);
    let ui = [("ui", &shared.ui)];
    for code in catalogue.codes() {
        // Each reason's blocks, in both formats from one context.
        let mut blocks: HashMap<String, view::Placed> = HashMap::new();
        for (_, reasons) in catalogue.reasons_with_code_in_any_model(code) {
            for reason in reasons {
                let view = shared.reason(catalogue, reason);
                let block = view::ReasonBlock { r: &view, faq_md: &shared.faq_md, faq_html: &shared.faq_html };
                // One output a template, in the order of `BLOCKS`.
                let [md, html]: [String; 2] =
                    input.templates.render_all_with(&BLOCKS, &block, &ui)?.try_into().unwrap_or_default();
                // Safe: the block is our template's output, every value in it already escaped.
                let placed = view::Placed { md: tera::Value::safe_string(&md), html: tera::Value::safe_string(&html) };
                blocks.insert(reason.id().to_string(), placed);
            }
        }
        // Both formats of the page from one context.
        let page = shared.page(catalogue, code, &blocks);
        let rendered = input.templates.render_all_bytes_with(&PAGES, &page, &ui)?;
        for (extension, bytes) in EXTENSIONS.into_iter().zip(rendered) {
            let path = PathBuf::from("docs").join(lang).join(format!("{}.{extension}", view::code_page_path(code)));
            sink.put(Output { path, bytes })?;
        }
    }
    Ok(())
}
