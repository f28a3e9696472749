//! Generation as a pure function: the catalogue and the templates in, every output file out.

use std::fmt;
use std::path::PathBuf;

use catalogue::Catalogue;

use crate::templates::{TemplateError, Templates};
use crate::{sheet, tables, view};

/// The base name of the FAQ pages (`docs/<lang>/faq.md`, `docs/<lang>/faq.html`).
pub const FAQ: &str = "faq";

/// Where the compiled message tables live, relative to the project root.
pub const RUST_TABLES: &str = "crates/catalogue/src/generated/tables.rs";

/// One generated file: its path relative to the project root, and its exact bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

#[derive(Debug)]
pub enum GenerateError {
    Template(TemplateError),
    Csv(String),
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateError::Template(e) => write!(f, "{e}"),
            GenerateError::Csv(e) => write!(f, "error: cannot write docs/reference.csv: {e}"),
        }
    }
}

impl std::error::Error for GenerateError {}

impl From<TemplateError> for GenerateError {
    fn from(e: TemplateError) -> Self {
        GenerateError::Template(e)
    }
}

/// Renders every output, in a fixed order. Nothing is written here.
///
/// Each language's pages are rendered on a thread of their own; the result does not depend on
/// which finishes first.
pub fn generate(catalogue: &Catalogue, templates: &Templates) -> Result<Vec<Output>, GenerateError> {
    let languages = catalogue.languages();
    let (per_language, shared) = std::thread::scope(|scope| {
        let workers: Vec<_> =
            languages.iter().map(|&lang| scope.spawn(move || language_outputs(catalogue, templates, lang))).collect();
        let shared = shared_outputs(catalogue);
        let per_language: Vec<_> = workers.into_iter().map(|w| w.join().expect("a render thread panicked")).collect();
        (per_language, shared)
    });
    let mut outputs = Vec::new();
    for result in per_language {
        outputs.extend(result?);
    }
    outputs.extend(shared?);
    Ok(outputs)
}

/// The JSON Schema of the catalogue, beside it; the catalogue's `#:schema` line points to it.
pub const SCHEMA: &str = "catalogue/schema.json";

/// The FAQ pages and the message table of one language.
fn language_outputs(catalogue: &Catalogue, templates: &Templates, lang: &str) -> Result<Vec<Output>, GenerateError> {
    let faq = view::faq(catalogue, lang, FAQ);
    let dir = PathBuf::from("docs").join(lang);
    let mut pages = templates.render_all(&["faq.md.tera", "faq.html.tera"], &faq)?.into_iter();
    let (md, html) = (pages.next().unwrap_or_default(), pages.next().unwrap_or_default());
    Ok(vec![
        Output { path: dir.join(format!("{FAQ}.md")), bytes: md.into_bytes() },
        Output { path: dir.join(format!("{FAQ}.html")), bytes: html.into_bytes() },
        Output {
            path: PathBuf::from(format!("docs/messages/{lang}.json")),
            bytes: tables::messages_json(catalogue, lang),
        },
    ])
}

/// The outputs that hold every language at once.
fn shared_outputs(catalogue: &Catalogue) -> Result<Vec<Output>, GenerateError> {
    let csv = sheet::reference_csv(catalogue, FAQ).map_err(|e| GenerateError::Csv(e.to_string()))?;
    Ok(vec![
        Output { path: PathBuf::from("docs/reference.csv"), bytes: csv },
        Output { path: PathBuf::from(RUST_TABLES), bytes: tables::rust_tables(catalogue) },
        Output { path: PathBuf::from("docs/checks.md"), bytes: crate::checks_doc::checks_md() },
        Output { path: PathBuf::from(SCHEMA), bytes: catalogue::schema::json_schema().into_bytes() },
    ])
}
