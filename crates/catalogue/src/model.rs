//! The catalogue's data model: serde types that mirror the TOML and reject unknown keys.
//!
//! Nothing here names a product: models, sides, product types, languages and links are
//! declared by the catalogue itself and referred to by their keys.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

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
}

impl Reason {
    pub fn id(&self) -> &str {
        self.id.get_ref()
    }

    pub fn model(&self) -> &str {
        self.model.get_ref()
    }

    pub fn side(&self) -> &str {
        self.side.get_ref()
    }

    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.codes.get_ref().iter().map(|c| c.get_ref().as_str())
    }
}

/// A declared entry of a keyed table (`[models.neo]`), in the order of the file.
#[derive(Debug, Clone)]
pub struct Keyed<T> {
    pub key: Spanned<String>,
    pub value: T,
}

impl<T> Keyed<T> {
    pub fn key(&self) -> &str {
        self.key.get_ref()
    }
}
