//! One presentation of a reason, in one language, for every output: the FAQ pages, the
//! reference sheet, `mcauth explain` and `mcauth annotate` all show a reason from this view, so
//! they show the same texts, labels and notes in the same order.
//!
//! Texts stay CommonMark here; each output renders them for its own grammar. A label the
//! catalogue lacks shows as its key, so that a missing label is seen rather than vanishing.

use crate::{
    Catalogue, Code, Keyed, LinkKey, ModelKey, ProductTypeKey, Reason, ReasonId, ReferenceCodes, SideKey, SourceKey,
    Spanned, Text,
};

/// The labels every reason of one language needs, looked up once.
#[derive(Debug, Clone)]
pub struct Labels {
    lang: String,
    code_separator: String,
    list_separator: String,
    reason_title: String,
    remedy_for: String,
    step_by: String,
    step_by_for: String,
    shared_code: String,
    remedy_not_captured: String,
    written_step: String,
    from_source: String,
    given_for: String,
    block_ours: String,
    block_from_source: String,
    block_given_for: String,
    translated_message: String,
    source_language: String,
    /// Does the catalogue transcribe a page (`[catalogue] source`)? Only then can a remedy be
    /// said to be missing from it.
    transcribes: bool,
}

impl Labels {
    /// The labels of `lang`.
    pub fn new(catalogue: &Catalogue, lang: &str) -> Labels {
        let l = |key: &str| label(catalogue, key, lang);
        Labels {
            lang: lang.to_string(),
            code_separator: l("code_separator"),
            list_separator: l("list_separator"),
            reason_title: l("reason_title"),
            remedy_for: l("remedy_for"),
            step_by: l("step_by"),
            step_by_for: l("step_by_for"),
            shared_code: l("shared_code"),
            remedy_not_captured: l("remedy_not_captured"),
            written_step: l("written_step"),
            from_source: l("from_source"),
            given_for: l("given_for"),
            block_ours: l("block_ours"),
            block_from_source: l("block_from_source"),
            block_given_for: l("block_given_for"),
            translated_message: l("translated_message"),
            source_language: catalogue.languages().first().map_or_else(String::new, |l| l.to_string()),
            transcribes: catalogue.primary_source().is_some(),
        }
    }

    /// The language of these labels.
    pub fn lang(&self) -> &str {
        &self.lang
    }
}

/// A `[ui]` label in a language: the source language's where a draft language lacks it yet;
/// its key when the catalogue lacks it altogether.
pub fn label(catalogue: &Catalogue, key: &str, lang: &str) -> String {
    catalogue.ui(key).map_or_else(|| key.to_string(), |t| t.tr(lang).to_string())
}

/// A text as a page shows it in one language, with how its translation stands: the words to
/// show (CommonMark), the language they are in when it is not the page's (a draft language's
/// missing text, shown in the source language), and whether the translation was made from an
/// older source text. It reads as its words wherever a `&str` is taken.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Shown {
    /// The words, in CommonMark.
    pub text: String,
    /// The language of the words when they are not in the language asked for: a translation
    /// still missing, so the source text stands in.
    pub fallback: Option<String>,
    /// The translation was made from an older source text (its fingerprint is not the current
    /// one's): it may be out of date.
    pub stale: bool,
}

impl Shown {
    /// How a text of the catalogue is shown in `lang`.
    pub fn of(text: &Text, lang: &str, source_language: &str) -> Shown {
        match text.get(lang).filter(|t| !t.trim().is_empty()) {
            Some(words) => {
                let stale = lang != source_language
                    && text.get(source_language).is_some_and(|original| {
                        text.fingerprint(lang).map(|f| f.get_ref().as_str())
                            != Some(crate::fingerprint::of(original).as_str())
                    });
                Shown { text: words.to_string(), fallback: None, stale }
            }
            None => Shown {
                text: text.tr(source_language).to_string(),
                fallback: Some(source_language.to_string()),
                stale: false,
            },
        }
    }

