//! The release notes as Markdown, one section per language of the later catalogue, through
//! `templates/changelog.md.tera`; every word from the catalogue's `[ui]` labels.

use std::collections::BTreeMap;
use std::path::Path;

use catalogue::{Document, Reason};
use serde::Serialize;

use super::{Change, Changes, ModelCode};
use crate::markup::Rendered;
use crate::templates::{TemplateError, Templates};

/// The template the notes are written with.
pub const TEMPLATE: &str = "changelog.md.tera";

/// One side of the comparison as the notes name it: the revision as given (or the working
/// tree), and the version its catalogue declares.
pub struct Side<'a> {
    /// `None` for the working tree.
    pub revision: Option<&'a str>,
    pub document: &'a Document,
}

#[derive(Serialize)]
struct View {
    lang: String,
    title: Rendered,
    added: Vec<ReasonItem>,
    renamed: Vec<RenamedItem>,
    retired: Vec<ReasonItem>,
    removed: Vec<ReasonItem>,
    changed: Vec<ChangedItem>,
    codes_added: Vec<CodeItem>,
    codes_retired: Vec<CodeItem>,
    codes_removed: Vec<CodeItem>,
    reference_codes: Vec<ReferenceItem>,
    translations: Vec<TranslationItem>,
    nothing: bool,
}

#[derive(Serialize)]
struct ReasonItem {
    id: String,
    title: Rendered,
}

#[derive(Serialize)]
struct RenamedItem {
    from: String,
    reason: ReasonItem,
}

#[derive(Serialize)]
struct ChangedItem {
    reason: ReasonItem,
    fields: Rendered,
    texts: Vec<TextItem>,
}

#[derive(Serialize)]
struct TextItem {
    path: String,
    languages: String,
}

#[derive(Serialize)]
struct CodeItem {
    code: String,
    model: Rendered,
}

#[derive(Serialize)]
struct ReferenceItem {
    codes: String,
    title: Rendered,
    change: Rendered,
}

#[derive(Serialize)]
struct TranslationItem {
    heading: Rendered,
    stale: Vec<String>,
    current: Vec<String>,
    missing: Vec<String>,
}

/// The notes in every language of the later catalogue (or only `only`), in its order.
pub fn render(
    changes: &Changes,
    before: &Side<'_>,
    after: &Side<'_>,
    templates_dir: &Path,
    only: Option<&str>,
) -> Result<String, TemplateError> {
    let templates = Templates::load_named(templates_dir, &[TEMPLATE])?;
    let mut out = String::new();
    for language in &after.document.languages {
        let lang = language.key().as_str();
        if only.is_some_and(|only| only != lang) {
            continue;
        }
        let ui = labels(after.document, lang);
        let view = view(changes, before, after, lang, &ui);
        let ui = tera::Value::from_serializable(&ui);
        let rendered = templates.render_all_with(&[TEMPLATE], &view, &[("ui", &ui)])?;
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(rendered.concat().trim_end());
        out.push('\n');
    }
    Ok(out)
}

/// The `[ui]` labels of a language; a label the catalogue lacks is its key, and the
/// template's use of it shows where.
fn labels(document: &Document, lang: &str) -> BTreeMap<String, Rendered> {
    document.ui.iter().map(|e| (e.key().to_string(), Rendered::new(e.value.tr(lang)))).collect()
}

/// A label as the catalogue writes it, spaces kept: a separator.
fn raw_label(document: &Document, key: &str, lang: &str) -> String {
    document
        .ui
        .iter()
        .find(|e| e.key().as_str() == key)
        .map_or_else(|| key.to_string(), |e| e.value.tr(lang).to_string())
}

fn label(ui: &BTreeMap<String, Rendered>, key: &str) -> Rendered {
    ui.get(key).cloned().unwrap_or_else(|| Rendered::literal(key))
}

