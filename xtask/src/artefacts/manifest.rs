//! `docs/generated-files.txt`: every file generation writes, itself included. The next run
//! reads it to find the files it wrote before and writes no longer (a language removed, an
//! artefact dropped): `generate` removes them and `check` reports them.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use crate::output::Output;

/// Where the manifest is, relative to the project root.
pub const MANIFEST: &str = "docs/generated-files.txt";

/// The manifest of a run's outputs, given their paths.
pub fn output(outputs: &[PathBuf]) -> Output {
    let mut paths: Vec<String> =
        outputs.iter().map(|path| listed(path)).chain(std::iter::once(MANIFEST.to_string())).collect();
    paths.sort();
    paths.dedup();
    let mut text = format!(
        "# {}: every file it writes. A file listed here that a later run no longer writes is removed by it.\n",
        crate::GENERATE_COMMAND
    );
    for path in paths {
        text.push_str(&path);
        text.push('\n');
    }
    Output { path: PathBuf::from(MANIFEST), bytes: text.into_bytes() }
}

/// The files the manifest on disk lists that these outputs no longer include and that still
/// exist. Only a relative path into a folder generation writes to counts: a hand-edited
/// manifest cannot make `generate` remove anything else.
pub fn orphans(root: &Path, outputs: &[PathBuf]) -> Vec<PathBuf> {
    let Ok(text) = std::fs::read_to_string(root.join(MANIFEST)) else { return Vec::new() };
    // Hashed, as the manifest writes them: forty thousand pages must not cost forty thousand
    // squared comparisons, nor a path's components parsed at every comparison.
    let produced: HashSet<String> = outputs.iter().map(|path| listed(path)).collect();
    let folders: HashSet<&str> = produced.iter().map(|path| folder(path)).collect();
    text.lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter(|line| Path::new(line).components().all(|c| matches!(c, Component::Normal(_))))
        .filter(|line| folders.contains(folder(line)) && !produced.contains(*line))
        .map(PathBuf::from)
        .filter(|path| root.join(path).is_file())
        .collect()
}

/// A path as the manifest lists it: `/` between its parts on every system.
fn listed(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The folder of a path as the manifest lists it (`""` at the top).
fn folder(listed: &str) -> &str {
    listed.rsplit_once('/').map_or("", |(folder, _)| folder)
}
