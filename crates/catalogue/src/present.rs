//! One presentation of a reason, in one language, for every output: the FAQ pages, the
//! reference sheet, `mcauth explain` and `mcauth annotate` all show a reason from this view, so
//! they show the same texts, labels and notes in the same order.
//!
//! Texts stay CommonMark here; each output renders them for its own grammar. A label the
//! catalogue lacks shows as its key, so that a missing label is seen rather than vanishing.

use crate::{Catalogue, Code, LinkKey, ModelKey, ProductTypeKey, Reason, ReasonId, SideKey, SourceKey, Spanned, Text};

/// The labels every reason of one language needs, looked up once.
#[derive(Debug, Clone)]
pub struct Labels {
    lang: String,
    code_separator: String,
    list_separator: String,
    reason_title: String,
    remedy_for: String,
    step_by: String,
    all_product_types: String,
    written_remedy: String,
    written_step: String,
    from_source: String,
    translated_message: String,
    source_language: String,
}

impl Labels {
    /// The labels of `lang`.
    pub fn new(catalogue: &Catalogue, lang: &str) -> Labels {
        Labels {
            lang: lang.to_string(),
            code_separator: label(catalogue, "code_separator", lang),
            list_separator: label(catalogue, "list_separator", lang),
            reason_title: label(catalogue, "reason_title", lang),
            remedy_for: label(catalogue, "remedy_for", lang),
            step_by: label(catalogue, "step_by", lang),
            all_product_types: label(catalogue, "all_product_types", lang),
            written_remedy: label(catalogue, "written_remedy", lang),
            written_step: label(catalogue, "written_step", lang),
            from_source: label(catalogue, "from_source", lang),
            translated_message: label(catalogue, "translated_message", lang),
            source_language: catalogue.languages().first().map_or_else(String::new, |l| l.to_string()),
        }
    }

    /// The language of these labels.
    pub fn lang(&self) -> &str {
        &self.lang
    }
}

/// A `[ui]` label in a language; its key when the catalogue lacks it.
pub fn label(catalogue: &Catalogue, key: &str, lang: &str) -> String {
    catalogue.ui(key).and_then(|t| t.get(lang)).map_or_else(|| key.to_string(), str::to_string)
}

/// Where a step or note comes from, as readers are told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The document the catalogue transcribes (`[catalogue] source`): no mark.
    Transcribed,
    /// Another declared source, by key and title.
    Source {
        /// The key in `[sources]`.
        key: SourceKey,
        /// The source's title.
        title: String,
    },
    /// Written by the catalogue's authors.
    Ours,
    /// The catalogue does not say (only where `check` allows it: page texts).
    Unstated,
}

impl Origin {
    /// The origin of a text of this catalogue.
    pub fn of(catalogue: &Catalogue, text: &Text, lang: &str) -> Origin {
        match text.source.as_ref().map(Spanned::get_ref) {
            None => Origin::Unstated,
            Some(key) if key.is_ours() => Origin::Ours,
            Some(key) if catalogue.primary_source() == Some(key) => Origin::Transcribed,
            Some(key) => Origin::Source {
                key: key.clone(),
                title: catalogue.source_of(key).map_or_else(|| key.to_string(), |s| s.title.tr(lang).to_string()),
            },
        }
    }

    /// The key a reference sheet or JSON names it by: the source's key, `ours`, or nothing.
    pub fn key(&self, catalogue: &Catalogue) -> Option<String> {
        match self {
            Origin::Transcribed => catalogue.primary_source().map(ToString::to_string),
            Origin::Source { key, .. } => Some(key.to_string()),
            Origin::Ours => Some(SourceKey::OURS.to_string()),
            Origin::Unstated => None,
        }
    }
}

/// The mark a text carries after it, in a language: none for a transcribed one, the source for
/// another source's, `written_step` for ours.
fn mark(origin: &Origin, labels: &Labels) -> Option<String> {
    match origin {
        Origin::Transcribed | Origin::Unstated => None,
        Origin::Source { title, .. } => Some(fill(&labels.from_source, &[("source", title)])),
        Origin::Ours => Some(labels.written_step.clone()),
    }
}

