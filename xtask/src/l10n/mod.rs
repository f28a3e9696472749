//! The translators' workflow: which translations are current, stale or missing, recording that
//! a translation is current (`stamp`), and the PO round trip (`export`, `import`).

pub mod cli;
pub mod edit;
pub mod history;
pub mod import;
pub mod po;
pub mod tbx;
pub mod xliff;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use catalogue::{Document, SourceFile, Text, fingerprint};
use serde::Serialize;

/// Where a translation stands against its source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Current,
    Stale,
    Missing,
}

impl State {
    /// The state as `status` prints it and its JSON names it.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Current => "current",
            State::Stale => "stale",
            State::Missing => "missing",
        }
    }
}

/// One translated text of one language.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub path: catalogue::TextPath,
    pub lang: String,
    pub state: State,
    /// Characters of the source text: the work a stale or missing translation asks for.
    pub chars: usize,
    pub source: String,
    pub translation: Option<String>,
    /// The source text the translation was made from, where git history has it.
    pub translated_from: Option<String>,
    /// The catalogue's note for translators on this text.
    pub note: Option<String>,
    /// Where the text is shown, as `page.html#anchor` under `docs/<lang>/`.
    pub shown_on: Vec<String>,
    /// For a missing or stale translation: the current translation of the same source text
    /// elsewhere in the catalogue, and the path of that text.
    pub suggestion: Option<Suggestion>,
}

/// A translation offered for a text because another text with the same source has it.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    /// The text it is taken from.
    pub from: String,
    pub translation: String,
}

/// Every (text, translated language) of a document with its state, in the order of the file.
pub fn entries(document: &Document) -> Vec<Entry> {
    let source_language = document.meta.source_language.get_ref().clone();
    let languages: Vec<String> = document
        .languages
        .iter()
        .map(|l| l.key().to_string())
        .filter(|l| l.as_str() != source_language.as_str())
        .collect();
    let mut texts = Vec::new();
    catalogue::collect_texts(document, &mut texts);
    // Per (source text, language), the first current translation: what a repeat is offered.
    let mut current_translations: BTreeMap<(String, &str), (String, String)> = BTreeMap::new();
    for (path, text) in &texts {
        let Some(original) = text.get(source_language.as_str()) else { continue };
        let current = fingerprint::of(original);
        for lang in &languages {
            let translation = text.get(lang).filter(|t| !t.trim().is_empty());
            let stamped = text.fingerprint(lang).is_some_and(|f| *f.get_ref() == current);
            if let (Some(translation), true) = (translation, stamped) {
                current_translations
                    .entry((same_source(original), lang.as_str()))
                    .or_insert_with(|| (path.to_string(), translation.to_string()));
            }
        }
    }
    let mut out = Vec::new();
    for (path, text) in texts {
        let Some(original) = text.get(source_language.as_str()).filter(|t| !t.trim().is_empty()) else { continue };
        let current = fingerprint::of(original);
        let shown_on = crate::layout::shown_on(document, &path);
        for lang in &languages {
            let translation = text.get(lang).filter(|t| !t.trim().is_empty());
            let state = match (translation, text.fingerprint(lang)) {
                (None, _) => State::Missing,
                (Some(_), Some(recorded)) if recorded.get_ref() == &current => State::Current,
                (Some(_), _) => State::Stale,
            };
            let suggestion = (state != State::Current)
                .then(|| current_translations.get(&(same_source(original), lang.as_str())))
                .flatten()
                .filter(|(from, _)| *from != path.as_str())
                .map(|(from, translation)| Suggestion { from: from.clone(), translation: translation.clone() });
            out.push(Entry {
                path: path.clone(),
                lang: lang.clone(),
                state,
                chars: original.chars().count(),
                source: original.to_string(),
                translation: translation.map(str::to_string),
                translated_from: None,
                note: text.translator_note.as_ref().map(|n| n.get_ref().clone()),
                shown_on: shown_on.clone(),
                suggestion,
            });
        }
    }
    out
}

