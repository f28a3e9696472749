//! `cargo xtask changelog FROM [TO]`: what changed in the catalogue between two revisions, for
//! support desks and translators. Reasons and codes added, retired, removed and renamed; per
//! reason, which of its fields changed; per translated language, which translations became
//! stale, current or missing. [`compare`] is a pure function of the two documents;
//! [`notes`] writes it as Markdown in every language, and `--format json` as data.
//!
//! The documents are compared decoded, not validated: an old revision that a check added since
//! would refuse still has release notes.

pub mod notes;

use std::collections::{BTreeMap, BTreeSet};

use catalogue::{Document, Reason, Text, TextPath};
use serde::Serialize;

use crate::l10n::{self, State};

/// What changed from one document to another.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Changes {
    pub reasons: ReasonChanges,
    pub codes: CodeChanges,
    /// Entries of reference codes added, removed or changed, by key.
    pub reference_codes: Vec<ReferenceChange>,
    /// Per translated language, in the order of the catalogue: what changed of its translations.
    pub translations: Vec<TranslationChanges>,
}

impl Changes {
    /// Nothing at all changed that the notes report.
    pub fn is_empty(&self) -> bool {
        let r = &self.reasons;
        r.added.is_empty()
            && r.renamed.is_empty()
            && r.retired.is_empty()
            && r.removed.is_empty()
            && r.changed.is_empty()
            && self.codes.added.is_empty()
            && self.codes.retired.is_empty()
            && self.codes.removed.is_empty()
            && self.reference_codes.is_empty()
            && self.translations.iter().all(TranslationChanges::is_empty)
    }
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct ReasonChanges {
    /// Ids new in the later document, in its order.
    pub added: Vec<String>,
    /// Reasons whose id changed, the old id kept in `renamed_from`.
    pub renamed: Vec<Renamed>,
    /// Ids retired in the later document (they stay, marked).
    pub retired: Vec<String>,
    /// Ids of the earlier document that the later one has under no id (which `check --base`
    /// refuses: links to them exist).
    pub removed: Vec<String>,
    /// Reasons in both whose fields changed, in the later document's order.
    pub changed: Vec<ReasonChange>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Renamed {
    pub from: String,
    pub to: String,
}

/// A field of a reason, by the key the catalogue gives it. The order is the order a reason's
/// fields are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Model,
    Codes,
    Side,
    ProductTypes,
    Message,
    Remedy,
    Notes,
    SharedCodes,
    Links,
    Console,
    Retired,
    RenamedFrom,
    /// Where a text or the side comes from (`source`, `given_for`, `side_source`).
    Provenance,
}

impl Field {
    /// Every field, in order.
    pub const ALL: [Field; 13] = [
        Field::Model,
        Field::Codes,
        Field::Side,
        Field::ProductTypes,
        Field::Message,
        Field::Remedy,
        Field::Notes,
        Field::SharedCodes,
        Field::Links,
        Field::Console,
        Field::Retired,
        Field::RenamedFrom,
        Field::Provenance,
    ];

    /// The field a text of a reason belongs to, from the part of its path after the id.
    fn of_text(part: &str) -> Option<Field> {
        Some(match part {
            "message" => Field::Message,
            "remedy" => Field::Remedy,
            "notes" => Field::Notes,
            "shared_codes" => Field::SharedCodes,
            "retired" => Field::Retired,
            _ => return None,
        })
    }

    /// The `[ui]` label that names the field in the notes.
    pub fn label(self) -> &'static str {
        match self {
            Field::Model => "model",
            Field::Codes => "codes",
            Field::Side => "side",
            Field::ProductTypes => "product_types",
            Field::Message => "message",
            Field::Remedy => "remedy",
            Field::Notes => "notes",
            Field::SharedCodes => "changelog_shared_codes",
            Field::Links => "links",
            Field::Console => "changelog_console",
            Field::Retired => "changelog_retirement",
            Field::RenamedFrom => "changelog_former_ids",
            Field::Provenance => "changelog_provenance",
        }
    }
}