    /// Words put together by the catalogue's labels around a shown text (a reason's title around
    /// its message): they stand as that text stands.
    fn like(&self, text: String) -> Shown {
        Shown { text, fallback: self.fallback.clone(), stale: self.stale }
    }

    /// Does the text stand as a current translation, or in its own language?
    pub fn is_current(&self) -> bool {
        self.fallback.is_none() && !self.stale
    }
}

impl std::ops::Deref for Shown {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// How the translations of some texts stand in one language: what a page says of itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// Texts translated from the current source text.
    pub current: usize,
    /// Texts translated from an older source text.
    pub stale: usize,
    /// Texts not translated yet (shown in the source language).
    pub missing: usize,
}

impl Tally {
    /// How `texts` stand in `lang`.
    pub fn of<'t>(texts: impl IntoIterator<Item = &'t Text>, lang: &str, source_language: &str) -> Tally {
        let mut tally = Tally::default();
        for text in texts {
            let shown = Shown::of(text, lang, source_language);
            match (shown.fallback.is_some(), shown.stale) {
                (true, _) => tally.missing += 1,
                (false, true) => tally.stale += 1,
                (false, false) => tally.current += 1,
            }
        }
        tally
    }

    /// Every text counted.
    pub fn total(&self) -> usize {
        self.current + self.stale + self.missing
    }
}

/// Where a text comes from, as readers are told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The document the catalogue transcribes (`[catalogue] source`), word for word: no mark.
    /// Content without a `source` is this too, where the catalogue transcribes a document.
    Transcribed,
    /// The transcribed document, word for word, which gives it for another reason
    /// (`given_for`): "the vendor page gives this for …".
    GivenFor {
        /// The reason the document gives it for.
        reason: ReasonId,
        /// That reason as readers are told: its model's name and its codes.
        model: String,
        /// Its codes, joined.
        codes: String,
    },
    /// Another declared source, by key and title.
    Source {
        /// The key in `[sources]`.
        key: SourceKey,
        /// The source's title.
        title: String,
    },
    /// Written by the catalogue's authors.
    Ours,
    /// The catalogue does not say, and transcribes no document (only where `check` allows it).
    Unstated,
}

impl Origin {
    /// The origin of a text of this catalogue.
    pub fn of(catalogue: &Catalogue, text: &Text, lang: &str) -> Origin {
        Origin::of_key(catalogue, text.source.as_ref().map(Spanned::get_ref), text.given_for.as_ref(), lang)
    }

    /// The origin named by a `source` key (none: the transcribed page's, where there is one)
    /// and a `given_for` reason.
    fn of_key(
        catalogue: &Catalogue,
        source: Option<&SourceKey>,
        given_for: Option<&Spanned<ReasonId>>,
        lang: &str,
    ) -> Origin {
        match source {
            None if catalogue.primary_source().is_some() => Origin::Transcribed,
            None => Origin::Unstated,
            Some(key) if key.is_ours() => Origin::Ours,
            Some(key) if catalogue.primary_source() == Some(key) => match given_for {
                Some(id) => {
                    let other = catalogue.reason(id.get_ref().as_str());
                    let model = other
                        .and_then(|r| catalogue.model(r.model()))
                        .map_or_else(String::new, |m| m.name.tr(lang).to_string());
                    let separator = label(catalogue, "code_separator", lang);
                    let codes = other
                        .map_or_else(String::new, |r| r.codes().map(Code::as_str).collect::<Vec<_>>().join(&separator));
                    Origin::GivenFor { reason: id.get_ref().clone(), model, codes }
                }
                None => Origin::Transcribed,
            },
            Some(key) => Origin::Source {
                key: key.clone(),
                title: catalogue.source_of(key).map_or_else(|| key.to_string(), |s| s.title.tr(lang).to_string()),
            },
        }
    }

