//! A page per reference code and language (`docs/<lang>/codes/<code>.md` and `.html`): the
//! numbers users are shown with an error, beside the reason codes' pages. People search for
//! the number they were shown; its page says what the sources say of it and, for an
//! authentication error's, how the account manager finds the reason.

use super::{Artefact, Input};
use crate::output::{GenerateError, Output, Sink};
use crate::view;

/// A reference code page's templates, in the order of the formats.
const PAGES: [&str; 2] = ["reference-code.md.tera", "reference-code.html.tera"];
/// The formats' extensions, in the same order.
const EXTENSIONS: [&str; 2] = ["md", "html"];

pub struct ReferenceCodePages;

impl Artefact for ReferenceCodePages {
    fn name(&self) -> &'static str {
        "the page of each reference code"
    }

    fn templates(&self) -> &'static [&'static str] {
        &PAGES
    }

    fn render(&self, input: &Input<'_>, sink: &dyn Sink) -> Result<(), GenerateError> {
        let catalogue = input.catalogue;
        for lang in catalogue.languages() {
            let shared =
                view::ReferenceCodePages::new(catalogue, lang.as_str(), input.presented.ui(catalogue, lang.as_str()));
            for entry in catalogue.reference_codes() {
                for code in entry.value.codes() {
                    let page = shared.page(catalogue, entry, code.as_str());
                    let rendered = input.templates.render_all_bytes_with(&PAGES, &page, &[("ui", &shared.ui)])?;
                    for (extension, bytes) in EXTENSIONS.into_iter().zip(rendered) {
                        let path =
                            input.out.join(catalogue::site::code_page_of(lang.as_str(), code.as_str(), extension));
                        sink.put(Output { path, bytes })?;
                    }
                }
            }
        }
        Ok(())
    }
}
