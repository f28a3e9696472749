//! The catalogue compiled into the binary, so that `mcauth` needs no file beside it; `--catalogue`
//! reads another one instead (a writer's edited copy, or another product's catalogue).

use std::path::Path;

use catalogue::{Catalogue, SourceFile};

use crate::error::Error;
use crate::messages::Said;

/// The catalogue's path in the repository, as diagnostics about the built-in copy name it.
const BUILTIN_PATH: &str = "catalogue/auth-errors.toml";

/// The catalogue as it was when the binary was built.
const BUILTIN: &str = include_str!("../../../catalogue/auth-errors.toml");

/// Its parse, made by the build script from this same text when it passed every check
/// (`catalogue::Catalogue::parsed`); empty when it did not.
const PARSED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/catalogue.parsed"));

/// The built-in catalogue, or the one at `path`; its problems, rendered, when it does not load.
pub fn load(path: Option<&Path>) -> Result<Catalogue, Error> {
    let result = match path {
        Some(path) => catalogue::load(path),
        // Read back from its parse, which the build made from this text after every check
        // passed; parsed and checked here when the build made none (the text has errors).
        None => catalogue::load_parsed(SourceFile::new(Path::new(BUILTIN_PATH), BUILTIN), PARSED),
    };
    result.map_err(|problems| {
        let help = match path {
            Some(_) => Said::new("catalogue_fix_given"),
            None => Said::new("catalogue_fix_builtin"),
        };
        Error::Catalogue { problems: problems.iter().map(ToString::to_string).collect(), help }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_built_in_catalogue_loads() {
        let catalogue = super::load(None).expect("the built-in catalogue loads");
        assert!(!catalogue.reasons().is_empty());
        assert!(catalogue.access_history().is_some());
    }

    /// What lets a start skip the parser and the checks: the copy compiled in passes every one
    /// of them, the parse the build made is the one its load records, and read back it gives
    /// the same document, spans included.
    #[test]
    fn the_built_in_catalogue_passes_every_check_and_its_parse_is_its_own() {
        let source = || catalogue::SourceFile::new(std::path::Path::new(super::BUILTIN_PATH), super::BUILTIN);
        let checked = catalogue::load_source(source()).unwrap_or_else(|p| panic!("{p}"));
        assert_eq!(checked.warnings().errors(), 0);
        assert!(checked.parsed().concat() == super::PARSED, "the build's tape is this text's");
        let read_back = catalogue::load_parsed(source(), super::PARSED).unwrap_or_else(|p| panic!("{p}"));
        assert_eq!(format!("{:#?}", read_back.document()), format!("{:#?}", checked.document()));
    }
}
