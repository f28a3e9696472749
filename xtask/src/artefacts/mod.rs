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
pub mod placing;
mod reference_code_pages;
mod reference_sheet;
mod reference_workbook;
mod schema;
mod sitemap;
mod stylesheet;
mod tables;

use catalogue::Catalogue;

use crate::output::{GenerateError, Sink};
use crate::presented::Presented;
use crate::templates::Templates;

pub use checks_doc::CHECKS_DOC;
pub use faq::FAQ;
pub use schema::SCHEMA;
pub use tables::{RUST_TABLES, const_name};

/// What an artefact is made from.
pub struct Input<'a> {
    pub catalogue: &'a Catalogue,
    /// The folder the files go under, relative to the project root (`docs`): the site's root.
    pub out: std::path::PathBuf,
    pub templates: &'a Templates,
    /// The reasons' views, made once for every artefact that places them.
    pub presented: Presented,
}

impl<'a> Input<'a> {
    /// The input of these artefacts, which are all that will ask for the reasons' views.
    pub fn new(
        catalogue: &'a Catalogue,
        templates: &'a Templates,
        artefacts: &[&dyn Artefact],
        out: &std::path::Path,
    ) -> Input<'a> {
        let placing: Vec<&dyn placing::PlacesReasons> = artefacts.iter().filter_map(|a| a.places_reasons()).collect();
        let presented = Presented::new(catalogue, |reason| placing.iter().map(|a| a.places(reason)).sum());
        Input { catalogue, out: out.to_path_buf(), templates, presented }
    }
}

/// One kind of generated output.
pub trait Artefact: Sync {
    /// What it is, for messages.
    fn name(&self) -> &'static str;

    /// The templates (file names in `templates/`) it renders; loaded before generation.
    fn templates(&self) -> &'static [&'static str] {
        &[]
    }

    /// Puts its files into the sink as each is rendered, paths relative to the project root.
    /// Pure: the same input gives the same files with the same bytes.
    fn render(&self, input: &Input<'_>, sink: &dyn Sink) -> Result<(), GenerateError>;

    /// For an artefact that places reasons' views: how, so that a run renders it a language at
    /// a time and a reason at a time beside the others that do ([`placing`]), and each view is
    /// made once for all of them ([`Input::presented`]).
    fn places_reasons(&self) -> Option<&dyn placing::PlacesReasons> {
        None
    }
}

/// The artefacts whose files make up the published site (pages, their stylesheet, the index and
/// sitemap): what `serve` renders on each save.
pub const SITE: &[&dyn Artefact] = &[
    &faq::FaqPages,
    &code_pages::CodePages,
    &reference_code_pages::ReferenceCodePages,
    &index::LanguageIndex,
    &sitemap::Sitemap,
    &stylesheet::Stylesheet,
];

/// Every artefact, in the order of their files in a run's output.
pub const ALL: &[&dyn Artefact] = &[
    &faq::FaqPages,
    &code_pages::CodePages,
    &reference_code_pages::ReferenceCodePages,
    &index::LanguageIndex,
    &sitemap::Sitemap,
    &stylesheet::Stylesheet,
    &tables::MessageTables,
    &reference_sheet::ReferenceSheet,
    &reference_workbook::ReferenceWorkbook,
    &tables::RustTables,
    &checks_doc::ChecksDoc,
    &schema::CatalogueSchema,
];

/// The artefacts that write files of the repository itself, not of a catalogue's site: they
/// are generated from the project's own catalogue alone.
pub const REPOSITORY: &[&dyn Artefact] = &[&tables::RustTables, &checks_doc::ChecksDoc, &schema::CatalogueSchema];

/// The artefacts a run generates: every one for the project's own catalogue; for another
/// catalogue, all but the [`REPOSITORY`]'s.
pub fn for_catalogue(builtin: bool) -> Vec<&'static dyn Artefact> {
    // By name: the artefacts are unit structs, whose references need not differ.
    let repository = |a: &&dyn Artefact| REPOSITORY.iter().any(|r| r.name() == a.name());
    ALL.iter().copied().filter(|a| builtin || !repository(a)).collect()
}

/// The templates every artefact renders, read and parsed from `dir`.
pub fn templates(dir: &std::path::Path) -> Result<Templates, crate::output::TemplateError> {
    templates_for(dir, ALL)
}

/// The templates these artefacts render, read and parsed from `dir`.
pub fn templates_for(
    dir: &std::path::Path,
    artefacts: &[&dyn Artefact],
) -> Result<Templates, crate::output::TemplateError> {
    Templates::load_named(dir, &templates_of(artefacts))
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
