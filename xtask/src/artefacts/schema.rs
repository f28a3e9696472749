//! The catalogue's JSON Schema, beside it; the catalogue's `#:schema` line points to it.

use std::path::PathBuf;

use super::{Artefact, Input};
use crate::output::{GenerateError, Output, Sink};

/// Where the schema is, relative to the project root.
pub const SCHEMA: &str = "catalogue/schema.json";

pub struct CatalogueSchema;

impl Artefact for CatalogueSchema {
    fn name(&self) -> &'static str {
        "the catalogue's JSON Schema"
    }

    fn render(&self, _: &Input<'_>, sink: &dyn Sink) -> Result<(), GenerateError> {
        sink.put(Output { path: PathBuf::from(SCHEMA), bytes: catalogue::schema::json_schema().into_bytes() })
    }
}