fn view(changes: &Changes, before: &Side<'_>, after: &Side<'_>, lang: &str, ui: &BTreeMap<String, Rendered>) -> View {
    let side = |side: &Side<'_>| {
        let name = match side.revision {
            Some(revision) => Rendered::literal(revision),
            None => label(ui, "changelog_working_tree"),
        };
        match &side.document.meta.version {
            Some(version) => Rendered::fill(
                &label(ui, "changelog_revision"),
                &[("revision", &name), ("version", &Rendered::literal(version.get_ref()))],
            ),
            None => name,
        }
    };
    let title = Rendered::fill(&label(ui, "changelog_title"), &[("from", &side(before)), ("to", &side(after))]);
    let item = |document: &Document, id: &str| ReasonItem {
        id: id.to_string(),
        title: document
            .reasons
            .iter()
            .find(|r| r.id().as_str() == id)
            .map_or_else(|| Rendered::literal(id), |reason| reason_title(document, reason, lang, ui)),
    };
    let later = |id: &String| item(after.document, id);
    let code_item = |document: &Document, pair: &ModelCode| CodeItem {
        code: pair.code.clone(),
        model: document
            .models
            .iter()
            .find(|m| m.key().as_str() == pair.model)
            .map_or_else(|| Rendered::literal(&pair.model), |m| Rendered::new(m.value.name.tr(lang))),
    };
    let separator = raw_label(after.document, "list_separator", lang);
    let changed = changes
        .reasons
        .changed
        .iter()
        .map(|c| ChangedItem {
            reason: later(&c.id),
            fields: Rendered::join(&c.fields.iter().map(|f| label(ui, f.label())).collect::<Vec<_>>(), &separator),
            texts: c
                .texts
                .iter()
                .map(|t| TextItem { path: t.path.clone(), languages: t.languages.join(", ") })
                .collect(),
        })
        .collect();
    let reference_codes = changes
        .reference_codes
        .iter()
        .map(|r| {
            let document = if r.change == Change::Removed { before.document } else { after.document };
            let title = document
                .reference_codes
                .iter()
                .find(|e| *e.key() == r.key)
                .map_or_else(|| Rendered::literal(&r.key), |e| Rendered::new(e.value.title.tr(lang)));
            let change = match r.change {
                Change::Added => "changelog_change_added",
                Change::Removed => "changelog_change_removed",
                Change::Changed => "changelog_change_changed",
            };
            ReferenceItem { codes: r.codes.join(", "), title, change: label(ui, change) }
        })
        .collect();
    let translations = changes
        .translations
        .iter()
        .filter(|t| !t.is_empty())
        .map(|t| {
            let name = after
                .document
                .languages
                .iter()
                .find(|l| l.key().as_str() == t.language)
                .map_or_else(|| t.language.clone(), |l| l.value.name.get_ref().clone());
            TranslationItem {
                heading: Rendered::fill(
                    &label(ui, "changelog_translations"),
                    &[("language", &Rendered::literal(&name))],
                ),
                stale: t.stale.clone(),
                current: t.current.clone(),
                missing: t.missing.clone(),
            }
        })
        .collect();
    View {
        lang: lang.to_string(),
        title,
        added: changes.reasons.added.iter().map(later).collect(),
        renamed: changes
            .reasons
            .renamed
            .iter()
            .map(|r| RenamedItem { from: r.from.clone(), reason: item(after.document, &r.to) })
            .collect(),
        retired: changes.reasons.retired.iter().map(later).collect(),
        removed: changes.reasons.removed.iter().map(|id| item(before.document, id)).collect(),
        changed,
        codes_added: changes.codes.added.iter().map(|p| code_item(after.document, p)).collect(),
        codes_retired: changes.codes.retired.iter().map(|p| code_item(after.document, p)).collect(),
        codes_removed: changes.codes.removed.iter().map(|p| code_item(before.document, p)).collect(),
        reference_codes,
        translations,
        nothing: changes.is_empty(),
    }
}

/// A reason as the pages title it: its message and codes, through `[ui] reason_title`.
fn reason_title(document: &Document, reason: &Reason, lang: &str, ui: &BTreeMap<String, Rendered>) -> Rendered {
    let separator = raw_label(document, "code_separator", lang);
    let codes: Vec<&str> = reason.codes().map(|c| c.as_str()).collect();
    Rendered::fill(
        &label(ui, "reason_title"),
        &[("message", &Rendered::new(reason.message.tr(lang))), ("codes", &Rendered::literal(&codes.join(&separator)))],
    )
}
