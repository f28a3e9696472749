//! Bringing translations from a PO file back into the catalogue: each message accepted or
//! refused with a reason, accepted ones written into their texts by span (everything else in
//! the file stays byte for byte) and their fingerprints stamped.

use std::collections::{BTreeMap, BTreeSet};

use catalogue::{Check, Document, Severity, SourceFile, Text, fingerprint};
use unicode_normalization::UnicodeNormalization;

use super::edit::{self, Edit};
use super::po::Message;

/// A message that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The line of the message in the PO file.
    pub line: usize,
    /// Its `msgctxt`, the text's path.
    pub path: String,
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Default)]
pub struct Imported {
    /// The catalogue text with the accepted translations.
    pub text: String,
    /// Paths whose translation changed, or whose fingerprint was stamped.
    pub changed: Vec<String>,
    /// Accepted messages that matched the catalogue already.
    pub unchanged: usize,
    /// Messages with an empty `msgstr`, left alone.
    pub untranslated: usize,
    /// Messages the file marks as not ready (`fuzzy`), left alone: a translator's own say.
    pub fuzzy: usize,
    pub refused: Vec<Refused>,
    /// Warnings the imported translations bring (`path`, the warning), as `check` reports them.
    pub warnings: Vec<(String, String)>,
}

/// Applies `messages` of language `lang` to the catalogue. A message is accepted when it is not
/// fuzzy, names a text of the catalogue, has that text's current source as its `msgid`, and
/// leaves the catalogue free of errors. `Err` is an error of the edited catalogue that no text
/// owns (a bug, not a translation): nothing is imported then.
pub fn import(source: &SourceFile, document: &Document, lang: &str, messages: &[Message]) -> Result<Imported, String> {
    let source_language = document.meta.source_language.get_ref().as_str();
    let mut texts: Vec<(catalogue::TextPath, &Text)> = Vec::new();
    catalogue::collect_texts(document, &mut texts);
    let by_path: BTreeMap<&str, &Text> = texts.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    let mut out = Imported::default();
    let mut seen = BTreeSet::new();
    let mut accepted: Vec<(&Message, &str, &Text)> = Vec::new();
    for message in messages {
        let path = message.msgctxt.clone().unwrap_or_default();
        let mut refuse = |reason: String| out.refused.push(Refused { line: message.line, path: path.clone(), reason });
        let Some((&key, &text)) = by_path.get_key_value(path.as_str()) else {
            refuse(if message.msgctxt.is_none() {
                "it has no msgctxt, so it names no text; export the file again".into()
            } else {
                "the catalogue has no text by this name; export the file again".into()
            });
            continue;
        };
        if !seen.insert(key) {
            refuse("a second message for this text; only the first one counts".into());
            continue;
        }
        if message.plural {
            refuse("it has plural forms; catalogue texts have none".into());
            continue;
        }
        if message.msgstr.is_empty() {
            out.untranslated += 1;
            continue;
        }
        if message.fuzzy {
            out.fuzzy += 1;
            continue;
        }
        let current = text.tr(source_language);
        if normalized(&message.msgid) != normalized(current) {
            refuse(format!(
                "its msgid is not the current `{source_language}` text, which has changed since the export; export the file again\n  msgid: {}\n  now:   {current}",
                message.msgid
            ));
            continue;
        }
        accepted.push((message, key, text));
    }
    // An accepted translation that would make the catalogue wrong (a lost code or link, a
    // broken bracket that is an error) is refused with the problem, and the rest applied again.
    let existing = errors_of(source);
    loop {
        let (text, changed, unchanged) = apply(source, document, lang, &accepted);
        let problems = introduced_errors(source, &text, &existing);
        if problems.is_empty() {
            out.text = text;
            out.changed = changed;
            out.unchanged = unchanged;
            break;
        }
        if let Some(reason) = problems.get("") {
            return Err(reason.clone());
        }
        accepted.retain(|(message, path, _)| match problems.get(*path) {
            Some(reason) => {
                out.refused.push(Refused {
                    line: message.line,
                    path: path.to_string(),
                    reason: format!("the catalogue would have an error: {reason}"),
                });
                false
            }
            None => true,
        });
    }
    out.refused.sort_by_key(|r| r.line);
    out.warnings = introduced_warnings(source, &out.text, &out.changed);
    Ok(out)
}

