//! The FAQ of each language, in Markdown and as a standalone HTML page.

use std::path::PathBuf;

use super::{Artefact, Input};
use crate::generate::{GenerateError, Output};
use crate::view;

/// The base name of the FAQ pages (`docs/<lang>/faq.md`, `docs/<lang>/faq.html`).
pub const FAQ: &str = "faq";

/// The pages it renders, one file each.
const PAGES: &[&str] = &["faq.md.tera", "faq.html.tera"];
/// Every template it needs: the pages and what they include.
const TEMPLATES: &[&str] = &["faq.md.tera", "faq.html.tera", "style.css.tera"];

pub struct FaqPages;

impl Artefact for FaqPages {
    fn name(&self) -> &'static str {
        "the FAQ pages"
    }

    fn templates(&self) -> &'static [&'static str] {
        TEMPLATES
    }

    /// Each language's pages are rendered on a thread of their own; the result does not depend
    /// on which finishes first.
    fn render(&self, input: &Input<'_>) -> Result<Vec<Output>, GenerateError> {
        super::per_language(input, pages)
    }
}

fn pages(input: &Input<'_>, lang: &str) -> Result<Vec<Output>, GenerateError> {
    let faq = view::faq(input.catalogue, lang, FAQ);
    let dir = PathBuf::from("docs").join(lang);
    let rendered = input.templates.render_all(PAGES, &faq)?;
    Ok(PAGES
        .iter()
        .zip(rendered)
        .map(|(template, text)| {
            let extension = template.trim_end_matches(".tera").rsplit('.').next().unwrap_or("txt");
            Output { path: dir.join(format!("{FAQ}.{extension}")), bytes: text.into_bytes() }
        })
        .collect())
}
