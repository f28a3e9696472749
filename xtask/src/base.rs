//! `--base REV`: reason ids and codes are forever. Anything the catalogue had at the base
//! revision (CI passes the merge base) must still be there, retired if no longer recorded.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use catalogue::{Check, Diagnostic, Document, Position, SourceFile};

/// The catalogue file as it was at `rev`, or `None` when it did not exist then.
pub fn catalogue_at(rev: &str, path: &Path) -> Result<Option<String>, String> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let verify = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")])
        .output()
        .map_err(|e| format!("error: cannot run git for --base: {e}"))?;
    if !verify.status.success() {
        return Err(format!("error: --base {rev}: no such revision in this repository"));
    }
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["show", &format!("{rev}:./{name}")])
        .output()
        .map_err(|e| format!("error: cannot run git for --base: {e}"))?;
    if !output.status.success() {
        return Ok(None);
    }
    String::from_utf8(output.stdout).map(Some).map_err(|_| format!("error: {name} at {rev} is not UTF-8"))
}

/// Every reason id and every (model, code) that `before` had and `now` lacks. `now` is the
/// current document, decoded even when it has other problems; nothing is compared while a
/// reason fails to decode, since its id would look removed.
pub fn compare(rev: &str, shown: &Path, before: &str, now: &Document) -> Vec<Diagnostic> {
    if !now.has_every_reason() {
        return Vec::new();
    }
    let old_path = PathBuf::from(format!("{rev}:{}", shown.display()));
    let old_source = SourceFile::new(&old_path, before);
    let old = match catalogue::load_document(&old_source) {
        (Some(old), _) if old.has_every_reason() => old,
        _ => {
            return vec![
                Diagnostic::in_file(
                    old_path,
                    None,
                    Check::Io,
                    format!("the catalogue at {rev} does not load, so ids and codes cannot be compared with it"),
                )
                .with_help("pass an older --base, or fix the catalogue at that revision first"),
            ];
        }
    };
    let ids: BTreeSet<&str> = now.reasons.iter().map(|r| r.id()).collect();
    let codes: BTreeSet<(&str, &str)> =
        now.reasons.iter().flat_map(|r| r.codes().map(move |c| (r.model(), c))).collect();
    let mut out = Vec::new();
    let at = |span: std::ops::Range<usize>| -> Option<Position> { Some(old_source.position(span.start)) };
    for reason in &old.reasons {
        if !ids.contains(reason.id()) {
            out.push(
                Diagnostic::in_file(
                    &old_path,
                    at(reason.id.span()),
                    Check::RemovedId,
                    format!("reason `{}` existed at {rev} and is gone", reason.id()),
                )
                .with_help("restore it and mark it retired with a note (`retired = { … }`): links to it exist"),
            );
            continue;
        }
        for code in reason.codes.get_ref() {
            let key = (reason.model(), code.get_ref().as_str());
            if !codes.contains(&key) {
                out.push(
                    Diagnostic::in_file(
                        &old_path,
                        at(code.span()),
                        Check::RemovedCode,
                        format!("code {} of model `{}` existed at {rev} and is gone", key.1, key.0),
                    )
                    .with_help("restore the code, on a reason marked retired if it is no longer recorded"),
                );
            }
        }
    }
    out
}
