//! `docs/index.html`: the entrance that chooses a language, each leading to its FAQ.

use serde::Serialize;

use super::{Artefact, Input};
use crate::markup::Rendered;
use crate::output::{GenerateError, Output, Sink};

const TEMPLATES: &[&str] = &["index.html.tera"];

pub struct LanguageIndex;

#[derive(Serialize)]
struct IndexView {
    notice: String,
    /// The source language, the page's own.
    lang: String,
    languages: Vec<IndexLanguage>,
    /// The stylesheet, from the index.
    stylesheet: String,
}

#[derive(Serialize)]
struct IndexLanguage {
    lang: String,
    name: String,
    title: Rendered,
    href: String,
}

impl Artefact for LanguageIndex {
    fn name(&self) -> &'static str {
        "the language index"
    }

    fn templates(&self) -> &'static [&'static str] {
        TEMPLATES
    }

    fn render(&self, input: &Input<'_>, sink: &dyn Sink) -> Result<(), GenerateError> {
        let catalogue = input.catalogue;
        let languages = catalogue.languages();
        let view = IndexView {
            notice: crate::notice(catalogue),
            lang: languages.first().map(|l| l.to_string()).unwrap_or_default(),
            languages: languages
                .iter()
                .map(|&lang| IndexLanguage {
                    lang: lang.to_string(),
                    name: catalogue.language(lang).map(|l| l.name.get_ref().clone()).unwrap_or_default(),
                    title: Rendered::new(catalogue.document().meta.title.tr(lang.as_str())),
                    href: catalogue::site::faq(lang.as_str(), "html"),
                })
                .collect(),
            stylesheet: catalogue::site::stylesheet_from(0),
        };
        let page = input.templates.render("index.html.tera", &view)?;
        sink.put(Output { path: input.out.join(catalogue::site::INDEX), bytes: page.into_bytes() })
    }
}