/// One reason whose fields changed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ReasonChange {
    pub id: String,
    pub fields: Vec<Field>,
    /// Each text of the reason that changed (its path in the later document), with the
    /// languages whose words changed; a text added or removed lists every language it has.
    pub texts: Vec<TextChange>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TextChange {
    pub path: String,
    pub languages: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct CodeChanges {
    /// (model, code) pairs a current reason records and no earlier reason did.
    pub added: Vec<ModelCode>,
    /// Pairs whose every reason is retired now, and were not before.
    pub retired: Vec<ModelCode>,
    /// Pairs no reason of the later document has.
    pub removed: Vec<ModelCode>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ModelCode {
    pub model: String,
    pub code: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ReferenceChange {
    pub key: String,
    pub change: Change,
    /// The entry's codes, in the later document (the earlier one's, if removed).
    pub codes: Vec<String>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Added,
    Removed,
    Changed,
}

/// What changed of one language's translations.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TranslationChanges {
    pub language: String,
    /// Texts whose translation was current (or did not exist) and is now made from an older
    /// source text.
    pub stale: Vec<String>,
    /// Texts whose translation is now current and was not.
    pub current: Vec<String>,
    /// Texts that now have no translation and had one, or are new without one.
    pub missing: Vec<String>,
}

impl TranslationChanges {
    pub fn is_empty(&self) -> bool {
        self.stale.is_empty() && self.current.is_empty() && self.missing.is_empty()
    }
}

/// What changed from `before` to `after`.
pub fn compare(before: &Document, after: &Document) -> Changes {
    // Each earlier id's reason in the later document: the same id, or the reason that lists
    // it in `renamed_from`.
    let mut later: BTreeMap<&str, &Reason> = BTreeMap::new();
    for reason in &after.reasons {
        for alias in &reason.renamed_from {
            later.entry(alias.get_ref().as_str()).or_insert(reason);
        }
    }
    for reason in &after.reasons {
        later.insert(reason.id().as_str(), reason);
    }
    let earlier_ids: BTreeSet<&str> = before.reasons.iter().map(|r| r.id().as_str()).collect();
    let mut reasons = ReasonChanges::default();
    // The later id of each earlier one, to compare the texts of renamed reasons.
    let mut new_id: BTreeMap<&str, &str> = BTreeMap::new();
    for old in &before.reasons {
        match later.get(old.id().as_str()) {
            None => reasons.removed.push(old.id().to_string()),
            Some(now) => {
                new_id.insert(old.id().as_str(), now.id().as_str());
                if now.id() != old.id() && !earlier_ids.contains(now.id().as_str()) {
                    reasons.renamed.push(Renamed { from: old.id().to_string(), to: now.id().to_string() });
                }
            }
        }
    }
    let matched: BTreeMap<&str, &Reason> =
        before.reasons.iter().filter_map(|old| Some((*new_id.get(old.id().as_str())?, old))).collect();
    let before_texts = texts_by_reason(before, &new_id);
    let after_texts = texts_by_reason(after, &BTreeMap::new());
    for now in &after.reasons {
        let Some(old) = matched.get(now.id().as_str()) else {
            reasons.added.push(now.id().to_string());
            continue;
        };
        if now.retired.is_some() && old.retired.is_none() {
            reasons.retired.push(now.id().to_string());
        }
        let empty = BTreeMap::new();
        let was = before_texts.get(now.id().as_str()).unwrap_or(&empty);
        let is = after_texts.get(now.id().as_str()).unwrap_or(&empty);
        if let Some(change) = reason_change(old, now, was, is) {
            reasons.changed.push(change);
        }
    }
    Changes {
        reasons,
        codes: code_changes(before, after),
        reference_codes: reference_changes(before, after),
        translations: translation_changes(before, after, &new_id),
    }
}

/// Each reason's texts by their path, under the reason's later id.
fn texts_by_reason<'d>(
    document: &'d Document,
    renamed: &BTreeMap<&str, &str>,
) -> BTreeMap<String, BTreeMap<String, &'d Text>> {
    let ids: BTreeSet<&str> = document.reasons.iter().map(|r| r.id().as_str()).collect();
    let mut texts = Vec::new();
    catalogue::collect_texts(document, &mut texts);
    let mut out: BTreeMap<String, BTreeMap<String, &Text>> = BTreeMap::new();
    for (path, text) in texts {
        let owner = path.owner();
        if !ids.contains(owner) {
            continue;
        }
        let id = renamed.get(owner).copied().unwrap_or(owner);
        out.entry(id.to_string()).or_default().insert(later_path(&path, id), text);
    }
    out
}

/// A text's path with its owner written as `id`.
fn later_path(path: &TextPath, id: &str) -> String {
    format!("{id}{}", &path.as_str()[path.owner().len()..])
}