/// A text with its origin and mark, for texts other than a reason's (the page's list items).
pub fn marked(catalogue: &Catalogue, text: &Text, labels: &Labels) -> (String, Option<String>) {
    let origin = Origin::of(catalogue, text, labels.lang());
    (text.tr(labels.lang()).to_string(), mark(&origin, labels))
}

/// A remedy step: its text, and the product types it is limited to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemedyStep {
    /// Where the step comes from.
    pub origin: Origin,
    /// What the reader is shown after the step about its origin; none for a transcribed step,
    /// and none when the whole remedy is ours ([`ReasonView::remedy_mark`] says so once).
    pub mark: Option<String>,
    /// Keys of the product types the step is limited to; empty for all.
    pub applies_to: Vec<ProductTypeKey>,
    /// "For NDL, XDL:" when the step is limited to some product types.
    pub condition: Option<String>,
    /// "Account manager:" when the catalogue says who acts in the step.
    pub by: Option<String>,
    /// The step, in CommonMark.
    pub text: String,
}

/// A note: one that tells apart the reasons sharing a code carries that code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Where the note comes from.
    pub origin: Origin,
    /// What the reader is shown after the note about its origin.
    pub mark: Option<String>,
    /// The code this note tells reasons apart by, for a shared-code note.
    pub shared_code: Option<Code>,
    /// The note, in CommonMark.
    pub text: String,
}

/// A document a reason points to; `url` only where it is known and may be published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkView {
    /// The key in `[links]`.
    pub key: LinkKey,
    /// The document's title.
    pub title: String,
    /// Its address, when known and allowed.
    pub url: Option<String>,
}

/// One reason in one language, every text looked up and every label filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReasonView {
    /// The reason's id (its anchor).
    pub id: ReasonId,
    /// The key of its model.
    pub model_key: ModelKey,
    /// Its model's name.
    pub model_name: String,
    /// Its codes, in order.
    pub codes: Vec<Code>,
    /// The codes joined with the language's separator.
    pub codes_text: String,
    /// The reason's title: the message with its codes, as `[ui] reason_title` arranges them.
    pub title: String,
    /// Its message, as the access history shows it.
    pub message: String,
    /// What the access history is known to show for the reason besides its message, in any
    /// language: `(language, text)`.
    pub console: Vec<(String, String)>,
    /// Said of the message in a language other than the one it was transcribed in: the
    /// translation is ours.
    pub message_mark: Option<String>,
    /// Said once of the remedy when every step of it is ours.
    pub remedy_mark: Option<String>,
    /// The key of its side.
    pub side_key: SideKey,
    /// Its side's name.
    pub side_name: String,
    /// The access history's [Type] on the reason's rows, as `[ui] side_type` says it, when the
    /// side declares one.
    pub side_type: Option<String>,
    /// Keys and names of the product types the reason concerns; empty for all.
    pub product_types: Vec<(ProductTypeKey, String)>,
    /// The names joined, or "All product types".
    pub product_types_text: String,
    /// Its remedy steps, in order.
    pub remedy: Vec<RemedyStep>,
    /// The notes on shared codes first, in the order of the reason's codes, then the others.
    pub notes: Vec<Note>,
    /// The documents it points to.
    pub links: Vec<LinkView>,
    /// Why the reason is no longer recorded, for a retired one.
    pub retired: Option<String>,
    /// Where the reason is in the FAQ, from `[access_history] faq_url`.
    pub faq: Option<String>,
}

