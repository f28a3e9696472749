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
        // Proven valid where the binary was built (its tests load it with every check, below),
        // so a start only parses it.
        None => catalogue::load_trusted(SourceFile::new(Path::new(BUILTIN_PATH), BUILTIN)),
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

    /// What lets a start skip the checks: the copy compiled in passes every one of them, and
    /// the trusted load gives the same catalogue.
    #[test]
    fn the_built_in_catalogue_passes_every_check() {
        let source = || catalogue::SourceFile::new(std::path::Path::new(super::BUILTIN_PATH), super::BUILTIN);
        let checked = catalogue::load_source(source()).unwrap_or_else(|p| panic!("{p}"));
        assert_eq!(checked.warnings().errors(), 0);
        let trusted = catalogue::load_trusted(source()).unwrap_or_else(|p| panic!("{p}"));
        let ids = |c: &catalogue::Catalogue| c.reasons().iter().map(|r| r.id().to_string()).collect::<Vec<_>>();
        assert_eq!(ids(&trusted), ids(&checked));
        assert_eq!(trusted.codes(), checked.codes());
    }
}
