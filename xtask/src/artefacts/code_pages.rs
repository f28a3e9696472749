//! A page per code and language (`docs/<lang>/codes/<code>.md` and `.html`): the place that
//! tells apart the reasons a code stands for.
//!
//! A page places each of its reasons' blocks by including `reason.*.tera` with the reason's
//! view as `r`: the one view of the reason every page places ([`crate::presented`]), rendered
//! within the page, in both formats from one context. The reasons come one by one in the FAQ's
//! order ([`super::placing`]), and each code's page is written when its first reason comes.

use std::collections::HashSet;

use catalogue::Reason;

use super::placing::{PlacesReasons, Placing};
use super::{Artefact, Input};
use crate::output::{GenerateError, Output, Sink};
use crate::view;

/// A code page's templates, in the order of the formats.
const PAGES: [&str; 2] = ["code.md.tera", "code.html.tera"];
/// The formats' extensions, in the same order.
const EXTENSIONS: [&str; 2] = ["md", "html"];
/// The pages' templates and the reason blocks they include.
const TEMPLATES: &[&str] = &["code.md.tera", "code.html.tera", "reason.md.tera", "reason.html.tera"];

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
        super::placing::render(input, sink, &[self])
    }

    fn places_reasons(&self) -> Option<&dyn PlacesReasons> {
        Some(self)
    }
}

impl PlacesReasons for CodePages {
    /// Each reason's block, once on the page of each of its codes, per language.
    fn places(&self, reason: &Reason) -> usize {
        reason.codes().count()
    }

    fn begin<'a>(
        &self,
        input: &'a Input<'a>,
        lang: &'a str,
        sink: &'a dyn Sink,
    ) -> Result<Box<dyn Placing<'a> + 'a>, GenerateError> {
        let shared = view::CodePages::new(input.catalogue, lang, input.presented.ui(input.catalogue, lang));
        Ok(Box::new(Pages { input, lang, sink, shared, done: HashSet::new() }))
    }
}

/// The code pages of one language, a code at a time: the page of each code of a reason when
/// the reason comes, unless it is already written. Each reason's block is rendered within the
/// pages of its codes (a reason with two codes twice), so nothing but one code's pages is
/// held, whatever the catalogue's size.
struct Pages<'a> {
    input: &'a Input<'a>,
    lang: &'a str,
    sink: &'a dyn Sink,
    shared: view::CodePages,
    /// The codes whose pages are written.
    done: HashSet<&'a str>,
}

impl<'a> Pages<'a> {
    fn page(&self, code: &'a str) -> Result<(), GenerateError> {
        let (input, catalogue, shared) = (self.input, self.input.catalogue, &self.shared);
        // Both formats of the page from one context, each reason's block from its one view.
        let page = shared.page(catalogue, code, |reason| input.presented.reason(catalogue, self.lang, reason));
        let rendered = input.templates.render_all_bytes_with(&PAGES, &page, &[("ui", &shared.ui)])?;
        for (extension, bytes) in EXTENSIONS.into_iter().zip(rendered) {
            let path = input.out.join(catalogue::site::code_page_of(self.lang, code, extension));
            self.sink.put(Output { path, bytes })?;
        }
        Ok(())
    }
}

impl<'a> Placing<'a> for Pages<'a> {
    fn reason(&mut self, reason: &'a Reason) -> Result<(), GenerateError> {
        for code in reason.codes() {
            if self.done.insert(code.as_str()) {
                self.page(code.as_str())?;
            }
        }
        Ok(())
    }

    /// The pages of codes no reason of a model has brought.
    fn finish(mut self: Box<Self>) -> Result<(), GenerateError> {
        for code in self.input.catalogue.codes() {
            if self.done.insert(code) {
                self.page(code)?;
            }
        }
        Ok(())
    }
}