impl ReasonView {
    /// The view of `reason` in the language of `labels`.
    pub fn new(catalogue: &Catalogue, reason: &Reason, labels: &Labels) -> ReasonView {
        let lang = labels.lang();
        let type_name =
            |key: &str| catalogue.product_type(key).map_or_else(|| key.to_string(), |t| t.name.tr(lang).to_string());
        let names = |keys: &[ProductTypeKey]| {
            keys.iter().map(|k| type_name(k)).collect::<Vec<_>>().join(&labels.list_separator)
        };
        let codes: Vec<Code> = reason.codes().cloned().collect();
        let codes_text = codes.iter().map(Code::as_str).collect::<Vec<_>>().join(&labels.code_separator);
        let message = reason.message.tr(lang).to_string();
        let title = fill(&labels.reason_title, &[("message", &message), ("codes", &codes_text)]);
        let steps = reason.remedy.get_ref();
        let all_ours = steps.iter().all(|s| Origin::of(catalogue, &s.text, lang) == Origin::Ours);
        let remedy = steps
            .iter()
            .map(|step| {
                let applies_to: Vec<ProductTypeKey> = step.applies_to.iter().map(|k| k.get_ref().clone()).collect();
                let origin = Origin::of(catalogue, &step.text, lang);
                let by = step.by.as_ref().map(|key| {
                    let name = catalogue
                        .document()
                        .glossary
                        .iter()
                        .find(|g| g.key() == key.get_ref())
                        .map_or_else(|| key.get_ref().clone(), |g| g.value.term.tr(lang).to_string());
                    fill(&labels.step_by, &[("actor", &name)])
                });
                RemedyStep {
                    by,
                    mark: if all_ours { None } else { mark(&origin, labels) },
                    origin,
                    condition: (!applies_to.is_empty())
                        .then(|| fill(&labels.remedy_for, &[("types", &names(&applies_to))])),
                    applies_to,
                    text: step.text.tr(lang).to_string(),
                }
            })
            .collect();
        let note = |shared_code: Option<Code>, text: &Text| {
            let origin = Origin::of(catalogue, text, lang);
            Note { mark: mark(&origin, labels), origin, shared_code, text: text.tr(lang).to_string() }
        };
        let shared_notes =
            reason.codes().filter_map(|code| Some(note(Some(code.clone()), reason.shared_codes.get(code)?)));
        let notes = shared_notes.chain(reason.notes.iter().map(|n| note(None, n)));
        let product_types: Vec<ProductTypeKey> = reason.product_types.iter().map(|k| k.get_ref().clone()).collect();
        ReasonView {
            id: reason.id().clone(),
            model_key: reason.model().clone(),
            model_name: catalogue
                .model(reason.model())
                .map_or_else(|| reason.model().to_string(), |m| m.name.tr(lang).to_string()),
            codes,
            codes_text,
            title,
            console: reason.console.iter().map(|c| (c.lang.get_ref().to_string(), c.text.get_ref().clone())).collect(),
            message_mark: (lang != labels.source_language).then(|| labels.translated_message.clone()),
            remedy_mark: (all_ours && !steps.is_empty()).then(|| labels.written_remedy.clone()),
            message,
            side_key: reason.side().clone(),
            side_name: catalogue
                .side(reason.side())
                .map_or_else(|| reason.side().to_string(), |s| s.name.tr(lang).to_string()),
            side_type: catalogue
                .side(reason.side())
                .and_then(|s| s.history_type.as_ref())
                .map(|t| fill(&label(catalogue, "side_type", lang), &[("value", t.tr(lang))])),
            product_types_text: if product_types.is_empty() {
                labels.all_product_types.clone()
            } else {
                names(&product_types)
            },
            product_types: product_types.iter().map(|k| (k.clone(), type_name(k))).collect(),
            remedy,
            notes: notes.collect(),
            links: links(catalogue, &reason.links, lang),
            retired: reason.retired.as_ref().map(|r| r.tr(lang).to_string()),
            faq: faq_link(catalogue, lang, reason.id()),
        }
    }

