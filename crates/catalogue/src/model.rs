//! The catalogue's data model: serde types that mirror the TOML and reject unknown keys.
//!
//! Nothing here names a product: models, sides, product types, languages and links are
//! declared by the catalogue itself and referred to by their keys.

use std::collections::BTreeMap;

use crate::source::Spanned;
use serde::Deserialize;

use crate::codes::Code;
use crate::keys::{Lang, LinkKey, ModelKey, ProductTypeKey, ReasonId, SideKey, SourceKey, TermKey};
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
    /// Which version of the catalogue this is: a date (`2026-12-06`) or a number (`1.4`) the
    /// writers set on a release. The pages name it, and `cargo xtask changelog` heads its notes
    /// with it. Letters, digits, `.`, `-` and `+`, at most 40.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(regex(pattern = r"^[0-9A-Za-z][0-9A-Za-z.+-]{0,39}$")))]
    pub version: Option<Spanned<String>>,
}

/// `[languages.<key>]`: a language every text must be given in.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// The language's own name for itself, for language switches ("日本語", "English").
    pub name: Spanned<String>,
    /// A language still being translated: a missing text is a warning (C048) rather than an
    /// error, and its pages show the source text there, marked, and say how complete they are.
    /// A draft language never keeps another language's pages from being generated.
    #[serde(default)]
    pub draft: bool,
    /// The band `[lowest, highest]` a translation's length (in characters, without spaces)
    /// keeps against its source text's; a translation outside it is a warning (C047). Tune it on
    /// the language's own texts; without it a wide band applies.
    #[serde(default)]
    pub length_ratio: Option<Spanned<Vec<f64>>>,
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
    /// Say `url_unknown = true` where no source gives the document's address: the pages then
    /// show its title as text, and `check` knows the address was not forgotten (C037).
    #[serde(default)]
    pub url_unknown: Option<Spanned<bool>>,
}

impl Link {
    /// Does the catalogue declare that the document's address is not known?
    pub fn has_unknown_url(&self) -> bool {
        self.url_unknown.as_ref().is_some_and(|u| *u.get_ref())
    }
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
    /// The language the document is written in: the language of a text that `check` looks
    /// for in `copy`.
    #[serde(default)]
    pub lang: Option<Spanned<Lang>>,
    /// Our copy of the document's text, a path relative to the catalogue file: `check` proves
    /// that every text marked as coming from the document (in its `lang`) is found in it.
    #[serde(default)]
    pub copy: Option<Spanned<String>>,
    /// The copy holds only passages of the document: a text not found in it is reported as
    /// unverifiable rather than as an error.
    #[serde(default)]
    pub excerpt: bool,
    /// Slips in the document that the catalogue writes corrected; each is applied to the copy
    /// before texts are looked for in it, and the pages list it once with the source.
    #[serde(default)]
    pub corrections: Vec<Correction>,
}

/// `[[sources.<key>.corrections]]`: the document writes `found` where `written` is meant.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// The words as the document writes them.
    pub found: Spanned<String>,
    /// The words as the catalogue writes them.
    pub written: Spanned<String>,
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
    /// The folder, relative to the project root, this catalogue's site and sheets are generated
    /// into (`out/other-product`). The project's own catalogue is generated into `docs/`; any
    /// other catalogue must say where its files go (or `generate --out DIR` does), so that two
    /// products never write over each other.
    #[serde(default)]
    pub output: Option<Spanned<String>>,
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

/// `[reference_codes.<key>]`: numbers the user is shown with an error (the vendor's
/// お問い合わせコード), which are not the reason codes of the access history: what the sources
/// say of them, and, for those shown with an authentication error, the page's procedure.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReferenceCodes {
    /// The numbers, as digit strings; none may also be a reason's code.
    #[cfg_attr(feature = "schema", schemars(length(min = 1), inner(regex(pattern = r"^[1-9][0-9]{0,8}$"))))]
    pub codes: Spanned<Vec<Spanned<Code>>>,
    /// Are they shown with an authentication error? Then the outputs give the page's procedure
    /// (`[[page.steps]]`) as what to do.
    #[serde(default)]
    pub authentication: bool,
    /// What the numbers are, as a heading.
    pub title: Text,
    /// What the sources say they mean.
    pub meaning: Text,
    /// Notes after the meaning, in order: what the numbers do not tell, among others.
    #[serde(default)]
    pub notes: Vec<Text>,
    /// Keys of `[links]` for every number of the entry.
    #[serde(default)]
    pub links: Vec<Spanned<LinkKey>>,
    /// Keys of `[links]` for one number only (`293 = ["faq-106"]`).
    #[serde(default)]
    pub code_links: BTreeMap<Code, Vec<Spanned<LinkKey>>>,
}

