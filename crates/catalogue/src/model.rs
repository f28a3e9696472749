//! The catalogue's data model: serde types that mirror the TOML and reject unknown keys.
//!
//! Nothing here names a product: models, sides, product types, languages and links are
//! declared by the catalogue itself and referred to by their keys.

use std::collections::BTreeMap;

use crate::source::Spanned;
use serde::Deserialize;

use crate::codes::Code;
use crate::keys::{Lang, LinkKey, ModelKey, ProductTypeKey, ReasonId, SideKey, SourceKey};
use crate::text::{Step, Text};

/// `[catalogue]`: what the catalogue is and which language it is written in.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// The title of the published pages.
    pub title: Text,
    /// The key of the language texts are written in first; translations are made from it and
    /// record its fingerprint (`en_from`).
    pub source_language: Spanned<Lang>,
    /// The key of the source the catalogue transcribes (the vendor's page): texts taken from it
    /// are shown without a mark, texts from any other source or written by us are marked.
    #[serde(default)]
    pub source: Option<Spanned<SourceKey>>,
}

/// `[languages.<key>]`: a language every text must be given in.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// The language's own name for itself, for language switches ("日本語", "English").
    pub name: Spanned<String>,
}

/// `[sides.<key>]` and `[product_types.<key>]`: a named thing entries refer to by key.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Named {
    /// The name the pages print.
    pub name: Text,
    /// What it is, for the glossary.
    #[serde(default)]
    pub description: Option<Text>,
    /// For a side: the value of the access history's [Type] column on its rows ("Viewer"), shown
    /// next to the side so that administrators know which row to look for.
    #[serde(default)]
    pub history_type: Option<Text>,
}

/// `[links.<key>]`: a document a text points to; the URL only where it is known.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The document's title, as texts and pages name it.
    pub title: Text,
    /// The document's address; leave it out rather than guess one.
    #[serde(default)]
    pub url: Option<Spanned<String>>,
}

/// `[sources.<key>]`: a document the catalogue's texts come from. Remedy steps and notes name
/// theirs with `source = "<key>"`, or `source = "ours"` where the catalogue's authors wrote them.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The document's title, as the pages list it.
    pub title: Text,
    /// Its address, where one is known.
    #[serde(default)]
    pub url: Option<Spanned<String>>,
    /// What it is and what it gave, for readers weighing it.
    #[serde(default)]
    pub description: Option<Text>,
}

/// `[glossary.<key>]`: a word the page uses, with its meaning.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The word as the pages use it.
    pub term: Text,
    /// What it means.
    pub definition: Text,
    /// Hold every text to this term: wherever the source language says it, each translation
    /// says the term's translation (ignoring case and hyphens), or `check` warns (C036).
    #[serde(default)]
    pub enforce: bool,
}

/// `[access_history]`: how the administrators' tool reads the access history the admin console
/// downloads as CSV, and where its annotations point.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AccessHistory {
    /// Headers of the column that holds the authentication result, in every language the
    /// console writes them, most specific first; matched ignoring case and surrounding spaces.
    pub result_columns: Vec<Spanned<String>>,
    /// Headers of the column that says which side a row is (Viewer or Client), matched like
    /// `result_columns`; its values are the sides' `history_type` texts, in any language.
    #[serde(default)]
    pub type_columns: Vec<Spanned<String>>,
    /// Per language, the column headers its console writes: a file whose header row has more
    /// of one language's than of any other's is in that language, and `mcauth` answers in it
    /// unless told otherwise.
    #[serde(default)]
    pub headers: BTreeMap<Lang, Vec<Spanned<String>>>,
    /// Per model, column headers only that model's console writes: a file whose header row has
    /// one of them is that model's history (as a code only that model has would say).
    #[serde(default)]
    pub model_headers: BTreeMap<ModelKey, Vec<Spanned<String>>>,
    /// Headers of the column that holds each row's date and time, for `mcauth report`.
    #[serde(default)]
    pub time_columns: Vec<Spanned<String>>,
    /// Headers of the column that holds each row's username, for `mcauth report`.
    #[serde(default)]
    pub user_columns: Vec<Spanned<String>>,
    /// Where a reason's entry in the FAQ is, with `{lang}` for the language and `{id}` for the
    /// reason id: a published URL, or a path in this repository.
    #[serde(default)]
    pub faq_url: Option<Spanned<String>>,
}

