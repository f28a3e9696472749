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
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// The title of the published page.
    pub title: Text,
    /// The language texts are written in first; translations follow it.
    pub source_language: Spanned<String>,
}

/// `[languages.<key>]`: a language every text must be given in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// The language's own name for itself, for language switches ("日本語", "English").
    pub name: Spanned<String>,
}

/// `[sides.<key>]` and `[product_types.<key>]`: a named thing entries refer to by key.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Named {
    pub name: Text,
    #[serde(default)]
    pub description: Option<Text>,
}

/// `[links.<key>]`: a document a text points to; the URL only where it is known.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub title: Text,
    #[serde(default)]
    pub url: Option<Spanned<String>>,
}

/// `[glossary.<key>]`: a word the page uses, with its meaning.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub term: Text,
    pub definition: Text,
}

/// `[models.<key>]`: a product model with its own list of reasons.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub name: Text,
    /// The heading of the model's list of reasons.
    pub heading: Text,
    /// What the code at the end of a reason's message is, for this model.
    pub code_note: Text,
    #[serde(default)]
    pub links: Vec<Spanned<String>>,
}

/// `[page]`: the prose around the lists of reasons.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    pub intro_heading: Text,
    pub intro: Vec<Text>,
    #[serde(default)]
    pub intro_links: Vec<Spanned<String>>,
    pub procedure_heading: Text,
    pub procedure_intro: Text,
    pub steps: Vec<PageStep>,
}

/// `[[page.steps]]`: one step of the administrators' procedure.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageStep {
    pub title: Text,
    pub body: Text,
    #[serde(default)]
    pub items: Vec<Text>,
    #[serde(default)]
    pub notes: Vec<Text>,
    #[serde(default)]
    pub links: Vec<Spanned<String>>,
}

/// `[[reasons]]`: one reason a connection was refused, as one model lists it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reason {
    /// A stable slug; links, code and other catalogues refer to the reason by it.
    pub id: Spanned<String>,
    /// The key of the model whose list holds this reason.
    pub model: Spanned<String>,
    /// The numbers that end the message in the access history, as digit strings.
    pub codes: Spanned<Vec<Spanned<String>>>,
    /// The key of the side the reason concerns.
    pub side: Spanned<String>,
    /// The keys of the product types the reason concerns; empty for all.
    #[serde(default)]
    pub product_types: Vec<Spanned<String>>,
    /// The message exactly as the access history shows it, without its trailing code.
    pub message: Text,
    /// What to do, in order.
    pub remedy: Spanned<Vec<Step>>,
    #[serde(default)]
    pub notes: Vec<Text>,
    #[serde(default)]
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
