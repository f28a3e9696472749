//! Where things are: the project root, the catalogue file and the templates directory.

use std::path::{Path, PathBuf};

/// The paths one run works on.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub catalogue: PathBuf,
    pub templates: PathBuf,
    /// Is the catalogue the project's own (the one in `catalogue/`)? Only its run writes the
    /// files that belong to the repository (the Rust tables, the saved parse, the schema, the
    /// checks' index), and its site goes to `docs/` unless it says otherwise.
    pub builtin: bool,
    /// The output folder given with `--out`, relative to the root.
    pub out: Option<PathBuf>,
}

impl Project {
    /// The project at `root`, with the catalogue given or else the one TOML file in `catalogue/`.
    pub fn new(root: &Path, catalogue: Option<&Path>) -> Result<Self, String> {
        let own = find_catalogue(&root.join("catalogue"));
        let (catalogue, builtin) = match catalogue {
            Some(path) => {
                let same = own.as_ref().is_ok_and(|own| same_file(own, path));
                (path.to_path_buf(), same)
            }
            None => (own?, true),
        };
        Ok(Self { root: root.to_path_buf(), catalogue, templates: root.join("templates"), builtin, out: None })
    }

    /// The same project, its files written under `out` (`--out`).
    pub fn with_out(mut self, out: Option<PathBuf>) -> Self {
        self.out = out;
        self
    }

    /// Where this catalogue's files are generated, relative to the root: `--out`, else the
    /// folder the catalogue declares, else `docs` for the project's own catalogue. Another
    /// catalogue that declares none is refused rather than written over the project's pages.
    pub fn output_root(&self, catalogue: &catalogue::Catalogue) -> Result<PathBuf, String> {
        if let Some(out) = &self.out {
            return Ok(out.clone());
        }
        match catalogue.declared_output() {
            Some(declared) => Ok(PathBuf::from(declared)),
            None if self.builtin => Ok(PathBuf::from(catalogue::site::DEFAULT_ROOT)),
            None => Err(format!(
                "error: {} does not say where its files go, and {} belongs to the project's own catalogue\n  = help: add `output = \"out/<name>\"` under [site] in the catalogue, or pass --out DIR",
                self.catalogue.display(),
                catalogue::site::DEFAULT_ROOT
            )),
        }
    }

    /// The workspace this xtask was built in.
    pub fn default_root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
    }
}

/// Do both paths name the same file?
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
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
