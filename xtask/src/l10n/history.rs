//! Where git history has it: the source text a stale translation was made from, found by
//! looking for the revision whose source text has the recorded fingerprint.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use catalogue::{Document, SourceFile, fingerprint};

use super::{Entry, State};

/// How many revisions of the catalogue to search, newest first.
const MAX_REVISIONS: usize = 200;

/// Fills `translated_from` of the stale entries whose recorded fingerprint matches the source
/// text at some earlier revision. Without git, or outside a repository, it does nothing.
pub fn fill_translated_from(catalogue: &Path, document: &Document, entries: &mut [Entry]) {
    let mut recorded: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut texts = Vec::new();
    catalogue::collect_texts(document, &mut texts);
    for (path, text) in &texts {
        for (lang, fp) in &text.fingerprints {
            recorded.insert((path.to_string(), lang.to_string()), fp.get_ref().clone());
        }
    }
    let mut wanted: Vec<usize> = (0..entries.len())
        .filter(|&i| {
            entries[i].state == State::Stale
                && recorded.contains_key(&(entries[i].path.to_string(), entries[i].lang.clone()))
        })
        .collect();
    if wanted.is_empty() {
        return;
    }
    let dir = catalogue.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = catalogue.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let Some(log) = git(dir, &["log", "--format=%H", &format!("-n{MAX_REVISIONS}"), "--", &name]) else { return };
    let source_language = document.meta.source_language.get_ref().clone();
    for rev in log.lines() {
        let Some(text) = git(dir, &["show", &format!("{rev}:./{name}")]) else { continue };
        let (Some(old), _) = catalogue::load_document(&SourceFile::new(&name, text)) else { continue };
        let mut old_texts = Vec::new();
        catalogue::collect_texts(&old, &mut old_texts);
        let by_path: BTreeMap<&str, &str> =
            old_texts.iter().filter_map(|(p, t)| Some((p.as_str(), t.get(source_language.as_str())?))).collect();
        wanted.retain(|&i| {
            let entry = &mut entries[i];
            let fp = &recorded[&(entry.path.to_string(), entry.lang.clone())];
            match by_path.get(entry.path.as_str()) {
                Some(old_source) if &fingerprint::of(old_source) == fp => {
                    entry.translated_from = Some(old_source.to_string());
                    false
                }
                _ => true,
            }
        });
        if wanted.is_empty() {
            break;
        }
    }
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git").arg("-C").arg(dir).args(args).output().ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8(output.stdout).ok()
}