/// Does a text path fall under one of the paths a user named (`ui`, `neo-viewer-…`)?
pub fn selected(path: &str, wanted: &[String]) -> bool {
    wanted.iter().any(|w| path == w || path.strip_prefix(w.as_str()).is_some_and(|rest| rest.starts_with('.')))
}

/// What `stamp` did.
#[derive(Debug, Default)]
pub struct Stamped {
    /// The catalogue text with the new fingerprints.
    pub text: String,
    /// `path (lang)` of every translation stamped.
    pub stamped: Vec<String>,
    /// `path (lang)` of every selected translation left as it was, with why.
    pub left: Vec<(String, &'static str)>,
}

/// Records that the selected translations are current: sets their fingerprints to those of
/// their source texts. `wanted` selects texts by path or path prefix; `None` selects every text.
///
/// With `editorial` (a cosmetic edit of the source texts), `before` holds each path's source
/// text before the edit, and only translations that were current then are stamped: a
/// translation already stale stays stale, and one without a fingerprint stays unstamped.
pub fn stamp(
    source: &SourceFile,
    document: &Document,
    wanted: Option<&[String]>,
    editorial: Option<&BTreeMap<String, String>>,
) -> Stamped {
    let source_language = document.meta.source_language.get_ref().as_str();
    let mut texts: Vec<(catalogue::TextPath, &Text)> = Vec::new();
    catalogue::collect_texts(document, &mut texts);
    let mut edits = Vec::new();
    let mut out = Stamped::default();
    for (path, text) in texts {
        if wanted.is_some_and(|w| !selected(&path, w)) {
            continue;
        }
        let Some(original) = text.get(source_language) else { continue };
        let current = fingerprint::of(original);
        for (lang, _) in text.entries.iter().filter(|(l, v)| l != source_language && !v.get_ref().trim().is_empty()) {
            let name = format!("{path} ({lang})");
            let recorded = text.fingerprint(lang.as_str()).map(|f| f.get_ref().as_str());
            if recorded == Some(current.as_str()) {
                continue;
            }
            if let Some(before) = editorial {
                let was_current =
                    before.get(path.as_str()).is_some_and(|old| recorded == Some(fingerprint::of(old).as_str()));
                if !was_current {
                    let why = if recorded.is_none() { "it has no fingerprint" } else { "it was already stale" };
                    out.left.push((name, why));
                    continue;
                }
            }
            if let Some(edit) = edit::set_fingerprint(source.text(), text, lang.as_str(), &current) {
                edits.push(edit);
                out.stamped.push(name);
            }
        }
    }
    out.text = edit::apply(source.text(), edits);
    out
}

/// What `propagate` did.
#[derive(Debug, Default)]
pub struct Propagated {
    /// The catalogue text with the translations copied.
    pub text: String,
    /// `path (lang)` of every translation copied.
    pub copied: Vec<String>,
}

/// The form two source texts are compared in to be called the same: NFC, trimmed.
pub fn same_source(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.trim().nfc().collect()
}

/// Copies the translation of the text at `path` into `langs` to every other text whose source
/// text is the same, each stamped as current. `Err` says why nothing was copied: no such text,
/// or a translation of it that is missing or stale (update and stamp it first).
pub fn propagate(source: &SourceFile, document: &Document, path: &str, langs: &[String]) -> Result<Propagated, String> {
    let source_language = document.meta.source_language.get_ref().as_str();
    let mut texts: Vec<(catalogue::TextPath, &Text)> = Vec::new();
    catalogue::collect_texts(document, &mut texts);
    let Some((_, chosen)) = texts.iter().find(|(p, _)| p.as_str() == path) else {
        let hint = catalogue::suggest::did_you_mean(path, texts.iter().map(|(p, _)| p.as_str()))
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        return Err(format!("no text `{path}` in the catalogue{hint}"));
    };
    let Some(original) = chosen.get(source_language) else {
        return Err(format!("`{path}` has no `{source_language}` text"));
    };
    let current = fingerprint::of(original);
    let key = same_source(original);
    let mut edits = Vec::new();
    let mut out = Propagated::default();
    for lang in langs {
        let Some(translation) = chosen.get(lang).filter(|t| !t.trim().is_empty()) else {
            return Err(format!("`{path}` has no `{lang}` translation to copy"));
        };
        if chosen.fingerprint(lang).map(|f| f.get_ref().as_str()) != Some(current.as_str()) {
            return Err(format!(
                "the `{lang}` translation of `{path}` is stale; update it and run `cargo xtask l10n stamp {path}` first"
            ));
        }
        for (other, text) in texts
            .iter()
            .filter(|(p, t)| p.as_str() != path && t.get(source_language).is_some_and(|o| same_source(o) == key))
        {
            let same = text.get(lang) == Some(translation);
            let stamped = text.fingerprint(lang).map(|f| f.get_ref().as_str()) == Some(current.as_str());
            if same && stamped {
                continue;
            }
            if text.entry(lang).is_none() {
                edits.extend(edit::add_translation(source.text(), text, lang, translation, &current));
            } else {
                edits.extend(edit::set_translation(text, lang, translation));
                edits.extend(edit::set_fingerprint(source.text(), text, lang, &current));
            }
            out.copied.push(format!("{other} ({lang})"));
        }
    }
    out.text = edit::apply(source.text(), edits);
    Ok(out)
}

/// Each text's source-language text, by path.
pub fn source_texts(document: &Document) -> BTreeMap<String, String> {
    let source_language = document.meta.source_language.get_ref().as_str();
    let mut texts = Vec::new();
    catalogue::collect_texts(document, &mut texts);
    texts
        .into_iter()
        .filter_map(|(path, text)| Some((path.to_string(), text.get(source_language)?.to_string())))
        .collect()
}

/// Counts and characters of one state in one language.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct Tally {
    pub texts: usize,
    pub chars: usize,
}

