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
pub fn generate(catalogue: &Catalogue, templates: &Templates) -> Result<Vec<Output>, GenerateError> {
    let mut outputs = Vec::new();
    for lang in catalogue.languages() {
        let faq = view::faq(catalogue, lang, FAQ);
        let dir = PathBuf::from("docs").join(lang);
        outputs.push(Output {
            path: dir.join(format!("{FAQ}.md")),
            bytes: templates.render("faq.md.tera", &faq)?.into_bytes(),
        });
        outputs.push(Output {
            path: dir.join(format!("{FAQ}.html")),
            bytes: templates.render("faq.html.tera", &faq)?.into_bytes(),
        });
        outputs.push(Output {
            path: PathBuf::from(format!("docs/messages/{lang}.json")),
            bytes: tables::messages_json(catalogue, lang),
        });
    }
    let csv = sheet::reference_csv(catalogue, FAQ).map_err(|e| GenerateError::Csv(e.to_string()))?;
    outputs.push(Output { path: PathBuf::from("docs/reference.csv"), bytes: csv });
    outputs.push(Output { path: PathBuf::from(RUST_TABLES), bytes: tables::rust_tables(catalogue) });
    Ok(outputs)
}