/// `[site]`: where the generated pages are published.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// The address `docs/` is published at (`https://example.org/errors/`). When set, every
    /// absolute link uses it: the tool's FAQ links, the reference sheet's URLs, the sitemap,
    /// canonical and alternate-language links. Leave it out while the pages have no address.
    #[serde(default)]
    pub base_url: Option<Spanned<String>>,
}

/// `[models.<key>]`: a product model with its own list of reasons.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// The model's name.
    pub name: Text,
    /// The heading of the model's list of reasons.
    pub heading: Text,
    /// What the code at the end of a reason's message is, for this model.
    pub code_note: Text,
    /// Keys of `[links]` for the whole model.
    #[serde(default)]
    pub links: Vec<Spanned<LinkKey>>,
}

/// `[page]`: the prose around the lists of reasons.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// The heading of the introduction.
    pub intro_heading: Text,
    /// The paragraphs of the introduction, in order.
    pub intro: Vec<Text>,
    /// Keys of `[links]` the introduction points to.
    #[serde(default)]
    pub intro_links: Vec<Spanned<LinkKey>>,
    /// The heading of the administrators' procedure.
    pub procedure_heading: Text,
    /// The paragraph before the procedure's steps.
    pub procedure_intro: Text,
    /// The steps of the procedure, in order.
    pub steps: Vec<PageStep>,
}

/// `[[page.steps]]`: one step of the administrators' procedure.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PageStep {
    /// The step's title.
    pub title: Text,
    /// What to do in this step.
    pub body: Text,
    /// A list under the body, in order.
    #[serde(default)]
    pub items: Vec<Text>,
    /// Notes after the list, in order.
    #[serde(default)]
    pub notes: Vec<Text>,
    /// Keys of `[links]` the step points to.
    #[serde(default)]
    pub links: Vec<Spanned<LinkKey>>,
}

/// `[[reasons]]`: one reason a connection was refused, as one model lists it.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Reason {
    /// A stable slug; links, code and other catalogues refer to the reason by it. It never
    /// changes once published: retire a reason instead of removing it.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$")))]
    pub id: Spanned<ReasonId>,
    /// The key of the model whose list holds this reason.
    pub model: Spanned<ModelKey>,
    /// The numbers that end the message in the access history, as digit strings.
    #[cfg_attr(feature = "schema", schemars(length(min = 1), inner(regex(pattern = r"^[1-9][0-9]{0,8}$"))))]
    pub codes: Spanned<Vec<Spanned<Code>>>,
    /// The key of the side the reason concerns.
    pub side: Spanned<SideKey>,
    /// The keys of the product types the reason concerns; empty for all.
    #[serde(default)]
    pub product_types: Vec<Spanned<ProductTypeKey>>,
    /// The message exactly as the access history shows it, without its trailing code.
    pub message: Text,
    /// What to do, in order.
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    pub remedy: Spanned<Vec<Step>>,
    /// Notes after the remedy, in order.
    #[serde(default)]
    pub notes: Vec<Text>,
    /// Keys of `[links]` the reason points to.
    #[serde(default)]
    pub links: Vec<Spanned<LinkKey>>,
    /// Codes this reason shares with other reasons of its model, each with a note that tells
    /// administrators how to tell the reasons apart. Required for every such code.
    #[serde(default)]
    pub shared_codes: BTreeMap<Code, Text>,
    /// The texts an access history is known to show for this reason, besides its message: the
    /// console's own wording where it differs from ours (the legacy model's English, for one).
    /// Every lookup and `mcauth annotate` recognise the reason by them.
    #[serde(default)]
    pub console: Vec<ConsoleText>,
    /// Present when the reason is no longer recorded: why, and since when. A retired reason
    /// stays in the catalogue and the pages, because links to it exist.
    #[serde(default)]
    pub retired: Option<Text>,
    /// The ids the reason had before it was renamed: the pages keep an anchor for each, so
    /// every link ever published still lands on it.
    #[serde(default)]
    pub renamed_from: Vec<Spanned<ReasonId>>,
}

