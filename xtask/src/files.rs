//! Bringing files on disk in line with generated outputs: write only what changed, each file
//! atomically; or, in check mode, write nothing and say what is stale, with a short diff.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use crate::generate::Output;

/// How many diff lines a stale file shows at most.
pub const DIFF_LINES: usize = 40;

/// Writes the outputs whose bytes differ from the files on disk; returns the paths written.
pub fn write_changed(root: &Path, outputs: &[Output]) -> io::Result<Vec<PathBuf>> {
    let mut changed = Vec::new();
    for output in outputs {
        let path = root.join(&output.path);
        if std::fs::read(&path).ok().as_deref() == Some(&output.bytes[..]) {
            continue;
        }
        write_atomically(&path, &output.bytes)?;
        changed.push(output.path.clone());
    }
    Ok(changed)
}

/// Writes a temporary file beside the target, then renames it over the target.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("output");
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
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