    /// The key a reference sheet or JSON names it by: the source's key, `ours`, or nothing.
    pub fn key(&self, catalogue: &Catalogue) -> Option<String> {
        match self {
            Origin::Transcribed | Origin::GivenFor { .. } => catalogue.primary_source().map(ToString::to_string),
            Origin::Source { key, .. } => Some(key.to_string()),
            Origin::Ours => Some(SourceKey::OURS.to_string()),
            Origin::Unstated => None,
        }
    }

    /// Is this the transcribed document's own text for where it stands?
    pub fn is_transcribed(&self) -> bool {
        matches!(self, Origin::Transcribed)
    }
}

/// The mark a text carries after it, in a language: none for a transcribed one, the source for
/// another source's, `written_step` for ours.
fn mark(origin: &Origin, labels: &Labels) -> Option<String> {
    match origin {
        Origin::Transcribed | Origin::Unstated => None,
        Origin::GivenFor { model, codes, .. } => Some(fill(&labels.given_for, &[("model", model), ("codes", codes)])),
        Origin::Source { title, .. } => Some(fill(&labels.from_source, &[("source", title)])),
        Origin::Ours => Some(labels.written_step.clone()),
    }
}

/// The mark said once before a block whose texts all share an origin: "All of the following
/// are our additions."
fn block_mark(origin: &Origin, labels: &Labels) -> Option<String> {
    match origin {
        Origin::Transcribed | Origin::Unstated => None,
        Origin::GivenFor { model, codes, .. } => {
            Some(fill(&labels.block_given_for, &[("model", model), ("codes", codes)]))
        }
        Origin::Source { title, .. } => Some(fill(&labels.block_from_source, &[("source", title)])),
        Origin::Ours => Some(labels.block_ours.clone()),
    }
}

/// The marks of a block of texts (a remedy, notes, a step's list): where two or more texts all
/// share an origin other than the transcribed page, one mark before the block and none on the
/// texts; otherwise each text's own. A mark repeats only where a block mixes sources.
pub fn block_marks(origins: &[Origin], labels: &Labels) -> (Option<String>, Vec<Option<String>>) {
    let uniform = origins.len() > 1 && origins.windows(2).all(|w| w[0] == w[1]);
    match origins.first().filter(|_| uniform).and_then(|o| block_mark(o, labels)) {
        Some(block) => (Some(block), vec![None; origins.len()]),
        None => (None, origins.iter().map(|o| mark(o, labels)).collect()),
    }
}

/// A text in a language, with what readers are told about where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    /// Where the text comes from.
    pub origin: Origin,
    /// The mark after it; none for the transcribed page's, or where its block says it once.
    pub mark: Option<String>,
    /// The text, in CommonMark, as it stands in the language.
    pub text: Shown,
}

/// Texts in a language, with their marks: one before them all where they share an origin.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MarkedBlock {
    /// Said once before the texts when they all share an origin other than the transcribed page.
    pub mark: Option<String>,
    /// The texts, in order.
    pub items: Vec<Marked>,
}

impl MarkedBlock {
    /// The block of `texts` in the language of `labels`.
    pub fn new<'t>(catalogue: &Catalogue, texts: impl IntoIterator<Item = &'t Text>, labels: &Labels) -> MarkedBlock {
        let lang = labels.lang();
        let texts: Vec<&Text> = texts.into_iter().collect();
        let origins: Vec<Origin> = texts.iter().map(|t| Origin::of(catalogue, t, lang)).collect();
        let (mark, marks) = block_marks(&origins, labels);
        let items = texts
            .iter()
            .zip(origins)
            .zip(marks)
            .map(|((text, origin), mark)| Marked { origin, mark, text: Shown::of(text, lang, &labels.source_language) })
            .collect();
        MarkedBlock { mark, items }
    }
}