impl Reason {
    /// The reason's id.
    pub fn id(&self) -> &ReasonId {
        self.id.get_ref()
    }

    /// The key of the reason's model.
    pub fn model(&self) -> &ModelKey {
        self.model.get_ref()
    }

    /// The key of the reason's side.
    pub fn side(&self) -> &SideKey {
        self.side.get_ref()
    }

    /// The reason's codes, in order.
    pub fn codes(&self) -> impl Iterator<Item = &Code> {
        self.codes.get_ref().iter().map(Spanned::get_ref)
    }
}

/// `[[reasons.console]]`: one text an access history shows for a reason, as it shows it.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ConsoleText {
    /// The language the console wrote it in.
    pub lang: Spanned<Lang>,
    /// The text exactly as the access history shows it, without its trailing code.
    pub text: Spanned<String>,
}

/// A declared entry of a keyed table (`[models.neo]`), in the order of the file.
#[derive(Debug, Clone)]
pub struct Keyed<K, T> {
    /// The key, with its place in the file.
    pub key: Spanned<K>,
    /// The entry.
    pub value: T,
}

impl<K, T> Keyed<K, T> {
    /// The key.
    pub fn key(&self) -> &K {
        self.key.get_ref()
    }
}

/// The whole file, decoded but not yet checked for consistency.
#[derive(Debug, Clone)]
pub struct Document {
    /// `[catalogue]`.
    pub meta: Meta,
    /// `[languages.*]`, in the order of the file.
    pub languages: Vec<Keyed<Lang, Language>>,
    /// `[sides.*]`.
    pub sides: Vec<Keyed<SideKey, Named>>,
    /// `[product_types.*]`.
    pub product_types: Vec<Keyed<ProductTypeKey, Named>>,
    /// `[links.*]`.
    pub links: Vec<Keyed<LinkKey, Link>>,
    /// `[sources.*]`.
    pub sources: Vec<Keyed<SourceKey, Source>>,
    /// `[glossary.*]`.
    pub glossary: Vec<Keyed<String, Term>>,
    /// `[models.*]`.
    pub models: Vec<Keyed<ModelKey, Model>>,
    /// `[ui]` labels.
    pub ui: Vec<Keyed<String, Text>>,
    /// `[page]`.
    pub page: Page,
    /// How the administrators' tool reads the access history, when the catalogue says.
    pub access_history: Option<AccessHistory>,
    /// `[site]`: where the pages are published, when they are.
    pub site: Option<Site>,
    /// `[[reasons]]`, in the order of the file.
    pub reasons: Vec<Reason>,
    /// Keys of entries that failed to decode (`models.neo`); references to them are not reported.
    pub(crate) undecoded: Vec<String>,
    /// Did a reason fail to decode? Checks over all reasons (shared codes, unused declarations)
    /// would then report what is merely missing, so they do not run.
    pub(crate) partial: bool,
}

impl Document {
    /// Did every `[[reasons]]` entry decode? Only then is `reasons` the whole list.
    pub fn has_every_reason(&self) -> bool {
        !self.partial
    }
}

/// Where a text is in the catalogue, as diagnostics, `cargo xtask l10n` and PO files name it:
/// `ui.remedy`, `page.steps.1.body`, `neo-viewer-password-mismatch.remedy.2` (numbers count
/// from 1); and how the outputs place it, known from where it is rather than read back from
/// the path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TextPath {
    path: String,
    head: usize,
    one_line: bool,
}

impl TextPath {
    fn new(path: String, one_line: bool) -> TextPath {
        let head = path.find('.').unwrap_or(path.len());
        TextPath { path, head, one_line }
    }

    /// The path as written: `neo-viewer-password-mismatch.remedy.2`.
    pub fn as_str(&self) -> &str {
        &self.path
    }

    /// What holds the text: a table (`ui`, `page`, `models`) or a reason's id.
    pub fn owner(&self) -> &str {
        &self.path[..self.head]
    }

    /// Do the outputs print this text on one line (a message, title, name, term, heading or
    /// label)? Paragraph-like texts (remedy steps, notes, descriptions) may wrap.
    pub fn is_one_line(&self) -> bool {
        self.one_line
    }
}