/// The keys of a list, as strings.
fn keys<K: std::fmt::Display>(list: &[catalogue::Spanned<K>]) -> Vec<String> {
    list.iter().map(|k| k.get_ref().to_string()).collect()
}

fn reason_change(
    old: &Reason,
    now: &Reason,
    was: &BTreeMap<String, &Text>,
    is: &BTreeMap<String, &Text>,
) -> Option<ReasonChange> {
    let mut fields = BTreeSet::new();
    if old.model() != now.model() {
        fields.insert(Field::Model);
    }
    if old.codes().collect::<Vec<_>>() != now.codes().collect::<Vec<_>>() {
        fields.insert(Field::Codes);
    }
    if old.side.get_ref() != now.side.get_ref() {
        fields.insert(Field::Side);
    }
    if keys(&old.product_types) != keys(&now.product_types) {
        fields.insert(Field::ProductTypes);
    }
    if keys(&old.links) != keys(&now.links) {
        fields.insert(Field::Links);
    }
    let console = |r: &Reason| -> Vec<(String, String)> {
        r.console.iter().map(|c| (c.lang.get_ref().to_string(), c.text.get_ref().clone())).collect()
    };
    if console(old) != console(now) {
        fields.insert(Field::Console);
    }
    // A rename adds the old id to the former ids: the notes say so under renamed reasons.
    let aliases = |r: &Reason| -> BTreeSet<String> {
        r.renamed_from.iter().map(|a| a.get_ref().to_string()).filter(|a| a != old.id().as_str()).collect()
    };
    if aliases(old) != aliases(now) {
        fields.insert(Field::RenamedFrom);
    }
    if old.side_source.as_ref().map(|s| s.get_ref()) != now.side_source.as_ref().map(|s| s.get_ref()) {
        fields.insert(Field::Provenance);
    }
    // Who acts in a step and whom it is for belong to the remedy.
    let steps = |r: &Reason| -> Vec<(Option<String>, Vec<String>)> {
        r.remedy
            .get_ref()
            .iter()
            .map(|s| (s.by.as_ref().map(|b| b.get_ref().to_string()), keys(&s.applies_to)))
            .collect()
    };
    if steps(old) != steps(now) {
        fields.insert(Field::Remedy);
    }
    let mut texts = Vec::new();
    let paths: BTreeSet<&String> = was.keys().chain(is.keys()).collect();
    // In the order of the later file, then what only the earlier one had.
    let mut ordered: Vec<&String> = is.keys().filter(|p| paths.contains(p)).collect();
    ordered.sort_by_key(|p| is.get(*p).map(|t| t.span.start));
    ordered.extend(was.keys().filter(|p| !is.contains_key(*p)));
    for path in ordered {
        let field = path[now.id().as_str().len()..].trim_start_matches('.').split('.').next().and_then(Field::of_text);
        let (before, after) = (was.get(path), is.get(path));
        let languages = match (before, after) {
            (Some(b), Some(a)) => {
                if provenance(b) != provenance(a) {
                    fields.insert(Field::Provenance);
                }
                changed_languages(b, a)
            }
            (Some(t), None) | (None, Some(t)) => t.entries.iter().map(|(l, _)| l.to_string()).collect(),
            (None, None) => Vec::new(),
        };
        if languages.is_empty() {
            continue;
        }
        if let Some(field) = field {
            fields.insert(field);
        }
        texts.push(TextChange { path: path.clone(), languages });
    }
    (!fields.is_empty()).then(|| ReasonChange { id: now.id().to_string(), fields: fields.into_iter().collect(), texts })
}

/// Where a text says it comes from.
fn provenance(text: &Text) -> (Option<String>, Option<String>) {
    (text.source.as_ref().map(|s| s.get_ref().to_string()), text.given_for.as_ref().map(|g| g.get_ref().to_string()))
}

/// The languages whose words differ between two versions of a text, in the later's order.
fn changed_languages(before: &Text, after: &Text) -> Vec<String> {
    let mut languages: Vec<String> = Vec::new();
    for (lang, _) in after.entries.iter().chain(&before.entries) {
        if before.get(lang.as_str()) != after.get(lang.as_str()) && !languages.iter().any(|l| l == lang.as_str()) {
            languages.push(lang.to_string());
        }
    }
    languages
}

