//! The catalogue of error reasons: its typed model, the loader that reports every problem with
//! file, line and column, and lookups by id, code and message.
//!
//! The crate knows the shape of a catalogue, never its content: models, sides, product types,
//! languages and links are all declared by the TOML file, so another product's catalogue loads
//! without a code change.

#![deny(missing_docs)]

pub mod anchors;
mod checks;
pub mod codes;
mod de;
mod decode;
mod diagnostic;
pub mod fingerprint;
mod keys;
mod lint;
mod load;
pub mod lookup;
pub mod markup;
mod model;
mod normal;
mod parity;
mod parsed;
pub mod present;
#[cfg(feature = "schema")]
pub mod schema;
pub mod site;
mod source;
mod split;
mod style;
pub mod suggest;
pub mod terminal;
mod text;
mod validate;

#[cfg(feature = "tables")]
pub mod tables;

pub use checks::Check;
pub use codes::Code;
pub use diagnostic::{Diagnostic, Problems, Severity};
pub use keys::{Lang, LinkKey, ModelKey, ProductTypeKey, ReasonId, SideKey, SourceKey, TermKey};
pub use load::{Unloaded, load, load_checked, load_document, load_parsed, load_source, read};
pub use model::{
    AccessHistory, ConsoleText, Correction, Document, Keyed, Language, Link, Meta, Model, Named, Page, PageStep,
    Reason, ReferenceCodes, Site, Source, Term, TextPath, collect_texts,
};
pub use source::Spanned;
pub use source::{Position, SourceFile};
pub use text::{Step, Text};
pub use validate::is_slug;

/// A catalogue that loaded without problems, with its lookup indexes.
#[derive(Debug, Clone)]
pub struct Catalogue {
    source: SourceFile,
    doc: Document,
    index: lookup::Index,
    warnings: Problems,
    /// The tape of the text's parse in its parts, when the load recorded it.
    tape: Option<Vec<Vec<u8>>>,
}

impl Catalogue {
    /// The catalogue of a document checked without error, with its index when it was built
    /// already, its warnings, and the tape of its parse when the load recorded it.
    pub(crate) fn from_checked(
        source: SourceFile,
        doc: Document,
        index: Option<lookup::Index>,
        warnings: Problems,
        tape: Option<Vec<Vec<u8>>>,
    ) -> Self {
        let index = index.unwrap_or_else(|| lookup::Index::new(&doc));
        Self { source, doc, index, warnings, tape }
    }

    /// The catalogue of a document that [`load_document`] decoded, unless its problems include
    /// an error; the warnings are kept.
    pub fn from_document(source: SourceFile, document: Option<Document>, problems: Problems) -> Result<Self, Problems> {
        match document {
            Some(document) if problems.errors() == 0 => {
                Ok(Catalogue::from_checked(source, document, None, problems, None))
            }
            _ => Err(problems),
        }
    }