/// A text with its origin's mark, for a text that stands alone (an introduction's paragraph).
pub fn marked(catalogue: &Catalogue, text: &Text, labels: &Labels) -> Marked {
    let origin = Origin::of(catalogue, text, labels.lang());
    Marked { mark: mark(&origin, labels), origin, text: Shown::of(text, labels.lang(), &labels.source_language) }
}

/// How to read the marks, said once near the top of every page: unmarked text is the
/// transcribed page's, what the marks mean, and what a translation is.
pub fn legend(catalogue: &Catalogue, lang: &str) -> String {
    label(catalogue, "legend", lang)
}

/// A remedy step: its text, and the product types it is limited to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemedyStep {
    /// Where the step comes from.
    pub origin: Origin,
    /// What the reader is shown after the step about its origin; none for a transcribed step,
    /// and none where every step shares one origin ([`ReasonView::remedy_block`] says so once).
    pub mark: Option<String>,
    /// Keys of the product types the step is limited to; empty for all.
    pub applies_to: Vec<ProductTypeKey>,
    /// "For NDL, XDL" when the step is limited to some product types.
    pub condition: Option<String>,
    /// Who acts in the step, where the catalogue says ("Account manager").
    pub by: Option<String>,
    /// What leads the step, as one label: who acts and for which product types
    /// ("Account manager, for NDL:"), or either alone.
    pub lead: Option<String>,
    /// The step, in CommonMark.
    pub text: Shown,
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
    /// What leads a shared-code note: its code, as `[ui] shared_code` says it.
    pub lead: Option<String>,
    /// The note, in CommonMark.
    pub text: Shown,
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
    pub title: Shown,
    /// Its message, as the access history shows it.
    pub message: Shown,
    /// What the access history is known to show for the reason besides its message, in any
    /// language: `(language, text)`.
    pub console: Vec<(String, String)>,
    /// Said of the message in a language other than the one it was transcribed in: the
    /// translation is ours. Pages say it once in their legend; a reason shown alone says it.
    pub message_mark: Option<String>,
    /// Said before the remedy when no step of it is the transcribed page's remedy for this
    /// reason: our copy of the page does not include it.
    pub remedy_notice: Option<String>,
    /// Said once before the remedy when every step of it shares one origin other than the
    /// transcribed page ("All of the following are our additions.").
    pub remedy_block: Option<String>,
    /// The key of its side.
    pub side_key: SideKey,
    /// Its side's name.
    pub side_name: String,
    /// The access history's [Type] on the reason's rows, as `[ui] side_type` says it, when the
    /// side declares one.
    pub side_type: Option<String>,
    /// Where the side comes from, when the reason says (`side_source`): "(our addition)" for our
    /// reading of a message that does not name its side.
    pub side_mark: Option<String>,
    /// Keys and names of the product types the reason concerns; empty where the catalogue
    /// names none.
    pub product_types: Vec<(ProductTypeKey, String)>,
    /// The names joined, where the reason names product types; outputs say nothing of product
    /// types otherwise, since no source says that a reason concerns all of them.
    pub product_types_text: Option<String>,
    /// Its remedy steps, in order.
    pub remedy: Vec<RemedyStep>,
    /// Said once before the notes when they all share an origin other than the transcribed page.
    pub notes_block: Option<String>,
    /// The notes on shared codes first, in the order of the reason's codes, then the others.
    pub notes: Vec<Note>,
    /// The documents it points to.
    pub links: Vec<LinkView>,
    /// Why the reason is no longer recorded, for a retired one.
    pub retired: Option<Shown>,
    /// Where the reason is in the FAQ, from `[access_history] faq_url`.
    pub faq: Option<String>,
    /// How the translations of the reason's texts stand in the language.
    pub translation: Tally,
}