fn code_changes(before: &Document, after: &Document) -> CodeChanges {
    // Per (model, code): does some reason record it, and is some such reason not retired?
    let pairs = |d: &Document| -> BTreeMap<ModelCode, bool> {
        let mut out: BTreeMap<ModelCode, bool> = BTreeMap::new();
        for r in &d.reasons {
            for code in r.codes() {
                let key = ModelCode { model: r.model().to_string(), code: code.to_string() };
                *out.entry(key).or_default() |= r.retired.is_none();
            }
        }
        out
    };
    let (was, is) = (pairs(before), pairs(after));
    let mut changes = CodeChanges::default();
    for (pair, live) in &is {
        match was.get(pair) {
            None => changes.added.push(pair.clone()),
            Some(true) if !live => changes.retired.push(pair.clone()),
            _ => {}
        }
    }
    changes.removed = was.keys().filter(|p| !is.contains_key(*p)).cloned().collect();
    // In the order of the models in the later file, then by number.
    let order: Vec<&str> = after.models.iter().map(|m| m.key().as_str()).collect();
    let rank =
        |p: &ModelCode| (order.iter().position(|m| *m == p.model).unwrap_or(usize::MAX), p.code.len(), p.code.clone());
    for list in [&mut changes.added, &mut changes.retired, &mut changes.removed] {
        list.sort_by_key(rank);
    }
    changes
}

fn reference_changes(before: &Document, after: &Document) -> Vec<ReferenceChange> {
    let codes = |e: &catalogue::ReferenceCodes| e.codes().map(ToString::to_string).collect::<Vec<_>>();
    let texts = |d: &Document, key: &str| -> Vec<(String, Vec<(String, String)>)> {
        let mut all = Vec::new();
        catalogue::collect_texts(d, &mut all);
        let prefix = format!("reference_codes.{key}.");
        all.into_iter()
            .filter(|(p, _)| p.as_str().starts_with(&prefix))
            .map(|(p, t)| {
                (p.to_string(), t.entries.iter().map(|(l, s)| (l.to_string(), s.get_ref().clone())).collect())
            })
            .collect()
    };
    let mut out = Vec::new();
    for entry in &after.reference_codes {
        let change = match before.reference_codes.iter().find(|e| e.key() == entry.key()) {
            None => Change::Added,
            Some(old) => {
                let same = codes(&old.value) == codes(&entry.value)
                    && old.value.authentication == entry.value.authentication
                    && old.value.links.iter().map(|l| l.get_ref()).eq(entry.value.links.iter().map(|l| l.get_ref()))
                    && texts(before, old.key()) == texts(after, entry.key());
                if same {
                    continue;
                }
                Change::Changed
            }
        };
        out.push(ReferenceChange { key: entry.key().clone(), change, codes: codes(&entry.value) });
    }
    for old in &before.reference_codes {
        if !after.reference_codes.iter().any(|e| e.key() == old.key()) {
            out.push(ReferenceChange { key: old.key().clone(), change: Change::Removed, codes: codes(&old.value) });
        }
    }
    out
}

fn translation_changes(before: &Document, after: &Document, renamed: &BTreeMap<&str, &str>) -> Vec<TranslationChanges> {
    let reason_ids: BTreeSet<&str> = before.reasons.iter().map(|r| r.id().as_str()).collect();
    let was: BTreeMap<(String, String), State> = l10n::entries(before)
        .into_iter()
        .map(|e| {
            let owner = e.path.owner();
            let path = match renamed.get(owner) {
                Some(id) if reason_ids.contains(owner) => later_path(&e.path, id),
                _ => e.path.to_string(),
            };
            ((e.lang, path), e.state)
        })
        .collect();
    let source = after.meta.source_language.get_ref();
    let mut out: Vec<TranslationChanges> = after
        .languages
        .iter()
        .filter(|l| l.key() != source)
        .map(|l| TranslationChanges {
            language: l.key().to_string(),
            stale: Vec::new(),
            current: Vec::new(),
            missing: Vec::new(),
        })
        .collect();
    for entry in l10n::entries(after) {
        let path = entry.path.to_string();
        let then = was.get(&(entry.lang.clone(), path.clone())).copied();
        if then == Some(entry.state) || (then.is_none() && entry.state == State::Current) {
            continue;
        }
        let Some(changes) = out.iter_mut().find(|c| c.language == entry.lang) else { continue };
        match entry.state {
            State::Stale => changes.stale.push(path),
            State::Current => changes.current.push(path),
            State::Missing => changes.missing.push(path),
        }
    }
    out
}

