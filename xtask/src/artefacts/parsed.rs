//! The catalogue's parse, saved beside the copy `mcauth` compiles in, so that its start reads
//! the tree back instead of parsing the text (`catalogue::load_parsed`).

use std::path::PathBuf;

use super::{Artefact, Input};
use crate::output::{GenerateError, Sink};

/// Where the tape lives, relative to the project root: beside the tool that reads it.
pub const PARSED: &str = "crates/mcauth/src/generated/catalogue.parsed";

/// `crates/mcauth/src/generated/catalogue.parsed`.
pub struct ParsedCatalogue;

impl Artefact for ParsedCatalogue {
    fn name(&self) -> &'static str {
        "the catalogue's saved parse"
    }

    fn render(&self, input: &Input<'_>, sink: &dyn Sink) -> Result<(), GenerateError> {
        // Part after part, as the load wrote them: a large catalogue's tape is never one copy.
        let mut file = sink.open(PathBuf::from(PARSED))?;
        for part in input.catalogue.parsed().iter() {
            file.write(part)?;
        }
        file.finish()
    }
}
