//! Bringing files on disk in line with generated outputs: write only what changed, each file
//! atomically and all of them or none; or, in check mode, write nothing and say what is stale,
//! with a short diff. Temporary files are `outfile`'s: removed on error and on a signal.

use std::collections::BTreeSet;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use outfile::{AtomicFile, NewFileMode};

use crate::generate::Output;

/// How many diff lines a stale file shows at most.
pub const DIFF_LINES: usize = 40;

/// Writes the outputs whose bytes differ from the files on disk; returns the paths written.
///
/// Every changed file is written to its temporary file first; only when all are written (and
/// flushed to disk, all at once) are they renamed into place, so an error (a full disk)
/// changes no file at all.
pub fn write_changed(root: &Path, outputs: &[Output]) -> io::Result<Vec<PathBuf>> {
    let mut staged = Vec::new();
    let mut changed = Vec::new();
    let mut made: BTreeSet<PathBuf> = BTreeSet::new();
    for output in outputs {
        let path = root.join(&output.path);
        if std::fs::read(&path).ok().as_deref() == Some(&output.bytes[..]) {
            continue;
        }
        // Each folder once, not once a file.
        if let Some(dir) = path.parent()
            && !made.contains(dir)
        {
            std::fs::create_dir_all(dir)?;
            made.insert(dir.to_path_buf());
        }
        let mut file = AtomicFile::create(&path, NewFileMode::Default)?;
        file.write_all(&output.bytes)?;
        // Closed at once: ten thousand reasons make forty thousand pages, more than a process
        // may hold open.
        staged.push(file.stage()?);
        changed.push(output.path.clone());
    }
    outfile::commit_all(staged)?;
    Ok(changed)
}

/// Writes one file atomically, keeping the mode of the file it replaces.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    outfile::write(path, bytes, NewFileMode::Default)
}

/// The folders generation and the l10n commands write to: every output's and the catalogue's.
pub fn written_dirs(root: &Path, outputs: &[Output], catalogue: &Path) -> BTreeSet<PathBuf> {
    outputs
        .iter()
        .filter_map(|o| root.join(&o.path).parent().map(Path::to_path_buf))
        .chain(catalogue.parent().map(Path::to_path_buf))
        .collect()
}

/// Temporary files in those folders, left by runs that were killed.
pub fn leftovers(dirs: &BTreeSet<PathBuf>) -> Vec<PathBuf> {
    dirs.iter().flat_map(|dir| outfile::leftovers(dir)).collect()
}

/// Removes the temporary files that runs no longer alive left in those folders; returns them.
pub fn remove_dead_leftovers(dirs: &BTreeSet<PathBuf>) -> Vec<PathBuf> {
    dirs.iter().flat_map(|dir| outfile::remove_dead_leftovers(dir)).collect()
}

/// A generated file whose copy on disk is not what generation gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    pub path: PathBuf,
    /// `None` when the file is missing; otherwise a unified diff, capped.
    pub diff: Option<String>,
}

/// Every output that is missing or differs on disk.
pub fn stale(root: &Path, outputs: &[Output]) -> Vec<Stale> {
    outputs
        .iter()
        .filter_map(|output| match std::fs::read(root.join(&output.path)) {
            Err(_) => Some(Stale { path: output.path.clone(), diff: None }),
            Ok(bytes) if bytes == output.bytes => None,
            Ok(bytes) => {
                Some(Stale { path: output.path.clone(), diff: Some(diff(&output.path, &bytes, &output.bytes)) })
            }
        })
        .collect()
}

/// A unified diff from the file on disk to the generated file, at most [`DIFF_LINES`] lines.
fn diff(path: &Path, old: &[u8], new: &[u8]) -> String {
    let old = String::from_utf8_lossy(old);
    let new = String::from_utf8_lossy(new);
    let shown = path.display().to_string();
    let text = similar::TextDiff::from_lines(old.as_ref(), new.as_ref())
        .unified_diff()
        .context_radius(2)
        .header(&format!("{shown} (on disk)"), &format!("{shown} (generated)"))
        .to_string();
    let lines: Vec<&str> = text.lines().collect();
    if lines.is_empty() {
        // Same lines, different bytes: line ends or a byte-order mark.
        return "  (the files differ only in line ends, a byte-order mark or the final newline)".to_string();
    }
    let mut out: Vec<String> = lines.iter().take(DIFF_LINES).map(|l| format!("  {l}")).collect();
    if lines.len() > DIFF_LINES {
        out.push(format!("  … {} more diff lines", lines.len() - DIFF_LINES));
    }
    out.join("\n")
}