impl ReferenceCodes {
    /// The numbers, in order.
    pub fn codes(&self) -> impl Iterator<Item = &Code> {
        self.codes.get_ref().iter().map(Spanned::get_ref)
    }
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
    /// What the sources do not say, in order: shown as a box, so that readers do not take a
    /// silence for an answer.
    #[serde(default)]
    pub unknowns: Vec<Text>,
}

/// `[[page.steps]]`: one step of the administrators' procedure.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PageStep {
    /// The step's title.
    pub title: Text,
    /// Who acts in this step (`by = "account-manager"`): the key of a glossary entry naming
    /// them, where the catalogue says.
    #[serde(default)]
    pub by: Option<Spanned<TermKey>>,
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
///
/// Architecture Invariant: the fields are the file as decoded, each with its place, for the
/// checks that report a place; everything outside this crate reads a reason's values through
/// its methods (`id()`, `model()`, `side()`, `codes()`, …), which hide the places.
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
    /// Where the side comes from, when the message does not name it: `"ours"` where it is our
    /// reading, or a source's key. Readers are told, as for a text.
    #[serde(default)]
    pub side_source: Option<Spanned<SourceKey>>,
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
    pub glossary: Vec<Keyed<TermKey, Term>>,
    /// `[reference_codes.*]`.
    pub reference_codes: Vec<Keyed<String, ReferenceCodes>>,
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
    shape: Shape,
}

impl TextPath {
    fn new(path: String, shape: Shape) -> TextPath {
        let head = path.find('.').unwrap_or(path.len());
        TextPath { path, head, shape }
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
        self.shape.one_line
    }

