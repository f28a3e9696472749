//! The catalogue's data model: serde types that mirror the TOML and reject unknown keys.
//!
//! Nothing here names a product: models, sides, product types, languages and links are
//! declared by the catalogue itself and referred to by their keys.

use std::collections::BTreeMap;

use crate::source::Spanned;
use serde::Deserialize;

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
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub source_language: Spanned<String>,
}

/// `[languages.<key>]`: a language every text must be given in.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// The language's own name for itself, for language switches ("日本語", "English").
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
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
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub url: Option<Spanned<String>>,
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
}

/// `[access_history]`: how the administrators' tool reads the access history the admin console
/// downloads as CSV, and where its annotations point.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AccessHistory {
    /// Headers of the column that holds the authentication result, in every language the
    /// console writes them, most specific first; matched ignoring case and surrounding spaces.
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub result_columns: Vec<Spanned<String>>,
    /// Where a reason's entry in the FAQ is, with `{lang}` for the language and `{id}` for the
    /// reason id: a published URL, or a path in this repository.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
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
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
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
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub links: Vec<Spanned<String>>,
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
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub intro_links: Vec<Spanned<String>>,
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
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub links: Vec<Spanned<String>>,
}

/// `[[reasons]]`: one reason a connection was refused, as one model lists it.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Reason {
    /// A stable slug; links, code and other catalogues refer to the reason by it. It never
    /// changes once published: retire a reason instead of removing it.
    #[cfg_attr(feature = "schema", schemars(with = "String", regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$")))]
    pub id: Spanned<String>,
    /// The key of the model whose list holds this reason.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub model: Spanned<String>,
    /// The numbers that end the message in the access history, as digit strings.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Vec<String>", length(min = 1), inner(regex(pattern = r"^[1-9][0-9]{0,8}$")))
    )]
    pub codes: Spanned<Vec<Spanned<String>>>,
    /// The key of the side the reason concerns.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub side: Spanned<String>,
    /// The keys of the product types the reason concerns; empty for all.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub product_types: Vec<Spanned<String>>,
    /// The message exactly as the access history shows it, without its trailing code.
    pub message: Text,
    /// What to do, in order.
    #[cfg_attr(feature = "schema", schemars(with = "Vec<Step>", length(min = 1)))]
    pub remedy: Spanned<Vec<Step>>,
    /// Notes after the remedy, in order.
    #[serde(default)]
    pub notes: Vec<Text>,
    /// Keys of `[links]` the reason points to.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub links: Vec<Spanned<String>>,
    /// Codes this reason shares with other reasons of its model, each with a note that tells
    /// administrators how to tell the reasons apart. Required for every such code.
    #[serde(default)]
    pub shared_codes: BTreeMap<String, Text>,
    /// Present when the reason is no longer recorded: why, and since when. A retired reason
    /// stays in the catalogue and the pages, because links to it exist.
    #[serde(default)]
    pub retired: Option<Text>,
    /// The ids the reason had before it was renamed: the pages keep an anchor for each, so
    /// every link ever published still lands on it.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub renamed_from: Vec<Spanned<String>>,
}

impl Reason {
    /// The reason's id.
    pub fn id(&self) -> &str {
        self.id.get_ref()
    }

    /// The key of the reason's model.
    pub fn model(&self) -> &str {
        self.model.get_ref()
    }

    /// The key of the reason's side.
    pub fn side(&self) -> &str {
        self.side.get_ref()
    }

    /// The reason's codes, in order.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.codes.get_ref().iter().map(|c| c.get_ref().as_str())
    }
}

/// A declared entry of a keyed table (`[models.neo]`), in the order of the file.
#[derive(Debug, Clone)]
pub struct Keyed<T> {
    /// The key, with its place in the file.
    pub key: Spanned<String>,
    /// The entry.
    pub value: T,
}

impl<T> Keyed<T> {
    /// The key.
    pub fn key(&self) -> &str {
        self.key.get_ref()
    }
}

/// The whole file, decoded but not yet checked for consistency.
#[derive(Debug, Clone)]
pub struct Document {
    /// `[catalogue]`.
    pub meta: Meta,
    /// `[languages.*]`, in the order of the file.
    pub languages: Vec<Keyed<Language>>,
    /// `[sides.*]`.
    pub sides: Vec<Keyed<Named>>,
    /// `[product_types.*]`.
    pub product_types: Vec<Keyed<Named>>,
    /// `[links.*]`.
    pub links: Vec<Keyed<Link>>,
    /// `[glossary.*]`.
    pub glossary: Vec<Keyed<Term>>,
    /// `[models.*]`.
    pub models: Vec<Keyed<Model>>,
    /// `[ui]` labels.
    pub ui: Vec<Keyed<Text>>,
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

/// Every text of the document with its path: `ui.remedy`, `page.steps.1.body`,
/// `neo-viewer-password-mismatch.remedy.2` (numbers count from 1). Paths name texts in
/// diagnostics, in `cargo xtask l10n` and in PO files.
pub fn collect_texts<'d>(doc: &'d Document, out: &mut Vec<(String, &'d Text)>) {
    out.push(("catalogue.title".into(), &doc.meta.title));
    for (section, entries) in [("sides", &doc.sides), ("product_types", &doc.product_types)] {
        for entry in entries {
            out.push((format!("{section}.{}.name", entry.key()), &entry.value.name));
            if let Some(description) = &entry.value.description {
                out.push((format!("{section}.{}.description", entry.key()), description));
            }
        }
    }
    for link in &doc.links {
        out.push((format!("links.{}.title", link.key()), &link.value.title));
    }
    for term in &doc.glossary {
        out.push((format!("glossary.{}.term", term.key()), &term.value.term));
        out.push((format!("glossary.{}.definition", term.key()), &term.value.definition));
    }
    for model in &doc.models {
        let m = &model.value;
        for (field, text) in [("name", &m.name), ("heading", &m.heading), ("code_note", &m.code_note)] {
            out.push((format!("models.{}.{field}", model.key()), text));
        }
    }
    for ui in &doc.ui {
        out.push((format!("ui.{}", ui.key()), &ui.value));
    }
    let page = &doc.page;
    for (field, text) in [
        ("intro_heading", &page.intro_heading),
        ("procedure_heading", &page.procedure_heading),
        ("procedure_intro", &page.procedure_intro),
    ] {
        out.push((format!("page.{field}"), text));
    }
    for (n, text) in page.intro.iter().enumerate() {
        out.push((format!("page.intro.{}", n + 1), text));
    }
    for (n, step) in page.steps.iter().enumerate() {
        let at = format!("page.steps.{}", n + 1);
        out.push((format!("{at}.title"), &step.title));
        out.push((format!("{at}.body"), &step.body));
        step.items.iter().enumerate().for_each(|(i, t)| out.push((format!("{at}.items.{}", i + 1), t)));
        step.notes.iter().enumerate().for_each(|(i, t)| out.push((format!("{at}.notes.{}", i + 1), t)));
    }
    for reason in &doc.reasons {
        let id = reason.id();
        out.push((format!("{id}.message"), &reason.message));
        for (n, step) in reason.remedy.get_ref().iter().enumerate() {
            out.push((format!("{id}.remedy.{}", n + 1), &step.text));
        }
        reason.notes.iter().enumerate().for_each(|(n, t)| out.push((format!("{id}.notes.{}", n + 1), t)));
        for (code, note) in &reason.shared_codes {
            out.push((format!("{id}.shared_codes.{code}"), note));
        }
        if let Some(note) = &reason.retired {
            out.push((format!("{id}.retired"), note));
        }
    }
}