/// The warnings of the edited catalogue inside the texts an import changed, as `check` words
/// them: what a translator should look at again, though nothing stops the import.
fn introduced_warnings(original: &SourceFile, text: &str, changed: &[String]) -> Vec<(String, String)> {
    if changed.is_empty() {
        return Vec::new();
    }
    let edited = SourceFile::new(original.path(), text);
    let (Some(document), problems) = catalogue::load_document(&edited) else { return Vec::new() };
    let mut texts = Vec::new();
    catalogue::collect_texts(&document, &mut texts);
    let mut out = Vec::new();
    for problem in problems.iter().filter(|d| d.severity == Severity::Warning && d.check != Check::StaleTranslation) {
        let within = |span: &std::ops::Range<usize>| span.start <= problem.span.start && problem.span.end <= span.end;
        let owner = texts
            .iter()
            .find(|(_, t)| within(&t.span) || t.entries.iter().any(|(_, v)| within(&v.span())))
            .map(|(path, _)| path.to_string());
        if let Some(path) = owner.filter(|p| changed.contains(p)) {
            out.push((path, format!("warning[{}]: {}", problem.code(), problem.message)));
        }
    }
    out
}

/// NFC, trimmed: the form fingerprints are taken of, so that invisible differences a PO editor
/// may introduce do not refuse a message.
fn normalized(text: &str) -> String {
    text.trim().nfc().collect()
}

/// The catalogue text with the accepted messages' translations and fingerprints set.
fn apply(
    source: &SourceFile,
    document: &Document,
    lang: &str,
    accepted: &[(&Message, &str, &Text)],
) -> (String, Vec<String>, usize) {
    let source_language = document.meta.source_language.get_ref().as_str();
    let mut edits: Vec<Edit> = Vec::new();
    let mut changed = Vec::new();
    let mut unchanged = 0;
    for (message, path, text) in accepted {
        let current = fingerprint::of(text.tr(source_language));
        let mut any = false;
        if text.entry(lang).is_none() {
            edits.extend(edit::add_translation(source.text(), text, lang, &message.msgstr, &current));
            changed.push(path.to_string());
            continue;
        }
        if text.get(lang) != Some(message.msgstr.as_str()) {
            edits.extend(edit::set_translation(text, lang, &message.msgstr));
            any = true;
        }
        if text.fingerprint(lang).map(|f| f.get_ref().as_str()) != Some(current.as_str()) {
            edits.extend(edit::set_fingerprint(source.text(), text, lang, &current));
            any = true;
        }
        if any {
            changed.push(path.to_string());
        } else {
            unchanged += 1;
        }
    }
    (edit::apply(source.text(), edits), changed, unchanged)
}

/// The errors a catalogue already has (missing translations, which do not stop an import).
fn errors_of(source: &SourceFile) -> BTreeSet<(Check, String)> {
    let (_, problems) = catalogue::load_document(source);
    problems.iter().filter(|d| d.severity == Severity::Error).map(|d| (d.check, d.message.clone())).collect()
}

/// The errors of the edited catalogue that the original does not have, by the path of the text
/// they are in; an error outside every text is filed under the empty path.
fn introduced_errors(
    original: &SourceFile,
    text: &str,
    before: &BTreeSet<(Check, String)>,
) -> BTreeMap<String, String> {
    if text == original.text() {
        return BTreeMap::new();
    }
    let edited = SourceFile::new(original.path(), text);
    let (document, problems) = catalogue::load_document(&edited);
    let mut texts = Vec::new();
    if let Some(document) = &document {
        catalogue::collect_texts(document, &mut texts);
    }
    let mut out = BTreeMap::new();
    for problem in problems.iter().filter(|d| d.severity == Severity::Error) {
        if before.contains(&(problem.check, problem.message.clone())) {
            continue;
        }
        let within = |span: std::ops::Range<usize>| span.start <= problem.span.start && problem.span.end <= span.end;
        let owner = texts
            .iter()
            .find(|(_, t)| {
                within(t.span.clone()) || t.entries.iter().chain(&t.fingerprints).any(|(_, v)| within(v.span()))
            })
            .map(|(path, _)| path.to_string())
            .unwrap_or_default();
        out.entry(owner)
            .or_insert_with(|| format!("{}[{}]: {}", problem.severity.as_str(), problem.code(), problem.message));
    }
    if document.is_none() && out.is_empty() {
        out.insert(String::new(), "the edited catalogue does not parse".into());
    }
    out
}