/// Every text of a reason: what its translation's standing is counted over.
pub fn reason_texts(reason: &Reason) -> impl Iterator<Item = &Text> {
    std::iter::once(&reason.message)
        .chain(reason.remedy.get_ref().iter().map(|s| &s.text))
        .chain(&reason.notes)
        .chain(reason.shared_codes.values())
        .chain(&reason.retired)
}

/// Who acts, by the key of the glossary entry that names them, in a language.
fn actor(catalogue: &Catalogue, key: &Spanned<crate::TermKey>, lang: &str) -> String {
    catalogue.term(key.get_ref()).map_or_else(|| key.get_ref().to_string(), |t| t.term.tr(lang).to_string())
}

impl ReasonView {
    /// The view of `reason` in the language of `labels`.
    pub fn new(catalogue: &Catalogue, reason: &Reason, labels: &Labels) -> ReasonView {
        let lang = labels.lang();
        let type_name = |key: &ProductTypeKey| {
            catalogue.product_type(key).map_or_else(|| key.to_string(), |t| t.name.tr(lang).to_string())
        };
        let names =
            |keys: &[ProductTypeKey]| keys.iter().map(type_name).collect::<Vec<_>>().join(&labels.list_separator);
        let codes: Vec<Code> = reason.codes().cloned().collect();
        let codes_text = codes.iter().map(Code::as_str).collect::<Vec<_>>().join(&labels.code_separator);
        let source_language = labels.source_language.as_str();
        let message = Shown::of(&reason.message, lang, source_language);
        let title = message.like(fill(&labels.reason_title, &[("message", &message), ("codes", &codes_text)]));
        let steps = reason.remedy.get_ref();
        let origins: Vec<Origin> = steps.iter().map(|s| Origin::of(catalogue, &s.text, lang)).collect();
        let (remedy_block, step_marks) = block_marks(&origins, labels);
        let captured = origins.iter().any(Origin::is_transcribed);
        let remedy = steps
            .iter()
            .zip(origins)
            .zip(step_marks)
            .map(|((step, origin), mark)| {
                let applies_to: Vec<ProductTypeKey> = step.applies_to.iter().map(|k| k.get_ref().clone()).collect();
                let by = step.by.as_ref().map(|key| actor(catalogue, key, lang));
                let condition = (!applies_to.is_empty()).then(|| names(&applies_to));
                let lead = match (&by, &condition) {
                    (Some(by), Some(types)) => Some(fill(&labels.step_by_for, &[("actor", by), ("types", types)])),
                    (Some(by), None) => Some(fill(&labels.step_by, &[("actor", by)])),
                    (None, Some(types)) => Some(fill(&labels.remedy_for, &[("types", types)])),
                    (None, None) => None,
                };
                let text = Shown::of(&step.text, lang, source_language);
                RemedyStep { by, lead, mark, origin, condition, applies_to, text }
            })
            .collect();
        let note_texts: Vec<(Option<&Code>, &Text)> = reason
            .codes()
            .filter_map(|code| Some((Some(code), reason.shared_codes.get(code)?)))
            .chain(reason.notes.iter().map(|n| (None, n)))
            .collect();
        let note_origins: Vec<Origin> = note_texts.iter().map(|(_, t)| Origin::of(catalogue, t, lang)).collect();
        let (notes_block, note_marks) = block_marks(&note_origins, labels);
        let notes = note_texts
            .iter()
            .zip(note_origins)
            .zip(note_marks)
            .map(|(((code, text), origin), mark)| Note {
                origin,
                mark,
                shared_code: code.cloned(),
                lead: code.map(|c| fill(&labels.shared_code, &[("code", c.as_str())])),
                text: Shown::of(text, lang, source_language),
            })
            .collect();
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
            remedy_notice: (labels.transcribes && !captured && !steps.is_empty())
                .then(|| labels.remedy_not_captured.clone()),
            remedy_block,
            message,
            side_key: reason.side().clone(),
            side_name: catalogue
                .side(reason.side())
                .map_or_else(|| reason.side().to_string(), |s| s.name.tr(lang).to_string()),
            side_type: catalogue
                .side(reason.side())
                .and_then(|s| s.history_type.as_ref())
                .map(|t| fill(&label(catalogue, "side_type", lang), &[("value", t.tr(lang))])),
            side_mark: reason
                .side_source
                .as_ref()
                .and_then(|key| mark(&Origin::of_key(catalogue, Some(key.get_ref()), None, lang), labels)),
            product_types_text: (!product_types.is_empty()).then(|| names(&product_types)),
            product_types: product_types.iter().map(|k| (k.clone(), type_name(k))).collect(),
            remedy,
            notes_block,
            notes,
            links: links(catalogue, &reason.links, lang),
            retired: reason.retired.as_ref().map(|r| Shown::of(r, lang, source_language)),
            faq: faq_link(catalogue, lang, reason.id().as_str()),
            translation: Tally::of(reason_texts(reason), lang, source_language),
        }
    }

    /// What is said before the remedy, as one line: the notice that the transcribed page's
    /// remedy is not in our copy, then the block's mark.
    pub fn remedy_preface(&self) -> Option<String> {
        let parts: Vec<&str> = self.remedy_notice.iter().chain(&self.remedy_block).map(String::as_str).collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }

    /// The remedy as plain text: what is said before it on a line of its own, then one
    /// numbered step a line, each with its lead and mark.
    pub fn remedy_plain(&self) -> String {
        use std::fmt::Write as _;
        let plain = crate::markup::plain;
        let mut out = String::new();
        if let Some(preface) = self.remedy_preface() {
            out.push_str(&one_line(plain(&preface)));
        }
        for (n, step) in self.remedy.iter().enumerate() {
            if !out.is_empty() {
                out.push('\n');
            }
            let _ = write!(out, "{}. ", n + 1);
            if let Some(lead) = &step.lead {
                out.push_str(&plain(lead));
                out.push(' ');
            }
            out.push_str(&one_line(plain(&step.text)));
            if let Some(mark) = &step.mark {
                out.push(' ');
                out.push_str(&plain(mark));
            }
        }
        out
    }

    /// The notes as plain text, one a line, each on a shared code led by its code's label; the
    /// block's mark first, on a line of its own.
    pub fn notes_plain(&self) -> String {
        let plain = crate::markup::plain;
        let mut out = String::new();
        if let Some(block) = &self.notes_block {
            out.push_str(&one_line(plain(block)));
        }
        for note in &self.notes {
            if !out.is_empty() {
                out.push('\n');
            }
            if let Some(lead) = &note.lead {
                out.push_str(&plain(lead));
                out.push(' ');
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

/// A step of the page's procedure, in one language: what the outputs show of it wherever the
/// procedure is given (the FAQ, a reference code's page, `mcauth explain 291`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcedureStep {
    /// The step's title ("Step 1").
    pub title: String,
    /// Who acts, where the catalogue says.
    pub by: Option<String>,
    /// What to do, with its origin.
    pub body: Marked,
    /// The notes after the body.
    pub notes: MarkedBlock,
    /// The list under the notes.
    pub items: MarkedBlock,
    /// The documents it points to.
    pub links: Vec<LinkView>,
}

/// The page's procedure (`[[page.steps]]`), in one language.
pub fn procedure(catalogue: &Catalogue, labels: &Labels) -> Vec<ProcedureStep> {
    let lang = labels.lang();
    catalogue
        .document()
        .page
        .steps
        .iter()
        .map(|step| ProcedureStep {
            title: step.title.tr(lang).to_string(),
            by: step.by.as_ref().map(|key| fill(&labels.step_by, &[("actor", &actor(catalogue, key, lang))])),
            body: marked(catalogue, &step.body, labels),
            notes: MarkedBlock::new(catalogue, &step.notes, labels),
            items: MarkedBlock::new(catalogue, &step.items, labels),
            links: links(catalogue, &step.links, lang),
        })
        .collect()
}

/// One entry of `[reference_codes]` in one language: numbers the user is shown, what the
/// sources say of them, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceCodeView {
    /// The entry's key.
    pub key: String,
    /// Its numbers, in order.
    pub codes: Vec<Code>,
    /// The numbers joined with the language's separator.
    pub codes_text: String,
    /// Are they shown with an authentication error (and so answered by the procedure)?
    pub authentication: bool,
    /// What they are, as a heading.
    pub title: String,
    /// What the sources say they mean.
    pub meaning: Marked,
    /// The notes after the meaning.
    pub notes: MarkedBlock,
    /// The documents every number points to.
    pub links: Vec<LinkView>,
    /// The documents one number points to, by number.
    pub code_links: Vec<(Code, Vec<LinkView>)>,
}

impl ReferenceCodeView {
    /// The view of an entry of `[reference_codes]` in the language of `labels`.
    pub fn new(catalogue: &Catalogue, entry: &Keyed<String, ReferenceCodes>, labels: &Labels) -> ReferenceCodeView {
        let lang = labels.lang();
        let r = &entry.value;
        let codes: Vec<Code> = r.codes().cloned().collect();
        ReferenceCodeView {
            key: entry.key().clone(),
            codes_text: codes.iter().map(Code::as_str).collect::<Vec<_>>().join(&labels.code_separator),
            codes,
            authentication: r.authentication,
            title: r.title.tr(lang).to_string(),
            meaning: marked(catalogue, &r.meaning, labels),
            notes: MarkedBlock::new(catalogue, &r.notes, labels),
            links: links(catalogue, &r.links, lang),
            code_links: r.code_links.iter().map(|(code, keys)| (code.clone(), links(catalogue, keys, lang))).collect(),
        }
    }

    /// The documents shown for `code`: the entry's own, then the number's.
    pub fn links_for(&self, code: &str) -> Vec<&LinkView> {
        let own = self.code_links.iter().filter(|(c, _)| c == code).flat_map(|(_, links)| links);
        self.links.iter().chain(own).collect()
    }
}

/// The keys of the sources the texts of `reasons` come from (the transcribed page for their
/// messages, and for every text without a mark), for a page's list of sources.
pub fn sources_cited<'r>(
    catalogue: &Catalogue,
    reasons: impl IntoIterator<Item = &'r Reason>,
) -> std::collections::BTreeSet<String> {
    let primary = catalogue.primary_source().map(ToString::to_string);
    let mut cited: std::collections::BTreeSet<String> = primary.iter().cloned().collect();
    for reason in reasons {
        let texts =
            reason.remedy.get_ref().iter().map(|s| &s.text).chain(&reason.notes).chain(reason.shared_codes.values());
        let keys = texts.filter_map(|t| t.source.as_ref()).chain(reason.side_source.as_ref());
        cited.extend(keys.map(|k| k.get_ref()).filter(|k| !k.is_ours()).map(ToString::to_string));
    }
    cited
}

/// The keys of the sources `texts` come from (the transcribed page for a text without a mark).
pub fn sources_of_texts<'t>(
    catalogue: &Catalogue,
    texts: impl IntoIterator<Item = &'t Text>,
) -> std::collections::BTreeSet<String> {
    let primary = catalogue.primary_source();
    texts
        .into_iter()
        .filter_map(|t| t.source.as_ref().map(Spanned::get_ref).or(primary))
        .filter(|k| !k.is_ours())
        .map(ToString::to_string)
        .collect()
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
    if let Some(base) = catalogue.site_url() {
        return Some(faq_link_at(&base, lang, id));
    }
    let pattern = catalogue.access_history()?.faq_url.as_ref()?;
    Some(fill(pattern.get_ref(), &[("lang", lang), ("id", id)]))
}

pub use crate::site::faq_link_at;

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