    /// Is the text content whose origin readers are told (a step, a note, a message, the
    /// page's prose), rather than a label, name, term or title of the catalogue's own? Content
    /// without a `source` is the transcribed page's, word for word.
    pub fn is_content(&self) -> bool {
        self.shape.content
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
pub(crate) struct Quoted<T>(pub T);

impl<T: std::fmt::Display> std::fmt::Display for Quoted<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`", self.0)
    }
}

/// Where a text is, in its parts: written out as its [`TextPath`] only when asked, since the
/// checks visit every text and name almost none.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place<'d> {
    parts: [Part<'d>; 5],
    len: usize,
}

#[derive(Debug, Clone, Copy)]
enum Part<'d> {
    Name(&'d str),
    /// Counted from 1.
    Number(usize),
}

impl<'d> Place<'d> {
    fn of(parts: &[Part<'d>]) -> Place<'d> {
        let mut place = Place { parts: [Part::Number(0); 5], len: parts.len() };
        place.parts[..parts.len()].copy_from_slice(parts);
        place
    }
}

impl std::fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (n, part) in self.parts[..self.len].iter().enumerate() {
            if n > 0 {
                f.write_str(".")?;
            }
            match part {
                Part::Name(name) => f.write_str(name)?,
                Part::Number(number) => write!(f, "{number}")?,
            }
        }
        Ok(())
    }
}

/// Every text of the document with its path, in the order of the file's sections.
pub fn collect_texts<'d>(doc: &'d Document, out: &mut Vec<(TextPath, &'d Text)>) {
    visit_texts(doc, |place, shape, text| out.push((TextPath::new(place.to_string(), shape), text)));
}

/// How the outputs place a text, and whether readers are told where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Shape {
    /// Printed on one line: a message, title, name, term, heading or label.
    pub one_line: bool,
    /// Content whose origin readers are told (a step, a note, a message, the page's prose):
    /// without a `source`, it is the transcribed page's, word for word. Labels, names, terms
    /// and what the catalogue says of its own sources are the catalogue's own words.
    pub content: bool,
}

/// A label, name, term or title of the catalogue's own.
const LABEL: Shape = Shape { one_line: true, content: false };
/// A line of content: a message, a heading of the page.
const LINE: Shape = Shape { one_line: true, content: true };
/// A paragraph of content: a step, a note, a description.
const PARAGRAPH: Shape = Shape { one_line: false, content: true };
/// A paragraph the catalogue says of itself (a source's description).
const ABOUT: Shape = Shape { one_line: false, content: false };

/// Every text of the document with where it is and how the outputs place it, in the order of
/// the file's sections.
pub(crate) fn visit_texts<'d>(doc: &'d Document, mut visit: impl FnMut(Place<'d>, Shape, &'d Text)) {
    use Part::{Name as N, Number as Nth};
    let mut push = |parts: &[Part<'d>], shape: Shape, text: &'d Text| visit(Place::of(parts), shape, text);
    push(&[N("catalogue"), N("title")], LABEL, &doc.meta.title);
    let named = doc.sides.iter().map(|e| ("sides", e.key().as_str(), &e.value));
    let named = named.chain(doc.product_types.iter().map(|e| ("product_types", e.key().as_str(), &e.value)));
    for (section, key, entry) in named {
        push(&[N(section), N(key), N("name")], LABEL, &entry.name);
        if let Some(description) = &entry.description {
            push(&[N(section), N(key), N("description")], PARAGRAPH, description);
        }
        if let Some(history_type) = &entry.history_type {
            push(&[N(section), N(key), N("history_type")], LABEL, history_type);
        }
    }
    for link in &doc.links {
        push(&[N("links"), N(link.key().as_str()), N("title")], LABEL, &link.value.title);
    }
    for source in &doc.sources {
        push(&[N("sources"), N(source.key().as_str()), N("title")], LABEL, &source.value.title);
        if let Some(description) = &source.value.description {
            push(&[N("sources"), N(source.key().as_str()), N("description")], ABOUT, description);
        }
    }
    for term in &doc.glossary {
        push(&[N("glossary"), N(term.key().as_str()), N("term")], LABEL, &term.value.term);
        push(&[N("glossary"), N(term.key().as_str()), N("definition")], PARAGRAPH, &term.value.definition);
    }
    for entry in &doc.reference_codes {
        let (key, r) = (N(entry.key()), &entry.value);
        push(&[N("reference_codes"), key, N("title")], LABEL, &r.title);
        push(&[N("reference_codes"), key, N("meaning")], PARAGRAPH, &r.meaning);
        for (n, t) in r.notes.iter().enumerate() {
            push(&[N("reference_codes"), key, N("notes"), Nth(n + 1)], PARAGRAPH, t);
        }
    }
    for model in &doc.models {
        let m = &model.value;
        push(&[N("models"), N(model.key().as_str()), N("name")], LABEL, &m.name);
        push(&[N("models"), N(model.key().as_str()), N("heading")], LINE, &m.heading);
        push(&[N("models"), N(model.key().as_str()), N("code_note")], PARAGRAPH, &m.code_note);
    }
    for ui in &doc.ui {
        push(&[N("ui"), N(ui.key())], LABEL, &ui.value);
    }
    let page = &doc.page;
    push(&[N("page"), N("intro_heading")], LINE, &page.intro_heading);
    push(&[N("page"), N("procedure_heading")], LINE, &page.procedure_heading);
    push(&[N("page"), N("procedure_intro")], PARAGRAPH, &page.procedure_intro);
    for (n, text) in page.intro.iter().enumerate() {
        push(&[N("page"), N("intro"), Nth(n + 1)], PARAGRAPH, text);
    }
    for (n, step) in page.steps.iter().enumerate() {
        let at = [N("page"), N("steps"), Nth(n + 1)];
        push(&[at[0], at[1], at[2], N("title")], LINE, &step.title);
        push(&[at[0], at[1], at[2], N("body")], PARAGRAPH, &step.body);
        for (i, t) in step.items.iter().enumerate() {
            push(&[at[0], at[1], at[2], N("items"), Nth(i + 1)], PARAGRAPH, t);
        }
        for (i, t) in step.notes.iter().enumerate() {
            push(&[at[0], at[1], at[2], N("notes"), Nth(i + 1)], PARAGRAPH, t);
        }
    }
    for (n, text) in page.unknowns.iter().enumerate() {
        push(&[N("page"), N("unknowns"), Nth(n + 1)], PARAGRAPH, text);
    }
    for reason in &doc.reasons {
        let id = N(reason.id().as_str());
        push(&[id, N("message")], LINE, &reason.message);
        for (n, step) in reason.remedy.get_ref().iter().enumerate() {
            push(&[id, N("remedy"), Nth(n + 1)], PARAGRAPH, &step.text);
        }
        for (n, t) in reason.notes.iter().enumerate() {
            push(&[id, N("notes"), Nth(n + 1)], PARAGRAPH, t);
        }
        for (code, note) in &reason.shared_codes {
            push(&[id, N("shared_codes"), N(code.as_str())], PARAGRAPH, note);
        }
        if let Some(note) = &reason.retired {
            push(&[id, N("retired")], PARAGRAPH, note);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The paths as they were written before [`Place`]: each formatted at once.
    fn formatted_paths(doc: &Document) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        let mut push = |path: String, one_line: bool| out.push((path, one_line));
        push("catalogue.title".into(), true);
        let named = doc.sides.iter().map(|e| ("sides", e.key().as_str(), &e.value));
        let named = named.chain(doc.product_types.iter().map(|e| ("product_types", e.key().as_str(), &e.value)));
        for (section, key, entry) in named {
            push(format!("{section}.{key}.name"), true);
            if entry.description.is_some() {
                push(format!("{section}.{key}.description"), false);
            }
            if entry.history_type.is_some() {
                push(format!("{section}.{key}.history_type"), true);
            }
        }
        for link in &doc.links {
            push(format!("links.{}.title", link.key()), true);
        }
        for source in &doc.sources {
            push(format!("sources.{}.title", source.key()), true);
            if source.value.description.is_some() {
                push(format!("sources.{}.description", source.key()), false);
            }
        }
        for term in &doc.glossary {
            push(format!("glossary.{}.term", term.key()), true);
            push(format!("glossary.{}.definition", term.key()), false);
        }
        for entry in &doc.reference_codes {
            push(format!("reference_codes.{}.title", entry.key()), true);
            push(format!("reference_codes.{}.meaning", entry.key()), false);
            (0..entry.value.notes.len())
                .for_each(|i| push(format!("reference_codes.{}.notes.{}", entry.key(), i + 1), false));
        }
        for model in &doc.models {
            push(format!("models.{}.name", model.key()), true);
            push(format!("models.{}.heading", model.key()), true);
            push(format!("models.{}.code_note", model.key()), false);
        }
        for ui in &doc.ui {
            push(format!("ui.{}", ui.key()), true);
        }
        push("page.intro_heading".into(), true);
        push("page.procedure_heading".into(), true);
        push("page.procedure_intro".into(), false);
        for n in 0..doc.page.intro.len() {
            push(format!("page.intro.{}", n + 1), false);
        }
        for (n, step) in doc.page.steps.iter().enumerate() {
            let at = format!("page.steps.{}", n + 1);
            push(format!("{at}.title"), true);
            push(format!("{at}.body"), false);
            (0..step.items.len()).for_each(|i| push(format!("{at}.items.{}", i + 1), false));
            (0..step.notes.len()).for_each(|i| push(format!("{at}.notes.{}", i + 1), false));
        }
        for n in 0..doc.page.unknowns.len() {
            push(format!("page.unknowns.{}", n + 1), false);
        }
        for reason in &doc.reasons {
            let id = reason.id();
            push(format!("{id}.message"), true);
            (0..reason.remedy.get_ref().len()).for_each(|n| push(format!("{id}.remedy.{}", n + 1), false));
            (0..reason.notes.len()).for_each(|n| push(format!("{id}.notes.{}", n + 1), false));
            for code in reason.shared_codes.keys() {
                push(format!("{id}.shared_codes.{code}"), false);
            }
            if reason.retired.is_some() {
                push(format!("{id}.retired"), false);
            }
        }
        out
    }

    #[test]
    fn every_text_is_visited_under_the_path_it_had_when_paths_were_formatted_at_once() {
        let catalogues = [
            include_str!("../../../catalogue/auth-errors.toml"),
            include_str!("../tests/fixtures/other-product.toml"),
            include_str!("../../../xtask/tests/fixtures/catalogue.toml"),
        ];
        let mut shapes = Vec::new();
        for text in catalogues {
            let source = crate::SourceFile::new("c.toml", text);
            let (Some(doc), _) = crate::load_document(&source) else { panic!("the catalogue decodes") };
            let mut visited = Vec::new();
            collect_texts(&doc, &mut visited);
            let visited: Vec<(String, bool)> =
                visited.iter().map(|(path, _)| (path.as_str().to_string(), path.is_one_line())).collect();
            let expected = formatted_paths(&doc);
            assert_eq!(visited, expected);
            shapes.extend(expected.into_iter().map(|(path, _)| path));
        }
        // The fixtures hold the paths with numbers and keys in them, to compare.
        for shape in [".remedy.", "page.steps.", ".shared_codes.", ".notes."] {
            assert!(shapes.iter().any(|p| p.contains(shape)), "no path with {shape}");
        }
    }
}
