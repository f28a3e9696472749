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

/// The built-in catalogue, or the one at `path`; its problems, rendered, when it does not load.
pub fn load(path: Option<&Path>) -> Result<Catalogue, Error> {
    let result = match path {
        Some(path) => catalogue::load(path),
        None => catalogue::load_source(SourceFile::new(Path::new(BUILTIN_PATH), BUILTIN)),
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
}
