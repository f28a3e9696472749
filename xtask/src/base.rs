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
        .map_err(|e| format!("error: cannot run git: {e}"))?;
    if !verify.status.success() {
        return Err(format!(
            "error: {}: no such revision in this repository\n  = help: give a tag, a branch or a commit (`git log --oneline` lists them)",
            rev.escape_debug()
        ));
    }
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["show", &format!("{rev}:./{name}")])
        .output()
        .map_err(|e| format!("error: cannot run git: {e}"))?;
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
    // A renamed reason keeps its old id as an alias: that id is not gone.
    let ids: BTreeSet<&str> = now
        .reasons
        .iter()
        .flat_map(|r| std::iter::once(r.id().as_str()).chain(r.renamed_from.iter().map(|a| a.get_ref().as_str())))
        .collect();
    let codes: BTreeSet<(&str, &str)> =
        now.reasons.iter().flat_map(|r| r.codes().map(move |c| (r.model().as_str(), c.as_str()))).collect();
    let mut out = Vec::new();
    let at = |span: std::ops::Range<usize>| -> Option<Position> { Some(old_source.position(span.start)) };
    for reason in &old.reasons {
        if !ids.contains(reason.id().as_str()) {
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
            let key = (reason.model().as_str(), code.get_ref().as_str());
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

/// Every page under `docs/` at `rev` (HTML and Markdown) with the ids it had: the links that
/// were published then. Empty when `docs/` did not exist at `rev`.
pub fn published_anchors(rev: &str, root: &Path) -> Result<Vec<(PathBuf, Vec<String>)>, String> {
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .map_err(|e| format!("error: cannot run git for --base: {e}"))
    };
    let listed = git(&["ls-tree", "-r", "--name-only", rev, "--", "docs"])?;
    if !listed.status.success() {
        return Ok(Vec::new());
    }
    let mut pages = Vec::new();
    for path in String::from_utf8_lossy(&listed.stdout).lines() {
        if !(path.ends_with(".html") || path.ends_with(".md")) {
            continue;
        }
        let shown = git(&["show", &format!("{rev}:{path}")])?;
        let text = String::from_utf8_lossy(&shown.stdout);
        // Only what generation published: its pages open with the "generated" notice, which
        // hand-written documents beside them do not.
        let generated = text.lines().take(3).any(|line| line.contains(crate::GENERATE_COMMAND));
        if shown.status.success() && generated {
            pages.push((PathBuf::from(path), ids_of(&text)));
        }
    }
    Ok(pages)
}

/// The values of every `id="…"` in a page.
pub fn ids_of(text: &str) -> Vec<String> {
    text.match_indices(" id=\"")
        .filter_map(|(at, needle)| {
            let rest = &text[at + needle.len()..];
            rest.find('"').map(|end| rest[..end].to_string())
        })
        .collect()
}

/// A page or an anchor that was published at `rev` and that today's outputs no longer have.
pub fn lost_anchors(
    rev: &str,
    published: &[(PathBuf, Vec<String>)],
    outputs: &[crate::generate::Output],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (path, ids) in published {
        let Some(now) = outputs.iter().find(|o| &o.path == path) else {
            out.push(
                Diagnostic::in_file(
                    path,
                    None,
                    Check::LostAnchor,
                    format!("{} was published at {rev} and is no longer generated", path.display()),
                )
                .with_help("links to the page exist: keep generating it"),
            );
            continue;
        };
        let current: BTreeSet<String> = ids_of(&String::from_utf8_lossy(&now.bytes)).into_iter().collect();
        for id in ids.iter().filter(|id| !current.contains(*id)) {
            out.push(
                Diagnostic::in_file(path, None, Check::LostAnchor, format!("#{id} of {} was published at {rev} and no longer resolves", path.display()))
                    .with_help(match id.strip_prefix(catalogue::anchors::CODE_PREFIX) {
                        Some(code) => format!("restore the code {code} (on a retired reason if it is no longer recorded): links to it exist"),
                        None => format!("if the reason was renamed, add `renamed_from = [\"{id}\"]` to it; a retired reason keeps its anchor"),
                    }),
            );
        }
    }
    out
}