/// The status report: per language, the tallies, then every stale or missing text.
#[derive(Debug, Serialize)]
pub struct Status {
    pub source_language: String,
    pub languages: BTreeMap<String, BTreeMap<String, Tally>>,
    pub pending: Vec<Entry>,
}

pub fn status(source_language: &str, entries: Vec<Entry>) -> Status {
    let mut languages: BTreeMap<String, BTreeMap<String, Tally>> = BTreeMap::new();
    for entry in &entries {
        let tallies = languages.entry(entry.lang.clone()).or_default();
        for state in [State::Current, State::Stale, State::Missing] {
            tallies.entry(state.as_str().to_string()).or_default();
        }
        let tally = tallies.entry(entry.state.as_str().to_string()).or_default();
        tally.texts += 1;
        tally.chars += entry.chars;
    }
    let pending = entries.into_iter().filter(|e| e.state != State::Current).collect();
    Status { source_language: source_language.to_string(), languages, pending }
}

/// The status as people read it.
pub fn status_text(status: &Status) -> String {
    let source_language = &status.source_language;
    let mut out = String::new();
    for (lang, tallies) in &status.languages {
        let part = |state: &str| tallies.get(state).copied().unwrap_or_default();
        let _ = writeln!(
            out,
            "{lang}: {} current, {} stale ({} chars), {} missing ({} chars)",
            part("current").texts,
            part("stale").texts,
            part("stale").chars,
            part("missing").texts,
            part("missing").chars
        );
    }
    for entry in &status.pending {
        let state = entry.state.as_str();
        let _ = writeln!(out, "\n{state} {} {}", entry.lang, entry.path);
        let mut lines = Vec::new();
        if let Some(from) = &entry.translated_from {
            lines.push((format!("{source_language}, translated from:"), from));
        }
        lines.push((format!("{source_language}, now:"), &entry.source));
        if let Some(translation) = &entry.translation {
            lines.push((format!("{}:", entry.lang), translation));
        }
        let suggested = entry.suggestion.as_ref().map(|s| format!("{} (from `{}`)", s.translation, s.from));
        if let Some(suggested) = &suggested {
            lines.push(("suggested:".to_string(), suggested));
        }
        if let Some(note) = &entry.note {
            lines.push(("note:".to_string(), note));
        }
        let width = lines.iter().map(|(label, _)| label.chars().count()).max().unwrap_or(0);
        for (label, text) in lines {
            let _ = writeln!(out, "  {label:width$} {text}");
        }
    }
    out
}
