//! Every artefact `cargo xtask generate` writes, one module each, and their list.
//!
//! An artefact turns the catalogue (and the templates it names) into any number of files.
//! Adding an output is one new module and, if it renders one, its template: the module
//! implements [`Artefact`] and takes its place in [`ALL`]. Nothing else names an output: the
//! templates that are loaded are the ones the artefacts ask for, and the manifest of generated
//! files ([`manifest`]) lists whatever they return, so a file no longer produced is found.

mod checks_doc;
mod code_pages;
mod faq;
mod index;
pub mod manifest;
mod reference_sheet;
mod schema;
mod sitemap;
mod stylesheet;
mod tables;

use catalogue::Catalogue;

use crate::generate::{GenerateError, Output};
use crate::templates::Templates;

pub use faq::FAQ;
pub use schema::SCHEMA;
pub use tables::{RUST_TABLES, const_name};

/// What an artefact is made from.
pub struct Input<'a> {
    pub catalogue: &'a Catalogue,
    pub templates: &'a Templates,
}

/// One kind of generated output.
pub trait Artefact: Sync {
    /// What it is, for messages.
    fn name(&self) -> &'static str;

    /// The templates (file names in `templates/`) it renders; loaded before generation.
    fn templates(&self) -> &'static [&'static str] {
        &[]
    }

    /// Its files, paths relative to the project root. Pure: the same input gives the same bytes.
    fn render(&self, input: &Input<'_>) -> Result<Vec<Output>, GenerateError>;
}

/// Every artefact, in the order of their files in a run's output.
pub const ALL: &[&dyn Artefact] = &[
    &faq::FaqPages,
    &code_pages::CodePages,
    &index::LanguageIndex,
    &sitemap::Sitemap,
    &stylesheet::Stylesheet,
    &tables::MessageTables,
    &reference_sheet::ReferenceSheet,
    &tables::RustTables,
    &checks_doc::ChecksDoc,
    &schema::CatalogueSchema,
];

/// Renders each language's files on a thread of its own and returns them in the order of the
/// languages: the result does not depend on which thread finishes first.
pub fn per_language(
    input: &Input<'_>,
    pages: fn(&Input<'_>, &str) -> Result<Vec<Output>, GenerateError>,
) -> Result<Vec<Output>, GenerateError> {
    let languages = input.catalogue.languages();
    let per_language: Vec<Result<Vec<Output>, GenerateError>> = std::thread::scope(|scope| {
        let workers: Vec<_> = languages.iter().map(|&lang| scope.spawn(move || pages(input, lang))).collect();
        workers.into_iter().map(|w| w.join().expect("a render thread panicked")).collect()
    });
    let mut outputs = Vec::new();
    for files in per_language {
        outputs.extend(files?);
    }
    Ok(outputs)
}

/// The templates a list of artefacts renders, each once, in order.
pub fn templates_of(artefacts: &[&dyn Artefact]) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    for name in artefacts.iter().flat_map(|a| a.templates()) {
        if !names.contains(name) {
            names.push(name);
        }
    }
    names
}
