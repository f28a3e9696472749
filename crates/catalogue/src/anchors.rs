//! The page's anchors: one per reason (its id), one per code, and one per section.
//!
//! Reason ids are slugs that may not start with a reserved prefix, so no anchor collides.

/// The anchor of the page's top.
pub const TOP: &str = "top";
/// The anchor of the introduction.
pub const INTRO: &str = "intro";
/// The anchor of the administrators' procedure.
pub const PROCEDURE: &str = "procedure";
/// The anchor of the code index.
pub const CODE_INDEX: &str = "code-index";
/// The anchor of the glossary.
pub const GLOSSARY: &str = "glossary";
/// The anchor of the list of sources.
pub const SOURCES: &str = "sources";
/// The anchor of the reference codes (the numbers users are shown).
pub const REFERENCE_CODES: &str = "reference-codes";
/// The anchor of what the sources do not say.
pub const UNKNOWNS: &str = "unknowns";

/// What every code's anchor starts with.
pub const CODE_PREFIX: &str = "code-";

/// The anchor of a code: on its reason when it labels one, on its index row when several.
pub fn code(code: &str) -> String {
    format!("{CODE_PREFIX}{code}")
}

/// The anchor of an entry of `[reference_codes]`.
pub fn reference(key: &str) -> String {
    format!("reference-{key}")
}

/// The anchor of a model's list of reasons.
pub fn model(key: &str) -> String {
    format!("model-{key}")
}

/// Anchors the pages use for their own sections; no reason id may take one.
pub const SECTIONS: &[&str] = &[TOP, INTRO, PROCEDURE, CODE_INDEX, GLOSSARY, SOURCES, REFERENCE_CODES, UNKNOWNS];

/// Prefixes of generated anchors; no reason id may start with one.
pub const RESERVED_PREFIXES: &[&str] = &["code-", "model-", "reference-"];

/// The catalogue's top-level tables; text paths start with them, so no reason id may be one.
pub const TABLES: &[&str] = &[
    "catalogue",
    "languages",
    "ui",
    "page",
    "models",
    "sides",
    "product_types",
    "glossary",
    "reference_codes",
    "links",
    "sources",
    "access_history",
    "site",
    "reasons",
];

/// Does a reason id collide with an anchor the pages make, or with a text path's first part?
pub fn is_reserved(id: &str) -> bool {
    SECTIONS.contains(&id) || TABLES.contains(&id) || RESERVED_PREFIXES.iter().any(|p| id.starts_with(p))
}
