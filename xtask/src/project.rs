//! Where things are: the project root, the catalogue file and the templates directory.

use std::path::{Path, PathBuf};

/// The paths one run works on.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub catalogue: PathBuf,
    pub templates: PathBuf,
}

impl Project {
    /// The project at `root`, with the catalogue given or else the one TOML file in `catalogue/`.
    pub fn new(root: &Path, catalogue: Option<&Path>) -> Result<Self, String> {
        let catalogue = match catalogue {
            Some(path) => path.to_path_buf(),
            None => find_catalogue(&root.join("catalogue"))?,
        };
        Ok(Self { root: root.to_path_buf(), catalogue, templates: root.join("templates") })
    }

    /// The workspace this xtask was built in.
    pub fn default_root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
    }
}

fn find_catalogue(dir: &Path) -> Result<PathBuf, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("error: cannot read {}: {e}", dir.display()))?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    found.sort();
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(format!(
            "error: no catalogue (*.toml) in {}\n  = help: create one, or pass --catalogue FILE",
            dir.display()
        )),
        _ => Err(format!(
            "error: several catalogues in {}: {}\n  = help: pass --catalogue FILE to choose one",
            dir.display(),
            found.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// A path as users should see it: relative to the current directory or the project root.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let cwd = std::env::current_dir().ok();
    cwd.iter()
        .chain(std::iter::once(&root.to_path_buf()))
        .find_map(|base| absolute.strip_prefix(std::path::absolute(base).ok()?).ok().map(Path::to_path_buf))
        .unwrap_or(absolute)
}
