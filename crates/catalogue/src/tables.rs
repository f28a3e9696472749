//! The catalogue's message tables compiled into code: a typed constant per reason and per code.
//!
//! The data is in `generated/tables.rs`, written by `cargo xtask generate` from the catalogue
//! and checked fresh by `cargo xtask check`. This module is behind the `tables` feature, which
//! the generator itself never enables, so that a stale or broken generated file cannot stop the
//! generator from building and rewriting it.

use std::fmt;

/// A code: the number at the end of a reason's message in the access history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Code(pub u32);

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A reason as compiled in: its id, model, codes and message in each language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reason {
    /// The reason's id.
    pub id: &'static str,
    /// The key of its model.
    pub model: &'static str,
    /// Its codes.
    pub codes: &'static [Code],
    /// The message in each of [`LANGUAGES`], in that order.
    pub messages: &'static [&'static str],
}

impl Reason {
    /// The message in a language, if the catalogue has that language.
    pub fn message(&self, lang: &str) -> Option<&'static str> {
        LANGUAGES.iter().position(|&l| l == lang).and_then(|i| self.messages.get(i).copied())
    }
}

/// The reason with this id.
pub fn reason(id: &str) -> Option<&'static Reason> {
    REASONS.iter().find(|r| r.id == id)
}

/// Every reason that carries `code` in the list of `model`.
pub fn reasons_with_code(model: &str, code: Code) -> impl Iterator<Item = &'static Reason> + '_ {
    REASONS.iter().filter(move |r| r.model == model && r.codes.contains(&code))
}

#[rustfmt::skip]
#[path = "generated/tables.rs"]
mod generated;

pub use generated::*;