    /// The catalogue's parse, saved: its TOML tree as a tape of spans into its text, which
    /// [`load_parsed`] reads back instead of parsing the same text again; in parts, to be
    /// written one after the other (a large catalogue's groups of entries each wrote one).
    /// Recorded by the load (about a seventh of the text's size); for a catalogue made from a
    /// document, taken from the text now.
    pub fn parsed(&self) -> std::borrow::Cow<'_, [Vec<u8>]> {
        match &self.tape {
            Some(tape) => std::borrow::Cow::Borrowed(tape),
            None => std::borrow::Cow::Owned(load::tape_of(self.source.text())),
        }
    }

    /// The warnings found while loading (a catalogue with errors does not load).
    pub fn warnings(&self) -> &Problems {
        &self.warnings
    }

    /// The catalogue file's text, for diagnostics and span edits.
    pub fn source(&self) -> &SourceFile {
        &self.source
    }

    /// The decoded document.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The declared language keys, source language first, then in the order of the file.
    pub fn languages(&self) -> Vec<&Lang> {
        let source = self.doc.meta.source_language.get_ref();
        std::iter::once(source).chain(self.doc.languages.iter().map(Keyed::key).filter(|&k| k != source)).collect()
    }

    /// A declared language, by key.
    pub fn language(&self, key: &Lang) -> Option<&Language> {
        self.doc.languages.iter().find(|l| l.key() == key).map(|l| &l.value)
    }

    /// The models, in the order of the file.
    pub fn models(&self) -> &[Keyed<ModelKey, Model>] {
        &self.doc.models
    }

    /// A model, by key.
    pub fn model(&self, key: &ModelKey) -> Option<&Model> {
        self.doc.models.iter().find(|m| m.key() == key).map(|m| &m.value)
    }

    /// Every reason, in the order of the file.
    pub fn reasons(&self) -> &[Reason] {
        &self.doc.reasons
    }

    /// The reasons of one model, in the model's order.
    pub fn reasons_of<'a>(&'a self, model: &'a ModelKey) -> impl Iterator<Item = &'a Reason> {
        self.doc.reasons.iter().filter(move |r| r.model() == model)
    }

    /// A side, by key. Keys are typed: a model's key is no side's, and does not compile here.
    ///
    /// ```compile_fail
    /// fn side_of_model(catalogue: &catalogue::Catalogue, reason: &catalogue::Reason) {
    ///     catalogue.side(reason.model());
    /// }
    /// ```
    pub fn side(&self, key: &SideKey) -> Option<&Named> {
        self.doc.sides.iter().find(|s| s.key() == key).map(|s| &s.value)
    }

    /// A product type, by key.
    pub fn product_type(&self, key: &ProductTypeKey) -> Option<&Named> {
        self.doc.product_types.iter().find(|s| s.key() == key).map(|s| &s.value)
    }

    /// A link, by key.
    pub fn link(&self, key: &LinkKey) -> Option<&Link> {
        self.doc.links.iter().find(|s| s.key() == key).map(|s| &s.value)
    }

    /// The declared sources, in the order of the file.
    pub fn sources(&self) -> &[Keyed<SourceKey, Source>] {
        &self.doc.sources
    }

    /// A declared source, by key.
    pub fn source_of(&self, key: &SourceKey) -> Option<&Source> {
        self.doc.sources.iter().find(|s| s.key() == key).map(|s| &s.value)
    }

    /// The source the catalogue transcribes (`[catalogue] source`): what comes from it is
    /// shown without a mark.
    pub fn primary_source(&self) -> Option<&SourceKey> {
        self.doc.meta.source.as_ref().map(Spanned::get_ref)
    }

    /// The side whose access-history [Type] value, in any language, is `value` (ignoring case and
    /// surrounding spaces).
    pub fn side_of_type(&self, value: &str) -> Option<&SideKey> {
        let value = value.trim();
        self.doc.sides.iter().find_map(|side| {
            let names = side.value.history_type.as_ref()?;
            names.entries.iter().any(|(_, v)| v.get_ref().trim().eq_ignore_ascii_case(value)).then_some(side.key())
        })
    }

    /// The language of a file's header row: the one whose listed headers
    /// (`[access_history] headers`) the row has most of, when one has more than every other.
    pub fn header_language(&self, header: &[String]) -> Option<&Lang> {
        let listed = &self.access_history()?.headers;
        let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
        let mut counts: Vec<(usize, &Lang)> = listed
            .iter()
            .map(|(lang, names)| (header.iter().filter(|h| names.iter().any(|n| same(h, n.get_ref()))).count(), lang))
            .filter(|&(n, _)| n > 0)
            .collect();
        counts.sort_by_key(|&(n, _)| std::cmp::Reverse(n));
        match counts.as_slice() {
            [(_, lang)] => Some(lang),
            [(first, lang), (second, _), ..] if first > second => Some(lang),
            _ => None,
        }
    }

    /// The model a file's header row belongs to: the one model whose listed headers
    /// (`[access_history] model_headers`) the row has, with the first such header; `None` when
    /// no model's or several models' are there.
    pub fn header_model<'h>(&self, header: &'h [String]) -> Option<(&ModelKey, &'h str)> {
        let listed = &self.access_history()?.model_headers;
        let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
        let mut found = listed.iter().filter_map(|(model, names)| {
            header.iter().find(|h| names.iter().any(|n| same(h, n.get_ref()))).map(|h| (model, h.as_str()))
        });
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// How the administrators' tool reads the access history, if the catalogue says.
    pub fn access_history(&self) -> Option<&AccessHistory> {
        self.doc.access_history.as_ref()
    }

    /// The address the pages are published at, ending in `/`, when the catalogue says.
    pub fn site_url(&self) -> Option<String> {
        let url = self.doc.site.as_ref()?.base_url.as_ref()?.get_ref();
        Some(if url.ends_with('/') { url.clone() } else { format!("{url}/") })
    }

    /// The output folder the catalogue declares (`[site] output`), relative to the project.
    pub fn declared_output(&self) -> Option<&str> {
        self.doc.site.as_ref()?.output.as_ref().map(|o| o.get_ref().as_str())
    }

    /// The output folder its files are generated into: the one it declares, else the project's
    /// own, `docs`.
    pub fn output_root(&self) -> &str {
        self.declared_output().unwrap_or(crate::site::DEFAULT_ROOT)
    }

    /// A page's address: under the published address when there is one, else `relative` as
    /// given (a path relative to `docs/`).
    pub fn page_url(&self, relative: &str) -> String {
        match self.site_url() {
            Some(base) => format!("{base}{relative}"),
            None => relative.to_string(),
        }
    }

    /// The reference codes (numbers the user is shown), in the order of the file.
    pub fn reference_codes(&self) -> &[Keyed<String, ReferenceCodes>] {
        &self.doc.reference_codes
    }

    /// The entry of `[reference_codes]` that lists `code`, if one does.
    pub fn reference_code(&self, code: &str) -> Option<&Keyed<String, ReferenceCodes>> {
        self.doc.reference_codes.iter().find(|e| e.value.codes().any(|c| c == code))
    }

    /// A glossary entry, by key.
    pub fn term(&self, key: &TermKey) -> Option<&Term> {
        self.doc.glossary.iter().find(|g| g.key() == key).map(|g| &g.value)
    }

    /// A UI string (a heading or label the outputs print).
    pub fn ui(&self, key: &str) -> Option<&Text> {
        self.doc.ui.iter().find(|s| s.key() == key).map(|s| &s.value)
    }
}
