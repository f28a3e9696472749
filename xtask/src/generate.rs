//! Generation as a pure function: the catalogue and the templates in, every output file out.
//! What the outputs are is the table in [`crate::artefacts`].

use std::fmt;
use std::path::PathBuf;

use catalogue::Catalogue;

use crate::artefacts::{self, Artefact, Input, manifest};
use crate::templates::{TemplateError, Templates};

pub use crate::artefacts::{FAQ, RUST_TABLES, SCHEMA};

/// One generated file: its path relative to the project root, and its exact bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Why an output could not be rendered.
#[derive(Debug)]
pub enum GenerateError {
    /// A template failed to render.
    Template(TemplateError),
    /// An artefact could not build one of its files.
    Artefact { path: PathBuf, message: String },
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateError::Template(e) => write!(f, "{e}"),
            GenerateError::Artefact { path, message } => write!(f, "error: cannot write {}: {message}", path.display()),
        }
    }
}

impl std::error::Error for GenerateError {}

impl From<TemplateError> for GenerateError {
    fn from(e: TemplateError) -> Self {
        GenerateError::Template(e)
    }
}

/// From this many reasons on, artefacts render on threads of their own.
const PARALLEL_FROM: usize = 500;

/// Renders every output of every artefact, and the manifest that lists them. Nothing is
/// written here.
pub fn generate(catalogue: &Catalogue, templates: &Templates) -> Result<Vec<Output>, GenerateError> {
    generate_with(artefacts::ALL, catalogue, templates)
}

/// Renders the outputs of these artefacts (for a large catalogue each on a thread of its own),
/// in the order of the list (the result does not depend on which finishes first), then the
/// manifest.
pub fn generate_with(
    artefacts: &[&dyn Artefact],
    catalogue: &Catalogue,
    templates: &Templates,
) -> Result<Vec<Output>, GenerateError> {
    let input = Input { catalogue, templates };
    // A thread costs more than a small catalogue's artefacts take to render.
    let rendered: Vec<Result<Vec<Output>, GenerateError>> = if catalogue.reasons().len() < PARALLEL_FROM {
        artefacts.iter().map(|a| a.render(&input)).collect()
    } else {
        std::thread::scope(|scope| {
            let input = &input;
            let workers: Vec<_> = artefacts.iter().map(|a| scope.spawn(move || a.render(input))).collect();
            workers.into_iter().map(|w| w.join().expect("a render thread panicked")).collect()
        })
    };
    let mut outputs = Vec::new();
    for files in rendered {
        outputs.extend(files?);
    }
    outputs.push(manifest::output(&outputs));
    Ok(outputs)
}