    /// The remedy as plain text: one numbered step a line, each with its condition and mark,
    /// then the remedy's own mark on a line of its own.
    pub fn remedy_plain(&self) -> String {
        use std::fmt::Write as _;
        let plain = crate::markup::plain;
        let mut out = String::new();
        for (n, step) in self.remedy.iter().enumerate() {
            if n > 0 {
                out.push('\n');
            }
            let _ = write!(out, "{}. ", n + 1);
            for lead in step.condition.iter().chain(&step.by) {
                out.push_str(&plain(lead));
                out.push(' ');
            }
            out.push_str(&one_line(plain(&step.text)));
            if let Some(mark) = &step.mark {
                out.push(' ');
                out.push_str(&plain(mark));
            }
        }
        if let Some(mark) = &self.remedy_mark {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&one_line(plain(mark)));
        }
        out
    }

    /// The notes as plain text, one a line, each on a shared code led by its code: `(60100) …`.
    pub fn notes_plain(&self) -> String {
        use std::fmt::Write as _;
        let plain = crate::markup::plain;
        let mut out = String::new();
        for (n, note) in self.notes.iter().enumerate() {
            if n > 0 {
                out.push('\n');
            }
            if let Some(code) = &note.shared_code {
                let _ = write!(out, "({code}) ");
            }
            out.push_str(&one_line(plain(&note.text)));
            if let Some(mark) = &note.mark {
                out.push(' ');
                out.push_str(&plain(mark));
            }
        }
        out
    }
}

/// The documents that keys of `[links]` name, in a language.
pub fn links(catalogue: &Catalogue, keys: &[Spanned<LinkKey>], lang: &str) -> Vec<LinkView> {
    keys.iter()
        .map(|key| {
            let link = catalogue.link(key.get_ref());
            LinkView {
                key: key.get_ref().clone(),
                title: link.map_or_else(|| key.get_ref().to_string(), |l| l.title.tr(lang).to_string()),
                // `check` refuses other schemes; no output links to one whatever it is given.
                url: link
                    .and_then(|l| l.url.as_ref())
                    .map(|u| u.get_ref().clone())
                    .filter(|u| crate::markup::link_problem(u).is_none()),
            }
        })
        .collect()
}

/// Where a reason is in the FAQ: under the published address (`[site] base_url`) when there is
/// one, else from the catalogue's `[access_history] faq_url` pattern (a path in the project).
pub fn faq_link(catalogue: &Catalogue, lang: &str, id: &str) -> Option<String> {
    if catalogue.site_url().is_some() {
        return Some(catalogue.page_url(&format!("{lang}/faq.html#{id}")));
    }
    let pattern = catalogue.access_history()?.faq_url.as_ref()?;
    Some(fill(pattern.get_ref(), &[("lang", lang), ("id", id)]))
}

/// A pattern with each `{name}` of `values` replaced by its value, in one pass: a value is
/// never searched for placeholders itself. Any other brace is kept as it is.
pub fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pattern.len() + values.iter().map(|(_, v)| v.len()).sum::<usize>());
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let found = values.iter().find(|(name, _)| after.starts_with(name) && after[name.len()..].starts_with('}'));
        match found {
            Some((name, value)) => {
                out.push_str(value);
                rest = &after[name.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Line breaks inside one text become spaces: a plain-text step or note is one line.
fn one_line(text: String) -> String {
    if !crate::markup::contains_any(&text, b"\n\r") {
        return text;
    }
    text.split(['\n', '\r']).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn placeholders_are_filled_in_one_pass() {
        assert_eq!(fill("{message} ({codes})", &[("message", "a"), ("codes", "1, 2")]), "a (1, 2)");
        // A value is not searched again, and other braces stay.
        assert_eq!(fill("{message} {codes}", &[("message", "{codes}"), ("codes", "1")]), "{codes} 1");
        assert_eq!(fill("{ {x} {y {message", &[("message", "m")]), "{ {x} {y {message");
        assert_eq!(fill("{id}{id}", &[("id", "é")]), "éé");
        assert_eq!(fill("", &[("id", "x")]), "");
    }
}