/// How the notes are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown, a section per language.
    Markdown,
    /// One JSON object: both revisions and every change, by machine keys.
    Json,
}

/// One side of the comparison in the JSON notes.
#[derive(Serialize)]
struct SideJson<'a> {
    /// The revision as given, or `null` for the working tree.
    revision: Option<&'a str>,
    /// The commit it names, or `null` for the working tree.
    commit: Option<String>,
    /// The catalogue's `version`, where it declares one.
    version: Option<&'a str>,
}

/// `cargo xtask changelog FROM [TO]`: prints the notes; the exit status says whether they
/// could be made.
pub fn run(project: &crate::project::Project, from: &str, to: Option<&str>, format: Format, lang: Option<&str>) -> u8 {
    match notes_between(project, from, to, format, lang) {
        Ok(text) => {
            crate::emit(&text);
            0
        }
        Err(message) => {
            crate::say!("{message}");
            crate::FAILURE
        }
    }
}

fn notes_between(
    project: &crate::project::Project,
    from: &str,
    to: Option<&str>,
    format: Format,
    lang: Option<&str>,
) -> Result<String, String> {
    let read = |rev: Option<&str>| -> Result<(String, Option<String>), String> {
        match rev {
            None => std::fs::read_to_string(&project.catalogue)
                .map(|text| (text, None))
                .map_err(|e| format!("error: cannot read {}: {e}", project.catalogue.display())),
            Some(rev) => {
                let text = crate::base::catalogue_at(rev, &project.catalogue)?.ok_or_else(|| {
                    format!(
                        "error: {} has no {} at {rev}\n  = help: give a revision that has the catalogue",
                        project.root.display(),
                        project.catalogue.display()
                    )
                })?;
                Ok((text, commit_of(project, rev)))
            }
        }
    };
    let (before_text, before_commit) = read(Some(from))?;
    let (after_text, after_commit) = read(to)?;
    let before = document_at(from, &before_text)?;
    let after = document_at(to.unwrap_or("the working tree"), &after_text)?;
    if let Some(lang) = lang
        && !after.languages.iter().any(|l| l.key().as_str() == lang)
    {
        let known: Vec<&str> = after.languages.iter().map(|l| l.key().as_str()).collect();
        return Err(format!(
            "error: the catalogue has no language {}\n  = help: choose one of {}",
            lang.escape_debug(),
            known.join(", ")
        ));
    }
    let changes = compare(&before, &after);
    match format {
        Format::Json => {
            let version = |document: &Document| document.meta.version.as_ref().map(|v| v.get_ref().clone());
            let (from_version, to_version) = (version(&before), version(&after));
            let json = serde_json::json!({
                "from": SideJson { revision: Some(from), commit: before_commit, version: from_version.as_deref() },
                "to": SideJson { revision: to, commit: after_commit, version: to_version.as_deref() },
                "changes": changes,
            });
            Ok(format!("{}\n", serde_json::to_string_pretty(&json).unwrap_or_default()))
        }
        Format::Markdown => notes::render(
            &changes,
            &notes::Side { revision: Some(from), document: &before },
            &notes::Side { revision: to, document: &after },
            &project.templates,
            lang,
        )
        .map_err(|e| e.to_string()),
    }
}

/// The commit a revision names.
fn commit_of(project: &crate::project::Project, rev: &str) -> Option<String> {
    let dir = project.catalogue.parent().filter(|d| !d.as_os_str().is_empty())?;
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")])
        .output()
        .ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// The catalogue at a revision, decoded for comparison, or why it cannot be.
pub fn document_at(label: &str, text: &str) -> Result<Document, String> {
    let source = catalogue::SourceFile::new(label, text);
    match catalogue::load_document(&source) {
        (Some(document), _) if document.has_every_reason() => Ok(document),
        (_, problems) => Err(format!(
            "error: the catalogue at {label} does not decode, so it cannot be compared\n{problems}\n  = help: compare revisions whose catalogue `cargo xtask check` could read"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_a_label_and_a_place_in_the_order() {
        let mut sorted = Field::ALL;
        sorted.sort();
        assert_eq!(sorted, Field::ALL);
        let labels: BTreeSet<&str> = Field::ALL.iter().map(|f| f.label()).collect();
        assert_eq!(labels.len(), Field::ALL.len());
    }
}
