//! `<out>/generated-files.txt` (`docs/generated-files.txt` for the project's own catalogue):
//! every file a catalogue's generation writes, itself included. The next run reads it to find
//! the files it wrote before and writes no longer (a language removed, an artefact dropped):
//! `generate` removes them and `check` reports them. Each catalogue's manifest is under its own
//! output root, so one product's run never removes another's files.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use crate::output::Output;

/// Where the manifest of the files generated under `out` is, relative to the project root.
pub fn path(out: &Path) -> PathBuf {
    out.join(catalogue::site::MANIFEST)
}

/// The manifest of a run's outputs under `out`, given their paths.
pub fn output(out: &Path, outputs: &[PathBuf]) -> Output {
    let manifest = path(out);
    let mut paths: Vec<String> =
        outputs.iter().map(|path| listed(path)).chain(std::iter::once(listed(&manifest))).collect();
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
    Output { path: manifest, bytes: text.into_bytes() }
}

/// The files the manifest on disk lists that these outputs no longer include and that still
/// exist. Only a relative path into a folder generation writes to counts: a hand-edited
/// manifest cannot make `generate` remove anything else.
pub fn orphans(root: &Path, out: &Path, outputs: &[PathBuf]) -> Vec<PathBuf> {
    let Ok(text) = std::fs::read_to_string(root.join(path(out))) else { return Vec::new() };
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
