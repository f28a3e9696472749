//! `docs/style.css`: the pages' stylesheet, which the FAQ pages carry inline (they stand alone)
//! and the code pages and the index link to.

use super::{Artefact, Input};
use crate::output::{GenerateError, Output, Sink};

pub struct Stylesheet;

impl Artefact for Stylesheet {
    fn name(&self) -> &'static str {
        "the stylesheet"
    }

    fn templates(&self) -> &'static [&'static str] {
        &["style.css.tera"]
    }

    fn render(&self, input: &Input<'_>, sink: &dyn Sink) -> Result<(), GenerateError> {
        let css = input.templates.render("style.css.tera", &serde_json::json!({}))?;
        sink.put(Output { path: input.out.join(catalogue::site::STYLESHEET), bytes: css.into_bytes() })
    }
}
