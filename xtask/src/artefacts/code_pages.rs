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

/// The formats of a code page: the page's template and its reason block's, by extension.
const FORMATS: [(&str, &str, &str); 2] =
    [("md", "code.md.tera", "code-reason.md.tera"), ("html", "code.html.tera", "code-reason.html.tera")];
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
        // Each reason's view converted for Tera once, rendered in both formats at once.
        let mut blocks: [HashMap<String, tera::Value>; 2] = Default::default();
        for (_, reasons) in catalogue.reasons_with_code_in_any_model(code) {
            for reason in reasons {
                let view = shared.reason(catalogue, reason);
                let block = view::ReasonBlock { r: &view, faq_md: &shared.faq_md, faq_html: &shared.faq_html };
                let block = tera::Value::from_serializable(&block);
                for ((_, _, block_template), blocks) in FORMATS.iter().zip(blocks.iter_mut()) {
                    let mut rendered = input.templates.render_all_with(&[block_template], &block, &ui)?;
                    // Safe: the block is our template's output, every value in it already escaped.
                    blocks.insert(reason.id().to_string(), tera::Value::safe_string(&rendered.remove(0)));
                }
            }
        }
        for ((extension, page_template, _), blocks) in FORMATS.into_iter().zip(&blocks) {
            let page = shared.page(catalogue, code, blocks);
            let mut rendered = input.templates.render_all_bytes_with(&[page_template], &page, &ui)?;
            let path = PathBuf::from("docs").join(lang).join(format!("{}.{extension}", view::code_page_path(code)));
            sink.put(Output { path, bytes: rendered.remove(0) })?;
        }
    }
    Ok(())
}
