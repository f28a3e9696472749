//! The FAQ of each language, in Markdown and as a standalone HTML page. Each reason is rendered
//! on its own, in both formats at once (`faq-reason.*.tera`), and the page places the results:
//! no page-sized context is built, and only one reason's converted view is alive at a time.

use std::path::PathBuf;

use serde::Serialize;

use super::{Artefact, Input};
use crate::generate::{GenerateError, Output, Sink};
use crate::view;

/// The base name of the FAQ pages (`docs/<lang>/faq.md`, `docs/<lang>/faq.html`).
pub const FAQ: &str = "faq";

/// The pages it renders, one file each.
const PAGES: &[&str] = &["faq.md.tera", "faq.html.tera"];
/// A reason's blocks, in the order of [`Placed`]'s fields.
const BLOCKS: &[&str] = &["faq-reason.md.tera", "faq-reason.html.tera"];
/// Every template it needs: the pages, their reasons' blocks and what they include.
const TEMPLATES: &[&str] =
    &["faq.md.tera", "faq.html.tera", "faq-reason.md.tera", "faq-reason.html.tera", "style.css.tera"];

/// A reason as the pages place it: its block in each format, safe values converted once.
#[derive(Serialize)]
struct Placed {
    md: tera::Value,
    html: tera::Value,
}

/// What a reason's block is rendered from, beside the values every block shares.
#[derive(Serialize)]
struct Block<'a> {
    r: &'a view::ReasonView,
}

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
    fn render(&self, input: &Input<'_>, sink: &dyn Sink) -> Result<(), GenerateError> {
        super::per_language(input, sink, pages)
    }
}

fn pages(input: &Input<'_>, lang: &str, sink: &dyn Sink) -> Result<(), GenerateError> {
    let catalogue = input.catalogue;
    let translations: Vec<view::LanguageLink> =
        view::language_links(catalogue, lang, FAQ, "").into_iter().filter(|l| !l.current).collect();
    let ui = tera::Value::from_serializable(&view::ui(catalogue, lang));
    let translations = tera::Value::from_serializable(&translations);
    let anchors = tera::Value::from_serializable(&view::SectionAnchors::default());
    let shared = [("ui", &ui), ("translations", &translations), ("anchors", &anchors)];
    let mut failed = None;
    let faq = view::faq(catalogue, lang, FAQ, |reason| {
        match input.templates.render_all_with(BLOCKS, &Block { r: &reason }, &shared) {
            // Safe: each block is our template's output, every value in it already escaped.
            Ok(blocks) => {
                Placed { md: tera::Value::safe_string(&blocks[0]), html: tera::Value::safe_string(&blocks[1]) }
            }
            Err(error) => {
                failed.get_or_insert(error);
                Placed { md: tera::Value::none(), html: tera::Value::none() }
            }
        }
    });
    if let Some(error) = failed {
        return Err(error.into());
    }
    let dir = PathBuf::from("docs").join(lang);
    let rendered = input.templates.render_all(PAGES, &faq)?;
    drop(faq);
    for (template, text) in PAGES.iter().zip(rendered) {
        let extension = template.trim_end_matches(".tera").rsplit('.').next().unwrap_or("txt");
        sink.put(Output { path: dir.join(format!("{FAQ}.{extension}")), bytes: text.into_bytes() })?;
    }
    Ok(())
}
