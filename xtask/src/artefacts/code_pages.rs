//! A page per code and language (`docs/<lang>/codes/<code>.md` and `.html`): the place that
//! tells apart the reasons a code stands for.

use std::path::PathBuf;

use super::{Artefact, FAQ, Input};
use crate::generate::{GenerateError, Output};
use crate::view;

/// The pages it renders, one file each, and what they include.
const PAGES: &[&str] = &["code.md.tera", "code.html.tera"];
const TEMPLATES: &[&str] = &["code.md.tera", "code.html.tera", "style.html.tera"];

pub struct CodePages;

impl Artefact for CodePages {
    fn name(&self) -> &'static str {
        "the page of each code"
    }

    fn templates(&self) -> &'static [&'static str] {
        TEMPLATES
    }

    /// Each language on a thread of its own, as the FAQ pages.
    fn render(&self, input: &Input<'_>) -> Result<Vec<Output>, GenerateError> {
        let languages = input.catalogue.languages();
        let per_language: Vec<Result<Vec<Output>, GenerateError>> = std::thread::scope(|scope| {
            let workers: Vec<_> = languages.iter().map(|&lang| scope.spawn(move || pages(input, lang))).collect();
            workers.into_iter().map(|w| w.join().expect("a render thread panicked")).collect()
        });
        let mut outputs = Vec::new();
        for pages in per_language {
            outputs.extend(pages?);
        }
        Ok(outputs)
    }
}

/// The code pages of one language, from what they share built once.
fn pages(input: &Input<'_>, lang: &str) -> Result<Vec<Output>, GenerateError> {
    let shared = view::CodePages::new(input.catalogue, lang, FAQ);
    let mut outputs = Vec::new();
    for code in input.catalogue.codes() {
        let rendered =
            input.templates.render_all_with(PAGES, &shared.page(input.catalogue, code), &[("ui", &shared.ui)])?;
        for (template, text) in PAGES.iter().zip(rendered) {
            let extension = template.trim_end_matches(".tera").rsplit('.').next().unwrap_or("txt");
            let path = PathBuf::from("docs").join(lang).join(format!("{}.{extension}", view::code_page_path(code)));
            outputs.push(Output { path, bytes: text.into_bytes() });
        }
    }
    Ok(outputs)
}