impl std::fmt::Display for TextPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.path)
    }
}

/// Written as the path.
impl serde::Serialize for TextPath {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.path)
    }
}

impl std::ops::Deref for TextPath {
    type Target = str;

    fn deref(&self) -> &str {
        &self.path
    }
}

/// A path as diagnostics name it, in backquotes, written only when a diagnostic is.
pub(crate) struct Quoted<'a>(pub &'a str);

impl std::fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`", self.0)
    }
}

/// Every text of the document with its path, in the order of the file's sections.
pub fn collect_texts<'d>(doc: &'d Document, out: &mut Vec<(TextPath, &'d Text)>) {
    const LINE: bool = true;
    const PARAGRAPH: bool = false;
    let mut push = |path: String, shape: bool, text: &'d Text| out.push((TextPath::new(path, shape), text));
    push("catalogue.title".into(), LINE, &doc.meta.title);
    let named = doc.sides.iter().map(|e| ("sides", e.key().as_str(), &e.value));
    let named = named.chain(doc.product_types.iter().map(|e| ("product_types", e.key().as_str(), &e.value)));
    for (section, key, entry) in named {
        push(format!("{section}.{key}.name"), LINE, &entry.name);
        if let Some(description) = &entry.description {
            push(format!("{section}.{key}.description"), PARAGRAPH, description);
        }
        if let Some(history_type) = &entry.history_type {
            push(format!("{section}.{key}.history_type"), LINE, history_type);
        }
    }
    for link in &doc.links {
        push(format!("links.{}.title", link.key()), LINE, &link.value.title);
    }
    for source in &doc.sources {
        push(format!("sources.{}.title", source.key()), LINE, &source.value.title);
        if let Some(description) = &source.value.description {
            push(format!("sources.{}.description", source.key()), PARAGRAPH, description);
        }
    }
    for term in &doc.glossary {
        push(format!("glossary.{}.term", term.key()), LINE, &term.value.term);
        push(format!("glossary.{}.definition", term.key()), PARAGRAPH, &term.value.definition);
    }
    for model in &doc.models {
        let m = &model.value;
        push(format!("models.{}.name", model.key()), LINE, &m.name);
        push(format!("models.{}.heading", model.key()), LINE, &m.heading);
        push(format!("models.{}.code_note", model.key()), PARAGRAPH, &m.code_note);
    }
    for ui in &doc.ui {
        push(format!("ui.{}", ui.key()), LINE, &ui.value);
    }
    let page = &doc.page;
    push("page.intro_heading".into(), LINE, &page.intro_heading);
    push("page.procedure_heading".into(), LINE, &page.procedure_heading);
    push("page.procedure_intro".into(), PARAGRAPH, &page.procedure_intro);
    for (n, text) in page.intro.iter().enumerate() {
        push(format!("page.intro.{}", n + 1), PARAGRAPH, text);
    }
    for (n, step) in page.steps.iter().enumerate() {
        let at = format!("page.steps.{}", n + 1);
        push(format!("{at}.title"), LINE, &step.title);
        push(format!("{at}.body"), PARAGRAPH, &step.body);
        step.items.iter().enumerate().for_each(|(i, t)| push(format!("{at}.items.{}", i + 1), PARAGRAPH, t));
        step.notes.iter().enumerate().for_each(|(i, t)| push(format!("{at}.notes.{}", i + 1), PARAGRAPH, t));
    }
    for reason in &doc.reasons {
        let id = reason.id();
        push(format!("{id}.message"), LINE, &reason.message);
        for (n, step) in reason.remedy.get_ref().iter().enumerate() {
            push(format!("{id}.remedy.{}", n + 1), PARAGRAPH, &step.text);
        }
        reason.notes.iter().enumerate().for_each(|(n, t)| push(format!("{id}.notes.{}", n + 1), PARAGRAPH, t));
        for (code, note) in &reason.shared_codes {
            push(format!("{id}.shared_codes.{code}"), PARAGRAPH, note);
        }
        if let Some(note) = &reason.retired {
            push(format!("{id}.retired"), PARAGRAPH, note);
        }
    }
}
